//! Pull error message → failure reason, as GitLab Runner's
//! `ClassifyImagePullFailure` (`common/classify_image_pull_failure.go`,
//! semantics §8.4) decides it.
//!
//! The reason matters twice: it is what the job reports as its failure
//! reason, and on Docker only [`FailureClass::ExternalDependency`] is retried
//! within a policy attempt (§8.3).

use std::fmt;

/// What kind of problem a failed image pull points to.
///
/// ```
/// use runner_config::policy::{classify, FailureClass};
///
/// let class = classify("dial tcp: lookup registry.example: no such host");
/// assert_eq!(class, FailureClass::ExternalDependency);
/// assert!(class.is_transient());
/// assert_eq!(class.as_str(), "runner_external_dependency_failure");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FailureClass {
    /// `runner_external_dependency_failure`: the network or the registry
    /// failed (DNS, TCP, TLS, timeouts). The only class Docker retries.
    ExternalDependency,
    /// `runner_configuration_error`: the image does not exist or the job may
    /// not pull it (missing tag, missing or wrong credentials).
    Configuration,
    /// `image_pull_failure`: anything else.
    ImagePull,
}

impl FailureClass {
    /// The runner's failure-reason name.
    pub const fn as_str(self) -> &'static str {
        FailureReason::from_class(self).as_str()
    }

    /// Whether Docker retries a pull that failed this way (§8.3).
    pub const fn is_transient(self) -> bool {
        matches!(self, Self::ExternalDependency)
    }
}

impl fmt::Display for FailureClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The failure reason a job reports when getting its images fails
/// (`common/network.go`, semantics §13).
///
/// ```
/// use runner_config::policy::{FailureClass, FailureReason};
///
/// assert_eq!(FailureReason::from(FailureClass::Configuration).as_str(),
///            "runner_configuration_error");
/// assert_eq!(FailureReason::JobCanceled.to_string(), "job_canceled");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FailureReason {
    /// `runner_configuration_error`.
    ConfigurationError,
    /// `runner_external_dependency_failure`.
    ExternalDependencyFailure,
    /// `image_pull_failure`.
    ImagePullFailure,
    /// `job_canceled`: the job was canceled while an image was pulled.
    JobCanceled,
    /// `job_execution_timeout`: the job ran out of time while an image was
    /// pulled.
    JobExecutionTimeout,
}

impl FailureReason {
    /// The runner's name for this reason.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::ConfigurationError => "runner_configuration_error",
            Self::ExternalDependencyFailure => "runner_external_dependency_failure",
            Self::ImagePullFailure => "image_pull_failure",
            Self::JobCanceled => "job_canceled",
            Self::JobExecutionTimeout => "job_execution_timeout",
        }
    }

    pub(crate) const fn from_class(class: FailureClass) -> Self {
        match class {
            FailureClass::ExternalDependency => Self::ExternalDependencyFailure,
            FailureClass::Configuration => Self::ConfigurationError,
            FailureClass::ImagePull => Self::ImagePullFailure,
        }
    }
}

impl From<FailureClass> for FailureReason {
    fn from(class: FailureClass) -> Self {
        Self::from_class(class)
    }
}

impl fmt::Display for FailureReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Network-level failures. A bare `context deadline exceeded` is
/// deliberately absent: the runner does not treat it as transient (§8.4).
const TRANSIENT: [&str; 8] = [
    "dial tcp",
    "connection refused",
    "no such host",
    "i/o timeout",
    "tls handshake",
    "client.timeout exceeded",
    "request canceled",
    "connection reset",
];

/// The image or tag does not exist.
const MISSING: [&str; 2] = ["not found", "manifest unknown"];

/// The job may not pull the image.
const DENIED: [&str; 6] = [
    "pull access denied",
    "access to the resource is denied",
    "no basic auth credentials",
    "repository does not exist or may require",
    "unauthorized",
    "authentication required",
];

