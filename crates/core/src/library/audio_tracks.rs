//! An item's audio tracks as people see them: each track's language and label, listed for
//! the API and the edit page, and edited by the owner. What a track is lives in the package
//! index beside its renditions; an edit changes the index in one guarded write and no media,
//! and every origin forgets its cached manifests.

use serde::Serialize;

use crate::auth::{Caller, Scope};
use crate::platform::problem::{self, Problem};
use crate::platform::Context;
use reel_base::db;
use reel_base::domain::{Language, TrackLabel};
use reel_base::i18n::Said;
use reel_base::media::audio_tracks::AudioTrack;
use reel_base::media::package::PackageIndex;

/// One audio track as the API and pages show it.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct TrackSummary {
    /// Its position: what an edit names.
    pub index: usize,
    /// BCP 47, or `und` when nobody said.
    pub language: String,
    /// What players' audio menus show.
    pub label: String,
    /// Whether players start with it.
    pub default: bool,
    /// Channel counts of its renditions (2, and 6 where a 5.1 one was made).
    pub channels: Vec<u32>,
    /// Its source stream's loudness (`integrated` LUFS, `true_peak` dBTP, `range` LU, and
    /// `levelled` where a trial of the limiter ran) and the correction made (`method` `linear`
    /// with `gain_db`, `dynamic` with `boost_lu`, or `none`); absent where loudness was not
    /// normalised.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub loudness: Option<reel_base::media::audio_tracks::Loudness>,
}

/// A change to one track, as the API or the page sent it, not yet checked. An absent field is
/// left as it is; an empty language means undetermined.
#[derive(Debug, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TrackEdit {
    /// The new language tag (`und` or empty: none).
    #[schema(pattern = r"^\s*(und|[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8}){0,3})?\s*$")]
    pub language: Option<String>,
    /// The new label: 1–64 characters, no quotes or control characters.
    #[schema(
        max_length = 64,
        pattern = r#"^[^"\x00-\x1F\x7F-\x9F\u2028\u2029]*[^\s"\x00-\x1F\x7F-\x9F\u2028\u2029][^"\x00-\x1F\x7F-\x9F\u2028\u2029]*$"#
    )]
    pub label: Option<String>,
}

/// The tracks an index describes; an index written before tracks were described has one
/// unnamed track if it has audio.
pub fn summaries(index: &PackageIndex) -> Vec<TrackSummary> {
    described(index)
        .iter()
        .enumerate()
        .map(|(n, t)| TrackSummary {
            index: n,
            language: t.language_tag().to_string(),
            label: t.label.to_string(),
            default: t.default,
            channels: index.audio().filter(|a| a.track as usize == n).filter_map(|a| a.channels).collect(),
            loudness: t.loudness,
        })
        .collect()
}

/// The audio tracks of an item the caller may see (none until it plays).
#[tracing::instrument(skip_all, fields(item = %id))]
pub async fn list(ctx: &Context, caller: Option<&Caller>, id: &str) -> problem::Result<Vec<TrackSummary>> {
    let video = crate::library::videos::visible(ctx, caller, id).await?;
    Ok(crate::library::videos::package(ctx, &video).await?.as_ref().map(summaries).unwrap_or_default())
}

fn described(index: &PackageIndex) -> Vec<AudioTrack> {
    if index.audio_tracks.is_empty() && index.audio().next().is_some() {
        return vec![AudioTrack::from_tags(None, None, 0, true)];
    }
    index.audio_tracks.clone()
}

/// Renames or re-tags one track of a ready item (its owner or an admin, with the upload scope;
/// audited). 404 for a track the item does not have, 400 `invalid-audio-track` for a bad
/// language or label, 409 `not-ready` while the item is still being processed.
#[tracing::instrument(skip_all, fields(item = %id))]
pub async fn edit(ctx: &Context, caller: &Caller, id: &str, position: usize, edit: TrackEdit) -> problem::Result<Vec<TrackSummary>> {
    caller.require(Scope::Upload)?;
    let video = crate::library::videos::managed(ctx, caller, id).await?;
    let invalid = |e: reel_base::domain::text::TextError| Problem::bad_request("invalid-audio-track", e.0);
    let language: Option<Option<Language>> = match edit.language.as_deref().map(str::trim) {
        None => None,
        Some("" | "und") => Some(None),
        Some(tag) => Some(Some(tag.parse().map_err(invalid)?)),
    };
    let label: Option<TrackLabel> = edit.label.as_deref().map(str::parse).transpose().map_err(invalid)?;
    let current = crate::library::videos::package(ctx, &video).await?;
    if current.as_ref().is_none_or(|index| position >= described(index).len()) {
        return Err(Problem::not_found("audio track"));
    }
    let changed = crate::library::item::change_package(ctx, video.id, |index| {
        let mut tracks = described(index);
        let Some(track) = tracks.get_mut(position) else { return false };
        if let Some(language) = &language {
            track.language.clone_from(language);
        }
        if let Some(label) = &label {
            track.label = label.clone();
        }
        index.audio_tracks = tracks;
        true
    })
    .await
    .map_err(Problem::internal)?;
    let Some(index) = changed else {
        return Err(Problem::conflict("not-ready", "audio tracks can be edited once the item is ready"));
    };
    let summary = summaries(&index);
    let t = &summary[position];
    let detail =
        Said::new("audit-audio-track").arg("position", position).arg("language", t.language.to_string()).arg("label", t.label.to_string());
    db::audit::record(&ctx.db, Some(caller.subject()), "audio_track.edited", Some(id), None, Some(&detail)).await?;
    Ok(summary)
}
