//! Where a file's headers, keys and comments are, from toml's own tokenizer
//! and event parser (the same `toml_parser` the loader's parse is built on).
//!
//! The loader's tree keeps one span per key, but a table can be written in
//! several places (`[[runners]]` twice, `[runners.docker]` and
//! `[runners.docker.services]`): a fix that renames or moves things must
//! know every place, and where each table's body ends.

use std::borrow::Cow;
use std::ops::Range;

use toml_parser::Source;
use toml_parser::decoder::Encoding;
use toml_parser::lexer::TokenKind;
use toml_parser::parser::{EventReceiver, RecursionGuard, parse_document};
use toml_parser::{ErrorSink, Span};

/// Headers and keys of a document, in order.
#[derive(Debug, Default)]
pub(crate) struct Layout {
    /// Every `[table]` and `[[array]]` header, from its first `[` to its
    /// last `]`, sorted.
    headers: Vec<Range<usize>>,
    /// Every key part (`a`, `b` and `c` of `a.b.c = 1` or `[a.b.c]`) with
    /// its decoded text, or `None` when it cannot be decoded.
    keys: Vec<Option<String>>,
    /// Where each token that is not whitespace, a line break or a comment
    /// ends, in order (a multi-line string is one token).
    content_ends: Vec<usize>,
    /// Whether the parser met an error (or nesting too deep to follow):
    /// then nothing here may be relied on.
    pub(crate) broken: bool,
}

/// As deep as `toml` itself follows arrays and inline tables.
const MAX_DEPTH: u32 = 80;

struct Receiver<'t> {
    text: &'t str,
    layout: Layout,
    header_start: Option<usize>,
}

impl EventReceiver for Receiver<'_> {
    fn std_table_open(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        self.header_start = Some(span.start());
    }
    fn std_table_close(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        if let Some(start) = self.header_start.take() {
            self.layout.headers.push(start..span.end());
        }
    }
    fn array_table_open(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        self.header_start = Some(span.start());
    }
    fn array_table_close(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        if let Some(start) = self.header_start.take() {
            self.layout.headers.push(start..span.end());
        }
    }
    fn simple_key(&mut self, span: Span, kind: Option<Encoding>, _error: &mut dyn ErrorSink) {
        let Some(raw) = self.text.get(span.start()..span.end()) else {
            self.layout.keys.push(None);
            return;
        };
        let raw = toml_parser::Raw::new_unchecked(raw, kind, span);
        let mut decoded: Cow<'_, str> = Cow::Borrowed("");
        let mut failed = false;
        let mut errors = |_: toml_parser::ParseError| failed = true;
        raw.decode_key(&mut decoded, &mut errors);
        self.layout
            .keys
            .push((!failed).then(|| decoded.into_owned()));
    }
}

impl Layout {
    /// Reads the layout of `text`. Parts the parser cannot make sense of
    /// are skipped; callers only use a layout for files that parse.
    pub(crate) fn of(text: &str) -> Self {
        let source = Source::new(text);
        let tokens: Vec<_> = source.lex().collect();
        let content_ends = tokens
            .iter()
            .filter(|t| {
                !matches!(
                    t.kind(),
                    TokenKind::Whitespace
                        | TokenKind::Newline
                        | TokenKind::Comment
                        | TokenKind::Eof
                )
            })
            .map(|t| t.span().end())
            .collect();
        let mut receiver = Receiver {
            text,
            layout: Layout::default(),
            header_start: None,
        };
        let mut broken = false;
        let mut errors = |_: toml_parser::ParseError| broken = true;
        let mut guarded = RecursionGuard::new(&mut receiver, MAX_DEPTH);
        parse_document(&tokens, &mut guarded, &mut errors);
        let mut layout = receiver.layout;
        layout.broken = broken;
        layout.headers.sort_by_key(|h| h.start);
        layout.content_ends = content_ends;
        layout
    }

    /// Whether a header is written exactly at `span`.
    pub(crate) fn is_header(&self, span: &Range<usize>) -> bool {
        self.headers
            .binary_search_by_key(&span.start, |h| h.start)
            .is_ok_and(|i| self.headers[i] == *span)
    }

    /// Where the first header after `offset` starts, or the end of the text.
    pub(crate) fn next_header(&self, offset: usize, text_len: usize) -> usize {
        let i = self.headers.partition_point(|h| h.start < offset);
        self.headers.get(i).map_or(text_len, |h| h.start)
    }

    /// Where the first header starts, or the end of the text.
    pub(crate) fn first_header(&self, text_len: usize) -> usize {
        self.headers.first().map_or(text_len, |h| h.start)
    }

    /// Where the last token of `range` that is neither whitespace nor a
    /// comment ends: the end of a table's last key and value, whatever
    /// they are.
    pub(crate) fn last_content(&self, range: &std::ops::Range<usize>) -> Option<usize> {
        let i = self.content_ends.partition_point(|&end| end <= range.end);
        let end = *self.content_ends.get(i.checked_sub(1)?)?;
        (end > range.start).then_some(end)
    }

    /// How many key parts may spell `name`: those that decode to it, and
    /// those that cannot be decoded (counted to stay on the safe side).
    pub(crate) fn key_count(&self, name: &str) -> usize {
        self.keys
            .iter()
            .filter(|k| k.as_deref().is_none_or(|k| k == name))
            .count()
    }
}

/// Every comment of `text`, as written (from `#` to the end of its line),
/// in order.
///
/// ```
/// # use runner_config::fix::comments;
/// let text = "# top\na = \"# not a comment\" # trailing\n";
/// assert_eq!(comments(text), ["# top", "# trailing"]);
/// ```
pub fn comments(text: &str) -> Vec<&str> {
    Source::new(text)
        .lex()
        .filter(|t| t.kind() == TokenKind::Comment)
        .filter_map(|t| text.get(t.span().start()..t.span().end()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_and_keys_are_found() {
        let text = "a = 1\n[[Runners]]\n\"Runners\" = 2\n[ Runners . docker ]\nx.'Runners' = 3\n";
        let layout = Layout::of(text);
        assert_eq!(layout.headers.len(), 2);
        assert_eq!(&text[layout.headers[0].clone()], "[[Runners]]");
        assert_eq!(&text[layout.headers[1].clone()], "[ Runners . docker ]");
        assert!(layout.is_header(&(6..17)));
        assert!(!layout.is_header(&(6..16)));
        assert_eq!(layout.key_count("Runners"), 4);
        assert_eq!(layout.key_count("docker"), 1);
        assert_eq!(layout.next_header(0, text.len()), 6);
        assert_eq!(layout.next_header(7, text.len()), 32);
        assert_eq!(layout.next_header(33, text.len()), text.len());
    }
}
