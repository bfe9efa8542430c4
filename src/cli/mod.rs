//! The command line: argument parsing here, one module per subcommand.
//!
//! Exit status, for every subcommand: 0 when all went well (warnings
//! allowed), 1 when a check found an error (or a warning, under
//! `--deny-warnings`), 2 when the command could not do its work (bad
//! arguments, a file that cannot be read).

mod check;
mod ci;
mod completions;
mod explain;
mod fix;
mod input;
mod manpage;
mod output;
mod rules;
mod runner_version;
mod schema;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

/// Check GitLab Runner's config.toml the way the runner reads it.
#[derive(Debug, Parser)]
#[command(name = "runner-config", version, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check config.toml files and report every problem found.
    Check(check::Args),
    /// Check a GitLab CI/CD pipeline against config.toml: which jobs fail on
    /// which runner.
    Ci(ci::Args),
    /// Explain what happens when a job pulls an image on one runner.
    Explain(explain::Args),
    /// Fix what has one obvious correction, in place, keeping every comment.
    Fix(fix::Args),
    /// List every rule, or explain one.
    Rules(rules::Args),
    /// Print the JSON Schema for config.toml (editor completion and checks).
    Schema(schema::Args),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(completions::Args),
    /// Print the manual page, or write every page into a directory.
    Manpage(manpage::Args),
}

/// How a command ended, as its exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Status {
    /// Nothing to act on: no errors (warnings allowed unless denied).
    Clean = 0,
    /// The check found something that fails it.
    Findings = 1,
    /// The command could not do its work.
    CouldNotRun = 2,
}

/// Parses the arguments, runs the subcommand and returns its exit status.
/// Usage errors exit with status 2 (and `--help`, `--version` with 0)
/// before any work is done.
pub(crate) fn run() -> ExitCode {
    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|error| error.exit());
    let status = match &cli.command {
        Command::Check(args) => match matches.subcommand_matches("check") {
            Some(matches) => check::run(args, matches),
            None => {
                eprintln!("error: internal: the arguments of `check` went missing");
                Status::CouldNotRun
            }
        },
        Command::Ci(args) => ci::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Fix(args) => fix::run(args),
        Command::Rules(args) => rules::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Completions(args) => completions::run(args),
        Command::Manpage(args) => manpage::run(args),
    };
    ExitCode::from(status as u8)
}

/// Writes `text` to standard output. A reader that went away early
/// (`runner-config rules | head`) is not a failure; any other write error
/// is reported and turns the status into [`Status::CouldNotRun`].
fn print(text: &[u8], status: Status) -> Status {
    let mut stdout = io::stdout().lock();
    match stdout.write_all(text).and_then(|()| stdout.flush()) {
        Ok(()) => status,
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => status,
        Err(error) => {
            eprintln!("error: cannot write to standard output: {error}");
            Status::CouldNotRun
        }
    }
}
