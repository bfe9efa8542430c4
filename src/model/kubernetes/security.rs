//! Security contexts: `[runners.kubernetes.pod_security_context]` and the
//! per-container `*_container_security_context` tables, with their
//! capabilities, seccomp and AppArmor profiles.

use crate::model::shape::{section, string_enum};

section! {
    /// `[runners.kubernetes.pod_security_context]`: the security context of the whole job pod.
    ///
    /// ```
    /// use runner_config::model::kubernetes::security::{PodSecurityContext, SeccompProfileType};
    ///
    /// let config = runner_config::load::load(r#"
    /// [[runners]]
    /// executor = "kubernetes"
    /// [runners.kubernetes.pod_security_context]
    /// run_as_non_root = true
    /// run_as_user = 1000
    /// fs_group = 1000
    /// [runners.kubernetes.pod_security_context.seccomp_profile]
    /// type = "RuntimeDefault"
    /// "#)
    /// .into_config()
    /// .unwrap();
    /// let kubernetes = config.runners[0].kubernetes.as_ref().unwrap();
    /// let context: &PodSecurityContext = kubernetes.pod_security_context.as_ref().unwrap();
    /// assert_eq!(context.run_as_user, Some(1000));
    /// assert_eq!(context.run_as_non_root, Some(true));
    /// let seccomp = context.seccomp_profile.as_ref().unwrap();
    /// assert_eq!(seccomp.profile_type, Some(SeccompProfileType::RuntimeDefault));
    /// ```
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
    ///
    /// ```
    /// use runner_config::model::kubernetes::security::{SeccompProfile, SeccompProfileType};
    ///
    /// let profile: SeccompProfile =
    ///     toml::from_str("type = \"Localhost\"\nlocalhost_profile = \"profiles/ci.json\"\n").unwrap();
    /// assert_eq!(profile.profile_type, Some(SeccompProfileType::Localhost));
    /// assert_eq!(profile.localhost_profile.as_deref(), Some("profiles/ci.json"));
    /// ```
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
    ///
    /// ```
    /// use runner_config::model::kubernetes::security::{AppArmorProfile, AppArmorProfileType};
    ///
    /// let profile: AppArmorProfile = toml::from_str("type = \"Unconfined\"\n").unwrap();
    /// assert_eq!(profile.profile_type, Some(AppArmorProfileType::Unconfined));
    /// assert_eq!(profile.localhost_profile, None);
    /// ```
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
    ///
    /// ```
    /// use runner_config::model::kubernetes::security::ContainerSecurityContext;
    ///
    /// let config = runner_config::load::load(r#"
    /// [[runners]]
    /// executor = "kubernetes"
    /// [runners.kubernetes.build_container_security_context]
    /// allow_privilege_escalation = false
    /// read_only_root_filesystem = true
    /// [runners.kubernetes.build_container_security_context.capabilities]
    /// drop = ["ALL"]
    /// "#)
    /// .into_config()
    /// .unwrap();
    /// let kubernetes = config.runners[0].kubernetes.as_ref().unwrap();
    /// let build: &ContainerSecurityContext =
    ///     kubernetes.build_container_security_context.as_ref().unwrap();
    /// assert_eq!(build.allow_privilege_escalation, Some(false));
    /// assert_eq!(build.capabilities.as_ref().unwrap().drop.as_ref().unwrap()[0], "ALL");
    /// assert!(kubernetes.helper_container_security_context.is_none());
    /// ```
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
    ///
    /// ```
    /// use runner_config::model::kubernetes::security::Capabilities;
    /// use runner_config::model::shape::Section;
    ///
    /// let capabilities: Capabilities = toml::from_str(r#"
    /// add = ["NET_ADMIN"]
    /// drop = ["ALL"]
    /// "#).unwrap();
    /// assert_eq!(capabilities.add.unwrap(), ["NET_ADMIN"]);
    /// assert!(Capabilities::TABLE.header.ends_with("capabilities]"));
    /// ```
    pub struct Capabilities in "[runners.kubernetes.*_container_security_context.capabilities]" {
        /// Capabilities added to the container.
        "add" => add: Option<Vec<String>>,
        /// Capabilities removed from the container; `ALL` removes every one.
        "drop" => drop: Option<Vec<String>>,
    }
}

