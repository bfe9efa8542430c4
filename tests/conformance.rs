//! Runs every pull-policy conformance vector (`pull-policy-vectors.json`,
//! schema in §15 of `pull-policy-semantics.md`) as its own test, named by
//! its `id`.
//!
//! The file comes from `PULL_POLICY_VECTORS` when set, else from the copy
//! in `tests/data/pull-policy-vectors.json`, the project's specification;
//! when `../shared/reference/` is beside the crate, a trial checks that the
//! copy is the reference's (it is ignored in a clone without it). Each
//! vector's `expect` keys are all checked: a key the harness does not know,
//! an input key it does not understand, or an unknown `kind` fails the
//! vector instead of being skipped.
//!
//! Docker and Kubernetes sequences also run through the library's
//! simulation (`simulate::docker_pull`, `simulate::kubernetes_pull`): a
//! Docker vector must give the same result, error, pull references, job
//! log and trace both ways; a Kubernetes vector's fail steps become pod
//! attempts, checked against the same expectations.
//!
//! A Docker sequence's `logs_contain` lines are looked for in the job log
//! as the runner shows it (`LogLine::prefixed`): warnings after
//! `WARNING: `. A line listed without its prefix is still contained; one
//! listed with a prefix must have it. The `harness::` trials check that on
//! vectors of their own.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Debug;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use libtest_mimic::{Arguments, Failed, Trial};
use runner_config::policy::{
    Action, AllowedPullPolicies, ContainerPolicies, Decision, Failure, KubernetesJob,
    KubernetesPullCursor, KubernetesPullPolicy, LocalImage, LocalUse, Outcome, PolicyError,
    PolicySource, PullPlan, PullPolicy, PullPolicyList, PullReference, RunnerPolicies, Service,
    classify, cluster_default as cluster_default_policy, convert_to_kubernetes, intersect,
    next_policy,
};
use runner_config::simulate::{
    Action as SimAction, ContainerSpec, DockerDaemon, DockerEnd, Kubelet, KubernetesEnd,
    Outcome as SimOutcome, PodContainer, PodPull, PodStart, docker_pull, kubernetes_pull,
};
use serde::Deserialize;
use serde_json::{Map, Value};

type TestResult = Result<(), Failed>;

fn main() -> ExitCode {
    let args = Arguments::from_args();
    let path = vectors_path();
    let vectors = match load(&path) {
        Ok(vectors) => vectors,
        Err(message) => {
            // A missing or unreadable file is a failure, never an empty run.
            let trial = Trial::test("load-vectors", move || Err(message.into()));
            return libtest_mimic::run(&args, vec![trial]).exit_code();
        }
    };
    let mut per_kind: BTreeMap<String, usize> = BTreeMap::new();
    for vector in &vectors {
        let kind = vector
            .get("kind")
            .and_then(Value::as_str)
            .unwrap_or("<no kind>");
        *per_kind.entry(kind.to_owned()).or_default() += 1;
    }
    eprintln!(
        "conformance: {} vectors from {}",
        vectors.len(),
        path.display()
    );
    for (kind, count) in &per_kind {
        eprintln!("  {kind}: {count}");
    }
    let trials: Vec<Trial> = vectors
        .into_iter()
        .enumerate()
        .map(|(n, vector)| {
            let id = vector
                .get("id")
                .and_then(Value::as_str)
                .map_or_else(|| format!("vector-{n}-without-id"), str::to_owned);
            let kind = vector
                .get("kind")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned();
            Trial::test(id, move || run(&vector)).with_kind(kind)
        })
        .chain(self_checks())
        .chain([copy_matches_reference()])
        .collect();
    libtest_mimic::run(&args, trials).exit_code()
}

/// The copy of the vectors kept with the crate.
const COPY: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/pull-policy-vectors.json"
);

fn vectors_path() -> PathBuf {
    match std::env::var_os("PULL_POLICY_VECTORS") {
        Some(path) => PathBuf::from(path),
        None => PathBuf::from(COPY),
    }
}

/// `shared/reference/pull-policy-vectors.json` in the nearest directory
/// above the crate that has it.
fn reference_vectors() -> Option<PathBuf> {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|dir| dir.join("shared/reference/pull-policy-vectors.json"))
        .find(|path| path.is_file())
}

/// The checked-in copy is the reference's, byte for byte; ignored when
/// the reference is not beside the crate.
fn copy_matches_reference() -> Trial {
    let reference = reference_vectors();
    let absent = reference.is_none();
    Trial::test("copy-matches-shared-reference", move || {
        let Some(reference) = reference else {
            return Ok(());
        };
        let read =
            |path: &Path| std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()));
        if read(Path::new(COPY))? == read(&reference)? {
            Ok(())
        } else {
            Err(format!(
                "tests/data/pull-policy-vectors.json differs from {}: copy it again",
                reference.display()
            )
            .into())
        }
    })
    .with_ignored_flag(absent)
}

fn load(path: &Path) -> Result<Vec<Value>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        format!(
            "cannot read {} (set PULL_POLICY_VECTORS to the vector file): {e}",
            path.display()
        )
    })?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// One vector: its inputs, and its `expect` keys, each removed once checked.
struct Vector<'v> {
    input: &'v Map<String, Value>,
    expect: Map<String, Value>,
}

impl<'v> Vector<'v> {
    fn new(vector: &'v Value, inputs: &[&str]) -> Result<Self, Failed> {
        let input = vector.as_object().ok_or("vector is not an object")?;
        for key in input.keys() {
            let common = ["id", "kind", "origin", "notes", "expect"].contains(&key.as_str());
            if !common && !inputs.contains(&key.as_str()) {
                return Err(format!("input key {key:?} is not understood by this harness").into());
            }
        }
        let expect = input
            .get("expect")
            .and_then(Value::as_object)
            .ok_or("no `expect` object")?;
        Ok(Self {
            input,
            expect: expect.clone(),
        })
    }

    fn input(&self, key: &str) -> Option<&'v Value> {
        self.input.get(key).filter(|v| !v.is_null())
    }

    fn input_str(&self, key: &str) -> Result<&'v str, Failed> {
        self.input(key)
            .and_then(Value::as_str)
            .ok_or_else(|| format!("missing input {key:?}").into())
    }

    fn input_list(&self, key: &str) -> Result<Option<Vec<String>>, Failed> {
        self.input(key).map(strings).transpose()
    }

    fn take(&mut self, key: &str) -> Option<Value> {
        self.expect.remove(key)
    }

    /// Every expectation must have been checked.
    fn finish(self) -> TestResult {
        if self.expect.is_empty() {
            Ok(())
        } else {
            let keys: Vec<&String> = self.expect.keys().collect();
            Err(format!("expect keys not checked by this harness: {keys:?}").into())
        }
    }
}

