//! Docker/OCI image references, with the byte range of every part.
//!
//! [`ImageRef::parse`] reads `[domain[:port]/]path[:tag][@digest]` the way
//! Docker does when GitLab Runner hands it a job's image: the grammar of
//! `github.com/distribution/reference`, in the variant `ParseNormalizedNamed`
//! uses for names and `ParseAnyReference` uses for image IDs. Every part keeps
//! its byte range in the input so a diagnostic can underline exactly the part
//! that is wrong, and parsing a valid reference allocates nothing.
//!
//! # Grammar
//!
//! - **Domain.** The text before the first `/` is a registry domain when it
//!   contains `.` or `:`, or is exactly `localhost`; otherwise it is the first
//!   path component and the image comes from Docker Hub. A name without any
//!   `/` never has a domain, so `localhost:5000` is the image `localhost` with
//!   the tag `5000`, as in Docker. A domain is a host — components
//!   `[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?` joined by `.`, or an IPv6
//!   literal in brackets (`[::1]`) — and an optional `:port` of digits. The
//!   domain is the only part of the name that may contain capitals.
//! - **Path.** Components separated by `/`, each made of `[a-z0-9]+` runs
//!   joined by one separator: `.`, `_`, `__` or any number of `-`.
//! - **Tag.** After the first `:` that follows the domain: `[\w][\w.-]{0,127}`,
//!   so at most 128 characters, not starting with `.` or `-`. No tag written
//!   ([`ImageRef::tag`] is `None`) is kept distinct from `:latest`.
//! - **Digest.** After the first `@`: `algorithm:encoded`, the algorithm
//!   `[a-z0-9]+([+._-][a-z0-9]+)*` and the encoded part
//!   `[a-zA-Z0-9=_-]{32,}` (the OCI image-spec grammar). The algorithms Go
//!   registers are exact: `sha256` takes 64, `sha384` 96 and `sha512` 128
//!   lowercase hex characters. Those three are all Docker itself can pull
//!   by; another algorithm is well formed here but fails at pull time.
//! - **Length.** The name (domain, `/` and path, as written) is at most 255
//!   characters. Newer releases of distribution/reference count only the
//!   path; a name that long is broken either way.
//! - **Image IDs.** A full ID, `sha256:` and 64 lowercase hex characters or
//!   the 64 hex characters alone, is an ID and not a name
//!   ([`ImageRef::is_id`]): the runner compares the job's image string with
//!   the local image's ID and, when they are equal, never pulls. A shorter
//!   hex string is an ordinary name (`0123abcd` is `0123abcd:latest`).
//!
//! One deliberate difference from distribution/reference: it reads a first
//! component with a capital letter (`MyGroup/app`) as a registry host, so
//! Docker tries to reach a server called `MyGroup`. That is almost never
//! what the author meant, so this parser reports "repository name must be
//! lowercase" there instead. [`crate::policy::cluster_default`], which must
//! predict Kubernetes exactly, keeps distribution's reading.
//!
//! # GitLab variables
//!
//! GitLab expands CI/CD variables in image names before the runner uses
//! them (`$CI_REGISTRY_IMAGE/app:$TAG`). `$NAME` and `${NAME}`, `NAME`
//! being letters, digits and `_`, are variables and never an error in
//! themselves; a malformed `${…}` is. Since a variable may expand to any
//! text, a reference with variables is only checked as far as its written
//! text allows:
//!
//! - parts are found by the `/`, `:` and `@` written literally; a `:` or `@`
//!   written after a variable is taken as the tag or digest separator;
//! - a part that contains a variable is not judged, except that each literal
//!   character in it must be one that can appear in a reference at all, so a
//!   space or a quote is still an error;
//! - a part written entirely literally is judged as usual:
//!   `$CI_REGISTRY/MyApp` is still an error, `$CI_REGISTRY/my${APP}` is not;
//! - whether the first component is a registry is decided by a literal `.`,
//!   `:` or `localhost`; when it holds a variable and none of those, the
//!   registry is unknown ([`ImageRef::registry`] is `None`) and the
//!   component counts as part of the path;
//! - the name's length is only checked when it holds no variable.
//!
//! ```
//! use runner_config::image::{ImageRef, LatestTag, Part};
//!
//! let image = ImageRef::parse("registry.gitlab.com/group/app:v1.2.3").unwrap();
//! assert_eq!(image.registry(), Some("registry.gitlab.com"));
//! assert_eq!(image.path(), "group/app");
//! assert_eq!(image.span_of(Part::Tag), Some(30..36));
//!
//! let err = ImageRef::parse("Alpine:3.19").unwrap_err();
//! assert_eq!(err.to_string(), "repository name must be lowercase");
//! assert_eq!(err.span(), 0..6);
//!
//! let templated = ImageRef::parse("$CI_REGISTRY_IMAGE:latest").unwrap();
//! assert_eq!(templated.registry(), None); // decided by the variable
//! assert_eq!(templated.latest_tag(), LatestTag::Explicit);
//! ```

use std::fmt;
use std::ops::Range;

/// The longest name (domain, `/` and path) distribution/reference accepts.
const NAME_MAX: usize = 255;
/// `[\w][\w.-]{0,127}`.
const TAG_MAX: usize = 128;
/// The shortest encoded digest: 128 bits in hex.
const ENCODED_MIN: usize = 32;
/// Docker Hub's default domain, used when a reference names none.
const DOCKER_HUB: &str = "docker.io";

/// Every character that may appear somewhere in a reference; a literal
/// character outside this set is wrong whatever a variable expands to.
const fn is_reference_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '.' | '_' | '-' | '/' | ':' | '@' | '[' | ']' | '+' | '=')
}

/// A byte range that is `Copy`, so [`ImageRef`] can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Span {
    start: usize,
    end: usize,
}

impl Span {
    const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    const fn is_empty(self) -> bool {
        self.start >= self.end
    }

    const fn len(self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// The span of `c`, found at byte `i` of a text starting at `offset`.
    const fn of_char(offset: usize, i: usize, c: char) -> Self {
        Self::new(offset + i, offset + i + c.len_utf8())
    }

    fn range(self) -> Range<usize> {
        self.start..self.end
    }

    /// The spanned text. Spans are only ever cut at ASCII delimiters or
    /// `char_indices` boundaries, so the fallback is unreachable; it exists
    /// so that a bug would give a wrong answer rather than a panic.
    fn text(self, input: &str) -> &str {
        input.get(self.start..self.end).unwrap_or("")
    }
}

/// A part of an image reference, for [`ImageRef::span_of`] and
/// [`ImageRefError::part`].
///
/// ```
/// use runner_config::image::{ImageRef, Part};
///
/// let image = ImageRef::parse("localhost:5000/app:1.0").unwrap();
/// assert_eq!(image.span_of(Part::Domain), Some(0..14)); // port included
/// assert_eq!(image.span_of(Part::Port), Some(10..14));
/// assert_eq!(Part::Path.to_string(), "repository name");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// The registry domain, `:port` included.
    Domain,
    /// The domain's port, digits only.
    Port,
    /// The repository path (`group/app`), without domain, tag or digest.
    Path,
    /// The tag, without its `:`.
    Tag,
    /// The digest (`sha256:…`), without its `@`; for an image ID, the ID.
    Digest,
}

