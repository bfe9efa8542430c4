//! Which rules come with a fix, how safe it is, and why: what
//! `runner-config rules CODE` says under "Fix safety".

use super::Applicability;

/// A rule's fix, as documented.
///
/// ```
/// use runner_config::fix::{rule_fix, Applicability};
///
/// let fix = rule_fix("kubernetes-pull-policy-name").unwrap();
/// assert_eq!(fix.applicability, &[Applicability::Safe]);
/// assert!(rule_fix("concurrent-below-runners").is_none());
/// ```
#[derive(Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RuleFix {
    /// The rule's code.
    pub code: &'static str,
    /// What its fixes can be: one entry, or both when it depends on the
    /// finding (a change of case is safe, a guessed spelling is not).
    pub applicability: &'static [Applicability],
    /// What the fix does and why it is safe or not, in a sentence or two.
    pub safety: &'static str,
}

const SAFE: &[Applicability] = &[Applicability::Safe];
const UNSAFE: &[Applicability] = &[Applicability::Unsafe];
const BOTH: &[Applicability] = &[Applicability::Safe, Applicability::Unsafe];

static FIXES: &[RuleFix] = &[
    RuleFix {
        code: "non-canonical-key-case",
        applicability: SAFE,
        safety: "The fix renames the key to its canonical spelling, and is safe: the runner \
                 already reads the key through its case-insensitive fallback, so it reads the \
                 same value afterwards. No fix is offered when another spelling of the key is \
                 also present (`case-duplicate-key`: the runner reads both, and concatenates \
                 two `pull_policy` lists), nor for a table whose name is written in several \
                 places.",
    },
    RuleFix {
        code: "allowed-pull-policies-not-array",
        applicability: SAFE,
        safety: "The fix writes the string as a one-entry array (`\"always\"` → \
                 `[\"always\"]`), and is safe: the runner refuses the file as it is, and reads \
                 exactly the value written once it is an array.",
    },
    RuleFix {
        code: "kubernetes-pull-policy-name",
        applicability: SAFE,
        safety: "The fix writes the runner's spelling of the same policy (`IfNotPresent` → \
                 `if-not-present`), and is safe: jobs then get the policy the Kubernetes name \
                 stands for, which is what the finding says they must get.",
    },
    RuleFix {
        code: "pull-policy-whitespace",
        applicability: SAFE,
        safety: "The fix removes the spaces around the value (`\" always\"` → `\"always\"`), \
                 and is safe: the policy is the one written, which the runner rejects only \
                 because of the spaces.",
    },
    RuleFix {
        code: "unknown-pull-policy",
        applicability: BOTH,
        safety: "When the value is a policy in another case or with other separators \
                 (`ALWAYS`, `if_not_present`), the fix writes the runner's spelling and is \
                 safe: no other policy can be meant. When it is a typo or an alias \
                 (`alway`, `missing`), the fix writes the closest policy and is unsafe: it is \
                 a guess, applied only with `--unsafe-fixes`.",
    },
    RuleFix {
        code: "escaped-windows-path",
        applicability: UNSAFE,
        safety: "The fix writes the path as a single-quoted literal string, where every \
                 backslash is a backslash (`\"C:\\builds\"` → `'C:\\builds'`, and a doubled \
                 backslash becomes one). It is unsafe: the runner will read a different \
                 directory than today, the one the author meant. No fix is offered when the \
                 string holds a quote or an escape without a literal spelling (`\\u00e9`).",
    },
    RuleFix {
        code: "unknown-key",
        applicability: UNSAFE,
        safety: "When one key of the table is clearly the closest to the unknown one, the fix \
                 renames it to that key (`pull_polcy` → `pull_policy`). It is unsafe: the \
                 runner will read a value it ignored before. No fix is offered when that key \
                 is already set in the table, or the value is not of the type the key takes.",
    },
    RuleFix {
        code: "misplaced-key",
        applicability: UNSAFE,
        safety: "When one table clearly reads the key, the fix moves its line (with the \
                 comment after it) there: among that table's keys, or into a new table after \
                 its parent's keys when it is missing. It is unsafe: the runner will read a \
                 value it ignored before. No fix is offered when the key is already set \
                 there, the value is not of the type the key takes, or the table belongs to \
                 an executor the runner does not use.",
    },
];

/// The fix of the rule with this code, if it has one.
pub fn rule_fix(code: &str) -> Option<&'static RuleFix> {
    FIXES.iter().find(|f| f.code == code)
}

/// Every rule that has a fix.
pub fn rule_fixes() -> impl Iterator<Item = &'static RuleFix> {
    FIXES.iter()
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_fixable_code_is_a_rule() {
        for fix in super::rule_fixes() {
            assert!(crate::rules::find(fix.code).is_some(), "{}", fix.code);
        }
    }
}
