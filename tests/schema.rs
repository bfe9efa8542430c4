//! The JSON Schema: checked-in copy up to date, shaped for TOML editors,
//! accepting every valid config we know of and rejecting known mistakes for
//! the expected reason.
#![cfg(feature = "schema")]

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

mod support;

const CHECKED_IN: &str = "schemas/runner-config.schema.json";
const REGENERATE: &str = "UPDATE_SCHEMA=1 cargo test --test schema \
                          (or: cargo run -- schema > schemas/runner-config.schema.json)";

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shared reference material: `$CARGO_MANIFEST_DIR/../shared` on main,
/// one level further up from a worktree under `wt/`.
fn shared() -> PathBuf {
    let root = manifest_dir();
    let candidates = [root.join("../shared"), root.join("../../shared")];
    match candidates
        .iter()
        .find(|p| p.join("corpus/index.json").is_file())
    {
        Some(found) => found.clone(),
        None => panic!("no shared/corpus/index.json next to {}", root.display()),
    }
}

fn schema() -> Value {
    runner_config::schema::generate()
}

fn validator() -> jsonschema::Validator {
    match jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&schema())
    {
        Ok(v) => v,
        Err(e) => panic!("the generated schema is not a valid draft-07 schema: {e}"),
    }
}

/// TOML to JSON as check-jsonschema does it: datetimes become RFC 3339
/// strings, everything else maps one to one.
fn to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(to_json).collect()),
        toml::Value::Table(table) => {
            Value::Object(table.into_iter().map(|(k, v)| (k, to_json(v))).collect())
        }
    }
}

fn load(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match text.parse::<toml::Table>() {
        Ok(table) => to_json(toml::Value::Table(table)),
        Err(e) => panic!("{}: not TOML: {e}", path.display()),
    }
}

/// Every `.toml` file directly in `dir`, sorted.
fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

/// The whole, parsable corpus files with no recorded mistake.
fn clean_corpus() -> Vec<PathBuf> {
    let dir = shared().join("corpus");
    let index = fs::read_to_string(dir.join("index.json"))
        .unwrap_or_else(|e| panic!("{}/index.json: {e}", dir.display()));
    let index: Vec<Value> = serde_json::from_str(&index).unwrap_or_else(|e| panic!("index: {e}"));
    index
        .iter()
        .filter(|e| e["fragment"] == false && e["parses_as_toml"] == true)
        .filter(|e| e["genuine_mistakes"].as_array().is_some_and(Vec::is_empty))
        .filter_map(|e| e["file"].as_str())
        .map(|f| dir.join(f))
        .collect()
}

fn errors_for(validator: &jsonschema::Validator, path: &Path) -> Vec<String> {
    validator
        .iter_errors(&load(path))
        .map(|e| {
            format!(
                "{} at {:?}: {e}",
                e.kind().keyword(),
                e.instance_path().as_str()
            )
        })
        .collect()
}

#[test]
fn checked_in_schema_is_up_to_date() {
    let path = manifest_dir().join(CHECKED_IN);
    let generated = runner_config::schema::to_json();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        fs::write(&path, &generated).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        return;
    }
    let checked_in = fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == generated,
        "{CHECKED_IN} differs from what the model generates; regenerate it with:\n    {REGENERATE}"
    );
}

#[test]
fn no_ref_or_definitions_anywhere() {
    fn walk(value: &Value, at: &str, found: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (key, inner) in map {
                    if key == "$ref" || key == "definitions" || key == "$defs" {
                        found.push(format!("{at}/{key}"));
                    }
                    walk(inner, &format!("{at}/{key}"), found);
                }
            }
            Value::Array(items) => {
                for (i, inner) in items.iter().enumerate() {
                    walk(inner, &format!("{at}/{i}"), found);
                }
            }
            _ => {}
        }
    }
    let mut found = Vec::new();
    walk(&schema(), "", &mut found);
    assert!(found.is_empty(), "editors cannot follow these: {found:?}");
    assert_eq!(
        schema()["$schema"],
        "http://json-schema.org/draft-07/schema#"
    );
}

#[test]
fn descriptions_carry_no_rust_examples() {
    // The model's doc comments include Rust examples for library users;
    // an editor's hover must show only the prose.
    let text = runner_config::schema::to_json();
    assert!(
        !text.contains("```"),
        "a code block leaked into a description"
    );
    assert!(
        !text.contains("runner_config::"),
        "Rust paths leaked into a description"
    );
}

