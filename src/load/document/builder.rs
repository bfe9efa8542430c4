//! BurntSushi/toml's parser (`parse.go` in v1.6.0), driven by
//! `toml_parser`'s events.
//!
//! The methods named after Go functions follow them step for step: the
//! `context` key path, `currentKey`, the `implicits` set and `keyInfo`
//! types (both keyed by the path *without* array positions, so they carry
//! over from one `[[runners]]` entry to the next), `addContext`,
//! `setValue`, `setType`, `valueArray` and `valueInlineTable`, which builds
//! an inline table twice: into the document, where it checks duplicates,
//! and into a map of its own, which is what an array keeps.
//!
//! Where Go panics (the runner refuses the file), the builder reports a
//! syntax error and goes on, so one run finds every problem. Alongside,
//! it follows the TOML specification's rules for defining tables
//! ([`Spec`]): where the runner accepts what the specification forbids,
//! the file loads as the runner loads it, with a `lenient-toml` warning;
//! where valid TOML loses keys to the carried-over bookkeeping, a
//! `toml-keys-dropped` warning.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::ops::Range;

use toml::Spanned;
use toml::de::DeValue;
use toml_parser::parser::{Event, EventKind};
use toml_parser::{ParseError, Source};

use super::arena::{Arena, Entry, PathFlags, PathId, Paths, ROOT, Slot, Spec, TableId, push_key};
use super::dialect::{self, Construct, Dialect, Place, Refusal};
use super::scalar::{self, Refused};
use super::{Output, error_diagnostic};
use crate::Diagnostic;
use crate::load::codes;
use crate::versions::RunnerVersion;

/// One part of a key: `docker` in `runners.docker`.
#[derive(Debug, Clone)]
struct Part<'i> {
    name: Cow<'i, str>,
    span: Range<usize>,
}

/// One part of the current key path, with the table it leads to.
#[derive(Debug)]
struct Frame<'i> {
    name: Cow<'i, str>,
    path: PathId,
    /// The table this part of the path resolves to (the last entry of an
    /// array of tables), or `None` when the value there is not a table.
    node: Option<TableId>,
}

/// BurntSushi/toml's `context`: the key path of the table in scope, each
/// part resolved. Knows in O(1) whether every part is a table, however
/// deep the path.
#[derive(Debug, Default)]
struct Context<'i> {
    frames: Vec<Frame<'i>>,
    /// The position of the first part that is not a table, if any.
    first_value: Option<usize>,
}

impl<'i> Context<'i> {
    fn push(&mut self, frame: Frame<'i>) {
        if frame.node.is_none() && self.first_value.is_none() {
            self.first_value = Some(self.frames.len());
        }
        self.frames.push(frame);
    }

    fn truncate(&mut self, len: usize) {
        self.frames.truncate(len);
        if self.first_value.is_some_and(|i| i >= len) {
            self.first_value = None;
        }
    }

    fn clear(&mut self) {
        self.truncate(0);
    }

    fn len(&self) -> usize {
        self.frames.len()
    }

    fn is_empty(&self) -> bool {
        self.frames.is_empty()
    }

    fn last(&self) -> Option<&Frame<'i>> {
        self.frames.last()
    }
}

/// A document being built: the runner's, or a scratch one for text whose
/// place in the document is unknown after a syntax error.
#[derive(Debug)]
struct Space {
    root: TableId,
    flags: PathFlags,
}

