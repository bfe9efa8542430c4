//! GitLab Runner Helm chart values files (feature `yaml`).
//!
//! The `gitlab-runner` chart (`gitlab-org/charts/gitlab-runner`) builds the
//! runner's files from its values:
//!
//! - `runners.config` is passed through Helm's `tpl` into the ConfigMap as
//!   `config.template.toml`, which registration reads with
//!   `--template-config`. Registration supplies the `url` (`gitlabUrl`),
//!   the token (`runnerToken`, or one issued for
//!   `runnerRegistrationToken`) and the executor (`runners.executor`,
//!   `kubernetes` unless set), so the text is checked in
//!   [`Mode::Template`].
//! - `concurrent`, `checkInterval`, `logLevel` and `logFormat` are written
//!   into `config.toml` by the chart's `configmap.yaml`:
//!   `concurrent = {{ .Values.concurrent }}`,
//!   `check_interval = {{ .Values.checkInterval }}`,
//!   `log_level = {{ default "info" .Values.logLevel | quote }}` and, when
//!   set, `log_format = {{ .Values.logFormat | quote }}`. A key the values
//!   file does not set keeps the chart's default (10, 30, `info`); one set
//!   to null renders as nothing (`concurrent = `), which the runner cannot
//!   load. Each key the file sets is rendered as the chart renders it and
//!   checked as a `config.toml` global.
//! - `runnerToken` and `runnerRegistrationToken` are secrets: never shown.
//!
//! Every finding is located in the values file. Positions inside a literal
//! block scalar (`config: |`, `|-`, `|+`) are exact; for a folded (`>`),
//! quoted or plain scalar, findings point at the `config` key and say that
//! the location is approximate. Helm template actions inside the TOML are
//! handled as `render` describes: lines holding only actions are skipped,
//! an expression inside a value is unknown, and a finding that points at a
//! key or value holding one (or at its key path) is dropped: unknown,
//! never wrong.
//!
//! ```
//! use runner_config::check::CheckOptions;
//! use runner_config::helm::check_values;
//!
//! let values = "concurrent: 0\nrunners:\n  config: |\n    [[runners]]\n      \
//!               [runners.kubernetes]\n        namespace = \"{{ .Release.Namespace }}\"\n        \
//!               pull_policy = \"IfNotPresent\"\n";
//! let report = check_values("values.yaml", values, &CheckOptions::default()).unwrap();
//! let codes: Vec<_> = report.diagnostics.iter().map(|d| d.code()).collect();
//! assert_eq!(codes, ["concurrent-below-one", "kubernetes-pull-policy-name"]);
//! // Located in the values file, exactly.
//! let span = report.diagnostics[1].span().unwrap();
//! assert_eq!(report.source.line_col(span.start), (7, 23));
//!
//! let not_values = check_values("ci.yml", "job:\n  script: [make]\n", &CheckOptions::default());
//! assert!(not_values.unwrap_err().to_string().starts_with("not a gitlab-runner chart values file"));
//! ```

mod embed;
mod render;

use std::ops::Range;

use crate::check::{CheckOptions, FileReport, Mode, check_with};
use crate::rules::file_mode::{self, Origin};
use crate::yaml::{NodeId, Style, Value, Yaml};
use crate::{Diagnostic, Secrets, Source};

use embed::{Embedded, Map};

/// Why a YAML file was not checked as chart values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NotValues {
    /// The file is not YAML.
    #[error("not a gitlab-runner chart values file: invalid YAML at line {line}: {message}")]
    Syntax {
        /// 1-based line of the error.
        line: usize,
        /// The parser's description.
        message: String,
    },
    /// The file has no `runners.config` string.
    #[error("not a gitlab-runner chart values file (no `runners.config` string)")]
    NoConfig,
    /// `runners.config` is a number or a boolean, which Helm's `tpl`
    /// refuses when the chart renders it.
    #[error(
        "`runners.config` at line {line} is a {kind}, not the config.toml template string the \
         chart passes to Helm's `tpl` (which refuses it): write the TOML as a block, \
         `config: |`"
    )]
    NotAString {
        /// 1-based line of the value.
        line: usize,
        /// `number` or `boolean`.
        kind: &'static str,
    },
}

