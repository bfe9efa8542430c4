//! `runner-config explain`: what happens when a job pulls its images on one
//! runner, step by step, with the lines the runner writes to the job log.
//!
//! The simulation is the library's ([`runner_config::simulate`]); this
//! module picks the runner, turns the arguments into a [`Job`] and a
//! [`Scenario`], and renders the result for people or as JSON.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use runner_config::image::ImageRef;
use runner_config::load::{Loaded, load_named};
use runner_config::model::{Config, Executor, Runner};
use runner_config::policy::{FailureReason, LocalUse, PolicyExecutor, PullReference, Service};
use runner_config::simulate::{
    Action, Attempt, ImageSimulation, Job, JobSimulation, LOCAL_ID, Local, Outcome, PULLED_ID,
    PullResult, Registry, Role, Scenario, SimulateError, simulate,
};

use super::{Status, input, print};

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

    /// A service of the job, pulled with the runner's policies. Repeat it
    /// for several. The runner's own `[[runners.*.services]]` are always
    /// simulated.
    #[arg(long = "service", value_name = "IMAGE")]
    services: Vec<String>,

    /// What the registry answers to a pull.
    #[arg(long, value_enum, default_value_t = RegistryArg::Up)]
    registry: RegistryArg,

    /// Whether a copy of each image is already on the Docker host or the
    /// Kubernetes node.
    #[arg(long, value_enum, default_value_t = LocalArg::Absent)]
    local: LocalArg,

    /// The output: for people, or the JSON contract (see the README).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

/// The simulated registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum RegistryArg {
    /// Pulls succeed.
    Up,
    /// Pulls time out (a transient network error, retried by Docker).
    Down,
    /// Pulls are refused: `pull access denied` (a configuration error).
    Denied,
    /// The tag does not exist: `manifest unknown` (a configuration error).
    Missing,
    /// Docker Hub's `429 toomanyrequests` rate limit (an image pull failure:
    /// not retried, the next policy is tried).
    RateLimited,
}

impl From<RegistryArg> for Registry {
    fn from(arg: RegistryArg) -> Self {
        match arg {
            RegistryArg::Up => Self::Up,
            RegistryArg::Down => Self::Down,
            RegistryArg::Denied => Self::Denied,
            RegistryArg::Missing => Self::Missing,
            RegistryArg::RateLimited => Self::RateLimited,
        }
    }
}

/// The simulated local image store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LocalArg {
    /// A copy of each image is there.
    Present,
    /// No copy.
    Absent,
}

impl From<LocalArg> for Local {
    fn from(arg: LocalArg) -> Self {
        match arg {
            LocalArg::Present => Self::Present,
            LocalArg::Absent => Self::Absent,
        }
    }
}

/// How the answer is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Step by step, for people.
    Human,
    /// The JSON contract.
    Json,
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
    let services: Vec<Service<'_>> = args
        .services
        .iter()
        .map(|name| Service {
            name,
            ..Service::default()
        })
        .collect();
    let job = Job {
        image: args.image.as_deref(),
        image_pull_policy: &args.job_policy,
        services: &services,
    };
    let scenario = Scenario {
        registry: args.registry.into(),
        local: args.local.into(),
    };
    let simulation = simulate(runner, &job, scenario).map_err(|error| match error {
        SimulateError::NoImage(_) => format!("runner {label}: {error}; name one with --image"),
        _ => format!("runner {label}: {error}"),
    })?;
    let status = match simulation.result() {
        PullResult::Ok => Status::Clean,
        PullResult::Failed | PullResult::ConfigError => Status::Findings,
    };
    let text = match args.format {
        Format::Json => json(&simulation)?,
        Format::Human => {
            let config = ConfigView { loaded, index };
            human(&simulation, &label, &config, args, scenario)
        }
    };
    Ok((text, status))
}

fn json(simulation: &JobSimulation) -> Result<String, String> {
    serde_json::to_string_pretty(simulation)
        .map(|mut text| {
            text.push('\n');
            text
        })
        .map_err(|error| format!("cannot write the JSON answer: {error}"))
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

// ---- for people -------------------------------------------------------------

/// The loaded file, to quote the runner's settings from its redacted text.
struct ConfigView<'a> {
    loaded: &'a Loaded<Config>,
    index: usize,
}

impl ConfigView<'_> {
    /// The value of `key` in the executor's section as written in the file
    /// (secrets blanked), on one line; `None` when the file does not set it.
    fn quote(&self, section: &str, key: &str) -> Option<String> {
        let path = format!("runners[{}].{section}.{key}", self.index);
        let span = self.loaded.spans().value_span(&path)?;
        let text = self.loaded.source().text().get(span)?;
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        Some(lines.join(" ").replace("[ ", "[").replace(" ]", "]"))
    }
}

