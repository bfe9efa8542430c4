//! The builder against BurntSushi/toml v1.6.0: each expected document here
//! is what its toml-test decoder prints for the same text.

use std::fmt::Write as _;

use toml::de::{DeTable, DeValue};

use super::parse;

/// The document in a compact TOML-like form, keys sorted.
fn show(text: &str) -> String {
    fn table(out: &mut String, t: &DeTable<'_>) {
        out.push('{');
        for (i, (k, v)) in t.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            let _ = write!(out, "{} = ", k.get_ref());
            value(out, v.get_ref());
        }
        out.push('}');
    }
    fn value(out: &mut String, v: &DeValue<'_>) {
        match v {
            DeValue::String(s) => {
                let _ = write!(out, "{s:?}");
            }
            DeValue::Integer(i) => {
                let _ = write!(out, "{i}");
            }
            DeValue::Float(f) => out.push_str(f.as_str()),
            DeValue::Boolean(b) => {
                let _ = write!(out, "{b}");
            }
            DeValue::Datetime(d) => {
                let _ = write!(out, "{d}");
            }
            DeValue::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    value(out, item.get_ref());
                }
                out.push(']');
            }
            DeValue::Table(t) => table(out, t),
        }
    }
    let parsed = parse(text);
    let mut out = String::new();
    table(&mut out, parsed.document.get_ref());
    out
}

/// `code: message` of every finding.
fn findings(text: &str) -> Vec<String> {
    let mut diagnostics = parse(text).diagnostics;
    crate::load::sort_by_position(&mut diagnostics);
    diagnostics
        .iter()
        .map(|d| format!("{}: {}", d.code(), d.message()))
        .collect()
}

fn codes(text: &str) -> Vec<&'static str> {
    let mut diagnostics = parse(text).diagnostics;
    crate::load::sort_by_position(&mut diagnostics);
    diagnostics.iter().map(|d| d.code()).collect()
}

#[test]
fn valid_toml_loads_without_findings() {
    for text in [
        "",
        "a = 1\n",
        "[a.b.c]\n[a]\nd = 1\n",
        "[a]\nb.c = 1\nb.d = 2\n[a.x]\n",
        "[[r]]\n[r.d]\nx = 1\n[[r]]\n[r.d]\nx = 2\n",
        "t = {a.b = 1, a.c = 2}\n",
        "[fruit]\napple.color = \"red\"\n[fruit.apple.texture]\nsmooth = true\n",
        "x = [{a = 1}, {a = 2}]\n[[y]]\n[[y]]\n",
        "\u{feff}a = 1\r\n",
    ] {
        assert_eq!(findings(text), Vec::<String>::new(), "{text:?}");
    }
}

#[test]
fn dotted_keys_then_a_header_are_merged() {
    let text = "[[runners]]\ndocker.image = \"x\"\n[runners.docker]\nprivileged = true\n";
    assert_eq!(
        show(text),
        r#"{runners = [{docker = {image = "x", privileged = true}}]}"#
    );
    assert_eq!(
        findings(text),
        ["lenient-toml: `[runners.docker]` reopens a table that dotted keys defined on line 2"]
    );
}

#[test]
fn the_runners_leniencies() {
    // Each is a toml-test file BurntSushi/toml's own suite skips.
    for (text, document) in [
        (
            "[fruit]\napple.color = \"red\"\n[fruit.apple]\n",
            r#"{fruit = {apple = {color = "red"}}}"#,
        ),
        ("a = {}\n[a.b]\n", "{a = {b = {}}}"),
        (
            "tab = { inner = { dog = \"best\" }, inner.cat = \"worst\" }\n",
            r#"{tab = {inner = {cat = "worst", dog = "best"}}}"#,
        ),
        ("[[a.b]]\n[a]\nb.y = 2\n", "{a = {b = [{y = 2}]}}"),
        (
            "[a.b.c]\nz = 9\n[a]\nb.c.t = 1\n",
            "{a = {b = {c = {t = 1, z = 9}}}}",
        ),
        (
            "[product]\ntype = { name = \"Nail\" }\ntype.edible = false\n",
            r#"{product = {type = {edible = false, name = "Nail"}}}"#,
        ),
    ] {
        assert_eq!(show(text), document, "{text:?}");
        assert_eq!(codes(text), ["lenient-toml"], "{text:?}");
    }
}

