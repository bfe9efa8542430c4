//! Pod-level settings of a job's pod: DNS (`dns_policy`,
//! `[runners.kubernetes.dns_config]`), `[[runners.kubernetes.host_aliases]]`
//! and `[[runners.kubernetes.pod_spec]]` patches.

use crate::model::shape::{section, string_enum};

section! {
    /// `[[runners.kubernetes.host_aliases]]`: an extra `/etc/hosts` entry for the pod's
    /// containers.
    pub struct HostAlias in "[[runners.kubernetes.host_aliases]]" {
        /// The IP address the host names resolve to.
        "ip" => ip: Option<String>,
        /// The host names for `ip`.
        "hostnames" => hostnames: Option<Vec<String>>,
    }
}

section! {
    /// `[runners.kubernetes.dns_config]`: DNS settings of job pods, merged with what
    /// `dns_policy` gives.
    pub struct DnsConfig in "[runners.kubernetes.dns_config]" {
        /// DNS servers, as IP addresses.
        "nameservers" => nameservers: Option<Vec<String>>,
        /// Resolver options such as `ndots`, written to the pod's `resolv.conf`.
        "options" => options: Vec<DnsConfigOption>,
        /// DNS search domains.
        "searches" => searches: Option<Vec<String>>,
    }
}

section! {
    /// `[[runners.kubernetes.dns_config.options]]`: one resolver option (`ndots`, `timeout`,
    /// `edns0`).
    pub struct DnsConfigOption in "[[runners.kubernetes.dns_config.options]]" {
        /// The option's name.
        "name" => name: Option<String>,
        /// The option's value, for options that take one.
        "value" => value: Option<String>,
    }
}

section! {
    /// `[[runners.kubernetes.pod_spec]]`: a patch applied to the pod specification the runner
    /// generates (needs `FF_USE_ADVANCED_POD_SPEC_CONFIGURATION`).
    pub struct PodSpecPatch in "[[runners.kubernetes.pod_spec]]" {
        /// A name for the patch, used in messages.
        "name" => name: Option<String>,
        /// A file containing the patch; use either this or `patch`.
        "patch_path" => patch_path: Option<String>,
        /// The patch itself, as JSON or YAML text; use either this or `patch_path`.
        "patch" => patch: Option<String>,
        /// How the patch is applied to the generated pod specification.
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