/// The chart's own keys that it writes into `config.toml`: the values key,
/// the `config.toml` key, and whether the chart quotes the value.
const CHART_KEYS: [(&str, &str, bool); 4] = [
    ("concurrent", "concurrent", false),
    ("checkInterval", "check_interval", false),
    ("logLevel", "log_level", true),
    ("logFormat", "log_format", true),
];

/// The values keys that hold a runner's credentials.
const SECRET_KEYS: [&str; 2] = ["runnerToken", "runnerRegistrationToken"];

/// Checks a GitLab Runner chart values file: the TOML of `runners.config`
/// as a registration template, after Helm's templating, and the chart's
/// own keys that it writes into `config.toml` (see the module
/// documentation). `options.mode` is not used: the embedded text is always
/// a template. `options.origin` says where the values file is kept.
///
/// The report's [`Source`] is the values file with its secrets blanked:
/// the chart's tokens and every secret of the embedded TOML.
pub fn check_values(
    name: &str,
    text: &str,
    options: &CheckOptions,
) -> Result<FileReport, NotValues> {
    let yaml = Yaml::parse(text).map_err(|e| NotValues::Syntax {
        line: line_at(text, e.offset()),
        message: e.message().to_owned(),
    })?;
    let root = *yaml.documents().first().ok_or(NotValues::NoConfig)?;
    let (key, value) = config_entry(&yaml, root).ok_or(NotValues::NoConfig)?;
    let embedded = embed::embedded(&yaml, key, value).ok_or(NotValues::NoConfig)?;
    if yaml.node(value).is_null() {
        return Err(NotValues::NoConfig);
    }
    if let Some(kind) = not_a_string(yaml.node(value)) {
        let line = line_at(text, yaml.node(value).span().start);
        return Err(NotValues::NotAString { line, kind });
    }

    let mut secrets = Secrets::new();
    let mut diagnostics = template_findings(name, &embedded, options, &mut secrets, &yaml, value);
    diagnostics.extend(chart_key_findings(name, &yaml, root, options));
    let tokens = chart_tokens(&yaml, root, &mut secrets);
    file_findings(&tokens, options.origin, &mut diagnostics);

    let source = Source::new(name, text, secrets);
    let (whole_file, mut located): (Vec<_>, Vec<_>) =
        diagnostics.into_iter().partition(|d| d.span().is_none());
    crate::load::sort_by_position(&mut located);
    let mut report = FileReport::new(source, whole_file.into_iter().chain(located).collect());
    report.runner_version = options.runner_version;
    Ok(report)
}

/// The 1-based line of byte `offset` (clamped to the text).
fn line_at(text: &str, offset: usize) -> usize {
    let before = text.as_bytes().get(..offset).unwrap_or(text.as_bytes());
    before.iter().filter(|&&b| b == b'\n').count() + 1
}

/// What Helm's YAML reader (YAML 1.1, as `sigs.k8s.io/yaml` reads it)
/// makes of a plain scalar that is not a string: `number` or `boolean`.
fn not_a_string(node: &crate::yaml::Node) -> Option<&'static str> {
    let Value::Scalar(text, crate::yaml::Style::Plain) = node.value() else {
        return None;
    };
    if node.tag().is_some() {
        return None;
    }
    if node.as_bool().is_some() {
        return Some("boolean");
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    let numeric = !digits.is_empty()
        && (digits.parse::<f64>().is_ok_and(f64::is_finite)
            && digits
                .bytes()
                .all(|b| b.is_ascii_digit() || b"._eE+-".contains(&b))
            || digits
                .strip_prefix("0x")
                .is_some_and(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_hexdigit())));
    numeric.then_some("number")
}

/// `runners.config`'s key and value nodes.
fn config_entry(yaml: &Yaml, root: NodeId) -> Option<(NodeId, NodeId)> {
    let runners = yaml.get(root, "runners")?;
    let entry = yaml
        .node(runners)
        .as_mapping()?
        .iter()
        .find(|e| e.key == "config")?;
    Some((entry.key_node, entry.value))
}