fn strings(value: &Value) -> Result<Vec<String>, Failed> {
    let items = value
        .as_array()
        .ok_or_else(|| format!("not a list: {value}"))?;
    items
        .iter()
        .map(|item| {
            item.as_str()
                .map(str::to_owned)
                .ok_or_else(|| format!("not a string: {item}").into())
        })
        .collect()
}

fn string(value: &Value) -> Result<&str, Failed> {
    value
        .as_str()
        .ok_or_else(|| format!("not a string: {value}").into())
}

fn check<T: PartialEq + Debug + ?Sized>(what: &str, got: &T, want: &T) -> TestResult {
    if got == want {
        Ok(())
    } else {
        Err(format!("{what}:\n   got: {got:?}\n  want: {want:?}").into())
    }
}

fn check_contains(what: &str, haystack: &str, needle: &str) -> TestResult {
    if haystack.contains(needle) {
        Ok(())
    } else {
        Err(format!("{what}:\n  {haystack:?}\n  does not contain {needle:?}").into())
    }
}

fn names<T: AsRef<str>>(list: &[T]) -> Vec<String> {
    list.iter().map(|p| p.as_ref().to_owned()).collect()
}

fn run(vector: &Value) -> TestResult {
    let kind = vector.get("kind").and_then(Value::as_str).unwrap_or("");
    match kind {
        "decode" => decode(vector),
        "convert" => convert(vector),
        "allowed" => allowed(vector),
        "intersect" => intersect_vector(vector),
        "source" => source(vector),
        "effective" => effective(vector),
        "docker_sequence" => docker_sequence(vector),
        "kubernetes_sequence" => kubernetes_sequence(vector),
        "classify" => classify_vector(vector),
        "cluster_default" => cluster_default(vector),
        other => Err(format!("unknown vector kind {other:?}").into()),
    }
}

// ---- decode -------------------------------------------------------------

/// The two keys of an executor section, found the way BurntSushi/toml finds
/// struct fields: an exact name first, then a case-insensitive match.
#[derive(Deserialize)]
struct Fragment {
    #[serde(default)]
    runners: Vec<RunnerFragment>,
}

#[derive(Deserialize)]
struct RunnerFragment {
    #[serde(default)]
    docker: Option<toml::Table>,
    #[serde(default)]
    kubernetes: Option<toml::Table>,
}

fn field<'t>(table: &'t toml::Table, key: &str) -> Option<&'t toml::Value> {
    table.get(key).or_else(|| {
        table
            .iter()
            .find(|(k, _)| k.to_lowercase() == key.to_lowercase())
            .map(|(_, v)| v)
    })
}

struct Decoded {
    pull_policy: Option<PullPolicyList>,
    allowed: AllowedPullPolicies,
}

fn decode_toml(vector: &Vector<'_>) -> Result<Result<Decoded, String>, Failed> {
    let text = vector.input_str("toml")?;
    if let Some(key) = vector.input("key") {
        // The upstream wrapper tests decode one `StringOrArray` field.
        let key = string(key)?;
        let table: BTreeMap<String, toml::Value> = match toml::from_str(text) {
            Ok(table) => table,
            Err(e) => return Ok(Err(e.message().to_owned())),
        };
        let pull_policy = match table.get(key).cloned().map(PullPolicyList::deserialize) {
            None => None,
            Some(Ok(list)) => Some(list),
            Some(Err(e)) => return Ok(Err(e.message().to_owned())),
        };
        return Ok(Ok(Decoded {
            pull_policy,
            allowed: AllowedPullPolicies::default(),
        }));
    }
    let fragment: Fragment = match toml::from_str(text) {
        Ok(fragment) => fragment,
        Err(e) => return Ok(Err(e.message().to_owned())),
    };
    let executor = vector.input_str("executor")?;
    let runner = fragment
        .runners
        .first()
        .ok_or("fragment has no [[runners]]")?;
    let section = match executor {
        "docker" => runner.docker.as_ref(),
        "kubernetes" => runner.kubernetes.as_ref(),
        other => return Err(format!("decode of a fragment for executor {other:?}").into()),
    };
    let empty = toml::Table::new();
    let section = section.unwrap_or(&empty);
    let pull_policy = match field(section, "pull_policy")
        .cloned()
        .map(PullPolicyList::deserialize)
    {
        None => None,
        Some(Ok(list)) => Some(list),
        Some(Err(e)) => return Ok(Err(e.message().to_owned())),
    };
    let allowed = match field(section, "allowed_pull_policies")
        .cloned()
        .map(AllowedPullPolicies::deserialize)
    {
        None => AllowedPullPolicies::default(),
        Some(Ok(list)) => list,
        Some(Err(e)) => return Ok(Err(e.message().to_owned())),
    };
    Ok(Ok(Decoded {
        pull_policy,
        allowed,
    }))
}

fn decode(value: &Value) -> TestResult {
    let mut v = Vector::new(
        value,
        &["executor", "input_form", "key", "toml", "flag_value"],
    )?;
    let decoded = match v.input_str("input_form")? {
        "toml" => decode_toml(&v)?,
        "flag" => {
            let list = PullPolicyList::from_flag(v.input_str("flag_value")?);
            Ok(Decoded {
                pull_policy: Some(list),
                allowed: AllowedPullPolicies::default(),
            })
        }
        other => return Err(format!("unknown input_form {other:?}").into()),
    };
    let executor = v.input_str("executor")?;
    // The error a vector talks about: the decode error, or else the one
    // from the executor's GetPullPolicies.
    let (pull_policies, error) = match &decoded {
        Err(message) => (None, Some(message.clone())),
        Ok(decoded) => {
            let unset = PullPolicyList::default();
            let list = decoded.pull_policy.as_ref().unwrap_or(&unset);
            let runner = RunnerPolicies::new(list, &decoded.allowed);
            let result = match executor {
                "docker" => runner.docker_pull_policies().map(|p| names(&p)),
                "kubernetes" => runner.kubernetes_pull_policies().map(|p| names(&p)),
                _ => Ok(Vec::new()),
            };
            match result {
                Ok(list) => (Some(list), None),
                Err(e) => (None, Some(e.to_string())),
            }
        }
    };
    if let Some(want) = v.take("raw") {
        let Ok(decoded) = &decoded else {
            return Err(format!("decoding failed: {error:?}").into());
        };
        // `null` is unset; an empty array decodes to unset as well.
        let got = decoded
            .pull_policy
            .as_ref()
            .filter(|l| !l.is_unset())
            .map(|l| l.entries().to_vec());
        let want = if want.is_null() {
            None
        } else {
            Some(strings(&want)?)
        };
        check("raw", &got, &want)?;
    }
    if let Some(want) = v.take("pull_policies") {
        if executor == "any" {
            return Err("pull_policies for executor \"any\"".into());
        }
        check("pull_policies", &pull_policies, &Some(strings(&want)?))?;
    }
    if let Some(want) = v.take("error") {
        check("error", &error.as_deref(), &Some(string(&want)?))?;
    }
    if let Some(want) = v.take("error_contains") {
        let error = error.ok_or("expected an error, got none")?;
        check_contains("error", &error, string(&want)?)?;
    }
    v.finish()
}

