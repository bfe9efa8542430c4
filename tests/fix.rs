//! Fixes: one fixture per fixable rule, fixed and snapshotted; a second
//! `fix` changes nothing; the JSON report carries each fix (without
//! secrets); the `fix` command writes in place, keeps the file's mode, and
//! exits as documented; fixing any real config of the corpus keeps every
//! comment and every value but the fixed ones.

mod support;

use std::collections::BTreeMap;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use runner_config::check::{FileReport, check};
use runner_config::fix::{self, Applicability, FixOptions, Fixed, Unfixable, fix_text};
use runner_config::report::{self, FileOutcome};

const BIN: &str = env!("CARGO_BIN_EXE_runner-config");

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fix")
}

fn fixture(code: &str) -> String {
    fs::read_to_string(fixtures().join(format!("{code}.toml"))).expect("a fixture per fixable rule")
}

fn fixed(text: &str, unsafe_fixes: bool) -> Fixed {
    fix_text("config.toml", text, &FixOptions::new(unsafe_fixes))
}

fn codes(report: &FileReport) -> Vec<&'static str> {
    report.diagnostics.iter().map(|d| d.code()).collect()
}

fn count(report: &FileReport, code: &str) -> usize {
    report
        .diagnostics
        .iter()
        .filter(|d| d.code() == code)
        .count()
}

/// Checks one round of fixing `text`: what was fixed is gone, what is left
/// has nothing to apply, and fixing again changes nothing.
#[track_caller]
fn fixed_for_good(code: &str, text: &str, unsafe_fixes: bool) -> Fixed {
    let result = fixed(text, unsafe_fixes);
    assert_eq!(result.refused, None, "{code}");
    let applicable = result
        .before
        .diagnostics
        .iter()
        .filter(|d| d.code() == code && d.fix().is_some_and(|f| f.is_applicable(unsafe_fixes)))
        .count();
    assert_eq!(
        count(&result.after, code),
        count(&result.before, code) - applicable,
        "{code}: every finding with an applicable fix is gone\n{}",
        result.text
    );
    let left: Vec<_> = result
        .after
        .diagnostics
        .iter()
        .filter(|d| d.fix().is_some_and(|f| f.is_applicable(unsafe_fixes)))
        .map(|d| d.code())
        .collect();
    assert!(
        left.is_empty(),
        "{code}: still fixable after fixing: {left:?}"
    );
    let again = fixed(&result.text, unsafe_fixes);
    assert!(
        !again.changed(),
        "{code}: a second fix changed\n{}",
        again.diff()
    );
    assert_eq!(again.text, result.text);
    result
}

#[test]
fn every_fixable_rule_has_a_fixture_and_a_snapshot() {
    let mut stems: Vec<String> = fs::read_dir(fixtures())
        .expect("tests/fixtures/fix")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".toml"))
                .map(str::to_owned)
        })
        .collect();
    stems.sort();
    let mut fixable: Vec<String> = fix::rule_fixes().map(|f| f.code.to_owned()).collect();
    fixable.sort();
    assert_eq!(
        stems, fixable,
        "one fixture per fixable rule, named after it"
    );

    for code in &fixable {
        let text = fixture(code);
        let before = check("config.toml", &text);
        let with_fix: Vec<_> = before
            .diagnostics
            .iter()
            .filter(|d| d.code() == code && d.fix().is_some())
            .collect();
        assert!(
            !with_fix.is_empty(),
            "{code}: the fixture has a finding with a fix"
        );
        let safe = fixed_for_good(code, &text, false);
        let all = fixed_for_good(code, &text, true);
        let remaining = |f: &Fixed| format!("{:?}", codes(&f.after));
        let snapshot = format!(
            "# runner-config fix\n{}\n# remaining: {}\n\n# runner-config fix --unsafe-fixes\n{}\n# remaining: {}\n",
            safe.diff(),
            remaining(&safe),
            all.diff(),
            remaining(&all),
        );
        insta::assert_snapshot!(code.as_str(), snapshot);
    }
}

