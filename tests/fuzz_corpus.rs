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

/// The `check` and `round_trip` targets' oracles, shared with
/// `fuzz/fuzz_targets/check.rs` and `round_trip.rs`.
#[path = "../fuzz/oracle.rs"]
mod oracle;

/// The `next_policy` target's oracle, shared with
/// `fuzz/fuzz_targets/next_policy.rs`.
#[path = "../fuzz/policy_oracle.rs"]
mod policy_oracle;

/// Runs `oracle` on every input of `target`'s corpus, collecting panics;
/// returns how many inputs `oracle` said it exercised.
fn replay(target: &str, oracle: impl Fn(&[u8]) -> bool + std::panic::RefUnwindSafe) -> usize {
    let mut failures = Vec::new();
    let mut exercised = 0;
    for (path, bytes) in corpus(target) {
        let outcome = std::panic::catch_unwind(|| oracle(&bytes));
        match outcome {
            Ok(true) => exercised += 1,
            Ok(false) => {}
            Err(panic) => {
                let message = panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| panic.downcast_ref::<&str>().copied())
                    .unwrap_or("(not a string)");
                failures.push(format!("{}: {message}", path.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    exercised
}

#[test]
fn check_corpus_holds_the_check_targets_oracle() {
    replay("check", |bytes| match std::str::from_utf8(bytes) {
        Ok(text) => {
            oracle::check_text(text);
            true
        }
        Err(_) => false,
    });
}

/// Every text of the `round_trip` corpus, and of the `check` corpus (the
/// same kind of input), that the loader accepts survives being written
/// back.
#[test]
fn round_trip_corpus_loads_to_the_same_model() {
    let round_trip = |bytes: &[u8]| std::str::from_utf8(bytes).is_ok_and(oracle::round_trip_text);
    let accepted = replay("round_trip", round_trip) + replay("check", round_trip);
    assert!(
        accepted >= 20,
        "only {accepted} corpus inputs were accepted"
    );
}

#[test]
fn next_policy_corpus_holds_the_policy_oracle() {
    let ran = replay("next_policy", |bytes| {
        policy_oracle::check_bytes(bytes);
        true
    });
    assert!(ran >= 10, "only {ran} next_policy inputs");
}

/// The policy oracle is not vacuous: a loop that never ends, a fourth pull
/// call under one policy or a success after exhaustion would be caught.
/// Here, every all-transient Docker scenario retries exactly to the limit.
#[test]
fn next_policy_oracle_sees_retries_to_the_limit() {
    use runner_config::policy::{
        Action, Attempt, Failure, Outcome, PullPlan, PullPolicy, next_policy,
    };
    let policies = [PullPolicy::Always, PullPolicy::Always];
    let plan = PullPlan::new("app:1", &policies, Err("No such image: app:1"));
    let mut history: Vec<Attempt<'_>> = Vec::new();
    let mut decisions = 0;
    loop {
        decisions += 1;
        let decision = next_policy(&plan, &history);
        if decision.is_final() {
            assert!(matches!(decision.action(), Action::Exhausted(_)));
            break;
        }
        let outcome = Outcome::Failed(Failure::pull("dial tcp: i/o timeout"));
        history.extend(decision.attempt(outcome));
    }
    // Three pull calls per policy, then the final decision: 3 × 2 + 1.
    assert_eq!(decisions, 7);
    // The oracle's own scenario: Docker, two `always`, no local copy, no
    // used image, default attempts, then transient failures only.
    let mut input = vec![0, 2, 0, 0, 2, 0, 0, 1];
    input.extend([3, 0].repeat(7));
    policy_oracle::check_bytes(&input);
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
