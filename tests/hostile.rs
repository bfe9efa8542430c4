//! Hostile inputs: huge, deep, malformed or not text at all. Each test
//! asserts the specific outcome a user should see (which finding, where, or
//! which exit status and message), not merely that nothing panicked.

use std::path::PathBuf;
use std::process::{Command, Output};

use runner_config::check::{FileReport, check};
use runner_config::load::load;
use runner_config::{Diagnostic, Severity};

/// What every bare `[[runners]]` entry of these tests gets (no `url`, no
/// token, one request at a time): true, and not what these tests are about.
const BARE_ENTRY: [&str; 3] = [
    "url-not-http",
    "empty-runner-token",
    "long-polling-bottleneck",
];

/// The codes found, without those of a bare entry.
fn codes(report: &FileReport) -> Vec<&'static str> {
    report
        .diagnostics
        .iter()
        .map(Diagnostic::code)
        .filter(|code| !BARE_ENTRY.contains(code))
        .collect()
}

fn only<'a>(report: &'a FileReport, code: &str) -> &'a Diagnostic {
    let found: Vec<&Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.code() == code)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one `{code}` expected: {:#?}",
        report.diagnostics
    );
    found[0]
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("hostile")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

fn cli(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_runner-config"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn json_of(path: &std::path::Path) -> (Option<i32>, serde_json::Value) {
    let output = cli(&[
        "check".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        path.as_os_str(),
    ]);
    let json = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: stdout {:?}, stderr {:?}",
            String::from_utf8_lossy(&output.stdout),
            stderr(&output)
        )
    });
    (output.status.code(), json)
}

/// A 2 MiB value on one line is an ordinary value: it loads whole, and where
/// it is wrong the finding covers all of it.
#[test]
fn two_mebibyte_single_line_string() {
    let big = "a".repeat(2 << 20);
    let text = format!("[[runners]]\nexecutor = \"shell\"\nname = \"{big}\"\n");
    let loaded = load(&text);
    let config = loaded.config().expect("a long name is valid");
    assert_eq!(config.runners[0].name.as_deref(), Some(big.as_str()));
    assert!(codes(&check("big.toml", &text)).is_empty());

    let prefix = "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\nimage = \"";
    let text = format!("{prefix}{big}\"\n");
    let report = check("big.toml", &text);
    let finding = only(&report, "invalid-image-reference");
    assert_eq!(finding.severity(), Severity::Error);
    assert_eq!(finding.span(), Some(prefix.len()..prefix.len() + big.len()));
    assert_eq!(report.source.line_col(prefix.len()), (4, 10));
}

/// toml's parser stops nesting arrays and inline tables at depth 80 with a
/// located error, so 10 000 levels cannot exhaust the stack.
#[test]
fn ten_thousand_nested_arrays_and_inline_tables() {
    const DEPTH: usize = 10_000;
    // `x = ` then one `[` per level: the 81st opens at 4 + 80.
    let arrays = format!("x = {}{}\n", "[".repeat(DEPTH), "]".repeat(DEPTH));
    // `{a = ` is five bytes a level: the 81st opens at 4 + 80 * 5.
    let tables = format!("x = {}1{}\n", "{a = ".repeat(DEPTH), "}".repeat(DEPTH));
    for (text, at) in [(arrays, 84), (tables, 404)] {
        let report = check("deep.toml", &text);
        assert_eq!(codes(&report), ["unknown-key", "syntax-error"]);
        let error = only(&report, "syntax-error");
        assert_eq!(
            error.message(),
            "cannot recurse further; max recursion depth met"
        );
        assert_eq!(error.span(), Some(at..at + 1));
        assert_eq!(report.source.line_col(at), (1, at + 1));
    }
}

/// Depth 80 is the deepest toml accepts: no syntax error, only the unknown
/// key.
#[test]
fn deepest_accepted_nesting_is_80() {
    let arrays = format!("x = {}{}\n", "[".repeat(80), "]".repeat(80));
    let tables = format!("x = {}1{}\n", "{a = ".repeat(80), "}".repeat(80));
    for text in [arrays, tables] {
        assert_eq!(codes(&check("deep.toml", &text)), ["unknown-key"]);
    }
}

/// `x = {a.a…(79 parts) = {a.a… = …}}` nested `levels` deep under a runner:
/// each inline table opens 79 more tables through one dotted key.
fn dotted_nesting(levels: usize) -> String {
    let key = vec!["a"; 79].join(".");
    let mut text = String::from("[[runners]]\nexecutor = \"shell\"\nx = ");
    for _ in 0..levels {
        text.push_str(&format!("{{{key} = "));
    }
    text.push('1');
    text.push_str(&"}".repeat(levels));
    text.push('\n');
    text
}

