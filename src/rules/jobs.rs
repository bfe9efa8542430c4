//! Settings every job trips over before its script runs: an executor
//! without the section (or the key) it needs, and a `builds_dir` the
//! Docker executors refuse.

use crate::check::Mode;
use crate::load::Loaded;
use crate::model::{Config, Executor, Runner};
use crate::{Diagnostic, Rule, Severity, Stage};

use super::locate;

/// An executor without its section or a key it needs.
pub(crate) static EXECUTOR_NOT_CONFIGURED: Rule = Rule {
    code: "executor-not-configured",
    severity: Severity::Error,
    stage: Stage::Job,
    summary: "the executor's own section, or a key it needs, is missing",
    explanation: "Most executors need a section of their own, and refuse to work without \
                  it. The Docker executors fail every job with `missing docker configuration` \
                  when `[runners.docker]` is absent (Docker executor `Prepare`); `ssh` needs \
                  `[runners.ssh]` (`missing SSH configuration`); `parallels` and `virtualbox` \
                  need their section with `base_name`, and `[runners.ssh]`; `custom` needs \
                  `[runners.custom]` with `run_exec` (`custom executor is missing RunExec`) \
                  and, unless `config_exec` returns them, `builds_dir` and `cache_dir`, which \
                  it has no default for (`the builds_dir is not configured`); \
                  `docker-autoscaler` with `[runners.autoscaler.vm_isolation]` enabled needs \
                  its `image` (`no nesting VM image specified to run the job in`). \
                  `docker+machine` without `[runners.machine] MachineName` and \
                  `docker-autoscaler` or `instance` without `[runners.autoscaler]` cannot \
                  even acquire a host, so the entry never asks for a job (`missing Machine \
                  options`, `executor requires autoscaler config`). `gitlab-runner register` \
                  writes these sections; a registration template (`check --template`) may \
                  leave them to it.",
    bad: "[[runners]]\nurl = \"https://gitlab.example.com\"\nexecutor = \"docker\"\n",
    good: "[[runners]]\nurl = \"https://gitlab.example.com\"\nexecutor = \"docker\"\n\
           [runners.docker]\nimage = \"alpine:3.19\"\n",
};

/// `builds_dir` relative, or `/`, on a Docker executor.
pub(crate) static INVALID_DOCKER_BUILDS_DIR: Rule = Rule {
    code: "invalid-docker-builds-dir",
    severity: Severity::Error,
    stage: Stage::Job,
    summary: "`builds_dir` on a Docker executor is relative or the root directory",
    explanation: "The Docker executors check `builds_dir` before every job against the \
                  container's platform (`executor.prepareBuildsDir`, \
                  `volumes.IsHostMountedVolume`): it must be absolute (`build directory \
                  needs to be an absolute path`) and must not be the root directory (`build \
                  directory needs to be a non-root path`), or the job fails with a \
                  configuration error. The value is used as written: `~` and `$VARIABLES` \
                  are not expanded.",
    bad: "[[runners]]\nexecutor = \"docker\"\nbuilds_dir = \"builds\"\n\
          [runners.docker]\nimage = \"alpine:3.19\"\n",
    good: "[[runners]]\nexecutor = \"docker\"\nbuilds_dir = \"/builds\"\n\
           [runners.docker]\nimage = \"alpine:3.19\"\n",
};

/// A relative `[runners.docker] cache_dir`, which the Docker daemon refuses
/// as a bind mount's source.
pub(crate) static RELATIVE_DOCKER_CACHE_DIR: Rule = Rule {
    code: "relative-docker-cache-dir",
    severity: Severity::Error,
    stage: Stage::Job,
    summary: "`[runners.docker] cache_dir` is a relative path: jobs that keep a cache volume \
              fail",
    explanation: "With `[runners.docker] cache_dir` set and `disable_cache` off, the runner \
                  keeps each cache volume (the `volumes` entries without a host path, such \
                  as `/cache`, and the builds directory of jobs with `GIT_STRATEGY: fetch`, \
                  GitLab's default) as a host directory below it, bound into the container \
                  (`executors/docker/internal/volumes/manager.go` \
                  `createHostBasedCacheVolume`). The path is joined as written, so a \
                  relative `cache_dir` gives a relative bind source, which the Docker \
                  daemon takes for a volume name and refuses: the job fails before its \
                  script with `\"cache/runner-…\" includes invalid characters for a local \
                  volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you \
                  intended to pass a host directory, use absolute path.` The `docker` \
                  command line resolves relative paths itself since Docker 23.0, but the \
                  runner talks to the daemon's API.",
    bad: "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\nimage = \"alpine:3.19\"\n\
          cache_dir = \"cache\"\nvolumes = [\"/cache\"]\n",
    good: "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\nimage = \"alpine:3.19\"\n\
           cache_dir = \"/srv/gitlab-runner/cache\"\nvolumes = [\"/cache\"]\n",
};

