//! Helm's templating in `runners.config`, made checkable.
//!
//! The GitLab Runner chart passes `runners.config` through Helm's `tpl`
//! before registration reads it, so the TOML may hold Go template actions.
//! [`render`] turns such a template into TOML of the same length, byte for
//! byte, so that every position still maps to the values file:
//!
//! - an action that writes nothing (`{{ if … }}`, `{{ else }}`, `{{ end }}`,
//!   `{{ range … }}`, `{{ with … }}`, `{{ define … }}`, `{{/* … */}}`,
//!   `{{ $x := … }}`) becomes blanks, and so does a line holding only
//!   actions, whatever they write;
//! - only the first branch of an `if`, `with` or `range` is kept: the text
//!   after its `{{ else }}` becomes blanks (both branches together would
//!   define keys twice), as does the body of a `define`;
//! - an action that writes something into a line of TOML is an unknown
//!   value: it becomes a placeholder of its own length that keeps the
//!   TOML well formed (`x…x` inside a string or a bare key, `"x…x"` where
//!   a value or a quoted key stands), and its range is returned in
//!   [`Rendered::unknown`], so that no finding rests on it.

use std::ops::Range;

/// A template rendered for checking: TOML of the template's length, and
/// where it holds placeholders for values only Helm knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rendered {
    /// The TOML, as long as the template, with the same line breaks.
    pub(crate) text: String,
    /// The byte ranges of the placeholders.
    pub(crate) unknown: Vec<Range<usize>>,
}

/// One `{{ … }}` of the template.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Action {
    range: Range<usize>,
    kind: Kind,
}

/// What an action does to the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Writes text only Helm knows.
    Output,
    /// Writes nothing: a comment or a variable assignment.
    Silent,
    /// Opens a block ended by `{{ end }}`.
    Open(Block),
    /// `{{ else }}`, `{{ else if … }}`, `{{ else with … }}`.
    Else,
    /// `{{ end }}`.
    End,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Block {
    /// `if`, `with`, `range`: its first branch is kept.
    Branching,
    /// `define`: its body is not written where it stands.
    Define,
    /// `block`: a `define` written where it stands.
    Written,
}

/// Renders `template` for checking (see the module documentation).
pub(crate) fn render(template: &str) -> Rendered {
    let actions = actions(template);
    let mut out = template.as_bytes().to_vec();
    let mut unknown = Vec::new();
    let dead = dead_ranges(&actions);
    for range in &dead {
        blank(&mut out, range.clone());
    }
    let lexer = Lexer::over(template, &actions);
    let lines = ActionLines::of(template, &actions, &dead);
    for (i, action) in actions.iter().enumerate() {
        let range = action.range.clone();
        // `dead` is sorted and disjoint.
        let at = dead.partition_point(|d| d.end <= range.start);
        if dead
            .get(at)
            .is_some_and(|d| d.start <= range.start && range.end <= d.end)
        {
            continue;
        }
        if action.kind != Kind::Output || lines.alone(&range) {
            blank(&mut out, range);
            continue;
        }
        match lexer.states[i] {
            State::Comment => blank(&mut out, range),
            State::Basic | State::Literal | State::MultiBasic | State::MultiLiteral => {
                fill(&mut out, range.clone(), b'x');
                unknown.push(range);
            }
            State::Normal => {
                let bytes = template.as_bytes();
                let glued = |b: Option<&u8>| {
                    b.is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
                };
                let before = range.start.checked_sub(1).and_then(|i| bytes.get(i));
                fill(&mut out, range.clone(), b'x');
                if !glued(before) && !glued(bytes.get(range.end)) {
                    // A value, or a quoted key: `"x…x"` is both.
                    out[range.start] = b'"';
                    out[range.end - 1] = b'"';
                }
                unknown.push(range);
            }
        }
    }
    // Only whole characters were replaced, each byte by an ASCII byte.
    let text = String::from_utf8(out)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    Rendered { text, unknown }
}

/// Blanks a range, keeping its line breaks.
fn blank(out: &mut [u8], range: Range<usize>) {
    fill(out, range, b' ');
}

