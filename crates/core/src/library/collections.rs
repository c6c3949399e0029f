//! Series and playlists: who may make, see and change them, and what their items are for
//! each viewer. A collection is seen by whom its visibility allows; each item in it is seen
//! only by whom the item's own visibility allows, so an item made private drops out of
//! everyone else's view of a playlist without the playlist changing.
//!
//! A series is made by creators and numbers their episodes (`series`, `season`, `episode` on
//! the video, set here or by a video edit); a playlist is any member's, of items they may see.

use serde::Deserialize;

use crate::auth::{policy, Caller, Scope};
use crate::library::catalogue::MetadataEdit;
use crate::library::videos::{self, Audience, EditVideo, Filter, VideoRecord};
use crate::platform::metadata_cache::Change;
use crate::platform::problem::{self, Problem};
use crate::platform::Context;
pub use reel_base::db::collections::Owner;
use reel_base::db::collections::{self, Added, CollectionEdit, CollectionRecord, NewCollection};
use reel_base::domain::collection::{Place, Shelf, MAX_PLAYLIST_ITEMS};
use reel_base::domain::{CollectionId, UserId, VideoDescription, VideoTitle, Visibility};

/// Most episodes a series lists.
const MAX_EPISODES: u32 = 2000;
/// Most collections a listing shows.
const MAX_LISTED: u32 = 200;

/// What a request says of a series or playlist; absent fields stay as they are (a new one
/// needs a title).
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CollectionInput {
    /// Title, 1–200 characters.
    #[schema(
        max_length = 200,
        pattern = r"^[^\x00-\x1F\x7F-\x9F\u2028\u2029]*[^\s\x00-\x1F\x7F-\x9F\u2028\u2029][^\x00-\x1F\x7F-\x9F\u2028\u2029]*$"
    )]
    pub title: Option<String>,
    /// Description, up to 5000 characters.
    #[schema(max_length = 5000, pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$")]
    pub description: Option<String>,
    /// `private`, `members` or `public` (where public content is allowed).
    #[schema(value_type = Option<reel_base::domain::Visibility>)]
    pub visibility: Option<String>,
}

/// The checked parts of a [`CollectionInput`].
struct Checked {
    title: Option<VideoTitle>,
    description: Option<VideoDescription>,
    visibility: Option<Visibility>,
}

impl CollectionInput {
    fn check(&self, ctx: &Context) -> problem::Result<Checked> {
        let title = self.title.as_deref().map(VideoTitle::parse).transpose()?;
        let description = self.description.as_deref().map(VideoDescription::parse).transpose()?;
        let visibility = match self.visibility.as_deref() {
            Some(v) => Some(crate::library::videos::parse_visibility(Some(v), ctx.config.auth.allow_public_videos)?),
            None => None,
        };
        Ok(Checked { title, description, visibility })
    }
}

/// The scope making one needs: series hold uploads, playlists only point at what exists.
fn scope_to_make(shelf: Shelf) -> Scope {
    match shelf {
        Shelf::Series => Scope::Upload,
        Shelf::Playlist => Scope::Read,
    }
}

/// Whether `caller` may change a collection of `owner`.
fn may_change(shelf: Shelf, caller: &Caller, owner: Option<UserId>) -> bool {
    match shelf {
        Shelf::Series => policy::can_manage(caller, owner),
        Shelf::Playlist => policy::can_curate(caller, owner),
    }
}

/// Whether `record` is another profile's private playlist and `caller` a kids profile, which
/// never sees one, though it is its account's.
fn another_profiles_private(caller: &Caller, record: &CollectionRecord) -> bool {
    caller.profile.kids && record.visibility == Visibility::Private && record.profile.is_some_and(|p| p != caller.profile_id())
}

fn not_found(shelf: Shelf) -> Problem {
    Problem::not_found(shelf.as_str())
}

/// Makes a series (creators) or playlist (any member). Playlists start private, series
/// members-only, unless told otherwise.
pub async fn create(ctx: &Context, caller: &Caller, shelf: Shelf, input: &CollectionInput) -> problem::Result<CollectionRecord> {
    caller.require(scope_to_make(shelf))?;
    let checked = input.check(ctx)?;
    let title = checked.title.ok_or_else(|| Problem::bad_request("invalid-text", "a title is required"))?;
    let description = checked.description.unwrap_or_default();
    let visibility = checked.visibility.unwrap_or(match shelf {
        Shelf::Series => Visibility::Members,
        Shelf::Playlist => Visibility::Private,
    });
    let new = NewCollection {
        title: title.as_str(),
        description: description.as_str(),
        created_by: caller.subject(),
        profile: Some(caller.profile_id()),
        visibility,
    };
    let id = collections::insert(&ctx.db, shelf, &new).await?;
    reel_base::db::audit::record(&ctx.db, Some(caller.subject()), &format!("{shelf}.created"), Some(&id.to_string()), None, None).await?;
    collections::get(&ctx.db, shelf, id).await?.ok_or_else(|| not_found(shelf))
}

