//! `runner-config explain` end to end: the output for people and the JSON
//! contract, snapshotted, and the exit statuses. Every run asserts that no
//! runner token and no credential given on the command line appears in any
//! output.
#![cfg(feature = "cli")]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_runner-config");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Tokens of `examples/config.toml` and of [`SHELL_CONFIG`], a password
/// given in an image name, and a part of each: no output may contain them.
const SECRETS: [&str; 8] = [
    "glrt-EXAMPLE0000000000000",
    "glrt-EXAMPLE1111111111111",
    "glrt-EXPLAINSECRET0123456789",
    "EXAMPLE0000",
    "EXAMPLE1111",
    "EXPLAINSECRET",
    "hunter2",
    "ci-bot:",
];

/// A file with a shell runner, a Docker runner whose token is a secret, a
/// Kubernetes runner that leaves the policy to the cluster, and a Docker
/// runner with its own helper image.
const SHELL_CONFIG: &str = r#"concurrent = 2

[[runners]]
  name = "build-host"
  url = "https://gitlab.example.com"
  token = "glrt-EXPLAINSECRET0123456789"
  executor = "shell"

[[runners]]
  name = "hub"
  url = "https://gitlab.example.com"
  token = "glrt-EXPLAINSECRET0123456789"
  executor = "docker"
  [runners.docker]
    image = "alpine"
    pull_policy = "never"

[[runners]]
  name = "cluster"
  url = "https://gitlab.example.com"
  token = "glrt-EXPLAINSECRET0123456789"
  executor = "kubernetes"
  [runners.kubernetes]
    image = "alpine:latest"

[[runners]]
  name = "own-helper"
  url = "https://gitlab.example.com"
  token = "glrt-EXPLAINSECRET0123456789"
  executor = "docker"
  [runners.docker]
    image = "alpine:3.19"
    helper_image = "registry.example.com/ci/runner-helper:19.4"
    pull_policy = ["always", "if-not-present"]
"#;

struct Run {
    status: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// Status, standard output and standard error, for a snapshot.
    fn transcript(&self) -> String {
        format!(
            "exit status: {}\n--- stdout\n{}--- stderr\n{}",
            self.status, self.stdout, self.stderr
        )
    }
}

/// Runs `runner-config explain` in `dir`.
fn explain(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(BIN)
        .arg("explain")
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .output()
        .expect("run runner-config");
    let run = Run {
        status: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 output"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 output"),
    };
    for secret in SECRETS {
        assert!(
            !run.stdout.contains(secret) && !run.stderr.contains(secret),
            "{secret} printed by explain {args:?}"
        );
    }
    run
}

/// Runs `explain` on the shipped example.
fn example(args: &[&str]) -> Run {
    let mut all = vec!["examples/config.toml"];
    all.extend_from_slice(args);
    explain(Path::new(ROOT), &all)
}

/// A directory holding [`SHELL_CONFIG`] as `config.toml`.
fn shell_dir(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("explain")
        .join(test);
    fs::create_dir_all(&dir).expect("create the work directory");
    fs::write(dir.join("config.toml"), SHELL_CONFIG).expect("write the config");
    dir
}

/// Runs `explain` on `file` in `dir` for people and as JSON, snapshots both
/// as `<name>` and `<name>_json`, checks that they exit alike and that the
/// JSON keeps its contract, and returns the exit status and the JSON.
fn both(dir: &Path, name: &str, args: &[&str]) -> (i32, Value) {
    let human = explain(dir, args);
    let mut json_args = args.to_vec();
    json_args.extend_from_slice(&["--format", "json"]);
    let json = explain(dir, &json_args);
    assert_eq!(human.status, json.status, "{}", human.stderr);
    assert!(
        human.stderr.is_empty() && json.stderr.is_empty(),
        "{}",
        human.stderr
    );
    insta::assert_snapshot!(name, human.transcript());
    insta::assert_snapshot!(format!("{name}_json"), json.stdout);
    let value: Value = serde_json::from_str(&json.stdout).expect("explain writes JSON");
    check_contract(&value);
    (human.status, value)
}

