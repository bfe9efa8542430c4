//! Value types that several sections share: Go durations and timestamps.
//!
//! Both keep the value exactly as it was written, so a model serializes
//! back to the text the user chose (`"90s"` stays `"90s"`, not
//! `90000000000`), and both check the value the way the runner's Go code
//! does when it loads the file.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use toml::value::Datetime;

use super::shape::{Describe, Shape};

/// A `time.Duration` as GitLab Runner reads it from `config.toml`: a string
/// parsed by Go's `time.ParseDuration` (`"1h30m"`, `"90s"`, `"1.5h"`,
/// `"-2m"`, `"0"`), or an integer number of nanoseconds.
///
/// ```
/// use runner_config::model::GoDuration;
///
/// let d: GoDuration = "1h30m".parse().unwrap();
/// assert_eq!(d.as_nanos(), 5_400_000_000_000);
/// assert_eq!(d.to_string(), "1h30m");
/// assert_eq!(
///     "1d".parse::<GoDuration>().unwrap_err().to_string(),
///     r#"time: unknown unit "d" in duration "1d""#,
/// );
/// ```
///
/// In a file, a duration keeps the form it was written in, and serializes
/// back to it:
///
/// ```
/// use runner_config::model::GoDuration;
///
/// let config = runner_config::load::load(r#"
/// connection_max_age = "90s"
/// [[runners]]
/// unhealthy_interval = 60000000000
/// "#)
/// .into_config()
/// .unwrap();
/// let max_age: &GoDuration = config.connection_max_age.as_ref().unwrap();
/// assert_eq!(max_age.as_written_str(), Some("90s"));
/// assert_eq!(max_age.to_go_string(), "1m30s");
/// let interval = config.runners[0].unhealthy_interval.as_ref().unwrap();
/// assert_eq!(interval.as_written_str(), None); // integer nanoseconds
/// assert_eq!(interval.to_go_string(), "1m0s");
/// assert!(toml::to_string(&config).unwrap().contains("connection_max_age = \"90s\""));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GoDuration {
    written: Written,
    nanos: i64,
}

/// What the user wrote for a duration.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Written {
    Text(String),
    Nanos(i64),
}

impl GoDuration {
    /// A duration written as an integer number of nanoseconds.
    pub const fn from_nanos(nanos: i64) -> Self {
        Self {
            written: Written::Nanos(nanos),
            nanos,
        }
    }

    /// The length in nanoseconds, negative for negative durations.
    pub const fn as_nanos(&self) -> i64 {
        self.nanos
    }

    /// The string as written, if the duration was written as a string.
    pub fn as_written_str(&self) -> Option<&str> {
        match &self.written {
            Written::Text(text) => Some(text),
            Written::Nanos(_) => None,
        }
    }

    /// The duration as Go's `Duration.String` prints it (`1h30m0s`,
    /// `1.5s`, `0s`): the form the runner uses in its own messages.
    pub fn to_go_string(&self) -> String {
        go_duration_string(self.nanos)
    }
}

impl FromStr for GoDuration {
    type Err = DurationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let nanos = parse_go_duration(s)?;
        Ok(Self {
            written: Written::Text(s.to_owned()),
            nanos,
        })
    }
}

/// Shows the duration as it was written: the string, or the integer.
impl fmt::Display for GoDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.written {
            Written::Text(text) => f.write_str(text),
            Written::Nanos(nanos) => write!(f, "{nanos}"),
        }
    }
}

impl Describe for GoDuration {
    const SHAPE: &'static Shape = &Shape::Duration;
}

impl Serialize for GoDuration {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.written {
            Written::Text(text) => serializer.serialize_str(text),
            Written::Nanos(nanos) => serializer.serialize_i64(*nanos),
        }
    }
}

impl<'de> Deserialize<'de> for GoDuration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DurationVisitor;

        impl Visitor<'_> for DurationVisitor {
            type Value = GoDuration;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a Go duration string such as \"1h30m\", or integer nanoseconds")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<GoDuration, E> {
                v.parse().map_err(E::custom)
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<GoDuration, E> {
                Ok(GoDuration::from_nanos(v))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<GoDuration, E> {
                i64::try_from(v)
                    .map(GoDuration::from_nanos)
                    .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
            }
        }

        deserializer.deserialize_any(DurationVisitor)
    }
}