/// A collection the caller may see; one they may not see is "not found", so its existence
/// does not leak.
pub async fn visible(ctx: &Context, caller: Option<&Caller>, shelf: Shelf, id: &str) -> problem::Result<CollectionRecord> {
    let id: CollectionId = id.parse().map_err(|_| not_found(shelf))?;
    let record = collections::get(&ctx.db, shelf, id).await?.ok_or_else(|| not_found(shelf))?;
    if !policy::can_view(caller, record.created_by, record.visibility, ctx.config.auth.allow_public_videos) {
        return Err(if caller.is_none() { Problem::unauthorized() } else { not_found(shelf) });
    }
    if caller.is_some_and(|c| another_profiles_private(c, &record)) {
        return Err(not_found(shelf));
    }
    Ok(record)
}

/// A collection the caller may change: its owner's (with the scope making one needs), or
/// any for an admin; for a kids profile, only a playlist of its own.
pub async fn managed(ctx: &Context, caller: &Caller, shelf: Shelf, id: &str) -> problem::Result<CollectionRecord> {
    let record = visible(ctx, Some(caller), shelf, id).await?;
    if caller.profile.kids && record.profile != Some(caller.profile_id()) {
        return Err(not_found(shelf));
    }
    if !may_change(shelf, caller, record.created_by) {
        return Err(Problem::forbidden(format!("only the {shelf}'s owner or an admin may change it")));
    }
    Ok(record)
}

/// The caller's own shelf: their profile's playlists (each profile keeps its own), their
/// account's series.
pub fn own(caller: &Caller, shelf: Shelf) -> Owner {
    match shelf {
        Shelf::Playlist => Owner::Profile(caller.profile_id()),
        Shelf::Series => Owner::Account(caller.subject()),
    }
}

/// Whose collections a listing asked for by account keeps: the caller's own shelf when it is
/// theirs, else that account's.
pub fn owner_for(caller: Option<&Caller>, shelf: Shelf, account: UserId) -> Owner {
    match caller {
        Some(c) if c.subject() == account => own(c, shelf),
        _ => Owner::Account(account),
    }
}

/// Those `audience` may see, newest first; only `owner`'s when given. A kids `viewer` sees no
/// other profile's private playlist, though it is its account's (as [`visible`] has it).
pub async fn list(
    ctx: &Context,
    viewer: Option<&Caller>,
    audience: Audience,
    shelf: Shelf,
    owner: Option<Owner>,
) -> problem::Result<Vec<CollectionRecord>> {
    let mut records = collections::list(&ctx.db, shelf, audience, owner, MAX_LISTED).await?;
    if let Some(viewer) = viewer {
        records.retain(|r| !another_profiles_private(viewer, r));
    }
    Ok(records)
}

/// Renames, redescribes or changes who may see a collection.
pub async fn change(ctx: &Context, caller: &Caller, shelf: Shelf, id: &str, input: &CollectionInput) -> problem::Result<CollectionRecord> {
    let record = managed(ctx, caller, shelf, id).await?;
    let checked = input.check(ctx)?;
    let edit = CollectionEdit {
        title: checked.title.as_ref().map(VideoTitle::as_str),
        description: checked.description.as_ref().map(VideoDescription::as_str),
        visibility: checked.visibility,
    };
    if !collections::update(&ctx.db, shelf, record.id, edit).await? {
        return Err(not_found(shelf));
    }
    collections::get(&ctx.db, shelf, record.id).await?.ok_or_else(|| not_found(shelf))
}

/// Deletes a collection: a playlist's items go with it; a series' episodes stay, in no series.
pub async fn remove(ctx: &Context, caller: &Caller, shelf: Shelf, id: &str) -> problem::Result<()> {
    let record = managed(ctx, caller, shelf, id).await?;
    if !crate::library::item::remove_collection(ctx, shelf, record.id).await? {
        return Err(not_found(shelf));
    }
    reel_base::db::audit::record(&ctx.db, Some(caller.subject()), &format!("{shelf}.deleted"), Some(&record.id.to_string()), None, None)
        .await?;
    Ok(())
}

