//! What Kubernetes does with an empty `imagePullPolicy`.
//!
//! The runner sends `""` when no policy applies (its Kubernetes default),
//! and the API server then fills the field in when it creates the pod
//! (`SetDefaults_Container` in `pkg/apis/core/v1/defaults.go`). Knowing the
//! outcome lets the linter say what a job will really do.

use super::KubernetesPullPolicy;
use crate::image::ImageRef;

/// The policy the Kubernetes API server puts in place of an empty
/// `imagePullPolicy` for `image`: `Always` when the image's tag is `latest`,
/// written or implied, and `IfNotPresent` otherwise. Never
/// [`KubernetesPullPolicy::ClusterDefault`].
///
/// This follows `ParseImageName` (`pkg/util/parsers`) exactly:
///
/// - neither tag nor digest means the tag `latest`, so `alpine` and
///   `reg.example:5000/img` (a port is not a tag) get `Always`;
/// - only the tag counts and the comparison is case-sensitive:
///   `alpine:latest@sha256:…` gets `Always`, `alpine@sha256:…` and
///   `alpine:Latest` get `IfNotPresent`;
/// - a reference that does not parse keeps an empty tag and gets
///   `IfNotPresent`. That includes an image ID, and a string that still
///   holds GitLab variables: the API server only ever sees the expanded
///   name, so call this on that name, or check
///   [`ImageRef::has_variables`](crate::image::ImageRef::has_variables)
///   first;
/// - as in distribution/reference, a capitalised first component is a
///   registry host (`MyGroup/app` is `MyGroup`'s `app:latest`), unlike
///   [`ImageRef::parse`](crate::image::ImageRef::parse), which reports it.
///
/// The value is fixed when the pod is created; the runner recreates the pod
/// for each fallback attempt, so this is computed again every time.
///
/// ```
/// use runner_config::policy::{cluster_default, KubernetesPullPolicy};
///
/// assert_eq!(cluster_default("alpine"), KubernetesPullPolicy::Always);
/// assert_eq!(cluster_default("alpine:3.19"), KubernetesPullPolicy::IfNotPresent);
/// assert_eq!(cluster_default("reg.example:5000/img"), KubernetesPullPolicy::Always);
/// ```
pub fn cluster_default(image: &str) -> KubernetesPullPolicy {
    let Ok(reference) = ImageRef::parse_kubernetes(image) else {
        return KubernetesPullPolicy::IfNotPresent;
    };
    // `ParseNormalizedNamed` rejects a bare 64-hex ID and reads
    // `sha256:<hex>` as the image `sha256` tagged `<hex>`: neither is
    // `latest`.
    if reference.is_id() {
        return KubernetesPullPolicy::IfNotPresent;
    }
    let tag = match (reference.tag(), reference.digest()) {
        (Some(tag), _) => tag,
        (None, None) => "latest",
        (None, Some(_)) => "",
    };
    if tag == "latest" {
        KubernetesPullPolicy::Always
    } else {
        KubernetesPullPolicy::IfNotPresent
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use KubernetesPullPolicy::{Always, IfNotPresent};

    const SHA: &str = "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c";

    #[track_caller]
    fn check(image: &str, expected: KubernetesPullPolicy) {
        assert_eq!(
            cluster_default(image),
            expected,
            "cluster default for {image:?}"
        );
    }

    /// The `cluster_default` vectors of `pull-policy-vectors.json`, by id.
    #[test]
    fn shared_vectors() {
        check("alpine:latest", Always); // kdef-002
        check("alpine:3.19", IfNotPresent); // kdef-003
        check(&format!("alpine@sha256:{SHA}"), IfNotPresent); // kdef-004
        check(&format!("alpine:latest@sha256:{SHA}"), Always); // kdef-005
        check("registry.example.com:5000/group/img", Always); // kdef-006
        check("registry.example.com/group/img:Latest", IfNotPresent); // kdef-008
    }

    #[test]
    fn semantics_examples() {
        // §3.1 of the semantics reference.
        check("alpine", Always);
        check("reg.example:5000/img", Always);
        check("reg.example:5000/img:1.0", IfNotPresent);
    }

    #[test]
    fn tags_and_digests() {
        check("docker.io/library/alpine", Always);
        check("localhost:5000/a/b", Always);
        check("[::1]:5000/img", Always);
        check("[::1]:5000/img:latest", Always);
        check("alpine:LATEST", IfNotPresent);
        check("alpine:latest-alpine", IfNotPresent);
        check("alpine:_latest", IfNotPresent);
        // A single component never has a domain: `localhost:5000` is
        // `localhost` tagged `5000`.
        check("localhost:5000", IfNotPresent);
        check(&format!("img@sha512:{}", "a".repeat(128)), IfNotPresent);
        check(&format!("img:latest@sha384:{}", "a".repeat(96)), Always);
    }

    #[test]
    fn unparsable_references_keep_an_empty_tag() {
        check("", IfNotPresent);
        check("Alpine", IfNotPresent);
        check("alpine:", IfNotPresent);
        check(" alpine", IfNotPresent);
        check("\"alpine\"", IfNotPresent);
        check("alpine:-x", IfNotPresent);
        check("reg..io/img", IfNotPresent);
        check("img:latest@sha256:abc", IfNotPresent);
        // go-digest only knows the algorithms Go registers.
        check(&format!("img:latest@blake3:{SHA}"), IfNotPresent);
        // Unexpanded GitLab variables are not valid references.
        check("$CI_REGISTRY_IMAGE", IfNotPresent);
        check("$CI_REGISTRY_IMAGE:latest", IfNotPresent);
    }

    #[test]
    fn image_ids_are_not_latest() {
        check(SHA, IfNotPresent);
        check(&format!("sha256:{SHA}"), IfNotPresent);
        // A short ID is a name with the implied tag.
        check(&SHA[..12], Always);
    }

    #[test]
    fn capitalised_first_component_is_a_registry() {
        check("MyGroup/app", Always);
        check("MyGroup/app:1.0", IfNotPresent);
        check("MyGroup/App", IfNotPresent);
    }

    #[test]
    fn never_cluster_default() {
        let inputs = ["", "alpine", "a:b", "x@y", "$", "MyGroup/app", "sha256:"];
        for image in inputs {
            assert_ne!(
                cluster_default(image),
                KubernetesPullPolicy::ClusterDefault,
                "{image:?}"
            );
        }
    }
}
