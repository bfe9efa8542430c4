//! The builder against BurntSushi/toml v1.6.0: each expected document here
//! is what its toml-test decoder prints for the same text.

use std::fmt::Write as _;

use toml::de::{DeTable, DeValue};

use super::Parsed;
use crate::versions::RunnerVersion;

/// The document as the newest runner reads it.
fn parse(text: &str) -> Parsed<'_> {
    super::parse(text, RunnerVersion::newest())
}

/// The document in a compact TOML-like form, keys sorted.
fn show_for(text: &str, version: &str) -> String {
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
    let parsed = parse_for(text, version);
    let mut out = String::new();
    table(&mut out, parsed.document.get_ref());
    out
}

/// The document as GitLab Runner `version` reads it.
fn parse_for<'i>(text: &'i str, version: &str) -> Parsed<'i> {
    let version = version.parse().unwrap_or_else(|e| panic!("{version}: {e}"));
    super::parse(text, version)
}

/// `code: message` of every finding, as GitLab Runner `version` reads it.
fn findings_for(text: &str, version: &str) -> Vec<String> {
    let mut diagnostics = parse_for(text, version).diagnostics;
    crate::load::sort_by_position(&mut diagnostics);
    diagnostics
        .iter()
        .map(|d| format!("{}: {}", d.code(), d.message()))
        .collect()
}

