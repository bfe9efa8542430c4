//! Getting a config file's text: from a path, from standard input, or from
//! where GitLab Runner itself looks for it.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use runner_config::rules::file_mode::Origin;

/// The most text read from one input. Runner configs are a few kilobytes;
/// the limit keeps `check /dev/zero` from eating memory.
const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// Why an input could not be read.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ReadError {
    /// The operating system refused (missing file, permissions, a
    /// directory…).
    #[error("{0}")]
    Io(#[from] io::Error),
    /// The bytes are not UTF-8, so they are not TOML either.
    #[error("not UTF-8 text (invalid byte at offset {0})")]
    NotUtf8(usize),
    /// More than [`MAX_BYTES`].
    #[error("larger than {} MiB, too large for a config file", MAX_BYTES / 1024 / 1024)]
    TooLarge,
}

/// A file's text, and where it is kept.
#[derive(Debug)]
pub(crate) struct FileText {
    pub(crate) text: String,
    /// A deployed file with its permission bits, or one in a git work tree.
    pub(crate) origin: Origin,
}

/// Reads a file. The permission bits come from the file that was opened,
/// not from a second look-up of the path.
pub(crate) fn read_file(path: &Path) -> Result<FileText, ReadError> {
    let file = File::open(path)?;
    let metadata = file.metadata()?;
    let text = read_text(file)?;
    let origin = if in_work_tree(path, &ceilings()) {
        Origin::WorkTree
    } else {
        Origin::Deployed {
            mode: mode(&metadata),
        }
    };
    Ok(FileText { text, origin })
}

/// Whether the file at `path` lies in a git work tree, found as git finds
/// one, without running git: the nearest directory holding `.git` (a
/// directory, or a file in linked work trees and submodules), from the
/// file's own directory (symbolic links resolved: a link committed in a
/// repository does not put its target there) upwards. Like git, the search
/// stays on the file's file system and does not enter a directory listed
/// in `GIT_CEILING_DIRECTORIES` (`ceilings`).
fn in_work_tree(path: &Path, ceilings: &[PathBuf]) -> bool {
    let Ok(file) = std::fs::canonicalize(path) else {
        return false;
    };
    let Some(start) = file.parent() else {
        return false;
    };
    // The nearest ceiling strictly above the start, as git's
    // `longest_ancestor_length`.
    let ceiling = ceilings
        .iter()
        .filter(|c| start != c.as_path() && start.starts_with(c))
        .max_by_key(|c| c.components().count());
    let start_device = device(start);
    let mut dir = start;
    loop {
        if std::fs::symlink_metadata(dir.join(".git")).is_ok() {
            return true;
        }
        match dir.parent() {
            Some(parent) if Some(parent) != ceiling.map(PathBuf::as_path) => {
                if start_device.is_some() && device(parent) != start_device {
                    return false;
                }
                dir = parent;
            }
            _ => return false,
        }
    }
}

/// `GIT_CEILING_DIRECTORIES`: absolute paths separated by the platform's
/// path-list separator, resolved as git resolves them; relative entries
/// are ignored, as git ignores them.
fn ceilings() -> Vec<PathBuf> {
    std::env::var_os("GIT_CEILING_DIRECTORIES")
        .map(|list| {
            std::env::split_paths(&list)
                .filter(|path| path.is_absolute())
                .map(|path| std::fs::canonicalize(&path).unwrap_or(path))
                .collect()
        })
        .unwrap_or_default()
}

/// The file system a directory is on, where the platform says.
#[cfg(unix)]
fn device(dir: &Path) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(dir).ok().map(|m| m.dev())
}

#[cfg(not(unix))]
fn device(_: &Path) -> Option<u64> {
    None
}

/// Reads standard input to its end.
pub(crate) fn read_stdin() -> Result<String, ReadError> {
    read_text(io::stdin().lock())
}

