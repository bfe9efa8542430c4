//! A JSON Schema for `config.toml`, for editors and other validators.
//!
//! The schema is generated from the model with `schemars` (every section
//! struct derives `JsonSchema`), then shaped for TOML tooling:
//!
//! - draft-07, with every subschema inlined: taplo (Even Better TOML)
//!   validates with a draft-07 engine and ignores annotations next to a
//!   `$ref`, and other TOML language servers cannot follow `$ref` at all;
//! - no `null` (TOML has none): `Option<T>` becomes plain `T`;
//! - every key gets a description, the runner's default (read from the
//!   `Default:` line of the field's documentation), a link to the GitLab
//!   Runner documentation (`x-taplo.links.key`) and, when deprecated, a note
//!   (and `deprecated`, for the keys the runner no longer reads);
//! - it refuses only what GitLab Runner refuses (an error finding of
//!   `runner-config check`): enumerations are written from their `EnumDef`
//!   (`enums`), so a value the runner logs and drops, or reads by case or
//!   alias, validates while the known values are still offered; the load-
//!   and start-time rules a schema can state exactly come from the data the
//!   checker uses (`refusals`);
//! - tables never forbid unknown keys: the runner ignores them (and matches
//!   keys case-insensitively, so `Pull_Policy` is valid); the linter is what
//!   reports them. Free-form tables say what their entries are
//!   (`additionalProperties`), so tombi's strict mode accepts any name.
//!
//! The checked-in copy is `schemas/runner-config.schema.json`; regenerate it
//! with `cargo run -- schema > schemas/runner-config.schema.json`.

mod enums;
mod refusals;

use serde_json::{Map, Value, json};

use crate::model::global::UsageLogWriter;
use crate::model::shape::{Describe, Section, Shape, TableDef};
use crate::model::{Config, FeatureFlag};

/// The JSON Schema for a whole `config.toml`.
pub fn generate() -> Value {
    let mut settings = schemars::generate::SchemaSettings::draft07();
    settings.inline_subschemas = true;
    let mut root = settings
        .into_generator()
        .into_root_schema_for::<Config>()
        .to_value();

    let definitions = match &mut root {
        Value::Object(map) => map.remove("definitions"),
        _ => None,
    };
    inline_refs(&mut root, definitions.as_ref(), 0);
    normalize(&mut root);
    enrich_table(&mut root, Config::TABLE, "");

    if let Value::Object(map) = &mut root {
        if let Some(Value::Object(runner)) = map
            .get_mut("properties")
            .and_then(|p| p.get_mut("runners"))
            .and_then(|r| r.get_mut("items"))
        {
            refusals::executor_sections(runner);
        }
        refusals::global_label_count(map);
        // No `$id` until the schema has a published home (the SchemaStore
        // entry proposed in schemas/README.md would give it one).
        map.insert("title".into(), "GitLab Runner config.toml".into());
        map.insert(
            "description".into(),
            "The configuration file of GitLab Runner (`config.toml`): global settings, then one \
             `[[runners]]` entry per registered runner."
                .into(),
        );
        map.insert(
            "x-taplo-info".into(),
            json!({ "authors": ["runner-config"], "version": env!("CARGO_PKG_VERSION") }),
        );
        map.insert(
            "x-taplo".into(),
            json!({ "links": { "key": ADVANCED_CONFIGURATION } }),
        );
    }
    root
}

/// The schema as pretty-printed JSON with a final newline: the exact text of
/// `schemas/runner-config.schema.json`.
pub fn to_json() -> String {
    // Serializing a `Value` with string keys cannot fail.
    let mut text = serde_json::to_string_pretty(&generate()).unwrap_or_default();
    text.push('\n');
    text
}

