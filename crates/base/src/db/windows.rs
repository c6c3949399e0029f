//! The items whose window is about to open or close: the "coming soon" and "leaving soon"
//! rows, each only what the audience may see (its visibility, its country, a kids profile's
//! cap), soonest first.

use super::listing::{audience_condition, country_condition, rating_condition, Audience, Conditions, Param};
use super::videos::{VideoRecord, COLUMNS};
use super::Db;

/// Which edge of their window the items are near.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Soon {
    /// Not yet available; it opens within the horizon.
    Coming,
    /// Available now; it closes within the horizon.
    Leaving,
}

/// At most `limit` watchable items `audience` may see whose window opens (`Coming`) or closes
/// (`Leaving`) after `now` and by `horizon` (ms), soonest first. An owner's own item is no
/// exception here: the rows show what viewers will see come and go.
pub async fn soon(db: &Db, audience: Audience, which: Soon, now: i64, horizon: i64, limit: u32) -> sqlx::Result<Vec<VideoRecord>> {
    let mut c = Conditions::default();
    audience_condition(&mut c, audience, "videos");
    c.push("videos.status IN ('playable', 'ready') AND videos.taken_down_at IS NULL".into());
    let here = country_condition(&mut c, audience, "videos");
    c.push(here);
    rating_condition(&mut c, audience, "videos");
    let (now, horizon) = (c.param(Param::Int(now)), c.param(Param::Int(horizon)));
    let edge = match which {
        Soon::Coming => {
            c.push(format!(
                "videos.available_from > {now} AND videos.available_from <= {horizon} \
                 AND (videos.available_until IS NULL OR videos.available_until > videos.available_from)"
            ));
            "available_from"
        }
        Soon::Leaving => {
            c.push(format!(
                "(videos.available_from IS NULL OR videos.available_from <= {now}) \
                 AND videos.available_until > {now} AND videos.available_until <= {horizon}"
            ));
            "available_until"
        }
    };
    let limit = c.param(Param::Int(i64::from(limit)));
    let sql = format!("SELECT {COLUMNS} FROM videos WHERE {} ORDER BY videos.{edge}, videos.id LIMIT {limit}", c.all());
    c.bind(sqlx::query_as(&sql)).fetch_all(db.pool()).await
}
