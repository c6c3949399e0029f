//! Publishing what ffmpeg finishes while it runs: each segment to the store as soon as ffmpeg
//! lists it in its own variant playlist, the growing index to the database, `playable` once
//! every rendition has a segment, and progress. A part of a chunked item (`chunked/`) places
//! its segments on the item's timeline and records them with its part instead.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Context as _;

use crate::delivery::content_key::ContentKey;
use crate::library::item;
use crate::platform::jobs::JobError;
use crate::platform::Context;
use reel_base::db::videos;
use reel_base::domain::VideoId;
use reel_base::media::audio_tracks::AudioTrack;
use reel_base::media::chunks::FrameRate;
use reel_base::media::encrypt::encrypt_segment;
use reel_base::media::mp4;
use reel_base::media::package::{Kind, PackageIndex, Rendition, Segment, SegmentEncryption};
use reel_base::media::transcode::{self, TranscodePlan};
use reel_base::storage::StorageKey;

/// One rendition being watched in ffmpeg's output folder.
pub(super) struct Tracked {
    pub(super) dir: PathBuf,
    pub(super) rendition: Option<Rendition>,
    pub(super) template: Rendition,
    pub(super) ended: bool,
}

/// Publishes what ffmpeg finishes: segments to the store, the growing index to the database.
pub(super) struct Publisher<'a> {
    pub(super) ctx: &'a Context,
    pub(super) id: VideoId,
    pub(super) plan: &'a TranscodePlan,
    pub(super) tracked: Vec<Tracked>,
    /// Media segments are encrypted with this before they are stored (HLS AES-128).
    key: Option<ContentKey>,
    /// Where what is published shows.
    show: Show,
    /// Where a chunk's segments go on the item's timeline (none: they start it).
    placement: Option<Placement>,
    /// A hash of each rendition's init segment, by name: the parts of a chunked item must
    /// all have made the same.
    pub(super) inits: BTreeMap<String, String>,
    /// Why publishing stopped early (the item was deleted, or is no longer processed so).
    pub(super) halted: Option<&'static str>,
    playable: bool,
    poster: bool,
    last_progress: f64,
    /// What the audio tracks are, as the index lists them.
    pub(super) audio_tracks: Vec<AudioTrack>,
    /// Renditions this publisher stopped listing (audio encoded again), still served.
    retiring: Vec<Rendition>,
}

/// Where a publisher's work shows.
pub(super) enum Show {
    /// At once: the index, status, poster and progress of an item being processed.
    Live,
    /// Only once the job swaps it in: rungs made again for a ready item, which must not
    /// disturb its index or status meanwhile.
    Quiet,
    /// Recorded with one part of a chunked item, whose index is rebuilt from all of them.
    Part(super::chunked::PartRef),
}

/// Where a chunk encoded apart lies on the item's timeline.
#[derive(Debug, Clone, Copy)]
pub(super) struct Placement {
    /// The item's number of the chunk's first segment.
    pub(super) first_segment: u32,
    /// The item's frame the chunk starts at…
    pub(super) first_frame: u64,
    /// …on this grid.
    pub(super) rate: FrameRate,
}

