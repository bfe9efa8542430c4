//! `[runners.kubernetes.affinity]`: node affinity and pod (anti-)affinity
//! rules for a job's pod, mirroring the Kubernetes API objects of the same
//! names.

use std::collections::BTreeMap;

use crate::model::shape::section;

section! {
    /// `[runners.kubernetes.affinity]`: where job pods may be scheduled, relative to nodes and
    /// to other pods.
    pub struct Affinity in "[runners.kubernetes.affinity]" {
        /// Rules on the labels of the node a pod runs on.
        "node_affinity" => node_affinity: Option<NodeAffinity>,
        /// Rules that place job pods near pods with certain labels.
        "pod_affinity" => pod_affinity: Option<PodAffinity>,
        /// Rules that keep job pods away from pods with certain labels.
        "pod_anti_affinity" => pod_anti_affinity: Option<PodAntiAffinity>,
    }
}

section! {
    /// `[runners.kubernetes.affinity.node_affinity]`: node affinity, as in Kubernetes'
    /// `NodeAffinity`.
    pub struct NodeAffinity in "[runners.kubernetes.affinity.node_affinity]" {
        /// Rules a node must meet for the pod to be scheduled on it.
        "required_during_scheduling_ignored_during_execution" => required_during_scheduling_ignored_during_execution: Option<NodeSelector>,
        /// Weighted rules the scheduler tries to meet.
        "preferred_during_scheduling_ignored_during_execution" => preferred_during_scheduling_ignored_during_execution: Vec<PreferredSchedulingTerm>,
    }
}

section! {
    /// The node rules that must hold: the pod may go on a node that matches any of the terms.
    pub struct NodeSelector in "[runners.kubernetes.affinity.node_affinity.required_during_scheduling_ignored_during_execution]" {
        /// Alternative terms; a node must match at least one.
        "node_selector_terms" => node_selector_terms: Vec<NodeSelectorTerm>,
    }
}

section! {
    /// A node selector term: a node matches when all its requirements hold.
    pub struct NodeSelectorTerm in "[[runners.kubernetes.affinity.node_affinity.…node_selector_terms]] / […preference]" {
        /// Requirements on the node's labels.
        "match_expressions" => match_expressions: Vec<SelectorRequirement>,
        /// Requirements on the node's fields (such as `metadata.name`).
        "match_fields" => match_fields: Vec<SelectorRequirement>,
    }
}

section! {
    /// One requirement of a selector: a key, an operator and values.
    pub struct SelectorRequirement in "[[runners.kubernetes.affinity.….match_expressions]] / [[….match_fields]]" {
        /// The label (or field) the requirement is about.
        "key" => key: Option<String>,
        /// How the values are compared: `In`, `NotIn`, `Exists`, `DoesNotExist`, and for nodes
        /// also `Gt` and `Lt`.
        "operator" => operator: Option<String>,
        /// The values to compare with; empty for `Exists` and `DoesNotExist`.
        "values" => values: Option<Vec<String>>,
    }
}

section! {
    /// A node term the scheduler tries to meet, with its weight.
    pub struct PreferredSchedulingTerm in "[[runners.kubernetes.affinity.node_affinity.preferred_during_scheduling_ignored_during_execution]]" {
        /// How much meeting the term counts, from 1 to 100.
        "weight" => weight: Option<i32>,
        /// The node term the weight applies to.
        "preference" => preference: Option<NodeSelectorTerm>,
    }
}

section! {
    /// `[runners.kubernetes.affinity.pod_affinity]`: pod affinity, as in Kubernetes'
    /// `PodAffinity`.
    pub struct PodAffinity in "[runners.kubernetes.affinity.pod_affinity]" {
        /// Terms that must hold for the pod to be scheduled.
        "required_during_scheduling_ignored_during_execution" => required_during_scheduling_ignored_during_execution: Vec<PodAffinityTerm>,
        /// Weighted terms the scheduler tries to meet.
        "preferred_during_scheduling_ignored_during_execution" => preferred_during_scheduling_ignored_during_execution: Vec<WeightedPodAffinityTerm>,
    }
}

section! {
    /// A pod affinity term: the pods it is about, and the topology that counts as "near".
    pub struct PodAffinityTerm in "[[runners.kubernetes.affinity.pod_(anti_)affinity.required_during_scheduling_ignored_during_execution]] / […pod_affinity_term]" {
        /// Which pods the term is about.
        "label_selector" => label_selector: Option<LabelSelector>,
        /// The namespaces those pods are looked for in. Not set: the job pod's namespace.
        "namespaces" => namespaces: Option<Vec<String>>,
        /// The node label that defines a topology domain (`kubernetes.io/hostname`,
        /// `topology.kubernetes.io/zone`).
        "topology_key" => topology_key: Option<String>,
        /// Labels of the namespaces those pods are looked for in, added to `namespaces`.
        "namespace_selector" => namespace_selector: Option<LabelSelector>,
        /// Label keys whose values on the job pod are added to `label_selector` as equality
        /// requirements.
        "match_label_keys" => match_label_keys: Option<Vec<String>>,
        /// Label keys whose values on the job pod are added to `label_selector` as inequality
        /// requirements.
        "mismatch_label_keys" => mismatch_label_keys: Option<Vec<String>>,
    }
}

section! {
    /// A label selector: labels must match `match_labels` and all of `match_expressions`.
    pub struct LabelSelector in "[runners.kubernetes.affinity.…label_selector] / […namespace_selector]" {
        /// Labels that must be present with these exact values.
        "match_labels" => match_labels: BTreeMap<String, String>,
        /// Further requirements on labels.
        "match_expressions" => match_expressions: Vec<SelectorRequirement>,
    }
}

section! {
    /// A pod affinity term the scheduler tries to meet, with its weight.
    pub struct WeightedPodAffinityTerm in "[[runners.kubernetes.affinity.pod_(anti_)affinity.preferred_during_scheduling_ignored_during_execution]]" {
        /// How much meeting the term counts, from 1 to 100.
        "weight" => weight: Option<i32>,
        /// The term the weight applies to.
        "pod_affinity_term" => pod_affinity_term: Option<PodAffinityTerm>,
    }
}

section! {
    /// `[runners.kubernetes.affinity.pod_anti_affinity]`: pod anti-affinity, as in Kubernetes'
    /// `PodAntiAffinity`.
    pub struct PodAntiAffinity in "[runners.kubernetes.affinity.pod_anti_affinity]" {
        /// Terms that must hold for the pod to be scheduled.
        "required_during_scheduling_ignored_during_execution" => required_during_scheduling_ignored_during_execution: Vec<PodAffinityTerm>,
        /// Weighted terms the scheduler tries to meet.
        "preferred_during_scheduling_ignored_during_execution" => preferred_during_scheduling_ignored_during_execution: Vec<WeightedPodAffinityTerm>,
    }
}
