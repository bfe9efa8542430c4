//! Key resolution and value checks: one walk over the parsed document
//! against the model's [`TableDef`]s.
//!
//! The walk edits the document in place so serde can decode it afterwards:
//! keys matched only case-insensitively are renamed to the runner's
//! spelling, and keys or values the runner would not accept are removed
//! (after being reported) so the rest still decodes. Along the way it
//! fills the span index and collects the spans of every secret.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::fmt::Write as _;
use std::ops::Range;

use serde::Deserialize as _;
use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue};

use super::codes;
use super::document::dialect::{self, Construct, Dialect, Place, Refusal};
use super::index::SpanIndex;
use super::locate::{self, KeyLocations, Location};
use super::validate::constraints::NFS_REQUIRED_FIELDS;
use crate::fix::plan::{self, Pending, clear_suggestion, fits, holds_table};
use crate::fix::{Applicability, Fix, build};
use crate::model::shape::{EnumDef, KeyDef, Shape, TableDef};
use crate::model::types::{GoDuration, Timestamp};
use crate::policy::gofmt::Quoted;
use crate::policy::{GoType, PullPolicyList};
use crate::suggest::did_you_mean;
use crate::versions::{At, KeyAt, Release, RunnerVersion, codes as version_codes};
use crate::{Diagnostic, Rule, Secrets};

/// What the walk produced besides the edited document.
#[derive(Debug, Default)]
pub(crate) struct Findings {
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) index: SpanIndex,
    pub(crate) secrets: Vec<Range<usize>>,
}

/// Walks `document` against `root`, editing it in place.
///
/// `syntax_errors` are the spans of the parser's errors: a value the parser
/// had to recover (`limit = 3GB` becomes the string `"3GB"`) is taken out
/// without a second report.
pub(crate) fn resolve<'t>(
    text: &'t str,
    document: &mut DeTable<'t>,
    root: &'static TableDef,
    syntax_errors: &[Range<usize>],
    version: RunnerVersion,
) -> Findings {
    let mut broken = syntax_errors.to_vec();
    broken.sort_by_key(|s| (s.start, s.end));
    let mut walker = Walker {
        text,
        root,
        broken,
        indexing: true,
        findings: Findings {
            index: SpanIndex::for_text(text.len()),
            ..Findings::default()
        },
        path: String::with_capacity(128),
        go_path: String::with_capacity(128),
        locations: OnceCell::new(),
        line_starts: OnceCell::new(),
        runner: None,
        pending: Vec::new(),
        version,
        dialect: Dialect::of(version.toml_decoder()),
        key_path: String::with_capacity(128),
    };
    walker.table(document, root, false);
    let pending = std::mem::take(&mut walker.pending);
    let findings = &mut walker.findings;
    plan::attach(text, &mut findings.diagnostics, &findings.index, pending);
    walker.findings
}

/// How a key of the document matched the table's definition.
#[derive(Debug, Clone, Copy)]
enum Resolution {
    /// `keys[i]`, spelt exactly.
    Exact(usize),
    /// `keys[i]`, through the case-insensitive fallback.
    Folded(usize),
    /// `keys[i]`, but another spelling of the same key wins.
    Shadowed {
        index: usize,
        winner: (usize, usize),
    },
    /// No key of the table.
    Unknown,
}

/// The key a value belongs to, for messages.
struct KeyContext<'a> {
    /// Canonical key name (or map key, or `name[i]` for an array item).
    name: &'a str,
    /// The key's span, for the line number in the runner's message.
    key_span: Option<Range<usize>>,
    secret: bool,
    /// The position when the value is an item of an array (`services[0]`).
    item: Option<usize>,
}

impl KeyContext<'_> {
    /// The key for messages: `shm_size`, or `services[0]` for an item.
    fn label(&self) -> String {
        match self.item {
            Some(i) => format!("{}[{i}]", self.name),
            None => self.name.to_owned(),
        }
    }
}

enum Edit<'t> {
    Remove(Spanned<DeString<'t>>),
    Rename(Spanned<DeString<'t>>, &'static str),
}

struct Walker<'t> {
    text: &'t str,
    root: &'static TableDef,
    /// Syntax error spans, sorted.
    broken: Vec<Range<usize>>,
    /// Whether keys go into the span index (not inside a table the runner
    /// cannot load, such as `[runners.docker]` without `[[runners]]`).
    indexing: bool,
    findings: Findings,
    /// The current key path with array positions (`runners[0].docker`).
    path: String,
    /// The same without positions (`runners.docker`), as BurntSushi/toml
    /// names keys in its errors and as tables are named in headers.
    go_path: String,
    locations: OnceCell<KeyLocations>,
    line_starts: OnceCell<Vec<usize>>,
    /// The enclosing runner's table path and executor, to say which
    /// section a misplaced key belongs in, and its path with positions
    /// (`runners[2]`), to move it there.
    runner: Option<(String, String, String)>,
    /// Fixes to complete once the whole file is walked.
    pending: Vec<Pending>,
    /// The runner release the file is read for, and its TOML decoder.
    version: RunnerVersion,
    dialect: Dialect,
    /// The path in the runner's key inventory (`runners[].docker`): `[]`
    /// for an entry of an array of tables, as the release data names keys.
    key_path: String,
}

impl<'t> Walker<'t> {
    fn table(&mut self, table: &mut DeTable<'t>, def: &'static TableDef, in_array: bool) {
        let outer_runner = self.enter_runner(table, def);
        let resolutions = resolve_keys(table, def);
        let mut edits: Vec<Edit<'t>> = Vec::new();
        for ((key, value), resolution) in table.iter_mut().zip(resolutions) {
            match resolution {
                Resolution::Exact(i) | Resolution::Folded(i) => {
                    let Some(key_def) = def.keys.get(i) else {
                        continue;
                    };
                    if !self.read_by_version(key, value, key_def) {
                        edits.push(Edit::Remove(key.clone()));
                        continue;
                    }
                    if let Resolution::Folded(_) = resolution {
                        self.non_canonical(key, key_def, holds_table(value.get_ref()));
                        edits.push(Edit::Rename(key.clone(), key_def.name));
                    }
                    if def.case_sensitive && self.skipped_by_own_decoder(key, value, key_def) {
                        edits.push(Edit::Remove(key.clone()));
                        continue;
                    }
                    if !self.known_key(key, value, key_def) {
                        edits.push(Edit::Remove(key.clone()));
                    }
                }
                Resolution::Shadowed { index, winner } => {
                    if let Some(key_def) = def.keys.get(index) {
                        self.shadowed(key, key_def, winner.0..winner.1);
                    }
                    edits.push(Edit::Remove(key.clone()));
                }
                Resolution::Unknown => {
                    if !self.removed_later(key, value) {
                        self.unknown_key(key, value, def, in_array);
                    }
                    edits.push(Edit::Remove(key.clone()));
                }
            }
        }
        // Removals first: a key in the wrong case whose value is bad is
        // dropped, not renamed.
        for edit in &edits {
            if let Edit::Remove(key) = edit
                && let Some(removed) = table.remove(key.get_ref().as_ref())
            {
                dismantle(removed.into_inner());
            }
        }
        for edit in edits {
            if let Edit::Rename(key, canonical) = edit
                && let Some(value) = table.remove(key.get_ref().as_ref())
            {
                table.insert(Spanned::new(key.span(), Cow::Borrowed(canonical)), value);
            }
        }
        if let Some(outer) = outer_runner {
            self.runner = outer;
        }
    }

