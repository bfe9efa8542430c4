//! One call that checks a file: load it, run every rule, collect findings.

use crate::{Diagnostic, Source};

/// Everything found in one file, with the redacted text the findings point
/// into.
///
/// ```
/// use runner_config::Severity;
/// use runner_config::check::{FileReport, check};
///
/// let text = "concurent = 4\n[[runners]]\ntoken = \"glrt-SECRET\"\nexecutor = \"shell\"\n";
/// let report: FileReport = check("config.toml", text);
/// let codes: Vec<_> = report.diagnostics.iter().map(|d| d.code()).collect();
/// assert!(codes.contains(&"unknown-key"));
/// let unknown = report.diagnostics.iter().find(|d| d.code() == "unknown-key").unwrap();
/// assert_eq!(unknown.severity(), Severity::Warning);
/// // Spans point into the redacted text, which never shows the token.
/// let span = unknown.span().unwrap();
/// assert_eq!(&report.source.text()[span], "concurent");
/// assert!(!report.source.text().contains("SECRET"));
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct FileReport {
    /// The file's text with secrets blanked out; spans point into it.
    pub source: Source,
    /// Findings, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

impl FileReport {
    /// A report from its parts, for tools that load a file themselves
    /// (`load::Loaded::into_source_and_diagnostics`), add findings of their
    /// own, and then use the report writers. Every finding is
    /// [redacted](Source::redact) against the source, so a finding of the
    /// tool's own cannot quote a secret of the file.
    ///
    /// ```
    /// use runner_config::check::FileReport;
    ///
    /// let loaded = runner_config::load::load_named("config.toml", "concurrent = \"4\"\n");
    /// let (source, diagnostics) = loaded.into_source_and_diagnostics();
    /// let report = FileReport::new(source, diagnostics);
    /// assert_eq!(report.diagnostics[0].code(), "type-mismatch");
    /// ```
    pub fn new(source: Source, diagnostics: Vec<Diagnostic>) -> Self {
        let diagnostics = diagnostics.into_iter().map(|d| source.redact(d)).collect();
        Self {
            source,
            diagnostics,
        }
    }
}

/// Checks the text of one `config.toml`. `name` is only used in reports.
///
/// The loader's findings (syntax, keys, value types) come first; the lint
/// rules then look at the loaded model, partial or not, so one run reports
/// every problem.
///
/// ```
/// let report = runner_config::check::check("config.toml", "concurrent = \n");
/// assert_eq!(report.diagnostics[0].code(), "syntax-error");
/// ```
pub fn check(name: &str, text: &str) -> FileReport {
    check_file(name, text, None)
}

/// Checks a file read from disk: [`check`], plus who may read it when its
/// Unix permission bits `mode` are known (`config-file-permissions`: a
/// token-bearing file readable by group or others).
///
/// ```
/// use runner_config::check::check_file;
///
/// let text = "[[runners]]\ntoken = \"glrt-0123456789abcdef\"\n";
/// let report = check_file("config.toml", text, Some(0o644));
/// assert_eq!(report.diagnostics[0].code(), "config-file-permissions");
/// assert!(check_file("config.toml", text, Some(0o600)).diagnostics.is_empty());
/// ```
pub fn check_file(name: &str, text: &str, mode: Option<u32>) -> FileReport {
    let loaded = crate::load::load_named(name, text);
    let permissions = mode.and_then(|mode| {
        let holds_token = crate::rules::file_mode::holds_token(loaded.best_effort());
        crate::rules::file_mode::check(mode, holds_token)
    });
    let mut lints = Vec::new();
    crate::rules::run(&loaded, &mut lints);
    let (source, mut diagnostics) = loaded.into_source_and_diagnostics();
    // The rules quote values from the model: keep the file's secrets out.
    diagnostics.extend(lints.into_iter().map(|d| source.redact(d)));
    crate::load::sort_by_position(&mut diagnostics);
    // A finding about the whole file has no position; it goes first.
    if let Some(finding) = permissions {
        diagnostics.insert(0, finding);
    }
    FileReport {
        source,
        diagnostics,
    }
}
