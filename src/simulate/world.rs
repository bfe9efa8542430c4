//! The simulated world: a registry that answers every pull the same way,
//! and a local image store on the Docker host or Kubernetes node.
//!
//! The texts are what the Docker daemon (and a kubelet on cri-dockerd,
//! which passes the daemon's answer on) says, so that the runner's
//! classification (`ClassifyImagePullFailure`, [`crate::policy::classify`])
//! sees what it sees in production.

use std::borrow::Cow;

use super::kubernetes::{ContainerSpec, Kubelet, PodPull, PodStart};
use super::{Action, LOCAL_ID, Outcome, PULLED_ID};
use crate::image::ImageRef;
use crate::policy::{
    Failure, FailureReason, KubernetesPullPolicy, LocalImage, PullReference, classify,
    cluster_default,
};

/// The registry's address in simulated network errors (TEST-NET-1).
const REGISTRY_ADDRESS: &str = "192.0.2.10:443";

/// What the registry answers to every pull.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Registry {
    /// Pulls succeed.
    Up,
    /// Pulls time out: a network error, which Docker retries (3 calls per
    /// policy).
    Down,
    /// Pulls are refused: `pull access denied` (a configuration error, not
    /// retried).
    Denied,
    /// The tag does not exist: `manifest unknown` (a configuration error,
    /// not retried).
    Missing,
    /// Docker Hub's rate limit: `toomanyrequests: You have reached your
    /// pull rate limit`. The runner classifies it as `image_pull_failure`:
    /// not retried, the next policy is tried.
    RateLimited,
}

impl Registry {
    /// `up`, `down`, `denied`, `missing` or `rate-limited`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Up => "up",
            Self::Down => "down",
            Self::Denied => "denied",
            Self::Missing => "missing",
            Self::RateLimited => "rate-limited",
        }
    }

    /// What the Docker daemon answers to a pull of `image`; `None` when the
    /// pull succeeds.
    ///
    /// ```
    /// use runner_config::policy::{classify, FailureClass};
    /// use runner_config::simulate::Registry;
    ///
    /// let limited = Registry::RateLimited.docker_error("alpine:3.19").unwrap();
    /// assert!(limited.starts_with("Error response from daemon: toomanyrequests: "));
    /// assert_eq!(classify(&limited), FailureClass::ImagePull);
    /// assert_eq!(classify(&Registry::Down.docker_error("alpine").unwrap()),
    ///            FailureClass::ExternalDependency);
    /// ```
    pub fn docker_error(self, image: &str) -> Option<String> {
        let message = match self {
            Self::Up => return None,
            Self::Down => match registry_host(image) {
                Some(host) => {
                    format!("Get \"https://{host}/v2/\": dial tcp {REGISTRY_ADDRESS}: i/o timeout")
                }
                None => format!("dial tcp {REGISTRY_ADDRESS}: i/o timeout"),
            },
            Self::Denied => format!(
                "pull access denied for {}, repository does not exist or may require \
                 'docker login': denied: requested access to the resource is denied",
                repository(image)
            ),
            Self::Missing => format!(
                "manifest for {} not found: manifest unknown: manifest unknown",
                PullReference::new(image)
            ),
            Self::RateLimited => "toomanyrequests: You have reached your pull rate limit. \
                 You may increase the limit by authenticating and upgrading: \
                 https://www.docker.com/increase-rate-limit"
                .to_owned(),
        };
        Some(format!("Error response from daemon: {message}"))
    }

    /// The kubelet's `ErrImagePull` message for `image` (on cri-dockerd,
    /// which passes the daemon's answer on); `None` when the pull succeeds.
    pub fn kubelet_error(self, image: &str) -> Option<String> {
        self.docker_error(image)
            .map(|message| format!("rpc error: code = Unknown desc = {message}"))
    }
}

/// Whether a copy of the image is already on the Docker host or node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Local {
    /// A copy is there (simulated ID [`LOCAL_ID`]).
    Present,
    /// No copy.
    Absent,
}

/// What the simulated world looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Scenario {
    /// What the registry answers.
    pub registry: Registry,
    /// Whether a copy of each image is already there.
    pub local: Local,
}

