//! CI/CD variables as the runner expands them in image names.
//!
//! The runner expands each variable's value once against the others' raw
//! values (`JobVariables.Expand`), then the image name once against those
//! expanded values (`ExpandValue`, `executors/docker/docker.go`
//! `expandImageName`). A variable the pipeline does not define (GitLab's
//! predefined ones, project and group variables) is unknown here: it is
//! kept as written, never replaced by an empty string. A variable whose
//! name says it holds a credential is never expanded, so its value cannot
//! reach a report.

/// One variable: its value, and whether the runner expands variables in it
/// (`expand: false` makes it raw).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Variable {
    pub(crate) name: String,
    pub(crate) value: String,
    pub(crate) raw: bool,
}

/// A runner's `environment` entries (`NAME=value`) as variables; the
/// runner drops an entry without `=` (`common/config.go`
/// `GetVariables`).
pub(crate) fn runner_environment(entries: &[String]) -> Vec<Variable> {
    entries
        .iter()
        .filter_map(|entry| {
            let (name, value) = entry.split_once('=')?;
            Some(Variable {
                name: name.to_owned(),
                value: value.to_owned(),
                raw: false,
            })
        })
        .collect()
}

/// The variables a job sees: the pipeline's, then the job's own, a later
/// definition winning.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Variables {
    expanded: Vec<(String, String)>,
}

impl Variables {
    /// Expands each value once against the raw values of all, as the
    /// runner does before it expands an image name.
    pub(crate) fn new(all: &[Variable]) -> Self {
        let lookup = |name: &str| {
            all.iter()
                .rev()
                .find(|v| v.name == name)
                .filter(|v| !looks_secret(&v.name))
                .map(|v| v.value.clone())
        };
        let mut expanded: Vec<(String, String)> = Vec::new();
        for variable in all {
            if looks_secret(&variable.name) {
                continue;
            }
            let value = if variable.raw {
                variable.value.clone()
            } else {
                expand(&variable.value, &lookup)
            };
            match expanded.iter_mut().find(|(n, _)| *n == variable.name) {
                Some(entry) => entry.1 = value,
                None => expanded.push((variable.name.clone(), value)),
            }
        }
        Self { expanded }
    }

    /// `text` with the variables known here expanded once.
    pub(crate) fn expand(&self, text: &str) -> String {
        expand(text, &|name: &str| {
            self.expanded
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
        })
    }
}

/// Replaces `$NAME` and `${NAME}` (`NAME` of ASCII letters, digits and
/// `_`) by `lookup`'s value, keeping the reference when it has none.
fn expand(text: &str, lookup: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(dollar) = rest.find('$') {
        out.push_str(&rest[..dollar]);
        let after = &rest[dollar + 1..];
        let is_name = |c: char| c.is_ascii_alphanumeric() || c == '_';
        let (name, written) = if let Some(braced) = after.strip_prefix('{') {
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
        let reference = &rest[dollar..dollar + written];
        match (!name.is_empty()).then(|| lookup(name)).flatten() {
            Some(value) => out.push_str(&value),
            None => out.push_str(reference),
        }
        rest = &rest[dollar + written..];
    }
    out.push_str(rest);
    out
}

/// Whether a variable's name says it holds a credential: tokens,
/// passwords, keys, Docker's `DOCKER_AUTH_CONFIG`, kubeconfigs. Erring on
/// the side of secrecy costs only an unexpanded name.
pub(crate) fn looks_secret(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [
        "token",
        "password",
        "passwd",
        "secret",
        "auth",
        "credential",
        "private",
        "apikey",
        "api_key",
        "access_key",
        "accesskey",
        "kubeconfig",
        "cert",
        "passphrase",
    ]
    .iter()
    .any(|w| lower.contains(w))
        || lower.ends_with("_key")
        || lower == "key"
        || lower.ends_with("_pat")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn var(name: &str, value: &str) -> Variable {
        Variable {
            name: name.into(),
            value: value.into(),
            raw: false,
        }
    }

    #[test]
    fn expands_once_and_keeps_unknown_variables() {
        let vars = Variables::new(&[
            var("REGISTRY", "registry.example.com"),
            var("IMAGE", "$REGISTRY/app"),
            var("TAG", "${VERSION}-slim"),
            var("DEEP", "$IMAGE"),
        ]);
        assert_eq!(vars.expand("$IMAGE:1"), "registry.example.com/app:1");
        assert_eq!(
            vars.expand("${IMAGE}:$TAG"),
            "registry.example.com/app:${VERSION}-slim"
        );
        // One level inside variables, as the runner: `$DEEP` gives `$REGISTRY/app`.
        assert_eq!(vars.expand("$DEEP"), "$REGISTRY/app");
        assert_eq!(
            vars.expand("$CI_REGISTRY_IMAGE/x:$"),
            "$CI_REGISTRY_IMAGE/x:$"
        );
        assert_eq!(vars.expand("${broken"), "${broken");
    }

    #[test]
    fn later_definitions_win_and_raw_values_stay() {
        let mut raw = var("RAW", "$REGISTRY");
        raw.raw = true;
        let vars = Variables::new(&[var("REGISTRY", "a.io"), var("REGISTRY", "b.io"), raw]);
        assert_eq!(vars.expand("$REGISTRY/$RAW"), "b.io/$REGISTRY");
    }

    #[test]
    fn credentials_are_never_expanded() {
        let vars = Variables::new(&[
            var("REGISTRY_PASSWORD", "hunter2"),
            var("DOCKER_AUTH_CONFIG", "{}"),
            var("IMAGE", "x/$REGISTRY_PASSWORD"),
        ]);
        assert_eq!(vars.expand("$REGISTRY_PASSWORD"), "$REGISTRY_PASSWORD");
        assert_eq!(vars.expand("$IMAGE"), "x/$REGISTRY_PASSWORD");
        assert!(looks_secret("CI_JOB_TOKEN") && looks_secret("DEPLOY_KEY"));
        assert!(!looks_secret("RUBY_VERSION") && !looks_secret("IMAGE_TAG"));
    }
}
