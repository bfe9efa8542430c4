//! The GitLab Runner release a config is checked for.
//!
//! Fleets run several runner versions, and a config written from today's
//! documentation is often deployed to an older runner, which silently
//! ignores the keys and feature flags it does not know yet and refuses TOML
//! its decoder cannot read. The crate has one model, the newest runner's;
//! what differs between releases is data (`data.rs`, generated from the
//! runner's source at the last patch tag of every minor release from 15.0 to
//! 19.4, see `tests/versions_data.rs`):
//!
//! - the keys each release reads, with the release that added or removed
//!   each (and the patch releases that changed a few);
//! - the feature flags each release knows;
//! - the BurntSushi/toml release it bundles, which decides the TOML it
//!   reads (0.4 up to 15.8, 1.0 up to 18.8, 1.1 from 18.9);
//! - `allowed_pull_policies`, and with it a job's own `image: pull_policy`,
//!   from 15.1 on Docker and 15.2 on Kubernetes.
//!
//! ```
//! use runner_config::versions::RunnerVersion;
//!
//! let version: RunnerVersion = "v18.2".parse().unwrap();
//! assert_eq!(version.to_string(), "18.2.2"); // the last patch the data knows
//! assert_eq!(version.toml_decoder(), "v1.4.0");
//! assert!(!version.reads_key("labels")); // added in 18.5
//! assert!(RunnerVersion::newest().reads_key("labels"));
//! assert!("14.10".parse::<RunnerVersion>().is_err());
//! ```

use std::fmt;
use std::str::FromStr;

use crate::Diagnostic;
use crate::policy::PolicyExecutor;

pub(crate) mod codes;
#[rustfmt::skip]
mod data;
#[cfg(feature = "schema")]
pub mod schema;

pub use codes::rules;

/// One minor release, at the last patch the data read.
#[derive(Debug)]
struct Minor {
    major: u16,
    minor: u16,
    patch: u16,
    /// The runner's main branch rather than a tag.
    main: bool,
    /// The BurntSushi/toml module version it bundles.
    toml: &'static str,
}

/// A key that some covered release does not read.
#[derive(Debug)]
struct Key {
    /// `runners[].docker.allowed_pull_policies`: `[]` marks an array of
    /// tables.
    path: &'static str,
    since: u8,
    removed: Option<u8>,
    /// The TOML type the runner decodes it as (`string`, `array<string>`).
    toml_type: &'static str,
}

/// A feature flag some covered release knows.
#[derive(Debug)]
struct Flag {
    name: &'static str,
    since: u8,
    removed: Option<u8>,
    deprecated: Option<u8>,
}

/// A key or flag that arrived or went in a patch release.
#[derive(Debug)]
struct PatchChange {
    name: &'static str,
    minor: u8,
    patch: u16,
    added: bool,
}

/// A GitLab Runner release the data knows, to check a config for.
///
/// Parsed from `X.Y` or `X.Y.Z`, with an optional `v` and any `-suffix`
/// (`-rc1`) ignored; `X.Y` means the last patch of that minor release the
/// data knows. A release newer than the data is checked as the newest one
/// ([`RunnerVersion::newer_than_data`] keeps what was asked); one older
/// than 15.0 is refused.
///
/// ```
/// use runner_config::versions::RunnerVersion;
///
/// let v: RunnerVersion = "17.8.2-rc1".parse().unwrap();
/// assert_eq!(v.to_string(), "17.8.2");
/// // `clean_git_config` arrived in the patch release 17.8.4.
/// assert!(!v.reads_key("runners[].clean_git_config"));
/// assert!("17.8".parse::<RunnerVersion>().unwrap().reads_key("runners[].clean_git_config"));
///
/// let future: RunnerVersion = "25.1".parse().unwrap();
/// assert_eq!(future, RunnerVersion::newest().with_asked(future.newer_than_data()));
/// assert_eq!(future.newer_than_data().map(|r| r.to_string()).as_deref(), Some("25.1"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RunnerVersion {
    /// Index into `MINORS`.
    index: u8,
    patch: u16,
    /// The release asked for, when the data stops before it.
    asked: Option<Release>,
}

/// A release number as written: `15.1`, `16.3.1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Release {
    major: u16,
    minor: u16,
    patch: Option<u16>,
}

