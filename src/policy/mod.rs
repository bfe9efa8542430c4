//! GitLab Runner's image pull policies: values, lists, and the pure
//! decision logic executors run on them.
//!
//! This module depends on nothing else in the crate except [`crate::image`]
//! (for Kubernetes' cluster default) and the crate's private did-you-mean
//! helper. Everything here is pure: no I/O, no clocks, no randomness.
//!
//! - Values and raw lists: [`PullPolicy`], [`KubernetesPullPolicy`],
//!   [`PullPolicyList`] (`pull_policy`, one string or many),
//!   [`AllowedPullPolicies`].
//! - From raw lists to the policies a job uses, with the runner's exact
//!   errors: [`RunnerPolicies`] (Docker and Kubernetes rules),
//!   [`EffectivePolicies`], [`intersect`], [`PolicyError`].
//! - The Docker fallback loop: [`next_policy`] over a [`PullPlan`] and the
//!   [`Attempt`]s so far gives a [`Decision`], which also renders the
//!   runner's log lines ([`LogLine`]).
//! - The Kubernetes per-container cursor: [`KubernetesPullCursor`] over
//!   [`ContainerPolicies`].
//! - Pull error messages to failure reasons: [`classify`].

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::ser::{SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};

mod classify;
mod cluster;
mod decide;
mod effective;
pub(crate) mod gofmt;
mod kubernetes;
mod log;

pub use classify::{FailureClass, FailureReason, classify};
pub use cluster::cluster_default;
pub use decide::{
    Action, Attempt, Decision, Exhausted, Failure, LocalImage, LocalUse, Outcome, PullError,
    PullPlan, PullReference, StopReason, next_policy,
};
pub use effective::{
    EffectivePolicies, KubernetesJob, PolicyError, PolicySource, RunnerPolicies, Service,
    convert_to_kubernetes, intersect,
};
pub use kubernetes::{ContainerPolicies, FailureRecord, KubernetesPullCursor, PullFailed};
pub use log::{LogLevel, LogLine, Prefixed};

/// One image pull policy, spelled exactly as GitLab Runner accepts it in
/// `config.toml` and `.gitlab-ci.yml`.
///
/// Matching is exact and case-sensitive, as in the runner: `Always`,
/// `IfNotPresent` and `" always"` are all rejected, each with a suggestion.
///
/// ```
/// use runner_config::policy::PullPolicy;
///
/// assert_eq!("if-not-present".parse::<PullPolicy>(), Ok(PullPolicy::IfNotPresent));
/// let err = "IfNotPresent".parse::<PullPolicy>().unwrap_err();
/// assert_eq!(err.suggestion(), Some(PullPolicy::IfNotPresent));
/// assert_eq!(err.to_string(), r#"unsupported pull policy: "IfNotPresent""#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PullPolicy {
    /// `always`: pull on every use (the Docker default).
    Always,
    /// `if-not-present`: use a local copy when there is one, pull otherwise.
    IfNotPresent,
    /// `never`: only ever use a local copy.
    Never,
}

impl PullPolicy {
    /// Every policy, in the order the runner documents them.
    pub const ALL: [PullPolicy; 3] = [Self::Always, Self::IfNotPresent, Self::Never];

    /// The runner's spelling: `always`, `if-not-present` or `never`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Always => "always",
            Self::IfNotPresent => "if-not-present",
            Self::Never => "never",
        }
    }

    /// The Kubernetes name this policy maps to (`Always`, `IfNotPresent`,
    /// `Never`).
    pub const fn to_kubernetes(self) -> KubernetesPullPolicy {
        match self {
            Self::Always => KubernetesPullPolicy::Always,
            Self::IfNotPresent => KubernetesPullPolicy::IfNotPresent,
            Self::Never => KubernetesPullPolicy::Never,
        }
    }
}

