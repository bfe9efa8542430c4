//! What happens to a job's images on one runner, simulated: the answer to
//! "what if the registry is down?" as data.
//!
//! A simulation takes one runner from a loaded `config.toml`, what the job
//! asks for ([`Job`]: its image, its `image: pull_policy`, its services)
//! and a simulated world ([`Scenario`]: a registry that answers one way, a
//! local copy or none), and gives, for every image the job needs (the build
//! image, each service, the helper image), the requested, allowed and
//! effective policy lists and where each came from, every step the
//! executor takes ([`Attempt`]: a local lookup, a pull, an import), the
//! lines the runner writes to the job log, and the result.
//!
//! Nothing here decides anything on its own. The lists and their errors
//! come from [`RunnerPolicies`](crate::policy::RunnerPolicies); the Docker
//! walk is [`next_policy`](crate::policy::next_policy), driven by
//! [`docker_pull`] against a [`DockerDaemon`]; the Kubernetes walk is the
//! [`KubernetesPullCursor`](crate::policy::KubernetesPullCursor), driven
//! pod by pod by [`kubernetes_pull`] against a [`Kubelet`]. Both drivers
//! are public, so an executor or a test can put its own daemon or kubelet
//! behind them; [`simulate`] puts the scenario's behind them.
//!
//! ```
//! use runner_config::load::load;
//! use runner_config::simulate::{simulate, Job, Local, PullResult, Registry, Scenario};
//!
//! let loaded = load(r#"
//! [[runners]]
//! executor = "docker"
//! [runners.docker]
//! image = "alpine:3.19"
//! pull_policy = ["always", "if-not-present"]
//! "#);
//! let runner = &loaded.config().unwrap().runners[0];
//! let scenario = Scenario { registry: Registry::RateLimited, local: Local::Present };
//! let job = simulate(runner, &Job::default(), scenario).unwrap();
//! assert_eq!(job.image.result, PullResult::Ok);
//! let actions: Vec<&str> = job.image.attempts.iter().map(|a| a.action.as_str()).collect();
//! // Docker Hub's 429 is not retried: one pull, then the local copy.
//! assert_eq!(actions, ["pull", "use-local"]);
//! ```
//!
//! Each image is simulated as if the job's other images were available:
//! the job stops at the first image that fails (on Docker: the services,
//! then the helper image, then the build image), but every image is shown.
//! Images the job already obtained count, as in the runner: a service
//! pulled under the build image's name is not pulled again.
//!
//! Nothing in a simulation holds a secret: image names are shown with any
//! `user:password@` part replaced by `***` (such a name is never a valid
//! reference), and so are credentials in URLs anywhere in the runner's
//! messages.
//!
//! With the `report` feature, [`JobSimulation`] serializes to the JSON
//! contract `runner-config explain --format json` prints (see the README).

mod docker;
mod job;
#[cfg(feature = "report")]
mod json;
mod kubernetes;
mod world;

use crate::model::Executor;
use crate::policy::{
    FailureReason, KubernetesPullPolicy, LocalUse, LogLevel, PolicySource, PullPolicy,
};

pub use docker::{DockerDaemon, DockerEnd, DockerRun, docker_pull};
pub use job::{Job, SimulateError, simulate};
pub use kubernetes::{
    ContainerSpec, Kubelet, KubernetesEnd, PodAttempt, PodContainer, PodPull, PodRun, PodStart,
    kubernetes_pull,
};
pub use world::{Local, Registry, Scenario, shown_image};

/// The simulated ID of the copy already on the Docker host or node.
pub const LOCAL_ID: &str = "sha256:<local>";
/// The simulated ID of a freshly pulled (or imported) image.
pub const PULLED_ID: &str = "sha256:<pulled>";
/// How many times the runner prepares a job whose preparation keeps
/// failing without a failure reason (`PreparationRetries`).
pub const PREPARATION_RETRIES: u32 = 3;
/// The GitLab Runner release whose behaviour, and default helper image,
/// the simulation follows.
pub const RUNNER_VERSION: &str = "19.4.0";

