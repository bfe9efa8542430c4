//! `runner-config explain`: what happens when a job pulls an image on one
//! runner, step by step, with the lines the runner writes to the job log.
//!
//! Only the registry and the host's (or node's) image store are simulated
//! (`--registry`, `--local`). Everything else is the library's pull-policy
//! core: the effective policies and their errors come from
//! [`RunnerPolicies`], the Docker walk from [`next_policy`], the Kubernetes
//! walk from [`KubernetesPullCursor`]. The simulations are pure functions
//! from a plan and a [`Scenario`] to a [`Simulation`]; printing is separate.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use runner_config::image::ImageRef;
use runner_config::load::{Loaded, load_named};
use runner_config::model::{DockerConfig, Executor, KubernetesConfig, Runner};
use runner_config::policy::{
    Action, Attempt, ContainerPolicies, Failure, FailureReason, KubernetesJob,
    KubernetesPullCursor, KubernetesPullPolicy, ListForm, LocalImage, LocalUse, Outcome,
    PolicyError, PolicyExecutor, PolicySource, PullPlan, PullPolicy, PullReference, RunnerPolicies,
    Service, classify, cluster_default, next_policy,
};

use super::{Status, input, print};

/// The simulated ID of the copy already on the host or node.
const LOCAL_ID: &str = "sha256:<local>";
/// The simulated ID of a freshly pulled image.
const PULLED_ID: &str = "sha256:<pulled>";
/// The registry's address in simulated network errors (TEST-NET-1).
const REGISTRY_ADDRESS: &str = "192.0.2.10:443";
/// `poll_timeout` when not set or not positive (`common/consts.go`).
const DEFAULT_POLL_TIMEOUT: i64 = 180;
/// The Kubernetes container the walk follows.
const BUILD: &str = "build";

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The config.toml to read; `-` reads standard input.
    #[arg(value_name = "CONFIG")]
    config: PathBuf,

    /// The runner, by `name` or by 0-based index. Needed when the file has
    /// more than one runner.
    #[arg(long, value_name = "NAME|INDEX")]
    runner: Option<String>,

    /// The job's image. Default: the runner's `image`.
    #[arg(long, value_name = "IMAGE")]
    image: Option<String>,

    /// The job's `image: pull_policy` from .gitlab-ci.yml. Repeat it for a
    /// list. Default: none, so the runner's `pull_policy` applies.
    #[arg(long = "job-policy", value_name = "POLICY")]
    job_policy: Vec<String>,

    /// What the registry answers to a pull.
    #[arg(long, value_enum, default_value_t = Registry::Up)]
    registry: Registry,

    /// Whether a copy of the image is already on the Docker host or the
    /// Kubernetes node.
    #[arg(long, value_enum, default_value_t = Local::Absent)]
    local: Local,
}

/// The simulated registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Registry {
    /// Pulls succeed.
    Up,
    /// Pulls time out (a transient network error, retried by Docker).
    Down,
    /// Pulls are refused: `pull access denied` (a configuration error).
    Denied,
    /// The tag does not exist: `manifest unknown` (a configuration error).
    Missing,
}

/// The simulated local image store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Local {
    /// A copy of the image is there.
    Present,
    /// No copy.
    Absent,
}

/// What the simulated world looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Scenario {
    pub(crate) registry: Registry,
    pub(crate) local: Local,
}

/// Who says a line of a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Channel {
    /// The runner, in the job log (with the `WARNING: ` prefix when it has one).
    JobLog,
    /// The Docker daemon.
    Daemon,
    /// The kubelet.
    Kubelet,
    /// An explanation of ours.
    Note,
}

impl Channel {
    const fn label(self) -> &'static str {
        match self {
            Self::JobLog => "job log",
            Self::Daemon => "daemon",
            Self::Kubelet => "kubelet",
            Self::Note => "note",
        }
    }
}

/// One step of a simulation: what the executor does, and what is said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Step {
    pub(crate) title: String,
    pub(crate) lines: Vec<(Channel, String)>,
}

impl Step {
    fn new(title: String) -> Self {
        Self {
            title,
            lines: Vec::new(),
        }
    }

    fn say(&mut self, channel: Channel, text: impl Into<String>) {
        self.lines.push((channel, text.into()));
    }
}

/// How a simulated pull ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Ending {
    /// The job gets an image.
    Image {
        id: String,
        /// The copy that was already there, not a fresh pull.
        local: bool,
    },
    /// The job fails with the runner's error.
    Failed {
        error: String,
        reason: Option<FailureReason>,
    },
}