#[test]
fn every_fix_is_as_safe_as_its_rule_says() {
    for entry in fs::read_dir(fixtures()).expect("fixtures") {
        let path = entry.expect("an entry").path();
        let text = fs::read_to_string(&path).expect("a fixture");
        for d in check("config.toml", &text).diagnostics {
            let Some(found) = d.fix() else { continue };
            let documented = fix::rule_fix(d.code())
                .unwrap_or_else(|| panic!("{} has a fix but no Fix safety", d.code()));
            assert!(
                documented.applicability.contains(&found.applicability()),
                "{}: {:?}",
                d.code(),
                found.applicability()
            );
        }
    }
}

#[test]
fn safe_fixes_alone_leave_the_unsafe_ones() {
    let text = fixture("misplaced-key");
    let result = fixed(&text, false);
    assert!(!result.changed());
    assert_eq!(result.text, text, "byte-identical when nothing is fixed");
    let unsafe_left = result
        .after
        .diagnostics
        .iter()
        .filter(|d| {
            d.fix()
                .is_some_and(|f| f.applicability() == Applicability::Unsafe)
        })
        .count();
    assert_eq!(unsafe_left, 3);
}

#[test]
fn json_report_carries_the_fix() {
    let text = fixture("kubernetes-pull-policy-name");
    let files = [FileOutcome::Checked(check("config.toml", &text))];
    let mut out = Vec::new();
    report::write_json(&mut out, &files).expect("JSON");
    let json: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON");
    let findings = json["files"][0]["diagnostics"]
        .as_array()
        .expect("findings");
    let first = findings
        .iter()
        .find(|d| d["code"] == "kubernetes-pull-policy-name")
        .expect("a Kubernetes name");
    insta::assert_json_snapshot!("json_fix", first["fix"]);
    // Applying the report's edits gives what `fix` gives.
    let mut edits: Vec<(usize, usize, String)> = findings
        .iter()
        .filter(|d| d["fix"]["applicability"] == "safe")
        .flat_map(|d| d["fix"]["edits"].as_array().expect("edits").clone())
        .map(|e| {
            let number = |k: &str| e[k].as_u64().expect("a number") as usize;
            let content = e["content"].as_str().expect("text").to_owned();
            (number("offset"), number("length"), content)
        })
        .collect();
    edits.sort();
    let mut patched = text.clone();
    for (offset, length, content) in edits.iter().rev() {
        patched.replace_range(*offset..offset + length, content);
    }
    assert_eq!(patched, fixed(&text, false).text);
    // Findings without a fix have no `fix` field.
    assert!(findings.iter().any(|d| d.get("fix").is_none()));
}

const TOKEN: &str = "glrt-FIXSECRET0123456789";

#[test]
fn secret_edits_are_left_out_of_reports_and_diffs() {
    let text = format!(
        "[[runners]]\n  name = \"docker\"\n  url = \"https://gitlab.example.com\"\n  executor = \"docker\"\n  \
         [runners.docker]\n    image = \"alpine:3.19\"\n    token = \"{TOKEN}\" # misplaced\n"
    );
    let before = check("config.toml", &text);
    let misplaced = before
        .diagnostics
        .iter()
        .find(|d| d.code() == "misplaced-key")
        .expect("a misplaced token");
    let edits = misplaced.fix().expect("a move").edits();
    assert_eq!(edits.len(), 2);
    for edit in edits {
        // The deletion shows nothing; the copy holds the token.
        assert_eq!(edit.holds_secret(), !edit.content().is_empty(), "{edit:?}");
    }
    let mut out = Vec::new();
    report::write_json(&mut out, &[FileOutcome::Checked(before.clone())]).expect("JSON");
    let json = String::from_utf8(out).expect("UTF-8");
    assert!(!json.contains("FIXSECRET"), "{json}");
    let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let fix = value["files"][0]["diagnostics"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|d| d["code"] == "misplaced-key")
        .map(|d| d["fix"].clone())
        .expect("the fix");
    assert_eq!(fix["omitted_edits"], 1);
    assert_eq!(fix["edits"].as_array().map(Vec::len), Some(1));

    let result = fixed(&text, true);
    assert!(result.text.contains(&format!(
        "  executor = \"docker\"\n  token = \"{TOKEN}\" # misplaced\n"
    )));
    let diff = result.diff();
    assert!(
        diff.contains("+  token = \"************************\" # misplaced"),
        "{diff}"
    );
    assert!(!diff.contains("FIXSECRET"), "{diff}");
}

