//! Time cut into slots of a fixed interval, for the jobs that run once per slot (the
//! recommendations, the lifecycle rules, the usage snapshot): each carries its slot in its
//! dedupe key, so however many processes queue it, it runs once per slot.

use reel_base::domain::now_ms;

/// Slots of an interval, in milliseconds since the epoch.
#[derive(Debug, Clone, Copy)]
pub struct Slots(i64);

impl Slots {
    /// Slots of `secs` seconds (at least a millisecond).
    pub fn every(secs: u64) -> Self {
        Self(i64::try_from(secs.saturating_mul(1000)).unwrap_or(i64::MAX).max(1))
    }

    /// The slot now is in.
    pub fn now(self) -> i64 {
        now_ms() / self.0
    }

    /// When `slot` begins (ms).
    pub fn start(self, slot: i64) -> i64 {
        slot.saturating_mul(self.0)
    }
}
