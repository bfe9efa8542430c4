//! A whole job on one runner: which images it needs, under which policy
//! lists, each run through the executor's loop against the scenario.

use std::collections::HashMap;

use super::kubernetes::{KubernetesEnd, PodContainer, PodRun, kubernetes_pull};
use super::world::{ScenarioDaemon, ScenarioKubelet, scrub, shown_image};
use super::{
    Action, Attempt, DockerEnd, ImageSimulation, JobLogLine, JobSimulation, Outcome, PodPolicy,
    PolicyLists, PullResult, RUNNER_VERSION, Role, Scenario, docker_pull,
};
use crate::model::{DockerConfig, Executor, KubernetesConfig, Runner};
use crate::policy::{
    ContainerPolicies, KubernetesJob, KubernetesPullCursor, KubernetesPullPolicy, PolicyError,
    PolicyExecutor, PolicySource, PullPlan, PullPolicy, RunnerPolicies, Service,
};

/// `poll_timeout` when not set or not positive (`common/consts.go`).
const DEFAULT_POLL_TIMEOUT: i64 = 180;
/// Where the runner's default helper images live.
const HELPER_REPOSITORY: &str = "registry.gitlab.com/gitlab-org/gitlab-runner/gitlab-runner-helper";

/// What a job asks of the runner.
///
/// ```
/// use runner_config::policy::Service;
/// use runner_config::simulate::Job;
///
/// let policy = ["if-not-present".to_owned()];
/// let services = [Service { name: "postgres:16", ..Service::default() }];
/// let job = Job { image: Some("alpine:3.19"), image_pull_policy: &policy, services: &services };
/// assert_eq!(job.services.len(), 1);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Job<'a> {
    /// The job's image; `None` uses the runner's `image`.
    pub image: Option<&'a str>,
    /// The job's `image: pull_policy` (empty when it sets none).
    pub image_pull_policy: &'a [String],
    /// The job's services, each with its own `pull_policy` (the alias
    /// matters on Kubernetes, where it names the container).
    pub services: &'a [Service<'a>],
}

/// Why there is nothing to simulate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SimulateError {
    /// The runner has no `executor`, so it takes no jobs.
    #[error("the runner sets no executor, so it runs no jobs")]
    NoExecutor,
    /// The executor never pulls images.
    #[error(
        "the {0} executor does not pull images: pull_policy and allowed_pull_policies have no \
         effect there"
    )]
    NoPulls(Executor),
    /// Neither the job nor the runner names an image.
    #[error("no image to pull: the runner sets no `image` in {0}")]
    NoImage(&'static str),
}

/// Simulates `job` on `runner` in `scenario`: every image the job needs,
/// with the runner's policy lists, steps and result.
///
/// ```
/// use runner_config::load::load;
/// use runner_config::simulate::{simulate, Job, Local, PullResult, Registry, Scenario};
///
/// let loaded = load("[[runners]]\nexecutor = \"docker\"\n[runners.docker]\nimage = \"alpine:3.19\"\n");
/// let runner = &loaded.config().unwrap().runners[0];
/// let down = Scenario { registry: Registry::Down, local: Local::Present };
/// let job = simulate(runner, &Job::default(), down).unwrap();
/// // `always` (the default) never falls back to the local copy.
/// assert_eq!(job.image.result, PullResult::Failed);
/// assert_eq!(job.image.pull_calls(), 3);
/// assert_eq!(job.result(), PullResult::Failed);
/// ```
pub fn simulate(
    runner: &Runner,
    job: &Job<'_>,
    scenario: Scenario,
) -> Result<JobSimulation, SimulateError> {
    let executor = runner.executor.ok_or(SimulateError::NoExecutor)?;
    match executor.pull_manager() {
        None => Err(SimulateError::NoPulls(executor)),
        Some(PolicyExecutor::Docker) => docker_job(runner, executor, job, scenario),
        Some(PolicyExecutor::Kubernetes) => kubernetes_job(runner, executor, job, scenario),
    }
}

/// The job's image, else the runner's; an empty name counts as none.
fn job_image<'a>(
    job: &Job<'a>,
    configured: Option<&'a str>,
    section: &'static str,
) -> Result<&'a str, SimulateError> {
    job.image
        .or(configured)
        .filter(|image| !image.is_empty())
        .ok_or(SimulateError::NoImage(section))
}

