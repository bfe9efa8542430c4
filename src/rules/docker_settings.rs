//! `[runners.docker]` values the Docker executors parse when a job starts
//! (`executors/docker/docker.go`, `common/config.go` `DockerConfig`): a
//! value the runner cannot parse fails every job on the runner, and a bad
//! memory size stops the whole runner process.
//!
//! Only entries whose `executor` is one of the Docker executors are
//! checked: the section is read by nothing else.

use crate::load::Loaded;
use crate::model::{Config, DockerConfig, Executor};
use crate::policy::gofmt::{List, Quoted};
use crate::{Diagnostic, Rule, Severity, Stage};

use super::Out;
use super::grammar::docker_gpus::check_gpus;
use super::grammar::docker_volume::parse_linux_volume;
use super::grammar::go_net::{parse_ip, parse_mac};
use super::grammar::go_rat::rat_set_string;
use super::grammar::go_units::ram_in_bytes;
use super::key_paths::{go_clean, map_entry};

/// A memory size go-units cannot parse: the runner exits.
pub(crate) static INVALID_MEMORY_SIZE: Rule = Rule {
    code: "invalid-memory-size",
    severity: Severity::Error,
    stage: Stage::Job,
    summary: "Docker memory limit the runner cannot parse: the runner process exits",
    explanation: "The Docker executors read `memory`, `memory_swap`, `memory_reservation` \
                  and their `service_` forms with go-units' `RAMInBytes` when they create a \
                  container (`DockerConfig.getMemoryBytes` in `common/config.go`). It takes \
                  a non-negative number and an optional unit (`b`, or `k`, `m`, `g`, `t`, `p` \
                  optionally followed by `b` or `ib`, in any case). Anything else is not a job \
                  error: the runner calls `logrus.Fatalf(\"Error parsing docker %s: %s\")` and \
                  the whole `gitlab-runner` process exits when the first job (for the \
                  `service_` keys, the first job with services) reaches that point, taking \
                  every other running job down with it. Docker's own `-1` (unlimited swap) \
                  is refused too.",
    bad: "[runners.docker]\nmemory_swap = \"-1\"\n",
    good: "[runners.docker]\nmemory_swap = \"2g\"\n",
};

/// `log_options` keys other than `env` and `labels`.
pub(crate) static INVALID_LOG_OPTIONS: Rule = Rule {
    code: "invalid-log-options",
    severity: Severity::Error,
    stage: Stage::Job,
    summary: "`log_options` key other than `env` or `labels`",
    explanation: "The Docker executor checks `[runners.docker.log_options]` before it \
                  connects to Docker (`DockerConfig.GetLogConfig`, called from \
                  `executor.Prepare`): the containers always use the `json-file` driver, and \
                  any key but `env` and `labels` fails every job with `creating docker log \
                  configuration: invalid log options: only [\"env\" \"labels\"] are allowed, \
                  but found: […]`.",
    bad: "[runners.docker.log_options]\nmax-size = \"10m\"\n",
    good: "[runners.docker.log_options]\nlabels = \"com.example.team\"\n",
};

/// `host` that moby's `ParseHostURL` rejects.
pub(crate) static INVALID_DOCKER_HOST: Rule = Rule {
    code: "invalid-docker-host",
    severity: Severity::Error,
    stage: Stage::Job,
    summary: "`[runners.docker] host` is not a `scheme://address` URL",
    explanation: "The Docker executor connects to the daemon at `host` with the Docker \
                  client, whose `ParseHostURL` needs `scheme://address` (`unix:///var/run/\
                  docker.sock`, `tcp://10.0.0.5:2376`). Without `://`, or with nothing after \
                  it, every job fails with ``creating docker connection: creating docker \
                  client: unable to parse docker host `…` `` (on `docker-autoscaler`: `creating \
                  env dialer: parsing docker host: …`). `docker+machine` replaces `host` with \
                  each machine's address, so it is not checked there.",
    bad: "[runners.docker]\nhost = \"10.0.0.5:2376\"\n",
    good: "[runners.docker]\nhost = \"tcp://10.0.0.5:2376\"\n",
};

