//! The typed `config.toml`: every key GitLab Runner reads, as Rust types.
//!
//! [`Config`] is the whole file. Each section has a module named after it:
//!
//! | Section | Module | Type |
//! | --- | --- | --- |
//! | top-level keys | this module | [`Config`] |
//! | `[session_server]`, global `[machine]`, global `[experimental]` | [`global`] | [`SessionServer`], [`global::GlobalMachineConfig`], [`global::GlobalExperimental`] |
//! | `[[runners]]` (incl. `[runners.experimental]`, `[runners.custom_build_dir]`, `[runners.artifact]`) | [`runner`] | [`Runner`] |
//! | `[runners.docker]` | [`docker`] | [`DockerConfig`] |
//! | `[runners.kubernetes]` | [`kubernetes`] | [`KubernetesConfig`] |
//! | `[runners.cache]` | [`cache`] | [`CacheConfig`] |
//! | `[runners.machine]` | [`machine`] | [`MachineConfig`] |
//! | `[runners.autoscaler]` | [`autoscaler`] | [`AutoscalerConfig`] |
//! | `[runners.custom]` | [`custom`] | [`CustomConfig`] |
//! | `[runners.ssh]` | [`ssh`] | [`SshConfig`] |
//! | `[runners.parallels]`, `[runners.virtualbox]` | [`vm`] | [`ParallelsConfig`], [`VirtualBoxConfig`] |
//! | `[runners.instance]` | [`instance`] | [`InstanceConfig`] |
//! | `[runners.feature_flags]` | [`feature_flags`] | [`FeatureFlag`] |
//! | `[runners.monitoring]` | [`monitoring`] | [`MonitoringConfig`] |
//! | `[runners.referees]` | [`referees`] | [`RefereesConfig`] |
//! | durations and timestamps | [`types`] | [`GoDuration`], [`Timestamp`] |
//!
//! Every section struct is declared with `section!` ([`shape`]), so each
//! also has a static [`shape::TableDef`] listing its keys exactly as the
//! runner spells them (`Type`, `IdleCount`, `tls-ca-file`, `ipcmode`), with
//! the [`shape::Shape`] of each value and which ones hold credentials.
//!
//! Every field is an `Option`, a `Vec` of tables or a map, so a key that was
//! not written stays distinct from one written with a zero value; defaults
//! are documented, not filled in. Serializing a model gives TOML that reads
//! back as an equal model. Key matching here is exact: the runner's
//! case-insensitive fallback is the loader's job ([`crate::load`]).

pub mod shape;

pub mod autoscaler;
pub mod cache;
pub mod custom;
pub mod docker;
pub mod feature_flags;
pub mod global;
pub mod instance;
pub mod kubernetes;
pub mod machine;
pub mod monitoring;
pub mod referees;
pub mod runner;
pub mod ssh;
pub mod types;
pub mod vm;

use std::collections::BTreeMap;

use shape::section;

pub use autoscaler::AutoscalerConfig;
pub use cache::{CacheConfig, CacheType};
pub use custom::CustomConfig;
pub use docker::{DockerConfig, DockerService};
pub use feature_flags::FeatureFlag;
pub use global::{GlobalExperimental, GlobalMachineConfig, LogFormat, LogLevel, SessionServer};
pub use instance::InstanceConfig;
pub use kubernetes::{KubernetesConfig, KubernetesService};
pub use machine::MachineConfig;
pub use monitoring::MonitoringConfig;
pub use referees::RefereesConfig;
pub use runner::{Executor, Runner, Shell};
pub use shape::{Describe, Section};
pub use ssh::SshConfig;
pub use types::{DurationError, GoDuration, Timestamp, TimestampError};
pub use vm::{ParallelsConfig, VirtualBoxConfig};

section! {
    /// The whole `config.toml`: global settings and the list of runners.
    ///
    /// ```
    /// use runner_config::model::{Config, Executor, LogLevel};
    ///
    /// let loaded = runner_config::load::load(r#"
    /// concurrent = 4
    /// log_level = "debug"
    ///
    /// [[runners]]
    /// name = "docker-1"
    /// url = "https://gitlab.example.com"
    /// executor = "docker"
    /// [runners.docker]
    /// image = "alpine:3.20"
    ///
    /// [[runners]]
    /// name = "shell-1"
    /// executor = "shell"
    /// "#);
    /// let config: &Config = loaded.config().unwrap();
    /// assert_eq!(config.concurrent, Some(4));
    /// assert_eq!(config.log_level, Some(LogLevel::Debug));
    /// // Not written: `None`, and the runner's default (3 seconds) applies.
    /// assert_eq!(config.check_interval, None);
    /// let executors: Vec<_> = config.runners.iter().map(|r| r.executor).collect();
    /// assert_eq!(executors, [Some(Executor::Docker), Some(Executor::Shell)]);
    ///
    /// // A model serializes to TOML that reads back as the same model.
    /// let text = toml::to_string(config).unwrap();
    /// assert_eq!(&toml::from_str::<Config>(&text).unwrap(), config);
    /// ```
    pub struct Config in "(top level)" {
        /// Address (`host:port`) of the runner's HTTP server for Prometheus metrics and debug
        /// endpoints. Not set: no such server.
        "listen_address" => listen_address: Option<String>,
        /// The session server, which gives users an interactive web terminal into running jobs.
        "session_server" => session_server: Option<SessionServer>,
        /// Labels attached to every runner in this file; each runner's own `labels` are merged
        /// over them (at most 32 after merging).
        "labels" => labels: BTreeMap<String, String>,
        /// The most jobs that may run at the same time, counted across all `[[runners]]`
        /// entries. An explicit `0` is kept as written.
        ///
        /// Default: `1`.
        "concurrent" => concurrent: Option<i64>,
        /// Seconds between two requests for new jobs by the same runner; with several runners,
        /// the requests are spread evenly over the interval. Zero or negative values use the
        /// default.
        ///
        /// Default: `3` (seconds).
        "check_interval" => check_interval: Option<i64>,
        /// How much the runner logs. The `--log-level` command-line option takes precedence.
        ///
        /// Default: `"info"`.
        "log_level" => log_level: Option<LogLevel>,
        /// The format of the runner's own log. The `--log-format` command-line option takes
        /// precedence.
        ///
        /// Default: `"runner"`.
        "log_format" => log_format: Option<LogFormat>,
        /// The system user `shell` executor jobs run as when the runner itself runs as root
        /// (`gitlab-runner run --user`).
        "user" => user: Option<String>,
        /// The registered runners, one `[[runners]]` table each.
        "runners" => runners: Vec<Runner>,
        /// Sentry DSN the runner reports its own errors to. It embeds a Sentry key, so it is
        /// treated as a credential. Not set: the `SENTRY_DSN` environment variable is used.
        "sentry_dsn" [secret] => sentry_dsn: Option<String>,
        /// How long a keep-alive TLS connection to GitLab is reused before the runner
        /// reconnects.
        ///
        /// Default: `"15m0s"`.
        "connection_max_age" => connection_max_age: Option<GoDuration>,
        /// Global settings for hosts created by the `docker+machine` executor.
        "machine" => machine: Option<GlobalMachineConfig>,
        /// Global features that are still experimental.
        "experimental" => experimental: Option<GlobalExperimental>,
        /// Seconds the runner waits for a forceful shutdown to complete before it exits anyway.
        /// Zero or negative values use the default.
        ///
        /// Default: `30` (seconds).
        "shutdown_timeout" => shutdown_timeout: Option<i64>,
    }
}