impl fmt::Display for PullPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl AsRef<str> for PullPolicy {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl FromStr for PullPolicy {
    type Err = InvalidPullPolicy;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "always" => Ok(Self::Always),
            "if-not-present" => Ok(Self::IfNotPresent),
            "never" => Ok(Self::Never),
            _ => Err(InvalidPullPolicy::classify(s)),
        }
    }
}

impl Serialize for PullPolicy {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for PullPolicy {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(de::Error::custom)
    }
}

/// A string that is not one of the three pull policies.
///
/// Its `Display` is the runner's own wording for a value it cannot convert
/// (`unsupported pull policy: "<value>"`); [`InvalidPullPolicy::reason`] says
/// what is wrong in the user's terms and [`InvalidPullPolicy::suggestion`]
/// offers the policy that was probably meant.
///
/// ```
/// use runner_config::policy::{InvalidPullPolicy, InvalidReason, PullPolicy};
///
/// let err: InvalidPullPolicy = "IfNotPresent".parse::<PullPolicy>().unwrap_err();
/// // The runner's own message...
/// assert_eq!(err.to_string(), r#"unsupported pull policy: "IfNotPresent""#);
/// // ...and what was meant.
/// assert_eq!(err.value(), "IfNotPresent");
/// assert_eq!(err.reason(), InvalidReason::KubernetesName(PullPolicy::IfNotPresent));
/// assert_eq!(err.suggestion(), Some(PullPolicy::IfNotPresent));
/// assert_eq!("latest".parse::<PullPolicy>().unwrap_err().suggestion(), None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unsupported pull policy: {}", gofmt::Quoted(.value))]
pub struct InvalidPullPolicy {
    value: String,
    reason: InvalidReason,
}

/// Why a pull-policy string was rejected.
///
/// ```
/// use runner_config::policy::{InvalidReason, PullPolicy};
///
/// let err = " always".parse::<PullPolicy>().unwrap_err();
/// assert_eq!(err.reason(), InvalidReason::Whitespace(PullPolicy::Always));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvalidReason {
    /// `""`: rejected by Docker; on Kubernetes it means "cluster default" and
    /// never reaches [`PullPolicy`].
    Empty,
    /// The policy with whitespace around it; the runner trims nothing.
    Whitespace(PullPolicy),
    /// A Kubernetes name (`Always`, `IfNotPresent`, `Never`): the runner
    /// wants its own spelling even on the Kubernetes executor.
    KubernetesName(PullPolicy),
    /// The right word in the wrong case or with other separators
    /// (`ALWAYS`, `if_not_present`, `ifnotpresent`).
    Spelling(PullPolicy),
    /// A typo or a known alias of a policy (`alway`, `missing`).
    Misspelt(PullPolicy),
    /// Nothing close to a policy.
    Unknown,
}

impl InvalidPullPolicy {
    fn classify(value: &str) -> Self {
        let reason = Self::reason_for(value);
        Self {
            value: value.to_owned(),
            reason,
        }
    }

    fn reason_for(value: &str) -> InvalidReason {
        if value.is_empty() {
            return InvalidReason::Empty;
        }
        let trimmed = value.trim();
        if trimmed != value
            && let Ok(policy) = trimmed.parse()
        {
            return InvalidReason::Whitespace(policy);
        }
        match trimmed {
            "Always" => return InvalidReason::KubernetesName(PullPolicy::Always),
            "IfNotPresent" => return InvalidReason::KubernetesName(PullPolicy::IfNotPresent),
            "Never" => return InvalidReason::KubernetesName(PullPolicy::Never),
            _ => {}
        }
        let folded = crate::suggest::fold(trimmed);
        match folded.as_str() {
            "always" => return InvalidReason::Spelling(PullPolicy::Always),
            "ifnotpresent" => return InvalidReason::Spelling(PullPolicy::IfNotPresent),
            "never" => return InvalidReason::Spelling(PullPolicy::Never),
            // Names other tools use for the same behaviour.
            "missing" | "ifmissing" | "ifnotexists" | "ifnotexist" | "ifabsent" => {
                return InvalidReason::Misspelt(PullPolicy::IfNotPresent);
            }
            _ => {}
        }
        let names = PullPolicy::ALL.map(PullPolicy::as_str);
        match crate::suggest::did_you_mean(trimmed, names) {
            Some(name) => match name.parse() {
                Ok(policy) => InvalidReason::Misspelt(policy),
                Err(_) => InvalidReason::Unknown,
            },
            None => InvalidReason::Unknown,
        }
    }

