//! What a player reports about one playback session (a beacon), checked, and the arithmetic
//! that folds reports into daily aggregates: each beacon carries the session's running totals,
//! so what is added is what grew since the last one, and a repeated or reordered beacon adds
//! nothing.

use std::collections::BTreeMap;

use serde::Deserialize;

/// Percent buckets of an item's duration in the retention curve.
pub const RETENTION_BUCKETS: usize = 100;
/// Renditions one session may report.
const MAX_RENDITIONS: usize = 16;
/// A day of playback: no running total of one session goes past it.
const MAX_MS: u64 = 24 * 3600 * 1000;
/// Counts (rebuffers, switches, errors) one session may report.
const MAX_COUNT: u64 = 100_000;

/// Upper bounds (ms) of the startup-time histogram's buckets; the last catches the rest.
pub const STARTUP_BUCKETS_MS: [u64; 16] =
    [100, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 4000, 5000, 7500, 10_000, 15_000, 30_000, u64::MAX];

/// One rendition's running totals in a session.
#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RenditionTotals {
    /// Time played at this rendition (ms, within a day).
    #[serde(default)]
    #[schema(maximum = 86400000)]
    pub watch_ms: u64,
    /// Time stalled waiting for data at this rendition (ms, within a day).
    #[serde(default)]
    #[schema(maximum = 86400000)]
    pub rebuffer_ms: u64,
    /// Its bitrate (kbit/s), as the player knows it: at most 1000000.
    #[serde(default)]
    #[schema(maximum = 1000000)]
    pub kbps: u64,
}

/// A beacon as sent: the playback token and the session's running totals so far.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Beacon {
    /// The playback token the player plays this item with.
    #[schema(min_length = 1, max_length = 512, pattern = r"^[\x00-\x7F]*$")]
    pub token: String,
    /// The player's own id for this playback session (16 to 64 letters, digits, `-`, `_`).
    #[schema(pattern = "^[A-Za-z0-9_-]{16,64}$")]
    pub session: String,
    /// From the play press to the first frame (ms, within a day), once known.
    #[serde(default)]
    #[schema(maximum = 86400000)]
    pub startup_ms: Option<u64>,
    /// Time actually played (ms, within a day).
    #[serde(default)]
    #[schema(maximum = 86400000)]
    pub watch_ms: u64,
    /// Stalls after playback started (at most 100000).
    #[serde(default)]
    #[schema(maximum = 100000)]
    pub rebuffers: u64,
    /// Time stalled (ms, within a day).
    #[serde(default)]
    #[schema(maximum = 86400000)]
    pub rebuffer_ms: u64,
    /// Rendition changes (at most 100000).
    #[serde(default)]
    #[schema(maximum = 100000)]
    pub switches: u64,
    /// Playback errors, fatal or recovered (at most 100000).
    #[serde(default)]
    #[schema(maximum = 100000)]
    pub errors: u64,
    /// Totals by rendition name (1–32 letters, digits, `-` or `_`), at most 16.
    #[serde(default)]
    pub renditions: BTreeMap<String, RenditionTotals>,
    /// The percent buckets of the duration played, as `0`/`1` characters, 100 of them.
    #[serde(default)]
    #[schema(pattern = "^([01]{100})?$")]
    pub watched: String,
}

/// Why a beacon is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct BeaconError(pub String);

