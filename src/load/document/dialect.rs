//! What each BurntSushi/toml release reads, where the releases GitLab
//! Runner bundled differ.
//!
//! The builder replays v1.6.0, the newest. Older runners bundle older
//! releases (`go.mod`): v0.3.1 (TOML 0.4) in 15.0 to 15.8, v1.2.2 to v1.4.0
//! (TOML 1.0) in 15.9 to 18.8. A [`Dialect`] says, as data, which
//! [`Construct`]s a release refuses and how it words the refusal; the
//! builder and the key walk ask it where the releases part ways. Every
//! difference here was measured by running the same text through each
//! release's decoder.

use std::ops::Range;

use crate::Diagnostic;
use crate::policy::TypeWords;
use crate::versions::RunnerVersion;

/// The TOML specification a release implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum TomlSpec {
    V0_4,
    V1_0,
    V1_1,
}

impl TomlSpec {
    fn name(self) -> &'static str {
        match self {
            Self::V0_4 => "TOML 0.4",
            Self::V1_0 => "TOML 1.0",
            Self::V1_1 => "TOML 1.1",
        }
    }
}

/// Where a value is written, which decides v0.3.1's wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    TopLevel,
    Array,
    InlineTable,
}

/// Something some BurntSushi/toml releases refuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Construct {
    /// `docker.image = …` (TOML 1.0).
    DottedKey,
    /// `0x1F`, `0o17`, `0b1` (TOML 1.0).
    RadixInteger,
    /// `inf`, `nan` (TOML 1.0).
    InfNan,
    /// `12:30:00` without a date (TOML 1.0).
    LocalTime,
    /// `2024-01-01 12:00:00Z`, or a lower-case `t` (TOML 1.0).
    DateTimeSeparator,
    /// `[1, "a"]` (TOML 1.0).
    MixedArray,
    /// `"""say "hi"""""`: quotes just before the closing delimiter of a
    /// multi-line string (TOML 1.0).
    ClosingQuotes,
    /// A line-ending backslash followed by spaces, tabs or a carriage
    /// return before the newline (TOML 1.0); v0.3.1 panics on `\\` before
    /// `\r\n`.
    BackslashWhitespace,
    /// A time-valued field written as a string, such as `"90s"`: v0.3.1
    /// decodes `time.Duration` from integer nanoseconds only.
    StringDuration,
    /// `1` where the runner's field is a float: v0.3.1 needs `1.0`.
    IntegerAsFloat,
    /// A newline (or comment) inside `{ … }` (TOML 1.1).
    InlineNewline,
    /// `{ a = 1, }` (TOML 1.1; also read by v0.3.1).
    InlineTrailingComma,
    /// `\e` (TOML 1.1).
    EscapeE,
    /// `\xHH` (TOML 1.1).
    EscapeX,
    /// `12:30`, `2024-01-01T12:30` (TOML 1.1).
    NoSeconds,
}

