//! The runner's credentials: a missing, wrong-kind or shared `token`.
//!
//! Token values are secrets: no finding ever repeats one, even in part.
//! Entries are named by their index instead.

use std::collections::HashMap;

use crate::load::Loaded;
use crate::model::Config;
use crate::{Diagnostic, Rule, Severity, Stage};

use super::locate;

/// `token = ""`.
pub(crate) static EMPTY_RUNNER_TOKEN: Rule = Rule {
    code: "empty-runner-token",
    severity: Severity::Warning,
    stage: Stage::Polling,
    summary: "`token` of a `[[runners]]` entry is empty",
    explanation: "Each `[[runners]]` entry authenticates to GitLab with its `token`. With an \
                  empty one the runner still starts, but GitLab refuses every request for \
                  jobs this entry makes, so it never runs a job. This usually is an entry \
                  left behind by a registration that failed, or a template that a later \
                  step is meant to fill in; if nothing does, the entry is dead weight.",
    bad: "[[runners]]\nname = \"build\"\ntoken = \"\"\nexecutor = \"shell\"\n",
    good: "[[runners]]\nname = \"build\"\ntoken = \"glrt-EXAMPLE0000\"\nexecutor = \"shell\"\n",
};

/// A registration token (`GR1348941…`) where the runner token belongs.
pub(crate) static REGISTRATION_TOKEN_AS_RUNNER_TOKEN: Rule = Rule {
    code: "registration-token-as-runner-token",
    severity: Severity::Error,
    stage: Stage::Polling,
    summary: "`token` holds a registration token, not a runner authentication token",
    explanation: "Registration tokens (prefix `GR1348941`) are only good for \
                  `gitlab-runner register`, which exchanges one for the runner's own \
                  authentication token (prefix `glrt-`, or a legacy token) and writes that \
                  into `config.toml`. GitLab refuses job requests made with a registration \
                  token, so a runner configured with one never runs a job.",
    bad: "[[runners]]\ntoken = \"GR1348941EXAMPLE00000\"\nexecutor = \"shell\"\n",
    good: "[[runners]]\ntoken = \"glrt-EXAMPLE0000\"\nexecutor = \"shell\"\n",
};

/// Several `[[runners]]` entries with one token.
pub(crate) static DUPLICATE_RUNNER_TOKEN: Rule = Rule {
    code: "duplicate-runner-token",
    severity: Severity::Warning,
    stage: Stage::Polling,
    summary: "several `[[runners]]` entries use the same token",
    explanation: "A token identifies one runner in GitLab. Entries that share it are the \
                  same runner polling for jobs several times over: each entry's `limit`, \
                  executor settings and `concurrent` share apply separately, so the runner \
                  takes more jobs than intended, and jobs land on whichever entry asks first, \
                  with that entry's settings. This is usually the result of registering \
                  repeatedly into the same file; keep one entry per token.",
    bad: "[[runners]]\ntoken = \"glrt-t0k3nOfRunnerOne\"\nexecutor = \"shell\"\n\n\
          [[runners]]\ntoken = \"glrt-t0k3nOfRunnerOne\"\nexecutor = \"shell\"\n",
    good: "[[runners]]\ntoken = \"glrt-EXAMPLE0000\"\nexecutor = \"shell\"\n",
};

/// The prefix GitLab gives registration tokens.
const REGISTRATION_PREFIX: &str = "GR1348941";

/// Whether a token is a template for another tool to fill in, not a value.
pub(crate) fn is_template(token: &str) -> bool {
    ["${", "{{", "<", "%(", "__"]
        .iter()
        .any(|t| token.contains(t))
        || token.starts_with('$')
}

/// Whether a token is a stand-in written by documentation or by a tool
/// that blanked the real one (`REDACTED…`, `glrt-EXAMPLE…`, `xxxx`).
pub(crate) fn is_placeholder(token: &str) -> bool {
    let lower = token.to_ascii_lowercase();
    lower == "token"
        || [
            "redacted",
            "example",
            "xxxx",
            "placeholder",
            "changeme",
            "your-token",
        ]
        .iter()
        .any(|w| lower.contains(w))
}

/// Runs the token rules.
pub fn run(loaded: &Loaded<Config>, out: &mut Vec<Diagnostic>) {
    let spans = loaded.spans();
    // Token → (first entry, its `id`); only the index is ever shown.
    let mut seen: HashMap<&str, (usize, Option<i64>)> = HashMap::new();
    for (i, runner) in loaded.best_effort().runners.iter().enumerate() {
        let Some(token) = runner.token.as_deref() else {
            continue;
        };
        let path = format!("runners[{i}].token");
        let at = locate(spans, &path);
        if token.trim().is_empty() {
            out.push(
                Diagnostic::new(
                    &EMPTY_RUNNER_TOKEN,
                    format!("runner {i} has an empty `token`"),
                )
                .at_opt(at)
                .key(&path)
                .help(
                    "register the runner again (`gitlab-runner register`) or remove \
                         the entry",
                ),
            );
            continue;
        }
        if is_template(token) {
            continue;
        }
        if token.starts_with(REGISTRATION_PREFIX) {
            out.push(
                Diagnostic::new(
                    &REGISTRATION_TOKEN_AS_RUNNER_TOKEN,
                    format!("runner {i}'s `token` is a registration token"),
                )
                .at_opt(at.clone())
                .key(&path)
                .help(
                    "run `gitlab-runner register` with this token and use the runner token \
                     it writes; then revoke the registration token",
                ),
            );
        }
        let id = runner.id.filter(|&id| id != 0);
        match seen.get(token) {
            // Different ids mean different runners, so equal strings can
            // only be placeholders (or redacted copies) of different tokens.
            Some(&(_, Some(first))) if id.is_some_and(|id| id != first) => {}
            // A placeholder repeated is only the same runner when the ids
            // say so.
            Some(&(_, first_id)) if is_placeholder(token) && (id.is_none() || id != first_id) => {}
            Some(&(first, _)) => {
                let mut finding = Diagnostic::new(
                    &DUPLICATE_RUNNER_TOKEN,
                    format!("runner {i} uses the same `token` as runner {first}"),
                )
                .at_opt(at)
                .key(&path)
                .help("keep one `[[runners]]` entry per token and remove the others");
                if let Some(span) = locate(spans, &format!("runners[{first}].token")) {
                    finding = finding.label(span, format!("runner {first}'s token"));
                }
                out.push(finding);
            }
            None => {
                seen.insert(token, (i, id));
            }
        }
    }
}
