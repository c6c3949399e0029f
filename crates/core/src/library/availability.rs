//! When and where an item may be watched, as its owner sets it: the edit of `available_from`,
//! `available_until` and `countries` (country rules only with a country database), what a
//! viewer outside them is told, the "coming soon" and "leaving soon" rows, and the job that
//! runs at each edge of a window, so listings change on time in every process and a
//! scheduled item's subscribers hear of it when it goes live.

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

use crate::library::catalogue::nullable;

use crate::library::announce;
use crate::platform::jobs::{Job, JobError, Lane};
use crate::platform::metadata_cache::Change;
use crate::platform::problem::{self, Problem};
use crate::platform::Context;
pub use reel_base::db::videos::Soon;
use reel_base::db::videos::{self, Audience, VideoRecord};
use reel_base::domain::availability::{Absence, Availability, CountryRule};
use reel_base::domain::{parse_rfc3339, rfc3339, VideoId};

/// How far ahead the "coming soon" and "leaving soon" rows look.
pub const SOON_MS: i64 = 30 * 86_400_000;

/// The latest time a window may name: the year 9999, as far as RFC 3339 writes.
const LATEST_MS: i64 = 253_402_300_799_999;

/// A change to an item's window and countries. An absent field stays as it is; `null` lifts
/// the limit.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, utoipa::ToSchema)]
pub struct AvailabilityEdit {
    /// From when it may be watched (RFC 3339); before then it is absent, and its page says
    /// when it comes.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub available_from: Option<Option<String>>,
    /// Until when it may be watched (RFC 3339); from then on it is absent, and its page says
    /// it left.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub available_until: Option<Option<String>>,
    /// Where: `{"allow": ["FR", …]}` or `{"deny": […]}` (ISO 3166-1 codes, at most 250); needs
    /// a country database (`[geo] database`).
    #[serde(default, deserialize_with = "nullable")]
    pub countries: Option<Option<CountryRule>>,
}

impl AvailabilityEdit {
    /// Whether it changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// `current` with this edit applied and checked: times that do not read, a window that
    /// ends before it starts, a bad country list, or a country rule where there is no country
    /// database to apply it are a 400, and nothing is changed.
    pub fn apply(&self, ctx: &Context, current: &Availability) -> problem::Result<Availability> {
        let mut next = current.clone();
        let time = |field: &str, text: &Option<String>| -> problem::Result<Option<i64>> {
            let Some(text) = text.as_deref().map(str::trim) else { return Ok(None) };
            parse_rfc3339(text).filter(|ms| (0..=LATEST_MS).contains(ms)).map(Some).ok_or_else(|| {
                Problem::bad_request("invalid-availability", format!("{field}: not an RFC 3339 time (such as 2027-01-31T20:00:00Z)"))
            })
        };
        if let Some(from) = &self.available_from {
            next.from = time("available_from", from)?;
        }
        if let Some(until) = &self.available_until {
            next.until = time("available_until", until)?;
        }
        if let Some(rule) = &self.countries {
            next.countries = match rule.clone() {
                Some(_) if !ctx.geo.is_on() => {
                    return Err(Problem::bad_request(
                        "no-geo-database",
                        "an item can be limited to some countries only where the operator gave a country database ([geo] database)",
                    ))
                }
                Some(rule) => Some(rule.normalised().map_err(|e| Problem::bad_request("invalid-availability", format!("countries: {e}")))?),
                None => None,
            };
        }
        next.check().map_err(|e| Problem::bad_request("invalid-availability", e))?;
        Ok(next)
    }
}

/// What a viewer who could otherwise see an item is told when it is outside its window or
/// their country.
pub fn absent(absence: Absence) -> Problem {
    use http::StatusCode;
    match absence {
        Absence::NotYet(from) => {
            Problem::new(StatusCode::NOT_FOUND, "not-yet-available", format!("this item is available from {}", rfc3339(from)))
        }
        Absence::Left(until) => Problem::new(StatusCode::GONE, "no-longer-available", format!("this item left on {}", rfc3339(until))),
        Absence::NotHere => Problem::new(StatusCode::FORBIDDEN, "not-available-here", "this item is not available in your country"),
    }
}

/// Queues the job of each edge of `availability` still to come, so that listings change and
/// subscribers hear when the item goes live; an edge already queued is not queued again.
pub async fn schedule(ctx: &Context, id: VideoId, availability: &Availability) -> sqlx::Result<()> {
    let now = ctx.clock().now_ms();
    for at in [availability.from, availability.until].into_iter().flatten().filter(|at| *at > now) {
        ctx.queue.enqueue_at(&WindowEdge { video_id: id, at }, at).await?;
    }
    Ok(())
}

/// Items `audience` may see whose window opens (`Soon::Coming`: the "coming soon" row, shown
/// with their date though they cannot be played yet) or closes (`Soon::Leaving`: "leaving
/// soon") within [`SOON_MS`], soonest first.
pub async fn soon(ctx: &Context, audience: Audience, which: Soon, limit: u32) -> problem::Result<Vec<VideoRecord>> {
    let now = ctx.clock().now_ms();
    Ok(videos::soon(&ctx.db, audience, which, now, now.saturating_add(SOON_MS), limit).await?)
}

/// An edge of an item's window came: listings everywhere choose again, and when it is the
/// window's opening its channel's subscribers are told.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WindowEdge {
    /// The item.
    pub video_id: VideoId,
    /// When the edge is (ms): the item's `available_from` or `available_until` when queued.
    pub at: i64,
}

impl Job for WindowEdge {
    const NAME: &'static str = "window_edge";
    const LANE: Lane = Lane::Light;

    fn dedupe_key(&self) -> String {
        Self::key(format_args!("{}:{}", self.video_id, self.at))
    }

    fn item(&self) -> Option<VideoId> {
        Some(self.video_id)
    }

    async fn run(self, ctx: &Context) -> Result<(), JobError> {
        let Some(video) = videos::get(&ctx.db, self.video_id).await.context("reading the item")? else { return Ok(()) };
        // Which items listings select changed now, in this process and every other.
        ctx.shared.announce(Change::Listed(video.id)).await;
        // An edge the owner moved since is left to the job queued for where it is now.
        if video.availability.from == Some(self.at) {
            announce::announce(&ctx.queue, video.id, &announce::live(self.at)).await;
        }
        Ok(())
    }
}
