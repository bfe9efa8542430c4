//! Go's `strconv.ParseFloat(s, 64)`: which strings it accepts.
//!
//! The grammar is Go's floating-point literal: an optional sign, decimal
//! digits with at most one `.` and an optional `e` exponent, or `0x` hex
//! digits with a mandatory `p` exponent; `_` between digits; and the
//! special words `inf`, `infinity` (signed or not) and `nan`, in any case.
//! Nothing is trimmed. A value beyond `f64::MAX` is a range error.

/// Why `ParseFloat` refused a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FloatError {
    /// `invalid syntax`.
    Syntax,
    /// `value out of range`.
    Range,
}

impl FloatError {
    /// The text of Go's `strconv.NumError` for this error.
    pub(crate) const fn as_str(self) -> &'static str {
        match self {
            Self::Syntax => "invalid syntax",
            Self::Range => "value out of range",
        }
    }
}

/// The value Go's `strconv.ParseFloat(s, 64)` returns, or why it fails.
///
/// Hexadecimal floats are checked for syntax; their value is only
/// approximated, and one too large to represent is not reported (a miss,
/// never a false error).
pub(crate) fn parse_float(s: &str) -> Result<f64, FloatError> {
    if let Some(value) = special(s) {
        return Ok(value);
    }
    let b = s.as_bytes();
    let mut i = 0;
    let mut negative = false;
    if let Some(&c) = b.first()
        && (c == b'+' || c == b'-')
    {
        negative = c == b'-';
        i = 1;
    }
    let hex = i + 2 < b.len() && b[i] == b'0' && b[i + 1].eq_ignore_ascii_case(&b'x');
    if hex {
        i += 2;
    }
    let mut underscores = false;
    let mut saw_dot = false;
    let mut saw_digits = false;
    let mut mantissa = String::new();
    while i < b.len() {
        let c = b[i];
        if c == b'_' {
            underscores = true;
        } else if c == b'.' {
            if saw_dot {
                break;
            }
            saw_dot = true;
            mantissa.push('.');
        } else if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) {
            saw_digits = true;
            mantissa.push(c as char);
        } else {
            break;
        }
        i += 1;
    }
    if !saw_digits {
        return Err(FloatError::Syntax);
    }
    let exp_char = if hex { b'p' } else { b'e' };
    let mut exponent = String::new();
    if i < b.len() && b[i].to_ascii_lowercase() == exp_char {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            if b[i] == b'-' {
                exponent.push('-');
            }
            i += 1;
        }
        if i >= b.len() || !b[i].is_ascii_digit() {
            return Err(FloatError::Syntax);
        }
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
            if b[i] == b'_' {
                underscores = true;
            } else {
                exponent.push(b[i] as char);
            }
            i += 1;
        }
    } else if hex {
        return Err(FloatError::Syntax);
    }
    if i != b.len() || (underscores && !underscore_ok(s)) {
        return Err(FloatError::Syntax);
    }
    let magnitude = if hex {
        hex_value(&mantissa, &exponent)
    } else {
        let text = if exponent.is_empty() {
            mantissa
        } else {
            format!("{mantissa}e{exponent}")
        };
        let value: f64 = text.parse().map_err(|_| FloatError::Syntax)?;
        if value.is_infinite() {
            return Err(FloatError::Range);
        }
        value
    };
    Ok(if negative { -magnitude } else { magnitude })
}

/// `inf`, `infinity` (either signed) and `nan`, in any case.
fn special(s: &str) -> Option<f64> {
    let (sign, rest) = match s.as_bytes().first() {
        Some(b'+') => (1.0, &s[1..]),
        Some(b'-') => (-1.0, &s[1..]),
        _ => (1.0, s),
    };
    if rest.eq_ignore_ascii_case("inf") || rest.eq_ignore_ascii_case("infinity") {
        return Some(sign * f64::INFINITY);
    }
    (rest.len() == s.len() && s.eq_ignore_ascii_case("nan")).then_some(f64::NAN)
}

/// Go's `underscoreOK`: `_` only between digits, or between a base prefix
/// and a digit.
fn underscore_ok(s: &str) -> bool {
    let mut b = s.as_bytes();
    if let Some(&c) = b.first()
        && (c == b'+' || c == b'-')
    {
        b = &b[1..];
    }
    let mut saw = b'^';
    let mut i = 0;
    let mut hex = false;
    if b.len() >= 2 && b[0] == b'0' && matches!(b[1].to_ascii_lowercase(), b'b' | b'o' | b'x') {
        i = 2;
        saw = b'0';
        hex = b[1].eq_ignore_ascii_case(&b'x');
    }
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else {
            if saw == b'_' {
                return false;
            }
            saw = b'!';
        }
        i += 1;
    }
    saw != b'_'
}

/// An approximation of a hexadecimal float's value, saturated at
/// `f64::MAX`.
fn hex_value(mantissa: &str, exponent: &str) -> f64 {
    let mut value = 0.0f64;
    let mut scale = 0i64;
    let mut after_dot = false;
    for c in mantissa.chars() {
        if c == '.' {
            after_dot = true;
            continue;
        }
        value = value * 16.0 + f64::from(c.to_digit(16).unwrap_or(0));
        if after_dot {
            scale -= 4;
        }
    }
    let exp = exponent
        .parse::<i64>()
        .unwrap_or(0)
        .clamp(-100_000, 100_000)
        + scale;
    let exp = i32::try_from(exp.clamp(-2_000, 2_000)).unwrap_or(0);
    let result = value * 2f64.powi(exp);
    if result.is_finite() { result } else { f64::MAX }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn ok(s: &str, want: f64) {
        assert_eq!(parse_float(s), Ok(want), "{s:?}");
    }

    #[track_caller]
    fn err(s: &str, want: FloatError) {
        assert_eq!(parse_float(s), Err(want), "{s:?}");
    }

    #[test]
    fn decimal_forms() {
        ok("1", 1.0);
        ok("+1.5", 1.5);
        ok("-2", -2.0);
        ok("1.", 1.0);
        ok(".5", 0.5);
        ok("1e3", 1000.0);
        ok("1E+3", 1000.0);
        ok("1_000", 1000.0);
        ok("1e-99999", 0.0);
        ok("0x1p4", 16.0);
        ok("0x1.8p1", 3.0);
    }

    #[test]
    fn specials() {
        ok("inf", f64::INFINITY);
        ok("-Infinity", f64::NEG_INFINITY);
        assert!(parse_float("NaN").is_ok_and(f64::is_nan));
        err("+nan", FloatError::Syntax);
        err("infin", FloatError::Syntax);
    }

    #[test]
    fn rejects() {
        for s in [
            "", ".", "+", "e3", "1e", "1e+", "1x", " 1", "1 ", "1..2", "0x10", "0x", "_1", "1_",
            "1__0", "1e_3", "1,5",
        ] {
            err(s, FloatError::Syntax);
        }
        err("1e400", FloatError::Range);
        err("-1e400", FloatError::Range);
    }
}
