//! The installation's own figures, for admins: the pipeline (how fast uploads become playable
//! and ready, why some fail), sign-in (codes by channel and outcome, sign-ins, lockouts) and
//! revenue (by plan and month, subscribers now).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::auth::{Caller, Scope};
use reel_base::db::analytics as rows;

use crate::platform::problem;
use crate::platform::Context;

use super::beacons::day_of;
use super::report::{ratio, DayRange};

const DAY_MS: i64 = 24 * 3600 * 1000;

fn admin_only(caller: &Caller) -> problem::Result<()> {
    caller.require(Scope::Admin)
}

/// The nearest-rank `q` quantile of sorted values.
fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    (!sorted.is_empty()).then(|| sorted[((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len()) - 1])
}

/// One day of the pipeline.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PipelineDay {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Items uploaded.
    pub uploads: i64,
    /// Median upload-to-playable, seconds.
    pub playable_s_p50: Option<f64>,
    /// 95th percentile of it.
    pub playable_s_p95: Option<f64>,
    /// Median upload-to-ready, seconds.
    pub ready_s_p50: Option<f64>,
    /// 95th percentile of it.
    pub ready_s_p95: Option<f64>,
    /// Items that failed.
    pub failed: i64,
}

/// The pipeline over a range: how fast uploads became playable and ready, and why some failed.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Pipeline {
    /// The first day.
    pub from: String,
    /// The last day.
    pub to: String,
    /// Items uploaded.
    pub uploads: i64,
    /// Median upload-to-playable, seconds.
    pub playable_s_p50: Option<f64>,
    /// 95th percentile of it.
    pub playable_s_p95: Option<f64>,
    /// Median upload-to-ready, seconds.
    pub ready_s_p50: Option<f64>,
    /// 95th percentile of it.
    pub ready_s_p95: Option<f64>,
    /// Failures by reason, most first.
    pub failures: Vec<(String, i64)>,
    /// Each day.
    pub days: Vec<PipelineDay>,
}

/// Times to playable and ready, and failures, of the items uploaded in `range` (admins).
pub async fn pipeline(ctx: &Context, caller: &Caller, range: DayRange) -> problem::Result<Pipeline> {
    admin_only(caller)?;
    let items = rows::pipeline(&ctx.db, range.from * DAY_MS, (range.to + 1) * DAY_MS).await?;
    type Item = (i64, Option<i64>, Option<i64>, String, Option<String>);
    let delays = |subset: &[&Item], pick: fn(&Item) -> Option<i64>| {
        let mut secs: Vec<f64> = subset.iter().filter_map(|i| Some((pick(i)? - i.0) as f64 / 1000.0)).collect();
        secs.sort_by(f64::total_cmp);
        (quantile(&secs, 0.5), quantile(&secs, 0.95))
    };
    let all: Vec<&Item> = items.iter().collect();
    let (playable_s_p50, playable_s_p95) = delays(&all, |i| i.1);
    let (ready_s_p50, ready_s_p95) = delays(&all, |i| i.2);
    let mut failures: BTreeMap<String, i64> = BTreeMap::new();
    for (_, _, _, status, error) in &items {
        if status == "failed" {
            let reason: String = error.as_deref().unwrap_or("no reason recorded").chars().take(120).collect();
            *failures.entry(reason).or_default() += 1;
        }
    }
    let mut failures: Vec<(String, i64)> = failures.into_iter().collect();
    failures.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Ok(Pipeline {
        from: reel_base::domain::qoe::date_of_day(range.from),
        to: reel_base::domain::qoe::date_of_day(range.to),
        uploads: items.len() as i64,
        playable_s_p50,
        playable_s_p95,
        ready_s_p50,
        ready_s_p95,
        failures,
        days: range
            .dates()
            .map(|(day, date)| {
                let subset: Vec<&Item> = items.iter().filter(|i| day_of(i.0) == day).collect();
                let (playable_s_p50, playable_s_p95) = delays(&subset, |i| i.1);
                let (ready_s_p50, ready_s_p95) = delays(&subset, |i| i.2);
                PipelineDay {
                    date,
                    uploads: subset.len() as i64,
                    playable_s_p50,
                    playable_s_p95,
                    ready_s_p50,
                    ready_s_p95,
                    failed: subset.iter().filter(|i| i.3 == "failed").count() as i64,
                }
            })
            .collect(),
    })
}

/// One channel's sign-in codes.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct CodeCounts {
    /// `email` or `sms`.
    pub channel: String,
    /// Codes asked for.
    pub requested: i64,
    /// Handed to the transport.
    pub sent: i64,
    /// Refused by it.
    pub failed: i64,
    /// Confirmed delivered by the provider's receipt.
    pub delivered: i64,
    /// Reported undelivered.
    pub undelivered: i64,
    /// Codes neither refused nor reported undelivered, of those handed over.
    pub delivery_rate: Option<f64>,
}

/// One day of sign-in.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SigninDay {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Codes by channel that day.
    pub codes: Vec<CodeCounts>,
    /// Sign-ins that succeeded.
    pub succeeded: i64,
    /// Wrong or spent codes and second factors.
    pub failed: i64,
    /// Lockouts.
    pub lockouts: i64,
}