/// A `volumes` entry the Linux volume parser rejects, or one mounted at `/`.
pub(crate) static INVALID_VOLUME: Rule = Rule {
    code: "invalid-volume",
    severity: Severity::Error,
    stage: Stage::Job,
    summary: "`volumes` entry the Docker executor cannot parse, or mounted at `/`",
    explanation: "Before each job the Docker executor parses every `[runners.docker] volumes` \
                  entry (`volumes.IsHostMountedVolume` with the Linux parser of \
                  `executors/docker/internal/volumes/parser`): `/container/path`, or \
                  `source:/container/path` (a host directory or a volume name), then \
                  optionally `:ro`, `:rw` or `:O`, a `z`/`Z` label and a propagation mode \
                  (`shared`, `slave`, `private`, `rshared`, `rslave`, `rprivate`). The \
                  container path must start with `/`, with no `//`, and no part may hold \
                  `\\ : * ? \" < > |`. One bad entry fails every job with `invalid volume \
                  specification: \"…\"`; a container path of `/` fails it with `build \
                  directory needs to be a non-root path`. Entries written like Windows paths \
                  are not judged (a Windows daemon uses another parser), nor are entries on \
                  `docker-windows`.",
    bad: "[runners.docker]\nvolumes = [\"./cache:/cache\"]\n",
    good: "[runners.docker]\nvolumes = [\"/srv/cache:/cache\"]\n",
};

/// Two `volumes` entries for one container path.
pub(crate) static DUPLICATE_VOLUME: Rule = Rule {
    code: "duplicate-volume",
    severity: Severity::Error,
    stage: Stage::Job,
    summary: "two `volumes` entries mount the same container path",
    explanation: "The Docker executor's volume manager keeps one mount per container path \
                  (`volumes.manager.Create`, `pathList.Add`, paths compared after cleaning). \
                  A second `[runners.docker] volumes` entry for the same path fails every job \
                  with `volume for container path \"…\" is already defined`.",
    bad: "[runners.docker]\nvolumes = [\"/cache\", \"/srv/cache:/cache/\"]\n",
    good: "[runners.docker]\nvolumes = [\"/srv/cache:/cache\"]\n",
};

/// A device string with more than two colons.
pub(crate) static INVALID_DEVICE: Rule = Rule {
    code: "invalid-device",
    severity: Severity::Error,
    stage: Stage::Job,
    summary: "`devices` entry with more than two `:`",
    explanation: "The Docker executor splits each `devices` entry (and each \
                  `services_devices` list) as `host-path[:container-path[:permissions]]` \
                  (`executor.parseDeviceString`). An entry with more colons fails every job \
                  (for `services_devices`, every job with a service whose image matches the \
                  pattern) with `failed to parse device string \"…\": too many colons`.",
    bad: "[runners.docker]\ndevices = [\"/dev/kvm:/dev/kvm:rw:extra\"]\n",
    good: "[runners.docker]\ndevices = [\"/dev/kvm:/dev/kvm:rw\"]\n",
};

/// `gpus` or `service_gpus` the Docker CLI's `--gpus` parser rejects.
pub(crate) static INVALID_GPUS: Rule = Rule {
    code: "invalid-gpus",
    severity: Severity::Error,
    stage: Stage::Job,
    summary: "`gpus` or `service_gpus` that `docker run --gpus` would reject",
    explanation: "The Docker executor reads `gpus` (and `service_gpus`) with the Docker CLI's \
                  own `--gpus` parser (`opts.GpuOpts.Set`, called by \
                  `executor.bindContainerDeviceRequests`): comma-separated fields, each a \
                  count (`all` or a number) or `count=`, `device=`, `driver=`, \
                  `capabilities=`, `options=`, each key once. Any other value fails every job \
                  (for `service_gpus`, every job with services) with `parsing gpus string \
                  \"…\": …`.",
    bad: "[runners.docker]\ngpus = \"gpu=all\"\n",
    good: "[runners.docker]\ngpus = \"all\"\n",
};

