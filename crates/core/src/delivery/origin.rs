//! The media origin: `/play/{token}/{video_id}/…`, and `/play/c/{video_id}/…` where the token
//! comes from the `reel_play` cookie. Manifests are rendered per request from the package
//! index, with the viewer's token in every URI (path form) or with the same URIs for everyone
//! (cookie form); media is streamed from the object store with ranges, ETags and long
//! immutable caching. An encrypted video's content key is one more file, `key`, behind the
//! same checks. Each answer is an [`Answer`]; the routes that ask for these, and frame the
//! answers as HTTP responses, are `http/origin/mod.rs`.

use futures::TryStreamExt;
use http::{header, HeaderMap, HeaderValue, StatusCode};

use crate::ops::lifecycle::rungs;
use crate::platform::edge::Edge;
use crate::platform::problem::{self, Problem};
use crate::platform::Context;
use reel_base::db::videos;
use reel_base::domain::entitlement::PlayRights;
use reel_base::domain::{is_safe_name, Holder, VideoId};
use reel_base::media::package::{self, Kind, PackageIndex};
use reel_base::media::text_tracks;
use reel_base::storage::{StorageError, StorageKey};

use super::answer::{Answer, Object, ObjectBytes, Reply};
use super::content_key::MasterKeys;
use super::entitlement::{self, Recheck};
use super::range::{self, RangeRequest};
use super::streams;
use super::text_files::{self, TextFile};
use super::PLAYBACK_COOKIE;
use crate::platform::origin_cache::CachedObject;
use crate::platform::signing::TokenError;

const HLS: &str = "application/vnd.apple.mpegurl";
const DASH: &str = "application/dash+xml";
/// Media never changes under its URL.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// A picture or download fetched with a signed-out visitor's token: such a URL goes to many
/// (a feed's stays the same for a day and lives a month), so a shared cache keeps its copy an
/// hour, not a year, and an item made private leaves a CDN within the hour.
const ANONYMOUS_FILE: &str = "public, max-age=3600";
/// A finished manifest may be cached briefly (the token in its URL expires anyway).
const MANIFEST_VOD: &str = "public, max-age=60";
/// A finished manifest cut to one viewer's rights, at a URL every viewer shares: kept by their
/// browser only.
const MANIFEST_VOD_PRIVATE: &str = "private, max-age=60";
/// A growing manifest must be re-fetched so players see new segments.
const MANIFEST_LIVE: &str = "public, max-age=1";
/// A content key is for the viewer who asked: no cache, shared or not, may keep it.
const KEY_CACHE: &str = "private, no-store";
/// `reel_play` cookies looked at per request (a browser may hold several, for nested paths).
const MAX_COOKIE_TOKENS: usize = 4;
/// Seconds a player asking for a dropped rung is told to wait: about what making one again
/// takes for a short item; a player meanwhile stays on the rungs its manifest lists.
const REMAKE_RETRY_SECS: u64 = 30;

/// Where a request's playback token comes from.
pub enum Credential<'a> {
    /// The path: `/play/{token}/{video}/…`; manifests repeat the token in every URI.
    Path(&'a str),
    /// The `reel_play` cookie: `/play/c/{video}/…`; manifests are the same for every viewer.
    Cookie(&'a HeaderMap),
}

/// A request that may see this video: its id, package, and the prefix of its URIs.
pub struct Grant<'a> {
    id: VideoId,
    index: std::sync::Arc<PackageIndex>,
    prefix: Prefix<'a>,
    /// The viewer the token was issued to.
    pub viewer: Holder,
    /// The playback session the token's plays count as, when the viewer's do.
    stream: Option<String>,
    /// What the token lets its holder fetch: the tallest rung, the downloads.
    rights: PlayRights,
}

impl Grant<'_> {
    /// Lets a request that plays (a rendition's playlist, init or media segment, or the
    /// content key) through the viewer's playback session: opens it on its first request,
    /// refuses an ended one or one more than the viewer's plan allows at once. A manifest
    /// opens nothing (a page fetches it before anyone presses play), nor do pictures, text
    /// tracks and downloads.
    async fn plays(&self, ctx: &Context, headers: &HeaderMap) -> problem::Result<()> {
        let Some(stream) = &self.stream else { return Ok(()) };
        let agent = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok());
        streams::admit(ctx, stream, self.viewer, self.id, self.rights.device, agent).await
    }
}

