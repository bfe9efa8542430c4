//! `doublestar.Match` (bmatcuk/doublestar v4), as GitLab Runner calls it on
//! `allowed_images`, `allowed_services` and `allowed_privileged_*`.
//!
//! A port of `match.go` and `validate.go` with `/` as the separator, step
//! for step, because the runner's answer is whatever that algorithm says,
//! quirks included:
//!
//! - `*` matches within one `/`-separated segment, `?` one character of
//!   it; `[…]` classes (`!` or `^` negates, `a-z` ranges, `\` escapes) and
//!   `{a,b}` alternatives (nested, tried in order) as in the library;
//! - `**` crosses segments only as a whole segment (`/**/`, a leading
//!   `**/`, a trailing `/**`); anywhere else it is a `*` (`/path**` is
//!   `/path*`); a trailing `/**` also matches the bare directory (`a/**`
//!   matches `a`), and after `{` a `**` counts as starting a segment,
//!   because the library restarts its segment tracking there;
//! - the library validates a pattern lazily, while it matches: a malformed
//!   pattern (`[`, an empty class, an unclosed `{`) usually fails with
//!   `ErrBadPattern`, which the runner discards (`ok, _ :=
//!   doublestar.Match(…)` in `common/allowed_images.go` and
//!   `executors/docker/docker.go`), so it does not match — but a match
//!   found before the malformed part is reached stands (`{a,[}` matches
//!   `a`), and an error in one alternative stops the others (`{[,a}` never
//!   matches).
//!
//! The runner's `go.mod` pins v4.10.0; this port follows the newest source
//! available here (v4.9.1 and one later commit, `9fded31`), whose `Match`
//! has not changed since January 2025. It is checked against vectors the
//! Go library produced (`tests/data/doublestar-vectors.tsv`).
//!
//! Alternatives can make the library's work exponential in the pattern's
//! length; the port gives up after a fixed amount of work and says so
//! ([`GlobError::TooComplex`]) rather than hang.

/// Why a match has no yes-or-no answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GlobError {
    /// The library's `ErrBadPattern`: the runner treats it as no match.
    BadPattern,
    /// More work than we spend on one pattern (the library would keep
    /// going): undecided.
    TooComplex,
}

/// What the runner concludes: `Some(true)` when `pattern` allows `name`,
/// `Some(false)` when it does not (a malformed pattern never allows),
/// `None` when the pattern is too complex to decide here.
pub(crate) fn allows(pattern: &str, name: &str) -> Option<bool> {
    match doublestar_match(pattern, name) {
        Ok(matched) => Some(matched),
        Err(GlobError::BadPattern) => Some(false),
        Err(GlobError::TooComplex) => None,
    }
}

/// `doublestar.Match(pattern, name)`: the match, or `ErrBadPattern` when
/// the library reports one.
pub(crate) fn doublestar_match(pattern: &str, name: &str) -> Result<bool, GlobError> {
    let mut budget = Budget {
        steps: MAX_STEPS,
        depth: 0,
    };
    do_match(
        pattern.as_bytes(),
        name.as_bytes(),
        Backtrack::default(),
        0,
        0,
        &mut budget,
    )
}

/// The name of the helper image the Kubernetes executor exempts from
/// `allowed_images` and `allowed_services`: `helperImageInfo.Name`, the
/// repository without a tag, whatever `helper_image` says
/// (`helpers/container/helperimage/info.go` `GitLabRegistryName`).
pub(crate) const KUBERNETES_HELPER_NAME: &str =
    "registry.gitlab.com/gitlab-org/gitlab-runner/gitlab-runner-helper";

/// What `VerifyAllowedImage` (`common/allowed_images.go`) decides for an
/// image name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// A pattern matches, the image is exempt, or the list is empty.
    Allowed,
    /// The job fails.
    NotAllowed,
    /// It depends on what is not known here.
    Undecided(Undecided),
}

/// Why a verdict cannot be reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Undecided {
    /// The image name still holds a variable (`$NAME`, `${NAME}`, a
    /// component's `$[[ inputs ]]`) whose value is not known here.
    Variables,
    /// An exempt name (the runner's default image) holds such a variable.
    ExemptVariables(String),
    /// A pattern is too complex to match here.
    Pattern(String),
}

