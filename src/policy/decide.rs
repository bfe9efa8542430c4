//! The Docker executor's fallback loop as a pure decision function
//! (`executors/docker/internal/pull/manager.go`, semantics §8.1–§8.3).
//!
//! The runner walks the effective policy list inside one call to
//! `GetDockerImage`: each policy gets a local lookup and, depending on the
//! policy and what the lookup found, either uses the local copy, fails, or
//! pulls (with up to three tries when the registry is unreachable). Here the
//! walk is split into steps: [`next_policy`] looks at what the executor knew
//! before it started ([`PullPlan`]) and at what happened so far (a slice of
//! [`Attempt`]s) and names the next step ([`Decision`]). The executor
//! carries the step out, records its [`Outcome`] and asks again, until the
//! decision is final.
//!
//! The history owns what it records: a Docker client hands over its errors
//! and image IDs as `String`s, and they go straight into it (a
//! [`Cow`](std::borrow::Cow) also takes borrowed text, without a copy). A
//! [`Decision`] only borrows the plan and the history for as long as it is
//! looked at, so the loop records each outcome as it comes.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::hash::BuildHasher;

use super::PullPolicy;
use super::classify::{FailureClass, FailureReason, classify};
use super::gofmt::{List, Quoted};
use super::log::{LogLevel, LogLine, Message};

/// An image as the Docker daemon describes it after an inspect. Its texts
/// are borrowed or owned: an ID a client returns as a `String` moves in.
///
/// ```
/// use runner_config::policy::LocalImage;
///
/// let image = LocalImage::new("sha256:4a1c").with_digest("alpine@sha256:9f0e");
/// assert_eq!(image.id, "sha256:4a1c");
/// let pulled: LocalImage<'static> = LocalImage::new(String::from("sha256:9c1b"));
/// assert_eq!(pulled.repo_digest, None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LocalImage<'a> {
    /// The image ID (`sha256:…`).
    pub id: Cow<'a, str>,
    /// The first of the image's repository digests, if it has any; the
    /// runner mentions it when it logs which image it uses.
    pub repo_digest: Option<Cow<'a, str>>,
}

impl<'a> LocalImage<'a> {
    /// An image with this ID and no repository digest.
    pub fn new(id: impl Into<Cow<'a, str>>) -> Self {
        Self {
            id: id.into(),
            repo_digest: None,
        }
    }

    /// The same image with its first repository digest.
    #[must_use]
    pub fn with_digest(self, repo_digest: impl Into<Cow<'a, str>>) -> Self {
        Self {
            repo_digest: Some(repo_digest.into()),
            ..self
        }
    }

    /// The same image owning its texts, to keep it after the loop.
    pub fn into_owned(self) -> LocalImage<'static> {
        LocalImage {
            id: Cow::Owned(self.id.into_owned()),
            repo_digest: self.repo_digest.map(|d| Cow::Owned(d.into_owned())),
        }
    }

    /// A copy that borrows this one's texts: no allocation.
    pub(crate) fn borrowed(&self) -> LocalImage<'_> {
        LocalImage {
            id: Cow::Borrowed(&self.id),
            repo_digest: self.repo_digest.as_deref().map(Cow::Borrowed),
        }
    }
}

/// The reference the runner sends to the daemon when it pulls an image:
/// the image name, with `:latest` added when the name contains neither `:`
/// nor `@` (so `host:5000/img` is sent unchanged).
///
/// ```
/// use runner_config::policy::PullReference;
///
/// assert_eq!(PullReference::new("alpine").to_string(), "alpine:latest");
/// assert_eq!(PullReference::new("alpine:3.19").to_string(), "alpine:3.19");
/// assert_eq!(PullReference::new("registry:5000/app").to_string(), "registry:5000/app");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PullReference<'a>(&'a str);

impl<'a> PullReference<'a> {
    /// The reference for this image name.
    pub const fn new(image: &'a str) -> Self {
        Self(image)
    }

    /// The image name as the job gave it.
    pub const fn image(&self) -> &'a str {
        self.0
    }

    /// Whether `:latest` is added. The test is the runner's
    /// `strings.ContainsAny(ref, ":@")`, not a real reference parser.
    pub fn adds_latest(&self) -> bool {
        !self.0.contains([':', '@'])
    }
}

impl fmt::Display for PullReference<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)?;
        if self.adds_latest() {
            f.write_str(":latest")
        } else {
            Ok(())
        }
    }
}

/// What the Docker executor knows before it pulls one image: the effective
/// policies, the image name, what a local lookup found, which image this job
/// already used under the same name, and the number of pull calls one
/// policy attempt may make.
///
/// ```
/// use runner_config::policy::{LocalImage, PullPlan, PullPolicy};
///
/// let policies = [PullPolicy::Always, PullPolicy::IfNotPresent];
/// let plan = PullPlan::new("registry.example.com/app:1", &policies,
///                          Ok(LocalImage::new("sha256:1f2e")))
///     .max_pull_attempts(3);
/// assert_eq!(plan.policies(), policies);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullPlan<'a> {
    image: &'a str,
    policies: &'a [PullPolicy],
    local: Result<LocalImage<'a>, &'a str>,
    used: Option<&'a str>,
    max_pull_attempts: u32,
    platform: Option<&'a str>,
}

impl<'a> PullPlan<'a> {
    /// Pull calls per policy attempt unless changed
    /// (`defaultPullMaxAttempts`).
    pub const DEFAULT_MAX_PULL_ATTEMPTS: u32 = 3;