/// Every step, the number of pulls the registry saw, and the end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Simulation {
    pub(crate) steps: Vec<Step>,
    pub(crate) pull_calls: usize,
    pub(crate) ending: Ending,
}

pub(super) fn run(args: &Args) -> Status {
    match explain(args) {
        Ok((text, status)) => print(text.as_bytes(), status),
        Err(message) => {
            eprintln!("error: {message}");
            Status::CouldNotRun
        }
    }
}

/// The explanation and its status, or why there is none.
fn explain(args: &Args) -> Result<(String, Status), String> {
    let (name, text) = read(&args.config)?;
    let loaded = load_named(&name, &text);
    // Everything below shows values from the model (image names, runner
    // names): none may show a secret of the file.
    let scrub = |text: String| loaded.source().scrub(&text).into_owned();
    explain_loaded(args, &name, &loaded)
        .map(|(out, status)| (scrub(out), status))
        .map_err(scrub)
}

fn explain_loaded(args: &Args, name: &str, loaded: &Loaded) -> Result<(String, Status), String> {
    let Ok(config) = loaded.config() else {
        return Err(format!(
            "GitLab Runner would not load {name}; `runner-config check {name}` shows why"
        ));
    };
    let (index, runner) = select(&config.runners, args.runner.as_deref(), name)?;
    let label = runner_label(index, runner);
    let Some(executor) = runner.executor else {
        return Err(format!(
            "runner {label} sets no executor, so it runs no jobs"
        ));
    };
    let scenario = Scenario {
        registry: args.registry,
        local: args.local,
    };
    let mut out = String::new();
    let status = match executor.pull_manager() {
        None => {
            return Err(format!(
                "runner {label} uses the {executor} executor, which does not pull images: \
                 pull_policy and allowed_pull_policies have no effect there"
            ));
        }
        Some(PolicyExecutor::Docker) => {
            let default = DockerConfig::default();
            let docker = runner.docker.as_ref().unwrap_or(&default);
            let image = image(args, docker.image.as_deref(), &label, "[runners.docker]")?;
            header(&mut out, &label, executor, "[runners.docker]", &image, args);
            explain_docker(
                &mut out,
                executor,
                docker,
                &image,
                &args.job_policy,
                scenario,
            )
        }
        Some(PolicyExecutor::Kubernetes) => {
            let default = KubernetesConfig::default();
            let kubernetes = runner.kubernetes.as_ref().unwrap_or(&default);
            let image = image(
                args,
                kubernetes.image.as_deref(),
                &label,
                "[runners.kubernetes]",
            )?;
            header(
                &mut out,
                &label,
                executor,
                "[runners.kubernetes]",
                &image,
                args,
            );
            let native_steps = runner.feature_flags.get("FF_USE_CONCRETE") == Some(&true);
            explain_kubernetes(
                &mut out,
                kubernetes,
                &image,
                &args.job_policy,
                native_steps,
                scenario,
            )
        }
    };
    Ok((out, status))
}

fn read(path: &Path) -> Result<(String, String), String> {
    if path == Path::new("-") {
        let name = "<stdin>".to_owned();
        return match input::read_stdin() {
            Ok(text) => Ok((name, text)),
            Err(error) => Err(format!("cannot read {name}: {error}")),
        };
    }
    let name = path.display().to_string();
    match input::read_file(path) {
        Ok(file) => Ok((name, file.text)),
        Err(error) => Err(format!("cannot read {name}: {error}")),
    }
}

/// The runner asked for (by name first, then by index), or the only one.
fn select<'c>(
    runners: &'c [Runner],
    wanted: Option<&str>,
    file: &str,
) -> Result<(usize, &'c Runner), String> {
    let Some(wanted) = wanted else {
        return match runners {
            [] => Err(format!("{file} has no [[runners]]")),
            [only] => Ok((0, only)),
            _ => Err(format!(
                "{file} has {} runners; choose one with --runner NAME or --runner INDEX:\n{}",
                runners.len(),
                list_runners(runners)
            )),
        };
    };
    let named: Vec<(usize, &Runner)> = runners
        .iter()
        .enumerate()
        .filter(|(_, r)| r.name.as_deref() == Some(wanted))
        .collect();
    match named.as_slice() {
        [one] => return Ok(*one),
        [] => {}
        _ => {
            return Err(format!(
                "{} runners in {file} are named {wanted:?}; choose one with --runner INDEX:\n{}",
                named.len(),
                list_runners(runners)
            ));
        }
    }
    if let Some(found) = wanted
        .parse::<usize>()
        .ok()
        .and_then(|i| runners.get(i).map(|r| (i, r)))
    {
        return Ok(found);
    }
    if runners.is_empty() {
        return Err(format!("{file} has no [[runners]]"));
    }
    Err(format!(
        "no runner named or numbered {wanted:?} in {file}; its runners:\n{}",
        list_runners(runners)
    ))
}

