//! `runner-config ci`: which jobs of a pipeline fail on which runner.

use std::path::{Path, PathBuf};

use runner_config::ci::{self, Runners};
use runner_config::load;
use runner_config::pipeline::{Pipeline, ProjectFiles};
use runner_config::report::{FileOutcome, Summary, Unreadable};

use super::output::{self, Format};
use super::runner_version::RunnerVersionArg;
use super::{Status, input};

/// The most files listed for glob includes.
const MAX_LISTED: usize = 100_000;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Pipeline files to check, each a pipeline of its own. Without any,
    /// `.gitlab-ci.yml` in the current directory.
    #[arg(value_name = "PIPELINE")]
    pipelines: Vec<PathBuf>,

    /// The runner's config.toml. Without it, the file GitLab Runner
    /// itself loads: /etc/gitlab-runner/config.toml for root,
    /// ~/.gitlab-runner/config.toml for other users.
    #[arg(long, value_name = "CONFIG")]
    config: Option<PathBuf>,

    /// Check the jobs against this runner only: its `name`, or its index
    /// in `[[runners]]` (0 or #0 is the first).
    #[arg(long, value_name = "NAME|INDEX")]
    runner: Option<String>,

    /// The repository's root, which `include: local:` paths are relative
    /// to. Without it, the directory of the first pipeline file.
    #[arg(long, value_name = "DIR")]
    project_dir: Option<PathBuf>,

    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// Write the --format report into this file, and the human report to
    /// standard output.
    #[arg(long, value_name = "PATH")]
    output_file: Option<PathBuf>,

    /// Fail (exit status 1) on warnings too.
    #[arg(long)]
    deny_warnings: bool,

    /// The release of the runner that runs the jobs (its `config.toml`'s
    /// `.runner-config.toml` when not given).
    #[command(flatten)]
    runner_version: RunnerVersionArg,
}

pub(super) fn run(args: &Args) -> Status {
    let config_path = args.config.clone().unwrap_or_else(input::default_config);
    let config_name = config_path.display().to_string();
    let config_text = match input::read_file(&config_path) {
        Ok(file) => file.text,
        Err(error) => {
            eprintln!("error: cannot read {config_name}: {error}");
            return Status::CouldNotRun;
        }
    };
    // The runner's release belongs to the runner: it is looked up from the
    // config file, not from the pipeline's repository.
    let version = match args.runner_version.choose(Some(&config_path)) {
        Ok(chosen) => {
            if let Some(settings) = &chosen.settings
                && args.format == Format::Human
            {
                eprintln!(
                    "note: checking for GitLab Runner {} (`runner-version` in {})",
                    chosen.version,
                    settings.display()
                );
            }
            chosen.version
        }
        Err(error) => {
            eprintln!("error: {error}");
            return Status::CouldNotRun;
        }
    };
    let loaded = load::load_for(&config_name, &config_text, version);
    let config = match loaded.config() {
        Ok(config) => config,
        Err(_) => {
            let errors: Vec<_> = loaded
                .diagnostics()
                .iter()
                .filter(|d| d.severity() == runner_config::Severity::Error)
                .collect();
            let first = errors.first().map(|d| {
                let line = d.span().map(|s| loaded.source().line_col(s.start).0);
                match line {
                    Some(line) => format!(" (line {line}: {})", d.message()),
                    None => format!(" ({})", d.message()),
                }
            });
            eprintln!(
                "error: GitLab Runner would refuse to load {config_name}: {} error{}{}",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" },
                first.unwrap_or_default()
            );
            eprintln!("note: run `runner-config check {config_name}` to see them all");
            return Status::CouldNotRun;
        }
    };
    let runners = match &args.runner {
        None => Runners::All,
        Some(wanted) => match ci::select_runner(config, wanted) {
            Ok(index) => Runners::Only(index),
            Err(error) => {
                eprintln!("error: {error} ({config_name})");
                return Status::CouldNotRun;
            }
        },
    };
    let pipelines = if args.pipelines.is_empty() {
        vec![PathBuf::from(".gitlab-ci.yml")]
    } else {
        args.pipelines.clone()
    };
    let root = args.project_dir.clone().unwrap_or_else(|| {
        pipelines[0]
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
    });
    let project = Directory::new(root);
    let mut outcomes = Vec::new();
    for path in &pipelines {
        let name = path.display().to_string();
        match input::read_file(path) {
            Ok(file) => {
                let in_project = project.relative(path);
                let pipeline = Pipeline::load(&name, &file.text, in_project.as_deref(), &project);
                outcomes.extend(
                    ci::check_loaded(&pipeline, &loaded, runners)
                        .into_iter()
                        .map(FileOutcome::Checked),
                );
            }
            Err(error) => {
                eprintln!("error: cannot read {name}: {error}");
                outcomes.push(FileOutcome::Unreadable(Unreadable {
                    path: name,
                    error: error.to_string(),
                }));
            }
        }
    }
    let summary = Summary::of(&outcomes);
    let status = if summary.unreadable > 0 {
        Status::CouldNotRun
    } else if summary.errors > 0 || (args.deny_warnings && summary.warnings > 0) {
        Status::Findings
    } else {
        Status::Clean
    };
    output::write(&outcomes, args.format, args.output_file.as_deref(), status)
}

/// A repository on disk, for `include: local:`.
struct Directory {
    root: PathBuf,
    listed: std::cell::OnceCell<Result<Vec<String>, String>>,
}

impl Directory {
    fn new(root: PathBuf) -> Self {
        Self {
            root,
            listed: std::cell::OnceCell::new(),
        }
    }

    /// `path` relative to the root, when it lies inside it (lexically).
    fn relative(&self, path: &Path) -> Option<String> {
        let path = path.strip_prefix(&self.root).ok()?;
        Some(
            path.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/"),
        )
    }

    fn walk(&self) -> Result<Vec<String>, String> {
        let mut found = Vec::new();
        let mut pending = vec![(self.root.clone(), String::new())];
        while let Some((dir, prefix)) = pending.pop() {
            let dir = if dir.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                dir
            };
            let entries = std::fs::read_dir(&dir)
                .map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if name == ".git" {
                    continue;
                }
                let path = format!("{prefix}{name}");
                match entry.file_type() {
                    Ok(kind) if kind.is_dir() => pending.push((entry.path(), format!("{path}/"))),
                    Ok(kind) if kind.is_file() => found.push(path),
                    _ => {}
                }
                if found.len() + pending.len() > MAX_LISTED {
                    return Err(format!("more than {MAX_LISTED} files to look through"));
                }
            }
        }
        Ok(found)
    }
}

impl ProjectFiles for Directory {
    fn read(&self, path: &str) -> Result<String, String> {
        input::read_file(&self.root.join(path))
            .map(|file| file.text)
            .map_err(|e| e.to_string())
    }

    fn list(&self) -> Result<Vec<String>, String> {
        self.listed.get_or_init(|| self.walk()).clone()
    }

    fn display_name(&self, path: &str) -> String {
        if self.root.as_os_str().is_empty() {
            path.to_owned()
        } else {
            self.root.join(path).display().to_string()
        }
    }
}
