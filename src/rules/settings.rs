//! Settings GitLab Runner loads and runs jobs with, but drops, ignores or
//! only warns about: each finding here is a warning, and each cites the
//! place in the runner that logs or silently skips the value.

use crate::check::Mode;
use crate::image::ImageRef;
use crate::load::Loaded;
use crate::model::{CacheType, Config, Executor, Runner};
use crate::policy::gofmt::Quoted;
use crate::{Diagnostic, Rule, Severity, Stage};

use super::Out;
use super::grammar::quantity::parse_quantity;
use super::key_paths::map_entry;

/// `concurrent` below the number of `[[runners]]`.
pub(crate) static CONCURRENT_BELOW_RUNNERS: Rule = Rule {
    code: "concurrent-below-runners",
    severity: Severity::Warning,
    stage: Stage::StartUp,
    summary: "`concurrent` is less than the number of `[[runners]]` entries",
    explanation: "`concurrent` is the number of workers that poll GitLab and run jobs for all \
                  entries together. With fewer workers than entries, entries wait for one \
                  another while a worker is held by a long poll, and jobs start late; the \
                  runner logs `Worker starvation bottleneck: 'concurrent' setting (N) is less \
                  than number of runners (M)` at every load from 18.4 on \
                  (`RunCommand.checkConfigConcurrency`, `commands/multi.go`).",
    bad: "concurrent = 1\n[[runners]]\nexecutor = \"shell\"\n[[runners]]\nexecutor = \"shell\"\n",
    good: "concurrent = 4\n[[runners]]\nexecutor = \"shell\"\n[[runners]]\nexecutor = \"shell\"\n",
};

/// A usage-logger writer the runner does not know.
pub(crate) static UNKNOWN_USAGE_LOGGER_WRITER: Rule = Rule {
    code: "unknown-usage-logger-writer",
    severity: Severity::Warning,
    stage: Stage::StartUp,
    summary: "`[experimental.usage_logger] writers` entry the runner does not know",
    explanation: "The usage logger knows the writers `logrotate` and `snowplow_billing`, \
                  spelt exactly so. For any other name the runner logs `Unknown usage logger \
                  writer, skipping` and records nothing there (`RunCommand.reloadUsageLogger`, \
                  `commands/multi.go`).",
    bad: "[experimental.usage_logger]\nenabled = true\nwriters = [\"logrotate\", \"snowplow\"]\n\
          [[runners]]\nexecutor = \"shell\"\n",
    good: "[experimental.usage_logger]\nenabled = true\n\
           writers = [\"logrotate\", \"snowplow_billing\"]\n[[runners]]\nexecutor = \"shell\"\n",
};

/// The `snowplow_billing` writer without a collector.
pub(crate) static SNOWPLOW_WITHOUT_COLLECTOR: Rule = Rule {
    code: "snowplow-without-collector",
    severity: Severity::Warning,
    stage: Stage::StartUp,
    summary: "`snowplow_billing` usage-logger writer without `collector_uri`",
    explanation: "The `snowplow_billing` writer sends usage records to the Snowplow collector \
                  in `[experimental.usage_logger.snowplow_billing] collector_uri`. Without \
                  one the runner logs `Snowplow collector_uri not configured, \
                  snowplow_billing writer not enabled for usage logger` and that writer \
                  records nothing (`RunCommand.createSnowplowBillingWriter`).",
    bad: "[experimental.usage_logger]\nenabled = true\nwriters = [\"snowplow_billing\"]\n\
          [[runners]]\nexecutor = \"shell\"\n",
    good: "[experimental.usage_logger]\nenabled = true\nwriters = [\"snowplow_billing\"]\n\
           [experimental.usage_logger.snowplow_billing]\n\
           collector_uri = \"https://collector.example.com\"\n[[runners]]\nexecutor = \"shell\"\n",
};

/// A shutdown drain with less time than the runner recommends.
pub(crate) static SHORT_DRAIN_TIMEOUT: Rule = Rule {
    code: "short-drain-timeout",
    severity: Severity::Warning,
    stage: Stage::StartUp,
    summary: "`[machine.shutdown_drain]` on with `shutdown_timeout` below 5 minutes",
    explanation: "When the runner stops, the `docker+machine` provider drains its machine \
                  pool within `shutdown_timeout` (30 seconds when unset). Below 5 minutes it \
                  logs `shutdown_timeout may be too short for draining machines; consider \
                  increasing it` (`machineProvider.Shutdown`, \
                  `executors/docker/machine/shutdown.go`), and machines left when the time \
                  is up keep running.",
    bad: "shutdown_timeout = 60\n[machine.shutdown_drain]\nenabled = true\n\
          [[runners]]\nexecutor = \"docker+machine\"\n",
    good: "shutdown_timeout = 600\n[machine.shutdown_drain]\nenabled = true\n\
           [[runners]]\nexecutor = \"docker+machine\"\n",
};

/// `prepare_timeout` or `get_sources_timeout` of zero or less.
pub(crate) static NON_POSITIVE_TIMEOUT: Rule = Rule {
    code: "non-positive-timeout",
    severity: Severity::Warning,
    stage: Stage::Job,
    summary: "`prepare_timeout` or `get_sources_timeout` is zero or negative",
    explanation: "`prepare_timeout` and `get_sources_timeout` limit two stages of each job. A \
                  value of zero or less is not \"no limit\": the runner logs \
                  `prepare_timeout (…) must be greater than 0; using job timeout (…)` in every \
                  job log and uses the job's timeout (`Build.GetPrepareTimeout`, \
                  `Build.GetGetSourcesTimeout`, `common/build.go`).",
    bad: "[[runners]]\nexecutor = \"shell\"\nprepare_timeout = \"0s\"\n",
    good: "[[runners]]\nexecutor = \"shell\"\nprepare_timeout = \"10m\"\n",
};

