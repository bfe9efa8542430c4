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
use crate::policy::PolicyExecutor;

section! {
    /// `[[runners]]`: one runner registered with GitLab: how it authenticates, which executor
    /// runs its jobs, and the executor's settings.
    ///
    /// ```
    /// use runner_config::model::{Executor, Runner, Shell};
    ///
    /// let config = runner_config::load::load(r#"
    /// [[runners]]
    /// name = "build-host"
    /// url = "https://gitlab.example.com"
    /// executor = "shell"
    /// shell = "bash"
    /// limit = 2
    /// environment = ["LANG=C.UTF-8"]
    /// [runners.feature_flags]
    /// FF_SCRIPT_SECTIONS = true
    /// "#)
    /// .into_config()
    /// .unwrap();
    /// let runner: &Runner = &config.runners[0];
    /// assert_eq!(runner.name.as_deref(), Some("build-host"));
    /// assert_eq!(runner.executor, Some(Executor::Shell));
    /// assert_eq!(runner.shell, Some(Shell::Bash));
    /// assert_eq!(runner.limit, Some(2));
    /// assert_eq!(runner.environment.as_deref(), Some(&["LANG=C.UTF-8".to_owned()][..]));
    /// assert_eq!(runner.feature_flags.get("FF_SCRIPT_SECTIONS"), Some(&true));
    /// // Executor sections that were not written stay `None`.
    /// assert!(runner.docker.is_none());
    /// ```
    pub struct Runner in "[[runners]]" {
        // The runner itself.
        /// A description of the runner, shown in GitLab and in the runner's logs.
        "name" => name: Option<String>,
        /// The most jobs this runner may run at the same time; `0` means no limit other than
        /// `concurrent`. With `docker+machine` it also caps how many machines exist.
        "limit" => limit: Option<i64>,
        /// The largest job log the runner sends to GitLab, in kibibytes; output beyond it is
        /// dropped with a notice. `0` uses the default.
        ///
        /// Default: `4096` (KiB).
        "output_limit" => output_limit: Option<i64>,
        /// How many requests for new jobs this runner may have open at once. Values below `1`
        /// use the default.
        ///
        /// Default: `1`.
        "request_concurrency" => request_concurrency: Option<i64>,
        /// When `true`, the runner waits `check_interval` before every job request, even right
        /// after it received a job.
        ///
        /// Default: `false`.
        "strict_check_interval" => strict_check_interval: Option<bool>,
        /// How many job requests in a row may fail before the runner counts as unhealthy and
        /// stops asking for `unhealthy_interval`. Values below `1` use the default.
        ///
        /// Default: `3`.
        "unhealthy_requests_limit" => unhealthy_requests_limit: Option<i64>,
        /// How long an unhealthy runner stops asking for jobs.
        ///
        /// Default: `"1h0m0s"`.
        "unhealthy_interval" => unhealthy_interval: Option<GoDuration>,
        /// How many times the runner retries sending a job's final status to GitLab. Values
        /// below `1` use the default.
        ///
        /// Default: `10`.
        "job_status_final_update_retry_limit" => job_status_final_update_retry_limit: Option<i64>,
        /// Per-runner features that are still experimental.
        "experimental" => experimental: Option<RunnerExperimental>,

        // Credentials: written by `gitlab-runner register`.
        /// The GitLab instance URL the runner talks to. Environment variables in it are
        /// expanded when the file is loaded.
        "url" => url: Option<String>,
        /// The ID GitLab gave the runner when it was registered.
        "id" => id: Option<i64>,
        /// The runner's authentication token (`glrt-…` for runners created in GitLab).
        /// Environment variables in it are expanded when the file is loaded.
        "token" [secret] => token: Option<String>,
        /// When the runner obtained `token`; the runner writes it itself.
        "token_obtained_at" => token_obtained_at: Option<Timestamp>,
        /// When `token` expires; the runner rotates the token before then. The zero time
        /// `0001-01-01T00:00:00Z` means it does not expire.
        "token_expires_at" => token_expires_at: Option<Timestamp>,
        /// A PEM file of CA certificates to trust for HTTPS connections to GitLab.
        "tls-ca-file" => tls_ca_file: Option<String>,
        /// A PEM client certificate the runner presents to GitLab (mutual TLS).
        "tls-cert-file" => tls_cert_file: Option<String>,
        /// The private key file for `tls-cert-file`.
        "tls-key-file" => tls_key_file: Option<String>,

        // Job execution.
        /// Labels for this runner, merged over the global `labels`. Keys are 3 to 65
        /// characters: letters, digits, `_`, `.` and `-`, not starting with `.` or `-`.
        "labels" => labels: BTreeMap<String, String>,
        /// The executor that runs this runner's jobs.
        "executor" => executor: Option<Executor>,
        /// Where jobs' working copies are created, as seen by the executor (inside the
        /// container or VM for those executors).
        "builds_dir" => builds_dir: Option<String>,
        /// Where the local job cache is kept, as seen by the executor.
        "cache_dir" => cache_dir: Option<String>,
        /// A URL jobs use to fetch the repository instead of `url`, for example an internal
        /// address.
        "clone_url" => clone_url: Option<String>,
        /// Extra environment variables for every job, each written `NAME=value`.
        "environment" => environment: Option<Vec<String>>,
        /// Experimental: run job commands through the runner helper's exec proxy in the job
        /// environment.
        ///
        /// Default: `false`.
        "proxy_exec" => proxy_exec: Option<bool>,
        /// Commands run in the job's environment before the repository is fetched.
        "pre_get_sources_script" => pre_get_sources_script: Option<String>,
        /// Commands run in the job's environment after the repository and its submodules are
        /// fetched.
        "post_get_sources_script" => post_get_sources_script: Option<String>,
        /// Commands run before the job's own scripts, in the same shell session.
        "pre_build_script" => pre_build_script: Option<String>,
        /// Commands run after the job's `script`, before `after_script`.
        "post_build_script" => post_build_script: Option<String>,
        /// The longest the executor may take to prepare the job's environment.
        "prepare_timeout" => prepare_timeout: Option<GoDuration>,
        /// The longest fetching the repository may take.
        "get_sources_timeout" => get_sources_timeout: Option<GoDuration>,
        /// When `true`, jobs cannot turn on debug tracing with `CI_DEBUG_TRACE`, which could
        /// print secrets to the log.
        "debug_trace_disabled" => debug_trace_disabled: Option<bool>,
        /// Whether the runner marks the working copy as a git `safe.directory`, so git accepts
        /// it even when another user owns it.
        "safe_directory_checkout" => safe_directory_checkout: Option<bool>,
        /// Whether the runner removes git configuration a job may have left in the working
        /// copy, so it cannot affect later jobs.
        "clean_git_config" => clean_git_config: Option<bool>,
        /// The shell job scripts are written for. Not set: the executor's default for the
        /// platform.
        "shell" => shell: Option<Shell>,
        /// Whether jobs may choose their own clone path with `GIT_CLONE_PATH`.
        "custom_build_dir" => custom_build_dir: Option<CustomBuildDir>,
        /// Referees that collect extra data about each job.
        "referees" => referees: Option<RefereesConfig>,
        /// The distributed cache shared between jobs and hosts.
        "cache" => cache: Option<CacheConfig>,
        /// Timeouts for uploading artifacts.
        "artifact" => artifact: Option<ArtifactConfig>,
        /// Feature flags for this runner, by `FF_` name (`FF_NETWORK_PER_BUILD = true`). The
        /// runner ignores names it does not know; see
        /// [`FeatureFlag`](crate::model::FeatureFlag).
        "feature_flags" => feature_flags: BTreeMap<String, bool>,
        /// Extra metrics the runner exports about its jobs.
        "monitoring" => monitoring: Option<MonitoringConfig>,
        /// When `true`, each job runs in a cgroup for its concurrency slot, named by
        /// `slot_cgroup_template`, so resources can be limited per slot.
        "use_slot_cgroups" => use_slot_cgroups: Option<bool>,
        /// The cgroup path for a slot; `${slot}` is replaced by the slot number. Empty uses the
        /// default.
        ///
        /// Default: `"gitlab-runner/slot-${slot}"`.
        "slot_cgroup_template" => slot_cgroup_template: Option<String>,

        // Executor settings.
        /// Settings of the `instance` executor.
        "instance" => instance: Option<InstanceConfig>,
        /// How the `ssh` executor (and the VM executors) connect to the machine that runs the
        /// job.
        "ssh" => ssh: Option<SshConfig>,
        /// Settings of the Docker executors (`docker`, `docker-windows`, `docker+machine`,
        /// `docker-autoscaler`).
        "docker" => docker: Option<DockerConfig>,
        /// Settings of the `parallels` executor.
        "parallels" => parallels: Option<ParallelsConfig>,
        /// Settings of the `virtualbox` executor.
        "virtualbox" => virtualbox: Option<VirtualBoxConfig>,
        /// Docker Machine autoscaling for the `docker+machine` executor.
        "machine" => machine: Option<MachineConfig>,
        /// Settings of the `kubernetes` executor.
        "kubernetes" => kubernetes: Option<KubernetesConfig>,
        /// The driver scripts of the `custom` executor.
        "custom" => custom: Option<CustomConfig>,
        /// Fleeting autoscaling for the `docker-autoscaler` and `instance` executors.
        "autoscaler" => autoscaler: Option<AutoscalerConfig>,
        /// The image that provides the step runner for jobs that use CI steps.
        "step_runner_image" => step_runner_image: Option<String>,
    }
}

