//! `[runners.kubernetes.affinity]`: node affinity and pod (anti-)affinity
//! rules for a job's pod, mirroring the Kubernetes API objects of the same
//! names.

use std::collections::BTreeMap;

use crate::model::shape::section;

section! {
    /// `[runners.kubernetes.affinity]`: where job pods may be scheduled, relative to nodes and
    /// to other pods.
    ///
    /// ```
    /// use runner_config::model::kubernetes::affinity::Affinity;
    ///
    /// let config = runner_config::load::load(r#"
    /// [[runners]]
    /// executor = "kubernetes"
    /// [[runners.kubernetes.affinity.node_affinity.required_during_scheduling_ignored_during_execution.node_selector_terms]]
    /// [[runners.kubernetes.affinity.node_affinity.required_during_scheduling_ignored_during_execution.node_selector_terms.match_expressions]]
    /// key = "kubernetes.io/os"
    /// operator = "In"
    /// values = ["linux"]
    /// "#)
    /// .into_config()
    /// .unwrap();
    /// let affinity: &Affinity = config.runners[0].kubernetes.as_ref().unwrap().affinity.as_ref().unwrap();
    /// let node = affinity.node_affinity.as_ref().unwrap();
    /// let required = node.required_during_scheduling_ignored_during_execution.as_ref().unwrap();
    /// let expression = &required.node_selector_terms[0].match_expressions[0];
    /// assert_eq!(expression.key.as_deref(), Some("kubernetes.io/os"));
    /// assert!(affinity.pod_affinity.is_none());
    /// ```
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
    ///
    /// ```
    /// use runner_config::model::kubernetes::affinity::NodeAffinity;
    /// use runner_config::model::shape::Section;
    ///
    /// let node: NodeAffinity = toml::from_str(r#"
    /// [[preferred_during_scheduling_ignored_during_execution]]
    /// weight = 50
    /// "#)
    /// .unwrap();
    /// assert_eq!(node.preferred_during_scheduling_ignored_during_execution[0].weight, Some(50));
    /// assert_eq!(NodeAffinity::TABLE.header, "[runners.kubernetes.affinity.node_affinity]");
    /// ```
    pub struct NodeAffinity in "[runners.kubernetes.affinity.node_affinity]" {
        /// Rules a node must meet for the pod to be scheduled on it.
        "required_during_scheduling_ignored_during_execution" => required_during_scheduling_ignored_during_execution: Option<NodeSelector>,
        /// Weighted rules the scheduler tries to meet.
        "preferred_during_scheduling_ignored_during_execution" => preferred_during_scheduling_ignored_during_execution: Vec<PreferredSchedulingTerm>,
    }
}

section! {
    /// The node rules that must hold: the pod may go on a node that matches any of the terms.
    ///
    /// ```
    /// use runner_config::model::kubernetes::affinity::NodeSelector;
    ///
    /// let selector: NodeSelector = toml::from_str(r#"
    /// [[node_selector_terms]]
    /// [[node_selector_terms.match_fields]]
    /// key = "metadata.name"
    /// operator = "NotIn"
    /// values = ["node-1"]
    /// "#)
    /// .unwrap();
    /// let field = &selector.node_selector_terms[0].match_fields[0];
    /// assert_eq!(field.operator.as_deref(), Some("NotIn"));
    /// ```
    pub struct NodeSelector in "[runners.kubernetes.affinity.node_affinity.required_during_scheduling_ignored_during_execution]" {
        /// Alternative terms; a node must match at least one.
        "node_selector_terms" => node_selector_terms: Vec<NodeSelectorTerm>,
    }
}

section! {
    /// A node selector term: a node matches when all its requirements hold.
    ///
    /// ```
    /// use runner_config::model::kubernetes::affinity::NodeSelectorTerm;
    ///
    /// let term: NodeSelectorTerm = toml::from_str(r#"
    /// [[match_expressions]]
    /// key = "node-role"
    /// operator = "Exists"
    /// "#)
    /// .unwrap();
    /// assert_eq!(term.match_expressions[0].key.as_deref(), Some("node-role"));
    /// assert!(term.match_fields.is_empty());
    /// ```
    pub struct NodeSelectorTerm in "[[runners.kubernetes.affinity.node_affinity.…node_selector_terms]] / […preference]" {
        /// Requirements on the node's labels.
        "match_expressions" => match_expressions: Vec<SelectorRequirement>,
        /// Requirements on the node's fields (such as `metadata.name`).
        "match_fields" => match_fields: Vec<SelectorRequirement>,
    }
}