#[test]
fn a_value_set_over_a_table_is_dropped() {
    let text = "a.b.c = 1\na.b = 2\n";
    assert_eq!(show(text), "{a = {b = {c = 1}}}");
    assert_eq!(
        findings(text),
        ["lenient-toml: `a.b` is already a table on line 1; GitLab Runner ignores this value"]
    );
}

#[test]
fn an_array_recorded_at_a_path_is_replaced() {
    // `keyInfo` says `a` is an array: a dotted key replaces it with a table,
    // and a value replaces a table dotted keys made.
    assert_eq!(show("a = [1]\na.b = 2\n"), "{a = {b = 2}}");
    assert_eq!(codes("a = [1]\na.b = 2\n"), ["lenient-toml"]);
    assert_eq!(show("a.b = 1\na = [2]\n"), "{a = [2]}");
    assert_eq!(codes("a.b = 1\na = [2]\n"), ["lenient-toml"]);
}

#[test]
fn what_the_decoder_remembers_carries_over_between_entries() {
    // Valid TOML: the second entry's `a` is a table, but the first entry's
    // array at `r.a` makes the decoder start it again at `a.y`.
    let text = "[[r]]\na = [1]\n[[r]]\na.x = 1\na.y = 2\n";
    assert_eq!(show(text), "{r = [{a = [1]}, {a = {y = 2}}]}");
    assert_eq!(codes(text), ["toml-keys-dropped"]);
    // `implicits` too: `[r.d]` made `r.d` implicit in the first entry, so a
    // second `[r.d]` in a later entry is accepted and merged.
    let text = "[[r]]\n[r.d.e]\n[[r]]\n[r.d]\nx = 1\n[r.d]\ny = 2\n";
    assert_eq!(show(text), "{r = [{d = {e = {}}}, {d = {x = 1, y = 2}}]}");
    assert_eq!(codes(text), ["lenient-toml"]);
}

#[test]
fn an_inline_table_in_an_array_keeps_its_own_copy() {
    // The document's copy drops `a.b = 2`; the array keeps the inline
    // table's own map, where it replaced `a.b.c`.
    assert_eq!(
        show("x = [{a.b.c = 1, a.b = 2}]\n"),
        "{x = [{a = {b = 2}}]}"
    );
    assert_eq!(
        show("y = {a.b.c = 1, a.b = 2}\n"),
        "{y = {a = {b = {c = 1}}}}"
    );
    // … and where the copies differ, a later key can fail in one of them.
    assert_eq!(
        codes("y = {a.b.c = 1, a.b = 2, a.b.d = 3}\n"),
        ["lenient-toml", "syntax-error"]
    );
}

#[test]
fn duplicates_name_the_first_definition() {
    assert_eq!(
        findings("a = 1\nb = 2\na = 3\n"),
        ["syntax-error: `a` is already set on line 1"]
    );
    assert_eq!(
        findings("[[runners]]\n[runners.docker]\n[runners.docker]\n"),
        ["syntax-error: the table `runners.docker` is already defined on line 2"]
    );
    assert_eq!(
        findings("a = 1\n[a.b]\n"),
        ["syntax-error: `a` is already a value (line 1), not a table"]
    );
    assert_eq!(
        findings("a = 1\n[[a]]\n"),
        ["syntax-error: `[[a]]` adds to `a`, which is not an array of tables (line 1)"]
    );
    assert_eq!(
        findings("a = 1\na.b = 2\n"),
        ["syntax-error: `a` is already a value, not a table"]
    );
}