/// An `environment` entry without `=`.
pub(crate) static ENVIRONMENT_WITHOUT_EQUALS: Rule = Rule {
    code: "environment-without-equals",
    severity: Severity::Warning,
    stage: Stage::Job,
    summary: "`environment` entry without `=`: the runner drops it",
    explanation: "Each `environment` entry (of a runner or of a configured service) must be \
                  `NAME=value`. The runner splits it at the first `=` and silently drops an \
                  entry without one (`parseVariable`, from `RunnerConfig.GetVariables` and \
                  `Service.ToImageDefinition`, `common/config.go`), so the job never sees the \
                  variable.",
    bad: "[[runners]]\nexecutor = \"shell\"\nenvironment = [\"GIT_DEPTH\"]\n",
    good: "[[runners]]\nexecutor = \"shell\"\nenvironment = [\"GIT_DEPTH=10\"]\n",
};

/// A configured service without an image name, silently skipped.
pub(crate) static UNNAMED_SERVICE_IGNORED: Rule = Rule {
    code: "unnamed-service-ignored",
    severity: Severity::Warning,
    stage: Stage::Job,
    summary: "configured service without `name`: it is never started",
    explanation: "A `[[runners.docker.services]]` or `[[runners.kubernetes.services]]` entry \
                  needs `name`, the image to run. The Kubernetes executor skips an entry \
                  without one (`executor.prepareOptions`); the Docker executor creates a \
                  service once per alias, so an entry with neither name nor alias is never \
                  created (`executor.createFromServiceDefinition`). Nothing is logged.",
    bad: "[[runners]]\nexecutor = \"docker\"\n[[runners.docker.services]]\n\
          command = [\"postgres\"]\n",
    good: "[[runners]]\nexecutor = \"docker\"\n[[runners.docker.services]]\n\
           name = \"postgres:16\"\n",
};

/// Two configured Docker services with one alias.
pub(crate) static DUPLICATE_SERVICE_ALIAS: Rule = Rule {
    code: "duplicate-service-alias",
    severity: Severity::Warning,
    stage: Stage::Job,
    summary: "two `[[runners.docker.services]]` share an alias",
    explanation: "The Docker executor links each service under its aliases: the ones written \
                  in `alias` and the ones derived from the image name (`postgres` for \
                  `postgres:16`, `registry.example.com__tools__db` and \
                  `registry.example.com-tools-db` for `registry.example.com/tools/db`). An \
                  alias already taken by an earlier service is skipped with `Skipping alias \
                  … alias is already in use by another service.` in every job log \
                  (`executor.createFromServiceDefinition`), and a service whose every alias is \
                  taken is not started at all. Reported: a written `alias` that is taken, and \
                  services left without any alias.",
    bad: "[[runners]]\nexecutor = \"docker\"\n[[runners.docker.services]]\nname = \"postgres:15\"\n\
          alias = \"db\"\n[[runners.docker.services]]\nname = \"postgres:16\"\nalias = \"db\"\n",
    good: "[[runners]]\nexecutor = \"docker\"\n[[runners.docker.services]]\nname = \"postgres:15\"\n\
           alias = \"db15\"\n[[runners.docker.services]]\nname = \"postgres:16\"\n\
           alias = \"db16\"\n",
};

/// Per-build network settings next to `network_mode`.
pub(crate) static IGNORED_WITH_NETWORK_MODE: Rule = Rule {
    code: "ignored-with-network-mode",
    severity: Severity::Warning,
    stage: Stage::Job,
    summary: "per-build network settings that `network_mode` overrides",
    explanation: "When `[runners.docker] network_mode` is set, the Docker executor uses that \
                  network and never creates a per-build network \
                  (`executors/docker/internal/networks/manager.go` `manager.Create`), so \
                  `FF_NETWORK_PER_BUILD`, `enable_ipv6` and `network_mtu` have no effect. \
                  Nothing is logged.",
    bad: "[[runners]]\nexecutor = \"docker\"\n[runners.feature_flags]\n\
          FF_NETWORK_PER_BUILD = true\n[runners.docker]\nnetwork_mode = \"host\"\n",
    good: "[[runners]]\nexecutor = \"docker\"\n[runners.feature_flags]\n\
           FF_NETWORK_PER_BUILD = true\n[runners.docker]\nnetwork_mtu = 1400\n",
};

/// Kubernetes credentials the executor does not read.
pub(crate) static IGNORED_KUBERNETES_CREDENTIALS: Rule = Rule {
    code: "ignored-kubernetes-credentials",
    severity: Severity::Warning,
    stage: Stage::Job,
    summary: "Kubernetes `cert_file`, `key_file`, `ca_file` or `context` that is not used",
    explanation: "The Kubernetes executor reads `cert_file`, `key_file` and `ca_file` only \
                  when `host` is set, and `key_file` only together with `cert_file`; \
                  without `host` it uses the in-cluster service account or the kubeconfig \
                  (`getKubeClientConfig`, `executors/kubernetes/util.go`). `context` picks a \
                  kubeconfig context, which is only read when `host` is not set. Such \
                  settings are ignored without a word, and the runner talks to whichever \
                  cluster the other path finds.",
    bad: "[[runners]]\nexecutor = \"kubernetes\"\n[runners.kubernetes]\n\
          ca_file = \"/etc/runner/ca.crt\"\n",
    good: "[[runners]]\nexecutor = \"kubernetes\"\n[runners.kubernetes]\n\
           host = \"https://k8s.example.com\"\nca_file = \"/etc/runner/ca.crt\"\n",
};

