//! Reactions and comments against a real server: likes and dislikes with their totals and the
//! liked list; threads, replies, the edit window, taking back, pin, hide and the owner's switch;
//! notices and the `comment.created` event to those concerned only; a comment flood refused
//! without losing what was stored; and no comment of an item a member may not see readable by
//! them through any route (the API, the pages, notifications, webhooks, search, feeds, export).

// suite: backends

use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{assert_api_error, eventually, make_clip, TestServer};
use crate::webhooks::Receiver;

const CLIP: &[&str] = &["testsrc2=size=160x120:rate=10", "sine"];

/// `method` on `/api/v1{path}` with `token`, and a JSON body if given.
pub(crate) async fn call(server: &TestServer, token: &str, method: Method, path: &str, body: Option<Value>) -> reqwest::Response {
    let mut request = server.http().request(method, format!("{}/api/v1{path}", server.base)).bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap()
}

/// The answer's JSON, once its status is `status`.
pub(crate) async fn json_of(r: reqwest::Response, status: u16) -> Value {
    let got = r.status().as_u16();
    let text = r.text().await.unwrap();
    assert_eq!(got, status, "{text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// A page fetched with no account and no redirect followed.
async fn anonymous(url: &str) -> (u16, String) {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let r = client.get(url).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

#[tokio::test(flavor = "multi_thread")]
async fn members_react_and_comment_owners_moderate_and_nothing_leaks_once_an_item_is_private() {
    let (receiver, hooks) = Receiver::start().await;
    let server = TestServer::start_with(&[
        ("REEL__AUTH__ALLOW_PUBLIC_VIDEOS", "true"),
        ("REEL__WEBHOOKS__ALLOW_PRIVATE_ADDRESSES", "true"),
        ("REEL__COMMUNITY__EDIT_WINDOW_SECS", "3"),
        ("REEL__COMMUNITY__MAX_COMMENT_CHARS", "300"),
    ]);
    let (get, post, patch, put, delete) = (Method::GET, Method::POST, Method::PATCH, Method::PUT, Method::DELETE);
    for (email, role) in [("owner@example.org", "creator"), ("other@example.org", "creator"), ("alice@example.org", "viewer")] {
        let name = email.split('@').next().unwrap();
        server.cli(&["user", "create", "--email", email, "--role", role, "--name", name]);
    }
    server.cli(&["user", "create", "--email", "bob@example.org", "--name", "Bob"]);
    server.cli(&["user", "create", "--email", "flood@example.org"]);
    let token = |email: &str| server.cli(&["token", "create", "--name", "t", "--user", email]).trim().to_string();
    let (owner, other, alice, bob, flood) = (
        token("owner@example.org"),
        token("other@example.org"),
        token("alice@example.org"),
        token("bob@example.org"),
        token("flood@example.org"),
    );

    // The owner's endpoint hears of comments on their items; another creator's does not.
    for (who, tok) in [("owner", &owner), ("other", &other)] {
        let hook = json!({ "url": format!("{hooks}/hook?who={who}"), "events": ["comment.created"] });
        json_of(call(&server, tok, post.clone(), "/webhooks", Some(hook)).await, 201).await;
    }

    let clip = make_clip(server.dir.path(), "c.mp4", CLIP, 2.0, &["-shortest"]);
    let form = reqwest::multipart::Form::new()
        .text("title", "Talked about")
        .text("visibility", "public")
        .part("file", reqwest::multipart::Part::bytes(std::fs::read(&clip).unwrap()).file_name("c.mp4"));
    let r = server.http().post(format!("{}/api/v1/videos", server.base)).bearer_auth(&owner).multipart(form).send().await.unwrap();
    let id = json_of(r, 201).await["id"].as_str().unwrap().to_string();
    eventually(Duration::from_secs(120), "the item ready", || async {
        call(&server, &owner, get.clone(), &format!("/videos/{id}"), None).await.json::<Value>().await.unwrap()["status"] == "ready"
    })
    .await;
    let (reactions, comments) = (format!("/videos/{id}/reactions"), format!("/videos/{id}/comments"));

    // Reactions: one per profile, toggled, totals kept.
    let react = async |tok: &str, value: i64| call(&server, tok, post.clone(), &reactions, Some(json!({ "value": value }))).await;
    assert_eq!(json_of(react(&alice, 1).await, 200).await, json!({ "likes": 1, "dislikes": 0, "value": 1 }));
    assert_eq!(json_of(react(&alice, 1).await, 200).await["likes"], 1, "liking twice counts once");
    assert_eq!(json_of(react(&bob, -1).await, 200).await, json!({ "likes": 1, "dislikes": 1, "value": -1 }));
    assert_eq!(json_of(react(&bob, 1).await, 200).await, json!({ "likes": 2, "dislikes": 0, "value": 1 }));
    assert_eq!(json_of(react(&bob, 0).await, 200).await, json!({ "likes": 1, "dislikes": 0, "value": 0 }));
    assert_api_error(react(&alice, 2).await, 400, "invalid-reaction").await;
    let seen = json_of(call(&server, &bob, get.clone(), &reactions, None).await, 200).await;
    assert_eq!(seen, json!({ "likes": 1, "dislikes": 0, "value": 0 }));
    let liked = json_of(call(&server, &alice, get.clone(), "/liked", None).await, 200).await;
    assert_eq!(liked["items"][0]["video"]["id"], json!(id), "{liked}");
    assert_eq!(json_of(call(&server, &bob, get.clone(), "/liked", None).await, 200).await["items"], json!([]));

    // Comments: written, escaped and linked safely on the page, in order, a page at a time.
    let write = async |tok: &str, body: Value| call(&server, tok, post.clone(), &comments, Some(body)).await;
    let text = "First! <script>alert(1)</script> see https://example.com/a?b=1&c=2.";
    let first = json_of(write(&alice, json!({ "body": text })).await, 201).await;
    let first_id = first["id"].as_str().unwrap().to_string();
    assert_eq!((first["body"].as_str(), first["author"]["channel"].is_string()), (Some(text), true));
    let second = json_of(write(&bob, json!({ "body": "Second, plainly." })).await, 201).await;
    let reply = json_of(write(&bob, json!({ "body": "A reply", "parent_id": first_id })).await, 201).await;
    let written = std::time::Instant::now();
    assert_eq!(reply["parent_id"], json!(first_id));
    // Its writer changes it within the edit window; no one else ever.
    let reply_id = reply["id"].as_str().unwrap().to_string();
    let body = json!({ "body": "A better reply" });
    let edited = json_of(call(&server, &bob, patch.clone(), &format!("/comments/{reply_id}"), Some(body)).await, 200).await;
    assert!(edited["edited_at"].is_string());
    let r = call(&server, &alice, patch.clone(), &format!("/comments/{reply_id}"), Some(json!({ "body": "mine now" }))).await;
    assert_api_error(r, 403, "forbidden").await;
    // Replies have no replies; empty, too long or unknown fields are refused.
    assert_api_error(write(&alice, json!({ "body": "deeper", "parent_id": reply_id })).await, 404, "not-found").await;
    assert_api_error(write(&alice, json!({ "body": "  \n " })).await, 400, "invalid-text").await;
    assert_api_error(write(&alice, json!({ "body": "x".repeat(301) })).await, 400, "invalid-text").await;
    assert_api_error(write(&alice, json!({ "body": "x", "colour": "red" })).await, 422, "invalid-body").await;

    let page = json_of(call(&server, &bob, get.clone(), &format!("{comments}?limit=1"), None).await, 200).await;
    assert_eq!((page["total"].as_i64(), page["open"].as_bool()), (Some(3), Some(true)), "{page}");
    assert_eq!(page["items"][0]["id"], second["id"], "newest first");
    let cursor = page["next_cursor"].as_str().expect("a full page has a next one").to_string();
    let page2 = json_of(call(&server, &bob, get.clone(), &format!("{comments}?limit=1&cursor={cursor}"), None).await, 200).await;
    assert_eq!(page2["items"][0]["id"], json!(first_id));
    assert_eq!(page2["items"][0]["first_replies"][0]["id"], json!(reply_id));
    let top = json_of(call(&server, &bob, get.clone(), &format!("{comments}?order=top"), None).await, 200).await;
    assert_eq!(top["items"][0]["id"], json!(first_id), "most replied first: {top}");
    let replies = json_of(call(&server, &bob, get.clone(), &format!("{comments}?parent={first_id}"), None).await, 200).await;
    assert_eq!(replies["items"].as_array().unwrap().len(), 1);
    let (status, html) = anonymous(&format!("{}/watch/{id}", server.base)).await;
    assert_eq!(status, 200);
    assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;") && !html.contains("<script>alert(1)"), "the text is escaped");
    assert!(html.contains(r#"rel="nofollow ugc noopener">https:&#x2f;&#x2f;example.com&#x2f;a?b=1&amp;c=2</a>."#), "the link is safe");

    // Notices: the owner of a comment on their item, the writer of a reply to theirs.
    let notices = async |tok: &str| call(&server, tok, get.clone(), "/notifications", None).await;
    let told = json_of(notices(&alice).await, 200).await;
    assert_eq!(told["items"][0]["kind"], "reply", "{told}");
    assert_eq!(told["items"][0]["comment"]["body"], "A better reply");
    let told = json_of(notices(&owner).await, 200).await;
    assert_eq!(told["items"][0]["kind"], "comment", "{told}");
    // The event reaches the owner's endpoint, not another creator's.
    let event = receiver.wait("owner", "comment.created").await.event();
    assert_eq!(event["data"]["video_id"], json!(id));
    assert!(receiver.for_whom("other").is_empty(), "another creator heard of a comment on someone else's item");

    // The edit window is over for the reply now; its writer could change it before.
    tokio::time::sleep(Duration::from_millis(3300).saturating_sub(written.elapsed())).await;
    let r = call(&server, &bob, patch.clone(), &format!("/comments/{reply_id}"), Some(json!({ "body": "too late" }))).await;
    assert_api_error(r, 409, "edit-window-over").await;

    // The owner pins and hides; only they (and admins) see what is hidden. Viewers cannot.
    let second_id = second["id"].as_str().unwrap();
    assert_api_error(
        call(&server, &alice, put.clone(), &format!("/comments/{second_id}/pin"), Some(json!({ "pinned": true }))).await,
        403,
        "insufficient-scope",
    )
    .await;
    let r = call(&server, &owner, put.clone(), &format!("/comments/{first_id}/pin"), Some(json!({ "pinned": true }))).await;
    assert_eq!(r.status(), 204);
    let r = call(&server, &owner, put.clone(), &format!("/comments/{second_id}/hidden"), Some(json!({ "hidden": true }))).await;
    assert_eq!(r.status(), 204);
    let page = json_of(call(&server, &alice, get.clone(), &comments, None).await, 200).await;
    assert_eq!(page["pinned"]["id"], json!(first_id), "{page}");
    assert!(!page.to_string().contains(second_id), "a hidden comment reached a viewer: {page}");
    let page = json_of(call(&server, &owner, get.clone(), &comments, None).await, 200).await;
    assert_eq!(page["items"][0]["hidden"], true, "{page}");

    // Taking back: the writer's own; the thread keeps its place while it has replies.
    assert_api_error(call(&server, &bob, delete.clone(), &format!("/comments/{first_id}"), None).await, 403, "forbidden").await;
    assert_eq!(call(&server, &alice, delete.clone(), &format!("/comments/{first_id}"), None).await.status(), 204);
    let page = json_of(call(&server, &bob, get.clone(), &comments, None).await, 200).await;
    let thread = page["items"].as_array().unwrap().iter().find(|t| t["id"] == json!(first_id)).cloned().unwrap();
    assert_eq!((thread["deleted"].as_bool(), thread["body"].as_str()), (Some(true), Some("")), "{page}");
    assert_eq!(thread["first_replies"][0]["body"], "A better reply");

    // The owner's switch: off, nobody else reads or writes; on again, all is back.
    let r = call(&server, &owner, patch.clone(), &format!("/videos/{id}"), Some(json!({ "comments": false }))).await;
    assert_eq!(r.status(), 200);
    assert_api_error(write(&bob, json!({ "body": "anyone?" })).await, 409, "comments-off").await;
    let page = json_of(call(&server, &bob, get.clone(), &comments, None).await, 200).await;
    assert_eq!((page["items"].clone(), page["off"].as_bool(), page["open"].as_bool()), (json!([]), Some(true), Some(false)));
    call(&server, &owner, patch.clone(), &format!("/videos/{id}"), Some(json!({ "comments": true }))).await;

    // A flood from one account: refused past the burst, and nothing stored is lost.
    let mut stored = Vec::new();
    let mut refused = None;
    for n in 0..8 {
        let r = write(&flood, json!({ "body": format!("flood {n}") })).await;
        if r.status() == 429 {
            assert!(r.headers().contains_key("retry-after"));
            refused = Some(n);
            break;
        }
        stored.push(json_of(r, 201).await["id"].as_str().unwrap().to_string());
    }
    assert_eq!(refused, Some(5), "the burst is comments_per_minute (5)");
    let page = json_of(call(&server, &bob, get.clone(), &format!("{comments}?limit=100"), None).await, 200).await;
    for id in &stored {
        assert!(page.to_string().contains(id.as_str()), "a stored comment went missing in the flood");
    }
    assert!(write(&bob, json!({ "body": "others still may" })).await.status() == 201);

    // Private now: no comment of it reaches a member who may not see it, by any route.
    let r = call(&server, &owner, patch.clone(), &format!("/videos/{id}"), Some(json!({ "visibility": "private" }))).await;
    assert_eq!(r.status(), 200);
    let events_before = receiver.for_whom("other").len();
    assert_api_error(call(&server, &bob, get.clone(), &comments, None).await, 404, "not-found").await;
    assert_api_error(call(&server, &bob, get.clone(), &format!("{comments}?parent={first_id}"), None).await, 404, "not-found").await;
    assert_api_error(write(&bob, json!({ "body": "still here?" })).await, 404, "not-found").await;
    assert_api_error(call(&server, &bob, get.clone(), &reactions, None).await, 404, "not-found").await;
    let (status, _) = anonymous(&format!("{}/watch/{id}/comments/{first_id}", server.base)).await;
    assert_ne!(status, 200, "a thread's page of a private item opened for someone signed out");
    let told = json_of(notices(&alice).await, 200).await;
    assert!(!told.to_string().contains("A better reply"), "a notice still tells a comment of a private item: {told}");
    assert_eq!(json_of(call(&server, &alice, get.clone(), "/liked", None).await, 200).await["items"], json!([]));
    let export = json_of(call(&server, &bob, get.clone(), "/account/export", None).await, 200).await;
    assert!(!export.to_string().contains("A better reply"), "the export holds a comment of an item its account may not see");
    let found = json_of(call(&server, &bob, get.clone(), "/videos?q=plainly", None).await, 200).await;
    assert_eq!(found["items"], json!([]), "search finds an item by its comments");
    let (_, feed) = anonymous(&format!("{}/c/owner/feed.xml", server.base)).await;
    assert!(!feed.contains("plainly"), "a feed carries a comment");
    // The owner still reads and writes on their own private item; no one else hears of it.
    json_of(write(&owner, json!({ "body": "note to self" })).await, 201).await;
    let page = json_of(call(&server, &owner, get.clone(), &comments, None).await, 200).await;
    assert!(page.to_string().contains("note to self"));
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(receiver.for_whom("other").len(), events_before, "an event of a private item's comment reached another creator");
}

#[tokio::test(flavor = "multi_thread")]
async fn with_comments_off_for_the_site_no_one_comments_and_the_page_shows_no_section() {
    let (server, item) =
        TestServer::start_with_ready_item(&[("REEL__AUTH__ALLOW_PUBLIC_VIDEOS", "true"), ("REEL__COMMUNITY__COMMENTS", "false")]).await;
    server.cli(&["user", "create", "--email", "viewer@example.org"]);
    let viewer = server.cli(&["token", "create", "--name", "v", "--user", "viewer@example.org"]).trim().to_string();
    let id = item["id"].as_str().unwrap().to_string();
    let r = call(&server, &server.token, Method::PATCH, &format!("/videos/{id}"), Some(json!({ "visibility": "public" }))).await;
    assert_eq!(r.status(), 200);
    let r = call(&server, &viewer, Method::POST, &format!("/videos/{id}/comments"), Some(json!({ "body": "hello?" }))).await;
    assert_api_error(r, 403, "forbidden").await;
    let page = json_of(call(&server, &viewer, Method::GET, &format!("/videos/{id}/comments"), None).await, 200).await;
    assert_eq!((page["open"].as_bool(), page["items"].clone()), (Some(false), json!([])));
    let (status, html) = anonymous(&format!("{}/watch/{id}", server.base)).await;
    assert_eq!(status, 200);
    assert!(!html.contains("comments-heading") && !html.contains("Sign in</a> to comment"), "the comments section is shown");
    // Reactions are not comments: they still work.
    let r = call(&server, &viewer, Method::POST, &format!("/videos/{id}/reactions"), Some(json!({ "value": 1 }))).await;
    assert_eq!(json_of(r, 200).await["likes"], 1);
}