/// Fills a range with `byte`, keeping its line breaks.
fn fill(out: &mut [u8], range: Range<usize>, byte: u8) {
    for b in &mut out[range] {
        if *b != b'\n' && *b != b'\r' {
            *b = byte;
        }
    }
}

/// Which lines hold nothing but actions, text Helm never writes and
/// whitespace.
struct ActionLines {
    /// Where each line starts.
    starts: Vec<usize>,
    /// Whether each line holds only actions.
    only_actions: Vec<bool>,
}

impl ActionLines {
    fn of(template: &str, actions: &[Action], dead: &[Range<usize>]) -> Self {
        let mut covered = vec![false; template.len()];
        for range in actions.iter().map(|a| &a.range).chain(dead) {
            for c in &mut covered[range.clone()] {
                *c = true;
            }
        }
        let mut starts = vec![0];
        let mut only_actions = vec![true];
        for (i, b) in template.bytes().enumerate() {
            if b == b'\n' {
                starts.push(i + 1);
                only_actions.push(true);
            } else if !b.is_ascii_whitespace()
                && !covered[i]
                && let Some(last) = only_actions.last_mut()
            {
                *last = false;
            }
        }
        Self {
            starts,
            only_actions,
        }
    }

    /// Whether every line `range` touches holds only actions.
    fn alone(&self, range: &Range<usize>) -> bool {
        let line = |offset: usize| {
            self.starts
                .partition_point(|&s| s <= offset)
                .saturating_sub(1)
        };
        let (first, last) = (line(range.start), line(range.end.saturating_sub(1)));
        self.only_actions
            .get(first..=last)
            .is_some_and(|lines| lines.iter().all(|&only| only))
    }
}

/// The text Helm never writes: what follows the `else` of a first branch,
/// up to its `end`, and the bodies of `define`s.
fn dead_ranges(actions: &[Action]) -> Vec<Range<usize>> {
    struct Frame {
        block: Block,
        /// Where the text that is not written starts, once known.
        dead_from: Option<usize>,
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut dead = Vec::new();
    for action in actions {
        match action.kind {
            Kind::Open(block) => stack.push(Frame {
                block,
                dead_from: (block == Block::Define).then_some(action.range.start),
            }),
            Kind::Else => {
                if let Some(frame) = stack.last_mut()
                    && frame.block == Block::Branching
                    && frame.dead_from.is_none()
                {
                    frame.dead_from = Some(action.range.start);
                }
            }
            Kind::End => {
                if let Some(Frame {
                    dead_from: Some(from),
                    ..
                }) = stack.pop()
                {
                    dead.push(from..action.range.end);
                }
            }
            Kind::Output | Kind::Silent => {}
        }
    }
    // A range inside another adds nothing.
    dead.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut merged: Vec<Range<usize>> = Vec::new();
    for range in dead {
        match merged.last_mut() {
            Some(last) if range.start < last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    merged
}

/// Every action of the template, in order. An opening `{{` without its
/// closing `}}` is left as text: Helm refuses such a template.
fn actions(template: &str) -> Vec<Action> {
    let bytes = template.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(offset) = template[at..].find("{{") {
        let start = at + offset;
        let Some(end) = action_end(bytes, start + 2) else {
            break;
        };
        let body = trim_markers(&template[start + 2..end - 2]);
        found.push(Action {
            range: start..end,
            kind: kind(body),
        });
        at = end;
    }
    found
}

/// The end (past `}}`) of the action whose body starts at `from`, skipping
/// Go string, raw string and character literals and comments.
fn action_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    // `{{/* … */}}` and `{{- /* … */ -}}`.
    let mut body_start = i;
    if bytes.get(i) == Some(&b'-') && bytes.get(i + 1).is_some_and(u8::is_ascii_whitespace) {
        body_start = i + 1;
    }
    while bytes.get(body_start).is_some_and(u8::is_ascii_whitespace) {
        body_start += 1;
    }
    if bytes[body_start.min(bytes.len())..].starts_with(b"/*") {
        let close = find(bytes, body_start + 2, b"*/")?;
        return find(bytes, close + 2, b"}}").map(|i| i + 2);
    }
    while i < bytes.len() {
        match bytes[i] {
            b'}' if bytes.get(i + 1) == Some(&b'}') => return Some(i + 2),
            quote @ (b'"' | b'\'') => {
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    if bytes.get(i) == Some(&b'\n') {
                        return None;
                    }
                    i += 1;
                }
                i += 1;
            }
            b'`' => {
                i = find(bytes, i + 1, b"`")? + 1;
            }
            _ => i += 1,
        }
    }
    None
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| from + i)
}