/// `cpus` or `service_cpus` that `big.Rat.SetString` rejects.
pub(crate) static INVALID_CPUS: Rule = Rule {
    code: "invalid-cpus",
    severity: Severity::Error,
    stage: Stage::Job,
    summary: "`cpus` or `service_cpus` is not a number",
    explanation: "The Docker executor converts `cpus` and `service_cpus` to nano-CPUs with \
                  Go's `big.Rat.SetString` (`DockerConfig.computeNanoCPUs`): a decimal number \
                  (`1.5`) or a fraction (`3/2`), with no unit and no spaces. Anything else \
                  fails every job (for `service_cpus`, every job with services) with `failed \
                  to parse … as a rational number`.",
    bad: "[runners.docker]\ncpus = \"2 cores\"\n",
    good: "[runners.docker]\ncpus = \"2\"\n",
};

/// A `ulimit` value that is not `soft` or `soft:hard`.
pub(crate) static INVALID_ULIMIT: Rule = Rule {
    code: "invalid-ulimit",
    severity: Severity::Error,
    stage: Stage::Job,
    summary: "`ulimit` value is not `soft` or `soft:hard` as integers",
    explanation: "The Docker executor reads each `[runners.docker.ulimit]` value as \
                  `soft[:hard]`, both 64-bit integers (`DockerConfig.GetUlimits`, \
                  `strconv.ParseInt`). Anything else, `unlimited` included, fails every job \
                  with `invalid soft limit value: strconv.ParseInt: …` (the runner uses that \
                  text for the hard limit too).",
    bad: "[runners.docker.ulimit]\nnofile = \"unlimited\"\n",
    good: "[runners.docker.ulimit]\nnofile = \"65536:65536\"\n",
};

/// A `dns` entry that is not an IP address.
pub(crate) static INVALID_DNS_SERVER: Rule = Rule {
    code: "invalid-dns-server",
    severity: Severity::Error,
    stage: Stage::Job,
    summary: "`dns` entry is not an IP address",
    explanation: "The Docker executor parses every `[runners.docker] dns` entry with Go's \
                  `netip.ParseAddr` when it creates a container (`dnsServerAddrs`). A host \
                  name, a port or stray spaces fail every job with `invalid DNS server \
                  address \"…\": …`.",
    bad: "[runners.docker]\ndns = [\"dns.google\"]\n",
    good: "[runners.docker]\ndns = [\"8.8.8.8\"]\n",
};

/// A `mac_address` that `net.ParseMAC` rejects.
pub(crate) static INVALID_MAC_ADDRESS: Rule = Rule {
    code: "invalid-mac-address",
    severity: Severity::Error,
    stage: Stage::Job,
    summary: "`mac_address` is not a MAC address",
    explanation: "With a Docker daemon of API version 1.44 or later (Docker 25 and later) the \
                  Docker executor parses `mac_address` with Go's `net.ParseMAC` \
                  (`parseMACAddress`, from `executor.networkConfig`): six, eight or twenty \
                  pairs of hex digits separated by `:` or `-`, or groups of four separated \
                  by `.`. Anything else fails every job with `invalid MAC address \"…\": …`. \
                  (Older daemons ignore `mac_address` with a warning.)",
    bad: "[runners.docker]\nmac_address = \"02:42:ac:11:00\"\n",
    good: "[runners.docker]\nmac_address = \"02:42:ac:11:00:02\"\n",
};

/// `user` outside a non-empty `allowed_users`.
pub(crate) static USER_NOT_ALLOWED: Rule = Rule {
    code: "user-not-allowed",
    severity: Severity::Error,
    stage: Stage::Job,
    summary: "`[runners.docker] user` is not in `allowed_users`",
    explanation: "The Docker executor checks the build container's user against \
                  `allowed_users` (`executor.getBuildContainerUser`, \
                  `DockerConfig.IsUserAllowed`, an exact string match). The runner's own \
                  `user` is checked too, so when it is missing from a non-empty \
                  `allowed_users` every job fails with `user \"…\" is not an allowed user: \
                  […]`.",
    bad: "[runners.docker]\nuser = \"root\"\nallowed_users = [\"1000\"]\n",
    good: "[runners.docker]\nuser = \"1000\"\nallowed_users = [\"1000\"]\n",
};