impl fmt::Display for Release {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)?;
        if let Some(patch) = self.patch {
            write!(f, ".{patch}")?;
        }
        Ok(())
    }
}

impl Release {
    fn minor(index: u8) -> Self {
        let m = minor(index);
        Self {
            major: m.major,
            minor: m.minor,
            patch: None,
        }
    }
}

fn minor(index: u8) -> &'static Minor {
    // Indices come from the data itself, or from a position in MINORS.
    &data::MINORS[usize::from(index).min(data::MINORS.len() - 1)]
}

/// Why a version was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionError {
    message: String,
}

impl fmt::Display for VersionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for VersionError {}

impl Default for RunnerVersion {
    fn default() -> Self {
        Self::newest()
    }
}

impl fmt::Display for RunnerVersion {
    /// `major.minor.patch` of the release the check is for.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = minor(self.index);
        write!(f, "{}.{}.{}", m.major, m.minor, self.patch)
    }
}

impl FromStr for RunnerVersion {
    type Err = VersionError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let malformed = || VersionError {
            message: format!(
                "`{text}` is not a GitLab Runner version: write X.Y or X.Y.Z, such as 18.2 \
                 or 18.2.1"
            ),
        };
        let trimmed = text.trim();
        let bare = trimmed
            .strip_prefix(['v', 'V'])
            .unwrap_or(trimmed)
            .split(['-', '+'])
            .next()
            .unwrap_or_default();
        let numbers: Vec<u16> = bare
            .split('.')
            .map(|part| {
                if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                part.parse().ok()
            })
            .collect::<Option<_>>()
            .ok_or_else(malformed)?;
        let (major, minor_number, patch) = match numbers[..] {
            [major, minor] => (major, minor, None),
            [major, minor, patch] => (major, minor, Some(patch)),
            _ => return Err(malformed()),
        };
        let asked = Release {
            major,
            minor: minor_number,
            patch,
        };
        let oldest = minor(0);
        let newest = Self::newest();
        if (major, minor_number) < (oldest.major, oldest.minor) {
            return Err(VersionError {
                message: format!(
                    "GitLab Runner {asked} is older than the releases runner-config knows: {}",
                    Self::range()
                ),
            });
        }
        let found = data::MINORS
            .iter()
            .position(|m| (m.major, m.minor) == (major, minor_number));
        match found {
            Some(index) => {
                let index = u8::try_from(index).map_err(|_| malformed())?;
                Ok(Self {
                    index,
                    patch: patch.unwrap_or(minor(index).patch),
                    asked: None,
                })
            }
            None if asked > Release::minor(newest.index) => Ok(Self {
                asked: Some(asked),
                ..newest
            }),
            None => {
                let last = data::MINORS
                    .iter()
                    .filter(|m| m.major == major)
                    .map(|m| m.minor)
                    .max();
                let message = match last {
                    Some(last) => format!(
                        "there is no GitLab Runner {major}.{minor_number}: {major}.x went up to \
                         {major}.{last}"
                    ),
                    None => format!("there is no GitLab Runner {major}.x"),
                };
                Err(VersionError { message })
            }
        }
    }
}

impl RunnerVersion {
    /// The newest release the data knows (the runner's main branch when the
    /// data was extracted): the default.
    pub fn newest() -> Self {
        let index = data::MINORS.len() - 1;
        Self {
            // The data has far fewer than 256 releases (a test checks it).
            index: u8::try_from(index).unwrap_or(u8::MAX),
            patch: minor(u8::try_from(index).unwrap_or(u8::MAX)).patch,
            asked: None,
        }
    }

    /// The oldest release the data knows.
    pub fn oldest() -> Self {
        Self {
            index: 0,
            patch: minor(0).patch,
            asked: None,
        }
    }

    /// The releases the data knows, for messages: `15.0 to 19.4`.
    pub fn range() -> String {
        format!(
            "{} to {}",
            Release::minor(0),
            Release::minor(Self::newest().index)
        )
    }

    /// Every minor release the data knows, oldest first, each at its last
    /// patch.
    pub fn all() -> impl Iterator<Item = RunnerVersion> {
        (0..data::MINORS.len()).filter_map(|i| {
            let index = u8::try_from(i).ok()?;
            Some(Self {
                index,
                patch: minor(index).patch,
                asked: None,
            })
        })
    }

