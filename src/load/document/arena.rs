//! The decoder's data, shaped as BurntSushi/toml holds it.
//!
//! Go maps are references: BurntSushi/toml builds an inline table twice
//! (into its `mapping` and into a fresh map it returns), stores the same
//! map under two parents, replaces values in place. Tables therefore live
//! in an arena and values refer to them by [`TableId`], so every such
//! sharing and replacement happens exactly as in Go. The arena becomes a
//! `DeTable` once, at the end, without recursion (dotted keys inside
//! nested inline tables make trees thousands of levels deep).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

pub(super) type TableId = usize;

/// A value as BurntSushi/toml stores it in its `mapping`.
#[derive(Debug, Clone)]
pub(super) enum Slot<'i> {
    /// A string, integer, float, boolean or date-time.
    Value(Spanned<DeValue<'i>>),
    /// `[]any`: an array written as a value, `[…]`.
    Array(Range<usize>, Vec<Slot<'i>>),
    /// `map[string]any`: a table.
    Table(TableId),
    /// `[]map[string]any`: an array of tables (`[[…]]`), spanned by its
    /// first header.
    Tables(Range<usize>, Vec<TableId>),
}

/// How the TOML specification sees a table: which ways of adding to it
/// are still allowed. BurntSushi/toml does not track this; the builder
/// does, to warn where the runner accepts what the specification forbids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Spec {
    /// Created by a header's path (`a` for `[a.b]`): a header may still
    /// define it, dotted keys may still add to it.
    Implicit,
    /// Defined by a `[header]`, or an entry of an array of tables.
    Header,
    /// Defined by dotted keys, in the inline table with this id (0: not in
    /// an inline table). Only more dotted keys there may add to it.
    Dotted(u32),
    /// An inline table: closed once written.
    Inline,
}

#[derive(Debug)]
pub(super) struct Entry<'i> {
    /// Where the key that created the entry is written.
    pub(super) key: Range<usize>,
    pub(super) slot: Slot<'i>,
}

#[derive(Debug)]
pub(super) struct Table<'i> {
    pub(super) entries: BTreeMap<Cow<'i, str>, Entry<'i>>,
    /// A header's span, an inline table's braces, or the key that created
    /// the table implicitly: what toml gives a table, so messages that
    /// quote it (`a table (`[runners.docker]`)`) still work.
    pub(super) span: Range<usize>,
    pub(super) spec: Spec,
}

#[derive(Debug, Default)]
pub(super) struct Arena<'i> {
    tables: Vec<Table<'i>>,
}

impl<'i> Arena<'i> {
    pub(super) fn add(&mut self, span: Range<usize>, spec: Spec) -> TableId {
        self.tables.push(Table {
            entries: BTreeMap::new(),
            span,
            spec,
        });
        self.tables.len() - 1
    }

    pub(super) fn get(&self, id: TableId) -> &Table<'i> {
        &self.tables[id]
    }

    pub(super) fn get_mut(&mut self, id: TableId) -> &mut Table<'i> {
        &mut self.tables[id]
    }

    /// The table at `root` and everything under it as toml's `DeTable`.
    /// Tables already taken by an earlier call come out empty (a value is
    /// only ever in one of the trees converted).
    pub(super) fn take_table(&mut self, root: TableId) -> DeTable<'i> {
        // Pre-order without recursion; reversed, every table comes after
        // all the tables inside it.
        let mut order = Vec::new();
        let mut stack = vec![root];
        while let Some(id) = stack.pop() {
            order.push(id);
            for entry in self.tables[id].entries.values() {
                push_tables(&entry.slot, &mut stack);
            }
        }
        let mut done: HashMap<TableId, DeTable<'i>, FastHash> = HashMap::default();
        for &id in order.iter().rev() {
            if done.contains_key(&id) {
                continue;
            }
            let entries = std::mem::take(&mut self.tables[id].entries);
            let table: DeTable<'i> = entries
                .into_iter()
                .map(|(name, entry)| {
                    let value = self.to_value(entry.slot, &mut done);
                    (Spanned::new(entry.key, name), value)
                })
                .collect();
            done.insert(id, table);
        }
        done.remove(&root).unwrap_or_default()
    }

    fn to_value(
        &self,
        slot: Slot<'i>,
        done: &mut HashMap<TableId, DeTable<'i>, FastHash>,
    ) -> Spanned<DeValue<'i>> {
        match slot {
            Slot::Value(value) => value,
            Slot::Array(span, items) => {
                let items: DeArray<'i> = items
                    .into_iter()
                    .map(|item| self.to_value(item, done))
                    .collect();
                Spanned::new(span, DeValue::Array(items))
            }
            Slot::Table(id) => self.table_value(id, done),
            Slot::Tables(span, ids) => {
                let items: DeArray<'i> = ids
                    .into_iter()
                    .map(|id| self.table_value(id, done))
                    .collect();
                Spanned::new(span, DeValue::Array(items))
            }
        }
    }

    fn table_value(
        &self,
        id: TableId,
        done: &mut HashMap<TableId, DeTable<'i>, FastHash>,
    ) -> Spanned<DeValue<'i>> {
        let table = done.remove(&id).unwrap_or_default();
        Spanned::new(self.tables[id].span.clone(), DeValue::Table(table))
    }
}

