//! Viewer profiles on both backends: made within the account's limit, each with its own
//! history and playlists; a kids profile sees only items at or under its rating cap in every
//! listing, search, feed, notification, direct read and playback token, mints no token that
//! escapes it, and is left only with a sign-in code mailed (through the harness's real SMTP
//! server) to the account.

// suite: backends

use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};

use crate::accounts::{as_session, code_in, server_with_mail, sign_in};
use crate::catalogue::{patch, upload_as};
use crate::collections::{token, Api};
use crate::common::{assert_api_error, eventually, make_clip, TestServer};

const CLIP: &[&str] = &["testsrc2=size=160x120:rate=10", "sine"];

/// One signed-in browser: its session cookie and CSRF token.
struct Session<'a> {
    server: &'a TestServer,
    cookie: String,
    csrf: String,
}

impl Session<'_> {
    async fn send(&self, method: Method, path: &str, body: Option<Value>) -> reqwest::Response {
        let mut r = as_session(self.server, method, &format!("/api/v1{path}"), &self.cookie, &self.csrf);
        if let Some(body) = body {
            r = r.json(&body);
        }
        r.send().await.unwrap()
    }

    async fn json(&self, method: Method, path: &str, body: Option<Value>, status: u16) -> Value {
        let r = self.send(method.clone(), path, body).await;
        let got = r.status().as_u16();
        let text = r.text().await.unwrap();
        assert_eq!(got, status, "{method} {path}: {text}");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    /// A page of the web UI as this session sees it: (status, body).
    async fn page(&self, path: &str) -> (u16, String) {
        let r = as_session(self.server, Method::GET, path, &self.cookie, &self.csrf).send().await.unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }
}

fn titles(page: &Value) -> Vec<String> {
    let mut t: Vec<String> =
        page["items"].as_array().unwrap().iter().map(|v| v.get("video").unwrap_or(v)["title"].as_str().unwrap().to_string()).collect();
    t.sort();
    t
}

