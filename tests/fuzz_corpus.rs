//! Runs every input in `fuzz/corpus/` through the same checks as the fuzz
//! targets, on stable, as part of `cargo test`. Adding a crash reproducer to
//! the corpus turns it into a regression test.

use std::fs;
use std::path::PathBuf;

use runner_config::image::{ImageRef, Part};
use runner_config::policy::PullPolicyList;

fn corpus(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut inputs: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("readable corpus entry").path())
        .filter(|path| path.is_file())
        .map(|path| {
            let bytes = fs::read(&path).expect("readable corpus file");
            (path, bytes)
        })
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "empty corpus {}", dir.display());
    inputs
}

#[test]
fn check_corpus_never_panics_and_spans_stay_inside() {
    for (path, bytes) in corpus("check") {
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        let report = runner_config::check::check("fuzz.toml", text);
        for d in &report.diagnostics {
            if let Some(span) = d.span() {
                assert!(
                    span.start <= span.end && span.end <= text.len(),
                    "{}",
                    path.display()
                );
            }
        }
    }
}

#[derive(serde::Deserialize, serde::Serialize)]
struct Holder {
    pull_policy: PullPolicyList,
}

#[test]
fn pull_policy_corpus_round_trips() {
    for (path, bytes) in corpus("pull_policy") {
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        if let Ok(holder) = toml::from_str::<Holder>(text) {
            let back = toml::to_string(&holder).expect("a decoded list serializes");
            let again: Holder = toml::from_str(&back).expect("what we write, we read");
            assert_eq!(again.pull_policy, holder.pull_policy, "{}", path.display());
        }
    }
}

#[test]
fn image_ref_corpus_keeps_spans_inside_and_round_trips() {
    for (path, bytes) in corpus("image_ref") {
        let Ok(input) = std::str::from_utf8(&bytes) else {
            continue;
        };
        match ImageRef::parse(input) {
            Ok(image) => {
                assert_eq!(image.as_str(), input, "{}", path.display());
                for part in [
                    Part::Domain,
                    Part::Port,
                    Part::Path,
                    Part::Tag,
                    Part::Digest,
                ] {
                    if let Some(span) = image.span_of(part) {
                        assert!(span.end <= input.len(), "{}", path.display());
                    }
                }
            }
            Err(err) => assert!(err.span().end <= input.len(), "{}", path.display()),
        }
    }
}