/// A string Go's `time.ParseDuration` rejects. `Display` is Go's own
/// message, which is what the runner prints when it cannot load the file.
///
/// ```
/// use runner_config::model::GoDuration;
/// use runner_config::model::types::DurationError;
///
/// let err: DurationError = "10".parse::<GoDuration>().unwrap_err();
/// assert_eq!(err.to_string(), r#"time: missing unit in duration "10""#);
/// assert_eq!(err.input(), "10");
/// assert_eq!(err.unknown_unit(), None);
/// let err = "2d".parse::<GoDuration>().unwrap_err();
/// assert_eq!(err.unknown_unit(), Some("d"));
///
/// // The loader reports it with Go's message.
/// let loaded = runner_config::load::load("connection_max_age = \"2d\"\n");
/// assert!(loaded.diagnostics()[0].message().contains(r#"time: unknown unit "d" in duration "2d""#));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(transparent)]
pub struct DurationError(DurationErrorKind);

impl DurationError {
    /// The whole string that was rejected.
    pub fn input(&self) -> &str {
        match &self.0 {
            DurationErrorKind::Invalid(s) | DurationErrorKind::MissingUnit(s) => s,
            DurationErrorKind::UnknownUnit { duration, .. } => duration,
        }
    }

    /// The unit Go did not recognise (`"d"` in `"1d"`), if that was the
    /// problem.
    pub fn unknown_unit(&self) -> Option<&str> {
        match &self.0 {
            DurationErrorKind::UnknownUnit { unit, .. } => Some(unit),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
enum DurationErrorKind {
    /// Not a duration at all (`""`, `"abc"`, `".s"`, an overflow).
    #[error("time: invalid duration {}", go_quote(.0))]
    Invalid(String),
    /// A number without a unit (`"10"`).
    #[error("time: missing unit in duration {}", go_quote(.0))]
    MissingUnit(String),
    /// A unit Go does not know (`"1d"`, `"5 s"`).
    #[error("time: unknown unit {} in duration {}", go_quote(.unit), go_quote(.duration))]
    UnknownUnit { unit: String, duration: String },
}

/// Parses `s` exactly as Go's `time.ParseDuration` does, into nanoseconds.
fn parse_go_duration(orig: &str) -> Result<i64, DurationError> {
    const LIMIT: u64 = 1 << 63;
    let invalid = || DurationError(DurationErrorKind::Invalid(orig.to_owned()));

    let mut s = orig.as_bytes();
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
        let before = s.len();
        let (mut value, rest) = leading_int(s).ok_or_else(invalid)?;
        s = rest;
        let had_int = before != s.len();

        let mut fraction = 0u64;
        let mut scale = 1f64;
        let mut had_fraction = false;
        if let Some((b'.', rest)) = s.split_first() {
            let before = rest.len();
            (fraction, scale, s) = leading_fraction(rest);
            had_fraction = before != s.len();
        }
        if !had_int && !had_fraction {
            return Err(invalid());
        }

        let unit_len = s
            .iter()
            .position(|&c| c == b'.' || c.is_ascii_digit())
            .unwrap_or(s.len());
        if unit_len == 0 {
            return Err(DurationError(DurationErrorKind::MissingUnit(
                orig.to_owned(),
            )));
        }
        let (unit_bytes, rest) = s.split_at(unit_len);
        s = rest;
        let Some(unit) = unit_nanos(unit_bytes) else {
            // The unit ends at an ASCII byte or at the end, so it is whole
            // UTF-8 whenever the input was.
            let unit = String::from_utf8_lossy(unit_bytes).into_owned();
            let kind = DurationErrorKind::UnknownUnit {
                unit,
                duration: orig.to_owned(),
            };
            return Err(DurationError(kind));
        };
        if value > LIMIT / unit {
            return Err(invalid());
        }
        value *= unit;
        if fraction > 0 {
            // Go computes this in float64 too; the truncating cast matches
            // its uint64 conversion for every value that can reach here.
            value += (fraction as f64 * (unit as f64 / scale)) as u64;
            if value > LIMIT {
                return Err(invalid());
            }
        }
        total += value;
        if total > LIMIT {
            return Err(invalid());
        }
    }
    if negative {
        // 1<<63 wraps to i64::MIN, which is its own negation: Go's result.
        return Ok((total as i64).wrapping_neg());
    }
    i64::try_from(total).map_err(|_| invalid())
}

/// Go's `leadingInt`: the leading digits as a number, `None` on overflow.
fn leading_int(s: &[u8]) -> Option<(u64, &[u8])> {
    let mut x: u64 = 0;
    let mut i = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        if x > (1 << 63) / 10 {
            return None;
        }
        x = x * 10 + u64::from(s[i] - b'0');
        if x > 1 << 63 {
            return None;
        }
        i += 1;
    }
    Some((x, &s[i..]))
}

/// Go's `leadingFraction`: the leading digits of a fraction and their
/// scale; stops gaining precision instead of overflowing.
fn leading_fraction(s: &[u8]) -> (u64, f64, &[u8]) {
    let mut x: u64 = 0;
    let mut scale = 1f64;
    let mut overflow = false;
    let mut i = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        let digit = u64::from(s[i] - b'0');
        i += 1;
        if overflow {
            continue;
        }
        if x > ((1 << 63) - 1) / 10 {
            overflow = true;
            continue;
        }
        let y = x * 10 + digit;
        if y > 1 << 63 {
            overflow = true;
            continue;
        }
        x = y;
        scale *= 10.0;
    }
    (x, scale, &s[i..])
}

