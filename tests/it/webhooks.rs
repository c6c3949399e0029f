//! Webhooks against real parts: endpoints registered through the API, a real upload's events
//! delivered to a local receiver and verified by the `standardwebhooks` library, a creator's
//! endpoint never told of another's private item, retries past a 500 and an unfollowed
//! redirect logged per attempt, secret rotation with two signatures during the overlap, an
//! endpoint that keeps failing disabled with an email to its owner, then enabled and resent;
//! and private addresses refused.

// suite: backends

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::IntoResponse;
use axum::Router;
use reqwest::header::COOKIE;
use serde_json::{json, Value};

use crate::accounts::{server_with_mail, sign_in};
use crate::alarms::{standard_webhooks_present, standard_webhooks_verifies};
use crate::common::{assert_api_error, eventually, make_clip, TestServer};

const ADMIN_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const OTHER_SECRET: &str = "whsec_c2Vjb25kLXNlY3JldC1vZi10d2VudHktZm91ci1ieXRlcw==";
const CLIP: &[&str] = &["testsrc2=size=160x120:rate=10", "sine"];

/// One request the receiver took: its path and query, headers and body.
#[derive(Clone, Debug)]
pub(crate) struct Received {
    uri: String,
    headers: HeaderMap,
    body: String,
}

impl Received {
    pub(crate) fn event(&self) -> Value {
        serde_json::from_str(&self.body).unwrap()
    }
    fn header(&self, name: &str) -> String {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
    }
    /// Whether the `standardwebhooks` library verifies this delivery with `secret`.
    pub(crate) fn verifies(&self, secret: &str) -> bool {
        standard_webhooks_verifies(secret, &self.headers, &self.body)
    }
}

/// A receiver on 127.0.0.1: answers the queued statuses in turn, then `fallback`; a 307
/// points at `/elsewhere`, a 500 says `boom`, a 0 answers too late. Records every request.
#[derive(Clone, Default)]
pub(crate) struct Receiver {
    got: Arc<Mutex<Vec<Received>>>,
    queued: Arc<Mutex<VecDeque<u16>>>,
    fallback: Arc<Mutex<u16>>,
}