impl Beacon {
    /// Checks every field against its limits; the first problem is the error.
    pub fn check(&self) -> Result<(), BeaconError> {
        let bad = |m: &str| Err(BeaconError(m.to_string()));
        let id_ok =
            (16..=64).contains(&self.session.len()) && self.session.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !id_ok {
            return bad("session must be 16 to 64 letters, digits, - or _");
        }
        if self.token.is_empty() || self.token.len() > 512 {
            return bad("token must be the playback token");
        }
        let times = [self.startup_ms.unwrap_or(0), self.watch_ms, self.rebuffer_ms];
        if times.iter().any(|&t| t > MAX_MS) {
            return bad("times are milliseconds within a day");
        }
        if [self.rebuffers, self.switches, self.errors].iter().any(|&n| n > MAX_COUNT) {
            return bad("counts are at most 100000");
        }
        if self.renditions.len() > MAX_RENDITIONS {
            return bad("at most 16 renditions");
        }
        for (name, r) in &self.renditions {
            if name.is_empty() || name.len() > 32 || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
                return bad("a rendition name is 1 to 32 letters, digits, - or _");
            }
            if r.watch_ms > MAX_MS || r.rebuffer_ms > MAX_MS || r.kbps > 1_000_000 {
                return bad("a rendition's times are within a day and its bitrate under 1 Gbit/s");
            }
        }
        if !self.watched.is_empty() && (self.watched.len() != RETENTION_BUCKETS || !self.watched.bytes().all(|b| b == b'0' || b == b'1')) {
            return bad("watched is 100 characters of 0 and 1");
        }
        Ok(())
    }
}

/// A session's totals as last folded into the aggregates.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, Deserialize)]
pub struct Folded {
    /// Whether its startup time was counted.
    pub startup_counted: bool,
    /// Time played.
    pub watch_ms: u64,
    /// Stalls.
    pub rebuffers: u64,
    /// Time stalled.
    pub rebuffer_ms: u64,
    /// Rendition changes.
    pub switches: u64,
    /// Errors.
    pub errors: u64,
    /// By rendition.
    pub renditions: BTreeMap<String, RenditionTotals>,
    /// Percent buckets counted, `0`/`1`.
    pub watched: String,
}

/// What a beacon adds to the aggregates over what its session already added.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Growth {
    /// A startup time to count (the session's first).
    pub startup_ms: Option<u64>,
    /// Time played.
    pub watch_ms: u64,
    /// Stalls.
    pub rebuffers: u64,
    /// Time stalled.
    pub rebuffer_ms: u64,
    /// Rendition changes.
    pub switches: u64,
    /// Errors.
    pub errors: u64,
    /// Whether this beacon brought the session's first error.
    pub first_error: bool,
    /// By rendition: time played, time stalled, and kbit/s × ms played (for the average bitrate).
    pub renditions: BTreeMap<String, (u64, u64, f64)>,
    /// Percent buckets played for the first time in this session.
    pub newly_watched: Vec<usize>,
}

impl Growth {
    /// Whether there is anything to add.
    pub fn is_empty(&self) -> bool {
        *self == Growth::default()
    }
}

/// The growth of `beacon` over `folded`, and the totals to keep now. Totals never go back: a
/// smaller figure (a beacon that arrived late) adds nothing and keeps the larger one.
pub fn fold(folded: &Folded, beacon: &Beacon) -> (Growth, Folded) {
    let grow = |old: u64, new: u64| new.saturating_sub(old);
    let mut next = folded.clone();
    let mut growth = Growth {
        watch_ms: grow(folded.watch_ms, beacon.watch_ms),
        rebuffers: grow(folded.rebuffers, beacon.rebuffers),
        rebuffer_ms: grow(folded.rebuffer_ms, beacon.rebuffer_ms),
        switches: grow(folded.switches, beacon.switches),
        errors: grow(folded.errors, beacon.errors),
        first_error: folded.errors == 0 && beacon.errors > 0,
        ..Growth::default()
    };
    next.watch_ms = folded.watch_ms.max(beacon.watch_ms);
    next.rebuffers = folded.rebuffers.max(beacon.rebuffers);
    next.rebuffer_ms = folded.rebuffer_ms.max(beacon.rebuffer_ms);
    next.switches = folded.switches.max(beacon.switches);
    next.errors = folded.errors.max(beacon.errors);
    if let (false, Some(ms)) = (folded.startup_counted, beacon.startup_ms) {
        growth.startup_ms = Some(ms);
        next.startup_counted = true;
    }
    for (name, now) in &beacon.renditions {
        let before = folded.renditions.get(name).copied().unwrap_or_default();
        let watched = grow(before.watch_ms, now.watch_ms);
        let stalled = grow(before.rebuffer_ms, now.rebuffer_ms);
        if watched > 0 || stalled > 0 {
            growth.renditions.insert(name.clone(), (watched, stalled, now.kbps as f64 * watched as f64));
        }
        let kept = next.renditions.entry(name.clone()).or_default();
        kept.watch_ms = kept.watch_ms.max(now.watch_ms);
        kept.rebuffer_ms = kept.rebuffer_ms.max(now.rebuffer_ms);
        kept.kbps = now.kbps;
    }
    if beacon.watched.len() == RETENTION_BUCKETS {
        let before = folded.watched.as_bytes();
        let mut merged = String::with_capacity(RETENTION_BUCKETS);
        for (i, b) in beacon.watched.bytes().enumerate() {
            let had = before.get(i) == Some(&b'1');
            if b == b'1' && !had {
                growth.newly_watched.push(i);
            }
            merged.push(if had || b == b'1' { '1' } else { '0' });
        }
        next.watched = merged;
    }
    (growth, next)
}

