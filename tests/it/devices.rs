//! Devices, on both backends: each browser that signs in is a device, kept across its sign-ins
//! by the `reel_device` cookie and named from its user agent until renamed; a plan's
//! `max_devices` refuses sign-in (and a new API token) on one more, naming those in use, until
//! one is signed out; signing one out ends its session at once and its streams at once in the
//! process that did it and within `[entitlements] enforce_within_secs` in another, and refuses
//! a new stream to a playback token it was issued before; signing out everywhere stops what
//! the browsers play. Only the account's own devices are listed, renamed or signed out; the
//! account page lists them with the same actions, and the screens playing with a Stop button.

// suite: backends

use std::time::Duration;

use reqwest::header::{COOKIE, SET_COOKIE};
use reqwest::Method;
use serde_json::{json, Value};

use crate::accounts::{as_session, code_for, me_status};
use crate::catalogue::patch;
use crate::collections::Api;
use crate::common::smtp::SmtpServer;
use crate::common::{assert_api_error, eventually, TestServer};

/// How long a process trusts its last look at a stream, in the servers under test.
const ENFORCE_SECS: u64 = 2;

const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
const IPHONE: &str =
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
const TV: &str = "Mozilla/5.0 (SMART-TV; Linux; Tizen 7.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/94.0 TV Safari/537.36";

/// A browser: what it says it is and the cookies it holds.
struct Browser {
    agent: &'static str,
    session: String,
    csrf: String,
    device: Option<String>,
}

/// The `name=value` of cookie `name` set by a response.
fn set_cookie(r: &reqwest::Response, name: &str) -> Option<String> {
    r.headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with(&format!("{name}=")))
        .map(|c| c.split(';').next().unwrap().to_string())
}

/// Signs `email` in from a browser on `agent` holding `device` (its `reel_device` cookie);
/// the `nth` code mailed to the address is the one used. The answer, unread.
async fn sign_in_from(
    server: &TestServer,
    smtp: &SmtpServer,
    email: &str,
    nth: usize,
    agent: &str,
    device: Option<&str>,
) -> reqwest::Response {
    let (attempt, code) = code_for(server, smtp, email, nth).await;
    let mut request = server
        .http()
        .post(format!("{}/api/v1/auth/otp/verify", server.base))
        .header("user-agent", agent)
        .json(&json!({ "email": email, "attempt": attempt, "code": code }));
    if let Some(device) = device {
        request = request.header(COOKIE, device);
    }
    request.send().await.unwrap()
}

async fn signed_in(server: &TestServer, smtp: &SmtpServer, email: &str, nth: usize, agent: &'static str, device: Option<&str>) -> Browser {
    let r = sign_in_from(server, smtp, email, nth, agent, device).await;
    assert_eq!(r.status(), 200, "{agent}");
    let session = set_cookie(&r, "reel_session").expect("a session");
    let device = set_cookie(&r, "reel_device");
    let csrf = r.json::<Value>().await.unwrap()["csrf_token"].as_str().unwrap().to_string();
    Browser { agent, session, csrf, device }
}

impl Browser {
    /// `path` of the API asked by this browser, with its session and CSRF token.
    async fn api(&self, server: &TestServer, method: Method, path: &str, body: Option<Value>) -> reqwest::Response {
        let mut request = as_session(server, method, &format!("/api/v1{path}"), &self.session, &self.csrf).header("user-agent", self.agent);
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.unwrap()
    }

    async fn devices(&self, server: &TestServer) -> Value {
        let r = self.api(server, Method::GET, "/me/devices", None).await;
        assert_eq!(r.status(), 200);
        r.json().await.unwrap()
    }

    /// A rendition playlist and its first segment from a fresh playback answer for `video`.
    async fn media(&self, server: &TestServer, video: &str) -> [String; 2] {
        let item: Value = self.api(server, Method::GET, &format!("/videos/{video}"), None).await.json().await.unwrap();
        let master = server.http().get(item["playback"]["hls"].as_str().expect("playback")).send().await.unwrap().text().await.unwrap();
        let playlist = master.lines().find(|l| !l.starts_with('#') && l.ends_with("/index.m3u8")).expect("a rendition");
        let playlist = format!("{}{playlist}", server.base);
        [playlist.clone(), playlist.replace("/index.m3u8", "/00000.m4s")]
    }

    /// Status and problem code of a GET of media `url` by this browser through `server`.
    async fn fetch(&self, server: &TestServer, url: &str) -> (u16, Option<String>) {
        let r = server.http().get(url).header("user-agent", self.agent).send().await.unwrap();
        let status = r.status().as_u16();
        let body: Value = if status == 200 { Value::Null } else { r.json().await.unwrap_or(Value::Null) };
        (status, body["code"].as_str().map(str::to_string))
    }
}

