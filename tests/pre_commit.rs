//! `.pre-commit-hooks.yaml`: the hooks pre-commit users install. Their
//! `files` pattern takes GitLab Runner's config files and registration
//! templates and leaves other tools' `config.toml` alone, and their entries
//! are commands this binary runs.
//!
//! pre-commit matches `files` with Python's `re.search`; the pattern uses
//! only syntax Python's `re` and the `regex` crate read the same way.
#![cfg(feature = "cli")]

use std::path::Path;
use std::process::Command;

use regex::Regex;
use runner_config::yaml::{NodeId, Yaml};

const HOOKS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/.pre-commit-hooks.yaml");
const BIN: &str = env!("CARGO_BIN_EXE_runner-config");

/// One hook's `key`, which must be a string.
fn string<'a>(yaml: &'a Yaml, hook: NodeId, key: &str) -> &'a str {
    let node = yaml
        .get(hook, key)
        .unwrap_or_else(|| panic!("a hook without `{key}`"));
    yaml.node(node)
        .as_str()
        .unwrap_or_else(|| panic!("`{key}` is not a string"))
}

/// The hooks, by id.
fn hooks() -> (Yaml, Vec<(String, NodeId)>) {
    let text = std::fs::read_to_string(HOOKS).expect("read .pre-commit-hooks.yaml");
    let yaml = Yaml::parse(&text).expect("YAML");
    let root = *yaml.documents().first().expect("a document");
    let hooks = yaml
        .node(root)
        .as_sequence()
        .expect("a list of hooks")
        .to_vec();
    let hooks = hooks
        .into_iter()
        .map(|hook| (string(&yaml, hook, "id").to_owned(), hook))
        .collect();
    (yaml, hooks)
}

#[test]
fn hooks_check_and_fix_with_this_crate() {
    let (yaml, hooks) = hooks();
    let ids: Vec<&str> = hooks.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["runner-config", "runner-config-fix"]);
    for ((_, hook), entry) in hooks
        .iter()
        .zip(["runner-config check", "runner-config fix"])
    {
        assert_eq!(string(&yaml, *hook, "language"), "rust");
        assert_eq!(string(&yaml, *hook, "entry"), entry);
        // `files` alone chooses: a user's own `files:` may take a Helm
        // values file too, which `types: [toml]` would keep out.
        for key in ["types", "types_or"] {
            assert!(yaml.get(*hook, key).is_none(), "`{key}` narrows `files`");
        }
    }
}

#[test]
fn files_match_runner_configs_and_templates_only() {
    let (yaml, hooks) = hooks();
    for (id, hook) in hooks {
        let files = Regex::new(string(&yaml, hook, "files")).expect("a regular expression");
        for path in [
            "gitlab-runner/config.toml",
            ".gitlab-runner/config.toml",
            "deploy/gitlab-runner/config.toml",
            "home/ci/.gitlab-runner/config.toml",
            "config.template.toml",
            "charts/runner/config.template.toml",
            "test-config.template.toml",
        ] {
            assert!(files.is_match(path), "{id} misses {path}");
        }
        for path in [
            ".cargo/config.toml",
            "config.toml",
            "tools/config.toml",
            "my-gitlab-runner/config.toml",
            "gitlab-runner/config.toml.bak",
            "gitlab-runner/config.yaml",
            "config.template.toml/README.md",
            "templates/runner-config.yml",
            "Cargo.toml",
            "pyproject.toml",
        ] {
            assert!(!files.is_match(path), "{id} takes {path}");
        }
    }
}

/// The `check` hook's command, as pre-commit runs it: the entry, then the
/// matching files. A template is checked as one (the runner's URL, token
/// and executor are not asked for), a config as a config.
#[test]
fn the_check_entry_runs_on_configs_and_templates() {
    let (yaml, hooks) = hooks();
    let entry = string(&yaml, hooks[0].1, "entry");
    let mut words = entry.split_whitespace();
    assert_eq!(words.next(), Some("runner-config"));
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pre-commit");
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("remove the old work directory");
    }
    std::fs::create_dir_all(dir.join("gitlab-runner")).expect("create directories");
    std::fs::write(
        dir.join("config.template.toml"),
        "[[runners]]\n  [runners.kubernetes]\n    image = \"alpine:3.20\"\n",
    )
    .expect("write a template");
    std::fs::write(
        dir.join("gitlab-runner/config.toml"),
        "[[runners]]\n  name = \"no url\"\n",
    )
    .expect("write a config");
    let run = |files: &[&str]| {
        Command::new(BIN)
            .args(entry.split_whitespace().skip(1))
            .args(files)
            .current_dir(&dir)
            .env("NO_COLOR", "1")
            .env("GIT_CEILING_DIRECTORIES", &dir)
            .output()
            .expect("run runner-config")
    };
    let template = run(&["config.template.toml"]);
    assert_eq!(template.status.code(), Some(0), "{template:#?}");
    let both = run(&["config.template.toml", "gitlab-runner/config.toml"]);
    assert_eq!(both.status.code(), Some(1), "{both:#?}");
    let stdout = String::from_utf8_lossy(&both.stdout);
    assert!(stdout.contains("url-not-http"), "{stdout}");
    assert!(stdout.contains("checked 2 files"), "{stdout}");
}
