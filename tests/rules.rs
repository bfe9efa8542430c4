//! The lint rules: one fixture and snapshot per rule, each rule's own
//! examples, the runner's exact texts, and no panics on any model.

use std::fs;
use std::path::PathBuf;

use miette::{GraphicalReportHandler, GraphicalTheme};
use proptest::prelude::*;
use runner_config::check::{CheckOptions, FileReport, Mode, check, check_with};
use runner_config::{Diagnostic, Rule, Severity, rules};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules")
}

fn render(report: &FileReport, diagnostics: &[&Diagnostic]) -> String {
    let handler =
        GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(100);
    let mut out = String::new();
    for d in diagnostics {
        let key = d.key_path().unwrap_or("-");
        out.push_str(&format!("[{key}]\n"));
        handler
            .render_report(&mut out, &d.with_source(&report.source))
            .expect("rendering into a String cannot fail");
    }
    out
}

fn with_code<'a>(report: &'a FileReport, code: &str) -> Vec<&'a Diagnostic> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.code() == code)
        .collect()
}

/// Template rules only speak about registration templates; every other
/// rule is shown on a `config.toml`.
fn check_for(code: &str, name: &str, text: &str) -> FileReport {
    let mode = if code.starts_with("template-") {
        Mode::Template
    } else {
        Mode::Config
    };
    check_with(name, text, &CheckOptions::new(mode))
}

/// Wraps an example that is not a whole file in a runner entry.
fn as_file(example: &str) -> String {
    if example.contains("[[runners]]") {
        example.to_owned()
    } else {
        format!("[[runners]]\nexecutor = \"docker\"\n{example}")
    }
}

#[test]
fn every_lint_has_a_fixture_and_every_fixture_a_lint() {
    let mut missing = Vec::new();
    for rule in rules::lints() {
        if !fixtures().join(format!("{}.toml", rule.code)).is_file() {
            missing.push(rule.code);
        }
    }
    assert!(missing.is_empty(), "rules without a fixture: {missing:?}");
    for entry in fs::read_dir(fixtures()).expect("fixture folder") {
        let path = entry.expect("entry").path();
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        assert!(
            rules::lints().any(|r| r.code == stem),
            "fixture for no rule: {stem}"
        );
    }
}

#[test]
fn fixtures_render_as_snapshotted() {
    for rule in rules::lints() {
        let path = fixtures().join(format!("{}.toml", rule.code));
        let text = fs::read_to_string(&path).expect("fixture");
        let report = check_for(rule.code, &format!("{}.toml", rule.code), &text);
        let found = with_code(&report, rule.code);
        assert!(
            !found.is_empty(),
            "{} finds nothing in its fixture",
            rule.code
        );
        for d in &found {
            assert_eq!(d.severity(), rule.severity, "{}", rule.code);
            assert!(d.span().is_some(), "{} has no span", rule.code);
            assert!(d.key_path().is_some(), "{} has no key path", rule.code);
            assert!(d.help_text().is_some(), "{} has no help", rule.code);
        }
        insta::assert_snapshot!(rule.code, render(&report, &found));
    }
}

#[test]
fn bad_examples_trigger_and_good_examples_do_not() {
    for rule in rules::lints() {
        let bad = check_for(rule.code, "bad.toml", &as_file(rule.bad));
        assert!(
            !with_code(&bad, rule.code).is_empty(),
            "{}: the bad example finds nothing",
            rule.code
        );
        let good = check_for(rule.code, "good.toml", &as_file(rule.good));
        assert!(
            with_code(&good, rule.code).is_empty(),
            "{}: the good example is reported: {:?}",
            rule.code,
            good.diagnostics
        );
    }
}

