//! The loader on every real file of `shared/corpus`.
//!
//! What it reports on each file is checked in, in `tests/corpus-expected.toml`
//! (code and key path per finding), so a change in behaviour shows up as a
//! diff to review. That file also says, for each mistake the corpus index
//! records, which finding catches it, or why none does. Run with
//! `RUNNER_CONFIG_BLESS=1` to rewrite the findings after a deliberate change;
//! the mistake notes are kept.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;

use runner_config::Severity;
use runner_config::load::{self, Loaded};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

mod support;

fn corpus_dir() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .map(|dir| dir.join("shared").join("corpus"))
        .find(|path| path.join("index.json").is_file())
        .unwrap_or_else(|| panic!("shared/corpus not found above {}", manifest.display()))
}

fn expected_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus-expected.toml")
}

/// One entry of `index.json`.
struct IndexEntry {
    fragment: bool,
    mistakes: Vec<String>,
}

fn index() -> BTreeMap<String, IndexEntry> {
    let text = fs::read_to_string(corpus_dir().join("index.json")).expect("index.json");
    let entries: Vec<Json> = serde_json::from_str(&text).expect("index.json is a JSON array");
    entries
        .iter()
        .map(|entry| {
            let file = entry["file"].as_str().expect("file name").to_owned();
            let fragment = entry["fragment"].as_bool().expect("fragment flag");
            let mistakes = entry["genuine_mistakes"]
                .as_array()
                .expect("genuine_mistakes")
                .iter()
                .map(|m| m.as_str().expect("mistake text").to_owned())
                .collect();
            (file, IndexEntry { fragment, mistakes })
        })
        .collect()
}

