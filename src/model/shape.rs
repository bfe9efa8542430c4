//! What each key of `config.toml` accepts, derived from the model's types.
//!
//! Every section struct is declared with `section!`, which writes the
//! struct (with serde and, behind the `schema` feature, schemars derives)
//! *and* a static [`TableDef`] listing its keys with their [`Shape`]s. The
//! loader walks the parsed document against these definitions to resolve
//! keys case-insensitively, report unknown and misplaced keys, and check
//! value types before serde ever sees the tree; so the key set the loader
//! knows and the key set the model holds cannot drift apart.

use std::collections::BTreeMap;

use crate::policy::{AllowedPullPolicies, PullPolicyList};

/// The TOML value a key accepts.
///
/// ```
/// use runner_config::model::DockerConfig;
/// use runner_config::model::shape::{Section, Shape};
///
/// let table = DockerConfig::TABLE;
/// assert_eq!(table.key("pull_policy").unwrap().shape, &Shape::StringOrArray);
/// assert_eq!(table.key("shm_size").unwrap().shape, &Shape::Integer);
/// let Shape::Array(Shape::Table(services)) = table.key("services").unwrap().shape else {
///     panic!("services is an array of tables");
/// };
/// assert_eq!(services.header, "[[runners.docker.services]]");
/// ```
#[derive(Debug, PartialEq)]
pub enum Shape {
    /// A string.
    String,
    /// An integer.
    Integer,
    /// A float; integers are accepted too, as Go's decoder does.
    Float,
    /// `true` or `false`.
    Boolean,
    /// A TOML datetime, or an RFC 3339 string.
    Datetime,
    /// A Go duration: a string such as `"1h30m"`, or integer nanoseconds.
    Duration,
    /// A string or an array of strings (`pull_policy`).
    StringOrArray,
    /// A string from a fixed set.
    Enum(&'static EnumDef),
    /// An array of values of one shape (an array of tables when the element
    /// is a [`Shape::Table`]).
    Array(&'static Shape),
    /// A table with known keys.
    Table(&'static TableDef),
    /// A table with user-chosen keys whose values have one shape.
    Map(&'static Shape),
    /// Anything (kept as a raw TOML value).
    Any,
}

/// A fixed set of accepted strings, and how leniently GitLab Runner reads
/// it: how it compares what was written with the values, which other
/// spellings it accepts, and what it does with anything else. The loader
/// decides from this alone whether (and how severely) to report a value,
/// and a schema generator can describe the same set.
///
/// ```
/// use runner_config::model::Config;
/// use runner_config::model::shape::{Matching, OnUnknown, Section, Shape};
///
/// let Shape::Enum(levels) = Config::TABLE.key("log_level").unwrap().shape else {
///     panic!("log_level is an enum");
/// };
/// assert_eq!(levels.name, "log level");
/// assert!(levels.values.contains(&"debug"));
/// assert!(levels.case_insensitive);
/// assert_eq!(levels.matching, Matching::Lowercased);
/// assert_eq!(levels.on_unknown, OnUnknown::RefusesToStart);
/// assert_eq!(levels.resolve("DEBUG"), Some("debug"));
/// assert_eq!(levels.resolve("verbose"), None);
/// ```
#[derive(Debug, PartialEq)]
pub struct EnumDef {
    /// Name of the value type, for messages (`executor`, `shell`).
    pub name: &'static str,
    /// Every listed spelling (as the runner's own schema or constants list
    /// them), including any in [`EnumDef::unsupported`].
    pub values: &'static [&'static str],
    /// Whether the runner accepts other cases of the values: true unless
    /// [`EnumDef::matching`] is [`Matching::Exact`].
    pub case_insensitive: bool,
    /// How the runner compares a written string with the values.
    pub matching: Matching,
    /// Further spellings the runner maps onto a value, `(alias, value)`,
    /// compared the same way (`aws:kms` for S3's `KMS`).
    pub aliases: &'static [(&'static str, &'static str)],
    /// Listed values the runner nevertheless has no implementation for
    /// (`shell = "cmd"`): they get the treatment of unknown values.
    pub unsupported: &'static [&'static str],
    /// Whether `""` means "not set" to the runner (it then uses its
    /// default, with no message).
    pub empty_is_unset: bool,
    /// What the runner does with a string that is none of the values.
    pub on_unknown: OnUnknown,
    /// The runner's own message for such a string, with `%s` standing for
    /// the value as written, `%q` for it Go-quoted and `%S` for it after
    /// the runner's case folding; empty when the runner says nothing.
    pub runner_says: &'static str,
}

impl EnumDef {
    /// The value the runner reads `written` as, if it accepts it: the
    /// canonical spelling from [`EnumDef::values`] (an alias resolves to
    /// its value). `None` for unknown and unsupported values, and for `""`
    /// when it means "not set".
    pub fn resolve(&self, written: &str) -> Option<&'static str> {
        if written.is_empty() && self.empty_is_unset {
            return None;
        }
        let folded = self.matching.fold(written);
        let value = self
            .values
            .iter()
            .copied()
            .find(|v| self.matching.folds_to(v, &folded))
            .or_else(|| {
                self.aliases
                    .iter()
                    .find(|(alias, _)| self.matching.folds_to(alias, &folded))
                    .map(|&(_, value)| value)
            })?;
        (!self.unsupported.contains(&value)).then_some(value)
    }

    /// The runner's message about `written`, when it logs or fails with
    /// one ([`EnumDef::runner_says`] filled in).
    pub fn runner_message(&self, written: &str) -> Option<String> {
        if self.runner_says.is_empty() {
            return None;
        }
        let mut out = String::new();
        let mut rest = self.runner_says;
        while let Some(at) = rest.find('%') {
            out.push_str(&rest[..at]);
            let verb = rest[at + 1..].chars().next();
            match verb {
                Some('s') => out.push_str(written),
                Some('q') => out.push_str(&crate::policy::gofmt::Quoted(written).to_string()),
                Some('S') => out.push_str(&self.matching.fold(written)),
                _ => {
                    out.push('%');
                    rest = &rest[at + 1..];
                    continue;
                }
            }
            rest = &rest[at + 2..];
        }
        out.push_str(rest);
        Some(out)
    }
}

/// How GitLab Runner compares a written string with an enum's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Matching {
    /// Byte for byte (`executor`, `shell`, `dns_policy`).
    Exact,
    /// After Go's `strings.ToLower` (logrus levels, S3
    /// `AuthenticationType`, Docker's isolation modes).
    Lowercased,
    /// After Go's `strings.ToUpper` (S3 `ServerSideEncryption`).
    Uppercased,
    /// After `strings.TrimSpace` and English title case (`proc_mount`:
    /// `" unmasked "` is `Unmasked`).
    TrimmedTitleCased,
}

