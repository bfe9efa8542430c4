//! The loader on a small model shaped like the real one.
#![allow(dead_code)] // the test models are only partly read

use std::collections::BTreeMap;

use super::*;
use crate::model::shape::{Describe, Shape, section, string_enum};
use crate::model::types::{GoDuration, Timestamp};
use crate::policy::{AllowedPullPolicies, PullPolicyList};

/// `pull_policy` (the real list type gets its schema from the model).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct Policies(#[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))] PullPolicyList);

impl Describe for Policies {
    const SHAPE: &'static Shape = PullPolicyList::SHAPE;
}

/// `allowed_pull_policies`.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct Allowed(
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))] AllowedPullPolicies,
);

impl Describe for Allowed {
    const SHAPE: &'static Shape = AllowedPullPolicies::SHAPE;
}

/// An integer type narrower than the shape says, to exercise the decode
/// retry.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Small(u8);

impl Describe for Small {
    const SHAPE: &'static Shape = &Shape::Integer;
}

string_enum! {
    /// Executors.
    pub enum Executor as "executor" {
        matching: Exact,
        on_unknown: NeverPolls,
        says: "Executor %q is not known; marking Runner as unhealthy",
    } {
        /// docker
        Docker = "docker",
        /// docker-autoscaler
        DockerAutoscaler = "docker-autoscaler",
        /// kubernetes
        Kubernetes = "kubernetes",
        /// shell
        Shell = "shell",
    }
}

string_enum! {
    /// Log levels.
    pub enum Level as "log level" {
        matching: Lowercased,
        on_unknown: RefusesToStart,
        says: "",
    } {
        /// info
        Info = "info",
        /// debug
        Debug = "debug",
    }
}

section! {
    /// NFS volume.
    pub struct Nfs in "[[runners.kubernetes.volumes.nfs]]", case_sensitive {
        /// Name.
        "name" => name: Option<String>,
        /// Mount path.
        "mount_path" => mount_path: Option<String>,
    }
}

section! {
    /// Volumes.
    pub struct Volumes in "[runners.kubernetes.volumes]" {
        /// NFS.
        "nfs" => nfs: Vec<Nfs>,
    }
}

section! {
    /// A service.
    pub struct Service in "[[runners.docker.services]]" {
        /// Name.
        "name" => name: Option<String>,
        /// Alias.
        "alias" => alias: Option<String>,
    }
}

section! {
    /// Docker.
    pub struct Docker in "[runners.docker]" {
        /// Image.
        "image" => image: Option<String>,
        /// Pull policy.
        "pull_policy" => pull_policy: Option<Policies>,
        /// Allowed.
        "allowed_pull_policies" => allowed_pull_policies: Option<Allowed>,
        /// shm.
        "shm_size" => shm_size: Option<i64>,
        /// Privileged.
        "privileged" => privileged: Option<bool>,
        /// TLS.
        "tls_verify" => tls_verify: Option<bool>,
        /// CPUs.
        "cpus" => cpus: Option<f64>,
        /// Services.
        "services" => services: Vec<Service>,
        /// Sysctls.
        "sysctls" => sysctls: BTreeMap<String, String>,
        /// Volumes.
        "volumes" => volumes: Option<Vec<String>>,
        /// A narrow integer.
        "small" => small: Option<Small>,
    }
}

section! {
    /// Kubernetes.
    pub struct Kubernetes in "[runners.kubernetes]" {
        /// Image.
        "image" => image: Option<String>,
        /// Pull policy.
        "pull_policy" => pull_policy: Option<Policies>,
        /// Privileged.
        "privileged" => privileged: Option<bool>,
        /// Escalation.
        "allow_privilege_escalation" => allow_privilege_escalation: Option<bool>,
        /// Volumes.
        "volumes" => volumes: Option<Volumes>,
        /// Annotations.
        "pod_annotations" => pod_annotations: BTreeMap<String, String>,
        /// Token.
        "bearer_token" [secret] => bearer_token: Option<String>,
    }
}

