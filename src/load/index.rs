//! Where each key of a loaded file is: dotted key path → byte spans.
//!
//! Rules point at things by path (`runners[0].docker.pull_policy[1]`), so
//! lookups must be cheap and building the index must not cost more than
//! parsing. Every path is stored once in one shared buffer and found
//! through a hash table of path hashes, so a file with ten thousand
//! runners costs no per-key allocation.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

/// The byte spans of one key and its value.
///
/// For an array item (`pull_policy[1]`) there is no key, only the value.
/// For a table written with a header, the value span is the header
/// (`[runners.docker]`, or `[[runners]]` for an array item), so a rule can
/// point at the section as a whole.
///
/// ```
/// use runner_config::load::{self, KeySpans};
///
/// let loaded = load::load(r#"
/// [[runners]]
/// executor = "docker"
/// [runners.docker]
/// image = "alpine"
/// "#);
/// let text = loaded.source().text();
/// let spans: KeySpans = loaded.spans().get("runners[0].docker.image").unwrap();
/// assert_eq!(&text[spans.key.clone().unwrap()], "image");
/// assert_eq!(&text[spans.value.clone()], "\"alpine\"");
/// assert_eq!(spans.primary(), spans.key.unwrap());
/// // A table written with a header points at the header.
/// let docker = loaded.spans().get("runners[0].docker").unwrap();
/// assert_eq!(&text[docker.value], "[runners.docker]");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeySpans {
    /// The key as written (`Pull_Policy` for a key that was renamed to its
    /// canonical spelling), if the path names a key.
    pub key: Option<Range<usize>>,
    /// The value, or the table's header.
    pub value: Range<usize>,
}

impl KeySpans {
    /// The best place to point at: the key if there is one, else the value.
    pub fn primary(&self) -> Range<usize> {
        self.key.clone().unwrap_or_else(|| self.value.clone())
    }
}

const NONE: u32 = u32::MAX;

#[derive(Debug, Clone)]
struct Entry {
    path: Range<usize>,
    key: Option<Range<usize>>,
    value: Range<usize>,
    secret: bool,
    /// The next entry whose path has the same hash.
    next: u32,
}

/// FNV-1a: fast on the short strings key paths are; the table only uses
/// it to find candidates, which are then compared in full.
fn path_hash(path: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in path.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// A hasher for keys that already are hashes.
#[derive(Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is used; fold anything else in for completeness.
        for &b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Every key path of a loaded file, with the spans of the key and value.
///
/// Only keys the runner reads are indexed, under their canonical spelling
/// (`runners[0].docker.pull_policy` even when the file says `Pull_Policy`);
/// unknown keys are reported as diagnostics instead. Array items are indexed
/// by position (`runners[0].docker.services[2]`), user-chosen map keys are
/// quoted when they are not bare TOML keys
/// (`runners[0].docker.sysctls."net.ipv4.ip_forward"`).
///
/// ```
/// let text = "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\npull_policy = [\"always\", \"never\"]\n";
/// let loaded = runner_config::load::load(text);
/// let spans = loaded.spans();
/// let entry = spans.get("runners[0].docker.pull_policy[1]").unwrap();
/// assert_eq!(&text[entry.value], "\"never\"");
/// assert_eq!(&text[spans.value_span("runners[0].docker").unwrap()], "[runners.docker]");
/// assert!(spans.contains("runners[0].executor"));
/// assert!(!spans.contains("runners[0].shell"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct SpanIndex {
    paths: String,
    entries: Vec<Entry>,
    heads: HashMap<u64, u32, BuildHasherDefault<PassThrough>>,
}

impl SpanIndex {
    /// An empty index sized for a file of `text_len` bytes (real files
    /// average one indexed key per 25 to 30 bytes).
    pub(crate) fn for_text(text_len: usize) -> Self {
        let entries = (text_len / 28).min(1 << 20);
        Self {
            paths: String::with_capacity(entries * 24),
            entries: Vec::with_capacity(entries),
            heads: HashMap::with_capacity_and_hasher(entries, BuildHasherDefault::default()),
        }
    }

    /// Records `path`. A path recorded twice keeps its first spans.
    pub(crate) fn insert(
        &mut self,
        path: &str,
        key: Option<Range<usize>>,
        value: Range<usize>,
        secret: bool,
    ) {
        self.insert_hashed(path, path_hash(path), key, value, secret);
    }

