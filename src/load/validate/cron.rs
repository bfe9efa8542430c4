//! Which period expressions gorhill/cronexpr accepts: the parser behind
//! `[[runners.machine.autoscaling]] Periods` and
//! `[[runners.monitoring.job_queuing_durations]] periods`.
//!
//! A port of the acceptance rules of `cronexpr.Parse` (commit
//! `88b0669f7d75`, the version GitLab Runner's `go.mod` pins), not of its
//! schedule computation: this only says whether an expression parses, and
//! if not, gives cronexpr's own message and where the fault is.
//!
//! What cronexpr does, in order:
//! - `@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily` and `@hourly`
//!   are replaced, wherever they occur and only in lower case, by their
//!   seven-field expansions;
//! - fields are runs of anything but ASCII space, tab, newline, form feed
//!   and carriage return (Go's `\S+`); fewer than 5 is an error, more than 7
//!   are ignored;
//! - 5 fields are minute, hour, day of month, month, day of week; 6 add a
//!   year; 7 put seconds first and the year last;
//! - each field is a comma-separated list (empty items are skipped; a field
//!   of commas only is an error), each item lower-cased, then one of `*` or
//!   `?`, a value, `a-b`, `*/n`, `a/n`, `a-b/n`; the day of month also takes
//!   `L`, `LW` and `15W`, the day of week `5L` and `5#3`;
//! - values are the digits the field's pattern allows (`0?[0-9]|[1-5][0-9]`
//!   for minutes: `7`, `07`, `59`, not `007` or `60`), month and weekday
//!   names (`jan`, `january`, `mon`, `monday`); steps are from `1` to the
//!   field's maximum, and only spellings in cronexpr's number table count
//!   (`05` is 5, `005` is 0, hence invalid);
//! - a bad step is reported first, for any item of the field; then items
//!   are checked in order, except that in the seconds, minutes, hours,
//!   months and years a `*` ends the check of its field (`*,bogus` is
//!   accepted, `bogus,*` is not).
//!
//! Reversed ranges (`17-9`) parse: they select nothing.

use std::fmt;
use std::ops::Range;

/// Why cronexpr refuses an expression. `Display` is cronexpr's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CronError {
    kind: Kind,
    span: Option<Range<usize>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    /// Fewer than five fields.
    MissingFields,
    /// A field made of commas only.
    MissingDirective(Field),
    /// A step of zero, above the field's maximum or not in cronexpr's
    /// number table; holds the item, lower-cased.
    InvalidInterval(String),
    /// An item that is none of the accepted forms; holds it as written.
    Syntax(Field, String),
}

impl CronError {
    /// The byte range of the faulty field or item in the expression, when
    /// the expression held no `@` alias (their expansion moves offsets).
    pub(crate) fn span(&self) -> Option<Range<usize>> {
        self.span.clone()
    }
}

impl fmt::Display for CronError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            Kind::MissingFields => f.write_str("missing field(s)"),
            Kind::MissingDirective(field) => write!(f, "{} field: missing directive", field.name()),
            Kind::InvalidInterval(item) => write!(f, "invalid interval {item}"),
            Kind::Syntax(field, item) => {
                write!(f, "syntax error in {} field: '{item}'", field.name())
            }
        }
    }
}

/// The fields of an expression, with cronexpr's names for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Second,
    Minute,
    Hour,
    DayOfMonth,
    Month,
    DayOfWeek,
    Year,
}

