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

/// Every rule the loader can report.
pub(crate) static RULES: &[&Rule] = &[&UNKNOWN_KEY];