/// Replaces every `$ref` into `definitions` by the definition itself, in
/// case `schemars` left one (it does for recursive types).
fn inline_refs(schema: &mut Value, definitions: Option<&Value>, depth: usize) {
    const MAX_DEPTH: usize = 64;
    match schema {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                let name = target.rsplit('/').next().unwrap_or_default();
                let found = definitions.and_then(|d| d.get(name)).cloned();
                map.remove("$ref");
                if let (Some(Value::Object(found)), true) = (found, depth < MAX_DEPTH) {
                    for (key, value) in found {
                        map.entry(key).or_insert(value);
                    }
                }
            }
            map.remove("definitions");
            for value in map.values_mut() {
                inline_refs(value, definitions, depth + 1);
            }
        }
        Value::Array(items) => {
            for value in items {
                inline_refs(value, definitions, depth + 1);
            }
        }
        _ => {}
    }
}

/// Shapes what `schemars` writes into what TOML tools expect: no `null`,
/// enumerations as `enum`, no OpenAPI number formats.
fn normalize(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            for value in map.values_mut() {
                normalize(value);
            }
            if let Some(Value::String(text)) = map.get_mut("description") {
                *text = without_code_blocks(text);
            }
            drop_null(map);
            consts_to_enum(map);
            if matches!(map.get("format"), Some(Value::String(f)) if f.starts_with("int") || f.starts_with("uint") || f == "double" || f == "float")
            {
                map.remove("format");
            }
        }
        Value::Array(items) => items.iter_mut().for_each(normalize),
        _ => {}
    }
}

/// A doc comment without its fenced code blocks: the Rust examples that
/// document a type for library users mean nothing in an editor's hover.
fn without_code_blocks(doc: &str) -> String {
    let mut out = String::with_capacity(doc.len());
    let mut in_code = false;
    for line in doc.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if !in_code {
            out.push_str(line);
            out.push('\n');
        }
    }
    out.trim_end().to_owned()
}

/// `type: [T, "null"]` becomes `type: T`; `anyOf: [S, {type: null}]` is
/// merged into its parent, the parent's own annotations winning.
fn drop_null(map: &mut Map<String, Value>) {
    if let Some(Value::Array(types)) = map.get_mut("type") {
        types.retain(|t| t != "null");
        if types.len() == 1 {
            let only = types.remove(0);
            map.insert("type".into(), only);
        }
    }
    let Some(Value::Array(branches)) = map.get("anyOf") else {
        return;
    };
    let is_null = |v: &Value| v.get("type") == Some(&Value::String("null".into()));
    if !branches.iter().any(is_null) {
        return;
    }
    let mut rest: Vec<Value> = branches.iter().filter(|b| !is_null(b)).cloned().collect();
    map.remove("anyOf");
    if rest.len() == 1 {
        if let Some(Value::Object(inner)) = rest.pop() {
            for (key, value) in inner {
                if key == "description" {
                    map.entry("x-type-description").or_insert(value);
                } else {
                    map.entry(key).or_insert(value);
                }
            }
        }
    } else {
        map.insert("anyOf".into(), Value::Array(rest));
    }
}

/// `oneOf` of `const`s (what `schemars` writes for documented enum
/// variants) becomes `enum` plus `x-taplo.docs.enumValues`.
fn consts_to_enum(map: &mut Map<String, Value>) {
    let Some(Value::Array(branches)) = map.get("oneOf") else {
        return;
    };
    if branches.is_empty() || !branches.iter().all(|b| b.get("const").is_some()) {
        return;
    }
    let values: Vec<Value> = branches
        .iter()
        .filter_map(|b| b.get("const").cloned())
        .collect();
    let docs: Vec<Value> = branches
        .iter()
        .map(|b| b.get("description").cloned().unwrap_or(Value::Null))
        .collect();
    map.remove("oneOf");
    map.insert("type".into(), "string".into());
    map.insert("enum".into(), Value::Array(values));
    taplo(map).insert("docs".into(), json!({ "enumValues": docs }));
}