section! {
    /// S3.
    pub struct S3 in "[runners.cache.s3]" {
        /// Server.
        "ServerAddress" => server_address: Option<String>,
        /// Access key.
        "AccessKey" [secret] => access_key: Option<String>,
        /// Secret key.
        "SecretKey" [secret] => secret_key: Option<String>,
        /// Insecure.
        "Insecure" => insecure: Option<bool>,
    }
}

section! {
    /// Cache.
    pub struct Cache in "[runners.cache]" {
        /// Type.
        "Type" => kind: Option<String>,
        /// S3.
        "s3" => s3: Option<S3>,
    }
}

section! {
    /// A runner.
    pub struct Runner in "[[runners]]" {
        /// Name.
        "name" => name: Option<String>,
        /// URL.
        "url" => url: Option<String>,
        /// Token.
        "token" [secret] => token: Option<String>,
        /// Executor.
        "executor" => executor: Option<Executor>,
        /// Builds dir.
        "builds_dir" => builds_dir: Option<String>,
        /// Environment.
        "environment" => environment: Option<Vec<String>>,
        /// Limit.
        "limit" => limit: Option<i64>,
        /// Script.
        "pre_get_sources_script" => pre_get_sources_script: Option<String>,
        /// Interval.
        "unhealthy_interval" => unhealthy_interval: Option<GoDuration>,
        /// Expiry.
        "token_expires_at" => token_expires_at: Option<Timestamp>,
        /// Docker.
        "docker" => docker: Option<Docker>,
        /// Kubernetes.
        "kubernetes" => kubernetes: Option<Kubernetes>,
        /// Cache.
        "cache" => cache: Option<Cache>,
    }
}

section! {
    /// The root.
    pub struct Root in "(root)" {
        /// Concurrency.
        "concurrent" => concurrent: Option<i64>,
        /// Log level.
        "log_level" => log_level: Option<Level>,
        /// Runners.
        "runners" => runners: Vec<Runner>,
    }
}

fn load(text: &str) -> Loaded<Root> {
    load_as::<Root>("config.toml", text)
}

/// `(code, key path)` of every diagnostic.
fn found(loaded: &Loaded<Root>) -> Vec<(&'static str, String)> {
    loaded
        .diagnostics()
        .iter()
        .map(|d| (d.code(), d.key_path().unwrap_or_default().to_owned()))
        .collect()
}

#[track_caller]
fn only(loaded: &Loaded<Root>, code: &str) -> Diagnostic {
    let all: Vec<_> = loaded
        .diagnostics()
        .iter()
        .filter(|d| d.code() == code)
        .collect();
    assert_eq!(all.len(), 1, "{:#?}", loaded.diagnostics());
    all[0].clone()
}

#[test]
fn a_clean_file_is_valid() {
    let loaded = load(
        r#"
concurrent = 4
log_level = "debug"
[[runners]]
name = "a"
executor = "docker"
unhealthy_interval = "1h30m"
token_expires_at = 2030-01-01T00:00:00Z
[runners.docker]
image = "alpine"
pull_policy = ["always", "if-not-present"]
allowed_pull_policies = ["always"]
cpus = 2
sysctls = { "net.ipv4.ip_forward" = "1" }
[[runners.docker.services]]
name = "postgres"
"#,
    );
    assert_eq!(found(&loaded), []);
    let root = loaded.config().unwrap();
    let docker = root.runners[0].docker.as_ref().unwrap();
    assert_eq!(
        docker.pull_policy.as_ref().unwrap().0.entries(),
        ["always", "if-not-present"]
    );
    assert_eq!(docker.cpus, Some(2.0));
    assert_eq!(docker.services[0].name.as_deref(), Some("postgres"));
    let interval = root.runners[0].unhealthy_interval.as_ref().unwrap();
    assert_eq!(interval.as_nanos(), 5_400_000_000_000);
}

