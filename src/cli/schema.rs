//! `runner-config schema`: the JSON Schema for `config.toml`, for editors.

use super::{Status, print};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {}

/// Prints the schema exactly as it is checked in under `schemas/`, so
/// `runner-config schema > schemas/runner-config.schema.json` regenerates it.
pub(super) fn run(_: &Args) -> Status {
    print(runner_config::schema::to_json().as_bytes(), Status::Clean)
}
