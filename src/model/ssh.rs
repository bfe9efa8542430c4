//! `[runners.ssh]`: how the `ssh` executor (and the VM executors) connect
//! to the machine that runs the job.

use crate::model::shape::section;

section! {
    /// `[runners.ssh]`.
    pub struct SshConfig in "[runners.ssh]" {
        /// `user`.
        ///
        /// Default: `"root"`.
        "user" => user: Option<String>,
        /// `password`.
        "password" [secret] => password: Option<String>,
        /// `host`.
        ///
        /// Default: `"localhost"`.
        "host" => host: Option<String>,
        /// `port`.
        ///
        /// Default: `"22"`.
        "port" => port: Option<String>,
        /// `identity_file`.
        "identity_file" => identity_file: Option<String>,
        /// `disable_strict_host_key_checking`.
        "disable_strict_host_key_checking" => disable_strict_host_key_checking: Option<bool>,
        /// `known_hosts_file`.
        "known_hosts_file" => known_hosts_file: Option<String>,
    }
}
