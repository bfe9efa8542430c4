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
use crate::policy::{AllowedPullPolicies, PullPolicyList, RunnerPolicies};

section! {
    /// `[runners.kubernetes]`: how the Kubernetes executor builds the pod each job runs in:
    /// cluster access, images, resources, scheduling, security, volumes and timeouts.
    ///
    /// ```
    /// use runner_config::model::KubernetesConfig;
    /// use runner_config::policy::{KubernetesPullPolicy, RunnerPolicies};
    ///
    /// let config = runner_config::load::load(r#"
    /// [[runners]]
    /// executor = "kubernetes"
    /// [runners.kubernetes]
    /// namespace = "ci"
    /// image = "alpine:3.20"
    /// cpu_limit = "2"
    /// memory_request = "1Gi"
    /// pull_policy = "if-not-present"
    /// [runners.kubernetes.node_selector]
    /// "kubernetes.io/arch" = "amd64"
    /// [[runners.kubernetes.volumes.empty_dir]]
    /// name = "scratch"
    /// mount_path = "/scratch"
    /// "#)
    /// .into_config()
    /// .unwrap();
    /// let kubernetes: &KubernetesConfig = config.runners[0].kubernetes.as_ref().unwrap();
    /// assert_eq!(kubernetes.namespace.as_deref(), Some("ci"));
    /// assert_eq!(kubernetes.cpu_limit.as_deref(), Some("2"));
    /// assert_eq!(kubernetes.node_selector["kubernetes.io/arch"], "amd64");
    /// let volumes = kubernetes.volumes.as_ref().unwrap();
    /// assert_eq!(volumes.empty_dir[0].mount_path.as_deref(), Some("/scratch"));
    ///
    /// // The Kubernetes executor passes policies to the pod spec under its own names.
    /// let pull_policy = kubernetes.pull_policy.clone().unwrap_or_default();
    /// let allowed = kubernetes.allowed_pull_policies.clone().unwrap_or_default();
    /// let policies = RunnerPolicies::new(&pull_policy, &allowed).kubernetes_pull_policies().unwrap();
    /// assert_eq!(policies, [KubernetesPullPolicy::IfNotPresent]);
    /// ```
    pub struct KubernetesConfig in "[runners.kubernetes]" {
        // Cluster access.
        /// The Kubernetes API server URL. Not set: the in-cluster configuration, then the
        /// kubeconfig.
        "host" => host: Option<String>,
        /// The kubeconfig context to use when `host` is not set.
        "context" => context: Option<String>,
        /// A client certificate for the API server.
        "cert_file" => cert_file: Option<String>,
        /// The private key of `cert_file`.
        "key_file" => key_file: Option<String>,
        /// CA certificates to trust for the API server.
        "ca_file" => ca_file: Option<String>,
        /// When `true`, jobs may authenticate with their own token through the
        /// `KUBERNETES_BEARER_TOKEN` variable.
        "bearer_token_overwrite_allowed" => bearer_token_overwrite_allowed: Option<bool>,
        /// A token to authenticate to the API server with.
        "bearer_token" [secret] => bearer_token: Option<String>,

        // The pod.
        /// The image jobs run in when they do not name one with `image:`.
        "image" => image: Option<String>,
        /// The namespace job pods are created in.
        "namespace" => namespace: Option<String>,
        /// A regular expression for namespaces jobs may pick with
        /// `KUBERNETES_NAMESPACE_OVERWRITE`; empty forbids it.
        "namespace_overwrite_allowed" => namespace_overwrite_allowed: Option<String>,
        /// When `true`, each job runs in its own namespace, named after the job.
        "namespace_per_job" => namespace_per_job: Option<bool>,
        /// Whether the pod's containers run privileged.
        "privileged" => privileged: Option<bool>,
        /// The RuntimeClass of job pods.
        "runtime_class_name" => runtime_class_name: Option<String>,
        /// Whether processes in the containers may gain more privileges than their parent.
        "allow_privilege_escalation" => allow_privilege_escalation: Option<bool>,

        // Resources: `[prefix]{cpu,memory,ephemeral_storage}_{limit,request}`, and the most a job may ask for.
        /// The most CPU the build container may use, as a Kubernetes quantity (`500m`, `2`).
        "cpu_limit" => cpu_limit: Option<String>,
        /// The highest `cpu_limit` a job may set with its `KUBERNETES_CPU_LIMIT` variable;
        /// empty forbids the override.
        "cpu_limit_overwrite_max_allowed" => cpu_limit_overwrite_max_allowed: Option<String>,
        /// The CPU reserved for the build container, as a Kubernetes quantity (`500m`, `2`).
        "cpu_request" => cpu_request: Option<String>,
        /// The highest `cpu_request` a job may set with its `KUBERNETES_CPU_REQUEST` variable;
        /// empty forbids the override.
        "cpu_request_overwrite_max_allowed" => cpu_request_overwrite_max_allowed: Option<String>,
        /// The most memory the build container may use, as a Kubernetes quantity (`512Mi`,
        /// `2Gi`).
        "memory_limit" => memory_limit: Option<String>,
        /// The highest `memory_limit` a job may set with its `KUBERNETES_MEMORY_LIMIT`
        /// variable; empty forbids the override.
        "memory_limit_overwrite_max_allowed" => memory_limit_overwrite_max_allowed: Option<String>,
        /// The memory reserved for the build container, as a Kubernetes quantity (`512Mi`,
        /// `2Gi`).
        "memory_request" => memory_request: Option<String>,
        /// The highest `memory_request` a job may set with its `KUBERNETES_MEMORY_REQUEST`
        /// variable; empty forbids the override.
        "memory_request_overwrite_max_allowed" => memory_request_overwrite_max_allowed: Option<String>,
        /// The most ephemeral storage the build container may use, as a Kubernetes quantity
        /// (`1Gi`).
        "ephemeral_storage_limit" => ephemeral_storage_limit: Option<String>,
        /// The highest `ephemeral_storage_limit` a job may set with its
        /// `KUBERNETES_EPHEMERAL_STORAGE_LIMIT` variable; empty forbids the override.
        "ephemeral_storage_limit_overwrite_max_allowed" => ephemeral_storage_limit_overwrite_max_allowed: Option<String>,
        /// The ephemeral storage reserved for the build container, as a Kubernetes quantity
        /// (`1Gi`).
        "ephemeral_storage_request" => ephemeral_storage_request: Option<String>,
        /// The highest `ephemeral_storage_request` a job may set with its
        /// `KUBERNETES_EPHEMERAL_STORAGE_REQUEST` variable; empty forbids the override.
        "ephemeral_storage_request_overwrite_max_allowed" => ephemeral_storage_request_overwrite_max_allowed: Option<String>,
        /// The most CPU each service container may use, as a Kubernetes quantity (`500m`, `2`).
        "service_cpu_limit" => service_cpu_limit: Option<String>,
        /// The highest `service_cpu_limit` a job may set with its
        /// `KUBERNETES_SERVICE_CPU_LIMIT` variable; empty forbids the override.
        "service_cpu_limit_overwrite_max_allowed" => service_cpu_limit_overwrite_max_allowed: Option<String>,
        /// The CPU reserved for each service container, as a Kubernetes quantity (`500m`, `2`).
        "service_cpu_request" => service_cpu_request: Option<String>,
        /// The highest `service_cpu_request` a job may set with its
        /// `KUBERNETES_SERVICE_CPU_REQUEST` variable; empty forbids the override.
        "service_cpu_request_overwrite_max_allowed" => service_cpu_request_overwrite_max_allowed: Option<String>,
        /// The most memory each service container may use, as a Kubernetes quantity (`512Mi`,
        /// `2Gi`).
        "service_memory_limit" => service_memory_limit: Option<String>,
        /// The highest `service_memory_limit` a job may set with its
        /// `KUBERNETES_SERVICE_MEMORY_LIMIT` variable; empty forbids the override.
        "service_memory_limit_overwrite_max_allowed" => service_memory_limit_overwrite_max_allowed: Option<String>,
        /// The memory reserved for each service container, as a Kubernetes quantity (`512Mi`,
        /// `2Gi`).
        "service_memory_request" => service_memory_request: Option<String>,
        /// The highest `service_memory_request` a job may set with its
        /// `KUBERNETES_SERVICE_MEMORY_REQUEST` variable; empty forbids the override.
        "service_memory_request_overwrite_max_allowed" => service_memory_request_overwrite_max_allowed: Option<String>,
        /// The most ephemeral storage each service container may use, as a Kubernetes quantity
        /// (`1Gi`).
        "service_ephemeral_storage_limit" => service_ephemeral_storage_limit: Option<String>,
        /// The highest `service_ephemeral_storage_limit` a job may set with its
        /// `KUBERNETES_SERVICE_EPHEMERAL_STORAGE_LIMIT` variable; empty forbids the override.
        "service_ephemeral_storage_limit_overwrite_max_allowed" => service_ephemeral_storage_limit_overwrite_max_allowed: Option<String>,
        /// The ephemeral storage reserved for each service container, as a Kubernetes quantity
        /// (`1Gi`).
        "service_ephemeral_storage_request" => service_ephemeral_storage_request: Option<String>,
        /// The highest `service_ephemeral_storage_request` a job may set with its
        /// `KUBERNETES_SERVICE_EPHEMERAL_STORAGE_REQUEST` variable; empty forbids the override.
        "service_ephemeral_storage_request_overwrite_max_allowed" => service_ephemeral_storage_request_overwrite_max_allowed: Option<String>,
        /// The most CPU the helper container may use, as a Kubernetes quantity (`500m`, `2`).
        "helper_cpu_limit" => helper_cpu_limit: Option<String>,
        /// The highest `helper_cpu_limit` a job may set with its `KUBERNETES_HELPER_CPU_LIMIT`
        /// variable; empty forbids the override.
        "helper_cpu_limit_overwrite_max_allowed" => helper_cpu_limit_overwrite_max_allowed: Option<String>,
        /// The CPU reserved for the helper container, as a Kubernetes quantity (`500m`, `2`).
        "helper_cpu_request" => helper_cpu_request: Option<String>,
        /// The highest `helper_cpu_request` a job may set with its
        /// `KUBERNETES_HELPER_CPU_REQUEST` variable; empty forbids the override.
        "helper_cpu_request_overwrite_max_allowed" => helper_cpu_request_overwrite_max_allowed: Option<String>,
        /// The most memory the helper container may use, as a Kubernetes quantity (`512Mi`,
        /// `2Gi`).
        "helper_memory_limit" => helper_memory_limit: Option<String>,
        /// The highest `helper_memory_limit` a job may set with its
        /// `KUBERNETES_HELPER_MEMORY_LIMIT` variable; empty forbids the override.
        "helper_memory_limit_overwrite_max_allowed" => helper_memory_limit_overwrite_max_allowed: Option<String>,
        /// The memory reserved for the helper container, as a Kubernetes quantity (`512Mi`,
        /// `2Gi`).
        "helper_memory_request" => helper_memory_request: Option<String>,
        /// The highest `helper_memory_request` a job may set with its
        /// `KUBERNETES_HELPER_MEMORY_REQUEST` variable; empty forbids the override.
        "helper_memory_request_overwrite_max_allowed" => helper_memory_request_overwrite_max_allowed: Option<String>,
        /// The most ephemeral storage the helper container may use, as a Kubernetes quantity
        /// (`1Gi`).
        "helper_ephemeral_storage_limit" => helper_ephemeral_storage_limit: Option<String>,
        /// The highest `helper_ephemeral_storage_limit` a job may set with its
        /// `KUBERNETES_HELPER_EPHEMERAL_STORAGE_LIMIT` variable; empty forbids the override.
        "helper_ephemeral_storage_limit_overwrite_max_allowed" => helper_ephemeral_storage_limit_overwrite_max_allowed: Option<String>,
        /// The ephemeral storage reserved for the helper container, as a Kubernetes quantity
        /// (`1Gi`).
        "helper_ephemeral_storage_request" => helper_ephemeral_storage_request: Option<String>,
        /// The highest `helper_ephemeral_storage_request` a job may set with its
        /// `KUBERNETES_HELPER_EPHEMERAL_STORAGE_REQUEST` variable; empty forbids the override.
        "helper_ephemeral_storage_request_overwrite_max_allowed" => helper_ephemeral_storage_request_overwrite_max_allowed: Option<String>,
        /// The most CPU the whole pod may use, as a Kubernetes quantity (`500m`, `2`).
        "pod_cpu_limit" => pod_cpu_limit: Option<String>,
        /// The highest `pod_cpu_limit` a job may set with its `KUBERNETES_POD_CPU_LIMIT`
        /// variable; empty forbids the override.
        "pod_cpu_limit_overwrite_max_allowed" => pod_cpu_limit_overwrite_max_allowed: Option<String>,
        /// The CPU reserved for the whole pod, as a Kubernetes quantity (`500m`, `2`).
        "pod_cpu_request" => pod_cpu_request: Option<String>,
        /// The highest `pod_cpu_request` a job may set with its `KUBERNETES_POD_CPU_REQUEST`
        /// variable; empty forbids the override.
        "pod_cpu_request_overwrite_max_allowed" => pod_cpu_request_overwrite_max_allowed: Option<String>,
        /// The most memory the whole pod may use, as a Kubernetes quantity (`512Mi`, `2Gi`).
        "pod_memory_limit" => pod_memory_limit: Option<String>,
        /// The highest `pod_memory_limit` a job may set with its `KUBERNETES_POD_MEMORY_LIMIT`
        /// variable; empty forbids the override.
        "pod_memory_limit_overwrite_max_allowed" => pod_memory_limit_overwrite_max_allowed: Option<String>,
        /// The memory reserved for the whole pod, as a Kubernetes quantity (`512Mi`, `2Gi`).
        "pod_memory_request" => pod_memory_request: Option<String>,
        /// The highest `pod_memory_request` a job may set with its
        /// `KUBERNETES_POD_MEMORY_REQUEST` variable; empty forbids the override.
        "pod_memory_request_overwrite_max_allowed" => pod_memory_request_overwrite_max_allowed: Option<String>,

        // What jobs may ask for, and pulling.
        /// Images jobs may name with `image:`; wildcards (`*`, `**`) are allowed. Empty allows
        /// any.
        "allowed_images" => allowed_images: Option<Vec<String>>,
        /// The pull policies jobs may ask for with `image: pull_policy:`. Not set: only the
        /// ones in `pull_policy`.
        "allowed_pull_policies" => allowed_pull_policies: Option<AllowedPullPolicies>,
        /// Service images jobs may name with `services:`; wildcards are allowed. Empty allows
        /// any.
        "allowed_services" => allowed_services: Option<Vec<String>>,
        /// User IDs jobs may ask to run as; empty allows any.
        "allowed_users" => allowed_users: Option<Vec<String>>,
        /// Group IDs jobs may ask to run as; empty allows any.
        "allowed_groups" => allowed_groups: Option<Vec<String>>,
        /// The image pull policy of the pod's containers: `always`, `if-not-present` or
        /// `never`, or a list tried in order when pulling fails. Not set or `""`: the cluster's
        /// default.
        "pull_policy" => pull_policy: Option<PullPolicyList>,

        // Scheduling.
        /// Node labels a job pod's node must have.
        "node_selector" => node_selector: BTreeMap<String, String>,
        /// A regular expression for node selectors jobs may add with
        /// `KUBERNETES_NODE_SELECTOR_*` variables; empty forbids it.
        "node_selector_overwrite_allowed" => node_selector_overwrite_allowed: Option<String>,
        /// Taints job pods tolerate, written `"key=value" = "Effect"` (or `"key" = "Effect"`).
        "node_tolerations" => node_tolerations: BTreeMap<String, String>,
        /// A regular expression for tolerations jobs may add with
        /// `KUBERNETES_NODE_TOLERATIONS_*` variables; empty forbids it.
        "node_tolerations_overwrite_allowed" => node_tolerations_overwrite_allowed: Option<String>,
        /// Node and pod affinity rules of job pods.
        "affinity" => affinity: Option<Affinity>,

        // Images and timeouts.
        /// Secrets with registry credentials used to pull images.
        "image_pull_secrets" => image_pull_secrets: Option<Vec<String>>,
        /// When `true`, the pod uses the image pull secrets of its service account instead of
        /// the runner's own.
        "use_service_account_image_pull_secrets" => use_service_account_image_pull_secrets: Option<bool>,
        /// The image of the helper container that fetches sources and handles caches and
        /// artifacts. Not set: the image matching the runner's version.
        "helper_image" => helper_image: Option<String>,
        /// The base of the default helper image (`alpine`, `ubuntu`, `ubi-fips`…). Empty uses
        /// the default.
        ///
        /// Default: `"alpine"`.
        "helper_image_flavor" => helper_image_flavor: Option<String>,
        /// When `true`, the helper image is picked for the node's operating system and
        /// architecture.
        "helper_image_autoset_arch_and_os" => helper_image_autoset_arch_and_os: Option<bool>,
        /// Seconds a job pod gets to stop after it is asked to terminate.
        "pod_termination_grace_period_seconds" => pod_termination_grace_period_seconds: Option<i64>,
        /// Seconds a job pod gets to stop when the runner deletes it after the job.
        "cleanup_grace_period_seconds" => cleanup_grace_period_seconds: Option<i64>,
        /// How long the runner may take to delete a job's resources after it ends. Zero or
        /// negative values use the default.
        ///
        /// Default: `"5m0s"`.
        "cleanup_resources_timeout" => cleanup_resources_timeout: Option<GoDuration>,
        /// Seconds between checks of a starting pod's status. Zero or negative values use the
        /// default.
        ///
        /// Default: `3`.
        "poll_interval" => poll_interval: Option<i64>,
        /// Seconds the runner waits for a pod to start before failing the job. Zero or negative
        /// values use the default.
        ///
        /// Default: `180`.
        "poll_timeout" => poll_timeout: Option<i64>,
        /// How many times the runner checks that resources the pod needs (service account, pull
        /// secrets) exist before creating it. Not set or `0`: no check; a negative value means
        /// 5.
        "resource_availability_check_max_attempts" => resource_availability_check_max_attempts: Option<i64>,
        /// How many times a failed request to the API server is retried. Zero or negative
        /// values use the default.
        ///
        /// Default: `5`.
        "retry_limit" => retry_limit: Option<i64>,
        /// The longest wait between retries of a failed request to the API server, in
        /// milliseconds. Values up to `0` use the default; values below 500 are raised to 500.
        ///
        /// Default: `2000` (milliseconds).
        "retry_backoff_max" => retry_backoff_max: Option<i64>,
        /// Retry counts for particular request errors, keyed by the error text (`"connection
        /// refused" = 3`).
        "retry_limits" => retry_limits: BTreeMap<String, i64>,

        // Pod metadata and security.
        /// Labels added to job pods; values may use job variables.
        "pod_labels" => pod_labels: BTreeMap<String, String>,
        /// A regular expression for pod labels jobs may add with `KUBERNETES_POD_LABELS_*`
        /// variables; empty forbids it.
        "pod_labels_overwrite_allowed" => pod_labels_overwrite_allowed: Option<String>,
        /// The scheduler that places job pods.
        "scheduler_name" => scheduler_name: Option<String>,
        /// The service account job pods run as.
        "service_account" => service_account: Option<String>,
        /// A regular expression for service accounts jobs may pick with
        /// `KUBERNETES_SERVICE_ACCOUNT_OVERWRITE`; empty forbids it.
        "service_account_overwrite_allowed" => service_account_overwrite_allowed: Option<String>,
        /// Whether the service account token is mounted into job pods.
        "automount_service_account_token" => automount_service_account_token: Option<bool>,
        /// Annotations added to job pods; values may use job variables.
        "pod_annotations" => pod_annotations: BTreeMap<String, String>,
        /// A regular expression for pod annotations jobs may add with
        /// `KUBERNETES_POD_ANNOTATIONS_*` variables; empty forbids it.
        "pod_annotations_overwrite_allowed" => pod_annotations_overwrite_allowed: Option<String>,
        /// The security context of job pods.
        "pod_security_context" => pod_security_context: Option<PodSecurityContext>,
        /// The security context of the init container that sets up directory permissions.
        "init_permissions_container_security_context" => init_permissions_container_security_context: Option<ContainerSecurityContext>,
        /// The security context of the build container, where the job's scripts run.
        "build_container_security_context" => build_container_security_context: Option<ContainerSecurityContext>,
        /// The security context of the helper container.
        "helper_container_security_context" => helper_container_security_context: Option<ContainerSecurityContext>,
        /// The security context of service containers.
        "service_container_security_context" => service_container_security_context: Option<ContainerSecurityContext>,

        // Volumes, services, DNS and pod spec patches.
        /// Volumes mounted into the build container.
        "volumes" => volumes: Option<KubernetesVolumes>,
        /// Extra `/etc/hosts` entries for every container of the pod.
        "host_aliases" => host_aliases: Vec<HostAlias>,
        /// Service containers added to every job pod, besides the ones the job asks for.
        "services" => services: Vec<KubernetesService>,
        /// Linux capabilities added to the containers.
        "cap_add" => cap_add: Option<Vec<String>>,
        /// Linux capabilities removed from the containers.
        "cap_drop" => cap_drop: Option<Vec<String>>,
        /// Experimental: the size of the volume claim that keeps a suspended environment's
        /// data.
        "suspend_pvc_size" => suspend_pvc_size: Option<String>,
        /// Experimental: the storage class of the volume claim that keeps a suspended
        /// environment's data.
        "suspend_pvc_storage_class" => suspend_pvc_storage_class: Option<String>,
        /// The DNS policy of job pods. Not set: Kubernetes' default, `cluster-first`.
        "dns_policy" => dns_policy: Option<DnsPolicy>,
        /// DNS settings of job pods, on top of `dns_policy`.
        "dns_config" => dns_config: Option<DnsConfig>,
        /// Hooks run in the build container after it starts and before it stops.
        "container_lifecycle" => container_lifecycle: Option<ContainerLifecycle>,
        /// The PriorityClass of job pods.
        "priority_class_name" => priority_class_name: Option<String>,
        /// Patches applied to the generated pod specification, in order. Needs
        /// `FF_USE_ADVANCED_POD_SPEC_CONFIGURATION`.
        "pod_spec" => pod_spec: Vec<PodSpecPatch>,
        /// A directory prepended to the path where the pod keeps job logs.
        "logs_base_dir" => logs_base_dir: Option<String>,
        /// A directory prepended to the path where the pod keeps job scripts.
        "scripts_base_dir" => scripts_base_dir: Option<String>,
        /// Whether warning events of the pod are printed to the job log when the job fails.
        ///
        /// Default: `true`.
        "print_pod_warning_events" => print_pod_warning_events: Option<bool>,
        /// Whether the runner creates a PodDisruptionBudget for each job pod, so voluntary
        /// evictions wait for the job.
        ///
        /// Default: `false`.
        "pod_disruption_budget" => pod_disruption_budget: Option<bool>,
        /// Spare cluster capacity kept warm with pause pods.
        "autoscaler" => autoscaler: Option<KubernetesAutoscalerConfig>,
    }
}

