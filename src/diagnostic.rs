//! Diagnostics as values: a rule, a severity, a location, a message.
//!
//! Every stage (loader, rules) produces [`Diagnostic`]s and never prints;
//! the renderers in the binary turn them into text, JSON, Code Quality or
//! SARIF. A diagnostic owns no source text: its spans point into the one
//! [`Source`] the renderer is given, whose secrets are already redacted.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

mod redact;

pub use redact::Secrets;
pub(crate) use redact::{credential_key, credential_variable};

/// How bad a finding is, judged by what happens to the runner's jobs.
///
/// ```
/// use runner_config::Severity;
///
/// assert!(Severity::Error > Severity::Warning);
/// assert_eq!(Severity::Info.as_str(), "info");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// Advice: the config works, and here is a risk or a better option.
    Info,
    /// The runner loads the file but silently ignores something or does
    /// something the author almost certainly did not intend.
    Warning,
    /// The runner refuses to load the file, or every job (or every job that
    /// does not set its own policy) fails.
    Error,
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// When GitLab Runner acts on what a rule finds: the moment that decides a
/// finding's default severity (`runner-behaviour.md` §1, `severity.md`).
///
/// A finding whose stage is [`Stage::Load`] means the runner refuses the
/// whole file, so no severity override may hide it (see
/// `report::Overrides`); findings of the later stages are the user's call.
///
/// ```
/// use runner_config::{rules, Stage};
///
/// assert_eq!(rules::find("syntax-error").unwrap().stage, Stage::Load);
/// assert_eq!(rules::find("unknown-key").unwrap().stage, Stage::Silent);
/// assert_eq!(Stage::StartUp.as_str(), "start-up");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stage {
    /// Loading the file (`Config.LoadConfig`) fails: `run`, `verify` and
    /// `lint` stop with `decoding configuration file: …` or
    /// `invalid config: …`, and a reload keeps the old configuration.
    Load,
    /// `gitlab-runner run` refuses to start, or warns as it starts.
    StartUp,
    /// Polling GitLab for jobs: the `[[runners]]` entry never takes a job.
    Polling,
    /// A job runs: it fails, or runs without what the file asked for.
    Job,
    /// Never: the runner ignores the setting without a word, or never
    /// looks at what the rule checks (the file's permissions, where it is
    /// kept).
    Silent,
}

impl Stage {
    /// `load`, `start-up`, `polling`, `job` or `silent`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Load => "load",
            Self::StartUp => "start-up",
            Self::Polling => "polling",
            Self::Job => "job",
            Self::Silent => "silent",
        }
    }

    /// The moment in a few words, for people: `when a job runs`.
    pub const fn description(self) -> &'static str {
        match self {
            Self::Load => "while loading the file (it refuses the file)",
            Self::StartUp => "when `gitlab-runner run` starts",
            Self::Polling => "when it polls GitLab for jobs",
            Self::Job => "when a job runs",
            Self::Silent => "never (it says nothing about this)",
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A check's fixed description: its stable code, default severity and
/// documentation.
///
/// Codes are kebab-case and never change meaning once released; scripts
/// filter on them and `--allow`/`--deny` name them.
///
/// ```
/// use runner_config::rules;
///
/// let rule = rules::find("unknown-key").unwrap();
/// assert_eq!(rule.code, "unknown-key");
/// ```
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable kebab-case code, e.g. `unknown-pull-policy`.
    pub code: &'static str,
    /// Severity unless the user overrides it.
    pub severity: Severity,
    /// When GitLab Runner acts on what the rule finds.
    pub stage: Stage,
    /// One line: what the rule finds.
    pub summary: &'static str,
    /// Why it matters: what GitLab Runner does with such a config.
    pub explanation: &'static str,
    /// A config excerpt that triggers the rule.
    pub bad: &'static str,
    /// The same excerpt, fixed.
    pub good: &'static str,
}

/// A secondary location with its own short text.
///
/// ```
/// use runner_config::load;
///
/// // The runner reads `concurrent` case-insensitively, so both keys set it.
/// let loaded = load::load("concurrent = 1\nConcurrent = 2\n");
/// let finding = &loaded.diagnostics()[0];
/// assert_eq!(finding.code(), "case-duplicate-key");
/// let label = &finding.labels()[0];
/// assert_eq!(label.text, "also set here");
/// assert_eq!(&loaded.source().text()[label.span.clone()], "concurrent");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Byte range in the source.
    pub span: Range<usize>,
    /// What this place has to do with the finding.
    pub text: String,
}

