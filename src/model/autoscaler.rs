//! `[runners.autoscaler]`: fleeting-based autoscaling for the
//! `docker-autoscaler` and `instance` executors: the plugin, how to connect
//! to instances, idle policies, throttling and nested VM isolation.

use std::collections::BTreeMap;

use crate::model::shape::section;
use crate::model::types::GoDuration;

section! {
    /// `[[runners.kubernetes.autoscaler.policy]]`.
    pub struct AutoscalerPolicy in "[[runners.autoscaler.policy]] / [[runners.kubernetes.autoscaler.policy]]" {
        /// `periods`.
        "periods" => periods: Option<Vec<String>>,
        /// `timezone`.
        "timezone" => timezone: Option<String>,
        /// `idle_count`.
        "idle_count" => idle_count: Option<i64>,
        /// `idle_time`.
        "idle_time" => idle_time: Option<GoDuration>,
        /// `scale_factor`.
        "scale_factor" => scale_factor: Option<f64>,
        /// `scale_factor_limit`.
        "scale_factor_limit" => scale_factor_limit: Option<i64>,
        /// `preemptive_mode`.
        "preemptive_mode" => preemptive_mode: Option<bool>,
    }
}

section! {
    /// `[runners.autoscaler]`.
    pub struct AutoscalerConfig in "[runners.autoscaler]" {
        /// `capacity_per_instance`.
        "capacity_per_instance" => capacity_per_instance: Option<i64>,
        /// `max_use_count`.
        "max_use_count" => max_use_count: Option<i64>,
        /// `max_instances`.
        "max_instances" => max_instances: Option<i64>,
        /// `plugin`.
        "plugin" => plugin: Option<String>,
        /// `plugin_config`.
        #[cfg_attr(feature = "schema", schemars(with = "BTreeMap<String, crate::model::types::schema::AnyValue>"))]
        "plugin_config" => plugin_config: BTreeMap<String, toml::Value>,
        /// `connector_config`.
        "connector_config" => connector_config: Option<ConnectorConfig>,
        /// `policy`.
        "policy" => policy: Vec<AutoscalerPolicy>,
        /// `instance_ready_command`.
        "instance_ready_command" => instance_ready_command: Option<String>,
        /// `instance_acquire_timeout`.
        "instance_acquire_timeout" => instance_acquire_timeout: Option<GoDuration>,
        /// `update_interval`.
        "update_interval" => update_interval: Option<GoDuration>,
        /// `update_interval_when_expecting`.
        "update_interval_when_expecting" => update_interval_when_expecting: Option<GoDuration>,
        /// `deletion_retry_interval`.
        "deletion_retry_interval" => deletion_retry_interval: Option<GoDuration>,
        /// `shutdown_deletion_interval`.
        "shutdown_deletion_interval" => shutdown_deletion_interval: Option<GoDuration>,
        /// `shutdown_deletion_retries`.
        "shutdown_deletion_retries" => shutdown_deletion_retries: Option<i64>,
        /// `failure_threshold`.
        "failure_threshold" => failure_threshold: Option<i64>,
        /// `scale_throttle`.
        "scale_throttle" => scale_throttle: Option<ScaleThrottle>,
        /// `reservation_throttling`.
        "reservation_throttling" => reservation_throttling: Option<bool>,
        /// `log_internal_ip`.
        "log_internal_ip" => log_internal_ip: Option<bool>,
        /// `log_external_ip`.
        "log_external_ip" => log_external_ip: Option<bool>,
        /// `delete_instances_on_shutdown`.
        "delete_instances_on_shutdown" => delete_instances_on_shutdown: Option<bool>,
        /// `vm_isolation`.
        "vm_isolation" => vm_isolation: Option<VmIsolation>,
        /// `state_storage`.
        "state_storage" => state_storage: Option<StateStorage>,
        /// `instance_operation_time_buckets`.
        "instance_operation_time_buckets" => instance_operation_time_buckets: Option<Vec<f64>>,
        /// `instance_creation_time_buckets`.
        "instance_creation_time_buckets" => instance_creation_time_buckets: Option<Vec<f64>>,
        /// `instance_is_running_time_buckets`.
        "instance_is_running_time_buckets" => instance_is_running_time_buckets: Option<Vec<f64>>,
        /// `instance_deletion_time_buckets`.
        "instance_deletion_time_buckets" => instance_deletion_time_buckets: Option<Vec<f64>>,
        /// `instance_readiness_time_buckets`.
        "instance_readiness_time_buckets" => instance_readiness_time_buckets: Option<Vec<f64>>,
        /// `instance_life_duration_buckets`.
        "instance_life_duration_buckets" => instance_life_duration_buckets: Option<Vec<f64>>,
    }
}

section! {
    /// `[runners.autoscaler.connector_config]`.
    pub struct ConnectorConfig in "[runners.autoscaler.connector_config] / [runners.autoscaler.vm_isolation.connector_config]" {
        /// `os`.
        "os" => os: Option<String>,
        /// `arch`.
        "arch" => arch: Option<String>,
        /// `protocol`.
        "protocol" => protocol: Option<String>,
        /// `protocol_port`.
        "protocol_port" => protocol_port: Option<i64>,
        /// `username`.
        "username" => username: Option<String>,
        /// `password`.
        "password" [secret] => password: Option<String>,
        /// `key_path`.
        "key_path" => key_path: Option<String>,
        /// `use_static_credentials`.
        "use_static_credentials" => use_static_credentials: Option<bool>,
        /// `keepalive`.
        "keepalive" => keepalive: Option<GoDuration>,
        /// `timeout`.
        "timeout" => timeout: Option<GoDuration>,
        /// `use_external_addr`.
        "use_external_addr" => use_external_addr: Option<bool>,
    }
}

section! {
    /// `[runners.autoscaler.scale_throttle]`.
    pub struct ScaleThrottle in "[runners.autoscaler.scale_throttle]" {
        /// `limit`.
        "limit" => limit: Option<i64>,
        /// `burst`.
        "burst" => burst: Option<i64>,
    }
}

section! {
    /// `[runners.autoscaler.vm_isolation]`.
    pub struct VmIsolation in "[runners.autoscaler.vm_isolation]" {
        /// `enabled`.
        "enabled" => enabled: Option<bool>,
        /// `nesting_host`.
        "nesting_host" => nesting_host: Option<String>,
        /// `nesting_config`.
        #[cfg_attr(feature = "schema", schemars(with = "BTreeMap<String, crate::model::types::schema::AnyValue>"))]
        "nesting_config" => nesting_config: BTreeMap<String, toml::Value>,
        /// `image`.
        "image" => image: Option<String>,
        /// `connector_config`.
        "connector_config" => connector_config: Option<ConnectorConfig>,
    }
}

section! {
    /// `[runners.autoscaler.state_storage]`.
    pub struct StateStorage in "[runners.autoscaler.state_storage]" {
        /// `enabled`.
        "enabled" => enabled: Option<bool>,
        /// `dir`.
        "dir" => dir: Option<String>,
        /// `keep_instance_with_acquisitions`.
        "keep_instance_with_acquisitions" => keep_instance_with_acquisitions: Option<bool>,
    }
}
