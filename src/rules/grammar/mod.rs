//! Small, pure ports of the value grammars GitLab Runner (and the Go
//! libraries it calls) apply to `config.toml` settings when it uses them.
//!
//! Each parser answers exactly what the runner's code answers for the
//! strings it judges; where reproducing a library exactly is out of
//! reach, it declines to judge (`None`) rather than risk a false error.

pub(crate) mod docker_gpus;
pub(crate) mod docker_volume;
pub(crate) mod go_float;
pub(crate) mod go_net;
pub(crate) mod go_rat;
pub(crate) mod go_units;
pub(crate) mod k8s_names;
pub(crate) mod quantity;