    /// Remembers the executor of a table that has one (a runner), so keys
    /// misplaced inside it can be sent to the executor's own section.
    /// Returns the previous context to restore.
    fn enter_runner(
        &mut self,
        table: &DeTable<'t>,
        def: &'static TableDef,
    ) -> Option<Option<(String, String, String)>> {
        def.key("executor")?;
        let executor = table
            .iter()
            .find(|(k, _)| k.get_ref().eq_ignore_ascii_case("executor"))
            .and_then(|(_, v)| v.get_ref().as_str())?;
        let here = (self.go_path.clone(), executor.to_owned(), self.path.clone());
        Some(self.runner.replace(here))
    }

    /// Indexes a known key and checks its value; `false` when the value
    /// must be removed.
    fn known_key(
        &mut self,
        key: &Spanned<DeString<'t>>,
        value: &mut Spanned<DeValue<'t>>,
        key_def: &'static KeyDef,
    ) -> bool {
        let (len, go_len, key_len) = (self.path.len(), self.go_path.len(), self.key_path.len());
        push_key(&mut self.path, key_def.name);
        push_key(&mut self.go_path, key_def.name);
        push_inventory(&mut self.key_path, key_def.name);
        self.index_here(Some(key.span()), value.span(), key_def.secret);
        if key_def.secret {
            let span = self.inner_span(value);
            self.findings.secrets.push(span);
        }
        let context = KeyContext {
            name: key_def.name,
            key_span: Some(key.span()),
            secret: key_def.secret,
            item: None,
        };
        let keep = self.value(value, key_def.shape, &context);
        self.path.truncate(len);
        self.go_path.truncate(go_len);
        self.key_path.truncate(key_len);
        keep
    }

    /// Whether the release the file is read for reads this key of the
    /// newest model; if not, reports it (`unknown-key-too-new`, or
    /// `unknown-key-removed`) and collects its secrets: the value is then
    /// taken out, as the runner ignores it.
    fn read_by_version(
        &mut self,
        key: &Spanned<DeString<'t>>,
        value: &Spanned<DeValue<'t>>,
        key_def: &'static KeyDef,
    ) -> bool {
        let len = self.key_path.len();
        push_inventory(&mut self.key_path, key_def.name);
        let at = self.version.key(&self.key_path);
        self.key_path.truncate(len);
        let (Some(KeyAt::NotYet(release)) | Some(KeyAt::Removed(release))) = at else {
            return true;
        };
        if key_def.secret || looks_secret(key_def.name) {
            let inner = self.inner_span(value);
            self.findings.secrets.push(inner);
        }
        self.scan_value_for_credentials(value);
        let mut path = self.path.clone();
        push_key(&mut path, key_def.name);
        let written: &str = key.get_ref();
        let runner = self.version.release();
        let diagnostic = match at {
            Some(KeyAt::NotYet(_)) => {
                let message = format!(
                    "`{written}` is not read by GitLab Runner {runner}: it was added in {release}"
                );
                Diagnostic::new(&version_codes::UNKNOWN_KEY_TOO_NEW, message)
                    .help(too_new_help(key_def.name, &self.key_path, runner, release))
            }
            _ => Diagnostic::new(
                &codes::UNKNOWN_KEY_REMOVED,
                format!("`{written}` is no longer read by GitLab Runner {runner}: it was removed in {release}"),
            )
            .help("the runner ignores it; remove it"),
        };
        self.findings
            .diagnostics
            .push(diagnostic.at(key.span()).key(path));
        false
    }

    /// A key the newest runner no longer has: read and type-checked with
    /// the release data's type when the release the file is read for still
    /// has it (then dropped, as the model has no place for it), or reported
    /// as removed, naming the release that removed it. `false` when the
    /// release data does not know the key.
    fn removed_later(
        &mut self,
        key: &Spanned<DeString<'t>>,
        value: &mut Spanned<DeValue<'t>>,
    ) -> bool {
        let name: &str = key.get_ref();
        let mut here = self.key_path.clone();
        push_inventory(&mut here, name);
        let Some((canonical, at)) = self.version.key_folded(&here) else {
            return false;
        };
        let canonical = canonical.rsplit('.').next().unwrap_or(canonical);
        match at {
            KeyAt::Read(toml_type) => {
                let (len, go_len, key_len) =
                    (self.path.len(), self.go_path.len(), self.key_path.len());
                push_key(&mut self.path, canonical);
                push_key(&mut self.go_path, canonical);
                self.key_path = here;
                let secret = looks_secret(canonical);
                self.index_here(Some(key.span()), value.span(), secret);
                if secret {
                    let inner = self.inner_span(value);
                    self.findings.secrets.push(inner);
                }
                let context = KeyContext {
                    name: canonical,
                    key_span: Some(key.span()),
                    secret,
                    item: None,
                };
                let _ = self.value(value, shape_of(toml_type), &context);
                self.path.truncate(len);
                self.go_path.truncate(go_len);
                self.key_path.truncate(key_len);
                true
            }
            KeyAt::Removed(release) => {
                if looks_secret(name) {
                    let inner = self.inner_span(value);
                    self.findings.secrets.push(inner);
                }
                self.scan_value_for_credentials(value);
                let runner = self.version.release();
                let note = locate::retired(&self.go_path, name).map(|r| r.note);
                let help = note.map_or_else(
                    || "the runner ignores it; remove it".to_owned(),
                    str::to_owned,
                );
                let mut path = self.path.clone();
                push_key(&mut path, name);
                let message = if self.version.is_newest() {
                    format!(
                        "`{name}` is no longer read by GitLab Runner: it was removed in {release}"
                    )
                } else {
                    format!(
                        "`{name}` is no longer read by GitLab Runner {runner}: it was removed in \
                         {release}"
                    )
                };
                self.findings.diagnostics.push(
                    Diagnostic::new(&codes::UNKNOWN_KEY_REMOVED, message)
                        .at(key.span())
                        .key(path)
                        .help(help),
                );
                true
            }
            KeyAt::NotYet(_) => false,
        }
    }

    /// A feature flag the release the file is read for does not know yet,
    /// or no longer knows: reported, and `true` (take it out of the model).
    fn flag_unknown_to_version(&mut self, name: &Spanned<DeString<'t>>) -> bool {
        let flag: &str = name.get_ref();
        let Some(at @ (At::NotYet(_) | At::Removed(_))) = self.version.flag(flag) else {
            return false;
        };
        let runner = self.version.release();
        let mut path = self.path.clone();
        push_key(&mut path, flag);
        let diagnostic = match at {
            At::NotYet(release) => Diagnostic::new(
                &version_codes::UNKNOWN_FEATURE_FLAG_TOO_NEW,
                format!("GitLab Runner {runner} does not know `{flag}`: it was added in {release}"),
            )
            .help(format!(
                "the runner ignores it and keeps the behaviour the flag would change; it works \
                 from GitLab Runner {release} on"
            )),
            _ => {
                let release = match at {
                    At::Removed(release) => release,
                    _ => runner,
                };
                Diagnostic::new(
                    &version_codes::UNKNOWN_FEATURE_FLAG_REMOVED,
                    format!("GitLab Runner {runner} no longer knows `{flag}`: it was removed in {release}"),
                )
                .help("the runner ignores it: what it switched is now fixed; remove it")
            }
        };
        self.findings
            .diagnostics
            .push(diagnostic.at(name.span()).key(path));
        true
    }

    /// A value the release's TOML decoder refuses although the newest
    /// reads it (v0.3.1: integers in float fields, durations as strings).
    fn refused_by_decoder(&mut self, construct: Construct, span: Range<usize>) {
        if self.dialect.reads(construct) {
            return;
        }
        let says = self.dialect.says(construct, "", Place::TopLevel);
        let refusal = Refusal {
            construct,
            at: span.start,
            span,
            says,
        };
        let diagnostic =
            dialect::unsupported(&self.version, &self.dialect, refusal).key(self.path.clone());
        self.findings.diagnostics.push(diagnostic);
    }

