//! Fixes: the edits that correct a finding, and applying them.
//!
//! A fix belongs to its finding. The loader and the rules that find a
//! mistake with one obvious correction attach a [`Fix`] to the
//! [`Diagnostic`](crate::Diagnostic): byte-range [`Edit`]s of the file's
//! text and an [`Applicability`]. The same value feeds `runner-config fix`,
//! `fix --diff`, the JSON report and, later, a language server's code
//! actions.
//!
//! - **Safe** fixes keep the runner's reading of the file, or change it only
//!   in the way the finding says it must (`IfNotPresent` → `if-not-present`).
//! - **Unsafe** fixes make the runner read something it ignored before (an
//!   unknown key renamed to its did-you-mean, a misplaced key moved to the
//!   table that reads it): applied only when asked.
//!
//! Edits touch only what the fix is about: everything else (comments,
//! blank lines, indentation, key order, quoting, the form of arrays) stays
//! byte for byte. [`apply`] applies a set of fixes to a text;
//! `fix_text` (feature `fix`) does the whole job for one file: it refuses
//! files it cannot edit safely, applies, checks again, and repeats until
//! nothing is left to fix.
//!
//! ```
//! use runner_config::check::check;
//! use runner_config::fix::{self, Applicability};
//!
//! let text = "[[runners]]\nexecutor = \"kubernetes\"\n[runners.kubernetes]\n\
//!             pull_policy = \"IfNotPresent\" # set by ops\n";
//! let report = check("config.toml", text);
//! let finding = report
//!     .diagnostics
//!     .iter()
//!     .find(|d| d.code() == "kubernetes-pull-policy-name")
//!     .unwrap();
//! let fix = finding.fix().unwrap();
//! assert_eq!(fix.applicability(), Applicability::Safe);
//! let fixed = fix::apply(text, [fix]);
//! assert_eq!(fixed.applied, 1);
//! assert!(fixed.text.ends_with("pull_policy = \"if-not-present\" # set by ops\n"));
//! ```

use std::fmt;
use std::ops::Range;

pub(crate) mod build;
mod catalogue;
#[cfg(feature = "fix")]
mod engine;
pub(crate) mod layout;
pub(crate) mod plan;

pub use catalogue::{RuleFix, rule_fix, rule_fixes};
#[cfg(feature = "fix")]
pub use engine::{FixOptions, Fixed, Unfixable, fix_text, unified_diff};
pub use layout::comments;

/// Whether a fix may be applied without asking.
///
/// ```
/// use runner_config::fix::Applicability;
///
/// assert!(Applicability::Safe < Applicability::Unsafe);
/// assert_eq!(Applicability::Unsafe.as_str(), "unsafe");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Applicability {
    /// The runner reads the file as before, or differently only in the way
    /// the finding says it must: applied by `runner-config fix`.
    Safe,
    /// The runner will read something it ignored before: applied only with
    /// `--unsafe-fixes`.
    Unsafe,
}

impl Applicability {
    /// `safe` or `unsafe`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Safe => "safe",
            Self::Unsafe => "unsafe",
        }
    }
}

impl fmt::Display for Applicability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One change to a file's text: a byte range and what replaces it (an
/// empty range inserts, empty content deletes).
///
/// ```
/// use runner_config::fix::Edit;
///
/// let edit = Edit::replace(14..28, "\"if-not-present\"");
/// assert_eq!(edit.range(), 14..28);
/// assert_eq!(edit.content(), "\"if-not-present\"");
/// assert!(!edit.holds_secret());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    range: Range<usize>,
    content: String,
    /// Which part of `content` is a copy of the file's text, and from
    /// where: what [`crate::Source::redact`] compares with the redacted
    /// text to tell whether the copy holds a secret.
    copied: Option<Copied>,
    secret: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Copied {
    /// Where the copy starts in `content`.
    at: usize,
    /// Where it comes from in the file.
    from: Range<usize>,
}

impl Edit {
    /// Replaces `range` with `content`.
    pub fn replace(range: Range<usize>, content: impl Into<String>) -> Self {
        Self {
            range,
            content: content.into(),
            copied: None,
            secret: false,
        }
    }

