//! The runner's allow-lists of images: `allowed_images` and
//! `allowed_services`, which fail a job, and `allowed_privileged_images`
//! and `allowed_privileged_services`, which take its privileges away.

use super::codes;
use super::cross::{Hit, OnRunner};
use crate::glob::{
    KUBERNETES_HELPER_NAME, Undecided, Verdict, allows, not_allowed_message, verify_allowed_image,
};
use crate::pipeline::{Job, JobImage, Variable, runner_environment};
use crate::policy::PolicyExecutor;

/// One image against one list.
struct Check<'a> {
    image: &'a JobImage,
    /// `images` or `services`, as the runner's message says.
    option: &'static str,
    patterns: &'a [String],
    exempt: Vec<String>,
}

impl OnRunner<'_> {
    /// The runner's `environment`, which it expands `config.toml` values
    /// with before the job's variables.
    pub(super) fn environment(&self) -> Vec<Variable> {
        runner_environment(self.runner.environment.as_deref().unwrap_or_default())
    }

    /// `allowed_images` and `allowed_services` against the job's images,
    /// and on Kubernetes against the services of `config.toml`.
    pub(super) fn allowed_images(&self, job: &Job, hits: &mut Vec<Hit>) {
        let environment = self.environment();
        let expand = |value: Option<&String>| {
            value.map_or_else(String::new, |v| job.expand_with(&environment, v))
        };
        let mut checks = Vec::new();
        match self.executor {
            PolicyExecutor::Docker => {
                let Some(docker) = self.runner.docker.as_ref() else {
                    return;
                };
                let default_image = expand(docker.image.as_ref());
                let configured: Vec<String> = docker
                    .services
                    .iter()
                    .map(|s| expand(s.name.as_ref()))
                    .collect();
                if let Some(image) = job.image.as_ref() {
                    checks.push(Check {
                        image,
                        option: "images",
                        patterns: docker.allowed_images.as_deref().unwrap_or_default(),
                        exempt: vec![default_image],
                    });
                }
                for service in &job.services {
                    checks.push(Check {
                        image: service,
                        option: "services",
                        patterns: docker.allowed_services.as_deref().unwrap_or_default(),
                        exempt: configured.clone(),
                    });
                }
            }
            PolicyExecutor::Kubernetes => {
                let Some(kubernetes) = self.runner.kubernetes.as_ref() else {
                    return;
                };
                let exempt = vec![
                    expand(kubernetes.image.as_ref()),
                    KUBERNETES_HELPER_NAME.to_owned(),
                ];
                let exempt_names: Vec<&str> = exempt.iter().map(String::as_str).collect();
                let services = kubernetes.allowed_services.as_deref().unwrap_or_default();
                // The runner's own services are checked in every job's pod.
                for service in &kubernetes.services {
                    let name = expand(service.name.as_ref());
                    if !name.is_empty()
                        && verify_allowed_image(services, &name, &exempt_names)
                            == Verdict::NotAllowed
                    {
                        self.runner_fails(
                            job,
                            not_allowed_message(&name, "services", services),
                            hits,
                        );
                    }
                }
                // Without its own image, the job runs the runner's, which
                // is exempt.
                if let Some(image) = job.image.as_ref() {
                    checks.push(Check {
                        image,
                        option: "images",
                        patterns: kubernetes.allowed_images.as_deref().unwrap_or_default(),
                        exempt: exempt.clone(),
                    });
                }
                for service in &job.services {
                    checks.push(Check {
                        image: service,
                        option: "services",
                        patterns: services,
                        exempt: exempt.clone(),
                    });
                }
            }
        }
        for check in checks {
            self.judge(job, &check, hits);
        }
    }

    fn judge(&self, job: &Job, check: &Check<'_>, hits: &mut Vec<Hit>) {
        let image = check.image;
        if image.expanded.is_empty() {
            return;
        }
        let exempt: Vec<&str> = check.exempt.iter().map(String::as_str).collect();
        let list = format!("allowed_{}", check.option);
        let shown = crate::diagnostic::shorten(&image.expanded, 200);
        let (rule, message, help) =
            match verify_allowed_image(check.patterns, &image.expanded, &exempt) {
                Verdict::Allowed => return,
                Verdict::NotAllowed => (
                    &codes::JOB_IMAGE_NOT_ALLOWED,
                    not_allowed_message(&image.expanded, check.option, check.patterns),
                    format!(
                        "the job fails on runner `{}`: name an image its `{list}` matches (the \
                         name exactly as written: `*` stays within one `/` segment), or run \
                         the job on another runner (tags)",
                        self.label
                    ),
                ),
                Verdict::Undecided(why) => {
                    let reason = match why {
                        Undecided::Variables => format!(
                            "it holds {} that the pipeline does not define",
                            variables_in(&image.expanded)
                        ),
                        Undecided::ExemptVariables(default) => format!(
                            "no pattern matches it, and the runner's default image {:?}, which \
                             is always allowed, holds {} not known here",
                            crate::diagnostic::shorten(&default, 200),
                            variables_in(&default)
                        ),
                        Undecided::Pattern(pattern) => {
                            format!("the pattern {pattern:?} is too complex to match here")
                        }
                    };
                    (
                        &codes::ALLOWED_IMAGE_UNDECIDED,
                        format!(
                            "whether {shown:?} is in `{list}` ({}) cannot be decided: {reason}",
                            check.patterns.join(", ")
                        ),
                        format!(
                            "the job fails on runner `{}` unless the value matches a pattern; \
                             define the variable in `variables:` to have it checked",
                            self.label
                        ),
                    )
                }
            };
        let mut hit = self.hit(rule, image.name_at, message).job(
            self.pipeline,
            job,
            image.name_at,
            image.source,
        );
        hit.help = Some(help);
        hits.push(hit);
    }

    /// `allowed_privileged_images` and `allowed_privileged_services`
    /// (Docker only): containers that lose the privileges the runner
    /// would give them.
    pub(super) fn privileged(&self, job: &Job, hits: &mut Vec<Hit>) {
        if self.executor != PolicyExecutor::Docker {
            return;
        }
        let Some(docker) = self.runner.docker.as_ref() else {
            return;
        };
        let privileged = docker.privileged == Some(true);
        let images = docker
            .allowed_privileged_images
            .as_deref()
            .unwrap_or_default();
        if privileged && !images.is_empty() {
            match job.image.as_ref() {
                Some(image) => {
                    self.unprivileged(job, image, "allowed_privileged_images", images, hits)
                }
                None => self.default_unprivileged(job, images, hits),
            }
        }
        let services_privileged = docker.services_privileged.unwrap_or(privileged);
        let services = docker
            .allowed_privileged_services
            .as_deref()
            .unwrap_or_default();
        if services_privileged && !services.is_empty() {
            for service in &job.services {
                self.unprivileged(job, service, "allowed_privileged_services", services, hits);
            }
            let environment = self.environment();
            for (i, service) in docker.services.iter().enumerate() {
                let Some(name) = service.name.as_ref() else {
                    continue;
                };
                let name = job.expand_with(&environment, name);
                if is_dind(&name) && lacks_privileges(services, &name) {
                    let mut hit = self.config_hit(
                        &codes::JOB_IMAGE_UNPRIVILEGED,
                        self.section_key(&format!("services[{i}].name")),
                        job,
                        unprivileged_message(&name, "allowed_privileged_services", services),
                    );
                    hit.help = Some(dind_help("allowed_privileged_services"));
                    hits.push(hit);
                }
            }
        }
    }

    /// A Docker-in-Docker image of the job outside the list.
    fn unprivileged(
        &self,
        job: &Job,
        image: &JobImage,
        list: &str,
        patterns: &[String],
        hits: &mut Vec<Hit>,
    ) {
        if !is_dind(&image.expanded) || !lacks_privileges(patterns, &image.expanded) {
            return;
        }
        let mut hit = self
            .hit(
                &codes::JOB_IMAGE_UNPRIVILEGED,
                image.name_at,
                unprivileged_message(&image.expanded, list, patterns),
            )
            .job(self.pipeline, job, image.name_at, image.source);
        hit.help = Some(dind_help(list));
        hits.push(hit);
    }

    /// A job using the runner's default image is matched by an empty name:
    /// when the list names the default image, the runner's author meant it
    /// to be privileged, and it is not.
    fn default_unprivileged(&self, job: &Job, patterns: &[String], hits: &mut Vec<Hit>) {
        let Some(default) = self.runner.docker.as_ref().and_then(|d| d.image.as_ref()) else {
            return;
        };
        let default = job.expand_with(&self.environment(), default);
        if default.contains('$')
            || !lacks_privileges(patterns, "")
            || !patterns.iter().any(|p| allows(p, &default) == Some(true))
        {
            return;
        }
        let mut hit = self.config_hit(
            &codes::JOB_IMAGE_UNPRIVILEGED,
            self.section_key("allowed_privileged_images"),
            job,
            format!(
                "jobs without `image:` run the default image {:?} without privileges: \
                 `allowed_privileged_images` ({}) names it, but the runner matches the job's \
                 own image name, which is empty",
                crate::diagnostic::shorten(&default, 200),
                patterns.join(", ")
            ),
        );
        hit.help = Some(
            "give these jobs `image:` with the default image's name, or add `\"\"` to the list: \
             the empty pattern matches only the empty name of default-image jobs"
                .to_owned(),
        );
        hits.push(hit);
    }
}