/// An `empty_dir` `size_limit` that is not a quantity.
pub(crate) static INVALID_SIZE_LIMIT: Rule = Rule {
    code: "invalid-size-limit",
    severity: Severity::Warning,
    stage: Stage::Job,
    summary: "`empty_dir` `size_limit` is not a Kubernetes quantity: no limit is set",
    explanation: "The Kubernetes executor parses each `[[runners.kubernetes.volumes.empty_dir]] \
                  size_limit` with apimachinery's `resource.ParseQuantity` \
                  (`executor.parseVolumeSizeLimit`). A value that is not a quantity is logged \
                  in the job log as `invalid limit quantity … for empty volume …` and the \
                  volume gets no size limit.",
    bad: "[[runners]]\nexecutor = \"kubernetes\"\n[[runners.kubernetes.volumes.empty_dir]]\n\
          name = \"scratch\"\nmount_path = \"/scratch\"\nsize_limit = \"1GB\"\n",
    good: "[[runners]]\nexecutor = \"kubernetes\"\n[[runners.kubernetes.volumes.empty_dir]]\n\
           name = \"scratch\"\nmount_path = \"/scratch\"\nsize_limit = \"1Gi\"\n",
};

/// A non-numeric `allowed_users` / `allowed_groups` entry on Kubernetes.
pub(crate) static NON_NUMERIC_ALLOWLIST_ENTRY: Rule = Rule {
    code: "non-numeric-allowlist-entry",
    severity: Severity::Warning,
    stage: Stage::Job,
    summary: "Kubernetes `allowed_users` or `allowed_groups` entry that is not a number",
    explanation: "On Kubernetes, `allowed_users` and `allowed_groups` hold numeric user and \
                  group IDs. The runner compares them as integers and skips any other entry \
                  with `ignoring non-numeric user allowlist entry …` when a job asks for a \
                  user or group (`allowListContainsID`, `common/config.go`); a name such as \
                  `root` allows nothing.",
    bad: "[[runners]]\nexecutor = \"kubernetes\"\n[runners.kubernetes]\n\
          allowed_users = [\"1000\", \"runner\"]\n",
    good: "[[runners]]\nexecutor = \"kubernetes\"\n[runners.kubernetes]\n\
           allowed_users = [\"1000\", \"1001\"]\n",
};

/// A pod label in the runner's reserved namespace.
pub(crate) static RESERVED_POD_LABEL: Rule = Rule {
    code: "reserved-pod-label",
    severity: Severity::Warning,
    stage: Stage::Job,
    summary: "`pod_labels` key in the reserved `runner.gitlab.com` namespace",
    explanation: "The Kubernetes executor sets its own labels under `runner.gitlab.com` and \
                  refuses to let `pod_labels` overwrite them: a key in that namespace (or a \
                  sub-domain of it) is dropped, with only a debug log line (`executor.\
                  buildLabels`, `runnerLabelNamespacePattern`).",
    bad: "[[runners]]\nexecutor = \"kubernetes\"\n[runners.kubernetes.pod_labels]\n\
          \"job.runner.gitlab.com/team\" = \"ci\"\n",
    good: "[[runners]]\nexecutor = \"kubernetes\"\n[runners.kubernetes.pod_labels]\n\
           \"example.com/team\" = \"ci\"\n",
};

/// A pod label value the runner rewrites.
pub(crate) static SANITIZED_POD_LABEL: Rule = Rule {
    code: "sanitized-pod-label",
    severity: Severity::Warning,
    stage: Stage::Job,
    summary: "`pod_labels` value that the runner rewrites before using it",
    explanation: "Label values may only hold letters, digits, `-`, `_` and `.`, start and end \
                  with a letter or digit, and be at most 63 characters. The Kubernetes \
                  executor silently makes every `pod_labels` value fit (`sanitizeLabel`, \
                  `executors/kubernetes/util.go`): other characters become `_`, leading and \
                  trailing `-_.` are cut and the value is shortened, so selectors written \
                  for the original value do not match.",
    bad: "[[runners]]\nexecutor = \"kubernetes\"\n[runners.kubernetes.pod_labels]\n\
          team = \"Platform Team\"\n",
    good: "[[runners]]\nexecutor = \"kubernetes\"\n[runners.kubernetes.pod_labels]\n\
           team = \"platform-team\"\n",
};

/// `use_common_build_dir` where the runner cannot honour it.
pub(crate) static INEFFECTIVE_COMMON_BUILD_DIR: Rule = Rule {
    code: "ineffective-common-build-dir",
    severity: Severity::Warning,
    stage: Stage::Job,
    summary: "`use_common_build_dir` without VM isolation or `max_use_count = 1`",
    explanation: "The `instance` executor only shares one build directory between jobs when \
                  each job has its instance to itself: with `[runners.autoscaler.vm_isolation] \
                  enabled = true` or `max_use_count = 1`. Otherwise it logs \
                  `use_common_build_dir has no effect: requires vm isolation or max_use_count \
                  = 1` in every job log and ignores the setting (`executors/instance/\
                  instance.go` `executor.Prepare`).",
    bad: "[[runners]]\nexecutor = \"instance\"\n[runners.instance]\nuse_common_build_dir = true\n\
          [runners.autoscaler]\nplugin = \"aws\"\nmax_use_count = 10\n",
    good: "[[runners]]\nexecutor = \"instance\"\n[runners.instance]\nuse_common_build_dir = true\n\
           [runners.autoscaler]\nplugin = \"aws\"\nmax_use_count = 1\n",
};

