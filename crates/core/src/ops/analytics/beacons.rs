//! Player beacons: `POST /api/v1/videos/{id}/beacons` with the playback token the player plays
//! the item with and its session's running totals. Only a valid token for that item is taken;
//! a session's report sooner than `analytics.beacon_min_interval_ms` after its last is dropped
//! (the next one carries its totals, so nothing is lost but the write), and each client address
//! may send `analytics.beacons_per_minute_per_ip` a minute. What a beacon adds goes into the
//! item's day (`db::playback`); a session that has played `analytics.view_after_secs` counts
//! one view (for a signed-in viewer, once per profile and item every six hours, as before).

use sha2::{Digest, Sha256};

use crate::platform::metadata_cache::Change;
use crate::platform::problem::{self, Problem};
use crate::platform::ratelimit::Quota;
use crate::platform::Context;
use reel_base::db::playback::{self, Recorded};
use reel_base::db::watch::{self, Viewer};
use reel_base::domain::qoe::{fold, Beacon};
use reel_base::domain::VideoId;

/// How long a signed-in viewer's views of one item are counted once.
const VIEW_WINDOW_MS: i64 = 6 * 3600 * 1000;
const DAY_MS: i64 = 24 * 3600 * 1000;
/// How long who watched on which day is kept (for active-viewer counts), in days.
const ACTIVE_VIEWER_DAYS: i64 = 400;

/// The UTC day (days since the epoch) of a time in ms.
pub fn day_of(ms: i64) -> i64 {
    ms.div_euclid(DAY_MS)
}

/// Takes one beacon for item `id` from client `ip_bucket`; `session_viewer` is who the request's
/// session cookie says is watching, if anyone. Answers what it added, or `None` when it came too
/// soon after the session's last and was dropped.
pub async fn record(
    ctx: &Context,
    id: &str,
    beacon: &Beacon,
    ip_bucket: &str,
    session_viewer: Option<Viewer>,
) -> problem::Result<Option<Recorded>> {
    let cfg = &ctx.config.analytics;
    let video: VideoId = id.parse().map_err(|_| Problem::not_found("video"))?;
    beacon.check().map_err(|e| Problem::bad_request("invalid-beacon", e.0))?;
    let claims = ctx.signer.verify(&beacon.token, video, reel_base::domain::now_ms() / 1000).map_err(|e| {
        metrics::counter!("reel_playback_denied_total", "reason" => e.to_string()).increment(1);
        Problem::forbidden("the playback token is not valid for this item")
    })?;
    ctx.shared.check_rate(&format!("beacon:{ip_bucket}"), Quota::per_minute(cfg.beacons_per_minute_per_ip)).await?;
    let beacon = &own_renditions(ctx, video, beacon).await?;

    // The session's key: the player's id bound to the item, hashed (the id is the player's own,
    // and keys of other items must not collide with it).
    let key = hex::encode(Sha256::digest(format!("{video}\n{}", beacon.session)));
    let now = ctx.clock().now_ms();
    let min_gap = i64::try_from(cfg.beacon_min_interval_ms).unwrap_or(i64::MAX);
    if let Some(last) = playback::session_updated_at(&ctx.db, &key).await? {
        if now - last < min_gap {
            return Ok(None);
        }
    } else {
        // A new session: a good moment to forget those no player reports on any more.
        let keep = i64::try_from(cfg.session_keep_hours.saturating_mul(3_600_000)).unwrap_or(i64::MAX);
        playback::forget_sessions(&ctx.db, now - keep, day_of(now) - ACTIVE_VIEWER_DAYS).await?;
    }
    // Attributed to the session's profile only when the token is that account's own: a page
    // elsewhere cannot make a signed-in person's history show what its own token played.
    let owner = match (claims.sub.account(), claims.sub.profile()) {
        (Some(user), Some(profile)) => Some(session_viewer.filter(|v| v.user == user).unwrap_or(Viewer { user, profile })),
        _ => None,
    };
    let view_after_ms = cfg.view_after_secs.saturating_mul(1000);
    // An account is one viewer however many sessions; someone not signed in, one per session.
    let viewer_key = match owner {
        Some(viewer) => reel_base::domain::qoe::viewer_key(viewer.user),
        None => format!("session:{}", &key[..30]),
    };
    let recorded =
        playback::record(&ctx.db, &key, video, day_of(now), owner, &viewer_key, view_after_ms, |folded| fold(folded, beacon)).await?;
    if recorded.became_view {
        let counted = match recorded.owner {
            Some(viewer) => watch::count_view(&ctx.db, viewer, video, VIEW_WINDOW_MS).await?,
            None => watch::count_anonymous_view(&ctx.db, video).await?,
        };
        if counted {
            playback::add_view(&ctx.db, video, day_of(now)).await?;
            ctx.shared.announce(Change::Fields(video)).await;
        }
    }
    Ok(Some(recorded))
}

/// The beacon with only the item's own renditions (those it plays, and those being retired that
/// a player may still be on): a name the item does not have, such as a made-up one or the
/// player's `unknown`, is left out, so a token cannot add rows to the item's figures.
async fn own_renditions(ctx: &Context, video: VideoId, beacon: &Beacon) -> problem::Result<Beacon> {
    let mut beacon = beacon.clone();
    if beacon.renditions.is_empty() {
        return Ok(beacon);
    }
    let index = reel_base::db::videos::package(&ctx.db, video).await?;
    let own = |name: &str| index.as_ref().is_some_and(|i| i.renditions.iter().chain(&i.retiring).any(|r| r.name == name));
    beacon.renditions.retain(|name, _| own(name));
    Ok(beacon)
}

#[cfg(test)]
mod tests {
    #[test]
    fn days_are_utc_days_since_the_epoch() {
        assert_eq!(super::day_of(0), 0);
        assert_eq!(super::day_of(86_399_999), 0);
        assert_eq!(super::day_of(86_400_000), 1);
        assert_eq!(super::day_of(-1), -1);
    }
}
