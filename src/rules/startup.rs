//! What `gitlab-runner run` checks and logs when it starts or reloads the
//! file (`commands/multi.go`): a `concurrent` that stops it, and the
//! warnings it prints about the configuration.

use crate::check::Mode;
use crate::load::Loaded;
use crate::model::{Config, FeatureFlag};
use crate::{Diagnostic, Rule, Severity, Stage};

use super::locate;

/// `concurrent` below 1.
pub(crate) static CONCURRENT_BELOW_ONE: Rule = Rule {
    code: "concurrent-below-one",
    severity: Severity::Error,
    stage: Stage::StartUp,
    summary: "`concurrent` is less than 1: `gitlab-runner run` exits",
    explanation: "`concurrent` is the number of jobs the whole process may run at once. \
                  When it is less than 1, `gitlab-runner run` stops at start-up (and at the \
                  next reload after the file is changed) with `Current configuration \
                  'concurrent = 0' means that no jobs will be processed` \
                  (`RunCommand.updateWorkers`, from 17.11; earlier runners start no worker and \
                  process no job without a word). Without the key the runner uses 1.",
    bad: "concurrent = 0\n[[runners]]\nexecutor = \"shell\"\n",
    good: "concurrent = 4\n[[runners]]\nexecutor = \"shell\"\n",
};

/// The runner's "Long polling issues detected" warning.
pub(crate) static LONG_POLLING_BOTTLENECK: Rule = Rule {
    code: "long-polling-bottleneck",
    severity: Severity::Info,
    stage: Stage::StartUp,
    summary: "the runner will warn about long-polling bottlenecks at every start",
    explanation: "At every start and reload GitLab Runner prints `CONFIGURATION: Long \
                  polling issues detected` (`RunCommand.checkConfigConcurrency`) when an \
                  entry's `request_concurrency` is 1 (the default), or when an entry has a \
                  `limit` of 1 or 2 with `request_concurrency` 1. With GitLab's long \
                  polling, jobs can then wait as long as the poll timeout before a runner \
                  asks for them. Jobs still run; set `request_concurrency` to 2-4. (The same \
                  message's worker-starvation line, `concurrent` below the number of \
                  entries, is `concurrent-below-runners`.) Runners before 18.4 print \
                  nothing, and are not told about it.",
    bad: "concurrent = 4\n[[runners]]\nname = \"a\"\nexecutor = \"shell\"\n\
          [[runners]]\nname = \"b\"\nexecutor = \"shell\"\nrequest_concurrency = 2\n",
    good: "concurrent = 4\n[[runners]]\nname = \"a\"\nexecutor = \"shell\"\n\
           request_concurrency = 2\n[[runners]]\nname = \"b\"\nexecutor = \"shell\"\n\
           request_concurrency = 2\n",
};

/// A `url` ending in `/ci`.
pub(crate) static LEGACY_CI_URL_SUFFIX: Rule = Rule {
    code: "legacy-ci-url-suffix",
    severity: Severity::Warning,
    stage: Stage::StartUp,
    summary: "`url` ends in the legacy `/ci` suffix",
    explanation: "Old registrations wrote GitLab's address with a `/ci` suffix. The runner \
                  strips it for its API requests, but warns at every start that the suffix \
                  is deprecated and that Git submodules may fail to clone with \
                  authentication errors while it is there (`RunnerConfig.WarnOnLegacyCIURL`, \
                  from 18.7; earlier runners strip it without a word, and are not told \
                  about it).",
    bad: "[[runners]]\nurl = \"https://gitlab.example.com/ci\"\nexecutor = \"shell\"\n",
    good: "[[runners]]\nurl = \"https://gitlab.example.com\"\nexecutor = \"shell\"\n",
};

