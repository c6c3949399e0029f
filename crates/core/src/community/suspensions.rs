//! The accounts suspended now, as the moderators see them: who, until when and why, so that a
//! suspension can be lifted before it ends (`moderation::lift_suspension`).

use serde::Serialize;

use super::reports::require_moderator;
use crate::auth::Caller;
use crate::platform::problem;
use crate::platform::Context;
use reel_base::domain::UserId;

/// The most accounts the list holds: more than a queue page's worth would want a search.
const LISTED: u32 = 200;

/// An account suspended now.
#[derive(Debug, Clone, Serialize)]
pub struct Suspended {
    /// The account.
    pub id: UserId,
    /// Its name as others see it.
    pub display_name: String,
    /// Its channel handle.
    pub channel: String,
    /// When the suspension ends (ms).
    pub until: i64,
    /// Why, as the account was told.
    pub reason: String,
}

/// The accounts suspended now, whose suspension ends soonest first (moderators and admins).
pub async fn list(ctx: &Context, caller: &Caller) -> problem::Result<Vec<Suspended>> {
    require_moderator(caller)?;
    let rows = reel_base::db::users::suspended(&ctx.db, ctx.clock().now_ms(), LISTED).await?;
    Ok(rows
        .into_iter()
        .map(|u| Suspended {
            id: u.id,
            display_name: u.display_name,
            channel: u.channel,
            until: u.suspended_until.unwrap_or_default(),
            reason: u.suspension_reason.unwrap_or_default(),
        })
        .collect())
}
