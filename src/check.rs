//! One call that checks a file: load it, run every rule, collect findings.

use crate::rules::file_mode::Origin;
use crate::versions::RunnerVersion;
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
    /// The GitLab Runner release the file was checked for.
    pub runner_version: RunnerVersion,
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
            runner_version: RunnerVersion::newest(),
        }
    }

    /// The same report, checked for another runner release (the loader's
    /// [`Loaded::runner_version`](crate::load::Loaded::runner_version)).
    pub fn for_version(mut self, version: RunnerVersion) -> Self {
        self.runner_version = version;
        self
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
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CheckOptions {
    /// What the file is.
    pub mode: Mode,
    /// Where the file is kept, for the rules about that
    /// (`config-file-permissions`, `runner-token-in-repository`).
    pub origin: Origin,
    /// The GitLab Runner release that will read the file: the keys, feature
    /// flags and TOML it reads. The newest the data knows by default.
    pub runner_version: RunnerVersion,
}

impl CheckOptions {
    /// Options for a file of this kind, with no file behind the text, for
    /// the newest runner release.
    pub fn new(mode: Mode) -> Self {
        Self {
            mode,
            origin: Origin::Text,
            runner_version: RunnerVersion::newest(),
        }
    }
}

impl Default for CheckOptions {
    fn default() -> Self {
        Self::new(Mode::Config)
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

/// Checks a file: [`check`], plus the rules about where the file is kept
/// ([`Origin`]): who may read a deployed file that holds a runner token
/// (`config-file-permissions`), or a real token in a git work tree
/// (`runner-token-in-repository`).
///
/// ```
/// use runner_config::check::check_file;
/// use runner_config::rules::file_mode::Origin;
///
/// let text = "[[runners]]\nurl = \"https://gitlab.com\"\ntoken = \"glrt-0123456789abcdef\"\n\
///             executor = \"shell\"\nrequest_concurrency = 2\n";
/// let report = check_file("config.toml", text, Origin::Deployed { mode: Some(0o644) });
/// assert_eq!(report.diagnostics[0].code(), "config-file-permissions");
/// let private = Origin::Deployed { mode: Some(0o600) };
/// assert!(check_file("config.toml", text, private).diagnostics.is_empty());
/// ```
pub fn check_file(name: &str, text: &str, origin: Origin) -> FileReport {
    let options = CheckOptions {
        origin,
        ..CheckOptions::default()
    };
    check_with(name, text, &options)
}

/// Checks one file as `options` say: a `config.toml` or a registration
/// template, kept where [`CheckOptions::origin`] says, for the runner
/// release [`CheckOptions::runner_version`] says.
///
/// ```
/// use runner_config::check::{CheckOptions, check_with};
///
/// let text = "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\nimage = \"alpine:3.19\"\n\
///             allowed_pull_policies = [\"always\", \"if-not-present\"]\n";
/// let mut options = CheckOptions::default();
/// options.runner_version = "15.0".parse().unwrap();
/// let report = check_with("config.toml", text, &options);
/// let finding = report.diagnostics.iter().find(|d| d.code() == "unknown-key-too-new").unwrap();
/// assert!(finding.message().contains("added in 15.1"));
/// assert_eq!(report.runner_version.to_string(), "15.0.1");
/// ```
pub fn check_with(name: &str, text: &str, options: &CheckOptions) -> FileReport {
    let version = options.runner_version;
    let loaded = crate::load::load_for(name, text, version);
    let mut lints = Vec::new();
    crate::rules::run_in(&loaded, options.mode, &mut lints);
    // A rule about a key this release does not read (advice to set it, a
    // check of its value) does not apply to it.
    lints.retain(|d| {
        d.key_path()
            .is_none_or(|path| crate::versions::reads_path(&version, path))
    });
    let mut file = Vec::new();
    crate::rules::file_mode::run(&loaded, options.origin, &mut file);
    if let Some(asked) = version.newer_than_data() {
        file.push(crate::versions::newer_than_data(asked));
    }
    // A finding about the whole file has no position; it goes first.
    let (whole_file, located): (Vec<_>, Vec<_>) =
        file.into_iter().partition(|d| d.span().is_none());
    let (source, mut diagnostics) = loaded.into_source_and_diagnostics();
    if options.mode == Mode::Template {
        // Registration sets `executor` itself, whatever the template says
        // (`template-key-ignored`): an unknown one there stops nothing. Type
        // errors still count, since the template is loaded like a config.
        diagnostics.retain(|d| d.code() != "unknown-executor");
    }
    // The rules quote values from the model: keep the file's secrets out.
    diagnostics.extend(lints.into_iter().chain(located).map(|d| source.redact(d)));
    crate::load::sort_by_position(&mut diagnostics);
    diagnostics.splice(0..0, whole_file.into_iter().map(|d| source.redact(d)));
    FileReport {
        source,
        diagnostics,
        runner_version: version,
    }
}
