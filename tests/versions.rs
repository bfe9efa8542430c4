//! Checking a config for the GitLab Runner release that reads it.
//!
//! Each fixture in `tests/fixtures/versions/` says in its header the
//! releases it is checked at (`# versions: 18.4 18.5`), one snapshot each,
//! and the releases at which it must be clean (`# clean: 18.5`): every kind
//! of version finding is shown before and after the release that changed
//! it. Then the codes' own examples, the command line (`--runner-version`,
//! `.runner-config.toml`, the JSON report, `schema --runner-version`).

mod support;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use miette::{GraphicalReportHandler, GraphicalTheme};
use runner_config::check::{CheckOptions, FileReport, check_with};
use runner_config::policy::PolicyExecutor;
use runner_config::versions::{self, RunnerVersion};
use runner_config::{Severity, rules};

fn fixtures() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/versions");
    let mut files: Vec<(String, String)> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("readable fixture").path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .map(|path| {
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("UTF-8 name")
                .to_owned();
            (stem, fs::read_to_string(&path).expect("readable fixture"))
        })
        .collect();
    files.sort();
    assert!(!files.is_empty());
    files
}

/// The releases a header line lists: `# versions: 18.4 18.5`.
fn header(text: &str, field: &str) -> Vec<String> {
    let prefix = format!("# {field}:");
    text.lines()
        .find_map(|line| line.strip_prefix(&prefix))
        .map(|list| list.split_whitespace().map(str::to_owned).collect())
        .unwrap_or_default()
}

fn version(text: &str) -> RunnerVersion {
    text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn check_at(name: &str, text: &str, release: &str) -> FileReport {
    let mut options = CheckOptions::default();
    options.runner_version = version(release);
    check_with(name, text, &options)
}

fn render(report: &FileReport) -> String {
    let handler =
        GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(100);
    let mut out = format!("checked for GitLab Runner {}\n", report.runner_version);
    for d in &report.diagnostics {
        let key = d.key_path().unwrap_or("-");
        out.push_str(&format!("[{key}]\n"));
        handler
            .render_report(&mut out, &d.with_source(&report.source))
            .expect("rendering into a String cannot fail");
    }
    out
}

#[test]
fn fixtures_render_as_snapshotted_and_are_clean_where_read() {
    for (name, text) in fixtures() {
        let releases = header(&text, "versions");
        assert!(!releases.is_empty(), "{name}: no `# versions:` line");
        for release in &releases {
            let report = check_at(&format!("{name}.toml"), &text, release);
            insta::assert_snapshot!(format!("{name}@{release}"), render(&report));
        }
        for release in header(&text, "clean") {
            assert!(
                releases.contains(&release),
                "{name}: {release} is not checked"
            );
            let report = check_at(&format!("{name}.toml"), &text, &release);
            let found: Vec<_> = report.diagnostics.iter().map(|d| d.code()).collect();
            assert_eq!(found, Vec::<&str>::new(), "{name} at {release}");
        }
    }
}

#[test]
fn every_version_code_has_a_fixture() {
    let mut seen = BTreeSet::new();
    for (name, text) in fixtures() {
        for release in header(&text, "versions") {
            for d in check_at(&name, &text, &release).diagnostics {
                seen.insert(d.code());
            }
        }
    }
    let missing: Vec<_> = versions::rules()
        .map(|rule| rule.code)
        .filter(|code| !seen.contains(code))
        .collect();
    assert!(missing.is_empty(), "no fixture reports {missing:?}");
}

/// `# --runner-version X` in a code's examples: the bad one triggers the
/// code at that release, the good one does not.
#[test]
fn examples_trigger_at_their_release() {
    for rule in versions::rules() {
        for (example, expected) in [(rule.bad, true), (rule.good, false)] {
            let release = example
                .lines()
                .find_map(|line| line.strip_prefix("# --runner-version "))
                .unwrap_or_else(|| panic!("{}: no `# --runner-version` line", rule.code));
            let text = if example.contains("[[runners]]") {
                example.to_owned()
            } else {
                format!("{example}[[runners]]\nexecutor = \"docker\"\n")
            };
            let report = check_at("example.toml", &text, release);
            let found = report.diagnostics.iter().any(|d| d.code() == rule.code);
            assert_eq!(found, expected, "{} example at {release}", rule.code);
        }
    }
}

#[test]
fn codes_are_in_the_catalogue_with_the_runners_severity() {
    for rule in versions::rules() {
        assert_eq!(rules::find(rule.code), Some(rule));
        let expected = match rule.code {
            // The runner refuses to load the file.
            "unsupported-toml" => Severity::Error,
            "runner-version-newer-than-data" => Severity::Info,
            // Ignored without a word, or accepted until an upgrade.
            _ => Severity::Warning,
        };
        assert_eq!(rule.severity, expected, "{}", rule.code);
        // Each cites what GitLab Runner does, but the note about the data.
        if rule.code != "runner-version-newer-than-data" {
            assert!(
                rule.explanation.contains(".go"),
                "{} cites no source",
                rule.code
            );
        }
    }
    // Findings about keys the runner does not read are all `unknown-key*`.
    assert!(rules::find("unknown-key-too-new").is_some());
}

#[test]
fn the_newest_release_is_the_default_and_changes_nothing() {
    for (name, text) in fixtures() {
        let default = check_with("x.toml", &text, &CheckOptions::default());
        let newest = check_at("x.toml", &text, "19.4");
        assert_eq!(default.diagnostics, newest.diagnostics, "{name}");
        assert_eq!(default.runner_version, RunnerVersion::newest());
    }
}

#[test]
fn rules_about_keys_not_read_yet_are_off() {
    // Advice to set `allowed_pull_policies` means nothing before 15.1.
    let text = "[[runners]]\nname = \"d\"\nurl = \"https://gitlab.example.com\"\n\
                token = \"glrt-REDACTEDREDACTEDREDA\"\nrequest_concurrency = 2\n\
                executor = \"docker\"\n[runners.docker]\nimage = \"alpine:3.19\"\n";
    let codes = |release: &str| -> Vec<&'static str> {
        check_at("x.toml", text, release)
            .diagnostics
            .iter()
            .map(|d| d.code())
            .collect()
    };
    assert!(codes("15.1").contains(&"pull-policy-not-configured"));
    assert!(!codes("15.0").contains(&"pull-policy-not-configured"));
    // A job's own `image: pull_policy` counts from the same releases.
    assert!(!version("15.0").reads_job_pull_policy(PolicyExecutor::Docker));
    assert!(version("15.1").reads_job_pull_policy(PolicyExecutor::Docker));
    assert!(!version("15.1").reads_job_pull_policy(PolicyExecutor::Kubernetes));
    assert!(version("15.2").reads_job_pull_policy(PolicyExecutor::Kubernetes));
}

