//! Text → spanned document → typed model, with every problem located.
//!
//! One parse (`toml_parser`'s events, assembled the way GitLab Runner's
//! decoder, BurntSushi/toml v1.6.0, assembles them; see [`parse_toml`])
//! gives every key and value with its span, every syntax error, and a
//! warning where the runner accepts TOML the specification forbids. Keys
//! whose table cannot be known after a syntax error (below a broken
//! header) are kept out of that tree, so nothing below reports on them;
//! only their secrets are collected. One walk over the tree,
//! against the model's key definitions, resolves keys the way GitLab Runner
//! does (exact name, then its case-insensitive fallback), reports unknown
//! and misplaced keys and values of the wrong type, renames and removes in
//! place, indexes every key's span and collects the spans of secrets.
//! serde then decodes the model from that same tree. Nothing is parsed
//! twice, and the first problem never hides the others.
//!
//! The result, [`Loaded`], keeps a model the runner would refuse apart
//! from one it would load: [`Loaded::config`] returns `Err(&Partial)` when
//! any error was found, and only [`Partial::best_effort`] reaches the model
//! built from what was left.

use std::any::Any;
use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::model::Config;
use crate::model::shape::Section;
use crate::versions::RunnerVersion;
use crate::{Diagnostic, Rule, Secrets, Severity, Source};

pub(crate) mod codes;
mod document;
mod index;
pub(crate) mod locate;
mod resolve;
pub(crate) mod validate;

pub use index::{KeySpans, SpanIndex};
pub(crate) use resolve::{push_key, suggest_key};

/// A file that was loaded: the model (valid or partial), every problem the
/// loader found, where each key is, and the redacted text.
///
/// ```
/// use runner_config::load;
///
/// let loaded = load::load(
///     "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\nshm_size = \"256m\"\nimage = \"alpine\"\n",
/// );
/// assert!(!loaded.is_valid());
/// assert_eq!(loaded.diagnostics()[0].code(), "type-mismatch");
/// // Only the partial model is reachable, and it keeps every good value.
/// let partial = loaded.config().unwrap_err().best_effort();
/// let docker = partial.runners[0].docker.as_ref().unwrap();
/// assert_eq!(docker.image.as_deref(), Some("alpine"));
/// assert_eq!(docker.shm_size, None);
/// ```
#[derive(Debug, Clone)]
pub struct Loaded<T = Config> {
    model: Result<T, Partial<T>>,
    diagnostics: Vec<Diagnostic>,
    spans: SpanIndex,
    source: Source,
    version: RunnerVersion,
}

/// The model of a file GitLab Runner would refuse to load, built from
/// everything that could be decoded.
///
/// Values the runner would reject are missing from it (as if not written),
/// so it is good for pointing at more problems, never for describing what
/// the runner does.
///
/// ```
/// use runner_config::load;
///
/// // `concurrent` has the wrong type: the runner would not load this file.
/// let loaded = load::load("concurrent = \"4\"\nlog_level = \"debug\"\n");
/// assert!(!loaded.is_valid());
/// let partial = loaded.into_config().unwrap_err();
/// let model = partial.into_best_effort();
/// assert_eq!(model.concurrent, None); // the bad value is left out
/// assert_eq!(model.log_level.map(|l| l.as_str()), Some("debug"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Partial<T> {
    model: T,
}

impl<T> Partial<T> {
    /// The model decoded from what was left once the bad values were
    /// taken out.
    pub fn best_effort(&self) -> &T {
        &self.model
    }

    /// Takes the best-effort model.
    pub fn into_best_effort(self) -> T {
        self.model
    }
}

impl<T> Loaded<T> {
    /// The model if the runner would load this file, or the partial model
    /// if it would not.
    pub fn config(&self) -> Result<&T, &Partial<T>> {
        self.model.as_ref()
    }

