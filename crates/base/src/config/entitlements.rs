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
    /// Whether playing opens a playback session ("screen") that counts against
    /// `max_streams`, is listed to the member and can be stopped (off: nothing is recorded
    /// and no stream limit holds).
    pub sessions: bool,
    /// Seconds a session may go without a sign of life (a request for its media or the
    /// player's heartbeat) before it ends by itself.
    pub session_idle_secs: u64,
    /// Seconds within which a stopped or ended session's media stop being served, in every
    /// process: how long the origin trusts its last look at a session.
    pub enforce_within_secs: u64,
}

impl Default for EntitlementsConfig {
    fn default() -> Self {
        Self {
            max_streams: 0,
            max_devices: 0,
            max_height: 0,
            downloads: true,
            sessions: true,
            session_idle_secs: 120,
            enforce_within_secs: 30,
        }
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

    /// What a member holding running plans with these limits may do: the best of each, or
    /// [`Self::without_plan`] when they hold none.
    pub fn of_plans(&self, plans: impl IntoIterator<Item = Entitlement>) -> Entitlement {
        Entitlement::best_of(plans).unwrap_or_else(|| self.without_plan())
    }

    /// What is wrong with these settings, if anything (the same bounds as a plan's).
    pub fn problem(&self) -> Option<String> {
        let checked = entitlement::count_limit("max_streams", Some(self.max_streams.into()))
            .and_then(|_| entitlement::count_limit("max_devices", Some(self.max_devices.into())))
            .and_then(|_| entitlement::height_limit(Some(self.max_height.into())));
        if let Err(e) = checked {
            return Some(format!("entitlements.{e}"));
        }
        // The web player's heartbeat comes every 20 seconds.
        if !(60..=86_400).contains(&self.session_idle_secs) {
            return Some("entitlements.session_idle_secs must be between 60 and 86400".into());
        }
        if !(2..=3_600).contains(&self.enforce_within_secs) {
            return Some("entitlements.enforce_within_secs must be between 2 and 3600".into());
        }
        None
    }
}