/// Whether a Linux Docker executor binds cache volumes below a relative
/// `[runners.docker] cache_dir` (see [`RELATIVE_DOCKER_CACHE_DIR`]).
pub(crate) fn relative_docker_cache_dir(runner: &crate::model::Runner) -> Option<&str> {
    let linux_docker = matches!(
        runner.executor,
        Some(Executor::Docker | Executor::DockerMachine | Executor::DockerAutoscaler)
    );
    let docker = runner.docker.as_ref().filter(|_| linux_docker)?;
    if docker.disable_cache == Some(true) {
        return None;
    }
    docker.cache_dir.as_deref().filter(|dir| {
        !dir.is_empty() && !dir.starts_with('/') && !dir.starts_with('$') && !dir.contains("{{")
    })
}

/// One missing piece: the key path it belongs at, the runner's error, and
/// whether the entry never polls (rather than failing every job).
struct Missing {
    /// The section (`docker`, `autoscaler.vm_isolation`) or key
    /// (`machine.MachineName`, `builds_dir`), relative to the runner.
    path: &'static str,
    /// Whether `path` names a section rather than a key.
    section: bool,
    error: &'static str,
    never_polls: bool,
}

/// A section the executor needs (`docker`), or a key in one
/// (`machine.MachineName`).
fn missing(path: &'static str, error: &'static str, never_polls: bool) -> Missing {
    Missing {
        path,
        section: !path.contains('.'),
        error,
        never_polls,
    }
}

/// A key of the runner entry the executor needs, with no default.
const fn missing_key(path: &'static str, error: &'static str, never_polls: bool) -> Missing {
    Missing {
        path,
        section: false,
        error,
        never_polls,
    }
}

/// Whether a string key is unset or empty.
fn blank(value: Option<&String>) -> bool {
    value.is_none_or(|v| v.is_empty())
}

/// What `executor` needs and `runner` lacks, in the order the runner
/// checks it.
fn lacking(executor: Executor, runner: &Runner) -> Vec<Missing> {
    let mut out = Vec::new();
    let docker = || missing("docker", "missing docker configuration", false);
    match executor {
        Executor::Docker | Executor::DockerWindows => {
            if runner.docker.is_none() {
                out.push(docker());
            }
        }
        Executor::DockerMachine => {
            if blank(
                runner
                    .machine
                    .as_ref()
                    .and_then(|m| m.machine_name.as_ref()),
            ) {
                let path = if runner.machine.is_some() {
                    "machine.MachineName"
                } else {
                    "machine"
                };
                out.push(missing(path, "missing Machine options", true));
            }
            if runner.docker.is_none() {
                out.push(docker());
            }
        }
        Executor::DockerAutoscaler | Executor::Instance => {
            if runner.autoscaler.is_none() {
                out.push(missing(
                    "autoscaler",
                    "executor requires autoscaler config",
                    true,
                ));
            }
            if executor == Executor::DockerAutoscaler && runner.docker.is_none() {
                out.push(docker());
            }
            // Nested VM isolation needs the image to start (`no nesting VM
            // image specified`). On `instance` a job's own `image:` names
            // it, so only jobs without one fail: left alone there.
            let isolation = runner
                .autoscaler
                .as_ref()
                .and_then(|a| a.vm_isolation.as_ref());
            if executor == Executor::DockerAutoscaler
                && isolation.is_some_and(|v| v.enabled == Some(true) && blank(v.image.as_ref()))
            {
                out.push(missing(
                    "autoscaler.vm_isolation.image",
                    "no nesting VM image specified to run the job in",
                    false,
                ));
            }
        }
        Executor::Ssh => {
            if runner.ssh.is_none() {
                out.push(missing("ssh", "missing SSH configuration", false));
            }
        }
        Executor::Parallels => {
            match runner.parallels.as_ref() {
                None => out.push(missing(
                    "parallels",
                    "missing Parallels configuration",
                    false,
                )),
                Some(p) if blank(p.base_name.as_ref()) => out.push(missing(
                    "parallels.base_name",
                    "missing BaseName setting from Parallels configuration",
                    false,
                )),
                Some(_) => {}
            }
            if runner.ssh.is_none() {
                out.push(missing("ssh", "missing SSH configuration", false));
            }
        }
        Executor::Virtualbox => {
            match runner.virtualbox.as_ref() {
                None => out.push(missing(
                    "virtualbox",
                    "missing VirtualBox configuration",
                    false,
                )),
                Some(v) if blank(v.base_name.as_ref()) => out.push(missing(
                    "virtualbox.base_name",
                    "missing BaseName setting from VirtualBox configuration",
                    false,
                )),
                Some(_) => {}
            }
            if runner.ssh.is_none() {
                out.push(missing("ssh", "missing SSH config", false));
            }
        }
        Executor::Custom => match runner.custom.as_ref() {
            None => out.push(missing("custom", "custom executor not configured", false)),
            Some(custom) => {
                if blank(custom.run_exec.as_ref()) {
                    out.push(missing(
                        "custom.run_exec",
                        "custom executor is missing RunExec",
                        false,
                    ));
                }
                // The custom executor has no default directories; only
                // `config_exec` can give them at run time
                // (`executors/custom/executor.go` `prepareConfig`).
                if blank(custom.config_exec.as_ref()) {
                    if blank(runner.builds_dir.as_ref()) {
                        out.push(missing_key(
                            "builds_dir",
                            "the builds_dir is not configured",
                            false,
                        ));
                    }
                    if blank(runner.cache_dir.as_ref()) {
                        out.push(missing_key(
                            "cache_dir",
                            "the cache_dir is not configured",
                            false,
                        ));
                    }
                }
            }
        },
        // The shell executor needs nothing; the Kubernetes executor reads
        // `[runners.kubernetes]` without checking that it is there.
        Executor::Shell | Executor::Kubernetes => {}
    }
    out
}

