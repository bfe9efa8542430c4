//! Where the file is kept: rules about the file itself, not only its text.
//!
//! GitLab Runner never looks at its config file's permissions or at where
//! it lies, and the loader only ever sees text, so these rules run where
//! the file is opened (the command line), which says where the text comes
//! from ([`Origin`]):
//!
//! - a deployed file (`/etc/gitlab-runner/config.toml`, anything outside a
//!   git work tree) that holds a runner token must be readable by its owner
//!   only (`config-file-permissions`);
//! - in a git work tree, mode bits mean nothing (git records 0644 or 0755,
//!   and a checkout applies the umask), but a real runner token in the file
//!   is one committed to the repository, or about to be:
//!   `runner-token-in-repository`.

use crate::load::Loaded;
use crate::model::Config;
use crate::{Diagnostic, Rule, Severity, Stage};

/// Where a checked text comes from, as far as the file rules care.
///
/// ```
/// use runner_config::check::check_file;
/// use runner_config::rules::file_mode::Origin;
///
/// let text = "[[runners]]\nurl = \"https://gitlab.com\"\ntoken = \"glrt-0123456789abcdef\"\n\
///             executor = \"shell\"\nrequest_concurrency = 2\n";
/// let codes = |origin| -> Vec<&str> {
///     check_file("config.toml", text, origin).diagnostics.iter().map(|d| d.code()).collect()
/// };
/// assert_eq!(codes(Origin::Deployed { mode: Some(0o644) }), ["config-file-permissions"]);
/// assert_eq!(codes(Origin::WorkTree), ["runner-token-in-repository"]);
/// assert!(codes(Origin::Text).is_empty());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Text with no file behind it (standard input, an editor's buffer):
    /// no file rule applies.
    Text,
    /// A file as deployed, outside any git work tree: who may read it
    /// matters. `mode` is its Unix `st_mode`, `None` where the platform
    /// has none.
    Deployed {
        /// The file's `st_mode`.
        mode: Option<u32>,
    },
    /// A file inside a git work tree: committed, or about to be. The
    /// command line finds out as git does, without running it: a `.git`
    /// directory or file in the file's directory or one above it, on the
    /// same file system, below `GIT_CEILING_DIRECTORIES`. A file git
    /// ignores counts too.
    WorkTree,
}

/// A config file that holds a runner token and that users other than its
/// owner can read.
pub(crate) static CONFIG_FILE_PERMISSIONS: Rule = Rule {
    code: "config-file-permissions",
    severity: Severity::Warning,
    stage: Stage::Silent,
    summary: "config file holding a runner token is readable by other users",
    explanation: "The `token` of a `[[runners]]` entry authenticates the runner to GitLab. \
                  Anyone who can read it can request jobs as this runner, and with them the \
                  jobs' source code and CI/CD variables, or remove the runner. GitLab Runner \
                  reads the file whatever its permissions, so nothing warns when a copy made \
                  by hand, by configuration management or in an image build ends up readable \
                  by the file's group or by every local user. Only the user the runner runs \
                  as needs to read it. Files in a git work tree are not checked: git keeps no \
                  permissions but the executable bit, so there the question is whether the \
                  token belongs in the repository at all (`runner-token-in-repository`).",
    bad: "$ chmod 644 /etc/gitlab-runner/config.toml\n",
    good: "$ chmod 600 /etc/gitlab-runner/config.toml\n",
};

/// A real runner token in a file inside a git work tree.
pub(crate) static RUNNER_TOKEN_IN_REPOSITORY: Rule = Rule {
    code: "runner-token-in-repository",
    severity: Severity::Warning,
    stage: Stage::Silent,
    summary: "a real runner token in a config file kept in a git repository",
    explanation: "The `token` of a `[[runners]]` entry authenticates the runner to GitLab: \
                  whoever reads it can take this runner's jobs, with their source code and \
                  CI/CD variables. Committed to a repository, it is readable by everyone who \
                  can read the repository and stays in its history after it is removed from \
                  the file. GitLab Runner expands `$VARIABLE` and `${VARIABLE}` in `token` from \
                  its environment when it loads the file (`common/config.go`, \
                  `RunnerConfig.loadConfig`, `os.ExpandEnv`), so a repository needs only the \
                  variable's name. A token already committed must be reset in GitLab. The \
                  finding is a warning, like `config-file-permissions`, because severity \
                  follows what happens to the runner's jobs and the runner works as usual; \
                  `--deny runner-token-in-repository` makes it fail a CI check.",
    bad: "[[runners]]\nname = \"build\"\ntoken = \"glrt-t0k3nOfRunnerOne\"\nexecutor = \"shell\"\n",
    good: "[[runners]]\nname = \"build\"\ntoken = \"$RUNNER_TOKEN\"\nexecutor = \"shell\"\n",
};