/// The bucket a startup time falls in.
pub fn startup_bucket(ms: u64) -> usize {
    STARTUP_BUCKETS_MS.iter().position(|&upper| ms <= upper).unwrap_or(STARTUP_BUCKETS_MS.len() - 1)
}

/// The `q` quantile (0–1) of a startup histogram, as the upper bound of the bucket it falls in
/// (the last, open bucket reports its lower bound); `None` for an empty histogram.
pub fn startup_quantile(counts: &[u64], q: f64) -> Option<u64> {
    let total: u64 = counts.iter().sum();
    if total == 0 {
        return None;
    }
    let rank = ((q * total as f64).ceil() as u64).clamp(1, total);
    let mut seen = 0;
    for (i, &n) in counts.iter().enumerate() {
        seen += n;
        if seen >= rank {
            let upper = STARTUP_BUCKETS_MS[i.min(STARTUP_BUCKETS_MS.len() - 1)];
            return Some(if upper == u64::MAX { STARTUP_BUCKETS_MS[STARTUP_BUCKETS_MS.len() - 2] } else { upper });
        }
    }
    None
}

/// How an account is counted among a day's active viewers: a hash of its id, so the counts
/// need no account, and erasing an account can still find its rows.
pub fn viewer_key(user: super::UserId) -> String {
    use sha2::Digest;
    hex::encode(&sha2::Sha256::digest(format!("reel viewer\n{user}"))[..16])
}

/// The UTC day (days since the epoch) of a `YYYY-MM-DD` date, if it is one.
pub fn day_from_date(date: &str) -> Option<i64> {
    let mut parts = date.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (i64, i64, i64) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    // Days from the civil date, counting years from March so the leap day comes last.
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * m + 2) / 5 + d - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    Some(era * 146_097 + day_of_era - 719_468)
}

