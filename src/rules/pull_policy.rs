//! The values of `pull_policy` and `allowed_pull_policies`.
//!
//! The runner loads any string into these keys and only rejects a bad one
//! when a job runs, with an error every job of that runner then fails on.
//! Each rule here quotes that error, produced by the policy core
//! ([`crate::policy::RunnerPolicies`]) for the one entry at fault.

use crate::fix::{Applicability, Fix, build};
use crate::load::Loaded;
use crate::model::Config;
use crate::policy::{
    AllowedPullPolicies, InvalidReason, KubernetesJob, PolicyError, PolicyExecutor, PullPolicyList,
    RunnerPolicies,
};
use crate::{Diagnostic, Rule, Severity, Stage};

use super::{PolicySection, entry_path, locate, policy_sections};

/// A value that is no pull policy (`alway`, `ALWAYS`, `missing`).
pub(crate) static UNKNOWN_PULL_POLICY: Rule = Rule {
    code: "unknown-pull-policy",
    severity: Severity::Error,
    stage: Stage::Job,
    summary: "a pull-policy value the runner does not know",
    explanation: "`pull_policy` and `allowed_pull_policies` accept exactly `always`, \
                  `if-not-present` and `never`, compared case-sensitively. The runner loads \
                  any string here and only checks it when a job runs: then the job fails \
                  with `unsupported pull_policy config: \"…\"` (Docker) or `pull_policy \
                  config: unsupported pull policy: \"…\"` (Kubernetes), and so does every \
                  other job that does not set its own policy. Without \
                  `allowed_pull_policies` the allowed list is derived from `pull_policy`, \
                  so then every job fails, also those with their own `image: pull_policy` \
                  (on Kubernetes: `getting allowed pull policies: pull_policy config: \
                  unsupported pull policy: \"…\"`).",
    bad: "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\n\
          pull_policy = [\"always\", \"if-not-presnt\"]\n",
    good: "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\n\
           pull_policy = [\"always\", \"if-not-present\"]\n",
};

/// `IfNotPresent` and the other Kubernetes spellings.
pub(crate) static KUBERNETES_PULL_POLICY_NAME: Rule = Rule {
    code: "kubernetes-pull-policy-name",
    severity: Severity::Error,
    stage: Stage::Job,
    summary: "a Kubernetes policy name (`IfNotPresent`) where the runner's spelling is required",
    explanation: "The runner has its own spelling of the pull policies (`always`, \
                  `if-not-present`, `never`) and converts it to Kubernetes' names (`Always`, \
                  `IfNotPresent`, `Never`) itself. It does not accept the Kubernetes names in \
                  `config.toml`, not even on the Kubernetes executor: every job that does \
                  not set its own policy fails with `pull_policy config: unsupported pull \
                  policy: \"IfNotPresent\"`.",
    bad: "[[runners]]\nexecutor = \"kubernetes\"\n[runners.kubernetes]\n\
          pull_policy = \"IfNotPresent\"\n",
    good: "[[runners]]\nexecutor = \"kubernetes\"\n[runners.kubernetes]\n\
           pull_policy = \"if-not-present\"\n",
};

/// `" always"`.
pub(crate) static PULL_POLICY_WHITESPACE: Rule = Rule {
    code: "pull-policy-whitespace",
    severity: Severity::Error,
    stage: Stage::Job,
    summary: "a pull-policy value with spaces around it",
    explanation: "The runner compares pull-policy values exactly and trims nothing from \
                  `config.toml` (only the `--docker-pull-policy` flag and its environment \
                  variable are trimmed). `\" always\"` is therefore rejected when a job runs, \
                  and every job that does not set its own policy fails.",
    bad: "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\n\
          pull_policy = [\"always\", \" if-not-present\"]\n",
    good: "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\n\
           pull_policy = [\"always\", \"if-not-present\"]\n",
};

/// `""` in a Docker section.
pub(crate) static EMPTY_PULL_POLICY_ON_DOCKER: Rule = Rule {
    code: "empty-pull-policy-on-docker",
    severity: Severity::Error,
    stage: Stage::Job,
    summary: "an empty pull-policy value on a Docker executor",
    explanation: "On Kubernetes an empty policy means \"let the cluster decide\", but the \
                  Docker executors reject it: every job that does not set its own policy \
                  fails with `unsupported pull_policy config: \"\"` (or \
                  `unsupported allowed_pull_policies config: \"\"`). It often comes from a \
                  template variable that expanded to nothing.",
    bad: "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\npull_policy = \"\"\n",
    good: "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\npull_policy = \"always\"\n",
};

