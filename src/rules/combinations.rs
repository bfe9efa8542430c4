//! Orders and repetitions in `pull_policy` that do not do what they say.
//!
//! Repeating `always` or `if-not-present` is the documented way to retry a
//! pull and is never reported.

use crate::load::Loaded;
use crate::model::Config;
use crate::policy::{PolicyExecutor, PullPolicy};
use crate::{Diagnostic, Rule, Severity, Stage};

use super::{entry_path, locate, locate_key, policy_sections};

/// `never` more than once.
pub(crate) static REPEATED_NEVER: Rule = Rule {
    code: "repeated-never",
    severity: Severity::Warning,
    stage: Stage::Job,
    summary: "`never` is listed more than once in `pull_policy`",
    explanation: "Listing a policy twice makes the runner try it twice. For `always` and \
                  `if-not-present` that retries a pull, which is the documented idiom; \
                  `never` never pulls, so on Docker a second `never` only looks for the same \
                  local image again and fails the same way. On Kubernetes it is never even \
                  tried: a missing image under `never` gives `ErrImageNeverPull`, which is \
                  not one of the errors that move the executor to the next policy \
                  (`watchers/pod.go` `CheckTerminalContainerErrors`), so nothing after the \
                  first `never` runs.",
    bad: "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\n\
          pull_policy = [\"never\", \"never\"]\n",
    good: "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\npull_policy = [\"never\"]\n",
};

/// Anything after `never` on Kubernetes.
pub(crate) static UNREACHABLE_AFTER_NEVER: Rule = Rule {
    code: "unreachable-after-never",
    severity: Severity::Warning,
    stage: Stage::Job,
    summary: "policies after `never` never run on Kubernetes",
    explanation: "The Kubernetes executor moves on to the next policy only when the pod \
                  reports an image-pull error it can retry. With `Never` and a missing \
                  image, Kubernetes reports `ErrImageNeverPull`, which gives the runner no \
                  fallback: the job waits for the 180 s poll timeout and fails. Whatever is \
                  listed after `never` is never tried.",
    bad: "[[runners]]\nexecutor = \"kubernetes\"\n[runners.kubernetes]\n\
          pull_policy = [\"never\", \"if-not-present\"]\n",
    good: "[[runners]]\nexecutor = \"kubernetes\"\n[runners.kubernetes]\n\
           pull_policy = [\"if-not-present\"]\n",
};

/// `always` and nothing else.
pub(crate) static ALWAYS_WITHOUT_FALLBACK: Rule = Rule {
    code: "always-without-fallback",
    severity: Severity::Info,
    stage: Stage::Job,
    summary: "`always` alone: jobs fail whenever the registry cannot be reached",
    explanation: "With `always` (set explicitly, or the Docker default) the runner pulls \
                  every image before each use and never falls back to a local copy, so a \
                  registry outage or rate limit fails every job. `[\"always\", \
                  \"if-not-present\"]` pulls when it can and uses the local copy when it \
                  cannot. On runners shared between projects that has a cost: a private \
                  image another project pulled stays on the host, and `if-not-present` lets \
                  any job use it without credentials; keep `always` alone there.",
    bad: "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\npull_policy = \"always\"\n",
    good: "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\n\
           pull_policy = [\"always\", \"if-not-present\"]\n",
};

/// Runs the combination rules.
pub fn run(loaded: &Loaded<Config>, out: &mut Vec<Diagnostic>) {
    let spans = loaded.spans();
    for section in policy_sections(loaded.best_effort()) {
        let key = section.key("pull_policy");
        if let Some(list) = section.pull_policy {
            let entries = list.entries();
            let nevers: Vec<usize> = (0..entries.len())
                .filter(|&i| entries[i] == "never")
                .collect();
            for &i in nevers.iter().skip(1) {
                let path = entry_path(&key, list, i);
                let message = match section.executor {
                    PolicyExecutor::Docker => {
                        "`never` is listed again: it only looks for the same local image once \
                         more"
                    }
                    PolicyExecutor::Kubernetes => {
                        "`never` is listed again, but nothing after the first `never` ever \
                         runs on Kubernetes (`ErrImageNeverPull` gives no fallback)"
                    }
                };
                let mut finding = Diagnostic::new(&REPEATED_NEVER, message)
                    .at_opt(locate(spans, &path))
                    .key(path)
                    .help("remove the repeated \"never\"");
                if let Some(span) = nevers
                    .first()
                    .and_then(|&f| locate(spans, &entry_path(&key, list, f)))
                {
                    finding = finding.label(span, "first `never`");
                }
                out.push(finding);
            }
            if section.executor == PolicyExecutor::Kubernetes
                && let Some(&first) = nevers.first()
            {
                let after: Vec<(usize, &String)> = entries
                    .iter()
                    .enumerate()
                    .skip(first + 1)
                    .filter(|(_, e)| *e != "never")
                    .collect();
                if let Some(&(i, _)) = after.first() {
                    let names: Vec<String> = after.iter().map(|(_, e)| format!("{e:?}")).collect();
                    let path = entry_path(&key, list, i);
                    let mut finding = Diagnostic::new(
                        &UNREACHABLE_AFTER_NEVER,
                        format!(
                            "{} after `never` can never run: Kubernetes gives no fallback from \
                             `ErrImageNeverPull`",
                            names.join(", ")
                        ),
                    )
                    .at_opt(locate(spans, &path))
                    .key(path)
                    .help("put the policies to fall back on before \"never\", or drop them");
                    if let Some(span) = locate(spans, &entry_path(&key, list, first)) {
                        finding =
                            finding.label(span, "the job stops here when the image is missing");
                    }
                    out.push(finding);
                }
            }
        }
        if !section.in_use() || section.has_rejected_keys(spans) {
            continue;
        }
        let Ok(effective) = section.effective() else {
            continue;
        };
        let always_only =
            !effective.is_empty() && effective.iter().all(|p| *p == Some(PullPolicy::Always));
        if !always_only {
            continue;
        }
        let explicit = section.pull_policy.is_some_and(|l| !l.entries().is_empty());
        let message = if explicit {
            "`always` alone: no image is taken from the local cache when the registry fails"
        } else {
            "the default policy `always` alone: no image is taken from the local cache when \
             the registry fails"
        };
        out.push(
            Diagnostic::new(&ALWAYS_WITHOUT_FALLBACK, message)
                .at_opt(locate_key(spans, &key, section.index))
                .key(&key)
                .help(
                    "for resilience use `pull_policy = [\"always\", \"if-not-present\"]`; on a \
                     runner shared between projects keep `always`, since `if-not-present` lets \
                     any job use private images other projects pulled",
                ),
        );
    }
}
