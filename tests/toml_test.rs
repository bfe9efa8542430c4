//! The toml-test suite, as GitLab Runner's TOML decoder sees it: every file
//! of `../shared/reference/toml-test/` sorted by `runner-expectations.json`
//! is its own test, named by its path.
//!
//! - `accept`: valid TOML the runner loads. No syntax error, and the
//!   decoded values equal the `.json` beside the file (toml-test's tagged
//!   form, compared as toml-test compares them: floats as numbers,
//!   date-times as instants or local fields).
//! - `accept_lenient`: invalid TOML the runner loads anyway. No syntax
//!   error, a `lenient-toml` warning, and the merged content the runner's
//!   decoder builds (checked in: `tests/toml-test-lenient.json`).
//! - `reject`: a located `syntax-error`; bytes that are not UTF-8 are
//!   refused earlier, by the CLI, as unreadable input.
//!
//! Where the runner's decoder does not do what the list says, the file is
//! an exception ([`EXCEPTIONS`]): a test of its own, named `exception:…`,
//! that asserts what the runner does and cites the source that does it.
//!
//! Skipped, with a message, when `../shared` is absent.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, ExitCode};

use libtest_mimic::{Arguments, Failed, Trial};
use runner_config::load;
use serde_json::Value;
use toml::de::{DeTable, DeValue};
use toml::value::{Datetime, Offset};

type TestResult = Result<(), Failed>;

/// Files whose outcome differs from `runner-expectations.json`, each with
/// what GitLab Runner does and where that comes from.
const EXCEPTIONS: &[Exception] = &[Exception {
    file: "invalid/datetime/offset-overflow-minute.toml",
    listed: "reject",
    // `d = 1985-06-18 17:04:07+12:60`
    expected: r#"{"d": {"type": "datetime", "value": "1985-06-18T17:04:07+13:00"}}"#,
    why: "GitLab Runner is built with Go 1.26.5 (GO_VERSION in its \
          .gitlab/ci/_common.gitlab-ci.yml). BurntSushi/toml's valueDatetime (parse.go) \
          hands the text to time.ParseInLocation with the RFC 3339 layout; Go's strict \
          parseRFC3339 refuses minute 60 and falls back to time.parse \
          (src/time/format.go), whose zone range check is `mm > 60` (\"some people do \
          write offsets of 24 hours or 60 minutes\"). So the runner loads +12:60 as \
          +13:00; BurntSushi/toml's own suite skips this file (toml_test.go, \"Will be \
          fixed in Go 1.23\") and the fix only covers hours above 24. The TOML \
          specification forbids the offset: a lenient-toml warning.",
}];

struct Exception {
    file: &'static str,
    /// The list `runner-expectations.json` puts the file in.
    listed: &'static str,
    /// What the runner decodes, in toml-test's tagged form.
    expected: &'static str,
    why: &'static str,
}

fn main() -> ExitCode {
    let args = Arguments::from_args();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/toml-test");
    let expectations = dir.join("runner-expectations.json");
    if !expectations.is_file() {
        eprintln!(
            "toml_test: skipped, {} is absent (the shared reference material is not \
             beside this checkout)",
            expectations.display()
        );
        return libtest_mimic::run(&args, Vec::new()).exit_code();
    }
    let trials = match trials(&dir, &expectations) {
        Ok(trials) => trials,
        Err(message) => vec![Trial::test(
            "load-expectations",
            move || Err(message.into()),
        )],
    };
    libtest_mimic::run(&args, trials).exit_code()
}

fn trials(dir: &Path, expectations: &Path) -> Result<Vec<Trial>, String> {
    let lists: BTreeMap<String, Vec<String>> = read_json(expectations)?;
    let lenient_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/toml-test-lenient.json");
    let lenient: Value = read_json(&lenient_path)?;
    let lenient = lenient
        .get("documents")
        .and_then(Value::as_object)
        .cloned()
        .ok_or("toml-test-lenient.json has no `documents`")?;
    for exception in EXCEPTIONS {
        let listed = lists.get(exception.listed).ok_or("no such list")?;
        if !listed.iter().any(|f| f == exception.file) {
            return Err(format!(
                "exception {} is no longer in `{}`: remove it",
                exception.file, exception.listed
            ));
        }
    }
    let mut trials = Vec::new();
    for (list, files) in &lists {
        for file in files {
            let path = dir.join(file);
            let name = file.clone();
            if let Some(exception) = EXCEPTIONS.iter().find(|e| e.file == file) {
                trials.push(
                    Trial::test(format!("exception:{name}"), move || {
                        run_exception(&path, exception)
                    })
                    .with_kind(list.clone()),
                );
                continue;
            }
            let trial = match list.as_str() {
                "accept" => Trial::test(name, move || run_accept(&path)),
                "accept_lenient" => {
                    let expected = lenient
                        .get(file)
                        .cloned()
                        .ok_or_else(|| format!("{file}: not in toml-test-lenient.json"))?;
                    Trial::test(name, move || run_lenient(&path, &expected))
                }
                "reject" => Trial::test(name, move || run_reject(&path)),
                other => return Err(format!("unknown list `{other}`")),
            };
            trials.push(trial.with_kind(list.clone()));
        }
    }
    Ok(trials)
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn read(path: &Path) -> Result<Vec<u8>, Failed> {
    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()).into())
}

