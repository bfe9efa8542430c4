//! Global sections: `[session_server]`, the global `[machine]` (shutdown
//! drain of Docker Machine hosts) and `[experimental]` (the usage logger),
//! plus the value sets of `log_level` and `log_format`.

use std::collections::BTreeMap;

use crate::model::shape::{section, string_enum};
use crate::model::types::GoDuration;

section! {
    /// `[session_server]`: the server behind the interactive web terminal. It needs
    /// `listen_address`; GitLab connects to it directly.
    ///
    /// ```
    /// use runner_config::model::SessionServer;
    ///
    /// let config = runner_config::load::load(
    ///     "[session_server]\nlisten_address = \"[::]:8093\"\nsession_timeout = 600\n",
    /// )
    /// .into_config()
    /// .unwrap();
    /// let server: &SessionServer = config.session_server.as_ref().unwrap();
    /// assert_eq!(server.listen_address.as_deref(), Some("[::]:8093"));
    /// assert_eq!(server.session_timeout, Some(600));
    /// assert_eq!(server.advertise_address, None);
    /// ```
    pub struct SessionServer in "[session_server]" {
        /// Address (`host:port`) the session server listens on, on the runner's host.
        "listen_address" => listen_address: Option<String>,
        /// Address (`host:port`) GitLab should use to reach the session server, when it differs
        /// from `listen_address` (behind NAT, in a container).
        "advertise_address" => advertise_address: Option<String>,
        /// Seconds an interactive session may stay open after its job ends. Zero or negative
        /// values use the default.
        ///
        /// Default: `1800` (seconds).
        "session_timeout" => session_timeout: Option<i64>,
    }
}

section! {
    /// `[machine]`: global settings for the hosts of the `docker+machine` executor (not to be
    /// confused with a runner's `[runners.machine]`).
    ///
    /// ```
    /// use runner_config::model::GlobalMachineConfig;
    /// use runner_config::model::shape::Section;
    ///
    /// let config = runner_config::load::load("[machine.shutdown_drain]\nenabled = true\n")
    ///     .into_config()
    ///     .unwrap();
    /// let machine: &GlobalMachineConfig = config.machine.as_ref().unwrap();
    /// assert_eq!(machine.shutdown_drain.as_ref().unwrap().enabled, Some(true));
    /// assert_eq!(GlobalMachineConfig::TABLE.header, "[machine]");
    /// ```
    pub struct GlobalMachineConfig in "[machine]" {
        /// Removing Docker Machine hosts when the runner shuts down.
        "shutdown_drain" => shutdown_drain: Option<ShutdownDrain>,
    }
}

section! {
    /// `[machine.shutdown_drain]`: removes Docker Machine hosts when the runner stops.
    ///
    /// ```
    /// use runner_config::model::global::ShutdownDrain;
    /// use runner_config::model::shape::Section;
    ///
    /// let config = runner_config::load::load(r#"
    /// [machine.shutdown_drain]
    /// concurrency = 5
    /// retry_backoff = "10s"
    /// "#)
    /// .into_config()
    /// .unwrap();
    /// let drain: &ShutdownDrain = config.machine.as_ref().unwrap().shutdown_drain.as_ref().unwrap();
    /// assert_eq!(drain.concurrency, Some(5));
    /// assert_eq!(drain.retry_backoff.as_ref().unwrap().as_nanos(), 10_000_000_000);
    /// assert_eq!(ShutdownDrain::TABLE.header, "[machine.shutdown_drain]");
    /// ```
    pub struct ShutdownDrain in "[machine.shutdown_drain]" {
        /// Turns draining on.
        "enabled" => enabled: Option<bool>,
        /// How many machines are removed at the same time. Zero or negative values use the
        /// default.
        ///
        /// Default: `3`.
        "concurrency" => concurrency: Option<i64>,
        /// How many times removing a machine is retried. Zero or negative values use the
        /// default.
        ///
        /// Default: `3`.
        "max_retries" => max_retries: Option<i64>,
        /// How long to wait between removal attempts. Zero or negative values use the default.
        ///
        /// Default: `"5s"`.
        "retry_backoff" => retry_backoff: Option<GoDuration>,
    }
}