/// Where the URIs of a manifest begin: `/play/{token}/{video}` or `/play/c/{video}`, written
/// out only when a manifest is.
#[derive(Clone, Copy)]
struct Prefix<'a> {
    /// The path's token; none for the cookie form.
    token: Option<&'a str>,
    id: VideoId,
}

impl std::fmt::Display for Prefix<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.token {
            Some(token) => write!(f, "/play/{token}/{}", self.id),
            None => write!(f, "/play/c/{}", self.id),
        }
    }
}

/// Notes on an answer whether the origin cache answered it, for the access log.
fn cache_answer(hit: bool, answer: problem::Result<Answer>) -> problem::Result<Answer> {
    answer.map(|answer| Answer { cache_hit: Some(hit), ..answer })
}

/// A file at the top of an item's package: a manifest, the content key, the chapters, a
/// download or a picture. `edge` says whether downloads are paced (then never redirected).
pub async fn top_level_file(ctx: &Context, edge: &Edge, grant: Grant<'_>, file: &str, headers: &HeaderMap) -> problem::Result<Answer> {
    // Every top-level file asks afresh: manifests, the key, the download and the pictures (a
    // storyboard shows a frame of every few seconds of the video).
    entitlement::check(ctx, grant.id, grant.viewer, Recheck::Now).await?;
    if file == "key" {
        grant.plays(ctx, headers).await?;
    }
    let Grant { id, index, prefix, viewer, rights, .. } = grant;
    if let (Some(dropped), true) = (&index.dropped, matches!(file, "master.m3u8" | "manifest.mpd")) {
        // A viewer is back: the top rungs are made again while the manifest lists those kept.
        rungs::request_remake(&ctx.queue, id, dropped).await?;
    }
    // The manifests list only the rungs the token's rights allow (the same for every viewer
    // in the cookie form, whose URLs a shared cache may key without the cookie).
    let capped = matches!(file, "master.m3u8" | "manifest.mpd") && rights.max_height.is_some();
    let listed = if capped { std::sync::Arc::new(within(&index, rights)?) } else { index.clone() };
    let private = capped && prefix.token.is_none();
    match file {
        "master.m3u8" => Ok(manifest(HLS, &listed, package::hls_master(&listed, &prefix.to_string()), private)),
        "key" => content_key_file(ctx, id, &index).await,
        text_files::CHAPTERS_FILE => {
            let video = videos::get(&ctx.db, id).await?.ok_or_else(|| Problem::not_found("video"))?;
            // The item's length, else (while it is being measured) what its renditions hold.
            let listed = index.renditions.iter().map(|r| r.duration_secs()).fold(0.0, f64::max);
            let duration_ms = (video.duration_s.unwrap_or(listed) * 1000.0).round() as u64;
            let cache = if index.complete { MANIFEST_VOD } else { MANIFEST_LIVE };
            Ok(Reply::Text { mime: text_files::VTT, cache, text: text_files::chapters(&index, duration_ms) }.into())
        }
        "manifest.mpd" => {
            if index.encryption.is_some() {
                // HLS AES-128 encrypts whole segments, which no DASH player can decrypt.
                return Err(Problem::not_found("DASH manifest (the video's segments are encrypted for HLS)"));
            }
            if !index.complete {
                // A static MPD must be complete; DASH players get the video once it is ready.
                return Err(Problem::not_found("DASH manifest (the video is still being processed)"));
            }
            Ok(manifest(DASH, &listed, package::dash_mpd(&listed, &prefix.to_string()), private))
        }
        name if index.has_file(name) => {
            if name.starts_with("download.") && !rights.downloads {
                return Err(Problem::new(StatusCode::FORBIDDEN, "downloads-not-in-plan", "the viewer's plan does not include downloads"));
            }
            let mime = match name.rsplit('.').next() {
                Some("jpg") => "image/jpeg",
                Some("m4a") => "audio/mp4",
                Some("mp3") => "audio/mpeg",
                _ => "video/mp4",
            };
            // A paced download must pass through here, not around it to the bucket.
            let may_redirect = !(name.starts_with("download.") && edge.downloads().is_on());
            let mut answer = media(ctx, &StorageKey::media_file(id, name), mime, headers, false, may_redirect).await?;
            // The bytes only: a redirect to the bucket keeps its own (short) lifetime.
            if let (Holder::Anonymous, Reply::Object(Object { cache, .. }) | Reply::NotModified { cache, .. }) = (viewer, &mut answer.reply)
            {
                *cache = ANONYMOUS_FILE;
            }
            if name.starts_with("download.") {
                let title = videos::get(&ctx.db, id).await?.map(|v| v.title).unwrap_or_default();
                let disposition = format!("attachment; filename=\"{}\"", download_name(&title, name));
                answer.disposition = Some(HeaderValue::from_str(&disposition).map_err(Problem::internal)?);
            }
            Ok(answer)
        }
        _ => Err(Problem::not_found("file")),
    }
}