    /// The rejected string, exactly as written.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// What is wrong with it.
    pub fn reason(&self) -> InvalidReason {
        self.reason
    }

    /// The policy the user most probably meant, if any.
    pub fn suggestion(&self) -> Option<PullPolicy> {
        match self.reason {
            InvalidReason::Whitespace(p)
            | InvalidReason::KubernetesName(p)
            | InvalidReason::Spelling(p)
            | InvalidReason::Misspelt(p) => Some(p),
            InvalidReason::Empty | InvalidReason::Unknown => None,
        }
    }
}

/// A pull policy as the Kubernetes API names it, including the empty
/// policy that leaves the choice to the cluster.
///
/// ```
/// use runner_config::policy::{KubernetesPullPolicy, PullPolicy};
///
/// assert_eq!(PullPolicy::IfNotPresent.to_kubernetes().as_str(), "IfNotPresent");
/// assert_eq!(KubernetesPullPolicy::ClusterDefault.as_str(), "");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KubernetesPullPolicy {
    /// `""`: the field is left out of the pod spec and the API server picks
    /// `Always` or `IfNotPresent` from the image reference.
    ClusterDefault,
    /// `Always`.
    Always,
    /// `IfNotPresent`.
    IfNotPresent,
    /// `Never`.
    Never,
}

impl KubernetesPullPolicy {
    /// The Kubernetes spelling; `""` for the cluster default.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::ClusterDefault => "",
            Self::Always => "Always",
            Self::IfNotPresent => "IfNotPresent",
            Self::Never => "Never",
        }
    }

    /// Converts a runner value the way `ConvertFromDockerPullPolicy` does:
    /// the three runner spellings and `""` (cluster default); anything else
    /// is an error.
    pub fn from_runner(value: &str) -> Result<Self, InvalidPullPolicy> {
        if value.is_empty() {
            return Ok(Self::ClusterDefault);
        }
        value.parse::<PullPolicy>().map(PullPolicy::to_kubernetes)
    }
}

impl fmt::Display for KubernetesPullPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl AsRef<str> for KubernetesPullPolicy {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

/// Which of the runner's two pull-policy implementations applies.
///
/// `docker`, `docker-windows`, `docker+machine` and `docker-autoscaler` all
/// run the Docker executor's pull manager; `kubernetes` has its own.
///
/// ```
/// use runner_config::model::Executor;
/// use runner_config::policy::PolicyExecutor;
///
/// // Which pull manager reads a runner's `pull_policy`, by its executor.
/// assert_eq!(Executor::DockerMachine.pull_manager(), Some(PolicyExecutor::Docker));
/// assert_eq!(Executor::Kubernetes.pull_manager(), Some(PolicyExecutor::Kubernetes));
/// assert_eq!(Executor::Shell.pull_manager(), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PolicyExecutor {
    /// The Docker pull manager (`[runners.docker]`).
    Docker,
    /// The Kubernetes executor (`[runners.kubernetes]`).
    Kubernetes,
}

/// How a one-or-many value was written in TOML.
///
/// ```
/// use runner_config::policy::{ListForm, PullPolicyList};
///
/// let config = runner_config::load::load(
///     "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\npull_policy = \"always\"\n",
/// )
/// .into_config()
/// .unwrap();
/// let written = config.runners[0].docker.as_ref().unwrap().pull_policy.clone().unwrap();
/// assert_eq!(written.form(), ListForm::String);
/// assert_eq!(written, PullPolicyList::new(["always"])); // same value either way
/// assert_eq!(PullPolicyList::new(["never"]).form(), ListForm::Array);
/// // The runner writes lists back as arrays.
/// assert_eq!(ListForm::default(), ListForm::Array);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ListForm {
    /// `pull_policy = "always"`.
    String,
    /// `pull_policy = ["always", "if-not-present"]` (also what the runner
    /// writes back).
    #[default]
    Array,
}

