//! Fixing one file: refuse what cannot be edited safely, apply the
//! fixes, check again, repeat until nothing is left to fix.

use std::fmt;

use super::{apply, comments};
use crate::check::{CheckOptions, FileReport, check_with};

/// At most this many rounds of fixes. A round applies every fix that does
/// not touch another; the next round sees what the last one made (a moved
/// `pull_policy = "IfNotPresent"` gets its value fixed there).
const MAX_ROUNDS: usize = 8;

/// How to fix a file.
///
/// ```
/// use runner_config::fix::FixOptions;
///
/// let options = FixOptions::default();
/// assert!(!options.unsafe_fixes);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct FixOptions {
    /// Apply unsafe fixes too.
    pub unsafe_fixes: bool,
    /// How the file is checked, before and after.
    pub check: CheckOptions,
}

impl FixOptions {
    /// Options that apply unsafe fixes too when `unsafe_fixes` is set.
    pub fn new(unsafe_fixes: bool) -> Self {
        Self {
            unsafe_fixes,
            check: CheckOptions::default(),
        }
    }
}

/// Why a file was left as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Unfixable {
    /// The file has a syntax error: what a fix would edit is not known.
    SyntaxError {
        /// 1-based line of the first error.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// The file is not valid TOML, though GitLab Runner's lenient decoder
    /// may accept it (a table reopened with dotted keys): the editor cannot
    /// parse it.
    NotValidToml {
        /// Where the editor's parser stopped, 1-based line and column.
        line: usize,
        /// 1-based column.
        column: usize,
        /// Its message.
        message: String,
    },
    /// Applying the fixes would have broken the file or lost a comment.
    /// Nothing was written; this is a bug worth reporting.
    Broken(&'static str),
}

impl fmt::Display for Unfixable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::SyntaxError { line, column } => write!(
                f,
                "it has a syntax error (line {line}, column {column}); correct it first"
            ),
            Self::NotValidToml {
                line,
                column,
                message,
            } => write!(
                f,
                "it is not valid TOML (line {line}, column {column}: {message}); GitLab Runner \
                 may accept it, but it cannot be edited without losing what it says"
            ),
            Self::Broken(what) => write!(
                f,
                "fixing it would have {what}; nothing was changed (please report this)"
            ),
        }
    }
}

impl std::error::Error for Unfixable {}

/// A file after fixing.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Fixed {
    /// The fixed text, secrets included (the user's own file): the input
    /// itself when nothing was fixed.
    pub text: String,
    /// How many findings were fixed.
    pub fixed: usize,
    /// The file as it was, checked.
    pub before: FileReport,
    /// The fixed file, checked again: what is really left.
    pub after: FileReport,
    /// Why the file was left as it is, when it was refused.
    pub refused: Option<Unfixable>,
}

impl Fixed {
    /// Whether the text changed.
    pub fn changed(&self) -> bool {
        self.fixed > 0
    }

    /// A unified diff from the file as it was to the fixed file, for
    /// people: both sides are the redacted texts the checks made (every
    /// secret blanked, as `check` shows them), and each line is scrubbed
    /// of anything either side knows to be secret. Empty when nothing
    /// changed.
    pub fn diff(&self) -> String {
        if !self.changed() {
            return String::new();
        }
        unified_diff(&self.before, &self.after)
    }
}

