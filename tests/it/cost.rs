//! The cost report over real usage and over injected usage with known prices: the origin's
//! bytes, the transcode's CPU, emails through a real SMTP server and the bytes held are recorded
//! as they happen and priced; a past month's totals, days, items and channels come out to the
//! cent; a spike is an anomaly naming its item and channel and fires the alarm; only admins see
//! any of it.

// suite: backends

use std::time::Duration;

use reqwest::Method;
use serde_json::Value;

use crate::accounts::{server_with_mail, sign_in};
use crate::collections::{token, Api};
use crate::common::{assert_api_error, eventually, files, make_clip, on_s3, play_prefix, TestServer, ADMIN_EMAIL};

const GIB: i64 = 1 << 30;

async fn pool(server: &TestServer) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::AnyPool::connect(&server.database_url()).await.unwrap()
}

/// What is recorded of `resource` for `video` ('' for none) over every day.
async fn recorded(pool: &sqlx::AnyPool, resource: &str, video: &str) -> i64 {
    sqlx::query_scalar::<_, i64>("SELECT CAST(COALESCE(SUM(quantity), 0) AS BIGINT) FROM usage_daily WHERE resource = $1 AND video_id = $2")
        .bind(resource)
        .bind(video)
        .fetch_one(pool)
        .await
        .unwrap()
}

/// Records `quantity` of `resource` for `video` on the day `date` (`YYYY-MM-DD`).
async fn inject(pool: &sqlx::AnyPool, date: &str, resource: &str, video: &str, quantity: i64) {
    let day = reel_base::domain::qoe::day_from_date(date).unwrap();
    sqlx::query("INSERT INTO usage_daily (day, resource, video_id, quantity) VALUES ($1, $2, $3, $4)")
        .bind(day)
        .bind(resource)
        .bind(video)
        .bind(quantity)
        .execute(pool)
        .await
        .unwrap();
}

fn close(actual: &Value, expected: f64, what: &str) {
    let actual = actual.as_f64().unwrap_or_else(|| panic!("{what}: not a number: {actual}"));
    assert!((actual - expected).abs() <= 1e-9 * expected.abs().max(1.0), "{what}: {actual} ≠ {expected}");
}

fn cli_json(server: &TestServer, args: &[&str]) -> Value {
    serde_json::from_str(&server.cli(args)).expect("JSON from the command")
}

