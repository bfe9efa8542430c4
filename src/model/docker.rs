//! `[runners.docker]`: the Docker executors (`docker`, `docker-windows`,
//! `docker+machine`, `docker-autoscaler`) and their `[[runners.docker.services]]`.

use std::collections::BTreeMap;

use crate::model::shape::{section, string_enum};
use crate::policy::{AllowedPullPolicies, PullPolicyList, RunnerPolicies};

section! {
    /// `[runners.docker]`: how the Docker executors create the containers a job runs in, and
    /// what jobs may ask for.
    ///
    /// ```
    /// use runner_config::model::DockerConfig;
    /// use runner_config::policy::{PullPolicy, RunnerPolicies};
    ///
    /// let config = runner_config::load::load(r#"
    /// [[runners]]
    /// executor = "docker"
    /// [runners.docker]
    /// image = "ruby:3.3"
    /// privileged = false
    /// volumes = ["/cache"]
    /// shm_size = 268435456
    /// pull_policy = ["always", "if-not-present"]
    /// [[runners.docker.services]]
    /// name = "postgres:16"
    /// alias = "db"
    /// "#)
    /// .into_config()
    /// .unwrap();
    /// let docker: &DockerConfig = config.runners[0].docker.as_ref().unwrap();
    /// assert_eq!(docker.image.as_deref(), Some("ruby:3.3"));
    /// assert_eq!(docker.privileged, Some(false));
    /// assert_eq!(docker.shm_size, Some(268_435_456));
    /// assert_eq!(docker.services[0].alias.as_deref(), Some("db"));
    ///
    /// // `pull_policy` is kept as written; validating it is a separate step.
    /// let pull_policy = docker.pull_policy.clone().unwrap_or_default();
    /// let allowed = docker.allowed_pull_policies.clone().unwrap_or_default();
    /// let policies = RunnerPolicies::new(&pull_policy, &allowed).docker_pull_policies().unwrap();
    /// assert_eq!(policies, [PullPolicy::Always, PullPolicy::IfNotPresent]);
    /// ```
    pub struct DockerConfig in "[runners.docker]" {
        // The Docker daemon.
        /// The Docker daemon to use (`unix:///var/run/docker.sock`, `tcp://host:2376`). Not
        /// set: the `DOCKER_HOST` environment variable, then the local daemon.
        "host" => host: Option<String>,
        /// A directory with `ca.pem`, `cert.pem` and `key.pem` for a TLS connection to the
        /// daemon.
        "tls_cert_path" => tls_cert_path: Option<String>,
        /// When `true`, the runner connects to the daemon over TLS and verifies its
        /// certificate.
        "tls_verify" => tls_verify: Option<bool>,

        // The job container.
        /// The host name job containers get.
        "hostname" => hostname: Option<String>,
        /// The image jobs run in when they do not name one with `image:`.
        "image" => image: Option<String>,
        /// The container runtime for job containers (`runc`, `nvidia`, `runsc`).
        "runtime" => runtime: Option<String>,
        /// The memory limit of the job container, with a unit (`512m`, `2g`).
        "memory" => memory: Option<String>,
        /// The memory-plus-swap limit of the job container, with a unit; `-1` allows unlimited
        /// swap.
        "memory_swap" => memory_swap: Option<String>,
        /// The soft memory limit of the job container, with a unit.
        "memory_reservation" => memory_reservation: Option<String>,
        /// The cgroup job containers are created under.
        "cgroup_parent" => cgroup_parent: Option<String>,
        /// The CPUs job containers may use (`0-3`, `0,2`).
        "cpuset_cpus" => cpuset_cpus: Option<String>,
        /// The NUMA memory nodes job containers may use.
        "cpuset_mems" => cpuset_mems: Option<String>,
        /// How many CPUs job containers may use; fractions are allowed (`1.5`).
        "cpus" => cpus: Option<String>,
        /// The relative CPU weight of job containers (Docker's default is 1024).
        "cpu_shares" => cpu_shares: Option<i64>,
        /// DNS servers for the containers.
        "dns" => dns: Option<Vec<String>>,
        /// DNS search domains for the containers.
        "dns_search" => dns_search: Option<Vec<String>>,
        /// When `true`, job and service containers run privileged, with full access to the
        /// host's devices (needed for Docker-in-Docker).
        "privileged" => privileged: Option<bool>,
        /// Whether service containers run privileged. Not set: the same as `privileged`.
        "services_privileged" => services_privileged: Option<bool>,
        /// When `true`, jobs cannot replace an image's entrypoint with `image: entrypoint:`.
        "disable_entrypoint_overwrite" => disable_entrypoint_overwrite: Option<bool>,
        /// The user commands run as in the job container (`name`, `uid` or `uid:gid`).
        "user" => user: Option<String>,
        /// Users jobs may ask to run as; empty allows any.
        "allowed_users" => allowed_users: Option<Vec<String>>,
        /// Extra groups for the user in the job container.
        "group_add" => group_add: Option<Vec<String>>,
        /// The user namespace mode of the containers (`host`).
        "userns_mode" => userns_mode: Option<String>,
        /// Linux capabilities added to the containers.
        "cap_add" => cap_add: Option<Vec<String>>,
        /// Linux capabilities removed from the containers.
        "cap_drop" => cap_drop: Option<Vec<String>>,
        /// When `true`, the kernel does not kill container processes when memory runs out.
        "oom_kill_disable" => oom_kill_disable: Option<bool>,
        /// The OOM score adjustment for container processes; higher is killed sooner.
        "oom_score_adjust" => oom_score_adjust: Option<i64>,
        /// Security options for the job container (`seccomp=…`, `apparmor=…`,
        /// `no-new-privileges`).
        "security_opt" => security_opt: Option<Vec<String>>,
        /// Security options for service containers.
        "services_security_opt" => services_security_opt: Option<Vec<String>>,
        /// Host devices made available in the job container (`/dev/net/tun`,
        /// `/dev/kvm:/dev/kvm:rw`).
        "devices" => devices: Option<Vec<String>>,
        /// Device cgroup rules for the job container (`c 1:3 mr`).
        "device_cgroup_rules" => device_cgroup_rules: Option<Vec<String>>,
        /// GPUs made available in the job container, as `docker run --gpus` takes them (`all`).
        "gpus" => gpus: Option<String>,
        /// Host devices for service containers, keyed by an image name pattern.
        "services_devices" => services_devices: BTreeMap<String, Vec<String>>,
        /// When `true`, the runner does not create its automatic Docker volumes for caches;
        /// directories mounted with `volumes` still work.
        "disable_cache" => disable_cache: Option<bool>,
        /// Extra volumes for the job container: `/path` for a new volume, or
        /// `host:container[:mode]` for a bind mount.
        "volumes" => volumes: Option<Vec<String>>,
        /// When `true`, the runner keeps the volumes it created after the job.
        "volume_keep" => volume_keep: Option<bool>,
        /// The volume driver for cache volumes.
        "volume_driver" => volume_driver: Option<String>,
        /// Options for `volume_driver`.
        "volume_driver_ops" => volume_driver_ops: BTreeMap<String, String>,
        /// The directory the Docker executor keeps its local caches in.
        "cache_dir" => cache_dir: Option<String>,
        /// Extra `/etc/hosts` entries for the containers, written `host:IP`.
        "extra_hosts" => extra_hosts: Option<Vec<String>>,
        /// Containers whose volumes are mounted into the job container, written
        /// `container[:mode]`.
        "volumes_from" => volumes_from: Option<Vec<String>>,
        /// The network the containers join (`bridge`, `host`, `none` or a network name).
        "network_mode" => network_mode: Option<String>,
        /// The PID namespace of the job container (`host`).
        "pid_mode" => pid_mode: Option<String>,
        /// The IPC namespace of the job container (`host`, `shareable`, `container:<name>`).
        "ipcmode" => ipc_mode: Option<String>,
        /// The MAC address of the job container.
        "mac_address" => mac_address: Option<String>,
        /// Containers linked to the job container, written `name[:alias]`.
        "links" => links: Option<Vec<String>>,

        // Service containers.
        /// Service containers started for every job, besides the ones the job asks for.
        "services" => services: Vec<DockerService>,
        /// The most services a job may run; `-1` means no limit.
        ///
        /// Default: `-1`.
        "services_limit" => services_limit: Option<i64>,
        /// The memory limit of service containers, with a unit.
        "service_memory" => service_memory: Option<String>,
        /// The memory-plus-swap limit of service containers, with a unit.
        "service_memory_swap" => service_memory_swap: Option<String>,
        /// The soft memory limit of service containers, with a unit.
        "service_memory_reservation" => service_memory_reservation: Option<String>,
        /// The cgroup service containers are created under.
        "service_cgroup_parent" => service_cgroup_parent: Option<String>,
        /// The slot cgroup path for service containers when `use_slot_cgroups` is on; `${slot}`
        /// is replaced by the slot number.
        "service_slot_cgroup_template" => service_slot_cgroup_template: Option<String>,
        /// The CPUs service containers may use.
        "service_cpuset_cpus" => service_cpuset_cpus: Option<String>,
        /// How many CPUs service containers may use; fractions are allowed.
        "service_cpus" => service_cpus: Option<String>,
        /// The relative CPU weight of service containers.
        "service_cpu_shares" => service_cpu_shares: Option<i64>,
        /// GPUs made available in service containers.
        "service_gpus" => service_gpus: Option<String>,
        /// Seconds the runner waits for service containers to answer on their ports; `-1` skips
        /// the wait. `0` uses the default.
        ///
        /// Default: `30` (seconds).
        "wait_for_services_timeout" => wait_for_services_timeout: Option<i64>,

        // What jobs may ask for, and pulling.
        /// Images jobs may name with `image:`; wildcards (`*`, `**`) are allowed. Empty allows
        /// any.
        "allowed_images" => allowed_images: Option<Vec<String>>,
        /// Images that may run privileged when `privileged` is on; empty allows all.
        "allowed_privileged_images" => allowed_privileged_images: Option<Vec<String>>,
        /// Service images that may run privileged when `services_privileged` is on; empty
        /// allows all.
        "allowed_privileged_services" => allowed_privileged_services: Option<Vec<String>>,
        /// The pull policies jobs may ask for with `image: pull_policy:`. Not set: only the
        /// ones in `pull_policy`.
        "allowed_pull_policies" => allowed_pull_policies: Option<AllowedPullPolicies>,
        /// Service images jobs may name with `services:`; wildcards are allowed. Empty allows
        /// any.
        "allowed_services" => allowed_services: Option<Vec<String>>,
        /// When images are pulled: `always`, `if-not-present` or `never`, or a list tried in
        /// order when pulling fails. Not set: `always`.
        ///
        /// Default: `["always"]`.
        "pull_policy" => pull_policy: Option<PullPolicyList>,
        /// The isolation technology of Windows containers.
        "isolation" => isolation: Option<DockerIsolation>,
        /// The size of `/dev/shm` in the containers, in bytes.
        "shm_size" => shm_size: Option<i64>,
        /// tmpfs mounts in the job container: mount path to mount options (`rw,noexec`).
        "tmpfs" => tmpfs: BTreeMap<String, String>,
        /// tmpfs mounts in service containers: mount path to mount options.
        "services_tmpfs" => services_tmpfs: BTreeMap<String, String>,
        /// Kernel parameters set in the containers (`"net.ipv4.ip_forward" = "1"`).
        "sysctls" => sysctls: BTreeMap<String, String>,
        /// The image of the helper container that fetches sources and handles caches and
        /// artifacts. Not set: the image matching the runner's version.
        "helper_image" => helper_image: Option<String>,
        /// The base of the default helper image (`alpine`, `ubuntu`, `ubi-fips`…). Empty uses
        /// the default.
        ///
        /// Default: `"alpine"`.
        "helper_image_flavor" => helper_image_flavor: Option<String>,
        /// Labels added to every container the runner creates; values may use environment
        /// variables.
        "container_labels" => container_labels: BTreeMap<String, String>,
        /// When `true`, the per-job network (`FF_NETWORK_PER_BUILD`) has IPv6 enabled.
        "enable_ipv6" => enable_ipv6: Option<bool>,
        /// Resource limits of the containers, by name: `"nofile" = "1024:2048"` (soft:hard).
        "ulimit" => ulimit: BTreeMap<String, String>,
        /// The MTU of the per-job network (`FF_NETWORK_PER_BUILD`).
        "network_mtu" => network_mtu: Option<i64>,
        /// Logging-driver options of the containers; only the keys `env` and `labels` are
        /// accepted.
        "log_options" => log_options: BTreeMap<String, String>,
    }
}

