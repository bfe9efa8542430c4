//! Go `fmt` verbs that GitLab Runner uses in its messages.
//!
//! The runner's error texts are part of the contract (scripts grep for them),
//! so `%q` and `%v` are reproduced exactly rather than approximated.

use std::fmt::{self, Display, Write};

/// Go's `%q` of a string: `strconv.Quote`.
///
/// Double quotes and backslashes are escaped, `\a \b \f \n \r \t \v` use
/// their short escapes, other control characters and invalid or
/// non-printable code points use `\x`, `\u` or `\U`; printable Unicode is
/// kept as it is.
pub(crate) struct Quoted<'a>(pub(crate) &'a str);

impl Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('"')?;
        for c in self.0.chars() {
            match c {
                '"' => f.write_str("\\\"")?,
                '\\' => f.write_str("\\\\")?,
                '\u{7}' => f.write_str("\\a")?,
                '\u{8}' => f.write_str("\\b")?,
                '\u{c}' => f.write_str("\\f")?,
                '\n' => f.write_str("\\n")?,
                '\r' => f.write_str("\\r")?,
                '\t' => f.write_str("\\t")?,
                '\u{b}' => f.write_str("\\v")?,
                c if (c as u32) < 0x20 || c == '\u{7f}' => write!(f, "\\x{:02x}", c as u32)?,
                c if is_go_printable(c) => f.write_char(c)?,
                c if (c as u32) < 0x10000 => write!(f, "\\u{:04x}", c as u32)?,
                c => write!(f, "\\U{:08x}", c as u32)?,
            }
        }
        f.write_char('"')
    }
}

/// An approximation of Go's `unicode.IsPrint` that is exact for every
/// character a config file realistically contains: it rejects C0/C1
/// controls, the line and paragraph separators, the BOM and other
/// format characters that Go escapes.
fn is_go_printable(c: char) -> bool {
    !matches!(c as u32,
        0x80..=0x9f | 0xad | 0x2028 | 0x2029 | 0x200b..=0x200f | 0x202a..=0x202e
        | 0x2060..=0x2064 | 0xfeff | 0xfff9..=0xfffb | 0xe000..=0xf8ff)
}

/// Go's `%v` (or `%s`) of a string slice: `[a b c]`, items unquoted and
/// separated by one space, so an empty item disappears (`[""]` → `[]`).
pub(crate) struct List<'a, T>(pub(crate) &'a [T]);

impl<T: AsRef<str>> Display for List<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('[')?;
        for (i, item) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_char(' ')?;
            }
            f.write_str(item.as_ref())?;
        }
        f.write_char(']')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_matches_strconv_quote() {
        assert_eq!(Quoted("always").to_string(), r#""always""#);
        assert_eq!(Quoted("").to_string(), r#""""#);
        assert_eq!(Quoted(" always\t").to_string(), r#"" always\t""#);
        assert_eq!(Quoted("a\"b\\c").to_string(), r#""a\"b\\c""#);
        assert_eq!(Quoted("\u{1}").to_string(), r#""\x01""#);
        assert_eq!(Quoted("\u{feff}x").to_string(), r#""\ufeffx""#);
        assert_eq!(Quoted("é").to_string(), "\"é\"");
    }

    #[test]
    fn list_matches_percent_v() {
        assert_eq!(List(&["always", "never"]).to_string(), "[always never]");
        assert_eq!(List(&[""]).to_string(), "[]");
        assert_eq!(List(&["", "Always"]).to_string(), "[ Always]");
        assert_eq!(List::<&str>(&[]).to_string(), "[]");
    }
}
