//! Loudness against the real server and real ffmpeg: a loud and a quiet source both come out
//! within 1 LU of the target (measured by ffmpeg's `ebur128` on the audio players fetch), with
//! their measured input shown; a source whose opening is unlike the whole is encoded again
//! from the whole; a source one gain would clip is levelled by `loudnorm` to the target under
//! the true-peak limit; and an owner who turns correction off gets the audio as uploaded.

// suite: backends

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use reqwest::Method;
use serde_json::json;

use crate::collections::{token, Api};
use crate::common::{play_prefix, TestServer};

/// Integrated loudness (LUFS) and true peak (dBTP) of the first audio stream at `target`, by
/// ffmpeg's own meter.
fn meter(target: &str) -> (f64, f64) {
    let out = Command::new("ffmpeg")
        .args(["-hide_banner", "-nostdin", "-i", target, "-map", "0:a:0", "-af", "ebur128=peak=true", "-f", "null", "-"])
        .output()
        .expect("ffmpeg runs");
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{log}");
    let summary = &log[log.rfind("Summary:").expect("a summary")..];
    let after = |label: &str| -> f64 {
        let at = summary.find(label).unwrap_or_else(|| panic!("no {label} in {summary}")) + label.len();
        summary[at..].split_whitespace().next().unwrap().parse().unwrap()
    };
    (after("I:"), after("Peak:"))
}

/// Integrated loudness (LUFS) of the first audio stream at `target`.
fn loudness(target: &str) -> f64 {
    meter(target).0
}