/// The raw `pull_policy` value: one string or an array of strings, decoded
/// exactly as the runner's `StringOrArray` decodes it.
///
/// Entries are kept as written, unvalidated: the runner loads any string and
/// only rejects bad values when a job runs. Validation is a separate step
/// (see [`RunnerPolicies`]). An empty array means *unset*, not "never pull".
///
/// ```
/// use runner_config::policy::{ListForm, PullPolicyList};
///
/// #[derive(Debug, serde::Deserialize)]
/// struct Docker { pull_policy: PullPolicyList }
///
/// let one: Docker = toml::from_str(r#"pull_policy = "always""#).unwrap();
/// let many: Docker = toml::from_str(r#"pull_policy = ["always"]"#).unwrap();
/// assert_eq!(one.pull_policy, many.pull_policy); // same value
/// assert_eq!(one.pull_policy.form(), ListForm::String); // form kept for fixes
///
/// let err = toml::from_str::<Docker>("pull_policy = 10").unwrap_err();
/// assert!(err.message().contains("cannot load value of type int64 into a StringOrArray"));
/// ```
#[derive(Debug, Clone, Default, Eq)]
pub struct PullPolicyList {
    entries: Vec<String>,
    form: ListForm,
}

impl PullPolicyList {
    /// No value: what the runner decodes for a missing key or `[]`.
    pub const UNSET: PullPolicyList = PullPolicyList {
        entries: Vec::new(),
        form: ListForm::Array,
    };

    /// A list written as an array.
    pub fn new<I, S>(entries: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            entries: entries.into_iter().map(Into::into).collect(),
            form: ListForm::Array,
        }
    }

    /// A single string value (`pull_policy = "always"`).
    pub fn single(entry: impl Into<String>) -> Self {
        Self {
            entries: vec![entry.into()],
            form: ListForm::String,
        }
    }

    /// Decodes the command-line / environment form
    /// (`--docker-pull-policy`, `DOCKER_PULL_POLICY`, and the `KUBERNETES_`
    /// equivalents) as the runner's `StringOrArray.UnmarshalFlag` does:
    /// split on `,`, trim the whitespace around each item, and an empty
    /// input is an empty (unset) list. A trailing comma leaves an empty
    /// item, which Docker rejects and Kubernetes reads as the cluster
    /// default.
    ///
    /// ```
    /// use runner_config::policy::PullPolicyList;
    ///
    /// let list = PullPolicyList::from_flag("  if-not-present , always ");
    /// assert_eq!(list.entries(), ["if-not-present", "always"]);
    /// assert!(PullPolicyList::from_flag("").is_unset());
    /// assert_eq!(PullPolicyList::from_flag("always,").entries(), ["always", ""]);
    /// ```
    pub fn from_flag(value: &str) -> Self {
        if value.is_empty() {
            return Self::default();
        }
        Self::new(value.split(',').map(str::trim))
    }

    /// The entries in order, duplicates kept.
    pub fn entries(&self) -> &[String] {
        &self.entries
    }

    /// Whether the runner treats this as unset (an empty array).
    pub fn is_unset(&self) -> bool {
        self.entries.is_empty()
    }

    /// How the value was written.
    pub fn form(&self) -> ListForm {
        self.form
    }
}

/// Two lists are equal when their entries are: `"always"` and `["always"]`
/// mean the same to the runner.
impl PartialEq for PullPolicyList {
    fn eq(&self, other: &Self) -> bool {
        self.entries == other.entries
    }
}

impl std::hash::Hash for PullPolicyList {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.entries.hash(state);
    }
}

