//! Image names built from GitLab's predefined variables that may not fit
//! a reference: branch, tag, job and environment names in a tag, values
//! that are empty on some pipelines, project paths with capitals.
//!
//! Each variable is tried with its worst values (`feature/login`, `Fix`,
//! an empty string, 129 characters…) while every other variable gets a
//! harmless one; the variable is reported when one of them makes the
//! reference invalid where the harmless value does not. So the position
//! decides by itself: capitals break a repository path and not a tag, an
//! empty value breaks `app:$CI_COMMIT_TAG` and not `app:v$CI_COMMIT_TAG`.

use std::ops::Range;

use super::codes;
use super::cross::{Hit, OnRunner, inner_span, job_images as images_of};
use crate::image::ImageRef;
use crate::pipeline::{Job, Pipeline};
use crate::policy::PolicyExecutor;

/// A `$NAME` or `${NAME}` in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Reference {
    pub(super) name: String,
    /// Where it is written, `$` and braces included.
    pub(super) range: Range<usize>,
}

/// The variable references of `text`, as the expansion reads them.
pub(super) fn references(text: &str) -> Vec<Reference> {
    let is_name = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(dollar) = text.get(from..).and_then(|rest| rest.find('$')) {
        let start = from + dollar;
        let after = &text[start + 1..];
        let (name, len) = if let Some(braced) = after.strip_prefix('{') {
            match braced.find('}') {
                Some(end) if end > 0 && braced[..end].chars().all(is_name) => {
                    (&braced[..end], end + 3)
                }
                _ => ("", 1),
            }
        } else {
            let end = after.find(|c: char| !is_name(c)).unwrap_or(after.len());
            (&after[..end], end + 1)
        };
        if !name.is_empty() {
            found.push(Reference {
                name: name.to_owned(),
                range: start..start + len,
            });
        }
        from = start + len;
    }
    found
}

/// What a predefined variable may hold.
struct Class {
    /// What it is, for the message.
    what: &'static str,
    /// Values it may take that a reference may not hold, each with the
    /// words for what is wrong with it.
    trials: &'static [(&'static str, &'static str)],
    /// What to use instead.
    instead: &'static str,
}

const LONG: &str = "a-very-long-branch-name-that-goes-on-and-on-past-the-limit-of-one-hundred-\
                    and-twenty-eight-characters-that-docker-puts-on-a-tag-x";

const REF_NAME: &[(&str, &str)] = &[
    ("feature/login", "a `/`"),
    ("Feature-Login", "capitals"),
    ("release+1", "characters such as `+`"),
    (LONG, "more than 128 characters"),
];

const SLUG: &str = "`$CI_COMMIT_REF_SLUG` (lowercase `[a-z0-9-]`, at most 63 bytes)";

