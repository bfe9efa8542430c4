//! Kubernetes' `resource.ParseQuantity` (k8s.io/apimachinery v0.36.3):
//! which strings are quantities.
//!
//! A quantity is an optional sign, digits with at most one `.`, then a
//! suffix: a decimal SI suffix (`n u m k M G T P E`), a binary one
//! (`Ki Mi Gi Ti Pi Ei`) or a decimal exponent (`e3`, `E-2`), the whole
//! matching `^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$`. The number may
//! lack digits (`.` is zero) except where apimachinery falls back to its
//! arbitrary-precision path, which needs one.

/// Why `ParseQuantity` refused a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum QuantityError {
    /// `ErrFormatWrong`.
    Format,
    /// `ErrSuffix`.
    Suffix,
    /// `ErrNumeric`.
    Numeric,
}

impl std::fmt::Display for QuantityError {
    /// apimachinery's error text.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Format => {
                "quantities must match the regular expression \
                 '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
            }
            Self::Suffix => "unable to parse quantity's suffix",
            Self::Numeric => "unable to parse numeric part of quantity",
        })
    }
}

/// The parts `parseQuantityString` splits a quantity into.
struct Parts<'a> {
    /// Whether the number part holds a digit.
    has_digit: bool,
    /// Digits before the point, leading zeros dropped (`"0"` when none).
    num_len: usize,
    /// Digits after the point.
    denom_len: usize,
    /// Everything after the number.
    suffix: &'a str,
}

/// Whether apimachinery's `resource.ParseQuantity` accepts `s`.
pub(crate) fn parse_quantity(s: &str) -> Result<(), QuantityError> {
    if s.is_empty() {
        return Err(QuantityError::Format);
    }
    if s == "0" {
        return Ok(());
    }
    let parts = split(s)?;
    let (base, exponent) = interpret(parts.suffix).ok_or(QuantityError::Suffix)?;
    // apimachinery takes an int64 fast path when the digits fit; otherwise
    // it parses the number with inf.Dec, which needs at least one digit.
    let denom = i32::try_from(parts.denom_len).unwrap_or(i32::MAX);
    let digits = i32::try_from(parts.num_len + parts.denom_len).unwrap_or(i32::MAX);
    let fast = if base == 10 {
        let precision = 18i32.saturating_sub(digits);
        precision >= 0 && exponent.wrapping_sub(denom) >= -9
    } else {
        exponent >= 0 && parts.denom_len == 0 && {
            let precision = 15 - digits - (exponent as f32 * 3.0 / 10.0) as i32 - 1;
            precision >= 0
        }
    };
    if fast || parts.has_digit {
        Ok(())
    } else {
        Err(QuantityError::Numeric)
    }
}

/// `parseQuantityString`.
fn split(s: &str) -> Result<Parts<'_>, QuantityError> {
    let b = s.as_bytes();
    let end = b.len();
    let mut pos = 0;
    if matches!(b[0], b'+' | b'-') {
        pos = 1;
    }
    while pos < end && b[pos] == b'0' {
        pos += 1;
    }
    if pos >= end {
        // All zeros (or just a sign): the number 0 with no suffix.
        return Ok(Parts {
            has_digit: true,
            num_len: 1,
            denom_len: 0,
            suffix: "",
        });
    }
    let num_start = pos;
    while pos < end && b[pos].is_ascii_digit() {
        pos += 1;
    }
    let num_len = (pos - num_start).max(1);
    let mut denom_len = 0;
    if pos < end && b[pos] == b'.' {
        pos += 1;
        let denom_start = pos;
        while pos < end && b[pos].is_ascii_digit() {
            pos += 1;
        }
        denom_len = pos - denom_start;
    }
    let has_digit = b[..pos].iter().any(u8::is_ascii_digit);
    let suffix_start = pos;
    while pos < end && b"eEinumkKMGTP".contains(&b[pos]) {
        pos += 1;
    }
    if pos < end && matches!(b[pos], b'-' | b'+') {
        pos += 1;
    }
    while pos < end && b[pos].is_ascii_digit() {
        pos += 1;
    }
    if pos < end {
        return Err(QuantityError::Format);
    }
    Ok(Parts {
        has_digit,
        num_len,
        denom_len,
        suffix: &s[suffix_start..],
    })
}

/// The suffix's base and exponent, as apimachinery's suffixer reads it.
fn interpret(suffix: &str) -> Option<(u32, i32)> {
    let decimal = match suffix {
        "" => Some(0),
        "n" => Some(-9),
        "u" => Some(-6),
        "m" => Some(-3),
        "k" => Some(3),
        "M" => Some(6),
        "G" => Some(9),
        "T" => Some(12),
        "P" => Some(15),
        "E" => Some(18),
        _ => None,
    };
    if let Some(e) = decimal {
        return Some((10, e));
    }
    let binary = match suffix {
        "Ki" => Some(10),
        "Mi" => Some(20),
        "Gi" => Some(30),
        "Ti" => Some(40),
        "Pi" => Some(50),
        "Ei" => Some(60),
        _ => None,
    };
    if let Some(e) = binary {
        return Some((2, e));
    }
    let rest = suffix.strip_prefix(['e', 'E'])?;
    if rest.is_empty() {
        return None;
    }
    // Go's strconv.ParseInt(rest, 10, 64), then a conversion to int32.
    let parsed: i64 = rest.parse().ok()?;
    Some((10, parsed as i32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_quantities() {
        for s in [
            "0",
            "1",
            "500m",
            "2",
            "1.5",
            "0.5",
            "1Gi",
            "512Mi",
            "1G",
            "100k",
            "1e3",
            "1E-2",
            "+1",
            "-1",
            ".5",
            "5.",
            ".",
            "-",
            "00",
            "1.Gi",
            "1n",
            "1.5n",
            "1e+3",
            "3Ei",
            "1234567890123456789012",
            "1Ki",
        ] {
            assert_eq!(parse_quantity(s), Ok(()), "{s:?}");
        }
    }

    #[test]
    fn refuses_non_quantities() {
        use QuantityError::*;
        for (s, want) in [
            ("", Format),
            ("2 cores", Format),
            ("1GB", Format),
            ("1gi", Format),
            ("1Gib", Format),
            ("1K", Suffix),
            ("1mi", Suffix),
            ("one", Format),
            ("0x10", Format),
            ("1e", Suffix),
            ("1.5.5", Format),
            (" 1", Format),
            ("1 ", Format),
            ("1_000", Format),
            ("1e3.5", Format),
            (".e-10", Numeric),
            (".Ei", Numeric),
        ] {
            assert_eq!(parse_quantity(s), Err(want), "{s:?}");
        }
    }
}
