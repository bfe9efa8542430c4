//! The cross-check of a pipeline against a `config.toml`: which jobs fail
//! on which runner, and why, in the runner's own words.
//!
//! A job's `image:pull_policy` (or a service's) is exactly the job-level
//! list of [`RunnerPolicies::docker_effective`] and
//! [`RunnerPolicies::kubernetes_effective`]; [`check`] feeds every job of a
//! [`Pipeline`] through them for every runner. Which runner takes a job is
//! decided by tags on the GitLab server, not in `config.toml`, so findings
//! are per runner. There is one finding per location (the line that set
//! the value, wherever the job got it from) and runner, naming the jobs.
//!
//! ```
//! use runner_config::ci::{self, Runners};
//! use runner_config::load::load;
//! use runner_config::pipeline::{NoFiles, Pipeline};
//!
//! let config = "[[runners]]\nname = \"strict\"\nexecutor = \"docker\"\n[runners.docker]\n\
//!               image = \"alpine:3.19\"\nallowed_pull_policies = [\"always\"]\n";
//! let loaded = load(config);
//! let pipeline = Pipeline::load(".gitlab-ci.yml",
//!     "build:\n  image:\n    name: ruby:3.3\n    pull_policy: if-not-present\n  script: rake\n",
//!     None, &NoFiles);
//! let reports = ci::check(&pipeline, loaded.config().unwrap(), Runners::All);
//! let finding = &reports[0].diagnostics[0];
//! assert_eq!(finding.code(), "job-pull-policy-not-allowed");
//! assert_eq!(finding.message(), "invalid pull policy for image \"ruby:3.3\": pull_policy \
//!     ([if-not-present]) defined in GitLab pipeline config is not one of the \
//!     allowed_pull_policies ([always])");
//! assert_eq!(finding.runner_name(), Some("strict"));
//! assert_eq!(finding.job_names().unwrap(), ["build"]);
//! assert_eq!(&reports[0].source.text()[finding.span().unwrap()], "if-not-present");
//! ```
//!
//! [`RunnerPolicies::docker_effective`]: crate::policy::RunnerPolicies::docker_effective
//! [`RunnerPolicies::kubernetes_effective`]: crate::policy::RunnerPolicies::kubernetes_effective
//! [`Pipeline`]: crate::pipeline::Pipeline

pub mod codes;

#[cfg(feature = "yaml")]
mod allowed;
#[cfg(feature = "yaml")]
mod cross;
#[cfg(feature = "yaml")]
mod latest;
#[cfg(feature = "yaml")]
mod tags;

#[cfg(feature = "yaml")]
pub use cross::{Runners, check, check_loaded, runner_label, select_runner};
