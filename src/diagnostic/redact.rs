//! Finding secrets in text, so that no renderer can show one.
//!
//! A front end (the TOML loader today, a YAML one tomorrow) knows where its
//! format keeps secrets: the values of keys the runner treats as
//! credentials, whatever it can only find with the document parsed. It
//! hands those byte ranges to [`Source`](super::Source) as [`Secrets`].
//! `Source` then adds what any text shows, whatever its format:
//!
//! - credentials in URLs, with a scheme (`https://user:pass@host`) or
//!   without (`user:pass@host`);
//! - `NAME=value` entries whose name says credential (`DB_PASSWORD=…`,
//!   `amazonec2-secret-key=…`, `--digitalocean-access-token=…`), as in
//!   `environment` and `MachineOptions` lists, scripts and comments;
//! - `key = value` and `key: value` assignments whose key says credential,
//!   wherever they are written: in comments, on broken lines, or in a
//!   second definition of a key the parser dropped;
//! - GitLab tokens by their prefixes (`glrt-`, `GR1348941`, `glpat-`, …)
//!   and the values of credential flags (`--password hunter2`), as in
//!   scripts and argument lists.
//!
//! Every range is blanked byte for byte. Messages are text too: they quote
//! values. [`Fingerprints`] remember every 8-byte window of every secret,
//! so that [`Source::scrub`](super::Source::scrub) can blank any part of a
//! secret a message quotes, along with credentials in URLs and `NAME=value`
//! entries.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

/// Where a front end found secrets in one text: byte ranges to blank, and
/// the secrets' decoded values when they differ from what is written
/// (escapes in a quoted string).
///
/// [`Source::new`](super::Source::new) blanks the ranges and adds what it
/// finds in any text (URL credentials, credential assignments); a front end
/// supplies only what its format's structure tells it.
///
/// ```
/// use runner_config::{Secrets, Source};
///
/// // A front end that knows `runnerToken` is a secret in its format.
/// let text = "runnerToken: \"glrt-\\u0041BCDEFGH\"\n";
/// let mut secrets = Secrets::new();
/// secrets.add(14..32);
/// secrets.add_value("glrt-ABCDEFGH");
/// let source = Source::new("values.yaml", text, secrets);
/// assert_eq!(source.text(), "runnerToken: \"******************\"\n");
/// // A message quoting the decoded value does not show it either.
/// assert_eq!(source.scrub("token glrt-ABCDEFGH"), "token *************");
/// ```
#[derive(Clone, Default)]
pub struct Secrets {
    ranges: Vec<Range<usize>>,
    values: Vec<String>,
}

impl Secrets {
    /// No secrets yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Blanks these bytes of the text.
    pub fn add(&mut self, range: Range<usize>) {
        self.ranges.push(range);
    }

    /// Keeps a secret's decoded value out of messages too, when the text
    /// writes it differently (with escapes).
    pub fn add_value(&mut self, value: &str) {
        if value.len() >= WINDOW {
            self.values.push(value.to_owned());
        }
    }

    pub(crate) fn into_parts(self) -> (Vec<Range<usize>>, Vec<String>) {
        (self.ranges, self.values)
    }
}

impl Extend<Range<usize>> for Secrets {
    fn extend<I: IntoIterator<Item = Range<usize>>>(&mut self, iter: I) {
        self.ranges.extend(iter);
    }
}

impl From<&[Range<usize>]> for Secrets {
    fn from(ranges: &[Range<usize>]) -> Self {
        Self {
            ranges: ranges.to_vec(),
            values: Vec::new(),
        }
    }
}

impl fmt::Debug for Secrets {
    /// Ranges only: a decoded value is a secret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Secrets")
            .field("ranges", &self.ranges)
            .field("values", &self.values.len())
            .finish()
    }
}

/// Appends the ranges of every secret any text shows, whatever its format
/// (see the module documentation).
pub(crate) fn detect(text: &str, out: &mut Vec<Range<usize>>) {
    url_credentials(text, out);
    assignments(text, Forms::All, out);
    gitlab_tokens(text, out);
    flag_values(text, out);
}

