//! Comment rows: threads of an item (newest or most replied first, by keyset) and their
//! replies (oldest first), written with the count of each thread's shown replies kept in step;
//! a comment its writer takes back keeps its row without its text, and so does one others
//! answered when its writer's account is erased, then written by no account.

use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};

use crate::domain::comment::CommentOrder;
use crate::domain::{CommentId, UserId, VideoId};

use super::listing::{Conditions, Param};
use super::{placeholders, Db};

/// A comment with what a page shows of its writer.
#[derive(Debug, Clone, PartialEq)]
pub struct CommentRecord {
    /// Its id.
    pub id: CommentId,
    /// The item it is on.
    pub video_id: VideoId,
    /// Its writer.
    pub user_id: UserId,
    /// The comment it answers; none for a thread's first comment.
    pub parent_id: Option<CommentId>,
    /// Its text; empty once taken back.
    pub body: String,
    /// How many of its replies are shown.
    pub replies: i64,
    /// Written (ms).
    pub created_at: i64,
    /// Last edited (ms).
    pub edited_at: Option<i64>,
    /// Pinned by the item's owner (ms).
    pub pinned_at: Option<i64>,
    /// Hidden by the item's owner or a moderator (ms).
    pub hidden_at: Option<i64>,
    /// Taken back by its writer (ms).
    pub deleted_at: Option<i64>,
    /// The writer's display name (empty once their account is erased).
    pub author_name: String,
    /// The writer's channel handle (empty once their account is erased).
    pub author_channel: String,
    /// The version of the writer's avatar, if they have one.
    pub author_avatar: Option<String>,
}

impl<'r> FromRow<'r, AnyRow> for CommentRecord {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        Ok(Self {
            id: row.try_get("id")?,
            video_id: row.try_get("video_id")?,
            user_id: row.try_get("user_id")?,
            parent_id: row.try_get("parent_id")?,
            body: row.try_get("body")?,
            replies: row.try_get("replies")?,
            created_at: row.try_get("created_at")?,
            edited_at: row.try_get("edited_at")?,
            pinned_at: row.try_get("pinned_at")?,
            hidden_at: row.try_get("hidden_at")?,
            deleted_at: row.try_get("deleted_at")?,
            author_name: row.try_get("author_name")?,
            author_channel: row.try_get("author_channel")?,
            author_avatar: row.try_get("author_avatar")?,
        })
    }
}

/// A comment whose writer's account was erased has no writer to join: an empty name and handle.
const SELECT: &str = "SELECT c.id, c.video_id, c.user_id, c.parent_id, c.body, c.replies, c.created_at, c.edited_at, c.pinned_at, \
     c.hidden_at, c.deleted_at, COALESCE(u.display_name, '') AS author_name, COALESCE(u.channel, '') AS author_channel, \
     u.avatar_version AS author_avatar FROM comments c LEFT JOIN users u ON u.id = c.user_id";

/// A comment about to be stored.
pub struct NewComment<'a> {
    /// Its id.
    pub id: CommentId,
    /// The item.
    pub video_id: VideoId,
    /// Its writer.
    pub user_id: UserId,
    /// The thread it answers.
    pub parent_id: Option<CommentId>,
    /// Its checked text.
    pub body: &'a str,
}

/// Stores `new`; a reply counts on its thread in the same transaction. False (nothing stored)
/// when the reply's thread is not a shown first comment of the same item.
pub async fn insert(db: &Db, new: &NewComment<'_>) -> sqlx::Result<bool> {
    let mut tx = db.begin().await?;
    if let Some(parent) = new.parent_id {
        let counted = sqlx::query(
            "UPDATE comments SET replies = replies + 1 \
             WHERE id = $1 AND video_id = $2 AND parent_id IS NULL AND deleted_at IS NULL AND hidden_at IS NULL",
        )
        .bind(parent)
        .bind(new.video_id)
        .execute(&mut *tx)
        .await?;
        if counted.rows_affected() != 1 {
            return Ok(false);
        }
    }
    sqlx::query("INSERT INTO comments (id, video_id, user_id, parent_id, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(new.id)
        .bind(new.video_id)
        .bind(new.user_id)
        .bind(new.parent_id)
        .bind(new.body)
        .bind(db.now_ms())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}

/// One comment, whatever its state.
pub async fn get(db: &Db, id: CommentId) -> sqlx::Result<Option<CommentRecord>> {
    sqlx::query_as(&format!("{SELECT} WHERE c.id = $1")).bind(id).fetch_optional(db.pool()).await
}

/// What a list of comments shows.
#[derive(Debug, Clone, Copy)]
pub struct Shown {
    /// Hidden comments too (the item's owner, moderators).
    pub hidden: bool,
}

/// The conditions of the comments `shown` leaves in view, numbered from `$1`: a comment taken
/// back stays as a placeholder only while its thread has replies to show.
fn in_view(c: &mut Conditions, shown: Shown) {
    c.push("(c.deleted_at IS NULL OR c.replies > 0)".into());
    if !shown.hidden {
        c.push("c.hidden_at IS NULL".into());
    }
}

/// Where a page of threads starts: after the last one of the page before, in its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct After {
    /// The last thread's shown replies (for the `top` order).
    pub replies: i64,
    /// Its time (ms).
    pub created_at: i64,
    /// Its id.
    pub id: CommentId,
}