    /// A plan for `image` (the expanded name the job gave) under the
    /// effective `policies`. `local` is the result of inspecting the image
    /// locally: the image, or the inspect error's text (what `never` fails
    /// with when there is no local copy).
    pub const fn new(
        image: &'a str,
        policies: &'a [PullPolicy],
        local: Result<LocalImage<'a>, &'a str>,
    ) -> Self {
        Self {
            image,
            policies,
            local,
            used: None,
            max_pull_attempts: Self::DEFAULT_MAX_PULL_ATTEMPTS,
            platform: None,
        }
    }

    /// This job already used the image ID `id` under this image name (the
    /// pull manager's used-images map). If the local copy still has that
    /// ID, the runner uses it without looking at the policy.
    pub const fn already_used(mut self, id: &'a str) -> Self {
        self.used = Some(id);
        self
    }

    /// Like [`PullPlan::already_used`], looked up in the job's map from
    /// image name to the ID used.
    pub fn used_images<S: BuildHasher>(self, used: &'a HashMap<String, String, S>) -> Self {
        Self {
            used: used.get(self.image).map(String::as_str),
            ..self
        }
    }

    /// At most `attempts` pull calls per policy attempt (a value below 1
    /// still makes one call).
    pub const fn max_pull_attempts(mut self, attempts: u32) -> Self {
        self.max_pull_attempts = attempts;
        self
    }

    /// The `docker.platform` image option; it only changes the `Pulling`
    /// log line here.
    pub const fn platform(mut self, platform: &'a str) -> Self {
        self.platform = Some(platform);
        self
    }

    /// The image name.
    pub const fn image(&self) -> &'a str {
        self.image
    }

    /// The effective policies, in the order they are tried.
    pub const fn policies(&self) -> &'a [PullPolicy] {
        self.policies
    }

    /// What the local lookup found: the image, or the inspect error's text.
    pub fn local(&self) -> Result<&LocalImage<'a>, &'a str> {
        self.local.as_ref().map_err(|error| *error)
    }

    /// The reference a pull sends to the daemon.
    pub const fn reference(&self) -> PullReference<'a> {
        PullReference(self.image)
    }

    fn attempt_limit(&self) -> usize {
        usize::try_from(self.max_pull_attempts.max(1)).unwrap_or(usize::MAX)
    }
}

/// Why a policy attempt failed, as the executor observed it. The texts
/// are borrowed or owned: an error a client returns as a `String` moves in.
///
/// ```
/// use runner_config::policy::{Failure, FailureClass, FailureReason};
///
/// let failure = Failure::pull("Get \"https://r.example/v2/\": dial tcp 10.0.0.1:443: i/o timeout");
/// assert!(matches!(failure, Failure::Pull { class: FailureClass::ExternalDependency, .. }));
/// assert_eq!(failure.reason(), Some(FailureReason::ExternalDependencyFailure));
/// assert_eq!(Failure::NotFoundLocally("No such image: app:1".into()).reason(), None);
///
/// // What a Docker client hands over.
/// let error: String = String::from("manifest unknown");
/// let owned: Failure<'static> = Failure::pull(error);
/// assert_eq!(owned.reason(), Some(FailureReason::ConfigurationError));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Failure<'a> {
    /// The local lookup found nothing; the text is the inspect error. This
    /// is how `never` fails without a local copy.
    NotFoundLocally(Cow<'a, str>),
    /// Registry credentials could not be resolved, so nothing was pulled.
    /// Not retried.
    Credentials(Cow<'a, str>),
    /// The daemon's pull call failed. Retried only when `class` is
    /// transient. Build it with [`Failure::pull`] to classify the message as
    /// the runner does.
    Pull {
        /// The message's class.
        class: FailureClass,
        /// The daemon's error text.
        message: Cow<'a, str>,
    },
    /// The pull succeeded but the inspect after it failed. Not retried.
    InspectAfterPull {
        /// The message's class.
        class: FailureClass,
        /// The inspect error's text.
        message: Cow<'a, str>,
    },
    /// A pull call or the inspect after it failed while the job had been
    /// canceled. Never retried.
    Canceled,
    /// A pull call or the inspect after it failed after the job's deadline
    /// had passed. `cause` is the deadline's cause (usually
    /// `context deadline exceeded`). Never retried.
    TimedOut {
        /// The text of the job context's cause.
        cause: Cow<'a, str>,
    },
}

impl<'a> Failure<'a> {
    /// A failed pull call, classified from its message (§8.4).
    pub fn pull(message: impl Into<Cow<'a, str>>) -> Self {
        let message = message.into();
        Self::Pull {
            class: classify(&message),
            message,
        }
    }

    /// A failed inspect after a successful pull, classified from its
    /// message.
    pub fn inspect_after_pull(message: impl Into<Cow<'a, str>>) -> Self {
        let message = message.into();
        Self::InspectAfterPull {
            class: classify(&message),
            message,
        }
    }

    /// The same failure owning its texts, to keep it after the loop.
    pub fn into_owned(self) -> Failure<'static> {
        let own = |text: Cow<'a, str>| Cow::Owned(text.into_owned());
        match self {
            Self::NotFoundLocally(message) => Failure::NotFoundLocally(own(message)),
            Self::Credentials(message) => Failure::Credentials(own(message)),
            Self::Pull { class, message } => Failure::Pull {
                class,
                message: own(message),
            },
            Self::InspectAfterPull { class, message } => Failure::InspectAfterPull {
                class,
                message: own(message),
            },
            Self::Canceled => Failure::Canceled,
            Self::TimedOut { cause } => Failure::TimedOut { cause: own(cause) },
        }
    }

    /// A copy that borrows this one's texts: no allocation.
    pub(crate) fn borrowed(&self) -> Failure<'_> {
        match self {
            Self::NotFoundLocally(message) => Failure::NotFoundLocally(Cow::Borrowed(message)),
            Self::Credentials(message) => Failure::Credentials(Cow::Borrowed(message)),
            Self::Pull { class, message } => Failure::Pull {
                class: *class,
                message: Cow::Borrowed(message),
            },
            Self::InspectAfterPull { class, message } => Failure::InspectAfterPull {
                class: *class,
                message: Cow::Borrowed(message),
            },
            Self::Canceled => Failure::Canceled,
            Self::TimedOut { cause } => Failure::TimedOut {
                cause: Cow::Borrowed(cause),
            },
        }
    }

    /// The failure reason the job reports for it, if the runner attaches
    /// one. The local lookup and credential errors are plain errors
    /// without a reason.
    pub const fn reason(&self) -> Option<FailureReason> {
        match self {
            Self::NotFoundLocally(_) | Self::Credentials(_) => None,
            Self::Pull { class, .. } | Self::InspectAfterPull { class, .. } => {
                Some(FailureReason::from_class(*class))
            }
            Self::Canceled => Some(FailureReason::JobCanceled),
            Self::TimedOut { .. } => Some(FailureReason::JobExecutionTimeout),
        }
    }

    /// Whether another pull call may follow within the same policy attempt:
    /// only a failed pull call whose message is transient
    /// (`shouldRetryImagePull`).
    const fn is_retryable(&self) -> bool {
        matches!(self, Self::Pull { class, .. } if class.is_transient())
    }

    const fn ends_job(&self) -> bool {
        matches!(self, Self::Canceled | Self::TimedOut { .. })
    }
}

