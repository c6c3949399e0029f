//! What is made after the transcode, from its output: the storyboard sprite and the
//! progressive download, and the final package index that lists them.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context as _;

use crate::platform::jobs::JobError;
use crate::platform::Context;
use reel_base::domain::VideoId;
use reel_base::media::audio_tracks::AudioTrack;
use reel_base::media::music;
use reel_base::media::package::{Download, PackageIndex, Rendition, StoryboardIndex};
use reel_base::media::transcode::{self, Storyboard};
use reel_base::storage::StorageKey;

use super::publish::Publisher;

impl Publisher<'_> {
    /// Checks every rendition is complete, adds images and the download, returns the final index.
    pub(super) async fn finish(self, scratch: &Path) -> Result<PackageIndex, JobError> {
        self.check_complete()?;
        let mut index = self.index(true);
        let store = &self.ctx.store;
        if let Some(video) = &self.plan.video {
            if let Some(grid) = self.make_storyboard(&video.storyboard).await? {
                store
                    .put_file(&StorageKey::media_file(self.id, "storyboard.jpg"), &self.plan.storyboard_path())
                    .await
                    .context("storing the storyboard")?;
                index.storyboard = Some(StoryboardIndex { file: "storyboard.jpg".into(), grid });
            }
        }
        index.download = Some(self.make_download(&index, scratch).await?);
        if self.plan.video.is_none() {
            index.mp3 = self.make_mp3(scratch).await?;
        }
        Ok(index)
    }

    /// Fails unless ffmpeg ended every rendition with at least one segment.
    pub(super) fn check_complete(&self) -> Result<(), JobError> {
        match self.tracked.iter().find(|t| !t.ended || t.rendition.as_ref().is_none_or(|r| r.segments.is_empty())) {
            Some(t) => Err(JobError::Retryable(anyhow::anyhow!("ffmpeg finished without completing rendition {}", t.template.name))),
            None => Ok(()),
        }
    }

    /// Assembles the tiles ffmpeg wrote into the sprite; the grid follows the tiles that exist.
    async fn make_storyboard(&self, planned: &Storyboard) -> Result<Option<Storyboard>, JobError> {
        let mut count = 0u32;
        let mut entries = tokio::fs::read_dir(self.plan.tiles_dir()).await.context("reading storyboard tiles")?;
        while entries.next_entry().await.context("reading storyboard tiles")?.is_some() {
            count += 1;
        }
        if count == 0 {
            return Ok(None);
        }
        let columns = count.min(transcode::STORYBOARD_COLUMNS);
        let grid = Storyboard { count, columns, rows: count.div_ceil(columns), ..planned.clone() };
        let args = transcode::storyboard_args(self.plan, grid.columns, grid.rows);
        let limit = Duration::from_secs(self.ctx.config.media.probe_timeout_secs.max(60));
        self.ctx.media.ffmpeg(args, limit, |_| {}).await.map_err(|e| JobError::Retryable(anyhow::anyhow!("making the storyboard: {e}")))?;
        Ok(Some(grid))
    }

    /// Remuxes a middle rung (plus every audio track's stereo rendition) into a faststart
    /// MP4, or the audio into an M4A.
    async fn make_download(&self, index: &PackageIndex, scratch: &Path) -> Result<Download, JobError> {
        let (middle, tracks) = download_sources(index);
        let joined = |r: &Rendition| scratch.join(format!("{}.joined.mp4", r.name));
        for r in middle.iter().copied().chain(tracks.iter().map(|(r, _)| *r)) {
            self.join_fragments(r, &joined(r)).await.context("joining fragments for the download")?;
        }
        let audio: Vec<(PathBuf, &AudioTrack)> = tracks.iter().map(|(r, meta)| (joined(r), *meta)).collect();
        remux_download(self.ctx, self.id, middle.map(joined).as_deref(), &audio, scratch).await
    }

    /// An audio item's MP3, encoded from the source's audio; none for a silent source.
    async fn make_mp3(&self, scratch: &Path) -> Result<Option<Download>, JobError> {
        let Some(audio) = &self.plan.audio else { return Ok(None) };
        let out = scratch.join("download.mp3");
        // The correction its audio renditions got (an audio item has one track).
        let target = self.ctx.config.audio.target();
        let loudness = self.audio_tracks.first().and_then(|t| t.loudness).and_then(|l| l.correction.filter(&l.input, target));
        let args = music::mp3_args(self.plan, audio.main().stream, loudness.as_deref(), &out);
        let limit = Duration::from_secs(self.ctx.config.media.transcode_timeout_secs);
        self.ctx.media.ffmpeg(args, limit, |_| {}).await.map_err(|e| JobError::Retryable(anyhow::anyhow!("making the MP3: {e}")))?;
        let size = self.ctx.store.put_file(&StorageKey::media_file(self.id, "download.mp3"), &out).await.context("storing the MP3")?;
        Ok(Some(Download { file: "download.mp3".into(), size }))
    }

    /// Writes init + every segment of a rendition into one fragmented MP4 file.
    async fn join_fragments(&self, r: &Rendition, out: &Path) -> anyhow::Result<()> {
        use tokio::io::AsyncWriteExt;
        let t = self.tracked.iter().find(|t| t.template.name == r.name).expect("a tracked rendition");
        let text = tokio::fs::read_to_string(t.dir.join("index.m3u8")).await?;
        let seen = transcode::parse_variant_playlist(&text);
        let mut file = tokio::fs::File::create(out).await?;
        let init = seen.init.ok_or_else(|| anyhow::anyhow!("no init segment"))?;
        for name in std::iter::once(init).chain(seen.segments.into_iter().map(|(f, _)| f)) {
            let mut part = tokio::fs::File::open(t.dir.join(name)).await?;
            tokio::io::copy(&mut part, &mut file).await?;
        }
        file.flush().await?;
        Ok(())
    }
}

