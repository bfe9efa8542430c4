//! Pod-level settings of a job's pod: DNS (`dns_policy`,
//! `[runners.kubernetes.dns_config]`), `[[runners.kubernetes.host_aliases]]`
//! and `[[runners.kubernetes.pod_spec]]` patches.

use crate::model::shape::{section, string_enum};

section! {
    /// `[[runners.kubernetes.host_aliases]]`.
    pub struct HostAlias in "[[runners.kubernetes.host_aliases]]" {
        /// `ip`.
        "ip" => ip: Option<String>,
        /// `hostnames`.
        "hostnames" => hostnames: Option<Vec<String>>,
    }
}

section! {
    /// `[runners.kubernetes.dns_config]`.
    pub struct DnsConfig in "[runners.kubernetes.dns_config]" {
        /// `nameservers`.
        "nameservers" => nameservers: Option<Vec<String>>,
        /// `options`.
        "options" => options: Vec<DnsConfigOption>,
        /// `searches`.
        "searches" => searches: Option<Vec<String>>,
    }
}

section! {
    /// `[[runners.kubernetes.dns_config.options]]`.
    pub struct DnsConfigOption in "[[runners.kubernetes.dns_config.options]]" {
        /// `name`.
        "name" => name: Option<String>,
        /// `value`.
        "value" => value: Option<String>,
    }
}

section! {
    /// `[[runners.kubernetes.pod_spec]]`.
    pub struct PodSpecPatch in "[[runners.kubernetes.pod_spec]]" {
        /// `name`.
        "name" => name: Option<String>,
        /// `patch_path`.
        "patch_path" => patch_path: Option<String>,
        /// `patch`.
        "patch" => patch: Option<String>,
        /// `patch_type`.
        ///
        /// Default: `"strategic"`.
        "patch_type" => patch_type: Option<PodSpecPatchType>,
    }
}

string_enum! {
    /// The pod's DNS policy, in the runner's kebab-case spelling (it maps
    /// each value to the Kubernetes name).
    pub enum DnsPolicy as "DNS policy" {
        /// `none`: only what `[runners.kubernetes.dns_config]` sets.
        None = "none",
        /// `default`: inherit the node's resolver configuration.
        Default = "default",
        /// `cluster-first`: the cluster DNS first, then the node's upstream
        /// servers (Kubernetes' own default).
        ClusterFirst = "cluster-first",
        /// `cluster-first-with-host-net`: `cluster-first` for pods that use
        /// the host network.
        ClusterFirstWithHostNet = "cluster-first-with-host-net",
    }
}

string_enum! {
    /// How a `[[runners.kubernetes.pod_spec]]` patch is applied.
    pub enum PodSpecPatchType as "pod spec patch type" {
        /// `json`: a JSON Patch (RFC 6902) list of operations.
        Json = "json",
        /// `merge`: a JSON Merge Patch (RFC 7386).
        Merge = "merge",
        /// `strategic`: a Kubernetes strategic merge patch (the default).
        Strategic = "strategic",
    }
}