#[test]
fn syntax_errors_are_reported_and_the_rest_still_loads() {
    let loaded = load("concurrent = 4\n[[runners]]\nname = \"a\"\nlimit = 3GB\n");
    // The value the parser recovered ("3GB") is not reported again.
    assert_eq!(found(&loaded), [("syntax-error", String::new())]);
    let partial = loaded.config().unwrap_err();
    assert_eq!(partial.best_effort().concurrent, Some(4));
    assert_eq!(partial.best_effort().runners[0].name.as_deref(), Some("a"));
}

#[test]
fn case_insensitive_keys_load_with_a_warning() {
    let loaded =
        load("[[runners]]\nExecutor = \"docker\"\n[runners.Docker]\nPull_Policy = \"never\"\n");
    assert!(loaded.is_valid());
    assert_eq!(
        found(&loaded),
        [
            ("non-canonical-key-case", "runners[0].executor".to_owned()),
            ("non-canonical-key-case", "runners[0].docker".to_owned()),
            (
                "non-canonical-key-case",
                "runners[0].docker.pull_policy".to_owned()
            ),
        ]
    );
    let d = &loaded.diagnostics()[2];
    assert_eq!(
        d.message(),
        "`Pull_Policy` works only through the runner's case-insensitive fallback; write `pull_policy`"
    );
    let root = loaded.config().unwrap();
    let docker = root.runners[0].docker.as_ref().unwrap();
    assert_eq!(docker.pull_policy.as_ref().unwrap().0.entries(), ["never"]);
    let spans = loaded.spans().get("runners[0].docker.pull_policy").unwrap();
    assert_eq!(&loaded.source().text()[spans.key.unwrap()], "Pull_Policy");
}

#[test]
fn a_bad_value_under_a_key_in_the_wrong_case_is_reported_once() {
    let loaded = load("[[runners]]\n[runners.docker]\nSHM_SIZE = \"1g\"\nImage = \"alpine\"\n");
    assert_eq!(
        found(&loaded),
        [
            (
                "non-canonical-key-case",
                "runners[0].docker.shm_size".to_owned()
            ),
            ("type-mismatch", "runners[0].docker.shm_size".to_owned()),
            (
                "non-canonical-key-case",
                "runners[0].docker.image".to_owned()
            ),
        ]
    );
    let docker = &loaded.best_effort().runners[0].docker.clone().unwrap();
    assert_eq!(docker.shm_size, None);
    assert_eq!(docker.image.as_deref(), Some("alpine"));
}

#[test]
fn two_spellings_of_one_key_warn_and_the_exact_one_is_kept() {
    let loaded = load(
        "[[runners]]\n[runners.docker]\nPull_Policy = [\"always\"]\npull_policy = \"never\"\n",
    );
    let d = only(&loaded, "case-duplicate-key");
    assert_eq!(
        d.message(),
        "`Pull_Policy` and `pull_policy` both set `pull_policy`; the runner keeps both lists, one \
         after the other in an order that changes from one start to the next"
    );
    assert_eq!(d.labels().len(), 1);
    let root = loaded.config().unwrap();
    let docker = root.runners[0].docker.as_ref().unwrap();
    assert_eq!(docker.pull_policy.as_ref().unwrap().0.entries(), ["never"]);
}

#[test]
fn two_non_canonical_spellings_keep_the_first_written() {
    let loaded =
        load("[[runners]]\n[runners.docker]\nPULL_POLICY = \"never\"\nPull_Policy = \"always\"\n");
    let d = only(&loaded, "case-duplicate-key");
    assert!(
        d.message().starts_with("`Pull_Policy` and `PULL_POLICY`"),
        "{}",
        d.message()
    );
    let docker = loaded.config().unwrap().runners[0].docker.clone().unwrap();
    assert_eq!(docker.pull_policy.unwrap().0.entries(), ["never"]);
}

