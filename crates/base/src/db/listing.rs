//! Listings of videos: newest first and keyset-paginated, or ranked by a full-text search;
//! only what the audience may see, narrowed by any combination of filters (owner, text,
//! catalogue fields), with counts per genre and kind of what they select.

use sqlx::any::AnyArguments;
use sqlx::query::QueryAs;
use sqlx::Any;

use crate::domain::availability::Country;
use crate::domain::profile::RatingCap;
use crate::domain::search::Terms;
use crate::domain::{CollectionId, ItemKind, UserId, VideoId, Visibility};

use super::videos::{VideoRecord, COLUMNS};
use super::{Backend, Db};

/// Which videos a listing may show. Besides who is looking, the country they are in (`None`
/// where it is unknown) decides which items limited to some countries they may see.
#[derive(Debug, Clone, Copy)]
pub enum Audience {
    /// Everything (admins).
    All,
    /// Members and public videos, plus this account's own private ones.
    Member(UserId, Option<Country>),
    /// What the member sees, but only items rated at or under the cap (a kids profile).
    Kids(UserId, RatingCap, Option<Country>),
    /// Public videos only (not signed in, where public videos are allowed).
    Public(Option<Country>),
}

impl Audience {
    /// Whether this audience may see `video` at `now` (ms): the rule [`video_audience_condition`]
    /// writes in SQL, for records read from a cache.
    pub fn admits(self, video: &VideoRecord, now: i64) -> bool {
        match self {
            Audience::All => true,
            Audience::Member(me, country) => {
                video.created_by == Some(me)
                    || (video.visibility != Visibility::Private
                        && video.taken_down_at.is_none()
                        && video.availability.absence(now, country).is_none())
            }
            Audience::Kids(me, cap, country) => {
                Audience::Member(me, country).admits(video, now) && cap.admits(video.meta.content_rating.as_deref())
            }
            Audience::Public(country) => {
                video.visibility == Visibility::Public
                    && video.taken_down_at.is_none()
                    && video.availability.absence(now, country).is_none()
            }
        }
    }

    /// The country the audience is in, where known (admins see every country's).
    pub fn country(self) -> Option<Country> {
        match self {
            Audience::All => None,
            Audience::Member(_, c) | Audience::Kids(_, _, c) | Audience::Public(c) => c,
        }
    }
}

/// Narrows a listing; every filter given must hold. Catalogue values are compared as
/// stored (callers normalise them first: genres as the configured list spells them, tags
/// lower-cased).
#[derive(Debug, Clone, Copy, Default)]
pub struct Filter<'a> {
    /// Only this account's videos.
    pub owner: Option<UserId>,
    /// Only videos of the channels this account follows (its subscriptions feed).
    pub subscriber: Option<UserId>,
    /// Only items matching these words (title, description, people, genres, tags), best
    /// match first; words that are blank or only punctuation match nothing.
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
    /// Only the episodes of this series, in season and episode order.
    pub series: Option<CollectionId>,
    /// Only the items of this playlist, in its order.
    pub playlist: Option<CollectionId>,
    /// When it searches, how many matches are ranked: the newest this many (default
    /// [`RANKED_MATCHES`](super::search::RANKED_MATCHES)).
    pub ranked_matches: Option<u32>,
}

/// A query parameter of a listing.
pub(super) enum Param {
    Text(String),
    Int(i64),
}

/// The conditions of a listing and the parameters they take, numbered as they are added.
#[derive(Default)]
pub(super) struct Conditions {
    /// Joins that narrow and order (a search's hits, a playlist's items).
    joins: Vec<String>,
    /// Whether the joins include a search's hits (ranked by `hits.rank`).
    searched: bool,
    sql: Vec<String>,
    params: Vec<Param>,
}

impl Conditions {
    /// Adds a parameter; its placeholder (`$n`).
    pub(super) fn param(&mut self, p: Param) -> String {
        self.params.push(p);
        format!("${}", self.params.len())
    }

    pub(super) fn text(&mut self, value: impl Into<String>) -> String {
        self.param(Param::Text(value.into()))
    }

