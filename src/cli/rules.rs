//! `runner-config rules`: the catalogue of rules, or one rule explained.

use clap::ValueEnum;
use runner_config::fix::{Applicability, RuleFix, rule_fix};
use runner_config::{Rule, rules};
use serde::Serialize;

use super::{Status, print};

/// Width the explanation is wrapped at.
const WIDTH: usize = 80;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Explain this rule, with an example that triggers it and its fix.
    #[arg(value_name = "CODE", value_parser = runner_config::report::lookup_rule)]
    code: Option<&'static Rule>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Plain text.
    Human,
    /// JSON: an array of rules, or one rule.
    Json,
}

pub(super) fn run(args: &Args) -> Status {
    let text = match (args.format, args.code) {
        (Format::Human, None) => Ok(list()),
        (Format::Human, Some(rule)) => Ok(explain(rule)),
        (Format::Json, None) => json(&rules::all().map(RuleJson::from).collect::<Vec<_>>()),
        (Format::Json, Some(rule)) => json(&RuleJson::from(rule)),
    };
    match text {
        Ok(text) => print(text.as_bytes(), Status::Clean),
        Err(error) => {
            eprintln!("error: cannot write the rules: {error}");
            Status::CouldNotRun
        }
    }
}

/// One line per rule: code, default severity, summary, in columns.
fn list() -> String {
    let width = rules::all().map(|rule| rule.code.len()).max().unwrap_or(0);
    rules::all()
        .map(|rule| {
            format!(
                "{:width$}  {:7}  {}\n",
                rule.code,
                rule.severity.as_str(),
                rule.summary
            )
        })
        .collect()
}

fn explain(rule: &Rule) -> String {
    let mut text = format!(
        "{}: {}\ndefault severity: {}\nwhen GitLab Runner acts: {}\n\n",
        rule.code,
        rule.summary,
        rule.severity,
        rule.stage.description()
    );
    for line in wrap(rule.explanation, WIDTH) {
        text.push_str(&line);
        text.push('\n');
    }
    if let Some(fix) = rule_fix(rule.code) {
        text.push_str("\nFix: ");
        text.push_str(fix_kind(fix));
        text.push('\n');
        for line in wrap(&format!("Fix safety: {}", fix.safety), WIDTH) {
            text.push_str(&line);
            text.push('\n');
        }
    }
    for (title, example) in [("Bad:", rule.bad), ("Good:", rule.good)] {
        text.push('\n');
        text.push_str(title);
        text.push('\n');
        for line in example.lines() {
            text.push_str("    ");
            text.push_str(line);
            text.push('\n');
        }
    }
    text
}

/// What `runner-config fix` does with a rule's fixes.
fn fix_kind(fix: &RuleFix) -> &'static str {
    match fix.applicability {
        [Applicability::Safe] => "safe (`runner-config fix` applies it)",
        [Applicability::Unsafe] => "unsafe (`runner-config fix --unsafe-fixes` applies it)",
        _ => "safe or unsafe, depending on the finding (see below)",
    }
}

/// Greedy word wrap; a word longer than the width gets a line of its own.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn json(value: &impl Serialize) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(value).map(|json| json + "\n")
}

#[derive(Serialize)]
struct RuleJson {
    code: &'static str,
    severity: &'static str,
    stage: &'static str,
    summary: &'static str,
    explanation: &'static str,
    bad: &'static str,
    good: &'static str,
    /// `null` when the rule has no fix.
    fix: Option<FixJson>,
}

#[derive(Serialize)]
struct FixJson {
    /// `["safe"]`, `["unsafe"]`, or both when it depends on the finding.
    applicability: Vec<&'static str>,
    safety: &'static str,
}

impl From<&'static Rule> for RuleJson {
    fn from(rule: &'static Rule) -> Self {
        Self {
            code: rule.code,
            severity: rule.severity.as_str(),
            stage: rule.stage.as_str(),
            summary: rule.summary,
            explanation: rule.explanation,
            bad: rule.bad,
            good: rule.good,
            fix: rule_fix(rule.code).map(|fix| FixJson {
                applicability: fix.applicability.iter().map(|a| a.as_str()).collect(),
                safety: fix.safety,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrap_breaks_between_words() {
        assert_eq!(wrap("aa bb cc", 5), ["aa bb", "cc"]);
        assert_eq!(wrap("  aa\n bb  ", 80), ["aa bb"]);
        assert_eq!(wrap("abcdefgh ij", 4), ["abcdefgh", "ij"]);
        assert!(wrap("", 10).is_empty());
    }
}