fn list_runners(runners: &[Runner]) -> String {
    let mut text = String::new();
    for (index, runner) in runners.iter().enumerate() {
        let executor = runner.executor.map_or("no executor", Executor::as_str);
        let _ = writeln!(text, "  {index}  {}  ({executor})", name_of(runner));
    }
    text.truncate(text.trim_end().len());
    text
}

fn name_of(runner: &Runner) -> String {
    match runner.name.as_deref() {
        Some(name) => format!("{name:?}"),
        None => "(no name)".to_owned(),
    }
}

fn runner_label(index: usize, runner: &Runner) -> String {
    format!("#{index} {}", name_of(runner))
}

fn image(
    args: &Args,
    configured: Option<&str>,
    label: &str,
    section: &str,
) -> Result<String, String> {
    match (args.image.as_deref(), configured) {
        (Some(image), _) | (None, Some(image)) if !image.is_empty() => Ok(image.to_owned()),
        _ => Err(format!(
            "no image to pull: runner {label} sets no `image` in {section}; name one with --image"
        )),
    }
}

fn header(
    out: &mut String,
    label: &str,
    executor: Executor,
    section: &str,
    image: &str,
    args: &Args,
) {
    let _ = writeln!(
        out,
        "runner:    {label}, executor {executor}, pull policies from {section}"
    );
    let origin = if args.image.is_some() {
        "--image"
    } else {
        "the runner's default image"
    };
    let _ = writeln!(out, "image:     {image} ({origin})");
    let _ = writeln!(out);
}

/// `pull_policy = …` as written, or what an unset key means.
fn configured(out: &mut String, section: &str, policies: &RunnerPolicies<'_>, unset: &str) {
    let _ = writeln!(out, "config.toml {section}:");
    let pull_policy = policies.pull_policy;
    if pull_policy.is_unset() {
        let _ = writeln!(out, "  pull_policy:           not set ({unset})");
    } else {
        let value = match (pull_policy.form(), pull_policy.entries()) {
            (ListForm::String, [one]) => format!("{one:?}"),
            (_, entries) => format!("{entries:?}"),
        };
        let _ = writeln!(out, "  pull_policy:           {value}");
    }
    let allowed = policies.allowed_pull_policies;
    if allowed.is_unset() {
        let _ = writeln!(
            out,
            "  allowed_pull_policies: not set (the requested runner list is the allowed list)"
        );
    } else {
        let _ = writeln!(out, "  allowed_pull_policies: {:?}", allowed.entries());
    }
}

/// Where the requested list comes from, and the runner's name for that in
/// its errors.
fn source_note(source: PolicySource) -> String {
    let origin = match source {
        PolicySource::Pipeline => "the job's image: pull_policy",
        PolicySource::Runner => "pull_policy in config.toml",
        PolicySource::RunnerDefault => "the executor's default",
    };
    format!("from {origin} (\"{source}\")")
}

/// A list the way the runner writes it (`[a b]`), except that the cluster
/// default shows as `""` rather than as nothing.
/// The requested and allowed lists, or a pointer to the error printed
/// with the effective list when one of them is invalid.
fn requested_and_allowed<R: AsRef<str>, A: AsRef<str>>(
    out: &mut String,
    requested: Option<Vec<R>>,
    allowed: Option<Vec<A>>,
    source: PolicySource,
) {
    let _ = match requested {
        Some(requested) => writeln!(
            out,
            "requested: {} {}",
            go_list(&requested),
            source_note(source)
        ),
        None => writeln!(out, "requested: (invalid, see below)"),
    };
    let _ = match allowed {
        Some(allowed) => writeln!(out, "allowed:   {}", go_list(&allowed)),
        None => writeln!(out, "allowed:   (invalid, see below)"),
    };
}

fn go_list<T: AsRef<str>>(items: &[T]) -> String {
    let items: Vec<&str> = items
        .iter()
        .map(|item| match item.as_ref() {
            "" => "\"\"",
            item => item,
        })
        .collect();
    format!("[{}]", items.join(" "))
}

/// Prints a policy error the way the job would end, and says why.
fn policy_failure(out: &mut String, error: &PolicyError) -> Status {
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "result:    every job that pulls this image fails before any pull, with:"
    );
    let _ = writeln!(out, "  error:          {error}");
    let _ = writeln!(
        out,
        "  failure reason: {}",
        reason_text(error.failure_reason())
    );
    if let Some(suggestion) = error.invalid_value().and_then(|v| v.suggestion()) {
        let _ = writeln!(out, "  did you mean {:?}?", suggestion.as_str());
    }
    Status::Findings
}

