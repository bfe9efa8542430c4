//! The runner's credentials: a missing, wrong-kind or shared `token`.
//!
//! Token values are secrets: no finding ever repeats one, even in part.
//! Entries are named by their index instead.

use std::collections::HashMap;

use crate::check::Mode;
use crate::load::Loaded;
use crate::model::Config;
use crate::{Diagnostic, Rule, Severity, Stage};

use super::locate;

/// `token` missing, empty or only whitespace.
pub(crate) static EMPTY_RUNNER_TOKEN: Rule = Rule {
    code: "empty-runner-token",
    severity: Severity::Error,
    stage: Stage::Polling,
    summary: "a `[[runners]]` entry without a token never takes a job",
    explanation: "Each `[[runners]]` entry authenticates to GitLab with its `token`. When it \
                  is missing, empty or only whitespace, the runner skips the entry whenever \
                  it polls for jobs (`RunnerCredentials.HasToken`, `feedRunner`) and warns \
                  at every start: `Runner token is empty or whitespace; this runner will be \
                  skipped during job polling` (from 19.1; earlier runners ask GitLab for \
                  jobs with the empty token, which GitLab refuses). The entry never runs a \
                  job. This usually is an \
                  entry left behind by a registration that failed, or a template that a \
                  later step is meant to fill in (check those with `check --template`). A \
                  token written as `$VARIABLE` is expanded from the runner's environment \
                  and is not judged.",
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
                  same runner polling for jobs several times over, and the runner keeps its \
                  job and request counters per token (`buildsHelper.getRunnerCounter`): \
                  the entries share one count of running jobs and open requests, which each \
                  entry compares with its own `limit` and `request_concurrency`. Jobs land \
                  on whichever entry asks first and run with that entry's settings. This is \
                  usually the result of registering repeatedly into the same file; keep one \
                  entry per token.",
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

/// Runs the token rules. In a registration template the token is cleared
/// and replaced by registration, so a missing one is not a finding there.
pub fn run(loaded: &Loaded<Config>, mode: Mode, out: &mut Vec<Diagnostic>) {
    let spans = loaded.spans();
    // Token → (first entry, its `id`); only the index is ever shown.
    let mut seen: HashMap<&str, (usize, Option<i64>)> = HashMap::new();
    for (i, runner) in loaded.best_effort().runners.iter().enumerate() {
        let path = format!("runners[{i}].token");
        let at = locate(spans, &path);
        let token = match runner.token.as_deref() {
            Some(token) => token,
            // Written with the wrong type: the loader reported it.
            None if spans.contains(&path) => continue,
            None => "",
        };
        // `HasToken` trims Unicode whitespace, as `str::trim` does; a
        // `$VARIABLE` is expanded from the runner's environment first.
        if token.trim().is_empty() && mode == Mode::Config {
            let what = if spans.contains(&path) {
                format!("runner {i}'s `token` is empty")
            } else {
                format!("runner {i} has no `token`")
            };
            // The runner skips such an entry from 19.1 (`HasToken`); before,
            // it asks GitLab for jobs with the empty token.
            let message = if loaded.runner_version().at_least(19, 1) {
                format!(
                    "{what}: the runner skips it when polling for jobs (`Runner token is empty \
                     or whitespace; this runner will be skipped during job polling`)"
                )
            } else {
                format!(
                    "{what}: the runner asks GitLab for jobs with an empty token, which GitLab \
                     refuses, so this entry never takes a job"
                )
            };
            out.push(
                Diagnostic::new(&EMPTY_RUNNER_TOKEN, message)
                    .at_opt(at)
                    .key(&path)
                    .help(
                        "register the runner again (`gitlab-runner register`) or remove \
                     the entry",
                    ),
            );
            continue;
        }
        if token.trim().is_empty() {
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
                    format!(
                        "runner {i} uses the same `token` as runner {first}: they share one \
                         count of running jobs and requests"
                    ),
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
