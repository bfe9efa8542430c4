//! Which time zone names Go's `time.LoadLocation` accepts, as GitLab
//! Runner calls it for `Timezone` and `timezone` (`helpers/timeperiod`).
//!
//! `LoadLocation` takes `""` and `UTC` as UTC, `Local` as the machine's
//! zone, refuses names containing `..` or starting with `/` or `\`
//! (`time: invalid location name`), and otherwise reads the named file of
//! the machine's tz database (`/usr/share/zoneinfo/Europe/Berlin`, or the
//! `ZONEINFO` variable, or `$GOROOT/lib/time/zoneinfo.zip`). The runner
//! binary does not embed Go's `time/tzdata`, so the answer depends on the
//! machine; we accept every name of the IANA database (`tz_names.txt`),
//! also under the `posix/` and `right/` directories many distributions
//! ship. File names are case-sensitive on Linux, so `europe/berlin` is
//! refused there. The runner (GitLab Runner's `TimePeriodsWithTimer`)
//! turns an empty name into `Local` before loading it.

use std::fmt;
use std::sync::OnceLock;

/// Why a name is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TimezoneError {
    /// `..`, or a leading `/` or `\`: refused before any lookup.
    InvalidName,
    /// A directory of the database (`Europe`), not a zone.
    Directory,
    /// No such zone; with the closest name, when one is close.
    Unknown {
        name: String,
        suggestion: Option<&'static str>,
        /// Whether no file of that name exists, so the runner says
        /// `unknown time zone …` (a trailing `/` or a data file such as
        /// `zone.tab` gives another error).
        absent: bool,
    },
}

impl TimezoneError {
    /// The correctly spelt name, when the name differs only in case or is
    /// close to one.
    pub(crate) fn suggestion(&self) -> Option<&'static str> {
        match self {
            Self::Unknown { suggestion, .. } => *suggestion,
            _ => None,
        }
    }

    /// The runner's own error text, where it does not depend on the
    /// machine.
    pub(crate) fn runner_message(&self) -> Option<String> {
        match self {
            Self::InvalidName => Some("time: invalid location name".to_owned()),
            Self::Unknown {
                name, absent: true, ..
            } => Some(format!("unknown time zone {name}")),
            Self::Unknown { .. } | Self::Directory => None,
        }
    }
}

impl fmt::Display for TimezoneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidName => {
                f.write_str("time zone names never contain `..` nor start with `/` or `\\`")
            }
            Self::Directory => {
                f.write_str("this is a directory of the time zone database, not a time zone")
            }
            Self::Unknown { .. } => f.write_str("no time zone database has this name"),
        }
    }
}

/// The zone names, sorted, from the generated list.
fn names() -> &'static [&'static str] {
    static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| {
        include_str!("tz_names.txt")
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// Checks a `Timezone` value as `time.LoadLocation` does, after the
/// runner's `"" → "Local"`.
pub(crate) fn check(name: &str) -> Result<(), TimezoneError> {
    if name.is_empty() || name == "UTC" || name == "Local" {
        return Ok(());
    }
    if name.contains("..") || name.starts_with(['/', '\\']) {
        return Err(TimezoneError::InvalidName);
    }
    // The name becomes a path below the database's directory, so the
    // file system resolves `./` and `//`; a trailing `/` needs a directory.
    let mut parts: Vec<&str> = name
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    if name.ends_with('/') {
        return Err(unknown(name));
    }
    if matches!(parts.first(), Some(&("posix" | "right"))) && parts.len() > 1 {
        parts.remove(0);
    }
    let path = parts.join("/");
    let names = names();
    if names.binary_search(&path.as_str()).is_ok() {
        return Ok(());
    }
    let directory = format!("{path}/");
    if !path.is_empty() && names.iter().any(|n| n.starts_with(&directory)) {
        return Err(TimezoneError::Directory);
    }
    Err(unknown(name))
}

/// Files of the database directory that are not zones.
const DATA_FILES: [&str; 8] = [
    "SECURITY",
    "iso3166.tab",
    "leap-seconds.list",
    "leapseconds",
    "tzdata.zi",
    "zone.tab",
    "zone1970.tab",
    "zonenow.tab",
];

fn unknown(name: &str) -> TimezoneError {
    let suggestion = names()
        .iter()
        .copied()
        .find(|n| n.eq_ignore_ascii_case(name))
        .or_else(|| crate::suggest::did_you_mean(name, names().iter().copied()))
        .or_else(|| {
            ["UTC", "Local"]
                .into_iter()
                .find(|n| n.eq_ignore_ascii_case(name))
        });
    TimezoneError::Unknown {
        name: name.to_owned(),
        suggestion,
        absent: !name.ends_with('/') && !DATA_FILES.contains(&name.trim_start_matches("./")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_and_complete_enough() {
        let names = names();
        assert!(names.windows(2).all(|w| w[0] < w[1]));
        assert!(names.len() > 500, "{}", names.len());
        for name in [
            "Europe/Berlin",
            "America/New_York",
            "Etc/GMT+5",
            "EST5EDT",
            "Factory",
        ] {
            assert!(names.contains(&name), "{name}");
        }
    }

    /// Results measured with Go's `time.LoadLocation` on Debian's tzdata.
    #[test]
    fn matches_load_location() {
        for good in [
            "",
            "UTC",
            "Local",
            "Europe/Berlin",
            "posix/Europe/Berlin",
            "right/Europe/Berlin",
            "./Europe/Berlin",
            "Europe//Berlin",
            "Europe/./Berlin",
            "Etc/GMT+5",
            "EST5EDT",
            "Factory",
            "posixrules",
            "US/Eastern",
        ] {
            assert_eq!(check(good), Ok(()), "{good:?}");
        }
        for (bad, error) in [
            ("../x", TimezoneError::InvalidName),
            ("Europe/../UTC", TimezoneError::InvalidName),
            ("/etc/localtime", TimezoneError::InvalidName),
            ("\\UTC", TimezoneError::InvalidName),
            ("Europe", TimezoneError::Directory),
        ] {
            assert_eq!(check(bad), Err(error), "{bad:?}");
        }
        for (bad, suggestion) in [
            ("europe/berlin", Some("Europe/Berlin")),
            ("utc", Some("UTC")),
            ("local", Some("Local")),
            (" Europe/Berlin", Some("Europe/Berlin")),
            ("Europe/Berlin.", Some("Europe/Berlin")),
            ("Mars/Olympus_Mons", None),
        ] {
            let error = check(bad).unwrap_err();
            assert_eq!(error.suggestion(), suggestion, "{bad:?}");
            assert_eq!(
                error.runner_message(),
                Some(format!("unknown time zone {bad}"))
            );
        }
        // Go's errors here come from the file system: "not a directory",
        // "malformed time zone information".
        for bad in ["Europe/Berlin/", "zone.tab"] {
            assert_eq!(check(bad).unwrap_err().runner_message(), None, "{bad:?}");
        }
    }
}
