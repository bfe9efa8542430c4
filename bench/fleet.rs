//! A deterministic `config.toml` for a fleet of `n` runners, shaped like a
//! large real one. Shared by `benches/check.rs` and the `bench-fleet`
//! example that `bench/compare` runs, so both measure the same files.
//!
//! The runners cycle through the four executors large fleets use (Docker,
//! Docker Machine, the Docker autoscaler, Kubernetes), each with the
//! sections real configs give them: an S3 or GCS cache, services and
//! volumes, pull-policy arrays with a fallback, feature flags, autoscaling
//! periods, a pod's node selector and volumes. One runner in twenty
//! carries a mistake (see [`MISTAKES`]), so every size has findings in the
//! same share: about 5 % of the runners.

// Each user of this module uses a different part of it.
#![allow(dead_code)]

use std::fmt::Write;

/// By default, one runner in `MISTAKE_EVERY` carries a mistake.
pub const MISTAKE_EVERY: usize = 20;

/// The mistakes, in turn: a misspelt key (`unknown-key`), a policy in
/// Kubernetes' spelling on Docker (`unknown-pull-policy`, an error), a
/// fallback after `never`, and a key in the wrong section.
pub const MISTAKES: [&str; 4] = [
    "  executr = \"docker\"\n",
    "",
    "",
    "  pull_policy = \"always\"\n",
];

/// The file for `runners` runners, one in [`MISTAKE_EVERY`] with a mistake.
pub fn generate(runners: usize) -> String {
    generate_with(runners, MISTAKE_EVERY)
}

/// The file for `runners` runners, one in `every` with a mistake (every
/// runner for 1).
pub fn generate_with(runners: usize, every: usize) -> String {
    let every = every.max(1);
    let mut out = String::with_capacity(runners.saturating_mul(700) + 200);
    out.push_str(
        "concurrent = 500\ncheck_interval = 3\nlog_level = \"info\"\nshutdown_timeout = 30\n\n\
         [session_server]\n  session_timeout = 1800\n\n",
    );
    for i in 0..runners {
        runner(&mut out, i, every);
    }
    out
}

fn runner(out: &mut String, i: usize, every: usize) {
    let executor = [
        "docker",
        "docker+machine",
        "docker-autoscaler",
        "kubernetes",
    ][i % 4];
    // The kind of mistake turns with each block of `every` runners, and so
    // does its place in the block, so that each kind lands on another
    // executor.
    let kind = i / every % 4;
    let mistake = (i % every == (3 + 5 * kind) % every).then_some(kind);
    // `write!` into a `String` cannot fail.
    let _ = write!(
        out,
        "[[runners]]\n  name = \"{executor}-{i}\"\n  url = \"https://gitlab.example.com\"\n  \
         id = {i}\n  token = \"glrt-EXAMPLE{i:012}\"\n  token_obtained_at = 2026-11-02T09:30:00Z\n  \
         executor = \"{executor}\"\n  limit = {}\n  \
         request_concurrency = 2\n  environment = [\"TEAM=team-{}\"]\n",
        4 + i % 8,
        i % 37,
    );
    if let Some(m @ (0 | 3)) = mistake {
        out.push_str(MISTAKES[m]);
    }
    out.push_str(
        "  [runners.feature_flags]\n    FF_SCRIPT_SECTIONS = true\n    FF_TIMESTAMPS = true\n",
    );
    cache(out, i);
    match executor {
        "kubernetes" => kubernetes(out, i, mistake),
        _ => docker(out, i, mistake),
    }
    match executor {
        "docker+machine" => machine(out, i),
        "docker-autoscaler" => autoscaler(out, i),
        _ => {}
    }
    out.push('\n');
}