impl Matching {
    /// `s` as the runner compares it. Go maps case rune by rune (simple
    /// case mapping): a character whose full mapping is several characters
    /// keeps its own case here, except U+0130, which Go lower-cases to `i`.
    pub fn fold(self, s: &str) -> String {
        self.folded(s).collect()
    }

    /// Whether `value` folds to `folded` (what [`Matching::fold`] made of a
    /// written string). Allocates nothing: each string the loader reads is
    /// compared with every value of its enum (some sixty feature flags).
    pub(crate) fn folds_to(self, value: &str, folded: &str) -> bool {
        match self {
            Self::Exact => value == folded,
            _ => self.folded(value).eq(folded.chars()),
        }
    }

    /// The characters of [`Matching::fold`].
    fn folded(self, s: &str) -> impl Iterator<Item = char> + '_ {
        fn lower(c: char) -> char {
            let mut l = c.to_lowercase();
            match (l.next(), l.next()) {
                (Some(one), None) => one,
                (Some(first), Some(_)) if c == '\u{130}' => first,
                _ => c,
            }
        }
        fn upper(c: char) -> char {
            let mut u = c.to_uppercase();
            match (u.next(), u.next()) {
                (Some(one), None) => one,
                _ => c,
            }
        }
        let s = match self {
            Self::TrimmedTitleCased => s.trim(),
            _ => s,
        };
        s.chars().enumerate().map(move |(i, c)| match self {
            Self::Exact => c,
            Self::Lowercased => lower(c),
            Self::Uppercased => upper(c),
            Self::TrimmedTitleCased if i == 0 => upper(c),
            Self::TrimmedTitleCased => lower(c),
        })
    }
}