string_enum! {
    /// Which `/proc` mount a container gets. The runner trims the value and
    /// title-cases it before matching, so any case works; it logs any other
    /// value and leaves it out (`getProcMount`).
    ///
    /// ```
    /// use runner_config::model::kubernetes::security::ProcMount;
    ///
    /// // Matched case-insensitively, after trimming.
    /// assert_eq!("unmasked".parse::<ProcMount>(), Ok(ProcMount::Unmasked));
    /// assert_eq!(" UNMASKED ".parse::<ProcMount>(), Ok(ProcMount::Unmasked));
    /// assert_eq!(ProcMount::Default.as_str(), "Default");
    /// let err = "Unmask".parse::<ProcMount>().unwrap_err();
    /// assert_eq!(err.suggestion(), Some("Unmasked"));
    /// ```
    pub enum ProcMount as "proc mount type" {
        matching: TrimmedTitleCased,
        on_unknown: Ignored,
        says: "invalid proc-mount value: %s",
        empty_is_unset: true,
    } {
        /// `Default`: the container runtime's masked, read-only paths.
        Default = "Default",
        /// `Unmasked`: no masking (needs a user-namespaced pod).
        Unmasked = "Unmasked",
    }
}

string_enum! {
    /// The kind of seccomp profile applied to a pod or container. The runner
    /// logs any other value and drops the profile (`validateProfileType`).
    ///
    /// ```
    /// use runner_config::model::kubernetes::security::SeccompProfileType;
    ///
    /// assert_eq!("RuntimeDefault".parse::<SeccompProfileType>(), Ok(SeccompProfileType::RuntimeDefault));
    /// // Kubernetes spells these in CamelCase, and the runner compares exactly.
    /// let err = "runtime-default".parse::<SeccompProfileType>().unwrap_err();
    /// assert_eq!(err.suggestion(), Some("RuntimeDefault"));
    /// ```
    pub enum SeccompProfileType as "seccomp profile type" {
        matching: Exact,
        on_unknown: Ignored,
        says: "invalid seccomp profile type value: %s",
        empty_is_unset: true,
    } {
        /// `RuntimeDefault`: the container runtime's default profile.
        RuntimeDefault = "RuntimeDefault",
        /// `Unconfined`: no seccomp filtering.
        Unconfined = "Unconfined",
        /// `Localhost`: a profile file on the node, named by `localhost_profile`.
        Localhost = "Localhost",
    }
}

string_enum! {
    /// The kind of AppArmor profile applied to a pod or container. The
    /// runner logs any other value and drops the profile.
    ///
    /// ```
    /// use runner_config::model::kubernetes::security::AppArmorProfileType;
    ///
    /// assert_eq!("Localhost".parse::<AppArmorProfileType>(), Ok(AppArmorProfileType::Localhost));
    /// let err = "unconfined".parse::<AppArmorProfileType>().unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     r#"unknown AppArmor profile type "unconfined", did you mean "Unconfined"?"#,
    /// );
    /// ```
    pub enum AppArmorProfileType as "AppArmor profile type" {
        matching: Exact,
        on_unknown: Ignored,
        says: "invalid apparmor profile type value: %s",
        empty_is_unset: true,
    } {
        /// `RuntimeDefault`: the container runtime's default profile.
        RuntimeDefault = "RuntimeDefault",
        /// `Unconfined`: no AppArmor confinement.
        Unconfined = "Unconfined",
        /// `Localhost`: a profile loaded on the node, named by
        /// `localhost_profile`.
        Localhost = "Localhost",
    }
}