/// The runner's default helper image for a Linux (or Windows Server 2022)
/// host on x86_64 (`helperimage.Get`): `<flavor>-x86_64-v<version>`, the
/// `alpine` flavor writing no prefix.
fn default_helper(windows: bool, flavor: Option<&str>) -> String {
    if windows {
        return format!("{HELPER_REPOSITORY}:x86_64-v{RUNNER_VERSION}-servercore21H2");
    }
    let prefix = match flavor {
        None | Some("" | "alpine") => String::new(),
        Some(flavor) => format!("{flavor}-"),
    };
    scrub(&format!(
        "{HELPER_REPOSITORY}:{prefix}x86_64-v{RUNNER_VERSION}"
    ))
}

fn configured(value: Option<&str>) -> Option<&str> {
    value.filter(|v| !v.is_empty())
}

/// Each text, with URL credentials removed.
fn scrubbed<S: AsRef<str>>(list: &[S]) -> Vec<String> {
    list.iter().map(|s| scrub(s.as_ref())).collect()
}

/// Marks `simulation` as failed by the configuration before any pull.
fn config_error(simulation: &mut ImageSimulation, error: &PolicyError) {
    simulation.error = Some(scrub(&error.to_string()));
    simulation.failure_reason = error.failure_reason();
    simulation.suggestion = error.invalid_value().and_then(|v| v.suggestion());
    simulation.result = PullResult::ConfigError;
}

// ---- Docker ---------------------------------------------------------------

/// The Docker host through one job: the daemon, and the images the job
/// already used (the pull manager's map, per job).
struct DockerHost {
    daemon: ScenarioDaemon,
    used: HashMap<String, String>,
}

fn docker_job(
    runner: &Runner,
    executor: Executor,
    job: &Job<'_>,
    scenario: Scenario,
) -> Result<JobSimulation, SimulateError> {
    let default = DockerConfig::default();
    let docker = runner.docker.as_ref().unwrap_or(&default);
    let image = job_image(job, docker.image.as_deref(), "[runners.docker]")?;
    let policies = docker.policies();
    let mut host = DockerHost {
        daemon: ScenarioDaemon::new(scenario),
        used: HashMap::new(),
    };
    // The executor's order: services (config.toml's first), the helper,
    // the build image.
    let mut services = Vec::new();
    let none: &[String] = &[];
    for name in docker
        .services
        .iter()
        .filter_map(|s| configured(s.name.as_deref()))
    {
        let role = Role::Service { from_config: true };
        services.push(docker_image(role, name, none, policies, &mut host));
    }
    for service in job.services.iter().filter(|s| !s.name.is_empty()) {
        let role = Role::Service { from_config: false };
        let image = docker_image(role, service.name, service.pull_policy, policies, &mut host);
        services.push(image);
    }
    let helper = match configured(docker.helper_image.as_deref()) {
        Some(name) => {
            let role = Role::Helper { configured: true };
            docker_image(role, name, none, policies, &mut host)
        }
        None => {
            let windows = executor == Executor::DockerWindows;
            let name = default_helper(windows, docker.helper_image_flavor.as_deref());
            docker_default_helper(name, &mut host)
        }
    };
    let build = docker_image(
        Role::Build,
        image,
        job.image_pull_policy,
        policies,
        &mut host,
    );
    Ok(JobSimulation {
        runner: runner.name.clone(),
        executor,
        image: build,
        services,
        helper: Some(helper),
        opening_log: Vec::new(),
        poll_timeout: None,
    })
}

