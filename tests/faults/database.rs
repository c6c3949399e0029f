//! PostgreSQL stopped under a running server, in the middle of a transcode and of a resumable
//! upload, and started again: meanwhile requests get a quick 503 with a JSON error, not a hang,
//! and what was stored before is all there after; the transcode runs again to the end and the
//! upload finishes from where it was.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::Value;

use crate::backends::Postgres;
use crate::common::tus::{create, head_offset, patch, patch_ok};
use crate::common::{make_clip, TestServer};

/// Longest a request may take to be told the database is away: the pool's wait for a
/// connection (5 s) and some slack. A hang would be the 60 s of the client's timeout.
const PROMPT: Duration = Duration::from_secs(12);

/// Sends `request` and checks it is answered in time with 503, a Retry-After and
/// `{"code": "database-unavailable"}`; returns how long it took.
async fn unavailable(what: &str, request: reqwest::RequestBuilder) -> Duration {
    let started = Instant::now();
    let r = request.send().await.unwrap_or_else(|e| panic!("{what}: no answer: {e}"));
    let took = started.elapsed();
    let status = r.status();
    assert!(r.headers().contains_key("retry-after"), "{what}: a 503 without Retry-After");
    let body: Value = r.json().await.unwrap_or(Value::Null);
    assert_eq!((status, body["code"].as_str()), (StatusCode::SERVICE_UNAVAILABLE, Some("database-unavailable")), "{what}: {body}");
    assert!(took < PROMPT, "{what} took {took:?} to be refused");
    took
}

#[tokio::test(flavor = "multi_thread")]
async fn postgres_stopped_and_started_during_an_upload_and_a_transcode_loses_nothing() {
    let Some(pg) = Postgres::start() else { return };
    let url = pg.database();
    let server = TestServer::start_with(&[("REEL__DATABASE__URL", &url)]);
    let dir = tempfile::tempdir().unwrap();
    // Long enough that the transcode is still running when the database goes.
    let long = make_clip(dir.path(), "long.mp4", &["testsrc2=size=1280x720:rate=30", "sine"], 20.0, &["-shortest"]);
    let short = make_clip(dir.path(), "short.mp4", &["testsrc2=size=320x240:rate=25", "sine"], 3.0, &["-shortest"]);
    let short_bytes = std::fs::read(&short).unwrap();

    // A resumable upload half done, and a transcode under way.
    let half = short_bytes.len() / 2;
    let upload = create(&server, short_bytes.len() as u64, "Across the outage").await;
    assert_eq!(patch_ok(&server, &upload, 0, &short_bytes[..half], None).await, half as u64);
    let transcoding = server.upload(&long, "Transcoded across the outage").await;
    server.wait_for(&transcoding, &["processing", "playable"], Duration::from_secs(60)).await;

    pg.stop();
    let http = server.http();
    let api = |path: &str| http.get(format!("{}{path}", server.base)).bearer_auth(&server.token);
    unavailable("a listing", api("/api/v1/videos")).await;
    unavailable("an item", api(&format!("/api/v1/videos/{transcoding}"))).await;
    let form = reqwest::multipart::Form::new()
        .text("title", "sent while the database was away")
        .part("file", reqwest::multipart::Part::bytes(short_bytes.clone()).file_name("short.mp4"));
    unavailable("an upload", http.post(format!("{}/api/v1/videos", server.base)).bearer_auth(&server.token).multipart(form)).await;
    let r = patch(&server, &upload, half as u64, &short_bytes[half..], None).await;
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE, "a PATCH while the database is away: {}", r.text().await.unwrap());
    // The process itself is alive; it is not ready to serve.
    assert_eq!(http.get(format!("{}/healthz", server.base)).send().await.unwrap().status(), StatusCode::OK);
    assert_eq!(http.get(format!("{}/readyz", server.base)).send().await.unwrap().status(), StatusCode::SERVICE_UNAVAILABLE);
    // Longer than a job's lease (3 s here), so the transcode's lease runs out meanwhile.
    tokio::time::sleep(Duration::from_secs(4)).await;

    pg.start_again();
    let ready = crate::common::eventually(Duration::from_secs(30), "ready to serve again", || async {
        http.get(format!("{}/readyz", server.base)).send().await.is_ok_and(|r| r.status() == StatusCode::OK)
    })
    .await;
    assert!(ready < Duration::from_secs(30));

    // The upload goes on from where the database last recorded it, and becomes an item.
    let offset = head_offset(&server, &upload).await;
    assert!(offset <= half as u64, "more bytes recorded than were accepted: {offset}");
    assert_eq!(patch_ok(&server, &upload, offset, &short_bytes[offset as usize..], None).await, short_bytes.len() as u64);
    server.wait_for(&upload, &["ready"], Duration::from_secs(120)).await;
    // The transcode is run again to the end.
    let video = server.wait_for(&transcoding, &["ready"], Duration::from_secs(180)).await;
    assert_eq!(video["title"], "Transcoded across the outage");
    let master = http.get(video["playback"]["hls"].as_str().unwrap()).send().await.unwrap();
    assert_eq!(master.status(), StatusCode::OK);

    // Nothing lost and nothing made by the refused upload: the two items, each processed.
    let list = server.get_json("/api/v1/videos").await;
    let mut titles: Vec<&str> = list["items"].as_array().unwrap().iter().map(|v| v["title"].as_str().unwrap()).collect();
    titles.sort();
    assert_eq!(titles, ["Across the outage", "Transcoded across the outage"], "{list}");
    let jobs = server.get_json("/api/v1/admin/jobs?limit=100").await;
    let processing: Vec<&Value> = jobs.as_array().unwrap().iter().filter(|j| j["kind"] == "process_video").collect();
    assert_eq!(processing.len(), 2, "{jobs}");
    assert!(processing.iter().all(|j| j["state"] == "done"), "{jobs}");
    let interrupted = processing.iter().find(|j| j["payload"].as_str().is_some_and(|p| p.contains(&transcoding))).unwrap();
    assert!(interrupted["attempts"].as_i64() >= Some(2), "the transcode was not interrupted by the outage: {interrupted}");
    assert!(server.log().contains("database-unavailable"), "the refusals were not logged:\n{}", server.log());
}
