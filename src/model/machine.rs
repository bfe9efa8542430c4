//! `[runners.machine]`: the `docker+machine` executor's autoscaling of
//! Docker Machine hosts, with its `[[runners.machine.autoscaling]]` periods.

use crate::model::shape::section;

section! {
    /// `[runners.machine]`.
    pub struct MachineConfig in "[runners.machine]" {
        /// `MaxGrowthRate`.
        "MaxGrowthRate" => max_growth_rate: Option<i64>,
        /// `IdleCount`.
        "IdleCount" => idle_count: Option<i64>,
        /// `IdleScaleFactor`.
        "IdleScaleFactor" => idle_scale_factor: Option<f64>,
        /// `IdleCountMin`.
        "IdleCountMin" => idle_count_min: Option<i64>,
        /// `IdleTime`.
        "IdleTime" => idle_time: Option<i64>,
        /// `MaxBuilds`.
        "MaxBuilds" => max_builds: Option<i64>,
        /// `MachineDriver`.
        "MachineDriver" => machine_driver: Option<String>,
        /// `MachineName`.
        "MachineName" => machine_name: Option<String>,
        /// `MachineOptions`.
        "MachineOptions" => machine_options: Option<Vec<String>>,
        /// `MachineOptionsWithName`.
        "MachineOptionsWithName" => machine_options_with_name: Option<Vec<String>>,
        /// `MaxRemovalAttempts`.
        ///
        /// Default: `30`.
        "MaxRemovalAttempts" => max_removal_attempts: Option<i64>,
        /// `OffPeakPeriods`.
        ///
        /// Deprecated.
        "OffPeakPeriods" => off_peak_periods: Option<Vec<String>>,
        /// `OffPeakTimezone`.
        ///
        /// Deprecated.
        "OffPeakTimezone" => off_peak_timezone: Option<String>,
        /// `OffPeakIdleCount`.
        ///
        /// Deprecated.
        "OffPeakIdleCount" => off_peak_idle_count: Option<i64>,
        /// `OffPeakIdleTime`.
        ///
        /// Deprecated.
        "OffPeakIdleTime" => off_peak_idle_time: Option<i64>,
        /// `autoscaling`.
        "autoscaling" => autoscaling: Vec<MachineAutoscaling>,
    }
}

section! {
    /// `[[runners.machine.autoscaling]]`.
    pub struct MachineAutoscaling in "[[runners.machine.autoscaling]]" {
        /// `Periods`.
        "Periods" => periods: Option<Vec<String>>,
        /// `Timezone`.
        "Timezone" => timezone: Option<String>,
        /// `IdleCount`.
        "IdleCount" => idle_count: Option<i64>,
        /// `IdleScaleFactor`.
        "IdleScaleFactor" => idle_scale_factor: Option<f64>,
        /// `IdleCountMin`.
        "IdleCountMin" => idle_count_min: Option<i64>,
        /// `IdleTime`.
        "IdleTime" => idle_time: Option<i64>,
    }
}