/// The `x-taplo` object of a schema, created when missing.
fn taplo(map: &mut Map<String, Value>) -> &mut Map<String, Value> {
    let entry = map
        .entry("x-taplo")
        .or_insert_with(|| Value::Object(Map::new()));
    if !entry.is_object() {
        *entry = Value::Object(Map::new());
    }
    match entry {
        Value::Object(inner) => inner,
        _ => unreachable!("just made an object"),
    }
}

/// Walks a table's schema alongside its [`TableDef`], annotating each key.
fn enrich_table(schema: &mut Value, table: &TableDef, path: &str) {
    let Some(Value::Object(properties)) = schema.get_mut("properties") else {
        return;
    };
    for key in table.keys {
        let Some(Value::Object(property)) = properties.get_mut(key.name) else {
            continue;
        };
        let key_path = if path.is_empty() {
            key.name.to_owned()
        } else {
            format!("{path}.{}", key.name)
        };
        annotate_key(property, table, key.name, key.shape, &key_path);
        descend(property, key.shape, &key_path);
    }
}

/// Follows a key's shape into nested tables.
fn descend(schema: &mut Map<String, Value>, shape: &Shape, path: &str) {
    match shape {
        Shape::Table(table) => {
            let mut value = Value::Object(std::mem::take(schema));
            enrich_table(&mut value, table, path);
            if let Value::Object(map) = value {
                *schema = map;
            }
        }
        Shape::Array(element) => {
            if let Some(Value::Object(items)) = schema.get_mut("items") {
                descend(items, element, &format!("{path}[]"));
            }
        }
        Shape::Map(value) => {
            if let Some(Value::Object(values)) = schema.get_mut("additionalProperties") {
                descend(values, value, &format!("{path}.<name>"));
            }
        }
        _ => {}
    }
}

/// Description, default, documentation link, deprecation and value
/// details for one key.
fn annotate_key(
    schema: &mut Map<String, Value>,
    table: &TableDef,
    name: &str,
    shape: &Shape,
    path: &str,
) {
    let field_doc = take_str(schema, "description");
    let type_doc = take_str(schema, "x-type-description");
    let (summary, default) = split_default(&field_doc);

    let trivial = summary.is_empty() || summary == format!("`{name}`.");
    let mut text = if !trivial {
        summary
    } else if let Some(own) = describe(path) {
        own.to_owned()
    } else if !type_doc.is_empty() {
        type_doc.clone()
    } else {
        fallback(name, table.header, shape)
    };
    if let Some(note) = deprecation(path, &field_doc) {
        text = format!("**Deprecated.** {note}\n\n{text}");
        if let Some(message) = no_longer_read(path) {
            // The standard keyword (draft 2019-09; other validators ignore
            // it in draft-07), which tombi shows as a deprecation warning.
            schema.insert("deprecated".into(), true.into());
            schema.insert("deprecationMessage".into(), message.into());
        }
        taplo(schema).insert("deprecated".into(), true.into());
    }

    // What the runner accepts, from the definitions the checker uses.
    let mut notes = Vec::new();
    let shape = enum_behind(path).unwrap_or(shape);
    match shape {
        Shape::Enum(def) => notes.push(enums::apply(schema, def)),
        Shape::Array(Shape::Enum(def)) => {
            if let Some(Value::Object(items)) = schema.get_mut("items") {
                notes.push(enums::apply(items, def));
            }
        }
        Shape::StringOrArray | Shape::Array(Shape::String)
            if path.starts_with("runners[].kubernetes.")
                && (name == "pull_policy" || name == "allowed_pull_policies") =>
        {
            allow_cluster_default(schema);
        }
        Shape::Map(Shape::Boolean) if path == "runners[].feature_flags" => feature_flags(schema),
        Shape::Datetime => datetime(schema),
        Shape::Array(Shape::Table(_)) if path == "runners" => {
            if let Some(Value::Object(items)) = schema.get_mut("items") {
                taplo(items).insert(
                    "initKeys".into(),
                    json!(["name", "url", "token", "executor"]),
                );
            }
        }
        _ => {}
    }
    notes.extend(refusals::apply(schema, path));
    for note in notes {
        text.push_str("\n\n");
        text.push_str(&note);
    }

    if let Some((literal, value)) = default {
        text.push_str(&format!("\n\nDefault: `{literal}`."));
        schema.insert("default".into(), value);
    }
    schema.insert("description".into(), text.into());

    if let Some(link) = link(table.header, path) {
        let links = taplo(schema).entry("links").or_insert_with(|| json!({}));
        if let Value::Object(links) = links {
            links.insert("key".into(), link.into());
        }
    }
}