impl Construct {
    /// The construct in a few words, for messages.
    fn description(self) -> &'static str {
        match self {
            Self::DottedKey => "dotted keys",
            Self::RadixInteger => "hexadecimal, octal and binary integers",
            Self::InfNan => "`inf` and `nan`",
            Self::LocalTime => "times without a date",
            Self::DateTimeSeparator => "a space or a lower-case `t` between date and time",
            Self::MixedArray => "arrays that mix types",
            Self::ClosingQuotes => "quotes just before the end of a multi-line string",
            Self::BackslashWhitespace => {
                "whitespace or a carriage return after a line-ending backslash"
            }
            Self::StringDuration => "durations written as strings",
            Self::IntegerAsFloat => "an integer where a float is expected",
            Self::InlineNewline => "newlines inside an inline table",
            Self::InlineTrailingComma => "a trailing comma in an inline table",
            Self::EscapeE => "the `\\e` escape",
            Self::EscapeX => "`\\x` escapes",
            Self::NoSeconds => "times without seconds",
        }
    }

    /// The TOML version that introduced it.
    fn spec(self) -> TomlSpec {
        match self {
            Self::DottedKey
            | Self::RadixInteger
            | Self::InfNan
            | Self::LocalTime
            | Self::DateTimeSeparator
            | Self::MixedArray
            | Self::ClosingQuotes
            | Self::BackslashWhitespace
            | Self::StringDuration
            | Self::IntegerAsFloat => TomlSpec::V1_0,
            Self::InlineNewline
            | Self::InlineTrailingComma
            | Self::EscapeE
            | Self::EscapeX
            | Self::NoSeconds => TomlSpec::V1_1,
        }
    }

    /// How to write it for a runner that refuses it.
    fn fix(self) -> &'static str {
        match self {
            Self::DottedKey => "write the key under its table's `[header]` instead",
            Self::RadixInteger => "write the number in decimal",
            Self::InfNan => "write a finite number",
            Self::LocalTime | Self::NoSeconds => {
                "write a full date-time with seconds, such as 2030-01-31T12:00:00Z"
            }
            Self::DateTimeSeparator => "write an upper-case `T` between date and time",
            Self::MixedArray => "give every item of the array the same type",
            Self::ClosingQuotes => "escape the last quote (`\\\"`), or end the text before it",
            Self::BackslashWhitespace => {
                "put the newline right after the backslash (and save the file with LF line \
                 endings)"
            }
            Self::StringDuration => {
                "write the duration as integer nanoseconds (`90s` is 90000000000)"
            }
            Self::IntegerAsFloat => "write the number with a decimal point, such as `1.0`",
            Self::InlineNewline => {
                "write the inline table on one line, or as a `[section]` of its own"
            }
            Self::InlineTrailingComma => "remove the comma after the last value",
            Self::EscapeE => "write `\\u001b` instead",
            Self::EscapeX => "write `\\u00HH` instead",
        }
    }
}

/// What one BurntSushi/toml release reads, where releases differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Dialect {
    /// The module version: `v1.4.0`.
    pub(crate) module: &'static str,
    pub(crate) spec: TomlSpec,
    /// `{ a = 1, }`: refused by v1.2 to v1.4 only.
    inline_trailing_comma: bool,
    /// A key set again when either value is an array is replaced (v1.2 to
    /// v1.4, `setValue`'s `isArray` branch); v0.3.1 and v1.6.0 refuse it.
    pub(crate) replaces_repeated_arrays: bool,
    /// How the release words an invalid date-time.
    datetime_words: DatetimeWords,
    /// Whether the runner's environment variable `BURNTSUSHI_TOML_110`
    /// switches TOML 1.1 on (v1.2 to v1.4).
    pub(crate) toml_1_1_switch: bool,
    /// How it words a value of the wrong type.
    pub(crate) type_words: TypeWords,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DatetimeWords {
    /// `Invalid TOML Datetime: "…".` (v0.3.1 to v1.3.2)
    Old,
    /// `invalid datetime: "…"` (v1.4.0 on)
    New,
}

const V0_3_1: Dialect = Dialect {
    module: "v0.3.1",
    spec: TomlSpec::V0_4,
    inline_trailing_comma: true,
    replaces_repeated_arrays: false,
    datetime_words: DatetimeWords::Old,
    toml_1_1_switch: false,
    type_words: TypeWords::CannotLoad,
};

const V1_2_TO_1_3: Dialect = Dialect {
    module: "v1.3.2",
    spec: TomlSpec::V1_0,
    inline_trailing_comma: false,
    replaces_repeated_arrays: true,
    datetime_words: DatetimeWords::Old,
    toml_1_1_switch: true,
    type_words: TypeWords::Reflect,
};

const V1_4_0: Dialect = Dialect {
    module: "v1.4.0",
    datetime_words: DatetimeWords::New,
    type_words: TypeWords::Any,
    ..V1_2_TO_1_3
};