    pub(super) fn push(&mut self, condition: String) {
        self.sql.push(condition);
    }

    /// How many conditions there are so far: a mark for [`Conditions::take_since`].
    pub(super) fn mark(&self) -> usize {
        self.sql.len()
    }

    /// Takes the conditions added since `mark` out as one, `(a AND b …)`, to be combined with
    /// others (their parameters stay, numbered as they were).
    pub(super) fn take_since(&mut self, mark: usize) -> String {
        let taken: Vec<String> = self.sql.drain(mark..).collect();
        if taken.is_empty() {
            "1 = 1".to_string()
        } else {
            format!("({})", taken.join(" AND "))
        }
    }

    /// The conditions joined by `AND` (`1 = 1` when there are none).
    pub(super) fn all(&self) -> String {
        if self.sql.is_empty() {
            "1 = 1".to_string()
        } else {
            self.sql.join(" AND ")
        }
    }

    /// `FROM videos …` with the joins and every condition.
    fn scope(&self) -> String {
        format!("FROM videos {} WHERE {}", self.joins.join(" "), self.all())
    }

    /// `query` (read as rows, not records) with every parameter bound, in order; for the
    /// listings that never search (history, notifications, continue watching).
    pub(super) fn bind_rows<'q>(
        self,
        query: sqlx::query::Query<'q, Any, AnyArguments<'q>>,
    ) -> sqlx::query::Query<'q, Any, AnyArguments<'q>> {
        self.params.into_iter().fold(query, |q, p| match p {
            Param::Text(t) => q.bind(t),
            Param::Int(n) => q.bind(n),
        })
    }

    /// `query` with every parameter bound, in order. A search is planned afresh for its own
    /// words: its best plan depends on how common they are (walk the newest items for a
    /// common word, the index for a rare one), and the generic plan PostgreSQL would switch
    /// a prepared statement to after five runs guesses, reading every match of a common
    /// word (hundreds of milliseconds instead of a few).
    pub(super) fn bind<'q, O>(self, query: QueryAs<'q, Any, O, AnyArguments<'q>>) -> QueryAs<'q, Any, O, AnyArguments<'q>> {
        let query = query.persistent(!self.searched);
        self.params.into_iter().fold(query, |q, p| match p {
            Param::Text(t) => q.bind(t),
            Param::Int(n) => q.bind(n),
        })
    }
}

/// Where a page of a listing starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cursor {
    /// After the item made at this time with this id (newest-first listings).
    After(i64, VideoId),
    /// After this many items (ranked search, whose ranks are no key to resume from).
    Skip(u32),
}

/// The deepest a ranked search pages: far past what anyone reads, short of costly offsets.
const MAX_SKIP: u32 = 10_000;

impl std::fmt::Display for Cursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cursor::After(at, id) => write!(f, "{at}_{id}"),
            Cursor::Skip(n) => write!(f, "r{n}"),
        }
    }
}

impl Cursor {
    /// Reads a cursor this module wrote; `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        if let Some(n) = text.strip_prefix('r') {
            return n.parse().ok().filter(|n| *n <= MAX_SKIP).map(Cursor::Skip);
        }
        let (at, id) = text.split_once('_')?;
        Some(Cursor::After(at.parse().ok()?, id.parse().ok()?))
    }
}

/// The cursor of the page after `rows` (a page of `limit` that started at `after`), if the
/// page was full.
pub fn next_cursor(rows: &[VideoRecord], limit: u32, filter: &Filter<'_>, after: Option<Cursor>) -> Option<Cursor> {
    if rows.len() < limit as usize {
        return None;
    }
    if is_ranked(filter) {
        let skipped = match after {
            Some(Cursor::Skip(n)) => n,
            _ => 0,
        };
        return Some(Cursor::Skip(skipped + rows.len() as u32)).filter(|c| matches!(c, Cursor::Skip(n) if *n <= MAX_SKIP));
    }
    rows.last().map(|v| Cursor::After(v.created_at, v.id))
}

