//! One call that checks a file: load it, run every rule, collect findings.

use crate::rules::file_mode::Origin;
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
    /// own, and then use the report writers.
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
    check_file(name, text, Origin::Text)
}

/// Checks a file: [`check`], plus the rules about where the file is kept
/// ([`Origin`]): who may read a deployed file that holds a runner token
/// (`config-file-permissions`), or a real token in a git work tree
/// (`runner-token-in-repository`).
///
/// ```
/// use runner_config::check::check_file;
/// use runner_config::rules::file_mode::Origin;
///
/// let text = "[[runners]]\ntoken = \"glrt-0123456789abcdef\"\n";
/// let report = check_file("config.toml", text, Origin::Deployed { mode: Some(0o644) });
/// assert_eq!(report.diagnostics[0].code(), "config-file-permissions");
/// let private = Origin::Deployed { mode: Some(0o600) };
/// assert!(check_file("config.toml", text, private).diagnostics.is_empty());
/// ```
pub fn check_file(name: &str, text: &str, origin: Origin) -> FileReport {
    let loaded = crate::load::load_named(name, text);
    let mut lints = Vec::new();
    crate::rules::run(&loaded, &mut lints);
    let mut file = Vec::new();
    crate::rules::file_mode::run(&loaded, origin, &mut file);
    // A finding about the whole file has no position; it goes first.
    let (whole_file, located): (Vec<_>, Vec<_>) =
        file.into_iter().partition(|d| d.span().is_none());
    let (source, mut diagnostics) = loaded.into_source_and_diagnostics();
    diagnostics.extend(lints);
    diagnostics.extend(located);
    crate::load::sort_by_position(&mut diagnostics);
    diagnostics.splice(0..0, whole_file);
    FileReport {
        source,
        diagnostics,
    }
}