/// The embedded template's findings, located in the values file; its
/// secrets are added to `secrets`.
fn template_findings(
    name: &str,
    embedded: &Embedded,
    options: &CheckOptions,
    secrets: &mut Secrets,
    yaml: &Yaml,
    value: NodeId,
) -> Vec<Diagnostic> {
    let rendered = render::render(&embedded.text);
    let template_options = CheckOptions {
        mode: Mode::Template,
        ..options.clone()
    };
    let report = check_with(name, &rendered.text, &template_options);
    template_secrets(
        &rendered.text,
        report.source.text(),
        &embedded.map,
        yaml,
        value,
        secrets,
    );
    let unknown = Unknown::of(&rendered);
    report
        .diagnostics
        .into_iter()
        .filter(|d| !unknown.touches(d))
        .map(|d| relocate(&d, &embedded.map))
        .collect()
}

/// What the templating leaves unknown: the placeholders, and the keys and
/// values that hold one, with their key paths.
struct Unknown {
    ranges: Ranges,
    paths: Vec<String>,
}

impl Unknown {
    fn of(rendered: &render::Rendered) -> Self {
        let placeholders = Ranges::new(rendered.unknown.clone());
        let mut ranges = rendered.unknown.clone();
        let mut paths = Vec::new();
        if !rendered.unknown.is_empty() {
            let loaded = crate::load::load(&rendered.text);
            for (path, spans) in loaded.spans().iter() {
                if placeholders.overlaps(&spans.value)
                    || spans.key.as_ref().is_some_and(|k| placeholders.overlaps(k))
                {
                    ranges.push(spans.value.clone());
                    ranges.extend(spans.key.clone());
                    paths.push(path.to_owned());
                }
            }
        }
        paths.sort_unstable();
        Self {
            ranges: Ranges::new(ranges),
            paths,
        }
    }

    /// Whether a finding rests on something unknown: it points at it (or
    /// labels it), or is about its key path or a path inside it.
    fn touches(&self, diagnostic: &Diagnostic) -> bool {
        diagnostic.span().is_some_and(|s| self.ranges.overlaps(&s))
            || diagnostic
                .labels()
                .iter()
                .any(|l| self.ranges.overlaps(&l.span))
            || diagnostic
                .key_path()
                .is_some_and(|key| self.holds_path(key))
    }

    /// Whether `key` is an unknown path or lies inside one.
    fn holds_path(&self, key: &str) -> bool {
        let mut at = Some(key);
        while let Some(path) = at {
            if self
                .paths
                .binary_search_by(|p| p.as_str().cmp(path))
                .is_ok()
            {
                return true;
            }
            at = path.rfind(['.', '[']).map(|i| &path[..i]);
        }
        false
    }
}

/// Byte ranges, sorted and merged, for overlap queries in logarithmic
/// time.
struct Ranges(Vec<Range<usize>>);

impl Ranges {
    fn new(mut ranges: Vec<Range<usize>>) -> Self {
        ranges.sort_unstable_by_key(|r| r.start);
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
        for range in ranges {
            match merged.last_mut() {
                Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
                _ => merged.push(range),
            }
        }
        Self(merged)
    }

    /// Whether `span` shares a byte with a range (an empty span: whether
    /// it lies inside one).
    fn overlaps(&self, span: &Range<usize>) -> bool {
        let i = self.0.partition_point(|r| r.end <= span.start);
        self.0.get(i).is_some_and(|r| {
            if span.is_empty() {
                r.start <= span.start
            } else {
                r.start < span.end
            }
        })
    }
}

/// The embedded TOML's secrets, as the check blanked them, in the values
/// file: each blanked byte where positions are exact; where they are not,
/// each secret wherever its text appears in the scalar, or the whole
/// scalar when it does not appear as is.
fn template_secrets(
    rendered: &str,
    redacted: &str,
    map: &Map,
    yaml: &Yaml,
    value: NodeId,
    secrets: &mut Secrets,
) {
    let (rendered, redacted) = (rendered.as_bytes(), redacted.as_bytes());
    let mut runs: Vec<Range<usize>> = Vec::new();
    for i in (0..rendered.len()).filter(|&i| redacted.get(i) != Some(&rendered[i])) {
        match runs.last_mut() {
            Some(run) if run.end == i => run.end = i + 1,
            _ => runs.push(i..i + 1),
        }
    }
    let scalar = yaml.node(value).span();
    let written = yaml.text().get(scalar.clone()).unwrap_or_default();
    for run in runs {
        let secret = String::from_utf8_lossy(&rendered[run.clone()]).into_owned();
        secrets.add_value(&secret);
        if map.approximate().is_none() {
            secrets.add(map.range(&run));
        } else if secret.trim().is_empty() {
            continue;
        } else {
            let mut found = false;
            for (at, _) in written.match_indices(secret.as_str()) {
                found = true;
                secrets.add(scalar.start + at..scalar.start + at + secret.len());
            }
            if !found {
                secrets.add(scalar.clone());
            }
        }
    }
}