section! {
    /// `[runners.experimental]`: per-runner features that are still experimental.
    ///
    /// ```
    /// use runner_config::model::runner::RunnerExperimental;
    /// use runner_config::model::shape::Section;
    ///
    /// let config = runner_config::load::load(
    ///     "[[runners]]\n[runners.experimental.boot_verify]\nenabled = true\n",
    /// )
    /// .into_config()
    /// .unwrap();
    /// let experimental: &RunnerExperimental = config.runners[0].experimental.as_ref().unwrap();
    /// assert_eq!(experimental.boot_verify.as_ref().unwrap().enabled, Some(true));
    /// assert_eq!(RunnerExperimental::TABLE.header, "[runners.experimental]");
    /// ```
    pub struct RunnerExperimental in "[runners.experimental]" {
        /// Checks that a new autoscaled instance boots correctly before jobs use it.
        "boot_verify" => boot_verify: Option<BootVerify>,
    }
}

section! {
    /// `[runners.experimental.boot_verify]`: verifying that new autoscaled instances boot
    /// before they take jobs.
    ///
    /// ```
    /// use runner_config::model::runner::BootVerify;
    /// use runner_config::model::shape::Section;
    ///
    /// let config = runner_config::load::load(
    ///     "[[runners]]\n[runners.experimental.boot_verify]\nenabled = true\ntimeout = \"2m\"\n",
    /// )
    /// .into_config()
    /// .unwrap();
    /// let boot = config.runners[0].experimental.as_ref().unwrap().boot_verify.as_ref().unwrap();
    /// assert_eq!(boot.timeout.as_ref().unwrap().as_nanos(), 120_000_000_000);
    /// assert_eq!(BootVerify::TABLE.header, "[runners.experimental.boot_verify]");
    /// ```
    pub struct BootVerify in "[runners.experimental.boot_verify]" {
        /// Turns boot verification on.
        "enabled" => enabled: Option<bool>,
        /// How long an instance may take to pass verification. Zero or negative values use the
        /// default.
        ///
        /// Default: `"5m0s"`.
        "timeout" => timeout: Option<GoDuration>,
        /// The shortest wait between attempts to acquire an instance for verification. Zero or
        /// negative values use the default.
        ///
        /// Default: `"1s"`.
        "acquire_min_backoff" => acquire_min_backoff: Option<GoDuration>,
        /// The longest wait between attempts to acquire an instance for verification. Zero or
        /// negative values use the default.
        ///
        /// Default: `"10s"`.
        "acquire_max_backoff" => acquire_max_backoff: Option<GoDuration>,
    }
}

