//! Accounts and who may see what: login by one-time code through a real SMTP server, the code
//! rules, sessions and CSRF, rate limits, scopes, visibility, and the audit log.

// suite: backends

use std::time::Duration;

use crate::common::smtp::{body_text, SmtpServer};
use crate::common::TestServer;
use reqwest::header::{COOKIE, SET_COOKIE};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// A server that mails codes through a real SMTP server, with invitation sign-up.
pub(crate) fn server_with_mail(extra: &[(&str, &str)]) -> (TestServer, SmtpServer) {
    let smtp = SmtpServer::start();
    let port = smtp.port.to_string();
    let mut env = vec![
        ("REEL__NOTIFY__EMAIL", "smtp"),
        ("REEL__NOTIFY__SMTP_HOST", "127.0.0.1"),
        ("REEL__NOTIFY__SMTP_PORT", port.as_str()),
        ("REEL__NOTIFY__SMTP_TLS", "none"),
        ("REEL__NOTIFY__FROM", "Reel <reel@example.org>"),
    ];
    env.extend_from_slice(extra);
    (TestServer::start_with(&env), smtp)
}

/// The six-digit code in a message.
pub(crate) fn code_in(mail: &str) -> String {
    let text = body_text(mail);
    let at = text.find("code is ").expect("a code in the mail") + "code is ".len();
    text[at..at + 6].to_string()
}

async fn request_code(server: &TestServer, email: &str) -> reqwest::Response {
    server.http().post(format!("{}/api/v1/auth/otp/request", server.base)).json(&json!({ "email": email })).send().await.unwrap()
}

pub(crate) async fn verify(server: &TestServer, email: &str, attempt: &str, code: &str) -> reqwest::Response {
    let body = json!({ "email": email, "attempt": attempt, "code": code });
    server.http().post(format!("{}/api/v1/auth/otp/verify", server.base)).json(&body).send().await.unwrap()
}

/// Asks for a code, reads it from the mailbox, returns (attempt, code).
pub(crate) async fn code_for(server: &TestServer, smtp: &SmtpServer, email: &str, nth: usize) -> (String, String) {
    let r = request_code(server, email).await;
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let attempt = r.json::<Value>().await.unwrap()["attempt"].as_str().unwrap().to_string();
    let mails = smtp.wait_for_messages(email, nth, Duration::from_secs(20)).await;
    (attempt, code_in(&mails[nth - 1]))
}

pub(crate) fn session_cookie(r: &reqwest::Response) -> String {
    r.headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("reel_session="))
        .expect("a session cookie")
        .to_string()
}

/// Signs in by email code; returns (cookie header value, csrf token).
pub(crate) async fn sign_in(server: &TestServer, smtp: &SmtpServer, email: &str, nth: usize) -> (String, String) {
    let (attempt, code) = code_for(server, smtp, email, nth).await;
    let r = verify(server, email, &attempt, &code).await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let cookie = session_cookie(&r);
    let body: Value = r.json().await.unwrap();
    (cookie.split(';').next().unwrap().to_string(), body["csrf_token"].as_str().unwrap().to_string())
}

/// A request made as a signed-in person: their session cookie and its CSRF token.
pub(crate) fn as_session(server: &TestServer, method: reqwest::Method, path: &str, cookie: &str, csrf: &str) -> reqwest::RequestBuilder {
    server.http().request(method, format!("{}{path}", server.base)).header(COOKIE, cookie).header("X-CSRF-Token", csrf)
}

