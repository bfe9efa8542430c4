//! From the raw lists to the policies a job actually uses: validation and
//! conversion (semantics §1, §3, §4, §5), the requested and allowed lists,
//! their intersection (§6) and the runner's exact errors (§7), for Docker
//! and, per container, for Kubernetes (§10.1).
//!
//! All of this runs in the runner when a job starts, not when the config is
//! loaded, and in a fixed order that decides which mistake is reported (or
//! whether one is noticed at all). The functions here keep that order.

use std::fmt;

use super::gofmt::{List, Quoted};
use super::kubernetes::ContainerPolicies;
use super::{
    AllowedPullPolicies, FailureReason, InvalidPullPolicy, KubernetesPullPolicy, PullPolicy,
    PullPolicyList,
};

/// Where a requested policy list came from, as the intersection error
/// names it (`getPullPolicySource`).
///
/// ```
/// use runner_config::policy::PolicySource;
///
/// let none: [&str; 0] = [];
/// assert_eq!(PolicySource::of(&["always"], &none), PolicySource::Pipeline);
/// // `pull_policy = ""` on Kubernetes is a non-empty raw list.
/// assert_eq!(PolicySource::of(&none, &[""]).as_str(), "Runner config");
/// assert_eq!(PolicySource::of(&none, &none).as_str(), "Runner config (default)");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PolicySource {
    /// `GitLab pipeline config`: the job's `image:pull_policy` (or the
    /// service's).
    Pipeline,
    /// `Runner config`: `pull_policy` in `config.toml`.
    Runner,
    /// `Runner config (default)`: the executor's built-in default.
    RunnerDefault,
}

impl PolicySource {
    /// The source for a job-level list and the runner's *raw* `pull_policy`
    /// entries: the job wins when it has any entries, then the runner's
    /// list when it has any (even just `""`), else the default.
    pub fn of<J, R>(job: &[J], runner_raw: &[R]) -> Self {
        if !job.is_empty() {
            Self::Pipeline
        } else if !runner_raw.is_empty() {
            Self::Runner
        } else {
            Self::RunnerDefault
        }
    }

    /// The runner's wording.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Pipeline => "GitLab pipeline config",
            Self::Runner => "Runner config",
            Self::RunnerDefault => "Runner config (default)",
        }
    }
}