/// The items of `record` that `audience` may see, in its order (a series': season, then
/// episode); only those that can be watched when `watchable`.
pub async fn items(
    ctx: &Context,
    audience: Audience,
    shelf: Shelf,
    record: &CollectionRecord,
    watchable: bool,
) -> problem::Result<Vec<VideoRecord>> {
    let filter = match shelf {
        Shelf::Series => Filter { series: Some(record.id), watchable, ..Filter::default() },
        Shelf::Playlist => Filter { playlist: Some(record.id), watchable, ..Filter::default() },
    };
    let limit = match shelf {
        Shelf::Series => MAX_EPISODES,
        Shelf::Playlist => MAX_PLAYLIST_ITEMS as u32,
    };
    videos::list(ctx, audience, filter, limit, None).await
}

/// Adds an item the caller may see to the end of their playlist.
pub async fn add_item(ctx: &Context, caller: &Caller, playlist: &str, video: &str) -> problem::Result<CollectionRecord> {
    let record = managed(ctx, caller, Shelf::Playlist, playlist).await?;
    let video = videos::visible(ctx, Some(caller), video).await?;
    match collections::add_item(&ctx.db, record.id, video.id).await? {
        Added::Added => {
            ctx.shared.announce(Change::Listings).await;
            Ok(record)
        }
        Added::AlreadyThere => Err(Problem::conflict("already-in-playlist", "the item is already in this playlist")),
        Added::Full => Err(Problem::conflict("playlist-full", format!("a playlist holds at most {MAX_PLAYLIST_ITEMS} items"))),
    }
}

/// Takes an item out of the caller's playlist.
pub async fn remove_item(ctx: &Context, caller: &Caller, playlist: &str, video: &str) -> problem::Result<()> {
    let record = managed(ctx, caller, Shelf::Playlist, playlist).await?;
    let video = video.parse().map_err(|_| Problem::not_found("item"))?;
    if !collections::remove_item(&ctx.db, record.id, video).await? {
        return Err(Problem::not_found("item"));
    }
    ctx.shared.announce(Change::Listings).await;
    Ok(())
}

/// Moves an item of the caller's playlist to `to`.
pub async fn move_item(ctx: &Context, caller: &Caller, playlist: &str, video: &str, to: Place) -> problem::Result<()> {
    let record = managed(ctx, caller, Shelf::Playlist, playlist).await?;
    let video = video.parse().map_err(|_| Problem::not_found("item"))?;
    if !collections::move_item(&ctx.db, record.id, video, to).await? {
        return Err(Problem::not_found("item"));
    }
    ctx.shared.announce(Change::Listings).await;
    Ok(())
}

/// Makes a video the caller manages an episode of their series, or renumbers it there.
pub async fn put_episode(
    ctx: &Context,
    caller: &Caller,
    series: &str,
    video: &str,
    season: Option<i64>,
    episode: Option<i64>,
) -> problem::Result<()> {
    let record = managed(ctx, caller, Shelf::Series, series).await?;
    let metadata =
        MetadataEdit { series: Some(Some(record.id.to_string())), season: Some(season), episode: Some(episode), ..MetadataEdit::default() };
    videos::change(ctx, caller, video, &EditVideo { metadata, ..EditVideo::default() }).await.map(drop)
}

/// Takes an episode out of the caller's series (the video stays).
pub async fn remove_episode(ctx: &Context, caller: &Caller, series: &str, video: &str) -> problem::Result<()> {
    let record = managed(ctx, caller, Shelf::Series, series).await?;
    let current = videos::managed(ctx, caller, video).await?;
    if current.meta.series != Some(record.id) {
        return Err(Problem::not_found("episode"));
    }
    let metadata = MetadataEdit { series: Some(None), ..MetadataEdit::default() };
    videos::change(ctx, caller, video, &EditVideo { metadata, ..EditVideo::default() }).await.map(drop)
}

/// Checks that a video edit may put the video in `series`: it exists and the caller may
/// add to it (a series is its owner's to fill).
pub async fn check_series_for(ctx: &Context, caller: &Caller, series: CollectionId) -> problem::Result<()> {
    let record = collections::get(&ctx.db, Shelf::Series, series).await?;
    match record {
        Some(r) if policy::can_manage(caller, r.created_by) => Ok(()),
        Some(r) if policy::can_view(Some(caller), r.created_by, r.visibility, ctx.config.auth.allow_public_videos) => {
            Err(Problem::forbidden("only the series' owner or an admin may add episodes to it"))
        }
        _ => Err(Problem::bad_request("invalid-metadata", "series: no such series")),
    }
}
