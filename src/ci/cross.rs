//! Jobs × runners.

use std::ops::Range;

use super::codes;
use crate::check::FileReport;
use crate::image::ImageRef;
use crate::load::{Loaded, SpanIndex};
use crate::model::{Config, Runner};
use crate::pipeline::{ImageSource, Job, JobImage, Loc, Pipeline};
use crate::policy::{
    KubernetesJob, KubernetesPullPolicy, PolicyError, PolicyExecutor, PullPolicy, RunnerPolicies,
    Service,
};
use crate::versions::RunnerVersion;
use crate::{Diagnostic, Rule, Source};

/// Which runners of the `config.toml` to check the jobs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Runners {
    /// Every `[[runners]]` entry.
    All,
    /// The entry at this index.
    Only(usize),
}

/// How findings name a runner: its `name`, or `#index` without one.
///
/// ```
/// use runner_config::ci::runner_label;
/// use runner_config::load::load;
///
/// let loaded = load("[[runners]]\nname = \"docker\"\n[[runners]]\n");
/// let config = loaded.best_effort();
/// assert_eq!(runner_label(config, 0), "docker");
/// assert_eq!(runner_label(config, 1), "#1");
/// ```
pub fn runner_label(config: &Config, index: usize) -> String {
    config
        .runners
        .get(index)
        .and_then(|r| r.name.clone())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| format!("#{index}"))
}

/// The runner `wanted` names: a runner's `name`, else an index (`2` or
/// `#2`).
///
/// ```
/// use runner_config::ci::select_runner;
/// use runner_config::load::load;
///
/// let loaded = load("[[runners]]\nname = \"a\"\n[[runners]]\nname = \"b\"\n");
/// let config = loaded.best_effort();
/// assert_eq!(select_runner(config, "b"), Ok(1));
/// assert_eq!(select_runner(config, "#0"), Ok(0));
/// assert!(select_runner(config, "c").unwrap_err().contains("a, b"));
/// ```
pub fn select_runner(config: &Config, wanted: &str) -> Result<usize, String> {
    if let Some(i) = config
        .runners
        .iter()
        .position(|r| r.name.as_deref() == Some(wanted))
    {
        return Ok(i);
    }
    let index = wanted.strip_prefix('#').unwrap_or(wanted);
    match index.parse::<usize>() {
        Ok(i) if i < config.runners.len() => Ok(i),
        _ => {
            let names: Vec<String> = (0..config.runners.len())
                .map(|i| runner_label(config, i))
                .collect();
            Err(format!(
                "no runner is named or numbered `{wanted}`; the config has {}",
                if names.is_empty() {
                    "no [[runners]]".to_owned()
                } else {
                    names.join(", ")
                }
            ))
        }
    }
}

/// Checks every job of `pipeline` against the selected runners of
/// `config`: one report per file of the pipeline, the main file first,
/// each with its redacted text and its findings sorted by position.
///
/// Findings about a value of `config.toml` (a runner's default `image`)
/// are reported on the pipeline's main file, without a location; use
/// [`check_loaded`] to locate them in `config.toml`. The jobs run on the
/// newest GitLab Runner release; [`check_loaded`] uses the release the
/// config was loaded for.
pub fn check(pipeline: &Pipeline, config: &Config, runners: Runners) -> Vec<FileReport> {
    run(pipeline, config, None, runners, RunnerVersion::newest())
}

/// [`check`], with the findings about values of `config.toml` located in
/// it: the reports of the pipeline's files, then (when it has findings) a
/// report of the config file, named as `loaded` was.
///
/// The jobs run on the GitLab Runner release `loaded` was read for
/// ([`load_for`](crate::load::load_for)): its model holds only the keys
/// that release reads, and before 15.1 (Docker) or 15.2 (Kubernetes) the
/// runner ignores a job's own `pull_policy`, which is then reported once
/// per place and runner as `job-pull-policy-ignored` instead of being
/// checked against `allowed_pull_policies`.
///
/// ```
/// use runner_config::ci::{self, Runners};
/// use runner_config::load::load_named;
/// use runner_config::pipeline::{NoFiles, Pipeline};
///
/// let loaded = load_named("config.toml", "[[runners]]\nname = \"docker\"\n\
///     executor = \"docker\"\n[runners.docker]\nimage = \"app:$CI_COMMIT_REF_NAME\"\n");
/// let pipeline = Pipeline::load(".gitlab-ci.yml", "test:\n  script: make\n", None, &NoFiles);
/// let reports = ci::check_loaded(&pipeline, &loaded, Runners::All);
/// let config = &reports[1];
/// assert_eq!(config.source.name(), "config.toml");
/// let finding = &config.diagnostics[0];
/// assert_eq!(finding.code(), "unsafe-image-variable");
/// assert_eq!(finding.key_path(), Some("runners[0].docker.image"));
/// assert_eq!(finding.job_names().unwrap(), ["test"]);
/// ```
pub fn check_loaded(
    pipeline: &Pipeline,
    loaded: &Loaded<Config>,
    runners: Runners,
) -> Vec<FileReport> {
    run(
        pipeline,
        loaded.best_effort(),
        Some((loaded.spans(), loaded.source())),
        runners,
        loaded.runner_version(),
    )
}