impl fmt::Display for PolicySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A pull-policy problem the runner reports when a job starts.
///
/// `Display` is the runner's exact message, including the executor's
/// prefix where the runner adds one; [`PolicyError::unprefixed`] gives the
/// message without it.
///
/// ```
/// use runner_config::policy::{AllowedPullPolicies, FailureReason, PullPolicyList,
///                             RunnerPolicies};
///
/// let pull_policy = PullPolicyList::single("never");
/// let allowed = AllowedPullPolicies::new(["always"]);
/// let runner = RunnerPolicies::new(&pull_policy, &allowed);
/// let none: [&str; 0] = [];
/// let err = runner.docker_effective("alpine", &none).unwrap_err();
/// assert_eq!(err.to_string(), "invalid pull policy for image \"alpine\": pull_policy ([never]) \
///     defined in Runner config is not one of the allowed_pull_policies ([always])");
/// assert_eq!(err.failure_reason(), Some(FailureReason::ConfigurationError));
/// assert!(err.unprefixed().to_string().starts_with("pull_policy ([never])"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(transparent)]
pub struct PolicyError(Box<ErrorKind>);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
enum ErrorKind {
    /// `DockerConfig.GetPullPolicies`: a plain error, not a `BuildError`.
    #[error("unsupported pull_policy config: {}", Quoted(.0.value()))]
    DockerPullPolicy(InvalidPullPolicy),
    /// `DockerConfig.GetAllowedPullPolicies`: a plain error.
    #[error("unsupported allowed_pull_policies config: {}", Quoted(.0.value()))]
    DockerAllowed(InvalidPullPolicy),
    /// `KubernetesConfig.GetPullPolicies`.
    #[error("pull_policy config: {0}")]
    KubernetesPullPolicy(#[source] InvalidPullPolicy),
    /// `KubernetesConfig.GetAllowedPullPolicies`.
    #[error("allowed_pull_policies config: {0}")]
    KubernetesAllowed(#[source] InvalidPullPolicy),
    /// `executor.getPullPolicies` on a job-level value.
    #[error("conversion to Kubernetes policy: {0}")]
    Conversion(#[source] InvalidPullPolicy),
    /// `incompatiblePullPolicyError`.
    #[error(
        "pull_policy ({}) defined in {defined_in} is not one of the allowed_pull_policies ({})",
        List(requested),
        List(allowed)
    )]
    Incompatible {
        requested: Vec<String>,
        allowed: Vec<String>,
        defined_in: PolicySource,
    },
    /// `manager.GetDockerImage`.
    #[error("invalid pull policy for image {}: {inner}", Quoted(image))]
    ForImage {
        image: String,
        #[source]
        inner: PolicyError,
    },
    /// `executor.preparePullManager`.
    #[error("getting allowed pull policies: {0}")]
    GettingAllowed(#[source] PolicyError),
    /// `executor.preparePullManager`.
    #[error("converting pull policy for container {}: {inner}", Quoted(container))]
    Converting {
        container: String,
        #[source]
        inner: PolicyError,
    },
    /// `executor.preparePullManager`.
    #[error("invalid pull policy for container {}: {inner}", Quoted(container))]
    ForContainer {
        container: String,
        #[source]
        inner: PolicyError,
    },
}

impl PolicyError {
    fn new(kind: ErrorKind) -> Self {
        Self(Box::new(kind))
    }

    /// The failure reason the job reports. The executor-level errors are
    /// `BuildError`s with `runner_configuration_error`; Docker's plain
    /// validation errors carry none, and neither do the bare errors of the
    /// lower-level functions here.
    pub fn failure_reason(&self) -> Option<FailureReason> {
        match &*self.0 {
            ErrorKind::ForImage { .. }
            | ErrorKind::GettingAllowed(_)
            | ErrorKind::Converting { .. }
            | ErrorKind::ForContainer { .. } => Some(FailureReason::ConfigurationError),
            _ => None,
        }
    }

    /// The error without the executor's prefix (`invalid pull policy for
    /// image "…": `, `getting allowed pull policies: `, `converting pull
    /// policy for container "…": `, `invalid pull policy for container
    /// "…": `).
    pub fn unprefixed(&self) -> &PolicyError {
        match &*self.0 {
            ErrorKind::ForImage { inner, .. }
            | ErrorKind::GettingAllowed(inner)
            | ErrorKind::Converting { inner, .. }
            | ErrorKind::ForContainer { inner, .. } => inner,
            _ => self,
        }
    }

    /// The rejected value, when the error is about one (with its
    /// suggestion).
    pub fn invalid_value(&self) -> Option<&InvalidPullPolicy> {
        match &*self.0 {
            ErrorKind::DockerPullPolicy(v)
            | ErrorKind::DockerAllowed(v)
            | ErrorKind::KubernetesPullPolicy(v)
            | ErrorKind::KubernetesAllowed(v)
            | ErrorKind::Conversion(v) => Some(v),
            ErrorKind::Incompatible { .. } => None,
            ErrorKind::ForImage { inner, .. }
            | ErrorKind::GettingAllowed(inner)
            | ErrorKind::Converting { inner, .. }
            | ErrorKind::ForContainer { inner, .. } => inner.invalid_value(),
        }
    }

    /// The Kubernetes container the error names, if any. When several
    /// containers conflict the runner names whichever its map iteration
    /// meets first; this crate names the first in the order build, helper,
    /// init containers, services.
    pub fn container(&self) -> Option<&str> {
        match &*self.0 {
            ErrorKind::Converting { container, .. } | ErrorKind::ForContainer { container, .. } => {
                Some(container)
            }
            _ => None,
        }
    }
}

/// The policies a job uses for one image or container: the requested list
/// filtered by the allowed list, in requested order, duplicates kept.
///
/// ```
/// use runner_config::policy::{AllowedPullPolicies, PolicySource, PullPolicy, PullPolicyList,
///                             RunnerPolicies};
///
/// let pull_policy = PullPolicyList::new(["always", "if-not-present"]);
/// let allowed = AllowedPullPolicies::default();
/// let effective = RunnerPolicies::new(&pull_policy, &allowed)
///     .docker_effective("alpine", &[] as &[&str])
///     .unwrap();
/// assert_eq!(effective.policies(), [PullPolicy::Always, PullPolicy::IfNotPresent]);
/// assert_eq!(effective.source(), PolicySource::Runner);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EffectivePolicies<P> {
    policies: Vec<P>,
    source: PolicySource,
}

impl<P> EffectivePolicies<P> {
    /// The policies in the order they are tried.
    pub fn policies(&self) -> &[P] {
        &self.policies
    }

    /// Where the requested list came from.
    pub fn source(&self) -> PolicySource {
        self.source
    }

    /// The policies, owned.
    pub fn into_policies(self) -> Vec<P> {
        self.policies
    }
}

/// `%s` of the list, as the runner logs it.
impl<P: AsRef<str>> fmt::Display for EffectivePolicies<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        List(&self.policies).fmt(f)
    }
}

