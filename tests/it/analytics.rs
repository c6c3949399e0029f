//! The analytics figures against the real server: admins see every item, a creator only their
//! own (another creator's private item never shows), viewers none; the overview, most watched,
//! quality, pipeline, sign-in and revenue figures follow real uploads, playback reports, codes
//! and plan grants; CSV exports are well-formed and never carry a formula an uploader typed.

// suite: backends

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::common::{make_clip, play_prefix, TestServer};

fn server() -> TestServer {
    TestServer::start_with(&[("REEL__ANALYTICS__BEACON_MIN_INTERVAL_MS", "0"), ("REEL__ANALYTICS__BEACONS_PER_MINUTE_PER_IP", "100000")])
}

/// A token for a new account of `role`.
fn account(server: &TestServer, email: &str, role: &str, scopes: &str) -> String {
    server.cli(&["user", "create", "--email", email, "--role", role]);
    server.cli(&["token", "create", "--name", "t", "--user", email, "--scopes", scopes]).trim().to_string()
}

async fn get(server: &TestServer, token: &str, path: &str) -> reqwest::Response {
    reqwest::Client::new().get(format!("{}{path}", server.base)).bearer_auth(token).send().await.unwrap()
}

async fn json_of(server: &TestServer, token: &str, path: &str) -> Value {
    let r = get(server, token, path).await;
    assert_eq!(r.status(), 200, "GET {path}");
    r.json().await.unwrap()
}

/// Uploads a short clip as `token`'s account with `visibility`, waits for it, returns it as that
/// account sees it (its playback URLs carry that account's token) and the clip's size.
async fn upload(server: &TestServer, token: &str, title: &str, visibility: &str) -> (Value, i64) {
    let clip = make_clip(server.dir.path(), &format!("{visibility}.mp4"), &["testsrc2=size=320x240:rate=25", "sine"], 2.0, &["-shortest"]);
    let size = std::fs::metadata(&clip).unwrap().len() as i64;
    let form = reqwest::multipart::Form::new()
        .text("title", title.to_string())
        .text("visibility", visibility.to_string())
        .part("file", reqwest::multipart::Part::bytes(std::fs::read(&clip).unwrap()).file_name("clip.mp4"));
    let r = reqwest::Client::new().post(format!("{}/api/v1/videos", server.base)).bearer_auth(token).multipart(form).send().await.unwrap();
    assert!(r.status().is_success(), "upload: {}", r.status());
    let id = r.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
    server.wait_for(&id, &["ready"], std::time::Duration::from_secs(120)).await;
    (json_of(server, token, &format!("/api/v1/videos/{id}")).await, size)
}