/// `VerifyAllowedImage`: `image` is allowed when any pattern matches it,
/// when it is one of the `exempt` names (compared exactly), or when the
/// list is empty. A `$` in a name stands for a value not known here: the
/// runner would have expanded it, so no verdict is given.
pub(crate) fn verify_allowed_image(patterns: &[String], image: &str, exempt: &[&str]) -> Verdict {
    if patterns.is_empty() {
        return Verdict::Allowed;
    }
    if image.contains('$') {
        return Verdict::Undecided(Undecided::Variables);
    }
    let mut too_complex = None;
    for pattern in patterns {
        match allows(pattern, image) {
            Some(true) => return Verdict::Allowed,
            Some(false) => {}
            None => too_complex = too_complex.or(Some(pattern)),
        }
    }
    if exempt.contains(&image) {
        return Verdict::Allowed;
    }
    if let Some(pattern) = too_complex {
        return Verdict::Undecided(Undecided::Pattern(pattern.clone()));
    }
    match exempt.iter().find(|e| e.contains('$')) {
        Some(name) => Verdict::Undecided(Undecided::ExemptVariables((*name).to_owned())),
        None => Verdict::NotAllowed,
    }
}

/// The runner's line for an image a list does not allow (`images` or
/// `services`), followed by the list, which the job log prints one
/// pattern per line.
pub(crate) fn not_allowed_message(image: &str, option: &str, patterns: &[String]) -> String {
    format!(
        "The {} image is not present on list of allowed {option}: {}",
        crate::policy::gofmt::Quoted(image),
        patterns.join(", ")
    )
}

/// The separator `Match` uses.
const SEPARATOR: u32 = '/' as u32;
/// Go's `utf8.RuneError`.
const RUNE_ERROR: u32 = 0xFFFD;
/// Go's `utf8.MaxRune`.
const MAX_RUNE: u32 = 0x10_FFFF;
/// Loop iterations and calls spent on one match at most.
const MAX_STEPS: u32 = 200_000;
/// Nested alternatives followed at most (each is a recursive call).
const MAX_DEPTH: u32 = 64;

struct Budget {
    steps: u32,
    depth: u32,
}

impl Budget {
    fn step(&mut self) -> Result<(), GlobError> {
        self.steps = self.steps.checked_sub(1).ok_or(GlobError::TooComplex)?;
        Ok(())
    }
}

/// Where `*` and `**` resume: the library's four backtrack indices (its
/// `-1` is `None`).
#[derive(Debug, Clone, Copy, Default)]
struct Backtrack {
    doublestar_pattern: Option<usize>,
    doublestar_name: Option<usize>,
    star_pattern: Option<usize>,
    star_name: Option<usize>,
}

/// Go's `utf8.DecodeRuneInString`: the first rune and its length;
/// `(RuneError, 0)` for nothing, `(RuneError, 1)` for an invalid byte.
fn decode(bytes: &[u8]) -> (u32, usize) {
    if bytes.is_empty() {
        return (RUNE_ERROR, 0);
    }
    let window = &bytes[..bytes.len().min(4)];
    let valid = match std::str::from_utf8(window) {
        Ok(text) => text,
        Err(error) => std::str::from_utf8(&window[..error.valid_up_to()]).unwrap_or_default(),
    };
    match valid.chars().next() {
        Some(c) => (u32::from(c), c.len_utf8()),
        None => (RUNE_ERROR, 1),
    }
}