/// Intersects a requested list with an allowed list as
/// `ComputeEffectivePullPolicies` does: an empty requested list gives the
/// allowed list, an empty allowed list gives the requested list, otherwise
/// the requested entries that are allowed, in requested order with
/// duplicates kept. Nothing left is an error naming `source`.
///
/// Entries compare as strings, so `T` can be runner spellings, Kubernetes
/// names or plain strings.
///
/// ```
/// use runner_config::policy::{intersect, PolicySource};
///
/// let kept = intersect(&["always", "always", "never"], &["always"], PolicySource::Runner);
/// assert_eq!(kept.unwrap(), ["always", "always"]);
/// let err = intersect(&["IfNotPresent"], &["Always", "Never"], PolicySource::Pipeline);
/// assert_eq!(err.unwrap_err().to_string(), "pull_policy ([IfNotPresent]) defined in GitLab \
///     pipeline config is not one of the allowed_pull_policies ([Always Never])");
/// ```
pub fn intersect<T: AsRef<str> + Clone>(
    requested: &[T],
    allowed: &[T],
    source: PolicySource,
) -> Result<Vec<T>, PolicyError> {
    if requested.is_empty() {
        return Ok(allowed.to_vec());
    }
    if allowed.is_empty() {
        return Ok(requested.to_vec());
    }
    keep_allowed(requested, allowed, source)
}

/// The filtering step alone. The executors always pass non-empty lists
/// (both are defaulted), so the two pass-through rules of [`intersect`]
/// never apply to them.
fn keep_allowed<R: AsRef<str>, A: AsRef<str> + Clone>(
    requested: &[R],
    allowed: &[A],
    source: PolicySource,
) -> Result<Vec<A>, PolicyError> {
    let kept: Vec<A> = requested
        .iter()
        .filter_map(|r| allowed.iter().find(|a| a.as_ref() == r.as_ref()).cloned())
        .collect();
    if kept.is_empty() {
        return Err(PolicyError::new(ErrorKind::Incompatible {
            requested: requested.iter().map(|r| r.as_ref().to_owned()).collect(),
            allowed: allowed.iter().map(|a| a.as_ref().to_owned()).collect(),
            defined_in: source,
        }));
    }
    Ok(kept)
}

/// Converts runner values to Kubernetes names as
/// `ConvertFromDockerPullPolicy` does: `""` is the cluster default, and the
/// first value that is not a policy stops the conversion.
///
/// ```
/// use runner_config::policy::{convert_to_kubernetes, KubernetesPullPolicy};
///
/// assert_eq!(convert_to_kubernetes(&["", "never"]).unwrap(),
///            [KubernetesPullPolicy::ClusterDefault, KubernetesPullPolicy::Never]);
/// assert_eq!(convert_to_kubernetes(&["always", "invalid"]).unwrap_err().to_string(),
///            r#"unsupported pull policy: "invalid""#);
/// ```
pub fn convert_to_kubernetes<S: AsRef<str>>(
    values: &[S],
) -> Result<Vec<KubernetesPullPolicy>, InvalidPullPolicy> {
    values
        .iter()
        .map(|v| KubernetesPullPolicy::from_runner(v.as_ref()))
        .collect()
}

/// A runner's two pull-policy keys (`[runners.docker]` or
/// `[runners.kubernetes]`), raw as loaded, with the executors' validation
/// and selection rules.
///
/// ```
/// use runner_config::policy::{AllowedPullPolicies, KubernetesPullPolicy, PullPolicy,
///                             PullPolicyList, RunnerPolicies};
///
/// let unset = PullPolicyList::default();
/// let allowed = AllowedPullPolicies::default();
/// let runner = RunnerPolicies::new(&unset, &allowed);
/// assert_eq!(runner.docker_pull_policies().unwrap(), [PullPolicy::Always]);
/// assert_eq!(runner.kubernetes_pull_policies().unwrap(), [KubernetesPullPolicy::ClusterDefault]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunnerPolicies<'a> {
    /// `pull_policy`.
    pub pull_policy: &'a PullPolicyList,
    /// `allowed_pull_policies`.
    pub allowed_pull_policies: &'a AllowedPullPolicies,
}

impl<'a> RunnerPolicies<'a> {
    /// The two keys of one executor section.
    pub const fn new(
        pull_policy: &'a PullPolicyList,
        allowed_pull_policies: &'a AllowedPullPolicies,
    ) -> Self {
        Self {
            pull_policy,
            allowed_pull_policies,
        }
    }

