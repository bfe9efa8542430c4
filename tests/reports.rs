//! The report writers against their contracts: this crate's JSON, GitLab
//! Code Quality, and SARIF as GitHub code scanning requires it.
#![cfg(feature = "report")]

use std::path::Path;

use runner_config::check::{FileReport, check};
use runner_config::report::{self, FileOutcome, Level, Overrides, Unreadable};
use runner_config::rules::{self, file_mode};
use runner_config::{Diagnostic, Severity};
use serde_json::Value;

/// A line with multi-byte characters before the finding, so that byte and
/// character columns differ.
const UNICODE_LINE: &str = "listen_address = \"ünï\" # here\n";

/// A file with one finding of every kind: a syntax error, a finding with
/// a key path and help on a line with multi-byte characters, an info, and
/// one about the whole file.
fn sample() -> FileReport {
    let text = format!("concurrent = 2\n{UNICODE_LINE}check_interval = \n");
    let mut report = check("ci/config.toml", &text);
    let hash = text.find('#').expect("a #");
    let unknown_key = rules::find("unknown-key").expect("the unknown-key rule");
    report.diagnostics.push(
        Diagnostic::new(unknown_key, "unknown key `name`")
            .at(hash..hash + 6)
            .key("name")
            .help("remove it"),
    );
    report.diagnostics.push(
        Diagnostic::new(unknown_key, "an advisory")
            .at(0..10)
            .with_severity(Severity::Info),
    );
    report.diagnostics.insert(
        0,
        file_mode::check(0o644, true).expect("a permission finding"),
    );
    report
}

fn missing() -> FileOutcome {
    FileOutcome::Unreadable(Unreadable {
        path: "missing.toml".to_owned(),
        error: "No such file or directory (os error 2)".to_owned(),
    })
}

type Writer = fn(&mut Vec<u8>, &[FileOutcome]) -> std::io::Result<()>;

fn write(writer: Writer, files: &[FileOutcome]) -> (String, Value) {
    let mut out = Vec::new();
    writer(&mut out, files).expect("writing to memory succeeds");
    let text = String::from_utf8(out).expect("UTF-8");
    let value = serde_json::from_str(&text).expect("valid JSON");
    (text, value)
}

fn json(files: &[FileOutcome]) -> Value {
    write(report::write_json, files).1
}

/// Where the CI job runs in these tests: the repository's root.
const WORKING_DIR: &str = "/builds/group/app";

fn write_gitlab(out: &mut Vec<u8>, files: &[FileOutcome]) -> std::io::Result<()> {
    report::write_gitlab(out, files, Path::new(WORKING_DIR))
}

fn write_sarif(out: &mut Vec<u8>, files: &[FileOutcome]) -> std::io::Result<()> {
    report::write_sarif(out, files, Path::new(WORKING_DIR))
}

fn gitlab(files: &[FileOutcome]) -> Value {
    write(write_gitlab, files).1
}

fn sarif(files: &[FileOutcome]) -> Value {
    write(write_sarif, files).1
}

fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

