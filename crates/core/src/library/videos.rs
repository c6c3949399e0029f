//! What the API and the pages both do with videos: find the ones a caller may see or manage,
//! list and edit them, record watching, delete them with their objects, and the admin's view
//! of their processing jobs. Handlers call these; they never reach the database or the store.

use std::collections::HashMap;

use crate::auth::{policy, Caller, Scope};
use crate::library::availability::AvailabilityEdit;
use crate::library::catalogue::MetadataEdit;
use crate::library::item;
use crate::platform::geo;
use crate::platform::metadata_cache::{Change, ListingKey};
use crate::platform::problem::{self, Problem};
use crate::platform::Context;
pub use reel_base::db::jobs::JobListing;
pub use reel_base::db::videos::{Audience, Cursor, Facet, Filter, VideoRecord};
use reel_base::db::{videos, watch};
use reel_base::domain::{JobId, JobState, UploadId, VideoDescription, VideoId, VideoTitle, Visibility};
use reel_base::media::package::PackageIndex;

/// A viewer counts once per video in this window, however often they reload or replay.
const VIEW_WINDOW_MS: i64 = 6 * 3600 * 1000;

fn parse_id(id: &str) -> problem::Result<VideoId> {
    id.parse().map_err(|_| Problem::not_found("video"))
}

/// A video's record, from the metadata cache when it holds it.
async fn record(ctx: &Context, id: VideoId) -> problem::Result<Option<VideoRecord>> {
    let cache = ctx.shared.metadata();
    if let Some(video) = cache.item(id) {
        return Ok(Some(VideoRecord::clone(&video)));
    }
    let since = cache.generation();
    let video = videos::get(&ctx.db, id).await?;
    if let Some(v) = &video {
        cache.keep_item(since, v);
    }
    Ok(video)
}

/// Refuses a video the caller may not see; one they may not see is "not found", so its
/// existence does not leak.
fn check_visible(ctx: &Context, caller: Option<&Caller>, video: Option<VideoRecord>) -> problem::Result<VideoRecord> {
    let video = video.ok_or_else(|| Problem::not_found("video"))?;
    if !policy::can_view(caller, video.created_by, video.visibility, ctx.config.auth.allow_public_videos) {
        return Err(if caller.is_none() { Problem::unauthorized() } else { Problem::not_found("video") });
    }
    // A failed item is its owner's and the admins' business, as a private one is.
    if video.status == reel_base::domain::VideoStatus::Failed && !caller.is_some_and(|c| policy::can_manage(c, video.created_by)) {
        return Err(Problem::not_found("video"));
    }
    // A taken-down item is its owner's and the moderators' business: for anyone else it is gone.
    if video.taken_down_at.is_some() && !caller.is_some_and(|c| c.moderates() || policy::can_manage(c, video.created_by)) {
        return Err(Problem::not_found("video"));
    }
    // A kids profile is told an item over its cap does not exist, as for a private one.
    if caller.is_some_and(|c| c.profile.kids) && !ctx.kids_cap.admits(video.meta.content_rating.as_deref()) {
        return Err(Problem::not_found("video"));
    }
    // Outside its window or its countries it is its owner's and the admins' alone; anyone
    // else who could see it is told when it comes, that it left, or that it is not here.
    if !caller.is_some_and(|c| policy::can_manage(c, video.created_by)) {
        if let Some(absence) = video.availability.absence(ctx.clock().now_ms(), geo::client_country()) {
            return Err(crate::library::availability::absent(absence));
        }
    }
    Ok(video)
}

/// Whether a signed-out visitor may see `video`: what the site publishes to readers that are
/// not signed in (feeds, the sitemap, link previews) goes by this.
pub fn is_public(ctx: &Context, video: &VideoRecord) -> bool {
    check_visible(ctx, None, Some(video.clone())).is_ok()
}

/// Whether `caller` may see `video`, by the rules [`visible`] goes by (a moderator sees a
/// taken-down item, but a private one only if it is theirs).
pub fn may_see(ctx: &Context, caller: &Caller, video: &VideoRecord) -> bool {
    check_visible(ctx, Some(caller), Some(video.clone())).is_ok()
}

