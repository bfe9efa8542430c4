//! `runner-config check`: check files and write a report.

use std::path::{Path, PathBuf};

use clap::{ArgMatches, CommandFactory};
use runner_config::Rule;
use runner_config::check::{CheckOptions, Mode, check_with};
use runner_config::helm;
use runner_config::report::{
    self, FileOutcome, Level, Overrides, Summary, Unoverridable, Unreadable,
};
use runner_config::rules::file_mode::Origin;

use super::output::{self, Format};
use super::runner_version::RunnerVersionArg;
use super::{Status, input};

/// Name of standard input in reports.
const STDIN_NAME: &str = "<stdin>";

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Files to check; `-` reads standard input. A `.yaml` or `.yml` file
    /// is a GitLab Runner Helm chart's values file: its `runners.config` is
    /// checked as a registration template. Without any, the file GitLab
    /// Runner itself loads: /etc/gitlab-runner/config.toml for root,
    /// ~/.gitlab-runner/config.toml for other users.
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,

    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// Write the --format report into this file, and the human report to
    /// standard output.
    #[arg(long, value_name = "PATH")]
    output_file: Option<PathBuf>,

    /// The name of the file read from standard input (`-`), for reports
    /// and to tell a Helm values file (`.yaml`, `.yml`) from a config.toml.
    /// Without FILE arguments, standard input is read.
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<String>,

    /// Fail (exit status 1) on warnings too.
    #[arg(long)]
    deny_warnings: bool,

    /// Check registration templates (`gitlab-runner register
    /// --template-config`, a Helm chart's `runners.config`) instead of
    /// config.toml files: one `[[runners]]` entry, which registration
    /// completes with the URL, token, executor and its section. A file
    /// named `*.template.toml` is a template without it.
    #[arg(long)]
    template: bool,

    #[command(flatten)]
    runner_version: RunnerVersionArg,

    /// Drop this rule's findings. Repeatable; when a rule is named by
    /// several of --allow, --warn and --deny, the last one wins.
    #[arg(long, value_name = "CODE", value_parser = report::lookup_rule)]
    allow: Vec<&'static Rule>,

    /// Report this rule's findings as warnings. Repeatable.
    #[arg(long, value_name = "CODE", value_parser = report::lookup_rule)]
    warn: Vec<&'static Rule>,

    /// Report this rule's findings as errors. Repeatable.
    #[arg(long, value_name = "CODE", value_parser = report::lookup_rule)]
    deny: Vec<&'static Rule>,
}

/// One thing to check.
enum Input {
    Stdin,
    File(PathBuf),
}

pub(super) fn run(args: &Args, matches: &ArgMatches) -> Status {
    let overrides = match overrides(args, matches) {
        Ok(overrides) => overrides,
        Err(refused) => {
            eprintln!("error: {refused}");
            return Status::CouldNotRun;
        }
    };
    let inputs = inputs(args);
    let mut noted = Vec::new();
    let outcomes: Vec<FileOutcome> = inputs
        .iter()
        .map(|input| check_input(input, args, &overrides, &mut noted))
        .collect();
    let status = status(&Summary::of(&outcomes), args.deny_warnings);
    output::write(&outcomes, args.format, args.output_file.as_deref(), status)
}

fn status(summary: &Summary, deny_warnings: bool) -> Status {
    if summary.unreadable > 0 {
        Status::CouldNotRun
    } else if summary.errors > 0 || (deny_warnings && summary.warnings > 0) {
        Status::Findings
    } else {
        Status::Clean
    }
}

