//! The analytics pages: overview, most watched, quality, and for admins pipeline, sign-in and
//! revenue; and one item's engagement. Each shows a range picker, figures at a glance, charts
//! drawn on the server (`charts.rs`) with their numbers in a table beside them, and a CSV link
//! to the same figures from `GET /api/v1/analytics/…`.

use axum::extract::{Path, Query, State};
use minijinja::{context, Value};
use serde::{Deserialize, Serialize};

use crate::auth::Caller;
use crate::ops::analytics::report::{self, DayRange, RenditionFigures};
use crate::ops::analytics::{dashboards, operations};
use crate::state::AppState;

use super::charts;
use super::format::{bytes, count, duration};
use super::{render, PageError, PageInfo, PageResult, Viewer};

/// `?from=&to=&by=`.
#[derive(Debug, Deserialize)]
pub struct RangeQuery {
    from: Option<String>,
    to: Option<String>,
    by: Option<String>,
}

/// One chart with the table of its figures.
#[derive(Debug, Serialize)]
struct Chart {
    title: String,
    svg: String,
    headers: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

/// A figure at a glance.
#[derive(Debug, Serialize)]
struct Tile {
    label: &'static str,
    value: String,
}

fn tile(label: &'static str, value: String) -> Tile {
    Tile { label, value }
}

fn percent(v: Option<f64>) -> String {
    v.map_or_else(|| "—".into(), |v| format!("{:.1} %", v * 100.0))
}

fn ms(v: Option<u64>) -> String {
    v.map_or_else(|| "—".into(), |v| format!("{:.1} s", v as f64 / 1000.0))
}

fn secs(v: Option<f64>) -> String {
    v.map_or_else(|| "—".into(), duration)
}

fn hours(v: f64) -> String {
    format!("{v:.1} h")
}

/// Share of time, average bitrate and rebuffering by rendition.
fn rendition_chart(renditions: &[RenditionFigures]) -> Chart {
    Chart {
        title: "By rendition".into(),
        svg: charts::bars(
            "Share of time played by rendition, percent",
            &renditions.iter().map(|r| (r.name.clone(), r.watch_share * 100.0)).collect::<Vec<_>>(),
        ),
        headers: vec!["rendition", "share of time", "average bitrate", "rebuffering"],
        rows: renditions
            .iter()
            .map(|r| {
                vec![r.name.clone(), percent(Some(r.watch_share)), format!("{:.0} kbit/s", r.average_kbps), percent(Some(r.rebuffer_ratio))]
            })
            .collect(),
    }
}

/// The caller and the range, or the page's error (a range that does not parse is a 400 page).
fn setup(viewer: Viewer, q: &RangeQuery) -> Result<(Caller, DayRange), PageError> {
    let caller = viewer.required()?;
    dashboards::scope(&caller)?;
    let range = DayRange::parse(q.from.as_deref(), q.to.as_deref())?;
    Ok((caller, range))
}

/// Renders one analytics page.
#[allow(clippy::too_many_arguments)]
fn page(
    caller: &Caller,
    tab: &str,
    title: &str,
    range: &DayRange,
    csv: String,
    tiles: Vec<Tile>,
    charts: Vec<Chart>,
    extra: Value,
) -> PageResult {
    let from = crate::domain::qoe::date_of_day(range.from);
    let to = crate::domain::qoe::date_of_day(range.to);
    let presets: Vec<Value> = [7, 28, 90, 365]
        .iter()
        .map(|days| context! { days, from => crate::domain::qoe::date_of_day(range.to - days + 1), to => to.clone() })
        .collect();
    let page = PageInfo::new(Some(caller), &format!("Analytics: {title}"), "analytics");
    render(
        "analytics.html",
        context! { page, tab, heading => title, from, to, presets, csv, tiles, charts, extra, is_admin => caller.is_admin() },
    )
}

/// `GET /analytics`: views, watch hours, active viewers, uploads and storage over time.
pub async fn overview(State(state): State<AppState>, viewer: Viewer, Query(q): Query<RangeQuery>) -> PageResult {
    let (caller, range) = setup(viewer, &q)?;
    let o = dashboards::overview(&state, &caller, range).await?;
    let x: Vec<String> = o.days.iter().map(|d| d.date[5..].to_string()).collect();
    let rows = |f: &dyn Fn(&dashboards::OverviewDay) -> String| o.days.iter().map(|d| vec![d.date.clone(), f(d)]).collect();
    let charts = vec![
        Chart {
            title: "Views and active viewers".into(),
            svg: charts::lines(
                "Views and active viewers per day",
                &x,
                &[
                    ("views", o.days.iter().map(|d| Some(d.views as f64)).collect()),
                    ("active viewers", o.days.iter().map(|d| Some(d.active_viewers as f64)).collect()),
                ],
            ),
            headers: vec!["date", "views", "active viewers"],
            rows: o.days.iter().map(|d| vec![d.date.clone(), count(d.views), count(d.active_viewers)]).collect(),
        },
        Chart {
            title: "Watch hours".into(),
            svg: charts::lines("Hours played per day", &x, &[("watch hours", o.days.iter().map(|d| Some(d.watch_hours)).collect())]),
            headers: vec!["date", "watch hours"],
            rows: rows(&|d| hours(d.watch_hours)),
        },
        Chart {
            title: "Uploads".into(),
            svg: charts::lines("Uploads per day", &x, &[("uploads", o.days.iter().map(|d| Some(d.uploads as f64)).collect())]),
            headers: vec!["date", "uploads"],
            rows: rows(&|d| count(d.uploads)),
        },
        Chart {
            title: "Originals stored".into(),
            svg: charts::lines("Bytes of originals stored", &x, &[("bytes", o.days.iter().map(|d| Some(d.stored_bytes as f64)).collect())]),
            headers: vec!["date", "stored"],
            rows: rows(&|d| bytes(d.stored_bytes)),
        },
    ];
    let tiles = vec![
        tile("Views", count(o.views)),
        tile("Watch hours", hours(o.watch_hours)),
        tile("Active viewers today", count(o.daily_active_viewers)),
        tile("Last 7 days", count(o.weekly_active_viewers)),
        tile("Last 30 days", count(o.monthly_active_viewers)),
        tile("Uploads", count(o.uploads)),
        tile("Originals stored", bytes(o.stored_bytes)),
    ];
    let csv = format!("/api/v1/analytics/overview?from={}&to={}&format=csv", o.from, o.to);
    page(&caller, "overview", "Overview", &range, csv, tiles, charts, Value::UNDEFINED)
}

/// `GET /analytics/top`: the most watched items and channels, by views or watch time.
pub async fn top(State(state): State<AppState>, viewer: Viewer, Query(q): Query<RangeQuery>) -> PageResult {
    let (caller, range) = setup(viewer, &q)?;
    let t = dashboards::top(&state, &caller, range, q.by.as_deref(), 10).await?;
    let value = |e: &dashboards::TopEntry| if t.by == "views" { e.views as f64 } else { e.watch_hours };
    let measure = if t.by == "views" { "views" } else { "watch hours" };
    let charts = vec![
        Chart {
            title: format!("Items by {measure}"),
            svg: charts::bars(
                &format!("Most watched items by {measure}"),
                &t.items.iter().map(|e| (e.name.clone(), value(e))).collect::<Vec<_>>(),
            ),
            headers: vec!["item", "channel", "views", "watch hours"],
            rows: t
                .items
                .iter()
                .map(|e| vec![e.name.clone(), e.channel.clone().unwrap_or_default(), count(e.views), hours(e.watch_hours)])
                .collect(),
        },
        Chart {
            title: format!("Channels by {measure}"),
            svg: charts::bars(
                &format!("Most watched channels by {measure}"),
                &t.channels.iter().map(|e| (e.name.clone(), value(e))).collect::<Vec<_>>(),
            ),
            headers: vec!["channel", "handle", "views", "watch hours"],
            rows: t.channels.iter().map(|e| vec![e.name.clone(), e.id.clone(), count(e.views), hours(e.watch_hours)]).collect(),
        },
    ];
    let items: Vec<Value> = t.items.iter().map(|e| context! { id => e.id, name => e.name }).collect();
    let csv = format!("/api/v1/analytics/top?from={}&to={}&by={}&format=csv", t.from, t.to, t.by);
    page(&caller, "top", "Most watched", &range, csv, Vec::new(), charts, context! { by => t.by, items })
}

/// `GET /analytics/quality`: startup, stalls and errors over time and by rendition.
pub async fn quality(State(state): State<AppState>, viewer: Viewer, Query(q): Query<RangeQuery>) -> PageResult {
    let (caller, range) = setup(viewer, &q)?;
    let qoe = dashboards::qoe(&state, &caller, range).await?;
    let x: Vec<String> = qoe.days.iter().map(|d| d.date[5..].to_string()).collect();
    let as_s = |v: Option<u64>| v.map(|v| v as f64 / 1000.0);
    let charts = vec![
        Chart {
            title: "Startup time".into(),
            svg: charts::lines(
                "Startup time per day, seconds",
                &x,
                &[
                    ("p50", qoe.days.iter().map(|d| as_s(d.startup_ms_p50)).collect()),
                    ("p95", qoe.days.iter().map(|d| as_s(d.startup_ms_p95)).collect()),
                ],
            ),
            headers: vec!["date", "sessions", "p50", "p95"],
            rows: qoe.days.iter().map(|d| vec![d.date.clone(), count(d.sessions), ms(d.startup_ms_p50), ms(d.startup_ms_p95)]).collect(),
        },
        Chart {
            title: "Rebuffering and errors".into(),
            svg: charts::lines(
                "Rebuffering ratio and error rate per day, percent",
                &x,
                &[
                    ("rebuffering", qoe.days.iter().map(|d| d.rebuffer_ratio.map(|r| r * 100.0)).collect()),
                    ("errors", qoe.days.iter().map(|d| d.error_rate.map(|r| r * 100.0)).collect()),
                ],
            ),
            headers: vec!["date", "rebuffering", "error rate"],
            rows: qoe.days.iter().map(|d| vec![d.date.clone(), percent(d.rebuffer_ratio), percent(d.error_rate)]).collect(),
        },
        rendition_chart(&qoe.renditions),
    ];
    let tiles = vec![
        tile("Sessions", count(qoe.sessions)),
        tile("Startup p50", ms(qoe.startup_ms_p50)),
        tile("Startup p95", ms(qoe.startup_ms_p95)),
        tile("Rebuffering", percent(qoe.rebuffer_ratio)),
        tile("Error rate", percent(qoe.error_rate)),
    ];
    let csv = format!("/api/v1/analytics/qoe?from={}&to={}&format=csv", qoe.from, qoe.to);
    page(&caller, "quality", "Quality", &range, csv, tiles, charts, Value::UNDEFINED)
}

/// `GET /analytics/pipeline` (admins): time to playable and ready, failures by reason.
pub async fn pipeline(State(state): State<AppState>, viewer: Viewer, Query(q): Query<RangeQuery>) -> PageResult {
    let (caller, range) = setup(viewer, &q)?;
    let p = operations::pipeline(&state, &caller, range).await?;
    let x: Vec<String> = p.days.iter().map(|d| d.date[5..].to_string()).collect();
    let charts = vec![
        Chart {
            title: "Time to playable and ready".into(),
            svg: charts::lines(
                "Median time to playable and to ready per day, seconds",
                &x,
                &[
                    ("playable p50", p.days.iter().map(|d| d.playable_s_p50).collect()),
                    ("ready p50", p.days.iter().map(|d| d.ready_s_p50).collect()),
                ],
            ),
            headers: vec!["date", "uploads", "playable p50", "playable p95", "ready p50", "ready p95", "failed"],
            rows: p
                .days
                .iter()
                .map(|d| {
                    vec![
                        d.date.clone(),
                        count(d.uploads),
                        secs(d.playable_s_p50),
                        secs(d.playable_s_p95),
                        secs(d.ready_s_p50),
                        secs(d.ready_s_p95),
                        count(d.failed),
                    ]
                })
                .collect(),
        },
        Chart {
            title: "Failures by reason".into(),
            svg: charts::bars("Failed items by reason", &p.failures.iter().map(|(r, n)| (r.clone(), *n as f64)).collect::<Vec<_>>()),
            headers: vec!["reason", "items"],
            rows: p.failures.iter().map(|(r, n)| vec![r.clone(), count(*n)]).collect(),
        },
    ];
    let tiles = vec![
        tile("Uploads", count(p.uploads)),
        tile("Playable p50", secs(p.playable_s_p50)),
        tile("Playable p95", secs(p.playable_s_p95)),
        tile("Ready p50", secs(p.ready_s_p50)),
        tile("Ready p95", secs(p.ready_s_p95)),
        tile("Failed", count(p.failures.iter().map(|(_, n)| n).sum())),
    ];
    let csv = format!("/api/v1/analytics/pipeline?from={}&to={}&format=csv", p.from, p.to);
    page(&caller, "pipeline", "Pipeline", &range, csv, tiles, charts, Value::UNDEFINED)
}

/// `GET /analytics/signin` (admins): codes sent and delivered by channel, success, lockouts.
pub async fn signin(State(state): State<AppState>, viewer: Viewer, Query(q): Query<RangeQuery>) -> PageResult {
    let (caller, range) = setup(viewer, &q)?;
    let s = operations::signin(&state, &caller, range).await?;
    let x: Vec<String> = s.days.iter().map(|d| d.date[5..].to_string()).collect();
    let per_channel = |channel: &str, pick: fn(&operations::CodeCounts) -> i64| -> Vec<Option<f64>> {
        s.days.iter().map(|d| Some(d.codes.iter().filter(|c| c.channel == channel).map(pick).sum::<i64>() as f64)).collect()
    };
    let charts = vec![
        Chart {
            title: "Codes sent and delivered".into(),
            svg: charts::lines(
                "Sign-in codes per day by channel",
                &x,
                &[
                    ("email sent", per_channel("email", |c| c.sent)),
                    ("sms sent", per_channel("sms", |c| c.sent)),
                    ("sms delivered", per_channel("sms", |c| c.delivered)),
                    ("failed", s.days.iter().map(|d| Some(d.codes.iter().map(|c| c.failed + c.undelivered).sum::<i64>() as f64)).collect()),
                ],
            ),
            headers: vec!["channel", "requested", "sent", "failed", "delivered", "undelivered", "delivery rate"],
            rows: s
                .codes
                .iter()
                .map(|c| {
                    vec![
                        c.channel.clone(),
                        count(c.requested),
                        count(c.sent),
                        count(c.failed),
                        count(c.delivered),
                        count(c.undelivered),
                        percent(c.delivery_rate),
                    ]
                })
                .collect(),
        },
        Chart {
            title: "Sign-ins and lockouts".into(),
            svg: charts::lines(
                "Sign-ins succeeded, failed and lockouts per day",
                &x,
                &[
                    ("succeeded", s.days.iter().map(|d| Some(d.succeeded as f64)).collect()),
                    ("failed", s.days.iter().map(|d| Some(d.failed as f64)).collect()),
                    ("lockouts", s.days.iter().map(|d| Some(d.lockouts as f64)).collect()),
                ],
            ),
            headers: vec!["date", "succeeded", "failed", "lockouts"],
            rows: s.days.iter().map(|d| vec![d.date.clone(), count(d.succeeded), count(d.failed), count(d.lockouts)]).collect(),
        },
    ];
    let tiles =
        vec![tile("Sign-ins", count(s.succeeded)), tile("Success rate", percent(s.success_rate)), tile("Lockouts", count(s.lockouts))];
    let csv = format!("/api/v1/analytics/signin?from={}&to={}&format=csv", s.from, s.to);
    page(&caller, "signin", "Sign-in", &range, csv, tiles, charts, Value::UNDEFINED)
}

/// `GET /analytics/revenue` (admins): revenue by plan and month, subscribers now.
pub async fn revenue(State(state): State<AppState>, viewer: Viewer, Query(q): Query<RangeQuery>) -> PageResult {
    let (caller, range) = setup(viewer, &q)?;
    let r = operations::revenue(&state, &caller).await?;
    let money = |minor: i64, currency: &str| crate::domain::plan::format_price(minor, currency);
    let mut months: Vec<String> = r.months.iter().map(|m| m.month.clone()).collect();
    months.sort();
    months.dedup();
    let plans: Vec<String> = {
        let mut p: Vec<String> = r.months.iter().map(|m| m.plan.clone()).collect();
        p.sort();
        p.dedup();
        p
    };
    let series: Vec<(String, Vec<Option<f64>>)> = plans
        .iter()
        .map(|plan| {
            let values = months
                .iter()
                .map(|month| {
                    Some(r.months.iter().filter(|m| &m.month == month && &m.plan == plan).map(|m| m.amount_minor as f64 / 100.0).sum())
                })
                .collect();
            (plan.clone(), values)
        })
        .collect();
    let series_refs: Vec<(&str, Vec<Option<f64>>)> = series.iter().map(|(n, v)| (n.as_str(), v.clone())).collect();
    let charts = vec![
        Chart {
            title: "Revenue by plan and month".into(),
            svg: charts::lines("Revenue by plan and month", &months, &series_refs),
            headers: vec!["month", "plan", "revenue", "payments"],
            rows: r
                .months
                .iter()
                .map(|m| vec![m.month.clone(), m.plan.clone(), money(m.amount_minor, &m.currency), count(m.payments)])
                .collect(),
        },
        Chart {
            title: "Subscribers now".into(),
            svg: charts::bars("Subscribers by plan", &r.subscribers.iter().map(|(p, n)| (p.clone(), *n as f64)).collect::<Vec<_>>()),
            headers: vec!["plan", "subscribers"],
            rows: r.subscribers.iter().map(|(p, n)| vec![p.clone(), count(*n)]).collect(),
        },
    ];
    let tiles = vec![tile("Subscribers", count(r.subscribers.iter().map(|(_, n)| n).sum()))];
    page(&caller, "revenue", "Revenue", &range, "/api/v1/analytics/revenue?format=csv".into(), tiles, charts, Value::UNDEFINED)
}

/// `GET /analytics/videos/{id}`: one item's engagement and quality.
pub async fn video(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>, Query(q): Query<RangeQuery>) -> PageResult {
    let (caller, range) = setup(viewer, &q)?;
    let v = report::video(&state, &caller, &id, range).await?;
    let x: Vec<String> = v.days.iter().map(|d| d.date[5..].to_string()).collect();
    let percents: Vec<String> = (0..v.retention.len()).map(|p| format!("{p} %")).collect();
    let charts = vec![
        Chart {
            title: "Retention".into(),
            svg: charts::lines(
                "Share of viewers still watching at each percent of the item, percent",
                &percents,
                &[("viewers", v.retention.iter().map(|r| Some(r * 100.0)).collect())],
            ),
            headers: vec!["where viewers leave", "share of viewers lost"],
            rows: v.drop_offs.iter().map(|d| vec![format!("{} %", d.percent), percent(Some(d.share_lost))]).collect(),
        },
        Chart {
            title: "Views".into(),
            svg: charts::lines("Views per day", &x, &[("views", v.days.iter().map(|d| Some(d.views as f64)).collect())]),
            headers: vec!["date", "views", "sessions", "watch hours", "startup p50", "rebuffering", "errors"],
            rows: v
                .days
                .iter()
                .map(|d| {
                    vec![
                        d.date.clone(),
                        count(d.views),
                        count(d.sessions),
                        hours(d.watch_hours),
                        ms(d.startup_ms_p50),
                        percent(d.rebuffer_ratio),
                        percent(d.error_rate),
                    ]
                })
                .collect(),
        },
        rendition_chart(&v.renditions),
    ];
    let tiles = vec![
        tile("Views", count(v.views)),
        tile("Watch hours", hours(v.watch_hours)),
        tile("Average watched", v.average_percent_watched.map_or_else(|| "—".into(), |p| format!("{p:.0} %"))),
        tile("Startup p50", ms(v.startup_ms_p50)),
        tile("Startup p95", ms(v.startup_ms_p95)),
        tile("Rebuffering", percent(v.rebuffer_ratio)),
        tile("Error rate", percent(v.error_rate)),
    ];
    let csv = format!("/api/v1/analytics/videos/{}?from={}&to={}&format=csv", v.video_id, v.from, v.to);
    let extra = context! { video_id => v.video_id, title => v.title };
    page(&caller, "video", &v.title, &range, csv, tiles, charts, extra)
}