// ---- convert, allowed, intersect, source, classify ---------------------

fn convert(value: &Value) -> TestResult {
    let mut v = Vector::new(value, &["policies"])?;
    let policies = v.input_list("policies")?.unwrap_or_default();
    let result = convert_to_kubernetes(&policies);
    if let Some(want) = v.take("converted") {
        let got = result
            .as_ref()
            .map(|p| names(p))
            .map_err(ToString::to_string);
        check("converted", &got, &Ok(strings(&want)?))?;
    }
    if let Some(want) = v.take("error") {
        let got = result.as_ref().err().map(ToString::to_string);
        check("error", &got.as_deref(), &Some(string(&want)?))?;
    }
    v.finish()
}

fn runner_lists(
    v: &Vector<'_>,
    pull: &str,
    allowed: &str,
) -> Result<(PullPolicyList, AllowedPullPolicies), Failed> {
    let pull_policy = PullPolicyList::new(v.input_list(pull)?.unwrap_or_default());
    let allowed = AllowedPullPolicies::new(v.input_list(allowed)?.unwrap_or_default());
    Ok((pull_policy, allowed))
}

fn allowed(value: &Value) -> TestResult {
    let mut v = Vector::new(value, &["executor", "pull_policy", "allowed_pull_policies"])?;
    let (pull_policy, allowed) = runner_lists(&v, "pull_policy", "allowed_pull_policies")?;
    let runner = RunnerPolicies::new(&pull_policy, &allowed);
    let result = match v.input_str("executor")? {
        "docker" => runner.docker_allowed_pull_policies().map(|p| names(&p)),
        "kubernetes" => runner.kubernetes_allowed_pull_policies().map(|p| names(&p)),
        other => return Err(format!("unknown executor {other:?}").into()),
    };
    let result = result.map_err(|e| e.to_string());
    if let Some(want) = v.take("allowed") {
        check("allowed", &result, &Ok(strings(&want)?))?;
    }
    if let Some(want) = v.take("error") {
        check(
            "error",
            &result.as_ref().err(),
            &Some(&string(&want)?.to_owned()),
        )?;
    }
    v.finish()
}

fn policy_source(v: &Vector<'_>) -> Result<PolicySource, Failed> {
    let ci = v.input_list("ci_pull_policies")?.unwrap_or_default();
    let runner = v.input_list("executor_pull_policies")?.unwrap_or_default();
    Ok(PolicySource::of(&ci, &runner))
}

fn intersect_vector(value: &Value) -> TestResult {
    let mut v = Vector::new(
        value,
        &[
            "requested",
            "allowed",
            "ci_pull_policies",
            "executor_pull_policies",
        ],
    )?;
    let requested = v.input_list("requested")?.unwrap_or_default();
    let allowed = v.input_list("allowed")?.unwrap_or_default();
    let result = intersect(&requested, &allowed, policy_source(&v)?).map_err(|e| e.to_string());
    if let Some(want) = v.take("effective") {
        check("effective", &result, &Ok(strings(&want)?))?;
    }
    if let Some(want) = v.take("error") {
        check(
            "error",
            &result.as_ref().err(),
            &Some(&string(&want)?.to_owned()),
        )?;
    }
    v.finish()
}

fn source(value: &Value) -> TestResult {
    let mut v = Vector::new(value, &["ci_pull_policies", "executor_pull_policies"])?;
    let got = policy_source(&v)?;
    if let Some(want) = v.take("source") {
        check("source", got.as_str(), string(&want)?)?;
    }
    v.finish()
}

fn classify_vector(value: &Value) -> TestResult {
    let mut v = Vector::new(value, &["message"])?;
    let got = classify(v.input_str("message")?);
    if let Some(want) = v.take("reason") {
        check("reason", got.as_str(), string(&want)?)?;
    }
    v.finish()
}

fn cluster_default(value: &Value) -> TestResult {
    let mut v = Vector::new(value, &["image"])?;
    let got = cluster_default_policy(v.input_str("image")?);
    if let Some(want) = v.take("policy") {
        check("policy", got.as_str(), string(&want)?)?;
    }
    v.finish()
}

// ---- effective ----------------------------------------------------------

/// Checks the error expectations of an `effective` vector against `err`.
fn check_policy_error(v: &mut Vector<'_>, err: Option<&PolicyError>) -> TestResult {
    let full = err.map(ToString::to_string);
    if let Some(want) = v.take("error") {
        let got = err.map(|e| e.unprefixed().to_string());
        check("error", &got.as_deref(), &Some(string(&want)?))?;
    }
    if let Some(want) = v.take("error_full") {
        check("error_full", &full.as_deref(), &Some(string(&want)?))?;
    }
    if let Some(want) = v.take("error_full_pattern") {
        let full = full.as_deref().ok_or("expected an error, got none")?;
        if !matches_pattern(full, string(&want)?) {
            return Err(format!("error_full:\n  {full:?}\n  does not match {want}").into());
        }
    }
    if let Some(want) = v.take("error_contains") {
        let full = full.as_deref().ok_or("expected an error, got none")?;
        check_contains("error", full, string(&want)?)?;
    }
    if let Some(want) = v.take("failure_reason") {
        let got = err
            .and_then(PolicyError::failure_reason)
            .map(|r| r.as_str());
        check("failure_reason", &got, &Some(string(&want)?))?;
    }
    Ok(())
}

/// `<a|b>` stands for one of the names, `<c>` for any container name (the
/// runner walks a Go map, so which container an error names varies).
fn matches_pattern(text: &str, pattern: &str) -> bool {
    let Some((prefix, rest)) = pattern.split_once('<') else {
        return text == pattern;
    };
    let Some((choice, suffix)) = rest.split_once('>') else {
        return text == pattern;
    };
    let Some(middle) = text
        .strip_prefix(prefix)
        .and_then(|t| t.strip_suffix(suffix))
    else {
        return false;
    };
    if choice == "c" {
        !middle.is_empty() && !middle.contains('"')
    } else {
        choice.split('|').any(|name| name == middle)
    }
}

