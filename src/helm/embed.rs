//! Text embedded in a YAML scalar, with the way back from each of its
//! bytes to the YAML file.
//!
//! A literal block scalar (`|`, `|-`, `|+`, with or without an indentation
//! indicator) is its lines with the block's indentation taken off, so each
//! byte of its value is a byte of the file: positions map back exactly. The
//! mapping is rebuilt from the lines and then compared with the value the
//! YAML parser decoded; when they differ (a form this does not follow), the
//! location falls back to the key, as for folded (`>`), quoted and plain
//! scalars, whose values are not their bytes.

use std::ops::Range;

use crate::yaml::{Style, Value, Yaml};

/// Where each byte of an embedded text is in the YAML file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Map {
    /// The file offset of every byte of the text, and one past its end.
    Bytes(Vec<usize>),
    /// Pieces of the text, each written at a range of the file: a
    /// position inside a piece maps to the same distance into its range
    /// (at most its end).
    Pieces(Vec<(Range<usize>, Range<usize>)>),
    /// Only a place near the text is known: every position maps there.
    Approximate {
        /// Where to point instead (the key).
        at: Range<usize>,
        /// How the value is written, for the note that says so.
        written_as: &'static str,
    },
}

impl Map {
    /// The file range of a range of the text.
    pub(crate) fn range(&self, range: &Range<usize>) -> Range<usize> {
        match self {
            Self::Bytes(offsets) => {
                let at = |i: usize| offsets.get(i).or(offsets.last()).copied().unwrap_or(0);
                let start = at(range.start);
                let end = if range.end > range.start {
                    at(range.end - 1) + 1
                } else {
                    start
                };
                start..end.max(start)
            }
            Self::Pieces(pieces) => {
                let at = |i: usize, end: bool| {
                    let piece = pieces.iter().find(|(text, _)| {
                        text.contains(&i) || (end && i == text.end && i > text.start)
                    });
                    match piece {
                        Some((text, file)) => (file.start + (i - text.start)).min(file.end),
                        None => pieces.last().map_or(0, |(_, file)| file.end),
                    }
                };
                let start = at(range.start, false);
                start..at(range.end, true).max(start)
            }
            Self::Approximate { at, .. } => at.clone(),
        }
    }

    /// How the value is written when positions are only approximate.
    pub(crate) fn approximate(&self) -> Option<&'static str> {
        match self {
            Self::Approximate { written_as, .. } => Some(written_as),
            _ => None,
        }
    }
}

/// A scalar's value and where its bytes are in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Embedded {
    /// The value, as the YAML parser decoded it.
    pub(crate) text: String,
    /// Where its bytes are.
    pub(crate) map: Map,
}

/// The value of the scalar `value` (written after the key at `key`), with
/// its map back to the file. `None` for a node that is not a scalar.
pub(crate) fn embedded(
    yaml: &Yaml,
    key: crate::yaml::NodeId,
    value: crate::yaml::NodeId,
) -> Option<Embedded> {
    let node = yaml.node(value);
    let Value::Scalar(text, style) = node.value() else {
        return None;
    };
    let key_span = yaml.node(key).span();
    let source = yaml.text();
    let approximate = |written_as| Embedded {
        text: text.clone(),
        map: Map::Approximate {
            at: key_span.clone(),
            written_as,
        },
    };
    Some(match style {
        Style::Plain => approximate("a plain scalar"),
        Style::Quoted => approximate("a quoted string"),
        Style::Block => {
            // The span starts at the content, or at the header when an
            // anchor or a tag comes first.
            let upto = (node.span().start + 1).min(source.len());
            let between = source
                .get(key_span.end..upto)
                .or_else(|| source.get(key_span.end..node.span().start))
                .unwrap_or_default();
            let Some(header) = between.find(['|', '>']) else {
                return Some(approximate("a block scalar"));
            };
            if between.as_bytes()[header] == b'>' {
                return Some(approximate("a folded block scalar (`>`)"));
            }
            let header = key_span.end + header;
            match literal(source, header, key_span.start, text) {
                Some(offsets) => Embedded {
                    text: text.clone(),
                    map: Map::Bytes(offsets),
                },
                None => approximate("a literal block scalar"),
            }
        }
    })
}

/// The file offset of each byte of the literal block scalar whose header
/// (`|`) is at `header`, for a key written at `key_start`; `None` unless
/// the lines rebuild `value` exactly.
fn literal(source: &str, header: usize, key_start: usize, value: &str) -> Option<Vec<usize>> {
    let header_line_end = source[header..].find('\n')? + header;
    // `|2-`, `|-2`: an explicit indentation is the key's plus the digit.
    let indicators = source[header + 1..header_line_end]
        .split(|c: char| c.is_whitespace() || c == '#')
        .next()
        .unwrap_or_default();
    let explicit = indicators
        .chars()
        .find_map(|c| c.to_digit(10))
        .map(|d| d as usize);
    let key_line_start = source[..key_start].rfind('\n').map_or(0, |i| i + 1);
    let key_indent = key_start - key_line_start;
    let lines = lines_from(source, header_line_end + 1);
    let indent = match explicit {
        Some(digit) => key_indent + digit,
        None => lines
            .iter()
            .find(|(line, _)| !line.trim().is_empty())
            .map(|(line, _)| line.len() - line.trim_start_matches(' ').len())?,
    };
    let mut text = Vec::new();
    let mut offsets = Vec::new();
    for (line, start) in lines {
        let spaces = line.len() - line.trim_start_matches(' ').len();
        if line.trim().is_empty() {
            // An empty line of the block: its spaces past the indentation
            // are content.
            for (i, b) in line.bytes().enumerate().skip(indent) {
                text.push(b);
                offsets.push(start + i);
            }
        } else if spaces < indent {
            break;
        } else {
            for (i, b) in line.bytes().enumerate().skip(indent) {
                text.push(b);
                offsets.push(start + i);
            }
        }
        text.push(b'\n');
        offsets.push(start + line.len());
    }
    let value = value.as_bytes();
    if text.get(..value.len()) != Some(value) {
        return None;
    }
    let end = offsets
        .get(value.len())
        .copied()
        .or_else(|| offsets.last().map(|o| o + 1))
        .unwrap_or(header_line_end + 1);
    offsets.truncate(value.len());
    offsets.push(end);
    Some(offsets)
}