section! {
    /// `[experimental]`: global features that are still experimental (not to be confused with a
    /// runner's `[runners.experimental]`).
    ///
    /// ```
    /// use runner_config::model::GlobalExperimental;
    /// use runner_config::model::shape::Section;
    ///
    /// let config = runner_config::load::load("[experimental.usage_logger]\nenabled = true\n")
    ///     .into_config()
    ///     .unwrap();
    /// let experimental: &GlobalExperimental = config.experimental.as_ref().unwrap();
    /// assert_eq!(experimental.usage_logger.as_ref().unwrap().enabled, Some(true));
    /// assert_eq!(GlobalExperimental::TABLE.header, "[experimental]");
    /// ```
    pub struct GlobalExperimental in "[experimental]" {
        /// Records of the jobs the runner ran, for usage reporting.
        "usage_logger" => usage_logger: Option<UsageLogger>,
    }
}

section! {
    /// `[experimental.usage_logger]`: writes a record for every job the runner runs.
    ///
    /// ```
    /// use runner_config::model::global::{UsageLogWriter, UsageLogger};
    /// use runner_config::model::shape::Section;
    ///
    /// let config = runner_config::load::load(r#"
    /// [experimental.usage_logger]
    /// enabled = true
    /// writers = ["logrotate", "snowplow_billing"]
    /// "#)
    /// .into_config()
    /// .unwrap();
    /// let logger: &UsageLogger = config.experimental.as_ref().unwrap().usage_logger.as_ref().unwrap();
    /// let writers: Vec<UsageLogWriter> = logger.writers.iter().flatten()
    ///     .map(|w| w.parse().unwrap())
    ///     .collect();
    /// assert_eq!(writers, [UsageLogWriter::Logrotate, UsageLogWriter::SnowplowBilling]);
    /// assert_eq!(UsageLogger::TABLE.header, "[experimental.usage_logger]");
    /// ```
    pub struct UsageLogger in "[experimental.usage_logger]" {
        /// Turns the usage logger on.
        "enabled" => enabled: Option<bool>,
        /// Where records are written; each writer has its own table of settings. The runner
        /// logs and skips a name it does not know, so the model keeps the names as written.
        ///
        /// Default: `["logrotate"]`.
        #[cfg_attr(feature = "schema", schemars(with = "Option<Vec<UsageLogWriter>>"))]
        "writers" => writers: Option<Vec<String>>,
        /// Settings of the `logrotate` writer.
        "logrotate" => logrotate: Option<UsageLogRotate>,
        /// Settings of the `snowplow_billing` writer.
        "snowplow_billing" => snowplow_billing: Option<SnowplowBilling>,
        /// The directory of the log files.
        ///
        /// Deprecated: use `[experimental.usage_logger.logrotate] log_dir`.
        "log_dir" => log_dir: Option<String>,
        /// How many rotated files to keep.
        ///
        /// Deprecated: use `[experimental.usage_logger.logrotate] max_backup_files`.
        "max_backup_files" => max_backup_files: Option<i64>,
        /// How old a file gets before it is rotated.
        ///
        /// Deprecated: use `[experimental.usage_logger.logrotate] max_rotation_age`.
        "max_rotation_age" => max_rotation_age: Option<GoDuration>,
        /// Labels added to every record.
        ///
        /// Deprecated: use `[experimental.usage_logger.logrotate] labels`.
        "labels" => labels: BTreeMap<String, String>,
    }
}

section! {
    /// `[experimental.usage_logger.logrotate]`: the `logrotate` writer, which appends records
    /// to rotated files on disk.
    ///
    /// ```
    /// use runner_config::model::global::UsageLogRotate;
    /// use runner_config::model::shape::Section;
    ///
    /// let config = runner_config::load::load(
    ///     "[experimental.usage_logger.logrotate]\nlog_dir = \"/var/log/usage\"\nmax_backup_files = 7\n",
    /// )
    /// .into_config()
    /// .unwrap();
    /// let usage = config.experimental.unwrap().usage_logger.unwrap();
    /// let rotate: UsageLogRotate = usage.logrotate.unwrap();
    /// assert_eq!(rotate.log_dir.as_deref(), Some("/var/log/usage"));
    /// assert_eq!(rotate.max_backup_files, Some(7));
    /// assert_eq!(UsageLogRotate::TABLE.header, "[experimental.usage_logger.logrotate]");
    /// ```
    pub struct UsageLogRotate in "[experimental.usage_logger.logrotate]" {
        /// The directory the files are written to.
        "log_dir" => log_dir: Option<String>,
        /// How many rotated files to keep.
        "max_backup_files" => max_backup_files: Option<i64>,
        /// How old a file gets before it is rotated.
        "max_rotation_age" => max_rotation_age: Option<GoDuration>,
        /// Labels added to every record.
        "labels" => labels: BTreeMap<String, String>,
    }
}

