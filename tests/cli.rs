//! `reel ingest` against a running server: uploading and waiting for playback URLs,
//! `--no-wait`, and a file that is not media failing with its reason.
mod common;

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use rand::RngCore;

use common::{ffprobe, make_clip, TestServer};

fn clip(dir: &Path) -> std::path::PathBuf {
    make_clip(dir, "c.mp4", &["testsrc2=size=320x240:rate=25", "sine=frequency=440:sample_rate=48000"], 3.0, &["-shortest"])
}

/// Runs `reel ingest ARGS` with the server and token in the environment.
async fn ingest(server: &TestServer, args: &[&str]) -> Output {
    let mut command = server.command();
    command.arg("ingest").args(args).env("REEL_SERVER", &server.base).env("REEL_TOKEN", &server.token);
    let run = tokio::process::Command::from(command).output();
    tokio::time::timeout(Duration::from_secs(180), run).await.expect("reel ingest finished in time").expect("reel ingest runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The value of the stdout line starting with `label`.
fn line<'a>(stdout: &'a str, label: &str) -> Option<&'a str> {
    stdout.lines().find_map(|l| l.strip_prefix(label)).map(str::trim)
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36 && s.chars().all(|c| c.is_ascii_hexdigit() || c == '-') && s.matches('-').count() == 4
}

#[tokio::test(flavor = "multi_thread")]
async fn ingest_uploads_a_clip_waits_until_ready_and_prints_playable_urls() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().unwrap();
    let file = clip(dir.path());

    // Flags this time, rather than the environment.
    let mut command = server.command();
    command.args(["ingest", file.to_str().unwrap(), "--title", "From the CLI", "--server", &server.base, "--token", &server.token]);
    command.env_remove("REEL_SERVER").env_remove("REEL_TOKEN");
    let out = tokio::time::timeout(Duration::from_secs(180), tokio::process::Command::from(command).output())
        .await
        .expect("reel ingest finished in time")
        .unwrap();
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "reel ingest failed:\nstdout: {stdout}\nstderr: {}\n{}", text(&out.stderr), server.log());

    let id = stdout.lines().next().unwrap_or_default().trim().to_string();
    assert!(is_uuid(&id), "the first line is not a video id: {stdout}");
    let hls = line(&stdout, "hls:").unwrap_or_else(|| panic!("no hls: line in {stdout}"));
    let dash = line(&stdout, "dash:").unwrap_or_else(|| panic!("no dash: line in {stdout}"));
    let mp4 = line(&stdout, "mp4:").unwrap_or_else(|| panic!("no mp4: line in {stdout}"));
    for url in [hls, dash, mp4] {
        assert!(url.starts_with("http://") && url.contains(&id), "not a playback URL of {id}: {url}");
    }

    // The CLI only returns once the video is ready, with the title it was given.
    let video = server.get_json(&format!("/api/v1/videos/{id}")).await;
    assert_eq!(video["status"], "ready", "{video}");
    assert_eq!(video["title"], "From the CLI");

    // The printed HLS URL plays.
    let hls = hls.to_string();
    let probe = tokio::task::spawn_blocking(move || ffprobe(&hls, &["-show_streams"])).await.unwrap();
    let streams = probe["streams"].as_array().expect("streams");
    assert!(streams.iter().any(|s| s["codec_type"] == "video"), "no video stream in the HLS output: {probe}");
    assert!(streams.iter().any(|s| s["codec_type"] == "audio"), "no audio stream in the HLS output: {probe}");
}

#[tokio::test(flavor = "multi_thread")]
async fn ingest_with_no_wait_prints_only_the_id_and_returns_before_the_video_is_ready() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().unwrap();
    let file = clip(dir.path());

    let out = ingest(&server, &[file.to_str().unwrap(), "--title", "Not waiting", "--no-wait"]).await;
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "reel ingest failed: {}", text(&out.stderr));
    let id = stdout.trim();
    assert!(is_uuid(id), "stdout is not just a video id: {stdout:?}");

    let video = server.get_json(&format!("/api/v1/videos/{id}")).await;
    let status = video["status"].as_str().unwrap();
    assert!(status == "uploaded" || status == "processing", "the CLI waited for processing: {video}");
    assert_eq!(video["title"], "Not waiting");
    // It was uploaded whole: it does go on to be ready.
    server.wait_for(id, &["ready"], Duration::from_secs(120)).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn ingest_of_a_file_that_is_not_media_fails_with_the_reason() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("noise.mp4");
    let mut bytes = vec![0u8; 64 << 10];
    rand::thread_rng().fill_bytes(&mut bytes);
    std::fs::write(&file, &bytes).unwrap();

    let out = ingest(&server, &[file.to_str().unwrap()]).await;
    let stderr = text(&out.stderr);
    assert!(!out.status.success(), "reel ingest of noise succeeded: {}", text(&out.stdout));
    assert!(stderr.contains("not a video or audio file"), "stderr lacks the reason: {stderr}");
    assert!(!text(&out.stdout).contains("hls:"), "playback URLs for noise: {}", text(&out.stdout));

    // The server agrees: the video failed, with that reason.
    let page = server.get_json("/api/v1/videos").await;
    let videos = page["items"].as_array().expect("items");
    assert_eq!(videos.len(), 1, "{page}");
    assert_eq!(videos[0]["status"], "failed");
    assert!(videos[0]["error"].as_str().unwrap_or_default().contains("not a video or audio file"), "{page}");
}