#[test]
fn case_sensitive_tables_do_not_fall_back() {
    let loaded = load(
        "[[runners]]\n[[runners.kubernetes.volumes.nfs]]\nName = \"data\"\nmount_path = \"/data\"\n",
    );
    let d = only(&loaded, "unknown-key");
    assert_eq!(
        d.key_path(),
        Some("runners[0].kubernetes.volumes.nfs[0].Name")
    );
    assert!(
        d.help_text().unwrap().contains("matched exactly"),
        "{:?}",
        d.help_text()
    );
}

#[test]
fn unknown_keys_suggest_the_closest_key() {
    let loaded = load(
        "[[runners]]\nbuids_dir = \"/b\"\n[runners.docker]\npull_policies = \"always\"\n[runners.kubernetes]\nallowPrivilegeEscalation = false\n",
    );
    assert!(loaded.is_valid());
    let helps: Vec<_> = loaded
        .diagnostics()
        .iter()
        .map(|d| (d.code(), d.help_text().unwrap_or_default().to_owned()))
        .collect();
    assert_eq!(
        helps,
        [
            ("unknown-key", "did you mean `builds_dir`?".to_owned()),
            ("unknown-key", "did you mean `pull_policy`?".to_owned()),
            (
                "unknown-key",
                "did you mean `allow_privilege_escalation`?".to_owned()
            ),
        ]
    );
    assert_eq!(
        loaded.diagnostics()[0].message(),
        "`buids_dir` is not a key of `[[runners]]`; GitLab Runner ignores it"
    );
}

#[test]
fn a_key_with_an_extra_word_suggests_the_key() {
    let loaded =
        load("[[runners]]\n[runners.docker]\ndocker_image = \"alpine\"\nimage_name = \"a\"\n");
    let helps: Vec<_> = loaded
        .diagnostics()
        .iter()
        .map(|d| d.help_text().unwrap_or_default())
        .collect();
    assert_eq!(helps, ["did you mean `image`?", "did you mean `image`?"]);
}

#[test]
fn misplaced_keys_name_the_section_that_fits_the_executor() {
    let loaded = load(
        "[[runners]]\nexecutor = \"docker\"\npull_policy = \"always\"\n[[runners]]\npull_policy = \"always\"\n",
    );
    let messages: Vec<_> = loaded
        .diagnostics()
        .iter()
        .map(|d| d.message().to_owned())
        .collect();
    assert_eq!(
        messages,
        [
            "`pull_policy` is not read in `[[runners]]`; it belongs in `[runners.docker]`",
            "`pull_policy` is not read in `[[runners]]`; it belongs in `[runners.docker]` or `[runners.kubernetes]`",
        ]
    );
    assert_eq!(loaded.diagnostics()[0].code(), "misplaced-key");
}

#[test]
fn misplaced_keys_found_in_enclosing_and_sibling_tables() {
    let loaded = load(
        "limit = 3\n[[runners]]\nexecutor = \"kubernetes\"\n[runners.docker]\nenvironment = [\"A=1\"]\n[runners.kubernetes]\ntls_verify = true\n",
    );
    let messages: Vec<_> = loaded
        .diagnostics()
        .iter()
        .map(|d| d.message().to_owned())
        .collect();
    assert_eq!(
        messages,
        [
            "`limit` is not read at the top level; it belongs in `[[runners]]`",
            "`environment` is not read in `[runners.docker]`; it belongs in `[[runners]]`",
            "`tls_verify` is not read in `[runners.kubernetes]`; it belongs in `[runners.docker]`",
        ]
    );
}

#[test]
fn retired_and_registration_keys_have_their_own_codes() {
    let loaded = load(
        "[[runners]]\npre_clone_script = \"x\"\ntag_list = [\"a\"]\n[runners.cache]\nInsecure = true\n",
    );
    assert_eq!(
        found(&loaded),
        [
            (
                "unknown-key-removed",
                "runners[0].pre_clone_script".to_owned()
            ),
            (
                "unknown-key-registration-option",
                "runners[0].tag_list".to_owned()
            ),
            (
                "unknown-key-removed",
                "runners[0].cache.Insecure".to_owned()
            ),
        ]
    );
    assert!(
        loaded
            .diagnostics()
            .iter()
            .all(|d| d.code().contains("unknown-key"))
    );
    assert!(
        loaded.diagnostics()[0]
            .help_text()
            .unwrap()
            .contains("pre_get_sources_script")
    );
}

