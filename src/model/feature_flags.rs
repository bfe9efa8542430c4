//! `[runners.feature_flags]`: switches for behaviour that is new, old or
//! experimental.
//!
//! The table is a map from flag name to `true`/`false`
//! ([`Runner::feature_flags`](crate::model::Runner::feature_flags)); the
//! runner accepts any name there and ignores the ones it does not know, so
//! the model keeps the map as written. [`FeatureFlag`] lists the names this
//! runner version knows, with their defaults, so a misspelt flag can be
//! reported with a suggestion:
//!
//! ```
//! use runner_config::model::FeatureFlag;
//!
//! let flag: FeatureFlag = "FF_NETWORK_PER_BUILD".parse().unwrap();
//! assert!(!flag.default());
//! let err = "FF_NETWORK_PER_BUIL".parse::<FeatureFlag>().unwrap_err();
//! assert_eq!(err.suggestion(), Some("FF_NETWORK_PER_BUILD"));
//! ```

use crate::model::shape::string_enum;

string_enum! {
    /// A feature flag GitLab Runner knows, by its `FF_` name.
    ///
    /// ```
    /// use runner_config::model::FeatureFlag;
    ///
    /// let config = runner_config::load::load(
    ///     "[[runners]]\n[runners.feature_flags]\nFF_USE_FASTZIP = false\nFF_NETWORK_PER_BUIDL = true\n",
    /// )
    /// .into_config()
    /// .unwrap();
    /// // The model keeps the map as written; `FeatureFlag` tells which names are real.
    /// let flags = &config.runners[0].feature_flags;
    /// let fastzip: FeatureFlag = "FF_USE_FASTZIP".parse().unwrap();
    /// assert_eq!(fastzip, FeatureFlag::UseFastzip);
    /// assert!(fastzip.default() && fastzip.is_deprecated());
    /// assert_eq!(flags.get(fastzip.as_str()), Some(&false));
    ///
    /// let err = "FF_NETWORK_PER_BUIDL".parse::<FeatureFlag>().unwrap_err();
    /// assert_eq!(err.suggestion(), Some("FF_NETWORK_PER_BUILD"));
    /// ```
    pub enum FeatureFlag as "feature flag" {
        matching: Exact,
        on_unknown: Ignored,
        says: "",
    } {
        /// `FF_TEST_FEATURE`: does nothing; it exists for the runner's own tests.
        ///
        /// Default: `false`. Deprecated.
        TestFeature = "FF_TEST_FEATURE",
        /// `FF_NETWORK_PER_BUILD`: creates a Docker network for each job, in which the job and
        /// its services reach each other by alias.
        ///
        /// Default: `false`.
        NetworkPerBuild = "FF_NETWORK_PER_BUILD",
        /// `FF_USE_LEGACY_KUBERNETES_EXECUTION_STRATEGY`: runs Kubernetes job scripts through
        /// exec requests, as older runners did, instead of attaching to the container.
        ///
        /// Default: `false`.
        UseLegacyKubernetesExecutionStrategy = "FF_USE_LEGACY_KUBERNETES_EXECUTION_STRATEGY",
        /// `FF_USE_DIRECT_DOWNLOAD`: downloads artifacts straight from object storage when
        /// GitLab redirects there, instead of through GitLab.
        ///
        /// Default: `true`.
        UseDirectDownload = "FF_USE_DIRECT_DOWNLOAD",
        /// `FF_USE_FASTZIP`: uses fastzip, a faster archiver, for artifacts and caches.
        ///
        /// Default: `true`. Deprecated; to be removed in 19.7.
        UseFastzip = "FF_USE_FASTZIP",
        /// `FF_DISABLE_UMASK_FOR_DOCKER_EXECUTOR`: stops the Docker executor from running
        /// `umask 0000` in the job container, so created files keep the image user's ownership.
        ///
        /// Default: `false`.
        DisableUmaskForDockerExecutor = "FF_DISABLE_UMASK_FOR_DOCKER_EXECUTOR",
        /// `FF_ENABLE_BASH_EXIT_CODE_CHECK`: checks the exit code after every command of a Bash
        /// script, instead of relying on `set -e` alone.
        ///
        /// Default: `false`.
        EnableBashExitCodeCheck = "FF_ENABLE_BASH_EXIT_CODE_CHECK",
        /// `FF_USE_WINDOWS_LEGACY_PROCESS_STRATEGY`: on Windows, starts and stops job processes
        /// the way older runners did.
        ///
        /// Default: `false`.
        UseWindowsLegacyProcessStrategy = "FF_USE_WINDOWS_LEGACY_PROCESS_STRATEGY",
        /// `FF_USE_LEGACY_BASH_EVAL`: evaluates Bash job scripts the way older runners did.
        ///
        /// Default: `false`.
        UseLegacyBashEval = "FF_USE_LEGACY_BASH_EVAL",
        /// `FF_USE_POWERSHELL_PATH_RESOLVER`: lets PowerShell resolve paths in job scripts,
        /// instead of the runner resolving them for its own operating system.
        ///
        /// Default: `false`.
        UsePowershellPathResolver = "FF_USE_POWERSHELL_PATH_RESOLVER",
        /// `FF_USE_DYNAMIC_TRACE_FORCE_SEND_INTERVAL`: sends the job log as often as GitLab
        /// asks for updates, instead of at a fixed interval.
        ///
        /// Default: `false`.
        UseDynamicTraceForceSendInterval = "FF_USE_DYNAMIC_TRACE_FORCE_SEND_INTERVAL",
        /// `FF_SCRIPT_SECTIONS`: puts each command of the job's scripts in its own collapsible
        /// section of the job log.
        ///
        /// Default: `false`.
        ScriptSections = "FF_SCRIPT_SECTIONS",
        /// `FF_ENABLE_JOB_CLEANUP`: deletes the project's working copy when the job ends.
        ///
        /// Default: `false`.
        EnableJobCleanup = "FF_ENABLE_JOB_CLEANUP",
        /// `FF_KUBERNETES_HONOR_ENTRYPOINT`: runs the image's entrypoint in Kubernetes jobs
        /// (unless the legacy execution strategy is on).
        ///
        /// Default: `false`.
        KubernetesHonorEntrypoint = "FF_KUBERNETES_HONOR_ENTRYPOINT",
        /// `FF_POSIXLY_CORRECT_ESCAPES`: quotes values in generated shell scripts the POSIX way
        /// instead of with Bash's `$'…'`.
        ///
        /// Default: `false`.
        PosixlyCorrectEscapes = "FF_POSIXLY_CORRECT_ESCAPES",
        /// `FF_RESOLVE_FULL_TLS_CHAIN`: builds the complete TLS certificate chain, up to a
        /// self-signed root, for the CA file jobs get.
        ///
        /// Default: `false`.
        ResolveFullTLSChain = "FF_RESOLVE_FULL_TLS_CHAIN",
        /// `FF_DISABLE_POWERSHELL_STDIN`: passes PowerShell job scripts as files instead of on
        /// standard input (shell and custom executors).
        ///
        /// Default: `false`.
        DisablePowershellStdin = "FF_DISABLE_POWERSHELL_STDIN",
        /// `FF_USE_POD_ACTIVE_DEADLINE_SECONDS`: sets the job pod's `activeDeadlineSeconds` to
        /// the job's timeout, so Kubernetes stops pods of jobs that run too long.
        ///
        /// Default: `true`.
        UsePodActiveDeadlineSeconds = "FF_USE_POD_ACTIVE_DEADLINE_SECONDS",
        /// `FF_USE_ADVANCED_POD_SPEC_CONFIGURATION`: applies the
        /// `[[runners.kubernetes.pod_spec]]` patches.
        ///
        /// Default: `false`.
        UseAdvancedPodSpecConfiguration = "FF_USE_ADVANCED_POD_SPEC_CONFIGURATION",
        /// `FF_SECRET_RESOLVING_FAILS_IF_MISSING`: fails the job when a secret it uses cannot
        /// be found, instead of going on without it.
        ///
        /// Default: `true`.
        EnableSecretResolvingFailsIfMissing = "FF_SECRET_RESOLVING_FAILS_IF_MISSING",
        /// `FF_PRINT_POD_EVENTS`: prints the job pod's events to the job log while the pod
        /// starts.
        ///
        /// Default: `false`.
        PrintPodEvents = "FF_PRINT_POD_EVENTS",
        /// `FF_USE_GIT_BUNDLE_URIS`: lets git use bundle URIs the GitLab server offers, which
        /// speeds up clones.
        ///
        /// Default: `true`.
        UseGitBundleURIs = "FF_USE_GIT_BUNDLE_URIS",
        /// `FF_USE_GIT_NATIVE_CLONE`: clones with `git clone` instead of `git init` followed by
        /// `git fetch`.
        ///
        /// Default: `false`.
        UseGitNativeClone = "FF_USE_GIT_NATIVE_CLONE",
        /// `FF_USE_DUMB_INIT_WITH_KUBERNETES_EXECUTOR`: runs the processes of Kubernetes job
        /// containers under `dumb-init`.
        ///
        /// Default: `false`.
        UseDumbInitWithKubernetesExecutor = "FF_USE_DUMB_INIT_WITH_KUBERNETES_EXECUTOR",
        /// `FF_USE_INIT_WITH_DOCKER_EXECUTOR`: starts Docker job containers with an init
        /// process that forwards signals and reaps orphaned processes.
        ///
        /// Default: `false`.
        UseInitWithDockerExecutor = "FF_USE_INIT_WITH_DOCKER_EXECUTOR",
        /// `FF_LOG_IMAGES_CONFIGURED_FOR_JOB`: writes the images and services each job uses to
        /// the runner's log.
        ///
        /// Default: `false`.
        LogImagesConfiguredForJob = "FF_LOG_IMAGES_CONFIGURED_FOR_JOB",
        /// `FF_USE_DOCKER_AUTOSCALER_DIAL_STDIO`: reaches the Docker daemon of an autoscaled
        /// instance with `docker system dial-stdio` instead of a forwarded socket.
        ///
        /// Default: `true`.
        UseDockerAutoscalerDialStdio = "FF_USE_DOCKER_AUTOSCALER_DIAL_STDIO",
        /// `FF_CLEAN_UP_FAILED_CACHE_EXTRACT`: removes what a failed cache extraction left
        /// behind.
        ///
        /// Default: `false`.
        CleanUpFailedCacheExtract = "FF_CLEAN_UP_FAILED_CACHE_EXTRACT",
        /// `FF_USE_WINDOWS_JOB_OBJECT`: on Windows, puts a job's processes in a job object so
        /// they are all stopped together.
        ///
        /// Default: `false`.
        UseWindowsJobObject = "FF_USE_WINDOWS_JOB_OBJECT",
        /// `FF_TIMESTAMPS`: adds a timestamp to every line of the job log.
        ///
        /// Default: `true`.
        UseTimestamps = "FF_TIMESTAMPS",
        /// `FF_DISABLE_AUTOMATIC_TOKEN_ROTATION`: stops the runner from renewing its
        /// authentication token before it expires.
        ///
        /// Default: `false`.
        DisableAutomaticTokenRotation = "FF_DISABLE_AUTOMATIC_TOKEN_ROTATION",
        /// `FF_USE_LEGACY_GCS_CACHE_ADAPTER`: serves `Type = "gcs"` caches with the old adapter
        /// instead of `gcsv2`.
        ///
        /// Default: `false`.
        UseLegacyGCSCacheAdapter = "FF_USE_LEGACY_GCS_CACHE_ADAPTER",
        /// `FF_DISABLE_UMASK_FOR_KUBERNETES_EXECUTOR`: stops the Kubernetes executor from
        /// running `umask 0000`, so created files keep the container user's ownership.
        ///
        /// Default: `false`.
        DisableUmaskForKubernetesExecutor = "FF_DISABLE_UMASK_FOR_KUBERNETES_EXECUTOR",
        /// `FF_USE_LEGACY_S3_CACHE_ADAPTER`: serves `Type = "s3"` caches with the old adapter
        /// instead of `s3v2`.
        ///
        /// Default: `false`.
        UseLegacyS3CacheAdapter = "FF_USE_LEGACY_S3_CACHE_ADAPTER",
        /// `FF_GIT_URLS_WITHOUT_TOKENS`: keeps the job token out of git remote URLs and passes
        /// it through a credential helper instead.
        ///
        /// Default: `false`.
        GitURLsWithoutTokens = "FF_GIT_URLS_WITHOUT_TOKENS",
        /// `FF_WAIT_FOR_POD_TO_BE_REACHABLE`: waits until the job pod is running and reachable
        /// before running scripts in it.
        ///
        /// Default: `false`.
        WaitForPodReachable = "FF_WAIT_FOR_POD_TO_BE_REACHABLE",
        /// `FF_MASK_ALL_DEFAULT_TOKENS`: masks every kind of GitLab token the runner recognises
        /// in the job log.
        ///
        /// Default: `true`.
        MaskAllDefaultTokens = "FF_MASK_ALL_DEFAULT_TOKENS",
        /// `FF_EXPORT_HIGH_CARDINALITY_METRICS`: exports metrics with many label values (such
        /// as per project), which can make Prometheus grow large.
        ///
        /// Default: `false`.
        ExportHighCardinalityMetrics = "FF_EXPORT_HIGH_CARDINALITY_METRICS",
        /// `FF_USE_FLEETING_ACQUIRE_HEARTBEATS`: checks that an autoscaled instance can still
        /// be reached before giving it a job.
        ///
        /// Default: `false`.
        UseFleetingAcquireHeartbeats = "FF_USE_FLEETING_ACQUIRE_HEARTBEATS",
        /// `FF_USE_EXPONENTIAL_BACKOFF_STAGE_RETRY`: waits longer and longer between retries of
        /// a job stage (such as fetching sources), instead of retrying at once.
        ///
        /// Default: `true`.
        UseExponentialBackoffStageRetry = "FF_USE_EXPONENTIAL_BACKOFF_STAGE_RETRY",
        /// `FF_USE_ADAPTIVE_REQUEST_CONCURRENCY`: adjusts how many job requests are open at
        /// once to how many jobs are waiting, up to `request_concurrency`.
        ///
        /// Default: `true`.
        UseAdaptiveRequestConcurrency = "FF_USE_ADAPTIVE_REQUEST_CONCURRENCY",
        /// `FF_USE_GITALY_CORRELATION_ID`: sends a correlation ID with git requests, so they
        /// can be traced on the server.
        ///
        /// Default: `true`.
        UseGitalyCorrelationId = "FF_USE_GITALY_CORRELATION_ID",
        /// `FF_USE_GIT_PROACTIVE_AUTH`: sends credentials with the first git request instead of
        /// waiting for the server to ask.
        ///
        /// Default: `false`.
        UseGitProactiveAuth = "FF_USE_GIT_PROACTIVE_AUTH",
        /// `FF_HASH_CACHE_KEYS`: hashes cache keys before using them in file and object names.
        ///
        /// Default: `false`.
        HashCacheKeys = "FF_HASH_CACHE_KEYS",
        /// `FF_ENABLE_JOB_INPUTS_INTERPOLATION`: expands job inputs in the job's scripts and
        /// settings.
        ///
        /// Default: `true`.
        EnableJobInputsInterpolation = "FF_ENABLE_JOB_INPUTS_INTERPOLATION",
        /// `FF_USE_JOB_ROUTER`: gets jobs through GitLab's job router instead of asking the API
        /// directly.
        ///
        /// Default: `false`.
        UseJobRouter = "FF_USE_JOB_ROUTER",
        /// `FF_SCRIPT_TO_STEP_MIGRATION`: runs the job's scripts as CI steps, through the step
        /// runner.
        ///
        /// Default: `false`.
        UseScriptToStepMigration = "FF_SCRIPT_TO_STEP_MIGRATION",
        /// `FF_USE_PARALLEL_CACHE_TRANSFER`: uploads and downloads caches in several parts at
        /// once.
        ///
        /// Default: `false`.
        UseParallelCacheTransfer = "FF_USE_PARALLEL_CACHE_TRANSFER",
        /// `FF_USE_PARALLEL_ARTIFACT_TRANSFER`: uploads and downloads artifacts in several
        /// parts at once.
        ///
        /// Default: `false`.
        UseParallelArtifactTransfer = "FF_USE_PARALLEL_ARTIFACT_TRANSFER",
        /// `FF_CONCRETE`: experimental: runs jobs with the runner's new "concrete" job
        /// execution.
        ///
        /// Default: `false`.
        UseConcrete = "FF_CONCRETE",
        /// `FF_SUSPENDABLE_ENVIRONMENTS`: experimental: lets a job's environment be suspended
        /// and resumed later.
        ///
        /// Default: `false`.
        SuspendableEnvironments = "FF_SUSPENDABLE_ENVIRONMENTS",
        /// `FF_USE_NATIVE_CONTAINER_STOP`: stops Docker job containers with Docker's own stop
        /// request (a signal, then a kill after a timeout).
        ///
        /// Default: `false`.
        UseNativeContainerStop = "FF_USE_NATIVE_CONTAINER_STOP",
    }
}

