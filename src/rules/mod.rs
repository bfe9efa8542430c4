//! The lints, and the catalogue of every diagnostic code the crate emits.
//!
//! Each family of rules is a module with one `static Rule` per code and a
//! `run` over the loaded model. Rules are pure: they read the model (the
//! best-effort one too, so a file with one broken line still gets its
//! pull-policy findings) and the span index, and push [`Diagnostic`]s.

use std::ops::Range;

use crate::check::Mode;
use crate::load::{Loaded, SpanIndex};
use crate::model::{Config, Executor, Runner};
use crate::policy::{
    AllowedPullPolicies, KubernetesJob, KubernetesPullPolicy, ListForm, PolicyError,
    PolicyExecutor, PullPolicy, PullPolicyList, RunnerPolicies,
};
use crate::{Diagnostic, Rule};

pub mod allowed;
pub mod allowed_images;
pub mod combinations;
pub mod docker_settings;
pub mod executor;
pub mod feature_flags;
pub mod file_mode;
mod grammar;
pub mod images;
pub mod jobs;
mod key_paths;
pub mod kubernetes;
pub mod kubernetes_settings;
pub mod paths;
pub mod polling;
pub mod pull_policy;
pub mod server;
pub mod settings;
pub mod startup;
pub mod template;
pub mod tokens;

/// The lint rules of this module, in the order `rules` lists them.
static LINTS: &[&Rule] = &[
    &pull_policy::UNKNOWN_PULL_POLICY,
    &pull_policy::KUBERNETES_PULL_POLICY_NAME,
    &pull_policy::PULL_POLICY_WHITESPACE,
    &pull_policy::EMPTY_PULL_POLICY_ON_DOCKER,
    &pull_policy::EMPTY_PULL_POLICY_LIST,
    &allowed::PULL_POLICY_NOT_ALLOWED,
    &allowed::PULL_POLICY_PARTLY_ALLOWED,
    &allowed::PULL_POLICY_NOT_CONFIGURED,
    &allowed_images::CONFIG_SERVICE_NOT_ALLOWED,
    &combinations::REPEATED_NEVER,
    &combinations::UNREACHABLE_AFTER_NEVER,
    &combinations::ALWAYS_WITHOUT_FALLBACK,
    &executor::NEVER_ON_AUTOSCALED,
    &executor::UNUSED_EXECUTOR_SECTION,
    &images::INVALID_IMAGE_REFERENCE,
    &images::STALE_IMAGE,
    &images::DOCKER_HUB_RATE_LIMIT,
    &images::HELPER_IMAGE_ON_DOCKER_HUB,
    &paths::RELATIVE_PATH,
    &paths::CLONE_URL_WITHOUT_SCHEME,
    &tokens::EMPTY_RUNNER_TOKEN,
    &tokens::REGISTRATION_TOKEN_AS_RUNNER_TOKEN,
    &tokens::DUPLICATE_RUNNER_TOKEN,
    &startup::CONCURRENT_BELOW_ONE,
    &startup::LONG_POLLING_BOTTLENECK,
    &startup::LEGACY_CI_URL_SUFFIX,
    &startup::SUSPENDABLE_ENVIRONMENTS_WITHOUT_ID,
    &startup::MACHINE_OFF_PEAK_REMOVED,
    &polling::MISSING_EXECUTOR,
    &polling::URL_NOT_HTTP,
    &jobs::EXECUTOR_NOT_CONFIGURED,
    &jobs::INVALID_DOCKER_BUILDS_DIR,
    &jobs::RELATIVE_DOCKER_CACHE_DIR,
    &kubernetes::POD_SPEC_WITHOUT_FEATURE_FLAG,
    &kubernetes::INVALID_POD_SPEC_PATCH,
    &kubernetes::LOCALHOST_PROFILE_MISSING,
    &feature_flags::UNKNOWN_FEATURE_FLAG,
    &feature_flags::DEPRECATED_FEATURE_FLAG,
    &template::TEMPLATE_RUNNER_COUNT,
    &template::TEMPLATE_GLOBAL_KEY,
    &template::TEMPLATE_KEY_IGNORED,
    &docker_settings::INVALID_MEMORY_SIZE,
    &docker_settings::INVALID_LOG_OPTIONS,
    &docker_settings::INVALID_DOCKER_HOST,
    &docker_settings::INVALID_VOLUME,
    &docker_settings::DUPLICATE_VOLUME,
    &docker_settings::INVALID_DEVICE,
    &docker_settings::INVALID_GPUS,
    &docker_settings::INVALID_CPUS,
    &docker_settings::INVALID_ULIMIT,
    &docker_settings::INVALID_DNS_SERVER,
    &docker_settings::INVALID_MAC_ADDRESS,
    &docker_settings::USER_NOT_ALLOWED,
    &docker_settings::UNNAMED_SERVICE,
    &docker_settings::TOO_MANY_SERVICES,
    &kubernetes_settings::INVALID_RESOURCE_QUANTITY,
    &kubernetes_settings::INCOMPLETE_KUBERNETES_TLS,
    &kubernetes_settings::UNSUPPORTED_NODE_OS,
    &kubernetes_settings::UNSUPPORTED_WINDOWS_BUILD,
    &kubernetes_settings::INVALID_SERVICE_ALIAS,
    &server::INVALID_LISTEN_ADDRESS,
    &server::LISTEN_ADDRESS_IGNORED,
    &server::INVALID_SESSION_SERVER_ADDRESS,
    &settings::CONCURRENT_BELOW_RUNNERS,
    &settings::UNKNOWN_USAGE_LOGGER_WRITER,
    &settings::SNOWPLOW_WITHOUT_COLLECTOR,
    &settings::SHORT_DRAIN_TIMEOUT,
    &settings::NON_POSITIVE_TIMEOUT,
    &settings::ENVIRONMENT_WITHOUT_EQUALS,
    &settings::UNNAMED_SERVICE_IGNORED,
    &settings::DUPLICATE_SERVICE_ALIAS,
    &settings::IGNORED_WITH_NETWORK_MODE,
    &settings::IGNORED_KUBERNETES_CREDENTIALS,
    &settings::INVALID_SIZE_LIMIT,
    &settings::NON_NUMERIC_ALLOWLIST_ENTRY,
    &settings::RESERVED_POD_LABEL,
    &settings::SANITIZED_POD_LABEL,
    &settings::INEFFECTIVE_COMMON_BUILD_DIR,
    &settings::MISSING_CACHE_SECTION,
    &settings::MISSING_CACHE_BUCKET,
    &settings::INVALID_METRICS_QUERY,
    &settings::SHORT_AUTOSCALER_IDLE_TIME,
];

