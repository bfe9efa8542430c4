//! Who may read the file: a rule about the file itself, not its text.
//!
//! GitLab Runner never looks at its config file's permissions and the loader
//! only ever sees text, so this rule runs where the file is opened (the
//! command line), on the file's mode bits.

use crate::model::Config;
use crate::{Diagnostic, Rule, Severity, Stage};

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
                  as needs to read it.",
    bad: "$ chmod 644 /etc/gitlab-runner/config.toml\n",
    good: "$ chmod 600 /etc/gitlab-runner/config.toml\n",
};

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
        .any(|token| {
            !token.trim().is_empty()
                && !super::tokens::is_template(token)
                && !super::tokens::is_placeholder(token)
        })
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
}