/// Loads a video the caller may see (through the metadata cache).
pub async fn visible(ctx: &Context, caller: Option<&Caller>, id: &str) -> problem::Result<VideoRecord> {
    let video = record(ctx, parse_id(id)?).await?;
    check_visible(ctx, caller, video)
}

/// Loads a video the caller may change: its owner, or an admin. Read from the database, not
/// the cache, since an edit is merged into what it returns.
pub async fn managed(ctx: &Context, caller: &Caller, id: &str) -> problem::Result<VideoRecord> {
    let video = videos::get(&ctx.db, parse_id(id)?).await?;
    let video = check_visible(ctx, Some(caller), video)?;
    if !policy::can_manage(caller, video.created_by) {
        return Err(Problem::forbidden("only the video's creator or an admin may change it"));
    }
    Ok(video)
}

/// Which videos a browsing page lists for `viewer` (admins browse as members); `None` when
/// they must sign in first.
pub fn browsing_audience(ctx: &Context, viewer: Option<&Caller>) -> Option<Audience> {
    match viewer {
        Some(c) => Some(member_audience(ctx, c)),
        None if ctx.config.auth.allow_public_videos => Some(public_audience()),
        None => None,
    }
}

/// What a signed-in caller sees as a member: their account's view, and for a kids profile only
/// the items at or under the kids rating cap.
pub fn member_audience(ctx: &Context, caller: &Caller) -> Audience {
    let country = geo::client_country();
    if caller.profile.kids {
        Audience::Kids(caller.subject(), ctx.kids_cap, country)
    } else {
        Audience::Member(caller.subject(), country)
    }
}

/// What a visitor who is not signed in sees (a page, a feed, the sitemap): public items, as
/// the request's client country lets them (`platform::geo`).
pub fn public_audience() -> Audience {
    Audience::Public(geo::client_country())
}

/// Which videos the API lists for a caller: everything for an admin, what a member may see
/// for a token with the read scope, public ones without an account where they are allowed.
pub fn api_audience(ctx: &Context, caller: Option<&Caller>) -> problem::Result<Audience> {
    match caller {
        Some(c) if c.is_admin() => Ok(Audience::All),
        Some(c) => {
            c.require(Scope::Read)?;
            Ok(member_audience(ctx, c))
        }
        None if ctx.config.auth.allow_public_videos => Ok(public_audience()),
        None => Err(Problem::unauthorized()),
    }
}

/// A page of the videos `audience` may see that `filter` selects, newest first (best match
/// first when it searches), from the cursor `after` (as [`next_cursor`] made it); through the
/// metadata cache, which keeps the page's ids for this audience and the records by id.
pub async fn list(
    ctx: &Context,
    audience: Audience,
    filter: Filter<'_>,
    limit: u32,
    after: Option<Cursor>,
) -> problem::Result<Vec<VideoRecord>> {
    let filter = Filter { ranked_matches: Some(ctx.config.catalogue.search_ranked_matches), ..filter };
    let cache = ctx.shared.metadata();
    // A subscriptions feed depends on rows no announcement covers (who follows whom), and
    // is one account's alone: it is read fresh.
    if !cache.is_on() || filter.subscriber.is_some() {
        return Ok(videos::list(&ctx.db, audience, filter, limit, after).await?);
    }
    let key = ListingKey::page(audience, &filter, limit, after);
    if let Some(ids) = cache.page(&key) {
        let mut rows = records(ctx, &ids).await?;
        // A record newer than the page (changed in another process whose announcement is still
        // on its way) is shown only if the listing would still select it for this audience.
        let now = ctx.clock().now_ms();
        rows.retain(|v| audience.admits(v, now) && (!filter.watchable || v.status.is_watchable()));
        return Ok(rows);
    }
    let since = cache.generation();
    let rows = videos::list(&ctx.db, audience, filter, limit, after).await?;
    cache.keep_page(since, key, &rows);
    for v in &rows {
        cache.keep_item(since, v);
    }
    Ok(rows)
}