/// The shape a key has for the schema when the model keeps it as plain
/// strings but its schema lists values (`schemars(with = …)`): the enum
/// the strings are checked against elsewhere.
fn enum_behind(path: &str) -> Option<&'static Shape> {
    match path {
        // Kept as strings so an unknown writer loads (the runner skips it).
        "experimental.usage_logger.writers" => Some(&Shape::Array(UsageLogWriter::SHAPE)),
        _ => None,
    }
}

/// `[runners.feature_flags]`: every flag the runner knows, for completion
/// and hover, with its default; other names still validate (the runner
/// ignores them, and `runner-config check` warns).
fn feature_flags(schema: &mut Map<String, Value>) {
    let Shape::Enum(def) = FeatureFlag::SHAPE else {
        return;
    };
    // The per-flag documentation, as schemars writes it for the enum.
    let generated = schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<FeatureFlag>()
        .to_value();
    let docs: Vec<&str> = generated
        .get("oneOf")
        .and_then(Value::as_array)
        .map(|branches| {
            branches
                .iter()
                .map(|b| b.get("description").and_then(Value::as_str).unwrap_or(""))
                .collect()
        })
        .unwrap_or_default();
    let mut properties = Map::new();
    for (i, flag) in FeatureFlag::ALL.iter().enumerate() {
        let doc = docs.get(i).copied().unwrap_or_default();
        let (prose, _) = split_default(doc);
        let prose = prose
            .strip_prefix(&format!("`{}`: ", flag.as_str()))
            .map(capitalize)
            .unwrap_or(prose);
        let mut text = prose.trim_end_matches("Deprecated.").trim().to_owned();
        if flag.is_deprecated() {
            text = format!("**Deprecated.** It still works, but is on its way out.\n\n{text}");
        }
        text.push_str(&format!("\n\nDefault: `{}`.", flag.default()));
        properties.insert(
            flag.as_str().to_owned(),
            json!({ "type": "boolean", "default": flag.default(), "description": text }),
        );
    }
    debug_assert_eq!(def.values.len(), properties.len());
    schema.insert("properties".into(), Value::Object(properties));
    schema.insert(
        "description".into(),
        "Feature flags for this runner, by `FF_` name (`FF_NETWORK_PER_BUILD = true`). The runner \
         ignores names it does not know; `runner-config check` warns about them."
            .into(),
    );
}

/// A datetime key: what BurntSushi/toml decodes into a `time.Time` (any
/// TOML date-time, date or time) and what `time.Time.UnmarshalText` reads
/// from a string (RFC 3339 with an upper-case `T`, seconds and a zone).
///
/// Each form is a branch of its own because the tools read `format`
/// differently: tombi takes `date-time`, `date-time-local`, `date` and
/// `time-local` as the TOML value types, while check-jsonschema and taplo
/// see every TOML datetime as a string (and ignore the two formats draft-07
/// does not define, hence the patterns beside them).
fn datetime(schema: &mut Map<String, Value>) {
    schema.remove("type");
    schema.remove("format");
    schema.insert(
        "anyOf".into(),
        json!([
            { "type": "string", "format": "date-time",
              "description": "A TOML date-time with a time zone: 2030-01-31T12:00:00Z." },
            { "type": "string",
              "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$",
              "description": "An RFC 3339 string, as Go reads it: \"2030-01-31T12:00:00Z\"." },
            { "type": "string", "format": "date-time-local",
              "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?$",
              "description": "A TOML local date-time: the runner reads it in its own time zone." },
            { "type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
              "description": "A TOML local date." },
            { "type": "string", "format": "time-local",
              "pattern": "^[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?Z?$",
              "description": "A TOML local time (check-jsonschema shows it with a `Z`)." }
        ]),
    );
}