    /// Inserts `content` at `offset`.
    pub fn insert(offset: usize, content: impl Into<String>) -> Self {
        Self::replace(offset..offset, content)
    }

    /// Deletes `range`.
    pub fn delete(range: Range<usize>) -> Self {
        Self::replace(range, String::new())
    }

    /// Records that `content[at..]` starts with a copy of the file's bytes
    /// `from`, so that redaction can tell whether it copies a secret.
    pub(crate) fn copying(mut self, at: usize, from: Range<usize>) -> Self {
        self.copied = Some(Copied { at, from });
        self
    }

    /// The bytes of the original text that are replaced.
    pub fn range(&self) -> Range<usize> {
        self.range.clone()
    }

    /// The replacement text.
    pub fn content(&self) -> &str {
        &self.content
    }

    /// Whether the replacement holds (part of) a secret of the file, so
    /// that no report may show it. Known once the finding has been
    /// [redacted](crate::Source::redact), as every finding a report gets
    /// is.
    pub fn holds_secret(&self) -> bool {
        self.secret
    }

    /// Marks the edit secret when its content, or the part of the file it
    /// copies, shows anything `source` blanks.
    pub(crate) fn redact(&mut self, source: &crate::Source) {
        if source.scrub(&self.content) != self.content.as_str() {
            self.secret = true;
        }
        if let Some(copied) = &self.copied {
            let copy = self.content.get(copied.at..copied.at + copied.from.len());
            let shown = source.text().get(copied.from.clone());
            if copy.is_none() || copy != shown {
                self.secret = true;
            }
        }
    }
}

/// The correction of one finding: edits applied together, all or none.
///
/// ```
/// use runner_config::fix::{Applicability, Edit, Fix};
///
/// let fix = Fix::new(Applicability::Safe, vec![Edit::replace(0..11, "pull_policy")]);
/// assert_eq!(fix.edits().len(), 1);
/// assert!(fix.is_applicable(false));
/// assert!(!Fix::new(Applicability::Unsafe, Vec::new()).is_applicable(false));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    applicability: Applicability,
    edits: Vec<Edit>,
}

impl Fix {
    /// A fix of these edits, sorted by position. Edits must not overlap.
    pub fn new(applicability: Applicability, mut edits: Vec<Edit>) -> Self {
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        Self {
            applicability,
            edits,
        }
    }

    /// A safe fix.
    pub fn safe(edits: Vec<Edit>) -> Self {
        Self::new(Applicability::Safe, edits)
    }

    /// An unsafe fix.
    pub fn unsafe_edits(edits: Vec<Edit>) -> Self {
        Self::new(Applicability::Unsafe, edits)
    }

    /// Whether it is safe.
    pub fn applicability(&self) -> Applicability {
        self.applicability
    }

    /// The edits, sorted by position.
    pub fn edits(&self) -> &[Edit] {
        &self.edits
    }

    /// Whether `fix` applies it: safe fixes always, unsafe ones only when
    /// `unsafe_fixes` is asked for.
    pub fn is_applicable(&self, unsafe_fixes: bool) -> bool {
        !self.edits.is_empty() && (unsafe_fixes || self.applicability == Applicability::Safe)
    }

    /// From the first edit's start to the last edit's end.
    fn extent(&self) -> Range<usize> {
        let start = self.edits.first().map_or(0, |e| e.range.start);
        let end = self
            .edits
            .iter()
            .map(|e| e.range.end)
            .max()
            .unwrap_or(start);
        start..end
    }

    pub(crate) fn redact(&mut self, source: &crate::Source) {
        for edit in &mut self.edits {
            edit.redact(source);
        }
    }
}

/// The text after [`apply`], and how many fixes went into it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Applied {
    /// The edited text.
    pub text: String,
    /// How many fixes were applied.
    pub applied: usize,
    /// How many were left out because they touch an edit of a fix applied
    /// before them (or are out of bounds): check the text again and they
    /// come back, if they still apply.
    pub deferred: usize,
}

