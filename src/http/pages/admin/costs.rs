//! The admin's money pages: what Reel stores (`/admin/storage`: tiers, kinds, the channels and
//! items holding most) and what it costs (`/admin/cost`: a month by resource and by day, with
//! a chart, the forecast, anomalies, and the items and channels that cost most).

use axum::extract::{Query, State};
use minijinja::context;
use serde::{Deserialize, Serialize};

use crate::state::AppState;
use reel_core::auth::Scope;

use crate::http::pages::charts::{self, figure, local_digits};
use crate::http::pages::frame::layout::PageInfo;
use crate::http::pages::frame::page_error::PageResult;
use crate::http::pages::frame::shell;
use crate::http::pages::frame::templates::{render, t};
use crate::http::pages::frame::viewer::Viewer;

/// One kind and tier of stored objects, as the storage page names them.
#[derive(Debug, Serialize)]
struct KindLine {
    kind: String,
    tier: String,
    objects: i64,
    bytes: i64,
}

/// `GET /admin/storage`.
pub async fn storage_page(State(state): State<AppState>, viewer: Viewer) -> PageResult {
    let caller = viewer.required()?;
    caller.require(Scope::Admin)?;
    let report = reel_core::ops::lifecycle::admin_report(&state, &caller).await?;
    let page = PageInfo::new(Some(&caller), &t("storage-title", &[]), "admin");
    let kinds: Vec<KindLine> = report
        .by_kind
        .iter()
        .map(|u| KindLine { kind: kind_name(&u.kind), tier: tier_name(&u.tier), objects: u.objects, bytes: u.bytes })
        .collect();
    let bars: Vec<(String, f64)> = kinds
        .iter()
        .map(|k| (t("storage-chart-kind-tier", &[("kind", k.kind.as_str().into()), ("tier", k.tier.as_str().into())]), k.bytes as f64))
        .collect();
    let chart = charts::bars(&t("storage-chart-kinds", &[]), &bars);
    let monthly = money(report.monthly_cost);
    let prices_as_of = local_digits(&report.prices_as_of);
    render("admin_storage.html", context! { page, tab => "storage", report, kinds, chart, monthly, prices_as_of })
}

/// A kind of stored object (`original`, `rendition` …) as people read it.
fn kind_name(kind: &str) -> String {
    match kind {
        "original" => t("storage-kind-original", &[]),
        "rendition" => t("storage-kind-rendition", &[]),
        "download" => t("storage-kind-download", &[]),
        "image" => t("storage-kind-image", &[]),
        "index" => t("storage-kind-index", &[]),
        "avatar" => t("storage-kind-avatar", &[]),
        "upload" => t("storage-kind-upload", &[]),
        "other" => t("storage-kind-other", &[]),
        other => other.to_string(),
    }
}

/// A storage tier (`hot`, `cold`) as people read it.
fn tier_name(tier: &str) -> String {
    match tier {
        "hot" => t("storage-tier-hot", &[]),
        "cold" => t("storage-tier-cold", &[]),
        other => other.to_string(),
    }
}

/// `?month=YYYY-MM` of the cost page.
#[derive(Debug, Deserialize)]
pub struct MonthQuery {
    month: Option<String>,
}

/// One resource's line of the page.
#[derive(Debug, Serialize)]
struct ResourceLine {
    name: &'static str,
    units: String,
    unit: String,
    price: String,
    cost: String,
}

/// `GET /admin/cost`.
pub async fn cost_page(State(state): State<AppState>, viewer: Viewer, Query(q): Query<MonthQuery>) -> PageResult {
    let caller = viewer.required()?;
    caller.require(Scope::Admin)?;
    let month = q.month.filter(|m| !m.is_empty());
    let report = reel_core::ops::cost::admin_report(&state, &caller, month.as_deref()).await?;
    let x: Vec<String> = report.by_day.iter().map(|d| local_digits(d.date.get(5..).unwrap_or(&d.date))).collect();
    // The total and the three resources that cost most: as many lines as the chart has colours.
    let mut biggest: Vec<(&'static str, f64)> = report.by_resource.iter().map(|(name, r)| (*name, r.cost)).collect();
    biggest.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut series = vec![(t("cost-series-total", &[]), report.by_day.iter().map(|d| Some(d.total)).collect::<Vec<_>>())];
    for (name, _) in biggest.into_iter().take(3) {
        series.push((name.to_string(), report.by_day.iter().map(|d| Some(d.by_resource.get(name).copied().unwrap_or(0.0))).collect()));
    }
    let chart = charts::lines(&t("cost-chart-daily", &[]), &x, &series);
    let resources: Vec<ResourceLine> = report
        .by_resource
        .iter()
        .map(|(name, r)| ResourceLine {
            name,
            units: figure(r.units, 4),
            unit: unit_name(r.unit),
            price: price(r.price),
            cost: money(r.cost),
        })
        .collect();
    let days: Vec<(String, String)> = report.by_day.iter().map(|d| (local_digits(&d.date), money(d.total))).collect();
    let anomalies: Vec<String> = report.anomalies.iter().map(|a| a.said().text(shell::lang())).collect();
    let items: Vec<(String, String, String, String)> =
        report.by_item.iter().map(|i| (i.video_id.clone(), i.title.clone(), i.channel.clone(), money(i.total))).collect();
    let channels: Vec<(String, u64, String)> = report.by_channel.iter().map(|c| (c.channel.clone(), c.items, money(c.total))).collect();
    let page = PageInfo::new(Some(&caller), &t("cost-title", &[]), "admin");
    render(
        "admin_cost.html",
        context! {
            page, tab => "cost", month => report.month, month_shown => local_digits(&report.month),
            prices_as_of => local_digits(&report.prices_as_of),
            total => money(report.total), forecast => money(report.forecast.total), to_date => money(report.forecast.to_date),
            method => report.forecast.method, chart, resources, days, anomalies, items, channels,
        },
    )
}

/// Dollars with cents, and fractions of a cent where a figure is that small.
fn money(dollars: f64) -> String {
    let digits = if dollars != 0.0 && dollars.abs() < 0.01 { 4 } else { 2 };
    dollars_in(dollars, digits)
}

/// Dollars with `digits` decimals, in the page's language (the currency stays the dollar).
fn dollars_in(dollars: f64, digits: usize) -> String {
    t("cost-dollars", &[("amount", figure(dollars, digits).into())])
}

/// A price per unit, with as many decimals as `[prices]` gives it (`1.0`, `0.085`).
fn price(price: f64) -> String {
    let written = price.to_string();
    let digits = written.split_once('.').map_or(1, |(_, fraction)| fraction.len());
    dollars_in(price, digits)
}

/// The unit a resource is priced by, as people read it.
fn unit_name(unit: &str) -> String {
    match unit {
        "GiB-month" => t("cost-unit-gib-month", &[]), // code
        "GiB" => t("cost-unit-gib", &[]),             // code
        "CPU-hour" => t("cost-unit-cpu-hour", &[]),   // code
        "message" => t("cost-unit-message", &[]),
        "1000 requests" => t("cost-unit-1000-requests", &[]),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_and_amounts_keep_their_decimals() {
        assert_eq!((price(1.0), price(0.085)), ("$1.0".to_string(), "$0.085".to_string()));
        assert_eq!((money(0.004), money(12.345), money(0.0)), ("$0.0040".to_string(), format!("${:.2}", 12.345), "$0.00".to_string()));
        assert_eq!(unit_name("1000 requests"), "1000 requests");
    }
}