/// The prefixes GitLab gives its tokens: runner authentication, runner
/// registration, personal, deploy, job, trigger, OAuth, feed, agent, …
const TOKEN_PREFIXES: [&[u8]; 14] = [
    b"glrt-",
    b"glrtr-",
    b"GR1348941",
    b"glpat-",
    b"gldt-",
    b"glcbt-",
    b"glptt-",
    b"gloas-",
    b"glft-",
    b"glimt-",
    b"glagent-",
    b"glsoat-",
    b"glffct-",
    b"glwt-",
];

/// Appends every GitLab token, wherever it is written (a `--token` flag in
/// a script, a value under an ordinary key): a known prefix and at least 8
/// more token characters.
fn gitlab_tokens(text: &str, out: &mut Vec<Range<usize>>) {
    let bytes = text.as_bytes();
    let is_token = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
    let mut i = 0;
    while let Some(found) = bytes[i..]
        .iter()
        .position(|&b| b == b'g' || b == b'G')
        .map(|p| i + p)
    {
        i = found + 1;
        if found > 0 && is_token(bytes[found - 1]) {
            continue;
        }
        let Some(prefix) = TOKEN_PREFIXES
            .iter()
            .find(|prefix| bytes[found..].starts_with(prefix))
        else {
            continue;
        };
        let rest = found + prefix.len();
        let end = bytes[rest..]
            .iter()
            .position(|&b| !is_token(b))
            .map_or(bytes.len(), |p| rest + p);
        if end - rest >= 8 {
            out.push(found..end);
            i = end;
        }
    }
}

/// Appends the value after a command-line flag whose name says
/// credential, written with a space (`--password hunter2`, `--token …`), as
/// in scripts and argument lists.
fn flag_values(text: &str, out: &mut Vec<Range<usize>>) {
    let bytes = text.as_bytes();
    let is_name = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
    let mut i = 0;
    while let Some(found) = find(&bytes[i..], b"--").map(|p| i + p) {
        let name_start = found + 2;
        let name_end = bytes[name_start..]
            .iter()
            .position(|&b| !is_name(b))
            .map_or(bytes.len(), |p| name_start + p);
        i = name_end.max(found + 2);
        let name = &text[name_start..name_end];
        if (found > 0 && is_name(bytes[found - 1])) || !credential_variable(name) {
            continue;
        }
        let value_start = name_end
            + bytes[name_end..]
                .iter()
                .take_while(|&&b| b == b' ' || b == b'\t')
                .count();
        // No value: another flag, a redirection, the end of a command.
        let operand = bytes.get(value_start);
        if value_start == name_end
            || matches!(
                operand,
                None | Some(b'-' | b'<' | b'>' | b'|' | b'&' | b';')
            )
        {
            continue;
        }
        let value_end = bytes[value_start..]
            .iter()
            .position(|&b| b.is_ascii_whitespace() || matches!(b, b'"' | b'\'' | b'`'))
            .map_or(bytes.len(), |p| value_start + p);
        if value_end > value_start {
            out.push(value_start..value_end);
            i = value_end;
        }
    }
}

/// Whether a key's name says its value is a credential: `token`,
/// `password`, `SecretKey`, `bearer_token`, `runnerToken`, … but not
/// `token_expires_at`, `CredentialsFile` or `image_pull_secrets`, which
/// are about a credential without holding one.
pub(crate) fn credential_key(name: &str) -> bool {
    normalized(name, |name| {
        !is_about_a_credential(name)
            && (name == b"secret"
                || name == b"auth"
                || name.ends_with(b"_secret")
                || contains_any(
                    name,
                    &[
                        b"token",
                        b"password",
                        b"passwd",
                        b"credential",
                        b"secretkey",
                        b"secret_key",
                        b"accesskey",
                        b"access_key",
                        b"privatekey",
                        b"private_key",
                        b"accountkey",
                        b"account_key",
                        b"apikey",
                        b"api_key",
                    ],
                ))
    })
}

