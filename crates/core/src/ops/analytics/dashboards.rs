//! The audience figures of the analytics pages and `GET /api/v1/analytics/…`: overview, most
//! watched and quality. Admins see every item; a creator sees their own items only. (The
//! installation's own figures, for admins, are in `operations.rs`.)

use std::collections::BTreeMap;

use serde::Serialize;

use crate::auth::{Caller, Scope};
use crate::platform::problem::{self, Problem};
use crate::platform::Context;
use reel_base::db::analytics::{self as rows, RankBy};
use reel_base::db::playback;
use reel_base::domain::qoe::{startup_quantile, STARTUP_BUCKETS_MS};
use reel_base::domain::{Role, UserId, VideoId};

use super::beacons::day_of;
use super::report::{hours, ratio, rendition_figures, DayRange, RenditionFigures};

const DAY_MS: i64 = 24 * 3600 * 1000;

/// Whose items the caller's figures cover: every item for an admin, their own for a creator.
pub fn scope(caller: &Caller) -> problem::Result<Option<UserId>> {
    caller.require(Scope::Read)?;
    match caller.role {
        Role::Admin if caller.has(Scope::Admin) => Ok(None),
        Role::Admin | Role::Creator => Ok(Some(caller.user_id)),
        Role::Moderator | Role::Viewer => Err(Problem::forbidden("analytics are for creators and admins")),
    }
}

/// One day of the overview.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OverviewDay {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Views counted.
    pub views: i64,
    /// Hours played.
    pub watch_hours: f64,
    /// Playback sessions begun.
    pub sessions: i64,
    /// Distinct viewers who played something.
    pub active_viewers: i64,
    /// Items uploaded.
    pub uploads: i64,
    /// Bytes of the originals of the items there were at the day's end (of those still kept).
    pub stored_bytes: i64,
}

/// The overview over a range.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Overview {
    /// The first day.
    pub from: String,
    /// The last day.
    pub to: String,
    /// Views counted in the range.
    pub views: i64,
    /// Hours played in the range.
    pub watch_hours: f64,
    /// Sessions begun in the range.
    pub sessions: i64,
    /// Items uploaded in the range.
    pub uploads: i64,
    /// Distinct viewers on the range's last day, its last 7 days and its last 30 days.
    pub daily_active_viewers: i64,
    /// Over the last 7 days of the range.
    pub weekly_active_viewers: i64,
    /// Over the last 30 days of the range.
    pub monthly_active_viewers: i64,
    /// Bytes of originals kept at the range's end.
    pub stored_bytes: i64,
    /// Each day.
    pub days: Vec<OverviewDay>,
}

/// Views, time played, active viewers, uploads and stored bytes over `range`.
pub async fn overview(ctx: &Context, caller: &Caller, range: DayRange) -> problem::Result<Overview> {
    let owner = scope(caller)?;
    let db = &ctx.db;
    let day_rows = rows::day_rows(db, owner, range.from, range.to).await?;
    let active: BTreeMap<i64, i64> = rows::active_viewers_by_day(db, owner, range.from, range.to).await?.into_iter().collect();
    let end_ms = (range.to + 1) * DAY_MS;
    let items = rows::uploads(db, owner, 0, end_ms).await?;
    let mut days = Vec::new();
    let mut stored = items.iter().filter(|(at, _)| day_of(*at) < range.from).map(|(_, b)| *b).sum::<i64>();
    for (day, date) in range.dates() {
        let today: Vec<_> = day_rows.iter().filter(|r| r.day == day).collect();
        let uploaded: Vec<_> = items.iter().filter(|(at, _)| day_of(*at) == day).collect();
        stored += uploaded.iter().map(|(_, b)| *b).sum::<i64>();
        days.push(OverviewDay {
            date,
            views: today.iter().map(|r| r.views).sum(),
            watch_hours: hours(today.iter().map(|r| r.watch_ms).sum()),
            sessions: today.iter().map(|r| r.sessions).sum(),
            active_viewers: active.get(&day).copied().unwrap_or(0),
            uploads: uploaded.len() as i64,
            stored_bytes: stored,
        });
    }
    Ok(Overview {
        from: reel_base::domain::qoe::date_of_day(range.from),
        to: reel_base::domain::qoe::date_of_day(range.to),
        views: days.iter().map(|d| d.views).sum(),
        watch_hours: days.iter().map(|d| d.watch_hours).sum(),
        sessions: days.iter().map(|d| d.sessions).sum(),
        uploads: days.iter().map(|d| d.uploads).sum(),
        daily_active_viewers: rows::active_viewers(db, owner, range.to, range.to).await?,
        weekly_active_viewers: rows::active_viewers(db, owner, range.to - 6, range.to).await?,
        monthly_active_viewers: rows::active_viewers(db, owner, range.to - 29, range.to).await?,
        stored_bytes: stored,
        days,
    })
}

/// One item or channel among the most watched.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TopEntry {
    /// The item's id, or the channel's handle.
    pub id: String,
    /// The item's title, or the channel's name.
    pub name: String,
    /// The item's channel (handle), for items.
    pub channel: Option<String>,
    /// Views counted.
    pub views: i64,
    /// Hours played.
    pub watch_hours: f64,
}

/// The most watched items and channels.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Top {
    /// The first day.
    pub from: String,
    /// The last day.
    pub to: String,
    /// `views` or `watch_time`.
    pub by: &'static str,
    /// Items, most first.
    pub items: Vec<TopEntry>,
    /// Channels, most first.
    pub channels: Vec<TopEntry>,
}