#[test]
fn files_with_syntax_errors_are_left_alone() {
    let text = "[[runners]]\nExecutor = \"docker\"\nname = \n";
    let result = fixed(text, true);
    assert_eq!(result.text, text);
    assert_eq!(
        result.refused,
        Some(Unfixable::SyntaxError { line: 3, column: 8 })
    );
    assert!(
        result
            .after
            .diagnostics
            .iter()
            .any(|d| d.code() == "syntax-error")
    );
}

#[test]
fn tables_written_in_several_places_are_not_renamed() {
    let text = "[[Runners]]\nname = \"a\"\n[[Runners]]\nname = \"b\"\n";
    let before = check("config.toml", text);
    assert!(codes(&before).contains(&"non-canonical-key-case"));
    assert!(before.diagnostics.iter().all(|d| d.fix().is_none()));
    let once = "[[Runners]]\nname = \"a\"\n";
    assert_eq!(fixed(once, false).text, "[[runners]]\nname = \"a\"\n");
}

#[test]
fn crlf_files_keep_their_line_breaks() {
    let text = "[[runners]]\r\n  executor = \"docker\"\r\n  privileged = true\r\n";
    let result = fixed(text, true);
    assert_eq!(
        result.text,
        "[[runners]]\r\n  executor = \"docker\"\r\n\r\n  [runners.docker]\r\n    privileged = true\r\n"
    );
}

// The command line.

struct Run {
    status: i32,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, args: &[&str], stdin: &str) -> Run {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("COLUMNS")
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run runner-config");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    Run {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn workdir(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("fix")
        .join(test);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("a work directory");
    dir
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    fs::metadata(path).expect("stat").permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn fix_writes_in_place_and_keeps_the_mode() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = workdir("in-place");
    let file = dir.join("config.toml");
    let text = fixture("kubernetes-pull-policy-name");
    fs::write(&file, &text).expect("write");
    fs::set_permissions(&file, fs::Permissions::from_mode(0o600)).expect("chmod");
    let done = run(&dir, &["fix", "config.toml"], "");
    assert_eq!(done.status, 0, "{}", done.stderr);
    assert_eq!(done.stdout, "");
    assert_eq!(
        done.stderr,
        "fixed 4 findings in 1 file; 2 remain (0 errors)\n"
    );
    assert_eq!(
        fs::read_to_string(&file).expect("read"),
        fixed(&text, false).text
    );
    assert_eq!(mode(&file), 0o600);
    let names: Vec<_> = fs::read_dir(&dir).expect("list").collect();
    assert_eq!(names.len(), 1, "no temporary file is left behind");
    let again = run(&dir, &["fix", "config.toml"], "");
    assert_eq!(
        again.stderr,
        "fixed 0 findings in 0 files; 2 remain (0 errors)\n"
    );
}

#[test]
fn fix_diff_writes_nothing_and_says_whether_anything_would_change() {
    let dir = workdir("diff");
    let file = dir.join("config.toml");
    let text = fixture("pull-policy-whitespace").replace("glrt-0123456789abcdef", TOKEN);
    fs::write(&file, &text).expect("write");
    let diff = run(&dir, &["fix", "--diff", "config.toml"], "");
    assert_eq!(diff.status, 1, "something would change");
    assert!(
        diff.stdout
            .starts_with("--- config.toml\n+++ config.toml\n"),
        "{}",
        diff.stdout
    );
    assert!(
        diff.stdout
            .contains("+    pull_policy = [\"always\", \"if-not-present\"]\n")
    );
    assert!(!diff.stdout.contains("FIXSECRET") && !diff.stderr.contains("FIXSECRET"));
    assert!(
        diff.stderr
            .ends_with("would fix 3 findings in 1 file; 2 would remain (0 errors)\n")
    );
    assert_eq!(
        fs::read_to_string(&file).expect("read"),
        text,
        "nothing written"
    );

    fs::write(&file, fixed(&text, false).text).expect("write");
    let clean = run(&dir, &["fix", "--diff", "config.toml"], "");
    assert_eq!(clean.status, 0, "{}", clean.stderr);
    assert_eq!(clean.stdout, "");
}