fn effective(value: &Value) -> TestResult {
    let mut v = Vector::new(
        value,
        &[
            "executor",
            "runner_pull_policy",
            "allowed_pull_policies",
            "job_pull_policy",
            "image",
            "role",
            "services",
            "config_services",
            "feature_flags",
        ],
    )?;
    let (pull_policy, allowed) = runner_lists(&v, "runner_pull_policy", "allowed_pull_policies")?;
    let runner = RunnerPolicies::new(&pull_policy, &allowed);
    let job = v.input_list("job_pull_policy")?.unwrap_or_default();
    match v.input_str("executor")? {
        "docker" => effective_docker(&mut v, runner, &job)?,
        "kubernetes" => effective_kubernetes(&mut v, runner, &job)?,
        other => return Err(format!("unknown executor {other:?}").into()),
    }
    v.finish()
}

fn effective_docker(v: &mut Vector<'_>, runner: RunnerPolicies<'_>, job: &[String]) -> TestResult {
    for key in ["services", "config_services", "feature_flags"] {
        if v.input(key).is_some() {
            return Err(format!("{key} on a docker vector").into());
        }
    }
    // §8.5: the helper image and `config.toml` services never see
    // job-level policies.
    let job: &[String] = match v.input_str("role")? {
        "build" | "service" => job,
        "helper" | "config_service" => &[],
        other => return Err(format!("unknown role {other:?}").into()),
    };
    let image = match v.input("image") {
        Some(image) => string(image)?,
        None => "image",
    };
    if let Some(want) = v.take("requested") {
        let got = runner
            .docker_requested(job)
            .map(|r| names(&r))
            .map_err(|e| e.to_string());
        check("requested", &got, &Ok(strings(&want)?))?;
    }
    let result = runner.docker_effective(image, job);
    if let Some(want) = v.take("effective") {
        let got = result
            .as_ref()
            .map(|e| names(e.policies()))
            .map_err(ToString::to_string);
        check("effective", &got, &Ok(strings(&want)?))?;
    }
    check_policy_error(v, result.as_ref().err())
}

#[derive(Deserialize)]
struct ServiceInput {
    name: String,
    #[serde(default)]
    alias: String,
    #[serde(default)]
    pull_policy: Option<Vec<String>>,
}

fn service_inputs(v: &Vector<'_>, key: &str) -> Result<Vec<ServiceInput>, Failed> {
    match v.input(key) {
        None => Ok(Vec::new()),
        Some(value) => {
            Vec::<ServiceInput>::deserialize(value).map_err(|e| format!("{key}: {e}").into())
        }
    }
}

fn effective_kubernetes(
    v: &mut Vector<'_>,
    runner: RunnerPolicies<'_>,
    job: &[String],
) -> TestResult {
    if v.input("role").is_some() || v.input("image").is_some() {
        return Err("role/image on a kubernetes vector".into());
    }
    let mut native_steps = false;
    if let Some(flags) = v.input("feature_flags") {
        let flags = flags.as_object().ok_or("feature_flags is not an object")?;
        for (flag, on) in flags {
            let on = on.as_bool().ok_or("feature flag value is not a bool")?;
            match flag.as_str() {
                "FF_USE_CONCRETE" => native_steps = on,
                // Adds `init-build-uid-gid-collector`, which has no map
                // entry and so reads as `[""]` (§10.4).
                "FF_DISABLE_UMASK_FOR_KUBERNETES_EXECUTOR" => {}
                other => return Err(format!("feature flag {other} is not modelled").into()),
            }
        }
    }
    let services = service_inputs(v, "services")?;
    let config_services = service_inputs(v, "config_services")?;
    let lists: Vec<Vec<String>> = services
        .iter()
        .map(|s| s.pull_policy.clone().unwrap_or_default())
        .collect();
    let services: Vec<Service<'_>> = services
        .iter()
        .zip(&lists)
        .map(|(s, list)| Service {
            name: &s.name,
            alias: &s.alias,
            pull_policy: list,
        })
        .collect();
    let config_services: Vec<Service<'_>> = config_services
        .iter()
        .map(|s| Service {
            name: &s.name,
            alias: &s.alias,
            pull_policy: &[],
        })
        .collect();
    let job = KubernetesJob {
        image_pull_policy: job,
        services: &services,
        config_services: &config_services,
        native_steps,
    };
    if let Some(want) = v.take("requested") {
        let got = runner
            .kubernetes_requested(job.image_pull_policy)
            .map(|r| names(&r))
            .map_err(|e| e.to_string());
        check("requested", &got, &Ok(strings(&want)?))?;
    }
    let result = runner.kubernetes_effective(&job);
    if let Some(want) = v.take("effective_by_container") {
        let map = result
            .as_ref()
            .map_err(|e| format!("unexpected error: {e}"))?;
        let want = want
            .as_object()
            .ok_or("effective_by_container is not an object")?;
        for (container, list) in want {
            check(
                &format!("effective for {container}"),
                &names(map.get(container)),
                &strings(list)?,
            )?;
        }
    }
    if let Some(want) = v.take("first_policy_by_container") {
        let map = result
            .as_ref()
            .map_err(|e| format!("unexpected error: {e}"))?;
        let want = want
            .as_object()
            .ok_or("first_policy_by_container is not an object")?;
        for (container, policy) in want {
            let got = map.get(container).first().map(|p| p.as_str());
            check(
                &format!("first policy for {container}"),
                &got,
                &Some(string(policy)?),
            )?;
        }
    }
    check_policy_error(v, result.as_ref().err())
}

// ---- docker_sequence ----------------------------------------------------

/// The job context as a vector describes it.
#[derive(Clone, Copy, PartialEq)]
enum Context {
    Live,
    Canceled,
    DeadlineExceeded,
    CustomCause,
    CanceledDuringFirstPull,
}

struct TraceEntry {
    index: usize,
    policy: PullPolicy,
    action: &'static str,
    outcome: Option<&'static str>,
}

fn action_name(decision: &Decision<'_, '_>) -> Option<(usize, PullPolicy, &'static str)> {
    match decision.action() {
        Action::UseLocal {
            index,
            policy,
            reason,
            ..
        } => Some((
            index,
            policy,
            match reason {
                LocalUse::AlreadyUsed => "used_shortcut",
                LocalUse::ById => "by_id",
                LocalUse::IfNotPresent => "local",
                LocalUse::Never => "never_local",
            },
        )),
        Action::FailPolicy { index, policy, .. } => Some((index, policy, "never_missing")),
        Action::Pull { index, policy, .. } => Some((index, policy, "pull")),
        _ => None,
    }
}

