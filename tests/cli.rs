//! The `runner-config` binary end to end: exit statuses, what goes to which
//! stream, and snapshots of every output format.
//!
//! Each test copies the fixtures it needs from `tests/fixtures/cli/` into
//! its own directory with chosen permissions (a checkout's modes depend on
//! the umask) and runs the binary there, so reports show short, stable
//! paths. Every run asserts that the fixtures' token never appears.
#![cfg(feature = "cli")]

use std::fs;
use std::path::{Path, PathBuf};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cli");
/// The runner token in the fixtures; no output may contain it, whole or in
/// part.
const TOKEN: &str = "glrt-FIXTURESECRET0123456789";
const TOKEN_PART: &str = "FIXTURESECRET";

/// Owner-only: no permission finding.
const PRIVATE: u32 = 0o600;
/// Readable by everyone: a permission finding when the file holds a token.
const SHARED: u32 = 0o644;

mod cli_support;
use cli_support::{Run, run_binary};

/// A fresh directory named after the test, holding copies of `files` with
/// the given modes.
fn workdir(test: &str, files: &[(&str, u32)]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli")
        .join(test);
    if dir.exists() {
        fs::remove_dir_all(&dir).expect("remove the old work directory");
    }
    fs::create_dir_all(&dir).expect("create the work directory");
    for &(name, mode) in files {
        let to = dir.join(name);
        fs::copy(Path::new(FIXTURES).join(name), &to).expect("copy a fixture");
        set_mode(&to, mode);
    }
    dir
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).expect("chmod a fixture");
}

#[cfg(not(unix))]
fn set_mode(_: &Path, _: u32) {}

/// Runs the binary in `dir` without colour, a terminal width or a home
/// directory from the caller's environment. The work directories lie
/// inside this crate's checkout, so git's `GIT_CEILING_DIRECTORIES` keeps
/// the search for a work tree in `dir`: files there count as deployed
/// unless a test puts a `.git` in `dir`.
fn run_with(dir: &Path, args: &[&str], stdin: &[u8], env: &[(&str, &Path)]) -> Run {
    let run = run_binary(dir, args, stdin, env);
    for stream in [&run.stdout, &run.stderr] {
        assert!(!stream.contains(TOKEN_PART), "the token leaked: {run:#?}");
        assert!(
            !stream.contains('\u{1b}'),
            "colour although NO_COLOR is set: {run:#?}"
        );
    }
    run
}

fn run(dir: &Path, args: &[&str]) -> Run {
    run_with(dir, args, b"", &[])
}

#[track_caller]
fn assert_status(run: &Run, status: i32) {
    assert_eq!(run.status, status, "{run:#?}");
}

#[test]
fn fixtures_hold_the_token() {
    // Without this, the leak checks in every run could pass vacuously.
    for name in ["clean.toml", "mistakes.toml"] {
        let text = fs::read_to_string(Path::new(FIXTURES).join(name)).expect("read a fixture");
        assert!(text.contains(TOKEN), "{name}");
    }
}

#[test]
fn clean_file_exits_0_and_says_so() {
    let dir = workdir("clean", &[("clean.toml", PRIVATE)]);
    let run = run(&dir, &["check", "clean.toml"]);
    assert_status(&run, 0);
    assert_eq!(
        run.stdout,
        "clean.toml: no problems found\nchecked 1 file: 0 errors, 0 warnings, 0 infos\n"
    );
    assert_eq!(run.stderr, "");
}

#[test]
#[cfg(unix)]
fn warnings_alone_exit_0_unless_denied() {
    let dir = workdir("warnings", &[("clean.toml", SHARED)]);
    let run1 = run(&dir, &["check", "clean.toml"]);
    assert_status(&run1, 0);
    assert!(run1.stdout.contains("config-file-permissions"), "{run1:#?}");
    assert!(
        run1.stdout
            .ends_with("checked 1 file: 0 errors, 1 warning, 0 infos\n")
    );

    assert_status(&run(&dir, &["check", "--deny-warnings", "clean.toml"]), 1);
    assert_status(
        &run(
            &dir,
            &["check", "clean.toml", "--deny-warnings", "--format=json"],
        ),
        1,
    );
}