/// `pull_policy = []`.
pub(crate) static EMPTY_PULL_POLICY_LIST: Rule = Rule {
    code: "empty-pull-policy-list",
    severity: Severity::Warning,
    stage: Stage::Silent,
    summary: "`pull_policy = []` does nothing: it does not mean \"never pull\"",
    explanation: "The runner treats an empty `pull_policy` or `allowed_pull_policies` array \
                  exactly like a missing key: the executor's default applies (`always` on \
                  Docker, the cluster's default on Kubernetes), and with an empty \
                  `allowed_pull_policies` the allowed list is `pull_policy` again. An empty \
                  array never stops the runner from pulling; `[\"never\"]` does.",
    bad: "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\npull_policy = []\n",
    good: "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\npull_policy = [\"never\"]\n",
};

/// Which key an entry is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    PullPolicy,
    Allowed,
}

impl Key {
    const fn as_str(self) -> &'static str {
        match self {
            Self::PullPolicy => "pull_policy",
            Self::Allowed => "allowed_pull_policies",
        }
    }
}

/// The runner's error for one entry of `key`, checked on its own, if the
/// executor rejects it.
fn entry_error(executor: PolicyExecutor, key: Key, entry: &str) -> Option<PolicyError> {
    let unset = PullPolicyList::default();
    let none = AllowedPullPolicies::default();
    let list;
    let allowed;
    let runner = match key {
        Key::PullPolicy => {
            list = PullPolicyList::single(entry);
            RunnerPolicies::new(&list, &none)
        }
        Key::Allowed => {
            allowed = AllowedPullPolicies::new([entry]);
            RunnerPolicies::new(&unset, &allowed)
        }
    };
    match (executor, key) {
        (PolicyExecutor::Docker, Key::PullPolicy) => runner.docker_pull_policies().err(),
        (PolicyExecutor::Docker, Key::Allowed) => runner.docker_allowed_pull_policies().err(),
        (PolicyExecutor::Kubernetes, Key::PullPolicy) => runner.kubernetes_pull_policies().err(),
        (PolicyExecutor::Kubernetes, Key::Allowed) => {
            runner.kubernetes_allowed_pull_policies().err()
        }
    }
}

/// The error a Kubernetes job reports for a bad entry of the key the
/// allowed list comes from: `preparePullManager` wraps it as `getting
/// allowed pull policies: …`.
fn as_job_sees(error: &PolicyError, entry: &str, key: Key) -> PolicyError {
    let unset = PullPolicyList::default();
    let none = AllowedPullPolicies::default();
    let list;
    let allowed;
    let runner = match key {
        Key::PullPolicy => {
            list = PullPolicyList::single(entry);
            RunnerPolicies::new(&list, &none)
        }
        Key::Allowed => {
            allowed = AllowedPullPolicies::new([entry]);
            RunnerPolicies::new(&unset, &allowed)
        }
    };
    runner
        .kubernetes_effective(&KubernetesJob::default())
        .err()
        .unwrap_or_else(|| error.clone())
}

/// Runs the pull-policy value rules.
pub fn run(loaded: &Loaded<Config>, out: &mut Vec<Diagnostic>) {
    for section in policy_sections(loaded.best_effort()) {
        if let Some(list) = section.pull_policy {
            check_entries(
                loaded,
                &section,
                Key::PullPolicy,
                list.entries(),
                |i| entry_path(&section.key("pull_policy"), list, i),
                out,
            );
        }
        if let Some(allowed) = section.allowed {
            let key = section.key("allowed_pull_policies");
            check_entries(
                loaded,
                &section,
                Key::Allowed,
                allowed.entries(),
                |i| format!("{key}[{i}]"),
                out,
            );
        }
    }
}

