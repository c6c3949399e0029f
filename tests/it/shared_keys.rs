//! Two hosts' worth of processes that share no data folder, only the database, the store and
//! keys given by configuration (values and mounted files): a sign-in code asked for on one is
//! accepted by the other, so is the SMS receipt link it signed, a playback token and an
//! encrypted video's key work on both, and the access log hashes a viewer alike. A third
//! process without those keys accepts none of it, which shows the keys are what is shared.

// suite: backends

use std::time::Duration;

use serde_json::{json, Value};

use crate::common::{make_clip, on_postgres, on_s3, play_prefix, TestServer};
use crate::operations::sms_provider;

const AV: &[&str] = &["testsrc2=size=320x240:rate=25", "sine=frequency=440:sample_rate=48000"];
const PHONE: &str = "+447700900456";

/// Asks `host` for a sign-in code by SMS: (attempt, code, receipt URL).
async fn code_by_sms(host: &TestServer, texts: &mut tokio::sync::mpsc::UnboundedReceiver<Value>) -> (String, String, String) {
    let r = host.http().post(format!("{}/api/v1/auth/otp/request", host.base)).json(&json!({ "phone": PHONE })).send().await.unwrap();
    assert_eq!(r.status(), 202);
    let attempt = r.json::<Value>().await.unwrap()["attempt"].as_str().unwrap().to_string();
    let sms = tokio::time::timeout(Duration::from_secs(20), texts.recv()).await.expect("the SMS within 20 s").unwrap();
    let text = sms["body"].as_str().unwrap();
    let code = text[text.find("code is ").unwrap() + 8..][..6].to_string();
    (attempt, code, sms["receipt"].as_str().unwrap().to_string())
}

async fn verify(host: &TestServer, attempt: &str, code: &str) -> u16 {
    let body = json!({ "phone": PHONE, "attempt": attempt, "code": code });
    host.http().post(format!("{}/api/v1/auth/otp/verify", host.base)).json(&body).send().await.unwrap().status().as_u16()
}

/// A receipt URL signed by one host, posted to `host` instead.
async fn receipt_on(host: &TestServer, signed_by: &TestServer, url: &str) -> u16 {
    let url = url.replace(&signed_by.base, &host.base);
    host.http().post(url).json(&json!({ "status": "delivered" })).send().await.unwrap().status().as_u16()
}