fn reason_text(reason: Option<FailureReason>) -> &'static str {
    reason.map_or("none attached to the error", FailureReason::as_str)
}

fn explain_docker(
    out: &mut String,
    executor: Executor,
    docker: &DockerConfig,
    image: &str,
    job: &[String],
    scenario: Scenario,
) -> Status {
    let policies = docker.policies();
    configured(out, "[runners.docker]", &policies, "default: [always]");
    let _ = writeln!(out);
    let source = PolicySource::of(job, policies.pull_policy.entries());
    requested_and_allowed(
        out,
        policies.docker_requested(job).ok(),
        policies.docker_allowed_pull_policies().ok(),
        source,
    );
    let effective = match policies.docker_effective(image, job) {
        Ok(effective) => effective,
        Err(error) => {
            let _ = writeln!(out, "effective: none");
            return policy_failure(out, &error);
        }
    };
    let _ = writeln!(out, "effective: {effective}");
    let _ = writeln!(out);
    scenario_lines(out, scenario, "on the Docker host");
    if executor.is_autoscaled() && scenario.local == Local::Present {
        let _ = writeln!(
            out,
            "           (autoscaled hosts start empty: only a host that ran an earlier job has a copy)"
        );
    }
    let simulation = simulate_docker(image, effective.policies(), scenario);
    render(out, &simulation)
}

fn explain_kubernetes(
    out: &mut String,
    kubernetes: &KubernetesConfig,
    image: &str,
    job: &[String],
    native_steps: bool,
    scenario: Scenario,
) -> Status {
    let policies = kubernetes.policies();
    configured(
        out,
        "[runners.kubernetes]",
        &policies,
        "default: [\"\"], the cluster decides",
    );
    let _ = writeln!(out);
    let source = PolicySource::of(job, policies.pull_policy.entries());
    requested_and_allowed(
        out,
        policies.kubernetes_requested(job).ok(),
        policies.kubernetes_allowed_pull_policies().ok(),
        source,
    );
    let config_services: Vec<Service<'_>> = kubernetes
        .services
        .iter()
        .map(|s| Service {
            name: s.name.as_deref().unwrap_or(""),
            alias: s.alias.as_deref().unwrap_or(""),
            pull_policy: &[],
        })
        .collect();
    let k8s_job = KubernetesJob {
        image_pull_policy: job,
        config_services: &config_services,
        native_steps,
        ..KubernetesJob::default()
    };
    let map = match policies.kubernetes_effective(&k8s_job) {
        Ok(map) => map,
        Err(error) => {
            let _ = writeln!(out, "effective: none");
            return policy_failure(out, &error);
        }
    };
    let _ = writeln!(
        out,
        "effective, per container (logged when the job starts):"
    );
    for line in map.log_lines() {
        let _ = writeln!(out, "  job log | {}{line}", line.level().prefix());
    }
    let _ = writeln!(out);
    scenario_lines(out, scenario, "on the node");
    let poll_timeout = kubernetes
        .poll_timeout
        .filter(|&t| t > 0)
        .unwrap_or(DEFAULT_POLL_TIMEOUT);
    let _ = writeln!(
        out,
        "           (only the build container is followed; the job's services are not simulated)"
    );
    let simulation = simulate_kubernetes(image, map, scenario, poll_timeout);
    render(out, &simulation)
}

fn scenario_lines(out: &mut String, scenario: Scenario, place: &str) {
    let registry = match scenario.registry {
        Registry::Up => "up (pulls succeed)",
        Registry::Down => "down (every pull times out: a transient network error)",
        Registry::Denied => "denied (every pull is refused: pull access denied)",
        Registry::Missing => "missing (the tag does not exist: manifest unknown)",
    };
    let local = match scenario.local {
        Local::Present => format!("a copy is present {place} (simulated ID {LOCAL_ID})"),
        Local::Absent => format!("no copy {place}"),
    };
    let _ = writeln!(out, "simulated: registry {registry}");
    let _ = writeln!(out, "           {local}");
}