/// Why the Docker executors refuse `dir` as `builds_dir`, if they do.
/// `windows` is the container platform of `docker-windows`; the other
/// Docker executors may run Linux or Windows containers, so a Windows path
/// is given the benefit of the doubt there.
fn builds_dir_refusal(dir: &str, windows: bool) -> Option<&'static str> {
    const RELATIVE: &str = "build directory needs to be an absolute path";
    const ROOT: &str = "build directory needs to be a non-root path";
    let bytes = dir.as_bytes();
    let drive = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
    let sep = |b: u8| b == b'/' || b == b'\\';
    if windows {
        // Go's `filepath.IsAbs` on Windows: a drive and a separator, or a
        // UNC path; `\builds` has no volume and is relative.
        let unc = bytes.len() >= 2 && sep(bytes[0]) && sep(bytes[1]);
        if unc {
            return None;
        }
        if !(drive && bytes.len() >= 3 && sep(bytes[2])) {
            return Some(RELATIVE);
        }
        return bytes[3..]
            .iter()
            .all(|&b| sep(b) || b == b'.')
            .then_some(ROOT);
    }
    if drive {
        return None;
    }
    if !dir.starts_with('/') {
        return Some(RELATIVE);
    }
    // `path.Clean` reduces these to `/`.
    let root = dir
        .split('/')
        .all(|part| part.is_empty() || part == "." || part == "..");
    root.then_some(ROOT)
}

