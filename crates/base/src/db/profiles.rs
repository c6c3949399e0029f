//! Viewer profiles: an account's main profile (its own id, made with the account) and the
//! others it adds; which one a session acts as; the PINs that lock them and the account's
//! parental PIN.

use crate::domain::{ProfileId, UserId};

use super::Db;

/// A profile as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileRecord {
    /// Its id (the account's own for the main profile).
    pub id: ProfileId,
    /// The account it belongs to.
    pub user_id: UserId,
    /// Name shown on the "who's watching?" page.
    pub name: String,
    /// Avatar colour (one of `domain::profile::AVATAR_COLOURS`).
    pub avatar: String,
    /// 1 for a kids profile.
    pub kids: i64,
    /// 1 while the profile's history is paused.
    pub history_paused: i64,
    /// Created (ms).
    pub created_at: i64,
    /// The keyed hash of its PIN, where it is locked with one.
    pub pin_hash: Option<String>,
}

from_row!(ProfileRecord { id, user_id, name, avatar, kids, history_paused, created_at, pin_hash });

impl ProfileRecord {
    /// Whether this is the account's main profile (which cannot be removed or made a kids one).
    pub fn is_main(&self) -> bool {
        self.id == ProfileId::from(self.user_id)
    }

    /// Whether it sees only items at or under the kids rating cap.
    pub fn is_kids(&self) -> bool {
        self.kids == 1
    }

    /// Whether switching to it asks for a PIN.
    pub fn is_locked(&self) -> bool {
        self.pin_hash.is_some()
    }
}

const COLUMNS: &str = "id, user_id, name, avatar, kids, history_paused, created_at, pin_hash";

/// What a new profile is made of.
pub struct NewProfile<'a> {
    /// Its id.
    pub id: ProfileId,
    /// The account.
    pub user_id: UserId,
    /// Its name.
    pub name: &'a str,
    /// Its avatar colour.
    pub avatar: &'a str,
    /// Whether it is a kids profile.
    pub kids: bool,
}

/// Adds a profile to its account unless the account already has `max`; whether it was added.
pub async fn add(db: &Db, new: &NewProfile<'_>, max: u32) -> sqlx::Result<bool> {
    insert(db.pool(), new, Some(max), db.now_ms()).await
}

/// Adds a profile made at `at` to its account unless the account already has `max` (none: no limit);
/// whether it was added. The count and the insert are one statement, so two requests racing
/// cannot both pass the limit.
pub async fn insert<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    new: &NewProfile<'_>,
    max: Option<u32>,
    at: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO profiles (id, user_id, name, avatar, kids, created_at) \
         SELECT $1, $2, $3, $4, $5, $6 WHERE (SELECT COUNT(*) FROM profiles WHERE user_id = $2) < $7",
    )
    .bind(new.id)
    .bind(new.user_id)
    .bind(new.name)
    .bind(new.avatar)
    .bind(i64::from(new.kids))
    .bind(at)
    .bind(max.map_or(i64::MAX, i64::from))
    .execute(executor)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// `user`'s profiles, the main one first, then oldest first.
pub async fn list(db: &Db, user: UserId) -> sqlx::Result<Vec<ProfileRecord>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM profiles WHERE user_id = $1 ORDER BY CASE WHEN id = user_id THEN 0 ELSE 1 END, created_at, id"
    ))
    .bind(user)
    .fetch_all(db.pool())
    .await
}

/// One of `user`'s profiles.
pub async fn get(db: &Db, user: UserId, id: ProfileId) -> sqlx::Result<Option<ProfileRecord>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM profiles WHERE id = $1 AND user_id = $2"))
        .bind(id)
        .bind(user)
        .fetch_optional(db.pool())
        .await
}

/// A change to a profile: each part that is `Some` is set.
#[derive(Debug, Clone, Copy, Default)]
pub struct ProfileEdit<'a> {
    /// New name.
    pub name: Option<&'a str>,
    /// New avatar colour.
    pub avatar: Option<&'a str>,
    /// Kids or not.
    pub kids: Option<bool>,
}

