//! Kubernetes settings the runner reads only under conditions: pod-spec
//! patches (behind a feature flag) and `Localhost` security profiles
//! (which need a profile name).

use crate::load::Loaded;
use crate::model::kubernetes::pod::PodSpecPatchType;
use crate::model::kubernetes::security::{AppArmorProfileType, SeccompProfileType};
use crate::model::{Config, Executor, FeatureFlag, KubernetesConfig, Runner};
use crate::{Diagnostic, Rule, Severity, Stage};

use super::locate;

/// `[[runners.kubernetes.pod_spec]]` without the feature flag.
pub(crate) static POD_SPEC_WITHOUT_FEATURE_FLAG: Rule = Rule {
    code: "pod-spec-without-feature-flag",
    severity: Severity::Warning,
    stage: Stage::Silent,
    summary: "`[[runners.kubernetes.pod_spec]]` is ignored without its feature flag",
    explanation: "The Kubernetes executor applies `pod_spec` patches only when \
                  `FF_USE_ADVANCED_POD_SPEC_CONFIGURATION` is on for the job \
                  (`executor.setupBuildPod`); the flag is off by default. Without it in \
                  `[runners.feature_flags]` or the runner's `environment`, the patches are \
                  ignored without a word (a job can still turn the flag on through its \
                  variables).",
    bad: "[[runners]]\nexecutor = \"kubernetes\"\n[runners.kubernetes]\n\
          [[runners.kubernetes.pod_spec]]\nname = \"hostname\"\n\
          patch = '{\"hostname\": \"ci\"}'\n",
    good: "[[runners]]\nexecutor = \"kubernetes\"\n[runners.feature_flags]\n\
           FF_USE_ADVANCED_POD_SPEC_CONFIGURATION = true\n[runners.kubernetes]\n\
           [[runners.kubernetes.pod_spec]]\nname = \"hostname\"\n\
           patch = '{\"hostname\": \"ci\"}'\n",
};

/// A pod-spec patch the executor cannot apply.
pub(crate) static INVALID_POD_SPEC_PATCH: Rule = Rule {
    code: "invalid-pod-spec-patch",
    severity: Severity::Error,
    stage: Stage::Job,
    summary: "a `pod_spec` patch the Kubernetes executor cannot apply",
    explanation: "With `FF_USE_ADVANCED_POD_SPEC_CONFIGURATION` on, the Kubernetes executor \
                  applies every `[[runners.kubernetes.pod_spec]]` entry before it creates \
                  the job's pod (`applyPodSpecMerge`, `doPodSpecMerge`). An entry with both \
                  `patch` and `patch_path` (`ambiguous patch: both patch path and patch \
                  provided`, `PodSpec.PodSpecPatch` in `common/config.go`) or a `patch_type` other than `json`, `merge` or `strategic` \
                  (`unsupported patch type …`) fails every job.",
    bad: "[[runners]]\nexecutor = \"kubernetes\"\n[runners.feature_flags]\n\
          FF_USE_ADVANCED_POD_SPEC_CONFIGURATION = true\n[runners.kubernetes]\n\
          [[runners.kubernetes.pod_spec]]\nname = \"hostname\"\n\
          patch = '{\"hostname\": \"ci\"}'\npatch_type = \"strategic-merge\"\n",
    good: "[[runners]]\nexecutor = \"kubernetes\"\n[runners.feature_flags]\n\
           FF_USE_ADVANCED_POD_SPEC_CONFIGURATION = true\n[runners.kubernetes]\n\
           [[runners.kubernetes.pod_spec]]\nname = \"hostname\"\n\
           patch = '{\"hostname\": \"ci\"}'\npatch_type = \"strategic\"\n",
};