/// Prints the steps and the result; the status is the result's.
fn render(out: &mut String, simulation: &Simulation) -> Status {
    for (number, step) in simulation.steps.iter().enumerate() {
        let _ = writeln!(out);
        let _ = writeln!(out, "step {}: {}", number.saturating_add(1), step.title);
        for (channel, text) in &step.lines {
            let _ = writeln!(out, "  {:7} | {text}", channel.label());
        }
    }
    let _ = writeln!(out);
    let failed = match simulation.pull_calls {
        0 => "without pulling".to_owned(),
        1 => "after 1 failed pull".to_owned(),
        n => format!("after {n} failed pulls"),
    };
    match &simulation.ending {
        Ending::Image { id, local: true } => {
            let _ = writeln!(
                out,
                "result:    the job runs with the local copy {id}, {failed}"
            );
            Status::Clean
        }
        Ending::Image { id, local: false } => {
            let _ = writeln!(
                out,
                "result:    the job runs with the freshly pulled image {id}"
            );
            Status::Clean
        }
        Ending::Failed { error, reason } => {
            let _ = writeln!(out, "result:    the job fails {failed}, with:");
            let _ = writeln!(out, "  error:          {error}");
            let _ = writeln!(out, "  failure reason: {}", reason_text(*reason));
            Status::Findings
        }
    }
}

/// The registry part of an image: the host a pull talks to.
fn registry_host(image: &str) -> Option<String> {
    let reference = ImageRef::parse(image).ok()?;
    if reference.is_docker_hub() {
        return Some("registry-1.docker.io".to_owned());
    }
    reference.registry().map(str::to_owned)
}

/// The repository Docker names in `pull access denied for …`: the image
/// without its tag or digest.
fn repository(image: &str) -> &str {
    let name = image.split_once('@').map_or(image, |(name, _)| name);
    match name.rfind(':') {
        Some(colon) if !name[colon..].contains('/') => &name[..colon],
        _ => name,
    }
}

impl Registry {
    /// What the Docker daemon answers to a pull of `image`; `None` when the
    /// pull succeeds.
    pub(crate) fn docker_error(self, image: &str) -> Option<String> {
        let reference = PullReference::new(image);
        let message = match self {
            Registry::Up => return None,
            Registry::Down => match registry_host(image) {
                Some(host) => {
                    format!("Get \"https://{host}/v2/\": dial tcp {REGISTRY_ADDRESS}: i/o timeout")
                }
                None => format!("dial tcp {REGISTRY_ADDRESS}: i/o timeout"),
            },
            Registry::Denied => format!(
                "pull access denied for {}, repository does not exist or may require \
                 'docker login': denied: requested access to the resource is denied",
                repository(image)
            ),
            Registry::Missing => {
                format!("manifest for {reference} not found: manifest unknown: manifest unknown")
            }
        };
        Some(format!("Error response from daemon: {message}"))
    }

    /// The kubelet's `ErrImagePull` message for `image` (a cluster on
    /// cri-dockerd, which passes the daemon's answer on).
    pub(crate) fn kubelet_error(self, image: &str) -> Option<String> {
        self.docker_error(image)
            .map(|message| format!("rpc error: code = Unknown desc = {message}"))
    }
}

/// Drives [`next_policy`] with a simulated daemon, as the Docker executor
/// does for one image.
pub(crate) fn simulate_docker(
    image: &str,
    policies: &[PullPolicy],
    scenario: Scenario,
) -> Simulation {
    let pull_error = scenario.registry.docker_error(image);
    let inspect_error = format!("No such image: {image}");
    let local = match scenario.local {
        Local::Present => Ok(LocalImage::new(LOCAL_ID)),
        Local::Absent => Err(inspect_error.as_str()),
    };
    let plan = PullPlan::new(image, policies, local);
    let mut history: Vec<Attempt<'_>> = Vec::new();
    let mut steps = Vec::new();
    let mut pull_calls = 0_usize;
    // Each policy takes at most its pull calls plus one local step; the
    // bound only guards against a loop that would not end.
    let limit = policies
        .len()
        .saturating_mul(PullPlan::DEFAULT_MAX_PULL_ATTEMPTS as usize + 1)
        .saturating_add(2);
    for _ in 0..limit {
        let decision = next_policy(&plan, &history);
        let action = decision.action();
        let mut step = Step::new(describe_docker(action));
        for line in decision.log_lines() {
            step.say(Channel::JobLog, format!("{}{line}", line.level().prefix()));
        }
        let outcome = match action {
            Action::Succeeded { image, .. } => {
                steps.push(step);
                let ending = Ending::Image {
                    id: image.id.to_owned(),
                    local: image.id == LOCAL_ID,
                };
                return Simulation {
                    steps,
                    pull_calls,
                    ending,
                };
            }
            Action::Exhausted(end) => {
                steps.push(step);
                let ending = Ending::Failed {
                    error: end.to_string(),
                    reason: end.failure_reason(),
                };
                return Simulation {
                    steps,
                    pull_calls,
                    ending,
                };
            }
            Action::Pull { reference, .. } | Action::RetryPull { reference, .. } => {
                pull_calls = pull_calls.saturating_add(1);
                match pull_error.as_deref() {
                    Some(message) => {
                        step.say(Channel::Daemon, message);
                        Outcome::Failed(Failure::pull(message))
                    }
                    None => {
                        step.say(
                            Channel::Daemon,
                            format!("pulled {reference}, image ID {PULLED_ID}"),
                        );
                        Outcome::Succeeded(LocalImage::new(PULLED_ID))
                    }
                }
            }
            Action::UseLocal { .. } | Action::FailPolicy { .. } => match decision.known_outcome() {
                Some(outcome) => outcome,
                None => Outcome::Failed(Failure::Canceled),
            },
        };
        history.extend(decision.attempt(outcome));
        steps.push(step);
    }
    Simulation {
        steps,
        pull_calls,
        ending: Ending::Failed {
            error: "the simulation did not end (a bug in runner-config)".to_owned(),
            reason: None,
        },
    }
}

