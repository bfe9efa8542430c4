//! The Kubernetes executor's pull-retry loop (`executor.withPullRetry`,
//! semantics §10.2–§10.4), pod by pod, over the library's
//! [`KubernetesPullCursor`].
//!
//! Each pod attempt puts every container's current policy on the pod spec;
//! the [`Kubelet`] starts the pod and says what the runner sees: a running
//! pod, an image-pull error on one container (the cursor of that container
//! moves on and the pod is recreated while it has a policy left), an error
//! that ends the job, or a pod that never starts.

use super::{Action, JobLogLine, Outcome};
use crate::policy::{FailureReason, KubernetesPullCursor, KubernetesPullPolicy};

/// The container whose cursor `container` is built with. The runner builds
/// `init-permissions` with the policy it looks up under `helper`
/// (`buildPermissionsInitContainer`), while a pull failure moves the
/// `init-permissions` cursor (§10.4).
fn policy_source(container: &str) -> &str {
    match container {
        "init-permissions" => "helper",
        other => other,
    }
}

/// One container of the pod template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PodContainer<'a> {
    /// The container name (`build`, `helper`, `init-permissions`, `svc-0`, …).
    pub name: &'a str,
    /// Its image.
    pub image: &'a str,
    /// An init container: init containers run one after the other before
    /// the others start.
    pub init: bool,
}

/// One container of a pod attempt, with the policy on its spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContainerSpec<'a> {
    /// The container name.
    pub name: &'a str,
    /// Its image.
    pub image: &'a str,
    /// An init container.
    pub init: bool,
    /// `imagePullPolicy` on the spec ([`KubernetesPullPolicy::ClusterDefault`]
    /// when the field is left out).
    pub image_pull_policy: KubernetesPullPolicy,
}

/// What the kubelet did with one container's image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodPull {
    /// The container.
    pub container: String,
    /// The policy the kubelet applied (the API server's choice for a
    /// left-out one).
    pub applied: KubernetesPullPolicy,
    /// What it did.
    pub action: Action,
    /// How it went.
    pub outcome: Outcome,
    /// The kubelet's message when it failed.
    pub failure: Option<String>,
    /// The container's waiting reason when it could not start.
    pub waiting: Option<&'static str>,
}

/// What the runner sees of a pod attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PodStart {
    /// Every image is there; the job runs.
    Running,
    /// A container waits with `ErrImagePull` or `ImagePullBackOff`: a
    /// `pull.ImagePullError`.
    PullFailed {
        /// The container the runner reports.
        container: String,
        /// Its image, as the container status names it.
        image: String,
        /// The error's message: `image pull failed: <kubelet message>`.
        message: String,
        /// `ClassifyImagePullFailure` of the kubelet's message.
        reason: FailureReason,
    },
    /// An error that ends the job without trying another policy
    /// (`InvalidImageName`).
    Refused {
        /// The runner's error.
        error: String,
        /// Its failure reason.
        reason: Option<FailureReason>,
    },
    /// The pod never starts and no error is recognised (`ErrImageNeverPull`):
    /// the runner waits for `poll_timeout`, then fails the job.
    Pending,
}

/// The cluster, as the pull-retry loop meets it.
pub trait Kubelet {
    /// Starts pod attempt `attempt` with these containers; records what it
    /// did with each image in `pulls` and says what the runner sees.
    fn start(
        &mut self,
        attempt: u32,
        pod: &[ContainerSpec<'_>],
        pulls: &mut Vec<PodPull>,
    ) -> PodStart;
}

/// One pod attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodAttempt {
    /// The attempt counter of the run (the runner's `attempt`).
    pub number: u32,
    /// Every container and the policy on its spec, in template order.
    pub spec: Vec<(String, KubernetesPullPolicy)>,
    /// What the kubelet did with each image.
    pub pulls: Vec<PodPull>,
    /// What the runner saw.
    pub start: PodStart,
    /// What the runner logged about it (a failed pull and the next policy).
    pub log: Vec<JobLogLine>,
}

/// How the loop ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KubernetesEnd {
    /// The pod runs.
    Running,
    /// The job fails with this error.
    Failed {
        /// The runner's error.
        error: String,
        /// Its failure reason, if the runner attaches one.
        reason: Option<FailureReason>,
        /// The container whose failure ended the job, if one did.
        container: Option<String>,
    },
}

/// Every pod attempt, the end, and the cursor as the loop left it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodRun {
    /// The pod attempts, in order.
    pub pods: Vec<PodAttempt>,
    /// How the loop ended.
    pub end: KubernetesEnd,
    /// The cursor at the end.
    pub cursor: KubernetesPullCursor,
}

