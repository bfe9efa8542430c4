//! Whether Go's `regexp.Compile` accepts a pattern:
//! `[[runners.monitoring.job_queuing_durations]] jobs_running_for_project`
//! (`JobQueuingDuration.Compile`).
//!
//! Go's syntax (RE2, with Perl extensions) and Rust's `regex-syntax` agree
//! on the structure of a pattern (groups, alternation, where a repetition
//! may go) but differ in many details, in both directions:
//!
//! | Go accepts, Rust refuses | Rust accepts, Go refuses |
//! | --- | --- |
//! | `\Q…\E` literal text; octal escapes `\012`; `\_` | flags `x`, `u`, `R`; `\<`, `\b{start}` as assertions |
//! | `[[]`, `[a&&b]` (`[`, `&&`, `--`, `~~` are literal in a class) | `a**`, `a{2}*`, `a*{2}` (nested repetition) |
//! | `[\d-z]` (a class, then `-`) | `x{1001}`, and nested counts above 1000 (`(a{100}){100}`) |
//! | `x{`, `x{,3}`, `x{01}` (a literal `{`) | `\1` (a backreference in Go's eyes) |
//! | `(?P<1a>…)`, two groups of one name, `(?)`, `(?ii)` | `(?P<a.b>…)`; `[[:foo:]]`; `\p{Foo}` |
//!
//! So the pattern is first read the way Go's `regexp/syntax` parser reads
//! it, token by token, with Go's own checks and messages; what it reads is
//! written out in a form both agree on (every literal as `\x{…}`, classes
//! item by item, flag groups reduced to `(?:`), which `regex-syntax` then
//! parses for the structure. An error from that second parse is reported
//! only when it is one Go also makes (missing or unexpected parenthesis,
//! a repetition with nothing to repeat, nesting too deep); anything else
//! would be a difference this module does not know, and is let through.
//!
//! Go's own version matters: GitLab Runner 19.4 is built with Go 1.26,
//! which also accepts `(?<name>…)` (since Go 1.22) and, since Go 1.25,
//! looks `\p{…}` names up ignoring case, spaces, `_` and `-`, with the
//! aliases `\p{Letter}`, `\p{ASCII}`, `\p{Assigned}`, `\p{Cn}`, `\p{LC}`.
//! Go's limit on the compiled size (`expression too large`) is not
//! checked: short of thousands of `{1000}`, only patterns that also repeat
//! more than 1000 times over reach it, and those are reported as an
//! invalid repeat count instead. Its limit on the height of its parse tree
//! (`expression nests too deeply`, 1000) is checked against a lower bound
//! of that height, so a pattern nested close to the limit through
//! alternations may pass here and fail in the runner, never the reverse.

use std::fmt;
use std::ops::Range;

use regex_syntax::ast::{self, Ast, RepetitionKind, RepetitionRange};

/// Go's `regexp/syntax` error codes that a pattern read from a string can
/// hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Code {
    InvalidCharRange,
    InvalidEscape,
    InvalidNamedCapture,
    InvalidPerlOp,
    InvalidRepeatOp,
    InvalidRepeatSize,
    MissingBracket,
    MissingParen,
    MissingRepeatArgument,
    TrailingBackslash,
    UnexpectedParen,
    NestingDepth,
}

impl Code {
    fn text(self) -> &'static str {
        match self {
            Self::InvalidCharRange => "invalid character class range",
            Self::InvalidEscape => "invalid escape sequence",
            Self::InvalidNamedCapture => "invalid named capture",
            Self::InvalidPerlOp => "invalid or unsupported Perl syntax",
            Self::InvalidRepeatOp => "invalid nested repetition operator",
            Self::InvalidRepeatSize => "invalid repeat count",
            Self::MissingBracket => "missing closing ]",
            Self::MissingParen => "missing closing )",
            Self::MissingRepeatArgument => "missing argument to repetition operator",
            Self::TrailingBackslash => "trailing backslash at end of expression",
            Self::UnexpectedParen => "unexpected )",
            Self::NestingDepth => "expression nests too deeply",
        }
    }
}

/// Why Go refuses a pattern. `Display` is Go's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RegexError {
    code: Code,
    /// The text Go quotes.
    expr: String,
    /// Where the fault is in the pattern.
    span: Range<usize>,
}

impl RegexError {
    fn new(code: Code, pattern: &str, span: Range<usize>) -> Self {
        Self {
            code,
            expr: pattern.get(span.clone()).unwrap_or_default().to_owned(),
            span,
        }
    }

    /// The byte range of the faulty part of the pattern.
    pub(crate) fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// The problem in a few words, without the quoted text.
    pub(crate) fn reason(&self) -> &'static str {
        self.code.text()
    }
}

impl fmt::Display for RegexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "error parsing regexp: {}: `{}`",
            self.code.text(),
            self.expr
        )
    }
}

/// The tallest parse tree Go allows (`maxHeight`).
const MAX_HEIGHT: usize = 1000;

/// Checks `pattern` as Go's `regexp.Compile` does.
pub(crate) fn check(pattern: &str) -> Result<(), RegexError> {
    let mut reader = Reader::new(pattern);
    if let Err(error) = reader.read() {
        // Go reads left to right: a structural error before the lexical
        // one is the one it reports.
        return Err(reader.structure(true).err().unwrap_or(error));
    }
    reader.structure(false)
}

/// One piece of the rewritten pattern and the part of the original it
/// stands for.
struct Piece {
    out: usize,
    src: Range<usize>,
    /// Groups open before it.
    depth: usize,
}

struct Reader<'a> {
    src: &'a str,
    pos: usize,
    out: String,
    pieces: Vec<Piece>,
    /// The previous token, when it was a repetition operator.
    last_repeat: Option<usize>,
    /// Groups open in what was written.
    depth: usize,
    /// Where the token being read starts in the rewritten pattern, and the
    /// groups open there.
    token: (usize, usize),
    /// The next `:]` found so far (`Some(None)`: there is none).
    posix_close: Option<Option<usize>>,
    /// Capturing groups written so far.
    captures: usize,
}

impl<'a> Reader<'a> {
    fn new(src: &'a str) -> Self {
        Self {
            src,
            pos: 0,
            out: String::with_capacity(src.len() * 2),
            pieces: Vec::new(),
            last_repeat: None,
            depth: 0,
            token: (0, 0),
            posix_close: None,
            captures: 0,
        }
    }