/// A channel with three ready items: one rated G, one rated R and one with no rating.
async fn catalogue(server: &TestServer, maker: &str) -> (String, String, String) {
    let clip = make_clip(server.dir.path(), "p.mp4", CLIP, 1.0, &["-shortest"]);
    let mut ids = Vec::new();
    for (title, rating) in [("Cartoon", json!("G")), ("Thriller", json!("R")), ("Unrated", Value::Null)] {
        let id = upload_as(server, maker, &clip, Some(title), Some("members")).await;
        server.wait_for(&id, &["ready"], Duration::from_secs(120)).await;
        let r = patch(server, maker, &id, json!({ "content_rating": rating })).await;
        assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
        ids.push(id);
    }
    (ids[0].clone(), ids[1].clone(), ids[2].clone())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_kids_profile_sees_only_what_its_cap_allows_everywhere_and_is_left_only_with_the_accounts_code() {
    let (server, smtp) = server_with_mail(&[
        ("REEL__AUTH__OTP_RESEND_SECS", "1"),
        ("REEL__AUDIENCE__MAX_PROFILES", "3"),
        ("REEL__AUDIENCE__KIDS_MAX_RATING", "PG"),
    ]);
    let maker = token(&server, "maker@example.org", "creator", "read,account,upload");
    server.cli(&["user", "create", "--email", "parent@example.org", "--role", "creator"]);
    let (cookie, csrf) = sign_in(&server, &smtp, "parent@example.org", 1).await;
    let parent = Session { server: &server, cookie, csrf };
    parent.json(Method::POST, "/subscriptions", Some(json!({"channel": "maker"})), 201).await;
    let (cartoon, thriller, unrated) = catalogue(&server, &maker).await;
    // Someone watched all three together: each is "up next" after the others.
    for id in [&cartoon, &thriller, &unrated] {
        let r =
            server.http().put(format!("{}/api/v1/videos/{id}/progress", server.base)).bearer_auth(&maker).json(&json!({"position_s": 0.5}));
        assert_eq!(r.send().await.unwrap().status(), 204);
    }
    server.cli(&["recommend"]);
    let up_next = format!("/videos/{cartoon}/recommendations");
    let grown_up = titles(&parent.json(Method::GET, &up_next, None, 200).await);
    assert_eq!(grown_up, ["Thriller", "Unrated"], "what a grown-up is shown after Cartoon");

    // Profiles: the main one exists from the start; more up to the limit, then a clear refusal.
    let list = parent.json(Method::GET, "/profiles", None, 200).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1, "{list}");
    let main = list["items"][0]["id"].as_str().unwrap().to_string();
    assert_eq!((list["items"][0]["main"].clone(), list["current"].as_str()), (json!(true), Some(main.as_str())));
    let r = parent.send(Method::POST, "/profiles", Some(json!({"name": " ", "kids": true}))).await;
    assert_api_error(r, 400, "invalid-profile").await;
    let r = parent.send(Method::POST, "/profiles", Some(json!({"name": "Kid", "avatar": "chartreuse"}))).await;
    assert_api_error(r, 400, "invalid-profile").await;
    let kid = parent.json(Method::POST, "/profiles", Some(json!({"name": "Kid", "kids": true, "avatar": "amber"})), 201).await;
    assert_eq!((kid["kids"].clone(), kid["avatar"].clone(), kid["main"].clone()), (json!(true), json!("amber"), json!(false)));
    let kid = kid["id"].as_str().unwrap().to_string();
    parent.json(Method::POST, "/profiles", Some(json!({"name": "Guest"})), 201).await;
    let r = parent.send(Method::POST, "/profiles", Some(json!({"name": "One too many"}))).await;
    assert_api_error(r, 409, "too-many-profiles").await;
    let r = parent.send(Method::PATCH, &format!("/profiles/{main}"), Some(json!({"kids": true}))).await;
    assert_api_error(r, 400, "invalid-profile").await;
    assert_api_error(parent.send(Method::DELETE, &format!("/profiles/{main}"), None).await, 409, "main-profile").await;
    assert_eq!(parent.json(Method::GET, "/profiles", None, 200).await["items"].as_array().unwrap().len(), 3);
    // Another account neither sees nor touches them.
    let stranger = token(&server, "stranger@example.org", "viewer", "read,account");
    let api = Api { server: &server };
    let theirs = api.json(Method::GET, &stranger, "/profiles", None, 200).await;
    assert!(!theirs.to_string().contains(&kid) && theirs["items"].as_array().unwrap().len() == 1, "{theirs}");
    assert_api_error(
        api.send(Method::PATCH, &stranger, &format!("/profiles/{kid}"), Some(json!({"name": "Mine"}))).await,
        404,
        "not-found",
    )
    .await;
    assert_api_error(api.send(Method::DELETE, &stranger, &format!("/profiles/{kid}"), None).await, 404, "not-found").await;

    // Entering the kids profile needs nothing; from then on the session sees only what is at
    // or under PG, however it asks.
    parent.json(Method::PUT, "/profiles/current", Some(json!({"profile": kid})), 200).await;
    let child = parent;
    assert_eq!(child.json(Method::GET, "/profiles", None, 200).await["current"], json!(kid));
    assert_eq!(titles(&child.json(Method::GET, "/videos", None, 200).await), ["Cartoon"]);
    for q in ["Thriller", "Unrated"] {
        assert_eq!(titles(&child.json(Method::GET, &format!("/videos?q={q}"), None, 200).await), Vec::<String>::new(), "{q}");
    }
    for hidden in [&thriller, &unrated] {
        assert_api_error(child.send(Method::GET, &format!("/videos/{hidden}"), None).await, 404, "not-found").await;
        assert_api_error(child.send(Method::POST, &format!("/videos/{hidden}/playback-cookie"), None).await, 404, "not-found").await;
        assert_eq!(child.page(&format!("/watch/{hidden}")).await.0, 404);
    }
    let shown = child.json(Method::GET, &format!("/videos/{cartoon}"), None, 200).await;
    assert!(shown["playback"]["hls"].is_string(), "{shown}");
    assert_eq!(titles(&child.json(Method::GET, "/subscriptions/feed", None, 200).await), ["Cartoon"]);
    assert_eq!(titles(&child.json(Method::GET, &up_next, None, 200).await), Vec::<String>::new(), "nothing over the cap is up next");
    let r = child.send(Method::GET, &format!("/videos/{thriller}/recommendations"), None).await;
    assert_api_error(r, 404, "not-found").await;
    eventually(Duration::from_secs(30), "the parent's notifications exist", || async {
        titles(&child.json(Method::GET, "/notifications", None, 200).await) == ["Cartoon"]
    })
    .await;
    assert_eq!(child.json(Method::GET, "/notifications", None, 200).await["unread"], 1);
    let (status, home) = child.page("/").await;
    assert_eq!(status, 200);
    assert!(home.contains("Cartoon") && !home.contains("Thriller") && !home.contains("Unrated"), "the home page is capped too");
    let (_, search) = child.page("/search?q=Thriller").await;
    assert!(!search.contains(&thriller), "the search page is capped too");
    let (status, picker) = child.page("/profiles").await;
    assert_eq!(status, 200);
    assert!(picker.contains("Who&#x27;s watching?") || picker.contains("Who's watching?"), "{picker}");
    assert!(picker.contains("Guest") && !picker.contains("Add profile"), "a kids profile picks but does not manage");
    assert_eq!(child.page("/account").await.0, 403, "the account page is a grown-up's");
    let me = child.json(Method::GET, "/me", None, 200).await;
    assert_eq!((me["profile"]["id"].as_str(), me["profile"]["kids"].as_bool()), (Some(kid.as_str()), Some(true)));

    // A kids profile reads only: no upload, no managing profiles, and a token it makes is
    // bound to it (it cannot mint its way out of the cap).
    let r = child.send(Method::POST, "/tokens", Some(json!({"name": "escape", "scopes": "read,upload"}))).await;
    assert_eq!(r.status(), 403);
    let minted = child.json(Method::POST, "/tokens", Some(json!({"name": "tablet", "scopes": "read,account"})), 201).await;
    let minted = minted["token"].as_str().unwrap().to_string();
    assert_eq!(titles(&api.json(Method::GET, &minted, "/videos", None, 200).await), ["Cartoon"]);
    assert_api_error(api.send(Method::GET, &minted, &format!("/videos/{thriller}"), None).await, 404, "not-found").await;
    let r = api.send(Method::PUT, &minted, "/profiles/current", Some(json!({"profile": main}))).await;
    assert_api_error(r, 400, "session-only").await;
    assert_eq!(child.send(Method::POST, "/profiles", Some(json!({"name": "Sneaky"}))).await.status(), 403);
    assert_eq!(child.send(Method::DELETE, &format!("/profiles/{kid}"), None).await.status(), 403);
    let r = patch(&server, &minted, &cartoon, json!({"title": "Mine now"})).await;
    assert_eq!(r.status(), 403);

    // What the kid watches and keeps is the kid's own.
    child.json(Method::PUT, &format!("/videos/{cartoon}/progress"), Some(json!({"position_s": 0.5})), 204).await;
    child.json(Method::POST, "/playlists", Some(json!({"title": "Kid's list"})), 201).await;
    assert_eq!(titles(&child.json(Method::GET, "/history", None, 200).await), ["Cartoon"]);

    // Leaving needs a fresh code sent to the account; a wrong one changes nothing.
    let r = child.send(Method::PUT, "/profiles/current", Some(json!({"profile": main}))).await;
    assert_api_error(r, 403, "code-required").await;
    let attempt = child.json(Method::POST, "/profiles/current/code", None, 202).await["attempt"].as_str().unwrap().to_string();
    let mails = smtp.wait_for_messages("parent@example.org", 2, Duration::from_secs(20)).await;
    let code = code_in(&mails[1]);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let r = child.send(Method::PUT, "/profiles/current", Some(json!({"profile": main, "attempt": attempt, "code": wrong}))).await;
    assert_api_error(r, 400, "invalid-code").await;
    assert_eq!(child.json(Method::GET, "/profiles", None, 200).await["current"], json!(kid));
    child.json(Method::PUT, "/profiles/current", Some(json!({"profile": main, "attempt": attempt, "code": code})), 200).await;
    let parent = child;
    let r = parent.send(Method::PUT, "/profiles/current", Some(json!({"profile": kid, "attempt": attempt, "code": code}))).await;
    assert_eq!(r.status(), 200, "entering a kids profile needs no code");
    let r = parent.send(Method::PUT, "/profiles/current", Some(json!({"profile": main, "attempt": attempt, "code": code}))).await;
    assert_api_error(r, 400, "invalid-code").await;
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let attempt = parent.json(Method::POST, "/profiles/current/code", None, 202).await["attempt"].as_str().unwrap().to_string();
    let code = code_in(&smtp.wait_for_messages("parent@example.org", 3, Duration::from_secs(20)).await[2]);
    parent.json(Method::PUT, "/profiles/current", Some(json!({"profile": main, "attempt": attempt, "code": code})), 200).await;

    // Back as the grown-up: everything again, and none of the kid's history or playlists.
    assert_eq!(titles(&parent.json(Method::GET, "/videos", None, 200).await), ["Cartoon", "Thriller", "Unrated"]);
    assert_eq!(titles(&parent.json(Method::GET, "/history", None, 200).await), Vec::<String>::new());
    let mine = parent.json(Method::GET, "/playlists?owner=me", None, 200).await;
    assert_eq!(mine["items"], json!([]), "the kid's playlist is the kid's");
    assert_eq!(parent.send(Method::POST, "/profiles/current/code", None).await.status(), 409);

    // Removing the kids profile takes its history and playlists and ends its token.
    parent.json(Method::DELETE, &format!("/profiles/{kid}"), None, 204).await;
    assert_eq!(parent.json(Method::GET, "/profiles", None, 200).await["items"].as_array().unwrap().len(), 2);
    assert_eq!(api.send(Method::GET, &minted, "/videos", None).await.status(), 401);
    assert_api_error(parent.send(Method::PUT, "/profiles/current", Some(json!({"profile": kid}))).await, 404, "not-found").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_kids_session_changes_only_what_is_its_own() {
    let (server, smtp) = server_with_mail(&[]);
    token(&server, "maker@example.org", "creator", "read,account,upload");
    server.cli(&["user", "create", "--email", "parent@example.org", "--role", "creator"]);
    let (cookie, csrf) = sign_in(&server, &smtp, "parent@example.org", 1).await;
    let parent = Session { server: &server, cookie, csrf };
    parent.json(Method::POST, "/subscriptions", Some(json!({"channel": "maker"})), 201).await;
    let secret = parent.json(Method::POST, "/playlists", Some(json!({"title": "Parent's list"})), 201).await;
    let secret = format!("/playlists/{}", secret["id"].as_str().unwrap());
    let kid =
        parent.json(Method::POST, "/profiles", Some(json!({"name": "Kid", "kids": true})), 201).await["id"].as_str().unwrap().to_string();
    parent.json(Method::PUT, "/profiles/current", Some(json!({"profile": kid})), 200).await;
    let child = parent;

    // Another profile's private playlist is not there for the kid, to list, read or change.
    let listed = child.json(Method::GET, "/playlists", None, 200).await.to_string();
    assert!(!listed.contains("Parent's list"), "{listed}");
    assert_api_error(child.send(Method::GET, &secret, None).await, 404, "not-found").await;
    assert_api_error(child.send(Method::PATCH, &secret, Some(json!({"title": "Mine"}))).await, 404, "not-found").await;
    assert_api_error(child.send(Method::DELETE, &secret, None).await, 404, "not-found").await;
    // What belongs to the account, not the profile, is a grown-up's to change.
    for (method, path, body) in [
        (Method::POST, "/subscriptions", Some(json!({"channel": "maker"}))),
        (Method::DELETE, "/subscriptions/maker", None),
        (Method::POST, "/notifications/read", None),
        (Method::PUT, "/notifications/settings", Some(json!({"email": true}))),
        (Method::PUT, "/history/settings", Some(json!({"paused": true}))),
        (Method::DELETE, "/history", None),
    ] {
        let r = child.send(method.clone(), path, body).await;
        assert_eq!(r.status(), 403, "{method} {path}: {}", r.text().await.unwrap());
    }
    assert_eq!(child.json(Method::GET, "/notifications/settings", None, 200).await["email"], false);
    assert_eq!(child.json(Method::GET, "/history/settings", None, 200).await["paused"], false);
    // Watching is not refused, and leaves the account's notifications as they are.
    let clip = make_clip(server.dir.path(), "k.mp4", CLIP, 1.0, &["-shortest"]);
    let maker = server.cli(&["token", "create", "--name", "m", "--user", "maker@example.org"]).trim().to_string();
    let id = upload_as(&server, &maker, &clip, Some("For all"), Some("members")).await;
    server.wait_for(&id, &["ready"], Duration::from_secs(120)).await;
    assert_eq!(patch(&server, &maker, &id, json!({"content_rating": "G"})).await.status(), 200);
    eventually(Duration::from_secs(30), "the account's notification", || async {
        child.json(Method::GET, "/notifications", None, 200).await["unread"] == 1
    })
    .await;
    assert_eq!(child.page(&format!("/watch/{id}")).await.0, 200, "a kids profile watches what is rated for it");
    assert_eq!(child.json(Method::GET, "/notifications", None, 200).await["unread"], 1);
    // Its own playlists are its own.
    let own = child.json(Method::POST, "/playlists", Some(json!({"title": "Kid's list"})), 201).await;
    let own = format!("/playlists/{}", own["id"].as_str().unwrap());
    assert_eq!(child.json(Method::PATCH, &own, Some(json!({"title": "My list"})), 200).await["title"], "My list");
    child.json(Method::DELETE, &own, None, 204).await;

    // Nothing of the grown-up's changed.
    let admin = Api { server: &server };
    assert_eq!(admin.json(Method::GET, &server.token, &secret, None, 200).await["title"], "Parent's list");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rating_cap_off_the_scale_is_refused_at_start() {
    let server = TestServer::start();
    let mut cmd = server.command();
    cmd.args(["serve"]).env("REEL__AUDIENCE__KIDS_MAX_RATING", "XXX");
    let out = cmd.output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("audience.kids_max_rating") && err.contains("content_ratings"), "{err}");
}