#[test]
fn json_matches_the_contract() {
    let files = [FileOutcome::Checked(sample()), missing()];
    let doc = json(&files);
    assert_eq!(
        keys(&doc),
        ["files", "runner_version", "summary", "version"]
    );
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["runner_version"], "19.4.0");

    let file = &doc["files"][0];
    assert_eq!(
        keys(file),
        ["diagnostics", "error", "path", "runner_version"]
    );
    assert_eq!(file["runner_version"], "19.4.0");
    assert_eq!(file["path"], "ci/config.toml");
    assert_eq!(file["error"], Value::Null);
    let diagnostics = file["diagnostics"].as_array().expect("an array");
    assert_eq!(diagnostics.len(), 4);
    for d in diagnostics {
        assert_eq!(
            keys(d),
            [
                "code",
                "column",
                "end_column",
                "end_line",
                "help",
                "jobs",
                "key",
                "length",
                "line",
                "message",
                "offset",
                "runner",
                "severity"
            ]
        );
        // `runner-config ci`'s fields: null in `check`'s report.
        assert!(d["runner"].is_null() && d["jobs"].is_null());
        assert!(d["code"].is_string() && d["message"].is_string());
        assert!(["error", "warning", "info"].contains(&d["severity"].as_str().expect("a string")));
        assert!(d["help"].is_string() || d["help"].is_null());
        assert!(d["key"].is_string() || d["key"].is_null());
        let positions = [
            "line",
            "column",
            "end_line",
            "end_column",
            "offset",
            "length",
        ];
        let numbers = positions.iter().filter(|p| d[**p].is_u64()).count();
        let nulls = positions.iter().filter(|p| d[**p].is_null()).count();
        assert!(
            numbers == 6 || nulls == 6,
            "positions all set or all null: {d}"
        );
    }

    // The whole-file finding comes first and has no position.
    assert_eq!(diagnostics[0]["code"], "config-file-permissions");
    assert_eq!(diagnostics[0]["severity"], "warning");
    assert_eq!(diagnostics[0]["line"], Value::Null);

    // Columns count characters: `#` is the 14th character of its line, the 16th byte.
    let keyed = diagnostics
        .iter()
        .find(|d| d["key"] == "name")
        .expect("the keyed finding");
    assert_eq!(keyed["code"], "unknown-key");
    assert_eq!(keyed["help"], "remove it");
    assert_eq!(
        (keyed["line"].as_u64(), keyed["column"].as_u64()),
        (Some(2), Some(24))
    );
    assert_eq!(
        (keyed["end_line"].as_u64(), keyed["end_column"].as_u64()),
        (Some(2), Some(30))
    );
    assert_eq!(
        (keyed["offset"].as_u64(), keyed["length"].as_u64()),
        (Some(40), Some(6))
    );

    let syntax = diagnostics
        .iter()
        .find(|d| d["code"] == "syntax-error")
        .expect("a syntax error");
    assert_eq!(syntax["severity"], "error");
    assert_eq!(syntax["line"], 3);

    let unreadable = &doc["files"][1];
    assert_eq!(unreadable["path"], "missing.toml");
    assert_eq!(
        unreadable["error"],
        "No such file or directory (os error 2)"
    );
    assert_eq!(unreadable["diagnostics"], Value::Array(Vec::new()));

    let summary = &doc["summary"];
    assert_eq!(
        keys(summary),
        ["errors", "files", "infos", "unreadable", "warnings"]
    );
    assert_eq!(
        [
            &summary["files"],
            &summary["errors"],
            &summary["warnings"],
            &summary["infos"]
        ],
        [2, 1, 2, 1]
    );
    assert_eq!(summary["unreadable"], 1);
}

