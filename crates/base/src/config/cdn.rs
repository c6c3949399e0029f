//! `[cdn]`: a CDN in front of the origin, and the secret it proves itself with.

use serde::{Deserialize, Serialize};

use super::Secret;

/// A CDN in front of the origin.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CdnConfig {
    /// When set, playback URLs point here instead of `server.base_url`.
    pub base_url: String,
    /// When set, every `/play` request must carry it in `origin_secret_header` (the CDN adds it).
    pub origin_secret: Secret,
    /// A second accepted value while the secret is being rotated.
    pub origin_secret_previous: Secret,
    /// A file holding the secret (used when `origin_secret` is empty).
    pub origin_secret_file: String,
    /// The header the CDN sends the secret in.
    pub origin_secret_header: String,
}

impl Default for CdnConfig {
    fn default() -> Self {
        Self {
            base_url: String::new(),
            origin_secret: Secret::default(),
            origin_secret_previous: Secret::default(),
            origin_secret_file: String::new(),
            origin_secret_header: "X-Reel-CDN-Secret".into(),
        }
    }
}