/// Runs the job-failure rules. A registration template gets the
/// executor's section from registration, so only `builds_dir` is checked
/// there.
pub fn run(loaded: &Loaded<Config>, mode: Mode, out: &mut Vec<Diagnostic>) {
    let spans = loaded.spans();
    for (i, runner) in loaded.best_effort().runners.iter().enumerate() {
        let Some(executor) = runner.executor else {
            continue;
        };
        let executor_at = locate(spans, &format!("runners[{i}].executor"));
        if mode == Mode::Config {
            for gap in lacking(executor, runner) {
                let path = format!("runners[{i}].{}", gap.path);
                let (what, add, at) = if gap.section {
                    (
                        format!("no `[runners.{}]` section", gap.path),
                        format!("a `[runners.{}]` section", gap.path),
                        executor_at.clone(),
                    )
                } else {
                    match gap.path.rsplit_once('.') {
                        Some((section, key)) => (
                            format!("`[runners.{section}]` has no `{key}`"),
                            format!("`{key}` to `[runners.{section}]`"),
                            locate(spans, &path),
                        ),
                        None => (
                            format!("no `{}`", gap.path),
                            format!("`{}` to the `[[runners]]` entry", gap.path),
                            executor_at.clone(),
                        ),
                    }
                };
                let outcome = if gap.never_polls {
                    "this entry never takes a job"
                } else {
                    "every job fails"
                };
                let mut finding = Diagnostic::new(
                    &EXECUTOR_NOT_CONFIGURED,
                    format!(
                        "{what} for the `{}` executor: {outcome} (`{}`)",
                        executor.as_str(),
                        gap.error
                    ),
                )
                .at_opt(at)
                .key(&path)
                .help(format!(
                    "add {add} (`gitlab-runner register` writes it), or set the `executor` this \
                     entry is for"
                ));
                if let Some(span) = executor_at.clone() {
                    finding = finding.label(span, "the executor");
                }
                out.push(finding);
            }
        }
        if let Some(dir) = relative_docker_cache_dir(runner) {
            let path = format!("runners[{i}].docker.cache_dir");
            let shown = crate::diagnostic::shorten(dir, 400);
            let mut finding = Diagnostic::new(
                &RELATIVE_DOCKER_CACHE_DIR,
                format!(
                    "`cache_dir` {shown:?} is relative: the Docker daemon refuses it as a bind \
                     source, so jobs that keep a cache volume fail (`GIT_STRATEGY: fetch`, \
                     `volumes` without a host path)"
                ),
            )
            .at_opt(locate(spans, &path))
            .key(&path)
            .help(format!(
                "write an absolute path on the Docker host, such as \"/srv/gitlab-runner/{}\", \
                 or remove `cache_dir` to keep caches in Docker volumes",
                dir.trim_start_matches("./").trim_start_matches('/')
            ));
            if let Some(span) = executor_at.clone() {
                finding = finding.label(span, "a Docker executor");
            }
            out.push(finding);
        }
        if executor.pull_manager() != Some(crate::policy::PolicyExecutor::Docker) {
            continue;
        }
        let Some(dir) = runner.builds_dir.as_deref() else {
            continue;
        };
        // Another tool renders `{{ … }}` before the runner reads the file;
        // `""` means the executor's default.
        if dir.is_empty() || dir.contains("{{") {
            continue;
        }
        let Some(refused) = builds_dir_refusal(dir, executor == Executor::DockerWindows) else {
            continue;
        };
        let path = format!("runners[{i}].builds_dir");
        let shown = crate::diagnostic::shorten(dir, 400);
        let help = if refused.contains("non-root") {
            "use a directory below the root, such as \"/builds\"".to_owned()
        } else if executor == Executor::DockerWindows {
            "write a full Windows path, such as \"C:\\\\builds\"".to_owned()
        } else {
            format!(
                "write an absolute path inside the container, such as \"/{}\"",
                dir.trim_start_matches("./")
                    .trim_start_matches('~')
                    .trim_start_matches('/')
            )
        };
        let mut finding = Diagnostic::new(
            &INVALID_DOCKER_BUILDS_DIR,
            format!(
                "`builds_dir` {shown:?} on the `{}` executor: every job fails with `{refused}`",
                executor.as_str()
            ),
        )
        .at_opt(locate(spans, &path))
        .key(path)
        .help(help);
        if let Some(span) = executor_at {
            finding = finding.label(span, "a Docker executor");
        }
        out.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_dir_as_the_docker_executors_check_it() {
        assert_eq!(builds_dir_refusal("/builds", false), None);
        assert_eq!(builds_dir_refusal("C:\\builds", false), None);
        assert!(builds_dir_refusal("builds", false).is_some_and(|e| e.contains("absolute")));
        assert!(builds_dir_refusal("~/builds", false).is_some_and(|e| e.contains("absolute")));
        assert!(builds_dir_refusal("$HOME/b", false).is_some_and(|e| e.contains("absolute")));
        for root in ["/", "//", "/./", "/.."] {
            assert!(
                builds_dir_refusal(root, false).is_some_and(|e| e.contains("non-root")),
                "{root}"
            );
        }
        assert_eq!(builds_dir_refusal("C:\\builds", true), None);
        assert_eq!(builds_dir_refusal("\\\\server\\share\\b", true), None);
        assert!(builds_dir_refusal("\\builds", true).is_some_and(|e| e.contains("absolute")));
        assert!(builds_dir_refusal("/builds", true).is_some_and(|e| e.contains("absolute")));
        assert!(builds_dir_refusal("C:\\", true).is_some_and(|e| e.contains("non-root")));
    }
}
