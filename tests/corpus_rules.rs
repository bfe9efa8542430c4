//! The lint rules over the shared corpus of real `config.toml` files.
//!
//! `tests/corpus-rules-expected.toml` lists every lint finding (code and
//! key path) per file; set `UPDATE_CORPUS_RULES=1` to rewrite it, then
//! review the diff.

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

use runner_config::check::{CheckOptions, FileReport, Mode, check_with};
use runner_config::{Severity, rules};

mod support;

/// `../shared/corpus` beside the crate (a worktree one level deeper
/// finds it one level further up).
fn corpus() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let near = root.join("../shared/corpus");
    if near.is_dir() {
        near
    } else {
        root.join("../../shared/corpus")
    }
}

#[derive(serde::Deserialize)]
struct Entry {
    file: String,
    fragment: bool,
    genuine_mistakes: Vec<String>,
}

fn index() -> Vec<Entry> {
    let text = fs::read_to_string(corpus().join("index.json")).expect("corpus index");
    serde_json::from_str(&text).expect("index.json is a list of entries")
}

/// Whether the index marks `file` as a fragment: a registration template
/// or a piece of a config, checked in template mode.
fn is_fragment(file: &str) -> bool {
    index().iter().any(|e| e.file == file && e.fragment)
}

/// `check` as the corpus needs it: fragments as registration templates.
fn checked(file: &str, fragment: bool) -> FileReport {
    let text = fs::read_to_string(corpus().join(file)).expect("corpus file");
    let mode = if fragment {
        Mode::Template
    } else {
        Mode::Config
    };
    check_with(file, &text, &CheckOptions::new(mode))
}

/// `code key` of every lint finding in `file`.
fn findings(file: &str) -> Vec<String> {
    lint_findings(&checked(file, is_fragment(file)))
}

fn lint_findings(report: &FileReport) -> Vec<String> {
    report
        .diagnostics
        .iter()
        .filter(|d| rules::lints().any(|r| r.code == d.code()))
        .map(|d| format!("{} {}", d.code(), d.key_path().unwrap_or("-")))
        .collect()
}

fn findings_in(entry: &Entry) -> Vec<String> {
    lint_findings(&checked(&entry.file, entry.fragment))
}

#[test]
fn findings_match_the_expected_list() {
    if support::skip_without("corpus/index.json", "the real-config corpus") {
        return;
    }
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus-rules-expected.toml");
    let actual: BTreeMap<String, Vec<String>> = index()
        .iter()
        .map(|e| (e.file.clone(), findings_in(e)))
        .filter(|(_, f)| !f.is_empty())
        .collect();
    if std::env::var_os("UPDATE_CORPUS_RULES").is_some() {
        let mut out = String::from(
            "# Lint findings (code and key path) per corpus file; files without any are left out.\n",
        );
        for (file, list) in &actual {
            out.push_str(&format!("\n[\"{file}\"]\nfindings = [\n"));
            for f in list {
                out.push_str(&format!("  {f:?},\n"));
            }
            out.push_str("]\n");
        }
        fs::write(&path, out).expect("write the expected list");
    }
    #[derive(serde::Deserialize)]
    struct Expected {
        findings: Vec<String>,
    }
    let text = fs::read_to_string(&path).expect("tests/corpus-rules-expected.toml");
    let expected: BTreeMap<String, Expected> = toml::from_str(&text).expect("expected list");
    let expected: BTreeMap<String, Vec<String>> =
        expected.into_iter().map(|(k, v)| (k, v.findings)).collect();
    for (file, list) in &expected {
        assert_eq!(actual.get(file), Some(list), "{file}");
    }
    for file in actual.keys() {
        assert!(
            expected.contains_key(file),
            "{file}: findings not in the expected list"
        );
    }
}