/// `FF_SUSPENDABLE_ENVIRONMENTS` on an entry without `id`.
pub(crate) static SUSPENDABLE_ENVIRONMENTS_WITHOUT_ID: Rule = Rule {
    code: "suspendable-environments-without-id",
    severity: Severity::Warning,
    stage: Stage::StartUp,
    summary: "`FF_SUSPENDABLE_ENVIRONMENTS` on an entry without its `id`",
    explanation: "Suspending and resuming a job's environment needs the runner's `id`, which \
                  `gitlab-runner register` writes into the entry. Without it the runner warns \
                  at every start that suspend/resume jobs routed to this runner will fail \
                  when resumed (`RunCommand.reloadConfig`). Add the `id` GitLab shows on the \
                  runner's page, or register the runner again.",
    bad: "[[runners]]\nexecutor = \"docker\"\n[runners.feature_flags]\n\
          FF_SUSPENDABLE_ENVIRONMENTS = true\n",
    good: "[[runners]]\nid = 42\nexecutor = \"docker\"\n[runners.feature_flags]\n\
           FF_SUSPENDABLE_ENVIRONMENTS = true\n",
};

/// `OffPeak*` in `[runners.machine]`.
pub(crate) static MACHINE_OFF_PEAK_REMOVED: Rule = Rule {
    code: "machine-off-peak-removed",
    severity: Severity::Warning,
    stage: Stage::Load,
    summary: "`OffPeak*` settings of `[runners.machine]` no longer do anything",
    explanation: "The off-peak mode of the `docker+machine` executor was removed in GitLab \
                  Runner 14.0. The keys still load, but nothing reads them, and the runner \
                  logs `OffPeak docker machine configuration is deprecated and has been \
                  removed since 14.0` when `OffPeakPeriods` is set \
                  (`DockerMachine.logDeprecationWarning`). Write the schedule as \
                  `[[runners.machine.autoscaling]]` entries instead.",
    bad: "[[runners]]\nexecutor = \"docker+machine\"\n[runners.machine]\n\
          MachineName = \"ci-%s\"\nOffPeakPeriods = [\"* * 0-8,18-23 * * mon-fri *\"]\n",
    good: "[[runners]]\nexecutor = \"docker+machine\"\n[runners.machine]\n\
           MachineName = \"ci-%s\"\n[[runners.machine.autoscaling]]\n\
           Periods = [\"* * 0-8,18-23 * * mon-fri *\"]\nIdleCount = 0\n",
};

/// Runs the start-up rules. A registration template's global keys are
/// ignored, so only its runner entry is looked at.
pub fn run(loaded: &Loaded<Config>, mode: Mode, out: &mut Vec<Diagnostic>) {
    let spans = loaded.spans();
    let config = loaded.best_effort();
    if mode == Mode::Config {
        if let Some(concurrent) = config.concurrent.filter(|&c| c < 1) {
            // `updateWorkers` exits from 17.11; before, it starts no worker.
            let message = if loaded.runner_version().at_least(17, 11) {
                format!(
                    "`concurrent = {concurrent}`: `gitlab-runner run` exits with `Current \
                     configuration 'concurrent = {concurrent}' means that no jobs will be \
                     processed`"
                )
            } else {
                format!(
                    "`concurrent = {concurrent}`: `gitlab-runner run` starts no worker, so no \
                     job is ever processed"
                )
            };
            out.push(
                Diagnostic::new(&CONCURRENT_BELOW_ONE, message)
                    .at_opt(locate(spans, "concurrent"))
                    .key("concurrent")
                    .help("set `concurrent` to at least 1, or remove it (the default is 1)"),
            );
        } else if !config.runners.is_empty() && loaded.runner_version().at_least(18, 4) {
            // `checkConfigConcurrency` arrived in 18.4: older runners print
            // nothing.
            long_polling(loaded, out);
        }
    }
    for (i, runner) in config.runners.iter().enumerate() {
        // In a template, registration's `url` replaces the template's.
        // Before 18.7 the runner drops the suffix without a word
        // (`network/client.go`).
        if mode == Mode::Config
            && loaded.runner_version().at_least(18, 7)
            && let Some(url) = runner.url.as_deref()
            && url.trim_end_matches('/').ends_with("/ci")
        {
            let path = format!("runners[{i}].url");
            out.push(
                Diagnostic::new(
                    &LEGACY_CI_URL_SUFFIX,
                    "`url` ends in `/ci`: the runner warns at every start that the suffix is \
                     deprecated and that Git submodules may fail to clone",
                )
                .at_opt(locate(spans, &path))
                .key(path)
                .help("remove the `/ci` suffix from `url`"),
            );
        }
        let suspendable = runner
            .feature_flags
            .get(FeatureFlag::SuspendableEnvironments.as_str())
            .copied()
            .unwrap_or(FeatureFlag::SuspendableEnvironments.default());
        if suspendable
            && loaded
                .runner_version()
                .knows_feature_flag(FeatureFlag::SuspendableEnvironments.as_str())
            && runner.id.is_none_or(|id| id <= 0)
        {
            let path = format!(
                "runners[{i}].feature_flags.{}",
                FeatureFlag::SuspendableEnvironments.as_str()
            );
            out.push(
                Diagnostic::new(
                    &SUSPENDABLE_ENVIRONMENTS_WITHOUT_ID,
                    "`FF_SUSPENDABLE_ENVIRONMENTS` is on but the entry has no `id`: \
                     suspend/resume jobs routed to this runner will fail when resumed",
                )
                .at_opt(locate(spans, &path))
                .key(path)
                .help(
                    "add the `id` GitLab shows on the runner's page to this `[[runners]]` \
                     entry, or register the runner again",
                ),
            );
        }
        if let Some(machine) = runner.machine.as_ref() {
            let keys = [
                ("OffPeakPeriods", machine.off_peak_periods.is_some()),
                ("OffPeakTimezone", machine.off_peak_timezone.is_some()),
                ("OffPeakIdleCount", machine.off_peak_idle_count.is_some()),
                ("OffPeakIdleTime", machine.off_peak_idle_time.is_some()),
            ];
            for (key, _) in keys.iter().filter(|(_, set)| *set) {
                let path = format!("runners[{i}].machine.{key}");
                out.push(
                    Diagnostic::new(
                        &MACHINE_OFF_PEAK_REMOVED,
                        format!("`{key}` does nothing: the off-peak mode was removed in 14.0"),
                    )
                    .at_opt(locate(spans, &path))
                    .key(path)
                    .help(
                        "write the schedule as `[[runners.machine.autoscaling]]` entries \
                         (`Periods`, `IdleCount`, `IdleTime`) and remove the `OffPeak*` keys",
                    ),
                );
            }
        }
    }
}

