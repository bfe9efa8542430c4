//! Where else a key exists: the index behind "`pull_policy` belongs in
//! `[runners.docker]`" and the short list of keys the runner removed or
//! never read from `config.toml`.

use std::collections::HashMap;

use crate::model::shape::{Shape, TableDef};

/// One table in which a key is read.
#[derive(Debug, Clone)]
pub(crate) struct Location {
    /// Dotted path of the table without array positions (`runners.docker`;
    /// empty for the top level).
    pub(crate) path: String,
    /// Whether the table is an item of an array of tables (`[[runners]]`).
    pub(crate) array: bool,
    /// The key's canonical spelling there.
    pub(crate) key: &'static str,
    /// Whether the key holds a credential there.
    pub(crate) secret: bool,
    /// What the key takes there.
    pub(crate) shape: &'static Shape,
}

impl Location {
    /// The header a user writes for the table: `[runners.docker]`,
    /// `[[runners]]`, or "the top level".
    pub(crate) fn header(&self) -> String {
        header(&self.path, self.array)
    }
}

/// The header for a table path: `[[runners]]`, `[runners.docker]`, or
/// `the top level` for the root.
pub(crate) fn header(path: &str, array: bool) -> String {
    match (path.is_empty(), array) {
        (true, _) => "the top level".to_owned(),
        (false, true) => format!("`[[{path}]]`"),
        (false, false) => format!("`[{path}]`"),
    }
}

/// Where a table is, for a sentence: "in `[runners.docker]`" or "at the
/// top level".
pub(crate) fn place(path: &str, array: bool) -> String {
    if path.is_empty() {
        "at the top level".to_owned()
    } else {
        format!("in {}", header(path, array))
    }
}

/// Every key of a definition tree, by lower-cased name.
#[derive(Debug, Default)]
pub(crate) struct KeyLocations {
    by_folded: HashMap<String, Vec<Location>>,
}

/// Deep enough for every real table (the Kubernetes affinity rules nest
/// nine levels); a guard against a definition that contains itself.
const MAX_DEPTH: usize = 24;

impl KeyLocations {
    /// Walks `root` and every table reachable from it.
    pub(crate) fn build(root: &'static TableDef) -> Self {
        let mut this = Self::default();
        let mut path = String::new();
        this.add_table(root, &mut path, false, 0);
        this
    }

    fn add_table(&mut self, def: &'static TableDef, path: &mut String, array: bool, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        for key in def.keys {
            self.by_folded
                .entry(key.name.to_lowercase())
                .or_default()
                .push(Location {
                    path: path.clone(),
                    array,
                    key: key.name,
                    secret: key.secret,
                    shape: key.shape,
                });
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(key.name);
            self.add_shape(key.shape, path, depth);
            path.truncate(len);
        }
    }

    fn add_shape(&mut self, shape: &'static Shape, path: &mut String, depth: usize) {
        match shape {
            Shape::Table(def) => self.add_table(def, path, false, depth + 1),
            Shape::Array(Shape::Table(def)) => self.add_table(def, path, true, depth + 1),
            Shape::Map(inner) => {
                let len = path.len();
                path.push_str(".<name>");
                self.add_shape(inner, path, depth + 1);
                path.truncate(len);
            }
            _ => {}
        }
    }

    /// The tables where a key of this name (compared case-insensitively,
    /// as the runner does) is read.
    pub(crate) fn find(&self, name: &str) -> &[Location] {
        self.by_folded
            .get(&name.to_lowercase())
            .map_or(&[], Vec::as_slice)
    }
}

/// The sections of a runner that an executor reads, in order of
/// relevance.
pub(crate) fn executor_sections(executor: &str) -> &'static [&'static str] {
    match executor {
        "docker" | "docker-windows" => &["docker"],
        "docker+machine" => &["docker", "machine"],
        "docker-autoscaler" => &["docker", "autoscaler"],
        "instance" => &["autoscaler"],
        "kubernetes" => &["kubernetes"],
        "ssh" => &["ssh"],
        "parallels" => &["parallels"],
        "virtualbox" => &["virtualbox"],
        "custom" => &["custom"],
        _ => &[],
    }
}

