//! The storage report: what Reel keeps, by tier and kind, by channel and by item, with what it
//! costs a month at `[prices]`; and the check of the accounts against a listing of the store.

use serde::Serialize;

use reel_base::config::Config;
use reel_base::db::storage::{self as rows, Holder, Usage};
use reel_base::db::Db;
use reel_base::domain::VideoId;
use reel_base::storage::{StorageKey, Store, Tier};

/// How many channels and items a report lists.
pub const REPORT_ROWS: i64 = 20;

/// The whole report.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StorageReport {
    /// Bytes in the hot tier.
    pub hot_bytes: u64,
    /// Bytes in the cold tier.
    pub cold_bytes: u64,
    /// Objects in both.
    pub objects: u64,
    /// What the bytes cost a month at `[prices]`, in dollars.
    pub monthly_cost: f64,
    /// When the prices were taken.
    pub prices_as_of: String,
    /// Objects and bytes by tier and kind.
    pub by_kind: Vec<Usage>,
    /// The channels holding most.
    pub by_channel: Vec<Holder>,
    /// The items holding most.
    pub biggest: Vec<Holder>,
}

/// Hot and cold bytes of the whole installation.
pub async fn tier_bytes(db: &Db) -> sqlx::Result<(u64, u64)> {
    Ok(split_tiers(&rows::totals(db).await?))
}

/// Hot and cold bytes of some usage rows.
fn split_tiers(usage: &[Usage]) -> (u64, u64) {
    let sum = |tier: Tier| usage.iter().filter(|u| u.tier == tier.as_str()).map(|u| u.bytes.max(0) as u64).sum::<u64>();
    (sum(Tier::Hot), sum(Tier::Cold))
}

/// Reads the report.
pub async fn build(db: &Db, config: &Config) -> sqlx::Result<StorageReport> {
    let by_kind = rows::totals(db).await?;
    let (hot_bytes, cold_bytes) = split_tiers(&by_kind);
    Ok(StorageReport {
        hot_bytes,
        cold_bytes,
        objects: by_kind.iter().map(|u| u.objects.max(0) as u64).sum(),
        monthly_cost: super::rules::monthly_storage_cost(config, hot_bytes, cold_bytes),
        prices_as_of: config.prices.as_of.clone(),
        by_channel: rows::by_channel(db, REPORT_ROWS).await?,
        biggest: rows::biggest_videos(db, REPORT_ROWS).await?,
        by_kind,
    })
}

/// One item's objects by tier, kind and rendition, and their total.
pub async fn of_video(db: &Db, video: VideoId) -> sqlx::Result<(u64, Vec<Usage>)> {
    let usage = rows::of_video(db, video).await?;
    Ok((usage.iter().map(|u| u.bytes.max(0) as u64).sum(), usage))
}

/// Bytes as people read them (binary units).
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// The report as text for a terminal.
pub fn render_text(report: &StorageReport) -> String {
    let mut out = format!(
        "stored: {} in {} objects — hot {}, cold {}; ${:.2} a month at prices of {}\n\nby kind\n",
        human_bytes(report.hot_bytes + report.cold_bytes),
        report.objects,
        human_bytes(report.hot_bytes),
        human_bytes(report.cold_bytes),
        report.monthly_cost,
        report.prices_as_of
    );
    for u in &report.by_kind {
        out += &format!("  {:<5} {:<10} {:>8} objects {:>12}\n", u.tier, u.kind, u.objects, human_bytes(u.bytes.max(0) as u64));
    }
    for (title, rows) in [("by channel", &report.by_channel), ("biggest items", &report.biggest)] {
        out += &format!("\n{title}\n");
        for h in rows.iter() {
            let name = if h.name.is_empty() { "(none)" } else { h.name.as_str() };
            out += &format!(
                "  {:<36} {:<30} {:>4} items  hot {:>10}  cold {:>10}\n",
                h.id,
                name.chars().take(30).collect::<String>(),
                h.items,
                human_bytes(h.hot_bytes.max(0) as u64),
                human_bytes(h.cold_bytes.max(0) as u64)
            );
        }
    }
    out
}

/// Where the accounts and the store disagree.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Drift {
    /// Objects in the store the accounts do not hold.
    pub unaccounted: Vec<String>,
    /// Accounts of objects the store does not have.
    pub missing: Vec<String>,
    /// Objects whose size or (separate-store) tier differs.
    pub differing: Vec<String>,
}

impl Drift {
    /// Whether the accounts match the store.
    pub fn is_empty(&self) -> bool {
        self.unaccounted.is_empty() && self.missing.is_empty() && self.differing.is_empty()
    }
}

/// The store's objects under Reel's prefixes, listed.
async fn listing(store: &Store) -> Result<Vec<(String, u64, Tier)>, reel_base::storage::StorageError> {
    let mut all = Vec::new();
    for prefix in ["sources", "media", "uploads", "avatars", "watermarks"] {
        all.extend(store.list_sized(&StorageKey::existing(prefix)).await?);
    }
    Ok(all)
}

/// Compares the accounts with a listing of the store. An object in a cold storage class of
/// the hot bucket is listed as hot, so only a separate cold store's tier is compared.
pub async fn check(db: &Db, store: &Store) -> anyhow::Result<Drift> {
    let separate_cold = store.cold_is_separate();
    let listed = listing(store).await?;
    let accounts: std::collections::HashMap<String, (i64, String)> =
        rows::all_keys(db).await?.into_iter().map(|(key, bytes, tier)| (key, (bytes, tier))).collect();
    let mut drift = Drift::default();
    let mut seen = std::collections::HashSet::new();
    for (key, size, tier) in &listed {
        seen.insert(key.clone());
        match accounts.get(key) {
            None => drift.unaccounted.push(key.clone()),
            Some((bytes, held)) => {
                if *bytes != *size as i64 || (separate_cold && held != tier.as_str()) {
                    drift.differing.push(key.clone());
                }
            }
        }
    }
    drift.missing = accounts.keys().filter(|k| !seen.contains(*k)).cloned().collect();
    drift.missing.sort();
    Ok(drift)
}

/// Rewrites the accounts from a listing of the store (after a crash between a write and its
/// account, or for a store filled before accounting). Objects in the hot bucket keep the tier
/// the accounts gave them, since a listing does not say their storage class.
pub async fn reconcile(db: &Db, store: &Store) -> anyhow::Result<usize> {
    let held: std::collections::HashMap<String, String> = rows::all_keys(db).await?.into_iter().map(|(k, _, t)| (k, t)).collect();
    let listed = listing(store).await?;
    let objects: Vec<(String, u64, Tier)> = listed
        .into_iter()
        .map(|(key, size, tier)| {
            let tier = match (tier, held.get(&key).map(String::as_str)) {
                (Tier::Hot, Some("cold")) if !store.cold_is_separate() => Tier::Cold,
                _ => tier,
            };
            (key, size, tier)
        })
        .collect();
    rows::replace_all(db, &objects).await?;
    Ok(objects.len())
}
