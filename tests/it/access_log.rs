//! The origin's access log against the real server: one JSON line per media request with the
//! fields a CDN log has, the client address a trusted proxy forwarded, the viewer hashed (never
//! the account id), cache hits marked, and the file rotated by size.

// suite: backends

use std::time::Duration;

use serde_json::Value;

use crate::common::{play_prefix, TestServer};

fn lines(dir: &std::path::Path, file: &str) -> Vec<Value> {
    std::fs::read_to_string(dir.join(file))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn each_media_request_is_one_json_line_with_the_forwarded_client_and_a_hashed_viewer_and_the_file_rotates() {
    let (server, video) = TestServer::start_with_ready_item(&[
        ("REEL__ACCESS_LOG__ENABLED", "true"),
        ("REEL__ACCESS_LOG__MAX_BYTES", "4096"),
        ("REEL__ACCESS_LOG__KEEP", "2"),
        ("REEL__RATE_LIMIT__CLIENT_IP_HEADER", "X-Forwarded-For"),
        ("REEL__RATE_LIMIT__TRUSTED_PROXIES", "[\"127.0.0.1\"]"),
    ])
    .await;
    let id = video["id"].as_str().unwrap();
    let prefix = play_prefix(&video);
    let rendition = video["renditions"][0]["name"].as_str().unwrap().to_string();
    let http = server.http();
    let get = |path: String| {
        let http = http.clone();
        async move {
            let r = http.get(path).header("X-Forwarded-For", "203.0.113.7").send().await.unwrap();
            let status = r.status().as_u16();
            let bytes = r.bytes().await.unwrap().len();
            (status, bytes)
        }
    };
    let (_, master_bytes) = get(format!("{prefix}/master.m3u8")).await;
    let (_, first) = get(format!("{prefix}/{rendition}/00000.m4s")).await;
    let (_, again) = get(format!("{prefix}/{rendition}/00000.m4s")).await;
    assert_eq!(first, again);
    assert_eq!(get(format!("{}/play/forged.token/{id}/master.m3u8", server.base)).await.0, 403);

    let dir = server.data_dir().join("logs");
    let mut logged = Vec::new();
    crate::common::eventually(Duration::from_secs(10), "the lines written", || {
        logged = lines(&dir, "access.log");
        let done = logged.len() >= 4;
        async move { done }
    })
    .await;
    let master = &logged[0];
    assert_eq!(master["video"], id);
    assert_eq!(
        (master["file"].as_str(), master["class"].as_str(), master["status"].as_u64()),
        (Some("master.m3u8"), Some("manifest"), Some(200))
    );
    assert_eq!(master["bytes"].as_u64(), Some(master_bytes as u64));
    assert_eq!(master["client"], "203.0.113.7", "the address the trusted proxy forwarded");
    let viewer = master["viewer"].as_str().unwrap();
    assert_eq!(viewer.len(), 16);
    let admin_id = server.get_json("/api/v1/me").await["user"]["id"].as_str().unwrap().to_string();
    let whole = std::fs::read_to_string(dir.join("access.log")).unwrap();
    assert!(!whole.contains(&admin_id), "the account id itself is never written");
    assert!(master["time"].as_str().unwrap().ends_with('Z') && master["ms"].as_f64().unwrap() >= 0.0);

    let (miss, hit) = (&logged[1], &logged[2]);
    assert_eq!((miss["rendition"].as_str(), miss["class"].as_str()), (Some(rendition.as_str()), Some("segment")));
    assert_eq!((miss["cache_hit"].as_bool(), hit["cache_hit"].as_bool()), (Some(false), Some(true)));
    assert_eq!(hit["viewer"], viewer, "one viewer, one tag");
    assert_eq!(miss["bytes"].as_u64(), Some(first as u64));
    let refused = &logged[3];
    assert_eq!((refused["status"].as_u64(), refused["viewer"].as_str()), (Some(403), None), "refused before any token was read");

    // Rotation: more lines than 4 KiB hold go to access.log.1 and .2, and no further.
    for _ in 0..40 {
        get(format!("{prefix}/{rendition}/init.mp4")).await;
    }
    crate::common::eventually(Duration::from_secs(10), "the rotated files", || {
        let done = dir.join("access.log.2").exists();
        async move { done }
    })
    .await;
    assert!(!dir.join("access.log.3").exists());
    for file in ["access.log", "access.log.1", "access.log.2"] {
        let size = std::fs::metadata(dir.join(file)).unwrap().len();
        assert!(size <= 4096, "{file}: {size} bytes");
        assert!(!lines(&dir, file).is_empty());
    }
}