section! {
    /// `[experimental.usage_logger.snowplow_billing]`: the `snowplow_billing` writer, which
    /// sends records as events to a Snowplow collector.
    ///
    /// ```
    /// use runner_config::model::global::SnowplowBilling;
    /// use runner_config::model::shape::Section;
    ///
    /// let billing: SnowplowBilling =
    ///     toml::from_str("collector_uri = \"https://collector.example\"\napp_id = \"runner\"\n").unwrap();
    /// assert_eq!(billing.collector_uri.as_deref(), Some("https://collector.example"));
    /// assert_eq!(billing.enable_oidc, None);
    /// assert_eq!(SnowplowBilling::TABLE.header, "[experimental.usage_logger.snowplow_billing]");
    /// ```
    pub struct SnowplowBilling in "[experimental.usage_logger.snowplow_billing]" {
        /// The Snowplow collector's URL.
        "collector_uri" => collector_uri: Option<String>,
        /// The application ID events are sent under.
        "app_id" => app_id: Option<String>,
        /// The event category.
        "category" => category: Option<String>,
        /// The realm added to every event.
        "realm" => realm: Option<String>,
        /// The deployment type added to every event.
        "deployment_type" => deployment_type: Option<String>,
        /// Extra key/value data added to every event.
        "metadata" => metadata: BTreeMap<String, String>,
        /// When `true`, the writer authenticates to the collector with an OIDC token of the
        /// cloud it runs in.
        "enable_oidc" => enable_oidc: Option<bool>,
        /// Histogram buckets, in seconds, for the time it takes to deliver a batch of events.
        "batch_delivery_duration_buckets" => batch_delivery_duration_buckets: Option<Vec<f64>>,
        /// Whether OIDC is skipped, rather than failing, on clouds that cannot provide a token.
        "skip_oidc_if_unsupported_cloud" => skip_oidc_if_unsupported_cloud: Option<bool>,
        /// Whether jobs that failed because of a runner system failure are left out.
        "skip_runner_system_failure" => skip_runner_system_failure: Option<bool>,
    }
}

string_enum! {
    /// How much the runner logs, as logrus names the levels. The runner
    /// lower-cases the value before matching, so `DEBUG` works too.
    ///
    /// ```
    /// use runner_config::model::LogLevel;
    ///
    /// // Levels are matched case-insensitively, as logrus does.
    /// assert_eq!("DEBUG".parse::<LogLevel>(), Ok(LogLevel::Debug));
    /// assert_eq!(LogLevel::Warning.to_string(), "warning");
    /// let err = "wran".parse::<LogLevel>().unwrap_err();
    /// assert_eq!(err.to_string(), r#"unknown log level "wran", did you mean "warn"?"#);
    ///
    /// let config = runner_config::load::load("log_level = \"Trace\"\n").into_config().unwrap();
    /// assert_eq!(config.log_level, Some(LogLevel::Trace));
    /// ```
    pub enum LogLevel as "log level" {
        matching: Lowercased,
        on_unknown: RefusesToStart,
        says: "failed to parse log level: not a valid logrus Level: %q",
    } {
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
    ///
    /// ```
    /// use runner_config::model::LogFormat;
    ///
    /// assert_eq!("json".parse::<LogFormat>(), Ok(LogFormat::Json));
    /// // Unlike log levels, formats are matched exactly.
    /// let err = "JSON".parse::<LogFormat>().unwrap_err();
    /// assert_eq!(err.suggestion(), Some("json"));
    /// assert_eq!(LogFormat::ALL, [LogFormat::Runner, LogFormat::Text, LogFormat::Json]);
    /// ```
    pub enum LogFormat as "log format" {
        matching: Exact,
        on_unknown: RefusesToStart,
        says: "",
    } {
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
    ///
    /// ```
    /// use runner_config::model::global::UsageLogWriter;
    ///
    /// assert_eq!("logrotate".parse::<UsageLogWriter>(), Ok(UsageLogWriter::Logrotate));
    /// assert_eq!(UsageLogWriter::SnowplowBilling.as_str(), "snowplow_billing");
    /// let err = "snowplow-billing".parse::<UsageLogWriter>().unwrap_err();
    /// assert_eq!(err.suggestion(), Some("snowplow_billing"));
    /// ```
    pub enum UsageLogWriter as "usage logger writer" {
        matching: Exact,
        on_unknown: Ignored,
        says: "Unknown usage logger writer, skipping",
    } {
        /// `logrotate`: rotated files on local disk, see
        /// `[experimental.usage_logger.logrotate]`.
        Logrotate = "logrotate",
        /// `snowplow_billing`: events sent to a Snowplow collector, see
        /// `[experimental.usage_logger.snowplow_billing]`.
        SnowplowBilling = "snowplow_billing",
    }
}