/// Written back as an array, as the runner does (its `StringOrArray` has no
/// TOML marshaller).
impl Serialize for PullPolicyList {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.entries.len()))?;
        for entry in &self.entries {
            seq.serialize_element(entry)?;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for PullPolicyList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StringOrArrayVisitor)
    }
}

/// The name Go's `reflect.Type.String()` gives a decoded TOML value, which
/// BurntSushi/toml and the runner put into their type errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GoType {
    String,
    Int64,
    Float64,
    Bool,
    Time,
    Slice,
    /// An array of tables, which BurntSushi decodes as `[]map[string]interface {}`.
    TableSlice,
    Map,
}

impl GoType {
    /// `reflect.Type.String()` of the value the decoder produced.
    pub(crate) const fn name(self) -> &'static str {
        match self {
            Self::String => "string",
            Self::Int64 => "int64",
            Self::Float64 => "float64",
            Self::Bool => "bool",
            Self::Time => "time.Time",
            Self::Slice => "[]interface {}",
            Self::TableSlice => "[]map[string]interface {}",
            Self::Map => "map[string]interface {}",
        }
    }
}

/// toml's serde representation of a datetime is a map with this one key.
const TOML_DATETIME_FIELD: &str = "$__toml_private_datetime";

/// Deserializes any value and reports only its Go type, or its text when
/// it is a string.
struct Probe(Result<String, GoType>);

impl<'de> Deserialize<'de> for Probe {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ProbeVisitor).map(Probe)
    }
}

struct ProbeVisitor;

impl<'de> Visitor<'de> for ProbeVisitor {
    type Value = Result<String, GoType>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any TOML value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Ok(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Ok(v))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Err(GoType::Int64))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Err(GoType::Int64))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Err(GoType::Float64))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Err(GoType::Bool))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Ok(Err(GoType::Slice))
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let first = map.next_key::<String>()?;
        let kind = if first.as_deref() == Some(TOML_DATETIME_FIELD) {
            GoType::Time
        } else {
            GoType::Map
        };
        if first.is_some() {
            map.next_value::<de::IgnoredAny>()?;
            while map
                .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                .is_some()
            {}
        }
        Ok(Err(kind))
    }
}

struct StringOrArrayVisitor;

impl StringOrArrayVisitor {
    fn type_error<E: de::Error>(ty: GoType) -> E {
        E::custom(format_args!(
            "cannot load value of type {} into a StringOrArray",
            ty.name()
        ))
    }
}

impl<'de> Visitor<'de> for StringOrArrayVisitor {
    type Value = PullPolicyList;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or an array of strings")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(PullPolicyList::single(v))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Err(Self::type_error(GoType::Int64))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Err(Self::type_error(GoType::Int64))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Err(Self::type_error(GoType::Float64))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Err(Self::type_error(GoType::Bool))
    }
    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let kind = ProbeVisitor.visit_map(map)?;
        Err(Self::type_error(kind.err().unwrap_or(GoType::Map)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut entries = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        let mut first_bad = None;
        // The runner reports the type of the first non-string item; keep
        // reading so the deserializer is left in a consistent state.
        while let Some(Probe(item)) = seq.next_element::<Probe>()? {
            match item {
                Ok(s) => entries.push(s),
                Err(ty) => {
                    first_bad.get_or_insert(ty);
                }
            }
        }
        match first_bad {
            Some(ty) => Err(Self::type_error(ty)),
            None => Ok(PullPolicyList {
                entries,
                form: ListForm::Array,
            }),
        }
    }
}

/// The raw `allowed_pull_policies` value: an array of strings, never a bare
/// string (the runner refuses to load `allowed_pull_policies = "always"`).
///
/// Entries are kept unvalidated, as the runner loads them; an empty array
/// means "not configured".
///
/// ```
/// use runner_config::policy::AllowedPullPolicies;
///
/// #[derive(Debug, serde::Deserialize)]
/// struct Docker { allowed_pull_policies: AllowedPullPolicies }
///
/// let ok: Docker = toml::from_str(r#"allowed_pull_policies = ["always"]"#).unwrap();
/// assert_eq!(ok.allowed_pull_policies.entries(), ["always"]);
/// let err = toml::from_str::<Docker>(r#"allowed_pull_policies = "always""#).unwrap_err();
/// assert!(err.message().contains(
///     "incompatible types: TOML value has type string; destination has type slice"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct AllowedPullPolicies(Vec<String>);