/// The config file's spans and text, when findings can be located in it.
type ConfigText<'a> = Option<(&'a SpanIndex, &'a Source)>;

fn run(
    pipeline: &Pipeline,
    config: &Config,
    config_text: ConfigText<'_>,
    runners: Runners,
    version: RunnerVersion,
) -> Vec<FileReport> {
    let mut hits = Vec::new();
    for problem in pipeline.problems() {
        hits.push(Hit {
            rule: problem.rule,
            file: FileId::Pipeline(problem.file),
            span: problem.span.clone(),
            key: problem.key.clone(),
            runner: None,
            message: problem.message.clone(),
            help: problem.help.clone(),
            jobs: problem.jobs.clone(),
            labels: Vec::new(),
        });
    }
    for job in pipeline.jobs() {
        images(pipeline, job, &mut hits);
        super::tags::job_images(pipeline, job, &mut hits);
    }
    super::latest::check(pipeline, &mut hits);
    let selected: Vec<usize> = match runners {
        Runners::All => (0..config.runners.len()).collect(),
        Runners::Only(i) => vec![i],
    };
    for index in selected {
        let Some(runner) = config.runners.get(index) else {
            continue;
        };
        let label = runner_label(config, index);
        let Some(executor) = runner.executor.and_then(|e| e.pull_manager()) else {
            // Shell, SSH, VirtualBox… never pull an image.
            continue;
        };
        let on = OnRunner {
            pipeline,
            runner,
            index,
            label: &label,
            executor,
            spans: config_text.map(|(spans, _)| spans),
            version,
        };
        for job in pipeline.jobs() {
            on.ignored_job_policies(job, &mut hits);
            match executor {
                PolicyExecutor::Docker => on.docker(job, &mut hits),
                PolicyExecutor::Kubernetes => on.kubernetes(job, &mut hits),
            }
            on.allowed_images(job, &mut hits);
            on.privileged(job, &mut hits);
            on.default_image_variables(job, &mut hits);
        }
    }
    reports(pipeline, config_text.map(|(_, source)| source), hits)
        .into_iter()
        .map(|report| report.for_version(version))
        .collect()
}

/// The file a finding is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FileId {
    /// One of the pipeline's files, by its index.
    Pipeline(usize),
    /// The runner's `config.toml`.
    Config,
}

/// One finding before findings at the same place are merged.
#[derive(Debug, Clone)]
pub(super) struct Hit {
    pub(super) rule: &'static Rule,
    pub(super) file: FileId,
    pub(super) span: Option<Range<usize>>,
    pub(super) key: Option<String>,
    pub(super) runner: Option<String>,
    pub(super) message: String,
    pub(super) help: Option<String>,
    pub(super) jobs: Vec<String>,
    /// Labels at the jobs, in the file of the finding.
    pub(super) labels: Vec<(Range<usize>, String)>,
}

impl Hit {
    pub(super) fn at(pipeline: &Pipeline, rule: &'static Rule, loc: Loc, message: String) -> Self {
        Self {
            rule,
            file: FileId::Pipeline(loc.file),
            span: pipeline.span(loc),
            key: pipeline.key_path(loc),
            runner: None,
            message,
            help: None,
            jobs: Vec::new(),
            labels: Vec::new(),
        }
    }

