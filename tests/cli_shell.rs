//! The command line's shell conventions: completions, the manual pages,
//! `--output-file` and `--stdin-filename`.
#![cfg(feature = "cli")]

use std::fs;
use std::path::{Path, PathBuf};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cli");
/// The runner token in the fixtures, which no output may contain.
const TOKEN_PART: &str = "FIXTURESECRET";

mod cli_support;
use cli_support::{Run, run_binary};

/// A fresh directory named after the test, with copies of `files`.
fn workdir(test: &str, files: &[&str]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli-shell")
        .join(test);
    if dir.exists() {
        fs::remove_dir_all(&dir).expect("remove the old work directory");
    }
    fs::create_dir_all(&dir).expect("create the work directory");
    for name in files {
        fs::copy(Path::new(FIXTURES).join(name), dir.join(name)).expect("copy a fixture");
    }
    dir
}

/// Runs the binary in `dir` without colour and with `stdin` as its input.
fn run_with(dir: &Path, args: &[&str], stdin: &[u8]) -> Run {
    let run = run_binary(dir, args, stdin, &[]);
    for stream in [&run.stdout, &run.stderr] {
        assert!(!stream.contains(TOKEN_PART), "the token leaked: {run:#?}");
    }
    run
}

fn run(dir: &Path, args: &[&str]) -> Run {
    run_with(dir, args, b"")
}

#[track_caller]
fn assert_status(run: &Run, status: i32) {
    assert_eq!(run.status, status, "{run:#?}");
}

#[test]
fn completions_for_every_shell_name_the_subcommands() {
    let dir = workdir("completions", &[]);
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = run(&dir, &["completions", shell]);
        assert_status(&run, 0);
        for word in ["check", "output-file", "stdin-filename", "explain"] {
            assert!(run.stdout.contains(word), "{shell} lacks {word}: {run:#?}");
        }
    }
    let bash = run(&dir, &["completions", "bash"]);
    assert!(
        bash.stdout.contains("complete -F _runner__config"),
        "{bash:#?}"
    );
    assert_status(&run(&dir, &["completions", "tcsh"]), 2);
}

#[test]
fn the_manual_page_is_printed_or_written_per_subcommand() {
    let dir = workdir("manpage", &[]);
    let page = run(&dir, &["manpage"]);
    assert_status(&page, 0);
    assert!(page.stdout.starts_with(".ie \\n(.g"), "roff: {page:#?}");
    assert!(page.stdout.contains(".TH runner-config 1"), "{page:#?}");
    assert!(page.stdout.contains("completions"), "{page:#?}");

    let written = run(&dir, &["manpage", "--dir", "man/man1"]);
    assert_status(&written, 0);
    assert_eq!(written.stdout, "");
    let check =
        fs::read_to_string(dir.join("man/man1/runner-config-check.1")).expect("a page for `check`");
    assert!(check.contains("\\-\\-output\\-file"), "{check}");
    for name in [
        "runner-config.1",
        "runner-config-ci.1",
        "runner-config-rules.1",
    ] {
        assert!(dir.join("man/man1").join(name).is_file(), "{name}");
    }
}

#[test]
fn output_file_gets_the_format_and_the_terminal_the_human_report() {
    let dir = workdir("output-file", &["mistakes.toml"]);
    let run = run(
        &dir,
        &[
            "check",
            "--format",
            "gitlab",
            "--output-file",
            "gl-code-quality-report.json",
            "mistakes.toml",
        ],
    );
    assert_status(&run, 1);
    // People see the findings...
    assert!(run.stdout.contains("unknown-key"), "{run:#?}");
    assert!(run.stdout.contains("[mistakes.toml:"), "{run:#?}");
    assert!(run.stdout.contains("\nchecked 1 file: 1 error"), "{run:#?}");
    // ...and the job keeps the Code Quality report.
    let report = fs::read_to_string(dir.join("gl-code-quality-report.json")).expect("the report");
    assert!(!report.contains(TOKEN_PART));
    let issues: serde_json::Value = serde_json::from_str(&report).expect("JSON");
    let issues = issues.as_array().expect("an array of issues");
    assert!(!issues.is_empty());
    assert!(
        issues
            .iter()
            .all(|i| i["location"]["path"] == "mistakes.toml")
    );

    // A human report in a file has no colour, whatever the terminal.
    let human = run_with(
        &dir,
        &["check", "--output-file", "report.txt", "mistakes.toml"],
        b"",
    );
    assert_status(&human, 1);
    let text = fs::read_to_string(dir.join("report.txt")).expect("the report");
    assert_eq!(text, human.stdout);
}

#[test]
fn output_file_that_cannot_be_written_exits_2() {
    let dir = workdir("output-file-missing-dir", &["mistakes.toml"]);
    let run = run(
        &dir,
        &[
            "check",
            "--format",
            "json",
            "--output-file",
            "no/such/dir/r.json",
            "mistakes.toml",
        ],
    );
    assert_status(&run, 2);
    assert!(
        run.stderr.contains("cannot write no/such/dir/r.json"),
        "{run:#?}"
    );
}

#[test]
fn ci_writes_its_report_to_the_output_file_too() {
    let dir = workdir("ci-output-file", &["clean.toml"]);
    fs::write(
        dir.join(".gitlab-ci.yml"),
        "test:\n  image:\n    name: alpine:3.19\n    pull_policy: never\n  script: [true]\n",
    )
    .expect("write a pipeline");
    let run = run(
        &dir,
        &[
            "ci",
            "--config",
            "clean.toml",
            "--format",
            "json",
            "--output-file",
            "ci.json",
        ],
    );
    let report = fs::read_to_string(dir.join("ci.json")).expect("the report");
    let json: serde_json::Value = serde_json::from_str(&report).expect("JSON");
    assert_eq!(json["files"][0]["path"], ".gitlab-ci.yml");
    assert!(run.stdout.contains("checked 1 file"), "{run:#?}");
    assert_eq!(
        run.status,
        if json["summary"]["errors"] == 0 { 0 } else { 1 }
    );
}

#[test]
fn stdin_filename_names_standard_input() {
    let dir = workdir("stdin-filename", &[]);
    let broken = fs::read(Path::new(FIXTURES).join("broken.toml")).expect("read a fixture");
    let named = ["check", "--stdin-filename", "ci/runner/config.toml"];
    let run1 = run_with(&dir, &[&named[..], &["-"]].concat(), &broken);
    assert_status(&run1, 1);
    assert!(
        run1.stdout.contains("[ci/runner/config.toml:11:20]"),
        "{run1:#?}"
    );
    // Without FILE arguments, standard input is what is checked.
    let run2 = run_with(
        &dir,
        &[&named[..], &["--format", "gitlab"]].concat(),
        &broken,
    );
    assert_status(&run2, 1);
    let issues: serde_json::Value = serde_json::from_str(&run2.stdout).expect("JSON");
    assert_eq!(issues[0]["location"]["path"], "ci/runner/config.toml");
    assert_eq!(run2.stderr, "", "no note about the default file");
}
