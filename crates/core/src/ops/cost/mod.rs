//! What Reel costs to run: the resources it records usage of (bytes held per tier, bytes
//! delivered, transcoding CPU, messages, store requests), their prices from `[prices]`, and
//! where usage is recorded — the origin's meter (`meter.rs`), a notifier that counts what it
//! sends ([`Metered`]), the transcode's CPU time ([`record_cpu`]) and the daily snapshot of the
//! storage accounts (`ops/cost/usage.rs`). `report.rs` prices it all per day, month, resource,
//! item and channel, with a forecast and anomalies.

pub mod commands;
pub mod meter;
pub mod report;
pub mod usage;

use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;

use crate::platform::notify::{Message, Notifier, NotifyError};
use reel_base::config::PricesConfig;
use reel_base::db::usage::UsageRow;
use reel_base::db::Db;
use reel_base::domain::{now_ms, Address, VideoId};

/// Bytes in the gibibyte providers bill storage and transfer by.
pub const GIB: f64 = (1u64 << 30) as f64;

/// Milliseconds in a UTC day.
pub const DAY_MS: i64 = 86_400_000;

/// The UTC day (days since the epoch) of a time in milliseconds.
pub fn day_of(ms: i64) -> i64 {
    ms.div_euclid(DAY_MS)
}

/// Something Reel uses and pays for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Resource {
    /// Bytes held in the hot tier (recorded: bytes held that day).
    StorageHot,
    /// Bytes held in the cold tier.
    StorageCold,
    /// Bytes the origin answered with (recorded: bytes).
    OriginEgress,
    /// Bytes players fetched through a CDN, from their quality reports (recorded: bytes).
    CdnEgress,
    /// CPU time of the media processes of processing runs (recorded: milliseconds).
    TranscodeCpu,
    /// Emails handed to the mail server (recorded: messages).
    Email,
    /// Text messages handed to the SMS provider.
    Sms,
    /// Reads from an object store (GET, HEAD; recorded: requests).
    StoreReads,
    /// Writes to an object store (PUT, COPY, LIST, DELETE, multipart).
    StoreWrites,
}

impl Resource {
    /// Every resource, in the order reports list them.
    pub const ALL: [Resource; 9] = [
        Resource::StorageHot,
        Resource::StorageCold,
        Resource::OriginEgress,
        Resource::CdnEgress,
        Resource::TranscodeCpu,
        Resource::Email,
        Resource::Sms,
        Resource::StoreReads,
        Resource::StoreWrites,
    ];

    /// The name in `usage_daily` and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Resource::StorageHot => "storage_hot",
            Resource::StorageCold => "storage_cold",
            Resource::OriginEgress => "origin_egress",
            Resource::CdnEgress => "cdn_egress",
            Resource::TranscodeCpu => "transcode_cpu",
            Resource::Email => "email",
            Resource::Sms => "sms",
            Resource::StoreReads => "store_reads",
            Resource::StoreWrites => "store_writes",
        }
    }

    /// The resource a name stands for.
    pub fn parse(name: &str) -> Option<Resource> {
        Resource::ALL.into_iter().find(|r| r.name() == name)
    }

    /// The unit its price is per.
    pub fn unit(self) -> &'static str {
        match self {
            Resource::StorageHot | Resource::StorageCold => "GiB-month",
            Resource::OriginEgress | Resource::CdnEgress => "GiB",
            Resource::TranscodeCpu => "CPU-hour",
            Resource::Email | Resource::Sms => "message",
            Resource::StoreReads | Resource::StoreWrites => "1000 requests",
        }
    }

    /// Its price per [`Resource::unit`].
    pub fn price(self, prices: &PricesConfig) -> f64 {
        match self {
            Resource::StorageHot => prices.hot_gb_month,
            Resource::StorageCold => prices.cold_gb_month,
            Resource::OriginEgress => prices.origin_egress_gb,
            Resource::CdnEgress => prices.cdn_egress_gb,
            Resource::TranscodeCpu => prices.transcode_cpu_hour,
            Resource::Email => prices.email,
            Resource::Sms => prices.sms,
            Resource::StoreReads => prices.store_reads_per_1000,
            Resource::StoreWrites => prices.store_writes_per_1000,
        }
    }

    /// How many units its recorded quantity is, for days of a month of `days_in_month` days:
    /// a byte held for one day is 1/GiB/`days_in_month` of a GiB-month.
    pub fn units(self, quantity: i64, days_in_month: i64) -> f64 {
        let q = quantity.max(0) as f64;
        match self {
            Resource::StorageHot | Resource::StorageCold => q / GIB / days_in_month.max(1) as f64,
            Resource::OriginEgress | Resource::CdnEgress => q / GIB,
            Resource::TranscodeCpu => q / 3_600_000.0,
            Resource::Email | Resource::Sms => q,
            Resource::StoreReads | Resource::StoreWrites => q / 1000.0,
        }
    }

    /// What a recorded quantity costs.
    pub fn cost(self, prices: &PricesConfig, quantity: i64, days_in_month: i64) -> f64 {
        self.units(quantity, days_in_month) * self.price(prices)
    }
}

