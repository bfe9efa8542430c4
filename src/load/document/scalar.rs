//! Scalars as GitLab Runner's decoder reads them.
//!
//! `toml_parser` decides what a scalar is and reports everything the TOML
//! grammar forbids. BurntSushi/toml then converts the text with Go's
//! `strconv` and `time` packages (`parser.value` in its `parse.go`), which
//! refuse some values TOML allows and allow some it refuses:
//!
//! - integers must fit in an `int64`, floats in a `float64` (`1e400` is an
//!   error, not infinity), and a radix prefix needs digits (`0x`);
//! - date-times go through `time.ParseInLocation` with seven layouts in
//!   turn: the second may not be 60, but an offset may be up to `±24:60`
//!   (Go's range check uses `>`), and a fraction may have any number of
//!   digits (truncated to nanoseconds, as Go does since 1.20).

use std::borrow::Cow;
use std::ops::Range;

use toml::Spanned;
use toml::de::DeValue;
use toml::value::{Date, Datetime, Offset, Time};
use toml_parser::decoder::{IntegerRadix, ScalarKind};
use toml_parser::{ErrorSink, Raw};

/// A value the runner's decoder reads differently from the TOML
/// specification: refused although `toml_parser` accepts it, or (when
/// `lenient`) accepted although the specification forbids it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Refused {
    pub(super) span: Range<usize>,
    pub(super) message: String,
    pub(super) help: &'static str,
    pub(super) lenient: bool,
}

/// Decodes one scalar; grammar errors go to `errors`, values the runner
/// refuses to `refused`. A value is always returned (the best reading of
/// what was written) so the key stays in the document.
pub(super) fn decode<'i>(
    raw: Raw<'i>,
    span: Range<usize>,
    errors: &mut dyn ErrorSink,
    refused: &mut Vec<Refused>,
) -> Spanned<DeValue<'i>> {
    let mut decoded: Cow<'i, str> = Cow::Borrowed("");
    let kind = raw.decode_scalar(&mut decoded, errors);
    let text = raw.as_str();
    let value = match kind {
        ScalarKind::String => DeValue::String(decoded),
        ScalarKind::Boolean(b) => DeValue::Boolean(b),
        ScalarKind::Integer(radix) => {
            if decoded.is_empty() && radix != IntegerRadix::Dec {
                refused.push(Refused {
                    span: span.clone(),
                    message: format!("`{text}` has no digits after its prefix"),
                    help: "write the digits after `0x`, `0o` or `0b`, or just `0`",
                    lenient: false,
                });
            } else if i64::from_str_radix(&decoded, radix.value()).is_err() && !decoded.is_empty() {
                refused.push(Refused {
                    span: span.clone(),
                    message: format!("`{text}` is out of range for a 64-bit integer"),
                    help: "GitLab Runner's TOML decoder reads integers as 64-bit signed \
                           numbers, from -9223372036854775808 to 9223372036854775807",
                    lenient: false,
                });
            }
            number(text)
        }
        ScalarKind::Float => {
            let infinite = decoded.parse::<f64>().is_ok_and(f64::is_infinite);
            if infinite && !decoded.contains("inf") {
                refused.push(Refused {
                    span: span.clone(),
                    message: format!("`{text}` is out of range for a 64-bit float"),
                    help: "GitLab Runner's TOML decoder refuses floats too large for 64 bits \
                           instead of reading them as infinity",
                    lenient: false,
                });
            }
            number(text)
        }
        ScalarKind::DateTime => match go_datetime(text) {
            Ok((datetime, odd_offset)) => {
                if odd_offset {
                    refused.push(Refused {
                        span: span.clone(),
                        message: format!(
                            "`{text}` has an offset beyond 23:59, which the TOML \
                             specification does not allow"
                        ),
                        help: "GitLab Runner's TOML decoder accepts offsets up to ±24:60 (Go's \
                               `time` package), but taplo, editors and other TOML tools reject \
                               the file; write the same instant with an offset from -23:59 to \
                               +23:59",
                        lenient: true,
                    });
                }
                DeValue::Datetime(datetime)
            }
            Err(reason) => {
                refused.push(Refused {
                    span: span.clone(),
                    message: format!("`{text}` is not a valid date-time: {reason}"),
                    help: "write a date-time such as 2030-01-31T12:00:00Z, 2030-01-31 or \
                           12:00:00, with two digits for every field but the year",
                    lenient: false,
                });
                DeValue::Datetime(text.parse().unwrap_or(Datetime {
                    date: None,
                    time: None,
                    offset: None,
                }))
            }
        },
    };
    Spanned::new(span, value)
}

