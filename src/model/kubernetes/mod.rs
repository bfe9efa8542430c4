//! `[runners.kubernetes]`: the Kubernetes executor.
//!
//! The section is large, so its sub-tables live in submodules named after
//! them: [`volumes`] (`[runners.kubernetes.volumes]`), [`affinity`] (node and
//! pod affinity), [`security`] (pod and container security contexts),
//! [`lifecycle`] (`[runners.kubernetes.container_lifecycle]`), [`pod`] (DNS,
//! host aliases, pod spec patches) and [`autoscaler`] (pause-pod capacity).

pub mod affinity;
pub mod autoscaler;
pub mod lifecycle;
pub mod pod;
pub mod security;
pub mod volumes;

use std::collections::BTreeMap;

use crate::model::kubernetes::affinity::Affinity;
use crate::model::kubernetes::autoscaler::KubernetesAutoscalerConfig;
use crate::model::kubernetes::lifecycle::ContainerLifecycle;
use crate::model::kubernetes::pod::{DnsConfig, DnsPolicy, HostAlias, PodSpecPatch};
use crate::model::kubernetes::security::{ContainerSecurityContext, PodSecurityContext};
use crate::model::kubernetes::volumes::KubernetesVolumes;
use crate::model::shape::section;
use crate::model::types::GoDuration;
use crate::policy::{AllowedPullPolicies, PullPolicyList};

