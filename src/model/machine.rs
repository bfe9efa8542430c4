//! `[runners.machine]`: the `docker+machine` executor's autoscaling of
//! Docker Machine hosts, with its `[[runners.machine.autoscaling]]` periods.

use crate::model::shape::section;

section! {
    /// `[runners.machine]`: how the `docker+machine` executor creates, keeps idle and removes
    /// the hosts jobs run on, through Docker Machine.
    ///
    /// ```
    /// use runner_config::model::{Executor, MachineConfig};
    ///
    /// let config = runner_config::load::load(r#"
    /// [[runners]]
    /// executor = "docker+machine"
    /// [runners.machine]
    /// IdleCount = 2
    /// IdleTime = 1800
    /// MachineDriver = "amazonec2"
    /// MachineName = "ci-%s"
    /// MachineOptions = ["amazonec2-instance-type=m5.large"]
    /// [[runners.machine.autoscaling]]
    /// Periods = ["* * 9-17 * * mon-fri *"]
    /// IdleCount = 10
    /// "#)
    /// .into_config()
    /// .unwrap();
    /// let runner = &config.runners[0];
    /// assert_eq!(runner.executor, Some(Executor::DockerMachine));
    /// let machine: &MachineConfig = runner.machine.as_ref().unwrap();
    /// assert_eq!(machine.idle_count, Some(2));
    /// // Unlike most durations in the file, `IdleTime` is whole seconds.
    /// assert_eq!(machine.idle_time, Some(1800));
    /// assert_eq!(machine.machine_name.as_deref(), Some("ci-%s"));
    /// assert_eq!(machine.autoscaling[0].idle_count, Some(10));
    /// ```
    pub struct MachineConfig in "[runners.machine]" {
        /// The most machines that may be in creation at the same time; `0` means no limit.
        "MaxGrowthRate" => max_growth_rate: Option<i64>,
        /// How many idle machines to keep ready for new jobs, outside `autoscaling` periods.
        "IdleCount" => idle_count: Option<i64>,
        /// Keep this many idle machines per machine in use (as a factor), between
        /// `IdleCountMin` and `IdleCount`; `0` turns it off.
        "IdleScaleFactor" => idle_scale_factor: Option<f64>,
        /// The fewest idle machines kept when `IdleScaleFactor` is used.
        "IdleCountMin" => idle_count_min: Option<i64>,
        /// Seconds a machine may stay idle before it is removed.
        "IdleTime" => idle_time: Option<i64>,
        /// How many jobs a machine runs before it is removed; `0` means no limit.
        "MaxBuilds" => max_builds: Option<i64>,
        /// The Docker Machine driver (`amazonec2`, `google`, `azure`…).
        "MachineDriver" => machine_driver: Option<String>,
        /// The name machines get; it must contain `%s`, which is replaced by a unique ID.
        "MachineName" => machine_name: Option<String>,
        /// Options passed to `docker-machine create` (`amazonec2-instance-type=m5.large`).
        "MachineOptions" => machine_options: Option<Vec<String>>,
        /// Options passed to `docker-machine create` that contain the machine's name, written
        /// as `%s`.
        "MachineOptionsWithName" => machine_options_with_name: Option<Vec<String>>,
        /// How many times the runner tries to remove a machine before giving up. Zero or
        /// negative values use the default.
        ///
        /// Default: `30`.
        "MaxRemovalAttempts" => max_removal_attempts: Option<i64>,
        /// Off-peak periods, as cron-style expressions.
        ///
        /// Deprecated: no longer read (only a warning is logged); use
        /// `[[runners.machine.autoscaling]]`.
        "OffPeakPeriods" => off_peak_periods: Option<Vec<String>>,
        /// The time zone of `OffPeakPeriods`.
        ///
        /// Deprecated: no longer read (only a warning is logged); use
        /// `[[runners.machine.autoscaling]]`.
        "OffPeakTimezone" => off_peak_timezone: Option<String>,
        /// `IdleCount` during off-peak periods.
        ///
        /// Deprecated: no longer read (only a warning is logged); use
        /// `[[runners.machine.autoscaling]]`.
        "OffPeakIdleCount" => off_peak_idle_count: Option<i64>,
        /// `IdleTime` during off-peak periods.
        ///
        /// Deprecated: no longer read (only a warning is logged); use
        /// `[[runners.machine.autoscaling]]`.
        "OffPeakIdleTime" => off_peak_idle_time: Option<i64>,
        /// Idle settings for particular periods; the last matching entry wins over the values
        /// above.
        "autoscaling" => autoscaling: Vec<MachineAutoscaling>,
    }
}

section! {
    /// `[[runners.machine.autoscaling]]`: idle settings that apply during some periods, such as
    /// nights and weekends.
    ///
    /// ```
    /// use runner_config::model::machine::MachineAutoscaling;
    /// use runner_config::model::shape::Section;
    ///
    /// let period: MachineAutoscaling = toml::from_str(r#"
    /// Periods = ["* * 9-17 * * mon-fri *"]
    /// Timezone = "UTC"
    /// IdleCount = 5
    /// "#).unwrap();
    /// assert_eq!(period.timezone.as_deref(), Some("UTC"));
    /// assert_eq!(period.idle_count, Some(5));
    /// assert_eq!(MachineAutoscaling::TABLE.header, "[[runners.machine.autoscaling]]");
    /// ```
    pub struct MachineAutoscaling in "[[runners.machine.autoscaling]]" {
        /// When these settings apply, as cron-style expressions with seconds and years (`* *
        /// 9-17 * * mon-fri *`).
        "Periods" => periods: Option<Vec<String>>,
        /// The time zone `Periods` are read in, as an IANA name.
        "Timezone" => timezone: Option<String>,
        /// How many idle machines to keep during these periods.
        "IdleCount" => idle_count: Option<i64>,
        /// The idle scale factor during these periods.
        "IdleScaleFactor" => idle_scale_factor: Option<f64>,
        /// The fewest idle machines during these periods, with `IdleScaleFactor`.
        "IdleCountMin" => idle_count_min: Option<i64>,
        /// Seconds a machine may stay idle during these periods.
        "IdleTime" => idle_time: Option<i64>,
    }
}