fn human(
    simulation: &JobSimulation,
    label: &str,
    config: &ConfigView<'_>,
    args: &Args,
    scenario: Scenario,
) -> String {
    let mut out = String::new();
    let executor = simulation.executor;
    let kubernetes = executor.pull_manager() == Some(PolicyExecutor::Kubernetes);
    let (section, key) = if kubernetes {
        ("[runners.kubernetes]", "kubernetes")
    } else {
        ("[runners.docker]", "docker")
    };
    let _ = writeln!(
        out,
        "runner:    {label}, executor {executor}, pull policies from {section}"
    );
    let origin = if args.image.is_some() {
        "--image"
    } else {
        "the runner's default image"
    };
    let _ = writeln!(out, "image:     {} ({origin})", simulation.image.image);
    let _ = writeln!(out);
    let _ = writeln!(out, "config.toml {section}:");
    let default = if kubernetes {
        "[\"\"], the cluster decides"
    } else {
        "[always]"
    };
    let pull_policy = match config.quote(key, "pull_policy") {
        Some(value) if value == "[]" => format!("{value} (empty: the default {default} applies)"),
        Some(value) => value,
        None => format!("not set (default: {default})"),
    };
    let _ = writeln!(out, "  pull_policy:           {pull_policy}");
    let allowed = match config.quote(key, "allowed_pull_policies") {
        Some(value) if value == "[]" => {
            format!("{value} (empty: the requested runner list is the allowed list)")
        }
        Some(value) => value,
        None => "not set (the requested runner list is the allowed list)".to_owned(),
    };
    let _ = writeln!(out, "  allowed_pull_policies: {allowed}");
    let _ = writeln!(out);
    scenario_lines(&mut out, scenario, kubernetes);
    if executor.is_autoscaled() && scenario.local == Local::Present {
        let _ = writeln!(
            out,
            "           (autoscaled hosts start empty: only a host that ran an earlier job has a copy)"
        );
    }
    if kubernetes {
        let _ = writeln!(
            out,
            "           (each image is simulated on its own: the other containers start)"
        );
        if !simulation.opening_log.is_empty() {
            let _ = writeln!(out);
            let _ = writeln!(
                out,
                "effective, per container (logged when the job starts):"
            );
            for line in &simulation.opening_log {
                let _ = writeln!(out, "  job log | {}", line.prefixed());
            }
        }
    }
    for image in simulation.images() {
        let _ = writeln!(out);
        image_section(&mut out, image, simulation.poll_timeout);
    }
    let _ = writeln!(out);
    let failing: Vec<String> = simulation
        .images()
        .filter(|image| image.result != PullResult::Ok)
        .map(|image| format!("{} {}", role_name(image.role), image.image))
        .collect();
    if failing.is_empty() {
        let _ = writeln!(out, "job:       runs: every image it needs is there");
    } else {
        let _ = writeln!(out, "job:       fails: {}", failing.join(", "));
    }
    let preparations = simulation.preparations();
    if preparations > 1 {
        let _ = writeln!(
            out,
            "           (the first error carries no failure reason, so the runner logs \
             \"Preparation failed\" and prepares the job again: {preparations} times in all, \
             3 s apart, each ending the same way)"
        );
    }
    out
}

fn scenario_lines(out: &mut String, scenario: Scenario, kubernetes: bool) {
    let place = if kubernetes {
        "on the node"
    } else {
        "on the Docker host"
    };
    let registry = match scenario.registry {
        Registry::Up => "up (pulls succeed)",
        Registry::Down => "down (every pull times out: a transient network error)",
        Registry::Denied => "denied (every pull is refused: pull access denied)",
        Registry::Missing => "missing (the tag does not exist: manifest unknown)",
        Registry::RateLimited => {
            "rate-limited (Docker Hub's 429 toomanyrequests: an image pull failure)"
        }
    };
    let local = match scenario.local {
        Local::Present => {
            format!("a copy of each image is present {place} (simulated ID {LOCAL_ID})")
        }
        Local::Absent => format!("no copy of any image {place}"),
    };
    let _ = writeln!(out, "simulated: registry {registry}");
    let _ = writeln!(out, "           {local}");
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Build => "job image",
        Role::Service { from_config: true } => "service (config.toml)",
        Role::Service { from_config: false } => "service (--service)",
        Role::Helper { configured: true } => "helper image (helper_image)",
        Role::Helper { configured: false } => "helper image (the runner's default)",
    }
}

/// A list the way the runner writes it (`[a b]`), except that the cluster
/// default shows as `""` rather than as nothing.
fn go_list(items: &[String]) -> String {
    let items: Vec<&str> = items
        .iter()
        .map(|item| match item.as_str() {
            "" => "\"\"",
            item => item,
        })
        .collect();
    format!("[{}]", items.join(" "))
}

