//! Security contexts: `[runners.kubernetes.pod_security_context]` and the
//! per-container `*_container_security_context` tables, with their
//! capabilities, seccomp and AppArmor profiles.

use crate::model::shape::{section, string_enum};

section! {
    /// `[runners.kubernetes.pod_security_context]`.
    pub struct PodSecurityContext in "[runners.kubernetes.pod_security_context]" {
        /// `fs_group`.
        "fs_group" => fs_group: Option<i64>,
        /// `run_as_group`.
        "run_as_group" => run_as_group: Option<i64>,
        /// `run_as_non_root`.
        "run_as_non_root" => run_as_non_root: Option<bool>,
        /// `run_as_user`.
        "run_as_user" => run_as_user: Option<i64>,
        /// `supplemental_groups`.
        "supplemental_groups" => supplemental_groups: Option<Vec<i64>>,
        /// `selinux_type`.
        "selinux_type" => selinux_type: Option<String>,
        /// `seccomp_profile`.
        "seccomp_profile" => seccomp_profile: Option<SeccompProfile>,
        /// `app_armor_profile`.
        "app_armor_profile" => app_armor_profile: Option<AppArmorProfile>,
    }
}

section! {
    /// `[runners.kubernetes.pod_security_context.seccomp_profile]`.
    pub struct SeccompProfile in "[runners.kubernetes.*_security_context.seccomp_profile]" {
        /// `type`.
        "type" => profile_type: Option<SeccompProfileType>,
        /// `localhost_profile`.
        "localhost_profile" => localhost_profile: Option<String>,
    }
}

section! {
    /// `[runners.kubernetes.pod_security_context.app_armor_profile]`.
    pub struct AppArmorProfile in "[runners.kubernetes.*_security_context.app_armor_profile]" {
        /// `type`.
        "type" => profile_type: Option<AppArmorProfileType>,
        /// `localhost_profile`.
        "localhost_profile" => localhost_profile: Option<String>,
    }
}

section! {
    /// `[runners.kubernetes.init_permissions_container_security_context]`.
    pub struct ContainerSecurityContext in "[runners.kubernetes.*_container_security_context]" {
        /// `capabilities`.
        "capabilities" => capabilities: Option<Capabilities>,
        /// `privileged`.
        "privileged" => privileged: Option<bool>,
        /// `run_as_user`.
        "run_as_user" => run_as_user: Option<i64>,
        /// `run_as_group`.
        "run_as_group" => run_as_group: Option<i64>,
        /// `run_as_non_root`.
        "run_as_non_root" => run_as_non_root: Option<bool>,
        /// `read_only_root_filesystem`.
        "read_only_root_filesystem" => read_only_root_filesystem: Option<bool>,
        /// `allow_privilege_escalation`.
        "allow_privilege_escalation" => allow_privilege_escalation: Option<bool>,
        /// `selinux_type`.
        "selinux_type" => selinux_type: Option<String>,
        /// `proc_mount`.
        "proc_mount" => proc_mount: Option<ProcMount>,
        /// `seccomp_profile`.
        "seccomp_profile" => seccomp_profile: Option<SeccompProfile>,
        /// `app_armor_profile`.
        "app_armor_profile" => app_armor_profile: Option<AppArmorProfile>,
    }
}

section! {
    /// `[runners.kubernetes.init_permissions_container_security_context.capabilities]`.
    pub struct Capabilities in "[runners.kubernetes.*_container_security_context.capabilities]" {
        /// `add`.
        "add" => add: Option<Vec<String>>,
        /// `drop`.
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