    /// The release that was asked for, when it is newer than the data and
    /// the check is for [`RunnerVersion::newest`] instead.
    pub fn newer_than_data(&self) -> Option<Release> {
        self.asked
    }

    /// This version, remembering `asked` as the release asked for.
    pub fn with_asked(self, asked: Option<Release>) -> Self {
        Self { asked, ..self }
    }

    /// The minor release: `18.2`.
    pub fn minor_release(&self) -> Release {
        Release::minor(self.index)
    }

    /// The release as people name it: the minor release (`18.2`) when this
    /// is its last patch the data knows, else the patch release (`17.8.3`).
    pub fn release(&self) -> Release {
        let patch = (self.patch != minor(self.index).patch).then_some(self.patch);
        Release {
            patch,
            ..Release::minor(self.index)
        }
    }

    /// Whether this is the newest release the data knows.
    pub fn is_newest(&self) -> bool {
        usize::from(self.index) == data::MINORS.len() - 1
    }

    /// Whether the data describes the runner's main branch rather than a
    /// tagged release.
    pub fn is_main(&self) -> bool {
        minor(self.index).main
    }

    /// The BurntSushi/toml module version this release reads `config.toml`
    /// with: `v0.3.1`, `v1.4.0`, `v1.6.0`, …
    pub fn toml_decoder(&self) -> &'static str {
        minor(self.index).toml
    }

    /// Whether this release reads the key at `path`, written as in the
    /// runner's key inventory: `runners[].docker.allowed_pull_policies`
    /// (`[]` for an entry of an array of tables). A path the data does not
    /// list counts as read when the newest release reads it.
    pub fn reads_key(&self, path: &str) -> bool {
        matches!(self.key(path), None | Some(KeyAt::Read(_)))
    }

    /// Whether this release knows the feature flag `name`. A name no
    /// release knows is known to none.
    pub fn knows_feature_flag(&self, name: &str) -> bool {
        matches!(self.flag(name), Some(At::Read))
    }

    /// Whether a job's own `image: pull_policy` counts on this executor.
    /// Before `allowed_pull_policies` arrived (15.1 on Docker, 15.2 on
    /// Kubernetes) the runner pulls every image with its own `pull_policy`
    /// and ignores the job's: a pipeline check at such a version reports
    /// no `pull-policy-not-allowed` errors, and says once that job policies
    /// are ignored.
    pub fn reads_job_pull_policy(&self, executor: PolicyExecutor) -> bool {
        self.reads_key(allowed_pull_policies_path(executor))
    }

    /// The first release whose runner reads a job's `image: pull_policy` on
    /// this executor.
    pub fn job_pull_policy_since(executor: PolicyExecutor) -> Option<Release> {
        let path = allowed_pull_policies_path(executor);
        let key = find_key(path)?;
        Some(Release::minor(key.since))
    }

    /// The first release with BurntSushi/toml v1.6.0, which reads TOML 1.1
    /// and refuses a key set twice even when it holds an array.
    pub(crate) fn first_with_toml(module: &str) -> Option<Release> {
        data::MINORS
            .iter()
            .position(|m| m.toml == module)
            .and_then(|i| u8::try_from(i).ok())
            .map(Release::minor)
    }

    /// What this release does with the key at `path` (inventory notation),
    /// or `None` when every covered release reads it as the newest does (or
    /// none does).
    pub(crate) fn key(&self, path: &str) -> Option<KeyAt> {
        let key = find_key(path)?;
        let at = self.at(key.path, key.since, key.removed);
        Some(match at {
            At::Read => KeyAt::Read(key.toml_type),
            At::NotYet(since) => KeyAt::NotYet(since),
            At::Removed(release) => KeyAt::Removed(release),
        })
    }

    /// The same, for a key written in another case than the inventory's:
    /// the runner falls back to a case-insensitive match (except in the NFS
    /// volume table). For keys the newest model no longer has.
    pub(crate) fn key_folded(&self, path: &str) -> Option<(&'static str, KeyAt)> {
        let key = data::KEYS
            .iter()
            .find(|k| k.path.eq_ignore_ascii_case(path) && !k.path.contains(".nfs[]."))?;
        let at = self.key(key.path)?;
        Some((key.path, at))
    }

    /// [`key`](Self::key) for a path written without array markers
    /// (`runners.docker.services.alias`), as the loader names the tables a
    /// misplaced key belongs in.
    pub(crate) fn key_unindexed(&self, dotted: &str) -> Option<KeyAt> {
        let key = data::KEYS.iter().find(|k| {
            k.path
                .chars()
                .filter(|c| !matches!(c, '[' | ']'))
                .eq(dotted.chars())
        })?;
        self.key(key.path)
    }

    /// Whether this release is `major.minor` or a later one: for what the
    /// runner started to do in a release (a start-up warning it prints).
    pub(crate) fn at_least(&self, major: u16, minor_release: u16) -> bool {
        let m = minor(self.index);
        (m.major, m.minor) >= (major, minor_release)
    }

    /// What this release does with the feature flag `name`.
    pub(crate) fn flag(&self, name: &str) -> Option<At> {
        let flag = data::FLAGS.iter().find(|f| f.name == name)?;
        Some(self.at(flag.name, flag.since, flag.removed))
    }

    /// Whether this release marks the feature flag deprecated.
    pub(crate) fn flag_is_deprecated(&self, name: &str) -> bool {
        data::FLAGS
            .iter()
            .find(|f| f.name == name)
            .and_then(|f| f.deprecated)
            .is_some_and(|d| d <= self.index)
    }

    /// Read, not yet, or no longer, from the minor release's facts and any
    /// patch release that changed them.
    fn at(&self, name: &str, since: u8, removed: Option<u8>) -> At {
        let read = since <= self.index && removed.is_none_or(|r| self.index < r);
        let patch = data::PATCHES
            .iter()
            .find(|p| p.name == name && p.minor == self.index && self.patch < p.patch);
        match (read, patch) {
            (true, Some(change)) if change.added => At::NotYet(Release {
                patch: Some(change.patch),
                ..Release::minor(self.index)
            }),
            (false, Some(change)) if !change.added => At::Read,
            (true, _) => At::Read,
            (false, _) if since > self.index => At::NotYet(Release::minor(since)),
            (false, _) => At::Removed(Release::minor(removed.unwrap_or(self.index))),
        }
    }
}

