//! The project's own image run as `:latest`: a tag every pipeline of the
//! project shares, so concurrent pipelines swap it under each other's
//! jobs. Runner-independent (`runner` is `null`); the per-runner
//! `stale-job-image` adds what a pull policy that keeps local copies does.

use super::codes;
use super::cross::{Hit, job_images};
use crate::pipeline::{Job, Pipeline, ScriptLine};

/// The project's registry image as the pipeline may write it, and the
/// spellings of `$CI_REGISTRY/$CI_PROJECT_PATH`.
const OWN_REGISTRY: &[&str] = &["$CI_REGISTRY_IMAGE", "${CI_REGISTRY_IMAGE}"];
const REGISTRY: &[&str] = &["$CI_REGISTRY", "${CI_REGISTRY}"];
const PROJECT_PATH: &[&str] = &["$CI_PROJECT_PATH", "${CI_PROJECT_PATH}"];

/// An image of the project's registry tagged `latest` or untagged: its
/// repository with `$CI_REGISTRY_IMAGE` spelt one way, or `None`.
fn shared_latest(name: &str) -> Option<String> {
    let rest = strip_own_registry(name)?;
    if rest.contains('@') {
        return None;
    }
    let (repository, tag) = match rest.rfind(':') {
        Some(colon) if rest.rfind('/').is_none_or(|slash| colon > slash) => {
            (&rest[..colon], Some(&rest[colon + 1..]))
        }
        _ => (rest, None),
    };
    if tag.is_some_and(|t| t != "latest") || repository.contains('$') {
        return None;
    }
    Some(format!("$CI_REGISTRY_IMAGE{repository}"))
}

/// What follows the project's registry image at the start of `name`.
fn strip_own_registry(name: &str) -> Option<&str> {
    let after = |text: &'_ str, prefixes: &[&str]| -> Option<usize> {
        prefixes
            .iter()
            .find(|p| text.starts_with(*p))
            .map(|p| p.len())
    };
    let len = after(name, OWN_REGISTRY).or_else(|| {
        let registry = after(name, REGISTRY)?;
        let slash = registry + usize::from(name[registry..].starts_with('/'));
        (slash > registry)
            .then(|| after(&name[slash..], PROJECT_PATH))
            .flatten()
            .map(|path| slash + path)
    })?;
    let rest = &name[len..];
    // `$CI_REGISTRY_IMAGE_X` or `$CI_PROJECT_PATH_SLUG` are other variables.
    let continues = rest
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    (!continues).then_some(rest)
}

/// The commands that build, tag or push images, and the words after them
/// that do.
fn pushes(command: &[&str]) -> bool {
    let tool = |word: &str| word.rsplit('/').next().unwrap_or(word).to_owned();
    let Some((first, rest)) = command.split_first() else {
        return false;
    };
    let verbs = rest.iter().filter(|w| !w.starts_with('-'));
    match tool(first).as_str() {
        "docker" | "podman" => verbs
            .take(2)
            .any(|v| matches!(*v, "build" | "push" | "tag")),
        "buildah" => verbs
            .take(1)
            .any(|v| matches!(*v, "bud" | "build" | "push" | "tag" | "commit")),
        "crane" => verbs.take(1).any(|v| {
            matches!(
                *v,
                "push" | "copy" | "cp" | "tag" | "append" | "mutate" | "rebase" | "flatten"
            )
        }),
        // Kaniko's binary, `/kaniko/executor`: what it builds goes to
        // `--destination`.
        "executor" | "kaniko" => rest
            .iter()
            .any(|w| *w == "-d" || w.starts_with("--destination")),
        _ => false,
    }
}

/// The project's `latest` images a script line builds, tags or pushes.
fn pushed(line: &str) -> Vec<String> {
    let mut found = Vec::new();
    for command in line.split(['\n', ';', '|', '&']) {
        let words: Vec<&str> = command
            .split_whitespace()
            .map(|w| w.trim_matches(['"', '\'', '(', ')']))
            .filter(|w| !w.is_empty() && *w != "sudo" && *w != "\\")
            .collect();
        if !pushes(&words) {
            continue;
        }
        let crane_tag =
            words.first().is_some_and(|w| w.ends_with("crane")) && words.get(1) == Some(&"tag");
        for (i, word) in words.iter().enumerate() {
            let word = match word.split_once('=') {
                Some((flag, value)) if flag.starts_with('-') => value,
                _ => word,
            };
            let word = word.trim_matches(['"', '\'']);
            if crane_tag && i == 2 {
                // `crane tag IMAGE TAG` gives IMAGE the tag TAG.
                if words.get(3) == Some(&"latest")
                    && let Some(repository) = strip_own_registry(word).map(|_| {
                        let base = word.split('@').next().unwrap_or(word);
                        match base.rfind(':') {
                            Some(c) if base.rfind('/').is_none_or(|s| c > s) => &base[..c],
                            _ => base,
                        }
                    })
                    && let Some(key) = shared_latest(repository)
                {
                    found.push(key);
                }
                continue;
            }
            if let Some(key) = shared_latest(word) {
                found.push(key);
            }
        }
    }
    found
}

