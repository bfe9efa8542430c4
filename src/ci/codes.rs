//! The codes of `runner-config ci`: what a pipeline's jobs meet on each
//! runner, and what GitLab refuses before any runner sees them.
//!
//! They are plain data, compiled without the `yaml` feature, so the
//! catalogue ([`crate::rules::all`]) is the same in every build.

use crate::{Rule, Severity, Stage};

/// YAML that GitLab cannot parse.
pub static PIPELINE_SYNTAX_ERROR: Rule = Rule {
    code: "pipeline-syntax-error",
    severity: Severity::Error,
    stage: Stage::Job,
    summary: "a pipeline file is not valid YAML",
    explanation: "GitLab parses `.gitlab-ci.yml` and every file it includes before it \
                  creates a pipeline; a file it cannot parse means no pipeline at all, so \
                  no job runs. Nothing in the broken file is checked further.",
    bad: "build:\n  image: ruby:3.3\n  script: [bundle exec rake\n",
    good: "build:\n  image: ruby:3.3\n  script: [bundle exec rake]\n",
};

/// What GitLab refuses in the structure of a pipeline.
pub static INVALID_PIPELINE: Rule = Rule {
    code: "invalid-pipeline",
    severity: Severity::Error,
    stage: Stage::Job,
    summary: "GitLab refuses the pipeline: `extends`, `!reference` or `default:` used wrongly",
    explanation: "GitLab resolves `extends` (`lib/gitlab/ci/config/extendable/entry.rb`: \
                  unknown keys, bases that are not hashes, more than 10 levels, circular \
                  chains), `!reference` tags (`yaml/tags/reference.rb`: `… could not be \
                  found`) and merges the deprecated top-level `image` and `services` into \
                  `default:` (`entry/default.rb`: `… is defined in top-level and \
                  \\`default:\\` entry`) before it creates a pipeline. Each of these errors \
                  refuses the whole pipeline, quoted here in GitLab's words.",
    bad: "build:\n  extends: .bsae\n  script: make\n.base:\n  image: ruby:3.3\n",
    good: "build:\n  extends: .base\n  script: make\n.base:\n  image: ruby:3.3\n",
};

/// A job-level `pull_policy` value that GitLab refuses.
pub static UNKNOWN_JOB_PULL_POLICY: Rule = Rule {
    code: "unknown-job-pull-policy",
    severity: Severity::Error,
    stage: Stage::Job,
    summary: "`image:pull_policy` or a service's `pull_policy` is not `always`, `never` or \
              `if-not-present`",
    explanation: "GitLab accepts exactly `always`, `never` and `if-not-present` in \
                  `.gitlab-ci.yml`, as a string or a non-empty list \
                  (`lib/gitlab/ci/config/entry/pull_policy.rb`). Kubernetes' spellings \
                  (`IfNotPresent`, `Always`) and anything else refuse the pipeline when it \
                  is created, with a message such as `jobs:build:image:pull_policy config \
                  contains unknown values: ifnotpresent` (GitLab writes its messages in \
                  lower case). Hidden jobs are not validated, so a bad value in `.base` \
                  fails each job that extends it.",
    bad: "build:\n  image:\n    name: ruby:3.3\n    pull_policy: IfNotPresent\n  script: make\n",
    good: "build:\n  image:\n    name: ruby:3.3\n    pull_policy: if-not-present\n  script: make\n",
};

/// A job's own policy that the runner's release does not read.
pub static JOB_PULL_POLICY_IGNORED: Rule = Rule {
    code: "job-pull-policy-ignored",
    severity: Severity::Info,
    stage: Stage::Job,
    summary: "the runner's release ignores a job's `pull_policy` (before 15.1 on Docker, \
              15.2 on Kubernetes)",
    explanation: "A job's `image:pull_policy` and a service's `pull_policy` reach the runner \
                  only from GitLab Runner 15.1 on the Docker executors and 15.2 on \
                  Kubernetes, the releases that brought `allowed_pull_policies`. Before \
                  them the executor pulls every image with the `pull_policy` of \
                  `config.toml` alone (`executors/docker/internal/pull/manager.go` \
                  `GetDockerImage` reads only `DockerConfig.GetPullPolicies` in 15.0; \
                  `executors/kubernetes/kubernetes.go` reads only \
                  `Kubernetes.GetPullPolicies` in 15.1). Nothing fails and nothing is \
                  logged: the job's list simply has no effect. Reported when `ci` runs \
                  with `--runner-version` (or a `.runner-config.toml`) naming such a \
                  release; the runner's own policies are then checked in its place.",
    bad: "# runner-version: 15.0\nbuild:\n  image:\n    name: ruby:3.3\n    \
          pull_policy: if-not-present\n  script: make\n",
    good: "# runner-version: 15.0\nbuild:\n  image: ruby:3.3\n  script: make\n",
};