/// The viewer tag of the access log's lines for `file`, on `host`.
async fn logged_viewer(host: &TestServer, file: &str) -> String {
    let log = host.data_dir().join("logs/access.log");
    let mut viewer = None;
    crate::common::eventually(Duration::from_secs(10), "the access log line", || {
        viewer = std::fs::read_to_string(&log).unwrap_or_default().lines().find_map(|l| {
            let line: Value = serde_json::from_str(l).unwrap();
            (line["file"] == file && line["status"] == 200).then(|| line["viewer"].as_str().unwrap().to_string())
        });
        let found = viewer.is_some();
        async move { found }
    })
    .await;
    viewer.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn hosts_sharing_no_data_folder_share_every_key_through_configuration() {
    let (sms_url, mut texts) = sms_provider().await;
    let shared = tempfile::tempdir().unwrap();
    let mounted = |name: &str, text: &str| {
        let path = shared.path().join(name);
        std::fs::write(&path, format!("{text}\n")).unwrap();
        path.display().to_string()
    };
    let signing_file = mounted("signing.key", "a-playback-signing-key-shared-by-every-host");
    let master_file = mounted("master.key", &"5c".repeat(32));
    let links_file = mounted("links.key", &"3a".repeat(32));
    let login_code = "7d".repeat(32);
    let access_log = "1e".repeat(40);
    let database = format!("sqlite://{}", shared.path().join("reel.db").display());
    let objects = format!("file://{}", shared.path().join("objects").display());
    let mut env = vec![
        ("REEL__PACKAGING__ENCRYPTION", "aes-128"),
        ("REEL__DELIVERY__SIGNING_KEY_FILE", signing_file.as_str()),
        ("REEL__PACKAGING__MASTER_KEY_FILE", master_file.as_str()),
        ("REEL__KEYS__LINKS_FILE", links_file.as_str()),
        ("REEL__KEYS__LOGIN_CODE", login_code.as_str()),
        ("REEL__KEYS__ACCESS_LOG", access_log.as_str()),
        ("REEL__ACCESS_LOG__ENABLED", "true"),
        ("REEL__AUTH__OTP_RESEND_SECS", "0"),
        ("REEL__NOTIFY__SMS", "webhook"),
        ("REEL__NOTIFY__SMS_WEBHOOK_URL", sms_url.as_str()),
        ("REEL__NOTIFY__SMS_WEBHOOK_ALLOW_PRIVATE", "true"),
        ("REEL__NOTIFY__SMS_WEBHOOK_TEMPLATE", r#"{"to": "{to}", "body": "{message}", "receipt": "{receipt_url}"}"#),
    ];
    // The embedded default's database and objects, put where both hosts find them; on the
    // second pass PostgreSQL and S3 are shared anyway.
    if !on_postgres() {
        env.push(("REEL__DATABASE__URL", database.as_str()));
    }
    if !on_s3() {
        env.push(("REEL__STORAGE__URL", objects.as_str()));
    }
    let a = TestServer::start_with(&env);
    let b = a.another_host(&["serve", "--no-worker"]);
    a.cli(&["user", "create", "--phone", PHONE]);

    // No key was made in either data folder.
    for host in [&a, &b] {
        let made: Vec<String> = std::fs::read_dir(host.data_dir().join("secrets"))
            .map(|d| d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect())
            .unwrap_or_default();
        assert!(made.is_empty(), "keys made in a data folder: {made:?}");
    }

    // A code asked for on one host signs in on the other; its receipt link works there too.
    let (attempt, code, receipt) = code_by_sms(&a, &mut texts).await;
    assert!(receipt.starts_with(&a.base), "{receipt}");
    assert_eq!(verify(&b, &attempt, &code).await, 200);
    assert_eq!(receipt_on(&b, &a, &receipt).await, 204);

    // An encrypted video processed by one host's worker: the other host hands out tokens the
    // first accepts, and serves the same key.
    let clip = make_clip(a.dir.path(), "av.mp4", AV, 3.0, &["-shortest"]);
    let video = a.upload_ready(&clip, "Everywhere").await;
    let id = video["id"].as_str().unwrap();
    let from_b = b.get_json(&format!("/api/v1/videos/{id}")).await;
    let (prefix_a, prefix_b) = (play_prefix(&video), play_prefix(&from_b));
    let http = a.http();
    let on = |host: &TestServer, prefix: &str| format!("{}{}", host.base, &prefix[prefix.find("/play/").unwrap()..]);
    let key_a = http.get(on(&b, &prefix_a) + "/key").send().await.unwrap();
    assert_eq!(key_a.status(), 200);
    let key_a = key_a.bytes().await.unwrap();
    let key_b = http.get(on(&a, &prefix_b) + "/key").send().await.unwrap();
    assert_eq!(key_b.status(), 200);
    assert_eq!(key_a, key_b.bytes().await.unwrap(), "one key, whichever host unwraps it");
    assert_eq!(key_a.len(), 16);

    // One viewer, one tag in both hosts' access logs.
    for host in [&a, &b] {
        assert_eq!(http.get(on(host, &prefix_a) + "/master.m3u8").send().await.unwrap().status(), 200);
    }
    assert_eq!(logged_viewer(&a, "master.m3u8").await, logged_viewer(&b, "master.m3u8").await);

    // A host with its own generated keys refuses every one of those.
    let mut stranger = a.another_host(&["serve", "--no-worker"]);
    stranger.set_setting("REEL__PACKAGING__MASTER_KEY_FILE", None);
    stranger.set_setting("REEL__DELIVERY__SIGNING_KEY_FILE", None);
    stranger.set_setting("REEL__KEYS__LINKS_FILE", None);
    stranger.set_setting("REEL__KEYS__LOGIN_CODE", None);
    stranger.restart();
    let (attempt, code, receipt) = code_by_sms(&a, &mut texts).await;
    assert_eq!(verify(&stranger, &attempt, &code).await, 400, "invalid-code");
    assert_eq!(receipt_on(&stranger, &a, &receipt).await, 403);
    assert_eq!(http.get(on(&stranger, &prefix_a) + "/master.m3u8").send().await.unwrap().status(), 403);
    assert_eq!(verify(&a, &attempt, &code).await, 200, "the code was not spent by the refusal");
}
