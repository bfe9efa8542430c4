//! The job-log lines GitLab Runner prints while it picks and applies pull
//! policies, as values that format themselves without allocating.

use std::fmt;

use super::decide::{LocalImage, PullError};
use super::gofmt::{List, Quoted};
use super::{KubernetesPullPolicy, PullPolicy};

/// Which build-logger method the runner uses for a line.
///
/// ```
/// use runner_config::policy::LogLevel;
///
/// assert_eq!(LogLevel::Warning.prefix(), "WARNING: ");
/// assert_eq!(LogLevel::Normal.prefix(), "");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LogLevel {
    /// `Println`: plain text.
    Normal,
    /// `Infoln`: the same text, highlighted.
    Info,
    /// `Warningln`: the job log shows it after a `WARNING: ` prefix.
    Warning,
}

impl LogLevel {
    /// The text the job log puts in front of the line.
    pub const fn prefix(self) -> &'static str {
        match self {
            Self::Normal | Self::Info => "",
            Self::Warning => "WARNING: ",
        }
    }

    /// `info` or `warning` (`Normal` reads as `info` too), as the
    /// conformance vectors name levels.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Normal | Self::Info => "info",
            Self::Warning => "warning",
        }
    }
}

/// One line the runner writes to the job log.
///
/// `Display` writes the text exactly as the runner does, without the level
/// prefix (see [`LogLevel::prefix`]); [`LogLine::prefixed`] writes the line
/// as the job log shows it, with the prefix.
///
/// ```
/// use runner_config::policy::{next_policy, LogLevel, PullPlan, PullPolicy};
///
/// let policies = [PullPolicy::Always];
/// let plan = PullPlan::new("alpine:3.19", &policies, Err("No such image: alpine:3.19"));
/// let decision = next_policy(&plan, &[]);
/// let lines: Vec<String> = decision.log_lines().map(|l| l.to_string()).collect();
/// assert_eq!(lines, [
///     "Using effective pull policy of [always] for container alpine:3.19",
///     "Pulling docker image alpine:3.19 ...",
/// ]);
/// assert!(decision.log_lines().all(|l| l.level() == LogLevel::Normal));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine<'a> {
    level: LogLevel,
    message: Message<'a>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Message<'a> {
    DockerEffective {
        policies: &'a [PullPolicy],
        image: &'a str,
    },
    KubernetesEffective {
        policies: &'a [KubernetesPullPolicy],
        container: &'a str,
    },
    DockerAttempt {
        number: usize,
        policy: PullPolicy,
    },
    DockerPolicyFailed {
        policy: PullPolicy,
        error: PullError<'a>,
    },
    DockerRetrying {
        image: &'a str,
        failed_try: u32,
        error: PullError<'a>,
    },
    UsingLocal,
    Pulling {
        image: &'a str,
        platform: Option<&'a str>,
    },
    UsingImage {
        /// The image used.
        image: LocalImage<'a>,
        /// The name the job gave it.
        name: &'a str,
    },
    KubernetesFailed {
        image: &'a str,
        container: &'a str,
        policy: KubernetesPullPolicy,
        message: &'a str,
    },
    KubernetesAttempt {
        number: u64,
        policy: KubernetesPullPolicy,
        image: &'a str,
        container: &'a str,
    },
}

impl<'a> LogLine<'a> {
    pub(crate) const fn new(level: LogLevel, message: Message<'a>) -> Self {
        Self { level, message }
    }

    /// The logger method the runner uses.
    pub const fn level(&self) -> LogLevel {
        self.level
    }

    /// The line exactly as the runner's job log shows it: the level's
    /// prefix, then the text. `Warningln` lines read
    /// `WARNING: Failed to pull image …` (`common/buildlogger/internal/tee.go`,
    /// `Tee.Warningln`); `Println` and `Infoln` lines have no prefix. The
    /// colour codes the runner puts around a line are not part of it.
    ///
    /// ```
    /// use runner_config::policy::{next_policy, Attempt, Failure, LogLevel, Outcome, PullPlan,
    ///                             PullPolicy};
    ///
    /// let policies = [PullPolicy::Never, PullPolicy::Always];
    /// let plan = PullPlan::new("app:1", &policies, Err("No such image: app:1"));
    /// let history = [Attempt::new(0, Outcome::Failed(Failure::NotFoundLocally("No such image: app:1".into())))];
    /// let decision = next_policy(&plan, &history);
    /// let shown: Vec<String> = decision.log_lines().map(|l| l.prefixed().to_string()).collect();
    /// assert_eq!(shown, [
    ///     "WARNING: Failed to pull image with policy \"never\": No such image: app:1",
    ///     "Attempt #2: Trying \"always\" pull policy",
    ///     "Pulling docker image app:1 ...",
    /// ]);
    /// ```
    pub const fn prefixed(&self) -> Prefixed<'_, 'a> {
        Prefixed(self)
    }
}

/// A [`LogLine`] as the job log shows it, with its level's prefix; see
/// [`LogLine::prefixed`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prefixed<'l, 'a>(&'l LogLine<'a>);

impl fmt::Display for Prefixed<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.level.prefix())?;
        fmt::Display::fmt(self.0, f)
    }
}

impl fmt::Display for LogLine<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.message {
            // "for container" is the runner's wording even on Docker, where
            // the value is the image name (§8.1 step 2).
            Message::DockerEffective { policies, image } => {
                write!(
                    f,
                    "Using effective pull policy of {} for container {image}",
                    List(policies)
                )
            }
            Message::KubernetesEffective {
                policies,
                container,
            } => {
                write!(
                    f,
                    "Using effective pull policy of {} for container {container}",
                    List(policies)
                )
            }
            Message::DockerAttempt { number, policy } => {
                write!(
                    f,
                    "Attempt #{number}: Trying {} pull policy",
                    Quoted(policy.as_str())
                )
            }
            Message::DockerPolicyFailed { policy, error } => {
                write!(
                    f,
                    "Failed to pull image with policy {}: {error}",
                    Quoted(policy.as_str())
                )
            }
            Message::DockerRetrying {
                image,
                failed_try,
                error,
            } => write!(
                f,
                "Failed to pull image {} (attempt #{failed_try}), retrying: {error}",
                Quoted(image)
            ),
            Message::UsingLocal => f.write_str(
                "Using locally found image version due to \"if-not-present\" pull policy",
            ),
            Message::Pulling {
                image,
                platform: None,
            } => {
                write!(f, "Pulling docker image {image} ...")
            }
            Message::Pulling {
                image,
                platform: Some(platform),
            } => {
                write!(
                    f,
                    "Pulling docker image {image} for platform {platform} ..."
                )
            }
            // Go's Println joins its operands with spaces.
            Message::UsingImage { image, name } => match &image.repo_digest {
                None => write!(f, "Using docker image {} for {name} ...", image.id),
                Some(digest) => write!(
                    f,
                    "Using docker image {} for {name} with digest {digest} ...",
                    image.id
                ),
            },
            Message::KubernetesFailed {
                image,
                container,
                policy,
                message,
            } => write!(
                f,
                "Failed to pull image {} for container {} with policy {}: {message}",
                Quoted(image),
                Quoted(container),
                Quoted(policy.as_str())
            ),
            Message::KubernetesAttempt {
                number,
                policy,
                image,
                container,
            } => write!(
                f,
                "Attempt #{number}: Trying {} pull policy for {} image for container {}",
                Quoted(policy.as_str()),
                Quoted(image),
                Quoted(container)
            ),
        }
    }
}