#[test]
#[cfg(unix)]
fn overrides_change_severity_and_the_last_flag_wins() {
    let dir = workdir("overrides", &[("clean.toml", SHARED)]);
    let denied = run(
        &dir,
        &["check", "--deny", "config-file-permissions", "clean.toml"],
    );
    assert_status(&denied, 1);
    assert!(
        denied
            .stdout
            .ends_with("checked 1 file: 1 error, 0 warnings, 0 infos\n")
    );

    let allowed = run(
        &dir,
        &["check", "--allow", "config-file-permissions", "clean.toml"],
    );
    assert_status(&allowed, 0);
    assert!(
        allowed
            .stdout
            .starts_with("clean.toml: no problems found\n"),
        "{allowed:#?}"
    );

    let code = "config-file-permissions";
    let last_deny = run(
        &dir,
        &["check", "--allow", code, "--deny", code, "clean.toml"],
    );
    assert_status(&last_deny, 1);
    let last_allow = run(
        &dir,
        &[
            "check",
            "--deny",
            code,
            "--allow",
            code,
            "--deny-warnings",
            "clean.toml",
        ],
    );
    assert_status(&last_allow, 0);
}

#[test]
#[cfg(unix)]
fn file_mode_matters_only_with_a_token() {
    let dir = workdir("mode", &[("clean.toml", SHARED), ("broken.toml", SHARED)]);
    let run = run(
        &dir,
        &["check", "--format", "json", "clean.toml", "broken.toml"],
    );
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let codes = |file: usize| -> Vec<String> {
        json["files"][file]["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .map(|d| d["code"].as_str().expect("a code").to_owned())
            .collect()
    };
    assert!(codes(0).contains(&"config-file-permissions".to_owned()));
    assert!(!codes(1).contains(&"config-file-permissions".to_owned()));
}

#[test]
#[cfg(unix)]
fn in_a_git_work_tree_a_real_token_matters_and_the_mode_does_not() {
    let dir = workdir("work-tree", &[("clean.toml", SHARED)]);
    let deployed = run(&dir, &["check", "--deny-warnings", "clean.toml"]);
    assert_status(&deployed, 1);
    assert!(deployed.stdout.contains("config-file-permissions"));

    fs::create_dir(dir.join(".git")).expect("create .git");
    let checkout = run(
        &dir,
        &["check", "--format", "json", "--deny-warnings", "clean.toml"],
    );
    assert_status(&checkout, 1);
    let report: serde_json::Value = serde_json::from_str(&checkout.stdout).expect("JSON");
    let findings = report["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics");
    let codes: Vec<&str> = findings.iter().filter_map(|d| d["code"].as_str()).collect();
    assert_eq!(codes, ["runner-token-in-repository"], "{checkout:#?}");
    assert_eq!(findings[0]["key"], "runners[0].token");
    assert_eq!(findings[0]["severity"], "warning");
    let human = run(&dir, &["check", "clean.toml"]);
    assert_status(&human, 0);
    insta::assert_snapshot!("work_tree", human.stdout);
    // A token kept out of the file is the fix: nothing left to report.
    let text = fs::read_to_string(dir.join("clean.toml")).expect("read");
    fs::write(dir.join("clean.toml"), text.replace(TOKEN, "$RUNNER_TOKEN")).expect("write");
    let fixed = run(&dir, &["check", "--deny-warnings", "clean.toml"]);
    assert_status(&fixed, 0);
}

#[test]
fn syntax_error_exits_1() {
    let dir = workdir("syntax", &[("broken.toml", PRIVATE)]);
    let run = run(&dir, &["check", "broken.toml"]);
    assert_status(&run, 1);
    assert!(run.stdout.contains("syntax-error"));
    assert!(run.stdout.contains("[broken.toml:11:20]"), "{run:#?}");
    assert!(
        run.stdout
            .ends_with("checked 1 file: 1 error, 0 warnings, 0 infos\n")
    );
}

#[test]
fn load_time_findings_cannot_be_allowed_or_warned() {
    let dir = workdir("fatal-overrides", &[("broken.toml", PRIVATE)]);
    for (flag, what) in [("--allow", "allowed"), ("--warn", "made a warning")] {
        let run = run(&dir, &["check", flag, "syntax-error", "broken.toml"]);
        assert_status(&run, 2);
        assert_eq!(run.stdout, "", "nothing is checked: {run:#?}");
        assert_eq!(
            run.stderr,
            format!(
                "error: `syntax-error` cannot be {what}: GitLab Runner refuses to load a file \
                 with this finding, so it always fails the check\n"
            )
        );
    }
    let denied = run(&dir, &["check", "--deny", "syntax-error", "broken.toml"]);
    assert_status(&denied, 1);
}

#[test]
fn missing_file_exits_2() {
    let dir = workdir("missing", &[]);
    let run = run(&dir, &["check", "missing.toml"]);
    assert_status(&run, 2);
    assert!(
        run.stderr.starts_with("error: cannot read missing.toml: "),
        "{run:#?}"
    );
}

#[test]
fn readable_files_are_reported_when_another_is_missing() {
    let dir = workdir("partly-missing", &[("broken.toml", PRIVATE)]);
    let human = run(&dir, &["check", "broken.toml", "missing.toml"]);
    assert_status(&human, 2);
    assert!(human.stdout.contains("syntax-error"));
    assert!(
        human.stdout.ends_with(
            "checked 1 of 2 files (1 could not be read): 1 error, 0 warnings, 0 infos\n"
        )
    );
    assert!(human.stderr.contains("cannot read missing.toml"));

    let json = run(
        &dir,
        &["check", "--format", "json", "broken.toml", "missing.toml"],
    );
    assert_status(&json, 2);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(report["files"][0]["error"], serde_json::Value::Null);
    assert_eq!(report["files"][1]["path"], "missing.toml");
    assert!(report["files"][1]["error"].is_string());
    assert_eq!(report["summary"]["unreadable"], 1);

    // Code Quality: paths relative to where the job runs, however given,
    // and the unreadable file as an entry of its own.
    let absolute = dir.join("broken.toml");
    let absolute = absolute.to_str().expect("a UTF-8 path");
    let gitlab = run(
        &dir,
        &["check", "--format", "gitlab", absolute, "./missing.toml"],
    );
    assert_status(&gitlab, 2);
    let issues: serde_json::Value = serde_json::from_str(&gitlab.stdout).expect("JSON");
    let issues = issues.as_array().expect("an array");
    let paths: Vec<&str> = issues
        .iter()
        .filter_map(|issue| issue["location"]["path"].as_str())
        .collect();
    assert_eq!(paths, ["broken.toml", "missing.toml"], "{gitlab:#?}");
    assert_eq!(issues[1]["check_name"], "unreadable-file");
}

#[test]
fn text_that_is_not_utf8_exits_2() {
    let dir = workdir("latin1", &[("latin1.toml", PRIVATE)]);
    let run = run(&dir, &["check", "latin1.toml"]);
    assert_status(&run, 2);
    assert_eq!(
        run.stderr,
        "error: cannot read latin1.toml: not UTF-8 text (invalid byte at offset 26)\n"
    );
}

/// GitLab Runner skips a UTF-16 byte order mark in front of UTF-8 text and
/// refuses real UTF-16 (NUL bytes): so do we, in its words.
#[test]
fn a_utf16_byte_order_mark_is_skipped_and_utf16_refused() {
    let dir = workdir("utf16", &[]);
    fs::write(dir.join("marked.toml"), b"\xff\xfeconcurrent = 2\n").expect("write");
    let utf16: Vec<u8> = b"\xff\xfe"
        .iter()
        .copied()
        .chain("concurrent = 2\n".bytes().flat_map(|b| [b, 0]))
        .collect();
    fs::write(dir.join("utf16.toml"), utf16).expect("write");
    let marked = run(&dir, &["check", "marked.toml"]);
    assert_status(&marked, 0);
    let refused = run(&dir, &["check", "--format", "json", "utf16.toml"]);
    assert_status(&refused, 1);
    assert!(
        refused.stdout.contains(
            "files cannot contain NULL bytes; probably using UTF-16; TOML files must be UTF-8"
        ),
        "{}",
        refused.stdout
    );
}

#[test]
fn a_directory_exits_2() {
    let dir = workdir("directory", &[]);
    assert_status(&run(&dir, &["check", "."]), 2);
}

#[test]
fn usage_errors_exit_2() {
    let dir = workdir("usage", &[("clean.toml", PRIVATE)]);
    for args in [
        &["check", "--bogus", "clean.toml"][..],
        &["check", "--format", "xml", "clean.toml"],
        &["check", "--deny"],
        &["lint", "clean.toml"],
    ] {
        let run = run(&dir, args);
        assert_status(&run, 2);
        assert_eq!(run.stdout, "", "{args:?}");
        assert!(run.stderr.starts_with("error: "), "{args:?}: {run:#?}");
    }
    // No subcommand: the overview goes to standard error, as a usage error.
    let bare = run(&dir, &[]);
    assert_status(&bare, 2);
    assert!(
        bare.stderr.contains("Usage: runner-config <COMMAND>"),
        "{bare:#?}"
    );
}

#[test]
fn unknown_rule_codes_are_usage_errors_with_a_suggestion() {
    let dir = workdir("unknown-code", &[("clean.toml", PRIVATE)]);
    let run1 = run(
        &dir,
        &["check", "--deny", "config-file-permission", "clean.toml"],
    );
    assert_status(&run1, 2);
    assert!(
        run1.stderr.contains(
            "unknown rule code `config-file-permission`; did you mean `config-file-permissions`?"
        ),
        "{run1:#?}"
    );
    for flag in ["--allow", "--warn"] {
        let run = run(&dir, &["check", flag, "syntax_error", "clean.toml"]);
        assert_status(&run, 2);
        assert!(
            run.stderr.contains("did you mean `syntax-error`?"),
            "{run:#?}"
        );
    }
    let far = run(&dir, &["rules", "no-such-rule"]);
    assert_status(&far, 2);
    assert!(
        far.stderr.contains("`runner-config rules` lists them all"),
        "{far:#?}"
    );
}

#[test]
fn help_and_version_exit_0() {
    let dir = workdir("help", &[]);
    for args in [&["--help"][..], &["check", "--help"], &["--version"]] {
        let run = run(&dir, args);
        assert_status(&run, 0);
        assert!(!run.stdout.is_empty());
    }
}

#[test]
fn standard_input_is_checked_as_stdin() {
    let dir = workdir("stdin", &[]);
    let broken = fs::read(Path::new(FIXTURES).join("broken.toml")).expect("read a fixture");
    let run1 = run_with(&dir, &["check", "-"], &broken, &[]);
    assert_status(&run1, 1);
    assert!(run1.stdout.contains("[<stdin>:11:20]"), "{run1:#?}");

    // Standard input has no permissions to check, token or not.
    let clean = fs::read(Path::new(FIXTURES).join("clean.toml")).expect("read a fixture");
    let run2 = run_with(&dir, &["check", "--deny-warnings", "-"], &clean, &[]);
    assert_status(&run2, 0);
    assert!(run2.stdout.starts_with("<stdin>: no problems found\n"));

    let json = run_with(&dir, &["check", "--format", "json", "-"], &clean, &[]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(report["files"][0]["path"], "<stdin>");

    assert_status(&run_with(&dir, &["check", "-", "-"], &clean, &[]), 2);
}

/// Whether this process runs as root, as the binary decides it (the real
/// user ID on Linux).
fn running_as_root() -> bool {
    fs::read_to_string("/proc/self/status")
        .ok()
        .is_some_and(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("Uid:"))
                .and_then(|ids| ids.split_whitespace().next())
                == Some("0")
        })
}