/// The file rules for a text loaded as `loaded`, coming from `origin`;
/// findings are appended to `out`. For a deployed file, at most one
/// finding about the whole file (no span); in a work tree, one finding at
/// each real token.
pub(crate) fn run(loaded: &Loaded<Config>, origin: Origin, out: &mut Vec<Diagnostic>) {
    match origin {
        Origin::Text | Origin::Deployed { mode: None } => {}
        Origin::Deployed { mode: Some(mode) } => {
            out.extend(check(mode, holds_token(loaded.best_effort())));
        }
        Origin::WorkTree => committed_tokens(loaded, out),
    }
}

/// `runner-token-in-repository` at each runner entry whose token is real.
/// The token is never quoted: the entry is named by its index.
fn committed_tokens(loaded: &Loaded<Config>, out: &mut Vec<Diagnostic>) {
    for (i, runner) in loaded.best_effort().runners.iter().enumerate() {
        if !runner.token.as_deref().is_some_and(is_real_token) {
            continue;
        }
        let path = format!("runners[{i}].token");
        out.push(
            Diagnostic::new(
                &RUNNER_TOKEN_IN_REPOSITORY,
                format!("runner {i}'s `token` is a real token, in a file inside a git work tree"),
            )
            .at_opt(super::locate(loaded.spans(), &path))
            .key(path)
            .help(
                "write `token = \"$RUNNER_TOKEN\"` and give the runner that variable; if the \
                 token was ever committed, reset it in GitLab",
            ),
        );
    }
}

/// Group-read and other-read permission bits.
const READABLE_BY_OTHERS: u32 = 0o044;

/// The finding for a file with Unix permission bits `mode` (as in
/// `st_mode`; file-type bits are ignored), if it holds a runner token and
/// its group or other users may read it.
///
/// The finding has no span: it is about the whole file.
///
/// ```
/// use runner_config::rules::file_mode;
///
/// let d = file_mode::check(0o100644, true).unwrap();
/// assert_eq!(d.code(), "config-file-permissions");
/// assert!(d.message().contains("0644"));
/// assert!(file_mode::check(0o100600, true).is_none());
/// assert!(file_mode::check(0o100644, false).is_none());
/// ```
pub fn check(mode: u32, holds_token: bool) -> Option<Diagnostic> {
    if !holds_token || mode & READABLE_BY_OTHERS == 0 {
        return None;
    }
    let who = match (mode & 0o040 != 0, mode & 0o004 != 0) {
        (true, true) => "its group and by all other users",
        (true, false) => "its group",
        _ => "all other users",
    };
    Some(
        Diagnostic::new(
            &CONFIG_FILE_PERMISSIONS,
            format!(
                "the file holds a runner token and is readable by {who} (mode {:04o})",
                mode & 0o7777
            ),
        )
        .help("make it readable by its owner only: `chmod 600` the file"),
    )
}

/// Whether a loaded config holds a runner token: a `token` of a
/// `[[runners]]` entry that is neither empty nor an obvious placeholder
/// (`glrt-EXAMPLE…`, `REDACTED`, `<token>`, `${RUNNER_TOKEN}`, `xxxx`): a
/// placeholder grants nothing, so its file's mode does not matter.
///
/// ```
/// use runner_config::rules::file_mode::holds_token;
///
/// let holds = |text: &str| holds_token(runner_config::load::load(text).best_effort());
/// assert!(holds("[[runners]]\ntoken = \"glrt-x\"\n"));
/// assert!(holds("[[Runners]]\nTOKEN = \"glrt-x\"\n"));
/// assert!(!holds("[[runners]]\ntoken = \"\"\n"));
/// assert!(!holds("[[runners]]\ntoken = \"glrt-EXAMPLE0000\"\n"));
/// assert!(!holds("[[runners]]\nscript = \"\"\"\ntoken = \"x\"\n\"\"\"\n"));
/// ```
pub fn holds_token(config: &Config) -> bool {
    config
        .runners
        .iter()
        .filter_map(|runner| runner.token.as_deref())
        .any(is_real_token)
}

