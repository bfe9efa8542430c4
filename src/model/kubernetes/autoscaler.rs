//! `[runners.kubernetes.autoscaler]`: spare cluster capacity kept warm with
//! low-priority pause pods.

use crate::model::autoscaler::AutoscalerPolicy;
use crate::model::shape::section;

section! {
    /// `[runners.kubernetes.autoscaler]`: keeps spare cluster capacity warm with low-priority
    /// pause pods, which real job pods evict.
    ///
    /// ```
    /// use runner_config::model::kubernetes::autoscaler::KubernetesAutoscalerConfig;
    /// use runner_config::model::shape::Section;
    ///
    /// let config = runner_config::load::load(
    ///     "[[runners]]\n[[runners.kubernetes.autoscaler.policy]]\nidle_count = 3\nidle_time = \"30m\"\n",
    /// )
    /// .into_config()
    /// .unwrap();
    /// let autoscaler: &KubernetesAutoscalerConfig =
    ///     config.runners[0].kubernetes.as_ref().unwrap().autoscaler.as_ref().unwrap();
    /// assert_eq!(autoscaler.policy[0].idle_count, Some(3));
    /// assert_eq!(KubernetesAutoscalerConfig::TABLE.header, "[runners.kubernetes.autoscaler]");
    /// ```
    pub struct KubernetesAutoscalerConfig in "[runners.kubernetes.autoscaler]" {
        /// The most pause pods that may exist.
        "max_pause_pods" => max_pause_pods: Option<i64>,
        /// The image pause pods run. Empty uses the default.
        ///
        /// Default: `"registry.k8s.io/pause:3.10"`.
        "pause_pod_image" => pause_pod_image: Option<String>,
        /// The PriorityClass of pause pods; it should rank below job pods so they can evict
        /// them. Empty uses the default.
        ///
        /// Default: `"gitlab-runner-idle-capacity"`.
        "pause_pod_priority_class_name" => pause_pod_priority_class_name: Option<String>,
        /// Idle policies; the last entry whose `periods` match applies.
        "policy" => policy: Vec<AutoscalerPolicy>,
        /// Secrets with registry credentials for pulling `pause_pod_image`.
        "pause_pod_image_pull_secrets" => pause_pod_image_pull_secrets: Option<Vec<String>>,
    }
}
