//! `[runners.autoscaler]`: fleeting-based autoscaling for the
//! `docker-autoscaler` and `instance` executors: the plugin, how to connect
//! to instances, idle policies, throttling and nested VM isolation.

use std::collections::BTreeMap;

use crate::model::shape::section;
use crate::model::types::GoDuration;

section! {
    /// One idle policy of an autoscaler (`[[runners.autoscaler.policy]]`, or the Kubernetes
    /// autoscaler's `[[runners.kubernetes.autoscaler.policy]]`), active during its periods.
    ///
    /// ```
    /// use runner_config::model::autoscaler::AutoscalerPolicy;
    ///
    /// let config = runner_config::load::load(r#"
    /// [[runners]]
    /// [[runners.autoscaler.policy]]
    /// periods = ["* 8-18 * * mon-fri"]
    /// idle_count = 4
    /// scale_factor = 0.5
    /// "#)
    /// .into_config()
    /// .unwrap();
    /// let policy: &AutoscalerPolicy = &config.runners[0].autoscaler.as_ref().unwrap().policy[0];
    /// assert_eq!(policy.idle_count, Some(4));
    /// assert_eq!(policy.scale_factor, Some(0.5));
    /// ```
    pub struct AutoscalerPolicy in "[[runners.autoscaler.policy]] / [[runners.kubernetes.autoscaler.policy]]" {
        /// When the policy applies, as cron expressions. Not set: always.
        "periods" => periods: Option<Vec<String>>,
        /// The time zone `periods` are read in, as an IANA name.
        "timezone" => timezone: Option<String>,
        /// How much idle capacity, in jobs, to keep ready.
        "idle_count" => idle_count: Option<i64>,
        /// How long idle capacity is kept before it is removed; at least one second.
        "idle_time" => idle_time: Option<GoDuration>,
        /// Idle capacity to keep as a factor of the capacity in use.
        "scale_factor" => scale_factor: Option<f64>,
        /// The most idle capacity `scale_factor` may add.
        "scale_factor_limit" => scale_factor_limit: Option<i64>,
        /// When `true`, jobs are only requested while idle capacity is available. Not set: on
        /// when `idle_count` is above zero.
        "preemptive_mode" => preemptive_mode: Option<bool>,
    }
}