const MONTHS: [&str; 23] = [
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const WEEKDAYS: [&str; 14] = [
    "sun",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sunday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
];

impl Field {
    fn name(self) -> &'static str {
        match self {
            Self::Second => "second",
            Self::Minute => "minute",
            Self::Hour => "hour",
            Self::DayOfMonth => "day-of-month",
            Self::Month => "month",
            Self::DayOfWeek => "day-of-week",
            Self::Year => "year",
        }
    }

    /// The largest step cronexpr allows (the field's maximum value).
    fn max(self) -> u32 {
        match self {
            Self::Second | Self::Minute => 59,
            Self::Hour => 23,
            Self::DayOfMonth => 31,
            Self::Month => 12,
            Self::DayOfWeek => 6,
            Self::Year => 2099,
        }
    }

    /// Whether `s` (lower-cased) matches the field's value pattern.
    fn is_value(self, s: &str) -> bool {
        let (digits, low, high) = match self {
            Self::Second | Self::Minute => (1..=2, 0, 59),
            Self::Hour => (1..=2, 0, 23),
            Self::DayOfMonth => (1..=2, 1, 31),
            Self::Month => (1..=2, 1, 12),
            // `0?[0-7]`: 7 is Sunday again.
            Self::DayOfWeek => (1..=2, 0, 7),
            Self::Year => (4..=4, 1970, 2099),
        };
        let numeric = digits.contains(&s.len())
            && s.bytes().all(|b| b.is_ascii_digit())
            && s.parse::<u32>().is_ok_and(|n| (low..=high).contains(&n));
        numeric
            || match self {
                Self::Month => MONTHS.contains(&s),
                Self::DayOfWeek => WEEKDAYS.contains(&s),
                _ => false,
            }
    }
}

/// cronexpr's `atoi` for steps: a lookup in its table of `0`–`59`,
/// `00`–`09` and `1970`–`2099`; anything else is 0.
fn step_value(s: &str) -> u32 {
    let in_table = match s.len() {
        1 => true,
        2 => {
            s.starts_with('0')
                || s.as_bytes()
                    .first()
                    .is_some_and(|b| (b'1'..=b'5').contains(b))
        }
        4 => s.parse::<u32>().is_ok_and(|n| (1970..=2099).contains(&n)),
        _ => false,
    };
    if in_table && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().unwrap_or(0)
    } else {
        0
    }
}

/// The aliases cronexpr expands, in its order.
const ALIASES: [(&str, &str); 6] = [
    ("@yearly", "0 0 0 1 1 * *"),
    ("@annually", "0 0 0 1 1 * *"),
    ("@monthly", "0 0 0 1 * * *"),
    ("@weekly", "0 0 0 * * 0 *"),
    ("@daily", "0 0 0 * * * *"),
    ("@hourly", "0 0 * * * * *"),
];