/// A month's cost report for an admin (others are refused).
pub async fn admin_report(
    ctx: &crate::platform::Context,
    caller: &crate::auth::Caller,
    month: Option<&str>,
) -> crate::platform::problem::Result<report::CostReport> {
    caller.require(crate::auth::Scope::Admin)?;
    report::build(&ctx.db, &ctx.config, month, ctx.clock().now_ms()).await
}

/// What the hot and cold bytes held now cost a month.
pub fn monthly_storage_cost(prices: &PricesConfig, hot: u64, cold: u64) -> f64 {
    hot as f64 / GIB * prices.hot_gb_month + cold as f64 / GIB * prices.cold_gb_month
}

/// Records the CPU time a processing run of `video` spent in its media processes.
pub async fn record_cpu(db: &Db, video: VideoId, cpu: Duration) -> sqlx::Result<()> {
    let ms = i64::try_from(cpu.as_millis()).unwrap_or(i64::MAX);
    if ms == 0 {
        return Ok(());
    }
    let row = UsageRow {
        day: day_of(db.clock().now_ms()),
        resource: Resource::TranscodeCpu.name().into(),
        video_id: video.to_string(),
        quantity: ms,
    };
    reel_base::db::usage::add(db, &[row]).await
}

/// A notifier that records every message it got out (one per email or SMS sent; a failed one
/// costs nothing) as usage of the day.
pub struct Metered {
    inner: Arc<dyn Notifier>,
    db: Db,
}

impl Metered {
    /// Counts what `inner` sends into `db`.
    pub fn wrap(inner: Arc<dyn Notifier>, db: Db) -> Arc<dyn Notifier> {
        Arc::new(Self { inner, db })
    }
}

#[async_trait::async_trait]
impl Notifier for Metered {
    async fn send(&self, to: &Address, message: &Message) -> Result<(), NotifyError> {
        self.inner.send(to, message).await?;
        let resource = match to {
            Address::Email(_) => Resource::Email,
            Address::Phone(_) => Resource::Sms,
        };
        let row = UsageRow { day: day_of(now_ms()), resource: resource.name().into(), video_id: String::new(), quantity: 1 };
        // The message is out: a lost count must not make the caller send it again.
        if let Err(e) = reel_base::db::usage::add(&self.db, &[row]).await {
            tracing::warn!(error = %e, "could not record a message sent as usage");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_become_billed_units() {
        let prices = PricesConfig { hot_gb_month: 30.0, transcode_cpu_hour: 2.0, store_writes_per_1000: 5.0, ..PricesConfig::default() };
        // One GiB held for one day of a 30-day month is a thirtieth of a GiB-month.
        assert!((Resource::StorageHot.cost(&prices, 1 << 30, 30) - 1.0).abs() < 1e-12);
        assert!((Resource::TranscodeCpu.cost(&prices, 1_800_000, 30) - 1.0).abs() < 1e-12);
        assert!((Resource::StoreWrites.cost(&prices, 200, 30) - 1.0).abs() < 1e-12);
        assert_eq!(Resource::Email.cost(&prices, -5, 30), 0.0, "a negative quantity costs nothing");
        for r in Resource::ALL {
            assert_eq!(Resource::parse(r.name()), Some(r));
        }
        assert_eq!(Resource::parse("coffee"), None);
    }
}