/// An integer or float: `DeInteger` and `DeFloat` have no public
/// constructor, so toml parses the scalar's own text (a few bytes), which
/// borrows from the input like every other value.
fn number(text: &str) -> DeValue<'_> {
    match DeValue::parse(text).map(Spanned::into_inner) {
        Ok(value @ (DeValue::Integer(_) | DeValue::Float(_))) => value,
        _ => DeValue::Integer(Default::default()),
    }
}

/// One element of a Go time layout.
#[derive(Debug, Clone, Copy)]
enum Field {
    /// `2006`: four digits.
    Year,
    /// `01`: two digits, 1 to 12.
    Month,
    /// `02`: two digits, checked against the month at the end.
    Day,
    /// `15`: one or two digits, 0 to 23.
    Hour,
    /// `04`: two digits, 0 to 59.
    Minute,
    /// `05`: two digits, 0 to 59.
    Second,
    /// `.999999999`: optional; `.` or `,` and any number of digits.
    Fraction,
    /// `Z07:00`: `Z`, or a sign, two digits, `:` and two digits.
    Zone,
    Literal(u8),
}

use Field::*;

/// BurntSushi/toml's `dtTypes`: the layouts tried in order, each with the
/// Go layout string `missingLeadingZero` compares against.
const LAYOUTS: [(&str, &[Field]); 7] = [
    (
        "2006-01-02T15:04:05.999999999Z07:00",
        &[
            Year,
            Literal(b'-'),
            Month,
            Literal(b'-'),
            Day,
            Literal(b'T'),
            Hour,
            Literal(b':'),
            Minute,
            Literal(b':'),
            Second,
            Fraction,
            Zone,
        ],
    ),
    (
        "2006-01-02T15:04:05.999999999",
        &[
            Year,
            Literal(b'-'),
            Month,
            Literal(b'-'),
            Day,
            Literal(b'T'),
            Hour,
            Literal(b':'),
            Minute,
            Literal(b':'),
            Second,
            Fraction,
        ],
    ),
    (
        "2006-01-02",
        &[Year, Literal(b'-'), Month, Literal(b'-'), Day],
    ),
    (
        "15:04:05.999999999",
        &[Hour, Literal(b':'), Minute, Literal(b':'), Second, Fraction],
    ),
    (
        "2006-01-02T15:04Z07:00",
        &[
            Year,
            Literal(b'-'),
            Month,
            Literal(b'-'),
            Day,
            Literal(b'T'),
            Hour,
            Literal(b':'),
            Minute,
            Zone,
        ],
    ),
    (
        "2006-01-02T15:04",
        &[
            Year,
            Literal(b'-'),
            Month,
            Literal(b'-'),
            Day,
            Literal(b'T'),
            Hour,
            Literal(b':'),
            Minute,
        ],
    ),
    ("15:04", &[Hour, Literal(b':'), Minute]),
];

/// What one layout read.
#[derive(Debug, Default)]
struct Parts {
    year: u16,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: Option<u8>,
    nanosecond: Option<u32>,
    /// Minutes east of UTC, `None` for `Z`.
    offset: Option<Option<i16>>,
    /// An offset hour of 24 or minute of 60: Go's `time` accepts them,
    /// RFC 3339 does not.
    odd_offset: bool,
}