section! {
    /// One requirement of a selector: a key, an operator and values.
    ///
    /// ```
    /// use runner_config::model::kubernetes::affinity::SelectorRequirement;
    ///
    /// let requirement: SelectorRequirement =
    ///     toml::from_str("key = \"zone\"\noperator = \"In\"\nvalues = [\"a\", \"b\"]\n").unwrap();
    /// assert_eq!(requirement.operator.as_deref(), Some("In"));
    /// assert_eq!(requirement.values.as_ref().unwrap().len(), 2);
    /// ```
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
    ///
    /// ```
    /// use runner_config::model::kubernetes::affinity::PreferredSchedulingTerm;
    ///
    /// let term: PreferredSchedulingTerm = toml::from_str(r#"
    /// weight = 100
    /// [[preference.match_expressions]]
    /// key = "disktype"
    /// operator = "In"
    /// values = ["ssd"]
    /// "#)
    /// .unwrap();
    /// assert_eq!(term.weight, Some(100));
    /// assert_eq!(term.preference.unwrap().match_expressions[0].key.as_deref(), Some("disktype"));
    /// ```
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
    ///
    /// ```
    /// use runner_config::model::kubernetes::affinity::PodAffinity;
    /// use runner_config::model::shape::Section;
    ///
    /// let affinity: PodAffinity = toml::from_str(r#"
    /// [[required_during_scheduling_ignored_during_execution]]
    /// topology_key = "kubernetes.io/hostname"
    /// [required_during_scheduling_ignored_during_execution.label_selector.match_labels]
    /// app = "cache"
    /// "#)
    /// .unwrap();
    /// let term = &affinity.required_during_scheduling_ignored_during_execution[0];
    /// assert_eq!(term.label_selector.as_ref().unwrap().match_labels["app"], "cache");
    /// assert_eq!(PodAffinity::TABLE.header, "[runners.kubernetes.affinity.pod_affinity]");
    /// ```
    pub struct PodAffinity in "[runners.kubernetes.affinity.pod_affinity]" {
        /// Terms that must hold for the pod to be scheduled.
        "required_during_scheduling_ignored_during_execution" => required_during_scheduling_ignored_during_execution: Vec<PodAffinityTerm>,
        /// Weighted terms the scheduler tries to meet.
        "preferred_during_scheduling_ignored_during_execution" => preferred_during_scheduling_ignored_during_execution: Vec<WeightedPodAffinityTerm>,
    }
}

section! {
    /// A pod affinity term: the pods it is about, and the topology that counts as "near".
    ///
    /// ```
    /// use runner_config::model::kubernetes::affinity::PodAffinityTerm;
    ///
    /// let term: PodAffinityTerm = toml::from_str(r#"
    /// topology_key = "topology.kubernetes.io/zone"
    /// [label_selector.match_labels]
    /// team = "ci"
    /// "#)
    /// .unwrap();
    /// assert_eq!(term.topology_key.as_deref(), Some("topology.kubernetes.io/zone"));
    /// assert_eq!(term.label_selector.unwrap().match_labels["team"], "ci");
    /// ```
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
    ///
    /// ```
    /// use runner_config::model::kubernetes::affinity::LabelSelector;
    ///
    /// let selector: LabelSelector = toml::from_str(r#"
    /// match_labels = { app = "runner" }
    /// [[match_expressions]]
    /// key = "tier"
    /// operator = "NotIn"
    /// values = ["frontend"]
    /// "#)
    /// .unwrap();
    /// assert_eq!(selector.match_labels["app"], "runner");
    /// assert_eq!(selector.match_expressions[0].key.as_deref(), Some("tier"));
    /// ```
    pub struct LabelSelector in "[runners.kubernetes.affinity.…label_selector] / […namespace_selector]" {
        /// Labels that must be present with these exact values.
        "match_labels" => match_labels: BTreeMap<String, String>,
        /// Further requirements on labels.
        "match_expressions" => match_expressions: Vec<SelectorRequirement>,
    }
}

section! {
    /// A pod affinity term the scheduler tries to meet, with its weight.
    ///
    /// ```
    /// use runner_config::model::kubernetes::affinity::WeightedPodAffinityTerm;
    ///
    /// let weighted: WeightedPodAffinityTerm = toml::from_str(r#"
    /// weight = 10
    /// [pod_affinity_term]
    /// topology_key = "kubernetes.io/hostname"
    /// "#)
    /// .unwrap();
    /// assert_eq!(weighted.weight, Some(10));
    /// assert!(weighted.pod_affinity_term.unwrap().topology_key.is_some());
    /// ```
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
    ///
    /// ```
    /// use runner_config::model::kubernetes::affinity::PodAntiAffinity;
    ///
    /// let config = runner_config::load::load(r#"
    /// [[runners]]
    /// [[runners.kubernetes.affinity.pod_anti_affinity.preferred_during_scheduling_ignored_during_execution]]
    /// weight = 100
    /// pod_affinity_term = { topology_key = "kubernetes.io/hostname" }
    /// "#)
    /// .into_config()
    /// .unwrap();
    /// let kubernetes = config.runners[0].kubernetes.as_ref().unwrap();
    /// let affinity = kubernetes.affinity.as_ref().unwrap();
    /// let anti: &PodAntiAffinity = affinity.pod_anti_affinity.as_ref().unwrap();
    /// assert_eq!(anti.preferred_during_scheduling_ignored_during_execution[0].weight, Some(100));
    /// ```
    pub struct PodAntiAffinity in "[runners.kubernetes.affinity.pod_anti_affinity]" {
        /// Terms that must hold for the pod to be scheduled.
        "required_during_scheduling_ignored_during_execution" => required_during_scheduling_ignored_during_execution: Vec<PodAffinityTerm>,
        /// Weighted terms the scheduler tries to meet.
        "preferred_during_scheduling_ignored_during_execution" => preferred_during_scheduling_ignored_during_execution: Vec<WeightedPodAffinityTerm>,
    }
}