fn allowed_pull_policies_path(executor: PolicyExecutor) -> &'static str {
    match executor {
        PolicyExecutor::Docker => "runners[].docker.allowed_pull_policies",
        PolicyExecutor::Kubernetes => "runners[].kubernetes.allowed_pull_policies",
    }
}

fn find_key(path: &str) -> Option<&'static Key> {
    data::KEYS
        .binary_search_by(|k| k.path.cmp(path))
        .ok()
        .and_then(|i| data::KEYS.get(i))
}

/// What a release does with a key or flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum At {
    Read,
    /// Not read yet: it arrived in this release.
    NotYet(Release),
    /// No longer read: it went in this release.
    Removed(Release),
}

/// What a release does with a key, with its TOML type when it reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyAt {
    Read(&'static str),
    NotYet(Release),
    Removed(Release),
}

/// A finding's key path (`runners[0].docker.services[1].alias`) in the
/// inventory's notation, cut after each part: `runners`,
/// `runners[].docker`, `runners[].docker.services`,
/// `runners[].docker.services[].alias`.
pub(crate) fn key_prefixes(path: &str) -> impl Iterator<Item = String> + '_ {
    let mut prefix = String::with_capacity(path.len());
    path.split('.').map(move |part| {
        if !prefix.is_empty() {
            // The previous part's `[]`, if it had positions.
            prefix.push('.');
        }
        let (name, indexed) = match part.find('[') {
            Some(at) => (&part[..at], true),
            None => (part, false),
        };
        prefix.push_str(name);
        let here = prefix.clone();
        if indexed {
            prefix.push_str("[]");
        }
        here
    })
}

/// Whether this release reads every key along a finding's key path: a
/// finding about a key the runner does not read yet (advice to set it, a
/// rule about its value) does not apply to it.
pub(crate) fn reads_path(version: &RunnerVersion, path: &str) -> bool {
    key_prefixes(path).all(|prefix| version.reads_key(&prefix))
}