/// The release the builder replays: what GitLab Runner reads from 18.9 on.
pub(crate) const V1_6_0: Dialect = Dialect {
    module: "v1.6.0",
    spec: TomlSpec::V1_1,
    inline_trailing_comma: true,
    replaces_repeated_arrays: false,
    datetime_words: DatetimeWords::New,
    toml_1_1_switch: false,
    type_words: TypeWords::Any,
};

impl Dialect {
    /// The dialect of a BurntSushi/toml module version, as `go.mod` names
    /// it (`v1.2.2-0.20230128194507-1a6ca6e47722`).
    pub(crate) fn of(module: &'static str) -> Self {
        let base = if module.starts_with("v0.") {
            V0_3_1
        } else if module.starts_with("v1.2.") || module.starts_with("v1.3.") {
            V1_2_TO_1_3
        } else if module.starts_with("v1.4.") || module.starts_with("v1.5.") {
            V1_4_0
        } else {
            V1_6_0
        };
        Self { module, ..base }
    }

    /// Whether its decoding errors name the line and the last key
    /// (`toml: line 3 (last key "concurrent"): …`): v1.x does
    /// (`MetaData.e`), v0.3.1 writes only `toml: …`.
    pub(crate) fn names_the_key(&self) -> bool {
        !self.module.starts_with("v0.")
    }

    /// Whether this release reads `construct`.
    pub(crate) fn reads(&self, construct: Construct) -> bool {
        match construct {
            Construct::InlineTrailingComma => self.inline_trailing_comma,
            other => self.spec >= other.spec(),
        }
    }

    /// What this release says when it refuses `construct`, where that is
    /// known: `text` is the construct as written (a date-time, a number,
    /// the escape's letter, or the two type names of a mixed array).
    pub(crate) fn says(&self, construct: Construct, text: &str, place: Place) -> Option<String> {
        let old = self.spec == TomlSpec::V0_4;
        let unexpected = |c: char| {
            // Go's `%q` of a rune.
            let c = match c {
                '\'' => "\\'".to_owned(),
                c => c.to_string(),
            };
            match place {
                Place::TopLevel => format!(
                    "expected a top-level item to end with a newline, comment, or EOF, but got \
                 '{c}' instead"
                ),
                Place::Array => {
                    format!("expected a comma or array terminator ']', but got '{c}' instead")
                }
                Place::InlineTable => format!(
                    "expected a comma or an inline table terminator '}}', but got '{c}' instead"
                ),
            }
        };
        let datetime = |raw: &str| {
            let shown = raw.replacen(' ', "T", 1);
            match self.datetime_words {
                DatetimeWords::Old => format!("Invalid TOML Datetime: \"{shown}\"."),
                DatetimeWords::New => format!("invalid datetime: \"{shown}\""),
            }
        };
        Some(match construct {
            Construct::DottedKey if text.starts_with(['"', '\'']) => {
                "expected key separator '=', but got '.' instead".to_owned()
            }
            Construct::DottedKey => "bare keys cannot contain '.'".to_owned(),
            Construct::RadixInteger => unexpected(text.chars().nth(1)?),
            Construct::InfNan => match text.strip_prefix(['+', '-']) {
                Some(rest) => format!("expected a digit but got '{}'", rest.chars().next()?),
                None => format!("expected value but found \"{text}\" instead"),
            },
            // The lexer reads the hour as an integer and stops at `:`.
            Construct::LocalTime => unexpected(':'),
            Construct::DateTimeSeparator => {
                let after_date = text.get(10..)?;
                let c = after_date.trim_start_matches(' ').chars().next()?;
                unexpected(if after_date.starts_with(' ') { c } else { 't' })
            }
            Construct::MixedArray => {
                let (first, other) = text.split_once(' ')?;
                format!(
                    "Array contains values of type '{first}' and '{other}', but arrays must be \
                     homogeneous."
                )
            }
            Construct::ClosingQuotes => unexpected(text.chars().next()?),
            Construct::BackslashWhitespace if text == "\\r" => {
                "BUG: Expected valid escape code after \\, but got '\\r'.".to_owned()
            }
            Construct::BackslashWhitespace => format!(
                "invalid escape character '{text}'; only the following escape characters are \
                 allowed: \\b, \\t, \\n, \\f, \\r, \\\", \\\\, \\uXXXX, and \\UXXXXXXXX"
            ),
            Construct::StringDuration => {
                "toml: cannot load TOML value of type string into a Go integer".to_owned()
            }
            Construct::IntegerAsFloat => {
                "toml: cannot load TOML value of type int64 into a Go float".to_owned()
            }
            Construct::InlineNewline => "newlines not allowed within inline tables".to_owned(),
            Construct::InlineTrailingComma => {
                "trailing comma not allowed in inline tables".to_owned()
            }
            Construct::EscapeE | Construct::EscapeX if old => format!(
                "invalid escape character '{text}'; only the following escape characters are \
                 allowed: \\b, \\t, \\n, \\f, \\r, \\\", \\\\, \\uXXXX, and \\UXXXXXXXX"
            ),
            Construct::EscapeE | Construct::EscapeX => {
                format!("invalid escape in string '\\{text}'")
            }
            Construct::NoSeconds => datetime(text),
        })
    }
}