#[test]
fn severities_follow_the_table() {
    let expect = |code: &str, severity: Severity| {
        let rule: &Rule = rules::find(code).unwrap_or_else(|| panic!("{code}"));
        assert_eq!(rule.severity, severity, "{code}");
    };
    for code in [
        "unknown-pull-policy",
        "kubernetes-pull-policy-name",
        "pull-policy-whitespace",
        "empty-pull-policy-on-docker",
        "pull-policy-not-allowed",
        "invalid-image-reference",
        // Start-up refused, the entry never polls, or every job fails.
        "concurrent-below-one",
        "invalid-session-server-address",
        "missing-executor",
        "unknown-executor",
        "url-not-http",
        "empty-runner-token",
        "registration-token-as-runner-token",
        "unknown-value",
        "executor-not-configured",
        "invalid-docker-builds-dir",
        "invalid-pod-spec-patch",
        "template-runner-count",
    ] {
        expect(code, Severity::Error);
    }
    for code in [
        "empty-pull-policy-list",
        "pull-policy-partly-allowed",
        "repeated-never",
        "unreachable-after-never",
        "never-on-autoscaled-executor",
        "stale-latest-image",
        "unused-executor-section",
        // Logged and dropped, or not read at all.
        "unknown-value-ignored",
        "unknown-cache-value",
        "unknown-feature-flag",
        "clone-url-without-scheme",
        "relative-directory",
        "localhost-profile-missing",
        "pod-spec-without-feature-flag",
        "legacy-ci-url-suffix",
        "suspendable-environments-without-id",
        "machine-off-peak-removed",
        "template-global-key",
        "template-key-ignored",
        "duplicate-runner-token",
    ] {
        expect(code, Severity::Warning);
    }
    for code in [
        "pull-policy-not-configured",
        "always-without-fallback",
        "docker-hub-rate-limit",
        "helper-image-on-docker-hub",
        "long-polling-bottleneck",
        "deprecated-feature-flag",
    ] {
        expect(code, Severity::Info);
    }
}

#[track_caller]
fn messages(text: &str, code: &str) -> Vec<String> {
    let report = check("config.toml", text);
    with_code(&report, code)
        .iter()
        .map(|d| d.message().to_owned())
        .collect()
}

#[track_caller]
fn assert_quotes(text: &str, code: &str, runner_text: &str) {
    let found = messages(text, code);
    assert!(
        found
            .iter()
            .any(|m| m.contains(&format!("`{runner_text}`"))),
        "{code}: no message quotes `{runner_text}`: {found:?}"
    );
}

const DOCKER: &str = "[[runners]]\nurl = \"https://gitlab.example.com\"\n\
                      token = \"glrt-EXAMPLE0000\"\nexecutor = \"docker\"\n[runners.docker]\n";
const K8S: &str = "[[runners]]\nurl = \"https://gitlab.example.com\"\n\
                   token = \"glrt-EXAMPLE0000\"\nexecutor = \"kubernetes\"\n\
                   [runners.kubernetes]\n";

#[test]
fn messages_quote_the_runners_own_errors() {
    assert_quotes(
        &format!("{DOCKER}pull_policy = \"Always\"\n"),
        "kubernetes-pull-policy-name",
        "unsupported pull_policy config: \"Always\"",
    );
    // Without `allowed_pull_policies` the allowed list comes from
    // `pull_policy`: every job fails, with `preparePullManager`'s prefix.
    assert_quotes(
        &format!("{K8S}pull_policy = \"Always\"\n"),
        "kubernetes-pull-policy-name",
        "getting allowed pull policies: pull_policy config: unsupported pull policy: \"Always\"",
    );
    assert_quotes(
        &format!("{K8S}pull_policy = \"Always\"\nallowed_pull_policies = [\"always\"]\n"),
        "kubernetes-pull-policy-name",
        "pull_policy config: unsupported pull policy: \"Always\"",
    );
    assert_quotes(
        &format!("{DOCKER}allowed_pull_policies = [\"alwys\"]\n"),
        "unknown-pull-policy",
        "unsupported allowed_pull_policies config: \"alwys\"",
    );
    assert_quotes(
        &format!("{K8S}allowed_pull_policies = [\"alwys\"]\n"),
        "unknown-pull-policy",
        "getting allowed pull policies: allowed_pull_policies config: unsupported pull policy: \
         \"alwys\"",
    );
    assert_quotes(
        &format!("{DOCKER}pull_policy = \"\"\n"),
        "empty-pull-policy-on-docker",
        "unsupported pull_policy config: \"\"",
    );
    assert_quotes(
        &format!("{DOCKER}pull_policy = [\"never\"]\nallowed_pull_policies = [\"always\"]\n"),
        "pull-policy-not-allowed",
        "pull_policy ([never]) defined in Runner config is not one of the \
         allowed_pull_policies ([always])",
    );
    assert_quotes(
        &format!("{DOCKER}allowed_pull_policies = [\"never\"]\n"),
        "pull-policy-not-allowed",
        "pull_policy ([always]) defined in Runner config (default) is not one of the \
         allowed_pull_policies ([never])",
    );
    assert_quotes(
        &format!("{K8S}allowed_pull_policies = [\"always\"]\n"),
        "pull-policy-not-allowed",
        "pull_policy ([]) defined in Runner config (default) is not one of the \
         allowed_pull_policies ([Always])",
    );
}