#[test]
fn keys_not_read_are_out_of_the_model() {
    let text = "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\n\
                services_privileged = true\nallowed_privileged_images = [\"docker:*\"]\n";
    let at = |release: &str| runner_config::load::load_for("x.toml", text, version(release));
    let old = at("15.6");
    let docker = old.best_effort().runners[0]
        .docker
        .as_ref()
        .expect("docker");
    assert_eq!(docker.services_privileged, None);
    assert_eq!(docker.allowed_privileged_images, None);
    let codes: Vec<_> = old.diagnostics().iter().map(|d| d.code()).collect();
    assert_eq!(codes, ["unknown-key-too-new", "unknown-key-too-new"]);
    let newer = at("16.1");
    let docker = newer.best_effort().runners[0]
        .docker
        .as_ref()
        .expect("docker");
    assert_eq!(docker.services_privileged, Some(true));
    assert_eq!(
        docker.allowed_privileged_images.as_ref().map(Vec::len),
        Some(1)
    );
}

// ----- the command line -----

struct Run {
    status: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_runner-config"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .output()
        .expect("the binary runs");
    Run {
        status: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "runner-config-versions-{name}-{}",
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

const LABELLED: &str = "[[runners]]\nname = \"b\"\nurl = \"https://gitlab.example.com\"\n\
                        token = \"glrt-REDACTEDREDACTEDREDA\"\nrequest_concurrency = 2\n\
                        executor = \"shell\"\n[runners.labels]\nteam = \"platform\"\n";

#[test]
fn too_old_a_release_is_a_usage_error_naming_the_range() {
    let dir = scratch("old");
    fs::write(dir.join("config.toml"), LABELLED).expect("write");
    let out = run(&dir, &["check", "--runner-version", "14.10", "config.toml"]);
    assert_eq!(out.status, Some(2), "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "GitLab Runner 14.10 is older than the releases runner-config knows: 15.0 to 19.4"
        ),
        "{}",
        out.stderr
    );
    let help = run(&dir, &["check", "--help"]);
    assert!(
        help.stdout.contains("BURNTSUSHI_TOML_110"),
        "{}",
        help.stdout
    );
    assert!(help.stdout.contains("19.4"), "{}", help.stdout);
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn a_repository_sets_the_release_and_the_flag_wins() {
    let dir = scratch("repo");
    fs::create_dir_all(dir.join(".git")).expect(".git");
    fs::create_dir_all(dir.join("fleet/eu")).expect("dirs");
    fs::write(
        dir.join(".runner-config.toml"),
        "runner-version = \"18.2\"\n",
    )
    .expect("settings");
    fs::write(dir.join("fleet/eu/config.toml"), LABELLED).expect("config");
    let json = |args: &[&str]| -> serde_json::Value {
        let out = run(&dir, args);
        serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.stderr))
    };
    let found = json(&["check", "--format", "json", "fleet/eu/config.toml"]);
    assert_eq!(found["runner_version"], "18.2.2");
    assert_eq!(found["files"][0]["runner_version"], "18.2.2");
    assert_eq!(
        found["files"][0]["diagnostics"][0]["code"],
        "unknown-key-too-new"
    );
    let flag = json(&[
        "check",
        "--format",
        "json",
        "--runner-version",
        "v18.5.0-rc1",
        "fleet/eu/config.toml",
    ]);
    assert_eq!(flag["runner_version"], "18.5.0");
    assert_eq!(flag["files"][0]["diagnostics"], serde_json::json!([]));
    // For people, the release a settings file named is said once.
    let human = run(
        &dir,
        &["check", "fleet/eu/config.toml", "fleet/eu/config.toml"],
    );
    assert_eq!(
        human
            .stderr
            .matches("note: checking for GitLab Runner 18.2.2 (`runner-version` in ")
            .count(),
        1,
        "{}",
        human.stderr
    );
    // Standard input: from the working directory.
    let stdin = Command::new(env!("CARGO_BIN_EXE_runner-config"))
        .args(["check", "--format", "json", "-"])
        .current_dir(dir.join("fleet"))
        .stdin(fs::File::open(dir.join("fleet/eu/config.toml")).expect("open"))
        .output()
        .expect("runs");
    let from_stdin: serde_json::Value = serde_json::from_slice(&stdin.stdout).expect("JSON report");
    assert_eq!(from_stdin["runner_version"], "18.2.2");
    // A settings file that says something wrong stops the check.
    fs::write(
        dir.join(".runner-config.toml"),
        "runner_version = \"18.2\"\n",
    )
    .expect("settings");
    let out = run(&dir, &["check", "fleet/eu/config.toml"]);
    assert_eq!(out.status, Some(2));
    assert!(
        out.stderr.contains("unknown setting `runner_version`"),
        "{}",
        out.stderr
    );
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn schema_for_an_older_release_has_only_its_keys() {
    let dir = scratch("schema");
    let newest = run(&dir, &["schema"]).stdout;
    let same = run(&dir, &["schema", "--runner-version", "19.4"]).stdout;
    assert_eq!(newest, same);
    let out = run(&dir, &["schema", "--runner-version", "16.0"]);
    assert_eq!(out.status, Some(0), "{}", out.stderr);
    let schema: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(schema["x-runner-version"], "16.0.3");
    let runner = &schema["properties"]["runners"]["items"]["properties"];
    assert!(runner.get("labels").is_none());
    assert!(
        runner["docker"]["properties"]
            .get("allowed_privileged_images")
            .is_none()
    );
    assert!(
        runner["docker"]["properties"]
            .get("allowed_pull_policies")
            .is_some()
    );
    assert_eq!(runner["pre_clone_script"]["type"], "string");
    assert_eq!(
        runner["kubernetes"]["properties"]["terminationGracePeriodSeconds"]["type"],
        "integer"
    );
    // The old schema validates what that runner reads.
    let validator = jsonschema::draft7::options()
        .build(&schema)
        .expect("a valid draft-07 schema");
    let config: serde_json::Value = serde_json::json!({
        "concurrent": 4,
        "runners": [{"name": "a", "pre_clone_script": "echo hi", "executor": "shell"}]
    });
    assert!(validator.is_valid(&config));
    let wrong = serde_json::json!({"runners": [{"pre_clone_script": 1}]});
    assert!(!validator.is_valid(&wrong));
    let _ = fs::remove_dir_all(&dir);
}

// ----- the older decoders against the toml-test suite -----

/// Every `.toml` file under `dir`, as a path relative to `root`.
fn toml_files(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            toml_files(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "toml")
            && let Ok(relative) = path.strip_prefix(root)
        {
            out.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}

/// Whether the runner release loads the text: no syntax error and no TOML
/// its decoder refuses.
fn loads(text: &str, release: RunnerVersion) -> bool {
    !runner_config::load::load_for("x.toml", text, release)
        .diagnostics()
        .iter()
        .any(|d| matches!(d.code(), "syntax-error" | "unsupported-toml"))
}

/// Where each older BurntSushi/toml reads a toml-test file differently from
/// v1.6.0 (measured, `tests/data/toml-test-decoders.json`), the loader at a
/// runner release bundling it differs from the loader at the newest, and
/// nowhere else, but for the listed cases it does not model.
#[test]
fn older_decoders_differ_from_the_newest_where_measured() {
    if support::skip_without("reference/toml-test", "the toml-test suite") {
        return;
    }
    let Some(root) = support::shared("reference/toml-test") else {
        return;
    };
    let data: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/toml-test-decoders.json"),
        )
        .expect("the measured differences"),
    )
    .expect("JSON");
    let mut files = Vec::new();
    toml_files(&root, &root, &mut files);
    files.sort();
    assert!(files.len() > 600, "{} toml-test files", files.len());
    let releases: Vec<(&String, RunnerVersion)> = data["runner"]
        .as_object()
        .expect("runner")
        .iter()
        .map(|(module, release)| (module, version(release.as_str().expect("a release"))))
        .collect();
    let mut wrong = Vec::new();
    for file in &files {
        let Ok(text) = fs::read_to_string(root.join(file)) else {
            continue; // not UTF-8: refused before any decoder runs
        };
        let newest = loads(&text, RunnerVersion::newest());
        for (module, release) in &releases {
            assert!(
                release.toml_decoder().starts_with(module.as_str()),
                "{module}"
            );
            let differs = data["differs"][module].get(file).is_some();
            let ours = loads(&text, *release) != newest;
            let not_modelled = data["not_modelled"][module].get(file).is_some();
            if ours != differs && !not_modelled {
                wrong.push(format!(
                    "{module} {file}: measured differs {differs}, loader {ours}"
                ));
            }
            if not_modelled && ours == differs {
                wrong.push(format!(
                    "{module} {file}: listed as not modelled, but it is"
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

// ----- no panic, spans inside the text, at every release -----

/// What every load at every release must hold: spans inside the text, on
/// character boundaries, findings sorted, and the model refused exactly
/// when there is an error.
fn check_invariants(text: &str, release: RunnerVersion) {
    let loaded = runner_config::load::load_for("x.toml", text, release);
    for d in loaded.diagnostics() {
        for span in d
            .span()
            .into_iter()
            .chain(d.labels().iter().map(|l| l.span.clone()))
        {
            assert!(span.start <= span.end && span.end <= text.len(), "{d:?}");
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        }
    }
    let errors = loaded
        .diagnostics()
        .iter()
        .any(|d| d.severity() == Severity::Error);
    assert_eq!(loaded.is_valid(), !errors);
    let mut options = CheckOptions::default();
    options.runner_version = release;
    let report = check_with("x.toml", text, &options);
    assert_eq!(report.runner_version, release);
}

/// One release for each decoder and each side of every decoder change.
const BOUNDARIES: [&str; 8] = [
    "15.0", "15.8", "15.9", "16.11", "17.6", "18.8", "18.9", "19.4",
];

#[test]
fn every_fixture_loads_at_every_decoder() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for kind in ["valid", "invalid", "rules", "versions", "secrets"] {
        let Ok(entries) = fs::read_dir(dir.join(kind)) else {
            continue;
        };
        for path in entries.flatten().map(|e| e.path()) {
            let Ok(text) = fs::read_to_string(&path) else {
                continue;
            };
            for release in BOUNDARIES {
                check_invariants(&text, version(release));
            }
        }
    }
}

fn toml_ish() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let key = prop::sample::select(vec![
        "a",
        "a.b",
        "\"a\".b",
        "runners",
        "docker.image",
        "allowed_images",
        "\"\\e\"",
        "feature_flags.FF_TIMESTAMPS",
        "labels.x",
    ]);
    let value = prop::sample::select(vec![
        "[1]",
        "[1, \"x\"]",
        "0x1F",
        "0o7",
        "-inf",
        "nan",
        "12:30",
        "12:30:00",
        "2024-01-01 12:00:00Z",
        "2024-01-01t12:00Z",
        "{ a = 1,\n b = 2, }",
        "{a=1,}",
        "\"\\e[0m\\x41\"",
        "\"\"\"a\\  \n b\"\"\"\"",
        "'''a''''",
        "\"\"\"a\\\r\nb\"\"\"",
        "[{x = 1}, 2]",
        "\"30s\"",
        "1",
        "1.5",
        "true",
        "{",
        "[",
        "\"",
    ]);
    let line = prop_oneof![
        4 => (key, value).prop_map(|(k, v)| format!("{k} = {v}")),
        1 => prop::sample::select(vec![
            "[[runners]]", "[runners.docker]", "[a]", "[a.b]", "[[a]]", "[labels]",
        ])
        .prop_map(str::to_owned),
        1 => "\\PC{0,12}",
    ];
    prop::collection::vec(line, 0..16).prop_map(|lines| lines.join("\n"))
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 128, ..Default::default() })]

    #[test]
    fn arbitrary_documents_never_panic_at_any_release(
        text in toml_ish(),
        index in 0..RunnerVersion::all().count(),
    ) {
        let release = RunnerVersion::all().nth(index).unwrap_or_default();
        check_invariants(&text, release);
    }
}

/// Start-up warnings the runner began to print in a release: before it,
/// nothing is printed and nothing is said to be.
#[test]
fn start_up_warnings_follow_the_release_that_prints_them() {
    let text = "concurrent = 1\n[[runners]]\nname = \"a\"\nurl = \"https://gitlab.example.com/ci\"\n\
                executor = \"shell\"\n[[runners]]\nname = \"b\"\n\
                url = \"https://gitlab.example.com\"\nexecutor = \"shell\"\n";
    let codes = |release: &str| -> Vec<(String, String)> {
        check_at("config.toml", text, release)
            .diagnostics
            .iter()
            .map(|d| (d.code().to_owned(), d.message().to_owned()))
            .collect()
    };
    let has = |found: &[(String, String)], code: &str| found.iter().any(|(c, _)| c == code);
    let old = codes("18.3");
    assert!(!has(&old, "long-polling-bottleneck"), "{old:?}");
    assert!(!has(&old, "legacy-ci-url-suffix"), "{old:?}");
    let starving = old
        .iter()
        .find(|(c, _)| c == "concurrent-below-runners")
        .expect("still starving");
    assert!(!starving.1.contains("Worker starvation"), "{}", starving.1);
    let middle = codes("18.6");
    assert!(has(&middle, "long-polling-bottleneck"), "{middle:?}");
    assert!(!has(&middle, "legacy-ci-url-suffix"), "{middle:?}");
    let newest = codes("19.4");
    assert!(has(&newest, "legacy-ci-url-suffix"), "{newest:?}");
    assert!(
        newest
            .iter()
            .any(|(c, m)| c == "concurrent-below-runners" && m.contains("Worker starvation")),
        "{newest:?}"
    );
}

/// Messages quote the runner only from the release that prints them.
#[test]
fn polling_findings_quote_the_runner_only_where_it_says_so() {
    let text = "[[runners]]\nname = \"a\"\nurl = \"https://gitlab.example.com\"\ntoken = \"\"\n";
    let message = |release: &str, code: &str| -> String {
        check_at("config.toml", text, release)
            .diagnostics
            .iter()
            .find(|d| d.code() == code)
            .map(|d| d.message().to_owned())
            .unwrap_or_else(|| panic!("{code} at {release}"))
    };
    assert!(message("19.4", "empty-runner-token").contains("Runner token is empty"));
    let old = message("19.0", "empty-runner-token");
    assert!(
        !old.contains("Runner token is empty") && old.contains("GitLab refuses"),
        "{old}"
    );
    assert!(message("15.6", "missing-executor").contains("is not known"));
    let old = message("15.5", "missing-executor");
    assert!(old.contains("without a word"), "{old}");
}

#[test]
fn concurrent_zero_exits_only_from_17_11() {
    let text = "concurrent = 0\n[[runners]]\nname = \"a\"\nexecutor = \"shell\"\n";
    let message = |release: &str| -> String {
        check_at("config.toml", text, release)
            .diagnostics
            .iter()
            .find(|d| d.code() == "concurrent-below-one")
            .map(|d| d.message().to_owned())
            .unwrap_or_default()
    };
    assert!(
        message("17.11").contains("exits with"),
        "{}",
        message("17.11")
    );
    assert!(
        message("17.10").contains("starts no worker"),
        "{}",
        message("17.10")
    );
}