section! {
    /// `[[runners.kubernetes.services]]`: a service container added to every job's pod.
    ///
    /// ```
    /// use runner_config::model::KubernetesService;
    ///
    /// let config = runner_config::load::load(r#"
    /// [[runners]]
    /// executor = "kubernetes"
    /// [[runners.kubernetes.services]]
    /// name = "postgres:16"
    /// alias = "db"
    /// command = ["postgres", "-c", "fsync=off"]
    /// "#)
    /// .into_config()
    /// .unwrap();
    /// let services: &[KubernetesService] = &config.runners[0].kubernetes.as_ref().unwrap().services;
    /// assert_eq!(services[0].name.as_deref(), Some("postgres:16"));
    /// assert_eq!(services[0].alias.as_deref(), Some("db"));
    /// assert_eq!(services[0].command.as_ref().unwrap()[2], "fsync=off");
    /// ```
    pub struct KubernetesService in "[[runners.kubernetes.services]]" {
        /// The service's image, as `image:` names it in `.gitlab-ci.yml` (`postgres:16`).
        "name" => name: Option<String>,
        /// An extra host name under which the job reaches the service.
        "alias" => alias: Option<String>,
        /// The command run in the service container, replacing the image's `CMD`.
        "command" => command: Option<Vec<String>>,
        /// The entrypoint of the service container, replacing the image's `ENTRYPOINT`.
        "entrypoint" => entrypoint: Option<Vec<String>>,
        /// Environment variables for the service container, each written `NAME=value`.
        "environment" => environment: Option<Vec<String>>,
        /// Experimental: the path of the service's data kept when a suspendable environment is
        /// suspended.
        "suspend_data_path" => suspend_data_path: Option<String>,
    }
}

impl KubernetesConfig {
    /// The section's `pull_policy` and `allowed_pull_policies` as the pull
    /// manager reads them (a missing key is unset), ready for validation
    /// and effective-policy computation.
    ///
    /// ```
    /// use runner_config::load::load;
    /// use runner_config::policy::KubernetesPullPolicy;
    ///
    /// // Nothing set: the cluster decides.
    /// let loaded = load("[[runners]]\nexecutor = \"kubernetes\"\n[runners.kubernetes]\n");
    /// let config = loaded.config().unwrap();
    /// let kubernetes = config.runners[0].kubernetes.as_ref().unwrap();
    /// let policies = kubernetes.policies().kubernetes_pull_policies().unwrap();
    /// assert_eq!(policies, [KubernetesPullPolicy::ClusterDefault]);
    /// ```
    pub fn policies(&self) -> RunnerPolicies<'_> {
        RunnerPolicies::from_keys(
            self.pull_policy.as_ref(),
            self.allowed_pull_policies.as_ref(),
        )
    }
}