/// A failure with the image it concerns: formats as the error text the
/// runner carries for it.
///
/// ```
/// use runner_config::policy::{Failure, PullError};
///
/// let err = PullError::new("app:1", Failure::inspect_after_pull("no such host"));
/// assert_eq!(err.to_string(), r#"inspecting image "app:1" after pull: no such host"#);
/// assert_eq!(PullError::new("app:1", Failure::Canceled).to_string(), "canceled");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PullError<'a> {
    image: &'a str,
    failure: Failure<'a>,
}

impl<'a> PullError<'a> {
    /// The error for `failure` while getting `image`.
    pub const fn new(image: &'a str, failure: Failure<'a>) -> Self {
        Self { image, failure }
    }

    /// What failed.
    pub const fn failure(&self) -> &Failure<'a> {
        &self.failure
    }

    /// The failure reason the job reports, if any.
    pub const fn reason(&self) -> Option<FailureReason> {
        self.failure.reason()
    }
}

impl fmt::Display for PullError<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.failure {
            Failure::NotFoundLocally(message)
            | Failure::Credentials(message)
            | Failure::Pull { message, .. } => f.write_str(message),
            Failure::InspectAfterPull { message, .. } => {
                write!(
                    f,
                    "inspecting image {} after pull: {message}",
                    Quoted(self.image)
                )
            }
            // `common.ErrJobCanceled`.
            Failure::Canceled => f.write_str("canceled"),
            Failure::TimedOut { cause } => f.write_str(cause),
        }
    }
}

impl std::error::Error for PullError<'_> {}

/// What happened when the executor carried out a decision.
///
/// ```
/// use runner_config::policy::{Failure, LocalImage, Outcome};
///
/// let pulled = Outcome::Succeeded(LocalImage::new("sha256:9c1b"));
/// let failed = Outcome::Failed(Failure::pull("manifest unknown"));
/// assert_ne!(pulled, failed);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Outcome<'a> {
    /// The image is available: pulled and inspected, or the local copy the
    /// decision named.
    Succeeded(LocalImage<'a>),
    /// The step failed.
    Failed(Failure<'a>),
}

/// One step the executor took and its outcome, in the order taken.
///
/// ```
/// use runner_config::policy::{Attempt, Failure, Outcome};
///
/// let attempt = Attempt::new(0, Outcome::Failed(Failure::pull("i/o timeout")));
/// assert_eq!(attempt.policy_index, 0);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Attempt<'a> {
    /// Index into the plan's policies of the policy the step belonged to.
    pub policy_index: usize,
    /// What happened.
    pub outcome: Outcome<'a>,
}

impl<'a> Attempt<'a> {
    /// A step under the policy at `policy_index` and its outcome.
    pub const fn new(policy_index: usize, outcome: Outcome<'a>) -> Self {
        Self {
            policy_index,
            outcome,
        }
    }
}

/// Why a policy uses the local copy without pulling.
///
/// ```
/// use runner_config::policy::{next_policy, Action, LocalImage, LocalUse, PullPlan, PullPolicy};
///
/// let policies = [PullPolicy::IfNotPresent];
/// let plan = PullPlan::new("app:1", &policies, Ok(LocalImage::new("sha256:aa")));
/// assert!(matches!(next_policy(&plan, &[]).action(),
///                  Action::UseLocal { reason: LocalUse::IfNotPresent, .. }));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LocalUse {
    /// This job already used the same name with the same ID; the policy
    /// is not consulted at all (§8.2 step 2).
    AlreadyUsed,
    /// The job named the image by its full ID, which is also what the
    /// local copy has; even `always` does not pull.
    ById,
    /// `if-not-present` with a local copy.
    IfNotPresent,
    /// `never` with a local copy.
    Never,
}

