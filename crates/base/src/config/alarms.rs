//! `[alarms]`: the conditions Reel watches itself (the same as `deploy/prometheus/alerts.yml`),
//! each with its threshold, the window it is measured over and how long it must hold, and who
//! is told when one fires or resolves.

use serde::{Deserialize, Serialize};

use super::Secret;

/// One condition's settings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlarmRule {
    /// The value past which the condition holds (below it for a success ratio, above it for
    /// the rest).
    pub threshold: f64,
    /// The window the value is measured over, in seconds (ignored by conditions that are a
    /// value now, such as dead jobs).
    pub window_secs: u64,
    /// How long the condition must hold before the alarm fires, in seconds; it resolves as soon
    /// as the condition no longer holds.
    pub for_secs: u64,
}

const fn rule(threshold: f64, window_secs: u64, for_secs: u64) -> AlarmRule {
    AlarmRule { threshold, window_secs, for_secs }
}

/// `[alarms]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AlarmsConfig {
    /// Whether `reel serve` evaluates the alarms. With Prometheus and Alertmanager watching
    /// several processes, `deploy/prometheus/alerts.yml` does it better: each process only
    /// sees its own counters.
    pub enabled: bool,
    /// How often the conditions are evaluated, in seconds.
    pub every_secs: u64,
    /// Whether admins (every enabled admin account with an email address) are emailed.
    pub email_admins: bool,
    /// A URL POSTed a JSON event when an alarm fires or resolves, signed the Standard Webhooks
    /// way (`webhook-id`, `webhook-timestamp`, `webhook-signature`); empty: none.
    pub webhook_url: String,
    /// The signing secret, `whsec_` and base64 (Standard Webhooks); needed with a URL.
    pub webhook_secret: Secret,
    /// Whether the webhook may be a loopback or private address (a relay on this machine).
    pub webhook_allow_private: bool,
    /// Under this share of a channel's sign-in codes delivered.
    pub otp_delivery_low: AlarmRule,
    /// Over this share of a job kind's attempts failing.
    pub job_failure_ratio: AlarmRule,
    /// More dead jobs than this.
    pub dead_jobs: AlarmRule,
    /// A due job has waited longer than this many seconds for a worker.
    pub queue_wait: AlarmRule,
    /// The 95th percentile of upload-to-playable over the window above this many seconds.
    pub time_to_playable: AlarmRule,
    /// Over this share of origin answers being 5xx.
    pub origin_5xx: AlarmRule,
    /// More storage errors than this in the window.
    pub storage_errors: AlarmRule,
    /// Redis failing for this process (threshold unused).
    pub redis_fallback: AlarmRule,
    /// More cost anomalies (`[cost]`) on yesterday and today than this (window unused).
    pub cost_anomaly: AlarmRule,
}

impl Default for AlarmsConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            every_secs: 60,
            email_admins: true,
            webhook_url: String::new(),
            webhook_secret: Secret::default(),
            webhook_allow_private: false,
            otp_delivery_low: rule(0.95, 900, 900),
            job_failure_ratio: rule(0.2, 900, 900),
            dead_jobs: rule(0.0, 0, 300),
            queue_wait: rule(300.0, 0, 900),
            time_to_playable: rule(120.0, 3600, 900),
            origin_5xx: rule(0.01, 300, 600),
            storage_errors: rule(0.0, 600, 300),
            redis_fallback: rule(0.0, 0, 120),
            cost_anomaly: rule(0.0, 0, 0),
        }
    }
}

impl AlarmsConfig {
    /// Why the settings are unusable, if they are.
    pub fn problem(&self) -> Option<String> {
        if !(1..=3600).contains(&self.every_secs) {
            return Some("alarms.every_secs: must be between 1 and 3600".into());
        }
        if !self.webhook_url.is_empty() {
            if !(self.webhook_url.starts_with("https://") || self.webhook_url.starts_with("http://")) {
                return Some("alarms.webhook_url: must be an https:// or http:// URL".into());
            }
            if !self.webhook_secret.expose().starts_with("whsec_") {
                return Some("alarms.webhook_secret: must be set, as whsec_ followed by base64, when alarms.webhook_url is".into());
            }
        }
        let rules = [
            ("otp_delivery_low", &self.otp_delivery_low),
            ("job_failure_ratio", &self.job_failure_ratio),
            ("dead_jobs", &self.dead_jobs),
            ("queue_wait", &self.queue_wait),
            ("time_to_playable", &self.time_to_playable),
            ("origin_5xx", &self.origin_5xx),
            ("storage_errors", &self.storage_errors),
            ("redis_fallback", &self.redis_fallback),
            ("cost_anomaly", &self.cost_anomaly),
        ];
        for (name, rule) in rules {
            if !rule.threshold.is_finite() || rule.threshold < 0.0 {
                return Some(format!("alarms.{name}.threshold: must be a number of 0 or more"));
            }
            if rule.window_secs > 7 * 86_400 || rule.for_secs > 7 * 86_400 {
                return Some(format!("alarms.{name}: window_secs and for_secs are at most a week"));
            }
        }
        None
    }
}