/// A cache type without its section.
pub(crate) static MISSING_CACHE_SECTION: Rule = Rule {
    code: "missing-cache-section",
    severity: Severity::Warning,
    stage: Stage::Job,
    summary: "`[runners.cache] Type` without the section that configures it: no cache",
    explanation: "Each cache adapter reads its own section: `s3` and `s3v2` need \
                  `[runners.cache.s3]`, `gcs` and `gcsv2` `[runners.cache.gcs]`, `azure` \
                  `[runners.cache.azure]`. Without it the adapter cannot be created (`missing \
                  S3 configuration` and the like, `cache/*/adapter.go` `New`), the runner logs \
                  `Could not create cache adapter`, and jobs run without a distributed cache.",
    bad: "[[runners]]\nexecutor = \"docker\"\n[runners.cache]\nType = \"s3\"\nShared = true\n",
    good: "[[runners]]\nexecutor = \"docker\"\n[runners.cache]\nType = \"s3\"\nShared = true\n\
           [runners.cache.s3]\nServerAddress = \"s3.amazonaws.com\"\nBucketName = \"ci-cache\"\n",
};

/// A cache section without its bucket or container.
pub(crate) static MISSING_CACHE_BUCKET: Rule = Rule {
    code: "missing-cache-bucket",
    severity: Severity::Warning,
    stage: Stage::Job,
    summary: "cache section without `BucketName` (or Azure `ContainerName`): no cache",
    explanation: "The S3 and GCS cache adapters need `BucketName` and the Azure one \
                  `ContainerName`. Without it every cache URL fails (`config BucketName cannot \
                  be empty`, `BucketName can't be empty`, `ContainerName can't be empty`, \
                  `cache/s3v2/adapter.go`, `cache/gcsv2/adapter.go`, `cache/gcs/adapter.go`, \
                  `cache/azure/adapter.go`), and jobs run without a distributed cache.",
    bad: "[[runners]]\nexecutor = \"docker\"\n[runners.cache]\nType = \"s3\"\n\
          [runners.cache.s3]\nServerAddress = \"s3.amazonaws.com\"\n",
    good: "[[runners]]\nexecutor = \"docker\"\n[runners.cache]\nType = \"s3\"\n\
           [runners.cache.s3]\nServerAddress = \"s3.amazonaws.com\"\nBucketName = \"ci-cache\"\n",
};

/// A metrics referee query that is not `name:query`.
pub(crate) static INVALID_METRICS_QUERY: Rule = Rule {
    code: "invalid-metrics-query",
    severity: Severity::Warning,
    stage: Stage::Job,
    summary: "`[runners.referees.metrics] queries` entry that is not `name:query`",
    explanation: "The metrics referee splits each query at `:` and needs exactly two parts, \
                  `name:promql` (so the PromQL itself cannot contain a `:`). Otherwise it logs \
                  `Failed to parse metrics query` with `… not in name:query format in metric \
                  queries` and uploads no metrics for the job (`MetricsReferee.Execute`, \
                  `referees/metrics.go`); the job itself is not affected.",
    bad: "[[runners]]\nexecutor = \"docker\"\n[runners.referees.metrics]\n\
          prometheus_address = \"http://localhost:9090\"\n\
          queries = [\"rate(node_cpu_seconds_total[1m])\"]\n",
    good: "[[runners]]\nexecutor = \"docker\"\n[runners.referees.metrics]\n\
           prometheus_address = \"http://localhost:9090\"\n\
           queries = [\"cpu:rate(node_cpu_seconds_total[1m])\"]\n",
};

/// An autoscaler policy `idle_time` below one second.
pub(crate) static SHORT_AUTOSCALER_IDLE_TIME: Rule = Rule {
    code: "short-autoscaler-idle-time",
    severity: Severity::Warning,
    stage: Stage::StartUp,
    summary: "autoscaler policy `idle_time` below one second; `gitlab-runner lint` refuses it",
    explanation: "The runner's JSON schema requires `idle_time` in `[[runners.autoscaler.\
                  policy]]` (and in the Kubernetes autoscaler's policies) to be at least one \
                  second when it is set (`jsonschema:\"minimum=1000000000\"` on \
                  `AutoscalerPolicyConfig.IdleTime`). `gitlab-runner lint` fails on a shorter \
                  one with `config schema validation failed`; `gitlab-runner run` only logs \
                  the schema problem at level info and hands the value to the autoscaler, \
                  where idle capacity is removed almost as soon as it is idle. A bare number \
                  is nanoseconds: `idle_time = 1800` is 1.8 µs, not 30 minutes.",
    bad: "[[runners]]\nexecutor = \"docker-autoscaler\"\n[[runners.autoscaler.policy]]\n\
          idle_count = 2\nidle_time = 1800\n",
    good: "[[runners]]\nexecutor = \"docker-autoscaler\"\n[[runners.autoscaler.policy]]\n\
           idle_count = 2\nidle_time = \"30m\"\n",
};

/// Runs the settings rules.
pub fn run(loaded: &Loaded<Config>, mode: Mode, out: &mut Vec<Diagnostic>) {
    let config = loaded.best_effort();
    let mut out = Out {
        spans: loaded.spans(),
        out,
    };
    // Registration ignores a template's global keys.
    if mode == Mode::Config {
        global(config, loaded.runner_version(), &mut out);
    }
    for (i, runner) in config.runners.iter().enumerate() {
        let base = format!("runners[{i}]");
        timeouts(runner, &base, &mut out);
        environment(runner, &base, &mut out);
        docker_services(runner, &base, &mut out);
        network_mode(runner, &base, &mut out);
        kubernetes(runner, &base, &mut out);
        common_build_dir(runner, &base, &mut out);
        cache(runner, &base, &mut out);
        metrics_queries(runner, &base, &mut out);
        idle_times(runner, &base, &mut out);
    }
}

