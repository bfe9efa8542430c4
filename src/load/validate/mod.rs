//! What GitLab Runner checks once the file is decoded, before it accepts
//! it: `Config.LoadConfig` compiles each runner's periods, time zones and
//! regular expressions (`RunnerConfig.loadConfig`), then validates labels
//! and machine options (`Config.Validate`). Any failure refuses the whole
//! file, exactly like a type error, so every finding here but one is an
//! error; the exception is the slot cgroup template, which the runner only
//! logs.
//!
//! The runner stops at its first failure; this stage reports all of them,
//! each at the value at fault. NFS volumes are checked here too, although
//! the runner checks them while decoding (`KubernetesNFS.UnmarshalTOML`):
//! the walk (`resolve.rs`) drops their wrongly typed values, warning about
//! optional ones, and here a required field is missing whether it was not
//! written, written empty or written with the wrong type.

pub(crate) mod constraints;
mod cron;
mod go_regex;
mod timezone;

use std::fmt::Write as _;
use std::ops::Range;

use super::codes;
use super::index::SpanIndex;
use super::resolve::push_key;
use crate::Diagnostic;
use crate::model::Config;
use crate::model::Runner;
use crate::policy::gofmt::{List, Quoted};
use constraints::{
    LABEL_KEY_PATTERN, LABEL_VALUE_PATTERN, MACHINE_NAME_PLACEHOLDER, MAX_LABELS,
    NFS_REQUIRED_FIELDS, is_label_key, is_label_value,
};

/// Checks what `LoadConfig` checks after decoding; the findings, unsorted.
pub(crate) fn validate(config: &Config, index: &SpanIndex, text: &str) -> Vec<Diagnostic> {
    let mut check = Check {
        index,
        text,
        out: Vec::new(),
    };
    check.labels("labels", &config.labels, None);
    for (i, runner) in config.runners.iter().enumerate() {
        let path = format!("runners[{i}]");
        check.runner(&path, runner, config);
    }
    check.out
}

struct Check<'a> {
    index: &'a SpanIndex,
    text: &'a str,
    out: Vec<Diagnostic>,
}

/// Where the runner's error names a runner: `validating runner NAME: …`.
fn runner_name(runner: &Runner) -> &str {
    runner.name.as_deref().unwrap_or_default()
}