/// The text a filter searches for, if it searches.
fn search_text<'a>(filter: &Filter<'a>) -> Option<&'a str> {
    filter.text.map(str::trim).filter(|t| !t.is_empty())
}

/// Whether a listing is ordered by something other than time (search rank, a playlist's or
/// a series' order), so that it pages by counting.
fn is_ranked(filter: &Filter<'_>) -> bool {
    search_text(filter).is_some() || filter.series.is_some() || filter.playlist.is_some()
}

/// The conditions that keep what `audience` may see of a table with `visibility` and
/// `created_by` columns (series, playlists): who may see the row, whatever it holds (a kids
/// profile sees the collections its account does, and only the items in them under its cap).
pub(super) fn audience_condition(c: &mut Conditions, audience: Audience, table: &str) {
    match audience {
        Audience::All => {}
        Audience::Member(me, _) | Audience::Kids(me, _, _) => {
            let me = c.text(me.to_string());
            c.push(format!("({table}.visibility IN ('members', 'public') OR {table}.created_by = {me})"));
        }
        Audience::Public(_) => c.push(format!("{table}.visibility = 'public'")),
    }
}

/// The conditions that keep the videos (in `table`, the `videos` table or an alias of it)
/// `audience` may see at `now` (ms): every listing of items, whatever else it selects by,
/// goes through this.
pub(super) fn video_audience_condition(c: &mut Conditions, audience: Audience, table: &str, now: i64) {
    audience_condition(c, audience, table);
    // An item whose processing failed, that a moderator took down, or that is outside its
    // window or its countries is its owner's (and the admins') alone to see, even where it was
    // announced while it played.
    let shown = |c: &mut Conditions| {
        let now = c.param(Param::Int(now));
        let here = country_condition(c, audience, table);
        format!(
            "{table}.status <> 'failed' AND {table}.taken_down_at IS NULL \
             AND ({table}.available_from IS NULL OR {table}.available_from <= {now}) \
             AND ({table}.available_until IS NULL OR {table}.available_until > {now}) AND {here}"
        )
    };
    match audience {
        Audience::All => {}
        Audience::Member(me, _) | Audience::Kids(me, _, _) => {
            let me = c.text(me.to_string());
            let shown = shown(c);
            c.push(format!("(({shown}) OR {table}.created_by = {me})"));
        }
        Audience::Public(_) => {
            let shown = shown(c);
            c.push(shown);
        }
    }
    rating_condition(c, audience, table);
}

/// The condition that an item of `table` may be watched in the audience's country: it has no
/// country rule, or its rule lets that country in (an unknown one only past a deny list).
pub(super) fn country_condition(c: &mut Conditions, audience: Audience, table: &str) -> String {
    let code = audience.country().map_or_else(|| "-".to_string(), |c| c.to_string());
    let here = c.text(format!("%,{code},%"));
    format!("({table}.country_rule IS NULL OR ({table}.country_rule = 'deny') <> ({table}.country_list LIKE {here}))")
}

/// For a kids profile, the condition that an item of `table` is rated at or under its cap.
pub(super) fn rating_condition(c: &mut Conditions, audience: Audience, table: &str) {
    if let Audience::Kids(_, cap, _) = audience {
        let allowed = cap.ratings().iter().map(|r| c.text(r.as_str())).collect::<Vec<_>>();
        c.push(format!("{table}.content_rating IN ({})", allowed.join(", ")));
    }
}