/// The item's threads in `order`, after `after`, at most `limit`; the pinned thread is not
/// among them (see [`pinned`]).
pub async fn threads(
    db: &Db,
    video: VideoId,
    order: CommentOrder,
    shown: Shown,
    after: Option<After>,
    limit: u32,
) -> sqlx::Result<Vec<CommentRecord>> {
    let mut c = Conditions::default();
    let v = c.text(video.to_string());
    c.push(format!("c.video_id = {v} AND c.parent_id IS NULL AND c.pinned_at IS NULL"));
    in_view(&mut c, shown);
    if let Some(a) = after {
        let (at, id) = (c.param(Param::Int(a.created_at)), c.text(a.id.to_string()));
        let newer = format!("(c.created_at < {at} OR (c.created_at = {at} AND c.id < {id}))");
        match order {
            CommentOrder::Newest => c.push(newer),
            CommentOrder::Top => {
                let r = c.param(Param::Int(a.replies));
                c.push(format!("(c.replies < {r} OR (c.replies = {r} AND {newer}))"));
            }
        }
    }
    let order_by = match order {
        CommentOrder::Newest => "c.created_at DESC, c.id DESC",
        CommentOrder::Top => "c.replies DESC, c.created_at DESC, c.id DESC",
    };
    let limit = c.param(Param::Int(i64::from(limit)));
    let sql = format!("{SELECT} WHERE {} ORDER BY {order_by} LIMIT {limit}", c.all());
    c.bind(sqlx::query_as(&sql)).fetch_all(db.pool()).await
}

/// The item's pinned thread, if it has one in view.
pub async fn pinned(db: &Db, video: VideoId, shown: Shown) -> sqlx::Result<Option<CommentRecord>> {
    let mut c = Conditions::default();
    let v = c.text(video.to_string());
    c.push(format!("c.video_id = {v} AND c.parent_id IS NULL AND c.pinned_at IS NOT NULL"));
    in_view(&mut c, shown);
    let sql = format!("{SELECT} WHERE {} LIMIT 1", c.all());
    c.bind(sqlx::query_as(&sql)).fetch_optional(db.pool()).await
}

/// The replies of `thread` in view, oldest first, after `(created_at, id)`, at most `limit`.
pub async fn replies(
    db: &Db,
    thread: CommentId,
    shown: Shown,
    after: Option<(i64, CommentId)>,
    limit: u32,
) -> sqlx::Result<Vec<CommentRecord>> {
    let mut c = Conditions::default();
    let t = c.text(thread.to_string());
    c.push(format!("c.parent_id = {t} AND c.deleted_at IS NULL"));
    in_view(&mut c, shown);
    if let Some((at, id)) = after {
        let (at, id) = (c.param(Param::Int(at)), c.text(id.to_string()));
        c.push(format!("(c.created_at > {at} OR (c.created_at = {at} AND c.id > {id}))"));
    }
    let limit = c.param(Param::Int(i64::from(limit)));
    let sql = format!("{SELECT} WHERE {} ORDER BY c.created_at, c.id LIMIT {limit}", c.all());
    c.bind(sqlx::query_as(&sql)).fetch_all(db.pool()).await
}