#[test]
fn the_schema_is_valid_draft_07() {
    let meta = jsonschema::draft7::meta::validator();
    let errors: Vec<String> = meta
        .iter_errors(&schema())
        .map(|e| format!("{e} at {}", e.instance_path().as_str()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn valid_configs_validate() {
    let validator = validator();
    // Without the corpus, the fixtures and examples are still checked.
    let mut files = if support::skip_without("corpus/index.json", "the real-config corpus") {
        Vec::new()
    } else {
        let corpus = clean_corpus();
        assert!(
            corpus.len() >= 50,
            "only {} corpus files found",
            corpus.len()
        );
        corpus
    };
    files.extend(toml_files(&manifest_dir().join("tests/fixtures/valid")));
    files.extend(toml_files(&manifest_dir().join("schemas/examples")));
    let failures: Vec<String> = files
        .iter()
        .filter_map(|path| {
            let errors = errors_for(&validator, path);
            (!errors.is_empty()).then(|| format!("{}:\n  {}", path.display(), errors.join("\n  ")))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn invalid_fixtures_fail_for_the_expected_reason() {
    let validator = validator();
    let files = toml_files(&manifest_dir().join("tests/fixtures/schema-invalid"));
    assert!(files.len() >= 10, "only {} invalid fixtures", files.len());
    for path in files {
        let text = fs::read_to_string(&path).unwrap_or_default();
        let Some(expect) = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# expect: "))
        else {
            panic!(
                "{}: first line must be `# expect: KEYWORD /instance/path`",
                path.display()
            );
        };
        let Some((keyword, at)) = expect.split_once(' ') else {
            panic!("{}: bad expectation {expect:?}", path.display());
        };
        let errors = errors_for(&validator, &path);
        let wanted = format!("{keyword} at {at:?}:");
        assert!(
            errors.iter().any(|e| e.starts_with(&wanted)),
            "{}: expected `{keyword}` at {at}, got {errors:#?}",
            path.display()
        );
    }
}

/// The schema node for an inventory path (`runners[].docker.pull_policy`).
fn node<'a>(schema: &'a Value, path: &str) -> Option<&'a Value> {
    let mut at = schema;
    for part in path.split('.') {
        let (name, elements) = match part.strip_suffix("[]") {
            Some(name) => (name, true),
            None => (part, false),
        };
        at = if name == "<name>" {
            at.get("additionalProperties")?
        } else {
            at.get("properties")?.get(name)?
        };
        if elements {
            at = at.get("items")?;
        }
    }
    Some(at)
}

#[test]
fn defaults_and_deprecations_follow_the_inventory() {
    if support::skip_without(
        "reference/runner-config-keys.json",
        "the runner's key inventory",
    ) {
        return;
    }
    let path = shared().join("reference/runner-config-keys.json");
    let inventory = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let inventory: Value = serde_json::from_str(&inventory).unwrap_or_else(|e| panic!("{e}"));
    let schema = schema();
    let mut problems = Vec::new();
    let mut checked = 0;
    for key in inventory["keys"].as_array().into_iter().flatten() {
        let Some(path) = key["path"].as_str() else {
            continue;
        };
        let Some(at) = node(&schema, path) else {
            problems.push(format!("{path}: not in the schema"));
            continue;
        };
        let description = at["description"].as_str().unwrap_or_default();
        if description.is_empty() {
            problems.push(format!("{path}: no description"));
        }
        if let Some(default) = key.get("default") {
            checked += 1;
            if at.get("default") != Some(default) {
                problems.push(format!(
                    "{path}: default {:?}, inventory {default}",
                    at.get("default")
                ));
            }
        }
        if key["deprecated"] == true && !description.contains("Deprecated") {
            problems.push(format!("{path}: deprecation not noted"));
        }
    }
    assert!(checked > 40, "only {checked} defaults compared");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn pull_policy_offers_the_values_in_both_forms() {
    let schema = schema();
    for executor in ["docker", "kubernetes"] {
        let at = node(&schema, &format!("runners[].{executor}.pull_policy"));
        let Some(branches) = at.and_then(|a| a["anyOf"].as_array()) else {
            panic!("{executor} pull_policy is not anyOf");
        };
        let string = &branches[0];
        let array = &branches[1];
        assert_eq!(string["type"], "string");
        assert_eq!(array["type"], "array");
        for value in ["always", "if-not-present", "never"] {
            for enumerated in [&string["enum"], &array["items"]["enum"]] {
                assert!(
                    enumerated
                        .as_array()
                        .is_some_and(|e| e.contains(&value.into())),
                    "{executor}: {value} missing from {enumerated}"
                );
            }
        }
        let with_empty = string["enum"]
            .as_array()
            .is_some_and(|e| e.contains(&"".into()));
        assert_eq!(with_empty, executor == "kubernetes", "{executor}: \"\"");
        let allowed = node(
            &schema,
            &format!("runners[].{executor}.allowed_pull_policies"),
        );
        assert_eq!(allowed.map(|a| &a["type"]), Some(&Value::from("array")));
    }
    let runner = node(&schema, "runners[]").cloned().unwrap_or_default();
    assert_eq!(
        runner["x-taplo"]["initKeys"],
        serde_json::json!(["name", "url", "token", "executor"])
    );
}

#[test]
fn tables_allow_unknown_keys() {
    fn walk(value: &Value, at: &str, found: &mut Vec<String>) {
        if let Value::Object(map) = value {
            if map.get("additionalProperties") == Some(&Value::Bool(false)) {
                found.push(at.to_owned());
            }
            for (key, inner) in map {
                walk(inner, &format!("{at}/{key}"), found);
            }
        }
    }
    let mut found = Vec::new();
    walk(&schema(), "", &mut found);
    assert!(
        found.is_empty(),
        "these tables forbid unknown keys: {found:?}"
    );
}