/// [`both`] on the shipped example.
fn example_both(name: &str, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["examples/config.toml"];
    all.extend_from_slice(args);
    both(Path::new(ROOT), name, &all)
}

const IMAGE_KEYS: [&str; 9] = [
    "image",
    "requested",
    "requested_source",
    "allowed",
    "effective",
    "error",
    "failure_reason",
    "attempts",
    "result",
];

/// The keys and values the README promises (the snapshots keep their
/// order: `serde_json::Map` here sorts them).
fn check_contract(job: &Value) {
    let keys = |v: &Value| -> Vec<String> {
        v.as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default()
    };
    let sorted = |mut list: Vec<String>| {
        list.sort();
        list
    };
    let mut top = vec!["runner".to_owned(), "executor".to_owned()];
    top.extend(IMAGE_KEYS.iter().map(|k| (*k).to_owned()));
    top.extend(["services".to_owned(), "helper".to_owned()]);
    assert_eq!(keys(job), sorted(top));
    let images = job["services"]
        .as_array()
        .into_iter()
        .flatten()
        .chain(Some(&job["helper"]).filter(|h| !h.is_null()))
        .chain([job]);
    for image in images {
        if !std::ptr::eq(image, job) {
            assert_eq!(
                keys(image),
                sorted(IMAGE_KEYS.iter().map(|k| (*k).to_owned()).collect())
            );
        }
        let result = image["result"].as_str().unwrap_or_default();
        assert!(
            ["ok", "failed", "config-error"].contains(&result),
            "{result}"
        );
        let source = &image["requested_source"];
        assert!(
            source.is_null()
                || [
                    "GitLab pipeline config",
                    "Runner config",
                    "Runner config (default)"
                ]
                .contains(&source.as_str().unwrap_or_default()),
            "{source}"
        );
        if result == "config-error" {
            assert!(image["effective"].is_null() && image["error"].is_string());
        }
        for attempt in image["attempts"].as_array().into_iter().flatten() {
            let mut want = vec!["policy"];
            if attempt.get("image_pull_policy").is_some() {
                want.extend(["image_pull_policy", "container"]);
            }
            want.extend(["action", "outcome", "failure"]);
            assert_eq!(
                keys(attempt),
                sorted(want.iter().map(|k| (*k).to_owned()).collect())
            );
            let action = attempt["action"].as_str().unwrap_or_default();
            assert!(
                ["use-local", "no-local", "pull", "import"].contains(&action),
                "{action}"
            );
            let failed = attempt["outcome"] == "failed";
            assert!(failed || attempt["outcome"] == "ok");
            assert_eq!(attempt["failure"].is_string(), failed, "{attempt}");
            if let Some(policy) = attempt["policy"].as_str() {
                assert!(["always", "if-not-present", "never", ""].contains(&policy));
            }
        }
    }
}

fn actions(image: &Value) -> Vec<String> {
    image["attempts"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|a| {
            format!(
                "{} {}",
                a["policy"].as_str().unwrap_or("-"),
                a["action"].as_str().unwrap_or("?")
            )
        })
        .collect()
}

#[test]
fn docker_registry_down_falls_back_to_the_local_copy() {
    let (status, json) = example_both(
        "docker_down_local_present",
        &[
            "--runner",
            "docker-builds",
            "--registry",
            "down",
            "--local",
            "present",
        ],
    );
    assert_eq!(status, 0);
    assert_eq!(json["result"], "ok");
    assert_eq!(
        actions(&json),
        [
            "always pull",
            "always pull",
            "always pull",
            "if-not-present use-local"
        ]
    );
}

