//! The item's index from its parts: what each part made so far, joined in order. While parts
//! run, a chunk shows only once every chunk before it is finished; at the end, the joins are
//! checked before anything is published.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use reel_base::db::parts::{PartKind, StoredPart};
use reel_base::media::package::{Kind, PackageIndex, Rendition};

/// What one part made so far, as it is recorded.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct PartOutputs {
    /// Its renditions (video rungs of a chunk, or the audio), their segments on the item's
    /// timeline, and the poster (the first chunk makes it).
    pub(super) index: PackageIndex,
    /// A SHA-256 of each rendition's init segment, by name.
    pub(super) inits: BTreeMap<String, String>,
    /// The video rungs every chunk makes, highest first.
    pub(super) rungs: Vec<String>,
}

/// The item's index so far, and what it allows.
#[derive(Debug, Clone)]
pub(super) struct Joined {
    /// The index: every finished chunk in order, then the one after them as far as it got.
    pub(super) index: PackageIndex,
    /// Whether every rung and every audio rendition has a first segment.
    pub(super) playable: bool,
    /// Whether every part is finished.
    pub(super) all_done: bool,
    /// Seconds of video listed.
    pub(super) covered_s: f64,
}

/// Joins the parts recorded so far; None until some part has made something.
pub(super) fn join(parts: &[StoredPart]) -> Option<Joined> {
    let outputs: Vec<(&StoredPart, Option<PartOutputs>)> =
        parts.iter().map(|p| (p, p.outputs.as_deref().and_then(|o| serde_json::from_str(o).ok()))).collect();
    let base = outputs.iter().find_map(|(_, o)| o.as_ref())?;
    let rungs = base.rungs.clone();
    let mut index = PackageIndex {
        renditions: Vec::new(),
        poster: None,
        retiring: Vec::new(),
        audio_tracks: Vec::new(),
        complete: false,
        ..base.index.clone()
    };
    let mut video: Vec<Rendition> = Vec::new();
    let mut chunks = outputs.iter().filter(|(p, _)| p.kind == PartKind::Video).peekable();
    index.poster = chunks.peek().and_then(|(_, o)| o.as_ref()).and_then(|o| o.index.poster.clone());
    for (part, made) in chunks {
        let Some(made) = made else { break };
        for r in made.index.video() {
            match video.iter_mut().find(|v| v.name == r.name) {
                Some(v) => v.segments.extend(r.segments.iter().cloned()),
                None => video.push(r.clone()),
            }
        }
        if !part.done {
            break;
        }
    }
    video.sort_by_key(|r| rungs.iter().position(|n| *n == r.name));
    let audio = outputs.iter().find(|(p, _)| p.kind == PartKind::Audio);
    let audio_made = audio.and_then(|(_, o)| o.as_ref());
    if let Some(made) = audio_made {
        index.audio_tracks = made.index.audio_tracks.clone();
        index.retiring = made.index.retiring.clone();
    }
    let audio_renditions: Vec<Rendition> = audio_made.map(|m| m.index.audio().cloned().collect()).unwrap_or_default();
    let has_start = |r: &Rendition| !r.segments.is_empty();
    let playable = video.len() == rungs.len()
        && video.iter().all(has_start)
        && (audio.is_none() || (!audio_renditions.is_empty() && audio_renditions.iter().all(has_start)));
    let covered_s = video.first().map_or(0.0, Rendition::duration_secs);
    index.renditions = video.into_iter().chain(audio_renditions).collect();
    Some(Joined { index, playable, all_done: parts.iter().all(|p| p.done), covered_s })
}

/// Checks the finished parts join without a seam and returns the item's whole index: every
/// chunk made every rung, with an init segment identical byte for byte (by hash) to the first
/// chunk's, and each chunk's first segment starts exactly where the chunk before it ends.
pub(super) fn check(parts: &[StoredPart]) -> Result<PackageIndex, String> {
    if let Some(p) = parts.iter().find(|p| !p.done) {
        return Err(format!("{} is not finished", name(p)));
    }
    let mut ends: BTreeMap<String, u64> = BTreeMap::new();
    let mut first: Option<PartOutputs> = None;
    for p in parts.iter().filter(|p| p.kind == PartKind::Video) {
        let made: PartOutputs = p
            .outputs
            .as_deref()
            .and_then(|o| serde_json::from_str(o).ok())
            .ok_or_else(|| format!("{} recorded nothing readable", name(p)))?;
        let rungs = first.as_ref().map_or(&made.rungs, |f| &f.rungs);
        for rung in rungs {
            let r = made.index.rendition(rung).filter(|r| r.kind == Kind::Video && !r.segments.is_empty());
            let r = r.ok_or_else(|| format!("{} made no segment of rendition {rung}", name(p)))?;
            let hash = made.inits.get(rung).ok_or_else(|| format!("{} has no init segment of {rung}", name(p)))?;
            if let Some(f) = &first {
                if f.inits.get(rung) != Some(hash) {
                    return Err(format!("the init segment of {rung} made by {} differs from the first chunk's", name(p)));
                }
            }
            if let Some(end) = ends.get(rung) {
                if r.start != *end {
                    return Err(format!("{} starts rendition {rung} at tick {}, not {end} where the chunk before ends", name(p), r.start));
                }
            }
            ends.insert(rung.clone(), r.start + r.segments.iter().map(|s| s.duration).sum::<u64>());
        }
        if first.is_none() {
            first = Some(made.clone());
        }
    }
    if first.is_none() {
        return Err("there are no chunks".into());
    }
    let joined = join(parts).ok_or("nothing was recorded")?;
    if !joined.playable {
        return Err("a rendition has no segments".into());
    }
    Ok(PackageIndex { complete: true, ..joined.index })
}