impl Check<'_> {
    fn runner(&mut self, path: &str, runner: &Runner, config: &Config) {
        let name = runner_name(runner);
        if let Some(machine) = &runner.machine {
            for (j, autoscaling) in machine.autoscaling.iter().enumerate() {
                let at = format!("{path}.machine.autoscaling[{j}]");
                let periods = autoscaling.periods.as_deref().unwrap_or_default();
                let prefix = format!(
                    "loading configuration for {name} runner: compiling docker machine \
                     autoscaling periods: invalid time periods {}, caused by: ",
                    List(periods)
                );
                let checked = "when the docker+machine executor next looks up its idle \
                               settings (`DockerMachine.GetIdleCount`)";
                self.periods(&at, "Periods", periods, &prefix, checked);
                self.timezone(&at, "Timezone", autoscaling.timezone.as_deref(), &prefix);
            }
            let options = machine
                .machine_options_with_name
                .as_deref()
                .unwrap_or_default();
            for (k, option) in options.iter().enumerate() {
                if !option.contains(MACHINE_NAME_PLACEHOLDER) {
                    self.machine_option(
                        &format!("{path}.machine.MachineOptionsWithName[{k}]"),
                        option,
                        name,
                    );
                }
            }
        }
        if let Some(monitoring) = &runner.monitoring {
            for (j, duration) in monitoring.job_queuing_durations.iter().enumerate() {
                let at = format!("{path}.monitoring.job_queuing_durations[{j}]");
                let prefix = format!(
                    "loading configuration for {name} runner: compiling monitoring sections: \
                     compiling job_queuing_durations: entry {j}: periods: "
                );
                let periods = duration.periods.as_deref().unwrap_or_default();
                let checked = "when a job arrives and this period is looked at \
                               (`JobQueuingDurations.GetActiveConfiguration`)";
                self.periods(&at, "periods", periods, &prefix, checked);
                self.timezone(&at, "timezone", duration.timezone.as_deref(), &prefix);
                if let Some(pattern) = duration.jobs_running_for_project.as_deref() {
                    let prefix = format!(
                        "loading configuration for {name} runner: compiling monitoring \
                         sections: compiling job_queuing_durations: entry {j}: \
                         jobs_running_for_project: "
                    );
                    self.regex(&format!("{at}.jobs_running_for_project"), pattern, &prefix);
                }
            }
        }
        self.labels(&format!("{path}.labels"), &runner.labels, Some(name));
        self.label_count(path, runner, config);
        if let Some(volumes) = runner.kubernetes.as_ref().and_then(|k| k.volumes.as_ref()) {
            for (j, volume) in volumes.nfs.iter().enumerate() {
                let at = format!("{path}.kubernetes.volumes.nfs[{j}]");
                let values = [
                    &volume.name,
                    &volume.mount_path,
                    &volume.server,
                    &volume.path,
                ];
                self.nfs(&at, values.map(|v| v.as_deref()));
            }
        }
        self.slot_cgroups(path, runner);
    }

    /// The span of the value at `path`, or of the closest enclosing entry
    /// that is written in the file.
    fn value_span(&self, path: &str) -> Option<Range<usize>> {
        let mut path = path;
        loop {
            if let Some(span) = self.index.value_span(path) {
                return Some(span);
            }
            let cut = path.rfind(['.', '['])?;
            path = &path[..cut];
        }
    }

    /// The span of a part (`part`, a byte range of the decoded string) of
    /// the string at `span`, when the string is written without escapes.
    fn inner_span(&self, span: &Range<usize>, decoded: &str, part: Range<usize>) -> Range<usize> {
        let raw = self.text.get(span.clone()).unwrap_or_default();
        let quote = if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
            3
        } else {
            1
        };
        let inner = raw.get(quote..raw.len().saturating_sub(quote));
        match inner {
            Some(inner) if inner == decoded && part.end <= decoded.len() => {
                span.start + quote + part.start..span.start + quote + part.end
            }
            _ => span.clone(),
        }
    }

    /// `checked` says when the runner evaluates the periods, for a field
    /// that selects nothing.
    fn periods(&mut self, at: &str, key: &str, periods: &[String], refusal: &str, checked: &str) {
        for (k, period) in periods.iter().enumerate() {
            let Err(error) = cron::parse(period) else {
                if let Some(empty) = cron::empty_field(period) {
                    self.empty_field(&format!("{at}.{key}[{k}]"), period, &empty, checked);
                } else if let Some(padded) = cron::zero_padded(period) {
                    self.zero_padded(&format!("{at}.{key}[{k}]"), period, &padded);
                }
                continue;
            };
            let path = format!("{at}.{key}[{k}]");
            let span = self.value_span(&path);
            let primary = match (&span, error.span()) {
                (Some(span), Some(part)) => Some(self.inner_span(span, period, part)),
                _ => span.clone(),
            };
            let shown = crate::diagnostic::shorten(period, 60);
            let diagnostic = Diagnostic::new(
                &codes::INVALID_PERIOD,
                format!(
                    "{} is not a period the runner can read: {error}",
                    Quoted(&shown)
                ),
            )
            .at_opt(primary)
            .key(path)
            .help(format!(
                "a period is a cron expression: `minute hour day-of-month month day-of-week`, \
                 optionally with a year after it, or with seconds before and a year after \
                 (`* * 9-17 * * mon-fri *`); the runner refuses to load the file: \
                 `{refusal}{error}`"
            ));
            self.out.push(diagnostic);
        }
    }

    fn empty_field(&mut self, path: &str, period: &str, empty: &cron::EmptyField, checked: &str) {
        let span = self.value_span(path);
        let primary = match (&span, empty.span()) {
            (Some(span), Some(part)) => Some(self.inner_span(span, period, part)),
            _ => span,
        };
        let name = empty.name();
        let diagnostic = Diagnostic::new(
            &codes::REVERSED_PERIOD_RANGE,
            format!(
                "the {name} field {} selects no {name}: a range runs from low to high",
                Quoted(&crate::diagnostic::shorten(empty.text(), 60))
            ),
        )
        .at_opt(primary)
        .key(path)
        .help(format!(
            "{}; the runner loads the file, then crashes {checked}: `panic: runtime error: \
             index out of range [0] with length 0` (gorhill/cronexpr's `Expression.Next`)",
            match empty.wrapped() {
                Some(wrapped) => format!("write {} to wrap around", Quoted(&wrapped)),
                None => "write each range from low to high, splitting one that wraps around \
                         (`22-6` as `22-23,0-6`)"
                    .to_owned(),
            }
        ));
        self.out.push(diagnostic);
    }

    fn zero_padded(&mut self, path: &str, period: &str, padded: &cron::ZeroPadded) {
        let span = self.value_span(path);
        let primary = match (&span, padded.span()) {
            (Some(span), Some(part)) => Some(self.inner_span(span, period, part)),
            _ => span,
        };
        let written = padded.text();
        let diagnostic = Diagnostic::new(
            &codes::ZERO_PADDED_PERIOD_VALUE,
            format!(
                "the {} `{written}` of {} is read as {}",
                padded.name(),
                Quoted(&crate::diagnostic::shorten(period, 60)),
                padded.read_as()
            ),
        )
        .at_opt(primary)
        .key(path)
        .help(format!(
            "write `{}` without the leading zero: gorhill/cronexpr looks months and days of \
             the week up without one, and the runner uses the period as it reads it",
            written.trim_start_matches('0')
        ));
        self.out.push(diagnostic);
    }

    fn timezone(&mut self, at: &str, key: &str, timezone: Option<&str>, refusal: &str) {
        let Some(name) = timezone else {
            return;
        };
        let Err(error) = timezone::check(name) else {
            return;
        };
        let path = format!("{at}.{key}");
        let shown = crate::diagnostic::shorten(name, 60);
        let mut help = match error.suggestion() {
            Some(suggestion) => format!("did you mean {}? ", Quoted(suggestion)),
            None => String::new(),
        };
        help.push_str(
            "write an IANA time zone name such as \"Europe/Berlin\" (case matters), \"UTC\", \
             or nothing for the machine's own zone",
        );
        match error.runner_message() {
            Some(says) => {
                let _ = write!(
                    help,
                    "; the runner refuses to load the file: `{refusal}{says}`"
                );
            }
            None => help.push_str("; the runner refuses to load the file"),
        }
        let diagnostic = Diagnostic::new(
            &codes::INVALID_TIMEZONE,
            format!("{} is not a time zone: {error}", Quoted(&shown)),
        )
        .at_opt(self.value_span(&path))
        .key(path)
        .help(help);
        self.out.push(diagnostic);
    }

    fn regex(&mut self, path: &str, pattern: &str, refusal: &str) {
        let Err(error) = go_regex::check(pattern) else {
            return;
        };
        let span = self.value_span(path);
        let primary = span
            .as_ref()
            .map(|span| self.inner_span(span, pattern, error.span()));
        let diagnostic = Diagnostic::new(
            &codes::INVALID_REGEX,
            format!(
                "{} is not a regular expression Go accepts: {}",
                Quoted(&crate::diagnostic::shorten(pattern, 60)),
                error.reason()
            ),
        )
        .at_opt(primary)
        .key(path)
        .help(format!(
            "the pattern is Go (RE2) syntax, compiled when the file is loaded; the runner \
             refuses to load the file, saying {refusal}{error}"
        ));
        self.out.push(diagnostic);
    }

    fn machine_option(&mut self, path: &str, option: &str, runner: &str) {
        let shown = crate::diagnostic::shorten(option, 60);
        let diagnostic = Diagnostic::new(
            &codes::MACHINE_OPTION_WITHOUT_PLACEHOLDER,
            format!(
                "{} does not contain `%s`, where the machine's name goes",
                Quoted(&shown)
            ),
        )
        .at_opt(self.value_span(path))
        .key(path)
        .help(format!(
            "put `%s` where the name belongs (\"--amazonec2-tags=Name,%s\"), or move the option \
             to `MachineOptions`; the runner refuses to load the file: `invalid config: \
             validating runner {runner}: validating machine options with name: machine option \
             with name {} must contain %s placeholder`",
            Quoted(option)
        ));
        self.out.push(diagnostic);
    }

    /// Label keys and values; `runner` is the runner's name, or `None` for
    /// the global `[labels]`.
    fn labels(
        &mut self,
        path: &str,
        labels: &std::collections::BTreeMap<String, String>,
        runner: Option<&str>,
    ) {
        let scope = match runner {
            Some(name) => format!("validating runner {name}: validating labels"),
            None => "validating global labels".to_owned(),
        };
        for (key, value) in labels {
            let mut entry = path.to_owned();
            push_key(&mut entry, key);
            let spans = self.index.get(&entry);
            if !is_label_key(key) {
                let diagnostic = Diagnostic::new(
                    &codes::INVALID_LABEL,
                    format!(
                        "{} is not a valid label key",
                        Quoted(&crate::diagnostic::shorten(key, 60))
                    ),
                )
                .at_opt(
                    spans
                        .as_ref()
                        .map(|s| s.primary())
                        .or_else(|| self.value_span(path)),
                )
                .key(entry.clone())
                .help(format!(
                    "a label key is 3 to 65 letters, digits, `_`, `.` or `-`, and does not start \
                     with `.` or `-`; the runner refuses to load the file: `invalid config: \
                     {scope}: invalid label key, doesn't match {}: {key}`",
                    Quoted(LABEL_KEY_PATTERN)
                ));
                self.out.push(diagnostic);
            }
            if !is_label_value(value) {
                let diagnostic = Diagnostic::new(
                    &codes::INVALID_LABEL,
                    format!(
                        "{} is not a valid label value (label `{}`)",
                        Quoted(&crate::diagnostic::shorten(value, 60)),
                        crate::diagnostic::shorten(key, 60)
                    ),
                )
                .at_opt(
                    spans
                        .as_ref()
                        .map(|s| s.value.clone())
                        .or_else(|| self.value_span(path)),
                )
                .key(entry)
                .help(format!(
                    "a label value is 1 to 256 letters, digits, `_`, `.` or `-`; the runner \
                     refuses to load the file: `invalid config: {scope}: invalid label value, \
                     doesn't match {}: {value}`",
                    Quoted(LABEL_VALUE_PATTERN)
                ));
                self.out.push(diagnostic);
            }
        }
    }

    /// At most [`MAX_LABELS`] once the global labels are merged under the
    /// runner's own (keys compared exactly, the runner's value winning).
    fn label_count(&mut self, path: &str, runner: &Runner, config: &Config) {
        let merged = config.labels.len()
            + runner
                .labels
                .keys()
                .filter(|key| !config.labels.contains_key(*key))
                .count();
        if merged <= MAX_LABELS {
            return;
        }
        let own = format!("{path}.labels");
        let primary = self
            .index
            .get(&own)
            .map(|s| s.primary())
            .or_else(|| self.index.get("labels").map(|s| s.primary()))
            .or_else(|| self.index.value_span(path));
        let name = runner_name(runner);
        let (global, mine) = (config.labels.len(), runner.labels.len());
        let shared = match global + mine - merged {
            0 => String::new(),
            1 => " (one key in both counts once)".to_owned(),
            n => format!(" ({n} keys in both count once each)"),
        };
        let mut diagnostic = Diagnostic::new(
            &codes::TOO_MANY_LABELS,
            format!(
                "runner `{name}` has {merged} labels once the global labels are merged in; at \
                 most {MAX_LABELS} are allowed"
            ),
        )
        .at_opt(primary.clone())
        .key(if runner.labels.is_empty() {
            "labels".to_owned()
        } else {
            own
        })
        .help(format!(
            "{global} global labels and {mine} of the runner's own{shared}; remove some; the \
             runner refuses to load the file: `invalid config: validating runner {name}: \
             validating computed labels: exceeded maximum computed labels number of \
             {MAX_LABELS}`"
        ));
        if let Some(global) = self.index.get("labels").map(|s| s.primary())
            && Some(&global) != primary.as_ref()
        {
            diagnostic = diagnostic.label(global, "merged with the global labels");
        }
        self.out.push(diagnostic);
    }

    /// The four required NFS fields, as the model holds them (a value of
    /// the wrong type was dropped by the walk).
    fn nfs(&mut self, at: &str, values: [Option<&str>; 4]) {
        let missing: Vec<&str> = NFS_REQUIRED_FIELDS
            .iter()
            .zip(values)
            .filter(|(_, value)| value.is_none_or(str::is_empty))
            .map(|(field, _)| *field)
            .collect();
        if missing.is_empty() {
            return;
        }
        let names: Vec<String> = missing.iter().map(|f| format!("`{f}`")).collect();
        let noun = if missing.len() == 1 {
            "field"
        } else {
            "fields"
        };
        let mut diagnostic = Diagnostic::new(
            &codes::NFS_MISSING_FIELD,
            format!(
                "NFS volume without the required {noun} {}",
                names.join(", ")
            ),
        )
        .at_opt(self.value_span(at))
        .key(at)
        .help(format!(
            "set {} to {}, spelt exactly so (this table does not match keys \
             case-insensitively); the runner refuses to load the file: `nfs volume: missing \
             required fields: {}`",
            names.join(", "),
            if missing.len() == 1 {
                "a non-empty string"
            } else {
                "non-empty strings"
            },
            missing.join(", ")
        ));
        for (field, value) in NFS_REQUIRED_FIELDS.iter().zip(values) {
            if !missing.contains(field) {
                continue;
            }
            if let Some(span) = self.index.value_span(&format!("{at}.{field}")) {
                let why = if value == Some("") {
                    "empty, which counts as missing"
                } else {
                    "not a string, so the runner skips it"
                };
                diagnostic = diagnostic.label(span, why);
            }
        }
        self.out.push(diagnostic);
    }

    /// `use_slot_cgroups` with a template that has no `${slot}`: the
    /// runner logs a warning (`validateSlotCgroupTemplate`) and every job
    /// shares one cgroup.
    fn slot_cgroups(&mut self, path: &str, runner: &Runner) {
        if runner.use_slot_cgroups != Some(true) {
            return;
        }
        let service = runner
            .docker
            .as_ref()
            .and_then(|d| d.service_slot_cgroup_template.as_deref())
            .filter(|t| !t.is_empty())
            .map(|t| (format!("{path}.docker.service_slot_cgroup_template"), t));
        let main = runner
            .slot_cgroup_template
            .as_deref()
            .filter(|t| !t.is_empty())
            .map(|t| (format!("{path}.slot_cgroup_template"), t));
        for (key, template) in main.into_iter().chain(service) {
            if template.contains("${slot}") || template.contains("$slot") {
                continue;
            }
            let diagnostic = Diagnostic::new(
                &codes::SLOT_CGROUP_TEMPLATE_WITHOUT_SLOT,
                format!(
                    "{} has no `${{slot}}`: every job gets the same cgroup",
                    Quoted(&crate::diagnostic::shorten(template, 60))
                ),
            )
            .at_opt(self.value_span(&key))
            .key(key)
            .help(
                "put `${slot}` where the slot number goes (\"gitlab-runner/slot-${slot}\"); the \
                 runner loads the file and only logs \"Slot cgroup template does not contain \
                 ${slot} placeholder\"",
            );
            self.out.push(diagnostic);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Severity;
    use crate::load::load;

    /// `(code, severity, key path)` of every finding.
    fn found(text: &str) -> Vec<(&'static str, Severity, String)> {
        load(text)
            .diagnostics()
            .iter()
            .map(|d| {
                (
                    d.code(),
                    d.severity(),
                    d.key_path().unwrap_or_default().to_owned(),
                )
            })
            .collect()
    }

    fn labels(prefix: &str, n: usize) -> String {
        (0..n)
            .map(|i| format!("{prefix}{i:03} = \"v\"\n"))
            .collect()
    }

    #[test]
    fn labels_are_counted_once_merged_and_per_runner() {
        // 20 global and 13 own, one key in both: 32, the limit.
        let at_limit = format!(
            "[labels]\n{}[[runners]]\nname = \"a\"\n[runners.labels]\n{}g000 = \"own\"\n",
            labels("g", 20),
            labels("r", 12)
        );
        assert_eq!(found(&at_limit), []);
        let over = format!(
            "[labels]\n{}[[runners]]\nname = \"a\"\n[runners.labels]\n{}",
            labels("g", 20),
            labels("r", 13)
        );
        let findings = found(&over);
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!(findings[0].0, "too-many-labels");
        assert_eq!(findings[0].2, "runners[0].labels");
        // Counted per runner: without runners, 40 global labels are fine.
        assert_eq!(found(&format!("[labels]\n{}", labels("g", 40))), []);
        let two = format!("[labels]\n{}[[runners]]\n[[runners]]\n", labels("g", 33));
        let codes: Vec<_> = found(&two).into_iter().map(|f| f.2).collect();
        assert_eq!(codes, ["labels", "labels"]);
    }

    #[test]
    fn label_keys_are_checked_under_any_spelling_of_labels() {
        let findings = found("[[runners]]\nLabels = { \"a/b\" = \"c\" }\n");
        let codes: Vec<_> = findings.iter().map(|f| (f.0, f.2.as_str())).collect();
        assert_eq!(
            codes,
            [
                ("non-canonical-key-case", "runners[0].labels"),
                ("invalid-label", "runners[0].labels.\"a/b\"")
            ]
        );
    }

    #[test]
    fn nfs_values_of_the_wrong_type_are_skipped() {
        let base = "[[runners]]\n[[runners.kubernetes.volumes.nfs]]\nname = \"n\"\nmount_path = \"/m\"\nserver = \"s\"\npath = \"/p\"\n";
        // An optional one: a warning, and the file loads without it.
        let loaded = load(&format!("{base}read_only = \"true\"\n"));
        assert!(loaded.is_valid());
        assert_eq!(loaded.diagnostics()[0].code(), "nfs-value-ignored");
        let config = loaded.config().unwrap();
        let nfs = &config.runners[0]
            .kubernetes
            .as_ref()
            .unwrap()
            .volumes
            .as_ref()
            .unwrap()
            .nfs;
        assert_eq!(nfs[0].read_only, None);
        // A required one: missing, one error, no warning.
        let text = base.replace("server = \"s\"", "server = 10");
        assert_eq!(
            found(&text),
            [(
                "nfs-missing-field",
                Severity::Error,
                "runners[0].kubernetes.volumes.nfs[0]".to_owned()
            )]
        );
        // Inline tables are decoded the same way.
        let inline =
            "[[runners]]\n[runners.kubernetes.volumes]\nnfs = [{ name = \"n\", server = \"s\" }]\n";
        let message = load(inline).diagnostics()[0].message().to_owned();
        assert_eq!(
            message,
            "NFS volume without the required fields `mount_path`, `path`"
        );
    }

    #[test]
    fn periods_and_zones_are_checked_where_the_runner_checks_them() {
        // No periods at all is fine; the zone is loaded all the same.
        let text = "[[runners]]\n[runners.machine]\n[[runners.machine.autoscaling]]\nTimezone = \"Mars\"\n";
        let findings = found(text);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].0, "invalid-timezone");
        assert_eq!(
            found(
                "[[runners]]\n[runners.machine]\n[[runners.machine.autoscaling]]\nPeriods = []\n"
            ),
            []
        );
        // The global [machine] table has no periods; OffPeakPeriods is no
        // longer compiled.
        assert_eq!(
            found(
                "[[runners]]\n[runners.machine]\nOffPeakPeriods = [\"bogus\"]\nOffPeakTimezone = \"Mars\"\n"
            ),
            []
        );
    }

    #[test]
    fn a_period_points_at_the_faulty_field_unless_escapes_move_it() {
        let text = "[[runners]]\n[[runners.monitoring.job_queuing_durations]]\nperiods = ['* 25 * * *', \"* 25\\u0020* * *\"]\n";
        let loaded = load(text);
        let spans: Vec<&str> = loaded
            .diagnostics()
            .iter()
            .map(|d| &text[d.span().unwrap()])
            .collect();
        assert_eq!(spans, ["25", "\"* 25\\u0020* * *\""]);
    }

    #[test]
    fn messages_quote_the_runner() {
        let text =
            "[[runners]]\nname = \"build\"\n[runners.machine]\nMachineOptionsWithName = [\"x\"]\n";
        let loaded = load(text);
        let help = loaded.diagnostics()[0].help_text().unwrap();
        assert!(
            help.ends_with(
                "`invalid config: validating runner build: validating machine options with name: \
                 machine option with name \"x\" must contain %s placeholder`"
            ),
            "{help}"
        );
    }
}
