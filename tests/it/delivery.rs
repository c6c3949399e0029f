//! Delivery against the real server: the CDN → origin secret, rotating playback keys while the
//! server runs (`reel keys rotate`), and same-site playback with the `reel_play` cookie.

// suite: backends

use std::time::{Duration, Instant};

use crate::common::{make_clip, metrics_url, play_prefix, TestServer};
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use reel_base::domain::{now_ms, Holder, UserId, VideoId};
use reel_core::delivery::playback_cookie;
use reel_core::platform::signing::{Signer, SigningKey};
use serde_json::Value;

const CDN_HEADER: &str = "X-Reel-CDN-Secret";
const SIGNING_KEY: &str = "0123456789abcdef0123456789abcdef-delivery-tests";

fn video_id(video: &Value) -> VideoId {
    video["id"].as_str().unwrap().parse().unwrap()
}

/// Every kind of file the origin serves for a ready video, as URLs.
fn every_file(video: &Value) -> Vec<String> {
    let prefix = play_prefix(video);
    let rendition = video["renditions"][0]["name"].as_str().unwrap();
    let mut urls: Vec<String> = ["master.m3u8", "manifest.mpd"].iter().map(|f| format!("{prefix}/{f}")).collect();
    urls.extend(["index.m3u8", "init.mp4", "00000.m4s"].iter().map(|f| format!("{prefix}/{rendition}/{f}")));
    urls.extend(["mp4", "poster"].iter().map(|k| video["playback"][k].as_str().expect("a download and a poster").to_string()));
    urls
}

/// The key id inside the token of a playback URL.
fn kid_of(url: &str) -> String {
    let token = url.split("/play/").nth(1).unwrap().split('/').next().unwrap();
    let claims: Value = serde_json::from_slice(&B64.decode(token.split('.').next().unwrap()).unwrap()).unwrap();
    claims["kid"].as_str().unwrap().to_string()
}

async fn status(http: &reqwest::Client, url: &str, header: Option<(&str, &str)>) -> u16 {
    let mut request = http.get(url);
    if let Some((name, value)) = header {
        request = request.header(name, value);
    }
    request.send().await.unwrap().status().as_u16()
}

