//! `[webhooks]`: how Reel calls the endpoints accounts register: which addresses it may reach,
//! how long it waits for an answer, and how long it keeps trying.

use serde::{Deserialize, Serialize};

/// `[webhooks]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WebhooksConfig {
    /// Whether endpoints may be loopback, private or link-local addresses (a receiver on this
    /// machine or its network). Off: such a URL is refused when registered, and a name that
    /// resolves to such an address is refused when delivering.
    pub allow_private_addresses: bool,
    /// How long one attempt waits for the answer, in seconds.
    pub timeout_secs: u64,
    /// The wait before the first retry, in seconds; each further one waits twice as long.
    pub first_retry_secs: u64,
    /// The longest wait between two attempts, in seconds.
    pub max_retry_secs: u64,
    /// How long after an event its delivery is still tried, in seconds. An endpoint that
    /// failed every attempt of a delivery over this whole period, with no success since it
    /// began, is disabled and its owner told.
    pub retry_period_secs: u64,
    /// Endpoints one account may register.
    pub max_endpoints_per_account: u32,
}

impl Default for WebhooksConfig {
    fn default() -> Self {
        Self {
            allow_private_addresses: false,
            timeout_secs: 10,
            first_retry_secs: 5,
            max_retry_secs: 3600,
            retry_period_secs: 3 * 86_400,
            max_endpoints_per_account: 20,
        }
    }
}

impl WebhooksConfig {
    /// What is wrong with these settings, if anything.
    pub fn problem(&self) -> Option<String> {
        if !(1..=60).contains(&self.timeout_secs) {
            return Some("webhooks.timeout_secs: must be between 1 and 60".into());
        }
        if self.first_retry_secs == 0 || self.max_retry_secs < self.first_retry_secs {
            return Some("webhooks.first_retry_secs: must be at least 1 and at most webhooks.max_retry_secs".into());
        }
        if !(1..=30 * 86_400).contains(&self.retry_period_secs) {
            return Some("webhooks.retry_period_secs: must be between 1 and 2592000 (30 days)".into());
        }
        if !(1..=1000).contains(&self.max_endpoints_per_account) {
            return Some("webhooks.max_endpoints_per_account: must be between 1 and 1000".into());
        }
        None
    }
}
