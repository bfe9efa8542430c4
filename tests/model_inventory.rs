//! The model against the key inventory extracted from GitLab Runner's Go
//! structs (`shared/reference/runner-config-keys.json`): every key the
//! runner reads has a place of the right shape, and the model invents none.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use runner_config::model::shape::{KeyDef, Section, Shape, TableDef};
use runner_config::model::{Config, FeatureFlag};
use serde_json::Value;

mod support;

/// `shared/` sits next to the project (or next to the worktree folder).
fn shared_file(relative: &str) -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .map(|dir| dir.join("shared").join(relative))
        .find(|path| path.is_file())
        .unwrap_or_else(|| panic!("shared/{relative} not found above {}", manifest.display()))
}

fn inventory() -> Value {
    let path = shared_file("reference/runner-config-keys.json");
    let text = std::fs::read_to_string(&path).expect("inventory is readable");
    serde_json::from_str(&text).expect("inventory is JSON")
}

/// One key of the model, found by walking the tables from the root.
struct Found {
    key: &'static KeyDef,
    table: &'static TableDef,
}

/// Every key path of the model, spelled as the inventory spells them
/// (`runners[].docker.services[].name`).
fn model_paths() -> BTreeMap<String, Found> {
    fn walk(table: &'static TableDef, prefix: &str, out: &mut BTreeMap<String, Found>) {
        for key in table.keys {
            let path = format!("{prefix}{}", key.name);
            match key.shape {
                Shape::Table(inner) => walk(inner, &format!("{path}."), out),
                Shape::Array(Shape::Table(inner)) => walk(inner, &format!("{path}[]."), out),
                _ => {}
            }
            let previous = out.insert(path.clone(), Found { key, table });
            assert!(previous.is_none(), "{path} is declared twice");
        }
    }
    let mut out = BTreeMap::new();
    walk(Config::TABLE, "", &mut out);
    out
}

fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .expect("an array")
        .iter()
        .map(|v| v.as_str().expect("a string"))
        .collect()
}

fn enum_values(shape: &Shape) -> Option<(&'static [&'static str], bool)> {
    match shape {
        Shape::Enum(def) => Some((def.values, def.case_insensitive)),
        _ => None,
    }
}

/// Checks one inventory entry against the shape the model gives it.
fn check_shape(entry: &Value, shape: &'static Shape) -> Result<(), String> {
    let kind = entry["kind"].as_str().unwrap_or_default();
    let toml_type = entry["toml_type"].as_str().unwrap_or_default();
    let go_type = entry["go_type"].as_str().unwrap_or_default();
    let scalar = |name: &str| -> Option<&'static Shape> {
        Some(match name {
            "string" => &Shape::String,
            "integer" => &Shape::Integer,
            "float" => &Shape::Float,
            "boolean" => &Shape::Boolean,
            "any" => &Shape::Any,
            "array<string>" => &Shape::Array(&Shape::String),
            _ => return None,
        })
    };
    let ok = match (kind, toml_type) {
        ("table", _) => matches!(shape, Shape::Table(_)),
        ("array_of_tables", _) => matches!(shape, Shape::Array(Shape::Table(_))),
        ("map", _) => {
            let inner = toml_type
                .strip_prefix("table<string,")
                .and_then(|t| t.strip_suffix('>'))
                .and_then(scalar);
            matches!((shape, inner), (Shape::Map(a), Some(b)) if *a == b)
        }
        (_, "string") if entry.get("enum").is_some() => {
            let Some((values, case_insensitive)) = enum_values(shape) else {
                return Err(format!("expected an enum, found {shape:?}"));
            };
            let expected = strings(&entry["enum"]);
            if values != expected.as_slice() {
                return Err(format!(
                    "enum values {values:?}, inventory has {expected:?}"
                ));
            }
            // The inventory records how the runner's own code compares. Docker
            // `isolation` is compared by Docker's `container.Isolation`
            // methods (`strings.ToLower`, moby `api/types/container`), which
            // the inventory does not look into (runner-behaviour.md §7).
            let compared_by_docker = entry["path"] == "runners[].docker.isolation";
            let inventory_ci =
                entry["enum_case_insensitive"].as_bool().unwrap_or(false) || compared_by_docker;
            if case_insensitive != inventory_ci {
                return Err(format!(
                    "case-insensitive {case_insensitive}, inventory {inventory_ci}"
                ));
            }
            true
        }
        (_, "string|integer") => *shape == Shape::Duration,
        (_, "datetime|string") => *shape == Shape::Datetime,
        (_, "string|array<string>") => *shape == Shape::StringOrArray,
        // Allowed pull policies stay raw strings: the policy core validates
        // each entry with the runner's own messages.
        (_, "array<string>") if go_type == "[]DockerPullPolicy" => {
            *shape == Shape::Array(&Shape::String)
        }
        // Usage-logger writers stay raw strings: the runner logs and skips
        // an unknown one, so the loader must not refuse it (a lint warns).
        (_, "array<string>") if entry["path"] == "experimental.usage_logger.writers" => {
            *shape == Shape::Array(&Shape::String)
        }
        (_, "array<string>") if entry.get("element_enum").is_some() => match shape {
            Shape::Array(inner) => {
                enum_values(inner).map(|(values, _)| values.to_vec())
                    == Some(strings(&entry["element_enum"]))
            }
            _ => false,
        },
        (_, "array<float>") => *shape == Shape::Array(&Shape::Float),
        (_, "array<integer>") => *shape == Shape::Array(&Shape::Integer),
        (_, other) => scalar(other).is_some_and(|expected| *shape == *expected),
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{kind} {toml_type} ({go_type}) modelled as {shape:?}"
        ))
    }
}

