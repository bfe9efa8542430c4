//! Global sections: `[session_server]`, the global `[machine]` (shutdown
//! drain of Docker Machine hosts) and `[experimental]` (the usage logger),
//! plus the value sets of `log_level` and `log_format`.

use std::collections::BTreeMap;

use crate::model::shape::{section, string_enum};
use crate::model::types::GoDuration;

section! {
    /// `[session_server]`.
    pub struct SessionServer in "[session_server]" {
        /// `listen_address`.
        "listen_address" => listen_address: Option<String>,
        /// `advertise_address`.
        "advertise_address" => advertise_address: Option<String>,
        /// `session_timeout`.
        ///
        /// Default: `1800` (seconds).
        "session_timeout" => session_timeout: Option<i64>,
    }
}

section! {
    /// `[machine]`.
    pub struct GlobalMachineConfig in "[machine]" {
        /// `shutdown_drain`.
        "shutdown_drain" => shutdown_drain: Option<ShutdownDrain>,
    }
}

section! {
    /// `[machine.shutdown_drain]`.
    pub struct ShutdownDrain in "[machine.shutdown_drain]" {
        /// `enabled`.
        "enabled" => enabled: Option<bool>,
        /// `concurrency`.
        ///
        /// Default: `3`.
        "concurrency" => concurrency: Option<i64>,
        /// `max_retries`.
        ///
        /// Default: `3`.
        "max_retries" => max_retries: Option<i64>,
        /// `retry_backoff`.
        ///
        /// Default: `"5s"`.
        "retry_backoff" => retry_backoff: Option<GoDuration>,
    }
}

section! {
    /// `[experimental]`.
    pub struct GlobalExperimental in "[experimental]" {
        /// `usage_logger`.
        "usage_logger" => usage_logger: Option<UsageLogger>,
    }
}

section! {
    /// `[experimental.usage_logger]`.
    pub struct UsageLogger in "[experimental.usage_logger]" {
        /// `enabled`.
        "enabled" => enabled: Option<bool>,
        /// `writers`.
        ///
        /// Default: `["logrotate"]`.
        "writers" => writers: Option<Vec<UsageLogWriter>>,
        /// `logrotate`.
        "logrotate" => logrotate: Option<UsageLogRotate>,
        /// `snowplow_billing`.
        "snowplow_billing" => snowplow_billing: Option<SnowplowBilling>,
        /// `log_dir`.
        ///
        /// Deprecated.
        "log_dir" => log_dir: Option<String>,
        /// `max_backup_files`.
        ///
        /// Deprecated.
        "max_backup_files" => max_backup_files: Option<i64>,
        /// `max_rotation_age`.
        ///
        /// Deprecated.
        "max_rotation_age" => max_rotation_age: Option<GoDuration>,
        /// `labels`.
        ///
        /// Deprecated.
        "labels" => labels: BTreeMap<String, String>,
    }
}

section! {
    /// `[experimental.usage_logger.logrotate]`.
    pub struct UsageLogRotate in "[experimental.usage_logger.logrotate]" {
        /// `log_dir`.
        "log_dir" => log_dir: Option<String>,
        /// `max_backup_files`.
        "max_backup_files" => max_backup_files: Option<i64>,
        /// `max_rotation_age`.
        "max_rotation_age" => max_rotation_age: Option<GoDuration>,
        /// `labels`.
        "labels" => labels: BTreeMap<String, String>,
    }
}

section! {
    /// `[experimental.usage_logger.snowplow_billing]`.
    pub struct SnowplowBilling in "[experimental.usage_logger.snowplow_billing]" {
        /// `collector_uri`.
        "collector_uri" => collector_uri: Option<String>,
        /// `app_id`.
        "app_id" => app_id: Option<String>,
        /// `category`.
        "category" => category: Option<String>,
        /// `realm`.
        "realm" => realm: Option<String>,
        /// `deployment_type`.
        "deployment_type" => deployment_type: Option<String>,
        /// `metadata`.
        "metadata" => metadata: BTreeMap<String, String>,
        /// `enable_oidc`.
        "enable_oidc" => enable_oidc: Option<bool>,
        /// `batch_delivery_duration_buckets`.
        "batch_delivery_duration_buckets" => batch_delivery_duration_buckets: Option<Vec<f64>>,
        /// `skip_oidc_if_unsupported_cloud`.
        "skip_oidc_if_unsupported_cloud" => skip_oidc_if_unsupported_cloud: Option<bool>,
        /// `skip_runner_system_failure`.
        "skip_runner_system_failure" => skip_runner_system_failure: Option<bool>,
    }
}

string_enum! {
    /// How much the runner logs, as logrus names the levels. The runner
    /// lower-cases the value before matching, so `DEBUG` works too.
    pub enum LogLevel as "log level", case_insensitive {
        /// `panic`: only messages logged just before a panic.
        Panic = "panic",
        /// `fatal`: only errors that stop the process.
        Fatal = "fatal",
        /// `error`: errors.
        Error = "error",
        /// `warn`: errors and warnings.
        Warn = "warn",
        /// `warning`: the same level as `warn`.
        Warning = "warning",
        /// `info`: normal operation (the default).
        Info = "info",
        /// `debug`: detailed diagnostics.
        Debug = "debug",
        /// `trace`: everything, including very chatty internals.
        Trace = "trace",
    }
}

string_enum! {
    /// How the runner formats its own log lines.
    pub enum LogFormat as "log format" {
        /// `runner`: coloured, human-oriented lines (the default).
        Runner = "runner",
        /// `text`: logrus's plain `key=value` text.
        Text = "text",
        /// `json`: one JSON object per line.
        Json = "json",
    }
}

string_enum! {
    /// A destination for usage-log records.
    pub enum UsageLogWriter as "usage logger writer" {
        /// `logrotate`: rotated files on local disk, see
        /// `[experimental.usage_logger.logrotate]`.
        Logrotate = "logrotate",
        /// `snowplow_billing`: events sent to a Snowplow collector, see
        /// `[experimental.usage_logger.snowplow_billing]`.
        SnowplowBilling = "snowplow_billing",
    }
}