fn docker_sequence(value: &Value) -> TestResult {
    let mut v = Vector::new(
        value,
        &[
            "scope",
            "policies",
            "image",
            "local_image",
            "local_inspect_error",
            "used_before",
            "pull_outcomes",
            "pulled_image_id",
            "inspect_after_pull",
            "context",
            "max_pull_attempts",
        ],
    )?;
    let policies: Vec<PullPolicy> = v
        .input_list("policies")?
        .unwrap_or_default()
        .iter()
        .map(|p| p.parse().map_err(|e| format!("policy {p:?}: {e}")))
        .collect::<Result<_, _>>()?;
    let image = v.input_str("image")?;
    let whole_loop = match v.input_str("scope")? {
        "GetDockerImage" => true,
        // One pull attempt on its own: no local lookup happens.
        "pullDockerImage" => {
            if policies.len() != 1 || v.input("local_image").is_some() {
                return Err("pullDockerImage vectors take one policy and no local image".into());
            }
            false
        }
        other => return Err(format!("unknown scope {other:?}").into()),
    };
    let local_id = match v.input("local_image") {
        Some(local) => Some(string(local.get("id").ok_or("local_image without id")?)?),
        None => None,
    };
    let inspect_error = match v.input("local_inspect_error") {
        Some(e) => string(e)?.to_owned(),
        None => format!("Error response from daemon: No such image: {image}"),
    };
    let local = match local_id {
        Some(id) => Ok(LocalImage::new(id)),
        None => Err(inspect_error.as_str()),
    };
    let used: HashMap<String, String> = match v.input("used_before") {
        Some(map) => {
            HashMap::<String, String>::deserialize(map).map_err(|e| format!("used_before: {e}"))?
        }
        None => HashMap::new(),
    };
    let mut plan = PullPlan::new(image, &policies, local).used_images(&used);
    if let Some(n) = v.input("max_pull_attempts") {
        let n = n
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .ok_or("bad max_pull_attempts")?;
        plan = plan.max_pull_attempts(n);
    }
    let outcomes: Vec<Result<(), String>> = match v.input("pull_outcomes") {
        None => Vec::new(),
        Some(list) => list
            .as_array()
            .ok_or("pull_outcomes is not a list")?
            .iter()
            .map(
                |o| match (o.as_str(), o.get("error").and_then(Value::as_str)) {
                    (Some("ok"), _) => Ok(Ok(())),
                    (_, Some(message)) => Ok(Err(message.to_owned())),
                    _ => Err(format!("bad pull outcome {o}")),
                },
            )
            .collect::<Result<_, _>>()?,
    };
    let pulled_id = match v.input("pulled_image_id") {
        Some(id) => string(id)?,
        None => "sha256:pulled",
    };
    let inspect_after = match v.input("inspect_after_pull") {
        Some(e) => Some(string(
            e.get("error").ok_or("inspect_after_pull without error")?,
        )?),
        None => None,
    };
    let context = match v.input("context").map(string).transpose()? {
        None => Context::Live,
        Some("canceled") => Context::Canceled,
        Some("deadline_exceeded") => Context::DeadlineExceeded,
        Some("deadline_exceeded_custom_cause") => Context::CustomCause,
        Some("canceled_during_first_pull") => Context::CanceledDuringFirstPull,
        Some(other) => return Err(format!("unknown context {other:?}").into()),
    };

    let daemon = || ScriptedDaemon {
        outcomes: outcomes.iter(),
        context,
        inspect_after,
        pulled_id,
        refs: Vec::new(),
        ran_out: false,
    };
    let direct = docker_direct(&plan, &mut daemon(), whole_loop, policies.len())?;
    // The same vector through the library's simulation, which must agree
    // with the decisions taken one by one.
    let simulated = docker_simulated(&plan, &mut daemon(), whole_loop)?;
    check("the library simulation", &simulated, &direct)?;
    let Observed {
        result,
        image_id,
        error,
        reason,
        refs,
        log,
        trace,
    } = direct;

    if let Some(want) = v.take("result") {
        check("result", result.as_str(), string(&want)?)?;
    }
    if let Some(want) = v.take("image_id") {
        check("image_id", &image_id, &Some(string(&want)?.to_owned()))?;
    }
    if let Some(want) = v.take("pull_calls") {
        check("pull_calls", &Some(refs.len() as u64), &want.as_u64())?;
    }
    if let Some(want) = v.take("pull_refs") {
        check("pull_refs", &refs, &strings(&want)?)?;
    }
    if let Some(want) = v.take("failure_reason") {
        check("failure_reason", &reason.as_deref(), &Some(string(&want)?))?;
    }
    if let Some(want) = v.take("error_contains") {
        let error = error.as_deref().ok_or("expected an error, got none")?;
        check_contains("error", error, string(&want)?)?;
    }
    if let Some(want) = v.take("logs_contain") {
        // As the job log shows it: `WARNING: ` before warnings.
        let joined = log.join("\n");
        for needle in strings(&want)? {
            check_contains("job log", &joined, &needle)?;
        }
    }
    if let Some(want) = v.take("trace") {
        let got = trace;
        let want: Vec<(String, String, String)> = want
            .as_array()
            .ok_or("trace is not a list")?
            .iter()
            .map(|e| {
                let field = |k: &str| {
                    e.get(k)
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                        .ok_or(format!("trace entry without {k}"))
                };
                Ok((field("policy")?, field("action")?, field("outcome")?))
            })
            .collect::<Result<_, String>>()?;
        check("trace", &got, &want)?;
    }
    v.finish()
}

/// What a Docker sequence produced, however it was driven.
#[derive(Debug, PartialEq)]
struct Observed {
    /// `ok` or `error`.
    result: String,
    image_id: Option<String>,
    /// The final error (the last policy's alone for `pullDockerImage`).
    error: Option<String>,
    reason: Option<String>,
    /// The references sent to the daemon.
    refs: Vec<String>,
    /// The job log, as the runner shows it.
    log: Vec<String>,
    /// One `(policy, action, outcome)` per policy tried.
    trace: Vec<(String, String, String)>,
}

/// The daemon of a vector: answers pull calls in order, and applies the
/// executor's cancellation check after a failed call.
struct ScriptedDaemon<'v> {
    outcomes: std::slice::Iter<'v, Result<(), String>>,
    context: Context,
    inspect_after: Option<&'v str>,
    pulled_id: &'v str,
    refs: Vec<String>,
    ran_out: bool,
}

