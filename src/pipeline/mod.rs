//! GitLab CI/CD pipelines as GitLab builds them, down to what each job
//! asks a runner for: its image, its services and their pull policies
//! (feature `yaml`).
//!
//! [`Pipeline::load`] follows GitLab's order (`lib/gitlab/ci/config.rb`
//! `build_config`): each file is parsed (a CI/CD component's `spec:` header
//! document is skipped, as `yaml/documents.rb` does), `include: local:`
//! files are merged under the file that includes them (later includes
//! over earlier ones, the including file over all), `extends` is resolved
//! with GitLab's deep merge, and `!reference` tags are followed where they
//! give an image, services or variables. Jobs then take `image` and
//! `services` from `default:` (or the deprecated top-level keys) unless
//! `inherit: default:` says otherwise, and image names are expanded with
//! the pipeline's and the job's `variables:`.
//!
//! Nothing is read from disk here: the files of the project come through
//! [`ProjectFiles`], which the command line implements over a directory.
//!
//! ```
//! use runner_config::pipeline::{NoFiles, Pipeline};
//!
//! let text = "default:\n  image:\n    name: ruby:3.3\n    pull_policy: if-not-present\n\
//!             variables:\n  NODE: \"22\"\n\
//!             test:\n  script: rake\n\
//!             lint:\n  image: node:$NODE\n  script: npm run lint\n";
//! let pipeline = Pipeline::load(".gitlab-ci.yml", text, None, &NoFiles);
//! let names: Vec<_> = pipeline.jobs().iter().map(|j| j.name.as_str()).collect();
//! assert_eq!(names, ["test", "lint"]);
//! let test = &pipeline.jobs()[0];
//! let image = test.image.as_ref().unwrap();
//! assert_eq!(image.expanded, "ruby:3.3");
//! assert_eq!(image.pull_policy.as_ref().unwrap().values, ["if-not-present"]);
//! assert_eq!(pipeline.jobs()[1].image.as_ref().unwrap().expanded, "node:22");
//! ```

mod merge;
mod variables;

use std::collections::HashMap;
use std::ops::Range;

use crate::Rule;
use crate::ci::codes;
use crate::yaml::{Node, NodeId, Yaml};

use merge::{Val, Values};
use variables::Variables;
pub(crate) use variables::{Variable, runner_environment};

/// GitLab's limit on included files (`max_includes`, 150 by default).
const MAX_INCLUDES: usize = 150;

/// Top-level keys that are not jobs (`entry/root.rb`: the reserved
/// entries, `default` and `workflow`; `spec` is a component's header).
const GLOBAL_KEYS: &[&str] = &[
    "default",
    "include",
    "before_script",
    "image",
    "services",
    "after_script",
    "variables",
    "stages",
    "cache",
    "workflow",
    "types",
    "spec",
];

/// The values `image:pull_policy` may take (`entry/pull_policy.rb`).
pub const GITLAB_PULL_POLICIES: [&str; 3] = ["always", "never", "if-not-present"];

/// The files of a project, as `include: local:` sees them: paths relative
/// to the repository's root, with `/` separators.
pub trait ProjectFiles {
    /// The text of the file at `path`, or why it cannot be read.
    fn read(&self, path: &str) -> Result<String, String>;
    /// Every file of the project, for glob includes.
    fn list(&self) -> Result<Vec<String>, String>;
    /// The name reports give the file at `path`.
    fn display_name(&self, path: &str) -> String {
        path.to_owned()
    }
}

/// A project without files: every `include: local:` is unreadable.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoFiles;

impl ProjectFiles for NoFiles {
    fn read(&self, _path: &str) -> Result<String, String> {
        Err("no project files are available".to_owned())
    }
    fn list(&self) -> Result<Vec<String>, String> {
        Ok(Vec::new())
    }
}

/// A file of the pipeline: the one given, or one it includes.
#[derive(Debug, Clone)]
pub struct PipelineFile {
    /// The name reports give it.
    pub name: String,
    /// Its text.
    pub text: String,
    /// Its parsed documents, unless it is not valid YAML.
    pub yaml: Option<Yaml>,
}

impl PipelineFile {
    /// The byte ranges of secrets in the file: values under keys named
    /// like credentials (variables such as `REGISTRY_PASSWORD` or
    /// `DOCKER_AUTH_CONFIG`, anywhere in the file), and the `user:password`
    /// part of URLs in any scalar. A file that is not valid YAML gets the
    /// rest of every line that assigns such a key.
    pub fn secrets(&self) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let Some(yaml) = &self.yaml else {
            for (start, line) in line_starts(&self.text) {
                if let Some(colon) = line.find(':') {
                    let key = line[..colon].trim().trim_matches(['"', '\'', '-', ' ']);
                    if variables::looks_secret(key) {
                        out.push(start + colon + 1..start + line.len());
                    }
                }
            }
            return out;
        };
        for (_, node) in yaml.nodes() {
            if let Some(entries) = node.as_mapping() {
                for entry in entries {
                    if variables::looks_secret(&entry.key) {
                        out.push(yaml.node(entry.value).span());
                    }
                }
            }
            if node.as_str().is_some() {
                url_credentials(&self.text, node.span(), &mut out);
            }
        }
        out
    }
}