/// Fixes `text` (named `name` in reports) as `options` say.
///
/// Files with a syntax error, and files `toml_edit` cannot parse (such as
/// TOML that GitLab Runner's decoder accepts leniently), are left as they
/// are, with the reason in [`Fixed::refused`]. Otherwise every applicable
/// fix is applied, the text is checked again and the new fixes applied,
/// until nothing is left to fix. Each round's text must parse and keep
/// every comment of the input, or nothing is changed. Never panics.
///
/// ```
/// use runner_config::fix::{fix_text, FixOptions};
///
/// let text = "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\n\
///             Pull_Policy = \"IfNotPresent\" # keep local images\n";
/// let fixed = fix_text("config.toml", text, &FixOptions::default());
/// assert_eq!(fixed.fixed, 2);
/// assert!(fixed.text.ends_with("pull_policy = \"if-not-present\" # keep local images\n"));
/// assert!(fixed.after.diagnostics.iter().all(|d| d.fix().is_none()));
/// ```
pub fn fix_text(name: &str, text: &str, options: &FixOptions) -> Fixed {
    let before = check_with(name, text, &options.check);
    let unchanged = |before: FileReport, refused: Option<Unfixable>| Fixed {
        text: text.to_owned(),
        fixed: 0,
        after: before.clone(),
        before,
        refused,
    };
    if let Some(span) = before
        .diagnostics
        .iter()
        .find(|d| d.code() == "syntax-error")
        .and_then(|d| d.span())
    {
        let (line, column) = before.source.line_col(span.start);
        return unchanged(before, Some(Unfixable::SyntaxError { line, column }));
    }
    if let Err(error) = toml_edit::Document::parse(text) {
        let (line, column) = before
            .source
            .line_col(error.span().map_or(0, |span| span.start));
        let message = before.source.scrub(error.message().trim()).into_owned();
        return unchanged(
            before,
            Some(Unfixable::NotValidToml {
                line,
                column,
                message,
            }),
        );
    }
    let mut current = text.to_owned();
    let mut report = before.clone();
    let mut fixed = 0;
    for _ in 0..MAX_ROUNDS {
        let fixes = report
            .diagnostics
            .iter()
            .filter_map(|d| d.fix())
            .filter(|f| f.is_applicable(options.unsafe_fixes));
        let applied = apply(&current, fixes);
        if applied.applied == 0 {
            break;
        }
        let next = check_with(name, &applied.text, &options.check);
        let broken = toml_edit::Document::parse(applied.text.as_str()).is_err()
            || next.diagnostics.iter().any(|d| d.code() == "syntax-error");
        if broken {
            return unchanged(before, Some(Unfixable::Broken("made it invalid TOML")));
        }
        current = applied.text;
        report = next;
        fixed += applied.applied;
    }
    let mut kept = comments(text);
    let mut now = comments(&current);
    kept.sort_unstable();
    now.sort_unstable();
    if kept != now {
        return unchanged(before, Some(Unfixable::Broken("lost a comment")));
    }
    Fixed {
        text: current,
        fixed,
        before,
        after: report,
        refused: None,
    }
}

/// A unified diff (3 lines of context) between two checked versions of a
/// file, from their redacted texts, every line scrubbed of the secrets
/// either knows.
///
/// ```
/// use runner_config::check::check;
/// use runner_config::fix::unified_diff;
///
/// let before = check("config.toml", "[[runners]]\nExecutor = \"shell\"\ntoken = \"glrt-0123456789abcdef\"\n");
/// let after = check("config.toml", "[[runners]]\nexecutor = \"shell\"\ntoken = \"glrt-0123456789abcdef\"\n");
/// let diff = unified_diff(&before, &after);
/// assert!(diff.contains("-Executor = \"shell\"\n+executor = \"shell\"\n"));
/// assert!(!diff.contains("0123456789"));
/// ```
pub fn unified_diff(before: &FileReport, after: &FileReport) -> String {
    let old = before.source.text();
    let new = after.source.text();
    let diff = similar::TextDiff::from_lines(old, new);
    let text = diff
        .unified_diff()
        .context_radius(3)
        .header(before.source.name(), after.source.name())
        .to_string();
    let once = before.source.scrub(&text);
    after.source.scrub(&once).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(text: &str, unsafe_fixes: bool) -> Fixed {
        fix_text("config.toml", text, &FixOptions::new(unsafe_fixes))
    }

    #[test]
    fn files_that_cannot_be_edited_are_left_alone() {
        let broken = "[[runners]]\nexecutor = \n";
        let fixed = fix(broken, true);
        assert_eq!(fixed.text, broken);
        assert_eq!(
            fixed.refused,
            Some(Unfixable::SyntaxError {
                line: 2,
                column: 12
            })
        );
        assert_eq!(fixed.diff(), "");
    }

    #[test]
    fn nothing_to_fix_is_byte_identical() {
        let text = "# a comment\r\nconcurrent = 4 # four\r\n";
        let fixed = fix(text, true);
        assert_eq!(fixed.text, text);
        assert!(!fixed.changed());
        assert!(fixed.refused.is_none());
    }

    #[test]
    fn unsafe_fixes_wait_to_be_asked() {
        let text = "[[runners]]\nexecutor = \"shell\"\nbuids_dir = \"/builds\"\n";
        assert!(!fix(text, false).changed());
        let fixed = fix(text, true);
        assert_eq!(fixed.fixed, 1);
        assert!(fixed.text.contains("\nbuilds_dir = \"/builds\"\n"));
    }
}
