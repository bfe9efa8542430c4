//! `runner-config manpage`: the manual pages, generated from the same clap
//! definitions as the commands themselves.

use std::path::PathBuf;

use clap::CommandFactory;

use super::{Status, print};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Write every page (runner-config.1, runner-config-check.1, …) into
    /// this directory (created if missing) instead of printing
    /// runner-config.1.
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

pub(super) fn run(args: &Args) -> Status {
    let command = super::Cli::command();
    match &args.dir {
        Some(dir) => match std::fs::create_dir_all(dir)
            .and_then(|()| clap_mangen::generate_to(command, dir))
        {
            Ok(()) => Status::Clean,
            Err(error) => {
                eprintln!(
                    "error: cannot write the manual pages to {}: {error}",
                    dir.display()
                );
                Status::CouldNotRun
            }
        },
        None => {
            let mut out = Vec::new();
            match clap_mangen::Man::new(command).render(&mut out) {
                Ok(()) => print(&out, Status::Clean),
                Err(error) => {
                    eprintln!("error: cannot render the manual page: {error}");
                    Status::CouldNotRun
                }
            }
        }
    }
}