/// `s` with its first letter in upper case.
fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Removes and returns a string member (empty when absent).
fn take_str(schema: &mut Map<String, Value>, key: &str) -> String {
    match schema.remove(key) {
        Some(Value::String(s)) => s,
        _ => String::new(),
    }
}

/// Splits a field's documentation into its prose and its `Default: `x``
/// line, the default parsed as the TOML value it is written as.
fn split_default(doc: &str) -> (String, Option<(String, Value)>) {
    let mut prose = Vec::new();
    let mut default = None;
    for paragraph in doc.split("\n\n") {
        let Some(rest) = paragraph.trim().strip_prefix("Default: `") else {
            prose.push(paragraph.trim());
            continue;
        };
        let Some((literal, _)) = rest.split_once('`') else {
            prose.push(paragraph.trim());
            continue;
        };
        let parsed = toml::from_str::<toml::Table>(&format!("v = {literal}"))
            .ok()
            .and_then(|mut t| t.remove("v"))
            .and_then(|v| serde_json::to_value(v).ok());
        match parsed {
            Some(value) => default = Some((literal.to_owned(), value)),
            None => prose.push(paragraph.trim()),
        }
        // Whatever follows the default on its line ("(seconds)", "Deprecated.")
        // stays in the prose.
        let after = rest
            .split_once('`')
            .map(|(_, a)| a.trim())
            .unwrap_or_default();
        let after = after.trim_start_matches('.').trim();
        if !after.is_empty() && default.is_some() {
            prose.push(after);
        }
    }
    (prose.join("\n\n").trim().to_owned(), default)
}

/// The deprecation note for a key: from the runner's code (kept in
/// [`DEPRECATED`]) or the model's documentation.
fn deprecation(path: &str, doc: &str) -> Option<String> {
    if let Some((_, note)) = DEPRECATED.iter().find(|(p, _)| *p == path) {
        return Some((*note).to_owned());
    }
    doc.contains("Deprecated")
        .then(|| "The runner still reads it, but it is on its way out.".to_owned())
}

/// For keys the runner no longer reads at all (it only logs that they are
/// set), the message an editor shows where one is written.
fn no_longer_read(path: &str) -> Option<&'static str> {
    path.starts_with("runners[].machine.OffPeak").then_some(
        "GitLab Runner no longer reads the OffPeak settings (it only logs that they are \
         set): use [[runners.machine.autoscaling]] periods.",
    )
}

/// Keys the runner's code marks deprecated, with what replaces them.
const DEPRECATED: &[(&str, &str)] = &[
    (
        "runners[].cache.s3.UploadRoleARN",
        "Use `RoleARN`, which covers uploads and downloads.",
    ),
    (
        "runners[].machine.OffPeakPeriods",
        "Off-peak settings were replaced by `[[runners.machine.autoscaling]]` periods.",
    ),
    (
        "runners[].machine.OffPeakTimezone",
        "Off-peak settings were replaced by `[[runners.machine.autoscaling]]` periods.",
    ),
    (
        "runners[].machine.OffPeakIdleCount",
        "Off-peak settings were replaced by `[[runners.machine.autoscaling]]` periods.",
    ),
    (
        "runners[].machine.OffPeakIdleTime",
        "Off-peak settings were replaced by `[[runners.machine.autoscaling]]` periods.",
    ),
    (
        "experimental.usage_logger.log_dir",
        "Moved to `[experimental.usage_logger.logrotate]` `log_dir`.",
    ),
    (
        "experimental.usage_logger.max_backup_files",
        "Moved to `[experimental.usage_logger.logrotate]` `max_backup_files`.",
    ),
    (
        "experimental.usage_logger.max_rotation_age",
        "Moved to `[experimental.usage_logger.logrotate]` `max_rotation_age`.",
    ),
    (
        "experimental.usage_logger.labels",
        "Moved to `[experimental.usage_logger.logrotate]` `labels`.",
    ),
];