#[test]
fn wrong_types_are_errors_with_the_runners_message() {
    let loaded = load("[[runners]]\n[runners.docker]\nshm_size = \"256m\"\nprivileged = true\n");
    let d = only(&loaded, "type-mismatch");
    assert_eq!(
        d.message(),
        "`shm_size` must be an integer, found string \"256m\""
    );
    assert_eq!(
        d.help_text(),
        Some(
            "the runner refuses to load the file: `toml: line 3 (last key \"runners.docker.shm_size\"): \
             incompatible types: TOML value has type string; destination has type integer`"
        )
    );
    assert_eq!(&loaded.source().text()[d.span().unwrap()], "\"256m\"");
    let partial = loaded.config().unwrap_err().best_effort();
    let docker = partial.runners[0].docker.as_ref().unwrap();
    assert_eq!(docker.shm_size, None);
    assert_eq!(docker.privileged, Some(true));
}

#[test]
fn pull_policy_types_use_the_string_or_array_message() {
    let loaded = load("[[runners]]\n[runners.docker]\npull_policy = [\"always\", 1]\n");
    let d = only(&loaded, "type-mismatch");
    assert!(
        d.help_text()
            .unwrap()
            .ends_with("cannot load value of type int64 into a StringOrArray`"),
        "{:?}",
        d.help_text()
    );
    assert!(loaded.spans().contains("runners[0].docker.pull_policy[1]"));
}

#[test]
fn a_bare_allowed_pull_policies_string_has_its_own_code() {
    let loaded = load("[[runners]]\n[runners.docker]\nallowed_pull_policies = \"always\"\n");
    let d = only(&loaded, "allowed-pull-policies-not-array");
    assert!(
        d.help_text()
            .unwrap()
            .contains("allowed_pull_policies = [\"always\"]")
    );
    assert!(
        d.help_text()
            .unwrap()
            .contains("incompatible types: TOML value has type string; destination has type slice")
    );
}

#[test]
fn unknown_executors_and_values_suggest_the_closest() {
    let loaded = load("log_level = \"DEBUG\"\n[[runners]]\nexecutor = \"docker+autoscaler\"\n");
    let d = only(&loaded, "unknown-executor");
    assert_eq!(
        d.message(),
        "\"docker+autoscaler\" is not an executor (`executor`); did you mean \"docker-autoscaler\"?"
    );
    let loaded = load("log_level = \"verbose\"\n");
    only(&loaded, "unknown-value");
}

#[test]
fn durations_and_datetimes_are_checked() {
    let loaded = load(
        "[[runners]]\nunhealthy_interval = \"3600 s\"\ntoken_expires_at = \"2030-01-01T00:00:00Z\"\n[[runners]]\nunhealthy_interval = 5\ntoken_expires_at = \"soon\"\n",
    );
    let d = only(&loaded, "invalid-duration");
    assert_eq!(
        d.message(),
        "`unhealthy_interval` is not a Go duration: time: unknown unit \" s\" in duration \"3600 s\""
    );
    only(&loaded, "invalid-datetime");
    let partial = loaded.config().unwrap_err().best_effort();
    let expires = partial.runners[0].token_expires_at.as_ref().unwrap();
    assert_eq!(expires.to_string(), "2030-01-01T00:00:00Z");
    assert_eq!(
        partial.runners[1].unhealthy_interval,
        Some(GoDuration::from_nanos(5))
    );
}

