//! The JSON Schema: checked-in copy up to date, shaped for TOML editors,
//! accepting every valid config we know of and rejecting known mistakes for
//! the expected reason.
//!
//! The runner's own test configs and the clean real configs go through two
//! validators: the `jsonschema` crate, always, and the real
//! `check-jsonschema` (what `scripts/schema-check` and editors' users run),
//! when it is installed. `tests/schema-expectations.toml` says what each
//! must reject, what a schema cannot say, and what no validator can parse.
#![cfg(feature = "schema")]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;
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
    match try_load(path) {
        Ok(value) => value,
        Err(e) => panic!("{}: not TOML: {e}", path.display()),
    }
}

/// The file as JSON, or why the `toml` crate cannot read it.
fn try_load(path: &Path) -> Result<Value, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    text.parse::<toml::Table>()
        .map(|table| to_json(toml::Value::Table(table)))
        .map_err(|e| e.to_string())
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
        // The few the runner cannot use are checked by
        // `real_configs_follow_the_runner`.
        let rejected = expectations().corpus;
        corpus
            .into_iter()
            .filter(|p| !rejected.contains_key(&file_name(p)))
            .collect()
    };
    files.extend(toml_files(&manifest_dir().join("tests/fixtures/valid")));
    files.extend(toml_files(
        &manifest_dir().join("tests/fixtures/schema-valid"),
    ));
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