#[test]
fn did_you_mean_and_kubernetes_spelling_help() {
    let report = check(
        "c.toml",
        &format!("{DOCKER}pull_policy = [\"if-not-presnt\"]\n"),
    );
    let d = with_code(&report, "unknown-pull-policy");
    assert_eq!(d[0].help_text(), Some("did you mean \"if-not-present\"?"));
    assert_eq!(d[0].key_path(), Some("runners[0].docker.pull_policy[0]"));
    let report = check("c.toml", &format!("{K8S}pull_policy = \"IfNotPresent\"\n"));
    let d = with_code(&report, "kubernetes-pull-policy-name");
    assert_eq!(
        d[0].help_text(),
        Some("write \"if-not-present\": the runner converts it to `IfNotPresent` itself")
    );
    assert_eq!(d[0].key_path(), Some("runners[0].kubernetes.pull_policy"));
}

#[test]
fn empty_policy_is_the_cluster_default_on_kubernetes() {
    let text = format!("{K8S}pull_policy = [\"\", \"always\"]\nallowed_pull_policies = [\"\"]\n");
    assert!(messages(&text, "empty-pull-policy-on-docker").is_empty());
    assert!(messages(&text, "unknown-pull-policy").is_empty());
}

#[test]
fn retry_idiom_is_never_reported() {
    for list in [
        "[\"always\", \"always\"]",
        "[\"if-not-present\", \"if-not-present\"]",
        "[\"always\", \"always\", \"if-not-present\"]",
    ] {
        for base in [DOCKER, K8S] {
            let report = check("c.toml", &format!("{base}pull_policy = {list}\n"));
            let worse: Vec<_> = report
                .diagnostics
                .iter()
                .filter(|d| d.severity() >= Severity::Warning)
                .collect();
            assert!(worse.is_empty(), "{list}: {worse:?}");
        }
    }
}

#[test]
fn never_is_only_unreachable_on_kubernetes() {
    let list = "pull_policy = [\"never\", \"always\"]\n";
    assert!(messages(&format!("{DOCKER}{list}"), "unreachable-after-never").is_empty());
    assert_eq!(
        messages(&format!("{K8S}{list}"), "unreachable-after-never").len(),
        1
    );
}

#[test]
fn instance_and_shell_runners_get_no_pull_advice() {
    let pulling = [
        rules::pull_policy::run,
        rules::allowed::run,
        rules::combinations::run,
        rules::images::run,
    ];
    for executor in ["instance", "shell", "ssh", "custom"] {
        let loaded = runner_config::load::load(&format!(
            "[[runners]]\nexecutor = \"{executor}\"\n[runners.docker]\n\
             pull_policy = \"always\"\n"
        ));
        let mut out = Vec::new();
        for run in pulling {
            run(&loaded, &mut out);
        }
        assert!(out.is_empty(), "{executor}: {out:?}");
    }
}

#[test]
fn pull_policy_findings_survive_a_broken_line() {
    let text = format!("concurrent = \n{DOCKER}pull_policy = [\"Never\"]\n");
    let report = check("c.toml", &text);
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.code() == "syntax-error")
    );
    assert_eq!(with_code(&report, "kubernetes-pull-policy-name").len(), 1);
}