/// The 16-byte AES-128 key of an encrypted video, unwrapped from the database per request.
async fn content_key_file(ctx: &Context, id: VideoId, index: &PackageIndex) -> problem::Result<Answer> {
    if index.encryption.is_none() {
        return Err(Problem::not_found("key (the video is not encrypted)"));
    }
    let wrapped = videos::content_key(&ctx.db, id)
        .await?
        .ok_or_else(|| Problem::internal(anyhow::anyhow!("video {id} is encrypted but has no content key")))?;
    let master = MasterKeys::from_config(&ctx.config).map_err(Problem::internal)?;
    let key = master.unwrap(id, &wrapped).map_err(Problem::internal)?;
    metrics::counter!("reel_content_keys_served_total").increment(1);
    Ok(Reply::Key { key: key.as_bytes().to_vec(), cache: KEY_CACHE }.into())
}

/// A file of one rendition (its playlist, init segment or a media segment), or of the text
/// tracks' folder.
pub async fn rendition_file_of(
    ctx: &Context,
    grant: Grant<'_>,
    rendition: &str,
    file: &str,
    headers: &HeaderMap,
) -> problem::Result<Answer> {
    if rendition == text_tracks::FOLDER {
        return text_file(ctx, grant, file, headers).await;
    }
    // A playlist asks afresh; a segment trusts the last answer for a while.
    let recheck = if file == "index.m3u8" { Recheck::Now } else { Recheck::Cached };
    entitlement::check(ctx, grant.id, grant.viewer, recheck).await?;
    grant.plays(ctx, headers).await?;
    let Grant { id, index, prefix, rights, .. } = grant;
    let Some(r) = index.rendition(rendition) else {
        return match &index.dropped {
            // Asked for through a manifest from before the drop (a player, a CDN's copy).
            Some(dropped) if dropped.names.iter().any(|n| n == rendition) => {
                rungs::request_remake(&ctx.queue, id, dropped).await?;
                Err(Problem::unavailable("remaking", "this quality is being made again; try again later", REMAKE_RETRY_SECS))
            }
            _ => Err(Problem::not_found("rendition")),
        };
    };
    if !rights.allows(r.width, r.height) {
        return Err(above_plan());
    }
    let mime = if r.kind == Kind::Video { "video/mp4" } else { "audio/mp4" };
    if file == "index.m3u8" {
        let text = package::hls_media(&index, &r.name, &prefix.to_string()).expect("the rendition exists");
        return Ok(manifest(HLS, &index, text, false));
    }
    if file == "init.mp4" {
        return media(ctx, &StorageKey::init(id, &r.name), mime, headers, index.complete, true).await;
    }
    let n = file.strip_suffix(".m4s").filter(|n| n.len() == 5).and_then(|n| n.parse::<u32>().ok());
    match n {
        Some(n) if (n as usize) < r.segments.len() => {
            media(ctx, &StorageKey::segment(id, &r.name, n), mime, headers, index.complete, true).await
        }
        _ => Err(Problem::not_found("segment")),
    }
}