/// What GitLab Runner does with a string outside an enum's values, which
/// decides how severe the finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum OnUnknown {
    /// `gitlab-runner run` refuses to start (`log_level`, `log_format`).
    RefusesToStart,
    /// The `[[runners]]` entry never takes a job (`executor`).
    NeverPolls,
    /// Every job on the runner fails before its script (`shell`, Docker
    /// `isolation`).
    FailsJobs,
    /// The runner logs it, or not, and goes on without the setting
    /// (`dns_policy`, `proc_mount`, cache settings).
    Ignored,
    /// It depends on other settings, so a lint decides
    /// (`[[runners.kubernetes.pod_spec]] patch_type` is only read when a
    /// feature flag is on); the loader reports nothing.
    DependsOnSettings,
}

/// One table of `config.toml` and its keys.
///
/// ```
/// use runner_config::model::MachineConfig;
/// use runner_config::model::shape::Section;
///
/// let table = MachineConfig::TABLE;
/// assert_eq!(table.type_name, "MachineConfig");
/// assert_eq!(table.header, "[runners.machine]");
/// // Keys are spelt as the runner spells them.
/// assert!(table.key("IdleCount").is_some());
/// assert!(table.key("idle_count").is_none());
/// assert!(!table.case_sensitive);
/// ```
#[derive(Debug, PartialEq)]
pub struct TableDef {
    /// The Rust type that holds it.
    pub type_name: &'static str,
    /// The header a user writes it under, e.g. `[runners.docker]`.
    pub header: &'static str,
    /// Its keys, in declaration order.
    pub keys: &'static [KeyDef],
    /// Whether key names must match exactly. The runner falls back to a
    /// case-insensitive match everywhere except in tables with a custom
    /// decoder (`[[runners.kubernetes.volumes.nfs]]`).
    pub case_sensitive: bool,
}

impl TableDef {
    /// The key with exactly this name.
    pub fn key(&self, name: &str) -> Option<&'static KeyDef> {
        self.keys.iter().find(|k| k.name == name)
    }
}

/// One key of a table.
///
/// ```
/// use runner_config::model::Runner;
/// use runner_config::model::shape::Section;
///
/// let secrets: Vec<_> = Runner::TABLE.keys.iter().filter(|k| k.secret).map(|k| k.name).collect();
/// assert_eq!(secrets, ["token"]);
/// let key = Runner::TABLE.key("tls-ca-file").unwrap();
/// assert_eq!(key.name, "tls-ca-file");
/// ```
#[derive(Debug, PartialEq)]
pub struct KeyDef {
    /// The key as the runner spells it (`pull_policy`, `IdleCount`, `Type`).
    pub name: &'static str,
    /// What it accepts.
    pub shape: &'static Shape,
    /// Whether its value is a credential that must never be shown.
    pub secret: bool,
}

/// Types that know which TOML shape they are read from.
///
/// ```
/// use runner_config::model::shape::{Describe, Shape};
/// use runner_config::model::{DockerService, GoDuration};
///
/// assert_eq!(<Option<GoDuration> as Describe>::SHAPE, &Shape::Duration);
/// assert_eq!(<Vec<String> as Describe>::SHAPE, &Shape::Array(&Shape::String));
/// let Shape::Array(Shape::Table(service)) = <Vec<DockerService> as Describe>::SHAPE else {
///     panic!("a list of services is an array of tables");
/// };
/// assert_eq!(service.type_name, "DockerService");
/// ```
pub trait Describe {
    /// The shape of a value of this type.
    const SHAPE: &'static Shape;
}