fn describe_docker(action: Action<'_>) -> String {
    match action {
        Action::Pull {
            index,
            policy,
            reference,
        } => format!(
            "policy #{} {:?}: pull {reference}",
            index + 1,
            policy.as_str()
        ),
        Action::RetryPull {
            index,
            policy,
            reference,
            try_number,
            ..
        } => {
            let wait = if try_number <= 2 { "2 s" } else { "2-4 s" };
            format!(
                "policy #{} {:?}: the error is transient, so after {wait} pull {reference} \
                 again (try {try_number})",
                index + 1,
                policy.as_str()
            )
        }
        Action::UseLocal {
            index,
            policy,
            image,
            reason,
        } => {
            let why = match reason {
                LocalUse::AlreadyUsed => "this job already used it",
                LocalUse::ById => "the job names the image by this ID",
                LocalUse::IfNotPresent | LocalUse::Never => "this policy does not pull",
            };
            format!(
                "policy #{} {:?}: use the local copy {} ({why})",
                index + 1,
                policy.as_str(),
                image.id
            )
        }
        Action::FailPolicy { index, policy, .. } => format!(
            "policy #{} {:?}: fails at once, there is no local copy and this policy never pulls",
            index + 1,
            policy.as_str()
        ),
        Action::Succeeded { image, .. } => format!("done: the job uses {}", image.id),
        Action::Exhausted(_) => "done: no policy produced an image".to_owned(),
    }
}

