//! Values as GitLab builds them before it validates a pipeline: files
//! merged with their includes, `extends` resolved, `!reference` tags
//! followed. Every leaf stays a node of the file it is written in, so a
//! finding about it points at the line that set it.

use std::collections::HashSet;

use super::{Files, Loc};
use crate::yaml::{Node, Value};

/// The most merge steps one pipeline may take: a guard against inputs
/// built to make deep merges explode.
const MAX_MERGE_STEPS: usize = 1 << 20;

/// `MAX_NESTING_LEVELS` of `Extendable::Entry`.
const MAX_EXTENDS_LEVELS: usize = 10;

/// How deep `!reference` tags may lead to other tags.
const MAX_REFERENCE_LEVELS: usize = 10;

/// A value: a node where it is written, or a hash built by a merge.
#[derive(Debug, Clone)]
pub(crate) enum Val {
    /// A node of one of the pipeline's files.
    Node(Loc),
    /// A hash made by merging hashes: its entries, in Ruby's order.
    Map(Vec<(String, Val)>),
}

/// Reads values across the pipeline's files.
pub(crate) struct Values<'f> {
    files: &'f Files,
    steps: usize,
}

impl<'f> Values<'f> {
    pub(crate) fn new(files: &'f Files) -> Self {
        Self { files, steps: 0 }
    }

