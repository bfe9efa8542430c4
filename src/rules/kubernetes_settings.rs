//! `[runners.kubernetes]` values the Kubernetes executor parses before it
//! creates a job's pod (`executors/kubernetes/`): a value it cannot use
//! fails every job on the runner.
//!
//! Only entries with `executor = "kubernetes"` are checked.

use crate::load::Loaded;
use crate::model::{Config, Executor, KubernetesConfig};
use crate::policy::gofmt::Quoted;
use crate::{Diagnostic, Rule, Severity, Stage};

use super::grammar::k8s_names::is_dns1123_subdomain;
use super::grammar::quantity::parse_quantity;
use super::key_paths::map_entry;
use super::locate;

/// A resource value that is not a Kubernetes quantity.
pub(crate) static INVALID_RESOURCE_QUANTITY: Rule = Rule {
    code: "invalid-resource-quantity",
    severity: Severity::Error,
    stage: Stage::Job,
    summary: "Kubernetes CPU, memory or storage value that is not a quantity",
    explanation: "The Kubernetes executor parses `cpu_limit`, `memory_request`, \
                  `ephemeral_storage_limit` and the other resource settings (with their \
                  `service_`, `helper_` and `pod_` forms) with apimachinery's \
                  `resource.ParseQuantity` before it builds a pod (`createOverwrites` → \
                  `createResourceList`, `executors/kubernetes/overwrites.go`, `util.go`). A \
                  quantity is a number with an optional suffix: `500m`, `2`, `1.5`, `512Mi`, \
                  `2Gi`, `1G`, `1e3`. Anything else (`2 cores`, `1GB`, `512mb`) fails every \
                  job with `couldn't prepare overwrites: invalid build limits specified: \
                  parsing resource \"cpu\" with value \"…\": …` (only jobs that override the \
                  value through an allowed `KUBERNETES_…` variable escape). A `…_overwrite_\
                  max_allowed` value that is not a quantity fails the jobs that set the \
                  matching variable, with `parsing resource limit: …`.",
    bad: "[[runners]]\nexecutor = \"kubernetes\"\n[runners.kubernetes]\ncpu_limit = \"2 cores\"\nmemory_limit = \"4GB\"\n",
    good: "[[runners]]\nexecutor = \"kubernetes\"\n[runners.kubernetes]\ncpu_limit = \"2\"\nmemory_limit = \"4Gi\"\n",
};

/// `cert_file` without `key_file` or `ca_file` when `host` is set.
pub(crate) static INCOMPLETE_KUBERNETES_TLS: Rule = Rule {
    code: "incomplete-kubernetes-tls",
    severity: Severity::Error,
    stage: Stage::Job,
    summary: "`cert_file` set without both `key_file` and `ca_file`",
    explanation: "With `host` set, the Kubernetes executor builds its API client from the \
                  section (`getOutClusterClientConfig`, `executors/kubernetes/util.go`). A \
                  client certificate needs its key and the CA: when `cert_file` is set and \
                  `key_file` or `ca_file` is empty, every job fails with `getting Kubernetes \
                  config: ca file, cert file and key file must be specified when using file \
                  based auth`.",
    bad: "[[runners]]\nexecutor = \"kubernetes\"\n[runners.kubernetes]\nhost = \"https://k8s.example.com\"\n\
          cert_file = \"/etc/runner/client.crt\"\nkey_file = \"/etc/runner/client.key\"\n",
    good: "[[runners]]\nexecutor = \"kubernetes\"\n[runners.kubernetes]\nhost = \"https://k8s.example.com\"\n\
           cert_file = \"/etc/runner/client.crt\"\nkey_file = \"/etc/runner/client.key\"\n\
           ca_file = \"/etc/runner/ca.crt\"\n",
};