/// Lines with the byte offset each starts at.
fn line_starts(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0;
    text.split_inclusive('\n').map(move |line| {
        let at = start;
        start += line.len();
        (at, line.trim_end_matches(['\n', '\r']))
    })
}

/// The spans of `user:password@` in URLs inside `span` of `text`.
fn url_credentials(text: &str, span: Range<usize>, out: &mut Vec<Range<usize>>) {
    let Some(raw) = text.get(span.clone()) else {
        return;
    };
    let mut from = 0;
    while let Some(found) = raw.get(from..).and_then(|rest| rest.find("://")) {
        let start = from + found + 3;
        let rest = raw.get(start..).unwrap_or_default();
        let end = rest
            .find(|c: char| matches!(c, '/' | '?' | '#' | '"' | '\'') || c.is_whitespace())
            .map_or(raw.len(), |e| start + e);
        if let Some(at) = raw.get(start..end).and_then(|a| a.rfind('@'))
            && at > 0
        {
            out.push(span.start + start..span.start + start + at);
        }
        from = end.max(start + 1);
    }
}

/// Where something is written: a node of one of the pipeline's files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Loc {
    /// The file's index in [`Pipeline::files`].
    pub file: usize,
    /// The node.
    pub node: NodeId,
}

impl Loc {
    fn with(self, node: NodeId) -> Self {
        Self { node, ..self }
    }
}

/// The files of a pipeline.
#[derive(Debug, Clone, Default)]
pub(crate) struct Files(Vec<PipelineFile>);

impl Files {
    fn node(&self, loc: Loc) -> Option<&Node> {
        Some(self.0.get(loc.file)?.yaml.as_ref()?.node(loc.node))
    }
}

/// A job's `pull_policy`, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicySetting {
    /// The values, a string being a list of one.
    pub values: Vec<String>,
    /// Where the setting is written.
    pub at: Loc,
    /// Whether GitLab accepts it (a string or non-empty list of `always`,
    /// `never`, `if-not-present`); a job with a refused value never
    /// reaches a runner.
    pub accepted: bool,
}

/// Where a job got an image or its services from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageSource {
    /// The job itself (with `extends`, anchors and `!reference`).
    Job,
    /// `default:`, or the deprecated top-level `image`/`services`.
    Default,
}

/// A job's build image or one of its services.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobImage {
    /// The name as written.
    pub name: String,
    /// Where the name is written.
    pub name_at: Loc,
    /// The name with the job's variables expanded; unknown variables and
    /// credentials are kept as written.
    pub expanded: String,
    /// A service's `alias` (empty for the build image).
    pub alias: String,
    /// Its `pull_policy`, if it sets one.
    pub pull_policy: Option<PolicySetting>,
    /// Where the job got it.
    pub source: ImageSource,
}

/// A job, as a runner receives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// The job's name.
    pub name: String,
    /// Where the job's name is written.
    pub at: Loc,
    /// The job's own mapping, where it is written.
    pub body: Loc,
    /// Its build image; `None` uses the runner's.
    pub image: Option<JobImage>,
    /// Its services, in order.
    pub services: Vec<JobImage>,
    /// The names of the `extends` it lists, for labels.
    pub extends: Vec<String>,
    /// Its `before_script`, `script` and `after_script` commands, in that
    /// order (nested lists flattened, `!reference` followed), with the
    /// job's variables expanded.
    pub script: Vec<ScriptLine>,
    /// The variables it sees: the pipeline's it inherits, then its own.
    pub(crate) variables: Vec<Variable>,
}

/// One command of a job's scripts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptLine {
    /// The command, with the job's variables expanded (unknown ones and
    /// credentials kept as written).
    pub text: String,
    /// Where it is written.
    pub at: Loc,
}

impl Job {
    /// `text` expanded as the runner expands a `config.toml` value for
    /// this job: with `before` (the runner's `environment`), then the
    /// job's variables, a later definition winning.
    pub(crate) fn expand_with(&self, before: &[Variable], text: &str) -> String {
        let all: Vec<Variable> = before.iter().chain(&self.variables).cloned().collect();
        Variables::new(&all).expand(text)
    }
}

/// Something GitLab refuses, or that was not followed, found while
/// building the pipeline.
#[derive(Debug, Clone)]
pub struct Problem {
    /// The rule it belongs to.
    pub rule: &'static Rule,
    /// The file it is in.
    pub file: usize,
    /// Where, in that file.
    pub span: Option<Range<usize>>,
    /// The key path of what it is about.
    pub key: Option<String>,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: Option<String>,
    /// The jobs it affects.
    pub jobs: Vec<String>,
}