/// Why the fallback loop ended without an image.
///
/// ```
/// use runner_config::policy::{next_policy, Action, Attempt, Failure, Outcome, PullPlan,
///                             PullPolicy, StopReason};
///
/// let policies = [PullPolicy::Always];
/// let plan = PullPlan::new("app:1", &policies, Err("No such image: app:1"));
/// let history = [Attempt::new(0, Outcome::Failed(Failure::Canceled))];
/// let Action::Exhausted(end) = next_policy(&plan, &history).action() else { panic!() };
/// assert_eq!(end.stop(), StopReason::JobCanceled);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StopReason {
    /// Every policy was tried and failed.
    AllPoliciesFailed,
    /// The job was canceled during a pull.
    JobCanceled,
    /// The job ran out of time during a pull.
    JobTimedOut,
}

/// The end of a fallback loop that produced no image: formats as the
/// runner's final error,
/// `failed to pull image "<image>" with specified policies [<list>]: <last error>`.
///
/// ```
/// use runner_config::policy::{next_policy, Action, Attempt, Failure, FailureReason, Outcome,
///                             PullPlan, PullPolicy};
///
/// let policies = [PullPolicy::Always];
/// let plan = PullPlan::new("app:1", &policies, Err("No such image: app:1"));
/// let history = [Attempt::new(0, Outcome::Failed(Failure::pull("manifest unknown")))];
/// let Action::Exhausted(end) = next_policy(&plan, &history).action() else { panic!() };
/// assert_eq!(end.to_string(),
///            r#"failed to pull image "app:1" with specified policies [always]: manifest unknown"#);
/// assert_eq!(end.failure_reason(), Some(FailureReason::ConfigurationError));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exhausted<'a> {
    plan: &'a PullPlan<'a>,
    last: Option<PullError<'a>>,
}

impl<'a> Exhausted<'a> {
    /// The effective policies the loop worked through.
    pub const fn policies(&self) -> &'a [PullPolicy] {
        self.plan.policies
    }

    /// The error of the last policy attempt (`None` only for an empty
    /// policy list).
    pub const fn last_error(&self) -> Option<&PullError<'a>> {
        self.last.as_ref()
    }

    /// The failure reason the job reports: the last error's, since the
    /// runner keeps it wrapped.
    pub fn failure_reason(&self) -> Option<FailureReason> {
        self.last.as_ref().and_then(PullError::reason)
    }

    /// Why the loop ended.
    pub fn stop(&self) -> StopReason {
        match self.last.as_ref().map(PullError::failure) {
            Some(Failure::Canceled) => StopReason::JobCanceled,
            Some(Failure::TimedOut { .. }) => StopReason::JobTimedOut,
            _ => StopReason::AllPoliciesFailed,
        }
    }
}

impl fmt::Display for Exhausted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "failed to pull image {} with specified policies {}: ",
            Quoted(self.plan.image),
            List(self.plan.policies)
        )?;
        match &self.last {
            Some(error) => error.fmt(f),
            // What Go's `%w` prints for a nil error: the loop never ran.
            None => f.write_str("%!w(<nil>)"),
        }
    }
}

impl std::error::Error for Exhausted<'_> {}

/// The next step of the fallback loop.
///
/// ```
/// use runner_config::policy::{next_policy, Action, PullPlan, PullPolicy};
///
/// let policies = [PullPolicy::Never];
/// let plan = PullPlan::new("app:1", &policies, Err("No such image: app:1"));
/// match next_policy(&plan, &[]).action() {
///     Action::FailPolicy { policy, .. } => assert_eq!(policy, PullPolicy::Never),
///     other => panic!("{other:?}"),
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action<'a> {
    /// Use the local copy without pulling; record
    /// `Outcome::Succeeded(image)` (see [`Decision::known_outcome`]).
    UseLocal {
        /// Index of the policy in the plan.
        index: usize,
        /// The policy.
        policy: PullPolicy,
        /// The local copy.
        image: LocalImage<'a>,
        /// Why no pull is needed.
        reason: LocalUse,
    },
    /// Resolve credentials and pull `reference` (the first pull call of
    /// this policy attempt), then inspect the result.
    Pull {
        /// Index of the policy in the plan.
        index: usize,
        /// The policy.
        policy: PullPolicy,
        /// What to send to the daemon.
        reference: PullReference<'a>,
    },
    /// The last pull call failed on a transient error: pull again within
    /// the same policy attempt. The runner waits first (2 s before try 2,
    /// 2–4 s before try 3, jittered); the wait is the executor's business.
    RetryPull {
        /// Index of the policy in the plan.
        index: usize,
        /// The policy.
        policy: PullPolicy,
        /// What to send to the daemon.
        reference: PullReference<'a>,
        /// Which pull call of this policy attempt this is: 2, 3, …
        try_number: u32,
        /// Why the previous call failed.
        after: Failure<'a>,
    },
    /// This policy fails without a pull (`never` and no local copy); record
    /// `Outcome::Failed(failure)` and move on.
    FailPolicy {
        /// Index of the policy in the plan.
        index: usize,
        /// The policy.
        policy: PullPolicy,
        /// The failure, the local lookup's error.
        failure: Failure<'a>,
    },
    /// Done: use this image.
    Succeeded {
        /// Index of the policy that produced it.
        index: usize,
        /// The image.
        image: LocalImage<'a>,
    },
    /// Done: no policy produced an image.
    Exhausted(Exhausted<'a>),
}