/// The lines of `source` from `from` on, without their line breaks (`\n`
/// or `\r\n`), with where each starts.
fn lines_from(source: &str, from: usize) -> Vec<(&str, usize)> {
    let mut lines = Vec::new();
    let mut start = from;
    while start < source.len() {
        let end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i);
        let line = &source[start..end];
        lines.push((line.strip_suffix('\r').unwrap_or(line), start));
        start = end + 1;
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The embedded value of `runners.config`, and the file text at each
    /// of its lines as mapped.
    fn config(text: &str) -> Embedded {
        let yaml = Yaml::parse(text).expect("valid YAML");
        let runners = yaml.get(yaml.documents()[0], "runners").expect("runners");
        let entry = yaml
            .node(runners)
            .as_mapping()
            .and_then(|m| m.iter().find(|e| e.key == "config"))
            .expect("config")
            .clone();
        embedded(&yaml, entry.key_node, entry.value).expect("a scalar")
    }

    /// Every byte maps to the same byte of the file.
    #[track_caller]
    fn assert_exact(text: &str, embedded: &Embedded) {
        let Map::Bytes(offsets) = &embedded.map else {
            panic!("not exact: {embedded:?}");
        };
        assert_eq!(offsets.len(), embedded.text.len() + 1);
        for (i, b) in embedded.text.bytes().enumerate() {
            let at = offsets[i];
            let want = if b == b'\n' {
                [b'\n', b'\r'].to_vec()
            } else {
                vec![b]
            };
            assert!(want.contains(&text.as_bytes()[at]), "byte {i} at {at}");
        }
    }

    #[test]
    fn literal_blocks_map_exactly_whatever_their_chomping() {
        for header in ["|", "|-", "|+", "|2", "|-2", "|+  # note"] {
            let text = format!(
                "runners:\n  config: {header}\n    [[runners]]\n\n      [runners.kubernetes]\n        \
                 namespace = \"é\"\n\n\nother: 1\n"
            );
            let embedded = config(&text);
            assert!(
                embedded.text.starts_with("[[runners]]\n\n  [runners"),
                "{header}"
            );
            assert_exact(&text, &embedded);
            let Map::Bytes(_) = &embedded.map else {
                unreachable!()
            };
            let at = embedded.text.find("namespace").expect("namespace");
            let range = embedded.map.range(&(at..at + 9));
            assert_eq!(&text[range], "namespace");
        }
    }

    #[test]
    fn properties_and_leading_empty_lines_keep_exact_locations() {
        for text in [
            "runners:\n  config: &cfg |  # the template\n\n    [[runners]]\n    a = 1\n",
            "runners:\n  config: !!str |\n    [[runners]]\n    a = 1\n",
            "runners:\n  config:\n    |\n      [[runners]]\n      a = 1\n",
        ] {
            let embedded = config(text);
            assert!(embedded.text.ends_with("[[runners]]\na = 1\n"), "{text:?}");
            assert_exact(text, &embedded);
        }
    }

    #[test]
    fn explicit_indentation_keeps_leading_spaces() {
        let text = "runners:\n  config: |4\n        [[runners]]\n      a = 1\n";
        let embedded = config(text);
        assert_eq!(embedded.text, "  [[runners]]\na = 1\n");
        assert_exact(text, &embedded);
    }

    #[test]
    fn windows_line_breaks_map_too() {
        let text = "runners:\r\n  config: |\r\n    [[runners]]\r\n    a = 1\r\n";
        let embedded = config(text);
        assert_eq!(embedded.text, "[[runners]]\na = 1\n");
        assert_exact(text, &embedded);
    }

    #[test]
    fn other_styles_point_at_the_key() {
        for (value, written_as) in [
            (
                ">\n    [[runners]]\n    a = 1\n",
                "a folded block scalar (`>`)",
            ),
            ("\"[[runners]]\\na = 1\\n\"", "a quoted string"),
            ("'[[runners]]'", "a quoted string"),
            ("plain", "a plain scalar"),
        ] {
            let text = format!("runners:\n  config: {value}\n");
            let embedded = config(&text);
            assert_eq!(embedded.map.approximate(), Some(written_as));
            assert_eq!(&text[embedded.map.range(&(2..3))], "config");
        }
    }

    #[test]
    fn pieces_map_by_distance() {
        let map = Map::Pieces(vec![(0..10, 100..102), (10..20, 200..210)]);
        assert_eq!(map.range(&(0..1)), 100..101);
        assert_eq!(map.range(&(5..10)), 102..102);
        assert_eq!(map.range(&(12..20)), 202..210);
    }
}
