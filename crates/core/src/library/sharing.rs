//! Sharing an item beyond its audience: share links (a token in a URL that lets whoever holds
//! it watch one item, without an account, until it expires), and the origins whose pages may
//! frame the item's player (`/embed/{id}`): the site's `embed.allowed_origins` and the item's
//! own list.

use rand::RngCore;
use serde::{Deserialize, Serialize};

use crate::auth::{hash_token, Caller, Scope};
use crate::platform::problem::{self, Problem};
use crate::platform::Context;
use reel_base::config::EmbedConfig;
use reel_base::db::share_links::{self as rows, ShareLink};
use reel_base::db::videos::{self, VideoRecord};
use reel_base::domain::{rfc3339, Holder, ShareId, VideoId, VideoStatus};

/// Live links one item may have at once.
const MAX_LIVE_LINKS: i64 = 100;
/// Origins one item may list.
const MAX_ORIGINS: usize = 20;
/// The query parameter a share link's token travels in.
pub const SHARE_PARAM: &str = "share";

/// What making a share link takes.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewShareLink {
    /// How long it works, seconds: 1 to `embed.max_share_secs` (30 days unless configured).
    #[schema(minimum = 1)]
    pub expires_in_s: u64,
    /// Where playing starts, seconds from the beginning (within the item).
    #[serde(default)]
    #[schema(minimum = 0)]
    pub start_s: Option<f64>,
}

/// A share link as its maker sees it; `url` only in the answer that made it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ShareLinkView {
    pub id: ShareId,
    /// The watch page with the link's token: anyone who opens it may watch the item until
    /// `expires_at`. Shown once.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The same, as the embeddable player.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub embed_url: Option<String>,
    /// RFC 3339.
    pub expires_at: String,
    pub start_s: Option<f64>,
    /// RFC 3339.
    pub created_at: String,
}

impl From<&ShareLink> for ShareLinkView {
    fn from(l: &ShareLink) -> Self {
        Self {
            id: l.id,
            url: None,
            embed_url: None,
            expires_at: rfc3339(l.expires_at),
            start_s: l.start_s,
            created_at: rfc3339(l.created_at),
        }
    }
}

/// Makes a share link of an item the caller manages; its view with the URLs.
pub async fn create(ctx: &Context, caller: &Caller, id: &str, new: NewShareLink) -> problem::Result<ShareLinkView> {
    caller.require(Scope::Upload)?;
    let video = crate::library::videos::managed(ctx, caller, id).await?;
    let cfg = &ctx.config.embed;
    if !cfg.share_links {
        return Err(Problem::forbidden("share links are turned off on this site"));
    }
    if !(1..=cfg.max_share_secs).contains(&new.expires_in_s) {
        return Err(Problem::bad_request("invalid-expiry", format!("expires_in_s is from 1 to {}", cfg.max_share_secs)));
    }
    if let Some(start) = new.start_s {
        let within = video.duration_s.is_none_or(|d| start < d);
        if !start.is_finite() || start < 0.0 || !within {
            return Err(Problem::bad_request("invalid-start", "start_s is a number of seconds within the item"));
        }
    }
    if video.required_plan.is_some() {
        return Err(Problem::conflict("plan-required", "an item that requires a plan cannot be shared by link"));
    }
    if video.status == VideoStatus::Failed {
        return Err(Problem::conflict("not-playable", "a failed item cannot be shared"));
    }
    let now = ctx.clock().now_ms();
    if rows::live_count(&ctx.db, video.id, now).await? >= MAX_LIVE_LINKS {
        return Err(Problem::conflict("too-many-links", format!("an item may have {MAX_LIVE_LINKS} live share links; revoke one first")));
    }
    let mut bytes = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let expires_in_ms = i64::try_from(new.expires_in_s.saturating_mul(1000)).unwrap_or(i64::MAX);
    let link = ShareLink {
        id: ShareId::new(),
        video_id: video.id,
        created_by: Some(caller.subject()),
        start_s: new.start_s,
        expires_at: now.saturating_add(expires_in_ms),
        created_at: now,
        revoked_at: None,
    };
    rows::insert(&ctx.db, &link, &hash_token(&token)).await?;
    let start = link.start_s.map(|s| format!("&t={}", s.floor())).unwrap_or_default();
    Ok(ShareLinkView {
        url: Some(format!("{}/watch/{}?{SHARE_PARAM}={token}{start}", ctx.site_url, video.id)),
        embed_url: Some(format!("{}/embed/{}?{SHARE_PARAM}={token}{start}", ctx.site_url, video.id)),
        ..ShareLinkView::from(&link)
    })
}

/// The live share links of an item the caller manages.
pub async fn list(ctx: &Context, caller: &Caller, id: &str) -> problem::Result<Vec<ShareLinkView>> {
    caller.require(Scope::Upload)?;
    let video = crate::library::videos::managed(ctx, caller, id).await?;
    Ok(rows::live_of(&ctx.db, video.id, ctx.clock().now_ms()).await?.iter().map(ShareLinkView::from).collect())
}

/// Revokes one: it stops working at once, players already playing included.
pub async fn revoke(ctx: &Context, caller: &Caller, id: &str, link: &str) -> problem::Result<()> {
    caller.require(Scope::Upload)?;
    let video = crate::library::videos::managed(ctx, caller, id).await?;
    let link: ShareId = link.parse().map_err(|_| Problem::not_found("share link"))?;
    if !rows::revoke(&ctx.db, video.id, link).await? {
        return Err(Problem::not_found("share link"));
    }
    // Every server's origin forgets what it trusted about who may watch the item.
    ctx.shared.announce(crate::platform::metadata_cache::Change::Listed(video.id)).await;
    Ok(())
}

