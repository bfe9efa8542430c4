//! The spanned document, as GitLab Runner's TOML decoder builds it.
//!
//! GitLab Runner reads `config.toml` with BurntSushi/toml v1.6.0, which
//! parses TOML 1.1 but merges tables its own way: it accepts some files
//! the TOML specification forbids (a `[runners.docker]` header after
//! `docker.image = …` in the same `[[runners]]` entry, keys added to an
//! inline table) and in a few cases drops a value without a word. This
//! module builds the same document: `toml_parser` (the parser toml itself
//! uses) lexes the text and reports every syntax error, and
//! [`builder`] replays BurntSushi/toml's `parse.go` over its events. The
//! result is the `Spanned<DeTable>` the rest of the loader walks and
//! decodes, exactly as the runner would see it.
//!
//! Where the runner refuses the file, the finding is a `syntax-error`;
//! where it accepts what the specification forbids, the file loads as the
//! runner loads it, with a `lenient-toml` warning.
//!
//! Older runners bundle older BurntSushi/toml releases. [`parse`] takes the
//! runner release; its [`dialect::Dialect`] says where that release's
//! decoder parts from v1.6.0 (TOML 0.4 or 1.0, a key set twice with an
//! array replaced), and the builder reports what it refuses
//! (`unsupported-toml`) or only accepts until an upgrade
//! (`toml-refused-after-upgrade`).

use std::ops::Range;

use toml::Spanned;
use toml::de::DeTable;
use toml_parser::parser::{RecursionGuard, ValidateWhitespace, parse_document};
use toml_parser::{Expected, ParseError, Source};

use super::codes;
use crate::Diagnostic;
use crate::versions::RunnerVersion;

mod arena;
mod builder;
pub(crate) mod dialect;
mod scalar;

/// What parsing produced.
#[derive(Debug)]
pub(crate) struct Parsed<'i> {
    /// The document as the runner's decoder holds it.
    pub(crate) document: Spanned<DeTable<'i>>,
    /// Syntax errors, and warnings about TOML only the runner accepts.
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Where the syntax errors are: values touching them are the parser's
    /// recovery, not what was written.
    pub(crate) broken: Vec<Range<usize>>,
    /// Tables kept out of the document: keys below a broken header (their
    /// table cannot be known), values the decoder drops. Only their
    /// secrets matter.
    pub(crate) detached: Vec<DeTable<'i>>,
}

/// Diagnostics and error spans, as the builder collects them.
#[derive(Debug, Default)]
struct Output {
    diagnostics: Vec<Diagnostic>,
    broken: Vec<Range<usize>>,
}

/// Parses `text` as the TOML decoder of GitLab Runner `version` does.
/// Never panics.
pub(crate) fn parse(text: &str, version: RunnerVersion) -> Parsed<'_> {
    if let Some(refused) = utf16(text) {
        return refused;
    }
    let source = Source::new(text);
    let tokens = source.lex().into_vec();
    let mut events = Vec::with_capacity(tokens.len());
    let mut grammar: Vec<ParseError> = Vec::new();
    {
        let mut whitespace = ValidateWhitespace::new(&mut events, source);
        let mut guard = RecursionGuard::new(&mut whitespace, builder::NESTING_LIMIT);
        parse_document(&tokens, &mut guard, &mut grammar);
    }
    drop(tokens);
    let mut out = Output::default();
    for error in &grammar {
        let diagnostic = error_diagnostic(text, error, None);
        if let Some(span) = diagnostic.span() {
            out.broken.push(span);
        }
        out.diagnostics.push(diagnostic);
    }
    let built = builder::Builder::new(text, source, &events, &grammar, out, version).build();
    Parsed {
        document: Spanned::new(0..0, built.document),
        diagnostics: built.out.diagnostics,
        broken: built.out.broken,
        detached: built.detached,
    }
}

/// The runner's decoder refuses a file with a NUL byte among its first six
/// (after a byte order mark) before it lexes anything: it is most likely
/// UTF-16 (BurntSushi/toml `parse.go` `parse`), which reads as ASCII
/// letters with NULs between them.
fn utf16(text: &str) -> Option<Parsed<'_>> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let head = text.as_bytes().get(start..)?;
    let at = start + head.iter().take(6).position(|&b| b == 0)?;
    let diagnostic = Diagnostic::new(
        &codes::SYNTAX_ERROR,
        "files cannot contain NULL bytes; probably using UTF-16; TOML files must be UTF-8",
    )
    .at(at..at + 1)
    .help("save the file as UTF-8: GitLab Runner reads nothing else");
    Some(Parsed {
        document: Spanned::new(0..0, DeTable::default()),
        diagnostics: vec![diagnostic],
        broken: std::iter::once(0..text.len()).collect(),
        detached: Vec::new(),
    })
}

/// A `toml_parser` error as a finding, always with a location, worded as
/// toml words it (`description, expected …`).
///
/// `key` is the key whose value is being read, if any: a backslash path
/// in a basic string gets advice, without quoting the value when the key
/// names a secret.
fn error_diagnostic(text: &str, error: &ParseError, key: Option<&str>) -> Diagnostic {
    let mut message = error.description().to_owned();
    if let Some(expected) = error.expected() {
        message.push_str(", expected ");
        if expected.is_empty() {
            message.push_str("nothing");
        }
        for (i, expected) in expected.iter().enumerate() {
            if i != 0 {
                message.push_str(", ");
            }
            match expected {
                Expected::Literal(literal) => message.push_str(&render_literal(literal)),
                Expected::Description(description) => message.push_str(description),
                _ => message.push_str("etc"),
            }
        }
    }
    let span = error
        .unexpected()
        .or(error.context())
        .map_or(0..text.len().min(1), |s| s.start()..s.end());
    let mut diagnostic = Diagnostic::new(&codes::SYNTAX_ERROR, message).at(span);
    if error.description() == "missing escaped value"
        && let Some(help) = error
            .context()
            .and_then(|c| text.get(c.start()..c.end()))
            .and_then(|string| backslash_help(string, key))
    {
        diagnostic = diagnostic.help(help);
    }
    diagnostic
}

/// toml's rendering of an expected literal.
fn render_literal(literal: &str) -> String {
    match literal {
        "\n" => "newline".to_owned(),
        "`" => "'`'".to_owned(),
        s if s.chars().all(|c| c.is_ascii_control()) => format!("`{}`", s.escape_debug()),
        s => format!("`{s}`"),
    }
}

/// Advice for a backslash that starts no escape in a `"…"` string: most
/// often a Windows path. A `'…'` string has no escapes.
fn backslash_help(string: &str, key: Option<&str>) -> Option<String> {
    let inner = string.strip_prefix('"')?.strip_suffix('"')?;
    if inner.starts_with('"') {
        // A multi-line string: the advice below is for one line.
        return None;
    }
    let secret = key.is_some_and(super::resolve::looks_secret);
    let literal = !inner.contains('\'');
    let example = if secret {
        String::new()
    } else if literal {
        format!(": '{inner}'")
    } else {
        format!(": \"{}\"", inner.replace('\\', "\\\\"))
    };
    Some(if literal {
        format!(
            "in a \"…\" string a backslash starts an escape such as \\n; write a Windows \
             path in single quotes, where a backslash is just a backslash{example}"
        )
    } else {
        format!(
            "in a \"…\" string a backslash starts an escape such as \\n; write each \
             backslash twice{example}"
        )
    })
}

#[cfg(test)]
mod tests;