/// The records of `ids` in that order, from the cache where it holds them and in one query
/// for the rest; an id whose video is gone is left out.
async fn records(ctx: &Context, ids: &[VideoId]) -> problem::Result<Vec<VideoRecord>> {
    let cache = ctx.shared.metadata();
    let mut held: HashMap<VideoId, VideoRecord> = HashMap::with_capacity(ids.len());
    let mut missing = Vec::new();
    for &id in ids {
        match cache.item(id) {
            Some(v) => {
                held.insert(id, VideoRecord::clone(&v));
            }
            None => missing.push(id),
        }
    }
    if !missing.is_empty() {
        let since = cache.generation();
        for v in videos::by_ids(&ctx.db, &missing).await? {
            cache.keep_item(since, &v);
            held.insert(v.id, v);
        }
    }
    Ok(ids.iter().filter_map(|id| held.remove(id)).collect())
}

/// The watchable items among `ids` that `audience` may see, in that order (through the
/// metadata cache): how lists computed elsewhere (recommendations) are shown.
pub async fn watchable_among(ctx: &Context, audience: Audience, ids: &[VideoId]) -> problem::Result<Vec<VideoRecord>> {
    let mut rows = records(ctx, ids).await?;
    let now = ctx.clock().now_ms();
    rows.retain(|v| audience.admits(v, now) && v.status.is_watchable());
    Ok(rows)
}

/// How many of what `audience` may see of `filter` fall under each value of `facet`, most
/// first (through the metadata cache).
pub async fn counts(
    ctx: &Context,
    audience: Audience,
    filter: Filter<'_>,
    facet: Facet,
    limit: u32,
) -> problem::Result<Vec<(String, i64)>> {
    let cache = ctx.shared.metadata();
    if !cache.is_on() || filter.subscriber.is_some() {
        return Ok(videos::counts(&ctx.db, audience, filter, facet, limit).await?);
    }
    let key = ListingKey::counts(audience, &filter, facet, limit);
    if let Some(counts) = cache.counts(&key) {
        return Ok(counts.to_vec());
    }
    let since = cache.generation();
    let counts = videos::counts(&ctx.db, audience, filter, facet, limit).await?;
    cache.keep_counts(since, key, counts.as_slice().into());
    Ok(counts)
}

/// How many of the items `audience` may see that `filter` selects are of each kind and carry
/// each genre: the counts beside a search, which narrow it when chosen.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Facets {
    /// (kind, items), most first.
    pub kind: Vec<(String, i64)>,
    /// (genre, items), most first.
    pub genre: Vec<(String, i64)>,
}

/// Most values a facet lists.
const FACET_VALUES: u32 = 20;

/// The kind and genre counts of a listing.
pub async fn facets(ctx: &Context, audience: Audience, filter: Filter<'_>) -> problem::Result<Facets> {
    let kind = counts(ctx, audience, filter, Facet::Kind, FACET_VALUES).await?;
    let genre = counts(ctx, audience, filter, Facet::Genre, FACET_VALUES).await?;
    Ok(Facets { kind, genre })
}

/// The cursor of the page after `rows` (listed by `filter` from `after`), if a full page
/// came back.
pub fn next_cursor(rows: &[VideoRecord], limit: u32, filter: &Filter<'_>, after: Option<Cursor>) -> Option<String> {
    videos::next_cursor(rows, limit, filter, after).map(|c| c.to_string())
}

/// Reads a cursor [`next_cursor`] made; `None` for anything else.
pub fn parse_cursor(cursor: &str) -> Option<Cursor> {
    Cursor::parse(cursor)
}