/// Every corpus file, loaded.
fn corpus() -> Vec<(String, String, Loaded)> {
    let dir = corpus_dir();
    let mut names: Vec<String> = fs::read_dir(&dir)
        .expect("readable corpus")
        .map(|entry| {
            entry
                .expect("corpus entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".toml"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let text = fs::read_to_string(dir.join(&name)).expect("readable corpus file");
            let loaded = load::load_named(&name, &text);
            (name, text, loaded)
        })
        .collect()
}

/// "code key.path" for each finding, in order ("-" when there is no path).
fn findings(loaded: &Loaded) -> Vec<String> {
    loaded
        .diagnostics()
        .iter()
        .map(|d| format!("{} {}", d.code(), d.key_path().unwrap_or("-")))
        .collect()
}

#[derive(Debug, Default, Deserialize, Serialize)]
struct Expected {
    #[serde(default)]
    files: BTreeMap<String, ExpectedFile>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct ExpectedFile {
    #[serde(default)]
    found: Vec<String>,
    #[serde(default)]
    mistakes: Vec<Mistake>,
}

/// A mistake from `index.json` and what catches it: exactly one of
/// `caught_by` (findings of the loader), `caught_by_lint` (findings of the
/// lint rules, as `check` reports them), `pending` (a lint rule still to
/// come) or `not_detected` (why no offline check can).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Mistake {
    mistake: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    caught_by: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    caught_by_lint: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pending: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    not_detected: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

fn read_expected() -> Expected {
    match fs::read_to_string(expected_path()) {
        Ok(text) => toml::from_str(&text).expect("tests/corpus-expected.toml parses"),
        Err(_) => Expected::default(),
    }
}

const HEADER: &str = "\
# What the loader reports on each file of shared/corpus (`code key.path`, in
# order), and what catches each mistake recorded in the corpus index: a
# loader finding, a lint finding (as `check` reports it), a rule still to
# come, or why no offline check can. Files with no findings and no mistakes
# are left out.
#
# After a deliberate change: RUNNER_CONFIG_BLESS=1 cargo test --test corpus
# rewrites every `found` list and keeps the `mistakes`.
";

fn write_expected(expected: &Expected) {
    let mut out = String::from(HEADER);
    for (file, entry) in &expected.files {
        if entry.found.is_empty() && entry.mistakes.is_empty() {
            continue;
        }
        let _ = write!(out, "\n[files.\"{file}\"]\nfound = [");
        for (i, f) in entry.found.iter().enumerate() {
            let sep = if i == 0 { "\n" } else { "" };
            let _ = writeln!(out, "{sep}  {},", toml_string(f));
        }
        out.push_str("]\n");
        for mistake in &entry.mistakes {
            let _ = write!(out, "\n[[files.\"{file}\".mistakes]]\n");
            let body = toml::to_string(mistake).expect("a mistake serializes");
            out.push_str(&body);
        }
    }
    fs::write(expected_path(), out).expect("tests/corpus-expected.toml is writable");
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

#[test]
fn the_corpus_loads_as_recorded() {
    if support::skip_without("corpus/index.json", "the real-config corpus") {
        return;
    }
    let corpus = corpus();
    assert!(corpus.len() > 100, "only {} corpus files", corpus.len());
    let mut expected = read_expected();
    let actual: BTreeMap<&str, Vec<String>> = corpus
        .iter()
        .map(|(name, _, loaded)| (name.as_str(), findings(loaded)))
        .collect();

    if std::env::var_os("RUNNER_CONFIG_BLESS").is_some() {
        for (name, found) in &actual {
            expected.files.entry((*name).to_owned()).or_default().found = found.clone();
        }
        expected
            .files
            .retain(|name, _| actual.contains_key(name.as_str()));
        write_expected(&expected);
    }

    let mut differences = Vec::new();
    for (name, found) in &actual {
        let recorded = expected
            .files
            .get(*name)
            .map(|e| e.found.as_slice())
            .unwrap_or_default();
        if recorded != found.as_slice() {
            differences.push(format!(
                "{name}:\n  recorded {recorded:?}\n  found    {found:?}"
            ));
        }
    }
    for name in expected.files.keys() {
        if !actual.contains_key(name.as_str()) {
            differences.push(format!("{name}: recorded, but not in the corpus"));
        }
    }
    assert!(
        differences.is_empty(),
        "the loader's findings changed (RUNNER_CONFIG_BLESS=1 to accept):\n{}",
        differences.join("\n")
    );
}

#[test]
fn every_recorded_mistake_is_accounted_for() {
    if support::skip_without("corpus/index.json", "the real-config corpus") {
        return;
    }
    let index = index();
    let expected = read_expected();
    let corpus = corpus();
    let actual: BTreeMap<&str, BTreeSet<String>> = corpus
        .iter()
        .map(|(name, _, loaded)| (name.as_str(), findings(loaded).into_iter().collect()))
        .collect();
    let mut problems = Vec::new();
    for (file, entry) in &index {
        let noted: Vec<&Mistake> = expected
            .files
            .get(file)
            .map(|e| e.mistakes.iter().collect())
            .unwrap_or_default();
        for mistake in &entry.mistakes {
            match noted.iter().filter(|m| m.mistake == *mistake).count() {
                0 => problems.push(format!("{file}: no note for {mistake:?}")),
                1 => {}
                _ => problems.push(format!("{file}: {mistake:?} noted twice")),
            }
        }
        for note in &noted {
            if !entry.mistakes.contains(&note.mistake) {
                problems.push(format!("{file}: {:?} is not in index.json", note.mistake));
            }
            let verdicts = usize::from(!note.caught_by.is_empty())
                + usize::from(!note.caught_by_lint.is_empty())
                + usize::from(note.pending.is_some())
                + usize::from(note.not_detected.is_some());
            if verdicts != 1 {
                problems.push(format!(
                    "{file}: {:?} needs exactly one of caught_by, caught_by_lint, pending, \
                     not_detected",
                    note.mistake
                ));
            }
            for finding in &note.caught_by {
                if !actual
                    .get(file.as_str())
                    .is_some_and(|found| found.contains(finding))
                {
                    problems.push(format!("{file}: {finding:?} no longer reported"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn whole_files_without_mistakes_have_no_errors() {
    if support::skip_without("corpus/index.json", "the real-config corpus") {
        return;
    }
    let index = index();
    for (name, _, loaded) in corpus() {
        let Some(entry) = index.get(&name) else {
            panic!("{name} is not in index.json")
        };
        if entry.fragment || !entry.mistakes.is_empty() {
            continue;
        }
        let errors: Vec<_> = loaded
            .diagnostics()
            .iter()
            .filter(|d| d.severity() == Severity::Error)
            .map(|d| format!("{} {:?}: {}", d.code(), d.key_path(), d.message()))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
        assert!(loaded.is_valid(), "{name}");
    }
}

/// Fragments are pieces of a config (Helm `runners.config` values, doc
/// examples): checked as registration templates, with every finding.
#[test]
fn fragments_report_as_snapshotted() {
    if support::skip_without("corpus/index.json", "the real-config corpus") {
        return;
    }
    use runner_config::check::{CheckOptions, Mode, check_with};
    let index = index();
    let mut report = String::new();
    for (name, text, _) in corpus() {
        if !index.get(&name).is_some_and(|e| e.fragment) {
            continue;
        }
        let checked = check_with(&name, &text, &CheckOptions::new(Mode::Template));
        if checked.diagnostics.is_empty() {
            continue;
        }
        let _ = writeln!(report, "{name}");
        for d in &checked.diagnostics {
            let (line, column) = d
                .span()
                .map_or((0, 0), |s| checked.source.line_col(s.start));
            let _ = writeln!(
                report,
                "  {line}:{column} {}[{}] {}: {}",
                d.severity(),
                d.code(),
                d.key_path().unwrap_or("-"),
                d.message()
            );
        }
    }
    insta::assert_snapshot!("fragments", report);
}

#[test]
fn secrets_in_the_corpus_are_redacted() {
    if support::skip_without("corpus/index.json", "the real-config corpus") {
        return;
    }
    for (name, text, loaded) in corpus() {
        let source = loaded.source().text();
        assert_eq!(source.len(), text.len(), "{name}");
        for (path, spans) in loaded.spans().iter() {
            if loaded.spans().is_secret(path)
                && path.rsplit('.').next().is_some_and(|k| k == "token")
            {
                let shown = &source[spans.value.clone()];
                assert!(
                    shown.chars().all(|c| c == '*' || c == '"' || c == '\''),
                    "{name}: {path} shows {shown}"
                );
            }
        }
    }
}