fn text(path: &Path) -> Result<String, Failed> {
    String::from_utf8(read(path)?).map_err(|e| format!("not UTF-8: {e}").into())
}

/// The syntax errors of a file, as `line: message`.
fn syntax_errors(text: &str) -> Vec<String> {
    load::parse_toml(text)
        .diagnostics()
        .iter()
        .filter(|d| d.code() == "syntax-error")
        .map(|d| format!("{:?}: {}", d.span(), d.message()))
        .collect()
}

fn run_accept(path: &Path) -> TestResult {
    let text = text(path)?;
    let errors = syntax_errors(&text);
    if !errors.is_empty() {
        return Err(format!("the runner loads this file, we report {errors:#?}").into());
    }
    let loaded = load::load(&text);
    if let Some(d) = loaded
        .diagnostics()
        .iter()
        .find(|d| d.code() == "syntax-error")
    {
        return Err(format!("load() reports a syntax error: {}", d.message()).into());
    }
    let document = load::parse_toml(&text);
    if let Some(d) = document.diagnostics().first() {
        return Err(format!("valid TOML warned about: {}: {}", d.code(), d.message()).into());
    }
    let expected: Value = read_json(&path.with_extension("json"))?;
    compare(&expected, document.table())
}

fn run_lenient(path: &Path, expected: &Value) -> TestResult {
    let text = text(path)?;
    let errors = syntax_errors(&text);
    if !errors.is_empty() {
        return Err(format!("the runner loads this file, we report {errors:#?}").into());
    }
    let document = load::parse_toml(&text);
    if !document
        .diagnostics()
        .iter()
        .any(|d| d.code() == "lenient-toml" && d.span().is_some())
    {
        return Err(format!(
            "no located lenient-toml warning: {:#?}",
            document.diagnostics()
        )
        .into());
    }
    compare(expected, document.table())
}

fn run_reject(path: &Path) -> TestResult {
    let bytes = read(path)?;
    let Ok(text) = String::from_utf8(bytes) else {
        return rejected_as_unreadable(path);
    };
    let document = load::parse_toml(&text);
    let located = document
        .diagnostics()
        .iter()
        .filter(|d| d.code() == "syntax-error")
        .all(|d| d.span().is_some_and(|s| s.end <= text.len()));
    if syntax_errors(&text).is_empty() || !located {
        return Err(format!(
            "the runner refuses this file, we report {:#?}",
            document.diagnostics()
        )
        .into());
    }
    Ok(())
}