    /// The model whether or not the runner would load the file: for
    /// tools that report on a file as written (lint rules, permission
    /// checks), never for running it. Use [`Loaded::config`] to get a
    /// model only when it is valid.
    ///
    /// ```
    /// let loaded = runner_config::load::load("concurrent = \"4\"\n[[runners]]\nname = \"a\"\n");
    /// assert!(loaded.config().is_err());
    /// assert_eq!(loaded.best_effort().runners.len(), 1);
    /// ```
    pub fn best_effort(&self) -> &T {
        match &self.model {
            Ok(model) => model,
            Err(partial) => partial.best_effort(),
        }
    }

    /// Takes the model (see [`Loaded::config`]).
    pub fn into_config(self) -> Result<T, Partial<T>> {
        self.model
    }

    /// Whether the runner would load the file: no loader diagnostic is an
    /// error. Warnings (unknown keys, odd case) do not stop the runner.
    pub fn is_valid(&self) -> bool {
        self.model.is_ok()
    }

    /// Every problem found while loading, sorted by position.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Where each key the runner reads is written.
    pub fn spans(&self) -> &SpanIndex {
        &self.spans
    }

    /// The text with every secret blanked out; spans point into it.
    pub fn source(&self) -> &Source {
        &self.source
    }

    /// The GitLab Runner release the file was read for: the model holds
    /// only what that release reads.
    pub fn runner_version(&self) -> RunnerVersion {
        self.version
    }

    /// The source and the diagnostics, for a report.
    pub fn into_source_and_diagnostics(self) -> (Source, Vec<Diagnostic>) {
        (self.source, self.diagnostics)
    }
}

/// Loads the text of a `config.toml`, named `config.toml` in reports.
///
/// ```
/// let loaded = runner_config::load::load("concurrent = 4\n[[runners]]\nExecutor = \"shell\"\n");
/// assert!(loaded.is_valid());
/// assert_eq!(loaded.config().unwrap().concurrent, Some(4));
/// assert_eq!(loaded.diagnostics()[0].code(), "non-canonical-key-case");
/// ```
pub fn load(text: &str) -> Loaded<Config> {
    load_as::<Config>("config.toml", text)
}

/// Loads the text of a `config.toml`; `name` is only used in reports.
pub fn load_named(name: &str, text: &str) -> Loaded<Config> {
    load_as::<Config>(name, text)
}

/// Loads the text of a `config.toml` as GitLab Runner `version` reads it:
/// with that release's TOML decoder, and without the keys and feature flags
/// it does not read (each reported), so the model and every rule see what
/// that runner sees. `name` is only used in reports.
///
/// ```
/// use runner_config::load;
/// use runner_config::versions::RunnerVersion;
///
/// let text = "[[runners]]\nexecutor = \"shell\"\n[runners.labels]\nteam = \"build\"\n";
/// let old: RunnerVersion = "18.4".parse().unwrap();
/// let loaded = load::load_for("config.toml", text, old);
/// assert_eq!(loaded.diagnostics()[0].code(), "unknown-key-too-new");
/// assert!(loaded.config().unwrap().runners[0].labels.is_empty());
/// assert!(load::load_for("config.toml", text, RunnerVersion::newest()).diagnostics().is_empty());
/// ```
pub fn load_for(name: &str, text: &str, version: RunnerVersion) -> Loaded<Config> {
    load_as_for::<Config>(name, text, version)
}

/// A `config.toml` as GitLab Runner's TOML decoder reads it, before any
/// key is matched to a setting: every table, key and value with its span,
/// the syntax errors the runner would refuse the file for, and warnings
/// where it accepts TOML other tools reject.
///
/// ```
/// // BurntSushi/toml merges a header into a table dotted keys defined.
/// let document = runner_config::load::parse_toml(
///     "[[runners]]\ndocker.image = \"alpine\"\n[runners.docker]\nprivileged = true\n",
/// );
/// assert_eq!(document.diagnostics()[0].code(), "lenient-toml");
/// let runners = document.table()["runners"].get_ref().as_array().unwrap();
/// let docker = runners[0].get_ref().as_table().unwrap()["docker"].get_ref();
/// assert!(docker.as_table().unwrap().contains_key("privileged"));
/// ```
#[derive(Debug)]
pub struct TomlDocument<'i> {
    table: Spanned<DeTable<'i>>,
    diagnostics: Vec<Diagnostic>,
}