    /// Names the job, and labels it when the value it is about is not
    /// written in the job itself.
    pub(super) fn job(
        mut self,
        pipeline: &Pipeline,
        job: &Job,
        loc: Loc,
        source: ImageSource,
    ) -> Self {
        self.jobs.push(job.name.clone());
        let inside = loc.file == job.body.file
            && match (pipeline.span(loc), pipeline.span(job.body)) {
                (Some(at), Some(body)) => body.start <= at.start && at.end <= body.end,
                _ => false,
            };
        if !inside
            && job.at.file == loc.file
            && let Some(span) = pipeline.span(job.at)
        {
            let how = match source {
                ImageSource::Default => "takes this from `default:`".to_owned(),
                ImageSource::Job if !job.extends.is_empty() => {
                    format!(
                        "inherits this through `extends: {}`",
                        job.extends.join(", ")
                    )
                }
                ImageSource::Job => "uses this through a YAML alias or `!reference`".to_owned(),
            };
            self.labels.push((span, format!("`{}` {how}", job.name)));
        }
        self
    }
}

/// Runner-independent checks of a job's images: references Docker cannot
/// parse.
fn images(pipeline: &Pipeline, job: &Job, hits: &mut Vec<Hit>) {
    for (image, what) in job_images(job) {
        // `$[[ inputs.… ]]` is interpolated by GitLab from a component's
        // inputs, which are not known here.
        if image.expanded.contains("$[[") {
            continue;
        }
        let Err(error) = ImageRef::parse(&image.expanded) else {
            continue;
        };
        let shown = crate::diagnostic::shorten(&image.expanded, 400);
        let span = inner_span(pipeline, image, error.span());
        let mut hit = Hit::at(
            pipeline,
            &codes::INVALID_JOB_IMAGE,
            image.name_at,
            format!("{what} {shown:?} is not a valid reference: {error}"),
        )
        .job(pipeline, job, image.name_at, image.source);
        hit.span = span.or(hit.span);
        hit.help = Some(match error.help() {
            Some(help) => help.to_owned(),
            None => "a reference is `[registry[:port]/]name[:tag][@digest]`".to_owned(),
        });
        hits.push(hit);
    }
}

/// The span of `part` of an image name: exact when the name is written
/// as it is used (no variables expanded, no escapes), else the whole name.
pub(super) fn inner_span(
    pipeline: &Pipeline,
    image: &JobImage,
    part: Range<usize>,
) -> Option<Range<usize>> {
    let whole = pipeline.span(image.name_at)?;
    let text = pipeline
        .files()
        .get(image.name_at.file)?
        .text
        .get(whole.clone())?;
    let offset = if text == image.expanded {
        0
    } else if text.len() == image.expanded.len() + 2
        && text.get(1..text.len() - 1) == Some(image.expanded.as_str())
    {
        1
    } else {
        return Some(whole);
    };
    Some(whole.start + offset + part.start..whole.start + offset + part.end)
}

/// The job's build image and services, each with the words for it.
pub(super) fn job_images(job: &Job) -> impl Iterator<Item = (&JobImage, &'static str)> {
    job.image
        .iter()
        .map(|i| (i, "the image"))
        .chain(job.services.iter().map(|s| (s, "the service")))
}

/// A runner the jobs are checked against.
pub(super) struct OnRunner<'a> {
    pub(super) pipeline: &'a Pipeline,
    pub(super) runner: &'a Runner,
    /// Its position in `[[runners]]`.
    pub(super) index: usize,
    pub(super) label: &'a str,
    pub(super) executor: PolicyExecutor,
    /// The config file's spans, when findings can be located in it.
    pub(super) spans: Option<&'a SpanIndex>,
    /// The GitLab Runner release that runs the jobs.
    pub(super) version: RunnerVersion,
}

