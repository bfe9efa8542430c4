//! The loader on files: the fixtures in `tests/fixtures/{valid,invalid}`
//! (adding a case is adding a file), a generated file for every table of
//! the model, and arbitrary input that must never make it panic.

use std::collections::BTreeSet;
use std::fs;
use std::path::PathBuf;

use miette::{GraphicalReportHandler, GraphicalTheme};
use proptest::prelude::*;
use runner_config::Severity;
use runner_config::load::{self, Loaded};
use runner_config::model::Config;
use runner_config::model::shape::{Section, Shape, TableDef};

/// `(file stem, text)` of every fixture in `tests/fixtures/<kind>`.
fn fixtures(kind: &str) -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(kind);
    let mut files: Vec<(String, String)> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("readable fixture").path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .map(|path| {
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("UTF-8 name")
                .to_owned();
            let text = fs::read_to_string(&path).expect("readable fixture");
            (stem, text)
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures in {}", dir.display());
    files
}

/// The diagnostics as a person sees them: miette's graphical report,
/// without colour, at a fixed width.
fn render(loaded: &Loaded<Config>) -> String {
    let handler =
        GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(100);
    let mut out = String::new();
    for diagnostic in loaded.diagnostics() {
        handler
            .render_report(&mut out, &diagnostic.with_source(loaded.source()))
            .expect("rendering into a String cannot fail");
        out.push('\n');
    }
    out
}

#[test]
fn valid_fixtures_load_without_errors() {
    for (name, text) in fixtures("valid") {
        let loaded = load::load_named(&format!("{name}.toml"), &text);
        let errors: Vec<_> = loaded
            .diagnostics()
            .iter()
            .filter(|d| d.severity() == Severity::Error)
            .map(|d| format!("{}: {}", d.code(), d.message()))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
        assert!(loaded.config().is_ok(), "{name}");
    }
}

#[test]
fn valid_fixtures_warn_only_where_they_say_so() {
    for (name, text) in fixtures("valid") {
        let loaded = load::load_named(&format!("{name}.toml"), &text);
        if name == "case-insensitive-keys" {
            assert!(!loaded.diagnostics().is_empty());
            assert!(
                loaded
                    .diagnostics()
                    .iter()
                    .all(|d| d.code() == "non-canonical-key-case")
            );
        } else {
            assert_eq!(loaded.diagnostics(), [], "{name}");
        }
    }
}

#[test]
fn invalid_fixtures_match_their_snapshots() {
    for (name, text) in fixtures("invalid") {
        let loaded = load::load_named(&format!("{name}.toml"), &text);
        assert!(!loaded.diagnostics().is_empty(), "{name} finds nothing");
        insta::assert_snapshot!(format!("invalid-{name}"), render(&loaded));
    }
}

#[test]
fn every_loader_code_has_an_invalid_fixture() {
    let mut seen = BTreeSet::new();
    for (name, text) in fixtures("invalid") {
        for d in load::load_named(&name, &text).diagnostics() {
            seen.insert(d.code());
        }
    }
    let missing: Vec<_> = load::rules()
        .map(|rule| rule.code)
        .filter(|code| !seen.contains(code))
        .collect();
    assert!(missing.is_empty(), "no invalid fixture reports {missing:?}");
}

#[test]
fn every_unknown_key_code_says_so() {
    for rule in load::rules() {
        let about_unread_keys = rule.summary.contains("not read")
            || rule.summary.contains("no longer reads")
            || rule.summary.contains("not a config.toml key");
        if about_unread_keys && rule.code != "misplaced-key" {
            assert!(rule.code.contains("unknown-key"), "{}", rule.code);
        }
    }
}

#[test]
fn secrets_never_reach_the_rendered_report() {
    let (_, text) = fixtures("invalid")
        .into_iter()
        .find(|(name, _)| name == "secrets")
        .expect("the secrets fixture");
    let loaded = load::load_named("secrets.toml", &text);
    let rendered = render(&loaded);
    for secret in [
        "abc123def456",
        "deploy:hunter2",
        "1234567890",
        "GR1348941aBcDeFgHiJkLmNoPq",
        "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI",
        "s3cr3t-registry-password",
    ] {
        assert!(text.contains(secret), "{secret} is not in the fixture");
        assert!(!rendered.contains(secret), "{secret} leaked:\n{rendered}");
        assert!(
            !loaded.source().text().contains(secret),
            "{secret} not redacted"
        );
    }
}

// ---------------------------------------------------------------------
// A generated file for every table of the model.
// ---------------------------------------------------------------------

/// Where a table is: the keys from the root, each marked when it is an
/// array of tables.
type TablePath = Vec<(&'static str, bool)>;

/// Every table reachable from the root, with its path.
fn tables() -> Vec<(TablePath, &'static TableDef)> {
    fn visit(
        def: &'static TableDef,
        path: &mut TablePath,
        out: &mut Vec<(TablePath, &'static TableDef)>,
    ) {
        assert!(
            path.len() < 16,
            "table definitions nest too deep at {path:?}"
        );
        out.push((path.clone(), def));
        for key in def.keys {
            let (child, array) = match key.shape {
                Shape::Table(child) => (*child, false),
                Shape::Array(Shape::Table(child)) => (*child, true),
                _ => continue,
            };
            path.push((key.name, array));
            visit(child, path, out);
            path.pop();
        }
    }
    let mut out = Vec::new();
    visit(Config::TABLE, &mut Vec::new(), &mut out);
    out
}

/// A value of the right shape. Nested tables stay empty: each table gets
/// its own file.
fn sample(shape: &'static Shape) -> toml::Value {
    use toml::Value;
    match shape {
        Shape::String | Shape::Any => Value::String("sample".into()),
        Shape::Integer => Value::Integer(1),
        Shape::Float => Value::Float(1.5),
        Shape::Boolean => Value::Boolean(true),
        Shape::Datetime => Value::Datetime("2024-05-01T10:00:00Z".parse().expect("a datetime")),
        Shape::Duration => Value::String("1m30s".into()),
        Shape::StringOrArray => Value::Array(vec![Value::String("always".into())]),
        Shape::Enum(def) => Value::String(def.values[0].into()),
        // An NFS volume without its required fields refuses the file.
        Shape::Array(Shape::Table(def)) if def.type_name == "NfsVolume" => {
            let volume = ["name", "mount_path", "server", "path"]
                .into_iter()
                .map(|k| (k.to_owned(), Value::String("sample".into())))
                .collect();
            Value::Array(vec![Value::Table(volume)])
        }
        Shape::Array(Shape::Table(_)) => Value::Array(vec![Value::Table(toml::Table::new())]),
        Shape::Array(item) => Value::Array(vec![sample(item)]),
        Shape::Table(_) => Value::Table(toml::Table::new()),
        Shape::Map(item) => {
            let mut map = toml::Table::new();
            map.insert("name".into(), sample(item));
            Value::Table(map)
        }
    }
}

/// A value the runner's load-time checks accept, for the keys that have
/// them (periods, time zones, `%s` options); `None` for any other.
fn valid_sample(key: &str) -> Option<toml::Value> {
    use toml::Value;
    let text = match key {
        "Periods" | "periods" => {
            return Some(Value::Array(vec![Value::String("* * * * *".into())]));
        }
        "MachineOptionsWithName" => {
            return Some(Value::Array(vec![Value::String("tag=%s".into())]));
        }
        "Timezone" | "timezone" => "UTC",
        "slot_cgroup_template" | "service_slot_cgroup_template" => "slot-${slot}",
        _ => return None,
    };
    Some(Value::String(text.into()))
}

/// A file in which the table at `path` sets every key, optionally with
/// one key renamed.
fn file_for(path: &TablePath, def: &'static TableDef, rename: Option<(&str, &str)>) -> String {
    let mut table = toml::Table::new();
    for key in def.keys {
        let name = match rename {
            Some((from, to)) if from == key.name => to.to_owned(),
            _ => key.name.to_owned(),
        };
        let value = valid_sample(key.name).unwrap_or_else(|| sample(key.shape));
        table.insert(name, value);
    }
    let mut value = toml::Value::Table(table);
    for (key, array) in path.iter().rev() {
        let mut parent = toml::Table::new();
        let child = if *array {
            toml::Value::Array(vec![value])
        } else {
            value
        };
        parent.insert((*key).to_owned(), child);
        value = toml::Value::Table(parent);
    }
    toml::to_string(&value).expect("a generated table serializes")
}

/// The span-index path of a table (`runners[0].docker`).
fn index_path(path: &TablePath) -> String {
    path.iter()
        .map(|(key, array)| {
            if *array {
                format!("{key}[0]")
            } else {
                (*key).to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(".")
}

#[test]
fn every_key_of_every_table_loads_cleanly() {
    let tables = tables();
    assert!(tables.len() > 50, "only {} tables", tables.len());
    for (path, def) in &tables {
        let text = file_for(path, def, None);
        let loaded = load::load(&text);
        assert_eq!(loaded.diagnostics(), [], "{}:\n{text}", def.header);
        assert!(loaded.is_valid());
        let prefix = index_path(path);
        for key in def.keys {
            let key_path = if prefix.is_empty() {
                key.name.to_owned()
            } else {
                format!("{prefix}.{}", key.name)
            };
            assert!(loaded.spans().contains(&key_path), "{key_path} not indexed");
        }
    }
}

#[test]
fn a_renamed_key_in_any_table_is_reported_as_unknown() {
    for (path, def) in tables() {
        let Some(key) = def.keys.first() else {
            continue;
        };
        let renamed = format!("{}_zz", key.name);
        let text = file_for(&path, def, Some((key.name, &renamed)));
        let loaded = load::load(&text);
        let reported: Vec<_> = loaded
            .diagnostics()
            .iter()
            .filter(|d| d.key_path().is_some_and(|p| p.ends_with(&renamed)))
            .collect();
        assert_eq!(
            reported.len(),
            1,
            "{}:\n{text}\n{:#?}",
            def.header,
            loaded.diagnostics()
        );
        assert_eq!(reported[0].code(), "unknown-key", "{}", def.header);
    }
}

// ---------------------------------------------------------------------
// Any input: no panic, spans inside the text, redaction keeps lengths.
// ---------------------------------------------------------------------

#[track_caller]
fn check_invariants(text: &str) {
    let loaded = load::load(text);
    assert_eq!(loaded.source().text().len(), text.len());
    for d in loaded.diagnostics() {
        if let Some(span) = d.span() {
            assert!(span.start <= span.end && span.end <= text.len(), "{d:?}");
        }
        for label in d.labels() {
            assert!(label.span.end <= text.len(), "{d:?}");
        }
    }
    for (_, spans) in loaded.spans().iter() {
        assert!(spans.value.end <= text.len());
        assert!(spans.key.is_none_or(|k| k.end <= text.len()));
    }
    let has_error = loaded
        .diagnostics()
        .iter()
        .any(|d| d.severity() == Severity::Error);
    assert_eq!(loaded.is_valid(), !has_error);
    let starts: Vec<_> = loaded
        .diagnostics()
        .iter()
        .filter_map(|d| d.span())
        .collect();
    assert!(
        starts
            .windows(2)
            .all(|w| (w[0].start, w[0].end) <= (w[1].start, w[1].end))
    );
}

/// Key names the model knows, in the runner's spelling and some others.
fn key_names() -> Vec<String> {
    let mut names = BTreeSet::new();
    for (_, def) in tables() {
        for key in def.keys {
            names.insert(key.name.to_owned());
            names.insert(key.name.to_uppercase());
        }
    }
    names.extend(["pull_policies", "tag_list", "pre_clone_script", "Insecure"].map(String::from));
    names.into_iter().collect()
}

fn headers() -> Vec<String> {
    let mut out = Vec::new();
    for (path, _) in tables() {
        if path.is_empty() {
            continue;
        }
        let dotted: Vec<&str> = path.iter().map(|(k, _)| *k).collect();
        let dotted = dotted.join(".");
        out.push(format!("[{dotted}]"));
        out.push(format!("[[{dotted}]]"));
    }
    out
}

fn toml_ish() -> impl Strategy<Value = String> {
    let key = prop::sample::select(key_names());
    let value = prop_oneof![
        Just("\"always\"".to_owned()),
        Just("[\"always\", 1]".to_owned()),
        Just("\"\"".to_owned()),
        Just("3GB".to_owned()),
        Just("1979-05-27T07:32:00Z".to_owned()),
        Just("\"https://u:p@host/\"".to_owned()),
        Just("{ a = 1, b = [\"x\"] }".to_owned()),
        Just("[[1], {}]".to_owned()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|f| format!("{f:?}")),
        any::<bool>().prop_map(|b| b.to_string()),
        "\\PC{0,12}".prop_map(|s| format!("{s:?}")),
        "\\PC{0,8}",
    ];
    let line = prop_oneof![
        3 => (key, value).prop_map(|(k, v)| format!("{k} = {v}")),
        1 => prop::sample::select(headers()),
        1 => "\\PC{0,20}",
    ];
    prop::collection::vec(line, 0..24).prop_map(|lines| lines.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC*") {
        check_invariants(&text);
    }

    #[test]
    fn arbitrary_toml_ish_documents_never_panic(text in toml_ish()) {
        check_invariants(&text);
    }
}

#[test]
fn nasty_inputs_never_panic() {
    let deep_array = format!("a = {}{}", "[".repeat(500), "]".repeat(500));
    let deep_table = format!("a = {}{}", "{ b = ".repeat(300), "}".repeat(300));
    let long_header = format!("[{}]", vec!["runners"; 2000].join("."));
    for text in [
        "",
        "\u{feff}",
        "\u{feff}concurrent = 1\n",
        "[[runners]]\n[runners]\n",
        "runners = 1\n[[runners]]\n",
        "[[runners]]\n[[runners.docker]]\n[runners.docker]\n",
        "[[runners]]\ntoken = \"\"\"\nmulti\nline\"\"\"\n",
        "[[runners]]\nurl = \"https://@host\"\nname = \"://@\"\n",
        "[[runners]]\n\"\" = 1\n\"a.b\" = 2\n",
        "[[runners]]\nexecutor = \"\u{212a}\"\nEXECUTOR = \"docker\"\n",
        deep_array.as_str(),
        deep_table.as_str(),
        long_header.as_str(),
    ] {
        check_invariants(text);
    }
}

#[test]
fn a_value_only_serde_rejects_is_reported_once_and_the_rest_loads() {
    // `weight` is an int32 in the runner: the shape (integer) is right, the
    // range is not, which only decoding finds.
    let text = "[[runners]]\nname = \"k8s\"\nexecutor = \"kubernetes\"\n[runners.kubernetes]\nimage = \"alpine\"\n[[runners.kubernetes.affinity.node_affinity.preferred_during_scheduling_ignored_during_execution]]\nweight = 3000000000\n";
    let loaded = load::load(text);
    let codes: Vec<_> = loaded
        .diagnostics()
        .iter()
        .map(|d| (d.code(), d.key_path()))
        .collect();
    assert_eq!(
        codes,
        [(
            "type-mismatch",
            Some(
                "runners[0].kubernetes.affinity.node_affinity.preferred_during_scheduling_ignored_during_execution[0].weight"
            )
        )]
    );
    let partial = loaded.config().unwrap_err().best_effort();
    let kubernetes = partial.runners[0]
        .kubernetes
        .as_ref()
        .expect("the rest loads");
    assert_eq!(kubernetes.image.as_deref(), Some("alpine"));
}
