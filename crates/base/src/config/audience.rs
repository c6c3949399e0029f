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
    /// How many viewer profiles one account may have, its main profile included.
    pub max_profiles: u32,
    /// The cap of a kids profile: it sees only items rated at or under this rating of
    /// `catalogue.content_ratings` (never an unrated item). Empty: the scale's mildest rating.
    pub kids_max_rating: String,
    /// Whether leaving a kids profile for another needs a fresh sign-in code sent to the
    /// account's address (so a child cannot just switch to a grown-up's profile).
    pub kids_exit_needs_code: bool,
    /// When an account is deleted, the channel (handle) of the admin who takes its items;
    /// empty: its items are deleted with it.
    pub hand_over_to: String,
    /// How often recommendations ("up next", "recommended for you") are computed again.
    pub recommendations_every_secs: u64,
}

impl Default for AudienceConfig {
    fn default() -> Self {
        Self {
            max_subscriptions: 2_000,
            email_batch_secs: 600,
            max_profiles: 5,
            kids_max_rating: String::new(),
            kids_exit_needs_code: true,
            hand_over_to: String::new(),
            recommendations_every_secs: 3_600,
        }
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
        if !(10..=604_800).contains(&self.recommendations_every_secs) {
            return Some("audience.recommendations_every_secs: must be between 10 and 604800".into());
        }
        if !(1..=20).contains(&self.max_profiles) {
            return Some("audience.max_profiles: must be between 1 and 20".into());
        }
        None
    }
}