fn global(config: &Config, version: crate::versions::RunnerVersion, out: &mut Out<'_>) {
    if let Some(concurrent) = config.concurrent
        && concurrent >= 1
        && usize::try_from(concurrent).is_ok_and(|c| c < config.runners.len())
    {
        let n = config.runners.len();
        // The runner logs it from 18.4 (`checkConfigConcurrency`); before,
        // the entries starve without a word.
        let message = if version.at_least(18, 4) {
            format!(
                "`Worker starvation bottleneck: 'concurrent' setting ({concurrent}) is less \
                 than number of runners ({n})`"
            )
        } else {
            format!(
                "`concurrent` ({concurrent}) is less than the number of runners ({n}): entries \
                 wait for one another for a worker, and jobs start late"
            )
        };
        out.push(
            &CONCURRENT_BELOW_RUNNERS,
            "concurrent",
            message,
            format!("raise `concurrent` to at least {}", n + 1),
        );
    }
    let writers = config
        .experimental
        .as_ref()
        .and_then(|e| e.usage_logger.as_ref())
        .and_then(|u| u.writers.as_ref());
    for (i, writer) in writers.into_iter().flatten().enumerate() {
        if matches!(writer.as_str(), "logrotate" | "snowplow_billing") {
            continue;
        }
        let lower = writer.to_ascii_lowercase().replace('-', "_");
        let help = if matches!(lower.as_str(), "logrotate" | "snowplow_billing") {
            format!("write {}", Quoted(&lower))
        } else {
            "use \"logrotate\" or \"snowplow_billing\"".to_owned()
        };
        out.push(
            &UNKNOWN_USAGE_LOGGER_WRITER,
            &format!("experimental.usage_logger.writers[{i}]"),
            format!(
                "{} is not a usage logger writer: `Unknown usage logger writer, skipping`",
                Quoted(writer)
            ),
            help,
        );
    }
    let logger = config
        .experimental
        .as_ref()
        .and_then(|e| e.usage_logger.as_ref())
        .filter(|u| u.enabled == Some(true));
    if let Some(logger) = logger
        && let Some(i) = logger
            .writers
            .iter()
            .flatten()
            .position(|w| w == "snowplow_billing")
        && logger
            .snowplow_billing
            .as_ref()
            .and_then(|s| s.collector_uri.as_deref())
            .is_none_or(str::is_empty)
    {
        out.push(
            &SNOWPLOW_WITHOUT_COLLECTOR,
            &format!("experimental.usage_logger.writers[{i}]"),
            "the writer records nothing: `Snowplow collector_uri not configured, \
             snowplow_billing writer not enabled for usage logger`"
                .to_owned(),
            "set `collector_uri` in `[experimental.usage_logger.snowplow_billing]`",
        );
    }
    let drain = config
        .machine
        .as_ref()
        .and_then(|m| m.shutdown_drain.as_ref());
    if drain.is_some_and(|d| d.enabled == Some(true)) {
        let timeout = config.shutdown_timeout.filter(|t| *t > 0).unwrap_or(30);
        if timeout < 300 {
            let path = if config.shutdown_timeout.is_some() {
                "shutdown_timeout"
            } else {
                "machine.shutdown_drain.enabled"
            };
            out.push(
                &SHORT_DRAIN_TIMEOUT,
                path,
                format!(
                    "machines are drained within {timeout}s: `shutdown_timeout may be too short \
                     for draining machines; consider increasing it`"
                ),
                "set `shutdown_timeout` to 300 seconds or more",
            );
        }
    }
}

fn timeouts(runner: &Runner, base: &str, out: &mut Out<'_>) {
    let keys = [
        ("prepare_timeout", &runner.prepare_timeout),
        ("get_sources_timeout", &runner.get_sources_timeout),
    ];
    for (key, value) in keys {
        let Some(value) = value.as_ref().filter(|v| v.as_nanos() <= 0) else {
            continue;
        };
        let shown = value.to_go_string();
        out.push(
            &NON_POSITIVE_TIMEOUT,
            &format!("{base}.{key}"),
            format!(
                "every job uses the job timeout instead: `{key} ({shown}) must be greater than \
                 0; using job timeout`"
            ),
            format!("set a positive duration such as \"10m\", or remove `{key}`"),
        );
    }
}

fn environment(runner: &Runner, base: &str, out: &mut Out<'_>) {
    let mut lists: Vec<(String, &Vec<String>)> = Vec::new();
    if let Some(env) = &runner.environment {
        lists.push((format!("{base}.environment"), env));
    }
    if let Some(docker) = &runner.docker {
        for (i, s) in docker.services.iter().enumerate() {
            if let Some(env) = &s.environment {
                lists.push((format!("{base}.docker.services[{i}].environment"), env));
            }
        }
    }
    if let Some(k) = &runner.kubernetes {
        for (i, s) in k.services.iter().enumerate() {
            if let Some(env) = &s.environment {
                lists.push((format!("{base}.kubernetes.services[{i}].environment"), env));
            }
        }
    }
    for (path, list) in lists {
        for (i, entry) in list.iter().enumerate() {
            if entry.contains('=') {
                continue;
            }
            // Only the name is repeated: what follows it may be a secret.
            let name = entry.split([':', ' ', '\t']).next().unwrap_or_default();
            out.push(
                &ENVIRONMENT_WITHOUT_EQUALS,
                &format!("{path}[{i}]"),
                format!("the entry for {} has no `=`: it is dropped", Quoted(name)),
                format!("write it as {}", Quoted(&format!("{name}=value"))),
            );
        }
    }
}

