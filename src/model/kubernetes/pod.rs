//! Pod-level settings of a job's pod: DNS (`dns_policy`,
//! `[runners.kubernetes.dns_config]`), `[[runners.kubernetes.host_aliases]]`
//! and `[[runners.kubernetes.pod_spec]]` patches.

use crate::model::shape::{section, string_enum};

section! {
    /// `[[runners.kubernetes.host_aliases]]`: an extra `/etc/hosts` entry for the pod's
    /// containers.
    ///
    /// ```
    /// use runner_config::model::kubernetes::pod::HostAlias;
    ///
    /// let config = runner_config::load::load(r#"
    /// [[runners]]
    /// executor = "kubernetes"
    /// [[runners.kubernetes.host_aliases]]
    /// ip = "10.0.0.5"
    /// hostnames = ["registry.internal"]
    /// "#)
    /// .into_config()
    /// .unwrap();
    /// let alias: &HostAlias = &config.runners[0].kubernetes.as_ref().unwrap().host_aliases[0];
    /// assert_eq!(alias.ip.as_deref(), Some("10.0.0.5"));
    /// assert_eq!(alias.hostnames.as_ref().unwrap()[0], "registry.internal");
    /// ```
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
    ///
    /// ```
    /// use runner_config::model::kubernetes::pod::{DnsConfig, DnsPolicy};
    ///
    /// let config = runner_config::load::load(r#"
    /// [[runners]]
    /// executor = "kubernetes"
    /// [runners.kubernetes]
    /// dns_policy = "none"
    /// [runners.kubernetes.dns_config]
    /// nameservers = ["1.1.1.1"]
    /// [[runners.kubernetes.dns_config.options]]
    /// name = "ndots"
    /// value = "2"
    /// "#)
    /// .into_config()
    /// .unwrap();
    /// let kubernetes = config.runners[0].kubernetes.as_ref().unwrap();
    /// assert_eq!(kubernetes.dns_policy, Some(DnsPolicy::None));
    /// let dns: &DnsConfig = kubernetes.dns_config.as_ref().unwrap();
    /// assert_eq!(dns.nameservers.as_ref().unwrap()[0], "1.1.1.1");
    /// assert_eq!(dns.options[0].value.as_deref(), Some("2"));
    /// ```
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
    ///
    /// ```
    /// use runner_config::model::kubernetes::pod::DnsConfigOption;
    /// use runner_config::model::shape::Section;
    ///
    /// let option: DnsConfigOption = toml::from_str("name = \"edns0\"\n").unwrap();
    /// assert_eq!(option.name.as_deref(), Some("edns0"));
    /// assert_eq!(option.value, None);
    /// assert_eq!(DnsConfigOption::TABLE.header, "[[runners.kubernetes.dns_config.options]]");
    /// ```
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
    ///
    /// ```
    /// use runner_config::model::kubernetes::pod::{PodSpecPatch, PodSpecPatchType};
    ///
    /// let config = runner_config::load::load(r#"
    /// [[runners]]
    /// executor = "kubernetes"
    /// [[runners.kubernetes.pod_spec]]
    /// name = "hostname"
    /// patch = '[{"op": "add", "path": "/hostname", "value": "ci"}]'
    /// patch_type = "json"
    /// "#)
    /// .into_config()
    /// .unwrap();
    /// let patch: &PodSpecPatch = &config.runners[0].kubernetes.as_ref().unwrap().pod_spec[0];
    /// assert_eq!(patch.name.as_deref(), Some("hostname"));
    /// assert_eq!(patch.patch_type, Some(PodSpecPatchType::Json));
    /// assert!(patch.patch.as_ref().unwrap().starts_with("[{"));
    /// ```
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
    /// each value to the Kubernetes name). `""` means the cluster's default;
    /// for any other value the job logs `falling back to cluster's default
    /// policy` and runs (`KubernetesDNSPolicy.Get`, `getDNSPolicy`).
    ///
    /// ```
    /// use runner_config::model::kubernetes::pod::DnsPolicy;
    ///
    /// // The runner's own spelling, not the Kubernetes one (`ClusterFirst`).
    /// assert_eq!("cluster-first".parse::<DnsPolicy>(), Ok(DnsPolicy::ClusterFirst));
    /// let err = "ClusterFirst".parse::<DnsPolicy>().unwrap_err();
    /// assert_eq!(err.to_string(), r#"unknown DNS policy "ClusterFirst", did you mean "cluster-first"?"#);
    /// ```
    pub enum DnsPolicy as "DNS policy" {
        matching: Exact,
        on_unknown: Ignored,
        says: "falling back to cluster's default policy: unsupported kubernetes-dns-policy: %q",
        empty_is_unset: true,
    } {
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
    /// How a `[[runners.kubernetes.pod_spec]]` patch is applied. `""` means
    /// `strategic`. Patches are only applied with
    /// `FF_USE_ADVANCED_POD_SPEC_CONFIGURATION` on, and then another value
    /// fails every job (`unsupported patch type …`).
    ///
    /// ```
    /// use runner_config::model::kubernetes::pod::PodSpecPatchType;
    ///
    /// assert_eq!("strategic".parse::<PodSpecPatchType>(), Ok(PodSpecPatchType::Strategic));
    /// assert_eq!(PodSpecPatchType::Merge.as_str(), "merge");
    /// let err = "jsno".parse::<PodSpecPatchType>().unwrap_err();
    /// assert_eq!(err.suggestion(), Some("json"));
    /// ```
    pub enum PodSpecPatchType as "pod spec patch type" {
        matching: Exact,
        on_unknown: DependsOnSettings,
        says: "unsupported patch type %s",
        empty_is_unset: true,
    } {
        /// `json`: a JSON Patch (RFC 6902) list of operations.
        Json = "json",
        /// `merge`: a JSON Merge Patch (RFC 7386).
        Merge = "merge",
        /// `strategic`: a Kubernetes strategic merge patch (the default).
        Strategic = "strategic",
    }
}