/// What `setValue` did.
#[derive(Debug)]
enum Set<'i> {
    /// The key was new.
    Inserted,
    /// The key was implicit: the existing value (its key's span given)
    /// stays, the new one is dropped (returned).
    Kept(Range<usize>, Slot<'i>),
    /// The key was implicit and recorded as an array: the new value
    /// replaced the old one (returned, with its key's span).
    Replaced(Range<usize>, Slot<'i>),
    /// The key was set before and one of the values is an array: the
    /// releases that replace it (v1.2 to v1.4) did; the old value and its
    /// key's span are returned.
    Repeated(Range<usize>, Slot<'i>),
}

/// A slot's kind, as [`Builder::seen`] reports it.
#[derive(Debug, Clone)]
enum Seen {
    /// A value or an array.
    Value,
    Table(TableId),
    /// An array of tables: its first header, its last entry.
    Tables {
        first: Range<usize>,
        last: Option<TableId>,
    },
}

impl Seen {
    /// Where it leads as a context.
    fn node(&self) -> Option<TableId> {
        match self {
            Seen::Value => None,
            Seen::Table(id) => Some(*id),
            Seen::Tables { last, .. } => *last,
        }
    }
}

/// Why the runner's decoder accepts what the TOML specification forbids.
#[derive(Debug, Clone, Copy)]
enum Leniency {
    /// `[a]` twice.
    HeaderTwice,
    /// `[a]` after dotted keys defined `a`.
    HeaderAfterDotted,
    /// `[a]` after `[[a]]`: adds to the last entry.
    HeaderOnArrayOfTables,
    /// `[a]` where `a` is a value.
    HeaderOnValue,
    /// A header or dotted key adding to an inline table.
    ExtendsInline,
    /// A dotted key adding to a table a header defined.
    DottedIntoHeader,
    /// A dotted key adding to the last entry of an array of tables.
    DottedIntoArrayOfTables,
    /// `[[a]]` adding an entry to an array written as a value.
    AppendsToValueArray,
    /// A table replacing an array (or other value) set earlier.
    TableReplacesValue,
    /// A key set twice; the first value stays.
    ValueIgnored,
    /// A key set twice; the second value replaces the first.
    ValueReplaced,
}

const MAX_NESTING: u32 = 80;

pub(super) struct Builder<'i, 'e> {
    text: &'i str,
    source: Source<'i>,
    events: &'e [Event],
    pos: usize,
    /// Start offsets of `toml_parser`'s errors, sorted.
    grammar: Vec<usize>,
    out: Output,
    arena: Arena<'i>,
    paths: Paths<'i>,
    spaces: Vec<Space>,
    active: usize,
    context: Context<'i>,
    current_key: Option<Part<'i>>,
    /// Ids of the inline tables being read, innermost last.
    inlines: Vec<u32>,
    inline_count: u32,
    /// One-entry tables holding values the decoder dropped, so their
    /// secrets are still found.
    trash: Vec<TableId>,
    /// Whether the current statement has had its leniency warning.
    warned: bool,
    /// How many errors `toml_parser` reported while the builder decoded
    /// keys and values.
    grammar_errors: usize,
    /// The key last reported as defined twice (an inline table is reported
    /// when it opens, not again when it is set).
    duplicated: Option<Range<usize>>,
    /// Whether the current statement already has an error: the runner
    /// stops at the first, so what follows from it is not reported again.
    failed: bool,
    line_starts: OnceCell<Vec<usize>>,
    /// The runner release the file is read for, and what its decoder reads.
    version: RunnerVersion,
    dialect: Dialect,
    /// Where the value being read is written (for v0.3.1's wording).
    place: Place,
}

/// What the builder produced.
pub(super) struct Built<'i> {
    pub(super) document: toml::de::DeTable<'i>,
    pub(super) detached: Vec<toml::de::DeTable<'i>>,
    pub(super) out: Output,
}

impl<'i, 'e> Builder<'i, 'e> {
    pub(super) fn new(
        text: &'i str,
        source: Source<'i>,
        events: &'e [Event],
        grammar: &[ParseError],
        out: Output,
        version: RunnerVersion,
    ) -> Self {
        let mut starts: Vec<usize> = grammar
            .iter()
            .filter_map(|e| e.unexpected().or(e.context()).map(|s| s.start()))
            .collect();
        starts.sort_unstable();
        let mut arena = Arena::default();
        let root = arena.add(0..0, Spec::Header);
        Self {
            text,
            source,
            events,
            pos: 0,
            grammar: starts,
            out,
            arena,
            paths: Paths::default(),
            spaces: vec![Space {
                root,
                flags: PathFlags::default(),
            }],
            active: 0,
            context: Context::default(),
            current_key: None,
            inlines: Vec::new(),
            inline_count: 0,
            trash: Vec::new(),
            warned: false,
            failed: false,
            grammar_errors: 0,
            duplicated: None,
            line_starts: OnceCell::new(),
            version,
            dialect: Dialect::of(version.toml_decoder()),
            place: Place::TopLevel,
        }
    }

    /// `parse`: every top-level item in turn.
    pub(super) fn build(mut self) -> Built<'i> {
        while let Some(event) = self.next() {
            match event.kind() {
                EventKind::StdTableOpen | EventKind::ArrayTableOpen => self.header(event),
                EventKind::SimpleKey => self.top_level_key(event),
                // Whitespace, comments, and what toml_parser already
                // reported as out of place.
                _ => {}
            }
        }
        let root = self.spaces[0].root;
        let document = self.arena.take_table(root);
        let mut detached = Vec::new();
        for space in 1..self.spaces.len() {
            let root = self.spaces[space].root;
            detached.push(self.arena.take_table(root));
        }
        for id in std::mem::take(&mut self.trash) {
            detached.push(self.arena.take_table(id));
        }
        Built {
            document,
            detached,
            out: self.out,
        }
    }

    // ----- events -----

    fn next(&mut self) -> Option<&'e Event> {
        let event = self.events.get(self.pos)?;
        self.pos += 1;
        Some(event)
    }

    fn peek(&self) -> Option<&'e Event> {
        self.events.get(self.pos)
    }

    /// Skips whitespace (and, when `lines`, newlines and comments).
    fn skip_trivia(&mut self, lines: bool) {
        while let Some(event) = self.peek() {
            match event.kind() {
                EventKind::Whitespace => {}
                EventKind::Newline | EventKind::Comment if lines => {}
                _ => return,
            }
            self.pos += 1;
        }
    }

    fn end_of_previous(&self) -> usize {
        self.pos
            .checked_sub(1)
            .and_then(|i| self.events.get(i))
            .map_or(0, |e| e.span().end())
    }

    /// Whether `toml_parser` reported an error inside `span` (inclusive).
    fn grammar_error_in(&self, span: &Range<usize>) -> bool {
        let first = self.grammar.partition_point(|&s| s < span.start);
        self.grammar.get(first).is_some_and(|&s| s <= span.end)
    }

    /// Reads a key's parts, starting at its first `SimpleKey`; decodes
    /// each. `None` when a part is not a valid key.
    fn key_parts(&mut self, first: &'e Event) -> Option<Vec<Part<'i>>> {
        let mut parts = Vec::with_capacity(2);
        let mut valid = self.decode_key(first, &mut parts);
        loop {
            let save = self.pos;
            self.skip_trivia(false);
            if self.peek().map(Event::kind) != Some(EventKind::KeySep) {
                self.pos = save;
                break;
            }
            self.pos += 1;
            self.skip_trivia(false);
            match self.peek() {
                Some(event) if event.kind() == EventKind::SimpleKey => {
                    self.pos += 1;
                    valid &= self.decode_key(event, &mut parts);
                }
                _ => {
                    valid = false;
                    break;
                }
            }
        }
        valid.then_some(parts)
    }

    fn decode_key(&mut self, event: &Event, parts: &mut Vec<Part<'i>>) -> bool {
        let span = event.span().start()..event.span().end();
        let Some(raw) = self.source.get(event) else {
            return false;
        };
        let mut name: Cow<'i, str> = Cow::Borrowed("");
        let mut errors: Vec<ParseError> = Vec::new();
        raw.decode_key(&mut name, &mut errors);
        let valid = errors.is_empty();
        for error in errors {
            self.grammar_diagnostic(&error);
        }
        if valid {
            self.check_escapes(raw.as_str(), span.clone());
        }
        parts.push(Part { name, span });
        valid
    }

    fn grammar_diagnostic(&mut self, error: &ParseError) {
        self.grammar_errors += 1;
        let diagnostic = error_diagnostic(self.text, error, self.current_key_name());
        if let Some(span) = diagnostic.span() {
            self.out.broken.push(span);
        }
        self.out.diagnostics.push(diagnostic);
    }

    fn current_key_name(&self) -> Option<&str> {
        self.current_key.as_ref().map(|k| k.name.as_ref())
    }

    // ----- top level -----

    /// `topLevel` for `[table]` and `[[array]]`.
    fn header(&mut self, open: &'e Event) {
        let array = open.kind() == EventKind::ArrayTableOpen;
        let start = open.span().start();
        self.skip_trivia(false);
        let parts = match self.next() {
            Some(event) if event.kind() == EventKind::SimpleKey => self.key_parts(event),
            _ => None,
        };
        self.skip_trivia(false);
        let close = if array {
            EventKind::ArrayTableClose
        } else {
            EventKind::StdTableClose
        };
        let closed = self.peek().map(Event::kind) == Some(close);
        if closed {
            self.pos += 1;
        }
        let span = start..self.end_of_previous();
        self.context.clear();
        self.current_key = None;
        self.warned = false;
        self.failed = false;
        let parts = match parts {
            Some(parts) if closed && !parts.is_empty() && !self.grammar_error_in(&span) => parts,
            // A broken header: the keys below it belong to a table nobody
            // can name. They go to a scratch document, so they are still
            // checked among themselves but cause no finding about where
            // they are.
            _ => {
                self.detach();
                return;
            }
        };
        self.active = 0;
        if self.add_context_header(&parts, array, &span).is_err() {
            self.detach();
            return;
        }
        // `setType("", tomlHash | tomlArrayHash)`: not an array either way.
        let path = self.context_path();
        self.space().flags.set_array(path, false);
    }

    /// `topLevel` for `key = value`.
    fn top_level_key(&mut self, first: &'e Event) {
        let start = first.span().start();
        let grammar_before = self.grammar_errors;
        let parts = self.key_parts(first);
        self.skip_trivia(false);
        if self.peek().map(Event::kind) != Some(EventKind::KeyValSep) {
            // A key without `=`: toml_parser reported it.
            return;
        }
        self.pos += 1;
        self.skip_trivia(false);
        let Some(parts) = parts else {
            self.skip_value();
            return;
        };
        self.warned = false;
        self.failed = false;
        self.check_dotted(&parts);
        self.place = Place::TopLevel;
        let outer = self.context.len();
        self.key_value(&parts, false);
        self.context.truncate(outer);
        self.current_key = None;
        let end = self.end_of_previous();
        let broken = self.grammar_errors > grammar_before || self.grammar_error_in(&(start..end));
        // A broken value spanning lines may have swallowed a header: what
        // follows, up to the next header, has no certain place.
        if broken && self.text.get(start..end).is_some_and(|s| s.contains('\n')) {
            self.detach();
        }
    }

    /// The body shared by top-level and inline key/value pairs: the
    /// dotted parts become the context (`addImplicitContext`), the value is
    /// read and set (`setValue`, `setType`). For an inline table's pair
    /// the value is also returned, for the table's own map; `None` when the
    /// runner stops before setting it.
    fn key_value(&mut self, parts: &[Part<'i>], inline: bool) -> Option<Slot<'i>> {
        let Some((key, parents)) = parts.split_last() else {
            self.skip_value();
            return None;
        };
        self.current_key = Some(key.clone());
        for part in parents {
            if self.add_implicit_context(part).is_err() {
                // The runner stops here; read the value into a scratch
                // document so it is checked and its secrets found.
                self.in_scratch(|b| {
                    b.current_key = Some(key.clone());
                    let (value, _) = b.value(false);
                    let _ = b.set_value(key, value);
                });
                return None;
            }
        }
        let existed = self
            .context_table()
            .ok()
            .is_some_and(|t| self.arena.get(t).entries.contains_key(key.name.as_ref()));
        let (value, is_array) = self.value(false);
        let own = inline.then(|| value.clone());
        match self.set_value(key, value) {
            Ok(Set::Inserted) => {}
            Ok(Set::Kept(first, dropped)) => {
                if existed {
                    self.leniency(Leniency::ValueIgnored, key, Some(first));
                    self.trash(key, dropped);
                }
            }
            Ok(Set::Replaced(old_key, old)) => {
                if existed {
                    self.leniency(Leniency::ValueReplaced, key, Some(old_key));
                    self.trash(key, old);
                }
            }
            Ok(Set::Repeated(old_key, old)) => {
                self.repeated(key, old_key);
                self.trash(key, old);
            }
            Err(value) => self.trash(key, value),
        }
        self.set_type(key.name.clone(), is_array);
        own
    }

    /// Reads and drops a value (after a broken key).
    fn skip_value(&mut self) {
        self.in_scratch(|b| {
            b.current_key = Some(Part {
                name: Cow::Borrowed(""),
                span: 0..0,
            });
            let _ = b.value(false);
        });
    }

    /// Runs `f` against an empty scratch document, then restores the
    /// context. The scratch document is kept for its secrets.
    fn in_scratch(&mut self, f: impl FnOnce(&mut Self)) {
        let active = self.active;
        let context = std::mem::take(&mut self.context);
        let key = self.current_key.take();
        self.new_space();
        f(self);
        self.active = active;
        self.context = context;
        self.current_key = key;
    }

    /// Starts a scratch document for what follows, up to the next header.
    fn detach(&mut self) {
        self.context.clear();
        self.new_space();
    }

    fn new_space(&mut self) {
        let root = self.arena.add(0..0, Spec::Header);
        self.spaces.push(Space {
            root,
            flags: PathFlags::default(),
        });
        self.active = self.spaces.len() - 1;
    }

    fn space(&mut self) -> &mut Space {
        &mut self.spaces[self.active]
    }

    fn trash(&mut self, key: &Part<'i>, value: Slot<'i>) {
        let id = self.arena.add(0..0, Spec::Inline);
        self.arena.get_mut(id).entries.insert(
            key.name.clone(),
            Entry {
                key: key.span.clone(),
                slot: value,
            },
        );
        self.trash.push(id);
    }

    // ----- values -----

    /// `value`: the next value event.
    fn value(&mut self, parent_is_array: bool) -> (Slot<'i>, bool) {
        self.skip_trivia(true);
        let Some(event) = self.next() else {
            return (
                Slot::Value(Spanned::new(0..0, DeValue::String("".into()))),
                false,
            );
        };
        match event.kind() {
            EventKind::ArrayOpen => (self.value_array(event), true),
            EventKind::InlineTableOpen => (self.value_inline_table(event, parent_is_array), false),
            EventKind::Scalar => (Slot::Value(self.scalar(event)), false),
            _ => {
                // toml_parser always emits a value; be safe anyway.
                self.pos -= 1;
                let at = event.span().start()..event.span().start();
                (
                    Slot::Value(Spanned::new(at, DeValue::String("".into()))),
                    false,
                )
            }
        }
    }

    fn scalar(&mut self, event: &Event) -> Spanned<DeValue<'i>> {
        let span = event.span().start()..event.span().end();
        let Some(raw) = self.source.get(event) else {
            return Spanned::new(span, DeValue::String("".into()));
        };
        let mut errors: Vec<ParseError> = Vec::new();
        let mut refused: Vec<Refused> = Vec::new();
        let value = scalar::decode(raw, span.clone(), &mut errors, &mut refused);
        for error in &errors {
            self.grammar_diagnostic(error);
        }
        self.check_scalar(raw.as_str(), span.clone(), value.get_ref());
        for refusal in refused {
            let rule = if refusal.lenient {
                &codes::LENIENT_TOML
            } else {
                self.out.broken.push(refusal.span.clone());
                &codes::SYNTAX_ERROR
            };
            self.out.diagnostics.push(
                Diagnostic::new(rule, refusal.message)
                    .at(refusal.span)
                    .help(refusal.help),
            );
        }
        value
    }

    /// `valueArray`.
    fn value_array(&mut self, open: &Event) -> Slot<'i> {
        if let Some(key) = self.current_key.clone() {
            self.set_type(key.name, true);
        }
        let start = open.span().start();
        let mut end = open.span().end();
        let mut items = Vec::with_capacity(2);
        let outer = std::mem::replace(&mut self.place, Place::Array);
        while let Some(event) = self.peek() {
            match event.kind() {
                EventKind::ArrayClose => {
                    self.pos += 1;
                    end = event.span().end();
                    break;
                }
                EventKind::Scalar | EventKind::ArrayOpen | EventKind::InlineTableOpen => {
                    self.place = Place::Array;
                    let (item, _) = self.value(true);
                    items.push(item);
                    end = self.end_of_previous();
                }
                _ => self.pos += 1,
            }
        }
        self.place = outer;
        self.check_mixed(&items, start..end);
        Slot::Array(start..end, items)
    }

    /// `valueInlineTable`: the table goes into the document at the current
    /// key (so duplicates are caught there) and into a map of its own,
    /// which is returned. An array keeps that own map; elsewhere the key
    /// already holds the document's copy and the returned map is dropped.
    fn value_inline_table(&mut self, open: &Event, parent_is_array: bool) -> Slot<'i> {
        let start = open.span().start();
        let top = self.arena.add(start..open.span().end(), Spec::Inline);
        let outer_len = self.context.len();
        let outer_key = self.current_key.take();
        let key = outer_key.clone().unwrap_or(Part {
            name: Cow::Borrowed(""),
            span: start..start,
        });
        let path = self.paths.child(self.context_path(), key.name.clone());
        self.space().flags.set_implicit(path, true);
        let created = self.add_context_inline(&key, parent_is_array);
        self.inline_count += 1;
        let id = self.inline_count;
        self.inlines.push(id);
        let prev_len = self.context.len();
        let mut end = open.span().end();
        let outer_place = self.place;
        // TOML 1.1's additions, which older releases refuse.
        let mut newline = None;
        let mut comma: Option<usize> = None;
        while let Some(event) = self.next() {
            match event.kind() {
                EventKind::InlineTableClose => {
                    end = event.span().end();
                    break;
                }
                EventKind::SimpleKey => {
                    comma = None;
                    self.inline_key(event, top);
                    self.context.truncate(prev_len);
                    end = self.end_of_previous();
                }
                EventKind::Newline | EventKind::Comment => {
                    newline = newline.or(Some(event.span().start()));
                }
                EventKind::ValueSep => comma = Some(event.span().start()),
                _ => {}
            }
        }
        self.place = outer_place;
        let refused = [
            (Construct::InlineNewline, newline),
            (Construct::InlineTrailingComma, comma),
        ]
        .into_iter()
        .filter_map(|(construct, at)| Some((construct, at?)))
        .filter(|(construct, _)| !self.dialect.reads(*construct))
        .min_by_key(|(_, at)| *at);
        if let Some((construct, at)) = refused {
            self.refuse(construct, at, start..end, "");
        }
        self.inlines.pop();
        self.arena.get_mut(top).span = start..end;
        if let Some(shadow) = created {
            self.arena.get_mut(shadow).span = start..end;
        }
        self.context.truncate(outer_len);
        self.current_key = outer_key;
        Slot::Table(top)
    }

    /// One `key = value` of an inline table.
    fn inline_key(&mut self, first: &'e Event, top: TableId) {
        let parts = self.key_parts(first);
        self.skip_trivia(true);
        if self.peek().map(Event::kind) == Some(EventKind::KeyValSep) {
            self.pos += 1;
            self.skip_trivia(true);
        }
        if !matches!(
            self.peek().map(Event::kind),
            Some(EventKind::Scalar | EventKind::ArrayOpen | EventKind::InlineTableOpen)
        ) {
            // A key without a value: toml_parser reported it.
            return;
        }
        let Some(parts) = parts else {
            self.skip_value();
            return;
        };
        self.check_dotted(&parts);
        self.place = Place::InlineTable;
        let Some(value) = self.key_value(&parts, true) else {
            return;
        };
        let Some((key, parents)) = parts.split_last() else {
            return;
        };
        // The inline table's own map: dotted parts walked (made when
        // missing), the value set, replacing whatever was there.
        let mut hash = top;
        for part in parents {
            let existing = self.seen(hash, &part.name).map(|(_, seen)| seen);
            hash = match existing {
                None => {
                    let table = self.arena.add(part.span.clone(), Spec::Inline);
                    self.arena.get_mut(hash).entries.insert(
                        part.name.clone(),
                        Entry {
                            key: part.span.clone(),
                            slot: Slot::Table(table),
                        },
                    );
                    table
                }
                Some(Seen::Table(table)) => table,
                Some(_) => {
                    let message = format!("`{}` is not a table", self.display_path(None));
                    self.error(part.span.clone(), message, None, None);
                    return;
                }
            };
        }
        self.arena.get_mut(hash).entries.insert(
            key.name.clone(),
            Entry {
                key: key.span.clone(),
                slot: value,
            },
        );
    }

    // ----- BurntSushi/toml's bookkeeping -----

    fn context_path(&self) -> PathId {
        self.context.last().map_or(ROOT, |f| f.path)
    }

    /// The table the context resolves to (`setValue`'s walk), or the
    /// position of the first part that is not a table.
    fn context_table(&self) -> Result<TableId, usize> {
        if let Some(i) = self.context.first_value {
            return Err(i);
        }
        Ok(self
            .context
            .last()
            .and_then(|f| f.node)
            .unwrap_or(self.spaces[self.active].root))
    }

    /// `setType`: only whether the type is an array is ever read back
    /// (`isArray`). An empty key names the context itself, as in Go.
    fn set_type(&mut self, key: Cow<'i, str>, is_array: bool) {
        if !is_array && !self.spaces[self.active].flags.has_arrays() {
            return;
        }
        let path = if key.is_empty() && !self.context.is_empty() {
            Some(self.context_path())
        } else if is_array {
            Some(self.paths.child(self.context_path(), key))
        } else {
            // Not interned: never recorded, nothing to clear.
            self.paths.get(self.context_path(), key)
        };
        if let Some(path) = path {
            self.space().flags.set_array(path, is_array);
        }
    }

    /// What `table` holds under `name`, without copying it: the key's
    /// span and the slot's kind.
    fn seen(&self, table: TableId, name: &str) -> Option<(Range<usize>, Seen)> {
        let entry = self.arena.get(table).entries.get(name)?;
        let seen = match &entry.slot {
            Slot::Value(_) | Slot::Array(..) => Seen::Value,
            Slot::Table(id) => Seen::Table(*id),
            Slot::Tables(first, ids) => Seen::Tables {
                first: first.clone(),
                last: ids.last().copied(),
            },
        };
        Some((entry.key.clone(), seen))
    }

    /// Where a slot leads as a context: a table, the last table of an
    /// array of tables, or nowhere.
    fn node_of(slot: &Slot<'_>) -> Option<TableId> {
        match slot {
            Slot::Table(id) => Some(*id),
            Slot::Tables(_, ids) => ids.last().copied(),
            Slot::Value(_) | Slot::Array(..) => None,
        }
    }

    /// `setValue`.
    fn set_value(&mut self, key: &Part<'i>, value: Slot<'i>) -> Result<Set<'i>, Slot<'i>> {
        let table = match self.context_table() {
            Ok(table) => table,
            Err(i) => {
                self.not_a_table(i, key.span.clone());
                return Err(value);
            }
        };
        if !self
            .arena
            .get(table)
            .entries
            .contains_key(key.name.as_ref())
        {
            self.arena.get_mut(table).entries.insert(
                key.name.clone(),
                Entry {
                    key: key.span.clone(),
                    slot: value,
                },
            );
            return Ok(Set::Inserted);
        }
        let path = self.paths.child(self.context_path(), key.name.clone());
        let flags = &self.spaces[self.active].flags;
        let (array, implicit) = (flags.is_array(path), flags.is_implicit(path));
        let Some(entry) = self.arena.get_mut(table).entries.get_mut(key.name.as_ref()) else {
            return Err(value);
        };
        if implicit {
            self.spaces[self.active].flags.set_implicit(path, false);
            if array {
                let old_key = std::mem::replace(&mut entry.key, key.span.clone());
                let old = std::mem::replace(&mut entry.slot, value);
                return Ok(Set::Replaced(old_key, old));
            }
            return Ok(Set::Kept(entry.key.clone(), value));
        }
        if array && self.dialect.replaces_repeated_arrays {
            let old_key = std::mem::replace(&mut entry.key, key.span.clone());
            let old = std::mem::replace(&mut entry.slot, value);
            return Ok(Set::Repeated(old_key, old));
        }
        let first = entry.key.clone();
        let is_table = Self::node_of(&entry.slot).is_some();
        self.duplicate(key, first, is_table);
        Err(value)
    }

    /// `addContext` for a header: from the root, making missing parents
    /// implicit tables, through the last entry of arrays of tables.
    fn add_context_header(
        &mut self,
        parts: &[Part<'i>],
        array: bool,
        span: &Range<usize>,
    ) -> Result<(), ()> {
        let Some((last, parents)) = parts.split_last() else {
            return Err(());
        };
        let mut table = self.spaces[self.active].root;
        for part in parents {
            let path = self.paths.child(self.context_path(), part.name.clone());
            let existing = self
                .seen(table, &part.name)
                .map(|(key, seen)| (seen.node(), key));
            let node = match existing {
                None => {
                    self.space().flags.set_implicit(path, true);
                    let new = self.arena.add(part.span.clone(), Spec::Implicit);
                    self.arena.get_mut(table).entries.insert(
                        part.name.clone(),
                        Entry {
                            key: part.span.clone(),
                            slot: Slot::Table(new),
                        },
                    );
                    new
                }
                Some((Some(node), _)) => {
                    // Through a table, or the last entry of an array of
                    // tables (an inline table when the array was written
                    // as a value).
                    self.check_header_parent(node, part);
                    node
                }
                Some((None, first)) => {
                    self.context.push(Frame {
                        name: part.name.clone(),
                        path,
                        node: None,
                    });
                    let shown = self.display_path(None);
                    let message = format!(
                        "`{shown}` is already a value (line {}), not a table",
                        self.line_of(first.start)
                    );
                    self.error(
                        part.span.clone(),
                        message,
                        Some(format!(
                            "a header cannot add a table inside the value of `{shown}`; \
                             GitLab Runner refuses to load the file"
                        )),
                        Some((first, "set here".to_owned())),
                    );
                    return Err(());
                }
            };
            self.context.push(Frame {
                name: part.name.clone(),
                path,
                node: Some(node),
            });
            table = node;
        }
        let path = self.paths.child(self.context_path(), last.name.clone());
        if array {
            let existing = self
                .seen(table, &last.name)
                .map(|(key, seen)| (key, matches!(seen, Seen::Tables { .. })));
            match existing {
                Some((first, false)) => {
                    let mut shown = self.display_path(None);
                    push_key(&mut shown, &last.name);
                    let message = format!(
                        "`[[{shown}]]` adds to `{shown}`, which is not an array of tables \
                         (line {})",
                        self.line_of(first.start)
                    );
                    self.error(
                        last.span.clone(),
                        message,
                        Some(
                            "GitLab Runner refuses to load the file: an array of tables \
                             cannot share its name with another value or table"
                                .to_owned(),
                        ),
                        Some((first, "defined here".to_owned())),
                    );
                    return Err(());
                }
                Some((first, true)) => {
                    // An array written as a value can be one of tables
                    // here: `"" = [{…}]` files its type under the table's
                    // own path, so `setValue` kept the inline tables'
                    // shadow (see `set_type`).
                    let written_as_value = self
                        .seen(table, &last.name)
                        .and_then(|(_, seen)| seen.node())
                        .is_some_and(|id| self.arena.get(id).spec == Spec::Inline);
                    if written_as_value {
                        self.leniency(Leniency::AppendsToValueArray, last, Some(first));
                    }
                }
                None => {
                    self.arena.get_mut(table).entries.insert(
                        last.name.clone(),
                        Entry {
                            key: last.span.clone(),
                            slot: Slot::Tables(span.clone(), Vec::new()),
                        },
                    );
                }
            }
            let new = self.arena.add(span.clone(), Spec::Header);
            if let Some(Entry {
                slot: Slot::Tables(_, ids),
                ..
            }) = self
                .arena
                .get_mut(table)
                .entries
                .get_mut(last.name.as_ref())
            {
                ids.push(new);
            }
            self.context.push(Frame {
                name: last.name.clone(),
                path,
                node: Some(new),
            });
            return Ok(());
        }
        let new = self.arena.add(span.clone(), Spec::Header);
        let outcome = self.set_value(last, Slot::Table(new));
        let seen = self.seen(table, &last.name).map(|(_, seen)| seen);
        let node = seen.as_ref().and_then(Seen::node);
        match outcome {
            Ok(Set::Inserted) => {}
            Ok(Set::Kept(..)) => match seen {
                Some(Seen::Table(id)) => {
                    self.check_header_redefines(id, last, span);
                    if let Some(entry) = self
                        .arena
                        .get_mut(table)
                        .entries
                        .get_mut(last.name.as_ref())
                    {
                        entry.key = last.span.clone();
                    }
                }
                Some(Seen::Tables { first, .. }) => {
                    self.leniency(Leniency::HeaderOnArrayOfTables, last, Some(first));
                }
                _ => self.leniency(Leniency::HeaderOnValue, last, None),
            },
            Ok(Set::Replaced(old_key, old)) => {
                let implicit =
                    matches!(old, Slot::Table(id) if self.arena.get(id).spec == Spec::Implicit);
                if implicit {
                    // Valid TOML (`[a.b]` then `[a]`), but the decoder
                    // believes `a` holds an array and starts it again.
                    self.dropped_by_decoder(last, old_key);
                } else {
                    self.leniency(Leniency::TableReplacesValue, last, Some(old_key));
                }
                self.trash(last, old);
            }
            Ok(Set::Repeated(old_key, old)) => {
                self.repeated(last, old_key);
                self.trash(last, old);
            }
            Err(_) => {
                // A table defined twice: the runner stops. Going on in the
                // first definition finds the problems in this one.
                node.ok_or(())?;
            }
        }
        self.context.push(Frame {
            name: last.name.clone(),
            path,
            node,
        });
        Ok(())
    }

    /// `addImplicitContext`: one dotted part of a key.
    fn add_implicit_context(&mut self, part: &Part<'i>) -> Result<(), ()> {
        let path = self.paths.child(self.context_path(), part.name.clone());
        self.space().flags.set_implicit(path, true);
        let table = match self.context_table() {
            Ok(table) => table,
            Err(i) => {
                self.not_a_table(i, part.span.clone());
                return Err(());
            }
        };
        let owner = self.inlines.last().copied().unwrap_or(0);
        let new = self.arena.add(part.span.clone(), Spec::Dotted(owner));
        let outcome = self.set_value(part, Slot::Table(new)).map_err(|_| ())?;
        let seen = self.seen(table, &part.name).map(|(_, seen)| seen);
        match outcome {
            Set::Inserted => {}
            Set::Kept(..) => match &seen {
                Some(Seen::Table(id)) => self.check_dotted_into(*id, part, owner),
                Some(Seen::Tables { first, .. }) => {
                    self.leniency(Leniency::DottedIntoArrayOfTables, part, Some(first.clone()));
                }
                // A value: the next step fails.
                _ => {}
            },
            Set::Replaced(old_key, old) | Set::Repeated(old_key, old) => {
                let kind = match &old {
                    Slot::Table(id) => {
                        let spec = self.arena.get(*id).spec;
                        let extends = spec == Spec::Implicit || spec == Spec::Dotted(owner);
                        if extends {
                            self.dropped_by_decoder(part, old_key.clone());
                        }
                        (!extends).then_some(Leniency::TableReplacesValue)
                    }
                    _ => Some(Leniency::TableReplacesValue),
                };
                if let Some(kind) = kind {
                    self.leniency(kind, part, Some(old_key));
                }
                self.trash(part, old);
            }
        }
        self.context.push(Frame {
            name: part.name.clone(),
            path,
            node: seen.as_ref().and_then(Seen::node),
        });
        Ok(())
    }

    /// `addContext` for an inline table: `p.context` plus the current key,
    /// as a table or, inside an array, a new entry of an array of tables.
    /// Returns the table made for it, if one was.
    fn add_context_inline(&mut self, key: &Part<'i>, array: bool) -> Option<TableId> {
        let path = self.paths.child(self.context_path(), key.name.clone());
        let table = match self.context_table() {
            Ok(table) => table,
            Err(i) => {
                self.not_a_table(i, key.span.clone());
                self.context.push(Frame {
                    name: key.name.clone(),
                    path,
                    node: None,
                });
                return None;
            }
        };
        let mut created = None;
        if array {
            let existing = self
                .seen(table, &key.name)
                .map(|(key, seen)| (key, matches!(seen, Seen::Tables { .. })));
            let node = match existing {
                Some((first, false)) => {
                    let message = format!(
                        "`{}` is already defined on line {}",
                        self.display_path(Some(&key.name)),
                        self.line_of(first.start)
                    );
                    self.error(
                        key.span.clone(),
                        message,
                        None,
                        Some((first, "first defined here".to_owned())),
                    );
                    None
                }
                found => {
                    if found.is_none() {
                        self.arena.get_mut(table).entries.insert(
                            key.name.clone(),
                            Entry {
                                key: key.span.clone(),
                                slot: Slot::Tables(key.span.clone(), Vec::new()),
                            },
                        );
                    }
                    let new = self.arena.add(key.span.clone(), Spec::Inline);
                    if let Some(Entry {
                        slot: Slot::Tables(_, ids),
                        ..
                    }) = self.arena.get_mut(table).entries.get_mut(key.name.as_ref())
                    {
                        ids.push(new);
                    }
                    created = Some(new);
                    Some(new)
                }
            };
            self.context.push(Frame {
                name: key.name.clone(),
                path,
                node,
            });
            return created;
        }
        let first = self.seen(table, &key.name).map(|(first, _)| first);
        let new = self.arena.add(key.span.clone(), Spec::Inline);
        let outcome = self.set_value(key, Slot::Table(new));
        let node = match (outcome, first) {
            (Ok(Set::Inserted), _) => {
                created = Some(new);
                Some(new)
            }
            // The key was there before: the runner stops, at a key of this
            // table that the first one has too or, at the latest, when the
            // table is set (`setValue` finds the key no longer implicit).
            // Reported once, here; the keys go to a table of their own so
            // the first definition's keys are not reported again, and the
            // table's own map keeps them for their secrets.
            (Ok(_), Some(first)) => {
                let is_table = true;
                self.duplicate(key, first, is_table);
                Some(self.arena.add(key.span.clone(), Spec::Inline))
            }
            (Ok(_), None) => self
                .seen(table, &key.name)
                .and_then(|(_, seen)| seen.node()),
            (Err(_), _) => Some(self.arena.add(key.span.clone(), Spec::Inline)),
        };
        self.context.push(Frame {
            name: key.name.clone(),
            path,
            node,
        });
        created
    }

    // ----- the TOML specification -----

    /// A header's path goes through `table`.
    fn check_header_parent(&mut self, table: TableId, part: &Part<'i>) {
        match self.arena.get(table).spec {
            Spec::Implicit | Spec::Header | Spec::Dotted(0) => {}
            Spec::Dotted(_) | Spec::Inline => {
                let first = self.arena.get(table).span.clone();
                self.leniency(Leniency::ExtendsInline, part, Some(first));
            }
        }
    }

    /// A header names `table`, which already exists.
    fn check_header_redefines(&mut self, table: TableId, last: &Part<'i>, span: &Range<usize>) {
        let first = self.arena.get(table).span.clone();
        let kind = match self.arena.get(table).spec {
            Spec::Implicit => None,
            Spec::Header => Some(Leniency::HeaderTwice),
            Spec::Dotted(0) => Some(Leniency::HeaderAfterDotted),
            Spec::Dotted(_) | Spec::Inline => Some(Leniency::ExtendsInline),
        };
        if let Some(kind) = kind {
            self.leniency(kind, last, Some(first));
        }
        let table = self.arena.get_mut(table);
        table.spec = Spec::Header;
        table.span = span.clone();
    }

    /// A dotted key walks into `table`, which already exists.
    fn check_dotted_into(&mut self, table: TableId, part: &Part<'i>, owner: u32) {
        let spec = self.arena.get(table).spec;
        let kind = match spec {
            Spec::Implicit => {
                self.arena.get_mut(table).spec = Spec::Dotted(owner);
                None
            }
            Spec::Dotted(o) if o == owner => None,
            Spec::Header => Some(Leniency::DottedIntoHeader),
            Spec::Dotted(_) | Spec::Inline => Some(Leniency::ExtendsInline),
        };
        if let Some(kind) = kind {
            let first = self.arena.get(table).span.clone();
            self.leniency(kind, part, Some(first));
        }
    }

    // ----- what older releases refuse -----

    /// Reports `construct` when the release does not read it: from `at`
    /// to the end of `span`. `text` is what its message quotes.
    fn refuse(&mut self, construct: Construct, at: usize, span: Range<usize>, text: &str) {
        if self.dialect.reads(construct) {
            return;
        }
        let says = self.dialect.says(construct, text, self.place);
        let refusal = Refusal {
            construct,
            at,
            span,
            says,
        };
        let diagnostic = dialect::unsupported(&self.version, &self.dialect, refusal);
        self.out.diagnostics.push(diagnostic);
    }

    /// `a.b = …`: TOML 0.4 has no dotted keys.
    fn check_dotted(&mut self, parts: &[Part<'i>]) {
        let (Some(first), Some(last)) = (parts.first(), parts.last()) else {
            return;
        };
        if parts.len() < 2 || self.dialect.reads(Construct::DottedKey) {
            return;
        }
        let dot = self
            .text
            .get(first.span.end..)
            .and_then(|rest| rest.find('.'))
            .map_or(first.span.end, |i| first.span.end + i);
        let raw = self
            .text
            .get(first.span.clone())
            .unwrap_or_default()
            .to_owned();
        self.refuse(
            Construct::DottedKey,
            dot,
            first.span.start..last.span.end,
            &raw,
        );
    }

    /// Escapes older releases refuse, in a basic string or quoted key:
    /// `\e` and `\xHH` (TOML 1.1), whitespace after a line-ending backslash
    /// (TOML 1.0).
    fn check_escapes(&mut self, raw: &str, span: Range<usize>) {
        if self.dialect.reads(Construct::EscapeE) {
            return;
        }
        let refused = dialect::escapes(raw, span.start)
            .into_iter()
            .find(|(construct, _, _)| !self.dialect.reads(*construct));
        if let Some((construct, text, escape)) = refused {
            self.refuse(construct, escape.start, escape, &text);
        }
    }

    /// A scalar written in a way the release refuses.
    fn check_scalar(&mut self, raw: &str, span: Range<usize>, value: &DeValue<'i>) {
        match value {
            DeValue::String(_) => {
                if let Some(at) = dialect::closing_quotes(raw) {
                    let quote = raw.get(at..=at).unwrap_or("\"").to_owned();
                    self.refuse(
                        Construct::ClosingQuotes,
                        span.start + at,
                        span.clone(),
                        &quote,
                    );
                }
                self.check_escapes(raw, span);
            }
            DeValue::Integer(i) if i.radix() != 10 => {
                self.refuse(Construct::RadixInteger, span.start, span, raw);
            }
            DeValue::Float(_) if matches!(raw.trim_start_matches(['+', '-']), "inf" | "nan") => {
                self.refuse(Construct::InfNan, span.start, span, raw);
            }
            DeValue::Datetime(_) => {
                let refused = dialect::datetime_constructs(raw)
                    .into_iter()
                    .find(|(construct, _)| !self.dialect.reads(*construct));
                if let Some((construct, offset)) = refused {
                    self.refuse(construct, span.start + offset, span, raw);
                }
            }
            _ => {}
        }
    }

    /// `[1, "a"]`: TOML 0.4 arrays hold one type.
    fn check_mixed(&mut self, items: &[Slot<'i>], span: Range<usize>) {
        if self.dialect.reads(Construct::MixedArray) {
            return;
        }
        let Some(first) = items.first().map(|item| self.type_name(item)) else {
            return;
        };
        let other = items
            .iter()
            .map(|item| (self.type_name(item), item))
            .find(|(name, _)| *name != first);
        if let Some((name, item)) = other {
            let at = match item {
                Slot::Value(value) => value.span().start,
                Slot::Array(range, _) | Slot::Tables(range, _) => range.start,
                Slot::Table(id) => self.arena.get(*id).span.start,
            };
            let place = std::mem::replace(&mut self.place, Place::Array);
            self.refuse(Construct::MixedArray, at, span, &format!("{first} {name}"));
            self.place = place;
        }
    }

    /// The type v0.3.1 names in its message about mixed arrays.
    fn type_name(&self, item: &Slot<'i>) -> &'static str {
        match item {
            Slot::Value(value) => match value.get_ref() {
                DeValue::String(_) => "String",
                DeValue::Integer(_) => "Integer",
                DeValue::Float(_) => "Float",
                DeValue::Boolean(_) => "Bool",
                DeValue::Datetime(_) => "Datetime",
                DeValue::Array(_) => "Array",
                DeValue::Table(_) => "Hash",
            },
            Slot::Array(..) | Slot::Tables(..) => "Array",
            Slot::Table(_) => "Hash",
        }
    }

    /// A key set twice where one value is an array: this release keeps the
    /// last value, v1.6.0 (GitLab Runner 18.9 on) refuses the file.
    fn repeated(&mut self, key: &Part<'i>, first: Range<usize>) {
        let path = self.display_path(Some(&key.name));
        let line = self.line_of(first.start);
        let later = RunnerVersion::first_with_toml(dialect::V1_6_0.module)
            .map_or_else(|| "a later release".to_owned(), |r| r.to_string());
        let message = format!(
            "`{path}` is set again (first on line {line}); GitLab Runner {} keeps this value, \
             {later} and later refuse the file",
            self.version.release()
        );
        let help = format!(
            "BurntSushi/toml {} replaces a key set twice when either value is an array; from \
             GitLab Runner {later} on (BurntSushi/toml v1.6.0) the runner refuses to load the \
             file (`Key '{path}' has already been defined.`): keep one `{path}`",
            self.dialect.module
        );
        self.out.diagnostics.push(
            Diagnostic::new(&crate::versions::codes::TOML_REFUSED_AFTER_UPGRADE, message)
                .at(key.span.clone())
                .help(help)
                .label(first, "first set here"),
        );
    }

    // ----- findings -----

    fn line_of(&self, offset: usize) -> usize {
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        starts.partition_point(|&start| start <= offset).max(1)
    }

    /// The context as a dotted path, plus `key`.
    fn display_path(&self, key: Option<&str>) -> String {
        let mut path = String::new();
        for frame in &self.context.frames {
            push_key(&mut path, &frame.name);
        }
        if let Some(key) = key {
            push_key(&mut path, key);
        }
        path
    }

    fn error(
        &mut self,
        span: Range<usize>,
        message: String,
        help: Option<String>,
        label: Option<(Range<usize>, String)>,
    ) {
        self.failed = true;
        self.out.broken.push(span.clone());
        let mut diagnostic = Diagnostic::new(&codes::SYNTAX_ERROR, message).at(span);
        if let Some(help) = help {
            diagnostic = diagnostic.help(help);
        }
        if let Some((span, text)) = label {
            diagnostic = diagnostic.label(span, text);
        }
        self.out.diagnostics.push(diagnostic);
    }

    /// `Key '…' has already been defined.` for a key set twice.
    fn duplicate(&mut self, key: &Part<'i>, first: Range<usize>, is_table: bool) {
        if self.duplicated.as_ref() == Some(&key.span) {
            return;
        }
        self.duplicated = Some(key.span.clone());
        let path = self.display_path(Some(&key.name));
        let line = self.line_of(first.start);
        let (message, help) = if is_table {
            (
                format!("the table `{path}` is already defined on line {line}"),
                format!(
                    "GitLab Runner refuses to load a file that defines a table twice; \
                     write all the keys of `{path}` in one place"
                ),
            )
        } else {
            (
                format!("`{path}` is already set on line {line}"),
                "GitLab Runner refuses to load a file that sets a key twice; keep one".to_owned(),
            )
        };
        self.error(
            key.span.clone(),
            message,
            Some(help),
            Some((first, "first defined here".to_owned())),
        );
    }

    /// The context's part `i` is a value, so nothing can go inside it.
    fn not_a_table(&mut self, i: usize, at: Range<usize>) {
        if self.failed {
            // The part that is not a table was reported already.
            self.out.broken.push(at);
            return;
        }
        let mut path = String::new();
        for frame in &self.context.frames[..=i.min(self.context.len().saturating_sub(1))] {
            push_key(&mut path, &frame.name);
        }
        let message = format!("`{path}` is already a value, not a table");
        self.error(
            at,
            message,
            Some(format!(
                "a key cannot go inside the value of `{path}`; GitLab Runner refuses to \
                 load the file"
            )),
            None,
        );
    }

    fn leniency(&mut self, kind: Leniency, at: &Part<'i>, first: Option<Range<usize>>) {
        if self.warned {
            return;
        }
        self.warned = true;
        let path = self.display_path(Some(&at.name));
        let on_line = first
            .as_ref()
            .map(|f| format!(" on line {}", self.line_of(f.start)))
            .unwrap_or_default();
        let (message, fix) = match kind {
            Leniency::HeaderTwice => (
                format!("the table `{path}` is defined a second time (first{on_line})"),
                format!("write all the keys of `{path}` under one `[{path}]` header"),
            ),
            Leniency::HeaderAfterDotted => (
                format!("`[{path}]` reopens a table that dotted keys defined{on_line}"),
                format!(
                    "write all the keys of `{path}` under `[{path}]`, or all as dotted keys \
                     outside it"
                ),
            ),
            Leniency::HeaderOnArrayOfTables => (
                format!(
                    "`[{path}]` names the array of tables `[[{path}]]` defined{on_line}; \
                     GitLab Runner adds these keys to its last entry"
                ),
                format!("write these keys under that last `[[{path}]]` header"),
            ),
            Leniency::HeaderOnValue => (
                format!("`[{path}]` names a key that already holds a value"),
                format!("rename the table or the key `{path}`"),
            ),
            Leniency::ExtendsInline => (
                format!("this adds to `{path}`, an inline table written{on_line}"),
                format!("write `{path}` as a `[{path}]` section instead of `{{ … }}`"),
            ),
            Leniency::DottedIntoHeader => (
                format!("this dotted key adds to `[{path}]`, a table defined{on_line}"),
                format!("write the key in the `[{path}]` section"),
            ),
            Leniency::DottedIntoArrayOfTables => (
                format!("this dotted key adds to the last entry of `[[{path}]]`, defined{on_line}"),
                format!("write the key under that entry's `[[{path}]]` header"),
            ),
            Leniency::AppendsToValueArray => (
                format!("`[[{path}]]` adds an entry to an array written as a value{on_line}"),
                format!("write every entry of `{path}` as a `[[{path}]]` section"),
            ),
            Leniency::TableReplacesValue => (
                format!(
                    "`{path}` is already set{on_line}; GitLab Runner replaces that value \
                     with a table here"
                ),
                "remove one of the two".to_owned(),
            ),
            Leniency::ValueIgnored => (
                format!("`{path}` is already a table{on_line}; GitLab Runner ignores this value"),
                "remove one of the two".to_owned(),
            ),
            Leniency::ValueReplaced => (
                format!(
                    "`{path}` is already set{on_line}; GitLab Runner replaces that value \
                     with this one"
                ),
                "remove one of the two".to_owned(),
            ),
        };
        let help = format!(
            "GitLab Runner's TOML decoder accepts this, but the TOML specification does not, \
             so taplo, editors and other TOML tools reject the file; {fix}"
        );
        let mut diagnostic = Diagnostic::new(&codes::LENIENT_TOML, message)
            .at(at.span.clone())
            .help(help);
        if let Some(first) = first {
            diagnostic = diagnostic.label(first, "defined here");
        }
        self.out.diagnostics.push(diagnostic);
    }

    /// Valid TOML the runner's decoder reads differently: a dotted key
    /// extends a table, but an array stored at the same path in an earlier
    /// entry of an array of tables makes the decoder replace the table.
    fn dropped_by_decoder(&mut self, at: &Part<'i>, first: Range<usize>) {
        let path = self.display_path(Some(&at.name));
        let line = self.line_of(first.start);
        let message = format!(
            "GitLab Runner's TOML decoder drops the keys already set in `{path}` (line {line})"
        );
        let help = format!(
            "the decoder records the types of keys by their path without array positions, so \
             an array set at `{path}` in another entry of the same array of tables (or under \
             an empty key `\"\"` inside it) makes it start `{path}` again here; give the key \
             the same type in every entry, or write its keys in one inline table"
        );
        self.out.diagnostics.push(
            Diagnostic::new(&codes::TOML_KEYS_DROPPED, message)
                .at(at.span.clone())
                .help(help)
                .label(first, "these keys are dropped"),
        );
    }
}

/// Nesting beyond this many arrays and inline tables is refused (toml's
/// own limit, which keeps the recursive parts of the parser off the end of
/// the stack). No runner setting nests deeper than a few levels.
pub(super) const NESTING_LIMIT: u32 = MAX_NESTING;
