//! No secret reaches any output: `check` in every format, and `explain`.
//!
//! A property test puts a generated secret in every kind of place a
//! `config.toml` keeps one (runner tokens, URL credentials, cache keys,
//! credential environment variables, driver options, comments, broken and
//! duplicate lines, …) next to every kind of finding, and looks for any 8
//! bytes of it in every report. A fixture per kind of place
//! (`tests/fixtures/secrets/`) does the same for hand-written files, and
//! runs the binary.
#![cfg(feature = "cli")]

use std::fs;
use std::path::Path;
use std::process::Command;

use proptest::prelude::*;
use runner_config::check::check;
use runner_config::report::{self, FileOutcome, HumanStyle};

const BIN: &str = env!("CARGO_BIN_EXE_runner-config");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// How much of a secret must not be shown: any run this long.
const LEAK: usize = 8;

/// Every kind of place a secret is written in; `{S}` stands for it. The
/// finding goes next to (or onto) the first line holding `{S}`.
const PLACES: &[&str] = &[
    // Top level.
    "sentry_dsn = \"https://{S}@o1.ingest.sentry.io/1\"\n",
    "[session_server]\n  listen_address = \"0.0.0.0:8093\"\n  advertise_address = \"u:{S}@runner.example.com:8093\"\n",
    // A runner's own keys, as written right and wrong.
    "[[runners]]\n  executor = \"shell\"\n  token = \"{S}\"\n",
    "[[runners]]\n  executor = \"shell\"\n  TOKEN = \"{S}\"\n",
    "[[runners]]\n  executor = \"shell\"\n  Token = '{S}'\n",
    "[[runners]]\n  executor = \"shell\"\n  \"token\" = \"{S}\"\n",
    "[[runners]]\n  executor = \"shell\"\n  token = \"\"\"\n{S}\"\"\"\n",
    "[[runners]]\n  executor = \"shell\"\n  token = \"\"\"glrt-\\\n{S}\"\"\"\n",
    "[[runners]]\n  executor = \"shell\"\n  token = \"glrt-first\"\n  token = \"{S}\"\n",
    "[[runners]]\n  executor = \"shell\"\n  token = {S}\n",
    "[[runners]]\n  executor = \"shell\"\n  token = \"{S}\n",
    "[[runners]]\n  executor = \"shell\"\n  # token = \"{S}\"\n",
    "[[runners]]\n  executor = \"shell\"\n  # url = https://deploy:{S}@gitlab.example.com\n",
    "[[runners]]\n  executor = \"shell\"\n  api_key = \"{S}\"\n",
    "[[runners]]\n  executor = \"shell\"\n  registration_token = \"{S}\"\n",
    // URLs with credentials.
    "[[runners]]\n  executor = \"shell\"\n  url = \"deploy:{S}@gitlab.example.com\"\n",
    "[[runners]]\n  executor = \"shell\"\n  url = \"https://deploy:{S}@gitlab.example.com/\"\n",
    "[[runners]]\n  executor = \"shell\"\n  clone_url = \"https://u:{S}@gitlab.example.com\"\n",
    "[[runners]]\n  executor = \"shell\"\n  builds_dir = \"deploy:{S}@host/builds\"\n",
    // Credential environment variables and scripts.
    "[[runners]]\n  executor = \"shell\"\n  environment = [\"LANG=C\", \"DB_PASSWORD={S}\"]\n",
    "[[runners]]\n  executor = \"shell\"\n  environment = [\"API_TOKEN={S}\"]\n",
    "[[runners]]\n  executor = \"shell\"\n  environment = [\"AWS_SECRET_ACCESS_KEY={S}\"]\n",
    "[[runners]]\n  executor = \"shell\"\n  environment = [\"SIGNING_KEY={S}\"]\n",
    "[[runners]]\n  executor = \"shell\"\n  environment = [\"NPM_AUTH={S}\"]\n",
    "[[runners]]\n  executor = \"shell\"\n  environment = [\"VAULT_CREDENTIALS={S}\"]\n",
    "[[runners]]\n  executor = \"shell\"\n  environment = [\"DOCKER_AUTH_CONFIG={\\\"auths\\\":{\\\"r.example.com\\\":{\\\"auth\\\":\\\"{S}\\\"}}}\"]\n",
    "[[runners]]\n  executor = \"shell\"\n  environment = [\"HTTPS_PROXY=http://u:{S}@proxy.example.com:3128\"]\n",
    "[[runners]]\n  executor = \"shell\"\n  environment = [\n    \"LANG=C\",\n    \"DB_PASSWORD={S}\",\n  ]\n",
    "[[runners]]\n  executor = \"shell\"\n  environment = \"DB_PASSWORD={S}\"\n",
    "[[runners]]\n  executor = \"shell\"\n  pre_build_script = \"export API_TOKEN={S}; make\"\n",
    "[[runners]]\n  executor = \"shell\"\n  pre_build_script = \"docker login -u ci --password {S} registry.example.com\"\n",
    "[[runners]]\n  executor = \"shell\"\n  pre_build_script = \"gitlab-runner register --token glrt-{S}\"\n",
    "[[runners]]\n  executor = \"shell\"\n  name = \"glrt-{S}\"\n",
    "[[runners]]\r\n  executor = \"shell\"\r\n  token = \"{S}\"\r\n",
    // Images and services.
    "[[runners]]\n  executor = \"docker\"\n  [runners.docker]\n    image = \"u:{S}@registry.example.com/app\"\n",
    "[[runners]]\n  executor = \"docker\"\n  [runners.docker]\n    image = \"alpine:3.19\"\n    [[runners.docker.services]]\n      name = \"u:{S}@registry.example.com/postgres:16\"\n",
    "[[runners]]\n  executor = \"docker\"\n  [runners.docker]\n    services = [{ name = \"u:{S}@registry.example.com/pg\" }]\n",
    "[[runners]]\n  executor = \"docker\"\n  [runners.docker]\n    image = \"alpine:3.19\"\n  [runners.docker.registry]\n    password = \"{S}\"\n",
    // Cache credentials.
    "[[runners]]\n  executor = \"shell\"\n  [runners.cache]\n    Type = \"s3\"\n    [runners.cache.s3]\n      ServerAddress = \"mu:{S}@minio.example.com:9000\"\n",
    "[[runners]]\n  executor = \"shell\"\n  [runners.cache.s3]\n    AccessKey = \"{S}\"\n",
    "[[runners]]\n  executor = \"shell\"\n  [runners.cache.s3]\n    SecretKey = \"{S}\"\n",
    "[[runners]]\n  executor = \"shell\"\n  [runners.cache.s3]\n    SessionToken = \"{S}\"\n",
    "[[runners]]\n  executor = \"shell\"\n  cache = { Type = \"s3\", s3 = { AccessKey = \"AKIA\", SecretKey = \"{S}\" } }\n",
    "[[runners]]\n  executor = \"shell\"\n  [runners.cache.gcs]\n    PrivateKey = \"-----BEGIN PRIVATE KEY-----\\n{S}\\n-----END PRIVATE KEY-----\\n\"\n",
    "[[runners]]\n  executor = \"shell\"\n  [runners.cache.azure]\n    AccountKey = \"{S}\"\n",
    // Docker Machine and autoscaler options.
    "[[runners]]\n  executor = \"docker+machine\"\n  [runners.machine]\n    MachineOptions = [\"amazonec2-region=eu-west-1\", \"amazonec2-secret-key={S}\"]\n",
    "[[runners]]\n  executor = \"docker+machine\"\n  [runners.machine]\n    MachineOptions = [\"amazonec2-access-key={S}\"]\n",
    "[[runners]]\n  executor = \"docker+machine\"\n  [runners.machine]\n    MachineOptions = [\"digitalocean-access-token={S}\"]\n",
    "[[runners]]\n  executor = \"docker+machine\"\n  [runners.machine]\n    MachineOptions = [\"--google-application-credentials={S}\"]\n",
    "[[runners]]\n  executor = \"docker+machine\"\n  [runners.machine]\n    MachineOptionsWithName = [\"exoscale-api-secret-key={S}\"]\n",
    "[[runners]]\n  executor = \"docker-autoscaler\"\n  [runners.autoscaler]\n    plugin = \"aws\"\n    [runners.autoscaler.plugin_config]\n      secret_access_key = \"{S}\"\n",
    "[[runners]]\n  executor = \"docker-autoscaler\"\n  [runners.autoscaler.connector_config]\n    password = \"{S}\"\n",
    // Other executors' credentials.
    "[[runners]]\n  executor = \"kubernetes\"\n  [runners.kubernetes]\n    bearer_token = \"{S}\"\n",
    "[[runners]]\n  executor = \"ssh\"\n  [runners.ssh]\n    password = \"{S}\"\n",
];

