//! An item's text tracks (captions, subtitles, descriptions): uploading a WebVTT or SRT file,
//! listing and removing tracks, and keeping the text streams of an item's own file. Each track
//! is cleaned into WebVTT (`media::captions`) and stored at `media/{id}/captions/{track}.vtt`;
//! its row lists it. Manifests and players see a change at once: no rendition is touched.

use crate::auth::{Caller, Scope};
use crate::platform::metadata_cache::Change;
use crate::platform::problem::{self, Problem};
use crate::platform::Context;
use reel_base::config::CaptionsConfig;
use reel_base::db;
use reel_base::domain::{Caption, CaptionId, CaptionKind, CaptionOrigin, Language, TrackLabel, VideoId};
use reel_base::i18n::Said;
use reel_base::media::captions::{self, Captions, Limits};
use reel_base::storage::StorageKey;

/// How the refusal of a caption file that cannot be read begins (what a form shows beside
/// its file field).
pub const UNREADABLE: &str = "the caption file cannot be read";

/// A caption file as the API or the page received it, not yet checked.
pub struct CaptionUpload {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Its language tag (BCP 47).
    pub language: String,
    /// What the menu shows; the language's name when absent.
    pub label: Option<String>,
    /// `subtitles` (when absent), `captions` or `descriptions`.
    pub kind: Option<String>,
}

/// What a new track is, checked.
pub struct TrackMeta {
    /// Its language.
    pub language: Language,
    /// Its label.
    pub label: TrackLabel,
    /// Its kind.
    pub kind: CaptionKind,
    /// Where it came from.
    pub origin: CaptionOrigin,
}

fn limits(config: &CaptionsConfig) -> Limits {
    Limits { max_bytes: config.max_bytes, max_cues: config.max_cues }
}

/// Reads a caption file into clean cues, or says which line is wrong (400 `invalid-captions`).
pub fn read(bytes: &[u8], config: &CaptionsConfig) -> problem::Result<Captions> {
    captions::parse(bytes, &limits(config)).map_err(|e| Problem::bad_request("invalid-captions", format!("{UNREADABLE}: {e}")))
}

/// The tracks of an item the caller may see.
#[tracing::instrument(skip_all, fields(item = %id))]
pub async fn list(ctx: &Context, caller: Option<&Caller>, id: &str) -> problem::Result<Vec<Caption>> {
    let video = crate::library::videos::visible(ctx, caller, id).await?;
    Ok(db::captions::of_video(&ctx.db, video.id).await?)
}

/// Adds a track to an item (its owner or an admin, with the upload scope; audited). The file is
/// checked whole before anything is stored, so a bad one changes nothing.
#[tracing::instrument(skip_all, fields(item = %id))]
pub async fn add(ctx: &Context, caller: &Caller, id: &str, upload: CaptionUpload) -> problem::Result<Caption> {
    caller.require(Scope::Upload)?;
    let video = crate::library::videos::managed(ctx, caller, id).await?;
    let meta = upload_meta(&upload)?;
    let cues = read(&upload.bytes, &ctx.config.captions)?;
    let caption = keep(ctx, video.id, meta, &cues).await?;
    // The track as data: its kind's code, language tag and label.
    let detail = Said::verbatim(format!("{} {} ({})", caption.kind, caption.language.as_str(), caption.label));
    db::audit::record(&ctx.db, Some(caller.subject()), "caption.added", Some(id), None, Some(&detail)).await?;
    Ok(caption)
}

fn upload_meta(upload: &CaptionUpload) -> problem::Result<TrackMeta> {
    let invalid = |e: reel_base::domain::text::TextError| Problem::bad_request("invalid-captions", e.0);
    let language: Language = upload.language.parse().map_err(invalid)?;
    let kind = match upload.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        Some(k) => k
            .parse()
            .map_err(|_| Problem::bad_request("invalid-captions", format!("kind {k:?} is not subtitles, captions or descriptions")))?,
        None => CaptionKind::default(),
    };
    let label = match upload.label.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
        Some(l) => l.parse().map_err(invalid)?,
        None => default_label(&language, kind),
    };
    Ok(TrackMeta { language, label, kind, origin: CaptionOrigin::Upload })
}