    /// In the one table GitLab Runner decodes itself
    /// (`[[runners.kubernetes.volumes.nfs]]`, `KubernetesNFS.UnmarshalTOML`,
    /// which is also why it is the one case-sensitive table), a value of
    /// the wrong type is not refused: the decoder's type assertion fails
    /// and the value is skipped as if it were not written. Indexes the key
    /// and returns `true` when the value is skipped (and must be removed).
    /// A skipped required field is reported by the validation stage as
    /// missing; any other draws a warning here.
    fn skipped_by_own_decoder(
        &mut self,
        key: &Spanned<DeString<'t>>,
        value: &Spanned<DeValue<'t>>,
        key_def: &'static KeyDef,
    ) -> bool {
        let fits = match (key_def.shape, value.get_ref()) {
            (Shape::String, DeValue::String(_)) | (Shape::Boolean, DeValue::Boolean(_)) => true,
            (Shape::String | Shape::Boolean, _) => false,
            _ => true,
        };
        if fits {
            return false;
        }
        let (len, go_len) = (self.path.len(), self.go_path.len());
        push_key(&mut self.path, key_def.name);
        push_key(&mut self.go_path, key_def.name);
        self.index_here(Some(key.span()), value.span(), key_def.secret);
        self.scan_value_for_credentials(value);
        let required = NFS_REQUIRED_FIELDS.contains(&key_def.name);
        if !required && !self.is_broken(&value.span()) {
            let found = self.found(value, key_def.secret);
            let expected = self.expected(key_def.shape, false);
            let message = format!(
                "`{}` must be {expected}, found {found}; the runner skips it",
                key_def.name
            );
            let effect = match key_def.name {
                "read_only" => "the share is mounted read-write",
                "sub_path" => "the whole share is mounted",
                _ => "the setting has no effect",
            };
            let help = format!(
                "{effect}: the runner's decoder for this table ignores values of the wrong type \
                 instead of refusing the file"
            );
            self.report(&codes::NFS_VALUE_IGNORED, message, value.span(), Some(help));
        }
        self.path.truncate(len);
        self.go_path.truncate(go_len);
        true
    }

    /// Checks `value` against `shape`, descending into tables and arrays;
    /// `false` when the runner would refuse it.
    fn value(
        &mut self,
        value: &mut Spanned<DeValue<'t>>,
        shape: &'static Shape,
        key: &KeyContext<'_>,
    ) -> bool {
        let span = value.span();
        if !value.get_ref().is_table() && self.is_broken(&span) {
            return false;
        }
        match (shape, value.get_mut()) {
            (Shape::String, DeValue::String(decoded)) => {
                self.url_credentials(span.clone());
                if let Some(finding) = escaped_windows_path(self.text, span, decoded, key) {
                    self.findings
                        .diagnostics
                        .push(finding.key(self.path.clone()));
                }
                true
            }
            (Shape::Integer, DeValue::Integer(i)) => {
                if i64::from_str_radix(i.as_str(), i.radix()).is_ok() {
                    return true;
                }
                let message = format!("`{}` is out of range for a 64-bit integer", key.label());
                self.report(&codes::TYPE_MISMATCH, message, span, None);
                false
            }
            (Shape::Float, DeValue::Integer(_)) => {
                self.refused_by_decoder(Construct::IntegerAsFloat, span);
                true
            }
            (Shape::Float, DeValue::Float(_))
            | (Shape::Boolean, DeValue::Boolean(_))
            | (Shape::Datetime, DeValue::Datetime(_))
            | (Shape::Duration, DeValue::Integer(_))
            | (Shape::Any, _) => true,
            (Shape::Datetime, DeValue::String(s)) => {
                if s.parse::<Timestamp>().is_ok() {
                    return true;
                }
                let found = if key.secret {
                    "a string".to_owned()
                } else {
                    format!("string {}", self.shown(span.clone(), false))
                };
                let message = format!(
                    "`{}` must be a date-time such as 2030-01-31T12:00:00Z, found {found}",
                    key.label()
                );
                let help = "write a TOML date-time (no quotes) or an RFC 3339 string, with a `T` \
                            between date and time and a time zone; the runner refuses to load the \
                            file otherwise";
                self.report(
                    &codes::INVALID_DATETIME,
                    message,
                    span,
                    Some(help.to_owned()),
                );
                false
            }
            (Shape::Duration, DeValue::String(s)) => match s.parse::<GoDuration>() {
                Ok(_) => {
                    self.refused_by_decoder(Construct::StringDuration, span);
                    true
                }
                Err(error) => {
                    let message = if key.secret {
                        format!("`{}` is not a Go duration", key.label())
                    } else {
                        format!("`{}` is not a Go duration: {error}", key.label())
                    };
                    let help = format!(
                        "write a number and a unit with no space, such as \"90s\", \"15m\" or \"1h30m\" \
                         (units: ns, us, ms, s, m, h); {}",
                        self.refusal(
                            key,
                            &format!(
                                "invalid duration: {}",
                                Quoted(if key.secret { "…" } else { s })
                            )
                        )
                    );
                    self.report(&codes::INVALID_DURATION, message, span, Some(help));
                    false
                }
            },
            (Shape::StringOrArray, _) => self.string_or_array(value, key),
            (Shape::Enum(def), DeValue::String(s)) => {
                if def.resolve(s).is_some() {
                    return true;
                }
                // `""` where the runner reads it as "not set": the model
                // holds no value either, and nothing is wrong.
                if s.is_empty() && def.empty_is_unset {
                    return false;
                }
                let s = s.to_string();
                self.unknown_value(def, &s, span, key);
                false
            }
            (Shape::Array(item), DeValue::Array(items)) => {
                let mut keep = true;
                let len = self.path.len();
                for (i, element) in items.iter_mut().enumerate() {
                    let _ = write!(self.path, "[{i}]");
                    self.index_here(None, element.span(), key.secret);
                    let context = KeyContext {
                        name: key.name,
                        key_span: key.key_span.clone(),
                        secret: key.secret,
                        item: Some(i),
                    };
                    keep &= match (item, element.get_mut()) {
                        (Shape::Table(def), DeValue::Table(t)) => {
                            let key_len = self.key_path.len();
                            self.key_path.push_str("[]");
                            self.table(t, def, true);
                            self.key_path.truncate(key_len);
                            true
                        }
                        _ => self.value(element, item, &context),
                    };
                    self.path.truncate(len);
                }
                keep
            }
            (Shape::Table(def), DeValue::Table(t)) => {
                self.table(t, def, false);
                true
            }
            (Shape::Map(item), DeValue::Table(entries)) => {
                let mut removals = Vec::new();
                let (len, go_len) = (self.path.len(), self.go_path.len());
                let flags = self.key_path == "runners[].feature_flags";
                for (name, element) in entries.iter_mut() {
                    if flags && self.flag_unknown_to_version(name) {
                        removals.push(name.clone());
                        continue;
                    }
                    push_key(&mut self.path, name.get_ref());
                    push_key(&mut self.go_path, name.get_ref());
                    self.index_here(Some(name.span()), element.span(), key.secret);
                    let context = KeyContext {
                        name: name.get_ref(),
                        key_span: Some(name.span()),
                        secret: key.secret,
                        item: None,
                    };
                    let keep = match (item, element.get_mut()) {
                        (Shape::Table(def), DeValue::Table(t)) => {
                            self.table(t, def, false);
                            true
                        }
                        _ => self.value(element, item, &context),
                    };
                    if !keep {
                        removals.push(name.clone());
                    }
                    self.path.truncate(len);
                    self.go_path.truncate(go_len);
                }
                for name in removals {
                    entries.remove(name.get_ref().as_ref());
                }
                true
            }
            (Shape::Array(_), DeValue::String(_))
                if key.name == "allowed_pull_policies" && key.item.is_none() =>
            {
                let message =
                    "`allowed_pull_policies` must be an array, even for a single policy".to_owned();
                let help = format!(
                    "write `allowed_pull_policies = [{}]`; {}",
                    self.text.get(span.clone()).unwrap_or("\"always\""),
                    self.refusal(
                        key,
                        &self
                            .dialect
                            .type_words
                            .incompatible(GoType::String, "slice")
                    )
                );
                self.report(
                    &codes::ALLOWED_PULL_POLICIES_NOT_ARRAY,
                    message,
                    span.clone(),
                    Some(help),
                );
                if let (Some(edit), Some(finding)) = (
                    build::wrap_in_array(self.text, span),
                    self.findings.diagnostics.last_mut(),
                ) {
                    finding.set_fix(Fix::safe(vec![edit]));
                }
                false
            }
            _ => {
                self.mismatch(value, shape, key);
                self.check_unloadable(value, shape);
                false
            }
        }
    }