impl<'a> Publisher<'a> {
    pub(super) fn new(ctx: &'a Context, id: VideoId, plan: &'a TranscodePlan, key: Option<ContentKey>) -> Self {
        let empty = |name: &str, kind| Rendition {
            name: name.to_string(),
            kind,
            codecs: String::new(),
            timescale: 1,
            start: 0,
            width: None,
            height: None,
            frame_rate: None,
            channels: None,
            sample_rate: None,
            track: 0,
            max_bps: 0,
            segments: Vec::new(),
        };
        let mut tracked = Vec::new();
        if let Some(v) = &plan.video {
            for r in &v.rungs {
                let template = Rendition {
                    width: Some(r.width),
                    height: Some(r.height),
                    frame_rate: Some(v.fps),
                    max_bps: u64::from(r.video_kbps) * 1000,
                    ..empty(&r.name, Kind::Video)
                };
                tracked.push(Tracked { dir: plan.rendition_dir(&r.name), rendition: None, template, ended: false });
            }
        }
        if let Some(a) = &plan.audio {
            for (track, _, out) in a.outputs() {
                let template = Rendition {
                    channels: Some(out.channels),
                    sample_rate: Some(48_000),
                    track: u32::try_from(track).expect("a few tracks"),
                    max_bps: u64::from(out.kbps) * 1000,
                    ..empty(&out.name, Kind::Audio)
                };
                tracked.push(Tracked { dir: plan.rendition_dir(&out.name), rendition: None, template, ended: false });
            }
        }
        let audio_tracks = plan.audio.iter().flat_map(|a| a.tracks.iter().map(|t| t.meta.clone())).collect();
        Self {
            ctx,
            id,
            plan,
            tracked,
            key,
            show: Show::Live,
            placement: None,
            inits: BTreeMap::new(),
            halted: None,
            playable: false,
            poster: false,
            last_progress: -1.0,
            audio_tracks,
            retiring: Vec::new(),
        }
    }

    /// A publisher that stores segments and images but leaves the item's index, status and
    /// progress alone: the caller swaps the result in.
    pub(super) fn quiet(ctx: &'a Context, id: VideoId, plan: &'a TranscodePlan, key: Option<ContentKey>) -> Self {
        Self { show: Show::Quiet, ..Self::new(ctx, id, plan, key) }
    }

    /// A publisher for one part of a chunked item: its segments numbered and timed from
    /// `placement`, recorded with `part`.
    pub(super) fn part(
        ctx: &'a Context,
        id: VideoId,
        plan: &'a TranscodePlan,
        key: Option<ContentKey>,
        part: super::chunked::PartRef,
        placement: Option<Placement>,
    ) -> Self {
        Self { show: Show::Part(part), placement, ..Self::new(ctx, id, plan, key) }
    }

    /// Whether every rendition it makes has its first segment stored.
    pub(super) fn started(&self) -> bool {
        self.tracked.iter().all(|t| t.rendition.as_ref().is_some_and(|r| !r.segments.is_empty()))
    }

    /// Whether it publishes the audio part of a chunked item, which gives the cores to the
    /// first chunk once its own first segments are out (see `transcode`).
    pub(super) fn gives_way(&self) -> bool {
        matches!(&self.show, Show::Part(part) if part.kind == reel_base::db::parts::PartKind::Audio)
    }

    /// The publisher with its segments numbered and timed from `placement`, as a chunk's are.
    pub(super) fn placed(self, placement: Placement) -> Self {
        Self { placement: Some(placement), ..self }
    }

    /// Whether what it publishes shows at once.
    fn live(&self) -> bool {
        matches!(self.show, Show::Live)
    }

    /// Notes that the poster is stored.
    pub(super) fn poster_stored(&mut self) {
        self.poster = true;
    }

    /// Whether the poster is stored.
    pub(super) fn has_poster(&self) -> bool {
        self.poster
    }

    /// Every object this publisher stored: init and media segments, and the poster.
    pub(super) fn stored_keys(&self) -> Vec<StorageKey> {
        let first = self.placement.map_or(0, |p| p.first_segment);
        let mut keys: Vec<StorageKey> = self.poster.then(|| StorageKey::media_file(self.id, "poster.jpg")).into_iter().collect();
        for r in self.tracked.iter().filter_map(|t| t.rendition.as_ref()) {
            if first == 0 {
                keys.push(StorageKey::init(self.id, &r.name));
            }
            let count = u32::try_from(r.segments.len()).expect("fewer than 4 billion segments");
            keys.extend((first..first + count).map(|n| StorageKey::segment(self.id, &r.name, n)));
        }
        keys
    }

    /// Removes every object this publisher stored, for an item deleted while it ran (whose
    /// own removal may have come before some of them).
    pub(super) async fn discard(&self) {
        for key in self.stored_keys() {
            if let Err(e) = self.ctx.store.delete(&key).await {
                tracing::warn!(id = %self.id, %key, error = %e, "could not remove a deleted item's object");
            }
        }
    }