/// Lines that cause a finding wherever they are written: an unknown key, a
/// syntax error, a pull policy (a finding in `[runners.docker]`, a
/// misplaced key elsewhere), a type mismatch in `[[runners]]`, an invalid
/// image.
const FINDINGS: &[&str] = &[
    "unknwn_key = 1",
    "= broken",
    "pull_policy = \"Always\"",
    "limit = \"x\"",
    "image = \":bad\"",
    "concurrent = \"4\"",
];

#[derive(Debug, Clone, Copy)]
enum Beside {
    Before,
    After,
    /// Garbage after the secret on its own line: a syntax error there.
    SameLine,
}

/// `place` with the secret in it and a finding beside it.
fn write_place(place: &str, secret: &str, finding: &str, beside: Beside) -> String {
    let mut out = String::new();
    let mut placed = false;
    for line in place.split_inclusive('\n') {
        if placed || !line.contains("{S}") {
            out.push_str(line);
            continue;
        }
        placed = true;
        let line = line.replace("{S}", secret);
        match beside {
            Beside::Before => {
                out.push_str(finding);
                out.push('\n');
                out.push_str(&line);
            }
            Beside::After => {
                out.push_str(&line);
                out.push_str(finding);
                out.push('\n');
            }
            Beside::SameLine => {
                out.push_str(line.trim_end_matches('\n'));
                out.push_str(" junk\n");
            }
        }
    }
    out.replace("{S}", secret)
}