#[test]
fn json_applies_overrides_given_before_writing() {
    let mut overrides = Overrides::default();
    let set = |overrides: &mut Overrides, code: &str, level: Level| {
        let rule = rules::find(code).expect("the rule");
        overrides.set(rule, level).expect("an overridable rule");
    };
    set(&mut overrides, "config-file-permissions", Level::Allow);
    set(&mut overrides, "unknown-key", Level::Deny);
    let mut report = sample();
    overrides.apply(&mut report);
    let doc = json(&[FileOutcome::Checked(report)]);
    let codes: Vec<&Value> = doc["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .collect();
    assert!(codes.iter().all(|d| d["code"] != "config-file-permissions"));
    // The syntax error and both unknown keys (one of them was an info).
    assert_eq!(doc["summary"]["errors"], 3);
    assert_eq!(doc["summary"]["warnings"], 0);
}

#[test]
fn gitlab_issues_have_the_required_fields() {
    let (text, issues) = write(write_gitlab, &[FileOutcome::Checked(sample()), missing()]);
    assert!(
        text.starts_with('['),
        "a JSON array without a byte-order mark"
    );
    let issues = issues.as_array().expect("an array");
    assert_eq!(issues.len(), 5, "four findings and the unreadable file");
    let (issues, unreadable) = issues.split_at(4);
    for issue in issues {
        assert!(issue["description"].is_string());
        assert!(issue["check_name"].is_string());
        let fingerprint = issue["fingerprint"].as_str().expect("a fingerprint");
        assert!(fingerprint.len() == 16 && fingerprint.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(issue["location"]["path"], "ci/config.toml");
        assert!(
            issue["location"]["lines"]["begin"]
                .as_u64()
                .is_some_and(|line| line >= 1)
        );
    }
    let severity_of = |description: &str| {
        issues
            .iter()
            .find(|i| i["description"] == description)
            .map(|i| i["severity"].clone())
    };
    assert_eq!(severity_of("unknown key `name`"), Some("major".into()));
    assert_eq!(severity_of("an advisory"), Some("info".into()));
    let syntax = issues
        .iter()
        .find(|i| i["check_name"] == "syntax-error")
        .expect("syntax");
    assert_eq!(syntax["severity"], "critical");
    assert_eq!(syntax["location"]["lines"]["begin"], 3);
    let whole = issues
        .iter()
        .find(|i| i["check_name"] == "config-file-permissions");
    assert_eq!(
        whole.map(|i| &i["location"]["lines"]["begin"]),
        Some(&Value::from(1))
    );

    let mut prints: Vec<&str> = issues
        .iter()
        .filter_map(|i| i["fingerprint"].as_str())
        .collect();
    prints.sort_unstable();
    prints.dedup();
    assert_eq!(
        prints.len(),
        4,
        "distinct fingerprints, even for the same rule and key"
    );

    // An unreadable file is reported, not left out: an empty report would
    // pass for a clean one.
    let unreadable = &unreadable[0];
    assert_eq!(unreadable["check_name"], "unreadable-file");
    assert_eq!(unreadable["severity"], "critical");
    assert_eq!(
        unreadable["description"],
        "cannot read missing.toml: No such file or directory (os error 2)"
    );
    assert_eq!(unreadable["location"]["path"], "missing.toml");
    assert_eq!(unreadable["location"]["lines"]["begin"], 1);
    let fingerprint = unreadable["fingerprint"].as_str().expect("a fingerprint");
    assert!(fingerprint.len() == 16 && !prints.contains(&fingerprint));
}

/// `location.path` (GitLab) and the artifact URI (SARIF) of a finding in a
/// file given to the checker under `name`.
fn report_paths(name: &str) -> (Value, Value) {
    let files = [FileOutcome::Checked(check(name, "concurrent = \n"))];
    let gitlab = gitlab(&files);
    let sarif = sarif(&files);
    (
        gitlab[0]["location"]["path"].clone(),
        sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
            .clone(),
    )
}

#[test]
#[cfg(unix)]
fn ci_reports_name_files_relative_to_the_working_directory() {
    for (name, want) in [
        ("config.toml", "config.toml"),
        ("./config.toml", "config.toml"),
        ("./ci//runners/../config.toml", "ci/config.toml"),
        ("/builds/group/app/ci/config.toml", "ci/config.toml"),
        // Outside the repository: a path that matches none of its files
        // and still names the file, never an absolute one.
        (
            "/etc/gitlab-runner/config.toml",
            "../../../etc/gitlab-runner/config.toml",
        ),
        ("../other/config.toml", "../other/config.toml"),
    ] {
        let (path, artifact) = report_paths(name);
        assert_eq!(path, want, "GitLab path of {name}");
        assert_eq!(artifact["uri"], want, "SARIF URI of {name}");
        assert_eq!(artifact["uriBaseId"], "%SRCROOT%", "{name}");
    }
    // However the file was named, its findings keep their fingerprints.
    let print = |name| {
        gitlab(&[FileOutcome::Checked(check(name, "concurrent = \n"))])[0]["fingerprint"].clone()
    };
    assert_eq!(
        print("./config.toml"),
        print("/builds/group/app/config.toml")
    );
}

fn fingerprints(text: &str) -> Vec<String> {
    let issues = gitlab(&[FileOutcome::Checked(check("config.toml", text))]);
    issues
        .as_array()
        .expect("an array")
        .iter()
        .map(|issue| {
            issue["fingerprint"]
                .as_str()
                .expect("a fingerprint")
                .to_owned()
        })
        .collect()
}

#[test]
fn fingerprints_survive_moving_lines() {
    let before = fingerprints("concurrent = \n");
    let after = fingerprints("# a comment\n\nlog_level = \"info\"\nconcurrent = \n");
    assert_eq!(before.len(), 1);
    assert_eq!(before, after);

    let twice = fingerprints("concurrent = \ncheck_interval = \n");
    assert_eq!(twice.len(), 2);
    assert_ne!(twice[0], twice[1]);
    assert_eq!(
        twice[0], before[0],
        "the first occurrence keeps its fingerprint"
    );

    let elsewhere = gitlab(&[FileOutcome::Checked(check("other.toml", "concurrent = \n"))]);
    assert_ne!(elsewhere[0]["fingerprint"], before[0].as_str());
}

#[test]
fn sarif_has_what_github_code_scanning_requires() {
    let log = sarif(&[FileOutcome::Checked(sample())]);
    assert!(
        log["$schema"]
            .as_str()
            .is_some_and(|s| s.contains("sarif-2.1.0"))
    );
    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert_eq!(
        run["originalUriBaseIds"],
        serde_json::json!({"%SRCROOT%": {"uri": "file:///builds/group/app/"}})
    );
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);

    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "runner-config");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let descriptors = driver["rules"].as_array().expect("rules");
    assert_eq!(descriptors.len(), rules::all().count());
    for (descriptor, rule) in descriptors.iter().zip(rules::all()) {
        assert_eq!(descriptor["id"], rule.code);
        assert_eq!(descriptor["shortDescription"]["text"], rule.summary);
        assert_eq!(descriptor["fullDescription"]["text"], rule.explanation);
        let help = descriptor["help"]["text"].as_str().expect("help text");
        assert!(help.contains(rule.bad.trim_end()) && help.contains(rule.good.trim_end()));
        assert!(descriptor["help"]["markdown"].is_string());
        let level = descriptor["defaultConfiguration"]["level"]
            .as_str()
            .expect("a level");
        assert!(["error", "warning", "note"].contains(&level));
    }

    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), 4);
    for result in results {
        let index = result["ruleIndex"].as_u64().expect("a rule index");
        let index = usize::try_from(index).expect("a small index");
        assert_eq!(descriptors[index]["id"], result["ruleId"]);
        assert!(result["message"]["text"].is_string());
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(
            location["artifactLocation"],
            serde_json::json!({"uri": "ci/config.toml", "uriBaseId": "%SRCROOT%"})
        );
        assert!(
            location["region"]["startLine"]
                .as_u64()
                .is_some_and(|line| line >= 1)
        );
        let prints = result["partialFingerprints"]
            .as_object()
            .expect("fingerprints");
        assert!(!prints.is_empty() && prints.values().all(Value::is_string));
    }
    let level_of = |message: &str| {
        results
            .iter()
            .find(|r| {
                r["message"]["text"]
                    .as_str()
                    .is_some_and(|t| t.starts_with(message))
            })
            .map(|r| r["level"].clone())
    };
    assert_eq!(level_of("unknown key `name`"), Some("warning".into()));
    assert_eq!(level_of("an advisory"), Some("note".into()));

    let keyed = results
        .iter()
        .find(|r| r["message"]["text"] == "unknown key `name`\nhelp: remove it")
        .expect("the keyed finding, with its help");
    assert_eq!(
        keyed["locations"][0]["physicalLocation"]["region"],
        serde_json::json!({"startLine": 2, "startColumn": 24, "endLine": 2, "endColumn": 30})
    );
    let syntax = results
        .iter()
        .find(|r| r["ruleId"] == "syntax-error")
        .expect("syntax");
    assert_eq!(syntax["level"], "error");
}