/// Dotted keys multiply the depth toml's limit allows: each of up to 80
/// nested inline tables may open 79 more tables through one dotted key, so
/// a 13 kB file makes a tree ~6 300 tables deep. Every pass over it that
/// recurses (toml's own drop of `DeValue`, the loader's walk) uses stack per
/// level. 30 levels (~2 400 tables) fit a 2 MiB stack in a debug build.
#[test]
fn dotted_keys_in_nested_inline_tables() {
    let report = check("dotted.toml", &dotted_nesting(30));
    let finding = only(&report, "unknown-key");
    assert_eq!(finding.span(), Some(31..32));
    assert_eq!(codes(&report), ["unknown-key"]);
}

const STACK_CHILD: &str = "RUNNER_CONFIG_HOSTILE_STACK_CHILD";

/// The deepest tree toml accepts (79 x 79 levels), checked on a thread with
/// Rust's default 2 MiB stack, in a child process: a stack overflow aborts
/// the process, which would take every other test down with it.
///
/// Fails today in debug builds (the `cargo test` default): toml's
/// recursive drop of the parsed tree overflows the stack. A library call
/// on a 13 kB file must not abort its caller.
#[test]
fn deepest_dotted_nesting_fits_a_default_thread_stack() {
    let output = Command::new(std::env::current_exe().expect("the test binary"))
        .args(["--exact", "deepest_dotted_nesting_child", "--nocapture"])
        .env(STACK_CHILD, "1")
        .output()
        .expect("the test binary runs");
    assert!(
        output.status.success(),
        "check() on 79 x 79 nested dotted tables died on a 2 MiB stack ({}):\n{}",
        output.status,
        stderr(&output)
    );
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("1 passed"),
        "the child test ran"
    );
}

/// The child of the test above; does nothing unless started by it.
#[test]
fn deepest_dotted_nesting_child() {
    if std::env::var_os(STACK_CHILD).is_none() {
        return;
    }
    let text = dotted_nesting(79);
    let found = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || codes(&check("dotted.toml", &text)))
        .expect("a thread")
        .join()
        .expect("no panic");
    assert_eq!(found, ["unknown-key"]);
}

/// A table header or dotted key with more than 80 parts: GitLab Runner's
/// decoder (BurntSushi/toml) has no limit on key parts, so the file loads;
/// the unknown key is found and located, nothing is called a syntax error.
#[test]
fn over_long_dotted_key_is_located() {
    let parts = vec!["a"; 81].join(".");
    for text in [format!("[{parts}]\n"), format!("{parts} = 1\n")] {
        let report = check("dotted.toml", &text);
        assert_eq!(codes(&report), ["unknown-key"], "{text}");
        let finding = only(&report, "unknown-key");
        let span = finding.span().expect("located");
        assert_eq!(&text[span.clone()], "a");
        assert_eq!(report.source.line_col(span.start).0, 1);
    }
}

/// A 100 000-character key is an unknown key, located exactly, with no
/// "did you mean" (nothing is within reach of it).
#[test]
fn hundred_thousand_character_key() {
    let key = "k".repeat(100_000);
    let text = format!("[[runners]]\nexecutor = \"shell\"\n{key} = 1\n");
    let report = check("key.toml", &text);
    let finding = only(&report, "unknown-key");
    assert_eq!(codes(&report), ["unknown-key"]);
    assert_eq!(finding.span(), Some(31..31 + key.len()));
    assert_eq!(finding.help_text(), None);
    assert_eq!(report.source.line_col(31), (3, 1));
    assert_eq!(report.source.line_col(31 + key.len()), (3, 100_001));
}

