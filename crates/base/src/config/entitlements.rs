//! `[entitlements]`: what a member who holds no running plan may do (a plan carries its own
//! limits; see `domain::entitlement`). 0 is no limit.

use serde::{Deserialize, Serialize};

use crate::domain::entitlement::{self, Entitlement};

/// `[entitlements]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EntitlementsConfig {
    /// Streams a member without a plan may play at once (0: no limit).
    pub max_streams: u32,
    /// Devices a member without a plan may have signed in (0: no limit).
    pub max_devices: u32,
    /// The tallest rung a member without a plan may play, in lines (0: every rung).
    pub max_height: u32,
    /// Whether a member without a plan is offered and served downloads.
    pub downloads: bool,
}

impl Default for EntitlementsConfig {
    fn default() -> Self {
        Self { max_streams: 0, max_devices: 0, max_height: 0, downloads: true }
    }
}

impl EntitlementsConfig {
    /// What a member without a running plan gets.
    pub fn without_plan(&self) -> Entitlement {
        Entitlement {
            max_streams: entitlement::from_stored(self.max_streams.into()),
            max_devices: entitlement::from_stored(self.max_devices.into()),
            max_height: entitlement::from_stored(self.max_height.into()),
            downloads: self.downloads,
        }
    }

    /// What is wrong with these settings, if anything (the same bounds as a plan's).
    pub fn problem(&self) -> Option<String> {
        let checked = entitlement::count_limit("max_streams", Some(self.max_streams.into()))
            .and_then(|_| entitlement::count_limit("max_devices", Some(self.max_devices.into())))
            .and_then(|_| entitlement::height_limit(Some(self.max_height.into())));
        checked.err().map(|e| format!("entitlements.{e}"))
    }
}
