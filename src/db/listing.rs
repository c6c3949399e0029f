//! Listings of videos: newest first, keyset-paginated, only what the audience may see,
//! narrowed by any combination of filters (owner, text, catalogue fields).

use sqlx::any::AnyArguments;
use sqlx::query::QueryAs;
use sqlx::Any;

use crate::domain::{ItemKind, UserId, VideoId};

use super::videos::{VideoRecord, COLUMNS};
use super::{Backend, Db};

/// Which videos a listing may show.
#[derive(Debug, Clone, Copy)]
pub enum Audience {
    /// Everything (admins).
    All,
    /// Members and public videos, plus this account's own private ones.
    Member(UserId),
    /// Public videos only (not signed in, where public videos are allowed).
    Public,
}

/// Narrows a listing; every filter given must hold. Catalogue values are compared as
/// stored (callers normalise them first: genres as the configured list spells them, tags
/// lower-cased).
#[derive(Debug, Clone, Copy, Default)]
pub struct Filter<'a> {
    /// Only this account's videos.
    pub owner: Option<UserId>,
    /// Only videos whose title or description contains this (case-insensitive for ASCII).
    pub text: Option<&'a str>,
    /// Only videos that can be watched (`playable` or `ready`): what browsing pages show.
    pub watchable: bool,
    /// Only items of this kind.
    pub kind: Option<ItemKind>,
    /// Only items with this genre.
    pub genre: Option<&'a str>,
    /// Only items with this tag.
    pub tag: Option<&'a str>,
    /// Only items by this artist (as the track's or the album's artist).
    pub artist: Option<&'a str>,
    /// Only the tracks of this album.
    pub album: Option<&'a str>,
    /// Only items of this year.
    pub year: Option<i64>,
    /// Only items in this language, or one of its regional forms (`pt` takes `pt-BR`).
    pub language: Option<&'a str>,
}

/// A query parameter of a listing.
enum Param {
    Text(String),
    Int(i64),
}

/// The conditions of a listing and the parameters they take, numbered as they are added.
#[derive(Default)]
struct Conditions {
    sql: Vec<String>,
    params: Vec<Param>,
}

impl Conditions {
    /// Adds a parameter; its placeholder (`$n`).
    fn param(&mut self, p: Param) -> String {
        self.params.push(p);
        format!("${}", self.params.len())
    }

    fn text(&mut self, value: impl Into<String>) -> String {
        self.param(Param::Text(value.into()))
    }

    fn push(&mut self, condition: String) {
        self.sql.push(condition);
    }

    /// `query` with every parameter bound, in order.
    fn bind<'q, O>(self, query: QueryAs<'q, Any, O, AnyArguments<'q>>) -> QueryAs<'q, Any, O, AnyArguments<'q>> {
        self.params.into_iter().fold(query, |q, p| match p {
            Param::Text(t) => q.bind(t),
            Param::Int(n) => q.bind(n),
        })
    }
}