/// A `Localhost` profile without `localhost_profile`.
pub(crate) static LOCALHOST_PROFILE_MISSING: Rule = Rule {
    code: "localhost-profile-missing",
    severity: Severity::Warning,
    stage: Stage::Job,
    summary: "a `Localhost` seccomp or AppArmor profile without `localhost_profile`",
    explanation: "A `Localhost` profile names a profile file on the node in \
                  `localhost_profile`. Without it the runner logs `seccomp profile type is \
                  Localhost but localhost_profile is not set` (or `apparmor …`) and leaves the \
                  profile out of the security context (`requireLocalhostProfile`): the \
                  container runs with the runtime's default instead.",
    bad: "[[runners]]\nexecutor = \"kubernetes\"\n[runners.kubernetes]\n\
          [runners.kubernetes.build_container_security_context.seccomp_profile]\n\
          type = \"Localhost\"\n",
    good: "[[runners]]\nexecutor = \"kubernetes\"\n[runners.kubernetes]\n\
           [runners.kubernetes.build_container_security_context.seccomp_profile]\n\
           type = \"Localhost\"\nlocalhost_profile = \"profiles/ci.json\"\n",
};

/// Whether a job on `runner` has `flag` on, before its own variables:
/// `[runners.feature_flags]` first, then the runner's `environment`, which
/// becomes job variables, then the default (`Build.initSettings`).
fn job_flag(runner: &Runner, flag: FeatureFlag) -> bool {
    if let Some(&on) = runner.feature_flags.get(flag.as_str()) {
        return on;
    }
    let from_environment = runner.environment.iter().flatten().find_map(|entry| {
        let (name, value) = entry.split_once('=')?;
        (name == flag.as_str())
            .then(|| go_parse_bool(value))
            .flatten()
    });
    from_environment.unwrap_or(flag.default())
}