/// The schema refuses what `runner-config check` reports as an error, and
/// only that: every invalid fixture has an error finding, and the valid
/// ones (unusual configs the runner accepts) have none.
#[test]
fn the_checker_agrees_on_the_fixtures() {
    let errors = |path: &Path| -> Vec<String> {
        let text = fs::read_to_string(path).unwrap_or_default();
        runner_config::check::check(&path.display().to_string(), &text)
            .diagnostics
            .iter()
            .filter(|d| d.severity() == runner_config::Severity::Error)
            .map(|d| format!("{} {}", d.code(), d.key_path().unwrap_or("-")))
            .collect()
    };
    let invalid = toml_files(&manifest_dir().join("tests/fixtures/schema-invalid"));
    for path in &invalid {
        assert!(
            !errors(path).is_empty(),
            "{}: the schema rejects it, `check` reports no error",
            path.display()
        );
    }
    let valid = toml_files(&manifest_dir().join("tests/fixtures/schema-valid"));
    assert!(
        valid.len() >= 2,
        "only {} schema-valid fixtures",
        valid.len()
    );
    for path in &valid {
        let found = errors(path);
        assert!(
            found.is_empty(),
            "{}: `check` reports errors: {found:?}",
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

/// The values listed in an `enum`, in any `anyOf` branch or `items` below
/// `schema` (not into nested tables).
fn offered(schema: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    if let Some(values) = schema["enum"].as_array() {
        out.extend(values.iter().filter_map(Value::as_str).map(str::to_owned));
    }
    for branch in schema["anyOf"].as_array().into_iter().flatten() {
        out.extend(offered(branch));
    }
    if schema.get("items").is_some() {
        out.extend(offered(&schema["items"]));
    }
    out
}

#[test]
fn pull_policy_offers_the_values_in_both_forms() {
    let schema = schema();
    let runner = node(&schema, "runners[]").cloned().unwrap_or_default();
    let conditions = runner["allOf"].as_array().cloned().unwrap_or_default();
    for executor in ["docker", "kubernetes"] {
        let at = node(&schema, &format!("runners[].{executor}.pull_policy"));
        let Some(branches) = at.and_then(|a| a["anyOf"].as_array()) else {
            panic!("{executor} pull_policy is not anyOf");
        };
        assert_eq!(branches[0]["type"], "string");
        assert_eq!(branches[1]["type"], "array");
        let mut values: Vec<&str> = vec!["always", "if-not-present", "never"];
        if executor == "kubernetes" {
            values.push("");
        }
        let want: BTreeSet<String> = values.iter().map(|v| v.to_string()).collect();
        assert_eq!(offered(&branches[0]), want, "{executor}: string form");
        assert_eq!(offered(&branches[1]), want, "{executor}: array form");
        let allowed = node(
            &schema,
            &format!("runners[].{executor}.allowed_pull_policies"),
        )
        .cloned()
        .unwrap_or_default();
        assert_eq!(allowed["type"], "array");
        assert_eq!(offered(&allowed), want, "{executor}: allowed_pull_policies");
        // The refusal lives in the entry's `if`/`then` for this executor.
        let strict = conditions
            .iter()
            .find_map(|c| c["then"]["properties"].get(executor))
            .unwrap_or_else(|| panic!("no condition for {executor}"));
        assert!(strict["properties"]["pull_policy"]["anyOf"].is_array());
        assert_eq!(
            strict["properties"]["allowed_pull_policies"]["type"],
            "array"
        );
    }
    assert_eq!(
        runner["x-taplo"]["initKeys"],
        serde_json::json!(["name", "url", "token", "executor"])
    );
}

#[test]
fn executor_conditions_follow_the_checker() {
    let validator = validator();
    let accepts = |text: &str| {
        let value = to_json(toml::Value::Table(text.parse().unwrap()));
        validator.is_valid(&value)
    };
    let docker = "[runners.docker]\npull_policy = \"bogus\"\n";
    // The section is read: refused.
    assert!(!accepts(&format!(
        "[[runners]]\nexecutor = \"docker\"\n{docker}"
    )));
    assert!(!accepts(&format!(
        "[[runners]]\nexecutor = \"docker+machine\"\n{docker}"
    )));
    // Without an executor, the one executor section decides, as in `check`.
    assert!(!accepts(&format!("[[runners]]\n{docker}")));
    // Not read by the executor in use: accepted (an unused section is a
    // warning).
    assert!(accepts(&format!(
        "[[runners]]\nexecutor = \"shell\"\n{docker}"
    )));
    assert!(accepts(&format!(
        "[[runners]]\nexecutor = \"kubernetes\"\n{docker}"
    )));
    assert!(accepts(&format!(
        "[[runners]]\n{docker}[runners.kubernetes]\nnamespace = \"ci\"\n"
    )));
    // Type errors are refused whatever the executor: the decoder refuses them.
    assert!(!accepts(
        "[[runners]]\nexecutor = \"shell\"\n[runners.docker]\npull_policy = 1\n"
    ));
    let k8s = |policies: &str| {
        format!(
            "[[runners]]\nexecutor = \"kubernetes\"\n[runners.kubernetes]\n\
             allowed_pull_policies = {policies}\n"
        )
    };
    assert!(accepts(&k8s("[\"\", \"if-not-present\"]")));
    assert!(!accepts(&k8s("[\"IfNotPresent\"]")));
    let options = |key: &str| {
        format!("[[runners]]\nexecutor = \"docker\"\n[runners.docker.log_options]\n{key} = \"x\"\n")
    };
    assert!(accepts(&options("labels")));
    assert!(!accepts(&options("max-size")));
}

#[test]
fn values_the_runner_drops_validate_and_offer_completion() {
    let validator = validator();
    let accepts = |text: &str| {
        let value = to_json(toml::Value::Table(text.parse().unwrap()));
        validator.is_valid(&value)
    };
    let k8s = "[[runners]]\nexecutor = \"kubernetes\"\n[runners.kubernetes]\n";
    for ok in [
        format!("{k8s}dns_policy = \"\"\n"),
        format!("{k8s}dns_policy = \"bogus\"\n"),
        format!(
            "{k8s}[runners.kubernetes.build_container_security_context]\nproc_mount = \" unmasked \"\n"
        ),
        "[[runners]]\n[runners.cache.s3]\nServerSideEncryption = \"aws:kms\"\n".into(),
        "[[runners]]\n[runners.cache.s3]\nServerSideEncryption = \"blah\"\n".into(),
        "[[runners]]\n[runners.cache]\nType = \"S3\"\n".into(),
        format!(
            "{k8s}[[runners.kubernetes.volumes.nfs]]\nname = \"n\"\nmount_path = \"/m\"\nserver = \"s\"\npath = \"/p\"\nread_only = \"yes\"\n"
        ),
        "log_level = \"DEBUG\"\n".into(),
        "[[runners]]\n[runners.docker]\nisolation = \"HyperV\"\n".into(),
        "[[runners]]\nurl = \"HTTPS://gitlab.com\"\n".into(),
        "[[runners]]\nurl = \"${CI_SERVER_URL}\"\n".into(),
        "[[runners]]\n[runners.feature_flags]\nFF_NOT_A_FLAG = true\n".into(),
    ] {
        assert!(accepts(&ok), "refused:\n{ok}");
    }
    for bad in [
        "concurrent = 0\n",
        "[[runners]]\nshell = \"cmd\"\n",
        "[[runners]]\nurl = \"gitlab.com\"\n",
        "[[runners]]\nurl = \"ftp://gitlab.com\"\n",
        "[[runners]]\nurl = \"\"\n",
        "log_format = \"JSON\"\n",
        "[[runners]]\nexecutor = \"Docker\"\n",
        "[[runners]]\n[runners.kubernetes]\n[[runners.kubernetes.volumes.nfs]]\nname = \"n\"\nMount_Path = \"/m\"\nserver = \"s\"\npath = \"/p\"\n",
        "[[runners]]\n[runners.kubernetes]\n[[runners.kubernetes.volumes.nfs]]\nname = \"\"\nmount_path = \"/m\"\nserver = \"s\"\npath = \"/p\"\n",
    ] {
        assert!(!accepts(bad), "accepted:\n{bad}");
    }
    let schema = schema();
    for (path, values) in [
        (
            "runners[].kubernetes.dns_policy",
            vec!["none", "cluster-first"],
        ),
        ("runners[].cache.Type", vec!["s3", "gcs", "azure"]),
        (
            "runners[].cache.s3.ServerSideEncryption",
            vec!["KMS", "AES256"],
        ),
        ("runners[].shell", vec!["bash", "pwsh"]),
        ("log_level", vec!["debug", "info"]),
    ] {
        let at = node(&schema, path).cloned().unwrap_or_default();
        let offered = offered(&at);
        for value in values {
            assert!(offered.contains(value), "{path}: {value} not offered");
        }
        assert!(!offered.contains("cmd"), "{path}: cmd offered");
    }
    let flags = node(&schema, "runners[].feature_flags")
        .cloned()
        .unwrap_or_default();
    let fastzip = &flags["properties"]["FF_USE_FASTZIP"];
    assert_eq!(fastzip["default"], true);
    assert!(
        fastzip["description"]
            .as_str()
            .is_some_and(|d| d.contains("Deprecated"))
    );
    assert_eq!(flags["additionalProperties"]["type"], "boolean");
}

#[test]
fn keys_the_runner_no_longer_reads_are_deprecated() {
    let schema = schema();
    for key in [
        "OffPeakPeriods",
        "OffPeakTimezone",
        "OffPeakIdleCount",
        "OffPeakIdleTime",
    ] {
        let at = node(&schema, &format!("runners[].machine.{key}"))
            .cloned()
            .unwrap_or_default();
        assert_eq!(at["deprecated"], true, "{key}");
        assert!(at["deprecationMessage"].is_string(), "{key}");
    }
    // Still read, only on their way out: noted, not flagged.
    let role = node(&schema, "runners[].cache.s3.UploadRoleARN")
        .cloned()
        .unwrap_or_default();
    assert!(role.get("deprecated").is_none());
}

#[test]
fn free_form_tables_say_what_their_entries_are() {
    // tombi's strict mode treats a table schema without
    // `additionalProperties` as closed; tables with known keys leave it out
    // on purpose (tombi then warns about unknown keys, as `check` does).
    fn walk(value: &Value, at: &str, found: &mut Vec<String>) {
        let Value::Object(map) = value else {
            return;
        };
        if map.get("type") == Some(&Value::from("object"))
            && !map.contains_key("properties")
            && !map.contains_key("additionalProperties")
        {
            found.push(at.to_owned());
        }
        for (key, inner) in map {
            match inner {
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        walk(item, &format!("{at}/{key}/{i}"), found);
                    }
                }
                _ => walk(inner, &format!("{at}/{key}"), found),
            }
        }
    }
    let mut found = Vec::new();
    walk(&schema(), "", &mut found);
    assert!(
        found.is_empty(),
        "free-form tables without additionalProperties: {found:?}"
    );
    let datetime = node(&schema(), "runners[].token_expires_at")
        .cloned()
        .unwrap_or_default();
    // tombi reads `format` as the TOML value type: each datetime form the
    // runner decodes has its branch.
    let formats: Vec<&str> = datetime["anyOf"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|b| b["format"].as_str())
        .collect();
    assert_eq!(
        formats,
        ["date-time", "date-time-local", "date", "time-local"]
    );
}

/// What `tests/schema-expectations.toml` says.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Expectations {
    runner_tests: BTreeMap<String, Expected>,
    corpus: BTreeMap<String, Expected>,
}

