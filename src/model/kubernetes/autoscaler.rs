//! `[runners.kubernetes.autoscaler]`: spare cluster capacity kept warm with
//! low-priority pause pods.

use crate::model::autoscaler::AutoscalerPolicy;
use crate::model::shape::section;

section! {
    /// `[runners.kubernetes.autoscaler]`.
    pub struct KubernetesAutoscalerConfig in "[runners.kubernetes.autoscaler]" {
        /// `max_pause_pods`.
        "max_pause_pods" => max_pause_pods: Option<i64>,
        /// `pause_pod_image`.
        ///
        /// Default: `"registry.k8s.io/pause:3.10"`.
        "pause_pod_image" => pause_pod_image: Option<String>,
        /// `pause_pod_priority_class_name`.
        ///
        /// Default: `"gitlab-runner-idle-capacity"`.
        "pause_pod_priority_class_name" => pause_pod_priority_class_name: Option<String>,
        /// `policy`.
        "policy" => policy: Vec<AutoscalerPolicy>,
        /// `pause_pod_image_pull_secrets`.
        "pause_pod_image_pull_secrets" => pause_pod_image_pull_secrets: Option<Vec<String>>,
    }
}