section! {
    /// `[runners.autoscaler]`: fleeting autoscaling of the instances `docker-autoscaler` and
    /// `instance` jobs run on.
    ///
    /// ```
    /// use runner_config::model::{AutoscalerConfig, Executor};
    ///
    /// let config = runner_config::load::load(r#"
    /// [[runners]]
    /// executor = "docker-autoscaler"
    /// [runners.autoscaler]
    /// plugin = "aws:latest"
    /// capacity_per_instance = 1
    /// max_instances = 20
    /// [runners.autoscaler.plugin_config]
    /// name = "ci-asg"
    /// [[runners.autoscaler.policy]]
    /// idle_count = 2
    /// idle_time = "20m"
    /// "#)
    /// .into_config()
    /// .unwrap();
    /// assert_eq!(config.runners[0].executor, Some(Executor::DockerAutoscaler));
    /// let autoscaler: &AutoscalerConfig = config.runners[0].autoscaler.as_ref().unwrap();
    /// assert_eq!(autoscaler.plugin.as_deref(), Some("aws:latest"));
    /// assert_eq!(autoscaler.max_instances, Some(20));
    /// // The plugin's own settings are kept as raw TOML values.
    /// assert_eq!(autoscaler.plugin_config["name"].as_str(), Some("ci-asg"));
    /// assert_eq!(autoscaler.policy[0].idle_time.as_ref().unwrap().to_go_string(), "20m0s");
    /// ```
    pub struct AutoscalerConfig in "[runners.autoscaler]" {
        /// How many jobs one instance may run at the same time.
        "capacity_per_instance" => capacity_per_instance: Option<i64>,
        /// How many jobs an instance may run before it is removed.
        "max_use_count" => max_use_count: Option<i64>,
        /// The most instances that may exist.
        "max_instances" => max_instances: Option<i64>,
        /// The fleeting plugin that creates instances (`aws`, `googlecloud`, `azure`, or an
        /// image or path).
        "plugin" => plugin: Option<String>,
        /// Settings passed to the plugin as they are; which keys it takes depends on the
        /// plugin.
        #[cfg_attr(feature = "schema", schemars(with = "BTreeMap<String, crate::model::types::schema::AnyValue>"))]
        "plugin_config" => plugin_config: BTreeMap<String, toml::Value>,
        /// How the runner connects to instances.
        "connector_config" => connector_config: Option<ConnectorConfig>,
        /// Idle policies; the last entry whose `periods` match applies.
        "policy" => policy: Vec<AutoscalerPolicy>,
        /// A command run on a new instance; the instance takes jobs once it succeeds.
        "instance_ready_command" => instance_ready_command: Option<String>,
        /// How long the runner waits to acquire an instance for a job.
        "instance_acquire_timeout" => instance_acquire_timeout: Option<GoDuration>,
        /// How often the runner checks the plugin for instance changes.
        "update_interval" => update_interval: Option<GoDuration>,
        /// How often the runner checks for instance changes while it waits for one to come up.
        "update_interval_when_expecting" => update_interval_when_expecting: Option<GoDuration>,
        /// How long the runner waits before retrying a failed instance deletion.
        "deletion_retry_interval" => deletion_retry_interval: Option<GoDuration>,
        /// How long the runner waits between deletion attempts when it shuts down.
        "shutdown_deletion_interval" => shutdown_deletion_interval: Option<GoDuration>,
        /// How many deletion attempts the runner makes for each instance when it shuts down.
        "shutdown_deletion_retries" => shutdown_deletion_retries: Option<i64>,
        /// How many health checks in a row may fail before an instance is replaced.
        "failure_threshold" => failure_threshold: Option<i64>,
        /// Limits on how fast new instances are requested.
        "scale_throttle" => scale_throttle: Option<ScaleThrottle>,
        /// Turns throttling of instance reservations on or off.
        "reservation_throttling" => reservation_throttling: Option<bool>,
        /// When `true`, the job log shows the instance's internal IP address.
        "log_internal_ip" => log_internal_ip: Option<bool>,
        /// When `true`, the job log shows the instance's external IP address.
        "log_external_ip" => log_external_ip: Option<bool>,
        /// When `true`, the runner deletes all its instances when it shuts down.
        "delete_instances_on_shutdown" => delete_instances_on_shutdown: Option<bool>,
        /// Running each job in a nested virtual machine on the instance.
        "vm_isolation" => vm_isolation: Option<VmIsolation>,
        /// Keeping the autoscaler's state on disk so instances survive a runner restart.
        "state_storage" => state_storage: Option<StateStorage>,
        /// Histogram buckets, in seconds, for the instance operation metrics; also the default
        /// for the specific ones below.
        "instance_operation_time_buckets" => instance_operation_time_buckets: Option<Vec<f64>>,
        /// Histogram buckets, in seconds, for instance creation time. Not set:
        /// `instance_operation_time_buckets`.
        "instance_creation_time_buckets" => instance_creation_time_buckets: Option<Vec<f64>>,
        /// Histogram buckets, in seconds, for the time until an instance runs. Not set:
        /// `instance_operation_time_buckets`.
        "instance_is_running_time_buckets" => instance_is_running_time_buckets: Option<Vec<f64>>,
        /// Histogram buckets, in seconds, for instance deletion time. Not set:
        /// `instance_operation_time_buckets`.
        "instance_deletion_time_buckets" => instance_deletion_time_buckets: Option<Vec<f64>>,
        /// Histogram buckets, in seconds, for the time until an instance is ready. Not set:
        /// `instance_operation_time_buckets`.
        "instance_readiness_time_buckets" => instance_readiness_time_buckets: Option<Vec<f64>>,
        /// Histogram buckets, in seconds, for how long instances live.
        "instance_life_duration_buckets" => instance_life_duration_buckets: Option<Vec<f64>>,
    }
}

section! {
    /// How the runner connects to an autoscaled instance
    /// (`[runners.autoscaler.connector_config]`) or to a nested VM on it
    /// (`[runners.autoscaler.vm_isolation.connector_config]`).
    ///
    /// ```
    /// use runner_config::model::autoscaler::ConnectorConfig;
    /// use runner_config::model::shape::Section;
    ///
    /// let connector: ConnectorConfig =
    ///     toml::from_str("os = \"linux\"\nusername = \"ec2-user\"\nuse_external_addr = true\n").unwrap();
    /// assert_eq!(connector.username.as_deref(), Some("ec2-user"));
    /// assert_eq!(connector.use_external_addr, Some(true));
    /// assert!(ConnectorConfig::TABLE.key("password").unwrap().secret);
    /// ```
    pub struct ConnectorConfig in "[runners.autoscaler.connector_config] / [runners.autoscaler.vm_isolation.connector_config]" {
        /// The instance's operating system (`linux`, `windows`, `darwin`). Not set: what the
        /// plugin reports.
        "os" => os: Option<String>,
        /// The instance's architecture (`amd64`, `arm64`). Not set: what the plugin reports.
        "arch" => arch: Option<String>,
        /// How to connect: `ssh` or `winrm`. Not set: `ssh`, or what the plugin reports.
        "protocol" => protocol: Option<String>,
        /// The port of `protocol`. Not set: the protocol's usual port.
        "protocol_port" => protocol_port: Option<i64>,
        /// The user to log in as.
        "username" => username: Option<String>,
        /// The password for `username`.
        "password" [secret] => password: Option<String>,
        /// A private key file for logging in. Not set: a key from the plugin, if it provides
        /// one.
        "key_path" => key_path: Option<String>,
        /// When `true`, the runner logs in with the credentials above and does not ask the
        /// plugin for any.
        "use_static_credentials" => use_static_credentials: Option<bool>,
        /// How often keep-alive messages are sent on the connection.
        "keepalive" => keepalive: Option<GoDuration>,
        /// How long establishing a connection to the instance may take.
        "timeout" => timeout: Option<GoDuration>,
        /// When `true`, the runner connects to the instance's external address instead of its
        /// internal one.
        "use_external_addr" => use_external_addr: Option<bool>,
    }
}