/// A `kubernetes.io/os` node selector the helper image has no build for.
pub(crate) static UNSUPPORTED_NODE_OS: Rule = Rule {
    code: "unsupported-node-os",
    severity: Severity::Error,
    stage: Stage::Job,
    summary: "`node_selector` `kubernetes.io/os` other than `linux`, `windows` or `freebsd`",
    explanation: "The Kubernetes executor picks the helper image from the pod's node \
                  selector before anything else (`executor.prepareHelperImage` → \
                  `helperimage.Get`), even when `helper_image` is set. It knows the \
                  operating systems `linux`, `windows` and `freebsd`, spelt exactly so; any \
                  other `kubernetes.io/os` value fails every job with `prepare helper image: \
                  unsupported OSType \"…\"`.",
    bad: "[[runners]]\nexecutor = \"kubernetes\"\n[runners.kubernetes.node_selector]\n\"kubernetes.io/os\" = \"Linux\"\n",
    good: "[[runners]]\nexecutor = \"kubernetes\"\n[runners.kubernetes.node_selector]\n\"kubernetes.io/os\" = \"linux\"\n",
};

/// Windows nodes without a Windows build the helper image supports.
pub(crate) static UNSUPPORTED_WINDOWS_BUILD: Rule = Rule {
    code: "unsupported-windows-build",
    severity: Severity::Error,
    stage: Stage::Job,
    summary: "Windows node selector without a supported `node.kubernetes.io/windows-build`",
    explanation: "For `kubernetes.io/os = \"windows\"` the Kubernetes executor needs the \
                  Windows build to choose the helper image: it reads it from the \
                  `node.kubernetes.io/windows-build` node selector (or, with \
                  `helper_image_autoset_arch_and_os` on a Windows runner, from the runner's \
                  host), and knows the builds of Windows Server 2019 (`10.0.17763`), 2022 \
                  (`10.0.20348`) and 2025 (`10.0.26100`) and the matching client builds \
                  (`helpers/container/windows/version.go`). A missing or unknown build fails \
                  every job with `prepare helper image: detecting base image: unsupported \
                  Windows version: …`.",
    bad: "[[runners]]\nexecutor = \"kubernetes\"\n[runners.kubernetes.node_selector]\n\"kubernetes.io/os\" = \"windows\"\n",
    good: "[[runners]]\nexecutor = \"kubernetes\"\n[runners.kubernetes.node_selector]\n\"kubernetes.io/os\" = \"windows\"\n\
           \"node.kubernetes.io/windows-build\" = \"10.0.20348\"\n",
};

/// A Kubernetes service alias that is not a DNS-1123 subdomain.
pub(crate) static INVALID_SERVICE_ALIAS: Rule = Rule {
    code: "invalid-service-alias",
    severity: Severity::Error,
    stage: Stage::Job,
    summary: "`[[runners.kubernetes.services]]` alias that is not a valid DNS name",
    explanation: "The Kubernetes executor adds every service alias to the pod's host aliases \
                  and checks each with apimachinery's `IsDNS1123Subdomain` \
                  (`createServicesHostAlias`, `executors/kubernetes/host_aliases.go`): lower \
                  case letters, digits, `-` and `.`, starting and ending with a letter or \
                  digit. An alias of a `[[runners.kubernetes.services]]` entry that is not \
                  one fails every job with `provided host alias … for service … is invalid \
                  DNS. …`.",
    bad: "[[runners]]\nexecutor = \"kubernetes\"\n[[runners.kubernetes.services]]\nname = \"postgres:16\"\nalias = \"my_db\"\n",
    good: "[[runners]]\nexecutor = \"kubernetes\"\n[[runners.kubernetes.services]]\nname = \"postgres:16\"\nalias = \"my-db\"\n",
};

/// The Windows builds `helpers/container/windows/version.go` knows.
const WINDOWS_BUILDS: [&str; 10] = [
    "10.0.17763",
    "10.0.20348",
    "10.0.26100",
    "10.0.19043",
    "10.0.19044",
    "10.0.19045",
    "10.0.22000",
    "10.0.22621",
    "10.0.22631",
    "10.0.26200",
];

/// `windows.Version`: the first three fields (split on `.` and spaces)
/// must be a known build.
fn is_supported_windows_build(version: &str) -> bool {
    let fields: Vec<&str> = version
        .split(['.', ' '])
        .filter(|f| !f.is_empty())
        .collect();
    fields.len() >= 3 && WINDOWS_BUILDS.contains(&fields[..3].join(".").as_str())
}

