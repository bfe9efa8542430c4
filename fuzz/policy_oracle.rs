//! What must hold for the pull-policy decision loops, whatever the policies
//! and whatever the registry answers. Shared by the `next_policy` fuzz
//! target and `tests/fuzz_corpus.rs` (included with `#[path]`), so the
//! stable corpus test asserts exactly what the fuzzer asserts.
//!
//! The input is plain bytes read by [`Bytes`] (no `arbitrary`, so the
//! corpus replays on stable without the fuzzer's crates): the first byte
//! picks Docker or Kubernetes, the rest the scenario.
//!
//! Docker ([`docker`]): a policy list (0–8 entries, duplicates and `never`
//! included), a local copy or none (or one whose ID is the image name), an
//! image already used by the job or not, an attempt limit (the default 3,
//! sometimes 0–5), and one registry answer per pull call (an image, or a
//! failed pull, inspect, credentials lookup, cancellation or timeout, with
//! transient and permanent messages). Invariants:
//!
//! 1. the loop ends within `limit × policies + 1` decisions, where `limit`
//!    is the attempt limit (at least 1) and never less than one step per
//!    policy: `3 × policies + 1` with the default;
//! 2. pull calls per policy never exceed the attempt limit (3 by default),
//!    and a retry only follows a transient pull failure of the same policy;
//! 3. nothing panics, including formatting every log line and the final
//!    error;
//! 4. the final decision is consistent with the history: the steps walk the
//!    policies in order without skipping one; `never` never pulls;
//!    `if-not-present` with a local copy never pulls; a local copy is only
//!    used when there is one; success names the image the last step
//!    produced; exhaustion carries the last step's failure, its reason and
//!    stop, and unless the job ended, every policy was tried; asking again
//!    gives the same decision.
//!
//! Kubernetes ([`kubernetes`]): a container → policy-list map (lists
//! empty, with duplicates, names repeated), a pod of containers (some
//! without an entry, `init-permissions` built with `helper`'s policy), and
//! a kubelet that answers each pod attempt from the input. Invariants: the
//! cursor's policy for a container is its list's entry after as many
//! failures as it had; a failure is retried exactly when a policy is left;
//! the pod loop ends within (policies of the pod's and the failed
//! containers' lists) + 1 attempts; its end matches its last pod.

use std::borrow::Cow;

use runner_config::policy::{
    Action, Attempt, ContainerPolicies, Failure, KubernetesPullCursor, KubernetesPullPolicy,
    LocalImage, LocalUse, Outcome, PullPlan, PullPolicy, StopReason, next_policy,
};
use runner_config::simulate::{
    self, ContainerSpec, Kubelet, KubernetesEnd, PodContainer, PodPull, PodStart,
};

/// Reads the input a byte at a time; past its end every read is 0.
pub struct Bytes<'a>(&'a [u8]);

impl<'a> Bytes<'a> {
    /// A reader over `data`.
    pub fn new(data: &'a [u8]) -> Self {
        Self(data)
    }

    /// The next byte, or 0 once the input is used up.
    pub fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((first, rest)) => {
                self.0 = rest;
                *first
            }
            None => 0,
        }
    }

    /// The next byte modulo `n` (`n > 0`).
    pub fn below(&mut self, n: u8) -> u8 {
        self.byte() % n
    }
}

const IMAGE: &str = "registry.example.com/app:1";

/// Errors a daemon returns, from each class the runner tells apart: the
/// first ones are transient (retried within a policy), the others are not.
const PULL_ERRORS: [&str; 8] = [
    "Get \"https://registry.example.com/v2/\": dial tcp 10.0.0.1:443: i/o timeout",
    "Error response from daemon: Get \"https://registry.example.com/v2/\": net/http: TLS handshake timeout",
    "read tcp 10.0.0.2:51234->10.0.0.1:443: read: connection reset by peer",
    "Error response from daemon: manifest for registry.example.com/app:1 not found: manifest unknown",
    "Error response from daemon: pull access denied for app, repository does not exist or may require 'docker login'",
    "toomanyrequests: You have reached your pull rate limit",
    "context deadline exceeded",
    "",
];

