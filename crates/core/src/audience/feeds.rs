//! What the site publishes for readers that are not people at a page: a channel's and a
//! playlist's feed (podcast apps and feed readers), the sitemap (search engines) and the link
//! previews other sites unfold a pasted link into. All of it is what a signed-out visitor may
//! see, whoever asks: public items only, their pictures and downloads signed for a signed-out
//! visitor, and nothing of an item such a visitor may not see, not even its title.

use crate::auth::account;
use crate::delivery::{playback_urls_until, PlaybackUrls};
use crate::library::collections;
use crate::library::videos::{self, Filter, VideoRecord};
use crate::platform::problem::{self, Problem};
use crate::platform::Context;
use reel_base::domain::collection::Shelf;
use reel_base::domain::{percent_encode, CollectionId, Holder, ItemKind, VideoId};
use reel_base::media::package::PackageIndex;
use reel_base::storage::StorageKey;

use super::account_profile;

/// Items a feed lists at most, newest first (a playlist's: its first ones, in its order).
pub const FEED_ITEMS: u32 = 50;
/// Pages one sitemap lists at most: the sitemaps protocol's limit for one file.
pub const SITEMAP_URLS: usize = 50_000;
/// Rows read at a time while the sitemap is made.
const SITEMAP_BATCH: u32 = 1_000;
/// The longest description a link preview carries, in characters.
const PREVIEW_DESCRIPTION: usize = 300;

/// A channel's or a playlist's feed.
#[derive(Debug, Clone)]
pub struct Feed {
    /// The channel's name or the playlist's title.
    pub title: String,
    /// The channel's bio or the playlist's description.
    pub description: String,
    /// The page it is the feed of (absolute URL).
    pub page: String,
    /// Who publishes it: the channel's name.
    pub author: String,
    /// The channel's avatar (absolute URL), if it has one.
    pub image: Option<String>,
    /// Its items, newest first (a playlist's in its order).
    pub entries: Vec<Entry>,
}

/// One item of a feed.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The item's id: the entry's lasting identity (its URLs change, its id does not).
    pub id: VideoId,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Its watch page (absolute URL).
    pub page: String,
    /// What kind of item it is.
    pub kind: ItemKind,
    /// When it was published (ms): the upload's completion.
    pub published_ms: i64,
    /// Its length, once measured.
    pub duration_s: Option<f64>,
    /// Its poster, signed for a signed-out visitor, once made.
    pub image: Option<String>,
    /// The file a podcast app downloads: a podcast's or a music item's audio.
    pub enclosure: Option<Enclosure>,
}

/// A feed entry's download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enclosure {
    /// The download, signed for a signed-out visitor.
    pub url: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// Its media type.
    pub mime: &'static str,
}

/// What a link preview (Open Graph, Twitter cards) says of a page.
#[derive(Debug, Clone, Default)]
pub struct Preview {
    /// The title; empty where only the site's name may be said.
    pub title: String,
    /// A description, shortened.
    pub description: String,
    /// A picture (absolute URL), signed for a signed-out visitor where it needs a token.
    pub image: Option<String>,
    /// Open Graph's type: `video.other`, `music.song`, `profile`, `website`.
    pub kind: &'static str,
    /// The item's length, for a video or a song.
    pub duration_s: Option<f64>,
}

impl Preview {
    /// A preview that names nothing but the site: for a page a signed-out visitor may not see.
    pub fn site_only() -> Self {
        Self { kind: "website", ..Self::default() }
    }
}

/// One page of the sitemap.
#[derive(Debug, Clone)]
pub struct SitemapUrl {
    /// The page (absolute URL).
    pub page: String,
    /// When it last changed (ms).
    pub changed_ms: i64,
}

/// The feed of the channel `handle`: its public items that can be watched. Not found, as a
/// handle no one has is, unless the channel is a public page ([`account_profile::is_public`]).
pub async fn channel(ctx: &Context, handle: &str) -> problem::Result<Feed> {
    let owner = account_profile::channel(ctx, None, handle).await?;
    let profile = account_profile::of_account(ctx, owner.id).await?;
    let filter = Filter { owner: Some(owner.id), watchable: true, ..Filter::default() };
    let items = videos::list(ctx, videos::public_audience(), filter, FEED_ITEMS, None).await?;
    Ok(Feed {
        title: owner.display_name.clone(),
        description: profile.bio,
        page: format!("{}/c/{}", ctx.site_url, percent_encode(&owner.channel)),
        author: owner.display_name,
        image: profile.avatar_url.map(|path| format!("{}{path}", ctx.site_url)),
        entries: entries(ctx, items).await?,
    })
}