/// The `YYYY-MM-DD` date of a UTC day.
pub fn date_of_day(day: i64) -> String {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let d = day_of_year - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = year_of_era + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn beacon(watch_ms: u64) -> Beacon {
        Beacon {
            token: "t".into(),
            session: "abcdefghijklmnop".into(),
            startup_ms: Some(800),
            watch_ms,
            rebuffers: 1,
            rebuffer_ms: 300,
            switches: 0,
            errors: 0,
            renditions: BTreeMap::from([("720p".into(), RenditionTotals { watch_ms, rebuffer_ms: 300, kbps: 2000 })]),
            watched: format!("{}{}", "1".repeat(10), "0".repeat(90)),
        }
    }

    #[test]
    fn each_beacon_adds_only_what_grew_and_a_late_one_adds_nothing() {
        let (first, kept) = fold(&Folded::default(), &beacon(5_000));
        assert_eq!(first.startup_ms, Some(800));
        assert_eq!((first.watch_ms, first.rebuffers, first.rebuffer_ms), (5_000, 1, 300));
        assert_eq!(first.renditions["720p"], (5_000, 300, 2000.0 * 5000.0));
        assert_eq!(first.newly_watched, (0..10).collect::<Vec<_>>());

        let mut later = beacon(12_000);
        later.watched = format!("{}{}", "1".repeat(20), "0".repeat(80));
        let (second, kept) = fold(&kept, &later);
        assert_eq!(second.startup_ms, None, "a session's startup counts once");
        assert_eq!((second.watch_ms, second.rebuffers), (7_000, 0));
        assert_eq!(second.newly_watched, (10..20).collect::<Vec<_>>());

        let (again, same) = fold(&kept, &later);
        assert!(again.is_empty(), "a repeated beacon adds nothing: {again:?}");
        assert_eq!(same, kept);
        let (late, still) = fold(&kept, &beacon(5_000));
        assert!(late.is_empty(), "an older beacon adds nothing: {late:?}");
        assert_eq!(still.watch_ms, 12_000, "and does not lower the totals");
        assert!(still.watched.starts_with(&"1".repeat(20)));
    }

    #[test]
    fn beacons_outside_their_limits_are_refused_with_the_reason() {
        assert!(beacon(1).check().is_ok());
        type Change = Box<dyn Fn(&mut Beacon)>;
        let cases: Vec<(Change, &str)> = vec![
            (Box::new(|b| b.session = "short".into()), "session"),
            (Box::new(|b| b.session = "x".repeat(16) + "/"), "session"),
            (Box::new(|b| b.token = String::new()), "token"),
            (Box::new(|b| b.watch_ms = MAX_MS + 1), "within a day"),
            (Box::new(|b| b.errors = MAX_COUNT + 1), "counts"),
            (Box::new(|b| b.watched = "1".repeat(99)), "watched"),
            (Box::new(|b| b.watched = "2".repeat(100)), "watched"),
            (Box::new(|b| b.renditions.insert("bad name".into(), RenditionTotals::default()).map(|_| ()).unwrap_or(())), "rendition name"),
            (
                Box::new(|b| {
                    for i in 0..17 {
                        b.renditions.insert(format!("r{i}"), RenditionTotals::default());
                    }
                }),
                "16 renditions",
            ),
        ];
        for (change, says) in cases {
            let mut b = beacon(1);
            change(&mut b);
            let e = b.check().unwrap_err().0;
            assert!(e.contains(says), "{e} should mention {says}");
        }
    }

    #[test]
    fn dates_and_days_convert_both_ways() {
        assert_eq!(day_from_date("1970-01-01"), Some(0));
        assert_eq!(day_from_date("2000-03-01"), Some(11_017));
        assert_eq!(day_from_date("2024-02-29"), Some(19_782));
        for bad in ["2023-02-29", "2024-13-01", "2024-00-10", "24-01-01", "2024-1-01", "2024-01-01x", ""] {
            assert_eq!(day_from_date(bad), None, "{bad}");
        }
        for day in [-1000, 0, 11_016, 11_017, 19_782, 20_415, 100_000] {
            assert_eq!(day_from_date(&date_of_day(day)), Some(day), "{day}");
        }
        assert_eq!(date_of_day(20_415), "2025-11-23");
    }

    #[test]
    fn startup_quantiles_come_from_the_histogram() {
        let mut counts = [0u64; STARTUP_BUCKETS_MS.len()];
        assert_eq!(startup_quantile(&counts, 0.5), None);
        for ms in [90, 450, 480, 900, 2500, 40_000] {
            counts[startup_bucket(ms)] += 1;
        }
        assert_eq!(startup_quantile(&counts, 0.5), Some(500), "the third of six is in the ≤500 ms bucket");
        assert_eq!(startup_quantile(&counts, 0.95), Some(30_000), "the open bucket reports its lower bound");
        assert_eq!(startup_bucket(100), 0);
        assert_eq!(startup_bucket(101), 1);
    }
}