#[test]
fn values_are_read_as_go_reads_them() {
    for text in [
        "a = 0x\n",
        "a = 0o\n",
        "a = 9223372036854775808\n",
        "a = -9223372036854775809\n",
        "a = 0xffffffffffffffff\n",
        "a = 1e400\n",
        "a = 1979-05-27T07:32:60Z\n",
    ] {
        assert_eq!(codes(text), ["syntax-error"], "{text:?}");
    }
    for text in [
        "a = -9223372036854775808\n",
        "a = 1e-400\n",
        "a = inf\n",
        "a = 2021-01-01T00:00:00.1234567891Z\n",
    ] {
        assert_eq!(codes(text), Vec::<&str>::new(), "{text:?}");
    }
    assert_eq!(codes("a = 1979-05-27T07:32:00+24:00\n"), ["lenient-toml"]);
}

#[test]
fn keys_below_a_broken_header_stay_out_of_the_document() {
    let text = "[[runners]]\nname = \"a\"\n[runners.docker\nimage = \"x\"\n[runners.cache]\nType = \"s3\"\n";
    assert_eq!(
        show(text),
        r#"{runners = [{cache = {Type = "s3"}, name = "a"}]}"#
    );
    let parsed = parse(text);
    assert_eq!(parsed.detached.len(), 1);
    assert!(parsed.detached[0].contains_key("image"));
    assert_eq!(codes(text), ["syntax-error"]);
}

#[test]
fn a_broken_value_keeps_its_key() {
    // The key stays, so the walk knows it; the value is the parser's
    // recovery, marked broken.
    let parsed = parse("[[runners]]\nlimit = 3GB\nname = \"a\"\n");
    let runners = parsed.document.get_ref()["runners"].get_ref();
    let runner = runners.as_array().and_then(|r| r[0].get_ref().as_table());
    assert!(runner.is_some_and(|r| r.contains_key("limit") && r.contains_key("name")));
    assert_eq!(parsed.broken.len(), 1);
}

#[test]
fn a_broken_multi_line_value_detaches_what_follows() {
    // The unclosed array swallows `[runners.cache]`; `Shared` would land in
    // `[runners.docker]` if it were kept.
    let text = "[[runners]]\n[runners.docker]\nvolumes = [\"/cache\",\n[runners.cache]\n]\nShared = true\n";
    let shown = show(text);
    assert!(!shown.contains("Shared"), "{shown}");
    assert_eq!(parse(text).detached.len(), 1);
}

#[test]
fn windows_paths_get_advice() {
    let parsed = parse("builds_dir = \"C:\\gitlab\\builds\"\n");
    let help = parsed.diagnostics[0]
        .help_text()
        .unwrap_or_default()
        .to_owned();
    assert!(help.ends_with(r"'C:\gitlab\builds'"), "{help}");
    // Not quoted when the key names a secret.
    let parsed = parse("password = \"p\\ss\"\n");
    let help = parsed.diagnostics[0]
        .help_text()
        .unwrap_or_default()
        .to_owned();
    assert!(
        !help.contains("p\\ss") && help.contains("single quotes"),
        "{help}"
    );
}

#[test]
fn deep_dotted_keys_do_not_recurse() {
    // 20 000 tables deep: the arena's conversion has no recursion.
    let key = vec!["a"; 20_000].join(".");
    let text = format!("{key} = 1\n");
    let parsed = parse(&text);
    assert!(parsed.diagnostics.is_empty());
    crate::load::resolve::dismantle(DeValue::Table(parsed.document.into_inner()));
}

#[test]
fn an_empty_key_files_its_type_under_its_table() {
    // `setType` with an empty key records the type under the table's own
    // path: `"" = [{…}]` leaves the inline tables' shadow in place as an
    // array of tables, which `[[r.""]]` then extends.
    let text = "[[r]]\n\"\" = [{b = 1}]\n[[r.\"\"]]\nc = 2\n";
    assert_eq!(show(text), "{r = [{ = [{b = 1}, {c = 2}]}]}");
    assert_eq!(codes(text), ["lenient-toml"]);
    // … and makes a later table at that path start again.
    let text = "[[r]]\n[[r.\"\"]]\n\"\" = [1]\n[[r]]\n[r.\"\".a]\n[r.\"\"]\n";
    assert_eq!(show(text), "{r = [{ = [{ = [1]}]}, { = {}}]}");
    assert_eq!(codes(text), ["toml-keys-dropped"]);
}