/// The feed of the playlist `id`: its public items, in its order. Not found unless the
/// playlist itself is public.
pub async fn playlist(ctx: &Context, id: &str) -> problem::Result<Feed> {
    let record = collections::visible(ctx, None, Shelf::Playlist, id).await.map_err(|_| Problem::not_found("playlist"))?;
    let author = match record.created_by {
        Some(owner) => account::by_id(ctx, owner).await?.map(|o| o.display_name).unwrap_or_default(),
        None => String::new(),
    };
    let mut items = collections::items(ctx, videos::public_audience(), Shelf::Playlist, &record, true).await?;
    items.truncate(FEED_ITEMS as usize);
    Ok(Feed {
        title: record.title,
        description: record.description,
        page: playlist_page(ctx, record.id),
        author,
        image: None,
        entries: entries(ctx, items).await?,
    })
}

/// The watch pages of every public item that can be watched, newest first, at most
/// [`SITEMAP_URLS`].
pub async fn sitemap(ctx: &Context) -> problem::Result<Vec<SitemapUrl>> {
    let mut urls = Vec::new();
    if !ctx.config.auth.allow_public_videos {
        return Ok(urls);
    }
    let filter = Filter { watchable: true, ..Filter::default() };
    let mut after = None;
    while urls.len() < SITEMAP_URLS {
        let rows = videos::list(ctx, videos::public_audience(), filter, SITEMAP_BATCH, after).await?;
        after = videos::next_cursor(&rows, SITEMAP_BATCH, &filter, after).and_then(|c| videos::parse_cursor(&c));
        urls.extend(rows.iter().map(|v| SitemapUrl { page: watch_page(ctx, v.id), changed_ms: changed_ms(v) }));
        if after.is_none() {
            break;
        }
    }
    urls.truncate(SITEMAP_URLS);
    Ok(urls)
}

/// The link preview of an item's watch page: what a signed-out visitor sees of it, or only
/// the site's name.
pub async fn video_preview(ctx: &Context, video: &VideoRecord) -> problem::Result<Preview> {
    if !videos::is_public(ctx, video) {
        return Ok(Preview::site_only());
    }
    let index = videos::package(ctx, video).await?;
    let image = index.as_ref().and_then(|index| public_urls(ctx, video, index)).and_then(|urls| urls.poster);
    let audio = matches!(video.meta.kind, ItemKind::Music | ItemKind::Podcast);
    Ok(Preview {
        title: video.title.clone(),
        description: shorten(&video.description),
        image,
        kind: if audio { "music.song" } else { "video.other" },
        duration_s: video.duration_s,
    })
}

/// How much of a poster is read for its size at most: a JPEG's frame header comes before its
/// picture, after the few tables ffmpeg writes.
const POSTER_HEADER_BYTES: usize = 256 * 1024;

/// The size (width, height) of `video`'s poster as it was made, read from its JPEG frame header:
/// the size of the thumbnail an oEmbed answer names. `None` where it has no poster, or the
/// poster cannot be read (a thumbnail of unknown size is left out, not made up).
pub async fn poster_size(ctx: &Context, video: &VideoRecord) -> problem::Result<Option<(u32, u32)>> {
    use futures::StreamExt;
    let Some(index) = videos::package(ctx, video).await? else { return Ok(None) };
    let Some(name) = index.poster.as_deref() else { return Ok(None) };
    let key = StorageKey::media_file(video.id, name);
    let mut body = match ctx.store.get_stream(&key, None).await {
        Ok(body) => body.stream,
        Err(e) => {
            tracing::warn!(video = %video.id, error = %e, "the poster could not be read for its size");
            return Ok(None);
        }
    };
    let mut head = Vec::new();
    while let Some(chunk) = body.next().await {
        let Ok(chunk) = chunk else { return Ok(None) };
        head.extend_from_slice(&chunk);
        if let Some(size) = jpeg_size(&head) {
            return Ok(Some(size));
        }
        if head.len() >= POSTER_HEADER_BYTES {
            break;
        }
    }
    Ok(None)
}

