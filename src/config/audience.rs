//! `[audience]`: what viewers keep of their own (subscriptions) and how they are told of new items.

use serde::{Deserialize, Serialize};

/// `[audience]`: what an account may keep.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AudienceConfig {
    /// How many channels one account may follow: enough for anyone, few enough that a feed
    /// (which reads every followed channel) stays one cheap query.
    pub max_subscriptions: u32,
    /// How long an email about new items waits for more: everything followed channels
    /// publish within one such window goes in one email to each subscriber who asked.
    pub email_batch_secs: u64,
}

impl Default for AudienceConfig {
    fn default() -> Self {
        Self { max_subscriptions: 2_000, email_batch_secs: 600 }
    }
}

impl AudienceConfig {
    /// Why the limits are unusable, if they are.
    pub fn problem(&self) -> Option<String> {
        if !(1..=100_000).contains(&self.max_subscriptions) {
            return Some("audience.max_subscriptions: must be between 1 and 100000".into());
        }
        if !(1..=86_400).contains(&self.email_batch_secs) {
            return Some("audience.email_batch_secs: must be between 1 and 86400".into());
        }
        None
    }
}