/// A job's own policy that a runner does not allow.
pub static JOB_PULL_POLICY_NOT_ALLOWED: Rule = Rule {
    code: "job-pull-policy-not-allowed",
    severity: Severity::Error,
    stage: Stage::Job,
    summary: "a job asks for a `pull_policy` the runner does not allow: the job fails there",
    explanation: "A job's `image:pull_policy` (or a service's) replaces the runner's \
                  `pull_policy` and is intersected with the runner's allowed list: \
                  `allowed_pull_policies`, or the runner's own `pull_policy` (default \
                  `always` on Docker) when that is unset. When nothing is left the job fails \
                  before its script with `pull_policy ([…]) defined in GitLab pipeline config \
                  is not one of the allowed_pull_policies ([…])` (Docker: \
                  `executors/docker/internal/pull/manager.go` `GetDockerImage`; Kubernetes: \
                  `executors/kubernetes/kubernetes.go` `preparePullManager`). Which runner \
                  takes a job is decided by its tags on the GitLab server, so the finding \
                  names the runner; the job runs on the others.",
    bad: "# config.toml: allowed_pull_policies = [\"always\"]\nbuild:\n  image:\n    \
          name: ruby:3.3\n    pull_policy: if-not-present\n  script: make\n",
    good: "# config.toml: allowed_pull_policies = [\"always\", \"if-not-present\"]\nbuild:\n  \
           image:\n    name: ruby:3.3\n    pull_policy: if-not-present\n  script: make\n",
};

/// A job's list of which the runner drops a part.
pub static JOB_PULL_POLICY_PARTLY_ALLOWED: Rule = Rule {
    code: "job-pull-policy-partly-allowed",
    severity: Severity::Warning,
    stage: Stage::Job,
    summary: "a job's `pull_policy` list is only partly allowed: the runner silently drops \
              the rest",
    explanation: "The runner keeps the entries of the job's list that its allowed list \
                  contains, in the job's order, and drops the others without a word \
                  (`helpers/pull_policies/pull_policies.go` `ComputeEffectivePullPolicies`). \
                  The job runs, but not with the fallback its author wrote: \
                  `[always, if-not-present]` on a runner that allows only `always` never \
                  falls back to a local copy when the registry is down.",
    bad: "# config.toml: allowed_pull_policies = [\"always\"]\nbuild:\n  image:\n    \
          name: ruby:3.3\n    pull_policy: [always, if-not-present]\n  script: make\n",
    good: "# config.toml: allowed_pull_policies = [\"always\"]\nbuild:\n  image:\n    \
           name: ruby:3.3\n    pull_policy: always\n  script: make\n",
};

/// The runner's own settings fail the pipeline's jobs.
pub static RUNNER_FAILS_JOBS: Rule = Rule {
    code: "runner-fails-jobs",
    severity: Severity::Error,
    stage: Stage::Job,
    summary: "the runner's own settings fail these jobs, whatever the pipeline says",
    explanation: "An image without a job-level `pull_policy` uses the runner's `pull_policy`, \
                  and every image is checked against the runner's allowed list. When \
                  `config.toml` holds a value the runner does not know, or a `pull_policy` \
                  outside its own `allowed_pull_policies`, those jobs fail before their \
                  script (`common/config.go` `GetPullPolicies`, `GetAllowedPullPolicies`). \
                  On Kubernetes, the services of `config.toml` are checked against \
                  `allowed_services` like the job's, so one outside the list fails every job \
                  (`executors/kubernetes/kubernetes.go` `verifyAllowedImages`). The fix is \
                  in `config.toml`: `runner-config check` locates it there.",
    bad: "# config.toml: pull_policy = \"IfNotPresent\"\nbuild:\n  image: ruby:3.3\n  \
          script: make\n",
    good: "# config.toml: pull_policy = \"if-not-present\"\nbuild:\n  image: ruby:3.3\n  \
           script: make\n",
};

