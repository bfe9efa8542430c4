//! Fixes the loader can only work out once the whole file is walked:
//! renames that must not collide with a key written later, and moves to a
//! table that may come later in the file.

use std::ops::Range;

use super::build::{self, Context, Destination, KeyPlaces};
use super::layout::Layout;
use super::{Applicability, Fix};
use toml::de::DeValue;

use crate::Diagnostic;
use crate::load::SpanIndex;
use crate::load::locate::{self, Location};
use crate::model::shape::{Shape, TableDef};
use crate::suggest::{clearly_best, did_you_mean};

/// A fix the walk found, to be completed by [`attach`].
#[derive(Debug)]
pub(crate) enum Pending {
    /// Renames the key written at `key`.
    Rename {
        /// The finding's position in the walk's findings.
        finding: usize,
        key: Range<usize>,
        /// The key as decoded (what other places writing it would say).
        written: String,
        name: &'static str,
        /// Whether the key holds a table, which can be written in several
        /// places: renamed only when the file writes it once.
        table: bool,
        /// A path that must not be set already (the new key's).
        free: Option<String>,
        applicability: Applicability,
    },
    /// Moves a key's line to another table.
    Move {
        finding: usize,
        key: Range<usize>,
        value: Range<usize>,
        /// The table the key is written in.
        from: String,
        /// The key's name where it goes.
        name: &'static str,
        to: Target,
    },
}

/// Where a misplaced key goes, as the walk knows it.
#[derive(Debug)]
pub(crate) enum Target {
    /// A table found already.
    Known(Destination),
    /// The one `[[runners]]` entry, when the file has exactly one.
    OnlyRunner,
}

/// Completes the pending fixes with what the whole file shows, and
/// attaches each to its finding.
pub(crate) fn attach(
    text: &str,
    diagnostics: &mut [Diagnostic],
    index: &SpanIndex,
    pending: Vec<Pending>,
) {
    if pending.is_empty() {
        return;
    }
    let layout = Layout::of(text);
    if layout.broken {
        // A file that does not parse cleanly: where its tables end is not
        // known for sure, and `fix` refuses it anyway.
        return;
    }
    let places = KeyPlaces::of(index);
    let context = Context {
        text,
        index,
        layout: &layout,
        places: &places,
    };
    for item in pending {
        let (finding, fix) = match item {
            Pending::Rename {
                finding,
                key,
                written,
                name,
                table,
                free,
                applicability,
            } => {
                let clash = free.is_some_and(|path| index.contains(&path));
                let elsewhere = table && layout.key_count(&written) != 1;
                let edit = (!clash && !elsewhere)
                    .then(|| build::rename_key(text, key, name))
                    .flatten();
                (finding, edit.map(|e| Fix::new(applicability, vec![e])))
            }
            Pending::Move {
                finding,
                key,
                value,
                from,
                name,
                to,
            } => {
                let destination = match to {
                    Target::Known(destination) => Some(destination),
                    Target::OnlyRunner => (index.contains("runners[0]")
                        && !index.contains("runners[1]"))
                    .then(|| Destination {
                        table: "runners[0]".to_owned(),
                        header: Some("[[runners]]".to_owned()),
                        parent: None,
                    }),
                };
                let edits = destination
                    .filter(|d| !index.contains(&join(&d.table, name)))
                    .filter(|_| context.among_own_keys(&from, key.start))
                    .and_then(|d| context.move_key(key, value, &d));
                (finding, edits.map(Fix::unsafe_edits))
            }
        };
        if let (Some(fix), Some(diagnostic)) = (fix, diagnostics.get_mut(finding)) {
            diagnostic.set_fix(fix);
        }
    }
}