/// Every rule, loader diagnostics first, each code once.
pub fn all() -> impl Iterator<Item = &'static Rule> {
    crate::load::codes::RULES
        .iter()
        .copied()
        .chain(LINTS.iter().copied())
        .chain([
            &file_mode::CONFIG_FILE_PERMISSIONS,
            &file_mode::RUNNER_TOKEN_IN_REPOSITORY,
        ])
        .chain(crate::ci::codes::RULES.iter().copied())
        .chain(crate::versions::rules())
}

/// The lint rules alone: every rule [`run`] can report, without the
/// loader's codes and the file rules (`file_mode`).
pub fn lints() -> impl Iterator<Item = &'static Rule> {
    LINTS.iter().copied()
}

/// The rule with this code.
pub fn find(code: &str) -> Option<&'static Rule> {
    all().find(|rule| rule.code == code)
}

/// Runs every lint over a loaded `config.toml`, valid or not, appending
/// findings to `out` in no particular order.
///
/// ```
/// use runner_config::{load::load_as, model::Config, rules};
///
/// let text = "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\npull_policy = \"Always\"\n";
/// let loaded = load_as::<Config>("config.toml", text);
/// let mut out = Vec::new();
/// rules::run(&loaded, &mut out);
/// assert!(out.iter().any(|d| d.code() == "kubernetes-pull-policy-name"));
/// ```
pub fn run(loaded: &Loaded<Config>, out: &mut Vec<Diagnostic>) {
    run_in(loaded, Mode::Config, out);
}

/// Runs every lint over a loaded file of the given kind: a `config.toml`,
/// or a registration template, in which registration supplies what is
/// missing and global keys are ignored.
///
/// ```
/// use runner_config::{check::Mode, load::load, rules};
///
/// let loaded = load("concurrent = 4\n[[runners]]\n[runners.docker]\nimage = \"alpine:3.19\"\n");
/// let mut out = Vec::new();
/// rules::run_in(&loaded, Mode::Template, &mut out);
/// let codes: Vec<_> = out.iter().map(|d| d.code()).collect();
/// assert!(codes.contains(&"template-global-key"));
/// assert!(!codes.contains(&"missing-executor"));
/// ```
pub fn run_in(loaded: &Loaded<Config>, mode: Mode, out: &mut Vec<Diagnostic>) {
    pull_policy::run(loaded, out);
    allowed::run(loaded, out);
    allowed_images::run(loaded, out);
    combinations::run(loaded, out);
    executor::run(loaded, out);
    images::run(loaded, out);
    paths::run(loaded, mode, out);
    tokens::run(loaded, mode, out);
    startup::run(loaded, mode, out);
    polling::run(loaded, mode, out);
    jobs::run(loaded, mode, out);
    kubernetes::run(loaded, out);
    feature_flags::run(loaded, out);
    template::run(loaded, mode, out);
    docker_settings::run(loaded, out);
    kubernetes_settings::run(loaded, out);
    if mode == Mode::Config {
        // Registration ignores a template's global keys.
        server::run(loaded, out);
    }
    settings::run(loaded, mode, out);
}

