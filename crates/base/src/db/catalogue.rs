//! Catalogue metadata: the columns on each video row, and its genres and tags, kept in tables
//! of their own (ordered as given) so that listings filter on an index.

use std::collections::HashMap;

use sqlx::any::AnyRow;
use sqlx::{Any, FromRow, Row, Transaction};

use crate::domain::{CollectionId, Credits, ItemKind, Language, Metadata, VideoId};

use super::videos::VideoRecord;
use super::{placeholders, Db};

impl<'r> FromRow<'r, AnyRow> for Metadata {
    /// Everything but the genres and tags, which [`attach_labels`] adds.
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let credits = match row.try_get::<Option<String>, _>("credits")? {
            Some(json) => {
                serde_json::from_str(&json).map_err(|e| sqlx::Error::ColumnDecode { index: "credits".into(), source: e.into() })?
            }
            None => Credits::default(),
        };
        Ok(Self {
            kind: row.try_get::<ItemKind, _>("kind")?,
            genres: Vec::new(),
            tags: Vec::new(),
            year: row.try_get("year")?,
            language: row.try_get::<Option<Language>, _>("language")?,
            content_rating: row.try_get("content_rating")?,
            credits,
            artist: row.try_get("artist")?,
            album: row.try_get("album")?,
            album_artist: row.try_get("album_artist")?,
            track_number: row.try_get("track_number")?,
            disc_number: row.try_get("disc_number")?,
            series: row.try_get::<Option<CollectionId>, _>("series_id")?,
            season: row.try_get("season")?,
            episode: row.try_get("episode")?,
        })
    }
}

/// Fills in the genres and tags of `videos`, two queries however many there are.
pub async fn attach_labels(db: &Db, videos: &mut [VideoRecord]) -> sqlx::Result<()> {
    if videos.is_empty() {
        return Ok(());
    }
    let ids: Vec<VideoId> = videos.iter().map(|v| v.id).collect();
    let mut genres = labels(db, "video_genres", "genre", &ids).await?;
    let mut tags = labels(db, "video_tags", "tag", &ids).await?;
    for video in videos {
        video.meta.genres = genres.remove(&video.id).unwrap_or_default();
        video.meta.tags = tags.remove(&video.id).unwrap_or_default();
    }
    Ok(())
}

/// `column` of `table` for each of `ids`, in the order they were given.
async fn labels(db: &Db, table: &str, column: &str, ids: &[VideoId]) -> sqlx::Result<HashMap<VideoId, Vec<String>>> {
    let sql =
        format!("SELECT video_id, {column} FROM {table} WHERE video_id IN ({}) ORDER BY video_id, position", placeholders(1, ids.len()));
    let rows: Vec<(VideoId, String)> = ids.iter().fold(sqlx::query_as(&sql), |q, id| q.bind(id)).fetch_all(db.pool()).await?;
    let mut out: HashMap<VideoId, Vec<String>> = HashMap::new();
    for (id, label) in rows {
        out.entry(id).or_default().push(label);
    }
    Ok(out)
}

/// Replaces a video's metadata, inside the caller's transaction.
pub(super) async fn write(tx: &mut Transaction<'_, Any>, id: VideoId, meta: &Metadata) -> sqlx::Result<()> {
    let credits = (!meta.credits.is_empty()).then(|| serde_json::to_string(&meta.credits).expect("credits serialise"));
    sqlx::query(
        "UPDATE videos SET kind = $1, year = $2, language = $3, content_rating = $4, credits = $5, artist = $6, album = $7, \
         album_artist = $8, track_number = $9, disc_number = $10, series_id = $12, season = $13, episode = $14 WHERE id = $11",
    )
    .bind(meta.kind)
    .bind(meta.year)
    .bind(meta.language.as_ref().map(Language::as_str))
    .bind(meta.content_rating.as_deref())
    .bind(credits)
    .bind(meta.artist.as_deref())
    .bind(meta.album.as_deref())
    .bind(meta.album_artist.as_deref())
    .bind(meta.track_number)
    .bind(meta.disc_number)
    .bind(id)
    .bind(meta.series)
    .bind(meta.series.and(meta.season))
    .bind(meta.series.and(meta.episode))
    .execute(&mut **tx)
    .await?;
    forget(tx, id).await?;
    for (table, column, values) in [("video_genres", "genre", &meta.genres), ("video_tags", "tag", &meta.tags)] {
        let sql = format!("INSERT INTO {table} (video_id, {column}, position) VALUES ($1, $2, $3)");
        for (position, value) in values.iter().enumerate() {
            sqlx::query(&sql).bind(id).bind(value).bind(position as i64).execute(&mut **tx).await?;
        }
    }
    Ok(())
}

/// Removes a video's genres and tags, inside the caller's transaction.
pub(super) async fn forget(tx: &mut Transaction<'_, Any>, id: VideoId) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM video_genres WHERE video_id = $1").bind(id).execute(&mut **tx).await?;
    sqlx::query("DELETE FROM video_tags WHERE video_id = $1").bind(id).execute(&mut **tx).await?;
    Ok(())
}
