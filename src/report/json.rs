//! This crate's JSON report: a stable contract for scripts.

use std::io;

use serde::Serialize;

use super::{FileOutcome, Region, Summary};
use crate::check::FileReport;

/// Version of the document's shape; it changes only when a field changes
/// meaning or goes away. New fields may appear without a new version.
const VERSION: u32 = 1;

/// Writes the JSON report, pretty-printed, ending with a newline.
///
/// ```json
/// {"version": 1,
///  "runner_version": "19.4.0",
///  "files": [{"path": "config.toml", "error": null, "runner_version": "19.4.0",
///             "diagnostics": [{"code": "unknown-key", "severity": "warning",
///                              "message": "…", "help": "…" | null,
///                              "key": "runners[0].docker.pull_policies" | null,
///                              "line": 12, "column": 5, "end_line": 12, "end_column": 18,
///                              "offset": 203, "length": 13,
///                              "runner": "docker-strict" | null,
///                              "jobs": ["build", "test"] | null}]}],
///                              "fix": {"applicability": "unsafe", "omitted_edits": 0,
///                                      "edits": [{"offset": 203, "length": 13,
///                                                 "content": "pull_policy"}]}}]}],
///  "summary": {"files": 1, "errors": 0, "warnings": 1, "infos": 0, "unreadable": 0}}
/// ```
///
/// Lines and columns are 1-based and columns count Unicode characters;
/// `end_line`/`end_column` is the position just past the finding's last
/// character. `offset` and `length` are in bytes. A finding about the whole
/// file has `null` for all six. A file that could not be read has its
/// reason in `error` and no diagnostics.
///
/// `runner` and `jobs` belong to `runner-config ci`: the runner a finding
/// is about (its `name`, or `#index` without one) and the pipeline jobs it
/// affects. Both are `null` in `check`'s report, and `runner` is `null` for
/// a finding that holds on every runner (what GitLab refuses, an invalid
/// image reference).
/// `fix` is there only when the finding has one ([`crate::fix`]): its
/// `applicability` (`safe`, or `unsafe`: `runner-config fix` applies it only
/// with `--unsafe-fixes`) and its `edits`, each a byte range of the file
/// (`offset`, `length`) and the text that replaces it, to be applied
/// together. An edit whose text would show a secret of the file is left
/// out and counted in `omitted_edits`: a fix with `omitted_edits` above 0
/// must not be applied from the report (`runner-config fix` applies it).
/// `runner_version` is the GitLab Runner release each file was checked for
/// (`--runner-version`, a `.runner-config.toml`, or the newest known); the
/// top-level one is that release when every checked file used the same,
/// else `null`, as it is for a file that could not be read.
pub fn write_json(out: &mut impl io::Write, files: &[FileOutcome]) -> io::Result<()> {
    let mut used = files.iter().filter_map(|file| match file {
        FileOutcome::Checked(report) => Some(report.runner_version),
        FileOutcome::Unreadable(_) => None,
    });
    let first = used.next();
    let runner_version = first
        .filter(|first| used.all(|other| other == *first))
        .map(|v| v.to_string());
    let document = Document {
        version: VERSION,
        runner_version,
        files: files.iter().map(File::of).collect(),
        summary: SummaryJson::from(Summary::of(files)),
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    out.write_all(b"\n")
}

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    runner_version: Option<String>,
    files: Vec<File<'a>>,
    summary: SummaryJson,
}

#[derive(Serialize)]
struct File<'a> {
    path: &'a str,
    error: Option<&'a str>,
    runner_version: Option<String>,
    diagnostics: Vec<Finding<'a>>,
}

impl<'a> File<'a> {
    fn of(file: &'a FileOutcome) -> Self {
        match file {
            FileOutcome::Checked(report) => Self {
                path: report.source.name(),
                error: None,
                runner_version: Some(report.runner_version.to_string()),
                diagnostics: findings(report),
            },
            FileOutcome::Unreadable(unreadable) => Self {
                path: &unreadable.path,
                error: Some(&unreadable.error),
                runner_version: None,
                diagnostics: Vec::new(),
            },
        }
    }
}

#[derive(Serialize)]
struct Finding<'a> {
    code: &'a str,
    severity: &'a str,
    message: &'a str,
    help: Option<&'a str>,
    key: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    offset: Option<usize>,
    length: Option<usize>,
    runner: Option<&'a str>,
    jobs: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<FixJson<'a>>,
}

#[derive(Serialize)]
struct FixJson<'a> {
    applicability: &'a str,
    edits: Vec<EditJson<'a>>,
    omitted_edits: usize,
}

#[derive(Serialize)]
struct EditJson<'a> {
    offset: usize,
    length: usize,
    content: &'a str,
}

impl<'a> FixJson<'a> {
    fn of(fix: &'a crate::fix::Fix) -> Self {
        let shown = fix.edits().iter().filter(|e| !e.holds_secret());
        Self {
            applicability: fix.applicability().as_str(),
            edits: shown
                .map(|e| EditJson {
                    offset: e.range().start,
                    length: e.range().len(),
                    content: e.content(),
                })
                .collect(),
            omitted_edits: fix.edits().iter().filter(|e| e.holds_secret()).count(),
        }
    }
}

fn findings(report: &FileReport) -> Vec<Finding<'_>> {
    report
        .diagnostics
        .iter()
        .map(|d| {
            let span = d.span();
            let region = span.as_ref().map(|span| Region::of(&report.source, span));
            Finding {
                code: d.code(),
                severity: d.severity().as_str(),
                message: d.message(),
                help: d.help_text(),
                key: d.key_path(),
                line: region.map(|r| r.start_line),
                column: region.map(|r| r.start_column),
                end_line: region.map(|r| r.end_line),
                end_column: region.map(|r| r.end_column),
                offset: span.as_ref().map(|s| s.start),
                length: span.as_ref().map(|s| s.end.saturating_sub(s.start)),
                runner: d.runner_name(),
                jobs: d.job_names(),
                fix: d.fix().map(FixJson::of),
            }
        })
        .collect()
}

#[derive(Serialize)]
struct SummaryJson {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    unreadable: usize,
}

impl From<Summary> for SummaryJson {
    fn from(s: Summary) -> Self {
        Self {
            files: s.files,
            errors: s.errors,
            warnings: s.warnings,
            infos: s.infos,
            unreadable: s.unreadable,
        }
    }
}