/// A text track's playlist, segment or whole file (`captions/…`).
async fn text_file(ctx: &Context, grant: Grant<'_>, file: &str, headers: &HeaderMap) -> problem::Result<Answer> {
    let file = TextFile::parse(file).ok_or_else(|| Problem::not_found("file"))?;
    let recheck = if file.is_listing() { Recheck::Now } else { Recheck::Cached };
    entitlement::check(ctx, grant.id, grant.viewer, recheck).await?;
    let Grant { index, prefix, .. } = grant;
    match text_files::serve(ctx, &index, file, &prefix.to_string()).await? {
        text_files::Served::Playlist(text) => Ok(manifest(HLS, &index, text, false)),
        text_files::Served::Segment(text) => Ok(Reply::Text { mime: text_files::VTT, cache: text_files::SEGMENT_CACHE, text }.into()),
        text_files::Served::Object(key, disposition) => {
            let answer = media(ctx, &key, text_files::VTT, headers, index.complete, true).await?;
            Ok(Answer { disposition: Some(disposition), ..answer })
        }
    }
}

/// Checks the token for this video, counts the request against its account's media budget
/// (`edge`), and loads its package index. Every refusal of the token is a 403 that says
/// nothing about whether the video exists.
pub async fn authorize<'a>(ctx: &Context, edge: &Edge, credential: Credential<'a>, video: &str) -> problem::Result<Grant<'a>> {
    let id: VideoId = video.parse().map_err(|_| Problem::forbidden("invalid playback token"))?;
    // Tokens are checked against the system clock, as a CDN in front checks them.
    let now = reel_base::domain::now_ms() / 1000;
    let (checked, prefix) = match credential {
        Credential::Path(token) => (ctx.signer.verify(token, id, now), Prefix { token: Some(token), id }),
        Credential::Cookie(headers) => {
            // The first cookie that opens this video wins; otherwise the first refusal is logged.
            let mut checked = Err(TokenError::Malformed);
            for (i, token) in cookie_tokens(headers).take(MAX_COOKIE_TOKENS).enumerate() {
                match ctx.signer.verify(token, id, now) {
                    Ok(claims) => {
                        checked = Ok(claims);
                        break;
                    }
                    Err(e) if i == 0 => checked = Err(e),
                    Err(_) => {}
                }
            }
            (checked, Prefix { token: None, id })
        }
    };
    let claims = match checked {
        Ok(claims) => claims,
        Err(e) => {
            metrics::counter!("reel_playback_denied_total", "reason" => e.to_string()).increment(1);
            tracing::debug!(%id, reason = %e, "playback token refused");
            return Err(Problem::forbidden("invalid playback token"));
        }
    };
    if let Some(user) = claims.sub.account() {
        edge.admit_account(crate::platform::edge::Class::Media, user).await?;
    }
    let index = match ctx.shared.origin_cache().index(id) {
        Some(index) => index,
        None => {
            let mut index = videos::package(&ctx.db, id).await?.ok_or_else(|| Problem::not_found("video"))?;
            index.captions = reel_base::db::captions::of_video(&ctx.db, id).await?;
            index.chapters = reel_base::db::chapters::list(&ctx.db, id).await?;
            let index = std::sync::Arc::new(index);
            ctx.shared.origin_cache().keep_index(id, &index);
            index
        }
    };
    let rights = claims.rights();
    let stream = claims.sid.filter(|_| streams::counts(ctx, claims.sub));
    Ok(Grant { id, index, prefix, viewer: claims.sub, stream, rights })
}

/// The values of every `reel_play` cookie the request carries.
fn cookie_tokens(headers: &HeaderMap) -> impl Iterator<Item = &str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().strip_prefix(PLAYBACK_COOKIE)?.strip_prefix('='))
        .map(|value| value.trim_matches('"'))
}

/// A manifest's answer; `private` when it was cut to one viewer's rights but its URL is the
/// same for every viewer (the cookie form).
fn manifest(mime: &'static str, index: &PackageIndex, text: String, private: bool) -> Answer {
    let cache = match (index.complete, private) {
        (true, false) => MANIFEST_VOD,
        (true, true) => MANIFEST_VOD_PRIVATE,
        (false, _) => MANIFEST_LIVE,
    };
    Reply::Text { mime, cache, text }.into()
}

/// The refusal of a rung above the token's rights.
fn above_plan() -> Problem {
    Problem::new(StatusCode::FORBIDDEN, "quality-not-in-plan", "the viewer's plan does not include this quality")
}

