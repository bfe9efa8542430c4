//! Where a run's report goes: the `--format` report on standard output, or
//! into `--output-file` with the human report on standard output.

use std::ffi::OsStr;
use std::io::IsTerminal;
use std::path::Path;

use clap::ValueEnum;
use runner_config::report::{self, FileOutcome, HumanStyle};

use super::{Status, input, print};

/// A report's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Findings with source snippets, for people.
    Human,
    /// A JSON document, stable for scripts.
    Json,
    /// A GitLab Code Quality report.
    Gitlab,
    /// SARIF 2.1.0, e.g. for GitHub code scanning.
    Sarif,
}

/// Writes the report of a run that ends with `status`: the `format`
/// report on standard output or, with `output_file`, into that file, and
/// then the human report on standard output (a terminal's, so people see
/// the findings while a CI job keeps the file). A report that cannot be
/// written turns the status into [`Status::CouldNotRun`].
pub(super) fn write(
    outcomes: &[FileOutcome],
    format: Format,
    output_file: Option<&Path>,
    status: Status,
) -> Status {
    let Some(path) = output_file else {
        return match render(outcomes, format, &human_style()) {
            Ok(out) => print(&out, status),
            Err(error) => {
                eprintln!("error: {error}");
                Status::CouldNotRun
            }
        };
    };
    // A file is never a terminal: no colour in it.
    let plain = HumanStyle {
        color: false,
        ..human_style()
    };
    let written = render(outcomes, format, &plain).and_then(|out| {
        std::fs::write(path, out).map_err(|e| format!("cannot write {}: {e}", path.display()))
    });
    if let Err(error) = written {
        eprintln!("error: {error}");
        return Status::CouldNotRun;
    }
    match render(outcomes, Format::Human, &human_style()) {
        Ok(out) => print(&out, status),
        Err(error) => {
            eprintln!("error: {error}");
            Status::CouldNotRun
        }
    }
}

/// One report, in memory.
fn render(outcomes: &[FileOutcome], format: Format, style: &HumanStyle) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let written = match format {
        Format::Human => report::write_human(&mut out, outcomes, style),
        Format::Json => report::write_json(&mut out, outcomes),
        // Paths in CI reports are relative to where the job runs.
        Format::Gitlab | Format::Sarif => {
            let dir = input::working_dir()
                .map_err(|e| format!("cannot tell the current directory: {e}"))?;
            if format == Format::Gitlab {
                report::write_gitlab(&mut out, outcomes, &dir)
            } else {
                report::write_sarif(&mut out, outcomes, &dir)
            }
        }
    };
    written.map_err(|e| format!("cannot write the report: {e}"))?;
    Ok(out)
}

/// The human report's style for this process's standard output and
/// environment.
pub(super) fn human_style() -> HumanStyle {
    style_for(
        std::io::stdout().is_terminal(),
        std::env::var_os("NO_COLOR").as_deref(),
        std::env::var("COLUMNS").ok().as_deref(),
    )
}

/// Colour only for a terminal, and never when `NO_COLOR` is set to
/// anything; the width from `COLUMNS` when the shell exports a sensible
/// one.
fn style_for(terminal: bool, no_color: Option<&OsStr>, columns: Option<&str>) -> HumanStyle {
    let no_color = no_color.is_some_and(|value| !value.is_empty());
    let width = columns
        .and_then(|columns| columns.trim().parse::<usize>().ok())
        .filter(|&columns| columns >= 40);
    HumanStyle {
        color: terminal && !no_color,
        width: width.unwrap_or(HumanStyle::default().width),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_needs_a_terminal_and_no_no_color() {
        let set = Some(OsStr::new("1"));
        let empty = Some(OsStr::new(""));
        assert!(style_for(true, None, None).color);
        assert!(style_for(true, empty, None).color);
        assert!(!style_for(true, set, None).color);
        assert!(!style_for(false, None, None).color);
    }

    #[test]
    fn width_comes_from_columns_when_sensible() {
        assert_eq!(style_for(false, None, None).width, 80);
        assert_eq!(style_for(false, None, Some("120")).width, 120);
        assert_eq!(style_for(false, None, Some(" 100\n")).width, 100);
        assert_eq!(style_for(false, None, Some("10")).width, 80);
        assert_eq!(style_for(false, None, Some("wide")).width, 80);
    }
}
