//! `[runners.monitoring]`: extra metrics the runner exports about its jobs.

use crate::model::shape::section;
use crate::model::types::GoDuration;

section! {
    /// `[runners.monitoring]`.
    pub struct MonitoringConfig in "[runners.monitoring]" {
        /// `job_queuing_durations`.
        "job_queuing_durations" => job_queuing_durations: Vec<JobQueuingDuration>,
    }
}

section! {
    /// `[[runners.monitoring.job_queuing_durations]]`.
    pub struct JobQueuingDuration in "[[runners.monitoring.job_queuing_durations]]" {
        /// `periods`.
        "periods" => periods: Option<Vec<String>>,
        /// `timezone`.
        "timezone" => timezone: Option<String>,
        /// `threshold`.
        "threshold" => threshold: Option<GoDuration>,
        /// `jobs_running_for_project`.
        "jobs_running_for_project" => jobs_running_for_project: Option<String>,
    }
}
