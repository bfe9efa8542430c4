//! `[runners.feature_flags]`: names the runner does not know, and flags it
//! has deprecated.

use crate::load::Loaded;
use crate::model::{Config, FeatureFlag};
use crate::{Diagnostic, Rule, Severity, Stage};

use super::locate;

/// A name in `[runners.feature_flags]` that is no feature flag.
pub(crate) static UNKNOWN_FEATURE_FLAG: Rule = Rule {
    code: "unknown-feature-flag",
    severity: Severity::Warning,
    stage: Stage::Silent,
    summary: "a name in `[runners.feature_flags]` that is not a feature flag",
    explanation: "The runner looks each feature flag up by its exact name \
                  (`RunnerSettings.IsFeatureFlagOn`, `helpers/featureflags`); any other name \
                  in `[runners.feature_flags]` loads and is never read, so a misspelt or \
                  lower-case flag silently keeps its default.",
    bad: "[[runners]]\nexecutor = \"docker\"\n[runners.feature_flags]\n\
          FF_NETWORK_PER_BUIDL = true\n",
    good: "[[runners]]\nexecutor = \"docker\"\n[runners.feature_flags]\n\
           FF_NETWORK_PER_BUILD = true\n",
};

/// A flag the runner marks `Deprecated`.
pub(crate) static DEPRECATED_FEATURE_FLAG: Rule = Rule {
    code: "deprecated-feature-flag",
    severity: Severity::Info,
    stage: Stage::Silent,
    summary: "a feature flag the runner has deprecated",
    explanation: "GitLab Runner marks some feature flags `Deprecated` (`helpers/featureflags` \
                  `flags`): they still work, but they and the behaviour they switch are \
                  going away. `FF_USE_FASTZIP` is removed in GitLab Runner 19.7, after which \
                  fastzip is always used; `FF_TEST_FEATURE` only exists for the runner's own \
                  tests and does nothing.",
    bad: "[[runners]]\nexecutor = \"docker\"\n[runners.feature_flags]\nFF_USE_FASTZIP = false\n",
    good: "[[runners]]\nexecutor = \"docker\"\n[runners.feature_flags]\n\
           FF_NETWORK_PER_BUILD = true\n",
};

/// `name` as it appears in a key path: bare when TOML allows, else quoted.
fn path_key(name: &str) -> String {
    let bare = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        name.to_owned()
    } else {
        toml::Value::String(name.to_owned()).to_string()
    }
}

/// What the runner's deprecation says about `flag` set to `on`.
fn advice(flag: FeatureFlag, on: bool) -> (String, String) {
    let name = flag.as_str();
    if flag.is_test_only() {
        return (
            format!("`{name}` only exists for GitLab Runner's own tests and does nothing"),
            format!("remove `{name}`"),
        );
    }
    let removed = flag
        .removed_in()
        .map(|v| format!(" and is removed in GitLab Runner {v}"))
        .unwrap_or_default();
    let what = if flag == FeatureFlag::UseFastzip && !on {
        format!(
            "`{name}` is deprecated{removed}: the legacy zip implementation this selects goes \
             with it, and fastzip is always used after that"
        )
    } else if on == flag.default() {
        format!("`{name}` is deprecated{removed}; this sets its default")
    } else {
        format!("`{name}` is deprecated{removed}: what it switches off goes with it")
    };
    let help = if on == flag.default() {
        format!("remove `{name}`: it only repeats the default")
    } else {
        format!("test jobs without `{name} = {on}` and remove it before upgrading")
    };
    (what, help)
}

/// Runs the feature-flag rules.
pub fn run(loaded: &Loaded<Config>, out: &mut Vec<Diagnostic>) {
    let spans = loaded.spans();
    let version = loaded.runner_version();
    for (i, runner) in loaded.best_effort().runners.iter().enumerate() {
        for (name, &on) in &runner.feature_flags {
            // Where the flag is, only for a finding: most flags are fine.
            let place = || {
                let path = format!("runners[{i}].feature_flags.{}", path_key(name));
                let at = spans.key_span(&path).or_else(|| locate(spans, &path));
                (path, at)
            };
            match name.parse::<FeatureFlag>() {
                // Deprecated in the release the file is read for.
                Ok(flag) if version.flag_is_deprecated(flag.as_str()) => {
                    let (path, at) = place();
                    let (message, help) = advice(flag, on);
                    out.push(
                        Diagnostic::new(&DEPRECATED_FEATURE_FLAG, message)
                            .at_opt(at)
                            .key(path)
                            .help(help),
                    );
                }
                Ok(_) => {}
                // A flag the newest runner dropped, which this release knows.
                Err(_) if version.knows_feature_flag(name) => {}
                Err(err) => {
                    let (path, at) = place();
                    let shown = crate::diagnostic::shorten(name, 80);
                    let mut message =
                        format!("`{shown}` is not a feature flag: the runner never reads it");
                    if let Some(s) = err.suggestion() {
                        message.push_str(&format!("; did you mean `{s}`?"));
                    }
                    let help = match err.suggestion() {
                        Some(s) => format!("rename it to `{s}`"),
                        None => "remove it; `gitlab-runner --help` and the feature-flag \
                                 documentation list the flags this runner knows"
                            .to_owned(),
                    };
                    out.push(
                        Diagnostic::new(&UNKNOWN_FEATURE_FLAG, message)
                            .at_opt(at)
                            .key(path)
                            .help(help),
                    );
                }
            }
        }
    }
}