/// Whether the name of a `NAME=value` entry (an environment variable, a
/// Docker Machine driver option) says its value is a credential:
/// `*PASSWORD*`, `*SECRET*`, `*TOKEN*`, `*_KEY`, `*AUTH*`, `*CREDENTIAL*`,
/// `DOCKER_AUTH_CONFIG`, `amazonec2-secret-key`, `digitalocean-access-token`.
pub(crate) fn credential_variable(name: &str) -> bool {
    normalized(name.trim_start_matches('-'), |name| {
        !name.is_empty()
            && !is_about_a_credential(name)
            && (contains_any(
                name,
                &[
                    b"password",
                    b"passwd",
                    b"secret",
                    b"token",
                    b"credential",
                    b"private",
                    b"apikey",
                    b"accesskey",
                ],
            ) || name
                .windows(4)
                .enumerate()
                .any(|(i, w)| w == b"auth" && !name[i..].starts_with(b"author"))
                || name == b"key"
                || name.ends_with(b"_key")
                || name == b"pass"
                || name.ends_with(b"_pass")
                || name.ends_with(b"_pwd"))
    })
}

/// Names about a credential rather than holding one: when a token was
/// obtained or expires, where a key file lives, whether jobs may override
/// a token.
fn is_about_a_credential(name: &[u8]) -> bool {
    [&b"_at"[..], b"file", b"path", b"_dir", b"allowed"]
        .iter()
        .any(|suffix| name.ends_with(suffix))
}

/// Calls `f` with `name` in lower case, `-` written `_`, without
/// allocating for names of ordinary length.
fn normalized<R>(name: &str, f: impl FnOnce(&[u8]) -> R) -> R {
    let mut short = [0; 64];
    let mut long = Vec::new();
    let buffer: &mut [u8] = if name.len() <= short.len() {
        &mut short[..name.len()]
    } else {
        long.resize(name.len(), 0);
        &mut long
    };
    for (to, from) in buffer.iter_mut().zip(name.bytes()) {
        *to = if from == b'-' {
            b'_'
        } else {
            from.to_ascii_lowercase()
        };
    }
    f(buffer)
}

/// Whether `haystack` contains any of `needles` (each starting with an
/// ASCII byte). Every key of a file is tested against a dozen words: one
/// pass that compares only where a word's first byte is found costs a
/// fraction of a search per word.
fn contains_any(haystack: &[u8], needles: &[&[u8]]) -> bool {
    let firsts = needles
        .iter()
        .filter_map(|needle| needle.first())
        .fold(0u128, |set, &b| {
            set | 1u128.checked_shl(u32::from(b)).unwrap_or(0)
        });
    haystack.iter().enumerate().any(|(i, &b)| {
        1u128.checked_shl(u32::from(b)).unwrap_or(0) & firsts != 0
            && needles
                .iter()
                .any(|needle| haystack[i..].starts_with(needle))
    })
}

/// Appends the user-information part of every URL in `text`: after a
/// scheme (`https://user:pass@host`: `user:pass`), or without one when it
/// has a password (`user:pass@host`; `git@host` and `image@sha256:…` are
/// not credentials).
pub(crate) fn url_credentials(text: &str, out: &mut Vec<Range<usize>>) {
    let bytes = text.as_bytes();
    let mut start = 0;
    while start < bytes.len() {
        let end = bytes[start..]
            .iter()
            .position(|&b| is_token_delimiter(b))
            .map_or(bytes.len(), |i| start + i);
        // User information always ends with `@`.
        if bytes[start..end].contains(&b'@') {
            token_credentials(text, start..end, out);
        }
        start = end + 1;
    }
}

/// Where a URL-like token ends: the quotes and spaces around it.
fn is_token_delimiter(b: u8) -> bool {
    b.is_ascii_whitespace() || matches!(b, b'"' | b'`' | b'<' | b'>')
}

