//! Go's `big.Rat.SetString`, as `[runners.docker] cpus` and `service_cpus`
//! are read: a decimal number (`1.5`, `.5`, `2e-1`, `1p1`), or a fraction
//! `a/b` with a non-zero `b`.
//!
//! `SetString` also takes base prefixes (`0x…`, `0b…`, `0o…`, octal
//! numerators) and `_` digit separators; strings using them are not judged
//! here (`None`), so nothing valid is ever reported.

/// Whether `big.Rat.SetString` accepts `s`; `None` when not judged.
pub(crate) fn rat_set_string(s: &str) -> Option<bool> {
    if s.contains('_') {
        return None;
    }
    if let Some((num, den)) = s.split_once('/') {
        let unsigned = num.strip_prefix(['+', '-']).unwrap_or(num);
        if has_integer_prefix(unsigned) || has_integer_prefix(den) {
            return None;
        }
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        return Some(digits(unsigned) && digits(den) && den.bytes().any(|b| b != b'0'));
    }
    let unsigned = s.strip_prefix(['+', '-']).unwrap_or(s);
    if has_base_prefix(unsigned) {
        return None;
    }
    Some(is_decimal(unsigned))
}

/// `0x`, `0b` or `0o` (any case): a mantissa in another base.
fn has_base_prefix(s: &str) -> bool {
    s.len() > 1 && s.starts_with('0') && s[1..].starts_with(['x', 'X', 'b', 'B', 'o', 'O'])
}

/// A base prefix, or a leading `0` that makes an integer octal.
fn has_integer_prefix(s: &str) -> bool {
    s.len() > 1 && s.starts_with('0')
}

/// Digits with at most one `.` (at least one digit), then optionally `e`
/// or `p` and a signed exponent.
fn is_decimal(s: &str) -> bool {
    let (mantissa, exponent) = match s.find(['e', 'E', 'p', 'P']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let mut dots = 0;
    let mut digits = 0;
    for b in mantissa.bytes() {
        match b {
            b'.' => dots += 1,
            b'0'..=b'9' => digits += 1,
            _ => return false,
        }
    }
    if dots > 1 || digits == 0 {
        return false;
    }
    match exponent {
        None => true,
        Some(e) => {
            let e = e.strip_prefix(['+', '-']).unwrap_or(e);
            !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted() {
        for s in [
            "1", "1.5", "0.5", ".5", "5.", "3/2", "-1/2", "+2", "2e-1", "1p1", "0", "00.5", "017",
        ] {
            assert_eq!(rat_set_string(s), Some(true), "{s:?}");
        }
    }

    #[test]
    fn refused() {
        for s in [
            "", "two", "1 cpu", "1,5", "1.5.5", "2c", "1/0", "1/-2", "1.5/2", "1/2/3", ".", "e5",
            "1e", "1e+", " 1", "1 ", "-", "1/", "/2",
        ] {
            assert_eq!(rat_set_string(s), Some(false), "{s:?}");
        }
    }

    #[test]
    fn prefixes_and_separators_are_not_judged() {
        for s in ["0x10", "0b101", "0o7", "1_000", "0x1/2", "1/0x2", "-0x1p-2"] {
            assert_eq!(rat_set_string(s), None, "{s:?}");
        }
    }
}