/// A job image or service that is not a valid reference.
pub static INVALID_JOB_IMAGE: Rule = Rule {
    code: "invalid-job-image",
    severity: Severity::Error,
    stage: Stage::Job,
    summary: "a job's `image` or service `name` is not a valid image reference",
    explanation: "The runner expands the job's variables in the name and hands it to Docker \
                  or Kubernetes as it is. A reference Docker cannot parse (capitals in the \
                  repository name, a tag longer than 128 characters or starting with `.` or \
                  `-`, a malformed digest, spaces) fails the pull with `invalid reference \
                  format`, on every runner. Variables that the pipeline does not define are \
                  kept, and only the literal parts around them are judged.",
    bad: "build:\n  image: Ruby:3.3\n  script: make\n",
    good: "build:\n  image: ruby:3.3\n  script: make\n",
};

/// `:latest` under a policy that keeps local copies, on one runner.
pub static STALE_JOB_IMAGE: Rule = Rule {
    code: "stale-job-image",
    severity: Severity::Warning,
    stage: Stage::Job,
    summary: "a `:latest` or untagged job image runs under `if-not-present` or `never` on \
              this runner: it is never updated",
    explanation: "An image without a tag is pulled as `:latest`. When the policies a job ends \
                  up with on a runner (its own list, filtered by the runner's allowed list, \
                  or the runner's list) include `if-not-present` or `never`, the runner uses \
                  whatever copy the host already has, so `latest` is frozen at the day it was \
                  first pulled, and different hosts run different versions under one name. \
                  Pin a tag or digest.",
    bad: "# config.toml: allowed_pull_policies = [\"always\", \"if-not-present\"]\nbuild:\n  \
          image:\n    name: node:latest\n    pull_policy: if-not-present\n  script: npm test\n",
    good: "# config.toml: allowed_pull_policies = [\"always\", \"if-not-present\"]\nbuild:\n  \
           image:\n    name: node:22.11\n    pull_policy: if-not-present\n  script: npm test\n",
};

/// A job image or service that a runner's allow-list refuses.
pub static JOB_IMAGE_NOT_ALLOWED: Rule = Rule {
    code: "job-image-not-allowed",
    severity: Severity::Error,
    stage: Stage::Job,
    summary: "a job's image or service is not in the runner's `allowed_images` or \
              `allowed_services`: the job fails there",
    explanation: "`allowed_images` and `allowed_services` (in `[runners.docker]` and \
                  `[runners.kubernetes]`) are doublestar globs matched against the name as \
                  the job gives it, after variable expansion and without normalisation \
                  (`library/ruby` is not `ruby`, `docker.io/ruby` is not `ruby`): `*` stays \
                  within one `/`-separated segment, `**` crosses segments only as a whole \
                  segment (`registry.example.com/**`; `/path**` behaves like `/path*`), \
                  `[…]` and `{a,b}` as in the shell. When the list is not empty and no \
                  pattern matches, the job fails before its script with `The \"<image>\" \
                  image is not present on list of allowed images:` (or `services:`) followed \
                  by the list, one pattern per line (`common/allowed_images.go` \
                  `VerifyAllowedImage`). Docker always allows its default `image` as the \
                  build image and the services of `config.toml` as services \
                  (`executors/docker/docker.go` `expandImageName`, `services.go` \
                  `getServicesDefinitions`); Kubernetes allows its expanded `image` and the \
                  helper image's name for both (`executors/kubernetes/kubernetes.go` \
                  `verifyAllowedImages`). The finding names the runner: the job runs on the \
                  others. The message quotes the runner's line, then the list.",
    bad: "# config.toml: allowed_images = [\"ruby:*\"]\nlint:\n  image: node:22\n  \
          script: npm run lint\n",
    good: "# config.toml: allowed_images = [\"ruby:*\", \"node:*\"]\nlint:\n  \
           image: node:22\n  script: npm run lint\n",
};

/// Whether a runner allows an image cannot be known here.
pub static ALLOWED_IMAGE_UNDECIDED: Rule = Rule {
    code: "allowed-image-undecided",
    severity: Severity::Info,
    stage: Stage::Job,
    summary: "whether a runner's `allowed_images` or `allowed_services` admits an image \
              cannot be decided: its name holds variables not known here",
    explanation: "The runner matches `allowed_images` and `allowed_services` against the \
                  image name after expanding the job's variables. Variables the pipeline \
                  does not define (GitLab's predefined ones such as `$CI_REGISTRY_IMAGE`, \
                  project and group variables, a component's `$[[ inputs ]]`) only get their \
                  values when the job runs, so the verdict is left open rather than guessed. \
                  The same holds when the runner's default image, which Docker always \
                  allows, holds such a variable, or when a pattern is too complex to match \
                  here. Define the variable in `variables:` to have it checked.",
    bad: "# config.toml: allowed_images = [\"ruby:*\"]\nlint:\n  image: node:$NODE_VERSION\n  \
          script: npm run lint\n",
    good: "# config.toml: allowed_images = [\"ruby:*\", \"node:*\"]\nvariables:\n  \
           NODE_VERSION: \"22\"\nlint:\n  image: node:$NODE_VERSION\n  script: npm run lint\n",
};