/// One image through the Docker pull manager (`GetDockerImage`).
fn docker_image(
    role: Role,
    name: &str,
    job_list: &[String],
    policies: RunnerPolicies<'_>,
    host: &mut DockerHost,
) -> ImageSimulation {
    let image = shown_image(name).into_owned();
    let lists = PolicyLists {
        requested: policies
            .docker_requested(job_list)
            .ok()
            .map(|l| scrubbed(&l)),
        requested_source: PolicySource::of(job_list, policies.pull_policy.entries()),
        allowed: policies
            .docker_allowed_pull_policies()
            .ok()
            .map(|l| scrubbed(&l)),
        effective: None,
    };
    let mut simulation = ImageSimulation {
        role,
        image,
        container: None,
        policies: Some(lists),
        error: None,
        failure_reason: None,
        suggestion: None,
        attempts: Vec::new(),
        closing_log: Vec::new(),
        result: PullResult::Ok,
    };
    let effective = match policies.docker_effective(&simulation.image, job_list) {
        Ok(effective) => effective.into_policies(),
        Err(error) => {
            config_error(&mut simulation, &error);
            return simulation;
        }
    };
    if let Some(lists) = simulation.policies.as_mut() {
        lists.effective = Some(effective.iter().map(|p| p.as_str().to_owned()).collect());
    }
    let local = host.daemon.inspect(&simulation.image);
    let lookup = match &local {
        Ok(image) => Ok(image.clone()),
        Err(error) => Err(error.as_str()),
    };
    let plan = PullPlan::new(&simulation.image, &effective, lookup).used_images(&host.used);
    let run = docker_pull(&plan, &mut host.daemon);
    simulation.attempts = run.attempts;
    simulation.closing_log = run.closing_log;
    match run.end {
        DockerEnd::Image(image) => {
            host.used
                .insert(simulation.image.clone(), image.id.into_owned());
        }
        DockerEnd::Exhausted { error, reason, .. } => {
            simulation.error = Some(error);
            simulation.failure_reason = reason;
            simulation.result = PullResult::Failed;
        }
    }
    simulation
}

/// The default helper image (`executor.getHelperImage`): a plain local
/// lookup, then the bundled archive; no policy is consulted.
fn docker_default_helper(name: String, host: &mut DockerHost) -> ImageSimulation {
    let mut attempts = Vec::new();
    let lookup = host.daemon.inspect(&name);
    let step = |action, outcome, failure| Attempt {
        policy: None,
        policy_index: None,
        pod: None,
        action,
        local_use: None,
        try_number: 0,
        outcome,
        failure,
        log: Vec::new(),
    };
    match lookup {
        Ok(_) => attempts.push(step(Action::UseLocal, Outcome::Ok, None)),
        Err(error) => {
            attempts.push(step(Action::NoLocal, Outcome::Failed, Some(scrub(&error))));
            host.daemon.import(&name);
            attempts.push(step(Action::Import, Outcome::Ok, None));
        }
    }
    ImageSimulation {
        role: Role::Helper { configured: false },
        image: name,
        container: None,
        policies: None,
        error: None,
        failure_reason: None,
        suggestion: None,
        attempts,
        closing_log: Vec::new(),
        result: PullResult::Ok,
    }
}

// ---- Kubernetes -----------------------------------------------------------

/// The runner's spelling of a Kubernetes policy (`""` for the cluster
/// default).
const fn runner_spelling(policy: KubernetesPullPolicy) -> &'static str {
    match policy {
        KubernetesPullPolicy::ClusterDefault => "",
        KubernetesPullPolicy::Always => PullPolicy::Always.as_str(),
        KubernetesPullPolicy::IfNotPresent => PullPolicy::IfNotPresent.as_str(),
        KubernetesPullPolicy::Never => PullPolicy::Never.as_str(),
    }
}

fn spelled(list: &[KubernetesPullPolicy]) -> Vec<String> {
    list.iter()
        .map(|p| runner_spelling(*p).to_owned())
        .collect()
}

/// One image of a Kubernetes job: the containers that run it, the first
/// of which names it, and its job-level list.
struct PodImage<'a> {
    role: Role,
    image: String,
    containers: Vec<String>,
    job_list: &'a [String],
}