/// A `[[runners.docker.services]]` with an alias but no image name.
pub(crate) static UNNAMED_SERVICE: Rule = Rule {
    code: "unnamed-service",
    severity: Severity::Error,
    stage: Stage::Job,
    summary: "`[[runners.docker.services]]` has an `alias` but no `name`",
    explanation: "The Docker executor starts every `[[runners.docker.services]]` entry for \
                  every job, once for its aliases (`executor.createFromServiceDefinition`). \
                  An entry without a `name` (the image) but with an `alias` reaches \
                  `executor.createService` with no image, and every job fails with `invalid \
                  service image name: `.",
    bad: "[[runners.docker.services]]\nalias = \"db\"\n",
    good: "[[runners.docker.services]]\nname = \"postgres:16\"\nalias = \"db\"\n",
};

/// More `[[runners.docker.services]]` than `services_limit`.
pub(crate) static TOO_MANY_SERVICES: Rule = Rule {
    code: "too-many-services",
    severity: Severity::Error,
    stage: Stage::Job,
    summary: "more `[[runners.docker.services]]` than `services_limit` allows",
    explanation: "The Docker executor counts the runner's own `[[runners.docker.services]]` \
                  together with the job's services against `services_limit` (when it is 0 or \
                  more; `executor.getServicesDefinitions`). If the runner's entries alone \
                  exceed it, every job fails with `too many services requested: N, only M \
                  allowed`.",
    bad: "[runners.docker]\nservices_limit = 0\n[[runners.docker.services]]\n\
          name = \"postgres:16\"\n",
    good: "[runners.docker]\nservices_limit = 1\n[[runners.docker.services]]\n\
           name = \"postgres:16\"\n",
};

/// The Docker executors.
fn is_docker(executor: Executor) -> bool {
    matches!(
        executor,
        Executor::Docker
            | Executor::DockerWindows
            | Executor::DockerMachine
            | Executor::DockerAutoscaler
    )
}

/// One `[runners.docker]` section the runner's Docker executor reads.
struct Section<'a> {
    /// `runners[N].docker`.
    base: String,
    executor: Executor,
    docker: &'a DockerConfig,
}

impl Section<'_> {
    fn key(&self, key: &str) -> String {
        format!("{}.{key}", self.base)
    }
}

/// Every Docker section in use.
fn sections(config: &Config) -> impl Iterator<Item = Section<'_>> {
    config.runners.iter().enumerate().filter_map(|(i, runner)| {
        let executor = runner.executor.filter(|e| is_docker(*e))?;
        Some(Section {
            base: format!("runners[{i}].docker"),
            executor,
            docker: runner.docker.as_ref()?,
        })
    })
}

/// Runs the Docker settings rules.
pub fn run(loaded: &Loaded<Config>, out: &mut Vec<Diagnostic>) {
    let mut out = Out {
        spans: loaded.spans(),
        out,
    };
    for s in sections(loaded.best_effort()) {
        memory(&s, &mut out);
        log_options(&s, &mut out);
        host(&s, &mut out);
        volumes(&s, &mut out);
        devices(&s, &mut out);
        gpus(&s, &mut out);
        cpus(&s, &mut out);
        ulimits(&s, &mut out);
        dns(&s, &mut out);
        mac_address(&s, &mut out);
        user(&s, &mut out);
        services(&s, &mut out);
    }
}

fn memory(s: &Section<'_>, out: &mut Out<'_>) {
    let d = s.docker;
    let keys = [
        ("memory", &d.memory),
        ("memory_swap", &d.memory_swap),
        ("memory_reservation", &d.memory_reservation),
        ("service_memory", &d.service_memory),
        ("service_memory_swap", &d.service_memory_swap),
        ("service_memory_reservation", &d.service_memory_reservation),
    ];
    for (key, value) in keys {
        let Some(value) = value.as_deref().filter(|v| !v.is_empty()) else {
            continue;
        };
        let Err(error) = ram_in_bytes(value) else {
            continue;
        };
        let when = if key.starts_with("service_") {
            "the first job with services"
        } else {
            "the first job"
        };
        let help = if value.trim_start().starts_with('-') {
            format!(
                "negative sizes are refused (Docker's `-1` included): remove `{key}` or write \
                 a size such as \"2g\""
            )
        } else {
            "write a number and an optional unit: b, k, m, g, t or p, optionally followed by \
             b or ib (\"512m\", \"2GiB\")"
                .to_owned()
        };
        out.push(
            &INVALID_MEMORY_SIZE,
            &s.key(key),
            format!("the runner process exits on {when}: `Error parsing docker {key}: {error}`"),
            help,
        );
    }
}

