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
    pub enum FeatureFlag as "feature flag" {
        /// `FF_TEST_FEATURE`: `FF_TEST_FEATURE`.
        ///
        /// Default: `false`. Deprecated.
        TestFeature = "FF_TEST_FEATURE",
        /// `FF_NETWORK_PER_BUILD`: `FF_NETWORK_PER_BUILD`.
        ///
        /// Default: `false`.
        NetworkPerBuild = "FF_NETWORK_PER_BUILD",
        /// `FF_USE_LEGACY_KUBERNETES_EXECUTION_STRATEGY`:
        /// `FF_USE_LEGACY_KUBERNETES_EXECUTION_STRATEGY`.
        ///
        /// Default: `false`.
        UseLegacyKubernetesExecutionStrategy = "FF_USE_LEGACY_KUBERNETES_EXECUTION_STRATEGY",
        /// `FF_USE_DIRECT_DOWNLOAD`: `FF_USE_DIRECT_DOWNLOAD`.
        ///
        /// Default: `true`.
        UseDirectDownload = "FF_USE_DIRECT_DOWNLOAD",
        /// `FF_USE_FASTZIP`: `FF_USE_FASTZIP`.
        ///
        /// Default: `true`. Deprecated; to be removed in 19.7.
        UseFastzip = "FF_USE_FASTZIP",
        /// `FF_DISABLE_UMASK_FOR_DOCKER_EXECUTOR`: `FF_DISABLE_UMASK_FOR_DOCKER_EXECUTOR`.
        ///
        /// Default: `false`.
        DisableUmaskForDockerExecutor = "FF_DISABLE_UMASK_FOR_DOCKER_EXECUTOR",
        /// `FF_ENABLE_BASH_EXIT_CODE_CHECK`: `FF_ENABLE_BASH_EXIT_CODE_CHECK`.
        ///
        /// Default: `false`.
        EnableBashExitCodeCheck = "FF_ENABLE_BASH_EXIT_CODE_CHECK",
        /// `FF_USE_WINDOWS_LEGACY_PROCESS_STRATEGY`: `FF_USE_WINDOWS_LEGACY_PROCESS_STRATEGY`.
        ///
        /// Default: `false`.
        UseWindowsLegacyProcessStrategy = "FF_USE_WINDOWS_LEGACY_PROCESS_STRATEGY",
        /// `FF_USE_LEGACY_BASH_EVAL`: `FF_USE_LEGACY_BASH_EVAL`.
        ///
        /// Default: `false`.
        UseLegacyBashEval = "FF_USE_LEGACY_BASH_EVAL",
        /// `FF_USE_POWERSHELL_PATH_RESOLVER`: `FF_USE_POWERSHELL_PATH_RESOLVER`.
        ///
        /// Default: `false`.
        UsePowershellPathResolver = "FF_USE_POWERSHELL_PATH_RESOLVER",
        /// `FF_USE_DYNAMIC_TRACE_FORCE_SEND_INTERVAL`:
        /// `FF_USE_DYNAMIC_TRACE_FORCE_SEND_INTERVAL`.
        ///
        /// Default: `false`.
        UseDynamicTraceForceSendInterval = "FF_USE_DYNAMIC_TRACE_FORCE_SEND_INTERVAL",
        /// `FF_SCRIPT_SECTIONS`: `FF_SCRIPT_SECTIONS`.
        ///
        /// Default: `false`.
        ScriptSections = "FF_SCRIPT_SECTIONS",
        /// `FF_ENABLE_JOB_CLEANUP`: `FF_ENABLE_JOB_CLEANUP`.
        ///
        /// Default: `false`.
        EnableJobCleanup = "FF_ENABLE_JOB_CLEANUP",
        /// `FF_KUBERNETES_HONOR_ENTRYPOINT`: `FF_KUBERNETES_HONOR_ENTRYPOINT`.
        ///
        /// Default: `false`.
        KubernetesHonorEntrypoint = "FF_KUBERNETES_HONOR_ENTRYPOINT",
        /// `FF_POSIXLY_CORRECT_ESCAPES`: `FF_POSIXLY_CORRECT_ESCAPES`.
        ///
        /// Default: `false`.
        PosixlyCorrectEscapes = "FF_POSIXLY_CORRECT_ESCAPES",
        /// `FF_RESOLVE_FULL_TLS_CHAIN`: `FF_RESOLVE_FULL_TLS_CHAIN`.
        ///
        /// Default: `false`.
        ResolveFullTLSChain = "FF_RESOLVE_FULL_TLS_CHAIN",
        /// `FF_DISABLE_POWERSHELL_STDIN`: `FF_DISABLE_POWERSHELL_STDIN`.
        ///
        /// Default: `false`.
        DisablePowershellStdin = "FF_DISABLE_POWERSHELL_STDIN",
        /// `FF_USE_POD_ACTIVE_DEADLINE_SECONDS`: `FF_USE_POD_ACTIVE_DEADLINE_SECONDS`.
        ///
        /// Default: `true`.
        UsePodActiveDeadlineSeconds = "FF_USE_POD_ACTIVE_DEADLINE_SECONDS",
        /// `FF_USE_ADVANCED_POD_SPEC_CONFIGURATION`: `FF_USE_ADVANCED_POD_SPEC_CONFIGURATION`.
        ///
        /// Default: `false`.
        UseAdvancedPodSpecConfiguration = "FF_USE_ADVANCED_POD_SPEC_CONFIGURATION",
        /// `FF_SECRET_RESOLVING_FAILS_IF_MISSING`: `FF_SECRET_RESOLVING_FAILS_IF_MISSING`.
        ///
        /// Default: `true`.
        EnableSecretResolvingFailsIfMissing = "FF_SECRET_RESOLVING_FAILS_IF_MISSING",
        /// `FF_PRINT_POD_EVENTS`: `FF_PRINT_POD_EVENTS`.
        ///
        /// Default: `false`.
        PrintPodEvents = "FF_PRINT_POD_EVENTS",
        /// `FF_USE_GIT_BUNDLE_URIS`: `FF_USE_GIT_BUNDLE_URIS`.
        ///
        /// Default: `true`.
        UseGitBundleURIs = "FF_USE_GIT_BUNDLE_URIS",
        /// `FF_USE_GIT_NATIVE_CLONE`: `FF_USE_GIT_NATIVE_CLONE`.
        ///
        /// Default: `false`.
        UseGitNativeClone = "FF_USE_GIT_NATIVE_CLONE",
        /// `FF_USE_DUMB_INIT_WITH_KUBERNETES_EXECUTOR`:
        /// `FF_USE_DUMB_INIT_WITH_KUBERNETES_EXECUTOR`.
        ///
        /// Default: `false`.
        UseDumbInitWithKubernetesExecutor = "FF_USE_DUMB_INIT_WITH_KUBERNETES_EXECUTOR",
        /// `FF_USE_INIT_WITH_DOCKER_EXECUTOR`: `FF_USE_INIT_WITH_DOCKER_EXECUTOR`.
        ///
        /// Default: `false`.
        UseInitWithDockerExecutor = "FF_USE_INIT_WITH_DOCKER_EXECUTOR",
        /// `FF_LOG_IMAGES_CONFIGURED_FOR_JOB`: `FF_LOG_IMAGES_CONFIGURED_FOR_JOB`.
        ///
        /// Default: `false`.
        LogImagesConfiguredForJob = "FF_LOG_IMAGES_CONFIGURED_FOR_JOB",
        /// `FF_USE_DOCKER_AUTOSCALER_DIAL_STDIO`: `FF_USE_DOCKER_AUTOSCALER_DIAL_STDIO`.
        ///
        /// Default: `true`.
        UseDockerAutoscalerDialStdio = "FF_USE_DOCKER_AUTOSCALER_DIAL_STDIO",
        /// `FF_CLEAN_UP_FAILED_CACHE_EXTRACT`: `FF_CLEAN_UP_FAILED_CACHE_EXTRACT`.
        ///
        /// Default: `false`.
        CleanUpFailedCacheExtract = "FF_CLEAN_UP_FAILED_CACHE_EXTRACT",
        /// `FF_USE_WINDOWS_JOB_OBJECT`: `FF_USE_WINDOWS_JOB_OBJECT`.
        ///
        /// Default: `false`.
        UseWindowsJobObject = "FF_USE_WINDOWS_JOB_OBJECT",
        /// `FF_TIMESTAMPS`: `FF_TIMESTAMPS`.
        ///
        /// Default: `true`.
        UseTimestamps = "FF_TIMESTAMPS",
        /// `FF_DISABLE_AUTOMATIC_TOKEN_ROTATION`: `FF_DISABLE_AUTOMATIC_TOKEN_ROTATION`.
        ///
        /// Default: `false`.
        DisableAutomaticTokenRotation = "FF_DISABLE_AUTOMATIC_TOKEN_ROTATION",
        /// `FF_USE_LEGACY_GCS_CACHE_ADAPTER`: `FF_USE_LEGACY_GCS_CACHE_ADAPTER`.
        ///
        /// Default: `false`.
        UseLegacyGCSCacheAdapter = "FF_USE_LEGACY_GCS_CACHE_ADAPTER",
        /// `FF_DISABLE_UMASK_FOR_KUBERNETES_EXECUTOR`:
        /// `FF_DISABLE_UMASK_FOR_KUBERNETES_EXECUTOR`.
        ///
        /// Default: `false`.
        DisableUmaskForKubernetesExecutor = "FF_DISABLE_UMASK_FOR_KUBERNETES_EXECUTOR",
        /// `FF_USE_LEGACY_S3_CACHE_ADAPTER`: `FF_USE_LEGACY_S3_CACHE_ADAPTER`.
        ///
        /// Default: `false`.
        UseLegacyS3CacheAdapter = "FF_USE_LEGACY_S3_CACHE_ADAPTER",
        /// `FF_GIT_URLS_WITHOUT_TOKENS`: `FF_GIT_URLS_WITHOUT_TOKENS`.
        ///
        /// Default: `false`.
        GitURLsWithoutTokens = "FF_GIT_URLS_WITHOUT_TOKENS",
        /// `FF_WAIT_FOR_POD_TO_BE_REACHABLE`: `FF_WAIT_FOR_POD_TO_BE_REACHABLE`.
        ///
        /// Default: `false`.
        WaitForPodReachable = "FF_WAIT_FOR_POD_TO_BE_REACHABLE",
        /// `FF_MASK_ALL_DEFAULT_TOKENS`: `FF_MASK_ALL_DEFAULT_TOKENS`.
        ///
        /// Default: `true`.
        MaskAllDefaultTokens = "FF_MASK_ALL_DEFAULT_TOKENS",
        /// `FF_EXPORT_HIGH_CARDINALITY_METRICS`: `FF_EXPORT_HIGH_CARDINALITY_METRICS`.
        ///
        /// Default: `false`.
        ExportHighCardinalityMetrics = "FF_EXPORT_HIGH_CARDINALITY_METRICS",
        /// `FF_USE_FLEETING_ACQUIRE_HEARTBEATS`: `FF_USE_FLEETING_ACQUIRE_HEARTBEATS`.
        ///
        /// Default: `false`.
        UseFleetingAcquireHeartbeats = "FF_USE_FLEETING_ACQUIRE_HEARTBEATS",
        /// `FF_USE_EXPONENTIAL_BACKOFF_STAGE_RETRY`: `FF_USE_EXPONENTIAL_BACKOFF_STAGE_RETRY`.
        ///
        /// Default: `true`.
        UseExponentialBackoffStageRetry = "FF_USE_EXPONENTIAL_BACKOFF_STAGE_RETRY",
        /// `FF_USE_ADAPTIVE_REQUEST_CONCURRENCY`: `FF_USE_ADAPTIVE_REQUEST_CONCURRENCY`.
        ///
        /// Default: `true`.
        UseAdaptiveRequestConcurrency = "FF_USE_ADAPTIVE_REQUEST_CONCURRENCY",
        /// `FF_USE_GITALY_CORRELATION_ID`: `FF_USE_GITALY_CORRELATION_ID`.
        ///
        /// Default: `true`.
        UseGitalyCorrelationId = "FF_USE_GITALY_CORRELATION_ID",
        /// `FF_USE_GIT_PROACTIVE_AUTH`: `FF_USE_GIT_PROACTIVE_AUTH`.
        ///
        /// Default: `false`.
        UseGitProactiveAuth = "FF_USE_GIT_PROACTIVE_AUTH",
        /// `FF_HASH_CACHE_KEYS`: `FF_HASH_CACHE_KEYS`.
        ///
        /// Default: `false`.
        HashCacheKeys = "FF_HASH_CACHE_KEYS",
        /// `FF_ENABLE_JOB_INPUTS_INTERPOLATION`: `FF_ENABLE_JOB_INPUTS_INTERPOLATION`.
        ///
        /// Default: `true`.
        EnableJobInputsInterpolation = "FF_ENABLE_JOB_INPUTS_INTERPOLATION",
        /// `FF_USE_JOB_ROUTER`: `FF_USE_JOB_ROUTER`.
        ///
        /// Default: `false`.
        UseJobRouter = "FF_USE_JOB_ROUTER",
        /// `FF_SCRIPT_TO_STEP_MIGRATION`: `FF_SCRIPT_TO_STEP_MIGRATION`.
        ///
        /// Default: `false`.
        UseScriptToStepMigration = "FF_SCRIPT_TO_STEP_MIGRATION",
        /// `FF_USE_PARALLEL_CACHE_TRANSFER`: `FF_USE_PARALLEL_CACHE_TRANSFER`.
        ///
        /// Default: `false`.
        UseParallelCacheTransfer = "FF_USE_PARALLEL_CACHE_TRANSFER",
        /// `FF_USE_PARALLEL_ARTIFACT_TRANSFER`: `FF_USE_PARALLEL_ARTIFACT_TRANSFER`.
        ///
        /// Default: `false`.
        UseParallelArtifactTransfer = "FF_USE_PARALLEL_ARTIFACT_TRANSFER",
        /// `FF_CONCRETE`: `FF_CONCRETE`.
        ///
        /// Default: `false`.
        UseConcrete = "FF_CONCRETE",
        /// `FF_SUSPENDABLE_ENVIRONMENTS`: `FF_SUSPENDABLE_ENVIRONMENTS`.
        ///
        /// Default: `false`.
        SuspendableEnvironments = "FF_SUSPENDABLE_ENVIRONMENTS",
        /// `FF_USE_NATIVE_CONTAINER_STOP`: `FF_USE_NATIVE_CONTAINER_STOP`.
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
