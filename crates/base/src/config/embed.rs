//! `[embed]`: which other sites may frame Reel's player (`/embed/{id}`), and the share links
//! that let someone without an account watch one item.

use serde::{Deserialize, Serialize};

use super::api::is_origin;

/// `[embed]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EmbedConfig {
    /// Origins (`https://blog.example.com`) whose pages may frame the player of any item,
    /// beside those an item's owner allows for it alone. This site itself always may.
    pub allowed_origins: Vec<String>,
    /// Whether owners may make share links.
    pub share_links: bool,
    /// The longest a share link may last, in seconds.
    pub max_share_secs: u64,
}

impl Default for EmbedConfig {
    fn default() -> Self {
        Self { allowed_origins: Vec::new(), share_links: true, max_share_secs: 30 * 86_400 }
    }
}

impl EmbedConfig {
    /// What is wrong with these settings, if anything.
    pub fn problem(&self) -> Option<String> {
        if let Some(o) = self.allowed_origins.iter().find(|o| !is_origin(o)) {
            return Some(format!("embed.allowed_origins: {o:?} is not an origin (scheme://host or scheme://host:port, nothing after)"));
        }
        if !(60..=366 * 86_400).contains(&self.max_share_secs) {
            return Some("embed.max_share_secs: must be between 60 and 31622400 (a year)".into());
        }
        None
    }

    /// Whether `text` is an origin as the allow lists take it.
    pub fn is_origin(text: &str) -> bool {
        is_origin(text)
    }
}
