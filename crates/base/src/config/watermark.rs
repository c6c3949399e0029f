//! `[watermark]`: the site's logo burned into every video rung, where it goes, and whether a
//! channel may put its own logo there instead.

use serde::{Deserialize, Serialize};

use crate::domain::finishing::{Corner, Placement};

/// Largest logo file read, in bytes: a logo is a small picture.
pub const MAX_LOGO_BYTES: usize = 4 << 20;

/// The watermark settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WatermarkConfig {
    /// The site's logo (PNG, JPEG, WebP or GIF) burned into every video; empty for none.
    pub image: String,
    /// The corner it sits in: `top-left`, `top-right`, `bottom-left` or `bottom-right`.
    pub corner: Corner,
    /// Space from both edges of the corner, as a share of the picture's height.
    pub margin: f64,
    /// The logo's height, as a share of the picture's height.
    pub height: f64,
    /// From 0.05 (faint) to 1 (opaque).
    pub opacity: f64,
    /// Whether a channel may set its own logo and placement for its items (in place of the
    /// site's).
    pub channel_logos: bool,
}

impl Default for WatermarkConfig {
    fn default() -> Self {
        let p = Placement::default();
        Self { image: String::new(), corner: p.corner, margin: p.margin, height: p.height, opacity: p.opacity, channel_logos: true }
    }
}

impl WatermarkConfig {
    /// Where the site's logo goes (and a channel's, unless it says otherwise).
    pub fn placement(&self) -> Placement {
        Placement { corner: self.corner, margin: self.margin, height: self.height, opacity: self.opacity }
    }

    /// What is wrong with these settings, if anything.
    pub fn problem(&self) -> Option<String> {
        self.placement().problem("watermark.")
    }
}