#[test]
fn fix_reads_standard_input_and_writes_the_file_out() {
    let dir = workdir("stdin");
    let text = fixture("unknown-key").replace("glrt-0123456789abcdef", TOKEN);
    let done = run(&dir, &["fix", "--unsafe-fixes", "-"], &text);
    assert_eq!(done.status, 0, "{}", done.stderr);
    assert_eq!(done.stdout, fixed(&text, true).text);
    assert!(done.stdout.contains(TOKEN), "the user's own file, as asked");
    assert!(!done.stderr.contains("FIXSECRET"));
}

#[test]
fn fix_exit_codes() {
    let dir = workdir("exit");
    assert_eq!(run(&dir, &["fix"], "").status, 2, "FILE is required");
    assert_eq!(run(&dir, &["fix", "missing.toml"], "").status, 2);
    let broken = run(&dir, &["fix", "-"], "[[runners]]\nexecutor = \n");
    assert_eq!(broken.status, 1, "an error remains");
    assert!(
        broken
            .stderr
            .starts_with("<stdin>: left as it is: it has a syntax error")
    );
    assert_eq!(broken.stdout, "[[runners]]\nexecutor = \n");
    let errors = run(&dir, &["fix", "-"], &fixture("unknown-pull-policy"));
    assert_eq!(errors.status, 1, "`sometimes` is still no policy");
}

// The corpus.

/// Every leaf value of a TOML text by dotted path, keys lower-cased (a
/// case fix is no change of value), array items by position.
fn leaves(text: &str) -> BTreeMap<String, String> {
    fn walk(prefix: &str, value: &toml::Value, out: &mut BTreeMap<String, String>) {
        match value {
            toml::Value::Table(table) => {
                for (key, inner) in table {
                    let path = if prefix.is_empty() {
                        key.to_lowercase()
                    } else {
                        format!("{prefix}.{}", key.to_lowercase())
                    };
                    walk(&path, inner, out);
                }
            }
            toml::Value::Array(items) => {
                for (i, inner) in items.iter().enumerate() {
                    walk(&format!("{prefix}[{i}]"), inner, out);
                }
            }
            other => {
                out.insert(prefix.to_owned(), other.to_string());
            }
        }
    }
    let table: toml::Table = text.parse().expect("a fixed file parses");
    let mut out = BTreeMap::new();
    walk("", &toml::Value::Table(table), &mut out);
    out
}