/// `doMatchWithSeparator` with `validate` on and case-sensitive runes, as
/// `Match` calls it.
fn do_match(
    pattern: &[u8],
    name: &[u8],
    mut back: Backtrack,
    mut pat: usize,
    mut at: usize,
    budget: &mut Budget,
) -> Result<bool, GlobError> {
    budget.step()?;
    let pat_len = pattern.len();
    let name_len = name.len();
    let mut start_of_segment = true;
    'matching: while at < name_len {
        budget.step()?;
        // Each arm either continues the loop or falls through to the
        // backtracking below (the library's `break` out of its `switch`).
        if pat < pat_len {
            match pattern[pat] {
                b'*' => {
                    pat += 1;
                    if pat < pat_len && pattern[pat] == b'*' {
                        // `**` is a doublestar only as a whole segment;
                        // otherwise it is a `*`, as in bash.
                        pat += 1;
                        if start_of_segment {
                            if pat >= pat_len {
                                // The pattern ends in `/**`.
                                return Ok(true);
                            }
                            let (rune, len) = decode(&pattern[pat..]);
                            if rune == SEPARATOR {
                                pat += len;
                                back = Backtrack {
                                    doublestar_pattern: Some(pat),
                                    doublestar_name: Some(at),
                                    star_pattern: None,
                                    star_name: None,
                                };
                                continue;
                            }
                        }
                    }
                    start_of_segment = false;
                    back.star_pattern = Some(pat);
                    back.star_name = Some(at);
                    continue;
                }
                b'?' => {
                    start_of_segment = false;
                    let (rune, len) = decode(&name[at..]);
                    if rune != SEPARATOR {
                        pat += 1;
                        at += len;
                        continue;
                    }
                }
                b'[' => {
                    start_of_segment = false;
                    pat += 1;
                    if pat >= pat_len {
                        return Err(GlobError::BadPattern);
                    }
                    let (rune, rune_len) = decode(&name[at..]);
                    let mut matched = false;
                    let negate = pattern[pat] == b'!' || pattern[pat] == b'^';
                    if negate {
                        pat += 1;
                    }
                    if pat >= pat_len || pattern[pat] == b']' {
                        // Unterminated or empty class.
                        return Err(GlobError::BadPattern);
                    }
                    let mut last = MAX_RUNE;
                    while pat < pat_len && pattern[pat] != b']' {
                        let (mut class_rune, mut len) = decode(&pattern[pat..]);
                        pat += len;
                        if last < MAX_RUNE
                            && class_rune == u32::from(b'-')
                            && pat < pat_len
                            && pattern[pat] != b']'
                        {
                            // A range `last-hi`.
                            if pattern[pat] == b'\\' {
                                pat += 1;
                            }
                            (class_rune, len) = decode(pattern.get(pat..).unwrap_or_default());
                            pat += len;
                            if last <= rune && rune <= class_rune {
                                matched = true;
                                break;
                            }
                            last = MAX_RUNE;
                            continue;
                        }
                        if class_rune == u32::from(b'\\') {
                            (class_rune, len) = decode(pattern.get(pat..).unwrap_or_default());
                            pat += len;
                        }
                        if class_rune == rune {
                            matched = true;
                            break;
                        }
                        last = class_rune;
                    }
                    if matched == negate {
                        if pat >= pat_len {
                            // The class never closed.
                            return Err(GlobError::BadPattern);
                        }
                    } else {
                        let Some(closing) = index_unescaped_byte(&pattern[pat..], b']') else {
                            return Err(GlobError::BadPattern);
                        };
                        pat += closing + 1;
                        at += rune_len;
                        continue;
                    }
                }
                b'{' => {
                    // Each alternative is matched by splicing it into the
                    // pattern and starting over at the brace (with the
                    // segment tracking reset, as the library does).
                    let before = pat;
                    pat += 1;
                    let Some(closing) = index_matched_closing_alt(&pattern[pat..]) else {
                        return Err(GlobError::BadPattern);
                    };
                    let closing = closing + pat;
                    budget.depth += 1;
                    if budget.depth > MAX_DEPTH {
                        return Err(GlobError::TooComplex);
                    }
                    let spliced = |alternative: &[u8]| {
                        [&pattern[..before], alternative, &pattern[closing + 1..]].concat()
                    };
                    while let Some(comma) = index_next_alt(&pattern[pat..closing]) {
                        let comma = comma + pat;
                        let result = do_match(
                            &spliced(&pattern[pat..comma]),
                            name,
                            back,
                            before,
                            at,
                            budget,
                        );
                        if result != Ok(false) {
                            budget.depth -= 1;
                            return result;
                        }
                        pat = comma + 1;
                    }
                    let result = do_match(
                        &spliced(&pattern[pat..closing]),
                        name,
                        back,
                        before,
                        at,
                        budget,
                    );
                    budget.depth -= 1;
                    return result;
                }
                byte => {
                    if byte == b'\\' {
                        // The next rune is literal.
                        pat += 1;
                        if pat >= pat_len {
                            return Err(GlobError::BadPattern);
                        }
                    }
                    let (pattern_rune, pattern_len) = decode(&pattern[pat..]);
                    let (name_rune, name_rune_len) = decode(&name[at..]);
                    if pattern_rune == name_rune {
                        pat += pattern_len;
                        at += name_rune_len;
                        start_of_segment = pattern_rune == SEPARATOR;
                        continue;
                    }
                    if pat > 0 && pattern[pat - 1] == b'\\' {
                        // Back to the backslash before backtracking or
                        // validating.
                        pat -= 1;
                    }
                }
            }
        }

        if let (Some(star_pattern), Some(star_name)) = (back.star_pattern, back.star_name) {
            // `*` takes one more rune, unless it is the separator.
            let (rune, len) = decode(name.get(star_name..).unwrap_or_default());
            if rune != SEPARATOR {
                back.star_name = Some(star_name + len);
                pat = star_pattern;
                at = star_name + len;
                start_of_segment = false;
                continue;
            }
        }

        if let (Some(doublestar_pattern), Some(doublestar_name)) =
            (back.doublestar_pattern, back.doublestar_name)
        {
            // `**` takes one more segment.
            at = doublestar_name;
            while at < name_len {
                budget.step()?;
                let (rune, len) = decode(&name[at..]);
                at += len;
                if rune == SEPARATOR {
                    back.doublestar_name = Some(at);
                    pat = doublestar_pattern;
                    start_of_segment = true;
                    continue 'matching;
                }
            }
        }

        if pat < pat_len && !validate_pattern(&pattern[pat..]) {
            return Err(GlobError::BadPattern);
        }
        return Ok(false);
    }

    // The name is used up: a match if the rest of the pattern can match
    // nothing.
    is_zero_length_pattern(pattern.get(pat..).unwrap_or_default(), budget)
}