section! {
    /// `[runners.kubernetes]`.
    pub struct KubernetesConfig in "[runners.kubernetes]" {
        /// `host`.
        "host" => host: Option<String>,
        /// `context`.
        "context" => context: Option<String>,
        /// `cert_file`.
        "cert_file" => cert_file: Option<String>,
        /// `key_file`.
        "key_file" => key_file: Option<String>,
        /// `ca_file`.
        "ca_file" => ca_file: Option<String>,
        /// `bearer_token_overwrite_allowed`.
        "bearer_token_overwrite_allowed" => bearer_token_overwrite_allowed: Option<bool>,
        /// `bearer_token`.
        "bearer_token" [secret] => bearer_token: Option<String>,
        /// `image`.
        "image" => image: Option<String>,
        /// `namespace`.
        "namespace" => namespace: Option<String>,
        /// `namespace_overwrite_allowed`.
        "namespace_overwrite_allowed" => namespace_overwrite_allowed: Option<String>,
        /// `namespace_per_job`.
        "namespace_per_job" => namespace_per_job: Option<bool>,
        /// `privileged`.
        "privileged" => privileged: Option<bool>,
        /// `runtime_class_name`.
        "runtime_class_name" => runtime_class_name: Option<String>,
        /// `allow_privilege_escalation`.
        "allow_privilege_escalation" => allow_privilege_escalation: Option<bool>,
        /// `cpu_limit`.
        "cpu_limit" => cpu_limit: Option<String>,
        /// `cpu_limit_overwrite_max_allowed`.
        "cpu_limit_overwrite_max_allowed" => cpu_limit_overwrite_max_allowed: Option<String>,
        /// `cpu_request`.
        "cpu_request" => cpu_request: Option<String>,
        /// `cpu_request_overwrite_max_allowed`.
        "cpu_request_overwrite_max_allowed" => cpu_request_overwrite_max_allowed: Option<String>,
        /// `memory_limit`.
        "memory_limit" => memory_limit: Option<String>,
        /// `memory_limit_overwrite_max_allowed`.
        "memory_limit_overwrite_max_allowed" => memory_limit_overwrite_max_allowed: Option<String>,
        /// `memory_request`.
        "memory_request" => memory_request: Option<String>,
        /// `memory_request_overwrite_max_allowed`.
        "memory_request_overwrite_max_allowed" => memory_request_overwrite_max_allowed: Option<String>,
        /// `ephemeral_storage_limit`.
        "ephemeral_storage_limit" => ephemeral_storage_limit: Option<String>,
        /// `ephemeral_storage_limit_overwrite_max_allowed`.
        "ephemeral_storage_limit_overwrite_max_allowed" => ephemeral_storage_limit_overwrite_max_allowed: Option<String>,
        /// `ephemeral_storage_request`.
        "ephemeral_storage_request" => ephemeral_storage_request: Option<String>,
        /// `ephemeral_storage_request_overwrite_max_allowed`.
        "ephemeral_storage_request_overwrite_max_allowed" => ephemeral_storage_request_overwrite_max_allowed: Option<String>,
        /// `service_cpu_limit`.
        "service_cpu_limit" => service_cpu_limit: Option<String>,
        /// `service_cpu_limit_overwrite_max_allowed`.
        "service_cpu_limit_overwrite_max_allowed" => service_cpu_limit_overwrite_max_allowed: Option<String>,
        /// `service_cpu_request`.
        "service_cpu_request" => service_cpu_request: Option<String>,
        /// `service_cpu_request_overwrite_max_allowed`.
        "service_cpu_request_overwrite_max_allowed" => service_cpu_request_overwrite_max_allowed: Option<String>,
        /// `service_memory_limit`.
        "service_memory_limit" => service_memory_limit: Option<String>,
        /// `service_memory_limit_overwrite_max_allowed`.
        "service_memory_limit_overwrite_max_allowed" => service_memory_limit_overwrite_max_allowed: Option<String>,
        /// `service_memory_request`.
        "service_memory_request" => service_memory_request: Option<String>,
        /// `service_memory_request_overwrite_max_allowed`.
        "service_memory_request_overwrite_max_allowed" => service_memory_request_overwrite_max_allowed: Option<String>,
        /// `service_ephemeral_storage_limit`.
        "service_ephemeral_storage_limit" => service_ephemeral_storage_limit: Option<String>,
        /// `service_ephemeral_storage_limit_overwrite_max_allowed`.
        "service_ephemeral_storage_limit_overwrite_max_allowed" => service_ephemeral_storage_limit_overwrite_max_allowed: Option<String>,
        /// `service_ephemeral_storage_request`.
        "service_ephemeral_storage_request" => service_ephemeral_storage_request: Option<String>,
        /// `service_ephemeral_storage_request_overwrite_max_allowed`.
        "service_ephemeral_storage_request_overwrite_max_allowed" => service_ephemeral_storage_request_overwrite_max_allowed: Option<String>,
        /// `helper_cpu_limit`.
        "helper_cpu_limit" => helper_cpu_limit: Option<String>,
        /// `helper_cpu_limit_overwrite_max_allowed`.
        "helper_cpu_limit_overwrite_max_allowed" => helper_cpu_limit_overwrite_max_allowed: Option<String>,
        /// `helper_cpu_request`.
        "helper_cpu_request" => helper_cpu_request: Option<String>,
        /// `helper_cpu_request_overwrite_max_allowed`.
        "helper_cpu_request_overwrite_max_allowed" => helper_cpu_request_overwrite_max_allowed: Option<String>,
        /// `helper_memory_limit`.
        "helper_memory_limit" => helper_memory_limit: Option<String>,
        /// `helper_memory_limit_overwrite_max_allowed`.
        "helper_memory_limit_overwrite_max_allowed" => helper_memory_limit_overwrite_max_allowed: Option<String>,
        /// `helper_memory_request`.
        "helper_memory_request" => helper_memory_request: Option<String>,
        /// `helper_memory_request_overwrite_max_allowed`.
        "helper_memory_request_overwrite_max_allowed" => helper_memory_request_overwrite_max_allowed: Option<String>,
        /// `helper_ephemeral_storage_limit`.
        "helper_ephemeral_storage_limit" => helper_ephemeral_storage_limit: Option<String>,
        /// `helper_ephemeral_storage_limit_overwrite_max_allowed`.
        "helper_ephemeral_storage_limit_overwrite_max_allowed" => helper_ephemeral_storage_limit_overwrite_max_allowed: Option<String>,
        /// `helper_ephemeral_storage_request`.
        "helper_ephemeral_storage_request" => helper_ephemeral_storage_request: Option<String>,
        /// `helper_ephemeral_storage_request_overwrite_max_allowed`.
        "helper_ephemeral_storage_request_overwrite_max_allowed" => helper_ephemeral_storage_request_overwrite_max_allowed: Option<String>,
        /// `pod_cpu_limit`.
        "pod_cpu_limit" => pod_cpu_limit: Option<String>,
        /// `pod_cpu_limit_overwrite_max_allowed`.
        "pod_cpu_limit_overwrite_max_allowed" => pod_cpu_limit_overwrite_max_allowed: Option<String>,
        /// `pod_cpu_request`.
        "pod_cpu_request" => pod_cpu_request: Option<String>,
        /// `pod_cpu_request_overwrite_max_allowed`.
        "pod_cpu_request_overwrite_max_allowed" => pod_cpu_request_overwrite_max_allowed: Option<String>,
        /// `pod_memory_limit`.
        "pod_memory_limit" => pod_memory_limit: Option<String>,
        /// `pod_memory_limit_overwrite_max_allowed`.
        "pod_memory_limit_overwrite_max_allowed" => pod_memory_limit_overwrite_max_allowed: Option<String>,
        /// `pod_memory_request`.
        "pod_memory_request" => pod_memory_request: Option<String>,
        /// `pod_memory_request_overwrite_max_allowed`.
        "pod_memory_request_overwrite_max_allowed" => pod_memory_request_overwrite_max_allowed: Option<String>,
        /// `allowed_images`.
        "allowed_images" => allowed_images: Option<Vec<String>>,
        /// `allowed_pull_policies`.
        "allowed_pull_policies" => allowed_pull_policies: Option<AllowedPullPolicies>,
        /// `allowed_services`.
        "allowed_services" => allowed_services: Option<Vec<String>>,
        /// `allowed_users`.
        "allowed_users" => allowed_users: Option<Vec<String>>,
        /// `allowed_groups`.
        "allowed_groups" => allowed_groups: Option<Vec<String>>,
        /// `pull_policy`.
        "pull_policy" => pull_policy: Option<PullPolicyList>,
        /// `node_selector`.
        "node_selector" => node_selector: BTreeMap<String, String>,
        /// `node_selector_overwrite_allowed`.
        "node_selector_overwrite_allowed" => node_selector_overwrite_allowed: Option<String>,
        /// `node_tolerations`.
        "node_tolerations" => node_tolerations: BTreeMap<String, String>,
        /// `node_tolerations_overwrite_allowed`.
        "node_tolerations_overwrite_allowed" => node_tolerations_overwrite_allowed: Option<String>,
        /// `affinity`.
        "affinity" => affinity: Option<Affinity>,
        /// `image_pull_secrets`.
        "image_pull_secrets" => image_pull_secrets: Option<Vec<String>>,
        /// `use_service_account_image_pull_secrets`.
        "use_service_account_image_pull_secrets" => use_service_account_image_pull_secrets: Option<bool>,
        /// `helper_image`.
        "helper_image" => helper_image: Option<String>,
        /// `helper_image_flavor`.
        ///
        /// Default: `"alpine"`.
        "helper_image_flavor" => helper_image_flavor: Option<String>,
        /// `helper_image_autoset_arch_and_os`.
        "helper_image_autoset_arch_and_os" => helper_image_autoset_arch_and_os: Option<bool>,
        /// `pod_termination_grace_period_seconds`.
        "pod_termination_grace_period_seconds" => pod_termination_grace_period_seconds: Option<i64>,
        /// `cleanup_grace_period_seconds`.
        "cleanup_grace_period_seconds" => cleanup_grace_period_seconds: Option<i64>,
        /// `cleanup_resources_timeout`.
        ///
        /// Default: `"5m0s"`.
        "cleanup_resources_timeout" => cleanup_resources_timeout: Option<GoDuration>,
        /// `poll_interval`.
        ///
        /// Default: `3`.
        "poll_interval" => poll_interval: Option<i64>,
        /// `poll_timeout`.
        ///
        /// Default: `180`.
        "poll_timeout" => poll_timeout: Option<i64>,
        /// `resource_availability_check_max_attempts`.
        "resource_availability_check_max_attempts" => resource_availability_check_max_attempts: Option<i64>,
        /// `retry_limit`.
        ///
        /// Default: `5`.
        "retry_limit" => retry_limit: Option<i64>,
        /// `retry_backoff_max`.
        ///
        /// Default: `2000` (milliseconds).
        "retry_backoff_max" => retry_backoff_max: Option<i64>,
        /// `retry_limits`.
        "retry_limits" => retry_limits: BTreeMap<String, i64>,
        /// `pod_labels`.
        "pod_labels" => pod_labels: BTreeMap<String, String>,
        /// `pod_labels_overwrite_allowed`.
        "pod_labels_overwrite_allowed" => pod_labels_overwrite_allowed: Option<String>,
        /// `scheduler_name`.
        "scheduler_name" => scheduler_name: Option<String>,
        /// `service_account`.
        "service_account" => service_account: Option<String>,
        /// `service_account_overwrite_allowed`.
        "service_account_overwrite_allowed" => service_account_overwrite_allowed: Option<String>,
        /// `automount_service_account_token`.
        "automount_service_account_token" => automount_service_account_token: Option<bool>,
        /// `pod_annotations`.
        "pod_annotations" => pod_annotations: BTreeMap<String, String>,
        /// `pod_annotations_overwrite_allowed`.
        "pod_annotations_overwrite_allowed" => pod_annotations_overwrite_allowed: Option<String>,
        /// `pod_security_context`.
        "pod_security_context" => pod_security_context: Option<PodSecurityContext>,
        /// `init_permissions_container_security_context`.
        "init_permissions_container_security_context" => init_permissions_container_security_context: Option<ContainerSecurityContext>,
        /// `build_container_security_context`.
        "build_container_security_context" => build_container_security_context: Option<ContainerSecurityContext>,
        /// `helper_container_security_context`.
        "helper_container_security_context" => helper_container_security_context: Option<ContainerSecurityContext>,
        /// `service_container_security_context`.
        "service_container_security_context" => service_container_security_context: Option<ContainerSecurityContext>,
        /// `volumes`.
        "volumes" => volumes: Option<KubernetesVolumes>,
        /// `host_aliases`.
        "host_aliases" => host_aliases: Vec<HostAlias>,
        /// `services`.
        "services" => services: Vec<KubernetesService>,
        /// `cap_add`.
        "cap_add" => cap_add: Option<Vec<String>>,
        /// `cap_drop`.
        "cap_drop" => cap_drop: Option<Vec<String>>,
        /// `suspend_pvc_size`.
        "suspend_pvc_size" => suspend_pvc_size: Option<String>,
        /// `suspend_pvc_storage_class`.
        "suspend_pvc_storage_class" => suspend_pvc_storage_class: Option<String>,
        /// `dns_policy`.
        "dns_policy" => dns_policy: Option<DnsPolicy>,
        /// `dns_config`.
        "dns_config" => dns_config: Option<DnsConfig>,
        /// `container_lifecycle`.
        "container_lifecycle" => container_lifecycle: Option<ContainerLifecycle>,
        /// `priority_class_name`.
        "priority_class_name" => priority_class_name: Option<String>,
        /// `pod_spec`.
        "pod_spec" => pod_spec: Vec<PodSpecPatch>,
        /// `logs_base_dir`.
        "logs_base_dir" => logs_base_dir: Option<String>,
        /// `scripts_base_dir`.
        "scripts_base_dir" => scripts_base_dir: Option<String>,
        /// `print_pod_warning_events`.
        ///
        /// Default: `true`.
        "print_pod_warning_events" => print_pod_warning_events: Option<bool>,
        /// `pod_disruption_budget`.
        ///
        /// Default: `false`.
        "pod_disruption_budget" => pod_disruption_budget: Option<bool>,
        /// `autoscaler`.
        "autoscaler" => autoscaler: Option<KubernetesAutoscalerConfig>,
    }
}

section! {
    /// `[[runners.kubernetes.services]]`.
    pub struct KubernetesService in "[[runners.kubernetes.services]]" {
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
