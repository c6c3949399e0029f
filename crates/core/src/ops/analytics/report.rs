//! Reading the aggregates back as figures people look at: an item's engagement and quality
//! over a range of days.

use serde::Serialize;

use crate::auth::{Caller, Scope};
use crate::platform::problem::{self, Problem};
use crate::platform::Context;
use reel_base::db::playback::{self, VideoDay};
use reel_base::domain::now_ms;
use reel_base::domain::qoe::{date_of_day, day_from_date, startup_quantile, RETENTION_BUCKETS, STARTUP_BUCKETS_MS};

/// The longest range one report covers, in days.
const MAX_DAYS: i64 = 400;
/// The range when none is asked for: the last four weeks.
const DEFAULT_DAYS: i64 = 28;

/// A range of UTC days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayRange {
    /// The first day.
    pub from: i64,
    /// The last day.
    pub to: i64,
}

impl DayRange {
    /// The range `from`..=`to` given as `YYYY-MM-DD` (either may be left out: `to` is today,
    /// `from` four weeks before `to`). A bad date, a reversed range or one over 400 days is a
    /// 400 `invalid-range`.
    pub fn parse(from: Option<&str>, to: Option<&str>) -> problem::Result<Self> {
        let bad = |m: &str| Problem::bad_request("invalid-range", m.to_string());
        let day = |s: &str| day_from_date(s.trim()).ok_or_else(|| bad("dates are YYYY-MM-DD"));
        let to = match to.filter(|s| !s.trim().is_empty()) {
            Some(s) => day(s)?,
            None => super::beacons::day_of(now_ms()),
        };
        let from = match from.filter(|s| !s.trim().is_empty()) {
            Some(s) => day(s)?,
            None => to - (DEFAULT_DAYS - 1),
        };
        if from > to {
            return Err(bad("from is after to"));
        }
        if to - from + 1 > MAX_DAYS {
            return Err(bad("a range is at most 400 days"));
        }
        Ok(Self { from, to })
    }

    /// Every day of the range, as dates.
    pub fn dates(&self) -> impl Iterator<Item = (i64, String)> {
        (self.from..=self.to).map(|d| (d, date_of_day(d)))
    }
}

/// One day of an item's figures.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DayFigures {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Views counted.
    pub views: i64,
    /// Playback sessions begun.
    pub sessions: i64,
    /// Hours played.
    pub watch_hours: f64,
    /// Median time from play to the first frame, ms.
    pub startup_ms_p50: Option<u64>,
    /// 95th percentile of it.
    pub startup_ms_p95: Option<u64>,
    /// Time stalled over time stalled and played.
    pub rebuffer_ratio: Option<f64>,
    /// Sessions with an error over sessions.
    pub error_rate: Option<f64>,
}

/// One rendition's share and quality.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RenditionFigures {
    /// Its name.
    pub name: String,
    /// Its share of the time played.
    pub watch_share: f64,
    /// Average bitrate while it played, kbit/s.
    pub average_kbps: f64,
    /// Time stalled there over time stalled and played there.
    pub rebuffer_ratio: f64,
}

/// Where viewers leave: a percent of the duration and the share of sessions lost right there.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DropOff {
    /// The percent of the duration.
    pub percent: usize,
    /// Sessions that played the percent before it but not this one, over all sessions.
    pub share_lost: f64,
}

/// An item's engagement and quality over a range of days.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VideoReport {
    /// The item.
    pub video_id: String,
    /// Its title.
    pub title: String,
    /// The first day, `YYYY-MM-DD`.
    pub from: String,
    /// The last day.
    pub to: String,
    /// Views counted (a session that played `analytics.view_after_secs`).
    pub views: i64,
    /// Playback sessions begun.
    pub sessions: i64,
    /// Hours played.
    pub watch_hours: f64,
    /// The average share of the duration a session played, in percent.
    pub average_percent_watched: Option<f64>,
    /// Median time from play to the first frame, ms.
    pub startup_ms_p50: Option<u64>,
    /// 95th percentile of it.
    pub startup_ms_p95: Option<u64>,
    /// Time stalled over time stalled and played.
    pub rebuffer_ratio: Option<f64>,
    /// Sessions with an error over sessions.
    pub error_rate: Option<f64>,
    /// For each percent of the duration, the share of sessions that played it.
    pub retention: Vec<f64>,
    /// The three places the most viewers leave, biggest first.
    pub drop_offs: Vec<DropOff>,
    /// By rendition, most played first.
    pub renditions: Vec<RenditionFigures>,
    /// Each day of the range.
    pub days: Vec<DayFigures>,
}