    /// Looks inside a table written where the runner wants an array of
    /// tables, or the other way round (the file will not load, so nothing
    /// is indexed), for the problems and secrets the author will meet once
    /// the header is fixed.
    fn check_unloadable(&mut self, value: &mut Spanned<DeValue<'t>>, shape: &'static Shape) {
        let indexing = std::mem::replace(&mut self.indexing, false);
        match (shape, value.get_mut()) {
            (Shape::Array(Shape::Table(def)), DeValue::Table(table)) => {
                self.table(table, def, true);
            }
            (Shape::Table(def), DeValue::Array(items)) => {
                for item in items.iter_mut() {
                    if let DeValue::Table(table) = item.get_mut() {
                        self.table(table, def, false);
                    }
                }
            }
            _ => self.scan_unknown(value, 0),
        }
        self.indexing = indexing;
    }

    /// `pull_policy`: decoded by the model's own `StringOrArray` so the
    /// message is the runner's.
    fn string_or_array(&mut self, value: &Spanned<DeValue<'t>>, key: &KeyContext<'_>) -> bool {
        let span = value.span();
        if let DeValue::Array(items) = value.get_ref() {
            let len = self.path.len();
            for (i, item) in items.iter().enumerate() {
                let _ = write!(self.path, "[{i}]");
                self.index_here(None, item.span(), key.secret);
                self.path.truncate(len);
            }
        }
        let decoded = PullPolicyList::deserialize(toml::de::ValueDeserializer::from(value.clone()));
        match decoded {
            Ok(_) => true,
            Err(error) => {
                let found = self.found(value, key.secret);
                let message = format!(
                    "`{}` must be a string or an array of strings, found {found}",
                    key.label()
                );
                let help = self.refusal(key, error.message());
                self.report(&codes::TYPE_MISMATCH, message, span, Some(help));
                false
            }
        }
    }

    fn unknown_value(
        &mut self,
        def: &EnumDef,
        value: &str,
        span: Range<usize>,
        key: &KeyContext<'_>,
    ) {
        use crate::model::shape::OnUnknown;
        // The cache is optional at run time: with a setting it does not
        // know, the runner runs jobs without the cache (or the setting).
        const CACHE_ENUMS: [&str; 3] = [
            "cache type",
            "S3 authentication type",
            "S3 server-side encryption",
        ];
        let (rule, consequence) = match def.on_unknown {
            // A lint decides, from settings the loader does not look at.
            OnUnknown::DependsOnSettings => return,
            OnUnknown::NeverPolls => (
                &codes::UNKNOWN_EXECUTOR,
                "this runner entry never takes a job",
            ),
            OnUnknown::RefusesToStart => (
                &codes::UNKNOWN_VALUE,
                "`gitlab-runner run` refuses to start",
            ),
            OnUnknown::FailsJobs => (&codes::UNKNOWN_VALUE, "every job on this runner fails"),
            OnUnknown::Ignored if CACHE_ENUMS.contains(&def.name) => (
                &codes::UNKNOWN_CACHE_VALUE,
                "the runner ignores it and runs jobs without it",
            ),
            OnUnknown::Ignored => (
                &codes::UNKNOWN_VALUE_IGNORED,
                "the runner ignores it and uses its default",
            ),
        };
        let accepted = || {
            def.values
                .iter()
                .copied()
                .filter(move |v| !def.unsupported.contains(v))
        };
        let suggestion = did_you_mean(value, accepted().filter(|v| !v.is_empty()));
        let shown = Quoted(&crate::diagnostic::shorten(value, 60));
        // Initialisms are read letter by letter ("an S3 …", "a DNS …");
        // "usage" starts with a consonant sound.
        let article = match def.name.chars().next() {
            Some(c) if "aeioAEFHILMNORSX".contains(c) => "an",
            _ => "a",
        };
        let mut message = if def.unsupported.contains(&value) {
            format!(
                "{shown} is a {} GitLab Runner no longer has (`{}`)",
                def.name,
                key.label()
            )
        } else {
            format!("{shown} is not {article} {} (`{}`)", def.name, key.label())
        };
        if let Some(s) = suggestion {
            let _ = write!(message, "; did you mean {}?", Quoted(s));
        }
        let mut help = consequence.to_owned();
        if let Some(says) = def.runner_message(&crate::diagnostic::shorten(value, 60)) {
            let _ = write!(help, " (the runner says `{says}`)");
        }
        let values: Vec<String> = accepted().map(|v| Quoted(v).to_string()).collect();
        let _ = write!(help, "; accepted values: {}", values.join(", "));
        if def.matching != crate::model::shape::Matching::Exact {
            help.push_str(", in any case");
        }
        self.report(rule, message, span, Some(help));
    }

    /// Reports a value whose TOML type the key does not accept.
    fn mismatch(
        &mut self,
        value: &Spanned<DeValue<'t>>,
        shape: &'static Shape,
        key: &KeyContext<'_>,
    ) {
        let span = value.span();
        let found = self.found(value, key.secret);
        let expected = self.expected(shape, key.item.is_some());
        let message = format!("`{}` must be {expected}, found {found}", key.label());
        let go = go_type(value.get_ref());
        let incompatible = |destination| self.dialect.type_words.incompatible(go, destination);
        let runner_says = match shape {
            Shape::String | Shape::Enum(_) => Some(incompatible("string")),
            Shape::Integer | Shape::Duration => Some(incompatible("integer")),
            Shape::Float => Some(incompatible("float")),
            Shape::Boolean => Some(incompatible("boolean")),
            Shape::Array(_) => Some(incompatible("slice")),
            Shape::Map(_) => Some(incompatible("map")),
            Shape::Table(_) | Shape::Datetime | Shape::StringOrArray | Shape::Any => None,
        };
        let mut help = match (runner_says, shape) {
            (Some(says), _) => self.refusal(key, &says),
            (None, Shape::Table(_)) => format!(
                "the runner refuses to load the file: it needs a table here (line {}, last key {})",
                self.line_of(key.key_span.as_ref().map_or(span.start, |s| s.start)),
                Quoted(&self.go_path)
            ),
            (None, Shape::Datetime) => "write a TOML date-time such as 2030-01-31T12:00:00Z; \
                 the runner refuses to load the file otherwise"
                .to_owned(),
            (None, _) => "the runner refuses to load the file".to_owned(),
        };
        if let (Shape::Array(Shape::Table(_)), DeValue::Table(_)) = (shape, value.get_ref()) {
            let header = format!("[[{}]]", self.go_path);
            if self
                .text
                .get(span.clone())
                .is_some_and(|s| s.starts_with('['))
                || key.key_span == Some(span.clone())
            {
                help = format!("start the section with a `{header}` header; {help}");
            }
        }
        self.report(&codes::TYPE_MISMATCH, message, span, Some(help));
    }