fn source_note(source: runner_config::policy::PolicySource) -> String {
    use runner_config::policy::PolicySource;
    let origin = match source {
        PolicySource::Pipeline => "the job's pull_policy",
        PolicySource::Runner => "pull_policy in config.toml",
        PolicySource::RunnerDefault => "the executor's default",
    };
    format!("from {origin} (\"{source}\")")
}

fn reason_text(reason: Option<FailureReason>) -> &'static str {
    reason.map_or("none attached to the error", FailureReason::as_str)
}

fn image_section(out: &mut String, image: &ImageSimulation, poll_timeout: Option<i64>) {
    let container = image
        .container
        .as_deref()
        .map(|c| format!(", container {c}"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "== {}: {}{container}",
        role_name(image.role),
        image.image
    );
    match &image.policies {
        None => {
            let _ = writeln!(
                out,
                "policies:  none: the Docker executor looks for its default helper image \
                 locally, then imports it from the runner's bundled archive"
            );
        }
        Some(lists) => {
            let _ = match &lists.requested {
                Some(list) => writeln!(
                    out,
                    "requested: {} {}",
                    go_list(list),
                    source_note(lists.requested_source)
                ),
                None => writeln!(out, "requested: (invalid, see below)"),
            };
            let _ = match &lists.allowed {
                Some(list) => writeln!(out, "allowed:   {}", go_list(list)),
                None => writeln!(out, "allowed:   (invalid, see below)"),
            };
            let _ = match &lists.effective {
                Some(list) => writeln!(out, "effective: {}", go_list(list)),
                None => writeln!(out, "effective: none"),
            };
        }
    }
    if let Some(reason) = invalid_reference(image) {
        let _ = writeln!(out, "note:      not a valid image reference: {reason}");
    }
    let rebuilt = |a: &Attempt| {
        a.pod
            .as_ref()
            .is_some_and(|p| p.container == "init-permissions" && p.pod_attempt > 1)
    };
    if image.attempts.iter().any(rebuilt) {
        let _ = writeln!(
            out,
            "note:      init-permissions runs this image with the policy of the helper \
             container; its failures move only its own cursor, so the policy the log \
             announces next is not the one it gets"
        );
    }
    let last = image.attempts.len().saturating_sub(1);
    for (number, attempt) in image.attempts.iter().enumerate() {
        let _ = writeln!(out);
        let title = match &attempt.pod {
            Some(_) => pod_title(attempt, &image.image),
            None => docker_title(attempt, &image.image),
        };
        let _ = writeln!(out, "step {}: {title}", number.saturating_add(1));
        // Docker logs as it starts a step; Kubernetes logs about a pod the
        // kubelet could not start.
        if attempt.pod.is_none() {
            log_lines(out, attempt);
        }
        match &attempt.pod {
            Some(pod) => {
                let said = match (attempt.action, &attempt.failure) {
                    (Action::UseLocal, _) => "the image is on the node: no pull".to_owned(),
                    (_, Some(failure)) => {
                        format!("{}: {failure}", pod.waiting.unwrap_or("failed"))
                    }
                    _ => format!("pulled {}, image ID {PULLED_ID}", image.image),
                };
                let _ = writeln!(out, "  kubelet | {said}");
                log_lines(out, attempt);
                if pod.waiting == Some("ErrImageNeverPull") {
                    let timeout = poll_timeout.unwrap_or(180);
                    let _ = writeln!(
                        out,
                        "  note    | the runner does not treat ErrImageNeverPull as a pull \
                         failure: the pod stays Pending for poll_timeout ({timeout} s) and no \
                         later policy is tried"
                    );
                } else if !attempt.log.is_empty() {
                    let note = if number == last && image.result == PullResult::Failed {
                        format!(
                            "the {} container has no policy left, so the runner gives up",
                            pod.container
                        )
                    } else {
                        "the runner deletes the pod and creates a new one".to_owned()
                    };
                    let _ = writeln!(out, "  note    | {note}");
                }
            }
            None => {
                let said = match (attempt.action, &attempt.failure) {
                    (Action::Pull, None) => {
                        format!(
                            "pulled {}, image ID {PULLED_ID}",
                            PullReference::new(&image.image)
                        )
                    }
                    (_, Some(failure)) => failure.clone(),
                    _ => continue,
                };
                let _ = writeln!(out, "  daemon  | {said}");
            }
        }
    }
    if !image.closing_log.is_empty() {
        let _ = writeln!(out);
        let done = match image.result {
            PullResult::Ok => "done: the image is there",
            _ => "done: no policy produced an image",
        };
        let _ = writeln!(
            out,
            "step {}: {done}",
            image.attempts.len().saturating_add(1)
        );
        for line in &image.closing_log {
            let _ = writeln!(out, "  job log | {}", line.prefixed());
        }
    }
    let _ = writeln!(out);
    result_lines(out, image);
}

fn log_lines(out: &mut String, attempt: &Attempt) {
    for line in &attempt.log {
        let _ = writeln!(out, "  job log | {}", line.prefixed());
    }
}

/// Why the crate's parser refuses the image, with its hint, when Docker
/// refused it too.
fn invalid_reference(image: &ImageSimulation) -> Option<String> {
    let refused = image.attempts.iter().any(|a| {
        a.failure
            .as_deref()
            .is_some_and(|f| f.contains("invalid reference format"))
    });
    let error = ImageRef::parse(&image.image).err().filter(|_| refused)?;
    Some(match error.help() {
        Some(help) => format!("{error} ({help})"),
        None => error.to_string(),
    })
}

fn docker_title(attempt: &Attempt, image: &str) -> String {
    let Some(policy) = attempt.policy.as_deref() else {
        return match attempt.action {
            Action::UseLocal => "the default helper image is on the host: used as it is, \
                                 whatever the pull policy"
                .to_owned(),
            Action::NoLocal => "the default helper image is not on the host".to_owned(),
            _ => "import it from the runner's bundled archive: no pull".to_owned(),
        };
    };
    let number = attempt.policy_index.map_or(0, |i| i.saturating_add(1));
    let policy = format!("policy #{number} {policy:?}");
    let reference = PullReference::new(image);
    match attempt.action {
        Action::Pull if attempt.try_number > 1 => {
            let wait = if attempt.try_number <= 2 {
                "2 s"
            } else {
                "2-4 s"
            };
            format!(
                "{policy}: the error is transient, so after {wait} pull {reference} again \
                 (try {})",
                attempt.try_number
            )
        }
        Action::Pull => format!("{policy}: pull {reference}"),
        Action::UseLocal => {
            let why = match attempt.local_use {
                Some(LocalUse::AlreadyUsed) => "this job already used it",
                Some(LocalUse::ById) => "the job names the image by this ID",
                _ => "this policy does not pull",
            };
            format!("{policy}: use the local copy ({why})")
        }
        Action::NoLocal if attempt.policy.as_deref() == Some("never") => {
            format!("{policy}: fails at once, there is no local copy and this policy never pulls")
        }
        Action::NoLocal => format!("{policy}: no local copy, so it pulls"),
        Action::Import => format!("{policy}: import"),
    }
}

fn pod_title(attempt: &Attempt, image: &str) -> String {
    let Some(pod) = &attempt.pod else {
        return String::new();
    };
    let shown = match pod.image_pull_policy {
        runner_config::policy::KubernetesPullPolicy::ClusterDefault => format!(
            "\"\" (left to the cluster: the API server sets {:?} for {image})",
            pod.applied.as_str()
        ),
        other => format!("{:?}", other.as_str()),
    };
    format!(
        "pod attempt {}: the {} container gets imagePullPolicy {shown}",
        pod.pod_attempt, pod.container
    )
}

fn result_lines(out: &mut String, image: &ImageSimulation) {
    let failed_pulls = image
        .attempts
        .iter()
        .filter(|a| a.action == Action::Pull && a.outcome == Outcome::Failed)
        .count();
    let after = match failed_pulls {
        0 => "without a failed pull".to_owned(),
        1 => "after 1 failed pull".to_owned(),
        n => format!("after {n} failed pulls"),
    };
    match image.result {
        PullResult::Ok => {
            let got = match image.attempts.last().map(|a| a.action) {
                Some(Action::UseLocal) => format!("the local copy {LOCAL_ID}, {after}"),
                Some(Action::Import) => "the image imported from the bundled archive".to_owned(),
                _ => format!("the freshly pulled image {PULLED_ID}, {after}"),
            };
            let _ = writeln!(out, "result:    ok: {got}");
        }
        PullResult::Failed => {
            let failed = match failed_pulls {
                0 => "without pulling".to_owned(),
                _ => after,
            };
            let _ = writeln!(out, "result:    fails {failed}, with:");
            error_lines(out, image);
        }
        PullResult::ConfigError => {
            let _ = writeln!(
                out,
                "result:    every job that needs this image fails before any pull, with:"
            );
            error_lines(out, image);
        }
    }
}

fn error_lines(out: &mut String, image: &ImageSimulation) {
    if let Some(error) = &image.error {
        let _ = writeln!(out, "  error:          {error}");
    }
    let _ = writeln!(
        out,
        "  failure reason: {}",
        reason_text(image.failure_reason)
    );
    if let Some(suggestion) = image.suggestion {
        let _ = writeln!(out, "  did you mean {:?}?", suggestion.as_str());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let list = |items: &[&str]| items.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(go_list(&list(&["always", "never"])), "[always never]");
        assert_eq!(go_list(&list(&["", "always"])), "[\"\" always]");
    }
}