/// `isZeroLengthPattern`: whether the rest of a pattern matches the empty
/// string (`/**`, `**/` and `/**/` do, since `a/**` should match the
/// directory `a`).
fn is_zero_length_pattern(pattern: &[u8], budget: &mut Budget) -> Result<bool, GlobError> {
    budget.step()?;
    let sep = |b: u8| u32::from(b) == SEPARATOR;
    match pattern {
        [] | [b'*'] | [b'*', b'*'] => return Ok(true),
        [a, b'*', b'*'] if sep(*a) => return Ok(true),
        [b'*', b'*', a] if sep(*a) => return Ok(true),
        [a, b'*', b'*', b] if sep(*a) && sep(*b) => return Ok(true),
        _ => {}
    }
    if pattern[0] == b'{' {
        let Some(closing) = index_matched_closing_alt(&pattern[1..]) else {
            return Err(GlobError::BadPattern);
        };
        let closing = closing + 1;
        budget.depth += 1;
        if budget.depth > MAX_DEPTH {
            return Err(GlobError::TooComplex);
        }
        let spliced = |alternative: &[u8]| {
            [alternative, pattern.get(closing + 1..).unwrap_or_default()].concat()
        };
        let mut pat = 1;
        while let Some(comma) = index_next_alt(&pattern[pat..closing]) {
            let comma = comma + pat;
            let result = is_zero_length_pattern(&spliced(&pattern[pat..comma]), budget);
            if result != Ok(false) {
                budget.depth -= 1;
                return result;
            }
            pat = comma + 1;
        }
        let result = is_zero_length_pattern(&spliced(&pattern[pat..closing]), budget);
        budget.depth -= 1;
        return result;
    }
    if !validate_pattern(pattern) {
        return Err(GlobError::BadPattern);
    }
    Ok(false)
}

