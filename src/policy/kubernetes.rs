//! The Kubernetes executor's per-container policy map and its failure
//! cursor (`executors/kubernetes/internal/pull/manager.go`, semantics
//! §10.2–§10.4).
//!
//! Kubernetes has no in-process fallback loop: the pod spec carries one
//! policy per container, and when a container hits an image-pull error the
//! runner moves that container's cursor on and recreates the whole pod.

use super::KubernetesPullPolicy;
use super::log::{LogLevel, LogLine, Message};

/// What a container missing from the map gets: the cluster default.
const MISSING: &[KubernetesPullPolicy] = &[KubernetesPullPolicy::ClusterDefault];

/// The effective Kubernetes policies of each container of a job, keyed by
/// container name.
///
/// ```
/// use runner_config::policy::{ContainerPolicies, KubernetesPullPolicy};
///
/// let map: ContainerPolicies =
///     [("build".to_owned(), vec![KubernetesPullPolicy::Always])].into_iter().collect();
/// assert_eq!(map.get("build"), [KubernetesPullPolicy::Always]);
/// // A container with no entry gets the cluster default.
/// assert_eq!(map.get("init-build-uid-gid-collector"), [KubernetesPullPolicy::ClusterDefault]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContainerPolicies {
    containers: Vec<(String, Vec<KubernetesPullPolicy>)>,
}

impl ContainerPolicies {
    /// The list for `container`; `[""]` when the container has no entry,
    /// as `GetPullPolicyFor` does.
    pub fn get(&self, container: &str) -> &[KubernetesPullPolicy] {
        self.containers
            .iter()
            .find(|(name, _)| name == container)
            .map_or(MISSING, |(_, list)| list.as_slice())
    }

    /// Whether `container` has an entry.
    pub fn contains(&self, container: &str) -> bool {
        self.containers.iter().any(|(name, _)| name == container)
    }

    /// Every entry, in the order it was checked.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[KubernetesPullPolicy])> {
        self.containers
            .iter()
            .map(|(name, list)| (name.as_str(), list.as_slice()))
    }

    /// The `Using effective pull policy of […] for container <name>` line
    /// the runner logs for each entry.
    pub fn log_lines(&self) -> impl Iterator<Item = LogLine<'_>> {
        self.iter().map(|(container, policies)| {
            LogLine::new(
                LogLevel::Normal,
                Message::KubernetesEffective {
                    policies,
                    container,
                },
            )
        })
    }

    /// Sets a container's list, replacing an earlier entry of that name.
    pub(crate) fn insert(&mut self, container: String, policies: Vec<KubernetesPullPolicy>) {
        match self
            .containers
            .iter_mut()
            .find(|(name, _)| *name == container)
        {
            Some(entry) => entry.1 = policies,
            None => self.containers.push((container, policies)),
        }
    }
}

/// Later entries replace earlier ones with the same name, as in a map.
impl FromIterator<(String, Vec<KubernetesPullPolicy>)> for ContainerPolicies {
    fn from_iter<I: IntoIterator<Item = (String, Vec<KubernetesPullPolicy>)>>(iter: I) -> Self {
        let mut map = Self::default();
        for (container, policies) in iter {
            map.insert(container, policies);
        }
        map
    }
}

/// A container has used up its policy list (`GetPullPolicyFor`); building
/// it fails.
///
/// ```
/// use runner_config::policy::PullFailed;
///
/// assert_eq!(PullFailed.to_string(), "pull failed");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[error("pull failed")]
pub struct PullFailed;

/// The Kubernetes pull manager: one failure count per container name over
/// the whole job, each container moving through its own list.
///
/// ```
/// use runner_config::policy::{ContainerPolicies, KubernetesPullCursor, KubernetesPullPolicy};
///
/// let map: ContainerPolicies = [(
///     "build".to_owned(),
///     vec![KubernetesPullPolicy::Always, KubernetesPullPolicy::IfNotPresent],
/// )].into_iter().collect();
/// let mut cursor = KubernetesPullCursor::new(map);
/// assert_eq!(cursor.policy_for("build"), Ok(KubernetesPullPolicy::Always));
///
/// let failure = cursor.record_failure(1, "build", "app:1", "image pull failed: not found");
/// assert!(failure.retry());
/// let lines: Vec<String> = failure.log_lines().map(|l| l.to_string()).collect();
/// assert_eq!(lines, [
///     r#"Failed to pull image "app:1" for container "build" with policy "Always": image pull failed: not found"#,
///     r#"Attempt #2: Trying "IfNotPresent" pull policy for "app:1" image for container "build""#,
/// ]);
/// assert_eq!(cursor.policy_for("build"), Ok(KubernetesPullPolicy::IfNotPresent));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KubernetesPullCursor {
    policies: ContainerPolicies,
    failures: Vec<(String, usize)>,
}

impl KubernetesPullCursor {
    /// A cursor with no failures yet.
    pub fn new(policies: ContainerPolicies) -> Self {
        Self {
            policies,
            failures: Vec::new(),
        }
    }

    /// The map the cursor walks.
    pub fn policies(&self) -> &ContainerPolicies {
        &self.policies
    }

    /// How many pull failures `container` has had.
    pub fn failures(&self, container: &str) -> usize {
        self.failures
            .iter()
            .find(|(name, _)| name == container)
            .map_or(0, |(_, count)| *count)
    }

    /// The policy `container` is built with now: the entry after as many
    /// failures as it has had, or [`PullFailed`] once they are used up. A
    /// container without an entry has the list `[""]`.
    pub fn policy_for(&self, container: &str) -> Result<KubernetesPullPolicy, PullFailed> {
        self.policies
            .get(container)
            .get(self.failures(container))
            .copied()
            .ok_or(PullFailed)
    }