fn log_options(s: &Section<'_>, out: &mut Out<'_>) {
    let invalid: Vec<&String> = s
        .docker
        .log_options
        .keys()
        .filter(|k| !matches!(k.as_str(), "env" | "labels"))
        .collect();
    let Some(first) = invalid.first() else {
        return;
    };
    let quoted: Vec<String> = invalid.iter().map(|k| Quoted(k).to_string()).collect();
    out.push(
        &INVALID_LOG_OPTIONS,
        &map_entry(&s.key("log_options"), first),
        format!(
            "every job fails: `invalid log options: only [\"env\" \"labels\"] are allowed, but \
             found: {}`",
            List(&quoted)
        ),
        "the job containers always log with the json-file driver; keep only `env` and \
         `labels` (driver options such as max-size belong in the Docker daemon's \
         configuration)",
    );
}

fn host(s: &Section<'_>, out: &mut Out<'_>) {
    if s.executor == Executor::DockerMachine {
        return;
    }
    let Some(host) = s.docker.host.as_deref().filter(|h| !h.is_empty()) else {
        return;
    };
    let ok = host
        .split_once("://")
        .is_some_and(|(_, addr)| !addr.is_empty());
    if ok {
        return;
    }
    let help = if host.contains("://") {
        "add the address after the scheme, e.g. \"unix:///var/run/docker.sock\"".to_owned()
    } else if host.starts_with('/') {
        format!("write \"unix://{host}\"")
    } else {
        format!("write \"tcp://{host}\" (or \"unix://…\" for a socket)")
    };
    out.push(
        &INVALID_DOCKER_HOST,
        &s.key("host"),
        format!("every job fails: unable to parse docker host `{host}`"),
        help,
    );
}

/// Whether a volume entry may be meant for a Windows daemon, whose parser
/// the runner picks when the daemon reports Windows.
fn looks_windows(entry: &str) -> bool {
    let b = entry.as_bytes();
    let drive = (0..b.len().saturating_sub(1)).any(|i| {
        b[i].is_ascii_alphabetic()
            && b[i + 1] == b':'
            && (i == 0 || matches!(b[i - 1], b':' | b'\\' | b'?'))
    });
    drive || entry.contains('\\') || entry.to_ascii_lowercase().contains("pipe")
}

fn volumes(s: &Section<'_>, out: &mut Out<'_>) {
    if s.executor == Executor::DockerWindows {
        return;
    }
    let Some(list) = &s.docker.volumes else {
        return;
    };
    // Cleaned container path → index of the first entry mounting it.
    let mut seen: Vec<(String, usize)> = Vec::new();
    for (i, entry) in list.iter().enumerate() {
        if looks_windows(entry) {
            continue;
        }
        let path = format!("{}[{i}]", s.key("volumes"));
        let Some(volume) = parse_linux_volume(entry) else {
            out.push(
                &INVALID_VOLUME,
                &path,
                format!(
                    "every job fails: `invalid volume specification: {}`",
                    Quoted(entry)
                ),
                "write \"/path/in/container\" or \"host-path-or-volume:/path/in/container\", \
                 optionally followed by \":ro\" or \":rw\"",
            );
            continue;
        };
        // The container path is expanded with the job's variables.
        if volume.destination.contains('$') {
            continue;
        }
        let clean = go_clean(&volume.destination);
        if clean == "/" {
            out.push(
                &INVALID_VOLUME,
                &path,
                format!(
                    "every job fails: `{}` is mounted at `/`: `build directory needs to be a \
                     non-root path`",
                    entry
                ),
                "mount the volume at a directory inside the container, not at its root",
            );
            continue;
        }
        if let Some((_, first)) = seen.iter().find(|(p, _)| *p == clean) {
            out.push(
                &DUPLICATE_VOLUME,
                &path,
                format!(
                    "every job fails: `volume for container path {} is already defined` \
                     (by `volumes[{first}]`)",
                    Quoted(&clean)
                ),
                "keep one entry per container path",
            );
        } else {
            seen.push((clean, i));
        }
    }
}

