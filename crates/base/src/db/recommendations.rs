//! What the recommendation model reads (every item's labels, every profile's history) and
//! the tables it writes: related items per item and recommendations per profile, replaced
//! whole by each run in one transaction.

use std::collections::HashMap;

use futures::TryStreamExt;
use sqlx::Row;

use crate::domain::recommend::{Item, Model, Watch};
use crate::domain::{ProfileId, VideoId};

use super::Db;

/// Rows per `INSERT` when the model is written (3 parameters each, under every engine's cap;
/// SQLite writes 2,000-row statements over twice as slowly as 500-row ones).
const BATCH: usize = 500;

/// The model's inputs, with the ids its indexes stand for.
#[derive(Debug, Default)]
pub struct Inputs {
    /// Every item, by index.
    pub items: Vec<Item>,
    /// The ids of `items`.
    pub item_ids: Vec<VideoId>,
    /// The ids of the profiles the watches name, by index.
    pub profile_ids: Vec<ProfileId>,
    /// Every watch in a profile's history.
    pub watches: Vec<Watch>,
}

/// Numbers each distinct text once.
#[derive(Default)]
struct Vocabulary(HashMap<String, u32>);

impl Vocabulary {
    fn index(&mut self, text: &str) -> u32 {
        let next = self.0.len() as u32;
        *self.0.entry(text.to_string()).or_insert(next)
    }
}

/// Reads the model's inputs: items (watchable ones, neither private nor taken down, may be
/// recommended) with their labels, every history entry with how much of its item was
/// watched, and every reaction (on its watch, or alone). Rows are streamed, so only the
/// compact form is held.
pub async fn inputs(db: &Db) -> sqlx::Result<Inputs> {
    let mut inputs = Inputs::default();
    let mut by_id: HashMap<VideoId, u32> = HashMap::new();
    let mut durations: Vec<f64> = Vec::new();
    let (mut series, mut albums, mut artists, mut genres, mut tags) =
        (Vocabulary::default(), Vocabulary::default(), Vocabulary::default(), Vocabulary::default(), Vocabulary::default());
    {
        let mut rows = sqlx::query(
            "SELECT id, series_id, album, COALESCE(album_artist, artist) AS artist, status, visibility, duration_s, taken_down_at FROM videos",
        )
        .fetch(db.pool());
        while let Some(row) = rows.try_next().await? {
            let id: VideoId = row.try_get("id")?;
            let status: String = row.try_get("status")?;
            let visibility: String = row.try_get("visibility")?;
            let series_id: Option<String> = row.try_get("series_id")?;
            let album: Option<String> = row.try_get("album")?;
            let artist: Option<String> = row.try_get("artist")?;
            durations.push(row.try_get::<Option<f64>, _>("duration_s")?.unwrap_or(0.0));
            let taken_down = row.try_get::<Option<i64>, _>("taken_down_at")?.is_some();
            by_id.insert(id, inputs.items.len() as u32);
            inputs.item_ids.push(id);
            inputs.items.push(Item {
                series: series_id.as_deref().map(|s| series.index(s)),
                album: album.as_deref().map(|a| albums.index(a)),
                artist: artist.as_deref().map(|a| artists.index(a)),
                eligible: matches!(status.as_str(), "playable" | "ready") && visibility != "private" && !taken_down,
                ..Item::default()
            });
        }
    }
    for (table, column, vocabulary) in [("video_genres", "genre", &mut genres), ("video_tags", "tag", &mut tags)] {
        let sql = format!("SELECT video_id, {column} AS label FROM {table}");
        let mut rows = sqlx::query(&sql).fetch(db.pool());
        while let Some(row) = rows.try_next().await? {
            let id: VideoId = row.try_get("video_id")?;
            let label: String = row.try_get("label")?;
            if let Some(&i) = by_id.get(&id) {
                let item = &mut inputs.items[i as usize];
                let list = if column == "genre" { &mut item.genres } else { &mut item.tags };
                list.push(vocabulary.index(&label));
            }
        }
    }
    let mut profiles: HashMap<ProfileId, u32> = HashMap::new();
    let mut rows =
        sqlx::query("SELECT profile_id, video_id, position_s, updated_at FROM watch_progress WHERE in_history = 1").fetch(db.pool());
    while let Some(row) = rows.try_next().await? {
        let profile: ProfileId = row.try_get("profile_id")?;
        let video: VideoId = row.try_get("video_id")?;
        let Some(&item) = by_id.get(&video) else { continue };
        let position: f64 = row.try_get("position_s")?;
        let duration = durations[item as usize];
        let next = profiles.len() as u32;
        let p = *profiles.entry(profile).or_insert_with(|| {
            inputs.profile_ids.push(profile);
            next
        });
        let fraction = if duration > 0.0 { (position / duration) as f32 } else { 0.0 };
        inputs.watches.push(Watch { profile: p, item, fraction, at: row.try_get("updated_at")?, reaction: 0 });
    }
    drop(rows);
    // Reactions: on the watch of the same item, or as one of their own (liked unwatched).
    let mut watched: HashMap<(u32, u32), usize> = HashMap::new();
    for (i, w) in inputs.watches.iter().enumerate() {
        watched.insert((w.profile, w.item), i);
    }
    let mut rows = sqlx::query("SELECT profile_id, video_id, value, created_at FROM reactions").fetch(db.pool());
    while let Some(row) = rows.try_next().await? {
        let profile: ProfileId = row.try_get("profile_id")?;
        let video: VideoId = row.try_get("video_id")?;
        let Some(&item) = by_id.get(&video) else { continue };
        let reaction: i64 = row.try_get("value")?;
        let reaction = reaction.signum() as i8;
        let next = profiles.len() as u32;
        let p = *profiles.entry(profile).or_insert_with(|| {
            inputs.profile_ids.push(profile);
            next
        });
        match watched.get(&(p, item)) {
            Some(&i) => inputs.watches[i].reaction = reaction,
            None => inputs.watches.push(Watch { profile: p, item, fraction: 0.0, at: row.try_get("created_at")?, reaction }),
        }
    }
    Ok(inputs)
}