/// Whether a section of a runner belongs to one executor or another.
pub(crate) fn is_executor_section(section: &str) -> bool {
    EXECUTOR_SECTIONS.contains(&section)
}

/// The sections of a runner that belong to one executor or another.
const EXECUTOR_SECTIONS: &[&str] = &[
    "docker",
    "kubernetes",
    "machine",
    "autoscaler",
    "ssh",
    "parallels",
    "virtualbox",
    "custom",
    "instance",
];

/// Orders the tables where a misplaced key is read, most likely first,
/// and keeps the ones worth naming.
///
/// The nearest table in the tree of tables wins (`limit` in
/// `[runners.kubernetes]` is one step from `[[runners]]`); among equally
/// near ones, an enclosing table beats one further in (`environment` in
/// `[runners.docker]` is a runner key, not a service key); then a section
/// the runner's executor uses beats a section no executor owns, which beats
/// another executor's section. Every table as likely as the best is named,
/// up to three.
pub(crate) fn rank<'a>(
    candidates: &'a [Location],
    here: &str,
    runner: Option<(&str, &str)>,
) -> Vec<&'a Location> {
    let here_parts: Vec<&str> = split(here);
    let (runner_parts, sections): (Vec<&str>, &[&str]) = match runner {
        Some((path, executor)) => (split(path), executor_sections(executor)),
        None => (Vec::new(), &[]),
    };
    let score = |l: &Location| -> (usize, u8, u8) {
        let parts = split(&l.path);
        let common = here_parts
            .iter()
            .zip(&parts)
            .take_while(|(a, b)| a == b)
            .count();
        let up = here_parts.len() - common;
        let down = parts.len() - common;
        // Which executor's section of the runner the table is in, if any.
        let section = (runner.is_some() && parts.starts_with(&runner_parts))
            .then(|| parts.get(runner_parts.len()).copied())
            .flatten()
            .filter(|s| EXECUTOR_SECTIONS.contains(s));
        let fit = match section {
            Some(s) if sections.contains(&s) => 0,
            None => 1,
            Some(_) => 2,
        };
        (up + down, u8::from(down > 0 && up == 0), fit)
    };
    let mut ranked: Vec<((usize, u8, u8), &Location)> = candidates
        .iter()
        .filter(|l| l.path != here)
        .map(|l| (score(l), l))
        .collect();
    ranked.sort_by(|a, b| (a.0, &a.1.path).cmp(&(b.0, &b.1.path)));
    let Some(&(best, _)) = ranked.first() else {
        return Vec::new();
    };
    ranked
        .into_iter()
        .take_while(|(score, _)| *score == best)
        .take(3)
        .map(|(_, l)| l)
        .collect()
}

fn split(path: &str) -> Vec<&str> {
    if path.is_empty() {
        Vec::new()
    } else {
        path.split('.').collect()
    }
}

/// A key that used to be valid, or that belongs to `gitlab-runner
/// register` rather than to `config.toml`.
#[derive(Debug)]
pub(crate) struct Retired {
    /// The table it is (wrongly) written in, as a dotted path without
    /// positions.
    pub(crate) table: &'static str,
    /// The key, compared case-insensitively.
    pub(crate) key: &'static str,
    /// Removed from the runner (else: a registration option).
    pub(crate) removed: bool,
    /// What to do instead.
    pub(crate) note: &'static str,
}