    /// The two keys as a model holds them, a missing key read as the
    /// runner decodes it (unset, so the defaults apply).
    ///
    /// ```
    /// use runner_config::policy::{PullPolicy, PullPolicyList, RunnerPolicies};
    ///
    /// let never = PullPolicyList::single("never");
    /// let runner = RunnerPolicies::from_keys(Some(&never), None);
    /// assert_eq!(runner.docker_allowed_pull_policies().unwrap(), [PullPolicy::Never]);
    /// ```
    pub fn from_keys(
        pull_policy: Option<&'a PullPolicyList>,
        allowed_pull_policies: Option<&'a AllowedPullPolicies>,
    ) -> Self {
        static UNSET: PullPolicyList = PullPolicyList::UNSET;
        static NOT_CONFIGURED: AllowedPullPolicies = AllowedPullPolicies::UNSET;
        Self::new(
            pull_policy.unwrap_or(&UNSET),
            allowed_pull_policies.unwrap_or(&NOT_CONFIGURED),
        )
    }

    /// Docker's `GetPullPolicies`: the validated `pull_policy`, or
    /// `[always]` when it is unset or empty. `""` and every misspelling are
    /// rejected (`unsupported pull_policy config: "<v>"`).
    pub fn docker_pull_policies(&self) -> Result<Vec<PullPolicy>, PolicyError> {
        if self.pull_policy.is_unset() {
            return Ok(vec![PullPolicy::Always]);
        }
        self.pull_policy
            .entries()
            .iter()
            .map(|v| {
                v.parse()
                    .map_err(|e| PolicyError::new(ErrorKind::DockerPullPolicy(e)))
            })
            .collect()
    }

    /// Docker's `GetAllowedPullPolicies`: the validated
    /// `allowed_pull_policies`, or, when that is empty, the result of
    /// [`RunnerPolicies::docker_pull_policies`] (including its error).
    pub fn docker_allowed_pull_policies(&self) -> Result<Vec<PullPolicy>, PolicyError> {
        if self.allowed_pull_policies.is_unset() {
            return self.docker_pull_policies();
        }
        self.allowed_pull_policies
            .entries()
            .iter()
            .map(|v| {
                v.parse()
                    .map_err(|e| PolicyError::new(ErrorKind::DockerAllowed(e)))
            })
            .collect()
    }

