//! The webhook events no other module makes happen, each made happen for real and received by
//! an endpoint on 127.0.0.1, its signature verified by the `standardwebhooks` library: an
//! item's `video.playable`, `video.failed` and `video.deleted` at its owner's endpoint; an
//! unfinished tus upload's `upload.expired` when the sweep removes it; and every `account.`
//! event at an admin's endpoint. Each once per event.

// suite: backends

use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};

use crate::accounts::{as_session, code_in, server_with_mail, sign_in};
use crate::alarms::standard_webhooks_present;
use crate::common::{make_clip, tus, TestServer};
use crate::webhooks::{Received, Receiver};

const MAKER_SECRET: &str = "whsec_ZXZlbnRzLWFyZS1zaG93bi1ub3Qtb25seS1zYWlkISE=";
const ADMIN_SECRET: &str = "whsec_YWNjb3VudHMtZXZlbnRzLWZvci1hZG1pbnMtb25seSE=";

async fn call(server: &TestServer, token: &str, method: Method, path: &str, body: Option<Value>) -> reqwest::Response {
    let mut request = server.http().request(method, format!("{}/api/v1{path}", server.base)).bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap()
}

/// Registers an endpoint for `events` at `{base}/hook?who={who}`, signing with `secret`.
async fn register(server: &TestServer, token: &str, base: &str, who: &str, events: &[&str], secret: &str) {
    let body = json!({ "url": format!("{base}/hook?who={who}"), "events": events, "secret": secret });
    let r = call(server, token, Method::POST, "/webhooks", Some(body)).await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
}

/// What `who` received of event `kind` about `id` (its `data.id`).
fn received(receiver: &Receiver, who: &str, kind: &str, id: &str) -> Vec<Received> {
    receiver.for_whom(who).into_iter().filter(|r| r.event()["type"] == kind && r.event()["data"]["id"] == id).collect()
}

/// Waits for `kind` about `id` at `who`, lets any second delivery of it arrive, and returns the
/// one there is; panics when there is more than one.
async fn once(receiver: &Receiver, who: &str, kind: &str, id: &str) -> Received {
    crate::common::eventually(Duration::from_secs(120), &format!("{kind} about {id} at {who}"), || async {
        !received(receiver, who, kind, id).is_empty()
    })
    .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let got = received(receiver, who, kind, id);
    assert_eq!(
        got.len(),
        1,
        "{kind} about {id} was delivered {} times: {:?}",
        got.len(),
        got.iter().map(Received::event).collect::<Vec<_>>()
    );
    got.into_iter().next().unwrap()
}