/// The aliases the Docker executor derives from a service image name
/// (`services.SplitNameAndVersion`): the repository without tag, digest
/// and registry port, with `/` replaced by `__` and by `-`.
fn derived_aliases(name: &str) -> Vec<String> {
    let Ok(image) = ImageRef::parse(name) else {
        return Vec::new();
    };
    if image.has_variables() || image.is_id() {
        return Vec::new();
    }
    let host = image
        .domain()
        .map(|d| d.rsplit_once(':').map_or(d, |(host, _)| host));
    let service = match host {
        Some(host) => format!("{host}/{}", image.path()),
        None => image.path().to_owned(),
    };
    let alias = service.replace('/', "__");
    let alternative = service.replace('/', "-");
    if alias == alternative {
        vec![alias]
    } else {
        vec![alias, alternative]
    }
}

fn docker_services(runner: &Runner, base: &str, out: &mut Out<'_>) {
    if !runner.executor.is_some_and(is_docker) {
        return;
    }
    let Some(docker) = &runner.docker else {
        return;
    };
    // Alias → the service that took it first.
    let mut taken: Vec<(String, usize)> = Vec::new();
    for (i, service) in docker.services.iter().enumerate() {
        let name = service.name.as_deref().unwrap_or("");
        let alias = service.alias.as_deref().unwrap_or("");
        let written: Vec<&str> = alias
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|a| !a.is_empty())
            .collect();
        if name.is_empty() {
            if written.is_empty() {
                let path = format!("{base}.docker.services[{i}]");
                out.push(
                    &UNNAMED_SERVICE_IGNORED,
                    &path,
                    format!("service {i} has no `name` and no `alias`: it is never started"),
                    "set `name` to the service's image, e.g. \"postgres:16\"",
                );
            }
            continue;
        }
        // Names and aliases are expanded with the job's variables.
        if name.contains('$') || written.iter().any(|a| a.contains('$')) {
            continue;
        }
        let derived = derived_aliases(name);
        let mut mine: Vec<(String, bool)> = derived.into_iter().map(|a| (a, false)).collect();
        for a in &written {
            if !mine.iter().any(|(m, _)| m == a) {
                mine.push(((*a).to_owned(), true));
            }
        }
        let mut collisions = Vec::new();
        let mut kept = 0;
        for (a, explicit) in mine {
            match taken.iter().find(|(t, _)| *t == a) {
                Some((_, first)) => collisions.push((a, explicit, *first)),
                None => {
                    taken.push((a, i));
                    kept += 1;
                }
            }
        }
        // A derived alias taken by another service only loses that name;
        // an alias written here, or a service left with none, is reported.
        let path = format!("{base}.docker.services[{i}]");
        if kept == 0 && !collisions.is_empty() {
            let (a, _, first) = &collisions[0];
            out.push(
                &DUPLICATE_SERVICE_ALIAS,
                &path,
                format!(
                    "service {i} is never started: every alias it has is taken (`Skipping alias \
                     {} for service {} (services[{i}]): alias is already in use by another \
                     service.`, first by services[{first}])",
                    Quoted(a),
                    Quoted(name)
                ),
                "give the service an `alias` no other service uses",
            );
            continue;
        }
        for (a, explicit, first) in collisions {
            if !explicit {
                continue;
            }
            out.push(
                &DUPLICATE_SERVICE_ALIAS,
                &path,
                format!(
                    "the alias is skipped: `Skipping alias {} for service {} (services[{i}]): \
                     alias is already in use by another service.` (services[{first}])",
                    Quoted(&a),
                    Quoted(name)
                ),
                "give each service its own `alias`",
            );
        }
    }
}

/// The Docker executors.
fn is_docker(executor: Executor) -> bool {
    matches!(
        executor,
        Executor::Docker
            | Executor::DockerWindows
            | Executor::DockerMachine
            | Executor::DockerAutoscaler
    )
}

fn network_mode(runner: &Runner, base: &str, out: &mut Out<'_>) {
    if !runner.executor.is_some_and(is_docker) {
        return;
    }
    let Some(docker) = &runner.docker else {
        return;
    };
    let Some(mode) = docker.network_mode.as_deref().filter(|m| !m.is_empty()) else {
        return;
    };
    let mut ignored = Vec::new();
    if runner.feature_flags.get("FF_NETWORK_PER_BUILD") == Some(&true) {
        ignored.push((
            "FF_NETWORK_PER_BUILD",
            map_entry(&format!("{base}.feature_flags"), "FF_NETWORK_PER_BUILD"),
        ));
    }
    if docker.enable_ipv6 == Some(true) {
        ignored.push(("enable_ipv6", format!("{base}.docker.enable_ipv6")));
    }
    if docker.network_mtu.is_some_and(|m| m != 0) {
        ignored.push(("network_mtu", format!("{base}.docker.network_mtu")));
    }
    for (setting, path) in ignored {
        out.push(
            &IGNORED_WITH_NETWORK_MODE,
            &path,
            format!(
                "`{setting}` has no effect: `network_mode = {}` means no per-build network is \
                 created",
                Quoted(mode)
            ),
            "remove `network_mode` to get a per-build network, or remove this setting",
        );
    }
}

