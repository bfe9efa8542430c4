//! `[runners.monitoring]`: extra metrics the runner exports about its jobs.

use crate::model::shape::section;
use crate::model::types::GoDuration;

section! {
    /// `[runners.monitoring]`: extra metrics about this runner's jobs.
    ///
    /// ```
    /// use runner_config::model::MonitoringConfig;
    ///
    /// let config = runner_config::load::load(r#"
    /// [[runners]]
    /// [[runners.monitoring.job_queuing_durations]]
    /// periods = ["* * 9-17 * * mon-fri *"]
    /// threshold = "5m"
    /// "#)
    /// .into_config()
    /// .unwrap();
    /// let monitoring: &MonitoringConfig = config.runners[0].monitoring.as_ref().unwrap();
    /// assert_eq!(monitoring.job_queuing_durations.len(), 1);
    /// ```
    pub struct MonitoringConfig in "[runners.monitoring]" {
        /// Rules that count jobs which waited in the queue longer than a threshold.
        "job_queuing_durations" => job_queuing_durations: Vec<JobQueuingDuration>,
    }
}

section! {
    /// `[[runners.monitoring.job_queuing_durations]]`: one rule of the queuing-time metric,
    /// active during the given periods.
    ///
    /// ```
    /// use runner_config::model::monitoring::JobQueuingDuration;
    /// use runner_config::model::shape::Section;
    ///
    /// let duration: JobQueuingDuration =
    ///     toml::from_str("periods = [\"* * * * * * *\"]\nthreshold = \"90s\"\n").unwrap();
    /// assert_eq!(duration.threshold.unwrap().as_nanos(), 90_000_000_000);
    /// assert_eq!(JobQueuingDuration::TABLE.header, "[[runners.monitoring.job_queuing_durations]]");
    /// ```
    pub struct JobQueuingDuration in "[[runners.monitoring.job_queuing_durations]]" {
        /// When the rule applies, as cron-style expressions with seconds and years (`* * 9-17 *
        /// * mon-fri *`).
        "periods" => periods: Option<Vec<String>>,
        /// The time zone the periods are read in, as an IANA name (`Europe/Berlin`).
        "timezone" => timezone: Option<String>,
        /// Jobs that waited longer than this are counted.
        "threshold" => threshold: Option<GoDuration>,
        /// Only count jobs when the project already runs a number of jobs matching this regular
        /// expression.
        "jobs_running_for_project" => jobs_running_for_project: Option<String>,
    }
}