/// A construct the release refuses: where its first offending character
/// is, and the whole construct.
#[derive(Debug, Clone)]
pub(crate) struct Refusal {
    pub(crate) construct: Construct,
    /// The first offending character.
    pub(crate) at: usize,
    /// The whole construct.
    pub(crate) span: Range<usize>,
    /// The decoder's own message, when known.
    pub(crate) says: Option<String>,
}

/// The `unsupported-toml` finding for a refusal: located from the first
/// offending character to the end of the construct, with the whole
/// construct labelled when it starts earlier.
pub(crate) fn unsupported(
    version: &RunnerVersion,
    dialect: &Dialect,
    refusal: Refusal,
) -> Diagnostic {
    let construct = refusal.construct;
    let grammar = !matches!(
        construct,
        Construct::StringDuration | Construct::IntegerAsFloat
    );
    let mut message = format!(
        "GitLab Runner {} does not read {}",
        version.release(),
        construct.description()
    );
    if grammar {
        message.push_str(&format!(" ({} syntax)", construct.spec().name()));
    }
    let mut help = format!(
        "it reads config.toml with BurntSushi/toml {} ({}) and refuses to load the file",
        dialect.module,
        dialect.spec.name()
    );
    if let Some(says) = &refusal.says {
        help.push_str(&format!(" (`{says}`)"));
    }
    if construct.spec() == TomlSpec::V1_1 && dialect.toml_1_1_switch {
        help.push_str(" unless its environment sets BURNTSUSHI_TOML_110, which turns TOML 1.1 on");
    }
    let since = RunnerVersion::all()
        .filter(|v| v.minor_release() > version.minor_release())
        .find(|v| Dialect::of(v.toml_decoder()).reads(construct));
    if let Some(since) = since {
        help.push_str(&format!(
            "; GitLab Runner reads it from {} on",
            since.minor_release()
        ));
    }
    help.push_str(&format!("; {}", construct.fix()));
    let at = refusal.at.clamp(refusal.span.start, refusal.span.end);
    let primary = at..refusal.span.end.max(at);
    let mut diagnostic = Diagnostic::new(&crate::versions::codes::UNSUPPORTED_TOML, message)
        .at(primary)
        .help(help);
    if refusal.span.start < at {
        diagnostic = diagnostic.label(refusal.span, "written here");
    }
    diagnostic
}

