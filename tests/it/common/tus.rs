//! A tus 1.0 client for the tests: creation, HEAD, PATCH (whole, or left unfinished on an open
//! connection), and the stored source an upload became.
use std::time::{Duration, Instant};

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use reqwest::{RequestBuilder, Response, StatusCode};
use sha1::{Digest, Sha1};
use tokio::io::AsyncWriteExt;

use super::TestServer;

/// `text` in base64, as `Upload-Metadata` values are.
pub fn b64(text: &str) -> String {
    B64.encode(text)
}

/// An `Upload-Checksum` header value for `bytes`.
pub fn sha1_header(bytes: &[u8]) -> String {
    format!("sha1 {}", B64.encode(Sha1::digest(bytes)))
}

/// Adds the headers every tus request carries: the protocol version and the bearer token.
pub fn tus(server: &TestServer, request: RequestBuilder) -> RequestBuilder {
    request.bearer_auth(&server.token).header("Tus-Resumable", "1.0.0")
}

/// `POST /api/v1/uploads` with `Upload-Length` and a title; returns the answer.
pub async fn create_raw(server: &TestServer, length: u64, title: &str) -> Response {
    let metadata = format!("filename {},title {}", b64("c.mp4"), b64(title));
    tus(server, server.http().post(format!("{}/api/v1/uploads", server.base)))
        .header("Upload-Length", length)
        .header("Upload-Metadata", metadata)
        .send()
        .await
        .unwrap()
}

/// Creates an upload; returns its id (the last segment of `Location`).
pub async fn create(server: &TestServer, length: u64, title: &str) -> String {
    let r = create_raw(server, length, title).await;
    assert_eq!(r.status(), StatusCode::CREATED, "creation refused: {}", r.text().await.unwrap());
    assert_eq!(header(&r, "tus-resumable").as_deref(), Some("1.0.0"));
    let location = header(&r, "location").expect("a Location header");
    assert!(location.starts_with(&format!("{}/api/v1/uploads/", server.base)), "Location is not absolute: {location}");
    location.rsplit('/').next().unwrap().to_string()
}

/// The upload's URL on the server as it runs now (the port changes across restarts).
pub fn url(server: &TestServer, id: &str) -> String {
    format!("{}/api/v1/uploads/{id}", server.base)
}

/// A header of an answer, as text.
pub fn header(r: &Response, name: &str) -> Option<String> {
    r.headers().get(name).map(|v| v.to_str().unwrap().to_string())
}

/// The `Upload-Offset` of an answer, which must have one.
pub fn offset_of(r: &Response) -> u64 {
    header(r, "upload-offset").expect("an Upload-Offset header").parse().unwrap()
}

/// `HEAD` of an upload, as answered.
pub async fn head(server: &TestServer, id: &str) -> Response {
    tus(server, server.http().head(url(server, id))).send().await.unwrap()
}

/// The offset a HEAD reports (asserting the HEAD succeeds).
pub async fn head_offset(server: &TestServer, id: &str) -> u64 {
    let r = head(server, id).await;
    assert_eq!(r.status(), StatusCode::OK, "HEAD failed");
    assert_eq!(header(&r, "cache-control").as_deref(), Some("no-store"));
    offset_of(&r)
}

/// A `PATCH` of `body` at `offset`, with a checksum if given, as answered.
pub async fn patch(server: &TestServer, id: &str, offset: u64, body: &[u8], checksum: Option<String>) -> Response {
    let mut request = tus(server, server.http().patch(url(server, id)))
        .header("Upload-Offset", offset)
        .header("Content-Type", "application/offset+octet-stream")
        .body(body.to_vec());
    if let Some(c) = checksum {
        request = request.header("Upload-Checksum", c);
    }
    request.send().await.unwrap()
}

/// A PATCH that must be accepted; returns the new offset it reports.
pub async fn patch_ok(server: &TestServer, id: &str, offset: u64, body: &[u8], checksum: Option<String>) -> u64 {
    let r = patch(server, id, offset, body, checksum).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT, "PATCH at {offset} refused: {}", r.text().await.unwrap());
    offset_of(&r)
}

/// The source the server stored for a video.
pub fn stored_source(server: &TestServer, id: &str) -> Vec<u8> {
    let path = server.objects_dir().join("sources").join(id).join("original");
    std::fs::read(&path).unwrap_or_else(|e| panic!("no stored source at {}: {e}", path.display()))
}

/// Starts a PATCH at `offset` that promises `promised` bytes but sends only `sent`, over a
/// connection the caller holds open (and drops to interrupt it).
pub async fn unfinished_patch(server: &TestServer, id: &str, offset: u64, promised: u64, sent: &[u8]) -> tokio::net::TcpStream {
    let host = server.base.trim_start_matches("http://").to_string();
    let mut stream = tokio::net::TcpStream::connect(&host).await.unwrap();
    let request = format!(
        "PATCH /api/v1/uploads/{id} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {}\r\nTus-Resumable: 1.0.0\r\n\
         Upload-Offset: {offset}\r\nContent-Type: application/offset+octet-stream\r\nContent-Length: {promised}\r\n\r\n",
        server.token,
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    stream.write_all(sent).await.unwrap();
    stream.flush().await.unwrap();
    stream
}

/// Polls HEAD until the upload reaches `expected` (an interrupted PATCH is wound up by the
/// server soon after the connection drops); returns the last offset seen, after 10 s at most.
pub async fn offset_once_settled(server: &TestServer, id: &str, expected: u64) -> u64 {
    let started = Instant::now();
    loop {
        let offset = head_offset(server, id).await;
        if offset == expected || started.elapsed() > Duration::from_secs(10) {
            return offset;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