#[test]
fn sarif_reports_unreadable_files_as_a_failed_invocation() {
    let log = sarif(&[missing()]);
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notification = &invocation["toolExecutionNotifications"][0];
    assert_eq!(notification["level"], "error");
    assert_eq!(
        notification["message"]["text"],
        "cannot read missing.toml: No such file or directory (os error 2)"
    );
    assert_eq!(
        notification["locations"][0]["physicalLocation"]["artifactLocation"],
        serde_json::json!({"uri": "missing.toml", "uriBaseId": "%SRCROOT%"})
    );
    assert_eq!(log["runs"][0]["results"], Value::Array(Vec::new()));
}

#[test]
fn reports_of_nothing_are_still_valid() {
    assert_eq!(json(&[])["summary"]["files"], 0);
    assert_eq!(gitlab(&[]), Value::Array(Vec::new()));
    assert_eq!(sarif(&[])["runs"][0]["results"], Value::Array(Vec::new()));
}

mod any_text {
    use proptest::prelude::*;

    use super::*;

    /// Pieces that make TOML, broken TOML and awkward text when strung
    /// together: multi-byte and control characters, unterminated strings,
    /// tables, a token.
    const PIECES: &[&str] = &[
        "[[runners]]",
        "[runners.docker]",
        "token = \"glrt-x\"",
        "pull_policy = [\"always\", ",
        "a = ",
        "= 1",
        "\"",
        "'''",
        "é",
        "日本",
        "\u{0}",
        "\t",
        "\n",
        "\r\n",
        " ",
        "#",
    ];

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|p| p.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn every_writer_handles_any_text(text in text()) {
            let deployed = file_mode::Origin::Deployed { mode: Some(0o644) };
            let report = runner_config::check::check_file("config.toml", &text, deployed);
            let in_repository =
                runner_config::check::check_file("config.toml", &text, file_mode::Origin::WorkTree);
            let count = report.diagnostics.len() + in_repository.diagnostics.len();
            let files = [FileOutcome::Checked(report), FileOutcome::Checked(in_repository)];
            let doc = json(&files);
            let in_json = |i: usize| doc["files"][i]["diagnostics"].as_array().map_or(0, Vec::len);
            prop_assert_eq!(in_json(0) + in_json(1), count);
            prop_assert_eq!(gitlab(&files).as_array().map(Vec::len), Some(count));
            prop_assert_eq!(sarif(&files)["runs"][0]["results"].as_array().map(Vec::len), Some(count));
            #[cfg(feature = "cli")]
            {
                let mut out = Vec::new();
                report::write_human(&mut out, &files, &report::HumanStyle::default())
                    .expect("every finding renders");
                prop_assert!(String::from_utf8(out).is_ok());
            }
        }
    }
}