    fn rest(&self) -> &'a str {
        self.src.get(self.pos..).unwrap_or_default()
    }

    fn error(&self, code: Code, span: Range<usize>) -> RegexError {
        RegexError::new(code, self.src, span)
    }

    /// Writes `text` for the original `src` range.
    fn emit(&mut self, text: &str, src: Range<usize>) {
        self.pieces.push(Piece {
            out: self.out.len(),
            src,
            depth: self.depth,
        });
        self.out.push_str(text);
    }

    fn emit_literal(&mut self, c: u32, src: Range<usize>) {
        // Go takes surrogate code points as runes; Rust has no such char.
        let c = if (0xd800..=0xdfff).contains(&c) {
            0xfffd
        } else {
            c
        };
        let text = format!("\\x{{{c:x}}}");
        self.emit(&text, src);
    }

    /// Reads the whole pattern, writing the rewritten one.
    fn read(&mut self) -> Result<(), RegexError> {
        while let Some(c) = self.rest().chars().next() {
            let start = self.pos;
            self.token = (self.out.len(), self.depth);
            let mut repeat = None;
            match c {
                '(' if self.rest().starts_with("(?") => self.perl_group()?,
                '(' => {
                    self.pos += 1;
                    self.capture(start);
                }
                ')' => {
                    self.pos += 1;
                    self.emit(")", start..self.pos);
                    self.depth = self.depth.saturating_sub(1);
                }
                '|' | '^' | '$' | '.' => {
                    self.pos += 1;
                    self.emit(&c.to_string(), start..self.pos);
                }
                '[' => self.class()?,
                '*' | '+' | '?' => {
                    self.pos += 1;
                    self.repetition(&c.to_string(), start)?;
                    repeat = Some(start);
                }
                '{' => match parse_repeat(self.rest()) {
                    None => {
                        self.pos += 1;
                        self.emit_literal(u32::from('{'), start..self.pos);
                    }
                    Some((min, max, len)) => {
                        self.pos += len;
                        if !(0..=1000).contains(&min) || max > 1000 || (max >= 0 && min > max) {
                            return Err(self.error(Code::InvalidRepeatSize, start..self.pos));
                        }
                        let op = match max {
                            -1 => format!("{{{min},}}"),
                            _ => format!("{{{min},{max}}}"),
                        };
                        self.repetition(&op, start)?;
                        repeat = Some(start);
                    }
                },
                '\\' => self.escape()?,
                _ => {
                    self.pos += c.len_utf8();
                    self.emit_literal(u32::from(c), start..self.pos);
                }
            }
            self.last_repeat = repeat;
        }
        Ok(())
    }

    /// A capturing group, named or not, opened at `start`. It is written
    /// with a name of its own: a bare `(` followed by a `?` repetition
    /// would read as `(?`, and Go allows two groups of one name where Rust
    /// does not.
    fn capture(&mut self, start: usize) {
        self.captures += 1;
        let open = format!("(?P<g{}>", self.captures);
        self.emit(&open, start..self.pos);
        self.depth += 1;
    }

    /// After a repetition operator (already consumed): Go's lazy `?` and
    /// its refusal to repeat a repetition.
    fn repetition(&mut self, op: &str, start: usize) -> Result<(), RegexError> {
        let mut op = op.to_owned();
        if self.rest().starts_with('?') {
            self.pos += 1;
            op.push('?');
        }
        if let Some(previous) = self.last_repeat {
            return Err(self.error(Code::InvalidRepeatOp, previous..self.pos));
        }
        self.emit(&op, start..self.pos);
        Ok(())
    }

    /// `(?P<name>`, `(?<name>`, `(?flags)`, `(?flags:`.
    fn perl_group(&mut self) -> Result<(), RegexError> {
        let start = self.pos;
        let t = self.rest();
        let named = if t.len() > 4 && t.starts_with("(?P<") {
            Some(4)
        } else if t.len() > 3 && t.starts_with("(?<") {
            Some(3)
        } else {
            None
        };
        if let Some(name_start) = named {
            let Some(end) = t.find('>') else {
                return Err(self.error(Code::InvalidNamedCapture, start..self.src.len()));
            };
            let name = &t[name_start..end];
            let valid =
                !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
            self.pos += end + 1;
            if !valid {
                return Err(self.error(Code::InvalidNamedCapture, start..self.pos));
            }
            self.capture(start);
            return Ok(());
        }
        let mut negated = false;
        let mut saw_flag = false;
        let mut chars = t.char_indices().skip(2);
        for (i, c) in chars.by_ref() {
            let end = start + i + c.len_utf8();
            match c {
                'i' | 'm' | 's' | 'U' => saw_flag = true,
                '-' if !negated => {
                    negated = true;
                    saw_flag = false;
                }
                ':' | ')' if !negated || saw_flag => {
                    self.pos = end;
                    if c == ':' {
                        self.emit("(?:", start..end);
                        self.depth += 1;
                    }
                    // A flag group alone is no node in Go's tree: a
                    // repetition after it applies to what came before.
                    return Ok(());
                }
                _ => return Err(self.error(Code::InvalidPerlOp, start..end)),
            }
        }
        Err(self.error(Code::InvalidPerlOp, start..self.src.len()))
    }

    /// A backslash outside a class.
    fn escape(&mut self) -> Result<(), RegexError> {
        let start = self.pos;
        let t = self.rest();
        let next = t[1..].chars().next();
        match next {
            Some(c @ ('A' | 'b' | 'B' | 'z')) => {
                self.pos += 2;
                self.emit(&format!("\\{c}"), start..self.pos);
                return Ok(());
            }
            Some('C') => return Err(self.error(Code::InvalidEscape, start..start + 2)),
            Some('Q') => {
                let body = &t[2..];
                let (literal, len) = match body.find("\\E") {
                    Some(end) => (&body[..end], 2 + end + 2),
                    None => (body, t.len()),
                };
                let mut at = start + 2;
                for c in literal.chars() {
                    self.emit_literal(u32::from(c), at..at + c.len_utf8());
                    at += c.len_utf8();
                }
                self.pos = start + len;
                return Ok(());
            }
            _ => {}
        }
        if let Some(len) = self.unicode_class(t, start)? {
            self.pos += len;
            return Ok(());
        }
        if let Some(class) = perl_class(t) {
            self.pos += 2;
            self.emit(class, start..self.pos);
            return Ok(());
        }
        let (c, len) = parse_escape(t)
            .map_err(|(code, len)| self.error(code, error_span(code, start, len)))?;
        self.pos += len;
        self.emit_literal(c, start..self.pos);
        Ok(())
    }

    /// `\pN`, `\p{Greek}`, `\P{^Greek}` at the start of `t`: its length,
    /// `None` when `t` is no such class.
    fn unicode_class(&mut self, t: &str, start: usize) -> Result<Option<usize>, RegexError> {
        let negated = if t.starts_with("\\p") {
            false
        } else if t.starts_with("\\P") {
            true
        } else {
            return Ok(None);
        };
        let after = &t[2..];
        let (seq_len, name) = match after.chars().next() {
            Some('{') => {
                let Some(end) = t.find('}') else {
                    return Err(self.error(Code::InvalidCharRange, start..self.src.len()));
                };
                (end + 1, &t[3..end])
            }
            Some(c) => (2 + c.len_utf8(), &after[..c.len_utf8()]),
            None => (2, ""),
        };
        let name = name.strip_prefix('^').unwrap_or(name);
        if !is_unicode_class_name(name) {
            return Err(self.error(Code::InvalidCharRange, start..start + seq_len));
        }
        self.emit(
            if negated { "\\PL" } else { "\\pL" },
            start..start + seq_len,
        );
        Ok(Some(seq_len))
    }

    /// A bracketed class, as Go reads it: `[` and `&&` are literal inside,
    /// `]` first is literal, `-` makes a range only between two
    /// characters.
    fn class(&mut self) -> Result<(), RegexError> {
        let start = self.pos;
        self.pos += 1;
        if self.rest().starts_with('^') {
            self.pos += 1;
            self.emit("[^", start..self.pos);
        } else {
            self.emit("[", start..self.pos);
        }
        let whole = start..self.src.len();
        let mut first = true;
        loop {
            let t = self.rest();
            if t.starts_with(']') && !first {
                break;
            }
            first = false;
            let at = self.pos;
            if t.len() > 2
                && t.starts_with("[:")
                && let Some(close) = self.posix_close_after(at + 2)
            {
                let name = &self.src[at..close + 2];
                if !POSIX_CLASSES.contains(&name) {
                    return Err(self.error(Code::InvalidCharRange, at..at + name.len()));
                }
                self.pos += name.len();
                self.emit(name, at..self.pos);
                continue;
            }
            if let Some(len) = self.unicode_class(t, at)? {
                self.pos += len;
                continue;
            }
            if let Some(class) = perl_class(t) {
                self.pos += 2;
                self.emit(class, at..self.pos);
                continue;
            }
            let lo = self.class_char(whole.clone())?;
            let mut hi = lo;
            let t = self.rest();
            if t.len() >= 2 && t.starts_with('-') && !t[1..].starts_with(']') {
                self.pos += 1;
                hi = self.class_char(whole.clone())?;
                if hi < lo {
                    return Err(self.error(Code::InvalidCharRange, at..self.pos));
                }
            }
            let lo = if (0xd800..=0xdfff).contains(&lo) {
                0xfffd
            } else {
                lo
            };
            let hi = if (0xd800..=0xdfff).contains(&hi) {
                0xfffd
            } else {
                hi.max(lo)
            };
            self.emit(&format!("\\x{{{lo:x}}}-\\x{{{hi:x}}}"), at..self.pos);
        }
        let close = self.pos;
        self.pos += 1;
        self.emit("]", close..self.pos);
        Ok(())
    }

    /// Where the next `:]` at or after `from` is. Remembered, so a class
    /// full of `[:` without `:]` costs linear time, not quadratic.
    fn posix_close_after(&mut self, from: usize) -> Option<usize> {
        match self.posix_close {
            Some(None) => return None,
            Some(Some(at)) if at >= from => return Some(at),
            _ => {}
        }
        let found = self.src.get(from..)?.find(":]").map(|i| from + i);
        self.posix_close = Some(found);
        found
    }

    /// One character of a class, escaped or not.
    fn class_char(&mut self, whole: Range<usize>) -> Result<u32, RegexError> {
        let t = self.rest();
        let Some(c) = t.chars().next() else {
            return Err(self.error(Code::MissingBracket, whole));
        };
        if c == '\\' {
            let start = self.pos;
            let (c, len) = parse_escape(t)
                .map_err(|(code, len)| self.error(code, error_span(code, start, len)))?;
            self.pos += len;
            return Ok(c);
        }
        self.pos += c.len_utf8();
        Ok(u32::from(c))
    }

    /// Parses the rewritten pattern for its structure; with `prefix`, only
    /// what was read before the token that failed, for the errors Go would
    /// have met first.
    fn structure(&self, prefix: bool) -> Result<(), RegexError> {
        let (end, depth) = if prefix {
            self.token
        } else {
            (self.out.len(), self.depth)
        };
        let error = match self.parse(end, 0) {
            Ok(ast) => return self.copies(&ast, true),
            Err(error) => error,
        };
        let code = match error.kind() {
            ast::ErrorKind::GroupUnclosed => Code::MissingParen,
            ast::ErrorKind::GroupUnopened => Code::UnexpectedParen,
            ast::ErrorKind::RepetitionMissing => Code::MissingRepeatArgument,
            // Not an error Go makes here: a difference between the two
            // syntaxes this module does not know.
            _ => return Ok(()),
        };
        // Go checks repetition counts as it reads them, so one before the
        // fault is the error it reports; and an unclosed group only at the
        // very end.
        let at = error.span().start.offset;
        let (before, close) = match code {
            Code::MissingParen => (end, depth),
            _ => {
                let piece = self.pieces.partition_point(|p| p.out <= at);
                let piece = piece.checked_sub(1).and_then(|i| self.pieces.get(i));
                piece.map_or((0, 0), |p| (p.out, p.depth))
            }
        };
        if let Ok(ast) = self.parse(before, close) {
            // Go measures a group's height when it closes: not those this
            // closes for it.
            self.copies(&ast, close == 0)?;
        }
        if code == Code::MissingParen && prefix {
            return Ok(());
        }
        let span = self.source_of(at);
        let mut error = RegexError::new(code, self.src, span);
        // Go quotes the operator for a repetition, the whole pattern
        // otherwise; the span points at the fault either way.
        if code != Code::MissingRepeatArgument {
            error.expr = self.src.to_owned();
        }
        Err(error)
    }

    /// Parses the first `end` bytes of the rewritten pattern, with `close`
    /// groups closed after them.
    fn parse(&self, end: usize, close: usize) -> Result<Ast, Box<ast::Error>> {
        let mut text = self.out.get(..end).unwrap_or_default().to_owned();
        text.push_str(&")".repeat(close));
        ast::parse::ParserBuilder::new()
            // Go's limit is on its own tree, checked in `copies`; the
            // parser and `Ast`'s drop use the heap, not the stack.
            .nest_limit(u32::MAX)
            .build()
            .parse(&text)
            .map_err(Box::new)
    }

    /// Go's limits on the tree's height and on nested repetition counts,
    /// over a parsed pattern.
    fn copies(&self, ast: &Ast, height: bool) -> Result<(), RegexError> {
        if let Some(offset) = too_many_copies(ast) {
            return Err(self.error(Code::InvalidRepeatSize, self.source_of(offset)));
        }
        if height && height_at_least(ast) > MAX_HEIGHT {
            let mut error = self.error(Code::NestingDepth, 0..self.src.len());
            error.expr = self.src.to_owned();
            return Err(error);
        }
        Ok(())
    }

    /// The original text a position of the rewritten pattern stands for.
    fn source_of(&self, offset: usize) -> Range<usize> {
        let i = self.pieces.partition_point(|p| p.out <= offset);
        match i.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            Some(piece) => piece.src.clone(),
            None => 0..self.src.len(),
        }
    }
}

