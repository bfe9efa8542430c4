//! Properties of the pull-policy core that must hold for every input, not
//! just the conformance vectors.

use proptest::prelude::*;
use runner_config::policy::{
    Action, AllowedPullPolicies, Attempt, ContainerPolicies, Decision, Failure,
    KubernetesPullCursor, KubernetesPullPolicy, LocalImage, Outcome, PullFailed, PullPlan,
    PullPolicy, PullPolicyList, RunnerPolicies, classify, next_policy,
};
use serde::{Deserialize, Serialize};

fn policy() -> impl Strategy<Value = PullPolicy> {
    prop::sample::select(PullPolicy::ALL.to_vec())
}

fn kubernetes_policy() -> impl Strategy<Value = KubernetesPullPolicy> {
    use KubernetesPullPolicy::*;
    prop::sample::select(vec![ClusterDefault, Always, IfNotPresent, Never])
}

/// Daemon messages covering every class, and the job-ending failures.
const MESSAGES: [&str; 5] = [
    "dial tcp 10.0.0.1:443: i/o timeout",
    "manifest unknown: manifest unknown",
    "pull access denied for app",
    "this is a test",
    "context deadline exceeded",
];

fn outcome() -> impl Strategy<Value = Outcome<'static>> {
    let message = prop::sample::select(MESSAGES.to_vec());
    prop_oneof![
        prop::sample::select(vec!["sha256:a", "sha256:b", "app:1"])
            .prop_map(|id| Outcome::Succeeded(LocalImage::new(id))),
        message
            .clone()
            .prop_map(|m| Outcome::Failed(Failure::pull(m))),
        message
            .clone()
            .prop_map(|m| Outcome::Failed(Failure::inspect_after_pull(m))),
        message
            .clone()
            .prop_map(|m| Outcome::Failed(Failure::Credentials(m.into()))),
        message.prop_map(|m| Outcome::Failed(Failure::NotFoundLocally(m.into()))),
        Just(Outcome::Failed(Failure::Canceled)),
        Just(Outcome::Failed(Failure::TimedOut {
            cause: "context deadline exceeded".into()
        })),
    ]
}

#[derive(Debug, Clone)]
struct PlanInput {
    image: &'static str,
    policies: Vec<PullPolicy>,
    local: Option<&'static str>,
    used: Option<&'static str>,
    max_attempts: u32,
}

fn plan_input() -> impl Strategy<Value = PlanInput> {
    (
        prop::sample::select(vec!["app:1", "app", "sha256:a", "registry:5000/app"]),
        prop::collection::vec(policy(), 0..6),
        prop::option::of(prop::sample::select(vec![
            "sha256:a", "sha256:b", "app:1", "",
        ])),
        prop::option::of(prop::sample::select(vec!["sha256:a", "sha256:b"])),
        0_u32..5,
    )
        .prop_map(|(image, policies, local, used, max_attempts)| PlanInput {
            image,
            policies,
            local,
            used,
            max_attempts,
        })
}

impl PlanInput {
    fn plan(&self) -> PullPlan<'_> {
        let local = match self.local {
            Some(id) => Ok(LocalImage::new(id)),
            None => Err("No such image"),
        };
        let plan =
            PullPlan::new(self.image, &self.policies, local).max_pull_attempts(self.max_attempts);
        match self.used {
            Some(id) => plan.already_used(id),
            None => plan,
        }
    }

    /// Steps a loop may take: every policy makes at most `limit` pull
    /// calls or one local step.
    fn bound(&self) -> usize {
        let limit = self.max_attempts.max(1) as usize;
        self.policies.len() * limit + self.policies.len()
    }
}

/// What the tests look at in one decision, kept once the history it
/// borrowed has moved on.
#[derive(Debug)]
struct Step {
    /// The policy the step belongs to, for steps that are not final.
    policy: Option<(usize, PullPolicy)>,
    is_final: bool,
    retry: bool,
}

impl Step {
    fn of(decision: &Decision<'_, '_>) -> Self {
        let policy = match decision.action() {
            Action::UseLocal { index, policy, .. }
            | Action::Pull { index, policy, .. }
            | Action::RetryPull { index, policy, .. }
            | Action::FailPolicy { index, policy, .. } => Some((index, policy)),
            Action::Succeeded { .. } | Action::Exhausted(_) => None,
        };
        Self {
            policy,
            is_final: decision.is_final(),
            retry: matches!(decision.action(), Action::RetryPull { .. }),
        }
    }
}

