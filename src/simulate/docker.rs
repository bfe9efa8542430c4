//! The Docker executor's fallback loop for one image, driven through
//! [`next_policy`] against a [`DockerDaemon`].

use super::{Action, Attempt, JobLogLine, Outcome};
use crate::policy::{
    self, FailureReason, LocalImage, PullError, PullPlan, PullPolicy, PullReference, StopReason,
    next_policy,
};

/// The Docker daemon, as the pull manager meets it once the local lookup
/// is done (the lookup's result is in the [`PullPlan`]).
pub trait DockerDaemon {
    /// One pull call of `reference` and, when it succeeds, the inspect
    /// after it: the image, or why it failed (a failed pull call, a failed
    /// inspect, a canceled job, …).
    fn pull(&mut self, reference: PullReference<'_>) -> policy::Outcome<'static>;
}

/// How the loop ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DockerEnd {
    /// The job uses this image.
    Image(LocalImage<'static>),
    /// No policy produced an image.
    Exhausted {
        /// The runner's final error: `failed to pull image "<image>" with
        /// specified policies [<list>]: <last error>`.
        error: String,
        /// The last policy attempt's error alone.
        last_error: Option<String>,
        /// The failure reason the job reports.
        reason: Option<FailureReason>,
        /// Why the loop stopped.
        stop: StopReason,
    },
}

/// Every step of one image's fallback loop and how it ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DockerRun {
    /// The steps, in order.
    pub attempts: Vec<Attempt>,
    /// The lines logged when the loop ended.
    pub closing_log: Vec<JobLogLine>,
    /// How it ended.
    pub end: DockerEnd,
}