/// The span of an escape error: Go quotes nothing for a trailing
/// backslash, and otherwise the escape so far.
fn error_span(code: Code, start: usize, len: usize) -> Range<usize> {
    if code == Code::TrailingBackslash {
        start..start
    } else {
        start..start + len
    }
}

/// `\d`, `\D`, `\s`, `\S`, `\w`, `\W` at the start of `t`.
fn perl_class(t: &str) -> Option<&'static str> {
    ["\\d", "\\D", "\\s", "\\S", "\\w", "\\W"]
        .into_iter()
        .find(|class| t.starts_with(class))
}

const POSIX_CLASSES: [&str; 28] = [
    "[:alnum:]",
    "[:^alnum:]",
    "[:alpha:]",
    "[:^alpha:]",
    "[:ascii:]",
    "[:^ascii:]",
    "[:blank:]",
    "[:^blank:]",
    "[:cntrl:]",
    "[:^cntrl:]",
    "[:digit:]",
    "[:^digit:]",
    "[:graph:]",
    "[:^graph:]",
    "[:lower:]",
    "[:^lower:]",
    "[:print:]",
    "[:^print:]",
    "[:punct:]",
    "[:^punct:]",
    "[:space:]",
    "[:^space:]",
    "[:upper:]",
    "[:^upper:]",
    "[:word:]",
    "[:^word:]",
    "[:xdigit:]",
    "[:^xdigit:]",
];