/// An action's body without its trim markers (`{{- ` and ` -}}`) and
/// surrounding blanks.
fn trim_markers(body: &str) -> &str {
    let body = match body.strip_prefix('-') {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_whitespace()) => rest,
        _ => body,
    };
    let body = match body.strip_suffix('-') {
        Some(rest) if rest.ends_with(|c: char| c.is_ascii_whitespace()) => rest,
        _ => body,
    };
    body.trim()
}

/// What an action does, from its body.
fn kind(body: &str) -> Kind {
    if body.starts_with("/*") {
        return Kind::Silent;
    }
    let word = body
        .split(|c: char| c.is_ascii_whitespace() || c == '(')
        .next()
        .unwrap_or_default();
    match word {
        "if" | "with" | "range" => Kind::Open(Block::Branching),
        "define" => Kind::Open(Block::Define),
        "block" => Kind::Open(Block::Written),
        "else" => Kind::Else,
        "end" => Kind::End,
        "break" | "continue" => Kind::Silent,
        _ if is_assignment(body) => Kind::Silent,
        _ => Kind::Output,
    }
}

/// `$name := …` or `$name = …`: sets a variable, writes nothing.
fn is_assignment(body: &str) -> bool {
    let Some(rest) = body.strip_prefix('$') else {
        return false;
    };
    let rest = rest.trim_start_matches(|c: char| c.is_alphanumeric() || c == '_');
    let rest = rest.trim_start();
    rest.starts_with(":=") || (rest.starts_with('=') && !rest.starts_with("=="))
}

/// Where the TOML lexer stands at an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Normal,
    Comment,
    Basic,
    Literal,
    MultiBasic,
    MultiLiteral,
}

/// TOML's strings and comments, with every action an opaque token.
struct Lexer {
    /// The state at the start of each action.
    states: Vec<State>,
}

