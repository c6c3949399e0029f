//! Download pacing: the bytes of progressive downloads (`download.mp4` and the like) are let
//! out at `edge.download_bytes_per_sec_per_ip` per client address and
//! `edge.download_bytes_per_sec_total` for the process, so one client, or many, cannot copy
//! the catalogue at the speed of the link. Streaming segments are never paced: a player
//! fetches them at the rate it plays.
//!
//! Each client (and the total) has a "theoretical finish time": sending `n` bytes pushes it
//! `n / rate` ahead, and a piece waits until it is at most [`BURST`] ahead of now. So a
//! download starts with one second's worth at once, then keeps to the rate. The state is per
//! process, in memory, and bounded.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures::{Stream, StreamExt, TryStreamExt};

use crate::platform::ratelimit::ip_bucket;

/// How far ahead of the rate a client may be: the first second's worth of a download goes at
/// once.
pub const BURST: Duration = Duration::from_secs(1);
/// The largest piece paced at once, so the pacing is smooth for big store reads.
const PIECE: usize = 64 << 10;
/// Clients whose state is kept at most; beyond it, new clients share one state (so the
/// table cannot grow with a flood of addresses, and those clients are still paced).
const MAX_CLIENTS: usize = 100_000;
/// The clients table drops finished clients after this many reservations.
const SWEEP_EVERY: u32 = 1024;

/// The pacing of this process's downloads; cheap to clone (clones share their state).
#[derive(Clone)]
pub struct DownloadThrottle {
    inner: Arc<Inner>,
}

struct Inner {
    epoch: Instant,
    per_client_rate: AtomicU64,
    total_rate: AtomicU64,
    clients: Mutex<Clients>,
    /// The whole process's finish time, as an offset from `epoch`.
    total: Mutex<Duration>,
}

#[derive(Default)]
struct Clients {
    finish: HashMap<String, Duration>,
    reservations: u32,
}

impl DownloadThrottle {
    /// Paces at `per_client` bytes per second per client address (IPv6 by /64) and `total`
    /// for the process; 0 leaves that one off.
    pub fn new(per_client: u64, total: u64) -> Self {
        let inner = Inner {
            epoch: Instant::now(),
            per_client_rate: AtomicU64::new(per_client),
            total_rate: AtomicU64::new(total),
            clients: Mutex::new(Clients::default()),
            total: Mutex::new(Duration::ZERO),
        };
        Self { inner: Arc::new(inner) }
    }

    /// Changes the rates; downloads under way keep to the new ones from their next piece.
    pub fn set_rates(&self, per_client: u64, total: u64) {
        self.inner.per_client_rate.store(per_client, Ordering::Relaxed);
        self.inner.total_rate.store(total, Ordering::Relaxed);
    }

    /// Whether any rate is set.
    pub fn is_on(&self) -> bool {
        self.inner.per_client_rate.load(Ordering::Relaxed) > 0 || self.inner.total_rate.load(Ordering::Relaxed) > 0
    }

    /// `body`, paced for `client`: each piece of at most 64 KiB is passed on when the rates
    /// allow. Unchanged when no rate is set.
    pub fn pace<S, E>(&self, client: IpAddr, body: S) -> impl Stream<Item = Result<Bytes, E>> + Send + 'static
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Send + 'static,
    {
        let this = self.clone();
        let key: Arc<str> = ip_bucket(client).into();
        body.map_ok(|chunk| futures::stream::iter(pieces(chunk).map(Ok::<Bytes, E>))).try_flatten().then(move |item| {
            let (this, key) = (this.clone(), key.clone());
            async move {
                let len = item.as_ref().map_or(0, |piece| piece.len() as u64);
                if len > 0 {
                    let wait = this.reserve(&key, len, Instant::now());
                    if !wait.is_zero() {
                        metrics::counter!("reel_download_throttled_bytes_total").increment(len);
                        tokio::time::sleep(wait).await;
                    }
                }
                item
            }
        })
    }