/// One listed file: rejected at these paths, accepted for a reason a
/// schema cannot express, or unparsable.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    #[serde(default)]
    rejected: Vec<String>,
    accepted: Option<String>,
    unparsable: Option<String>,
    #[allow(dead_code)]
    why: Option<String>,
}

fn expectations() -> Expectations {
    let path = manifest_dir().join("tests/schema-expectations.toml");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// One entry of the runner tests' `manifest.json`.
#[derive(Debug, Deserialize)]
struct Case {
    file: String,
    exit: u8,
}

/// Every real config with what the schema must do with it: the instance
/// paths it must reject (none: it validates), or `None` for a file no
/// validator can parse.
fn real_configs() -> Vec<(PathBuf, Option<BTreeSet<String>>)> {
    let expected = expectations();
    let mut out = Vec::new();
    let dir = shared().join("reference/runner-tests");
    let manifest = fs::read_to_string(dir.join("manifest.json"))
        .unwrap_or_else(|e| panic!("{}/manifest.json: {e}", dir.display()));
    let cases: Vec<Case> = serde_json::from_str(&manifest).unwrap_or_else(|e| panic!("{e}"));
    assert!(cases.len() >= 50, "only {} runner tests", cases.len());
    for case in &cases {
        let listed = expected.runner_tests.get(&case.file);
        let paths = match (case.exit, listed) {
            (_, Some(e)) if e.unparsable.is_some() => None,
            (0, None) => Some(BTreeSet::new()),
            (0, Some(e)) => panic!("{}: exit 0, listed as {e:?}", case.file),
            (_, None) => panic!(
                "{}: the runner refuses it (exit {}); say in tests/schema-expectations.toml \
                 where the schema rejects it, or why it cannot",
                case.file, case.exit
            ),
            (_, Some(e)) => match &e.accepted {
                Some(_) if e.rejected.is_empty() => Some(BTreeSet::new()),
                Some(_) => panic!("{}: both accepted and rejected", case.file),
                None if e.rejected.is_empty() => panic!("{}: nothing expected", case.file),
                None => Some(e.rejected.iter().cloned().collect()),
            },
        };
        out.push((dir.join(&case.file), paths));
    }
    for name in expected.runner_tests.keys() {
        assert!(
            cases.iter().any(|c| &c.file == name),
            "{name}: listed, but not in the manifest"
        );
    }
    let clean = clean_corpus();
    for path in clean {
        let paths = expected
            .corpus
            .get(&file_name(&path))
            .map(|e| e.rejected.iter().cloned().collect())
            .unwrap_or_default();
        out.push((path, Some(paths)));
    }
    for name in expected.corpus.keys() {
        assert!(
            out.iter().any(|(p, _)| file_name(p) == *name),
            "corpus {name}: listed, but not a clean corpus file"
        );
    }
    out
}

/// Compares what a validator rejected (instance paths) with what was
/// expected, per file; returns the differences.
fn compare(
    results: &BTreeMap<PathBuf, Result<BTreeSet<String>, String>>,
    expected: &[(PathBuf, Option<BTreeSet<String>>)],
) -> Vec<String> {
    let mut problems = Vec::new();
    for (path, want) in expected {
        let shown = path.display();
        match (results.get(path), want) {
            (None, _) => problems.push(format!("{shown}: no result")),
            (Some(Err(_)), None) => {}
            (Some(Err(e)), Some(_)) => problems.push(format!("{shown}: cannot be read: {e}")),
            (Some(Ok(_)), None) => {
                problems.push(format!("{shown}: listed as unparsable, but it was read"))
            }
            (Some(Ok(got)), Some(want)) if got != want => {
                problems.push(format!("{shown}: rejected at {got:?}, expected {want:?}"))
            }
            _ => {}
        }
    }
    problems
}

#[test]
fn real_configs_follow_the_runner() {
    if support::skip_without(
        "reference/runner-tests/manifest.json",
        "the runner's test configs",
    ) || support::skip_without("corpus/index.json", "the real-config corpus")
    {
        return;
    }
    let validator = validator();
    let expected = real_configs();
    let results = expected
        .iter()
        .map(|(path, _)| {
            let result = try_load(path).map(|value| {
                validator
                    .iter_errors(&value)
                    .map(|e| e.instance_path().as_str().to_owned())
                    .collect()
            });
            (path.clone(), result)
        })
        .collect();
    let problems = compare(&results, &expected);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// `$.runners[0].docker.container_labels['5']` as a JSON Pointer.
fn pointer(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path.strip_prefix('$').unwrap_or(path);
    while !rest.is_empty() {
        let (part, tail) = if let Some(r) = rest.strip_prefix("['") {
            let end = r.find("']").unwrap_or(r.len());
            (r[..end].to_owned(), r.get(end + 2..).unwrap_or(""))
        } else if let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']').unwrap_or(r.len());
            (r[..end].to_owned(), r.get(end + 1..).unwrap_or(""))
        } else {
            let r = rest.strip_prefix('.').unwrap_or(rest);
            let end = r.find(['.', '[']).unwrap_or(r.len());
            (r[..end].to_owned(), &r[end..])
        };
        out.push('/');
        out.push_str(&part.replace('~', "~0").replace('/', "~1"));
        rest = tail;
    }
    out
}