/// Every job image or service of the project's registry under `latest`,
/// saying which other job pushes it.
pub(super) fn check(pipeline: &Pipeline, hits: &mut Vec<Hit>) {
    // Which job pushes which `latest`, where.
    let mut pushers: Vec<(String, &Job, &ScriptLine)> = Vec::new();
    for job in pipeline.jobs() {
        for line in &job.script {
            for key in pushed(&line.text) {
                pushers.push((key, job, line));
            }
        }
    }
    for job in pipeline.jobs() {
        for (image, what) in job_images(job) {
            let Some(key) = shared_latest(&image.expanded) else {
                continue;
            };
            let by: Vec<&(String, &Job, &ScriptLine)> = pushers
                .iter()
                .filter(|(k, pusher, _)| *k == key && pusher.name != job.name)
                .collect();
            let shown = crate::diagnostic::shorten(&image.expanded, 200);
            let how = if image.expanded.ends_with(":latest") {
                "is tagged `latest`"
            } else {
                "has no tag, so it is `latest`"
            };
            let mut message = format!(
                "{what} {shown:?} is the project's own image and {how}, a tag every pipeline \
                 shares: pipelines running at the same time (two branches pushed together) \
                 swap it under each other's jobs"
            );
            let mut names: Vec<&str> = by
                .iter()
                .map(|(_, pusher, _)| pusher.name.as_str())
                .collect();
            names.dedup();
            if !names.is_empty() {
                message.push_str(&format!(
                    "; {} in this pipeline, so this job may run another pipeline's image",
                    match names.as_slice() {
                        [one] => format!("job `{one}` pushes it"),
                        many => format!(
                            "jobs {} push it",
                            many.iter()
                                .map(|n| format!("`{n}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    }
                ));
            }
            let mut hit = Hit::at(
                pipeline,
                &codes::SHARED_LATEST_IMAGE,
                image.name_at,
                message,
            )
            .job(pipeline, job, image.name_at, image.source);
            if let super::cross::FileId::Pipeline(file) = hit.file {
                for (_, pusher, line) in &by {
                    if line.at.file == file
                        && let Some(span) = pipeline.span(line.at)
                    {
                        hit.labels
                            .push((span, format!("`{}` pushes it here", pusher.name)));
                    }
                }
            }
            hit.help = Some(
                "tag it per pipeline ($CI_PIPELINE_IID, $CI_COMMIT_SHA) or by its content (a \
                 digest), and push `latest` only in a final publish job on the default branch"
                    .to_owned(),
            );
            hits.push(hit);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_projects_own_latest() {
        let key = |s| shared_latest(s);
        assert_eq!(
            key("$CI_REGISTRY_IMAGE").as_deref(),
            Some("$CI_REGISTRY_IMAGE")
        );
        assert_eq!(
            key("${CI_REGISTRY_IMAGE}/ci:latest").as_deref(),
            Some("$CI_REGISTRY_IMAGE/ci")
        );
        assert_eq!(
            key("$CI_REGISTRY/$CI_PROJECT_PATH/ci").as_deref(),
            Some("$CI_REGISTRY_IMAGE/ci")
        );
        assert_eq!(
            key("${CI_REGISTRY}/${CI_PROJECT_PATH}:latest").as_deref(),
            Some("$CI_REGISTRY_IMAGE")
        );
        for other in [
            "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA",
            "$CI_REGISTRY_IMAGE/ci:1.0",
            "$CI_REGISTRY_IMAGE@sha256:abc",
            "$CI_REGISTRY_IMAGE_CI:latest",
            "$CI_REGISTRY/$CI_PROJECT_PATH_SLUG:latest",
            "$CI_REGISTRY/other/app:latest",
            "$CI_REGISTRY_IMAGE/$NAME",
            "registry.example.com/app:latest",
        ] {
            assert_eq!(key(other), None, "{other}");
        }
    }

    #[test]
    fn pushes_in_scripts() {
        let one = |line: &str| pushed(line);
        assert_eq!(
            one("docker build -t $CI_REGISTRY_IMAGE/ci ."),
            ["$CI_REGISTRY_IMAGE/ci"]
        );
        assert_eq!(
            one(
                "docker build --tag=\"$CI_REGISTRY_IMAGE/ci:latest\" . && docker push \
                 $CI_REGISTRY_IMAGE/ci:latest"
            ),
            ["$CI_REGISTRY_IMAGE/ci", "$CI_REGISTRY_IMAGE/ci"]
        );
        assert_eq!(
            one("/kaniko/executor --context . --destination ${CI_REGISTRY_IMAGE}:latest"),
            ["$CI_REGISTRY_IMAGE"]
        );
        assert_eq!(
            one("buildah push $CI_REGISTRY_IMAGE"),
            ["$CI_REGISTRY_IMAGE"]
        );
        assert_eq!(
            one("crane tag $CI_REGISTRY_IMAGE/ci:$CI_COMMIT_SHA latest"),
            ["$CI_REGISTRY_IMAGE/ci"]
        );
        assert_eq!(
            one("docker buildx build --push -t $CI_REGISTRY_IMAGE ."),
            ["$CI_REGISTRY_IMAGE"]
        );
        // Pulling or running it is not pushing it.
        assert!(one("docker pull $CI_REGISTRY_IMAGE/ci:latest").is_empty());
        assert!(one("docker run $CI_REGISTRY_IMAGE/ci make").is_empty());
        assert!(one("docker push $CI_REGISTRY_IMAGE/ci:$CI_COMMIT_SHA").is_empty());
    }
}