/// The name of the per-repository settings file, kept at the root of a
/// repository of runner configs.
pub const SETTINGS_FILE: &str = ".runner-config.toml";

/// The runner release a [`SETTINGS_FILE`] names, if it names one:
///
/// ```toml
/// runner-version = "18.2"
/// ```
///
/// ```
/// use runner_config::versions::{RunnerVersion, from_settings};
///
/// let v = from_settings("runner-version = \"18.2\"\n").unwrap();
/// assert_eq!(v, Some("18.2".parse::<RunnerVersion>().unwrap()));
/// assert_eq!(from_settings("# nothing yet\n").unwrap(), None);
/// assert!(from_settings("runner_version = \"18.2\"\n").is_err());
/// ```
pub fn from_settings(text: &str) -> Result<Option<RunnerVersion>, VersionError> {
    let table: toml::Table = toml::from_str(text).map_err(|error| VersionError {
        message: format!("not valid TOML: {}", error.message()),
    })?;
    let mut version = None;
    for (key, value) in &table {
        match (key.as_str(), value) {
            ("runner-version", toml::Value::String(text)) => version = Some(text.parse()?),
            ("runner-version", _) => {
                return Err(VersionError {
                    message: "`runner-version` must be a string, such as \"18.2\"".to_owned(),
                });
            }
            (other, _) => {
                return Err(VersionError {
                    message: format!(
                        "unknown setting `{other}`: the settings are `runner-version`"
                    ),
                });
            }
        }
    }
    Ok(version)
}

