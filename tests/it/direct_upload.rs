//! Uploads straight to the bucket: presigned part URLs, the client's PUTs to the S3 server,
//! completion making the video — and a clear refusal where the store is a local folder.

// suite: backends

use std::time::Duration;

use crate::common::TestServer;
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread")]
async fn a_large_file_goes_straight_to_the_bucket_and_becomes_a_video() {
    let server = TestServer::start();
    let http = server.http();
    // Noisy and nearly lossless, so the file needs more than one 8 MiB part.
    let extra = ["-shortest", "-vf", "noise=alls=30:allf=t+u", "-crf", "4"];
    let clip = crate::common::make_clip(server.dir.path(), "big.mp4", &["testsrc2=size=640x360:rate=25", "sine"], 5.0, &extra);
    let bytes = std::fs::read(&clip).unwrap();
    let start = |body: Value| http.post(format!("{}/api/v1/uploads/direct", server.base)).bearer_auth(&server.token).json(&body).send();
    let body = json!({"filename": "big.mp4", "size": bytes.len(), "title": "Straight to the bucket"});

    if !crate::common::on_s3() {
        let r = start(body).await.unwrap();
        assert_eq!(r.status(), 409);
        assert!(r.text().await.unwrap().contains("need an S3 store"));
        return;
    }
    assert_eq!(start(json!({"filename": "x.mp4", "size": 0})).await.unwrap().status(), 400);
    let r = start(body).await.unwrap();
    assert_eq!(r.status(), 201);
    let started: Value = r.json().await.unwrap();
    let id = started["id"].as_str().unwrap().to_string();
    let part_size = started["part_size"].as_u64().unwrap() as usize;
    let parts = started["parts"].as_array().unwrap();
    assert_eq!(parts.len(), bytes.len().div_ceil(part_size));
    assert!(parts.len() >= 2, "{} bytes in one part", bytes.len());

    // The client sends the parts to the S3 server itself; Reel never sees the bytes.
    let mut done = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        let chunk = bytes[i * part_size..((i + 1) * part_size).min(bytes.len())].to_vec();
        let r = http.put(part["url"].as_str().unwrap()).body(chunk).send().await.unwrap();
        assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
        let etag = r.headers()["etag"].to_str().unwrap().to_string();
        done.push(json!({"number": part["number"], "etag": etag}));
    }
    // Wrong part lists are refused; the right one makes the video, once.
    let complete = |parts: Value| {
        http.post(format!("{}/api/v1/uploads/direct/{id}/complete", server.base))
            .bearer_auth(&server.token)
            .json(&json!({"parts": parts}))
            .send()
    };
    assert_eq!(complete(json!([])).await.unwrap().status(), 400);
    assert_eq!(complete(json!(done)).await.unwrap().status(), 201);
    assert_eq!(complete(json!(done)).await.unwrap().status(), 200, "completing twice is harmless");
    let video = server.wait_for(&id, &["ready"], Duration::from_secs(120)).await;
    assert_eq!(video["title"], "Straight to the bucket");
    // Someone else cannot complete or see it.
    server.cli(&["user", "create", "--email", "other@example.org", "--role", "creator"]);
    let other = server.cli(&["token", "create", "--name", "o", "--user", "other@example.org"]).trim().to_string();
    let r = http
        .post(format!("{}/api/v1/uploads/direct/{id}/complete", server.base))
        .bearer_auth(&other)
        .json(&json!({"parts": done}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
}
