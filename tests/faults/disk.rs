//! The scratch disk full (a tmpfs too small for a transcode mounted over `{data_dir}/scratch`):
//! the attempt fails with a reason a person can read and is tried again later, the item is not
//! failed, the server goes on serving what it has, and once there is room the item is made.

use std::time::Duration;

use reqwest::StatusCode;

use crate::backends::Tmpfs;
use crate::common::{make_clip, play_prefix, TestServer};

#[tokio::test(flavor = "multi_thread")]
async fn a_full_scratch_disk_fails_the_attempt_readably_and_the_item_is_made_once_there_is_room() {
    // Retries a few seconds apart, and enough of them to outlast the full disk.
    let server = TestServer::start_with(&[("REEL__JOBS__MAX_ATTEMPTS", "30"), ("REEL__JOBS__BACKOFF_MAX_SECS", "2")]);
    let dir = tempfile::tempdir().unwrap();
    let small = make_clip(dir.path(), "small.mp4", &["testsrc2=size=320x240:rate=25", "sine"], 3.0, &["-shortest"]);
    let before = server.upload_ready(&small, "Made before").await;

    let Some(scratch) = Tmpfs::mount(&server.data_dir().join("scratch"), "64k") else { return };
    let big = make_clip(dir.path(), "big.mp4", &["testsrc2=size=640x360:rate=25", "sine"], 6.0, &["-shortest"]);
    let id = server.upload(&big, "Made once there is room").await;

    let failed_attempt = || async {
        let jobs = server.get_json("/api/v1/admin/jobs?limit=100").await;
        jobs.as_array()
            .unwrap()
            .iter()
            .find(|j| j["kind"] == "process_video" && j["payload"].as_str().is_some_and(|p| p.contains(&id)))
            .and_then(|j| j["last_error"].as_str().map(str::to_string))
    };
    crate::common::eventually(Duration::from_secs(60), "an attempt failed", || async { failed_attempt().await.is_some() }).await;
    let reason = failed_attempt().await.unwrap();
    assert!(reason.contains("the scratch disk is full: 64 KiB free"), "the reason does not say the disk is full: {reason}");
    let video = server.get_json(&format!("/api/v1/videos/{id}")).await;
    assert!(video["status"] != "failed", "a full disk failed the item for good: {video}");

    // Meanwhile the server serves: listings, pages and the item made before.
    let http = server.http();
    let list = server.get_json("/api/v1/videos").await;
    assert!(list["items"].as_array().unwrap().iter().any(|v| v["title"] == "Made before"), "{list}");
    assert_eq!(http.get(format!("{}/", server.base)).send().await.unwrap().status(), StatusCode::OK);
    let master = http.get(format!("{}/master.m3u8", play_prefix(&before))).send().await.unwrap();
    assert_eq!(master.status(), StatusCode::OK);

    scratch.resize("512m");
    let video = server.wait_for(&id, &["ready"], Duration::from_secs(120)).await;
    assert_eq!(video["title"], "Made once there is room");
}
