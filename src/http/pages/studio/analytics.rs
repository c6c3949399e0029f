//! The analytics pages: overview, most watched, quality, and for admins pipeline, sign-in and
//! revenue; and one item's engagement. Each shows a range picker, figures at a glance, charts
//! drawn on the server (`charts.rs`) with their numbers in a table beside them, and a CSV link
//! to the same figures from `GET /api/v1/analytics/…`.

use axum::extract::{Path, Query, State};
use minijinja::{context, Value};
use serde::{Deserialize, Serialize};

use crate::state::AppState;
use reel_core::auth::Caller;
use reel_core::ops::analytics::report::{self, DayRange, RenditionFigures};
use reel_core::ops::analytics::{dashboards, operations};

use crate::http::pages::charts::{self, figure, local_digits};
use crate::http::pages::frame::format;
use crate::http::pages::frame::layout::PageInfo;
use crate::http::pages::frame::page_error::{PageError, PageResult};
use crate::http::pages::frame::shell;
use crate::http::pages::frame::templates::{render, t};
use crate::http::pages::frame::viewer::Viewer;

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
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

/// A figure at a glance.
#[derive(Debug, Serialize)]
struct Tile {
    label: String,
    value: String,
}

fn tile(label: String, value: String) -> Tile {
    Tile { label, value }
}

/// A share (0–1) as a percent with one decimal: `12.5 %`.
fn percent(v: Option<f64>) -> String {
    v.map_or_else(|| "—".into(), |v| t("percent", &[("n", figure(v * 100.0, 1).into())]))
}

fn ms(v: Option<u64>) -> String {
    v.map_or_else(|| "—".into(), |v| t("analytics-seconds", &[("n", figure(v as f64 / 1000.0, 1).into())]))
}

fn secs(v: Option<f64>) -> String {
    v.map_or_else(|| "—".into(), duration)
}

fn hours(v: f64) -> String {
    t("analytics-hours", &[("n", figure(v, 1).into())])
}

/// A day (`2026-01-28`) or month as the table shows it, in the language's digits.
fn day(date: &str) -> String {
    local_digits(date)
}

/// A day's `MM-DD`, as the charts label their axis.
fn axis_days<'a>(dates: impl Iterator<Item = &'a String>) -> Vec<String> {
    dates.map(|d| local_digits(d.get(5..).unwrap_or(d))).collect()
}

/// A sign-in code's channel as people read it.
fn code_channel(channel: &str) -> String {
    match channel {
        "email" => t("analytics-channel-email", &[]),
        "sms" => t("analytics-channel-sms", &[]),
        other => other.to_string(),
    }
}