#[test]
#[cfg(unix)]
fn without_files_the_runners_default_file_is_checked() {
    let dir = workdir("default", &[]);
    let home = dir.join("home");
    fs::create_dir_all(home.join(".gitlab-runner")).expect("create a home directory");
    let config = home.join(".gitlab-runner/config.toml");
    fs::copy(Path::new(FIXTURES).join("clean.toml"), &config).expect("copy a fixture");
    set_mode(&config, PRIVATE);

    let expected = if running_as_root() {
        PathBuf::from("/etc/gitlab-runner/config.toml")
    } else {
        config.clone()
    };
    let run = run_with(&dir, &["check"], b"", &[("HOME", &home)]);
    let note = format!(
        "note: checking {} (GitLab Runner's default for this user)\n",
        expected.display()
    );
    assert!(run.stderr.starts_with(&note), "{run:#?}");
    if expected == config {
        assert_status(&run, 0);
        assert!(
            run.stdout
                .starts_with(&format!("{}: no problems found\n", config.display()))
        );
    } else if !expected.exists() {
        assert_status(&run, 2);
    }

    // Machine formats keep standard error for errors only.
    let json = run_with(
        &dir,
        &["check", "--format", "json"],
        b"",
        &[("HOME", &home)],
    );
    assert!(!json.stderr.contains("note:"), "{json:#?}");
}