/// Changes one of `user`'s profiles; whether it exists.
pub async fn update(db: &Db, user: UserId, id: ProfileId, edit: ProfileEdit<'_>) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE profiles SET name = COALESCE($1, name), avatar = COALESCE($2, avatar), kids = COALESCE($3, kids) \
         WHERE id = $4 AND user_id = $5",
    )
    .bind(edit.name)
    .bind(edit.avatar)
    .bind(edit.kids.map(i64::from))
    .bind(id)
    .bind(user)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Locks one of `user`'s profiles with the PIN whose keyed hash is `pin_hash`, or unlocks it
/// (`None`); whether it exists.
pub async fn set_pin(db: &Db, user: UserId, id: ProfileId, pin_hash: Option<&str>) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE profiles SET pin_hash = $1 WHERE id = $2 AND user_id = $3")
        .bind(pin_hash)
        .bind(id)
        .bind(user)
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected() == 1)
}

/// The keyed hash of `user`'s parental PIN, where one is set.
pub async fn parental_pin(db: &Db, user: UserId) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT parental_pin_hash FROM users WHERE id = $1").bind(user).fetch_optional(db.pool()).await.map(Option::flatten)
}

/// Sets `user`'s parental PIN (its keyed hash), or removes it (`None`).
pub async fn set_parental_pin(db: &Db, user: UserId, pin_hash: Option<&str>) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET parental_pin_hash = $1 WHERE id = $2").bind(pin_hash).bind(user).execute(db.pool()).await?;
    Ok(())
}

/// Removes one of `user`'s profiles other than the main one, with its positions, history
/// and playlists; sessions acting as it fall back to the main profile. Whether it existed.
pub async fn delete(db: &Db, user: UserId, id: ProfileId) -> sqlx::Result<bool> {
    if id == ProfileId::from(user) {
        return Ok(false);
    }
    let mut tx = db.begin().await?;
    let gone = sqlx::query("DELETE FROM profiles WHERE id = $1 AND user_id = $2").bind(id).bind(user).execute(&mut *tx).await?;
    if gone.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query("DELETE FROM watch_progress WHERE profile_id = $1").bind(id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM playback_sessions WHERE profile_id = $1").bind(id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM profile_recommendations WHERE profile_id = $1").bind(id).execute(&mut *tx).await?;
    // Its reactions leave each item's totals.
    sqlx::query(
        "UPDATE reaction_counts SET \
         likes = likes - (SELECT COUNT(*) FROM reactions r WHERE r.video_id = reaction_counts.video_id AND r.profile_id = $1 AND r.value = 1), \
         dislikes = dislikes - (SELECT COUNT(*) FROM reactions r WHERE r.video_id = reaction_counts.video_id AND r.profile_id = $1 AND r.value = -1) \
         WHERE video_id IN (SELECT video_id FROM reactions WHERE profile_id = $1)",
    )
    .bind(id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM reactions WHERE profile_id = $1").bind(id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM playlist_items WHERE playlist_id IN (SELECT id FROM playlists WHERE profile_id = $1)")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM playlists WHERE profile_id = $1").bind(id).execute(&mut *tx).await?;
    sqlx::query("UPDATE sessions SET profile_id = NULL WHERE profile_id = $1").bind(id).execute(&mut *tx).await?;
    sqlx::query("UPDATE api_tokens SET revoked_at = $2 WHERE profile_id = $1 AND revoked_at IS NULL")
        .bind(id)
        .bind(db.now_ms())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}

/// Makes the session with `id_hash` act as `profile` from its next request.
pub async fn switch_session(db: &Db, id_hash: &str, profile: ProfileId) -> sqlx::Result<()> {
    sqlx::query("UPDATE sessions SET profile_id = $1 WHERE id_hash = $2").bind(profile).bind(id_hash).execute(db.pool()).await?;
    Ok(())
}