/// Runs the Kubernetes settings rules.
pub fn run(loaded: &Loaded<Config>, out: &mut Vec<Diagnostic>) {
    let spans = loaded.spans();
    for (i, runner) in loaded.best_effort().runners.iter().enumerate() {
        if runner.executor != Some(Executor::Kubernetes) {
            continue;
        }
        let Some(k) = &runner.kubernetes else {
            continue;
        };
        let base = format!("runners[{i}].kubernetes");
        let mut push = |rule: &'static Rule, path: &str, message: String, help: String| {
            out.push(
                Diagnostic::new(rule, message)
                    .at_opt(locate(spans, path))
                    .key(path)
                    .help(help),
            );
        };
        quantities(k, &base, &mut push);
        tls(k, &base, &mut push);
        node_os(k, &base, &mut push);
        service_aliases(k, &base, &mut push);
    }
}

/// One resource setting: its key, the runner's name for its group, the
/// resource name in the message.
struct Resource {
    key: &'static str,
    group: &'static str,
    resource: &'static str,
}

/// The resource settings, in the order `createOverwrites` reads them.
const RESOURCES: [Resource; 22] = {
    const fn r(key: &'static str, group: &'static str, resource: &'static str) -> Resource {
        Resource {
            key,
            group,
            resource,
        }
    }
    [
        r("cpu_request", "build requests", "cpu"),
        r("memory_request", "build requests", "memory"),
        r(
            "ephemeral_storage_request",
            "build requests",
            "ephemeralStorage",
        ),
        r("cpu_limit", "build limits", "cpu"),
        r("memory_limit", "build limits", "memory"),
        r(
            "ephemeral_storage_limit",
            "build limits",
            "ephemeralStorage",
        ),
        r("service_cpu_request", "service requests", "cpu"),
        r("service_memory_request", "service requests", "memory"),
        r(
            "service_ephemeral_storage_request",
            "service requests",
            "ephemeralStorage",
        ),
        r("service_cpu_limit", "service limits", "cpu"),
        r("service_memory_limit", "service limits", "memory"),
        r(
            "service_ephemeral_storage_limit",
            "service limits",
            "ephemeralStorage",
        ),
        r("helper_cpu_request", "helper requests", "cpu"),
        r("helper_memory_request", "helper requests", "memory"),
        r(
            "helper_ephemeral_storage_request",
            "helper requests",
            "ephemeralStorage",
        ),
        r("helper_cpu_limit", "helper limits", "cpu"),
        r("helper_memory_limit", "helper limits", "memory"),
        r(
            "helper_ephemeral_storage_limit",
            "helper limits",
            "ephemeralStorage",
        ),
        r("pod_cpu_request", "Pod requests", "cpu"),
        r("pod_memory_request", "Pod requests", "memory"),
        r("pod_cpu_limit", "Pod limits", "cpu"),
        r("pod_memory_limit", "Pod limits", "memory"),
    ]
};