impl DockerDaemon for ScriptedDaemon<'_> {
    fn pull(&mut self, reference: PullReference<'_>) -> Outcome<'static> {
        self.refs.push(reference.to_string());
        let first_call = self.refs.len() == 1;
        let done = match self.context {
            Context::Live => None,
            Context::CanceledDuringFirstPull if !first_call => Some(Failure::Canceled),
            Context::Canceled | Context::CanceledDuringFirstPull => Some(Failure::Canceled),
            Context::DeadlineExceeded => Some(Failure::TimedOut {
                cause: "context deadline exceeded".into(),
            }),
            Context::CustomCause => Some(Failure::TimedOut {
                cause: "custom deadline cause".into(),
            }),
        };
        match self.outcomes.next() {
            None => {
                self.ran_out = true;
                Outcome::Failed(Failure::Canceled)
            }
            Some(Err(message)) => {
                Outcome::Failed(done.unwrap_or_else(|| Failure::pull(message.clone())))
            }
            Some(Ok(())) => match self.inspect_after {
                Some(message) => Outcome::Failed(
                    done.unwrap_or_else(|| Failure::inspect_after_pull(message.to_owned())),
                ),
                None => Outcome::Succeeded(LocalImage::new(self.pulled_id.to_owned())),
            },
        }
    }
}

impl ScriptedDaemon<'_> {
    fn check_enough(&self) -> TestResult {
        if self.ran_out {
            return Err(
                format!("pull call #{} has no pull_outcomes entry", self.refs.len()).into(),
            );
        }
        Ok(())
    }
}

/// The vector driven decision by decision through [`next_policy`].
fn docker_direct(
    plan: &PullPlan<'_>,
    daemon: &mut ScriptedDaemon<'_>,
    whole_loop: bool,
    policies: usize,
) -> Result<Observed, Failed> {
    let mut history = Vec::new();
    let mut log = Vec::new();
    let mut trace: Vec<TraceEntry> = Vec::new();
    let final_action = loop {
        let decision = next_policy(plan, &history);
        log.extend(decision.log_lines().map(|line| line.prefixed().to_string()));
        if let Some((index, policy, action)) = action_name(&decision) {
            trace.push(TraceEntry {
                index,
                policy,
                action,
                outcome: None,
            });
        }
        let outcome = match decision.action() {
            Action::Succeeded { .. } | Action::Exhausted(_) => break decision.action(),
            Action::Pull { reference, .. } | Action::RetryPull { reference, .. } => {
                let outcome = daemon.pull(reference);
                daemon.check_enough()?;
                outcome
            }
            _ => decision
                .known_outcome()
                .ok_or("a local step without a known outcome")?,
        };
        if let Some(entry) = trace.last_mut() {
            entry.outcome = Some(if matches!(outcome, Outcome::Succeeded(_)) {
                "ok"
            } else {
                "fail"
            });
        }
        history.extend(decision.attempt(outcome));
        if history.len() > 1000 {
            return Err("the decision loop does not end".into());
        }
    };
    if trace.iter().any(|entry| entry.index >= policies) {
        return Err("trace entry outside the policy list".into());
    }
    let (result, image_id, error, reason) = match final_action {
        Action::Succeeded { image, .. } => ("ok", Some(image.id.into_owned()), None, None),
        Action::Exhausted(end) => {
            let error = if whole_loop {
                end.to_string()
            } else {
                end.last_error().map(|e| e.to_string()).unwrap_or_default()
            };
            let reason = end.failure_reason().map(|r| r.as_str().to_owned());
            ("error", None, Some(error), reason)
        }
        _ => return Err("loop ended on a non-final decision".into()),
    };
    let trace = trace
        .iter()
        .map(|e| {
            (
                e.policy.as_str().to_owned(),
                e.action.to_owned(),
                e.outcome.unwrap_or("none").to_owned(),
            )
        })
        .collect();
    Ok(Observed {
        result: result.to_owned(),
        image_id,
        error,
        reason,
        refs: std::mem::take(&mut daemon.refs),
        log,
        trace,
    })
}

/// The vector through the library's simulation ([`docker_pull`]).
fn docker_simulated(
    plan: &PullPlan<'_>,
    daemon: &mut ScriptedDaemon<'_>,
    whole_loop: bool,
) -> Result<Observed, Failed> {
    let run = docker_pull(plan, daemon);
    daemon.check_enough()?;
    let log = run
        .attempts
        .iter()
        .flat_map(|a| &a.log)
        .chain(&run.closing_log)
        .map(|line| line.prefixed())
        .collect();
    // One trace entry per policy tried: its pulls (retries and the lookup
    // before an `if-not-present` pull included) are one entry, named by
    // the decision that started it.
    let mut trace: Vec<(Option<usize>, (String, String, String))> = Vec::new();
    for attempt in &run.attempts {
        let action = match (attempt.action, attempt.local_use) {
            (SimAction::Pull, _) => "pull",
            (SimAction::UseLocal, Some(LocalUse::AlreadyUsed)) => "used_shortcut",
            (SimAction::UseLocal, Some(LocalUse::ById)) => "by_id",
            (SimAction::UseLocal, Some(LocalUse::IfNotPresent)) => "local",
            (SimAction::UseLocal, Some(LocalUse::Never)) => "never_local",
            (SimAction::NoLocal, _) => "never_missing",
            (action, _) => return Err(format!("unexpected step {action:?}").into()),
        };
        let outcome = match attempt.outcome {
            SimOutcome::Ok => "ok",
            SimOutcome::Failed => "fail",
        };
        let policy = attempt.policy.clone().unwrap_or_default();
        let entry = (policy, action.to_owned(), outcome.to_owned());
        match trace.last_mut() {
            // A pull, or the pull after the lookup, of the same policy.
            Some((index, last)) if *index == attempt.policy_index => {
                if action == "pull" {
                    *last = entry;
                }
            }
            _ => trace.push((attempt.policy_index, entry)),
        }
    }
    let (result, image_id, error, reason) = match run.end {
        DockerEnd::Image(image) => ("ok", Some(image.id.into_owned()), None, None),
        DockerEnd::Exhausted {
            error,
            last_error,
            reason,
            ..
        } => {
            let error = if whole_loop {
                error
            } else {
                last_error.unwrap_or_default()
            };
            (
                "error",
                None,
                Some(error),
                reason.map(|r| r.as_str().to_owned()),
            )
        }
    };
    Ok(Observed {
        result: result.to_owned(),
        image_id,
        error,
        reason,
        refs: std::mem::take(&mut daemon.refs),
        log,
        trace: trace.into_iter().map(|(_, entry)| entry).collect(),
    })
}