/// What [`next_policy`] says to do next, and what the runner logs for it.
///
/// ```
/// use runner_config::policy::{next_policy, Action, PullPlan, PullPolicy};
///
/// let policies = [PullPolicy::Always];
/// let plan = PullPlan::new("alpine", &policies, Err("No such image: alpine"));
/// let decision = next_policy(&plan, &[]);
/// let Action::Pull { reference, .. } = decision.action() else { panic!() };
/// assert_eq!(reference.to_string(), "alpine:latest");
/// assert!(!decision.is_final());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision<'h, 'p> {
    plan: &'h PullPlan<'p>,
    /// Borrows the plan and the history: no allocation.
    action: Action<'h>,
    /// The loop starts here: log the effective list first.
    opening: bool,
    /// The previous policy attempt failed just before this decision; its
    /// warning comes first.
    after_failure: Option<(PullPolicy, PullError<'h>)>,
}

impl<'h, 'p> Decision<'h, 'p> {
    /// The step to take. It borrows the plan and the history: copying it
    /// out allocates nothing.
    pub fn action(&self) -> Action<'h> {
        self.action.clone()
    }

    /// Whether the loop is over (succeeded or exhausted).
    pub const fn is_final(&self) -> bool {
        matches!(self.action, Action::Succeeded { .. } | Action::Exhausted(_))
    }

    /// Index of the policy this step belongs to (`None` once exhausted).
    pub const fn policy_index(&self) -> Option<usize> {
        match &self.action {
            Action::UseLocal { index, .. }
            | Action::Pull { index, .. }
            | Action::RetryPull { index, .. }
            | Action::FailPolicy { index, .. }
            | Action::Succeeded { index, .. } => Some(*index),
            Action::Exhausted(_) => None,
        }
    }

    /// The outcome of a step that needs nothing from the daemon: using the
    /// local copy succeeds, and `never` without a local copy fails. `None`
    /// for pulls (the executor reports those) and final decisions.
    ///
    /// The outcome holds the plan's texts, not the history's, so it can be
    /// recorded in the history this decision borrows; it copies the plan's
    /// local image, which costs nothing when the plan borrows its texts.
    pub fn known_outcome(&self) -> Option<Outcome<'p>> {
        match (&self.action, &self.plan.local) {
            (Action::UseLocal { .. }, Ok(local)) => Some(Outcome::Succeeded(local.clone())),
            (Action::FailPolicy { .. }, Err(inspect_error)) => Some(Outcome::Failed(
                Failure::NotFoundLocally(Cow::Borrowed(inspect_error)),
            )),
            _ => None,
        }
    }

    /// The history entry for carrying out this decision with `outcome`;
    /// `None` for final decisions. The entry does not borrow the decision,
    /// so it can go straight into the history the decision was made from.
    pub fn attempt<'o>(&self, outcome: Outcome<'o>) -> Option<Attempt<'o>> {
        if self.is_final() {
            return None;
        }
        self.policy_index()
            .map(|index| Attempt::new(index, outcome))
    }

    /// The lines the runner writes to the job log for this step, in order.
    pub fn log_lines(&self) -> impl Iterator<Item = LogLine<'h>> + use<'h, 'p> {
        let plan = self.plan;
        let opening = self.opening.then(|| {
            LogLine::new(
                LogLevel::Normal,
                Message::DockerEffective {
                    policies: plan.policies,
                    image: plan.image,
                },
            )
        });
        let failed = self.after_failure.clone().map(|(policy, error)| {
            LogLine::new(
                LogLevel::Warning,
                Message::DockerPolicyFailed { policy, error },
            )
        });
        // Attempt 1 gets no "Attempt" line; later policies announce
        // themselves when they start.
        let announce = match self.action {
            Action::UseLocal { index, policy, .. }
            | Action::Pull { index, policy, .. }
            | Action::FailPolicy { index, policy, .. }
                if index > 0 =>
            {
                Some(LogLine::new(
                    LogLevel::Info,
                    Message::DockerAttempt {
                        number: index.saturating_add(1),
                        policy,
                    },
                ))
            }
            _ => None,
        };
        let step = match &self.action {
            Action::UseLocal {
                reason: LocalUse::IfNotPresent,
                ..
            } => Some(LogLine::new(LogLevel::Normal, Message::UsingLocal)),
            Action::Pull { .. } => Some(LogLine::new(
                LogLevel::Normal,
                Message::Pulling {
                    image: plan.image,
                    platform: plan.platform,
                },
            )),
            Action::RetryPull {
                try_number, after, ..
            } => Some(LogLine::new(
                LogLevel::Warning,
                Message::DockerRetrying {
                    image: plan.image,
                    failed_try: try_number.saturating_sub(1),
                    error: PullError::new(plan.image, after.clone()),
                },
            )),
            // `markImageAsUsed` logs the ID unless the job named the image
            // by that very ID.
            Action::Succeeded { image, .. } if image.id != plan.image => Some(LogLine::new(
                LogLevel::Normal,
                Message::UsingImage {
                    image: image.clone(),
                    name: plan.image,
                },
            )),
            _ => None,
        };
        [opening, failed, announce, step].into_iter().flatten()
    }
}

