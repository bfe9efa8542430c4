//! One call that checks a file: load it, run every rule, collect findings.

use crate::{Diagnostic, Source};

/// Everything found in one file, with the redacted text the findings point
/// into.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct FileReport {
    /// The file's text with secrets blanked out; spans point into it.
    pub source: Source,
    /// Findings, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks the text of one `config.toml`. `name` is only used in reports.
///
/// ```
/// let report = runner_config::check::check("config.toml", "concurrent = \n");
/// assert_eq!(report.diagnostics[0].code(), "syntax-error");
/// ```
pub fn check(name: &str, text: &str) -> FileReport {
    let (_document, errors) = toml::de::DeTable::parse_recoverable(text);
    let mut diagnostics: Vec<Diagnostic> = errors
        .iter()
        .map(|e| {
            Diagnostic::new(&crate::load::codes::SYNTAX_ERROR, e.message().trim_end())
                .at_opt(e.span())
        })
        .collect();
    let loaded = crate::load::load_as::<crate::model::Config>(name, text);
    crate::rules::run(&loaded, &mut diagnostics);
    diagnostics.sort_by_key(|d| d.span().map(|s| s.start));
    FileReport {
        source: Source::redacted(name, text, &[]),
        diagnostics,
    }
}