/// `doValidatePattern`: classes closed and not empty, escapes followed by
/// something, braces balanced.
fn validate_pattern(pattern: &[u8]) -> bool {
    let mut depth = 0usize;
    let len = pattern.len();
    let mut i = 0;
    'validating: while i < len {
        match pattern[i] {
            b'\\' => {
                i += 1;
                if i >= len {
                    return false;
                }
            }
            b'[' => {
                i += 1;
                if i >= len {
                    return false;
                }
                if pattern[i] == b'^' || pattern[i] == b'!' {
                    i += 1;
                }
                if i >= len || pattern[i] == b']' {
                    return false;
                }
                while i < len {
                    if pattern[i] == b'\\' {
                        i += 1;
                    } else if pattern[i] == b']' {
                        i += 1;
                        continue 'validating;
                    }
                    i += 1;
                }
                return false;
            }
            b'{' => depth += 1,
            b'}' => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return false,
            },
            _ => {}
        }
        i += 1;
    }
    depth == 0
}

/// `indexUnescapedByte` with escaping on.
fn index_unescaped_byte(s: &[u8], c: u8) -> Option<usize> {
    let mut i = 0;
    while i < s.len() {
        if s[i] == b'\\' {
            i += 1;
        } else if s[i] == c {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// `indexMatchedClosingAlt`: the `}` that closes the `{` just before `s`.
fn index_matched_closing_alt(s: &[u8]) -> Option<usize> {
    let mut depth = 1usize;
    let mut i = 0;
    while i < s.len() {
        match s[i] {
            b'\\' => i += 1,
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// `indexNextAlt`: the next `,` at the top level of an alternative list.
fn index_next_alt(s: &[u8]) -> Option<usize> {
    // The library's counter may go below one (a stray `}`): a `,` then no
    // longer counts, so it is kept signed.
    let mut depth = 1isize;
    let mut i = 0;
    while i < s.len() {
        match s[i] {
            b'\\' => i += 1,
            b'{' => depth += 1,
            b'}' => depth -= 1,
            b',' if depth == 1 => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn yes(pattern: &str, name: &str) {
        assert_eq!(
            doublestar_match(pattern, name),
            Ok(true),
            "{pattern} ~ {name}"
        );
    }

    #[track_caller]
    fn no(pattern: &str, name: &str) {
        assert_eq!(
            doublestar_match(pattern, name),
            Ok(false),
            "{pattern} ~ {name}"
        );
    }

    #[track_caller]
    fn bad(pattern: &str, name: &str) {
        assert_eq!(
            doublestar_match(pattern, name),
            Err(GlobError::BadPattern),
            "{pattern} ~ {name}"
        );
    }

    #[test]
    fn star_stays_in_one_segment() {
        yes("ruby:*", "ruby:3.3");
        yes("*", "ruby");
        no("*", "library/ruby");
        yes("registry.example.com/*", "registry.example.com/app");
        no("registry.example.com/*", "registry.example.com/group/app");
        yes("*/*:*", "library/ruby:3.3");
        // Nothing is normalised: `ruby` is not `library/ruby`.
        no("library/ruby:*", "ruby:3.3");
        no("ruby:*", "docker.io/library/ruby:3.3");
    }

    #[test]
    fn doublestar_crosses_segments_only_as_a_whole_segment() {
        yes(
            "registry.example.com/**",
            "registry.example.com/group/sub/app:1",
        );
        yes(
            "registry.example.com/**/app:*",
            "registry.example.com/app:1",
        );
        yes(
            "registry.example.com/**/app:*",
            "registry.example.com/a/b/app:1",
        );
        yes("**/app:1", "a/b/app:1");
        yes("**", "anything/at/all:1");
        // `/path**` is `/path*`.
        yes("registry.example.com/app**", "registry.example.com/app:1");
        no(
            "registry.example.com/app**",
            "registry.example.com/app/sub:1",
        );
        no("registry.example.com/a**/b", "registry.example.com/a/x/b");
        // A trailing `/**` matches the directory itself.
        yes("registry.example.com/**", "registry.example.com");
    }

    #[test]
    fn classes_alternatives_and_escapes() {
        yes("node:2[0-2]", "node:21");
        no("node:2[0-2]", "node:23");
        yes("node:2[!0-2]", "node:23");
        yes("node:2[^0-2]", "node:23");
        yes("{ruby,python}:*", "python:3.12");
        no("{ruby,python}:*", "node:22");
        yes("a/{b,c/d}/e", "a/c/d/e");
        yes("app\\*", "app*");
        no("app\\*", "app1");
        yes("?uby", "ruby");
        no("a?b", "a/b");
        yes("é*", "école");
    }

    #[test]
    fn malformed_patterns_as_the_library_sees_them() {
        bad("ruby:[", "ruby:3");
        bad("ruby:[]", "ruby:3");
        bad("{ruby,python", "ruby");
        bad("ruby\\", "ruby");
        // Found before the broken part is reached: a match.
        yes("{a,[}", "a");
        // An error in an earlier alternative stops the later ones.
        bad("{[,a}", "a");
        assert_eq!(allows("ruby:[", "ruby:3"), Some(false));
        // Matched against nothing: `*` matches the empty name.
        yes("*", "");
        no("docker:*", "");
        // The empty pattern matches the empty name only.
        yes("", "");
        no("", "ruby");
    }

    #[test]
    fn exponential_patterns_give_up() {
        let pattern = "{a,a}".repeat(30) + "x";
        assert_eq!(allows(&pattern, &"a".repeat(30)), None);
        let deep = "{".repeat(5000) + &"}".repeat(5000);
        assert!(doublestar_match(&deep, "a").is_err());
        let stars = "*a".repeat(200);
        let _ = allows(&stars, &"a".repeat(1000));
    }

    #[test]
    fn validation() {
        assert!(validate_pattern(b"a/[bc]/{d,e}"));
        assert!(!validate_pattern(b"a/[bc"));
        assert!(!validate_pattern(b"a}"));
        assert!(!validate_pattern(b"[]"));
        assert!(!validate_pattern(b"a\\"));
    }
    /// Every vector the Go library answered (`pattern`, `name`, then
    /// `yes`, `no` or `bad`): curated image-like cases, random patterns
    /// over the metacharacters, and names built from them.
    #[test]
    fn agrees_with_the_go_library() {
        let vectors = include_str!("../tests/data/doublestar-vectors.tsv");
        let mut checked = 0;
        let mut wrong = Vec::new();
        for line in vectors.lines() {
            let mut fields = line.split('\t');
            let (Some(pattern), Some(name), Some(expected)) =
                (fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            let got = match doublestar_match(pattern, name) {
                Ok(true) => "yes",
                Ok(false) => "no",
                Err(GlobError::BadPattern) => "bad",
                Err(GlobError::TooComplex) => "too complex",
            };
            if got != expected {
                wrong.push(format!("{pattern:?} ~ {name:?}: Go {expected}, port {got}"));
            }
            checked += 1;
        }
        assert!(checked > 10_000, "{checked} vectors");
        assert!(
            wrong.is_empty(),
            "{} differ:\n{}",
            wrong.len(),
            wrong.join("\n")
        );
    }
    #[test]
    fn the_runners_verdicts() {
        let list = |p: &[&str]| p.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(verify_allowed_image(&[], "anything", &[]), Verdict::Allowed);
        let ruby = list(&["ruby:*"]);
        assert_eq!(
            verify_allowed_image(&ruby, "ruby:3.3", &[]),
            Verdict::Allowed
        );
        assert_eq!(
            verify_allowed_image(&ruby, "node:22", &[]),
            Verdict::NotAllowed
        );
        assert_eq!(
            verify_allowed_image(&ruby, "node:22", &["node:22"]),
            Verdict::Allowed
        );
        assert_eq!(
            verify_allowed_image(&ruby, "node:$V", &[]),
            Verdict::Undecided(Undecided::Variables)
        );
        assert_eq!(
            verify_allowed_image(&ruby, "node:22", &["node:$V"]),
            Verdict::Undecided(Undecided::ExemptVariables("node:$V".into()))
        );
        assert_eq!(
            not_allowed_message("node:22", "images", &ruby),
            "The \"node:22\" image is not present on list of allowed images: ruby:*"
        );
    }
}
