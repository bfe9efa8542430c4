//! `runner-config explain` end to end: the output for people, snapshotted,
//! and the exit statuses. Every run asserts that no runner token appears in
//! any output.
#![cfg(feature = "cli")]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_runner-config");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Tokens of `examples/config.toml` and of [`SHELL_CONFIG`], and a part of
/// each: no output may contain them.
const SECRETS: [&str; 6] = [
    "glrt-EXAMPLE0000000000000",
    "glrt-EXAMPLE1111111111111",
    "glrt-EXPLAINSECRET0123456789",
    "EXAMPLE0000",
    "EXAMPLE1111",
    "EXPLAINSECRET",
];

/// A file with a shell runner and a Docker runner whose token is a secret.
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

#[test]
fn docker_registry_down_falls_back_to_the_local_copy() {
    let run = example(&[
        "--runner",
        "docker-builds",
        "--registry",
        "down",
        "--local",
        "present",
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.stdout.matches("  daemon  | ").count(), 3);
    insta::assert_snapshot!("docker_down_local_present", run.transcript());
}

#[test]
fn docker_registry_down_without_a_local_copy_fails() {
    let run = example(&[
        "--runner",
        "docker-builds",
        "--registry",
        "down",
        "--local",
        "absent",
    ]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stdout.contains(
        "  error:          failed to pull image \"registry.example.com/ci/base:2026.11\" \
         with specified policies [always if-not-present]: "
    ));
    insta::assert_snapshot!("docker_down_local_absent", run.transcript());
}

#[test]
fn job_policy_outside_the_allowed_list() {
    let run = example(&["--runner", "0", "--job-policy", "never"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stdout.contains(
        "invalid pull policy for image \"registry.example.com/ci/base:2026.11\": \
         pull_policy ([never]) defined in GitLab pipeline config is not one of the \
         allowed_pull_policies ([always if-not-present])"
    ));
    insta::assert_snapshot!("job_policy_not_allowed", run.transcript());
}

#[test]
fn kubernetes_registry_down() {
    let run = example(&["--runner", "kubernetes-builds", "--registry", "down"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    insta::assert_snapshot!("kubernetes_down", run.transcript());
}

#[test]
fn kubernetes_job_policy_falls_back_and_uses_the_local_copy() {
    let run = example(&[
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
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    insta::assert_snapshot!("kubernetes_denied_fallback", run.transcript());
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
fn docker_never_without_a_local_copy() {
    let dir = shell_dir("docker_never_without_a_local_copy");
    let run = explain(&dir, &["config.toml", "--runner", "hub"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stdout.contains("No such image: alpine"));
    let run = explain(
        &dir,
        &["config.toml", "--runner", "hub", "--local", "present"],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
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
    // A file the runner would not load.
    fs::write(dir.join("broken.toml"), "[[runners]\n").expect("write");
    let run = explain(&dir, &["broken.toml"]);
    assert_eq!(run.status, 2);
    // A bad value for a flag is a usage error.
    let run = explain(&dir, &["config.toml", "--registry", "slow"]);
    assert_eq!(run.status, 2);
}

#[test]
fn no_token_in_any_output() {
    // `explain` asserts this for every run; these runs cover every runner
    // and scenario of both files.
    let dir = shell_dir("no_token_in_any_output");
    for runner in ["0", "1"] {
        for registry in ["up", "down", "denied", "missing"] {
            for local in ["present", "absent"] {
                let args = ["--runner", runner, "--registry", registry, "--local", local];
                let run = example(&args);
                assert!(run.status == 0 || run.status == 1, "{}", run.stderr);
                let mut shell = vec!["config.toml"];
                shell.extend_from_slice(&args);
                explain(&dir, &shell);
            }
        }
    }
    explain(&dir, &["config.toml"]);
    explain(&dir, &["config.toml", "--runner", "nope"]);
}