/// Expands the aliases wherever they occur, as Go's `strings.Replacer`
/// does (left to right, without overlaps; no alias is a prefix of
/// another). `None` when there is none.
fn expand_aliases(expr: &str) -> Option<String> {
    if !expr.contains('@') {
        return None;
    }
    let mut out = String::with_capacity(expr.len() + 16);
    let mut rest = expr;
    let mut expanded = false;
    while let Some(at) = rest.find('@') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match ALIASES.iter().find(|(alias, _)| rest.starts_with(alias)) {
            Some((alias, expansion)) => {
                out.push_str(expansion);
                rest = &rest[alias.len()..];
                expanded = true;
            }
            None => {
                out.push('@');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    expanded.then_some(out)
}

/// Go's `\s`: ASCII space, tab, newline, form feed, carriage return (not
/// vertical tab, not Unicode spaces).
fn is_go_space(c: char) -> bool {
    c.is_ascii_whitespace()
}

/// Byte ranges of `s`'s runs of `keep` characters.
fn runs(s: &str, keep: impl Fn(char) -> bool) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        match (keep(c), start) {
            (true, None) => start = Some(i),
            (false, Some(from)) => {
                out.push(from..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(from) = start {
        out.push(from..s.len());
    }
    out
}

/// Go's `strings.ToLower`, as far as matching ASCII tokens goes: simple
/// case mapping, under which U+0130 (`İ`) becomes `i` and the Kelvin sign
/// `k`.
fn go_lower(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{130}' => 'i',
            '\u{212a}' => 'k',
            _ if c.is_ascii() => c.to_ascii_lowercase(),
            _ => {
                let mut lower = c.to_lowercase();
                match (lower.next(), lower.next()) {
                    (Some(l), None) => l,
                    _ => c,
                }
            }
        })
        .collect()
}

/// What one comma-separated item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item {
    /// `*` or `?`.
    All,
    /// A value, range or step.
    Some,
    /// None of the generic forms; the day fields have their own.
    Other,
}

/// Whether `s` is digits only (Go's `\d+`).
fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `s` is `a-b` with two values of `field`.
fn is_range(field: Field, s: &str) -> bool {
    s.split_once('-')
        .is_some_and(|(a, b)| field.is_value(a) && field.is_value(b))
}

/// Classifies one lower-cased item; `Err` for a bad step.
fn classify(field: Field, s: &str) -> Result<Item, ()> {
    if s == "*" || s == "?" {
        return Ok(Item::All);
    }
    if field.is_value(s) || is_range(field, s) {
        return Ok(Item::Some);
    }
    let Some((base, step)) = s.split_once('/') else {
        return Ok(Item::Other);
    };
    let base_ok = base == "*" || field.is_value(base) || is_range(field, base);
    if !base_ok || !is_digits(step) {
        return Ok(Item::Other);
    }
    let step = step_value(step);
    if step < 1 || step > field.max() {
        return Err(());
    }
    Ok(Item::Some)
}

/// The forms only the day-of-month field takes: `L`, `LW`, `15W`.
fn is_day_of_month_special(s: &str) -> bool {
    s == "l"
        || s == "lw"
        || s.strip_suffix('w')
            .is_some_and(|v| Field::DayOfMonth.is_value(v))
}

/// The forms only the day-of-week field takes: `5L`, `5#3`.
fn is_day_of_week_special(s: &str) -> bool {
    if let Some(v) = s.strip_suffix('l') {
        return Field::DayOfWeek.is_value(v);
    }
    s.split_once('#')
        .is_some_and(|(v, n)| Field::DayOfWeek.is_value(v) && matches!(n.as_bytes(), [b'1'..=b'5']))
}

/// Checks one field whose text is `expr[range]`.
fn field(expr: &str, range: Range<usize>, field: Field) -> Result<(), CronError> {
    let text = &expr[range.clone()];
    let items = runs(text, |c| c != ',');
    let at = |r: &Range<usize>| range.start + r.start..range.start + r.end;
    if items.is_empty() {
        return Err(CronError {
            kind: Kind::MissingDirective(field),
            span: Some(range),
        });
    }
    let mut kinds = Vec::with_capacity(items.len());
    for item in &items {
        let lower = go_lower(&text[item.clone()]);
        match classify(field, &lower) {
            Ok(kind) => kinds.push((kind, lower)),
            Err(()) => {
                return Err(CronError {
                    kind: Kind::InvalidInterval(lower),
                    span: Some(at(item)),
                });
            }
        }
    }
    for (item, (kind, lower)) in items.iter().zip(&kinds) {
        let special = match field {
            Field::DayOfMonth => is_day_of_month_special(lower),
            Field::DayOfWeek => is_day_of_week_special(lower),
            _ => false,
        };
        match kind {
            Item::All if !matches!(field, Field::DayOfMonth | Field::DayOfWeek) => return Ok(()),
            Item::Other if !special => {
                return Err(CronError {
                    kind: Kind::Syntax(field, text[item.clone()].to_owned()),
                    span: Some(at(item)),
                });
            }
            _ => {}
        }
    }
    Ok(())
}

/// Checks `expr` as cronexpr's `Parse` does.
pub(crate) fn parse(expr: &str) -> Result<(), CronError> {
    let expanded = expand_aliases(expr);
    let text = expanded.as_deref().unwrap_or(expr);
    let fields = runs(text, |c| !is_go_space(c));
    let result = check_fields(text, &fields);
    result.map_err(|mut error| {
        if expanded.is_some() {
            error.span = None;
        }
        if error.kind == Kind::MissingFields {
            error.span = None;
        }
        error
    })
}

/// Which field each run of text is, by how many there are; `None` for
/// fewer than five.
fn layout(count: usize) -> Option<&'static [Field]> {
    use Field::*;
    match count {
        0..=4 => None,
        5 => Some(&[Minute, Hour, DayOfMonth, Month, DayOfWeek]),
        6 => Some(&[Minute, Hour, DayOfMonth, Month, DayOfWeek, Year]),
        // Fields past the seventh are ignored.
        _ => Some(&[Second, Minute, Hour, DayOfMonth, Month, DayOfWeek, Year]),
    }
}