/// Keys users still write that GitLab Runner no longer (or never) reads
/// from `config.toml`. The registration options are the flags of
/// `gitlab-runner register` that are not `config.toml` keys
/// (`commands/register.go`, the fields of `RegisterCommand` besides the
/// embedded `RunnerConfig`); they are matched in the flag's spelling too
/// (`tag-list` for `tag_list`).
pub(crate) static RETIRED: &[Retired] = &[
    Retired {
        table: "runners",
        key: "pre_clone_script",
        removed: true,
        note: "`pre_clone_script` was removed in GitLab Runner 17.0; use `pre_get_sources_script`",
    },
    Retired {
        table: "runners",
        key: "tag_list",
        removed: false,
        note: "tags are stored in GitLab: edit the runner there (or pass `--tag-list` to `gitlab-runner register`)",
    },
    Retired {
        table: "runners",
        key: "tags",
        removed: false,
        note: "tags are stored in GitLab: edit the runner there (or pass `--tag-list` to `gitlab-runner register`)",
    },
    Retired {
        table: "runners",
        key: "run_untagged",
        removed: false,
        note: "this setting is stored in GitLab: edit the runner there (or pass `--run-untagged` to `gitlab-runner register`)",
    },
    Retired {
        table: "runners",
        key: "locked",
        removed: false,
        note: "this setting is stored in GitLab: edit the runner there (or pass `--locked` to `gitlab-runner register`)",
    },
    Retired {
        table: "runners",
        key: "access_level",
        removed: false,
        note: "this setting is stored in GitLab: edit the runner there (or pass `--access-level` to `gitlab-runner register`)",
    },
    Retired {
        table: "runners",
        key: "maximum_timeout",
        removed: false,
        note: "this setting is stored in GitLab: edit the runner there (or pass `--maximum-timeout` to `gitlab-runner register`)",
    },
    Retired {
        table: "runners",
        key: "paused",
        removed: false,
        note: "pausing is done in GitLab: pause the runner there (or pass `--paused` to `gitlab-runner register`)",
    },
    Retired {
        table: "runners",
        key: "maintenance_note",
        removed: false,
        note: "the note is stored in GitLab: edit the runner there (or pass `--maintenance-note` to `gitlab-runner register`)",
    },
    Retired {
        table: "runners",
        key: "description",
        removed: false,
        note: "the description is stored in GitLab (`--description` at registration); the runner's name in this file is `name`",
    },
    Retired {
        table: "runners",
        key: "registration_token",
        removed: false,
        note: "only `gitlab-runner register` uses a registration token; this file holds the runner's own `token`",
    },
    Retired {
        table: "runners",
        key: "non_interactive",
        removed: false,
        note: "`--non-interactive` only keeps `gitlab-runner register` from asking questions; it means nothing in this file",
    },
    Retired {
        table: "runners",
        key: "leave_runner",
        removed: false,
        note: "`--leave-runner` only tells `gitlab-runner register` to keep the runner in GitLab when registration fails",
    },
    Retired {
        table: "runners",
        key: "template_config",
        removed: false,
        note: "`--template-config` names a template for `gitlab-runner register` to merge in once; the runner never reads it",
    },
];

/// The S3 settings GitLab Runner read directly under `[runners.cache]`
/// before 11.3 moved them into `[runners.cache.s3]`.
const LEGACY_CACHE_KEYS: [&str; 6] = [
    "Insecure",
    "ServerAddress",
    "AccessKey",
    "SecretKey",
    "BucketName",
    "BucketLocation",
];

static LEGACY_CACHE_KEY: Retired = Retired {
    table: "runners.cache",
    key: "",
    removed: true,
    note: "the pre-11.3 S3 settings directly under `[runners.cache]` are no longer read; \
           move it into `[runners.cache.s3]`",
};

/// The retired-key entry for `key` written in the table at `table`.
pub(crate) fn retired(table: &str, key: &str) -> Option<&'static Retired> {
    if table == LEGACY_CACHE_KEY.table
        && LEGACY_CACHE_KEYS
            .iter()
            .any(|k| k.eq_ignore_ascii_case(key))
    {
        return Some(&LEGACY_CACHE_KEY);
    }
    RETIRED.iter().find(|r| {
        r.table == table
            && (r.key.eq_ignore_ascii_case(key) || (!r.removed && flag_spelling(r.key, key)))
    })
}