/// A multipart upload of `bytes` as `name` by `token`; the item's id.
async fn upload(server: &TestServer, token: &str, name: &str, bytes: Vec<u8>, title: &str) -> String {
    let form = reqwest::multipart::Form::new()
        .text("title", title.to_string())
        .text("visibility", "private")
        .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()));
    let r = server.http().post(format!("{}/api/v1/videos", server.base)).bearer_auth(token).multipart(form).send().await.unwrap();
    assert_eq!(r.status(), 201, "upload refused");
    r.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_items_playable_failed_and_deleted_events_reach_its_owners_endpoint_once_each_and_verify() {
    let (receiver, base) = Receiver::start().await;
    let server = TestServer::start_with(&[("REEL__WEBHOOKS__ALLOW_PRIVATE_ADDRESSES", "true")]);
    let check_signatures = standard_webhooks_present();
    let maker_id = server.cli(&["user", "create", "--email", "maker@example.org", "--role", "creator"]).trim().to_string();
    let maker = server.cli(&["token", "create", "--name", "m", "--user", "maker@example.org"]).trim().to_string();
    register(&server, &maker, &base, "maker", &["video.playable", "video.failed", "video.deleted"], MAKER_SECRET).await;

    // Long enough to be watchable before the whole of it is made: `video.playable` comes then.
    let clip = make_clip(server.dir.path(), "long.mp4", &["testsrc2=size=640x360:rate=25", "sine"], 24.0, &["-shortest"]);
    let watched = upload(&server, &maker, "long.mp4", std::fs::read(&clip).unwrap(), "Long take").await;
    // Bytes no demuxer reads: the item fails, and says why.
    let noise: Vec<u8> = (0..64 * 1024u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let broken = upload(&server, &maker, "noise.mp4", noise, "Noise").await;

    let playable = once(&receiver, "maker", "video.playable", &watched).await;
    let e = playable.event();
    assert_eq!((e["data"]["status"].as_str(), e["data"]["title"].as_str()), (Some("playable"), Some("Long take")), "{e}");
    assert_eq!(e["data"]["owner_id"].as_str(), Some(maker_id.as_str()), "{e}");
    let failed = once(&receiver, "maker", "video.failed", &broken).await;
    let e = failed.event();
    assert_eq!((e["data"]["status"].as_str(), e["data"]["title"].as_str()), (Some("failed"), Some("Noise")), "{e}");
    assert!(!e["data"]["error"].as_str().unwrap_or_default().is_empty(), "a failure says why: {e}");
    // Ready at last, and still announced playable once.
    server.wait_for(&watched, &["ready"], Duration::from_secs(240)).await;
    assert_eq!(received(&receiver, "maker", "video.playable", &watched).len(), 1, "playable once, not again when ready");
    assert!(
        received(&receiver, "maker", "video.failed", &watched).is_empty()
            && received(&receiver, "maker", "video.playable", &broken).is_empty()
    );

    // Its owner deletes it through the API: the endpoint hears of it once, as it was.
    assert_eq!(call(&server, &maker, Method::DELETE, &format!("/videos/{watched}"), None).await.status(), 204);
    let deleted = once(&receiver, "maker", "video.deleted", &watched).await;
    let e = deleted.event();
    assert_eq!((e["data"]["status"].as_str(), e["data"]["title"].as_str()), (Some("ready"), Some("Long take")), "{e}");
    assert_eq!(call(&server, &maker, Method::GET, &format!("/videos/{watched}"), None).await.status(), 404);

    for event in [&playable, &failed, &deleted] {
        assert!(event.event()["timestamp"].as_str().unwrap().ends_with('Z'), "{}", event.event());
        if check_signatures {
            assert!(event.verifies(MAKER_SECRET), "{} verifies with the endpoint's secret", event.event()["type"]);
            assert!(!event.verifies(ADMIN_SECRET), "{} verifies with another secret", event.event()["type"]);
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_upload_left_unfinished_past_its_expiry_is_announced_once_when_the_sweep_removes_it() {
    let (receiver, base) = Receiver::start().await;
    let mut server =
        TestServer::start_with(&[("REEL__WEBHOOKS__ALLOW_PRIVATE_ADDRESSES", "true"), ("REEL__SERVER__UPLOAD_EXPIRY_SECS", "1")]);
    let check_signatures = standard_webhooks_present();
    let admin_id = server.get_json("/api/v1/me").await["user"]["id"].as_str().unwrap().to_string();
    register(&server, &server.token, &base, "admin", &["upload.expired"], ADMIN_SECRET).await;

    // A tus upload of 1000 bytes that gets 100, then nothing.
    let upload = tus::create(&server, 1000, "abandoned").await;
    assert_eq!(tus::patch_ok(&server, &upload, 0, &[7u8; 100], None).await, 100);
    crate::common::eventually(Duration::from_secs(10), "the upload expired", || async {
        tus::head(&server, &upload).await.status() == reqwest::StatusCode::GONE
    })
    .await;
    assert!(received(&receiver, "admin", "upload.expired", &upload).is_empty(), "announced before it was removed");

    // The sweep runs when the server starts (and every ten minutes after).
    server.restart();
    let expired = once(&receiver, "admin", "upload.expired", &upload).await;
    let e = expired.event();
    assert_eq!((e["data"]["length"].as_i64(), e["data"]["offset"].as_i64()), (Some(1000), Some(100)), "{e}");
    assert_eq!(e["data"]["owner_id"].as_str(), Some(admin_id.as_str()), "{e}");
    if check_signatures {
        assert!(expired.verifies(ADMIN_SECRET), "the delivery verifies");
        assert!(!expired.verifies(MAKER_SECRET));
    }
    // A second start sweeps again and finds nothing more to announce.
    server.restart();
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(received(&receiver, "admin", "upload.expired", &upload).len(), 1, "announced again by a later sweep");
}

#[tokio::test(flavor = "multi_thread")]
async fn every_account_event_reaches_an_admins_endpoint_once_and_verifies() {
    let (receiver, base) = Receiver::start().await;
    // The deletion code follows the sign-in code at once.
    let (server, smtp) = server_with_mail(&[("REEL__WEBHOOKS__ALLOW_PRIVATE_ADDRESSES", "true"), ("REEL__AUTH__OTP_RESEND_SECS", "0")]);
    let check_signatures = standard_webhooks_present();
    let admin_id = server.get_json("/api/v1/me").await["user"]["id"].as_str().unwrap().to_string();
    let admin = server.cli(&["token", "create", "--name", "staff", "--scopes", "read,upload,admin,moderate"]).trim().to_string();
    let account_events: Vec<&str> =
        reel_core::platform::webhooks::EVENTS.iter().map(|(name, _)| *name).filter(|name| name.starts_with("account.")).collect();
    register(&server, &admin, &base, "admin", &account_events, ADMIN_SECRET).await;

    // Made from the command line, its role changed, disabled, enabled, suspended.
    let email = "member@example.org";
    let member = server.cli(&["user", "create", "--email", email]).trim().to_string();
    let path = format!("/admin/users/{member}");
    let change = |body: Value| call(&server, &admin, Method::PATCH, &path, Some(body));
    assert_eq!(change(json!({ "role": "creator" })).await.status(), 204);
    assert_eq!(change(json!({ "disabled": true })).await.status(), 204);
    assert_eq!(change(json!({ "disabled": false })).await.status(), 204);
    let suspend = json!({ "days": 3, "reason": "Spam in comments" });
    let r = call(&server, &admin, Method::POST, &format!("/admin/users/{member}/suspension"), Some(suspend)).await;
    assert!(r.status().is_success(), "{}", r.text().await.unwrap());
    assert_eq!(call(&server, &admin, Method::DELETE, &format!("/admin/users/{member}/suspension"), None).await.status(), 204);

    // It asks to be deleted, from a session, with the code mailed for it.
    let mailed = smtp.messages_to(email).len();
    let (cookie, csrf) = sign_in(&server, &smtp, email, mailed + 1).await;
    let r = as_session(&server, Method::POST, "/api/v1/account/delete-code", &cookie, &csrf).send().await.unwrap();
    assert_eq!(r.status(), 202);
    let attempt = r.json::<Value>().await.unwrap()["attempt"].as_str().unwrap().to_string();
    let code = code_in(&smtp.wait_for_messages(email, mailed + 2, Duration::from_secs(20)).await[mailed + 1]);
    let proof = json!({ "attempt": attempt, "code": code });
    assert_eq!(as_session(&server, Method::DELETE, "/api/v1/account", &cookie, &csrf).json(&proof).send().await.unwrap().status(), 202);

    // (event, role, by) for each.
    let expected = [
        ("account.created", Some("viewer"), None),
        ("account.role_changed", Some("creator"), Some(admin_id.as_str())),
        ("account.disabled", Some("creator"), Some(admin_id.as_str())),
        ("account.enabled", Some("creator"), Some(admin_id.as_str())),
        ("account.suspended", Some("creator"), Some(admin_id.as_str())),
        ("account.deleted", None, None),
    ];
    let mut made: Vec<&str> = expected.iter().map(|(kind, _, _)| *kind).collect();
    made.sort_unstable();
    let mut all = account_events.clone();
    all.sort_unstable();
    assert_eq!(made, all, "every account event is made to happen here");
    for (kind, role, by) in expected {
        let got = once(&receiver, "admin", kind, &member).await;
        let e = got.event();
        assert_eq!((e["data"]["role"].as_str(), e["data"]["by"].as_str()), (role, by), "{e}");
        if kind == "account.suspended" {
            assert_eq!(e["data"]["reason"], "Spam in comments", "{e}");
            assert!(e["data"]["until"].as_str().is_some_and(|u| u.ends_with('Z')), "{e}");
        }
        if check_signatures {
            assert!(got.verifies(ADMIN_SECRET), "{kind} verifies");
            assert!(!got.verifies(MAKER_SECRET), "{kind} verifies with another secret");
        }
    }
}