    /// The list a Docker image requests (`manager.getPullPolicies`): the
    /// job's own list, *unvalidated*, when it has entries; otherwise the
    /// validated runner list. The runner's `pull_policy` is only checked
    /// in the second case.
    pub fn docker_requested<'j, S: AsRef<str>>(
        &self,
        job: &'j [S],
    ) -> Result<Vec<&'j str>, PolicyError> {
        if !job.is_empty() {
            return Ok(job.iter().map(AsRef::as_ref).collect());
        }
        Ok(self
            .docker_pull_policies()?
            .into_iter()
            .map(PullPolicy::as_str)
            .collect())
    }

    /// The policies the Docker executor tries for `image` (the expanded
    /// name), given the image's job-level list (empty when the job sets
    /// none; always empty for the helper image and `config.toml` services,
    /// which never see job-level policies, §8.5).
    ///
    /// Order of checks, as in `GetDockerImage`: the requested list (so a
    /// bad `pull_policy` is only noticed when the job gives no list), the
    /// allowed list (`allowed_pull_policies`, or `pull_policy` when that is
    /// empty), then the intersection, whose error is wrapped as
    /// `invalid pull policy for image "<image>": …`. Job-level values are
    /// never validated: a bogus one is dropped, or fails the intersection.
    pub fn docker_effective<S: AsRef<str>>(
        &self,
        image: &str,
        job: &[S],
    ) -> Result<EffectivePolicies<PullPolicy>, PolicyError> {
        let requested = self.docker_requested(job)?;
        let allowed = self.docker_allowed_pull_policies()?;
        let source = PolicySource::of(job, self.pull_policy.entries());
        let policies = keep_allowed(&requested, &allowed, source).map_err(|inner| {
            PolicyError::new(ErrorKind::ForImage {
                image: image.to_owned(),
                inner,
            })
        })?;
        Ok(EffectivePolicies { policies, source })
    }

    /// Kubernetes' `GetPullPolicies`: `pull_policy` converted to Kubernetes
    /// names (`""` allowed), or `[""]` (cluster default) when unset or
    /// empty. Errors read `pull_policy config: unsupported pull policy: "<v>"`.
    pub fn kubernetes_pull_policies(&self) -> Result<Vec<KubernetesPullPolicy>, PolicyError> {
        if self.pull_policy.is_unset() {
            return Ok(vec![KubernetesPullPolicy::ClusterDefault]);
        }
        convert_to_kubernetes(self.pull_policy.entries())
            .map_err(|e| PolicyError::new(ErrorKind::KubernetesPullPolicy(e)))
    }

    /// Kubernetes' `GetAllowedPullPolicies`: `allowed_pull_policies`
    /// converted, or, when that is empty, the result of
    /// [`RunnerPolicies::kubernetes_pull_policies`]. Errors read
    /// `allowed_pull_policies config: unsupported pull policy: "<v>"`.
    pub fn kubernetes_allowed_pull_policies(
        &self,
    ) -> Result<Vec<KubernetesPullPolicy>, PolicyError> {
        if self.allowed_pull_policies.is_unset() {
            return self.kubernetes_pull_policies();
        }
        convert_to_kubernetes(self.allowed_pull_policies.entries())
            .map_err(|e| PolicyError::new(ErrorKind::KubernetesAllowed(e)))
    }

    /// The list a Kubernetes container requests (`executor.getPullPolicies`):
    /// the job-level list converted (a bad value is an error,
    /// `conversion to Kubernetes policy: …`), or the runner's list when the
    /// job gives none.
    pub fn kubernetes_requested<S: AsRef<str>>(
        &self,
        job: &[S],
    ) -> Result<Vec<KubernetesPullPolicy>, PolicyError> {
        let converted =
            convert_to_kubernetes(job).map_err(|e| PolicyError::new(ErrorKind::Conversion(e)))?;
        if !converted.is_empty() {
            return Ok(converted);
        }
        self.kubernetes_pull_policies()
    }

    /// The Kubernetes per-container policy map (`preparePullManager`).
    ///
    /// The allowed list is worked out once (errors wrapped as `getting
    /// allowed pull policies: …`). Then every container gets its requested
    /// list (`converting pull policy for container "<c>": …`) intersected
    /// with it (`invalid pull policy for container "<c>": …`):
    /// `build`, `helper`, `init-permissions` and, with native steps,
    /// `init-steps-bootstrap` all follow the job's image policy, unlike on
    /// Docker where the helper ignores it; each service follows its own
    /// policy, and `config.toml` services (which have no such field) the
    /// runner's. Containers missing from the map, such as
    /// `init-build-uid-gid-collector`, get `[""]` when looked up.
    ///
    /// ```
    /// use runner_config::policy::{AllowedPullPolicies, KubernetesJob, KubernetesPullPolicy,
    ///                             PullPolicyList, RunnerPolicies, Service};
    ///
    /// let pull_policy = PullPolicyList::new(["never", "if-not-present"]);
    /// let allowed = AllowedPullPolicies::default();
    /// let job_list = ["if-not-present".to_owned()];
    /// let services = [Service { name: "postgres:16", alias: "db", pull_policy: &job_list }];
    /// let job = KubernetesJob { services: &services, ..KubernetesJob::default() };
    /// let map = RunnerPolicies::new(&pull_policy, &allowed).kubernetes_effective(&job).unwrap();
    /// assert_eq!(map.get("db"), [KubernetesPullPolicy::IfNotPresent]);
    /// assert_eq!(map.get("helper"), [KubernetesPullPolicy::Never, KubernetesPullPolicy::IfNotPresent]);
    /// assert_eq!(map.get("init-build-uid-gid-collector"), [KubernetesPullPolicy::ClusterDefault]);
    /// ```
    pub fn kubernetes_effective(
        &self,
        job: &KubernetesJob<'_>,
    ) -> Result<ContainerPolicies, PolicyError> {
        let allowed = self
            .kubernetes_allowed_pull_policies()
            .map_err(|e| PolicyError::new(ErrorKind::GettingAllowed(e)))?;
        let mut policies = ContainerPolicies::default();
        for (container, job_list) in job.containers() {
            let requested = match self.kubernetes_requested(job_list) {
                Ok(requested) => requested,
                Err(inner) => {
                    return Err(PolicyError::new(ErrorKind::Converting { container, inner }));
                }
            };
            let source = PolicySource::of(job_list, self.pull_policy.entries());
            match intersect(&requested, &allowed, source) {
                Ok(effective) => policies.insert(container, effective),
                Err(inner) => {
                    return Err(PolicyError::new(ErrorKind::ForContainer {
                        container,
                        inner,
                    }));
                }
            }
        }
        Ok(policies)
    }
}

/// A service image, from `.gitlab-ci.yml` or `config.toml`.
///
/// ```
/// use runner_config::policy::Service;
///
/// let always = ["always".to_owned()];
/// let service = Service { name: "redis:7", alias: "cache,redis", pull_policy: &always };
/// assert_eq!(service.alias, "cache,redis");
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Service<'a> {
    /// The image name; a service without one is skipped.
    pub name: &'a str,
    /// The `alias` value: names separated by commas or spaces.
    pub alias: &'a str,
    /// The service's own `pull_policy` (ignored for `config.toml`
    /// services: the runner has no such field there).
    pub pull_policy: &'a [String],
}