impl Part {
    /// How messages name the part: `registry domain`, `port`, `repository
    /// name`, `tag`, `digest`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Domain => "registry domain",
            Self::Port => "port",
            Self::Path => "repository name",
            Self::Tag => "tag",
            Self::Digest => "digest",
        }
    }
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether an image would be pulled as the moving `latest` tag.
///
/// A digest pins the image even next to `:latest`: Docker pulls
/// `name:latest@sha256:…` by its digest. (Kubernetes' default pull policy
/// looks only at the tag; see [`crate::policy::cluster_default`].)
///
/// ```
/// use runner_config::image::{ImageRef, LatestTag};
///
/// let latest = |s| ImageRef::parse(s).unwrap().latest_tag();
/// assert_eq!(latest("alpine"), LatestTag::Implied);
/// assert_eq!(latest("alpine:latest"), LatestTag::Explicit);
/// assert_eq!(latest("alpine:3.19"), LatestTag::NotLatest);
/// assert_eq!(latest("alpine:$VERSION"), LatestTag::Unknown);
/// assert!(latest("alpine").is_latest());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LatestTag {
    /// Neither tag nor digest is written, so Docker adds `:latest`.
    Implied,
    /// `:latest` is written and there is no digest.
    Explicit,
    /// Another tag, a digest, or an image ID.
    NotLatest,
    /// A variable decides it (`$IMAGE`, `app:$TAG`).
    Unknown,
}

impl LatestTag {
    /// `true` for [`LatestTag::Implied`] and [`LatestTag::Explicit`].
    pub const fn is_latest(self) -> bool {
        matches!(self, Self::Implied | Self::Explicit)
    }
}

/// Which rules a parse follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dialect {
    /// A value written in `config.toml`: GitLab variables are allowed and a
    /// capitalised first component is an error (see the module docs).
    GitLab,
    /// What Kubernetes' `ParseImageName` accepts, quirks included: no
    /// variables, a capitalised first component is a domain, and only the
    /// digest algorithms Go registers (`sha256`, `sha384`, `sha512`).
    Kubernetes,
}

/// A Docker/OCI image reference, borrowed from the string it was parsed
/// from, with the byte range of each part.
///
/// ```
/// use runner_config::image::{ImageRef, Part};
///
/// let image = ImageRef::parse("alpine:3.19").unwrap();
/// assert_eq!(image.domain(), None); // none written
/// assert_eq!(image.registry(), Some("docker.io"));
/// assert!(image.is_docker_hub());
/// assert_eq!((image.path(), image.tag(), image.digest()), ("alpine", Some("3.19"), None));
/// assert_eq!(image.span_of(Part::Path), Some(0..6));
///
/// let id = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
/// assert!(ImageRef::parse(id).unwrap().is_id());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ImageRef<'a> {
    input: &'a str,
    domain: Option<Span>,
    port: Option<Span>,
    /// Empty for an image ID.
    path: Span,
    tag: Option<Span>,
    /// The whole input for an image ID.
    digest: Option<Span>,
    id: bool,
}

impl<'a> ImageRef<'a> {
    /// Parses a reference as written in `config.toml` or `.gitlab-ci.yml`,
    /// GitLab variables allowed (see the module docs).
    ///
    /// Nothing is trimmed: surrounding whitespace is an error, as it is for
    /// Docker.
    pub fn parse(input: &'a str) -> Result<Self, ImageRefError> {
        Parser {
            input,
            dialect: Dialect::GitLab,
        }
        .parse()
    }

    /// Parses a reference exactly as Kubernetes' `ParseImageName` would,
    /// for [`crate::policy::cluster_default`].
    pub(crate) fn parse_kubernetes(input: &'a str) -> Result<Self, ImageRefError> {
        Parser {
            input,
            dialect: Dialect::Kubernetes,
        }
        .parse()
    }

    /// The whole reference, as written.
    pub fn as_str(&self) -> &'a str {
        self.input
    }

    /// The registry domain as written, `:port` included; `None` when the
    /// reference names none (Docker Hub), or when the first component holds
    /// a variable and nothing else marks it as a domain (`${REGISTRY}/app`).
    pub fn domain(&self) -> Option<&'a str> {
        self.domain.map(|span| span.text(self.input))
    }

    /// The registry the image is pulled from: the domain as written,
    /// `docker.io` when none is written, `None` when it depends on a
    /// variable (`$CI_REGISTRY_IMAGE`, `${REGISTRY}.example.com/app`).
    pub fn registry(&self) -> Option<&'a str> {
        match self.domain() {
            Some(domain) if domain.contains('$') => None,
            Some(domain) => Some(domain),
            // The first path component would have been the registry had
            // its variable expanded to a host name.
            None if self.first_component().contains('$') => None,
            None if self.id => None,
            None => Some(DOCKER_HUB),
        }
    }

    /// Whether the image is known to come from Docker Hub: no domain
    /// written, or `docker.io`, `index.docker.io` or `registry-1.docker.io`
    /// (compared ignoring case, as host names are).
    pub fn is_docker_hub(&self) -> bool {
        self.registry().is_some_and(|registry| {
            ["docker.io", "index.docker.io", "registry-1.docker.io"]
                .iter()
                .any(|hub| registry.eq_ignore_ascii_case(hub))
        })
    }

    /// The repository path (`group/app`, or `alpine` for Docker Hub's
    /// official images, without the implicit `library/`); empty for an
    /// image ID.
    pub fn path(&self) -> &'a str {
        self.path.text(self.input)
    }

    /// The tag as written, without `:`; `None` when no tag is written
    /// (which is not the same as `:latest`, see [`ImageRef::latest_tag`]).
    pub fn tag(&self) -> Option<&'a str> {
        self.tag.map(|span| span.text(self.input))
    }

    /// The digest as written, without `@` (`sha256:…`). For an image ID,
    /// the ID as written, which has no `sha256:` when it is bare hex.
    pub fn digest(&self) -> Option<&'a str> {
        self.digest.map(|span| span.text(self.input))
    }

    /// Whether this is a full image ID rather than a name.
    pub fn is_id(&self) -> bool {
        self.id
    }

    /// Whether the reference contains GitLab variables (`$NAME`,
    /// `${NAME}`).
    pub fn has_variables(&self) -> bool {
        // A `$` that does not start a variable is rejected by the parser,
        // so any `$` left in a parsed reference is a variable.
        self.input.contains('$')
    }

    /// Whether Docker would pull the moving `latest` tag.
    pub fn latest_tag(&self) -> LatestTag {
        if self.id || self.digest.is_some() {
            return LatestTag::NotLatest;
        }
        match self.tag() {
            Some(tag) if tag.contains('$') => LatestTag::Unknown,
            Some("latest") => LatestTag::Explicit,
            Some(_) => LatestTag::NotLatest,
            // A variable in the last component may expand to `name:tag`.
            None if self.last_component().contains('$') => LatestTag::Unknown,
            None => LatestTag::Implied,
        }
    }

    /// The byte range of `part` in [`ImageRef::as_str`], `None` when the
    /// part is not written. [`Part::Domain`] includes the port.
    pub fn span_of(&self, part: Part) -> Option<Range<usize>> {
        let span = match part {
            Part::Domain => self.domain,
            Part::Port => self.port,
            Part::Path if self.id => None,
            Part::Path => Some(self.path),
            Part::Tag => self.tag,
            Part::Digest => self.digest,
        };
        span.map(Span::range)
    }

    fn first_component(&self) -> &'a str {
        let path = self.path();
        path.split('/').next().unwrap_or(path)
    }

    fn last_component(&self) -> &'a str {
        let path = self.path();
        path.rsplit('/').next().unwrap_or(path)
    }
}

impl fmt::Display for ImageRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.input)
    }
}

