//! Notifications of new items from followed channels, on both backends: written once when an
//! item is published, never about an item the subscriber may not see, marked read, and
//! emailed (to the real SMTP server of the harness) in one batch per subscriber, with an
//! unsubscribe link that works without signing in.

// suite: backends

use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};

use crate::catalogue::{patch, upload_as};
use crate::collections::{token, Api};
use crate::common::smtp::{self, SmtpServer};
use crate::common::{assert_api_error, eventually, make_clip, TestServer};

const CLIP: &[&str] = &["testsrc2=size=160x120:rate=10", "sine"];
/// How long an email waits for more items in these tests.
const BATCH_SECS: &str = "20";

/// The notifications' item titles, newest first.
fn told(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|n| n["video"]["title"].as_str().unwrap().to_string()).collect()
}

/// The unsubscribe link in a notification email.
fn unsubscribe_link(body: &str) -> String {
    body.split_whitespace().find(|w| w.contains("/notifications/unsubscribe?token=")).expect("an unsubscribe link").to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn subscribers_are_told_once_in_app_and_in_one_email_and_never_of_what_they_may_not_see() {
    let mail = SmtpServer::start();
    let port = mail.port.to_string();
    let server = TestServer::start_with(&[
        ("REEL__NOTIFY__EMAIL", "smtp"),
        ("REEL__NOTIFY__SMTP_HOST", "127.0.0.1"),
        ("REEL__NOTIFY__SMTP_PORT", &port),
        ("REEL__NOTIFY__SMTP_TLS", "none"),
        ("REEL__AUDIENCE__EMAIL_BATCH_SECS", BATCH_SECS),
    ]);
    let api = Api { server: &server };
    let maker = token(&server, "maker@example.org", "creator", "read,account,upload");
    let fan = token(&server, "fan@example.org", "viewer", "read,account");
    let quiet = token(&server, "quiet@example.org", "viewer", "read,account");
    for who in [&fan, &quiet] {
        api.json(Method::POST, who, "/subscriptions", Some(json!({"channel": "maker"})), 201).await;
    }

    // Email is opt-in; a bad setting is refused and changes nothing.
    assert_eq!(api.json(Method::GET, &fan, "/notifications/settings", None, 200).await, json!({"email": false}));
    let r = api.send(Method::PUT, &fan, "/notifications/settings", Some(json!({"email": "yes"}))).await;
    assert_api_error(r, 422, "invalid-body").await;
    assert_eq!(api.json(Method::PUT, &fan, "/notifications/settings", Some(json!({"email": true})), 200).await, json!({"email": true}));
    assert_eq!(api.json(Method::GET, &fan, "/notifications/settings", None, 200).await, json!({"email": true}));

    let clip = make_clip(server.dir.path(), "n.mp4", CLIP, 1.0, &["-shortest"]);
    let mut ids = Vec::new();
    for (title, visibility) in [("One", "members"), ("Hidden", "private"), ("Two", "members")] {
        ids.push(upload_as(&server, &maker, &clip, Some(title), Some(visibility)).await);
    }
    for id in &ids {
        server.wait_for(id, &["ready"], Duration::from_secs(120)).await;
    }
    let (one, hidden, two) = (ids[0].clone(), ids[1].clone(), ids[2].clone());

    // In app: both subscribers, newest first, never the private item; the maker follows no one.
    for who in [&fan, &quiet] {
        eventually(Duration::from_secs(30), "both items notified", || async {
            told(&api.json(Method::GET, who, "/notifications", None, 200).await) == ["Two", "One"]
        })
        .await;
    }
    let page = api.json(Method::GET, &fan, "/notifications", None, 200).await;
    assert_eq!(page["unread"], 2, "{page}");
    assert_eq!(page["items"][0]["read"], false);
    assert!(!page.to_string().contains(&hidden), "a private item is never notified: {page}");
    assert_eq!(api.json(Method::GET, &maker, "/notifications", None, 200).await["items"], json!([]));
    let first = api.json(Method::GET, &fan, "/notifications?limit=1", None, 200).await;
    assert_eq!(told(&first), ["Two"]);
    let cursor = first["next_cursor"].as_str().expect("a next page");
    assert_eq!(told(&api.json(Method::GET, &fan, &format!("/notifications?limit=1&cursor={cursor}"), None, 200).await), ["One"]);

    // By email: one message for both items, to the one who asked, with a working unsubscribe link.
    let mails = mail.wait_for_messages("fan@example.org", 1, Duration::from_secs(60)).await;
    let body = smtp::body_text(&mails[0]);
    assert_eq!(smtp::header(&mails[0], "Subject").as_deref(), Some("2 new items from channels you follow"), "{body}");
    assert!(body.contains(&format!("/watch/{one}")) && body.contains(&format!("/watch/{two}")), "{body}");
    assert!(!body.contains("Hidden") && !body.contains(&hidden), "a private item is never emailed: {body}");
    let link = unsubscribe_link(&body);
    // Mail clients offer the same link as a one-click unsubscribe (RFC 8058).
    assert_eq!(smtp::header(&mails[0], "List-Unsubscribe"), Some(format!("<{link}>")));
    assert_eq!(smtp::header(&mails[0], "List-Unsubscribe-Post").as_deref(), Some("List-Unsubscribe=One-Click"));

    // A private item shown later is notified then, once, in an email of its own.
    let r = patch(&server, &maker, &hidden, json!({"visibility": "members"})).await;
    assert_eq!(r.status(), 200);
    eventually(Duration::from_secs(30), "the item shown later notified", || async {
        told(&api.json(Method::GET, &fan, "/notifications", None, 200).await) == ["Hidden", "Two", "One"]
    })
    .await;
    let mails = mail.wait_for_messages("fan@example.org", 2, Duration::from_secs(60)).await;
    let second = smtp::body_text(&mails[1]);
    assert!(second.contains(&format!("/watch/{hidden}")) && !second.contains(&format!("/watch/{one}")), "{second}");
    assert_eq!(smtp::header(&mails[1], "Subject").as_deref(), Some("New from maker: Hidden"));
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(mail.messages_to("fan@example.org").len(), 2, "one email per batch, nothing sent twice");
    assert!(mail.messages_to("quiet@example.org").is_empty(), "no email for someone who did not ask");

    // Read: one, then all.
    let left = api.json(Method::POST, &fan, "/notifications/read", Some(json!({"video_id": one})), 200).await;
    assert_eq!(left, json!({"unread": 2}));
    let left = api.json(Method::POST, &fan, "/notifications/read", None, 200).await;
    assert_eq!(left, json!({"unread": 0}));
    let r = api.send(Method::POST, &fan, "/notifications/read", Some(json!({"video": one}))).await;
    assert_api_error(r, 422, "invalid-body").await;

    // An item made private leaves the notifications of everyone else.
    assert_eq!(patch(&server, &maker, &two, json!({"visibility": "private"})).await.status(), 200);
    assert_eq!(told(&api.json(Method::GET, &quiet, "/notifications", None, 200).await), ["Hidden", "One"]);
    assert_eq!(api.json(Method::GET, &quiet, "/notifications", None, 200).await["unread"], 2);

    // The unsubscribe link works without a sign-in; an altered one is refused.
    let anonymous = reqwest::Client::new();
    let altered = format!("{}x", &link[..link.len() - 1]);
    let r = anonymous.get(&altered).send().await.unwrap();
    assert_eq!(r.status(), 400, "{altered}");
    assert_eq!(api.json(Method::GET, &fan, "/notifications/settings", None, 200).await, json!({"email": true}));
    // Opening it (as a mail scanner does) only asks; the button, or a mail client's one-click
    // POST, stops the emails.
    let r = anonymous.get(&link).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let page = r.text().await.unwrap();
    assert!(page.contains("Stop these emails") && page.contains("method=\"post\""), "{page}");
    assert_eq!(api.json(Method::GET, &fan, "/notifications/settings", None, 200).await, json!({"email": true}), "a GET changes nothing");
    let r = anonymous.post(&altered).form(&[("List-Unsubscribe", "One-Click")]).send().await.unwrap();
    assert_eq!(r.status(), 400);
    let r = anonymous.post(&link).form(&[("List-Unsubscribe", "One-Click")]).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("No more emails"));
    assert_eq!(api.json(Method::GET, &fan, "/notifications/settings", None, 200).await, json!({"email": false}));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_notifications_page_lists_marks_read_and_keeps_the_email_setting() {
    let server = TestServer::start();
    let api = Api { server: &server };
    let maker = token(&server, "maker@example.org", "creator", "read,account,upload");
    server.cli(&["user", "create", "--email", "fan@example.org", "--role", "viewer"]);
    let fan = crate::pages::sign_in(&server, "fan@example.org").await;
    let r =
        fan.post(&server, "/subscriptions", &[("csrf", fan.csrf()), ("channel", "maker"), ("action", "subscribe"), ("back", "/")]).await;
    assert_eq!(r.status(), 303);
    let empty = fan.page(&server, "/notifications").await;
    assert!(empty.contains("Nothing yet") && empty.contains("href=\"/notifications\" data-notifications"), "{empty}");

    let clip = make_clip(server.dir.path(), "p.mp4", CLIP, 1.0, &["-shortest"]);
    let first = upload_as(&server, &maker, &clip, Some("First news"), Some("members")).await;
    let second = upload_as(&server, &maker, &clip, Some("Second news"), Some("members")).await;
    let secret = upload_as(&server, &maker, &clip, Some("Secret news"), Some("private")).await;
    for id in [&first, &second, &secret] {
        server.wait_for(id, &["ready"], Duration::from_secs(120)).await;
    }
    eventually(Duration::from_secs(30), "two notifications on the page", || async {
        let page = fan.page(&server, "/notifications").await;
        page.contains("Second news") && page.contains("First news") && page.contains("2 unread")
    })
    .await;
    let page = fan.page(&server, "/notifications").await;
    assert!(!page.contains("Secret news"), "a private item never shows on another account's notifications page");
    assert_eq!(page.matches("class=\"notification unread\"").count(), 2, "{page}");

    // Watching one reads its notification; "mark all as read" reads the rest.
    fan.page(&server, &format!("/watch/{first}")).await;
    let page = fan.page(&server, "/notifications").await;
    assert!(page.contains("1 unread") && page.matches("class=\"notification unread\"").count() == 1, "{page}");
    let r = fan.post(&server, "/notifications/read", &[("csrf", "forged")]).await;
    assert_eq!(r.status(), 403);
    let r = fan.post(&server, "/notifications/read", &[("csrf", fan.csrf())]).await;
    assert_eq!((r.status().as_u16(), r.headers()["location"].to_str().unwrap()), (303, "/notifications"));
    let page = fan.page(&server, "/notifications").await;
    assert!(page.contains("All read") && !page.contains("class=\"notification unread\""), "{page}");

    // The email setting: ticked, saved, shown ticked; unticked again.
    let r = fan.post(&server, "/notifications/settings", &[("csrf", fan.csrf()), ("email", "on")]).await;
    assert_eq!(r.headers()["location"].to_str().unwrap(), "/notifications?done=saved");
    let page = fan.page(&server, "/notifications?done=saved").await;
    assert!(page.contains("Saved.") && page.contains("name=\"email\" checked"), "{page}");
    fan.post(&server, "/notifications/settings", &[("csrf", fan.csrf())]).await;
    assert!(!fan.page(&server, "/notifications").await.contains("name=\"email\" checked"));

    // Without an account or with a made-up link: nothing to see, nothing changed.
    let r = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let anonymous = r.get(format!("{}/notifications", server.base)).send().await.unwrap();
    assert_eq!(anonymous.status(), 303);
    let made_up = r.get(format!("{}/notifications/unsubscribe?token=abc.123.def", server.base)).send().await.unwrap();
    assert_eq!(made_up.status(), 400);
    let r = api.send(Method::GET, "not-a-token", "/notifications", None).await;
    assert_eq!(r.status(), 401);
}

/// An item announced as playable whose processing then fails (here its encode runs past the
/// time limit once its first second is out): its subscribers are told nothing more and no
/// longer see it anywhere; its owner is told why, on their notifications and on "my videos",
/// with a "try again" that processes it once more.
#[tokio::test(flavor = "multi_thread")]
async fn an_item_that_fails_after_it_played_leaves_its_subscribers_and_tells_its_owner_why() {
    let server = TestServer::start_with(&[("REEL__MEDIA__TRANSCODE_TIMEOUT_SECS", "5")]);
    let api = Api { server: &server };
    let maker = token(&server, "maker@example.org", "creator", "read,account,upload");
    let fan = token(&server, "fan@example.org", "viewer", "read,account");
    api.json(Method::POST, &fan, "/subscriptions", Some(json!({"channel": "maker"})), 201).await;
    // Its first second is encoded well within the limit; the other 59 s of 720p are not.
    let clip = make_clip(server.dir.path(), "slow.mp4", &["testsrc2=size=1280x720:rate=30", "sine"], 60.0, &["-shortest"]);
    let id = upload_as(&server, &maker, &clip, Some("Too slow"), Some("members")).await;
    let failed = server.wait_for(&id, &["failed"], Duration::from_secs(120)).await;
    assert!(failed["playable_at"].is_string(), "it was playable first: {failed}");
    let reason = failed["error"].as_str().unwrap().to_string();
    assert_eq!(reason, "transcoding took longer than the 5 s limit");

    // The subscriber: the notification, the feed and the listings forget it.
    eventually(Duration::from_secs(10), "the subscriber's notification gone", || async {
        told(&api.json(Method::GET, &fan, "/notifications", None, 200).await).is_empty()
    })
    .await;
    let feed = api.json(Method::GET, &fan, "/subscriptions/feed", None, 200).await;
    assert!(!feed.to_string().contains(&id), "{feed}");
    let listed = api.json(Method::GET, &fan, "/videos", None, 200).await;
    assert!(!listed.to_string().contains(&id), "{listed}");
    api.json(Method::GET, &fan, &format!("/videos/{id}"), None, 404).await;

    // The owner: a notification of kind `failed` with the reason, and "try again" on the pages.
    let page = api.json(Method::GET, &maker, "/notifications", None, 200).await;
    assert_eq!(page["unread"], 1, "{page}");
    assert_eq!((page["items"][0]["kind"].as_str(), page["items"][0]["video"]["error"].as_str()), (Some("failed"), Some(reason.as_str())));
    let browser = crate::pages::sign_in(&server, "maker@example.org").await;
    for path in ["/notifications", "/studio"] {
        let html = browser.page(&server, path).await;
        assert!(html.contains(&reason) && html.contains(&format!("action=\"/studio/{id}/retry\"")), "{path}: {html}");
    }
    // Only the owner (or an admin) may try again, and only a failed item.
    let r = api.send(Method::POST, &fan, &format!("/videos/{id}/retry"), None).await;
    assert!(matches!(r.status().as_u16(), 403 | 404), "{}", r.status());
    let r = browser.post(&server, &format!("/studio/{id}/retry"), &[("csrf", browser.csrf())]).await;
    assert_eq!(r.status(), 303);
    let again = server.get_json(&format!("/api/v1/videos/{id}")).await;
    assert!(matches!(again["status"].as_str(), Some("uploaded" | "processing" | "playable")), "{again}");
    assert!(told(&api.json(Method::GET, &maker, "/notifications", None, 200).await).is_empty(), "the notice goes with the retry");
    server.wait_for(&id, &["failed"], Duration::from_secs(120)).await;
    let r = api.send(Method::POST, &maker, "/videos/00000000-0000-0000-0000-000000000000/retry", None).await;
    assert_eq!(r.status(), 404);
}