impl AllowedPullPolicies {
    /// Not configured: a missing key or `[]`.
    pub const UNSET: AllowedPullPolicies = AllowedPullPolicies(Vec::new());

    /// An allow-list with these entries.
    pub fn new<I, S>(entries: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self(entries.into_iter().map(Into::into).collect())
    }

    /// The entries as written.
    pub fn entries(&self) -> &[String] {
        &self.0
    }

    /// Whether the runner treats this as not configured (empty).
    pub fn is_unset(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for AllowedPullPolicies {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for AllowedPullPolicies {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Probe::deserialize_list(deserializer)? {
            Ok(entries) => Ok(Self(entries)),
            Err(message) => Err(de::Error::custom(message)),
        }
    }
}

impl Probe {
    /// Decodes a plain Go `[]string`, with BurntSushi's messages for a
    /// value that is not an array or an item that is not a string.
    fn deserialize_list<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Result<Vec<String>, String>, D::Error> {
        struct ListVisitor;
        impl<'de> Visitor<'de> for ListVisitor {
            type Value = Result<Vec<String>, String>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array of strings")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                let mut first_bad = None;
                while let Some(Probe(item)) = seq.next_element::<Probe>()? {
                    match item {
                        Ok(s) => entries.push(s),
                        Err(ty) => {
                            first_bad.get_or_insert(ty);
                        }
                    }
                }
                Ok(match first_bad {
                    Some(ty) => Err(incompatible(ty, "string")),
                    None => Ok(entries),
                })
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
                Ok(Err(incompatible(GoType::String, "slice")))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
                Ok(Err(incompatible(GoType::Int64, "slice")))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
                Ok(Err(incompatible(GoType::Int64, "slice")))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Ok(Err(incompatible(GoType::Float64, "slice")))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(Err(incompatible(GoType::Bool, "slice")))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                let kind = ProbeVisitor.visit_map(map)?.err().unwrap_or(GoType::Map);
                Ok(Err(incompatible(kind, "slice")))
            }
        }
        deserializer.deserialize_any(ListVisitor)
    }
}

/// BurntSushi/toml's message when a TOML value cannot go into a Go field,
/// as the newest runner words it.
pub(crate) fn incompatible(toml: GoType, destination: &str) -> String {
    TypeWords::Any.incompatible(toml, destination)
}

/// How a BurntSushi/toml release words a value that cannot go into a Go
/// field (`decode.go` `badtype`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TypeWords {
    /// v0.3.1 (GitLab Runner 15.0 to 15.8): `cannot load TOML value of
    /// type []interface {} into a Go string`.
    CannotLoad,
    /// v1.2 and v1.3 (15.9 to 17.5): `incompatible types: …`, with Go's
    /// `%T` names (`[]interface {}`).
    Reflect,
    /// v1.4.0 on (17.6 on): the same, with `interface {}` written `any`
    /// (`fmtType`).
    Any,
}