/// One finding: what is wrong, where, and what to do about it.
///
/// ```
/// use runner_config::{rules, Diagnostic, Severity};
///
/// let rule = rules::find("unknown-key").unwrap();
/// let d = Diagnostic::new(rule, "unknown key `pull_policies`")
///     .at(40..53)
///     .key("runners[0].docker.pull_policies")
///     .help("did you mean `pull_policy`?");
/// assert_eq!(d.severity(), Severity::Warning);
/// assert_eq!(d.span(), Some(40..53));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    rule: &'static Rule,
    severity: Severity,
    message: String,
    help: Option<String>,
    key: Option<String>,
    span: Option<Range<usize>>,
    labels: Vec<Label>,
    runner: Option<String>,
    jobs: Option<Vec<String>>,
    fix: Option<Box<crate::fix::Fix>>,
}

impl Diagnostic {
    /// A finding of `rule` at its default severity.
    pub fn new(rule: &'static Rule, message: impl Into<String>) -> Self {
        Self {
            rule,
            severity: rule.severity,
            message: message.into(),
            help: None,
            key: None,
            span: None,
            labels: Vec::new(),
            runner: None,
            jobs: None,
            fix: None,
        }
    }

    /// Sets the primary location (a byte range in the source).
    #[must_use]
    pub fn at(mut self, span: Range<usize>) -> Self {
        self.span = Some(span);
        self
    }

    /// Sets the primary location if there is one.
    #[must_use]
    pub fn at_opt(mut self, span: Option<Range<usize>>) -> Self {
        self.span = span;
        self
    }

    /// Sets the dotted key path, e.g. `runners[0].docker.pull_policy[1]`.
    #[must_use]
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    /// Adds advice on what to do.
    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a secondary location.
    #[must_use]
    pub fn label(mut self, span: Range<usize>, text: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            text: text.into(),
        });
        self
    }

    /// Names the runner the finding is about (`runner-config ci`: its
    /// `name`, or `#index`).
    #[must_use]
    pub fn runner(mut self, runner: impl Into<String>) -> Self {
        self.runner = Some(runner.into());
        self
    }

    /// Names the pipeline jobs the finding is about (`runner-config ci`).
    #[must_use]
    pub fn jobs<I, S>(mut self, jobs: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.jobs = Some(jobs.into_iter().map(Into::into).collect());
        self
    }

    /// Attaches the edits that correct the finding (see [`crate::fix`]).
    #[must_use]
    pub fn with_fix(mut self, fix: crate::fix::Fix) -> Self {
        self.fix = Some(Box::new(fix));
        self
    }

    /// Attaches a fix if there is one.
    #[must_use]
    pub fn with_fix_opt(mut self, fix: Option<crate::fix::Fix>) -> Self {
        self.fix = fix.map(Box::new);
        self
    }

    /// Attaches a fix to a finding already made.
    pub(crate) fn set_fix(&mut self, fix: crate::fix::Fix) {
        self.fix = Some(Box::new(fix));
    }

    /// Overrides the severity (for `--deny`/`--warn` and the like).
    #[must_use]
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// The rule that produced this finding.
    pub fn rule(&self) -> &'static Rule {
        self.rule
    }

    /// The rule's stable code.
    pub fn code(&self) -> &'static str {
        self.rule.code
    }

    /// The effective severity.
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// What is wrong, in one sentence.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// What to do about it.
    pub fn help_text(&self) -> Option<&str> {
        self.help.as_deref()
    }

    /// The dotted key path the finding is about.
    pub fn key_path(&self) -> Option<&str> {
        self.key.as_deref()
    }

    /// The primary location, as a byte range.
    pub fn span(&self) -> Option<Range<usize>> {
        self.span.clone()
    }

    /// Secondary locations.
    pub fn labels(&self) -> &[Label] {
        &self.labels
    }

    /// The runner the finding is about, if it is about one.
    pub fn runner_name(&self) -> Option<&str> {
        self.runner.as_deref()
    }

    /// The pipeline jobs the finding is about, if it is about jobs.
    pub fn job_names(&self) -> Option<&[String]> {
        self.jobs.as_deref()
    }

    /// The edits that correct the finding, when it has an obvious
    /// correction.
    ///
    /// ```
    /// use runner_config::fix::Applicability;
    ///
    /// let loaded = runner_config::load::load("[[runners]]\nExecutor = \"shell\"\n");
    /// let finding = &loaded.diagnostics()[0];
    /// let fix = finding.fix().unwrap();
    /// assert_eq!(fix.applicability(), Applicability::Safe);
    /// assert_eq!(fix.edits()[0].content(), "executor");
    /// ```
    pub fn fix(&self) -> Option<&crate::fix::Fix> {
        self.fix.as_deref()
    }

    /// Pairs the finding with its source for miette's renderers.
    pub fn with_source<'a>(&'a self, source: &'a Source) -> SourcedDiagnostic<'a> {
        SourcedDiagnostic {
            diagnostic: self,
            source,
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diagnostic {}

impl miette::Diagnostic for Diagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.rule.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let primary = self.span.clone().map(|span| {
            miette::LabeledSpan::new_primary_with_span(None, miette::SourceSpan::from(span))
        });
        let secondary = self.labels.iter().map(|l| {
            miette::LabeledSpan::new_with_span(
                Some(l.text.clone()),
                miette::SourceSpan::from(l.span.clone()),
            )
        });
        Some(Box::new(primary.into_iter().chain(secondary)))
    }
}