/// A pipeline: its files, its jobs and what GitLab would refuse in it.
#[derive(Debug, Clone, Default)]
pub struct Pipeline {
    files: Files,
    jobs: Vec<Job>,
    problems: Vec<Problem>,
}

/// The parts of the top level that jobs inherit.
struct Globals {
    image: Option<(Val, ImageSource)>,
    services: Option<(Val, ImageSource)>,
    before_script: Option<(Val, ImageSource)>,
    after_script: Option<(Val, ImageSource)>,
    variables: Vec<Variable>,
}

impl Pipeline {
    /// Builds the pipeline whose main file is `text`, named `name` in
    /// reports; `path` is its path in the project (to skip including it
    /// again), `files` gives the files it includes.
    pub fn load(name: &str, text: &str, path: Option<&str>, files: &dyn ProjectFiles) -> Self {
        let mut pipeline = Self::default();
        let mut loader = Loader {
            project: files,
            included: path.map(normalize).into_iter().flatten().collect(),
            keys: HashMap::new(),
        };
        let root = loader.file(&mut pipeline, name.to_owned(), text.to_owned(), 0);
        let Some(root) = root else {
            return pipeline;
        };
        pipeline.build(root, &loader.keys);
        pipeline
    }

    /// Every file read: the main file first, then the included ones in
    /// the order they were read.
    pub fn files(&self) -> &[PipelineFile] {
        &self.files.0
    }

    /// The jobs that run on runners (not hidden, not trigger jobs), in the
    /// order they are written.
    pub fn jobs(&self) -> &[Job] {
        &self.jobs
    }

    /// What GitLab would refuse, and the includes not followed.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The byte range of a located node.
    pub fn span(&self, loc: Loc) -> Option<Range<usize>> {
        self.files.node(loc).map(Node::span)
    }

    /// The key path of a located node, such as `build.image.pull_policy`.
    pub fn key_path(&self, loc: Loc) -> Option<String> {
        Some(self.files.0.get(loc.file)?.yaml.as_ref()?.path(loc.node))
    }

    /// The node at a location.
    pub fn node(&self, loc: Loc) -> Option<&Node> {
        self.files.node(loc)
    }

    fn problem(&mut self, rule: &'static Rule, at: Option<Loc>, message: String) -> &mut Problem {
        let (file, span, key) = match at {
            Some(loc) => (loc.file, self.span(loc), self.key_path(loc)),
            None => (0, None, None),
        };
        self.problems.push(Problem {
            rule,
            file,
            span,
            key,
            message,
            help: None,
            jobs: Vec::new(),
        });
        let last = self.problems.len() - 1;
        &mut self.problems[last]
    }

    /// Extends, globals and jobs, from the merged top level.
    fn build(&mut self, root: Val, keys: &HashMap<String, (Loc, Loc)>) {
        let files = std::mem::take(&mut self.files);
        let mut values = Values::new(&files);
        let mut entries = values.entries(&root).unwrap_or_default();
        let errors = values.extend_all(&mut entries);
        let root = Val::Map(entries.clone());
        let mut problems = Vec::new();
        for error in errors {
            let at = error
                .at
                .or_else(|| keys.get(&error.key).map(|(key, _)| *key));
            problems.push((at, error.message));
        }
        let mut jobs = Vec::new();
        let globals = self.globals(&values, &root, &mut problems);
        for (name, value) in &entries {
            if GLOBAL_KEYS.contains(&name.as_str()) || name.starts_with('.') {
                continue;
            }
            if !values.is_map(value) || values.get(value, "trigger").is_some() {
                continue;
            }
            let Some(&(at, body)) = keys.get(name) else {
                continue;
            };
            jobs.push(self.job(
                &values,
                &root,
                &globals,
                name,
                value,
                at,
                body,
                &mut problems,
            ));
        }
        self.files = files;
        for (at, message) in problems {
            self.problem(&codes::INVALID_PIPELINE, at, message);
        }
        self.validate_policies(&jobs);
        self.jobs = jobs;
    }

