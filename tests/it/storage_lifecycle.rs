//! Storage accounting and the lifecycle rules, on the embedded default and on S3: the accounts
//! match a listing of the store (walked on disk, not through Reel) after uploads, moves and
//! deletes; items past a rule's age move to the cold tier (another folder or bucket) and still
//! play from it; a dry run changes nothing; a pinned item is left alone; a removed original is
//! gone, recorded on the item, which still plays; every action is audited. On an S3 server
//! with storage classes (moto), objects moved to an archive class have it (asked with boto3),
//! and a viewer asking for one gets a retryable 503 while a job restores the item.

// suite: backends

use std::path::{Path, PathBuf};

use reqwest::Method;
use serde_json::{json, Value};

use crate::collections::{token, Api};
use crate::common::moto::MotoServer;
use crate::common::{assert_api_error, eventually, files, make_clip, on_s3, TestServer};

const CLIP: &[&str] = &["testsrc2=size=320x240:rate=25", "sine"];

/// A cold tier for a test server: a second bucket on the test S3 server, or a second folder
/// (inside `dir`) on the embedded default. Returns the setting and the folder its objects are
/// files in.
fn cold_tier(dir: &Path) -> ((&'static str, String), PathBuf) {
    if on_s3() {
        let bucket = format!("reel-cold-{}", uuid::Uuid::new_v4().simple());
        let folder = crate::common::bucket_dir(&format!("s3://{bucket}"));
        std::fs::create_dir_all(&folder).unwrap();
        (("REEL__STORAGE__COLD__URL", format!("s3://{bucket}")), folder)
    } else {
        let folder = dir.join("cold");
        (("REEL__STORAGE__COLD__URL", format!("file://{}", folder.display())), folder)
    }
}

fn bytes_under(folder: &Path, prefix: &str) -> u64 {
    files(folder).iter().filter(|(k, _)| k.starts_with(prefix)).map(|(_, s)| s).sum()
}

/// Moves an item's `ready_at` (and so its last activity) `days` into the past.
async fn age(server: &TestServer, id: &str, days: i64) {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&server.database_url()).await.unwrap();
    sqlx::query("UPDATE videos SET ready_at = ready_at - $1 WHERE id = $2").bind(days * 86_400_000).bind(id).execute(&pool).await.unwrap();
    pool.close().await;
}

fn cli_json(server: &TestServer, args: &[&str]) -> Value {
    serde_json::from_str(&server.cli(args)).expect("JSON from the command")
}

/// A run's `monthly_after` is the bill the storage report gives once it is done.
fn same_bill(report: &Value, after: &Value) {
    let (report, after) = (report.as_f64().unwrap(), after.as_f64().unwrap());
    assert!((report - after).abs() <= 1e-9 * report.max(1e-12), "the storage report says {report}, the run said {after}");
}

