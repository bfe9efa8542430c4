//! `runner-config`: check GitLab Runner's `config.toml` from the command line.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