/// The `WHERE` conditions of what `audience` may see of what `filter` selects; `ranked`
/// when its order matters (a page, not a count).
fn conditions(backend: Backend, audience: Audience, filter: &Filter<'_>, ranked: bool, now: i64) -> Conditions {
    let mut c = Conditions::default();
    video_audience_condition(&mut c, audience, "videos", now);
    if let Some(owner) = filter.owner {
        let p = c.text(owner.to_string());
        c.push(format!("created_by = {p}"));
    }
    if let Some(subscriber) = filter.subscriber {
        let p = c.text(subscriber.to_string());
        c.push(format!("videos.created_by IN (SELECT channel_id FROM subscriptions WHERE subscriber_id = {p})"));
    }
    if let Some(text) = search_text(filter) {
        match Terms::parse(text) {
            Some(terms) => {
                let window = ranked.then(|| filter.ranked_matches.unwrap_or(super::search::RANKED_MATCHES));
                let join = super::search::hits_join(backend, &terms, window, |q| c.text(q));
                c.joins.push(join);
                c.searched = true;
            }
            None => c.push("1 = 0".into()),
        }
    }
    if let Some(series) = filter.series {
        let p = c.text(series.to_string());
        c.push(format!("videos.series_id = {p}"));
    }
    if let Some(playlist) = filter.playlist {
        let p = c.text(playlist.to_string());
        c.joins.push(format!("JOIN playlist_items item ON item.video_id = videos.id AND item.playlist_id = {p}"));
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

/// `limit` items at a time, only what `audience` may see, narrowed by `filter`: best match
/// first when it searches, else newest first; `after` is where the page starts.
pub async fn list(db: &Db, audience: Audience, filter: Filter<'_>, limit: u32, after: Option<Cursor>) -> sqlx::Result<Vec<VideoRecord>> {
    let mut c = conditions(db.backend(), audience, &filter, true, db.now_ms());
    let mut skip = 0;
    match after {
        Some(Cursor::After(at, id)) => {
            let (at, id) = (c.param(Param::Int(at)), c.text(id.to_string()));
            c.push(format!("(videos.created_at < {at} OR (videos.created_at = {at} AND videos.id < {id}))"));
        }
        Some(Cursor::Skip(n)) => skip = n,
        None => {}
    }
    let order = if c.searched {
        "hits.rank DESC, videos.created_at DESC, videos.id DESC"
    } else if filter.playlist.is_some() {
        "item.position, item.added_at"
    } else if filter.series.is_some() {
        "videos.season, videos.episode, videos.created_at"
    } else {
        "videos.created_at DESC, videos.id DESC"
    };
    let limit = c.param(Param::Int(i64::from(limit)));
    let offset = c.param(Param::Int(i64::from(skip)));
    let columns = qualified_columns();
    let sql = format!("SELECT {columns} {} ORDER BY {order} LIMIT {limit} OFFSET {offset}", c.scope());
    let mut rows: Vec<VideoRecord> = c.bind(sqlx::query_as(&sql)).fetch_all(db.pool()).await?;
    super::catalogue::attach_labels(db, &mut rows).await?;
    Ok(rows)
}

/// [`COLUMNS`] qualified by the table, so a join cannot make one ambiguous.
fn qualified_columns() -> &'static str {
    static QUALIFIED: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    QUALIFIED.get_or_init(|| COLUMNS.split(',').map(|c| format!("videos.{}", c.trim())).collect::<Vec<_>>().join(", "))
}

/// What a listing can be counted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facet {
    /// Each genre items carry (an item with two genres counts in both).
    Genre,
    /// Each kind of item.
    Kind,
}

/// How many of the items `audience` may see that `filter` selects fall under each value of
/// `facet`, most first (then by name), at most `limit` values: the home page's genre rows
/// and the counts beside a listing or search.
pub async fn counts(db: &Db, audience: Audience, filter: Filter<'_>, facet: Facet, limit: u32) -> sqlx::Result<Vec<(String, i64)>> {
    let mut c = conditions(db.backend(), audience, &filter, false, db.now_ms());
    let limit = c.param(Param::Int(i64::from(limit)));
    let value = match facet {
        Facet::Genre => {
            c.joins.push("JOIN video_genres facet ON facet.video_id = videos.id".into());
            "facet.genre"
        }
        Facet::Kind => "videos.kind",
    };
    let sql = format!("SELECT {value} AS value, COUNT(*) AS n {} GROUP BY {value} ORDER BY n DESC, value LIMIT {limit}", c.scope());
    c.bind(sqlx::query_as(&sql)).fetch_all(db.pool()).await
}
