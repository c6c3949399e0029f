//! The metadata cache: listings, searches, facet counts and records are served from memory,
//! and every change (an edit, a visibility change, a view, a playlist's items, a deletion) is
//! seen by the very next request, in the process that made it and, through Redis, in every
//! other; a private item never shows through a cached page.

// suite: backends

use std::time::Duration;

use serde_json::{json, Value};

use crate::catalogue::{maker_and_watcher, patch, titles, upload_as};
use crate::common::{make_clip, metrics_url, TestServer};

const CLIP: &[&str] = &["testsrc2=size=160x120:rate=10", "sine"];

/// Lookups of the metadata cache so far that found what they looked for.
async fn cache_hits(server: &TestServer) -> f64 {
    let url = metrics_url(&server.log()).expect("the metrics listener");
    let text = server.http().get(url).send().await.unwrap().text().await.unwrap();
    text.lines()
        .filter(|l| l.starts_with("reel_metadata_cache_lookups_total{") && l.contains("result=\"hit\""))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

/// `GET path` as `token`: the status and the JSON body (`null` when there is none).
async fn get(server: &TestServer, token: &str, path: &str) -> (u16, Value) {
    let r = server.http().get(format!("{}{path}", server.base)).bearer_auth(token).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// Uploads a members-only drama as `maker` and waits until it is ready; its id.
async fn ready_drama(server: &TestServer, maker: &str, title: &str) -> String {
    let clip = make_clip(server.dir.path(), "c.mp4", CLIP, 1.0, &["-shortest"]);
    let id = upload_as(server, maker, &clip, Some(title), Some("members")).await;
    server.wait_for(&id, &["ready"], Duration::from_secs(60)).await;
    assert_eq!(patch(server, maker, &id, json!({"genres": ["Drama"]})).await.status(), 200);
    id
}

#[tokio::test(flavor = "multi_thread")]
async fn cached_pages_follow_every_change_at_once_and_never_show_a_hidden_item() {
    let server = TestServer::start();
    let (maker, watcher) = maker_and_watcher(&server);
    let harbour = ready_drama(&server, &maker, "Lantern Harbour").await;
    let field = ready_drama(&server, &maker, "Lantern Field").await;
    let search = |q: &'static str| {
        let (server, watcher) = (&server, watcher.clone());
        async move { titles(&get(server, &watcher, &format!("/api/v1/videos?q={q}")).await.1) }
    };
    let dramas = || async { titles(&get(&server, &watcher, "/api/v1/videos?genre=Drama").await.1) };
    let browser = crate::pages::sign_in(&server, "watcher@example.org").await;

    // Asked twice, the second answer comes from memory.
    let before = cache_hits(&server).await;
    for _ in 0..2 {
        assert_eq!(search("lantern").await, ["Lantern Field", "Lantern Harbour"]);
        assert_eq!(dramas().await, ["Lantern Field", "Lantern Harbour"]);
        assert_eq!(get(&server, &watcher, &format!("/api/v1/videos/{harbour}")).await.0, 200);
        assert!(browser.page(&server, "/search?q=lantern").await.contains("Lantern Harbour"));
    }
    assert!(cache_hits(&server).await >= before + 4.0, "the second round was not served from the cache");

    // Made private: gone from the other member's cached search, listing, record and page at once.
    assert_eq!(patch(&server, &maker, &harbour, json!({"visibility": "private"})).await.status(), 200);
    assert_eq!(search("lantern").await, ["Lantern Field"]);
    assert_eq!(dramas().await, ["Lantern Field"]);
    assert_eq!(get(&server, &watcher, &format!("/api/v1/videos/{harbour}")).await.0, 404);
    let page = browser.page(&server, "/search?q=lantern").await;
    assert!(!page.contains("Lantern Harbour") && page.contains("Lantern Field"), "{page}");
    assert_eq!(titles(&get(&server, &maker, "/api/v1/videos?q=lantern").await.1).len(), 2, "its owner still finds it");

    // Renamed and shown again: found by its new name only.
    let r = patch(&server, &maker, &harbour, json!({"visibility": "members", "title": "Beacon Harbour"})).await;
    assert_eq!(r.status(), 200);
    assert_eq!(search("lantern").await, ["Lantern Field"]);
    assert_eq!(search("beacon").await, ["Beacon Harbour"]);
    assert_eq!(get(&server, &watcher, &format!("/api/v1/videos/{harbour}")).await.1["title"], "Beacon Harbour");

    // A view shows in the record straight away.
    let (_, seen) = get(&server, &watcher, &format!("/api/v1/videos/{field}")).await;
    assert_eq!(seen["views"], 0);
    let r = server.http().post(format!("{}/api/v1/videos/{field}/views", server.base)).bearer_auth(&watcher).json(&json!({})).send();
    assert_eq!(r.await.unwrap().status(), 200);
    assert_eq!(get(&server, &watcher, &format!("/api/v1/videos/{field}")).await.1["views"], 1);

    // A playlist's cached items follow its adds and removals.
    let send = |method: reqwest::Method, path: String, body: Value| {
        server.http().request(method, format!("{}/api/v1{path}", server.base)).bearer_auth(&watcher).json(&body).send()
    };
    let made = send(reqwest::Method::POST, "/playlists".into(), json!({"title": "Evenings"})).await.unwrap();
    assert_eq!(made.status(), 201);
    let list = made.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
    let items = || async {
        let (_, body) = get(&server, &watcher, &format!("/api/v1/playlists/{list}")).await;
        body["items"].as_array().unwrap().iter().map(|v| v["id"].as_str().unwrap().to_string()).collect::<Vec<_>>()
    };
    send(reqwest::Method::POST, format!("/playlists/{list}/items"), json!({"video_id": field})).await.unwrap();
    assert_eq!(items().await, [field.as_str()]);
    send(reqwest::Method::POST, format!("/playlists/{list}/items"), json!({"video_id": harbour})).await.unwrap();
    assert_eq!(items().await, [field.as_str(), harbour.as_str()]);
    send(reqwest::Method::DELETE, format!("/playlists/{list}/items/{field}"), json!({})).await.unwrap();
    assert_eq!(items().await, [harbour.as_str()]);

    // Deleted: gone everywhere.
    let r = server.http().delete(format!("{}/api/v1/videos/{field}", server.base)).bearer_auth(&maker).send().await.unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(search("lantern").await, Vec::<String>::new());
    assert_eq!(dramas().await, ["Beacon Harbour"]);
    assert_eq!(get(&server, &watcher, &format!("/api/v1/videos/{field}")).await.0, 404);
}

#[tokio::test(flavor = "multi_thread")]
async fn with_the_cache_off_every_read_goes_to_the_database() {
    let server = TestServer::start_with(&[("REEL__CACHE__METADATA_ITEMS", "0")]);
    let (maker, watcher) = maker_and_watcher(&server);
    let id = ready_drama(&server, &maker, "Quiet Harbour").await;
    for _ in 0..3 {
        assert_eq!(titles(&get(&server, &watcher, "/api/v1/videos?q=quiet").await.1), ["Quiet Harbour"]);
        assert_eq!(get(&server, &watcher, &format!("/api/v1/videos/{id}")).await.0, 200);
    }
    assert_eq!(cache_hits(&server).await, 0.0);
}

mod needs_redis {
    use super::*;
    use crate::common::eventually;

    /// Far below the entries' ten minutes: only an announcement makes a change show this soon.
    const SOON: Duration = Duration::from_secs(3);

    #[tokio::test(flavor = "multi_thread")]
    async fn a_change_made_in_one_process_reaches_the_cache_of_another_at_once() {
        if !crate::common::backend_present("Redis", crate::common::on_redis()) {
            return;
        }
        // Entries trusted for ten minutes: only the announcement can make the change show.
        let ttl = [("REEL__CACHE__METADATA_TTL_S", "600")];
        let api1 = TestServer::start_as(&ttl, &["serve", "--no-worker"]);
        let api2 = api1.sibling(&["serve", "--no-worker"]);
        let logs = api1.dir.path().join("worker.log");
        let worker = api1.worker(&logs);
        let (maker, watcher) = maker_and_watcher(&api1);
        let id = ready_drama(&api1, &maker, "Signal Harbour").await;

        // The second process caches what the watcher sees…
        let seen_by_2 = |q: &'static str| {
            let (api2, watcher) = (&api2, watcher.clone());
            async move { titles(&get(api2, &watcher, &format!("/api/v1/videos?q={q}")).await.1) }
        };
        for _ in 0..2 {
            assert_eq!(seen_by_2("signal").await, ["Signal Harbour"]);
            assert_eq!(get(&api2, &watcher, &format!("/api/v1/videos/{id}")).await.0, 200);
        }
        let watchable = || async { titles(&get(&api2, &watcher, "/api/v1/videos?genre=Drama").await.1) };
        assert_eq!(watchable().await, ["Signal Harbour"]);

        // …and forgets it when the first process makes the item private.
        assert_eq!(patch(&api1, &maker, &id, json!({"visibility": "private"})).await.status(), 200);
        eventually(SOON, "gone from the other process's search", || async { seen_by_2("signal").await.is_empty() }).await;
        assert_eq!(get(&api2, &watcher, &format!("/api/v1/videos/{id}")).await.0, 404);

        // A `reel worker` (a third process) announces the new item it made ready.
        let next = ready_drama(&api1, &maker, "Second Harbour").await;
        eventually(SOON, "in the other process's listing", || async { watchable().await == ["Second Harbour"] }).await;
        assert_eq!(get(&api2, &watcher, &format!("/api/v1/videos/{next}")).await.0, 200);
        crate::common::stop(worker, Duration::from_secs(10));
    }
}