/// One run over several files, in every format, for the snapshots.
fn multi_file_run(test: &str, format: &str) -> Run {
    let dir = workdir(
        test,
        &[
            ("clean.toml", PRIVATE),
            ("broken.toml", PRIVATE),
            ("mistakes.toml", SHARED),
        ],
    );
    run(
        &dir,
        &[
            "check",
            "--format",
            format,
            "clean.toml",
            "broken.toml",
            "mistakes.toml",
        ],
    )
}

#[test]
#[cfg(unix)]
fn human_report_snapshot() {
    let run = multi_file_run("snapshot-human", "human");
    assert_status(&run, 1);
    assert_eq!(run.stderr, "");
    insta::assert_snapshot!("human", run.stdout);
}

#[test]
#[cfg(unix)]
fn json_report_snapshot() {
    let run = multi_file_run("snapshot-json", "json");
    assert_status(&run, 1);
    insta::assert_snapshot!("json", run.stdout);
}

#[test]
#[cfg(unix)]
fn gitlab_report_snapshot() {
    let run = multi_file_run("snapshot-gitlab", "gitlab");
    assert_status(&run, 1);
    assert!(run.stdout.starts_with('['), "no byte-order mark, an array");
    insta::assert_snapshot!("gitlab", run.stdout);
}