/// Runs the loop, answering every step that is not final with the next of
/// `outcomes` (cycled) when `arbitrary_local` is set, or the step's known
/// outcome for local steps otherwise. Returns the steps, final last.
fn drive<'a>(
    plan: &PullPlan<'a>,
    outcomes: &[Outcome<'a>],
    arbitrary_local: bool,
    max_steps: usize,
) -> Result<(Vec<Step>, Vec<Attempt<'a>>), TestCaseError> {
    let mut history = Vec::new();
    let mut steps = Vec::new();
    let mut answers = outcomes.iter().cycle();
    loop {
        let decision = next_policy(plan, &history);
        steps.push(Step::of(&decision));
        if decision.is_final() {
            return Ok((steps, history));
        }
        prop_assert!(
            history.len() <= max_steps,
            "loop longer than {max_steps}: {history:?}"
        );
        let known = decision.known_outcome().filter(|_| !arbitrary_local);
        let outcome = match known.or_else(|| answers.next().cloned()) {
            Some(outcome) => outcome,
            None => Outcome::Failed(Failure::Canceled),
        };
        let attempt = decision.attempt(outcome);
        prop_assert!(attempt.is_some());
        history.extend(attempt);
    }
}

/// Messages made of needle fragments (in any case, sometimes cut short)
/// and filler, so every group and the ordering between groups is hit.
fn classify_message() -> impl Strategy<Value = String> {
    let needles = vec![
        "dial tcp",
        "connection refused",
        "no such host",
        "i/o timeout",
        "tls handshake",
        "client.timeout exceeded",
        "request canceled",
        "connection reset",
        "not found",
        "manifest unknown",
        "pull access denied",
        "access to the resource is denied",
        "no basic auth credentials",
        "repository does not exist or may require",
        "unauthorized",
        "authentication required",
        "context deadline exceeded",
    ];
    let fragment = (prop::sample::select(needles), any::<bool>(), 0_usize..3).prop_map(
        |(needle, upper, cut)| {
            let needle = &needle[..needle.len() - cut];
            if upper {
                needle.to_uppercase()
            } else {
                needle.to_owned()
            }
        },
    );
    let piece = prop_oneof![fragment, "[ -~]{0,8}"];
    prop::collection::vec(piece, 0..4).prop_map(|pieces| pieces.concat())
}

