//! The `process_video` job: source → probe → validate → one-pass transcode, publishing each
//! segment as ffmpeg finishes it → download, poster, storyboard → package index → ready.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use serde::{Deserialize, Serialize};

use crate::app::AppState;
use crate::config::Encryption;
use crate::db::videos;
use crate::delivery::content_key::{self, ContentKey, MasterKey};
use crate::domain::{VideoId, VideoStatus};
use crate::media::encrypt::encrypt_segment;
use crate::media::package::{Download, Kind, PackageIndex, Rendition, Segment, SegmentEncryption, StoryboardIndex};
use crate::media::probe::{self, MediaInfo, ProbeOutput};
use crate::media::process::ProcessError;
use crate::media::transcode::{self, Storyboard, TranscodePlan};
use crate::media::{mp4, validate};
use crate::storage::{StorageError, StorageKey};

use super::{Job, JobError};

/// Process one uploaded video into a published, playable asset.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProcessVideo {
    /// The video.
    pub video_id: VideoId,
}

impl Job for ProcessVideo {
    const KIND: &'static str = "process_video";
    fn dedupe_key(&self) -> String {
        format!("process_video:{}", self.video_id)
    }
}

/// How often the running transcode is checked for finished segments.
const WATCH_INTERVAL: Duration = Duration::from_millis(400);

/// Runs the job. Idempotent: a video that is ready or failed is left alone, and a rerun
/// rewrites the same keys and publishes once.
pub async fn run(state: &AppState, job: ProcessVideo) -> Result<(), JobError> {
    let id = job.video_id;
    let Some(video) = videos::get(&state.db, id).await.context("reading the video")? else {
        tracing::info!(%id, "video was deleted before processing; nothing to do");
        return Ok(());
    };
    if matches!(video.status, VideoStatus::Ready | VideoStatus::Failed) {
        return Ok(());
    }
    videos::set_status(&state.db, id, VideoStatus::Processing, None).await.context("marking processing")?;
    videos::save_package(&state.db, id, None).await.context("clearing the package index")?;
    let key = match state.config.packaging.encryption {
        Encryption::None => None,
        Encryption::Aes128 => Some(content_key_of(state, id).await?),
    };
    let scratch = Scratch::create(&state.config.data_dir, id).await.context("creating scratch space")?;

    let source = match state.store.local_path(&StorageKey::source(id)).filter(|p| p.is_file()) {
        // On a local store ffmpeg reads the stored source in place: no copy of a large file.
        Some(path) => path,
        None => {
            let copy = scratch.path.join("source");
            match state.store.download_to_file(&StorageKey::source(id), &copy).await {
                Err(StorageError::NotFound(_)) => return Err(JobError::Permanent("the uploaded file is missing".into())),
                other => other.context("fetching the source")?,
            };
            copy
        }
    };
    let info = probe(state, &source).await?;
    validate::validate(&info, &state.config.media).map_err(|r| JobError::Permanent(r.message))?;
    videos::set_duration(&state.db, id, info.duration_s).await.context("recording the duration")?;

    let plan = TranscodePlan::new(&info, &source, &scratch.path.join("out"), &state.config);
    tokio::fs::create_dir_all(&plan.tiles_dir()).await.context("creating the output folder")?;
    let mut publisher = Publisher::new(state, id, &plan, key);
    let started = std::time::Instant::now();
    transcode(state, &plan, &mut publisher).await?;
    metrics::histogram!("reel_transcode_seconds").record(started.elapsed().as_secs_f64());

    let index = publisher.finish(&scratch.path).await?;
    let json = serde_json::to_vec_pretty(&index).expect("a package index always serialises");
    state.store.put_bytes(&StorageKey::package_index(id), json).await.context("writing package.json")?;
    if videos::publish(&state.db, id, &index).await.context("publishing")? {
        if let Some(uploaded) = video.uploaded_at {
            let secs = (crate::domain::now_ms() - uploaded) as f64 / 1000.0;
            metrics::histogram!("reel_time_to_ready_seconds").record(secs);
        }
        tracing::info!(%id, renditions = index.renditions.len(), "video ready");
    }
    Ok(())
}

/// Marks a video failed with a reason a person can read (the job will not be tried again).
pub async fn mark_failed(state: &AppState, id: VideoId, reason: &str) {
    let reason = if reason.is_empty() { "processing failed" } else { reason };
    match videos::set_status(&state.db, id, VideoStatus::Failed, Some(reason)).await {
        Ok(_) => metrics::counter!("reel_videos_failed_total").increment(1),
        Err(e) => tracing::error!(%id, error = %e, "could not mark the video failed"),
    }
}

