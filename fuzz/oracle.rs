//! What must hold for any text given to `check()`. Shared by the `check`
//! fuzz target and `tests/fuzz_corpus.rs` (included with `#[path]`), so the
//! stable corpus test asserts exactly what the fuzzer asserts.
//!
//! 1. `check()` returns (a panic is the failure).
//! 2. Every span (primary, label, and the range of each fix's edit) lies inside the text and starts and
//!    ends on character boundaries; the redacted source keeps the length;
//!    every syntax error has a location.
//! 3. No message, help or label text contains the value of a `token` key
//!    (a secret), unless that value is at least as explicable by something
//!    other than the token: see [`leaked_tokens`].
//! 4. miette's graphical renderer (no colour) renders every finding with
//!    the report's source without panicking, and what it draws (messages
//!    and the redacted source excerpts) repeats no token value either,
//!    under the same exclusions as 3.

use std::borrow::Cow;
use std::ops::Range;

use miette::{GraphicalReportHandler, GraphicalTheme};
use runner_config::check::{FileReport, check};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// Token values shorter than this are not checked: short strings occur in
/// messages by chance (`always`, `runner`).
pub const MIN_SECRET_LEN: usize = 8;

/// Runs every check on `text`; panics with a description on a violation.
pub fn check_text(text: &str) {
    let report = check("fuzz.toml", text);
    spans_are_sound(text, &report);
    let leaks = leaked_tokens(text, &report);
    assert!(
        leaks.is_empty(),
        "token value(s) {leaks:?} printed in a finding: {:#?}",
        report.diagnostics
    );
    let rendered = render_all(&report);
    let leaks = leaked_into(text, &[rendered.as_str()]);
    assert!(
        leaks.is_empty(),
        "token value(s) {leaks:?} in the rendered report:\n{rendered}"
    );
}

/// Property 2.
pub fn spans_are_sound(text: &str, report: &FileReport) {
    assert_eq!(
        report.source.text().len(),
        text.len(),
        "the redacted source must keep the text's length"
    );
    for d in &report.diagnostics {
        assert!(
            d.code() != "syntax-error" || d.span().is_some(),
            "syntax error `{}` without a location",
            d.message()
        );
        let edits = d
            .fix()
            .into_iter()
            .flat_map(|f| f.edits())
            .map(|e| e.range());
        let spans = d
            .span()
            .into_iter()
            .chain(d.labels().iter().map(|l| l.span.clone()))
            .chain(edits);
        for span in spans {
            assert!(
                span.start <= span.end && span.end <= text.len(),
                "span {span:?} of `{}` outside a text of {} bytes",
                d.code(),
                text.len()
            );
            assert!(
                text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                "span {span:?} of `{}` splits a character",
                d.code()
            );
        }
    }
}

/// Property 4: renders each finding as the CLI's human output does, without
/// colour. Returns the rendered text.
pub fn render_all(report: &FileReport) -> String {
    let handler =
        GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(80);
    let mut out = String::new();
    for d in &report.diagnostics {
        handler
            .render_report(&mut out, &d.with_source(&report.source))
            .expect("rendering into a String cannot fail");
    }
    out
}

/// A string value of a key named `token` (in any case: the runner falls
/// back to a case-insensitive match) anywhere in the document.
#[derive(Debug)]
pub struct Token {
    /// The decoded value.
    pub value: String,
    /// The written value, quotes included.
    pub span: Range<usize>,
}

/// Every `token = "..."` in the text, and every other decoded string
/// (keys and values) the document holds, as the loader's parser sees them
/// (recovering from syntax errors the same way).
pub fn strings(text: &str) -> (Vec<Token>, Vec<String>) {
    let (doc, _) = DeTable::parse_recoverable(text);
    let mut tokens = Vec::new();
    let mut others = Vec::new();
    walk_table(doc.get_ref(), &mut tokens, &mut others);
    (tokens, others)
}

fn walk_table(table: &DeTable<'_>, tokens: &mut Vec<Token>, others: &mut Vec<String>) {
    for (key, value) in table.iter() {
        others.push(key.get_ref().to_string());
        match value.get_ref() {
            DeValue::String(s) if key.get_ref().eq_ignore_ascii_case("token") => {
                tokens.push(Token {
                    value: s.to_string(),
                    span: value.span(),
                })
            }
            _ => walk_value(value, tokens, others),
        }
    }
}

fn walk_value(value: &Spanned<DeValue<'_>>, tokens: &mut Vec<Token>, others: &mut Vec<String>) {
    match value.get_ref() {
        DeValue::String(s) => others.push(s.to_string()),
        DeValue::Array(items) => {
            for item in items.iter() {
                walk_value(item, tokens, others);
            }
        }
        DeValue::Table(table) => walk_table(table, tokens, others),
        _ => {}
    }
}

/// The text with the contents of each token string (between the quotes)
/// replaced by `*`, byte for byte: same length, same spans, same lines
/// (line breaks inside multi-line strings are kept).
pub fn without_token_contents(text: &str, tokens: &[Token]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for token in tokens {
        let Some(written) = text.get(token.span.clone()) else {
            continue;
        };
        // A value the parser recovered from a syntax error may lack its
        // quotes: then its whole span is masked.
        let quote = ["\"\"\"", "'''", "\"", "'"]
            .into_iter()
            .find(|q| {
                written.len() >= 2 * q.len() && written.starts_with(q) && written.ends_with(q)
            })
            .map_or(0, str::len);
        let start = token.span.start + quote;
        // The quotes are ASCII, so the contents are whole characters; each
        // becomes as many `*` as it has bytes.
        for (offset, c) in written[quote..written.len() - quote].char_indices() {
            if c != '\n' && c != '\r' {
                let at = start + offset;
                bytes[at..at + c.len_utf8()].fill(b'*');
            }
        }
    }
    // Whole characters became ASCII, so this is still UTF-8.
    String::from_utf8(bytes).expect("byte-for-byte ASCII replacement keeps UTF-8")
}

