//! Serializing a model gives TOML that reads back as an equal model, and
//! loses nothing the runner would read.

use std::path::PathBuf;

use runner_config::model::shape::{Section, Shape, TableDef};
use runner_config::model::{Config, Executor, FeatureFlag, GoDuration, LogLevel};
use serde_json::Value as Json;
use toml::{Table, Value};

mod support;

fn corpus_dir() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .map(|dir| dir.join("shared").join("corpus"))
        .find(|path| path.join("index.json").is_file())
        .unwrap_or_else(|| panic!("shared/corpus not found above {}", manifest.display()))
}

/// Keys the model does not hold as written: unknown ones, and known ones in
/// another case (the runner accepts those; mapping them is the loader's job).
fn foreign_keys(table: &Table, def: &'static TableDef, path: &str, out: &mut Vec<String>) {
    for (name, value) in table {
        let here = if path.is_empty() {
            name.clone()
        } else {
            format!("{path}.{name}")
        };
        let Some(key) = def.key(name) else {
            let reason = if def.keys.iter().any(|k| k.name.eq_ignore_ascii_case(name)) {
                "key in non-canonical case"
            } else {
                "unknown key"
            };
            out.push(format!("{reason} `{here}`"));
            continue;
        };
        match (key.shape, value) {
            (Shape::Table(inner), Value::Table(t)) => foreign_keys(t, inner, &here, out),
            (Shape::Array(Shape::Table(inner)), Value::Array(items)) => {
                for item in items {
                    if let Value::Table(t) = item {
                        foreign_keys(t, inner, &format!("{here}[]"), out);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Equal as the runner would read them: integers and floats compare by
/// value (float keys accept integers), a string equals the one-element
/// array holding it (`pull_policy`), and empty tables are the same as
/// absent ones (an empty `[runners.cache]` sets nothing).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Table(a), Value::Table(b)) => same_tables(a, b),
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b))
        }
        (Value::Integer(i), Value::Float(f)) | (Value::Float(f), Value::Integer(i)) => {
            *i as f64 == *f
        }
        // A one-string `pull_policy` is written back as an array, as the
        // runner itself does.
        (Value::String(s), Value::Array(items)) | (Value::Array(items), Value::String(s)) => {
            matches!(items.as_slice(), [Value::String(only)] if only == s)
        }
        _ => a == b,
    }
}

/// Whether a value sets nothing: a table of such values, or an empty array.
fn is_empty(value: &Value) -> bool {
    match value {
        Value::Table(t) => t.values().all(is_empty),
        // `[]` for an array of tables is the same as no table at all.
        Value::Array(items) => items.is_empty(),
        _ => false,
    }
}

fn same_tables(a: &Table, b: &Table) -> bool {
    let keys = a.keys().chain(b.keys());
    keys.into_iter().all(|k| match (a.get(k), b.get(k)) {
        (Some(x), Some(y)) => same(x, y),
        (Some(x), None) | (None, Some(x)) => is_empty(x),
        (None, None) => true,
    })
}

/// Deserializes, serializes and deserializes again; returns the model.
#[track_caller]
fn round_trip(name: &str, text: &str) -> Config {
    let model: Config = toml::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
    let written = toml::to_string(&model).unwrap_or_else(|e| panic!("{name}: serialize: {e}"));
    let again: Config = toml::from_str(&written)
        .unwrap_or_else(|e| panic!("{name}: reading back failed: {e}\n{written}"));
    assert_eq!(
        model, again,
        "{name}: model changed after a round trip through\n{written}"
    );
    let original: Table = toml::from_str(text).expect("parsed once already");
    let rewritten: Table = toml::from_str(&written).expect("parsed once already");
    let mut foreign = Vec::new();
    foreign_keys(&original, Config::TABLE, "", &mut foreign);
    if foreign.is_empty() {
        assert!(
            same_tables(&original, &rewritten),
            "{name}: the serialized model lost or changed values:\n--- original\n{text}\n--- written\n{written}"
        );
    }
    model
}

#[test]
fn corpus_files_round_trip() {
    if support::skip_without("corpus/index.json", "the real-config corpus") {
        return;
    }
    let dir = corpus_dir();
    let index: Json = serde_json::from_str(
        &std::fs::read_to_string(dir.join("index.json")).expect("index.json is readable"),
    )
    .expect("index.json is JSON");
    let (mut checked, mut compared, mut skipped) = (0, 0, 0);
    for entry in index.as_array().expect("index is a list") {
        let file = entry["file"].as_str().expect("file name");
        let whole = entry["fragment"] == false
            && entry["parses_as_toml"] == true
            && entry["genuine_mistakes"]
                .as_array()
                .is_some_and(Vec::is_empty);
        if !whole {
            continue;
        }
        let text = std::fs::read_to_string(dir.join(file)).expect("corpus file is readable");
        let document: Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        let mut foreign = Vec::new();
        foreign_keys(&document, Config::TABLE, "", &mut foreign);
        match toml::from_str::<Config>(&text) {
            Ok(_) => {
                round_trip(file, &text);
                checked += 1;
                if foreign.is_empty() {
                    compared += 1;
                } else {
                    println!(
                        "{file}: not compared value by value ({})",
                        foreign.join(", ")
                    );
                }
            }
            Err(e) if !foreign.is_empty() => {
                println!("skip {file}: {e} (it has {})", foreign.join(", "));
                skipped += 1;
            }
            Err(e) => panic!("{file}: uses only canonical keys but does not deserialize: {e}"),
        }
    }
    println!("{checked} corpus files round-tripped ({compared} value by value), {skipped} skipped");
    assert!(
        compared >= 50,
        "only {compared} corpus files were compared value by value"
    );
}

const HAND_WRITTEN: &str = r#"
concurrent = 4
check_interval = 0
log_level = "debug"
connection_max_age = "15m"
shutdown_timeout = 30
sentry_dsn = "https://key@sentry.example.com/1"

[labels]
team = "ci"

[session_server]
listen_address = "[::]:8093"
session_timeout = 1800

[machine.shutdown_drain]
enabled = true
retry_backoff = 5000000000

[experimental.usage_logger]
enabled = true
writers = ["logrotate", "snowplow_billing"]

[experimental.usage_logger.logrotate]
max_rotation_age = "24h"

[[runners]]
name = "docker"
url = "https://gitlab.example.com"
id = 42
token = "glrt-REDACTED"
token_obtained_at = 2024-05-01T10:00:00Z
token_expires_at = "2025-05-01T10:00:00+02:00"
executor = "docker"
shell = ""
"tls-ca-file" = "/etc/ssl/ca.pem"
environment = ["A=1", "B=2"]
prepare_timeout = "1.5h"
get_sources_timeout = "-2m"
unhealthy_interval = 3600000000000

[runners.feature_flags]
FF_NETWORK_PER_BUILD = true
FF_NOT_A_FLAG = false

[runners.docker]
image = "alpine:3.20"
pull_policy = "if-not-present"
allowed_pull_policies = ["always", "if-not-present"]
ipcmode = "host"
services_limit = 2

[runners.docker.sysctls]
"net.ipv4.ip_forward" = "1"

[runners.docker.services_devices]
"postgres:*" = ["/dev/fuse"]

[[runners.docker.services]]
name = "postgres:16"
alias = "db"

[[runners.docker.services]]
name = "redis:7"

[runners.cache]
Type = "s3"
Shared = true

[runners.cache.s3]
ServerAddress = "s3.amazonaws.com"
AccessKey = "AKIA"
SecretKey = "secret"
AuthenticationType = "access-key"
DualStack = false

[runners.monitoring]
[[runners.monitoring.job_queuing_durations]]
periods = ["* * 9-17 * * mon-fri *"]
threshold = "30s"

[[runners]]
name = "k8s"
executor = "kubernetes"

[runners.kubernetes]
pull_policy = ["always", "if-not-present"]
cleanup_resources_timeout = "5m0s"
dns_policy = "cluster-first"
retry_limits = { "connection refused" = 3 }

[runners.kubernetes.node_selector]
"kubernetes.io/os" = "linux"

[[runners.kubernetes.volumes.nfs]]
name = "shared"
mount_path = "/mnt"
server = "nfs.example.com"
path = "/export"

[[runners.kubernetes.affinity.node_affinity.required_during_scheduling_ignored_during_execution.node_selector_terms]]
[[runners.kubernetes.affinity.node_affinity.required_during_scheduling_ignored_during_execution.node_selector_terms.match_expressions]]
key = "zone"
operator = "In"
values = ["a", "b"]

[[runners.kubernetes.pod_spec]]
name = "hostname"
patch = '{"hostname": "x"}'
patch_type = "merge"

[runners.kubernetes.build_container_security_context]
proc_mount = "Unmasked"

[runners.kubernetes.build_container_security_context.capabilities]
add = ["NET_ADMIN"]

[runners.machine]
IdleCount = 2
IdleScaleFactor = 1
MachineOptions = ["a=b"]

[[runners.machine.autoscaling]]
Periods = ["* * * * * sat,sun *"]
IdleCount = 0
IdleTime = 600

[runners.autoscaler]
plugin = "fleeting-plugin-aws"
instance_operation_time_buckets = [1.0, 5.5]

[runners.autoscaler.plugin_config]
name = "asg"
count = 3
nested = { deep = [1, 2] }

[runners.autoscaler.connector_config]
username = "ec2-user"
timeout = "10m"

[[runners.autoscaler.policy]]
idle_count = 1
idle_time = "20m0s"
scale_factor = 0.5
"#;

#[test]
fn hand_written_config_round_trips_with_every_kind_of_value() {
    let config = round_trip("hand-written", HAND_WRITTEN);

    assert_eq!(config.concurrent, Some(4));
    assert_eq!(config.check_interval, Some(0), "an explicit zero is kept");
    assert_eq!(config.log_level, Some(LogLevel::Debug));
    let max_age = config
        .connection_max_age
        .as_ref()
        .expect("connection_max_age");
    assert_eq!(max_age.as_nanos(), 15 * 60 * 1_000_000_000);
    assert_eq!(config.labels["team"], "ci");
    let drain = config
        .machine
        .as_ref()
        .and_then(|m| m.shutdown_drain.as_ref())
        .expect("drain");
    assert_eq!(
        drain.retry_backoff,
        Some(GoDuration::from_nanos(5_000_000_000))
    );

    let [docker, k8s] = config.runners.as_slice() else {
        panic!("two runners")
    };
    assert_eq!(docker.executor, Some(Executor::Docker));
    assert_eq!(docker.id, Some(42));
    assert!(
        !docker
            .token_obtained_at
            .as_ref()
            .expect("obtained")
            .is_string()
    );
    assert!(
        docker
            .token_expires_at
            .as_ref()
            .expect("expires")
            .is_string()
    );
    assert_eq!(docker.tls_ca_file.as_deref(), Some("/etc/ssl/ca.pem"));
    assert_eq!(
        docker.prepare_timeout.as_ref().map(GoDuration::as_nanos),
        Some(5400 * 1_000_000_000)
    );
    assert_eq!(
        docker
            .get_sources_timeout
            .as_ref()
            .map(GoDuration::as_nanos),
        Some(-120_000_000_000)
    );
    assert_eq!(docker.feature_flags.len(), 2, "unknown flags are kept");
    let flag = FeatureFlag::NetworkPerBuild;
    assert_eq!(docker.feature_flags.get(flag.as_str()), Some(&true));

    let docker_config = docker.docker.as_ref().expect("[runners.docker]");
    assert_eq!(docker_config.services.len(), 2);
    assert_eq!(docker_config.ipc_mode.as_deref(), Some("host"));
    assert_eq!(docker_config.sysctls["net.ipv4.ip_forward"], "1");
    let pull = docker_config.pull_policy.as_ref().expect("pull_policy");
    assert_eq!(pull.entries(), ["if-not-present"]);
    let cache = docker.cache.as_ref().expect("cache");
    assert_eq!(cache.cache_type, Some(runner_config::model::CacheType::S3));

    let kubernetes = k8s.kubernetes.as_ref().expect("[runners.kubernetes]");
    assert_eq!(
        kubernetes.pull_policy.as_ref().map(|p| p.entries().len()),
        Some(2)
    );
    assert_eq!(kubernetes.retry_limits["connection refused"], 3);
    let nfs = &kubernetes.volumes.as_ref().expect("volumes").nfs;
    assert_eq!(nfs[0].server.as_deref(), Some("nfs.example.com"));
    let machine = k8s.machine.as_ref().expect("[runners.machine]");
    assert_eq!(machine.idle_scale_factor, Some(1.0));
    assert_eq!(machine.autoscaling[0].idle_time, Some(600));
    let autoscaler = k8s.autoscaler.as_ref().expect("[runners.autoscaler]");
    assert_eq!(autoscaler.plugin_config["count"], Value::Integer(3));
    assert_eq!(autoscaler.policy[0].scale_factor, Some(0.5));
}

#[test]
fn case_insensitive_values_are_written_back_in_the_runners_spelling() {
    let text =
        "log_level = \"WARN\"\n[[runners]]\n[runners.cache.s3]\nAuthenticationType = \"IAM\"\n";
    let config: Config = toml::from_str(text).expect("case-insensitive values load");
    let written = toml::to_string(&config).expect("serializes");
    assert!(written.contains("log_level = \"warn\""), "{written}");
    assert!(
        written.contains("AuthenticationType = \"iam\""),
        "{written}"
    );
    assert_eq!(
        toml::from_str::<Config>(&written).expect("reads back"),
        config
    );
}

#[test]
fn bad_values_are_rejected_with_the_runners_words() {
    let err = toml::from_str::<Config>("[[runners]]\nprepare_timeout = \"1d\"\n").unwrap_err();
    assert!(
        err.message()
            .contains(r#"time: unknown unit "d" in duration "1d""#),
        "{err}"
    );
    let err = toml::from_str::<Config>("[[runners]]\nexecutor = \"dokcer\"\n").unwrap_err();
    assert!(err.message().contains(r#"did you mean "docker"?"#), "{err}");
}
