//! The full-text index: each item's search document written in the transaction that changes
//! the item, and the ranked matches a listing joins. SQLite keeps an FTS5 table ranked by
//! BM25, PostgreSQL a weighted `tsvector` under a GIN index; both index the same folded
//! words ([`Document`]) and read the same [`Terms`], so they find the same items.

use sqlx::{Any, FromRow, Row, Transaction};

use crate::domain::search::{Document, Terms};
use crate::domain::{Metadata, VideoId};

use super::{Backend, Db};

/// BM25 weights of the FTS5 columns (title, people, labels, description): a word in the
/// title counts ten times one in the description.
const FTS5_RANK: &str = "-bm25(video_search, 10.0, 4.0, 4.0, 1.0)";

/// `ts_rank` weights for D, C, B, A: the description (D) a tenth of the title (A).
const TS_RANK_WEIGHTS: &str = "'{0.1, 0.2, 0.4, 1.0}'";

/// How many of a search's matches are ranked unless the listing says otherwise: the newest
/// this many. Both engines rank by computing a score for every match, so a word found in most
/// of a large catalogue would otherwise cost hundreds of milliseconds.
pub const RANKED_MATCHES: u32 = 2_000;

/// Writes the search document of `id` from what its row and labels hold now, inside the
/// caller's transaction (so a search never sees an edit half-indexed).
pub(super) async fn reindex(tx: &mut Transaction<'_, Any>, backend: Backend, id: VideoId) -> sqlx::Result<()> {
    let row = sqlx::query(
        "SELECT title, description, created_at, kind, year, language, content_rating, credits, artist, album, album_artist, \
         track_number, disc_number, series_id, season, episode FROM videos WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(row) = row else { return remove(tx, backend, id).await };
    let mut meta = Metadata::from_row(&row)?;
    meta.genres =
        sqlx::query_scalar("SELECT genre FROM video_genres WHERE video_id = $1 ORDER BY position").bind(id).fetch_all(&mut **tx).await?;
    meta.tags =
        sqlx::query_scalar("SELECT tag FROM video_tags WHERE video_id = $1 ORDER BY position").bind(id).fetch_all(&mut **tx).await?;
    let doc = Document::of(row.try_get("title")?, row.try_get("description")?, &meta);
    write(tx, backend, id, row.try_get("created_at")?, &doc).await
}

/// Writes `doc` as the search document of `id`, an item made at `created_at`: the video id
/// is `$1`, the document's four parts `$2`–`$5`, in the order they rank.
async fn write(tx: &mut Transaction<'_, Any>, backend: Backend, id: VideoId, created_at: i64, doc: &Document) -> sqlx::Result<()> {
    let insert = match backend {
        Backend::Sqlite => {
            // The document's rowid, given in order of insertion, is its age.
            remove(tx, backend, id).await?;
            sqlx::query("INSERT INTO video_search_rows (video_id) VALUES ($1)").bind(id).execute(&mut **tx).await?;
            sqlx::query(
                "INSERT INTO video_search (rowid, title, people, labels, description) \
                 SELECT doc, $2, $3, $4, $5 FROM video_search_rows WHERE video_id = $1",
            )
        }
        Backend::Postgres => sqlx::query(
            "INSERT INTO video_search (video_id, document, created_at) VALUES ($1, \
             setweight(to_tsvector('simple', $2), 'A') || setweight(to_tsvector('simple', $3), 'B') || \
             setweight(to_tsvector('simple', $4), 'B') || setweight(to_tsvector('simple', $5), 'D'), $6) \
             ON CONFLICT (video_id) DO UPDATE SET document = EXCLUDED.document, created_at = EXCLUDED.created_at",
        ),
    };
    let insert = insert.bind(id).bind(&doc.title).bind(&doc.people).bind(&doc.labels).bind(&doc.description);
    match backend {
        Backend::Sqlite => insert.execute(&mut **tx).await?,
        Backend::Postgres => insert.bind(created_at).execute(&mut **tx).await?,
    };
    Ok(())
}

/// Drops the search document of `id`, inside the caller's transaction.
pub(super) async fn remove(tx: &mut Transaction<'_, Any>, backend: Backend, id: VideoId) -> sqlx::Result<()> {
    match backend {
        Backend::Sqlite => {
            sqlx::query("DELETE FROM video_search WHERE rowid = (SELECT doc FROM video_search_rows WHERE video_id = $1)")
                .bind(id)
                .execute(&mut **tx)
                .await?;
            sqlx::query("DELETE FROM video_search_rows WHERE video_id = $1").bind(id).execute(&mut **tx).await?;
        }
        Backend::Postgres => {
            sqlx::query("DELETE FROM video_search WHERE video_id = $1").bind(id).execute(&mut **tx).await?;
        }
    }
    Ok(())
}

/// Indexes every item that has no search document yet (rows from before the index existed,
/// or copied by `reel migrate-db`, which leaves engine-specific tables behind); how many.
pub async fn backfill(db: &Db) -> sqlx::Result<u64> {
    let table = match db.backend() {
        Backend::Sqlite => "video_search_rows",
        Backend::Postgres => "video_search",
    };
    // Oldest first, so that on SQLite the documents' order follows the items' (a search ranks
    // its newest matches).
    let missing: Vec<VideoId> = sqlx::query_scalar(&format!(
        "SELECT id FROM videos WHERE NOT EXISTS (SELECT 1 FROM {table} s WHERE s.video_id = videos.id) ORDER BY created_at, id"
    ))
    .fetch_all(db.pool())
    .await?;
    for chunk in missing.chunks(500) {
        let mut tx = db.begin().await?;
        for id in chunk {
            reindex(&mut tx, db.backend(), *id).await?;
        }
        tx.commit().await?;
    }
    Ok(missing.len() as u64)
}

/// The join that keeps only items matching `terms`. With a `window`, a page's join: the
/// newest `window` matches (on SQLite the most recently indexed, on PostgreSQL the most
/// recently made), each with its `hits.rank` (higher is better). Without one, a count's
/// join: every match, unranked. `param` numbers the query's parameter.
pub(super) fn hits_join(backend: Backend, terms: &Terms, window: Option<u32>, param: impl FnOnce(String) -> String) -> String {
    match (backend, window) {
        (Backend::Sqlite, Some(n)) => {
            // FTS5 walks its matches newest rowid first without reading the rest, and computes
            // BM25 only for the rows it returns.
            let p = param(terms.fts5());
            format!(
                "JOIN (SELECT r.video_id, m.rank FROM (SELECT rowid AS doc, {FTS5_RANK} AS rank FROM video_search \
                 WHERE video_search MATCH {p} ORDER BY rowid DESC LIMIT {n}) m \
                 JOIN video_search_rows r ON r.doc = m.doc) hits ON hits.video_id = videos.id"
            )
        }
        (Backend::Sqlite, None) => {
            let p = param(terms.fts5());
            format!(
                "JOIN (SELECT r.video_id FROM video_search JOIN video_search_rows r ON r.doc = video_search.rowid \
                 WHERE video_search MATCH {p}) hits ON hits.video_id = videos.id"
            )
        }
        (Backend::Postgres, Some(n)) => {
            // The planner walks `video_search_newest` for a common word, stopping after `n`
            // matches, or sorts a rarer word's matches read through the GIN index; either
            // way only those `n` are scored.
            let p = param(terms.tsquery());
            format!(
                "JOIN (SELECT m.video_id, ts_rank({TS_RANK_WEIGHTS}, m.document, to_tsquery('simple', {p})) AS rank FROM \
                 (SELECT video_id, document FROM video_search WHERE document @@ to_tsquery('simple', {p}) \
                 ORDER BY created_at DESC, video_id DESC LIMIT {n}) m) hits ON hits.video_id = videos.id"
            )
        }
        (Backend::Postgres, None) => {
            let p = param(terms.tsquery());
            format!(
                "JOIN (SELECT video_id FROM video_search WHERE document @@ to_tsquery('simple', {p})) hits ON hits.video_id = videos.id"
            )
        }
    }
}