    fn globals(
        &self,
        values: &Values<'_>,
        root: &Val,
        problems: &mut Vec<(Option<Loc>, String)>,
    ) -> Globals {
        let resolve = |value: Option<Val>, problems: &mut Vec<(Option<Loc>, String)>| {
            resolve_present(values, root, value, problems)
        };
        let default = resolve(values.get(root, "default"), problems).filter(|d| values.is_map(d));
        let pick = |key: &str, problems: &mut Vec<(Option<Loc>, String)>| {
            let in_default = default
                .as_ref()
                .and_then(|d| resolve(values.get(d, key), problems));
            let top = resolve(values.get(root, key), problems);
            match (in_default, top) {
                (Some(d), Some(t)) => {
                    problems.push((
                        loc_of(&t),
                        format!("{key} is defined in top-level and `default:` entry"),
                    ));
                    Some((d, ImageSource::Default))
                }
                (Some(v), None) | (None, Some(v)) => Some((v, ImageSource::Default)),
                (None, None) => None,
            }
        };
        let image = pick("image", problems);
        let services = pick("services", problems);
        let before_script = pick("before_script", problems);
        let after_script = pick("after_script", problems);
        let variables = resolve(values.get(root, "variables"), problems)
            .map(|v| read_variables(values, &v))
            .unwrap_or_default();
        Globals {
            image,
            services,
            before_script,
            after_script,
            variables,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn job(
        &self,
        values: &Values<'_>,
        root: &Val,
        globals: &Globals,
        name: &str,
        value: &Val,
        at: Loc,
        body: Loc,
        problems: &mut Vec<(Option<Loc>, String)>,
    ) -> Job {
        let resolve = |value: Option<Val>, problems: &mut Vec<(Option<Loc>, String)>| {
            resolve_present(values, root, value, problems)
        };
        let inherit = resolve(values.get(value, "inherit"), problems);
        let inherits = |section: &str, key: &str| -> bool {
            let Some(setting) = inherit.as_ref().and_then(|i| values.get(i, section)) else {
                return true;
            };
            if let Some(flag) = values.node_bool(&setting) {
                return flag;
            }
            values
                .items(&setting)
                .is_some_and(|items| items.iter().any(|i| values.text(i) == Some(key)))
        };
        let mut all: Vec<Variable> = globals
            .variables
            .iter()
            .filter(|v| inherits("variables", &v.name))
            .cloned()
            .collect();
        if let Some(own) = resolve(values.get(value, "variables"), problems) {
            all.extend(read_variables(values, &own));
        }
        let variables = Variables::new(&all);
        let own_image = resolve(values.get(value, "image"), problems);
        let image = match own_image {
            Some(image) => Some((image, ImageSource::Job)),
            None if inherits("default", "image") => globals.image.clone(),
            None => None,
        };
        let image = image.and_then(|(v, source)| {
            read_image(values, root, &v, source, &variables, false, problems)
        });
        let own_services = resolve(values.get(value, "services"), problems);
        let services = match own_services {
            Some(services) => Some((services, ImageSource::Job)),
            None if inherits("default", "services") => globals.services.clone(),
            None => None,
        };
        let services = services
            .and_then(|(v, source)| {
                let items = values.items(&v)?;
                Some(
                    items
                        .into_iter()
                        .filter_map(|item| {
                            let item = resolve(Some(item), problems)?;
                            read_image(values, root, &item, source, &variables, true, problems)
                        })
                        .collect(),
                )
            })
            .unwrap_or_default();
        let extends = values
            .get(value, "extends")
            .map(|e| match values.items(&e) {
                Some(items) => items
                    .iter()
                    .filter_map(|i| values.text(i))
                    .map(str::to_owned)
                    .collect(),
                None => values.text(&e).map(str::to_owned).into_iter().collect(),
            })
            .unwrap_or_default();
        let mut script = Vec::new();
        for key in ["before_script", "script", "after_script"] {
            let value = match resolve(values.get(value, key), problems) {
                Some(own) => Some(own),
                None if key == "script" || !inherits("default", key) => None,
                None if key == "before_script" => globals.before_script.clone().map(|(v, _)| v),
                None => globals.after_script.clone().map(|(v, _)| v),
            };
            if let Some(value) = value {
                read_script(values, root, &value, &variables, 0, &mut script);
            }
        }
        Job {
            name: name.to_owned(),
            at,
            body,
            image,
            services,
            extends,
            script,
            variables: all,
        }
    }

    /// GitLab's validation of every `pull_policy` the pipeline's jobs and
    /// `default:` hold, in GitLab's (lower-cased) words.
    fn validate_policies(&mut self, jobs: &[Job]) {
        let mut found: Vec<(Loc, String, String)> = Vec::new();
        for job in jobs {
            let images = job
                .image
                .iter()
                .map(|i| (i, "image"))
                .chain(job.services.iter().map(|s| (s, "services:service")));
            for (image, entry) in images {
                let Some(setting) = image.pull_policy.as_ref().filter(|s| !s.accepted) else {
                    continue;
                };
                let location = match image.source {
                    ImageSource::Job => format!("jobs:{}:{entry}:pull_policy", job.name),
                    ImageSource::Default => {
                        let top = if globals_from_default(self, setting.at) {
                            "default:"
                        } else {
                            ""
                        };
                        format!("{top}{entry}:pull_policy")
                    }
                };
                found.push((
                    setting.at,
                    gitlab_policy_error(&location, setting, self.node(setting.at)),
                    job.name.clone(),
                ));
            }
        }
        for (at, message, job) in found {
            let span = self.span(at);
            let existing = self.problems.iter().position(|p| {
                p.rule.code == codes::UNKNOWN_JOB_PULL_POLICY.code
                    && p.span == span
                    && p.file == at.file
            });
            match existing {
                Some(i) => self.problems[i].jobs.push(job),
                None => {
                    let problem = self.problem(&codes::UNKNOWN_JOB_PULL_POLICY, Some(at), message);
                    problem.help = Some(
                        "use `always`, `if-not-present` or `never` (GitLab's spellings, also on \
                         Kubernetes), as a string or a list"
                            .to_owned(),
                    );
                    problem.jobs.push(job);
                }
            }
        }
    }
}

/// Whether a `default:`-given setting is written under `default:` (not
/// under the deprecated top-level `image`/`services`).
fn globals_from_default(pipeline: &Pipeline, at: Loc) -> bool {
    pipeline
        .key_path(at)
        .is_some_and(|path| path.starts_with("default."))
}

/// GitLab's message for a refused `pull_policy` (`entry/pull_policy.rb`,
/// through `Validator#messages`, which lower-cases it).
fn gitlab_policy_error(location: &str, setting: &PolicySetting, node: Option<&Node>) -> String {
    let message = match node {
        Some(node) if node.as_str().is_some() => {
            format!("{location} config is not included in the list")
        }
        Some(node) => match node.as_sequence() {
            Some([]) => format!("{location} config can't be blank"),
            Some(_) => format!(
                "{location} config contains unknown values: {}",
                setting
                    .values
                    .iter()
                    .filter(|v| !GITLAB_PULL_POLICIES.contains(&v.as_str()))
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None => format!("{location} config should be a string or an array of strings"),
        },
        None => format!("{location} config is invalid"),
    };
    message.to_lowercase()
}

/// `value` resolved against the document (`Values::resolve`), or `None`
/// when it is absent, null, or cannot be resolved (then why goes to
/// `problems`, at the value).
fn resolve_present(
    values: &Values<'_>,
    root: &Val,
    value: Option<Val>,
    problems: &mut Vec<(Option<Loc>, String)>,
) -> Option<Val> {
    let value = value?;
    match values.resolve(root, value.clone()) {
        Ok(v) if values.is_null(&v) => None,
        Ok(v) => Some(v),
        Err(message) => {
            problems.push((loc_of(&value), message));
            None
        }
    }
}

/// Where a value is written, if it is a node.
fn loc_of(value: &Val) -> Option<Loc> {
    match value {
        Val::Node(loc) => Some(*loc),
        Val::Map(_) => None,
    }
}

/// GitLab flattens nested script arrays up to this depth
/// (`entry/commands.rb`, `NESTING_LIMIT`).
const SCRIPT_NESTING: usize = 10;

/// A script: a string or a list of strings and lists, `!reference`s
/// followed; anything else is not a command.
fn read_script(
    values: &Values<'_>,
    root: &Val,
    value: &Val,
    variables: &Variables,
    depth: usize,
    out: &mut Vec<ScriptLine>,
) {
    let Ok(value) = values.resolve(root, value.clone()) else {
        return;
    };
    if let (Some(text), Some(at)) = (values.text(&value), loc_of(&value)) {
        out.push(ScriptLine {
            text: variables.expand(text),
            at,
        });
    } else if let Some(items) = values.items(&value)
        && depth < SCRIPT_NESTING
    {
        for item in items {
            read_script(values, root, &item, variables, depth + 1, out);
        }
    }
}

/// A `variables:` hash: `NAME: value` or `NAME: {value:, expand:}`.
fn read_variables(values: &Values<'_>, hash: &Val) -> Vec<Variable> {
    values
        .entries(hash)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(name, value)| {
            if let Some(text) = values.text(&value) {
                return Some(Variable {
                    name,
                    value: text.to_owned(),
                    raw: false,
                });
            }
            let text = values
                .get(&value, "value")
                .and_then(|v| values.text(&v).map(str::to_owned))?;
            let raw = values
                .get(&value, "expand")
                .and_then(|e| values.node_bool(&e))
                .is_some_and(|expand| !expand);
            Some(Variable {
                name,
                value: text,
                raw,
            })
        })
        .collect()
}

/// An image or a service: a string, or a hash with `name`,
/// `pull_policy` and (for services) `alias`.
fn read_image(
    values: &Values<'_>,
    root: &Val,
    value: &Val,
    source: ImageSource,
    variables: &Variables,
    service: bool,
    problems: &mut Vec<(Option<Loc>, String)>,
) -> Option<JobImage> {
    let resolve = |value: Option<Val>, problems: &mut Vec<(Option<Loc>, String)>| {
        resolve_present(values, root, value, problems)
    };
    let (name_value, policy, alias) = if values.is_map(value) {
        (
            resolve(values.get(value, "name"), problems)?,
            resolve(values.get(value, "pull_policy"), problems),
            resolve(values.get(value, "alias"), problems),
        )
    } else {
        (value.clone(), None, None)
    };
    let name = values.text(&name_value)?.to_owned();
    let name_at = loc_of(&name_value)?;
    let pull_policy = policy.and_then(|p| {
        let at = loc_of(&p)?;
        let (values_list, accepted) = match values.items(&p) {
            Some(items) => {
                let texts: Vec<Option<&str>> = items.iter().map(|i| values.text(i)).collect();
                let accepted = !texts.is_empty()
                    && texts
                        .iter()
                        .all(|t| t.is_some_and(|t| GITLAB_PULL_POLICIES.contains(&t)));
                (
                    texts
                        .into_iter()
                        .map(|t| t.unwrap_or_default().to_owned())
                        .collect(),
                    accepted,
                )
            }
            None => {
                let text = values.text(&p)?;
                (vec![text.to_owned()], GITLAB_PULL_POLICIES.contains(&text))
            }
        };
        Some(PolicySetting {
            values: values_list,
            at,
            accepted,
        })
    });
    let alias = if service {
        alias
            .and_then(|a| values.text(&a).map(str::to_owned))
            .unwrap_or_default()
    } else {
        String::new()
    };
    Some(JobImage {
        expanded: variables.expand(&name),
        name,
        name_at,
        alias,
        pull_policy,
        source,
    })
}

/// Reads files and their includes.
struct Loader<'p> {
    project: &'p dyn ProjectFiles,
    /// Project paths already read.
    included: Vec<String>,
    /// Where each top-level key is written, the file read last winning as
    /// in the merge: its key node and its value node.
    keys: HashMap<String, (Loc, Loc)>,
}

impl Loader<'_> {
    /// Parses a file, merges its includes under it and returns its
    /// content; `None` when it is not a YAML hash.
    fn file(
        &mut self,
        pipeline: &mut Pipeline,
        name: String,
        text: String,
        depth: usize,
    ) -> Option<Val> {
        let index = pipeline.files.0.len();
        let parsed = Yaml::parse(&text);
        let (yaml, error) = match parsed {
            Ok(yaml) => (Some(yaml), None),
            Err(error) => (None, Some(error)),
        };
        pipeline.files.0.push(PipelineFile { name, text, yaml });
        if let Some(error) = error {
            let problem = pipeline.problem(
                &codes::PIPELINE_SYNTAX_ERROR,
                None,
                format!("YAML syntax error: {error}"),
            );
            problem.file = index;
            problem.span = Some(error.offset()..error.offset());
            return None;
        }
        let yaml = pipeline.files.0[index].yaml.as_ref()?;
        let content = content_document(yaml)?;
        let content_loc = Loc {
            file: index,
            node: content,
        };
        let include = yaml.get(content, "include");
        let top: Vec<(String, NodeId, NodeId)> = yaml
            .node(content)
            .as_mapping()?
            .iter()
            .map(|e| (e.key.clone(), e.key_node, e.value))
            .collect();
        let mut merged: Option<Val> = None;
        if let Some(include) = include {
            for (location, at) in self.locations(
                pipeline,
                Loc {
                    file: index,
                    node: include,
                },
            ) {
                let Some(path) = location else { continue };
                if self.included.contains(&path) {
                    continue;
                }
                if self.included.len() >= MAX_INCLUDES || depth >= 100 {
                    let problem = pipeline.problem(
                        &codes::INCLUDE_NOT_FOLLOWED,
                        Some(at),
                        format!("`{path}` is not followed: more than {MAX_INCLUDES} includes"),
                    );
                    problem.help = None;
                    continue;
                }
                self.included.push(path.clone());
                match self.project.read(&path) {
                    Ok(text) => {
                        let name = self.project.display_name(&path);
                        if let Some(content) = self.file(pipeline, name, text, depth + 1) {
                            let files = std::mem::take(&mut pipeline.files);
                            let mut values = Values::new(&files);
                            merged = Some(match merged {
                                Some(base) => values.deep_merge(base, content),
                                None => content,
                            });
                            pipeline.files = files;
                        }
                    }
                    Err(error) => {
                        let problem = pipeline.problem(
                            &codes::INCLUDE_NOT_FOLLOWED,
                            Some(at),
                            format!(
                                "`include: local: {path}` is not followed: cannot read it: {error}"
                            ),
                        );
                        problem.help = Some(
                            "run from the repository's root, or give it with --project-dir"
                                .to_owned(),
                        );
                    }
                }
            }
        }
        for (key, key_node, value) in top {
            if key != "include" {
                self.keys.insert(
                    key,
                    (
                        Loc {
                            file: index,
                            node: key_node,
                        },
                        Loc {
                            file: index,
                            node: value,
                        },
                    ),
                );
            }
        }
        let own = Val::Node(content_loc);
        let own = match pipeline.files.node(content_loc).and_then(Node::as_mapping) {
            Some(entries) => Val::Map(
                entries
                    .iter()
                    .filter(|e| e.key != "include")
                    .map(|e| (e.key.clone(), Val::Node(content_loc.with(e.value))))
                    .collect(),
            ),
            None => own,
        };
        Some(match merged {
            Some(base) => {
                let files = std::mem::take(&mut pipeline.files);
                let mut values = Values::new(&files);
                let result = values.deep_merge(base, own);
                pipeline.files = files;
                result
            }
            None => own,
        })
    }

