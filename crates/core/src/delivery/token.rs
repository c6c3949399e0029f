//! Whom a playback token is for, and what it lets them fetch, read from a request's caller.
//! Tokens themselves are signed and checked by [`crate::platform::signing`], which the context
//! carries.

use crate::auth::Caller;
use crate::platform::problem;
use crate::platform::Context;
use reel_base::db::plans;
use reel_base::domain::entitlement::PlayRights;
use reel_base::domain::{Holder, ProfileId, UserId};

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
}

impl ViewerRights {
    /// Reads the caller's running plans (one query; none for a signed-out viewer).
    pub async fn of(ctx: &Context, caller: Option<&Caller>) -> problem::Result<Self> {
        let Some(c) = caller else {
            return Ok(Self { caller: None, admin: false, rights: ctx.config.entitlements.without_plan().into() });
        };
        let held = plans::held(&ctx.db, c.subject()).await?;
        let rights = ctx.config.entitlements.of_plans(held.iter().map(|h| h.plan.entitlement)).into();
        Ok(Self { caller: Some(c.subject()), admin: c.is_admin(), rights })
    }

    /// The rights for an item owned by `owner`.
    pub fn for_item(&self, owner: Option<UserId>) -> PlayRights {
        if self.admin || (self.caller.is_some() && self.caller == owner) {
            PlayRights::FULL
        } else {
            self.rights
        }
    }
}
