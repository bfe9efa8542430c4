//! Enumerated values in the schema, written from their [`EnumDef`]: the
//! definition the loader reports unknown values from, so the schema and
//! `runner-config check` cannot disagree about a value.
//!
//! A schema refuses a value only where the runner does (an error finding):
//! when it refuses to start, never polls the entry, or fails every job.
//! Values the runner logs and drops still validate, and so do the spellings
//! it accepts by case or alias. Every form offers the known values for
//! completion from an `enum` (taplo and tombi both complete from an `enum`,
//! also inside an `anyOf` branch), with per-value docs.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::{Map, Value, json};

use crate::model::shape::{EnumDef, Matching, OnUnknown};

/// Whether GitLab Runner refuses a string outside `def`'s values: the
/// loader reports it as an error. Anything else (logged and dropped, or
/// decided by other settings) must validate.
pub(super) fn refused(def: &EnumDef) -> bool {
    match def.on_unknown {
        OnUnknown::RefusesToStart | OnUnknown::NeverPolls | OnUnknown::FailsJobs => true,
        // A lint decides from other settings, the runner ignores it, or a
        // variant added later: never a false error.
        _ => false,
    }
}

/// Rewrites the value schema `schemars` wrote for an enum (a string `enum`
/// with `x-taplo.docs.enumValues`, see `consts_to_enum`) into what the
/// runner accepts, and returns a paragraph for the key's description.
pub(super) fn apply(schema: &mut Map<String, Value>, def: &EnumDef) -> String {
    let docs = take_docs(schema);
    schema.remove("enum");
    schema.remove("type");
    schema.remove("anyOf");

    let offered: Vec<&str> = def
        .values
        .iter()
        .copied()
        .filter(|v| !def.unsupported.contains(v))
        .collect();
    let mut listed: Vec<&str> = offered.clone();
    if def.empty_is_unset && !listed.contains(&"") {
        listed.push("");
    }
    let known = |values: &[&str]| {
        let mut branch = json!({ "type": "string", "enum": values });
        let value_docs: Vec<Value> = values
            .iter()
            .map(|v| match docs.get(*v) {
                Some(doc) => doc.clone(),
                None if v.is_empty() => "`\"\"`: not set; the runner uses its default.".into(),
                None => Value::Null,
            })
            .collect();
        if value_docs.iter().any(|d| !d.is_null())
            && let Value::Object(map) = &mut branch
        {
            map.insert(
                "x-taplo".into(),
                json!({ "docs": { "enumValues": value_docs } }),
            );
        }
        branch
    };

    let pattern = refused(def)
        .then(|| spellings_pattern(def, &offered))
        .flatten();
    match (refused(def), pattern) {
        // Exactly the listed strings: a plain `enum`.
        (true, None) if def.matching == Matching::Exact && def.aliases.is_empty() => {
            if let Value::Object(branch) = known(&listed) {
                schema.extend(branch);
            }
        }
        (true, Some(pattern)) => {
            schema.insert(
                "anyOf".into(),
                json!([
                    known(&listed),
                    {
                        "type": "string",
                        "pattern": pattern,
                        "description": "Another spelling the runner reads as one of the values: \
                                        see the key's description.",
                    }
                ]),
            );
        }
        // Refused, but in a way a pattern cannot say exactly (trimming,
        // title case), or not refused at all: any string validates.
        _ => {
            schema.insert(
                "anyOf".into(),
                json!([
                    known(&offered),
                    {
                        "type": "string",
                        "description": "Another value: see the key's description for what the \
                                        runner does with it.",
                    }
                ]),
            );
        }
    }
    note(def, pattern_expressible(def))
}

/// The per-value docs of an `enum` schema, by value.
fn take_docs(schema: &mut Map<String, Value>) -> HashMap<String, Value> {
    let values = schema.get("enum").and_then(Value::as_array).cloned();
    let docs = schema
        .get_mut("x-taplo")
        .and_then(Value::as_object_mut)
        .and_then(|t| t.remove("docs"))
        .and_then(|mut d| d.get_mut("enumValues").map(Value::take));
    if schema
        .get("x-taplo")
        .and_then(Value::as_object)
        .is_some_and(Map::is_empty)
    {
        schema.remove("x-taplo");
    }
    match (values, docs) {
        (Some(values), Some(Value::Array(docs))) => values
            .into_iter()
            .zip(docs)
            .filter_map(|(v, d)| Some((v.as_str()?.to_owned(), d)))
            .collect(),
        _ => HashMap::new(),
    }
}

/// Whether [`spellings_pattern`] can state exactly which strings the runner
/// reads as a value.
fn pattern_expressible(def: &EnumDef) -> bool {
    matches!(
        def.matching,
        Matching::Exact | Matching::Lowercased | Matching::Uppercased
    )
}

