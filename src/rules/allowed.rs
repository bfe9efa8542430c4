//! `allowed_pull_policies` against the runner's own `pull_policy`.
//!
//! The same intersection that limits what `.gitlab-ci.yml` may ask for
//! also limits the runner's own `pull_policy` and its default, so a runner
//! can be configured to refuse its own policy.

use crate::load::Loaded;
use crate::model::Config;
use crate::policy::{PolicyExecutor, PullPolicy};
use crate::{Diagnostic, Rule, Severity, Stage};

use super::{PolicySection, entry_path, locate, locate_key, policy_sections};

/// No overlap between `pull_policy` (or its default) and the allowed list.
pub(crate) static PULL_POLICY_NOT_ALLOWED: Rule = Rule {
    code: "pull-policy-not-allowed",
    severity: Severity::Error,
    stage: Stage::Job,
    summary: "the runner's `pull_policy` is not in its own `allowed_pull_policies`",
    explanation: "When a job sets no `pull_policy` of its own, the runner intersects its \
                  `pull_policy` (or, when that is unset, the default: `always` on Docker, the \
                  cluster default `\"\"` on Kubernetes) with `allowed_pull_policies`. When \
                  nothing is left the job fails with `pull_policy (…) defined in Runner config \
                  is not one of the allowed_pull_policies (…)`. Every job without its own \
                  `image: pull_policy` fails. On Docker a configured `helper_image` and the \
                  `[[runners.docker.services]]` never see a job's policy, so with either of \
                  them every job fails; the default helper image does not count, since it is \
                  found locally or imported from the archive bundled with the runner, not \
                  pulled (`executor.getHelperImage`).",
    bad: "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\npull_policy = [\"never\"]\n\
          allowed_pull_policies = [\"always\"]\n",
    good: "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\npull_policy = [\"never\"]\n\
           allowed_pull_policies = [\"always\", \"never\"]\n",
};

/// Some of `pull_policy` falls outside the allowed list.
pub(crate) static PULL_POLICY_PARTLY_ALLOWED: Rule = Rule {
    code: "pull-policy-partly-allowed",
    severity: Severity::Warning,
    stage: Stage::Job,
    summary: "`allowed_pull_policies` silently drops part of the runner's `pull_policy`",
    explanation: "The runner keeps only the entries of `pull_policy` that are also in \
                  `allowed_pull_policies` and says nothing about the others. A fallback such \
                  as `[\"always\", \"if-not-present\"]` then quietly becomes `always` alone.",
    bad: "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\n\
          pull_policy = [\"always\", \"if-not-present\"]\nallowed_pull_policies = [\"always\"]\n",
    good: "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\n\
           pull_policy = [\"always\", \"if-not-present\"]\n\
           allowed_pull_policies = [\"always\", \"if-not-present\"]\n",
};

/// Neither key set: jobs cannot choose a policy.
pub(crate) static PULL_POLICY_NOT_CONFIGURED: Rule = Rule {
    code: "pull-policy-not-configured",
    severity: Severity::Info,
    stage: Stage::Job,
    summary: "neither `pull_policy` nor `allowed_pull_policies` is set: jobs cannot choose a policy",
    explanation: "Without either key the allowed list is the executor's default. On Docker \
                  that is `always`, so a job asking for `image: pull_policy: if-not-present` \
                  fails. On Kubernetes it is the cluster default `\"\"`, which no job can \
                  name, so every job that sets any `pull_policy` fails. Setting \
                  `allowed_pull_policies` lets jobs choose while keeping the runner's default.",
    bad: "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\nimage = \"alpine:3.19\"\n",
    good: "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\nimage = \"alpine:3.19\"\n\
           allowed_pull_policies = [\"always\", \"if-not-present\"]\n",
};

/// Runs the allowed-policy rules.
pub fn run(loaded: &Loaded<Config>, out: &mut Vec<Diagnostic>) {
    for section in policy_sections(loaded.best_effort()) {
        if !section.in_use() || section.has_rejected_keys(loaded.spans()) {
            continue;
        }
        let written = |list: Option<bool>| list.is_some_and(|empty| !empty);
        let has_pull_policy = written(section.pull_policy.map(|l| l.entries().is_empty()));
        let has_allowed = written(section.allowed.map(|l| l.entries().is_empty()));
        if !has_pull_policy && !has_allowed {
            not_configured(loaded, &section, out);
        } else if has_allowed {
            against_allowed(loaded, &section, out);
        }
    }
}

