//! Properties of the image reference parser: it never panics, what it
//! accepts splits into parts that join back into the input, and references
//! built from the grammar's own pieces are accepted.

use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use runner_config::image::{ImageRef, LatestTag, Part};
use runner_config::policy::{KubernetesPullPolicy, cluster_default};

/// Checks everything an accepted reference promises about its parts.
fn assert_consistent(input: &str, image: &ImageRef<'_>) -> Result<(), TestCaseError> {
    prop_assert_eq!(image.as_str(), input);
    let text = |part| image.span_of(part).and_then(|span| input.get(span));
    prop_assert_eq!(text(Part::Domain), image.domain());
    prop_assert_eq!(text(Part::Tag), image.tag());
    prop_assert_eq!(text(Part::Digest), image.digest());
    if image.is_id() {
        prop_assert_eq!(image.digest(), Some(input));
        prop_assert_eq!(image.span_of(Part::Path), None);
        return Ok(());
    }
    prop_assert_eq!(text(Part::Path), Some(image.path()));

    // The parts, re-joined with their delimiters, give back the input.
    let mut joined = String::new();
    if let Some(domain) = image.domain() {
        joined.push_str(domain);
        joined.push('/');
    }
    joined.push_str(image.path());
    if let Some(tag) = image.tag() {
        joined.push(':');
        joined.push_str(tag);
    }
    if let Some(digest) = image.digest() {
        joined.push('@');
        joined.push_str(digest);
    }
    prop_assert_eq!(joined.as_str(), input);

    // Spans lie inside the input, in order, the port inside the domain.
    let path = image.span_of(Part::Path).unwrap_or_default();
    let mut end = 0;
    if let Some(domain) = image.span_of(Part::Domain) {
        prop_assert_eq!(domain.start, 0);
        if let Some(port) = image.span_of(Part::Port) {
            prop_assert!(domain.start < port.start && port.end == domain.end);
        }
        end = domain.end + 1;
    } else {
        prop_assert_eq!(image.span_of(Part::Port), None);
    }
    prop_assert_eq!(path.start, end);
    end = path.end;
    if let Some(tag) = image.span_of(Part::Tag) {
        prop_assert_eq!(tag.start, end + 1);
        end = tag.end;
    }
    if let Some(digest) = image.span_of(Part::Digest) {
        prop_assert_eq!(digest.start, end + 1);
        end = digest.end;
    }
    prop_assert_eq!(end, input.len());
    Ok(())
}

/// Parses `input` and checks the invariants of either outcome.
fn check_any(input: &str) -> Result<(), TestCaseError> {
    match ImageRef::parse(input) {
        Ok(image) => assert_consistent(input, &image)?,
        Err(err) => {
            let span = err.span();
            prop_assert!(input.get(span.clone()).is_some(), "{span:?} in {input:?}");
            prop_assert_eq!(
                span.is_empty(),
                input.is_empty(),
                "{:?} for {:?}",
                span,
                input
            );
            prop_assert!(!err.to_string().is_empty());
        }
    }
    prop_assert_ne!(cluster_default(input), KubernetesPullPolicy::ClusterDefault);
    Ok(())
}

fn host() -> impl Strategy<Value = String> {
    let component = "[a-zA-Z0-9]([a-zA-Z0-9-]{0,6}[a-zA-Z0-9])?";
    prop_oneof![
        vec(component, 2..4).prop_map(|parts| parts.join(".")),
        Just("localhost".to_owned()),
        "[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}",
        "\\[[0-9a-fA-F]{0,4}(:[0-9a-fA-F]{0,4}){1,7}\\]",
    ]
}

/// Domains as they can be written: every one has a `.` or `:` or is
/// `localhost`, or it would be read as a path component.
fn domain() -> impl Strategy<Value = String> {
    prop_oneof![
        (host(), option::of("[0-9]{1,5}")).prop_map(|(host, port)| match port {
            Some(port) => format!("{host}:{port}"),
            None => host,
        }),
        ("[a-z][a-z0-9]{0,6}", "[0-9]{1,5}").prop_map(|(host, port)| format!("{host}:{port}")),
    ]
}

fn path_component() -> impl Strategy<Value = String> {
    "[a-z0-9]{1,6}((\\.|_|__|-{1,3})[a-z0-9]{1,6}){0,2}"
}

