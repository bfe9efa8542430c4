//! The loader's diagnostic codes.
//!
//! Every code whose finding is "the runner does not read this key" contains
//! `unknown-key`, so `--allow 'unknown-key*'`-style filters and scripts that
//! grep for it catch all of them.

use crate::{Rule, Severity};

/// Text that is not valid TOML; the runner refuses to load the file.
pub(crate) static SYNTAX_ERROR: Rule = Rule {
    code: "syntax-error",
    severity: Severity::Error,
    summary: "text that GitLab Runner's TOML decoder refuses",
    explanation: "GitLab Runner reads config.toml with BurntSushi/toml v1.6.0 (TOML 1.1) and \
                  refuses to start with a file it cannot parse (`decoding configuration file: \
                  toml: …`); a running runner keeps its old configuration when a reload \
                  fails. Besides TOML's grammar, the decoder refuses a key or table defined \
                  twice, integers outside 64 bits, floats too large for 64 bits, and \
                  date-times Go's `time` package cannot read (such as a 60th second).",
    bad: "[runners.kubernetes]\nmemory_limit = 3GB\n",
    good: "[runners.kubernetes]\nmemory_limit = \"3Gi\"\n",
};

/// TOML the specification forbids but GitLab Runner's decoder accepts.
pub(crate) static LENIENT_TOML: Rule = Rule {
    code: "lenient-toml",
    severity: Severity::Warning,
    summary: "invalid TOML that only GitLab Runner's lenient decoder accepts",
    explanation: "GitLab Runner's TOML decoder (BurntSushi/toml v1.6.0) accepts some files the \
                  TOML specification forbids, all about adding to a table already defined: a \
                  `[runners.docker]` header after `docker.image = …` in the same `[[runners]]` \
                  entry, a dotted key adding to a table a header defined, keys added to an \
                  inline table, a key set twice when the first value is a table. Its parser \
                  lets a table it created implicitly be defined again (`parse.go`, \
                  `setValue` and the `implicits` set), so the runner loads the file and \
                  merges the keys (or, for a key set twice, keeps or replaces one value). \
                  taplo, editors and other TOML tools reject the file.",
    bad: "[[runners]]\nexecutor = \"docker\"\ndocker.image = \"alpine\"\n[runners.docker]\nprivileged = false\n",
    good: "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\nimage = \"alpine\"\nprivileged = false\n",
};

/// Valid TOML whose keys GitLab Runner's decoder drops.
pub(crate) static TOML_KEYS_DROPPED: Rule = Rule {
    code: "toml-keys-dropped",
    severity: Severity::Warning,
    summary: "keys that GitLab Runner's TOML decoder silently drops",
    explanation: "BurntSushi/toml records the type of each key path without its position in an \
                  array of tables (`keyInfo` in `parse.go`). When one `[[runners]]` entry has \
                  an array at a path where a later entry builds a table with dotted keys, \
                  each further dotted key makes the decoder start that table again \
                  (`setValue`: an implicit key recorded as an array is replaced), so the keys \
                  set before it are lost, without an error.",
    bad: "[[runners]]\nx = [1]\n[[runners]]\nx.a = 1\nx.b = 2\n",
    good: "[[runners]]\nx = [1]\n[[runners]]\nx = { a = 1, b = 2 }\n",
};

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

/// A key the runner used to read and no longer does.
pub(crate) static UNKNOWN_KEY_REMOVED: Rule = Rule {
    code: "unknown-key-removed",
    severity: Severity::Warning,
    summary: "key that GitLab Runner no longer reads",
    explanation: "Keys removed from GitLab Runner are ignored without a word: \
                  `pre_clone_script` stopped working in 17.0, and the pre-11.3 cache \
                  settings written directly under `[runners.cache]` are no longer read at \
                  all, so the job silently loses its pre-clone step or its cache \
                  credentials.",
    bad: "[[runners]]\npre_clone_script = \"git config --global http.sslVerify false\"\n",
    good: "[[runners]]\npre_get_sources_script = \"git config --global http.sslVerify false\"\n",
};

