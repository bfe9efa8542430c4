//! YAML with the byte range of every node (feature `yaml`).
//!
//! [`Yaml::parse`] reads a stream of documents into an arena of [`Node`]s,
//! each with its span in the text, its tag (`!reference`, `!!str`, …) and
//! the key path that leads to it. It follows what GitLab's YAML loader
//! (Ruby's Psych) does with the parts of YAML that change the data:
//!
//! - **Aliases** are resolved to the anchored node itself, not copied: a
//!   value reached through `*anchor` keeps the span of the place it is
//!   written, which is where a finding about it belongs. Nothing is
//!   expanded, so an alias bomb costs nothing.
//! - **Merge keys** (`<<: *base`, `<<: [*a, *b]`) are applied as Psych
//!   applies them, in order: a merged mapping replaces the keys written
//!   before the `<<`, keys written after it replace merged ones, and in a
//!   list of mappings the first one wins.
//! - **Duplicate keys**: the last one wins.
//! - **Tags** are kept on the node and never interpreted, so GitLab's
//!   custom tags parse like any other node.
//!
//! The parser is `saphyr-parser`, an event parser that reports every
//! event's position and refuses nesting deeper than it can handle.
//!
//! ```
//! use runner_config::yaml::Yaml;
//!
//! let text = ".base: &base\n  image: ruby:3.3\njob:\n  <<: *base\n  tags: [docker]\n";
//! let yaml = Yaml::parse(text).unwrap();
//! let root = yaml.documents()[0];
//! let job = yaml.get(root, "job").unwrap();
//! let image = yaml.get(job, "image").unwrap();
//! assert_eq!(yaml.node(image).as_str(), Some("ruby:3.3"));
//! // The merged value is where `.base` writes it.
//! assert_eq!(&text[yaml.node(image).span()], "ruby:3.3");
//! assert_eq!(yaml.path(image), ".base.image");
//! ```

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

/// The most mapping entries merge keys may create in one stream: a guard
/// against inputs built to multiply entries through nested merges.
const MAX_MERGED_ENTRIES: usize = 1 << 20;

/// A node's index in its [`Yaml`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(u32);

/// How a scalar is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Without quotes: `ruby:3.3`, `true`, `~`.
    Plain,
    /// `'single'` or `"double"` quoted.
    Quoted,
    /// A block scalar, `|` or `>`.
    Block,
}

/// What a node holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A scalar, as text (numbers and booleans too), and how it is written.
    Scalar(String, Style),
    /// A sequence of nodes.
    Sequence(Vec<NodeId>),
    /// A mapping, merge keys applied: each key's text, key node and value
    /// node, in the order Ruby's `Hash` keeps them.
    Mapping(Vec<Entry>),
}

/// One entry of a mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The key's text.
    pub key: String,
    /// The key node (where the key is written).
    pub key_node: NodeId,
    /// The value node.
    pub value: NodeId,
}

/// One node of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    value: Value,
    tag: Option<String>,
    span: Range<usize>,
    parent: Option<(NodeId, Segment)>,
}

/// How a node hangs from its parent, for key paths.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Key(String),
    Index(usize),
}

impl Node {
    /// What the node holds.
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// The tag as written, such as `!reference` or `!!str`.
    pub fn tag(&self) -> Option<&str> {
        self.tag.as_deref()
    }

    /// The node's byte range in the text. A block scalar's range ends
    /// with its last non-blank character.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// Whether this is YAML's null: an empty plain scalar, `~` or `null`
    /// (as Psych reads them).
    pub fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar(s, Style::Plain)
            if matches!(s.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    /// A scalar's text, unless it is null.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(s, _) if !self.is_null() => Some(s),
            _ => None,
        }
    }

    /// A plain scalar Psych reads as a boolean (`true`, `false`, and YAML
    /// 1.1's `yes`, `no`, `on`, `off`, in any case).
    pub fn as_bool(&self) -> Option<bool> {
        match &self.value {
            Value::Scalar(s, Style::Plain) => match s.to_ascii_lowercase().as_str() {
                "true" | "yes" | "on" => Some(true),
                "false" | "no" | "off" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    /// A sequence's items.
    pub fn as_sequence(&self) -> Option<&[NodeId]> {
        match &self.value {
            Value::Sequence(items) => Some(items),
            _ => None,
        }
    }

    /// A mapping's entries.
    pub fn as_mapping(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Mapping(entries) => Some(entries),
            _ => None,
        }
    }
}

/// A YAML syntax error, located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    message: String,
    offset: usize,
}

