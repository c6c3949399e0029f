//! Playlists and series through the API, on both backends: made, read, reordered, edited and
//! deleted only by their owners; items in order; an item made private gone from everyone
//! else's view of a playlist; episodes numbered once each.

// suite: backends

use serde_json::{json, Value};

use crate::catalogue::{patch, titles, upload_as};
use crate::common::{assert_api_error, make_clip, TestServer};

/// API calls as one account (a bearer token) to one server.
pub(crate) struct Api<'a> {
    pub(crate) server: &'a TestServer,
}

impl Api<'_> {
    pub(crate) async fn send(&self, method: reqwest::Method, token: &str, path: &str, body: Option<Value>) -> reqwest::Response {
        let mut r = self.server.http().request(method, format!("{}/api/v1{path}", self.server.base)).bearer_auth(token);
        if let Some(body) = body {
            r = r.json(&body);
        }
        r.send().await.unwrap()
    }

    /// The answer's JSON (null when it has none), after checking its status.
    pub(crate) async fn json(&self, method: reqwest::Method, token: &str, path: &str, body: Option<Value>, status: u16) -> Value {
        let r = self.send(method.clone(), token, path, body).await;
        let got = r.status().as_u16();
        let text = r.text().await.unwrap();
        assert_eq!(got, status, "{method} {path}: {text}");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }
}

/// A new account with `role` and a token of `scopes` for it, named after the address's local
/// part, which its channel handle is then made from.
pub(crate) fn token(server: &TestServer, email: &str, role: &str, scopes: &str) -> String {
    let name = email.split('@').next().unwrap_or(email);
    server.cli(&["user", "create", "--email", email, "--role", role, "--name", name]);
    server.cli(&["token", "create", "--name", "t", "--user", email, "--scopes", scopes]).trim().to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn playlists_keep_their_order_belong_to_their_owner_and_never_show_what_a_viewer_may_not_see() {
    use reqwest::Method;
    let server = TestServer::start();
    let maker = token(&server, "maker@example.org", "creator", "read,account,upload");
    let fan = token(&server, "fan@example.org", "viewer", "read,account");
    let other = token(&server, "other@example.org", "viewer", "read,account");
    let clip = make_clip(server.dir.path(), "p.mp4", &["testsrc2=size=160x120:rate=10", "sine"], 1.0, &["-shortest"]);
    let a = upload_as(&server, &maker, &clip, Some("Track A"), Some("members")).await;
    let b = upload_as(&server, &maker, &clip, Some("Track B"), Some("members")).await;
    let hidden = upload_as(&server, &maker, &clip, Some("Hidden"), Some("private")).await;
    let api = Api { server: &server };

    // Any member makes a playlist: 201 with its id, private unless told otherwise.
    let made = api.json(Method::POST, &fan, "/playlists", Some(json!({"title": "Road trip"})), 201).await;
    let id = made["id"].as_str().unwrap().to_string();
    assert_eq!((made["visibility"].as_str(), &made["items"]), (Some("private"), &json!([])), "{made}");
    let bad = api.send(Method::POST, &fan, "/playlists", Some(json!({"title": "  "}))).await;
    assert_api_error(bad, 400, "invalid-text").await;
    assert_api_error(api.send(Method::POST, &fan, "/playlists", Some(json!({}))).await, 400, "invalid-text").await;
    let items = format!("/playlists/{id}/items");
    api.json(Method::POST, &fan, &items, Some(json!({"video_id": a})), 201).await;
    let added = api.json(Method::POST, &fan, &items, Some(json!({"video_id": b})), 201).await;
    assert_eq!(titles(&added), ["Track A", "Track B"], "items in the order they were added");
    assert_api_error(api.send(Method::POST, &fan, &items, Some(json!({"video_id": a}))).await, 409, "already-in-playlist").await;
    let r = api.send(Method::POST, &fan, &items, Some(json!({"video_id": hidden}))).await;
    assert_eq!(r.status(), 404, "an item the member may not see cannot be added");

    // Reordered by its owner.
    let moved = api.json(Method::PATCH, &fan, &format!("{items}/{b}"), Some(json!({"position": 0})), 200).await;
    assert_eq!(titles(&moved), ["Track B", "Track A"]);
    let read = api.json(Method::GET, &fan, &format!("/playlists/{id}"), None, 200).await;
    assert_eq!(titles(&read), ["Track B", "Track A"], "the order is kept");

    // Private: nobody else sees it; shared with members, they see it but change nothing.
    assert_eq!(api.send(Method::GET, &other, &format!("/playlists/{id}"), None).await.status(), 404);
    let listed = api.json(Method::GET, &other, "/playlists", None, 200).await;
    assert!(listed["items"].as_array().unwrap().is_empty(), "a private playlist is not listed for others: {listed}");
    api.json(Method::PATCH, &fan, &format!("/playlists/{id}"), Some(json!({"visibility": "members"})), 200).await;
    let seen = api.json(Method::GET, &other, &format!("/playlists/{id}"), None, 200).await;
    assert_eq!(titles(&seen), ["Track B", "Track A"]);
    for (method, path, body) in [
        (Method::PATCH, format!("/playlists/{id}"), Some(json!({"title": "mine"}))),
        (Method::POST, items.clone(), Some(json!({"video_id": a}))),
        (Method::PATCH, format!("{items}/{a}"), Some(json!({"position": 0}))),
        (Method::DELETE, format!("{items}/{a}"), None),
        (Method::DELETE, format!("/playlists/{id}"), None),
    ] {
        assert_eq!(api.send(method.clone(), &other, &path, body).await.status(), 403, "{method} {path} by another member");
    }
    assert_eq!(titles(&api.json(Method::GET, &fan, &format!("/playlists/{id}"), None, 200).await), ["Track B", "Track A"]);

    // An item made private leaves every other viewer's view of the playlist.
    assert_eq!(patch(&server, &maker, &b, json!({"visibility": "private"})).await.status(), 200);
    assert_eq!(titles(&api.json(Method::GET, &other, &format!("/playlists/{id}"), None, 200).await), ["Track A"]);
    assert_eq!(titles(&api.json(Method::GET, &fan, &format!("/playlists/{id}"), None, 200).await), ["Track A"]);

    // Removed items and deleted playlists are gone.
    assert_eq!(api.send(Method::DELETE, &fan, &format!("{items}/{a}"), None).await.status(), 204);
    assert_eq!(api.send(Method::DELETE, &fan, &format!("{items}/{a}"), None).await.status(), 404);
    let mine = api.json(Method::GET, &fan, "/playlists?owner=me", None, 200).await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);
    assert_eq!(api.send(Method::DELETE, &fan, &format!("/playlists/{id}"), None).await.status(), 204);
    assert_eq!(api.send(Method::GET, &fan, &format!("/playlists/{id}"), None).await.status(), 404);
}