/// Why a string is not a valid image reference, and where.
///
/// `Display` states the rule that broke; [`ImageRefError::span`] is the
/// byte range of the offending part or character in the input.
///
/// ```
/// use runner_config::image::{ImageRef, Part};
///
/// let err = ImageRef::parse("node:-lts").unwrap_err();
/// assert_eq!(err.to_string(), "tag may not start with '-'");
/// assert_eq!((err.span(), err.part()), (5..6, Some(Part::Tag)));
///
/// let err = ImageRef::parse(r#""cirruslabs/flutter:stable""#).unwrap_err();
/// assert_eq!(err.to_string(), "image reference contains literal '\"' characters");
/// assert!(err.help().is_some());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind}")]
pub struct ImageRefError {
    kind: ErrorKind,
    span: Span,
}

impl ImageRefError {
    const fn new(kind: ErrorKind, span: Span) -> Self {
        Self { kind, span }
    }

    /// The byte range of what is wrong; empty only for an empty reference.
    pub fn span(&self) -> Range<usize> {
        self.span.range()
    }

    /// The part the error is in, `None` for problems with the reference
    /// as a whole (empty, quoted, a malformed variable, too long).
    pub fn part(&self) -> Option<Part> {
        use ErrorKind as K;
        match &self.kind {
            K::Empty | K::Quoted | K::BadVariable | K::NameTooLong => None,
            K::InvalidChar(_, part) => Some(*part),
            K::Scheme(_)
            | K::MissingHost
            | K::EmptyDomainComponent
            | K::DomainHyphen(_)
            | K::UnclosedIpv6
            | K::InvalidIpv6 => Some(Part::Domain),
            K::EmptyPort | K::InvalidPort => Some(Part::Port),
            K::MissingName
            | K::Uppercase
            | K::EmptyPathComponent
            | K::PathStart(_)
            | K::PathEnd(_)
            | K::BadSeparator(_) => Some(Part::Path),
            K::EmptyTag | K::TagStart(_) | K::TagTooLong => Some(Part::Tag),
            K::EmptyDigest
            | K::DigestFormat
            | K::DigestAlgorithm(_)
            | K::UnsupportedAlgorithm(_)
            | K::DigestLength { .. }
            | K::DigestCase(_)
            | K::DigestTooShort => Some(Part::Digest),
        }
    }

    /// A hint for the most common mistakes, for a diagnostic's help line.
    pub fn help(&self) -> Option<&'static str> {
        match &self.kind {
            ErrorKind::Quoted => {
                Some("remove the inner quotes: TOML's own quotes already delimit the string")
            }
            ErrorKind::Scheme(_) => Some(
                "an image reference starts with the registry host, without a scheme: \
                 `registry.example.com/group/app:1`",
            ),
            ErrorKind::Uppercase => Some(
                "image names are lowercase; only the registry host and the tag may contain capitals",
            ),
            ErrorKind::BadVariable => {
                Some("GitLab expands $NAME and ${NAME}, NAME being letters, digits and '_'")
            }
            ErrorKind::InvalidChar(c, _) if c.is_whitespace() => {
                Some("image references contain no whitespace")
            }
            _ => None,
        }
    }
}

/// What exactly is wrong; private so messages can improve freely.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
enum ErrorKind {
    #[error("empty reference")]
    Empty,
    #[error("image reference contains literal '\"' characters")]
    Quoted,
    #[error("invalid variable: expected $NAME or ${{NAME}}")]
    BadVariable,
    #[error("invalid character {0:?} in {1}")]
    InvalidChar(char, Part),
    #[error("image reference starts with the URL scheme {0:?}: remove the scheme")]
    Scheme(String),
    #[error("missing registry host before the port")]
    MissingHost,
    #[error("empty domain component")]
    EmptyDomainComponent,
    #[error("domain component may not {0} with '-'")]
    DomainHyphen(&'static str),
    #[error("missing ']' after IPv6 address")]
    UnclosedIpv6,
    #[error("invalid IPv6 address")]
    InvalidIpv6,
    #[error("empty port")]
    EmptyPort,
    #[error("port must be a number")]
    InvalidPort,
    #[error("missing repository name")]
    MissingName,
    #[error("repository name must be lowercase")]
    Uppercase,
    #[error("empty path component")]
    EmptyPathComponent,
    #[error("path component may not start with {0:?}")]
    PathStart(char),
    #[error("path component may not end with {0:?}")]
    PathEnd(char),
    #[error("invalid separator '{0}' in repository name")]
    BadSeparator(String),
    #[error("empty tag")]
    EmptyTag,
    #[error("tag may not start with {0:?}")]
    TagStart(char),
    #[error("tag longer than {TAG_MAX} characters")]
    TagTooLong,
    #[error("empty digest")]
    EmptyDigest,
    #[error("invalid digest: expected '<algorithm>:<hex>'")]
    DigestFormat,
    #[error("digest algorithm '{0}' is not valid")]
    DigestAlgorithm(String),
    #[error("unsupported digest algorithm '{0}'")]
    UnsupportedAlgorithm(String),
    #[error("{algorithm} digest must be {hex} hex characters")]
    DigestLength { algorithm: &'static str, hex: usize },
    #[error("{0} digest must be lowercase hex")]
    DigestCase(&'static str),
    #[error("digest must have at least {ENCODED_MIN} characters after the algorithm")]
    DigestTooShort,
    #[error("name longer than {NAME_MAX} characters")]
    NameTooLong,
}

/// Digest algorithms Go's crypto registers with go-digest, and the length
/// of their hex encoding.
fn registered_algorithm(algorithm: &str) -> Option<(&'static str, usize)> {
    match algorithm {
        "sha256" => Some(("sha256", 64)),
        "sha384" => Some(("sha384", 96)),
        "sha512" => Some(("sha512", 128)),
        _ => None,
    }
}

const fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

const fn is_lower_hex(b: u8) -> bool {
    b.is_ascii_digit() || matches!(b, b'a'..=b'f')
}

/// The length of a URL scheme and its `://` at the start of `input`
/// (`https://`, `docker://`): RFC 3986's `ALPHA *( ALPHA / DIGIT / "+" /
/// "-" / "." )`.
fn scheme_end(input: &str) -> Option<usize> {
    let colon = input.find("://")?;
    let scheme = input.get(..colon)?;
    let mut bytes = scheme.bytes();
    let first = bytes.next()?;
    (first.is_ascii_alphabetic()
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')))
    .then_some(colon + 3)
}

fn is_full_id(input: &str) -> bool {
    let hex = input.strip_prefix("sha256:").unwrap_or(input);
    hex.len() == 64 && hex.bytes().all(is_lower_hex)
}

/// One character of a part, or a whole variable.
enum Atom {
    Char(char, Span),
    Variable,
}

/// Walks a span character by character, stepping over GitLab variables
/// when the dialect has them.
struct Atoms<'a> {
    input: &'a str,
    pos: usize,
    end: usize,
    variables: bool,
}

impl Iterator for Atoms<'_> {
    type Item = Atom;

    fn next(&mut self) -> Option<Atom> {
        let rest = self.input.get(self.pos..self.end)?;
        let c = rest.chars().next()?;
        if self.variables
            && c == '$'
            && let Some(len) = variable_len(rest)
        {
            self.pos += len;
            return Some(Atom::Variable);
        }
        let start = self.pos;
        self.pos += c.len_utf8();
        Some(Atom::Char(c, Span::new(start, self.pos)))
    }
}

/// The length of the variable `text` starts with, if it starts with one.
/// `${…}` has already been checked to be well formed.
fn variable_len(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    match bytes.get(1) {
        Some(b'{') => bytes.iter().position(|&b| b == b'}').map(|close| close + 1),
        Some(&b) if is_name_byte(b) => Some(
            1 + bytes
                .iter()
                .skip(1)
                .take_while(|&&b| is_name_byte(b))
                .count(),
        ),
        _ => None,
    }
}

struct Parser<'a> {
    input: &'a str,
    dialect: Dialect,
}

impl<'a> Parser<'a> {
    fn parse(&self) -> Result<ImageRef<'a>, ImageRefError> {
        let input = self.input;
        let len = input.len();
        if input.is_empty() {
            return Err(ImageRefError::new(ErrorKind::Empty, Span::new(0, 0)));
        }
        if is_full_id(input) {
            return Ok(ImageRef {
                input,
                domain: None,
                port: None,
                path: Span::new(0, 0),
                tag: None,
                digest: Some(Span::new(0, len)),
                id: true,
            });
        }
        // A TOML value like "\"alpine\"" keeps its inner quotes: say so
        // rather than "invalid character" somewhere in the middle.
        if let Some(quote) = input.find('"') {
            let whole = len >= 2 && input.starts_with('"') && input.ends_with('"');
            let span = if whole {
                Span::new(0, len)
            } else {
                Span::new(quote, quote + 1)
            };
            return Err(ImageRefError::new(ErrorKind::Quoted, span));
        }
        // `https://registry/app` would otherwise read as host `https`
        // with an empty port.
        if let Some(end) = scheme_end(input) {
            let scheme = input.get(..end).unwrap_or_default().to_owned();
            return Err(ImageRefError::new(
                ErrorKind::Scheme(scheme),
                Span::new(0, end),
            ));
        }
        if self.dialect == Dialect::GitLab {
            check_braced_variables(input)?;
        }