impl TypeWords {
    /// The message for a `toml` value and a field of kind `destination`.
    pub(crate) fn incompatible(self, toml: GoType, destination: &str) -> String {
        let name = toml.name();
        match self {
            Self::CannotLoad => {
                format!("cannot load TOML value of type {name} into a Go {destination}")
            }
            Self::Reflect => format!(
                "incompatible types: TOML value has type {name}; destination has type \
                 {destination}"
            ),
            Self::Any => format!(
                "incompatible types: TOML value has type {}; destination has type {destination}",
                name.replace("interface {}", "any")
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, Serialize, PartialEq)]
    struct Holder {
        #[serde(default)]
        pull_policy: PullPolicyList,
    }

    fn load(text: &str) -> Result<PullPolicyList, String> {
        toml::from_str::<Holder>(text)
            .map(|h| h.pull_policy)
            .map_err(|e| e.message().to_owned())
    }

    #[test]
    fn string_and_array_decode_to_the_same_value() {
        assert_eq!(
            load(r#"pull_policy = "always""#),
            load(r#"pull_policy = ["always"]"#)
        );
        assert_eq!(load(r#"pull_policy = """#).unwrap().entries(), [""]);
        assert!(load("pull_policy = []").unwrap().is_unset());
        assert_eq!(
            load(r#"pull_policy = ["unknown", "always", "always"]"#)
                .unwrap()
                .entries(),
            ["unknown", "always", "always"]
        );
    }

    #[test]
    fn wrong_types_get_the_runner_message() {
        let cases = [
            ("pull_policy = 10", "int64"),
            ("pull_policy = 1.5", "float64"),
            ("pull_policy = true", "bool"),
            ("pull_policy = 1979-05-27T07:32:00Z", "time.Time"),
            ("pull_policy = { a = 1 }", "map[string]interface {}"),
            (r#"pull_policy = [["always"]]"#, "[]interface {}"),
            (r#"pull_policy = ["unknown", 10, true]"#, "int64"),
            ("pull_policy = [true, false]", "bool"),
        ];
        for (text, ty) in cases {
            assert_eq!(
                load(text).unwrap_err(),
                format!("cannot load value of type {ty} into a StringOrArray"),
                "{text}"
            );
        }
    }

    #[test]
    fn serializes_as_an_array() {
        let h = Holder {
            pull_policy: PullPolicyList::single("always"),
        };
        assert_eq!(toml::to_string(&h).unwrap(), "pull_policy = [\"always\"]\n");
    }

    #[test]
    fn allowed_pull_policies_is_array_only() {
        #[derive(Debug, Deserialize)]
        struct A {
            #[allow(dead_code)]
            allowed_pull_policies: AllowedPullPolicies,
        }
        let err = |t: &str| toml::from_str::<A>(t).unwrap_err().message().to_owned();
        assert_eq!(
            err(r#"allowed_pull_policies = "always""#),
            "incompatible types: TOML value has type string; destination has type slice"
        );
        assert_eq!(
            err("allowed_pull_policies = [1]"),
            "incompatible types: TOML value has type int64; destination has type string"
        );
    }

    #[test]
    fn invalid_values_are_classified() {
        let reason = |s: &str| s.parse::<PullPolicy>().unwrap_err().reason();
        use InvalidReason::*;
        assert_eq!(reason(""), Empty);
        assert_eq!(reason(" always"), Whitespace(PullPolicy::Always));
        assert_eq!(
            reason("IfNotPresent"),
            KubernetesName(PullPolicy::IfNotPresent)
        );
        assert_eq!(reason("Never"), KubernetesName(PullPolicy::Never));
        assert_eq!(reason("ALWAYS"), Spelling(PullPolicy::Always));
        assert_eq!(reason("if_not_present"), Spelling(PullPolicy::IfNotPresent));
        assert_eq!(reason("ifnotpresent"), Spelling(PullPolicy::IfNotPresent));
        assert_eq!(reason("missing"), Misspelt(PullPolicy::IfNotPresent));
        assert_eq!(reason("alwys"), Misspelt(PullPolicy::Always));
        assert_eq!(reason("bogus"), Unknown);
    }

    #[test]
    fn kubernetes_conversion() {
        assert_eq!(
            KubernetesPullPolicy::from_runner(""),
            Ok(KubernetesPullPolicy::ClusterDefault)
        );
        assert_eq!(
            KubernetesPullPolicy::from_runner("never"),
            Ok(KubernetesPullPolicy::Never)
        );
        assert_eq!(
            KubernetesPullPolicy::from_runner("invalid")
                .unwrap_err()
                .to_string(),
            r#"unsupported pull policy: "invalid""#
        );
    }
}