/// Every text a finding shows a reader besides the source excerpt.
pub fn finding_texts(report: &FileReport) -> Vec<Cow<'_, str>> {
    let mut texts = Vec::new();
    for d in &report.diagnostics {
        texts.push(Cow::Borrowed(d.message()));
        if let Some(help) = d.help_text() {
            texts.push(Cow::Borrowed(help));
        }
        if let Some(key) = d.key_path() {
            texts.push(Cow::Borrowed(key));
        }
        for label in d.labels() {
            texts.push(Cow::Borrowed(label.text.as_str()));
        }
    }
    texts
}

/// Token values (at least [`MIN_SECRET_LEN`] bytes, not only whitespace)
/// that a finding's message, help, key path or label repeats.
///
/// A value counts as leaked only if nothing but the token explains it. It is
/// explained, and so skipped, when it occurs in any of:
///
/// - the text with every token's written value blanked (the same value
///   written elsewhere, say as an `image`, may be quoted legitimately);
/// - any other decoded key or string of the document (`"\u0041…"` is
///   quoted decoded);
/// - the findings for the same text with every token's contents replaced
///   by `*` of the same length: these hold all the fixed wording, key paths
///   and quoted non-secret values, and since tokens keep their lengths and
///   equal tokens stay equal, every finding that depends on a token's
///   length or on two tokens being equal fires there too;
/// - the rule catalogue (codes, summaries, explanations, examples), which
///   covers wording only a token's content triggers (the registration
///   token prefix).
pub fn leaked_tokens(text: &str, report: &FileReport) -> Vec<String> {
    let shown = finding_texts(report);
    let shown: Vec<&str> = shown.iter().map(|s| s.as_ref()).collect();
    leaked_into(text, &shown)
}

/// Token values that `shown` (texts made from the findings for `text`) repeats, with the
/// exclusions of [`leaked_tokens`]; the masked findings are rendered too,
/// so that source excerpts of the masked text count as explanations.
pub fn leaked_into(text: &str, shown: &[&str]) -> Vec<String> {
    let (tokens, others) = strings(text);
    let candidates: Vec<&Token> = tokens
        .iter()
        .filter(|t| t.value.len() >= MIN_SECRET_LEN && !t.value.trim().is_empty())
        .collect();
    if candidates.is_empty() {
        return Vec::new();
    }
    let printed: Vec<&Token> = candidates
        .into_iter()
        .filter(|t| shown.iter().any(|s| s.contains(t.value.as_str())))
        .collect();
    if printed.is_empty() {
        return Vec::new();
    }

    let blanked = without_token_contents(text, &tokens);
    let mut outside = blanked.clone().into_bytes();
    for t in &tokens {
        if let Some(bytes) = outside.get_mut(t.span.clone()) {
            bytes.fill(0);
        }
    }
    let outside = String::from_utf8_lossy(&outside).into_owned();
    let masked_report = check("fuzz.toml", &blanked);
    let mut masked = finding_texts(&masked_report);
    masked.push(Cow::Owned(render_all(&masked_report)));
    let catalogue: Vec<&str> = runner_config::rules::all()
        .flat_map(|r| [r.code, r.summary, r.explanation, r.bad, r.good])
        .collect();

    let mut leaks: Vec<String> = printed
        .into_iter()
        .map(|t| t.value.as_str())
        .filter(|v| {
            !outside.contains(v)
                && !others.iter().any(|o| o.contains(v))
                && !masked.iter().any(|m| m.contains(v))
                && !catalogue.iter().any(|c| c.contains(v))
        })
        .map(str::to_owned)
        .collect();
    leaks.sort();
    leaks.dedup();
    leaks
}

/// The `round_trip` target's oracle: a text the loader accepts (no error;
/// warnings such as `lenient-toml` allowed, since the runner loads such a
/// file), written back from its model with `toml`, loads again without
/// any error, without a `lenient-toml` or `toml-keys-dropped` warning (what
/// `toml` writes is valid TOML that keeps every key), and gives an equal
/// model. Returns whether the text was accepted.
///
/// Models are compared with `==`, and by their `Debug` text when `==` is
/// not reflexive (a `nan` float).
pub fn round_trip_text(text: &str) -> bool {
    let loaded = runner_config::load::load(text);
    let Ok(model) = loaded.config() else {
        return false;
    };
    let written = toml::to_string(model)
        .unwrap_or_else(|e| panic!("an accepted model does not serialize: {e}\n{model:#?}"));
    let again = runner_config::load::load(&written);
    let codes: Vec<&str> = again.diagnostics().iter().map(|d| d.code()).collect();
    let Ok(reloaded) = again.config() else {
        panic!("what was written back is refused ({codes:?}):\n{written}");
    };
    assert!(
        !codes.contains(&"lenient-toml") && !codes.contains(&"toml-keys-dropped"),
        "what was written back is not plain TOML ({codes:?}):\n{written}"
    );
    assert!(
        model == reloaded || format!("{model:?}") == format!("{reloaded:?}"),
        "the model changed through\n{written}\n--- first\n{model:#?}\n--- again\n{reloaded:#?}"
    );
    true
}
