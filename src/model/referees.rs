//! `[runners.referees]`: referees that collect extra data about a job (for
//! now, Prometheus metrics) and upload it as an artifact.

use crate::model::shape::section;

section! {
    /// `[runners.referees]`.
    pub struct RefereesConfig in "[runners.referees]" {
        /// `metrics`.
        "metrics" => metrics: Option<MetricsReferee>,
    }
}

section! {
    /// `[runners.referees.metrics]`.
    pub struct MetricsReferee in "[runners.referees.metrics]" {
        /// `prometheus_address`.
        "prometheus_address" => prometheus_address: Option<String>,
        /// `query_interval`.
        "query_interval" => query_interval: Option<i64>,
        /// `queries`.
        "queries" => queries: Option<Vec<String>>,
    }
}
