//! `[runners.kubernetes.affinity]`: node affinity and pod (anti-)affinity
//! rules for a job's pod, mirroring the Kubernetes API objects of the same
//! names.

use std::collections::BTreeMap;

use crate::model::shape::section;

section! {
    /// `[runners.kubernetes.affinity]`.
    pub struct Affinity in "[runners.kubernetes.affinity]" {
        /// `node_affinity`.
        "node_affinity" => node_affinity: Option<NodeAffinity>,
        /// `pod_affinity`.
        "pod_affinity" => pod_affinity: Option<PodAffinity>,
        /// `pod_anti_affinity`.
        "pod_anti_affinity" => pod_anti_affinity: Option<PodAntiAffinity>,
    }
}

section! {
    /// `[runners.kubernetes.affinity.node_affinity]`.
    pub struct NodeAffinity in "[runners.kubernetes.affinity.node_affinity]" {
        /// `required_during_scheduling_ignored_during_execution`.
        "required_during_scheduling_ignored_during_execution" => required_during_scheduling_ignored_during_execution: Option<NodeSelector>,
        /// `preferred_during_scheduling_ignored_during_execution`.
        "preferred_during_scheduling_ignored_during_execution" => preferred_during_scheduling_ignored_during_execution: Vec<PreferredSchedulingTerm>,
    }
}

section! {
    /// `[runners.kubernetes.affinity.node_affinity.required_during_scheduling_ignored_during_execution]`.
    pub struct NodeSelector in "[runners.kubernetes.affinity.node_affinity.required_during_scheduling_ignored_during_execution]" {
        /// `node_selector_terms`.
        "node_selector_terms" => node_selector_terms: Vec<NodeSelectorTerm>,
    }
}

section! {
    /// `[[runners.kubernetes.affinity.node_affinity.required_during_scheduling_ignored_during_execution.node_selector_terms]]`.
    pub struct NodeSelectorTerm in "[[runners.kubernetes.affinity.node_affinity.…node_selector_terms]] / […preference]" {
        /// `match_expressions`.
        "match_expressions" => match_expressions: Vec<SelectorRequirement>,
        /// `match_fields`.
        "match_fields" => match_fields: Vec<SelectorRequirement>,
    }
}

section! {
    /// `[[runners.kubernetes.affinity.node_affinity.required_during_scheduling_ignored_during_execution.node_selector_terms.match_expressions]]`.
    pub struct SelectorRequirement in "[[runners.kubernetes.affinity.….match_expressions]] / [[….match_fields]]" {
        /// `key`.
        "key" => key: Option<String>,
        /// `operator`.
        "operator" => operator: Option<String>,
        /// `values`.
        "values" => values: Option<Vec<String>>,
    }
}

section! {
    /// `[[runners.kubernetes.affinity.node_affinity.preferred_during_scheduling_ignored_during_execution]]`.
    pub struct PreferredSchedulingTerm in "[[runners.kubernetes.affinity.node_affinity.preferred_during_scheduling_ignored_during_execution]]" {
        /// `weight`.
        "weight" => weight: Option<i32>,
        /// `preference`.
        "preference" => preference: Option<NodeSelectorTerm>,
    }
}

section! {
    /// `[runners.kubernetes.affinity.pod_affinity]`.
    pub struct PodAffinity in "[runners.kubernetes.affinity.pod_affinity]" {
        /// `required_during_scheduling_ignored_during_execution`.
        "required_during_scheduling_ignored_during_execution" => required_during_scheduling_ignored_during_execution: Vec<PodAffinityTerm>,
        /// `preferred_during_scheduling_ignored_during_execution`.
        "preferred_during_scheduling_ignored_during_execution" => preferred_during_scheduling_ignored_during_execution: Vec<WeightedPodAffinityTerm>,
    }
}

section! {
    /// `[[runners.kubernetes.affinity.pod_affinity.required_during_scheduling_ignored_during_execution]]`.
    pub struct PodAffinityTerm in "[[runners.kubernetes.affinity.pod_(anti_)affinity.required_during_scheduling_ignored_during_execution]] / […pod_affinity_term]" {
        /// `label_selector`.
        "label_selector" => label_selector: Option<LabelSelector>,
        /// `namespaces`.
        "namespaces" => namespaces: Option<Vec<String>>,
        /// `topology_key`.
        "topology_key" => topology_key: Option<String>,
        /// `namespace_selector`.
        "namespace_selector" => namespace_selector: Option<LabelSelector>,
        /// `match_label_keys`.
        "match_label_keys" => match_label_keys: Option<Vec<String>>,
        /// `mismatch_label_keys`.
        "mismatch_label_keys" => mismatch_label_keys: Option<Vec<String>>,
    }
}

section! {
    /// `[runners.kubernetes.affinity.pod_affinity.required_during_scheduling_ignored_during_execution.label_selector]`.
    pub struct LabelSelector in "[runners.kubernetes.affinity.…label_selector] / […namespace_selector]" {
        /// `match_labels`.
        "match_labels" => match_labels: BTreeMap<String, String>,
        /// `match_expressions`.
        "match_expressions" => match_expressions: Vec<SelectorRequirement>,
    }
}

section! {
    /// `[[runners.kubernetes.affinity.pod_affinity.preferred_during_scheduling_ignored_during_execution]]`.
    pub struct WeightedPodAffinityTerm in "[[runners.kubernetes.affinity.pod_(anti_)affinity.preferred_during_scheduling_ignored_during_execution]]" {
        /// `weight`.
        "weight" => weight: Option<i32>,
        /// `pod_affinity_term`.
        "pod_affinity_term" => pod_affinity_term: Option<PodAffinityTerm>,
    }
}

section! {
    /// `[runners.kubernetes.affinity.pod_anti_affinity]`.
    pub struct PodAntiAffinity in "[runners.kubernetes.affinity.pod_anti_affinity]" {
        /// `required_during_scheduling_ignored_during_execution`.
        "required_during_scheduling_ignored_during_execution" => required_during_scheduling_ignored_during_execution: Vec<PodAffinityTerm>,
        /// `preferred_during_scheduling_ignored_during_execution`.
        "preferred_during_scheduling_ignored_during_execution" => preferred_during_scheduling_ignored_during_execution: Vec<WeightedPodAffinityTerm>,
    }
}