/// An escape (`\n`, `\x41`, `\x{263a}`, `\101`, `\.`) at the start of
/// `t`: the character and the escape's length, or Go's error code and the
/// length of the text it quotes.
fn parse_escape(t: &str) -> Result<(u32, usize), (Code, usize)> {
    let mut chars = t.char_indices().skip(1);
    let Some((_, c)) = chars.next() else {
        return Err((Code::TrailingBackslash, 1));
    };
    let after_c = 1 + c.len_utf8();
    let rest = &t[after_c..];
    let octal = |s: &str| {
        s.as_bytes()
            .first()
            .is_some_and(|b| (b'0'..=b'7').contains(b))
    };
    match c {
        _ if c.is_ascii() && !c.is_ascii_alphanumeric() => Ok((u32::from(c), after_c)),
        '1'..='7' | '0' if c == '0' || octal(rest) => {
            let mut value = u32::from(c) - u32::from('0');
            let mut len = after_c;
            for b in rest.bytes().take(2) {
                if !(b'0'..=b'7').contains(&b) {
                    break;
                }
                value = value * 8 + u32::from(b - b'0');
                len += 1;
            }
            Ok((value, len))
        }
        'x' => hex_escape(t),
        'a' => Ok((0x07, after_c)),
        'f' => Ok((0x0c, after_c)),
        'n' => Ok((u32::from('\n'), after_c)),
        'r' => Ok((u32::from('\r'), after_c)),
        't' => Ok((u32::from('\t'), after_c)),
        'v' => Ok((0x0b, after_c)),
        _ => Err((Code::InvalidEscape, after_c)),
    }
}

/// `\x41` or `\x{…}` at the start of `t`.
fn hex_escape(t: &str) -> Result<(u32, usize), (Code, usize)> {
    let mut chars = t[2..].chars();
    let mut len = 2;
    let Some(first) = chars.next() else {
        return Err((Code::InvalidEscape, len));
    };
    len += first.len_utf8();
    if first == '{' {
        let mut value: u32 = 0;
        let mut digits = 0;
        loop {
            let Some(c) = chars.next() else {
                return Err((Code::InvalidEscape, len));
            };
            len += c.len_utf8();
            if c == '}' {
                break;
            }
            let Some(digit) = c.to_digit(16) else {
                return Err((Code::InvalidEscape, len));
            };
            value = value * 16 + digit;
            if value > 0x10_ffff {
                return Err((Code::InvalidEscape, len));
            }
            digits += 1;
        }
        if digits == 0 {
            return Err((Code::InvalidEscape, len));
        }
        return Ok((value, len));
    }
    let second = chars.next();
    len += second.map_or(0, char::len_utf8);
    match (first.to_digit(16), second.and_then(|c| c.to_digit(16))) {
        (Some(x), Some(y)) => Ok((x * 16 + y, len)),
        _ => Err((Code::InvalidEscape, len)),
    }
}

/// Go's `parseRepeat`: `{n}`, `{n,}` or `{n,m}` at the start of `t`, with
/// numbers without leading zeros: the minimum, the maximum (`-1` for
/// none) and the length; a number Go cannot read (10^8 or more) makes the
/// minimum `-1`. `None` when `t` is no repetition: Go then takes the `{`
/// literally.
fn parse_repeat(t: &str) -> Option<(i64, i64, usize)> {
    fn int(s: &str) -> Option<(i64, usize)> {
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || (digits >= 2 && s.starts_with('0')) {
            return None;
        }
        let value = s[..digits]
            .parse::<i64>()
            .ok()
            .filter(|&n| n < 100_000_000)
            .unwrap_or(-1);
        Some((value, digits))
    }
    let mut at = 1;
    let (mut min, len) = int(t.get(at..)?)?;
    at += len;
    let max = match t.as_bytes().get(at)? {
        b',' => {
            at += 1;
            if *t.as_bytes().get(at)? == b'}' {
                -1
            } else {
                let (max, len) = int(&t[at..])?;
                at += len;
                if max < 0 {
                    min = -1;
                }
                max
            }
        }
        _ => min,
    };
    if t.as_bytes().get(at) != Some(&b'}') {
        return None;
    }
    Some((min, max, at + 1))
}

/// Go's `repeatIsValid`: the offset (in the rewritten pattern) of the
/// first `{…}` repetition, counting from 2 up, under which more than 1000
/// copies of something would be made once nested repetitions are
/// multiplied in (`(a{10}){200}`).
///
/// One walk, carrying for each enclosing repetition that is checked how
/// many copies it still allows; each repetition of 2 or more inside at
/// least halves that, so no path carries more than a dozen, and a deep or
/// long pattern costs linear time.
fn too_many_copies(ast: &Ast) -> Option<usize> {
    let mut first: Option<usize> = None;
    let mut stack: Vec<(&Ast, Vec<(usize, u32)>)> = vec![(ast, Vec::new())];
    while let Some((node, mut budgets)) = stack.pop() {
        match node {
            Ast::Repetition(rep) => {
                if let Some((min, max)) = range(&rep.op.kind) {
                    // `{0}`: Go does not look inside, for any enclosing count.
                    if max == Some(0) {
                        stack.push((&rep.ast, Vec::new()));
                        continue;
                    }
                    let m = max.unwrap_or(min);
                    budgets.retain_mut(|(offset, n)| {
                        if m > *n {
                            first = Some(first.map_or(*offset, |f| f.min(*offset)));
                            return false;
                        }
                        *n = n.checked_div(m).unwrap_or(*n);
                        true
                    });
                    if min >= 2 || max.is_some_and(|max| max >= 2) {
                        let offset = rep.op.span.start.offset;
                        budgets.push((offset, 1000u32.checked_div(m).unwrap_or(1000)));
                    }
                }
                stack.push((&rep.ast, budgets));
            }
            Ast::Group(group) => stack.push((&group.ast, budgets)),
            Ast::Concat(concat) => {
                stack.extend(concat.asts.iter().map(|a| (a, budgets.clone())));
            }
            Ast::Alternation(alt) => stack.extend(alt.asts.iter().map(|a| (a, budgets.clone()))),
            _ => {}
        }
    }
    first
}

/// A lower bound of the height of Go's parse tree for the pattern: every
/// capturing group and every repetition is a node of its own there, and so
/// is a concatenation of anything besides literals. Non-capturing groups
/// vanish, a concatenation inside another is flattened into it, literals
/// side by side merge into one (`ab`) and alternations may become a class
/// (`a|b`), so those are not counted and the bound never exceeds Go's own
/// height. Linear: only the outermost of flattened concatenations looks at
/// its items.
fn height_at_least(ast: &Ast) -> usize {
    let mut tallest = 0;
    // The node, its height, and whether Go flattens it into an enclosing
    // concatenation.
    let mut stack = vec![(ast, 1usize, false)];
    while let Some((node, height, in_concat)) = stack.pop() {
        tallest = tallest.max(height);
        match node {
            Ast::Repetition(rep) => stack.push((&rep.ast, height + 1, false)),
            Ast::Group(group) => match group.kind {
                ast::GroupKind::NonCapturing(_) => stack.push((&group.ast, height, in_concat)),
                _ => stack.push((&group.ast, height + 1, false)),
            },
            Ast::Concat(concat) => {
                let own = usize::from(!in_concat && !only_literals(&concat.asts));
                stack.extend(concat.asts.iter().map(|a| (a, height + own, true)));
            }
            Ast::Alternation(alt) => stack.extend(alt.asts.iter().map(|a| (a, height, false))),
            _ => {}
        }
    }
    tallest
}

