//! `[runners.referees]`: referees that collect extra data about a job (for
//! now, Prometheus metrics) and upload it as an artifact.

use crate::model::shape::section;

section! {
    /// `[runners.referees]`: referees that gather extra data about each job and upload it with
    /// the job's artifacts.
    pub struct RefereesConfig in "[runners.referees]" {
        /// Collects Prometheus metrics for the time the job ran.
        "metrics" => metrics: Option<MetricsReferee>,
    }
}

section! {
    /// `[runners.referees.metrics]`: Prometheus queries run for each job's time span; the
    /// results are uploaded as a job artifact.
    pub struct MetricsReferee in "[runners.referees.metrics]" {
        /// The base URL of the Prometheus server to query.
        "prometheus_address" => prometheus_address: Option<String>,
        /// The step, in seconds, between the points of each range query.
        "query_interval" => query_interval: Option<i64>,
        /// PromQL queries, each written `name:query`; `{selector}` in a query is replaced by a
        /// label selector for the job's host.
        "queries" => queries: Option<Vec<String>>,
    }
}
