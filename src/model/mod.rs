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
pub use types::{GoDuration, Timestamp};
pub use vm::{ParallelsConfig, VirtualBoxConfig};

section! {
    /// `(top level)`.
    pub struct Config in "(top level)" {
        /// `listen_address`.
        "listen_address" => listen_address: Option<String>,
        /// `session_server`.
        "session_server" => session_server: Option<SessionServer>,
        /// `labels`.
        "labels" => labels: BTreeMap<String, String>,
        /// `concurrent`.
        ///
        /// Default: `1`.
        "concurrent" => concurrent: Option<i64>,
        /// `check_interval`.
        ///
        /// Default: `3` (seconds).
        "check_interval" => check_interval: Option<i64>,
        /// `log_level`.
        ///
        /// Default: `"info"`.
        "log_level" => log_level: Option<LogLevel>,
        /// `log_format`.
        ///
        /// Default: `"runner"`.
        "log_format" => log_format: Option<LogFormat>,
        /// `user`.
        "user" => user: Option<String>,
        /// `runners`.
        "runners" => runners: Vec<Runner>,
        /// `sentry_dsn`.
        "sentry_dsn" [secret] => sentry_dsn: Option<String>,
        /// `connection_max_age`.
        ///
        /// Default: `"15m0s"`.
        "connection_max_age" => connection_max_age: Option<GoDuration>,
        /// `machine`.
        "machine" => machine: Option<GlobalMachineConfig>,
        /// `experimental`.
        "experimental" => experimental: Option<GlobalExperimental>,
        /// `shutdown_timeout`.
        ///
        /// Default: `30` (seconds).
        "shutdown_timeout" => shutdown_timeout: Option<i64>,
    }
}
