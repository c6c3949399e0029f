//! Ranked full-text search on both backends: title matches first, prefixes as one types,
//! accents ignored, people and labels found, kept in step with edits and deletes, facets that
//! narrow, pages that continue, and never an item the caller may not see.

// suite: backends

use std::time::Duration;

use serde_json::{json, Value};

use crate::catalogue::{maker_and_watcher, patch, titles, upload_as};
use crate::common::{assert_api_error, make_clip, TestServer};

#[tokio::test(flavor = "multi_thread")]
async fn search_ranks_titles_first_matches_prefixes_and_accents_follows_edits_and_never_shows_a_private_item() {
    let server = TestServer::start();
    let (maker, watcher) = maker_and_watcher(&server);
    let clip = make_clip(server.dir.path(), "s.mp4", &["testsrc2=size=160x120:rate=10", "sine"], 1.0, &["-shortest"]);
    let items = [
        ("Harbour Lights", "boats at midnight", "members", json!({})),
        ("Midnight Express", "a night train", "members", json!({})),
        (
            "Café Society",
            "an old story at night",
            "members",
            json!({"kind": "film", "genres": ["Drama"], "tags": ["paris"], "credits": {"director": ["Agnès Varda"]}}),
        ),
        ("Midnight Secret", "a night nobody else sees", "private", json!({"kind": "film", "genres": ["Drama"]})),
    ];
    let mut ids = Vec::new();
    for (title, description, visibility, meta) in &items {
        let id = upload_as(&server, &maker, &clip, Some(title), Some(visibility)).await;
        let mut body = meta.clone();
        body["description"] = json!(description);
        assert_eq!(patch(&server, &maker, &id, body).await.status(), 200);
        ids.push(id);
    }

    let search = |token: &str, query: &str| {
        let (http, url, token) = (server.http(), format!("{}/api/v1/videos", server.base), token.to_string());
        let query = query.to_string();
        async move {
            let r = http.get(url).query(&[("q", query.as_str())]).bearer_auth(token).send().await.unwrap();
            assert_eq!(r.status(), 200, "q={query}");
            r.json::<Value>().await.unwrap()
        }
    };
    let found = |query: &'static str| {
        let (search, watcher) = (&search, watcher.clone());
        async move { titles(&search(&watcher, query).await) }
    };
    assert_eq!(found("midnight").await, ["Midnight Express", "Harbour Lights"], "the title match ranks above the description match");
    assert_eq!(found("MIDN").await, ["Midnight Express", "Harbour Lights"], "a prefix matches as one types");
    assert_eq!(found("midnight train").await, ["Midnight Express"], "every word must match");
    assert_eq!(found("cafe").await, ["Café Society"], "accents in the title are ignored");
    assert_eq!(found("agnes").await, ["Café Society"], "the credits are searched");
    assert_eq!(found("ÉXPRESS").await, ["Midnight Express"], "accents in the query are ignored");
    assert_eq!(found("paris").await, ["Café Society"], "tags are searched");
    assert_eq!(found("drama").await, ["Café Society"], "genres are searched; the private drama is not found");
    assert_eq!(found("secret").await, Vec::<String>::new(), "a private title is not found by another member");
    assert_eq!(found("\"* OR NEAR(").await, Vec::<String>::new(), "query syntax is taken as words");
    assert_eq!(found("%").await, Vec::<String>::new());
    let owner = titles(&search(&maker, "midnight").await);
    assert_eq!(owner.len(), 3, "its owner finds the private one: {owner:?}");
    assert!(owner.contains(&"Midnight Secret".to_string()));

    // Ranked pages continue where they stopped.
    let first = server
        .http()
        .get(format!("{}/api/v1/videos?q=midnight&limit=1", server.base))
        .bearer_auth(&watcher)
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(titles(&first), ["Midnight Express"]);
    let cursor = first["next_cursor"].as_str().unwrap();
    let second: Value = server
        .http()
        .get(format!("{}/api/v1/videos?q=midnight&limit=1&cursor={cursor}", server.base))
        .bearer_auth(&watcher)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(titles(&second), ["Harbour Lights"]);
    let long = "a".repeat(201);
    let r = server.http().get(format!("{}/api/v1/videos", server.base)).query(&[("q", long)]).bearer_auth(&watcher).send().await.unwrap();
    assert_api_error(r, 400, "invalid-search").await;

    // Edits and deletes are searched at once.
    assert_eq!(patch(&server, &maker, &ids[1], json!({"title": "Morning Express"})).await.status(), 200);
    assert_eq!(found("midnight").await, ["Harbour Lights"]);
    assert_eq!(found("morning").await, ["Morning Express"]);
    assert_eq!(patch(&server, &maker, &ids[2], json!({"tags": [], "credits": null})).await.status(), 200);
    assert_eq!(found("paris").await, Vec::<String>::new());
    assert_eq!(found("varda").await, Vec::<String>::new());
    let r = server.http().delete(format!("{}/api/v1/videos/{}", server.base, ids[0])).bearer_auth(&maker).send().await.unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(found("harbour").await, Vec::<String>::new());

    // The search page: results with counts per kind and genre that narrow it, and nothing
    // private in them.
    for id in &ids[1..] {
        server.wait_for(id, &["ready"], Duration::from_secs(60)).await;
    }
    let viewer = crate::pages::sign_in(&server, "watcher@example.org").await;
    let page = viewer.page(&server, "/search?q=society%20express").await;
    assert!(page.contains("Nothing matches this search."), "both words must match one item");
    let page = viewer.page(&server, "/search?q=night").await;
    assert!(page.contains("Morning Express") && page.contains("Café Society") && !page.contains("Midnight Secret"), "{page}");
    assert!(page.contains("film <span class=\"count\">1</span>") && page.contains("video <span class=\"count\">1</span>"), "{page}");
    assert!(page.contains("Drama <span class=\"count\">1</span>"), "the private drama is not counted: {page}");
    assert!(page.contains("search?q=night&amp;kind=film\""), "{page}");
    let narrowed = viewer.page(&server, "/search?q=night&kind=film").await;
    assert!(narrowed.contains("Café Society") && !narrowed.contains("Morning Express"), "{narrowed}");
    assert!(viewer.page(&server, "/search?q=secret").await.contains("Nothing matches this search."));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_word_in_more_items_than_are_ranked_finds_the_best_of_its_newest_matches_and_counts_them_all() {
    // Two ranked matches, so three items make "a very common word".
    let server = TestServer::start_with(&[("REEL__CATALOGUE__SEARCH_RANKED_MATCHES", "2")]);
    server.cli(&["user", "create", "--email", "watcher@example.org", "--role", "viewer"]);
    let clip = make_clip(server.dir.path(), "e.mp4", &["testsrc2=size=160x120:rate=10", "sine"], 1.0, &["-shortest"]);
    let mut ids = Vec::new();
    // Oldest first; the oldest has the word in its title.
    for (title, description) in [("Ember Falls", "a waterfall"), ("Night Road", "an ember glows"), ("Day Trip", "ember light")] {
        let id = upload_as(&server, &server.token, &clip, Some(title), Some("members")).await;
        server.wait_for(&id, &["ready"], Duration::from_secs(60)).await;
        assert_eq!(patch(&server, &server.token, &id, json!({"description": description})).await.status(), 200);
        ids.push(id);
    }
    let page = server.get_json("/api/v1/videos?q=ember").await;
    assert_eq!(titles(&page), ["Day Trip", "Night Road"], "the two newest matches, ranked: {page}");
    assert_eq!(titles(&server.get_json("/api/v1/videos?q=falls").await), ["Ember Falls"], "a rarer word finds it");
    let viewer = crate::pages::sign_in(&server, "watcher@example.org").await;
    let page = viewer.page(&server, "/search?q=ember").await;
    assert!(page.contains("video <span class=\"count\">3</span>"), "counts count every match: {page}");
}