/// Applies `fixes` to `text`, in order of position. A fix whose edits
/// overlap or touch those of a fix already taken is left for the next
/// round (two moves that would both create `[runners.docker]`, say), as is
/// one that does not fit the text. Never panics.
///
/// ```
/// use runner_config::fix::{apply, Edit, Fix};
///
/// let a = Fix::safe(vec![Edit::replace(0..1, "x")]);
/// let b = Fix::safe(vec![Edit::replace(1..2, "y")]); // touches `a`
/// let c = Fix::safe(vec![Edit::insert(3, "!")]);
/// let done = apply("abc", [&a, &b, &c]);
/// assert_eq!((done.text.as_str(), done.applied, done.deferred), ("xbc!", 2, 1));
/// ```
pub fn apply<'a>(text: &str, fixes: impl IntoIterator<Item = &'a Fix>) -> Applied {
    let mut fixes: Vec<&Fix> = fixes.into_iter().filter(|f| !f.edits.is_empty()).collect();
    fixes.sort_by_key(|f| {
        let extent = f.extent();
        (extent.start, extent.end)
    });
    let mut taken: Vec<Range<usize>> = Vec::new();
    let mut edits: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    let mut deferred = 0;
    for fix in fixes {
        let fits = fix.edits.iter().all(|e| {
            e.range.start <= e.range.end
                && e.range.end <= text.len()
                && text.is_char_boundary(e.range.start)
                && text.is_char_boundary(e.range.end)
        });
        let own_overlap = fix
            .edits
            .windows(2)
            .any(|pair| pair[0].range.end > pair[1].range.start);
        let clashes = fix.edits.iter().any(|e| {
            taken
                .iter()
                .any(|t| e.range.start <= t.end && t.start <= e.range.end)
        });
        if !fits || own_overlap || clashes {
            deferred += 1;
            continue;
        }
        taken.extend(fix.edits.iter().map(|e| e.range.clone()));
        edits.extend(fix.edits.iter());
        applied += 1;
    }
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for edit in edits {
        out.push_str(&text[at..edit.range.start]);
        out.push_str(&edit.content);
        at = edit.range.end;
    }
    out.push_str(&text[at..]);
    Applied {
        text: out,
        applied,
        deferred,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_of_one_fix_go_in_together() {
        let text = "a = 1\nb = 2\n";
        let moved = Fix::unsafe_edits(vec![Edit::insert(12, "a = 1\n"), Edit::delete(0..6)]);
        let done = apply(text, [&moved]);
        assert_eq!(done.text, "b = 2\na = 1\n");
        assert_eq!(done.applied, 1);
    }

    #[test]
    fn bad_ranges_are_deferred_not_panics() {
        let out_of_bounds = Fix::safe(vec![Edit::replace(3..9, "x")]);
        let inside_a_char = Fix::safe(vec![Edit::replace(1..2, "x")]);
        #[allow(clippy::reversed_empty_ranges)]
        let reversed = Fix::safe(vec![Edit::replace(2..1, "x")]);
        let done = apply("é!", [&out_of_bounds, &inside_a_char, &reversed]);
        assert_eq!(done.text, "é!");
        assert_eq!((done.applied, done.deferred), (0, 3));
    }

    #[test]
    fn insertions_at_one_place_clash() {
        let a = Fix::safe(vec![Edit::insert(1, "[x]\n")]);
        let b = Fix::safe(vec![Edit::insert(1, "[x]\n")]);
        let done = apply("ab", [&a, &b]);
        assert_eq!(done.text, "a[x]\nb");
        assert_eq!(done.deferred, 1);
    }

    #[test]
    fn copies_of_secrets_are_found() {
        let text = "token = \"glrt-abcdefghijklmnop\"\n";
        let source = crate::Source::new(
            "c.toml",
            text,
            crate::Secrets::from(&[Range { start: 9, end: 30 }][..]),
        );
        let mut copy = Edit::insert(0, format!("x{}", &text[0..31])).copying(1, 0..31);
        copy.redact(&source);
        assert!(copy.holds_secret());
        let mut plain = Edit::insert(0, "token =").copying(0, 0..7);
        plain.redact(&source);
        assert!(!plain.holds_secret());
    }
}