impl<'a> Service<'a> {
    /// The alias names as `Image.Aliases` splits them.
    fn aliases(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        self.alias
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|a| !a.is_empty())
    }
}

/// What the Kubernetes executor's policy map depends on in a job.
///
/// ```
/// use runner_config::policy::KubernetesJob;
///
/// let never = ["never".to_owned()];
/// let job = KubernetesJob { image_pull_policy: &never, ..KubernetesJob::default() };
/// assert!(!job.native_steps);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KubernetesJob<'a> {
    /// The job image's `pull_policy` (empty when not set).
    pub image_pull_policy: &'a [String],
    /// The job's services, in order.
    pub services: &'a [Service<'a>],
    /// `[[runners.kubernetes.services]]`, in order; their container names
    /// are assigned before the job's services.
    pub config_services: &'a [Service<'a>],
    /// Native steps (`FF_USE_CONCRETE`): the `init-steps-bootstrap` init
    /// container exists and has its own entry.
    pub native_steps: bool,
}

impl<'a> KubernetesJob<'a> {
    /// The container each service runs in, `config_services` first, then
    /// the job's services, skipping services without an image: the first
    /// usable alias, else `svc-<N>` (`getServiceName`).
    ///
    /// ```
    /// use runner_config::policy::{KubernetesJob, Service};
    ///
    /// let services = [
    ///     Service { name: "postgres:16", alias: "db", ..Service::default() },
    ///     Service { name: "redis:7", alias: "Not_A_Label", ..Service::default() },
    /// ];
    /// let job = KubernetesJob { services: &services, ..KubernetesJob::default() };
    /// assert_eq!(job.service_containers(), ["db", "svc-0"]);
    /// ```
    pub fn service_containers(&self) -> Vec<String> {
        let mut used_aliases: Vec<&str> = Vec::new();
        let mut index = 0_usize;
        self.config_services
            .iter()
            .chain(self.services)
            .filter(|s| !s.name.is_empty())
            .map(|service| match service_alias(service, &mut used_aliases) {
                Some(alias) => alias.to_owned(),
                None => {
                    let name = format!("svc-{index}");
                    index = index.saturating_add(1);
                    name
                }
            })
            .collect()
    }

