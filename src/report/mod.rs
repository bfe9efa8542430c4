//! Reports: the findings of a run, written for people and for machines.
//!
//! Every writer takes the same input, one [`FileOutcome`] per file given to
//! the checker, with severity overrides ([`Overrides`]) already applied, and
//! decides nothing about severity itself.
//!
//! - [`write_json`]: this crate's own JSON document, a stable contract for
//!   scripts (format `version` 1).
//! - [`write_gitlab`]: a GitLab Code Quality report (`artifacts:reports:codequality`).
//! - [`write_sarif`]: SARIF 2.1.0, as GitHub code scanning ingests it.
//! - `write_human`: miette's graphical report with source snippets
//!   (feature `cli`).
//!
//! ```
//! use runner_config::check::check;
//! use runner_config::report::{self, FileOutcome};
//!
//! let files = [FileOutcome::Checked(check("config.toml", "concurrent = \n"))];
//! let mut out = Vec::new();
//! report::write_json(&mut out, &files).unwrap();
//! let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
//! assert_eq!(json["files"][0]["diagnostics"][0]["code"], "syntax-error");
//! assert_eq!(json["summary"]["errors"], 1);
//! ```

mod fingerprint;
mod gitlab;
#[cfg(feature = "cli")]
mod human;
mod json;
mod overrides;
mod sarif;

pub use gitlab::write_gitlab;
#[cfg(feature = "cli")]
pub use human::{HumanStyle, write_human};
pub use json::write_json;
pub use overrides::{Level, Overrides, UnknownCode, Unoverridable, lookup_rule};
pub use sarif::write_sarif;

use crate::Severity;
use crate::check::FileReport;

/// What became of one file given to the checker.
///
/// ```
/// use runner_config::check::check;
/// use runner_config::report::{FileOutcome, Summary, Unreadable};
///
/// let outcome = |path: &str| match std::fs::read_to_string(path) {
///     Ok(text) => FileOutcome::Checked(check(path, &text)),
///     Err(error) => FileOutcome::Unreadable(Unreadable {
///         path: path.into(),
///         error: error.to_string(),
///     }),
/// };
/// let files = [outcome("/no/such/dir/config.toml")];
/// assert!(matches!(files[0], FileOutcome::Unreadable(_)));
/// assert_eq!(files[0].path(), "/no/such/dir/config.toml");
/// assert_eq!(Summary::of(&files).unreadable, 1);
/// ```
#[derive(Debug, Clone)]
pub enum FileOutcome {
    /// The file was read and checked.
    Checked(FileReport),
    /// The file could not be read, so it was not checked.
    Unreadable(Unreadable),
}

impl FileOutcome {
    /// The file's name as reports show it.
    pub fn path(&self) -> &str {
        match self {
            Self::Checked(report) => report.source.name(),
            Self::Unreadable(unreadable) => &unreadable.path,
        }
    }
}

/// A file that could not be read, and why.
///
/// ```
/// use runner_config::report::{self, FileOutcome, Unreadable};
///
/// let missing = Unreadable {
///     path: "/etc/gitlab-runner/config.toml".into(),
///     error: "Permission denied (os error 13)".into(),
/// };
/// let mut out = Vec::new();
/// report::write_json(&mut out, &[FileOutcome::Unreadable(missing)]).unwrap();
/// let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
/// assert_eq!(json["files"][0]["error"], "Permission denied (os error 13)");
/// assert_eq!(json["summary"]["unreadable"], 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    /// The file's name as reports show it.
    pub path: String,
    /// Why it could not be read, e.g. `No such file or directory (os error 2)`.
    pub error: String,
}

/// Counts over a whole run.
///
/// ```
/// use runner_config::check::check;
/// use runner_config::report::{FileOutcome, Summary, Unreadable};
///
/// let files = [
///     FileOutcome::Checked(check("a.toml", "concurrent = \n")),
///     FileOutcome::Unreadable(Unreadable { path: "b.toml".into(), error: "gone".into() }),
/// ];
/// let summary = Summary::of(&files);
/// assert_eq!((summary.files, summary.unreadable, summary.errors), (2, 1, 1));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Summary {
    /// Files given, read or not.
    pub files: usize,
    /// Files that could not be read.
    pub unreadable: usize,
    /// Findings of severity error.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
    /// Findings of severity info.
    pub infos: usize,
}

impl Summary {
    /// Counts the files and findings of a run.
    pub fn of(files: &[FileOutcome]) -> Self {
        let mut summary = Self {
            files: files.len(),
            ..Self::default()
        };
        for file in files {
            match file {
                FileOutcome::Checked(report) => {
                    for diagnostic in &report.diagnostics {
                        match diagnostic.severity() {
                            Severity::Error => summary.errors += 1,
                            Severity::Warning => summary.warnings += 1,
                            Severity::Info => summary.infos += 1,
                        }
                    }
                }
                FileOutcome::Unreadable(_) => summary.unreadable += 1,
            }
        }
        summary
    }
}

/// The report writers' 1-based positions of a byte range: start line and
/// column, and the line and column just past its end (as SARIF counts
/// them). Columns count Unicode characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

impl Region {
    fn of(source: &crate::Source, span: &std::ops::Range<usize>) -> Self {
        let (start_line, start_column) = source.line_col(span.start);
        let (end_line, end_column) = source.line_col(span.end.max(span.start));
        Self {
            start_line,
            start_column,
            end_line,
            end_column,
        }
    }
}