#[test]
fn docker_registry_down_without_a_local_copy_fails() {
    let (status, json) = example_both(
        "docker_down_local_absent",
        &[
            "--runner",
            "docker-builds",
            "--registry",
            "down",
            "--local",
            "absent",
        ],
    );
    assert_eq!(status, 1);
    assert_eq!(json["result"], "failed");
    assert_eq!(json["failure_reason"], "runner_external_dependency_failure");
    assert!(json["error"].as_str().unwrap_or_default().starts_with(
        "failed to pull image \"registry.example.com/ci/base:2026.11\" with specified \
         policies [always if-not-present]: "
    ));
    // Three calls per policy, and the lookup of `if-not-present` between.
    assert_eq!(actions(&json).len(), 7);
}

#[test]
fn docker_hub_rate_limit_is_not_retried() {
    let (status, json) = example_both(
        "docker_rate_limited",
        &[
            "--runner",
            "docker-builds",
            "--image",
            "alpine:3.19",
            "--registry",
            "rate-limited",
            "--local",
            "present",
        ],
    );
    assert_eq!(status, 0);
    assert_eq!(actions(&json), ["always pull", "if-not-present use-local"]);
    let failure = json["attempts"][0]["failure"].as_str().unwrap_or_default();
    assert!(failure.contains("toomanyrequests: You have reached your pull rate limit"));
}

#[test]
fn docker_access_denied() {
    let dir = shell_dir("docker_access_denied");
    let (status, json) = both(
        &dir,
        "docker_denied",
        &[
            "config.toml",
            "--runner",
            "own-helper",
            "--registry",
            "denied",
        ],
    );
    assert_eq!(status, 1);
    assert_eq!(json["failure_reason"], "runner_configuration_error");
    // Denied is not retried: one call per policy.
    assert_eq!(
        actions(&json),
        [
            "always pull",
            "if-not-present no-local",
            "if-not-present pull"
        ]
    );
}

