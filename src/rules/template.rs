//! Registration templates (`check --template`): what `gitlab-runner
//! register --template-config` takes from one (`commands/register.go`
//! `configTemplate.MergeTo`).
//!
//! The template is loaded like a `config.toml`, must hold exactly one
//! `[[runners]]` entry, has its token cleared, and only that entry is
//! merged into what registration builds, filling the settings registration
//! left empty. Registration then sets `url`, `name` and `executor` from its
//! own options or prompts and keeps only the chosen executor's sections
//! (`RegisterCommand.askExecutorOptions`, which also drops
//! `[runners.referees]`). Everything outside the entry is ignored.

use crate::check::Mode;
use crate::load::Loaded;
use crate::model::Config;
use crate::model::shape::Section;
use crate::{Diagnostic, Rule, Severity, Stage};

use super::locate;

/// A template without exactly one `[[runners]]` entry.
pub(crate) static TEMPLATE_RUNNER_COUNT: Rule = Rule {
    code: "template-runner-count",
    severity: Severity::Error,
    stage: Stage::Load,
    summary: "a registration template without exactly one `[[runners]]` entry",
    explanation: "`gitlab-runner register --template-config` merges the template's runner \
                  entry into the one it registers, and refuses a template with none or \
                  several: `configuration template must contain exactly one [[runners]] \
                  entry`; registration then fails.",
    bad: "[[runners]]\nname = \"a\"\n[[runners]]\nname = \"b\"\n",
    good: "[[runners]]\nname = \"a\"\n",
};

/// A global key in a template.
pub(crate) static TEMPLATE_GLOBAL_KEY: Rule = Rule {
    code: "template-global-key",
    severity: Severity::Warning,
    stage: Stage::Silent,
    summary: "a global key in a registration template, which registration ignores",
    explanation: "Registration takes only the template's `[[runners]]` entry; `concurrent`, \
                  `check_interval`, `log_level`, `[session_server]` and every other global \
                  key of a template are read and dropped. Set them in the runner's \
                  `config.toml` (with the GitLab Runner Helm chart, through the chart's own \
                  values such as `concurrent` and `checkInterval`).",
    bad: "concurrent = 4\n[[runners]]\n[runners.kubernetes]\nnamespace = \"ci\"\n",
    good: "[[runners]]\n[runners.kubernetes]\nnamespace = \"ci\"\n",
};

/// A key of the runner entry that registration replaces or drops.
pub(crate) static TEMPLATE_KEY_IGNORED: Rule = Rule {
    code: "template-key-ignored",
    severity: Severity::Warning,
    stage: Stage::Silent,
    summary: "a key of a registration template that registration replaces or drops",
    explanation: "Registration clears the template's `token` before merging \
                  (`configTemplate.MergeTo`), then sets `url`, `name` and `executor` from \
                  its own options or prompts, whatever the template says \
                  (`RegisterCommand.ask`; `name` is kept only when registration is given an \
                  existing legacy runner token), and drops `[runners.referees]` \
                  (`askExecutorOptions`). In a template these have no effect; a real token \
                  is moreover a secret kept in one more place.",
    bad: "[[runners]]\ntoken = \"glrt-EXAMPLE0000\"\n[runners.kubernetes]\nnamespace = \"ci\"\n",
    good: "[[runners]]\n[runners.kubernetes]\nnamespace = \"ci\"\n",
};

/// Runs the template rules; they say nothing about a `config.toml`.
pub fn run(loaded: &Loaded<Config>, mode: Mode, out: &mut Vec<Diagnostic>) {
    if mode != Mode::Template {
        return;
    }
    let spans = loaded.spans();
    let config = loaded.best_effort();
    let count = config.runners.len();
    // `runners` written but not loaded (`[runners.docker]` without
    // `[[runners]]`): the loader has reported why.
    let rejected = count == 0 && spans.contains("runners");
    if count != 1 && !rejected {
        let (message, at, path) = if count == 0 {
            (
                "the template has no `[[runners]]` entry: registration fails with \
                 `configuration template must contain exactly one [[runners]] entry`"
                    .to_owned(),
                locate(spans, "runners"),
                "runners".to_owned(),
            )
        } else {
            (
                format!(
                    "the template has {count} `[[runners]]` entries: registration fails with \
                     `configuration template must contain exactly one [[runners]] entry`"
                ),
                locate(spans, "runners[1]"),
                "runners[1]".to_owned(),
            )
        };
        out.push(
            Diagnostic::new(&TEMPLATE_RUNNER_COUNT, message)
                .at_opt(at)
                .key(path)
                .help("keep one `[[runners]]` entry: a template describes one runner"),
        );
    }
    // Only keys the runner reads are indexed; unknown ones have their own
    // finding.
    let mut globals: Vec<(&str, std::ops::Range<usize>)> = spans
        .iter()
        .filter(|(path, _)| {
            !path.contains(['.', '[']) && *path != "runners" && Config::TABLE.key(path).is_some()
        })
        .map(|(path, at)| (path, at.primary()))
        .collect();
    globals.sort_by_key(|(_, at)| at.start);
    for (key, at) in globals {
        out.push(
            Diagnostic::new(
                &TEMPLATE_GLOBAL_KEY,
                format!("`{key}` is ignored: registration only takes the `[[runners]]` entry"),
            )
            .at(at)
            .key(key)
            .help(format!(
                "set `{key}` in the runner's config.toml instead, and remove it here"
            )),
        );
    }
    for i in 0..count {
        let replaced = [
            (
                "token",
                "`token` is cleared by registration, which writes the token GitLab issues",
            ),
            (
                "url",
                "`url` is replaced by the address registration is given (`--url` or the \
                 prompt)",
            ),
            (
                "name",
                "`name` is replaced by the name registration is given (`--name` or the prompt)",
            ),
            (
                "executor",
                "`executor` is replaced by the executor registration is given (`--executor` or \
                 the prompt)",
            ),
            (
                "referees",
                "`[runners.referees]` is dropped by registration",
            ),
        ];
        for (key, message) in replaced {
            let path = format!("runners[{i}].{key}");
            if !spans.contains(&path) {
                continue;
            }
            out.push(
                Diagnostic::new(&TEMPLATE_KEY_IGNORED, message)
                    .at_opt(locate(spans, &path))
                    .key(path)
                    .help(format!(
                        "remove `{key}` from the template; give it to `gitlab-runner register` \
                         instead"
                    )),
            );
        }
    }
}