section! {
    /// `[[runners.docker.services]]`: a service container started for every job of this runner,
    /// next to the job container.
    ///
    /// ```
    /// use runner_config::model::DockerService;
    ///
    /// let config = runner_config::load::load(r#"
    /// [[runners]]
    /// executor = "docker"
    /// [[runners.docker.services]]
    /// name = "postgres:16"
    /// alias = "db"
    /// environment = ["POSTGRES_PASSWORD=ci"]
    /// [[runners.docker.services]]
    /// name = "redis:7"
    /// "#)
    /// .into_config()
    /// .unwrap();
    /// let services: &[DockerService] = &config.runners[0].docker.as_ref().unwrap().services;
    /// let names: Vec<_> = services.iter().map(|s| s.name.as_deref().unwrap()).collect();
    /// assert_eq!(names, ["postgres:16", "redis:7"]);
    /// assert_eq!(services[0].alias.as_deref(), Some("db"));
    /// assert_eq!(services[1].alias, None);
    /// ```
    pub struct DockerService in "[[runners.docker.services]]" {
        /// The service's image, as `image:` names it in `.gitlab-ci.yml` (`postgres:16`).
        "name" => name: Option<String>,
        /// An extra host name under which the job reaches the service.
        "alias" => alias: Option<String>,
        /// The command run in the service container, replacing the image's `CMD`.
        "command" => command: Option<Vec<String>>,
        /// The entrypoint of the service container, replacing the image's `ENTRYPOINT`.
        "entrypoint" => entrypoint: Option<Vec<String>>,
        /// Environment variables for the service container, each written `NAME=value`.
        "environment" => environment: Option<Vec<String>>,
        /// Experimental: the path of the service's data kept when a suspendable environment is
        /// suspended.
        "suspend_data_path" => suspend_data_path: Option<String>,
    }
}