/// Docker-in-Docker without the privileges it needs.
pub static JOB_IMAGE_UNPRIVILEGED: Rule = Rule {
    code: "job-image-unprivileged",
    severity: Severity::Warning,
    stage: Stage::Job,
    summary: "a container the runner would run privileged runs without privileges: it is \
              outside `allowed_privileged_images` or `allowed_privileged_services`",
    explanation: "With `privileged = true` (for services: `services_privileged`, else \
                  `privileged`), a non-empty `allowed_privileged_images` or \
                  `allowed_privileged_services` limits privileges to the containers whose \
                  image matches one of its doublestar globs; the others run without \
                  privileges and the job goes on (`executors/docker/docker.go` \
                  `isInAllowedPrivilegedImages`, `createHostConfigForService`). The build \
                  container is matched by the job's own `image:` name, which is empty when \
                  the job uses the runner's default image, so default-image jobs run \
                  unprivileged even when the list names that image. A Docker-in-Docker \
                  daemon (an image whose name contains `dind`) then fails to start, and the \
                  job breaks later with a confusing error such as `Cannot connect to the \
                  Docker daemon`. Reported for Docker-in-Docker images and for jobs using a \
                  default image that the list names; other images outside the list are \
                  what the list is for.",
    bad: "# config.toml: privileged = true, allowed_privileged_services = [\"docker:*-dind\"]\n\
          build:\n  image: docker:27\n  services: [docker:dind]\n  script: docker build .\n",
    good: "# config.toml: privileged = true, allowed_privileged_services = [\"docker:*-dind\"]\n\
           build:\n  image: docker:27\n  services: [docker:27-dind]\n  script: docker build .\n",
};

/// An image name built from a variable that may not fit a reference.
pub static UNSAFE_IMAGE_VARIABLE: Rule = Rule {
    code: "unsafe-image-variable",
    severity: Severity::Warning,
    stage: Stage::Job,
    summary: "an image name takes a part from a variable that may make it invalid: a \
              branch, tag, job or environment name, an empty value, or a project path with \
              capitals",
    explanation: "A Docker tag is at most 128 ASCII letters, digits, `_`, `.` and `-`, not \
                  starting with `.` or `-`, and a repository path is lowercase. GitLab's \
                  branch, tag, job and environment names (`$CI_COMMIT_REF_NAME`, \
                  `$CI_COMMIT_BRANCH`, `$CI_COMMIT_TAG`, `$CI_DEFAULT_BRANCH`, \
                  `$CI_MERGE_REQUEST_SOURCE_BRANCH_NAME`, \
                  `$CI_MERGE_REQUEST_TARGET_BRANCH_NAME`, `$CI_JOB_NAME` — `build 1/3` with \
                  `parallel:` —, `$CI_ENVIRONMENT_NAME`) may hold `/`, capitals, spaces or \
                  more characters than that; `$CI_COMMIT_TAG` is empty on branch pipelines, \
                  `$CI_COMMIT_BRANCH` on tag pipelines, `$CI_MERGE_REQUEST_*` outside merge \
                  requests; `$CI_PROJECT_NAME`, `$CI_PROJECT_NAMESPACE`, `$CI_PROJECT_PATH` \
                  and `$CI_PROJECT_ROOT_NAMESPACE` keep the project's capitals. The runner \
                  expands them into the name as they are (`executors/docker/docker.go` \
                  `expandImageName`; the default `image` of `config.toml` with the job's \
                  variables and the runner's `environment`), so the job works on `main` and \
                  fails on `feature/login` with `invalid reference format`. Each variable is \
                  reported where its worst value makes the reference invalid. The slugs \
                  (`$CI_COMMIT_REF_SLUG`, `$CI_JOB_NAME_SLUG`, `$CI_ENVIRONMENT_SLUG`: \
                  lowercase `[a-z0-9-]`, at most 63 bytes), `$CI_COMMIT_SHA`, \
                  `$CI_COMMIT_SHORT_SHA`, `$CI_PIPELINE_ID`, `$CI_PIPELINE_IID`, \
                  `$CI_REGISTRY_IMAGE` and `$CI_PROJECT_PATH_SLUG` always fit.",
    bad: "test:\n  image: $CI_REGISTRY_IMAGE/ci:$CI_COMMIT_REF_NAME\n  script: make test\n",
    good: "test:\n  image: $CI_REGISTRY_IMAGE/ci:$CI_COMMIT_REF_SLUG\n  script: make test\n",
};

