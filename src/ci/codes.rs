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
    summary: "the runner's own pull-policy settings fail these jobs, whatever the pipeline \
              says",
    explanation: "An image without a job-level `pull_policy` uses the runner's `pull_policy`, \
                  and every image is checked against the runner's allowed list. When \
                  `config.toml` holds a value the runner does not know, or a `pull_policy` \
                  outside its own `allowed_pull_policies`, those jobs fail before their \
                  script (`common/config.go` `GetPullPolicies`, `GetAllowedPullPolicies`). \
                  The fix is in `config.toml`: `runner-config check` locates it there.",
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
    bad: "build:\n  image:\n    name: node:latest\n    pull_policy: if-not-present\n  \
          script: npm test\n",
    good: "build:\n  image:\n    name: node:22.11\n    pull_policy: if-not-present\n  \
           script: npm test\n",
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
    &UNKNOWN_JOB_PULL_POLICY,
    &INVALID_JOB_IMAGE,
    &STALE_JOB_IMAGE,
    &INVALID_PIPELINE,
    &PIPELINE_SYNTAX_ERROR,
    &INCLUDE_NOT_FOLLOWED,
];