/// BurntSushi/toml's `valueDatetime`: `t`, `z` and spaces normalised, then
/// each layout in turn; the first that parses wins, unless a field lacks
/// its leading zero (`missingLeadingZero`), which is an error at once.
/// The flag is set when the offset is one only Go accepts (`+24:00`).
pub(super) fn go_datetime(text: &str) -> Result<(Datetime, bool), &'static str> {
    let normalised: Vec<u8> = text
        .bytes()
        .map(|b| match b {
            b'z' => b'Z',
            b't' | b' ' => b'T',
            b => b,
        })
        .collect();
    let mut reason = "it matches no date-time form";
    for (index, (layout, fields)) in LAYOUTS.iter().enumerate() {
        let parts = match parse_layout(fields, &normalised) {
            Ok(parts) => parts,
            Err(Some(range)) => {
                reason = range;
                continue;
            }
            Err(None) => continue,
        };
        if missing_leading_zero(&normalised, layout.as_bytes()) {
            return Err("every field needs two digits");
        }
        let has_date = matches!(index, 0 | 1 | 2 | 4 | 5);
        let has_time = index != 2;
        let date = has_date.then_some(Date {
            year: parts.year,
            month: parts.month,
            day: parts.day,
        });
        let time = has_time.then_some(Time {
            hour: parts.hour,
            minute: parts.minute,
            second: parts.second,
            nanosecond: parts.nanosecond,
        });
        let offset = parts.offset.map(|o| match o {
            None => Offset::Z,
            Some(minutes) => Offset::Custom { minutes },
        });
        return Ok((Datetime { date, time, offset }, parts.odd_offset));
    }
    Err(reason)
}

/// Go's `time.parse` for one layout. `Err(Some(reason))` when a field is out
/// of range (Go's `rangeErrString`), `Err(None)` when the text does not have
/// the layout's shape.
fn parse_layout(fields: &[Field], mut value: &[u8]) -> Result<Parts, Option<&'static str>> {
    let mut parts = Parts::default();
    let mut month = 1;
    let mut day = 1;
    for field in fields {
        match *field {
            Literal(c) => match value.split_first() {
                Some((&first, rest)) if first == c => value = rest,
                _ => return Err(None),
            },
            Year => {
                let digits = value.get(..4).ok_or(None)?;
                if !digits.iter().all(u8::is_ascii_digit) {
                    return Err(None);
                }
                parts.year = digits.iter().fold(0, |n, d| n * 10 + u16::from(d - b'0'));
                value = &value[4..];
            }
            Month => {
                let (n, rest) = getnum(value, true).ok_or(None)?;
                if !(1..=12).contains(&n) {
                    return Err(Some("the month must be 01 to 12"));
                }
                (month, value) = (n, rest);
            }
            Day => (day, value) = getnum(value, true).ok_or(None)?,
            Hour => {
                let (n, rest) = getnum(value, false).ok_or(None)?;
                if n >= 24 {
                    return Err(Some("the hour must be 00 to 23"));
                }
                (parts.hour, value) = (n, rest);
            }
            Minute => {
                let (n, rest) = getnum(value, true).ok_or(None)?;
                if n >= 60 {
                    return Err(Some("the minute must be 00 to 59"));
                }
                (parts.minute, value) = (n, rest);
            }
            Second => {
                let (n, rest) = getnum(value, true).ok_or(None)?;
                if n >= 60 {
                    return Err(Some("the second must be 00 to 59"));
                }
                (parts.second, value) = (Some(n), rest);
            }
            Fraction => {
                let digits = match value {
                    [b'.' | b',', d, ..] if d.is_ascii_digit() => {
                        value[1..].iter().take_while(|d| d.is_ascii_digit()).count()
                    }
                    _ => continue,
                };
                // Nanoseconds: the first nine digits, scaled; Go ignores
                // the rest.
                let mut nanos: u32 = 0;
                for i in 0..9 {
                    let digit = if i < digits { value[1 + i] - b'0' } else { 0 };
                    nanos = nanos * 10 + u32::from(digit);
                }
                parts.nanosecond = Some(nanos);
                value = &value[1 + digits..];
            }
            Zone => {
                if let Some(rest) = value.strip_prefix(b"Z") {
                    parts.offset = Some(None);
                    value = rest;
                    continue;
                }
                let (zone, rest) = (value.get(..6).ok_or(None)?, &value[6.min(value.len())..]);
                let sign = match zone[0] {
                    b'+' => 1,
                    b'-' => -1,
                    _ => return Err(None),
                };
                if zone[3] != b':' {
                    return Err(None);
                }
                let (hours, _) = getnum(&zone[1..3], true).ok_or(None)?;
                let (minutes, _) = getnum(&zone[4..6], true).ok_or(None)?;
                // Go's range test is `>`, not `>=`: "some people do write
                // offsets of 24 hours or 60 minutes".
                if hours > 24 {
                    return Err(Some("the offset's hour must be at most 24"));
                }
                if minutes > 60 {
                    return Err(Some("the offset's minutes must be at most 60"));
                }
                parts.offset = Some(Some(sign * (i16::from(hours) * 60 + i16::from(minutes))));
                parts.odd_offset = hours >= 24 || minutes >= 60;
                value = rest;
            }
        }
    }
    if !value.is_empty() {
        return Err(None);
    }
    if day < 1 || day > days_in(month, parts.year) {
        return Err(Some("the day does not exist in that month"));
    }
    parts.month = month;
    parts.day = day;
    Ok(parts)
}

