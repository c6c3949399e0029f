//! An account's public profile (display name, avatar, bio, links, shown on its channel page)
//! and its viewing preferences. An avatar upload is only stored and handed to the
//! `process_avatar` job, which makes the small JPEG that is served; the upload never is.

use bytes::Bytes;
use serde::{Deserialize, Serialize};

use crate::auth::{account, Caller};
use crate::library::videos::{self, Filter};
use crate::platform::problem::{self, Problem};
use crate::platform::Context;
use crate::processing::avatar::ProcessAvatar;
use reel_base::db::users::{self, UserRecord};
use reel_base::domain::public_profile::{self, Preferences};
use reel_base::domain::UserId;
use reel_base::storage::{StorageError, StorageKey};

/// The largest avatar upload accepted.
pub const MAX_AVATAR_BYTES: usize = 5 * 1024 * 1024;

/// What an account shows of itself.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublicProfile {
    /// Name shown to others.
    pub display_name: String,
    /// A few lines about the channel.
    pub bio: String,
    /// Its links.
    pub links: Vec<String>,
    /// Where its avatar is served (a path on this site), if it has one.
    pub avatar_url: Option<String>,
    /// Why the last avatar upload could not be used (shown to the account only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avatar_error: Option<String>,
}

/// A change to the public profile; absent fields stay.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileEdit {
    /// New display name: 1–80 characters, no control characters.
    #[schema(
        max_length = 80,
        pattern = r"^[^\x00-\x1F\x7F-\x9F\u2028\u2029]*[^\s\x00-\x1F\x7F-\x9F\u2028\u2029][^\x00-\x1F\x7F-\x9F\u2028\u2029]*$"
    )]
    pub display_name: Option<String>,
    /// New bio: at most 1000 characters; line breaks but no other control characters.
    #[schema(max_length = 1000, pattern = r"^[^\x00-\x09\x0B-\x1F\x7F-\x9F]*$")]
    pub bio: Option<String>,
    /// New links (replacing them all): at most 5 `http(s)` addresses of at most 300 characters
    /// (blank ones are dropped).
    #[schema(value_type = Option<Vec<Link>>)]
    pub links: Option<Vec<String>>,
}

/// How the API describes a channel link: an absolute `http(s)` address of at most 300
/// characters, with a host and no spaces, control characters, quotes, angle brackets or
/// backslashes (`public_profile::links` checks it, trimmed; a blank one is dropped).
pub struct Link;

impl utoipa::PartialSchema for Link {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        let pattern = r"^\s*(https?://[A-Za-z0-9][!#-;=?-\[\]-_a-~]*)?\s*$";
        ObjectBuilder::new().schema_type(Type::String).max_length(Some(300)).pattern(Some(pattern)).into()
    }
}

impl utoipa::ToSchema for Link {}

/// The path an avatar is served at.
pub fn avatar_url(user: UserId, version: &str) -> String {
    format!("/avatars/{user}/{version}.jpg")
}

/// `user`'s public profile; with why their last avatar upload was refused when `own`.
async fn read(ctx: &Context, user: UserId, own: bool) -> problem::Result<PublicProfile> {
    let record = users::public_profile(&ctx.db, user).await?.ok_or_else(|| Problem::not_found("account"))?;
    Ok(PublicProfile {
        display_name: record.display_name,
        bio: record.bio,
        // Only ever written by `change`, from a checked list.
        links: serde_json::from_str(&record.links).unwrap_or_default(),
        avatar_url: record.avatar_version.map(|v| avatar_url(user, &v)),
        avatar_error: record.avatar_error.filter(|_| own),
    })
}

/// `user`'s public profile, as anyone who may see their channel sees it.
pub async fn of_account(ctx: &Context, user: UserId) -> problem::Result<PublicProfile> {
    read(ctx, user, false).await
}

/// The channel `handle` as `viewer` may open it: any member's for someone signed in; for a
/// signed-out visitor, only one that [`is_public`]. Any other is not found, as a handle no one
/// has is: what a signed-out visitor is answered never tells whether an account is there.
pub async fn channel(ctx: &Context, viewer: Option<&Caller>, handle: &str) -> problem::Result<UserRecord> {
    let shown = match account::channel(ctx, handle).await? {
        Some(owner) if viewer.is_some() || is_public(ctx, owner.id).await? => Some(owner),
        _ => None,
    };
    shown.ok_or_else(|| Problem::not_found("channel"))
}