async fn probe(state: &AppState, source: &Path) -> Result<MediaInfo, JobError> {
    let limit = Duration::from_secs(state.config.media.probe_timeout_secs);
    let args = probe::probe_args(source, &state.config.media.allowed_formats);
    let json = state.media.ffprobe(args, limit).await.map_err(|e| match e {
        ProcessError::Failed { stderr, .. } => JobError::Permanent(unreadable(&stderr)),
        ProcessError::Timeout { .. } => JobError::Permanent("the file took too long to read; it may be damaged".into()),
        other => JobError::Retryable(other.into()),
    })?;
    ProbeOutput::parse(&json)
        .ok()
        .and_then(|p| p.media_info())
        .ok_or_else(|| JobError::Permanent("the file is not a video or audio file Reel can read".into()))
}

/// The video's content key: the one stored by an earlier run if there is one (segments a
/// player already fetched stay decryptable with the key it holds), else a new one.
async fn content_key_of(state: &AppState, id: VideoId) -> Result<ContentKey, JobError> {
    let master = MasterKey::from_config(&state.config).context("loading the master key")?;
    let candidate = content_key::wrap(&master, id, &ContentKey::generate());
    let stored = videos::content_key_or_insert(&state.db, id, &candidate)
        .await
        .context("storing the content key")?
        .ok_or_else(|| anyhow::anyhow!("the video was deleted while processing started"))?;
    Ok(content_key::unwrap(&master, id, &stored).context("opening the video's content key")?)
}

/// A readable reason from ffprobe's stderr, with our file paths taken out.
fn unreadable(stderr: &str) -> String {
    let last = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("");
    let detail = last.rsplit(": ").next().unwrap_or("").trim();
    if detail.is_empty() || detail.contains('/') {
        "the file is not a video or audio file Reel can read".into()
    } else {
        format!("the file is not a video or audio file Reel can read ({detail})")
    }
}

/// Runs the one ffmpeg process while publishing segments and progress as they appear.
async fn transcode(state: &AppState, plan: &TranscodePlan, publisher: &mut Publisher<'_>) -> Result<(), JobError> {
    let limit = Duration::from_secs(state.config.media.transcode_timeout_secs);
    let reached = Arc::new(AtomicU64::new(0));
    let progress = reached.clone();
    let ffmpeg = state.media.ffmpeg(plan.ffmpeg_args(), limit, move |line| {
        if let Some(secs) = transcode::parse_progress_line(line) {
            progress.store(secs.to_bits(), Ordering::Relaxed);
        }
    });
    tokio::pin!(ffmpeg);
    let poster = async {
        if let Some(args) = transcode::poster_args(plan) {
            if let Err(e) = state.media.ffmpeg(args, limit, |_| {}).await {
                tracing::warn!(error = %e, "could not make the poster");
            }
        }
    };
    tokio::pin!(poster);
    let mut poster_done = false;
    let result = loop {
        tokio::select! {
            r = &mut ffmpeg => break r,
            () = &mut poster, if !poster_done => poster_done = true,
            () = tokio::time::sleep(WATCH_INTERVAL) => {
                publisher.poll().await?;
                let secs = f64::from_bits(reached.load(Ordering::Relaxed));
                publisher.progress(secs).await;
            }
        }
    };
    result.map_err(|e| match e {
        ProcessError::Timeout { limit, .. } => JobError::Permanent(format!("transcoding took longer than the {} s limit", limit.as_secs())),
        ProcessError::Failed { stderr, .. } => {
            let last = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("no message").to_string();
            JobError::Retryable(anyhow::anyhow!("transcoding failed: {last}"))
        }
        other => JobError::Retryable(other.into()),
    })?;
    if !poster_done {
        poster.await;
    }
    publisher.poll().await?;
    Ok(())
}

/// One rendition being watched in ffmpeg's output folder.
struct Tracked {
    dir: PathBuf,
    rendition: Option<Rendition>,
    template: Rendition,
    ended: bool,
}

/// Publishes what ffmpeg finishes: segments to the store, the growing index to the database.
struct Publisher<'a> {
    state: &'a AppState,
    id: VideoId,
    plan: &'a TranscodePlan,
    tracked: Vec<Tracked>,
    /// Media segments are encrypted with this before they are stored (HLS AES-128).
    key: Option<ContentKey>,
    playable: bool,
    poster: bool,
    last_progress: f64,
}