#[test]
fn image_part_is_underlined_only_in_verbatim_strings() {
    let text = format!("{DOCKER}image = \"alpine:.3\"\n");
    let report = check("c.toml", &text);
    let d = with_code(&report, "invalid-image-reference");
    let start = text.find(".3").expect("tag");
    assert_eq!(d[0].span(), Some(start..start + 1));

    let text = format!("{DOCKER}image = \"\\u0061lpine:.3\"\n");
    let report = check("c.toml", &text);
    let d = with_code(&report, "invalid-image-reference");
    let start = text.find("\"\\u").expect("value");
    assert_eq!(d[0].span(), Some(start..text.len() - 1));

    let text = format!("{DOCKER}image = 'alpine:.3'\n");
    let report = check("c.toml", &text);
    let d = with_code(&report, "invalid-image-reference");
    let start = text.find(".3").expect("tag");
    assert_eq!(d[0].span(), Some(start..start + 1));
}

#[test]
fn allowed_images_are_patterns_not_references() {
    let text = format!(
        "{DOCKER}image = \"alpine:3.19\"\nallowed_images = [\"Ubuntu:*\", \"**/*\"]\n\
         allowed_services = [\"*:LATEST\"]\n"
    );
    assert!(messages(&text, "invalid-image-reference").is_empty());
}

#[test]
fn variables_are_checked_structurally() {
    let ok = format!("{DOCKER}image = \"$CI_REGISTRY_IMAGE/app:${{TAG}}\"\n");
    assert!(messages(&ok, "invalid-image-reference").is_empty());
    let bad = format!("{DOCKER}image = \"$CI_REGISTRY/MyApp:1\"\n");
    assert_eq!(messages(&bad, "invalid-image-reference").len(), 1);
}

#[test]
fn token_values_never_appear_in_findings() {
    let secret = "glrt-s3cr3tS3cr3tS3cr3t";
    let text = format!(
        "[[runners]]\ntoken = \"{secret}\"\nexecutor = \"shell\"\n\
         [[runners]]\ntoken = \"{secret}\"\nexecutor = \"shell\"\n\
         [[runners]]\ntoken = \"GR1348941{secret}\"\nexecutor = \"shell\"\n"
    );
    let report = check("c.toml", &text);
    assert_eq!(with_code(&report, "duplicate-runner-token").len(), 1);
    assert_eq!(
        with_code(&report, "registration-token-as-runner-token").len(),
        1
    );
    for d in &report.diagnostics {
        let all = format!("{} {:?} {:?}", d.message(), d.help_text(), d.labels());
        assert!(
            !all.contains("s3cr3t") && !all.contains("GR1348941"),
            "{all}"
        );
    }
}

#[test]
fn different_runner_ids_are_not_duplicate_tokens() {
    let text = "[[runners]]\nid = 1\ntoken = \"glrt-REDACTED\"\nexecutor = \"shell\"\n\
                [[runners]]\nid = 2\ntoken = \"glrt-REDACTED\"\nexecutor = \"shell\"\n";
    assert!(messages(text, "duplicate-runner-token").is_empty());
}

#[test]
fn url_credentials_are_not_repeated() {
    let text = "[[runners]]\nurl = \"user:hunter2@gitlab.example.com\"\nexecutor = \"shell\"\n\
                clone_url = \"hunter2@gitlab.internal\"\n";
    for code in ["url-not-http", "clone-url-without-scheme"] {
        let report = check("config.toml", text);
        let found = with_code(&report, code);
        assert_eq!(found.len(), 1, "{code}");
        let all = format!("{} {:?}", found[0].message(), found[0].help_text());
        assert!(!all.contains("hunter2"), "{all}");
    }
}

/// Keys the rules read, in the tables they read them from.
const KEYS: &[&str] = &[
    "pull_policy",
    "allowed_pull_policies",
    "image",
    "helper_image",
    "cache_dir",
    "allowed_images",
    "memory",
    "volumes",
    "devices",
    "gpus",
    "cpus",
    "dns",
    "mac_address",
    "user",
    "allowed_users",
    "host",
    "cpu_limit",
    "alias",
    "environment",
    "listen_address",
    "advertise_address",
    "run_exec",
];

