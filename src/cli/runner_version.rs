//! `--runner-version`, shared by the commands that check a config for the
//! GitLab Runner release that will read it, and the per-repository
//! `.runner-config.toml` that sets it for a fleet.

use std::path::{Path, PathBuf};

use runner_config::versions::{self, RunnerVersion};

/// The `--runner-version` option: flatten it into a command's arguments.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct RunnerVersionArg {
    #[arg(
        long,
        value_name = "X.Y[.Z]",
        value_parser = parse,
        help = short_help(),
        long_help = long_help()
    )]
    runner_version: Option<RunnerVersion>,
}

fn parse(text: &str) -> Result<RunnerVersion, String> {
    text.parse()
        .map_err(|e: versions::VersionError| e.to_string())
}

fn short_help() -> String {
    format!(
        "The GitLab Runner release that will read the files [default: the repository's {}, \
         else {}]",
        versions::SETTINGS_FILE,
        RunnerVersion::newest().minor_release()
    )
}

fn long_help() -> String {
    format!(
        "The GitLab Runner release that will read the files: X.Y or X.Y.Z (a `v` before and a \
         `-suffix` after are ignored; X.Y means the last patch release runner-config knows). \
         Keys and feature flags that release does not read are reported, and TOML its decoder \
         refuses is an error: 15.0 to 15.8 read TOML 0.4, 15.9 to 18.8 TOML 1.0 (TOML 1.1 \
         syntax only when the runner's environment sets BURNTSUSHI_TOML_110, which \
         runner-config does not assume), 18.9 and later TOML 1.1.\n\nWithout this option, the \
         `runner-version` of the nearest `{}` from the file's directory up to its repository's \
         root (`runner-version = \"18.2\"`); without one, the newest release runner-config \
         knows, {}. Known: {}; a newer release is checked as {} (with a note).",
        versions::SETTINGS_FILE,
        RunnerVersion::newest().minor_release(),
        RunnerVersion::range(),
        RunnerVersion::newest().minor_release(),
    )
}

/// The release a file is checked for, and the settings file that named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Chosen {
    pub(crate) version: RunnerVersion,
    /// The `.runner-config.toml` it came from, if it did.
    pub(crate) settings: Option<PathBuf>,
}

impl RunnerVersionArg {
    /// The release to check `file` for (`None`: standard input, from the
    /// working directory): the option, else the repository's settings
    /// file, else the newest, with the settings file it came from. `Err`
    /// names a settings file that cannot be read or says something wrong.
    pub(crate) fn choose(&self, file: Option<&Path>) -> Result<Chosen, String> {
        if let Some(version) = self.runner_version {
            return Ok(Chosen {
                version,
                settings: None,
            });
        }
        let start = match file {
            Some(path) => std::fs::canonicalize(path)
                .ok()
                .and_then(|p| p.parent().map(Path::to_path_buf)),
            None => std::env::current_dir().ok(),
        };
        let Some(settings) = start.as_deref().and_then(find_settings) else {
            return Ok(Chosen {
                version: RunnerVersion::newest(),
                settings: None,
            });
        };
        let text = std::fs::read_to_string(&settings)
            .map_err(|error| format!("cannot read {}: {error}", settings.display()))?;
        let version = versions::from_settings(&text)
            .map(|found| found.unwrap_or_else(RunnerVersion::newest))
            .map_err(|error| format!("{}: {error}", settings.display()))?;
        Ok(Chosen {
            version,
            settings: Some(settings),
        })
    }
}

/// The nearest `.runner-config.toml` from `dir` upwards, stopping at the
/// repository's root (the directory holding `.git`).
fn find_settings(dir: &Path) -> Option<PathBuf> {
    for dir in dir.ancestors() {
        let candidate = dir.join(versions::SETTINGS_FILE);
        if candidate.is_file() {
            return Some(candidate);
        }
        if std::fs::symlink_metadata(dir.join(".git")).is_ok() {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "runner-config-version-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch dir");
        dir
    }

    #[test]
    fn settings_are_found_upwards_to_the_repository_root() {
        let dir = scratch("walk");
        std::fs::create_dir_all(dir.join("repo/fleet/eu")).expect("dirs");
        std::fs::create_dir(dir.join("repo/.git")).expect(".git");
        std::fs::write(
            dir.join("repo/.runner-config.toml"),
            "runner-version = \"18.2\"\n",
        )
        .expect("settings");
        std::fs::write(dir.join("repo/fleet/eu/config.toml"), "").expect("config");
        // Above the root: not looked at.
        std::fs::write(
            dir.join(".runner-config.toml"),
            "runner-version = \"16.0\"\n",
        )
        .expect("settings above");
        assert_eq!(
            find_settings(&dir.join("repo/fleet/eu")),
            Some(dir.join("repo/.runner-config.toml"))
        );
        let arg = RunnerVersionArg {
            runner_version: None,
        };
        let config = dir.join("repo/fleet/eu/config.toml");
        assert_eq!(
            arg.choose(Some(&config)).map(|c| c.version.to_string()),
            Ok("18.2.2".to_owned())
        );
        // The option wins.
        let given = RunnerVersionArg {
            runner_version: Some(parse("17.0").expect("valid")),
        };
        assert_eq!(
            given.choose(Some(&config)).map(|c| c.version.to_string()),
            Ok("17.0.3".to_owned())
        );
        std::fs::remove_file(dir.join("repo/.runner-config.toml")).expect("remove");
        assert_eq!(find_settings(&dir.join("repo/fleet/eu")), None);
        std::fs::write(
            dir.join("repo/.runner-config.toml"),
            "runner-version = \"14.0\"\n",
        )
        .expect("settings");
        let error = arg.choose(Some(&config)).expect_err("too old");
        assert!(error.contains("older than"), "{error}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn too_old_versions_name_the_range() {
        assert_eq!(
            parse("v14.10.2"),
            Err("GitLab Runner 14.10.2 is older than the releases runner-config knows: 15.0 to 19.4"
                .to_owned())
        );
    }
}