/// The escapes of a basic string (`"…"` or `"""…"""`) some releases refuse, as
/// written: `\e`, `\xHH`, and in a multi-line string a line-ending backslash
/// followed by whitespace or `\r`; each with what the decoder's message
/// quotes (Go's `%q` of the character) and its span. Literal strings have
/// none.
pub(crate) fn escapes(raw: &str, offset: usize) -> Vec<(Construct, String, Range<usize>)> {
    let mut found = Vec::new();
    if !raw.starts_with('"') {
        return found;
    }
    let multiline = raw.starts_with("\"\"\"");
    let bytes = raw.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        let at = offset + i;
        match bytes.get(i + 1) {
            Some(b'e') => found.push((Construct::EscapeE, "e".to_owned(), at..at + 2)),
            Some(b'x') => {
                let end = (i + 4).min(bytes.len());
                found.push((Construct::EscapeX, "x".to_owned(), at..offset + end));
            }
            Some(&c @ (b' ' | b'\t' | b'\r')) if multiline => {
                let shown = match c {
                    b' ' => " ",
                    b'\t' => "\\t",
                    _ => "\\r",
                };
                let end = bytes[i + 1..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(bytes.len(), |p| i + 1 + p);
                found.push((
                    Construct::BackslashWhitespace,
                    shown.to_owned(),
                    at..offset + end,
                ));
            }
            _ => {}
        }
        i += 2;
    }
    found
}

/// Where a multi-line string ends with one or two quotes just before its
/// closing delimiter (`"""a""""`): v0.3.1 ends the string at the first three
/// and stops at the next quote. The offset, in `raw`, of that quote.
pub(crate) fn closing_quotes(raw: &str) -> Option<usize> {
    for quote in ["\"", "'"] {
        let delimiter = quote.repeat(3);
        if raw.len() < 7 || !raw.starts_with(&delimiter) || !raw.ends_with(&quote.repeat(4)) {
            continue;
        }
        let body = raw.trim_end_matches(quote);
        let mut quotes = raw.len() - body.len();
        // `\"` before the delimiter is an escaped quote, not a bare one.
        let backslashes = body.len() - body.trim_end_matches('\\').len();
        if quote == "\"" && backslashes % 2 == 1 {
            quotes -= 1;
        }
        if quotes >= 4 {
            return Some(raw.len() - quotes + 3);
        }
    }
    None
}

