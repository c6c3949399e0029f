//! `[analytics]`: how player beacons are taken and how long a playback session's totals are
//! kept before only the daily aggregates remain.

use serde::{Deserialize, Serialize};

/// `[analytics]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AnalyticsConfig {
    /// Seconds of actual playback in one session that make a view.
    pub view_after_secs: u64,
    /// How long a session's running totals are kept after its last beacon, in hours (a player
    /// that reports later starts a new session); the daily aggregates are kept for good.
    pub session_keep_hours: u64,
    /// The shortest time between two beacons of one session, in milliseconds; sooner ones get
    /// 429.
    pub beacon_min_interval_ms: u64,
    /// Beacons per minute one client address may send (all its sessions together).
    pub beacons_per_minute_per_ip: u32,
}

impl Default for AnalyticsConfig {
    fn default() -> Self {
        Self { view_after_secs: 10, session_keep_hours: 48, beacon_min_interval_ms: 2_000, beacons_per_minute_per_ip: 120 }
    }
}

impl AnalyticsConfig {
    /// Why the settings are unusable, if they are.
    pub fn problem(&self) -> Option<String> {
        if !(1..=3600).contains(&self.view_after_secs) {
            return Some("analytics.view_after_secs: must be between 1 and 3600".into());
        }
        if !(1..=24 * 30).contains(&self.session_keep_hours) {
            return Some("analytics.session_keep_hours: must be between 1 and 720".into());
        }
        if self.beacons_per_minute_per_ip == 0 {
            return Some("analytics.beacons_per_minute_per_ip: must be at least 1".into());
        }
        None
    }
}
