//! `reel keys rotate-master` against the real server: every envelope moves under the new
//! master key while a player keeps fetching the key and segments, the key a player holds never
//! changes, an interrupted rotation is finished by the next run, and an envelope no key opens
//! is named and left as it was.

// suite: backends

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use sqlx::AnyPool;

use crate::common::{make_clip, play_prefix, TestServer};

const AV: &[&str] = &["testsrc2=size=320x240:rate=25", "sine=frequency=440:sample_rate=48000"];

async fn pool(server: &TestServer) -> AnyPool {
    sqlx::any::install_default_drivers();
    AnyPool::connect(&server.database_url()).await.unwrap()
}

async fn envelope(pool: &AnyPool, id: &str) -> String {
    sqlx::query_scalar("SELECT content_key FROM videos WHERE id = $1").bind(id).fetch_one(pool).await.unwrap()
}

async fn set_envelope(pool: &AnyPool, id: &str, wrapped: &str) {
    sqlx::query("UPDATE videos SET content_key = $1 WHERE id = $2").bind(wrapped).bind(id).execute(pool).await.unwrap();
}

fn key_file(server: &TestServer, name: &str) -> Option<String> {
    std::fs::read_to_string(server.data_dir().join("secrets").join(name)).ok()
}

/// Runs `reel keys rotate-master`: (succeeded, stderr).
async fn rotate_master(server: &TestServer) -> (bool, String) {
    let mut command = server.command();
    let out = tokio::task::spawn_blocking(move || command.args(["keys", "rotate-master"]).output().unwrap()).await.unwrap();
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// A player fetching the key and the first segment of `segment_url` in a loop until told to
/// stop: the rounds made and the fetches that failed (anything but 200 and the expected key).
fn keep_playing(
    http: reqwest::Client,
    prefix: String,
    segment_url: String,
    key: Vec<u8>,
    stop: Arc<AtomicBool>,
) -> tokio::task::JoinHandle<(u64, Vec<String>)> {
    let fetched = Arc::new(AtomicU64::new(0));
    tokio::spawn(async move {
        let mut failures = Vec::new();
        while !stop.load(Ordering::Relaxed) {
            let r = http.get(format!("{prefix}/key")).send().await.unwrap();
            let status = r.status();
            let body = r.bytes().await.unwrap();
            if status != 200 || body.as_ref() != key.as_slice() {
                failures.push(format!("key: {status}"));
            }
            let r = http.get(&segment_url).send().await.unwrap();
            if r.status() != 200 {
                failures.push(format!("segment: {}", r.status()));
            }
            fetched.fetch_add(1, Ordering::Relaxed);
        }
        (fetched.load(Ordering::Relaxed), failures)
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn the_master_key_rotates_while_a_video_plays_and_an_interrupted_rotation_is_finished_by_the_next() {
    let server = TestServer::start_with(&[("REEL__PACKAGING__ENCRYPTION", "aes-128")]);
    let clip = make_clip(server.dir.path(), "av.mp4", AV, 4.0, &["-shortest"]);
    let video = server.upload_ready(&clip, "Rotated").await;
    let id = video["id"].as_str().unwrap().to_string();
    let prefix = play_prefix(&video);
    let http = server.http();
    let key = http.get(format!("{prefix}/key")).send().await.unwrap().bytes().await.unwrap().to_vec();
    assert_eq!(key.len(), 16);
    let db = pool(&server).await;
    let (first_master, first_envelope) = (key_file(&server, "master.key").unwrap(), envelope(&db, &id).await);
    assert!(key_file(&server, "master.previous.key").is_none());

    // Rotated while a player fetches the key and a segment over and over: not one miss.
    let stop = Arc::new(AtomicBool::new(false));
    let segment_url = format!("{prefix}/{}/00000.m4s", video["renditions"][0]["name"].as_str().unwrap());
    let player = keep_playing(http.clone(), prefix.clone(), segment_url, key.clone(), stop.clone());
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (ok, said) = rotate_master(&server).await;
    assert!(ok, "{said}");
    assert!(said.contains("new master key; 1 re-wrapped, 0 already current, 0 unopenable"), "{said}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, Ordering::Relaxed);
    let (fetched, failures) = player.await.unwrap();
    assert!(failures.is_empty(), "{failures:?}");
    assert!(fetched >= 4, "the player kept going ({fetched} rounds)");

    // A new master key; the old one kept as the previous; the envelope moved; the key the
    // player holds is the same.
    let second_master = key_file(&server, "master.key").unwrap();
    assert_ne!(second_master, first_master);
    assert_eq!(key_file(&server, "master.previous.key").unwrap(), first_master);
    let second_envelope = envelope(&db, &id).await;
    assert_ne!(second_envelope, first_envelope);
    assert_eq!(http.get(format!("{prefix}/key")).send().await.unwrap().bytes().await.unwrap().as_ref(), key.as_slice());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for file in ["master.key", "master.previous.key"] {
            let mode = std::fs::metadata(server.data_dir().join("secrets").join(file)).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{file}");
        }
    }

    // A video processed after the rotation is wrapped under the new key and plays.
    let later = server.upload_ready(&clip, "After").await;
    let later_key = http.get(format!("{}/key", play_prefix(&later))).send().await.unwrap();
    assert_eq!(later_key.status(), 200);

    // A run stopped before reaching a row leaves its envelope under the previous key: after a
    // second rotation, put the first rotation's envelope back (it is under what is now the
    // previous key). It still plays, and the next run finishes it before making a new key.
    assert!(rotate_master(&server).await.0);
    set_envelope(&db, &id, &second_envelope).await;
    assert_eq!(http.get(format!("{prefix}/key")).send().await.unwrap().bytes().await.unwrap().as_ref(), key.as_slice());
    let (ok, said) = rotate_master(&server).await;
    assert!(ok, "{said}");
    assert!(said.contains("finished an earlier rotation (1 re-wrapped); new master key; 2 re-wrapped"), "{said}");
    assert_eq!(http.get(format!("{prefix}/key")).send().await.unwrap().bytes().await.unwrap().as_ref(), key.as_slice());
    let opened_by_current = envelope(&db, &id).await;
    assert_ne!(opened_by_current, second_envelope, "the straggler moved");

    // A database restored from before all this holds the very first envelope, under a key now
    // retired: it still plays, and the next rotation moves it on before making its new key.
    set_envelope(&db, &id, &first_envelope).await;
    assert_eq!(http.get(format!("{prefix}/key")).send().await.unwrap().bytes().await.unwrap().as_ref(), key.as_slice());
    let (ok, said) = rotate_master(&server).await;
    assert!(ok && said.contains("finished an earlier rotation (1 re-wrapped)"), "{said}");
    let retired = std::fs::read_dir(server.data_dir().join("secrets"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().starts_with("master.retired-"));
    assert_eq!(retired.count(), 3, "every key older than the previous one is kept");

    // An envelope no key opens (damaged here) is named, the rotation refused, and the row left
    // as it was; other videos play on.
    let mut damaged = envelope(&db, &id).await.into_bytes();
    damaged[40] = if damaged[40] == b'0' { b'1' } else { b'0' };
    let damaged = String::from_utf8(damaged).unwrap();
    set_envelope(&db, &id, &damaged).await;
    let master_before = key_file(&server, "master.key");
    let (ok, said) = rotate_master(&server).await;
    assert!(!ok, "{said}");
    assert!(said.contains("open with no master key kept") && said.contains(&id), "{said}");
    assert_eq!(envelope(&db, &id).await, damaged);
    assert_eq!(key_file(&server, "master.key"), master_before, "no new key while one cannot be opened");
    assert_eq!(http.get(format!("{prefix}/key")).send().await.unwrap().status(), 500, "that video's key is lost, as reported");
    let later_id = later["id"].as_str().unwrap();
    assert_eq!(http.get(format!("{}/key", play_prefix(&later))).send().await.unwrap().status(), 200, "{later_id} is unaffected");

    // Two runs at once: the second is refused while the first holds the lock.
    let lock = std::fs::File::open(server.data_dir().join("secrets/rotate-master.lock")).unwrap();
    lock.lock().unwrap();
    let (ok, said) = rotate_master(&server).await;
    assert!(!ok && said.contains("another `reel keys rotate-master` is running"), "{said}");
    drop(lock);

    // Each rotation is in the audit log.
    let audit: Vec<Value> = server.get_json("/api/v1/admin/audit").await.as_array().unwrap().clone();
    assert_eq!(audit.iter().filter(|a| a["action"] == "master_key.rotated").count(), 4, "{audit:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn with_a_configured_master_key_the_operator_gives_the_new_one_and_the_rotation_re_wraps() {
    let (old, new) = ("1f".repeat(32), "2e".repeat(32));
    let mut server = TestServer::start_with(&[("REEL__PACKAGING__ENCRYPTION", "aes-128"), ("REEL__PACKAGING__MASTER_KEY", &old)]);
    let clip = make_clip(server.dir.path(), "av.mp4", AV, 4.0, &["-shortest"]);
    let video = server.upload_ready(&clip, "Configured").await;
    let id = video["id"].as_str().unwrap().to_string();
    let prefix = play_prefix(&video);
    let key = server.http().get(format!("{prefix}/key")).send().await.unwrap().bytes().await.unwrap().to_vec();

    // Without the new key configured there is nothing to rotate to: refused, with what to do.
    let (ok, said) = rotate_master(&server).await;
    assert!(!ok && said.contains("master_key_previous"), "{said}");
    assert!(!server.data_dir().join("secrets/master.key").exists(), "no key is made beside a configured one");

    // The operator's step: the new key and the old one as previous, and a restart.
    server.set_setting("REEL__PACKAGING__MASTER_KEY", Some(&new));
    server.set_setting("REEL__PACKAGING__MASTER_KEY_PREVIOUS", Some(&old));
    server.restart();
    let prefix = play_prefix(&server.get_json(&format!("/api/v1/videos/{id}")).await);
    assert_eq!(
        server.http().get(format!("{prefix}/key")).send().await.unwrap().bytes().await.unwrap().to_vec(),
        key,
        "opened by the previous key"
    );
    let (ok, said) = rotate_master(&server).await;
    assert!(ok && said.contains("1 re-wrapped"), "{said}");

    // With the previous key gone, the video plays on under the new key alone.
    server.set_setting("REEL__PACKAGING__MASTER_KEY_PREVIOUS", None);
    server.restart();
    let prefix = play_prefix(&server.get_json(&format!("/api/v1/videos/{id}")).await);
    assert_eq!(server.http().get(format!("{prefix}/key")).send().await.unwrap().bytes().await.unwrap().to_vec(), key);
}