/// Bytes that are not UTF-8 never reach the loader: the CLI refuses them.
/// A UTF-16 byte order mark is skipped as the runner skips it, and the
/// NUL bytes of UTF-16 then refuse the file in the runner's words.
fn rejected_as_unreadable(path: &Path) -> TestResult {
    let bytes = read(path)?;
    if bytes.starts_with(&[0xfe, 0xff]) || bytes.starts_with(&[0xff, 0xfe]) {
        let output = Command::new(env!("CARGO_BIN_EXE_runner-config"))
            .arg("check")
            .arg(path)
            .env("NO_COLOR", "1")
            .output()
            .map_err(|e| format!("runner-config: {e}"))?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        if output.status.code() != Some(1) || !stdout.contains("probably using UTF-16") {
            return Err(format!(
                "expected the runner's UTF-16 refusal (exit 1), got {:?}: {stdout}",
                output.status.code()
            )
            .into());
        }
        return Ok(());
    }
    let output = Command::new(env!("CARGO_BIN_EXE_runner-config"))
        .arg("check")
        .arg(path)
        .env("NO_COLOR", "1")
        .output()
        .map_err(|e| format!("runner-config: {e}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.code() != Some(2) || !stderr.contains("not UTF-8 text") {
        return Err(format!(
            "expected the CLI to refuse the bytes (exit 2, \"not UTF-8 text\"), got {:?}: {stderr}",
            output.status.code()
        )
        .into());
    }
    Ok(())
}

fn run_exception(path: &Path, exception: &Exception) -> TestResult {
    let text = text(path)?;
    let errors = syntax_errors(&text);
    if !errors.is_empty() {
        return Err(format!("{}\nwe report {errors:#?}", exception.why).into());
    }
    let document = load::parse_toml(&text);
    if !document
        .diagnostics()
        .iter()
        .any(|d| d.code() == "lenient-toml")
    {
        return Err(format!("{}\nno lenient-toml warning", exception.why).into());
    }
    let expected: Value =
        serde_json::from_str(exception.expected).map_err(|e| format!("expected: {e}"))?;
    compare(&expected, document.table()).map_err(|e| format!("{}\n{e:?}", exception.why).into())
}

// ---------------------------------------------------------------------
// Comparing values as toml-test does.
// ---------------------------------------------------------------------

/// A decoded value reduced to what toml-test compares.
#[derive(Debug, PartialEq)]
enum Norm {
    Table(BTreeMap<String, Norm>),
    Array(Vec<Norm>),
    String(String),
    Integer(i64),
    /// `None` is NaN (of either sign: toml-test ignores it).
    Float(Option<f64>),
    Bool(bool),
    Datetime(Moment),
}

/// A date-time as toml-test compares it: an instant for offset
/// date-times (so `Z` and `+00:00` are equal), the fields otherwise.
#[derive(Debug, PartialEq)]
enum Moment {
    Instant { seconds: i64, nanos: u32 },
    Local(&'static str, [u32; 7]),
}

fn compare(expected: &Value, actual: &DeTable<'_>) -> TestResult {
    let want = from_json(expected).map_err(|e| format!("expected JSON: {e}"))?;
    let have = from_table(actual).map_err(|e| format!("decoded value: {e}"))?;
    if want != have {
        return Err(format!("values differ\nexpected: {want:#?}\ndecoded:  {have:#?}").into());
    }
    Ok(())
}

fn from_json(value: &Value) -> Result<Norm, String> {
    match value {
        Value::Array(items) => items
            .iter()
            .map(from_json)
            .collect::<Result<_, _>>()
            .map(Norm::Array),
        Value::Object(map) => {
            if let (Some(Value::String(kind)), Some(Value::String(text)), 2) =
                (map.get("type"), map.get("value"), map.len())
            {
                return tagged(kind, text);
            }
            map.iter()
                .map(|(k, v)| Ok((k.clone(), from_json(v)?)))
                .collect::<Result<_, String>>()
                .map(Norm::Table)
        }
        other => Err(format!("untagged value {other}")),
    }
}

fn tagged(kind: &str, text: &str) -> Result<Norm, String> {
    Ok(match kind {
        "string" => Norm::String(text.to_owned()),
        "integer" => Norm::Integer(text.parse().map_err(|e| format!("{text}: {e}"))?),
        "float" => Norm::Float(float(text)?),
        "bool" => Norm::Bool(text == "true"),
        "datetime" | "datetime-local" | "date-local" | "time-local" => {
            let datetime: Datetime = text.parse().map_err(|e| format!("{text}: {e}"))?;
            Norm::Datetime(moment(&datetime))
        }
        other => return Err(format!("unknown type {other}")),
    })
}

fn float(text: &str) -> Result<Option<f64>, String> {
    let text = text.replace('_', "");
    if text.trim_start_matches(['+', '-']) == "nan" {
        return Ok(None);
    }
    text.parse::<f64>()
        .map(Some)
        .map_err(|e| format!("{text}: {e}"))
}

fn from_table(table: &DeTable<'_>) -> Result<Norm, String> {
    table
        .iter()
        .map(|(k, v)| Ok((k.get_ref().to_string(), from_value(v.get_ref())?)))
        .collect::<Result<_, String>>()
        .map(Norm::Table)
}

fn from_value(value: &DeValue<'_>) -> Result<Norm, String> {
    Ok(match value {
        DeValue::String(s) => Norm::String(s.to_string()),
        DeValue::Integer(i) => Norm::Integer(
            i64::from_str_radix(i.as_str(), i.radix()).map_err(|e| format!("{i}: {e}"))?,
        ),
        DeValue::Float(f) => Norm::Float(float(f.as_str())?),
        DeValue::Boolean(b) => Norm::Bool(*b),
        DeValue::Datetime(d) => Norm::Datetime(moment(d)),
        DeValue::Array(items) => Norm::Array(
            items
                .iter()
                .map(|item| from_value(item.get_ref()))
                .collect::<Result<_, _>>()?,
        ),
        DeValue::Table(table) => from_table(table)?,
    })
}

fn moment(datetime: &Datetime) -> Moment {
    let (year, month, day) = datetime
        .date
        .map_or((0, 0, 0), |d| (d.year.into(), d.month.into(), d.day.into()));
    let (hour, minute, second, nanos) = datetime.time.map_or((0, 0, 0, 0), |t| {
        (
            t.hour.into(),
            t.minute.into(),
            t.second.unwrap_or(0).into(),
            t.nanosecond.unwrap_or(0),
        )
    });
    let Some(offset) = datetime.offset else {
        let kind = match (datetime.date.is_some(), datetime.time.is_some()) {
            (true, true) => "datetime-local",
            (true, false) => "date-local",
            _ => "time-local",
        };
        return Moment::Local(kind, [year, month, day, hour, minute, second, nanos]);
    };
    let minutes = match offset {
        Offset::Z => 0,
        Offset::Custom { minutes } => i64::from(minutes),
    };
    let days = days_from_civil(i64::from(year), i64::from(month), i64::from(day));
    let seconds =
        days * 86_400 + i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second)
            - minutes * 60;
    Moment::Instant { seconds, nanos }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}