/// A plain description for a key whose documentation is only its name.
fn fallback(name: &str, header: &str, shape: &Shape) -> String {
    let what = match shape {
        Shape::String => "A string",
        Shape::Integer => "An integer",
        Shape::Float => "A number",
        Shape::Boolean => "`true` or `false`",
        Shape::Datetime => "A TOML datetime or RFC 3339 string",
        Shape::Duration => "A Go duration (`\"1h30m\"`, `\"90s\"`) or integer nanoseconds",
        Shape::StringOrArray => "A string or an array of strings",
        Shape::Enum(_) => "One of the listed values",
        Shape::Array(Shape::Table(_)) => "An array of tables",
        Shape::Array(_) => "An array",
        Shape::Table(_) => "A table",
        Shape::Map(_) => "A table with keys of your choice",
        Shape::Any => "Any value",
    };
    let header = if header == "(top level)" {
        "the top level of the file".to_owned()
    } else {
        format!("`{header}`")
    };
    format!("`{name}` in {header}. {what}; see the GitLab Runner documentation for its effect.")
}

/// The configuration reference most sections are described in.
const ADVANCED_CONFIGURATION: &str =
    "https://docs.gitlab.com/runner/configuration/advanced-configuration/";

/// The documentation page for a key: its section's heading in the
/// advanced-configuration reference, or a dedicated page.
fn link(header: &str, path: &str) -> Option<String> {
    if path.starts_with("runners[].feature_flags") {
        return Some("https://docs.gitlab.com/runner/configuration/feature-flags/".into());
    }
    if path.starts_with("runners[].kubernetes") {
        return Some("https://docs.gitlab.com/runner/executors/kubernetes/".into());
    }
    // Sections with their own heading, most specific first.
    const SECTIONS: &[&str] = &[
        "runners.docker.services",
        "runners.docker",
        "runners.cache.s3",
        "runners.cache.gcs",
        "runners.cache.azure",
        "runners.cache",
        "runners.machine.autoscaling",
        "runners.machine",
        "runners.autoscaler.plugin_config",
        "runners.autoscaler.connector_config",
        "runners.autoscaler.policy",
        "runners.autoscaler.vm_isolation",
        "runners.autoscaler",
        "runners.custom_build_dir",
        "runners.custom",
        "runners.ssh",
        "runners.parallels",
        "runners.virtualbox",
        "runners.referees",
        "runners.instance",
        "session_server",
    ];
    let bare = header.trim_matches(|c| c == '[' || c == ']');
    let anchor = if header == "(top level)" {
        "the-global-section".to_owned()
    } else if let Some(section) = SECTIONS
        .iter()
        .find(|s| bare == **s || bare.starts_with(&format!("{s}.")))
    {
        format!("the-{}-section", section.replace('.', ""))
    } else if bare.starts_with("runners") {
        "the-runners-section".to_owned()
    } else {
        return None;
    };
    Some(format!("{ADVANCED_CONFIGURATION}#{anchor}"))
}

/// On Kubernetes `""` is a valid pull policy: leave it to the cluster. It
/// may be listed in `allowed_pull_policies` too, so that the cluster's
/// default counts as allowed.
fn allow_cluster_default(schema: &mut Map<String, Value>) {
    let mut targets: Vec<&mut Value> = Vec::new();
    if schema.contains_key("anyOf") {
        if let Some(Value::Array(branches)) = schema.get_mut("anyOf") {
            for branch in branches {
                if branch.get("items").is_some() {
                    targets.extend(branch.get_mut("items"));
                } else {
                    targets.push(branch);
                }
            }
        }
    } else {
        targets.extend(schema.get_mut("items"));
    }
    for target in targets {
        let Value::Object(target) = target else {
            continue;
        };
        if let Some(Value::Array(values)) = target.get_mut("enum") {
            values.push("".into());
        }
        if let Some(Value::Object(docs)) = target.get_mut("x-taplo").and_then(|t| t.get_mut("docs"))
            && let Some(Value::Array(values)) = docs.get_mut("enumValues")
        {
            values.push(
                "`\"\"`: no policy in the pod spec; the cluster picks one from the image tag."
                    .into(),
            );
        }
    }
}

