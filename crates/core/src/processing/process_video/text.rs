//! The text subtitle streams of an item's own file kept as its tracks: each taken out as WebVTT
//! by a small ffmpeg run after the transcode (off the path to playable), cleaned like an
//! upload, and stored with its language, label and kind from the stream's tags. Processing an
//! item again replaces the tracks an earlier run took from its file; uploads are never touched.

use std::path::Path;
use std::time::Duration;

use anyhow::Context as _;

use crate::library::captions::{self, TrackMeta};
use crate::platform::jobs::JobError;
use crate::platform::Context;
use reel_base::db;
use reel_base::domain::{CaptionKind, CaptionOrigin, Language, VideoId};
use reel_base::media::probe::{MediaInfo, TextStream};
use reel_base::media::subtitles;

/// Takes every text stream of `source` (up to what `[captions] max_tracks` leaves room for)
/// and stores it as a track of `id`. A stream that cannot be read is skipped with a warning: a
/// broken subtitle stream must not cost the viewer the video.
pub(super) async fn keep_source_tracks(
    ctx: &Context,
    id: VideoId,
    source: &Path,
    info: &MediaInfo,
    scratch: &Path,
) -> Result<(), JobError> {
    for old in db::captions::from_source(&ctx.db, id).await.context("reading the item's tracks")? {
        captions::forget(ctx, id, old.id).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    let limit = Duration::from_secs(ctx.config.media.probe_timeout_secs.max(60));
    for stream in &info.subtitles {
        let out = scratch.join(format!("text-{}.vtt", stream.index));
        let args = subtitles::extract_args(source, &info.demuxer, stream.index, &out);
        if let Err(e) = ctx.media.ffmpeg(args, limit, |_| {}).await {
            tracing::warn!(video_id = %id, stream = stream.index, error = %e, "could not take out a subtitle stream");
            continue;
        }
        let bytes = tokio::fs::read(&out).await.context("reading an extracted subtitle stream")?;
        let cues = match captions::read(&bytes, &ctx.config.captions) {
            Ok(cues) => cues,
            Err(e) => {
                tracing::warn!(video_id = %id, stream = stream.index, error = %e, "skipping a subtitle stream");
                continue;
            }
        };
        match captions::keep(ctx, id, meta(stream), &cues).await {
            Ok(_) => {}
            Err(e) if e.code() == "too-many-captions" => {
                tracing::warn!(video_id = %id, "the item has as many tracks as it may; its other subtitle streams are not kept");
                break;
            }
            Err(e) => return Err(JobError::Retryable(anyhow::anyhow!("keeping a subtitle stream: {e}"))),
        }
    }
    Ok(())
}

/// A stream's language (undetermined when untagged), label and kind, from its tags.
fn meta(stream: &TextStream) -> TrackMeta {
    let language = stream.language.as_deref().and_then(Language::from_stream_tag);
    let kind = if stream.hearing_impaired { CaptionKind::Captions } else { CaptionKind::Subtitles };
    let language = language.unwrap_or_else(|| "und".parse().expect("und is a language tag"));
    let label = stream.title.as_deref().and_then(|t| t.parse().ok()).unwrap_or_else(|| captions::default_label(&language, kind));
    TrackMeta { language, label, kind, origin: CaptionOrigin::Source }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stream_is_described_by_its_tags() {
        let stream = |language: Option<&str>, title: Option<&str>, hearing_impaired| TextStream {
            index: 2,
            codec: "subrip".into(),
            language: language.map(str::to_string),
            title: title.map(str::to_string),
            hearing_impaired,
        };
        let m = meta(&stream(Some("fre"), None, false));
        assert_eq!((m.language.as_str(), m.label.as_str(), m.kind), ("fr", "Français", CaptionKind::Subtitles));
        let m = meta(&stream(Some("eng"), Some("English SDH"), true));
        assert_eq!((m.language.as_str(), m.label.as_str(), m.kind), ("en", "English SDH", CaptionKind::Captions));
        let m = meta(&stream(None, None, false));
        assert_eq!((m.language.as_str(), m.label.as_str()), ("und", "und"));
    }
}
