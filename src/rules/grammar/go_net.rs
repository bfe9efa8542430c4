//! Go's `net` parsers the runner applies to addresses in `config.toml`:
//! `net.SplitHostPort`, the port check of `net.Listen`, `net.ParseMAC` and
//! `netip.ParseAddr`.

use std::net::IpAddr;

/// `net.SplitHostPort`: the host and port of `host:port`, `[v6]:port`.
///
/// The error is Go's `AddrError` text (`address …: missing port in
/// address`).
pub(crate) fn split_host_port(hostport: &str) -> Result<(&str, &str), String> {
    let fail = |why: &str| Err(format!("address {hostport}: {why}"));
    let Some(i) = hostport.rfind(':') else {
        return fail("missing port in address");
    };
    let (host, j, k);
    if hostport.starts_with('[') {
        let Some(end) = hostport.find(']') else {
            return fail("missing ']' in address");
        };
        if end + 1 == hostport.len() {
            return fail("missing port in address");
        }
        if end + 1 != i {
            return if hostport.as_bytes()[end + 1] == b':' {
                fail("too many colons in address")
            } else {
                fail("missing port in address")
            };
        }
        host = &hostport[1..end];
        (j, k) = (1, end + 1);
    } else {
        host = &hostport[..i];
        if host.contains(':') {
            return fail("too many colons in address");
        }
        (j, k) = (0, 0);
    }
    if hostport[j..].contains('[') {
        return fail("unexpected '[' in address");
    }
    if hostport[k..].contains(']') {
        return fail("unexpected ']' in address");
    }
    Ok((host, &hostport[i + 1..]))
}

/// What `net.Listen` makes of a port string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Port {
    /// A number from 0 to 65535 (`""` is 0: any free port).
    Valid,
    /// A number out of range: `invalid port`.
    OutOfRange,
    /// Not a number: looked up as a service name (`/etc/services`), which
    /// depends on the host.
    ServiceName,
}

/// Go's `parsePort` followed by the range check of `LookupPort`.
pub(crate) fn classify_port(port: &str) -> Port {
    let digits = port.strip_prefix(['+', '-']).unwrap_or(port);
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Port::ServiceName;
    }
    if port.is_empty() {
        return Port::Valid;
    }
    let negative = port.starts_with('-');
    let value = digits.trim_start_matches('0').parse::<u64>().unwrap_or(
        if digits.trim_start_matches('0').is_empty() {
            0
        } else {
            u64::MAX
        },
    );
    if value > 65535 || (negative && value > 0) {
        Port::OutOfRange
    } else {
        Port::Valid
    }
}

/// Whether Go's `net.ParseMAC` accepts `s`: 6, 8 or 20 octets as pairs of
/// hex digits separated by one kind of `:` or `-`, or groups of four hex
/// digits separated by `.`.
pub(crate) fn parse_mac(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 14 {
        return false;
    }
    let hex2 = |at: usize| b[at].is_ascii_hexdigit() && b[at + 1].is_ascii_hexdigit();
    if b[2] == b':' || b[2] == b'-' {
        let n = (b.len() + 1) / 3;
        if !(b.len() + 1).is_multiple_of(3) {
            return false;
        }
        if !matches!(n, 6 | 8 | 20) {
            return false;
        }
        (0..n).all(|i| {
            let x = i * 3;
            hex2(x) && (x + 2 >= b.len() || b[x + 2] == b[2])
        })
    } else if b[4] == b'.' {
        let n = 2 * (b.len() + 1) / 5;
        if !(b.len() + 1).is_multiple_of(5) {
            return false;
        }
        if !matches!(n, 6 | 8 | 20) {
            return false;
        }
        (0..n / 2).all(|i| {
            let x = i * 5;
            hex2(x) && hex2(x + 2) && (x + 4 >= b.len() || b[x + 4] == b[4])
        })
    } else {
        false
    }
}

/// Whether `netip.ParseAddr` accepts `s`, as far as can be told without
/// reimplementing it: an IPv4 or IPv6 address Rust's parser accepts is
/// accepted by Go too; an IPv6 address with a `%zone` is not judged.
///
/// `None` means "not judged".
pub(crate) fn parse_ip(s: &str) -> Option<bool> {
    if s.contains('%') {
        return None;
    }
    Some(s.parse::<IpAddr>().is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_host_port_like_go() {
        assert_eq!(split_host_port("localhost:9252"), Ok(("localhost", "9252")));
        assert_eq!(split_host_port(":8093"), Ok(("", "8093")));
        assert_eq!(split_host_port("[::1]:80"), Ok(("::1", "80")));
        assert_eq!(split_host_port("host:"), Ok(("host", "")));
        let err = |s: &str| split_host_port(s).unwrap_err();
        assert_eq!(
            err("localhost"),
            "address localhost: missing port in address"
        );
        assert_eq!(err("::1"), "address ::1: too many colons in address");
        assert_eq!(err("[::1]"), "address [::1]: missing port in address");
        assert_eq!(
            err("[::1]x:80"),
            "address [::1]x:80: missing port in address"
        );
        assert_eq!(
            err("[::1]:80:90"),
            "address [::1]:80:90: too many colons in address"
        );
        assert_eq!(err("[::1:80"), "address [::1:80: missing ']' in address");
        assert_eq!(err("a[b:80"), "address a[b:80: unexpected '[' in address");
        assert_eq!(err("a]b:80"), "address a]b:80: unexpected ']' in address");
    }

    #[test]
    fn ports() {
        for p in ["", "0", "80", "+80", "65535", "-0", "0000080", "+", "-"] {
            assert_eq!(classify_port(p), Port::Valid, "{p:?}");
        }
        for p in ["65536", "-1", "99999999999999999999999"] {
            assert_eq!(classify_port(p), Port::OutOfRange, "{p:?}");
        }
        for p in ["http", "80a", "8 0", "٨٠"] {
            assert_eq!(classify_port(p), Port::ServiceName, "{p:?}");
        }
    }

    #[test]
    fn macs() {
        for s in [
            "00:00:5e:00:53:01",
            "02-42-AC-11-00-02",
            "0000.5e00.5301",
            "00:00:00:00:fe:80:00:00",
            "00:00:00:00:fe:80:00:00:00:00:00:00:02:00:5e:10:00:00:00:01",
        ] {
            assert!(parse_mac(s), "{s}");
        }
        for s in [
            "",
            "00:00:5e:00:53",
            "00:00:5e:00:53:0g",
            "00:00:5e-00:53:01",
            "00:00:5e:00:53:01:",
            "0000.5e00.530",
            "00005e005301",
        ] {
            assert!(!parse_mac(s), "{s}");
        }
    }

    #[test]
    fn ips() {
        assert_eq!(parse_ip("8.8.8.8"), Some(true));
        assert_eq!(parse_ip("2001:4860:4860::8888"), Some(true));
        assert_eq!(parse_ip("fe80::1%eth0"), None);
        assert_eq!(parse_ip("dns.google"), Some(false));
        assert_eq!(parse_ip("8.8.8.8:53"), Some(false));
        assert_eq!(parse_ip(" 8.8.8.8"), Some(false));
    }
}
