//! `runner-config check values.yaml` end to end: the TOML embedded in a
//! GitLab Runner Helm chart's values file, located in the values file.
//!
//! Each case copies one fixture of `tests/fixtures/helm/` into a directory
//! of its own, owner-only (so the file's mode adds nothing), and snapshots
//! the human and JSON reports. No output may show a secret of the
//! fixtures.
#![cfg(feature = "cli")]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_runner-config");
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/helm");
/// In every token, key and password of the fixtures.
const SECRET: &str = "HELMSECRET";

#[derive(Debug)]
struct Run {
    status: i32,
    stdout: String,
    stderr: String,
}

/// A fresh directory holding an owner-only copy of `fixture`.
fn workdir(test: &str, fixture: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("helm")
        .join(test);
    if dir.exists() {
        fs::remove_dir_all(&dir).expect("remove the old work directory");
    }
    fs::create_dir_all(&dir).expect("create the work directory");
    let to = dir.join(fixture);
    fs::copy(Path::new(FIXTURES).join(fixture), &to).expect("copy a fixture");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&to, fs::Permissions::from_mode(0o600)).expect("chmod");
    }
    dir
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env("GIT_CEILING_DIRECTORIES", dir.parent().unwrap_or(dir))
        .output()
        .expect("run runner-config");
    let run = Run {
        status: output.status.code().expect("an exit status"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8"),
    };
    for stream in [&run.stdout, &run.stderr] {
        assert!(!stream.contains(SECRET), "a secret leaked: {run:#?}");
    }
    run
}

/// Checks one fixture: its exit status, and snapshots of its human and
/// JSON reports.
#[track_caller]
fn case(fixture: &str, status: i32) -> serde_json::Value {
    let name = fixture.split('.').next().unwrap_or(fixture);
    let dir = workdir(name, fixture);
    let human = run(&dir, &["check", fixture]);
    assert_eq!(human.status, status, "{human:#?}");
    assert_eq!(human.stderr, "");
    insta::assert_snapshot!(name, human.stdout);
    let json = run(&dir, &["check", "--format", "json", fixture]);
    assert_eq!(json.status, status, "{json:#?}");
    insta::assert_snapshot!(format!("{name}_json"), json.stdout);
    serde_json::from_str(&json.stdout).expect("JSON")
}

#[test]
fn fixtures_hold_the_secret() {
    for fixture in ["clean.yaml", "mistakes.yaml", "folded.yaml"] {
        let text = fs::read_to_string(Path::new(FIXTURES).join(fixture)).expect("read");
        assert!(text.contains(SECRET), "{fixture}");
    }
}

#[test]
fn templated_values_file_is_clean() {
    let report = case("clean.yaml", 0);
    assert_eq!(report["summary"]["warnings"], 0);
}

#[test]
fn mistakes_are_located_in_the_values_file() {
    let report = case("mistakes.yaml", 1);
    let findings = report["files"][0]["diagnostics"]
        .as_array()
        .expect("findings");
    let at = |code: &str| {
        findings
            .iter()
            .find(|d| d["code"] == code)
            .map(|d| (d["line"].clone(), d["column"].clone(), d["key"].clone()))
            .unwrap_or_else(|| panic!("no {code}: {findings:#?}"))
    };
    // The chart's own keys, at their values.
    assert_eq!(
        at("concurrent-below-one"),
        (4.into(), 13.into(), "concurrent".into())
    );
    // The template's findings, exactly where the TOML is written.
    assert_eq!(
        at("kubernetes-pull-policy-name"),
        (
            16.into(),
            23.into(),
            "runners[0].kubernetes.pull_policy".into()
        )
    );
    assert_eq!(
        at("unknown-key"),
        (
            15.into(),
            9.into(),
            "runners[0].kubernetes.pull_polcy".into()
        )
    );
    // Template expressions are unknown, never wrong.
    let text = fs::read_to_string(Path::new(FIXTURES).join("mistakes.yaml")).expect("read");
    for d in findings {
        let line = d["line"].as_u64().expect("a line") as usize;
        let written = text.lines().nth(line - 1).expect("the line");
        assert!(
            !written.contains("{{"),
            "a finding on a template expression: {d:#?}"
        );
    }
}

#[test]
fn folded_and_quoted_configs_are_located_approximately() {
    for (fixture, status) in [("folded.yaml", 1), ("quoted.yaml", 1)] {
        let report = case(fixture, status);
        let findings = report["files"][0]["diagnostics"]
            .as_array()
            .expect("findings");
        assert!(!findings.is_empty());
        for d in findings {
            assert_eq!(
                (d["line"].clone(), d["column"].clone()),
                (2.into(), 3.into())
            );
            let help = d["help"].as_str().expect("a help text");
            assert!(help.contains("the location is approximate"), "{d:#?}");
        }
    }
}

