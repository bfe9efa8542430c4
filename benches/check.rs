//! How much `runner-config check` costs next to just parsing the TOML.
//!
//! `cargo bench --bench check` generates a config with 10 000 `[[runners]]`
//! (override with `RUNNERS=n`), then times, in one run and on the same
//! text: the bare `toml` parse (spanned document), `toml::from_str` into a
//! generic table, loading into the typed model, and the full check (load +
//! every rule). It reports the median of several rounds and each stage's
//! ratio to the bare parse, which is the figure to watch: the target is a
//! small multiple. Ratios from one run are comparable; absolute times on a
//! shared machine are not.
//!
//! It then misspells a key in every runner and times the JSON and human
//! reports of those findings, and the human report of half as many: the
//! human report must stay a small multiple of the parse, and twice the
//! findings must take about twice the time (it once took a minute for
//! 5 000 findings, scanning the whole file for each snippet).

use std::hint::black_box;
use std::time::{Duration, Instant};

use runner_config::check::check;
use runner_config::model::Config;
use runner_config::report::{self, FileOutcome, HumanStyle, Summary};

// The same generated fleet as `bench/compare` measures.
#[path = "../bench/fleet.rs"]
mod fleet;
use fleet::generate;

fn main() {
    let runners: usize = std::env::var("RUNNERS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(7);
    let text = generate(runners);
    println!(
        "input: {runners} runners, {} lines, {:.1} MiB; median of {rounds} rounds",
        text.lines().count(),
        text.len() as f64 / (1024.0 * 1024.0)
    );

    let parse = median(rounds, || {
        let (doc, errors) = toml::de::DeTable::parse_recoverable(&text);
        black_box((doc, errors));
    });
    let table = median(rounds, || {
        black_box(toml::from_str::<toml::Table>(&text).expect("generated TOML parses"));
    });
    let load = median(rounds, || {
        black_box(runner_config::load::load_as::<Config>("bench.toml", &text));
    });
    let redact = median(rounds, || {
        black_box(runner_config::Source::redacted("bench.toml", &text, &[]));
    });
    let check_time = median(rounds, || {
        black_box(check("bench.toml", &text));
    });

    // The same fleet with one misspelt key per runner, rendered as JSON
    // and for people; then with half the runners, to show the human
    // report's time grows with the findings, not with their square.
    let mistaken = with_findings(&text);
    let half = with_findings(&generate(runners / 2));
    let reports = |text: &str| [FileOutcome::Checked(check("bench.toml", text))];
    let (full, halved) = (reports(&mistaken), reports(&half));
    let json = median(rounds, || {
        let mut out = Vec::new();
        report::write_json(&mut out, &full).expect("json report");
        black_box(out);
    });
    let human = median(rounds, || render_human(&full));
    let human_half = median(rounds, || render_human(&halved));

    let report = check("bench.toml", &text);
    println!(
        "findings on the generated file: {}; on the misspelt one: {}",
        report.diagnostics.len(),
        Summary::of(&full).warnings
    );
    println!("{:<42} {:>10} {:>8}", "stage", "median", "× parse");
    for (name, time) in [
        ("toml: spanned parse (DeTable)", parse),
        ("toml: from_str into toml::Table", table),
        ("runner-config: redaction alone (Source)", redact),
        ("runner-config: load into the typed model", load),
        ("runner-config: check (load + rules)", check_time),
        ("report: JSON, one finding per runner", json),
        ("report: human, one finding per runner", human),
    ] {
        println!(
            "{name:<42} {:>8.1}ms {:>8.2}",
            time.as_secs_f64() * 1e3,
            time.as_secs_f64() / parse.as_secs_f64()
        );
    }
    println!(
        "human report: {:.2}× the time for {:.2}× the findings (linear: about equal)",
        human.as_secs_f64() / human_half.as_secs_f64(),
        Summary::of(&full).warnings as f64 / Summary::of(&halved).warnings as f64
    );
}

fn render_human(files: &[FileOutcome]) {
    let mut out = Vec::new();
    report::write_human(&mut out, files, &HumanStyle::default()).expect("human report");
    black_box(out);
}

/// `text` with a misspelt key in every runner: one more `unknown-key` each.
fn with_findings(text: &str) -> String {
    text.replace(
        "  request_concurrency = 2\n",
        "  request_concurrency = 2\n  executr = \"shell\"\n",
    )
}

fn median(rounds: usize, mut f: impl FnMut()) -> Duration {
    f(); // warm-up
    let mut times: Vec<Duration> = (0..rounds.max(1))
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}