/// Where a keyset page (ordered by a time and a video id, newest first) starts: before the
/// `(time, id)` the cursor names; a count cursor (a ranked listing's) is no such place.
pub fn keyset_before(after: Option<Cursor>) -> problem::Result<Option<(i64, VideoId)>> {
    match after {
        None => Ok(None),
        Some(Cursor::After(at, id)) => Ok(Some((at, id))),
        Some(Cursor::Skip(_)) => Err(Problem::bad_request("invalid-cursor", "the cursor is not one this API returned")),
    }
}

/// The cursor of the keyset page after `items` (a page of `limit`), if it was full; `key`
/// gives an item's (time, id).
pub fn keyset_next<T>(items: &[T], limit: u32, key: impl Fn(&T) -> (i64, VideoId)) -> Option<Cursor> {
    let (at, id) = key(items.last().filter(|_| items.len() == limit as usize)?);
    Some(Cursor::After(at, id))
}

/// The package indexes of those of `rows` that can be watched, in one query.
pub async fn packages(ctx: &Context, rows: &[VideoRecord]) -> problem::Result<HashMap<VideoId, PackageIndex>> {
    let watchable: Vec<VideoId> = rows.iter().filter(|v| v.status.is_watchable()).map(|v| v.id).collect();
    Ok(videos::packages(&ctx.db, &watchable).await?)
}

/// The package index of a video that can be watched.
pub async fn package(ctx: &Context, video: &VideoRecord) -> problem::Result<Option<PackageIndex>> {
    if !video.status.is_watchable() {
        return Ok(None);
    }
    Ok(videos::package(&ctx.db, video.id).await?)
}

/// Videos the caller's profile started and has not finished, with how far it got (seconds).
pub async fn in_progress(ctx: &Context, caller: &Caller, limit: u32) -> problem::Result<Vec<(VideoRecord, f64)>> {
    let audience = member_audience(ctx, caller);
    let watched = watch::history(&ctx.db, caller.profile_id(), audience, watch::Watching::Unfinished, limit).await?;
    Ok(watched.into_iter().map(|w| (w.video, w.position_s)).collect())
}

/// Where the caller stopped in a video they may watch, to resume there.
pub async fn resume_position(ctx: &Context, caller: &Caller, video: &VideoRecord) -> problem::Result<Option<f64>> {
    if !video.status.is_watchable() {
        return Ok(None);
    }
    Ok(watch::position(&ctx.db, caller.profile_id(), video.id).await?)
}

/// Records where the caller is in a video they may see (for resuming and "continue
/// watching"); a position outside the video is refused.
#[tracing::instrument(skip_all, fields(item = %id))]
pub async fn save_position(ctx: &Context, caller: &Caller, id: &str, position_s: f64) -> problem::Result<()> {
    caller.require(Scope::Read)?;
    let video = visible(ctx, Some(caller), id).await?;
    let longest = video.duration_s.unwrap_or(f64::MAX);
    if !position_s.is_finite() || position_s < 0.0 || position_s > longest + 1.0 {
        return Err(Problem::bad_request("invalid-position", "position_s must be between 0 and the video's duration"));
    }
    Ok(watch::save_position(&ctx.db, caller.viewer(), video.id, position_s).await?)
}

/// Counts the caller's view of a watchable video (once per viewer and video every six hours);
/// answers the count and whether this one counted.
#[tracing::instrument(skip_all, fields(item = %id))]
pub async fn count_view(ctx: &Context, caller: &Caller, id: &str) -> problem::Result<(i64, bool)> {
    caller.require(Scope::Read)?;
    let video = watchable(ctx, caller, id).await?;
    let counted = watch::count_view(&ctx.db, caller.viewer(), video.id, VIEW_WINDOW_MS).await?;
    if counted {
        ctx.shared.announce(Change::Fields(video.id)).await;
    }
    let views = videos::get(&ctx.db, video.id).await?.map_or(video.views, |v| v.views);
    Ok((views, counted))
}

/// A video the caller may see that can be watched now.
pub async fn watchable(ctx: &Context, caller: &Caller, id: &str) -> problem::Result<VideoRecord> {
    let video = visible(ctx, Some(caller), id).await?;
    if !video.status.is_watchable() {
        return Err(Problem::conflict("not-watchable", "the video cannot be watched yet"));
    }
    Ok(video)
}