async fn channel_of(pool: &sqlx::AnyPool, email: &str) -> String {
    sqlx::query_scalar("SELECT channel FROM users WHERE email = $1").bind(email).fetch_one(pool).await.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn real_usage_is_recorded_as_it_happens_and_priced_for_admins_only() {
    let (server, smtp) = server_with_mail(&[
        ("REEL__COST__FLUSH_SECS", "1"),
        ("REEL__COST__SNAPSHOT_EVERY_SECS", "1"),
        ("REEL__PRICES__HOT_GB_MONTH", "30"),
        ("REEL__PRICES__ORIGIN_EGRESS_GB", "1000"),
        ("REEL__PRICES__TRANSCODE_CPU_HOUR", "3600"),
        ("REEL__PRICES__EMAIL", "0.5"),
    ]);
    let pool = pool(&server).await;
    // One email: the admin's sign-in code, through the SMTP server.
    let (admin_cookie, _) = sign_in(&server, &smtp, ADMIN_EMAIL, 1).await;
    let clip = make_clip(server.dir.path(), "c.mp4", &["testsrc2=size=320x240:rate=25", "sine"], 3.0, &["-shortest"]);
    let video = server.upload_ready(&clip, "Costly").await;
    let id = video["id"].as_str().unwrap().to_string();

    // The transcode's CPU time, from its ffmpeg processes: the job writes it once its run is
    // over, which may be a moment after the item it published is ready.
    eventually(Duration::from_secs(15), "the transcode's CPU recorded", || async { recorded(&pool, "transcode_cpu", &id).await > 0 }).await;
    let cpu_ms = recorded(&pool, "transcode_cpu", &id).await;

    // Every byte the origin answers with is the item's, written down within a flush.
    let http = server.http();
    let prefix = play_prefix(&video);
    let mut delivered = 0;
    for file in ["master.m3u8", "download.mp4"] {
        let r = http.get(format!("{prefix}/{file}")).send().await.unwrap();
        assert_eq!(r.status(), 200, "{file}");
        delivered += r.bytes().await.unwrap().len() as i64;
    }
    let refused = http.get(format!("{}/play/not-a-token/{id}/master.m3u8", server.base)).send().await.unwrap();
    assert!(refused.status().is_client_error());
    eventually(Duration::from_secs(15), "the origin's bytes recorded", || async {
        recorded(&pool, "origin_egress", &id).await == delivered
    })
    .await;

    // Requests to a priced store (S3) are the item's too, at least one write per object it
    // holds and a read per object the origin served; a folder is sent none.
    if on_s3() {
        let objects = files(&server.objects_dir().join("media").join(&id)).len() as i64 + 1;
        eventually(Duration::from_secs(15), "the store's requests recorded", || async {
            recorded(&pool, "store_writes", &id).await >= objects && recorded(&pool, "store_reads", &id).await >= 2
        })
        .await;
    } else {
        assert_eq!(recorded(&pool, "store_writes", &id).await + recorded(&pool, "store_reads", &id).await, 0);
    }

    // The bytes the item holds, from the storage accounts' snapshot.
    let report = cli_json(&server, &["storage", "report", "--json"]);
    let held = report["hot_bytes"].as_i64().unwrap();
    eventually(Duration::from_secs(15), "the bytes held recorded", || async {
        sqlx::query_scalar::<_, i64>("SELECT CAST(COALESCE(SUM(quantity), 0) AS BIGINT) FROM usage_daily WHERE resource = 'storage_hot'")
            .fetch_one(&pool)
            .await
            .unwrap()
            == held
    })
    .await;
    assert_eq!(recorded(&pool, "email", "").await, 1);

    // The month's report prices each at [prices].
    let cost = cli_json(&server, &["cost", "report", "--json"]);
    let days = reel_core::ops::cost::report::Month::parse(cost["month"].as_str().unwrap()).unwrap().days() as f64;
    let by = &cost["by_resource"];
    assert_eq!(by["origin_egress"]["quantity"], delivered, "{cost}");
    close(&by["origin_egress"]["cost"], delivered as f64 / GIB as f64 * 1000.0, "origin egress");
    close(&by["transcode_cpu"]["cost"], by["transcode_cpu"]["quantity"].as_f64().unwrap() / 1000.0, "CPU at $1 a second");
    assert!(by["transcode_cpu"]["quantity"].as_i64().unwrap() >= cpu_ms);
    close(&by["storage_hot"]["cost"], held as f64 / GIB as f64 * 30.0 / days, "a day of the bytes held");
    close(&by["email"]["cost"], 0.5, "one email");
    let sum: f64 = by.as_object().unwrap().values().map(|r| r["cost"].as_f64().unwrap()).sum();
    close(&cost["total"], sum, "the total");
    let days_sum: f64 = cost["by_day"].as_array().unwrap().iter().map(|d| d["total"].as_f64().unwrap()).sum();
    close(&cost["total"], days_sum, "the days add up");
    let item = &cost["by_item"][0];
    assert_eq!((item["video_id"].as_str(), item["title"].as_str()), (Some(id.as_str()), Some("Costly")), "{cost}");
    assert_eq!(item["channel"], channel_of(&pool, ADMIN_EMAIL).await);
    assert!(cost["forecast"]["total"].as_f64().unwrap() >= cost["forecast"]["to_date"].as_f64().unwrap() - 1e-9, "{cost}");
    assert_eq!(cost["anomalies"], serde_json::json!([]));

    // The API and the pages, for admins; the same month through the API.
    let api = Api { server: &server };
    let same = api.json(Method::GET, &server.token, &format!("/admin/cost?month={}", cost["month"].as_str().unwrap()), None, 200).await;
    assert_eq!(same["by_resource"]["origin_egress"], cost["by_resource"]["origin_egress"]);
    assert_api_error(api.send(Method::GET, &server.token, "/admin/cost?month=2026-13", None).await, 400, "invalid-month").await;
    assert_api_error(api.send(Method::GET, &server.token, "/admin/cost?month=2999-01", None).await, 400, "invalid-month").await;
    for (path, expect) in [("/admin/cost", "Costly"), ("/admin/storage", "Costly")] {
        let page = http.get(format!("{}{path}", server.base)).header("cookie", &admin_cookie).send().await.unwrap();
        assert_eq!(page.status(), 200, "{path}");
        let html = page.text().await.unwrap();
        assert!(html.contains(expect) && html.contains("<svg"), "{path}: {html}");
    }
    let viewer = token(&server, "viewer@example.org", "viewer", "read,account");
    assert_api_error(api.send(Method::GET, &viewer, "/admin/cost", None).await, 403, "forbidden").await;
    let (viewer_cookie, _) = sign_in(&server, &smtp, "viewer@example.org", 1).await;
    for path in ["/admin/cost", "/admin/storage"] {
        let page = http.get(format!("{}{path}", server.base)).header("cookie", &viewer_cookie).send().await.unwrap();
        assert_eq!(page.status(), 403, "{path}");
        assert!(!page.text().await.unwrap().contains("Costly"), "{path} shows an item to a viewer");
    }
    pool.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_past_month_adds_up_at_known_prices_and_a_spike_is_an_anomaly_that_fires_the_alarm() {
    let server = TestServer::start_with(&[
        ("REEL__ALARMS__EVERY_SECS", "1"),
        ("REEL__PRICES__HOT_GB_MONTH", "30"),
        ("REEL__PRICES__ORIGIN_EGRESS_GB", "1"),
        ("REEL__PRICES__EMAIL", "0.01"),
    ]);
    let clip = make_clip(server.dir.path(), "c.mp4", &["testsrc2=size=160x120:rate=10", "sine"], 1.0, &["-shortest"]);
    let a = server.upload_ready(&clip, "Went viral").await["id"].as_str().unwrap().to_string();
    let b = server.upload_ready(&clip, "Steady").await["id"].as_str().unwrap().to_string();
    let pool = pool(&server).await;
    let channel = channel_of(&pool, ADMIN_EMAIL).await;

    // September 2025 (30 days) and the week before it: each item sends 1 GiB a day, the first
    // holds 3 GiB, ten emails go out; on the 20th the first sends 21 GiB.
    let first = reel_base::domain::qoe::day_from_date("2025-08-25").unwrap();
    let last = reel_base::domain::qoe::day_from_date("2025-09-30").unwrap();
    for day in first..=last {
        let date = reel_base::domain::qoe::date_of_day(day);
        let spike = date == "2025-09-20";
        inject(&pool, &date, "origin_egress", &a, if spike { 21 * GIB } else { GIB }).await;
        inject(&pool, &date, "origin_egress", &b, GIB).await;
        inject(&pool, &date, "storage_hot", &a, 3 * GIB).await;
        inject(&pool, &date, "email", "", 10).await;
    }
    let report = cli_json(&server, &["cost", "report", "--month", "2025-09", "--json"]);
    // Egress: 30 days × 2 GiB + 20 GiB at $1; storage: 3 GiB for a month at $30; email: 300 at 1¢.
    close(&report["by_resource"]["origin_egress"]["cost"], 80.0, "egress");
    close(&report["by_resource"]["storage_hot"]["cost"], 90.0, "storage");
    close(&report["by_resource"]["email"]["cost"], 3.0, "email");
    close(&report["total"], 173.0, "total");
    close(&report["forecast"]["total"], 173.0, "a closed month's forecast is its total");
    let days = report["by_day"].as_array().unwrap();
    assert_eq!(days.len(), 30);
    let spike_day = days.iter().find(|d| d["date"] == "2025-09-20").unwrap();
    close(&spike_day["total"], 22.0 + 3.0 + 0.1, "the 20th");
    let items = report["by_item"].as_array().unwrap();
    assert_eq!((items[0]["video_id"].as_str(), items[1]["video_id"].as_str()), (Some(a.as_str()), Some(b.as_str())));
    close(&items[0]["total"], 50.0 + 90.0, "the first item");
    close(&items[1]["total"], 30.0, "the second item");
    assert_eq!(report["by_channel"][0]["channel"], channel.as_str());
    close(&report["by_channel"][0]["total"], 170.0, "the channel (emails belong to no item)");

    // One anomaly: the 20th's egress, from the first item, all of the rise.
    let anomalies = report["anomalies"].as_array().unwrap();
    assert_eq!(anomalies.len(), 1, "{anomalies:?}");
    let spike = &anomalies[0];
    assert_eq!((spike["date"].as_str(), spike["resource"].as_str()), (Some("2025-09-20"), Some("origin_egress")));
    close(&spike["cost"], 22.0, "the spike");
    close(&spike["normal"], 2.0, "its normal");
    assert_eq!((spike["video_id"].as_str(), spike["channel"].as_str()), (Some(a.as_str()), Some(channel.as_str())));
    close(&spike["share"], 1.0, "its share");
    let text = server.cli(&["cost", "report", "--month", "2025-09"]);
    assert!(text.contains("Anomalies: 1") && text.contains("Went viral"), "{text}");

    // Bad months are refused, clearly.
    for (month, says) in [("2025-9", "YYYY-MM"), ("2999-01", "has not begun")] {
        let out = server.command().args(["cost", "report", "--month", month]).output().unwrap();
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains(says), "{month}: {}", String::from_utf8_lossy(&out.stderr));
    }

    // A spike yesterday fires the alarm, naming the item.
    let alarm = |body: &Value| body["alarms"].as_array().unwrap().iter().find(|a| a["name"] == "ReelCostAnomaly").unwrap().clone();
    let today = reel_core::ops::cost::day_of(reel_base::domain::now_ms());
    for day in today - 8..today - 1 {
        inject(&pool, &reel_base::domain::qoe::date_of_day(day), "origin_egress", &b, GIB).await;
    }
    inject(&pool, &reel_base::domain::qoe::date_of_day(today - 1), "origin_egress", &b, 40 * GIB).await;
    eventually(Duration::from_secs(20), "the cost alarm firing", || async {
        alarm(&server.get_json("/api/v1/admin/alarms").await)["state"] == "firing"
    })
    .await;
    let fired = alarm(&server.get_json("/api/v1/admin/alarms").await);
    let detail = fired["detail"].as_str().unwrap();
    assert!(detail.contains("origin_egress") && detail.contains(&b) && detail.contains("Steady"), "{fired}");
    pool.close().await;
}