/// The `limit` most watched items and channels over `range`, by views or time played.
pub async fn top(ctx: &Context, caller: &Caller, range: DayRange, by: Option<&str>, limit: u32) -> problem::Result<Top> {
    let owner = scope(caller)?;
    let (by, name) = match by.unwrap_or("views") {
        "views" => (RankBy::Views, "views"),
        "watch_time" => (RankBy::WatchTime, "watch_time"),
        _ => return Err(Problem::bad_request("invalid-ranking", "by is views or watch_time")),
    };
    let limit = limit.clamp(1, 100);
    let items = rows::top_items(&ctx.db, owner, range.from, range.to, by, limit).await?;
    let ids: Vec<VideoId> = items.iter().filter_map(|r| r.id.parse().ok()).collect();
    let titles = rows::titles(&ctx.db, &ids).await?;
    let channels = rows::top_channels(&ctx.db, owner, range.from, range.to, by, limit).await?;
    let owners: Vec<UserId> = titles.iter().filter_map(|(_, _, o)| *o).chain(channels.iter().filter_map(|c| c.id.parse().ok())).collect();
    let accounts = reel_base::db::users::by_ids(&ctx.db, &owners).await?;
    let account = |id: Option<UserId>| accounts.iter().find(|a| Some(a.id) == id);
    Ok(Top {
        from: reel_base::domain::qoe::date_of_day(range.from),
        to: reel_base::domain::qoe::date_of_day(range.to),
        by: name,
        items: items
            .iter()
            .filter_map(|r| {
                let (id, title, owner) = titles.iter().find(|(id, _, _)| id.to_string() == r.id)?;
                Some(TopEntry {
                    id: id.to_string(),
                    name: title.clone(),
                    channel: account(*owner).map(|a| a.channel.clone()),
                    views: r.views,
                    watch_hours: hours(r.watch_ms),
                })
            })
            .collect(),
        channels: channels
            .iter()
            .filter_map(|r| {
                let a = account(r.id.parse().ok())?;
                Some(TopEntry {
                    id: a.channel.clone(),
                    name: a.display_name.clone(),
                    channel: None,
                    views: r.views,
                    watch_hours: hours(r.watch_ms),
                })
            })
            .collect(),
    })
}

/// One day of quality.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct QoeDay {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Sessions begun.
    pub sessions: i64,
    /// Median startup, ms.
    pub startup_ms_p50: Option<u64>,
    /// 95th percentile startup, ms.
    pub startup_ms_p95: Option<u64>,
    /// Time stalled over time stalled and played.
    pub rebuffer_ratio: Option<f64>,
    /// Sessions with an error over sessions.
    pub error_rate: Option<f64>,
}

/// Player-side quality over a range.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Qoe {
    /// The first day.
    pub from: String,
    /// The last day.
    pub to: String,
    /// Sessions begun.
    pub sessions: i64,
    /// Median startup, ms.
    pub startup_ms_p50: Option<u64>,
    /// 95th percentile startup, ms.
    pub startup_ms_p95: Option<u64>,
    /// Time stalled over time stalled and played.
    pub rebuffer_ratio: Option<f64>,
    /// Sessions with an error over sessions.
    pub error_rate: Option<f64>,
    /// By rendition, most played first.
    pub renditions: Vec<RenditionFigures>,
    /// Each day.
    pub days: Vec<QoeDay>,
}

/// Startup, stalls and errors over `range`, by day and by rendition.
pub async fn qoe(ctx: &Context, caller: &Caller, range: DayRange) -> problem::Result<Qoe> {
    let owner = scope(caller)?;
    let day_rows = rows::day_rows(&ctx.db, owner, range.from, range.to).await?;
    let figures = |subset: &[&rows::DayRow]| {
        let mut hist = vec![0u64; STARTUP_BUCKETS_MS.len()];
        for r in subset {
            for (total, n) in hist.iter_mut().zip(playback::counts(&r.startup_hist, STARTUP_BUCKETS_MS.len())) {
                *total += n;
            }
        }
        let sessions: i64 = subset.iter().map(|r| r.sessions).sum();
        let (stalled, played): (i64, i64) = (subset.iter().map(|r| r.rebuffer_ms).sum(), subset.iter().map(|r| r.watch_ms).sum());
        (
            sessions,
            startup_quantile(&hist, 0.5),
            startup_quantile(&hist, 0.95),
            ratio(stalled, stalled + played),
            ratio(subset.iter().map(|r| r.error_sessions).sum(), sessions),
        )
    };
    let all: Vec<&rows::DayRow> = day_rows.iter().collect();
    let (sessions, p50, p95, rebuffer_ratio, error_rate) = figures(&all);
    let renditions = rows::renditions(&ctx.db, owner, range.from, range.to).await?;
    let played: i64 = renditions.iter().map(|r| r.1).sum();
    Ok(Qoe {
        from: reel_base::domain::qoe::date_of_day(range.from),
        to: reel_base::domain::qoe::date_of_day(range.to),
        sessions,
        startup_ms_p50: p50,
        startup_ms_p95: p95,
        rebuffer_ratio,
        error_rate,
        renditions: renditions
            .into_iter()
            .map(|(name, watch_ms, rebuffer_ms, kbps_ms)| rendition_figures(name, watch_ms, rebuffer_ms, kbps_ms, played))
            .collect(),
        days: range
            .dates()
            .map(|(day, date)| {
                let subset: Vec<&rows::DayRow> = day_rows.iter().filter(|r| r.day == day).collect();
                let (sessions, p50, p95, rebuffer_ratio, error_rate) = figures(&subset);
                QoeDay { date, sessions, startup_ms_p50: p50, startup_ms_p95: p95, rebuffer_ratio, error_rate }
            })
            .collect(),
    })
}
