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

/// The `check` target's oracle, shared with `fuzz/fuzz_targets/check.rs`.
#[path = "../fuzz/oracle.rs"]
mod oracle;

#[test]
fn check_corpus_holds_the_check_targets_oracle() {
    let mut failures = Vec::new();
    for (path, bytes) in corpus("check") {
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        let outcome = std::panic::catch_unwind(|| oracle::check_text(text));
        if let Err(panic) = outcome {
            let message = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("(not a string)");
            failures.push(format!("{}: {message}", path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The oracle must not cry wolf: a token value quoted legitimately (it is
/// also written as a non-secret value) is not a leak, and one only the token
/// holds is.
#[test]
fn token_oracle_separates_leaks_from_coincidences() {
    let text = "[[runners]]\ntoken = \"glrt-abcdefgh\"\nexecutor = \"docker\"\n\
                [runners.docker]\nimage = \"glrt-abcdefgh\"\n";
    let report = runner_config::check::check("fuzz.toml", text);
    assert!(oracle::leaked_tokens(text, &report).is_empty());

    let (tokens, _) = oracle::strings(text);
    assert_eq!(tokens.len(), 1);
    assert_eq!(&text[tokens[0].span.clone()], "\"glrt-abcdefgh\"");

    // A made-up finding that repeats the token is caught.
    let text = "[[runners]]\ntoken = \"glrt-s3cr3tvalue\"\nexecutor = \"shell\"\n";
    let mut report = runner_config::check::check("fuzz.toml", text);
    let rule = runner_config::rules::find("unknown-key").expect("a rule");
    report
        .diagnostics
        .push(runner_config::Diagnostic::new(rule, "saw glrt-s3cr3tvalue").at(21..38));
    assert_eq!(oracle::leaked_tokens(text, &report), ["glrt-s3cr3tvalue"]);
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
