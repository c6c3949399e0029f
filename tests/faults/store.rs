//! The S3 server (s3s-fs) killed in the middle of a form upload, of a resumable upload and of a
//! transcode's publishing, then started again: the form upload fails with a clear error and
//! leaves no item, the resumable upload goes on from what was kept, and the transcode is tried
//! again until every segment its playlists name can be fetched; the item is never `ready`
//! with anything missing.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use reqwest::{StatusCode, Url};
use serde_json::Value;

use crate::backends::S3;
use crate::common::tus::{create, head_offset, patch, patch_ok};
use crate::common::{files, make_clip, TestServer};

/// Checks an answer is the store's 503: `{"code": "storage-unavailable"}` with a Retry-After.
async fn store_unavailable(what: &str, r: reqwest::Response) {
    let status = r.status();
    assert!(r.headers().contains_key("retry-after"), "{what}: a {status} without Retry-After");
    let body: Value = r.json().await.unwrap_or(Value::Null);
    assert_eq!((status, body["code"].as_str()), (StatusCode::SERVICE_UNAVAILABLE, Some("storage-unavailable")), "{what}: {body}");
}

/// A server whose objects are in a new bucket of `s3`, and the folder that bucket's objects
/// are files in.
fn server_on(s3: &S3) -> (TestServer, PathBuf) {
    let bucket = s3.bucket();
    let settings: Vec<(&str, &str)> = bucket.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    (TestServer::start_with(&settings), s3.objects(&bucket))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_store_killed_during_uploads_gives_a_clear_error_and_the_resumable_one_finishes() {
    let Some(mut s3) = S3::start() else { return };
    let (server, objects) = server_on(&s3);
    let dir = tempfile::tempdir().unwrap();
    let clip = make_clip(dir.path(), "c.mp4", &["testsrc2=size=320x240:rate=25", "sine"], 3.0, &["-shortest"]);
    let bytes = std::fs::read(&clip).unwrap();
    let half = bytes.len() / 2;

    // A resumable upload, its first half kept in the store.
    let resumable = create(&server, bytes.len() as u64, "Resumed").await;
    assert_eq!(patch_ok(&server, &resumable, 0, &bytes[..half], None).await, half as u64);

    // A form upload whose body is half sent when the store dies.
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(4);
    let body = reqwest::Body::wrap_stream(futures::stream::unfold(rx, |mut rx| async { rx.recv().await.map(|chunk| (chunk, rx)) }));
    let part = reqwest::multipart::Part::stream_with_length(body, bytes.len() as u64).file_name("c.mp4");
    let form = reqwest::multipart::Form::new().text("title", "Cut off").part("file", part);
    let sending = server.http().post(format!("{}/api/v1/videos", server.base)).bearer_auth(&server.token).multipart(form).send();
    let sending = tokio::spawn(sending);
    tx.send(Ok(bytes[..half].to_vec())).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    s3.kill();
    tx.send(Ok(bytes[half..].to_vec())).await.unwrap();
    drop(tx);
    let started = Instant::now();
    store_unavailable("the form upload", sending.await.unwrap().unwrap()).await;
    assert!(started.elapsed() < Duration::from_secs(30), "the form upload hung for {:?}", started.elapsed());

    // The resumable upload's next PATCH cannot be kept; its offset stays where it was.
    store_unavailable("a PATCH", patch(&server, &resumable, half as u64, &bytes[half..], None).await).await;
    assert_eq!(head_offset(&server, &resumable).await, half as u64, "the offset moved past what the store kept");
    // The server answers what needs no store.
    assert_eq!(server.http().get(format!("{}/readyz", server.base)).send().await.unwrap().status(), StatusCode::OK);

    s3.start_again();
    assert_eq!(patch_ok(&server, &resumable, half as u64, &bytes[half..], None).await, bytes.len() as u64);
    server.wait_for(&resumable, &["ready"], Duration::from_secs(120)).await;
    let source = std::fs::read(objects.join("sources").join(&resumable).join("original")).expect("the stored source");
    assert!(source == bytes, "the resumed upload's source differs from the file");
    // The cut-off form upload left no item; sent again, it is one.
    let list = server.get_json("/api/v1/videos").await;
    let titles: Vec<&str> = list["items"].as_array().unwrap().iter().map(|v| v["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Resumed"], "{list}");
    server.upload_ready(&clip, "Cut off, sent again").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_store_killed_while_a_transcode_publishes_is_retried_and_never_ready_half_made() {
    let Some(mut s3) = S3::start() else { return };
    let (server, objects) = server_on(&s3);
    let dir = tempfile::tempdir().unwrap();
    let clip = make_clip(dir.path(), "long.mp4", &["testsrc2=size=1280x720:rate=30", "sine"], 20.0, &["-shortest"]);
    let id = server.upload(&clip, "Published twice").await;

    // The store dies as the first of the item's segments reaches it.
    let media = objects.join("media").join(&id);
    crate::common::eventually(Duration::from_secs(60), "publishing", || async { !files(&media).is_empty() }).await;
    s3.kill();
    // Until an attempt has failed for it (and a little after), the item is neither ready nor
    // failed.
    let failed_attempt = || async {
        let jobs = server.get_json("/api/v1/admin/jobs?limit=100").await;
        let job = jobs.as_array().unwrap().iter().find(|j| j["kind"] == "process_video").expect("the item's job").clone();
        job["last_error"].as_str().is_some_and(|e| !e.is_empty())
    };
    let started = Instant::now();
    let mut failed_at = None;
    while failed_at.is_none_or(|t: Instant| t.elapsed() < Duration::from_secs(2)) {
        let v = server.get_json(&format!("/api/v1/videos/{id}")).await;
        assert!(v["status"] != "ready" && v["status"] != "failed", "while the store is away the item became {}", v["status"]);
        if failed_at.is_none() && failed_attempt().await {
            failed_at = Some(Instant::now());
        }
        assert!(started.elapsed() < Duration::from_secs(90), "no attempt failed while the store was away");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    s3.start_again();
    let video = server.wait_for(&id, &["ready"], Duration::from_secs(180)).await;
    let fetched = fetch_every_segment(&server.http(), video["playback"]["hls"].as_str().unwrap()).await;
    assert!(fetched > 10, "only {fetched} segments and playlists");
    let dash = server.http().get(video["playback"]["dash"].as_str().unwrap()).send().await.unwrap();
    assert_eq!(dash.status(), StatusCode::OK);
    let jobs = server.get_json("/api/v1/admin/jobs?limit=100").await;
    let job = jobs.as_array().unwrap().iter().find(|j| j["kind"] == "process_video").unwrap();
    assert!(job["state"] == "done" && job["attempts"].as_i64() > Some(1), "not retried: {job}");
}

/// Fetches a master playlist, each playlist it names and each segment (and init section)
/// those name, read with m3u8-rs; panics on any that is not 200. Returns how many were fetched.
async fn fetch_every_segment(http: &reqwest::Client, master: &str) -> usize {
    let get = |url: Url| async move {
        let r = http.get(url.clone()).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{url}");
        r.bytes().await.unwrap()
    };
    let master = Url::parse(master).unwrap();
    let m3u8_rs::Playlist::MasterPlaylist(list) = m3u8_rs::parse_playlist_res(&get(master.clone()).await).unwrap() else {
        panic!("{master} is not a master playlist")
    };
    let mut fetched = 1;
    let named = list.variants.iter().map(|v| v.uri.clone()).chain(list.alternatives.iter().filter_map(|a| a.uri.clone()));
    for playlist in named.collect::<Vec<_>>() {
        let url = master.join(&playlist).unwrap();
        let m3u8_rs::Playlist::MediaPlaylist(media) = m3u8_rs::parse_playlist_res(&get(url.clone()).await).unwrap() else {
            panic!("{url} is not a media playlist")
        };
        fetched += 1;
        let init = media.segments.iter().filter_map(|s| s.map.as_ref().map(|m| m.uri.clone()));
        for uri in init.chain(media.segments.iter().map(|s| s.uri.clone())).collect::<std::collections::BTreeSet<_>>() {
            get(url.join(&uri).unwrap()).await;
            fetched += 1;
        }
    }
    fetched
}