/// Section structs: a [`Describe`] whose shape is a table.
///
/// ```
/// use runner_config::model::shape::Section;
/// use runner_config::model::{CacheConfig, SshConfig};
///
/// fn secret_keys<T: Section>() -> Vec<&'static str> {
///     T::TABLE.keys.iter().filter(|k| k.secret).map(|k| k.name).collect()
/// }
/// assert_eq!(secret_keys::<SshConfig>(), ["password"]);
/// assert!(secret_keys::<CacheConfig>().is_empty());
/// assert_eq!(CacheConfig::TABLE.header, "[runners.cache]");
/// ```
pub trait Section: Describe {
    /// The table's definition.
    const TABLE: &'static TableDef;
}

macro_rules! describe {
    ($shape:expr => $($ty:ty),+) => {
        $(impl Describe for $ty {
            const SHAPE: &'static Shape = &$shape;
        })+
    };
}

describe!(Shape::String => String);
describe!(Shape::Integer => i64, i32, u32, u64, usize);
describe!(Shape::Float => f64);
describe!(Shape::Boolean => bool);
describe!(Shape::StringOrArray => PullPolicyList);
describe!(Shape::Array(&Shape::String) => AllowedPullPolicies);
describe!(Shape::Any => toml::Value);

// The pull-policy lists live in the policy core, which knows nothing of
// schemas; their schema is the model's business.
#[cfg(feature = "schema")]
mod schema {
    use std::borrow::Cow;

    use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

    use crate::policy::{AllowedPullPolicies, PullPolicyList};

    /// One pull policy, with per-value docs for editors.
    fn policy() -> serde_json::Value {
        serde_json::json!({
            "type": "string",
            "enum": ["always", "if-not-present", "never"],
            "x-taplo": { "docs": { "enumValues": [
                "`always`: pull the image every time it is used.",
                "`if-not-present`: use a local copy when there is one, pull otherwise.",
                "`never`: only use local images; fail when the image is missing."
            ] } }
        })
    }

    impl JsonSchema for PullPolicyList {
        fn schema_name() -> Cow<'static, str> {
            "PullPolicyList".into()
        }

        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "description": "One pull policy, or a list tried in order.",
                "anyOf": [policy(), { "type": "array", "items": policy() }]
            })
        }
    }

    impl JsonSchema for AllowedPullPolicies {
        fn schema_name() -> Cow<'static, str> {
            "AllowedPullPolicies".into()
        }

        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "description": "The pull policies a job may ask for.",
                "type": "array",
                "items": policy()
            })
        }
    }
}

impl<T: Describe> Describe for Option<T> {
    const SHAPE: &'static Shape = T::SHAPE;
}

impl<T: Describe> Describe for Vec<T> {
    const SHAPE: &'static Shape = &Shape::Array(T::SHAPE);
}

impl<T: Describe> Describe for BTreeMap<String, T> {
    const SHAPE: &'static Shape = &Shape::Map(T::SHAPE);
}

/// Values that can be absent from a file: skipped when serializing, so a
/// key that was not written is not written back either. (One exception is
/// deliberate: a one-string `pull_policy` comes back as a one-element array,
/// as the runner writes it.) Plumbing for `section!`, not public API.
pub(crate) trait Absent {
    /// Whether the value stands for "not written".
    fn is_absent(&self) -> bool;
}

impl<T> Absent for Option<T> {
    fn is_absent(&self) -> bool {
        self.is_none()
    }
}

impl<T> Absent for Vec<T> {
    fn is_absent(&self) -> bool {
        self.is_empty()
    }
}

impl<K, V> Absent for BTreeMap<K, V> {
    fn is_absent(&self) -> bool {
        self.is_empty()
    }
}

