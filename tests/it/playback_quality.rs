//! Player-side quality against the real server: beacons are taken only with a valid playback
//! token for their item, fold into daily figures (startup percentiles, stalls, errors, the
//! retention curve, renditions) that the item's analytics answer with, count a view after ten
//! seconds of playback, and keep the database small however many arrive.

// suite: backends

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::common::{assert_api_error, make_clip, play_prefix, TestServer};

/// Settings that take beacons as fast as a test sends them.
const FAST_BEACONS: &[(&str, &str)] = &[
    ("REEL__ANALYTICS__BEACON_MIN_INTERVAL_MS", "0"),
    ("REEL__ANALYTICS__BEACONS_PER_MINUTE_PER_IP", "100000"),
    ("REEL__EDGE__API_PER_MINUTE_PER_IP", "100000"),
];

async fn ready_clip(server: &TestServer, name: &str) -> Value {
    let clip = make_clip(server.dir.path(), name, &["testsrc2=size=640x480:rate=25", "sine"], 3.0, &["-shortest"]);
    server.upload_ready(&clip, name).await
}

/// The token of a `/play/{token}/{id}` prefix.
fn token_of(video: &Value) -> String {
    let prefix = play_prefix(video);
    prefix.split("/play/").nth(1).unwrap().split('/').next().unwrap().to_string()
}

/// `n` leading percents played.
fn played(n: usize) -> String {
    format!("{}{}", "1".repeat(n), "0".repeat(100 - n))
}

