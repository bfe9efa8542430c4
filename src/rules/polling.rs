//! What stops a `[[runners]]` entry from ever asking GitLab for a job: no
//! executor, or an address the runner's HTTP client refuses.
//!
//! A registration template gets both from `gitlab-runner register`, so
//! these rules only look at a `config.toml`.

use crate::check::Mode;
use crate::load::Loaded;
use crate::model::Config;
use crate::{Diagnostic, Rule, Severity, Stage};

use super::locate;

/// A `[[runners]]` entry without `executor`.
pub(crate) static MISSING_EXECUTOR: Rule = Rule {
    code: "missing-executor",
    severity: Severity::Error,
    stage: Stage::Polling,
    summary: "a `[[runners]]` entry without `executor` never takes a job",
    explanation: "Each time the runner polls for an entry it looks its `executor` up by \
                  name (`RunCommand.processRunner`). With none, it logs `Executor \"\" is \
                  not known; marking Runner as unhealthy` (from 15.6; earlier runners say \
                  nothing) and asks for no job, so the entry never runs one. `gitlab-runner register` writes the executor; a \
                  registration template (`check --template`) may leave it out.",
    bad: "[[runners]]\nname = \"build\"\nurl = \"https://gitlab.example.com\"\n",
    good: "[[runners]]\nname = \"build\"\nurl = \"https://gitlab.example.com\"\n\
           executor = \"shell\"\n",
};

/// `url` empty, without a scheme, or with one other than http(s).
pub(crate) static URL_NOT_HTTP: Rule = Rule {
    code: "url-not-http",
    severity: Severity::Error,
    stage: Stage::Polling,
    summary: "`url` is missing, empty or not an `http://` or `https://` address",
    explanation: "The runner builds its GitLab API client from `url` (after expanding \
                  `$VARIABLES` from its environment) and refuses any address whose scheme \
                  is not `http` or `https`, in any case (`network/client.go` `newClient`: \
                  `only http or https scheme supported`). An empty or missing `url`, \
                  `gitlab.example.com` without a scheme, or `ftp://…` therefore fails every \
                  request: the entry never receives a job.",
    bad: "[[runners]]\nurl = \"gitlab.example.com\"\nexecutor = \"shell\"\n",
    good: "[[runners]]\nurl = \"https://gitlab.example.com\"\nexecutor = \"shell\"\n",
};

/// The scheme Go's `url.Parse` finds in `raw`, lower-cased, or why it
/// finds none (`getScheme`: a letter, then letters, digits, `+`, `-` or
/// `.`, up to the first `:`).
pub(crate) fn go_url_scheme(raw: &str) -> Result<String, &'static str> {
    for (i, c) in raw.char_indices() {
        match c {
            'a'..='z' | 'A'..='Z' => {}
            '0'..='9' | '+' | '-' | '.' if i > 0 => {}
            ':' if i == 0 => return Err("missing protocol scheme"),
            ':' => return Ok(raw[..i].to_ascii_lowercase()),
            _ => return Err("no scheme"),
        }
    }
    Err("no scheme")
}

/// Why the runner's client refuses `url`, if it does. `None` for a value
/// only the runner's environment can decide (`$VAR`).
fn refusal(url: &str) -> Option<&'static str> {
    // `os.ExpandEnv` runs first: whatever a variable holds is unknown here.
    if url.contains('$') {
        return None;
    }
    if url.chars().any(|c| c < ' ' || c == '\u{7f}') {
        return Some("net/url: invalid control character in URL");
    }
    match go_url_scheme(url) {
        Ok(scheme) if scheme == "http" || scheme == "https" => None,
        _ => Some("only http or https scheme supported"),
    }
}