impl SyntaxError {
    /// The parser's description, such as `invalid indentation`.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The byte offset where the parser stopped.
    pub fn offset(&self) -> usize {
        self.offset
    }
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SyntaxError {}

/// A parsed YAML stream: its text and every node of every document.
#[derive(Debug, Clone)]
pub struct Yaml {
    text: String,
    nodes: Vec<Node>,
    documents: Vec<NodeId>,
    /// Documents begun, to give an empty one its null node.
    started: usize,
}

/// A collection being built.
struct Open {
    id: NodeId,
    start: usize,
    items: Vec<NodeId>,
    mapping: bool,
    anchor: usize,
}

impl Yaml {
    /// Parses every document of `text`.
    ///
    /// ```
    /// use runner_config::yaml::Yaml;
    ///
    /// let err = Yaml::parse("a:\n  b: [1, 2\nc: d\n").unwrap_err();
    /// assert_eq!(err.offset(), 15);
    /// let two = Yaml::parse("spec:\n  inputs: {}\n---\njob: {}\n").unwrap();
    /// assert_eq!(two.documents().len(), 2);
    /// ```
    pub fn parse(text: &str) -> Result<Self, SyntaxError> {
        let offsets = Offsets::new(text);
        let mut yaml = Self {
            text: text.to_owned(),
            nodes: Vec::new(),
            documents: Vec::new(),
            started: 0,
        };
        let mut anchors: HashMap<usize, NodeId> = HashMap::new();
        let mut stack: Vec<Open> = Vec::new();
        let mut merged_entries = 0_usize;
        for event in Parser::new_from_str(text) {
            let (event, span) = event.map_err(|e| SyntaxError {
                message: e.info().to_owned(),
                offset: offsets.byte(e.marker().index()),
            })?;
            let range = offsets.range(span);
            let is_mapping_start = matches!(event, Event::MappingStart(..));
            let done = match event {
                Event::Scalar(value, style, anchor, tag) => {
                    let style = match style {
                        ScalarStyle::Plain => Style::Plain,
                        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => Style::Quoted,
                        ScalarStyle::Literal | ScalarStyle::Folded => Style::Block,
                    };
                    let range = skip_properties(text, range);
                    let span = if style == Style::Block {
                        trim_end(text, range)
                    } else {
                        range
                    };
                    let id = yaml.push(Value::Scalar(value.into_owned(), style), tag, span);
                    if anchor != 0 {
                        anchors.insert(anchor, id);
                    }
                    Some(id)
                }
                Event::SequenceStart(anchor, tag) | Event::MappingStart(anchor, tag) => {
                    let mapping = is_mapping_start;
                    let empty = if mapping {
                        Value::Mapping(Vec::new())
                    } else {
                        Value::Sequence(Vec::new())
                    };
                    let id = yaml.push(empty, tag, range.clone());
                    stack.push(Open {
                        id,
                        start: range.start,
                        items: Vec::new(),
                        mapping,
                        anchor,
                    });
                    None
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    let Some(open) = stack.pop() else {
                        return Err(SyntaxError {
                            message: "unbalanced collection".to_owned(),
                            offset: range.start,
                        });
                    };
                    yaml.link(open.id, &open.items, open.mapping);
                    let value = if open.mapping {
                        Value::Mapping(yaml.entries_of(&open.items, &mut merged_entries).map_err(
                            |message| SyntaxError {
                                message,
                                offset: open.start,
                            },
                        )?)
                    } else {
                        Value::Sequence(open.items)
                    };
                    let node = &mut yaml.nodes[open.id.0 as usize];
                    node.value = value;
                    node.span = open.start..range.end.max(open.start);
                    if open.anchor != 0 {
                        anchors.insert(open.anchor, open.id);
                    }
                    Some(open.id)
                }
                Event::Alias(anchor) => match anchors.get(&anchor) {
                    Some(&id) => Some(id),
                    // An alias to a collection still open (`&a [*a]`): Psych
                    // refuses it too.
                    None => {
                        return Err(SyntaxError {
                            message: "alias to an anchor that is not defined before it".to_owned(),
                            offset: range.start,
                        });
                    }
                },
                Event::DocumentEnd => {
                    if yaml.documents.len() < yaml.started {
                        // An empty document is null.
                        let id = yaml.push(
                            Value::Scalar(String::new(), Style::Plain),
                            None,
                            range.start..range.start,
                        );
                        yaml.documents.push(id);
                    }
                    None
                }
                Event::DocumentStart(_) => {
                    yaml.started += 1;
                    None
                }
                Event::StreamStart | Event::StreamEnd | Event::Nothing => None,
            };
            let Some(id) = done else { continue };
            match stack.last_mut() {
                Some(parent) => parent.items.push(id),
                None => yaml.documents.push(id),
            }
        }
        Ok(yaml)
    }

