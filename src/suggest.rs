//! "Did you mean …?" suggestions by edit distance.
//!
//! One small helper shared by every place that rejects a name: pull-policy
//! values, executor names, feature flags, unknown keys.

/// Optimal-string-alignment distance (Levenshtein plus adjacent
/// transpositions), compared ASCII-case-insensitively.
///
/// Case is ignored because the most common mistake in this field is the
/// wrong case (`Always`, `IfNotPresent`); callers that care about case
/// check for an exact match first.
pub(crate) fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
    let b: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
    let width = b.len() + 1;
    // Three rolling rows are enough for the transposition lookback.
    let mut rows = vec![0usize; width * 3];
    for (j, cell) in rows.iter_mut().take(width).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        let (cur, prev, prev2) = (
            (i % 3) * width,
            ((i - 1) % 3) * width,
            ((i + 1) % 3) * width,
        );
        rows[cur] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[prev + j] + 1)
                .min(rows[cur + j - 1] + 1)
                .min(rows[prev + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[prev2 + j - 2] + 1);
            }
            rows[cur + j] = best;
        }
    }
    rows[(a.len() % 3) * width + b.len()]
}

/// Folds a name to letters and digits only, lowercased: `If_Not-Present`
/// and `ifnotpresent` both become `ifnotpresent`.
pub(crate) fn fold(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The candidate closest to `input`, if it is close enough to be what the
/// user meant.
///
/// A candidate matches when it is equal ignoring case and separators
/// (`if_not_present` → `if-not-present`), or within an edit distance of
/// one third of its length (at least 1, at most 3).
pub(crate) fn did_you_mean<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let folded = fold(input);
    let length = input.chars().count();
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        if candidate == input {
            continue;
        }
        if !folded.is_empty() && fold(candidate) == folded {
            return Some(candidate);
        }
        let candidate_length = candidate.chars().count();
        let limit = (candidate_length / 3).clamp(1, 3);
        // The distance is at least the difference in length: skip the
        // quadratic comparison when that alone is too far (a megabyte-long
        // key must not take seconds).
        if length.abs_diff(candidate_length) > limit {
            continue;
        }
        let d = distance(input, candidate);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// [`did_you_mean`]'s answer when no other candidate is as close: the
/// one a fix may write without asking which was meant.
pub(crate) fn clearly_best<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str> + Clone,
{
    let best = did_you_mean(input, candidates.clone())?;
    let folded = fold(input);
    let score = |c: &str| {
        if !folded.is_empty() && fold(c) == folded {
            0
        } else {
            distance(input, c) + 1
        }
    };
    let target = score(best);
    let ties = candidates
        .into_iter()
        .filter(|c| *c != input && score(c) == target)
        .count();
    (ties == 1).then_some(best)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_edits_and_transpositions() {
        assert_eq!(distance("always", "always"), 0);
        assert_eq!(distance("alway", "always"), 1);
        assert_eq!(distance("alwyas", "always"), 1);
        assert_eq!(distance("Always", "always"), 0);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
    }

    #[test]
    fn suggests_by_folding_then_distance() {
        let policies = ["always", "if-not-present", "never"];
        assert_eq!(
            did_you_mean("if_not_present", policies),
            Some("if-not-present")
        );
        assert_eq!(
            did_you_mean("IfNotPresent", policies),
            Some("if-not-present")
        );
        assert_eq!(did_you_mean("nevr", policies), Some("never"));
        assert_eq!(did_you_mean("sometimes", policies), None);
        assert_eq!(did_you_mean("always", policies), None);
    }

    #[test]
    fn clearly_best_refuses_ties() {
        assert_eq!(
            clearly_best("pull_polcy", ["pull_policy", "image"]),
            Some("pull_policy")
        );
        assert_eq!(clearly_best("cpus", ["cpu", "cpus_x", "gpus"]), None);
        assert_eq!(clearly_best("nothing", ["image"]), None);
    }
}
