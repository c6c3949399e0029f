//! The tus 1.0 resumable upload server against the real binary: discovery, version and auth
//! checks, chunked uploads with checksums, offset conflicts, interrupted and crashed uploads,
//! termination, expiration, size limits and per-token isolation.

// suite: backends

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use reqwest::{RequestBuilder, StatusCode};
use tokio::io::AsyncReadExt;

use crate::common::tus::*;
use crate::common::{make_clip, TestServer};

/// A tiny clip with video and audio; returns its path and bytes.
fn clip(dir: &Path) -> (PathBuf, Vec<u8>) {
    let path = make_clip(dir, "c.mp4", &["testsrc2=size=320x240:rate=25", "sine=frequency=440:sample_rate=48000"], 3.0, &["-shortest"]);
    let bytes = std::fs::read(&path).unwrap();
    (path, bytes)
}

#[tokio::test(flavor = "multi_thread")]
async fn options_advertises_the_version_extensions_checksums_and_max_size() {
    let server = TestServer::start();
    // Discovery needs neither a token nor Tus-Resumable.
    let r = server.http().request(reqwest::Method::OPTIONS, format!("{}/api/v1/uploads", server.base)).send().await.unwrap();
    assert!(r.status().is_success(), "OPTIONS: {}", r.status());
    assert_eq!(header(&r, "tus-version").as_deref(), Some("1.0.0"));
    let extensions = header(&r, "tus-extension").expect("Tus-Extension");
    let extensions: Vec<&str> = extensions.split(',').map(str::trim).collect();
    for wanted in ["creation", "termination", "expiration", "checksum"] {
        assert!(extensions.contains(&wanted), "Tus-Extension lacks {wanted}: {extensions:?}");
    }
    let algorithms = header(&r, "tus-checksum-algorithm").expect("Tus-Checksum-Algorithm");
    assert!(algorithms.split(',').map(str::trim).any(|a| a == "sha1"), "no sha1 in {algorithms}");
    let max: u64 = header(&r, "tus-max-size").expect("Tus-Max-Size").parse().unwrap();
    assert!(max > 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_or_wrong_protocol_version_gets_412_and_no_token_gets_401() {
    let server = TestServer::start();
    let endpoint = format!("{}/api/v1/uploads", server.base);
    let http = server.http();

    let missing = http.post(&endpoint).bearer_auth(&server.token).header("Upload-Length", 100).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::PRECONDITION_FAILED);
    // The refusal says which version the server speaks.
    assert_eq!(header(&missing, "tus-version").as_deref(), Some("1.0.0"));
    assert_eq!(header(&missing, "tus-resumable").as_deref(), Some("1.0.0"));
    let wrong =
        http.post(&endpoint).bearer_auth(&server.token).header("Tus-Resumable", "0.2.2").header("Upload-Length", 100).send().await.unwrap();
    assert_eq!(wrong.status(), StatusCode::PRECONDITION_FAILED);
    assert_eq!(header(&wrong, "tus-version").as_deref(), Some("1.0.0"));

    let anonymous = http.post(&endpoint).header("Tus-Resumable", "1.0.0").header("Upload-Length", 100).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let forged = http
        .post(&endpoint)
        .bearer_auth("reel_not-a-real-token")
        .header("Tus-Resumable", "1.0.0")
        .header("Upload-Length", 100)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::UNAUTHORIZED);

    // The same checks guard an existing upload.
    let id = create(&server, 100, "guarded").await;
    let head_without_version = http.head(url(&server, &id)).bearer_auth(&server.token).send().await.unwrap();
    assert_eq!(head_without_version.status(), StatusCode::PRECONDITION_FAILED);
    let patch_without_version = http
        .patch(url(&server, &id))
        .bearer_auth(&server.token)
        .header("Upload-Offset", 0)
        .header("Content-Type", "application/offset+octet-stream")
        .body(vec![0u8; 10])
        .send()
        .await
        .unwrap();
    assert_eq!(patch_without_version.status(), StatusCode::PRECONDITION_FAILED);
    let head_anonymous = http.head(url(&server, &id)).header("Tus-Resumable", "1.0.0").send().await.unwrap();
    assert_eq!(head_anonymous.status(), StatusCode::UNAUTHORIZED);
    // None of that wrote anything.
    assert_eq!(head_offset(&server, &id).await, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_upload_in_two_checksummed_chunks_becomes_a_ready_video_with_its_title() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().unwrap();
    let (_, bytes) = clip(dir.path());
    let len = bytes.len() as u64;
    let id = create(&server, len, "Two chunks").await;

    let head = head(&server, &id).await;
    assert_eq!(head.status(), StatusCode::OK);
    assert_eq!(offset_of(&head), 0);
    assert_eq!(header(&head, "upload-length"), Some(len.to_string()));

    let half = bytes.len() / 2;
    assert_eq!(patch_ok(&server, &id, 0, &bytes[..half], None).await, half as u64);
    assert_eq!(head_offset(&server, &id).await, half as u64);
    assert_eq!(patch_ok(&server, &id, half as u64, &bytes[half..], Some(sha1_header(&bytes[half..]))).await, len);
    assert_eq!(head_offset(&server, &id).await, len);

    let video = server.wait_for(&id, &["ready"], Duration::from_secs(120)).await;
    assert_eq!(video["id"], id.as_str());
    assert_eq!(video["title"], "Two chunks");
    assert!(video["playback"]["hls"].is_string(), "a ready video has playback URLs: {video}");
    assert_eq!(stored_source(&server, &id), bytes);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_offset_mismatch_is_refused_and_writes_nothing() {
    let server = TestServer::start();
    let id = create(&server, 1000, "offsets").await;
    assert_eq!(patch_ok(&server, &id, 0, &[1u8; 100], None).await, 100);

    // Ahead of the server, behind it, and a resend of what it already has.
    for wrong in [200u64, 50, 0] {
        let r = patch(&server, &id, wrong, &[2u8; 100], None).await;
        assert_eq!(r.status(), StatusCode::CONFLICT, "offset {wrong} was not refused");
        assert_eq!(header(&r, "tus-resumable").as_deref(), Some("1.0.0"), "every tus answer carries Tus-Resumable");
        assert_eq!(head_offset(&server, &id).await, 100, "a refused PATCH at {wrong} moved the offset");
    }
    // The right offset still works, so nothing in between was corrupted.
    assert_eq!(patch_ok(&server, &id, 100, &[3u8; 100], None).await, 200);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_chunk_with_a_wrong_checksum_gets_460_and_is_discarded() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().unwrap();
    let (_, bytes) = clip(dir.path());
    let len = bytes.len() as u64;
    let half = bytes.len() / 2;
    let id = create(&server, len, "checksums").await;
    assert_eq!(patch_ok(&server, &id, 0, &bytes[..half], Some(sha1_header(&bytes[..half]))).await, half as u64);

    // The second half, corrupted in transit: the checksum is of the real bytes.
    let mut corrupted = bytes[half..].to_vec();
    corrupted[10] ^= 0xff;
    let r = patch(&server, &id, half as u64, &corrupted, Some(sha1_header(&bytes[half..]))).await;
    assert_eq!(r.status().as_u16(), 460, "a bad checksum was not refused");
    assert_eq!(header(&r, "tus-resumable").as_deref(), Some("1.0.0"), "every tus answer carries Tus-Resumable");
    assert_eq!(head_offset(&server, &id).await, half as u64, "the bad chunk was kept");

    // The good chunk completes the upload, and the stored file holds none of the bad bytes.
    assert_eq!(patch_ok(&server, &id, half as u64, &bytes[half..], Some(sha1_header(&bytes[half..]))).await, len);
    assert_eq!(stored_source(&server, &id), bytes);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_interrupted_patch_keeps_what_arrived_and_the_upload_finishes_from_there() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().unwrap();
    let (_, bytes) = clip(dir.path());
    let len = bytes.len() as u64;
    let id = create(&server, len, "interrupted").await;
    let sent = 100_000usize;
    assert!(bytes.len() > 2 * sent, "the clip is too small for this test: {len} bytes");

    // A PATCH promising 200000 bytes whose connection dies after 100000.
    let stream = unfinished_patch(&server, &id, 0, 2 * sent as u64, &bytes[..sent]).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    drop(stream);

    let offset = offset_once_settled(&server, &id, sent as u64).await;
    assert_eq!(offset, sent as u64, "the bytes that arrived before the interruption were not kept");

    assert_eq!(patch_ok(&server, &id, offset, &bytes[sent..], None).await, len);
    assert_eq!(stored_source(&server, &id), bytes, "the stored source differs from the file");
    server.wait_for(&id, &["ready"], Duration::from_secs(120)).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_patch_that_stops_sending_is_cut_off_with_408_and_keeps_what_arrived() {
    let server = TestServer::start_with(&[("REEL__SERVER__UPLOAD_IDLE_TIMEOUT_SECS", "1")]);
    let dir = tempfile::tempdir().unwrap();
    let (_, bytes) = clip(dir.path());
    let len = bytes.len() as u64;
    let id = create(&server, len, "stalled").await;
    let sent = 50_000usize;

    // A client that promises the whole file, sends some of it, then goes quiet but stays.
    let mut stream = unfinished_patch(&server, &id, 0, len, &bytes[..sent]).await;
    let started = Instant::now();
    let mut answer = Vec::new();
    let mut buf = [0u8; 1024];
    while !answer.windows(4).any(|w| w == b"\r\n\r\n") {
        match tokio::time::timeout(Duration::from_secs(15), stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(n)) => answer.extend_from_slice(&buf[..n]),
            Err(_) => panic!("no answer 15 s after the body stopped"),
        }
    }
    let took = started.elapsed();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(took >= Duration::from_millis(900), "cut off after {took:?}, before the idle timeout");
    drop(stream);

    assert_eq!(offset_once_settled(&server, &id, sent as u64).await, sent as u64, "what arrived was not kept");
    assert_eq!(patch_ok(&server, &id, sent as u64, &bytes[sent..], None).await, len);
    assert_eq!(stored_source(&server, &id), bytes);
    let metrics = crate::common::metrics_url(&server.log()).expect("a metrics listener");
    let metrics = reqwest::get(metrics).await.unwrap().text().await.unwrap();
    assert!(
        metrics.lines().any(|l| l.starts_with("reel_edge_refusals_total{") && l.contains("reason=\"body_timeout\"") && !l.ends_with(" 0")),
        "the cut-off is counted"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_upload_survives_a_server_crash_and_finishes_after_restart() {
    let mut server = TestServer::start();
    let dir = tempfile::tempdir().unwrap();
    let (_, bytes) = clip(dir.path());
    let len = bytes.len() as u64;
    let half = bytes.len() / 2;
    let id = create(&server, len, "Survivor").await;
    assert_eq!(patch_ok(&server, &id, 0, &bytes[..half], None).await, half as u64);

    server.restart();

    let head = head(&server, &id).await;
    assert_eq!(head.status(), StatusCode::OK, "the upload was lost in the crash");
    assert_eq!(offset_of(&head), half as u64);
    assert_eq!(header(&head, "upload-length"), Some(len.to_string()));
    assert_eq!(patch_ok(&server, &id, half as u64, &bytes[half..], None).await, len);

    let video = server.wait_for(&id, &["ready"], Duration::from_secs(120)).await;
    assert_eq!(video["title"], "Survivor");
    assert_eq!(stored_source(&server, &id), bytes);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_terminated_upload_is_gone() {
    let server = TestServer::start();
    let id = create(&server, 1000, "doomed").await;
    assert_eq!(patch_ok(&server, &id, 0, &[7u8; 100], None).await, 100);

    let r = tus(&server, server.http().delete(url(&server, &id))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(head(&server, &id).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(patch(&server, &id, 100, &[7u8; 100], None).await.status(), StatusCode::NOT_FOUND);
    assert!(!server.data_dir().join("uploads").join(&id).exists(), "the staged bytes were left behind");
    // No video came of it.
    let video = server.http().get(format!("{}/api/v1/videos/{id}", server.base)).bearer_auth(&server.token).send().await.unwrap();
    assert_eq!(video.status(), StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_expired_upload_answers_410() {
    let server = TestServer::start_with(&[("REEL__SERVER__UPLOAD_EXPIRY_SECS", "1")]);
    let r = create_raw(&server, 1000, "short-lived").await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let expires = header(&r, "upload-expires").expect("an Upload-Expires header");
    let expires = httpdate::parse_http_date(&expires).unwrap_or_else(|e| panic!("Upload-Expires {expires:?} is not an HTTP date: {e}"));
    let now = std::time::SystemTime::now();
    assert!(
        expires > now - Duration::from_secs(2) && expires < now + Duration::from_secs(5),
        "Upload-Expires is not about a second away: {expires:?}"
    );
    let id = header(&r, "location").unwrap().rsplit('/').next().unwrap().to_string();
    // Still alive now: HEAD repeats the expiry.
    let alive = head(&server, &id).await;
    assert_eq!(alive.status(), StatusCode::OK);
    assert!(header(&alive, "upload-expires").is_some());

    crate::common::eventually(Duration::from_secs(10), "expired", || async { head(&server, &id).await.status() == StatusCode::GONE }).await;
    assert_eq!(patch(&server, &id, 0, &[1u8; 100], None).await.status(), StatusCode::GONE);
}

#[tokio::test(flavor = "multi_thread")]
async fn uploads_over_the_size_limit_or_past_their_length_are_refused() {
    let server = TestServer::start_with(&[("REEL__SERVER__MAX_UPLOAD_BYTES", "1000")]);
    let options = server.http().request(reqwest::Method::OPTIONS, format!("{}/api/v1/uploads", server.base)).send().await.unwrap();
    assert_eq!(header(&options, "tus-max-size").as_deref(), Some("1000"));

    assert_eq!(create_raw(&server, 1001, "too big").await.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(create_raw(&server, 1 << 40, "far too big").await.status(), StatusCode::PAYLOAD_TOO_LARGE);

    // Within the limit, but a PATCH longer than what is left of Upload-Length.
    let id = create(&server, 500, "exact").await;
    assert_eq!(patch_ok(&server, &id, 0, &[1u8; 100], None).await, 100);
    let r = patch(&server, &id, 100, &[2u8; 600], None).await;
    assert!(r.status().is_client_error(), "a body past Upload-Length was accepted: {}", r.status());
    assert_eq!(head_offset(&server, &id).await, 100, "a refused over-long PATCH moved the offset");
    // The rest, exactly, is still accepted.
    assert_eq!(patch_ok(&server, &id, 100, &[3u8; 400], None).await, 500);
}

#[tokio::test(flavor = "multi_thread")]
async fn another_accounts_upload_is_not_visible() {
    let server = TestServer::start();
    server.cli(&["user", "create", "--email", "other@example.org", "--role", "creator"]);
    let other = server.cli(&["token", "create", "--name", "other", "--user", "other@example.org"]).trim().to_string();
    let id = create(&server, 1000, "mine").await;
    assert_eq!(patch_ok(&server, &id, 0, &[1u8; 100], None).await, 100);

    let as_other = |r: RequestBuilder| r.bearer_auth(&other).header("Tus-Resumable", "1.0.0");
    let http = server.http();
    assert_eq!(as_other(http.head(url(&server, &id))).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    let r = as_other(http.patch(url(&server, &id)))
        .header("Upload-Offset", 100)
        .header("Content-Type", "application/offset+octet-stream")
        .body(vec![9u8; 100])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(as_other(http.delete(url(&server, &id))).send().await.unwrap().status(), StatusCode::NOT_FOUND);

    // The owner's upload is untouched.
    assert_eq!(head_offset(&server, &id).await, 100);
}

/// Bytes that do not repeat within a part (a stand-in for a large file; the test is about
/// where bytes go, not about media).
fn noise(len: usize) -> Vec<u8> {
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

/// One upload of several parts' worth of bytes, its PATCHes taken in turn by two API processes:
/// on PostgreSQL and S3 two processes with no disk in common (as on two hosts), on the embedded
/// default two processes on one data directory. Whichever process a PATCH reaches finds the
/// bytes the other kept, including those of an interrupted PATCH; while one process is writing,
/// the other refuses a second writer with 423; a PATCH with a bad checksum across a part
/// boundary keeps nothing; and the stored source is the file, byte for byte.
#[tokio::test(flavor = "multi_thread")]
async fn a_resumable_upload_moves_between_api_processes() {
    const MIB: usize = 1 << 20;
    let a = TestServer::start();
    let elsewhere = a.shares_nothing_local();
    let b = if elsewhere { a.sibling_elsewhere(&["serve", "--no-worker"]) } else { a.sibling(&["serve", "--no-worker"]) };
    let bytes = noise(21 * MIB + 12_345);
    let len = bytes.len() as u64;
    let id = create(&a, len, "travelled").await;

    assert_eq!(patch_ok(&a, &id, 0, &bytes[..3 * MIB], None).await, 3 * MIB as u64);
    assert_eq!(head_offset(&b, &id).await, 3 * MIB as u64, "the other process does not see the first PATCH");
    assert_eq!(patch_ok(&b, &id, 3 * MIB as u64, &bytes[3 * MIB..10 * MIB], None).await, 10 * MIB as u64);

    // A PATCH to the first process promising 8 MiB stalls after 7; while it holds the upload,
    // the second process refuses another writer.
    let stream = unfinished_patch(&a, &id, 10 * MIB as u64, 8 * MIB as u64, &bytes[10 * MIB..17 * MIB]).await;
    let started = Instant::now();
    let midway = loop {
        let offset = head_offset(&b, &id).await;
        if offset > 10 * MIB as u64 {
            break offset;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "the stalled PATCH recorded nothing:\n{}", a.log());
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let r = patch(&b, &id, midway, &bytes[midway as usize..], None).await;
    assert_eq!(r.status(), StatusCode::LOCKED, "a second writer was let in: {}", r.text().await.unwrap());
    drop(stream);
    assert_eq!(offset_once_settled(&b, &id, 17 * MIB as u64).await, 17 * MIB as u64, "the interrupted PATCH's bytes were not kept");

    // A bad checksum over the rest (across a part boundary) keeps nothing.
    let rest = &bytes[17 * MIB..];
    let r = patch(&b, &id, 17 * MIB as u64, rest, Some(sha1_header(b"something else"))).await;
    assert_eq!(r.status().as_u16(), 460);
    assert_eq!(head_offset(&a, &id).await, 17 * MIB as u64, "a PATCH with a bad checksum moved the offset");
    assert_eq!(patch_ok(&a, &id, 17 * MIB as u64, rest, Some(sha1_header(rest))).await, len);

    assert!(stored_source(&a, &id) == bytes, "the stored source differs from the file");
    // (s3s-fs keeps an object as a file; an empty folder is no object.)
    let left: Vec<_> =
        std::fs::read_dir(a.objects_dir().join("uploads").join(&id)).into_iter().flatten().flatten().map(|e| e.path()).collect();
    assert!(left.is_empty(), "staged bytes were left in the store: {left:?}");
    for server in [&a, &b] {
        assert!(!server.data_dir().join("uploads").join(&id).exists(), "staged bytes were left on disk");
    }
    if elsewhere {
        assert!(!b.data_dir().join("uploads").exists(), "the process without the upload's disk staged on its own disk");
        let out = std::process::Command::new("psql")
            .args(["-tA", "-d", &a.database_url(), "-c", "SELECT COUNT(*) FROM upload_parts"])
            .output()
            .expect("psql runs");
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "0", "the parts of a completed upload are still recorded");
    }
    let video = b.get_json(&format!("/api/v1/videos/{id}")).await;
    assert_eq!(video["title"], "travelled");
}
