//! The lint rules over the shared corpus of real `config.toml` files.
//!
//! `tests/corpus-rules-expected.toml` lists every lint finding (code and
//! key path) per file; set `UPDATE_CORPUS_RULES=1` to rewrite it, then
//! review the diff.

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

use runner_config::check::check;
use runner_config::{Severity, rules};

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

/// `code key` of every lint finding in `file`.
fn findings(file: &str) -> Vec<String> {
    let text = fs::read_to_string(corpus().join(file)).expect("corpus file");
    check(file, &text)
        .diagnostics
        .iter()
        .filter(|d| rules::lints().any(|r| r.code == d.code()))
        .map(|d| format!("{} {}", d.code(), d.key_path().unwrap_or("-")))
        .collect()
}

#[test]
fn findings_match_the_expected_list() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus-rules-expected.toml");
    let actual: BTreeMap<String, Vec<String>> = index()
        .iter()
        .map(|e| (e.file.clone(), findings(&e.file)))
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

/// Errors in files the index records no mistake for, each checked
/// against the runner's source: documentation examples that leave out a
/// section their executor cannot work without (the index's `schema_check`
/// notes them).
const KNOWN_ERRORS: &[(&str, &str)] = &[
    // `docker-autoscaler` without `[runners.autoscaler]`: its provider
    // fails every poll (`executor requires autoscaler config`).
    ("168.toml", "missing-executor-section"),
];

#[test]
fn whole_files_without_mistakes_have_no_errors() {
    for entry in index() {
        if entry.fragment || !entry.genuine_mistakes.is_empty() {
            continue;
        }
        let text = fs::read_to_string(corpus().join(&entry.file)).expect("corpus file");
        let errors: Vec<_> = check(&entry.file, &text)
            .diagnostics
            .into_iter()
            .filter(|d| d.severity() == Severity::Error)
            .filter(|d| !KNOWN_ERRORS.contains(&(entry.file.as_str(), d.code())))
            .map(|d| format!("{} {:?}: {}", d.code(), d.key_path(), d.message()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", entry.file);
    }
}

#[test]
fn genuine_mistakes_are_caught() {
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
        ("081.toml", "relative-directory runners[0].docker.cache_dir"),
        ("054.toml", "url-without-scheme runners[0].clone_url"),
        ("276.toml", "url-without-scheme runners[0].url"),
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