/// An anchored ECMA 262 pattern matching exactly the strings the runner
/// reads as one of `values` or an alias, when an `enum` cannot list them
/// (case-insensitive comparison, aliases); `None` when a plain `enum` says
/// it all or when no pattern can say it exactly.
fn spellings_pattern(def: &EnumDef, values: &[&str]) -> Option<String> {
    if !pattern_expressible(def) || (def.matching == Matching::Exact && def.aliases.is_empty()) {
        return None;
    }
    let spellings = values
        .iter()
        .copied()
        .chain(
            def.aliases
                .iter()
                .filter(|(_, value)| !def.unsupported.contains(value))
                .map(|(alias, _)| *alias),
        )
        .filter(|s| !s.is_empty());
    let alternatives: Vec<String> = spellings
        .map(|s| s.chars().map(|c| class(def.matching, c)).collect())
        .collect();
    Some(format!("^(?:{})$", alternatives.join("|")))
}

/// A pattern for one character of a value: every character the runner's
/// case mapping turns into the same one (`[Kk\u{212a}]` for `k` when it
/// lower-cases: the Kelvin sign lower-cases to `k`).
fn class(matching: Matching, c: char) -> String {
    let folded = fold(matching, c);
    let mut members: Vec<char> = Vec::new();
    if fold(matching, folded) == folded {
        members.push(folded);
    }
    if let Some(others) = preimages(matching).and_then(|m| m.get(&folded)) {
        members.extend(others.iter().copied());
    }
    members.sort_unstable();
    members.dedup();
    match members.as_slice() {
        [] => escape(c),
        [one] => escape(*one),
        many => format!(
            "[{}]",
            many.iter().map(|&m| escape_in_class(m)).collect::<String>()
        ),
    }
}

/// One character as the runner's comparison maps it.
fn fold(matching: Matching, c: char) -> char {
    let mut buffer = [0; 4];
    matching
        .fold(c.encode_utf8(&mut buffer))
        .chars()
        .next()
        .unwrap_or(c)
}

/// For the case mappings, every character that maps onto another one,
/// grouped by the character it maps onto. Built once, from the same
/// [`Matching::fold`] the loader compares with.
fn preimages(matching: Matching) -> Option<&'static HashMap<char, Vec<char>>> {
    static LOWER: OnceLock<HashMap<char, Vec<char>>> = OnceLock::new();
    static UPPER: OnceLock<HashMap<char, Vec<char>>> = OnceLock::new();
    let cell = match matching {
        Matching::Lowercased => &LOWER,
        Matching::Uppercased => &UPPER,
        _ => return None,
    };
    Some(cell.get_or_init(|| {
        let mut map: HashMap<char, Vec<char>> = HashMap::new();
        for c in '\0'..=char::MAX {
            // Characters without case mappings map onto themselves.
            let uncased =
                c.to_lowercase().eq(std::iter::once(c)) && c.to_uppercase().eq(std::iter::once(c));
            if uncased {
                continue;
            }
            let folded = fold(matching, c);
            if folded != c {
                map.entry(folded).or_default().push(c);
            }
        }
        map
    }))
}

/// A character outside a class, escaped for ECMA 262 (and Rust's `regex`).
fn escape(c: char) -> String {
    if "\\^$.|?*+()[]{}/".contains(c) {
        format!("\\{c}")
    } else {
        c.to_string()
    }
}

/// A character inside `[…]`, escaped.
fn escape_in_class(c: char) -> String {
    if "\\]^-[".contains(c) {
        format!("\\{c}")
    } else {
        c.to_string()
    }
}

/// What the runner does with a value outside the set, in words.
fn consequence(def: &EnumDef) -> &'static str {
    match def.on_unknown {
        OnUnknown::RefusesToStart => "`gitlab-runner run` refuses to start",
        OnUnknown::NeverPolls => "this runner entry never takes a job",
        OnUnknown::FailsJobs => "every job fails before its script",
        OnUnknown::Ignored => "the runner ignores it and goes on without the setting",
        _ => "whether the runner refuses it depends on other settings",
    }
}

