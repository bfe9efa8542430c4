//! What each executor needs before it can take or run a job: its own
//! section, and the settings in it that have no default.
//!
//! Without them an entry never takes a job (`docker+machine`,
//! `docker-autoscaler` and `instance` fail in their provider's `Acquire`
//! on every poll) or every job fails in the executor's `Prepare`. The
//! Docker executors' `[runners.docker]` is checked with the loader's
//! executor checks.

use crate::load::Loaded;
use crate::model::{Config, Executor, Runner};
use crate::{Diagnostic, Rule, Severity};

use super::locate;

/// The section an executor cannot work without.
pub(crate) static MISSING_EXECUTOR_SECTION: Rule = Rule {
    code: "missing-executor-section",
    severity: Severity::Error,
    summary: "the executor's own section is missing",
    explanation: "Several executors read everything they need from their own section and \
                  refuse to work without it: `custom` needs `[runners.custom]` (`custom \
                  executor not configured`), `ssh` needs `[runners.ssh]` (`missing SSH \
                  configuration`), `virtualbox` and `parallels` need their section (`missing \
                  VirtualBox configuration`, `missing Parallels configuration`) and \
                  `[runners.ssh]` to reach the VM (`missing SSH config`, `missing SSH \
                  configuration`): every job fails. `docker+machine` needs \
                  `[runners.machine]` (`missing Machine options`) and `docker-autoscaler` \
                  and `instance` need `[runners.autoscaler]` (`executor requires autoscaler \
                  config`): their provider fails on every poll, so the entry never takes a \
                  job.",
    bad: "[[runners]]\nexecutor = \"ssh\"\n",
    good: "[[runners]]\nexecutor = \"ssh\"\n[runners.ssh]\nhost = \"build.example.com\"\n\
           user = \"ci\"\nidentity_file = \"/home/ci/.ssh/id_ed25519\"\n",
};

/// A setting the executor needs and has no default for.
pub(crate) static MISSING_EXECUTOR_SETTING: Rule = Rule {
    code: "missing-executor-setting",
    severity: Severity::Error,
    summary: "a setting the executor cannot work without is empty",
    explanation: "Some executor settings have no default: the `custom` executor needs \
                  `run_exec` (`custom executor is missing RunExec`) and, unless `config_exec` \
                  provides them, `builds_dir` and `cache_dir` (`the builds_dir is not \
                  configured`, `the cache_dir is not configured`); `virtualbox` and \
                  `parallels` need `base_name` (`missing BaseName setting from … \
                  configuration`); nested VM isolation (`[runners.autoscaler.vm_isolation]`) \
                  on `docker-autoscaler` needs an `image` (`no nesting VM image specified to \
                  run the job in`). Without them every job fails. \
                  `docker+machine` needs `MachineName`: without it the provider refuses every \
                  poll with `missing Machine options`, and the entry never takes a job.",
    bad: "[[runners]]\nexecutor = \"custom\"\n[runners.custom]\nprepare_exec = \"/opt/ci/prepare\"\n",
    good: "[[runners]]\nexecutor = \"custom\"\nbuilds_dir = \"/builds\"\ncache_dir = \"/cache\"\n\
           [runners.custom]\nrun_exec = \"/opt/ci/run\"\n",
};

/// Runs the executor-section rules.
pub fn run(loaded: &Loaded<Config>, out: &mut Vec<Diagnostic>) {
    let spans = loaded.spans();
    for (i, runner) in loaded.best_effort().runners.iter().enumerate() {
        let Some(executor) = runner.executor else {
            continue;
        };
        let base = format!("runners[{i}]");
        let at = |key: &str| {
            let path = format!("{base}.{key}");
            let span = spans
                .value_span(&path)
                .or_else(|| spans.key_span(&path))
                .or_else(|| spans.value_span(&format!("{base}.executor")))
                .or_else(|| locate(spans, &path));
            (path, span)
        };
        let mut push = |rule: &'static Rule, key: &str, message: String, help: &str| {
            let (path, span) = at(key);
            out.push(
                Diagnostic::new(rule, message)
                    .at_opt(span)
                    .key(path)
                    .help(help),
            );
        };
        for (section, error, help) in missing_sections(runner, executor) {
            push(
                &MISSING_EXECUTOR_SECTION,
                section,
                format!("{}: `{error}`", consequence(executor)),
                help,
            );
        }
        for (key, error, help) in missing_settings(runner, executor) {
            push(
                &MISSING_EXECUTOR_SETTING,
                key,
                format!("{}: `{error}`", consequence(executor)),
                help,
            );
        }
    }
}

/// What happens to the entry when its executor lacks something.
fn consequence(executor: Executor) -> &'static str {
    match executor {
        Executor::DockerMachine | Executor::DockerAutoscaler | Executor::Instance => {
            "the runner never takes a job"
        }
        _ => "every job fails",
    }
}

