//! What GitLab Runner's Docker executor does with
//! `pull_policy = ["always", "if-not-present"]` when the registry is down
//! and the image is already on the host: step by step, with the lines the
//! runner writes to the job log.
//!
//! Run it with `cargo run --example next_policy`.

use std::error::Error;

use runner_config::policy::{
    Action, AllowedPullPolicies, Failure, LocalImage, LocalUse, Outcome, PullPlan, PullPolicyList,
    RunnerPolicies, next_policy,
};

/// The relevant part of the runner's `config.toml`.
const CONFIG: &str = r#"
pull_policy = ["always", "if-not-present"]
"#;

const IMAGE: &str = "registry.example.com/team/app:1.4";

/// A Docker client whose registry does not respond: like a real client, it
/// hands over each error as an owned `String`.
fn pull(reference: &str) -> Result<String, String> {
    let registry = reference.split('/').next().unwrap_or(reference);
    Err(format!(
        "Get \"https://{registry}/v2/\": dial tcp 10.0.0.7:443: i/o timeout"
    ))
}

#[derive(serde::Deserialize)]
struct DockerSection {
    #[serde(default)]
    pull_policy: PullPolicyList,
    #[serde(default)]
    allowed_pull_policies: AllowedPullPolicies,
}

fn main() -> Result<(), Box<dyn Error>> {
    let docker: DockerSection = toml::from_str(CONFIG)?;
    let runner = RunnerPolicies::new(&docker.pull_policy, &docker.allowed_pull_policies);
    // The job's .gitlab-ci.yml sets no `image: pull_policy`.
    let effective = runner.docker_effective(IMAGE, &[] as &[&str])?;
    println!(
        "config.toml:        pull_policy = {:?}",
        docker.pull_policy.entries()
    );
    println!("image:              {IMAGE}");
    println!(
        "effective policies: {effective} (from {})",
        effective.source()
    );
    println!("registry:           down");

    let local =
        LocalImage::new("sha256:3f9a0c1d").with_digest("registry.example.com/team/app@sha256:77ab");
    println!(
        "local copy:         {} (pulled by an earlier job)",
        local.id
    );
    println!();
    let plan = PullPlan::new(IMAGE, effective.policies(), Ok(local));

    // The history owns what the client returned; each decision borrows it
    // only until the outcome of its step is recorded.
    let mut history = Vec::new();
    for step in 1.. {
        let decision = next_policy(&plan, &history);
        let action = decision.action();
        println!("step {step}: {}", describe(&action));
        for line in decision.log_lines() {
            println!("    job log | {}", line.prefixed());
        }
        let outcome = match action {
            Action::Succeeded { .. } | Action::Exhausted(_) => break,
            Action::Pull { reference, .. } | Action::RetryPull { reference, .. } => {
                match pull(&reference.to_string()) {
                    Ok(id) => Outcome::Succeeded(LocalImage::new(id)),
                    Err(error) => {
                        println!("    daemon  | {error}");
                        Outcome::Failed(Failure::pull(error))
                    }
                }
            }
            _ => match decision.known_outcome() {
                Some(outcome) => outcome,
                None => return Err("a local step always knows its outcome".into()),
            },
        };
        history.extend(decision.attempt(outcome));
        println!();
    }
    println!();
    println!(
        "{} pull calls, then the local copy: the registry outage did not fail the job.",
        history
            .iter()
            .filter(|a| !matches!(a.outcome, Outcome::Succeeded(_)))
            .count()
    );
    println!("(The runner waits 2 s before the second try and 2-4 s before the third.)");
    Ok(())
}

fn describe(action: &Action<'_>) -> String {
    match action {
        Action::Pull {
            index,
            policy,
            reference,
        } => {
            format!("policy #{} \"{policy}\": pull {reference}", *index + 1)
        }
        Action::RetryPull {
            index,
            policy,
            try_number,
            after,
            ..
        } => format!(
            "policy #{} \"{policy}\": pull again, try {try_number} (the last one failed: {})",
            index + 1,
            after.reason().map_or("no reason", |r| r.as_str())
        ),
        Action::UseLocal {
            index,
            policy,
            image,
            reason,
        } => {
            let why = match reason {
                LocalUse::AlreadyUsed => "this job already used it",
                LocalUse::ById => "the job named it by ID",
                LocalUse::IfNotPresent | LocalUse::Never => "no pull under this policy",
            };
            format!(
                "policy #{} \"{policy}\": use the local copy {} ({why})",
                index + 1,
                image.id
            )
        }
        Action::FailPolicy { index, policy, .. } => {
            format!("policy #{} \"{policy}\": fails, no local copy", index + 1)
        }
        Action::Succeeded { image, .. } => format!("done: the job uses {}", image.id),
        Action::Exhausted(end) => format!("done, failed: {end}"),
    }
}