/// Whether a name is a Docker-in-Docker image, which needs privileges.
fn is_dind(name: &str) -> bool {
    name.to_ascii_lowercase().contains("dind")
}

/// Whether no pattern gives `name` privileges (`false` when it cannot be
/// told).
fn lacks_privileges(patterns: &[String], name: &str) -> bool {
    !name.contains('$') && patterns.iter().all(|p| allows(p, name) == Some(false))
}

fn unprivileged_message(name: &str, list: &str, patterns: &[String]) -> String {
    format!(
        "{:?} runs without privileges: `{list}` ({}) does not match it, and Docker-in-Docker \
         needs them",
        crate::diagnostic::shorten(name, 200),
        patterns.join(", ")
    )
}

fn dind_help(list: &str) -> String {
    format!(
        "add a pattern matching this name as written to `{list}`, or use an image the list \
         names; without privileges the Docker daemon does not start and the job fails later"
    )
}

/// The variables still in an expanded name, for messages: `$NAME`.
fn variables_in(name: &str) -> String {
    let found: Vec<String> = crate::ci::tags::references(name)
        .into_iter()
        .map(|r| format!("${}", r.name))
        .collect();
    match found.as_slice() {
        [] => "variables".to_owned(),
        [one] => format!("{one}, a variable"),
        many => format!("{}, variables", many.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dind_and_privileges() {
        assert!(is_dind("docker:27-dind") && is_dind("registry.example.com/DinD:1"));
        assert!(!is_dind("docker:27"));
        let list = vec!["docker:*-dind".to_owned()];
        assert!(lacks_privileges(&list, "docker:dind"));
        assert!(!lacks_privileges(&list, "docker:27-dind"));
        assert!(!lacks_privileges(&list, "docker:$V-dind"));
    }
}