/// `%text%` for LIKE, with LIKE's own wildcards in the text taken literally.
fn contains_pattern(text: &str) -> String {
    let escaped = text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

/// The cursor of the page after `rows` (a full page of `limit`), as `list` takes it back.
pub fn next_cursor(rows: &[VideoRecord], limit: u32) -> Option<String> {
    (rows.len() == limit as usize).then(|| rows.last().map(|v| format!("{}_{}", v.created_at, v.id))).flatten()
}

/// Reads a cursor [`next_cursor`] made; `None` for anything else.
pub fn parse_cursor(cursor: &str) -> Option<(i64, VideoId)> {
    let (at, id) = cursor.split_once('_')?;
    Some((at.parse().ok()?, id.parse().ok()?))
}

/// The `WHERE` conditions of what `audience` may see of what `filter` selects.
fn conditions(backend: Backend, audience: Audience, filter: &Filter<'_>) -> Conditions {
    let mut c = Conditions::default();
    match audience {
        Audience::All => {}
        Audience::Member(me) => {
            let me = c.text(me.to_string());
            c.push(format!("(visibility IN ('members', 'public') OR created_by = {me})"));
        }
        Audience::Public => c.push("visibility = 'public'".into()),
    }
    if let Some(owner) = filter.owner {
        let p = c.text(owner.to_string());
        c.push(format!("created_by = {p}"));
    }
    if let Some(text) = filter.text.map(str::trim).filter(|t| !t.is_empty()) {
        // Case-insensitive: SQLite's LIKE already is (for ASCII), PostgreSQL's needs ILIKE.
        let like = if backend == Backend::Postgres { "ILIKE" } else { "LIKE" };
        let p = c.text(contains_pattern(text));
        c.push(format!("(title {like} {p} ESCAPE '\\' OR description {like} {p} ESCAPE '\\')"));
    }
    if filter.watchable {
        c.push("status IN ('playable', 'ready')".into());
    }
    if let Some(kind) = filter.kind {
        let p = c.text(kind.as_str());
        c.push(format!("kind = {p}"));
    }
    for (table, column, value) in [("video_genres", "genre", filter.genre), ("video_tags", "tag", filter.tag)] {
        if let Some(value) = value {
            let p = c.text(value);
            c.push(format!("EXISTS (SELECT 1 FROM {table} l WHERE l.video_id = videos.id AND l.{column} = {p})"));
        }
    }
    if let Some(artist) = filter.artist {
        let p = c.text(artist);
        c.push(format!("(artist = {p} OR album_artist = {p})"));
    }
    if let Some(album) = filter.album {
        let p = c.text(album);
        c.push(format!("album = {p}"));
    }
    if let Some(year) = filter.year {
        let p = c.param(Param::Int(year));
        c.push(format!("year = {p}"));
    }
    if let Some(language) = filter.language {
        let (exact, regional) = (c.text(language), c.text(format!("{language}-%")));
        c.push(format!("(language = {exact} OR language LIKE {regional})"));
    }
    c
}

/// Newest first, `limit` at a time, only what `audience` may see, narrowed by `filter`;
/// `after` is the (created_at, id) of the last one seen.
pub async fn list(
    db: &Db,
    audience: Audience,
    filter: Filter<'_>,
    limit: u32,
    after: Option<(i64, VideoId)>,
) -> sqlx::Result<Vec<VideoRecord>> {
    let mut c = conditions(db.backend(), audience, &filter);
    if let Some((at, id)) = after {
        let (at, id) = (c.param(Param::Int(at)), c.text(id.to_string()));
        c.push(format!("(created_at < {at} OR (created_at = {at} AND id < {id}))"));
    }
    let limit = c.param(Param::Int(i64::from(limit)));
    let scope = if c.sql.is_empty() { "1 = 1".to_string() } else { c.sql.join(" AND ") };
    let sql = format!("SELECT {COLUMNS} FROM videos WHERE {scope} ORDER BY created_at DESC, id DESC LIMIT {limit}");
    let mut rows: Vec<VideoRecord> = c.bind(sqlx::query_as(&sql)).fetch_all(db.pool()).await?;
    super::catalogue::attach_labels(db, &mut rows).await?;
    Ok(rows)
}

/// How many of the items `audience` may see that `filter` selects carry each genre, most
/// first (then by name), at most `limit` genres: the home page's genre rows and the counts
/// beside a listing.
pub async fn genre_counts(db: &Db, audience: Audience, filter: Filter<'_>, limit: u32) -> sqlx::Result<Vec<(String, i64)>> {
    let mut c = conditions(db.backend(), audience, &filter);
    let limit = c.param(Param::Int(i64::from(limit)));
    let scope = if c.sql.is_empty() { "1 = 1".to_string() } else { c.sql.join(" AND ") };
    let sql = format!(
        "SELECT facet.genre, COUNT(*) AS n FROM videos JOIN video_genres facet ON facet.video_id = videos.id \
         WHERE {scope} GROUP BY facet.genre ORDER BY n DESC, facet.genre LIMIT {limit}"
    );
    c.bind(sqlx::query_as(&sql)).fetch_all(db.pool()).await
}
