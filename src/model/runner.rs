//! `[[runners]]`: one entry per registered runner.
//!
//! The runner's Go code builds this table from three embedded structs (the
//! runner's own settings, its credentials and its executor settings); the
//! decoder promotes all their keys into the one table, so here they are
//! plain fields of [`Runner`]. The small sub-tables that belong to no
//! executor (`[runners.experimental]`, `[runners.custom_build_dir]`,
//! `[runners.artifact]`) live here too.

use std::collections::BTreeMap;

use crate::model::autoscaler::AutoscalerConfig;
use crate::model::cache::CacheConfig;
use crate::model::custom::CustomConfig;
use crate::model::docker::DockerConfig;
use crate::model::instance::InstanceConfig;
use crate::model::kubernetes::KubernetesConfig;
use crate::model::machine::MachineConfig;
use crate::model::monitoring::MonitoringConfig;
use crate::model::referees::RefereesConfig;
use crate::model::shape::{section, string_enum};
use crate::model::ssh::SshConfig;
use crate::model::types::{GoDuration, Timestamp};
use crate::model::vm::{ParallelsConfig, VirtualBoxConfig};

section! {
    /// `[[runners]]`.
    pub struct Runner in "[[runners]]" {
        /// `name`.
        "name" => name: Option<String>,
        /// `limit`.
        "limit" => limit: Option<i64>,
        /// `output_limit`.
        ///
        /// Default: `4096` (KiB).
        "output_limit" => output_limit: Option<i64>,
        /// `request_concurrency`.
        ///
        /// Default: `1`.
        "request_concurrency" => request_concurrency: Option<i64>,
        /// `strict_check_interval`.
        ///
        /// Default: `false`.
        "strict_check_interval" => strict_check_interval: Option<bool>,
        /// `unhealthy_requests_limit`.
        ///
        /// Default: `3`.
        "unhealthy_requests_limit" => unhealthy_requests_limit: Option<i64>,
        /// `unhealthy_interval`.
        ///
        /// Default: `"1h0m0s"`.
        "unhealthy_interval" => unhealthy_interval: Option<GoDuration>,
        /// `job_status_final_update_retry_limit`.
        ///
        /// Default: `10`.
        "job_status_final_update_retry_limit" => job_status_final_update_retry_limit: Option<i64>,
        /// `experimental`.
        "experimental" => experimental: Option<RunnerExperimental>,
        /// `url`.
        "url" => url: Option<String>,
        /// `id`.
        "id" => id: Option<i64>,
        /// `token`.
        "token" [secret] => token: Option<String>,
        /// `token_obtained_at`.
        "token_obtained_at" => token_obtained_at: Option<Timestamp>,
        /// `token_expires_at`.
        "token_expires_at" => token_expires_at: Option<Timestamp>,
        /// `tls-ca-file`.
        "tls-ca-file" => tls_ca_file: Option<String>,
        /// `tls-cert-file`.
        "tls-cert-file" => tls_cert_file: Option<String>,
        /// `tls-key-file`.
        "tls-key-file" => tls_key_file: Option<String>,
        /// `labels`.
        "labels" => labels: BTreeMap<String, String>,
        /// `executor`.
        "executor" => executor: Option<Executor>,
        /// `builds_dir`.
        "builds_dir" => builds_dir: Option<String>,
        /// `cache_dir`.
        "cache_dir" => cache_dir: Option<String>,
        /// `clone_url`.
        "clone_url" => clone_url: Option<String>,
        /// `environment`.
        "environment" => environment: Option<Vec<String>>,
        /// `proxy_exec`.
        ///
        /// Default: `false`.
        "proxy_exec" => proxy_exec: Option<bool>,
        /// `pre_get_sources_script`.
        "pre_get_sources_script" => pre_get_sources_script: Option<String>,
        /// `post_get_sources_script`.
        "post_get_sources_script" => post_get_sources_script: Option<String>,
        /// `pre_build_script`.
        "pre_build_script" => pre_build_script: Option<String>,
        /// `post_build_script`.
        "post_build_script" => post_build_script: Option<String>,
        /// `prepare_timeout`.
        "prepare_timeout" => prepare_timeout: Option<GoDuration>,
        /// `get_sources_timeout`.
        "get_sources_timeout" => get_sources_timeout: Option<GoDuration>,
        /// `debug_trace_disabled`.
        "debug_trace_disabled" => debug_trace_disabled: Option<bool>,
        /// `safe_directory_checkout`.
        "safe_directory_checkout" => safe_directory_checkout: Option<bool>,
        /// `clean_git_config`.
        "clean_git_config" => clean_git_config: Option<bool>,
        /// `shell`.
        "shell" => shell: Option<Shell>,
        /// `custom_build_dir`.
        "custom_build_dir" => custom_build_dir: Option<CustomBuildDir>,
        /// `referees`.
        "referees" => referees: Option<RefereesConfig>,
        /// `cache`.
        "cache" => cache: Option<CacheConfig>,
        /// `artifact`.
        "artifact" => artifact: Option<ArtifactConfig>,
        /// `feature_flags`.
        "feature_flags" => feature_flags: BTreeMap<String, bool>,
        /// `monitoring`.
        "monitoring" => monitoring: Option<MonitoringConfig>,
        /// `use_slot_cgroups`.
        "use_slot_cgroups" => use_slot_cgroups: Option<bool>,
        /// `slot_cgroup_template`.
        ///
        /// Default: `"gitlab-runner/slot-${slot}"`.
        "slot_cgroup_template" => slot_cgroup_template: Option<String>,
        /// `instance`.
        "instance" => instance: Option<InstanceConfig>,
        /// `ssh`.
        "ssh" => ssh: Option<SshConfig>,
        /// `docker`.
        "docker" => docker: Option<DockerConfig>,
        /// `parallels`.
        "parallels" => parallels: Option<ParallelsConfig>,
        /// `virtualbox`.
        "virtualbox" => virtualbox: Option<VirtualBoxConfig>,
        /// `machine`.
        "machine" => machine: Option<MachineConfig>,
        /// `kubernetes`.
        "kubernetes" => kubernetes: Option<KubernetesConfig>,
        /// `custom`.
        "custom" => custom: Option<CustomConfig>,
        /// `autoscaler`.
        "autoscaler" => autoscaler: Option<AutoscalerConfig>,
        /// `step_runner_image`.
        "step_runner_image" => step_runner_image: Option<String>,
    }
}