/// Share of time, average bitrate and rebuffering by rendition.
fn rendition_chart(renditions: &[RenditionFigures]) -> Chart {
    Chart {
        title: t("analytics-chart-renditions", &[]),
        svg: charts::bars(
            &t("analytics-chart-renditions.description", &[]),
            &renditions.iter().map(|r| (r.name.clone(), r.watch_share * 100.0)).collect::<Vec<_>>(),
        ),
        headers: vec![
            t("analytics-col-rendition", &[]),
            t("analytics-col-share-of-time", &[]),
            t("analytics-col-average-bitrate", &[]),
            t("analytics-col-rebuffering", &[]),
        ],
        rows: renditions
            .iter()
            .map(|r| {
                vec![
                    r.name.clone(),
                    percent(Some(r.watch_share)),
                    t("analytics-kbps", &[("n", figure(r.average_kbps, 0).into())]),
                    percent(Some(r.rebuffer_ratio)),
                ]
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
    let from = reel_base::domain::qoe::date_of_day(range.from);
    let to = reel_base::domain::qoe::date_of_day(range.to);
    let presets: Vec<Value> = [7, 28, 90, 365]
        .iter()
        .map(|days| context! { days, from => reel_base::domain::qoe::date_of_day(range.to - days + 1), to => to.clone() })
        .collect();
    let page = PageInfo::new(Some(caller), &t("analytics-title", &[("title", title.into())]), "analytics");
    render(
        "analytics.html",
        context! { page, tab, heading => title, from, to, presets, csv, tiles, charts, extra, is_admin => caller.is_admin() },
    )
}

/// `GET /analytics`: views, watch hours, active viewers, uploads and storage over time.
pub async fn overview(State(state): State<AppState>, viewer: Viewer, Query(q): Query<RangeQuery>) -> PageResult {
    let (caller, range) = setup(viewer, &q)?;
    let o = dashboards::overview(&state, &caller, range).await?;
    let x = axis_days(o.days.iter().map(|d| &d.date));
    let rows = |f: &dyn Fn(&dashboards::OverviewDay) -> String| o.days.iter().map(|d| vec![day(&d.date), f(d)]).collect();
    let charts = vec![
        Chart {
            title: t("analytics-chart-views-viewers", &[]),
            svg: charts::lines(
                &t("analytics-chart-views-viewers.description", &[]),
                &x,
                &[
                    (t("analytics-col-views", &[]), o.days.iter().map(|d| Some(d.views as f64)).collect()),
                    (t("analytics-col-active-viewers", &[]), o.days.iter().map(|d| Some(d.active_viewers as f64)).collect()),
                ],
            ),
            headers: vec![t("analytics-col-date", &[]), t("analytics-col-views", &[]), t("analytics-col-active-viewers", &[])],
            rows: o.days.iter().map(|d| vec![day(&d.date), count(d.views), count(d.active_viewers)]).collect(),
        },
        Chart {
            title: t("analytics-chart-watch-hours", &[]),
            svg: charts::lines(
                &t("analytics-chart-watch-hours.description", &[]),
                &x,
                &[(t("analytics-col-watch-hours", &[]), o.days.iter().map(|d| Some(d.watch_hours)).collect())],
            ),
            headers: vec![t("analytics-col-date", &[]), t("analytics-col-watch-hours", &[])],
            rows: rows(&|d| hours(d.watch_hours)),
        },
        Chart {
            title: t("analytics-chart-uploads", &[]),
            svg: charts::lines(
                &t("analytics-chart-uploads.description", &[]),
                &x,
                &[(t("analytics-col-uploads", &[]), o.days.iter().map(|d| Some(d.uploads as f64)).collect())],
            ),
            headers: vec![t("analytics-col-date", &[]), t("analytics-col-uploads", &[])],
            rows: rows(&|d| count(d.uploads)),
        },
        Chart {
            title: t("analytics-chart-stored", &[]),
            svg: charts::lines(
                &t("analytics-chart-stored.description", &[]),
                &x,
                &[(t("analytics-series-bytes", &[]), o.days.iter().map(|d| Some(d.stored_bytes as f64)).collect())],
            ),
            headers: vec![t("analytics-col-date", &[]), t("analytics-col-stored", &[])],
            rows: rows(&|d| bytes(d.stored_bytes)),
        },
    ];
    let tiles = vec![
        tile(t("analytics-tile-views", &[]), count(o.views)),
        tile(t("analytics-tile-watch-hours", &[]), hours(o.watch_hours)),
        tile(t("analytics-tile-active-today", &[]), count(o.daily_active_viewers)),
        tile(t("analytics-tile-last-days", &[("n", 7.into())]), count(o.weekly_active_viewers)),
        tile(t("analytics-tile-last-days", &[("n", 30.into())]), count(o.monthly_active_viewers)),
        tile(t("analytics-tile-uploads", &[]), count(o.uploads)),
        tile(t("analytics-tile-stored", &[]), bytes(o.stored_bytes)),
    ];
    let csv = format!("/api/v1/analytics/overview?from={}&to={}&format=csv", o.from, o.to);
    page(&caller, "overview", &t("analytics-tab-overview", &[]), &range, csv, tiles, charts, Value::UNDEFINED)
}

/// `GET /analytics/top`: the most watched items and channels, by views or watch time.
pub async fn top(State(state): State<AppState>, viewer: Viewer, Query(q): Query<RangeQuery>) -> PageResult {
    let (caller, range) = setup(viewer, &q)?;
    let top = dashboards::top(&state, &caller, range, q.by.as_deref(), 10).await?;
    let value = |e: &dashboards::TopEntry| if top.by == "views" { e.views as f64 } else { e.watch_hours };
    let [items_title, items_description, channels_title, channels_description] = if top.by == "views" {
        [
            t("analytics-chart-items-by-views", &[]),
            t("analytics-chart-items-by-views.description", &[]),
            t("analytics-chart-channels-by-views", &[]),
            t("analytics-chart-channels-by-views.description", &[]),
        ]
    } else {
        [
            t("analytics-chart-items-by-watch-hours", &[]),
            t("analytics-chart-items-by-watch-hours.description", &[]),
            t("analytics-chart-channels-by-watch-hours", &[]),
            t("analytics-chart-channels-by-watch-hours.description", &[]),
        ]
    };
    let charts = vec![
        Chart {
            title: items_title,
            svg: charts::bars(&items_description, &top.items.iter().map(|e| (e.name.clone(), value(e))).collect::<Vec<_>>()),
            headers: vec![
                t("analytics-col-item", &[]),
                t("analytics-col-channel", &[]),
                t("analytics-col-views", &[]),
                t("analytics-col-watch-hours", &[]),
            ],
            rows: top
                .items
                .iter()
                .map(|e| vec![e.name.clone(), e.channel.clone().unwrap_or_default(), count(e.views), hours(e.watch_hours)])
                .collect(),
        },
        Chart {
            title: channels_title,
            svg: charts::bars(&channels_description, &top.channels.iter().map(|e| (e.name.clone(), value(e))).collect::<Vec<_>>()),
            headers: vec![
                t("analytics-col-channel", &[]),
                t("analytics-col-handle", &[]),
                t("analytics-col-views", &[]),
                t("analytics-col-watch-hours", &[]),
            ],
            rows: top.channels.iter().map(|e| vec![e.name.clone(), e.id.clone(), count(e.views), hours(e.watch_hours)]).collect(),
        },
    ];
    let items: Vec<Value> = top.items.iter().map(|e| context! { id => e.id, name => e.name }).collect();
    let csv = format!("/api/v1/analytics/top?from={}&to={}&by={}&format=csv", top.from, top.to, top.by);
    page(&caller, "top", &t("analytics-tab-top", &[]), &range, csv, Vec::new(), charts, context! { by => top.by, items })
}

/// `GET /analytics/quality`: startup, stalls and errors over time and by rendition.
pub async fn quality(State(state): State<AppState>, viewer: Viewer, Query(q): Query<RangeQuery>) -> PageResult {
    let (caller, range) = setup(viewer, &q)?;
    let qoe = dashboards::qoe(&state, &caller, range).await?;
    let x = axis_days(qoe.days.iter().map(|d| &d.date));
    let as_s = |v: Option<u64>| v.map(|v| v as f64 / 1000.0);
    let charts = vec![
        Chart {
            title: t("analytics-chart-startup", &[]),
            svg: charts::lines(
                &t("analytics-chart-startup.description", &[]),
                &x,
                &[
                    (t("analytics-col-p50", &[]), qoe.days.iter().map(|d| as_s(d.startup_ms_p50)).collect()),
                    (t("analytics-col-p95", &[]), qoe.days.iter().map(|d| as_s(d.startup_ms_p95)).collect()),
                ],
            ),
            headers: vec![
                t("analytics-col-date", &[]),
                t("analytics-col-sessions", &[]),
                t("analytics-col-p50", &[]),
                t("analytics-col-p95", &[]),
            ],
            rows: qoe.days.iter().map(|d| vec![day(&d.date), count(d.sessions), ms(d.startup_ms_p50), ms(d.startup_ms_p95)]).collect(),
        },
        Chart {
            title: t("analytics-chart-rebuffering", &[]),
            svg: charts::lines(
                &t("analytics-chart-rebuffering.description", &[]),
                &x,
                &[
                    (t("analytics-col-rebuffering", &[]), qoe.days.iter().map(|d| d.rebuffer_ratio.map(|r| r * 100.0)).collect()),
                    (t("analytics-col-errors", &[]), qoe.days.iter().map(|d| d.error_rate.map(|r| r * 100.0)).collect()),
                ],
            ),
            headers: vec![t("analytics-col-date", &[]), t("analytics-col-rebuffering", &[]), t("analytics-col-error-rate", &[])],
            rows: qoe.days.iter().map(|d| vec![day(&d.date), percent(d.rebuffer_ratio), percent(d.error_rate)]).collect(),
        },
        rendition_chart(&qoe.renditions),
    ];
    let tiles = vec![
        tile(t("analytics-tile-sessions", &[]), count(qoe.sessions)),
        tile(t("analytics-tile-startup-p50", &[]), ms(qoe.startup_ms_p50)),
        tile(t("analytics-tile-startup-p95", &[]), ms(qoe.startup_ms_p95)),
        tile(t("analytics-tile-rebuffering", &[]), percent(qoe.rebuffer_ratio)),
        tile(t("analytics-tile-error-rate", &[]), percent(qoe.error_rate)),
    ];
    let csv = format!("/api/v1/analytics/qoe?from={}&to={}&format=csv", qoe.from, qoe.to);
    page(&caller, "quality", &t("analytics-tab-quality", &[]), &range, csv, tiles, charts, Value::UNDEFINED)
}

/// `GET /analytics/pipeline` (admins): time to playable and ready, failures by reason.
pub async fn pipeline(State(state): State<AppState>, viewer: Viewer, Query(q): Query<RangeQuery>) -> PageResult {
    let (caller, range) = setup(viewer, &q)?;
    let p = operations::pipeline(&state, &caller, range).await?;
    let x = axis_days(p.days.iter().map(|d| &d.date));
    let charts = vec![
        Chart {
            title: t("analytics-chart-processing", &[]),
            svg: charts::lines(
                &t("analytics-chart-processing.description", &[]),
                &x,
                &[
                    (t("analytics-col-playable-p50", &[]), p.days.iter().map(|d| d.playable_s_p50).collect()),
                    (t("analytics-col-ready-p50", &[]), p.days.iter().map(|d| d.ready_s_p50).collect()),
                ],
            ),
            headers: vec![
                t("analytics-col-date", &[]),
                t("analytics-col-uploads", &[]),
                t("analytics-col-playable-p50", &[]),
                t("analytics-col-playable-p95", &[]),
                t("analytics-col-ready-p50", &[]),
                t("analytics-col-ready-p95", &[]),
                t("analytics-col-failed", &[]),
            ],
            rows: p
                .days
                .iter()
                .map(|d| {
                    vec![
                        day(&d.date),
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
            title: t("analytics-chart-failures", &[]),
            svg: charts::bars(
                &t("analytics-chart-failures.description", &[]),
                &p.failures.iter().map(|(r, n)| (failure_reason(r), *n as f64)).collect::<Vec<_>>(),
            ),
            headers: vec![t("analytics-col-reason", &[]), t("analytics-col-items", &[])],
            rows: p.failures.iter().map(|(r, n)| vec![failure_reason(r), count(*n)]).collect(),
        },
    ];
    let tiles = vec![
        tile(t("analytics-tile-uploads", &[]), count(p.uploads)),
        tile(t("analytics-tile-playable-p50", &[]), secs(p.playable_s_p50)),
        tile(t("analytics-tile-playable-p95", &[]), secs(p.playable_s_p95)),
        tile(t("analytics-tile-ready-p50", &[]), secs(p.ready_s_p50)),
        tile(t("analytics-tile-ready-p95", &[]), secs(p.ready_s_p95)),
        tile(t("analytics-tile-failed", &[]), count(p.failures.iter().map(|(_, n)| n).sum())),
    ];
    let csv = format!("/api/v1/analytics/pipeline?from={}&to={}&format=csv", p.from, p.to);
    page(&caller, "pipeline", &t("analytics-tab-pipeline", &[]), &range, csv, tiles, charts, Value::UNDEFINED)
}

/// `GET /analytics/signin` (admins): codes sent and delivered by channel, success, lockouts.
pub async fn signin(State(state): State<AppState>, viewer: Viewer, Query(q): Query<RangeQuery>) -> PageResult {
    let (caller, range) = setup(viewer, &q)?;
    let s = operations::signin(&state, &caller, range).await?;
    let x = axis_days(s.days.iter().map(|d| &d.date));
    let per_channel = |channel: &str, pick: fn(&operations::CodeCounts) -> i64| -> Vec<Option<f64>> {
        s.days.iter().map(|d| Some(d.codes.iter().filter(|c| c.channel == channel).map(pick).sum::<i64>() as f64)).collect()
    };
    let charts = vec![
        Chart {
            title: t("analytics-chart-codes", &[]),
            svg: charts::lines(
                &t("analytics-chart-codes.description", &[]),
                &x,
                &[
                    (t("analytics-series-email-sent", &[]), per_channel("email", |c| c.sent)),
                    (t("analytics-series-sms-sent", &[]), per_channel("sms", |c| c.sent)),
                    (t("analytics-series-sms-delivered", &[]), per_channel("sms", |c| c.delivered)),
                    (
                        t("analytics-col-failed", &[]),
                        s.days.iter().map(|d| Some(d.codes.iter().map(|c| c.failed + c.undelivered).sum::<i64>() as f64)).collect(),
                    ),
                ],
            ),
            headers: vec![
                t("analytics-col-channel", &[]),
                t("analytics-col-requested", &[]),
                t("analytics-col-sent", &[]),
                t("analytics-col-failed", &[]),
                t("analytics-col-delivered", &[]),
                t("analytics-col-undelivered", &[]),
                t("analytics-col-delivery-rate", &[]),
            ],
            rows: s
                .codes
                .iter()
                .map(|c| {
                    vec![
                        code_channel(&c.channel),
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
            title: t("analytics-chart-signins", &[]),
            svg: charts::lines(
                &t("analytics-chart-signins.description", &[]),
                &x,
                &[
                    (t("analytics-col-succeeded", &[]), s.days.iter().map(|d| Some(d.succeeded as f64)).collect()),
                    (t("analytics-col-failed", &[]), s.days.iter().map(|d| Some(d.failed as f64)).collect()),
                    (t("analytics-col-lockouts", &[]), s.days.iter().map(|d| Some(d.lockouts as f64)).collect()),
                ],
            ),
            headers: vec![
                t("analytics-col-date", &[]),
                t("analytics-col-succeeded", &[]),
                t("analytics-col-failed", &[]),
                t("analytics-col-lockouts", &[]),
            ],
            rows: s.days.iter().map(|d| vec![day(&d.date), count(d.succeeded), count(d.failed), count(d.lockouts)]).collect(),
        },
    ];
    let tiles = vec![
        tile(t("analytics-tile-signins", &[]), count(s.succeeded)),
        tile(t("analytics-tile-success-rate", &[]), percent(s.success_rate)),
        tile(t("analytics-tile-lockouts", &[]), count(s.lockouts)),
    ];
    let csv = format!("/api/v1/analytics/signin?from={}&to={}&format=csv", s.from, s.to);
    page(&caller, "signin", &t("analytics-tab-signin", &[]), &range, csv, tiles, charts, Value::UNDEFINED)
}

/// `GET /analytics/revenue` (admins): revenue by plan and month, subscribers now.
pub async fn revenue(State(state): State<AppState>, viewer: Viewer, Query(q): Query<RangeQuery>) -> PageResult {
    let (caller, range) = setup(viewer, &q)?;
    let r = operations::revenue(&state, &caller).await?;
    let money = |minor: i64, currency: &str| {
        t("analytics-money", &[("amount", figure(minor as f64 / 100.0, 2).into()), ("currency", currency.into())])
    };
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
    let axis: Vec<String> = months.iter().map(|m| day(m)).collect();
    let charts = vec![
        Chart {
            title: t("analytics-chart-revenue", &[]),
            svg: charts::lines(&t("analytics-chart-revenue.description", &[]), &axis, &series),
            headers: vec![
                t("analytics-col-month", &[]),
                t("analytics-col-plan", &[]),
                t("analytics-col-revenue", &[]),
                t("analytics-col-payments", &[]),
            ],
            rows: r
                .months
                .iter()
                .map(|m| vec![day(&m.month), m.plan.clone(), money(m.amount_minor, &m.currency), count(m.payments)])
                .collect(),
        },
        Chart {
            title: t("analytics-chart-subscribers", &[]),
            svg: charts::bars(
                &t("analytics-chart-subscribers.description", &[]),
                &r.subscribers.iter().map(|(p, n)| (p.clone(), *n as f64)).collect::<Vec<_>>(),
            ),
            headers: vec![t("analytics-col-plan", &[]), t("analytics-col-subscribers", &[])],
            rows: r.subscribers.iter().map(|(p, n)| vec![p.clone(), count(*n)]).collect(),
        },
    ];
    let tiles = vec![tile(t("analytics-tile-subscribers", &[]), count(r.subscribers.iter().map(|(_, n)| n).sum()))];
    let title = t("analytics-tab-revenue", &[]);
    page(&caller, "revenue", &title, &range, "/api/v1/analytics/revenue?format=csv".into(), tiles, charts, Value::UNDEFINED)
}

/// `GET /analytics/videos/{id}`: one item's engagement and quality.
pub async fn video(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>, Query(q): Query<RangeQuery>) -> PageResult {
    let (caller, range) = setup(viewer, &q)?;
    let v = report::video(&state, &caller, &id, range).await?;
    let x = axis_days(v.days.iter().map(|d| &d.date));
    let whole_percent = |p: usize| t("percent", &[("n", p.into())]);
    let percents: Vec<String> = (0..v.retention.len()).map(whole_percent).collect();
    let charts = vec![
        Chart {
            title: t("analytics-chart-retention", &[]),
            svg: charts::lines(
                &t("analytics-chart-retention.description", &[]),
                &percents,
                &[(t("analytics-series-viewers", &[]), v.retention.iter().map(|r| Some(r * 100.0)).collect())],
            ),
            headers: vec![t("analytics-col-where-viewers-leave", &[]), t("analytics-col-share-lost", &[])],
            rows: v.drop_offs.iter().map(|d| vec![whole_percent(d.percent), percent(Some(d.share_lost))]).collect(),
        },
        Chart {
            title: t("analytics-chart-views", &[]),
            svg: charts::lines(
                &t("analytics-chart-views.description", &[]),
                &x,
                &[(t("analytics-col-views", &[]), v.days.iter().map(|d| Some(d.views as f64)).collect())],
            ),
            headers: vec![
                t("analytics-col-date", &[]),
                t("analytics-col-views", &[]),
                t("analytics-col-sessions", &[]),
                t("analytics-col-watch-hours", &[]),
                t("analytics-col-startup-p50", &[]),
                t("analytics-col-rebuffering", &[]),
                t("analytics-col-errors", &[]),
            ],
            rows: v
                .days
                .iter()
                .map(|d| {
                    vec![
                        day(&d.date),
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
        tile(t("analytics-tile-views", &[]), count(v.views)),
        tile(t("analytics-tile-watch-hours", &[]), hours(v.watch_hours)),
        tile(
            t("analytics-tile-average-watched", &[]),
            v.average_percent_watched.map_or_else(|| "—".into(), |p| t("percent", &[("n", figure(p, 0).into())])),
        ),
        tile(t("analytics-tile-startup-p50", &[]), ms(v.startup_ms_p50)),
        tile(t("analytics-tile-startup-p95", &[]), ms(v.startup_ms_p95)),
        tile(t("analytics-tile-rebuffering", &[]), percent(v.rebuffer_ratio)),
        tile(t("analytics-tile-error-rate", &[]), percent(v.error_rate)),
    ];
    let csv = format!("/api/v1/analytics/videos/{}?from={}&to={}&format=csv", v.video_id, v.from, v.to);
    let extra = context! { video_id => v.video_id, title => v.title };
    page(&caller, "video", &v.title, &range, csv, tiles, charts, extra)
}

/// Why items failed, as recorded; the pipeline's own word for "none" in the page's language.
fn failure_reason(reason: &str) -> String {
    if reason == "no reason recorded" {
        t("analytics-no-reason", &[])
    } else {
        reason.to_string()
    }
}

/// A short count in the page's language.
fn count(n: i64) -> String {
    format::count(shell::lang(), n)
}

/// A size in the page's language.
fn bytes(n: i64) -> String {
    format::bytes(shell::lang(), n)
}

/// A clock duration in the page's language.
fn duration(secs: f64) -> String {
    reel_base::i18n::clock(shell::lang(), secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_english_figures_read_as_they_always_have() {
        assert_eq!(percent(Some(0.12345)), "12.3 %");
        assert_eq!(percent(None), "—");
        assert_eq!(ms(Some(1550)), format!("{:.1} s", 1.55));
        assert_eq!(hours(2.25), format!("{:.1} h", 2.25));
        assert_eq!(axis_days([String::from("2026-01-28")].iter()), vec!["01-28"]);
        assert_eq!((code_channel("sms"), failure_reason("no reason recorded")), ("sms".to_string(), "no reason recorded".to_string()));
    }
}