    /// "the runner refuses to load the file: toml: line N (last key …): …"
    fn refusal(&self, key: &KeyContext<'_>, says: &str) -> String {
        if !self.dialect.names_the_key() {
            return format!("the runner refuses to load the file: `toml: {says}`");
        }
        let at = key.key_span.as_ref().map_or(0, |s| s.start);
        format!(
            "the runner refuses to load the file: `toml: line {} (last key {}): {says}`",
            self.line_of(at),
            Quoted(&self.go_path)
        )
    }

    /// How to describe what a shape accepts.
    fn expected(&self, shape: &'static Shape, array_item: bool) -> String {
        match shape {
            Shape::String | Shape::Enum(_) => "a string".to_owned(),
            Shape::Integer => "an integer".to_owned(),
            Shape::Float => "a number".to_owned(),
            Shape::Boolean => "`true` or `false`".to_owned(),
            Shape::Datetime => "a date-time".to_owned(),
            Shape::Duration => {
                "a duration string such as \"1h30m\", or integer nanoseconds".to_owned()
            }
            Shape::StringOrArray => "a string or an array of strings".to_owned(),
            Shape::Array(Shape::Table(_)) => format!("an array of tables (`[[{}]]`)", self.go_path),
            Shape::Array(_) => "an array".to_owned(),
            Shape::Table(_) if array_item => format!("a table (`[[{}]]`)", self.go_path),
            Shape::Table(_) => format!("a table (`[{}]`)", self.go_path),
            Shape::Map(_) => "a table".to_owned(),
            Shape::Any => "a value".to_owned(),
        }
    }

    /// How to describe a value that was found, without showing secrets.
    fn found(&self, value: &Spanned<DeValue<'t>>, secret: bool) -> String {
        let span = value.span();
        let raw = self.text.get(span.clone()).unwrap_or_default();
        let kind = match value.get_ref() {
            DeValue::String(_) => "string",
            DeValue::Integer(_) => "integer",
            DeValue::Float(_) => "float",
            DeValue::Boolean(_) => "boolean",
            DeValue::Datetime(_) => "date-time",
            DeValue::Array(_) if raw.starts_with("[[") => {
                return format!("an array of tables (`{}`)", first_line(raw));
            }
            DeValue::Array(_) => return "an array".to_owned(),
            DeValue::Table(_) if raw.starts_with('[') => {
                return format!("a table (`{}`)", first_line(raw));
            }
            DeValue::Table(_) if raw.starts_with('{') => return "an inline table".to_owned(),
            DeValue::Table(_) => return "a table".to_owned(),
        };
        if secret {
            let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            format!("{article} {kind}")
        } else {
            format!("{kind} {}", self.shown(span, false))
        }
    }

    /// The value as written, cut short and with URL credentials masked.
    fn shown(&self, span: Range<usize>, secret: bool) -> String {
        if secret {
            return "a secret value".to_owned();
        }
        let raw = self.text.get(span).unwrap_or_default();
        let mut shown = crate::diagnostic::shorten(first_line(raw), 60);
        let mut credentials = Vec::new();
        credential_spans(&shown, 0, &mut credentials);
        for range in credentials.into_iter().rev() {
            shown.replace_range(range, "***");
        }
        shown
    }

    fn non_canonical(
        &mut self,
        key: &Spanned<DeString<'t>>,
        key_def: &'static KeyDef,
        table: bool,
    ) {
        let written = key.get_ref();
        let message = format!(
            "`{written}` works only through the runner's case-insensitive fallback; write `{}`",
            key_def.name
        );
        let mut path = self.path.clone();
        push_key(&mut path, key_def.name);
        let diagnostic = Diagnostic::new(&codes::NON_CANONICAL_KEY_CASE, message)
            .at(key.span())
            .key(path)
            .help(format!("rename `{written}` to `{}`", key_def.name));
        self.pending.push(Pending::Rename {
            finding: self.findings.diagnostics.len(),
            key: key.span(),
            written: written.to_string(),
            name: key_def.name,
            table,
            free: None,
            applicability: Applicability::Safe,
        });
        self.findings.diagnostics.push(diagnostic);
    }

    fn shadowed(
        &mut self,
        key: &Spanned<DeString<'t>>,
        key_def: &'static KeyDef,
        winner: Range<usize>,
    ) {
        let written = key.get_ref();
        let other = self.text.get(winner.clone()).unwrap_or(key_def.name);
        // `StringOrArray.UnmarshalTOML` appends: both lists are kept.
        let message = if *key_def.shape == Shape::StringOrArray {
            format!(
                "`{written}` and `{other}` both set `{}`; the runner keeps both lists, one \
                 after the other in an order that changes from one start to the next",
                key_def.name
            )
        } else {
            format!(
                "`{written}` and `{other}` both set `{}`; which one the runner uses is not defined",
                key_def.name
            )
        };
        let mut path = self.path.clone();
        push_key(&mut path, key_def.name);
        let diagnostic = Diagnostic::new(&codes::CASE_DUPLICATE_KEY, message)
            .at(key.span())
            .key(path)
            .label(winner, "also set here")
            .help(format!("keep one `{}` and delete the other", key_def.name));
        self.findings.diagnostics.push(diagnostic);
    }

