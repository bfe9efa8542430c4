//! The images a runner section names: `image`, `helper_image` and the
//! `config.toml` services.
//!
//! `allowed_images`, `allowed_services` and `allowed_privileged_*` are glob
//! patterns, not references, and are never parsed here.

use std::ops::Range;

use crate::image::{ImageRef, LatestTag};
use crate::load::Loaded;
use crate::model::Config;
use crate::policy::{PolicyExecutor, PullPolicy};
use crate::{Diagnostic, Rule, Severity, Stage};

use super::{PolicySection, inner_span, locate, policy_sections};

/// A default image that Docker cannot parse.
pub(crate) static INVALID_IMAGE_REFERENCE: Rule = Rule {
    code: "invalid-image-reference",
    severity: Severity::Error,
    stage: Stage::Job,
    summary: "`image`, `helper_image` or a service `name` is not a valid image reference",
    explanation: "The runner passes these strings to Docker or Kubernetes as they are. A \
                  reference Docker cannot parse (capitals in the repository name, a tag \
                  longer than 128 characters or starting with `.` or `-`, a malformed \
                  digest, quotes inside the string) fails the pull, and with it every job \
                  that uses the default image, every job when it is the helper image or a \
                  `config.toml` service. `$VARIABLES` are expanded first, so only the \
                  literal parts are judged.",
    bad: "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\nimage = \"Ubuntu:22.04\"\n",
    good: "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\nimage = \"ubuntu:22.04\"\n",
};

/// `:latest` under a policy that keeps local copies.
pub(crate) static STALE_IMAGE: Rule = Rule {
    code: "stale-latest-image",
    severity: Severity::Warning,
    stage: Stage::Job,
    summary: "a `:latest` or untagged image with `if-not-present` or `never`: it is never updated",
    explanation: "An image without a tag is pulled as `:latest`. Under `if-not-present` or \
                  `never` the runner uses whatever copy of it the host already has, so once \
                  pulled, `latest` is frozen at that day's version, and different hosts run \
                  different versions under the same name. Pin a tag (or digest), or let \
                  `always` come first.",
    bad: "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\nimage = \"alpine\"\n\
          pull_policy = [\"if-not-present\"]\n",
    good: "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\nimage = \"alpine:3.19\"\n\
           pull_policy = [\"if-not-present\"]\n",
};

/// Docker Hub images pulled on every job by fresh hosts.
pub(crate) static DOCKER_HUB_RATE_LIMIT: Rule = Rule {
    code: "docker-hub-rate-limit",
    severity: Severity::Info,
    stage: Stage::Job,
    summary: "Docker Hub image pulled with `always` on an autoscaled runner",
    explanation: "`docker+machine` and `docker-autoscaler` start hosts that share few \
                  public addresses, and with `always` every job pulls its images again. \
                  Docker Hub limits anonymous pulls per address, so busy fleets hit \
                  `toomanyrequests` and jobs fail. A registry mirror, the GitLab dependency \
                  proxy or authenticated pulls avoid it.",
    bad: "[[runners]]\nexecutor = \"docker-autoscaler\"\n[runners.docker]\n\
          image = \"alpine:3.19\"\npull_policy = \"always\"\n",
    good: "[[runners]]\nexecutor = \"docker-autoscaler\"\n[runners.docker]\n\
           image = \"registry.example.com/mirror/alpine:3.19\"\npull_policy = \"always\"\n",
};

/// A helper image from Docker Hub.
pub(crate) static HELPER_IMAGE_ON_DOCKER_HUB: Rule = Rule {
    code: "helper-image-on-docker-hub",
    severity: Severity::Info,
    stage: Stage::Job,
    summary: "`helper_image` is pulled from Docker Hub",
    explanation: "Every job needs the helper image. GitLab publishes it on \
                  `registry.gitlab.com/gitlab-org/gitlab-runner/gitlab-runner-helper`, \
                  which is not subject to Docker Hub's pull rate limits; the Docker Hub copy \
                  is, and jobs fail with `toomanyrequests` when the limit is reached. \
                  Without `helper_image` the runner picks the right one itself.",
    bad: "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\n\
          helper_image = \"gitlab/gitlab-runner-helper:x86_64-v17.0.0\"\n",
    good: "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\n\
           helper_image = \"registry.gitlab.com/gitlab-org/gitlab-runner/gitlab-runner-helper:x86_64-v17.0.0\"\n",
};

/// What an image is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Default,
    Helper,
    Service,
}