#[test]
fn every_inventory_key_has_a_place_of_the_right_shape() {
    if support::skip_without(
        "reference/runner-config-keys.json",
        "the runner's key inventory",
    ) {
        return;
    }
    let inventory = inventory();
    let entries = inventory["keys"].as_array().expect("keys");
    assert_eq!(entries.len(), 744);
    let model = model_paths();
    let mut problems = Vec::new();
    for entry in entries {
        let path = entry["path"].as_str().expect("path");
        match model.get(path) {
            None => problems.push(format!("{path}: missing from the model")),
            Some(found) => {
                if let Err(e) = check_shape(entry, found.key.shape) {
                    problems.push(format!("{path}: {e}"));
                }
            }
        }
    }
    let known: BTreeSet<&str> = entries.iter().filter_map(|e| e["path"].as_str()).collect();
    for path in model.keys() {
        if !known.contains(path.as_str()) {
            problems.push(format!("{path}: in the model but not in the inventory"));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn leaf_keys_number_628() {
    let leaves = model_paths()
        .values()
        .filter(|found| {
            !matches!(
                found.key.shape,
                Shape::Table(_) | Shape::Array(Shape::Table(_))
            )
        })
        .count();
    assert_eq!(leaves, 628);
    if !support::skip_without(
        "reference/runner-config-keys.json",
        "the runner's key inventory",
    ) {
        assert_eq!(inventory()["counts"]["leaf_keys_total"], 628);
    }
}

#[test]
fn only_the_nfs_volume_table_matches_keys_exactly() {
    if support::skip_without(
        "reference/runner-config-keys.json",
        "the runner's key inventory",
    ) {
        return;
    }
    let inventory = inventory();
    let exact_parents: BTreeSet<String> = inventory["keys"]
        .as_array()
        .expect("keys")
        .iter()
        .filter(|e| e["case_sensitive"].as_bool() == Some(true))
        .map(|e| e["parent"].as_str().expect("parent").to_owned())
        .collect();
    assert_eq!(
        exact_parents,
        BTreeSet::from(["runners[].kubernetes.volumes.nfs[]".to_owned()])
    );
    let model = model_paths();
    for (path, found) in &model {
        let parent = path.rsplit_once('.').map_or("", |(parent, _)| parent);
        assert_eq!(
            found.table.case_sensitive,
            exact_parents.contains(parent),
            "case sensitivity of the table holding {path}"
        );
    }
}

/// Every credential. `masked_in_config_dump` gives the runner's own list;
/// the SSH and connector passwords and the Sentry DSN (whose user part is
/// a key) are credentials the runner does not mask. Paths to credential
/// files (`identity_file`, `key_path`, `CredentialsFile`, `tls-key-file`,
/// `key_file`) are not secret: the path reveals nothing.
const SECRETS: &[&str] = &[
    "sentry_dsn",
    "runners[].token",
    "runners[].cache.s3.AccessKey",
    "runners[].cache.s3.SecretKey",
    "runners[].cache.s3.SessionToken",
    "runners[].cache.gcs.PrivateKey",
    "runners[].cache.azure.AccountKey",
    "runners[].kubernetes.bearer_token",
    "runners[].ssh.password",
    "runners[].autoscaler.connector_config.password",
    "runners[].autoscaler.vm_isolation.connector_config.password",
];

#[test]
fn credentials_are_flagged_secret() {
    if support::skip_without(
        "reference/runner-config-keys.json",
        "the runner's key inventory",
    ) {
        return;
    }
    let model = model_paths();
    let flagged: BTreeSet<&str> = model
        .iter()
        .filter(|(_, f)| f.key.secret)
        .map(|(p, _)| p.as_str())
        .collect();
    assert_eq!(flagged, SECRETS.iter().copied().collect());

    let inventory = inventory();
    for entry in inventory["keys"].as_array().expect("keys") {
        if entry["masked_in_config_dump"].as_bool() == Some(true) {
            let path = entry["path"].as_str().expect("path");
            assert!(
                flagged.contains(path),
                "{path} is masked by the runner but not secret here"
            );
        }
    }
}

#[test]
fn feature_flags_match_the_inventory() {
    if support::skip_without(
        "reference/runner-config-keys.json",
        "the runner's key inventory",
    ) {
        return;
    }
    let inventory = inventory();
    let flags = inventory["feature_flags"]
        .as_array()
        .expect("feature_flags");
    assert_eq!(FeatureFlag::ALL.len(), flags.len());
    for (flag, entry) in FeatureFlag::ALL.iter().zip(flags) {
        let name = entry["name"].as_str().expect("name");
        assert_eq!(flag.as_str(), name);
        assert_eq!(name.parse::<FeatureFlag>(), Ok(*flag));
        assert_eq!(
            Some(flag.default()),
            entry["default"].as_bool(),
            "{name} default"
        );
        assert_eq!(
            Some(flag.is_deprecated()),
            entry["deprecated"].as_bool(),
            "{name}"
        );
        assert_eq!(
            Some(flag.is_test_only()),
            entry["test_only"].as_bool(),
            "{name}"
        );
        assert_eq!(
            flag.removed_in(),
            entry["to_be_removed_with"].as_str(),
            "{name}"
        );
    }
}

#[test]
fn value_sets_match_the_inventory() {
    if support::skip_without(
        "reference/runner-config-keys.json",
        "the runner's key inventory",
    ) {
        return;
    }
    use runner_config::model::shape::Describe;
    use runner_config::model::{CacheType, Executor, LogFormat, LogLevel, Shell};

    let inventory = inventory();
    let names = |list: &Value| -> Vec<String> {
        list.as_array()
            .expect("array")
            .iter()
            .map(|v| {
                v.get("name")
                    .unwrap_or(v)
                    .as_str()
                    .expect("string")
                    .to_owned()
            })
            .collect()
    };
    let values = |shape: &'static Shape| -> Vec<String> {
        enum_values(shape)
            .expect("an enum")
            .0
            .iter()
            .map(|s| (*s).to_owned())
            .collect()
    };
    assert_eq!(values(Executor::SHAPE), names(&inventory["executors"]));
    assert_eq!(
        values(Shell::SHAPE),
        names(&inventory["shells"]["jsonschema_enum"])
    );
    assert_eq!(values(LogLevel::SHAPE), names(&inventory["log_levels"]));
    assert_eq!(values(LogFormat::SHAPE), names(&inventory["log_formats"]));
    assert_eq!(values(CacheType::SHAPE), names(&inventory["cache_types"]));
    assert_eq!("DEBUG".parse::<LogLevel>(), Ok(LogLevel::Debug));
    assert_eq!(
        "docker+machine".parse::<Executor>(),
        Ok(Executor::DockerMachine)
    );
    assert!("Docker".parse::<Executor>().is_err());
}

#[test]
fn headers_name_where_each_table_is_written() {
    let model = model_paths();
    let header = |path: &str| match model[path].key.shape {
        Shape::Table(t) | Shape::Array(Shape::Table(t)) => t.header,
        other => panic!("{path} is {other:?}"),
    };
    assert_eq!(Config::TABLE.header, "(top level)");
    assert_eq!(header("runners"), "[[runners]]");
    assert_eq!(header("runners[].docker"), "[runners.docker]");
    assert_eq!(
        header("runners[].kubernetes.volumes.nfs"),
        "[[runners.kubernetes.volumes.nfs]]"
    );
    assert_eq!(header("session_server"), "[session_server]");
    // Tables the runner reuses at several places say so.
    assert!(header("runners[].autoscaler.vm_isolation.connector_config").contains("vm_isolation"));
}

/// The field docs become the JSON Schema's descriptions: every key has one,
/// and it states the default and any deprecation the inventory records.
/// The object schema a property leads to: through `Option` (`anyOf` with
/// null), arrays of tables (`items`) and `$ref`s.
#[cfg(feature = "schema")]
fn resolve<'a>(defs: &'a Value, mut node: &'a Value) -> &'a Value {
    loop {
        if let Some(any_of) = node["anyOf"].as_array() {
            node = any_of
                .iter()
                .find(|s| s["type"] != "null")
                .expect("a non-null branch");
        } else if node["type"] == "array" {
            node = &node["items"];
        } else if let Some(reference) = node["$ref"].as_str() {
            node = &defs[reference.trim_start_matches("#/$defs/")];
        } else {
            return node;
        }
    }
}

#[cfg(feature = "schema")]
#[test]
fn every_key_is_documented_with_its_default_and_deprecation() {
    if support::skip_without(
        "reference/runner-config-keys.json",
        "the runner's key inventory",
    ) {
        return;
    }
    let schema = serde_json::to_value(schemars::schema_for!(Config)).expect("schema is JSON");
    let defs = &schema["$defs"];
    let inventory = inventory();
    let mut problems = Vec::new();
    for entry in inventory["keys"].as_array().expect("keys") {
        let path = entry["path"].as_str().expect("path");
        let mut table = &schema;
        let mut property = &Value::Null;
        for segment in path.split('.') {
            property = &table["properties"][segment.trim_end_matches("[]")];
            table = resolve(defs, property);
        }
        let description = property["description"].as_str().unwrap_or_default();
        if description.split_whitespace().count() < 3 {
            problems.push(format!("{path}: no useful description ({description:?})"));
            continue;
        }
        if !entry["default"].is_null() && !description.contains("Default:") {
            problems.push(format!(
                "{path}: default {} not documented",
                entry["default"]
            ));
        }
        let computed = ["default_effective", "default_expr", "default_from_key"];
        if computed.iter().any(|k| entry.get(*k).is_some())
            && !(description.contains("Not set") || description.contains("Default:"))
        {
            problems.push(format!(
                "{path}: the value used when unset is not documented"
            ));
        }
        if let Some(unit) = entry["default_unit"].as_str() {
            let documented = description.contains(&format!("({unit})"));
            if !documented {
                problems.push(format!("{path}: default unit {unit} not documented"));
            }
        }
        if entry["deprecated"] == true && !description.contains("Deprecated") {
            problems.push(format!("{path}: deprecation not documented"));
        }
        if matches!(entry["kind"].as_str(), Some("table" | "array_of_tables"))
            && table["description"].as_str().is_none_or(str::is_empty)
        {
            problems.push(format!("{path}: its table type has no description"));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