/// Descriptions in our own words for keys whose model documentation is only
/// the key's name, by path (`[]` marks an array element).
fn describe(path: &str) -> Option<&'static str> {
    DESCRIPTIONS
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, d)| *d)
}

/// See [`describe`].
const DESCRIPTIONS: &[(&str, &str)] = &[
    (
        "concurrent",
        "How many jobs all runners in this file may run at the same time, in total.",
    ),
    (
        "check_interval",
        "Seconds between requests for new jobs; each `[[runners]]` entry is polled once per interval.",
    ),
    (
        "listen_address",
        "Address (`host:port`) of the Prometheus metrics and debug HTTP server.",
    ),
    (
        "shutdown_timeout",
        "Seconds a forced shutdown waits for jobs to stop before exiting.",
    ),
    (
        "connection_max_age",
        "How long a connection to GitLab is reused before a new one is opened.",
    ),
    (
        "sentry_dsn",
        "Sentry DSN the runner reports its own errors to.",
    ),
    ("runners", "One entry per registered runner."),
    (
        "runners[].name",
        "A description of this runner, shown in logs and in GitLab.",
    ),
    (
        "runners[].url",
        "The GitLab instance's URL, for example `https://gitlab.com`.",
    ),
    (
        "runners[].token",
        "The runner's authentication token (`glrt-…`), written by `gitlab-runner register`.",
    ),
    ("runners[].executor", "How this runner runs jobs."),
    (
        "runners[].limit",
        "How many jobs this runner may run at once; `0` means no limit of its own.",
    ),
    (
        "runners[].token_expires_at",
        "When the token expires; `0001-01-01T00:00:00Z` means never.",
    ),
    (
        "runners[].token_obtained_at",
        "When the token was obtained.",
    ),
    (
        "runners[].builds_dir",
        "Directory the builds are checked out into, in the executor's environment.",
    ),
    (
        "runners[].cache_dir",
        "Directory local caches are kept in, in the executor's environment.",
    ),
    (
        "runners[].clone_url",
        "URL to clone from instead of `url`, for runners that reach GitLab differently.",
    ),
    (
        "runners[].environment",
        "Extra environment variables for every job, as `NAME=value` strings.",
    ),
    (
        "runners[].docker.image",
        "Default image for jobs that name none.",
    ),
    (
        "runners[].docker.privileged",
        "Run containers in privileged mode (needed for Docker-in-Docker).",
    ),
    (
        "runners[].docker.volumes",
        "Extra volumes to mount into job containers, as Docker `-v` specs.",
    ),
    (
        "runners[].docker.pull_policy",
        "When to pull images: one policy, or a list tried in order when a pull fails.",
    ),
    (
        "runners[].docker.allowed_pull_policies",
        "The pull policies a job's `pull_policy` may choose from.",
    ),
    (
        "runners[].kubernetes.pull_policy",
        "When to pull images: one policy, or a list tried in order. `\"\"` leaves it to the cluster.",
    ),
    (
        "runners[].kubernetes.allowed_pull_policies",
        "The pull policies a job's `pull_policy` may choose from.",
    ),
    (
        "runners[].kubernetes.namespace",
        "Namespace the job pods are created in.",
    ),
    (
        "runners[].cache.Type",
        "Where the distributed cache is stored.",
    ),
    ("runners[].cache.Shared", "Share the cache between runners."),
];
