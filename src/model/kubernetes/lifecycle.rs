//! `[runners.kubernetes.container_lifecycle]`: hooks run in the build
//! container after it starts and before it stops.

use crate::model::shape::section;

section! {
    /// `[runners.kubernetes.container_lifecycle]`: hooks run in the build container.
    ///
    /// ```
    /// use runner_config::model::kubernetes::lifecycle::ContainerLifecycle;
    ///
    /// let config = runner_config::load::load(r#"
    /// [[runners]]
    /// executor = "kubernetes"
    /// [runners.kubernetes.container_lifecycle.pre_stop.exec]
    /// command = ["/bin/sh", "-c", "sleep 5"]
    /// "#)
    /// .into_config()
    /// .unwrap();
    /// let kubernetes = config.runners[0].kubernetes.as_ref().unwrap();
    /// let lifecycle: &ContainerLifecycle = kubernetes.container_lifecycle.as_ref().unwrap();
    /// let exec = lifecycle.pre_stop.as_ref().unwrap().exec.as_ref().unwrap();
    /// assert_eq!(exec.command.as_ref().unwrap()[2], "sleep 5");
    /// assert!(lifecycle.post_start.is_none());
    /// ```
    pub struct ContainerLifecycle in "[runners.kubernetes.container_lifecycle]" {
        /// Runs right after the container is created; the container is restarted if it fails.
        "post_start" => post_start: Option<LifecycleHandler>,
        /// Runs before the container is stopped.
        "pre_stop" => pre_stop: Option<LifecycleHandler>,
    }
}

section! {
    /// What a lifecycle hook does: run a command, send an HTTP request or open a TCP connection
    /// (set one of them).
    ///
    /// ```
    /// use runner_config::model::kubernetes::lifecycle::LifecycleHandler;
    ///
    /// let handler: LifecycleHandler = toml::from_str("[tcp_socket]\nport = 8080\n").unwrap();
    /// assert_eq!(handler.tcp_socket.unwrap().port, Some(8080));
    /// assert!(handler.exec.is_none() && handler.http_get.is_none());
    /// ```
    pub struct LifecycleHandler in "[runners.kubernetes.container_lifecycle.(post_start|pre_stop)]" {
        /// Run a command in the container.
        "exec" => exec: Option<ExecAction>,
        /// Send an HTTP GET request.
        "http_get" => http_get: Option<HttpGetAction>,
        /// Open a TCP connection.
        "tcp_socket" => tcp_socket: Option<TcpSocketAction>,
    }
}

section! {
    /// A command a lifecycle hook runs in the container; it succeeds when the command exits
    /// with 0.
    ///
    /// ```
    /// use runner_config::model::kubernetes::lifecycle::ExecAction;
    /// use runner_config::model::shape::Section;
    ///
    /// let exec: ExecAction = toml::from_str("command = [\"touch\", \"/tmp/started\"]\n").unwrap();
    /// assert_eq!(exec.command.unwrap(), ["touch", "/tmp/started"]);
    /// assert!(ExecAction::TABLE.header.ends_with(".exec]"));
    /// ```
    pub struct ExecAction in "[runners.kubernetes.container_lifecycle.(post_start|pre_stop).exec]" {
        /// The command and its arguments; it is not run through a shell.
        "command" => command: Option<Vec<String>>,
    }
}

section! {
    /// An HTTP GET request a lifecycle hook sends.
    ///
    /// ```
    /// use runner_config::model::kubernetes::lifecycle::HttpGetAction;
    ///
    /// let get: HttpGetAction = toml::from_str(r#"
    /// path = "/healthz"
    /// port = 8080
    /// [[http_headers]]
    /// name = "X-Probe"
    /// value = "lifecycle"
    /// "#)
    /// .unwrap();
    /// assert_eq!(get.path.as_deref(), Some("/healthz"));
    /// assert_eq!(get.port, Some(8080));
    /// assert_eq!(get.http_headers[0].name.as_deref(), Some("X-Probe"));
    /// ```
    pub struct HttpGetAction in "[runners.kubernetes.container_lifecycle.(post_start|pre_stop).http_get]" {
        /// The host to connect to. Not set: the pod's IP address.
        "host" => host: Option<String>,
        /// Extra request headers.
        "http_headers" => http_headers: Vec<HttpHeader>,
        /// The path to request.
        "path" => path: Option<String>,
        /// The port to connect to.
        "port" => port: Option<i64>,
        /// `HTTP` or `HTTPS`. Not set: `HTTP`.
        "scheme" => scheme: Option<String>,
    }
}

section! {
    /// One header of a lifecycle hook's HTTP request.
    ///
    /// ```
    /// use runner_config::model::kubernetes::lifecycle::HttpHeader;
    /// use runner_config::model::shape::Section;
    ///
    /// let header: HttpHeader = toml::from_str(r#"
    /// name = "Authorization"
    /// value = "Bearer x"
    /// "#).unwrap();
    /// assert_eq!(header.name.as_deref(), Some("Authorization"));
    /// assert!(HttpHeader::TABLE.header.ends_with(".http_get.http_headers]]"));
    /// ```
    pub struct HttpHeader in "[[runners.kubernetes.container_lifecycle.(post_start|pre_stop).http_get.http_headers]]" {
        /// The header's name.
        "name" => name: Option<String>,
        /// The header's value.
        "value" => value: Option<String>,
    }
}

section! {
    /// A TCP connection a lifecycle hook opens.
    ///
    /// ```
    /// use runner_config::model::kubernetes::lifecycle::TcpSocketAction;
    ///
    /// let tcp: TcpSocketAction = toml::from_str("host = \"localhost\"\nport = 5432\n").unwrap();
    /// assert_eq!(tcp.host.as_deref(), Some("localhost"));
    /// assert_eq!(tcp.port, Some(5432));
    /// ```
    pub struct TcpSocketAction in "[runners.kubernetes.container_lifecycle.(post_start|pre_stop).tcp_socket]" {
        /// The host to connect to. Not set: the pod's IP address.
        "host" => host: Option<String>,
        /// The port to connect to.
        "port" => port: Option<i64>,
    }
}