    /// Books `bytes` for `client` at `now` and says how long to hold them back.
    fn reserve(&self, client: &str, bytes: u64, now: Instant) -> Duration {
        let inner = &self.inner;
        let now = now.saturating_duration_since(inner.epoch);
        let mut wait = Duration::ZERO;
        let per_client = inner.per_client_rate.load(Ordering::Relaxed);
        if per_client > 0 {
            let mut clients = inner.clients.lock().unwrap_or_else(PoisonError::into_inner);
            clients.reservations = clients.reservations.wrapping_add(1);
            if clients.reservations.is_multiple_of(SWEEP_EVERY) {
                clients.finish.retain(|_, finish| *finish > now);
            }
            let key = if clients.finish.len() < MAX_CLIENTS || clients.finish.contains_key(client) { client } else { "overflow" };
            let finish = clients.finish.entry(key.to_string()).or_insert(now);
            wait = wait.max(book(finish, now, bytes, per_client));
        }
        let total = inner.total_rate.load(Ordering::Relaxed);
        if total > 0 {
            let mut finish = inner.total.lock().unwrap_or_else(PoisonError::into_inner);
            wait = wait.max(book(&mut finish, now, bytes, total));
        }
        wait
    }
}

/// Pushes `finish` ahead by `bytes` at `rate` and says how long the bytes wait.
fn book(finish: &mut Duration, now: Duration, bytes: u64, rate: u64) -> Duration {
    let start = (*finish).max(now);
    *finish = start + Duration::from_secs_f64(bytes as f64 / rate as f64);
    finish.saturating_sub(now + BURST)
}

/// `chunk` cut into pieces of at most [`PIECE`] bytes (slices of one buffer, not copies).
fn pieces(chunk: Bytes) -> impl Iterator<Item = Bytes> {
    let len = chunk.len();
    (0..len.div_ceil(PIECE)).map(move |i| chunk.slice(i * PIECE..((i + 1) * PIECE).min(len)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_gets_its_burst_then_its_rate() {
        let t = DownloadThrottle::new(1_000_000, 0);
        let t0 = Instant::now();
        // The first second's worth goes at once.
        assert_eq!(t.reserve("a", 1_000_000, t0), Duration::ZERO);
        // The next half megabyte waits half a second.
        let wait = t.reserve("a", 500_000, t0);
        assert!((wait.as_secs_f64() - 0.5).abs() < 1e-6, "{wait:?}");
        // Another client is not held back by the first.
        assert_eq!(t.reserve("b", 1_000_000, t0), Duration::ZERO);
        // Idle time is not saved up beyond the burst.
        let later = t0 + Duration::from_secs(60);
        assert_eq!(t.reserve("a", 1_000_000, later), Duration::ZERO);
        assert!(t.reserve("a", 100_000, later) > Duration::ZERO);
    }

    #[test]
    fn the_total_holds_every_client_together() {
        let t = DownloadThrottle::new(0, 1_000_000);
        let t0 = Instant::now();
        assert_eq!(t.reserve("a", 600_000, t0), Duration::ZERO);
        assert_eq!(t.reserve("b", 400_000, t0), Duration::ZERO);
        let wait = t.reserve("c", 1_000_000, t0);
        assert!((wait.as_secs_f64() - 1.0).abs() < 1e-6, "{wait:?}");
        t.set_rates(0, 0);
        assert!(!t.is_on());
        assert_eq!(t.reserve("c", 10_000_000, t0), Duration::ZERO);
    }

    #[test]
    fn pieces_cover_the_chunk_exactly() {
        let chunk = Bytes::from(vec![7u8; PIECE * 2 + 5]);
        let lens: Vec<usize> = pieces(chunk).map(|p| p.len()).collect();
        assert_eq!(lens, [PIECE, PIECE, 5]);
        assert_eq!(pieces(Bytes::new()).count(), 0);
    }

    #[tokio::test]
    async fn a_paced_stream_keeps_to_the_rate() {
        let t = DownloadThrottle::new(1_000_000, 0);
        let body = futures::stream::iter((0..16).map(|_| Ok::<_, std::io::Error>(Bytes::from(vec![0u8; 100_000]))));
        let started = Instant::now();
        let got: Vec<Bytes> = t.pace("192.0.2.1".parse().unwrap(), body).try_collect().await.unwrap();
        assert_eq!(got.iter().map(Bytes::len).sum::<usize>(), 1_600_000);
        // 1.6 MB at 1 MB/s, the first megabyte at once: 0.6 s at least (a slow machine only
        // makes it longer, so only the lower bound is a claim).
        let took = started.elapsed().as_secs_f64();
        assert!(took >= 0.55, "{took}");
    }
}
