//! GitLab Code Quality reports.
//!
//! The format is a JSON array of issues in Code Climate's shape, of which
//! GitLab reads `description`, `check_name`, `fingerprint`, `severity`,
//! `location.path` and `location.lines.begin`. It is uploaded with
//! `artifacts: reports: codequality:` and shown in merge requests.

use std::io;
use std::path::Path;

use serde::Serialize;

use super::fingerprint::{fingerprint, fingerprints};
use super::{FileOutcome, relative_path};
use crate::Severity;

/// `check_name` of the entry for a file that could not be read. It is not
/// a rule: no override applies to it, and the run exits with status 2.
pub const UNREADABLE_CHECK_NAME: &str = "unreadable-file";

/// Writes a GitLab Code Quality report, pretty-printed, ending with a
/// newline, without a byte-order mark.
///
/// `location.path` is each file's name relative to `working_dir`, the
/// directory the job runs in, which in GitLab CI is the repository's root:
/// GitLab matches the path against the repository's files to show a
/// finding in the merge request's diff. It never starts with `./` or `/`;
/// a file outside `working_dir` gets a path with `..` steps, which matches
/// no repository file (the finding still shows in the report), rather than
/// an absolute path. Fingerprints hash that path too, so they do not change
/// with the way a file was named on the command line.
///
/// A finding about one runner (`runner-config ci`) has the runner before
/// its description (`runner "docker": …`) and the jobs after it, since
/// Code Quality has no fields of its own for them.
///
/// Severities map to `critical` (error), `major` (warning) and `info`. A
/// finding about the whole file is placed on line 1. A file that could not
/// be read is a `critical` entry on its line 1 whose `check_name` is
/// [`UNREADABLE_CHECK_NAME`], so that a failed check cannot pass for an
/// empty report.
///
/// ```
/// use std::path::Path;
/// use runner_config::check::check;
/// use runner_config::report::{self, FileOutcome, Unreadable};
///
/// let files = [
///     FileOutcome::Checked(check("/builds/app/ci/config.toml", "concurrent = \n")),
///     FileOutcome::Unreadable(Unreadable { path: "./missing.toml".into(), error: "gone".into() }),
/// ];
/// let mut out = Vec::new();
/// report::write_gitlab(&mut out, &files, Path::new("/builds/app")).unwrap();
/// let issues: serde_json::Value = serde_json::from_slice(&out).unwrap();
/// assert_eq!(issues[0]["location"]["path"], "ci/config.toml");
/// assert_eq!(issues[1]["location"]["path"], "missing.toml");
/// assert_eq!(issues[1]["check_name"], "unreadable-file");
/// assert_eq!(issues[1]["description"], "cannot read missing.toml: gone");
/// ```
pub fn write_gitlab(
    out: &mut impl io::Write,
    files: &[FileOutcome],
    working_dir: &Path,
) -> io::Result<()> {
    let mut issues = Vec::new();
    for file in files {
        let path = relative_path(file.path(), working_dir);
        let report = match file {
            FileOutcome::Checked(report) => report,
            FileOutcome::Unreadable(unreadable) => {
                issues.push(Issue {
                    kind: "issue",
                    description: format!("cannot read {path}: {}", unreadable.error),
                    check_name: UNREADABLE_CHECK_NAME,
                    fingerprint: fingerprint(&[UNREADABLE_CHECK_NAME, &path]),
                    severity: severity(Severity::Error),
                    location: Location {
                        path,
                        lines: Lines { begin: 1 },
                    },
                });
                continue;
            }
        };
        for (diagnostic, fingerprint) in report.diagnostics.iter().zip(fingerprints(report, &path))
        {
            let begin = diagnostic
                .span()
                .map_or(1, |span| report.source.line_col(span.start).0);
            issues.push(Issue {
                kind: "issue",
                description: super::described(diagnostic),
                check_name: diagnostic.code(),
                fingerprint,
                severity: severity(diagnostic.severity()),
                location: Location {
                    path: path.clone(),
                    lines: Lines { begin },
                },
            });
        }
    }
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    out.write_all(b"\n")
}

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "critical",
        Severity::Warning => "major",
        Severity::Info => "info",
    }
}

#[derive(Serialize)]
struct Issue {
    #[serde(rename = "type")]
    kind: &'static str,
    description: String,
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}