/// A finding of the embedded text, located in the values file.
fn relocate(diagnostic: &Diagnostic, map: &Map) -> Diagnostic {
    let mut out = Diagnostic::new(diagnostic.rule(), diagnostic.message())
        .with_severity(diagnostic.severity())
        .at_opt(diagnostic.span().map(|s| map.range(&s)));
    if let Some(key) = diagnostic.key_path() {
        out = out.key(key);
    }
    let mut help = diagnostic.help_text().map(str::to_owned);
    match map.approximate() {
        Some(written_as) if diagnostic.span().is_some() => {
            let note = format!(
                "the location is approximate: `runners.config` is {written_as}; write it as a \
                 literal block (`config: |`) for exact positions"
            );
            help = Some(match help {
                Some(help) => format!("{help}\n{note}"),
                None => note,
            });
        }
        _ => {
            for label in diagnostic.labels() {
                out = out.label(map.range(&label.span), label.text.clone());
            }
        }
    }
    if let Some(help) = help {
        out = out.help(help);
    }
    out
}

/// The chart's keys that it writes into `config.toml`, rendered as the
/// chart renders them and checked as `config.toml` globals; findings are
/// located at the values file's keys and values.
fn chart_key_findings(
    name: &str,
    yaml: &Yaml,
    root: NodeId,
    options: &CheckOptions,
) -> Vec<Diagnostic> {
    let Some(entries) = yaml.node(root).as_mapping() else {
        return Vec::new();
    };
    let mut toml = String::new();
    let mut pieces = Vec::new();
    let mut written = Vec::new();
    for (values_key, toml_key, quoted) in CHART_KEYS {
        let Some(entry) = entries.iter().find(|e| e.key == values_key) else {
            continue;
        };
        let node = yaml.node(entry.value);
        let printed = helm_print(yaml, entry.value);
        let rendered = match (quoted, node.is_null()) {
            // `default "info" .Values.logLevel`, `if .Values.logFormat`.
            (true, true) => continue,
            (true, false) if printed.is_empty() && values_key == "logFormat" => continue,
            (true, false) => go_quote(&printed),
            (false, _) => printed,
        };
        let key_start = toml.len();
        toml.push_str(toml_key);
        pieces.push((key_start..toml.len(), yaml.node(entry.key_node).span()));
        toml.push_str(" = ");
        let value_start = toml.len();
        toml.push_str(&rendered);
        let value_span = node.span();
        let value_file = if value_span.is_empty() {
            // A null written as nothing: point at the key.
            yaml.node(entry.key_node).span()
        } else {
            value_span
        };
        pieces.push((value_start..toml.len() + 1, value_file));
        toml.push('\n');
        written.push((values_key, toml_key, format!("{toml_key} = {rendered}")));
    }
    if written.is_empty() {
        return Vec::new();
    }
    let map = Map::Pieces(pieces);
    let global_options = CheckOptions {
        mode: Mode::Config,
        origin: Origin::Text,
        ..options.clone()
    };
    let report = check_with(name, &toml, &global_options);
    report
        .diagnostics
        .into_iter()
        .filter(|d| d.span().is_some())
        .filter_map(|d| {
            let line = d
                .span()
                .map_or(0, |s| toml[..s.start].matches('\n').count());
            let (values_key, toml_key, line_text) = written.get(line)?;
            if d.key_path().is_some_and(|k| k != *toml_key) {
                return None;
            }
            let note = format!(
                "the chart writes `{values_key}` into config.toml as `{}`",
                line_text.trim_end()
            );
            let help = match d.help_text() {
                Some(help) => format!("{help}\n{note}"),
                None => note,
            };
            Some(relocate(&d, &map).key(*values_key).help(help))
        })
        .collect()
}

