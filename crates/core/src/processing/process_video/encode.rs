//! The one ffmpeg run of a plan: segments published and progress reported as it goes, the
//! poster made beside it, and what a failure says to the owner; with its CPU time and speed
//! recorded.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use super::give_way::GiveWay;
use super::publish::Publisher;
use crate::platform::jobs::JobError;
use crate::platform::Context;
use reel_base::domain::VideoId;
use reel_base::media::probe::MediaInfo;
use reel_base::media::process::ProcessError;
use reel_base::media::transcode::{self, TranscodePlan};
use reel_base::media::{image, music};

/// Runs the one ffmpeg process while publishing segments and progress as they appear.
pub(super) async fn transcode(ctx: &Context, plan: &TranscodePlan, publisher: &mut Publisher<'_>) -> Result<(), JobError> {
    let limit = Duration::from_secs(ctx.config.media.transcode_timeout_secs);
    let reached = Arc::new(AtomicU64::new(0));
    let progress = reached.clone();
    let (hold, held) = tokio::sync::watch::channel(false);
    let mut give_way = GiveWay::default();
    let ffmpeg = ctx.media.ffmpeg_held(
        plan.ffmpeg_args(),
        limit,
        move |line| {
            if let Some(secs) = transcode::parse_progress_line(line) {
                progress.store(secs.to_bits(), Ordering::Relaxed);
            }
        },
        held,
    );
    tokio::pin!(ffmpeg);
    let poster = async {
        // A cover is a picture someone uploaded: decoded with its heap bounded, as avatars are.
        let made = match (transcode::poster_args(plan), music::cover_args(plan)) {
            (Some(args), _) => ctx.media.ffmpeg(args, limit, |_| {}).await,
            (None, Some(args)) => ctx.media.ffmpeg_bounded(args, limit, image::PICTURE_MEMORY_BYTES).await,
            (None, None) => Ok(()),
        };
        if let Err(e) = made {
            tracing::warn!(error = %e, "could not make the poster");
        }
    };
    tokio::pin!(poster);
    let mut poster_done = false;
    let result = loop {
        tokio::select! {
            r = &mut ffmpeg => break r,
            () = &mut poster, if !poster_done => poster_done = true,
            () = tokio::time::sleep(give_way.watch_interval(publisher)) => {
                publisher.poll().await?;
                if publisher.halted.is_some() {
                    // Dropping the run kills ffmpeg: its work is nobody's now.
                    return Ok(());
                }
                let secs = f64::from_bits(reached.load(Ordering::Relaxed));
                publisher.progress(secs).await;
                hold.send_replace(give_way.hold(ctx, publisher).await);
            }
        }
    };
    result.map_err(|e| match e {
        ProcessError::Timeout { limit, .. } => JobError::Permanent(format!("transcoding took longer than the {} s limit", limit.as_secs())),
        ProcessError::Failed { stderr, .. } => {
            let last = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("no message").to_string();
            JobError::media(encoder_failed(&last), format!("transcoding failed: {last}"))
        }
        other => JobError::Retryable(other.into()),
    })?;
    if !poster_done {
        poster.await;
    }
    publisher.poll().await?;
    Ok(())
}

/// What the owner reads when ffmpeg stopped with `last` as its last line: its own words
/// (without our file paths), which name what in the file it could not handle.
fn encoder_failed(last: &str) -> String {
    let detail = last.rsplit(": ").next().unwrap_or("").trim();
    if detail.is_empty() || detail.contains('/') {
        "the encoder stopped on this file".into()
    } else {
        format!("the encoder stopped on this file ({detail})")
    }
}

/// Runs a transcode of `id` and records the CPU time it took against the item (a failed
/// attempt's CPU was spent, and paid for, too).
pub(super) async fn cpu_recorded<T>(
    ctx: &Context,
    id: VideoId,
    work: impl std::future::Future<Output = Result<T, JobError>>,
) -> Result<T, JobError> {
    let (result, cpu) = reel_base::media::process::measure_cpu(work).await;
    if let Err(e) = crate::ops::cost::record_cpu(&ctx.db, id, cpu).await {
        tracing::warn!(video_id = %id, error = %e, "could not record the transcode's CPU time");
    }
    result
}

/// Counts a finished transcode of `info`'s source that took `wall` (the
/// `reel_transcode_seconds` and `reel_transcode_speed_ratio` histograms).
pub(super) fn transcoded(info: &MediaInfo, wall: Duration) {
    let wall = wall.as_secs_f64();
    metrics::histogram!("reel_transcode_seconds").record(wall);
    if let Some(media_secs) = info.duration_s.filter(|_| wall > 0.0) {
        metrics::histogram!("reel_transcode_speed_ratio").record(media_secs / wall);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_encoders_last_words_are_the_reason_without_paths() {
        assert_eq!(
            encoder_failed("Error while decoding stream #0:0: Invalid data found"),
            "the encoder stopped on this file (Invalid data found)"
        );
        assert_eq!(encoder_failed("file:/data/scratch/x/out/720p/index.m3u8: /data/scratch"), "the encoder stopped on this file");
        assert_eq!(encoder_failed(""), "the encoder stopped on this file");
    }
}