/// Nanoseconds per unit, for the units Go accepts.
fn unit_nanos(unit: &[u8]) -> Option<u64> {
    Some(match unit {
        b"ns" => 1,
        // "µs" with U+00B5 MICRO SIGN and with U+03BC GREEK SMALL LETTER MU.
        b"us" | b"\xc2\xb5s" | b"\xce\xbcs" => 1_000,
        b"ms" => 1_000_000,
        b"s" => 1_000_000_000,
        b"m" => 60_000_000_000,
        b"h" => 3_600_000_000_000,
        _ => return None,
    })
}

/// Go's `time.quote`: double quotes, `"` and `\` escaped, and every byte of
/// a non-ASCII or control character as `\xNN`.
fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if c.is_ascii() && c >= ' ' {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("\\x{byte:02x}"));
            }
        }
    }
    out.push('"');
    out
}

/// Go's `Duration.String`.
fn go_duration_string(nanos: i64) -> String {
    let negative = nanos < 0;
    let u = nanos.unsigned_abs();
    let mut out = String::new();
    if u < 1_000_000_000 {
        // Below one second Go switches to a smaller unit with a fraction.
        let (unit, precision) = match u {
            0 => return "0s".to_owned(),
            1..=999 => ("ns", 0),
            1_000..=999_999 => ("µs", 3),
            _ => ("ms", 6),
        };
        out.push_str(&fixed_fraction(u, precision));
        out.push_str(unit);
    } else {
        let seconds_part = fixed_fraction(u % 60_000_000_000, 9);
        let minutes = u / 60_000_000_000;
        if minutes > 0 {
            let hours = minutes / 60;
            if hours > 0 {
                out.push_str(&format!("{hours}h"));
            }
            out.push_str(&format!("{}m", minutes % 60));
        }
        out.push_str(&seconds_part);
        out.push('s');
    }
    if negative {
        out.insert(0, '-');
    }
    out
}

/// `value / 10^precision` printed with trailing fractional zeros removed.
fn fixed_fraction(value: u64, precision: u32) -> String {
    let scale = 10u64.pow(precision);
    let whole = value / scale;
    let mut fraction = format!("{:0width$}", value % scale, width = precision as usize);
    while fraction.ends_with('0') {
        fraction.pop();
    }
    if fraction.is_empty() {
        whole.to_string()
    } else {
        format!("{whole}.{fraction}")
    }
}

