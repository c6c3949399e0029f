//! Series and playlists as stored: one table each with the same columns, and a playlist's
//! items in order. A series' episodes are videos naming it (see `db::catalogue`); their
//! listing, like a playlist's, goes through `db::listing`, so what a viewer sees of either is
//! exactly what they may see of the videos.

use crate::domain::collection::{self, Place, Shelf, MAX_PLAYLIST_ITEMS};
use crate::domain::{CollectionId, ProfileId, UserId, VideoId, Visibility};

use super::listing::{audience_condition, Audience, Conditions, Param};
use super::Db;

/// A series or playlist as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct CollectionRecord {
    /// Its id.
    pub id: CollectionId,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// The owning account.
    pub created_by: Option<UserId>,
    /// Who may see it (its items are each still seen only by whom they allow).
    pub visibility: Visibility,
    /// When it was made (ms).
    pub created_at: i64,
    /// When it last changed (ms).
    pub updated_at: i64,
    /// The profile whose playlist it is (none for a series, which is the account's).
    pub profile: Option<ProfileId>,
}

from_row!(CollectionRecord { id, title, description, created_by, visibility, created_at, updated_at, profile = "profile_id" });

/// The columns of a record: series have no profile.
fn columns(shelf: Shelf) -> &'static str {
    match shelf {
        Shelf::Playlist => "id, title, description, created_by, visibility, created_at, updated_at, profile_id",
        Shelf::Series => "id, title, description, created_by, visibility, created_at, updated_at, CAST(NULL AS TEXT) AS profile_id",
    }
}

fn table(shelf: Shelf) -> &'static str {
    match shelf {
        Shelf::Series => "series",
        Shelf::Playlist => "playlists",
    }
}

/// What a new series or playlist starts as.
pub struct NewCollection<'a> {
    /// Title (checked).
    pub title: &'a str,
    /// Description (checked).
    pub description: &'a str,
    /// The owning account.
    pub created_by: UserId,
    /// The profile whose playlist it is (series belong to the account alone).
    pub profile: Option<ProfileId>,
    /// Who may see it.
    pub visibility: Visibility,
}

/// Whose series or playlists a listing keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// An account's (every profile's playlists, for a playlist shelf).
    Account(UserId),
    /// One profile's playlists.
    Profile(ProfileId),
}

/// Records a new series or playlist; its id.
pub async fn insert(db: &Db, shelf: Shelf, new: &NewCollection<'_>) -> sqlx::Result<CollectionId> {
    let id = CollectionId::new();
    let now = db.now_ms();
    // Only playlists have a profile column.
    let (profile_column, profile_value) = match shelf {
        Shelf::Playlist => (", profile_id", ", $7"),
        Shelf::Series => ("", ""),
    };
    let sql = format!(
        "INSERT INTO {} (id, title, description, created_by, visibility, created_at, updated_at{profile_column}) \
         VALUES ($1, $2, $3, $4, $5, $6, $6{profile_value})",
        table(shelf)
    );
    let mut query = sqlx::query(&sql).bind(id).bind(new.title).bind(new.description).bind(new.created_by).bind(new.visibility).bind(now);
    if shelf == Shelf::Playlist {
        query = query.bind(new.profile.unwrap_or_else(|| new.created_by.into()));
    }
    query.execute(db.pool()).await?;
    Ok(id)
}

/// One series or playlist.
pub async fn get(db: &Db, shelf: Shelf, id: CollectionId) -> sqlx::Result<Option<CollectionRecord>> {
    sqlx::query_as(&format!("SELECT {} FROM {} WHERE id = $1", columns(shelf), table(shelf))).bind(id).fetch_optional(db.pool()).await
}

/// Newest first, at most `limit`: those `audience` may see, only `owner`'s when given.
pub async fn list(db: &Db, shelf: Shelf, audience: Audience, owner: Option<Owner>, limit: u32) -> sqlx::Result<Vec<CollectionRecord>> {
    let name = table(shelf);
    let mut c = Conditions::default();
    audience_condition(&mut c, audience, name);
    match owner {
        Some(Owner::Account(user)) => {
            let p = c.text(user.to_string());
            c.push(format!("{name}.created_by = {p}"));
        }
        Some(Owner::Profile(profile)) if shelf == Shelf::Playlist => {
            let p = c.text(profile.to_string());
            c.push(format!("{name}.profile_id = {p}"));
        }
        // Series have no profile: a profile's series are none.
        Some(Owner::Profile(_)) => c.push("1 = 0".into()),
        None => {}
    }
    let limit = c.param(Param::Int(i64::from(limit)));
    let sql = format!("SELECT {} FROM {name} WHERE {} ORDER BY created_at DESC, id DESC LIMIT {limit}", columns(shelf), c.all());
    c.bind(sqlx::query_as(&sql)).fetch_all(db.pool()).await
}