fn tag() -> impl Strategy<Value = String> {
    // The longest tag is as likely as all the others together.
    prop_oneof![
        "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}",
        "[A-Za-z0-9_][A-Za-z0-9_.-]{127}"
    ]
}

fn digest() -> impl Strategy<Value = String> {
    let other = "[a-z0-9]{1,6}([+._-][a-z0-9]{1,6}){0,2}:[a-zA-Z0-9=_-]{32,72}".prop_filter(
        "registered algorithms have fixed lengths",
        |d| {
            !["sha256:", "sha384:", "sha512:"]
                .iter()
                .any(|a| d.starts_with(a))
        },
    );
    prop_oneof![
        "sha256:[0-9a-f]{64}",
        "sha384:[0-9a-f]{96}",
        "sha512:[0-9a-f]{128}",
        other
    ]
}

/// The parts of a valid reference: domain, path components, tag, digest.
type Parts = (Option<String>, Vec<String>, Option<String>, Option<String>);

fn reference_parts() -> impl Strategy<Value = Parts> {
    (
        option::of(domain()),
        vec(path_component(), 1..4),
        option::of(tag()),
        option::of(digest()),
    )
        .prop_filter(
            "a first component with '.' is a domain",
            |(domain, path, _, _)| domain.is_some() || path.len() == 1 || !path[0].contains('.'),
        )
}

fn join((domain, path, tag, digest): &Parts) -> String {
    let mut out = String::new();
    if let Some(domain) = domain {
        out.push_str(domain);
        out.push('/');
    }
    out.push_str(&path.join("/"));
    if let Some(tag) = tag {
        out.push(':');
        out.push_str(tag);
    }
    if let Some(digest) = digest {
        out.push('@');
        out.push_str(digest);
    }
    out
}

fn variable() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\$[A-Za-z_][A-Za-z0-9_]{0,10}",
        "\\$\\{[A-Za-z0-9_]{1,10}\\}"
    ]
}

proptest! {
    #[test]
    fn never_panics_on_any_string(input in any::<String>()) {
        check_any(&input)?;
    }

    #[test]
    fn never_panics_near_the_grammar(
        input in "[a-zA-Z0-9._/:@\\[\\]${}\"+= \té-]{0,40}"
    ) {
        check_any(&input)?;
    }

    #[test]
    fn valid_references_are_accepted(parts in reference_parts()) {
        let input = join(&parts);
        let image = ImageRef::parse(&input)
            .map_err(|e| TestCaseError::fail(format!("{input:?}: {e} at {:?}", e.span())))?;
        assert_consistent(&input, &image)?;
        let (domain, path, tag, digest) = &parts;
        prop_assert_eq!(image.domain(), domain.as_deref());
        prop_assert_eq!(image.path(), path.join("/"));
        prop_assert_eq!(image.tag(), tag.as_deref());
        prop_assert_eq!(image.digest(), digest.as_deref());
        prop_assert!(!image.has_variables());
        let latest = match (tag.as_deref(), digest) {
            (_, Some(_)) => LatestTag::NotLatest,
            (None, None) => LatestTag::Implied,
            (Some("latest"), None) => LatestTag::Explicit,
            (Some(_), None) => LatestTag::NotLatest,
        };
        prop_assert_eq!(image.latest_tag(), latest);
    }

    /// Putting a variable in place of any part never makes a valid
    /// reference invalid.
    #[test]
    fn variables_are_never_errors(
        (domain, mut path, tag, digest) in reference_parts(),
        var in variable(),
        which in 0usize..5,
        prefix in "[a-z0-9]{0,3}",
    ) {
        let mut parts = (domain, path.clone(), tag, digest);
        match which {
            0 => parts.0 = Some(var),
            1 => {
                let last = path.len() - 1;
                path[last] = format!("{prefix}{var}");
                parts.1 = path;
            }
            2 => parts.2 = Some(format!("{prefix}{var}")),
            3 => parts.3 = Some(var),
            _ => parts = (None, vec![var], None, None),
        }
        let input = join(&parts);
        let image = ImageRef::parse(&input)
            .map_err(|e| TestCaseError::fail(format!("{input:?}: {e} at {:?}", e.span())))?;
        assert_consistent(&input, &image)?;
        prop_assert!(image.has_variables());
    }
}
