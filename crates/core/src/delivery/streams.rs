//! Screens at once: every player that plays an item with an account's token opens a playback
//! session (a "stream"), which counts against the best `max_streams` of the account's plans,
//! is listed to the member, and ends when they stop it or when it shows no sign of life for
//! `[entitlements] session_idle_secs`.
//!
//! Every playback token issued to an account names a new stream id (`platform::signing`), so
//! the origin needs no table of tokens: the first request of a token for a rendition's
//! playlist or segment (or the content key) opens its stream, and the ones after it join. The
//! origin trusts its last look at a stream for half of `enforce_within_secs` (a lookup in this
//! process's memory); the look after it, made by the next request, is also the stream's sign
//! of life. A stop made here is seen here at once and everywhere else within that time, which
//! is the promise `enforce_within_secs` makes.

use http::StatusCode;

use crate::auth::{policy, Caller};
use crate::platform::problem::{self, Problem};
use crate::platform::Context;
pub use reel_base::db::streams::Ended;
use reel_base::db::streams::{self, NewStream, StreamRecord};
use reel_base::db::{plans as plan_rows, videos};
use reel_base::domain::device::{self, DeviceId};
use reel_base::domain::{Holder, Role, VideoId};

/// The length of a stream id, in hex digits (16 random bytes).
const ID_LEN: usize = 32;
/// How long an ended stream is kept for the account's export and the end's reason.
const KEEP_ENDED_MS: i64 = 30 * 24 * 3_600_000;

/// The refusal a request of a stream that ended gets: a player shows the message.
fn refusal(ended: Ended) -> Problem {
    let message = match ended {
        Ended::Stopped => "playback was stopped from the account's list of screens",
        Ended::Idle => "playback ended after a long time without a sign of life; start it again",
        Ended::SignedOut => "this device was signed out of the account",
    };
    Problem::new(StatusCode::FORBIDDEN, "stream-ended", message)
}