impl OnRunner<'_> {
    pub(super) fn hit(&self, rule: &'static Rule, loc: Loc, message: String) -> Hit {
        let mut hit = Hit::at(self.pipeline, rule, loc, message);
        hit.runner = Some(self.label.to_owned());
        hit
    }

    /// A finding about the value at `key` of `config.toml` (a path such
    /// as `runners[0].docker.image`), naming the job; on the pipeline's
    /// main file without a location when the config's text is not known.
    pub(super) fn config_hit(
        &self,
        rule: &'static Rule,
        key: String,
        job: &Job,
        message: String,
    ) -> Hit {
        let (file, span) = match self.spans {
            Some(spans) => (
                FileId::Config,
                spans.value_span(&key).or_else(|| spans.key_span(&key)),
            ),
            None => (FileId::Pipeline(0), None),
        };
        Hit {
            rule,
            file,
            span,
            key: Some(key),
            runner: Some(self.label.to_owned()),
            message,
            help: None,
            jobs: vec![job.name.clone()],
            labels: Vec::new(),
        }
    }

    /// The key path of this runner's executor section joined with `key`.
    pub(super) fn section_key(&self, key: &str) -> String {
        let section = match self.executor {
            PolicyExecutor::Docker => "docker",
            PolicyExecutor::Kubernetes => "kubernetes",
        };
        format!("runners[{}].{section}.{key}", self.index)
    }

    /// The runner's message that fails the job, from its own settings:
    /// one finding per runner and message, on the pipeline's main file.
    pub(super) fn runner_fails(&self, job: &Job, message: String, hits: &mut Vec<Hit>) {
        hits.push(Hit {
            rule: &codes::RUNNER_FAILS_JOBS,
            file: FileId::Pipeline(0),
            span: None,
            key: None,
            runner: Some(self.label.to_owned()),
            message,
            help: Some(
                "the runner's config.toml is at fault, not the pipeline: run `runner-config \
                 check` on it"
                    .to_owned(),
            ),
            jobs: vec![job.name.clone()],
            labels: Vec::new(),
        });
    }

    /// The image's job-level list as this runner reads it: empty when it
    /// sets none, or when this release ignores job policies; `None` when
    /// GitLab refuses it (the job never reaches a runner).
    fn job_list<'i>(&self, image: &'i JobImage) -> Option<&'i [String]> {
        if self.version.reads_job_pull_policy(self.executor) {
            job_list(image)
        } else {
            job_list(image).map(|_| &[][..])
        }
    }

    /// On a release that ignores a job's `pull_policy`: one note per place
    /// that sets one, naming the release that first reads it.
    fn ignored_job_policies(&self, job: &Job, hits: &mut Vec<Hit>) {
        if self.version.reads_job_pull_policy(self.executor) {
            return;
        }
        let since = RunnerVersion::job_pull_policy_since(self.executor)
            .map(|release| format!(" (it is read from {release} on)"))
            .unwrap_or_default();
        let executor = match self.executor {
            PolicyExecutor::Docker => "Docker",
            PolicyExecutor::Kubernetes => "Kubernetes",
        };
        for (image, _) in job_images(job) {
            let Some(setting) = image.pull_policy.as_ref().filter(|s| s.accepted) else {
                continue;
            };
            let mut hit = self
                .hit(
                    &codes::JOB_PULL_POLICY_IGNORED,
                    setting.at,
                    format!(
                        "GitLab Runner {} ignores a job's pull_policy on the {executor} \
                         executor{since}: {:?} is pulled with the runner's own pull_policy",
                        self.version.release(),
                        crate::diagnostic::shorten(&image.expanded, 200),
                    ),
                )
                .job(self.pipeline, job, setting.at, image.source);
            hit.help = Some(
                "upgrade the runner, or set the policies in its config.toml; \
                 `allowed_pull_policies` does not exist in this release either"
                    .to_owned(),
            );
            hits.push(hit);
        }
    }

    /// The runner's own pull-policy settings fail the job.
    fn runner_error(&self, job: &Job, error: &PolicyError, hits: &mut Vec<Hit>) {
        self.runner_fails(job, error.to_string(), hits);
    }

    fn docker(&self, job: &Job, hits: &mut Vec<Hit>) {
        let section = self.runner.docker.as_ref();
        let policies = RunnerPolicies::from_keys(
            section.and_then(|s| s.pull_policy.as_ref()),
            section.and_then(|s| s.allowed_pull_policies.as_ref()),
        );
        let none: [&str; 0] = [];
        // A configured helper image and `config.toml` services always use
        // the runner's lists.
        let configured = section.into_iter().flat_map(|s| {
            s.helper_image
                .iter()
                .chain(s.services.iter().filter_map(|s| s.name.as_ref()))
        });
        for name in configured {
            if let Err(error) = policies.docker_effective(name, &none) {
                self.runner_error(job, error.unprefixed(), hits);
            }
        }
        if job.image.is_none()
            && section.and_then(|s| s.image.as_ref()).is_some()
            && let Err(error) = policies.docker_effective("", &none)
        {
            self.runner_error(job, error.unprefixed(), hits);
        }
        for (image, _) in job_images(job) {
            let Some(list) = self.job_list(image) else {
                continue;
            };
            match policies.docker_effective(&image.expanded, list) {
                Ok(effective) => {
                    let kept: Vec<Option<PullPolicy>> =
                        effective.policies().iter().copied().map(Some).collect();
                    let allowed: Vec<String> = policies
                        .docker_allowed_pull_policies()
                        .map(|a| a.iter().map(|p| p.as_str().to_owned()).collect())
                        .unwrap_or_default();
                    self.after(job, image, list, &allowed, &kept, hits);
                }
                Err(error) if !list.is_empty() && error.invalid_value().is_none() => {
                    self.not_allowed(job, image, &error, hits);
                }
                Err(error) => self.runner_error(job, error.unprefixed(), hits),
            }
        }
    }

    fn kubernetes(&self, job: &Job, hits: &mut Vec<Hit>) {
        let section = self.runner.kubernetes.as_ref();
        let policies = RunnerPolicies::from_keys(
            section.and_then(|s| s.pull_policy.as_ref()),
            section.and_then(|s| s.allowed_pull_policies.as_ref()),
        );
        let config_services: Vec<Service<'_>> = section
            .map(|s| {
                s.services
                    .iter()
                    .map(|s| Service {
                        name: s.name.as_deref().unwrap_or_default(),
                        alias: s.alias.as_deref().unwrap_or_default(),
                        pull_policy: &[],
                    })
                    .collect()
            })
            .unwrap_or_default();
        // A list every container accepts: the allowed list itself. Lists
        // the job sets are replaced by it to find the runner's own errors,
        // and other containers' lists by it to judge one list alone.
        let neutral: Vec<String> = policies
            .kubernetes_allowed_pull_policies()
            .map(|allowed| {
                allowed
                    .iter()
                    .map(|p| runner_spelling(*p).to_owned())
                    .collect()
            })
            .unwrap_or_default();
        let services: Vec<&JobImage> = job
            .services
            .iter()
            .filter(|s| !s.expanded.is_empty())
            .collect();
        let build_list = job
            .image
            .as_ref()
            .and_then(|i| self.job_list(i))
            .unwrap_or_default();
        let runner_side = |own: &[String]| {
            if own.is_empty() {
                &[][..]
            } else {
                &neutral[..]
            }
        };
        let neutral_services: Vec<Service<'_>> = services
            .iter()
            .map(|s| Service {
                name: &s.expanded,
                alias: &s.alias,
                pull_policy: runner_side(self.job_list(s).unwrap_or_default()),
            })
            .collect();
        let runner_only = KubernetesJob {
            image_pull_policy: runner_side(build_list),
            services: &neutral_services,
            config_services: &config_services,
            native_steps: false,
        };
        let runner_map = match policies.kubernetes_effective(&runner_only) {
            Ok(map) => map,
            Err(error) => {
                self.runner_error(job, &error, hits);
                return;
            }
        };
        let containers = runner_only.service_containers();
        // Images without a list of their own get the runner's policies:
        // only a stale `latest` to report.
        let runner_policies = |container: &str| -> Vec<Option<PullPolicy>> {
            runner_map
                .get(container)
                .iter()
                .copied()
                .map(from_kubernetes)
                .collect()
        };
        if let Some(image) = job.image.as_ref()
            && self.job_list(image).is_some_and(<[String]>::is_empty)
        {
            self.after(job, image, &[], &neutral, &runner_policies("build"), hits);
        }
        for (i, service) in services.iter().enumerate() {
            if self.job_list(service).is_some_and(<[String]>::is_empty)
                && let Some(container) = containers.get(config_services.len() + i)
            {
                self.after(
                    job,
                    service,
                    &[],
                    &neutral,
                    &runner_policies(container),
                    hits,
                );
            }
        }
        if let Some(image) = job.image.as_ref()
            && let Some(list) = self.job_list(image).filter(|l| !l.is_empty())
        {
            let alone = KubernetesJob {
                image_pull_policy: list,
                ..runner_only
            };
            match policies.kubernetes_effective(&alone) {
                Ok(map) => {
                    let kept: Vec<Option<PullPolicy>> = map
                        .get("build")
                        .iter()
                        .copied()
                        .map(from_kubernetes)
                        .collect();
                    self.after(job, image, list, &neutral, &kept, hits);
                }
                Err(error) => self.not_allowed(job, image, &error, hits),
            }
        }
        for (i, service) in services.iter().enumerate() {
            let Some(list) = self.job_list(service).filter(|l| !l.is_empty()) else {
                continue;
            };
            let mut one = neutral_services.clone();
            one[i].pull_policy = list;
            let alone = KubernetesJob {
                services: &one,
                ..runner_only
            };
            match policies.kubernetes_effective(&alone) {
                Ok(map) => {
                    let container = containers.get(config_services.len() + i);
                    let kept: Vec<Option<PullPolicy>> = container
                        .map(|c| map.get(c).iter().copied().map(from_kubernetes).collect())
                        .unwrap_or_default();
                    self.after(job, service, list, &neutral, &kept, hits);
                }
                Err(error) => self.not_allowed(job, service, &error, hits),
            }
        }
    }

    /// The job's own list fails on this runner.
    fn not_allowed(&self, job: &Job, image: &JobImage, error: &PolicyError, hits: &mut Vec<Hit>) {
        let Some(setting) = &image.pull_policy else {
            return;
        };
        let mut hit = self
            .hit(
                &codes::JOB_PULL_POLICY_NOT_ALLOWED,
                setting.at,
                error.to_string(),
            )
            .job(self.pipeline, job, setting.at, image.source);
        hit.help = Some(format!(
            "the job fails on runner `{}`: ask for a policy it allows, or run the job on \
             another runner (tags)",
            self.label
        ));
        hits.push(hit);
    }

    /// The job runs here: is part of its list dropped, and is its image
    /// frozen at an old `latest`?
    fn after(
        &self,
        job: &Job,
        image: &JobImage,
        list: &[String],
        allowed: &[String],
        kept: &[Option<PullPolicy>],
        hits: &mut Vec<Hit>,
    ) {
        if let Some(setting) = &image.pull_policy
            && !list.is_empty()
        {
            let dropped: Vec<&str> = list
                .iter()
                .filter(|p| !allowed.contains(p))
                .map(String::as_str)
                .collect();
            if !dropped.is_empty() {
                let kept_text: Vec<&str> = list
                    .iter()
                    .filter(|p| allowed.contains(p))
                    .map(String::as_str)
                    .collect();
                let mut hit = self
                    .hit(
                        &codes::JOB_PULL_POLICY_PARTLY_ALLOWED,
                        setting.at,
                        format!(
                            "pull_policy [{}] of {:?} is only partly allowed ([{}]): the runner \
                             drops [{}] and uses [{}]",
                            list.join(" "),
                            crate::diagnostic::shorten(&image.expanded, 200),
                            allowed.join(" "),
                            dropped.join(" "),
                            kept_text.join(" ")
                        ),
                    )
                    .job(self.pipeline, job, setting.at, image.source);
                hit.help = Some(
                    "ask only for policies the runner allows, so the list says what happens"
                        .to_owned(),
                );
                hits.push(hit);
            }
        }
        let keeps_local = kept
            .iter()
            .any(|p| matches!(p, Some(PullPolicy::IfNotPresent | PullPolicy::Never)));
        if keeps_local
            && !image.expanded.contains("$[[")
            && let Ok(reference) = ImageRef::parse(&image.expanded)
            && reference.latest_tag().is_latest()
        {
            let how = if reference.tag().is_some() {
                "is tagged `:latest`"
            } else {
                "has no tag, so it is pulled as `:latest`"
            };
            let mut hit = self
                .hit(
                    &codes::STALE_JOB_IMAGE,
                    image.name_at,
                    format!(
                        "{:?} {how}, and the policies it gets here reuse a local copy: it is never \
                         updated once on a host",
                        crate::diagnostic::shorten(&image.expanded, 200)
                    ),
                )
                .job(self.pipeline, job, image.name_at, image.source);
            hit.help = Some("pin a version tag or digest".to_owned());
            hits.push(hit);
        }
    }
}