impl<'i> TomlDocument<'i> {
    /// The root table.
    pub fn table(&self) -> &DeTable<'i> {
        self.table.get_ref()
    }

    /// Syntax errors and warnings, sorted by position.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }
}

impl Drop for TomlDocument<'_> {
    /// Dotted keys inside nested inline tables can build trees thousands
    /// of levels deep; toml's own drop would recurse through them.
    fn drop(&mut self) {
        let table = std::mem::take(self.table.get_mut());
        resolve::dismantle(DeValue::Table(table));
    }
}

/// Parses `text` the way GitLab Runner's TOML decoder does (see
/// [`TomlDocument`]). Never panics.
pub fn parse_toml(text: &str) -> TomlDocument<'_> {
    let parsed = document::parse(text, RunnerVersion::newest());
    for table in parsed.detached {
        resolve::dismantle(DeValue::Table(table));
    }
    let mut diagnostics = parsed.diagnostics;
    sort_by_position(&mut diagnostics);
    TomlDocument {
        table: parsed.document,
        diagnostics,
    }
}

/// The rules the loader reports, each with its code, severity and
/// documentation.
pub fn rules() -> impl Iterator<Item = &'static Rule> {
    codes::RULES.iter().copied()
}

/// Loads the text of a `config.toml` into `T`, the root of a model
/// declared with `section!` (normally [`crate::model::Config`]); `name` is
/// only used in reports.
///
/// Never panics, whatever the input.
pub fn load_as<T>(name: &str, text: &str) -> Loaded<T>
where
    T: Section + DeserializeOwned + Default + 'static,
{
    load_as_for(name, text, RunnerVersion::newest())
}

/// [`load_as`], as GitLab Runner `version` reads the file (see
/// [`load_for`]).
pub fn load_as_for<T>(name: &str, text: &str, version: RunnerVersion) -> Loaded<T>
where
    T: Section + DeserializeOwned + Default + 'static,
{
    let parsed = document::parse(text, version);
    let mut document = parsed.document;
    let mut diagnostics = parsed.diagnostics;
    let broken = parsed.broken;
    let mut secrets = Secrets::new();
    resolve::secret_strings(text, document.get_ref(), &mut secrets);
    // Keys kept out of the document (below a broken header, or values the
    // decoder drops) raise no finding: where they belong is unknown, or the
    // runner never reads them. Their secrets are blanked all the same.
    for table in parsed.detached {
        resolve::secret_strings(text, &table, &mut secrets);
        resolve::dismantle(DeValue::Table(table));
    }
    // A value the parser could not read is in no tree: blank the rest of
    // any broken line whose key names a credential.
    for span in &broken {
        secret_line_rest(text, span.start, &mut secrets);
    }
    let findings = resolve::resolve(text, document.get_mut(), T::TABLE, &broken, version);
    secrets.extend(findings.secrets);
    diagnostics.extend(findings.diagnostics);
    // The walked tree again, for the rare retry: the same parse and walk,
    // whose findings are already reported.
    let rebuild = || {
        let mut again = document::parse(text, version).document;
        resolve::resolve(text, again.get_mut(), T::TABLE, &broken, version);
        again
    };
    let model = decode::<T>(document, rebuild, &findings.index, &mut diagnostics);
    // What the runner checks once the file is decoded; only the real
    // model has those settings.
    if let Some(config) = (&model as &dyn Any).downcast_ref::<Config>() {
        diagnostics.extend(validate::validate(config, &findings.index, text));
    }
    sort_by_position(&mut diagnostics);
    let valid = !diagnostics.iter().any(|d| d.severity() == Severity::Error);
    // From here on, only the redacted text and scrubbed messages exist.
    let source = Source::new(name, text, secrets);
    let diagnostics = diagnostics.into_iter().map(|d| source.redact(d)).collect();
    Loaded {
        model: if valid {
            Ok(model)
        } else {
            Err(Partial { model })
        },
        diagnostics,
        spans: findings.index,
        source,
        version,
    }
}