#[test]
fn check_jsonschema_agrees() {
    if support::skip_without(
        "reference/runner-tests/manifest.json",
        "the runner's test configs",
    ) || support::skip_without("corpus/index.json", "the real-config corpus")
    {
        return;
    }
    let expected = real_configs();
    let mut command = Command::new("check-jsonschema");
    command
        .arg("--output-format")
        .arg("json")
        .arg("--schemafile")
        .arg(manifest_dir().join(CHECKED_IN))
        .args(expected.iter().map(|(p, _)| p));
    let output = match command.output() {
        Ok(output) => output,
        Err(e) => {
            eprintln!(
                "note: skipping check_jsonschema_agrees: check-jsonschema cannot run ({e}); \
                 `python3 -m pip install check-jsonschema` installs it"
            );
            return;
        }
    };
    #[derive(Deserialize)]
    struct Report {
        errors: Vec<Finding>,
        parse_errors: Vec<Finding>,
    }
    #[derive(Deserialize)]
    struct Finding {
        filename: String,
        #[serde(default)]
        path: String,
    }
    let report: Report = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "check-jsonschema: {e}\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let mut results: BTreeMap<PathBuf, Result<BTreeSet<String>, String>> = expected
        .iter()
        .map(|(p, _)| (p.clone(), Ok(BTreeSet::new())))
        .collect();
    for finding in &report.errors {
        if let Some(Ok(paths)) = results.get_mut(Path::new(&finding.filename)) {
            paths.insert(pointer(&finding.path));
        }
    }
    let mut unparsable = Vec::new();
    for finding in &report.parse_errors {
        results.insert(
            PathBuf::from(&finding.filename),
            Err("check-jsonschema cannot parse it".into()),
        );
        unparsable.push(finding.filename.clone());
    }
    let problems = compare(&results, &expected);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    eprintln!(
        "check-jsonschema: {} real configs as expected; skipped as unparsable: {unparsable:?}",
        expected.len()
    );
}

