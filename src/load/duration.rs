//! Go's `time.ParseDuration`, with its exact error texts.
//!
//! GitLab Runner reads `time.Duration` keys from a string through
//! `time.ParseDuration` (or from an integer, as nanoseconds). The loader
//! checks duration strings the same way so that `"3600 s"` or `"1 h"` is
//! reported with the message Go would give.

use std::fmt::Write;

/// Why a string is not a Go duration; `Display` is Go's message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum DurationError {
    /// `time: invalid duration "<s>"`.
    #[error("time: invalid duration {}", quote(.0))]
    Invalid(String),
    /// `time: missing unit in duration "<s>"`.
    #[error("time: missing unit in duration {}", quote(.0))]
    MissingUnit(String),
    /// `time: unknown unit "<u>" in duration "<s>"`.
    #[error("time: unknown unit {} in duration {}", quote(.unit), quote(.duration))]
    UnknownUnit {
        /// The unit as written.
        unit: String,
        /// The whole input.
        duration: String,
    },
}

/// Nanoseconds per unit, as Go's `unitMap`.
fn unit_nanos(unit: &str) -> Option<u64> {
    Some(match unit {
        "ns" => 1,
        "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
        "ms" => 1_000_000,
        "s" => 1_000_000_000,
        "m" => 60 * 1_000_000_000,
        "h" => 3_600 * 1_000_000_000,
        _ => return None,
    })
}

/// Parses a duration the way Go's `time.ParseDuration` does, returning
/// nanoseconds.
///
/// The grammar is `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, or a lone `0`.
pub(crate) fn parse_go_duration(input: &str) -> Result<i64, DurationError> {
    let invalid = || DurationError::Invalid(input.to_owned());
    let mut s = input.as_bytes();
    let mut negative = false;
    if let Some((&sign @ (b'-' | b'+'), rest)) = s.split_first() {
        negative = sign == b'-';
        s = rest;
    }
    if s == b"0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    let mut total: u64 = 0;
    while !s.is_empty() {
        if !(s[0] == b'.' || s[0].is_ascii_digit()) {
            return Err(invalid());
        }
        // Integer part.
        let digits = s.iter().take_while(|b| b.is_ascii_digit()).count();
        let mut whole: u64 = 0;
        for &d in &s[..digits] {
            whole = whole
                .checked_mul(10)
                .and_then(|w| w.checked_add(u64::from(d - b'0')))
                .filter(|&w| w <= 1 << 63)
                .ok_or_else(invalid)?;
        }
        s = &s[digits..];
        let had_whole = digits > 0;
        // Fraction: Go keeps accumulating digits only while they still fit,
        // and ignores the rest.
        let mut fraction: u64 = 0;
        let mut scale: f64 = 1.0;
        let mut had_fraction = false;
        if let Some((b'.', rest)) = s.split_first() {
            s = rest;
            let digits = s.iter().take_while(|b| b.is_ascii_digit()).count();
            let mut overflow = false;
            for &d in &s[..digits] {
                if overflow {
                    continue;
                }
                match fraction
                    .checked_mul(10)
                    .and_then(|f| f.checked_add(u64::from(d - b'0')))
                {
                    Some(f) if f <= 1 << 63 => {
                        fraction = f;
                        scale *= 10.0;
                    }
                    _ => overflow = true,
                }
            }
            s = &s[digits..];
            had_fraction = digits > 0;
        }
        if !had_whole && !had_fraction {
            return Err(invalid());
        }
        // Unit: everything up to the next digit or period.
        let unit_len = s
            .iter()
            .take_while(|&&b| !(b == b'.' || b.is_ascii_digit()))
            .count();
        if unit_len == 0 {
            return Err(DurationError::MissingUnit(input.to_owned()));
        }
        let (unit_bytes, rest) = s.split_at(unit_len);
        s = rest;
        let unit = String::from_utf8_lossy(unit_bytes);
        let Some(per_unit) = unit_nanos(&unit) else {
            return Err(DurationError::UnknownUnit {
                unit: unit.into_owned(),
                duration: input.to_owned(),
            });
        };
        if whole > (1 << 63) / per_unit {
            return Err(invalid());
        }
        let mut value = whole * per_unit;
        if fraction > 0 {
            // Go computes this in float64 and truncates.
            #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation)]
            #[allow(clippy::cast_sign_loss)]
            let extra = (fraction as f64 * (per_unit as f64 / scale)) as u64;
            value = value
                .checked_add(extra)
                .filter(|&v| v <= 1 << 63)
                .ok_or_else(invalid)?;
        }
        total = total
            .checked_add(value)
            .filter(|&t| t <= 1 << 63)
            .ok_or_else(invalid)?;
    }
    if negative {
        // -(1<<63) is the one magnitude that fits only when negative.
        return Ok(0i64.wrapping_sub_unsigned(total));
    }
    i64::try_from(total).map_err(|_| invalid())
}

