//! `[lifecycle]`: the rules that keep less and keep it cheaper — originals moved to the cold
//! tier or removed, idle items' renditions moved to cold or their top rungs dropped — applied
//! by a daily job.

use serde::{Deserialize, Serialize};

/// `[lifecycle]`. A rule whose number of days is 0 is off.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LifecycleConfig {
    /// How often the rules run, in seconds (daily by default).
    pub every_secs: u64,
    /// Move a ready item's original to the cold tier this many days after it became ready.
    pub originals_cold_after_days: u32,
    /// Remove a ready item's original this many days after it became ready. Off by default:
    /// without its original an item cannot be transcoded again.
    pub originals_delete_after_days: u32,
    /// Move the renditions, download and package index of an item nobody has viewed for this
    /// many days to the cold tier (poster and storyboard stay hot: listings show them).
    pub renditions_cold_after_idle_days: u32,
    /// Remove the top video rungs of an item nobody has viewed for this many days, keeping the
    /// lowest `renditions_keep_rungs` and the audio; they are made again from the original when
    /// a viewer comes. Items whose original was removed are left alone.
    pub renditions_drop_after_idle_days: u32,
    /// How many of the lowest video rungs the drop keeps (at least 1).
    pub renditions_keep_rungs: u32,
    /// Items one run acts on at most per rule; the next run goes on from there.
    pub max_items_per_run: u32,
}

impl Default for LifecycleConfig {
    fn default() -> Self {
        Self {
            every_secs: 86_400,
            originals_cold_after_days: 0,
            originals_delete_after_days: 0,
            renditions_cold_after_idle_days: 0,
            renditions_drop_after_idle_days: 0,
            renditions_keep_rungs: 2,
            max_items_per_run: 1_000,
        }
    }
}

impl LifecycleConfig {
    /// Why the settings are unusable, if they are.
    pub fn problem(&self) -> Option<String> {
        if self.every_secs < 60 {
            return Some("lifecycle.every_secs: must be at least 60".into());
        }
        if self.max_items_per_run == 0 {
            return Some("lifecycle.max_items_per_run: must be at least 1".into());
        }
        if self.renditions_keep_rungs == 0 {
            return Some("lifecycle.renditions_keep_rungs: must be at least 1 (an item keeps a rung to play)".into());
        }
        let (cold, delete) = (self.originals_cold_after_days, self.originals_delete_after_days);
        if cold > 0 && delete > 0 && delete <= cold {
            return Some("lifecycle.originals_delete_after_days: must come after originals_cold_after_days".into());
        }
        None
    }
}