/// A JPEG's width and height, from its start-of-frame segment; `None` until `bytes` reach it
/// (or where they are not a JPEG).
fn jpeg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let mut at = bytes.strip_prefix(&[0xff, 0xd8])?;
    loop {
        // Markers may be padded with any number of 0xff bytes.
        let marker_at = at.iter().position(|&b| b != 0xff)?;
        if marker_at == 0 {
            return None;
        }
        let marker = at[marker_at];
        at = &at[marker_at + 1..];
        // Markers without a segment: restart intervals, and TEM.
        if (0xd0..=0xd7).contains(&marker) || marker == 0x01 {
            continue;
        }
        let length = usize::from(u16::from_be_bytes([*at.first()?, *at.get(1)?]));
        // Start of frame: every SOFn but DHT (c4), JPG (c8) and DAC (cc).
        if (0xc0..=0xcf).contains(&marker) && ![0xc4, 0xc8, 0xcc].contains(&marker) {
            let frame = at.get(3..7)?;
            let height = u32::from(u16::from_be_bytes([frame[0], frame[1]]));
            let width = u32::from(u16::from_be_bytes([frame[2], frame[3]]));
            return (width > 0 && height > 0).then_some((width, height));
        }
        if marker == 0xd9 || marker == 0xda || length < 2 {
            return None;
        }
        at = at.get(length..)?;
    }
}

/// The link preview of a channel's page where it is a public page
/// ([`account_profile::is_public`]), else only the site's name.
pub async fn channel_preview(ctx: &Context, handle: &str) -> problem::Result<Preview> {
    let Some(owner) = account::channel(ctx, handle).await? else { return Ok(Preview::site_only()) };
    if !account_profile::is_public(ctx, owner.id).await? {
        return Ok(Preview::site_only());
    }
    let profile = account_profile::of_account(ctx, owner.id).await?;
    Ok(Preview {
        title: owner.display_name,
        description: shorten(&profile.bio),
        image: profile.avatar_url.map(|path| format!("{}{path}", ctx.site_url)),
        kind: "profile",
        duration_s: None,
    })
}

/// The link preview of a playlist's page: its title and first public item's poster when the
/// playlist is public, else only the site's name.
pub async fn playlist_preview(ctx: &Context, id: &str) -> problem::Result<Preview> {
    let Ok(record) = collections::visible(ctx, None, Shelf::Playlist, id).await else { return Ok(Preview::site_only()) };
    let items = collections::items(ctx, videos::public_audience(), Shelf::Playlist, &record, true).await?;
    let mut image = None;
    for item in items.iter().take(5) {
        if let Some(index) = videos::package(ctx, item).await? {
            image = public_urls(ctx, item, &index).and_then(|urls| urls.poster);
            if image.is_some() {
                break;
            }
        }
    }
    Ok(Preview { title: record.title, description: shorten(&record.description), image, kind: "website", duration_s: None })
}

/// The absolute URL of an item's watch page.
pub fn watch_page(ctx: &Context, id: VideoId) -> String {
    format!("{}/watch/{id}", ctx.site_url)
}

/// The absolute URL of a playlist's page.
fn playlist_page(ctx: &Context, id: CollectionId) -> String {
    format!("{}/playlists/{id}", ctx.site_url)
}

/// The feed entries of `items`, which are all public.
async fn entries(ctx: &Context, items: Vec<VideoRecord>) -> problem::Result<Vec<Entry>> {
    let packages = videos::packages(ctx, &items).await?;
    let mut out = Vec::with_capacity(items.len());
    for v in items {
        let urls = packages.get(&v.id).and_then(|index| public_urls(ctx, &v, index));
        let audio = matches!(v.meta.kind, ItemKind::Podcast | ItemKind::Music);
        let enclosure = urls.as_ref().filter(|_| audio).and_then(|urls| enclosure(urls, packages.get(&v.id)?));
        out.push(Entry {
            id: v.id,
            page: watch_page(ctx, v.id),
            published_ms: v.uploaded_at.unwrap_or(v.created_at),
            duration_s: v.duration_s,
            image: urls.and_then(|u| u.poster),
            enclosure,
            kind: v.meta.kind,
            title: v.title,
            description: v.description,
        });
    }
    Ok(out)
}

/// An audio item's download for a feed: the M4A where there is one (every podcast app plays
/// AAC), else the MP3.
fn enclosure(urls: &PlaybackUrls, index: &PackageIndex) -> Option<Enclosure> {
    let m4a = index.download.as_ref().filter(|d| d.file.ends_with(".m4a"));
    if let (Some(url), Some(file)) = (&urls.m4a, m4a) {
        return Some(Enclosure { url: url.clone(), bytes: file.size, mime: "audio/mp4" });
    }
    let (url, file) = (urls.mp3.as_ref()?, index.mp3.as_ref()?);
    Some(Enclosure { url: url.clone(), bytes: file.size, mime: "audio/mpeg" })
}

