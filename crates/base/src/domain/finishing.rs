//! How every item is finished alike, set in the configuration and per channel and applied by
//! the media layer: the loudness its audio is brought to and where a watermark goes.

use serde::{Deserialize, Serialize};

/// The loudness every audio rendition is brought to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Target {
    /// Integrated loudness, LUFS.
    pub integrated: f64,
    /// Highest true peak, dBTP.
    pub true_peak: f64,
}

/// The corner a watermark sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Corner {
    /// Top left.
    TopLeft,
    /// Top right, where broadcasters put theirs.
    #[default]
    TopRight,
    /// Bottom left.
    BottomLeft,
    /// Bottom right.
    BottomRight,
}

/// Where a watermark goes and how it looks; sizes are shares of the picture's height, so the
/// mark looks the same on every rung.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Placement {
    /// The corner.
    pub corner: Corner,
    /// Space between the mark and both edges of its corner, as a share of the picture's height.
    pub margin: f64,
    /// The mark's height, as a share of the picture's height (its width follows its shape).
    pub height: f64,
    /// 1 is opaque; 0 would hide it.
    pub opacity: f64,
}

impl Default for Placement {
    fn default() -> Self {
        Self { corner: Corner::TopRight, margin: 0.04, height: 0.08, opacity: 0.7 }
    }
}

impl Placement {
    /// What is wrong with this placement, if anything (`what` names where it was set).
    pub fn problem(&self, what: &str) -> Option<String> {
        if !(0.0..=0.25).contains(&self.margin) {
            return Some(format!("{what} margin must be between 0 and 0.25 of the picture height"));
        }
        if !(0.01..=0.5).contains(&self.height) {
            return Some(format!("{what} height must be between 0.01 and 0.5 of the picture height"));
        }
        (!(0.05..=1.0).contains(&self.opacity)).then(|| format!("{what} opacity must be between 0.05 and 1"))
    }

    /// The mark's height and margin in pixels on a picture `picture_height` tall: even, at
    /// least 2 pixels tall, so the chroma of a 4:2:0 picture lines up with it.
    pub fn pixels(&self, picture_height: u32) -> (u32, u32) {
        let even = |share: f64| ((share * f64::from(picture_height) / 2.0).round() as u32) * 2;
        (even(self.height).max(2), even(self.margin))
    }
}