/// An edit of a video's details and catalogue metadata; absent fields stay as they are.
#[derive(Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct EditVideo {
    /// New title: 1–200 characters, no control characters.
    #[schema(
        max_length = 200,
        pattern = r"^[^\x00-\x1F\x7F-\x9F\u2028\u2029]*[^\s\x00-\x1F\x7F-\x9F\u2028\u2029][^\x00-\x1F\x7F-\x9F\u2028\u2029]*$"
    )]
    pub title: Option<String>,
    /// New description: up to 5000 characters; line breaks and tabs but no other control
    /// characters.
    #[schema(max_length = 5000, pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$")]
    pub description: Option<String>,
    /// New visibility.
    #[schema(value_type = Option<reel_base::domain::Visibility>)]
    pub visibility: Option<String>,
    /// Whether the item's audio is brought to the configured loudness, from its next
    /// processing (`POST /api/v1/videos/{id}/reprocess` applies it to a ready item).
    pub normalize_audio: Option<bool>,
    /// Whether members may comment on the item (false turns its comments off: those written
    /// stay, unseen by others, until they are turned on again).
    pub comments: Option<bool>,
    /// Catalogue fields.
    #[serde(flatten)]
    pub metadata: MetadataEdit,
    /// When and where it may be watched.
    #[serde(flatten)]
    pub availability: AvailabilityEdit,
    /// Any other field: refused, so a misspelt one is an error rather than silently ignored.
    #[serde(flatten)]
    #[schema(ignore)]
    pub unknown: std::collections::BTreeMap<String, serde::de::IgnoredAny>,
}

/// What an edit changed.
pub enum Changed {
    /// A video.
    Video,
    /// An upload still in progress (its video will have the edit).
    Upload,
}

/// Applies an edit for a caller who manages the video, or who owns the upload in progress
/// with that id (an upload's id is the id its video will have).
#[tracing::instrument(skip_all, fields(item = %id))]
pub async fn change(ctx: &Context, caller: &Caller, id: &str, edit: &EditVideo) -> problem::Result<Changed> {
    if let Some(field) = edit.unknown.keys().next() {
        // As the JSON extractor answers any other body it cannot take.
        let message = format!("unknown field `{field}`: not a field of a video that can be changed");
        return Err(Problem::new(http::StatusCode::UNPROCESSABLE_ENTITY, "invalid-body", message));
    }
    let title = edit.title.as_deref().map(VideoTitle::parse).transpose()?;
    let description = edit.description.as_deref().map(VideoDescription::parse).transpose()?;
    let visibility = match edit.visibility.as_deref() {
        Some(v) => Some(parse_visibility(Some(v), ctx.config.auth.allow_public_videos)?),
        None => None,
    };
    let video_id = parse_id(id)?;
    if videos::get(&ctx.db, video_id).await?.is_none() {
        caller.require(Scope::Upload)?;
        if !edit.metadata.is_empty() || !edit.availability.is_empty() || edit.normalize_audio.is_some() || edit.comments.is_some() {
            // An upload keeps only what its video starts with; metadata comes after.
            return Err(Problem::conflict("upload-in-progress", "catalogue fields can be set once the upload has completed"));
        }
        let upload = UploadId(video_id.0);
        let (t, d, v) = (
            title.as_ref().map(VideoTitle::as_str),
            description.as_ref().map(VideoDescription::as_str),
            visibility.map(Visibility::as_str),
        );
        // The upload may complete between the two reads; then the video below takes the edit.
        if reel_base::db::uploads::update_details(&ctx.db, upload, caller.subject(), t, d, v).await?
            && videos::get(&ctx.db, video_id).await?.is_none()
        {
            return Ok(Changed::Upload);
        }
    }
    let video = managed(ctx, caller, id).await?;
    let metadata = if edit.metadata.is_empty() { None } else { Some(edit.metadata.apply(&video.meta, &ctx.config.catalogue)?) };
    if let Some(series) = metadata.as_ref().and_then(|m| m.series).filter(|s| Some(*s) != video.meta.series) {
        crate::library::collections::check_series_for(ctx, caller, series).await?;
    }
    let availability = if edit.availability.is_empty() { None } else { Some(edit.availability.apply(ctx, &video.availability)?) };
    let change = videos::VideoEdit {
        title: title.as_ref(),
        description: description.as_ref(),
        visibility,
        metadata: metadata.as_ref(),
        availability: availability.as_ref(),
    };
    match item::edit(ctx, video.id, change).await {
        Ok(true) => {}
        Ok(false) => return Err(Problem::not_found("video")),
        Err(e) if e.as_database_error().is_some_and(|d| d.is_unique_violation()) => {
            return Err(Problem::conflict("episode-taken", "another item of the series has that season and episode number"));
        }
        Err(e) => return Err(e.into()),
    }
    if let Some(a) = &availability {
        crate::library::availability::schedule(ctx, video.id, a).await?;
    }
    if let Some(on) = edit.normalize_audio {
        item::set_normalizes_audio(ctx, video.id, on).await?;
    }
    if let Some(open) = edit.comments {
        item::set_comments_off(ctx, video.id, !open).await?;
    }
    if video.visibility == Visibility::Private && visibility.is_some_and(|v| v != Visibility::Private) && video.status.is_watchable() {
        // Published while private, shown now: its channel's subscribers hear of it now.
        crate::library::announce::announce(&ctx.queue, video.id, "shown").await;
    }
    Ok(Changed::Video)
}