/// A value as Go's `text/template` prints it in `{{ .Values.key }}`, for
/// the forms values files use: a null prints nothing (Helm replaces
/// `<no value>` with nothing), YAML 1.1 booleans print `true` or `false`,
/// other scalars print their text; a sequence or a mapping prints in Go's
/// `[…]` and `map[…]` forms, which no TOML value has.
fn helm_print(yaml: &Yaml, id: NodeId) -> String {
    let node = yaml.node(id);
    if node.is_null() {
        return String::new();
    }
    if let Some(flag) = node.as_bool() {
        return flag.to_string();
    }
    match node.value() {
        Value::Scalar(text, Style::Plain) => text.trim().to_owned(),
        Value::Scalar(text, _) => text.clone(),
        Value::Sequence(_) => "[...]".to_owned(),
        Value::Mapping(_) => "map[...]".to_owned(),
    }
}

/// Sprig's `quote`: Go's `%q`, for the characters TOML shares with it.
fn go_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The chart's tokens: blanked in the file, and returned with where each
/// is written.
fn chart_tokens<'a>(
    yaml: &'a Yaml,
    root: NodeId,
    secrets: &mut Secrets,
) -> Vec<(&'static str, &'a str, Range<usize>)> {
    let mut tokens = Vec::new();
    for key in SECRET_KEYS {
        let Some(id) = yaml.get(root, key) else {
            continue;
        };
        let node = yaml.node(id);
        if node.span().is_empty() {
            continue;
        }
        secrets.add(node.span());
        if let Some(value) = node.as_str() {
            secrets.add_value(value);
            tokens.push((key, value, node.span()));
        }
    }
    tokens
}