    /// The local files an `include:` names, as project paths (`None`
    /// for an entry not followed, already reported), each with where it
    /// is written.
    fn locations(&self, pipeline: &mut Pipeline, include: Loc) -> Vec<(Option<String>, Loc)> {
        let Some(yaml) = pipeline.files.0[include.file].yaml.as_ref() else {
            return Vec::new();
        };
        let node = yaml.node(include.node);
        let entries: Vec<NodeId> = match node.as_sequence() {
            Some(items) => items.to_vec(),
            None => vec![include.node],
        };
        let mut found = Vec::new();
        let mut refused = Vec::new();
        for entry in entries {
            let entry_node = yaml.node(entry);
            let (local, at) = if let Some(text) = entry_node.as_str() {
                if text.starts_with("http://") || text.starts_with("https://") {
                    refused.push((
                        entry,
                        format!("`include: remote: {text}`"),
                        "it is read from a remote server".to_owned(),
                    ));
                    continue;
                }
                (text.to_owned(), entry)
            } else if entry_node.as_mapping().is_some() {
                match yaml.get(entry, "local") {
                    Some(local) => match yaml.node(local).as_str() {
                        Some(text) => (text.to_owned(), local),
                        None => continue,
                    },
                    None => {
                        let kind = ["project", "remote", "template", "component", "artifact"]
                            .into_iter()
                            .find(|k| yaml.get(entry, k).is_some())
                            .unwrap_or("include");
                        let value = yaml.get(entry, kind);
                        let what = value.and_then(|v| yaml.node(v).as_str()).map_or_else(
                            || format!("`include: {kind}:`"),
                            |v| format!("`include: {kind}: {v}`"),
                        );
                        let why = if kind == "remote" {
                            "it is read from a remote server"
                        } else {
                            "it is read from a GitLab server"
                        };
                        refused.push((value.unwrap_or(entry), what, why.to_owned()));
                        continue;
                    }
                }
            } else {
                continue;
            };
            let at_loc = include.with(at);
            if local.contains('$') {
                refused.push((
                    at,
                    format!("`include: local: {local}`"),
                    "its path holds a variable".to_owned(),
                ));
                continue;
            }
            let Some(path) = normalize(&local) else {
                refused.push((
                    at,
                    format!("`include: local: {local}`"),
                    "its path leaves the repository".to_owned(),
                ));
                continue;
            };
            if local.contains('*') {
                match self.project.list() {
                    Ok(all) => {
                        let mut matched: Vec<String> =
                            all.into_iter().filter(|f| glob_matches(&path, f)).collect();
                        matched.sort();
                        if matched.is_empty() {
                            refused.push((
                                at,
                                format!("`include: local: {local}`"),
                                "it matches no file".to_owned(),
                            ));
                        }
                        found.extend(matched.into_iter().map(|m| (Some(m), at_loc)));
                    }
                    Err(error) => refused.push((at, format!("`include: local: {local}`"), error)),
                }
                continue;
            }
            if !(path.ends_with(".yml") || path.ends_with(".yaml")) {
                refused.push((
                    at,
                    format!("`include: local: {local}`"),
                    "it does not have a YAML extension (GitLab refuses it)".to_owned(),
                ));
                continue;
            }
            found.push((Some(path), at_loc));
        }
        for (at, what, why) in refused {
            let problem = pipeline.problem(
                &codes::INCLUDE_NOT_FOLLOWED,
                Some(include.with(at)),
                format!("{what} is not followed: {why}"),
            );
            problem.help =
                Some("jobs, `default:` values and variables from it are not checked".to_owned());
        }
        found
    }
}