/// `index` with only the video rungs `rights` allow (audio stays); refused when none is left,
/// as a manifest without a picture would play as a broken item.
fn within(index: &PackageIndex, rights: PlayRights) -> problem::Result<PackageIndex> {
    let had_video = index.video().next().is_some();
    let mut cut = index.clone();
    cut.renditions.retain(|r| r.kind != Kind::Video || rights.allows(r.width, r.height));
    if had_video && cut.video().next().is_none() {
        return Err(above_plan());
    }
    Ok(cut)
}

/// How long a presigned media URL is valid (`delivery.s3_redirect`).
const PRESIGNED_TTL: std::time::Duration = std::time::Duration::from_secs(300);
/// A redirect to a presigned URL may be reused briefly by this viewer only, well within its life.
const REDIRECT_CACHE: &str = "private, max-age=60";

/// Serves one stored object with `Range`, `If-None-Match` and `If-Range` support: from the
/// origin cache when `cacheable` (segments of a finished video) and held there, else from
/// the store (and then kept, when small enough). With `delivery.s3_redirect`, an object that
/// `may_redirect` is a redirect to the bucket instead.
async fn media(
    ctx: &Context,
    key: &StorageKey,
    mime: &'static str,
    headers: &HeaderMap,
    cacheable: bool,
    may_redirect: bool,
) -> problem::Result<Answer> {
    if ctx.config.delivery.s3_redirect && may_redirect {
        if let Some(url) = ctx.store.presigned_get(key, PRESIGNED_TTL).await? {
            // The token was checked; the presigned URL is the viewer's short pass to the bytes.
            let location = HeaderValue::from_str(&url).map_err(Problem::internal)?;
            return Ok(Reply::Redirect { location, cache: REDIRECT_CACHE }.into());
        }
    }
    let cache = ctx.shared.origin_cache();
    if cacheable && cache.keeps_objects() {
        if let Some(held) = cache.object(key.as_str()) {
            cache.count(true);
            return cache_answer(true, from_memory(headers, mime, &held));
        }
        cache.count(false);
        // One read of the whole object: kept when small enough, else served as it streams in.
        let body = open(ctx, key, None).await?;
        if cache.would_keep(body.info.size) {
            let chunks: Vec<bytes::Bytes> = body.stream.try_collect().await?;
            let held = CachedObject { bytes: bytes::Bytes::from(chunks.concat()), etag: etag_of(&body.info).into() };
            cache.keep_object(key.as_str(), held.clone());
            return cache_answer(false, from_memory(headers, mime, &held));
        }
        let etag = etag_of(&body.info);
        let answer = match ranged(headers, &etag, body.info.size)? {
            Ranged::Respond(reply) => Ok(reply.into()),
            Ranged::Serve(None) => finish(mime, &etag, body.info.size, None, ObjectBytes::Streamed(body.stream)),
            Ranged::Serve(Some(range)) => {
                let part = open(ctx, key, Some(range.clone())).await?;
                finish(mime, &etag, body.info.size, Some(range), ObjectBytes::Streamed(part.stream))
            }
        };
        return cache_answer(false, answer);
    }
    let info = match ctx.store.head(key).await {
        Ok(info) => info,
        Err(StorageError::NotFound(_)) => return Err(Problem::not_found("file")),
        Err(e) => return Err(e.into()),
    };
    let etag = etag_of(&info);
    let range = match ranged(headers, &etag, info.size)? {
        Ranged::Respond(reply) => return Ok(reply.into()),
        Ranged::Serve(range) => range,
    };
    let body = open(ctx, key, range.clone()).await?;
    finish(mime, &etag, info.size, range, ObjectBytes::Streamed(body.stream))
}

/// Opens an object, or a range of it, for reading; a missing one is a 404, an archived one a
/// 503 with the time to wait while a job restores its item.
async fn open(ctx: &Context, key: &StorageKey, range: Option<std::ops::Range<u64>>) -> problem::Result<reel_base::storage::ObjectBody> {
    match ctx.store.get_stream(key, range).await {
        Ok(body) => Ok(body),
        Err(StorageError::NotFound(_)) => Err(Problem::not_found("file")),
        Err(StorageError::Archived(_)) => {
            let video = reel_base::storage::ledger::classify(key.as_str()).video.ok_or_else(|| Problem::not_found("file"))?;
            let wait = crate::ops::lifecycle::restore::request(&ctx.queue, &ctx.config, video).await?;
            Err(Problem::unavailable("restoring", "this item is being restored from the archive; try again later", wait))
        }
        Err(e) => Err(e.into()),
    }
}