/// One executor section's pull-policy keys as the runner will read them:
/// `[runners.docker]` of a Docker runner or `[runners.kubernetes]` of a
/// Kubernetes one.
///
/// A section is also looked at when the runner names no executor (it may be
/// set at registration or by a template); then the rules that depend on the
/// executor actually running jobs (defaults, advice) stay quiet.
#[derive(Debug, Clone, Copy)]
struct PolicySection<'a> {
    /// The runner's position in `[[runners]]`.
    index: usize,
    /// The runner.
    runner: &'a Runner,
    /// Which pull manager reads the section.
    executor: PolicyExecutor,
    /// The runner's `executor`, when written.
    named: Option<Executor>,
    /// `runners[N].docker` or `runners[N].kubernetes`.
    path: &'a str,
    /// `pull_policy`, as written.
    pull_policy: Option<&'a PullPolicyList>,
    /// `allowed_pull_policies`, as written.
    allowed: Option<&'a AllowedPullPolicies>,
}

impl<'a> PolicySection<'a> {
    /// Whether the runner's executor is known to read this section.
    fn in_use(&self) -> bool {
        self.named.is_some()
    }

    /// Whether jobs run on freshly created hosts.
    fn autoscaled(&self) -> bool {
        self.named.is_some_and(Executor::is_autoscaled)
    }

    /// The section's two keys, unset ones as the runner decodes a missing
    /// key.
    fn policies(&self) -> RunnerPolicies<'a> {
        RunnerPolicies::from_keys(self.pull_policy, self.allowed)
    }

    /// The policies an image without a job-level `pull_policy` gets (the
    /// build image, `config.toml` services, the helper on Docker), in the
    /// order they are tried; `None` is Kubernetes' cluster default.
    fn effective(&self) -> Result<Vec<Option<PullPolicy>>, PolicyError> {
        let none: [&str; 0] = [];
        let runner = self.policies();
        match self.executor {
            PolicyExecutor::Docker => runner
                .docker_effective("", &none)
                .map(|e| e.policies().iter().copied().map(Some).collect()),
            PolicyExecutor::Kubernetes => runner
                .kubernetes_effective(&KubernetesJob::default())
                .map(|map| {
                    map.get("build")
                        .iter()
                        .copied()
                        .map(from_kubernetes)
                        .collect()
                }),
        }
    }

    /// The section's path joined with a key.
    fn key(&self, key: &str) -> String {
        format!("runners[{}].{}.{key}", self.index, self.path)
    }

    /// Whether `pull_policy` or `allowed_pull_policies` is written in the
    /// file but missing from the model because the loader rejected its
    /// value (and reported it). Rules about what the runner does with these
    /// keys would then reason about a default the author never chose.
    fn has_rejected_keys(&self, spans: &crate::load::SpanIndex) -> bool {
        (self.pull_policy.is_none() && spans.contains(&self.key("pull_policy")))
            || (self.allowed.is_none() && spans.contains(&self.key("allowed_pull_policies")))
    }
}

/// The pull-policy section of every runner that pulls images.
fn policy_sections(config: &Config) -> impl Iterator<Item = PolicySection<'_>> {
    config
        .runners
        .iter()
        .enumerate()
        .filter_map(|(index, runner)| {
            let named = runner.executor;
            let docker = match named {
                Some(e) => e.pull_manager() == Some(PolicyExecutor::Docker),
                None => runner.docker.is_some() && runner.kubernetes.is_none(),
            };
            let kubernetes = match named {
                Some(e) => e == Executor::Kubernetes,
                None => runner.kubernetes.is_some() && runner.docker.is_none(),
            };
            if docker {
                let section = runner.docker.as_ref();
                Some(PolicySection {
                    index,
                    runner,
                    executor: PolicyExecutor::Docker,
                    named,
                    path: "docker",
                    pull_policy: section.and_then(|s| s.pull_policy.as_ref()),
                    allowed: section.and_then(|s| s.allowed_pull_policies.as_ref()),
                })
            } else if kubernetes {
                let section = runner.kubernetes.as_ref();
                Some(PolicySection {
                    index,
                    runner,
                    executor: PolicyExecutor::Kubernetes,
                    named,
                    path: "kubernetes",
                    pull_policy: section.and_then(|s| s.pull_policy.as_ref()),
                    allowed: section.and_then(|s| s.allowed_pull_policies.as_ref()),
                })
            } else {
                None
            }
        })
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

