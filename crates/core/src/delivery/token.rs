//! Whom a playback token is for, and what it lets them fetch, read from a request's caller.
//! Tokens themselves are signed and checked by [`crate::platform::signing`], which the context
//! carries.

use super::PlaybackUrls;
use crate::auth::Caller;
use crate::platform::problem;
use crate::platform::Context;
use reel_base::db::plans;
use reel_base::db::videos::VideoRecord;
use reel_base::domain::entitlement::PlayRights;
use reel_base::domain::{Holder, ProfileId, UserId};
use reel_base::media::package::PackageIndex;

/// Whom a token made for this request's caller is for ([`Holder::Anonymous`]: not signed in).
pub fn holder_of(caller: Option<&Caller>) -> Holder {
    match caller {
        None => Holder::Anonymous,
        Some(c) if c.profile.id == ProfileId::from(c.subject()) => Holder::Account(c.subject()),
        Some(c) => Holder::Profile(c.subject(), c.profile.id),
    }
}

/// What the playback tokens issued to one caller let them fetch: their plans' tallest rung and
/// downloads (the best of the running ones; `[entitlements]` for one holding none or not
/// signed in), except on their own items and for admins, who fetch everything.
#[derive(Debug, Clone, Copy)]
pub struct ViewerRights {
    caller: Option<UserId>,
    admin: bool,
    rights: PlayRights,
    /// Whether plays open playback sessions (`[entitlements] sessions`), so the URLs name one.
    sessions: bool,
}

impl ViewerRights {
    /// Reads the caller's running plans (one query; none for a signed-out viewer).
    pub async fn of(ctx: &Context, caller: Option<&Caller>) -> problem::Result<Self> {
        let sessions = ctx.config.entitlements.sessions;
        let Some(c) = caller else {
            return Ok(Self { caller: None, admin: false, rights: ctx.config.entitlements.without_plan().into(), sessions });
        };
        let held = plans::held(&ctx.db, c.subject()).await?;
        let rights = PlayRights { device: c.device, ..ctx.config.entitlements.of_plans(held.iter().map(|h| h.plan.entitlement)).into() };
        Ok(Self { caller: Some(c.subject()), admin: c.is_admin(), rights, sessions })
    }

    /// The playback URLs of `video` for `holder` (the caller, or a share link they opened),
    /// under a token held to the rights for that item, valid `delivery.token_ttl_secs`.
    pub fn urls(&self, ctx: &Context, video: &VideoRecord, holder: Holder, index: &PackageIndex) -> PlaybackUrls {
        let ttl = ctx.config.delivery.token_ttl_secs;
        let mut urls =
            super::playback_urls(&ctx.signer, ctx.playback_base(), ttl, video.id, holder, self.for_item(video.created_by), index);
        // With sessions off no stream is ever opened: nothing to keep alive or stop.
        if !self.sessions {
            urls.stream = None;
        }
        urls
    }

    /// The rights for an item owned by `owner`.
    pub fn for_item(&self, owner: Option<UserId>) -> PlayRights {
        if self.admin || (self.caller.is_some() && self.caller == owner) {
            PlayRights { device: self.rights.device, ..PlayRights::FULL }
        } else {
            self.rights
        }
    }
}