#[test]
fn tables_and_arrays_of_tables_must_match() {
    let loaded = load("[runners.docker]\nimage = \"alpine\"\n");
    let d = only(&loaded, "type-mismatch");
    assert_eq!(
        d.message(),
        "`runners` must be an array of tables (`[[runners]]`), found a table"
    );
    assert!(
        d.help_text()
            .unwrap()
            .contains("start the section with a `[[runners]]` header")
    );
    assert!(
        loaded
            .config()
            .unwrap_err()
            .best_effort()
            .runners
            .is_empty()
    );

    let loaded = load("[[runners]]\n[runners.docker]\nservices = [\"postgres\"]\n");
    let d = only(&loaded, "type-mismatch");
    assert_eq!(
        d.message(),
        "`services[0]` must be a table (`[[runners.docker.services]]`), found string \"postgres\""
    );

    let loaded = load("[[runners]]\n[[runners.kubernetes.pod_annotations]]\na = \"b\"\n");
    let d = only(&loaded, "type-mismatch");
    assert_eq!(
        d.message(),
        "`pod_annotations` must be a table, found an array of tables (`[[runners.kubernetes.pod_annotations]]`)"
    );
    let loaded = load("[[runners]]\n[[runners.docker]]\nimage = \"a\"\n");
    let d = only(&loaded, "type-mismatch");
    assert_eq!(
        d.message(),
        "`docker` must be a table (`[runners.docker]`), found an array of tables (`[[runners.docker]]`)"
    );
}

#[test]
fn secrets_are_redacted_and_never_echoed() {
    let text = "[[runners]]\nurl = \"https://deploy:hunter2@gitlab.example.com/\"\ntoken = 12345\n[runners.kubernetes]\nbearer_token = \"abc\"\n[runners.cache.s3]\nAccessKey = \"AKIA\"\nregistration_token = \"GR1348941xyz\"\n";
    let loaded = load(text);
    let redacted = loaded.source().text();
    for secret in ["deploy:hunter2", "12345", "abc", "AKIA", "GR1348941xyz"] {
        assert!(!redacted.contains(secret), "{secret} in {redacted}");
    }
    assert!(redacted.contains("https://**************@gitlab.example.com/"));
    assert_eq!(redacted.len(), text.len());
    for d in loaded.diagnostics() {
        let rendered = format!("{} {:?}", d.message(), d.help_text());
        assert!(
            !rendered.contains("12345") && !rendered.contains("GR1348941"),
            "{rendered}"
        );
    }
    let d = only(&loaded, "type-mismatch");
    assert_eq!(d.message(), "`token` must be a string, found an integer");
}

#[test]
fn the_span_index_covers_keys_items_and_headers() {
    let text = "[[runners]]\nname = \"a\"\n[runners.docker]\npull_policy = [\"always\", \"never\"]\nsysctls = { \"net.ipv4.ip_forward\" = \"1\" }\n[[runners.docker.services]]\nname = \"pg\"\n";
    let loaded = load(text);
    let spans = loaded.spans();
    let at = |path: &str| &text[spans.value_span(path).unwrap()];
    assert_eq!(at("runners[0]"), "[[runners]]");
    assert_eq!(at("runners[0].docker"), "[runners.docker]");
    assert_eq!(at("runners[0].docker.pull_policy[1]"), "\"never\"");
    assert_eq!(
        at("runners[0].docker.services[0]"),
        "[[runners.docker.services]]"
    );
    assert_eq!(at("runners[0].docker.services[0].name"), "\"pg\"");
    assert_eq!(
        at("runners[0].docker.sysctls.\"net.ipv4.ip_forward\""),
        "\"1\""
    );
    assert_eq!(&text[spans.key_span("runners[0].name").unwrap()], "name");
    assert!(!spans.contains("runners[0].docker.image"));
}

#[test]
fn diagnostics_are_sorted_by_position() {
    let loaded = load("zzz = 1\n[[runners]]\nexecutor = \"dockr\"\naaa = 2\n");
    let starts: Vec<_> = loaded
        .diagnostics()
        .iter()
        .map(|d| d.span().unwrap().start)
        .collect();
    let mut sorted = starts.clone();
    sorted.sort_unstable();
    assert_eq!(starts, sorted);
    assert_eq!(starts.len(), 3);
}