section! {
    /// `[runners.autoscaler.scale_throttle]`: a rate limit on instance creation.
    ///
    /// ```
    /// use runner_config::model::autoscaler::ScaleThrottle;
    /// use runner_config::model::shape::Section;
    ///
    /// let config = runner_config::load::load(r#"
    /// [[runners]]
    /// [runners.autoscaler.scale_throttle]
    /// limit = 50
    /// burst = 10
    /// "#)
    /// .into_config()
    /// .unwrap();
    /// let autoscaler = config.runners[0].autoscaler.as_ref().unwrap();
    /// let throttle: &ScaleThrottle = autoscaler.scale_throttle.as_ref().unwrap();
    /// assert_eq!((throttle.limit, throttle.burst), (Some(50), Some(10)));
    /// assert_eq!(ScaleThrottle::TABLE.header, "[runners.autoscaler.scale_throttle]");
    /// ```
    pub struct ScaleThrottle in "[runners.autoscaler.scale_throttle]" {
        /// How many instances may be requested per second, on average.
        "limit" => limit: Option<i64>,
        /// How many instances may be requested at once, above `limit`.
        "burst" => burst: Option<i64>,
    }
}

section! {
    /// `[runners.autoscaler.vm_isolation]`: runs each job in a nested virtual machine on the
    /// instance, managed by `nesting`.
    ///
    /// ```
    /// use runner_config::model::autoscaler::VmIsolation;
    /// use runner_config::model::shape::Section;
    ///
    /// let isolation: VmIsolation = toml::from_str(r#"
    /// enabled = true
    /// image = "macos-sonoma"
    /// [connector_config]
    /// username = "admin"
    /// "#).unwrap();
    /// assert_eq!(isolation.image.as_deref(), Some("macos-sonoma"));
    /// assert_eq!(isolation.connector_config.unwrap().username.as_deref(), Some("admin"));
    /// assert_eq!(VmIsolation::TABLE.header, "[runners.autoscaler.vm_isolation]");
    /// ```
    pub struct VmIsolation in "[runners.autoscaler.vm_isolation]" {
        /// Turns nested VM isolation on.
        "enabled" => enabled: Option<bool>,
        /// The address of the `nesting` daemon on the instance.
        "nesting_host" => nesting_host: Option<String>,
        /// Settings passed to `nesting` as they are.
        #[cfg_attr(feature = "schema", schemars(with = "BTreeMap<String, crate::model::types::schema::AnyValue>"))]
        "nesting_config" => nesting_config: BTreeMap<String, toml::Value>,
        /// The VM image jobs run in when they do not name one.
        "image" => image: Option<String>,
        /// How the runner connects to the nested VM.
        "connector_config" => connector_config: Option<ConnectorConfig>,
    }
}

section! {
    /// `[runners.autoscaler.state_storage]`: keeps track of instances on disk so they can be
    /// reused after a runner restart.
    ///
    /// ```
    /// use runner_config::model::autoscaler::StateStorage;
    /// use runner_config::model::shape::Section;
    ///
    /// let storage: StateStorage = toml::from_str(r#"
    /// enabled = true
    /// dir = "/var/lib/runner/state"
    /// "#).unwrap();
    /// assert_eq!(storage.enabled, Some(true));
    /// assert_eq!(storage.dir.as_deref(), Some("/var/lib/runner/state"));
    /// assert_eq!(StateStorage::TABLE.header, "[runners.autoscaler.state_storage]");
    /// ```
    pub struct StateStorage in "[runners.autoscaler.state_storage]" {
        /// Turns state storage on.
        "enabled" => enabled: Option<bool>,
        /// The directory the state is written to.
        "dir" => dir: Option<String>,
        /// When `true`, instances that still had jobs assigned when the runner stopped are kept
        /// instead of removed.
        "keep_instance_with_acquisitions" => keep_instance_with_acquisitions: Option<bool>,
    }
}