async fn send(server: &TestServer, id: &str, beacon: &Value) -> reqwest::Response {
    // As navigator.sendBeacon sends it: no credentials but the token, a JSON blob.
    reqwest::Client::new()
        .post(format!("{}/api/v1/videos/{id}/beacons", server.base))
        .header("content-type", "application/json")
        .body(beacon.to_string())
        .send()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn beacons_fold_into_the_items_figures_and_a_view_counts_after_ten_seconds() {
    let (server, video) = TestServer::start_with_ready_item(FAST_BEACONS).await;
    let id = video["id"].as_str().unwrap();
    let token = token_of(&video);
    let views_before = video["views"].as_i64().unwrap();

    // Session A: starts in 0.8 s, plays 4 s, then 12 s in all with one stall, to the end.
    let a = |watch_ms: u64, rebuffers: u64, percent: usize| {
        json!({
            "token": token, "session": "session-a-0123456789", "startup_ms": 800, "watch_ms": watch_ms,
            "rebuffers": rebuffers, "rebuffer_ms": rebuffers * 500, "switches": 1, "errors": 0,
            "renditions": { "360p": { "watch_ms": watch_ms / 2, "rebuffer_ms": rebuffers * 500, "kbps": 400 },
                            "480p": { "watch_ms": watch_ms / 2, "kbps": 200 } },
            "watched": played(percent),
        })
    };
    for beacon in [a(4_000, 0, 40), a(12_000, 1, 100), a(12_000, 1, 100)] {
        assert_eq!(send(&server, id, &beacon).await.status(), 204);
    }
    // Session B: slow to start, an error, leaves at 30 %.
    let b = json!({
        "token": token, "session": "session-b-0123456789", "startup_ms": 2_500, "watch_ms": 3_000, "errors": 1,
        "renditions": { "480p": { "watch_ms": 3_000, "kbps": 200 } }, "watched": played(30),
    });
    assert_eq!(send(&server, id, &b).await.status(), 204);
    // A late, older beacon of A changes nothing.
    assert_eq!(send(&server, id, &a(4_000, 0, 40)).await.status(), 204);

    let report = server.get_json(&format!("/api/v1/analytics/videos/{id}")).await;
    assert_eq!((report["sessions"].as_i64(), report["views"].as_i64()), (Some(2), Some(1)), "{report}");
    assert_eq!(report["startup_ms_p50"], 1000, "0.8 s falls in the bucket up to 1 s: {report}");
    assert_eq!(report["startup_ms_p95"], 3000, "{report}");
    assert_eq!(report["error_rate"], 0.5);
    assert_eq!(report["average_percent_watched"], 65.0);
    let ratio = report["rebuffer_ratio"].as_f64().unwrap();
    assert!((ratio - 500.0 / 15_500.0).abs() < 1e-9, "{ratio}");
    assert!((report["watch_hours"].as_f64().unwrap() - 15.0 / 3600.0).abs() < 1e-9);
    let retention: Vec<f64> = report["retention"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
    assert_eq!(retention.len(), 100);
    assert_eq!((retention[0], retention[29], retention[30], retention[99]), (1.0, 1.0, 0.5, 0.5));
    assert_eq!(report["drop_offs"][0], json!({ "percent": 30, "share_lost": 0.5 }));
    let renditions = report["renditions"].as_array().unwrap();
    assert_eq!(renditions[0]["name"], "480p", "most played first: {report}");
    assert!((renditions[0]["watch_share"].as_f64().unwrap() - 9.0 / 15.0).abs() < 1e-9);
    assert_eq!(renditions[1]["average_kbps"], 400.0);
    let today = report["to"].as_str().unwrap();
    let days = report["days"].as_array().unwrap();
    assert_eq!(days.len(), 28);
    assert_eq!((days[27]["date"].as_str(), days[27]["sessions"].as_i64()), (Some(today), Some(2)));
    assert_eq!(days[0]["sessions"], 0);

    // The view reached the item's count (once: the repeated beacon added nothing).
    let after = server.get_json(&format!("/api/v1/videos/{id}")).await;
    assert_eq!(after["views"].as_i64().unwrap(), views_before + 1);

    // A range is checked.
    let r = server
        .http()
        .get(format!("{}/api/v1/analytics/videos/{id}?from=2026-02-30", server.base))
        .bearer_auth(&server.token)
        .send()
        .await
        .unwrap();
    assert_api_error(r, 400, "invalid-range").await;
    let r = server
        .http()
        .get(format!("{}/api/v1/analytics/videos/{id}?from=2020-01-01&to=2026-01-01", server.base))
        .bearer_auth(&server.token)
        .send()
        .await
        .unwrap();
    assert_api_error(r, 400, "invalid-range").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_beacon_needs_a_valid_token_for_its_own_item_and_sane_figures() {
    let (server, one) = TestServer::start_with_ready_item(FAST_BEACONS).await;
    let other = ready_clip(&server, "other.mp4").await;
    let id = one["id"].as_str().unwrap();
    let good = json!({ "token": token_of(&one), "session": "session-c-0123456789", "watch_ms": 1000 });

    let mut wrong_item = good.clone();
    wrong_item["token"] = json!(token_of(&other));
    assert_api_error(send(&server, id, &wrong_item).await, 403, "forbidden").await;
    let mut forged = good.clone();
    forged["token"] = json!(format!("{}x", token_of(&one)));
    assert_api_error(send(&server, id, &forged).await, 403, "forbidden").await;
    for (field, value) in
        [("session", json!("short")), ("watch_ms", json!(u64::MAX)), ("watched", json!("1".repeat(7))), ("extra", json!(1))]
    {
        let mut bad = good.clone();
        bad[field] = value;
        assert_api_error(send(&server, id, &bad).await, 400, "invalid-beacon").await;
    }
    let r =
        reqwest::Client::new().post(format!("{}/api/v1/videos/{id}/beacons", server.base)).body("x".repeat(9 << 10)).send().await.unwrap();
    assert_api_error(r, 400, "invalid-beacon").await;
    assert_eq!(send(&server, id, &good).await.status(), 204);

    // Someone who does not manage the item sees no figures.
    server.cli(&["user", "create", "--email", "viewer@example.org"]);
    let token =
        server.cli(&["token", "create", "--name", "v", "--user", "viewer@example.org", "--scopes", "read,account"]).trim().to_string();
    let r = reqwest::Client::new().get(format!("{}/api/v1/analytics/videos/{id}", server.base)).bearer_auth(token).send().await.unwrap();
    assert!(matches!(r.status(), StatusCode::NOT_FOUND | StatusCode::FORBIDDEN), "{}", r.status());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_beacon_too_soon_is_dropped_and_too_many_from_one_address_are_refused() {
    let (server, video) = TestServer::start_with_ready_item(&[
        ("REEL__ANALYTICS__BEACONS_PER_MINUTE_PER_IP", "5"),
        ("REEL__ANALYTICS__BEACON_MIN_INTERVAL_MS", "1000"),
    ])
    .await;
    let id = video["id"].as_str().unwrap();
    let beacon = |session: &str, watch_ms: u64| json!({ "token": token_of(&video), "session": session, "watch_ms": watch_ms });
    let watched =
        || async { server.get_json(&format!("/api/v1/analytics/videos/{id}")).await["watch_hours"].as_f64().unwrap() * 3_600_000.0 };
    assert_eq!(send(&server, id, &beacon("session-d-0123456789", 1000)).await.status(), 204);
    // The same session again at once: taken, but not written; the next one brings its totals.
    assert_eq!(send(&server, id, &beacon("session-d-0123456789", 2000)).await.status(), 204);
    assert!((watched().await - 1000.0).abs() < 1e-6);
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(send(&server, id, &beacon("session-d-0123456789", 3000)).await.status(), 204);
    assert!((watched().await - 3000.0).abs() < 1e-6);
    for n in 0..2 {
        assert_eq!(send(&server, id, &beacon(&format!("session-e-012345678{n}"), 1000)).await.status(), 204);
    }
    let r = send(&server, id, &beacon("session-f-0123456789", 1000)).await;
    assert_eq!(r.status(), 429, "the address's sixth in a minute");
    assert!(r.headers().contains_key("retry-after"));
}

#[tokio::test(flavor = "multi_thread")]
async fn many_beacons_keep_one_row_per_item_and_day_and_sessions_are_forgotten() {
    let (server, video) = TestServer::start_with_ready_item(FAST_BEACONS).await;
    let id = video["id"].as_str().unwrap();
    let token = token_of(&video);
    // 40 sessions of 8 beacons each: 320 beacons.
    for s in 0..40 {
        for step in 1..=8u64 {
            let beacon = json!({
                "token": token, "session": format!("bounded-session-{s:04}"), "startup_ms": 300 + s * 10, "watch_ms": step * 1500,
                "renditions": { "360p": { "watch_ms": step * 1000, "kbps": 400 }, "480p": { "watch_ms": step * 500, "kbps": 200 } },
                "watched": played((step * 12) as usize),
            });
            assert_eq!(send(&server, id, &beacon).await.status(), 204);
        }
    }
    // Five reports naming sixteen renditions the item does not have each add no row: only the
    // item's own renditions are recorded.
    for s in 0..5 {
        let made_up: serde_json::Map<String, Value> =
            (0..16).map(|n| (format!("fake-{s}-{n}"), json!({ "watch_ms": 1000, "kbps": 100 }))).collect();
        let beacon = json!({ "token": token, "session": format!("made-up-session-{s:04}"), "watch_ms": 1000, "renditions": made_up });
        assert_eq!(send(&server, id, &beacon).await.status(), 204);
    }
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&server.database_url()).await.unwrap();
    let count = |table: &'static str| {
        let pool = pool.clone();
        async move { sqlx::query_scalar::<_, i64>(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&pool).await.unwrap() }
    };
    assert_eq!(count("video_daily").await, 1, "one row per item and day");
    assert_eq!(count("rendition_daily").await, 2, "one per rendition");
    assert_eq!(count("playback_sessions").await, 45, "one per session, kept for a while");
    let report = server.get_json(&format!("/api/v1/analytics/videos/{id}")).await;
    assert_eq!((report["sessions"].as_i64(), report["views"].as_i64()), (Some(45), Some(1)), "one viewer's views count once in six hours");
    assert!((report["watch_hours"].as_f64().unwrap() - (40.0 * 12.0 + 5.0) / 3600.0).abs() < 1e-9);
    let names: Vec<&str> = report["renditions"].as_array().unwrap().iter().filter_map(|r| r["name"].as_str()).collect();
    assert_eq!(names, ["360p", "480p"], "most played first, and nothing made up");

    // Sessions older than analytics.session_keep_hours go when the next session starts.
    let long_ago = reel_base::domain::now_ms() - 49 * 3_600_000;
    sqlx::query("UPDATE playback_sessions SET updated_at = $1").bind(long_ago).execute(&pool).await.unwrap();
    let fresh = json!({ "token": token, "session": "bounded-session-last", "watch_ms": 1000 });
    assert_eq!(send(&server, id, &fresh).await.status(), 204);
    assert_eq!(count("playback_sessions").await, 1);
    assert_eq!(count("video_daily").await, 1, "the figures stay");
    pool.close().await;
}
