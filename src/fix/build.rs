//! The edits of each kind of fix, computed from the spans the loader keeps.
//!
//! Every builder returns `None` rather than an edit it cannot make exactly:
//! a finding without a fix is better than a fix that loses something.

use std::fmt::Write as _;
use std::ops::Range;

use super::Edit;
use super::layout::Layout;
use crate::load::SpanIndex;

/// `value` as a TOML basic string.
pub(crate) fn basic_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether `key` can be written without quotes.
fn is_bare(key: &str) -> bool {
    !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// A literal string when the original was one and `value` fits in it,
/// else a basic string.
fn string_like(raw: &str, value: &str) -> String {
    let literal = raw.starts_with('\'') && !raw.starts_with("'''");
    if literal && !value.contains(['\'', '\n', '\r']) && !value.chars().any(char::is_control) {
        format!("'{value}'")
    } else {
        basic_string(value)
    }
}

/// Renames the key written at `key` to `name`, keeping its quoting style.
pub(crate) fn rename_key(text: &str, key: Range<usize>, name: &str) -> Option<Edit> {
    let raw = text.get(key.clone())?;
    let written = if raw.starts_with(['"', '\'']) {
        string_like(raw, name)
    } else if is_bare(name) {
        name.to_owned()
    } else {
        basic_string(name)
    };
    Some(Edit::replace(key, written))
}

/// Replaces the string written at `value` with `new`, keeping its quoting
/// style (a multi-line string becomes a one-line basic string).
pub(crate) fn replace_string(text: &str, value: Range<usize>, new: &str) -> Option<Edit> {
    let raw = text.get(value.clone())?;
    if !raw.starts_with(['"', '\'']) {
        return None;
    }
    Some(Edit::replace(value, string_like(raw, new)))
}

/// Wraps the value written at `value` in an array: `"always"` →
/// `["always"]`.
pub(crate) fn wrap_in_array(text: &str, value: Range<usize>) -> Option<Edit> {
    let raw = text.get(value.clone())?;
    Some(Edit::replace(value.clone(), format!("[{raw}]")).copying(1, value))
}

/// Where a moved key goes.
#[derive(Debug, Clone)]
pub(crate) struct Destination {
    /// The table's path in the span index (`runners[0].docker`, `""` for
    /// the top level).
    pub(crate) table: String,
    /// Its header as this tool writes it (`[runners.docker]`, `[[runners]]`),
    /// which the file's header must match; `None` for the top level.
    pub(crate) header: Option<String>,
    /// When the table may be missing: its parent's path and header, to
    /// create it in.
    pub(crate) parent: Option<(String, Option<String>)>,
}

/// Every key's place, sorted, to find the end of a table's keys quickly.
#[derive(Debug, Default)]
pub(crate) struct KeyPlaces {
    /// `(key start, value end)`, sorted by key start.
    places: Vec<(usize, usize)>,
}

impl KeyPlaces {
    pub(crate) fn of(index: &SpanIndex) -> Self {
        let mut places: Vec<(usize, usize)> = index
            .iter()
            .filter_map(|(_, spans)| spans.key.map(|k| (k.start, spans.value.end)))
            .collect();
        places.sort_unstable();
        Self { places }
    }

    /// The key (start) whose value ends last among keys written in `body`.
    fn last_in(&self, body: &Range<usize>) -> Option<(usize, usize)> {
        let from = self.places.partition_point(|p| p.0 < body.start);
        let to = self.places.partition_point(|p| p.0 < body.end);
        self.places
            .get(from..to)?
            .iter()
            .max_by_key(|p| p.1)
            .copied()
    }
}

/// What the loader knows, for the fixes that need more than one span.
pub(crate) struct Context<'a> {
    pub(crate) text: &'a str,
    pub(crate) index: &'a SpanIndex,
    pub(crate) layout: &'a Layout,
    pub(crate) places: &'a KeyPlaces,
}