/// Runs the polling rules on a `config.toml`.
pub fn run(loaded: &Loaded<Config>, mode: Mode, out: &mut Vec<Diagnostic>) {
    if mode != Mode::Config {
        return;
    }
    let spans = loaded.spans();
    for (i, runner) in loaded.best_effort().runners.iter().enumerate() {
        let entry = format!("runners[{i}]");
        let executor = format!("{entry}.executor");
        // A written but rejected executor has its own finding.
        if runner.executor.is_none() && !spans.contains(&executor) {
            out.push(
                Diagnostic::new(
                    &MISSING_EXECUTOR,
                    // The runner logs it from 15.6; before, it skips the
                    // entry without a word (`processRunner`).
                    if loaded.runner_version().at_least(15, 6) {
                        format!(
                            "runner {i} has no `executor`: it never takes a job (the runner \
                             logs `Executor \"\" is not known; marking Runner as unhealthy`)"
                        )
                    } else {
                        format!(
                            "runner {i} has no `executor`: it never takes a job (the runner \
                             skips it without a word)"
                        )
                    },
                )
                .at_opt(locate(spans, &entry))
                .key(executor)
                .help(
                    "set `executor` to the one the runner was registered for, e.g. \
                     \"docker\", \"shell\" or \"kubernetes\"",
                ),
            );
        }
        let path = format!("{entry}.url");
        let url = match runner.url.as_deref() {
            Some(url) => url,
            // Written with the wrong type: the loader reported it.
            None if spans.contains(&path) => continue,
            None => "",
        };
        let Some(refused) = refusal(url) else {
            continue;
        };
        let shown = crate::diagnostic::shorten(url, 400);
        // A URL may carry credentials (`user:password@host`): never
        // repeat one that does.
        let (what, help) = if !spans.contains(&path) {
            (
                format!("runner {i} has no `url`"),
                "set `url` to the GitLab instance's address, e.g. \"https://gitlab.com\""
                    .to_owned(),
            )
        } else if url.trim().is_empty() {
            (
                "`url` is empty".to_owned(),
                "set `url` to the GitLab instance's address, e.g. \"https://gitlab.com\""
                    .to_owned(),
            )
        } else if url.contains('@') || refused.contains("control") {
            (
                "`url` is not an http(s) address".to_owned(),
                "start it with \"https://\" (or \"http://\")".to_owned(),
            )
        } else if go_url_scheme(url).is_err() || url.contains(':') && !url.contains("://") {
            (
                format!("`url` {shown:?} has no scheme"),
                format!("write \"https://{shown}\" (or \"http://{shown}\")"),
            )
        } else {
            (
                format!("`url` {shown:?} is not an http(s) address"),
                "use the `https://` (or `http://`) address of the GitLab instance".to_owned(),
            )
        };
        let it = if url.trim().is_empty() {
            "an empty address"
        } else {
            "it"
        };
        out.push(
            Diagnostic::new(
                &URL_NOT_HTTP,
                format!(
                    "{what}: the runner's GitLab client refuses {it} (`{refused}`), so this \
                     entry never takes a job"
                ),
            )
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
    fn schemes_as_go_finds_them() {
        assert_eq!(go_url_scheme("https://gitlab.com").as_deref(), Ok("https"));
        assert_eq!(go_url_scheme("HTTP://gitlab.com").as_deref(), Ok("http"));
        assert_eq!(
            go_url_scheme("gitlab.example.com:8080").as_deref(),
            Ok("gitlab.example.com")
        );
        assert!(go_url_scheme("10.0.0.1:8080").is_err());
        assert!(go_url_scheme(":foo").is_err());
        assert!(go_url_scheme("gitlab.example.com").is_err());
        assert!(go_url_scheme("").is_err());
    }

    #[test]
    fn refusals() {
        assert_eq!(refusal("https://gitlab.com"), None);
        assert_eq!(refusal("HTTPS://gitlab.com/"), None);
        assert_eq!(refusal("$CI_SERVER_URL"), None);
        assert_eq!(refusal("https://${HOST}"), None);
        assert!(refusal("").is_some());
        assert!(refusal("gitlab.com").is_some());
        assert!(refusal("ftp://gitlab.com").is_some());
        assert!(refusal("https://gitlab.com\n").is_some());
    }
}