    fn unknown_key(
        &mut self,
        key: &Spanned<DeString<'t>>,
        value: &Spanned<DeValue<'t>>,
        def: &'static TableDef,
        in_array: bool,
    ) {
        let name: &str = key.get_ref();
        let here = locate::header(&self.go_path, in_array);
        let mut path = self.path.clone();
        push_key(&mut path, name);
        let span = key.span();

        if let Some(retired) = locate::retired(&self.go_path, name) {
            if looks_secret(name) {
                let inner = self.inner_span(value);
                self.findings.secrets.push(inner);
            }
            self.scan_value_for_credentials(value);
            let (rule, message) = if retired.removed {
                (
                    &codes::UNKNOWN_KEY_REMOVED,
                    format!("`{name}` is no longer read by GitLab Runner"),
                )
            } else {
                (
                    &codes::UNKNOWN_KEY_REGISTRATION_OPTION,
                    format!("`{name}` is a registration option, not a config.toml key"),
                )
            };
            let diagnostic = Diagnostic::new(rule, message)
                .at(span)
                .key(path)
                .help(retired.note);
            self.findings.diagnostics.push(diagnostic);
            return;
        }

        // A case-sensitive table: the key is this table's, in the wrong case.
        if def.case_sensitive
            && let Some(exact) = def.keys.iter().find(|k| equal_fold(k.name, name))
        {
            let message = format!("`{name}` is not a key of {here}; GitLab Runner ignores it");
            let diagnostic = Diagnostic::new(&codes::UNKNOWN_KEY, message).at(span).key(path).help(format!(
                "keys of {here} are matched exactly, without the usual case-insensitive fallback; write `{}`",
                exact.name
            ));
            self.findings.diagnostics.push(diagnostic);
            return;
        }

        let runner = self
            .runner
            .as_ref()
            .map(|(p, e, _)| (p.as_str(), e.as_str()));
        let locations = self
            .locations
            .get_or_init(|| KeyLocations::build(self.root));
        let candidates = locate::rank(locations.find(name), &self.go_path, runner);
        let secret = looks_secret(name) || candidates.iter().any(|l| l.secret);
        let misplaced = (!candidates.is_empty()).then(|| describe_locations(name, &candidates));
        // A key that belongs elsewhere but that this release does not read
        // there either: say so, and offer no move.
        let unread_there = match candidates.as_slice() {
            [only] if only.path.is_empty() => self.not_read_by_version(only.key),
            [only] => self.not_read_by_version(&format!("{}.{}", only.path, only.key)),
            _ => None,
        };
        let moved = match candidates.as_slice() {
            [only]
                if self.indexing && unread_there.is_none() && fits(only.shape, value.get_ref()) =>
            {
                let runner = self
                    .runner
                    .as_ref()
                    .map(|(p, e, i)| (p.as_str(), e.as_str(), i.as_str()));
                plan::destination(only, runner).map(|to| (only.key, to))
            }
            _ => None,
        };
        if secret {
            let inner = self.inner_span(value);
            self.findings.secrets.push(inner);
        }
        self.scan_value_for_credentials(value);

        let finding = self.findings.diagnostics.len();
        if let Some((name, to)) = moved {
            self.pending.push(Pending::Move {
                finding,
                key: span.clone(),
                value: value.span(),
                from: self.path.clone(),
                name,
                to,
            });
        }
        let diagnostic = if let Some(elsewhere) = misplaced {
            let message = format!(
                "`{name}` is not read {}; it belongs {elsewhere}",
                locate::place(&self.go_path, in_array)
            );
            let help = match unread_there {
                Some(release) => format!(
                    "GitLab Runner ignores keys written in the wrong table, and {} does not \
                     read it there either: it was added in {release}",
                    self.version.release()
                ),
                None => "GitLab Runner ignores keys written in the wrong table; move it there"
                    .to_owned(),
            };
            Diagnostic::new(&codes::MISPLACED_KEY, message)
                .at(span.clone())
                .key(path)
                .help(help)
        } else {
            let message = if self.go_path.is_empty() {
                format!("`{name}` is not a top-level key; GitLab Runner ignores it")
            } else {
                format!("`{name}` is not a key of {here}; GitLab Runner ignores it")
            };
            let diagnostic = Diagnostic::new(&codes::UNKNOWN_KEY, message)
                .at(span.clone())
                .key(path);
            let mut help: Vec<String> = Vec::new();
            if let Some(suggestion) = suggest_key(name, def) {
                match self.key_here(suggestion) {
                    Some(KeyAt::NotYet(release)) => help.push(format!(
                        "did you mean `{suggestion}`? GitLab Runner {} does not read it: it \
                         was added in {release}",
                        self.version.release()
                    )),
                    _ => help.push(format!("did you mean `{suggestion}`?")),
                }
            }
            if let Some(clear) = clear_suggestion(name, def)
                && self.reads_here(clear)
                && let Some(key_def) = def.key(clear)
                && fits(key_def.shape, value.get_ref())
                && self.indexing
            {
                self.pending.push(Pending::Rename {
                    finding,
                    key: span.clone(),
                    written: name.to_owned(),
                    name: key_def.name,
                    table: holds_table(value.get_ref()),
                    free: Some(plan::join(&self.path, key_def.name)),
                    applicability: Applicability::Unsafe,
                });
            }
            if let DeValue::Table(table) = value.get_ref()
                && !table.is_empty()
            {
                help.push(ignored_table_note(table));
            }
            if help.is_empty() {
                diagnostic
            } else {
                diagnostic.help(help.join("; "))
            }
        };
        self.findings.diagnostics.push(diagnostic);
    }

    /// Whether the release reads `name` in the current table: a fix may
    /// rename a key to it.
    fn reads_here(&self, name: &str) -> bool {
        matches!(self.key_here(name), None | Some(KeyAt::Read(_)))
    }

    /// What the release does with `name` in the current table.
    fn key_here(&self, name: &str) -> Option<KeyAt> {
        let mut here = self.key_path.clone();
        push_inventory(&mut here, name);
        self.version.key(&here)
    }

    /// The release that first reads the key at `dotted` (a table path
    /// without array markers and the key: `runners.docker.image`), when
    /// the release the file is read for does not read it yet.
    fn not_read_by_version(&self, dotted: &str) -> Option<Release> {
        match self.version.key_unindexed(dotted)? {
            KeyAt::NotYet(release) => Some(release),
            _ => None,
        }
    }

    /// Redacts credentials in the URL strings of a value the walk does not
    /// otherwise visit (an unknown key's).
    fn scan_value_for_credentials(&mut self, value: &Spanned<DeValue<'t>>) {
        self.scan_unknown(value, 0);
    }

    /// Finds the secrets in a value the runner does not read: URL
    /// credentials in strings, and the values of keys named like
    /// credentials, at any depth.
    fn scan_unknown(&mut self, value: &Spanned<DeValue<'t>>, depth: usize) {
        // Deeper than any real config; a guard for the stack.
        const MAX_DEPTH: usize = 32;
        if depth > MAX_DEPTH {
            return;
        }
        match value.get_ref() {
            DeValue::String(_) => self.url_credentials(value.span()),
            DeValue::Array(items) => {
                for item in items.iter() {
                    self.scan_unknown(item, depth + 1);
                }
            }
            DeValue::Table(table) => {
                for (key, inner) in table.iter() {
                    if looks_secret(key.get_ref()) {
                        let span = self.inner_span(inner);
                        self.findings.secrets.push(span);
                    }
                    self.scan_unknown(inner, depth + 1);
                }
            }
            _ => {}
        }
    }

    /// Records the current path in the span index, unless the walk is
    /// inside a value the runner cannot load (checked only for the
    /// diagnostics and secrets in it).
    fn index_here(&mut self, key: Option<Range<usize>>, value: Range<usize>, secret: bool) {
        if self.indexing {
            self.findings.index.insert(&self.path, key, value, secret);
        }
    }

    fn url_credentials(&mut self, span: Range<usize>) {
        if let Some(raw) = self.text.get(span.clone()) {
            credential_spans(raw, span.start, &mut self.findings.secrets);
        }
    }

    /// A string's contents without its quotes; anything else whole.
    fn inner_span(&self, value: &Spanned<DeValue<'t>>) -> Range<usize> {
        let span = value.span();
        if !matches!(value.get_ref(), DeValue::String(_)) {
            return span;
        }
        let raw = self.text.get(span.clone()).unwrap_or_default();
        let quote = if raw.len() >= 6 && (raw.starts_with("\"\"\"") || raw.starts_with("'''")) {
            3
        } else if raw.len() >= 2 && (raw.starts_with('"') || raw.starts_with('\'')) {
            1
        } else {
            0
        };
        span.start + quote..span.end - quote
    }

    fn report(
        &mut self,
        rule: &'static Rule,
        message: String,
        span: Range<usize>,
        help: Option<String>,
    ) {
        let mut diagnostic = Diagnostic::new(rule, message)
            .at(span)
            .key(self.path.clone());
        if let Some(help) = help {
            diagnostic = diagnostic.help(help);
        }
        self.findings.diagnostics.push(diagnostic);
    }

    /// Whether a value touches a syntax error, so it is the parser's
    /// recovery rather than what the user wrote.
    fn is_broken(&self, span: &Range<usize>) -> bool {
        let after = self.broken.partition_point(|e| e.start <= span.end);
        after > 0
            && self
                .broken
                .get(after - 1)
                .is_some_and(|e| e.end >= span.start)
    }

    /// 1-based line of a byte offset.
    fn line_of(&self, offset: usize) -> usize {
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        starts.partition_point(|&start| start <= offset).max(1)
    }
}