/// A [`Diagnostic`] together with the (redacted) text it points into, ready
/// for miette's graphical or narratable renderers.
///
/// ```
/// use miette::{GraphicalReportHandler, GraphicalTheme};
/// use runner_config::check::check;
///
/// let report = check("config.toml", "concurrent = 4\nconcurent = 4\n");
/// let finding = &report.diagnostics[0];
/// let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor());
/// let mut out = String::new();
/// handler.render_report(&mut out, &finding.with_source(&report.source)).unwrap();
/// assert!(out.contains("unknown-key"));
/// assert!(out.contains("[config.toml:2:1]"));
/// assert!(out.contains("concurent = 4"));
/// ```
#[derive(Debug)]
pub struct SourcedDiagnostic<'a> {
    diagnostic: &'a Diagnostic,
    source: &'a Source,
}

impl fmt::Display for SourcedDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.diagnostic, f)
    }
}

impl std::error::Error for SourcedDiagnostic<'_> {}

impl miette::Diagnostic for SourcedDiagnostic<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        miette::Diagnostic::code(self.diagnostic)
    }
    fn severity(&self) -> Option<miette::Severity> {
        miette::Diagnostic::severity(self.diagnostic)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        miette::Diagnostic::help(self.diagnostic)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        miette::Diagnostic::labels(self.diagnostic)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(self.source)
    }
}

/// The only text a renderer ever sees: a file's text with every secret
/// blanked, byte for byte, so that spans stay valid.
///
/// A `Source` is built from the original text and the secrets a front end
/// found in it ([`Secrets`]: the TOML loader supplies the values of keys the
/// runner treats as credentials, a YAML front end would supply its own). It
/// adds what any text shows, whatever its format: credentials in URLs,
/// `NAME=value` entries, `key = value` assignments and `--flag value`s
/// whose name says credential, GitLab tokens by their prefixes. The
/// original text is not kept, so no renderer can reach it; what is kept of
/// the secrets (8-byte windows, never shown, not even by `Debug`) lets
/// [`Source::scrub`] keep them out of messages, which quote values.
///
/// ```
/// use runner_config::Source;
///
/// let text = "token = \"glrt-SECRET\"\n";
/// let source = Source::redacted("config.toml", text, &[9..20]);
/// assert_eq!(source.text(), "token = \"***********\"\n");
/// assert_eq!(source.line_col(9), (1, 10));
///
/// // Found in any text: a URL's credentials, a credential entry.
/// let text = "url = \"deploy:hunter22@gitlab.example.com\"\nenv = [\"DB_PASSWORD=pw\"]\n";
/// let source = Source::redacted("config.toml", text, &[]);
/// assert_eq!(
///     source.text(),
///     "url = \"***************@gitlab.example.com\"\nenv = [\"DB_PASSWORD=**\"]\n"
/// );
/// ```
#[derive(Clone)]
pub struct Source {
    name: String,
    text: String,
    /// Where each line starts (after each `\n`).
    line_starts: Vec<usize>,
    /// Every `\r` not followed by `\n`: miette ends a line there too.
    lone_returns: Vec<usize>,
    prints: redact::Fingerprints,
}