/// Replaces the stored model with `model` (whose indexes are `inputs`'): one transaction, so
/// readers see the old lists or the new ones, never a mix. Rows are made a batch at a time,
/// so writing holds no second copy of the model. How many related and profile rows it wrote.
pub async fn replace(db: &Db, inputs: &Inputs, model: &Model) -> sqlx::Result<(usize, usize)> {
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM related_items").execute(&mut *tx).await?;
    sqlx::query("DELETE FROM profile_recommendations").execute(&mut *tx).await?;
    let related = write(&mut tx, "related_items (video_id, related_id, score)", &inputs.item_ids, &model.related, &inputs.item_ids).await?;
    let picks =
        write(&mut tx, "profile_recommendations (profile_id, video_id, score)", &inputs.profile_ids, &model.for_profile, &inputs.item_ids)
            .await?;
    tx.commit().await?;
    Ok((related, picks))
}

/// Inserts each subject's list into `target` ("table (subject, item, score)"), [`BATCH`] rows
/// per statement; how many rows.
async fn write<S: ToString>(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    target: &str,
    subjects: &[S],
    lists: &[Vec<(u32, f32)>],
    items: &[VideoId],
) -> sqlx::Result<usize> {
    let mut batch: Vec<(String, String, f32)> = Vec::with_capacity(BATCH);
    let mut written = 0;
    for (subject, list) in subjects.iter().zip(lists) {
        for &(item, score) in list {
            batch.push((subject.to_string(), items[item as usize].to_string(), score));
            if batch.len() == BATCH {
                written += flush(tx, target, &mut batch).await?;
            }
        }
    }
    written += flush(tx, target, &mut batch).await?;
    Ok(written)
}

/// Inserts `batch` (emptied) in one statement.
async fn flush(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    target: &str,
    batch: &mut Vec<(String, String, f32)>,
) -> sqlx::Result<usize> {
    if batch.is_empty() {
        return Ok(0);
    }
    let values = (0..batch.len()).map(|i| format!("(${}, ${}, ${})", 3 * i + 1, 3 * i + 2, 3 * i + 3)).collect::<Vec<_>>().join(", ");
    let sql = format!("INSERT INTO {target} VALUES {values}");
    let query = batch.iter().fold(sqlx::query(&sql), |q, (a, b, s)| q.bind(a.as_str()).bind(b.as_str()).bind(f64::from(*s)));
    query.execute(&mut **tx).await?;
    let n = batch.len();
    batch.clear();
    Ok(n)
}

/// The items related to `video`, best first, at most `limit`.
pub async fn related(db: &Db, video: VideoId, limit: u32) -> sqlx::Result<Vec<VideoId>> {
    sqlx::query_scalar("SELECT related_id FROM related_items WHERE video_id = $1 ORDER BY score DESC, related_id LIMIT $2")
        .bind(video)
        .bind(i64::from(limit))
        .fetch_all(db.pool())
        .await
}

/// The items recommended to `profile`, best first, at most `limit`.
pub async fn for_profile(db: &Db, profile: ProfileId, limit: u32) -> sqlx::Result<Vec<VideoId>> {
    sqlx::query_scalar("SELECT video_id FROM profile_recommendations WHERE profile_id = $1 ORDER BY score DESC, video_id LIMIT $2")
        .bind(profile)
        .bind(i64::from(limit))
        .fetch_all(db.pool())
        .await
}
