//! Kubernetes name rules (k8s.io/apimachinery v0.36.3
//! `validation.IsDNS1123Subdomain`), as the runner applies them itself.

/// Whether `s` is a DNS-1123 subdomain: at most 253 characters, dot-separated
/// labels of lower-case letters, digits and `-`, each starting and ending
/// with a letter or digit.
pub(crate) fn is_dns1123_subdomain(s: &str) -> bool {
    s.len() <= 253
        && s.split('.').all(|label| {
            let b = label.as_bytes();
            let alnum = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
            !b.is_empty()
                && b.first().is_some_and(alnum)
                && b.last().is_some_and(alnum)
                && b.iter().all(|c| alnum(c) || *c == b'-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subdomains() {
        for s in ["db", "my-db", "db.svc", "a1", "0", "a-b.c-d"] {
            assert!(is_dns1123_subdomain(s), "{s}");
        }
        for s in [
            "", "DB", "my_db", "-db", "db-", "db.", ".db", "a..b", "db svc",
        ] {
            assert!(!is_dns1123_subdomain(s), "{s}");
        }
        assert!(!is_dns1123_subdomain(&"a".repeat(254)));
    }
}