/// Every report `check` writes, and the human one at two widths.
fn every_report(name: &str, text: &str) -> Vec<(&'static str, String)> {
    let files = [FileOutcome::Checked(check(name, text))];
    let mut reports = Vec::new();
    let mut add = |format: &'static str, out: Vec<u8>| {
        reports.push((format, String::from_utf8_lossy(&out).into_owned()));
    };
    for (format, width) in [("human", 80), ("human-wide", 400)] {
        let mut out = Vec::new();
        let style = HumanStyle {
            color: false,
            width,
        };
        report::write_human(&mut out, &files, &style).expect("human report");
        add(format, out);
    }
    let mut out = Vec::new();
    report::write_json(&mut out, &files).expect("json report");
    add("json", out);
    let mut out = Vec::new();
    report::write_gitlab(&mut out, &files, std::path::Path::new(".")).expect("gitlab report");
    add("gitlab", out);
    let mut out = Vec::new();
    report::write_sarif(&mut out, &files, std::path::Path::new(".")).expect("sarif report");
    add("sarif", out);
    reports
}

/// `runner-config explain` on `text`, its standard output and error.
fn explain(text: &str, extra: &[&str]) -> String {
    let dir = std::env::temp_dir().join(format!("runner-config-secrets-{}", std::process::id()));
    fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(format!("{:x}.toml", fnv(text)));
    fs::write(&path, text).expect("write config");
    let out = Command::new(BIN)
        .arg("explain")
        .arg(&path)
        .args(["--runner", "0", "--registry", "down"])
        .args(extra)
        .output()
        .expect("run explain");
    let _ = fs::remove_file(&path);
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The other commands that print a config's text or findings: `fix
/// --diff`, `check --output-file` (the file and the terminal), and `ci`
/// against a pipeline that uses the config's runners.
fn other_commands(config: &Path) -> Vec<(String, String)> {
    let dir = std::env::temp_dir().join(format!(
        "runner-config-secrets-cmds-{}-{:x}",
        std::process::id(),
        fnv(&config.display().to_string())
    ));
    fs::create_dir_all(&dir).expect("temp dir");
    fs::write(
        dir.join(".gitlab-ci.yml"),
        "build:\n  image:\n    name: alpine:latest\n    pull_policy: never\n  script: make\n",
    )
    .expect("write pipeline");
    let run = |args: &[&str]| {
        let out = Command::new(BIN)
            .current_dir(&dir)
            .args(args)
            .output()
            .expect("run runner-config");
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    };
    let config = config.to_str().expect("a UTF-8 path");
    let report = dir.join("report.json");
    let report_path = report.to_str().expect("a UTF-8 path");
    let mut outputs = vec![
        (
            "fix --diff --unsafe-fixes".to_owned(),
            run(&["fix", "--diff", "--unsafe-fixes", config]),
        ),
        ("ci".to_owned(), run(&["ci", "--config", config])),
        (
            "ci --format json".to_owned(),
            run(&["ci", "--config", config, "--format", "json"]),
        ),
    ];
    let terminal = run(&[
        "check",
        "--format",
        "sarif",
        "--output-file",
        report_path,
        config,
    ]);
    let file = fs::read_to_string(&report).unwrap_or_default();
    outputs.push((
        "check --output-file".to_owned(),
        format!("{terminal}{file}"),
    ));
    let _ = fs::remove_dir_all(&dir);
    outputs
}

fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The first run of [`LEAK`] bytes of `secret` that `output` shows.
fn leaked<'a>(secret: &'a str, output: &str) -> Option<&'a str> {
    secret
        .as_bytes()
        .windows(LEAK.min(secret.len()))
        .map(|w| std::str::from_utf8(w).expect("ASCII secret"))
        .find(|w| output.contains(w))
}

