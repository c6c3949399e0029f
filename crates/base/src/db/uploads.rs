//! Resumable (tus) upload rows: length, bytes received, metadata, expiry.

use crate::domain::{UploadId, UserId, VideoId};

use super::Db;

/// A resumable upload as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct UploadRecord {
    /// Its id.
    pub id: UploadId,
    /// Total length announced at creation.
    pub length: i64,
    /// Bytes received and kept.
    pub received: i64,
    /// File name from `Upload-Metadata`.
    pub filename: Option<String>,
    /// Title from `Upload-Metadata`.
    pub title: Option<String>,
    /// Description from `Upload-Metadata`.
    pub description: Option<String>,
    /// The account that created it.
    pub created_by: Option<UserId>,
    /// Requested visibility, from `Upload-Metadata`.
    pub visibility: Option<String>,
    /// The video it became, once complete.
    pub video_id: Option<VideoId>,
    /// Expiry (ms).
    pub expires_at: i64,
    /// For an upload that goes straight to the bucket: its S3 multipart upload id.
    pub direct_upload_id: Option<String>,
    /// For a resumable upload staged in the object store: the multipart upload its parts go to.
    pub staging_id: Option<String>,
}

from_row!(UploadRecord {
    id,
    length,
    received,
    filename,
    title,
    description,
    created_by,
    visibility,
    video_id,
    expires_at,
    direct_upload_id,
    staging_id
});

const COLUMNS: &str =
    "id, length, received, filename, title, description, created_by, visibility, video_id, expires_at, direct_upload_id, staging_id";

/// What a creation request announces.
pub struct NewUpload<'a> {
    /// Its id.
    pub id: UploadId,
    /// Total length.
    pub length: u64,
    /// File name.
    pub filename: Option<&'a str>,
    /// Title.
    pub title: Option<&'a str>,
    /// Description.
    pub description: Option<&'a str>,
    /// Creator's account id.
    pub created_by: Option<UserId>,
    /// Requested visibility.
    pub visibility: &'a str,
    /// Expiry (ms).
    pub expires_at: i64,
    /// The multipart upload a resumable upload is staged in, when it is staged in the object store.
    pub staging_id: Option<&'a str>,
    /// For an upload that goes straight to the bucket: its S3 multipart upload id.
    pub direct_upload_id: Option<&'a str>,
}

/// Changes the title, description and/or visibility an upload in progress will give its video;
/// false when there is no such unfinished upload of `owner`'s.
pub async fn update_details(
    db: &Db,
    id: UploadId,
    owner: UserId,
    title: Option<&str>,
    description: Option<&str>,
    visibility: Option<&str>,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE uploads SET title = COALESCE($1, title), description = COALESCE($2, description), visibility = COALESCE($3, visibility) \
         WHERE id = $4 AND created_by = $5 AND video_id IS NULL",
    )
    .bind(title)
    .bind(description)
    .bind(visibility)
    .bind(id)
    .bind(owner)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records a new upload.
pub async fn insert(db: &Db, new: &NewUpload<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO uploads (id, length, received, filename, title, description, created_by, created_at, expires_at, visibility, staging_id, direct_upload_id) \
         VALUES ($1, $2, 0, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(new.id)
    .bind(i64::try_from(new.length).unwrap_or(i64::MAX))
    .bind(new.filename)
    .bind(new.title)
    .bind(new.description)
    .bind(new.created_by)
    .bind(db.now_ms())
    .bind(new.expires_at)
    .bind(new.visibility)
    .bind(new.staging_id)
    .bind(new.direct_upload_id)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Takes, or renews, `writer`'s right to write to an upload until `until` (ms), returning the
/// upload as it stands; `None` when another writer holds it and its lease has not run out.
pub async fn claim_writer(db: &Db, id: UploadId, writer: &str, until: i64) -> sqlx::Result<Option<UploadRecord>> {
    sqlx::query_as(&format!(
        "UPDATE uploads SET writer = $1, writer_until = $2 WHERE id = $3 AND (writer IS NULL OR writer = $1 OR writer_until < $4) \
         RETURNING {COLUMNS}"
    ))
    .bind(writer)
    .bind(until)
    .bind(id)
    .bind(db.now_ms())
    .fetch_optional(db.pool())
    .await
}

/// Gives up `writer`'s right to write to an upload (nothing happens if another writer has it).
pub async fn release_writer(db: &Db, id: UploadId, writer: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE uploads SET writer = NULL, writer_until = NULL WHERE id = $1 AND writer = $2")
        .bind(id)
        .bind(writer)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Records parts stored in an upload's multipart staging (a part sent again replaces the
/// earlier one, as it does in the store).
pub async fn record_parts(db: &Db, id: UploadId, parts: &[(u32, String)]) -> sqlx::Result<()> {
    let mut tx = db.begin().await?;
    for (number, etag) in parts {
        sqlx::query(
            "INSERT INTO upload_parts (upload_id, number, etag) VALUES ($1, $2, $3) \
             ON CONFLICT (upload_id, number) DO UPDATE SET etag = excluded.etag",
        )
        .bind(id)
        .bind(i64::from(*number))
        .bind(etag)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

/// The ETags of parts `1..=count` of an upload's multipart staging, in order; fewer when some
/// are missing.
pub async fn parts(db: &Db, id: UploadId, count: u32) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar("SELECT etag FROM upload_parts WHERE upload_id = $1 AND number <= $2 ORDER BY number")
        .bind(id)
        .bind(i64::from(count))
        .fetch_all(db.pool())
        .await
}

/// Forgets the parts recorded for an upload whose multipart staging is complete.
pub async fn forget_parts(db: &Db, id: UploadId) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM upload_parts WHERE upload_id = $1").bind(id).execute(db.pool()).await?;
    Ok(())
}

/// One upload.
pub async fn get(db: &Db, id: UploadId) -> sqlx::Result<Option<UploadRecord>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM uploads WHERE id = $1")).bind(id).fetch_optional(db.pool()).await
}

/// Records how many bytes are kept.
pub async fn set_received(db: &Db, id: UploadId, received: u64) -> sqlx::Result<()> {
    sqlx::query("UPDATE uploads SET received = $1 WHERE id = $2")
        .bind(i64::try_from(received).unwrap_or(i64::MAX))
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Marks the upload complete and links the video it became.
pub async fn complete(db: &Db, id: UploadId, video_id: VideoId) -> sqlx::Result<()> {
    sqlx::query("UPDATE uploads SET video_id = $1, completed_at = $2 WHERE id = $3")
        .bind(video_id)
        .bind(db.now_ms())
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Forgets an upload; false when it was already gone (another server swept it).
pub async fn delete(db: &Db, id: UploadId) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM uploads WHERE id = $1").bind(id).execute(db.pool()).await?;
    Ok(done.rows_affected() == 1)
}

/// Unfinished uploads past their expiry.
pub async fn expired(db: &Db) -> sqlx::Result<Vec<UploadRecord>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM uploads WHERE completed_at IS NULL AND expires_at < $1"))
        .bind(db.now_ms())
        .fetch_all(db.pool())
        .await
}