/// The project's own image under a tag every pipeline shares.
pub static SHARED_LATEST_IMAGE: Rule = Rule {
    code: "shared-latest-image",
    severity: Severity::Warning,
    stage: Stage::Job,
    summary: "a job runs the project's own image as `:latest` (or untagged): concurrent \
              pipelines swap it under each other's jobs",
    explanation: "A pipeline that builds `$CI_REGISTRY_IMAGE/…:latest` in one stage and runs \
                  jobs on it in the next works only while one pipeline runs at a time: two \
                  branches pushed together each push `latest`, and each one's later jobs run \
                  whichever image was pushed last. It does not depend on a runner (where a \
                  runner's pull policy also keeps local copies, `stale-job-image` says so \
                  too). Tag the image per pipeline (`$CI_PIPELINE_IID`, `$CI_COMMIT_SHA`) or \
                  by content (a digest), and keep `:latest` for a final publish step on the \
                  default branch. Images of `$CI_REGISTRY_IMAGE` or \
                  `$CI_REGISTRY/$CI_PROJECT_PATH` are the project's own; the finding says \
                  which job of the pipeline pushes the same reference (`docker build -t`, \
                  `docker push`, `docker tag`, `podman`, `buildah`, kaniko's \
                  `--destination`, `crane`).",
    bad: "build:\n  stage: build\n  script: docker build -t $CI_REGISTRY_IMAGE/ci . && \
          docker push $CI_REGISTRY_IMAGE/ci\ntest:\n  stage: test\n  \
          image: $CI_REGISTRY_IMAGE/ci:latest\n  script: make test\n",
    good: "build:\n  stage: build\n  script: docker build -t $CI_REGISTRY_IMAGE/ci:$CI_PIPELINE_IID \
           . && docker push $CI_REGISTRY_IMAGE/ci:$CI_PIPELINE_IID\ntest:\n  stage: test\n  \
           image: $CI_REGISTRY_IMAGE/ci:$CI_PIPELINE_IID\n  script: make test\n",
};

/// An include that cannot be read here.
pub static INCLUDE_NOT_FOLLOWED: Rule = Rule {
    code: "include-not-followed",
    severity: Severity::Info,
    stage: Stage::Silent,
    summary: "an `include:` was not followed: jobs and defaults it adds are not checked",
    explanation: "`include: local:` files are read from the repository (relative to its \
                  root, globs included). Includes of another project, a remote URL, a \
                  GitLab template, a CI/CD component or a job artifact live on a GitLab \
                  server, which `runner-config ci` does not contact; a local file that \
                  cannot be read is not followed either. The rest of the pipeline is \
                  checked, but jobs, `default:` values and variables from these files are \
                  missing, so a job that extends one of their templates may be judged \
                  without it.",
    bad: "include:\n  - project: my-group/ci-templates\n    file: /docker.yml\n",
    good: "include:\n  - local: ci/docker.yml\n",
};

/// Every code of `ci`, in the order `rules` lists them.
pub static RULES: &[&Rule] = &[
    &JOB_PULL_POLICY_NOT_ALLOWED,
    &JOB_PULL_POLICY_PARTLY_ALLOWED,
    &RUNNER_FAILS_JOBS,
    &JOB_PULL_POLICY_IGNORED,
    &UNKNOWN_JOB_PULL_POLICY,
    &JOB_IMAGE_NOT_ALLOWED,
    &ALLOWED_IMAGE_UNDECIDED,
    &JOB_IMAGE_UNPRIVILEGED,
    &INVALID_JOB_IMAGE,
    &UNSAFE_IMAGE_VARIABLE,
    &STALE_JOB_IMAGE,
    &SHARED_LATEST_IMAGE,
    &INVALID_PIPELINE,
    &PIPELINE_SYNTAX_ERROR,
    &INCLUDE_NOT_FOLLOWED,
];