fn check_fields(text: &str, fields: &[Range<usize>]) -> Result<(), CronError> {
    let Some(order) = layout(fields.len()) else {
        return Err(CronError {
            kind: Kind::MissingFields,
            span: None,
        });
    };
    for (range, &kind) in fields.iter().zip(order) {
        field(text, range.clone(), kind)?;
    }
    Ok(())
}

/// A field of a valid expression that selects nothing: seconds, minutes,
/// hours or months written only as ranges from high to low (`22-6`).
/// cronexpr builds an empty list for it, and its `Next` then indexes that
/// list: the runner panics (`index out of range [0] with length 0`) the
/// first time it checks the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EmptyField {
    field: Field,
    text: String,
    span: Option<Range<usize>>,
}

impl EmptyField {
    /// cronexpr's name for the field (`hour`).
    pub(crate) fn name(&self) -> &'static str {
        self.field.name()
    }

    /// The field as written.
    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// Where the field is in the expression (`None` after an alias).
    pub(crate) fn span(&self) -> Option<Range<usize>> {
        self.span.clone()
    }

    /// The field as the range that wraps around it meant, when it is one
    /// range: `22-6` → `22-23,0-6`, `nov-feb` → `nov-dec,jan-feb`.
    pub(crate) fn wrapped(&self) -> Option<String> {
        let (low, high) = self.text.split_once('-')?;
        if self.text.contains([',', '/']) {
            return None;
        }
        let named = low.starts_with(|c: char| c.is_ascii_alphabetic());
        let (first, last) = match self.field {
            Field::Second | Field::Minute => ("0", "59"),
            Field::Hour => ("0", "23"),
            Field::Month if named => ("jan", "dec"),
            Field::Month => ("1", "12"),
            _ => return None,
        };
        Some(format!("{low}-{last},{first}-{high}"))
    }
}

/// The first field of `expr` that cronexpr accepts but fills with nothing
/// where its schedule needs something (see [`EmptyField`]); `None` when
/// `expr` is invalid (see [`parse`]) or has none.
pub(crate) fn empty_field(expr: &str) -> Option<EmptyField> {
    parse(expr).ok()?;
    let expanded = expand_aliases(expr);
    let text = expanded.as_deref().unwrap_or(expr);
    let fields = runs(text, |c| !is_go_space(c));
    let order = layout(fields.len())?;
    fields.iter().zip(order).find_map(|(range, &field)| {
        let written = &text[range.clone()];
        let listed = matches!(
            field,
            Field::Second | Field::Minute | Field::Hour | Field::Month
        );
        (listed && selects_nothing(field, written)).then(|| EmptyField {
            field,
            text: written.to_owned(),
            span: expanded.is_none().then(|| range.clone()),
        })
    })
}

/// A month or day of week written with a leading zero (`01`), which
/// cronexpr accepts but reads as another value: its month table knows only
/// `1` to `12` (so `01` is month 0, which breaks its schedule) and its day table
/// only `0` to `7` (so `01` to `06` are Sunday).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ZeroPadded {
    field: Field,
    text: String,
    span: Option<Range<usize>>,
}

