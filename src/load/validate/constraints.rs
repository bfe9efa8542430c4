//! What GitLab Runner requires of values when it loads `config.toml`, as
//! data: the loader checks these, and the JSON Schema can state the same
//! facts without restating them.

/// The pattern every label key must match (`common/labels.go`,
/// `labelKeyAllowedPattern`), as the runner writes it in its error.
pub(crate) const LABEL_KEY_PATTERN: &str = "^[a-zA-Z0-9_][a-zA-Z0-9._-]{2,64}$";

/// The pattern every label value must match (`labelValueAllowedPattern`).
pub(crate) const LABEL_VALUE_PATTERN: &str = "^[a-zA-Z0-9._-]{1,256}$";

/// The shortest and longest label key, in bytes: one leading character and
/// 2 to 64 more.
pub(crate) const LABEL_KEY_LEN: (usize, usize) = (3, 65);

/// The shortest and longest label value, in bytes.
pub(crate) const LABEL_VALUE_LEN: (usize, usize) = (1, 256);

/// The most labels a runner may have once the global `[labels]` and its own
/// are merged (`maxAllowedNumberOfLabels`).
pub(crate) const MAX_LABELS: usize = 32;

/// What every `MachineOptionsWithName` entry must contain: the placeholder
/// for the machine's name (`RunnerConfig.validateMachineOptionsWithName`).
pub(crate) const MACHINE_NAME_PLACEHOLDER: &str = "%s";

/// The keys an NFS volume must set to a non-empty string, in the order the
/// runner lists the missing ones (`KubernetesNFS.UnmarshalTOML`).
pub(crate) const NFS_REQUIRED_FIELDS: [&str; 4] = ["name", "mount_path", "server", "path"];

/// Whether `key` matches [`LABEL_KEY_PATTERN`]. Go's `$` without the `m`
/// flag matches only at the very end, so a trailing newline is refused too.
pub(crate) fn is_label_key(key: &str) -> bool {
    let bytes = key.as_bytes();
    let (min, max) = LABEL_KEY_LEN;
    (min..=max).contains(&bytes.len())
        && bytes
            .first()
            .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_')
        && bytes.iter().skip(1).all(|&b| is_label_byte(b))
}

/// Whether `value` matches [`LABEL_VALUE_PATTERN`].
pub(crate) fn is_label_value(value: &str) -> bool {
    let (min, max) = LABEL_VALUE_LEN;
    (min..=max).contains(&value.len()) && value.bytes().all(is_label_byte)
}

/// `[a-zA-Z0-9._-]`.
fn is_label_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_keys() {
        for good in ["env", "_ab", "a.b", "a-b", "A_9", "0ab", &"k".repeat(65)] {
            assert!(is_label_key(good), "{good}");
        }
        for bad in [
            "",
            "ab",
            ".ab",
            "-ab",
            "invalid/key",
            "a b",
            "ünï",
            "env\n",
            &"k".repeat(66),
        ] {
            assert!(!is_label_key(bad), "{bad:?}");
        }
    }

    #[test]
    fn label_values() {
        for good in ["1", ".", "-x-", "prod", &"v".repeat(256)] {
            assert!(is_label_value(good), "{good}");
        }
        for bad in ["", "test/value", "a b", "é", "v\n", &"v".repeat(257)] {
            assert!(!is_label_value(bad), "{bad:?}");
        }
    }

    /// The hand-written matchers agree with the patterns the runner
    /// compiles, on every short string over an alphabet that exercises
    /// each class.
    #[test]
    fn matchers_agree_with_the_patterns() {
        let key = regex::Regex::new(LABEL_KEY_PATTERN).unwrap();
        let value = regex::Regex::new(LABEL_VALUE_PATTERN).unwrap();
        let alphabet = ['a', 'Z', '0', '_', '.', '-', '/', ' ', 'é', '\n'];
        let mut words = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = words
                .iter()
                .flat_map(|w| alphabet.iter().map(move |c| format!("{w}{c}")))
                .collect();
            words.extend(longer);
        }
        words.extend([
            "k".repeat(65),
            "k".repeat(66),
            "v".repeat(256),
            "v".repeat(257),
        ]);
        for w in &words {
            assert_eq!(is_label_key(w), key.is_match(w), "key {w:?}");
            assert_eq!(is_label_value(w), value.is_match(w), "value {w:?}");
        }
    }
}