/// The image's job-level list, empty when it sets none; `None` when GitLab
/// refuses it (the job never reaches a runner).
fn job_list(image: &JobImage) -> Option<&[String]> {
    match &image.pull_policy {
        None => Some(&[]),
        Some(setting) if setting.accepted => Some(&setting.values),
        Some(_) => None,
    }
}

/// The runner's spelling of a Kubernetes policy.
const fn runner_spelling(policy: KubernetesPullPolicy) -> &'static str {
    match policy {
        KubernetesPullPolicy::ClusterDefault => "",
        KubernetesPullPolicy::Always => "always",
        KubernetesPullPolicy::IfNotPresent => "if-not-present",
        KubernetesPullPolicy::Never => "never",
    }
}

/// The runner's policy for a Kubernetes name; `None` for the cluster
/// default.
const fn from_kubernetes(policy: KubernetesPullPolicy) -> Option<PullPolicy> {
    match policy {
        KubernetesPullPolicy::ClusterDefault => None,
        KubernetesPullPolicy::Always => Some(PullPolicy::Always),
        KubernetesPullPolicy::IfNotPresent => Some(PullPolicy::IfNotPresent),
        KubernetesPullPolicy::Never => Some(PullPolicy::Never),
    }
}

/// Merges hits at one place into one finding per rule, runner and message
/// (the first message, for GitLab's refusals, which name each job), and
/// files them by file.
fn reports(pipeline: &Pipeline, config: Option<&Source>, hits: Vec<Hit>) -> Vec<FileReport> {
    let mut merged: Vec<Hit> = Vec::new();
    for mut hit in hits {
        if hit.file == FileId::Config && config.is_none() {
            hit.file = FileId::Pipeline(0);
            hit.span = None;
        }
        let same = |m: &&mut Hit| {
            m.rule.code == hit.rule.code
                && m.file == hit.file
                && m.span == hit.span
                && m.runner == hit.runner
                && (m.message == hit.message || refusal(hit.rule))
        };
        match merged.iter_mut().find(same) {
            Some(existing) => {
                for job in hit.jobs {
                    if !existing.jobs.contains(&job) {
                        existing.jobs.push(job);
                    }
                }
                for label in hit.labels {
                    if !existing.labels.contains(&label) {
                        existing.labels.push(label);
                    }
                }
            }
            None => merged.push(hit),
        }
    }
    let diagnostics_of = |file: FileId| {
        let mut diagnostics: Vec<Diagnostic> = merged
            .iter()
            .filter(|h| h.file == file)
            .map(Hit::diagnostic)
            .collect();
        let (whole, mut located): (Vec<_>, Vec<_>) =
            diagnostics.drain(..).partition(|d| d.span().is_none());
        crate::load::sort_by_position(&mut located);
        let mut diagnostics = whole;
        diagnostics.extend(located);
        diagnostics
    };
    let mut reports: Vec<FileReport> = pipeline
        .files()
        .iter()
        .enumerate()
        .map(|(index, file)| {
            let source = yaml_source(&file.name, &file.text, &file.secrets());
            FileReport::new(source, diagnostics_of(FileId::Pipeline(index)))
        })
        .collect();
    if let Some(source) = config {
        let diagnostics = diagnostics_of(FileId::Config);
        if !diagnostics.is_empty() {
            reports.push(FileReport::new(source.clone(), diagnostics));
        }
    }
    reports
}

/// GitLab's refusals name each job in their message: one finding per
/// place, with the first message. Other findings are one per message,
/// which names the (expanded) image.
fn refusal(rule: &Rule) -> bool {
    [
        &codes::INVALID_PIPELINE,
        &codes::UNKNOWN_JOB_PULL_POLICY,
        &codes::INVALID_JOB_IMAGE,
    ]
    .iter()
    .any(|r| r.code == rule.code)
}

/// The one place a YAML file becomes a [`Source`]: its text with every
/// secret blanked.
fn yaml_source(name: &str, text: &str, secrets: &[Range<usize>]) -> Source {
    Source::redacted(name, text, secrets)
}

impl Hit {
    fn diagnostic(&self) -> Diagnostic {
        let mut d = Diagnostic::new(self.rule, self.message.clone()).at_opt(self.span.clone());
        if let Some(key) = &self.key {
            d = d.key(key);
        }
        if let Some(help) = &self.help {
            d = d.help(help);
        }
        if let Some(runner) = &self.runner {
            d = d.runner(runner);
        }
        if !self.jobs.is_empty() {
            d = d.jobs(self.jobs.iter().cloned());
        }
        for (span, text) in &self.labels {
            d = d.label(span.clone(), text);
        }
        d
    }
}