section! {
    /// `[runners.experimental]`.
    pub struct RunnerExperimental in "[runners.experimental]" {
        /// `boot_verify`.
        "boot_verify" => boot_verify: Option<BootVerify>,
    }
}

section! {
    /// `[runners.experimental.boot_verify]`.
    pub struct BootVerify in "[runners.experimental.boot_verify]" {
        /// `enabled`.
        "enabled" => enabled: Option<bool>,
        /// `timeout`.
        ///
        /// Default: `"5m0s"`.
        "timeout" => timeout: Option<GoDuration>,
        /// `acquire_min_backoff`.
        ///
        /// Default: `"1s"`.
        "acquire_min_backoff" => acquire_min_backoff: Option<GoDuration>,
        /// `acquire_max_backoff`.
        ///
        /// Default: `"10s"`.
        "acquire_max_backoff" => acquire_max_backoff: Option<GoDuration>,
    }
}

section! {
    /// `[runners.custom_build_dir]`.
    pub struct CustomBuildDir in "[runners.custom_build_dir]" {
        /// `enabled`.
        "enabled" => enabled: Option<bool>,
    }
}

section! {
    /// `[runners.artifact]`.
    pub struct ArtifactConfig in "[runners.artifact]" {
        /// `upload_timeout`.
        ///
        /// Default: `"1h0m0s"`.
        "upload_timeout" => upload_timeout: Option<GoDuration>,
        /// `response_header_timeout`.
        ///
        /// Default: `"10m0s"`.
        "response_header_timeout" => response_header_timeout: Option<GoDuration>,
    }
}

string_enum! {
    /// The executor a runner uses to run jobs, by the name the runner
    /// registers it under.
    pub enum Executor as "executor" {
        /// `shell`: jobs run directly on the runner's host.
        Shell = "shell",
        /// `custom`: jobs run through the scripts in `[runners.custom]`.
        Custom = "custom",
        /// `instance`: jobs run on autoscaled instances, configured in
        /// `[runners.autoscaler]`.
        Instance = "instance",
        /// `docker`: each job runs in Docker containers.
        Docker = "docker",
        /// `docker-windows`: Docker with Windows containers.
        DockerWindows = "docker-windows",
        /// `docker-autoscaler`: Docker on autoscaled instances (fleeting).
        DockerAutoscaler = "docker-autoscaler",
        /// `docker+machine`: Docker on hosts created by Docker Machine, see
        /// `[runners.machine]`.
        DockerMachine = "docker+machine",
        /// `kubernetes`: each job runs in a pod, see `[runners.kubernetes]`.
        Kubernetes = "kubernetes",
        /// `ssh`: jobs run on a remote host over SSH, see `[runners.ssh]`.
        Ssh = "ssh",
        /// `parallels`: jobs run in Parallels virtual machines.
        Parallels = "parallels",
        /// `virtualbox`: jobs run in VirtualBox virtual machines.
        Virtualbox = "virtualbox",
    }
}

string_enum! {
    /// The shell the runner writes job scripts for.
    ///
    /// These are the values the runner's own schema lists. Only `bash`,
    /// `sh`, `pwsh` and `powershell` are registered shells: `cmd` is listed
    /// but no longer implemented, so jobs fail with it; `""` means the
    /// executor's default for the platform.
    pub enum Shell as "shell" {
        /// `bash`: Bash (the default on Unix-like systems).
        Bash = "bash",
        /// `sh`: a POSIX shell.
        Sh = "sh",
        /// `cmd`: Windows Batch; still accepted by the schema, but no longer
        /// supported by the runner.
        Cmd = "cmd",
        /// `pwsh`: PowerShell 7 and later (the default on Windows).
        Pwsh = "pwsh",
        /// `powershell`: Windows PowerShell 5.
        Powershell = "powershell",
        /// `""`: the executor's default shell for the platform.
        PlatformDefault = "",
    }
}
