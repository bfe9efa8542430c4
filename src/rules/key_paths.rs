//! Key paths for findings inside maps, and Go's `path.Clean`, shared by the
//! settings rules.

use crate::policy::gofmt::Quoted;

/// The key path of entry `key` of the map at `base`, quoted as the loader
/// writes it when the key is not a bare TOML key
/// (`runners[0].kubernetes.node_selector."kubernetes.io/os"`).
pub(crate) fn map_entry(base: &str, key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if bare {
        format!("{base}.{key}")
    } else {
        format!("{base}.{}", Quoted(key))
    }
}

/// Go's `path.Clean` for a slash-separated path.
pub(crate) fn go_clean(path: &str) -> String {
    if path.is_empty() {
        return ".".to_owned();
    }
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_owned(),
        (false, false) => joined,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_like_go() {
        for (input, want) in [
            ("/cache/", "/cache"),
            ("/a//b/./c/..", "/a/b"),
            ("/..", "/"),
            ("/.", "/"),
            ("/", "/"),
            ("a/../..", ".."),
            ("", "."),
        ] {
            assert_eq!(go_clean(input), want, "{input:?}");
        }
    }

    #[test]
    fn map_keys_are_quoted_unless_bare() {
        assert_eq!(map_entry("a.b", "nofile"), "a.b.nofile");
        assert_eq!(
            map_entry("a.b", "kubernetes.io/os"),
            "a.b.\"kubernetes.io/os\""
        );
    }
}
