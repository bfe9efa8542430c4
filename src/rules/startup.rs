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
                  (`RunCommand.updateWorkers`). Without the key the runner uses 1.",
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
                  polling issues detected` (`RunCommand.checkConfigConcurrency`) when \
                  `concurrent` is less than the number of `[[runners]]` entries (one entry's \
                  long poll can hold the only worker), when an entry's \
                  `request_concurrency` is 1 (the default), or when an entry has a `limit` of \
                  1 or 2 with `request_concurrency` 1. With GitLab's long polling, jobs can \
                  then wait as long as the poll timeout before a runner asks for them. Jobs \
                  still run; raise `concurrent` above the number of entries and set \
                  `request_concurrency` to 2-4.",
    bad: "concurrent = 1\n[[runners]]\nname = \"a\"\nexecutor = \"shell\"\n\
          request_concurrency = 2\n[[runners]]\nname = \"b\"\nexecutor = \"shell\"\n\
          request_concurrency = 2\n",
    good: "concurrent = 3\n[[runners]]\nname = \"a\"\nexecutor = \"shell\"\n\
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
                  authentication errors while it is there (`RunnerConfig.WarnOnLegacyCIURL`).",
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

/// `[session_server] listen_address` that Go cannot split into host and
/// port.
pub(crate) static INVALID_SESSION_SERVER_ADDRESS: Rule = Rule {
    code: "invalid-session-server-address",
    severity: Severity::Error,
    stage: Stage::StartUp,
    summary: "`[session_server]` has an address the session server cannot use",
    explanation: "`gitlab-runner run` starts the session server (for interactive web \
                  terminals) at start-up and exits when it cannot (`Failed to create \
                  session server`, `session.NewServer`): `listen_address` must be \
                  `host:port`, such as `[::]:8093` or `0.0.0.0:8093` (`0.0.0.0` alone fails \
                  with `missing port in address`, or `no valid address provided` when no \
                  `advertise_address` gives a host), and `advertise_address` must not start \
                  with `http://` or `https://` (`url not valid, scheme defined`). The global \
                  `listen_address` is different: without a port it gets 9252.",
    bad: "[session_server]\nlisten_address = \"0.0.0.0\"\n[[runners]]\nexecutor = \"shell\"\n",
    good: "[session_server]\nlisten_address = \"0.0.0.0:8093\"\n[[runners]]\n\
           executor = \"shell\"\n",
};

/// Go's `net.SplitHostPort` error for `address`, if any.
fn split_host_port_error(address: &str) -> Option<&'static str> {
    const MISSING_PORT: &str = "missing port in address";
    const TOO_MANY_COLONS: &str = "too many colons in address";
    let last = address.rfind(':')?;
    let (mut j, mut k) = (0, 0);
    if address.starts_with('[') {
        let Some(end) = address.find(']') else {
            return Some("missing ']' in address");
        };
        if end + 1 == address.len() {
            return Some(MISSING_PORT);
        }
        if end + 1 != last {
            return Some(if address.as_bytes()[end + 1] == b':' {
                TOO_MANY_COLONS
            } else {
                MISSING_PORT
            });
        }
        (j, k) = (1, end + 1);
    } else if address[..last].contains(':') {
        return Some(TOO_MANY_COLONS);
    }
    if address[j..].contains('[') {
        return Some("unexpected '[' in address");
    }
    if address[k..].contains(']') {
        return Some("unexpected ']' in address");
    }
    None
}

/// The `net.SplitHostPort` error, with "no colon at all" as a missing port.
fn host_port_error(address: &str) -> Option<&'static str> {
    if !address.contains(':') {
        return Some("missing port in address");
    }
    split_host_port_error(address)
}