/// Go's `getnum`: one or two digits, exactly two when `fixed`.
fn getnum(value: &[u8], fixed: bool) -> Option<(u8, &[u8])> {
    match value {
        [a, b, rest @ ..] if a.is_ascii_digit() && b.is_ascii_digit() => {
            Some(((a - b'0') * 10 + (b - b'0'), rest))
        }
        [a, rest @ ..] if a.is_ascii_digit() && !fixed => Some((a - b'0', rest)),
        _ => None,
    }
}

fn days_in(month: u8, year: u16) -> u8 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// BurntSushi/toml's `missingLeadingZero`: Go accepts a one-digit hour, so
/// the separators must sit where the layout has them.
fn missing_leading_zero(value: &[u8], layout: &[u8]) -> bool {
    for (i, &c) in layout.iter().enumerate() {
        if c == b'.' || c == b'Z' {
            return false;
        }
        if !c.is_ascii_digit() && value.get(i) != Some(&c) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> String {
        let (datetime, odd) = go_datetime(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert!(!odd, "{text}");
        datetime.to_string()
    }

    #[test]
    fn the_seven_layouts() {
        assert_eq!(ok("1979-05-27T07:32:00Z"), "1979-05-27T07:32:00Z");
        assert_eq!(
            ok("1979-05-27T07:32:00.5-07:00"),
            "1979-05-27T07:32:00.5-07:00"
        );
        assert_eq!(ok("1979-05-27 07:32:00"), "1979-05-27T07:32:00");
        assert_eq!(ok("1979-05-27"), "1979-05-27");
        assert_eq!(ok("07:32:00.999"), "07:32:00.999");
        assert_eq!(ok("1979-05-27t07:32z"), "1979-05-27T07:32Z");
        assert_eq!(ok("1979-05-27T07:32"), "1979-05-27T07:32");
        assert_eq!(ok("07:32"), "07:32");
    }

    #[test]
    fn go_accepts_what_toml_does_not() {
        // Offsets up to 24:60 and fractions beyond nanoseconds.
        let (datetime, odd) = go_datetime("1979-05-27T07:32:00+24:00").expect("Go accepts it");
        assert_eq!(datetime.offset, Some(Offset::Custom { minutes: 24 * 60 }));
        assert!(odd);
        let (datetime, odd) = go_datetime("1979-05-27T07:32:00-23:60").expect("Go accepts it");
        assert_eq!(datetime.offset, Some(Offset::Custom { minutes: -24 * 60 }));
        assert!(odd);
        // Go's range check is `hours > 24`: 25 is refused.
        assert!(go_datetime("1979-05-27T07:32:00+25:00").is_err());
        assert!(go_datetime("1979-05-27T07:32:00+00:61").is_err());
        let (datetime, odd) = go_datetime("2021-01-01T00:00:00.1234567891234Z").expect("truncated");
        assert_eq!(datetime.time.and_then(|t| t.nanosecond), Some(123_456_789));
        assert!(!odd);
    }

    #[test]
    fn go_refuses_what_toml_allows() {
        assert_eq!(
            go_datetime("1979-05-27T07:32:60Z"),
            Err("the second must be 00 to 59")
        );
        assert_eq!(go_datetime("07:32:60"), Err("the second must be 00 to 59"));
    }

    #[test]
    fn malformed() {
        for text in [
            "1979-05-27T7:32:00Z",
            "7:32:00",
            "1979-5-27",
            "1979-05-27T07:32:00.",
            "1979-05-27T",
            "1979-05-27 z",
            "1979-05-27T07:32:00+0100",
            "1979-05-27T07:32:00+01",
            "1979-02-29",
            "1979-13-01",
            "1979-05-27T24:00:00",
            "07:32.5",
        ] {
            assert!(go_datetime(text).is_err(), "{text}");
        }
        assert!(go_datetime("2000-02-29").is_ok());
        assert!(go_datetime("0000-01-01").is_ok());
    }
}