/// What a share link's token opens: the item and whom its playback tokens are for.
#[derive(Debug, Clone)]
pub struct Shared {
    pub video: VideoRecord,
    pub holder: Holder,
    /// Where playing starts.
    pub start_s: Option<f64>,
}

/// Why a token opens nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotShared {
    /// No such link for this item (or the item is gone).
    Unknown,
    /// It was, and has expired or been revoked.
    Expired,
}

/// The item `id` as the share link `token` opens it to `viewer` (a link opens nothing where
/// share links are turned off, nor an item over a kids profile's cap to that profile).
pub async fn open(ctx: &Context, viewer: Option<&Caller>, id: &str, token: &str) -> problem::Result<Result<Shared, NotShared>> {
    let Ok(id) = id.parse::<VideoId>() else { return Ok(Err(NotShared::Unknown)) };
    if token.is_empty() || token.len() > 128 || !ctx.config.embed.share_links {
        return Ok(Err(NotShared::Unknown));
    }
    let Some(link) = rows::by_hash(&ctx.db, id, &hash_token(token)).await? else { return Ok(Err(NotShared::Unknown)) };
    if !is_live(&link, ctx.clock().now_ms()) {
        return Ok(Err(NotShared::Expired));
    }
    let Some(video) = videos::get(&ctx.db, id).await?.filter(|v| v.status != VideoStatus::Failed && v.taken_down_at.is_none()) else {
        return Ok(Err(NotShared::Unknown));
    };
    if viewer.is_some_and(|c| c.profile.kids) && !ctx.kids_cap.admits(video.meta.content_rating.as_deref()) {
        return Ok(Err(NotShared::Unknown));
    }
    // A link opens nothing outside the item's window or countries, as its own page would not.
    if video.availability.absence(ctx.clock().now_ms(), crate::platform::geo::client_country()).is_some() {
        return Ok(Err(NotShared::Unknown));
    }
    Ok(Ok(Shared { video, holder: Holder::Share(link.id), start_s: link.start_s }))
}

/// Whether a link works at `now` (ms).
pub fn is_live(link: &ShareLink, now: i64) -> bool {
    link.revoked_at.is_none() && link.expires_at > now
}

/// Whether the share link `link` still opens `video` (for the origin's checks): live, and
/// share links still on.
pub async fn still_opens(ctx: &Context, link: ShareId, video: VideoId) -> problem::Result<bool> {
    if !ctx.config.embed.share_links {
        return Ok(false);
    }
    Ok(rows::get(&ctx.db, link).await?.is_some_and(|l| l.video_id == video && is_live(&l, ctx.clock().now_ms())))
}

/// The origins whose pages may frame `video`'s player: the site's list, then the item's.
pub async fn frame_ancestors(ctx: &Context, video: VideoId) -> problem::Result<Vec<String>> {
    let mut origins = ctx.config.embed.allowed_origins.clone();
    for own in videos::embed_origins(&ctx.db, video).await? {
        if !origins.iter().any(|o| o.eq_ignore_ascii_case(&own)) {
            origins.push(own);
        }
    }
    Ok(origins)
}

/// The origins an item's owner allows to frame its player, beside the site's.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmbedOrigins {
    /// `https://blog.example.com` (a port where it is not the scheme's); at most 20.
    #[schema(max_items = 20, value_type = Vec<Origin>)]
    pub origins: Vec<String>,
}

/// How the API describes an origin an item may be framed from: `http(s)://`, a host of
/// letters, digits, dots and hyphens, and a port only where it is not the scheme's (a slash at
/// the end is dropped).
pub struct Origin;

impl utoipa::PartialSchema for Origin {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        let pattern = r"^https?://[A-Za-z0-9.-]+(:[1-9][0-9]{3})?/?$";
        ObjectBuilder::new().schema_type(Type::String).pattern(Some(pattern)).into()
    }
}

impl utoipa::ToSchema for Origin {}

/// The item's own list.
pub async fn embed_origins(ctx: &Context, caller: &Caller, id: &str) -> problem::Result<EmbedOrigins> {
    caller.require(Scope::Upload)?;
    let video = crate::library::videos::managed(ctx, caller, id).await?;
    Ok(EmbedOrigins { origins: videos::embed_origins(&ctx.db, video.id).await? })
}

/// Replaces the item's own list.
pub async fn set_embed_origins(ctx: &Context, caller: &Caller, id: &str, origins: EmbedOrigins) -> problem::Result<EmbedOrigins> {
    caller.require(Scope::Upload)?;
    let video = crate::library::videos::managed(ctx, caller, id).await?;
    if origins.origins.len() > MAX_ORIGINS {
        return Err(Problem::bad_request("too-many-origins", format!("an item may list {MAX_ORIGINS} origins")));
    }
    let mut list: Vec<String> = Vec::new();
    for origin in &origins.origins {
        let origin = origin.trim().trim_end_matches('/').to_string();
        if !EmbedConfig::is_origin(&origin) {
            return Err(Problem::bad_request(
                "invalid-origin",
                format!("{origin:?} is not an origin (scheme://host or scheme://host:port, nothing after)"),
            ));
        }
        if !list.iter().any(|o| o.eq_ignore_ascii_case(&origin)) {
            list.push(origin);
        }
    }
    crate::library::item::set_embed_origins(ctx, video.id, &list).await?;
    Ok(EmbedOrigins { origins: list })
}