#[tokio::test(flavor = "multi_thread")]
async fn series_order_episodes_by_season_and_number_and_only_their_owner_fills_them() {
    use reqwest::Method;
    let server = TestServer::start();
    let maker = token(&server, "maker@example.org", "creator", "read,account,upload");
    let rival = token(&server, "rival@example.org", "creator", "read,account,upload");
    let fan = token(&server, "fan@example.org", "viewer", "read,account");
    let clip = make_clip(server.dir.path(), "e.mp4", &["testsrc2=size=160x120:rate=10", "sine"], 1.0, &["-shortest"]);
    let mut episodes = Vec::new();
    for title in ["Pilot", "Second", "Finale", "Unaired"] {
        let visibility = if title == "Unaired" { "private" } else { "members" };
        episodes.push(upload_as(&server, &maker, &clip, Some(title), Some(visibility)).await);
    }
    let api = Api { server: &server };
    assert_eq!(api.send(Method::POST, &fan, "/series", Some(json!({"title": "Nope"}))).await.status(), 403, "viewers make no series");
    let series = api.json(Method::POST, &maker, "/series", Some(json!({"title": "The Show", "description": "A drama"})), 201).await;
    let id = series["id"].as_str().unwrap().to_string();
    api.json(Method::POST, &maker, "/series", Some(json!({"title": "Hidden Show", "visibility": "private"})), 201).await;
    let listed = api.json(Method::GET, &fan, "/series", None, 200).await;
    let names: Vec<&str> = listed["items"].as_array().unwrap().iter().map(|s| s["title"].as_str().unwrap()).collect();
    assert_eq!(names, ["The Show"], "a private series is not listed for others");
    let put = |video: &str, season: i64, episode: i64| json!({"video_id": video, "season": season, "episode": episode});
    // Added out of order; listed by season, then episode (10 after 2).
    api.json(Method::POST, &maker, &format!("/series/{id}/episodes"), Some(put(&episodes[2], 2, 1)), 200).await;
    api.json(Method::POST, &maker, &format!("/series/{id}/episodes"), Some(put(&episodes[1], 1, 10)), 200).await;
    api.json(Method::POST, &maker, &format!("/series/{id}/episodes"), Some(put(&episodes[3], 1, 11)), 200).await;
    // The video edit sets the same fields.
    assert_eq!(patch(&server, &maker, &episodes[0], json!({"series": id, "season": 1, "episode": 2})).await.status(), 200);
    let read = api.json(Method::GET, &fan, &format!("/series/{id}"), None, 200).await;
    assert_eq!(titles(&read), ["Pilot", "Second", "Finale"], "the private episode is not shown to a viewer");
    let pilot = &read["items"][0];
    assert_eq!(
        (pilot["series"].as_str(), &pilot["season"], &pilot["episode"], pilot["kind"].as_str()),
        (Some(id.as_str()), &json!(1), &json!(2), Some("episode"))
    );
    assert_eq!(titles(&api.json(Method::GET, &maker, &format!("/series/{id}"), None, 200).await).len(), 4, "its owner sees every episode");

    // The pages: the series page, the list of series, and the queue beside an episode's
    // player, none of them with the private episode.
    for video in &episodes {
        server.wait_for(video, &["ready"], std::time::Duration::from_secs(60)).await;
    }
    server.cli(&["user", "create", "--email", "viewer@example.org", "--role", "viewer"]);
    let viewer = crate::pages::sign_in(&server, "viewer@example.org").await;
    let page = viewer.page(&server, &format!("/series/{id}")).await;
    assert!(page.contains("Pilot") && page.contains("Finale") && page.contains("Season 2") && !page.contains("Unaired"), "{page}");
    let list = viewer.page(&server, "/series").await;
    assert!(list.contains("The Show") && !list.contains("Hidden Show"), "{list}");
    let watch = viewer.page(&server, &format!("/watch/{}", episodes[1])).await;
    assert!(
        watch.contains("Next episode: Finale") && !watch.contains("Unaired"),
        "episode 10 is followed by season 2, never the private one: {watch}"
    );

    // One item per number; numbers need a series, a series needs its number.
    let taken = api.send(Method::POST, &maker, &format!("/series/{id}/episodes"), Some(put(&episodes[1], 1, 2))).await;
    assert_api_error(taken, 409, "episode-taken").await;
    assert_eq!(titles(&api.json(Method::GET, &maker, &format!("/series/{id}"), None, 200).await)[1], "Second", "nothing moved");
    assert_api_error(patch(&server, &maker, &episodes[0], json!({"series": null, "episode": 3})).await, 400, "invalid-metadata").await;
    assert_api_error(patch(&server, &maker, &episodes[0], json!({"episode": null})).await, 400, "invalid-metadata").await;
    assert_api_error(patch(&server, &maker, &episodes[0], json!({"season": 0})).await, 400, "invalid-metadata").await;

    // Nobody else fills, renames or empties it.
    let rivals = upload_as(&server, &rival, &clip, Some("Impostor"), Some("members")).await;
    assert_eq!(patch(&server, &rival, &rivals, json!({"series": id, "episode": 5})).await.status(), 403);
    let r = api.send(Method::POST, &rival, &format!("/series/{id}/episodes"), Some(put(&rivals, 1, 5))).await;
    assert_eq!(r.status(), 403);
    assert_eq!(api.send(Method::PATCH, &rival, &format!("/series/{id}"), Some(json!({"title": "Mine"}))).await.status(), 403);
    assert_eq!(api.send(Method::DELETE, &rival, &format!("/series/{id}/episodes/{}", episodes[0]), None).await.status(), 403);
    assert_eq!(api.send(Method::DELETE, &rival, &format!("/series/{id}"), None).await.status(), 403);

    // Out of the series, and the series deleted: the videos stay.
    assert_eq!(api.send(Method::DELETE, &maker, &format!("/series/{id}/episodes/{}", episodes[2]), None).await.status(), 204);
    let finale = server.get_json(&format!("/api/v1/videos/{}", episodes[2])).await;
    assert_eq!((&finale["series"], &finale["season"], &finale["episode"]), (&Value::Null, &Value::Null, &Value::Null));
    assert_eq!(api.send(Method::DELETE, &maker, &format!("/series/{id}"), None).await.status(), 204);
    let pilot = server.get_json(&format!("/api/v1/videos/{}", episodes[0])).await;
    assert_eq!((&pilot["series"], pilot["title"].as_str()), (&Value::Null, Some("Pilot")));
    assert_eq!(api.send(Method::GET, &maker, &format!("/series/{id}"), None).await.status(), 404);
}
