//! docker/go-units v0.5.0 `RAMInBytes`: the sizes `[runners.docker] memory`
//! and its siblings accept.
//!
//! The number is everything up to the last digit, `.` or space (a space
//! is dropped); Go's `strconv.ParseFloat` must accept it and it must not
//! be negative. The suffix after it is empty, `b`, or one of `k m g t p`
//! optionally followed by `b` or `ib`, in any case (`512m`, `2GiB`,
//! `1.5 g`). So Docker's own `-1` ("unlimited swap") is refused here.

use super::go_float::{FloatError, parse_float};
use crate::policy::gofmt::Quoted;

/// Why `RAMInBytes` refused a size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SizeError {
    /// No digit, `.` or space at all, or a negative number: `invalid size: '…'`.
    InvalidSize(String),
    /// The number part is not a Go float.
    Number(String, FloatError),
    /// The suffix is not a unit: `invalid suffix: '…'` (lower-cased).
    InvalidSuffix(String),
}

impl std::fmt::Display for SizeError {
    /// The error text go-units returns.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::InvalidSize(s) => write!(f, "invalid size: '{s}'"),
            Self::Number(num, e) => write!(
                f,
                "strconv.ParseFloat: parsing {}: {}",
                Quoted(num),
                e.as_str()
            ),
            Self::InvalidSuffix(s) => write!(f, "invalid suffix: '{s}'"),
        }
    }
}

/// Whether go-units' `RAMInBytes` accepts `size`.
pub(crate) fn ram_in_bytes(size: &str) -> Result<(), SizeError> {
    let Some(sep) = size.rfind(|c: char| c.is_ascii_digit() || c == '.' || c == ' ') else {
        return Err(SizeError::InvalidSize(size.to_owned()));
    };
    let (num, suffix) = if size.as_bytes()[sep] == b' ' {
        (&size[..sep], &size[sep + 1..])
    } else {
        (&size[..=sep], &size[sep + 1..])
    };
    let value = parse_float(num).map_err(|e| SizeError::Number(num.to_owned(), e))?;
    if value < 0.0 {
        return Err(SizeError::InvalidSize(size.to_owned()));
    }
    if suffix.is_empty() {
        return Ok(());
    }
    let bad = |s: &str| Err(SizeError::InvalidSuffix(s.to_owned()));
    if suffix.len() > 3 {
        return bad(suffix);
    }
    // Go's strings.ToLower; only the Kelvin sign lowers to a unit letter.
    let lower: String = suffix
        .chars()
        .map(|c| match c {
            '\u{212A}' => 'k',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    let b = lower.as_bytes();
    if b[0] == b'b' {
        return if b.len() > 1 { bad(&lower) } else { Ok(()) };
    }
    if !matches!(b[0], b'k' | b'm' | b'g' | b't' | b'p') {
        return bad(&lower);
    }
    match b.len() {
        2 if b[1] != b'b' => bad(&lower),
        3 if &b[1..] != b"ib" => bad(&lower),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_what_go_units_accepts() {
        for s in [
            "0",
            "512",
            "512b",
            "512B",
            "1k",
            "1K",
            "1kb",
            "1KiB",
            "2g",
            "2G",
            "2GB",
            "2gib",
            "1.5g",
            "1.5 g",
            "1 ",
            "1.g",
            "3e2m",
            "1_024m",
            "1\u{212A}",
            "5 t",
            "1p",
            "NaN b",
            "Inf g",
            "-0",
            "1GIB",
        ] {
            assert_eq!(ram_in_bytes(s), Ok(()), "{s:?}");
        }
    }

    #[test]
    fn refuses_with_go_units_messages() {
        let cases = [
            ("-1", "invalid size: '-1'"),
            ("g", "invalid size: 'g'"),
            ("", "invalid size: ''"),
            ("1x", "invalid suffix: 'x'"),
            (
                "1gb ",
                "strconv.ParseFloat: parsing \"1gb\": invalid syntax",
            ),
            (" 1", "strconv.ParseFloat: parsing \" 1\": invalid syntax"),
            ("1  ", "strconv.ParseFloat: parsing \"1 \": invalid syntax"),
            ("1 gig", "invalid suffix: 'gig'"),
            ("1mbs", "invalid suffix: 'mbs'"),
            ("2Gi", "invalid suffix: 'gi'"),
            (
                "1e400",
                "strconv.ParseFloat: parsing \"1e400\": value out of range",
            ),
            (
                "1.5.5m",
                "strconv.ParseFloat: parsing \"1.5.5\": invalid syntax",
            ),
            ("1bb", "invalid suffix: 'bb'"),
            ("1eb", "invalid suffix: 'eb'"),
        ];
        for (s, want) in cases {
            let got = ram_in_bytes(s).map_err(|e| e.to_string());
            assert_eq!(got, Err(want.to_owned()), "{s:?}");
        }
    }
}
