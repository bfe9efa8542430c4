//! `[runners.custom]`: the `custom` executor's driver scripts.

use crate::model::shape::section;

section! {
    /// `[runners.custom]`.
    pub struct CustomConfig in "[runners.custom]" {
        /// `config_exec`.
        "config_exec" => config_exec: Option<String>,
        /// `config_args`.
        "config_args" => config_args: Option<Vec<String>>,
        /// `config_exec_timeout`.
        ///
        /// Default: `3600` (seconds).
        "config_exec_timeout" => config_exec_timeout: Option<i64>,
        /// `prepare_exec`.
        "prepare_exec" => prepare_exec: Option<String>,
        /// `prepare_args`.
        "prepare_args" => prepare_args: Option<Vec<String>>,
        /// `prepare_exec_timeout`.
        ///
        /// Default: `3600` (seconds).
        "prepare_exec_timeout" => prepare_exec_timeout: Option<i64>,
        /// `run_exec`.
        "run_exec" => run_exec: Option<String>,
        /// `run_args`.
        "run_args" => run_args: Option<Vec<String>>,
        /// `cleanup_exec`.
        "cleanup_exec" => cleanup_exec: Option<String>,
        /// `cleanup_args`.
        "cleanup_args" => cleanup_args: Option<Vec<String>>,
        /// `cleanup_exec_timeout`.
        ///
        /// Default: `3600` (seconds).
        "cleanup_exec_timeout" => cleanup_exec_timeout: Option<i64>,
        /// `graceful_kill_timeout`.
        ///
        /// Default: `600` (seconds).
        "graceful_kill_timeout" => graceful_kill_timeout: Option<i64>,
        /// `force_kill_timeout`.
        ///
        /// Default: `10` (seconds).
        "force_kill_timeout" => force_kill_timeout: Option<i64>,
    }
}