/// The class of a variable GitLab predefines, `None` for a safe or unknown
/// one.
fn class(name: &str) -> Option<Class> {
    const fn class(
        what: &'static str,
        trials: &'static [(&'static str, &'static str)],
        instead: &'static str,
    ) -> Option<Class> {
        Some(Class {
            what,
            trials,
            instead,
        })
    }
    match name {
        "CI_COMMIT_REF_NAME" => class("a branch or tag name", REF_NAME, SLUG),
        "CI_COMMIT_BRANCH" => class(
            "a branch name",
            &[
                ("", "is empty on tag pipelines"),
                ("feature/login", "a `/`"),
                ("Feature-Login", "capitals"),
                ("release+1", "characters such as `+`"),
                (LONG, "more than 128 characters"),
            ],
            SLUG,
        ),
        "CI_COMMIT_TAG" => class(
            "a tag name",
            &[
                ("", "is empty on branch pipelines"),
                ("release/1.0", "a `/`"),
                ("V1.0", "capitals"),
                ("v1.0+build", "characters such as `+`"),
                (LONG, "more than 128 characters"),
            ],
            SLUG,
        ),
        "CI_DEFAULT_BRANCH" => class(
            "the default branch's name",
            REF_NAME,
            "a fixed name, or `$CI_COMMIT_REF_SLUG` in jobs that run on the default branch",
        ),
        "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME" => class(
            "a branch name",
            &[
                ("", "is empty outside merge request pipelines"),
                ("feature/login", "a `/`"),
                ("Feature-Login", "capitals"),
                ("release+1", "characters such as `+`"),
                (LONG, "more than 128 characters"),
            ],
            SLUG,
        ),
        "CI_MERGE_REQUEST_TARGET_BRANCH_NAME" => class(
            "a branch name",
            &[
                ("", "is empty outside merge request pipelines"),
                ("release/1.x", "a `/`"),
                ("Release-1", "capitals"),
                ("release+1", "characters such as `+`"),
                (LONG, "more than 128 characters"),
            ],
            "a fixed name, or `$CI_COMMIT_REF_SLUG`",
        ),
        "CI_JOB_NAME" => class(
            "a job name (`build 1/3` with `parallel:`)",
            &[
                ("build 1/3", "spaces and `/`"),
                ("Build", "capitals"),
                (LONG, "more than 128 characters"),
            ],
            "`$CI_JOB_NAME_SLUG` (lowercase `[a-z0-9-]`, at most 63 bytes)",
        ),
        "CI_ENVIRONMENT_NAME" => class(
            "an environment name",
            &[
                ("review/feature-login", "a `/`"),
                ("Production", "capitals"),
                ("staging 2", "spaces"),
                (LONG, "more than 128 characters"),
            ],
            "`$CI_ENVIRONMENT_SLUG` (lowercase `[a-z0-9-]`, at most 63 bytes)",
        ),
        "CI_PROJECT_NAME" | "CI_PROJECT_ROOT_NAMESPACE" => class(
            "a project or group path",
            &[("My-Project", "capitals")],
            "`$CI_REGISTRY_IMAGE` or `$CI_PROJECT_PATH_SLUG` (always lowercase)",
        ),
        "CI_PROJECT_NAMESPACE" | "CI_PROJECT_PATH" => class(
            "a project path",
            &[
                ("My-Group/My-Project", "capitals"),
                ("group/project", "a `/`"),
            ],
            "`$CI_REGISTRY_IMAGE` or `$CI_PROJECT_PATH_SLUG` (always lowercase)",
        ),
        _ if name.starts_with("CI_MERGE_REQUEST_") => class(
            "a merge request's value",
            &[("", "is empty outside merge request pipelines")],
            "`$CI_COMMIT_SHORT_SHA`, or run the job only in merge request pipelines (`rules: \
             - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"`)",
        ),
        _ => None,
    }
}

/// A variable that can make an image name invalid.
struct Unsafe {
    reference: Reference,
    class: Class,
    /// The values that break the name, with their reasons.
    breaking: Vec<(&'static str, &'static str)>,
}

/// The variables of `name` that can make it invalid.
fn unsafe_variables(name: &str) -> Vec<Unsafe> {
    if name.contains("$[[") {
        // A component's inputs: interpolated by GitLab, not known here.
        return Vec::new();
    }
    let references = references(name);
    let substituted = |chosen: Option<(usize, &str)>| {
        let mut out = String::with_capacity(name.len() + 16);
        let mut from = 0;
        for (i, r) in references.iter().enumerate() {
            out.push_str(&name[from..r.range.start]);
            out.push_str(match chosen {
                Some((at, value)) if at == i => value,
                _ => "x",
            });
            from = r.range.end;
        }
        out.push_str(&name[from..]);
        out
    };
    if ImageRef::parse(&substituted(None)).is_err() {
        // Invalid whatever the values: `invalid-job-image`'s business.
        return Vec::new();
    }
    let mut found: Vec<Unsafe> = Vec::new();
    for (i, reference) in references.iter().enumerate() {
        if found.iter().any(|f| f.reference.name == reference.name) {
            continue;
        }
        let Some(class) = class(&reference.name) else {
            continue;
        };
        let breaking: Vec<(&str, &str)> = class
            .trials
            .iter()
            .copied()
            .filter(|(value, _)| ImageRef::parse(&substituted(Some((i, value)))).is_err())
            .collect();
        if !breaking.is_empty() {
            found.push(Unsafe {
                reference: reference.clone(),
                class,
                breaking,
            });
        }
    }
    found
}

/// Which part of `name` a reference at `at` is in.
fn part(name: &str, at: usize) -> &'static str {
    let before = &name[..at];
    if before.contains('@') {
        "digest"
    } else if before.rfind(':') > before.rfind('/') {
        "tag"
    } else {
        "repository path"
    }
}

/// The message and help for the unsafe variables of `name`.
fn describe(name: &str, found: &[Unsafe]) -> (String, String) {
    let shown = crate::diagnostic::shorten(name, 200);
    let parts: Vec<String> = found
        .iter()
        .map(|f| {
            let empty = f.breaking.iter().find(|(value, _)| value.is_empty());
            let held: Vec<&str> = f
                .breaking
                .iter()
                .filter(|(value, _)| !value.is_empty())
                .map(|(_, why)| *why)
                .collect();
            let held = match held.as_slice() {
                [] => None,
                [one] => Some(format!("may hold {one}")),
                [rest @ .., last] => Some(format!("may hold {} or {last}", rest.join(", "))),
            };
            let which = match (empty, held) {
                (Some((_, empty)), Some(held)) => format!("{empty} and {held}"),
                (Some((_, empty)), None) => (*empty).to_owned(),
                (None, Some(held)) => held,
                (None, None) => String::new(),
            };
            let example = f.breaking.first().map_or("", |(value, _)| value);
            format!(
                "its {} takes ${}, {}, which {which} (with {:?} the reference is invalid)",
                part(name, f.reference.range.start),
                f.reference.name,
                f.class.what,
                crate::diagnostic::shorten(example, 40)
            )
        })
        .collect();
    let message = format!(
        "{shown:?} may not be a valid image reference on every pipeline: {}",
        parts.join("; ")
    );
    let help: Vec<String> = found
        .iter()
        .map(|f| format!("instead of ${}, use {}", f.reference.name, f.class.instead))
        .collect();
    (message, help.join("; "))
}

/// The job's images and services built from unsafe variables: one finding
/// per place and expanded name, on every runner.
pub(super) fn job_images(pipeline: &Pipeline, job: &Job, hits: &mut Vec<Hit>) {
    for (image, _) in images_of(job) {
        let found = unsafe_variables(&image.expanded);
        if found.is_empty() {
            continue;
        }
        let (message, help) = describe(&image.expanded, &found);
        let mut hit = Hit::at(
            pipeline,
            &codes::UNSAFE_IMAGE_VARIABLE,
            image.name_at,
            message,
        )
        .job(pipeline, job, image.name_at, image.source);
        if let [one] = found.as_slice() {
            hit.span = inner_span(pipeline, image, one.reference.range.clone()).or(hit.span);
        }
        hit.help = Some(help);
        hits.push(hit);
    }
}

impl OnRunner<'_> {
    /// The runner's default image, for a job that uses it, expanded with
    /// the runner's `environment` and the job's variables.
    pub(super) fn default_image_variables(&self, job: &Job, hits: &mut Vec<Hit>) {
        if job.image.is_some() {
            return;
        }
        let image = match self.executor {
            PolicyExecutor::Docker => self.runner.docker.as_ref().and_then(|d| d.image.as_ref()),
            PolicyExecutor::Kubernetes => self
                .runner
                .kubernetes
                .as_ref()
                .and_then(|k| k.image.as_ref()),
        };
        let Some(image) = image else {
            return;
        };
        let expanded = job.expand_with(&self.environment(), image);
        let found = unsafe_variables(&expanded);
        if found.is_empty() {
            return;
        }
        let (message, help) = describe(&expanded, &found);
        let mut hit = self.config_hit(
            &codes::UNSAFE_IMAGE_VARIABLE,
            self.section_key("image"),
            job,
            format!("the runner's default image: {message}"),
        );
        hit.help = Some(help);
        hits.push(hit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(image: &str) -> Vec<String> {
        unsafe_variables(image)
            .into_iter()
            .map(|u| u.reference.name)
            .collect()
    }

    #[test]
    fn references_as_the_expansion_reads_them() {
        let found = references("a/${B}:$C_1-x$");
        assert_eq!(found.len(), 2);
        assert_eq!(
            (found[0].name.as_str(), found[0].range.clone()),
            ("B", 2..6)
        );
        assert_eq!(
            (found[1].name.as_str(), found[1].range.clone()),
            ("C_1", 7..11)
        );
        assert!(references("${bro ken}").is_empty());
    }

    #[test]
    fn each_class_where_it_breaks() {
        assert_eq!(names("app:$CI_COMMIT_REF_NAME"), ["CI_COMMIT_REF_NAME"]);
        assert_eq!(names("app:${CI_COMMIT_BRANCH}"), ["CI_COMMIT_BRANCH"]);
        assert_eq!(names("app:$CI_JOB_NAME"), ["CI_JOB_NAME"]);
        assert_eq!(names("app:$CI_ENVIRONMENT_NAME"), ["CI_ENVIRONMENT_NAME"]);
        assert_eq!(names("app:$CI_DEFAULT_BRANCH"), ["CI_DEFAULT_BRANCH"]);
        // Empty: breaks a whole tag, not a prefixed one.
        assert_eq!(names("app:$CI_MERGE_REQUEST_IID"), ["CI_MERGE_REQUEST_IID"]);
        assert!(names("app:mr-$CI_MERGE_REQUEST_IID").is_empty());
        // Capitals break a path, not a tag.
        assert_eq!(
            names("registry.example.com/$CI_PROJECT_NAME:1"),
            ["CI_PROJECT_NAME"]
        );
        assert!(names("app:$CI_PROJECT_NAME").is_empty());
        assert_eq!(names("app:$CI_PROJECT_PATH"), ["CI_PROJECT_PATH"]);
        // Safe and unknown variables never warn.
        for safe in [
            "$CI_REGISTRY_IMAGE:$CI_COMMIT_REF_SLUG",
            "$CI_REGISTRY_IMAGE/$CI_JOB_NAME_SLUG:$CI_COMMIT_SHA",
            "registry.example.com/$CI_PROJECT_PATH_SLUG:$CI_PIPELINE_IID",
            "app:$CI_ENVIRONMENT_SLUG-$CI_COMMIT_SHORT_SHA-$CI_PIPELINE_ID",
            "app:$MY_TAG",
            "app:$[[ inputs.tag ]]",
        ] {
            assert!(names(safe).is_empty(), "{safe}");
        }
        // Invalid anyway: not this rule's.
        assert!(names("App:$CI_COMMIT_REF_NAME").is_empty());
    }

    #[test]
    fn messages_say_where_and_why() {
        let found = unsafe_variables("app:$CI_COMMIT_TAG");
        let (message, help) = describe("app:$CI_COMMIT_TAG", &found);
        assert_eq!(
            message,
            "\"app:$CI_COMMIT_TAG\" may not be a valid image reference on every pipeline: its \
             tag takes $CI_COMMIT_TAG, a tag name, which is empty on branch pipelines and may \
             hold a `/`, characters such as `+` or more than 128 characters (with \"\" the \
             reference is invalid)"
        );
        assert!(help.starts_with("instead of $CI_COMMIT_TAG, use `$CI_COMMIT_REF_SLUG`"));
        assert!(LONG.len() > 128);
        assert_eq!(part("a/$B:c", 2), "repository path");
        assert_eq!(part("a:1@sha256:$D", 11), "digest");
    }
}
