//! The codes that depend on the runner release a file is checked for.

use crate::{Rule, Severity, Stage};

/// The release asked for is newer than the data.
pub(crate) static RUNNER_VERSION_NEWER_THAN_DATA: Rule = Rule {
    code: "runner-version-newer-than-data",
    severity: Severity::Info,
    stage: Stage::Silent,
    summary: "the runner release asked for is newer than what runner-config knows",
    explanation: "runner-config knows the keys, feature flags and TOML decoder of every GitLab \
                  Runner minor release from 15.0 to the newest in its data. A newer release is \
                  checked as that newest one: keys and flags it added are reported as \
                  unknown, and anything it changed is not seen. Upgrade runner-config to check \
                  for it exactly.",
    bad: "# --runner-version 99.0\nconcurrent = 4\n",
    good: "# --runner-version 19.4\nconcurrent = 4\n",
};

/// A key this release does not read yet.
pub(crate) static UNKNOWN_KEY_TOO_NEW: Rule = Rule {
    code: "unknown-key-too-new",
    severity: Severity::Warning,
    stage: Stage::Silent,
    summary: "key that this GitLab Runner release does not read yet",
    explanation: "GitLab Runner decodes config.toml into its own Go structs with \
                  BurntSushi/toml, which ignores keys the structs do not have \
                  (`toml.DecodeFile` in `common/config.go` `LoadConfig`; they only show in \
                  `MetaData.Undecoded`). A key added in a later release is therefore silently \
                  ignored by an older runner, and the setting falls back to what that runner \
                  does without it. Before 15.1 (Docker) and 15.2 (Kubernetes) that includes \
                  `allowed_pull_policies`: such a runner pulls every image with its own \
                  `pull_policy` and ignores the policy a job asks for.",
    bad: "# --runner-version 18.4\n[[runners]]\nexecutor = \"shell\"\n[runners.labels]\nteam = \"build\"\n",
    good: "# --runner-version 18.5\n[[runners]]\nexecutor = \"shell\"\n[runners.labels]\nteam = \"build\"\n",
};

/// A feature flag this release does not know yet.
pub(crate) static UNKNOWN_FEATURE_FLAG_TOO_NEW: Rule = Rule {
    code: "unknown-feature-flag-too-new",
    severity: Severity::Warning,
    stage: Stage::Silent,
    summary: "feature flag that this GitLab Runner release does not know yet",
    explanation: "The runner only ever asks for the flags its code knows (listed in \
                  `helpers/featureflags/flags.go`; `RunnerSettings.IsFeatureFlagOn` in \
                  `common/config.go` looks each up by name): any other name in \
                  `[runners.feature_flags]` loads and is never read. A flag added in a later release therefore \
                  does nothing on an older runner, which keeps the behaviour the flag would \
                  change.",
    bad: "# --runner-version 15.9\n[[runners]]\nexecutor = \"kubernetes\"\n[runners.feature_flags]\n\
          FF_USE_ADVANCED_POD_SPEC_CONFIGURATION = true\n",
    good: "# --runner-version 15.10\n[[runners]]\nexecutor = \"kubernetes\"\n[runners.feature_flags]\n\
           FF_USE_ADVANCED_POD_SPEC_CONFIGURATION = true\n",
};

/// A feature flag this release no longer knows.
pub(crate) static UNKNOWN_FEATURE_FLAG_REMOVED: Rule = Rule {
    code: "unknown-feature-flag-removed",
    severity: Severity::Warning,
    stage: Stage::Silent,
    summary: "feature flag that this GitLab Runner release no longer knows",
    explanation: "When a feature flag is removed from GitLab Runner \
                  (`helpers/featureflags/flags.go`), the behaviour it switched becomes fixed: the runner ignores the name \
                  without a word, so setting it changes nothing any more.",
    bad: "# --runner-version 17.0\n[[runners]]\nexecutor = \"shell\"\n[runners.feature_flags]\n\
          FF_USE_NEW_SHELL_ESCAPE = true\n",
    good: "# --runner-version 16.11\n[[runners]]\nexecutor = \"shell\"\n[runners.feature_flags]\n\
           FF_USE_NEW_SHELL_ESCAPE = true\n",
};