impl Lexer {
    fn over(template: &str, actions: &[Action]) -> Self {
        let bytes = template.as_bytes();
        let mut states = Vec::with_capacity(actions.len());
        let mut state = State::Normal;
        let mut next = actions.iter().peekable();
        let mut i = 0;
        while i < bytes.len() {
            // An action the scan stepped into (after a backslash) is opaque too.
            while let Some(action) = next.next_if(|a| a.range.start < i) {
                states.push(state);
                i = i.max(action.range.end);
            }
            if let Some(action) = next.next_if(|a| a.range.start == i) {
                states.push(state);
                i = action.range.end;
                continue;
            }
            if i >= bytes.len() {
                break;
            }
            let rest = &bytes[i..];
            let (new_state, step) = match (state, rest[0]) {
                (State::Normal, b'#') => (State::Comment, 1),
                (State::Normal, b'"') if rest.starts_with(b"\"\"\"") => (State::MultiBasic, 3),
                (State::Normal, b'"') => (State::Basic, 1),
                (State::Normal, b'\'') if rest.starts_with(b"'''") => (State::MultiLiteral, 3),
                (State::Normal, b'\'') => (State::Literal, 1),
                (State::Comment | State::Basic | State::Literal, b'\n') => (State::Normal, 1),
                (State::Basic | State::MultiBasic, b'\\') => (state, 2),
                (State::Basic, b'"') | (State::Literal, b'\'') => (State::Normal, 1),
                (State::MultiBasic, b'"') if rest.starts_with(b"\"\"\"") => (State::Normal, 3),
                (State::MultiLiteral, b'\'') if rest.starts_with(b"'''") => (State::Normal, 3),
                _ => (state, 1),
            };
            state = new_state;
            i += step;
        }
        // Actions at the very end.
        states.resize(actions.len(), state);
        Self { states }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(template: &str, want: &str) {
        let rendered = render(template);
        assert_eq!(rendered.text, want);
        assert_eq!(rendered.text.len(), template.len());
    }

    #[test]
    fn action_lines_become_blank() {
        check(
            "[[runners]]\n{{- if .Values.x }}\n  a = 1\n  {{ end }}\n",
            "[[runners]]\n                   \n  a = 1\n           \n",
        );
        // Whatever an action alone on its line writes is not looked at.
        check(
            "{{ .Values.extra | nindent 2 }}\nb = 2\n",
            &format!("{}\nb = 2\n", " ".repeat(31)),
        );
        check("{{/* a } comment */}}\n", &format!("{}\n", " ".repeat(21)));
    }

    #[test]
    fn only_the_first_branch_is_kept() {
        let template = "{{ if .a }}\np = true\n{{ else if .b }}\np = false\n{{ else }}\np = 1\n{{ end }}\nq = 1\n";
        let rendered = render(template);
        assert_eq!(rendered.text.matches("p =").count(), 1);
        assert!(rendered.text.contains("p = true"));
        assert!(rendered.text.ends_with("q = 1\n"));
        // A `define` writes nothing where it stands.
        let rendered = render("{{ define \"x\" }}\nz = 1\n{{ end }}\nq = 1\n");
        assert!(!rendered.text.contains('z'));
    }

    #[test]
    fn expressions_become_placeholders_that_keep_the_toml_well_formed() {
        let template = "namespace = \"{{ .Release.Namespace }}\"\n\
                        image = \"alpine:v{{ .Chart.AppVersion }}\"\n\
                        privileged = {{ .Values.privileged }}\n\
                        {{ $k | quote }} = {{ $v | quote }}\n\
                        [runners.kube{{ .x }}]\n\
                        # {{ .Values.note }}\n";
        let rendered = render(template);
        let lines: Vec<&str> = rendered.text.lines().collect();
        assert_eq!(lines[0], format!("namespace = \"{}\"", "x".repeat(24)));
        assert_eq!(lines[1], format!("image = \"alpine:v{}\"", "x".repeat(23)));
        assert_eq!(lines[2], format!("privileged = \"{}\"", "x".repeat(22)));
        assert_eq!(lines[3], format!("\"{0}\" = \"{0}\"", "x".repeat(14)));
        assert_eq!(lines[4], format!("[runners.kube{}]", "x".repeat(8)));
        assert_eq!(lines[5].trim_end(), "#");
        assert_eq!(rendered.unknown.len(), 6);
        for range in &rendered.unknown {
            assert!(template[range.clone()].starts_with("{{"));
        }
        assert!(
            crate::load::parse_toml(&rendered.text)
                .diagnostics()
                .is_empty()
        );
    }

    #[test]
    fn strings_inside_actions_do_not_end_them() {
        let template = "a = \"{{ \"}}\" | printf `%s}}` }}\"\n";
        let rendered = render(template);
        assert_eq!(rendered.unknown, vec![5..template.len() - 2]);
        // Unclosed: left as text, as Helm refuses it.
        assert_eq!(render("a = \"{{ .x\"\n").text, "a = \"{{ .x\"\n");
    }

    #[test]
    fn assignments_and_trim_markers_write_nothing() {
        check("{{- $x := 1 -}}a = 1\n", "               a = 1\n");
        check("a = {{- 3 }}\n", "a = \"xxxxxx\"\n");
    }

    #[test]
    fn multi_byte_text_stays_utf8() {
        let rendered = render("a = \"é{{ \"ü\" }}é\"\n");
        assert_eq!(rendered.text, "a = \"éxxxxxxxxxxé\"\n");
    }
}
