//! Fingerprints that follow a finding across edits of the file.
//!
//! GitLab compares Code Quality reports of two pipelines by fingerprint, and
//! GitHub tracks SARIF alerts by `partialFingerprints`: a finding whose
//! fingerprint changes shows up as one problem fixed and one introduced. So
//! the fingerprint hashes what the finding is about (rule, file, key path),
//! never where it is (its line moves whenever a line above it is added).

use std::collections::HashMap;

use crate::check::FileReport;

/// One fingerprint per diagnostic of `report`, in order: 16 lowercase hex
/// digits of FNV-1a 64 over the rule code, the file's path as the report
/// shows it (`path`), the key path and the finding's occurrence among
/// those with the same code, key path and runner, separated by NUL bytes;
/// then, for a finding about one runner (`runner-config ci`), the
/// runner's name, so that two runners' findings never collide. Findings
/// without a runner hash exactly as before runners existed.
///
/// FNV-1a is written out here rather than taken from `std`'s hashers,
/// whose output may change between Rust versions and platforms.
pub(crate) fn fingerprints(report: &FileReport, path: &str) -> Vec<String> {
    let mut seen: HashMap<(&str, Option<&str>, Option<&str>), usize> = HashMap::new();
    report
        .diagnostics
        .iter()
        .map(|d| {
            let occurrence = seen
                .entry((d.code(), d.key_path(), d.runner_name()))
                .or_insert(0);
            let index = occurrence.to_string();
            *occurrence += 1;
            let mut fields = vec![d.code(), path, d.key_path().unwrap_or(""), index.as_str()];
            fields.extend(d.runner_name());
            fingerprint(&fields)
        })
        .collect()
}

/// The fingerprint of a report entry that is not a finding, such as a file
/// that could not be read: the same hash over `fields`.
pub(crate) fn fingerprint(fields: &[&str]) -> String {
    let bytes: Vec<&[u8]> = fields.iter().map(|f| f.as_bytes()).collect();
    format!("{:016x}", fnv1a64(bytes.join(&0u8).as_slice()))
}

fn fnv1a64(bytes: &[u8]) -> u64 {
    const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes.iter().fold(OFFSET_BASIS, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(PRIME)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check;

    #[test]
    fn fnv1a64_matches_published_vectors() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn repeated_findings_get_distinct_fingerprints() {
        let report = check("config.toml", "concurrent = \ncheck_interval = \n");
        assert_eq!(report.diagnostics.len(), 2);
        let prints = fingerprints(&report, "config.toml");
        assert_ne!(prints[0], prints[1]);
        assert!(prints.iter().all(|p| p.len() == 16));
    }

    #[test]
    fn runners_never_share_a_fingerprint() {
        let rule = crate::rules::find("job-pull-policy-not-allowed").expect("a ci rule");
        let finding = |runner: &str| {
            crate::Diagnostic::new(rule, "x")
                .key("build.image.pull_policy")
                .runner(runner)
        };
        let report = crate::check::FileReport::new(
            crate::Source::redacted(".gitlab-ci.yml", "", &[]),
            vec![
                finding("a"),
                finding("b"),
                crate::Diagnostic::new(rule, "x").key("build.image.pull_policy"),
            ],
        );
        let prints = fingerprints(&report, ".gitlab-ci.yml");
        assert_ne!(prints[0], prints[1]);
        // Without a runner, the fields are those of `check`'s findings.
        assert_eq!(
            prints[2],
            fingerprint(&[
                "job-pull-policy-not-allowed",
                ".gitlab-ci.yml",
                "build.image.pull_policy",
                "0"
            ])
        );
    }

    #[test]
    fn fingerprint_ignores_position_but_not_path() {
        let prints = |text| fingerprints(&check("any name", text), "config.toml");
        let first = prints("a = \n");
        let moved = prints("# comment\n\nconcurrent = 2\na = \n");
        let renamed = fingerprints(&check("config.toml", "a = \n"), "other.toml");
        assert_eq!(first, moved);
        assert_ne!(first, renamed);
    }
}
