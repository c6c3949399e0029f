//! The server's own defences against a running client: silent, half-sent and idle keep-alive
//! connections are closed in the configured time, one client address cannot hold more than
//! its share of connections, `/api` answers are never stored by a cache, withdrawn access
//! hides the pictures too, and the data folder is the owner's alone.

// suite: backends a_video_made_private_hides_its_poster_and_storyboard_from_old_tokens

use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

use reqwest::header::CACHE_CONTROL;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::common::{make_clip, TestServer};

fn addr(server: &TestServer) -> String {
    server.base.trim_start_matches("http://").to_string()
}

/// Reads until the server closes the connection; returns how long that took and what came.
async fn until_closed(stream: &mut TcpStream, limit: Duration) -> (Duration, Vec<u8>) {
    let started = Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout(limit.saturating_sub(started.elapsed()), stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return (started.elapsed(), got),
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
            Err(_) => panic!("the connection was still open after {limit:?}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn silent_half_sent_and_idle_connections_are_closed_in_the_configured_time() {
    let server = TestServer::start_with(&[("REEL__SERVER__HEADER_TIMEOUT_SECS", "1")]);
    let limit = Duration::from_secs(5);

    let mut silent = TcpStream::connect(addr(&server)).await.unwrap();
    let mut half = TcpStream::connect(addr(&server)).await.unwrap();
    half.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ").await.unwrap();
    let mut idle = TcpStream::connect(addr(&server)).await.unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();

    let ((silent_took, _), (half_took, _), (idle_took, answer)) =
        tokio::join!(until_closed(&mut silent, limit), until_closed(&mut half, limit), until_closed(&mut idle, limit));
    // The keep-alive connection answers first, then is closed once it has idled that long.
    assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 200"), "{}", String::from_utf8_lossy(&answer));
    for took in [silent_took, half_took, idle_took] {
        assert!(took >= Duration::from_millis(500) && took < Duration::from_secs(4), "closed after {took:?}");
    }
    // A client that keeps talking is served as usual.
    let r = server.http().get(format!("{}/healthz", server.base)).send().await.unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test(flavor = "multi_thread")]
async fn one_address_holds_no_more_connections_than_its_share() {
    let server = TestServer::start_with(&[("REEL__SERVER__MAX_CONNECTIONS_PER_IP", "3"), ("REEL__SERVER__HEADER_TIMEOUT_SECS", "30")]);
    let mut held = Vec::new();
    for _ in 0..3 {
        held.push(TcpStream::connect(addr(&server)).await.unwrap());
    }
    // Let the server admit them before the fourth arrives.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut fourth = TcpStream::connect(addr(&server)).await.unwrap();
    let (took, got) = until_closed(&mut fourth, Duration::from_secs(3)).await;
    let answer = String::from_utf8_lossy(&got);
    assert!(answer.starts_with("HTTP/1.1 503 ") && took < Duration::from_secs(2), "the fourth connection was refused at once: {answer:?}");
    crate::common::eventually(Duration::from_secs(5), "logged", || async {
        server.log().contains("refused a connection over server.max_connections")
    })
    .await;
    let metrics = crate::common::metrics_url(&server.log()).expect("a metrics listener");
    let metrics = reqwest::get(metrics).await.unwrap().text().await.unwrap();
    assert!(metrics.lines().any(|l| l.starts_with("reel_connections_refused_total ") && !l.ends_with(" 0")), "the refusal is counted");

    // One goes away: its place is free again.
    drop(held.pop());
    let started = Instant::now();
    loop {
        let r = reqwest::Client::new().get(format!("{}/healthz", server.base)).timeout(Duration::from_secs(2)).send().await;
        if r.is_ok_and(|r| r.status() == 200) {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(5), "the freed place was not given back");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn api_answers_are_never_stored_by_a_cache() {
    let server = TestServer::start();
    let get = |path: &str| server.http().get(format!("{}{path}", server.base)).bearer_auth(&server.token).send();
    for path in ["/api/v1/me", "/api/v1/videos", "/api/v1/no-such-route"] {
        let r = get(path).await.unwrap();
        assert_eq!(r.headers().get(CACHE_CONTROL).map(|v| v.to_str().unwrap()), Some("no-store"), "{path}: {}", r.status());
    }
    let r = server
        .http()
        .post(format!("{}/api/v1/tokens", server.base))
        .bearer_auth(&server.token)
        .json(&serde_json::json!({"name": "cached?"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    assert_eq!(r.headers().get(CACHE_CONTROL).unwrap(), "no-store");
    // An unknown API route is a JSON 404 with its code; the pages keep their HTML one.
    let r = get("/api/v1/no-such-route").await.unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(r.json::<serde_json::Value>().await.unwrap()["code"], "not-found");
    let r = get("/no-such-page").await.unwrap();
    assert_eq!(r.status(), 404);
    assert!(r.headers().get("content-type").unwrap().to_str().unwrap().starts_with("text/html"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_video_made_private_hides_its_poster_and_storyboard_from_old_tokens() {
    let (server, video) = TestServer::start_with_ready_item(&[]).await;
    let viewer = server.cli(&["user", "create", "--email", "vic@example.org"]);
    assert!(!viewer.trim().is_empty());
    let viewer_token =
        server.cli(&["token", "create", "--name", "vic", "--user", "vic@example.org", "--scopes", "read,account"]).trim().to_string();
    let id = video["id"].as_str().unwrap();
    let seen = server.http().get(format!("{}/api/v1/videos/{id}", server.base)).bearer_auth(&viewer_token).send().await.unwrap();
    let seen: serde_json::Value = seen.json().await.unwrap();
    let pictures: Vec<String> = ["poster", "storyboard"]
        .iter()
        .map(|k| seen["playback"][k].as_str().unwrap_or_else(|| panic!("{k} in {seen}")).to_string())
        .collect();
    for url in &pictures {
        let r = server.http().get(url).send().await.unwrap();
        assert_eq!(r.status(), 200, "{url}");
        assert_eq!(r.headers().get("content-type").unwrap(), "image/jpeg");
    }

    let r = server
        .http()
        .patch(format!("{}/api/v1/videos/{id}", server.base))
        .bearer_auth(&server.token)
        .json(&serde_json::json!({"visibility": "private"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    for url in &pictures {
        assert_eq!(server.http().get(url).send().await.unwrap().status(), 403, "{url} after the video was made private");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_data_folder_and_the_database_are_the_owners_alone() {
    let server = TestServer::start();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())).permissions().mode() & 0o777;
    let data = server.data_dir();
    assert_eq!(mode(&data), 0o700, "the data folder");
    if !crate::common::on_postgres() {
        let clip = make_clip(server.dir.path(), "w.mp4", &["testsrc2=size=320x240:rate=25", "sine"], 1.0, &["-shortest"]);
        let id = server.upload(&clip, "written").await;
        for file in ["reel.db", "reel.db-wal"] {
            assert_eq!(mode(&data.join(file)), 0o600, "{file}");
        }
        // What the store library, the jobs and ffmpeg make is the owner's alone too.
        server.wait_for(&id, &["ready"], std::time::Duration::from_secs(120)).await;
        let mut made = Vec::new();
        let mut folders = vec![server.objects_dir(), data.join("scratch")];
        while let Some(folder) = folders.pop() {
            assert_eq!(mode(&folder), 0o700, "{}", folder.display());
            for entry in std::fs::read_dir(&folder).unwrap().flatten() {
                match entry.file_type().unwrap().is_dir() {
                    true => folders.push(entry.path()),
                    false => made.push(entry.path()),
                }
            }
        }
        assert!(made.len() > 5, "the item's objects: {made:?}");
        for file in made {
            assert_eq!(mode(&file), 0o600, "{}", file.display());
        }
    }
    assert_eq!(mode(&data.join("secrets")), 0o700);

    // A data folder someone opened up is closed again at the next start.
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut server = server;
    server.restart();
    assert_eq!(mode(&data), 0o700);
    assert!(server.log().contains("the data folder was readable by other users"));
}