string_enum! {
    /// The isolation technology for Windows containers. The runner passes
    /// it to Docker, which compares it without regard to case; any other
    /// value fails every job (`the isolation value "…" is not valid`).
    ///
    /// ```
    /// use runner_config::model::docker::DockerIsolation;
    ///
    /// assert_eq!("hyperv".parse::<DockerIsolation>(), Ok(DockerIsolation::Hyperv));
    /// assert_eq!("HyperV".parse::<DockerIsolation>(), Ok(DockerIsolation::Hyperv));
    /// assert_eq!("".parse::<DockerIsolation>(), Ok(DockerIsolation::Unset));
    /// let err = "Hyper-V".parse::<DockerIsolation>().unwrap_err();
    /// assert_eq!(err.suggestion(), Some("hyperv"));
    /// ```
    pub enum DockerIsolation as "isolation" {
        matching: Lowercased,
        on_unknown: FailsJobs,
        says: "the isolation value %q is not valid. the valid values are: 'process', 'hyperv', 'default' and an empty string",
    } {
        /// `process`: share the host's kernel.
        Process = "process",
        /// `hyperv`: run each container in a Hyper-V utility VM.
        Hyperv = "hyperv",
        /// `default`: what the Docker daemon is configured to use.
        Default = "default",
        /// `""`: the same as `default`.
        Unset = "",
    }
}

impl DockerConfig {
    /// The section's `pull_policy` and `allowed_pull_policies` as the pull
    /// manager reads them (a missing key is unset), ready for validation
    /// and effective-policy computation.
    ///
    /// ```
    /// use runner_config::load::load;
    /// use runner_config::policy::PullPolicy;
    ///
    /// let loaded = load("[[runners]]\nexecutor = \"docker\"\n[runners.docker]\n\
    ///                    pull_policy = [\"always\", \"if-not-present\"]\n");
    /// let config = loaded.config().unwrap();
    /// let docker = config.runners[0].docker.as_ref().unwrap();
    /// let policies = docker.policies().docker_pull_policies().unwrap();
    /// assert_eq!(policies, [PullPolicy::Always, PullPolicy::IfNotPresent]);
    /// ```
    pub fn policies(&self) -> RunnerPolicies<'_> {
        RunnerPolicies::from_keys(
            self.pull_policy.as_ref(),
            self.allowed_pull_policies.as_ref(),
        )
    }
}