/// (name, current) of each listed device, first signed in first.
fn names(list: &Value) -> Vec<(String, bool)> {
    list["items"].as_array().unwrap().iter().map(|d| (d["name"].as_str().unwrap().to_string(), d["current"] == true)).collect()
}

fn id_named(list: &Value, name: &str) -> String {
    list["items"].as_array().unwrap().iter().find(|d| d["name"] == name).expect(name)["id"].as_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn one_device_more_than_the_plan_allows_is_refused_until_one_is_signed_out_which_ends_its_streams() {
    let smtp = SmtpServer::start();
    let (port, enforce) = (smtp.port.to_string(), ENFORCE_SECS.to_string());
    let env = [
        ("REEL__NOTIFY__EMAIL", "smtp"),
        ("REEL__NOTIFY__SMTP_HOST", "127.0.0.1"),
        ("REEL__NOTIFY__SMTP_PORT", port.as_str()),
        ("REEL__NOTIFY__SMTP_TLS", "none"),
        ("REEL__NOTIFY__FROM", "Reel <reel@example.org>"),
        ("REEL__AUTH__OTP_RESEND_SECS", "0"),
        ("REEL__ENTITLEMENTS__ENFORCE_WITHIN_SECS", enforce.as_str()),
    ];
    let (server, video) = TestServer::start_with_ready_item(&env).await;
    let other_process = server.sibling(&["serve"]);
    let api = Api { server: &server };
    let admin = server.token.clone();
    let id = video["id"].as_str().unwrap().to_string();
    assert!(patch(&server, &admin, &id, json!({"visibility": "members"})).await.status().is_success());
    let email = "fan@example.org";
    server.cli(&["user", "create", "--email", email, "--role", "viewer", "--name", "Fan"]);
    server.cli(&["user", "create", "--email", "stranger@example.org", "--role", "viewer"]);
    let plan = json!({"name": "Pair", "price_minor": 999, "currency": "EUR", "period": "month", "max_devices": 2});
    api.json(Method::POST, &admin, "/admin/plans", Some(plan), 201).await;
    api.json(Method::POST, &admin, "/admin/plans/Pair/grants", Some(json!({"user": email})), 201).await;

    // Two browsers sign in; each is a device, named from its browser, and keeps a cookie for it.
    let laptop = signed_in(&server, &smtp, email, 1, FIREFOX, None).await;
    let phone = signed_in(&server, &smtp, email, 2, IPHONE, None).await;
    let device_cookie = laptop.device.clone().expect("a device cookie");
    let list = laptop.devices(&server).await;
    assert_eq!(names(&list), [("Firefox on Linux".into(), true), ("Safari on iPhone".into(), false)], "{list}");
    assert_eq!(list["max_devices"], 2);
    assert!(list["items"].as_array().unwrap().iter().all(|d| d["kind"] == "browser" && d["first_seen_at"].is_string()), "{list}");

    // A third is refused, naming the two; the laptop signing in again is still one device.
    let r = sign_in_from(&server, &smtp, email, 3, TV, None).await;
    assert_eq!(r.status(), 403);
    assert!(set_cookie(&r, "reel_session").is_none(), "a refused sign-in starts no session");
    let problem: Value = r.json().await.unwrap();
    assert_eq!(problem["code"], "too-many-devices", "{problem}");
    let message = problem["message"].as_str().unwrap_or_default().to_string();
    assert!(message.contains("Firefox on Linux") && message.contains("Safari on iPhone"), "{problem}");
    let laptop = signed_in(&server, &smtp, email, 4, FIREFOX, Some(&device_cookie)).await;
    assert_eq!(laptop.device.as_deref(), Some(device_cookie.as_str()), "the same device, its cookie renewed");
    assert_eq!(names(&laptop.devices(&server).await).len(), 2);
    // A new API token would be one more device too.
    let r = laptop.api(&server, Method::POST, "/tokens", Some(json!({"name": "script"}))).await;
    assert_api_error(r, 403, "too-many-devices").await;

    // The phone plays, through the other process; it also holds a second answer it has not played.
    let [_, phone_segment] = phone.media(&server, &id).await;
    let [later_playlist, _] = phone.media(&server, &id).await;
    let elsewhere = |url: &str| url.replacen(&server.base, &other_process.base, 1);
    assert_eq!(phone.fetch(&other_process, &elsewhere(&phone_segment)).await, (200, None));

    // A stranger neither sees nor signs out the fan's devices; nonsense ids are not found.
    let list = laptop.devices(&server).await;
    let phone_id = id_named(&list, "Safari on iPhone");
    let stranger = signed_in(&server, &smtp, "stranger@example.org", 1, TV, None).await;
    assert_eq!(names(&stranger.devices(&server).await), [("Chrome on a smart TV".to_string(), true)]);
    let r = stranger.api(&server, Method::DELETE, &format!("/me/devices/{phone_id}"), None).await;
    assert_api_error(r, 404, "not-found").await;
    let r = stranger.api(&server, Method::PATCH, &format!("/me/devices/{phone_id}"), Some(json!({"name": "mine"}))).await;
    assert_api_error(r, 404, "not-found").await;
    assert_api_error(laptop.api(&server, Method::DELETE, "/me/devices/not-a-device", None).await, 404, "not-found").await;

    // Renamed: the name sticks; a name that is not one is refused.
    let r = laptop.api(&server, Method::PATCH, &format!("/me/devices/{phone_id}"), Some(json!({"name": "Sam's phone"}))).await;
    assert_eq!(r.status(), 204);
    let r = laptop.api(&server, Method::PATCH, &format!("/me/devices/{phone_id}"), Some(json!({"name": " "}))).await;
    assert_api_error(r, 400, "invalid-name").await;
    assert_eq!(names(&laptop.devices(&server).await)[1].0, "Sam's phone");

    // Signed out mid-stream: its session ends at once, its stream here at once and in the other
    // process within the window, and an answer issued to it before opens no stream.
    let r = laptop.api(&server, Method::DELETE, &format!("/me/devices/{phone_id}"), None).await;
    assert_eq!(r.status(), 204);
    assert_eq!(me_status(&server, &phone.session).await, 401);
    assert_eq!(phone.fetch(&server, &phone_segment).await, (403, Some("stream-ended".into())));
    eventually(Duration::from_secs(ENFORCE_SECS + 3), "the other process refuses the signed-out device's stream", || async {
        phone.fetch(&other_process, &elsewhere(&phone_segment)).await == (403, Some("stream-ended".into()))
    })
    .await;
    assert_eq!(phone.fetch(&server, &later_playlist).await, (403, Some("stream-ended".into())));

    // Now the TV signs in; the laptop's own stream was never touched.
    let tv = signed_in(&server, &smtp, email, 5, TV, None).await;
    let list = tv.devices(&server).await;
    assert_eq!(names(&list), [("Firefox on Linux".into(), false), ("Chrome on a smart TV".into(), true)], "{list}");
    let [_, laptop_segment] = laptop.media(&server, &id).await;
    assert_eq!(laptop.fetch(&server, &laptop_segment).await, (200, None));

    // The account page lists the same devices with their actions, and signs one out.
    let page = server.http().get(format!("{}/account", server.base)).header(COOKIE, &tv.session).send().await.unwrap();
    let html = page.text().await.unwrap();
    assert!(
        html.contains("Firefox on Linux") && html.contains("Chrome on a smart TV") && !html.contains("Sam&#x27;s phone"),
        "the devices listed"
    );
    assert!(html.contains("action=\"/account/devices/rename\"") && html.contains("action=\"/account/devices/remove\""));
    // And what plays, with a Stop button that stops it.
    assert!(html.contains("action=\"/account/screens/stop\"") && html.contains(">Fixture</a>"), "the laptop's screen listed");
    let streams: Value = tv.api(&server, Method::GET, "/me/streams", None).await.json().await.unwrap();
    let stream = streams["items"][0]["id"].as_str().unwrap().to_string();
    let r = server
        .http()
        .post(format!("{}/account/screens/stop", server.base))
        .header(COOKIE, &tv.session)
        .form(&[("csrf", tv.csrf.as_str()), ("stream", stream.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!((r.status().as_u16(), r.url().query()), (200, Some("done=screen-stopped")));
    assert_eq!(laptop.fetch(&server, &laptop_segment).await, (403, Some("stream-ended".into())));
    let laptop_id = id_named(&list, "Firefox on Linux");
    let r = server
        .http()
        .post(format!("{}/account/devices/remove", server.base))
        .header(COOKIE, &tv.session)
        .form(&[("csrf", tv.csrf.as_str()), ("device", laptop_id.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!((r.status().as_u16(), r.url().query()), (200, Some("done=device-removed")));
    assert_eq!(me_status(&server, &laptop.session).await, 401);
    assert_eq!(laptop.fetch(&server, &laptop_segment).await, (403, Some("stream-ended".into())));
    assert_eq!(names(&tv.devices(&server).await), [("Chrome on a smart TV".to_string(), true)]);

    // Signing out everywhere stops what the browsers play as well.
    let [_, tv_segment] = tv.media(&server, &id).await;
    assert_eq!(tv.fetch(&server, &tv_segment).await, (200, None));
    assert_eq!(tv.api(&server, Method::POST, "/auth/logout-all", Some(json!({}))).await.status(), 204);
    assert_eq!(tv.fetch(&server, &tv_segment).await, (403, Some("stream-ended".into())));
}