/// The tables a value holds directly (arrays nest at most 80 deep: toml's
/// parser refuses deeper ones).
fn push_tables(slot: &Slot<'_>, out: &mut Vec<TableId>) {
    match slot {
        Slot::Value(_) => {}
        Slot::Array(_, items) => items.iter().for_each(|item| push_tables(item, out)),
        Slot::Table(id) => out.push(*id),
        Slot::Tables(_, ids) => out.extend(ids),
    }
}

/// A key path without array positions (`runners.docker`), interned.
///
/// BurntSushi/toml keys its `implicits` set and `keyInfo` types by the
/// dotted path string, so what it remembers about `runners.docker` in one
/// `[[runners]]` entry applies in the next. An id per distinct path gives
/// the same identity in O(1), however deep the path.
pub(super) type PathId = u32;

/// The path of the document's root (the empty key).
pub(super) const ROOT: PathId = 0;

#[derive(Debug, Default)]
pub(super) struct Paths<'i> {
    ids: HashMap<(PathId, Cow<'i, str>), PathId, FastHash>,
}

impl<'i> Paths<'i> {
    pub(super) fn child(&mut self, parent: PathId, name: Cow<'i, str>) -> PathId {
        let next = PathId::try_from(self.ids.len() + 1).unwrap_or(PathId::MAX);
        *self.ids.entry((parent, name)).or_insert(next)
    }

    /// The path's id if it was ever made.
    pub(super) fn get(&self, parent: PathId, name: Cow<'i, str>) -> Option<PathId> {
        self.ids.get(&(parent, name)).copied()
    }
}

/// BurntSushi/toml's `implicits` set and `keyInfo` array types, per path.
#[derive(Debug, Default)]
pub(super) struct PathFlags {
    flags: Vec<u8>,
    /// How many paths are recorded as arrays.
    arrays: usize,
}

const IMPLICIT: u8 = 1;
const ARRAY: u8 = 2;

impl PathFlags {
    fn get(&self, path: PathId) -> u8 {
        self.flags.get(path as usize).copied().unwrap_or(0)
    }

    fn set(&mut self, path: PathId, flag: u8, on: bool) {
        let index = path as usize;
        if index >= self.flags.len() {
            if !on {
                return;
            }
            self.flags.resize(index + 1, 0);
        }
        if on {
            self.flags[index] |= flag;
        } else {
            self.flags[index] &= !flag;
        }
    }

    pub(super) fn is_implicit(&self, path: PathId) -> bool {
        self.get(path) & IMPLICIT != 0
    }

    pub(super) fn set_implicit(&mut self, path: PathId, on: bool) {
        self.set(path, IMPLICIT, on);
    }

    /// `isArray`: the last type recorded for the path is an array value.
    pub(super) fn is_array(&self, path: PathId) -> bool {
        self.get(path) & ARRAY != 0
    }

    /// `setType`: only whether the type is an array matters.
    pub(super) fn set_array(&mut self, path: PathId, on: bool) {
        let was = self.is_array(path);
        self.set(path, ARRAY, on);
        match (was, on) {
            (false, true) => self.arrays += 1,
            (true, false) => self.arrays -= 1,
            _ => {}
        }
    }

    /// Whether any path is recorded as an array.
    pub(super) fn has_arrays(&self) -> bool {
        self.arrays > 0
    }
}

/// FxHash: the keys are small and not attacker-chosen in a way that
/// matters (a config file is parsed once), so SipHash is wasted time.
pub(super) type FastHash = BuildHasherDefault<FxHasher>;

#[derive(Debug, Default, Clone, Copy)]
pub(super) struct FxHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

/// Converts a key for display in a path: bare when it can be, quoted
/// otherwise.
pub(super) fn push_key(path: &mut String, key: &str) {
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
        path.push('"');
        for c in key.chars() {
            match c {
                '"' => path.push_str("\\\""),
                '\\' => path.push_str("\\\\"),
                c if c.is_control() => path.push_str(&format!("\\u{:04X}", u32::from(c))),
                c => path.push(c),
            }
        }
        path.push('"');
    }
}
