//! `[runners.kubernetes.container_lifecycle]`: hooks run in the build
//! container after it starts and before it stops.

use crate::model::shape::section;

section! {
    /// `[runners.kubernetes.container_lifecycle]`.
    pub struct ContainerLifecycle in "[runners.kubernetes.container_lifecycle]" {
        /// `post_start`.
        "post_start" => post_start: Option<LifecycleHandler>,
        /// `pre_stop`.
        "pre_stop" => pre_stop: Option<LifecycleHandler>,
    }
}

section! {
    /// `[runners.kubernetes.container_lifecycle.post_start]`.
    pub struct LifecycleHandler in "[runners.kubernetes.container_lifecycle.(post_start|pre_stop)]" {
        /// `exec`.
        "exec" => exec: Option<ExecAction>,
        /// `http_get`.
        "http_get" => http_get: Option<HttpGetAction>,
        /// `tcp_socket`.
        "tcp_socket" => tcp_socket: Option<TcpSocketAction>,
    }
}

section! {
    /// `[runners.kubernetes.container_lifecycle.post_start.exec]`.
    pub struct ExecAction in "[runners.kubernetes.container_lifecycle.(post_start|pre_stop).exec]" {
        /// `command`.
        "command" => command: Option<Vec<String>>,
    }
}

section! {
    /// `[runners.kubernetes.container_lifecycle.post_start.http_get]`.
    pub struct HttpGetAction in "[runners.kubernetes.container_lifecycle.(post_start|pre_stop).http_get]" {
        /// `host`.
        "host" => host: Option<String>,
        /// `http_headers`.
        "http_headers" => http_headers: Vec<HttpHeader>,
        /// `path`.
        "path" => path: Option<String>,
        /// `port`.
        "port" => port: Option<i64>,
        /// `scheme`.
        "scheme" => scheme: Option<String>,
    }
}

section! {
    /// `[[runners.kubernetes.container_lifecycle.post_start.http_get.http_headers]]`.
    pub struct HttpHeader in "[[runners.kubernetes.container_lifecycle.(post_start|pre_stop).http_get.http_headers]]" {
        /// `name`.
        "name" => name: Option<String>,
        /// `value`.
        "value" => value: Option<String>,
    }
}

section! {
    /// `[runners.kubernetes.container_lifecycle.post_start.tcp_socket]`.
    pub struct TcpSocketAction in "[runners.kubernetes.container_lifecycle.(post_start|pre_stop).tcp_socket]" {
        /// `host`.
        "host" => host: Option<String>,
        /// `port`.
        "port" => port: Option<i64>,
    }
}