#[tokio::test(flavor = "multi_thread")]
async fn with_a_cdn_secret_the_origin_answers_only_requests_that_carry_it() {
    let (server, video) = TestServer::start_with_ready_item(&[
        ("REEL__CDN__ORIGIN_SECRET", "current-cdn-secret"),
        ("REEL__CDN__ORIGIN_SECRET_PREVIOUS", "old-cdn-secret"),
    ])
    .await;
    let http = server.http();

    for url in every_file(&video) {
        let refused = http.get(&url).send().await.unwrap();
        assert_eq!(refused.status(), 403, "{url} without the secret");
        assert_eq!(refused.json::<Value>().await.unwrap()["code"], "forbidden");
        for wrong in ["wrong", "current-cdn-secre", "current-cdn-secretx", ""] {
            assert_eq!(status(&http, &url, Some((CDN_HEADER, wrong))).await, 403, "{url} with {wrong:?}");
        }
        assert_eq!(status(&http, &url, Some((CDN_HEADER, "current-cdn-secret"))).await, 200, "{url} with the secret");
        assert_eq!(status(&http, &url, Some((CDN_HEADER, "old-cdn-secret"))).await, 200, "{url} with the previous secret");
    }
    // The API itself is not behind the CDN check.
    assert_eq!(server.get_json(&format!("/api/v1/videos/{}", video_id(&video))).await["status"], "ready");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cdn_secret_file_is_used_and_a_missing_one_stops_the_server_from_starting() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cdn-secret");
    std::fs::write(&file, "secret-from-a-file\n").unwrap();
    let server = TestServer::start_with(&[
        ("REEL__CDN__ORIGIN_SECRET_FILE", file.to_str().unwrap()),
        ("REEL__CDN__ORIGIN_SECRET_HEADER", "X-Edge-Auth"),
        ("REEL__DELIVERY__SIGNING_KEY", SIGNING_KEY),
    ]);
    // A valid token for a video that does not exist: 404 past the CDN check, 403 before it.
    let signer = Signer::new(vec![SigningKey::new(SIGNING_KEY.as_bytes().to_vec())]);
    let id = VideoId::new();
    let url = format!("{}/play/{}/{id}/master.m3u8", server.base, signer.sign(id, Holder::Account(UserId::new()), now_ms() / 1000 + 600));
    let http = server.http();
    assert_eq!(status(&http, &url, Some(("X-Edge-Auth", "secret-from-a-file"))).await, 404);
    assert_eq!(status(&http, &url, Some((CDN_HEADER, "secret-from-a-file"))).await, 403, "the configured header only");
    assert_eq!(status(&http, &url, None).await, 403);

    let missing = dir.path().join("no-such-file");
    let mut serve = server.command();
    serve.arg("serve").env("REEL__CDN__ORIGIN_SECRET_FILE", &missing).env("REEL__SERVER__LISTEN", "127.0.0.1:0");
    let mut serve = tokio::process::Command::from(serve);
    serve.kill_on_drop(true);
    let out = tokio::time::timeout(Duration::from_secs(30), serve.output()).await.expect("the server gives up at once").unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "a server with an unreadable secret file started:\n{stderr}");
    assert!(stderr.contains("cdn.origin_secret_file") && stderr.contains("no-such-file"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread")]
async fn after_a_key_rotation_old_urls_keep_working_and_new_urls_carry_the_new_key() {
    let (server, video) = TestServer::start_with_ready_item(&[("REEL__DELIVERY__KEY_GRACE_SECS", "3600")]).await;
    let id = video_id(&video);
    let old_urls = every_file(&video);
    let old_kid = kid_of(&old_urls[0]);
    let listed = server.cli(&["keys", "list"]);
    assert_eq!(listed.lines().count(), 1, "{listed}");
    assert!(listed.starts_with(&format!("{old_kid}\t")) && listed.trim_end().ends_with("\tcurrent"), "{listed}");

    let new_kid = server.cli(&["keys", "rotate"]).trim().to_string();
    assert_ne!(new_kid, old_kid);

    // Newly issued URLs carry the new key once the server has seen the file change.
    let started = Instant::now();
    let new_urls = loop {
        let again = server.get_json(&format!("/api/v1/videos/{id}")).await;
        let urls = every_file(&again);
        if kid_of(&urls[0]) == new_kid {
            break urls;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "the server still signs with {old_kid}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let http = server.http();
    for url in new_urls.iter().chain(&old_urls) {
        assert_eq!(status(&http, url, None).await, 200, "{url}");
    }

    // The list shows both keys and when the old one retires, never a key.
    let listed = server.cli(&["keys", "list"]);
    let lines: Vec<&str> = listed.lines().collect();
    assert_eq!(lines.len(), 2, "{listed}");
    assert!(lines[0].starts_with(&format!("{new_kid}\t")) && lines[0].ends_with("\tcurrent"), "{listed}");
    assert!(lines[1].starts_with(&format!("{old_kid}\t")) && lines[1].contains("\tretires "), "{listed}");
    let ring: Value = serde_json::from_slice(&std::fs::read(server.data_dir().join("secrets/playback-keys.json")).unwrap()).unwrap();
    for key in ring.as_array().unwrap() {
        assert!(!listed.contains(key["key"].as_str().unwrap()), "the list shows a key");
    }

    // A second rotation while the old key is in its grace period is refused, and says why.
    let out = server.command().args(["keys", "rotate"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "a second rotation went through");
    assert!(stderr.contains(&old_kid) && stderr.contains("grace period") && stderr.contains("--force"), "{stderr}");
    assert_eq!(server.cli(&["keys", "list"]), listed, "the refused rotation changed nothing");
}

#[tokio::test(flavor = "multi_thread")]
async fn once_the_grace_period_is_over_the_old_keys_tokens_are_refused() {
    let (server, video) = TestServer::start_with_ready_item(&[("REEL__DELIVERY__KEY_GRACE_SECS", "1")]).await;
    let id = video_id(&video);
    let old_master = format!("{}/master.m3u8", play_prefix(&video));
    let http = server.http();
    assert_eq!(status(&http, &old_master, None).await, 200);

    // Taken before the command runs: the key is retired from the moment the command stamps it, which is
    // after this instant, so the refusal can never be earlier than one second past it.
    let rotated = Instant::now();
    let new_kid = server.cli(&["keys", "rotate"]).trim().to_string();
    // One second of grace, plus the time the server may take to look at the file again.
    crate::common::eventually(Duration::from_secs(10), "refusing the rotated-away key", || async {
        status(&http, &old_master, None).await == 403
    })
    .await;
    assert!(rotated.elapsed() >= Duration::from_secs(1), "refused within its grace period");

    let again = server.get_json(&format!("/api/v1/videos/{id}")).await;
    let new_master = format!("{}/master.m3u8", play_prefix(&again));
    assert_eq!(kid_of(&new_master), new_kid);
    assert_eq!(status(&http, &new_master, None).await, 200);

    // A token from a key the server never had.
    let stranger = Signer::new(vec![SigningKey::new(b"a-key-this-server-never-had-0123456789".to_vec())]);
    let forged =
        format!("{}/play/{}/{id}/master.m3u8", server.base, stranger.sign(id, Holder::Account(UserId::new()), now_ms() / 1000 + 600));
    assert_eq!(status(&http, &forged, None).await, 403);

    // The refusals were for those reasons, not some other.
    let metrics = http.get(metrics_url(&server.log()).expect("a metrics listener")).send().await.unwrap().text().await.unwrap();
    for reason in ["signing key rotated away", "unknown signing key"] {
        let line = format!("reel_playback_denied_total{{reason=\"{reason}\"}} 1");
        assert!(metrics.contains(&line), "{line} missing from:\n{metrics}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn with_the_playback_cookie_every_viewer_gets_the_same_urls_and_without_it_none() {
    let (server, video) = TestServer::start_with_ready_item(&[("REEL__DELIVERY__SIGNING_KEY", SIGNING_KEY)]).await;
    let id = video_id(&video);
    let signer = Signer::new(vec![SigningKey::new(SIGNING_KEY.as_bytes().to_vec())]);
    let cookie =
        |video: VideoId, viewer: Holder| playback_cookie(&signer, video, viewer, 600, false).split(';').next().unwrap().to_string();
    // Two real accounts: the origin checks the token's viewer may still watch.
    let viewer1 = Holder::Account(server.cli(&["user", "create", "--email", "v1@example.org"]).trim().parse().unwrap());
    let viewer2 = Holder::Account(server.cli(&["user", "create", "--email", "v2@example.org"]).trim().parse().unwrap());
    let http = server.http();
    let master_url = format!("{}/play/c/{id}/master.m3u8", server.base);

    let get = |url: String, cookie: Option<String>| {
        let mut request = http.get(url);
        if let Some(c) = cookie {
            request = request.header("Cookie", format!("theme=dark; {c}"));
        }
        async move { request.send().await.unwrap() }
    };
    let master = get(master_url.clone(), Some(cookie(id, viewer1))).await;
    assert_eq!(master.status(), 200);
    assert_eq!(master.headers()["cache-control"], "public, max-age=60");
    assert!(master.headers().get_all("vary").iter().any(|v| v.to_str().unwrap().contains("Cookie")));
    let text = master.text().await.unwrap();
    let uris: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .chain(text.lines().filter_map(|l| l.split("URI=\"").nth(1)))
        .collect();
    assert!(!uris.is_empty(), "{text}");
    for uri in &uris {
        assert!(uri.starts_with(&format!("/play/c/{id}/")), "{uri} in\n{text}");
    }
    // Another viewer gets the very same manifest: it can be cached by path.
    let other = get(master_url.clone(), Some(cookie(id, viewer2))).await.text().await.unwrap();
    assert_eq!(other, text);

    // The media playlist, the init segment and a segment open with the cookie.
    let media_uri = uris.iter().find(|u| u.ends_with("/index.m3u8")).unwrap().trim_end_matches('"');
    let playlist = get(format!("{}{media_uri}", server.base), Some(cookie(id, viewer1))).await;
    assert_eq!(playlist.status(), 200);
    let playlist = playlist.text().await.unwrap();
    let init = playlist.lines().find_map(|l| l.split("URI=\"").nth(1)).unwrap().trim_end_matches('"').to_string();
    let segment = playlist.lines().find(|l| l.ends_with(".m4s")).unwrap().to_string();
    for uri in [&init, &segment] {
        assert!(uri.starts_with(&format!("/play/c/{id}/")), "{uri}");
        assert_eq!(get(format!("{}{uri}", server.base), Some(cookie(id, viewer1))).await.status(), 200, "{uri}");
    }

    // Without the cookie, with one for another video, or with an expired one: 403 everywhere.
    let expired = format!("reel_play={}", signer.sign(id, viewer1, now_ms() / 1000 - 1));
    for uri in [format!("/play/c/{id}/master.m3u8"), media_uri.to_string(), init.clone(), segment.clone()] {
        let url = format!("{}{uri}", server.base);
        let refused = get(url.clone(), None).await;
        assert_eq!(refused.status(), 403, "{uri} without a cookie");
        assert_eq!(refused.json::<Value>().await.unwrap()["code"], "forbidden");
        assert_eq!(get(url.clone(), Some(cookie(VideoId::new(), viewer1))).await.status(), 403, "{uri} with another video's cookie");
        assert_eq!(get(url.clone(), Some(expired.clone())).await.status(), 403, "{uri} with an expired cookie");
        assert_eq!(get(url, Some("reel_play=garbage".into())).await.status(), 403, "{uri} with a garbage cookie");
    }

    // The path form is unchanged beside it.
    assert_eq!(status(&http, &format!("{}/master.m3u8", play_prefix(&video)), None).await, 200);
}

/// The value of a Prometheus counter line `name{labels} value` (0 when absent).
fn counter(metrics: &str, line_start: &str) -> f64 {
    metrics.lines().find(|l| l.starts_with(line_start)).and_then(|l| l.rsplit(' ').next()).and_then(|v| v.parse().ok()).unwrap_or(0.0)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_origin_reads_a_finished_segment_from_the_store_once_and_forgets_a_deleted_video_at_once() {
    let server = TestServer::start();
    let clip = make_clip(server.dir.path(), "c.mp4", &["testsrc2=size=320x240:rate=25", "sine"], 3.0, &["-shortest"]);
    let video = server.upload_ready(&clip, "cached").await;
    let http = server.http();
    let rung = video["renditions"][0]["name"].as_str().unwrap();
    let segment = format!("{}/{rung}/00000.m4s", play_prefix(&video));
    let metrics_at = metrics_url(&server.log()).expect("a metrics listener");
    let whole = http.get(&segment).send().await.unwrap().bytes().await.unwrap();
    for _ in 0..5 {
        let again = http.get(&segment).send().await.unwrap();
        assert_eq!(again.status(), 200);
        assert_eq!(again.bytes().await.unwrap(), whole, "the cached bytes are the stored bytes");
    }
    // Ranges and revalidation are answered from memory just the same.
    let r = http.get(&segment).header("Range", "bytes=10-19").send().await.unwrap();
    assert_eq!(r.status(), 206);
    assert_eq!(r.headers()["content-range"], format!("bytes 10-19/{}", whole.len()));
    assert_eq!(r.bytes().await.unwrap(), whole.slice(10..20));
    let metrics = http.get(&metrics_at).send().await.unwrap().text().await.unwrap();
    assert_eq!(counter(&metrics, "reel_origin_cache_total{result=\"miss\"}"), 1.0, "{metrics}");
    assert!(counter(&metrics, "reel_origin_cache_total{result=\"hit\"}") >= 6.0, "{metrics}");

    let id = video["id"].as_str().unwrap();
    let r = http.delete(format!("{}/api/v1/videos/{id}", server.base)).bearer_auth(&server.token).send().await.unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(http.get(&segment).send().await.unwrap().status(), 404, "a deleted video's cached segment is not served");
}

/// Segments too big for the cache stream from the store on each request, ranges and
/// revalidation included, and every request counts as a miss.
#[tokio::test(flavor = "multi_thread")]
async fn segments_too_big_to_keep_are_streamed_from_the_store_with_ranges_and_revalidation() {
    // 1000 bytes of cache keeps objects of 125 bytes at most: no segment.
    let server = TestServer::start_with(&[("REEL__DELIVERY__CACHE_BYTES", "1000")]);
    let clip = make_clip(server.dir.path(), "c.mp4", &["testsrc2=size=320x240:rate=25", "sine"], 3.0, &["-shortest"]);
    let video = server.upload_ready(&clip, "streamed").await;
    let http = server.http();
    let rung = video["renditions"][0]["name"].as_str().unwrap();
    let segment = format!("{}/{rung}/00000.m4s", play_prefix(&video));
    let stored =
        std::fs::read(server.objects_dir().join("media").join(video["id"].as_str().unwrap()).join(rung).join("00000.m4s")).unwrap();

    let whole = http.get(&segment).send().await.unwrap();
    assert_eq!(whole.status(), 200);
    let etag = whole.headers()["etag"].to_str().unwrap().to_string();
    assert_eq!(whole.bytes().await.unwrap(), stored, "the streamed bytes are the stored bytes");
    let r = http.get(&segment).header("Range", "bytes=10-19").send().await.unwrap();
    assert_eq!(r.status(), 206);
    assert_eq!(r.headers()["content-range"], format!("bytes 10-19/{}", stored.len()));
    assert_eq!(r.bytes().await.unwrap(), stored[10..20]);
    assert_eq!(http.get(&segment).header("If-None-Match", &etag).send().await.unwrap().status(), 304);
    let metrics = http.get(metrics_url(&server.log()).expect("a metrics listener")).send().await.unwrap().text().await.unwrap();
    assert_eq!(counter(&metrics, "reel_origin_cache_total{result=\"miss\"}"), 3.0, "{metrics}");
    assert_eq!(counter(&metrics, "reel_origin_cache_total{result=\"hit\"}"), 0.0, "{metrics}");
}

mod needs_s3 {
    use super::*;

    #[tokio::test(flavor = "multi_thread")]
    async fn with_redirects_media_requests_go_to_short_lived_presigned_urls() {
        // Presigned URLs are the S3 store's.
        if !crate::common::backend_present("an S3 store", crate::common::on_s3()) {
            return;
        }
        let server = TestServer::start_with(&[("REEL__DELIVERY__S3_REDIRECT", "true")]);
        let clip = make_clip(server.dir.path(), "r.mp4", &["testsrc2=size=320x240:rate=25", "sine"], 2.0, &["-shortest"]);
        let video = server.upload_ready(&clip, "redirected").await;
        let rung = video["renditions"][0]["name"].as_str().unwrap();
        let prefix = play_prefix(&video);
        let direct = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let r = direct.get(format!("{prefix}/{rung}/00000.m4s")).send().await.unwrap();
        assert_eq!(r.status(), 302);
        let location = r.headers()["location"].to_str().unwrap().to_string();
        assert!(location.contains("X-Amz-Signature=") && location.contains("X-Amz-Expires=300"), "{location}");
        let stored = std::fs::read(server.objects_dir().join(format!("media/{}/{rung}/00000.m4s", video["id"].as_str().unwrap()))).unwrap();
        let fetched = server.http().get(&location).send().await.unwrap();
        assert_eq!(fetched.status(), 200);
        assert_eq!(fetched.bytes().await.unwrap().as_ref(), stored.as_slice());
        // Playlists are still Reel's (they carry the viewer's token), and a bad token still gets 403.
        let playlist = direct.get(format!("{prefix}/{rung}/index.m3u8")).send().await.unwrap();
        assert_eq!(playlist.status(), 200);
        let forged = prefix.replace("/play/", "/play/x");
        assert_eq!(direct.get(format!("{forged}/{rung}/00000.m4s")).send().await.unwrap().status(), 403);
    }
}
