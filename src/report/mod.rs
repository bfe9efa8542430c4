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

pub use gitlab::{UNREADABLE_CHECK_NAME, write_gitlab};
#[cfg(feature = "cli")]
pub use human::{HumanStyle, write_human};
pub use json::write_json;
pub use overrides::{Level, Overrides, UnknownCode, Unoverridable, lookup_rule};
pub use sarif::write_sarif;

use std::path::{Component, Path};

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

/// A file's name as CI systems match it against the repository: relative
/// to `working_dir` (where the job runs: the repository's root), with `/`
/// separators, no `.` components and `..` resolved where the name allows.
///
/// A relative name is only tidied (`./ci//config.toml` → `ci/config.toml`);
/// an absolute one is made relative to `working_dir`, with `..` steps when
/// it lies outside (`/etc/gitlab-runner/config.toml` from `/builds/app` →
/// `../../etc/gitlab-runner/config.toml`). Such a path matches no file of
/// the repository, which is the truth, yet still says which file it is; an
/// absolute path would look like a repository path to GitLab and never
/// match either. Only lexical rules apply: symbolic links are not followed.
/// A `working_dir` that is not absolute is taken from the filesystem root.
/// On Windows, a name on another drive than `working_dir` has no relative
/// form and keeps its drive.
pub(crate) fn relative_path(name: &str, working_dir: &Path) -> String {
    let path = Path::new(name);
    let parts = if path.has_root() {
        let rooted;
        let base = if working_dir.has_root() {
            lexical(working_dir)
        } else {
            rooted = Path::new("/").join(working_dir);
            lexical(&rooted)
        };
        let target = lexical(path);
        let common = base.iter().zip(&target).take_while(|(a, b)| a == b).count();
        if common == 0 {
            // Another Windows drive: nothing to be relative to.
            target
        } else {
            let up = base.len() - common;
            std::iter::repeat_n(Component::ParentDir, up)
                .chain(target.into_iter().skip(common))
                .collect()
        }
    } else {
        lexical(path)
    };
    let mut out = String::with_capacity(name.len());
    for part in parts {
        match part {
            // Only the first part can be a drive or the root.
            Component::Prefix(prefix) => out.push_str(&prefix.as_os_str().to_string_lossy()),
            Component::RootDir => out.push('/'),
            other => {
                if !out.is_empty() && !out.ends_with('/') {
                    out.push('/');
                }
                out.push_str(&other.as_os_str().to_string_lossy());
            }
        }
    }
    out
}

/// `path`'s components without `.` and with each `..` cancelling the
/// name before it (a `..` at the root stays at the root, as the system
/// resolves it; leading `..` of a relative path stay).
fn lexical(path: &Path) -> Vec<Component<'_>> {
    let mut parts: Vec<Component<'_>> = Vec::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => match parts.last() {
                Some(Component::Normal(_)) => {
                    parts.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => parts.push(part),
            },
            _ => parts.push(part),
        }
    }
    parts
}

/// A finding's text for reports without fields for the runner and the
/// jobs (Code Quality, SARIF): `runner "name": message (jobs: a, b)`.
/// Findings of `check` are their message alone.
fn described(diagnostic: &crate::Diagnostic) -> String {
    let mut text = match diagnostic.runner_name() {
        Some(runner) => format!("runner {runner:?}: {}", diagnostic.message()),
        None => diagnostic.message().to_owned(),
    };
    if let Some(jobs) = diagnostic.job_names().filter(|jobs| !jobs.is_empty()) {
        text.push_str(&format!(" (jobs: {})", jobs.join(", ")));
    }
    text
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_names_are_tidied() {
        let here = Path::new("/builds/group/app");
        for (name, want) in [
            ("config.toml", "config.toml"),
            ("./config.toml", "config.toml"),
            ("ci//runner/./config.toml", "ci/runner/config.toml"),
            ("ci/../config.toml", "config.toml"),
            ("../other/config.toml", "../other/config.toml"),
            ("a/../../config.toml", "../config.toml"),
            ("<stdin>", "<stdin>"),
        ] {
            assert_eq!(relative_path(name, here), want, "{name}");
        }
    }

    #[test]
    #[cfg(unix)]
    fn absolute_names_become_relative_to_the_working_directory() {
        let here = Path::new("/builds/group/app");
        for (name, want) in [
            ("/builds/group/app/config.toml", "config.toml"),
            ("/builds/group/app/./ci/../ci/config.toml", "ci/config.toml"),
            ("/builds/group/other/config.toml", "../other/config.toml"),
            (
                "/etc/gitlab-runner/config.toml",
                "../../../etc/gitlab-runner/config.toml",
            ),
            ("/../etc/config.toml", "../../../etc/config.toml"),
        ] {
            assert_eq!(relative_path(name, here), want, "{name}");
            assert!(!relative_path(name, here).starts_with('/'));
        }
        assert_eq!(
            relative_path(
                "/builds/group/app/config.toml",
                Path::new("/builds/group/app/")
            ),
            "config.toml"
        );
        // A relative working directory counts from the root.
        assert_eq!(
            relative_path("/srv/config.toml", Path::new("srv")),
            "config.toml"
        );
        assert_eq!(
            relative_path("/srv/config.toml", Path::new("/")),
            "srv/config.toml"
        );
    }
}
