//! `runner-config schema`: the JSON Schema for `config.toml`, for editors.

use runner_config::versions::RunnerVersion;

use super::{Status, print};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Write the schema for an older GitLab Runner release (X.Y or X.Y.Z):
    /// only the keys it reads, and only the rules about them. Without it,
    /// the schema for the newest release, as checked in under `schemas/`.
    #[arg(long, value_name = "X.Y[.Z]", value_parser = parse)]
    runner_version: Option<RunnerVersion>,
}

fn parse(text: &str) -> Result<RunnerVersion, String> {
    text.parse()
        .map_err(|e: runner_config::versions::VersionError| e.to_string())
}

/// Prints the schema exactly as it is checked in under `schemas/`, so
/// `runner-config schema > schemas/runner-config.schema.json` regenerates it.
pub(super) fn run(args: &Args) -> Status {
    let text = match args.runner_version {
        Some(version) if !version.is_newest() => {
            runner_config::versions::schema::to_json_for(&version)
        }
        _ => runner_config::schema::to_json(),
    };
    print(text.as_bytes(), Status::Clean)
}