/// The file rules for the chart's tokens: `runnerToken` in a values file
/// kept in a git work tree, or in a deployed one others can read (once for
/// the file, whichever token it holds).
fn file_findings(
    tokens: &[(&'static str, &str, Range<usize>)],
    origin: Origin,
    out: &mut Vec<Diagnostic>,
) {
    let real = |key: &str| {
        tokens
            .iter()
            .find(|(k, value, _)| *k == key && file_mode::is_real_token(value))
    };
    match origin {
        Origin::WorkTree => {
            if let Some((key, _, at)) = real("runnerToken") {
                out.push(
                    Diagnostic::new(
                        &file_mode::RUNNER_TOKEN_IN_REPOSITORY,
                        "`runnerToken` is a real token, in a values file inside a git work tree",
                    )
                    .at(at.clone())
                    .key(*key)
                    .help(
                        "keep the token in a Kubernetes secret and name it in \
                         `runners.secret` instead; if the token was ever committed, reset it \
                         in GitLab",
                    ),
                );
            }
        }
        Origin::Deployed { mode: Some(mode) } => {
            let reported = out
                .iter()
                .any(|d| d.code() == file_mode::CONFIG_FILE_PERMISSIONS.code);
            if !reported
                && real("runnerToken").is_some()
                && let Some(finding) = file_mode::check(mode, true)
            {
                out.push(finding);
            }
        }
        Origin::Text | Origin::Deployed { mode: None } => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(values: &str) -> Vec<&'static str> {
        check_values("values.yaml", values, &CheckOptions::default())
            .expect("a values file")
            .diagnostics
            .iter()
            .map(Diagnostic::code)
            .collect()
    }

    #[test]
    fn files_without_a_config_string_are_not_values() {
        for text in [
            "image: alpine\n",
            "runners:\n  tags: a\n",
            "runners:\n  config:\n",
            "runners:\n  config: {a: 1}\n",
            "- a\n",
            "",
        ] {
            let result = check_values("x.yaml", text, &CheckOptions::default());
            assert_eq!(result.err(), Some(NotValues::NoConfig), "{text:?}");
        }
        for (text, kind) in [
            ("runners:\n  config: 42\n", "number"),
            ("runners:\n  config: -1.5\n", "number"),
            ("runners:\n  config: true\n", "boolean"),
        ] {
            let result = check_values("values.yaml", text, &CheckOptions::default());
            assert_eq!(
                result.err(),
                Some(NotValues::NotAString { line: 2, kind }),
                "{text:?}"
            );
        }
        // Quoted, it is a string (a template with one odd line).
        assert!(
            check_values(
                "v.yaml",
                "runners:\n  config: '42'\n",
                &CheckOptions::default()
            )
            .is_ok()
        );
        let broken = check_values("x.yaml", "a: [\n", &CheckOptions::default());
        assert!(
            matches!(broken, Err(NotValues::Syntax { .. })),
            "{broken:?}"
        );
    }

    #[test]
    fn unknown_values_are_never_wrong() {
        let values = "runners:\n  config: |\n    [[runners]]\n      [runners.kubernetes]\n        \
                      image = \"{{ .Values.image }}\"\n        pull_policy = \
                      [\"{{ .Values.policy }}\"]\n        cpu_limit = {{ .Values.cpu }}\n        \
                      privileged = {{ .Values.privileged }}\n";
        assert!(codes(values).is_empty(), "{:?}", codes(values));
        // The placeholders alone would be wrong: the filter is what keeps
        // them out.
        let yaml = Yaml::parse(values).expect("YAML");
        let (key, value) = config_entry(&yaml, yaml.documents()[0]).expect("config");
        let embedded = embed::embedded(&yaml, key, value).expect("a scalar");
        let rendered = render::render(&embedded.text);
        let raw = check_with("t", &rendered.text, &CheckOptions::new(Mode::Template));
        assert!(raw.diagnostics.len() >= 2, "{:?}", raw.diagnostics);
    }

    #[test]
    fn chart_keys_are_checked_as_the_chart_renders_them() {
        assert_eq!(
            codes("concurrent: 0\nrunners:\n  config: \"[[runners]]\"\n"),
            ["concurrent-below-one"]
        );
        assert_eq!(
            codes("concurrent: ~\nrunners:\n  config: \"[[runners]]\"\n"),
            ["syntax-error"]
        );
        assert_eq!(
            codes("checkInterval: \"3s\"\nrunners:\n  config: \"[[runners]]\"\n"),
            ["syntax-error"]
        );
        assert_eq!(
            codes("checkInterval: true\nrunners:\n  config: \"[[runners]]\"\n"),
            ["type-mismatch"]
        );
        assert_eq!(
            codes("logLevel: verbose\nlogFormat: ~\nrunners:\n  config: \"[[runners]]\"\n"),
            ["unknown-value"]
        );
        assert!(codes("concurrent: \"4\"\ncheckInterval: 30\nlogLevel: ~\nrunners:\n  config: \"[[runners]]\"\n").is_empty());
    }

    #[test]
    fn ranges_answer_overlaps() {
        let ranges = Ranges::new(vec![10..20, 0..5, 15..25, 30..30]);
        assert_eq!(ranges.0, [0..5, 10..25, 30..30]);
        assert!(ranges.overlaps(&(4..6)));
        assert!(!ranges.overlaps(&(5..10)));
        assert!(ranges.overlaps(&(24..40)));
        assert!(ranges.overlaps(&(12..12)));
        assert!(!ranges.overlaps(&(25..25)));
        assert!(!ranges.overlaps(&(26..29)));
    }

    #[test]
    fn hostile_templates_take_linear_time() {
        let line = "a = \"{{x}}\" ".repeat(200_000);
        let values =
            format!("runners:\n  config: |\n    [[runners]]\n    {line}\n    {{{{ if }}}}\n");
        let start = std::time::Instant::now();
        let _ = check_values("v.yaml", &values, &CheckOptions::default());
        assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
    }

    #[test]
    fn chart_findings_point_at_the_values_key() {
        let text = "concurrent: 0\nrunners:\n  config: \"[[runners]]\"\n";
        let report = check_values("values.yaml", text, &CheckOptions::default()).expect("values");
        let finding = &report.diagnostics[0];
        assert_eq!(finding.key_path(), Some("concurrent"));
        assert_eq!(&text[finding.span().expect("a span")], "0");
        assert!(
            finding
                .help_text()
                .is_some_and(|h| h.contains("as `concurrent = 0`"))
        );
    }
}