/// Runs the Docker executor's fallback loop (`GetDockerImage`) for `plan`:
/// asks [`next_policy`] for each step, carries it out against `daemon`, and
/// records it. A lookup is recorded when the policy consults the local
/// copy (`if-not-present`, `never`) or a copy is used; `always` pulls
/// without a lookup entry.
///
/// ```
/// use runner_config::policy::{Failure, LocalImage, Outcome, PullPlan, PullPolicy, PullReference};
/// use runner_config::simulate::{docker_pull, DockerDaemon, DockerEnd};
///
/// struct Down;
/// impl DockerDaemon for Down {
///     fn pull(&mut self, _: PullReference<'_>) -> Outcome<'static> {
///         Outcome::Failed(Failure::pull("dial tcp 10.0.0.1:443: i/o timeout"))
///     }
/// }
///
/// let policies = [PullPolicy::Always, PullPolicy::IfNotPresent];
/// let plan = PullPlan::new("app:1", &policies, Ok(LocalImage::new("sha256:local")));
/// let run = docker_pull(&plan, &mut Down);
/// let actions: Vec<&str> = run.attempts.iter().map(|a| a.action.as_str()).collect();
/// assert_eq!(actions, ["pull", "pull", "pull", "use-local"]);
/// assert_eq!(run.end, DockerEnd::Image(LocalImage::new("sha256:local")));
/// ```
pub fn docker_pull<D: DockerDaemon + ?Sized>(plan: &PullPlan<'_>, daemon: &mut D) -> DockerRun {
    let mut history: Vec<policy::Attempt<'_>> = Vec::new();
    let mut attempts = Vec::new();
    // Each policy takes its pull calls (three unless the plan says
    // otherwise) plus one local step; the bound only guards against a plan
    // whose attempt limit would keep a failing daemon busy for ever.
    let limit = plan.policies().len().saturating_mul(1024).saturating_add(2);
    for _ in 0..limit {
        let decision = next_policy(plan, &history);
        let log: Vec<JobLogLine> = decision
            .log_lines()
            .map(|line| JobLogLine::from_line(&line))
            .collect();
        let outcome = match decision.action() {
            policy::Action::Succeeded { image, .. } => {
                let end = DockerEnd::Image(image.into_owned());
                return finish(attempts, log, end);
            }
            policy::Action::Exhausted(end) => {
                let end = DockerEnd::Exhausted {
                    error: super::world::scrub(&end.to_string()),
                    last_error: end
                        .last_error()
                        .map(|e| super::world::scrub(&e.to_string())),
                    reason: end.failure_reason(),
                    stop: end.stop(),
                };
                return finish(attempts, log, end);
            }
            policy::Action::UseLocal {
                index,
                policy,
                reason,
                ..
            } => {
                let mut attempt = step(index, policy, Action::UseLocal, log);
                attempt.local_use = Some(reason);
                attempts.push(attempt);
                decision.known_outcome()
            }
            policy::Action::FailPolicy {
                index,
                policy,
                failure,
            } => {
                let mut attempt = step(index, policy, Action::NoLocal, log);
                attempt.outcome = Outcome::Failed;
                attempt.failure = Some(failure_text(plan, failure));
                attempts.push(attempt);
                decision.known_outcome()
            }
            policy::Action::Pull {
                index,
                policy,
                reference,
            } => {
                let mut log = log;
                // `if-not-present` pulls only when the lookup found nothing.
                // The lookup comes after the lines that open the policy and
                // before `Pulling docker image …`, the decision's last line.
                if let (PullPolicy::IfNotPresent, Err(inspect_error)) = (policy, plan.local()) {
                    let pulling = log.split_off(log.len().saturating_sub(1));
                    let opening = std::mem::replace(&mut log, pulling);
                    let mut lookup = step(index, policy, Action::NoLocal, opening);
                    lookup.outcome = Outcome::Failed;
                    lookup.failure = Some(super::world::scrub(inspect_error));
                    attempts.push(lookup);
                }
                let attempt = step(index, policy, Action::Pull, log);
                Some(pull(plan, attempt, reference, 1, daemon, &mut attempts))
            }
            policy::Action::RetryPull {
                index,
                policy,
                reference,
                try_number,
                ..
            } => {
                let attempt = step(index, policy, Action::Pull, log);
                Some(pull(
                    plan,
                    attempt,
                    reference,
                    try_number,
                    daemon,
                    &mut attempts,
                ))
            }
        };
        // Local steps always know their outcome; were one missing, the
        // loop ends on the history it has.
        let Some(outcome) = outcome else { break };
        history.extend(decision.attempt(outcome));
    }
    let end = DockerEnd::Exhausted {
        error: "the simulation did not end".to_owned(),
        last_error: None,
        reason: None,
        stop: StopReason::AllPoliciesFailed,
    };
    finish(attempts, Vec::new(), end)
}

fn finish(attempts: Vec<Attempt>, closing_log: Vec<JobLogLine>, end: DockerEnd) -> DockerRun {
    DockerRun {
        attempts,
        closing_log,
        end,
    }
}

/// A step under `policy`, successful until said otherwise.
fn step(index: usize, policy: PullPolicy, action: Action, log: Vec<JobLogLine>) -> Attempt {
    Attempt {
        policy: Some(policy.as_str().to_owned()),
        policy_index: Some(index),
        pod: None,
        action,
        local_use: None,
        try_number: 0,
        outcome: Outcome::Ok,
        failure: None,
        log,
    }
}

/// The error text the runner carries for `failure`.
fn failure_text(plan: &PullPlan<'_>, failure: policy::Failure<'_>) -> String {
    super::world::scrub(&PullError::new(plan.image(), failure).to_string())
}

/// One pull call: asks the daemon, records the step, returns the outcome
/// for the history.
fn pull<D: DockerDaemon + ?Sized>(
    plan: &PullPlan<'_>,
    mut attempt: Attempt,
    reference: PullReference<'_>,
    try_number: u32,
    daemon: &mut D,
    attempts: &mut Vec<Attempt>,
) -> policy::Outcome<'static> {
    let outcome = daemon.pull(reference);
    attempt.try_number = try_number;
    if let policy::Outcome::Failed(failure) = &outcome {
        attempt.outcome = Outcome::Failed;
        attempt.failure = Some(failure_text(plan, failure.clone()));
    }
    attempts.push(attempt);
    outcome
}