/// A change to a series or playlist: each part that is `Some` is set.
#[derive(Debug, Clone, Copy, Default)]
pub struct CollectionEdit<'a> {
    /// New title (checked).
    pub title: Option<&'a str>,
    /// New description (checked).
    pub description: Option<&'a str>,
    /// New visibility.
    pub visibility: Option<Visibility>,
}

/// Applies an edit; false when there is no such collection.
pub async fn update(db: &Db, shelf: Shelf, id: CollectionId, edit: CollectionEdit<'_>) -> sqlx::Result<bool> {
    let done = sqlx::query(&format!(
        "UPDATE {} SET title = COALESCE($1, title), description = COALESCE($2, description), \
         visibility = COALESCE($3, visibility), updated_at = $4 WHERE id = $5",
        table(shelf)
    ))
    .bind(edit.title)
    .bind(edit.description)
    .bind(edit.visibility.map(Visibility::as_str))
    .bind(db.now_ms())
    .bind(id)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Removes a series (its episodes stay, as videos in no series) or a playlist (its items go
/// with it); false when there was none.
pub async fn delete(db: &Db, shelf: Shelf, id: CollectionId) -> sqlx::Result<bool> {
    let mut tx = db.begin().await?;
    match shelf {
        Shelf::Series => {
            sqlx::query("UPDATE videos SET series_id = NULL, season = NULL, episode = NULL WHERE series_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        Shelf::Playlist => {
            sqlx::query("DELETE FROM playlist_items WHERE playlist_id = $1").bind(id).execute(&mut *tx).await?;
        }
    }
    let done = sqlx::query(&format!("DELETE FROM {} WHERE id = $1", table(shelf))).bind(id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(done.rows_affected() == 1)
}

/// What adding an item to a playlist did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    /// It is now the last item.
    Added,
    /// It was already in the playlist (where it stays).
    AlreadyThere,
    /// The playlist holds [`MAX_PLAYLIST_ITEMS`] already.
    Full,
}

/// A playlist's items, in order (every one, whoever may see them).
async fn items_in<'e>(executor: impl sqlx::Executor<'e, Database = sqlx::Any>, playlist: CollectionId) -> sqlx::Result<Vec<VideoId>> {
    sqlx::query_scalar("SELECT video_id FROM playlist_items WHERE playlist_id = $1 ORDER BY position, added_at")
        .bind(playlist)
        .fetch_all(executor)
        .await
}

/// Puts `video` at the end of a playlist, in one transaction so two adds cannot pass the
/// limit together.
pub async fn add_item(db: &Db, playlist: CollectionId, video: VideoId) -> sqlx::Result<Added> {
    let mut tx = db.begin().await?;
    // Touching the playlist first makes concurrent adds to it take turns on PostgreSQL.
    sqlx::query("UPDATE playlists SET updated_at = $1 WHERE id = $2").bind(db.now_ms()).bind(playlist).execute(&mut *tx).await?;
    let current = items_in(&mut *tx, playlist).await?;
    if current.contains(&video) {
        return Ok(Added::AlreadyThere);
    }
    if current.len() >= MAX_PLAYLIST_ITEMS {
        return Ok(Added::Full);
    }
    sqlx::query("INSERT INTO playlist_items (playlist_id, video_id, position, added_at) VALUES ($1, $2, $3, $4)")
        .bind(playlist)
        .bind(video)
        .bind(current.len() as i64)
        .bind(db.now_ms())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Added::Added)
}

/// Takes `video` out of a playlist; false when it was not in it.
pub async fn remove_item(db: &Db, playlist: CollectionId, video: VideoId) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM playlist_items WHERE playlist_id = $1 AND video_id = $2")
        .bind(playlist)
        .bind(video)
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Moves `video` to `to` in a playlist, renumbering the rest in one transaction (so the place
/// it moves from is the one stored); false when it is not in the playlist.
pub async fn move_item(db: &Db, playlist: CollectionId, video: VideoId, to: Place) -> sqlx::Result<bool> {
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE playlists SET updated_at = $1 WHERE id = $2").bind(db.now_ms()).bind(playlist).execute(&mut *tx).await?;
    let current = items_in(&mut *tx, playlist).await?;
    let Some(order) = collection::moved(&current, video, to) else { return Ok(false) };
    for (position, id) in order.iter().enumerate() {
        sqlx::query("UPDATE playlist_items SET position = $1 WHERE playlist_id = $2 AND video_id = $3")
            .bind(position as i64)
            .bind(playlist)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(true)
}