fn rule<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["rules"].as_array().unwrap().iter().find(|r| r["rule"] == name).unwrap_or_else(|| panic!("no {name} in {report}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn accounts_match_the_store_through_uploads_and_deletes_and_only_managers_see_them() {
    let cold_dir = tempfile::tempdir().unwrap();
    let (cold, _) = cold_tier(cold_dir.path());
    let server = TestServer::start_with(&[(cold.0, cold.1.as_str())]);
    let clip = make_clip(server.dir.path(), "c.mp4", CLIP, 3.0, &["-shortest"]);
    let a = server.upload_ready(&clip, "Kept").await["id"].as_str().unwrap().to_string();
    let b = server.upload_ready(&clip, "Deleted").await["id"].as_str().unwrap().to_string();

    // The accounts equal what is on disk, counted here without Reel.
    server.cli(&["storage", "check"]);
    let report = cli_json(&server, &["storage", "report", "--json"]);
    let on_disk: u64 = files(&server.objects_dir()).iter().map(|(_, s)| s).sum();
    assert_eq!(report["hot_bytes"].as_u64(), Some(on_disk), "{report}");
    assert_eq!(report["cold_bytes"], 0);
    let kinds: Vec<&str> = report["by_kind"].as_array().unwrap().iter().map(|u| u["kind"].as_str().unwrap()).collect();
    for kind in ["original", "rendition", "download", "image", "index"] {
        assert!(kinds.contains(&kind), "{kind} missing from {kinds:?}");
    }
    let biggest: Vec<&str> = report["biggest"].as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap()).collect();
    assert!(biggest.contains(&a.as_str()) && biggest.contains(&b.as_str()), "{biggest:?}");
    assert!(report["monthly_cost"].as_f64().unwrap() > 0.0);

    // The item's own size: its files, to its owner (the admin here) only.
    let own = bytes_under(&server.objects_dir(), &format!("media/{a}")) + bytes_under(&server.objects_dir(), &format!("sources/{a}"));
    let video = server.get_json(&format!("/api/v1/videos/{a}")).await;
    assert_eq!(video["storage_bytes"].as_u64(), Some(own), "{video}");
    let api = Api { server: &server };
    let viewer = token(&server, "viewer@example.org", "viewer", "read,account");
    let seen = api.json(Method::GET, &viewer, &format!("/videos/{a}"), None, 200).await;
    assert!(seen.get("storage_bytes").is_none(), "a viewer sees no storage: {seen}");
    assert_api_error(api.send(Method::GET, &viewer, &format!("/videos/{a}/storage"), None).await, 403, "forbidden").await;
    assert_api_error(api.send(Method::GET, &viewer, "/admin/storage", None).await, 403, "forbidden").await;
    let detail = api.json(Method::GET, &server.token, &format!("/videos/{a}/storage"), None, 200).await;
    let renditions = detail["objects"].as_array().unwrap().iter().filter(|u| u["kind"] == "rendition").count();
    assert!(renditions >= 2, "objects by rendition: {detail}");

    // Deleting an item takes its accounts with it.
    api.json(Method::DELETE, &server.token, &format!("/videos/{b}"), None, 204).await;
    server.cli(&["storage", "check"]);
    let after = api.json(Method::GET, &server.token, "/admin/storage", None, 200).await;
    let on_disk: u64 = files(&server.objects_dir()).iter().map(|(_, s)| s).sum();
    assert_eq!(after["hot_bytes"].as_u64(), Some(on_disk), "{after}");
    assert!(!after["biggest"].as_array().unwrap().iter().any(|h| h["id"] == b.as_str()));
}

