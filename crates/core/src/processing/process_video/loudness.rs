//! Loudness in the processing job. The opening seconds of each audio track are measured before
//! the transcode, and the first segments are corrected from them, so playable never waits for
//! a pass over a long file. A longer source is measured whole while the transcode runs, from
//! when the item is playable; if the whole calls for another correction than its opening did,
//! the audio alone is encoded again under new names and takes the first encode's place before
//! the item is ready.

use std::time::Duration;

use anyhow::Context as _;

use crate::platform::jobs::JobError;
use crate::platform::Context;
use reel_base::db::videos;
use reel_base::domain::VideoId;
use reel_base::media::loudness::{self, Correction, Measured, Meter};
use reel_base::media::transcode::TranscodePlan;

use super::publish::Publisher;

/// Gains closer than this are the same correction (0.5 dB is under what anyone hears).
const SAME_GAIN_DB: f64 = 0.5;

/// What the opening seconds measured, and whether the whole must be measured too.
pub(super) struct Opening {
    measured: Vec<Option<Measured>>,
    measure_whole: bool,
}

/// Corrects `plan`'s audio from its opening seconds, unless loudness is not normalised (by
/// configuration, or for this item).
pub(super) async fn from_opening(ctx: &Context, id: VideoId, plan: &mut TranscodePlan) -> Result<Opening, JobError> {
    let normalize = ctx.config.audio.normalize && videos::normalizes_audio(&ctx.db, id).await.context("reading the item's settings")?;
    if !normalize || plan.audio.is_none() {
        return Ok(Opening { measured: Vec::new(), measure_whole: false });
    }
    let window = f64::from(ctx.config.audio.loudness_window_secs);
    let measured = measure(ctx, plan, Some(window)).await;
    plan.normalise(&measured, ctx.config.audio.target());
    Ok(Opening { measured, measure_whole: plan.duration_s > window })
}

/// Runs the transcode; meanwhile measures the whole source if it is longer than the opening
/// window, and then either records the whole's measurements or, where the whole calls for
/// another correction, encodes the audio again.
pub(super) async fn transcode(
    ctx: &Context,
    id: VideoId,
    plan: &TranscodePlan,
    publisher: &mut Publisher<'_>,
    opening: &Opening,
) -> Result<(), JobError> {
    let ended = tokio::sync::Notify::new();
    let transcoded = async {
        let result = super::encode::transcode(ctx, plan, publisher).await;
        ended.notify_one();
        result
    };
    let whole = async {
        if !opening.measure_whole {
            return None;
        }
        // Not needed to play: the item's first segments have the cores until it can be played.
        tokio::select! {
            () = super::give_way::until_playable(ctx, id) => {}
            () = ended.notified() => {}
        }
        Some(measure(ctx, plan, None).await)
    };
    let (transcoded, whole) = tokio::join!(transcoded, whole);
    transcoded?;
    if publisher.halted.is_some() {
        return Ok(());
    }
    match whole {
        Some(whole) if differs(&opening.measured, &whole, ctx) => encode_again(ctx, id, plan, &whole, publisher).await,
        Some(whole) => {
            publisher.measured_whole(&whole);
            Ok(())
        }
        None => Ok(()),
    }
}

/// Measures each audio track of `plan`'s source over its first `secs` seconds, or whole; a
/// track the meter cannot read is left uncorrected (the transcode reports a broken stream).
/// Where one gain would clip, a trial run of `loudnorm` over the same span says how far short
/// of the target its limiter leaves the track, which the correction then makes up.
async fn measure(ctx: &Context, plan: &TranscodePlan, secs: Option<f64>) -> Vec<Option<Measured>> {
    let mut measured = Vec::new();
    let target = ctx.config.audio.target();
    for track in plan.audio.iter().flat_map(|a| a.tracks.iter()) {
        let args = loudness::measure_args(&plan.input, &plan.demuxer, track.stream, secs);
        let mut m = meter(ctx, args, track.stream).await;
        if let Some(input) = m.as_mut().filter(|m| matches!(m.correction(target), Correction::Dynamic { .. })) {
            let filter = input.filter(target).expect("a dynamic correction has a filter");
            let trial = loudness::trial_args(&plan.input, &plan.demuxer, track.stream, secs, &filter);
            input.levelled = meter(ctx, trial, track.stream).await.map(|out| out.integrated);
        }
        measured.push(m);
    }
    measured
}

/// Runs one metering command line and reads its report.
async fn meter(ctx: &Context, args: Vec<std::ffi::OsString>, stream: u32) -> Option<Measured> {
    let limit = Duration::from_secs(ctx.config.media.transcode_timeout_secs);
    let mut meter = Meter::default();
    let result = ctx.media.ffmpeg(args, limit, |line| meter.line(line)).await;
    if let Err(e) = &result {
        tracing::warn!(stream, error = %e, "could not measure the loudness of an audio stream");
    }
    result.ok().and_then(|()| meter.measured())
}

/// Whether the whole source calls for another correction than its opening seconds did.
fn differs(opening: &[Option<Measured>], whole: &[Option<Measured>], ctx: &Context) -> bool {
    let target = ctx.config.audio.target();
    opening.iter().zip(whole).any(|(a, b)| match (a.map(|m| m.correction(target)), b.map(|m| m.correction(target))) {
        (Some(Correction::Linear { gain_db: a }), Some(Correction::Linear { gain_db: b })) => (a - b).abs() > SAME_GAIN_DB,
        (Some(Correction::Dynamic { boost_lu: a }), Some(Correction::Dynamic { boost_lu: b })) => (a - b).abs() > SAME_GAIN_DB,
        (a, b) => a != b,
    })
}

/// Encodes the audio again from the whole source's measurements and puts it in the place of
/// the first encode's, which is kept served (unlisted) for players that started with it.
async fn encode_again(
    ctx: &Context,
    id: VideoId,
    plan: &TranscodePlan,
    whole: &[Option<Measured>],
    publisher: &mut Publisher<'_>,
) -> Result<(), JobError> {
    let again = plan.audio_again(whole, ctx.config.audio.target());
    let key = super::inputs::configured_key(ctx, id).await?;
    let mut audio = Publisher::quiet(ctx, id, &again, key);
    super::encode::transcode(ctx, &again, &mut audio).await?;
    publisher.replace_audio(audio);
    tracing::info!(%id, "audio encoded again from the whole source's loudness");
    Ok(())
}
