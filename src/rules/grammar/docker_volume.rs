//! The Docker executor's Linux volume parser
//! (`executors/docker/internal/volumes/parser/linux_parser.go`): which
//! `[runners.docker] volumes` entries it accepts, and the container path
//! it reads from each.
//!
//! The runner matches an entry against one regular expression:
//!
//! ```text
//! ^((?P<source>(DIR|NAME)):)?(?P<destination>DIR)
//!  (:(?P<mode>(?i)(ro|rw|O)))?((:|,)(?P<label>(?i)z))?
//!  ((:|,)(?P<bindPropagation>(?i)shared|slave|private|rshared|rslave|rprivate))?$
//! ```
//!
//! where `DIR` is `/` followed by names separated by single slashes and
//! `NAME` one name, a name being any characters but `\ / : * ? " < > |`
//! and line breaks. Go's regexp picks the leftmost-first match: a source
//! when there can be one, and the longest destination after it.

/// A `volumes` entry as the runner splits it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LinuxVolume {
    /// The host path or volume name before the first `:`, if any.
    pub(crate) source: Option<String>,
    /// The path inside the container.
    pub(crate) destination: String,
}

/// Whether a character may appear in a path segment or volume name.
fn is_name_char(c: char) -> bool {
    !matches!(
        c,
        '\\' | '/' | ':' | '*' | '?' | '"' | '<' | '>' | '|' | '\r' | '\n'
    )
}

/// The end of the longest `DIR` starting at `start`, if one starts there.
/// Every shorter prefix longer than the leading `/` is a `DIR` too.
fn dir_end(s: &[char], start: usize) -> Option<usize> {
    if s.get(start) != Some(&'/') {
        return None;
    }
    let mut i = start + 1;
    while i < s.len() {
        let c = s[i];
        if c == '/' {
            // A slash must follow a name: no `//`.
            if s[i - 1] == '/' {
                break;
            }
        } else if !is_name_char(c) {
            break;
        }
        i += 1;
    }
    Some(i)
}

/// Go's `(?i)` comparison for the option words: ASCII case folding, plus
/// `ſ` (U+017F), which folds to `s`.
fn word_at(s: &[char], at: usize, word: &str) -> bool {
    let n = word.chars().count();
    at + n <= s.len()
        && s[at..at + n]
            .iter()
            .zip(word.chars())
            .all(|(&c, w)| c.to_ascii_lowercase() == w || (w == 's' && c == '\u{17F}'))
}

/// Whether the options after the destination, from `at`, match to the end.
fn options_match(s: &[char], at: usize) -> bool {
    let mut after_mode = vec![at];
    if s.get(at) == Some(&':') {
        for word in ["ro", "rw", "o"] {
            if word_at(s, at + 1, word) {
                after_mode.push(at + 1 + word.len());
            }
        }
    }
    let mut after_label = after_mode.clone();
    for &p in &after_mode {
        if matches!(s.get(p), Some(':' | ',')) && word_at(s, p + 1, "z") {
            after_label.push(p + 2);
        }
    }
    let mut ends = after_label.clone();
    for &p in &after_label {
        if matches!(s.get(p), Some(':' | ',')) {
            for word in [
                "shared", "slave", "private", "rshared", "rslave", "rprivate",
            ] {
                if word_at(s, p + 1, word) {
                    ends.push(p + 1 + word.chars().count());
                }
            }
        }
    }
    ends.contains(&s.len())
}

/// The destination starting at `start`: the longest `DIR` after which the
/// options match.
fn destination(s: &[char], start: usize) -> Option<usize> {
    let max = dir_end(s, start)?;
    (start + 1..=max).rev().find(|&end| options_match(s, end))
}

/// The runner's Linux parser: `None` when it reports `invalid volume
/// specification`.
pub(crate) fn parse_linux_volume(spec: &str) -> Option<LinuxVolume> {
    let s: Vec<char> = spec.chars().collect();
    let collect = |range: std::ops::Range<usize>| s[range].iter().collect::<String>();
    // With a source: it ends at the first `:` (names cannot hold one).
    if let Some(colon) = s.iter().position(|&c| c == ':') {
        let source_ok = colon > 0
            && (dir_end(&s, 0) == Some(colon) || (s[..colon].iter().all(|&c| is_name_char(c))));
        if source_ok && let Some(end) = destination(&s, colon + 1) {
            return Some(LinuxVolume {
                source: Some(collect(0..colon)),
                destination: collect(colon + 1..end),
            });
        }
    }
    let end = destination(&s, 0)?;
    Some(LinuxVolume {
        source: None,
        destination: collect(0..end),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn parsed(spec: &str, source: Option<&str>, destination: &str) {
        assert_eq!(
            parse_linux_volume(spec),
            Some(LinuxVolume {
                source: source.map(str::to_owned),
                destination: destination.to_owned(),
            }),
            "{spec:?}"
        );
    }

    #[test]
    fn accepted_forms() {
        parsed("/cache", None, "/cache");
        parsed("/", None, "/");
        parsed("/cache/", None, "/cache/");
        parsed(
            "/var/run/docker.sock:/var/run/docker.sock",
            Some("/var/run/docker.sock"),
            "/var/run/docker.sock",
        );
        parsed("/srv:/data:ro", Some("/srv"), "/data");
        parsed("/srv:/data:RW", Some("/srv"), "/data");
        parsed("/srv:/data:O", Some("/srv"), "/data");
        parsed("cache-vol:/cache", Some("cache-vol"), "/cache");
        parsed("/srv:/data:z", Some("/srv"), "/data");
        parsed("/srv:/data:ro,Z", Some("/srv"), "/data");
        parsed("/srv:/data:ro:z:rshared", Some("/srv"), "/data");
        parsed("/srv:/data:ro,z,rprivate", Some("/srv"), "/data");
        parsed("/srv:/data:shared", Some("/srv"), "/data");
        parsed("/data,z", None, "/data,z");
        parsed("/a b/c", None, "/a b/c");
        parsed("/certs/client", None, "/certs/client");
        parsed("/srv:/data:ſhared", Some("/srv"), "/data");
        parsed("$HOME:/x", Some("$HOME"), "/x");
        parsed(
            "/srv:/$CI_PROJECT_DIR/x",
            Some("/srv"),
            "/$CI_PROJECT_DIR/x",
        );
    }

    #[test]
    fn refused_forms() {
        for spec in [
            "",
            "cache",
            "./cache:/cache",
            "/srv:data",
            "/srv:/data:rx",
            "/srv:/data:ro:rw",
            "/a:/b:/c",
            "//cache",
            "/cache//x",
            "C:\\cache:C:\\cache",
            "/data:",
            ":/data",
            "/srv:/data:z:ro",
            "/srv:/data:shared,z",
            "/data*",
            "~/x:/x",
            "$HOME/x:/x",
        ] {
            assert_eq!(parse_linux_volume(spec), None, "{spec:?}");
        }
    }
}