/// The next step of the Docker executor's fallback loop, given the plan and
/// the steps taken so far.
///
/// The loop, as the runner runs it: for each policy in order, a local copy
/// this job already used under the same name is taken as is; `never` uses
/// the local copy or fails; a local copy whose ID is the image name is used
/// as is; `if-not-present` uses the local copy; anything else pulls. A pull
/// that fails on a transient (network) error is tried again, up to the
/// plan's attempt limit; any other failure moves on to the next policy,
/// and when none is left the loop is exhausted. A canceled or timed-out job
/// ends the loop at once (the runner would move on, but with the job's
/// context done every remaining policy fails immediately too).
///
/// Every step that is not final goes into `history` as one [`Attempt`]
/// (see [`Decision::attempt`]); the function only reads the last entries,
/// so a step costs O(1) plus a scan back over the retries of the current
/// policy. It is pure, deterministic and allocation-free: the decision
/// borrows the plan and the history (`'h`), whose texts (`'p`) are the
/// plan's or the executor's own, owned or borrowed. An attempt whose
/// policy index is outside the plan ends the loop.
///
/// ```
/// use runner_config::policy::{next_policy, Action, Failure, LocalImage, Outcome, PullPlan,
///                             PullPolicy};
///
/// // A Docker client: its errors are owned strings.
/// fn pull(_reference: &str) -> Result<String, String> {
///     Err("dial tcp 10.0.0.1:443: i/o timeout".to_owned())
/// }
///
/// // `["always", "if-not-present"]`, the registry is down, a local copy exists.
/// let policies = [PullPolicy::Always, PullPolicy::IfNotPresent];
/// let plan = PullPlan::new("app:1", &policies, Ok(LocalImage::new("sha256:local")));
///
/// let mut history = Vec::new();
/// let mut log = Vec::new();
/// let image = loop {
///     let decision = next_policy(&plan, &history);
///     log.extend(decision.log_lines().map(|line| line.prefixed().to_string()));
///     let outcome = match decision.action() {
///         Action::Succeeded { image, .. } => break Ok(image.id.into_owned()),
///         Action::Exhausted(end) => break Err(end.to_string()),
///         Action::Pull { reference, .. } | Action::RetryPull { reference, .. } => {
///             match pull(&reference.to_string()) {
///                 Ok(id) => Outcome::Succeeded(LocalImage::new(id)),
///                 Err(error) => Outcome::Failed(Failure::pull(error)),
///             }
///         }
///         _ => decision.known_outcome().expect("local steps know their outcome"),
///     };
///     history.extend(decision.attempt(outcome));
/// };
///
/// assert_eq!(image.as_deref(), Ok("sha256:local"));
/// assert_eq!(history.len(), 4); // three pull calls, then the local copy
/// assert_eq!(log, [
///     "Using effective pull policy of [always if-not-present] for container app:1",
///     "Pulling docker image app:1 ...",
///     "WARNING: Failed to pull image \"app:1\" (attempt #1), retrying: dial tcp 10.0.0.1:443: i/o timeout",
///     "WARNING: Failed to pull image \"app:1\" (attempt #2), retrying: dial tcp 10.0.0.1:443: i/o timeout",
///     "WARNING: Failed to pull image with policy \"always\": dial tcp 10.0.0.1:443: i/o timeout",
///     "Attempt #2: Trying \"if-not-present\" pull policy",
///     "Using locally found image version due to \"if-not-present\" pull policy",
///     "Using docker image sha256:local for app:1 ...",
/// ]);
/// ```
pub fn next_policy<'h, 'p>(plan: &'h PullPlan<'p>, history: &'h [Attempt<'p>]) -> Decision<'h, 'p> {
    let Some(last) = history.last() else {
        return start_policy(plan, 0, true, None);
    };
    let index = last.policy_index;
    let failure = match &last.outcome {
        Outcome::Succeeded(image) => {
            let image = image.borrowed();
            return decision(plan, Action::Succeeded { index, image }, None);
        }
        Outcome::Failed(failure) => failure.borrowed(),
    };
    let error = PullError::new(plan.image, failure.clone());
    let Some(&policy) = plan.policies.get(index) else {
        return decision(
            plan,
            Action::Exhausted(Exhausted {
                plan,
                last: Some(error),
            }),
            None,
        );
    };
    if failure.is_retryable() {
        let tries = history
            .iter()
            .rev()
            .take_while(|a| {
                a.policy_index == index
                    && matches!(a.outcome, Outcome::Failed(Failure::Pull { .. }))
            })
            .count();
        if tries < plan.attempt_limit() {
            let try_number = u32::try_from(tries).unwrap_or(u32::MAX).saturating_add(1);
            let action = Action::RetryPull {
                index,
                policy,
                reference: plan.reference(),
                try_number,
                after: failure,
            };
            return decision(plan, action, None);
        }
    }
    let ends_job = failure.ends_job();
    let next = index.saturating_add(1);
    if ends_job || next >= plan.policies.len() {
        let end = Exhausted {
            plan,
            last: Some(error.clone()),
        };
        return decision(plan, Action::Exhausted(end), Some((policy, error)));
    }
    start_policy(plan, next, false, Some((policy, error)))
}

