//! The admin's money pages: what Reel stores (`/admin/storage`: tiers, kinds, the channels and
//! items holding most) and what it costs (`/admin/cost`: a month by resource and by day, with
//! a chart, the forecast, anomalies, and the items and channels that cost most).

use axum::extract::{Query, State};
use minijinja::context;
use serde::{Deserialize, Serialize};

use crate::auth::Scope;
use crate::state::AppState;

use super::charts;
use super::{render, PageInfo, PageResult, Viewer};

/// `GET /admin/storage`.
pub async fn storage_page(State(state): State<AppState>, viewer: Viewer) -> PageResult {
    let caller = viewer.required()?;
    caller.require(Scope::Admin)?;
    let report = crate::ops::lifecycle::admin_report(&state, &caller).await?;
    let page = PageInfo::new(Some(&caller), "Admin: storage", "admin");
    let kinds: Vec<(String, f64)> = report.by_kind.iter().map(|u| (format!("{} {}", u.kind, u.tier), u.bytes as f64)).collect();
    let chart = charts::bars("Bytes stored by kind and tier", &kinds);
    let monthly = money(report.monthly_cost);
    render("admin_storage.html", context! { page, tab => "storage", report, chart, monthly })
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
    unit: &'static str,
    price: f64,
    cost: String,
}

/// `GET /admin/cost`.
pub async fn cost_page(State(state): State<AppState>, viewer: Viewer, Query(q): Query<MonthQuery>) -> PageResult {
    let caller = viewer.required()?;
    caller.require(Scope::Admin)?;
    let month = q.month.filter(|m| !m.is_empty());
    let report = crate::ops::cost::admin_report(&state, &caller, month.as_deref()).await?;
    let x: Vec<String> = report.by_day.iter().map(|d| d.date[5..].to_string()).collect();
    // The total and the three resources that cost most: as many lines as the chart has colours.
    let mut biggest: Vec<(&'static str, f64)> = report.by_resource.iter().map(|(name, r)| (*name, r.cost)).collect();
    biggest.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut series = vec![("total", report.by_day.iter().map(|d| Some(d.total)).collect::<Vec<_>>())];
    for (name, _) in biggest.into_iter().take(3) {
        series.push((name, report.by_day.iter().map(|d| Some(d.by_resource.get(name).copied().unwrap_or(0.0))).collect()));
    }
    let chart = charts::lines("Dollars per day", &x, &series);
    let resources: Vec<ResourceLine> = report
        .by_resource
        .iter()
        .map(|(name, r)| ResourceLine { name, units: format!("{:.4}", r.units), unit: r.unit, price: r.price, cost: money(r.cost) })
        .collect();
    let days: Vec<(String, String)> = report.by_day.iter().map(|d| (d.date.clone(), money(d.total))).collect();
    let anomalies: Vec<String> = report.anomalies.iter().map(crate::ops::cost::report::Anomaly::describe).collect();
    let items: Vec<(String, String, String, String)> =
        report.by_item.iter().map(|i| (i.video_id.clone(), i.title.clone(), i.channel.clone(), money(i.total))).collect();
    let channels: Vec<(String, u64, String)> = report.by_channel.iter().map(|c| (c.channel.clone(), c.items, money(c.total))).collect();
    let page = PageInfo::new(Some(&caller), "Admin: cost", "admin");
    render(
        "admin_cost.html",
        context! {
            page, tab => "cost", month => report.month, prices_as_of => report.prices_as_of,
            total => money(report.total), forecast => money(report.forecast.total), to_date => money(report.forecast.to_date),
            method => report.forecast.method, chart, resources, days, anomalies, items, channels,
        },
    )
}

/// Dollars with cents, and fractions of a cent where a figure is that small.
fn money(dollars: f64) -> String {
    if dollars != 0.0 && dollars.abs() < 0.01 {
        format!("${dollars:.4}")
    } else {
        format!("${dollars:.2}")
    }
}
