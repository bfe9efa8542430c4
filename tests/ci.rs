//! `runner-config ci` end to end: one directory per case under
//! `tests/fixtures/ci/`, each a repository root with its `.gitlab-ci.yml`
//! (and the files it includes), checked against `tests/fixtures/ci/config.toml`
//! or the case's own `config.toml`. Every case has a snapshot of the human
//! report and of the JSON report, and its exit status is asserted.
#![cfg(feature = "cli")]

use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_runner-config");
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ci");
/// Secrets in the fixtures (variables named like credentials, URL
/// credentials); no output may contain them.
const SECRETS: &[&str] = &["FIXTURESECRET", "hunter2", "RklYVFVSRVNFQ1JFVA"];

struct Run {
    status: i32,
    stdout: String,
    stderr: String,
}

fn run(case: &str, args: &[&str]) -> Run {
    let dir = Path::new(FIXTURES).join(case);
    let config = if dir.join("config.toml").exists() {
        "config.toml"
    } else {
        "../config.toml"
    };
    let output = Command::new(BIN)
        .current_dir(&dir)
        .arg("ci")
        .args(["--config", config])
        .args(args)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .output()
        .expect("run runner-config");
    let run = Run {
        status: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    for secret in SECRETS {
        assert!(!run.stdout.contains(secret), "{case}: {secret} in stdout");
        assert!(!run.stderr.contains(secret), "{case}: {secret} in stderr");
    }
    run
}

/// Snapshots a case's human and JSON reports and checks its exit status.
#[track_caller]
fn case(name: &str, status: i32) {
    let human = run(name, &[]);
    assert_eq!(human.status, status, "{name}: {}", human.stderr);
    let json = run(name, &["--format", "json"]);
    assert_eq!(json.status, status, "{name}");
    let value: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    // Every diagnostic has the two fields of `ci`.
    for file in value["files"].as_array().expect("files") {
        for d in file["diagnostics"].as_array().expect("diagnostics") {
            assert!(d.get("runner").is_some() && d.get("jobs").is_some(), "{d}");
        }
    }
    let snapshot = name.replace('-', "_");
    insta::assert_snapshot!(snapshot.clone(), human.stdout);
    insta::assert_snapshot!(format!("{snapshot}_json"), json.stdout);
}

#[test]
fn inheritance_through_default() {
    case("default", 1);
}

#[test]
fn multi_level_extends() {
    case("extends", 1);
}

#[test]
fn anchors_and_merge_keys() {
    case("anchors", 1);
}

#[test]
fn local_includes_and_includes_not_followed() {
    case("include", 1);
}

#[test]
fn reference_tags() {
    case("reference", 1);
}

#[test]
fn services() {
    case("services", 1);
}

#[test]
fn kubernetes_runner_and_service_containers() {
    case("kubernetes", 1);
}

#[test]
fn never() {
    case("never", 1);
}

#[test]
fn partly_allowed_lists() {
    case("partly-allowed", 1);
}

#[test]
fn a_pipeline_where_everything_runs() {
    case("clean", 0);
}

#[test]
fn values_gitlab_refuses() {
    case("gitlab-refused", 1);
}

#[test]
fn image_names_variables_and_secrets() {
    case("images", 1);
}

#[test]
fn yaml_syntax_error() {
    case("syntax-error", 1);
}

#[test]
fn component_with_a_spec_header() {
    case("component", 1);
}

#[test]
fn extends_gitlab_refuses() {
    case("extends-errors", 1);
}

#[test]
fn the_runner_fails_the_jobs_itself() {
    case("runner-fails", 1);
}

#[test]
fn allowed_images_and_services() {
    case("allowed-images", 1);
}

#[test]
fn privileged_lists() {
    case("privileged", 0);
}

#[test]
fn variables_that_may_not_fit_a_reference() {
    case("tag-variables", 0);
}

#[test]
fn latest_pushed_by_another_job() {
    case("latest-pushed", 0);
}

#[test]
fn latest_without_a_job_that_pushes_it() {
    case("latest", 0);
}

#[test]
fn config_findings_are_located_in_the_config_file() {
    let json = run("tag-variables", &["--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    let files = value["files"].as_array().expect("files");
    let paths: Vec<&str> = files.iter().filter_map(|f| f["path"].as_str()).collect();
    assert_eq!(paths, [".gitlab-ci.yml", "config.toml"]);
    let finding = &files[1]["diagnostics"][0];
    assert_eq!(finding["code"], "unsafe-image-variable");
    assert_eq!(finding["key"], "runners[0].docker.image");
    assert_eq!(finding["line"], 10);
    assert_eq!(finding["runner"], "docker");
    assert_eq!(finding["jobs"], serde_json::json!(["uses-default"]));
    // Runner-independent findings name no runner.
    let pipeline = files[0]["diagnostics"].as_array().expect("diagnostics");
    assert!(pipeline.iter().all(|d| d["runner"].is_null()));
}

/// The `config.toml` lines a `ci` rule's example states in comments
/// (`# config.toml: privileged = true, allowed_images = [...]`), as a
/// Docker runner.
fn example_config(example: &str) -> String {
    let mut config = String::from(
        "[[runners]]\nname = \"example\"\nurl = \"https://gitlab.example.com\"\n\
         token = \"glrt-EXAMPLE\"\nexecutor = \"docker\"\n[runners.docker]\n\
         image = \"alpine:3.20\"\n",
    );
    for line in example.lines() {
        if let Some(keys) = line.strip_prefix("# config.toml: ") {
            // Keys are separated by `, ` outside brackets.
            let mut depth = 0;
            let mut start = 0;
            for (i, c) in keys.char_indices() {
                match c {
                    '[' => depth += 1,
                    ']' => depth -= 1,
                    ',' if depth == 0 => {
                        config.push_str(keys[start..i].trim());
                        config.push('\n');
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            config.push_str(keys[start..].trim());
            config.push('\n');
        }
    }
    config
}

fn codes_of(example: &str) -> Vec<String> {
    use runner_config::ci::{self, Runners};
    use runner_config::pipeline::{Pipeline, ProjectFiles};

    /// Every included file exists and is empty.
    struct Empty;
    impl ProjectFiles for Empty {
        fn read(&self, _: &str) -> Result<String, String> {
            Ok("{}".to_owned())
        }
        fn list(&self) -> Result<Vec<String>, String> {
            Ok(Vec::new())
        }
    }
    // `# runner-version: 15.0`: the runner's release.
    let version = example
        .lines()
        .find_map(|l| l.strip_prefix("# runner-version: "))
        .map_or_else(runner_config::versions::RunnerVersion::newest, |v| {
            v.parse().expect("a release")
        });
    let loaded = runner_config::load::load_for("config.toml", &example_config(example), version);
    assert!(loaded.is_valid(), "{:?}", loaded.diagnostics());
    let pipeline = Pipeline::load(".gitlab-ci.yml", example, None, &Empty);
    ci::check_loaded(&pipeline, &loaded, Runners::All)
        .iter()
        .flat_map(|r| r.diagnostics.iter().map(|d| d.code().to_owned()))
        .collect()
}

#[test]
fn every_ci_rules_examples_bad_and_good() {
    for rule in runner_config::ci::codes::RULES {
        let bad = codes_of(rule.bad);
        assert!(
            bad.iter().any(|c| c == rule.code),
            "{}: the bad example gives {bad:?}",
            rule.code
        );
        let good = codes_of(rule.good);
        assert!(
            !good.iter().any(|c| c == rule.code),
            "{}: the good example gives {good:?}",
            rule.code
        );
    }
}

#[test]
fn one_runner_only() {
    let by_name = run("partly-allowed", &["--runner", "k8s", "--format", "json"]);
    let by_index = run("partly-allowed", &["--runner", "2", "--format", "json"]);
    assert_eq!(by_name.stdout, by_index.stdout);
    let value: serde_json::Value = serde_json::from_str(&by_name.stdout).expect("JSON");
    let runners: Vec<&str> = value["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["runner"].as_str())
        .collect();
    assert_eq!(runners, ["k8s"]);
    // Only a warning there: the job runs on k8s.
    assert_eq!(by_name.status, 0);
    let unknown = run("partly-allowed", &["--runner", "shell"]);
    assert_eq!(unknown.status, 2);
    assert!(
        unknown.stderr.contains("docker-strict, docker-cached, k8s"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn a_config_the_runner_refuses_stops_the_check() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ci-refused");
    std::fs::create_dir_all(&dir).expect("work directory");
    std::fs::write(dir.join("config.toml"), "concurrent = \"4\"\n").expect("write config");
    std::fs::write(dir.join(".gitlab-ci.yml"), "build:\n  script: make\n").expect("write pipeline");
    let output = Command::new(BIN)
        .current_dir(&dir)
        .args(["ci", "--config", "config.toml"])
        .output()
        .expect("run runner-config");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("GitLab Runner would refuse to load config.toml"),
        "{stderr}"
    );
    assert!(
        stderr.contains("runner-config check config.toml"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn gitlab_and_sarif_reports_name_the_runner() {
    let gitlab = run("partly-allowed", &["--format", "gitlab"]);
    let issues: serde_json::Value = serde_json::from_str(&gitlab.stdout).expect("JSON");
    let issues = issues.as_array().expect("issues");
    assert_eq!(issues.len(), 3);
    assert!(
        issues
            .iter()
            .all(|i| i["location"]["path"] == ".gitlab-ci.yml")
    );
    let fingerprints: std::collections::HashSet<&str> = issues
        .iter()
        .filter_map(|i| i["fingerprint"].as_str())
        .collect();
    assert_eq!(fingerprints.len(), 3, "runners' findings never collide");
    assert!(
        issues[0]["description"].as_str().is_some_and(|d| d
            .starts_with("runner \"docker-strict\": ")
            && d.ends_with("(jobs: build)")),
        "{}",
        issues[0]
    );
    let sarif = run("partly-allowed", &["--format", "sarif"]);
    let log: serde_json::Value = serde_json::from_str(&sarif.stdout).expect("JSON");
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 3);
    assert!(results.iter().all(|r| r["ruleIndex"].is_u64()));
}

/// Codes per runner in a JSON report.
fn codes_by_runner(stdout: &str) -> Vec<(String, String)> {
    let value: serde_json::Value = serde_json::from_str(stdout).expect("JSON");
    let mut found: Vec<(String, String)> = value["files"]
        .as_array()
        .expect("files")
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().expect("diagnostics").iter())
        .map(|d| {
            (
                d["runner"].as_str().unwrap_or_default().to_owned(),
                d["code"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    found.sort();
    found.dedup();
    found
}

#[test]
fn an_old_runner_ignores_job_pull_policies() {
    // 15.0: neither executor reads a job's pull_policy (nor
    // allowed_pull_policies): nothing is refused, each list is noted.
    let old = run(
        "partly-allowed",
        &["--runner-version", "15.0", "--format", "json"],
    );
    assert_eq!(old.status, 0, "{}", old.stderr);
    let value: serde_json::Value = serde_json::from_str(&old.stdout).expect("JSON");
    assert_eq!(value["runner_version"], "15.0.1");
    let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(r, c)| ((*r).to_owned(), (*c).to_owned()))
            .collect()
    };
    assert_eq!(
        codes_by_runner(&old.stdout),
        pairs(&[
            ("docker-cached", "job-pull-policy-ignored"),
            ("docker-strict", "job-pull-policy-ignored"),
            ("k8s", "job-pull-policy-ignored"),
        ])
    );
    // 15.1: Docker reads them, Kubernetes from 15.2.
    let docker_only = run("partly-allowed", &["--runner-version", "15.1"]);
    assert_eq!(docker_only.status, 1, "{}", docker_only.stderr);
    insta::assert_snapshot!("runner_version_15_1", docker_only.stdout);
    let json = run(
        "partly-allowed",
        &["--runner-version", "15.1", "--format", "json"],
    );
    let found = codes_by_runner(&json.stdout);
    assert!(found.contains(&("k8s".to_owned(), "job-pull-policy-ignored".to_owned())));
    assert!(found.contains(&(
        "docker-strict".to_owned(),
        "job-pull-policy-not-allowed".to_owned()
    )));
    assert!(
        !found
            .iter()
            .any(|(r, c)| r.starts_with("docker") && c == "job-pull-policy-ignored")
    );
    // The newest release: no note.
    let newest = run("partly-allowed", &["--format", "json"]);
    assert!(!newest.stdout.contains("job-pull-policy-ignored"));
}

#[test]
fn the_runner_version_comes_from_the_configs_settings_file() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ci-settings");
    let runner = dir.join("runner");
    std::fs::create_dir_all(&runner).expect("work directory");
    std::fs::create_dir_all(dir.join(".git")).expect("a repository root");
    std::fs::copy(
        Path::new(FIXTURES).join("config.toml"),
        runner.join("config.toml"),
    )
    .expect("copy config");
    std::fs::write(
        runner.join(".runner-config.toml"),
        "runner-version = \"15.0\"\n",
    )
    .expect("write settings");
    std::fs::copy(
        Path::new(FIXTURES).join("partly-allowed/.gitlab-ci.yml"),
        dir.join(".gitlab-ci.yml"),
    )
    .expect("copy pipeline");
    let output = Command::new(BIN)
        .current_dir(&dir)
        .args(["ci", "--config", "runner/config.toml"])
        .env("NO_COLOR", "1")
        .output()
        .expect("run runner-config");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("note: checking for GitLab Runner 15.0.1 (`runner-version` in"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("job-pull-policy-ignored"), "{stdout}");
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    // The option wins over the settings file.
    let output = Command::new(BIN)
        .current_dir(&dir)
        .args([
            "ci",
            "--config",
            "runner/config.toml",
            "--runner-version",
            "19.4",
        ])
        .output()
        .expect("run runner-config");
    assert_eq!(output.status.code(), Some(1));
}