fn kubernetes(runner: &Runner, base: &str, out: &mut Out<'_>) {
    if runner.executor != Some(Executor::Kubernetes) {
        return;
    }
    let Some(k) = &runner.kubernetes else {
        return;
    };
    let base = format!("{base}.kubernetes");
    let set = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.is_empty());
    // Credentials.
    let host = set(&k.host);
    let mut ignored: Vec<(&str, &str)> = Vec::new();
    if !host {
        for (key, value) in [
            ("cert_file", &k.cert_file),
            ("key_file", &k.key_file),
            ("ca_file", &k.ca_file),
        ] {
            if set(value) {
                ignored.push((
                    key,
                    "without `host`, the in-cluster or kubeconfig credentials are used",
                ));
            }
        }
    } else {
        if set(&k.key_file) && !set(&k.cert_file) {
            ignored.push(("key_file", "a key is only read together with `cert_file`"));
        }
        if set(&k.context) {
            ignored.push(("context", "with `host` set, the kubeconfig is not read"));
        }
    }
    for (key, why) in ignored {
        out.push(
            &IGNORED_KUBERNETES_CREDENTIALS,
            &format!("{base}.{key}"),
            format!("`{key}` is ignored: {why}"),
            if host {
                "remove it, or set what it needs"
            } else {
                "set `host` to the API server these credentials are for, or remove them"
            },
        );
    }
    // Services without a name.
    for (i, service) in k.services.iter().enumerate() {
        if service.name.as_deref().is_none_or(str::is_empty) {
            out.push(
                &UNNAMED_SERVICE_IGNORED,
                &format!("{base}.services[{i}]"),
                format!("service {i} has no `name`: it is skipped"),
                "set `name` to the service's image, e.g. \"postgres:16\"",
            );
        }
    }
    // empty_dir size limits.
    if let Some(volumes) = &k.volumes {
        for (i, v) in volumes.empty_dir.iter().enumerate() {
            let Some(limit) = v.size_limit.as_deref() else {
                continue;
            };
            if limit.trim_matches(' ').is_empty() {
                continue;
            }
            if let Err(e) = parse_quantity(limit) {
                let name = v.name.as_deref().unwrap_or("");
                out.push(
                    &INVALID_SIZE_LIMIT,
                    &format!("{base}.volumes.empty_dir[{i}].size_limit"),
                    format!(
                        "the volume gets no size limit: `invalid limit quantity {} for empty \
                         volume {}: {e}`",
                        Quoted(limit),
                        Quoted(name)
                    ),
                    "write a Kubernetes quantity such as \"1Gi\" or \"500Mi\"",
                );
            }
        }
    }
    // Numeric allow lists.
    for (key, kind, list) in [
        ("allowed_users", "user", &k.allowed_users),
        ("allowed_groups", "group", &k.allowed_groups),
    ] {
        for (i, entry) in list.iter().flatten().enumerate() {
            if entry.parse::<i64>().is_ok() {
                continue;
            }
            out.push(
                &NON_NUMERIC_ALLOWLIST_ENTRY,
                &format!("{base}.{key}[{i}]"),
                format!(
                    "`ignoring non-numeric {kind} allowlist entry {}`: it allows nothing",
                    Quoted(entry)
                ),
                format!("write the numeric {kind} ID (for example \"1000\")"),
            );
        }
    }
    // Pod labels.
    for (key, value) in &k.pod_labels {
        let path = map_entry(&format!("{base}.pod_labels"), key);
        if is_reserved_label(key) {
            out.push(
                &RESERVED_POD_LABEL,
                &path,
                format!(
                    "the label is not set: `not setting pod label {}, overwrite of labels in the \
                     \"runner.gitlab.com\" namespace is not allowed`",
                    Quoted(key)
                ),
                "use a key outside runner.gitlab.com",
            );
            continue;
        }
        // Values are expanded with the job's variables first.
        if value.contains('$') {
            continue;
        }
        let sanitized = sanitize_label(value);
        if sanitized != *value {
            out.push(
                &SANITIZED_POD_LABEL,
                &path,
                format!(
                    "the pod gets the label value {} instead of {}",
                    Quoted(&sanitized),
                    Quoted(value)
                ),
                "use only letters, digits, `-`, `_` and `.`, starting and ending with a letter \
                 or digit, at most 63 characters",
            );
        }
    }
}

/// `runnerLabelNamespacePattern`: `(?i)(^|.*\.)runner\.gitlab\.com(\/.*|$)`.
fn is_reserved_label(key: &str) -> bool {
    if key.contains('\n') {
        return false;
    }
    const NS: &str = "runner.gitlab.com";
    let lower = key.to_ascii_lowercase();
    lower.match_indices(NS).any(|(at, _)| {
        let before = at == 0 || lower.as_bytes()[at - 1] == b'.';
        let rest = &lower[at + NS.len()..];
        before && (rest.is_empty() || rest.starts_with('/'))
    })
}

/// The runner's `sanitizeLabel`.
fn sanitize_label(value: &str) -> String {
    let mapped: String = value
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let trimmed = mapped.trim_matches(['-', '_', '.']);
    let cut = &trimmed[..trimmed.len().min(63)];
    cut.trim_matches(['-', '_', '.']).to_owned()
}

fn common_build_dir(runner: &Runner, base: &str, out: &mut Out<'_>) {
    if runner.executor != Some(Executor::Instance) {
        return;
    }
    let wanted = runner
        .instance
        .as_ref()
        .is_some_and(|i| i.use_common_build_dir == Some(true));
    let Some(autoscaler) = &runner.autoscaler else {
        return;
    };
    if !wanted {
        return;
    }
    let isolated = autoscaler
        .vm_isolation
        .as_ref()
        .is_some_and(|v| v.enabled == Some(true));
    if isolated || autoscaler.max_use_count == Some(1) {
        return;
    }
    out.push(
        &INEFFECTIVE_COMMON_BUILD_DIR,
        &format!("{base}.instance.use_common_build_dir"),
        "`use_common_build_dir has no effect: requires vm isolation or max_use_count = 1`"
            .to_owned(),
        "set `max_use_count = 1` in `[runners.autoscaler]`, enable VM isolation, or remove \
         `use_common_build_dir`",
    );
}

