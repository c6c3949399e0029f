//! `[community]`: what members may say about items (reactions and comments), and how much;
//! how many reports they may make.

use serde::{Deserialize, Serialize};

use crate::domain::comment::HARD_MAX_CHARS;

/// `[community]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CommunityConfig {
    /// Whether members may comment at all (an item's owner may still turn its own off).
    pub comments: bool,
    /// The longest comment, in characters.
    pub max_comment_chars: usize,
    /// How long after writing a comment its writer may still change it, in seconds.
    pub edit_window_secs: u64,
    /// Comments one account may write in a burst (a minute's worth).
    pub comments_per_minute: u32,
    /// Comments one account may write in an hour.
    pub comments_per_hour: u32,
    /// Reports one account may make in an hour (appeals are once per takedown anyway).
    pub reports_per_hour: u32,
}

impl Default for CommunityConfig {
    fn default() -> Self {
        Self {
            comments: true,
            max_comment_chars: 2000,
            edit_window_secs: 3600,
            comments_per_minute: 5,
            comments_per_hour: 60,
            reports_per_hour: 20,
        }
    }
}

impl CommunityConfig {
    /// What is wrong with these settings, if anything.
    pub fn problem(&self) -> Option<String> {
        if !(1..=HARD_MAX_CHARS).contains(&self.max_comment_chars) {
            return Some(format!("community.max_comment_chars: must be between 1 and {HARD_MAX_CHARS}"));
        }
        if self.edit_window_secs > 30 * 86_400 {
            return Some("community.edit_window_secs: must be at most 2592000 (30 days)".into());
        }
        None
    }
}