/// What a date-time literal as written uses that some releases refuse, in
/// the order v0.3.1 meets them: a space or `t` for `T`, no date, no
/// seconds; each with the offset of its first character in `raw`.
pub(crate) fn datetime_constructs(raw: &str) -> Vec<(Construct, usize)> {
    let mut found = Vec::new();
    let has_date = raw.len() >= 10 && raw.as_bytes().get(4) == Some(&b'-');
    let time = if has_date {
        match raw.as_bytes().get(10) {
            Some(b' ' | b't') => {
                found.push((Construct::DateTimeSeparator, 10));
                raw.get(11..)
            }
            Some(b'T') => raw.get(11..),
            _ => None,
        }
    } else {
        found.push((Construct::LocalTime, 0));
        Some(raw)
    };
    // `HH:MM` not followed by `:SS` (anything else is the grammar's).
    if let Some(time) = time
        && time.as_bytes().get(2) == Some(&b':')
        && time.as_bytes().get(5) != Some(&b':')
    {
        found.push((Construct::NoSeconds, raw.len() - time.len()));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dialects_follow_the_module_version() {
        let v0 = Dialect::of("v0.3.1");
        let v12 = Dialect::of("v1.2.2-0.20230128194507-1a6ca6e47722");
        let v16 = Dialect::of("v1.6.0");
        assert!(!v0.reads(Construct::DottedKey) && v12.reads(Construct::DottedKey));
        assert!(v0.reads(Construct::InlineTrailingComma));
        assert!(!v12.reads(Construct::InlineTrailingComma));
        assert!(v16.reads(Construct::InlineTrailingComma));
        assert!(!v12.reads(Construct::EscapeE) && v16.reads(Construct::EscapeE));
        assert!(v12.replaces_repeated_arrays && !v16.replaces_repeated_arrays);
        assert!(!v0.replaces_repeated_arrays);
        assert_eq!(v16, V1_6_0);
    }

    #[test]
    fn messages_are_each_releases_own() {
        let v0 = Dialect::of("v0.3.1");
        let v13 = Dialect::of("v1.3.2");
        let v14 = Dialect::of("v1.4.0");
        let says = |d: &Dialect, c, t: &str, p| d.says(c, t, p).unwrap_or_default();
        assert_eq!(
            says(&v0, Construct::RadixInteger, "0x10", Place::TopLevel),
            "expected a top-level item to end with a newline, comment, or EOF, but got 'x' instead"
        );
        assert_eq!(
            says(&v0, Construct::RadixInteger, "0x10", Place::Array),
            "expected a comma or array terminator ']', but got 'x' instead"
        );
        assert_eq!(
            says(&v0, Construct::InfNan, "-inf", Place::TopLevel),
            "expected a digit but got 'i'"
        );
        assert_eq!(
            says(
                &v0,
                Construct::DateTimeSeparator,
                "2020-01-01 12:30:00Z",
                Place::TopLevel
            ),
            "expected a top-level item to end with a newline, comment, or EOF, but got '1' instead"
        );
        assert_eq!(
            says(
                &v0,
                Construct::MixedArray,
                "Integer String",
                Place::TopLevel
            ),
            "Array contains values of type 'Integer' and 'String', but arrays must be homogeneous."
        );
        assert_eq!(
            says(
                &v13,
                Construct::NoSeconds,
                "2020-01-01 12:30",
                Place::TopLevel
            ),
            "Invalid TOML Datetime: \"2020-01-01T12:30\"."
        );
        assert_eq!(
            says(&v14, Construct::NoSeconds, "12:30", Place::TopLevel),
            "invalid datetime: \"12:30\""
        );
        assert_eq!(
            says(&v14, Construct::EscapeE, "e", Place::TopLevel),
            "invalid escape in string '\\e'"
        );
    }

    #[test]
    fn escapes_and_datetimes_are_found_as_written() {
        assert_eq!(
            escapes(r#""a\\e\e\x41""#, 10),
            [
                (Construct::EscapeE, "e".to_owned(), 15..17),
                (Construct::EscapeX, "x".to_owned(), 17..21)
            ]
        );
        assert_eq!(
            escapes("\"\"\"a\\ \t\nb\"\"\"", 0),
            [(Construct::BackslashWhitespace, " ".to_owned(), 4..7)]
        );
        assert!(escapes("\"\"\"a\\\nb\"\"\"", 0).is_empty());
        assert_eq!(closing_quotes("\"\"\"a\"\"\"\""), Some(7));
        assert_eq!(closing_quotes("'''a'''''"), Some(7));
        assert_eq!(closing_quotes("\"\"\"a\"\"\""), None);
        assert_eq!(closing_quotes(r#""""a\"""""#), None);
        assert_eq!(closing_quotes(r#""""a\\"""""#), Some(9));
        assert!(escapes(r"'\e'", 0).is_empty());
        assert_eq!(datetime_constructs("2020-01-01T12:00:00Z"), []);
        assert_eq!(datetime_constructs("2020-01-01"), []);
        assert_eq!(
            datetime_constructs("2020-01-01 12:00:00Z"),
            [(Construct::DateTimeSeparator, 10)]
        );
        assert_eq!(
            datetime_constructs("2020-01-01t12:00Z"),
            [
                (Construct::DateTimeSeparator, 10),
                (Construct::NoSeconds, 11)
            ]
        );
        assert_eq!(datetime_constructs("12:00:00"), [(Construct::LocalTime, 0)]);
        assert_eq!(
            datetime_constructs("12:00"),
            [(Construct::LocalTime, 0), (Construct::NoSeconds, 0)]
        );
    }
}
