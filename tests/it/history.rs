//! Watch history through the API and the pages, on both backends: what was watched, when and
//! how far, newest first; removing an entry or all of them (resuming and "continue watching"
//! forget them too); pausing; and never an item the viewer may no longer see, nor its title in
//! their export.

// suite: backends

use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};

use crate::catalogue::{patch, upload_as};
use crate::collections::{token, Api};
use crate::common::{assert_api_error, eventually, make_clip, TestServer};

const CLIP: &[&str] = &["testsrc2=size=160x120:rate=10", "sine"];

/// (title, position) of each entry, newest first.
fn entries(page: &Value) -> Vec<(String, f64)> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["video"]["title"].as_str().unwrap().to_string(), e["position_s"].as_f64().unwrap()))
        .collect()
}

/// Two members items of 12 s by a new creator, ready.
async fn two_items(server: &TestServer) -> (String, String, String) {
    let maker = token(server, "maker@example.org", "creator", "read,account,upload");
    let clip = make_clip(server.dir.path(), "h.mp4", CLIP, 12.0, &["-shortest"]);
    let a = upload_as(server, &maker, &clip, Some("Alpha"), Some("members")).await;
    let b = upload_as(server, &maker, &clip, Some("Bravo"), Some("members")).await;
    for id in [&a, &b] {
        server.wait_for(id, &["ready"], Duration::from_secs(120)).await;
    }
    (maker, a, b)
}

async fn at(api: &Api<'_>, token: &str, id: &str, position_s: f64) {
    let r = api.send(Method::PUT, token, &format!("/videos/{id}/progress"), Some(json!({ "position_s": position_s }))).await;
    assert_eq!(r.status(), 204);
}