/// Stores a track's WebVTT, then records it (a failed store leaves no row), and tells every
/// process's origin the item's manifests changed. Refused once the item has `max_tracks`.
#[tracing::instrument(skip_all, fields(item = %video))]
pub async fn keep(ctx: &Context, video: VideoId, meta: TrackMeta, cues: &Captions) -> problem::Result<Caption> {
    let (db, config) = (&ctx.db, &ctx.config.captions);
    if db::captions::count(db, video).await? >= i64::try_from(config.max_tracks).unwrap_or(i64::MAX) {
        return Err(Problem::conflict("too-many-captions", format!("an item has at most {} text tracks", config.max_tracks)));
    }
    let text = cues.to_webvtt();
    let caption = Caption {
        id: CaptionId::new(),
        video_id: video,
        language: meta.language,
        label: meta.label,
        kind: meta.kind,
        origin: meta.origin,
        cues: i64::try_from(cues.cues.len()).unwrap_or(i64::MAX),
        bytes: i64::try_from(text.len()).unwrap_or(i64::MAX),
        created_at: ctx.clock().now_ms(),
    };
    ctx.store.put_bytes(&StorageKey::caption(video, caption.id), text.into_bytes()).await?;
    db::captions::insert(db, &caption).await?;
    ctx.shared.announce(Change::Media(video)).await;
    Ok(caption)
}

/// Removes a track (its owner or an admin, with the upload scope; audited): the row first, so
/// no manifest lists it while its file goes.
#[tracing::instrument(skip_all, fields(item = %id))]
pub async fn remove(ctx: &Context, caller: &Caller, id: &str, caption: &str) -> problem::Result<()> {
    caller.require(Scope::Upload)?;
    let video = crate::library::videos::managed(ctx, caller, id).await?;
    let caption: CaptionId = caption.parse().map_err(|_| Problem::not_found("caption"))?;
    forget(ctx, video.id, caption).await?;
    db::audit::record(&ctx.db, Some(caller.subject()), "caption.removed", Some(id), None, Some(&Said::verbatim(caption.to_string())))
        .await?;
    Ok(())
}

/// Forgets one track of an item and removes its file.
#[tracing::instrument(skip_all, fields(item = %video))]
pub async fn forget(ctx: &Context, video: VideoId, caption: CaptionId) -> problem::Result<()> {
    if !db::captions::delete(&ctx.db, video, caption).await? {
        return Err(Problem::not_found("caption"));
    }
    ctx.shared.announce(Change::Media(video)).await;
    ctx.store.delete(&StorageKey::caption(video, caption)).await?;
    Ok(())
}

/// What a track is called when nobody named it: the language in its own words where Reel
/// knows it (else the tag), and the kind unless it is plain subtitles.
pub fn default_label(language: &Language, kind: CaptionKind) -> TrackLabel {
    let name = language.endonym();
    let label = match kind {
        CaptionKind::Subtitles => name.to_string(),
        CaptionKind::Captions => format!("{name} (CC)"),
        CaptionKind::Descriptions => format!("{name} (descriptions)"),
    };
    label.parse().unwrap_or_else(|_| language.as_str().parse().expect("a language tag is a valid label"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unnamed_track_is_called_by_its_language_and_kind() {
        let label = |tag: &str, kind| default_label(&tag.parse().unwrap(), kind).to_string();
        assert_eq!(label("fr-CA", CaptionKind::Subtitles), "Français");
        assert_eq!(label("en", CaptionKind::Captions), "English (CC)");
        assert_eq!(label("gsw", CaptionKind::Descriptions), "gsw (descriptions)");
    }
}