/// 50 000 `[runners.docker]` headers with no `[[runners]]`: the first makes
/// `runners` a table (the runner refuses that), each repeat is a duplicate
/// table, every one reported at its own line.
#[test]
fn fifty_thousand_runners_docker_headers_without_runners() {
    const HEADERS: usize = 50_000;
    let header = "[runners.docker]\n";
    let text = header.repeat(HEADERS);
    let report = check("headers.toml", &text);
    assert_eq!(report.diagnostics.len(), HEADERS);
    let first = &report.diagnostics[0];
    assert_eq!(first.code(), "type-mismatch");
    assert_eq!(first.severity(), Severity::Error);
    assert_eq!(first.span(), Some(1..8), "`runners` in the first header");
    for (i, d) in report.diagnostics.iter().enumerate().skip(1) {
        assert_eq!(d.code(), "syntax-error");
        assert_eq!(
            d.message(),
            "the table `runners.docker` is already defined on line 1"
        );
        // `docker` in header i.
        let start = i * header.len() + "[runners.".len();
        assert_eq!(d.span(), Some(start..start + "docker".len()));
    }
    assert_eq!(
        report.source.line_col(HEADERS * header.len() - 8),
        (HEADERS, 10)
    );
}

const RUNNER: &str = "[[runners]]\nexecutor = \"shell\"\n";

/// A raw control character in a string is a syntax error at that
/// character; escaped, it is a valid value.
#[test]
fn control_characters() {
    for c in ['\u{1}', '\u{7}', '\u{1b}', '\u{7f}'] {
        let text = format!("{RUNNER}name = \"a{c}b\"\n");
        let report = check("ctrl.toml", &text);
        let error = only(&report, "syntax-error");
        let at = RUNNER.len() + "name = \"a".len();
        assert_eq!(error.span(), Some(at..at + 1), "{c:?}");
        assert_eq!(report.source.line_col(at), (3, 10));
    }
    let text = format!("{RUNNER}name = \"a\\u0007b\\u001B\"\n");
    let loaded = load(&text);
    let config = loaded
        .config()
        .expect("escaped control characters are valid");
    assert_eq!(config.runners[0].name.as_deref(), Some("a\u{7}b\u{1b}"));
}

/// `\ud800`..`\udfff` name no character: a syntax error located at the
/// escape, and no value is made up for it.
#[test]
fn lone_surrogate_escapes() {
    for escape in ["\\ud800", "\\uDBFF", "\\udc00", "\\U0000DFFF"] {
        let text = format!("{RUNNER}name = \"{escape}\"\n");
        let report = check("surrogate.toml", &text);
        let error = only(&report, "syntax-error");
        assert_eq!(error.severity(), Severity::Error);
        let escape_at = RUNNER.len() + "name = \"".len();
        let span = error.span().expect("located");
        assert!(
            span.start >= escape_at && span.end <= escape_at + escape.len(),
            "{escape}: {span:?} is not on the escape"
        );
        assert_eq!(report.source.line_col(span.start).0, 3);
        assert!(load(&text).config().is_err(), "{escape}: not a valid file");
    }
}

/// NUL is a control character like any other: in a string and in a comment
/// it is a syntax error at its own offset.
#[test]
fn nul_bytes() {
    let text = format!("{RUNNER}name = \"a\0b\"\n");
    let report = check("nul.toml", &text);
    let at = RUNNER.len() + "name = \"a".len();
    assert_eq!(only(&report, "syntax-error").span(), Some(at..at + 1));

    let text = format!("# a\0b\n{RUNNER}");
    let report = check("nul.toml", &text);
    let error = only(&report, "syntax-error");
    let span = error.span().expect("located");
    assert_eq!(span.start, 3, "at the NUL");
    assert_eq!(report.source.line_col(span.start), (1, 4));
}

/// A UTF-8 byte order mark is accepted; offsets count its three bytes,
/// columns count it as the one character it is.
#[test]
fn byte_order_mark() {
    let text = "\u{feff}[[runners]]\nexecutor = \"shell\"\nlimit = \"x\"\n";
    let report = check("bom.toml", text);
    assert_eq!(codes(&report), ["type-mismatch"]);
    let at = text.find("\"x\"").expect("the value");
    assert_eq!(only(&report, "type-mismatch").span(), Some(at..at + 3));
    assert_eq!(report.source.line_col(at), (3, 9));

    let text = "\u{feff}concurrent = \"x\"\n";
    let report = check("bom.toml", text);
    assert_eq!(report.diagnostics[0].span(), Some(16..19));
    assert_eq!(report.source.line_col(16), (1, 15));
}