/// Where a misplaced key goes, when the one table that reads it can
/// be named exactly: the top level, this runner or one of its sections
/// (not another executor's), or a top-level table.
pub(crate) fn destination(to: &Location, runner: Option<(&str, &str, &str)>) -> Option<Target> {
    let header = |path: &str, array: bool| {
        if array {
            format!("[[{path}]]")
        } else {
            format!("[{path}]")
        }
    };
    if to.path.is_empty() {
        return Some(Target::Known(Destination {
            table: String::new(),
            header: None,
            parent: None,
        }));
    }
    match runner {
        Some((runner, executor, indexed)) => {
            if to.path == runner && to.array {
                return Some(Target::Known(Destination {
                    table: indexed.to_owned(),
                    header: Some(header(runner, true)),
                    parent: None,
                }));
            }
            let rest = to.path.strip_prefix(runner)?.strip_prefix('.')?;
            let section = rest.split('.').next().unwrap_or(rest);
            if to.array
                || (locate::is_executor_section(section)
                    && !locate::executor_sections(executor).contains(&section))
            {
                return None;
            }
            let table = format!("{indexed}.{rest}");
            let (parent, parent_header) = match to.path.rsplit_once('.') {
                Some((parent, _)) if parent == runner => (indexed.to_owned(), header(runner, true)),
                Some((parent, _)) => {
                    let cut = table.rfind('.').unwrap_or(table.len());
                    (table[..cut].to_owned(), header(parent, false))
                }
                None => return None,
            };
            Some(Target::Known(Destination {
                table,
                header: Some(header(&to.path, false)),
                parent: Some((parent, Some(parent_header))),
            }))
        }
        None if to.path == "runners" && to.array => Some(Target::OnlyRunner),
        None if !to.array && !to.path.contains('.') => Some(Target::Known(Destination {
            table: to.path.clone(),
            header: Some(header(&to.path, false)),
            parent: Some((String::new(), None)),
        })),
        None => None,
    }
}

/// The key of `def` a fix may rename `name` to: `suggest_key`'s answer
/// when no other key is as close.
pub(crate) fn clear_suggestion(name: &str, def: &'static TableDef) -> Option<&'static str> {
    let keys = def.keys.iter().map(|k| k.name);
    if did_you_mean(name, keys.clone()).is_some() {
        return clearly_best(name, keys);
    }
    let found = crate::load::suggest_key(name, def)?;
    let lower = name.to_ascii_lowercase();
    let matching = def
        .keys
        .iter()
        .filter(|k| {
            let key = k.name.to_ascii_lowercase();
            key.len() >= 4 && (lower.ends_with(key.as_str()) || lower.starts_with(key.as_str()))
        })
        .count();
    (matching == 1).then_some(found)
}

/// Whether a value holds a table (or tables), which a file can write in
/// several places.
pub(crate) fn holds_table(value: &DeValue<'_>) -> bool {
    match value {
        DeValue::Table(_) => true,
        DeValue::Array(items) => items.iter().any(|i| i.get_ref().is_table()),
        _ => false,
    }
}

/// Whether a value has a TOML type a key of this shape takes, so that a
/// fix that makes the runner read it does not make it refuse the file.
pub(crate) fn fits(shape: &Shape, value: &DeValue<'_>) -> bool {
    match (shape, value) {
        (Shape::Any, _)
        | (Shape::String | Shape::Enum(_), DeValue::String(_))
        | (Shape::Integer, DeValue::Integer(_))
        | (Shape::Float, DeValue::Float(_) | DeValue::Integer(_))
        | (Shape::Boolean, DeValue::Boolean(_))
        | (Shape::Datetime, DeValue::Datetime(_))
        | (Shape::Duration, DeValue::Integer(_) | DeValue::String(_))
        | (Shape::StringOrArray, DeValue::String(_)) => true,
        (Shape::Table(_) | Shape::Map(_), DeValue::Table(_)) => true,
        (Shape::StringOrArray, DeValue::Array(items)) => items
            .iter()
            .all(|i| matches!(i.get_ref(), DeValue::String(_))),
        (Shape::Array(item), DeValue::Array(items)) => {
            items.iter().all(|i| fits(item, i.get_ref()))
        }
        _ => false,
    }
}

/// `table.key`, or `key` at the top level.
pub(crate) fn join(table: &str, key: &str) -> String {
    let mut path = table.to_owned();
    crate::load::push_key(&mut path, key);
    path
}