fn cache(runner: &Runner, base: &str, out: &mut Out<'_>) {
    let Some(cache) = &runner.cache else {
        return;
    };
    let Some(kind) = cache.cache_type else {
        return;
    };
    let base = format!("{base}.cache");
    let empty = |v: &Option<String>| v.as_deref().is_none_or(str::is_empty);
    let (section, error, bucket) = match kind {
        CacheType::S3 | CacheType::S3v2 => (
            "s3",
            "missing S3 configuration",
            cache.s3.as_ref().map(|s| {
                (
                    empty(&s.bucket_name),
                    "BucketName",
                    "config BucketName cannot be empty",
                )
            }),
        ),
        CacheType::Gcs | CacheType::Gcsv2 => (
            "gcs",
            "missing GCS configuration",
            cache.gcs.as_ref().map(|g| {
                (
                    empty(&g.bucket_name),
                    "BucketName",
                    "config BucketName cannot be empty",
                )
            }),
        ),
        CacheType::Azure => (
            "azure",
            "missing Azure configuration",
            cache.azure.as_ref().map(|a| {
                (
                    empty(&a.container_name),
                    "ContainerName",
                    "ContainerName can't be empty",
                )
            }),
        ),
    };
    match bucket {
        None => out.push(
            &MISSING_CACHE_SECTION,
            &format!("{base}.Type"),
            format!("jobs run without the cache: `Could not create cache adapter`: `{error}`"),
            format!("add `[runners.cache.{section}]` with the storage's settings"),
        ),
        Some((true, key, error)) => out.push(
            &MISSING_CACHE_BUCKET,
            &format!("{base}.{section}"),
            format!("jobs run without the cache: `{error}`"),
            format!("set `{key}` in `[runners.cache.{section}]`"),
        ),
        Some((false, _, _)) => {}
    }
}

fn metrics_queries(runner: &Runner, base: &str, out: &mut Out<'_>) {
    // Only the Docker executor and docker+machine feed the metrics referee.
    if !matches!(
        runner.executor,
        Some(Executor::Docker | Executor::DockerMachine)
    ) {
        return;
    }
    let queries = runner
        .referees
        .as_ref()
        .and_then(|r| r.metrics.as_ref())
        .and_then(|m| m.queries.as_ref());
    for (i, query) in queries.into_iter().flatten().enumerate() {
        if query.split(':').count() == 2 {
            continue;
        }
        out.push(
            &INVALID_METRICS_QUERY,
            &format!("{base}.referees.metrics.queries[{i}]"),
            format!(
                "no metrics are uploaded: `{} not in name:query format in metric queries`",
                Quoted(query)
            ),
            "write \"name:query\", with exactly one `:` (the query itself cannot contain one)",
        );
    }
}

fn idle_times(runner: &Runner, base: &str, out: &mut Out<'_>) {
    let mut policies = Vec::new();
    if let Some(a) = &runner.autoscaler {
        policies.extend(
            a.policy
                .iter()
                .enumerate()
                .map(|(i, p)| (format!("{base}.autoscaler.policy[{i}]"), p)),
        );
    }
    if let Some(a) = runner
        .kubernetes
        .as_ref()
        .and_then(|k| k.autoscaler.as_ref())
    {
        policies.extend(
            a.policy
                .iter()
                .enumerate()
                .map(|(i, p)| (format!("{base}.kubernetes.autoscaler.policy[{i}]"), p)),
        );
    }
    for (path, policy) in policies {
        let Some(idle) = &policy.idle_time else {
            continue;
        };
        let nanos = idle.as_nanos();
        if nanos == 0 || nanos >= 1_000_000_000 {
            continue;
        }
        let shown = idle.to_go_string();
        let help = if idle.as_written_str().is_none() {
            "a bare number is nanoseconds: write a duration string such as \"30m\"".to_owned()
        } else {
            "use at least \"1s\"".to_owned()
        };
        out.push(
            &SHORT_AUTOSCALER_IDLE_TIME,
            &format!("{path}.idle_time"),
            format!(
                "idle capacity is kept for {shown} only; `gitlab-runner lint` refuses the file \
                 (`config schema validation failed`)"
            ),
            help,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_usage_logger_writer_loads_and_warns() {
        let text = "[experimental.usage_logger]\nenabled = true\nwriters = [\"syslog\"]\n";
        let report = crate::check::check("c.toml", text);
        let codes: Vec<_> = report.diagnostics.iter().map(|d| d.code()).collect();
        assert_eq!(codes, ["unknown-usage-logger-writer"]);
        assert_eq!(report.diagnostics[0].severity(), Severity::Warning);
    }

    #[test]
    fn reserved_label_keys() {
        for k in [
            "runner.gitlab.com",
            "runner.gitlab.com/x",
            "job.runner.gitlab.com/pod",
            "Runner.GitLab.com/team",
        ] {
            assert!(is_reserved_label(k), "{k}");
        }
        for k in [
            "team",
            "myrunner.gitlab.com/x",
            "runner.gitlab.community",
            "example.com/runner.gitlab.com",
        ] {
            assert!(!is_reserved_label(k), "{k}");
        }
    }

    #[test]
    fn sanitize_like_the_runner() {
        assert_eq!(sanitize_label("platform-team"), "platform-team");
        assert_eq!(sanitize_label("Platform Team"), "Platform_Team");
        assert_eq!(sanitize_label("-x-"), "x");
        assert_eq!(sanitize_label("é"), "");
        assert_eq!(sanitize_label(&"a".repeat(70)), "a".repeat(63));
        assert_eq!(
            sanitize_label(&format!("{}-b", "a".repeat(62))),
            "a".repeat(62)
        );
    }

    #[test]
    fn derived_service_aliases() {
        assert_eq!(derived_aliases("postgres:16"), ["postgres"]);
        assert_eq!(
            derived_aliases(
                "registry.example.com:5000/tools/db:1@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
            ),
            [
                "registry.example.com__tools__db",
                "registry.example.com-tools-db"
            ]
        );
        assert!(derived_aliases("$IMAGE").is_empty());
    }
}