/// CRLF line endings: lines and columns in the JSON report are those an
/// editor shows, and the `\r` is never part of a finding.
#[test]
fn crlf_line_endings_through_the_cli() {
    let dir = scratch("crlf");
    let path = dir.join("crlf.toml");
    let text = "[[runners]]\r\nexecutor = \"shell\"\r\nlimit = \"x\"\r\nbogus = 1\r\n";
    std::fs::write(&path, text).expect("write");
    let (code, json) = json_of(&path);
    assert_eq!(code, Some(1), "{json:#}");
    let findings: Vec<&serde_json::Value> = json["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| !BARE_ENTRY.iter().any(|code| d["code"] == *code))
        .collect();
    assert_eq!(findings.len(), 2, "{json:#}");

    let limit = &findings[0];
    assert_eq!(limit["code"], "type-mismatch");
    assert_eq!(
        (
            &limit["line"],
            &limit["column"],
            &limit["end_line"],
            &limit["end_column"]
        ),
        (&3.into(), &9.into(), &3.into(), &12.into())
    );
    assert_eq!(limit["offset"], text.find("\"x\"").expect("value"));
    assert_eq!(limit["length"], 3);

    let bogus = &findings[1];
    assert_eq!(bogus["code"], "unknown-key");
    assert_eq!(
        (
            &bogus["line"],
            &bogus["column"],
            &bogus["end_line"],
            &bogus["end_column"]
        ),
        (&4.into(), &1.into(), &4.into(), &6.into())
    );
    assert_eq!(bogus["offset"], text.find("bogus").expect("key"));
    assert_eq!(bogus["length"], 5);
}

/// Bytes that are not UTF-8: exit 2, and stderr names the file and the
/// offset of the first bad byte.
#[test]
fn invalid_utf8_through_the_cli() {
    let dir = scratch("utf8");
    let path = dir.join("latin1.toml");
    std::fs::write(&path, b"[[runners]]\nname = \"caf\xe9\"\n").expect("write");
    let output = cli(&["check".as_ref(), path.as_os_str()]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains(&path.display().to_string()), "{err}");
    assert!(
        err.contains("not UTF-8 text (invalid byte at offset 23)"),
        "{err}"
    );
}

/// A directory is not a file: exit 2 and stderr names it.
#[test]
fn directory_through_the_cli() {
    let dir = scratch("directory");
    let output = cli(&["check".as_ref(), dir.as_os_str()]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains(&format!("error: cannot read {}", dir.display())),
        "{err}"
    );
    assert!(err.to_lowercase().contains("directory"), "{err}");
}

/// Past 16 MiB the CLI stops reading: exit 2, a clear reason naming the
/// file, and no findings for a truncated text.
#[test]
fn seventeen_mebibyte_file_through_the_cli() {
    let dir = scratch("large");
    let path = dir.join("large.toml");
    let mut text = b"# padding\n".repeat(17 * 1024 * 1024 / 10 + 1);
    text.extend_from_slice(b"[[runners]]\nexecutor = \"shell\"\n");
    assert!(text.len() > 17 * 1024 * 1024);
    std::fs::write(&path, &text).expect("write");
    let (code, json) = json_of(&path);
    assert_eq!(code, Some(2), "{json:#}");
    let file = &json["files"][0];
    assert_eq!(file["path"], path.display().to_string());
    assert_eq!(
        file["error"],
        "larger than 16 MiB, too large for a config file"
    );
    assert_eq!(file["diagnostics"], serde_json::json!([]));
    assert_eq!(json["summary"]["unreadable"], 1);

    let output = cli(&["check".as_ref(), path.as_os_str()]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains(&format!(
            "error: cannot read {}: larger than 16 MiB",
            path.display()
        )),
        "{err}"
    );
}

/// Every line a token value is written on is redacted, including lines
/// whose value the runner never reads: a second `token` in one table (a
/// syntax error) and a `TOKEN` beside `token` (the runner reads `token`).
/// Both are still secrets, and the human report shows their lines.
#[test]
fn ignored_token_values_are_not_rendered() {
    use miette::{GraphicalReportHandler, GraphicalTheme};
    let old = "glrt-ignoredOldValue1";
    for text in [
        format!("[[runners]]\ntoken = \"glrt-currentValue22\"\ntoken = \"{old}\"\n"),
        format!("[[runners]]\nTOKEN = \"{old}\"\ntoken = \"glrt-currentValue22\"\n"),
    ] {
        let report = check("dup.toml", &text);
        assert!(!report.diagnostics.is_empty(), "{text}");
        assert!(
            !report.source.text().contains(old),
            "not redacted in {text:?}"
        );
        let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor());
        let mut out = String::new();
        for d in &report.diagnostics {
            handler
                .render_report(&mut out, &d.with_source(&report.source))
                .expect("render");
        }
        assert!(!out.contains(old), "printed:\n{out}");
    }
}