/// A `time.Time` as the runner reads it: a TOML datetime (what the runner
/// itself writes, e.g. `token_obtained_at = 2024-05-01T10:00:00Z`), or an
/// RFC 3339 string (`"2024-05-01T10:00:00Z"`).
///
/// ```
/// use runner_config::model::Timestamp;
///
/// let t: Timestamp = "2024-05-01T10:00:00+02:00".parse().unwrap();
/// assert_eq!(t.datetime().to_string(), "2024-05-01T10:00:00+02:00");
/// assert!("2024-05-01 10:00:00".parse::<Timestamp>().is_err());
/// ```
///
/// The runner writes `token_obtained_at` and `token_expires_at` as TOML
/// datetimes; both forms load:
///
/// ```
/// use runner_config::model::Timestamp;
///
/// let config = runner_config::load::load(r#"
/// [[runners]]
/// token_obtained_at = 2024-05-01T10:00:00Z
/// token_expires_at = "2024-08-01T10:00:00Z"
/// "#)
/// .into_config()
/// .unwrap();
/// let obtained: &Timestamp = config.runners[0].token_obtained_at.as_ref().unwrap();
/// assert!(!obtained.is_string());
/// assert_eq!(obtained.datetime().to_string(), "2024-05-01T10:00:00Z");
/// let expires = config.runners[0].token_expires_at.as_ref().unwrap();
/// assert!(expires.is_string());
/// assert_eq!(expires.to_string(), "2024-08-01T10:00:00Z");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timestamp {
    datetime: Datetime,
    /// The string as written, when it was a quoted string.
    text: Option<String>,
}

impl Timestamp {
    /// The date and time.
    pub fn datetime(&self) -> &Datetime {
        &self.datetime
    }

    /// Whether it was written as a quoted string rather than a TOML datetime.
    pub fn is_string(&self) -> bool {
        self.text.is_some()
    }
}

impl From<Datetime> for Timestamp {
    fn from(datetime: Datetime) -> Self {
        Self {
            datetime,
            text: None,
        }
    }
}

impl FromStr for Timestamp {
    type Err = TimestampError;

    /// Accepts what Go's `time.Time.UnmarshalText` accepts: RFC 3339 with
    /// an upper-case `T`, seconds, an optional fraction after a `.`, and
    /// `Z` or a `±hh:mm` offset.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let error = || TimestampError(s.to_owned());
        if !is_go_rfc3339(s.as_bytes()) {
            return Err(error());
        }
        let datetime = s.parse::<Datetime>().map_err(|_| error())?;
        Ok(Self {
            datetime,
            text: Some(s.to_owned()),
        })
    }
}

/// Shows the timestamp as it was written.
impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.text {
            Some(text) => f.write_str(text),
            None => fmt::Display::fmt(&self.datetime, f),
        }
    }
}

impl Describe for Timestamp {
    const SHAPE: &'static Shape = &Shape::Datetime;
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.text {
            Some(text) => serializer.serialize_str(text),
            None => self.datetime.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TimestampVisitor;

        impl<'de> Visitor<'de> for TimestampVisitor {
            type Value = Timestamp;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a TOML datetime or an RFC 3339 string")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
                v.parse().map_err(E::custom)
            }

            // The toml deserializer hands datetimes over as a one-entry map.
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Timestamp, A::Error> {
                Datetime::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(Timestamp::from)
            }
        }

        deserializer.deserialize_any(TimestampVisitor)
    }
}

/// A string that is not an RFC 3339 timestamp as Go parses one.
///
/// ```
/// use runner_config::model::Timestamp;
///
/// // Go's RFC 3339 parser checks that the day exists in that month.
/// let err = "2024-02-30T10:00:00Z".parse::<Timestamp>().unwrap_err();
/// assert_eq!(err.to_string(), r#"invalid RFC 3339 timestamp "2024-02-30T10:00:00Z""#);
/// assert_eq!(err.input(), "2024-02-30T10:00:00Z");
/// assert!("2024-02-29T10:00:00Z".parse::<Timestamp>().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid RFC 3339 timestamp {0:?}")]
pub struct TimestampError(String);

impl TimestampError {
    /// The rejected string, as written.
    pub fn input(&self) -> &str {
        &self.0
    }
}