impl Source {
    /// Builds the renderer's view of `text`, blanking the ranges in
    /// `secrets` and every secret any text shows. Ranges out of bounds or
    /// not on character boundaries are widened to the enclosing
    /// characters, never ignored; line breaks stay, so lines do not move.
    pub fn new(name: impl Into<String>, text: &str, secrets: Secrets) -> Self {
        let (mut ranges, values) = secrets.into_parts();
        redact::detect(text, &mut ranges);
        for range in &mut ranges {
            let start = floor_char_boundary(text, range.start.min(text.len()));
            let end = ceil_char_boundary(text, range.end.min(text.len()));
            *range = start..end.max(start);
        }
        ranges.sort_unstable_by_key(|r| (r.start, r.end));
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
        for range in ranges {
            match merged.last_mut() {
                Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
                _ => merged.push(range),
            }
        }
        let mut prints = redact::Fingerprints::default();
        let mut bytes = text.as_bytes().to_vec();
        for range in merged {
            prints.add(&text.as_bytes()[range.clone()]);
            for b in &mut bytes[range] {
                if *b != b'\n' && *b != b'\r' {
                    *b = b'*';
                }
            }
        }
        for value in &values {
            prints.add(value.as_bytes());
        }
        // Whole characters were replaced byte for byte with ASCII, so the
        // result is still UTF-8; fall back to a lossy copy rather than panic.
        let redacted = String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        let line_starts = std::iter::once(0)
            .chain(redacted.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let lone_returns = redacted
            .match_indices('\r')
            .map(|(i, _)| i)
            .filter(|&i| redacted.as_bytes().get(i + 1) != Some(&b'\n'))
            .collect();
        Self {
            name: name.into(),
            text: redacted,
            line_starts,
            lone_returns,
            prints,
        }
    }

    /// [`Source::new`] with secrets given as byte ranges.
    pub fn redacted(name: impl Into<String>, text: &str, secrets: &[Range<usize>]) -> Self {
        Self::new(name, text, Secrets::from(secrets))
    }

    /// The file name shown in reports.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The redacted text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// 1-based line and column of a byte offset; columns count Unicode
    /// characters. Offsets past the end map to the end.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let text = self.text();
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line];
        let column = text[start..offset].chars().count() + 1;
        (line + 1, column)
    }

    /// `text` (a message, a help text, any output about this file) with
    /// every part of a secret of this file blanked, one `*` per character:
    /// any run of 8 or more bytes of a secret, credentials in URLs and
    /// credential `NAME=value` entries.
    ///
    /// ```
    /// use runner_config::Source;
    ///
    /// let source = Source::redacted("c.toml", "token = \"glrt-0123456789\"\n", &[]);
    /// assert_eq!(source.scrub("quoted \"glrt-0123456789\""), "quoted \"***************\"");
    /// assert_eq!(source.scrub("image u:pw@registry/app"), "image ****@registry/app");
    /// assert_eq!(source.scrub("nothing secret"), "nothing secret");
    /// ```
    pub fn scrub<'a>(&self, text: &'a str) -> Cow<'a, str> {
        self.prints.scrub(text)
    }

    /// `diagnostic` with its message, help, labels and key path
    /// [scrubbed](Source::scrub), and each edit of its fix that would show
    /// a secret marked ([`crate::fix::Edit::holds_secret`]): what a front
    /// end or a tool adding its own findings calls before handing them to a
    /// renderer with this source.
    ///
    /// ```
    /// use runner_config::{rules, Diagnostic, Source};
    ///
    /// let source = Source::redacted("c.toml", "password = \"correct-horse\"\n", &[]);
    /// let rule = rules::find("unknown-key").unwrap();
    /// let leaky = Diagnostic::new(rule, "`password` is \"correct-horse\"").help("correct-horse");
    /// let safe = source.redact(leaky);
    /// assert_eq!(safe.message(), "`password` is \"*************\"");
    /// assert_eq!(safe.help_text(), Some("*************"));
    /// ```
    pub fn redact(&self, mut diagnostic: Diagnostic) -> Diagnostic {
        let scrub = |text: &mut String| {
            if let Cow::Owned(scrubbed) = self.scrub(text) {
                *text = scrubbed;
            }
        };
        scrub(&mut diagnostic.message);
        if let Some(help) = &mut diagnostic.help {
            scrub(help);
        }
        if let Some(key) = &mut diagnostic.key {
            scrub(key);
        }
        for label in &mut diagnostic.labels {
            scrub(&mut label.text);
        }
        if let Some(fix) = &mut diagnostic.fix {
            fix.redact(self);
        }
        diagnostic
    }
}

impl fmt::Debug for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Source")
            .field("name", &self.name)
            .field("text", &self.text)
            .field("prints", &self.prints)
            .finish()
    }
}