#[test]
fn check_jsonschema_paths_become_pointers() {
    assert_eq!(pointer("$.runners[0].url"), "/runners/0/url");
    assert_eq!(
        pointer("$.runners[0].docker.container_labels['my.label']"),
        "/runners/0/docker/container_labels/my.label"
    );
    assert_eq!(pointer("$"), "");
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

/// A strict `enum` (one with no plain-string alternative beside it) refuses
/// every other string: it must list exactly what the runner accepts for a
/// setting whose unknown values it refuses, never a set the runner only
/// logs and drops (a `schemars(with = …)` type would slip in that way).
#[test]
fn strict_enums_are_refusals_of_the_runner() {
    use runner_config::model::docker::DockerIsolation;
    use runner_config::model::shape::{Describe, OnUnknown, Shape};
    use runner_config::model::{Executor, LogFormat, LogLevel, Shell};

    fn set(values: &[&str]) -> BTreeSet<String> {
        values.iter().map(|v| v.to_string()).collect()
    }
    let mut allowed: Vec<BTreeSet<String>> = vec![
        set(&["always", "if-not-present", "never"]),
        set(&["always", "if-not-present", "never", ""]),
        set(&["env", "labels"]),
    ];
    for shape in [
        Executor::SHAPE,
        Shell::SHAPE,
        LogLevel::SHAPE,
        LogFormat::SHAPE,
        DockerIsolation::SHAPE,
    ] {
        let Shape::Enum(def) = shape else {
            panic!("not an enum")
        };
        assert!(matches!(
            def.on_unknown,
            OnUnknown::RefusesToStart | OnUnknown::NeverPolls | OnUnknown::FailsJobs
        ));
        let mut values: BTreeSet<String> = def
            .values
            .iter()
            .filter(|v| !def.unsupported.contains(v))
            .map(|v| v.to_string())
            .collect();
        if def.empty_is_unset {
            values.insert(String::new());
        }
        allowed.push(values);
    }

    fn plain_string(branch: &Value) -> bool {
        branch["type"] == "string"
            && ["enum", "pattern", "format", "const"]
                .iter()
                .all(|k| branch.get(k).is_none())
    }
    fn walk(
        value: &Value,
        at: &str,
        permissive: bool,
        found: &mut Vec<(String, BTreeSet<String>)>,
    ) {
        let Value::Object(map) = value else {
            return;
        };
        if let (Some(Value::Array(values)), false) = (map.get("enum"), permissive) {
            let values = values
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect();
            found.push((at.to_owned(), values));
        }
        for (key, inner) in map {
            match (key.as_str(), inner) {
                // A condition selects where a rule applies; it refuses nothing.
                ("if", _) => {}
                ("anyOf", Value::Array(branches)) => {
                    let open = branches.iter().any(plain_string);
                    for (i, branch) in branches.iter().enumerate() {
                        walk(branch, &format!("{at}/anyOf/{i}"), open, found);
                    }
                }
                (_, Value::Array(items)) => {
                    for (i, item) in items.iter().enumerate() {
                        walk(item, &format!("{at}/{key}/{i}"), false, found);
                    }
                }
                _ => walk(inner, &format!("{at}/{key}"), false, found),
            }
        }
    }
    let mut found = Vec::new();
    walk(&schema(), "", false, &mut found);
    assert!(found.len() > 5, "only {} strict enums", found.len());
    let strays: Vec<String> = found
        .iter()
        .filter(|(_, values)| !allowed.contains(values))
        .map(|(at, values)| format!("{at}: {values:?}"))
        .collect();
    assert!(
        strays.is_empty(),
        "enums the runner does not refuse:\n{}",
        strays.join("\n")
    );
}

/// The Go-duration pattern accepts exactly the strings the loader's
/// `GoDuration` (Go's `time.ParseDuration`) accepts, overflow aside.
#[test]
fn duration_pattern_follows_go() {
    let schema = schema();
    let at = node(&schema, "runners[].unhealthy_interval")
        .cloned()
        .unwrap_or_default();
    let pattern = at["pattern"].as_str().unwrap_or_default();
    let re = regex::Regex::new(pattern).unwrap_or_else(|e| panic!("{pattern}: {e}"));
    let mut candidates: Vec<String> = [
        "", "0", "+0", "-0", "00", "1", "1s", "1.s", ".5s", ".s", "1.5h30m", "-1h", "+2m", "1µs",
        "1μs", "1us", "1ns", "1ms", "1S", "1 s", " 1s", "1s ", "1d", "1h1", "1e3s", "1h-1m",
        "1_000s", "0x10s", "1..5s", "5m.5s",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    candidates.push("9".repeat(30) + "h");
    for s in &candidates {
        let go = s.parse::<runner_config::model::GoDuration>().is_ok();
        let overflow = s.len() > 20;
        if !overflow {
            assert_eq!(re.is_match(s), go, "{s:?}");
        } else {
            // Go refuses what overflows 64 bits; the pattern cannot count.
            assert!(re.is_match(s) || !go, "{s:?}");
        }
    }
}