impl Receiver {
    pub(crate) async fn start() -> (Self, String) {
        let receiver = Self { fallback: Arc::new(Mutex::new(204)), ..Self::default() };
        let r = receiver.clone();
        let app = Router::new().fallback(move |uri: Uri, headers: HeaderMap, body: String| {
            let r = r.clone();
            async move {
                r.got.lock().unwrap().push(Received { uri: uri.to_string(), headers, body });
                let status = r.queued.lock().unwrap().pop_front().unwrap_or(*r.fallback.lock().unwrap());
                match status {
                    // Answers only after the server's timeout (3 s) has run out.
                    0 => {
                        tokio::time::sleep(Duration::from_secs(5)).await;
                        StatusCode::NO_CONTENT.into_response()
                    }
                    307 => (StatusCode::TEMPORARY_REDIRECT, [("location", "/elsewhere")], "").into_response(),
                    500 => (StatusCode::INTERNAL_SERVER_ERROR, "boom").into_response(),
                    s => StatusCode::from_u16(s).unwrap().into_response(),
                }
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        (receiver, base)
    }

    /// What came for `who` (the `?who=` of its URL), oldest first.
    pub(crate) fn for_whom(&self, who: &str) -> Vec<Received> {
        self.got.lock().unwrap().iter().filter(|r| r.uri.ends_with(&format!("who={who}"))).cloned().collect()
    }

    /// Waits until `who` has a request of event `kind`; returns the newest such.
    pub(crate) async fn wait(&self, who: &str, kind: &str) -> Received {
        eventually(Duration::from_secs(60), &format!("{kind} for {who}"), || async {
            self.for_whom(who).iter().any(|r| r.event()["type"] == kind)
        })
        .await;
        self.for_whom(who).into_iter().rev().find(|r| r.event()["type"] == kind).unwrap()
    }
}

async fn call(server: &TestServer, token: &str, method: reqwest::Method, path: &str, body: Option<Value>) -> reqwest::Response {
    let mut request = server.http().request(method, format!("{}{path}", server.base)).bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap()
}

async fn json_of(r: reqwest::Response, status: u16) -> Value {
    let got = r.status();
    let text = r.text().await.unwrap();
    assert_eq!(got.as_u16(), status, "{text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// The deliveries of an endpoint, newest first.
async fn deliveries(server: &TestServer, token: &str, id: &str) -> Vec<Value> {
    let page = json_of(call(server, token, reqwest::Method::GET, &format!("/api/v1/webhooks/{id}/deliveries"), None).await, 200).await;
    page["items"].as_array().unwrap().clone()
}

/// Waits until the delivery `delivery` of endpoint `id` is in state `state`; returns it.
async fn delivery_in(server: &TestServer, token: &str, id: &str, delivery: &str, state: &str) -> Value {
    eventually(Duration::from_secs(60), &format!("delivery {delivery} {state}"), || async {
        deliveries(server, token, id).await.iter().any(|d| d["id"] == delivery && d["state"] == state)
    })
    .await;
    deliveries(server, token, id).await.into_iter().find(|d| d["id"] == delivery).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn events_are_delivered_signed_retried_logged_rotated_and_a_dead_endpoint_is_disabled_and_its_owner_told() {
    let (receiver, base) = Receiver::start().await;
    let (server, smtp) = server_with_mail(&[
        ("REEL__WEBHOOKS__ALLOW_PRIVATE_ADDRESSES", "true"),
        ("REEL__WEBHOOKS__FIRST_RETRY_SECS", "1"),
        ("REEL__WEBHOOKS__MAX_RETRY_SECS", "1"),
        ("REEL__WEBHOOKS__RETRY_PERIOD_SECS", "6"),
        ("REEL__WEBHOOKS__TIMEOUT_SECS", "3"),
    ]);
    let check_signatures = standard_webhooks_present();
    let (post, get, patch) = (reqwest::Method::POST, reqwest::Method::GET, reqwest::Method::PATCH);
    server.cli(&["user", "create", "--email", "maker@example.org", "--role", "creator"]);
    server.cli(&["user", "create", "--email", "other@example.org", "--role", "creator"]);
    let maker = server.cli(&["token", "create", "--name", "m", "--user", "maker@example.org"]).trim().to_string();
    let other = server.cli(&["token", "create", "--name", "o", "--user", "other@example.org"]).trim().to_string();
    let admin = server.token.clone();

    // The maker registers an endpoint; Reel makes its secret. A retry with the same
    // Idempotency-Key gets the same endpoint, not a second one.
    let new = json!({ "url": format!("{base}/hook?who=maker"), "events": ["video.uploaded", "video.ready"], "description": "CI" });
    let register =
        || server.http().post(format!("{}/api/v1/webhooks", server.base)).bearer_auth(&maker).header("Idempotency-Key", "k-1").json(&new);
    let first = json_of(register().send().await.unwrap(), 201).await;
    let again = register().send().await.unwrap();
    assert_eq!(again.headers().get("idempotent-replayed").and_then(|v| v.to_str().ok()), Some("true"));
    assert_eq!(json_of(again, 201).await["id"], first["id"]);
    let (hook, maker_secret) = (first["id"].as_str().unwrap().to_string(), first["secret"].as_str().unwrap().to_string());
    assert!(maker_secret.starts_with("whsec_"), "{first}");
    assert_eq!((first["enabled"].as_bool(), first["events"].clone()), (Some(true), json!(["video.ready", "video.uploaded"])));
    let listed = json_of(call(&server, &maker, get.clone(), "/api/v1/webhooks", None).await, 200).await;
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    assert!(!listed.to_string().contains(&maker_secret), "a listing never shows the secret");

    // What is refused, and why.
    let refused = |body: Value| call(&server, &maker, post.clone(), "/api/v1/webhooks", Some(body));
    assert_api_error(refused(json!({ "url": format!("{base}/x"), "events": ["account.created"] })).await, 403, "forbidden").await;
    assert_api_error(refused(json!({ "url": format!("{base}/x"), "events": ["video.watched"] })).await, 422, "invalid-events").await;
    assert_api_error(refused(json!({ "url": format!("{base}/x"), "events": [] })).await, 422, "invalid-events").await;
    assert_api_error(
        refused(json!({ "url": format!("{base}/x"), "events": ["video.ready"], "secret": "short" })).await,
        422,
        "invalid-secret",
    )
    .await;
    assert_api_error(refused(json!({ "url": "ftp://example.com/", "events": ["video.ready"] })).await, 422, "invalid-url").await;
    // Another creator's endpoint, and the admin's, which also hears of accounts.
    let theirs = json!({ "url": format!("{base}/hook?who=other"), "events": ["video.ready", "video.uploaded"], "secret": OTHER_SECRET });
    let theirs = json_of(call(&server, &other, post.clone(), "/api/v1/webhooks", Some(theirs)).await, 201).await;
    assert!(theirs.get("secret").is_none(), "a secret given is not answered back: {theirs}");
    let not_yours = call(&server, &other, get.clone(), &format!("/api/v1/webhooks/{hook}"), None).await;
    assert_api_error(not_yours, 404, "not-found").await;
    let admins = json!({ "url": format!("{base}/hook?who=admin"), "events": ["video.ready", "account.created"], "secret": ADMIN_SECRET });
    json_of(call(&server, &admin, post.clone(), "/api/v1/webhooks", Some(admins)).await, 201).await;

    // The maker uploads a private item: their endpoint hears it uploaded and ready, the admin's
    // hears it ready, and the other creator's hears nothing of it.
    let clip = make_clip(server.dir.path(), "w.mp4", CLIP, 1.0, &["-shortest"]);
    let form = reqwest::multipart::Form::new()
        .text("title", "Private rehearsal")
        .text("visibility", "private")
        .part("file", reqwest::multipart::Part::bytes(std::fs::read(&clip).unwrap()).file_name("w.mp4"));
    let r = server.http().post(format!("{}/api/v1/videos", server.base)).bearer_auth(&maker).multipart(form).send().await.unwrap();
    let video = json_of(r, 201).await["id"].as_str().unwrap().to_string();
    let uploaded = receiver.wait("maker", "video.uploaded").await;
    let ready = receiver.wait("maker", "video.ready").await;
    let admin_ready = receiver.wait("admin", "video.ready").await;
    for (event, status) in [(&uploaded, "uploaded"), (&ready, "ready"), (&admin_ready, "ready")] {
        let e = event.event();
        assert_eq!((e["data"]["id"].as_str(), e["data"]["status"].as_str()), (Some(video.as_str()), Some(status)), "{e}");
        assert_eq!((e["data"]["visibility"].as_str(), e["data"]["title"].as_str()), (Some("private"), Some("Private rehearsal")));
        assert!(e["timestamp"].as_str().unwrap().ends_with('Z'), "{e}");
    }
    if check_signatures {
        assert!(standard_webhooks_verifies(&maker_secret, &ready.headers, &ready.body), "the maker's delivery verifies");
        assert!(standard_webhooks_verifies(ADMIN_SECRET, &admin_ready.headers, &admin_ready.body), "the admin's delivery verifies");
        assert!(!standard_webhooks_verifies(ADMIN_SECRET, &ready.headers, &ready.body), "another endpoint's secret does not");
        let forged = ready.body.replace("Private rehearsal", "Public rehearsal");
        assert!(!standard_webhooks_verifies(&maker_secret, &ready.headers, &forged), "a changed body does not");
    }
    assert_ne!(ready.header("webhook-id"), admin_ready.header("webhook-id"), "one delivery per endpoint");
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert!(receiver.for_whom("other").is_empty(), "another creator's endpoint heard of a private item");

    // An account made from the command line reaches the admin's endpoint alone.
    let made = server.cli(&["user", "create", "--email", "newcomer@example.org"]).trim().to_string();
    let created = receiver.wait("admin", "account.created").await;
    assert_eq!((created.event()["data"]["id"].as_str(), created.event()["data"]["role"].as_str()), (Some(made.as_str()), Some("viewer")));
    assert!(receiver.for_whom("maker").iter().all(|r| r.event()["type"] != "account.created"));

    // A 500, then a redirect (not followed), then a 204: three attempts of one delivery, each
    // logged with its status, latency and the start of the answer, all with one webhook-id.
    receiver.queued.lock().unwrap().extend([500, 307]);
    let sent = json_of(call(&server, &maker, post.clone(), &format!("/api/v1/webhooks/{hook}/test"), None).await, 202).await;
    let test_id = sent["delivery_id"].as_str().unwrap().to_string();
    let done = delivery_in(&server, &maker, &hook, &test_id, "delivered").await;
    let statuses: Vec<i64> = done["attempts"].as_array().unwrap().iter().map(|a| a["status"].as_i64().unwrap()).collect();
    assert_eq!(statuses, [500, 307, 204], "{done}");
    assert_eq!(done["attempts"][0]["excerpt"], "boom");
    assert!(done["attempts"].as_array().unwrap().iter().all(|a| a["latency_ms"].as_i64().unwrap() >= 0));
    let tries: Vec<Received> = receiver.for_whom("maker").into_iter().filter(|r| r.event()["type"] == "webhook.test").collect();
    assert_eq!(tries.len(), 3);
    assert!(tries.iter().all(|r| r.header("webhook-id") == test_id), "every attempt carries the delivery's id");
    assert!(!receiver.got.lock().unwrap().iter().any(|r| r.uri.starts_with("/elsewhere")), "a redirect was followed");

    // A receiver that answers too late is given up on at the timeout, and tried again.
    receiver.queued.lock().unwrap().push_back(0);
    let sent = json_of(call(&server, &maker, post.clone(), &format!("/api/v1/webhooks/{hook}/test"), None).await, 202).await;
    let slow = delivery_in(&server, &maker, &hook, sent["delivery_id"].as_str().unwrap(), "delivered").await;
    let first = &slow["attempts"][0];
    assert!(first["status"].is_null() && first["excerpt"].as_str().unwrap().contains("timed out"), "{slow}");
    assert!((2_900..5_000).contains(&first["latency_ms"].as_i64().unwrap()), "cut off at the 3 s timeout: {slow}");
    assert_eq!(slow["attempts"][1]["status"], 204, "{slow}");

    // Rotation: during the overlap both secrets sign; with none, only the new one does.
    let rotated = json_of(
        call(&server, &maker, post.clone(), &format!("/api/v1/webhooks/{hook}/rotate-secret"), Some(json!({ "overlap_s": 600 }))).await,
        200,
    )
    .await;
    let second_secret = rotated["secret"].as_str().unwrap().to_string();
    let sent = json_of(call(&server, &maker, post.clone(), &format!("/api/v1/webhooks/{hook}/test"), None).await, 202).await;
    let id = sent["delivery_id"].as_str().unwrap().to_string();
    delivery_in(&server, &maker, &hook, &id, "delivered").await;
    let overlap = receiver.for_whom("maker").into_iter().find(|r| r.header("webhook-id") == id).unwrap();
    assert_eq!(overlap.header("webhook-signature").split(' ').count(), 2, "two signatures during the overlap");
    if check_signatures {
        assert!(standard_webhooks_verifies(&second_secret, &overlap.headers, &overlap.body), "the new secret verifies");
        assert!(standard_webhooks_verifies(&maker_secret, &overlap.headers, &overlap.body), "the old secret still verifies");
    }
    let rotate = format!("/api/v1/webhooks/{hook}/rotate-secret");
    let rotated = call(&server, &maker, post.clone(), &rotate, Some(json!({ "overlap_s": 0 }))).await;
    let third_secret = json_of(rotated, 200).await["secret"].as_str().unwrap().to_string();
    let sent = json_of(call(&server, &maker, post.clone(), &format!("/api/v1/webhooks/{hook}/test"), None).await, 202).await;
    let id = sent["delivery_id"].as_str().unwrap().to_string();
    delivery_in(&server, &maker, &hook, &id, "delivered").await;
    let after = receiver.for_whom("maker").into_iter().find(|r| r.header("webhook-id") == id).unwrap();
    assert_eq!(after.header("webhook-signature").split(' ').count(), 1, "the old secret stopped signing");
    if check_signatures {
        assert!(standard_webhooks_verifies(&third_secret, &after.headers, &after.body));
        assert!(!standard_webhooks_verifies(&second_secret, &after.headers, &after.body), "a retired secret no longer verifies");
    }

    // The maker's pages show the endpoint and its deliveries.
    let (cookie, csrf) = sign_in(&server, &smtp, "maker@example.org", 1).await;
    let page = |path: String| {
        let (server, cookie) = (&server, cookie.clone());
        async move { server.http().get(format!("{}{path}", server.base)).header(COOKIE, cookie).send().await.unwrap() }
    };
    let list = page("/account/webhooks".into()).await;
    assert_eq!(list.status(), 200);
    let html = list.text().await.unwrap();
    assert!(html.contains(&format!("/account/webhooks/{hook}")) && !html.contains("who=other"), "only one's own endpoints");
    let one = page(format!("/account/webhooks/{hook}")).await.text().await.unwrap();
    assert!(one.contains(&test_id) && one.contains("boom") && one.contains("webhook.test"), "the deliveries page");
    // A refused registration says why beside the field it is about, and keeps what was typed.
    let form = [("csrf", csrf.as_str()), ("url", "ftp://example.org/hook"), ("events", "video.ready"), ("description", "mine")];
    let refused = server.http().post(format!("{}/account/webhooks", server.base)).header(COOKIE, &cookie).form(&form).send().await.unwrap();
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap().replace("&#x2f;", "/");
    let url = &html[html.find("<input id=\"webhook-url\"").expect("the URL field")..];
    let url = &url[..url.find("</div>").unwrap()];
    assert!(
        url.contains("value=\"ftp://example.org/hook\"") && url.contains("aria-invalid=\"true\" aria-describedby=\"webhook-url-error\""),
        "{url}"
    );
    assert!(url.contains("id=\"webhook-url-error\" role=\"alert\""), "{url}");

    // An endpoint that fails a whole retry period is disabled, and its owner emailed.
    *receiver.fallback.lock().unwrap() = 503;
    let sent = json_of(call(&server, &maker, post.clone(), &format!("/api/v1/webhooks/{hook}/test"), None).await, 202).await;
    let dead = sent["delivery_id"].as_str().unwrap().to_string();
    let failed = delivery_in(&server, &maker, &hook, &dead, "failed").await;
    assert!(failed["attempts"].as_array().unwrap().len() >= 2, "retried before giving up: {failed}");
    let state = json_of(call(&server, &maker, get.clone(), &format!("/api/v1/webhooks/{hook}"), None).await, 200).await;
    assert_eq!(state["enabled"], false, "{state}");
    assert!(state["disabled_reason"].as_str().unwrap().contains("HTTP 503"), "{state}");
    // The first mail was the sign-in code; the second is the notice.
    let mails = smtp.wait_for_messages("maker@example.org", 2, Duration::from_secs(30)).await;
    let notice = &mails[1];
    assert!(crate::common::smtp::header(notice, "Subject").unwrap().contains("webhook endpoint was disabled"), "{notice}");
    assert!(crate::common::smtp::body_text(notice).contains(&format!("/account/webhooks/{hook}")), "{notice}");
    // A disabled endpoint is sent nothing, and cannot be resent to until enabled.
    let resend = format!("/api/v1/webhooks/{hook}/deliveries/{dead}/resend");
    assert_api_error(call(&server, &maker, post.clone(), &resend, None).await, 409, "webhook-disabled").await;
    let enabled = call(&server, &maker, patch, &format!("/api/v1/webhooks/{hook}"), Some(json!({ "enabled": true }))).await;
    assert_eq!(json_of(enabled, 200).await["enabled"], true);
    *receiver.fallback.lock().unwrap() = 200;
    assert_eq!(call(&server, &maker, post.clone(), &resend, None).await.status(), 202);
    let resent = delivery_in(&server, &maker, &hook, &dead, "delivered").await;
    assert_eq!(resent["attempts"].as_array().unwrap().last().unwrap()["status"], 200, "{resent}");

    // The export lists the endpoint, never its secret.
    let export = json_of(call(&server, &maker, get, "/api/v1/account/export", None).await, 200).await;
    assert_eq!(export["webhooks"][0]["id"], hook.as_str(), "{}", export["webhooks"]);
    assert!(!export.to_string().contains("whsec_"), "the export holds no secret");
}

#[tokio::test(flavor = "multi_thread")]
async fn endpoints_on_private_addresses_or_with_credentials_are_refused() {
    let server = TestServer::start();
    for url in [
        "http://127.0.0.1:9/hook",
        "http://localhost:9/hook",
        "http://[::1]/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://10.1.2.3/",
        "http://[::ffff:192.168.0.1]/",
        "http://0.0.0.0/",
    ] {
        let r =
            call(&server, &server.token, reqwest::Method::POST, "/api/v1/webhooks", Some(json!({ "url": url, "events": ["video.ready"] })));
        assert_api_error(r.await, 422, "private-address").await;
    }
    let r = call(
        &server,
        &server.token,
        reqwest::Method::POST,
        "/api/v1/webhooks",
        Some(json!({ "url": "https://user:secret@hooks.example.com/", "events": ["video.ready"] })),
    );
    assert_api_error(r.await, 422, "invalid-url").await;
    let listed = json_of(call(&server, &server.token, reqwest::Method::GET, "/api/v1/webhooks", None).await, 200).await;
    assert_eq!(listed, json!([]), "nothing was registered");

    // The command line holds to the same rules, and manages what it registers.
    let out = server.command().args(["webhook", "add", "--url", "http://127.0.0.1:9/", "--events", "video.ready"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && stderr.contains("private address"), "{stderr}");
    let added = server.cli(&["webhook", "add", "--url", "https://93.184.216.34/hook", "--events", "video.ready,video.failed"]);
    let lines: Vec<&str> = added.lines().collect();
    assert_eq!(lines.len(), 2, "the id, then the secret made: {added}");
    assert!(lines[1].starts_with("whsec_"), "{added}");
    let list = server.cli(&["webhook", "list"]);
    assert!(list.starts_with(&format!("{}\tenabled\t-\thttps://93.184.216.34/hook\tvideo.failed,video.ready", lines[0])), "{list}");
    server.cli(&["webhook", "disable", lines[0]]);
    assert!(server.cli(&["webhook", "list"]).contains("\tdisabled\t"));
    assert!(server.cli(&["webhook", "events"]).contains("account.role_changed\t"));
    server.cli(&["webhook", "remove", lines[0]]);
    assert_eq!(server.cli(&["webhook", "list"]), "");
    // A viewer has no webhooks at all.
    server.cli(&["user", "create", "--email", "viewer@example.org"]);
    let viewer = server.cli(&["token", "create", "--name", "v", "--user", "viewer@example.org"]).trim().to_string();
    let r = call(&server, &viewer, reqwest::Method::GET, "/api/v1/webhooks", None).await;
    assert_eq!(r.status(), 403);
}