#[test]
fn values_serde_still_rejects_are_reported_and_taken_out() {
    let loaded =
        load("[[runners]]\nname = \"a\"\n[runners.docker]\nsmall = 300\nimage = \"alpine\"\n");
    let d = only(&loaded, "type-mismatch");
    assert_eq!(d.key_path(), Some("runners[0].docker.small"));
    let partial = loaded.config().unwrap_err().best_effort();
    let docker = partial.runners[0].docker.as_ref().unwrap();
    assert_eq!(docker.image.as_deref(), Some("alpine"));
    assert_eq!(docker.small, None);
    assert_eq!(partial.runners[0].name.as_deref(), Some("a"));
}

#[test]
fn the_best_partial_model_keeps_every_good_value() {
    let loaded = load(
        "concurrent = \"4\"\n[[runners]]\nname = \"a\"\nexecutor = \"dockerr\"\n[runners.docker]\nimage = \"alpine\"\nshm_size = true\n[[runners]]\nname = \"b\"\n",
    );
    let partial = &loaded.best_effort();
    assert_eq!(partial.concurrent, None);
    assert_eq!(partial.runners.len(), 2);
    assert_eq!(partial.runners[0].executor, None);
    assert_eq!(
        partial.runners[0].docker.as_ref().unwrap().image.as_deref(),
        Some("alpine")
    );
    assert_eq!(partial.runners[1].name.as_deref(), Some("b"));
}

// ---------------------------------------------------------------------
// TOML as GitLab Runner's decoder reads it.
// ---------------------------------------------------------------------

#[test]
fn tables_the_runner_merges_load_merged_with_a_warning() {
    let loaded = load(
        "[[runners]]\nexecutor = \"docker\"\ndocker.image = \"alpine\"\n[runners.docker]\nprivileged = true\n",
    );
    assert!(loaded.is_valid());
    assert_eq!(found(&loaded), [("lenient-toml", String::new())]);
    let docker = loaded.config().unwrap().runners[0].docker.clone().unwrap();
    assert_eq!(docker.image.as_deref(), Some("alpine"));
    assert_eq!(docker.privileged, Some(true));
    // The keys are indexed where they are written, whichever way.
    assert!(loaded.spans().contains("runners[0].docker.image"));
    assert!(loaded.spans().contains("runners[0].docker.privileged"));
}

#[test]
fn the_decoders_refusals_are_syntax_errors() {
    // Not "out of range": the runner's decoder refuses `0x` as it parses.
    let loaded = load("concurrent = 0x\n");
    let d = only(&loaded, "syntax-error");
    assert_eq!(d.message(), "`0x` has no digits after its prefix");
    assert_eq!(loaded.diagnostics().len(), 1);
    let loaded = load("concurrent = 9223372036854775808\n");
    assert_eq!(found(&loaded), [("syntax-error", String::new())]);
    let loaded = load("[[runners]]\ntoken_expires_at = 2030-01-01T00:00:60Z\n");
    assert_eq!(found(&loaded), [("syntax-error", String::new())]);
}

#[test]
fn a_broken_header_causes_no_findings_about_the_keys_below_it() {
    // Before, `image` and `privileged` landed in `[[runners]]` and were
    // reported there as misplaced.
    let text = "[[runners]]\nexecutor = \"docker\"\ntoken = \"glrt-abc\"\n[runners.docker\nimage = \"alpine\"\nprivileged = true\npassword = \"hunter22\"\n[runners.cache]\nType = \"s3\"\n";
    let loaded = load(text);
    assert_eq!(found(&loaded), [("syntax-error", String::new())]);
    let partial = loaded.best_effort();
    assert!(partial.runners[0].docker.is_none());
    assert_eq!(
        partial.runners[0]
            .cache
            .as_ref()
            .and_then(|c| c.kind.as_deref()),
        Some("s3")
    );
    // Kept out of the document, but still secret.
    assert!(!loaded.source().text().contains("hunter22"));
    assert!(!loaded.source().text().contains("glrt-abc"));
}

