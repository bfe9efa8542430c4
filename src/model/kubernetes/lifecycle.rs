//! `[runners.kubernetes.container_lifecycle]`: hooks run in the build
//! container after it starts and before it stops.

use crate::model::shape::section;

section! {
    /// `[runners.kubernetes.container_lifecycle]`: hooks run in the build container.
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
    pub struct ExecAction in "[runners.kubernetes.container_lifecycle.(post_start|pre_stop).exec]" {
        /// The command and its arguments; it is not run through a shell.
        "command" => command: Option<Vec<String>>,
    }
}

section! {
    /// An HTTP GET request a lifecycle hook sends.
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
    pub struct HttpHeader in "[[runners.kubernetes.container_lifecycle.(post_start|pre_stop).http_get.http_headers]]" {
        /// The header's name.
        "name" => name: Option<String>,
        /// The header's value.
        "value" => value: Option<String>,
    }
}

section! {
    /// A TCP connection a lifecycle hook opens.
    pub struct TcpSocketAction in "[runners.kubernetes.container_lifecycle.(post_start|pre_stop).tcp_socket]" {
        /// The host to connect to. Not set: the pod's IP address.
        "host" => host: Option<String>,
        /// The port to connect to.
        "port" => port: Option<i64>,
    }
}