section! {
    /// `[runners.custom_build_dir]`: whether jobs may pick their own clone directory.
    ///
    /// ```
    /// use runner_config::model::runner::CustomBuildDir;
    /// use runner_config::model::shape::Section;
    ///
    /// let config = runner_config::load::load("[[runners]]\n[runners.custom_build_dir]\nenabled = true\n")
    ///     .into_config()
    ///     .unwrap();
    /// let dir: &CustomBuildDir = config.runners[0].custom_build_dir.as_ref().unwrap();
    /// assert_eq!(dir.enabled, Some(true));
    /// assert_eq!(CustomBuildDir::TABLE.header, "[runners.custom_build_dir]");
    /// ```
    pub struct CustomBuildDir in "[runners.custom_build_dir]" {
        /// Lets jobs set `GIT_CLONE_PATH` to clone into a directory of their choice under
        /// `builds_dir`. Not set: the executor's default.
        "enabled" => enabled: Option<bool>,
    }
}

section! {
    /// `[runners.artifact]`: timeouts for artifact uploads.
    ///
    /// ```
    /// use runner_config::model::runner::ArtifactConfig;
    /// use runner_config::model::shape::Section;
    ///
    /// let config = runner_config::load::load("[[runners]]\n[runners.artifact]\nupload_timeout = \"2h\"\n")
    ///     .into_config()
    ///     .unwrap();
    /// let artifact: &ArtifactConfig = config.runners[0].artifact.as_ref().unwrap();
    /// assert_eq!(artifact.upload_timeout.as_ref().unwrap().to_go_string(), "2h0m0s");
    /// assert_eq!(ArtifactConfig::TABLE.header, "[runners.artifact]");
    /// ```
    pub struct ArtifactConfig in "[runners.artifact]" {
        /// The longest one artifact upload may take.
        ///
        /// Default: `"1h0m0s"`.
        "upload_timeout" => upload_timeout: Option<GoDuration>,
        /// How long the runner waits for GitLab's response headers after sending an artifact.
        ///
        /// Default: `"10m0s"`.
        "response_header_timeout" => response_header_timeout: Option<GoDuration>,
    }
}