fn read_text(reader: impl Read) -> Result<String, ReadError> {
    let mut bytes = Vec::new();
    reader.take(MAX_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(ReadError::TooLarge);
    }
    // GitLab Runner's decoder skips a UTF-16 byte order mark before it
    // reads the rest as UTF-8 (BurntSushi/toml `parse.go` `parse`): two
    // spaces in its place keep every offset and read the same. Real UTF-16
    // then shows as NUL bytes, which the loader refuses in the runner's
    // words.
    if let Some(mark) = bytes.get_mut(..2)
        && (mark == [0xff, 0xfe] || mark == [0xfe, 0xff])
    {
        mark.copy_from_slice(b"  ");
    }
    String::from_utf8(bytes).map_err(|e| ReadError::NotUtf8(e.utf8_error().valid_up_to()))
}

#[cfg(unix)]
fn mode(metadata: &std::fs::Metadata) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    metadata.is_file().then(|| metadata.permissions().mode())
}

#[cfg(not(unix))]
fn mode(_: &std::fs::Metadata) -> Option<u32> {
    None
}

/// The directory the command runs in, as the shell names it: `$PWD` when
/// it is absolute and is this very directory (it keeps the symbolic links
/// the user went through, so `$CI_PROJECT_DIR/config.toml` stays inside
/// it), else the operating system's answer.
pub(crate) fn working_dir() -> io::Result<PathBuf> {
    let physical = std::env::current_dir()?;
    let logical = std::env::var_os("PWD")
        .map(PathBuf::from)
        .filter(|pwd| pwd.is_absolute())
        .filter(|pwd| std::fs::canonicalize(pwd).ok() == std::fs::canonicalize(&physical).ok());
    Ok(logical.unwrap_or(physical))
}

/// The file GitLab Runner loads when started without `--config`:
/// `/etc/gitlab-runner/config.toml` for root, `~/.gitlab-runner/config.toml`
/// for other users, `config.toml` in the current directory when there is no
/// home directory (and always on Windows).
pub(crate) fn default_config() -> PathBuf {
    default_config_for(is_root(), std::env::var_os("HOME").map(PathBuf::from))
}

fn default_config_for(root: bool, home: Option<PathBuf>) -> PathBuf {
    if cfg!(windows) {
        PathBuf::from("config.toml")
    } else if root {
        PathBuf::from("/etc/gitlab-runner/config.toml")
    } else {
        match home.filter(|home| !home.as_os_str().is_empty()) {
            Some(home) => home.join(".gitlab-runner").join("config.toml"),
            None => PathBuf::from("config.toml"),
        }
    }
}

/// Whether this process runs as root. The runner asks `os.Getuid() == 0`,
/// the real user ID, which Linux shows as the first number of the `Uid:`
/// line of `/proc/self/status`. Without `/proc`, the login name decides.
fn is_root() -> bool {
    match std::fs::read_to_string("/proc/self/status") {
        Ok(status) => real_uid(&status) == Some(0),
        Err(_) => ["USER", "LOGNAME"]
            .iter()
            .find_map(std::env::var_os)
            .is_some_and(|user| user == "root"),
    }
}

fn real_uid(status: &str) -> Option<u32> {
    status
        .lines()
        .find_map(|line| line.strip_prefix("Uid:"))
        .and_then(|ids| ids.split_whitespace().next())
        .and_then(|uid| uid.parse().ok())
}

/// Whether a file is YAML by its name, and so a Helm chart's values.
pub(crate) fn is_yaml_name(name: &str) -> bool {
    Path::new(name)
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("yaml") || ext.eq_ignore_ascii_case("yml"))
}