fn token_credentials(text: &str, token: Range<usize>, out: &mut Vec<Range<usize>>) {
    let bytes = text.as_bytes();
    let mut first_scheme = token.end;
    let mut from = token.start;
    while let Some(found) = find(&bytes[from..token.end], b"://") {
        let separator = from + found;
        let scheme_start = bytes[token.start..separator]
            .iter()
            .rposition(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-')))
            .map_or(token.start, |i| token.start + i + 1);
        if scheme_start < separator {
            first_scheme = first_scheme.min(scheme_start);
        }
        let authority = separator + 3;
        let next = find(&bytes[authority..token.end], b"://").map_or(token.end, |i| authority + i);
        let host_end = bytes[authority..next]
            .iter()
            .position(|&b| matches!(b, b'/' | b'?' | b'#' | b'\\'))
            .map_or(next, |i| authority + i);
        let at = match bytes[authority..host_end].iter().rposition(|&b| b == b'@') {
            Some(at) => Some(authority + at),
            // `user:pa/ss@host`: a password with a `/`, `?` or `#` ends
            // the authority early; a port (`host:8080/…`) does not.
            None if has_non_port_colon(&bytes[authority..host_end]) => bytes[host_end..next]
                .iter()
                .rposition(|&b| b == b'@')
                .map(|at| host_end + at),
            None => None,
        };
        if let Some(at) = at
            && at > authority
        {
            out.push(authority..at);
        }
        from = authority;
    }
    // Without a scheme: `user:pass@host`, or `NAME=user:pass@host`. User
    // information has no brackets (`[name[:tag]][@digest]` is prose).
    let prefix = &bytes[token.start..first_scheme];
    if let Some(at) = prefix.iter().rposition(|&b| b == b'@') {
        let user = prefix[..at]
            .iter()
            .rposition(|&b| b == b'[' || b == b']')
            .map_or(0, |i| i + 1);
        if prefix[user..at].contains(&b':') && !is_digest(&prefix[at + 1..]) {
            out.push(token.start + user..token.start + at);
        }
    }
}

/// `host:8080` is a port; `user:secret` is not.
fn has_non_port_colon(authority: &[u8]) -> bool {
    authority
        .iter()
        .position(|&b| b == b':')
        .is_some_and(|colon| !authority[colon + 1..].iter().all(u8::is_ascii_digit))
}

/// An image digest after `@`: `sha256:…` (or another SHA), or any
/// algorithm and at least 32 encoded bytes; not `host:port`.
fn is_digest(after: &[u8]) -> bool {
    if let Some(bits) = after.strip_prefix(b"sha") {
        let digits = bits.iter().take_while(|b| b.is_ascii_digit()).count();
        if digits > 0 && bits.get(digits) == Some(&b':') {
            return true;
        }
    }
    let Some(colon) = after.iter().position(|&b| b == b':') else {
        return false;
    };
    let algorithm = &after[..colon];
    let encoded = after[colon + 1..]
        .iter()
        .take_while(|&&b| b.is_ascii_alphanumeric() || matches!(b, b'=' | b'_' | b'-'))
        .count();
    !algorithm.is_empty()
        && algorithm
            .iter()
            .all(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"+._-".contains(&b))
        && encoded >= 32
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Which assignments [`assignments`] looks for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Forms {
    /// `NAME=value` entries only (in messages, whose own words are not
    /// assignments).
    Entries,
    /// Entries, and `key = value` / `key: value` (in source text).
    All,
}

/// Appends the values of credential assignments: `NAME=value` entries
/// whose name says credential, and (with [`Forms::All`]) `key = value` or
/// `key: value` whose key does.
fn assignments(text: &str, forms: Forms, out: &mut Vec<Range<usize>>) {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(found) = bytes[at..].iter().position(|&b| b == b'=' || b == b':') {
        let separator = at + found;
        at = separator + 1;
        let Some(name) = name_before(bytes, separator) else {
            continue;
        };
        let written = &text[name.start..name.end];
        let spaced = name.end < separator;
        let entry = !spaced && !name.quoted && bytes[separator] == b'=';
        let value = if entry && credential_variable(written) {
            // The entry is (part of) a string: its value ends with it.
            let opener = name
                .dashes
                .checked_sub(1)
                .and_then(|i| bytes.get(i))
                .copied();
            entry_value(bytes, separator + 1, opener)
        } else if forms == Forms::All
            && credential_key(written.trim_start_matches('-'))
            && (bytes[separator] == b'='
                || name.quoted
                || bytes.get(separator + 1).is_none_or(u8::is_ascii_whitespace))
        {
            key_value(bytes, separator + 1)
        } else {
            None
        };
        if let Some(value) = value {
            at = at.max(value.end);
            if !value.is_empty() {
                out.push(value);
            }
        }
    }
}

/// The name written before a separator: `NAME` in `NAME=`, `key` in
/// `key = `, `"key" =`, `key:`, `--opt=`.
struct Name {
    /// Where the name starts, leading dashes included.
    dashes: usize,
    start: usize,
    end: usize,
    quoted: bool,
}

fn name_before(bytes: &[u8], separator: usize) -> Option<Name> {
    let is_name = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
    let mut end = separator;
    while end > 0 && matches!(bytes[end - 1], b' ' | b'\t') {
        end -= 1;
    }
    let quote = end
        .checked_sub(1)
        .map(|i| bytes[i])
        .filter(|b| matches!(b, b'"' | b'\''));
    let name_end = if quote.is_some() { end - 1 } else { end };
    let mut start = name_end;
    while start > 0 && is_name(bytes[start - 1]) {
        start -= 1;
    }
    if let Some(quote) = quote
        && (start == 0 || bytes[start - 1] != quote)
    {
        return None;
    }
    let dashes = start;
    while start < name_end && bytes[start] == b'-' {
        start += 1;
    }
    (start < name_end).then_some(Name {
        dashes: if quote.is_some() { dashes - 1 } else { dashes },
        start,
        end: name_end,
        quoted: quote.is_some(),
    })
}

/// The value of a `NAME=value` entry starting at `from`: to the end of the
/// string the entry is written in (`opener` is the byte before the name),
/// or of the line.
fn entry_value(bytes: &[u8], from: usize, opener: Option<u8>) -> Option<Range<usize>> {
    if matches!(bytes.get(from), Some(b'"' | b'\'')) {
        return key_value(bytes, from);
    }
    let end = match opener {
        Some(quote @ (b'"' | b'\'')) => string_end(bytes, from, quote),
        _ => line_end(bytes, from),
    };
    Some(from..end)
}

/// The value of `key = value` after the separator at `from - 1`: a quoted
/// string's contents (a multi-line one's across lines), or the rest of
/// the line; `None` for `true`, `false` and no value.
fn key_value(bytes: &[u8], from: usize) -> Option<Range<usize>> {
    let mut start = from;
    while start < bytes.len() && matches!(bytes[start], b' ' | b'\t') {
        start += 1;
    }
    let rest = &bytes[start..];
    for triple in [&b"\"\"\""[..], &b"'''"[..]] {
        if rest.starts_with(triple) {
            let inner = start + 3;
            let end = find(&bytes[inner..], triple).map_or(bytes.len(), |i| inner + i);
            return Some(inner..end);
        }
    }
    match rest.first() {
        Some(&quote @ (b'"' | b'\'')) => Some(start + 1..string_end(bytes, start + 1, quote)),
        None | Some(b'\n' | b'\r') => None,
        Some(_) => {
            let end = line_end(bytes, start);
            let value = bytes[start..end].trim_ascii_end();
            (value != b"true" && value != b"false").then_some(start..end)
        }
    }
}

/// Where a string opened with `quote` ends (before the quote), at the line
/// end at the latest; `\` escapes in `"` strings.
fn string_end(bytes: &[u8], from: usize, quote: u8) -> usize {
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\n' | b'\r' => return i,
            b if b == quote => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

fn line_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map_or(bytes.len(), |i| from + i)
}

/// How many bytes of a secret a message must quote to be blanked: shorter
/// runs match too much ordinary text.
const WINDOW: usize = 8;

/// At most this many bytes of each secret are remembered: messages quote
/// at most a few hundred characters of a value, from its start.
const REMEMBERED_PER_SECRET: usize = 2048;

/// At most about this many windows in all, so that a file of a million
/// secrets cannot exhaust memory; URL credentials and entries are still
/// found in messages past it.
const MAX_WINDOWS: usize = 1 << 20;

/// Enough of every secret to find it quoted in a message without keeping
/// its text: the first 8 bytes of each, and every 8-byte window.
///
/// A message quotes a value from its start (cut short when long), so a
/// match must begin where a secret begins and then runs on as long as the
/// windows are a secret's. Matching any window anywhere would blank the
/// words a secret happens to contain (`registry` in
/// `s3cr3t-registry-password`) wherever a message uses them.
#[derive(Clone, Default)]
pub(crate) struct Fingerprints {
    starts: HashSet<u64, BuildHasherDefault<WindowHasher>>,
    windows: HashSet<u64, BuildHasherDefault<WindowHasher>>,
}

impl Fingerprints {
    /// Remembers a secret. It is cut at the characters a message would
    /// escape when quoting it (`"`, `\`, control characters, line breaks),
    /// and each part is remembered as a secret of its own, so that it
    /// matches its quoted form.
    ///
    /// A part written as a JSON object's key (`"registry.example.com":`, as
    /// in `DOCKER_AUTH_CONFIG`) is a name, not a credential: remembering it
    /// would blank every registry name a message quotes.
    pub(crate) fn add(&mut self, secret: &[u8]) {
        let secret = &secret[..secret.len().min(REMEMBERED_PER_SECRET)];
        let mut rest = secret;
        while !rest.is_empty() {
            let cut = rest
                .iter()
                .position(|&b| b < 0x20 || b == b'"' || b == b'\\' || b == 0x7f)
                .unwrap_or(rest.len());
            let part = &rest[..cut];
            let after = &rest[cut..];
            rest = after.get(1..).unwrap_or_default();
            // The closing quote, escaped or not (`\\\":` in a YAML or TOML
            // string holding JSON), then the colon.
            let quotes = after
                .iter()
                .take_while(|&&b| b == b'"' || b == b'\\')
                .count();
            let json_key = after[..quotes].contains(&b'"')
                && after[quotes..].iter().find(|b| !b.is_ascii_whitespace()) == Some(&b':');
            if part.len() < WINDOW || json_key || self.windows.len() >= MAX_WINDOWS {
                continue;
            }
            self.starts.insert(pack(part));
            self.windows.extend(part.windows(WINDOW).map(pack));
        }
    }

    /// `text` with every quoted secret (8 bytes or more of one, from its
    /// start), every URL credential and every credential entry blanked,
    /// one `*` per character.
    pub(crate) fn scrub<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let bytes = text.as_bytes();
        let mut found = Vec::new();
        let mut i = 0;
        while !self.starts.is_empty() && i + WINDOW <= bytes.len() {
            if !self.starts.contains(&pack(&bytes[i..])) {
                i += 1;
                continue;
            }
            let mut end = i + 1;
            while end + WINDOW <= bytes.len() && self.windows.contains(&pack(&bytes[end..])) {
                end += 1;
            }
            found.push(i..end - 1 + WINDOW);
            i = end;
        }
        url_credentials(text, &mut found);
        assignments(text, Forms::Entries, &mut found);
        gitlab_tokens(text, &mut found);
        flag_values(text, &mut found);
        if found.is_empty() {
            return Cow::Borrowed(text);
        }
        let mut masked = vec![false; bytes.len()];
        for range in found {
            for m in &mut masked[range] {
                *m = true;
            }
        }
        let mut scrubbed = String::with_capacity(text.len());
        for (i, c) in text.char_indices() {
            if masked[i..i + c.len_utf8()].contains(&true) {
                scrubbed.push('*');
            } else {
                scrubbed.push(c);
            }
        }
        Cow::Owned(scrubbed)
    }
}

impl fmt::Debug for Fingerprints {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprints({} windows)", self.windows.len())
    }
}