#[tokio::test(flavor = "multi_thread")]
async fn history_lists_what_was_watched_and_forgets_pauses_and_hides_on_request() {
    let server = TestServer::start();
    let api = Api { server: &server };
    let (maker, a, b) = two_items(&server).await;
    let fan = token(&server, "fan@example.org", "viewer", "read,account");

    let empty = api.json(Method::GET, &fan, "/history", None, 200).await;
    assert_eq!(empty, json!({"items": [], "paused": false, "next_cursor": null}));
    at(&api, &fan, &a, 6.0).await;
    tokio::time::sleep(Duration::from_millis(5)).await;
    api.json(Method::POST, &fan, &format!("/videos/{b}/views"), None, 200).await;
    at(&api, &fan, &b, 7.5).await;
    let page = api.json(Method::GET, &fan, "/history", None, 200).await;
    assert_eq!(entries(&page), [("Bravo".to_string(), 7.5), ("Alpha".to_string(), 6.0)], "{page}");
    assert!(page["items"][0]["watched_at"].as_str().is_some_and(|t| t.ends_with('Z')), "{page}");
    let first = api.json(Method::GET, &fan, "/history?limit=1", None, 200).await;
    let cursor = first["next_cursor"].as_str().expect("a next page");
    let next = api.json(Method::GET, &fan, &format!("/history?limit=1&cursor={cursor}"), None, 200).await;
    assert_eq!(entries(&next), [("Alpha".to_string(), 6.0)]);
    assert_eq!(api.json(Method::GET, &maker, "/history", None, 200).await["items"], json!([]), "each account has its own");

    // Removing one: gone from the history; again, or something never watched, is a 404.
    assert_eq!(api.send(Method::DELETE, &fan, &format!("/history/{a}"), None).await.status(), 204);
    assert_api_error(api.send(Method::DELETE, &fan, &format!("/history/{a}"), None).await, 404, "not-found").await;
    assert_api_error(api.send(Method::DELETE, &fan, "/history/not-an-id", None).await, 404, "not-found").await;
    assert_eq!(entries(&api.json(Method::GET, &fan, "/history", None, 200).await), [("Bravo".to_string(), 7.5)]);

    // Paused: nothing watched is recorded, views still count.
    let r = api.send(Method::PUT, &fan, "/history/settings", Some(json!({"paused": "yes"}))).await;
    assert_api_error(r, 422, "invalid-body").await;
    assert_eq!(api.json(Method::PUT, &fan, "/history/settings", Some(json!({"paused": true})), 200).await, json!({"paused": true}));
    at(&api, &fan, &a, 8.0).await;
    let viewed = api.json(Method::POST, &fan, &format!("/videos/{a}/views"), None, 200).await;
    assert_eq!(viewed["counted"], true, "{viewed}");
    let page = api.json(Method::GET, &fan, "/history", None, 200).await;
    assert_eq!((entries(&page), page["paused"].clone()), (vec![("Bravo".to_string(), 7.5)], json!(true)));

    // Resumed: recorded again.
    api.json(Method::PUT, &fan, "/history/settings", Some(json!({"paused": false})), 200).await;
    at(&api, &fan, &a, 9.0).await;
    let page = api.json(Method::GET, &fan, "/history", None, 200).await;
    assert_eq!(entries(&page), [("Alpha".to_string(), 9.0), ("Bravo".to_string(), 7.5)]);

    // An item made private leaves the history of everyone else.
    assert_eq!(patch(&server, &maker, &b, json!({"visibility": "private"})).await.status(), 200);
    assert_eq!(entries(&api.json(Method::GET, &fan, "/history", None, 200).await), [("Alpha".to_string(), 9.0)]);

    // Cleared: empty.
    assert_eq!(api.send(Method::DELETE, &fan, "/history", None).await.status(), 204);
    assert_eq!(api.json(Method::GET, &fan, "/history", None, 200).await["items"], json!([]));
    assert_eq!(server.http().get(format!("{}/api/v1/history", server.base)).send().await.unwrap().status(), 401);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_history_page_removes_an_entry_and_continue_watching_forgets_it() {
    let server = TestServer::start();
    let api = Api { server: &server };
    let (_, a, _) = two_items(&server).await;
    server.cli(&["user", "create", "--email", "fan@example.org", "--role", "viewer"]);
    let token = server.cli(&["token", "create", "--name", "t", "--user", "fan@example.org", "--scopes", "read,account"]).trim().to_string();
    let fan = crate::pages::sign_in(&server, "fan@example.org").await;
    at(&api, &token, &a, 6.0).await;

    let home = fan.page(&server, "/").await;
    assert!(home.contains("Continue watching") && home.contains("href=\"/history\""), "{home}");
    let page = fan.page(&server, "/history").await;
    assert!(page.contains("Alpha") && page.contains("Remove Alpha from history"), "{page}");
    assert!(fan.page(&server, &format!("/watch/{a}")).await.contains("data-resume-s=\"6"));

    let r = fan.post(&server, "/history/remove", &[("csrf", "forged"), ("video_id", &a)]).await;
    assert_eq!(r.status(), 403);
    let r = fan.post(&server, "/history/remove", &[("csrf", fan.csrf()), ("video_id", &a)]).await;
    assert_eq!((r.status().as_u16(), r.headers()["location"].to_str().unwrap()), (303, "/history?done=removed"));
    let page = fan.page(&server, "/history?done=removed").await;
    assert!(page.contains("Removed from your history.") && !page.contains("Alpha"), "{page}");
    assert!(!fan.page(&server, "/").await.contains("Continue watching"), "continue watching forgets a removed entry");
    assert!(!fan.page(&server, &format!("/watch/{a}")).await.contains("data-resume-s"), "nor does it resume");

    let r = fan.post(&server, "/history/pause", &[("csrf", fan.csrf()), ("paused", "1")]).await;
    assert_eq!(r.status(), 303);
    assert!(fan.page(&server, "/history").await.contains("Resume history"));
    at(&api, &token, &a, 7.0).await;
    assert!(!fan.page(&server, "/history").await.contains("Alpha"), "nothing is recorded while paused");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_export_names_a_taken_down_item_only_for_its_owner_whatever_it_was_renamed_to() {
    let server = TestServer::start();
    let api = Api { server: &server };
    let (maker, a, b) = two_items(&server).await;
    let fan = token(&server, "fan@example.org", "viewer", "read,account");
    let moderator = token(&server, "mod@example.org", "moderator", "read,moderate");
    api.json(Method::POST, &fan, "/subscriptions", Some(json!({"channel": "maker"})), 201).await;
    let clip = make_clip(server.dir.path(), "n.mp4", CLIP, 1.0, &["-shortest"]);
    let c = upload_as(&server, &maker, &clip, Some("Charlie"), Some("members")).await;
    server.wait_for(&c, &["ready"], Duration::from_secs(120)).await;
    eventually(Duration::from_secs(30), "told of the new item", || async {
        api.json(Method::GET, &fan, "/notifications", None, 200).await.to_string().contains(&c)
    })
    .await;
    for id in [&a, &b, &c] {
        at(&api, &fan, id, 0.5).await;
    }

    // Taken down, then renamed by its owner: the item is the owner's alone to see, as every
    // listing has it, and the viewer's export follows the same rule.
    for id in [&a, &c] {
        api.json(Method::POST, &moderator, &format!("/admin/videos/{id}/takedown"), Some(json!({"reason": "Not theirs"})), 204).await;
        api.json(Method::PATCH, &maker, &format!("/videos/{id}"), Some(json!({"title": "Renamed after the takedown"})), 200).await;
    }
    let history = api.json(Method::GET, &fan, "/history", None, 200).await;
    assert_eq!(entries(&history).into_iter().map(|(title, _)| title).collect::<Vec<_>>(), ["Bravo"], "{history}");
    let export = api.json(Method::GET, &fan, "/account/export", None, 200).await;
    assert!(!export.to_string().contains("Renamed after the takedown"), "the export shows what the viewer may not see: {export}");
    let title_of = |table: &str, id: &str| -> Value {
        let rows = export[table].as_array().unwrap_or_else(|| panic!("no {table} in {export}"));
        rows.iter().find(|r| r["video_id"] == id).unwrap_or_else(|| panic!("no {id} in {table}: {export}"))["title"].clone()
    };
    assert_eq!((title_of("watching", &a), title_of("watching", &c), title_of("watching", &b)), (Value::Null, Value::Null, json!("Bravo")));
    assert_eq!(title_of("notifications", &c), Value::Null);
    // Its owner's export still names it, as the owner's own listings do.
    let own = api.json(Method::GET, &maker, "/account/export", None, 200).await;
    assert!(own["items"].to_string().contains("Renamed after the takedown"), "{own}");
}