type Finding = (&'static str, &'static str, &'static str);

/// Sections the executor needs that are absent: key, the runner's error,
/// help.
fn missing_sections(runner: &Runner, executor: Executor) -> Vec<Finding> {
    let mut found = Vec::new();
    match executor {
        Executor::Custom if runner.custom.is_none() => found.push((
            "custom",
            "custom executor not configured",
            "add `[runners.custom]` with at least `run_exec`",
        )),
        Executor::Ssh if runner.ssh.is_none() => found.push((
            "ssh",
            "missing SSH configuration",
            "add `[runners.ssh]` with the host, user and credentials to connect with",
        )),
        Executor::Virtualbox | Executor::Parallels => {
            let (present, error, help) = if executor == Executor::Virtualbox {
                (
                    runner.virtualbox.is_some(),
                    "missing VirtualBox configuration",
                    "add `[runners.virtualbox]` with at least `base_name`",
                )
            } else {
                (
                    runner.parallels.is_some(),
                    "missing Parallels configuration",
                    "add `[runners.parallels]` with at least `base_name`",
                )
            };
            if !present {
                found.push((executor.as_str(), error, help));
            }
            if runner.ssh.is_none() {
                let error = if executor == Executor::Virtualbox {
                    "missing SSH config"
                } else {
                    "missing SSH configuration"
                };
                found.push((
                    "ssh",
                    error,
                    "add `[runners.ssh]` with the user and credentials to log in to the VM with",
                ));
            }
        }
        Executor::DockerMachine if runner.machine.is_none() => found.push((
            "machine",
            "missing Machine options",
            "add `[runners.machine]` with at least `MachineName` (with `%s`) and \
             `MachineDriver`",
        )),
        Executor::DockerAutoscaler | Executor::Instance if runner.autoscaler.is_none() => found
            .push((
                "autoscaler",
                "executor requires autoscaler config",
                "add `[runners.autoscaler]` with the fleeting `plugin` and its settings",
            )),
        _ => {}
    }
    found
}

/// Settings in a present section that the executor needs: key (relative
/// to the runner), the runner's error, help.
fn missing_settings(runner: &Runner, executor: Executor) -> Vec<Finding> {
    let empty = |v: &Option<String>| v.as_deref().is_none_or(str::is_empty);
    let mut found = Vec::new();
    let custom = runner
        .custom
        .as_ref()
        .filter(|_| executor == Executor::Custom);
    if custom.is_some_and(|c| empty(&c.run_exec)) {
        found.push((
            "custom.run_exec",
            "custom executor is missing RunExec",
            "set `run_exec` to the program that runs each job script",
        ));
    }
    // `config_exec` may return the directories at run time.
    let dynamic = custom.is_some_and(|c| !empty(&c.config_exec));
    if executor == Executor::Custom && !dynamic {
        if empty(&runner.builds_dir) {
            found.push((
                "builds_dir",
                "the builds_dir is not configured",
                "the custom executor has no default: set `builds_dir` (or return it from \
                 `config_exec`)",
            ));
        }
        if empty(&runner.cache_dir) {
            found.push((
                "cache_dir",
                "the cache_dir is not configured",
                "the custom executor has no default: set `cache_dir` (or return it from \
                 `config_exec`)",
            ));
        }
    }
    let vm_base_name = match executor {
        Executor::Virtualbox => runner.virtualbox.as_ref().map(|v| {
            (
                &v.base_name,
                "virtualbox.base_name",
                "missing BaseName setting from VirtualBox configuration",
            )
        }),
        Executor::Parallels => runner.parallels.as_ref().map(|v| {
            (
                &v.base_name,
                "parallels.base_name",
                "missing BaseName setting from Parallels configuration",
            )
        }),
        _ => None,
    };
    if let Some((base_name, key, error)) = vm_base_name
        && empty(base_name)
    {
        found.push((key, error, "set `base_name` to the VM to clone for jobs"));
    }
    let machine = runner
        .machine
        .as_ref()
        .filter(|_| executor == Executor::DockerMachine);
    if machine.is_some_and(|m| empty(&m.machine_name)) {
        found.push((
            "machine.MachineName",
            "missing Machine options",
            "set `MachineName` to a name pattern with `%s`, e.g. \"ci-%s\"",
        ));
    }
    // On `instance` the job's own `image:` names the VM, so only jobs
    // without one fail; like a missing default `image` on Docker, that is
    // left to advice.
    let isolation = runner
        .autoscaler
        .as_ref()
        .and_then(|a| a.vm_isolation.as_ref())
        .filter(|_| executor == Executor::DockerAutoscaler);
    if isolation.is_some_and(|v| v.enabled == Some(true) && empty(&v.image)) {
        found.push((
            "autoscaler.vm_isolation.image",
            "no nesting VM image specified to run the job in",
            "set `image` in `[runners.autoscaler.vm_isolation]` to the VM image jobs run in",
        ));
    }
    found
}
