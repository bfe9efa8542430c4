//! Directories and addresses the runner uses as given: a relative
//! `builds_dir`/`cache_dir` and a `clone_url` without a scheme.
//!
//! `builds_dir` on a Docker executor, which fails every job, is in
//! [`super::jobs`]; `url`, which stops the entry from polling, in
//! [`super::polling`].

use crate::check::Mode;
use crate::load::Loaded;
use crate::model::Config;
use crate::policy::PolicyExecutor;
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
                  lands under whatever directory the runner process was started in, and \
                  inside a container under the job's working directory. Caches then end \
                  up somewhere unexpected or are not kept at all. Write the full path. (A \
                  relative `builds_dir` on a Docker executor fails every job: that is \
                  `invalid-docker-builds-dir`; a relative `[runners.docker] cache_dir` \
                  fails the jobs that keep a cache volume: `relative-docker-cache-dir`.)",
    bad: "[[runners]]\nexecutor = \"docker\"\ncache_dir = \"cache\"\n",
    good: "[[runners]]\nexecutor = \"docker\"\ncache_dir = \"/cache\"\n",
};

/// `clone_url` without `http://` or `https://`.
pub(crate) static CLONE_URL_WITHOUT_SCHEME: Rule = Rule {
    code: "clone-url-without-scheme",
    severity: Severity::Warning,
    stage: Stage::Silent,
    summary: "`clone_url` has no scheme, so the runner ignores it",
    explanation: "`clone_url` replaces the scheme, host and path prefix of the repository \
                  URL each job clones from. The runner only uses it when it has a scheme \
                  (`helpers/url/gitauth.go` `GetRemoteURL`): `gitlab.example.com` without \
                  `https://` is ignored without a word, and jobs clone from the address \
                  GitLab sends instead.",
    bad: "[[runners]]\nurl = \"https://gitlab.example.com\"\nclone_url = \"gitlab.internal\"\n\
          executor = \"shell\"\n",
    good: "[[runners]]\nurl = \"https://gitlab.example.com\"\n\
           clone_url = \"https://gitlab.internal\"\nexecutor = \"shell\"\n",
};

/// Whether `path` is absolute on Unix or Windows (`C:\…`, `C:/…`, `\\…`).
/// A drive followed by a control character is `C:\builds` in double
/// quotes, meant as absolute: `escaped-windows-path` reports it.
fn is_absolute(path: &str) -> bool {
    let bytes = path.as_bytes();
    let drive = bytes.len() >= 3
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && matches!(
            bytes[2],
            b'\\' | b'/' | 0x08 | b'\t' | b'\n' | 0x0c | b'\r' | 0x1b
        );
    path.starts_with('/') || path.starts_with('\\') || drive
}

/// Whether a path should not be judged: empty (unset) or decided by a
/// variable or template the runner or a tool expands first.
fn is_templated(value: &str) -> bool {
    value.is_empty() || value.starts_with('$') || value.starts_with('~') || value.contains("{{")
}

/// Runs the path and address rules.
pub fn run(loaded: &Loaded<Config>, _mode: Mode, out: &mut Vec<Diagnostic>) {
    let spans = loaded.spans();
    for (i, runner) in loaded.best_effort().runners.iter().enumerate() {
        let docker = runner
            .executor
            .is_some_and(|e| e.pull_manager() == Some(PolicyExecutor::Docker));
        let dirs = [
            // Docker executors refuse it outright: `super::jobs`.
            (
                "builds_dir",
                runner.builds_dir.as_deref().filter(|_| !docker),
            ),
            ("cache_dir", runner.cache_dir.as_deref()),
            // Where jobs fail for it: `super::jobs`.
            (
                "docker.cache_dir",
                runner
                    .docker
                    .as_ref()
                    .and_then(|d| d.cache_dir.as_deref())
                    .filter(|_| super::jobs::relative_docker_cache_dir(runner).is_none()),
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
        let Some(value) = runner.clone_url.as_deref() else {
            continue;
        };
        // `GetRemoteURL` uses `clone_url` only when `url.Parse` finds a
        // scheme in it (an error counts as none).
        if value.is_empty()
            || value.contains("{{")
            || super::polling::go_url_scheme(value).is_ok_and(|s| !s.is_empty())
        {
            continue;
        }
        let shown = crate::diagnostic::shorten(value, 400);
        let path = format!("runners[{i}].clone_url");
        // A URL may carry credentials (`user:password@host`): never
        // repeat one that does.
        let (message, help) = if value.contains('@') {
            (
                "`clone_url` has no scheme, so the runner ignores it and clones from the \
                 address GitLab sends"
                    .to_owned(),
                "start it with \"https://\" (or \"http://\")".to_owned(),
            )
        } else {
            (
                format!(
                    "`clone_url` {shown:?} has no scheme, so the runner ignores it and clones \
                     from the address GitLab sends"
                ),
                format!("write \"https://{shown}\" (or \"http://{shown}\")"),
            )
        };
        out.push(
            Diagnostic::new(&CLONE_URL_WITHOUT_SCHEME, message)
                .at_opt(locate(spans, &path))
                .key(path)
                .help(help),
        );
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