fn devices(s: &Section<'_>, out: &mut Out<'_>) {
    let mut lists: Vec<(String, &Vec<String>, bool)> = Vec::new();
    if let Some(list) = &s.docker.devices {
        lists.push((s.key("devices"), list, false));
    }
    for (pattern, list) in &s.docker.services_devices {
        lists.push((map_entry(&s.key("services_devices"), pattern), list, true));
    }
    for (base, list, services) in lists {
        for (i, entry) in list.iter().enumerate() {
            if entry.split(':').count() <= 3 {
                continue;
            }
            let who = if services {
                "every job with a matching service fails"
            } else {
                "every job fails"
            };
            out.push(
                &INVALID_DEVICE,
                &format!("{base}[{i}]"),
                format!(
                    "{who}: `failed to parse device string {}: too many colons`",
                    Quoted(entry)
                ),
                "write \"host-path\", \"host-path:container-path\" or \
                 \"host-path:container-path:permissions\"",
            );
        }
    }
}

fn gpus(s: &Section<'_>, out: &mut Out<'_>) {
    let keys = [
        ("gpus", &s.docker.gpus, "every job fails"),
        (
            "service_gpus",
            &s.docker.service_gpus,
            "every job with services fails",
        ),
    ];
    for (key, value, who) in keys {
        let Some(value) = value.as_deref().filter(|v| !v.trim().is_empty()) else {
            continue;
        };
        if let Err(error) = check_gpus(value) {
            out.push(
                &INVALID_GPUS,
                &s.key(key),
                format!("{who}: `parsing gpus string {}: {error}`", Quoted(value)),
                "write what `docker run --gpus` takes: \"all\", a count, or fields such as \
                 \"device=0\" or \"count=2,capabilities=compute\"",
            );
        }
    }
}

fn cpus(s: &Section<'_>, out: &mut Out<'_>) {
    let keys = [
        ("cpus", &s.docker.cpus, "every job fails", ""),
        (
            "service_cpus",
            &s.docker.service_cpus,
            "every job with services fails",
            "service nano cpus: ",
        ),
    ];
    for (key, value, who, prefix) in keys {
        let Some(value) = value.as_deref().filter(|v| !v.is_empty()) else {
            continue;
        };
        if rat_set_string(value) == Some(false) {
            out.push(
                &INVALID_CPUS,
                &s.key(key),
                format!("{who}: `{prefix}failed to parse {value} as a rational number`"),
                "write a number of CPUs such as \"2\" or \"1.5\", without a unit",
            );
        }
    }
}

fn ulimits(s: &Section<'_>, out: &mut Out<'_>) {
    for (name, limits) in &s.docker.ulimit {
        let (soft, hard) = match limits.split_once(':') {
            Some((soft, hard)) => (soft, Some(hard)),
            None => (limits.as_str(), None),
        };
        let Some((bad, why)) = std::iter::once(soft)
            .chain(hard)
            .find_map(|part| go_parse_int_error(part).map(|why| (part, why)))
        else {
            continue;
        };
        out.push(
            &INVALID_ULIMIT,
            &map_entry(&s.key("ulimit"), name),
            format!(
                "every job fails: `invalid soft limit value: strconv.ParseInt: parsing {}: {why}`",
                Quoted(bad)
            ),
            "write the soft limit, or \"soft:hard\", as whole numbers (\"65536:65536\")",
        );
    }
}

/// Go's `strconv.ParseInt(s, 10, 64)` error text, if it fails.
fn go_parse_int_error(s: &str) -> Option<&'static str> {
    use std::num::IntErrorKind;
    match s.parse::<i64>() {
        Ok(_) => None,
        Err(e) => Some(match e.kind() {
            IntErrorKind::PosOverflow | IntErrorKind::NegOverflow => "value out of range",
            _ => "invalid syntax",
        }),
    }
}