/// Matches each key of `table` to a key of `def` the way BurntSushi/toml
/// does: the exact name first, then the first key equal under Unicode
/// case folding (`strings.EqualFold`), unless the table is case-sensitive.
/// When several keys land on the same field, the exact spelling wins, else
/// the one written first; the others are shadowed.
fn resolve_keys(table: &DeTable<'_>, def: &'static TableDef) -> Vec<Resolution> {
    let mut resolutions: Vec<Resolution> = table
        .keys()
        .map(|key| {
            let name: &str = key.get_ref();
            if let Some(i) = def.keys.iter().position(|k| k.name == name) {
                return Resolution::Exact(i);
            }
            if !def.case_sensitive
                && let Some(i) = def.keys.iter().position(|k| equal_fold(k.name, name))
            {
                return Resolution::Folded(i);
            }
            Resolution::Unknown
        })
        .collect();
    if !resolutions
        .iter()
        .any(|r| matches!(r, Resolution::Folded(_)))
    {
        return resolutions;
    }
    let spans: Vec<Range<usize>> = table.keys().map(|k| k.span()).collect();
    let target = |r: &Resolution| match *r {
        Resolution::Exact(i) | Resolution::Folded(i) => Some(i),
        _ => None,
    };
    for i in 0..resolutions.len() {
        let Some(field) = target(&resolutions[i]) else {
            continue;
        };
        let mut winner: Option<usize> = None;
        for (j, r) in resolutions.iter().enumerate() {
            if target(r) != Some(field) {
                continue;
            }
            winner = Some(match winner {
                None => j,
                Some(w) => {
                    let better = match (r, &resolutions[w]) {
                        (Resolution::Exact(_), Resolution::Folded(_)) => true,
                        (Resolution::Folded(_), Resolution::Exact(_)) => false,
                        _ => spans[j].start < spans[w].start,
                    };
                    if better { j } else { w }
                }
            });
        }
        if let Some(w) = winner.filter(|&w| w != i) {
            let span = &spans[w];
            resolutions[i] = Resolution::Shadowed {
                index: field,
                winner: (span.start, span.end),
            };
        }
    }
    resolutions
}

/// Go's `strings.EqualFold`: equal under simple Unicode case folding.
pub(crate) fn equal_fold(a: &str, b: &str) -> bool {
    let mut a = a.chars();
    let mut b = b.chars();
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) => {
                if x != y && !fold_eq(x, y) {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

fn fold_eq(x: char, y: char) -> bool {
    if x.is_ascii() && y.is_ascii() {
        return x.eq_ignore_ascii_case(&y);
    }
    // Characters whose folding is one character (the only kind EqualFold
    // compares); the Kelvin sign and long s fold onto ASCII letters.
    let fold = |c: char| -> char {
        match c {
            '\u{212a}' => 'k',
            '\u{17f}' => 's',
            _ => {
                let mut lower = c.to_lowercase();
                match (lower.next(), lower.next()) {
                    (Some(l), None) => l,
                    _ => c,
                }
            }
        }
    };
    fold(x) == fold(y)
}

/// "the whole table is ignored, with its 3 keys (`a`, `b`, `c`)".
fn ignored_table_note(table: &DeTable<'_>) -> String {
    const SHOWN: usize = 4;
    let mut keys: Vec<(usize, &str)> = table
        .iter()
        .map(|(k, _)| (k.span().start, k.get_ref().as_ref()))
        .collect();
    keys.sort_unstable();
    let names: Vec<String> = keys
        .iter()
        .take(SHOWN)
        .map(|(_, k)| format!("`{k}`"))
        .collect();
    let more = if keys.len() > SHOWN { ", …" } else { "" };
    let noun = if keys.len() == 1 { "key" } else { "keys" };
    format!(
        "the runner ignores the whole table, with its {} {noun} ({}{more})",
        keys.len(),
        names.join(", ")
    )
}

/// The closest key of `def` to `name`, if any is close enough.
///
/// Besides spelling, a key that is the unknown one with a word added in
/// front or behind (`metric_queries` → `queries`, `docker_image` →
/// `image`) counts as close.
pub(crate) fn suggest_key(name: &str, def: &'static TableDef) -> Option<&'static str> {
    did_you_mean(name, def.keys.iter().map(|k| k.name)).or_else(|| {
        let lower = name.to_ascii_lowercase();
        def.keys.iter().map(|k| k.name).find(|key| {
            let key = key.to_ascii_lowercase();
            key.len() >= 4
                && (lower
                    .strip_suffix(key.as_str())
                    .is_some_and(|rest| rest.ends_with('_'))
                    || lower
                        .strip_prefix(key.as_str())
                        .is_some_and(|rest| rest.starts_with('_')))
        })
    })
}

/// "in `[runners.docker]` or `[runners.kubernetes]`", with the canonical
/// spelling when it differs from what was written.
fn describe_locations(name: &str, locations: &[&Location]) -> String {
    let parts: Vec<String> = locations
        .iter()
        .map(|l| {
            if l.key == name {
                l.header()
            } else {
                format!("{} (as `{}`)", l.header(), l.key)
            }
        })
        .collect();
    let joined = match parts.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    };
    if joined.starts_with("the top level") {
        format!("at {joined}")
    } else {
        format!("in {joined}")
    }
}

/// Appends a key to a dotted path, quoting it unless it is a bare TOML key.
pub(crate) fn push_key(path: &mut String, key: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    let bare = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if bare {
        path.push_str(key);
    } else {
        let _ = write!(path, "{}", Quoted(key));
    }
}

/// Drops a value without recursion.
///
/// toml limits nesting to 80 arrays or inline tables, but not the number of
/// tables dotted keys create inside each, so a small file can build a tree
/// thousands of levels deep; dropping that recursively overflows the
/// stack. Unknown and rejected values are taken apart here instead.
pub(crate) fn dismantle(value: DeValue<'_>) {
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            DeValue::Array(items) => stack.extend(items.into_iter().map(Spanned::into_inner)),
            DeValue::Table(table) => stack.extend(table.into_iter().map(|(_, v)| v.into_inner())),
            _ => {}
        }
    }
}

