//! `runner-config fix`: apply the fixes of findings to files, in place.

use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use runner_config::Severity;
use runner_config::check::{CheckOptions, Mode};

use super::runner_version::RunnerVersionArg;
use runner_config::fix::{FixOptions, Fixed, fix_text};
use runner_config::rules::file_mode::Origin;

use super::{Status, input, print};

/// Name of standard input in messages and diffs.
const STDIN_NAME: &str = "<stdin>";

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Files to fix in place; `-` reads standard input and writes the
    /// fixed file to standard output. Required: `fix` never edits the
    /// runner's own config.toml unless it is named.
    #[arg(value_name = "FILE", required = true)]
    files: Vec<PathBuf>,

    /// Also apply unsafe fixes, which make the runner read something it
    /// ignored before: an unknown key renamed to its "did you mean", a key
    /// moved to the table that reads it.
    #[arg(long)]
    unsafe_fixes: bool,

    /// Print a unified diff of what would change (secrets redacted, as
    /// `check` shows them) and write nothing.
    #[arg(long)]
    diff: bool,

    /// The files are registration templates (see `check --template`); a
    /// file named `*.template.toml` is one without it.
    #[arg(long)]
    template: bool,

    #[command(flatten)]
    runner_version: RunnerVersionArg,
}

/// What became of one input.
struct Outcome {
    fixed: Fixed,
    /// Whether the fixed text was written where it belongs.
    written: bool,
}

pub(super) fn run(args: &Args) -> Status {
    let stdin = Path::new("-");
    if args.files.iter().filter(|path| *path == stdin).count() > 1 {
        eprintln!("error: `-` (standard input) can be fixed only once");
        return Status::CouldNotRun;
    }
    let mut status = Status::Clean;
    let mut diffs = String::new();
    let mut outcomes = Vec::new();
    for path in &args.files {
        let from_stdin = path == stdin;
        let name = if from_stdin {
            STDIN_NAME.to_owned()
        } else {
            path.display().to_string()
        };
        if input::is_yaml_name(&name) {
            // Its TOML is a string of the YAML: edits would have to be
            // made in YAML's quoting, which `fix` does not write.
            eprintln!(
                "error: {name}: `fix` edits config.toml files and templates, not Helm chart \
                 values files; `runner-config check {name}` shows the findings"
            );
            status = Status::CouldNotRun;
            continue;
        }
        let read = if from_stdin {
            input::read_stdin().map(|text| (text, Origin::Text))
        } else {
            input::read_file(path).map(|file| (file.text, file.origin))
        };
        let version = match args
            .runner_version
            .choose((!from_stdin).then_some(path.as_path()))
        {
            Ok(chosen) => chosen.version,
            Err(error) => {
                eprintln!("error: {error}");
                status = Status::CouldNotRun;
                continue;
            }
        };
        let (text, origin) = match read {
            Ok(read) => read,
            Err(error) => {
                eprintln!("error: cannot read {name}: {error}");
                status = Status::CouldNotRun;
                continue;
            }
        };
        let mut options = FixOptions::new(args.unsafe_fixes);
        options.check = CheckOptions::new(if args.template || input::is_template_name(&name) {
            Mode::Template
        } else {
            Mode::Config
        });
        options.check.origin = origin;
        options.check.runner_version = version;
        let fixed = fix_text(&name, &text, &options);
        if let Some(reason) = &fixed.refused {
            eprintln!("{name}: left as it is: {reason}");
        }
        let mut written = false;
        if args.diff {
            diffs.push_str(&fixed.diff());
        } else if from_stdin {
            // The user's own file, secrets included: what was asked for.
            status = status.max(print(fixed.text.as_bytes(), Status::Clean));
            written = fixed.changed();
        } else if fixed.changed() {
            match write_in_place(path, &fixed.text) {
                Ok(()) => written = true,
                Err(error) => {
                    eprintln!("error: cannot write {name}: {error}");
                    status = Status::CouldNotRun;
                }
            }
        }
        outcomes.push(Outcome { fixed, written });
    }
    if args.diff {
        status = status.max(print(diffs.as_bytes(), Status::Clean));
    }
    let summary = Summary::of(&outcomes, args.diff);
    eprintln!("{}", summary.line(args.diff));
    let found = if summary.errors > 0 || (args.diff && summary.files > 0) {
        Status::Findings
    } else {
        Status::Clean
    };
    status.max(found)
}