fn kubernetes_job(
    runner: &Runner,
    executor: Executor,
    job: &Job<'_>,
    scenario: Scenario,
) -> Result<JobSimulation, SimulateError> {
    let default = KubernetesConfig::default();
    let kubernetes = runner.kubernetes.as_ref().unwrap_or(&default);
    let image = job_image(job, kubernetes.image.as_deref(), "[runners.kubernetes]")?;
    let flag = |name: &str| runner.feature_flags.get(name) == Some(&true);
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
        image_pull_policy: job.image_pull_policy,
        services: job.services,
        config_services: &config_services,
        native_steps: flag("FF_USE_CONCRETE"),
    };
    let helper_image = match configured(kubernetes.helper_image.as_deref()) {
        Some(name) => shown_image(name).into_owned(),
        None => default_helper(false, kubernetes.helper_image_flavor.as_deref()),
    };
    let helper_configured = configured(kubernetes.helper_image.as_deref()).is_some();

    // The pod template (`setupBuildPod`): init containers, then the build,
    // helper and service containers.
    let build_image = shown_image(image).into_owned();
    let mut build_containers = vec!["build".to_owned()];
    let mut helper_containers = vec!["helper".to_owned()];
    let mut template: Vec<(String, String, bool)> = Vec::new();
    if flag("FF_DISABLE_UMASK_FOR_KUBERNETES_EXECUTOR") {
        template.push((
            "init-build-uid-gid-collector".to_owned(),
            build_image.clone(),
            true,
        ));
        build_containers.insert(0, "init-build-uid-gid-collector".to_owned());
    }
    // Windows jobs aside, which this simulation does not model.
    if !flag("FF_USE_LEGACY_KUBERNETES_EXECUTION_STRATEGY")
        || flag("FF_USE_DUMB_INIT_WITH_KUBERNETES_EXECUTOR")
    {
        template.push(("init-permissions".to_owned(), helper_image.clone(), true));
        helper_containers.insert(0, "init-permissions".to_owned());
    }
    if k8s_job.native_steps {
        template.push((
            "init-steps-bootstrap".to_owned(),
            helper_image.clone(),
            true,
        ));
        helper_containers.insert(
            helper_containers.len() - 1,
            "init-steps-bootstrap".to_owned(),
        );
    }
    template.push(("build".to_owned(), build_image.clone(), false));
    template.push(("helper".to_owned(), helper_image.clone(), false));

    let build = PodImage {
        role: Role::Build,
        image: build_image,
        containers: build_containers,
        job_list: job.image_pull_policy,
    };
    let helper = PodImage {
        role: Role::Helper {
            configured: helper_configured,
        },
        image: helper_image,
        containers: helper_containers,
        job_list: job.image_pull_policy,
    };
    let mut service_images = Vec::new();
    let services = config_services
        .iter()
        .map(|s| (s, true))
        .chain(job.services.iter().map(|s| (s, false)))
        .filter(|(s, _)| !s.name.is_empty());
    for ((service, from_config), container) in services.zip(k8s_job.service_containers()) {
        let image = shown_image(service.name).into_owned();
        template.push((container.clone(), image.clone(), false));
        service_images.push(PodImage {
            role: Role::Service { from_config },
            image,
            containers: vec![container],
            job_list: service.pull_policy,
        });
    }

    let policies = kubernetes.policies();
    let map = policies.kubernetes_effective(&k8s_job);
    let template: Vec<PodContainer<'_>> = template
        .iter()
        .map(|(name, image, init)| PodContainer {
            name,
            image,
            init: *init,
        })
        .collect();
    let simulate =
        |image: &PodImage<'_>| kubernetes_image(image, policies, &map, &template, scenario);
    let opening_log = match &map {
        Ok(map) => map
            .log_lines()
            .map(|line| JobLogLine::from_line(&line))
            .collect(),
        Err(_) => Vec::new(),
    };
    let services = service_images.iter().map(simulate).collect();
    let helper = Some(simulate(&helper));
    let build = simulate(&build);
    Ok(JobSimulation {
        runner: runner.name.clone(),
        executor,
        image: build,
        services,
        helper,
        opening_log,
        poll_timeout: Some(
            kubernetes
                .poll_timeout
                .filter(|&t| t > 0)
                .unwrap_or(DEFAULT_POLL_TIMEOUT),
        ),
    })
}