/// TOML this release's decoder does not read.
pub(crate) static UNSUPPORTED_TOML: Rule = Rule {
    code: "unsupported-toml",
    severity: Severity::Error,
    stage: Stage::Load,
    summary: "TOML that this GitLab Runner release's decoder refuses",
    explanation: "Each GitLab Runner release reads config.toml with the BurntSushi/toml it \
                  bundles (`go.mod`; `toml.DecodeFile` in `common/config.go` `LoadConfig`) \
                  and refuses to load a file it cannot decode. 15.0 to 15.8 bundle v0.3.1, \
                  which reads TOML 0.4: no dotted keys, no hexadecimal, octal or binary \
                  integers, no `inf` or `nan`, no local times, no space for the `T` of a \
                  date-time, no arrays mixing types, no quote just before the end of a \
                  multi-line string, no space after a line-ending backslash (and a panic \
                  on one before a CRLF line end), durations only as integer \
                  nanoseconds (`\"90s\"` is refused), and no integer where a float is \
                  expected. 15.9 to 18.8 bundle v1.2 to v1.4, which read TOML 1.0: TOML \
                  1.1's newlines and trailing commas inside inline tables, the `\\e` and \
                  `\\xHH` escapes and times without seconds are refused unless the \
                  runner's environment sets `BURNTSUSHI_TOML_110`. 18.9 and later bundle \
                  v1.6.0, which reads TOML 1.1.",
    bad: "# --runner-version 18.2\n[[runners]]\nexecutor = \"docker\"\n\
          docker = { image = \"alpine:3.19\",\n           privileged = false }\n",
    good: "# --runner-version 18.2\n[[runners]]\nexecutor = \"docker\"\n\
           docker = { image = \"alpine:3.19\", privileged = false }\n",
};

/// TOML this release accepts and a later release refuses.
pub(crate) static TOML_REFUSED_AFTER_UPGRADE: Rule = Rule {
    code: "toml-refused-after-upgrade",
    severity: Severity::Warning,
    stage: Stage::Load,
    summary: "TOML this GitLab Runner release accepts but a later release refuses",
    explanation: "BurntSushi/toml v1.2 to v1.4 (GitLab Runner 15.9 to 18.8) let a key be set \
                  again when either value is an array, keeping the last one (`setValue` in \
                  `parse.go`: a key recorded as an array is replaced). v0.3.1 (15.0 to 15.8) \
                  and v1.6.0 (18.9 and later, `Reject duplicate arrays`) refuse the file: \
                  `Key '…' has already been defined.` The runner loads it today, without the \
                  first value, and stops loading it after an upgrade.",
    bad: "# --runner-version 18.8\n[runners.docker]\nallowed_images = [\"alpine:*\"]\n\
          allowed_images = [\"ruby:*\"]\n",
    good: "# --runner-version 18.8\n[runners.docker]\nallowed_images = [\"alpine:*\", \"ruby:*\"]\n",
};

/// Every code of this module, in the order `rules` lists them.
static RULES: &[&Rule] = &[
    &RUNNER_VERSION_NEWER_THAN_DATA,
    &UNKNOWN_KEY_TOO_NEW,
    &UNKNOWN_FEATURE_FLAG_TOO_NEW,
    &UNKNOWN_FEATURE_FLAG_REMOVED,
    &UNSUPPORTED_TOML,
    &TOML_REFUSED_AFTER_UPGRADE,
];

/// The codes whose findings depend on the runner release a file is checked
/// for (`--runner-version`).
pub fn rules() -> impl Iterator<Item = &'static Rule> {
    RULES.iter().copied()
}