fn cache(out: &mut String, i: usize) {
    if i.is_multiple_of(2) {
        let _ = write!(
            out,
            "  [runners.cache]\n    Type = \"s3\"\n    Path = \"runner-{i}\"\n    Shared = true\n    \
             [runners.cache.s3]\n      ServerAddress = \"s3.amazonaws.com\"\n      \
             BucketName = \"runner-cache\"\n      BucketLocation = \"eu-central-1\"\n",
        );
    } else {
        out.push_str(
            "  [runners.cache]\n    Type = \"gcs\"\n    Shared = true\n    [runners.cache.gcs]\n      \
             BucketName = \"runner-cache\"\n      CredentialsFile = \"/etc/gitlab-runner/gcs.json\"\n",
        );
    }
}

fn docker(out: &mut String, i: usize, mistake: Option<usize>) {
    let policies = match mistake {
        Some(1) => "[\"IfNotPresent\"]",
        Some(2) => "[\"never\", \"always\"]",
        _ if i.is_multiple_of(3) => "[\"always\", \"if-not-present\"]",
        _ => "[\"if-not-present\"]",
    };
    let _ = write!(
        out,
        "  [runners.docker]\n    image = \"registry.example.com/ci/base:2026.{}\"\n    \
         privileged = false\n    \
         volumes = [\"/cache\", \"/builds/{i}:/builds:rw\"]\n    \
         shm_size = 268435456\n    memory = \"4g\"\n    \
         pull_policy = {policies}\n    allowed_pull_policies = [\"always\", \"if-not-present\", \"never\"]\n    \
         [[runners.docker.services]]\n      name = \"registry.example.com/ci/postgres:16\"\n      alias = \"db\"\n    \
         [[runners.docker.services]]\n      name = \"registry.example.com/ci/redis:7\"\n      alias = \"cache\"\n",
        i % 12 + 1,
    );
}

fn kubernetes(out: &mut String, i: usize, mistake: Option<usize>) {
    let policies = match mistake {
        Some(1) => "[\"if-not-present\", \"Always\"]",
        Some(2) => "[\"never\", \"always\"]",
        _ => "[\"if-not-present\"]",
    };
    let _ = write!(
        out,
        "  [runners.kubernetes]\n    namespace = \"gitlab-ci-{}\"\n    \
         image = \"registry.example.com/ci/base:2026.{}\"\n    cpu_request = \"500m\"\n    \
         memory_request = \"1Gi\"\n    poll_timeout = 600\n    \
         pull_policy = {policies}\n    allowed_pull_policies = [\"always\", \"if-not-present\"]\n    \
         [runners.kubernetes.node_selector]\n      \"kubernetes.io/os\" = \"linux\"\n    \
         [[runners.kubernetes.volumes.empty_dir]]\n      name = \"scratch\"\n      mount_path = \"/scratch\"\n      \
         medium = \"Memory\"\n    \
         [[runners.kubernetes.services]]\n      name = \"registry.example.com/ci/postgres:16\"\n      alias = \"db\"\n",
        i % 5,
        i % 12 + 1,
    );
}

fn machine(out: &mut String, i: usize) {
    let _ = write!(
        out,
        "  [runners.machine]\n    IdleCount = 2\n    IdleTime = 1800\n    MaxBuilds = 100\n    \
         MachineDriver = \"amazonec2\"\n    MachineName = \"runner-{i}-%s\"\n    \
         MachineOptions = [\"amazonec2-region=eu-west-1\", \"amazonec2-instance-type=m5.large\"]\n    \
         [[runners.machine.autoscaling]]\n      Periods = [\"* * 9-17 * * mon-fri *\"]\n      \
         IdleCount = 10\n      IdleTime = 3600\n      Timezone = \"Europe/Berlin\"\n",
    );
}

fn autoscaler(out: &mut String, i: usize) {
    let _ = write!(
        out,
        "  [runners.autoscaler]\n    plugin = \"aws:latest\"\n    capacity_per_instance = 1\n    \
         max_use_count = 10\n    max_instances = 10\n    [runners.autoscaler.plugin_config]\n      \
         name = \"asg-{i}\"\n    [runners.autoscaler.connector_config]\n      username = \"ec2-user\"\n    \
         [[runners.autoscaler.policy]]\n      idle_count = 5\n      idle_time = \"20m0s\"\n      \
         periods = [\"* * * * *\"]\n      timezone = \"UTC\"\n",
    );
}