/// Go's `strconv.ParseBool`.
fn go_parse_bool(value: &str) -> Option<bool> {
    match value {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// The string a TOML string literal `raw` holds, if it is one.
fn decoded(raw: &str) -> Option<String> {
    let table: toml::Table = toml::from_str(&format!("v = {raw}")).ok()?;
    table.get("v")?.as_str().map(str::to_owned)
}

/// Runs the Kubernetes rules.
pub fn run(loaded: &Loaded<Config>, out: &mut Vec<Diagnostic>) {
    let spans = loaded.spans();
    let text = loaded.source().text();
    for (i, runner) in loaded.best_effort().runners.iter().enumerate() {
        if runner.executor.is_some_and(|e| e != Executor::Kubernetes) {
            continue;
        }
        let Some(kubernetes) = runner.kubernetes.as_ref() else {
            continue;
        };
        profiles(i, kubernetes, loaded, out);
        if kubernetes.pod_spec.is_empty() {
            continue;
        }
        let flag = FeatureFlag::UseAdvancedPodSpecConfiguration;
        let on = job_flag(runner, flag);
        if !on {
            let path = format!("runners[{i}].kubernetes.pod_spec");
            out.push(
                Diagnostic::new(
                    &POD_SPEC_WITHOUT_FEATURE_FLAG,
                    format!(
                        "`pod_spec` is ignored: `{}` is not on for this runner",
                        flag.as_str()
                    ),
                )
                .at_opt(locate(spans, &format!("{path}[0]")))
                .key(path)
                .help(format!(
                    "set `{} = true` in `[runners.feature_flags]`, or remove the `pod_spec` \
                     entries",
                    flag.as_str()
                )),
            );
            continue;
        }
        for (j, spec) in kubernetes.pod_spec.iter().enumerate() {
            let entry = format!("runners[{i}].kubernetes.pod_spec[{j}]");
            let both = spec.patch.as_deref().is_some_and(|p| !p.is_empty())
                && spec.patch_path.as_deref().is_some_and(|p| !p.is_empty());
            if both {
                let path = format!("{entry}.patch_path");
                let name = spec.name.as_deref().unwrap_or_default();
                out.push(
                    Diagnostic::new(
                        &INVALID_POD_SPEC_PATCH,
                        format!(
                            "`patch` and `patch_path` are both set: every job fails with \
                             `ambiguous patch: both patch path and patch provided ({name})`"
                        ),
                    )
                    .at_opt(locate(spans, &path))
                    .key(path)
                    .help("keep either `patch` or `patch_path`"),
                );
                continue;
            }
            // The loader leaves an unknown `patch_type` out of the model
            // (it is only read with the flag on): the file still has it.
            let path = format!("{entry}.patch_type");
            if spec.patch_type.is_some() {
                continue;
            }
            let Some(raw) = spans.value_span(&path).and_then(|s| text.get(s)) else {
                continue;
            };
            let Some(value) = decoded(raw) else {
                continue;
            };
            if value.is_empty() || value.parse::<PodSpecPatchType>().is_ok() {
                continue;
            }
            let shown = crate::diagnostic::shorten(&value, 60);
            let mut message = format!(
                "`patch_type` {shown:?}: every job fails with `unsupported patch type {shown}`"
            );
            if let Err(err) = value.parse::<PodSpecPatchType>()
                && let Some(s) = err.suggestion()
            {
                message.push_str(&format!("; did you mean {s:?}?"));
            }
            out.push(
                Diagnostic::new(&INVALID_POD_SPEC_PATCH, message)
                    .at_opt(locate(spans, &path))
                    .key(path)
                    .help("use \"json\", \"merge\" or \"strategic\" (the default)"),
            );
        }
    }
}

/// `Localhost` seccomp and AppArmor profiles without a profile name, in the
/// pod's and each container's security context.
fn profiles(
    i: usize,
    kubernetes: &KubernetesConfig,
    loaded: &Loaded<Config>,
    out: &mut Vec<Diagnostic>,
) {
    let pod = kubernetes.pod_security_context.as_ref();
    let containers = [
        (
            "init_permissions_container_security_context",
            kubernetes
                .init_permissions_container_security_context
                .as_ref(),
        ),
        (
            "build_container_security_context",
            kubernetes.build_container_security_context.as_ref(),
        ),
        (
            "helper_container_security_context",
            kubernetes.helper_container_security_context.as_ref(),
        ),
        (
            "service_container_security_context",
            kubernetes.service_container_security_context.as_ref(),
        ),
    ];
    let mut contexts = vec![(
        "pod_security_context",
        pod.and_then(|p| p.seccomp_profile.as_ref()),
        pod.and_then(|p| p.app_armor_profile.as_ref()),
    )];
    contexts.extend(containers.into_iter().map(|(name, c)| {
        (
            name,
            c.and_then(|c| c.seccomp_profile.as_ref()),
            c.and_then(|c| c.app_armor_profile.as_ref()),
        )
    }));
    for (context, seccomp, apparmor) in contexts {
        let lacking = [
            (
                "seccomp_profile",
                "seccomp",
                seccomp.is_some_and(|p| {
                    p.profile_type == Some(SeccompProfileType::Localhost)
                        && p.localhost_profile.as_deref().is_none_or(str::is_empty)
                }),
            ),
            (
                "app_armor_profile",
                "apparmor",
                apparmor.is_some_and(|p| {
                    p.profile_type == Some(AppArmorProfileType::Localhost)
                        && p.localhost_profile.as_deref().is_none_or(str::is_empty)
                }),
            ),
        ];
        for (key, kind, _) in lacking.iter().filter(|(_, _, lacking)| *lacking) {
            let path = format!("runners[{i}].kubernetes.{context}.{key}.type");
            out.push(
                Diagnostic::new(
                    &LOCALHOST_PROFILE_MISSING,
                    format!(
                        "the {kind} profile is dropped: the runner logs `{kind} profile type is \
                         Localhost but localhost_profile is not set`"
                    ),
                )
                .at_opt(locate(loaded.spans(), &path))
                .key(path)
                .help(
                    "set `localhost_profile` to the profile's path on the node, or use \
                     \"RuntimeDefault\"",
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runner(text: &str) -> Runner {
        let loaded = crate::load::load(&format!("[[runners]]\n{text}"));
        loaded.best_effort().runners[0].clone()
    }

    #[test]
    fn flags_come_from_the_table_then_the_environment() {
        let flag = FeatureFlag::UseAdvancedPodSpecConfiguration;
        assert!(!job_flag(&runner(""), flag));
        let env = "environment = [\"FF_USE_ADVANCED_POD_SPEC_CONFIGURATION=1\"]\n";
        assert!(job_flag(&runner(env), flag));
        let both = format!(
            "{env}[runners.feature_flags]\nFF_USE_ADVANCED_POD_SPEC_CONFIGURATION = false\n"
        );
        assert!(!job_flag(&runner(&both), flag));
        let junk = "environment = [\"FF_USE_ADVANCED_POD_SPEC_CONFIGURATION=yes\"]\n";
        assert!(!job_flag(&runner(junk), flag));
    }
}
