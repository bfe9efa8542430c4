//! Per-rule severity overrides: what `--allow`, `--warn` and `--deny` do.

use crate::check::FileReport;
use crate::{Rule, Severity, rules};

/// What to do with a rule's findings instead of its default severity.
///
/// ```
/// use runner_config::Severity;
/// use runner_config::check::check;
/// use runner_config::report::{Level, Overrides, lookup_rule};
///
/// // `--deny unknown-key`: a misspelt key fails the check.
/// let mut overrides = Overrides::default();
/// overrides.set(lookup_rule("unknown-key").unwrap(), Level::Deny);
/// let mut report = check("config.toml", "concurent = 4\n");
/// assert_eq!(report.diagnostics[0].severity(), Severity::Warning);
/// overrides.apply(&mut report);
/// assert_eq!(report.diagnostics[0].severity(), Severity::Error);
/// assert_eq!(overrides.level("unknown-key"), Some(Level::Deny));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    /// Drop them.
    Allow,
    /// Report them as warnings.
    Warn,
    /// Report them as errors.
    Deny,
}

/// Severity overrides by rule, applied to reports before they are written.
///
/// ```
/// use runner_config::check::check;
/// use runner_config::report::{Level, Overrides, lookup_rule};
///
/// let mut overrides = Overrides::default();
/// overrides.set(lookup_rule("syntax-error").unwrap(), Level::Warn);
/// let mut report = check("config.toml", "concurrent = \n");
/// overrides.apply(&mut report);
/// assert_eq!(report.diagnostics[0].severity(), runner_config::Severity::Warning);
///
/// overrides.set(lookup_rule("syntax-error").unwrap(), Level::Allow);
/// overrides.apply(&mut report);
/// assert!(report.diagnostics.is_empty());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    levels: Vec<(&'static str, Level)>,
}

impl Overrides {
    /// Sets the level of `rule`'s findings, replacing an earlier setting
    /// for the same rule: as with compiler lint flags, the last one given
    /// wins.
    pub fn set(&mut self, rule: &'static Rule, level: Level) {
        self.levels.retain(|(code, _)| *code != rule.code);
        self.levels.push((rule.code, level));
    }

    /// The level set for the rule with this code, if any.
    pub fn level(&self, code: &str) -> Option<Level> {
        self.levels
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, level)| *level)
    }

    /// Drops or re-grades `report`'s findings as set.
    pub fn apply(&self, report: &mut FileReport) {
        if self.levels.is_empty() {
            return;
        }
        report.diagnostics = std::mem::take(&mut report.diagnostics)
            .into_iter()
            .filter_map(|d| match self.level(d.code()) {
                None => Some(d),
                Some(Level::Allow) => None,
                Some(Level::Warn) => Some(d.with_severity(Severity::Warning)),
                Some(Level::Deny) => Some(d.with_severity(Severity::Error)),
            })
            .collect();
    }
}

/// A rule code that no rule has.
///
/// ```
/// use runner_config::report::{UnknownCode, lookup_rule};
///
/// let err: UnknownCode = lookup_rule("unknown-keys").unwrap_err();
/// assert_eq!(err.code(), "unknown-keys");
/// assert_eq!(err.suggestion(), Some("unknown-key"));
/// assert_eq!(err.to_string(), "unknown rule code `unknown-keys`; did you mean `unknown-key`?");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown rule code `{code}`{}", hint(.suggestion))]
pub struct UnknownCode {
    code: String,
    suggestion: Option<&'static str>,
}

impl UnknownCode {
    /// The code as given.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The existing code closest to it, if one is close enough to be what
    /// was meant.
    pub fn suggestion(&self) -> Option<&'static str> {
        self.suggestion
    }
}

fn hint(suggestion: &Option<&'static str>) -> String {
    match suggestion {
        Some(code) => format!("; did you mean `{code}`?"),
        None => "; `runner-config rules` lists them all".to_owned(),
    }
}

/// The rule with this code, or an error that suggests the closest one,
/// for codes typed by people (`--deny CODE`, `rules CODE`).
///
/// ```
/// use runner_config::report::lookup_rule;
///
/// assert_eq!(lookup_rule("syntax-error").unwrap().code, "syntax-error");
/// let error = lookup_rule("syntax_eror").unwrap_err();
/// assert_eq!(error.suggestion(), Some("syntax-error"));
/// assert_eq!(error.to_string(), "unknown rule code `syntax_eror`; did you mean `syntax-error`?");
/// ```
pub fn lookup_rule(code: &str) -> Result<&'static Rule, UnknownCode> {
    rules::find(code).ok_or_else(|| UnknownCode {
        code: code.to_owned(),
        suggestion: crate::suggest::did_you_mean(code, rules::all().map(|rule| rule.code)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check;

    fn rule(code: &str) -> &'static Rule {
        rules::find(code).expect("a known rule")
    }

    #[test]
    fn last_setting_wins() {
        let mut overrides = Overrides::default();
        overrides.set(rule("syntax-error"), Level::Allow);
        overrides.set(rule("unknown-key"), Level::Deny);
        overrides.set(rule("syntax-error"), Level::Warn);
        assert_eq!(overrides.level("syntax-error"), Some(Level::Warn));
        assert_eq!(overrides.level("unknown-key"), Some(Level::Deny));
        assert_eq!(overrides.level("config-file-permissions"), None);
    }

    #[test]
    fn deny_raises_and_others_are_untouched() {
        let mut overrides = Overrides::default();
        overrides.set(rule("syntax-error"), Level::Warn);
        overrides.set(rule("syntax-error"), Level::Deny);
        overrides.set(rule("unknown-key"), Level::Allow);
        let mut report = check("x", "concurrent = \n");
        let before = report.diagnostics.clone();
        overrides.apply(&mut report);
        assert_eq!(report.diagnostics, before);
    }

    #[test]
    fn unknown_codes_suggest_or_point_to_the_list() {
        let far = lookup_rule("no-such-thing").unwrap_err();
        assert_eq!(far.code(), "no-such-thing");
        assert_eq!(far.suggestion(), None);
        assert_eq!(
            far.to_string(),
            "unknown rule code `no-such-thing`; `runner-config rules` lists them all"
        );
        assert_eq!(
            lookup_rule("Unknown-Key").unwrap_err().suggestion(),
            Some("unknown-key")
        );
    }
}