    fn push(
        &mut self,
        value: Value,
        tag: Option<Cow<'_, saphyr_parser::Tag>>,
        span: Range<usize>,
    ) -> NodeId {
        let id = NodeId(u32::try_from(self.nodes.len()).unwrap_or(u32::MAX));
        self.nodes.push(Node {
            value,
            tag: tag.map(|t| format!("{}{}", t.handle, t.suffix)),
            span,
            parent: None,
        });
        id
    }

    /// A mapping's entries from its key and value nodes, merge keys
    /// applied as Psych applies them.
    fn entries_of(&self, items: &[NodeId], budget: &mut usize) -> Result<Vec<Entry>, String> {
        let mut entries: Vec<Entry> = Vec::new();
        let set = |entries: &mut Vec<Entry>, entry: Entry| match entries
            .iter_mut()
            .find(|e| e.key == entry.key)
        {
            Some(existing) => *existing = entry,
            None => entries.push(entry),
        };
        for pair in items.chunks(2) {
            let [key_node, value] = *pair else { break };
            let key = self.node(key_node);
            let text = match &key.value {
                Value::Scalar(s, _) => s.clone(),
                // A collection as a key: no GitLab keyword is one.
                _ => continue,
            };
            let is_merge = text == "<<"
                && key.tag.is_none()
                && matches!(key.value, Value::Scalar(_, Style::Plain));
            if is_merge {
                let sources: Vec<NodeId> = match &self.node(value).value {
                    Value::Mapping(_) => vec![value],
                    Value::Sequence(items)
                        if items.iter().all(|i| self.node(*i).as_mapping().is_some()) =>
                    {
                        // The first mapping of the list wins.
                        items.iter().rev().copied().collect()
                    }
                    _ => Vec::new(),
                };
                if !sources.is_empty() {
                    for source in sources {
                        for entry in self.node(source).as_mapping().unwrap_or_default() {
                            *budget = budget.saturating_add(1);
                            if *budget > MAX_MERGED_ENTRIES {
                                return Err("too many entries created by merge keys".to_owned());
                            }
                            set(&mut entries, entry.clone());
                        }
                    }
                    continue;
                }
            }
            set(
                &mut entries,
                Entry {
                    key: text,
                    key_node,
                    value,
                },
            );
        }
        Ok(entries)
    }

    /// Records where the items of a collection are written, for
    /// [`Yaml::path`]: only nodes created inside it (not those an alias
    /// brings), and only the first place a node is written.
    fn link(&mut self, parent: NodeId, items: &[NodeId], mapping: bool) {
        let step = if mapping { 2 } else { 1 };
        for (i, chunk) in items.chunks(step).enumerate() {
            let (segment, child) = match *chunk {
                [key, value] => match &self.node(key).value {
                    Value::Scalar(text, _) => (Segment::Key(text.clone()), value),
                    _ => continue,
                },
                [item] => (Segment::Index(i), item),
                _ => continue,
            };
            let node = &mut self.nodes[child.0 as usize];
            if child > parent && node.parent.is_none() {
                node.parent = Some((parent, segment));
            }
        }
    }

    /// The text that was parsed.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The root node of each document, in order.
    pub fn documents(&self) -> &[NodeId] {
        &self.documents
    }

    /// A node.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.0 as usize]
    }

    /// The value of `key` in the mapping `map` (merge keys applied).
    pub fn get(&self, map: NodeId, key: &str) -> Option<NodeId> {
        self.node(map)
            .as_mapping()?
            .iter()
            .find(|e| e.key == key)
            .map(|e| e.value)
    }

    /// Where a node is written, as a key path: `job.image.pull_policy`,
    /// `job.services[0]`. The root of a document is the empty path.
    pub fn path(&self, id: NodeId) -> String {
        let mut segments = Vec::new();
        let mut at = id;
        while let Some((parent, segment)) = &self.node(at).parent {
            segments.push(segment);
            at = *parent;
        }
        let mut path = String::new();
        for segment in segments.into_iter().rev() {
            match segment {
                Segment::Key(key) => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key);
                }
                Segment::Index(i) => path.push_str(&format!("[{i}]")),
            }
        }
        path
    }

    /// Every node, in the order they are written.
    pub fn nodes(&self) -> impl Iterator<Item = (NodeId, &Node)> {
        self.nodes
            .iter()
            .enumerate()
            .map(|(i, node)| (NodeId(u32::try_from(i).unwrap_or(u32::MAX)), node))
    }
}