impl Context<'_> {
    fn newline(&self) -> &'static str {
        if self.text.contains("\r\n") {
            "\r\n"
        } else {
            "\n"
        }
    }

    fn line_start(&self, offset: usize) -> usize {
        self.text
            .get(..offset)
            .and_then(|before| before.rfind('\n'))
            .map_or(0, |i| i + 1)
    }

    /// Just past the line break ending the line that holds `offset`.
    fn next_line(&self, offset: usize) -> usize {
        self.text
            .get(offset..)
            .and_then(|rest| rest.find('\n'))
            .map_or(self.text.len(), |i| offset + i + 1)
    }

    fn indentation(&self, line_start: usize) -> &str {
        let line = self.text.get(line_start..).unwrap_or_default();
        let end = line.find(|c| c != ' ' && c != '\t').unwrap_or(line.len());
        &line[..end]
    }

    /// The header of `table` when it is written with exactly `expected`
    /// (spaces aside); the top level's "header" is the start of the file.
    fn header(&self, table: &str, expected: Option<&str>) -> Option<Range<usize>> {
        let Some(expected) = expected else {
            return table.is_empty().then_some(0..0);
        };
        let span = self.index.value_span(table)?;
        let written: String = self
            .text
            .get(span.clone())?
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        (self.layout.is_header(&span) && written == expected).then_some(span)
    }

    /// Where a table's own keys are written: after its header (or from the
    /// start of the file) to the next header.
    fn body(&self, header: &Range<usize>) -> Range<usize> {
        if header.is_empty() && header.start == 0 {
            0..self.layout.first_header(self.text.len())
        } else {
            let start = self.next_line(header.end);
            start
                ..self
                    .layout
                    .next_header(header.end, self.text.len())
                    .max(start)
        }
    }

    /// Where to add a line to a table's keys, and the indentation of its
    /// keys: after the last thing written in its body (a key the runner
    /// does not read included, so that nothing ends up in a table created
    /// there), or after its header.
    fn end_of_keys(&self, header: &Range<usize>) -> (usize, String) {
        let body = self.body(header);
        let top = header.is_empty() && header.start == 0;
        let at = match self.layout.last_content(&body) {
            Some(end) => self.next_line(end),
            None if top => body.end,
            None => body.start,
        };
        let indent = match self.places.last_in(&body) {
            Some((key, _)) => self.indentation(self.line_start(key)).to_owned(),
            None if top => String::new(),
            None => self.indentation(self.line_start(header.start)).to_owned(),
        };
        (at, indent)
    }

    /// Whether `table` is written with a header or is the top level, and
    /// `offset` lies among its own keys.
    pub(crate) fn among_own_keys(&self, table: &str, offset: usize) -> bool {
        let header = if table.is_empty() {
            Some(0..0)
        } else {
            self.index
                .value_span(table)
                .filter(|span| self.layout.is_header(span))
        };
        header.is_some_and(|h| self.body(&h).contains(&offset))
    }

    /// Moves the key written at `key` (with its value at `value`, and any
    /// comment after it on its line) to `to`: the line is deleted and
    /// written again among the destination's keys, creating its table
    /// when it is missing. `None` when the line holds anything else, or
    /// the destination cannot be found exactly.
    pub(crate) fn move_key(
        &self,
        key: Range<usize>,
        value: Range<usize>,
        to: &Destination,
    ) -> Option<Vec<Edit>> {
        let text = self.text;
        let start = self.line_start(key.start);
        if !text
            .get(start..key.start)?
            .trim_matches([' ', '\t'])
            .is_empty()
            || text.get(key.end..value.start)?.trim() != "="
        {
            return None;
        }
        let end = self.next_line(value.end);
        let rest = text.get(value.end..end)?.trim();
        if !(rest.is_empty() || rest.starts_with('#')) {
            return None;
        }
        let newline = self.newline();
        let mut line = text.get(key.start..end)?.to_owned();
        if !line.ends_with('\n') {
            line.push_str(newline);
        }
        let (at, content, copy_at) = match self.header(&to.table, to.header.as_deref()) {
            Some(header) => {
                let (at, indent) = self.end_of_keys(&header);
                let lead = if at == text.len() && !text.is_empty() && !text.ends_with('\n') {
                    newline
                } else {
                    ""
                };
                let copy_at = lead.len() + indent.len();
                (at, format!("{lead}{indent}{line}"), copy_at)
            }
            None if !self.index.contains(&to.table) => {
                let (parent, parent_header) = to.parent.as_ref()?;
                let header_text = to.header.as_deref()?;
                let header = self.header(parent, parent_header.as_deref())?;
                let (at, key_indent) = self.end_of_keys(&header);
                let parent_indent = if header.is_empty() {
                    ""
                } else {
                    self.indentation(self.line_start(header.start))
                };
                // As `gitlab-runner register` writes it: a section indented
                // like its parent's keys, its keys one step further.
                let step = key_indent.strip_prefix(parent_indent).unwrap_or("");
                let lead = if at == text.len() && !text.is_empty() && !text.ends_with('\n') {
                    newline
                } else {
                    ""
                };
                let head =
                    format!("{lead}{newline}{key_indent}{header_text}{newline}{key_indent}{step}");
                let copy_at = head.len();
                (at, format!("{head}{line}"), copy_at)
            }
            None => return None,
        };
        if (start..end).contains(&at) && at != start {
            return None;
        }
        Some(vec![
            Edit::delete(start..end),
            Edit::insert(at, content)
                .copying(copy_at, key.start..key.start + line_len(text, &key, end)),
        ])
    }
}

/// How many bytes of the moved line are copied from the file (its line
/// break may be added).
fn line_len(text: &str, key: &Range<usize>, end: usize) -> usize {
    end.min(text.len()).saturating_sub(key.start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_and_keys_keep_their_quotes() {
        let text = "'Always' \"IfNotPresent\" Pull_Policy 'Pull_Policy'";
        assert_eq!(
            replace_string(text, 0..8, "always").unwrap().content(),
            "'always'"
        );
        assert_eq!(
            replace_string(text, 9..23, "if-not-present")
                .unwrap()
                .content(),
            "\"if-not-present\""
        );
        assert!(replace_string(text, 24..35, "x").is_none());
        assert_eq!(
            rename_key(text, 24..35, "pull_policy").unwrap().content(),
            "pull_policy"
        );
        assert_eq!(
            rename_key(text, 36..49, "pull_policy").unwrap().content(),
            "'pull_policy'"
        );
        assert_eq!(
            rename_key(text, 24..35, "a.b").unwrap().content(),
            "\"a.b\""
        );
        assert_eq!(basic_string("a\"b\\\u{1}"), "\"a\\\"b\\\\\\u0001\"");
    }
}
