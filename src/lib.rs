//! A typed model, a linter and the pull-policy engine for GitLab Runner's
//! `config.toml`.
//!
//! **Scope:** this crate reproduces GitLab Runner's semantics: which keys it
//! reads and how (case-insensitive fallback included), which pull-policy
//! values and combinations it accepts, the errors it prints when a job runs,
//! and the order in which its Docker and Kubernetes executors try policies.
//! Where the runner is lenient and silent (unknown keys, values it only
//! rejects at job time), this crate reports the problem when the file is
//! checked instead.
//!
//! - [`policy`]: the pure core. [`policy::PullPolicy`], the raw one-or-many
//!   lists as the runner decodes them, effective-policy computation with the
//!   runner's exact error texts, and [`policy::next_policy`], the decision
//!   function an executor calls between pull attempts.
//! - [`image`]: Docker/OCI image references with the byte range of each part.
//! - [`model`]: every key of `config.toml` as Rust types.
//! - [`load`]: text → model plus every located problem, in one pass.
//! - [`rules`]: the lints, and the catalogue of every diagnostic code.
//! - `yaml` (feature `yaml`): YAML with the location of every node;
//!   `pipeline`: GitLab CI/CD pipelines built from it, and [`ci`]: which
//!   jobs of a pipeline fail on which runner; `helm` (feature `yaml`): the
//!   TOML embedded in a GitLab Runner Helm chart's values file.
//! - [`fix`]: the edits that correct a finding, and (feature `fix`)
//!   applying them to a file without losing a comment.
//! - [`versions`]: the GitLab Runner release a file is checked for: which
//!   keys, feature flags and TOML it reads, from 15.0 to the newest.
//! - `report` (feature `report`): JSON, GitLab Code Quality and SARIF
//!   reports, and miette's graphical one for people (feature `cli`).
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod check;
pub mod ci;
mod diagnostic;
pub mod fix;
mod glob;
#[cfg(feature = "yaml")]
pub mod helm;
pub mod image;
pub mod load;
pub mod model;
#[cfg(feature = "yaml")]
pub mod pipeline;
pub mod policy;
#[cfg(feature = "report")]
pub mod report;
pub mod rules;
#[cfg(feature = "schema")]
pub mod schema;
pub mod simulate;
mod suggest;
pub mod versions;
#[cfg(feature = "yaml")]
pub mod yaml;

pub use diagnostic::{
    Diagnostic, Label, Rule, Secrets, Severity, Source, SourcedDiagnostic, Stage,
};
/// The miette version diagnostics implement, so renderers can match it.
pub use miette;

/// The README's Rust examples, compiled and run as doctests so they cannot rot.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