fn dns(s: &Section<'_>, out: &mut Out<'_>) {
    let Some(list) = &s.docker.dns else {
        return;
    };
    for (i, entry) in list.iter().enumerate() {
        if parse_ip(entry) == Some(false) {
            out.push(
                &INVALID_DNS_SERVER,
                &format!("{}[{i}]", s.key("dns")),
                format!(
                    "every job fails: `invalid DNS server address {}`",
                    Quoted(entry)
                ),
                "write the DNS server's IP address (\"8.8.8.8\", \"2001:4860:4860::8888\"); \
                 host names and ports are not accepted",
            );
        }
    }
}

fn mac_address(s: &Section<'_>, out: &mut Out<'_>) {
    let Some(mac) = s.docker.mac_address.as_deref().filter(|m| !m.is_empty()) else {
        return;
    };
    if !parse_mac(mac) {
        out.push(
            &INVALID_MAC_ADDRESS,
            &s.key("mac_address"),
            format!(
                "every job fails (Docker API 1.44 and later): `invalid MAC address {}`",
                Quoted(mac)
            ),
            "write six pairs of hex digits separated by colons, e.g. \"02:42:ac:11:00:02\"",
        );
    }
}

fn user(s: &Section<'_>, out: &mut Out<'_>) {
    let Some(user) = s.docker.user.as_deref().filter(|u| !u.is_empty()) else {
        return;
    };
    let Some(allowed) = s.docker.allowed_users.as_deref().filter(|a| !a.is_empty()) else {
        return;
    };
    if allowed.iter().any(|a| a == user) {
        return;
    }
    out.push(
        &USER_NOT_ALLOWED,
        &s.key("user"),
        format!(
            "every job fails: `user {} is not an allowed user: {}`",
            Quoted(user),
            List(allowed)
        ),
        format!("add {} to `allowed_users`, or change `user`", Quoted(user)),
    );
}

fn services(s: &Section<'_>, out: &mut Out<'_>) {
    let services = &s.docker.services;
    for (i, service) in services.iter().enumerate() {
        let name = service.name.as_deref().unwrap_or("");
        if !name.is_empty() {
            continue;
        }
        // Aliases are split on commas and spaces, then expanded with the
        // job's variables: one without a variable is certain.
        let alias = service.alias.as_deref().unwrap_or("");
        let certain = alias
            .split([',', ' ', '\t', '\n'])
            .any(|a| !a.is_empty() && !a.contains('$'));
        if certain {
            let path = format!("{}.services[{i}]", s.base);
            let at = if service.name.is_some() {
                format!("{path}.name")
            } else {
                format!("{path}.alias")
            };
            out.push(
                &UNNAMED_SERVICE,
                &at,
                format!(
                    "every job fails: service {i} has no image: `invalid service image name: `"
                ),
                "set `name` to the service's image, e.g. \"postgres:16\"",
            );
        }
    }
    let Some(limit) = s.docker.services_limit.filter(|l| *l >= 0) else {
        return;
    };
    let count = services.len();
    if i64::try_from(count).is_ok_and(|c| c > limit) {
        out.push(
            &TOO_MANY_SERVICES,
            &s.key("services_limit"),
            format!(
                "every job fails: `too many services requested: {count}, only {limit} allowed`"
            ),
            format!(
                "raise `services_limit` to at least {count}, or remove \
                 `[[runners.docker.services]]` entries"
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_looking_volumes_are_left_alone() {
        for v in [
            "C:\\cache",
            "c:/cache:c:/cache",
            "\\\\.\\pipe\\docker_engine",
            "vol:c:",
        ] {
            assert!(looks_windows(v), "{v}");
        }
        for v in ["/cache", "/srv:/data:ro", "cache:/cache"] {
            assert!(!looks_windows(v), "{v}");
        }
    }

    #[test]
    fn parse_int_errors_like_go() {
        assert_eq!(go_parse_int_error("1024"), None);
        assert_eq!(go_parse_int_error("-1"), None);
        assert_eq!(go_parse_int_error("unlimited"), Some("invalid syntax"));
        assert_eq!(go_parse_int_error(""), Some("invalid syntax"));
        assert_eq!(
            go_parse_int_error("99999999999999999999"),
            Some("value out of range")
        );
    }
}