/// The overrides in command-line order, so that the last flag naming a rule
/// decides its level; refused when one would hide a finding that stops the
/// runner from loading the file.
fn overrides(args: &Args, matches: &ArgMatches) -> Result<Overrides, Unoverridable> {
    let mut given: Vec<(usize, &'static Rule, Level)> = Vec::new();
    for (id, rules, level) in [
        ("allow", &args.allow, Level::Allow),
        ("warn", &args.warn, Level::Warn),
        ("deny", &args.deny, Level::Deny),
    ] {
        let indices = matches.indices_of(id).into_iter().flatten();
        given.extend(
            indices
                .zip(rules)
                .map(|(index, rule)| (index, *rule, level)),
        );
    }
    given.sort_by_key(|(index, _, _)| *index);
    let mut overrides = Overrides::default();
    for (_, rule, level) in given {
        overrides.set(rule, level)?;
    }
    Ok(overrides)
}

/// The inputs to check: the files given, or the runner's default file.
fn inputs(args: &Args) -> Vec<Input> {
    if args.files.is_empty() && args.stdin_filename.is_some() {
        return vec![Input::Stdin];
    }
    if args.files.is_empty() {
        let path = input::default_config();
        if args.format == Format::Human {
            eprintln!(
                "note: checking {} (GitLab Runner's default for this user)",
                path.display()
            );
        }
        return vec![Input::File(path)];
    }
    let stdin = Path::new("-");
    if args.files.iter().filter(|path| *path == stdin).count() > 1 {
        let mut command = super::Cli::command();
        command.build();
        let message = "`-` (standard input) can be checked only once";
        match command.find_subcommand_mut("check") {
            Some(check) => check
                .error(clap::error::ErrorKind::ArgumentConflict, message)
                .exit(),
            None => command
                .error(clap::error::ErrorKind::ArgumentConflict, message)
                .exit(),
        }
    }
    args.files
        .iter()
        .map(|path| {
            if path == stdin {
                Input::Stdin
            } else {
                Input::File(path.clone())
            }
        })
        .collect()
}

/// Reads and checks one input. Read errors are said on standard error at
/// once, whatever the format, and the file is kept in the report.
///
/// A release named by a `.runner-config.toml` is said once per settings
/// file on standard error (human format): nothing on the command line shows
/// it.
fn check_input(
    input: &Input,
    args: &Args,
    overrides: &Overrides,
    noted: &mut Vec<PathBuf>,
) -> FileOutcome {
    let stdin_name = args.stdin_filename.as_deref().unwrap_or(STDIN_NAME);
    let path = match input {
        Input::Stdin => None,
        Input::File(path) => Some(path.as_path()),
    };
    let version = match args.runner_version.choose(path) {
        Ok(chosen) => {
            if let Some(settings) = chosen.settings
                && args.format == Format::Human
                && !noted.contains(&settings)
            {
                eprintln!(
                    "note: checking for GitLab Runner {} (`runner-version` in {})",
                    chosen.version,
                    settings.display()
                );
                noted.push(settings);
            }
            chosen.version
        }
        Err(error) => {
            eprintln!("error: {error}");
            return FileOutcome::Unreadable(Unreadable {
                path: path.map_or_else(|| stdin_name.to_owned(), |p| p.display().to_string()),
                error,
            });
        }
    };
    let (name, read) = match input {
        Input::Stdin => (
            stdin_name.to_owned(),
            input::read_stdin().map(|text| (text, Origin::Text)),
        ),
        Input::File(path) => (
            path.display().to_string(),
            input::read_file(path).map(|file| (file.text, file.origin)),
        ),
    };
    match read {
        Ok((text, origin)) => {
            let mut options =
                CheckOptions::new(if args.template || input::is_template_name(&name) {
                    Mode::Template
                } else {
                    Mode::Config
                });
            options.origin = origin;
            options.runner_version = version;
            let mut report = if input::is_yaml_name(&name) {
                match helm::check_values(&name, &text, &options) {
                    Ok(report) => report,
                    Err(not_values) => {
                        eprintln!("error: {name}: {not_values}");
                        return FileOutcome::Unreadable(Unreadable {
                            path: name,
                            error: not_values.to_string(),
                        });
                    }
                }
            } else {
                check_with(&name, &text, &options)
            };
            overrides.apply(&mut report);
            FileOutcome::Checked(report)
        }
        Err(error) => {
            eprintln!("error: cannot read {name}: {error}");
            FileOutcome::Unreadable(Unreadable {
                path: name,
                error: error.to_string(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(errors: usize, warnings: usize, unreadable: usize) -> Summary {
        let mut summary = Summary::default();
        summary.files = 3;
        summary.errors = errors;
        summary.warnings = warnings;
        summary.unreadable = unreadable;
        summary
    }

    #[test]
    fn exit_status_ranks_unreadable_over_findings() {
        assert_eq!(status(&summary(0, 0, 0), false), Status::Clean);
        assert_eq!(status(&summary(0, 2, 0), false), Status::Clean);
        assert_eq!(status(&summary(0, 2, 0), true), Status::Findings);
        assert_eq!(status(&summary(1, 0, 0), false), Status::Findings);
        assert_eq!(status(&summary(1, 0, 1), false), Status::CouldNotRun);
        assert_eq!(status(&summary(0, 0, 1), true), Status::CouldNotRun);
    }

    #[test]
    fn later_flags_override_earlier_ones() {
        use clap::{CommandFactory, FromArgMatches};
        let matches = super::super::Cli::command().get_matches_from([
            "runner-config",
            "check",
            "--deny",
            "unknown-key",
            "--allow",
            "unknown-value",
            "--warn",
            "unknown-key",
            "--deny",
            "unknown-value",
        ]);
        let cli = super::super::Cli::from_arg_matches(&matches).expect("valid arguments");
        let (super::super::Command::Check(args), Some(matches)) =
            (&cli.command, matches.subcommand_matches("check"))
        else {
            panic!("parsed as check");
        };
        let overrides = overrides(args, matches).expect("overridable rules");
        assert_eq!(overrides.level("unknown-key"), Some(Level::Warn));
        assert_eq!(overrides.level("unknown-value"), Some(Level::Deny));
    }
}