        // `@` appears nowhere but before the digest, `/` nowhere after it,
        // and only the first `:` after the domain starts the tag.
        let (name_end, digest) = match input.find('@') {
            Some(at) => (at, Some(Span::new(at + 1, len))),
            None => (len, None),
        };
        let name = input.get(..name_end).unwrap_or("");
        let domain = match name.find('/') {
            Some(slash) if self.is_domain(name.get(..slash).unwrap_or("")) => {
                Some(Span::new(0, slash))
            }
            _ => None,
        };
        let path_start = domain.map_or(0, |d| d.end + 1);
        let (path, tag) = match name.get(path_start..).and_then(|rest| rest.find(':')) {
            Some(colon) => {
                let colon = path_start + colon;
                (
                    Span::new(path_start, colon),
                    Some(Span::new(colon + 1, name_end)),
                )
            }
            None => (Span::new(path_start, name_end), None),
        };

        let port = match domain {
            Some(domain) => self.check_domain(domain)?,
            None => None,
        };
        self.check_path(path, domain.is_some())?;
        if let Some(tag) = tag {
            self.check_tag(tag)?;
        }
        if let Some(digest) = digest {
            self.check_digest(digest)?;
        }
        let name = Span::new(0, path.end);
        if name.len() > NAME_MAX && !self.has_variable(name) {
            return Err(ImageRefError::new(ErrorKind::NameTooLong, name));
        }
        Ok(ImageRef {
            input,
            domain,
            port,
            path,
            tag,
            digest,
            id: false,
        })
    }

    /// distribution/reference's `splitDockerDomain` test, applied to the
    /// text before the first `/`.
    fn is_domain(&self, first: &str) -> bool {
        first.contains(['.', ':'])
            || first == "localhost"
            || (self.dialect == Dialect::Kubernetes
                && first.bytes().any(|b| b.is_ascii_uppercase()))
    }

