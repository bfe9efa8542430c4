//! SARIF 2.1.0, with what GitHub code scanning requires of an upload.

use std::io;
use std::path::{Component, Path};

use serde::Serialize;

use super::fingerprint::fingerprints;
use super::{FileOutcome, Region, relative_path};
use crate::{Rule, Severity, rules};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Key of this tool's fingerprint in `partialFingerprints`; the suffix is
/// the fingerprint scheme's version.
const FINGERPRINT_KEY: &str = "runnerConfigFinding/v1";

/// The base every artifact URI is relative to: the directory the check ran
/// in, conventionally named `%SRCROOT%` (GitHub's upload action resolves it
/// against the checkout).
const SRCROOT: &str = "%SRCROOT%";

/// Writes a SARIF 2.1.0 log with one run, pretty-printed, ending with a
/// newline.
///
/// Artifact URIs are relative references with `uriBaseId` `%SRCROOT%`, the
/// run's `originalUriBaseIds` giving `working_dir` (the directory the check
/// ran in, the repository's root in CI) as a `file://` URI. Paths are made
/// relative as for the GitLab report: tidied, relative to `working_dir`,
/// with `..` steps for a file outside it, never absolute.
///
/// The driver lists every rule of [`rules::all`] (so a result's `ruleIndex`
/// does not depend on what was found), each with its summary, explanation
/// and a bad and a good example. Levels map to `error`, `warning` and
/// `note`; columns count Unicode code points (`columnKind`). A finding
/// about the whole file is placed on line 1, since GitHub requires a start
/// line. Files that could not be read appear as error notifications of an
/// unsuccessful invocation.
///
/// ```
/// use std::path::Path;
/// use runner_config::check::check;
/// use runner_config::report::{self, FileOutcome};
///
/// let files = [FileOutcome::Checked(check("./ci/config.toml", "concurrent = \n"))];
/// let mut out = Vec::new();
/// report::write_sarif(&mut out, &files, Path::new("/builds/app")).unwrap();
/// let log: serde_json::Value = serde_json::from_slice(&out).unwrap();
/// let run = &log["runs"][0];
/// let artifact = &run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
/// assert_eq!(artifact["uri"], "ci/config.toml");
/// assert_eq!(artifact["uriBaseId"], "%SRCROOT%");
/// assert_eq!(run["originalUriBaseIds"]["%SRCROOT%"]["uri"], "file:///builds/app/");
/// ```
pub fn write_sarif(
    out: &mut impl io::Write,
    files: &[FileOutcome],
    working_dir: &Path,
) -> io::Result<()> {
    let catalogue: Vec<&'static Rule> = rules::all().collect();
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for file in files {
        let path = relative_path(file.path(), working_dir);
        let report = match file {
            FileOutcome::Checked(report) => report,
            FileOutcome::Unreadable(unreadable) => {
                notifications.push(Notification {
                    level: "error",
                    message: Message {
                        text: format!("cannot read {path}: {}", unreadable.error),
                    },
                    locations: vec![Location::whole_file(&path)],
                });
                continue;
            }
        };
        for (diagnostic, fingerprint) in report.diagnostics.iter().zip(fingerprints(report, &path))
        {
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
                        artifact_location: ArtifactLocation::relative(&path),
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
            original_uri_base_ids: [(
                SRCROOT,
                BaseUri {
                    uri: directory_uri(working_dir),
                },
            )]
            .into(),
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
    let text = super::described(diagnostic);
    match diagnostic.help_text() {
        Some(help) => format!("{text}\nhelp: {help}"),
        None => text,
    }
}

/// A relative path (from `relative_path`) as a URI reference: `/`
/// separators, and every byte outside RFC 3986's unreserved characters and
/// `/` percent-encoded.
fn uri(path: &str) -> String {
    let mut uri = String::with_capacity(path.len());
    for byte in path.bytes() {
        push_uri_byte(&mut uri, byte);
    }
    uri
}

fn push_uri_byte(uri: &mut String, byte: u8) {
    if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
        uri.push(char::from(byte));
    } else {
        uri.push_str(&format!("%{byte:02X}"));
    }
}

/// `dir` as an absolute `file://` URI ending with `/`, as SARIF requires
/// of a base; `.` and `..` are resolved lexically, and a relative `dir`
/// counts from the root. A Windows drive becomes `file:///C:/…`.
fn directory_uri(dir: &Path) -> String {
    let mut uri = String::from("file:///");
    let mut parts: Vec<Component<'_>> = Vec::new();
    for part in dir.components() {
        match part {
            Component::CurDir | Component::RootDir => {}
            Component::ParentDir => {
                if matches!(parts.last(), Some(Component::Normal(_))) {
                    parts.pop();
                }
            }
            _ => parts.push(part),
        }
    }
    for part in parts {
        let text = part.as_os_str().to_string_lossy();
        if let Component::Prefix(_) = part {
            // `C:` stays as it is; `\\server\share` keeps its names.
            uri.extend(text.chars().map(|c| if c == '\\' { '/' } else { c }));
        } else {
            for byte in text.bytes() {
                push_uri_byte(&mut uri, byte);
            }
        }
        uri.push('/');
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
    original_uri_base_ids: std::collections::BTreeMap<&'static str, BaseUri>,
}

#[derive(Serialize)]
struct BaseUri {
    uri: String,
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
                artifact_location: ArtifactLocation::relative(path),
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
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    uri_base_id: &'static str,
}

impl ArtifactLocation {
    /// A path from `relative_path`, relative to `%SRCROOT%`.
    fn relative(path: &str) -> Self {
        Self {
            uri: uri(path),
            uri_base_id: SRCROOT,
        }
    }
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
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri("config.toml"), "config.toml");
        assert_eq!(uri("ci/runner config.toml"), "ci/runner%20config.toml");
        assert_eq!(uri("<stdin>"), "%3Cstdin%3E");
        assert_eq!(uri("../../etc/config.toml"), "../../etc/config.toml");
        assert_eq!(uri("a:b/é.toml"), "a%3Ab/%C3%A9.toml");
    }

    #[test]
    #[cfg(unix)]
    fn base_uris_are_absolute_directories() {
        assert_eq!(
            directory_uri(Path::new("/builds/app")),
            "file:///builds/app/"
        );
        assert_eq!(
            directory_uri(Path::new("/builds/app/")),
            "file:///builds/app/"
        );
        assert_eq!(directory_uri(Path::new("/")), "file:///");
        assert_eq!(
            directory_uri(Path::new("/a b/./c/../é")),
            "file:///a%20b/%C3%A9/"
        );
        assert_eq!(directory_uri(Path::new("rel")), "file:///rel/");
    }
}