/// Go's strict RFC 3339 check (`parseRFC3339`): fixed-width fields in range,
/// the day valid for its month, `T`, an optional `.` fraction, `Z` or
/// `±hh:mm`.
fn is_go_rfc3339(s: &[u8]) -> bool {
    if s.len() < 20 {
        return false;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        s[range].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let (Some(year), Some(month), Some(day), Some(hour), Some(minute), Some(second)) = (
        number(0..4),
        number(5..7),
        number(8..10),
        number(11..13),
        number(14..16),
        number(17..19),
    ) else {
        return false;
    };
    let separators =
        s[4] == b'-' && s[7] == b'-' && s[10] == b'T' && s[13] == b':' && s[16] == b':';
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    if !separators || !(1..=days).contains(&day) || hour > 23 || minute > 59 || second > 59 {
        return false;
    }
    let mut rest = &s[19..];
    if rest.len() >= 2 && rest[0] == b'.' && rest[1].is_ascii_digit() {
        let digits = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        rest = &rest[1 + digits..];
    }
    match rest {
        b"Z" => true,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let _ = sign;
            let two = |a: u8, b: u8| {
                (a.is_ascii_digit() && b.is_ascii_digit()).then(|| (a - b'0') * 10 + (b - b'0'))
            };
            matches!((two(*h1, *h2), two(*m1, *m2)), (Some(h), Some(m)) if h <= 23 && m <= 59)
        }
        _ => false,
    }
}

#[cfg(feature = "schema")]
pub(crate) mod schema {
    use std::borrow::Cow;

    use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

    use super::{GoDuration, Timestamp};

    /// Stands in for `toml::Value` in the schema: any value is accepted.
    pub(crate) struct AnyValue;