    fn insert_hashed(
        &mut self,
        path: &str,
        hash: u64,
        key: Option<Range<usize>>,
        value: Range<usize>,
        secret: bool,
    ) {
        if self.find_hashed(path, hash).is_some() {
            return;
        }
        let Ok(position) = u32::try_from(self.entries.len()) else {
            return;
        };
        if position == NONE {
            return;
        }
        let start = self.paths.len();
        self.paths.push_str(path);
        let next = self.heads.insert(hash, position).unwrap_or(NONE);
        self.entries.push(Entry {
            path: start..self.paths.len(),
            key,
            value,
            secret,
            next,
        });
    }

    fn find(&self, path: &str) -> Option<&Entry> {
        self.find_hashed(path, path_hash(path))
    }

    fn find_hashed(&self, path: &str, hash: u64) -> Option<&Entry> {
        let mut at = *self.heads.get(&hash)?;
        while at != NONE {
            let entry = self.entries.get(at as usize)?;
            if self.paths.get(entry.path.clone()) == Some(path) {
                return Some(entry);
            }
            at = entry.next;
        }
        None
    }

    /// The spans of the key or array item at `path`.
    pub fn get(&self, path: &str) -> Option<KeySpans> {
        self.find(path).map(|e| KeySpans {
            key: e.key.clone(),
            value: e.value.clone(),
        })
    }

    /// Whether the file sets `path`.
    pub fn contains(&self, path: &str) -> bool {
        self.find(path).is_some()
    }

    /// The span of the key at `path`.
    pub fn key_span(&self, path: &str) -> Option<Range<usize>> {
        self.find(path).and_then(|e| e.key.clone())
    }

    /// The span of the value at `path` (a table's header for a table).
    pub fn value_span(&self, path: &str) -> Option<Range<usize>> {
        self.find(path).map(|e| e.value.clone())
    }

    /// Whether the value at `path` is a credential (never to be shown).
    pub fn is_secret(&self, path: &str) -> bool {
        self.find(path).is_some_and(|e| e.secret)
    }

    /// Every indexed path with its spans, in the order the loader visited
    /// them (parents before children).
    pub fn iter(&self) -> impl Iterator<Item = (&str, KeySpans)> + '_ {
        self.entries.iter().map(|e| {
            let path = self.paths.get(e.path.clone()).unwrap_or_default();
            (
                path,
                KeySpans {
                    key: e.key.clone(),
                    value: e.value.clone(),
                },
            )
        })
    }

    /// How many paths are indexed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing is indexed (an empty file).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The path of the innermost entry whose value span is exactly `span`.
    pub(crate) fn path_of_value(&self, span: &Range<usize>) -> Option<&str> {
        self.entries
            .iter()
            .rev()
            .find(|e| e.value == *span)
            .and_then(|e| self.paths.get(e.path.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_was_inserted_and_nothing_else() {
        let mut index = SpanIndex::default();
        index.insert("runners[0]", None, 0..11, false);
        index.insert("runners[0].docker", Some(20..26), 14..30, false);
        index.insert("runners[0].token", Some(40..45), 48..60, true);
        index.insert("runners[0].docker", Some(99..100), 99..100, false);
        assert_eq!(index.len(), 3);
        assert_eq!(index.get("runners[0].docker").unwrap().key, Some(20..26));
        assert_eq!(index.value_span("runners[0]"), Some(0..11));
        assert_eq!(index.key_span("runners[0]"), None);
        assert!(index.is_secret("runners[0].token"));
        assert!(!index.contains("runners[1]"));
        assert!(!index.contains("runners[0].dock"));
        let paths: Vec<_> = index.iter().map(|(p, _)| p).collect();
        assert_eq!(
            paths,
            ["runners[0]", "runners[0].docker", "runners[0].token"]
        );
    }

    #[test]
    fn colliding_hashes_are_told_apart() {
        let mut index = SpanIndex::default();
        // Every path in one chain: lookups must compare the paths.
        for i in 0..50 {
            index.insert_hashed(&format!("k{i}"), 7, None, i..i + 1, false);
        }
        index.insert_hashed("k3", 7, None, 99..100, false);
        assert_eq!(index.len(), 50);
        for i in 0..50 {
            let entry = index.find_hashed(&format!("k{i}"), 7).unwrap();
            assert_eq!(entry.value, i..i + 1);
        }
        assert!(index.find_hashed("k50", 7).is_none());
    }
}