    /// Records an image-pull failure of `container` (`UpdatePolicyForContainer`)
    /// and says whether the pod should be recreated.
    ///
    /// `attempt` is the pod-attempt counter of the run (1 for the first
    /// pod, shared by all containers); the log announces `attempt + 1`.
    /// The warning names the policy in use before the failure, which reads
    /// `""` when the list was already used up (Go's zero value).
    pub fn record_failure<'a>(
        &mut self,
        attempt: u32,
        container: &'a str,
        image: &'a str,
        message: &'a str,
    ) -> FailureRecord<'a> {
        let failed = self
            .policy_for(container)
            .unwrap_or(KubernetesPullPolicy::ClusterDefault);
        match self.failures.iter_mut().find(|(name, _)| name == container) {
            Some((_, count)) => *count = count.saturating_add(1),
            None => self.failures.push((container.to_owned(), 1)),
        }
        let next = self.policy_for(container).ok();
        FailureRecord {
            attempt,
            container,
            image,
            message,
            failed,
            next,
        }
    }
}

/// The result of [`KubernetesPullCursor::record_failure`]: whether to retry
/// and what the runner logs.
///
/// ```
/// use runner_config::policy::{ContainerPolicies, KubernetesPullCursor, LogLevel};
///
/// let mut cursor = KubernetesPullCursor::new(ContainerPolicies::default());
/// let record = cursor.record_failure(1, "build", "app:1", "image pull failed: x");
/// assert!(!record.retry()); // `[""]` is used up after one failure
/// let lines: Vec<_> = record.log_lines().collect();
/// assert_eq!(lines.len(), 1);
/// assert_eq!(lines[0].level(), LogLevel::Warning);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailureRecord<'a> {
    attempt: u32,
    container: &'a str,
    image: &'a str,
    message: &'a str,
    failed: KubernetesPullPolicy,
    next: Option<KubernetesPullPolicy>,
}

impl<'a> FailureRecord<'a> {
    /// Whether the container has another policy, so the runner recreates
    /// the pod.
    pub const fn retry(&self) -> bool {
        self.next.is_some()
    }

    /// The policy the container will use next, if any.
    pub const fn next_policy(&self) -> Option<KubernetesPullPolicy> {
        self.next
    }

    /// The warning about the failure and, when there is a next policy, the
    /// line announcing it.
    pub fn log_lines(&self) -> impl Iterator<Item = LogLine<'a>> + use<'a> {
        let failed = LogLine::new(
            LogLevel::Warning,
            Message::KubernetesFailed {
                image: self.image,
                container: self.container,
                policy: self.failed,
                message: self.message,
            },
        );
        let attempt = u64::from(self.attempt).saturating_add(1);
        let next = self.next.map(|policy| {
            LogLine::new(
                LogLevel::Info,
                Message::KubernetesAttempt {
                    number: attempt,
                    policy,
                    image: self.image,
                    container: self.container,
                },
            )
        });
        std::iter::once(failed).chain(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use KubernetesPullPolicy::*;

    #[test]
    fn exhausted_container_logs_the_zero_policy() {
        let map: ContainerPolicies = [("build".to_owned(), vec![Always])].into_iter().collect();
        let mut cursor = KubernetesPullCursor::new(map);
        assert!(!cursor.record_failure(1, "build", "app:1", "x").retry());
        assert_eq!(cursor.policy_for("build"), Err(PullFailed));
        let again = cursor.record_failure(2, "build", "app:1", "x");
        let lines: Vec<String> = again.log_lines().map(|l| l.to_string()).collect();
        assert_eq!(
            lines,
            [r#"Failed to pull image "app:1" for container "build" with policy "": x"#]
        );
        assert_eq!(cursor.failures("build"), 2);
    }

    #[test]
    fn containers_move_independently() {
        let map: ContainerPolicies = [
            ("build".to_owned(), vec![Always, IfNotPresent]),
            ("helper".to_owned(), vec![Always, IfNotPresent]),
        ]
        .into_iter()
        .collect();
        let mut cursor = KubernetesPullCursor::new(map);
        let record = cursor.record_failure(1, "build", "app:1", "x");
        assert_eq!(record.next_policy(), Some(IfNotPresent));
        assert_eq!(cursor.policy_for("helper"), Ok(Always));
        assert_eq!(cursor.policy_for("build"), Ok(IfNotPresent));
        assert_eq!(cursor.policies().iter().count(), 2);
    }

    #[test]
    fn later_entries_replace_earlier_ones() {
        let map: ContainerPolicies = [
            ("a".to_owned(), vec![Always]),
            ("a".to_owned(), vec![Never]),
        ]
        .into_iter()
        .collect();
        assert_eq!(map.get("a"), [Never]);
        assert!(map.contains("a"));
        assert!(!map.contains("b"));
        let lines: Vec<String> = map.log_lines().map(|l| l.to_string()).collect();
        assert_eq!(
            lines,
            ["Using effective pull policy of [Never] for container a"]
        );
    }

    #[test]
    fn cluster_default_prints_empty() {
        let map: ContainerPolicies = [("build".to_owned(), vec![ClusterDefault, Always])]
            .into_iter()
            .collect();
        let lines: Vec<String> = map.log_lines().map(|l| l.to_string()).collect();
        assert_eq!(
            lines,
            ["Using effective pull policy of [ Always] for container build"]
        );
    }
}
