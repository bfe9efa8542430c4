//! What GitLab Runner refuses that a JSON Schema can say exactly, written
//! from the data the loader and the lints check with (`constraints.rs`,
//! [`Executor::pull_manager`]). Only refusals (error findings) are here: a
//! value the runner logs and drops must validate.
//!
//! Every rule is a necessary condition of the runner's, never a stronger
//! one: where the schema cannot say it exactly (labels counted across
//! global and runner tables, Go's number parsers), it says less.

use serde_json::{Map, Value, json};

use crate::load::validate::constraints::{
    LABEL_KEY_PATTERN, LABEL_VALUE_PATTERN, MACHINE_NAME_PLACEHOLDER, MAX_LABELS,
    NFS_REQUIRED_FIELDS,
};
use crate::model::Executor;
use crate::policy::PolicyExecutor;

/// The refusal a key's own value schema carries, by inventory path, and a
/// sentence for its description.
pub(super) fn apply(schema: &mut Map<String, Value>, path: &str) -> Option<String> {
    match path {
        "concurrent" => {
            schema.insert("minimum".into(), 1.into());
            Some(
                "Less than 1: `gitlab-runner run` exits (`Current configuration 'concurrent = 0' \
                 means that no jobs will be processed`)."
                    .into(),
            )
        }
        "labels" | "runners[].labels" => Some(labels(schema, path == "labels")),
        "runners[].url" => {
            url(schema);
            Some(
                "It must start with `http://` or `https://` (in any case): the runner's client \
                 refuses any other scheme (`only http or https scheme supported`), and the \
                 entry never takes a job. A value holding a `$VARIABLE` is expanded from the \
                 environment first, so it is not checked here."
                    .into(),
            )
        }
        "runners[].machine.MachineOptionsWithName" => {
            if let Some(Value::Object(items)) = schema.get_mut("items") {
                items.insert(
                    "pattern".into(),
                    regex_literal(MACHINE_NAME_PLACEHOLDER).into(),
                );
            }
            Some(format!(
                "Every entry must contain `{MACHINE_NAME_PLACEHOLDER}`, where the machine's name \
                 goes: the runner refuses to load the file otherwise."
            ))
        }
        "runners[].kubernetes.volumes.nfs" => {
            if let Some(Value::Object(items)) = schema.get_mut("items") {
                nfs(items);
            }
            None
        }
        _ => None,
    }
}

/// Label keys and values as `Config.Validate` checks them, and the count.
fn labels(schema: &mut Map<String, Value>, global: bool) -> String {
    schema.insert(
        "propertyNames".into(),
        json!({ "pattern": LABEL_KEY_PATTERN }),
    );
    schema.insert(
        "additionalProperties".into(),
        json!({ "type": "string", "pattern": LABEL_VALUE_PATTERN }),
    );
    if !global {
        schema.insert("maxProperties".into(), MAX_LABELS.into());
    }
    format!(
        "Keys must match `{LABEL_KEY_PATTERN}` and values `{LABEL_VALUE_PATTERN}`, or the runner \
         refuses to load the file. A runner may have at most {MAX_LABELS} labels once the \
         global `labels` are merged into its own: the schema checks each table against the \
         limit (the global one only when the file has `[[runners]]`), not their union, which \
         `runner-config check` counts."
    )
}

/// `url`: an http(s) scheme in any case (Go's `url.Parse` lower-cases it),
/// no control characters, or a `$VARIABLE` the runner expands first.
fn url(schema: &mut Map<String, Value>) {
    schema.remove("type");
    schema.insert(
        "anyOf".into(),
        json!([
            {
                "type": "string",
                "pattern": "^[Hh][Tt][Tt][Pp][Ss]?:[^\\x00-\\x1F\\x7F]*$",
                "description": "An http:// or https:// address.",
            },
            {
                "type": "string",
                "pattern": "\\$",
                "description": "An address with a $VARIABLE, expanded when the runner loads the file.",
            }
        ]),
    );
}

/// `[[runners.kubernetes.volumes.nfs]]`: the required fields as non-empty
/// strings, spelt exactly; the optional ones of any type, because the
/// runner skips a value of the wrong type without a word.
fn nfs(table: &mut Map<String, Value>) {
    table.insert("required".into(), json!(NFS_REQUIRED_FIELDS));
    let Some(Value::Object(properties)) = table.get_mut("properties") else {
        return;
    };
    for (name, property) in properties.iter_mut() {
        let Value::Object(property) = property else {
            continue;
        };
        if NFS_REQUIRED_FIELDS.contains(&name.as_str()) {
            property.insert("minLength".into(), 1.into());
            continue;
        }
        let Some(kind) = property.remove("type") else {
            continue;
        };
        property.insert(
            "anyOf".into(),
            json!([
                { "type": kind },
                { "description": "A value of another type: the runner skips it without a word." }
            ]),
        );
    }
}