    /// Every container with a map entry and its job-level list, in the
    /// order entries are checked. A later entry with the same name replaces
    /// an earlier one, as in the runner's map: nothing stops a service
    /// alias named `helper` or `svc-0`.
    fn containers(&self) -> Vec<(String, &'a [String])> {
        let image = self.image_pull_policy;
        let mut containers: Vec<(String, &'a [String])> = vec![
            ("build".to_owned(), image),
            ("helper".to_owned(), image),
            ("init-permissions".to_owned(), image),
        ];
        if self.native_steps {
            containers.push(("init-steps-bootstrap".to_owned(), image));
        }
        let config = self
            .config_services
            .iter()
            .map(|s| (s, &[] as &'a [String]));
        let job = self.services.iter().map(|s| (s, s.pull_policy));
        let lists = config
            .chain(job)
            .filter(|(s, _)| !s.name.is_empty())
            .map(|(_, list)| list);
        for (name, list) in self.service_containers().into_iter().zip(lists) {
            match containers.iter_mut().find(|(c, _)| *c == name) {
                Some(entry) => entry.1 = list,
                None => containers.push((name, list)),
            }
        }
        containers
    }
}

/// `getServiceName`: the first alias not seen before that is a DNS-1123
/// label. Every alias looked at counts as seen; the generated `svc-<N>`
/// names do not, so an alias `svc-0` can take a generated name's entry.
fn service_alias<'a>(service: &Service<'a>, used: &mut Vec<&'a str>) -> Option<&'a str> {
    for alias in service.aliases() {
        if used.contains(&alias) {
            continue;
        }
        used.push(alias);
        if is_dns1123_label(alias) {
            return Some(alias);
        }
    }
    None
}

/// Kubernetes' `IsDNS1123Label`: 1 to 63 lowercase letters, digits and
/// `-`, starting and ending with a letter or digit.
fn is_dns1123_label(s: &str) -> bool {
    let bytes = s.as_bytes();
    let edge = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    bytes.len() <= 63
        && edge(bytes.first())
        && edge(bytes.last())
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(entries: &[&str]) -> PullPolicyList {
        PullPolicyList::new(entries.iter().copied())
    }

    fn allowed(entries: &[&str]) -> AllowedPullPolicies {
        AllowedPullPolicies::new(entries.iter().copied())
    }

    #[track_caller]
    fn assert_error<T: fmt::Debug>(result: Result<T, PolicyError>, message: &str) -> PolicyError {
        match result {
            Ok(value) => panic!("expected {message:?}, got {value:?}"),
            Err(err) => {
                assert_eq!(err.to_string(), message);
                err
            }
        }
    }

    const NONE: [&str; 0] = [];

    #[test]
    fn docker_validation_messages() {
        let empty = allowed(&[]);
        let pp = list(&[""]);
        let err = assert_error(
            RunnerPolicies::new(&pp, &empty).docker_pull_policies(),
            r#"unsupported pull_policy config: """#,
        );
        assert_eq!(err.failure_reason(), None);
        assert_eq!(err.invalid_value().map(InvalidPullPolicy::value), Some(""));

        let pp = list(&["always"]);
        let bad = allowed(&["always", "IfNotPresent"]);
        let err = assert_error(
            RunnerPolicies::new(&pp, &bad).docker_allowed_pull_policies(),
            r#"unsupported allowed_pull_policies config: "IfNotPresent""#,
        );
        assert_eq!(
            err.invalid_value().and_then(InvalidPullPolicy::suggestion),
            Some(PullPolicy::IfNotPresent)
        );

        // With no allow-list, the pull_policy error shows through.
        let pp = list(&["Always"]);
        assert_error(
            RunnerPolicies::new(&pp, &empty).docker_allowed_pull_policies(),
            r#"unsupported pull_policy config: "Always""#,
        );
        // Go's %q escaping is kept.
        let pp = list(&["al\"ways\n"]);
        assert_error(
            RunnerPolicies::new(&pp, &empty).docker_pull_policies(),
            r#"unsupported pull_policy config: "al\"ways\n""#,
        );
    }

    #[test]
    fn docker_order_of_checks() {
        // A bad runner list goes unnoticed when the job has its own list
        // and the allow-list is set.
        let pp = list(&["bogus"]);
        let al = allowed(&["always"]);
        let runner = RunnerPolicies::new(&pp, &al);
        assert_eq!(
            runner
                .docker_effective("app", &["always"])
                .map(|e| e.into_policies()),
            Ok(vec![PullPolicy::Always])
        );
        // Without the job list it is the first error.
        assert_error(
            runner.docker_effective("app", &NONE),
            r#"unsupported pull_policy config: "bogus""#,
        );
        // A bad allow-list beats the intersection.
        let pp = list(&["never"]);
        let al = allowed(&["nope"]);
        assert_error(
            RunnerPolicies::new(&pp, &al).docker_effective("app", &["never"]),
            r#"unsupported allowed_pull_policies config: "nope""#,
        );
    }

    #[test]
    fn docker_intersection_error_is_wrapped() {
        let pp = list(&[]);
        let al = allowed(&["if-not-present"]);
        let err = assert_error(
            RunnerPolicies::new(&pp, &al).docker_effective("alpine:latest", &NONE),
            "invalid pull policy for image \"alpine:latest\": pull_policy ([always]) defined in \
             Runner config (default) is not one of the allowed_pull_policies ([if-not-present])",
        );
        assert_eq!(
            err.failure_reason(),
            Some(FailureReason::ConfigurationError)
        );
        assert_eq!(err.unprefixed().failure_reason(), None);
        assert_eq!(
            std::error::Error::source(&err).map(ToString::to_string),
            Some(err.unprefixed().to_string())
        );
        assert_eq!(err.container(), None);
    }

    #[test]
    fn kubernetes_messages() {
        let none = allowed(&[]);
        let pp = list(&["never", "invalid"]);
        let runner = RunnerPolicies::new(&pp, &none);
        let err = assert_error(
            runner.kubernetes_effective(&KubernetesJob::default()),
            r#"getting allowed pull policies: pull_policy config: unsupported pull policy: "invalid""#,
        );
        assert_eq!(
            err.failure_reason(),
            Some(FailureReason::ConfigurationError)
        );

        let al = allowed(&["always"]);
        let runner = RunnerPolicies::new(&pp, &al);
        let err = assert_error(
            runner.kubernetes_effective(&KubernetesJob::default()),
            r#"converting pull policy for container "build": pull_policy config: unsupported pull policy: "invalid""#,
        );
        assert_eq!(err.container(), Some("build"));
        assert_eq!(
            err.invalid_value().map(InvalidPullPolicy::value),
            Some("invalid")
        );

        let bad_job = ["always".to_owned(), "invalid".to_owned()];
        let pp = list(&["always"]);
        let runner = RunnerPolicies::new(&pp, &al);
        let job = KubernetesJob {
            image_pull_policy: &bad_job,
            ..KubernetesJob::default()
        };
        assert_error(
            runner.kubernetes_effective(&job),
            r#"converting pull policy for container "build": conversion to Kubernetes policy: unsupported pull policy: "invalid""#,
        );

        let bad_allowed = allowed(&["always", "invalid"]);
        assert_error(
            RunnerPolicies::new(&pp, &bad_allowed).kubernetes_effective(&KubernetesJob::default()),
            r#"getting allowed pull policies: allowed_pull_policies config: unsupported pull policy: "invalid""#,
        );

        let unset = list(&[]);
        let always = ["always".to_owned()];
        let job = KubernetesJob {
            image_pull_policy: &always,
            ..KubernetesJob::default()
        };
        let err = assert_error(
            RunnerPolicies::new(&unset, &none).kubernetes_effective(&job),
            "invalid pull policy for container \"build\": pull_policy ([Always]) defined in GitLab \
             pipeline config is not one of the allowed_pull_policies ([])",
        );
        assert_eq!(
            err.failure_reason(),
            Some(FailureReason::ConfigurationError)
        );
    }

    #[test]
    fn kubernetes_bare_messages_and_sources() {
        let none = allowed(&[]);
        let pp = list(&["IfNotPresent"]);
        assert_error(
            RunnerPolicies::new(&pp, &none).kubernetes_pull_policies(),
            r#"pull_policy config: unsupported pull policy: "IfNotPresent""#,
        );
        let bad = allowed(&[" never"]);
        let err = assert_error(
            RunnerPolicies::new(&pp, &bad).kubernetes_allowed_pull_policies(),
            r#"allowed_pull_policies config: unsupported pull policy: " never""#,
        );
        assert_eq!(err.failure_reason(), None);
        assert_eq!(err.unprefixed(), &err);

        // `pull_policy = ""` is a non-empty raw list: "Runner config", and
        // the cluster default prints as nothing.
        let pp = list(&[""]);
        let al = allowed(&["always"]);
        assert_error(
            RunnerPolicies::new(&pp, &al).kubernetes_effective(&KubernetesJob::default()),
            "invalid pull policy for container \"build\": pull_policy ([]) defined in Runner \
             config is not one of the allowed_pull_policies ([Always])",
        );
        // Unset, the default is named as such.
        let unset = list(&[]);
        assert_error(
            RunnerPolicies::new(&unset, &al).kubernetes_effective(&KubernetesJob::default()),
            "invalid pull policy for container \"build\": pull_policy ([]) defined in Runner \
             config (default) is not one of the allowed_pull_policies ([Always])",
        );
    }

    #[test]
    fn service_container_names() {
        let svc = |name, alias| Service {
            name,
            alias,
            pull_policy: &[],
        };
        let job = KubernetesJob {
            config_services: &[svc("from-toml", ""), svc("", "skipped")],
            services: &[
                svc("a", "db, cache"),
                svc("b", "db"),
                svc("c", "Bad_Alias"),
                svc("d", "cache"),
                svc("e", "x-"),
                svc("f", "helper"),
            ],
            ..KubernetesJob::default()
        };
        let names: Vec<String> = job.containers().into_iter().map(|(n, _)| n).collect();
        // An alias names one service only, aliases after the chosen one stay
        // free, and a service aliased "helper" replaces the helper entry.
        assert_eq!(
            names,
            [
                "build",
                "helper",
                "init-permissions",
                "svc-0",
                "db",
                "svc-1",
                "svc-2",
                "cache",
                "svc-3"
            ]
        );
        let steps = KubernetesJob {
            native_steps: true,
            ..KubernetesJob::default()
        };
        assert!(
            steps
                .containers()
                .iter()
                .any(|(n, _)| n == "init-steps-bootstrap")
        );
    }

    #[test]
    fn dns_labels() {
        assert!(is_dns1123_label("a"));
        assert!(is_dns1123_label("db-1"));
        assert!(is_dns1123_label(&"a".repeat(63)));
        assert!(!is_dns1123_label(&"a".repeat(64)));
        assert!(!is_dns1123_label(""));
        assert!(!is_dns1123_label("-a"));
        assert!(!is_dns1123_label("a-"));
        assert!(!is_dns1123_label("A"));
        assert!(!is_dns1123_label("a.b"));
    }

    #[test]
    fn intersect_pass_through_rules() {
        let empty: [&str; 0] = [];
        assert_eq!(
            intersect(&empty, &["always"], PolicySource::Runner),
            Ok(vec!["always"])
        );
        assert_eq!(
            intersect(&["x"], &empty, PolicySource::Runner),
            Ok(vec!["x"])
        );
        assert_eq!(intersect(&empty, &empty, PolicySource::Runner), Ok(vec![]));
    }
}
