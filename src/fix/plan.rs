//! Fixes the loader can only work out once the whole file is walked:
//! renames that must not collide with a key written later, and moves to a
//! table that may come later in the file.

use std::ops::Range;

use super::build::{self, Context, Destination, KeyPlaces};
use super::layout::Layout;
use super::{Applicability, Fix};
use crate::Diagnostic;
use crate::load::SpanIndex;

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

/// `table.key`, or `key` at the top level.
pub(crate) fn join(table: &str, key: &str) -> String {
    let mut path = table.to_owned();
    crate::load::push_key(&mut path, key);
    path
}