/// Whether `written` is the command-line flag spelling of `key`: hyphens
/// for underscores (`tag-list`), in any case.
fn flag_spelling(key: &str, written: &str) -> bool {
    key.len() == written.len()
        && key
            .bytes()
            .zip(written.bytes())
            .all(|(k, w)| k.eq_ignore_ascii_case(&w) || (k == b'_' && w == b'-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loc(path: &str, array: bool) -> Location {
        Location {
            path: path.to_owned(),
            array,
            key: "k",
            secret: false,
            shape: &Shape::String,
        }
    }

    #[test]
    fn headers_read_as_written() {
        assert_eq!(loc("runners", true).header(), "`[[runners]]`");
        assert_eq!(loc("runners.docker", false).header(), "`[runners.docker]`");
        assert_eq!(loc("", false).header(), "the top level");
    }

    #[test]
    fn the_executor_decides_first() {
        let candidates = [
            loc("runners.kubernetes", false),
            loc("runners.docker", false),
            loc("runners.kubernetes.build_container_security_context", false),
        ];
        let ranked = rank(&candidates, "runners", Some(("runners", "docker")));
        assert_eq!(ranked.len(), 1);
        assert_eq!(ranked[0].path, "runners.docker");
        let ranked = rank(&candidates, "runners", None);
        let paths: Vec<_> = ranked.iter().map(|l| l.path.as_str()).collect();
        assert_eq!(paths, ["runners.docker", "runners.kubernetes"]);
    }

    #[test]
    fn the_nearest_table_wins_and_enclosing_beats_inner() {
        let candidates = [loc("runners", true), loc("", false)];
        let ranked = rank(&candidates, "runners.docker", Some(("runners", "docker")));
        assert_eq!(ranked.len(), 1);
        assert_eq!(ranked[0].path, "runners");
        let candidates = [
            loc("runners.docker.services", true),
            loc("runners", true),
            loc("runners.kubernetes.services", true),
        ];
        let ranked = rank(&candidates, "runners.docker", Some(("runners", "docker")));
        assert_eq!(ranked.len(), 1);
        assert_eq!(ranked[0].path, "runners");
    }

    #[test]
    fn another_executors_section_ranks_last_among_equals() {
        let candidates = [
            loc("runners.docker", false),
            loc("runners.kubernetes", false),
        ];
        let ranked = rank(
            &candidates,
            "runners.cache",
            Some(("runners", "kubernetes")),
        );
        assert_eq!(ranked.len(), 1);
        assert_eq!(ranked[0].path, "runners.kubernetes");
        // Far away but the only place: still named.
        let ranked = rank(
            &candidates[..1],
            "runners.kubernetes",
            Some(("runners", "kubernetes")),
        );
        assert_eq!(ranked[0].path, "runners.docker");
    }

    #[test]
    fn retired_keys_are_found_by_table() {
        assert!(retired("runners", "Tag_List").is_some());
        assert!(retired("runners.docker", "tag_list").is_none());
        assert!(retired("runners.cache", "insecure").is_some_and(|r| r.removed));
    }

    #[test]
    fn registration_options_are_found_in_their_flag_spelling() {
        for key in [
            "tag-list",
            "run-untagged",
            "locked",
            "Access-Level",
            "maximum-timeout",
            "paused",
            "maintenance-note",
            "registration-token",
            "non-interactive",
            "leave-runner",
            "template-config",
            "leave_runner",
        ] {
            assert!(retired("runners", key).is_some_and(|r| !r.removed), "{key}");
        }
        // Removed keys keep their own spelling only.
        assert!(retired("runners", "pre-clone-script").is_none());
        assert!(retired("runners", "tag-lists").is_none());
    }

    #[test]
    fn registration_options_get_their_own_code() {
        let loaded = crate::load::load(
            "[[runners]]\nname = \"a\"\ntag-list = \"docker\"\nrun-untagged = true\nlocked = false\n",
        );
        let codes: Vec<&str> = loaded.diagnostics().iter().map(|d| d.code()).collect();
        assert_eq!(codes, ["unknown-key-registration-option"; 3]);
        let first = &loaded.diagnostics()[0];
        assert_eq!(
            first.message(),
            "`tag-list` is a registration option, not a config.toml key"
        );
        assert!(first.help_text().is_some_and(|h| h.contains("--tag-list")));
    }
}
