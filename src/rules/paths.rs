//! Directories and addresses the runner uses as given: a relative
//! `builds_dir`/`cache_dir` and a GitLab address without a scheme.

use crate::load::Loaded;
use crate::model::Config;
use crate::{Diagnostic, Rule, Severity, Stage};

use super::locate;

/// `builds_dir` or `cache_dir` that is not an absolute path.
pub(crate) static RELATIVE_PATH: Rule = Rule {
    code: "relative-directory",
    severity: Severity::Warning,
    stage: Stage::Job,
    summary: "`builds_dir` or `cache_dir` is a relative path",
    explanation: "GitLab Runner does not resolve `builds_dir` and `cache_dir` against the \
                  config file. A relative path is used as it is: on the shell executor it \
                  lands under whatever directory the runner process was started in, and the \
                  Docker executors pass it on as a mount path, which Docker only accepts when \
                  it is absolute. Caches then end up somewhere unexpected or are not kept at \
                  all. Write the full path.",
    bad: "[[runners]]\nexecutor = \"docker\"\ncache_dir = \"cache\"\n",
    good: "[[runners]]\nexecutor = \"docker\"\ncache_dir = \"/cache\"\n",
};

/// `url` or `clone_url` without `http://` or `https://`.
pub(crate) static URL_WITHOUT_SCHEME: Rule = Rule {
    code: "url-without-scheme",
    severity: Severity::Warning,
    stage: Stage::Polling,
    summary: "`url` or `clone_url` has no `http://` or `https://` scheme",
    explanation: "The runner's GitLab client only accepts `http` and `https` URLs: with \
                  `url = \"gitlab.example.com\"` it cannot build any request, so the runner \
                  never receives a job. `clone_url` replaces the scheme and host of the \
                  repository URL each job clones from; without a scheme there is no host to \
                  take, and every clone fails.",
    bad: "[[runners]]\nurl = \"gitlab.example.com\"\nexecutor = \"shell\"\n",
    good: "[[runners]]\nurl = \"https://gitlab.example.com\"\nexecutor = \"shell\"\n",
};

/// Whether `path` is absolute on Unix or Windows (`C:\…`, `C:/…`, `\\…`).
fn is_absolute(path: &str) -> bool {
    let bytes = path.as_bytes();
    let drive = bytes.len() >= 3
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && matches!(bytes[2], b'\\' | b'/');
    path.starts_with('/') || path.starts_with('\\') || drive
}

/// Whether a path should not be judged: empty (unset) or decided by a
/// variable or template the runner or a tool expands first.
fn is_templated(value: &str) -> bool {
    value.is_empty() || value.starts_with('$') || value.starts_with('~') || value.contains("{{")
}

/// Runs the path and address rules.
pub fn run(loaded: &Loaded<Config>, out: &mut Vec<Diagnostic>) {
    let spans = loaded.spans();
    for (i, runner) in loaded.best_effort().runners.iter().enumerate() {
        let dirs = [
            ("builds_dir", runner.builds_dir.as_deref()),
            ("cache_dir", runner.cache_dir.as_deref()),
            (
                "docker.cache_dir",
                runner.docker.as_ref().and_then(|d| d.cache_dir.as_deref()),
            ),
        ];
        for (key, value) in dirs {
            let Some(value) = value else { continue };
            if is_templated(value) || is_absolute(value) {
                continue;
            }
            let shown = crate::diagnostic::shorten(value, 400);
            let path = format!("runners[{i}].{key}");
            out.push(
                Diagnostic::new(
                    &RELATIVE_PATH,
                    format!("`{key}` is the relative path {shown:?}"),
                )
                .at_opt(locate(spans, &path))
                .key(&path)
                .help(format!(
                    "write an absolute path, for example \"/{}\"",
                    value.trim_start_matches("./")
                )),
            );
        }
        for key in ["url", "clone_url"] {
            let value = match key {
                "url" => runner.url.as_deref(),
                _ => runner.clone_url.as_deref(),
            };
            let Some(value) = value else { continue };
            // The runner passes `url` (not `clone_url`) through
            // `os.ExpandEnv` when it loads the file, so a variable anywhere
            // in it may supply the scheme.
            let expanded = key == "url" && value.contains('$');
            if value.is_empty() || value.starts_with('$') || expanded || value.contains("://") {
                continue;
            }
            let shown = crate::diagnostic::shorten(value, 400);
            let path = format!("runners[{i}].{key}");
            // A URL may carry credentials (`user:password@host`): never
            // repeat one that does.
            let (message, help) = if value.contains('@') {
                (
                    format!("`{key}` has no scheme"),
                    "start it with \"https://\" (or \"http://\")".to_owned(),
                )
            } else {
                (
                    format!("`{key}` {shown:?} has no scheme"),
                    format!("write \"https://{shown}\" (or \"http://{shown}\")"),
                )
            };
            out.push(
                Diagnostic::new(&URL_WITHOUT_SCHEME, message)
                    .at_opt(locate(spans, &path))
                    .key(&path)
                    .help(help),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_paths_on_both_platforms() {
        for p in [
            "/cache",
            "C:\\GitLab-Runner\\builds",
            "c:/x",
            "\\\\server\\share",
        ] {
            assert!(is_absolute(p), "{p}");
        }
        for p in ["cache", "./cache", "builds/x", "C:", "C:cache"] {
            assert!(!is_absolute(p), "{p}");
        }
    }
}
