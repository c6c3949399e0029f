//! `[cost]`: how usage is recorded for the cost report, and what counts as an anomaly.

use serde::{Deserialize, Serialize};

/// `[cost]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CostConfig {
    /// How often a process writes down the bytes its origin delivered, in seconds (counted in
    /// memory meanwhile: one database write per interval, not per request).
    pub flush_secs: u64,
    /// How often the bytes held per item and tier are recorded for the day, in seconds (the
    /// day's last record is what the day is charged).
    pub snapshot_every_secs: u64,
    /// The days before a day whose median cost of a resource is its normal.
    pub baseline_days: u32,
    /// A day's cost of a resource is an anomaly when it is more than this many times its normal …
    pub anomaly_factor: f64,
    /// … and at least this many dollars above it (so cents doubling is not news).
    pub anomaly_min_increase: f64,
    /// The complete days whose trend the forecast follows.
    pub forecast_days: u32,
}

impl Default for CostConfig {
    fn default() -> Self {
        Self {
            flush_secs: 60,
            snapshot_every_secs: 3_600,
            baseline_days: 7,
            anomaly_factor: 3.0,
            anomaly_min_increase: 1.0,
            forecast_days: 14,
        }
    }
}

impl CostConfig {
    /// Why the settings are unusable, if they are.
    pub fn problem(&self) -> Option<String> {
        if !(1..=3_600).contains(&self.flush_secs) {
            return Some("cost.flush_secs: must be between 1 and 3600".into());
        }
        if !(1..=86_400).contains(&self.snapshot_every_secs) {
            return Some("cost.snapshot_every_secs: must be between 1 and 86400".into());
        }
        if !(3..=60).contains(&self.baseline_days) {
            return Some("cost.baseline_days: must be between 3 and 60".into());
        }
        if !self.anomaly_factor.is_finite() || self.anomaly_factor < 1.0 {
            return Some("cost.anomaly_factor: must be a number of 1 or more".into());
        }
        if !self.anomaly_min_increase.is_finite() || self.anomaly_min_increase < 0.0 {
            return Some("cost.anomaly_min_increase: must be a number of 0 or more".into());
        }
        if !(2..=90).contains(&self.forecast_days) {
            return Some("cost.forecast_days: must be between 2 and 90".into());
        }
        None
    }
}
