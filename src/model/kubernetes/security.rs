//! Security contexts: `[runners.kubernetes.pod_security_context]` and the
//! per-container `*_container_security_context` tables, with their
//! capabilities, seccomp and AppArmor profiles.

use crate::model::shape::{section, string_enum};

section! {
    /// `[runners.kubernetes.pod_security_context]`: the security context of the whole job pod.
    pub struct PodSecurityContext in "[runners.kubernetes.pod_security_context]" {
        /// A group that owns the pod's volumes and is added to every container's processes.
        "fs_group" => fs_group: Option<i64>,
        /// The group ID the containers' processes run as.
        "run_as_group" => run_as_group: Option<i64>,
        /// When `true`, containers must not run as root; Kubernetes refuses to start them
        /// otherwise.
        "run_as_non_root" => run_as_non_root: Option<bool>,
        /// The user ID the containers' processes run as.
        "run_as_user" => run_as_user: Option<i64>,
        /// Extra group IDs for the containers' processes.
        "supplemental_groups" => supplemental_groups: Option<Vec<i64>>,
        /// The SELinux type label of the pod's containers.
        "selinux_type" => selinux_type: Option<String>,
        /// The seccomp profile of the pod's containers.
        "seccomp_profile" => seccomp_profile: Option<SeccompProfile>,
        /// The AppArmor profile of the pod's containers.
        "app_armor_profile" => app_armor_profile: Option<AppArmorProfile>,
    }
}

section! {
    /// A seccomp profile for a pod or container.
    pub struct SeccompProfile in "[runners.kubernetes.*_security_context.seccomp_profile]" {
        /// The kind of profile: the runtime's default, none, or one from the node.
        "type" => profile_type: Option<SeccompProfileType>,
        /// The profile file, relative to the kubelet's seccomp directory; only with `type =
        /// "Localhost"`.
        "localhost_profile" => localhost_profile: Option<String>,
    }
}

section! {
    /// An AppArmor profile for a pod or container.
    pub struct AppArmorProfile in "[runners.kubernetes.*_security_context.app_armor_profile]" {
        /// The kind of profile: the runtime's default, none, or one loaded on the node.
        "type" => profile_type: Option<AppArmorProfileType>,
        /// The name of a profile loaded on the node; only with `type = "Localhost"`.
        "localhost_profile" => localhost_profile: Option<String>,
    }
}

section! {
    /// The security context of one kind of container in the job pod (`build_`, `helper_`,
    /// `service_` or `init_permissions_container_security_context`); it overrides the pod's.
    pub struct ContainerSecurityContext in "[runners.kubernetes.*_container_security_context]" {
        /// Linux capabilities added and dropped.
        "capabilities" => capabilities: Option<Capabilities>,
        /// Whether the container runs privileged.
        "privileged" => privileged: Option<bool>,
        /// The user ID the container's processes run as.
        "run_as_user" => run_as_user: Option<i64>,
        /// The group ID the container's processes run as.
        "run_as_group" => run_as_group: Option<i64>,
        /// When `true`, the container must not run as root.
        "run_as_non_root" => run_as_non_root: Option<bool>,
        /// When `true`, the container's root filesystem is read-only.
        "read_only_root_filesystem" => read_only_root_filesystem: Option<bool>,
        /// Whether processes may gain more privileges than their parent.
        "allow_privilege_escalation" => allow_privilege_escalation: Option<bool>,
        /// The SELinux type label of the container.
        "selinux_type" => selinux_type: Option<String>,
        /// Which `/proc` mount the container gets.
        "proc_mount" => proc_mount: Option<ProcMount>,
        /// The container's seccomp profile.
        "seccomp_profile" => seccomp_profile: Option<SeccompProfile>,
        /// The container's AppArmor profile.
        "app_armor_profile" => app_armor_profile: Option<AppArmorProfile>,
    }
}

section! {
    /// Linux capabilities of a container, by name (`NET_ADMIN`, `SYS_TIME`).
    pub struct Capabilities in "[runners.kubernetes.*_container_security_context.capabilities]" {
        /// Capabilities added to the container.
        "add" => add: Option<Vec<String>>,
        /// Capabilities removed from the container; `ALL` removes every one.
        "drop" => drop: Option<Vec<String>>,
    }
}

string_enum! {
    /// Which `/proc` mount a container gets. The runner trims the value and
    /// capitalises it before matching, so any case works.
    pub enum ProcMount as "proc mount type", case_insensitive {
        /// `Default`: the container runtime's masked, read-only paths.
        Default = "Default",
        /// `Unmasked`: no masking (needs a user-namespaced pod).
        Unmasked = "Unmasked",
    }
}

string_enum! {
    /// The kind of seccomp profile applied to a pod or container.
    pub enum SeccompProfileType as "seccomp profile type" {
        /// `RuntimeDefault`: the container runtime's default profile.
        RuntimeDefault = "RuntimeDefault",
        /// `Unconfined`: no seccomp filtering.
        Unconfined = "Unconfined",
        /// `Localhost`: a profile file on the node, named by `localhost_profile`.
        Localhost = "Localhost",
    }
}

string_enum! {
    /// The kind of AppArmor profile applied to a pod or container.
    pub enum AppArmorProfileType as "AppArmor profile type" {
        /// `RuntimeDefault`: the container runtime's default profile.
        RuntimeDefault = "RuntimeDefault",
        /// `Unconfined`: no AppArmor confinement.
        Unconfined = "Unconfined",
        /// `Localhost`: a profile loaded on the node, named by
        /// `localhost_profile`.
        Localhost = "Localhost",
    }
}