/// When the line holding `offset` assigns a key named like a credential,
/// adds the rest of that line after `=` to `out`.
fn secret_line_rest(text: &str, offset: usize, out: &mut Secrets) {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let Some(line) = text.get(line_start..line_end) else {
        return;
    };
    let Some(eq) = line.find('=') else {
        return;
    };
    let key = line[..eq].trim().trim_matches(['"', '\'']);
    let name = key.rsplit('.').next().unwrap_or(key);
    if resolve::looks_secret(name) {
        out.add(line_start + eq + 1..line_end);
    }
}

/// Sorts findings by where they start, then end; findings without a place
/// last. The sort is stable, so findings at one place keep their order.
pub(crate) fn sort_by_position(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| {
        d.span()
            .map_or((usize::MAX, usize::MAX), |s| (s.start, s.end))
    });
}

/// At most this many values are taken out and decoding retried when serde
/// rejects something the walk let through.
const MAX_DECODE_ATTEMPTS: usize = 32;

/// Decodes the model from the walked tree.
///
/// The walk removes every value whose shape is wrong, so this succeeds at
/// the first attempt unless a value is right in shape but refused by its
/// type (an integer too large for a narrower field, say). Then the value
/// serde names is reported, taken out, and decoding tried again, so the
/// partial model keeps everything else.
///
/// The first attempt consumes the tree: copying it for a retry that
/// almost never happens cost a tenth of the whole check and held two trees
/// in memory at once. A retry starts from `rebuild`, the same tree again.
fn decode<'t, T: DeserializeOwned + Default>(
    document: Spanned<DeTable<'t>>,
    rebuild: impl FnOnce() -> Spanned<DeTable<'t>>,
    index: &SpanIndex,
    diagnostics: &mut Vec<Diagnostic>,
) -> T {
    let mut error = match T::deserialize(toml::de::Deserializer::from(document)) {
        Ok(model) => return model,
        Err(error) => error,
    };
    let mut document = rebuild();
    for attempt in 0..MAX_DECODE_ATTEMPTS {
        if attempt > 0 {
            error = match T::deserialize(toml::de::Deserializer::from(document.clone())) {
                Ok(model) => return model,
                Err(error) => error,
            };
        }
        let span = error.span();
        let path = span.as_ref().and_then(|s| index.path_of_value(s));
        let secret = path.is_some_and(|p| index.is_secret(p));
        let message = match path {
            Some(path) if secret => format!("`{path}` has a value the runner cannot decode"),
            Some(path) => format!("`{path}` cannot be decoded: {}", error.message()),
            None => format!("the file cannot be decoded: {}", error.message()),
        };
        let mut diagnostic = Diagnostic::new(&codes::TYPE_MISMATCH, message).at_opt(span.clone());
        if let Some(path) = path {
            diagnostic = diagnostic.key(path);
        }
        diagnostics.push(diagnostic);
        let removed = span.is_some_and(|span| remove_value_at(document.get_mut(), &span));
        if !removed {
            break;
        }
    }
    T::default()
}

/// Removes the innermost key or array item whose value has exactly this
/// span. Tables written with a header have the header's span, not their
/// contents', so the whole tree is searched.
fn remove_value_at(table: &mut DeTable<'_>, span: &Range<usize>) -> bool {
    let mut hit = None;
    for (key, value) in table.iter_mut() {
        if remove_inside(value.get_mut(), span) {
            return true;
        }
        if value.span() == *span {
            hit = Some(key.clone());
            break;
        }
    }
    hit.is_some_and(|key| table.remove(key.get_ref().as_ref()).is_some())
}

fn remove_inside(value: &mut DeValue<'_>, span: &Range<usize>) -> bool {
    match value {
        DeValue::Table(table) => remove_value_at(table, span),
        DeValue::Array(items) => {
            for item in items.iter_mut() {
                if remove_inside(item.get_mut(), span) {
                    return true;
                }
            }
            let Some(position) = items.iter().position(|item| item.span() == *span) else {
                return false;
            };
            let kept = std::mem::replace(items, toml::de::DeArray::new())
                .into_iter()
                .enumerate()
                .filter(|(i, _)| *i != position)
                .map(|(_, item)| item);
            *items = kept.collect();
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests;
