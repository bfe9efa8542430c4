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

/// What kind of file is being checked, which decides what its absence of a
/// setting means.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Mode {
    /// A `config.toml` that `gitlab-runner run` loads: every runner entry
    /// needs its `url`, `token`, `executor` and the executor's section.
    #[default]
    Config,
    /// A registration template (`gitlab-runner register --template-config`,
    /// the GitLab Runner Helm chart's `runners.config`): exactly one
    /// `[[runners]]` entry, which registration completes with the `url`,
    /// the token, the `name`, the `executor` and the executor's section, and
    /// whose global keys registration ignores (`commands/register.go`
    /// `configTemplate.MergeTo`).
    Template,
}

/// How to check a file: build it with [`CheckOptions::new`] and set the
/// public fields.
///
/// ```
/// use runner_config::check::{CheckOptions, Mode, check_with};
///
/// let template = "[[runners]]\n[runners.kubernetes]\nnamespace = \"ci\"\n";
/// let options = CheckOptions::new(Mode::Template);
/// // Registration supplies the url, token and executor: nothing is missing.
/// assert!(check_with("config.template.toml", template, &options).diagnostics.is_empty());
/// // As a config.toml, the same text never takes a job.
/// let as_config = check_with("config.toml", template, &CheckOptions::default());
/// assert!(as_config.diagnostics.iter().any(|d| d.code() == "missing-executor"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CheckOptions {
    /// What the file is.
    pub mode: Mode,
    /// The file's Unix permission bits, when it was read from disk; enables
    /// `config-file-permissions`.
    pub permissions: Option<u32>,
}

impl CheckOptions {
    /// Options for a file of this kind.
    pub fn new(mode: Mode) -> Self {
        Self {
            mode,
            permissions: None,
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
    check_with(name, text, &CheckOptions::default())
}

/// Checks a file read from disk: [`check`], plus who may read it when its
/// Unix permission bits `mode` are known (`config-file-permissions`: a
/// token-bearing file readable by group or others).
///
/// ```
/// use runner_config::check::check_file;
///
/// let text = "[[runners]]\nurl = \"https://gitlab.com\"\ntoken = \"glrt-0123456789abcdef\"\n\
///             executor = \"shell\"\nrequest_concurrency = 2\n";
/// let report = check_file("config.toml", text, Some(0o644));
/// assert_eq!(report.diagnostics[0].code(), "config-file-permissions");
/// assert!(check_file("config.toml", text, Some(0o600)).diagnostics.is_empty());
/// ```
pub fn check_file(name: &str, text: &str, mode: Option<u32>) -> FileReport {
    let options = CheckOptions {
        permissions: mode,
        ..CheckOptions::default()
    };
    check_with(name, text, &options)
}

/// Checks one file as `options` say: a `config.toml` or a registration
/// template, with or without its permission bits.
pub fn check_with(name: &str, text: &str, options: &CheckOptions) -> FileReport {
    let loaded = crate::load::load_named(name, text);
    let permissions = options.permissions.and_then(|mode| {
        let holds_token = crate::rules::file_mode::holds_token(loaded.best_effort());
        crate::rules::file_mode::check(mode, holds_token)
    });
    let mut lints = Vec::new();
    crate::rules::run_in(&loaded, options.mode, &mut lints);
    let (source, mut diagnostics) = loaded.into_source_and_diagnostics();
    if options.mode == Mode::Template {
        // Registration sets `executor` itself, whatever the template says
        // (`template-key-ignored`): an unknown one there stops nothing. Type
        // errors still count, since the template is loaded like a config.
        diagnostics.retain(|d| d.code() != "unknown-executor");
    }
    diagnostics.extend(lints);
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