    impl JsonSchema for AnyValue {
        fn schema_name() -> Cow<'static, str> {
            "AnyValue".into()
        }

        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({ "description": "Any TOML value; passed on as is." })
        }
    }

    impl JsonSchema for GoDuration {
        fn schema_name() -> Cow<'static, str> {
            "GoDuration".into()
        }

        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "description": "A Go duration such as \"1h30m\" or \"90s\", or integer nanoseconds.",
                "type": ["string", "integer"],
                "pattern": "^[-+]?(0|(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$"
            })
        }
    }

    impl JsonSchema for Timestamp {
        fn schema_name() -> Cow<'static, str> {
            "Timestamp".into()
        }

        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "description": "A TOML datetime or an RFC 3339 string.",
                "type": "string",
                "format": "date-time"
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn nanos(s: &str) -> i64 {
        match s.parse::<GoDuration>() {
            Ok(d) => d.as_nanos(),
            Err(e) => panic!("{s:?} should parse: {e}"),
        }
    }

    #[track_caller]
    fn error(s: &str) -> String {
        match s.parse::<GoDuration>() {
            Ok(d) => panic!("{s:?} should fail, parsed as {}", d.as_nanos()),
            Err(e) => e.to_string(),
        }
    }

    const S: i64 = 1_000_000_000;

    #[test]
    fn parses_what_go_parses() {
        assert_eq!(nanos("0"), 0);
        assert_eq!(nanos("-0"), 0);
        assert_eq!(nanos("+0"), 0);
        assert_eq!(nanos("5s"), 5 * S);
        assert_eq!(nanos("30s"), 30 * S);
        assert_eq!(nanos("1478s"), 1478 * S);
        assert_eq!(nanos("-5s"), -5 * S);
        assert_eq!(nanos("+5s"), 5 * S);
        assert_eq!(nanos("-0s"), 0);
        assert_eq!(nanos("5.0s"), 5 * S);
        assert_eq!(nanos("5.6s"), 5 * S + 600_000_000);
        assert_eq!(nanos("5.s"), 5 * S);
        assert_eq!(nanos(".5s"), S / 2);
        assert_eq!(nanos("1.0s"), S);
        assert_eq!(nanos("1.00s"), S);
        assert_eq!(nanos("1.004s"), S + 4_000_000);
        assert_eq!(nanos("100.00100s"), 100 * S + 1_000_000);
        assert_eq!(nanos("10ns"), 10);
        assert_eq!(nanos("11us"), 11_000);
        assert_eq!(nanos("12µs"), 12_000);
        assert_eq!(nanos("12μs"), 12_000);
        assert_eq!(nanos("13ms"), 13_000_000);
        assert_eq!(nanos("15m"), 15 * 60 * S);
        assert_eq!(nanos("16h"), 16 * 3600 * S);
        assert_eq!(nanos("1.5h"), 5400 * S);
        assert_eq!(nanos("1h30m"), 5400 * S);
        assert_eq!(nanos("-2m"), -120 * S);
        assert_eq!(nanos("3h30m"), 12600 * S);
        assert_eq!(nanos("10.5s4m"), 4 * 60 * S + 10 * S + S / 2);
        assert_eq!(nanos("-2m3.4s"), -(2 * 60 * S + 3 * S + 400_000_000));
        assert_eq!(nanos("1h2m3s4ms5us6ns"), 3723 * S + 4_005_006);
        assert_eq!(nanos("39h9m14.425s"), 140_954_425_000_000);
        assert_eq!(nanos("52763797000ns"), 52_763_797_000);
        assert_eq!(nanos("0.3333333333333333333h"), 1_200 * S);
        assert_eq!(nanos("9007199254740993ns"), 9_007_199_254_740_993);
        assert_eq!(nanos("9223372036854775807ns"), i64::MAX);
        assert_eq!(nanos("9223372036854775.807us"), i64::MAX);
        assert_eq!(nanos("9223372036s854ms775us807ns"), i64::MAX);
        assert_eq!(nanos("-9223372036854775808ns"), i64::MIN);
        assert_eq!(nanos("-9223372036854775.808us"), i64::MIN);
        assert_eq!(nanos("0.100000000000000000000h"), 360 * S);
        assert_eq!(nanos("0.830103483285477580700h"), 2_988_372_539_827);
    }

    #[test]
    fn rejects_with_go_messages() {
        assert_eq!(error(""), r#"time: invalid duration """#);
        assert_eq!(error("3"), r#"time: missing unit in duration "3""#);
        assert_eq!(error("1"), r#"time: missing unit in duration "1""#);
        assert_eq!(error("-"), r#"time: invalid duration "-""#);
        assert_eq!(error("s"), r#"time: invalid duration "s""#);
        assert_eq!(error("."), r#"time: invalid duration ".""#);
        assert_eq!(error("-."), r#"time: invalid duration "-.""#);
        assert_eq!(error(".s"), r#"time: invalid duration ".s""#);
        assert_eq!(error("+.s"), r#"time: invalid duration "+.s""#);
        assert_eq!(error("1d"), r#"time: unknown unit "d" in duration "1d""#);
        assert_eq!(
            error("1.1.1s"),
            r#"time: missing unit in duration "1.1.1s""#
        );
        assert_eq!(error("5 s"), r#"time: unknown unit " s" in duration "5 s""#);
        assert_eq!(
            error("1h 30m"),
            r#"time: unknown unit "h " in duration "1h 30m""#
        );
        assert_eq!(
            error("9223372036854775808ns"),
            r#"time: invalid duration "9223372036854775808ns""#
        );
        assert_eq!(
            error("9223372036854775.808us"),
            r#"time: invalid duration "9223372036854775.808us""#
        );
        assert_eq!(
            error("-9223372036854775809ns"),
            r#"time: invalid duration "-9223372036854775809ns""#
        );
        assert_eq!(error("3000000h"), r#"time: invalid duration "3000000h""#);
        assert_eq!(error("00"), r#"time: missing unit in duration "00""#);
        assert_eq!(error("1s "), r#"time: unknown unit "s " in duration "1s ""#);
    }

    #[test]
    fn errors_say_what_was_wrong() {
        let err = "90 s".parse::<GoDuration>().unwrap_err();
        assert_eq!(err.input(), "90 s");
        assert_eq!(err.unknown_unit(), Some(" s"));
        let err = "90".parse::<GoDuration>().unwrap_err();
        assert_eq!(err.input(), "90");
        assert_eq!(err.unknown_unit(), None);
    }

    #[test]
    fn quotes_like_go() {
        assert_eq!(
            error("1\u{b5}x"),
            r#"time: unknown unit "\xc2\xb5x" in duration "1\xc2\xb5x""#
        );
        assert_eq!(error("\"1\""), r#"time: invalid duration "\"1\"""#);
        assert_eq!(
            error("1\t"),
            r#"time: unknown unit "\x09" in duration "1\x09""#
        );
        assert_eq!(error("x\\"), r#"time: invalid duration "x\\""#);
    }

    #[test]
    fn prints_like_go() {
        let go = |n: i64| GoDuration::from_nanos(n).to_go_string();
        assert_eq!(go(0), "0s");
        assert_eq!(go(1), "1ns");
        assert_eq!(go(1_100), "1.1µs");
        assert_eq!(go(2_200_000), "2.2ms");
        assert_eq!(go(3_300_000_000), "3.3s");
        assert_eq!(go(4 * 60 * S + 5 * S), "4m5s");
        assert_eq!(go(4 * 60 * S + 5 * S + 1_000_000), "4m5.001s");
        assert_eq!(
            go(5 * 3600 * S + 6 * 60 * S + 7 * S + 1),
            "5h6m7.000000001s"
        );
        assert_eq!(go(3600 * S), "1h0m0s");
        assert_eq!(go(15 * 60 * S), "15m0s");
        assert_eq!(go(-S), "-1s");
        assert_eq!(go(i64::MAX), "2562047h47m16.854775807s");
        assert_eq!(go(i64::MIN), "-2562047h47m16.854775808s");
    }

    #[test]
    fn durations_deserialize_from_strings_and_integers_and_keep_their_form() {
        #[derive(Debug, Deserialize, Serialize, PartialEq)]
        struct T {
            a: GoDuration,
            b: GoDuration,
        }
        let text = "a = \"1h30m\"\nb = 90000000000\n";
        let t: T = toml::from_str(text).unwrap();
        assert_eq!(t.a.as_nanos(), 5400 * S);
        assert_eq!(t.b.as_nanos(), 90 * S);
        assert_eq!(t.a.as_written_str(), Some("1h30m"));
        assert_eq!(t.b.as_written_str(), None);
        assert_eq!(toml::to_string(&t).unwrap(), text);
        let err = toml::from_str::<T>("a = \"1d\"\nb = 0\n").unwrap_err();
        assert!(
            err.message()
                .contains(r#"time: unknown unit "d" in duration "1d""#),
            "{err}"
        );
        assert!(toml::from_str::<T>("a = true\nb = 0\n").is_err());
    }

    #[test]
    fn timestamps_accept_go_rfc3339_strings() {
        for ok in [
            "2024-05-01T10:00:00Z",
            "2024-05-01T10:00:00.123456789Z",
            "2024-05-01T10:00:00+02:00",
            "2024-02-29T23:59:59-11:30",
            "2000-02-29T00:00:00Z",
        ] {
            let t: Timestamp = ok.parse().unwrap_or_else(|e| panic!("{ok}: {e}"));
            assert!(t.is_string());
        }
        for bad in [
            "",
            "2024-05-01",
            "2024-05-01 10:00:00Z",
            "2024-05-01t10:00:00Z",
            "2024-05-01T10:00:00",
            "2024-05-01T10:00:00z",
            "2024-05-01T10:00Z",
            "2023-02-29T10:00:00Z",
            "1900-02-29T10:00:00Z",
            "2024-13-01T10:00:00Z",
            "2024-04-31T10:00:00Z",
            "2024-05-01T24:00:00Z",
            "2024-05-01T10:00:60Z",
            "2024-05-01T10:00:00+2:00",
            "2024-05-01T10:00:00+24:00",
            "2024-05-01T10:00:00.Z",
            "2024-05-01T10:00:00,5Z",
        ] {
            assert_eq!(
                bad.parse::<Timestamp>(),
                Err(TimestampError(bad.to_owned())),
                "{bad:?} should be rejected"
            );
        }
        assert_eq!(
            "x".parse::<Timestamp>().unwrap_err().to_string(),
            r#"invalid RFC 3339 timestamp "x""#
        );
    }

    #[test]
    fn timestamps_round_trip_in_the_form_written() {
        #[derive(Debug, Deserialize, Serialize, PartialEq)]
        struct T {
            native: Timestamp,
            quoted: Timestamp,
        }
        let text = "native = 2024-05-01T10:00:00Z\nquoted = \"2024-06-01T08:30:00+02:00\"\n";
        let t: T = toml::from_str(text).unwrap();
        assert!(!t.native.is_string());
        assert!(t.quoted.is_string());
        assert_eq!(t.native.datetime().to_string(), "2024-05-01T10:00:00Z");
        assert_eq!(toml::to_string(&t).unwrap(), text);
        let bad_quoted = "native = 2024-05-01\nquoted = \"2024-05-01\"\n";
        assert!(toml::from_str::<T>(bad_quoted).is_err());
        let integer = "native = 1\nquoted = \"2024-05-01T10:00:00Z\"\n";
        assert!(toml::from_str::<T>(integer).is_err());
    }
}