/// Runs the Kubernetes executor's pull-retry loop: builds each pod from
/// the cursor, lets `kubelet` start it, records a pull failure on the
/// cursor (with the runner's log lines) and recreates the pod while the
/// failed container has a policy left. `first_attempt` is the runner's
/// attempt counter for the first pod (1 in `Run`).
///
/// ```
/// use runner_config::policy::{ContainerPolicies, FailureReason, KubernetesPullCursor,
///                             KubernetesPullPolicy as K};
/// use runner_config::simulate::{kubernetes_pull, ContainerSpec, Kubelet, KubernetesEnd,
///                               PodContainer, PodPull, PodStart};
///
/// /// A registry that fails the first pull only.
/// struct Flaky(bool);
/// impl Kubelet for Flaky {
///     fn start(&mut self, _: u32, pod: &[ContainerSpec<'_>], _: &mut Vec<PodPull>) -> PodStart {
///         if std::mem::replace(&mut self.0, false) {
///             PodStart::PullFailed {
///                 container: pod[0].name.to_owned(),
///                 image: pod[0].image.to_owned(),
///                 message: "image pull failed: i/o timeout".to_owned(),
///                 reason: FailureReason::ExternalDependencyFailure,
///             }
///         } else {
///             PodStart::Running
///         }
///     }
/// }
///
/// let map: ContainerPolicies =
///     [("build".to_owned(), vec![K::Always, K::IfNotPresent])].into_iter().collect();
/// let build = PodContainer { name: "build", image: "app:1", init: false };
/// let run = kubernetes_pull(KubernetesPullCursor::new(map), &[build], 1, &mut Flaky(true));
/// assert_eq!(run.end, KubernetesEnd::Running);
/// assert_eq!(run.pods.len(), 2);
/// assert_eq!(run.pods[1].spec, [("build".to_owned(), K::IfNotPresent)]);
/// ```
pub fn kubernetes_pull<K: Kubelet + ?Sized>(
    mut cursor: KubernetesPullCursor,
    containers: &[PodContainer<'_>],
    first_attempt: u32,
    kubelet: &mut K,
) -> PodRun {
    let mut pods = Vec::new();
    let mut attempt = first_attempt;
    // Each failure uses up one policy of one container, so the loop ends;
    // the bound only guards against a kubelet that never stops failing
    // containers the cursor does not know.
    let limit = containers
        .iter()
        .map(|c| cursor.policies().get(policy_source(c.name)).len())
        .sum::<usize>()
        .saturating_add(containers.len())
        .saturating_add(1);
    for _ in 0..limit {
        let mut spec = Vec::with_capacity(containers.len());
        for container in containers {
            match cursor.policy_for(policy_source(container.name)) {
                Ok(policy) => spec.push(ContainerSpec {
                    name: container.name,
                    image: container.image,
                    init: container.init,
                    image_pull_policy: policy,
                }),
                Err(error) => {
                    // `GetPullPolicyFor` fails: building the pod fails.
                    let end = KubernetesEnd::Failed {
                        error: error.to_string(),
                        reason: None,
                        container: Some(container.name.to_owned()),
                    };
                    return PodRun { pods, end, cursor };
                }
            }
        }
        let mut pulls = Vec::new();
        let start = kubelet.start(attempt, &spec, &mut pulls);
        let spec = spec
            .iter()
            .map(|s| (s.name.to_owned(), s.image_pull_policy))
            .collect();
        let mut pod = PodAttempt {
            number: attempt,
            spec,
            pulls,
            start: start.clone(),
            log: Vec::new(),
        };
        let end = match start {
            PodStart::Running => Some(KubernetesEnd::Running),
            PodStart::Refused { error, reason } => Some(KubernetesEnd::Failed {
                error,
                reason,
                container: None,
            }),
            PodStart::Pending => Some(KubernetesEnd::Failed {
                error: "timed out waiting for pod to start (last phase: Pending)".to_owned(),
                reason: None,
                container: None,
            }),
            PodStart::PullFailed {
                container,
                image,
                message,
                reason,
            } => {
                let record = cursor.record_failure(attempt, &container, &image, &message);
                pod.log = record
                    .log_lines()
                    .map(|line| JobLogLine::from_line(&line))
                    .collect();
                let retry = record.retry();
                (!retry).then(|| KubernetesEnd::Failed {
                    // `ImagePullError.Error()`.
                    error: super::world::scrub(&format!(
                        "pulling image {} for container {container}: {message}",
                        crate::policy::gofmt::Quoted(&image)
                    )),
                    reason: Some(reason),
                    container: Some(container),
                })
            }
        };
        pods.push(pod);
        if let Some(end) = end {
            return PodRun { pods, end, cursor };
        }
        attempt = attempt.saturating_add(1);
    }
    let end = KubernetesEnd::Failed {
        error: "pull failed".to_owned(),
        reason: None,
        container: None,
    };
    PodRun { pods, end, cursor }
}