/// A 320×240 clip with `audio` (a lavfi source).
fn clip(dir: &Path, name: &str, audio: &str) -> PathBuf {
    let out = dir.join(name);
    let status = Command::new("ffmpeg")
        .args([
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=320x240:rate=25",
            "-f",
            "lavfi",
            "-i",
            audio,
        ])
        .args(["-t", "12", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "192k"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    out
}

fn within_one_lu(measured: f64, what: &str) {
    assert!((measured + 16.0).abs() <= 1.0, "{what}: {measured} LUFS, target -16");
}

#[tokio::test(flavor = "multi_thread")]
async fn loud_and_quiet_sources_come_out_at_the_target_and_an_owner_can_opt_out() {
    let server = TestServer::start();
    let owner = token(&server, "owner@example.org", "creator", "read,account,upload");
    let dir = server.dir.path();
    let (loud, quiet) = (
        // A 1 kHz tone near full scale, and pink noise well under what players expect. The
        // noise is seeded: an unseeded draw now and then peaks high enough that one gain to the
        // target would pass the peak limit, and the item is rightly levelled dynamically instead.
        clip(dir, "loud.mp4", "sine=frequency=1000:sample_rate=48000,volume=6.5"),
        clip(dir, "quiet.mp4", "anoisesrc=c=pink:r=48000:a=0.2:seed=5"),
    );
    let (loud_in, quiet_in) = (loudness(loud.to_str().unwrap()), loudness(quiet.to_str().unwrap()));
    assert!(loud_in > -10.0 && quiet_in < -26.0, "the sources are loud and quiet: {loud_in}, {quiet_in}");

    let api = Api { server: &server };
    let mut items = Vec::new();
    for (file, input) in [(&loud, loud_in), (&quiet, quiet_in)] {
        let id = crate::catalogue::upload_as(&server, &owner, file, Some("Noise"), Some("members")).await;
        server.wait_for(&id, &["ready"], Duration::from_secs(180)).await;
        let video = api.json(Method::GET, &owner, &format!("/videos/{id}"), None, 200).await;
        within_one_lu(loudness(&format!("{}/audio/index.m3u8", play_prefix(&video))), "HLS audio");
        within_one_lu(loudness(video["playback"]["mp4"].as_str().unwrap()), "the download");
        let measured = &video["audio_tracks"][0]["loudness"];
        assert_eq!(measured["method"], "linear", "{measured}");
        assert!((measured["integrated"].as_f64().unwrap() - input).abs() < 0.5, "stored input {measured} against {input}");
        assert!((measured["gain_db"].as_f64().unwrap() - (-16.0 - input)).abs() < 0.5, "{measured}");
        items.push((id, input));
    }

    // The owner turns correction off for the quiet one and has it processed again: its audio
    // is as uploaded, and no measurement is shown.
    let (quiet_id, quiet_in) = &items[1];
    api.json(Method::PATCH, &owner, &format!("/videos/{quiet_id}"), Some(json!({"normalize_audio": false})), 200).await;
    api.json(Method::POST, &owner, &format!("/videos/{quiet_id}/reprocess"), None, 202).await;
    let path = format!("/videos/{quiet_id}");
    crate::common::eventually(Duration::from_secs(120), "the item transcoded again", || async {
        let v = api.json(Method::GET, &owner, &path, None, 200).await;
        v["renditions"].as_array().unwrap().iter().any(|r| r["name"] == "audio-r1")
    })
    .await;
    let video = api.json(Method::GET, &owner, &path, None, 200).await;
    assert!(video["audio_tracks"][0].get("loudness").is_none(), "{video}");
    let out = loudness(&format!("{}/audio-r1/index.m3u8", play_prefix(&video)));
    assert!((out - quiet_in).abs() < 1.0, "left as uploaded: {out} against {quiet_in}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_source_whose_opening_is_unlike_the_whole_is_encoded_again_from_the_whole() {
    let server = TestServer::start_with(&[("REEL__AUDIO__LOUDNESS_WINDOW_SECS", "5")]);
    let dir = server.dir.path();
    // Quiet for 6 s, loud after: the opening calls for +20 dB, the whole for far less.
    let file = clip(dir, "rising.mp4", "anoisesrc=c=pink:r=48000:a=1,volume='if(lt(t,6),0.05,0.5)':eval=frame");
    let whole_in = loudness(file.to_str().unwrap());
    let video = server.upload_ready(&file, "Rising").await;
    let names: Vec<&str> = video["renditions"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["240p", "audio-n"], "{video}");
    let prefix = play_prefix(&video);
    within_one_lu(loudness(&format!("{prefix}/audio-n/index.m3u8")), "the audio encoded again");
    within_one_lu(loudness(video["playback"]["mp4"].as_str().unwrap()), "the download");
    let measured = &video["audio_tracks"][0]["loudness"];
    assert!((measured["integrated"].as_f64().unwrap() - whole_in).abs() < 0.5, "the whole's measurement {measured} against {whole_in}");
    // The first encode, which played while processing, is still served (unlisted) for now.
    let first = server.http().get(format!("{prefix}/audio/index.m3u8")).send().await.unwrap();
    assert_eq!(first.status(), 200);
    let master = server.http().get(format!("{prefix}/master.m3u8")).send().await.unwrap().text().await.unwrap();
    assert!(master.contains("/audio-n/index.m3u8") && !master.contains("/audio/index.m3u8"), "{master}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_source_one_gain_would_clip_is_levelled_to_the_target_under_the_peak_limit() {
    let server = TestServer::start();
    // Pink noise under a sharp click every second: the clicks already pass 0 dBTP, while the
    // loudness (the noise's) calls for about +9 dB.
    let clicks = "anoisesrc=c=pink:r=48000:a=0.3[n];aevalsrc='if(lt(mod(t,1),0.0005),0.99,0)':s=48000[k];\
                  [n][k]amix=inputs=2:normalize=0[out0]";
    let file = clip(server.dir.path(), "clicks.mp4", clicks);
    let (input, peak) = meter(file.to_str().unwrap());
    assert!(peak + (-16.0 - input) > -1.0, "one gain would clip: {input} LUFS, {peak} dBTP");
    let video = server.upload_ready(&file, "Clicks").await;
    let measured = &video["audio_tracks"][0]["loudness"];
    assert_eq!(measured["method"], "dynamic", "{measured}");
    let audio = format!("{}/audio/index.m3u8", play_prefix(&video));
    let (out, out_peak) = meter(&audio);
    within_one_lu(out, "HLS audio");
    // The limiter holds -1 dBTP; the AAC encode after it may overshoot by a fraction of a dB.
    assert!(out_peak <= -0.5, "true peak {out_peak} dBTP after the limiter");
    within_one_lu(loudness(video["playback"]["mp4"].as_str().unwrap()), "the download");
}