/// Reports a 12-second session of `video` (a view) with a 0.6 s startup.
async fn watch(server: &TestServer, video: &Value, session: &str) {
    let token = play_prefix(video).split("/play/").nth(1).unwrap().split('/').next().unwrap().to_string();
    let beacon = json!({
        "token": token, "session": session, "startup_ms": 600, "watch_ms": 12_000,
        "renditions": { "240p": { "watch_ms": 12_000, "kbps": 300 } }, "watched": "1".repeat(100),
    });
    let r = reqwest::Client::new()
        .post(format!("{}/api/v1/videos/{}/beacons", server.base, video["id"].as_str().unwrap()))
        .body(beacon.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
}

#[tokio::test(flavor = "multi_thread")]
async fn figures_follow_real_work_and_each_caller_sees_only_what_they_may() {
    let server = server();
    let admin = server.token.clone();
    let creator = account(&server, "creator@example.org", "creator", "read,account,upload");
    let other = account(&server, "other@example.org", "creator", "read,account,upload");
    let viewer = account(&server, "viewer@example.org", "viewer", "read,account");

    let (public, public_bytes) = upload(&server, &admin, "=1+1 Harbour", "members").await;
    let (private, private_bytes) = upload(&server, &creator, "Secret Harbour", "private").await;
    watch(&server, &public, "analytics-session-1").await;
    watch(&server, &private, "analytics-session-2").await;
    let (public_id, private_id) = (public["id"].as_str().unwrap(), private["id"].as_str().unwrap());

    // Overview: the admin sees both items, the creator their own, another creator nothing.
    let all = json_of(&server, &admin, "/api/v1/analytics/overview").await;
    assert_eq!((all["views"].as_i64(), all["uploads"].as_i64(), all["sessions"].as_i64()), (Some(2), Some(2), Some(2)), "{all}");
    assert_eq!(all["daily_active_viewers"], 2, "the admin and the creator each watched");
    assert_eq!(all["weekly_active_viewers"], 2);
    assert_eq!(all["stored_bytes"].as_i64(), Some(public_bytes + private_bytes));
    assert_eq!(all["days"].as_array().unwrap().len(), 28);
    let own = json_of(&server, &creator, "/api/v1/analytics/overview").await;
    assert_eq!((own["views"].as_i64(), own["uploads"].as_i64(), own["daily_active_viewers"].as_i64()), (Some(1), Some(1), Some(1)));
    let none = json_of(&server, &other, "/api/v1/analytics/overview").await;
    assert_eq!((none["views"].as_i64(), none["uploads"].as_i64()), (Some(0), Some(0)));
    assert_eq!(get(&server, &viewer, "/api/v1/analytics/overview").await.status(), StatusCode::FORBIDDEN);

    // Most watched: the private item shows to the admin and its owner only.
    let top = json_of(&server, &admin, "/api/v1/analytics/top?by=watch_time").await;
    let ids: Vec<&str> = top["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&public_id) && ids.contains(&private_id), "{top}");
    assert_eq!(top["channels"].as_array().unwrap().len(), 2);
    for token in [&other, &creator] {
        let top = json_of(&server, token, "/api/v1/analytics/top").await;
        let text = top.to_string();
        assert_eq!(text.contains(private_id), token == &creator, "{top}");
        assert!(!text.contains(public_id), "another channel's item: {top}");
    }
    for path in [format!("/api/v1/analytics/videos/{private_id}"), format!("/api/v1/analytics/videos/{public_id}")] {
        let status = get(&server, &other, &path).await.status();
        assert!(matches!(status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN), "{path}: {status}");
    }
    let r = get(&server, &admin, "/api/v1/analytics/top?by=likes").await;
    crate::common::assert_api_error(r, 400, "invalid-ranking").await;

    // Quality over both items.
    let qoe = json_of(&server, &admin, "/api/v1/analytics/qoe").await;
    assert_eq!((qoe["sessions"].as_i64(), qoe["startup_ms_p50"].as_u64()), (Some(2), Some(750)), "{qoe}");
    assert_eq!(qoe["renditions"][0]["name"], "240p");

    // Pipeline, sign-in and revenue are the admin's.
    let pipeline = json_of(&server, &admin, "/api/v1/analytics/pipeline").await;
    assert_eq!(pipeline["uploads"], 2);
    assert!(pipeline["ready_s_p50"].as_f64().unwrap() > 0.0, "{pipeline}");
    let r = reqwest::Client::new()
        .post(format!("{}/api/v1/auth/otp/request", server.base))
        .json(&json!({ "email": "creator@example.org" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
    crate::common::eventually(std::time::Duration::from_secs(10), "the code sent", || async {
        json_of(&server, &admin, "/api/v1/analytics/signin").await["codes"][0]["sent"] == 1
    })
    .await;
    let signin = json_of(&server, &admin, "/api/v1/analytics/signin").await;
    assert_eq!((signin["codes"][0]["channel"].as_str(), signin["codes"][0]["requested"].as_i64()), (Some("email"), Some(1)));
    server.cli(&["plan", "create", "--name", "Films", "--price", "7.99", "--currency", "EUR", "--period", "month"]);
    server.cli(&["plan", "grant", "--plan", "Films", "--user", "viewer@example.org"]);
    let revenue = json_of(&server, &admin, "/api/v1/analytics/revenue").await;
    assert_eq!(
        (revenue["months"][0]["plan"].as_str(), revenue["months"][0]["amount_minor"].as_i64()),
        (Some("Films"), Some(799)),
        "{revenue}"
    );
    assert_eq!(revenue["subscribers"], json!([["Films", 1]]));
    for path in ["/api/v1/analytics/pipeline", "/api/v1/analytics/signin", "/api/v1/analytics/revenue"] {
        assert_eq!(get(&server, &creator, path).await.status(), StatusCode::FORBIDDEN, "{path}");
    }

    // CSV: a table per report, a download, and an uploader's formula defused.
    let r = get(&server, &admin, "/api/v1/analytics/top?format=csv").await;
    assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(r.headers()["content-disposition"].to_str().unwrap().starts_with("attachment; filename=\"reel-top-"));
    let csv = r.text().await.unwrap();
    assert!(csv.starts_with("kind,rank,id,name,channel,views,watch_hours\r\n"), "{csv}");
    assert!(csv.contains(",'=1+1 Harbour,"), "{csv}");
    let csv = get(&server, &admin, "/api/v1/analytics/overview?format=csv").await.text().await.unwrap();
    assert_eq!(csv.lines().count(), 29, "a header and 28 days");
    let r = get(&server, &admin, "/api/v1/analytics/overview?format=xml").await;
    crate::common::assert_api_error(r, 400, "invalid-format").await;
}