/// The counts of the summary line.
#[derive(Debug, Default, PartialEq, Eq)]
struct Summary {
    fixed: usize,
    files: usize,
    remaining: usize,
    errors: usize,
}

impl Summary {
    fn of(outcomes: &[Outcome], diff: bool) -> Self {
        let mut summary = Self::default();
        for outcome in outcomes {
            let changed = if diff {
                outcome.fixed.changed()
            } else {
                outcome.written
            };
            // What is left is what the file holds now: the fixed file's
            // findings once written (or as a diff, would be), else its own.
            let left = if changed || diff {
                &outcome.fixed.after
            } else {
                &outcome.fixed.before
            };
            if changed {
                summary.fixed += outcome.fixed.fixed;
                summary.files += 1;
            }
            summary.remaining += left.diagnostics.len();
            summary.errors += left
                .diagnostics
                .iter()
                .filter(|d| d.severity() == Severity::Error)
                .count();
        }
        summary
    }

    /// `fixed 3 findings in 1 file; 2 remain (1 error)`.
    fn line(&self, diff: bool) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let (verb, remain) = if diff {
            ("would fix", "would remain")
        } else {
            (
                "fixed",
                if self.remaining == 1 {
                    "remains"
                } else {
                    "remain"
                },
            )
        };
        format!(
            "{verb} {} in {}; {} {remain} ({})",
            plural(self.fixed, "finding", "findings"),
            plural(self.files, "file", "files"),
            self.remaining,
            plural(self.errors, "error", "errors"),
        )
    }
}

/// Replaces the file at `path` with `text` atomically: a temporary file in
/// the same directory, with the file's mode and owner, renamed over it. A
/// symbolic link is followed: its target is replaced, the link stays.
fn write_in_place(path: &Path, text: &str) -> io::Result<()> {
    let target = fs::canonicalize(path)?;
    let metadata = fs::metadata(&target)?;
    if !metadata.is_file() {
        return Err(io::Error::other("not a regular file"));
    }
    let dir = target
        .parent()
        .ok_or_else(|| io::Error::other("the file has no directory"))?;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = dir.join(format!(".{name}.runner-config-fix.{}", std::process::id()));
    let written =
        write_new(&temporary, text, &metadata).and_then(|()| fs::rename(&temporary, &target));
    if written.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    written
}

/// Writes a new file readable by its owner only, then gives it `like`'s
/// owner and mode.
fn write_new(path: &Path, text: &str, like: &fs::Metadata) -> io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        std::os::unix::fs::fchown(&file, Some(like.uid()), Some(like.gid()))?;
    }
    file.set_permissions(like.permissions())?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_says_what_was_done() {
        let summary = Summary {
            fixed: 3,
            files: 1,
            remaining: 2,
            errors: 1,
        };
        assert_eq!(
            summary.line(false),
            "fixed 3 findings in 1 file; 2 remain (1 error)"
        );
        assert_eq!(
            Summary::default().line(true),
            "would fix 0 findings in 0 files; 0 would remain (0 errors)"
        );
    }

    #[cfg(unix)]
    #[test]
    fn writing_in_place_keeps_the_mode() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = std::env::temp_dir().join(format!("runner-config-fix-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("a scratch directory");
        let file = dir.join("config.toml");
        fs::write(&file, "old\n").expect("write");
        fs::set_permissions(&file, fs::Permissions::from_mode(0o640)).expect("chmod");
        let link = dir.join("link.toml");
        std::os::unix::fs::symlink(&file, &link).expect("symlink");
        write_in_place(&link, "new\n").expect("written");
        assert_eq!(fs::read_to_string(&file).expect("read"), "new\n");
        let mode = fs::metadata(&file).expect("stat").permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
        assert!(
            fs::symlink_metadata(&link)
                .expect("lstat")
                .file_type()
                .is_symlink()
        );
        let left: Vec<_> = fs::read_dir(&dir).expect("list").collect();
        assert_eq!(left.len(), 2, "no temporary file is left");
        let _ = fs::remove_dir_all(&dir);
    }
}