/// A token that grants something: not empty, not a `$VARIABLE` or other
/// template, not a placeholder.
pub(crate) fn is_real_token(token: &str) -> bool {
    !token.trim().is_empty()
        && !super::tokens::is_template(token)
        && !super::tokens::is_placeholder(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_group_or_other_read_bits_matter() {
        for mode in [0o600, 0o700, 0o400, 0o620, 0o602, 0o100600, 0o4700] {
            assert_eq!(check(mode, true), None, "{mode:o}");
        }
        for mode in [0o644, 0o640, 0o604, 0o666, 0o777, 0o100644] {
            assert!(check(mode, true).is_some(), "{mode:o}");
            assert_eq!(check(mode, false), None, "{mode:o}");
        }
    }

    #[test]
    fn message_names_who_can_read() {
        let message = |mode| check(mode, true).map(|d| d.message().to_owned());
        assert_eq!(
            message(0o100644).as_deref(),
            Some(
                "the file holds a runner token and is readable by its group and by all \
                 other users (mode 0644)"
            )
        );
        assert_eq!(
            message(0o640).as_deref(),
            Some("the file holds a runner token and is readable by its group (mode 0640)")
        );
        assert_eq!(
            message(0o604).as_deref(),
            Some("the file holds a runner token and is readable by all other users (mode 0604)")
        );
    }

    #[test]
    fn finding_is_a_spanless_warning() {
        let d = check(0o644, true).expect("a finding");
        assert_eq!(d.severity(), Severity::Warning);
        assert_eq!(d.span(), None);
        assert_eq!(
            crate::rules::find("config-file-permissions"),
            Some(&CONFIG_FILE_PERMISSIONS)
        );
    }

    /// `holds_token` of the model the loader makes of `text`, partial or not.
    fn holds(text: &str) -> bool {
        holds_token(crate::load::load(text).best_effort())
    }

    #[test]
    fn token_is_found_only_in_runner_entries() {
        assert!(holds(
            "[[runners]]\nname = \"a\"\n[[runners]]\ntoken = \"t\"\n"
        ));
        assert!(holds("runners = [{ token = \"t\" }]\n"));
        assert!(holds("[[runners]]\n\"token\" = 't'\nbroken =\n"));
        assert!(!holds("token = \"t\"\n"));
        assert!(!holds("[[runners]]\n[runners.docker]\ntoken = \"t\"\n"));
        assert!(!holds("[[runners]]\ntoken = 1\n"));
        assert!(!holds(""));
        assert!(!holds("\u{0}\u{ffff}[[["));
    }

    /// The codes the file rules find in `text` coming from `origin`.
    fn codes(text: &str, origin: Origin) -> Vec<(&'static str, Option<String>)> {
        let mut out = Vec::new();
        run(&crate::load::load(text), origin, &mut out);
        out.iter()
            .map(|d| (d.code(), d.key_path().map(str::to_owned)))
            .collect()
    }

    #[test]
    fn work_trees_get_the_token_rule_instead_of_the_mode_rule() {
        let text = "[[runners]]\ntoken = \"glrt-t0k3n\"\n[[runners]]\ntoken = \"$RUNNER_TOKEN\"\n\
                    [[runners]]\ntoken = \"glrt-EXAMPLE0000\"\n[[runners]]\ntoken = \"GR1348941x\"\n";
        assert_eq!(
            codes(text, Origin::WorkTree),
            [
                (
                    "runner-token-in-repository",
                    Some("runners[0].token".to_owned())
                ),
                (
                    "runner-token-in-repository",
                    Some("runners[3].token".to_owned())
                ),
            ]
        );
        assert_eq!(
            codes(text, Origin::Deployed { mode: Some(0o644) }),
            [("config-file-permissions", None)]
        );
        assert!(codes(text, Origin::Deployed { mode: Some(0o600) }).is_empty());
        assert!(codes(text, Origin::Deployed { mode: None }).is_empty());
        assert!(codes(text, Origin::Text).is_empty());
        // Only placeholders and variables: nothing leaks.
        let safe = "[[runners]]\ntoken = \"${RUNNER_TOKEN}\"\n[[runners]]\ntoken = \"\"\n";
        assert!(codes(safe, Origin::WorkTree).is_empty());
    }

    #[test]
    fn the_token_finding_points_at_the_value_and_never_repeats_it() {
        let text = "[[runners]]\nname = \"a\"\ntoken = \"glrt-t0k3nSECRET\"\n";
        let loaded = crate::load::load(text);
        let mut out = Vec::new();
        run(&loaded, Origin::WorkTree, &mut out);
        let finding = &out[0];
        let span = finding.span().expect("a span");
        assert_eq!(&text[span], "\"glrt-t0k3nSECRET\"");
        assert_eq!(finding.severity(), Severity::Warning);
        let shown = format!(
            "{} {}",
            finding.message(),
            finding.help_text().unwrap_or("")
        );
        assert!(!shown.contains("t0k3n"), "{shown}");
    }
}
