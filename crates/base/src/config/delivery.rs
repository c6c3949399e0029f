//! `[delivery]`: playback tokens, the signed URLs the site publishes, and the origin's cache.

use serde::{Deserialize, Serialize};

use super::Secret;

/// Playback tokens.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DeliveryConfig {
    /// Lifetime of a playback token, in seconds.
    pub token_ttl_secs: u64,
    /// Lifetime of the signed URLs the site publishes for readers that keep them: a feed's
    /// enclosures and images and a link preview's picture, in seconds. They are signed for a
    /// signed-out visitor and change once a day; the origin refuses them as soon as the item
    /// is no longer public, and lets a shared cache (a CDN) keep what they fetch an hour.
    pub feed_url_ttl_secs: u64,
    /// HMAC key for playback tokens (≥ 32 bytes); when this and `signing_key_file` are empty,
    /// keys live in `{data_dir}/secrets/playback-keys.json` and `reel keys rotate` rotates them.
    pub signing_key: Secret,
    /// A file holding the signing key, trimmed (used when `signing_key` is empty): how hosts
    /// share one key without sharing a data folder.
    pub signing_key_file: String,
    /// A configured key that still verifies (never signs): the one before the last change of
    /// `signing_key`, so tokens handed out before it keep playing until they expire.
    pub signing_key_previous: Secret,
    /// After `reel keys rotate`, the old key still verifies for this many seconds.
    pub key_grace_secs: u64,
    /// Memory for the origin's cache of finished videos' segments and package indexes, in
    /// bytes (0: no cache). A popular video then costs one object-store read per segment.
    pub cache_bytes: u64,
    /// How long the origin trusts its last answer to "may this token's holder still watch
    /// this item?" (plan, rating for the profile, visibility, account) for segments and init
    /// segments, in seconds; manifests, keys, pictures and downloads always ask afresh. 0: ask
    /// on every request.
    pub recheck_secs: u64,
    /// With an S3 store, answer media requests (segments, downloads, images) with a redirect
    /// to a short-lived presigned URL instead of proxying the bytes.
    pub s3_redirect: bool,
}

impl Default for DeliveryConfig {
    fn default() -> Self {
        Self {
            token_ttl_secs: 4 * 3600,
            feed_url_ttl_secs: 30 * 86_400,
            signing_key: Secret::default(),
            signing_key_file: String::new(),
            signing_key_previous: Secret::default(),
            key_grace_secs: 4 * 3600,
            cache_bytes: 256 << 20,
            recheck_secs: 60,
            s3_redirect: false,
        }
    }
}

impl DeliveryConfig {
    /// What is wrong with these settings, if anything. The message never repeats a key.
    pub fn problem(&self) -> Option<String> {
        for (name, key) in [("signing_key", &self.signing_key), ("signing_key_previous", &self.signing_key_previous)] {
            if !key.is_empty() && key.expose().len() < 32 {
                return Some(format!("delivery.{name} must be at least 32 characters"));
            }
        }
        if !(86_400..=366 * 86_400).contains(&self.feed_url_ttl_secs) {
            // Under a day, the URL (which changes once a day) could be dead when it is handed out.
            return Some("delivery.feed_url_ttl_secs must be from 86400 (a day) to 31622400 (a year)".into());
        }
        if !self.signing_key.is_empty() && !self.signing_key_file.is_empty() {
            return Some("set delivery.signing_key or delivery.signing_key_file, not both".into());
        }
        if !self.signing_key_previous.is_empty() && self.signing_key.is_empty() && self.signing_key_file.is_empty() {
            return Some(
                "delivery.signing_key_previous needs delivery.signing_key or signing_key_file (the key ring keeps its own)".into(),
            );
        }
        None
    }
}