    fn atoms(&self, span: Span) -> Atoms<'a> {
        Atoms {
            input: self.input,
            pos: span.start,
            end: span.end,
            variables: self.dialect == Dialect::GitLab,
        }
    }

    fn has_variable(&self, span: Span) -> bool {
        self.atoms(span).any(|atom| matches!(atom, Atom::Variable))
    }

    /// For a part holding a variable: only reject characters no expansion
    /// can make valid.
    fn check_literal_chars(&self, span: Span, part: Part) -> Result<(), ImageRefError> {
        for atom in self.atoms(span) {
            if let Atom::Char(c, at) = atom
                && !is_reference_char(c)
            {
                return Err(ImageRefError::new(ErrorKind::InvalidChar(c, part), at));
            }
        }
        Ok(())
    }

    /// Rejects the first character of `span` that `allowed` does not accept.
    fn allow_chars(
        &self,
        span: Span,
        part: Part,
        allowed: impl Fn(char) -> bool,
    ) -> Result<(), ImageRefError> {
        let text = span.text(self.input);
        match text.char_indices().find(|&(_, c)| !allowed(c)) {
            Some((i, c)) => Err(ImageRefError::new(
                ErrorKind::InvalidChar(c, part),
                Span::of_char(span.start, i, c),
            )),
            None => Ok(()),
        }
    }

    /// Checks the domain and returns the span of its port, if any.
    fn check_domain(&self, domain: Span) -> Result<Option<Span>, ImageRefError> {
        let text = domain.text(self.input);
        let (host, port) = if text.starts_with('[') {
            let Some(close) = text.find(']') else {
                return Err(ImageRefError::new(ErrorKind::UnclosedIpv6, domain));
            };
            let literal = Span::new(domain.start, domain.start + close + 1);
            let address = text.get(1..close).unwrap_or("");
            if address.is_empty() || !address.bytes().all(|b| b.is_ascii_hexdigit() || b == b':') {
                return Err(ImageRefError::new(ErrorKind::InvalidIpv6, literal));
            }
            match text.get(close + 1..).and_then(|after| after.chars().next()) {
                None => (None, None),
                Some(':') => (None, Some(Span::new(literal.end + 1, domain.end))),
                Some(c) => {
                    let at = Span::of_char(literal.end, 0, c);
                    return Err(ImageRefError::new(
                        ErrorKind::InvalidChar(c, Part::Domain),
                        at,
                    ));
                }
            }
        } else {
            match text.find(':') {
                Some(colon) => (
                    Some(Span::new(domain.start, domain.start + colon)),
                    Some(Span::new(domain.start + colon + 1, domain.end)),
                ),
                None => (Some(domain), None),
            }
        };
        if let Some(host) = host {
            self.check_host(host)?;
        }
        if let Some(port) = port {
            self.check_port(port)?;
        }
        Ok(port)
    }

    fn check_host(&self, host: Span) -> Result<(), ImageRefError> {
        if host.is_empty() {
            // `:5000/app`: point at the colon that should follow a host.
            let at = Span::new(host.start, host.start + 1);
            return Err(ImageRefError::new(ErrorKind::MissingHost, at));
        }
        if self.has_variable(host) {
            return self.check_literal_chars(host, Part::Domain);
        }
        for component in split(self.input, host, b'.') {
            self.check_host_component(component)?;
        }
        Ok(())
    }

    fn check_host_component(&self, component: Span) -> Result<(), ImageRefError> {
        if component.is_empty() {
            let at = around_empty(self.input, component.start, b'.');
            return Err(ImageRefError::new(ErrorKind::EmptyDomainComponent, at));
        }
        let text = component.text(self.input);
        if text.starts_with('-') {
            let at = Span::new(component.start, component.start + 1);
            return Err(ImageRefError::new(ErrorKind::DomainHyphen("start"), at));
        }
        self.allow_chars(component, Part::Domain, |c| {
            c.is_ascii_alphanumeric() || c == '-'
        })?;
        if text.ends_with('-') {
            let at = Span::new(component.end - 1, component.end);
            return Err(ImageRefError::new(ErrorKind::DomainHyphen("end"), at));
        }
        Ok(())
    }

    fn check_port(&self, port: Span) -> Result<(), ImageRefError> {
        if port.is_empty() {
            let colon = Span::new(port.start.saturating_sub(1), port.start);
            return Err(ImageRefError::new(ErrorKind::EmptyPort, colon));
        }
        if self.has_variable(port) {
            return self.check_literal_chars(port, Part::Port);
        }
        if !port.text(self.input).bytes().all(|b| b.is_ascii_digit()) {
            return Err(ImageRefError::new(ErrorKind::InvalidPort, port));
        }
        Ok(())
    }

    fn check_path(&self, path: Span, has_domain: bool) -> Result<(), ImageRefError> {
        if path.is_empty() && !has_domain {
            // `:tag`, `@sha256:…`: point at the delimiter with nothing before it.
            let at = Span::new(path.start, (path.start + 1).min(self.input.len()));
            return Err(ImageRefError::new(ErrorKind::MissingName, at));
        }
        for component in split(self.input, path, b'/') {
            self.check_path_component(component)?;
        }
        Ok(())
    }

    fn check_path_component(&self, component: Span) -> Result<(), ImageRefError> {
        if component.is_empty() {
            let at = around_empty(self.input, component.start, b'/');
            return Err(ImageRefError::new(ErrorKind::EmptyPathComponent, at));
        }
        if self.has_variable(component) {
            return self.check_literal_chars(component, Part::Path);
        }
        let text = component.text(self.input);
        // Start of the separator run being read, relative to `component`.
        let mut run: Option<usize> = None;
        for (i, c) in text.char_indices() {
            let at = Span::of_char(component.start, i, c);
            match c {
                'a'..='z' | '0'..='9' => {
                    if let Some(start) = run.take() {
                        let separator = text.get(start..i).unwrap_or("");
                        if !matches!(separator, "." | "_" | "__")
                            && separator.bytes().any(|b| b != b'-')
                        {
                            let at = Span::new(component.start + start, component.start + i);
                            let kind = ErrorKind::BadSeparator(separator.to_owned());
                            return Err(ImageRefError::new(kind, at));
                        }
                    }
                }
                '.' | '_' | '-' if i == 0 => {
                    return Err(ImageRefError::new(ErrorKind::PathStart(c), at));
                }
                '.' | '_' | '-' => {
                    run.get_or_insert(i);
                }
                'A'..='Z' => return Err(ImageRefError::new(ErrorKind::Uppercase, component)),
                _ => {
                    return Err(ImageRefError::new(
                        ErrorKind::InvalidChar(c, Part::Path),
                        at,
                    ));
                }
            }
        }
        if let Some(last) = text.chars().next_back().filter(|_| run.is_some()) {
            let at = Span::new(component.end - last.len_utf8(), component.end);
            return Err(ImageRefError::new(ErrorKind::PathEnd(last), at));
        }
        Ok(())
    }

    fn check_tag(&self, tag: Span) -> Result<(), ImageRefError> {
        if tag.is_empty() {
            let colon = Span::new(tag.start.saturating_sub(1), tag.start);
            return Err(ImageRefError::new(ErrorKind::EmptyTag, colon));
        }
        if self.has_variable(tag) {
            return self.check_literal_chars(tag, Part::Tag);
        }
        let text = tag.text(self.input);
        if let Some(c @ ('.' | '-')) = text.chars().next() {
            let at = Span::of_char(tag.start, 0, c);
            return Err(ImageRefError::new(ErrorKind::TagStart(c), at));
        }
        self.allow_chars(tag, Part::Tag, |c| {
            c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')
        })?;
        if text.len() > TAG_MAX {
            return Err(ImageRefError::new(ErrorKind::TagTooLong, tag));
        }
        Ok(())
    }

    fn check_digest(&self, digest: Span) -> Result<(), ImageRefError> {
        if digest.is_empty() {
            let at = Span::new(digest.start.saturating_sub(1), digest.start);
            return Err(ImageRefError::new(ErrorKind::EmptyDigest, at));
        }
        if self.has_variable(digest) {
            return self.check_literal_chars(digest, Part::Digest);
        }
        let text = digest.text(self.input);
        let Some(colon) = text.find(':') else {
            return Err(ImageRefError::new(ErrorKind::DigestFormat, digest));
        };
        let algorithm = Span::new(digest.start, digest.start + colon);
        let encoded = Span::new(algorithm.end + 1, digest.end);
        let algorithm_text = algorithm.text(self.input);
        if !is_valid_algorithm(algorithm_text) {
            let at = if algorithm.is_empty() {
                Span::new(algorithm.end, encoded.start)
            } else {
                algorithm
            };
            return Err(ImageRefError::new(
                ErrorKind::DigestAlgorithm(algorithm_text.to_owned()),
                at,
            ));
        }
        let registered = registered_algorithm(algorithm_text);
        if registered.is_none() && self.dialect == Dialect::Kubernetes {
            let kind = ErrorKind::UnsupportedAlgorithm(algorithm_text.to_owned());
            return Err(ImageRefError::new(kind, algorithm));
        }
        let encoded_text = encoded.text(self.input);
        // An empty encoded part is underlined at its ':'.
        let encoded_at = if encoded.is_empty() {
            Span::new(algorithm.end, encoded.start)
        } else {
            encoded
        };
        match registered {
            Some((name, hex)) => {
                self.allow_chars(encoded, Part::Digest, |c| c.is_ascii_hexdigit())?;
                if encoded_text.len() != hex {
                    let kind = ErrorKind::DigestLength {
                        algorithm: name,
                        hex,
                    };
                    return Err(ImageRefError::new(kind, encoded_at));
                }
                if !encoded_text.bytes().all(is_lower_hex) {
                    return Err(ImageRefError::new(ErrorKind::DigestCase(name), encoded));
                }
            }
            None => {
                self.allow_chars(encoded, Part::Digest, |c| {
                    c.is_ascii_alphanumeric() || matches!(c, '=' | '_' | '-')
                })?;
                if encoded_text.len() < ENCODED_MIN {
                    return Err(ImageRefError::new(ErrorKind::DigestTooShort, encoded_at));
                }
            }
        }
        Ok(())
    }
}

/// `[a-z0-9]+([+._-][a-z0-9]+)*`.
fn is_valid_algorithm(algorithm: &str) -> bool {
    algorithm.split(['+', '.', '_', '-']).all(|component| {
        !component.is_empty()
            && component
                .bytes()
                .all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9'))
    })
}

/// Rejects `${` that is not `${NAME}`. Done once up front so that later
/// scans can step over `${…}` without rechecking it.
fn check_braced_variables(input: &str) -> Result<(), ImageRefError> {
    let bytes = input.as_bytes();
    let mut from = 0;
    while let Some(offset) = input.get(from..).and_then(|rest| rest.find("${")) {
        let start = from + offset;
        let name_start = start + 2;
        let name_len = bytes
            .iter()
            .skip(name_start)
            .take_while(|&&b| is_name_byte(b))
            .count();
        let after = name_start + name_len;
        let closed = bytes.get(after) == Some(&b'}');
        if name_len == 0 || !closed {
            let end = if closed { after + 1 } else { after };
            return Err(ImageRefError::new(
                ErrorKind::BadVariable,
                Span::new(start, end),
            ));
        }
        from = after + 1;
    }
    Ok(())
}