/// A resource setting's value and its `…_overwrite_max_allowed`.
fn resource_values<'a>(k: &'a KubernetesConfig, key: &str) -> (Option<&'a str>, Option<&'a str>) {
    let pair = match key {
        "cpu_request" => (&k.cpu_request, &k.cpu_request_overwrite_max_allowed),
        "memory_request" => (&k.memory_request, &k.memory_request_overwrite_max_allowed),
        "ephemeral_storage_request" => (
            &k.ephemeral_storage_request,
            &k.ephemeral_storage_request_overwrite_max_allowed,
        ),
        "cpu_limit" => (&k.cpu_limit, &k.cpu_limit_overwrite_max_allowed),
        "memory_limit" => (&k.memory_limit, &k.memory_limit_overwrite_max_allowed),
        "ephemeral_storage_limit" => (
            &k.ephemeral_storage_limit,
            &k.ephemeral_storage_limit_overwrite_max_allowed,
        ),
        "service_cpu_request" => (
            &k.service_cpu_request,
            &k.service_cpu_request_overwrite_max_allowed,
        ),
        "service_memory_request" => (
            &k.service_memory_request,
            &k.service_memory_request_overwrite_max_allowed,
        ),
        "service_ephemeral_storage_request" => (
            &k.service_ephemeral_storage_request,
            &k.service_ephemeral_storage_request_overwrite_max_allowed,
        ),
        "service_cpu_limit" => (
            &k.service_cpu_limit,
            &k.service_cpu_limit_overwrite_max_allowed,
        ),
        "service_memory_limit" => (
            &k.service_memory_limit,
            &k.service_memory_limit_overwrite_max_allowed,
        ),
        "service_ephemeral_storage_limit" => (
            &k.service_ephemeral_storage_limit,
            &k.service_ephemeral_storage_limit_overwrite_max_allowed,
        ),
        "helper_cpu_request" => (
            &k.helper_cpu_request,
            &k.helper_cpu_request_overwrite_max_allowed,
        ),
        "helper_memory_request" => (
            &k.helper_memory_request,
            &k.helper_memory_request_overwrite_max_allowed,
        ),
        "helper_ephemeral_storage_request" => (
            &k.helper_ephemeral_storage_request,
            &k.helper_ephemeral_storage_request_overwrite_max_allowed,
        ),
        "helper_cpu_limit" => (
            &k.helper_cpu_limit,
            &k.helper_cpu_limit_overwrite_max_allowed,
        ),
        "helper_memory_limit" => (
            &k.helper_memory_limit,
            &k.helper_memory_limit_overwrite_max_allowed,
        ),
        "helper_ephemeral_storage_limit" => (
            &k.helper_ephemeral_storage_limit,
            &k.helper_ephemeral_storage_limit_overwrite_max_allowed,
        ),
        "pod_cpu_request" => (&k.pod_cpu_request, &k.pod_cpu_request_overwrite_max_allowed),
        "pod_memory_request" => (
            &k.pod_memory_request,
            &k.pod_memory_request_overwrite_max_allowed,
        ),
        "pod_cpu_limit" => (&k.pod_cpu_limit, &k.pod_cpu_limit_overwrite_max_allowed),
        "pod_memory_limit" => (
            &k.pod_memory_limit,
            &k.pod_memory_limit_overwrite_max_allowed,
        ),
        _ => (&None, &None),
    };
    (pair.0.as_deref(), pair.1.as_deref())
}

type Push<'a> = dyn FnMut(&'static Rule, &str, String, String) + 'a;

fn quantities(k: &KubernetesConfig, base: &str, push: &mut Push<'_>) {
    for r in &RESOURCES {
        let (value, max) = resource_values(k, r.key);
        let variable = format!("KUBERNETES_{}", r.key.to_ascii_uppercase());
        if let Some(value) = value.filter(|v| !v.is_empty())
            && let Err(e) = parse_quantity(value)
        {
            push(
                &INVALID_RESOURCE_QUANTITY,
                &format!("{base}.{}", r.key),
                format!(
                    "every job fails: `couldn't prepare overwrites: invalid {} specified: \
                         parsing resource {} with value {}: {}`",
                    r.group,
                    Quoted(r.resource),
                    Quoted(value),
                    Quoted(&e.to_string())
                ),
                help(r.resource),
            );
        }
        if let Some(max) = max.filter(|v| !v.is_empty())
            && let Err(e) = parse_quantity(max)
        {
            let key = format!("{}_overwrite_max_allowed", r.key);
            push(
                &INVALID_RESOURCE_QUANTITY,
                &format!("{base}.{key}"),
                format!(
                    "jobs that set {variable} fail: `parsing resource limit: {}`",
                    Quoted(&e.to_string())
                ),
                help(r.resource),
            );
        }
    }
}

fn help(resource: &str) -> String {
    match resource {
        "cpu" => "write CPU as a Kubernetes quantity: \"500m\", \"2\" or \"1.5\"".to_owned(),
        _ => "write a Kubernetes quantity with a binary or decimal suffix: \"512Mi\", \"4Gi\", \
              \"1G\" (not \"GB\" or \"mb\")"
            .to_owned(),
    }
}

fn tls(k: &KubernetesConfig, base: &str, push: &mut Push<'_>) {
    let set = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.is_empty());
    if !set(&k.host) || !set(&k.cert_file) || (set(&k.key_file) && set(&k.ca_file)) {
        return;
    }
    let missing: Vec<&str> = [("key_file", &k.key_file), ("ca_file", &k.ca_file)]
        .iter()
        .filter(|(_, v)| !set(v))
        .map(|(name, _)| *name)
        .collect();
    push(
        &INCOMPLETE_KUBERNETES_TLS,
        &format!("{base}.cert_file"),
        "every job fails: `getting Kubernetes config: ca file, cert file and key file must be \
         specified when using file based auth`"
            .to_owned(),
        format!("set `{}` too", missing.join("` and `")),
    );
}

