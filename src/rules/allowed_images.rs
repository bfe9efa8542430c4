//! `allowed_services` against the runner's own services: on Kubernetes,
//! the `[[runners.kubernetes.services]]` of `config.toml` are checked like
//! the job's, so one outside the list fails every job.
//!
//! The Docker executor exempts its configured services
//! (`executors/docker/services.go` `getServicesDefinitions`), so only
//! Kubernetes is judged here; what jobs ask for is `runner-config ci`'s
//! business.

use crate::glob::{KUBERNETES_HELPER_NAME, Verdict, not_allowed_message, verify_allowed_image};
use crate::load::Loaded;
use crate::model::{Config, Executor};
use crate::{Diagnostic, Rule, Severity, Stage};

use super::locate;

/// A Kubernetes `config.toml` service that `allowed_services` refuses.
pub(crate) static CONFIG_SERVICE_NOT_ALLOWED: Rule = Rule {
    code: "config-service-not-allowed",
    severity: Severity::Error,
    stage: Stage::Job,
    summary: "a `[[runners.kubernetes.services]]` image is not in `allowed_services`: every \
              job fails",
    explanation: "The Kubernetes executor puts the services of `config.toml` into every job's \
                  pod and checks each of them, like the job's own, against \
                  `allowed_services` (`executors/kubernetes/kubernetes.go` \
                  `preparePodServices` → `verifyAllowedImages` → \
                  `common/allowed_images.go` `VerifyAllowedImage`). The patterns are \
                  doublestar globs matched against the name as written after variable \
                  expansion (`*` stays within one `/` segment, `**` crosses segments only as \
                  a whole segment, nothing is normalised: `library/postgres` is not \
                  `postgres`); only the expanded `image` and the helper image's name are \
                  exempt. A service outside a non-empty list fails every job before it \
                  starts with `The \"<image>\" image is not present on list of allowed \
                  services:`. The Docker executor exempts its configured services instead. \
                  Names holding `$VARIABLES` depend on each job's variables and are left to \
                  `runner-config ci`.",
    bad: "[[runners]]\nexecutor = \"kubernetes\"\n[runners.kubernetes]\n\
          allowed_services = [\"redis:*\"]\n[[runners.kubernetes.services]]\n\
          name = \"postgres:16\"\n",
    good: "[[runners]]\nexecutor = \"kubernetes\"\n[runners.kubernetes]\n\
           allowed_services = [\"redis:*\", \"postgres:16\"]\n\
           [[runners.kubernetes.services]]\nname = \"postgres:16\"\n",
};

/// Every Kubernetes runner's configured services against its
/// `allowed_services`.
pub fn run(loaded: &Loaded<Config>, out: &mut Vec<Diagnostic>) {
    let spans = loaded.spans();
    for (index, runner) in loaded.best_effort().runners.iter().enumerate() {
        if runner.executor != Some(Executor::Kubernetes) {
            continue;
        }
        let Some(section) = runner.kubernetes.as_ref() else {
            continue;
        };
        let Some(patterns) = section.allowed_services.as_deref() else {
            continue;
        };
        let image = section.image.as_deref().unwrap_or_default();
        let exempt = [image, KUBERNETES_HELPER_NAME];
        for (i, service) in section.services.iter().enumerate() {
            let Some(name) = service.name.as_deref().filter(|n| !n.is_empty()) else {
                // The runner skips a service without a name.
                continue;
            };
            if verify_allowed_image(patterns, name, &exempt) != Verdict::NotAllowed {
                continue;
            }
            let key = format!("runners[{index}].kubernetes.services[{i}].name");
            out.push(
                Diagnostic::new(
                    &CONFIG_SERVICE_NOT_ALLOWED,
                    not_allowed_message(name, "services", patterns),
                )
                .at_opt(locate(spans, &key))
                .key(&key)
                .help(
                    "every job on this runner fails: add a pattern that matches the name as \
                     written to `allowed_services`, or remove the service",
                ),
            );
        }
    }
}