/// Whether Go merges these items, with the concatenations it flattens
/// into them, into one literal.
fn only_literals(items: &[Ast]) -> bool {
    let mut stack: Vec<&Ast> = items.iter().collect();
    while let Some(item) = stack.pop() {
        match item {
            Ast::Literal(_) => {}
            Ast::Group(group) if matches!(group.kind, ast::GroupKind::NonCapturing(_)) => {
                stack.push(&group.ast);
            }
            Ast::Concat(concat) => stack.extend(concat.asts.iter()),
            _ => return false,
        }
    }
    true
}

/// The bounds of a `{…}` repetition; `None` for `*`, `+`, `?`.
fn range(kind: &RepetitionKind) -> Option<(u32, Option<u32>)> {
    match kind {
        RepetitionKind::Range(RepetitionRange::Exactly(n)) => Some((*n, Some(*n))),
        RepetitionKind::Range(RepetitionRange::AtLeast(n)) => Some((*n, None)),
        RepetitionKind::Range(RepetitionRange::Bounded(a, b)) => Some((*a, Some(*b))),
        _ => None,
    }
}

/// General categories, as Go's `unicode.Categories` names them.
const CATEGORIES: [&str; 38] = [
    "C", "Cc", "Cf", "Cn", "Co", "Cs", "L", "LC", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me",
    "Mn", "N", "Nd", "Nl", "No", "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk",
    "Sm", "So", "Z", "Zl", "Zp", "Zs",
];

/// Long names of the categories (Go 1.25's `unicode.CategoryAliases`).
const CATEGORY_ALIASES: [&str; 42] = [
    "Other",
    "Control",
    "Format",
    "Unassigned",
    "Private_Use",
    "Surrogate",
    "Letter",
    "Cased_Letter",
    "Lowercase_Letter",
    "Modifier_Letter",
    "Other_Letter",
    "Titlecase_Letter",
    "Uppercase_Letter",
    "Mark",
    "Combining_Mark",
    "Spacing_Mark",
    "Enclosing_Mark",
    "Nonspacing_Mark",
    "Number",
    "Decimal_Number",
    "digit",
    "Letter_Number",
    "Other_Number",
    "Punctuation",
    "punct",
    "Connector_Punctuation",
    "Dash_Punctuation",
    "Close_Punctuation",
    "Final_Punctuation",
    "Initial_Punctuation",
    "Other_Punctuation",
    "Open_Punctuation",
    "Symbol",
    "Currency_Symbol",
    "Modifier_Symbol",
    "Math_Symbol",
    "Other_Symbol",
    "Separator",
    "Line_Separator",
    "Paragraph_Separator",
    "Space_Separator",
    "cntrl",
];

/// Scripts, as Go's `unicode.Scripts` names them: Unicode 13 (as in Go
/// 1.19), then the scripts Unicode 14 and 15 added (Go 1.21 to 1.26 have
/// Unicode 15).
const SCRIPTS: [&str; 163] = [
    "Adlam",
    "Ahom",
    "Anatolian_Hieroglyphs",
    "Arabic",
    "Armenian",
    "Avestan",
    "Balinese",
    "Bamum",
    "Bassa_Vah",
    "Batak",
    "Bengali",
    "Bhaiksuki",
    "Bopomofo",
    "Brahmi",
    "Braille",
    "Buginese",
    "Buhid",
    "Canadian_Aboriginal",
    "Carian",
    "Caucasian_Albanian",
    "Chakma",
    "Cham",
    "Cherokee",
    "Chorasmian",
    "Common",
    "Coptic",
    "Cuneiform",
    "Cypriot",
    "Cyrillic",
    "Deseret",
    "Devanagari",
    "Dives_Akuru",
    "Dogra",
    "Duployan",
    "Egyptian_Hieroglyphs",
    "Elbasan",
    "Elymaic",
    "Ethiopic",
    "Georgian",
    "Glagolitic",
    "Gothic",
    "Grantha",
    "Greek",
    "Gujarati",
    "Gunjala_Gondi",
    "Gurmukhi",
    "Han",
    "Hangul",
    "Hanifi_Rohingya",
    "Hanunoo",
    "Hatran",
    "Hebrew",
    "Hiragana",
    "Imperial_Aramaic",
    "Inherited",
    "Inscriptional_Pahlavi",
    "Inscriptional_Parthian",
    "Javanese",
    "Kaithi",
    "Kannada",
    "Katakana",
    "Kayah_Li",
    "Kharoshthi",
    "Khitan_Small_Script",
    "Khmer",
    "Khojki",
    "Khudawadi",
    "Lao",
    "Latin",
    "Lepcha",
    "Limbu",
    "Linear_A",
    "Linear_B",
    "Lisu",
    "Lycian",
    "Lydian",
    "Mahajani",
    "Makasar",
    "Malayalam",
    "Mandaic",
    "Manichaean",
    "Marchen",
    "Masaram_Gondi",
    "Medefaidrin",
    "Meetei_Mayek",
    "Mende_Kikakui",
    "Meroitic_Cursive",
    "Meroitic_Hieroglyphs",
    "Miao",
    "Modi",
    "Mongolian",
    "Mro",
    "Multani",
    "Myanmar",
    "Nabataean",
    "Nandinagari",
    "New_Tai_Lue",
    "Newa",
    "Nko",
    "Nushu",
    "Nyiakeng_Puachue_Hmong",
    "Ogham",
    "Ol_Chiki",
    "Old_Hungarian",
    "Old_Italic",
    "Old_North_Arabian",
    "Old_Permic",
    "Old_Persian",
    "Old_Sogdian",
    "Old_South_Arabian",
    "Old_Turkic",
    "Oriya",
    "Osage",
    "Osmanya",
    "Pahawh_Hmong",
    "Palmyrene",
    "Pau_Cin_Hau",
    "Phags_Pa",
    "Phoenician",
    "Psalter_Pahlavi",
    "Rejang",
    "Runic",
    "Samaritan",
    "Saurashtra",
    "Sharada",
    "Shavian",
    "Siddham",
    "SignWriting",
    "Sinhala",
    "Sogdian",
    "Sora_Sompeng",
    "Soyombo",
    "Sundanese",
    "Syloti_Nagri",
    "Syriac",
    "Tagalog",
    "Tagbanwa",
    "Tai_Le",
    "Tai_Tham",
    "Tai_Viet",
    "Takri",
    "Tamil",
    "Tangut",
    "Telugu",
    "Thaana",
    "Thai",
    "Tibetan",
    "Tifinagh",
    "Tirhuta",
    "Ugaritic",
    "Vai",
    "Wancho",
    "Warang_Citi",
    "Yezidi",
    "Yi",
    "Zanabazar_Square",
    // Unicode 14.
    "Cypro_Minoan",
    "Old_Uyghur",
    "Tangsa",
    "Toto",
    "Vithkuqi",
    // Unicode 15.
    "Kawi",
    "Nag_Mundari",
];