/// Runs the oracle for one input; panics with a description on a violation.
pub fn check_bytes(data: &[u8]) {
    let mut input = Bytes::new(data);
    if input.below(2) == 0 {
        docker(&mut input);
    } else {
        kubernetes(&mut input);
    }
}

fn pull_policy(input: &mut Bytes<'_>) -> PullPolicy {
    PullPolicy::ALL[usize::from(input.below(3))]
}

/// What the daemon answers to one pull call.
fn pull_outcome(input: &mut Bytes<'_>, call: usize) -> Outcome<'static> {
    let message = |input: &mut Bytes<'_>| PULL_ERRORS[usize::from(input.below(8))];
    match input.below(8) {
        0 | 1 => Outcome::Succeeded(LocalImage::new(format!("sha256:pulled{call}"))),
        2 => Outcome::Succeeded(
            LocalImage::new(format!("sha256:pulled{call}")).with_digest("app@sha256:9f0e"),
        ),
        3 | 4 => Outcome::Failed(Failure::pull(message(input))),
        5 => Outcome::Failed(Failure::inspect_after_pull(message(input))),
        6 => Outcome::Failed(Failure::Credentials(Cow::Borrowed(
            "error getting credentials",
        ))),
        _ => match input.below(2) {
            0 => Outcome::Failed(Failure::Canceled),
            _ => Outcome::Failed(Failure::TimedOut {
                cause: Cow::Borrowed("context deadline exceeded"),
            }),
        },
    }
}

/// The Docker fallback loop over `next_policy`, step by step, then the
/// same plan through `simulate::docker_pull`.
pub fn docker(input: &mut Bytes<'_>) {
    let policies: Vec<PullPolicy> = (0..input.below(9)).map(|_| pull_policy(input)).collect();
    let image = match input.below(4) {
        0 => "alpine",
        1 => "sha256:local",
        _ => IMAGE,
    };
    let local = match input.below(3) {
        0 => Err("Error response from daemon: No such image: registry.example.com/app:1"),
        1 => Ok(LocalImage::new("sha256:local")),
        _ => Ok(LocalImage::new("sha256:local").with_digest("app@sha256:1a2b")),
    };
    let mut plan = PullPlan::new(image, &policies, local);
    match input.below(3) {
        0 => {}
        1 => plan = plan.already_used("sha256:local"),
        _ => plan = plan.already_used("sha256:older"),
    }
    let attempts = match input.byte() {
        // The default most of the time; otherwise 0 to 5.
        0..=199 => PullPlan::DEFAULT_MAX_PULL_ATTEMPTS,
        other => u32::from(other % 6),
    };
    plan = plan.max_pull_attempts(attempts);
    if input.below(4) == 0 {
        plan = plan.platform("linux/arm64");
    }
    let limit = usize::try_from(attempts.max(1)).expect("small");
    let bound = limit * policies.len() + 1;

    let answers: Vec<Outcome<'static>> = (0..bound).map(|call| pull_outcome(input, call)).collect();
    let mut answers_left = answers.iter();
    let mut history: Vec<Attempt<'_>> = Vec::new();
    let mut pulls_per_policy = vec![0usize; policies.len()];
    let mut decisions = 0;
    let end = loop {
        decisions += 1;
        assert!(
            decisions <= bound,
            "{decisions} decisions for {} policies (attempt limit {attempts}): {policies:?}, history {history:?}",
            policies.len()
        );
        let decision = next_policy(&plan, &history);
        assert_eq!(
            decision,
            next_policy(&plan, &history),
            "next_policy is deterministic"
        );
        for line in decision.log_lines() {
            let _ = line.prefixed().to_string();
        }
        let action = decision.action();
        let outcome = match &action {
            Action::Succeeded { .. } | Action::Exhausted(_) => {
                assert!(
                    decision
                        .attempt(Outcome::Failed(Failure::Canceled))
                        .is_none()
                );
                break action;
            }
            Action::UseLocal {
                policy,
                reason,
                image: used,
                index,
            } => {
                let Ok(local) = plan.local() else {
                    panic!("a local copy used without one: {action:?}")
                };
                assert_eq!(used, local);
                assert_step_starts_policy(&history, *index);
                match reason {
                    LocalUse::Never => assert_eq!(*policy, PullPolicy::Never),
                    LocalUse::IfNotPresent => assert_eq!(*policy, PullPolicy::IfNotPresent),
                    LocalUse::ById => assert_eq!(local.id, image),
                    LocalUse::AlreadyUsed => {}
                }
                decision
                    .known_outcome()
                    .expect("a local step knows its outcome")
            }
            Action::FailPolicy { policy, index, .. } => {
                assert_eq!(
                    *policy,
                    PullPolicy::Never,
                    "only `never` fails without a pull"
                );
                assert!(plan.local().is_err(), "`never` failed with a local copy");
                assert_step_starts_policy(&history, *index);
                decision
                    .known_outcome()
                    .expect("a local step knows its outcome")
            }
            Action::Pull {
                index,
                policy,
                reference,
            }
            | Action::RetryPull {
                index,
                policy,
                reference,
                ..
            } => {
                assert_ne!(*policy, PullPolicy::Never, "`never` pulled");
                if *policy == PullPolicy::IfNotPresent {
                    assert!(
                        plan.local().is_err(),
                        "`if-not-present` pulled over a local copy"
                    );
                }
                assert_eq!(reference.image(), image);
                assert_eq!(policies.get(*index), Some(policy));
                pulls_per_policy[*index] += 1;
                assert!(
                    pulls_per_policy[*index] <= limit,
                    "{} pull calls under policy {index} (limit {limit})",
                    pulls_per_policy[*index]
                );
                if let Action::RetryPull {
                    try_number, after, ..
                } = &action
                {
                    let Some(Attempt {
                        policy_index,
                        outcome: Outcome::Failed(failed),
                    }) = history.last()
                    else {
                        panic!("a retry after no failure: {history:?}")
                    };
                    assert_eq!(policy_index, index, "a retry under another policy");
                    assert_eq!(failed, after);
                    assert!(
                        matches!(failed, Failure::Pull { class, .. } if class.is_transient()),
                        "a retry after a failure that is not transient: {failed:?}"
                    );
                    assert_eq!(
                        usize::try_from(*try_number).ok(),
                        Some(pulls_per_policy[*index])
                    );
                } else {
                    assert_step_starts_policy(&history, *index);
                }
                answers_left
                    .next()
                    .cloned()
                    .expect("one answer per pull call within the bound")
            }
        };
        let attempt = decision
            .attempt(outcome)
            .expect("a step that is not final is recorded");
        history.push(attempt);
    };
    assert_final_matches_history(&plan, &history, &end);
    let _ = format!("{end:?}");

    // The simulator drives the same loop against a daemon that gives the
    // same answers in the same order; it must end the same way.
    let mut daemon = Replay(answers.iter());
    let run = simulate::docker_pull(&plan, &mut daemon);
    match (&end, &run.end) {
        (Action::Succeeded { image, .. }, simulate::DockerEnd::Image(got)) => {
            assert_eq!(image.clone().into_owned(), *got)
        }
        (Action::Exhausted(end), simulate::DockerEnd::Exhausted { reason, stop, .. }) => {
            assert_eq!(end.failure_reason(), *reason);
            assert_eq!(end.stop(), *stop);
        }
        (ours, theirs) => panic!("next_policy ended with {ours:?}, docker_pull with {theirs:?}"),
    }
}

struct Replay<'a>(std::slice::Iter<'a, Outcome<'static>>);

impl simulate::DockerDaemon for Replay<'_> {
    fn pull(&mut self, _: runner_config::policy::PullReference<'_>) -> Outcome<'static> {
        self.0
            .next()
            .cloned()
            .unwrap_or(Outcome::Failed(Failure::Canceled))
    }
}

/// A step that is not a retry opens the policy after the last one tried
/// (or the first), and only after a failure.
#[track_caller]
fn assert_step_starts_policy(history: &[Attempt<'_>], index: usize) {
    match history.last() {
        None => assert_eq!(index, 0, "the loop starts with the first policy"),
        Some(last) => {
            assert!(
                matches!(last.outcome, Outcome::Failed(_)),
                "the loop went on after a success"
            );
            assert_eq!(index, last.policy_index + 1, "a policy skipped or repeated");
        }
    }
}

#[track_caller]
fn assert_final_matches_history(plan: &PullPlan<'_>, history: &[Attempt<'_>], end: &Action<'_>) {
    let policies = plan.policies();
    for pair in history.windows(2) {
        assert!(
            matches!(pair[0].outcome, Outcome::Failed(_)),
            "a step after a success: {history:?}"
        );
        let (a, b) = (pair[0].policy_index, pair[1].policy_index);
        assert!(b == a || b == a + 1, "steps out of order: {history:?}");
    }
    match end {
        Action::Succeeded { index, image } => {
            let Some(Attempt {
                policy_index,
                outcome: Outcome::Succeeded(last),
            }) = history.last()
            else {
                panic!("success without a successful step: {history:?}")
            };
            assert_eq!(index, policy_index);
            assert_eq!(image, last);
            assert!(*index < policies.len());
        }
        Action::Exhausted(exhausted) => {
            assert_eq!(exhausted.policies(), policies);
            let _ = exhausted.to_string();
            match history.last() {
                None => {
                    assert!(policies.is_empty(), "exhausted before trying {policies:?}");
                    assert!(exhausted.last_error().is_none());
                    assert_eq!(exhausted.stop(), StopReason::AllPoliciesFailed);
                }
                Some(Attempt {
                    policy_index,
                    outcome: Outcome::Failed(failure),
                }) => {
                    let error = exhausted.last_error().expect("the last step's error");
                    assert_eq!(error.failure(), failure);
                    assert_eq!(exhausted.failure_reason(), failure.reason());
                    let stop = match failure {
                        Failure::Canceled => StopReason::JobCanceled,
                        Failure::TimedOut { .. } => StopReason::JobTimedOut,
                        _ => StopReason::AllPoliciesFailed,
                    };
                    assert_eq!(exhausted.stop(), stop);
                    if stop == StopReason::AllPoliciesFailed {
                        assert_eq!(*policy_index + 1, policies.len(), "a policy left untried");
                    }
                }
                Some(last) => panic!("exhausted after a success: {last:?}"),
            }
        }
        other => panic!("not a final action: {other:?}"),
    }
}

const CONTAINERS: [&str; 6] = [
    "build",
    "helper",
    "init-permissions",
    "svc-0",
    "svc-1",
    "svc-0",
];

fn kubernetes_policy(input: &mut Bytes<'_>) -> KubernetesPullPolicy {
    match input.below(4) {
        0 => KubernetesPullPolicy::ClusterDefault,
        1 => KubernetesPullPolicy::Always,
        2 => KubernetesPullPolicy::IfNotPresent,
        _ => KubernetesPullPolicy::Never,
    }
}

/// The Kubernetes cursor, failure by failure, then the pod loop of
/// `simulate::kubernetes_pull` against a kubelet that answers from the
/// input.
pub fn kubernetes(input: &mut Bytes<'_>) {
    let entries: Vec<(String, Vec<KubernetesPullPolicy>)> = (0..input.below(6))
        .map(|_| {
            let name = CONTAINERS[usize::from(input.below(6))].to_owned();
            let list = (0..input.below(5))
                .map(|_| kubernetes_policy(input))
                .collect();
            (name, list)
        })
        .collect();
    let mut entries = entries;
    // The runner gives `init-permissions` the build image's policies, like
    // `helper` (`dockerPullPoliciesPerContainer`); the pod builds it with
    // `helper`'s entry.
    if let Some((_, helper)) = entries.iter().rev().find(|(name, _)| name == "helper") {
        let helper = helper.clone();
        entries.retain(|(name, _)| name != "init-permissions");
        entries.push(("init-permissions".to_owned(), helper));
    } else {
        entries.retain(|(name, _)| name != "init-permissions");
    }
    let map: ContainerPolicies = entries.iter().cloned().collect();
    // Later entries replace earlier ones, as in a Go map.
    for (name, _) in &entries {
        let last = entries
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .expect("present");
        assert_eq!(map.get(name), last.1.as_slice());
    }

    // The cursor alone, with failures in any order, some of containers
    // without an entry.
    let mut cursor = KubernetesPullCursor::new(map.clone());
    let mut failures = std::collections::HashMap::<&str, usize>::new();
    for attempt in 0..input.below(16) {
        let container = CONTAINERS[usize::from(input.below(6))];
        let before = cursor.policy_for(container);
        let record = cursor.record_failure(
            u32::from(attempt) + 1,
            container,
            IMAGE,
            "image pull failed: x",
        );
        let count = failures.entry(container).or_default();
        *count += 1;
        assert_eq!(cursor.failures(container), *count);
        let list = map.get(container);
        assert_eq!(cursor.policy_for(container).ok(), list.get(*count).copied());
        assert_eq!(record.retry(), *count < list.len());
        assert_eq!(record.next_policy(), list.get(*count).copied());
        let lines: Vec<String> = record.log_lines().map(|l| l.to_string()).collect();
        assert_eq!(lines.len(), 1 + usize::from(record.retry()));
        if let Ok(policy) = before {
            assert_eq!(Some(policy), list.get(*count - 1).copied());
        }
    }

    // The pod loop.
    let pod: Vec<PodContainer<'_>> = (0..input.below(5) + 1)
        .map(|_| PodContainer {
            name: CONTAINERS[usize::from(input.below(6))],
            image: IMAGE,
            init: input.below(2) == 0,
        })
        .collect();
    let answers: Vec<u8> = (0..64).map(|_| input.byte()).collect();
    let mut kubelet = Answers {
        answers: answers.iter(),
        pods: 0,
    };
    let run = simulate::kubernetes_pull(
        KubernetesPullCursor::new(map.clone()),
        &pod,
        1,
        &mut kubelet,
    );
    assert_eq!(
        run.pods.len(),
        kubelet.pods,
        "every pod attempt is recorded"
    );
    let policies_in_play: usize = CONTAINERS
        .iter()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .map(|name| map.get(name).len())
        .sum();
    assert!(
        run.pods.len() <= policies_in_play + 1,
        "{} pod attempts with {policies_in_play} policies in play",
        run.pods.len()
    );
    for (i, attempt) in run.pods.iter().enumerate() {
        assert_eq!(attempt.number, u32::try_from(i).expect("small") + 1);
        let last = i + 1 == run.pods.len();
        if !last {
            assert!(
                matches!(attempt.start, PodStart::PullFailed { .. }),
                "a pod recreated after {:?}",
                attempt.start
            );
        }
    }
    match (&run.end, run.pods.last().map(|p| &p.start)) {
        (KubernetesEnd::Running, Some(PodStart::Running)) => {}
        (
            KubernetesEnd::Failed {
                container: None, ..
            },
            Some(PodStart::Refused { .. } | PodStart::Pending),
        ) => {}
        (
            KubernetesEnd::Failed {
                container: Some(c), ..
            },
            Some(PodStart::PullFailed { container, .. }),
        ) => {
            // The failed container's policies are used up, or the next pod
            // could not be built.
            assert!(c == container || run.cursor.policy_for(c).is_err());
        }
        (
            KubernetesEnd::Failed {
                container: Some(c), ..
            },
            _,
        ) => {
            assert!(
                run.cursor.policy_for(c).is_err(),
                "{c} failed with a policy left"
            )
        }
        (end, last) => panic!("the loop ended with {end:?} after {last:?}"),
    }
}

/// A kubelet that answers each pod attempt from the input.
struct Answers<'a> {
    answers: std::slice::Iter<'a, u8>,
    pods: usize,
}

impl Kubelet for Answers<'_> {
    fn start(&mut self, _: u32, pod: &[ContainerSpec<'_>], _: &mut Vec<PodPull>) -> PodStart {
        self.pods += 1;
        let answer = self.answers.next().copied().unwrap_or(0);
        // The runner reports a container of the pod (from its status).
        let failed = |index: u8| {
            let container = pod
                .get(usize::from(index) % pod.len().max(1))
                .map_or("build", |c| c.name);
            PodStart::PullFailed {
                container: container.to_owned(),
                image: IMAGE.to_owned(),
                message: "image pull failed: manifest unknown".to_owned(),
                reason: runner_config::policy::FailureReason::ConfigurationError,
            }
        };
        match answer % 7 {
            0 => PodStart::Running,
            1 => PodStart::Pending,
            2 => PodStart::Refused {
                error: "InvalidImageName".to_owned(),
                reason: None,
            },
            _ => failed(answer / 7),
        }
    }
}