fn value() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        Just("always".to_owned()),
        Just("never".to_owned()),
        Just("if-not-present".to_owned()),
        Just("IfNotPresent".to_owned()),
        Just(String::new()),
        Just(" always".to_owned()),
        Just("alpine".to_owned()),
        Just("Alpine:.x".to_owned()),
        Just("GR1348941x".to_owned()),
        "[ -~é]{0,12}",
    ];
    prop_oneof![
        word.clone().prop_map(|w| format!("{w:?}")),
        proptest::collection::vec(word, 0..4).prop_map(|ws| {
            let items: Vec<String> = ws.iter().map(|w| format!("{w:?}")).collect();
            format!("[{}]", items.join(", "))
        }),
        Just("1".to_owned()),
        Just("{}".to_owned()),
    ]
}

fn section() -> impl Strategy<Value = String> {
    let header = prop_oneof![
        Just("[runners.docker]"),
        Just("[runners.kubernetes]"),
        Just("[[runners.docker.services]]"),
        Just("[[runners.kubernetes.services]]"),
        Just("[runners.ssh]"),
        Just("[runners.docker.ulimit]"),
        Just("[runners.kubernetes.node_selector]"),
        Just("[runners.kubernetes.pod_labels]"),
        Just("[runners.custom]"),
        Just("[session_server]"),
        Just(""),
    ];
    let key = prop_oneof![
        proptest::sample::select(KEYS).prop_map(str::to_owned),
        Just("name".to_owned()),
        Just("token".to_owned()),
        Just("url".to_owned()),
        Just("id".to_owned()),
    ];
    (header, proptest::collection::vec((key, value()), 0..4)).prop_map(|(h, kvs)| {
        let mut s = format!("{h}\n");
        for (k, v) in kvs {
            s.push_str(&format!("{k} = {v}\n"));
        }
        s
    })
}

fn file() -> impl Strategy<Value = String> {
    let executor = prop_oneof![
        Just("docker"),
        Just("kubernetes"),
        Just("docker+machine"),
        Just("docker-autoscaler"),
        Just("instance"),
        Just("shell"),
        Just("custom"),
        Just("virtualbox"),
        Just("bogus"),
    ];
    let runner = (
        proptest::option::of(executor),
        proptest::collection::vec(section(), 0..4),
    )
        .prop_map(|(executor, sections)| {
            let mut s = "[[runners]]\n".to_owned();
            if let Some(e) = executor {
                s.push_str(&format!("executor = \"{e}\"\n"));
            }
            s.push_str(&sections.concat());
            s
        });
    proptest::collection::vec(runner, 0..3).prop_map(|r| r.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn rules_never_panic_and_point_inside_the_file(text in file()) {
        let report = check("p.toml", &text);
        for d in &report.diagnostics {
            if let Some(span) = d.span() {
                prop_assert!(span.start <= span.end && span.end <= text.len(), "{:?}", d);
            }
        }
    }
}

#[test]
fn keys_the_loader_rejected_do_not_count_as_unset() {
    // `allowed_pull_policies` written as a string is a load error of its
    // own; the policy advice must not pretend the key was never written.
    let text = "[[runners]]\n  executor = \"docker\"\n  [runners.docker]\n    \
                allowed_pull_policies = \"always\"\n";
    assert_eq!(
        messages(text, "pull-policy-not-configured"),
        Vec::<String>::new()
    );
    assert_eq!(
        messages(text, "always-without-fallback"),
        Vec::<String>::new()
    );
    let unset = "[[runners]]\n  executor = \"docker\"\n  [runners.docker]\n";
    assert_eq!(messages(unset, "pull-policy-not-configured").len(), 1);
}

#[test]
fn url_from_an_environment_variable_needs_no_scheme() {
    // The runner expands `url` with os.ExpandEnv on load.
    let text = "[[runners]]\n  url = \"${GITLAB_HOST}/\"\n  executor = \"shell\"\n";
    assert_eq!(messages(text, "url-not-http"), Vec::<String>::new());
    let plain = "[[runners]]\n  url = \"gitlab.example.com\"\n  executor = \"shell\"\n";
    assert_eq!(messages(plain, "url-not-http").len(), 1);
}

/// Codes of every finding `check` makes on `text`.
fn codes(text: &str) -> Vec<&'static str> {
    check("config.toml", text)
        .diagnostics
        .iter()
        .map(|d| d.code())
        .collect()
}