/// Go 1.25's `canonicalName`: the first letter upper-case, the others
/// lower-case, without `_`, `-` and spaces.
fn canonical_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut first = true;
    for c in name.chars() {
        match c {
            '_' | '-' | ' ' => {}
            _ if first => {
                out.push(c.to_ascii_uppercase());
                first = false;
            }
            _ => out.push(c.to_ascii_lowercase()),
        }
    }
    out
}

/// Whether Go 1.26 knows `\p{name}` (Go 1.25's `unicodeTable`): the name
/// is canonicalised, then looked up among `Any`, `Assigned`, `ASCII`,
/// `LC`, the categories, the scripts and the categories' long names. A
/// script whose name has an `_` (`Old_Italic`) or an inner capital
/// (`SignWriting`) is never found that way, so Go 1.26 refuses it (older
/// Go took exact names only: `\p{Greek}` but not `\p{greek}`).
fn is_unicode_class_name(name: &str) -> bool {
    let name = canonical_name(name);
    matches!(name.as_str(), "Any" | "Assigned" | "Ascii" | "Lc")
        || CATEGORIES.contains(&name.as_str())
        || SCRIPTS.contains(&name.as_str())
        || CATEGORY_ALIASES
            .iter()
            .any(|alias| canonical_name(alias) == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Patterns and Go's error for each, measured with `regexp.Compile`
    /// under Go 1.19 (what changed since is tested apart).
    const MEASURED: &[(&str, Option<&str>)] = &[
        ("", None),
        ("a", None),
        ("abc", None),
        ("a|b", None),
        ("(a|b)*c", None),
        ("^$", None),
        (".*", None),
        (
            "a**",
            Some("error parsing regexp: invalid nested repetition operator: `**`"),
        ),
        (
            "a*+",
            Some("error parsing regexp: invalid nested repetition operator: `*+`"),
        ),
        (
            "a+*",
            Some("error parsing regexp: invalid nested repetition operator: `+*`"),
        ),
        ("a??", None),
        (
            "a*??",
            Some("error parsing regexp: invalid nested repetition operator: `*??`"),
        ),
        (
            "a{2}{3}",
            Some("error parsing regexp: invalid nested repetition operator: `{2}{3}`"),
        ),
        (
            "a{2}*",
            Some("error parsing regexp: invalid nested repetition operator: `{2}*`"),
        ),
        (
            "a*{2}",
            Some("error parsing regexp: invalid nested repetition operator: `*{2}`"),
        ),
        ("a{1}?", None),
        (
            "a{1}+",
            Some("error parsing regexp: invalid nested repetition operator: `{1}+`"),
        ),
        (
            "a{1}??",
            Some("error parsing regexp: invalid nested repetition operator: `{1}??`"),
        ),
        ("(?i)a", None),
        (
            "(?x)a",
            Some("error parsing regexp: invalid or unsupported Perl syntax: `(?x`"),
        ),
        (
            "(?u)a",
            Some("error parsing regexp: invalid or unsupported Perl syntax: `(?u`"),
        ),
        ("(?U)a", None),
        (
            "(?R)a",
            Some("error parsing regexp: invalid or unsupported Perl syntax: `(?R`"),
        ),
        ("(?s:a)", None),
        ("(?-i)a", None),
        ("(?i-s:a)", None),
        ("(?)", None),
        ("(?i)", None),
        ("(?:)", None),
        ("()", None),
        (
            "(?i)*",
            Some("error parsing regexp: missing argument to repetition operator: `*`"),
        ),
        ("a(?i)*", None),
        ("a*(?i)*", None),
        ("(?P<n>a)", None),
        (
            "(?P<n.x>a)",
            Some("error parsing regexp: invalid named capture: `(?P<n.x>`"),
        ),
        (
            "(?P<n[1]>a)",
            Some("error parsing regexp: invalid named capture: `(?P<n[1]>`"),
        ),
        ("(?P<1a>a)", None),
        (
            "(?P<>a)",
            Some("error parsing regexp: invalid named capture: `(?P<>`"),
        ),
        ("(?P<n>a)(?P<n>b)", None),
        (
            "(?P=n)",
            Some("error parsing regexp: invalid or unsupported Perl syntax: `(?P`"),
        ),
        (
            "(?P",
            Some("error parsing regexp: invalid or unsupported Perl syntax: `(?P`"),
        ),
        (
            "(?P<",
            Some("error parsing regexp: invalid or unsupported Perl syntax: `(?P`"),
        ),
        (
            "(?P<n",
            Some("error parsing regexp: invalid named capture: `(?P<n`"),
        ),
        (
            "(?P<n>",
            Some("error parsing regexp: missing closing ): `(?P<n>`"),
        ),
        (
            "(?'n'a)",
            Some("error parsing regexp: invalid or unsupported Perl syntax: `(?'`"),
        ),
        ("\\Q.*\\E", None),
        ("\\Qab", None),
        (
            "\\Q\\E*",
            Some("error parsing regexp: missing argument to repetition operator: `*`"),
        ),
        ("a\\Q\\E*", None),
        ("\\Qa\\E*", None),
        ("\\pL", None),
        ("\\p{Greek}", None),
        ("\\p{^Greek}", None),
        ("\\PL", None),
        ("\\P{^L}", None),
        ("\\p{Latin}", None),
        ("\\pZ", None),
        ("\\p{Any}", None),
        ("\\p{L}", None),
        ("\\p{Lu}", None),
        ("\\p{Han}", None),
        (
            "\\p",
            Some("error parsing regexp: invalid character class range: `\\p`"),
        ),
        (
            "\\p{",
            Some("error parsing regexp: invalid character class range: `\\p{`"),
        ),
        (
            "\\p{}",
            Some("error parsing regexp: invalid character class range: `\\p{}`"),
        ),
        (
            "\\p{^}",
            Some("error parsing regexp: invalid character class range: `\\p{^}`"),
        ),
        (
            "\\pX",
            Some("error parsing regexp: invalid character class range: `\\pX`"),
        ),
        (
            "\\p1",
            Some("error parsing regexp: invalid character class range: `\\p1`"),
        ),
        (
            "\\8",
            Some("error parsing regexp: invalid escape sequence: `\\8`"),
        ),
        (
            "\\1",
            Some("error parsing regexp: invalid escape sequence: `\\1`"),
        ),
        ("\\0", None),
        ("\\012", None),
        ("\\12", None),
        (
            "\\18",
            Some("error parsing regexp: invalid escape sequence: `\\1`"),
        ),
        ("\\0123", None),
        ("\\_", None),
        ("\\<", None),
        ("\\>", None),
        (
            "\\e",
            Some("error parsing regexp: invalid escape sequence: `\\e`"),
        ),
        ("\\z", None),
        (
            "\\Z",
            Some("error parsing regexp: invalid escape sequence: `\\Z`"),
        ),
        ("\\A", None),
        (
            "\\C",
            Some("error parsing regexp: invalid escape sequence: `\\C`"),
        ),
        (
            "\\G",
            Some("error parsing regexp: invalid escape sequence: `\\G`"),
        ),
        (
            "\\K",
            Some("error parsing regexp: invalid escape sequence: `\\K`"),
        ),
        (
            "\\h",
            Some("error parsing regexp: invalid escape sequence: `\\h`"),
        ),
        (
            "\\N",
            Some("error parsing regexp: invalid escape sequence: `\\N`"),
        ),
        (
            "\\X",
            Some("error parsing regexp: invalid escape sequence: `\\X`"),
        ),
        (
            "\\cA",
            Some("error parsing regexp: invalid escape sequence: `\\c`"),
        ),
        ("\\a", None),
        ("\\f", None),
        ("\\v", None),
        ("\\-", None),
        ("\\#", None),
        ("\\~", None),
        ("\\&", None),
        ("\\%", None),
        (
            "\\\u{e9}",
            Some("error parsing regexp: invalid escape sequence: `\\\u{e9}`"),
        ),
        (
            "\\",
            Some("error parsing regexp: trailing backslash at end of expression: ``"),
        ),
        (
            "a\\",
            Some("error parsing regexp: trailing backslash at end of expression: ``"),
        ),
        (
            "\\x",
            Some("error parsing regexp: invalid escape sequence: `\\x`"),
        ),
        (
            "\\x4",
            Some("error parsing regexp: invalid escape sequence: `\\x4`"),
        ),
        ("\\x41", None),
        (
            "\\x4g",
            Some("error parsing regexp: invalid escape sequence: `\\x4g`"),
        ),
        (
            "\\xg4",
            Some("error parsing regexp: invalid escape sequence: `\\xg4`"),
        ),
        (
            "\\x{}",
            Some("error parsing regexp: invalid escape sequence: `\\x{}`"),
        ),
        ("\\x{41}", None),
        ("\\x{10FFFF}", None),
        (
            "\\x{110000}",
            Some("error parsing regexp: invalid escape sequence: `\\x{110000`"),
        ),
        ("\\x{D800}", None),
        (
            "\\x{41",
            Some("error parsing regexp: invalid escape sequence: `\\x{41`"),
        ),
        (
            "\\x{4g}",
            Some("error parsing regexp: invalid escape sequence: `\\x{4g`"),
        ),
        ("\\x{41}{2}", None),
        ("[[]", None),
        ("[a&&b]", None),
        (
            "[a--b]",
            Some("error parsing regexp: invalid character class range: `a--`"),
        ),
        ("[a-b-c]", None),
        ("[a~~b]", None),
        ("[]a]", None),
        ("[^]a]", None),
        ("[]", Some("error parsing regexp: missing closing ]: `[]`")),
        (
            "[^]",
            Some("error parsing regexp: missing closing ]: `[^]`"),
        ),
        ("[^", Some("error parsing regexp: missing closing ]: `[^`")),
        ("[a", Some("error parsing regexp: missing closing ]: `[a`")),
        (
            "[a-",
            Some("error parsing regexp: missing closing ]: `[a-`"),
        ),
        ("[a-]", None),
        ("[-a]", None),
        ("[\\d-z]", None),
        (
            "[z-a]",
            Some("error parsing regexp: invalid character class range: `z-a`"),
        ),
        (
            "[a-\\d]",
            Some("error parsing regexp: invalid escape sequence: `\\d`"),
        ),
        ("[[:alpha:]]", None),
        (
            "[[:foo:]]",
            Some("error parsing regexp: invalid character class range: `[:foo:]`"),
        ),
        ("[[:^alpha:]]", None),
        (
            "[[:alpha:]",
            Some("error parsing regexp: missing closing ]: `[[:alpha:]`"),
        ),
        ("[[:alpha]", None),
        ("[[:]]", None),
        (
            "[[::]]",
            Some("error parsing regexp: invalid character class range: `[::]`"),
        ),
        ("[\\pL]", None),
        (
            "[\\p{Foo}]",
            Some("error parsing regexp: invalid character class range: `\\p{Foo}`"),
        ),
        ("[\\p{Greek}-z]", None),
        (
            "[\\Q]\\E]",
            Some("error parsing regexp: invalid escape sequence: `\\Q`"),
        ),
        (
            "[\\b]",
            Some("error parsing regexp: invalid escape sequence: `\\b`"),
        ),
        (
            "[\\A]",
            Some("error parsing regexp: invalid escape sequence: `\\A`"),
        ),
        ("[\\x41-\\x5a]", None),
        (
            "[\\x5a-\\x41]",
            Some("error parsing regexp: invalid character class range: `\\x5a-\\x41`"),
        ),
        (
            "[\\0-\\7]",
            Some("error parsing regexp: invalid escape sequence: `\\7`"),
        ),
        (
            "[\\0-\\8]",
            Some("error parsing regexp: invalid escape sequence: `\\8`"),
        ),
        ("[\\n-\\r]", None),
        ("[--a]", None),
        ("[---]", None),
        ("[a-a]", None),
        ("[\\w-z]", None),
        (
            "x{1001}",
            Some("error parsing regexp: invalid repeat count: `{1001}`"),
        ),
        ("x{1000}", None),
        ("x{0,1000}", None),
        ("x{1000,}", None),
        (
            "x{1001,}",
            Some("error parsing regexp: invalid repeat count: `{1001,}`"),
        ),
        (
            "x{2,1}",
            Some("error parsing regexp: invalid repeat count: `{2,1}`"),
        ),
        ("x{,3}", None),
        ("x{", None),
        ("x{a}", None),
        ("x{1", None),
        ("x{1,", None),
        ("x{1,2", None),
        ("x{ 1}", None),
        ("x{01}", None),
        ("x{0}", None),
        ("x{00}", None),
        (
            "x{100000000}",
            Some("error parsing regexp: invalid repeat count: `{100000000}`"),
        ),
        (
            "x{99999999}",
            Some("error parsing regexp: invalid repeat count: `{99999999}`"),
        ),
        (
            "x{1,100000000}",
            Some("error parsing regexp: invalid repeat count: `{1,100000000}`"),
        ),
        (
            "a{1,2}{3}",
            Some("error parsing regexp: invalid nested repetition operator: `{1,2}{3}`"),
        ),
        ("^*", None),
        ("$*", None),
        ("\\b*", None),
        ("\\A*", None),
        (
            "(*)",
            Some("error parsing regexp: missing argument to repetition operator: `*`"),
        ),
        ("(|a)", None),
        ("|", None),
        (
            "a|*",
            Some("error parsing regexp: missing argument to repetition operator: `*`"),
        ),
        (
            "*",
            Some("error parsing regexp: missing argument to repetition operator: `*`"),
        ),
        (
            "+a",
            Some("error parsing regexp: missing argument to repetition operator: `+`"),
        ),
        (
            "?a",
            Some("error parsing regexp: missing argument to repetition operator: `?`"),
        ),
        (
            "{1}",
            Some("error parsing regexp: missing argument to repetition operator: `{1}`"),
        ),
        (
            "a{1}{1}",
            Some("error parsing regexp: invalid nested repetition operator: `{1}{1}`"),
        ),
        (
            "(a{1000}){2}",
            Some("error parsing regexp: invalid repeat count: `{2}`"),
        ),
        ("(a{500}){2}", None),
        ("(a{2}b){500}", None),
        (
            "(a{2}|b{3}){400}",
            Some("error parsing regexp: invalid repeat count: `{400}`"),
        ),
        ("((a{10}){10}){10}", None),
        (
            "((a{10}){10}){11}",
            Some("error parsing regexp: invalid repeat count: `{11}`"),
        ),
        ("(a*){1000}", None),
        (
            "(a+){1001}",
            Some("error parsing regexp: invalid repeat count: `{1001}`"),
        ),
        (
            "(?:a{2}){501}",
            Some("error parsing regexp: invalid repeat count: `{501}`"),
        ),
        (
            "a{2}(?i){501}",
            Some("error parsing regexp: invalid repeat count: `{501}`"),
        ),
        ("(a", Some("error parsing regexp: missing closing ): `(a`")),
        ("a)", Some("error parsing regexp: unexpected ): `a)`")),
        (")", Some("error parsing regexp: unexpected ): `)`")),
        ("(a))", Some("error parsing regexp: unexpected ): `(a))`")),
        (
            "((a)",
            Some("error parsing regexp: missing closing ): `((a)`"),
        ),
        (
            "(?i:",
            Some("error parsing regexp: missing closing ): `(?i:`"),
        ),
        (
            "(?i:a",
            Some("error parsing regexp: missing closing ): `(?i:a`"),
        ),
        (
            "(?#comment)",
            Some("error parsing regexp: invalid or unsupported Perl syntax: `(?#`"),
        ),
        (
            "(?=a)",
            Some("error parsing regexp: invalid or unsupported Perl syntax: `(?=`"),
        ),
        (
            "(?!a)",
            Some("error parsing regexp: invalid or unsupported Perl syntax: `(?!`"),
        ),
        (
            "(?>a)",
            Some("error parsing regexp: invalid or unsupported Perl syntax: `(?>`"),
        ),
        (
            "(?|a)",
            Some("error parsing regexp: invalid or unsupported Perl syntax: `(?|`"),
        ),
        ("(?ii)a", None),
        ("(?i-i)a", None),
        (
            "(?i-)a",
            Some("error parsing regexp: invalid or unsupported Perl syntax: `(?i-)`"),
        ),
        (
            "(?-)a",
            Some("error parsing regexp: invalid or unsupported Perl syntax: `(?-)`"),
        ),
        (
            "(?--i)a",
            Some("error parsing regexp: invalid or unsupported Perl syntax: `(?--`"),
        ),
        ("(?i:)*", None),
        (
            "(*a)",
            Some("error parsing regexp: missing argument to repetition operator: `*`"),
        ),
        (
            "(a|*)",
            Some("error parsing regexp: missing argument to repetition operator: `*`"),
        ),
        ("(?i)(?P<name>x)|(?P<name2>y)", None),
        ("[a-z]+\\.(com|org)$", None),
        ("^project-[0-9]+/.*$", None),
        (".*\\bmain\\b.*", None),
        ("\\d{3,}-\\w+", None),
    ];

    #[test]
    fn matches_go() {
        let wrong: Vec<String> = MEASURED
            .iter()
            .filter_map(|(pattern, expected)| {
                let got = check(pattern).err().map(|e| e.to_string());
                (got.as_deref() != *expected)
                    .then(|| format!("{pattern:?}: got {got:?}, Go says {expected:?}"))
            })
            .collect();
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    /// What Go 1.22 to 1.26 changed: `(?<name>…)`, and `\p{…}` names
    /// looked up after canonicalisation (read from Go 1.26's
    /// `parsePerlFlags` and `unicodeTable`).
    #[test]
    fn follows_newer_go() {
        for ok in [
            "(?<n>a)",
            "(?<n>a)(?P<n>b)",
            "\\p{greek}",
            "\\p{GREEK}",
            "\\p{LETTER}",
            "\\p{lowercase letter}",
            "\\p{Uppercase-Letter}",
            "\\p{digit}",
            "\\p{lc}",
            "\\p{Cn}",
            "\\p{ascii}",
            "\\p{Assigned}",
            "\\P{^Kawi}",
            "[\\p{kawi}]",
        ] {
            assert_eq!(check(ok), Ok(()), "{ok:?}");
        }
        for (bad, message) in [
            ("(?<=a)", "invalid named capture: `(?<=a)`"),
            ("(?<!a)b>", "invalid named capture: `(?<!a)b>`"),
            ("(?<>a)", "invalid named capture: `(?<>`"),
            ("(?<", "invalid or unsupported Perl syntax: `(?<`"),
            (
                "\\p{Old_Italic}",
                "invalid character class range: `\\p{Old_Italic}`",
            ),
            (
                "\\p{SignWriting}",
                "invalid character class range: `\\p{SignWriting}`",
            ),
            ("\\p{Garay}", "invalid character class range: `\\p{Garay}`"),
            ("\\p{L&}", "invalid character class range: `\\p{L&}`"),
        ] {
            let error = check(bad).unwrap_err();
            assert_eq!(
                error.to_string(),
                format!("error parsing regexp: {message}")
            );
        }
    }

    #[track_caller]
    fn fault(pattern: &str, at: &str) {
        let error = check(pattern).unwrap_err();
        assert_eq!(&pattern[error.span()], at, "{pattern:?}: {error}");
    }

    #[test]
    fn errors_point_at_the_fault() {
        fault("ab(cd", "(");
        fault("ab)cd", ")");
        fault("a|*b", "*");
        fault("a|+?b", "+?");
        fault("x{2}{3}", "{2}{3}");
        fault("x\\qy", "\\q");
        fault("x[z-a]", "z-a");
        fault("(a{2}){600}", "{600}");
        fault("x[ab", "[ab");
        fault("(?x)", "(?x");
        // Go meets a misplaced `*` before a bad escape further on.
        fault("*\\q", "*");
        assert_eq!(check("a\\").unwrap_err().span(), 1..1);
    }

    #[test]
    fn the_runners_use_of_it() {
        // Unset, the runner compiles the empty pattern.
        assert_eq!(check(""), Ok(()));
        for pattern in ["^project-[0-9]+$", "(?i)^group/.*", "\\Qa.b\\E|c{2,}"] {
            assert_eq!(check(pattern), Ok(()), "{pattern}");
        }
    }

    /// Long hostile patterns never overflow the stack nor take long (a
    /// class full of `[:`, thousands of groups, repetitions nested or
    /// side by side), and Go's height limit counts only its own nodes.
    #[test]
    fn hostile_patterns_are_cheap() {
        let reason = |p: &str| check(p).err().map(|e| e.reason());
        let posix = format!("[{}a]", "[:".repeat(20_000));
        assert_eq!(reason(&posix), None);
        // Measured: Go's limit is on its tree, where `(?:` leaves no node,
        // and an unclosed group is reported before any height.
        let open = "(".repeat(20_000);
        assert_eq!(reason(&open), Some("missing closing )"));
        let deep = |n: usize, open: &str| format!("{}a{}", open.repeat(n), ")".repeat(n));
        assert_eq!(reason(&deep(999, "(")), None);
        assert_eq!(
            reason(&deep(1000, "(")),
            Some("expression nests too deeply")
        );
        assert_eq!(reason(&deep(20_000, "(?:")), None);
        assert_eq!(
            reason(&deep(600, "(a")),
            Some("expression nests too deeply")
        );
        let nested = format!("{}a{}", "(".repeat(900), "){2}".repeat(900));
        assert_eq!(reason(&nested), Some("invalid repeat count"));
        let wide = format!("({}){{1000}}", "a{2}".repeat(20_000));
        assert_eq!(reason(&wide), Some("invalid repeat count"));
    }
}