fn node_os(k: &KubernetesConfig, base: &str, push: &mut Push<'_>) {
    let selector = &k.node_selector;
    let os = selector
        .get("kubernetes.io/os")
        .map(String::as_str)
        .filter(|v| !v.is_empty());
    let Some(os) = os else {
        return;
    };
    let node_selector = format!("{base}.node_selector");
    match os {
        "linux" | "freebsd" => {}
        "windows" => {
            let build = selector
                .get("node.kubernetes.io/windows-build")
                .map(String::as_str)
                .filter(|v| !v.is_empty());
            let (path, version) = match build {
                Some(b) => (
                    map_entry(&node_selector, "node.kubernetes.io/windows-build"),
                    b,
                ),
                // The runner's own Windows build may fill it in.
                None if k.helper_image_autoset_arch_and_os == Some(true) => return,
                None => (map_entry(&node_selector, "kubernetes.io/os"), ""),
            };
            if is_supported_windows_build(version) {
                return;
            }
            push(
                &UNSUPPORTED_WINDOWS_BUILD,
                &path,
                format!(
                    "every job fails: `prepare helper image: detecting base image: unsupported \
                     Windows version: {version}`"
                ),
                "set the node selector \"node.kubernetes.io/windows-build\" to the nodes' \
                 build: \"10.0.17763\" (2019), \"10.0.20348\" (2022) or \"10.0.26100\" (2025)"
                    .to_owned(),
            );
        }
        other => {
            let lower = other.to_ascii_lowercase();
            let help = if matches!(lower.as_str(), "linux" | "windows" | "freebsd") {
                format!("write {} in lower case", Quoted(&lower))
            } else {
                "use \"linux\", \"windows\" or \"freebsd\"".to_owned()
            };
            push(
                &UNSUPPORTED_NODE_OS,
                &map_entry(&node_selector, "kubernetes.io/os"),
                format!(
                    "every job fails: `prepare helper image: unsupported OSType {}`",
                    Quoted(other)
                ),
                help,
            );
        }
    }
}

fn service_aliases(k: &KubernetesConfig, base: &str, push: &mut Push<'_>) {
    for (i, service) in k.services.iter().enumerate() {
        let name = service.name.as_deref().unwrap_or("");
        // Services without a name are skipped; names and aliases are
        // expanded with the job's variables.
        if name.is_empty() || name.contains('$') {
            continue;
        }
        let Some(alias) = service.alias.as_deref() else {
            continue;
        };
        let aliases = alias
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|a| !a.is_empty() && !a.contains('$'));
        for a in aliases {
            if is_dns1123_subdomain(a) {
                continue;
            }
            let suggestion: String = a
                .to_ascii_lowercase()
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '.' {
                        c
                    } else {
                        '-'
                    }
                })
                .collect();
            push(
                &INVALID_SERVICE_ALIAS,
                &format!("{base}.services[{i}].alias"),
                format!(
                    "every job fails: `provided host alias {a} for service {name} is invalid \
                     DNS.`"
                ),
                format!(
                    "use lower-case letters, digits, `-` and `.` only, e.g. {}",
                    Quoted(suggestion.trim_matches(['-', '.']))
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_builds_like_the_runner() {
        for v in ["10.0.17763", "10.0.20348.1234", "10.0.26100", "10 0 17763"] {
            assert!(is_supported_windows_build(v), "{v}");
        }
        for v in ["", "10.0", "10.0.14393", "2022", "ltsc2022"] {
            assert!(!is_supported_windows_build(v), "{v}");
        }
    }

    #[test]
    fn every_resource_key_reads_its_own_fields() {
        let mut text =
            String::from("[[runners]]\nexecutor = \"kubernetes\"\n[runners.kubernetes]\n");
        for r in &RESOURCES {
            text.push_str(&format!(
                "{0} = \"v-{0}\"\n{0}_overwrite_max_allowed = \"m-{0}\"\n",
                r.key
            ));
        }
        let loaded = crate::load::load(&text);
        let k = loaded.best_effort().runners[0]
            .kubernetes
            .as_ref()
            .expect("section");
        for r in &RESOURCES {
            let (value, max) = resource_values(k, r.key);
            assert_eq!(value, Some(format!("v-{}", r.key).as_str()));
            assert_eq!(max, Some(format!("m-{}", r.key).as_str()));
        }
    }
}