/// The URLs of a public item's files for a signed-out visitor, valid for
/// `delivery.feed_url_ttl_secs`; none for an item that needs a plan, which such a visitor
/// cannot hold.
///
/// The expiry is rounded up to a whole day, so a feed read twice in a day hands out the same
/// URLs (podcast apps and caches see one file, not a new one per poll).
fn public_urls(ctx: &Context, video: &VideoRecord, index: &PackageIndex) -> Option<PlaybackUrls> {
    if video.required_plan.is_some() || !videos::is_public(ctx, video) {
        return None;
    }
    const DAY: i64 = 86_400;
    let ttl = i64::try_from(ctx.config.delivery.feed_url_ttl_secs).unwrap_or(DAY);
    // The system's clock, as for every playback token: the origin (or a CDN) checks it by its own.
    let exp = (reel_base::domain::now_ms() / 1000 + ttl + DAY - 1) / DAY * DAY;
    let rights = ctx.config.entitlements.without_plan().into();
    Some(playback_urls_until(&ctx.signer, ctx.playback_base(), exp, video.id, Holder::Anonymous, rights, index))
}

/// When an item last changed, as far as a crawler cares: it became ready, playable, or was
/// uploaded.
fn changed_ms(video: &VideoRecord) -> i64 {
    video.ready_at.or(video.playable_at).or(video.uploaded_at).unwrap_or(video.created_at)
}

/// `text` cut to [`PREVIEW_DESCRIPTION`] characters at a word, with an ellipsis when cut.
fn shorten(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= PREVIEW_DESCRIPTION {
        return text.to_string();
    }
    let cut: Vec<char> = text.chars().take(PREVIEW_DESCRIPTION).collect();
    // At the last space, unless that would keep less than half (one very long word).
    let at_word = cut.iter().rposition(|c| c.is_whitespace()).filter(|&i| i > PREVIEW_DESCRIPTION / 2).unwrap_or(cut.len());
    format!("{}…", cut[..at_word].iter().collect::<String>().trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The start of a JPEG as ffmpeg writes a poster: JFIF, a comment, a quantisation table,
    /// then the frame header of a `width` × `height` picture.
    fn jpeg_head(width: u16, height: u16) -> Vec<u8> {
        let mut b = vec![0xff, 0xd8];
        b.extend([0xff, 0xe0, 0x00, 0x10]);
        b.extend(b"JFIF\0\x01\x02\0\0\x01\0\x01\0\0");
        b.extend([0xff, 0xfe, 0x00, 0x10]);
        b.extend(b"Lavc59.37.100\0");
        b.extend([0xff, 0xdb, 0x00, 0x43]);
        b.extend([1u8; 0x41]);
        b.extend([0xff, 0xc0, 0x00, 0x11, 0x08]);
        b.extend(height.to_be_bytes());
        b.extend(width.to_be_bytes());
        b.extend([0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01]);
        b
    }

    #[test]
    fn a_posters_size_is_read_from_its_frame_header() {
        assert_eq!(jpeg_size(&jpeg_head(404, 720)), Some((404, 720)), "a portrait poster is not 1280×720");
        assert_eq!(jpeg_size(&jpeg_head(1280, 536)), Some((1280, 536)));
        let head = jpeg_head(640, 360);
        assert_eq!(jpeg_size(&head[..head.len() - 12]), None, "not yet read as far as the frame header");
        assert_eq!(jpeg_size(b"\x89PNG\r\n\x1a\n"), None);
    }

    #[test]
    fn a_long_description_is_cut_at_a_word_and_says_so() {
        assert_eq!(shorten("  short  "), "short");
        let long = "word ".repeat(100);
        let cut = shorten(&long);
        assert!(cut.ends_with("word…"), "{cut}");
        assert!(cut.chars().count() <= PREVIEW_DESCRIPTION + 1);
        let unbroken = "x".repeat(400);
        assert_eq!(shorten(&unbroken).chars().count(), PREVIEW_DESCRIPTION + 1);
        // Counted in characters, not bytes: two-byte letters are cut near the same place.
        let accented = "é".repeat(9).chars().chain([' ']).cycle().take(400).collect::<String>();
        assert!(shorten(&accented).chars().count() > PREVIEW_DESCRIPTION - 10, "{}", shorten(&accented));
    }
}