/// The pieces of `span` between `separator` bytes, empty pieces included.
fn split(input: &str, span: Span, separator: u8) -> impl Iterator<Item = Span> + '_ {
    let bytes = input.as_bytes();
    let mut start = Some(span.start);
    std::iter::from_fn(move || {
        let from = start?;
        let end = (from..span.end)
            .find(|&i| bytes.get(i) == Some(&separator))
            .unwrap_or(span.end);
        start = (end < span.end).then_some(end + 1);
        Some(Span::new(from, end))
    })
}

/// Where to underline an empty component at `at`: the separators on
/// either side of it (`a//b` underlines `//`).
fn around_empty(input: &str, at: usize, separator: u8) -> Span {
    let bytes = input.as_bytes();
    let start = if at > 0 && bytes.get(at - 1) == Some(&separator) {
        at - 1
    } else {
        at
    };
    let end = if bytes.get(at) == Some(&separator) {
        at + 1
    } else {
        at
    };
    Span::new(start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn rejects(input: &str, message: &str, span: Range<usize>) {
        match ImageRef::parse(input) {
            Ok(image) => panic!("{input:?} was accepted: {image:?}"),
            Err(err) => {
                assert_eq!(err.to_string(), message, "message for {input:?}");
                assert_eq!(err.span(), span, "span for {input:?} ({message})");
            }
        }
    }

    #[track_caller]
    fn accepts(input: &str) -> ImageRef<'_> {
        match ImageRef::parse(input) {
            Ok(image) => image,
            Err(err) => panic!("{input:?} was rejected: {err} at {:?}", err.span()),
        }
    }

    /// domain, path, tag, digest.
    #[track_caller]
    fn parts(input: &str) -> (Option<&str>, &str, Option<&str>, Option<&str>) {
        let image = accepts(input);
        (image.domain(), image.path(), image.tag(), image.digest())
    }

    const SHA: &str = "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c";

    #[test]
    fn accepted_forms() {
        assert_eq!(parts("alpine"), (None, "alpine", None, None));
        assert_eq!(
            parts("docker.io/library/alpine"),
            (Some("docker.io"), "library/alpine", None, None)
        );
        assert_eq!(
            parts("localhost:5000/a/b"),
            (Some("localhost:5000"), "a/b", None, None)
        );
        assert_eq!(parts("localhost/a"), (Some("localhost"), "a", None, None));
        assert_eq!(
            parts("[::1]:5000/img:tag"),
            (Some("[::1]:5000"), "img", Some("tag"), None)
        );
        assert_eq!(
            parts("[fe80::1]/img"),
            (Some("[fe80::1]"), "img", None, None)
        );
        assert_eq!(
            parts("registry.gitlab.com/group/sub/img:v1.2.3"),
            (
                Some("registry.gitlab.com"),
                "group/sub/img",
                Some("v1.2.3"),
                None
            )
        );
        assert_eq!(
            parts("gitlab/gitlab-runner-helper:x86_64-v17.0.0"),
            (
                None,
                "gitlab/gitlab-runner-helper",
                Some("x86_64-v17.0.0"),
                None
            )
        );
        let digest = format!("img@sha256:{SHA}");
        assert_eq!(parts(&digest), (None, "img", None, Some(&digest[4..])));
        let both = format!("img:tag@sha256:{SHA}");
        assert_eq!(parts(&both), (None, "img", Some("tag"), Some(&both[8..])));
        assert_eq!(
            parts("My.Registry.COM/app:V1"),
            (Some("My.Registry.COM"), "app", Some("V1"), None)
        );
        assert_eq!(
            parts("10.0.0.1:5000/a"),
            (Some("10.0.0.1:5000"), "a", None, None)
        );
        assert_eq!(parts("reg:5000/a"), (Some("reg:5000"), "a", None, None));
        assert_eq!(
            parts("ab/a.b__c---d_e"),
            (None, "ab/a.b__c---d_e", None, None)
        );
        // A name without '/' has no domain, even one that looks like it.
        assert_eq!(
            parts("localhost:5000"),
            (None, "localhost", Some("5000"), None)
        );
        assert_eq!(parts("example.com"), (None, "example.com", None, None));
        assert_eq!(
            parts("quay.io/podman/stable"),
            (Some("quay.io"), "podman/stable", None, None)
        );
        assert_eq!(
            parts("mcr.microsoft.com/windows/servercore:1809_amd64"),
            (
                Some("mcr.microsoft.com"),
                "windows/servercore",
                Some("1809_amd64"),
                None
            )
        );
        assert_eq!(parts("img:_x"), (None, "img", Some("_x"), None));
        let long_tag = format!("img:{}", "a".repeat(128));
        assert_eq!(accepts(&long_tag).tag().map(str::len), Some(128));
        let sha512 = format!("img@sha512:{}", "0".repeat(128));
        accepts(&sha512);
        let sha384 = format!("img@sha384:{}", "f".repeat(96));
        accepts(&sha384);
        let other = format!("img@multihash+base58:{}", "Q=_-".repeat(8));
        accepts(&other);
        let name = format!("{}/{}", "r.io", "a".repeat(250));
        assert_eq!(name.len(), 255);
        accepts(&name);
    }

    #[test]
    fn image_ids() {
        let prefixed = format!("sha256:{SHA}");
        let id = accepts(&prefixed);
        assert!(id.is_id());
        assert_eq!(
            (id.domain(), id.path(), id.tag(), id.digest()),
            (None, "", None, Some(&*prefixed))
        );
        assert_eq!(id.span_of(Part::Digest), Some(0..71));
        assert_eq!(id.span_of(Part::Path), None);
        assert_eq!(id.latest_tag(), LatestTag::NotLatest);
        assert_eq!(id.registry(), None);
        assert!(accepts(SHA).is_id());
        // Short IDs are names: the runner pulls `<short id>:latest`.
        let short = accepts(&SHA[..12]);
        assert!(!short.is_id());
        assert_eq!(short.latest_tag(), LatestTag::Implied);
        // Not IDs: other algorithms, wrong length, capitals.
        let sha512 = format!("sha512:{}", "a".repeat(64));
        assert!(!accepts(&sha512).is_id());
        assert!(!accepts(&format!("sha256:{}", &SHA[..63])).is_id());
        rejects(
            &SHA.to_ascii_uppercase(),
            "repository name must be lowercase",
            0..64,
        );
    }

    #[test]
    fn spans_of_parts() {
        let input = format!("reg.example:5000/group/app:1.0@sha256:{SHA}");
        let image = accepts(&input);
        assert_eq!(image.span_of(Part::Domain), Some(0..16));
        assert_eq!(image.span_of(Part::Port), Some(12..16));
        assert_eq!(image.span_of(Part::Path), Some(17..26));
        assert_eq!(image.span_of(Part::Tag), Some(27..30));
        assert_eq!(image.span_of(Part::Digest), Some(31..input.len()));
        let bare = accepts("alpine");
        assert_eq!(bare.span_of(Part::Domain), None);
        assert_eq!(bare.span_of(Part::Port), None);
        assert_eq!(bare.span_of(Part::Tag), None);
        assert_eq!(bare.span_of(Part::Digest), None);
        assert_eq!(accepts("[::1]:5000/img").span_of(Part::Port), Some(6..10));
        assert_eq!(accepts("[::1]/img").span_of(Part::Port), None);
    }

    #[test]
    fn registries() {
        fn registry(s: &str) -> Option<&str> {
            accepts(s).registry()
        }
        assert_eq!(registry("alpine"), Some("docker.io"));
        assert_eq!(registry("gitlab/gitlab-runner"), Some("docker.io"));
        assert_eq!(registry("ghcr.io/a/b"), Some("ghcr.io"));
        fn hub(s: &str) -> bool {
            accepts(s).is_docker_hub()
        }
        assert!(hub("alpine"));
        assert!(hub("docker.io/library/alpine"));
        assert!(hub("index.docker.io/library/alpine"));
        assert!(hub("registry-1.docker.io/library/alpine"));
        assert!(hub("Docker.IO/library/alpine"));
        assert!(!hub("docker.io:443/library/alpine"));
        assert!(!hub("quay.io/podman/stable"));
        assert!(!hub("$CI_REGISTRY_IMAGE"));
        assert!(!hub("${CI_REGISTRY}/group/app"));
        assert!(!hub("${REGION}.docker.io/app"));
        assert!(hub("docker.io/$NAMESPACE/app"));
    }

    #[test]
    fn latest_tag() {
        fn latest(s: &str) -> LatestTag {
            accepts(s).latest_tag()
        }
        assert_eq!(latest("alpine"), LatestTag::Implied);
        assert_eq!(latest("reg.example:5000/img"), LatestTag::Implied);
        assert_eq!(latest("alpine:latest"), LatestTag::Explicit);
        assert_eq!(latest("alpine:Latest"), LatestTag::NotLatest);
        assert_eq!(latest("alpine:3"), LatestTag::NotLatest);
        assert_eq!(
            latest(&format!("alpine@sha256:{SHA}")),
            LatestTag::NotLatest
        );
        assert_eq!(
            latest(&format!("alpine:latest@sha256:{SHA}")),
            LatestTag::NotLatest
        );
        assert_eq!(latest("$IMAGE"), LatestTag::Unknown);
        assert_eq!(latest("alpine:$TAG"), LatestTag::Unknown);
        assert_eq!(latest("alpine:v${TAG}"), LatestTag::Unknown);
        assert_eq!(latest("reg.io/app${SUFFIX}"), LatestTag::Unknown);
        assert_eq!(latest("$CI_REGISTRY_IMAGE:latest"), LatestTag::Explicit);
        assert_eq!(latest("${CI_REGISTRY}/app"), LatestTag::Implied);
        assert_eq!(
            latest(&format!("$IMAGE@sha256:{SHA}")),
            LatestTag::NotLatest
        );
        assert!(LatestTag::Explicit.is_latest());
        assert!(!LatestTag::Unknown.is_latest());
        assert!(!LatestTag::NotLatest.is_latest());
    }

    #[test]
    fn variables() {
        let image = accepts("$CI_REGISTRY_IMAGE:latest");
        assert!(image.has_variables());
        assert_eq!(
            (image.domain(), image.path(), image.tag()),
            (None, "$CI_REGISTRY_IMAGE", Some("latest"))
        );
        assert_eq!(image.registry(), None);
        assert_eq!(parts("${X}/app"), (None, "${X}/app", None, None));
        assert_eq!(accepts("${X}/app").registry(), None);
        assert_eq!(
            parts("${X}.example.com/app"),
            (Some("${X}.example.com"), "app", None, None)
        );
        assert_eq!(accepts("${X}.example.com/app").registry(), None);
        assert_eq!(
            parts("my.registry.local/gitlab/gitlab-runner-helper:x86_64-v${CI_RUNNER_VERSION}"),
            (
                Some("my.registry.local"),
                "gitlab/gitlab-runner-helper",
                Some("x86_64-v${CI_RUNNER_VERSION}"),
                None
            )
        );
        assert_eq!(
            parts("$REG:$PORT/app"),
            (Some("$REG:$PORT"), "app", None, None)
        );
        assert_eq!(accepts("$REG:$PORT/app").span_of(Part::Port), Some(5..10));
        assert!(!accepts("alpine:3").has_variables());
        // Parts holding a variable are not judged...
        accepts("reg.io/${NS}App:tag");
        accepts("reg.io/MY${NS}:tag");
        accepts("reg.io/app:${TAG}.-x+");
        accepts("reg.io/app@$DIGEST");
        accepts("reg.io/app@sha256:$DIGEST");
        accepts("$A$B$C");
        accepts("${A}${B}");
        accepts(&format!("$X/{}", "a".repeat(300)));
        // ...but written parts are.
        rejects(
            "$CI_REGISTRY/MyApp",
            "repository name must be lowercase",
            13..18,
        );
        rejects(
            "$CI_REGISTRY_IMAGE:-x",
            "tag may not start with '-'",
            19..20,
        );
        rejects("$REG:50a0/app", "port must be a number", 5..9);
        rejects(
            "reg.io/${APP} x",
            "invalid character ' ' in repository name",
            13..14,
        );
        rejects(
            "$IMAGE\"",
            "image reference contains literal '\"' characters",
            6..7,
        );
        rejects("${X}/a//b", "empty path component", 6..8);
    }

    #[test]
    fn malformed_variables() {
        rejects("${", "invalid variable: expected $NAME or ${NAME}", 0..2);
        rejects(
            "app:${}",
            "invalid variable: expected $NAME or ${NAME}",
            4..7,
        );
        rejects("${APP", "invalid variable: expected $NAME or ${NAME}", 0..5);
        rejects(
            "${X:-alpine}",
            "invalid variable: expected $NAME or ${NAME}",
            0..3,
        );
        rejects(
            "${X Y}",
            "invalid variable: expected $NAME or ${NAME}",
            0..3,
        );
        // A `$` that starts no variable is just a bad character.
        rejects("app$", "invalid character '$' in repository name", 3..4);
        rejects("app:$-1", "invalid character '$' in tag", 4..5);
        rejects("$/app", "invalid character '$' in repository name", 0..1);
    }

    #[test]
    fn whole_reference_errors() {
        rejects("", "empty reference", 0..0);
        rejects(
            "\"cirruslabs/flutter:stable\"",
            "image reference contains literal '\"' characters",
            0..27,
        );
        rejects(
            "alpine\"",
            "image reference contains literal '\"' characters",
            6..7,
        );
        rejects(
            "\"",
            "image reference contains literal '\"' characters",
            0..1,
        );
        let long = format!("reg.io/{}", "a".repeat(249));
        rejects(&long, "name longer than 255 characters", 0..256);
        let long = format!("{}:tag", "a/".repeat(127) + "bc");
        rejects(&long, "name longer than 255 characters", 0..256);
        let help = ImageRef::parse("\"alpine\"").unwrap_err().help();
        assert_eq!(
            help,
            Some("remove the inner quotes: TOML's own quotes already delimit the string")
        );
        assert_eq!(ImageRef::parse("\"a\"").unwrap_err().part(), None);
    }

    #[test]
    fn domain_errors() {
        rejects("reg..io/app", "empty domain component", 3..5);
        rejects(".reg.io/app", "empty domain component", 0..1);
        rejects("reg.io./app", "empty domain component", 6..7);
        rejects(
            "-reg.io/app",
            "domain component may not start with '-'",
            0..1,
        );
        rejects("reg-.io/app", "domain component may not end with '-'", 3..4);
        rejects(
            "my_reg.io/app",
            "invalid character '_' in registry domain",
            2..3,
        );
        rejects(
            "rég.io/app",
            "invalid character 'é' in registry domain",
            1..3,
        );
        rejects(":5000/app", "missing registry host before the port", 0..1);
        rejects("reg.io:/app", "empty port", 6..7);
        rejects("reg.io:5x/app", "port must be a number", 7..9);
        rejects("reg.io:1:2/app", "port must be a number", 7..10);
        rejects("[::1/app", "missing ']' after IPv6 address", 0..4);
        rejects("[::g]:5000/app", "invalid IPv6 address", 0..5);
        rejects("[]:5000/app", "invalid IPv6 address", 0..2);
        rejects(
            "[::1]x:5000/app",
            "invalid character 'x' in registry domain",
            5..6,
        );
        rejects("[::1]:/app", "empty port", 5..6);
        for (input, scheme) in [
            ("https://registry.example.com/app:1", "https://"),
            ("http://localhost:5000/app", "http://"),
            ("docker://alpine", "docker://"),
        ] {
            rejects(
                input,
                &format!(
                    "image reference starts with the URL scheme {scheme:?}: remove the scheme"
                ),
                0..scheme.len(),
            );
            let err = ImageRef::parse(input).unwrap_err();
            assert_eq!(err.part(), Some(Part::Domain));
            assert!(err.help().is_some_and(|h| h.contains("without a scheme")));
        }
        // Not a scheme: what comes before `://` must be one.
        rejects("reg.io:/app", "empty port", 6..7);
        let err = ImageRef::parse("reg.io:5x/app").unwrap_err();
        assert_eq!(err.part(), Some(Part::Port));
        assert_eq!(
            ImageRef::parse("a..b/c").unwrap_err().part(),
            Some(Part::Domain)
        );
    }

    #[test]
    fn path_errors() {
        rejects("Alpine", "repository name must be lowercase", 0..6);
        rejects(
            "reg.io/group/MyApp:1",
            "repository name must be lowercase",
            13..18,
        );
        // distribution would take `MyGroup` for a registry host; we do not.
        rejects("MyGroup/app", "repository name must be lowercase", 0..7);
        rejects("LOCALHOST/app", "repository name must be lowercase", 0..9);
        rejects("a//b", "empty path component", 1..3);
        rejects("/app", "empty path component", 0..1);
        rejects("app/", "empty path component", 3..4);
        rejects("reg.io/", "empty path component", 6..7);
        rejects("reg.io/:tag", "empty path component", 6..7);
        rejects(":tag", "missing repository name", 0..1);
        rejects(&format!("@sha256:{SHA}"), "missing repository name", 0..1);
        rejects("-app", "path component may not start with '-'", 0..1);
        rejects("a/.app", "path component may not start with '.'", 2..3);
        rejects("_app", "path component may not start with '_'", 0..1);
        rejects("app-", "path component may not end with '-'", 3..4);
        rejects("a/app./b", "path component may not end with '.'", 5..6);
        rejects("a..b", "invalid separator '..' in repository name", 1..3);
        rejects("a___b", "invalid separator '___' in repository name", 1..4);
        rejects("a._b", "invalid separator '._' in repository name", 1..3);
        rejects("a-_b", "invalid separator '-_' in repository name", 1..3);
        rejects("app name", "invalid character ' ' in repository name", 3..4);
        rejects(" alpine", "invalid character ' ' in repository name", 0..1);
        rejects(
            "alpine\t",
            "invalid character '\\t' in repository name",
            6..7,
        );
        rejects("app+x", "invalid character '+' in repository name", 3..4);
        rejects("appé", "invalid character 'é' in repository name", 3..5);
        rejects("[::1]", "invalid character '[' in repository name", 0..1);
        let err = ImageRef::parse("Alpine").unwrap_err();
        assert_eq!(err.part(), Some(Part::Path));
        assert!(err.help().is_some());
        assert_eq!(
            ImageRef::parse(" alpine").unwrap_err().help(),
            Some("image references contain no whitespace")
        );
    }

    #[test]
    fn tag_errors() {
        rejects("alpine:", "empty tag", 6..7);
        rejects("alpine:-3", "tag may not start with '-'", 7..8);
        rejects("alpine:.3", "tag may not start with '.'", 7..8);
        rejects("alpine:3+x", "invalid character '+' in tag", 8..9);
        rejects("alpine:3 ", "invalid character ' ' in tag", 8..9);
        rejects("alpine:a:b", "invalid character ':' in tag", 8..9);
        rejects("reg.io/a:b/c", "invalid character '/' in tag", 10..11);
        let long = format!("alpine:{}", "a".repeat(129));
        rejects(&long, "tag longer than 128 characters", 7..136);
        assert_eq!(ImageRef::parse("a:").unwrap_err().part(), Some(Part::Tag));
    }

    #[test]
    fn digest_errors() {
        rejects("img@", "empty digest", 3..4);
        rejects(
            "img@sha256",
            "invalid digest: expected '<algorithm>:<hex>'",
            4..10,
        );
        rejects(
            &format!("img@SHA256:{SHA}"),
            "digest algorithm 'SHA256' is not valid",
            4..10,
        );
        rejects(
            &format!("img@:{SHA}"),
            "digest algorithm '' is not valid",
            4..5,
        );
        rejects(
            &format!("img@sha-:{SHA}"),
            "digest algorithm 'sha-' is not valid",
            4..8,
        );
        rejects(
            "img@sha256:abc",
            "sha256 digest must be 64 hex characters",
            11..14,
        );
        rejects(
            "img@sha256:",
            "sha256 digest must be 64 hex characters",
            10..11,
        );
        rejects(
            &format!("img@sha256:{SHA}0"),
            "sha256 digest must be 64 hex characters",
            11..76,
        );
        rejects(
            "img@sha512:abcd",
            "sha512 digest must be 128 hex characters",
            11..15,
        );
        let upper = format!("img@sha256:{}", SHA.to_ascii_uppercase());
        rejects(&upper, "sha256 digest must be lowercase hex", 11..75);
        rejects(
            &format!("img@sha256:{}g", &SHA[1..]),
            "invalid character 'g' in digest",
            74..75,
        );
        rejects(
            &format!("img@sha256:{SHA}@x"),
            "invalid character '@' in digest",
            75..76,
        );
        rejects(
            "img@foo:abc",
            "digest must have at least 32 characters after the algorithm",
            8..11,
        );
        rejects(
            &format!("img@foo:{}.", "a".repeat(40)),
            "invalid character '.' in digest",
            48..49,
        );
        assert_eq!(
            ImageRef::parse("a@").unwrap_err().part(),
            Some(Part::Digest)
        );
    }

    #[test]
    fn first_error_wins() {
        // Left to right: the domain before the path, the path before the tag.
        rejects(
            "my_reg.io/App:-x",
            "invalid character '_' in registry domain",
            2..3,
        );
        rejects("App:-x", "repository name must be lowercase", 0..3);
        rejects("app:-x@sha256:1", "tag may not start with '-'", 4..5);
    }

    #[test]
    fn kubernetes_dialect() {
        fn kube(input: &str) -> Result<Option<&str>, String> {
            ImageRef::parse_kubernetes(input)
                .map(|r| r.domain())
                .map_err(|e| e.to_string())
        }
        assert_eq!(kube("MyGroup/app"), Ok(Some("MyGroup")));
        assert_eq!(
            kube("$IMAGE"),
            Err("invalid character '$' in repository name".into())
        );
        let unknown = format!("img@foo:{}", "a".repeat(40));
        assert_eq!(
            kube(&unknown),
            Err("unsupported digest algorithm 'foo'".into())
        );
        assert!(kube(&format!("img@sha256:{SHA}")).is_ok());
    }

    #[test]
    fn display_is_the_input() {
        assert_eq!(accepts("reg.io/a:b").to_string(), "reg.io/a:b");
        assert_eq!(accepts("reg.io/a:b").as_str(), "reg.io/a:b");
        assert_eq!(Part::Digest.to_string(), "digest");
    }
}
