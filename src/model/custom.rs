//! `[runners.custom]`: the `custom` executor's driver scripts.

use crate::model::shape::section;

section! {
    /// `[runners.custom]`: the executables the `custom` executor runs at each stage of a job.
    ///
    /// ```
    /// use runner_config::model::CustomConfig;
    ///
    /// let config = runner_config::load::load(r#"
    /// [[runners]]
    /// executor = "custom"
    /// [runners.custom]
    /// run_exec = "/opt/ci/run.sh"
    /// run_args = ["--verbose"]
    /// cleanup_exec_timeout = 60
    /// "#)
    /// .into_config()
    /// .unwrap();
    /// let custom: &CustomConfig = config.runners[0].custom.as_ref().unwrap();
    /// assert_eq!(custom.run_exec.as_deref(), Some("/opt/ci/run.sh"));
    /// assert_eq!(custom.cleanup_exec_timeout, Some(60));
    /// assert_eq!(custom.prepare_exec, None);
    /// ```
    pub struct CustomConfig in "[runners.custom]" {
        /// An executable run first, whose JSON output can change job settings (such as
        /// `builds_dir`).
        "config_exec" => config_exec: Option<String>,
        /// Arguments for `config_exec`.
        "config_args" => config_args: Option<Vec<String>>,
        /// The most seconds `config_exec` may run before it is stopped.
        ///
        /// Default: `3600` (seconds).
        "config_exec_timeout" => config_exec_timeout: Option<i64>,
        /// An executable that prepares the job's environment.
        "prepare_exec" => prepare_exec: Option<String>,
        /// Arguments for `prepare_exec`.
        "prepare_args" => prepare_args: Option<Vec<String>>,
        /// The most seconds `prepare_exec` may run before it is stopped.
        ///
        /// Default: `3600` (seconds).
        "prepare_exec_timeout" => prepare_exec_timeout: Option<i64>,
        /// The executable that runs each script of the job; required.
        "run_exec" => run_exec: Option<String>,
        /// Arguments for `run_exec`, before the script path and stage name.
        "run_args" => run_args: Option<Vec<String>>,
        /// An executable that cleans up after the job, even when it failed.
        "cleanup_exec" => cleanup_exec: Option<String>,
        /// Arguments for `cleanup_exec`.
        "cleanup_args" => cleanup_args: Option<Vec<String>>,
        /// The most seconds `cleanup_exec` may run before it is stopped.
        ///
        /// Default: `3600` (seconds).
        "cleanup_exec_timeout" => cleanup_exec_timeout: Option<i64>,
        /// Seconds between asking a stage's process to stop (SIGTERM) and killing it.
        ///
        /// Default: `600` (seconds).
        "graceful_kill_timeout" => graceful_kill_timeout: Option<i64>,
        /// Seconds the runner waits after killing a stage's process (SIGKILL) before giving up
        /// on it.
        ///
        /// Default: `10` (seconds).
        "force_kill_timeout" => force_kill_timeout: Option<i64>,
    }
}