/// Serde's `skip_serializing_if` hook for [`Absent`] values.
pub(crate) fn is_absent<T: Absent>(value: &T) -> bool {
    value.is_absent()
}

/// Whether `flags` (from a `section!` field) contains `flag`; `const` so the
/// key table stays a static.
pub(crate) const fn has_flag(flags: &[&str], flag: &str) -> bool {
    let mut i = 0;
    while i < flags.len() {
        let (a, b) = (flags[i].as_bytes(), flag.as_bytes());
        if a.len() == b.len() {
            let mut j = 0;
            while j < a.len() && a[j] == b[j] {
                j += 1;
            }
            if j == a.len() {
                return true;
            }
        }
        i += 1;
    }
    false
}

/// Declares a section struct and its [`TableDef`] in one place.
///
/// ```ignore
/// section! {
///     /// `[runners.ssh]`: how the SSH executor connects.
///     pub struct SshConfig in "[runners.ssh]" {
///         /// Host to connect to.
///         "host" => host: Option<String>,
///         /// Password for `user`.
///         "password" [secret] => password: Option<String>,
///     }
/// }
/// ```
///
/// Every field should be `Option<T>`, `Vec<T>` or `BTreeMap<String, T>` so
/// that "not written" stays distinguishable from a zero value. Flags in
/// brackets: `secret` (never shown). Add `case_sensitive` after the header
/// for tables whose keys the runner matches exactly.
macro_rules! section {
    (
        $(#[$smeta:meta])*
        $vis:vis struct $name:ident in $header:literal $(, $case:ident)? {
            $(
                $(#[$fmeta:meta])*
                $key:literal $([$($flag:ident),*])? => $field:ident : $ty:ty
            ),* $(,)?
        }
    ) => {
        $(#[$smeta])*
        #[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[non_exhaustive]
        $vis struct $name {
            $(
                $(#[$fmeta])*
                #[serde(
                    rename = $key,
                    default,
                    skip_serializing_if = "crate::model::shape::is_absent"
                )]
                pub $field: $ty,
            )*
        }

        impl $crate::model::shape::Describe for $name {
            const SHAPE: &'static $crate::model::shape::Shape =
                &$crate::model::shape::Shape::Table(<$name as $crate::model::shape::Section>::TABLE);
        }

        impl $crate::model::shape::Section for $name {
            const TABLE: &'static $crate::model::shape::TableDef = &$crate::model::shape::TableDef {
                type_name: stringify!($name),
                header: $header,
                keys: &[
                    $($crate::model::shape::KeyDef {
                        name: $key,
                        shape: <$ty as $crate::model::shape::Describe>::SHAPE,
                        secret: $crate::model::shape::has_flag(
                            &[$($(stringify!($flag)),*)?],
                            "secret",
                        ),
                    },)*
                ],
                case_sensitive: $crate::model::shape::has_flag(
                    &[$(stringify!($case))?],
                    "case_sensitive",
                ),
            };
        }
    };
}

pub(crate) use section;

/// Declares a string enum whose values the runner enumerates, with its
/// [`EnumDef`] (how leniently the runner reads it), `FromStr` (with
/// did-you-mean in the error) and serde.
///
/// ```ignore
/// string_enum! {
///     /// The shell a runner generates scripts for.
///     pub enum Shell as "shell" {
///         matching: Exact,
///         on_unknown: FailsJobs,
///         says: "shell %s not found",
///         unsupported: ["cmd"],
///         empty_is_unset: false,
///     } {
///         /// `bash`.
///         Bash = "bash",
///         /// `cmd`.
///         Cmd = "cmd",
///     }
/// }
/// ```
///
/// A value may list aliases the runner maps onto it: `Kms = "KMS" |
/// "AWS:KMS"`. `unsupported` and `empty_is_unset` are optional, in this
/// order.
macro_rules! string_enum {
    (
        $(#[$emeta:meta])*
        $vis:vis enum $name:ident as $what:literal {
            matching: $matching:ident,
            on_unknown: $on_unknown:ident,
            says: $says:literal
            $(, unsupported: [$($unsupported:literal),* $(,)?])?
            $(, empty_is_unset: $empty:literal)?
            $(,)?
        } {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $value:literal $(| $alias:literal)*
            ),* $(,)?
        }
    ) => {
        $(#[$emeta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[non_exhaustive]
        $vis enum $name {
            $(
                $(#[$vmeta])*
                #[cfg_attr(feature = "schema", schemars(rename = $value))]
                $variant,
            )*
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The spelling the runner uses.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $value,)*
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::model::shape::UnknownValue;

            /// The variant the runner reads `s` as, compared as the runner
            /// compares (an unsupported value still names its variant).
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let def = <$name as $crate::model::shape::Describe>::SHAPE;
                let $crate::model::shape::Shape::Enum(def) = def else { unreachable!() };
                let folded = def.matching.fold(s);
                $(
                    if def.matching.folds_to($value, &folded)
                        $(|| def.matching.folds_to($alias, &folded))*
                    {
                        return Ok($name::$variant);
                    }
                )*
                Err($crate::model::shape::UnknownValue::new(def, s))
            }
        }

        impl $crate::model::shape::Describe for $name {
            const SHAPE: &'static $crate::model::shape::Shape =
                &$crate::model::shape::Shape::Enum(&$crate::model::shape::EnumDef {
                    name: $what,
                    values: &[$($value),*],
                    case_insensitive: !matches!(
                        $crate::model::shape::Matching::$matching,
                        $crate::model::shape::Matching::Exact
                    ),
                    matching: $crate::model::shape::Matching::$matching,
                    aliases: &[$($(($alias, $value),)*)*],
                    unsupported: &[$($($unsupported),*)?],
                    empty_is_unset: false $(|| $empty)?,
                    on_unknown: $crate::model::shape::OnUnknown::$on_unknown,
                    runner_says: $says,
                });
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <String as serde::Deserialize>::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

pub(crate) use string_enum;

/// A string that is not one of an enum's values.
///
/// ```
/// use runner_config::model::shape::UnknownValue;
/// use runner_config::model::Executor;
///
/// let err: UnknownValue = "kubernets".parse::<Executor>().unwrap_err();
/// assert_eq!(err.value(), "kubernets");
/// assert_eq!(err.suggestion(), Some("kubernetes"));
/// assert_eq!(err.to_string(), r#"unknown executor "kubernets", did you mean "kubernetes"?"#);
/// // Without a close value there is no suggestion.
/// assert_eq!("lxc".parse::<Executor>().unwrap_err().to_string(), r#"unknown executor "lxc""#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {value:?}{}", .suggestion.map(|s| format!(", did you mean {s:?}?")).unwrap_or_default())]
pub struct UnknownValue {
    what: &'static str,
    value: String,
    suggestion: Option<&'static str>,
}

impl UnknownValue {
    pub(crate) fn new(def: &'static EnumDef, value: &str) -> Self {
        Self {
            what: def.name,
            value: value.to_owned(),
            suggestion: crate::suggest::did_you_mean(
                value,
                def.values
                    .iter()
                    .copied()
                    .filter(|v| !v.is_empty() && !def.unsupported.contains(v)),
            ),
        }
    }

    /// The rejected string.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// The accepted value it is closest to, if any.
    pub fn suggestion(&self) -> Option<&'static str> {
        self.suggestion
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    section! {
        /// A test table.
        pub struct Inner in "[outer.inner]", case_sensitive {
            /// A secret.
            "Token" [secret] => token: Option<String>,
        }
    }

    string_enum! {
        /// A test enum.
        pub enum Level as "log level" {
            matching: Lowercased,
            on_unknown: RefusesToStart,
            says: "not a valid logrus Level: %q",
        } {
            /// Debug.
            Debug = "debug",
            /// Warn.
            Warn = "warn",
        }
    }

    section! {
        /// Another.
        pub struct Outer in "[outer]" {
            /// Names.
            "names" => names: Option<Vec<String>>,
            /// Inner tables.
            "inner" => inner: Vec<Inner>,
            /// Level.
            "level" => level: Option<Level>,
            /// Labels.
            "labels" => labels: BTreeMap<String, String>,
        }
    }

    #[test]
    fn definitions_follow_the_types() {
        let t = Outer::TABLE;
        assert_eq!(t.header, "[outer]");
        assert!(!t.case_sensitive);
        assert_eq!(t.key("names").unwrap().shape, &Shape::Array(&Shape::String));
        let Shape::Array(Shape::Table(inner)) = t.key("inner").unwrap().shape else {
            panic!("inner is an array of tables")
        };
        assert!(inner.case_sensitive);
        assert!(inner.key("Token").unwrap().secret);
        assert_eq!(t.key("labels").unwrap().shape, &Shape::Map(&Shape::String));
        let Shape::Enum(level) = t.key("level").unwrap().shape else {
            panic!()
        };
        assert!(level.case_insensitive);
        assert_eq!(level.values, ["debug", "warn"]);
    }

    #[test]
    fn enums_parse_with_suggestions() {
        assert_eq!(Level::ALL, [Level::Debug, Level::Warn]);
        assert_eq!("WARN".parse::<Level>(), Ok(Level::Warn));
        let err = "debg".parse::<Level>().unwrap_err();
        assert_eq!(err.suggestion(), Some("debug"));
        assert_eq!(
            err.to_string(),
            r#"unknown log level "debg", did you mean "debug"?"#
        );
    }

    #[test]
    fn folding_follows_go() {
        assert_eq!(Matching::Lowercased.fold("DEBUG"), "debug");
        // Go's simple case mapping: `İ` lower-cases to `i`, `ß` keeps its
        // case, the Kelvin sign lower-cases to `k`.
        assert_eq!(Matching::Lowercased.fold("\u{130}AM"), "iam");
        assert_eq!(Matching::Uppercased.fold("aws:kmsß"), "AWS:KMSß");
        assert_eq!(Matching::Lowercased.fold("\u{212a}"), "k");
        assert_eq!(Matching::TrimmedTitleCased.fold(" unMASKED\t"), "Unmasked");
        assert_eq!(Matching::Exact.fold(" X "), " X ");
    }

    /// `folds_to` is `fold` compared, without the allocation.
    #[test]
    fn folds_to_agrees_with_fold() {
        let samples = [
            "",
            " ",
            "debug",
            "DEBUG",
            "Debug",
            " unMASKED\t",
            "Unmasked",
            "\u{130}AM",
            "iam",
            "aws:kmsß",
            "AWS:KMSß",
            "\u{212a}",
            "k",
            "K",
            "ﬀ",
            "FF_TIMESTAMPS",
            "ff_timestamps",
        ];
        for matching in [
            Matching::Exact,
            Matching::Lowercased,
            Matching::Uppercased,
            Matching::TrimmedTitleCased,
        ] {
            for value in samples {
                for written in samples {
                    let folded = matching.fold(written);
                    assert_eq!(
                        matching.folds_to(value, &folded),
                        matching.fold(value) == folded,
                        "{matching:?}: {value:?} against {written:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn definitions_resolve_as_the_runner_reads() {
        let Shape::Enum(def) = Level::SHAPE else {
            panic!("an enum")
        };
        assert_eq!(def.resolve("WARN"), Some("warn"));
        assert_eq!(def.resolve(""), None);
        assert_eq!(
            def.runner_message("x\"y").as_deref(),
            Some("not a valid logrus Level: \"x\\\"y\"")
        );
    }

    #[test]
    fn absent_fields_are_not_serialized() {
        let o = Outer {
            level: Some(Level::Debug),
            ..Outer::default()
        };
        assert_eq!(toml::to_string(&o).unwrap(), "level = \"debug\"\n");
        let back: Outer = toml::from_str("level = \"debug\"\n").unwrap();
        assert_eq!(back, o);
    }
}
