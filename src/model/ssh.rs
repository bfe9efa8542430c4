//! `[runners.ssh]`: how the `ssh` executor (and the VM executors) connect
//! to the machine that runs the job.

use crate::model::shape::section;

section! {
    /// `[runners.ssh]`: how the `ssh` executor connects to the host that runs jobs; the VM
    /// executors use it to reach their virtual machines.
    ///
    /// ```
    /// use runner_config::model::SshConfig;
    /// use runner_config::model::shape::Section;
    ///
    /// let config = runner_config::load::load(r#"
    /// [[runners]]
    /// executor = "ssh"
    /// [runners.ssh]
    /// host = "build.example"
    /// port = "2222"
    /// user = "ci"
    /// "#)
    /// .into_config()
    /// .unwrap();
    /// let ssh: &SshConfig = config.runners[0].ssh.as_ref().unwrap();
    /// assert_eq!(ssh.host.as_deref(), Some("build.example"));
    /// // The runner reads the port as a string.
    /// assert_eq!(ssh.port.as_deref(), Some("2222"));
    /// assert!(SshConfig::TABLE.key("password").unwrap().secret);
    /// ```
    pub struct SshConfig in "[runners.ssh]" {
        /// The user to log in as.
        ///
        /// Default: `"root"`.
        "user" => user: Option<String>,
        /// The password for `user`, when no key is used.
        "password" [secret] => password: Option<String>,
        /// The host to connect to; the VM executors fill in the VM's address themselves.
        ///
        /// Default: `"localhost"`.
        "host" => host: Option<String>,
        /// The SSH port, written as a string.
        ///
        /// Default: `"22"`.
        "port" => port: Option<String>,
        /// A private key file to authenticate with.
        "identity_file" => identity_file: Option<String>,
        /// When `true`, the runner accepts any host key; otherwise the host must be in
        /// `known_hosts_file`.
        "disable_strict_host_key_checking" => disable_strict_host_key_checking: Option<bool>,
        /// The `known_hosts` file used to check host keys. Not set: `~/.ssh/known_hosts` of the
        /// runner's user.
        "known_hosts_file" => known_hosts_file: Option<String>,
    }
}