/// A secret no report would print by chance: letters and digits after a
/// marker.
fn secret() -> impl Strategy<Value = String> {
    "[A-Za-z0-9]{12,32}".prop_map(|s| format!("Zq7{s}"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn no_report_shows_a_secret(
        secret in secret(),
        places in proptest::collection::vec(0..PLACES.len(), 1..4),
        finding in 0..FINDINGS.len(),
        beside in prop_oneof![Just(Beside::Before), Just(Beside::After), Just(Beside::SameLine)],
    ) {
        let mut text = String::new();
        // Top-level keys first, then tables in order.
        let mut places = places;
        places.sort_unstable();
        for &place in &places {
            text.push_str(&write_place(PLACES[place], &secret, FINDINGS[finding], beside));
        }
        prop_assert!(text.contains(&secret));
        for (format, output) in every_report("config.toml", &text) {
            if let Some(part) = leaked(&secret, &output) {
                prop_assert!(false, "{format} shows {part:?} of the secret in:\n{text}\n---\n{output}");
            }
        }
    }
}

/// `explain` prints values from the model (image names, runner names), in
/// every place, with and without an image named on the command line.
#[test]
fn explain_shows_no_secret() {
    let secret = "Zq7eXpLaIn0123456789";
    for place in PLACES {
        let text = write_place(place, secret, "", Beside::After);
        for extra in [&[][..], &["--image", "alpine"][..]] {
            let output = explain(&text, extra);
            assert_eq!(leaked(secret, &output), None, "{text}\n---\n{output}");
        }
    }
}

/// Every place, with every kind of finding on every side: the property
/// test samples these, this walks them all once.
#[test]
fn every_place_beside_every_finding() {
    let secret = "Zq7eVrYpLaCe0123456789";
    for place in PLACES {
        // Inside a multi-line string a finding's line is only more text.
        let mut found = 0;
        for finding in FINDINGS {
            for beside in [Beside::Before, Beside::After, Beside::SameLine] {
                let text = write_place(place, secret, finding, beside);
                let reports = every_report("config.toml", &text);
                for (format, output) in &reports {
                    assert_eq!(
                        leaked(secret, output),
                        None,
                        "{format} of:\n{text}\n---\n{output}"
                    );
                }
                if !reports[1].1.contains("no problems found") {
                    found += 1;
                }
            }
        }
        assert!(
            found >= FINDINGS.len(),
            "too few findings beside {place:?}: {found}"
        );
    }
}

/// The secrets of a fixture: every run of letters and digits starting
/// with `Zq7`.
fn secrets_in(text: &str) -> Vec<&str> {
    text.match_indices("Zq7")
        .map(|(i, _)| {
            let len = text[i..]
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(text.len() - i);
            &text[i..i + len]
        })
        .collect()
}

/// One hand-written file per kind of place, each with findings beside its
/// secrets, through the binary: `check` in every format, and `explain`.
#[test]
fn fixtures_show_no_secret() {
    let dir = Path::new(ROOT).join("tests/fixtures/secrets");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("tests/fixtures/secrets")
        .map(|entry| entry.expect("fixture").path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 20, "{} fixtures", files.len());
    for path in files {
        let text = fs::read_to_string(&path).expect("fixture");
        let secrets = secrets_in(&text);
        assert!(!secrets.is_empty(), "{}: no Zq7 secret", path.display());
        let mut outputs = Vec::new();
        for format in ["human", "json", "gitlab", "sarif"] {
            let out = Command::new(BIN)
                .args(["check", "--format", format])
                .arg(&path)
                .output()
                .expect("run check");
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(
                !stdout.contains("no problems found") && !stdout.contains("\"diagnostics\":[]"),
                "{}: no finding",
                path.display()
            );
            outputs.push((
                format!("check --format {format}"),
                format!(
                    "{}{}",
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                ),
            ));
        }
        for extra in [&[][..], &["--image", "alpine"][..]] {
            outputs.push(("explain".to_owned(), explain(&text, extra)));
        }
        outputs.extend(other_commands(&path));
        for secret in &secrets {
            for (what, output) in &outputs {
                assert_eq!(
                    leaked(secret, output),
                    None,
                    "{}: {what} shows part of {secret}:\n{output}",
                    path.display()
                );
            }
        }
    }
}
