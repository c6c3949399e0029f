//! Whether a playback token's holder may still watch its item: the token was a right at the
//! moment it was issued, and the origin asks again so that a right taken away (the item made
//! private, taken down or given a plan or a rating over a kids profile's cap, the plan grant
//! ended, the account disabled or suspended, or the profile deleted) ends playback long
//! before the token expires.
//!
//! Manifests, keys, pictures and downloads ask the database every time; segments, which are
//! most of the traffic, trust the last answer for `delivery.recheck_secs`. A fresh answer
//! replaces the trusted one, and a change to an item forgets the answers about it in every
//! process that hears of it (see `shared`), so a refusal reaches segments at once where the
//! change was made and within `recheck_secs` everywhere else.

use crate::auth::policy;
use crate::platform::problem::{self, Problem};
use crate::platform::Context;
use reel_base::db::{plans, profiles, users, videos};
use reel_base::domain::availability::Absence;
use reel_base::domain::{Role, VideoId};

use reel_base::domain::Holder;

/// How fresh an answer must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recheck {
    /// Asked of the database now (and kept for the segments that follow).
    Now,
    /// The last answer, while it is trusted.
    Cached,
}

/// Why a holder may not watch an item (the label of `reel_playback_denied_total`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    /// The item is gone or private to them, or their account is disabled.
    AccessWithdrawn,
    /// The item requires a plan they do not hold.
    PlanRequired,
    /// The profile is a kids profile and the item is over its cap, or the profile is gone.
    Profile,
}

impl Refusal {
    fn label(self) -> &'static str {
        match self {
            Self::AccessWithdrawn => "access withdrawn",
            Self::PlanRequired => "plan required",
            Self::Profile => "profile",
        }
    }
}

/// Refuses (403, saying no more than a bad token would) a holder who may no longer watch `id`.
pub async fn check(ctx: &Context, id: VideoId, holder: Holder, recheck: Recheck) -> problem::Result<()> {
    let cache = ctx.shared.origin_cache();
    let allowed = match (recheck, cache.pass(id, holder)) {
        (Recheck::Cached, Some(allowed)) => allowed,
        _ => {
            let refusal = refusal(ctx, id, holder).await?;
            if let Some(r) = refusal {
                metrics::counter!("reel_playback_denied_total", "reason" => r.label()).increment(1);
            }
            cache.keep_pass(id, holder, refusal.is_none());
            refusal.is_none()
        }
    };
    if allowed {
        Ok(())
    } else {
        Err(Problem::forbidden("invalid playback token"))
    }
}

/// What keeps `holder` from watching `id` now, if anything: the same rules the API applies
/// before it issues a token (visibility, the plan the item requires, a kids profile's cap).
async fn refusal(ctx: &Context, id: VideoId, holder: Holder) -> problem::Result<Option<Refusal>> {
    let Some(video) = videos::get(&ctx.db, id).await? else { return Ok(Some(Refusal::AccessWithdrawn)) };
    // A taken-down item plays for no one, its owner included: it stays stored as evidence.
    if video.taken_down_at.is_some() {
        return Ok(Some(Refusal::AccessWithdrawn));
    }
    // Outside its window an item plays for its owner and the admins alone. (Its countries
    // were looked at when the token was given: the origin does not place its clients.)
    let closed = matches!(video.availability.absence(ctx.clock().now_ms(), None), Some(Absence::NotYet(_) | Absence::Left(_)));
    // A share link opens its one item, whatever its visibility, while it lasts.
    if let Holder::Share(link) = holder {
        if closed {
            return Ok(Some(Refusal::AccessWithdrawn));
        }
        if !crate::library::sharing::still_opens(ctx, link, id).await? {
            return Ok(Some(Refusal::AccessWithdrawn));
        }
        return Ok(video.required_plan.is_some().then_some(Refusal::PlanRequired));
    }
    let account = match holder.account() {
        None => None,
        Some(user) => match users::by_id(&ctx.db, user).await?.filter(|u| u.active_at(ctx.clock().now_ms())) {
            Some(account) => Some(account),
            None => return Ok(Some(Refusal::AccessWithdrawn)),
        },
    };
    let as_viewer = account.as_ref().map(|u| (u.id, u.role == Role::Admin));
    if closed && !as_viewer.is_some_and(|(user, admin)| admin || video.created_by == Some(user)) {
        return Ok(Some(Refusal::AccessWithdrawn));
    }
    if !policy::allows(as_viewer, video.created_by, video.visibility, ctx.config.auth.allow_public_videos) {
        return Ok(Some(Refusal::AccessWithdrawn));
    }
    if let Holder::Profile(user, profile) = holder {
        match profiles::get(&ctx.db, user, profile).await? {
            Some(p) if p.kids != 0 && !ctx.kids_cap.admits(video.meta.content_rating.as_deref()) => return Ok(Some(Refusal::Profile)),
            Some(_) => {}
            None => return Ok(Some(Refusal::Profile)),
        }
    }
    if let Some(needed) = video.required_plan {
        // Owners and admins never need the plan (as `plans::gates` has it).
        let exempt = as_viewer.is_some_and(|(user, admin)| admin || video.created_by == Some(user));
        let holds = match account {
            Some(a) if !exempt => plans::held(&ctx.db, a.id).await?.iter().any(|h| h.plan.id == needed),
            _ => exempt,
        };
        if !holds {
            return Ok(Some(Refusal::PlanRequired));
        }
    }
    Ok(None)
}
