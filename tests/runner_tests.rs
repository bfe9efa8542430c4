//! GitLab Runner's own test configs as a suite: every file of
//! `../shared/reference/runner-tests/` (taken from the runner's tests at
//! commit `d79f3e7b`) must get the exit code its `manifest.json` gives:
//! `0` when the runner loads the file and runs jobs, `1` when it refuses
//! the file, will not start, never polls an entry or fails every job.
//!
//! Each file is a named test. Without `../shared` the suite is one
//! ignored test that says why. Where the runner's source contradicts the
//! manifest, `SOURCE_OVERRIDES` says so and cites the source.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use libtest_mimic::{Arguments, Failed, Trial};
use runner_config::Severity;
use runner_config::check::check;
use serde::Deserialize;

mod support;

/// Files whose manifest exit the runner's source contradicts: the runner's
/// test only parses them, and the parts the suite added to make them whole
/// configs (`url`, `token`, `executor`) leave an entry that cannot run.
/// Each is checked to give the exit the source says, with the reason.
const SOURCE_OVERRIDES: &[(&str, u8, &str)] = &[
    (
        "mo_valid.toml",
        1,
        "`docker+machine` without `MachineName`: `machineProvider.Acquire` \
         (executors/docker/machine/provider.go) returns `missing Machine options` before every \
         job request, and `processRunner` (commands/multi.go) gives up: the entry never takes \
         a job",
    ),
    (
        "tcp_01.toml",
        1,
        "services with an alias and no `name`: `createFromServiceDefinition` \
         (executors/docker/services.go) calls `createService` with an empty service name, \
         which fails every job with `invalid service image name:` (executors/docker/docker.go)",
    ),
];

/// One entry of `manifest.json`.
#[derive(Debug, Deserialize)]
struct Case {
    /// The config's file name, beside the manifest.
    file: String,
    /// The exit code `runner-config check` must give.
    exit: u8,
    /// The runner's test the file comes from, and what it asserts.
    from: String,
}

fn main() -> ExitCode {
    let args = Arguments::from_args();
    const SUITE: &str = "reference/runner-tests";
    let dir: PathBuf = match support::shared(SUITE) {
        Some(dir) if !support::skip_without(SUITE, "GitLab Runner's own test configs") => dir,
        _ => {
            let trial = Trial::test("runner-tests (skipped: ../shared absent)", || Ok(()))
                .with_ignored_flag(true);
            return libtest_mimic::run(&args, vec![trial]).exit_code();
        }
    };
    let manifest = dir.join("manifest.json");
    let cases = match load(&manifest) {
        Ok(cases) => cases,
        Err(message) => {
            // An unreadable manifest is a failure, never an empty run.
            let trial = Trial::test("load-manifest", move || Err(message.into()));
            return libtest_mimic::run(&args, vec![trial]).exit_code();
        }
    };
    let trials = cases
        .into_iter()
        .map(|case| {
            let dir = dir.clone();
            Trial::test(case.file.clone(), move || run(&dir, &case))
        })
        .collect();
    libtest_mimic::run(&args, trials).exit_code()
}

fn load(manifest: &Path) -> Result<Vec<Case>, String> {
    let text = fs::read_to_string(manifest)
        .map_err(|e| format!("cannot read {}: {e}", manifest.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", manifest.display()))
}

fn run(dir: &Path, case: &Case) -> Result<(), Failed> {
    let path = dir.join(&case.file);
    let text =
        fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let report = check(&case.file, &text);
    let errors: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .map(|d| {
            format!(
                "{} at {}: {}",
                d.code(),
                d.key_path().unwrap_or("-"),
                d.message()
            )
        })
        .collect();
    let exit = u8::from(!errors.is_empty());
    let (expected, why) = SOURCE_OVERRIDES
        .iter()
        .find(|(file, _, _)| *file == case.file)
        .map_or((case.exit, case.from.as_str()), |(_, exit, why)| {
            (*exit, *why)
        });
    if exit == expected {
        return Ok(());
    }
    let found = if errors.is_empty() {
        "no error".to_owned()
    } else {
        errors.join("\n  ")
    };
    Err(format!(
        "{}: expected exit {expected}, got {exit} ({why})\n  {found}",
        case.file
    )
    .into())
}
