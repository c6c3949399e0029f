//! The time Reel reads: the system's, or one a test sets and moves, so a rule about time (a
//! code's expiry, a session's end, a job's backoff) can be tried without waiting for it.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Where "now" comes from. Clones share one time: the database and every capability of a
/// process read the same clock, so what a capability decides and what a row records agree.
#[derive(Debug, Clone, Default)]
pub struct Clock(Option<Arc<AtomicI64>>);

impl Clock {
    /// The system's clock: what every process runs on.
    pub fn system() -> Self {
        Self(None)
    }

    /// A clock standing still at `at_ms` (milliseconds since the Unix epoch) until moved.
    pub fn fixed(at_ms: i64) -> Self {
        Self(Some(Arc::new(AtomicI64::new(at_ms))))
    }

    /// Milliseconds since the Unix epoch: how every timestamp is stored.
    pub fn now_ms(&self) -> i64 {
        match &self.0 {
            None => super::now_ms(),
            Some(at) => at.load(Ordering::Relaxed),
        }
    }

    /// Whole seconds since the Unix epoch.
    pub fn now_secs(&self) -> u64 {
        u64::try_from(self.now_ms() / 1000).unwrap_or(0)
    }

    /// Moves a fixed clock on by `by`; the system's moves on by itself, and refuses.
    pub fn advance(&self, by: Duration) {
        let at = self.0.as_ref().expect("only a fixed clock is moved by hand");
        at.fetch_add(i64::try_from(by.as_millis()).unwrap_or(i64::MAX), Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_stands_still_until_moved_and_its_clones_move_with_it() {
        let clock = Clock::fixed(1_000_000);
        let clone = clock.clone();
        assert_eq!((clock.now_ms(), clock.now_secs()), (1_000_000, 1_000));
        clock.advance(Duration::from_secs(90));
        assert_eq!(clone.now_ms(), 1_090_000);
    }

    #[test]
    fn the_system_clock_reads_the_system_time() {
        let before = super::super::now_ms();
        let read = Clock::system().now_ms();
        assert!(read >= before && read - before < 60_000, "{before} {read}");
    }

    #[test]
    #[should_panic(expected = "only a fixed clock")]
    fn the_system_clock_cannot_be_moved() {
        Clock::system().advance(Duration::from_secs(1));
    }
}