/// `part / whole`, when there is a whole.
pub(super) fn ratio(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// Milliseconds as hours.
pub(super) fn hours(ms: i64) -> f64 {
    ms as f64 / 3_600_000.0
}

/// A rendition's figures from its totals; `played` is the time played at every rendition.
pub(super) fn rendition_figures(name: String, watch_ms: i64, rebuffer_ms: i64, kbps_ms: f64, played: i64) -> RenditionFigures {
    RenditionFigures {
        name,
        watch_share: ratio(watch_ms, played).unwrap_or(0.0),
        average_kbps: if watch_ms > 0 { kbps_ms / watch_ms as f64 } else { 0.0 },
        rebuffer_ratio: ratio(rebuffer_ms, rebuffer_ms + watch_ms).unwrap_or(0.0),
    }
}

/// The quality figures of a set of days summed.
struct Summed {
    sessions: i64,
    views: i64,
    watch_ms: i64,
    rebuffer_ms: i64,
    error_sessions: i64,
    startup: Vec<u64>,
    retention: Vec<u64>,
}

fn sum<'a>(days: impl Iterator<Item = &'a VideoDay>) -> Summed {
    let mut s = Summed {
        sessions: 0,
        views: 0,
        watch_ms: 0,
        rebuffer_ms: 0,
        error_sessions: 0,
        startup: vec![0; STARTUP_BUCKETS_MS.len()],
        retention: vec![0; RETENTION_BUCKETS],
    };
    for d in days {
        s.sessions += d.sessions;
        s.views += d.views;
        s.watch_ms += d.watch_ms;
        s.rebuffer_ms += d.rebuffer_ms;
        s.error_sessions += d.error_sessions;
        for (total, n) in s.startup.iter_mut().zip(playback::counts(&d.startup_hist, STARTUP_BUCKETS_MS.len())) {
            *total += n;
        }
        for (total, n) in s.retention.iter_mut().zip(playback::counts(&d.retention, RETENTION_BUCKETS)) {
            *total += n;
        }
    }
    s
}

/// The figures of item `id` over `range`, for its owner or an admin (anyone else: 404, as for
/// an item they may not manage).
#[tracing::instrument(skip_all, fields(item = %id))]
pub async fn video(ctx: &Context, caller: &Caller, id: &str, range: DayRange) -> problem::Result<VideoReport> {
    caller.require(Scope::Read)?;
    let video = crate::library::videos::managed(ctx, caller, id).await?;
    let days = playback::video_days(&ctx.db, video.id, range.from, range.to).await?;
    let renditions = playback::rendition_totals(&ctx.db, video.id, range.from, range.to).await?;
    let all = sum(days.iter());
    let retention: Vec<f64> = all.retention.iter().map(|&n| ratio(n as i64, all.sessions).unwrap_or(0.0)).collect();
    let mut drop_offs: Vec<DropOff> = retention
        .windows(2)
        .enumerate()
        .map(|(i, w)| DropOff { percent: i + 1, share_lost: (w[0] - w[1]).max(0.0) })
        .filter(|d| d.share_lost > 0.0)
        .collect();
    drop_offs.sort_by(|a, b| b.share_lost.total_cmp(&a.share_lost).then(a.percent.cmp(&b.percent)));
    drop_offs.truncate(3);
    let played: i64 = renditions.iter().map(|r| r.watch_ms).sum();
    Ok(VideoReport {
        video_id: video.id.to_string(),
        title: video.title.to_string(),
        from: date_of_day(range.from),
        to: date_of_day(range.to),
        views: all.views,
        sessions: all.sessions,
        watch_hours: hours(all.watch_ms),
        average_percent_watched: ratio(all.retention.iter().sum::<u64>() as i64, all.sessions),
        startup_ms_p50: startup_quantile(&all.startup, 0.5),
        startup_ms_p95: startup_quantile(&all.startup, 0.95),
        rebuffer_ratio: ratio(all.rebuffer_ms, all.rebuffer_ms + all.watch_ms),
        error_rate: ratio(all.error_sessions, all.sessions),
        retention,
        drop_offs,
        renditions: renditions
            .iter()
            .map(|r| rendition_figures(r.rendition.clone(), r.watch_ms, r.rebuffer_ms, r.kbps_ms, played))
            .collect(),
        days: range
            .dates()
            .map(|(day, date)| {
                let s = sum(days.iter().filter(|d| d.day == day));
                DayFigures {
                    date,
                    views: s.views,
                    sessions: s.sessions,
                    watch_hours: hours(s.watch_ms),
                    startup_ms_p50: startup_quantile(&s.startup, 0.5),
                    startup_ms_p95: startup_quantile(&s.startup, 0.95),
                    rebuffer_ratio: ratio(s.rebuffer_ms, s.rebuffer_ms + s.watch_ms),
                    error_rate: ratio(s.error_sessions, s.sessions),
                }
            })
            .collect(),
    })
}
