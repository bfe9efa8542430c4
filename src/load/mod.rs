//! Text → spanned document → typed model, with every problem located.
//!
//! One parse (`toml::de::DeTable::parse_recoverable`) gives every key and
//! value with its span and every syntax error. One walk over that tree,
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
use crate::{Diagnostic, Rule, Secrets, Severity, Source};

pub(crate) mod codes;
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
    let (mut document, syntax_errors) = DeTable::parse_recoverable(text);
    let mut diagnostics: Vec<Diagnostic> = syntax_errors
        .iter()
        .map(|e| syntax_error(text, e))
        .collect();
    let broken: Vec<Range<usize>> = syntax_errors.iter().filter_map(|e| e.span()).collect();
    let mut secrets = Secrets::new();
    resolve::secret_strings(text, document.get_ref(), &mut secrets);
    // A value the parser dropped (a duplicate key, a broken line) is in no
    // tree: blank the rest of any broken line whose key names a credential.
    for span in &broken {
        secret_line_rest(text, span.start, &mut secrets);
    }
    let findings = resolve::resolve(text, document.get_mut(), T::TABLE, &broken);
    secrets.extend(findings.secrets);
    diagnostics.extend(findings.diagnostics);
    let model = decode::<T>(document, &findings.index, &mut diagnostics);
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
    }
}

/// A syntax error as a finding, always with a location.
///
/// toml reports its recursion limit (more than 80 dotted-key parts, arrays
/// or inline tables nested in one another) without a span; the finding then
/// points at the line with the longest dotted key or deepest nesting.
fn syntax_error(text: &str, error: &toml::de::Error) -> Diagnostic {
    let message = error.message().trim_end();
    match error.span() {
        Some(span) => Diagnostic::new(&codes::SYNTAX_ERROR, message).at(span),
        None if message == "recursion limit" => Diagnostic::new(
            &codes::SYNTAX_ERROR,
            "nested too deeply: more than 80 dotted-key parts, arrays or inline tables",
        )
        .at(deepest_line(text))
        .help("the TOML parser stops at 80 levels; no GitLab Runner setting nests that deep"),
        None => Diagnostic::new(&codes::SYNTAX_ERROR, message).at(0..text.len().min(1)),
    }
}

/// The line of `text` with the most `.`, `[` and `{` (a dotted key, a
/// header, nested arrays or inline tables), as a byte range.
fn deepest_line(text: &str) -> Range<usize> {
    let mut best = (0, 0..0);
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let depth = line
            .bytes()
            .filter(|b| matches!(b, b'.' | b'[' | b'{'))
            .count();
        let content = line.trim_end_matches(['\n', '\r']);
        if depth > best.0 {
            best = (depth, start..start + content.len());
        }
        start += line.len();
    }
    best.1
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
fn decode<T: DeserializeOwned + Default>(
    mut document: Spanned<DeTable<'_>>,
    index: &SpanIndex,
    diagnostics: &mut Vec<Diagnostic>,
) -> T {
    for _ in 0..MAX_DECODE_ATTEMPTS {
        let error = match T::deserialize(toml::de::Deserializer::from(document.clone())) {
            Ok(model) => return model,
            Err(error) => error,
        };
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