/// Whether `text` could be a stream id (checked before it reaches the database).
pub fn is_id(text: &str) -> bool {
    text.len() == ID_LEN && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Whether the holder's plays open streams: an account's or a profile's, with sessions on.
pub fn counts(ctx: &Context, holder: Holder) -> bool {
    ctx.config.entitlements.sessions && holder.account().is_some()
}

/// The earliest sign of life of a stream that still counts.
fn live_since(ctx: &Context) -> i64 {
    ctx.clock().now_ms() - i64::try_from(ctx.config.entitlements.session_idle_secs * 1000).unwrap_or(i64::MAX / 2)
}

/// Lets a request of stream `id` (opened by `holder`'s token for `video`) through, opening the
/// stream if this is its first request; refuses an ended stream, or one more than the
/// account's plan allows at once, or one on a device signed out since the token was issued.
/// `user_agent` names the device of a new stream.
pub async fn admit(
    ctx: &Context,
    id: &str,
    holder: Holder,
    video: VideoId,
    device: Option<DeviceId>,
    user_agent: Option<&str>,
) -> problem::Result<()> {
    let looks = ctx.shared.streams();
    match looks.get(id) {
        Some(None) => return Ok(()),
        Some(Some(ended)) => return Err(refusal(Ended::from_stored(Some(ended)))),
        None => {}
    }
    let since = live_since(ctx);
    if streams::touch(&ctx.db, id, since).await? {
        looks.keep(id, None);
        return Ok(());
    }
    if let Some(known) = streams::get(&ctx.db, id).await? {
        // Opened by a request of the same token that ran beside this one (a player asks for
        // its audio and video playlists at once).
        if known.ended_at.is_none() && known.last_seen_at >= since {
            looks.keep(id, None);
            return Ok(());
        }
        let ended = Ended::from_stored(known.end_reason.as_deref().filter(|_| known.ended_at.is_some()));
        looks.keep(id, Some(ended.as_str()));
        return Err(refusal(ended));
    }
    open(ctx, id, holder, video, device, user_agent).await?;
    looks.keep(id, None);
    Ok(())
}

/// Records a new stream and keeps it only if the account may play one more.
async fn open(
    ctx: &Context,
    id: &str,
    holder: Holder,
    video: VideoId,
    device: Option<DeviceId>,
    user_agent: Option<&str>,
) -> problem::Result<()> {
    let (user_id, profile_id) = match holder {
        Holder::Account(user) => (user, None),
        Holder::Profile(user, profile) => (user, Some(profile)),
        Holder::Anonymous | Holder::Share(_) => return Ok(()),
    };
    // A token outlives the sign-out of the device it was issued to; its plays do not.
    let device_id = device.map(|d| d.to_string());
    if let Some(device_id) = &device_id {
        if !reel_base::db::devices::is_live(&ctx.db, device_id).await? {
            ctx.shared.streams().keep(id, Some(Ended::SignedOut.as_str()));
            return Err(refusal(Ended::SignedOut));
        }
    }
    let name = device::name_of(user_agent);
    let new = NewStream { id, user_id, profile_id, video_id: video, device: &name, device_id: device_id.as_deref() };
    streams::insert(&ctx.db, &new).await?;
    let held = plan_rows::held(&ctx.db, user_id).await?;
    let Some(max) = ctx.config.entitlements.of_plans(held.iter().map(|h| h.plan.entitlement)).max_streams else {
        metrics::counter!("reel_streams_total", "outcome" => "opened").increment(1);
        return Ok(());
    };
    let place = streams::rank(&ctx.db, user_id, id, live_since(ctx)).await?;
    if place > i64::from(max) {
        streams::remove(&ctx.db, id).await?;
        metrics::counter!("reel_streams_total", "outcome" => "refused").increment(1);
        let screens = if max == 1 { "one screen".to_string() } else { format!("{max} screens") };
        return Err(Problem::new(
            StatusCode::FORBIDDEN,
            "too-many-streams",
            format!("the account's plan plays on {screens} at once and all are in use: stop one (GET /api/v1/me/streams) to play here"),
        ));
    }
    metrics::counter!("reel_streams_total", "outcome" => "opened").increment(1);
    Ok(())
}

/// A live stream of the member's, as their list shows it.
#[derive(Debug, Clone)]
pub struct Screen {
    /// The stream.
    pub stream: StreamRecord,
    /// The item's title, when the member may still see the item.
    pub title: Option<String>,
}

/// The caller's account's live streams, oldest first, and how many may play at once (a
/// grown-up's profile only: the list names what every profile plays).
pub async fn list(ctx: &Context, caller: &Caller) -> problem::Result<(Vec<Screen>, Option<u32>)> {
    caller.require_grown_up()?;
    let user = caller.subject();
    let viewer = Some((user, caller.role == Role::Admin));
    let mut screens = Vec::new();
    for stream in streams::live_of(&ctx.db, user, live_since(ctx)).await? {
        // An item made private or deleted since is listed without its title.
        let title = match videos::get(&ctx.db, stream.video_id).await? {
            Some(v) if policy::allows(viewer, v.created_by, v.visibility, ctx.config.auth.allow_public_videos) => Some(v.title),
            _ => None,
        };
        screens.push(Screen { stream, title });
    }
    let max = ctx.config.entitlements.of_plans(plan_rows::held(&ctx.db, user).await?.iter().map(|h| h.plan.entitlement)).max_streams;
    Ok((screens, max))
}

/// Ends the member's stream `id` (from another screen's dialog, the player leaving its page,
/// or the API): its next requests are refused here at once and in every process within
/// `enforce_within_secs`. Stopping one that has ended already does nothing; an id that names
/// none of the account's streams is not found. A kids profile stops only its own (its player
/// leaving the page): the account's other screens are a grown-up's to stop.
pub async fn stop(ctx: &Context, caller: &Caller, id: &str) -> problem::Result<()> {
    let stream = match is_id(id) {
        true => streams::get(&ctx.db, id).await?.filter(|s| s.user_id == caller.subject()),
        false => None,
    };
    let stream = stream.ok_or_else(|| Problem::not_found("stream"))?;
    if caller.profile.kids && stream.profile_id != Some(caller.profile.id) {
        caller.require_grown_up()?;
    }
    if streams::end(&ctx.db, caller.subject(), id, Ended::Stopped.as_str()).await? {
        ctx.shared.streams().keep(id, Some(Ended::Stopped.as_str()));
        metrics::counter!("reel_streams_total", "outcome" => "stopped").increment(1);
    }
    Ok(())
}

/// A sign of life of the member's stream `id` from a player that fetches nothing (paused);
/// an ended one answers 410 with why.
pub async fn heartbeat(ctx: &Context, caller: &Caller, id: &str) -> problem::Result<()> {
    let user = caller.subject();
    if !is_id(id) {
        return Err(Problem::not_found("stream"));
    }
    let stream = streams::get(&ctx.db, id).await?.filter(|s| s.user_id == user).ok_or_else(|| Problem::not_found("stream"))?;
    if streams::touch(&ctx.db, id, live_since(ctx)).await? {
        return Ok(());
    }
    let ended = Ended::from_stored(stream.end_reason.as_deref().filter(|_| stream.ended_at.is_some()));
    Err(Problem::new(StatusCode::GONE, "stream-ended", refusal(ended).message().to_string()))
}

/// Ends the streams left without a sign of life and forgets those ended a month ago; returns
/// how many of each.
pub async fn sweep(ctx: &Context) -> problem::Result<(u64, u64)> {
    let now = ctx.clock().now_ms();
    Ok(streams::sweep(&ctx.db, live_since(ctx), now - KEEP_ENDED_MS).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_accounts_tokens_each_name_a_stream_and_no_one_elses_do() {
        use crate::platform::signing::{Signer, SigningKey};
        use reel_base::domain::entitlement::PlayRights;
        use reel_base::domain::UserId;
        let signer = Signer::new(vec![SigningKey::new(vec![3u8; 32])]);
        let (video, viewer) = (VideoId::new(), Holder::Account(UserId::new()));
        let (one, a) = signer.issue(video, viewer, i64::MAX / 2000, PlayRights::FULL);
        let (two, b) = signer.issue(video, viewer, i64::MAX / 2000, PlayRights::FULL);
        let (a, b) = (a.unwrap(), b.unwrap());
        assert!(is_id(&a) && is_id(&b) && a != b, "{a} {b}");
        assert_eq!(signer.verify(&one, video, 0).unwrap().sid.as_deref(), Some(a.as_str()));
        assert_eq!(signer.verify(&two, video, 0).unwrap().sid.as_deref(), Some(b.as_str()));
        assert_eq!(signer.issue(video, Holder::Anonymous, i64::MAX / 2000, PlayRights::FULL).1, None);
        assert!(!is_id("body.signature") && !is_id(&a.to_uppercase()) && !is_id(&a[1..]));
    }

    #[test]
    fn each_end_reads_back_as_itself_and_refuses_with_its_reason() {
        for ended in [Ended::Stopped, Ended::Idle] {
            assert_eq!(Ended::from_stored(Some(ended.as_str())), ended);
            assert_eq!(refusal(ended).code(), "stream-ended");
        }
        assert_eq!(Ended::from_stored(None), Ended::Idle);
    }
}