fn etag_of(info: &reel_base::storage::ObjectInfo) -> String {
    format!("\"{}\"", info.e_tag.as_deref().map(|t| t.trim_matches('"').to_string()).unwrap_or_else(|| format!("{:x}", info.size)))
}

/// What the conditional and range headers ask of an object of `size` bytes.
enum Ranged {
    /// Answer this (304 or 416) without a body from the store.
    Respond(Reply),
    /// Serve the whole object (200) or one range of it (206).
    Serve(Option<std::ops::Range<u64>>),
}

fn ranged(headers: &HeaderMap, etag: &str, size: u64) -> problem::Result<Ranged> {
    let header_str = |name| headers.get(name).and_then(|v: &HeaderValue| v.to_str().ok());
    if header_str(header::IF_NONE_MATCH).is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*")) {
        let etag = HeaderValue::from_str(etag).map_err(Problem::internal)?;
        return Ok(Ranged::Respond(Reply::NotModified { etag, cache: IMMUTABLE }));
    }
    // A Range made against another version of the object gets the whole new one instead.
    let range_header = match header_str(header::IF_RANGE) {
        Some(v) if v != etag => None,
        _ => header_str(header::RANGE),
    };
    Ok(match range::parse(range_header, size) {
        RangeRequest::Whole => Ranged::Serve(None),
        RangeRequest::Part(r) => Ranged::Serve(Some(r)),
        RangeRequest::Unsatisfiable => Ranged::Respond(Reply::Unsatisfiable { size }),
    })
}

/// Answers from an object held in memory.
fn from_memory(headers: &HeaderMap, mime: &'static str, held: &CachedObject) -> problem::Result<Answer> {
    let size = held.bytes.len() as u64;
    match ranged(headers, &held.etag, size)? {
        Ranged::Respond(reply) => Ok(reply.into()),
        Ranged::Serve(range) => {
            let part = range.clone().unwrap_or(0..size);
            // Within the object: `ranged` keeps every range inside 0..size.
            let bytes = held.bytes.slice(part.start as usize..part.end as usize);
            finish(mime, &held.etag, size, range, ObjectBytes::Held(bytes))
        }
    }
}

/// The media answer around `body`: the whole object of `size` bytes, or `range` of it.
fn finish(mime: &'static str, etag: &str, size: u64, range: Option<std::ops::Range<u64>>, body: ObjectBytes) -> problem::Result<Answer> {
    let etag = HeaderValue::from_str(etag).map_err(Problem::internal)?;
    Ok(Reply::Object(Object { mime, etag, size, range, cache: IMMUTABLE, body }).into())
}

/// A file name for the download from the video's title: safe characters only.
fn download_name(title: &str, file: &str) -> String {
    let ext = file.rsplit('.').next().unwrap_or("mp4");
    let stem: String = title.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).take(32).collect();
    let stem = stem.trim_matches('_');
    if stem.is_empty() || !is_safe_name(stem) {
        format!("video.{ext}")
    } else {
        format!("{stem}.{ext}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn playback_cookies_are_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.append(header::COOKIE, HeaderValue::from_static("session=abc; reel_play=t1.s1; reel_playx=no"));
        headers.append(header::COOKIE, HeaderValue::from_static("reel_play=\"t2.s2\""));
        assert_eq!(cookie_tokens(&headers).collect::<Vec<_>>(), ["t1.s1", "t2.s2"]);
        assert_eq!(cookie_tokens(&HeaderMap::new()).count(), 0);
    }

    #[test]
    fn download_names_come_from_titles_and_are_safe() {
        assert_eq!(download_name("My Holiday!", "download.mp4"), "My_Holiday.mp4");
        assert_eq!(download_name("\"; rm -rf /", "download.m4a"), "rm_-rf.m4a");
        assert_eq!(download_name("日本", "download.mp4"), "video.mp4");
    }
}