/// A `gitlab-runner register` option written into `config.toml`.
pub(crate) static UNKNOWN_KEY_REGISTRATION_OPTION: Rule = Rule {
    code: "unknown-key-registration-option",
    severity: Severity::Warning,
    summary: "registration option that is not a config.toml key",
    explanation: "Tags, `run_untagged`, `locked`, the access level and the maximum timeout \
                  are sent to GitLab when a runner is registered and are stored there; \
                  GitLab Runner never reads them from config.toml, so changing them in the \
                  file changes nothing.",
    bad: "[[runners]]\nname = \"build\"\ntag_list = [\"docker\"]\n",
    good: "[[runners]]\nname = \"build\"\n# tags: set in GitLab, under the runner's settings\n",
};

/// A key written in a table that does not read it, but another one does.
pub(crate) static MISPLACED_KEY: Rule = Rule {
    code: "misplaced-key",
    severity: Severity::Warning,
    summary: "key written in a table that does not read it",
    explanation: "Each table of config.toml has its own keys; GitLab Runner ignores a key \
                  written in the wrong one, so `pull_policy` directly under `[[runners]]` \
                  or `privileged` outside `[runners.docker]` has no effect at all.",
    bad: "[[runners]]\nexecutor = \"docker\"\npull_policy = \"if-not-present\"\n",
    good: "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\npull_policy = \"if-not-present\"\n",
};

/// A key that only works through the runner's case-insensitive fallback.
pub(crate) static NON_CANONICAL_KEY_CASE: Rule = Rule {
    code: "non-canonical-key-case",
    severity: Severity::Warning,
    summary: "key spelt in a different case than the runner's",
    explanation: "GitLab Runner's TOML decoder matches a key exactly first and then \
                  ignores case, so `Pull_Policy` still sets `pull_policy`. Other tools \
                  (schemas, editors, `gitlab-runner` rewriting the file) use the exact \
                  spelling, and tables with their own decoder \
                  (`[[runners.kubernetes.volumes.nfs]]`) do not fall back at all.",
    bad: "[runners.docker]\nPull_Policy = \"always\"\n",
    good: "[runners.docker]\npull_policy = \"always\"\n",
};

/// Two spellings of one key in the same table.
pub(crate) static CASE_DUPLICATE_KEY: Rule = Rule {
    code: "case-duplicate-key",
    severity: Severity::Warning,
    summary: "the same key written twice in different cases",
    explanation: "`pull_policy` and `Pull_Policy` are different TOML keys but the same \
                  runner setting. The runner decodes both, in the random order of a Go \
                  map, so which value wins changes from one start to the next.",
    bad: "[runners.docker]\npull_policy = \"always\"\nPull_Policy = \"never\"\n",
    good: "[runners.docker]\npull_policy = \"always\"\n",
};

/// A value of the wrong TOML type; the runner refuses to load the file.
pub(crate) static TYPE_MISMATCH: Rule = Rule {
    code: "type-mismatch",
    severity: Severity::Error,
    summary: "value of the wrong type",
    explanation: "GitLab Runner decodes config.toml into typed Go fields and refuses to \
                  load the whole file when one value has the wrong type \
                  (`incompatible types: TOML value has type string; destination has type \
                  integer`), including a table where an array of tables is expected \
                  (`[runners.docker]` without `[[runners]]`) and the other way round.",
    bad: "[runners.docker]\nshm_size = \"256m\"\n",
    good: "[runners.docker]\nshm_size = 268435456\n",
};

/// `allowed_pull_policies` written as one string.
pub(crate) static ALLOWED_PULL_POLICIES_NOT_ARRAY: Rule = Rule {
    code: "allowed-pull-policies-not-array",
    severity: Severity::Error,
    summary: "`allowed_pull_policies` written as a string instead of an array",
    explanation: "`pull_policy` accepts one string or an array, but \
                  `allowed_pull_policies` is a plain list: the runner refuses to load the \
                  file (`incompatible types: TOML value has type string; destination has \
                  type slice`).",
    bad: "[runners.docker]\nallowed_pull_policies = \"always\"\n",
    good: "[runners.docker]\nallowed_pull_policies = [\"always\"]\n",
};

/// An `executor` the runner does not have.
pub(crate) static UNKNOWN_EXECUTOR: Rule = Rule {
    code: "unknown-executor",
    severity: Severity::Error,
    summary: "`executor` that GitLab Runner does not provide",
    explanation: "GitLab Runner looks the executor up by name when it picks up a job; an \
                  unknown name fails every job on that runner (`executor not found`).",
    bad: "[[runners]]\nexecutor = \"docker+autoscaler\"\n",
    good: "[[runners]]\nexecutor = \"docker-autoscaler\"\n",
};