/// Runs the start-up rules. A registration template's global keys are
/// ignored, so only its runner entry is looked at.
pub fn run(loaded: &Loaded<Config>, mode: Mode, out: &mut Vec<Diagnostic>) {
    let spans = loaded.spans();
    let config = loaded.best_effort();
    if mode == Mode::Config {
        if let Some(concurrent) = config.concurrent.filter(|&c| c < 1) {
            out.push(
                Diagnostic::new(
                    &CONCURRENT_BELOW_ONE,
                    format!(
                        "`concurrent = {concurrent}`: `gitlab-runner run` exits with \
                         `Current configuration 'concurrent = {concurrent}' means that no jobs \
                         will be processed`"
                    ),
                )
                .at_opt(locate(spans, "concurrent"))
                .key("concurrent")
                .help("set `concurrent` to at least 1, or remove it (the default is 1)"),
            );
        } else if !config.runners.is_empty() {
            long_polling(loaded, out);
        }
        session_server(loaded, out);
    }
    for (i, runner) in config.runners.iter().enumerate() {
        // In a template, registration's `url` replaces the template's.
        if mode == Mode::Config
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
        if suspendable && runner.id.is_none_or(|id| id <= 0) {
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

/// `session.NewServer`: a listen address without `host:port`, an advertise
/// address with a scheme. An empty `listen_address` disables the server.
fn session_server(loaded: &Loaded<Config>, out: &mut Vec<Diagnostic>) {
    let spans = loaded.spans();
    let Some(session) = loaded.best_effort().session_server.as_ref() else {
        return;
    };
    let Some(listen) = session.listen_address.as_deref().filter(|a| !a.is_empty()) else {
        return;
    };
    let mut report = |key: &str, message: String, help: &str| {
        let path = format!("session_server.{key}");
        out.push(
            Diagnostic::new(&INVALID_SESSION_SERVER_ADDRESS, message)
                .at_opt(locate(spans, &path))
                .key(path)
                .help(help),
        );
    };
    if let Some(error) = host_port_error(listen) {
        let shown = crate::diagnostic::shorten(listen, 200);
        report(
            "listen_address",
            format!(
                "`listen_address` {shown:?} is not `host:port` ({error}): `gitlab-runner run` \
                 exits with `Failed to create session server`"
            ),
            "write `host:port`, such as \"[::]:8093\" or \"0.0.0.0:8093\"",
        );
    }
    let advertise = session.advertise_address.as_deref().unwrap_or_default();
    if advertise.starts_with("https://") || advertise.starts_with("http://") {
        report(
            "advertise_address",
            "`advertise_address` has a scheme: `gitlab-runner run` exits with `Failed to create \
             session server` (`url not valid, scheme defined`)"
                .to_owned(),
            "write the address without `https://`, such as \"runner.example.com:8093\"",
        );
    }
}

/// `checkConfigConcurrency`: one finding listing what the runner will
/// print, in its words.
fn long_polling(loaded: &Loaded<Config>, out: &mut Vec<Diagnostic>) {
    let config = loaded.best_effort();
    let spans = loaded.spans();
    // Unset means 1 (`NewConfig`).
    let concurrent = config.concurrent.unwrap_or(1);
    let runners = config.runners.len();
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
    if usize::try_from(concurrent).is_ok_and(|c| c < runners) {
        issues.push(format!(
            "Worker starvation bottleneck: 'concurrent' setting ({concurrent}) is less than \
             number of runners ({runners})"
        ));
        solutions.push(format!("increase `concurrent` to at least {}", runners + 1));
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_and_port_as_go_splits_them() {
        for ok in [
            "0.0.0.0:8093",
            "[::]:8093",
            ":8093",
            "localhost:http",
            "[fe80::1%lo]:1",
        ] {
            assert_eq!(host_port_error(ok), None, "{ok}");
        }
        for (bad, error) in [
            ("0.0.0.0", "missing port in address"),
            ("[::]", "missing port in address"),
            ("::1:8093", "too many colons in address"),
            ("[::1]:80:80", "too many colons in address"),
            ("[::1", "missing ']' in address"),
            ("a[b:1", "unexpected '[' in address"),
            ("ab]:1", "unexpected ']' in address"),
        ] {
            assert_eq!(host_port_error(bad), Some(error), "{bad}");
        }
    }
}
