//! The origin's text-track files under `/play/…/{video}/captions/`: a track's HLS playlist
//! (`{id}.m3u8`), its WebVTT segments cut on the media's boundaries (`{id}-{n:05}.vtt`) and the
//! whole file (`{id}.vtt`, also the download), behind the same token as the media; and the
//! item's chapters as a WebVTT chapters track (`/play/…/{video}/chapters.vtt`).

use http::HeaderValue;

use crate::platform::problem::{self, Problem};
use crate::platform::Context;
use reel_base::domain::Caption;
use reel_base::media::captions::{self, Limits};
use reel_base::media::package::PackageIndex;
use reel_base::media::text_tracks;
use reel_base::storage::StorageKey;

use crate::platform::origin_cache::CachedObject;

/// WebVTT's media type.
pub const VTT: &str = "text/vtt; charset=utf-8";
/// Segments are cut from an immutable file on boundaries that only a new transcode moves.
pub const SEGMENT_CACHE: &str = "public, max-age=60";

/// The chapters track's name, beside the manifests.
pub const CHAPTERS_FILE: &str = "chapters.vtt";

/// The item's chapters (`index.chapters`) as a WebVTT chapters track: each chapter runs to the
/// next, the last to `duration_ms`. Empty (a header only) for an item without chapters.
pub fn chapters(index: &PackageIndex, duration_ms: u64) -> String {
    captions::chapters_webvtt(&index.chapters.marks(), duration_ms)
}

/// What a file name under `captions/` asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum TextFile<'a> {
    /// The HLS media playlist of a track.
    Playlist(&'a str),
    /// The whole WebVTT file.
    Whole(&'a str),
    /// One WebVTT segment.
    Segment(&'a str, usize),
}

impl<'a> TextFile<'a> {
    /// Reads a file name; `None` for anything else.
    pub fn parse(file: &'a str) -> Option<Self> {
        if let Some(id) = file.strip_suffix(".m3u8") {
            return Some(Self::Playlist(id));
        }
        let stem = file.strip_suffix(".vtt")?;
        match stem.rsplit_once('-') {
            Some((id, n)) if n.len() == 5 && n.bytes().all(|b| b.is_ascii_digit()) => Some(Self::Segment(id, n.parse().ok()?)),
            _ => Some(Self::Whole(stem)),
        }
    }

    /// Whether this file shows the track's text in full or lists it (checked against the
    /// viewer's right to watch on every request, like a manifest).
    pub fn is_listing(&self) -> bool {
        !matches!(self, Self::Segment(..))
    }

    fn id(&self) -> &'a str {
        match self {
            Self::Playlist(id) | Self::Whole(id) | Self::Segment(id, _) => id,
        }
    }
}

/// Answers a request for a text-track file of an item whose index (with its tracks) is
/// `index`; the whole file is left to the origin's ranged, cached object path.
pub async fn serve(ctx: &Context, index: &PackageIndex, file: TextFile<'_>, prefix: &str) -> problem::Result<Served> {
    let caption = text_tracks::find(index, file.id()).ok_or_else(|| Problem::not_found("caption"))?;
    match file {
        TextFile::Playlist(_) => {
            let text = text_tracks::hls_playlist(index, caption, prefix).ok_or_else(|| Problem::not_found("caption"))?;
            Ok(Served::Playlist(text))
        }
        TextFile::Whole(_) => Ok(Served::Object(StorageKey::caption(caption.video_id, caption.id), whole_file_name(caption))),
        TextFile::Segment(_, n) => {
            let (from, to, mpegts) = text_tracks::segment_span(index, n).ok_or_else(|| Problem::not_found("segment"))?;
            let cues = read(ctx, caption, index.complete).await?;
            Ok(Served::Segment(cues.segment(from, to, mpegts)))
        }
    }
}

/// What the origin sends for a text file.
pub enum Served {
    /// A playlist to send as a manifest.
    Playlist(String),
    /// A stored object to send with ranges and caching, and its download's
    /// `Content-Disposition`.
    Object(StorageKey, HeaderValue),
    /// A WebVTT segment, sent as it is ([`VTT`], cached as [`SEGMENT_CACHE`] says).
    Segment(String),
}

/// A track's cues: its bytes from the origin cache (when the item is complete) or the store.
async fn read(ctx: &Context, caption: &Caption, cacheable: bool) -> problem::Result<captions::Captions> {
    let key = StorageKey::caption(caption.video_id, caption.id);
    let cache = ctx.shared.origin_cache();
    let bytes = match cache.object(key.as_str()).filter(|_| cacheable) {
        Some(held) => held.bytes,
        None => {
            let bytes = ctx.store.get_bytes(&key).await?;
            if cacheable && cache.would_keep(bytes.len() as u64) {
                cache.keep_object(key.as_str(), CachedObject { bytes: bytes.clone(), etag: format!("\"{:x}\"", bytes.len()).into() });
            }
            bytes
        }
    };
    // Stored files were checked when stored; limits lowered since must not make them unreadable.
    let limits = Limits { max_bytes: bytes.len(), max_cues: usize::MAX };
    captions::parse(&bytes, &limits).map_err(|e| Problem::internal(anyhow::anyhow!("stored captions {}: {e}", caption.id)))
}

/// A whole file's `Content-Disposition`: a download named by language and kind.
fn whole_file_name(caption: &Caption) -> HeaderValue {
    // A language tag and a kind are ASCII letters, digits and dashes.
    let name = format!("attachment; filename=\"{}.{}.vtt\"", caption.language.as_str(), caption.kind);
    HeaderValue::from_str(&name).unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_say_what_they_ask_for() {
        let id = "5f0c8a52-4c1e-4bd5-9d0e-5a8c1b7f3e21";
        assert_eq!(TextFile::parse(&format!("{id}.m3u8")), Some(TextFile::Playlist(id)));
        assert_eq!(TextFile::parse(&format!("{id}.vtt")), Some(TextFile::Whole(id)));
        assert_eq!(TextFile::parse(&format!("{id}-00012.vtt")), Some(TextFile::Segment(id, 12)));
        assert_eq!(TextFile::parse("init.mp4"), None);
        assert!(!TextFile::Segment(id, 1).is_listing() && TextFile::Whole(id).is_listing());
    }
}