/// A string outside the fixed set a key accepts.
pub(crate) static UNKNOWN_VALUE: Rule = Rule {
    code: "unknown-value",
    severity: Severity::Error,
    summary: "value outside the set a key accepts",
    explanation: "Keys such as `shell`, `log_level`, `log_format` or `dns_policy` accept a \
                  fixed set of strings; GitLab Runner fails when it meets any other value, \
                  at start-up or when a job runs. (Cache settings are the exception: see \
                  `unknown-cache-value`.)",
    bad: "[[runners]]\nshell = \"zsh\"\n",
    good: "[[runners]]\nshell = \"bash\"\n",
};

/// A cache setting outside its set: the runner starts and runs jobs, but
/// without the cache (or without that setting).
pub(crate) static UNKNOWN_CACHE_VALUE: Rule = Rule {
    code: "unknown-cache-value",
    severity: Severity::Warning,
    summary: "cache setting outside the set it accepts; jobs run without it",
    explanation: "GitLab Runner looks the cache adapter up by `[runners.cache] Type` when a \
                  job starts; for an unknown type it logs \"Could not create cache adapter\" \
                  and runs the job with no distributed cache. An unknown S3 \
                  `AuthenticationType` or `ServerSideEncryption` is likewise not applied. \
                  Jobs keep working, only slower or without the intended protection.",
    bad: "[[runners]]\n  [runners.cache]\n    Type = \"S3\"\n",
    good: "[[runners]]\n  [runners.cache]\n    Type = \"s3\"\n",
};

/// A duration string Go's `time.ParseDuration` rejects.
pub(crate) static INVALID_DURATION: Rule = Rule {
    code: "invalid-duration",
    severity: Severity::Error,
    summary: "duration that Go cannot parse",
    explanation: "Duration keys are Go `time.Duration` values: a string such as `\"90s\"` \
                  or `\"1h30m\"` (units ns, us, ms, s, m, h, no spaces) or an integer \
                  number of nanoseconds. Anything else makes the runner refuse to load the \
                  file.",
    bad: "[[runners]]\nunhealthy_interval = \"1 h\"\n",
    good: "[[runners]]\nunhealthy_interval = \"1h\"\n",
};

/// A date-time string that is not RFC 3339.
pub(crate) static INVALID_DATETIME: Rule = Rule {
    code: "invalid-datetime",
    severity: Severity::Error,
    summary: "date-time that is neither a TOML date-time nor RFC 3339",
    explanation: "Date-time keys are Go `time.Time` values, read from a TOML date-time or \
                  an RFC 3339 string; anything else makes the runner refuse to load the \
                  file.",
    bad: "[[runners]]\ntoken_expires_at = \"next year\"\n",
    good: "[[runners]]\ntoken_expires_at = 2030-01-01T00:00:00Z\n",
};

/// Every rule the loader can report.
pub(crate) static RULES: &[&Rule] = &[
    &SYNTAX_ERROR,
    &LENIENT_TOML,
    &TOML_KEYS_DROPPED,
    &TYPE_MISMATCH,
    &ALLOWED_PULL_POLICIES_NOT_ARRAY,
    &UNKNOWN_EXECUTOR,
    &UNKNOWN_VALUE,
    &UNKNOWN_CACHE_VALUE,
    &INVALID_DURATION,
    &INVALID_DATETIME,
    &UNKNOWN_KEY,
    &UNKNOWN_KEY_REMOVED,
    &UNKNOWN_KEY_REGISTRATION_OPTION,
    &MISPLACED_KEY,
    &NON_CANONICAL_KEY_CASE,
    &CASE_DUPLICATE_KEY,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case_and_documented() {
        let mut seen = std::collections::HashSet::new();
        for rule in RULES {
            assert!(seen.insert(rule.code), "duplicate code {}", rule.code);
            assert!(
                rule.code
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{} is not kebab-case",
                rule.code
            );
            assert!(!rule.summary.is_empty() && !rule.explanation.is_empty());
            assert!(
                toml::from_str::<toml::Table>(rule.bad).is_ok()
                    || ["syntax-error", "lenient-toml"].contains(&rule.code)
            );
            assert!(
                toml::from_str::<toml::Table>(rule.good).is_ok(),
                "{}",
                rule.code
            );
            assert_ne!(rule.bad, rule.good);
        }
    }
}