/// Whether `owner`'s channel is a public page: public items are allowed and a signed-out
/// visitor may watch one of theirs. A channel with nothing public (a viewer's, one with
/// members' items alone) shows no one outside its name, bio or avatar, nor that it exists.
pub async fn is_public(ctx: &Context, owner: UserId) -> problem::Result<bool> {
    if !ctx.config.auth.allow_public_videos {
        return Ok(false);
    }
    let filter = Filter { owner: Some(owner), watchable: true, ..Filter::default() };
    Ok(!videos::list(ctx, videos::public_audience(), filter, 1, None).await?.is_empty())
}

/// The caller's own public profile, with why their last avatar upload was refused.
pub async fn mine(ctx: &Context, caller: &Caller) -> problem::Result<PublicProfile> {
    read(ctx, caller.subject(), true).await
}

/// Changes the caller's public profile; the first bad field is a 400 naming it and nothing
/// changes.
pub async fn change(ctx: &Context, caller: &Caller, edit: &ProfileEdit) -> problem::Result<PublicProfile> {
    caller.require_grown_up()?;
    let invalid = |field: &str, e: reel_base::domain::text::TextError| Problem::bad_request("invalid-profile", format!("{field}: {e}"));
    let name = edit.display_name.as_deref().map(public_profile::display_name).transpose().map_err(|e| invalid("display_name", e))?;
    let bio = edit.bio.as_deref().map(public_profile::bio).transpose().map_err(|e| invalid("bio", e))?;
    let links = edit.links.as_deref().map(public_profile::links).transpose().map_err(|e| invalid("links", e))?;
    let links = links.map(|l| serde_json::to_string(&l).unwrap_or_else(|_| "[]".into()));
    users::set_public_profile(&ctx.db, caller.subject(), name.as_deref(), bio.as_deref(), links.as_deref()).await?;
    mine(ctx, caller).await
}

/// Takes an avatar upload: stores it where only the avatar job reads it and queues the job.
pub async fn upload_avatar(ctx: &Context, caller: &Caller, bytes: Bytes) -> problem::Result<()> {
    caller.require_grown_up()?;
    crate::library::pictures::check_upload(ctx, caller, &bytes, MAX_AVATAR_BYTES, "an avatar").await?;
    let version = uuid::Uuid::new_v4().simple().to_string();
    ctx.store.put_bytes(&StorageKey::avatar_upload(caller.subject(), &version), bytes).await.map_err(Problem::internal)?;
    ctx.queue.enqueue(&ProcessAvatar { user_id: caller.subject(), version }).await?;
    Ok(())
}

/// Removes the caller's avatar.
pub async fn remove_avatar(ctx: &Context, caller: &Caller) -> problem::Result<()> {
    caller.require_grown_up()?;
    if let Some(old) = users::set_picture(&ctx.db, caller.subject(), users::Picture::Avatar, None).await? {
        ctx.store.delete(&StorageKey::avatar(caller.subject(), &old)).await.map_err(Problem::internal)?;
    }
    Ok(())
}

/// The avatar image at `/avatars/{user}/{file}`: only the account's current one (a version is
/// 32 hex digits), so a replaced or removed avatar is gone at once.
pub async fn avatar_image(ctx: &Context, user: &str, file: &str) -> problem::Result<Bytes> {
    let not_found = || Problem::not_found("avatar");
    let user: UserId = user.parse().map_err(|_| not_found())?;
    let version = file.strip_suffix(".jpg").filter(|v| v.len() == 32 && v.bytes().all(|b| b.is_ascii_hexdigit())).ok_or_else(not_found)?;
    let current = users::public_profile(&ctx.db, user).await?.and_then(|r| r.avatar_version);
    if current.as_deref() != Some(version) {
        return Err(not_found());
    }
    ctx.store.get_bytes(&StorageKey::avatar(user, version)).await.map_err(|e| match e {
        StorageError::NotFound(_) => not_found(),
        other => other.into(),
    })
}

/// The caller's viewing preferences.
pub async fn preferences(ctx: &Context, caller: &Caller) -> problem::Result<Preferences> {
    Ok(users::preferences(&ctx.db, caller.subject()).await?.unwrap_or_default())
}

/// Replaces the caller's viewing preferences (checked first; a bad one changes nothing).
pub async fn set_preferences(ctx: &Context, caller: &Caller, preferences: Preferences) -> problem::Result<Preferences> {
    caller.require_grown_up()?;
    let checked = preferences.checked().map_err(|e| Problem::bad_request("invalid-preferences", e.to_string()))?;
    users::set_preferences(&ctx.db, caller.subject(), &checked).await?;
    Ok(checked)
}