/// Every image a section names, with its key path.
fn images<'a>(section: &PolicySection<'a>) -> Vec<(Role, String, &'a str)> {
    let mut found = Vec::new();
    let r = section.runner;
    let mut push = |role, key: String, value: Option<&'a String>| {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            found.push((role, key, value.as_str()));
        }
    };
    match section.executor {
        PolicyExecutor::Docker => {
            if let Some(d) = r.docker.as_ref() {
                push(Role::Default, section.key("image"), d.image.as_ref());
                push(
                    Role::Helper,
                    section.key("helper_image"),
                    d.helper_image.as_ref(),
                );
                for (i, s) in d.services.iter().enumerate() {
                    push(
                        Role::Service,
                        section.key(&format!("services[{i}].name")),
                        s.name.as_ref(),
                    );
                }
            }
        }
        PolicyExecutor::Kubernetes => {
            if let Some(k) = r.kubernetes.as_ref() {
                push(Role::Default, section.key("image"), k.image.as_ref());
                push(
                    Role::Helper,
                    section.key("helper_image"),
                    k.helper_image.as_ref(),
                );
                for (i, s) in k.services.iter().enumerate() {
                    push(
                        Role::Service,
                        section.key(&format!("services[{i}].name")),
                        s.name.as_ref(),
                    );
                }
            }
        }
    }
    found
}

/// The span of `part` of the string at `path`, or of the whole value.
fn part_span(
    loaded: &Loaded<Config>,
    path: &str,
    value: &str,
    part: Option<Range<usize>>,
) -> Option<Range<usize>> {
    let whole = loaded
        .spans()
        .value_span(path)
        .or_else(|| locate(loaded.spans(), path))?;
    Some(match part {
        Some(part) => inner_span(loaded.source().text(), whole, value, part),
        None => whole,
    })
}

/// Runs the image rules.
pub fn run(loaded: &Loaded<Config>, out: &mut Vec<Diagnostic>) {
    for section in policy_sections(loaded.best_effort()) {
        let effective = if section.in_use() {
            section.effective().ok()
        } else {
            None
        };
        let keeps_local = effective.as_ref().is_some_and(|e| {
            e.iter()
                .any(|p| matches!(p, Some(PullPolicy::IfNotPresent | PullPolicy::Never)))
        });
        let pulls_always = effective
            .as_ref()
            .is_some_and(|e| e.contains(&Some(PullPolicy::Always)));
        for (role, path, value) in images(&section) {
            let shown = crate::diagnostic::shorten(value, 400);
            let image = match ImageRef::parse(value) {
                Ok(image) => image,
                Err(error) => {
                    let what = match role {
                        Role::Default => "the default image",
                        Role::Helper => "the helper image",
                        Role::Service => "the service image",
                    };
                    let span = part_span(loaded, &path, value, Some(error.span()));
                    let finding = Diagnostic::new(
                        &INVALID_IMAGE_REFERENCE,
                        format!("{what} {shown:?} is not a valid reference: {error}"),
                    )
                    .at_opt(span)
                    .key(&path);
                    let help = match (error.help(), error.part()) {
                        (Some(help), _) => help.to_owned(),
                        (None, Some(part)) => format!(
                            "fix the {part}: a reference is \
                             `[registry[:port]/]name[:tag][@digest]`"
                        ),
                        (None, None) => {
                            "a reference is `[registry[:port]/]name[:tag][@digest]`".to_owned()
                        }
                    };
                    out.push(finding.help(help));
                    continue;
                }
            };
            if keeps_local && image.latest_tag().is_latest() {
                let how = match image.latest_tag() {
                    LatestTag::Implied => "has no tag, so it is pulled as `:latest`",
                    _ => "is tagged `:latest`",
                };
                out.push(
                    Diagnostic::new(
                        &STALE_IMAGE,
                        format!(
                            "{shown:?} {how}, and the pull policy reuses a local copy: it is \
                             never updated once on a host"
                        ),
                    )
                    .at_opt(part_span(loaded, &path, value, None))
                    .key(&path)
                    .help("pin a version tag or digest, or put \"always\" first in `pull_policy`"),
                );
            }
            if role == Role::Helper && image.is_docker_hub() {
                out.push(
                    Diagnostic::new(
                        &HELPER_IMAGE_ON_DOCKER_HUB,
                        format!("the helper image {shown:?} comes from Docker Hub, which rate-limits pulls"),
                    )
                    .at_opt(part_span(loaded, &path, value, None))
                    .key(&path)
                    .help(
                        "use registry.gitlab.com/gitlab-org/gitlab-runner/gitlab-runner-helper, \
                         or remove `helper_image` to let the runner choose",
                    ),
                );
            } else if role != Role::Helper
                && section.autoscaled()
                && pulls_always
                && image.is_docker_hub()
            {
                out.push(
                    Diagnostic::new(
                        &DOCKER_HUB_RATE_LIMIT,
                        format!(
                            "{shown:?} is pulled from Docker Hub on every job by freshly created \
                             hosts; Docker Hub rate-limits pulls"
                        ),
                    )
                    .at_opt(part_span(loaded, &path, value, None))
                    .key(&path)
                    .help(
                        "pull through a registry mirror or the GitLab dependency proxy, or \
                         authenticate the pulls",
                    ),
                );
            }
        }
    }
}