const K8S_ENTRY: &str = "[[runners]]\nurl = \"https://gitlab.example.com\"\n\
                         token = \"glrt-EXAMPLE0000\"\nrequest_concurrency = 2\n\
                         executor = \"kubernetes\"\n[runners.kubernetes]\n";

#[test]
fn values_the_runner_accepts_leniently_are_not_findings() {
    let clean = [
        format!("{K8S_ENTRY}dns_policy = \"\"\n"),
        format!("{K8S_ENTRY}[runners.kubernetes.build_container_security_context]\nproc_mount = \" unmasked \"\n"),
        format!("{K8S_ENTRY}[runners.kubernetes.pod_security_context.seccomp_profile]\ntype = \"\"\n"),
        format!("{K8S_ENTRY}[[runners.kubernetes.pod_spec]]\npatch = \"{{}}\"\npatch_type = \"\"\n\
                 [runners.feature_flags]\nFF_USE_ADVANCED_POD_SPEC_CONFIGURATION = true\n"),
        "[[runners]]\nurl = \"https://gitlab.example.com\"\ntoken = \"glrt-EXAMPLE0000\"\n\
         request_concurrency = 2\nexecutor = \"docker-windows\"\n[runners.docker]\n\
         image = \"mcr.microsoft.com/windows/servercore:ltsc2022\"\nisolation = \"HyperV\"\n\
         pull_policy = [\"always\", \"if-not-present\"]\nallowed_pull_policies = [\"always\", \"if-not-present\"]\n"
            .to_owned(),
        "[[runners]]\nurl = \"https://gitlab.example.com\"\ntoken = \"glrt-EXAMPLE0000\"\n\
         request_concurrency = 2\nexecutor = \"shell\"\n[runners.cache]\nType = \"s3\"\n\
         [runners.cache.s3]\nBucketName = \"ci-cache\"\nServerSideEncryption = \"aws:kms\"\n\
         AuthenticationType = \"IAM\"\n"
            .to_owned(),
    ];
    for text in &clean {
        let report = check("config.toml", text);
        let worse: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.severity() >= Severity::Warning)
            .map(|d| d.code())
            .collect();
        assert_eq!(worse, Vec::<&str>::new(), "{text}");
    }
}

#[test]
fn unknown_values_are_graded_by_what_the_runner_does() {
    let graded = [
        (
            format!("{K8S_ENTRY}dns_policy = \"ClusterFirst\"\n"),
            "unknown-value-ignored",
            Severity::Warning,
        ),
        (
            format!(
                "{K8S_ENTRY}[runners.kubernetes.build_container_security_context]\nproc_mount = \"hidden\"\n"
            ),
            "unknown-value-ignored",
            Severity::Warning,
        ),
        (
            "[experimental.usage_logger]\nwriters = [\"syslog\"]\n".to_owned(),
            "unknown-usage-logger-writer",
            Severity::Warning,
        ),
        (
            "[[runners]]\nexecutor = \"shell\"\nshell = \"cmd\"\n".to_owned(),
            "unknown-value",
            Severity::Error,
        ),
        (
            "[[runners]]\nexecutor = \"shell\"\nshell = \"Bash\"\n".to_owned(),
            "unknown-value",
            Severity::Error,
        ),
        (
            "log_level = \"verbose\"\n".to_owned(),
            "unknown-value",
            Severity::Error,
        ),
        (
            "[[runners]]\nexecutor = \"Docker\"\n".to_owned(),
            "unknown-executor",
            Severity::Error,
        ),
    ];
    for (text, code, severity) in &graded {
        let report = check("config.toml", text);
        let found = with_code(&report, code);
        assert_eq!(found.len(), 1, "{text}: {:?}", report.diagnostics);
        assert_eq!(found[0].severity(), *severity, "{text}");
    }
    let report = check(
        "config.toml",
        "[[runners]]\nexecutor = \"shell\"\nshell = \"cmd\"\n",
    );
    let help = with_code(&report, "unknown-value")[0]
        .help_text()
        .unwrap_or_default();
    assert!(help.contains("`shell cmd not found`"), "{help}");
}