#[test]
#[cfg(unix)]
fn sarif_report_snapshot() {
    let run = multi_file_run("snapshot-sarif", "sarif");
    assert_status(&run, 1);
    let version = format!("\"version\": \"{}\"", env!("CARGO_PKG_VERSION"));
    // The base of every artifact URI is the directory the check ran in.
    let log: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let base = log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .expect("a base URI");
    assert!(
        base.starts_with("file:///") && base.ends_with("/cli/snapshot-sarif/"),
        "{base}"
    );
    let stdout = run
        .stdout
        .replacen(&version, "\"version\": \"[version]\"", 1)
        .replacen(base, "file:///[working dir]/", 1);
    insta::assert_snapshot!("sarif", stdout);
}

#[test]
fn rules_listing_snapshot() {
    // Renaming or regrading a rule changes this list: a reviewed change.
    let run = run(&workdir("rules", &[]), &["rules"]);
    assert_status(&run, 0);
    insta::assert_snapshot!("rules", run.stdout);
}

#[test]
fn rule_explanation_snapshot() {
    let run = run(
        &workdir("rules-explain", &[]),
        &["rules", "config-file-permissions"],
    );
    assert_status(&run, 0);
    insta::assert_snapshot!("rules_config_file_permissions", run.stdout);
}

#[test]
fn rules_as_json_list_every_rule() {
    let dir = workdir("rules-json", &[]);
    let run1 = run(&dir, &["rules", "--format", "json"]);
    assert_status(&run1, 0);
    let rules: serde_json::Value = serde_json::from_str(&run1.stdout).expect("JSON");
    let rules = rules.as_array().expect("an array of rules");
    let codes: Vec<&str> = rules
        .iter()
        .filter_map(|rule| rule["code"].as_str())
        .collect();
    let expected: Vec<&str> = runner_config::rules::all().map(|rule| rule.code).collect();
    assert_eq!(codes, expected);
    for rule in rules {
        for field in [
            "code",
            "severity",
            "stage",
            "summary",
            "explanation",
            "bad",
            "good",
        ] {
            assert!(rule[field].is_string(), "{field} in {rule}");
        }
    }

    let one = run(&dir, &["rules", "syntax-error", "--format", "json"]);
    let rule: serde_json::Value = serde_json::from_str(&one.stdout).expect("JSON");
    assert_eq!(rule["code"], "syntax-error");
    assert_eq!(rule["severity"], "error");
    assert_eq!(rule["stage"], "load");
}

#[test]
fn template_mode_asks_nothing_registration_supplies() {
    let dir = workdir("template", &[("template.toml", PRIVATE)]);
    let as_template = run(
        &dir,
        &["check", "--template", "--format", "json", "template.toml"],
    );
    assert_status(&as_template, 0);
    let json: serde_json::Value = serde_json::from_str(&as_template.stdout).expect("JSON");
    let codes: Vec<&str> = json["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["code"].as_str().expect("a code"))
        .collect();
    assert_eq!(codes, ["template-global-key"], "{as_template:#?}");

    // The same file as a config.toml never takes a job.
    let as_config = run(&dir, &["check", "template.toml"]);
    assert_status(&as_config, 1);
    for code in ["missing-executor", "url-not-http", "empty-runner-token"] {
        assert!(as_config.stdout.contains(code), "{code}: {as_config:#?}");
    }

    // Named as the Helm chart and the runner's documentation name
    // templates, it is one without `--template` (pre-commit passes files
    // by name only).
    fs::copy(dir.join("template.toml"), dir.join("config.template.toml")).expect("copy");
    let by_name = run(&dir, &["check", "--format", "json", "config.template.toml"]);
    assert_status(&by_name, 0);
    let json: serde_json::Value = serde_json::from_str(&by_name.stdout).expect("JSON");
    assert_eq!(
        json["files"][0]["diagnostics"],
        as_template_json(&as_template)
    );
}

fn as_template_json(run: &Run) -> serde_json::Value {
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    json["files"][0]["diagnostics"].clone()
}