/// An image name as a simulation shows it: unchanged when it is a valid
/// reference, otherwise with anything that looks like URL credentials
/// (`user:password@` before the host) replaced by `***`. A reference
/// cannot hold credentials, so a valid one is never changed; an invalid one
/// with an `@` in its first component may lose more than a password.
///
/// ```
/// use runner_config::simulate::shown_image;
///
/// assert_eq!(shown_image("registry.example.com/app:1"), "registry.example.com/app:1");
/// assert_eq!(shown_image("https://ci:hunter2@registry.example.com/app:1"),
///            "https://***@registry.example.com/app:1");
/// assert_eq!(shown_image("ci:hunter2@registry.example.com/app"),
///            "***@registry.example.com/app");
/// ```
pub fn shown_image(image: &str) -> Cow<'_, str> {
    if reference_error(image).is_none() {
        return Cow::Borrowed(image);
    }
    let start = image.find("://").map_or(0, |at| at + 3);
    let rest = image.get(start..).unwrap_or_default();
    let authority = rest.find('/').map_or(rest, |end| &rest[..end]);
    let shown = match authority.rfind('@') {
        Some(at) if at > 0 => format!(
            "{}***{}",
            &image[..start],
            image.get(start + at..).unwrap_or_default()
        ),
        _ => image.to_owned(),
    };
    Cow::Owned(scrub(&shown))
}

