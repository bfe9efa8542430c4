//! miette's graphical report, for people at a terminal.

use std::fmt::{self, Write as _};
use std::io;

use miette::{GraphicalReportHandler, GraphicalTheme};

use super::{FileOutcome, Summary};
use crate::SourcedDiagnostic;

/// How the human report looks.
///
/// ```
/// use runner_config::check::check;
/// use runner_config::report::{self, FileOutcome, HumanStyle};
///
/// assert_eq!(HumanStyle::default(), HumanStyle { color: false, width: 80 });
///
/// let files = [FileOutcome::Checked(check("config.toml", "concurrent = \n"))];
/// let mut out = Vec::new();
/// report::write_human(&mut out, &files, &HumanStyle { color: false, width: 60 }).unwrap();
/// let text = String::from_utf8(out).unwrap();
/// assert!(text.contains("syntax-error"));
/// assert!(!text.contains('\u{1b}')); // no ANSI colour
/// assert!(text.ends_with("checked 1 file: 1 error, 0 warnings, 0 infos\n"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HumanStyle {
    /// Colour with ANSI escapes.
    pub color: bool,
    /// Width in columns to wrap text at.
    pub width: usize,
}

impl Default for HumanStyle {
    /// No colour, 80 columns.
    fn default() -> Self {
        Self {
            color: false,
            width: 80,
        }
    }
}

/// Writes every finding with a snippet of the source around it, then a line
/// for each file without findings, then a summary line such as
/// `checked 2 files: 1 error, 3 warnings, 0 infos`.
///
/// Files that could not be read are only counted in the summary: the
/// caller says why, where it failed to read them.
///
/// ```
/// use runner_config::check::check;
/// use runner_config::report::{self, FileOutcome, HumanStyle};
///
/// let files = [FileOutcome::Checked(check("config.toml", "concurrent = 4\n"))];
/// let mut out = Vec::new();
/// report::write_human(&mut out, &files, &HumanStyle::default()).unwrap();
/// assert_eq!(
///     String::from_utf8(out).unwrap(),
///     "config.toml: no problems found\nchecked 1 file: 0 errors, 0 warnings, 0 infos\n"
/// );
/// ```
pub fn write_human(
    out: &mut impl io::Write,
    files: &[FileOutcome],
    style: &HumanStyle,
) -> io::Result<()> {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(style.width);
    let mut text = String::new();
    let checked = files.iter().filter_map(|file| match file {
        FileOutcome::Checked(report) => Some(report),
        FileOutcome::Unreadable(_) => None,
    });
    for report in checked.clone() {
        for diagnostic in &report.diagnostics {
            let shown = Shown {
                diagnostic,
                inner: diagnostic.with_source(&report.source),
                whole_file: diagnostic.span().is_none().then(|| report.source.name()),
            };
            handler.render_report(&mut text, &shown).map_err(io_error)?;
            text.push('\n');
        }
    }
    for report in checked.filter(|report| report.diagnostics.is_empty()) {
        writeln!(text, "{}: no problems found", report.source.name()).map_err(io_error)?;
    }
    writeln!(text, "{}", summary_line(&Summary::of(files))).map_err(io_error)?;
    out.write_all(text.as_bytes())
}

fn io_error(_: fmt::Error) -> io::Error {
    io::Error::other("a diagnostic could not be rendered")
}

fn summary_line(s: &Summary) -> String {
    let checked = s.files - s.unreadable;
    let files = if s.unreadable == 0 {
        plural(checked, "file", "files")
    } else {
        format!(
            "{checked} of {} ({} could not be read)",
            plural(s.files, "file", "files"),
            s.unreadable
        )
    };
    format!(
        "checked {files}: {}, {}, {}",
        plural(s.errors, "error", "errors"),
        plural(s.warnings, "warning", "warnings"),
        plural(s.infos, "info", "infos"),
    )
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A finding as shown: a finding about the whole file has no snippet to
/// name the file, so its message does; a finding about one runner
/// (`runner-config ci`) names it first, and the jobs it affects come
/// before its help.
#[derive(Debug)]
struct Shown<'a> {
    diagnostic: &'a crate::Diagnostic,
    inner: SourcedDiagnostic<'a>,
    whole_file: Option<&'a str>,
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = self.whole_file {
            write!(f, "{path}: ")?;
        }
        if let Some(runner) = self.diagnostic.runner_name() {
            write!(f, "runner {runner:?}: ")?;
        }
        fmt::Display::fmt(&self.inner, f)
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.inner.code()
    }
    fn severity(&self) -> Option<miette::Severity> {
        self.inner.severity()
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        let diagnostic = self.diagnostic;
        let jobs = diagnostic.job_names().filter(|jobs| !jobs.is_empty());
        match (jobs, diagnostic.help_text()) {
            (Some(jobs), Some(help)) => {
                Some(Box::new(format!("jobs: {}\n{help}", jobs.join(", "))))
            }
            (Some(jobs), None) => Some(Box::new(format!("jobs: {}", jobs.join(", ")))),
            (None, _) => self.inner.help(),
        }
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        self.inner.labels()
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.inner.source_code()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check;
    use crate::diagnostic::tests::SCANNED;

    /// A file of `n` runners, each with a misspelt key: `n` findings.
    fn many_findings(n: usize) -> String {
        let mut text = format!("concurrent = {}\n", n + 1);
        for i in 0..n {
            text.push_str(&format!(
                "[[runners]]\n  name = \"runner-{i}\"\n  executor = \"shell\"\n  executr = \"shell\"\n"
            ));
        }
        text
    }

    /// Bytes miette scanned per finding to cut out the snippets of a
    /// report of `n` findings.
    fn scanned_per_finding(n: usize) -> usize {
        let files = [FileOutcome::Checked(check(
            "config.toml",
            &many_findings(n),
        ))];
        let findings = Summary::of(&files).warnings;
        assert_eq!(findings, n);
        let before = SCANNED.with(std::cell::Cell::get);
        let mut out = Vec::new();
        write_human(&mut out, &files, &HumanStyle::default()).unwrap();
        (SCANNED.with(std::cell::Cell::get) - before) / findings
    }

    /// The work per finding does not grow with the file: each snippet is
    /// cut out of its own lines, not found by a scan from the start of the
    /// text (which made 5 000 findings take a minute).
    #[test]
    fn the_report_does_linear_work() {
        let small = scanned_per_finding(50);
        let large = scanned_per_finding(2_000);
        // A snippet is the finding's line and one line either side, read a
        // few times by miette: a few hundred bytes, whatever the file.
        assert!(
            small > 0 && large <= 400,
            "{small} vs {large} bytes per finding"
        );
        assert!(
            large <= small + small / 10,
            "{small} vs {large} bytes per finding"
        );
    }
}
