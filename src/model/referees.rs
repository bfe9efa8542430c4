//! `[runners.referees]`: referees that collect extra data about a job (for
//! now, Prometheus metrics) and upload it as an artifact.

use crate::model::shape::section;

section! {
    /// `[runners.referees]`: referees that gather extra data about each job and upload it with
    /// the job's artifacts.
    ///
    /// ```
    /// use runner_config::model::RefereesConfig;
    ///
    /// let config = runner_config::load::load(
    ///     "[[runners]]\n[runners.referees.metrics]\nprometheus_address = \"http://localhost:9090\"\n",
    /// )
    /// .into_config()
    /// .unwrap();
    /// let referees: &RefereesConfig = config.runners[0].referees.as_ref().unwrap();
    /// let metrics = referees.metrics.as_ref().unwrap();
    /// assert_eq!(metrics.prometheus_address.as_deref(), Some("http://localhost:9090"));
    /// ```
    pub struct RefereesConfig in "[runners.referees]" {
        /// Collects Prometheus metrics for the time the job ran.
        "metrics" => metrics: Option<MetricsReferee>,
    }
}

section! {
    /// `[runners.referees.metrics]`: Prometheus queries run for each job's time span; the
    /// results are uploaded as a job artifact.
    ///
    /// ```
    /// use runner_config::model::referees::MetricsReferee;
    /// use runner_config::model::shape::Section;
    ///
    /// let metrics: MetricsReferee = toml::from_str("query_interval = 10\nqueries = [\"up\"]\n").unwrap();
    /// assert_eq!(metrics.query_interval, Some(10));
    /// assert_eq!(metrics.queries.as_deref(), Some(&["up".to_owned()][..]));
    /// assert_eq!(MetricsReferee::TABLE.header, "[runners.referees.metrics]");
    /// ```
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