fn pack(window: &[u8]) -> u64 {
    let mut word = [0; 8];
    word.copy_from_slice(&window[..8]);
    u64::from_le_bytes(word)
}

/// The windows are already 64-bit words: mix them, nothing more.
#[derive(Default)]
struct WindowHasher(u64);

impl Hasher for WindowHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }

    fn write_u64(&mut self, word: u64) {
        self.0 = (word ^ (word >> 29)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self.0 ^= self.0 >> 32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `contains_any` is a search per word, done in one pass.
    #[test]
    fn contains_any_is_any_contains() {
        let words: [&[u8]; 5] = [b"token", b"pass", b"api_key", b"t", b"key"];
        for haystack in [
            &b""[..],
            b"t",
            b"token",
            b"xtokex",
            b"runner_token",
            b"bypass",
            b"api_ke",
            b"my_api_key",
            b"keys",
            b"\xff\x80key",
        ] {
            for n in 0..=words.len() {
                let expected = words[..n]
                    .iter()
                    .any(|w| haystack.windows(w.len()).any(|x| x == *w));
                assert_eq!(
                    contains_any(haystack, &words[..n]),
                    expected,
                    "{haystack:?}"
                );
            }
        }
    }

    fn detected(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        detect(text, &mut out);
        out.sort_by_key(|r| (r.start, r.end));
        out.iter().map(|r| &text[r.clone()]).collect()
    }

    #[test]
    fn url_credentials_with_and_without_a_scheme() {
        assert_eq!(
            detected(r#"url = "https://deploy:pw@gitlab.example.com/""#),
            ["deploy:pw"]
        );
        assert_eq!(
            detected(r#"url = "deploy:pw@gitlab.example.com""#),
            ["deploy:pw"]
        );
        assert_eq!(detected(r#"ServerAddress = "u:p@minio:9000""#), ["u:p"]);
        assert_eq!(detected("x = \"https://u:pa/ss@host/\""), ["u:pa/ss"]);
        assert_eq!(
            detected(r#"e = ["HTTP_PROXY=http://u:p@proxy:3128"]"#),
            ["u:p"]
        );
        assert_eq!(detected(r#"e = ["REGISTRY=u:p@host"]"#), ["REGISTRY=u:p"]);
    }

    #[test]
    fn no_credentials_in_ordinary_references() {
        for text in [
            "help = \"a reference is `[registry[:port]/]name[:tag][@digest]`\"",
            r#"image = "alpine:3.19@sha256:abc""#,
            r#"image = "alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef""#,
            r#"image = "reg:5000/app:1@sha256:0123456789abcdef0123456789abcdef""#,
            r#"url = "https://gitlab.example.com:8443/path@x""#,
            r#"clone_url = "git@gitlab.com:group/repo.git""#,
            r#"name = "someone@example.com""#,
        ] {
            assert_eq!(detected(text), Vec::<&str>::new(), "{text}");
        }
    }

    #[test]
    fn credential_entries() {
        assert_eq!(
            detected(r#"environment = ["DB_PASSWORD=pw", "LANG=C", "API_TOKEN=t\"k"]"#),
            ["pw", "t\\\"k"]
        );
        assert_eq!(
            detected(r#"MachineOptions = ["amazonec2-secret-key=sk", "--amazonec2-region=x"]"#),
            ["sk"]
        );
        assert_eq!(
            detected("options:\n  - --digitalocean-access-token=dop_v1\n"),
            ["dop_v1"]
        );
        assert_eq!(detected("e = ['GIT_AUTHOR_NAME=me', 'MY_KEY=k']"), ["k"]);
        assert_eq!(detected("s = \"export TOKEN=abc; make\""), ["abc; make\""]);
    }

    #[test]
    fn gitlab_tokens_and_credential_flags_anywhere() {
        assert_eq!(
            detected("s = \"gitlab-runner register --token glrt-t1_AbCdEfGh\"\n"),
            ["glrt-t1_AbCdEfGh", "glrt-t1_AbCdEfGh"]
        );
        assert_eq!(
            detected("name = \"GR1348941aBcDeFgHiJk\"\n"),
            ["GR1348941aBcDeFgHiJk"]
        );
        assert_eq!(
            detected("s = \"docker login -u me --password hunter22 registry\"\n"),
            ["hunter22"]
        );
        for text in [
            "image = \"glrt-short\"\n",
            "image = \"myglrt-0123456789\"\n",
            "s = \"--password-stdin < file\"\n",
            "s = \"--token --other\"\n",
            "s = \"--tokens-dir /x\"\n",
        ] {
            assert_eq!(detected(text), Vec::<&str>::new(), "{text}");
        }
    }

    #[test]
    fn credential_assignments() {
        assert_eq!(detected("token = \"glrt-x\" # note\n"), ["glrt-x"]);
        assert_eq!(detected("# token = \"glrt-old\"\n"), ["glrt-old"]);
        assert_eq!(detected("\"Token\" = 'a'\n"), ["a"]);
        assert_eq!(detected("runnerToken: glrt-y\n"), ["glrt-y"]);
        assert_eq!(detected("password = \"\"\"\nline\n\"\"\"\n"), ["\nline\n"]);
        assert_eq!(detected("token = glrt-broken \n"), ["glrt-broken "]);
        assert_eq!(
            detected("token = \"unterminated\nnext = 1\n"),
            ["unterminated"]
        );
        assert_eq!(detected("{ user = \"u\", password = \"p\", x = 1 }"), ["p"]);
        assert_eq!(detected("token=\"t\"\n"), ["t"]);
    }

    /// A Helm chart's values: YAML, with a `config.toml` inside.
    #[test]
    fn yaml_values_of_the_runner_chart() {
        let values = "gitlabUrl: https://gitlab.example.com/\n\
                      runnerToken: \"glrt-helmToken01\"\n\
                      runnerRegistrationToken: GR1348941helmRegistration\n\
                      runners:\n  secret: gitlab-runner-secret\n  config: |\n    [[runners]]\n      \
                      environment = [\"DB_PASSWORD=helmPassword\"]\n";
        assert_eq!(
            detected(values),
            [
                "glrt-helmToken01",
                "glrt-helmToken01",
                "GR1348941helmRegistration",
                "GR1348941helmRegistration",
                "gitlab-runner-secret",
                "helmPassword"
            ]
        );
    }

    #[test]
    fn names_about_credentials_are_not_credentials() {
        for text in [
            "token_expires_at = 2030-01-01T00:00:00Z\n",
            "CredentialsFile = \"/etc/gcs.json\"\n",
            "bearer_token_overwrite_allowed = \"x\"\n",
            "image_pull_secrets = [\"regcred\"]\n",
            "automount_service_account_token = true\n",
            "AuthenticationType = \"iam\"\n",
            "topology_key = \"kubernetes.io/hostname\"\n",
            "key: value\n",
            "url = \"https://gitlab.example.com\"\n",
        ] {
            assert_eq!(detected(text), Vec::<&str>::new(), "{text}");
        }
    }

    #[test]
    fn names_inside_a_json_credential_are_not_secrets() {
        let mut prints = Fingerprints::default();
        // As a TOML or YAML string holds it (escaped quotes), and as JSON.
        prints.add(br#"{\"auths\":{\"registry.example.com\":{\"auth\":\"dXNlcjpodW50ZXIy\"}}}"#);
        prints.add(br#"{"auths": {"mirror.example.org:5000": {"auth": "bWlycm9yOnMzY3IzdA=="}}}"#);
        assert_eq!(
            prints.scrub("image \"registry.example.com/app\" from mirror.example.org:5000"),
            "image \"registry.example.com/app\" from mirror.example.org:5000"
        );
        // The credentials still are.
        assert_eq!(prints.scrub("\"dXNlcjpodW50ZXIy\""), "\"****************\"");
        assert_eq!(
            prints.scrub("auth bWlycm9yOnMzY3IzdA=="),
            "auth ********************"
        );
    }

    #[test]
    fn messages_lose_every_quoted_window() {
        let mut prints = Fingerprints::default();
        prints.add(b"glrt-0123456789abcdef");
        prints.add(b"short");
        prints.add(b"s3cr3t-registry-password");
        assert_eq!(
            prints.scrub("token \"glrt-0123456…\" seen"),
            "token \"************…\" seen"
        );
        // A secret's words are not secrets; the secret is.
        assert_eq!(
            prints.scrub("`registry` has a `password`: \"s3cr3t-registry-password\""),
            "`registry` has a `password`: \"************************\""
        );
        assert_eq!(prints.scrub("0123456789abcdef"), "0123456789abcdef");
        assert_eq!(prints.scrub("nothing here"), "nothing here");
        assert!(matches!(prints.scrub("short"), Cow::Borrowed(_)));
        assert_eq!(
            prints.scrub("image \"u:pw@registry.example.com/app\""),
            "image \"****@registry.example.com/app\""
        );
        assert_eq!(
            prints.scrub("found string \"DB_PASSWORD=pw\""),
            "found string \"DB_PASSWORD=**\""
        );
    }

    #[test]
    fn debug_never_shows_a_value() {
        let mut secrets = Secrets::new();
        secrets.add(0..4);
        secrets.add_value("glrt-0123456789");
        let shown = format!("{secrets:?}");
        assert!(!shown.contains("glrt"), "{shown}");
    }
}
