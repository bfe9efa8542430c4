//! What the runner's executor reads: `never` on hosts that start empty,
//! and settings for an executor the runner does not use.

use crate::load::Loaded;
use crate::model::{Config, Executor, Runner};
use crate::policy::PolicyExecutor;
use crate::{Diagnostic, Rule, Severity, Stage};

use super::{entry_path, locate, policy_sections};

/// `never` on `docker+machine` or `docker-autoscaler`.
pub(crate) static NEVER_ON_AUTOSCALED: Rule = Rule {
    code: "never-on-autoscaled-executor",
    severity: Severity::Warning,
    stage: Stage::Job,
    summary: "`never` pull policy on an executor that creates fresh hosts",
    explanation: "`docker+machine` and `docker-autoscaler` run jobs on hosts they create \
                  on demand. A new host has no images, and `never` only ever uses a local \
                  copy, so the first job on every new host fails unless the images are baked \
                  into the host image. GitLab's documentation advises against `never` on \
                  autoscaled runners; nothing in the runner enforces it.",
    bad: "[[runners]]\nexecutor = \"docker-autoscaler\"\n[runners.docker]\n\
          pull_policy = [\"never\"]\n",
    good: "[[runners]]\nexecutor = \"docker-autoscaler\"\n[runners.docker]\n\
           pull_policy = [\"if-not-present\"]\n",
};

/// A section for an executor the runner does not use.
pub(crate) static UNUSED_EXECUTOR_SECTION: Rule = Rule {
    code: "unused-executor-section",
    severity: Severity::Warning,
    stage: Stage::Silent,
    summary: "settings for an executor this runner does not use",
    explanation: "Each executor reads only its own sections: the Docker executors \
                  `[runners.docker]` (plus `[runners.machine]` or `[runners.autoscaler]`), \
                  `kubernetes` `[runners.kubernetes]`, `ssh` `[runners.ssh]`, `parallels` and \
                  `virtualbox` their own section and `[runners.ssh]`, `custom` \
                  `[runners.custom]`, `instance` `[runners.autoscaler]` and \
                  `[runners.instance]`, and `shell` none of them. The runner loads any other \
                  section without a word and ignores it, so its settings (a pull policy, \
                  volumes, limits) silently have no effect. Often it is left over from an \
                  earlier executor, or `executor` itself is not the one intended.",
    bad: "[[runners]]\nexecutor = \"kubernetes\"\n[runners.docker]\nimage = \"alpine:3.19\"\n",
    good: "[[runners]]\nexecutor = \"kubernetes\"\n[runners.kubernetes]\n\
           image = \"alpine:3.19\"\n",
};

/// The executor-specific sections of a runner: key, whether written,
/// whether written empty.
fn sections(runner: &Runner) -> [(&'static str, bool, bool); 9] {
    fn state<T: Default + PartialEq>(section: Option<&T>) -> (bool, bool) {
        (
            section.is_some(),
            section.is_some_and(|s| *s == T::default()),
        )
    }
    let entries = [
        ("docker", state(runner.docker.as_ref())),
        ("kubernetes", state(runner.kubernetes.as_ref())),
        ("machine", state(runner.machine.as_ref())),
        ("autoscaler", state(runner.autoscaler.as_ref())),
        ("instance", state(runner.instance.as_ref())),
        ("ssh", state(runner.ssh.as_ref())),
        ("parallels", state(runner.parallels.as_ref())),
        ("virtualbox", state(runner.virtualbox.as_ref())),
        ("custom", state(runner.custom.as_ref())),
    ];
    entries.map(|(key, (set, empty))| (key, set, empty))
}

/// The sections `executor` reads.
fn reads(executor: Executor, section: &str) -> bool {
    match executor {
        Executor::Docker | Executor::DockerWindows => section == "docker",
        Executor::DockerMachine => matches!(section, "docker" | "machine"),
        Executor::DockerAutoscaler => matches!(section, "docker" | "autoscaler"),
        Executor::Instance => matches!(section, "autoscaler" | "instance"),
        Executor::Kubernetes => section == "kubernetes",
        Executor::Ssh => section == "ssh",
        Executor::Parallels => matches!(section, "parallels" | "ssh"),
        Executor::Virtualbox => matches!(section, "virtualbox" | "ssh"),
        Executor::Custom => section == "custom",
        Executor::Shell => false,
    }
}

/// Runs the executor rules.
pub fn run(loaded: &Loaded<Config>, out: &mut Vec<Diagnostic>) {
    let spans = loaded.spans();
    let config = loaded.best_effort();
    for section in policy_sections(config) {
        if !section.autoscaled() || section.executor != PolicyExecutor::Docker {
            continue;
        }
        let Some(list) = section.pull_policy else {
            continue;
        };
        let key = section.key("pull_policy");
        if let Some(i) = list.entries().iter().position(|e| e == "never") {
            let path = entry_path(&key, list, i);
            let executor = section.named.map_or("", Executor::as_str);
            out.push(
                Diagnostic::new(
                    &NEVER_ON_AUTOSCALED,
                    format!("`never` on the `{executor}` executor: new hosts have no images"),
                )
                .at_opt(locate(spans, &path))
                .key(path)
                .help(
                    "use \"if-not-present\" (or \"always\") unless the host image already \
                     holds every image jobs use",
                ),
            );
        }
    }
    for (i, runner) in config.runners.iter().enumerate() {
        let Some(executor) = runner.executor else {
            continue;
        };
        for (key, set, empty) in sections(runner) {
            if !set || reads(executor, key) {
                continue;
            }
            let path = format!("runners[{i}].{key}");
            let name = executor.as_str();
            let message = if empty {
                format!("empty `[runners.{key}]` left in a runner with executor \"{name}\"")
            } else {
                format!("`[runners.{key}]` is ignored: this runner's executor is \"{name}\"")
            };
            let help = if empty {
                format!("remove the empty `[runners.{key}]` section")
            } else {
                format!(
                    "remove `[runners.{key}]`, or set `executor` to the one these settings \
                     are for"
                )
            };
            let mut finding = Diagnostic::new(&UNUSED_EXECUTOR_SECTION, message)
                .at_opt(locate(spans, &path))
                .key(&path)
                .help(help);
            if let Some(span) = spans.value_span(&format!("runners[{i}].executor")) {
                finding = finding.label(span, "the executor in use");
            }
            out.push(finding);
        }
    }
}