impl<'a> Publisher<'a> {
    fn new(state: &'a AppState, id: VideoId, plan: &'a TranscodePlan, key: Option<ContentKey>) -> Self {
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
            for (name, kbps) in &a.renditions {
                let template = Rendition {
                    channels: Some(2),
                    sample_rate: Some(48_000),
                    max_bps: u64::from(*kbps) * 1000,
                    ..empty(name, Kind::Audio)
                };
                tracked.push(Tracked { dir: plan.rendition_dir(name), rendition: None, template, ended: false });
            }
        }
        Self { state, id, plan, tracked, key, playable: false, poster: false, last_progress: -1.0 }
    }

    /// Uploads every segment ffmpeg has finished since the last poll, and the poster as soon
    /// as ffmpeg has made it (from the first frames) so it can be shown while processing.
    async fn poll(&mut self) -> Result<(), JobError> {
        let mut changed = false;
        if self.plan.video.is_some() && !self.poster {
            let path = self.plan.poster_path();
            if tokio::fs::try_exists(&path).await.unwrap_or(false) {
                self.state.store.put_file(&StorageKey::media_file(self.id, "poster.jpg"), &path).await.context("storing the poster")?;
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
                self.state.store.put_bytes(&StorageKey::init(self.id, &t.template.name), bytes).await.context("storing an init segment")?;
                let codecs = info.codec.unwrap_or_default();
                t.rendition = Some(Rendition { codecs, timescale: info.timescale, ..t.template.clone() });
            }
            let r = t.rendition.as_mut().expect("set above");
            for (file, secs) in seen.segments.iter().skip(r.segments.len()) {
                let bytes = tokio::fs::read(t.dir.join(file)).await.context("reading a segment")?;
                if r.segments.is_empty() {
                    r.start = mp4::fragment_start(&bytes).unwrap_or(0);
                }
                let n = u32::try_from(r.segments.len()).expect("fewer than 4 billion segments");
                // Segment n has media sequence number n (the playlists start at 0). The files in
                // scratch stay clear: the download is remuxed from them.
                let bytes = match &self.key {
                    Some(key) => encrypt_segment(key.as_bytes(), u64::from(n), &bytes),
                    None => bytes,
                };
                let size = bytes.len() as u64;
                self.state.store.put_bytes(&StorageKey::segment(self.id, &r.name, n), bytes).await.context("storing a segment")?;
                r.segments.push(Segment { duration: (secs * f64::from(r.timescale)).round() as u64, size });
                changed = true;
            }
        }
        if changed {
            let index = self.index(false);
            videos::save_package(&self.state.db, self.id, Some(&index)).await.context("saving the package index")?;
            if !self.playable && self.tracked.iter().all(|t| t.rendition.as_ref().is_some_and(|r| !r.segments.is_empty())) {
                self.playable =
                    videos::set_status(&self.state.db, self.id, VideoStatus::Playable, None).await.context("marking playable")?;
                if self.playable {
                    metrics::histogram!("reel_time_to_playable_seconds").record(self.since_upload_secs().await);
                }
            }
        }
        Ok(())
    }

    async fn since_upload_secs(&self) -> f64 {
        let uploaded = videos::get(&self.state.db, self.id).await.ok().flatten().and_then(|v| v.uploaded_at);
        uploaded.map_or(0.0, |at| (crate::domain::now_ms() - at) as f64 / 1000.0)
    }

    async fn progress(&mut self, reached_secs: f64) {
        if self.plan.duration_s <= 0.0 {
            return;
        }
        // Publishing (download, images, index) remains after ffmpeg: hold the last percent back.
        let percent = (reached_secs / self.plan.duration_s * 100.0).clamp(0.0, 99.0).floor();
        if percent > self.last_progress {
            self.last_progress = percent;
            if let Err(e) = videos::set_progress(&self.state.db, self.id, percent).await {
                tracing::warn!(error = %e, "could not record progress");
            }
        }
    }

    fn index(&self, complete: bool) -> PackageIndex {
        PackageIndex {
            complete,
            duration_s: self.plan.duration_s,
            segment_secs: self.plan.segment_secs,
            renditions: self.tracked.iter().filter_map(|t| t.rendition.clone()).collect(),
            poster: self.poster.then(|| "poster.jpg".to_string()),
            storyboard: None,
            download: None,
            encryption: self.key.as_ref().map(|_| SegmentEncryption::Aes128),
        }
    }

    /// Checks every rendition is complete, adds images and the download, returns the final index.
    async fn finish(self, scratch: &Path) -> Result<PackageIndex, JobError> {
        for t in &self.tracked {
            if !t.ended || t.rendition.as_ref().is_none_or(|r| r.segments.is_empty()) {
                return Err(JobError::Retryable(anyhow::anyhow!("ffmpeg finished without completing rendition {}", t.template.name)));
            }
        }
        let mut index = self.index(true);
        let store = &self.state.store;
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
        Ok(index)
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
        let limit = Duration::from_secs(self.state.config.media.probe_timeout_secs.max(60));
        self.state
            .media
            .ffmpeg(args, limit, |_| {})
            .await
            .map_err(|e| JobError::Retryable(anyhow::anyhow!("making the storyboard: {e}")))?;
        Ok(Some(grid))
    }

    /// Remuxes a middle rung (plus audio) into a faststart MP4, or the audio into an M4A.
    async fn make_download(&self, index: &PackageIndex, scratch: &Path) -> Result<Download, JobError> {
        let video: Vec<&Rendition> = index.video().collect();
        let middle = video.get(video.len().saturating_sub(1) / 2).copied();
        let audio = index.audio().next();
        let mut inputs = [None, None];
        for (slot, r) in inputs.iter_mut().zip([middle, audio]) {
            if let Some(r) = r {
                let joined = scratch.join(format!("{}.joined.mp4", r.name));
                self.join_fragments(r, &joined).await.context("joining fragments for the download")?;
                *slot = Some(joined);
            }
        }
        let file = if middle.is_some() { "download.mp4" } else { "download.m4a" };
        let out = scratch.join(file);
        let args = transcode::download_args(inputs[0].as_deref(), inputs[1].as_deref(), &out);
        let limit = Duration::from_secs(self.state.config.media.transcode_timeout_secs);
        self.state.media.ffmpeg(args, limit, |_| {}).await.map_err(|e| JobError::Retryable(anyhow::anyhow!("making the download: {e}")))?;
        let size = self.state.store.put_file(&StorageKey::media_file(self.id, file), &out).await.context("storing the download")?;
        Ok(Download { file: file.into(), size })
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

/// A private working folder for one run of the job, removed when the run ends however it ends.
struct Scratch {
    path: PathBuf,
}

impl Scratch {
    async fn create(data_dir: &Path, id: VideoId) -> std::io::Result<Self> {
        // One folder per run: a run that lost its lease may still be exiting beside a new one.
        let path = data_dir.join("scratch").join(format!("{id}-{}", uuid::Uuid::new_v4().simple()));
        tokio::fs::create_dir_all(&path).await?;
        Ok(Self { path })
    }
}

/// Removes scratch folders nothing has written to for `max_idle`: runs whose process was
/// killed (SIGKILL, power loss) and so never dropped their [`Scratch`]. Returns how many went.
pub fn sweep_stale_scratch(data_dir: &Path, max_idle: Duration) -> std::io::Result<usize> {
    let root = data_dir.join("scratch");
    let Ok(entries) = std::fs::read_dir(&root) else { return Ok(0) };
    let mut removed = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        // A live run writes segments every few seconds somewhere below its folder.
        let idle = newest_write(&path).and_then(|t| t.elapsed().ok()).unwrap_or(Duration::MAX);
        if idle > max_idle && std::fs::remove_dir_all(&path).is_ok() {
            removed += 1;
        }
    }
    Ok(removed)
}

