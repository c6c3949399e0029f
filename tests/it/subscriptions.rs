//! Subscriptions through the API and the pages, on both backends: following and unfollowing
//! channels, subscriber counts, and a feed that shows only what the subscriber may watch from
//! the channels they follow, newest first, page by page.

// suite: backends

use reqwest::Method;
use serde_json::{json, Value};

use crate::catalogue::{patch, titles, upload_as};
use crate::collections::{token, Api};
use crate::common::{assert_api_error, make_clip, TestServer};
use crate::pages::sign_in;

const CLIP: &[&str] = &["testsrc2=size=160x120:rate=10", "sine"];

/// Uploads a clip as `token` and waits until it can be watched.
async fn published(server: &TestServer, token: &str, clip: &std::path::Path, title: &str, visibility: &str) -> String {
    let id = upload_as(server, token, clip, Some(title), Some(visibility)).await;
    server.wait_for(&id, &["ready"], std::time::Duration::from_secs(120)).await;
    id
}

fn handles(list: &Value) -> Vec<String> {
    list["items"].as_array().unwrap().iter().map(|c| c["channel"].as_str().unwrap().to_string()).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_feed_shows_what_followed_channels_published_that_the_subscriber_may_watch_and_nothing_else() {
    let server = TestServer::start();
    let maker = token(&server, "maker@example.org", "creator", "read,account,upload");
    let other = token(&server, "other@example.org", "creator", "read,account,upload");
    let fan = token(&server, "fan@example.org", "viewer", "read,account");
    let lurker = token(&server, "lurker@example.org", "viewer", "read,account");
    let clip = make_clip(server.dir.path(), "s.mp4", CLIP, 1.0, &["-shortest"]);
    let api = Api { server: &server };
    published(&server, &maker, &clip, "First", "members").await;
    let secret = published(&server, &maker, &clip, "Secret", "private").await;
    published(&server, &maker, &clip, "Second", "members").await;
    published(&server, &other, &clip, "Elsewhere", "members").await;

    // Following nobody: no channels, an empty feed.
    let none = api.json(Method::GET, &fan, "/subscriptions", None, 200).await;
    assert_eq!(none, json!({"items": []}));
    let feed = api.json(Method::GET, &fan, "/subscriptions/feed", None, 200).await;
    assert!(titles(&feed).is_empty(), "{feed}");

    // Subscribing: 201 the first time, 200 after (nothing changes), `@` allowed.
    let made = api.json(Method::POST, &fan, "/subscriptions", Some(json!({"channel": "maker"})), 201).await;
    assert_eq!(
        (made["channel"].as_str(), made["name"].as_str(), made["subscribers"].as_i64()),
        (Some("maker"), Some("maker"), Some(1)),
        "{made}"
    );
    assert!(made["subscribed_at"].as_str().is_some_and(|t| t.ends_with('Z')), "{made}");
    let again = api.json(Method::POST, &fan, "/subscriptions", Some(json!({"channel": "@maker"})), 200).await;
    assert_eq!(again["subscribed_at"], made["subscribed_at"], "subscribing again keeps the first date");
    api.json(Method::POST, &lurker, "/subscriptions", Some(json!({"channel": "maker"})), 201).await;
    let listed = api.json(Method::GET, &fan, "/subscriptions", None, 200).await;
    assert_eq!(handles(&listed), ["maker"]);
    assert_eq!(listed["items"][0]["subscribers"], 2, "{listed}");

    // Bad requests change nothing.
    let r = api.send(Method::POST, &fan, "/subscriptions", Some(json!({"channel": "nobody-here"}))).await;
    assert_api_error(r, 404, "not-found").await;
    let r = api.send(Method::POST, &fan, "/subscriptions", Some(json!({"channel": "x".repeat(5000)}))).await;
    assert_api_error(r, 404, "not-found").await;
    let r = api.send(Method::POST, &fan, "/subscriptions", Some(json!({"handle": "maker"}))).await;
    assert_api_error(r, 422, "invalid-body").await;
    let r = api.send(Method::POST, &maker, "/subscriptions", Some(json!({"channel": "maker"}))).await;
    assert_api_error(r, 400, "own-channel").await;
    assert_eq!(handles(&api.json(Method::GET, &fan, "/subscriptions", None, 200).await), ["maker"]);
    let r = server.http().get(format!("{}/api/v1/subscriptions/feed", server.base)).send().await.unwrap();
    assert_eq!(r.status(), 401, "the feed is a signed-in caller's");

    // The feed: the followed channel's items the fan may watch, newest first; never the
    // private one, never another channel's.
    let feed = api.json(Method::GET, &fan, "/subscriptions/feed", None, 200).await;
    assert_eq!(titles(&feed), ["Second", "First"], "{feed}");
    assert!(!feed.to_string().contains(&secret), "a private item never reaches another account's feed");
    let first = api.json(Method::GET, &fan, "/subscriptions/feed?limit=1", None, 200).await;
    assert_eq!(titles(&first), ["Second"]);
    let cursor = first["next_cursor"].as_str().expect("a next page").to_string();
    let next = api.json(Method::GET, &fan, &format!("/subscriptions/feed?limit=1&cursor={cursor}"), None, 200).await;
    assert_eq!(titles(&next), ["First"]);
    let r = api.send(Method::GET, &fan, "/subscriptions/feed?cursor=nonsense", None).await;
    assert_api_error(r, 400, "invalid-cursor").await;

    // Following a second channel adds its items; the owner's own private item stays theirs.
    api.json(Method::POST, &fan, "/subscriptions", Some(json!({"channel": "other"})), 201).await;
    let feed = api.json(Method::GET, &fan, "/subscriptions/feed", None, 200).await;
    assert_eq!(titles(&feed), ["Elsewhere", "Second", "First"], "{feed}");
    api.json(Method::POST, &other, "/subscriptions", Some(json!({"channel": "maker"})), 201).await;
    let theirs = api.json(Method::GET, &other, "/subscriptions/feed", None, 200).await;
    assert_eq!(titles(&theirs), ["Second", "First"], "{theirs}");

    // An item made private leaves every feed at once, even though listings are cached.
    let r = patch(&server, &maker, feed["items"][1]["id"].as_str().unwrap(), json!({"visibility": "private"})).await;
    assert_eq!(r.status(), 200);
    let feed = api.json(Method::GET, &fan, "/subscriptions/feed", None, 200).await;
    assert_eq!(titles(&feed), ["Elsewhere", "First"], "{feed}");

    // Unsubscribing: 204, again 204, the channel's items leave the feed at once.
    let r = api.send(Method::DELETE, &fan, "/subscriptions/maker", None).await;
    assert_eq!(r.status(), 204);
    assert_eq!(api.send(Method::DELETE, &fan, "/subscriptions/maker", None).await.status(), 204);
    assert_api_error(api.send(Method::DELETE, &fan, "/subscriptions/nobody-here", None).await, 404, "not-found").await;
    let feed = api.json(Method::GET, &fan, "/subscriptions/feed", None, 200).await;
    assert_eq!(titles(&feed), ["Elsewhere"], "{feed}");
    let listed = api.json(Method::GET, &fan, "/subscriptions", None, 200).await;
    assert_eq!(handles(&listed), ["other"]);
    let still = api.json(Method::GET, &lurker, "/subscriptions", None, 200).await;
    assert_eq!(still["items"][0]["subscribers"], 2, "lurker and other still follow maker: {still}");
}

#[tokio::test(flavor = "multi_thread")]
async fn channel_and_watch_pages_subscribe_and_the_subscriptions_page_shows_the_feed() {
    let server = TestServer::start_with(&[("REEL__AUTH__ALLOW_PUBLIC_VIDEOS", "true")]);
    let maker = token(&server, "maker@example.org", "creator", "read,account,upload");
    server.cli(&["user", "create", "--email", "fan@example.org", "--role", "viewer"]);
    let clip = make_clip(server.dir.path(), "w.mp4", CLIP, 1.0, &["-shortest"]);
    let shown = published(&server, &maker, &clip, "Shown to members", "members").await;
    published(&server, &maker, &clip, "Kept private", "private").await;
    let fan = sign_in(&server, "fan@example.org").await;

    let empty = fan.page(&server, "/subscriptions").await;
    assert!(empty.contains("You follow no channels yet"), "{empty}");
    let channel = fan.page(&server, "/c/maker").await;
    assert!(channel.contains("0 subscribers") && channel.contains(">Subscribe</button>"), "{channel}");

    // The channel page's button subscribes and comes back.
    let r = fan
        .post(&server, "/subscriptions", &[("csrf", fan.csrf()), ("channel", "maker"), ("action", "subscribe"), ("back", "/c/maker")])
        .await;
    assert_eq!((r.status().as_u16(), r.headers()["location"].to_str().unwrap()), (303, "/c/maker"));
    let channel = fan.page(&server, "/c/maker").await;
    assert!(channel.contains("1 subscriber<") && channel.contains(">Unsubscribe</button>"), "{channel}");
    let watch = fan.page(&server, &format!("/watch/{shown}")).await;
    assert!(watch.contains(">Unsubscribe</button>") && watch.contains("1 subscriber<"), "{watch}");

    // The subscriptions page: the feed (never the private item) and the channel.
    let page = fan.page(&server, "/subscriptions").await;
    assert!(page.contains("Shown to members") && page.contains("href=\"/c/maker\""), "{page}");
    assert!(!page.contains("Kept private"), "a private item never shows on another account's subscriptions page");

    // A forged form changes nothing; a redirect goes only to this site.
    let r = fan.post(&server, "/subscriptions", &[("csrf", "forged"), ("channel", "maker"), ("action", "unsubscribe")]).await;
    assert_eq!(r.status(), 403);
    assert!(fan.page(&server, "/c/maker").await.contains(">Unsubscribe</button>"));
    let r = fan
        .post(
            &server,
            "/subscriptions",
            &[("csrf", fan.csrf()), ("channel", "maker"), ("action", "unsubscribe"), ("back", "//evil.example/")],
        )
        .await;
    assert_eq!((r.status().as_u16(), r.headers()["location"].to_str().unwrap()), (303, "/"));
    let page = fan.page(&server, "/subscriptions").await;
    assert!(!page.contains("Shown to members") && page.contains("You follow no channels yet"), "{page}");

    // Signed out, a channel with nothing public is not there at all; with a public item, its
    // page shows the count, and the button leads to sign-in; the subscriptions page asks to
    // sign in.
    let r = server.http().get(format!("{}/c/maker", server.base)).send().await.unwrap();
    assert_eq!(r.status(), 404, "a channel with members' items alone is a public page");
    published(&server, &maker, &clip, "Out in the open", "public").await;
    let r = server.http().get(format!("{}/c/maker", server.base)).send().await.unwrap();
    let html = r.text().await.unwrap();
    assert!(html.contains("0 subscribers") && html.contains("login?next=%2Fc%2Fmaker\">Subscribe</a>"), "{html}");
    assert!(!html.contains("Shown to members"), "a members item is not on the channel page for someone signed out");
    let r = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!("{}/subscriptions", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!((r.status().as_u16(), r.headers()["location"].to_str().unwrap()), (303, "/login"));
}