/// Snippets for miette, in time proportional to what they show.
///
/// miette's own implementation for `str` scans from the start of the text
/// for every snippet, so a report of `n` findings took time in `n` times
/// the file's length. This one starts the same scan at the first line the
/// snippet shows (found in `line_starts`) and adds the lines before it, so
/// the result is identical and the work is the snippet's.
impl miette::SourceCode for Source {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let bytes = self.text.as_bytes();
        let offset = span.offset();
        if offset > bytes.len() {
            return Err(miette::MietteError::OutOfBounds);
        }
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let mut first = line.saturating_sub(context_lines_before);
        // miette looks at the byte before an empty span: keep it inside.
        if span.is_empty() && offset == self.line_starts[first] {
            first = first.saturating_sub(1);
        }
        let window = self.line_starts[first];
        let lines_before = first + self.lone_returns.partition_point(|&i| i < window);
        let local = miette::SourceSpan::new((offset - window).into(), span.len());
        let contents = <[u8] as miette::SourceCode>::read_span(
            &bytes[window..],
            &local,
            context_lines_before,
            context_lines_after,
        )?;
        let shown = contents.span();
        #[cfg(test)]
        tests::SCANNED.with(|scanned| scanned.set(scanned.get() + shown.offset() + shown.len()));
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            contents.data(),
            miette::SourceSpan::new((shown.offset() + window).into(), shown.len()),
            contents.line() + lines_before,
            contents.column(),
            contents.line_count() + lines_before,
        )))
    }
}

/// A value as quoted in a message: at most `max` characters, then `…`.
/// Keeps a megabyte-long value from flooding a report.
pub(crate) fn shorten(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_owned(),
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char_boundary(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use miette::SourceCode as _;
    use proptest::prelude::*;

    thread_local! {
        /// Bytes miette scanned to cut snippets out of any `Source` on this
        /// thread: the work the human report does per finding.
        pub(crate) static SCANNED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    proptest! {
        /// Cutting a snippet out at its first line gives exactly what
        /// miette's own scan from the start of the text gives.
        #[test]
        fn snippets_are_miette_s(
            text in "([a\\n\r\t é]|\r\n){0,60}",
            start in 0usize..70,
            len in 0usize..20,
            before in 0usize..3,
            after in 0usize..3,
        ) {
            let source = Source::redacted("f", &text, &[]);
            let start = start.min(text.len());
            let span = miette::SourceSpan::new(start.into(), len);
            let ours = source.read_span(&span, before, after);
            // miette's scan slices out of bounds when a span ends past the
            // text with no context before it; ours refuses such spans.
            let fits = start + len <= text.len() + 1 || before > 0;
            if !fits {
                return Ok(());
            }
            let theirs = text.as_str().read_span(&span, before, after);
            match (ours, theirs) {
                (Ok(ours), Ok(theirs)) => {
                    prop_assert_eq!(ours.data(), theirs.data());
                    prop_assert_eq!(ours.span(), theirs.span());
                    prop_assert_eq!(ours.line(), theirs.line());
                    prop_assert_eq!(ours.column(), theirs.column());
                    prop_assert_eq!(ours.line_count(), theirs.line_count());
                    prop_assert_eq!(ours.name(), Some("f"));
                }
                (Err(_), Err(_)) => {}
                (ours, theirs) => prop_assert!(false, "{:?} vs {:?}", ours.is_ok(), theirs.is_ok()),
            }
        }
    }

    #[test]
    fn snippets_scan_only_their_lines() {
        let text = "a = 1\n".repeat(10_000);
        let source = Source::redacted("f", &text, &[]);
        let before = SCANNED.with(std::cell::Cell::get);
        let span = miette::SourceSpan::new((text.len() - 6).into(), 1);
        source.read_span(&span, 2, 2).unwrap();
        let scanned = SCANNED.with(std::cell::Cell::get) - before;
        assert!(scanned <= 3 * 6, "{scanned}");
    }

    #[test]
    fn line_col_counts_characters() {
        let s = Source::redacted("x", "a = 1\nné = \"é\"\n", &[]);
        assert_eq!(s.line_col(0), (1, 1));
        assert_eq!(s.line_col(6), (2, 1));
        assert_eq!(s.line_col(9), (2, 3));
        assert_eq!(s.line_col(1000), (3, 1));
    }

    #[test]
    fn redaction_keeps_lengths_and_lines() {
        let text = "a = \"é\nx\"";
        let secrets = [std::ops::Range { start: 5, end: 9 }];
        let s = Source::redacted("x", text, &secrets);
        assert_eq!(s.text().len(), text.len());
        assert_eq!(s.text(), "a = \"**\n*\"");
    }
}
