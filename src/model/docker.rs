//! `[runners.docker]`: the Docker executors (`docker`, `docker-windows`,
//! `docker+machine`, `docker-autoscaler`) and their `[[runners.docker.services]]`.

use std::collections::BTreeMap;

use crate::model::shape::{section, string_enum};
use crate::policy::{AllowedPullPolicies, PullPolicyList};

section! {
    /// `[runners.docker]`.
    pub struct DockerConfig in "[runners.docker]" {
        /// `host`.
        "host" => host: Option<String>,
        /// `tls_cert_path`.
        "tls_cert_path" => tls_cert_path: Option<String>,
        /// `tls_verify`.
        "tls_verify" => tls_verify: Option<bool>,
        /// `hostname`.
        "hostname" => hostname: Option<String>,
        /// `image`.
        "image" => image: Option<String>,
        /// `runtime`.
        "runtime" => runtime: Option<String>,
        /// `memory`.
        "memory" => memory: Option<String>,
        /// `memory_swap`.
        "memory_swap" => memory_swap: Option<String>,
        /// `memory_reservation`.
        "memory_reservation" => memory_reservation: Option<String>,
        /// `cgroup_parent`.
        "cgroup_parent" => cgroup_parent: Option<String>,
        /// `cpuset_cpus`.
        "cpuset_cpus" => cpuset_cpus: Option<String>,
        /// `cpuset_mems`.
        "cpuset_mems" => cpuset_mems: Option<String>,
        /// `cpus`.
        "cpus" => cpus: Option<String>,
        /// `cpu_shares`.
        "cpu_shares" => cpu_shares: Option<i64>,
        /// `dns`.
        "dns" => dns: Option<Vec<String>>,
        /// `dns_search`.
        "dns_search" => dns_search: Option<Vec<String>>,
        /// `privileged`.
        "privileged" => privileged: Option<bool>,
        /// `services_privileged`.
        "services_privileged" => services_privileged: Option<bool>,
        /// `disable_entrypoint_overwrite`.
        "disable_entrypoint_overwrite" => disable_entrypoint_overwrite: Option<bool>,
        /// `user`.
        "user" => user: Option<String>,
        /// `allowed_users`.
        "allowed_users" => allowed_users: Option<Vec<String>>,
        /// `group_add`.
        "group_add" => group_add: Option<Vec<String>>,
        /// `userns_mode`.
        "userns_mode" => userns_mode: Option<String>,
        /// `cap_add`.
        "cap_add" => cap_add: Option<Vec<String>>,
        /// `cap_drop`.
        "cap_drop" => cap_drop: Option<Vec<String>>,
        /// `oom_kill_disable`.
        "oom_kill_disable" => oom_kill_disable: Option<bool>,
        /// `oom_score_adjust`.
        "oom_score_adjust" => oom_score_adjust: Option<i64>,
        /// `security_opt`.
        "security_opt" => security_opt: Option<Vec<String>>,
        /// `services_security_opt`.
        "services_security_opt" => services_security_opt: Option<Vec<String>>,
        /// `devices`.
        "devices" => devices: Option<Vec<String>>,
        /// `device_cgroup_rules`.
        "device_cgroup_rules" => device_cgroup_rules: Option<Vec<String>>,
        /// `gpus`.
        "gpus" => gpus: Option<String>,
        /// `services_devices`.
        "services_devices" => services_devices: BTreeMap<String, Vec<String>>,
        /// `disable_cache`.
        "disable_cache" => disable_cache: Option<bool>,
        /// `volumes`.
        "volumes" => volumes: Option<Vec<String>>,
        /// `volume_keep`.
        "volume_keep" => volume_keep: Option<bool>,
        /// `volume_driver`.
        "volume_driver" => volume_driver: Option<String>,
        /// `volume_driver_ops`.
        "volume_driver_ops" => volume_driver_ops: BTreeMap<String, String>,
        /// `cache_dir`.
        "cache_dir" => cache_dir: Option<String>,
        /// `extra_hosts`.
        "extra_hosts" => extra_hosts: Option<Vec<String>>,
        /// `volumes_from`.
        "volumes_from" => volumes_from: Option<Vec<String>>,
        /// `network_mode`.
        "network_mode" => network_mode: Option<String>,
        /// `pid_mode`.
        "pid_mode" => pid_mode: Option<String>,
        /// `ipcmode`.
        "ipcmode" => ipc_mode: Option<String>,
        /// `mac_address`.
        "mac_address" => mac_address: Option<String>,
        /// `links`.
        "links" => links: Option<Vec<String>>,
        /// `services`.
        "services" => services: Vec<DockerService>,
        /// `services_limit`.
        ///
        /// Default: `-1`.
        "services_limit" => services_limit: Option<i64>,
        /// `service_memory`.
        "service_memory" => service_memory: Option<String>,
        /// `service_memory_swap`.
        "service_memory_swap" => service_memory_swap: Option<String>,
        /// `service_memory_reservation`.
        "service_memory_reservation" => service_memory_reservation: Option<String>,
        /// `service_cgroup_parent`.
        "service_cgroup_parent" => service_cgroup_parent: Option<String>,
        /// `service_slot_cgroup_template`.
        "service_slot_cgroup_template" => service_slot_cgroup_template: Option<String>,
        /// `service_cpuset_cpus`.
        "service_cpuset_cpus" => service_cpuset_cpus: Option<String>,
        /// `service_cpus`.
        "service_cpus" => service_cpus: Option<String>,
        /// `service_cpu_shares`.
        "service_cpu_shares" => service_cpu_shares: Option<i64>,
        /// `service_gpus`.
        "service_gpus" => service_gpus: Option<String>,
        /// `wait_for_services_timeout`.
        ///
        /// Default: `30` (seconds).
        "wait_for_services_timeout" => wait_for_services_timeout: Option<i64>,
        /// `allowed_images`.
        "allowed_images" => allowed_images: Option<Vec<String>>,
        /// `allowed_privileged_images`.
        "allowed_privileged_images" => allowed_privileged_images: Option<Vec<String>>,
        /// `allowed_privileged_services`.
        "allowed_privileged_services" => allowed_privileged_services: Option<Vec<String>>,
        /// `allowed_pull_policies`.
        "allowed_pull_policies" => allowed_pull_policies: Option<AllowedPullPolicies>,
        /// `allowed_services`.
        "allowed_services" => allowed_services: Option<Vec<String>>,
        /// `pull_policy`.
        ///
        /// Default: `["always"]`.
        "pull_policy" => pull_policy: Option<PullPolicyList>,
        /// `isolation`.
        "isolation" => isolation: Option<DockerIsolation>,
        /// `shm_size`.
        "shm_size" => shm_size: Option<i64>,
        /// `tmpfs`.
        "tmpfs" => tmpfs: BTreeMap<String, String>,
        /// `services_tmpfs`.
        "services_tmpfs" => services_tmpfs: BTreeMap<String, String>,
        /// `sysctls`.
        "sysctls" => sysctls: BTreeMap<String, String>,
        /// `helper_image`.
        "helper_image" => helper_image: Option<String>,
        /// `helper_image_flavor`.
        ///
        /// Default: `"alpine"`.
        "helper_image_flavor" => helper_image_flavor: Option<String>,
        /// `container_labels`.
        "container_labels" => container_labels: BTreeMap<String, String>,
        /// `enable_ipv6`.
        "enable_ipv6" => enable_ipv6: Option<bool>,
        /// `ulimit`.
        "ulimit" => ulimit: BTreeMap<String, String>,
        /// `network_mtu`.
        "network_mtu" => network_mtu: Option<i64>,
        /// `log_options`.
        "log_options" => log_options: BTreeMap<String, String>,
    }
}

section! {
    /// `[[runners.docker.services]]`.
    pub struct DockerService in "[[runners.docker.services]]" {
        /// `name`.
        "name" => name: Option<String>,
        /// `alias`.
        "alias" => alias: Option<String>,
        /// `command`.
        "command" => command: Option<Vec<String>>,
        /// `entrypoint`.
        "entrypoint" => entrypoint: Option<Vec<String>>,
        /// `environment`.
        "environment" => environment: Option<Vec<String>>,
        /// `suspend_data_path`.
        "suspend_data_path" => suspend_data_path: Option<String>,
    }
}

string_enum! {
    /// The isolation technology for Windows containers.
    pub enum DockerIsolation as "isolation" {
        /// `process`: share the host's kernel.
        Process = "process",
        /// `hyperv`: run each container in a Hyper-V utility VM.
        Hyperv = "hyperv",
        /// `default`: what the Docker daemon is configured to use.
        Default = "default",
        /// `""`: the same as `default`.
        Unset = "",
    }
}