/// `checkConfigConcurrency`: one finding listing what the runner will
/// print, in its words.
fn long_polling(loaded: &Loaded<Config>, out: &mut Vec<Diagnostic>) {
    let config = loaded.best_effort();
    let spans = loaded.spans();
    let request_concurrency = |r: &crate::model::Runner| r.request_concurrency.unwrap_or(0).max(1);
    let low = config
        .runners
        .iter()
        .filter(|r| request_concurrency(r) == 1)
        .count();
    let restrictive = config
        .runners
        .iter()
        .filter(|r| r.limit.is_some_and(|l| l > 0 && l <= 2) && request_concurrency(r) == 1)
        .count();
    let mut issues = Vec::new();
    let mut solutions = Vec::new();
    // `concurrent` below the number of entries, the first line of the
    // same message, is `concurrent-below-runners`.
    if low > 0 {
        issues.push(format!(
            "Request bottleneck: {low} runners have request_concurrency=1, causing job delays \
             during long polling"
        ));
        solutions.push(format!(
            "set `request_concurrency` to 2-4 in the {low} entries that leave it at 1"
        ));
    }
    if restrictive > 0 {
        issues.push(format!(
            "Build limit bottleneck: {restrictive} runners have low 'limit' settings (≤2) \
             with request_concurrency=1"
        ));
        solutions.push(format!(
            "in the {restrictive} entries with a low `limit`, raise `limit` to 5 or more or \
             `request_concurrency` to 2 or more"
        ));
    }
    if issues.is_empty() {
        return;
    }
    let (path, at) = if spans.contains("concurrent") {
        ("concurrent".to_owned(), locate(spans, "concurrent"))
    } else {
        ("runners[0]".to_owned(), locate(spans, "runners[0]"))
    };
    out.push(
        Diagnostic::new(
            &LONG_POLLING_BOTTLENECK,
            format!(
                "the runner prints `CONFIGURATION: Long polling issues detected` at every \
                 start: {}",
                issues.join("; ")
            ),
        )
        .at_opt(at)
        .key(path)
        .help(solutions.join("; ")),
    );
}