#[test]
fn never_without_a_local_copy() {
    let dir = shell_dir("never_without_a_local_copy");
    let (status, json) = both(
        &dir,
        "docker_never_absent",
        &["config.toml", "--runner", "hub"],
    );
    assert_eq!(status, 1);
    assert_eq!(actions(&json), ["never no-local"]);
    assert_eq!(json["failure_reason"], Value::Null);
    let run = explain(
        &dir,
        &["config.toml", "--runner", "hub", "--local", "present"],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
}

#[test]
fn job_policy_outside_the_allowed_list() {
    let (status, json) = example_both(
        "job_policy_not_allowed",
        &["--runner", "0", "--job-policy", "never"],
    );
    assert_eq!(status, 1);
    assert_eq!(json["result"], "config-error");
    assert_eq!(json["requested"], serde_json::json!(["never"]));
    assert_eq!(json["requested_source"], "GitLab pipeline config");
    assert_eq!(
        json["error"],
        "invalid pull policy for image \"registry.example.com/ci/base:2026.11\": pull_policy \
         ([never]) defined in GitLab pipeline config is not one of the allowed_pull_policies \
         ([always if-not-present])"
    );
    // The services and the helper do not use the job's policy.
    assert_eq!(json["services"][0]["result"], "ok");
}

#[test]
fn kubernetes_cluster_default_for_latest_pulls() {
    let dir = shell_dir("kubernetes_cluster_default_for_latest_pulls");
    let (status, json) = both(
        &dir,
        "kubernetes_cluster_default_latest",
        &[
            "config.toml",
            "--runner",
            "cluster",
            "--registry",
            "down",
            "--local",
            "present",
        ],
    );
    assert_eq!(status, 1);
    assert_eq!(json["requested_source"], "Runner config (default)");
    assert_eq!(json["effective"], serde_json::json!([""]));
    let attempt = &json["attempts"][0];
    assert_eq!(attempt["policy"], "");
    assert_eq!(attempt["image_pull_policy"], Value::Null);
    assert_eq!(attempt["container"], "build");
    assert_eq!(attempt["action"], "pull");
}

#[test]
fn kubernetes_cluster_default_for_a_version_uses_the_node() {
    let dir = shell_dir("kubernetes_cluster_default_for_a_version_uses_the_node");
    let (status, json) = both(
        &dir,
        "kubernetes_cluster_default_version",
        &[
            "config.toml",
            "--runner",
            "cluster",
            "--image",
            "alpine:1.2",
            "--registry",
            "down",
            "--local",
            "present",
        ],
    );
    // The build image is on the node; the default helper's tag is not
    // `latest` either, so it is used from the node too.
    assert_eq!(status, 0);
    assert_eq!(actions(&json), [" use-local"]);
}

#[test]
fn kubernetes_job_policy_falls_back_and_uses_the_local_copy() {
    let (status, json) = example_both(
        "kubernetes_denied_fallback",
        &[
            "--runner",
            "1",
            "--job-policy",
            "always",
            "--job-policy",
            "if-not-present",
            "--registry",
            "denied",
            "--local",
            "present",
        ],
    );
    let on_spec = |image: &Value| -> Vec<Value> {
        let attempts = image["attempts"].as_array().cloned().unwrap_or_default();
        attempts
            .iter()
            .map(|a| a["image_pull_policy"].clone())
            .collect()
    };
    // The build container falls back to the node's copy.
    assert_eq!(json["attempts"][1]["action"], "use-local");
    assert_eq!(on_spec(&json), ["Always", "IfNotPresent"]);
    // The helper image does not: init-permissions is rebuilt with the
    // helper container's policy, `Always`, until its own list runs out.
    assert_eq!(status, 1);
    assert_eq!(json["result"], "failed");
    assert_eq!(json["helper"]["result"], "failed");
    assert_eq!(on_spec(&json["helper"]), ["Always", "Always"]);
}

#[test]
fn kubernetes_registry_down() {
    let run = example(&["--runner", "kubernetes-builds", "--registry", "down"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    insta::assert_snapshot!("kubernetes_down", run.transcript());
}

#[test]
fn a_service() {
    let dir = shell_dir("a_service");
    let (status, json) = both(
        &dir,
        "docker_service",
        &[
            "config.toml",
            "--runner",
            "own-helper",
            "--service",
            "postgres:16",
            "--registry",
            "missing",
            "--local",
            "present",
        ],
    );
    assert_eq!(status, 0);
    let service = &json["services"][0];
    assert_eq!(service["image"], "postgres:16");
    assert_eq!(service["requested_source"], "Runner config");
    assert_eq!(
        actions(service),
        ["always pull", "if-not-present use-local"]
    );
}

#[test]
fn a_configured_helper_image_follows_the_policy() {
    let dir = shell_dir("a_configured_helper_image_follows_the_policy");
    let (status, json) = both(
        &dir,
        "docker_configured_helper",
        &[
            "config.toml",
            "--runner",
            "own-helper",
            "--registry",
            "down",
        ],
    );
    assert_eq!(status, 1);
    let helper = &json["helper"];
    assert_eq!(
        helper["image"],
        "registry.example.com/ci/runner-helper:19.4"
    );
    assert_eq!(helper["result"], "failed");
    assert_eq!(
        helper["effective"],
        serde_json::json!(["always", "if-not-present"])
    );
    // The default helper, by contrast, is imported without any policy.
    let run = example(&["--runner", "0", "--registry", "down", "--format", "json"]);
    let json: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(actions(&json["helper"]), ["- no-local", "- import"]);
    assert_eq!(json["helper"]["effective"], Value::Null);
}

#[test]
fn an_invalid_image_fails_as_docker_fails_it() {
    let dir = shell_dir("an_invalid_image_fails_as_docker_fails_it");
    let (status, json) = both(
        &dir,
        "docker_invalid_image",
        &[
            "config.toml",
            "--runner",
            "own-helper",
            "--image",
            "Alpine:3.19",
        ],
    );
    assert_eq!(status, 1);
    assert_eq!(json["result"], "failed");
    assert_eq!(
        json["error"],
        "failed to pull image \"Alpine:3.19\" with specified policies [always \
         if-not-present]: invalid reference format: repository name (library/Alpine) must be \
         lowercase"
    );
    assert_eq!(json["failure_reason"], "image_pull_failure");
}

#[test]
fn credentials_in_image_names_are_never_printed() {
    let dir = shell_dir("credentials_in_image_names_are_never_printed");
    // `explain` asserts that neither the password nor the user appears.
    for image in [
        "https://ci-bot:hunter2@registry.example.com/app:1",
        "ci-bot:hunter2@registry.example.com/app:1",
    ] {
        for runner in ["own-helper", "cluster"] {
            for format in ["human", "json"] {
                let run = explain(
                    &dir,
                    &[
                        "config.toml",
                        "--runner",
                        runner,
                        "--image",
                        image,
                        "--service",
                        image,
                        "--format",
                        format,
                    ],
                );
                assert_eq!(run.status, 1, "{}", run.stderr);
                assert!(run.stdout.contains("***@registry.example.com/app:1"));
            }
        }
    }
}

#[test]
fn shell_runner_does_not_pull() {
    let dir = shell_dir("shell_runner_does_not_pull");
    let run = explain(&dir, &["config.toml", "--runner", "build-host"]);
    assert_eq!(run.status, 2);
    assert!(run.stdout.is_empty());
    insta::assert_snapshot!("shell_runner", run.transcript());
}

#[test]
fn unknown_runner_lists_the_runners() {
    let run = example(&["--runner", "docker"]);
    assert_eq!(run.status, 2);
    assert!(run.stdout.is_empty());
    insta::assert_snapshot!("unknown_runner", run.transcript());
}

#[test]
fn several_runners_need_a_choice() {
    let run = example(&[]);
    assert_eq!(run.status, 2);
    assert!(
        run.stderr
            .contains("  1  \"kubernetes-builds\"  (kubernetes)")
    );
}

#[test]
fn could_not_run() {
    let dir = shell_dir("could_not_run");
    // No such file.
    let run = explain(&dir, &["missing.toml"]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.starts_with("error: cannot read missing.toml: "));
    // A runner with no image and no --image.
    fs::write(
        dir.join("no-image.toml"),
        "[[runners]]\nexecutor = \"docker\"\n",
    )
    .expect("write");
    let run = explain(&dir, &["no-image.toml"]);
    assert_eq!(run.status, 2);
    assert!(
        run.stderr.contains("name one with --image"),
        "{}",
        run.stderr
    );
    let run = explain(&dir, &["no-image.toml", "--image", "alpine:3"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    // Nothing on standard output when it cannot run, in either format.
    let run = explain(&dir, &["no-image.toml", "--format", "json"]);
    assert_eq!(run.status, 2);
    assert!(run.stdout.is_empty());
    // A file the runner would not load.
    fs::write(dir.join("broken.toml"), "[[runners]\n").expect("write");
    let run = explain(&dir, &["broken.toml"]);
    assert_eq!(run.status, 2);
    // A bad value for a flag is a usage error.
    let run = explain(&dir, &["config.toml", "--registry", "slow"]);
    assert_eq!(run.status, 2);
    let run = explain(&dir, &["config.toml", "--format", "yaml"]);
    assert_eq!(run.status, 2);
}

#[test]
fn no_token_in_any_output() {
    // `explain` asserts this for every run; these runs cover every runner
    // and scenario of both files, in both formats.
    let dir = shell_dir("no_token_in_any_output");
    for runner in ["0", "1", "2", "3"] {
        for registry in ["up", "down", "denied", "missing", "rate-limited"] {
            for local in ["present", "absent"] {
                for format in ["human", "json"] {
                    let args = [
                        "--runner",
                        runner,
                        "--registry",
                        registry,
                        "--local",
                        local,
                        "--format",
                        format,
                    ];
                    if runner < "2" {
                        let run = example(&args);
                        assert!(run.status == 0 || run.status == 1, "{}", run.stderr);
                    }
                    let mut shell = vec!["config.toml"];
                    shell.extend_from_slice(&args);
                    explain(&dir, &shell);
                }
            }
        }
    }
    explain(&dir, &["config.toml"]);
    explain(&dir, &["config.toml", "--runner", "nope"]);
}