/// A whole job: every image it needs, simulated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobSimulation {
    /// The runner's `name`, if it has one.
    pub runner: Option<String>,
    /// The runner's executor.
    pub executor: Executor,
    /// The job's (build) image.
    pub image: ImageSimulation,
    /// The services: `config.toml`'s first, then the job's, in order.
    pub services: Vec<ImageSimulation>,
    /// The helper image.
    pub helper: Option<ImageSimulation>,
    /// Lines the runner logs once for the whole job before any image is
    /// fetched (Kubernetes: the effective policies of every container).
    pub opening_log: Vec<JobLogLine>,
    /// Kubernetes: `poll_timeout` in seconds, how long a pod that cannot
    /// start (`never` without the image) stays pending.
    pub poll_timeout: Option<i64>,
}

impl JobSimulation {
    /// Every image: services, the helper, then the build image, in the
    /// order a Docker job gets them.
    pub fn images(&self) -> impl Iterator<Item = &ImageSimulation> {
        self.services
            .iter()
            .chain(self.helper.as_ref())
            .chain(std::iter::once(&self.image))
    }

    /// How many times the runner prepares the job. A Docker executor's
    /// preparation that fails with an error carrying no failure reason (a
    /// `never` policy without a local copy, a `pull_policy` value Docker
    /// rejects) is not a `BuildError`, so `retryCreateExecutor` tries it
    /// again, [`PREPARATION_RETRIES`] times in all, 3 s apart, before the
    /// job fails; in a simulation every try ends the same way. The first
    /// image that fails, in the executor's order, decides.
    pub fn preparations(&self) -> u32 {
        let docker = self.executor.pull_manager() == Some(crate::policy::PolicyExecutor::Docker);
        let first_failure = self.images().find(|image| image.result != PullResult::Ok);
        match first_failure {
            Some(image) if docker && image.failure_reason.is_none() => PREPARATION_RETRIES,
            _ => 1,
        }
    }

    /// The job's result: the build image's when it did not get its image,
    /// [`PullResult::Failed`] when another image failed, else
    /// [`PullResult::Ok`].
    pub fn result(&self) -> PullResult {
        if self.image.result != PullResult::Ok {
            return self.image.result;
        }
        if self.images().any(|image| image.result != PullResult::Ok) {
            PullResult::Failed
        } else {
            PullResult::Ok
        }
    }
}

/// Which of the job's images a simulation is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The job's image (`image:` in `.gitlab-ci.yml`, or the runner's
    /// default `image`).
    Build,
    /// A service.
    Service {
        /// From `[[runners.*.services]]` (always the runner's policies),
        /// not from the job.
        from_config: bool,
    },
    /// The helper image.
    Helper {
        /// `helper_image` is set in `config.toml`; otherwise the runner's
        /// default helper image.
        configured: bool,
    },
}

/// One image of a job, simulated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageSimulation {
    /// Which image of the job this is.
    pub role: Role,
    /// The image name, credentials replaced by `***`.
    pub image: String,
    /// Kubernetes: the container this image runs in (`build`, `helper`,
    /// `svc-0`, …).
    pub container: Option<String>,
    /// The policy lists; `None` for the Docker executor's default helper
    /// image, which no policy governs.
    pub policies: Option<PolicyLists>,
    /// The runner's error when the image is not obtained, as the job log
    /// shows it.
    pub error: Option<String>,
    /// The failure reason the job reports with that error, if the runner
    /// attaches one.
    pub failure_reason: Option<FailureReason>,
    /// For a rejected policy value, the value meant (`Always` → `always`).
    pub suggestion: Option<PullPolicy>,
    /// Every step, in order.
    pub attempts: Vec<Attempt>,
    /// Lines the runner logs after the last step (Docker: the image used,
    /// or the last policy's failure).
    pub closing_log: Vec<JobLogLine>,
    /// How it ended.
    pub result: PullResult,
}

impl ImageSimulation {
    /// How many pull calls reached the registry.
    pub fn pull_calls(&self) -> usize {
        self.attempts
            .iter()
            .filter(|a| a.action == Action::Pull)
            .count()
    }

    /// Every job-log line of this image, in order.
    pub fn log(&self) -> impl Iterator<Item = &JobLogLine> {
        self.attempts
            .iter()
            .flat_map(|a| a.log.iter())
            .chain(&self.closing_log)
    }
}