/// The document GitLab reads from a file (`yaml/documents.rb`): the last
/// one when the first is a hash with `spec:` and more follow (a CI/CD
/// component), otherwise the first. Only a hash is a pipeline.
fn content_document(yaml: &Yaml) -> Option<NodeId> {
    let documents = yaml.documents();
    let first = *documents.first()?;
    let has_header = documents.len() > 1 && yaml.get(first, "spec").is_some();
    let content = if has_header {
        *documents.last()?
    } else {
        first
    };
    yaml.node(content).as_mapping().map(|_| content)
}

/// A local include's path relative to the repository's root: without a
/// leading `/`, `.` steps removed, `None` when `..` leaves the root.
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            _ => parts.push(part),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// GitLab's wildcard for local includes: `**` matches anything, `*`
/// anything but `/`, the rest literally.
fn glob_matches(pattern: &str, path: &str) -> bool {
    fn matches(p: &[u8], s: &[u8]) -> bool {
        match p {
            [] => s.is_empty(),
            [b'*', b'*', rest @ ..] => (0..=s.len()).any(|i| matches(rest, &s[i..])),
            [b'*', rest @ ..] => {
                let limit = s.iter().position(|&c| c == b'/').unwrap_or(s.len());
                (0..=limit).any(|i| matches(rest, &s[i..]))
            }
            [c, rest @ ..] => s.first() == Some(c) && matches(rest, &s[1..]),
        }
    }
    matches(pattern.as_bytes(), path.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_follow_gitlab() {
        assert!(glob_matches("ci/*.yml", "ci/a.yml"));
        assert!(!glob_matches("ci/*.yml", "ci/sub/a.yml"));
        assert!(glob_matches("ci/**.yml", "ci/sub/a.yml"));
        assert!(glob_matches("ci/**/*.yml", "ci/sub/a.yml"));
        assert!(!glob_matches("ci/**/*.yml", "ci/a.yml"));
    }

    #[test]
    fn paths_stay_in_the_repository() {
        assert_eq!(normalize("/ci/./a.yml").as_deref(), Some("ci/a.yml"));
        assert_eq!(normalize("ci/../b.yml").as_deref(), Some("b.yml"));
        assert_eq!(normalize("../b.yml"), None);
    }
}

#[cfg(test)]
mod behaviour {
    use super::*;

    fn load(text: &str) -> Pipeline {
        Pipeline::load(".gitlab-ci.yml", text, None, &NoFiles)
    }

    #[test]
    fn extends_merges_hashes_and_replaces_arrays() {
        let p = load(
            ".base:\n  image: {name: ruby:3.3, pull_policy: never}\n  services: [redis:7]\n\
             job:\n  extends: .base\n  image: {pull_policy: [always]}\n  services: [postgres:16]\n",
        );
        let job = &p.jobs()[0];
        let image = job.image.as_ref().expect("image");
        assert_eq!(image.name, "ruby:3.3");
        assert_eq!(
            image.pull_policy.as_ref().expect("policy").values,
            ["always"]
        );
        let services: Vec<_> = job.services.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(services, ["postgres:16"]);
    }

    #[test]
    fn inherit_limits_what_a_job_takes_from_default() {
        let p = load(
            "default:\n  image: ruby:3.3\n  services: [redis:7]\nvariables:\n  V: x\n\
             a:\n  script: s\nb:\n  inherit:\n    default: [services]\n    variables: false\n  \
             image: app:$V\n  script: s\nc:\n  inherit: {default: false}\n  script: s\n",
        );
        let [a, b, c] = p.jobs() else {
            panic!("three jobs")
        };
        assert_eq!(
            a.image.as_ref().map(|i| i.source),
            Some(ImageSource::Default)
        );
        assert_eq!(b.services.len(), 1);
        assert_eq!(
            b.image.as_ref().map(|i| i.expanded.as_str()),
            Some("app:$V")
        );
        assert!(c.image.is_none() && c.services.is_empty());
    }

    #[test]
    fn hidden_and_trigger_jobs_are_not_jobs() {
        let p = load(
            ".hidden:\n  script: s\ndeploy:\n  trigger: a/b\nstages: [x]\nreal:\n  script: s\n",
        );
        let names: Vec<_> = p.jobs().iter().map(|j| j.name.as_str()).collect();
        assert_eq!(names, ["real"]);
    }

    #[test]
    fn odd_shapes_never_panic() {
        for text in [
            "",
            "~",
            "- a\n- b\n",
            "include: [~, 1, {local: ~}, {local: '../x.yml'}, {}]\n",
            "default: []\nimage: {}\nservices: 3\nvariables: [a]\n",
            "job: {extends: {a: 1}, image: [x], services: {a: b}}\n",
            "job: {extends: [~, 1], inherit: 3, variables: {A: {value: [1]}}}\n",
            "job:\n  image: !reference [job, image]\n",
            "job:\n  image: !reference []\n  services: [!reference [x], {name: ~}, ~]\n",
            "job:\n  image: {name: a, pull_policy: [[always]]}\n",
            "a: &a {extends: b}\nb: {<<: *a}\n",
            "spec: {}\n---\n---\n",
            "job:\n  image: {name: 'Bad Image', pull_policy: [never, always]}\n  \
             services: [{name: x, alias: svc-0, pull_policy: never}, {name: ''}]\n",
        ] {
            let p = load(text);
            let _ = p.problems();
            let config = crate::load::load(
                "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\nimage = \"a\"\n\
                 pull_policy = \"bogus\"\n[[runners]]\nexecutor = \"kubernetes\"\n\
                 [runners.kubernetes]\nallowed_pull_policies = [\"never\"]\n",
            );
            let _ = crate::ci::check(&p, config.best_effort(), crate::ci::Runners::All);
        }
    }
}