impl ZeroPadded {
    /// cronexpr's name for the field (`month`).
    pub(crate) fn name(&self) -> &'static str {
        self.field.name()
    }

    /// The value as written (`01`).
    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// What cronexpr reads for it.
    pub(crate) fn read_as(&self) -> &'static str {
        match self.field {
            Field::Month => {
                "month 0, which breaks cronexpr's schedule: the period is almost never in force"
            }
            _ => "Sunday (0)",
        }
    }

    /// Where the value is in the expression (`None` after an alias).
    pub(crate) fn span(&self) -> Option<Range<usize>> {
        self.span.clone()
    }
}

/// The first zero-padded month or day of week of a valid `expr` (see
/// [`ZeroPadded`]).
pub(crate) fn zero_padded(expr: &str) -> Option<ZeroPadded> {
    parse(expr).ok()?;
    let expanded = expand_aliases(expr);
    let text = expanded.as_deref().unwrap_or(expr);
    let fields = runs(text, |c| !is_go_space(c));
    let order = layout(fields.len())?;
    fields.iter().zip(order).find_map(|(range, &field)| {
        let highest = match field {
            Field::Month => b'9',
            Field::DayOfWeek => b'6',
            _ => return None,
        };
        let written = text.get(range.clone())?;
        // Values are what ranges and lists are made of; a step (`/2`) is
        // read from the number table, which has `01`.
        let mut offset = 0;
        for item in written.split(',') {
            let range_part = item.split('/').next().unwrap_or_default();
            let mut at = offset;
            for value in range_part.split('-') {
                let b = value.as_bytes();
                if b.len() == 2 && b[0] == b'0' && (b'1'..=highest).contains(&b[1]) {
                    let start = range.start + at;
                    return Some(ZeroPadded {
                        field,
                        text: value.to_owned(),
                        span: expanded.is_none().then(|| start..start + 2),
                    });
                }
                at += value.len() + 1;
            }
            offset += item.len() + 1;
        }
        None
    })
}

/// Whether every item of a valid field is a range from high to low.
fn selects_nothing(field: Field, text: &str) -> bool {
    text.split(',').filter(|item| !item.is_empty()).all(|item| {
        let item = go_lower(item);
        let range = item
            .split_once('/')
            .map_or(item.as_str(), |(range, _)| range);
        range.split_once('-').is_some_and(|(low, high)| {
            field.is_value(low) && field.is_value(high) && value(field, low) > value(field, high)
        })
    })
}

