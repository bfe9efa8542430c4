//! Running the built binary the way the CLI tests do (`tests/cli.rs`,
//! `tests/cli_shell.rs`): in a work directory, without colour, a terminal
//! width or a git work tree from the caller's environment.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_runner-config");

/// What a run printed, and how it ended.
#[derive(Debug)]
pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the binary in `dir` with `args`, `stdin` on its standard input
/// and `env` added to its environment. The work directories lie inside
/// this crate's checkout, so git's `GIT_CEILING_DIRECTORIES` keeps the
/// search for a work tree in `dir`: files there count as deployed unless a
/// test puts a `.git` in `dir`.
pub fn run_binary(dir: &Path, args: &[&str], stdin: &[u8], env: &[(&str, &Path)]) -> Run {
    let mut command = Command::new(BIN);
    command
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("GIT_CEILING_DIRECTORIES", dir.parent().unwrap_or(dir))
        .env_remove("COLUMNS")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (name, value) in env {
        command.env(name, value);
    }
    let mut child = command.spawn().expect("start runner-config");
    if let Some(mut input) = child.stdin.take() {
        // A run that fails before reading its input closes the pipe early.
        match input.write_all(stdin) {
            Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
                panic!("write standard input: {error}")
            }
            _ => {}
        }
    }
    let output = child.wait_with_output().expect("wait for runner-config");
    Run {
        status: output.status.code().expect("an exit status, not a signal"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 standard output"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 standard error"),
    }
}