#[test]
fn a_duplicate_dropped_by_the_runner_stays_secret() {
    let loaded = load(
        "[[runners]]\ntoken = \"glrt-first\"\nx = { token = \"glrt-second\" }\nx = { token = \"glrt-third\" }\ny = { token = \"glrt-fourth\", token = \"glrt-fifth\" }\n",
    );
    assert_eq!(
        loaded
            .diagnostics()
            .iter()
            .filter(|d| d.code() == "syntax-error")
            .count(),
        2
    );
    let d = &loaded.diagnostics()[1];
    assert_eq!(
        d.message(),
        "the table `runners.x` is already defined on line 3"
    );
    for secret in [
        "glrt-first",
        "glrt-second",
        "glrt-third",
        "glrt-fourth",
        "glrt-fifth",
    ] {
        assert!(!loaded.source().text().contains(secret), "{secret}");
    }
}

#[test]
fn type_errors_are_worded_as_each_releases_decoder_words_them() {
    let text = "concurrent = [1]\n";
    let help = |release: &str| {
        let version = release.parse().expect("a release");
        let loaded = super::load_for("config.toml", text, version);
        let d = loaded
            .diagnostics()
            .iter()
            .find(|d| d.code() == "type-mismatch")
            .expect("a type mismatch");
        d.help_text().expect("help").to_owned()
    };
    // BurntSushi/toml v0.3.1 (`badtype`, no line), v1.3.2 (`%T`), v1.4.0 on
    // (`fmtType`: `any`), each measured with that module.
    assert_eq!(
        help("15.0"),
        "the runner refuses to load the file: `toml: cannot load TOML value of type \
         []interface {} into a Go integer`"
    );
    assert_eq!(
        help("17.5"),
        "the runner refuses to load the file: `toml: line 1 (last key \"concurrent\"): \
         incompatible types: TOML value has type []interface {}; destination has type integer`"
    );
    assert_eq!(
        help("19.4"),
        "the runner refuses to load the file: `toml: line 1 (last key \"concurrent\"): \
         incompatible types: TOML value has type []any; destination has type integer`"
    );
}

/// A model only serde can refuse: the walk checks no range for `u8`.
#[derive(Debug, Default, serde::Deserialize)]
struct Narrow {
    a: Option<u8>,
    b: Option<u8>,
    c: Option<String>,
}

/// The first decode attempt consumes the tree; each retry starts from
/// the rebuilt one, with every value serde refused taken out, so all of
/// them are reported and the rest of the model is kept.
#[test]
fn decode_retries_from_the_rebuilt_tree() {
    let text = "a = 300\nb = 400\nc = \"kept\"\n";
    let parse = || DeTable::parse(text).expect("valid TOML");
    let mut rebuilt = 0;
    let mut diagnostics = Vec::new();
    let model: Narrow = decode(
        parse(),
        || {
            rebuilt += 1;
            parse()
        },
        &SpanIndex::for_text(text.len()),
        &mut diagnostics,
    );
    assert_eq!(rebuilt, 1);
    let codes: Vec<_> = diagnostics.iter().map(Diagnostic::code).collect();
    assert_eq!(codes, ["type-mismatch", "type-mismatch"]);
    assert_eq!((model.a, model.b), (None, None));
    assert_eq!(model.c.as_deref(), Some("kept"));
}

/// A model that decodes at once never rebuilds the tree.
#[test]
fn decode_without_an_error_rebuilds_nothing() {
    let text = "a = 3\nc = \"x\"\n";
    let parse = || DeTable::parse(text).expect("valid TOML");
    let mut diagnostics = Vec::new();
    let model: Narrow = decode(
        parse(),
        || panic!("rebuilt without a decode error"),
        &SpanIndex::for_text(text.len()),
        &mut diagnostics,
    );
    assert!(diagnostics.is_empty());
    assert_eq!(model.a, Some(3));
}