/// `text` with the `user:password` part of every URL (`scheme://user:password@host`)
/// replaced by `***`.
pub(crate) fn scrub(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(found) = rest.find("://") {
        let (head, tail) = rest.split_at(found + 3);
        out.push_str(head);
        let end = tail
            .find(|c: char| matches!(c, '/' | '?' | '#' | '"' | '\'' | '\\') || c.is_whitespace())
            .unwrap_or(tail.len());
        match tail[..end].rfind('@') {
            Some(at) if at > 0 => {
                out.push_str("***");
                out.push_str(&tail[at..end]);
            }
            _ => out.push_str(&tail[..end]),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// Why Docker refuses `image` as a reference (`invalid reference format…`,
/// as `ParseNormalizedNamed` words it), or `None` when it accepts it.
///
/// The crate's parser decides; a name it only rejects for a capitalised
/// first component is one Docker reads as a registry host, so it passes.
pub(crate) fn reference_error(image: &str) -> Option<String> {
    if ImageRef::parse(image).is_ok() || ImageRef::parse_kubernetes(image).is_ok() {
        return None;
    }
    let remote = docker_remote(image);
    if remote.to_lowercase() != remote {
        return Some(format!(
            "invalid reference format: repository name ({remote}) must be lowercase"
        ));
    }
    Some("invalid reference format".to_owned())
}

/// The repository path `ParseNormalizedNamed` checks for capitals: the
/// name after Docker's domain split, `library/` added for official images,
/// up to the first `:`.
fn docker_remote(image: &str) -> String {
    let remainder = match image.split_once('/') {
        Some((first, rest))
            if first.contains(['.', ':'])
                || first == "localhost"
                || first.to_lowercase() != first =>
        {
            rest.to_owned()
        }
        Some(_) => image.to_owned(),
        None => format!("library/{image}"),
    };
    match remainder.split_once(':') {
        Some((remote, _)) => remote.to_owned(),
        None => remainder,
    }
}

/// The registry a pull talks to.
fn registry_host(image: &str) -> Option<String> {
    let reference = ImageRef::parse(image).ok()?;
    if reference.is_docker_hub() {
        return Some("registry-1.docker.io".to_owned());
    }
    reference.registry().map(str::to_owned)
}

/// The repository Docker names in `pull access denied for …`: the image
/// without its tag or digest.
fn repository(image: &str) -> &str {
    let name = image.split_once('@').map_or(image, |(name, _)| name);
    match name.rfind(':') {
        Some(colon) if !name[colon..].contains('/') => &name[..colon],
        _ => name,
    }
}

/// The Docker daemon of a scenario: one answer for every pull, a local
/// copy of every image or of none, and the images pulled during the job.
#[derive(Debug, Clone)]
pub(crate) struct ScenarioDaemon {
    scenario: Scenario,
    pulled: Vec<String>,
}

impl ScenarioDaemon {
    pub(crate) const fn new(scenario: Scenario) -> Self {
        Self {
            scenario,
            pulled: Vec::new(),
        }
    }

    /// What inspecting `image` on the host finds.
    pub(crate) fn inspect(&self, image: &str) -> Result<LocalImage<'static>, String> {
        if let Some(error) = reference_error(image) {
            return Err(format!("Error response from daemon: {error}"));
        }
        if self.pulled.iter().any(|p| p == image) {
            return Ok(LocalImage::new(PULLED_ID));
        }
        match self.scenario.local {
            Local::Present => Ok(LocalImage::new(LOCAL_ID)),
            Local::Absent => Err(format!(
                "Error response from daemon: No such image: {image}"
            )),
        }
    }

    /// Imports the bundled helper archive: the image is then on the host.
    pub(crate) fn import(&mut self, image: &str) {
        self.pulled.push(image.to_owned());
    }
}

impl super::DockerDaemon for ScenarioDaemon {
    fn pull(&mut self, reference: PullReference<'_>) -> crate::policy::Outcome<'static> {
        let image = reference.image();
        // The client parses the reference before it calls the daemon.
        if let Some(error) = reference_error(&reference.to_string()) {
            return crate::policy::Outcome::Failed(Failure::pull(error));
        }
        match self.scenario.registry.docker_error(image) {
            Some(message) => crate::policy::Outcome::Failed(Failure::pull(message)),
            None => {
                self.pulled.push(image.to_owned());
                crate::policy::Outcome::Succeeded(LocalImage::new(PULLED_ID))
            }
        }
    }
}

/// The kubelet of a scenario: the containers named in `targets` meet the
/// scenario; every other container of the pod starts, so each image is
/// simulated on its own.
#[derive(Debug, Clone)]
pub(crate) struct ScenarioKubelet<'a> {
    scenario: Scenario,
    targets: &'a [String],
    /// Images pulled onto the node during the job.
    node: Vec<String>,
}

impl<'a> ScenarioKubelet<'a> {
    pub(crate) const fn new(scenario: Scenario, targets: &'a [String]) -> Self {
        Self {
            scenario,
            targets,
            node: Vec::new(),
        }
    }

    /// Starts one container: what the kubelet does with its image.
    fn start_container(&mut self, spec: &ContainerSpec<'_>) -> (PodPull, Option<Waiting>) {
        let image = spec.image;
        let applied = match spec.image_pull_policy {
            KubernetesPullPolicy::ClusterDefault => cluster_default(image),
            other => other,
        };
        let pull = |action, outcome, failure: Option<String>, waiting| PodPull {
            container: spec.name.to_owned(),
            applied,
            action,
            outcome,
            failure,
            waiting,
        };
        if let Some(error) = reference_error(image) {
            let message = format!(
                "Failed to apply default image tag \"{image}\": couldn't parse image name \
                 \"{image}\": {error}"
            );
            let waiting = Waiting::InvalidImageName(message.clone());
            return (
                pull(
                    Action::Pull,
                    Outcome::Failed,
                    Some(message),
                    Some("InvalidImageName"),
                ),
                Some(waiting),
            );
        }
        let on_node = self.scenario.local == Local::Present || self.node.iter().any(|i| i == image);
        match applied {
            KubernetesPullPolicy::IfNotPresent | KubernetesPullPolicy::Never if on_node => {
                return (pull(Action::UseLocal, Outcome::Ok, None, None), None);
            }
            KubernetesPullPolicy::Never => {
                let message =
                    format!("Container image \"{image}\" is not present with pull policy of Never");
                return (
                    pull(
                        Action::NoLocal,
                        Outcome::Failed,
                        Some(message),
                        Some("ErrImageNeverPull"),
                    ),
                    Some(Waiting::NeverPull),
                );
            }
            _ => {}
        }
        match self.scenario.registry.kubelet_error(image) {
            Some(message) => (
                pull(
                    Action::Pull,
                    Outcome::Failed,
                    Some(message.clone()),
                    Some("ErrImagePull"),
                ),
                Some(Waiting::PullError(message)),
            ),
            None => {
                self.node.push(image.to_owned());
                (pull(Action::Pull, Outcome::Ok, None, None), None)
            }
        }
    }
}

/// Why a container is waiting, as its status says.
enum Waiting {
    /// `ErrImagePull`, with the kubelet's message.
    PullError(String),
    /// `ErrImageNeverPull`: the runner does not recognise it.
    NeverPull,
    /// `InvalidImageName`, with the kubelet's message.
    InvalidImageName(String),
}

impl Kubelet for ScenarioKubelet<'_> {
    fn start(
        &mut self,
        _attempt: u32,
        pod: &[ContainerSpec<'_>],
        pulls: &mut Vec<PodPull>,
    ) -> PodStart {
        // Init containers run one after the other: the first that cannot
        // start holds the pod. Then every app container is started; the
        // kubelet sorts their statuses by name, and the runner reports the
        // first one it recognises.
        let mut waiting: Vec<(String, String, Waiting)> = Vec::new();
        for init in [true, false] {
            for spec in pod.iter().filter(|s| s.init == init) {
                if !self.targets.iter().any(|t| t == spec.name) {
                    continue;
                }
                let (pull, status) = self.start_container(spec);
                pulls.push(pull);
                if let Some(status) = status {
                    waiting.push((spec.name.to_owned(), spec.image.to_owned(), status));
                    if init {
                        break;
                    }
                }
            }
            if !waiting.is_empty() {
                break;
            }
        }
        waiting.sort_by(|a, b| a.0.cmp(&b.0));
        let mut pending = false;
        for (container, image, status) in waiting {
            match status {
                Waiting::PullError(message) => {
                    return PodStart::PullFailed {
                        reason: classify(&message).into(),
                        message: format!("image pull failed: {message}"),
                        container,
                        image,
                    };
                }
                Waiting::InvalidImageName(message) => {
                    return PodStart::Refused {
                        error: format!("image pull failed: {message}"),
                        reason: Some(FailureReason::ConfigurationError),
                    };
                }
                Waiting::NeverPull => pending = true,
            }
        }
        if pending {
            PodStart::Pending
        } else {
            PodStart::Running
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_hub_images_name_its_registry() {
        let message = Registry::Down.docker_error("alpine").unwrap_or_default();
        assert!(message.contains("https://registry-1.docker.io/v2/"));
        let message = Registry::Down.docker_error("$CI_IMAGE").unwrap_or_default();
        assert!(message.starts_with("Error response from daemon: dial tcp"));
    }

    #[test]
    fn repository_drops_tag_and_digest_only() {
        assert_eq!(repository("reg:5000/a/b:1"), "reg:5000/a/b");
        assert_eq!(repository("reg:5000/a/b"), "reg:5000/a/b");
        assert_eq!(repository("alpine@sha256:abc"), "alpine");
        assert_eq!(repository("alpine:3@sha256:abc"), "alpine");
    }

    #[test]
    fn rate_limit_is_an_image_pull_failure() {
        use crate::policy::FailureClass;
        for image in ["alpine:3.19", "registry.example.com/app:1"] {
            let docker = Registry::RateLimited
                .docker_error(image)
                .unwrap_or_default();
            assert_eq!(classify(&docker), FailureClass::ImagePull);
            let kubelet = Registry::RateLimited
                .kubelet_error(image)
                .unwrap_or_default();
            assert_eq!(classify(&kubelet), FailureClass::ImagePull);
        }
    }

    #[test]
    fn invalid_references_read_as_docker_words_them() {
        assert_eq!(reference_error("alpine:3.19"), None);
        assert_eq!(reference_error("$CI_REGISTRY_IMAGE:latest"), None);
        // Docker reads a capitalised first component as a registry host.
        assert_eq!(reference_error("MyGroup/app:1"), None);
        assert_eq!(
            reference_error("Alpine:3.19").as_deref(),
            Some("invalid reference format: repository name (library/Alpine) must be lowercase")
        );
        assert_eq!(
            reference_error("reg.example.com/Team/app").as_deref(),
            Some("invalid reference format: repository name (Team/app) must be lowercase")
        );
        assert_eq!(
            reference_error("node:-lts").as_deref(),
            Some("invalid reference format")
        );
    }

    #[test]
    fn credentials_are_never_shown() {
        for (image, shown) in [
            (
                "https://u:p@reg.example.com/a:1",
                "https://***@reg.example.com/a:1",
            ),
            ("u:p@reg.example.com/a:1", "***@reg.example.com/a:1"),
            ("u:p@reg.example.com", "***@reg.example.com"),
            (
                "docker://tok@reg.example.com/a",
                "docker://***@reg.example.com/a",
            ),
            ("alpine:3.19", "alpine:3.19"),
        ] {
            assert_eq!(shown_image(image), shown, "{image}");
        }
        assert_eq!(
            scrub("see https://a:b@h/x and http://h2/y, ftp://c@d"),
            "see https://***@h/x and http://h2/y, ftp://***@d"
        );
    }
}