fn newest_write(path: &Path) -> Option<std::time::SystemTime> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    let own = meta.modified().ok();
    if !meta.is_dir() {
        return own;
    }
    std::fs::read_dir(path).ok()?.flatten().filter_map(|e| newest_write(&e.path())).chain(own).max()
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Err(e) = std::fs::remove_dir_all(&self.path) {
            if e.kind() != std::io::ErrorKind::NotFound {
                tracing::warn!(path = %self.path.display(), error = %e, "could not remove scratch space");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_scratch_folders_idle_for_long_are_swept() {
        let data = tempfile::tempdir().unwrap();
        let (old, busy) = (data.path().join("scratch/old-run/out"), data.path().join("scratch/busy-run/out"));
        std::fs::create_dir_all(&old).unwrap();
        std::fs::create_dir_all(&busy).unwrap();
        let an_hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
        for dir in [old.parent().unwrap(), &old] {
            std::fs::File::open(dir).unwrap().set_modified(an_hour_ago).unwrap();
        }
        std::fs::write(busy.join("00001.m4s"), b"fresh").unwrap();
        assert_eq!(sweep_stale_scratch(data.path(), Duration::from_secs(600)).unwrap(), 1);
        assert!(!old.exists() && busy.exists());
    }

    #[test]
    fn ffprobe_errors_become_reasons_without_paths() {
        assert_eq!(
            unreadable("file:/data/scratch/x/source: Invalid data found when processing input"),
            "the file is not a video or audio file Reel can read (Invalid data found when processing input)"
        );
        assert_eq!(unreadable(""), "the file is not a video or audio file Reel can read");
    }
}