/// The `time` package's own `quote`: like `%q` for ASCII, but every byte
/// of a non-ASCII or control character is written as `\xNN`.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if c.is_ascii() && c >= ' ' && c != '\u{7f}' {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        } else if (c as u32) < 0x80 {
            let _ = write!(out, "\\x{:02x}", c as u32);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "\\x{b:02x}");
            }
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: i64 = 1;
    const US: i64 = 1_000;
    const MS: i64 = 1_000_000;
    const S: i64 = 1_000_000_000;
    const M: i64 = 60 * S;
    const H: i64 = 60 * M;

    #[test]
    fn parses_what_go_parses() {
        // Cases from Go's time/time_test.go parseDurationTests.
        let cases: &[(&str, i64)] = &[
            ("0", 0),
            ("5s", 5 * S),
            ("30s", 30 * S),
            ("1478s", 1478 * S),
            ("-5s", -5 * S),
            ("+5s", 5 * S),
            ("-0", 0),
            ("+0", 0),
            ("5.0s", 5 * S),
            ("5.6s", 5 * S + 600 * MS),
            ("5.s", 5 * S),
            (".5s", S / 2),
            ("1.0s", S),
            ("1.00s", S),
            ("1.004s", S + 4 * MS),
            ("1.0040s", S + 4 * MS),
            ("100.00100s", 100 * S + MS),
            ("10ns", 10 * NS),
            ("11us", 11 * US),
            ("12\u{b5}s", 12 * US),
            ("12\u{3bc}s", 12 * US),
            ("13ms", 13 * MS),
            ("14s", 14 * S),
            ("15m", 15 * M),
            ("16h", 16 * H),
            ("3h30m", 3 * H + 30 * M),
            ("10.5s4m", 4 * M + 10 * S + 500 * MS),
            ("-2m3.4s", -(2 * M + 3 * S + 400 * MS)),
            (
                "1h2m3s4ms5us6ns",
                H + 2 * M + 3 * S + 4 * MS + 5 * US + 6 * NS,
            ),
            ("39h9m14.425s", 39 * H + 9 * M + 14 * S + 425 * MS),
            ("52763797000ns", 52_763_797_000 * NS),
            ("0.3333333333333333333h", 20 * M),
            ("9007199254740993ns", (1 << 53) + 1),
            ("9223372036854775807ns", i64::MAX),
            ("9223372036854775.807us", i64::MAX),
            ("9223372036s854ms775us807ns", i64::MAX),
            ("-9223372036854775808ns", i64::MIN),
            ("-9223372036854775.808us", i64::MIN),
            ("0.100000000000000000000h", 6 * M),
            (
                "0.830103483285477580700h",
                49 * M + 48 * S + 372_539_827 * NS,
            ),
        ];
        for &(input, want) in cases {
            assert_eq!(parse_go_duration(input), Ok(want), "{input}");
        }
    }

    #[test]
    fn rejects_what_go_rejects_with_gos_message() {
        let cases: &[(&str, &str)] = &[
            ("", r#"time: invalid duration """#),
            ("3", r#"time: missing unit in duration "3""#),
            ("-", r#"time: invalid duration "-""#),
            ("s", r#"time: invalid duration "s""#),
            (".", r#"time: invalid duration ".""#),
            ("-.", r#"time: invalid duration "-.""#),
            (".s", r#"time: invalid duration ".s""#),
            ("+.s", r#"time: invalid duration "+.s""#),
            ("1d", r#"time: unknown unit "d" in duration "1d""#),
            ("3600 s", r#"time: unknown unit " s" in duration "3600 s""#),
            (
                "1 h 30 min",
                r#"time: unknown unit " h " in duration "1 h 30 min""#,
            ),
            (
                "\u{85}\u{85}",
                r#"time: invalid duration "\xc2\x85\xc2\x85""#,
            ),
            ("\u{fffd}", r#"time: invalid duration "\xef\xbf\xbd""#),
            (
                "9223372036854775808ns",
                r#"time: invalid duration "9223372036854775808ns""#,
            ),
            (
                "9223372036854775.808us",
                r#"time: invalid duration "9223372036854775.808us""#,
            ),
            (
                "-9223372036854775809ns",
                r#"time: invalid duration "-9223372036854775809ns""#,
            ),
            ("3000000h", r#"time: invalid duration "3000000h""#),
        ];
        for &(input, want) in cases {
            let err = parse_go_duration(input).unwrap_err();
            assert_eq!(err.to_string(), want, "{input:?}");
        }
    }
}