/// Reports every rejected entry of one key, and an empty array.
fn check_entries(
    loaded: &Loaded<Config>,
    section: &PolicySection<'_>,
    key: Key,
    entries: &[String],
    path_of: impl Fn(usize) -> String,
    out: &mut Vec<Diagnostic>,
) {
    let spans = loaded.spans();
    if entries.is_empty() {
        let path = section.key(key.as_str());
        let default = match (section.executor, key) {
            (PolicyExecutor::Docker, Key::PullPolicy) => "the default, [\"always\"], applies",
            (PolicyExecutor::Kubernetes, Key::PullPolicy) => "the cluster's default policy applies",
            (_, Key::Allowed) => "the allowed list is `pull_policy` (or its default)",
        };
        out.push(
            Diagnostic::new(
                &EMPTY_PULL_POLICY_LIST,
                format!(
                    "`{} = []` is the same as not setting it: {default}",
                    key.as_str()
                ),
            )
            .at_opt(locate(spans, &path))
            .key(&path)
            .help(match key {
                Key::PullPolicy => {
                    "remove the key, or list the policies to use (`[\"never\"]` to never pull)"
                }
                Key::Allowed => "remove the key, or list the policies jobs may choose",
            }),
        );
        return;
    }
    for (i, entry) in entries.iter().enumerate() {
        let Some(error) = entry_error(section.executor, key, entry) else {
            continue;
        };
        let Some(invalid) = error.invalid_value() else {
            continue;
        };
        let rule = match invalid.reason() {
            InvalidReason::Empty => &EMPTY_PULL_POLICY_ON_DOCKER,
            InvalidReason::Whitespace(_) => &PULL_POLICY_WHITESPACE,
            InvalidReason::KubernetesName(_) => &KUBERNETES_PULL_POLICY_NAME,
            InvalidReason::Spelling(_) | InvalidReason::Misspelt(_) | InvalidReason::Unknown => {
                &UNKNOWN_PULL_POLICY
            }
        };
        let what = match invalid.reason() {
            InvalidReason::Empty => "an empty pull policy".to_owned(),
            InvalidReason::Whitespace(_) => format!("{entry:?} has spaces around it"),
            InvalidReason::KubernetesName(_) => {
                format!("{entry:?} is the Kubernetes name, not the runner's")
            }
            _ => format!("{entry:?} is not a pull policy"),
        };
        // Without `allowed_pull_policies` the allowed list is derived from
        // `pull_policy`, so a bad entry fails jobs that bring their own
        // policy too (`GetAllowedPullPolicies`).
        let derived = section.allowed.is_none_or(|a| a.entries().is_empty());
        let jobs = match key {
            Key::PullPolicy if derived => {
                "every job fails, also one with its own `image: pull_policy` (the allowed \
                 list is derived from this key), with"
            }
            Key::PullPolicy => "jobs that set no `pull_policy` of their own fail with",
            Key::Allowed => "every job fails with",
        };
        let shown = match (section.executor, key) {
            (PolicyExecutor::Kubernetes, Key::Allowed) => as_job_sees(&error, entry, key),
            (PolicyExecutor::Kubernetes, Key::PullPolicy) if derived => {
                as_job_sees(&error, entry, key)
            }
            _ => error.clone(),
        };
        let help = match (invalid.suggestion(), invalid.reason()) {
            (Some(policy), InvalidReason::KubernetesName(_)) => format!(
                "write \"{policy}\": the runner converts it to `{}` itself",
                policy.to_kubernetes()
            ),
            (Some(policy), InvalidReason::Whitespace(_)) => format!("write \"{policy}\""),
            (Some(policy), _) => format!("did you mean \"{policy}\"?"),
            (None, InvalidReason::Empty) => {
                "remove it, or write \"always\", \"if-not-present\" or \"never\"".to_owned()
            }
            (None, _) => "use \"always\", \"if-not-present\" or \"never\"".to_owned(),
        };
        let path = path_of(i);
        // The runner's spelling of the policy meant: certain for another
        // case, a Kubernetes name or spaces; a guess for a typo.
        let applicability = match invalid.reason() {
            InvalidReason::KubernetesName(_)
            | InvalidReason::Whitespace(_)
            | InvalidReason::Spelling(_) => Some(Applicability::Safe),
            InvalidReason::Misspelt(_) => Some(Applicability::Unsafe),
            InvalidReason::Empty | InvalidReason::Unknown => None,
        };
        let fix = applicability
            .zip(invalid.suggestion())
            .and_then(|(a, policy)| {
                let edit = build::replace_string(
                    loaded.source().text(),
                    spans.value_span(&path)?,
                    policy.as_str(),
                )?;
                Some(Fix::new(a, vec![edit]))
            });
        out.push(
            Diagnostic::new(rule, format!("{what}; {jobs} `{shown}`"))
                .at_opt(locate(spans, &path))
                .key(path)
                .help(help)
                .with_fix_opt(fix),
        );
    }
}
