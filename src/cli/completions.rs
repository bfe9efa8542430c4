//! `runner-config completions SHELL`: a completion script for a shell,
//! generated from the same clap definitions as the commands themselves.

use clap::CommandFactory;
use clap_complete::Shell;

use super::{Status, print};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The shell to complete in.
    #[arg(value_enum, value_name = "SHELL")]
    shell: Shell,
}

pub(super) fn run(args: &Args) -> Status {
    let mut command = super::Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut command, "runner-config", &mut out);
    print(&out, Status::Clean)
}