/// `s` as a regular expression matching it literally.
fn regex_literal(s: &str) -> String {
    s.chars()
        .map(|c| {
            if "\\^$.|?*+()[]{}/".contains(c) {
                format!("\\{c}")
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The executors whose jobs a section's pull policies govern.
fn executors(pulls: PolicyExecutor) -> Vec<&'static str> {
    Executor::ALL
        .iter()
        .filter(|e| e.pull_manager() == Some(pulls))
        .map(|e| e.as_str())
        .collect()
}

/// Rules that hold only when the runner uses a section: a `[[runners]]`
/// entry's Docker settings are read by the Docker executors only, its
/// Kubernetes settings by the Kubernetes executor only. As in
/// `runner-config check`, an entry without `executor` is judged by the one
/// executor section it has. The settings' own schemas keep offering the
/// known values but accept others, and an `if`/`then` on the entry refuses
/// them where the section is in use.
pub(super) fn executor_sections(runner: &mut Map<String, Value>) {
    let mut conditions = Vec::new();
    for (section, pulls, other) in [
        ("docker", PolicyExecutor::Docker, "kubernetes"),
        ("kubernetes", PolicyExecutor::Kubernetes, "docker"),
    ] {
        let Some(Value::Object(properties)) = runner
            .get_mut("properties")
            .and_then(|p| p.get_mut(section))
            .and_then(|s| s.get_mut("properties"))
        else {
            continue;
        };
        let mut then = Map::new();
        for key in ["pull_policy", "allowed_pull_policies"] {
            if let Some(Value::Object(property)) = properties.get_mut(key)
                && let Some(strict) = relax_policies(property)
            {
                then.insert(key.into(), strict);
            }
        }
        if section == "docker" {
            then.insert(
                "log_options".into(),
                json!({ "propertyNames": { "enum": ["env", "labels"] } }),
            );
            then.insert(
                "ulimit".into(),
                json!({ "additionalProperties": { "type": "string", "pattern": ULIMIT_PATTERN } }),
            );
            for (key, note) in [
                (
                    "log_options",
                    "Only `env` and `labels` are allowed: with any other key every job on a \
                     Docker executor fails (`invalid log options: only [\"env\" \"labels\"] \
                     are allowed`).",
                ),
                (
                    "ulimit",
                    "Each value is `soft` or `soft:hard`, base-10 64-bit integers: anything else \
                     fails every job on a Docker executor (`invalid soft limit value`).",
                ),
            ] {
                if let Some(Value::Object(property)) = properties.get_mut(key) {
                    append_description(property, note);
                }
            }
        }
        conditions.push(json!({
            "if": {
                "anyOf": [
                    {
                        "required": ["executor"],
                        "properties": { "executor": { "enum": executors(pulls) } }
                    },
                    {
                        "required": [section],
                        "not": { "anyOf": [{ "required": ["executor"] }, { "required": [other] }] }
                    }
                ]
            },
            "then": { "properties": { section: { "properties": then } } }
        }));
    }
    runner.insert("allOf".into(), Value::Array(conditions));
}

/// `ulimit` values as `strconv.ParseInt(…, 10, 64)` reads `soft[:hard]`.
/// Up to 19 significant digits: some 19-digit numbers overflow and are
/// refused by the runner, but none is refused here by mistake.
const ULIMIT_PATTERN: &str = "^[+-]?0*[0-9]{1,19}(?::[+-]?0*[0-9]{1,19})?$";

/// Turns a strict pull-policy schema (values from the policy core's
/// `JsonSchema`) into one that offers the same values but accepts any
/// string, and returns the strict form.
fn relax_policies(property: &mut Map<String, Value>) -> Option<Value> {
    let strict = strict_part(property)?;
    let permissive_item = |item: &Value| json!({ "anyOf": [item, { "type": "string" }] });
    if let Some(Value::Array(branches)) = property.get_mut("anyOf") {
        // A string or an array (`pull_policy`).
        for branch in branches.iter_mut() {
            if let Some(items) = branch.get_mut("items") {
                *items = permissive_item(items);
            }
        }
        branches.push(json!({ "type": "string" }));
    } else if let Some(items) = property.get_mut("items") {
        // Array only (`allowed_pull_policies`).
        *items = permissive_item(items);
    }
    append_description(
        property,
        "An unknown value fails every job that takes its policy from here, on the executor \
         that reads this section; the schema refuses it only there.",
    );
    Some(strict)
}

/// The validating part of a pull-policy schema: its `anyOf` or `items`.
fn strict_part(property: &Map<String, Value>) -> Option<Value> {
    if let Some(any_of) = property.get("anyOf") {
        return Some(json!({ "anyOf": any_of }));
    }
    property
        .get("items")
        .map(|items| json!({ "type": "array", "items": items }))
}

/// Adds a paragraph to a schema's `description`.
fn append_description(schema: &mut Map<String, Value>, text: &str) {
    let description = match schema.get("description").and_then(Value::as_str) {
        Some(d) if !d.is_empty() => format!("{d}\n\n{text}"),
        _ => text.to_owned(),
    };
    schema.insert("description".into(), description.into());
}

/// The global `labels` count toward every runner's limit: with at least
/// one `[[runners]]` entry, more than the limit in the global table alone
/// is refused. (Without runners, nothing counts them.)
pub(super) fn global_label_count(root: &mut Map<String, Value>) {
    let condition = json!({
        "if": { "required": ["runners"], "properties": { "runners": { "minItems": 1 } } },
        "then": { "properties": { "labels": { "maxProperties": MAX_LABELS } } }
    });
    match root.get_mut("allOf") {
        Some(Value::Array(all)) => all.push(condition),
        _ => {
            root.insert("allOf".into(), json!([condition]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ulimit_pattern_follows_parse_int() {
        let re = regex::Regex::new(ULIMIT_PATTERN).unwrap();
        for good in [
            "1024",
            "-1",
            "+5",
            "65536:65536",
            "0001",
            "9223372036854775807",
        ] {
            assert!(re.is_match(good), "{good}");
        }
        for bad in [
            "",
            "unlimited",
            "1:2:3",
            "1:",
            ":1",
            " 1",
            "1_000",
            "0x10",
            "12345678901234567890",
        ] {
            assert!(!re.is_match(bad), "{bad}");
        }
    }

    #[test]
    fn executors_come_from_the_pull_managers() {
        assert_eq!(
            executors(PolicyExecutor::Docker),
            [
                "docker",
                "docker-windows",
                "docker-autoscaler",
                "docker+machine"
            ]
        );
        assert_eq!(executors(PolicyExecutor::Kubernetes), ["kubernetes"]);
    }
}