/// The document in a compact TOML-like form, as the newest runner reads it.
fn show(text: &str) -> String {
    show_for(text, "19.4")
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

// Older releases: each expected document and message is what that
// release's decoder does with the same text (measured with BurntSushi/toml
// v0.3.1, v1.3.2 and v1.4.0).

#[test]
fn v1_2_to_v1_4_replace_a_key_set_twice_when_one_value_is_an_array() {
    for (text, document) in [
        ("a = [1]\na = [2]\n", "{a = [2]}"),
        ("a = 1\na = [2]\n", "{a = [2]}"),
        ("a = [1]\na = 2\n", "{a = 2}"),
        ("[x]\na = [\"a\"]\na = [\"b\"]\n", r#"{x = {a = ["b"]}}"#),
        ("a = []\na = [\"x\"]\na = [\"y\"]\n", r#"{a = ["y"]}"#),
        ("a = [1]\n[a]\nb = 1\n", "{a = {b = 1}}"),
    ] {
        for version in ["15.9", "17.0", "18.8"] {
            assert_eq!(show_for(text, version), document, "{text:?} at {version}");
            let found = findings_for(text, version);
            assert!(
                !found.is_empty()
                    && found
                        .iter()
                        .all(|f| f.starts_with("toml-refused-after-upgrade: ")),
                "{text:?} at {version}: {found:?}"
            );
        }
        for version in ["15.8", "18.9"] {
            let found = findings_for(text, version);
            assert!(
                found.iter().any(|f| f.starts_with("syntax-error: ")),
                "{text:?} at {version}: {found:?}"
            );
        }
    }
    assert_eq!(
        findings_for("a = [1]\na = [2]\n", "18.8"),
        [
            "toml-refused-after-upgrade: `a` is set again (first on line 1); GitLab Runner 18.8 \
          keeps this value, 18.9 and later refuse the file"
        ]
    );
}

#[test]
fn toml_1_1_is_refused_before_18_9() {
    for (text, code) in [
        ("a = {x = 1,\n  y = 2}\n", "newlines inside an inline table"),
        (
            "a = {x = 1, # c\n  y = 2}\n",
            "newlines inside an inline table",
        ),
        ("a = {x = 1, }\n", "a trailing comma in an inline table"),
        ("a = \"\\e[0m\"\n", "the `\\e` escape"),
        ("a = \"\\x41\"\n", "`\\x` escapes"),
        ("\"\\x41\" = 1\n", "`\\x` escapes"),
        ("a = 12:30\n", "times without seconds"),
        ("a = 2024-01-01T12:30Z\n", "times without seconds"),
    ] {
        assert_eq!(
            findings_for(text, "18.8"),
            [format!(
                "unsupported-toml: GitLab Runner 18.8 does not read {code} (TOML 1.1 syntax)"
            )],
            "{text:?}"
        );
        assert_eq!(findings_for(text, "18.9"), Vec::<String>::new(), "{text:?}");
    }
}

#[test]
fn toml_0_4_refuses_toml_1_0_before_15_9() {
    for (text, code, says) in [
        ("a.b = 1\n", "dotted keys", "bare keys cannot contain '.'"),
        (
            "[x]\n\"a\".b = 1\n",
            "dotted keys",
            "expected key separator '=', but got '.' instead",
        ),
        (
            "a = {b.c = 1}\n",
            "dotted keys",
            "bare keys cannot contain '.'",
        ),
        (
            "a = 0x10\n",
            "hexadecimal, octal and binary integers",
            "expected a top-level item to end with a newline, comment, or EOF, but got 'x' instead",
        ),
        (
            "a = [0o7]\n",
            "hexadecimal, octal and binary integers",
            "expected a comma or array terminator ']', but got 'o' instead",
        ),
        (
            "a = {b = 0b1}\n",
            "hexadecimal, octal and binary integers",
            "expected a comma or an inline table terminator '}', but got 'b' instead",
        ),
        (
            "a = inf\n",
            "`inf` and `nan`",
            "expected value but found \"inf\" instead",
        ),
        (
            "a = -nan\n",
            "`inf` and `nan`",
            "expected a digit but got 'n'",
        ),
        (
            "a = 12:30:00\n",
            "times without a date",
            "expected a top-level item to end with a newline, comment, or EOF, but got ':' instead",
        ),
        (
            "a = 2020-01-01 12:30:00Z\n",
            "a space or a lower-case `t` between date and time",
            "expected a top-level item to end with a newline, comment, or EOF, but got '1' instead",
        ),
        (
            "a = 2020-01-01t12:30:00Z\n",
            "a space or a lower-case `t` between date and time",
            "expected a top-level item to end with a newline, comment, or EOF, but got 't' instead",
        ),
        (
            "a = [1, \"x\"]\n",
            "arrays that mix types",
            "Array contains values of type 'Integer' and 'String', but arrays must be homogeneous.",
        ),
        (
            "a = [1.0, 2]\n",
            "arrays that mix types",
            "Array contains values of type 'Float' and 'Integer', but arrays must be homogeneous.",
        ),
        (
            "a = [[1], {x = 1}]\n",
            "arrays that mix types",
            "Array contains values of type 'Array' and 'Hash', but arrays must be homogeneous.",
        ),
        (
            "a = 2020-01-01T12:30Z\n",
            "times without seconds",
            "Invalid TOML Datetime: \"2020-01-01T12:30Z\".",
        ),
        (
            "a = \"\\e\"\n",
            "the `\\e` escape",
            "invalid escape character 'e'; only the following escape characters are allowed: \\b, \\t, \\n, \\f, \\r, \\\", \\\\, \\uXXXX, and \\UXXXXXXXX",
        ),
    ] {
        let parsed = parse_for(text, "15.8");
        let messages: Vec<(String, String)> = parsed
            .diagnostics
            .iter()
            .map(|d| {
                (
                    d.message().to_owned(),
                    d.help_text().unwrap_or_default().to_owned(),
                )
            })
            .collect();
        assert_eq!(messages.len(), 1, "{text:?}: {messages:?}");
        let (message, help) = &messages[0];
        assert!(
            message.starts_with(&format!("GitLab Runner 15.8 does not read {code}")),
            "{text:?}: {message}"
        );
        assert!(help.contains(&format!("(`{says}`)")), "{text:?}: {help}");
        // TOML 1.0 from 15.9, TOML 1.1 from 18.9.
        let reads = if message.contains("TOML 1.1") {
            "18.9"
        } else {
            "15.9"
        };
        assert_eq!(findings_for(text, reads), Vec::<String>::new(), "{text:?}");
    }
    // Accepted by v0.3.1 and refused by v1.2 to v1.4 only.
    assert_eq!(
        findings_for("a = {x = 1, }\n", "15.8"),
        Vec::<String>::new()
    );
}

#[test]
fn refusals_point_at_the_first_offending_character() {
    let text = "[[runners]]\ndocker.image = \"alpine\"\n";
    let parsed = parse_for(text, "15.0");
    let finding = &parsed.diagnostics[0];
    let span = finding.span().unwrap_or_default();
    assert_eq!(&text[span], ".image");
    assert_eq!(&text[finding.labels()[0].span.clone()], "docker.image");

    let text = "a = { x = 1,\n      y = 2 }\n";
    let parsed = parse_for(text, "18.8");
    let span = parsed.diagnostics[0].span().unwrap_or_default();
    assert_eq!(&text[span.clone()], "\n      y = 2 }");
    assert_eq!(span.start, text.find('\n').unwrap_or_default());
}

#[test]
fn utf16_is_refused_with_the_runners_message() {
    // `concurrent = 2` in UTF-16LE, as PowerShell 5 writes it, after the
    // CLI turned its byte order mark into two spaces.
    let utf16: String = "concurrent = 2\n".chars().flat_map(|c| [c, '\0']).collect();
    for text in [
        utf16.clone(),
        format!("  {utf16}"),
        format!("\u{feff}{utf16}"),
    ] {
        assert_eq!(
            findings(&text),
            [
                "syntax-error: files cannot contain NULL bytes; probably using UTF-16; TOML files \
              must be UTF-8"
            ],
            "{text:?}"
        );
    }
    // A NUL further on is a control character in a value, as the lexer says.
    assert_ne!(
        findings("concurrent = 2 # \0\n"),
        [
            "syntax-error: files cannot contain NULL bytes; probably using UTF-16; TOML files \
          must be UTF-8"
        ]
    );
}