// ---- kubernetes_sequence ------------------------------------------------

fn kubernetes_name(name: &str) -> Result<KubernetesPullPolicy, Failed> {
    use KubernetesPullPolicy::*;
    [ClusterDefault, Always, IfNotPresent, Never]
        .into_iter()
        .find(|p| p.as_str() == name)
        .ok_or_else(|| format!("not a Kubernetes policy: {name:?}").into())
}

fn kubernetes_sequence(value: &Value) -> TestResult {
    let mut v = Vector::new(
        value,
        &[
            "policies_by_container",
            "steps",
            "job_pull_policy",
            "allowed_pull_policies",
        ],
    )?;
    let by_container = v
        .input("policies_by_container")
        .and_then(Value::as_object)
        .ok_or("policies_by_container is not an object")?;
    let mut map = Vec::new();
    for (container, list) in by_container {
        let list = strings(list)?
            .iter()
            .map(|p| kubernetes_name(p))
            .collect::<Result<Vec<_>, _>>()?;
        map.push((container.clone(), list));
    }
    let policies: ContainerPolicies = map.into_iter().collect();

    // When the vector says where the map came from, it must be what
    // `preparePullManager` builds from those settings.
    if v.input("job_pull_policy").is_some() || v.input("allowed_pull_policies").is_some() {
        let pull_policy = PullPolicyList::default();
        let allowed =
            AllowedPullPolicies::new(v.input_list("allowed_pull_policies")?.unwrap_or_default());
        let job_list = v.input_list("job_pull_policy")?.unwrap_or_default();
        let job = KubernetesJob {
            image_pull_policy: &job_list,
            native_steps: policies.contains("init-steps-bootstrap"),
            ..KubernetesJob::default()
        };
        let built = RunnerPolicies::new(&pull_policy, &allowed)
            .kubernetes_effective(&job)
            .map_err(|e| format!("building the map: {e}"))?;
        for (container, list) in policies.iter() {
            check(
                &format!("map entry for {container}"),
                built.get(container),
                list,
            )?;
        }
    }

    kubernetes_simulated(value, &policies)?;
    let mut cursor = KubernetesPullCursor::new(policies);
    let mut seen = Vec::new();
    let mut last_retry = None;
    let steps = v
        .input("steps")
        .and_then(Value::as_array)
        .ok_or("steps is not a list")?;
    for (n, step) in steps.iter().enumerate() {
        let field = |k: &str| step.get(k).ok_or_else(|| format!("step {n} without {k}"));
        let container = string(field("container")?)?;
        let expect = field("expect")?;
        match string(field("op")?)? {
            "get" => {
                let got = cursor.policy_for(container);
                if let Ok(policy) = got {
                    seen.push(policy.as_str().to_owned());
                }
                let got = got
                    .map(|p| p.as_str().to_owned())
                    .map_err(|e| e.to_string());
                let want = match (expect.get("policy"), expect.get("error")) {
                    (Some(p), None) => Ok(string(p)?.to_owned()),
                    (None, Some(e)) => Err(string(e)?.to_owned()),
                    _ => return Err(format!("step {n}: expect needs policy or error").into()),
                };
                check(&format!("step {n} ({container})"), &got, &want)?;
            }
            "fail" => {
                let attempt = field("attempt")?
                    .as_u64()
                    .and_then(|a| u32::try_from(a).ok())
                    .ok_or("bad attempt")?;
                let record = cursor.record_failure(
                    attempt,
                    container,
                    string(field("image")?)?,
                    string(field("message")?)?,
                );
                last_retry = Some(record.retry());
                for key in expect.as_object().ok_or("expect is not an object")?.keys() {
                    if key != "retry" && key != "logs" {
                        return Err(format!("step {n}: expect key {key:?} not checked").into());
                    }
                }
                if let Some(want) = expect.get("retry") {
                    check(
                        &format!("step {n} retry"),
                        &Some(record.retry()),
                        &want.as_bool(),
                    )?;
                }
                if let Some(want) = expect.get("logs") {
                    let got: Vec<(String, String)> = record
                        .log_lines()
                        .map(|l| (l.level().as_str().to_owned(), l.to_string()))
                        .collect();
                    let want: Vec<(String, String)> = want
                        .as_array()
                        .ok_or("logs is not a list")?
                        .iter()
                        .map(|l| {
                            let f = |k: &str| {
                                l.get(k)
                                    .and_then(Value::as_str)
                                    .map(str::to_owned)
                                    .ok_or(format!("log without {k}"))
                            };
                            Ok((f("level")?, f("text")?))
                        })
                        .collect::<Result<_, String>>()?;
                    check(&format!("step {n} logs"), &got, &want)?;
                }
            }
            other => return Err(format!("unknown op {other:?}").into()),
        }
    }
    if let Some(want) = v.take("final") {
        let want = want.as_object().ok_or("final is not an object")?;
        for (container, state) in want {
            let got = match cursor.policy_for(container) {
                Ok(policy) => policy.as_str().to_owned(),
                Err(_) => "exhausted".to_owned(),
            };
            check(
                &format!("final state of {container}"),
                got.as_str(),
                string(state)?,
            )?;
        }
    }
    if let Some(want) = v.take("seen_policies") {
        check("seen_policies", &seen, &strings(&want)?)?;
    }
    if let Some(want) = v.take("final_error") {
        // The run ends with an error when the last failure had no policy
        // left to fall back to.
        check(
            "final_error",
            &last_retry.map(|retry| !retry),
            &want.as_bool(),
        )?;
    }
    v.finish()
}

/// The kubelet of a Kubernetes sequence: pod attempt `n` fails the
/// container of the vector's `n`-th `fail` step, with its message; once
/// they are used up, the pod runs.
struct ScriptedKubelet<'v> {
    fails: std::slice::Iter<'v, (String, String, String, u32)>,
}

impl Kubelet for ScriptedKubelet<'_> {
    fn start(&mut self, attempt: u32, _: &[ContainerSpec<'_>], _: &mut Vec<PodPull>) -> PodStart {
        match self.fails.next() {
            Some((container, image, message, want)) if *want == attempt => PodStart::PullFailed {
                container: container.clone(),
                image: image.clone(),
                message: message.clone(),
                reason: classify(message).into(),
            },
            Some(_) => PodStart::Refused {
                error: format!("the vector's attempt numbers do not follow on at {attempt}"),
                reason: None,
            },
            None => PodStart::Running,
        }
    }
}