/// Sign-in over a range.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Signin {
    /// The first day.
    pub from: String,
    /// The last day.
    pub to: String,
    /// Codes by channel.
    pub codes: Vec<CodeCounts>,
    /// Sign-ins that succeeded.
    pub succeeded: i64,
    /// That failed.
    pub failed: i64,
    /// Succeeded over succeeded and failed.
    pub success_rate: Option<f64>,
    /// Lockouts.
    pub lockouts: i64,
    /// Each day.
    pub days: Vec<SigninDay>,
}

/// Codes sent and delivered by channel, sign-in outcomes and lockouts over `range` (admins).
pub async fn signin(ctx: &Context, caller: &Caller, range: DayRange) -> problem::Result<Signin> {
    admin_only(caller)?;
    let (from_ms, to_ms) = (range.from * DAY_MS, (range.to + 1) * DAY_MS);
    let codes = rows::codes(&ctx.db, from_ms, to_ms).await?;
    let events = rows::signin_events(&ctx.db, from_ms, to_ms).await?;
    let count_codes = |subset: &mut dyn Iterator<Item = &(i64, String, Option<String>)>| {
        let mut by: BTreeMap<String, CodeCounts> = BTreeMap::new();
        for (_, channel, delivery) in subset {
            let c = by.entry(channel.clone()).or_insert_with(|| CodeCounts { channel: channel.clone(), ..CodeCounts::default() });
            c.requested += 1;
            match delivery.as_deref() {
                Some("failed") => c.failed += 1,
                Some("sent") => c.sent += 1,
                Some("delivered") => (c.sent, c.delivered) = (c.sent + 1, c.delivered + 1),
                Some("undelivered") => (c.sent, c.undelivered) = (c.sent + 1, c.undelivered + 1),
                _ => {}
            }
        }
        by.into_values()
            .map(|mut c| {
                c.delivery_rate = ratio(c.sent - c.undelivered, c.sent + c.failed);
                c
            })
            .collect::<Vec<_>>()
    };
    let outcome = |action: &str| match action {
        "login.succeeded" | "login.totp_succeeded" => Some(0),
        "login.failed" | "login.totp_failed" => Some(1),
        "login.locked" | "login.totp_locked" | "login.address_throttled" | "login.code_limit" => Some(2),
        _ => None,
    };
    let tally = |subset: &mut dyn Iterator<Item = &(i64, String)>| {
        let mut t = [0i64; 3];
        for (_, action) in subset {
            if let Some(i) = outcome(action) {
                t[i] += 1;
            }
        }
        t
    };
    let [succeeded, failed, lockouts] = tally(&mut events.iter());
    Ok(Signin {
        from: reel_base::domain::qoe::date_of_day(range.from),
        to: reel_base::domain::qoe::date_of_day(range.to),
        codes: count_codes(&mut codes.iter()),
        succeeded,
        failed,
        success_rate: ratio(succeeded, succeeded + failed),
        lockouts,
        days: range
            .dates()
            .map(|(day, date)| {
                let [succeeded, failed, lockouts] = tally(&mut events.iter().filter(|e| day_of(e.0) == day));
                SigninDay { date, codes: count_codes(&mut codes.iter().filter(|c| day_of(c.0) == day)), succeeded, failed, lockouts }
            })
            .collect(),
    })
}

/// One plan's revenue in one month.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RevenueMonth {
    /// `YYYY-MM`.
    pub month: String,
    /// The plan's name.
    pub plan: String,
    /// The sum of grants and renewals, in minor units.
    pub amount_minor: i64,
    /// Its currency.
    pub currency: String,
    /// Grants and renewals.
    pub payments: i64,
}

/// Revenue and subscribers.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RevenueReport {
    /// By month (newest first) and plan.
    pub months: Vec<RevenueMonth>,
    /// Accounts holding each plan now: `(plan name, subscribers)`.
    pub subscribers: Vec<(String, i64)>,
}

/// Revenue by plan and month, and subscribers now (admins).
pub async fn revenue(ctx: &Context, caller: &Caller) -> problem::Result<RevenueReport> {
    admin_only(caller)?;
    let plans = reel_base::db::plans::list(&ctx.db).await?;
    let name = |id: &str| plans.iter().find(|p| p.id.to_string() == id).map_or_else(|| id.to_string(), |p| p.name.to_string());
    let months = reel_base::db::plans::revenue(&ctx.db)
        .await?
        .into_iter()
        .map(|r| RevenueMonth {
            month: r.month,
            plan: name(&r.plan_id.to_string()),
            amount_minor: r.amount_minor,
            currency: r.currency,
            payments: r.payments,
        })
        .collect();
    let subscribers = rows::subscribers(&ctx.db, ctx.clock().now_ms()).await?.into_iter().map(|(plan, n)| (name(&plan), n)).collect();
    Ok(RevenueReport { months, subscribers })
}

#[cfg(test)]
mod tests {
    #[test]
    fn quantiles_are_by_nearest_rank() {
        let v = [1.0, 2.0, 3.0, 4.0, 10.0];
        assert_eq!(super::quantile(&v, 0.5), Some(3.0));
        assert_eq!(super::quantile(&v, 0.95), Some(10.0));
        assert_eq!(super::quantile(&[], 0.5), None);
    }
}
