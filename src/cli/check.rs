//! `runner-config check`: check files and write a report.

use std::ffi::OsStr;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{ArgMatches, CommandFactory, ValueEnum};
use runner_config::Rule;
use runner_config::check::{CheckOptions, Mode, check_with};
use runner_config::report::{
    self, FileOutcome, HumanStyle, Level, Overrides, Summary, Unoverridable, Unreadable,
};
use runner_config::rules::file_mode::Origin;

use super::runner_version::RunnerVersionArg;
use super::{Status, input, print};

/// Name of standard input in reports.
const STDIN_NAME: &str = "<stdin>";

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Files to check; `-` reads standard input. Without any, the file
    /// GitLab Runner itself loads: /etc/gitlab-runner/config.toml for root,
    /// ~/.gitlab-runner/config.toml for other users.
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,

    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// Fail (exit status 1) on warnings too.
    #[arg(long)]
    deny_warnings: bool,

    /// Check registration templates (`gitlab-runner register
    /// --template-config`, a Helm chart's `runners.config`) instead of
    /// config.toml files: one `[[runners]]` entry, which registration
    /// completes with the URL, token, executor and its section.
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

/// What `check` writes to standard output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Findings with source snippets, for people.
    Human,
    /// A JSON document, stable for scripts.
    Json,
    /// A GitLab Code Quality report.
    Gitlab,
    /// SARIF 2.1.0, e.g. for GitHub code scanning.
    Sarif,
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
    let mut out = Vec::new();
    let written = match args.format {
        Format::Human => report::write_human(&mut out, &outcomes, &human_style()),
        Format::Json => report::write_json(&mut out, &outcomes),
        // Paths in CI reports are relative to where the job runs.
        Format::Gitlab | Format::Sarif => match input::working_dir() {
            Ok(dir) if args.format == Format::Gitlab => {
                report::write_gitlab(&mut out, &outcomes, &dir)
            }
            Ok(dir) => report::write_sarif(&mut out, &outcomes, &dir),
            Err(error) => {
                eprintln!("error: cannot tell the current directory: {error}");
                return Status::CouldNotRun;
            }
        },
    };
    if let Err(error) = written {
        eprintln!("error: cannot write the report: {error}");
        return Status::CouldNotRun;
    }
    print(&out, status(&Summary::of(&outcomes), args.deny_warnings))
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
                path: path.map_or_else(|| STDIN_NAME.to_owned(), |p| p.display().to_string()),
                error,
            });
        }
    };
    let (name, read) = match input {
        Input::Stdin => (
            STDIN_NAME.to_owned(),
            input::read_stdin().map(|text| (text, Origin::Text)),
        ),
        Input::File(path) => (
            path.display().to_string(),
            input::read_file(path).map(|file| (file.text, file.origin)),
        ),
    };
    match read {
        Ok((text, origin)) => {
            let mut options = CheckOptions::new(if args.template {
                Mode::Template
            } else {
                Mode::Config
            });
            options.origin = origin;
            options.runner_version = version;
            let mut report = check_with(&name, &text, &options);
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

/// The human report's style for this process's standard output and
/// environment.
fn human_style() -> HumanStyle {
    style_for(
        std::io::stdout().is_terminal(),
        std::env::var_os("NO_COLOR").as_deref(),
        std::env::var("COLUMNS").ok().as_deref(),
    )
}

/// Colour only for a terminal, and never when `NO_COLOR` is set to
/// anything; the width from `COLUMNS` when the shell exports a sensible
/// one.
fn style_for(terminal: bool, no_color: Option<&OsStr>, columns: Option<&str>) -> HumanStyle {
    let no_color = no_color.is_some_and(|value| !value.is_empty());
    let width = columns
        .and_then(|columns| columns.trim().parse::<usize>().ok())
        .filter(|&columns| columns >= 40);
    HumanStyle {
        color: terminal && !no_color,
        width: width.unwrap_or(HumanStyle::default().width),
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
    fn colour_needs_a_terminal_and_no_no_color() {
        let set = Some(OsStr::new("1"));
        let empty = Some(OsStr::new(""));
        assert!(style_for(true, None, None).color);
        assert!(style_for(true, empty, None).color);
        assert!(!style_for(true, set, None).color);
        assert!(!style_for(false, None, None).color);
    }

    #[test]
    fn width_comes_from_columns_when_sensible() {
        assert_eq!(style_for(false, None, None).width, 80);
        assert_eq!(style_for(false, None, Some("120")).width, 120);
        assert_eq!(style_for(false, None, Some(" 100\n")).width, 100);
        assert_eq!(style_for(false, None, Some("10")).width, 80);
        assert_eq!(style_for(false, None, Some("wide")).width, 80);
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