/// The first `each` replies in view of each of `threads`, oldest first, in one query.
pub async fn first_replies(db: &Db, threads: &[CommentId], shown: Shown, each: u32) -> sqlx::Result<Vec<CommentRecord>> {
    if threads.is_empty() {
        return Ok(Vec::new());
    }
    let hidden = if shown.hidden { "" } else { " AND c.hidden_at IS NULL" };
    let sql = format!(
        "SELECT * FROM (SELECT c.id, c.video_id, c.user_id, c.parent_id, c.body, c.replies, c.created_at, c.edited_at, c.pinned_at, \
         c.hidden_at, c.deleted_at, u.display_name AS author_name, u.channel AS author_channel, u.avatar_version AS author_avatar, \
         ROW_NUMBER() OVER (PARTITION BY c.parent_id ORDER BY c.created_at, c.id) AS n \
         FROM comments c JOIN users u ON u.id = c.user_id WHERE c.parent_id IN ({}) AND c.deleted_at IS NULL{hidden}) t \
         WHERE n <= ${} ORDER BY created_at, id",
        placeholders(1, threads.len()),
        threads.len() + 1
    );
    threads.iter().fold(sqlx::query_as(&sql), |q, id| q.bind(id)).bind(i64::from(each)).fetch_all(db.pool()).await
}

/// How many comments of the item are shown to everyone.
pub async fn count(db: &Db, video: VideoId) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM comments WHERE video_id = $1 AND deleted_at IS NULL AND hidden_at IS NULL")
        .bind(video)
        .fetch_one(db.pool())
        .await
}

/// Replaces the text of `id`, if `author` wrote it, it is not taken back, and it was written
/// at or after `since` (ms): the edit window. False when any of those does not hold.
pub async fn edit(db: &Db, id: CommentId, author: UserId, body: &str, since: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE comments SET body = $1, edited_at = $2 WHERE id = $3 AND user_id = $4 AND deleted_at IS NULL AND created_at >= $5",
    )
    .bind(body)
    .bind(db.now_ms())
    .bind(id)
    .bind(author)
    .bind(since)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Moves the count of shown replies of `comment`'s thread by `by`, when it is a reply.
async fn count_on_thread(tx: &mut sqlx::Transaction<'static, sqlx::Any>, comment: &CommentRecord, by: i64) -> sqlx::Result<()> {
    if let Some(parent) = comment.parent_id {
        sqlx::query("UPDATE comments SET replies = replies + $1 WHERE id = $2").bind(by).bind(parent).execute(&mut **tx).await?;
    }
    Ok(())
}

/// Takes back `comment`: its text goes, its row stays (its thread's replies keep their place),
/// and a shown reply stops counting on its thread. False when it was already taken back.
pub async fn delete(db: &Db, comment: &CommentRecord) -> sqlx::Result<bool> {
    let mut tx = db.begin().await?;
    let done = sqlx::query("UPDATE comments SET body = '', deleted_at = $1, pinned_at = NULL WHERE id = $2 AND deleted_at IS NULL")
        .bind(db.now_ms())
        .bind(comment.id)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    if comment.hidden_at.is_none() {
        count_on_thread(&mut tx, comment, -1).await?;
    }
    // Notifications about it tell of nothing any more.
    sqlx::query("DELETE FROM notifications WHERE comment_id = $1").bind(comment.id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(true)
}

/// Hides or shows `comment` again; a reply's change counts on its thread. False when it was
/// already so, or taken back.
pub async fn set_hidden(db: &Db, comment: &CommentRecord, hidden: bool) -> sqlx::Result<bool> {
    let mut tx = db.begin().await?;
    let sql = if hidden {
        "UPDATE comments SET hidden_at = $1, pinned_at = NULL WHERE id = $2 AND hidden_at IS NULL AND deleted_at IS NULL"
    } else {
        "UPDATE comments SET hidden_at = NULL WHERE id = $2 AND hidden_at IS NOT NULL AND deleted_at IS NULL AND $1 = $1"
    };
    let done = sqlx::query(sql).bind(db.now_ms()).bind(comment.id).execute(&mut *tx).await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    count_on_thread(&mut tx, comment, if hidden { -1 } else { 1 }).await?;
    tx.commit().await?;
    Ok(true)
}

/// Pins `comment` (a shown thread of its item) in place of any other, or unpins the item's
/// pinned thread with none. False when the comment cannot be pinned.
pub async fn pin_thread(db: &Db, video: VideoId, comment: Option<CommentId>) -> sqlx::Result<bool> {
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE comments SET pinned_at = NULL WHERE video_id = $1 AND pinned_at IS NOT NULL").bind(video).execute(&mut *tx).await?;
    if let Some(id) = comment {
        let done = sqlx::query(
            "UPDATE comments SET pinned_at = $1 WHERE id = $2 AND video_id = $3 AND parent_id IS NULL AND deleted_at IS NULL AND hidden_at IS NULL",
        )
        .bind(db.now_ms())
        .bind(id)
        .bind(video)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
    }
    tx.commit().await?;
    Ok(true)
}