#[test]
fn fixing_the_corpus_keeps_every_comment_and_every_other_value() {
    if support::skip_without("corpus", "the real-config corpus") {
        return;
    }
    let dir = support::shared("corpus").expect("the corpus");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("the corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(files.len() > 100);
    let mut changed = 0;
    for path in &files {
        let name = path.display().to_string();
        let text = fs::read_to_string(path).expect("a corpus file");
        let result = fixed(&text, true);
        match &result.refused {
            None => {}
            Some(Unfixable::SyntaxError { .. }) => {
                assert_eq!(result.text, text);
                continue;
            }
            Some(other) => panic!("{name}: {other}"),
        }
        let mut kept = fix::comments(&result.text);
        let mut was = fix::comments(&text);
        kept.sort_unstable();
        was.sort_unstable();
        assert_eq!(kept, was, "{name}: every comment is kept");
        let errors = |r: &FileReport| {
            r.diagnostics
                .iter()
                .filter(|d| d.severity() == runner_config::Severity::Error)
                .count()
        };
        assert!(
            errors(&result.after) <= errors(&result.before),
            "{name}: no new error"
        );
        assert!(
            !fixed(&result.text, true).changed(),
            "{name}: a second fix changes nothing"
        );
        if !result.changed() {
            assert_eq!(result.text, text, "{name}: byte-identical");
            continue;
        }
        changed += 1;
        // Every value is where it was, except those of fixed findings
        // (changed in place, or moved or renamed: the same value elsewhere).
        let fixed_paths: Vec<String> = result
            .before
            .diagnostics
            .iter()
            .filter(|d| d.fix().is_some())
            .filter_map(|d| d.key_path().map(str::to_lowercase))
            .collect();
        let touched = |path: &str| {
            fixed_paths.iter().any(|p| {
                path == p
                    || path.starts_with(&format!("{p}."))
                    || path.starts_with(&format!("{p}["))
            })
        };
        let before = leaves(&text);
        let after = leaves(&result.text);
        let removed: Vec<(&String, &String)> = before
            .iter()
            .filter(|(k, v)| after.get(*k) != Some(v))
            .collect();
        let added: Vec<(&String, &String)> = after
            .iter()
            .filter(|(k, v)| before.get(*k) != Some(v))
            .collect();
        for (path, _) in &removed {
            assert!(touched(path), "{name}: `{path}` changed without a fix");
        }
        for (path, value) in &added {
            let moved = removed.iter().any(|(_, v)| v == value);
            assert!(
                touched(path) || moved,
                "{name}: `{path}` appeared without a fix"
            );
        }
    }
    assert!(changed > 0, "some corpus file has something to fix");
}

#[test]
fn readme_shows_what_fix_diff_prints() {
    let readme =
        fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README.md");
    let section = readme
        .split_once("### `fix`")
        .map(|(_, rest)| rest)
        .expect("the fix section");
    let block = |fence: &str| {
        section
            .split_once(fence)
            .and_then(|(_, rest)| rest.split_once("```"))
            .map(|(block, _)| block.to_owned())
            .expect("a code block")
    };
    let config = block("```toml\n");
    let shown = block("```diff\n");
    let result = fixed(&config, true);
    assert_eq!(shown, result.diff());
    assert_eq!(result.fixed, 5);
    assert_eq!(result.after.diagnostics.len(), 2);
}

#[test]
fn deep_and_broken_files_never_panic() {
    let deep_arrays = format!(
        "Concurrent = 1\na = {}{}\n",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let deep_tables = format!(
        "Concurrent = 1\na = {}1{}\n",
        "{b = ".repeat(5000),
        "}".repeat(5000)
    );
    let dotted = format!("Concurrent = 1\na{} = 1\n", ".b".repeat(20_000));
    for text in [
        deep_arrays,
        deep_tables,
        dotted,
        "Concurrent = 1\n[[runners]\n".to_owned(),
    ] {
        let result = fixed(&text, true);
        assert!(!result.changed());
        assert_eq!(result.text, text);
    }
}

#[test]
fn fixing_the_fuzz_corpus_keeps_every_file_parseable() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/check");
    for entry in fs::read_dir(&dir).expect("the fuzz corpus") {
        let path = entry.expect("an entry").path();
        let Ok(text) = fs::read_to_string(&path) else {
            continue;
        };
        let result = fixed(&text, true);
        if result.changed() {
            assert!(
                !codes(&result.after).contains(&"syntax-error"),
                "{}: {}",
                path.display(),
                result.text
            );
            assert!(!fixed(&result.text, true).changed(), "{}", path.display());
        } else {
            assert_eq!(result.text, text);
        }
    }
}

/// A fix never writes a key the release that reads the file does not read:
/// the finding says where the key would go and since when, and offers no
/// edit.
#[test]
fn fixes_only_write_keys_the_release_reads() {
    let misplaced = "[[runners]]\nexecutor = \"docker\"\nallowed_pull_policies = [\"always\"]\n\
                     [runners.docker]\nimage = \"alpine:3.20\"\n";
    let misspelt = "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\n\
                    image = \"alpine:3.20\"\nallowed_pull_policie = [\"always\"]\n";
    for (text, code) in [(misplaced, "misplaced-key"), (misspelt, "unknown-key")] {
        let mut old = FixOptions::new(true);
        old.check.runner_version = "15.0".parse().expect("a release");
        let at_15_0 = fix_text("config.toml", text, &old);
        assert_eq!(at_15_0.fixed, 0, "{code}: {}", at_15_0.text);
        let finding = at_15_0
            .before
            .diagnostics
            .iter()
            .find(|d| d.code() == code)
            .expect("the finding");
        assert!(finding.fix().is_none(), "{code}");
        let help = finding.help_text().expect("help");
        assert!(
            help.contains("15.0 does not read") && help.contains("added in 15.1"),
            "{help}"
        );
        // The newest release reads it: the fix is offered and applied.
        let newest = fix_text("config.toml", text, &FixOptions::new(true));
        assert_eq!(newest.fixed, 1, "{code}");
        assert!(
            newest.text.contains(
                "[runners.docker]\nimage = \"alpine:3.20\"\nallowed_pull_policies = [\"always\"]"
            ),
            "{code}: {}",
            newest.text
        );
    }
}