/// One image of the pod, run through the pull-retry loop with only its own
/// containers meeting the scenario.
fn kubernetes_image(
    image: &PodImage<'_>,
    policies: RunnerPolicies<'_>,
    map: &Result<ContainerPolicies, PolicyError>,
    template: &[PodContainer<'_>],
    scenario: Scenario,
) -> ImageSimulation {
    // The container whose map entry is the image's list: the one the
    // image is named after (`build`, `helper`, the service's).
    let named = image.containers.last().map_or("build", String::as_str);
    let mut simulation = ImageSimulation {
        role: image.role,
        image: image.image.clone(),
        container: Some(named.to_owned()),
        policies: Some(PolicyLists {
            requested: policies
                .kubernetes_requested(image.job_list)
                .ok()
                .map(|l| spelled(&l)),
            requested_source: PolicySource::of(image.job_list, policies.pull_policy.entries()),
            allowed: policies
                .kubernetes_allowed_pull_policies()
                .ok()
                .map(|l| spelled(&l)),
            effective: None,
        }),
        error: None,
        failure_reason: None,
        suggestion: None,
        attempts: Vec::new(),
        closing_log: Vec::new(),
        result: PullResult::Ok,
    };
    let map = match map {
        Ok(map) => map,
        Err(error) => {
            config_error(&mut simulation, error);
            return simulation;
        }
    };
    if let Some(lists) = simulation.policies.as_mut() {
        lists.effective = Some(spelled(map.get(named)));
    }
    let mut kubelet = ScenarioKubelet::new(scenario, &image.containers);
    let run = kubernetes_pull(
        KubernetesPullCursor::new(map.clone()),
        template,
        1,
        &mut kubelet,
    );
    simulation.attempts = pod_attempts(&run);
    if let KubernetesEnd::Failed { error, reason, .. } = run.end {
        simulation.error = Some(scrub(&error));
        simulation.failure_reason = reason;
        simulation.result = PullResult::Failed;
    }
    simulation
}

/// The steps of a pod run, one per container pull, with the runner's lines
/// about a failed pod on the step that failed it.
fn pod_attempts(run: &PodRun) -> Vec<Attempt> {
    let mut attempts = Vec::new();
    for pod in &run.pods {
        let first = attempts.len();
        for pull in &pod.pulls {
            let on_spec = pod
                .spec
                .iter()
                .find(|(name, _)| *name == pull.container)
                .map_or(KubernetesPullPolicy::ClusterDefault, |(_, p)| *p);
            attempts.push(Attempt {
                policy: Some(runner_spelling(on_spec).to_owned()),
                policy_index: None,
                pod: Some(PodPolicy {
                    container: pull.container.clone(),
                    pod_attempt: pod.number,
                    image_pull_policy: on_spec,
                    applied: pull.applied,
                    waiting: pull.waiting,
                }),
                action: pull.action,
                local_use: None,
                try_number: u32::from(pull.action == Action::Pull),
                outcome: pull.outcome,
                failure: pull.failure.as_deref().map(scrub),
                log: Vec::new(),
            });
        }
        if let super::PodStart::PullFailed { container, .. } = &pod.start {
            let failed = attempts[first..].iter_mut().rev().find(|a| {
                a.outcome == Outcome::Failed
                    && a.pod.as_ref().is_some_and(|p| p.container == *container)
            });
            if let Some(attempt) = failed {
                attempt.log.extend(pod.log.iter().cloned());
            }
        }
    }
    attempts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load;
    use crate::policy::LocalUse;
    use crate::simulate::{Local, Registry};

    fn run(config: &str, job: &Job<'_>, registry: Registry, local: Local) -> JobSimulation {
        let loaded = load(config);
        let Ok(config) = loaded.config() else {
            panic!("{:?}", loaded.diagnostics())
        };
        let scenario = Scenario { registry, local };
        match simulate(&config.runners[0], job, scenario) {
            Ok(simulation) => simulation,
            Err(error) => panic!("{error}"),
        }
    }

    const DOCKER: &str = "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\n\
                          image = \"app:1\"\npull_policy = [\"always\", \"if-not-present\"]\n";

    #[test]
    fn an_image_the_job_already_pulled_is_not_pulled_again() {
        let services = [Service {
            name: "app:1",
            ..Service::default()
        }];
        let job = Job {
            services: &services,
            ..Job::default()
        };
        let sim = run(DOCKER, &job, Registry::Up, Local::Absent);
        assert_eq!(sim.services[0].pull_calls(), 1);
        assert_eq!(sim.image.pull_calls(), 0);
        assert_eq!(sim.image.attempts[0].local_use, Some(LocalUse::AlreadyUsed));
        assert_eq!(sim.result(), PullResult::Ok);
    }

    #[test]
    fn a_runner_list_outside_its_allowed_list_fails_a_configured_helper_only() {
        let config = "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\nimage = \"app:1\"\n\
                      pull_policy = \"never\"\nallowed_pull_policies = [\"always\"]\n";
        let policy = ["always".to_owned()];
        let job = Job {
            image_pull_policy: &policy,
            ..Job::default()
        };
        let sim = run(config, &job, Registry::Up, Local::Absent);
        assert_eq!(sim.image.result, PullResult::Ok);
        // The default helper is imported without any policy.
        assert_eq!(sim.helper.as_ref().map(|h| h.result), Some(PullResult::Ok));
        assert_eq!(sim.result(), PullResult::Ok);

        let configured = format!("{config}helper_image = \"reg.example.com/helper:1\"\n");
        let sim = run(&configured, &job, Registry::Up, Local::Absent);
        let helper = sim.helper.as_ref().map(|h| (h.result, h.error.clone()));
        assert_eq!(
            helper,
            Some((
                PullResult::ConfigError,
                Some(
                    "invalid pull policy for image \"reg.example.com/helper:1\": pull_policy \
                     ([never]) defined in Runner config is not one of the \
                     allowed_pull_policies ([always])"
                        .to_owned()
                )
            ))
        );
        // The job image was fine: the job fails, not its configuration.
        assert_eq!(sim.result(), PullResult::Failed);
    }

    #[test]
    fn a_kubernetes_configuration_error_fails_every_image() {
        let config = "[[runners]]\nexecutor = \"kubernetes\"\n[runners.kubernetes]\n\
                      image = \"app:1\"\npull_policy = \"Always\"\n";
        let sim = run(config, &Job::default(), Registry::Up, Local::Absent);
        for image in sim.images() {
            assert_eq!(image.result, PullResult::ConfigError);
            assert_eq!(image.suggestion, Some(PullPolicy::Always));
            assert!(image.attempts.is_empty());
        }
        assert_eq!(sim.result(), PullResult::ConfigError);
        assert_eq!(
            sim.image.error.as_deref(),
            Some(
                "getting allowed pull policies: pull_policy config: unsupported pull policy: \
                 \"Always\""
            )
        );
    }

    #[test]
    fn the_kubernetes_helper_keeps_its_first_policy_through_init_permissions() {
        let config = "[[runners]]\nexecutor = \"kubernetes\"\n[runners.kubernetes]\n\
                      image = \"app:1\"\npull_policy = [\"always\", \"if-not-present\"]\n";
        let sim = run(config, &Job::default(), Registry::Down, Local::Present);
        // The build container falls back to the node's copy…
        assert_eq!(sim.image.result, PullResult::Ok);
        // …the helper image never does.
        let Some(helper) = &sim.helper else {
            panic!("no helper")
        };
        let on_spec: Vec<_> = helper
            .attempts
            .iter()
            .filter_map(|a| a.pod.as_ref())
            .map(|p| (p.container.as_str(), p.image_pull_policy))
            .collect();
        assert_eq!(
            on_spec,
            [
                ("init-permissions", KubernetesPullPolicy::Always),
                ("init-permissions", KubernetesPullPolicy::Always)
            ]
        );
        assert_eq!(helper.result, PullResult::Failed);
        // With the legacy strategy there is no init-permissions container.
        let legacy = format!(
            "{config}[runners.feature_flags]\nFF_USE_LEGACY_KUBERNETES_EXECUTION_STRATEGY = true\n"
        );
        let sim = run(&legacy, &Job::default(), Registry::Down, Local::Present);
        assert_eq!(sim.result(), PullResult::Ok);
    }

    #[test]
    fn credentials_stay_out_of_every_value() {
        let image = "https://ci:hunter2@registry.example.com/app:1";
        let policy = [image.to_owned()];
        let services = [Service {
            name: image,
            ..Service::default()
        }];
        let job = Job {
            image: Some(image),
            image_pull_policy: &policy,
            services: &services,
        };
        for config in [
            DOCKER,
            "[[runners]]\nexecutor = \"kubernetes\"\n[runners.kubernetes]\nimage = \"a:1\"\n",
        ] {
            let sim = run(config, &job, Registry::Down, Local::Absent);
            let shown = format!("{sim:?}");
            assert!(!shown.contains("hunter2"), "{shown}");
            assert!(shown.contains("https://***@registry.example.com/app:1"));
        }
    }

    #[test]
    fn executors_without_images_and_runners_without_one() {
        let loaded =
            load("[[runners]]\nexecutor = \"shell\"\n[[runners]]\nexecutor = \"docker\"\n");
        let Ok(config) = loaded.config() else {
            panic!()
        };
        let scenario = Scenario {
            registry: Registry::Up,
            local: Local::Absent,
        };
        assert_eq!(
            simulate(&config.runners[0], &Job::default(), scenario),
            Err(SimulateError::NoPulls(Executor::Shell))
        );
        assert_eq!(
            simulate(&config.runners[1], &Job::default(), scenario),
            Err(SimulateError::NoImage("[runners.docker]"))
        );
        assert_eq!(
            simulate(&Runner::default(), &Job::default(), scenario),
            Err(SimulateError::NoExecutor)
        );
    }
}
