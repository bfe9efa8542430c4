//! The loader's diagnostic codes.

use crate::{Rule, Severity};

/// A key GitLab Runner does not know in this table; the runner ignores it.
pub(crate) static UNKNOWN_KEY: Rule = Rule {
    code: "unknown-key",
    severity: Severity::Warning,
    summary: "key that GitLab Runner does not read in this table",
    explanation: "GitLab Runner silently ignores keys it does not know, so a misspelt key \
                  has no effect and the default applies.",
    bad: "[runners.docker]\npull_policies = \"if-not-present\"\n",
    good: "[runners.docker]\npull_policy = \"if-not-present\"\n",
};

/// Text that is not valid TOML; the runner refuses to load the file.
pub(crate) static SYNTAX_ERROR: Rule = Rule {
    code: "syntax-error",
    severity: Severity::Error,
    summary: "the file is not valid TOML",
    explanation: "GitLab Runner refuses to start with a config.toml it cannot parse \
                  (`decoding configuration file: toml: …`), and a running runner keeps \
                  its old configuration when a reload fails.",
    bad: "[runners.kubernetes]\nmemory_limit = 3GB\n",
    good: "[runners.kubernetes]\nmemory_limit = \"3Gi\"\n",
};

/// Every rule the loader can report.
pub(crate) static RULES: &[&Rule] = &[&SYNTAX_ERROR, &UNKNOWN_KEY];