/// Whether a file's name says it is a registration template
/// (`config.template.toml`, the name the Helm chart gives it, or
/// `test-config.template.toml` as in the runner's documentation): such a
/// file is checked and fixed as `--template` would.
pub(crate) fn is_template_name(name: &str) -> bool {
    Path::new(name)
        .file_name()
        .and_then(|file| file.to_str())
        .is_some_and(|file| {
            let lower = file.to_ascii_lowercase();
            lower.len() > ".template.toml".len() && lower.ends_with(".template.toml")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(not(windows))]
    fn default_config_follows_the_runner() {
        let home = Some(PathBuf::from("/home/ci"));
        assert_eq!(
            default_config_for(true, home.clone()),
            Path::new("/etc/gitlab-runner/config.toml")
        );
        assert_eq!(
            default_config_for(false, home),
            Path::new("/home/ci/.gitlab-runner/config.toml")
        );
        assert_eq!(default_config_for(false, None), Path::new("config.toml"));
        assert_eq!(
            default_config_for(false, Some(PathBuf::new())),
            Path::new("config.toml")
        );
    }

    #[test]
    fn real_uid_is_the_first_number() {
        let status = "Name:\tx\nUid:\t1000\t0\t0\t0\nGid:\t0\t0\t0\t0\n";
        assert_eq!(real_uid(status), Some(1000));
        assert_eq!(real_uid("Uid:\t0\t1000\t1000\t1000\n"), Some(0));
        assert_eq!(real_uid("Name:\tx\n"), None);
        assert_eq!(real_uid("Uid:\n"), None);
    }

    /// A fresh directory under the system's temporary directory.
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("runner-config-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("repo/ci/deep")).expect("create directories");
        std::fs::write(dir.join("repo/ci/deep/config.toml"), "").expect("write a file");
        std::fs::write(dir.join("outside.toml"), "").expect("write a file");
        dir
    }

    #[test]
    fn work_trees_are_found_upwards_and_stop_at_ceilings() {
        let dir = scratch("work-tree");
        let file = dir.join("repo/ci/deep/config.toml");
        let ceiling = [std::fs::canonicalize(&dir).expect("the directory exists")];
        // This crate's own checkout may be above: the ceiling keeps it out.
        assert!(!in_work_tree(&file, &ceiling));
        // A `.git` directory, or the `.git` file of a linked work tree.
        std::fs::create_dir(dir.join("repo/.git")).expect("create .git");
        assert!(in_work_tree(&file, &ceiling));
        assert!(!in_work_tree(&dir.join("outside.toml"), &ceiling));
        std::fs::remove_dir(dir.join("repo/.git")).expect("remove .git");
        std::fs::write(dir.join("repo/ci/.git"), "gitdir: /elsewhere\n").expect("a .git file");
        assert!(in_work_tree(&file, &ceiling));
        // A ceiling is never entered, even when the work tree is there.
        let below = [std::fs::canonicalize(dir.join("repo/ci")).expect("exists")];
        std::fs::remove_file(dir.join("repo/ci/.git")).expect("remove .git");
        std::fs::create_dir(dir.join("repo/.git")).expect("create .git");
        assert!(!in_work_tree(&file, &below));
        assert!(!in_work_tree(&dir.join("missing.toml"), &ceiling));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn text_is_limited_and_checked() {
        assert_eq!(read_text(&b"a = 1\n"[..]).ok().as_deref(), Some("a = 1\n"));
        assert!(matches!(
            read_text(&b"a = \"\xff\"\n"[..]),
            Err(ReadError::NotUtf8(5))
        ));
        let huge = io::repeat(b'#').take(MAX_BYTES + 1);
        assert!(matches!(read_text(huge), Err(ReadError::TooLarge)));
        let just_fits = io::repeat(b'#').take(MAX_BYTES);
        assert!(read_text(just_fits).is_ok());
    }

    #[test]
    fn templates_are_told_by_their_name() {
        for name in [
            "config.template.toml",
            "ci/Config.Template.TOML",
            "/tmp/test-config.template.toml",
        ] {
            assert!(is_template_name(name), "{name}");
        }
        for name in [
            "config.toml",
            ".template.toml",
            "template.toml",
            "config.template.toml/x",
            "values.yaml",
        ] {
            assert!(!is_template_name(name), "{name}");
        }
    }
}