/// The Kubernetes sequence through the library's pod loop
/// ([`kubernetes_pull`]): every container of the map (and any other the
/// steps name) is in the pod, each `fail` step is one pod attempt whose
/// pull fails, and each `get` is the policy on the next pod's spec, or
/// the cursor's once the loop has ended. Checked against the vector's own
/// expectations.
fn kubernetes_simulated(value: &Value, policies: &ContainerPolicies) -> TestResult {
    let steps = value
        .get("steps")
        .and_then(Value::as_array)
        .ok_or("steps is not a list")?;
    let field = |step: &Value, key: &str| -> Result<String, Failed> {
        Ok(string(step.get(key).ok_or(format!("step without {key}"))?)?.to_owned())
    };
    let mut names: Vec<String> = policies.iter().map(|(c, _)| c.to_owned()).collect();
    let mut fails = Vec::new();
    for step in steps {
        let container = field(step, "container")?;
        if !names.contains(&container) {
            names.push(container.clone());
        }
        if field(step, "op")? == "fail" {
            let attempt = step
                .get("attempt")
                .and_then(Value::as_u64)
                .and_then(|a| u32::try_from(a).ok())
                .ok_or("bad attempt")?;
            let (image, message) = (field(step, "image")?, field(step, "message")?);
            fails.push((container, image, message, attempt));
        }
    }
    let template: Vec<PodContainer<'_>> = names
        .iter()
        .map(|name| PodContainer {
            name,
            image: "image",
            init: false,
        })
        .collect();
    let first = fails.first().map_or(1, |f| f.3);
    let mut kubelet = ScriptedKubelet {
        fails: fails.iter(),
    };
    let cursor = KubernetesPullCursor::new(policies.clone());
    let run = kubernetes_pull(cursor, &template, first, &mut kubelet);
    let mut done = 0_usize;
    let mut seen = Vec::new();
    for (n, step) in steps.iter().enumerate() {
        let container = field(step, "container")?;
        let expect = step.get("expect").ok_or("step without expect")?;
        if field(step, "op")? == "fail" {
            let pod = run
                .pods
                .get(done)
                .ok_or(format!("step {n}: no pod attempt"))?;
            if let Some(want) = expect.get("retry") {
                let retried = run.pods.len() > done + 1 || run.end == KubernetesEnd::Running;
                check(&format!("step {n} retry"), &Some(retried), &want.as_bool())?;
            }
            if let Some(want) = expect.get("logs") {
                let got: Vec<String> = pod.log.iter().map(|l| l.prefixed()).collect();
                let want: Vec<String> = want
                    .as_array()
                    .ok_or("logs is not a list")?
                    .iter()
                    .map(|l| {
                        let prefix = if l.get("level") == Some(&Value::from("warning")) {
                            "WARNING: "
                        } else {
                            ""
                        };
                        let text = l.get("text").and_then(Value::as_str).unwrap_or_default();
                        format!("{prefix}{text}")
                    })
                    .collect();
                check(&format!("step {n} logs"), &got, &want)?;
            }
            done += 1;
            continue;
        }
        // The policy the next pod gets, or the cursor's once none follows.
        let got = match run.pods.get(done) {
            Some(pod) => pod
                .spec
                .iter()
                .find(|(c, _)| *c == container)
                .map(|(_, p)| Ok(p.as_str().to_owned()))
                .ok_or(format!("step {n}: {container} not in the pod"))?,
            None => run
                .cursor
                .policy_for(&container)
                .map(|p| p.as_str().to_owned())
                .map_err(|e| e.to_string()),
        };
        if let Ok(policy) = &got {
            seen.push(policy.clone());
        }
        let want = match (expect.get("policy"), expect.get("error")) {
            (Some(p), None) => Ok(string(p)?.to_owned()),
            (None, Some(e)) => Err(string(e)?.to_owned()),
            _ => return Err(format!("step {n}: expect needs policy or error").into()),
        };
        check(&format!("simulated step {n} ({container})"), &got, &want)?;
    }
    // One pod per failure, and one that runs when the last one retried.
    let running = usize::from(run.end == KubernetesEnd::Running);
    check(
        "simulated pod attempts",
        &run.pods.len(),
        &(fails.len() + running),
    )?;
    let expect = value.get("expect").ok_or("no expect")?;
    if let Some(want) = expect.get("final").and_then(Value::as_object) {
        for (container, state) in want {
            let got = match run.cursor.policy_for(container) {
                Ok(policy) => policy.as_str().to_owned(),
                Err(_) => "exhausted".to_owned(),
            };
            check(
                &format!("simulated final state of {container}"),
                got.as_str(),
                string(state)?,
            )?;
        }
    }
    if let Some(want) = expect.get("seen_policies") {
        check("simulated seen_policies", &seen, &strings(want)?)?;
    }
    if let Some(want) = expect.get("final_error") {
        let failed = matches!(run.end, KubernetesEnd::Failed { .. });
        check("simulated final_error", &Some(failed), &want.as_bool())?;
    }
    Ok(())
}

// ---- the harness's own checks ---------------------------------------------

/// `never` without a local copy, then `always`: a warning and an info line.
fn never_then_always(logs_contain: &[&str]) -> Value {
    serde_json::json!({
        "id": "harness",
        "kind": "docker_sequence",
        "scope": "GetDockerImage",
        "policies": ["never", "always"],
        "image": "app:1",
        "local_inspect_error": "file does not exist",
        "pull_outcomes": ["ok"],
        "expect": {"result": "ok", "logs_contain": logs_contain},
    })
}

/// Vectors the harness must accept and reject, so that `logs_contain`
/// keeps meaning "the job log as the runner shows it".
fn self_checks() -> Vec<Trial> {
    let warning = "Failed to pull image with policy \"never\": file does not exist";
    let info = "Attempt #2: Trying \"always\" pull policy";
    let shown = format!("WARNING: {warning}");
    let invented = format!("WARNING: {info}");
    vec![
        Trial::test("harness::logs-contain-warning-prefixes", move || {
            run(&never_then_always(&[&shown, info]))
        }),
        Trial::test("harness::logs-contain-unprefixed-lines", move || {
            run(&never_then_always(&[warning, info]))
        }),
        Trial::test(
            "harness::logs-contain-no-invented-prefix",
            move || match run(&never_then_always(&[&invented])) {
                Ok(()) => Err("an Infoln line was found with a WARNING: prefix".into()),
                Err(_) => Ok(()),
            },
        ),
    ]
}