/// The number cronexpr reads for a value: months by their own table
/// (names, and `1` to `12`, so `01` is 0), other fields by its number
/// table.
fn value(field: Field, s: &str) -> u32 {
    /// The month of each name in [`MONTHS`].
    const NUMBERS: [u32; 23] = [
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12,
    ];
    if field != Field::Month {
        return step_value(s);
    }
    match MONTHS.iter().position(|m| *m == s) {
        Some(i) => NUMBERS.get(i).copied().unwrap_or(0),
        None if s.starts_with('0') => 0,
        None => s.parse().unwrap_or(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_padded_months_and_days_are_found() {
        fn found(expr: &str) -> Option<(&'static str, String, Option<&str>)> {
            zero_padded(expr).map(|z| (z.name(), z.text().to_owned(), z.span().map(|s| &expr[s])))
        }
        assert_eq!(
            found("* * 9-17 * * 01-05 *"),
            Some(("day-of-week", "01".to_owned(), Some("01")))
        );
        assert_eq!(
            found("* * * * 1,03-06 * *"),
            Some(("month", "03".to_owned(), Some("03")))
        );
        assert_eq!(
            found("0 09 * 01 *"),
            Some(("month", "01".to_owned(), Some("01")))
        );
        // Hours, minutes and days of month have `01` in their table; steps
        // too; `07` and `00` are Sunday, as meant.
        for expr in [
            "* 05 09 01 * * *",
            "* * * * */02 * *",
            "* * * * * 00,07 *",
            "* * * * 10-12 * *",
        ] {
            assert_eq!(found(expr), None, "{expr}");
        }
    }

    #[track_caller]
    fn ok(expr: &str) {
        assert_eq!(parse(expr), Ok(()), "{expr:?}");
    }

    #[track_caller]
    fn err(expr: &str, message: &str) {
        match parse(expr) {
            Ok(()) => panic!("{expr:?} parsed"),
            Err(e) => assert_eq!(e.to_string(), message, "{expr:?}"),
        }
    }

    #[track_caller]
    fn err_at(expr: &str, message: &str, faulty: &str) {
        let e = parse(expr).unwrap_err();
        assert_eq!(e.to_string(), message, "{expr:?}");
        assert_eq!(e.span().map(|s| &expr[s]), Some(faulty), "{expr:?}");
    }

    /// Every expression of cronexpr's own tests and benchmarks parses.
    #[test]
    fn cronexprs_own_expressions_parse() {
        for expr in [
            "* * * * * * *",
            "*/5 * * * * * *",
            "* * * * *",
            "17-43/5 * * * *",
            "15-30/4,55 * * * *",
            "0 0 * * MON",
            "0 0 * * friday",
            "0 0 * * 6,7",
            "0 0 * * 6#5",
            "0 0 14W * *",
            "0 0 30W * *",
            "0 0 L * *",
            "0 0 LW * *",
            "* * * * * 1980",
            "* * * * * 2050",
            "* * * * * 2099",
            "@hourly",
            "@weekly",
            "@yearly",
            "30 3 15W 3/3 *",
            "30 0 0 1-31/5 Oct-Dec * 2000,2006,2008,2013-2015",
            "0 0 0 * Feb-Nov/2 thu#3 2000-2050",
        ] {
            ok(expr);
        }
    }

    /// cronexpr's `TestInterval_Interval60Issue`.
    #[test]
    fn steps_of_sixty_and_more_are_refused() {
        err("*/60 * * * * *", "invalid interval */60");
        err("*/61 * * * * *", "invalid interval */61");
        err("2/60 * * * * *", "invalid interval 2/60");
        err("2-20/61 * * * * *", "invalid interval 2-20/61");
    }

    /// The runner's own examples, from its docs and tests.
    #[test]
    fn the_runners_examples_parse() {
        for expr in [
            "* * 9-17 * * mon-fri *",
            "* * * * * sat,sun *",
            "* * 0-9,18-23 * * mon-fri *",
            "* 0 14 * * wed *",
        ] {
            ok(expr);
        }
    }

    /// Results measured with cronexpr 88b0669f7d75 under Go: the
    /// expression and cronexpr's error, if any.
    const MEASURED: &[(&str, Option<&str>)] = &[
        ("@daily", None),
        ("@daily 2020", None),
        ("@annually", None),
        ("@monthly", None),
        ("0 0 * * * * * extra fields are ignored", None),
        ("* * * * * ?", None),
        ("? ? ? ? ?", None),
        ("*,bogus * * * *", None),
        ("1,,2 * * * *", None),
        (",5 * * * *", None),
        ("00 00 01 01 00", None),
        ("59 23 31 12 7", None),
        ("* * * * sunday-saturday", None),
        ("* * * JANUARY-december *", None),
        ("* * * * * * 1970-2099/1999", None),
        ("* * * * * 5l", Some("syntax error in year field: '5l'")),
        (
            "* * * * * sundayl",
            Some("syntax error in year field: 'sundayl'"),
        ),
        (
            "* * * * * 0#1,7#5",
            Some("syntax error in year field: '0#1'"),
        ),
        ("* * 1w * *", None),
        (
            "* * * * 13-1",
            Some("syntax error in day-of-week field: '13-1'"),
        ),
        ("0 0 17-9 * * * *", None),
        (
            "*\u{b}* * * * *",
            Some("syntax error in minute field: '*\u{b}*'"),
        ),
        ("* * * * FR\u{130}DAY", None),
        ("*/05 * * * *", None),
        ("", Some("missing field(s)")),
        ("@DAILY", Some("missing field(s)")),
        ("* * * *", Some("missing field(s)")),
        ("x@daily", Some("syntax error in second field: 'x0'")),
        (
            "bogus,* * * * *",
            Some("syntax error in minute field: 'bogus'"),
        ),
        (", * * * *", Some("minute field: missing directive")),
        ("60 * * * *", Some("syntax error in minute field: '60'")),
        ("007 * * * *", Some("syntax error in minute field: '007'")),
        ("* 24 * * *", Some("syntax error in hour field: '24'")),
        ("* * 0 * *", Some("syntax error in day-of-month field: '0'")),
        (
            "* * 32 * *",
            Some("syntax error in day-of-month field: '32'"),
        ),
        (
            "* * 0W * *",
            Some("syntax error in day-of-month field: '0W'"),
        ),
        ("* * * 13 *", Some("syntax error in month field: '13'")),
        ("* * * Janu *", Some("syntax error in month field: 'Janu'")),
        ("* * * * 8", Some("syntax error in day-of-week field: '8'")),
        (
            "* * * * 5#6",
            Some("syntax error in day-of-week field: '5#6'"),
        ),
        ("* * * * L", Some("syntax error in day-of-week field: 'L'")),
        ("* * * * * 1969", Some("syntax error in year field: '1969'")),
        ("* * * * * 2100", Some("syntax error in year field: '2100'")),
        ("*/0 * * * *", Some("invalid interval */0")),
        ("*/005 * * * *", Some("invalid interval */005")),
        ("* * * * */7", Some("invalid interval */7")),
        ("bogus,*/0 * * * *", Some("invalid interval */0")),
        ("* * * * MON/0", Some("invalid interval mon/0")),
        ("?/5 * * * *", Some("syntax error in minute field: '?/5'")),
        ("*/5a * * * *", Some("syntax error in minute field: '*/5a'")),
        ("* * * * * * 2000 1 2 3", None),
        (
            "1-2-3 * * * *",
            Some("syntax error in minute field: '1-2-3'"),
        ),
        (
            "* * * * mon-fri-sat",
            Some("syntax error in day-of-week field: 'mon-fri-sat'"),
        ),
        (
            "* * * * \u{a0}",
            Some("syntax error in day-of-week field: '\u{a0}'"),
        ),
        ("* * 25 * * * *", Some("syntax error in hour field: '25'")),
        ("0,*/0 * * * *", Some("invalid interval */0")),
        ("* ,,, * * *", Some("hour field: missing directive")),
        ("@daily x", None),
        ("* *", Some("missing field(s)")),
        ("* * * * * 6l", Some("syntax error in year field: '6l'")),
        ("* * * * * 6L,5#1", Some("syntax error in year field: '6L'")),
        ("* * L,LW,15W * *", None),
        (
            "* * l-5 * *",
            Some("syntax error in day-of-month field: 'l-5'"),
        ),
        ("* * * * 1-5/2", None),
        ("* * * 1/13 *", Some("invalid interval 1/13")),
        ("* * * 1/12 *", None),
        ("* * * * * * */2099", None),
        ("* * * * * * */2100", Some("invalid interval */2100")),
        ("* * * * * * 2000/1970", None),
        ("* * * * * * 2000-2010/59", None),
        (
            "* * 5L * *",
            Some("syntax error in day-of-month field: '5L'"),
        ),
        (
            "* * * * 5W",
            Some("syntax error in day-of-week field: '5W'"),
        ),
        (
            "* * * * KELVIN",
            Some("syntax error in day-of-week field: 'KELVIN'"),
        ),
        (
            "* * * * \u{212a}",
            Some("syntax error in day-of-week field: '\u{212a}'"),
        ),
        ("* * * may-jun *", None),
        ("* * * * 0-7", None),
        ("* * * * 00-07", None),
        (
            "* * * * 08",
            Some("syntax error in day-of-week field: '08'"),
        ),
        ("* * * * */6", None),
        ("* */23 * * *", None),
        ("* */24 * * *", Some("invalid interval */24")),
        ("* * */31 * *", None),
        ("* * */32 * *", Some("invalid interval */32")),
        ("*/59 * * * *", None),
        ("*/1 * * * *", None),
        ("* * * * * ,,,", Some("year field: missing directive")),
        ("* * * * * 2000,", None),
        ("a b c d e", Some("syntax error in minute field: 'a'")),
        ("*\t*\n*\r*\u{c}*", None),
        ("0 0 0 1 1 * * @hourly", None),
        ("@hourly@daily", Some("syntax error in year field: '*0'")),
        ("@hour", Some("missing field(s)")),
        ("@@daily", Some("syntax error in second field: '@0'")),
        (
            "* * * * mon,*,bogus",
            Some("syntax error in day-of-week field: 'bogus'"),
        ),
        (
            "* * * * *,bogus",
            Some("syntax error in day-of-week field: 'bogus'"),
        ),
        (
            "* * *,bogus * *",
            Some("syntax error in day-of-month field: 'bogus'"),
        ),
        (
            "* * * * 1#0",
            Some("syntax error in day-of-week field: '1#0'"),
        ),
    ];

    #[test]
    fn matches_cronexpr_on_edge_cases() {
        for (expr, expected) in MEASURED {
            let got = parse(expr).map_err(|e| e.to_string());
            assert_eq!(got.err().as_deref(), *expected, "{expr:?}");
        }
    }

    #[test]
    fn errors_point_at_the_faulty_item() {
        err_at("* * 25 * * * *", "syntax error in hour field: '25'", "25");
        err_at("0,*/0 * * * *", "invalid interval */0", "*/0");
        err_at("* ,,, * * *", "hour field: missing directive", ",,,");
        assert_eq!(parse("x@daily").unwrap_err().span(), None);
        assert_eq!(parse("* *").unwrap_err().span(), None);
    }

    /// Measured: cronexpr accepts these, then `Next` panics (index out of
    /// range) on the empty list, or finds nothing.
    #[test]
    fn empty_fields_are_found() {
        for (expr, field, text) in [
            ("* * 22-6 * * * *", "hour", "22-6"),
            ("5-1 * * * * * *", "second", "5-1"),
            ("30-10/5 * * * *", "minute", "30-10/5"),
            ("* * * * feb-jan * *", "month", "feb-jan"),
            ("* * * * 12-01 * *", "month", "12-01"),
            ("* * 23-0,,20-1 * * * *", "hour", "23-0,,20-1"),
        ] {
            let empty = empty_field(expr).unwrap_or_else(|| panic!("{expr}"));
            assert_eq!((empty.name(), empty.text()), (field, text), "{expr}");
            if expr.starts_with("* * 22") {
                assert_eq!(empty.wrapped().as_deref(), Some("22-23,0-6"));
            }
            if text == "feb-jan" {
                assert_eq!(empty.wrapped().as_deref(), Some("feb-dec,jan-jan"));
            }
            assert_eq!(empty.span().map(|s| &expr[s]), Some(text));
        }
        for expr in [
            "* * 9-17 * * * *",
            "* * 22-6,12 * * * *",
            "* * 22-6,* * * * *",
            "* * 6-6 * * * *",
            "* * * * 01-06 * *",
            "* * * * * 5-1 *",
            "* * * 5-1 * * *",
            "* * * * * * 2030-2020",
            "@daily",
            "* * 25 * * * *",
        ] {
            assert_eq!(empty_field(expr), None, "{expr}");
        }
    }
}