/// Walks the build container's cursor through pod attempts, as the
/// Kubernetes executor's pull-retry loop does (§10.2, §10.3).
pub(crate) fn simulate_kubernetes(
    image: &str,
    policies: ContainerPolicies,
    scenario: Scenario,
    poll_timeout: i64,
) -> Simulation {
    let kubelet_error = scenario.registry.kubelet_error(image);
    let pull_failed = kubelet_error
        .as_deref()
        .map(|message| format!("image pull failed: {message}"));
    let mut cursor = KubernetesPullCursor::new(policies);
    let mut steps = Vec::new();
    let mut pull_calls = 0_usize;
    let attempts = cursor.policies().get(BUILD).len();
    let mut attempt: u32 = 1;
    for _ in 0..attempts {
        let policy = match cursor.policy_for(BUILD) {
            Ok(policy) => policy,
            Err(error) => {
                return Simulation {
                    steps,
                    pull_calls,
                    ending: Ending::Failed {
                        error: error.to_string(),
                        reason: None,
                    },
                };
            }
        };
        let applied = match policy {
            KubernetesPullPolicy::ClusterDefault => cluster_default(image),
            other => other,
        };
        let shown = match policy {
            KubernetesPullPolicy::ClusterDefault => format!(
                "\"\" (left to the cluster: the API server sets {:?} for this image)",
                applied.as_str()
            ),
            other => format!("{:?}", other.as_str()),
        };
        let mut step = Step::new(format!(
            "pod attempt {attempt}: the build container gets imagePullPolicy {shown}"
        ));
        let local = scenario.local == Local::Present;
        match applied {
            KubernetesPullPolicy::IfNotPresent | KubernetesPullPolicy::Never if local => {
                step.say(Channel::Kubelet, "the image is on the node: no pull");
                steps.push(step);
                return Simulation {
                    steps,
                    pull_calls,
                    ending: Ending::Image {
                        id: LOCAL_ID.to_owned(),
                        local: true,
                    },
                };
            }
            KubernetesPullPolicy::Never => {
                step.say(
                    Channel::Kubelet,
                    format!(
                        "ErrImageNeverPull: Container image {image:?} is not present with pull \
                         policy of Never"
                    ),
                );
                step.say(
                    Channel::Note,
                    format!(
                        "the runner does not treat ErrImageNeverPull as a pull failure: the pod \
                         stays Pending for poll_timeout ({poll_timeout} s) and no later policy is \
                         tried"
                    ),
                );
                steps.push(step);
                return Simulation {
                    steps,
                    pull_calls,
                    ending: Ending::Failed {
                        error: "timed out waiting for pod to start (last phase: Pending)"
                            .to_owned(),
                        reason: None,
                    },
                };
            }
            _ => {}
        }
        pull_calls = pull_calls.saturating_add(1);
        let (Some(message), Some(failed)) = (kubelet_error.as_deref(), pull_failed.as_deref())
        else {
            step.say(
                Channel::Kubelet,
                format!("pulled {image}, image ID {PULLED_ID}"),
            );
            steps.push(step);
            return Simulation {
                steps,
                pull_calls,
                ending: Ending::Image {
                    id: PULLED_ID.to_owned(),
                    local: false,
                },
            };
        };
        step.say(Channel::Kubelet, format!("ErrImagePull: {message}"));
        let record = cursor.record_failure(attempt, BUILD, image, failed);
        for line in record.log_lines() {
            step.say(Channel::JobLog, format!("{}{line}", line.level().prefix()));
        }
        if record.retry() {
            step.say(
                Channel::Note,
                "the runner deletes the pod and creates a new one",
            );
            steps.push(step);
            attempt = attempt.saturating_add(1);
            continue;
        }
        step.say(
            Channel::Note,
            "the build container has no policy left, so the runner gives up",
        );
        steps.push(step);
        return Simulation {
            steps,
            pull_calls,
            ending: Ending::Failed {
                error: format!("pulling image {image:?} for container {BUILD}: {failed}"),
                reason: Some(classify(message).into()),
            },
        };
    }
    Simulation {
        steps,
        pull_calls,
        ending: Ending::Failed {
            error: "the simulation did not end (a bug in runner-config)".to_owned(),
            reason: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use KubernetesPullPolicy as K;
    use PullPolicy::{Always, IfNotPresent, Never};

    const IMAGE: &str = "registry.example.com/ci/base:1";

    fn scenario(registry: Registry, local: Local) -> Scenario {
        Scenario { registry, local }
    }

    fn build(policies: Vec<KubernetesPullPolicy>) -> ContainerPolicies {
        [(BUILD.to_owned(), policies)].into_iter().collect()
    }

    #[test]
    fn docker_outage_falls_back_to_the_local_copy_after_three_pulls() {
        let sim = simulate_docker(
            IMAGE,
            &[Always, IfNotPresent],
            scenario(Registry::Down, Local::Present),
        );
        assert_eq!(sim.pull_calls, 3);
        assert_eq!(
            sim.ending,
            Ending::Image {
                id: LOCAL_ID.to_owned(),
                local: true
            }
        );
    }

    #[test]
    fn docker_outage_without_a_local_copy_fails_transiently() {
        let sim = simulate_docker(
            IMAGE,
            &[Always, IfNotPresent],
            scenario(Registry::Down, Local::Absent),
        );
        assert_eq!(sim.pull_calls, 6);
        let Ending::Failed { error, reason } = sim.ending else {
            panic!("{:?}", sim.ending)
        };
        assert!(error.starts_with(
            "failed to pull image \"registry.example.com/ci/base:1\" with specified policies \
             [always if-not-present]: Error response from daemon: Get \
             \"https://registry.example.com/v2/\": dial tcp"
        ));
        assert_eq!(reason, Some(FailureReason::ExternalDependencyFailure));
    }

    #[test]
    fn docker_denied_and_missing_are_not_retried() {
        for registry in [Registry::Denied, Registry::Missing] {
            let sim = simulate_docker(IMAGE, &[Always], scenario(registry, Local::Absent));
            assert_eq!(sim.pull_calls, 1, "{registry:?}");
            assert!(matches!(
                sim.ending,
                Ending::Failed {
                    reason: Some(FailureReason::ConfigurationError),
                    ..
                }
            ));
        }
    }

    #[test]
    fn docker_never_without_a_copy_fails_without_a_pull() {
        let sim = simulate_docker(IMAGE, &[Never], scenario(Registry::Up, Local::Absent));
        assert_eq!(sim.pull_calls, 0);
        assert_eq!(
            sim.ending,
            Ending::Failed {
                error: format!(
                    "failed to pull image {IMAGE:?} with specified policies [never]: \
                     No such image: {IMAGE}"
                ),
                reason: None
            }
        );
    }

    #[test]
    fn docker_registry_up_pulls() {
        let sim = simulate_docker(IMAGE, &[Always], scenario(Registry::Up, Local::Present));
        assert_eq!(sim.pull_calls, 1);
        assert_eq!(
            sim.ending,
            Ending::Image {
                id: PULLED_ID.to_owned(),
                local: false
            }
        );
    }

    #[test]
    fn kubernetes_falls_through_recognised_pull_errors() {
        let sim = simulate_kubernetes(
            IMAGE,
            build(vec![K::Always, K::IfNotPresent]),
            scenario(Registry::Down, Local::Present),
            180,
        );
        assert_eq!(sim.pull_calls, 1);
        assert_eq!(sim.steps.len(), 2);
        assert!(matches!(sim.ending, Ending::Image { local: true, .. }));
    }

    #[test]
    fn kubernetes_never_waits_for_the_poll_timeout() {
        let sim = simulate_kubernetes(
            IMAGE,
            build(vec![K::Never, K::Always]),
            scenario(Registry::Up, Local::Absent),
            600,
        );
        assert_eq!(sim.pull_calls, 0);
        assert_eq!(sim.steps.len(), 1);
        assert!(sim.steps[0].lines.iter().any(|(_, l)| l.contains("600 s")));
        assert!(matches!(sim.ending, Ending::Failed { reason: None, .. }));
    }

    #[test]
    fn kubernetes_cluster_default_is_resolved_per_image() {
        let sim = simulate_kubernetes(
            "alpine",
            build(vec![K::ClusterDefault]),
            scenario(Registry::Missing, Local::Present),
            180,
        );
        // `alpine` means `alpine:latest`: the API server picks Always.
        assert_eq!(sim.pull_calls, 1);
        assert!(sim.steps[0].title.contains("sets \"Always\""));
        let Ending::Failed { error, reason } = &sim.ending else {
            panic!("{:?}", sim.ending)
        };
        assert!(error.starts_with(
            "pulling image \"alpine\" for container build: image pull failed: rpc error"
        ));
        assert_eq!(*reason, Some(FailureReason::ConfigurationError));

        let sim = simulate_kubernetes(
            IMAGE,
            build(vec![K::ClusterDefault]),
            scenario(Registry::Down, Local::Present),
            180,
        );
        assert_eq!(sim.pull_calls, 0);
    }

    #[test]
    fn runners_are_picked_by_name_then_index() {
        let runner = |name: &str| {
            let mut runner = Runner::default();
            runner.name = Some(name.to_owned());
            runner
        };
        let runners = [runner("a"), runner("1"), runner("b"), runner("b")];
        let pick = |wanted| select(&runners, wanted, "f").map(|(i, _)| i);
        assert_eq!(pick(Some("a")), Ok(0));
        // A name wins over an index.
        assert_eq!(pick(Some("1")), Ok(1));
        assert_eq!(pick(Some("2")), Ok(2));
        assert!(pick(Some("b")).is_err_and(|e| e.contains("2 runners in f are named \"b\"")));
        assert!(pick(Some("7")).is_err_and(|e| e.contains("  3  \"b\"  (no executor)")));
        assert!(pick(None).is_err_and(|e| e.starts_with("f has 4 runners")));
        assert_eq!(select(&runners[..1], None, "f").map(|(i, _)| i), Ok(0));
        assert!(select(&[], None, "f").is_err());
    }

    #[test]
    fn lists_read_like_the_runners_but_show_the_cluster_default() {
        assert_eq!(go_list(&["always", "never"]), "[always never]");
        assert_eq!(go_list(&[K::ClusterDefault, K::Always]), "[\"\" Always]");
    }

    #[test]
    fn repository_drops_tag_and_digest_only() {
        assert_eq!(repository("reg:5000/a/b:1"), "reg:5000/a/b");
        assert_eq!(repository("reg:5000/a/b"), "reg:5000/a/b");
        assert_eq!(repository("alpine@sha256:abc"), "alpine");
        assert_eq!(repository("alpine:3@sha256:abc"), "alpine");
    }

    #[test]
    fn docker_hub_images_name_its_registry() {
        let message = Registry::Down.docker_error("alpine").unwrap_or_default();
        assert!(message.contains("https://registry-1.docker.io/v2/"));
        let message = Registry::Down.docker_error("$CI_IMAGE").unwrap_or_default();
        assert!(message.starts_with("Error response from daemon: dial tcp"));
    }
}