proptest! {
    #[test]
    fn next_policy_stays_in_the_list_and_ends_in_bounds(
        input in plan_input(),
        outcomes in prop::collection::vec(outcome(), 1..12),
        arbitrary_local in any::<bool>(),
    ) {
        let plan = input.plan();
        let (steps, history) = drive(&plan, &outcomes, arbitrary_local, input.bound())?;
        prop_assert!(history.len() <= input.bound());
        for step in &steps {
            if let Some((index, policy)) = step.policy {
                prop_assert_eq!(input.policies.get(index), Some(&policy));
            }
        }
        // Only the last decision is final.
        let finals = steps.iter().filter(|s| s.is_final).count();
        prop_assert_eq!(finals, 1);
    }

    #[test]
    fn a_success_ends_the_loop(
        input in plan_input(),
        outcomes in prop::collection::vec(outcome(), 1..12),
        id in prop::sample::select(vec!["sha256:x", "app:1"]),
    ) {
        let plan = input.plan();
        let (_, mut history) = drive(&plan, &outcomes, true, input.bound())?;
        // Whatever happened so far, a recorded success is the end.
        let index = history.last().map_or(0, |a| a.policy_index);
        history.push(Attempt::new(index, Outcome::Succeeded(LocalImage::new(id))));
        let decision = next_policy(&plan, &history);
        prop_assert_eq!(decision.action(), Action::Succeeded { index, image: LocalImage::new(id) });
    }

    #[test]
    fn decisions_are_deterministic(
        input in plan_input(),
        outcomes in prop::collection::vec(outcome(), 1..12),
    ) {
        let plan = input.plan();
        let (_, history) = drive(&plan, &outcomes, true, input.bound())?;
        for len in 0..=history.len() {
            let prefix = &history[..len];
            let a = next_policy(&plan, prefix);
            let b = next_policy(&plan, prefix);
            let lines = |d: &Decision<'_, '_>| d.log_lines().map(|l| l.to_string()).collect::<Vec<_>>();
            prop_assert_eq!(lines(&a), lines(&b));
            prop_assert_eq!(a, b);
        }
    }

    #[test]
    fn transient_failures_are_retried_up_to_the_limit(
        max_attempts in 1_u32..6,
        policies in prop::collection::vec(Just(PullPolicy::Always), 1..4),
    ) {
        let plan = PullPlan::new("app:1", &policies, Err("No such image"))
            .max_pull_attempts(max_attempts);
        let down = [Outcome::Failed(Failure::pull("dial tcp: i/o timeout"))];
        let (steps, history) = drive(&plan, &down, false, usize::MAX)?;
        prop_assert_eq!(history.len(), policies.len() * max_attempts as usize);
        let retries = steps.iter().filter(|s| s.retry).count();
        prop_assert_eq!(retries, policies.len() * (max_attempts as usize - 1));
    }

    #[test]
    fn one_or_many_round_trips_through_toml(entries in prop::collection::vec(".{0,12}", 0..5)) {
        #[derive(Serialize, Deserialize)]
        struct Holder {
            pull_policy: PullPolicyList,
        }
        let written = toml::to_string(&Holder { pull_policy: PullPolicyList::new(entries.clone()) })
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let read: Holder = toml::from_str(&written).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(read.pull_policy.entries(), entries.as_slice());
    }

    #[test]
    fn a_string_and_a_one_element_array_mean_the_same(value in ".{0,16}") {
        let as_string = toml::Value::String(value.clone());
        let as_array = toml::Value::Array(vec![as_string.clone()]);
        let one = PullPolicyList::deserialize(as_string).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let many = PullPolicyList::deserialize(as_array).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&one, &many);
        let allowed = AllowedPullPolicies::default();
        let (a, b) = (RunnerPolicies::new(&one, &allowed), RunnerPolicies::new(&many, &allowed));
        prop_assert_eq!(a.docker_pull_policies(), b.docker_pull_policies());
        prop_assert_eq!(a.kubernetes_pull_policies(), b.kubernetes_pull_policies());
    }

    #[test]
    fn flag_form_splits_and_trims(items in prop::collection::vec("[a-z -]{0,10}", 1..5)) {
        let list = PullPolicyList::from_flag(&items.join(","));
        let joined = items.join(",");
        if joined.is_empty() {
            prop_assert!(list.is_unset());
        } else {
            let want: Vec<&str> = items.iter().map(|i| i.trim()).collect();
            prop_assert_eq!(list.entries(), want.as_slice());
        }
    }

    #[test]
    fn kubernetes_cursor_walks_its_list_then_stops(
        list in prop::collection::vec(kubernetes_policy(), 1..6),
        other in prop::collection::vec(kubernetes_policy(), 1..3),
    ) {
        let map: ContainerPolicies =
            [("build".to_owned(), list.clone()), ("helper".to_owned(), other.clone())]
                .into_iter()
                .collect();
        let mut cursor = KubernetesPullCursor::new(map);
        for (n, expected) in list.iter().enumerate() {
            let current = cursor.policy_for("build");
            prop_assert_eq!(current, Ok(*expected));
            prop_assert!(current.is_ok_and(|p| list.contains(&p)));
            let attempt = u32::try_from(n).unwrap_or(u32::MAX) + 1;
            let record = cursor.record_failure(attempt, "build", "app:1", "image pull failed: x");
            prop_assert_eq!(record.retry(), n + 1 < list.len());
            prop_assert_eq!(record.next_policy(), list.get(n + 1).copied());
            prop_assert_eq!(record.log_lines().count(), if record.retry() { 2 } else { 1 });
        }
        prop_assert_eq!(cursor.policy_for("build"), Err(PullFailed));
        prop_assert_eq!(cursor.failures("build"), list.len());
        // Other containers keep their own place.
        prop_assert_eq!(cursor.policy_for("helper"), Ok(other[0]));
    }

    #[test]
    fn classify_matches_lowercase_then_search(message in classify_message()) {
        // The runner's definition, with an allocation: lowercase, then
        // search the groups in order.
        let lower = message.to_lowercase();
        let any = |needles: &[&str]| needles.iter().any(|n| lower.contains(n));
        let transient = ["dial tcp", "connection refused", "no such host", "i/o timeout",
            "tls handshake", "client.timeout exceeded", "request canceled", "connection reset"];
        let configuration = ["not found", "manifest unknown", "pull access denied",
            "access to the resource is denied", "no basic auth credentials",
            "repository does not exist or may require", "unauthorized", "authentication required"];
        let want = if any(&transient) {
            "runner_external_dependency_failure"
        } else if any(&configuration) {
            "runner_configuration_error"
        } else {
            "image_pull_failure"
        };
        prop_assert_eq!(classify(&message).as_str(), want);
        // Upper-casing never changes the class.
        prop_assert_eq!(classify(&message.to_uppercase()), classify(&message));
    }
}
