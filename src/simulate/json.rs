//! The JSON contract of `runner-config explain --format json` (feature
//! `report`). Written by hand rather than derived, so that the contract
//! stays what the README documents whatever the types become.
//!
//! ```json
//! {"runner": "docker-builds", "executor": "docker", "image": "alpine:3.19",
//!  "requested": ["always", "if-not-present"], "requested_source": "Runner config",
//!  "allowed": ["always", "if-not-present"], "effective": ["always", "if-not-present"],
//!  "error": null, "failure_reason": null,
//!  "attempts": [{"policy": "always", "action": "pull", "outcome": "failed", "failure": "…"}],
//!  "result": "ok", "services": [], "helper": {…}}
//! ```

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::{Attempt, ImageSimulation, JobSimulation, PolicyLists};
use crate::policy::KubernetesPullPolicy;

impl Serialize for JobSimulation {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("runner", &self.runner)?;
        map.serialize_entry("executor", self.executor.as_str())?;
        image_fields(&mut map, &self.image)?;
        // The job's result: failed when any image it needs fails.
        map.serialize_entry("result", self.result().as_str())?;
        map.serialize_entry("services", &self.services)?;
        map.serialize_entry("helper", &self.helper)?;
        map.end()
    }
}

impl Serialize for ImageSimulation {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        image_fields(&mut map, self)?;
        map.serialize_entry("result", self.result.as_str())?;
        map.end()
    }
}

/// Every field of an image but `result`.
fn image_fields<M: SerializeMap>(map: &mut M, image: &ImageSimulation) -> Result<(), M::Error> {
    let lists = image.policies.as_ref();
    let list =
        |pick: fn(&PolicyLists) -> &Option<Vec<String>>| lists.and_then(|l| pick(l).as_ref());
    map.serialize_entry("image", &image.image)?;
    map.serialize_entry("requested", &list(|l| &l.requested))?;
    map.serialize_entry(
        "requested_source",
        &lists.map(|l| l.requested_source.as_str()),
    )?;
    map.serialize_entry("allowed", &list(|l| &l.allowed))?;
    map.serialize_entry("effective", &list(|l| &l.effective))?;
    map.serialize_entry("error", &image.error)?;
    map.serialize_entry("failure_reason", &image.failure_reason.map(|r| r.as_str()))?;
    map.serialize_entry("attempts", &image.attempts)
}

impl Serialize for Attempt {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("policy", &self.policy)?;
        if let Some(pod) = &self.pod {
            let on_spec = match pod.image_pull_policy {
                KubernetesPullPolicy::ClusterDefault => None,
                policy => Some(policy.as_str()),
            };
            map.serialize_entry("image_pull_policy", &on_spec)?;
            map.serialize_entry("container", &pod.container)?;
        }
        map.serialize_entry("action", self.action.as_str())?;
        map.serialize_entry("outcome", self.outcome.as_str())?;
        map.serialize_entry("failure", &self.failure)?;
        map.end()
    }
}