/// A byte range without the blanks (and line breaks) at its end.
fn trim_end(text: &str, range: Range<usize>) -> Range<usize> {
    let trimmed = text
        .get(range.clone())
        .map_or(0, |s| s.len() - s.trim_end().len());
    range.start..range.end - trimmed
}

/// A scalar's range without the anchor and tag written before it
/// (`&name !tag value`): neither can start a scalar's own text.
fn skip_properties(text: &str, mut range: Range<usize>) -> Range<usize> {
    while let Some(rest) = text.get(range.clone())
        && (rest.starts_with('&') || rest.starts_with('!'))
    {
        let Some(blank) = rest.find(char::is_whitespace) else {
            break;
        };
        let after = rest[blank..].len() - rest[blank..].trim_start().len();
        range.start += blank + after;
    }
    range
}

/// Character indices (the parser's) to byte offsets.
enum Offsets {
    Ascii(usize),
    Table(Vec<usize>),
}

impl Offsets {
    fn new(text: &str) -> Self {
        if text.is_ascii() {
            Self::Ascii(text.len())
        } else {
            Self::Table(
                text.char_indices()
                    .map(|(i, _)| i)
                    .chain(std::iter::once(text.len()))
                    .collect(),
            )
        }
    }

    fn byte(&self, index: usize) -> usize {
        match self {
            Self::Ascii(len) => index.min(*len),
            Self::Table(table) => table
                .get(index)
                .or_else(|| table.last())
                .copied()
                .unwrap_or(0),
        }
    }

    fn range(&self, span: Span) -> Range<usize> {
        let start = self.byte(span.start.index());
        let end = self.byte(span.end.index()).max(start);
        start..end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Yaml {
        Yaml::parse(text).expect("valid YAML")
    }

    #[test]
    fn merge_keys_follow_psych_order() {
        let yaml = parse(
            "a: &a {x: 1, y: 1}\nb: &b {x: 2, z: 2}\n\
             before: {x: 0, <<: *a}\nafter: {<<: *a, x: 0}\nlist: {<<: [*a, *b]}\n",
        );
        let root = yaml.documents()[0];
        let value = |map: &str, key: &str| {
            let map = yaml.get(root, map).expect("map");
            yaml.get(map, key)
                .and_then(|v| yaml.node(v).as_str())
                .map(str::to_owned)
        };
        // A merge replaces keys written before it, not after.
        assert_eq!(value("before", "x").as_deref(), Some("1"));
        assert_eq!(value("after", "x").as_deref(), Some("0"));
        // In a list, the first mapping wins.
        assert_eq!(value("list", "x").as_deref(), Some("1"));
        assert_eq!(value("list", "z").as_deref(), Some("2"));
    }

    #[test]
    fn spans_are_bytes_and_paths_follow_where_nodes_are_written() {
        let text = "é: &v \"ü\"\nb:\n  - c: *v\n  - |\n    block\n\nz: 1\n";
        let yaml = parse(text);
        let root = yaml.documents()[0];
        let b = yaml.get(root, "b").expect("b");
        let items = yaml.node(b).as_sequence().expect("sequence").to_vec();
        let c = yaml.get(items[0], "c").expect("c");
        assert_eq!(&text[yaml.node(c).span()], "\"ü\"");
        assert_eq!(yaml.path(c), "é");
        // A block scalar starts with its content.
        assert_eq!(&text[yaml.node(items[1]).span()], "block");
        assert_eq!(yaml.path(items[1]), "b[1]");
    }

    #[test]
    fn tags_are_kept_and_documents_counted() {
        let yaml = parse("spec: {}\n---\njob:\n  services: !reference [.base, services]\n---\n");
        assert_eq!(yaml.documents().len(), 3);
        let job = yaml.get(yaml.documents()[1], "job").expect("job");
        let services = yaml.get(job, "services").expect("services");
        assert_eq!(yaml.node(services).tag(), Some("!reference"));
        assert!(yaml.node(yaml.documents()[2]).is_null());
    }

    #[test]
    fn hostile_input_is_an_error_not_a_crash() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(Yaml::parse(&deep).is_err());
        assert!(Yaml::parse("a: *nope\n").is_err());
        let mut bomb = String::from("a0: &a0 {k0: 0, k1: 1, k2: 2, k3: 3}\n");
        for i in 1..40 {
            bomb.push_str(&format!(
                "a{i}: &a{i} {{<<: [*a{}, *a{}], x{i}: {i}}}\n",
                i - 1,
                i - 1
            ));
        }
        assert!(Yaml::parse(&bomb).is_ok());
    }
}