/// Errors in whole files that the index records no mistake for, but that
/// are true: the runner would not run jobs with the file as written.
const TRUE_ERRORS: &[(&str, &str, &str)] = &[
    (
        "103.toml",
        "empty-runner-token runners[0].token",
        "a real config with `token = \"\"`: the runner skips the entry",
    ),
    (
        "168.toml",
        "url-not-http runners[0].url",
        "a doc example whose `url` is the prose placeholder `Your Gitlab instance URL …`",
    ),
    (
        "168.toml",
        "url-not-http runners[1].url",
        "the same placeholder",
    ),
    (
        "168.toml",
        "url-not-http runners[2].url",
        "the same placeholder",
    ),
    (
        "169.toml",
        "url-not-http runners[0].url",
        "the same placeholder",
    ),
    (
        "169.toml",
        "url-not-http runners[1].url",
        "the same placeholder",
    ),
    (
        "287.toml",
        "url-not-http runners[0].url",
        "GitLab Runner's own docs write `url = \"gitlab.example.com\"`, which its client refuses",
    ),
    (
        "288.toml",
        "url-not-http runners[0].url",
        "the same docs mistake",
    ),
    (
        "289.toml",
        "url-not-http runners[0].url",
        "the same docs mistake",
    ),
    (
        "291.toml",
        "url-not-http runners[0].url",
        "the same docs mistake",
    ),
    (
        "295.toml",
        "url-not-http runners[0].url",
        "the same docs mistake",
    ),
];

#[derive(serde::Deserialize)]
struct SchemaChecks {
    file: String,
    schema_check: Vec<String>,
}

/// Whether the index's `schema_check` notes already record what `finding`
/// (`code runners[N].key`) reports: a runner without a token, or an
/// executor without its section.
fn recorded_by_the_index(notes: &[String], finding: &str) -> bool {
    let Some((code, path)) = finding.split_once(' ') else {
        return false;
    };
    let runner = path.split('.').next().unwrap_or(path);
    match code {
        "empty-runner-token" => notes
            .iter()
            .any(|n| *n == format!("runner without token: {runner}")),
        "executor-not-configured" => {
            let section = path.split('.').nth(1).unwrap_or_default();
            notes.iter().any(|n| {
                n.ends_with(&format!(" without [runners.{section}]: {runner}"))
                    && n.starts_with("executor '")
            })
        }
        _ => false,
    }
}

#[test]
fn whole_files_without_mistakes_have_no_false_errors() {
    if support::skip_without("corpus/index.json", "the real-config corpus") {
        return;
    }
    let text = fs::read_to_string(corpus().join("index.json")).expect("corpus index");
    let notes: Vec<SchemaChecks> = serde_json::from_str(&text).expect("index.json");
    let mut unexplained = Vec::new();
    let mut used = Vec::new();
    for entry in index() {
        if entry.fragment || !entry.genuine_mistakes.is_empty() {
            continue;
        }
        let recorded = notes
            .iter()
            .find(|n| n.file == entry.file)
            .map(|n| n.schema_check.as_slice())
            .unwrap_or_default();
        for d in checked(&entry.file, false).diagnostics {
            if d.severity() != Severity::Error {
                continue;
            }
            let finding = format!("{} {}", d.code(), d.key_path().unwrap_or("-"));
            if recorded_by_the_index(recorded, &finding) {
                continue;
            }
            match TRUE_ERRORS
                .iter()
                .position(|(f, e, _)| *f == entry.file && *e == finding)
            {
                Some(i) => used.push(i),
                None => unexplained.push(format!("{} {finding}: {}", entry.file, d.message())),
            }
        }
    }
    assert!(unexplained.is_empty(), "{unexplained:#?}");
    for (i, (file, finding, _)) in TRUE_ERRORS.iter().enumerate() {
        assert!(used.contains(&i), "{file}: {finding} is no longer reported");
    }
}

#[test]
fn genuine_mistakes_are_caught() {
    if support::skip_without("corpus/index.json", "the real-config corpus") {
        return;
    }
    let caught = [
        (
            "012.toml",
            "registration-token-as-runner-token runners[0].token",
        ),
        ("020.toml", "unused-executor-section runners[0].ssh"),
        ("020.toml", "unused-executor-section runners[0].docker"),
        ("020.toml", "unused-executor-section runners[0].parallels"),
        ("022.toml", "empty-runner-token runners[0].token"),
        ("022.toml", "duplicate-runner-token runners[2].token"),
        ("052.toml", "relative-directory runners[0].cache_dir"),
        ("053.toml", "relative-directory runners[0].cache_dir"),
        (
            "081.toml",
            "relative-docker-cache-dir runners[0].docker.cache_dir",
        ),
        ("054.toml", "clone-url-without-scheme runners[0].clone_url"),
        ("276.toml", "url-not-http runners[0].url"),
        (
            "090.toml",
            "invalid-image-reference runners[0].docker.image",
        ),
    ];
    for (file, finding) in caught {
        let found = findings(file);
        assert!(
            found.iter().any(|f| f == finding),
            "{file}: {finding} not in {found:#?}"
        );
    }
}