#[test]
fn chomping_and_indentation_indicators_keep_exact_locations() {
    let report = case("chomping.yml", 1);
    let finding = &report["files"][0]["diagnostics"][0];
    assert_eq!(finding["code"], "kubernetes-pull-policy-name");
    assert_eq!(
        (finding["line"].clone(), finding["column"].clone()),
        (7.into(), 19.into())
    );
}

#[test]
fn yaml_without_runners_config_exits_2() {
    let dir = workdir("not-values", "not-values.yaml");
    let run = run(&dir, &["check", "not-values.yaml"]);
    assert_eq!(run.status, 2, "{run:#?}");
    assert_eq!(
        run.stderr,
        "error: not-values.yaml: not a gitlab-runner chart values file (no `runners.config` \
         string)\n"
    );
    let json = self::run(&dir, &["check", "--format", "json", "not-values.yaml"]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert!(
        report["files"][0]["error"]
            .as_str()
            .is_some_and(|e| e.starts_with("not a gitlab-runner chart values file"))
    );
}

#[test]
fn standard_input_is_values_when_named_so() {
    let dir = workdir("stdin", "mistakes.yaml");
    let text = fs::read(dir.join("mistakes.yaml")).expect("read");
    let output = Command::new(BIN)
        .args([
            "check",
            "--stdin-filename",
            "chart/values.yaml",
            "--format",
            "json",
        ])
        .current_dir(&dir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().expect("stdin").write_all(&text)?;
            child.wait_with_output()
        })
        .expect("run runner-config");
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(!stdout.contains(SECRET));
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(report["files"][0]["path"], "chart/values.yaml");
    assert!(report["files"][0]["diagnostics"][0]["line"].is_u64());
}

#[test]
fn a_real_runner_token_in_a_work_tree_is_reported_at_the_values_key() {
    let dir = workdir("work-tree", "mistakes.yaml");
    fs::create_dir(dir.join(".git")).expect("a work tree");
    let run = run(&dir, &["check", "--format", "json", "mistakes.yaml"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let keys: Vec<_> = report["files"][0]["diagnostics"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|d| d["code"] == "runner-token-in-repository")
        .map(|d| (d["key"].clone(), d["line"].clone()))
        .collect();
    assert_eq!(
        keys,
        [
            ("runnerToken".into(), 3.into()),
            ("runners[0].token".into(), 11.into())
        ]
    );
}

/// `--runner-version`, and a `.runner-config.toml` above the values file,
/// choose the release the embedded TOML is checked for, as for a
/// config.toml; the finding is located in the values file.
#[test]
fn values_files_are_checked_for_the_chosen_runner_release() {
    let dir = workdir("versions", "versions.yaml");
    let newest = run(&dir, &["check", "--format", "json", "versions.yaml"]);
    assert_eq!(newest.status, 0, "{newest:#?}");
    let report: serde_json::Value = serde_json::from_str(&newest.stdout).expect("JSON");
    assert_eq!(report["files"][0]["diagnostics"], serde_json::json!([]));

    let codes_at = |run: &Run| {
        let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
        let file = &report["files"][0];
        let findings: Vec<_> = file["diagnostics"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|d| (d["code"].clone(), d["line"].clone(), d["key"].clone()))
            .collect();
        (file["runner_version"].clone(), findings)
    };
    let too_new = [(
        "unknown-key-too-new".into(),
        8.into(),
        "runners[0].labels".into(),
    )];
    let old = run(
        &dir,
        &[
            "check",
            "--runner-version",
            "18.4",
            "--format",
            "json",
            "versions.yaml",
        ],
    );
    let (version, findings) = codes_at(&old);
    assert!(
        version.as_str().is_some_and(|v| v.starts_with("18.4.")),
        "{old:#?}"
    );
    assert_eq!(findings, too_new, "{old:#?}");

    fs::write(
        dir.join(".runner-config.toml"),
        "runner-version = \"18.4\"\n",
    )
    .expect("write");
    let settings = run(&dir, &["check", "--format", "json", "versions.yaml"]);
    assert_eq!(codes_at(&settings), codes_at(&old), "{settings:#?}");
}

/// `fix` writes TOML, not the YAML quoting a values file's TOML is kept
/// in: it refuses the file and leaves it as it is.
#[test]
fn fix_leaves_values_files_alone() {
    let dir = workdir("fix", "mistakes.yaml");
    let before = fs::read(dir.join("mistakes.yaml")).expect("read");
    let run = run(&dir, &["fix", "--unsafe-fixes", "mistakes.yaml"]);
    assert_eq!(run.status, 2, "{run:#?}");
    assert!(
        run.stderr
            .starts_with("error: mistakes.yaml: `fix` edits config.toml files and templates"),
        "{run:#?}"
    );
    assert_eq!(fs::read(dir.join("mistakes.yaml")).expect("read"), before);
}