/// Classifies a pull error message the way the runner does: the message is
/// lowercased and searched for known substrings, network failures first,
/// then a missing image, then denied access; the first match wins.
///
/// Pure and allocation-free: the search folds case as it goes instead of
/// lowercasing a copy.
///
/// ```
/// use runner_config::policy::{classify, FailureClass};
///
/// assert_eq!(classify("manifest unknown: manifest unknown"), FailureClass::Configuration);
/// // Matching ignores case, and the network group is checked first.
/// assert_eq!(classify("TLS Handshake Timeout (unauthorized)"), FailureClass::ExternalDependency);
/// // A bare deadline is not considered transient.
/// assert_eq!(classify("context deadline exceeded"), FailureClass::ImagePull);
/// ```
pub fn classify(message: &str) -> FailureClass {
    let found = |needles: &[&str]| {
        needles
            .iter()
            .any(|needle| contains_folded(message, needle))
    };
    if found(&TRANSIENT) {
        FailureClass::ExternalDependency
    } else if found(&MISSING) || found(&DENIED) {
        FailureClass::Configuration
    } else {
        FailureClass::ImagePull
    }
}

/// Go's `strings.ToLower` maps each rune with `unicode.ToLower`. Every
/// needle is ASCII, so only runes that lowercase *to* ASCII can matter:
/// the ASCII letters, and two others that Go's tables send into ASCII.
fn fold(c: char) -> char {
    match c {
        // KELVIN SIGN lowercases to `k`.
        '\u{212A}' => 'k',
        // LATIN CAPITAL LETTER I WITH DOT ABOVE lowercases to `i` in Go
        // (its one-rune mapping; the full Unicode mapping has two code points).
        '\u{0130}' => 'i',
        c => c.to_ascii_lowercase(),
    }
}

/// Whether `haystack`, lowercased as Go does, contains `needle` (ASCII,
/// already lowercase).
fn contains_folded(haystack: &str, needle: &str) -> bool {
    let mut rest = haystack.chars();
    loop {
        if starts_with_folded(rest.clone(), needle) {
            return true;
        }
        if rest.next().is_none() {
            return false;
        }
    }
}

fn starts_with_folded(mut haystack: std::str::Chars<'_>, needle: &str) -> bool {
    needle
        .chars()
        .all(|expected| haystack.next().is_some_and(|c| fold(c) == expected))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn assert_class(message: &str, expected: FailureClass) {
        assert_eq!(classify(message), expected, "{message:?}");
    }

    #[test]
    fn groups_in_order() {
        use FailureClass::*;
        assert_class("read: connection reset by peer", ExternalDependency);
        assert_class(
            "context deadline exceeded (Client.Timeout exceeded while awaiting headers)",
            ExternalDependency,
        );
        assert_class(
            "net/http: request canceled while waiting for connection",
            ExternalDependency,
        );
        assert_class("Error: image foo/bar:1 not found", Configuration);
        assert_class("requested access to the resource is denied", Configuration);
        assert_class("401 Unauthorized", Configuration);
        assert_class("no such host (unauthorized)", ExternalDependency);
        assert_class("not found: unauthorized", Configuration);
        assert_class("this is a test", ImagePull);
        assert_class("", ImagePull);
        assert_class("context deadline exceeded", ImagePull);
    }

    #[test]
    fn case_folding_matches_go() {
        assert_class("I/O TIMEOUT", FailureClass::ExternalDependency);
        // Go lowercases the Kelvin sign and dotted capital I to ASCII.
        assert_class("TLS HANDSHA\u{212A}E", FailureClass::ExternalDependency);
        assert_class("\u{0130}/o timeout", FailureClass::ExternalDependency);
        // Other non-ASCII letters never match an ASCII needle.
        assert_class("d\u{0131}al tcp", FailureClass::ImagePull);
    }

    #[test]
    fn substring_search() {
        assert!(contains_folded("abc", ""));
        assert!(contains_folded("xxNOT FOUND", "not found"));
        assert!(!contains_folded("not foun", "not found"));
        assert!(contains_folded("nnot found", "not found"));
        assert!(!contains_folded("", "a"));
    }

    #[test]
    fn names() {
        assert_eq!(FailureClass::ImagePull.as_str(), "image_pull_failure");
        assert_eq!(
            FailureClass::Configuration.to_string(),
            "runner_configuration_error"
        );
        assert_eq!(
            FailureReason::JobExecutionTimeout.as_str(),
            "job_execution_timeout"
        );
        assert!(!FailureClass::Configuration.is_transient());
    }
}