/// Whether a video the caller manages has its audio brought to the configured loudness.
pub async fn normalizes_audio(ctx: &Context, caller: &Caller, id: &str) -> problem::Result<bool> {
    let video = managed(ctx, caller, id).await?;
    Ok(videos::normalizes_audio(&ctx.db, video.id).await?)
}

/// Turns loudness correction on or off for a video the caller manages (from its next
/// processing).
#[tracing::instrument(skip_all, fields(item = %id))]
pub async fn set_normalizes_audio(ctx: &Context, caller: &Caller, id: &str, on: bool) -> problem::Result<()> {
    caller.require(Scope::Upload)?;
    let video = managed(ctx, caller, id).await?;
    item::set_normalizes_audio(ctx, video.id, on).await?;
    Ok(())
}

/// The newest jobs for an admin, with the titles of their videos (one query); only those in
/// state `filter` when given.
pub async fn jobs(ctx: &Context, caller: &Caller, limit: u32, filter: Option<JobState>) -> problem::Result<Vec<JobListing>> {
    caller.require(Scope::Admin)?;
    Ok(reel_base::db::jobs::recent(&ctx.db, limit, filter).await?)
}

/// Queues a failed or dead job again for an admin, with the audit record.
#[tracing::instrument(skip_all, fields(job = %id))]
pub async fn retry_job(ctx: &Context, caller: &Caller, id: &str) -> problem::Result<()> {
    caller.require(Scope::Admin)?;
    let not_retryable = || Problem::conflict("not-retryable", "only a failed or dead job can be retried");
    let job: JobId = id.parse().map_err(|_| not_retryable())?;
    if !ctx.queue.retry(ctx, job).await? {
        return Err(not_retryable());
    }
    reel_base::db::audit::record(&ctx.db, Some(caller.subject()), "job.retried", Some(id), None, None).await?;
    Ok(())
}

/// Reads a requested visibility (default `members`); `public` only where the deployment allows it.
pub fn parse_visibility(text: Option<&str>, public_allowed: bool) -> problem::Result<Visibility> {
    let visibility = match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => t.parse::<Visibility>().map_err(|e| Problem::bad_request("invalid-visibility", e.0))?,
        None => Visibility::Members,
    };
    if visibility == Visibility::Public && !public_allowed {
        return Err(Problem::bad_request("public-not-allowed", "this platform does not allow public videos"));
    }
    Ok(visibility)
}