#[test]
fn start_up_polling_and_job_failures_quote_the_runner() {
    assert_quotes(
        "concurrent = 0\n[[runners]]\nexecutor = \"shell\"\n",
        "concurrent-below-one",
        "Current configuration 'concurrent = 0' means that no jobs will be processed",
    );
    assert_quotes(
        "[[runners]]\nurl = \"ftp://gitlab.example.com\"\n",
        "url-not-http",
        "only http or https scheme supported",
    );
    assert_quotes(
        "[[runners]]\ntoken = \" \"\n",
        "empty-runner-token",
        "Runner token is empty or whitespace; this runner will be skipped during job polling",
    );
    assert_quotes(
        "[[runners]]\nname = \"x\"\n",
        "missing-executor",
        "Executor \"\" is not known; marking Runner as unhealthy",
    );
    assert_quotes(
        "[[runners]]\nexecutor = \"docker\"\n",
        "executor-not-configured",
        "missing docker configuration",
    );
    for (builds_dir, error) in [
        ("builds", "build directory needs to be an absolute path"),
        ("/", "build directory needs to be a non-root path"),
    ] {
        assert!(
            messages(
                &format!("{DOCKER}image = \"alpine:3.19\"\n").replace(
                    "executor = \"docker\"",
                    &format!("executor = \"docker\"\nbuilds_dir = \"{builds_dir}\"")
                ),
                "invalid-docker-builds-dir",
            )[0]
            .contains(&format!("`{error}`")),
            "{builds_dir}"
        );
    }
}

#[test]
fn variables_in_url_and_token_are_unknown_not_empty() {
    let text = "[[runners]]\nurl = \"${CI_SERVER_URL}\"\ntoken = \"$RUNNER_TOKEN\"\n\
                executor = \"shell\"\n";
    let found = codes(text);
    assert!(!found.contains(&"url-not-http"), "{found:?}");
    assert!(!found.contains(&"empty-runner-token"), "{found:?}");
}

#[test]
fn a_template_needs_only_its_runner_entry() {
    let template = "concurrent = 4\n[[runners]]\n[runners.kubernetes]\nnamespace = \"ci\"\n\
                    pull_policy = [\"if-not-presnt\"]\n";
    let report = check_with("t.toml", template, &CheckOptions::new(Mode::Template));
    let found: Vec<_> = report.diagnostics.iter().map(|d| d.code()).collect();
    // Checked as usual, minus what registration supplies.
    assert!(found.contains(&"unknown-pull-policy"), "{found:?}");
    assert!(found.contains(&"template-global-key"), "{found:?}");
    for code in [
        "missing-executor",
        "url-not-http",
        "empty-runner-token",
        "concurrent-below-one",
    ] {
        assert!(!found.contains(&code), "{code}: {found:?}");
    }
    let none = check_with(
        "t.toml",
        "concurrent = 4\n",
        &CheckOptions::new(Mode::Template),
    );
    assert_eq!(with_code(&none, "template-runner-count").len(), 1);
}

#[test]
fn feature_flag_names_are_exact() {
    let text = format!(
        "{DOCKER}image = \"alpine:3.19\"\n[runners.feature_flags]\nff_network_per_build = true\nFF_NETWORK_PER_BUILD = true\n"
    );
    let report = check("config.toml", &text);
    let found = with_code(&report, "unknown-feature-flag");
    assert_eq!(found.len(), 1);
    assert!(
        found[0]
            .message()
            .contains("did you mean `FF_NETWORK_PER_BUILD`")
    );
}

#[test]
fn a_templates_executor_is_replaced_so_an_unknown_one_stops_nothing() {
    let template = "[[runners]]\nexecutor = \"docker+autoscaler\"\n";
    let report = check_with("t.toml", template, &CheckOptions::new(Mode::Template));
    let found: Vec<_> = report.diagnostics.iter().map(|d| d.code()).collect();
    assert_eq!(found, ["template-key-ignored"]);
    assert_eq!(
        with_code(&check("c.toml", template), "unknown-executor").len(),
        1
    );
}