fn not_configured(loaded: &Loaded<Config>, section: &PolicySection<'_>, out: &mut Vec<Diagnostic>) {
    let path = section.key("allowed_pull_policies");
    let (consequence, help) = match section.executor {
        PolicyExecutor::Docker => (
            "jobs may only use `always`, and a job asking for another `pull_policy` fails",
            "to let jobs choose, set e.g. `allowed_pull_policies = [\"always\", \
             \"if-not-present\"]`",
        ),
        PolicyExecutor::Kubernetes => (
            "the cluster decides, and every job that sets any `pull_policy` fails",
            "to let jobs choose, set e.g. `allowed_pull_policies = [\"\", \"always\", \
             \"if-not-present\"]` (`\"\"` keeps the cluster default for other jobs)",
        ),
    };
    out.push(
        Diagnostic::new(
            &PULL_POLICY_NOT_CONFIGURED,
            format!("no `pull_policy` or `allowed_pull_policies`: {consequence}"),
        )
        .at_opt(locate_key(loaded.spans(), &path, section.index))
        .key(path)
        .help(help),
    );
}

fn against_allowed(
    loaded: &Loaded<Config>,
    section: &PolicySection<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let spans = loaded.spans();
    let allowed_path = section.key("allowed_pull_policies");
    let pull_path = section.key("pull_policy");
    let allowed_span = locate(spans, &allowed_path);
    match section.effective() {
        Err(error) => {
            // Bad values are reported one by one by the value rules.
            if error.invalid_value().is_some() {
                return;
            }
            let defaulted = section.pull_policy.is_none_or(|l| l.entries().is_empty());
            let (primary, path) = if defaulted {
                (allowed_span.clone(), allowed_path.clone())
            } else {
                (locate(spans, &pull_path), pull_path.clone())
            };
            let what = if defaulted {
                "the default pull policy is not allowed"
            } else {
                "no entry of `pull_policy` is allowed"
            };
            let help = match (section.executor, defaulted) {
                (PolicyExecutor::Kubernetes, true) => {
                    "add \"\" (the cluster default) to `allowed_pull_policies`, or set a \
                     `pull_policy` it allows"
                }
                (PolicyExecutor::Docker, true) => {
                    "add \"always\" (the default) to `allowed_pull_policies`, or set a \
                     `pull_policy` it allows"
                }
                (_, false) => {
                    "make `pull_policy` and `allowed_pull_policies` share at least one entry"
                }
            };
            // A configured helper image and config services only ever get
            // the runner's policy (`getHelperImage`, `createServices`).
            let policy_free = section.executor == PolicyExecutor::Docker
                && section.runner.docker.as_ref().is_some_and(|d| {
                    d.helper_image.as_deref().is_some_and(|h| !h.is_empty())
                        || !d.services.is_empty()
                });
            let jobs = if policy_free {
                "every job fails (the configured helper image and services use the runner's \
                 policy)"
            } else {
                "every job without its own `pull_policy` fails"
            };
            let mut finding = Diagnostic::new(
                &PULL_POLICY_NOT_ALLOWED,
                format!("{what}; {jobs} with `{}`", error.unprefixed()),
            )
            .at_opt(primary)
            .key(path)
            .help(help);
            if !defaulted && let Some(span) = allowed_span {
                finding = finding.label(span, "allowed here");
            }
            out.push(finding);
        }
        Ok(effective) => {
            let Some(list) = section.pull_policy else {
                return;
            };
            let kept = |entry: &str| {
                effective
                    .iter()
                    .any(|p| p.map_or("", PullPolicy::as_str) == entry)
            };
            let dropped: Vec<(usize, &String)> = list
                .entries()
                .iter()
                .enumerate()
                .filter(|(_, e)| !kept(e))
                .collect();
            let Some(&(first, _)) = dropped.first() else {
                return;
            };
            let names: Vec<String> = dropped.iter().map(|(_, e)| format!("{e:?}")).collect();
            let path = entry_path(&pull_path, list, first);
            let mut finding = Diagnostic::new(
                &PULL_POLICY_PARTLY_ALLOWED,
                format!(
                    "`allowed_pull_policies` drops {} from `pull_policy`",
                    names.join(", ")
                ),
            )
            .at_opt(locate(spans, &path))
            .key(path)
            .help(format!(
                "add {} to `allowed_pull_policies`, or remove {} from `pull_policy`",
                names.join(", "),
                if names.len() == 1 { "it" } else { "them" }
            ));
            if let Some(span) = allowed_span {
                finding = finding.label(span, "allowed here");
            }
            out.push(finding);
        }
    }
}