/// The key path of entry `i` of a one-or-many `pull_policy`: the key
/// itself when it was written as one string.
fn entry_path(key: &str, list: &PullPolicyList, i: usize) -> String {
    match list.form() {
        ListForm::String => key.to_owned(),
        ListForm::Array => format!("{key}[{i}]"),
    }
}

/// Builds findings with the span of their key path.
struct Out<'a> {
    spans: &'a SpanIndex,
    out: &'a mut Vec<Diagnostic>,
}

impl Out<'_> {
    fn push(&mut self, rule: &'static Rule, path: &str, message: String, help: impl Into<String>) {
        self.out.push(
            Diagnostic::new(rule, message)
                .at_opt(locate(self.spans, path))
                .key(path)
                .help(help),
        );
    }
}

/// Where to point for `path`: its value, else its key, else the nearest
/// indexed parent (down to the `[[runners]]` entry).
fn locate(spans: &SpanIndex, path: &str) -> Option<Range<usize>> {
    let mut path = path;
    loop {
        if let Some(span) = spans.value_span(path).or_else(|| spans.key_span(path)) {
            return Some(span);
        }
        path = parent(path)?;
    }
}

/// `runners[0].docker` for `runners[0].docker.pull_policy` and for
/// `runners[0].docker[1]`.
fn parent(path: &str) -> Option<&str> {
    let cut = path.rfind(['.', '['])?;
    Some(&path[..cut])
}

/// Where to point for a key of which only the section is known to exist:
/// the key if written, else the section, else the runner's `executor`.
fn locate_key(spans: &SpanIndex, path: &str, runner: usize) -> Option<Range<usize>> {
    spans
        .value_span(path)
        .or_else(|| parent(path).and_then(|p| spans.value_span(p)))
        .or_else(|| spans.value_span(&format!("runners[{runner}].executor")))
        .or_else(|| locate(spans, path))
}

/// The span of `part` (a byte range into the decoded string `decoded`)
/// inside the TOML string written at `value` in `text`.
///
/// Only a basic string without escapes or a literal string maps byte for
/// byte onto its decoded value (after the opening quote); for anything
/// else, the whole value is the most precise honest place.
fn inner_span(text: &str, value: Range<usize>, decoded: &str, part: Range<usize>) -> Range<usize> {
    let Some(raw) = text.get(value.clone()) else {
        return value;
    };
    let single_line = raw.len() == decoded.len() + 2
        && (raw.starts_with('"') || raw.starts_with('\''))
        && raw.get(1..raw.len() - 1) == Some(decoded);
    if single_line && part.end <= decoded.len() && part.start <= part.end {
        let start = value.start + 1;
        start + part.start..start + part.end
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_unique_and_kebab_case() {
        let mut codes: Vec<_> = all().map(|r| r.code).collect();
        for code in &codes {
            assert!(
                code.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{code}"
            );
        }
        let n = codes.len();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), n);
    }

    #[test]
    fn inner_span_only_offsets_into_verbatim_strings() {
        let text = r#"a = "x:y" b = 'x:y' c = "x\u003Ay""#;
        assert_eq!(inner_span(text, 4..9, "x:y", 2..3), 7..8);
        assert_eq!(inner_span(text, 14..19, "x:y", 2..3), 17..18);
        assert_eq!(inner_span(text, 24..34, "x:y", 2..3), 24..34);
        assert_eq!(inner_span(text, 24..340, "x:y", 2..3), 24..340);
    }

    #[test]
    fn parent_walks_up_dotted_and_indexed_paths() {
        assert_eq!(
            parent("runners[0].docker.pull_policy[1]"),
            Some("runners[0].docker.pull_policy")
        );
        assert_eq!(parent("runners[0].docker"), Some("runners[0]"));
        assert_eq!(parent("runners[0]"), Some("runners"));
        assert_eq!(parent("runners"), None);
    }
}