/// What a download is made of: a middle video rung (none for an audio item) and each audio
/// track's stereo rendition (its first), the default track first.
pub(super) fn download_sources(index: &PackageIndex) -> (Option<&Rendition>, Vec<(&Rendition, &AudioTrack)>) {
    let video: Vec<&Rendition> = index.video().collect();
    let middle = video.get(video.len().saturating_sub(1) / 2).copied();
    let mut tracks: Vec<(&Rendition, &AudioTrack)> = Vec::new();
    for (n, meta) in index.audio_tracks.iter().enumerate() {
        if let Some(r) = index.audio().find(|a| a.track as usize == n) {
            tracks.push((r, meta));
        }
    }
    tracks.sort_by_key(|(_, meta)| !meta.default);
    (middle, tracks)
}

/// Remuxes the joined renditions (stream copy) into `download.mp4`, or `download.m4a` without
/// video, and stores it.
pub(super) async fn remux_download(
    ctx: &Context,
    id: VideoId,
    video: Option<&Path>,
    audio: &[(PathBuf, &AudioTrack)],
    scratch: &Path,
) -> Result<Download, JobError> {
    let audio: Vec<(&Path, &AudioTrack)> = audio.iter().map(|(path, meta)| (path.as_path(), *meta)).collect();
    let file = if video.is_some() { "download.mp4" } else { "download.m4a" };
    let out = scratch.join(file);
    let args = transcode::download_args(video, &audio, &out);
    let limit = Duration::from_secs(ctx.config.media.transcode_timeout_secs);
    ctx.media.ffmpeg(args, limit, |_| {}).await.map_err(|e| JobError::Retryable(anyhow::anyhow!("making the download: {e}")))?;
    let size = ctx.store.put_file(&StorageKey::media_file(id, file), &out).await.context("storing the download")?;
    Ok(Download { file: file.into(), size })
}
