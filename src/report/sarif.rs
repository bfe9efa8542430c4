//! SARIF 2.1.0, with what GitHub code scanning requires of an upload.

use std::io;

use serde::Serialize;

use super::fingerprint::fingerprints;
use super::{FileOutcome, Region};
use crate::{Rule, Severity, rules};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Key of this tool's fingerprint in `partialFingerprints`; the suffix is
/// the fingerprint scheme's version.
const FINGERPRINT_KEY: &str = "runnerConfigFinding/v1";

/// Writes a SARIF 2.1.0 log with one run, pretty-printed, ending with a
/// newline.
///
/// The driver lists every rule of [`rules::all`] (so a result's `ruleIndex`
/// does not depend on what was found), each with its summary, explanation
/// and a bad and a good example. Levels map to `error`, `warning` and
/// `note`; columns count Unicode code points (`columnKind`). A finding
/// about the whole file is placed on line 1, since GitHub requires a start
/// line. Files that could not be read appear as error notifications of an
/// unsuccessful invocation.
pub fn write_sarif(out: &mut impl io::Write, files: &[FileOutcome]) -> io::Result<()> {
    let catalogue: Vec<&'static Rule> = rules::all().collect();
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for file in files {
        let report = match file {
            FileOutcome::Checked(report) => report,
            FileOutcome::Unreadable(unreadable) => {
                notifications.push(Notification {
                    level: "error",
                    message: Message {
                        text: format!("cannot read {}: {}", unreadable.path, unreadable.error),
                    },
                    locations: vec![Location::whole_file(&unreadable.path)],
                });
                continue;
            }
        };
        let path = report.source.name();
        for (diagnostic, fingerprint) in report.diagnostics.iter().zip(fingerprints(report)) {
            let region = match diagnostic.span() {
                Some(span) => SarifRegion::Span(Region::of(&report.source, &span)),
                None => SarifRegion::Line { start_line: 1 },
            };
            results.push(SarifResult {
                rule_id: diagnostic.code(),
                rule_index: catalogue
                    .iter()
                    .position(|rule| rule.code == diagnostic.code()),
                level: level(diagnostic.severity()),
                message: Message {
                    text: message(diagnostic),
                },
                locations: vec![Location {
                    physical_location: PhysicalLocation {
                        artifact_location: ArtifactLocation { uri: uri(path) },
                        region: Some(region),
                    },
                }],
                partial_fingerprints: [(FINGERPRINT_KEY, fingerprint)].into(),
            });
        }
    }
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: env!("CARGO_PKG_NAME"),
                    version: env!("CARGO_PKG_VERSION"),
                    rules: catalogue
                        .iter()
                        .map(|rule| RuleDescriptor::of(rule))
                        .collect(),
                },
            },
            invocations: [Invocation {
                execution_successful: notifications.is_empty(),
                tool_execution_notifications: notifications,
            }],
            results,
            column_kind: "unicodeCodePoints",
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    out.write_all(b"\n")
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The result's text: the message, then the advice, since SARIF viewers
/// show only `message.text` for a result.
fn message(diagnostic: &crate::Diagnostic) -> String {
    match diagnostic.help_text() {
        Some(help) => format!("{}\nhelp: {help}", diagnostic.message()),
        None => diagnostic.message().to_owned(),
    }
}

/// A file name as a URI reference: relative names stay relative (GitHub
/// resolves them against the repository root), absolute ones become
/// `file://` URIs, and every byte outside RFC 3986's unreserved characters
/// and `/` is percent-encoded.
fn uri(path: &str) -> String {
    let path = if cfg!(windows) {
        path.replace('\\', "/")
    } else {
        path.to_owned()
    };
    let mut uri = String::with_capacity(path.len());
    if path.starts_with('/') {
        uri.push_str("file://");
    }
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    invocations: [Invocation; 1],
    results: Vec<SarifResult>,
    column_kind: &'static str,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
struct Driver {
    name: &'static str,
    version: &'static str,
    rules: Vec<RuleDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleDescriptor {
    id: &'static str,
    short_description: Text,
    full_description: Text,
    help: Help,
    default_configuration: Configuration,
}

impl RuleDescriptor {
    fn of(rule: &'static Rule) -> Self {
        Self {
            id: rule.code,
            short_description: Text {
                text: rule.summary.to_owned(),
            },
            full_description: Text {
                text: rule.explanation.to_owned(),
            },
            help: Help {
                text: format!(
                    "{}\n\nBad:\n{}\nGood:\n{}",
                    rule.explanation,
                    with_final_newline(rule.bad),
                    with_final_newline(rule.good),
                ),
                markdown: format!(
                    "{}\n\nBad:\n\n```\n{}```\n\nGood:\n\n```\n{}```\n",
                    rule.explanation,
                    with_final_newline(rule.bad),
                    with_final_newline(rule.good),
                ),
            },
            default_configuration: Configuration {
                level: level(rule.severity),
            },
        }
    }
}

fn with_final_newline(text: &str) -> String {
    if text.ends_with('\n') {
        text.to_owned()
    } else {
        format!("{text}\n")
    }
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Message,
    locations: Vec<Location>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Message,
    locations: Vec<Location>,
    partial_fingerprints: std::collections::BTreeMap<&'static str, String>,
}

#[derive(Serialize)]
struct Message {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

impl Location {
    fn whole_file(path: &str) -> Self {
        Self {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation { uri: uri(path) },
                region: None,
            },
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<SarifRegion>,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

/// Where a result is: a span, or for a finding about the whole file, line 1
/// (a region with only `startLine` covers that whole line).
#[derive(Serialize)]
#[serde(untagged)]
enum SarifRegion {
    Span(Region),
    #[serde(rename_all = "camelCase")]
    Line {
        start_line: usize,
    },
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri("config.toml"), "config.toml");
        assert_eq!(uri("ci/runner config.toml"), "ci/runner%20config.toml");
        assert_eq!(uri("<stdin>"), "%3Cstdin%3E");
        assert_eq!(
            uri("/etc/gitlab-runner/config.toml"),
            "file:///etc/gitlab-runner/config.toml"
        );
        assert_eq!(uri("a:b/é.toml"), "a%3Ab/%C3%A9.toml");
    }
}