fn decision<'h, 'p>(
    plan: &'h PullPlan<'p>,
    action: Action<'h>,
    after_failure: Option<(PullPolicy, PullError<'h>)>,
) -> Decision<'h, 'p> {
    Decision {
        plan,
        action,
        opening: false,
        after_failure,
    }
}

/// The first step of the policy at `index` (`getImageUsingPullPolicy`),
/// decided from the local lookup alone.
fn start_policy<'h, 'p>(
    plan: &'h PullPlan<'p>,
    index: usize,
    opening: bool,
    after_failure: Option<(PullPolicy, PullError<'h>)>,
) -> Decision<'h, 'p> {
    let Some(&policy) = plan.policies.get(index) else {
        // Only reachable with an empty list: the runner logs the empty
        // list and returns its final error around a nil error.
        let action = Action::Exhausted(Exhausted { plan, last: None });
        return Decision {
            plan,
            action,
            opening,
            after_failure,
        };
    };
    let use_local = |image: &'h LocalImage<'p>, reason| Action::UseLocal {
        index,
        policy,
        image: image.borrowed(),
        reason,
    };
    let action = match &plan.local {
        // The used-images map is a Go map: a missing name reads as "", so
        // the comparison is against "" when nothing was used.
        Ok(local) if plan.used.unwrap_or("") == local.id => use_local(local, LocalUse::AlreadyUsed),
        Ok(local) if policy == PullPolicy::Never => use_local(local, LocalUse::Never),
        Err(inspect_error) if policy == PullPolicy::Never => Action::FailPolicy {
            index,
            policy,
            failure: Failure::NotFoundLocally(Cow::Borrowed(inspect_error)),
        },
        // A plain string comparison with the full ID: a short ID does not
        // match and gets pulled as `<shortid>:latest` (§14.21).
        Ok(local) if local.id == plan.image => use_local(local, LocalUse::ById),
        Ok(local) if policy == PullPolicy::IfNotPresent => use_local(local, LocalUse::IfNotPresent),
        // `always`, or `if-not-present` when the lookup failed for any
        // reason.
        _ => Action::Pull {
            index,
            policy,
            reference: plan.reference(),
        },
    };
    Decision {
        plan,
        action,
        opening,
        after_failure,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PullPolicy::*;

    /// Drives the loop with `pulls` as the daemon's answers until the
    /// decision is final, returning every logged line as the job log shows
    /// it. The final decision is `next_policy(plan, history)`.
    fn run<'p>(
        plan: &PullPlan<'p>,
        pulls: &[Outcome<'p>],
        history: &mut Vec<Attempt<'p>>,
    ) -> Vec<String> {
        let mut pulls = pulls.iter();
        let mut log = Vec::new();
        loop {
            let decision = next_policy(plan, history);
            log.extend(decision.log_lines().map(|l| l.prefixed().to_string()));
            let outcome = match decision.action() {
                Action::Pull { .. } | Action::RetryPull { .. } => match pulls.next() {
                    Some(o) => o.clone(),
                    None => Outcome::Failed(Failure::pull("no more pull outcomes")),
                },
                Action::Succeeded { .. } | Action::Exhausted(_) => return log,
                _ => match decision.known_outcome() {
                    Some(o) => o,
                    None => Outcome::Failed(Failure::Canceled),
                },
            };
            history.extend(decision.attempt(outcome));
        }
    }

    /// The final action after `history`.
    fn end<'h>(plan: &'h PullPlan<'_>, history: &'h [Attempt<'_>]) -> Action<'h> {
        next_policy(plan, history).action()
    }

    #[track_caller]
    fn assert_exhausted(action: Action<'_>, message: &str, reason: Option<FailureReason>) {
        let Action::Exhausted(end) = action else {
            panic!("not exhausted: {action:?}")
        };
        assert_eq!(end.to_string(), message);
        assert_eq!(end.failure_reason(), reason);
    }

    #[test]
    fn never_without_local_copy_falls_through() {
        let policies = [Never, Always];
        let plan = PullPlan::new("app:1", &policies, Err("No such image: app:1"));
        let mut history = Vec::new();
        let log = run(
            &plan,
            &[Outcome::Succeeded(LocalImage::new("sha256:new"))],
            &mut history,
        );
        assert_eq!(
            end(&plan, &history),
            Action::Succeeded {
                index: 1,
                image: LocalImage::new("sha256:new")
            }
        );
        assert_eq!(
            log,
            [
                "Using effective pull policy of [never always] for container app:1",
                "WARNING: Failed to pull image with policy \"never\": No such image: app:1",
                "Attempt #2: Trying \"always\" pull policy",
                "Pulling docker image app:1 ...",
                "Using docker image sha256:new for app:1 ...",
            ]
        );
    }

    #[test]
    fn exhaustion_message_and_reason() {
        let policies = [Always, Always];
        let plan = PullPlan::new("app:1", &policies, Err("nope"));
        let down = Outcome::Failed(Failure::pull("dial tcp: i/o timeout"));
        let mut history = Vec::new();
        let log = run(&plan, &vec![down; 6], &mut history);
        assert_eq!(history.len(), 6);
        assert_exhausted(
            end(&plan, &history),
            r#"failed to pull image "app:1" with specified policies [always always]: dial tcp: i/o timeout"#,
            Some(FailureReason::ExternalDependencyFailure),
        );
        assert_eq!(log.iter().filter(|l| l.contains("retrying")).count(), 4);
        assert_eq!(log.iter().filter(|l| l.starts_with("Pulling")).count(), 2);
    }

    #[test]
    fn inspect_after_pull_is_wrapped() {
        let policies = [Always];
        let plan = PullPlan::new("app:1", &policies, Err("nope"));
        let mut history = Vec::new();
        let failed = Outcome::Failed(Failure::inspect_after_pull("no such host"));
        run(&plan, &[failed], &mut history);
        assert_exhausted(
            end(&plan, &history),
            r#"failed to pull image "app:1" with specified policies [always]: inspecting image "app:1" after pull: no such host"#,
            Some(FailureReason::ExternalDependencyFailure),
        );
    }

    #[test]
    fn cancellation_and_timeout_stop_the_loop() {
        let policies = [Always, IfNotPresent];
        let plan = PullPlan::new("app:1", &policies, Ok(LocalImage::new("sha256:l")));
        let mut history = Vec::new();
        let log = run(&plan, &[Outcome::Failed(Failure::Canceled)], &mut history);
        assert_exhausted(
            end(&plan, &history),
            r#"failed to pull image "app:1" with specified policies [always if-not-present]: canceled"#,
            Some(FailureReason::JobCanceled),
        );
        assert_eq!(
            log.last().map(String::as_str),
            Some("WARNING: Failed to pull image with policy \"always\": canceled")
        );

        let mut history = Vec::new();
        let timed_out = Outcome::Failed(Failure::TimedOut {
            cause: "context deadline exceeded".into(),
        });
        run(&plan, &[timed_out], &mut history);
        let Action::Exhausted(end) = end(&plan, &history) else {
            panic!()
        };
        assert_eq!(end.stop(), StopReason::JobTimedOut);
        assert_eq!(
            end.failure_reason(),
            Some(FailureReason::JobExecutionTimeout)
        );
    }

    #[test]
    fn credentials_failure_is_not_retried() {
        let policies = [Always];
        let plan = PullPlan::new("app:1", &policies, Err("nope"));
        let mut history = Vec::new();
        run(
            &plan,
            &[Outcome::Failed(Failure::Credentials("bad auth".into()))],
            &mut history,
        );
        assert_eq!(history.len(), 1);
        assert_exhausted(
            end(&plan, &history),
            r#"failed to pull image "app:1" with specified policies [always]: bad auth"#,
            None,
        );
    }

    #[test]
    fn empty_policy_list_reproduces_gos_nil_wrap() {
        let plan = PullPlan::new("app:1", &[], Err("nope"));
        let decision = next_policy(&plan, &[]);
        assert_exhausted(
            decision.action(),
            r#"failed to pull image "app:1" with specified policies []: %!w(<nil>)"#,
            None,
        );
        let lines: Vec<_> = decision.log_lines().map(|l| l.to_string()).collect();
        assert_eq!(
            lines,
            ["Using effective pull policy of [] for container app:1"]
        );
    }

    #[test]
    fn shortcut_and_id_rules() {
        let policies = [Always];
        let local = LocalImage::new("sha256:aaa").with_digest("app@sha256:ddd");
        let used = PullPlan::new("app:1", &policies, Ok(local.clone())).already_used("sha256:aaa");
        assert!(matches!(
            next_policy(&used, &[]).action(),
            Action::UseLocal {
                reason: LocalUse::AlreadyUsed,
                ..
            }
        ));
        // A changed local ID defeats the shortcut.
        let changed =
            PullPlan::new("app:1", &policies, Ok(local.clone())).already_used("sha256:old");
        assert!(matches!(
            next_policy(&changed, &[]).action(),
            Action::Pull { .. }
        ));
        // A Go map lookup of a missing name yields "", so an empty local ID
        // counts as already used.
        let empty = PullPlan::new("app:1", &policies, Ok(LocalImage::new("")));
        assert!(matches!(
            next_policy(&empty, &[]).action(),
            Action::UseLocal {
                reason: LocalUse::AlreadyUsed,
                ..
            }
        ));
        // A short ID is not an ID match.
        let short = PullPlan::new("sha256:aa", &policies, Ok(local.clone()));
        let Action::Pull { reference, .. } = next_policy(&short, &[]).action() else {
            panic!()
        };
        assert_eq!(reference.to_string(), "sha256:aa");

        let mut map = HashMap::new();
        map.insert("app:1".to_owned(), "sha256:aaa".to_owned());
        let from_map = PullPlan::new("app:1", &policies, Ok(local.clone())).used_images(&map);
        assert_eq!(from_map, used);

        // Success logs the digest when the image has one.
        let history = [Attempt::new(0, Outcome::Succeeded(local))];
        let lines: Vec<_> = next_policy(&used, &history)
            .log_lines()
            .map(|l| l.to_string())
            .collect();
        assert_eq!(
            lines,
            ["Using docker image sha256:aaa for app:1 with digest app@sha256:ddd ..."]
        );
    }

    #[test]
    fn platform_and_attempt_limit() {
        let policies = [Always];
        let plan = PullPlan::new("app", &policies, Err("nope"))
            .platform("linux/arm64")
            .max_pull_attempts(0);
        let decision = next_policy(&plan, &[]);
        let lines: Vec<_> = decision.log_lines().map(|l| l.to_string()).collect();
        assert_eq!(
            lines[1],
            "Pulling docker image app for platform linux/arm64 ..."
        );
        // A limit below one still allows the first call, and no retry.
        let history = [Attempt::new(
            0,
            Outcome::Failed(Failure::pull("i/o timeout")),
        )];
        assert!(matches!(
            next_policy(&plan, &history).action(),
            Action::Exhausted(_)
        ));
    }

    #[test]
    fn out_of_range_history_ends_the_loop() {
        let policies = [Always];
        let plan = PullPlan::new("app", &policies, Err("nope"));
        let history = [Attempt::new(
            7,
            Outcome::Failed(Failure::pull("i/o timeout")),
        )];
        let decision = next_policy(&plan, &history);
        assert!(decision.is_final());
        assert_eq!(decision.attempt(Outcome::Failed(Failure::Canceled)), None);
    }
}