    /// Stores only the video rungs (the plan's audio is encoded for the timeline only).
    pub(super) fn video_only(mut self) -> Self {
        self.tracked.retain(|t| t.template.kind == Kind::Video);
        self
    }

    /// Lists `other`'s audio renditions (complete) instead of this one's, which stay served
    /// unlisted for the players that started with them.
    pub(super) fn replace_audio(&mut self, other: Publisher<'_>) {
        let (audio, video): (Vec<Tracked>, Vec<Tracked>) =
            std::mem::take(&mut self.tracked).into_iter().partition(|t| t.template.kind == Kind::Audio);
        self.retiring.extend(audio.into_iter().filter_map(|t| t.rendition));
        self.tracked = video.into_iter().chain(other.tracked).collect();
        self.audio_tracks = other.audio_tracks;
    }

    /// Records what the whole source measured (the correction applied stays the one made).
    pub(super) fn measured_whole(&mut self, whole: &[Option<reel_base::media::loudness::Measured>]) {
        for (track, whole) in self.audio_tracks.iter_mut().zip(whole) {
            if let (Some(loudness), Some(whole)) = (&mut track.loudness, whole) {
                loudness.input = *whole;
            }
        }
    }

    /// Uploads every segment ffmpeg has finished since the last poll, and the poster as soon
    /// as ffmpeg has made it (from the first frames, or an audio file's cover) so it can be
    /// shown while processing.
    pub(super) async fn poll(&mut self) -> Result<(), JobError> {
        let mut changed = false;
        if self.plan.makes_poster() && !self.poster {
            let path = self.plan.poster_path();
            if tokio::fs::try_exists(&path).await.unwrap_or(false) {
                self.ctx.store.put_file(&StorageKey::media_file(self.id, "poster.jpg"), &path).await.context("storing the poster")?;
                self.poster = true;
                changed = true;
            }
        }
        for t in &mut self.tracked {
            let Ok(text) = tokio::fs::read_to_string(t.dir.join("index.m3u8")).await else { continue };
            let seen = transcode::parse_variant_playlist(&text);
            t.ended = seen.ended;
            if t.rendition.is_none() {
                let (Some(init), false) = (&seen.init, seen.segments.is_empty()) else { continue };
                let bytes = tokio::fs::read(t.dir.join(init)).await.context("reading an init segment")?;
                let info = mp4::parse_init(&bytes)
                    .ok_or_else(|| anyhow::anyhow!("ffmpeg wrote an unreadable init segment for {}", t.template.name))?;
                self.inits.insert(t.template.name.clone(), hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bytes)));
                // Every chunk makes the same init segment (the last job checks): the first stores it.
                if self.placement.is_none_or(|p| p.first_segment == 0) {
                    self.ctx
                        .store
                        .put_bytes(&StorageKey::init(self.id, &t.template.name), bytes)
                        .await
                        .context("storing an init segment")?;
                }
                let codecs = info.codec.unwrap_or_default();
                t.rendition = Some(Rendition { codecs, timescale: info.timescale, ..t.template.clone() });
            }
            let r = t.rendition.as_mut().expect("set above");
            for (file, secs) in seen.segments.iter().skip(r.segments.len()) {
                let mut bytes = tokio::fs::read(t.dir.join(file)).await.context("reading a segment")?;
                let local = u32::try_from(r.segments.len()).expect("fewer than 4 billion segments");
                let exact = match self.placement {
                    Some(p) => Some(place(&mut bytes, r, p, local)?),
                    None => None,
                };
                if r.segments.is_empty() {
                    r.start = mp4::fragment_start(&bytes).unwrap_or(0);
                }
                let n = self.placement.map_or(0, |p| p.first_segment) + local;
                // Segment n has media sequence number n (the playlists start at 0). The files in
                // scratch stay clear: the download is remuxed from them.
                let bytes = match &self.key {
                    Some(key) => encrypt_segment(key.as_bytes(), u64::from(n), &bytes),
                    None => bytes,
                };
                let size = bytes.len() as u64;
                self.ctx.store.put_bytes(&StorageKey::segment(self.id, &r.name, n), bytes).await.context("storing a segment")?;
                let duration = exact.unwrap_or_else(|| (secs * f64::from(r.timescale)).round() as u64);
                r.segments.push(Segment { duration, size });
                changed = true;
            }
        }
        let halted = match (changed, &self.show) {
            (true, Show::Part(part)) => super::chunked::record(self.ctx, self.id, part, self, false).await?,
            _ => None,
        };
        self.halted = self.halted.or(halted);
        if changed && self.live() {
            let index = self.index(false);
            if !item::save_growing(self.ctx, self.id, &index).await.context("saving the package index")?
                && videos::get(&self.ctx.db, self.id).await.context("reading the video")?.is_none()
            {
                self.discard().await;
                self.halted = Some("the item was deleted");
                return Ok(());
            }
            if !self.playable && self.started() {
                self.playable = super::status::mark_playable(self.ctx, self.id).await?;
            }
        }
        Ok(())
    }

    pub(super) async fn progress(&mut self, reached_secs: f64) {
        if self.plan.duration_s <= 0.0 || !self.live() {
            return;
        }
        // Publishing (download, images, index) remains after ffmpeg: hold the last percent back.
        let percent = (reached_secs / self.plan.duration_s * 100.0).clamp(0.0, 99.0).floor();
        if percent > self.last_progress {
            self.last_progress = percent;
            if let Err(e) = item::record_progress(self.ctx, self.id, percent).await {
                tracing::warn!(error = %e, "could not record progress");
            }
        }
    }

    /// What this publisher has published, as an index.
    pub(super) fn index(&self, complete: bool) -> PackageIndex {
        PackageIndex {
            complete,
            duration_s: self.plan.duration_s,
            segment_secs: self.plan.segment_secs,
            renditions: self.tracked.iter().filter_map(|t| t.rendition.clone()).collect(),
            poster: self.poster.then(|| "poster.jpg".to_string()),
            storyboard: None,
            download: None,
            mp3: None,
            encryption: self.key.as_ref().map(|_| SegmentEncryption::Aes128),
            dropped: None,
            generation: self.plan.generation,
            retiring: self.retiring.clone(),
            audio_tracks: self.audio_tracks.clone(),
            captions: Vec::new(),
            chapters: Default::default(),
        }
    }
}