string_enum! {
    /// The executor a runner uses to run jobs, by the name the runner
    /// registers it under.
    ///
    /// ```
    /// use runner_config::model::Executor;
    ///
    /// let executor: Executor = "docker+machine".parse().unwrap();
    /// assert_eq!(executor, Executor::DockerMachine);
    /// assert_eq!(executor.to_string(), "docker+machine");
    /// assert!(Executor::ALL.contains(&Executor::Kubernetes));
    ///
    /// // The runner matches executor names exactly; a typo gets a suggestion.
    /// let err = "dokcer".parse::<Executor>().unwrap_err();
    /// assert_eq!(err.suggestion(), Some("docker"));
    /// assert_eq!(err.to_string(), r#"unknown executor "dokcer", did you mean "docker"?"#);
    ///
    /// // In a file, an unknown executor stops the runner from loading it.
    /// let loaded = runner_config::load::load("[[runners]]\nexecutor = \"Docker\"\n");
    /// assert!(!loaded.is_valid());
    /// ```
    pub enum Executor as "executor" {
        matching: Exact,
        on_unknown: NeverPolls,
        says: "Executor %q is not known; marking Runner as unhealthy",
    } {
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

impl Executor {
    /// Which of the runner's pull-policy implementations this executor's
    /// jobs go through, if it pulls images at all.
    ///
    /// `docker`, `docker-windows`, `docker+machine` and `docker-autoscaler`
    /// all run the Docker executor's pull manager and read
    /// `[runners.docker]`; `kubernetes` has its own and reads
    /// `[runners.kubernetes]`. The others (`shell`, `ssh`, `instance`, …)
    /// never read `pull_policy`.
    ///
    /// ```
    /// use runner_config::model::Executor;
    /// use runner_config::policy::PolicyExecutor;
    ///
    /// assert_eq!(Executor::DockerMachine.pull_manager(), Some(PolicyExecutor::Docker));
    /// assert_eq!(Executor::Kubernetes.pull_manager(), Some(PolicyExecutor::Kubernetes));
    /// assert_eq!(Executor::Instance.pull_manager(), None);
    /// ```
    pub const fn pull_manager(self) -> Option<PolicyExecutor> {
        match self {
            Self::Docker | Self::DockerWindows | Self::DockerMachine | Self::DockerAutoscaler => {
                Some(PolicyExecutor::Docker)
            }
            Self::Kubernetes => Some(PolicyExecutor::Kubernetes),
            Self::Shell
            | Self::Custom
            | Self::Instance
            | Self::Ssh
            | Self::Parallels
            | Self::Virtualbox => None,
        }
    }

    /// Whether jobs run on hosts the runner creates on demand, which start
    /// with no local images (`docker+machine`, `docker-autoscaler`).
    ///
    /// ```
    /// use runner_config::model::Executor;
    ///
    /// assert!(Executor::DockerAutoscaler.is_autoscaled());
    /// assert!(!Executor::Docker.is_autoscaled());
    /// ```
    pub const fn is_autoscaled(self) -> bool {
        matches!(self, Self::DockerMachine | Self::DockerAutoscaler)
    }
}

string_enum! {
    /// The shell the runner writes job scripts for.
    ///
    /// These are the values the runner's own schema lists. Only `bash`,
    /// `sh`, `pwsh` and `powershell` are registered shells (`shells/bash.go`,
    /// `shells/powershell.go`, matched exactly): `cmd` is listed but no
    /// longer implemented, so every job fails with `shell cmd not found`, as
    /// with any other name; `""` means the executor's default for the
    /// platform (`bash`, or `pwsh`/`powershell` on Windows).
    ///
    /// ```
    /// use runner_config::model::Shell;
    ///
    /// assert_eq!("pwsh".parse::<Shell>(), Ok(Shell::Pwsh));
    /// // `""` is a value of its own: the executor's default shell.
    /// assert_eq!("".parse::<Shell>(), Ok(Shell::PlatformDefault));
    /// assert_eq!(Shell::PlatformDefault.as_str(), "");
    ///
    /// let err = "bahs".parse::<Shell>().unwrap_err();
    /// assert_eq!(err.value(), "bahs");
    /// assert_eq!(err.to_string(), r#"unknown shell "bahs", did you mean "bash"?"#);
    /// ```
    pub enum Shell as "shell" {
        matching: Exact,
        on_unknown: FailsJobs,
        says: "shell %s not found",
        unsupported: ["cmd"],
    } {
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
