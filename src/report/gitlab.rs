//! GitLab Code Quality reports.
//!
//! The format is a JSON array of issues in Code Climate's shape, of which
//! GitLab reads `description`, `check_name`, `fingerprint`, `severity`,
//! `location.path` and `location.lines.begin`. It is uploaded with
//! `artifacts: reports: codequality:` and shown in merge requests.

use std::io;

use serde::Serialize;

use super::FileOutcome;
use super::fingerprint::fingerprints;
use crate::Severity;

/// Writes a GitLab Code Quality report, pretty-printed, ending with a
/// newline, without a byte-order mark.
///
/// Severities map to `critical` (error), `major` (warning) and `info`. A
/// finding about the whole file is placed on line 1. Files that could not
/// be read have no place in the format and are left out.
pub fn write_gitlab(out: &mut impl io::Write, files: &[FileOutcome]) -> io::Result<()> {
    let mut issues = Vec::new();
    for file in files {
        let FileOutcome::Checked(report) = file else {
            continue;
        };
        let path = report.source.name();
        for (diagnostic, fingerprint) in report.diagnostics.iter().zip(fingerprints(report)) {
            let begin = diagnostic
                .span()
                .map_or(1, |span| report.source.line_col(span.start).0);
            issues.push(Issue {
                kind: "issue",
                description: diagnostic.message(),
                check_name: diagnostic.code(),
                fingerprint,
                severity: severity(diagnostic.severity()),
                location: Location {
                    path,
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
struct Issue<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    description: &'a str,
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}