    /// The node a located value is.
    pub(crate) fn node(&self, loc: Loc) -> Option<&'f Node> {
        self.files.node(loc)
    }

    /// A hash's entries, or `None` for anything else.
    pub(crate) fn entries(&self, value: &Val) -> Option<Vec<(String, Val)>> {
        match value {
            Val::Map(entries) => Some(entries.clone()),
            Val::Node(loc) => {
                let entries = self.node(*loc)?.as_mapping()?;
                Some(
                    entries
                        .iter()
                        .map(|e| (e.key.clone(), Val::Node(loc.with(e.value))))
                        .collect(),
                )
            }
        }
    }

    /// Whether a value is a hash.
    pub(crate) fn is_map(&self, value: &Val) -> bool {
        match value {
            Val::Map(_) => true,
            Val::Node(loc) => self.node(*loc).is_some_and(|n| n.as_mapping().is_some()),
        }
    }

    /// The value of `key` in a hash.
    pub(crate) fn get(&self, value: &Val, key: &str) -> Option<Val> {
        match value {
            Val::Map(entries) => entries
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone()),
            Val::Node(loc) => {
                let node = self.node(*loc)?;
                let entry = node.as_mapping()?.iter().find(|e| e.key == key)?;
                Some(Val::Node(loc.with(entry.value)))
            }
        }
    }

    /// A scalar's text (not null).
    pub(crate) fn text(&self, value: &Val) -> Option<&'f str> {
        match value {
            Val::Node(loc) => self.node(*loc)?.as_str(),
            Val::Map(_) => None,
        }
    }

    /// A boolean as Psych reads it.
    pub(crate) fn node_bool(&self, value: &Val) -> Option<bool> {
        match value {
            Val::Node(loc) => self.node(*loc)?.as_bool(),
            Val::Map(_) => None,
        }
    }

    /// Whether a value is YAML's null.
    pub(crate) fn is_null(&self, value: &Val) -> bool {
        matches!(value, Val::Node(loc) if self.node(*loc).is_some_and(Node::is_null))
    }

    /// A sequence's items.
    pub(crate) fn items(&self, value: &Val) -> Option<Vec<Val>> {
        match value {
            Val::Node(loc) => Some(
                self.node(*loc)?
                    .as_sequence()?
                    .iter()
                    .map(|id| Val::Node(loc.with(*id)))
                    .collect(),
            ),
            Val::Map(_) => None,
        }
    }

    /// Ruby's `Hash#deep_merge`: `over`'s keys replace `base`'s, except
    /// that two hashes under one key are merged the same way. Arrays and
    /// scalars are replaced whole.
    pub(crate) fn deep_merge(&mut self, base: Val, over: Val) -> Val {
        let (Some(mut merged), Some(over_entries)) = (self.entries(&base), self.entries(&over))
        else {
            return over;
        };
        for (key, value) in over_entries {
            self.steps += 1;
            if self.steps > MAX_MERGE_STEPS {
                return over;
            }
            match merged.iter_mut().find(|(k, _)| *k == key) {
                Some((_, existing)) => {
                    let old = std::mem::replace(existing, Val::Map(Vec::new()));
                    *existing = if self.is_map(&old) && self.is_map(&value) {
                        self.deep_merge(old, value)
                    } else {
                        value
                    };
                }
                None => merged.push((key, value)),
            }
        }
        Val::Map(merged)
    }

    /// Follows a `!reference [a, b, …]` tag (and the tags it leads to) in
    /// `root`, the pipeline after `extends`. Anything else is returned as
    /// it is.
    ///
    /// The error is GitLab's: `!reference [".base", "image"] could not be
    /// found`.
    pub(crate) fn resolve(&self, root: &Val, value: Val) -> Result<Val, String> {
        let mut value = value;
        for _ in 0..=MAX_REFERENCE_LEVELS {
            let Some(path) = self.reference(&value) else {
                return Ok(value);
            };
            let shown: Vec<String> = path.iter().map(|p| format!("{p:?}")).collect();
            let missing = || format!("!reference [{}] could not be found", shown.join(", "));
            let mut at = root.clone();
            for key in &path {
                at = self.get(&at, key).ok_or_else(missing)?;
            }
            if self.is_null(&at) {
                return Err(missing());
            }
            value = at;
        }
        Err(format!(
            "!reference tags nested more than {MAX_REFERENCE_LEVELS} levels deep"
        ))
    }

    /// The keys of a `!reference` tag: a non-empty sequence of strings.
    fn reference(&self, value: &Val) -> Option<Vec<String>> {
        let Val::Node(loc) = value else { return None };
        let node = self.node(*loc)?;
        if node.tag() != Some("!reference") {
            return None;
        }
        let items = node.as_sequence()?;
        let keys: Option<Vec<String>> = items
            .iter()
            .map(|id| match self.node(loc.with(*id))?.value() {
                Value::Scalar(text, _) => Some(text.clone()),
                _ => None,
            })
            .collect();
        keys.filter(|keys| !keys.is_empty())
    }

    /// Resolves `extends` in every top-level entry as
    /// `Extendable::Entry#extend!` does, replacing each entry by its
    /// merged value. Each error is returned with the entry it stopped at
    /// and where that entry's `extends` is written; that entry and those
    /// extending it keep their own values.
    pub(crate) fn extend_all(&mut self, root: &mut [(String, Val)]) -> Vec<ExtendsError> {
        let mut errors = Vec::new();
        let mut done = HashSet::new();
        let mut failed = HashSet::new();
        for i in 0..root.len() {
            let key = root[i].0.clone();
            let mut ancestors = Vec::new();
            if let Err(error) = self.extend(root, &key, &mut ancestors, &mut done)
                && failed.insert(error.key.clone())
            {
                errors.push(error);
            }
        }
        errors
    }

    fn extend(
        &mut self,
        root: &mut [(String, Val)],
        key: &str,
        ancestors: &mut Vec<String>,
        done: &mut HashSet<String>,
    ) -> Result<Val, ExtendsError> {
        let Some(value) = root.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()) else {
            return Err(ExtendsError::new(key, None, format!("{key}: unknown key")));
        };
        let Some(extends) = self.get(&value, "extends").filter(|_| self.is_map(&value)) else {
            return Ok(value);
        };
        if done.contains(key) {
            return Ok(value);
        }
        let at = match &extends {
            Val::Node(loc) => Some(*loc),
            Val::Map(_) => None,
        };
        let bases: Vec<String> = match self.items(&extends) {
            Some(items) => items
                .iter()
                .filter_map(|i| self.text(i))
                .map(str::to_owned)
                .collect(),
            None => self.text(&extends).map(str::to_owned).into_iter().collect(),
        };
        let error = |message: String| ExtendsError::new(key, at, message);
        let unknown: Vec<&str> = bases
            .iter()
            .filter(|b| !root.iter().any(|(k, _)| k == *b))
            .map(String::as_str)
            .collect();
        if !unknown.is_empty() {
            return Err(error(format!(
                "{key}: unknown keys in `extends` ({})",
                unknown.join(", ")
            )));
        }
        let invalid: Vec<&str> = bases
            .iter()
            .filter(|b| {
                root.iter()
                    .find(|(k, _)| k == *b)
                    .is_some_and(|(_, v)| !self.is_map(v))
            })
            .map(String::as_str)
            .collect();
        if !invalid.is_empty() {
            return Err(error(format!(
                "{key}: invalid base hashes in `extends` ({})",
                invalid.join(", ")
            )));
        }
        if ancestors.len() > MAX_EXTENDS_LEVELS {
            return Err(error(format!("{key}: nesting too deep in `extends`")));
        }
        if ancestors.iter().any(|a| a == key) {
            return Err(error(format!(
                "{key}: circular dependency detected in `extends`"
            )));
        }
        ancestors.push(key.to_owned());
        let mut merged = Val::Map(Vec::new());
        for base in &bases {
            let extended = self.extend(root, base, ancestors, done);
            let extended = match extended {
                Ok(extended) => extended,
                Err(error) => {
                    ancestors.pop();
                    return Err(error);
                }
            };
            merged = self.deep_merge(merged, extended);
        }
        ancestors.pop();
        let merged = self.deep_merge(merged, value);
        if let Some(entry) = root.iter_mut().find(|(k, _)| k == key) {
            entry.1 = merged.clone();
        }
        done.insert(key.to_owned());
        Ok(merged)
    }
}

/// An `extends` that GitLab refuses.
#[derive(Debug, Clone)]
pub(crate) struct ExtendsError {
    /// The entry being extended when GitLab stopped.
    pub(crate) key: String,
    /// Its `extends` value.
    pub(crate) at: Option<Loc>,
    /// GitLab's message.
    pub(crate) message: String,
}

impl ExtendsError {
    fn new(key: &str, at: Option<Loc>, message: String) -> Self {
        Self {
            key: key.to_owned(),
            at,
            message,
        }
    }
}