/// The paragraph added to the key's description: how the runner compares,
/// its aliases, values it lists but lacks, and what it does with others.
fn note(def: &EnumDef, exact: bool) -> String {
    let mut parts: Vec<String> = Vec::new();
    match def.matching {
        Matching::Lowercased | Matching::Uppercased => {
            parts.push("Any capitalization works: the runner ignores case here.".into());
        }
        Matching::TrimmedTitleCased => parts.push(
            "Any capitalization works, with spaces around it: the runner trims and \
             title-cases the value first."
                .into(),
        ),
        _ => {}
    }
    for (alias, value) in def.aliases {
        parts.push(format!("`{alias}` means `{value}`."));
    }
    let mut others = String::from("Any other value");
    if !def.unsupported.is_empty() {
        let listed: Vec<String> = def.unsupported.iter().map(|u| format!("`{u}`")).collect();
        let listed = listed.join(", ");
        parts.push(format!(
            "{listed} is listed by the runner but no longer implemented."
        ));
        others = format!("Any other value ({listed} included)");
    }
    if def.empty_is_unset {
        parts.push("`\"\"` means not set.".into());
    }
    let says = def
        .runner_message("…")
        .map(|m| format!(" (`{m}`)"))
        .unwrap_or_default();
    if refused(def) && exact {
        parts.push(format!("{others}: {}{says}.", consequence(def)));
    } else if refused(def) {
        parts.push(format!(
            "{others} validates here, because no pattern can say exactly which spellings \
             the runner reads; yet {}{says}, and `runner-config check` reports it.",
            consequence(def)
        ));
    } else {
        parts.push(format!(
            "Any other value validates here: {}{says}, and `runner-config check` reports it.",
            consequence(def)
        ));
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::shape::{Describe, Shape};
    use crate::model::{Executor, LogFormat, LogLevel, Shell};

    fn def<T: Describe>() -> &'static EnumDef {
        match T::SHAPE {
            Shape::Enum(def) => def,
            _ => panic!("not an enum"),
        }
    }

    /// The strings a value schema accepts, judged with Rust's `regex`
    /// (same semantics as ECMA 262 for these patterns).
    fn accepts(schema: &Map<String, Value>, s: &str) -> bool {
        let branch_accepts = |b: &Value| {
            if let Some(values) = b.get("enum").and_then(Value::as_array) {
                return values.iter().any(|v| v == s);
            }
            match b.get("pattern").and_then(Value::as_str) {
                Some(p) => regex::Regex::new(p).unwrap().is_match(s),
                None => true,
            }
        };
        match schema.get("anyOf").and_then(Value::as_array) {
            Some(branches) => branches.iter().any(branch_accepts),
            None => branch_accepts(&Value::Object(schema.clone())),
        }
    }

    fn generated(def: &EnumDef) -> Map<String, Value> {
        let mut schema = Map::new();
        apply(&mut schema, def);
        schema
    }

    /// Case variants, Unicode look-alikes that Go maps onto ASCII letters,
    /// aliases, padding and junk.
    fn candidates(def: &EnumDef) -> Vec<String> {
        let mut out = vec![String::new(), " ".into(), "junk".into()];
        let spellings = def
            .values
            .iter()
            .copied()
            .chain(def.aliases.iter().map(|(a, _)| *a));
        for s in spellings {
            out.push(s.to_owned());
            out.push(s.to_uppercase());
            out.push(s.to_lowercase());
            out.push(format!(" {s}"));
            out.push(format!("{s}\n"));
            out.push(s.replace(['k', 'K'], "\u{212a}"));
            out.push(s.replace('i', "\u{130}").replace('I', "\u{131}"));
            out.push(s.replace(['s', 'S'], "\u{17f}"));
            let mut chars = s.chars();
            if let Some(first) = chars.next() {
                out.push(first.to_uppercase().chain(chars).collect());
            }
        }
        out
    }

    #[test]
    fn refused_enums_accept_exactly_what_the_runner_reads() {
        use crate::model::cache::{S3AuthenticationType, S3ServerSideEncryption};
        use crate::model::docker::DockerIsolation;
        let defs = [
            def::<Executor>(),
            def::<Shell>(),
            def::<LogLevel>(),
            def::<LogFormat>(),
            def::<DockerIsolation>(),
            def::<S3ServerSideEncryption>(),
            def::<S3AuthenticationType>(),
        ];
        for def in defs {
            let schema = generated(def);
            for s in candidates(def) {
                let runner = def.resolve(&s).is_some() || (s.is_empty() && def.empty_is_unset);
                let expected = runner || !refused(def);
                assert_eq!(accepts(&schema, &s), expected, "{}: {s:?}", def.name);
            }
        }
    }

    #[test]
    fn unsupported_values_are_refused_and_explained() {
        let schema = generated(def::<Shell>());
        assert!(!accepts(&schema, "cmd"));
        assert!(accepts(&schema, ""));
        let note = note(def::<Shell>(), true);
        assert!(note.contains("`cmd` is listed by the runner but no longer implemented"));
        assert!(note.contains("Any other value (`cmd` included): every job fails"));
    }

    #[test]
    fn classes_cover_go_case_mappings() {
        assert_eq!(class(Matching::Lowercased, 'k'), "[Kk\u{212a}]");
        assert_eq!(class(Matching::Lowercased, 'i'), "[Ii\u{130}]");
        assert_eq!(class(Matching::Uppercased, 's'), "[Ss\u{17f}]");
        assert_eq!(class(Matching::Uppercased, ':'), ":");
        assert_eq!(class(Matching::Exact, '.'), "\\.");
    }
}