/// The finding that says where the data stops, when the release asked for
/// is newer.
pub(crate) fn newer_than_data(asked: Release) -> Diagnostic {
    let newest = RunnerVersion::newest();
    let message = format!(
        "GitLab Runner {asked} is newer than the releases runner-config knows ({}): the file \
         is checked for {newest}",
        RunnerVersion::range()
    );
    Diagnostic::new(&codes::RUNNER_VERSION_NEWER_THAN_DATA, message).help(format!(
        "keys, feature flags and TOML that changed after {} are not known, so keys and flags \
         added since are reported as unknown; a newer runner-config knows more",
        newest.minor_release()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> RunnerVersion {
        text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[track_caller]
    fn refused(text: &str, message: &str) {
        assert_eq!(
            text.parse::<RunnerVersion>().unwrap_err().to_string(),
            message
        );
    }

    #[test]
    fn versions_parse_with_prefix_suffix_and_patch() {
        assert_eq!(v("18.2").to_string(), "18.2.2");
        assert_eq!(v("v18.2.0").to_string(), "18.2.0");
        assert_eq!(v(" V15.0.0-rc1 ").to_string(), "15.0.0");
        assert_eq!(v("19.4").to_string(), "19.4.0");
        assert_eq!(v("19.4").toml_decoder(), "v1.6.0");
        assert!(v("19.4").is_main() && v("19.4").is_newest());
        assert_eq!(RunnerVersion::default(), RunnerVersion::newest());
        assert_eq!(RunnerVersion::range(), "15.0 to 19.4");
        assert_eq!(RunnerVersion::all().count(), data::MINORS.len());
        assert!(data::MINORS.len() < usize::from(u8::MAX));
    }

    #[test]
    fn versions_outside_the_data_are_refused_or_noted() {
        refused(
            "14.10",
            "GitLab Runner 14.10 is older than the releases runner-config knows: 15.0 to 19.4",
        );
        refused(
            "15.12",
            "there is no GitLab Runner 15.12: 15.x went up to 15.11",
        );
        refused(
            "18",
            "`18` is not a GitLab Runner version: write X.Y or X.Y.Z, such as 18.2 or 18.2.1",
        );
        refused(
            "18.x",
            "`18.x` is not a GitLab Runner version: write X.Y or X.Y.Z, such as 18.2 or 18.2.1",
        );
        let future = v("20.1.3");
        assert_eq!(future.to_string(), "19.4.0");
        assert_eq!(
            future.newer_than_data().map(|r| r.to_string()).as_deref(),
            Some("20.1.3")
        );
        assert!(v("19.5").newer_than_data().is_some());
        assert!(v("19.4.2").newer_than_data().is_none());
    }

    #[test]
    fn keys_are_read_from_the_release_that_added_them() {
        assert!(!v("18.4").reads_key("labels"));
        assert!(v("18.5").reads_key("labels"));
        assert!(!v("15.0").reads_key("runners[].docker.allowed_pull_policies"));
        assert!(v("15.1").reads_key("runners[].docker.allowed_pull_policies"));
        assert!(!v("15.1").reads_key("runners[].kubernetes.allowed_pull_policies"));
        assert_eq!(
            v("16.9").key("runners[].pre_clone_script"),
            Some(KeyAt::Read("string"))
        );
        assert_eq!(
            v("17.0")
                .key("runners[].pre_clone_script")
                .map(|k| match k {
                    KeyAt::Removed(r) => r.to_string(),
                    _ => String::new(),
                }),
            Some("17.0".to_owned())
        );
        // Always read: not listed.
        assert_eq!(v("15.0").key("concurrent"), None);
        assert!(v("15.0").reads_key("concurrent"));
    }

    #[test]
    fn patch_releases_refine_their_minor() {
        let not_yet = |text: &str, path: &str| match v(text).key(path) {
            Some(KeyAt::NotYet(r)) => r.to_string(),
            other => format!("{other:?}"),
        };
        assert_eq!(
            not_yet("16.3.0", "runners[].kubernetes.cleanup_resources_timeout"),
            "16.3.1"
        );
        assert!(v("16.3.1").reads_key("runners[].kubernetes.cleanup_resources_timeout"));
        assert_eq!(not_yet("17.9.1", "runners[].clean_git_config"), "17.9.2");
        assert!(v("17.9").reads_key("runners[].clean_git_config"));
        // Removed in 17.11.4: still there in 17.11.0.
        assert_eq!(
            v("17.11.0").flag("FF_RETRIEVE_POD_WARNING_EVENTS"),
            Some(At::Read)
        );
        assert!(matches!(
            v("17.11").flag("FF_RETRIEVE_POD_WARNING_EVENTS"),
            Some(At::Removed(_))
        ));
    }

    #[test]
    fn flags_and_jobs_policies_follow_the_data() {
        assert!(v("15.10").knows_feature_flag("FF_USE_ADVANCED_POD_SPEC_CONFIGURATION"));
        assert!(!v("15.9").knows_feature_flag("FF_USE_ADVANCED_POD_SPEC_CONFIGURATION"));
        assert!(v("18.0").knows_feature_flag("FF_USE_NEW_BASH_EVAL_STRATEGY"));
        assert!(!RunnerVersion::newest().knows_feature_flag("FF_USE_NEW_BASH_EVAL_STRATEGY"));
        assert!(v("19.4").flag_is_deprecated("FF_USE_FASTZIP"));
        assert!(!v("19.3").flag_is_deprecated("FF_USE_FASTZIP"));
        assert!(!v("15.0").reads_job_pull_policy(PolicyExecutor::Docker));
        assert!(v("15.1").reads_job_pull_policy(PolicyExecutor::Docker));
        assert!(!v("15.1").reads_job_pull_policy(PolicyExecutor::Kubernetes));
        assert_eq!(
            RunnerVersion::job_pull_policy_since(PolicyExecutor::Kubernetes).map(|r| r.to_string()),
            Some("15.2".to_owned())
        );
    }

    #[test]
    fn finding_paths_are_cut_into_inventory_prefixes() {
        let prefixes: Vec<String> = key_prefixes("runners[0].docker.services[1].alias").collect();
        assert_eq!(
            prefixes,
            [
                "runners",
                "runners[].docker",
                "runners[].docker.services",
                "runners[].docker.services[].alias"
            ]
        );
        assert!(!reads_path(&v("18.4"), "runners[0].labels.team"));
        assert!(reads_path(&v("18.5"), "runners[0].labels.team"));
        assert!(!reads_path(
            &v("15.0"),
            "runners[2].docker.allowed_pull_policies"
        ));
        assert!(reads_path(&v("15.0"), "runners[2].docker.pull_policy[1]"));
    }

    #[test]
    fn keys_are_sorted_for_binary_search() {
        assert!(data::KEYS.windows(2).all(|w| w[0].path < w[1].path));
    }
}
