//! Per-rule severity overrides: what `--allow`, `--warn` and `--deny` do.
//!
//! A finding that means GitLab Runner refuses to load the file (an error
//! whose rule's [`Stage`] is [`Stage::Load`]) cannot be dropped or made a
//! warning: a
//! passing check of a file the runner cannot load would be a lie. Findings
//! about start-up, polling and jobs may be, as the user sees fit.

use crate::check::FileReport;
use crate::{Rule, Severity, Stage, rules};

/// What to do with a rule's findings instead of its default severity.
///
/// ```
/// use runner_config::Severity;
/// use runner_config::check::check;
/// use runner_config::report::{Level, Overrides, lookup_rule};
///
/// // `--deny unknown-key`: a misspelt key fails the check.
/// let mut overrides = Overrides::default();
/// overrides.set(lookup_rule("unknown-key").unwrap(), Level::Deny).unwrap();
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
/// use runner_config::Severity;
/// use runner_config::check::check;
/// use runner_config::report::{Level, Overrides, lookup_rule};
///
/// let text = "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\npull_policy = \"Always\"\n";
/// let mut overrides = Overrides::default();
/// overrides.set(lookup_rule("kubernetes-pull-policy-name").unwrap(), Level::Warn).unwrap();
/// let mut report = check("config.toml", text);
/// overrides.apply(&mut report);
/// let finding = report.diagnostics.iter().find(|d| d.code() == "kubernetes-pull-policy-name");
/// assert_eq!(finding.map(|d| d.severity()), Some(Severity::Warning));
///
/// // A file the runner refuses to load cannot pass.
/// let refused = overrides.set(lookup_rule("syntax-error").unwrap(), Level::Allow).unwrap_err();
/// assert_eq!(refused.to_string(),
///            "`syntax-error` cannot be allowed: GitLab Runner refuses to load a file \
///             with this finding, so it always fails the check");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    levels: Vec<(&'static str, Level)>,
}

impl Overrides {
    /// Sets the level of `rule`'s findings, replacing an earlier setting
    /// for the same rule: as with compiler lint flags, the last one given
    /// wins.
    ///
    /// # Errors
    ///
    /// [`Level::Allow`] and [`Level::Warn`] are refused for a rule whose
    /// findings mean the runner refuses to load the file (errors of
    /// [`Stage::Load`]; a load-time warning, such as a value the decoder
    /// skips, may be overridden); the earlier setting, if any, stays.
    pub fn set(&mut self, rule: &'static Rule, level: Level) -> Result<(), Unoverridable> {
        if rule.stage == Stage::Load && rule.severity == Severity::Error && level != Level::Deny {
            return Err(Unoverridable { rule, level });
        }
        self.levels.retain(|(code, _)| *code != rule.code);
        self.levels.push((rule.code, level));
        Ok(())
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

/// An override refused: the rule's findings mean GitLab Runner refuses to
/// load the file, so they cannot be dropped or made warnings.
///
/// ```
/// use runner_config::report::{Level, Overrides, lookup_rule};
///
/// let rule = lookup_rule("type-mismatch").unwrap();
/// let refused = Overrides::default().set(rule, Level::Warn).unwrap_err();
/// assert_eq!(refused.rule().code, "type-mismatch");
/// assert_eq!(refused.to_string(),
///            "`type-mismatch` cannot be made a warning: GitLab Runner refuses to load a \
///             file with this finding, so it always fails the check");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{}` cannot be {}: GitLab Runner refuses to load a file with this finding, so it \
     always fails the check",
    rule.code,
    match level { Level::Allow => "allowed", _ => "made a warning" }
)]
pub struct Unoverridable {
    rule: &'static Rule,
    level: Level,
}

impl Unoverridable {
    /// The rule that was named.
    pub fn rule(&self) -> &'static Rule {
        self.rule
    }

    /// The level that was asked for.
    pub fn level(&self) -> Level {
        self.level
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

    #[track_caller]
    fn set(overrides: &mut Overrides, code: &str, level: Level) {
        overrides
            .set(rule(code), level)
            .expect("an overridable rule");
    }

    #[test]
    fn last_setting_wins() {
        let mut overrides = Overrides::default();
        set(&mut overrides, "unknown-value", Level::Allow);
        set(&mut overrides, "unknown-key", Level::Deny);
        set(&mut overrides, "unknown-value", Level::Warn);
        assert_eq!(overrides.level("unknown-value"), Some(Level::Warn));
        assert_eq!(overrides.level("unknown-key"), Some(Level::Deny));
        assert_eq!(overrides.level("config-file-permissions"), None);
    }

    #[test]
    fn deny_raises_and_others_are_untouched() {
        let mut overrides = Overrides::default();
        set(&mut overrides, "unknown-value", Level::Warn);
        set(&mut overrides, "syntax-error", Level::Deny);
        set(&mut overrides, "unknown-key", Level::Allow);
        let mut report = check("x", "concurrent = \n");
        let before = report.diagnostics.clone();
        overrides.apply(&mut report);
        assert_eq!(report.diagnostics, before);
    }

    #[test]
    fn load_time_findings_cannot_be_hidden_or_downgraded() {
        let load_time: Vec<&'static Rule> = rules::all()
            .filter(|r| r.stage == Stage::Load && r.severity == Severity::Error)
            .collect();
        assert!(load_time.iter().any(|r| r.code == "syntax-error"));
        assert!(load_time.iter().any(|r| r.code == "type-mismatch"));
        for rule in load_time {
            let mut overrides = Overrides::default();
            overrides
                .set(rule, Level::Deny)
                .expect("deny is no downgrade");
            for level in [Level::Allow, Level::Warn] {
                let refused = overrides.set(rule, level).expect_err(rule.code);
                assert_eq!((refused.rule(), refused.level()), (rule, level));
                assert_eq!(overrides.level(rule.code), Some(Level::Deny), "kept");
            }
        }
        // Findings of later moments are the user's call.
        for code in [
            "unknown-executor",
            "unknown-pull-policy",
            "empty-runner-token",
            // A load-time warning: the runner loads the file anyway.
            "machine-off-peak-removed",
        ] {
            let mut overrides = Overrides::default();
            assert!(overrides.set(rule(code), Level::Allow).is_ok(), "{code}");
        }
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
