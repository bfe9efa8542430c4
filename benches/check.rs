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

use std::hint::black_box;
use std::time::{Duration, Instant};

use runner_config::model::Config;

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
    let check = median(rounds, || {
        black_box(runner_config::check::check("bench.toml", &text));
    });

    let report = runner_config::check::check("bench.toml", &text);
    println!(
        "findings on the generated file: {}",
        report.diagnostics.len()
    );
    println!("{:<42} {:>10} {:>8}", "stage", "median", "× parse");
    for (name, time) in [
        ("toml: spanned parse (DeTable)", parse),
        ("toml: from_str into toml::Table", table),
        ("runner-config: load into the typed model", load),
        ("runner-config: check (load + rules)", check),
    ] {
        println!(
            "{name:<42} {:>8.1}ms {:>8.2}",
            time.as_secs_f64() * 1e3,
            time.as_secs_f64() / parse.as_secs_f64()
        );
    }
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

/// A config shaped like a large fleet's: Docker and Kubernetes runners in
/// turn, each with the keys real configs use most, pull policies with a
/// fallback, services, cache and feature flags.
fn generate(runners: usize) -> String {
    let mut out = String::from("concurrent = 500\ncheck_interval = 3\nlog_level = \"info\"\n\n");
    for i in 0..runners {
        let executor = if i % 2 == 0 { "docker" } else { "kubernetes" };
        let common = format!(
            "[[runners]]\n  name = \"runner-{i}\"\n  url = \"https://gitlab.example.com\"\n  id = {i}\n  token = \"glrt-EXAMPLE{i:012}\"\n  token_obtained_at = 2026-11-02T09:30:00Z\n  limit = 4\n  executor = \"{executor}\"\n  environment = [\"DOCKER_DRIVER=overlay2\"]\n  [runners.feature_flags]\n    FF_USE_FASTZIP = true\n  [runners.cache]\n    Type = \"s3\"\n    Shared = true\n    [runners.cache.s3]\n      ServerAddress = \"s3.amazonaws.com\"\n      BucketName = \"runner-cache\"\n"
        );
        out.push_str(&common);
        if i % 2 == 0 {
            out.push_str(
                "  [runners.docker]\n    image = \"registry.example.com/ci/base:2026.11\"\n    privileged = false\n    volumes = [\"/cache\"]\n    shm_size = 268435456\n    pull_policy = [\"always\", \"if-not-present\"]\n    allowed_pull_policies = [\"always\", \"if-not-present\"]\n    [[runners.docker.services]]\n      name = \"registry.example.com/ci/postgres:16\"\n      alias = \"db\"\n\n",
            );
        } else {
            out.push_str(
                "  [runners.kubernetes]\n    namespace = \"gitlab-ci\"\n    image = \"registry.example.com/ci/base:2026.11\"\n    cpu_request = \"500m\"\n    memory_request = \"1Gi\"\n    poll_timeout = 600\n    pull_policy = [\"if-not-present\"]\n    allowed_pull_policies = [\"always\", \"if-not-present\"]\n    [runners.kubernetes.node_selector]\n      \"kubernetes.io/os\" = \"linux\"\n\n",
            );
        }
    }
    out
}
