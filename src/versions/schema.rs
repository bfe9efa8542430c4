//! The JSON Schema for an older runner release: the newest schema with the
//! keys that release does not read taken out, and the keys it still reads
//! but the newest no longer does put back (typed from the data), so an
//! editor completes and checks exactly what that runner reads. A rule about
//! a key (a pattern, an enumeration) goes with its key. Feature `schema`.
//!
//! ```
//! use runner_config::versions::{RunnerVersion, schema::generate_for};
//!
//! let old: RunnerVersion = "16.0".parse().unwrap();
//! let schema = generate_for(&old);
//! let runner = &schema["properties"]["runners"]["items"]["properties"];
//! assert!(runner.get("labels").is_none()); // 18.5
//! assert_eq!(runner["pre_clone_script"]["type"], "string"); // removed in 17.0
//! assert!(schema["properties"].get("labels").is_none());
//! ```

use serde_json::{Value, json};

use super::{At, KeyAt, RunnerVersion, data};

/// The schema for `version`: [`crate::schema::generate`] restricted to
/// what that release reads. For the newest release it is the same schema.
pub fn generate_for(version: &RunnerVersion) -> Value {
    let mut schema = crate::schema::generate();
    restrict(&mut schema, version);
    schema
}

/// The same, as the text `runner-config schema --runner-version` writes.
pub fn to_json_for(version: &RunnerVersion) -> String {
    let mut text = serde_json::to_string_pretty(&generate_for(version)).unwrap_or_default();
    text.push('\n');
    text
}

/// Restricts a schema generated for the newest release to `version`.
pub fn restrict(schema: &mut Value, version: &RunnerVersion) {
    if version.is_newest() {
        return;
    }
    let mut path = String::new();
    prune(schema, version, &mut path, 0);
    for key in data::KEYS {
        if let Some(KeyAt::Read(toml_type)) = version.key(key.path) {
            add_missing(schema, key.path, toml_type);
        }
    }
    if let Value::Object(root) = schema {
        let title = format!("GitLab Runner {} config.toml", version.minor_release());
        root.insert("title".into(), title.into());
        root.insert(
            "x-runner-version".into(),
            Value::String(version.to_string()),
        );
    }
}

/// Removes every property `version` does not read, depth first.
fn prune(schema: &mut Value, version: &RunnerVersion, path: &mut String, depth: usize) {
    const MAX_DEPTH: usize = 32;
    if depth > MAX_DEPTH {
        return;
    }
    let Value::Object(map) = schema else {
        return;
    };
    if let Some(Value::Object(properties)) = map.get_mut("properties") {
        let flags = path.as_str() == "runners[].feature_flags";
        properties.retain(|name, _| {
            if flags {
                return !matches!(version.flag(name), Some(At::NotYet(_) | At::Removed(_)));
            }
            let child = join(path, name);
            version.reads_key(&child)
        });
        for (name, property) in properties.iter_mut() {
            let len = path.len();
            *path = join(path, name);
            prune(property, version, path, depth + 1);
            path.truncate(len);
        }
    }
    // A rule that needs a key this release does not read goes with it.
    let kept: Option<Vec<String>> = map
        .get("properties")
        .and_then(Value::as_object)
        .map(|p| p.keys().cloned().collect());
    if let (Some(kept), Some(Value::Array(required))) = (kept, map.get_mut("required")) {
        required.retain(|name| name.as_str().is_some_and(|n| kept.iter().any(|k| k == n)));
    }
    if let Some(items) = map.get_mut("items")
        && items.get("properties").is_some()
    {
        path.push_str("[]");
        prune(items, version, path, depth + 1);
        path.truncate(path.len() - 2);
    }
    if let Some(Value::Array(choices)) = map.get_mut("anyOf") {
        for choice in choices {
            prune(choice, version, path, depth + 1);
        }
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

/// Puts back a key the newest schema no longer has, where its table is.
fn add_missing(schema: &mut Value, path: &str, toml_type: &str) {
    let mut node = schema;
    let mut parts = path.split('.').peekable();
    while let Some(part) = parts.next() {
        let (name, entries) = match part.strip_suffix("[]") {
            Some(name) => (name, true),
            None => (part, false),
        };
        let Some(properties) = node.get_mut("properties").and_then(Value::as_object_mut) else {
            return;
        };
        if parts.peek().is_none() {
            if !properties.contains_key(name) {
                properties.insert(name.to_owned(), schema_of(toml_type));
            }
            return;
        }
        let Some(next) = properties.get_mut(name) else {
            return;
        };
        node = if entries {
            match next.get_mut("items") {
                Some(items) => items,
                None => return,
            }
        } else {
            next
        };
    }
}

/// A schema for a value of the data's TOML type.
fn schema_of(toml_type: &str) -> Value {
    let scalar = |t: &str| -> Value {
        match t {
            "string" => json!({ "type": "string" }),
            "integer" => json!({ "type": "integer" }),
            "float" => json!({ "type": "number" }),
            "boolean" => json!({ "type": "boolean" }),
            "string|integer" => json!({ "type": ["string", "integer"] }),
            "table" => json!({ "type": "object" }),
            _ => json!({}),
        }
    };
    let mut value = match toml_type
        .strip_prefix("array<")
        .and_then(|t| t.strip_suffix('>'))
    {
        Some(item) => json!({ "type": "array", "items": scalar(item) }),
        None => scalar(toml_type),
    };
    if let Value::Object(map) = &mut value {
        map.insert(
            "description".into(),
            "Read by this GitLab Runner release; removed in a later one.".into(),
        );
    }
    value
}