#[tokio::test(flavor = "multi_thread")]
async fn old_and_idle_items_move_to_the_cold_tier_and_still_play_from_it() {
    let cold_dir = tempfile::tempdir().unwrap();
    let (cold, cold_folder) = cold_tier(cold_dir.path());
    let server = TestServer::start_with(&[
        (cold.0, cold.1.as_str()),
        ("REEL__LIFECYCLE__ORIGINALS_COLD_AFTER_DAYS", "2"),
        ("REEL__LIFECYCLE__RENDITIONS_COLD_AFTER_IDLE_DAYS", "2"),
    ]);
    let clip = make_clip(server.dir.path(), "c.mp4", CLIP, 3.0, &["-shortest"]);
    let old = server.upload_ready(&clip, "Old").await["id"].as_str().unwrap().to_string();
    let pinned = server.upload_ready(&clip, "Pinned").await["id"].as_str().unwrap().to_string();
    let fresh = server.upload_ready(&clip, "Fresh").await["id"].as_str().unwrap().to_string();
    let api = Api { server: &server };
    let pin = api.json(Method::PUT, &server.token, &format!("/videos/{pinned}/storage"), Some(json!({"pinned": true})), 200).await;
    assert_eq!(pin["storage_pinned"], true);
    age(&server, &old, 3).await;
    age(&server, &pinned, 3).await;
    let hot = server.objects_dir();
    let original = bytes_under(&hot, &format!("sources/{old}"));
    let media_before = files(&hot).into_iter().filter(|(k, _)| k.starts_with(&format!("media/{old}/"))).collect::<Vec<_>>();

    // A dry run says what would move and changes nothing.
    let dry = cli_json(&server, &["lifecycle", "run", "--dry-run", "--json"]);
    assert_eq!(dry["dry_run"], true);
    let originals = rule(&dry, "originals_to_cold");
    assert_eq!((originals["items"].as_u64(), originals["bytes"].as_u64()), (Some(1), Some(original)), "{dry}");
    assert_eq!(originals["examples"][0]["id"], old.as_str());
    assert_eq!(rule(&dry, "renditions_to_cold")["items"], 1, "{dry}");
    assert!(dry["monthly_after"].as_f64().unwrap() < dry["monthly_before"].as_f64().unwrap(), "{dry}");
    assert!(files(&cold_folder).is_empty(), "a dry run moved something");
    server.cli(&["storage", "check"]);

    let run = cli_json(&server, &["lifecycle", "run", "--json"]);
    assert_eq!(
        run["bytes_moved"],
        dry["rules"].as_array().unwrap().iter().map(|r| r["bytes"].as_u64().unwrap()).sum::<u64>()
            - rule(&dry, "abandoned_uploads")["bytes"].as_u64().unwrap()
    );
    // Moved: the original, every segment, the download and the index, now files of the cold
    // folder and not the hot one; poster and storyboard stay hot; the others are untouched.
    assert_eq!(bytes_under(&cold_folder, &format!("sources/{old}")), original);
    assert_eq!(bytes_under(&hot, &format!("sources/{old}")), 0);
    for (key, size) in &media_before {
        let image = key.ends_with("poster.jpg") || key.ends_with("storyboard.jpg");
        let (should, shouldnt) = if image { (&hot, &cold_folder) } else { (&cold_folder, &hot) };
        assert_eq!(std::fs::metadata(should.join(key)).map(|m| m.len()).ok(), Some(*size), "{key}");
        assert!(!shouldnt.join(key).exists(), "{key} is in both tiers");
    }
    for id in [&pinned, &fresh] {
        assert_eq!(
            bytes_under(&cold_folder, &format!("media/{id}")) + bytes_under(&cold_folder, &format!("sources/{id}")),
            0,
            "{id} moved"
        );
    }
    server.cli(&["storage", "check"]);
    let report = cli_json(&server, &["storage", "report", "--json"]);
    assert_eq!(report["cold_bytes"].as_u64(), Some(files(&cold_folder).iter().map(|(_, s)| s).sum::<u64>()));
    same_bill(&report["monthly_cost"], &run["monthly_after"]);

    // It plays, every byte read from the cold tier.
    let video = server.get_json(&format!("/api/v1/videos/{old}")).await;
    let prefix = crate::common::play_prefix(&video);
    let http = server.http();
    let master = http.get(format!("{prefix}/master.m3u8")).send().await.unwrap();
    assert_eq!(master.status(), 200);
    let (rendition, _) =
        media_before.iter().find(|(k, _)| k.ends_with("/00000.m4s")).map(|(k, s)| (k.split('/').nth(2).unwrap().to_string(), s)).unwrap();
    for file in ["init.mp4", "00000.m4s"] {
        let got = http.get(format!("{prefix}/{rendition}/{file}")).send().await.unwrap();
        assert_eq!(got.status(), 200, "{file}");
        let body = got.bytes().await.unwrap();
        assert_eq!(body.as_ref(), std::fs::read(cold_folder.join(format!("media/{old}/{rendition}/{file}"))).unwrap().as_slice());
    }
    let download = http.get(format!("{prefix}/download.mp4")).send().await.unwrap();
    assert_eq!(download.status(), 200);

    // Audited, once per item and rule; a second run has nothing left to do.
    let audit = api.json(Method::GET, &server.token, "/admin/audit", None, 200).await.to_string();
    assert!(audit.contains("lifecycle.originals_to_cold") && audit.contains("lifecycle.renditions_to_cold"), "{audit}");
    let again = cli_json(&server, &["lifecycle", "run", "--json"]);
    assert_eq!(again["bytes_moved"], 0, "{again}");
    assert!(audit.contains(&old));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_removed_original_is_gone_and_recorded_and_the_item_still_plays() {
    let cold_dir = tempfile::tempdir().unwrap();
    let (cold, cold_folder) = cold_tier(cold_dir.path());
    let server = TestServer::start_with(&[
        (cold.0, cold.1.as_str()),
        ("REEL__LIFECYCLE__ORIGINALS_COLD_AFTER_DAYS", "10"),
        ("REEL__LIFECYCLE__ORIGINALS_DELETE_AFTER_DAYS", "30"),
    ]);
    let clip = make_clip(server.dir.path(), "c.mp4", CLIP, 3.0, &["-shortest"]);
    let id = server.upload_ready(&clip, "Old").await["id"].as_str().unwrap().to_string();
    let young = server.upload_ready(&clip, "Young").await["id"].as_str().unwrap().to_string();
    age(&server, &id, 31).await;
    age(&server, &young, 15).await;
    let hot = server.objects_dir();
    let size = bytes_under(&hot, &format!("sources/{id}"));
    assert!(size > 0);

    let dry = cli_json(&server, &["lifecycle", "run", "--dry-run", "--json"]);
    assert_eq!(rule(&dry, "originals_delete")["bytes"].as_u64(), Some(size), "{dry}");
    assert_eq!(bytes_under(&hot, &format!("sources/{id}")), size, "a dry run removed it");
    let run = cli_json(&server, &["lifecycle", "run", "--json"]);
    assert_eq!(run["bytes_removed"].as_u64(), Some(size), "{run}");
    same_bill(&cli_json(&server, &["storage", "report", "--json"])["monthly_cost"], &run["monthly_after"]);
    assert_eq!(bytes_under(&hot, &format!("sources/{id}")) + bytes_under(&cold_folder, &format!("sources/{id}")), 0);
    // The younger original went to cold; the one the removal took was not copied there first.
    let moved = rule(&run, "originals_to_cold");
    assert_eq!((moved["items"].as_u64(), moved["examples"][0]["id"].as_str()), (Some(1), Some(young.as_str())), "{run}");
    assert!(bytes_under(&cold_folder, &format!("sources/{young}")) > 0);
    server.cli(&["storage", "check"]);
    let api = Api { server: &server };
    let storage = api.json(Method::GET, &server.token, &format!("/videos/{id}/storage"), None, 200).await;
    assert!(storage["original_removed_at"].is_string(), "{storage}");
    // The item still plays without it.
    let video = server.get_json(&format!("/api/v1/videos/{id}")).await;
    assert_eq!(video["status"], "ready");
    let prefix = crate::common::play_prefix(&video);
    assert_eq!(server.http().get(format!("{prefix}/master.m3u8")).send().await.unwrap().status(), 200);
    let audit = api.json(Method::GET, &server.token, "/admin/audit", None, 200).await.to_string();
    assert!(audit.contains("lifecycle.originals_delete"), "{audit}");
}

#[tokio::test(flavor = "multi_thread")]
async fn archived_items_have_the_class_on_s3_and_are_restored_on_demand_with_a_retryable_answer_meanwhile() {
    let moto = MotoServer::start();
    let bucket = "reel-archive";
    moto.boto3("s3.create_bucket(Bucket=sys.argv[1])", &[bucket]);
    let server = TestServer::start_with(&[
        ("REEL__STORAGE__URL", "s3://reel-archive"),
        ("REEL__STORAGE__S3_ENDPOINT", moto.endpoint.as_str()),
        ("REEL__STORAGE__S3_PATH_STYLE", "true"),
        ("REEL__STORAGE__S3_ACCESS_KEY_ID", "reel"),
        ("REEL__STORAGE__S3_SECRET_ACCESS_KEY", "reel-secret"),
        ("REEL__STORAGE__COLD__STORAGE_CLASS", "DEEP_ARCHIVE"),
        ("REEL__STORAGE__COLD__RESTORE_CHECK_SECS", "1"),
        ("REEL__LIFECYCLE__ORIGINALS_COLD_AFTER_DAYS", "2"),
        ("REEL__LIFECYCLE__RENDITIONS_COLD_AFTER_IDLE_DAYS", "2"),
    ]);
    let clip = make_clip(server.dir.path(), "c.mp4", CLIP, 3.0, &["-shortest"]);
    let video = server.upload_ready(&clip, "Archived").await;
    let id = video["id"].as_str().unwrap().to_string();
    let api = Api { server: &server };
    let list = "for o in s3.list_objects_v2(Bucket=sys.argv[1], Prefix=sys.argv[2])['Contents']: print(o['Key'])";
    let keys = moto.boto3(list, &[bucket, &format!("media/{id}/")]);
    let segment = keys.lines().find(|k| k.ends_with("/00000.m4s")).unwrap_or_else(|| panic!("no first segment in {keys}")).to_string();
    let original = format!("sources/{id}/original");
    assert_eq!(moto.storage_class(bucket, &segment), "STANDARD");

    age(&server, &id, 3).await;
    let run = cli_json(&server, &["lifecycle", "run", "--json"]);
    assert!(run["bytes_moved"].as_u64().unwrap() > 0, "{run}");
    // What S3 itself says of the moved objects; the poster stays readable in the hot class.
    assert_eq!(moto.storage_class(bucket, &segment), "DEEP_ARCHIVE");
    assert_eq!(moto.storage_class(bucket, &original), "DEEP_ARCHIVE");
    assert_eq!(moto.storage_class(bucket, &format!("media/{id}/poster.jpg")), "STANDARD");
    let stored = cli_json(&server, &["storage", "report", "--json"]);
    assert!(stored["cold_bytes"].as_u64().unwrap() > 0, "{stored}");

    // A viewer asking for a segment is told to come back, with the time to wait, and a job
    // restores the item and copies it back hot; then the same URL plays.
    let prefix = crate::common::play_prefix(&server.get_json(&format!("/api/v1/videos/{id}")).await);
    let url = format!("{prefix}/{}", segment.splitn(3, '/').nth(2).unwrap());
    let http = server.http();
    let first = http.get(&url).send().await.unwrap();
    assert_eq!(first.status(), 503);
    assert_eq!(first.headers()["retry-after"], "1");
    assert_eq!(first.json::<Value>().await.unwrap()["code"], "restoring");
    eventually(std::time::Duration::from_secs(60), "the segment restored", || async {
        http.get(&url).send().await.unwrap().status() == 200
    })
    .await;
    let body = http.get(&url).send().await.unwrap().bytes().await.unwrap();
    assert!(body.len() > 100, "a segment's bytes");
    eventually(std::time::Duration::from_secs(60), "every object back hot", || async {
        cli_json(&server, &["storage", "report", "--json"])["cold_bytes"] == 0
    })
    .await;
    assert_eq!(moto.storage_class(bucket, &segment), "STANDARD");
    assert_eq!(moto.storage_class(bucket, &original), "STANDARD");
    server.cli(&["storage", "check"]);
    let audit = api.json(Method::GET, &server.token, "/admin/audit", None, 200).await.to_string();
    assert!(audit.contains("lifecycle.restored"), "{audit}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dropped_top_rung_leaves_the_manifest_and_comes_back_once_a_viewer_asks() {
    let cold_dir = tempfile::tempdir().unwrap();
    let (cold, cold_folder) = cold_tier(cold_dir.path());
    let server = TestServer::start_with(&[
        (cold.0, cold.1.as_str()),
        ("REEL__LIFECYCLE__RENDITIONS_DROP_AFTER_IDLE_DAYS", "30"),
        ("REEL__LIFECYCLE__RENDITIONS_KEEP_RUNGS", "1"),
        ("REEL__LIFECYCLE__RENDITIONS_COLD_AFTER_IDLE_DAYS", "30"),
        ("REEL__LIFECYCLE__ORIGINALS_DELETE_AFTER_DAYS", "60"),
    ]);
    let clip = make_clip(server.dir.path(), "c.mp4", &["testsrc2=size=960x540:rate=25", "sine"], 6.0, &["-shortest"]);
    let id = server.upload_ready(&clip, "Idle").await["id"].as_str().unwrap().to_string();
    // What the first transcode made, read from the store's files (no request through Reel, so
    // no cache holds the index yet).
    let hot = server.objects_dir();
    let index: Value = serde_json::from_slice(&std::fs::read(hot.join(format!("media/{id}/package.json"))).unwrap()).unwrap();
    let names: Vec<&str> = index["renditions"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["540p", "360p", "audio"]);
    let top = format!("media/{id}/540p/");
    let top_bytes = bytes_under(&hot, &top);
    let init_before = std::fs::read(hot.join(format!("{top}init.mp4"))).unwrap();
    let segments = index["renditions"][0]["segments"].as_array().unwrap().len();
    age(&server, &id, 31).await;

    let dry = cli_json(&server, &["lifecycle", "run", "--dry-run", "--json"]);
    let drop = rule(&dry, "renditions_drop_top");
    assert_eq!((drop["items"].as_u64(), drop["bytes"].as_u64()), (Some(1), Some(top_bytes)), "{dry}");
    assert_eq!(bytes_under(&hot, &top), top_bytes, "a dry run removed it");
    let run = cli_json(&server, &["lifecycle", "run", "--json"]);
    assert_eq!(rule(&run, "renditions_drop_top")["bytes"].as_u64(), Some(top_bytes), "{run}");
    // The rest of the idle item went cold, without counting the dropped rung a second time.
    assert_eq!(rule(&run, "renditions_to_cold")["items"].as_u64(), Some(1), "{run}");
    same_bill(&cli_json(&server, &["storage", "report", "--json"])["monthly_cost"], &run["monthly_after"]);
    same_bill(&dry["monthly_after"], &run["monthly_after"]);
    assert_eq!(bytes_under(&hot, &top) + bytes_under(&cold_folder, &top), 0);
    server.cli(&["storage", "check"]);

    // The original stays while the rung is away, though it is past the removal age.
    age(&server, &id, 30).await;
    let again = cli_json(&server, &["lifecycle", "run", "--json"]);
    assert_eq!(rule(&again, "originals_delete")["items"].as_u64(), Some(0), "{again}");
    assert!(bytes_under(&hot, &format!("sources/{id}")) > 0);

    let video = server.get_json(&format!("/api/v1/videos/{id}")).await;
    let prefix = crate::common::play_prefix(&video);
    let http = server.http();
    let master = http.get(format!("{prefix}/master.m3u8")).send().await.unwrap().text().await.unwrap();
    assert!(master.contains("/360p/index.m3u8") && !master.contains("/540p/"), "{master}");
    // A player holding a manifest from before the drop is told to wait, not that it is gone.
    let asked = http.get(format!("{prefix}/540p/index.m3u8")).send().await.unwrap();
    assert_eq!(asked.status(), 503);
    assert_eq!(asked.headers()["retry-after"], "30");
    assert_eq!(asked.json::<Value>().await.unwrap()["code"], "remaking");

    eventually(std::time::Duration::from_secs(120), "the dropped rung made again", || async {
        let master = http.get(format!("{prefix}/master.m3u8")).send().await.unwrap().text().await.unwrap();
        master.contains("/540p/index.m3u8")
    })
    .await;
    let playlist = http.get(format!("{prefix}/540p/index.m3u8")).send().await.unwrap().text().await.unwrap();
    assert_eq!(playlist.matches("#EXTINF").count(), segments, "{playlist}");
    let init = http.get(format!("{prefix}/540p/init.mp4")).send().await.unwrap().bytes().await.unwrap();
    assert_eq!(&init[..], &init_before[..], "the rung made again has the first one's parameter sets");
    for n in 0..segments {
        let segment = http.get(format!("{prefix}/540p/{n:05}.m4s")).send().await.unwrap();
        assert_eq!(segment.status(), 200);
        assert!(!segment.bytes().await.unwrap().is_empty());
    }
    assert!(bytes_under(&hot, &top) > 0);
    server.cli(&["storage", "check"]);
    let api = Api { server: &server };
    let audit = api.json(Method::GET, &server.token, "/admin/audit", None, 200).await.to_string();
    assert!(audit.contains("lifecycle.renditions_drop_top") && audit.contains("lifecycle.rungs_remade"), "{audit}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_item_is_transcoded_again_beside_what_it_plays_and_a_removed_original_is_refused() {
    let server = TestServer::start_with(&[("REEL__LIFECYCLE__ORIGINALS_DELETE_AFTER_DAYS", "30")]);
    let clip = make_clip(server.dir.path(), "c.mp4", CLIP, 3.0, &["-shortest"]);
    let id = server.upload_ready(&clip, "Again").await["id"].as_str().unwrap().to_string();
    let gone = server.upload_ready(&clip, "Gone").await["id"].as_str().unwrap().to_string();
    age(&server, &gone, 31).await;
    server.cli(&["lifecycle", "run"]);
    let api = Api { server: &server };
    let post = |id: &str| format!("/videos/{id}/reprocess");
    let refused = api.send(Method::POST, &server.token, &post(&gone), None).await;
    assert_api_error(refused, 409, "original-removed").await;
    let stranger = token(&server, "stranger@example.com", "creator", "read,account,upload");
    let refused = api.send(Method::POST, &stranger, &post(&id), None).await;
    assert_eq!(refused.status(), 403);

    let video = server.get_json(&format!("/api/v1/videos/{id}")).await;
    let prefix = crate::common::play_prefix(&video);
    let http = server.http();
    let get = |path: String| {
        let http = http.clone();
        async move { http.get(path).send().await.unwrap() }
    };
    let old_playlist = get(format!("{prefix}/240p/index.m3u8")).await.text().await.unwrap();
    assert!(old_playlist.contains("#EXT-X-ENDLIST"), "{old_playlist}");
    let queued = api.json(Method::POST, &server.token, &post(&id), None, 202).await;
    assert_eq!(queued["generation"], 1, "{queued}");
    eventually(std::time::Duration::from_secs(60), "the new renditions listed", || async {
        get(format!("{prefix}/master.m3u8")).await.text().await.unwrap().contains("/240p-r1/index.m3u8")
    })
    .await;
    let master = get(format!("{prefix}/master.m3u8")).await.text().await.unwrap();
    assert!(!master.contains("/240p/") && master.contains("/audio-r1/"), "{master}");
    for rendition in ["240p-r1", "audio-r1"] {
        assert_eq!(get(format!("{prefix}/{rendition}/init.mp4")).await.status(), 200);
        assert_eq!(get(format!("{prefix}/{rendition}/00000.m4s")).await.status(), 200);
    }
    // A player that holds the old playlist plays on.
    assert_eq!(get(format!("{prefix}/240p/index.m3u8")).await.text().await.unwrap(), old_playlist);
    assert_eq!(get(format!("{prefix}/240p/00000.m4s")).await.status(), 200);
    assert_eq!(server.get_json(&format!("/api/v1/videos/{id}")).await["status"], "ready");
    server.cli(&["storage", "check"]);

    // Once their time is up the old renditions go, from the index and the store.
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&server.database_url()).await.unwrap();
    sqlx::query("UPDATE jobs SET run_after = 0 WHERE kind = 'retire_renditions'").execute(&pool).await.unwrap();
    pool.close().await;
    let hot = server.objects_dir();
    eventually(std::time::Duration::from_secs(30), "the old renditions removed", || async {
        bytes_under(&hot, &format!("media/{id}/240p/")) + bytes_under(&hot, &format!("media/{id}/audio/")) == 0
    })
    .await;
    assert!(bytes_under(&hot, &format!("media/{id}/240p-r1/")) > 0);
    assert_eq!(get(format!("{prefix}/240p/00000.m4s")).await.status(), 404);
    server.cli(&["storage", "check"]);
    let audit = api.json(Method::GET, &server.token, "/admin/audit", None, 200).await.to_string();
    assert!(audit.contains("video.reprocess_requested") && audit.contains("video.reprocessed"), "{audit}");
}