impl FeatureFlag {
    /// Whether the flag is on when `[runners.feature_flags]` does not set it.
    pub const fn default(self) -> bool {
        matches!(
            self,
            Self::UseDirectDownload
                | Self::UseFastzip
                | Self::UsePodActiveDeadlineSeconds
                | Self::EnableSecretResolvingFailsIfMissing
                | Self::UseGitBundleURIs
                | Self::UseDockerAutoscalerDialStdio
                | Self::UseTimestamps
                | Self::MaskAllDefaultTokens
                | Self::UseExponentialBackoffStageRetry
                | Self::UseAdaptiveRequestConcurrency
                | Self::UseGitalyCorrelationId
                | Self::EnableJobInputsInterpolation
        )
    }

    /// Whether the flag is deprecated: setting it still works but will stop having an effect.
    pub const fn is_deprecated(self) -> bool {
        matches!(self, Self::TestFeature | Self::UseFastzip)
    }

    /// The runner version announced to remove the flag, if any.
    pub const fn removed_in(self) -> Option<&'static str> {
        match self {
            Self::TestFeature
            | Self::NetworkPerBuild
            | Self::UseLegacyKubernetesExecutionStrategy
            | Self::UseDirectDownload
            | Self::DisableUmaskForDockerExecutor
            | Self::EnableBashExitCodeCheck
            | Self::UseWindowsLegacyProcessStrategy
            | Self::UseLegacyBashEval
            | Self::UsePowershellPathResolver
            | Self::UseDynamicTraceForceSendInterval
            | Self::ScriptSections
            | Self::EnableJobCleanup
            | Self::KubernetesHonorEntrypoint
            | Self::PosixlyCorrectEscapes
            | Self::ResolveFullTLSChain
            | Self::DisablePowershellStdin
            | Self::UsePodActiveDeadlineSeconds
            | Self::UseAdvancedPodSpecConfiguration
            | Self::EnableSecretResolvingFailsIfMissing
            | Self::PrintPodEvents
            | Self::UseGitBundleURIs
            | Self::UseGitNativeClone
            | Self::UseDumbInitWithKubernetesExecutor
            | Self::UseInitWithDockerExecutor
            | Self::LogImagesConfiguredForJob
            | Self::UseDockerAutoscalerDialStdio
            | Self::CleanUpFailedCacheExtract
            | Self::UseWindowsJobObject
            | Self::UseTimestamps
            | Self::DisableAutomaticTokenRotation
            | Self::UseLegacyGCSCacheAdapter
            | Self::DisableUmaskForKubernetesExecutor
            | Self::UseLegacyS3CacheAdapter
            | Self::GitURLsWithoutTokens
            | Self::WaitForPodReachable
            | Self::MaskAllDefaultTokens
            | Self::ExportHighCardinalityMetrics
            | Self::UseFleetingAcquireHeartbeats
            | Self::UseExponentialBackoffStageRetry
            | Self::UseAdaptiveRequestConcurrency
            | Self::UseGitalyCorrelationId
            | Self::UseGitProactiveAuth
            | Self::HashCacheKeys
            | Self::EnableJobInputsInterpolation
            | Self::UseJobRouter
            | Self::UseScriptToStepMigration
            | Self::UseParallelCacheTransfer
            | Self::UseParallelArtifactTransfer
            | Self::UseConcrete
            | Self::SuspendableEnvironments
            | Self::UseNativeContainerStop => None,
            _ => Some("19.7"),
        }
    }

    /// Whether the flag only exists for the runner's own tests.
    pub const fn is_test_only(self) -> bool {
        matches!(self, Self::TestFeature)
    }
}