/// The secrets the document's structure shows, anywhere in it, whether
/// or not the runner reads them there (case duplicates, keys in tables the
/// runner cannot load, unknown keys): every string stored under a key
/// named like a credential, and the value of every string written
/// `NAME=value` whose name says credential (`environment`,
/// `MachineOptions`, any such list), even across lines or with escapes.
/// Walks with an explicit stack (the tree can be very deep) and records
/// each string's contents, quotes excluded, and its decoded value for
/// messages that quote it.
pub(crate) fn secret_strings(text: &str, table: &DeTable<'_>, out: &mut Secrets) {
    let mut stack: Vec<(bool, &Spanned<DeValue<'_>>)> = table
        .iter()
        .map(|(k, v)| (looks_secret(k.get_ref()), v))
        .collect();
    while let Some((secret, value)) = stack.pop() {
        match value.get_ref() {
            DeValue::String(decoded) => {
                let inner = string_contents(text, value.span());
                if secret {
                    out.add(inner);
                    out.add_value(decoded);
                } else if let Some((name, entry)) = decoded.split_once('=')
                    && crate::diagnostic::credential_variable(name)
                {
                    out.add_value(entry);
                    // Blank from the `=` as written, or the whole string
                    // when escapes make the name hard to find in the text.
                    let raw = text.get(inner.clone()).unwrap_or_default();
                    match raw.split_once('=') {
                        Some((raw_name, _)) if raw_name == name => {
                            out.add(inner.start + name.len() + 1..inner.end);
                        }
                        _ => out.add(inner),
                    }
                }
            }
            DeValue::Array(items) => stack.extend(items.iter().map(|item| (secret, item))),
            DeValue::Table(inner) => {
                stack.extend(inner.iter().map(|(k, v)| (looks_secret(k.get_ref()), v)));
            }
            _ => {}
        }
    }
}

/// A string value's contents: its span without the quotes (one, or three
/// for a multi-line string).
fn string_contents(text: &str, span: Range<usize>) -> Range<usize> {
    let raw = text.get(span.clone()).unwrap_or_default();
    let quotes = ["\"\"\"", "'''", "\"", "'"]
        .into_iter()
        .find(|q| raw.len() >= 2 * q.len() && raw.starts_with(q) && raw.ends_with(q))
        .map_or(0, str::len);
    span.start + quotes..span.end - quotes
}

/// Whether a key's name says it holds a credential (see
/// [`crate::diagnostic::credential_key`]).
pub(crate) fn looks_secret(name: &str) -> bool {
    crate::diagnostic::credential_key(name)
}

/// Appends the spans of `user:password@` parts of URLs in `raw` (whose
/// first byte is at `offset`).
pub(crate) fn credential_spans(raw: &str, offset: usize, out: &mut Vec<Range<usize>>) {
    let mut from = 0;
    while let Some(found) = raw.get(from..).and_then(|rest| rest.find("://")) {
        let start = from + found + 3;
        let rest = raw.get(start..).unwrap_or_default();
        let end = rest
            .find(|c: char| matches!(c, '/' | '?' | '#' | '"' | '\'' | '\\') || c.is_whitespace())
            .map_or(raw.len(), |e| start + e);
        if let Some(at) = raw
            .get(start..end)
            .and_then(|authority| authority.rfind('@'))
            && at > 0
        {
            out.push(offset + start..offset + start + at);
        }
        from = end.max(start);
    }
}

/// `[[runners]]` from a multi-line header span; a value's first line.
fn first_line(raw: &str) -> &str {
    raw.lines().next().unwrap_or_default()
}

/// The Go type (`%T`) BurntSushi/toml decodes a value into, for its
/// messages.
fn go_type(value: &DeValue<'_>) -> GoType {
    match value {
        DeValue::String(_) => GoType::String,
        DeValue::Integer(_) => GoType::Int64,
        DeValue::Float(_) => GoType::Float64,
        DeValue::Boolean(_) => GoType::Bool,
        DeValue::Datetime(_) => GoType::Time,
        DeValue::Array(items)
            if !items.is_empty() && items.iter().all(|i| i.get_ref().is_table()) =>
        {
            GoType::TableSlice
        }
        DeValue::Array(_) => GoType::Slice,
        DeValue::Table(_) => GoType::Map,
    }
}

/// `name` appended to a path in the runner's key inventory notation.
fn push_inventory(path: &mut String, name: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(name);
}

/// A Windows path (`C:\\…`) written in a one-line basic string whose
/// escapes decoded to control characters: `\\b` a backspace, `\\t` a tab…
/// With an unsafe fix to the literal string that means what was written,
/// when nothing else in it is an escape.
fn escaped_windows_path(
    text: &str,
    span: Range<usize>,
    decoded: &str,
    key: &KeyContext<'_>,
) -> Option<Diagnostic> {
    const CONTROLS: [char; 6] = ['\u{8}', '\t', '\n', '\u{c}', '\r', '\u{1b}'];
    if !decoded.contains(CONTROLS) {
        return None;
    }
    let raw = text.get(span.clone())?;
    let content = raw
        .strip_prefix('"')?
        .strip_suffix('"')
        .filter(|c| !c.starts_with("\"\""))?;
    let drive = content
        .as_bytes()
        .windows(3)
        .any(|w| w[0].is_ascii_alphabetic() && w[1] == b':' && w[2] == b'\\');
    if !drive {
        return None;
    }
    // The escapes written, and the path they were meant to be: the one a
    // literal string writes as it is (`None` when another escape, such as
    // `\u00e9`, has no literal spelling).
    let mut found: Vec<&str> = Vec::new();
    let mut meant = Some(String::with_capacity(content.len()));
    let mut chars = content.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            if let Some(meant) = meant.as_mut() {
                meant.push(c);
            }
            continue;
        }
        let next = chars.next();
        let name = match next {
            Some('b') => "`\\b` (backspace)",
            Some('t') => "`\\t` (tab)",
            Some('n') => "`\\n` (newline)",
            Some('f') => "`\\f` (form feed)",
            Some('r') => "`\\r` (carriage return)",
            Some('e') => "`\\e` (escape)",
            Some(c @ ('\\' | '"')) => {
                if let Some(meant) = meant.as_mut() {
                    meant.push(c);
                }
                continue;
            }
            _ => {
                meant = None;
                continue;
            }
        };
        if let (Some(meant), Some(letter)) = (meant.as_mut(), next) {
            meant.push('\\');
            meant.push(letter);
        }
        if !found.contains(&name) {
            found.push(name);
        }
    }
    if found.is_empty() {
        return None;
    }
    let meant = meant.filter(|m| !m.contains(['\'', '\n', '\r']));
    let message = format!(
        "`{}` is a Windows path in double quotes, where {} {}: the runner reads a control \
         character, not a backslash",
        key.label(),
        found.join(", "),
        if found.len() == 1 {
            "is an escape"
        } else {
            "are escapes"
        }
    );
    let help = match &meant {
        Some(meant) if !key.secret => format!(
            "write it in single quotes, where a backslash is just a backslash: '{}' (or double \
             each backslash)",
            crate::diagnostic::shorten(meant, 200)
        ),
        _ => "write it in single quotes, where a backslash is just a backslash, or double each \
              backslash"
            .to_owned(),
    };
    let mut diagnostic = Diagnostic::new(&codes::ESCAPED_WINDOWS_PATH, message)
        .at(span.clone())
        .help(help);
    if let Some(meant) = meant.filter(|_| !key.secret) {
        diagnostic.set_fix(Fix::unsafe_edits(vec![crate::fix::Edit::replace(
            span,
            format!("'{meant}'"),
        )]));
    }
    Some(diagnostic)
}

/// What the runner does without a key it does not read yet.
fn too_new_help(name: &str, inventory: &str, runner: Release, since: Release) -> String {
    if name == "allowed_pull_policies" {
        let executor = if inventory.contains("kubernetes") {
            "Kubernetes"
        } else {
            "Docker"
        };
        return format!(
            "GitLab Runner {runner} ignores it: it pulls every image with `pull_policy` (or its \
             default) and ignores the `pull_policy` a job asks for in `.gitlab-ci.yml`; \
             {executor} runners read `allowed_pull_policies` from {since} on"
        );
    }
    format!(
        "the runner ignores it, as if it were not written; it is read from GitLab Runner {since} \
         on: upgrade the runners, or remove it"
    )
}

/// A shape for a key the release data types but the newest model lacks.
fn shape_of(toml_type: &str) -> &'static Shape {
    static STRING: Shape = Shape::String;
    static INTEGER: Shape = Shape::Integer;
    static FLOAT: Shape = Shape::Float;
    static BOOLEAN: Shape = Shape::Boolean;
    static DURATION: Shape = Shape::Duration;
    static STRINGS: Shape = Shape::Array(&Shape::String);
    static ANY: Shape = Shape::Any;
    match toml_type {
        "string" => &STRING,
        "integer" => &INTEGER,
        "float" => &FLOAT,
        "boolean" => &BOOLEAN,
        "string|integer" => &DURATION,
        "array<string>" => &STRINGS,
        _ => &ANY,
    }
}