/// What `/api/v1/me` answers for a session cookie: 200 while signed in, 401 after.
pub(crate) async fn me_status(server: &TestServer, cookie: &str) -> StatusCode {
    server.http().get(format!("{}/api/v1/me", server.base)).header(COOKIE, cookie).send().await.unwrap().status()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_member_signs_in_with_a_code_mailed_through_smtp_and_gets_a_secure_session() {
    let (server, smtp) = server_with_mail(&[]);
    server.cli(&["user", "create", "--email", "ada@example.org", "--role", "viewer", "--name", "Ada"]);
    let (attempt, code) = code_for(&server, &smtp, "ada@example.org", 1).await;
    let mail = &smtp.messages_to("ada@example.org")[0];
    assert!(crate::common::smtp::header(mail, "Subject").unwrap().contains(&code));

    let r = verify(&server, "ada@example.org", &attempt, &code).await;
    assert_eq!(r.status(), 200);
    let cookie = session_cookie(&r);
    for part in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(part), "{cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain http on loopback: {cookie}");
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["user"]["display_name"], "Ada");

    let jar = cookie.split(';').next().unwrap().to_string();
    let me: Value =
        server.http().get(format!("{}/api/v1/me", server.base)).header(COOKIE, &jar).send().await.unwrap().json().await.unwrap();
    assert_eq!(me["user"]["email"], "ada@example.org");
    assert_eq!(me["csrf_token"], body["csrf_token"]);

    // The code is single use.
    crate::common::assert_api_error(verify(&server, "ada@example.org", &attempt, &code).await, 400, "invalid-code").await;
    // Signing out ends the session.
    let csrf = body["csrf_token"].as_str().unwrap();
    let r = as_session(&server, reqwest::Method::POST, "/api/v1/auth/logout", &jar, csrf).send().await.unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(me_status(&server, &jar).await, 401);
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_reused_foreign_attempt_and_sixth_try_codes_are_refused() {
    let (server, smtp) = server_with_mail(&[("REEL__AUTH__OTP_RESEND_SECS", "0")]);
    server.cli(&["user", "create", "--email", "bob@example.org"]);
    let (attempt, code) = code_for(&server, &smtp, "bob@example.org", 1).await;
    let wrong = if code == "000000" { "000001" } else { "000000" };

    // A code is bound to the attempt that asked for it.
    let r = request_code(&server, "bob@example.org").await;
    let other_attempt = r.json::<Value>().await.unwrap()["attempt"].as_str().unwrap().to_string();
    let (_, newer) = (other_attempt.clone(), code_in(&smtp.wait_for_messages("bob@example.org", 2, Duration::from_secs(20)).await[1]));
    assert_eq!(verify(&server, "bob@example.org", &other_attempt, &code).await.status(), 400, "the old code with the new attempt");
    // Asking again voided the first code.
    assert_eq!(verify(&server, "bob@example.org", &attempt, &code).await.status(), 400, "a superseded code");

    // Five wrong tries void the code: even the right one fails on the sixth.
    for _ in 0..5 {
        let r = verify(&server, "bob@example.org", &other_attempt, wrong).await;
        assert_eq!(r.status(), 400);
        assert_eq!(r.json::<Value>().await.unwrap()["code"], "invalid-code");
    }
    assert_eq!(verify(&server, "bob@example.org", &other_attempt, &newer).await.status(), 400, "the right code after five wrong ones");

    // The audit log saw the lockout.
    let audit = server.get_json("/api/v1/admin/audit").await;
    let actions: Vec<&str> = audit.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert!(actions.contains(&"login.locked") && actions.contains(&"login.failed"), "{actions:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_expired_code_is_refused() {
    let (server, smtp) = server_with_mail(&[("REEL__AUTH__OTP_TTL_SECS", "1")]);
    server.cli(&["user", "create", "--email", "cy@example.org"]);
    let (attempt, code) = code_for(&server, &smtp, "cy@example.org", 1).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    crate::common::assert_api_error(verify(&server, "cy@example.org", &attempt, &code).await, 400, "invalid-code").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_answer_is_the_same_whether_or_not_the_account_exists_and_strangers_get_no_mail() {
    let (server, smtp) = server_with_mail(&[]);
    server.cli(&["user", "create", "--email", "dee@example.org"]);
    let known = request_code(&server, "dee@example.org").await;
    let unknown = request_code(&server, "nobody@example.org").await;
    assert_eq!(known.status(), unknown.status());
    let (k, u): (Value, Value) = (known.json().await.unwrap(), unknown.json().await.unwrap());
    assert_eq!(k["message"], u["message"]);
    assert_eq!(k.as_object().unwrap().keys().collect::<Vec<_>>(), u.as_object().unwrap().keys().collect::<Vec<_>>());
    smtp.wait_for_message("dee@example.org", Duration::from_secs(20)).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(smtp.messages_to("nobody@example.org").is_empty(), "invite-only: no code for strangers");
}

#[tokio::test(flavor = "multi_thread")]
async fn invited_addresses_sign_up_with_their_role() {
    let (server, smtp) = server_with_mail(&[]);
    let r = server
        .http()
        .post(format!("{}/api/v1/admin/invitations", server.base))
        .bearer_auth(&server.token)
        .json(&json!({"email": "eve@example.org", "role": "creator"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let (cookie, _) = sign_in(&server, &smtp, "eve@example.org", 1).await;
    let me: Value =
        server.http().get(format!("{}/api/v1/me", server.base)).header(COOKIE, &cookie).send().await.unwrap().json().await.unwrap();
    assert_eq!(me["user"]["role"], "creator");
}

#[tokio::test(flavor = "multi_thread")]
async fn code_requests_and_checks_are_rate_limited_with_retry_after() {
    let (server, _smtp) = server_with_mail(&[
        ("REEL__AUTH__OTP_PER_HOUR", "3"),
        ("REEL__AUTH__OTP_RESEND_SECS", "0"),
        ("REEL__RATE_LIMIT__VERIFY_PER_HOUR_PER_IP", "4"),
    ]);
    for i in 0..3 {
        assert_eq!(request_code(&server, "fay@example.org").await.status(), 202, "request {i}");
    }
    let r = request_code(&server, "fay@example.org").await;
    assert_eq!(r.status(), 429);
    assert!(r.headers()["retry-after"].to_str().unwrap().parse::<u64>().unwrap() >= 1);
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "rate-limited");
    for _ in 0..4 {
        assert_eq!(verify(&server, "fay@example.org", "no-such-attempt", "123456").await.status(), 400);
    }
    let r = verify(&server, "fay@example.org", "no-such-attempt", "123456").await;
    assert_eq!(r.status(), 429);
    assert!(r.headers().contains_key("retry-after"));
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "rate-limited");

    let (cooling, _) = server_with_mail(&[("REEL__AUTH__OTP_RESEND_SECS", "60")]);
    assert_eq!(request_code(&cooling, "gus@example.org").await.status(), 202);
    let r = request_code(&cooling, "gus@example.org").await;
    assert_eq!(r.status(), 429, "resend cooldown");
}

#[tokio::test(flavor = "multi_thread")]
async fn state_changing_requests_with_a_session_need_the_csrf_token() {
    let (server, smtp) = server_with_mail(&[]);
    server.cli(&["user", "create", "--email", "hal@example.org", "--role", "creator"]);
    let (cookie, csrf) = sign_in(&server, &smtp, "hal@example.org", 1).await;
    let url = format!("{}/api/v1/tokens", server.base);
    let r = server.http().post(&url).header(COOKIE, &cookie).json(&json!({"name": "laptop", "scopes": "read"})).send().await.unwrap();
    assert_eq!(r.status(), 403, "no CSRF token");
    let r = server
        .http()
        .post(&url)
        .header(COOKIE, &cookie)
        .header("X-CSRF-Token", "wrong")
        .json(&json!({"name": "laptop"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403, "wrong CSRF token");
    let r = server
        .http()
        .post(&url)
        .header(COOKIE, &cookie)
        .header("X-CSRF-Token", &csrf)
        .json(&json!({"name": "laptop", "scopes": "read"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let token = r.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_string();
    // A read-only token cannot upload; tokens are listed without their secrets.
    let form = reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(vec![0u8; 10]).file_name("x.mp4"));
    let r = server.http().post(format!("{}/api/v1/videos", server.base)).bearer_auth(&token).multipart(form).send().await.unwrap();
    crate::common::assert_api_error(r, 403, "insufficient-scope").await;
    let listed = server.http().get(&url).header(COOKIE, &cookie).send().await.unwrap().text().await.unwrap();
    assert!(listed.contains("laptop") && !listed.contains(&token));
    // Signing out everywhere ends the session.
    let r = as_session(&server, reqwest::Method::POST, "/api/v1/auth/logout-all", &cookie, &csrf).send().await.unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(me_status(&server, &cookie).await, 401);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_viewer_cannot_reach_another_users_private_video_by_any_url() {
    let server = TestServer::start();
    server.cli(&["user", "create", "--email", "maker@example.org", "--role", "creator"]);
    server.cli(&["user", "create", "--email", "watcher@example.org", "--role", "viewer"]);
    let maker = server.cli(&["token", "create", "--name", "m", "--user", "maker@example.org"]).trim().to_string();
    let watcher =
        server.cli(&["token", "create", "--name", "w", "--user", "watcher@example.org", "--scopes", "read,account"]).trim().to_string();
    let clip = crate::common::make_clip(server.dir.path(), "p.mp4", &["testsrc2=size=320x240:rate=25", "sine"], 2.0, &["-shortest"]);
    let http = server.http();
    let upload = |visibility: &'static str| {
        let form = reqwest::multipart::Form::new()
            .text("title", format!("{visibility} video"))
            .text("visibility", visibility)
            .part("file", reqwest::multipart::Part::bytes(std::fs::read(&clip).unwrap()).file_name("p.mp4"));
        http.post(format!("{}/api/v1/videos", server.base)).bearer_auth(&maker).multipart(form).send()
    };
    let private: Value = upload("private").await.unwrap().json().await.unwrap();
    let members: Value = upload("members").await.unwrap().json().await.unwrap();
    let (private_id, members_id) = (private["id"].as_str().unwrap(), members["id"].as_str().unwrap());
    let video = server.wait_for(private_id, &["ready"], Duration::from_secs(60)).await;
    server.wait_for(members_id, &["ready"], Duration::from_secs(60)).await;

    // The watcher sees the members video but not the private one, in lists or by id.
    let list: Value = http.get(format!("{}/api/v1/videos", server.base)).bearer_auth(&watcher).send().await.unwrap().json().await.unwrap();
    let titles: Vec<&str> = list["items"].as_array().unwrap().iter().map(|v| v["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["members video"]);
    let r = http.get(format!("{}/api/v1/videos/{private_id}", server.base)).bearer_auth(&watcher).send().await.unwrap();
    crate::common::assert_api_error(r, 404, "not-found").await;
    // Nor can they change or delete it.
    for r in [
        http.patch(format!("{}/api/v1/videos/{private_id}", server.base))
            .bearer_auth(&watcher)
            .json(&json!({"title": "mine now"}))
            .send()
            .await
            .unwrap(),
        http.delete(format!("{}/api/v1/videos/{private_id}", server.base)).bearer_auth(&watcher).send().await.unwrap(),
        http.delete(format!("{}/api/v1/videos/{members_id}", server.base)).bearer_auth(&watcher).send().await.unwrap(),
    ] {
        assert!(matches!(r.status().as_u16(), 403 | 404), "{}", r.status());
    }
    // The owner's playback token for the private video opens nothing else: a token for video A
    // does not open video B.
    let prefix = crate::common::play_prefix(&video);
    let token = prefix.split("/play/").nth(1).unwrap().split('/').next().unwrap();
    for file in ["master.m3u8", "360p/index.m3u8", "360p/init.mp4", "360p/00000.m4s", "download.mp4", "poster.jpg"] {
        let r = http.get(format!("{}/play/{token}/{members_id}/{file}", server.base)).send().await.unwrap();
        assert_eq!(r.status(), 403, "{file}");
    }
    // Search shows only what the caller may see, and takes LIKE wildcards literally.
    let search = |q: &'static str| http.get(format!("{}/api/v1/videos", server.base)).query(&[("q", q)]).bearer_auth(&watcher).send();
    let found: Value = search("VIDEO").await.unwrap().json().await.unwrap();
    let titles: Vec<&str> = found["items"].as_array().unwrap().iter().map(|v| v["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["members video"], "case-insensitive, private excluded");
    let found: Value = search("private").await.unwrap().json().await.unwrap();
    assert!(found["items"].as_array().unwrap().is_empty(), "the private video is not found by its title");
    let found: Value = search("%").await.unwrap().json().await.unwrap();
    assert!(found["items"].as_array().unwrap().is_empty(), "% is a character, not a wildcard");
    let owner: Value = http
        .get(format!("{}/api/v1/videos", server.base))
        .query(&[("q", "private")])
        .bearer_auth(&maker)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(owner["items"].as_array().unwrap().len(), 1, "the owner finds their private video");
    // Listing one channel's videos by its account id shows the watcher only what they may see;
    // an owner that is neither `me` nor an account id is a clear error.
    let maker_id = video["owner"].as_str().unwrap();
    let by_owner = |owner: &str| http.get(format!("{}/api/v1/videos", server.base)).query(&[("owner", owner)]).bearer_auth(&watcher).send();
    let theirs: Value = by_owner(maker_id).await.unwrap().json().await.unwrap();
    let titles: Vec<&str> = theirs["items"].as_array().unwrap().iter().map(|v| v["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["members video"], "the private video stays out of the channel's list");
    crate::common::assert_api_error(by_owner("maker@example.org").await.unwrap(), 400, "invalid-owner").await;
    // Access withdrawn is access gone: once the owner makes the members video private, the
    // watcher's playback URL (issued while it was open to members) stops working.
    let watcher_view: Value =
        http.get(format!("{}/api/v1/videos/{members_id}", server.base)).bearer_auth(&watcher).send().await.unwrap().json().await.unwrap();
    let watcher_master = watcher_view["playback"]["hls"].as_str().unwrap().to_string();
    assert_eq!(http.get(&watcher_master).send().await.unwrap().status(), 200);
    let r = http
        .patch(format!("{}/api/v1/videos/{members_id}", server.base))
        .bearer_auth(&maker)
        .json(&json!({"visibility": "private"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(http.get(&watcher_master).send().await.unwrap().status(), 403);
    // Without any credentials the API answers 401, and no playback URL is handed out.
    let r = http.get(format!("{}/api/v1/videos/{members_id}", server.base)).send().await.unwrap();
    crate::common::assert_api_error(r, 401, "unauthorized").await;
    // Admins see and manage everything.
    let r = http.get(format!("{}/api/v1/videos/{private_id}", server.base)).bearer_auth(&server.token).send().await.unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test(flavor = "multi_thread")]
async fn public_videos_are_opt_in_per_deployment() {
    let closed = TestServer::start();
    let clip = crate::common::make_clip(closed.dir.path(), "c.mp4", &["testsrc2=size=160x120:rate=10"], 1.0, &[]);
    let form = reqwest::multipart::Form::new()
        .text("visibility", "public")
        .part("file", reqwest::multipart::Part::bytes(std::fs::read(&clip).unwrap()).file_name("c.mp4"));
    let r = closed.http().post(format!("{}/api/v1/videos", closed.base)).bearer_auth(&closed.token).multipart(form).send().await.unwrap();
    assert_eq!(r.status(), 400, "public is refused unless allowed");

    let open = TestServer::start_with(&[("REEL__AUTH__ALLOW_PUBLIC_VIDEOS", "true")]);
    let form = reqwest::multipart::Form::new()
        .text("visibility", "public")
        .part("file", reqwest::multipart::Part::bytes(std::fs::read(&clip).unwrap()).file_name("c.mp4"));
    let r = open.http().post(format!("{}/api/v1/videos", open.base)).bearer_auth(&open.token).multipart(form).send().await.unwrap();
    let id = r.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
    open.wait_for(&id, &["ready"], Duration::from_secs(60)).await;
    let anonymous: Value = open.http().get(format!("{}/api/v1/videos/{id}", open.base)).send().await.unwrap().json().await.unwrap();
    assert_eq!(anonymous["visibility"], "public");
    let master = anonymous["playback"]["hls"].as_str().unwrap();
    assert_eq!(open.http().get(master).send().await.unwrap().status(), 200);
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_text_is_stored_verbatim_and_returned_as_data() {
    let server = TestServer::start();
    let clip = crate::common::make_clip(server.dir.path(), "x.mp4", &["testsrc2=size=160x120:rate=10"], 1.0, &[]);
    let payloads = ["<script>alert(1)</script>", "'; DROP TABLE videos; --", "\" onmouseover=\"alert(1)", "Robert'); DELETE FROM users;--"];
    for p in payloads {
        let form = reqwest::multipart::Form::new()
            .text("title", p)
            .text("description", p)
            .part("file", reqwest::multipart::Part::bytes(std::fs::read(&clip).unwrap()).file_name("x.mp4"));
        let r =
            server.http().post(format!("{}/api/v1/videos", server.base)).bearer_auth(&server.token).multipart(form).send().await.unwrap();
        assert_eq!(r.status(), 201);
    }
    let list = server.get_json("/api/v1/videos").await;
    let titles: Vec<&str> = list["items"].as_array().unwrap().iter().map(|v| v["title"].as_str().unwrap()).collect();
    for p in payloads {
        assert!(titles.contains(&p), "{p} did not round-trip: {titles:?}");
    }
    // Every table is intact and the API answers JSON, which no browser runs as a page.
    let r = server.http().get(format!("{}/api/v1/videos", server.base)).bearer_auth(&server.token).send().await.unwrap();
    assert_eq!(r.headers()["content-type"], "application/json");
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert!(server.cli(&["user", "list"]).contains(crate::common::ADMIN_EMAIL));
    // Malformed JSON gets the API's error shape too.
    let r = server
        .http()
        .post(format!("{}/api/v1/auth/otp/request", server.base))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "bad-request");
    // Malformed addresses are refused before anything is stored.
    let r = server
        .http()
        .post(format!("{}/api/v1/auth/otp/request", server.base))
        .json(&json!({"email": "<svg onload=alert(1)>@x.org"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
}

#[tokio::test(flavor = "multi_thread")]
async fn totp_becomes_a_second_factor_once_confirmed() {
    let (server, smtp) = server_with_mail(&[("REEL__AUTH__OTP_RESEND_SECS", "0")]);
    server.cli(&["user", "create", "--email", "ivy@example.org", "--role", "admin"]);
    let (cookie, csrf) = sign_in(&server, &smtp, "ivy@example.org", 1).await;
    let http = server.http();
    let r = as_session(&server, reqwest::Method::POST, "/api/v1/auth/totp/enroll", &cookie, &csrf).send().await.unwrap();
    let secret = r.json::<Value>().await.unwrap()["secret"].as_str().unwrap().to_string();
    let now = || (reel_base::domain::now_ms() / 1000) as u64;
    let code = |secret: &str| format!("{:06}", reel_core::auth::totp::code_at(&base32(secret), now()));
    let r = as_session(&server, reqwest::Method::POST, "/api/v1/auth/totp/confirm", &cookie, &csrf)
        .json(&json!({"code": code(&secret)}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    // The next sign-in owes the second factor: the session does nothing until it is given.
    let (attempt, mail_code) = code_for(&server, &smtp, "ivy@example.org", 2).await;
    let r = verify(&server, "ivy@example.org", &attempt, &mail_code).await;
    let pending = session_cookie(&r).split(';').next().unwrap().to_string();
    assert_eq!(r.json::<Value>().await.unwrap()["second_factor_required"], true);
    assert_eq!(me_status(&server, &pending).await, 401);
    let r = http
        .post(format!("{}/api/v1/auth/totp/verify", server.base))
        .header(COOKIE, &pending)
        .json(&json!({"code": "000000"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    // The confirmation used the current step; the next step's code (within the drift window) is fresh.
    let next = format!("{:06}", reel_core::auth::totp::code_at(&base32(&secret), now() + 30));
    let r = http
        .post(format!("{}/api/v1/auth/totp/verify", server.base))
        .header(COOKIE, &pending)
        .json(&json!({"code": next}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // Completing the second factor issues a new session id and ends the pending one.
    let signed_in = session_cookie(&r).split(';').next().unwrap().to_string();
    assert_ne!(signed_in, pending);
    assert_eq!(me_status(&server, &signed_in).await, 200);
    assert_eq!(me_status(&server, &pending).await, 401);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_admin_without_the_required_totp_has_no_admin_rights_until_it_is_set_up() {
    let (server, smtp) = server_with_mail(&[("REEL__AUTH__REQUIRE_TOTP_FOR_ADMINS", "true")]);
    server.cli(&["user", "create", "--email", "root@example.org", "--role", "admin"]);
    let (cookie, csrf) = sign_in(&server, &smtp, "root@example.org", 1).await;
    let http = server.http();
    let users = format!("{}/api/v1/admin/users", server.base);
    assert_eq!(http.get(&users).header(COOKIE, &cookie).send().await.unwrap().status(), 403);
    let r = as_session(&server, reqwest::Method::POST, "/api/v1/auth/totp/enroll", &cookie, &csrf).send().await.unwrap();
    let secret = r.json::<Value>().await.unwrap()["secret"].as_str().unwrap().to_string();
    let code = format!("{:06}", reel_core::auth::totp::code_at(&base32(&secret), (reel_base::domain::now_ms() / 1000) as u64));
    let r = as_session(&server, reqwest::Method::POST, "/api/v1/auth/totp/confirm", &cookie, &csrf)
        .json(&json!({"code": code}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(http.get(&users).header(COOKIE, &cookie).send().await.unwrap().status(), 200);
}

pub(crate) fn base32(text: &str) -> Vec<u8> {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let (mut bits, mut n, mut out) = (0u64, 0, Vec::new());
    for c in text.bytes() {
        bits = (bits << 5) | A.iter().position(|&a| a == c).unwrap() as u64;
        n += 5;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
            bits &= (1 << n) - 1;
        }
    }
    out
}

/// A server whose clients are told apart by `X-Forwarded-For` from a trusted loopback proxy.
fn server_behind_proxy(extra: &[(&str, &str)]) -> (TestServer, SmtpServer) {
    let mut env = vec![("REEL__RATE_LIMIT__CLIENT_IP_HEADER", "X-Forwarded-For"), ("REEL__RATE_LIMIT__TRUSTED_PROXIES", "[\"127.0.0.1\"]")];
    env.extend_from_slice(extra);
    server_with_mail(&env)
}

async fn request_code_from(server: &TestServer, email: &str, client: &str) -> reqwest::Response {
    let url = format!("{}/api/v1/auth/otp/request", server.base);
    server.http().post(url).header("X-Forwarded-For", client).json(&json!({ "email": email })).send().await.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stranger_cannot_lock_a_person_out_or_void_their_code() {
    let (server, smtp) = server_behind_proxy(&[("REEL__AUTH__OTP_PER_HOUR", "3"), ("REEL__AUTH__OTP_RESEND_SECS", "0")]);
    server.cli(&["user", "create", "--email", "joy@example.org"]);
    // Joy asks for a code; a stranger then floods requests for her address from elsewhere.
    let r = request_code_from(&server, "joy@example.org", "198.51.100.7").await;
    let attempt = r.json::<Value>().await.unwrap()["attempt"].as_str().unwrap().to_string();
    let code = code_in(&smtp.wait_for_message("joy@example.org", Duration::from_secs(20)).await);
    for _ in 0..3 {
        assert_eq!(request_code_from(&server, "joy@example.org", "203.0.113.9").await.status(), 202);
    }
    assert_eq!(request_code_from(&server, "joy@example.org", "203.0.113.9").await.status(), 429, "the stranger is capped");
    // Joy's own code still works, and so would asking again from her own address.
    let r = server
        .http()
        .post(format!("{}/api/v1/auth/otp/verify", server.base))
        .header("X-Forwarded-For", "198.51.100.7")
        .json(&json!({ "email": "joy@example.org", "attempt": attempt, "code": code }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test(flavor = "multi_thread")]
async fn one_ipv6_subscriber_counts_as_one_client_for_code_limits() {
    let (server, _smtp) =
        server_behind_proxy(&[("REEL__AUTH__OTP_PER_HOUR", "3"), ("REEL__AUTH__OTP_RESEND_SECS", "0"), ("REEL__AUTH__SIGNUP", "open")]);
    for i in 1..=3 {
        let r = request_code_from(&server, &format!("n{i}@example.org"), &format!("2001:db8:1:2::{i}")).await;
        assert_eq!(r.status(), 202);
    }
    let r = request_code_from(&server, "n4@example.org", "2001:db8:1:2::ffff").await;
    assert_eq!(r.status(), 429, "another address in the same /64 is the same client");
}

#[tokio::test(flavor = "multi_thread")]
async fn asking_for_new_codes_does_not_buy_endless_guesses() {
    let (server, smtp) = server_with_mail(&[
        ("REEL__AUTH__OTP_RESEND_SECS", "0"),
        ("REEL__AUTH__OTP_PER_HOUR", "100"),
        ("REEL__RATE_LIMIT__VERIFY_PER_HOUR_PER_IP", "1000"),
    ]);
    server.cli(&["user", "create", "--email", "kim@example.org"]);
    let mut last = None;
    for round in 1..=4 {
        let (attempt, code) = code_for(&server, &smtp, "kim@example.org", round).await;
        let wrong = if code == "000000" { "000001" } else { "000000" };
        for _ in 0..5 {
            verify(&server, "kim@example.org", &attempt, wrong).await;
        }
        last = Some((attempt, code));
    }
    // Twenty wrong guesses today: even a fresh, right code is refused for now.
    let (attempt, code) = code_for(&server, &smtp, "kim@example.org", 5).await;
    let r = verify(&server, "kim@example.org", &attempt, &code).await;
    assert_eq!(r.status(), 429, "{last:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn totp_cannot_be_replaced_by_a_token_or_without_a_current_code_and_codes_are_good_once() {
    let (server, smtp) = server_with_mail(&[("REEL__AUTH__OTP_RESEND_SECS", "0")]);
    server.cli(&["user", "create", "--email", "lee@example.org", "--role", "creator"]);
    let read_token =
        server.cli(&["token", "create", "--name", "ci", "--user", "lee@example.org", "--scopes", "read,account"]).trim().to_string();
    let http = server.http();
    let enroll = format!("{}/api/v1/auth/totp/enroll", server.base);
    assert_eq!(http.post(&enroll).bearer_auth(&read_token).send().await.unwrap().status(), 403, "never with an API token");

    let (cookie, csrf) = sign_in(&server, &smtp, "lee@example.org", 1).await;
    let secret =
        http.post(&enroll).header(COOKIE, &cookie).header("X-CSRF-Token", &csrf).send().await.unwrap().json::<Value>().await.unwrap()
            ["secret"]
            .as_str()
            .unwrap()
            .to_string();
    let now = (reel_base::domain::now_ms() / 1000) as u64;
    let code = format!("{:06}", reel_core::auth::totp::code_at(&base32(&secret), now));
    let r = as_session(&server, reqwest::Method::POST, "/api/v1/auth/totp/confirm", &cookie, &csrf)
        .json(&json!({"code": code}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // Replacing the secret in force needs a current code; the one just used does not count again.
    let r = http.post(&enroll).header(COOKIE, &cookie).header("X-CSRF-Token", &csrf).send().await.unwrap();
    assert_eq!(r.status(), 403);
    let r = http.post(&enroll).header(COOKIE, &cookie).header("X-CSRF-Token", &csrf).json(&json!({"code": code})).send().await.unwrap();
    assert_eq!(r.status(), 403, "a TOTP code is good once");

    // Five wrong second-factor codes throw the pending sign-in away.
    let (attempt, mail_code) = code_for(&server, &smtp, "lee@example.org", 2).await;
    let pending = session_cookie(&verify(&server, "lee@example.org", &attempt, &mail_code).await).split(';').next().unwrap().to_string();
    let totp_verify = format!("{}/api/v1/auth/totp/verify", server.base);
    for _ in 0..5 {
        assert_eq!(http.post(&totp_verify).header(COOKIE, &pending).json(&json!({"code": "000000"})).send().await.unwrap().status(), 400);
    }
    let next = format!("{:06}", reel_core::auth::totp::code_at(&base32(&secret), now + 30));
    let r = http.post(&totp_verify).header(COOKIE, &pending).json(&json!({"code": next})).send().await.unwrap();
    assert_eq!(r.status(), 401, "the pending session is gone");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_read_only_token_cannot_write_to_an_upload() {
    let server = TestServer::start();
    let read = server.cli(&["token", "create", "--name", "r", "--scopes", "read,account"]).trim().to_string();
    let http = server.http();
    let r = http
        .post(format!("{}/api/v1/uploads", server.base))
        .bearer_auth(&server.token)
        .header("Tus-Resumable", "1.0.0")
        .header("Upload-Length", "10")
        .send()
        .await
        .unwrap();
    let location = r.headers()["location"].to_str().unwrap().to_string();
    let r = http
        .patch(&location)
        .bearer_auth(&read)
        .header("Tus-Resumable", "1.0.0")
        .header("Upload-Offset", "0")
        .header("Content-Type", "application/offset+octet-stream")
        .body(vec![0u8; 10])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(http.delete(&location).bearer_auth(&read).header("Tus-Resumable", "1.0.0").send().await.unwrap().status(), 403);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_playback_cookie_opens_the_same_urls_for_every_viewer() {
    let (server, video) = TestServer::start_with_ready_item(&[]).await;
    let id = video["id"].as_str().unwrap();
    let r =
        server.http().post(format!("{}/api/v1/videos/{id}/playback-cookie", server.base)).bearer_auth(&server.token).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let cookie = r.headers()[SET_COOKIE].to_str().unwrap().to_string();
    assert!(cookie.contains(&format!("Path=/play/c/{id}/")) && cookie.contains("HttpOnly"), "{cookie}");
    let hls = r.json::<Value>().await.unwrap()["hls"].as_str().unwrap().to_string();
    let jar = cookie.split(';').next().unwrap().to_string();
    let master = server.http().get(&hls).header(COOKIE, &jar).send().await.unwrap();
    assert_eq!(master.status(), 200);
    assert!(master.text().await.unwrap().contains(&format!("/play/c/{id}/")));
    assert_eq!(server.http().get(&hls).send().await.unwrap().status(), 403);
}

/// How many guesses for `email` were compared with a code: the audit log records each as a
/// wrong code with its running count.
async fn codes_checked(server: &TestServer, email: &str) -> usize {
    let audit = server.get_json("/api/v1/admin/audit?limit=500").await;
    audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["target"] == email && e["detail"].as_str().is_some_and(|d| d.starts_with("wrong code")))
        .count()
}

/// `n` guesses of `code` sent at once, each on a connection opened beforehand, so that they
/// reach the server together; their statuses and bodies.
async fn guess_at_once(server: &TestServer, email: &str, attempt: &str, code: &str, n: usize) -> Vec<(u16, Value)> {
    let url = format!("{}/api/v1/auth/otp/verify", server.base);
    let body = json!({ "email": email, "attempt": attempt, "code": code });
    let clients: Vec<reqwest::Client> = (0..n).map(|_| server.http()).collect();
    for client in &clients {
        client.get(format!("{}/healthz", server.base)).send().await.unwrap();
    }
    let start = std::sync::Arc::new(tokio::sync::Barrier::new(n));
    let tasks = clients.into_iter().map(|client| {
        let (url, body, start) = (url.clone(), body.clone(), start.clone());
        tokio::spawn(async move {
            start.wait().await;
            let r = client.post(url).json(&body).send().await.unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap_or(Value::Null))
        })
    });
    futures::future::join_all(tasks).await.into_iter().map(Result::unwrap).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn parallel_wrong_guesses_check_no_more_codes_than_the_limits_allow() {
    let (server, smtp) = server_with_mail(&[
        ("REEL__AUTH__OTP_RESEND_SECS", "0"),
        ("REEL__AUTH__OTP_PER_HOUR", "100"),
        ("REEL__RATE_LIMIT__VERIFY_PER_HOUR_PER_IP", "1000"),
        ("REEL__EDGE__API_PER_MINUTE_PER_IP", "10000"),
    ]);
    let email = "par@example.org";
    server.cli(&["user", "create", "--email", email]);
    let (attempt, code) = code_for(&server, &smtp, email, 1).await;
    let wrong = if code == "000000" { "000001" } else { "000000" };

    // Sixty wrong guesses at once on one code: five tries, however they race.
    for (status, body) in guess_at_once(&server, email, &attempt, wrong, 60).await {
        assert_eq!((status, body["code"].as_str()), (400, Some("invalid-code")));
    }
    assert_eq!(codes_checked(&server, email).await, 5, "tries of one code");
    let r = verify(&server, email, &attempt, &code).await;
    assert_eq!((r.status(), r.json::<Value>().await.unwrap()["code"].clone()), (StatusCode::BAD_REQUEST, json!("invalid-code")));

    // One wrong guess short of the daily cap of one client (twenty), then a fresh code and ten
    // wrong guesses at once: one more is checked, however they race.
    for (nth, tries) in [(2, 5), (3, 5), (4, 4)] {
        let (attempt, _) = code_for(&server, &smtp, email, nth).await;
        for _ in 0..tries {
            assert_eq!(verify(&server, email, &attempt, wrong).await.status(), 400);
        }
    }
    assert_eq!(codes_checked(&server, email).await, 19);
    let (attempt, _) = code_for(&server, &smtp, email, 5).await;
    let statuses: Vec<u16> = guess_at_once(&server, email, &attempt, wrong, 20).await.into_iter().map(|(s, _)| s).collect();
    assert!(statuses.iter().all(|s| *s == 400 || *s == 429), "{statuses:?}");
    assert!(statuses.contains(&429), "the daily cap answers 429: {statuses:?}");
    assert_eq!(codes_checked(&server, email).await, 20, "wrong guesses a day from one client");
}

/// The id `reel user list` shows for an address, and whether it is disabled.
fn listed(server: &TestServer, address: &str) -> (String, bool) {
    let list = server.cli(&["user", "list"]);
    let line = list.lines().find(|l| l.contains(address)).unwrap_or_else(|| panic!("{address} in {list}"));
    (line.split('\t').next().unwrap().to_string(), line.ends_with("\tdisabled"))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_disabled_account_is_shut_out_at_once_until_it_is_enabled_again() {
    let (server, smtp) = server_with_mail(&[("REEL__AUTH__OTP_RESEND_SECS", "0")]);
    let email = "dan@example.org";
    server.cli(&["user", "create", "--email", email, "--role", "creator"]);
    let (id, disabled) = listed(&server, email);
    assert!(!disabled);
    let (cookie, csrf) = sign_in(&server, &smtp, email, 1).await;
    let r =
        as_session(&server, reqwest::Method::POST, "/api/v1/tokens", &cookie, &csrf).json(&json!({"name": "laptop"})).send().await.unwrap();
    assert_eq!(r.status(), 201);
    let token = r.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_string();
    let with_token = || async { server.http().get(format!("{}/api/v1/me", server.base)).bearer_auth(&token).send().await.unwrap() };
    assert_eq!(with_token().await.status(), 200);
    assert_eq!(me_status(&server, &cookie).await, 200);

    // An admin disables it over the API: the session and the token stop at once.
    let change = |body: Value, who: String| {
        let (server, token) = (&server, server.token.clone());
        async move {
            server.http().patch(format!("{}/api/v1/admin/users/{who}", server.base)).bearer_auth(token).json(&body).send().await.unwrap()
        }
    };
    assert_eq!(change(json!({"disabled": true}), id.clone()).await.status(), 204);
    assert_eq!(me_status(&server, &cookie).await, 401);
    let r = with_token().await;
    assert_eq!(r.status(), 401);
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "unauthorized");
    assert!(listed(&server, email).1, "reel user list shows it disabled");
    // Asking for a code gets the same answer as ever (and no code is sent).
    assert_eq!(request_code(&server, email).await.status(), StatusCode::ACCEPTED);

    // Enabled again from the command line: the token works, the ended session stays ended.
    server.cli(&["user", "enable", email]);
    assert_eq!(with_token().await.status(), 200);
    assert_eq!(me_status(&server, &cookie).await, 401);
    server.cli(&["user", "disable", email]);
    assert_eq!(with_token().await.status(), 401);

    // Nobody disables themselves, and an empty change is refused with a reason.
    let (admin_id, _) = listed(&server, crate::common::ADMIN_EMAIL);
    let r = change(json!({"disabled": true}), admin_id).await;
    assert_eq!((r.status(), r.json::<Value>().await.unwrap()["code"].clone()), (StatusCode::CONFLICT, json!("last-word")));
    let r = change(json!({}), id.clone()).await;
    assert_eq!((r.status(), r.json::<Value>().await.unwrap()["code"].clone()), (StatusCode::BAD_REQUEST, json!("nothing-to-change")));
    let out = server.command().args(["user", "disable", "nobody@example.org"]).output().unwrap();
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("no account with the address"));

    // Every change is in the audit log, with who made it.
    let audit = server.get_json("/api/v1/admin/audit?limit=500").await;
    let changes: Vec<(&str, &str)> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["target"] == id.as_str())
        .map(|e| (e["action"].as_str().unwrap(), e["detail"].as_str().unwrap_or("")))
        .collect();
    for expected in [("user.disabled", ""), ("user.enabled", "reel user enable"), ("user.disabled", "reel user disable")] {
        assert!(changes.contains(&expected), "{expected:?} in {changes:?}");
    }
}