/// A part as people name it (chunks counted from 1).
fn name(p: &StoredPart) -> String {
    match p.kind {
        PartKind::Video => format!("chunk {}", p.part + 1),
        PartKind::Audio => "the audio".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A rendition of `segments` segments of 4 s from tick `start`.
    fn rendition(name: &str, kind: Kind, start: u64, segments: usize) -> Rendition {
        let ticks = if kind == Kind::Video { 61_440 } else { 192_000 };
        Rendition { start, ..reel_base::media::package::testing::rendition(name, kind, &vec![ticks; segments], 1_000_000) }
    }

    fn index(renditions: Vec<Rendition>) -> PackageIndex {
        PackageIndex { renditions, duration_s: 20.0, ..PackageIndex::empty(false) }
    }

    /// Chunk `part` of rung `720p`, `segments` long from segment `first`, its init hashed `init`.
    fn chunk(part: u32, first: u64, segments: usize, init: &str, done: bool) -> StoredPart {
        let made = PartOutputs {
            index: index(vec![rendition("720p", Kind::Video, first * 61_440, segments)]),
            inits: BTreeMap::from([("720p".to_string(), init.to_string())]),
            rungs: vec!["720p".into()],
        };
        StoredPart { kind: PartKind::Video, part, done, outputs: Some(serde_json::to_string(&made).unwrap()) }
    }

    fn audio(segments: usize, done: bool) -> StoredPart {
        let made = PartOutputs {
            index: index(vec![rendition("audio", Kind::Audio, 0, segments)]),
            inits: BTreeMap::new(),
            rungs: vec!["720p".into()],
        };
        StoredPart { kind: PartKind::Audio, part: 0, done, outputs: Some(serde_json::to_string(&made).unwrap()) }
    }

    #[test]
    fn a_chunk_shows_only_after_every_chunk_before_it_is_finished() {
        // Chunk 3 finished early; chunk 2 is half way.
        let parts = [audio(2, false), chunk(0, 0, 1, "a", true), chunk(1, 1, 2, "a", false), chunk(2, 3, 2, "a", true)];
        let joined = join(&parts).unwrap();
        let video = joined.index.rendition("720p").unwrap();
        assert_eq!(video.segments.len(), 3, "chunk 1 and 2's first segment, not chunk 3's");
        assert_eq!(joined.index.renditions.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["720p", "audio"]);
        assert!(joined.playable && !joined.all_done);
        assert_eq!(joined.covered_s, 12.0);
        // Without an audio segment the item is not playable yet.
        assert!(!join(&[audio(0, false), chunk(0, 0, 1, "a", true)]).unwrap().playable);
        assert!(join(&[StoredPart { kind: PartKind::Audio, part: 0, done: false, outputs: None }]).is_none());
    }

    #[test]
    fn finished_chunks_must_join_exactly_and_share_their_init_segment() {
        let whole = check(&[audio(5, true), chunk(0, 0, 1, "a", true), chunk(1, 1, 2, "a", true), chunk(2, 3, 2, "a", true)]).unwrap();
        assert!(whole.complete);
        assert_eq!(whole.rendition("720p").unwrap().segments.len(), 5);

        let other_init = check(&[audio(5, true), chunk(0, 0, 1, "a", true), chunk(1, 1, 2, "b", true)]).unwrap_err();
        assert_eq!(other_init, "the init segment of 720p made by chunk 2 differs from the first chunk's");
        let gap = check(&[audio(5, true), chunk(0, 0, 1, "a", true), chunk(1, 2, 2, "a", true)]).unwrap_err();
        assert_eq!(gap, "chunk 2 starts rendition 720p at tick 122880, not 61440 where the chunk before ends");
        let unfinished = check(&[audio(5, false), chunk(0, 0, 1, "a", true)]).unwrap_err();
        assert_eq!(unfinished, "the audio is not finished");
        let empty = check(&[audio(5, true), chunk(0, 0, 1, "a", true), chunk(1, 1, 0, "a", true)]).unwrap_err();
        assert_eq!(empty, "chunk 2 made no segment of rendition 720p");
    }
}