/// Moves segment `local` of a chunk onto the item's timeline (see [`Placement`]) and checks it
/// follows the one before without a gap or overlap; returns its exact duration in ticks.
fn place(bytes: &mut [u8], r: &Rendition, p: Placement, local: u32) -> Result<u64, JobError> {
    let name = &r.name;
    let shift = p
        .rate
        .ticks(p.first_frame, r.timescale)
        .ok_or_else(|| JobError::Permanent(format!("the frame rate {} does not fit the timescale of rendition {name}", p.rate.arg())))?;
    let n = p.first_segment + local;
    mp4::restamp(bytes, shift, n + 1).ok_or_else(|| anyhow::anyhow!("segment {n} of rendition {name} has no 64-bit decode time"))?;
    let timing = mp4::fragment_timing(bytes).ok_or_else(|| {
        JobError::media(
            format!("the {name} rendition made from this file could not be read back: its segment {n} holds no frames"),
            format!("segment {n} of rendition {name} is unreadable"),
        )
    })?;
    let expected = if local == 0 { shift } else { r.start + r.segments.iter().map(|s| s.duration).sum::<u64>() };
    if timing.start != expected {
        return Err(JobError::Retryable(anyhow::anyhow!(
            "segment {n} of rendition {name} starts at tick {}, not {expected} where the one before ends",
            timing.start
        )));
    }
    Ok(timing.duration)
}