/// The requested, allowed and effective lists of one image, each in the
/// runner's `config.toml` spelling (`if-not-present`, and `""` for
/// Kubernetes' cluster default), or `None` when the runner cannot work it
/// out (the job then fails with [`ImageSimulation::error`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyLists {
    /// What the image asks for: the job's own list, else the runner's
    /// `pull_policy`, else the executor's default.
    pub requested: Option<Vec<String>>,
    /// Where `requested` came from, in the runner's words.
    pub requested_source: PolicySource,
    /// `allowed_pull_policies`, else the runner's `pull_policy` list.
    pub allowed: Option<Vec<String>>,
    /// The requested entries that are allowed, in requested order.
    pub effective: Option<Vec<String>>,
}

/// One step of getting an image: a local lookup, one call to the registry,
/// or an import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// The policy the step belongs to, in the runner's spelling (`""` for
    /// Kubernetes' cluster default); `None` for the default helper image's
    /// steps, which no policy governs.
    pub policy: Option<String>,
    /// Docker: the policy's position in the effective list (0-based).
    pub policy_index: Option<usize>,
    /// Kubernetes: the container, and the policy on its pod spec.
    pub pod: Option<PodPolicy>,
    /// What was done.
    pub action: Action,
    /// Why the local copy was used (Docker), when it was.
    pub local_use: Option<LocalUse>,
    /// For pulls: which call of this policy attempt it is (2 and 3 are
    /// Docker's retries of a network error).
    pub try_number: u32,
    /// How it went.
    pub outcome: Outcome,
    /// What the daemon or kubelet said when it failed.
    pub failure: Option<String>,
    /// The lines the runner logs as the step starts, and Kubernetes' lines
    /// about a failed pod.
    pub log: Vec<JobLogLine>,
}

/// Kubernetes: where an attempt happened and what the pod spec said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodPolicy {
    /// The container.
    pub container: String,
    /// The pod attempt (1 for the first pod of the run).
    pub pod_attempt: u32,
    /// The `imagePullPolicy` on the pod spec;
    /// [`KubernetesPullPolicy::ClusterDefault`] when left out.
    pub image_pull_policy: KubernetesPullPolicy,
    /// What the kubelet applied: the API server's choice for a left-out
    /// policy ([`crate::policy::cluster_default`]).
    pub applied: KubernetesPullPolicy,
    /// The container's waiting reason when it could not start
    /// (`ErrImagePull`, `ErrImageNeverPull`, `InvalidImageName`).
    pub waiting: Option<&'static str>,
}

/// What a step did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// A local copy was found and used.
    UseLocal,
    /// A local lookup found no copy.
    NoLocal,
    /// One call to the registry (a retry is a call of its own).
    Pull,
    /// The Docker executor imported its bundled helper image archive.
    Import,
}

impl Action {
    /// `use-local`, `no-local`, `pull` or `import`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::UseLocal => "use-local",
            Self::NoLocal => "no-local",
            Self::Pull => "pull",
            Self::Import => "import",
        }
    }
}

/// How a step went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// It produced the image (or, for a lookup, found it).
    Ok,
    /// It did not.
    Failed,
}

impl Outcome {
    /// `ok` or `failed`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Failed => "failed",
        }
    }
}

/// How getting one image, or a whole job, ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PullResult {
    /// The image is there.
    Ok,
    /// Every policy was tried and none produced the image.
    Failed,
    /// The configuration fails the job before any pull.
    ConfigError,
}

impl PullResult {
    /// `ok`, `failed` or `config-error`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Failed => "failed",
            Self::ConfigError => "config-error",
        }
    }
}

/// A line of the job log.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct JobLogLine {
    /// Which logger method the runner uses.
    pub level: LogLevel,
    /// The text, without the level's prefix.
    pub text: String,
}

impl JobLogLine {
    /// The line as the job log shows it (`WARNING: ` before warnings).
    pub fn prefixed(&self) -> String {
        format!("{}{}", self.level.prefix(), self.text)
    }

    fn from_line(line: &crate::policy::LogLine<'_>) -> Self {
        Self {
            level: line.level(),
            text: world::scrub(&line.to_string()),
        }
    }
}
