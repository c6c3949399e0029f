//! Availability windows and countries, on both backends, with a country database written by a
//! MaxMind-format writer nobody here wrote (`mmdb-writer`, PyPI): an item outside its window or
//! its viewer's country is absent from every route that shows items (the listing, search, the
//! subscriptions feed, a playlist, recommendations, the channel's feed, the sitemap, the embed,
//! a share link and the playback token), while its owner still sees it; its direct URL says
//! when it comes or that it left; the home page shows it "coming soon" and "leaving soon"; a
//! token given before it left stops playing; and its channel's subscribers are told when a
//! scheduled item goes live. Without a country database, a country rule is refused.

// suite: backends

use std::path::Path;
use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};

use crate::catalogue::patch;
use crate::collections::{token, Api};
use crate::common::{backend_present, eventually, TestServer};

/// Addresses the test database places: one in France, one in the United Kingdom.
const IN_FRANCE: &str = "81.2.69.160";
const IN_BRITAIN: &str = "2.125.160.216";

/// Writes the country database with `mmdb-writer`, or says it cannot (failing under CI).
fn country_database(dir: &Path) -> Option<String> {
    let out = dir.join("countries.mmdb");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/geo/write_mmdb.py");
    let written = std::process::Command::new("python3")
        .args([script, &out.display().to_string(), "81.2.69.0/24=FR", "2.125.160.0/24=GB"])
        .status()
        .is_ok_and(|s| s.success());
    backend_present("the mmdb-writer Python library (scripts/setup --test installs it)", written).then(|| out.display().to_string())
}

fn rfc3339_in(from_now: Duration, past: bool) -> String {
    let now = std::time::SystemTime::now();
    let at = if past { now - from_now } else { now + from_now };
    humantime::format_rfc3339_seconds(at).to_string()
}

/// What a viewer in `ip` (through the trusted proxy's header) is shown of the item: the name of
/// every route that lists it, plays it or opens it.
struct Viewer<'a> {
    server: &'a TestServer,
    token: &'a str,
    ip: &'a str,
}

impl Viewer<'_> {
    async fn get(&self, path: &str, signed_in: bool) -> (u16, String) {
        let url = if path.starts_with("http") { path.to_string() } else { format!("{}{path}", self.server.base) };
        let mut r = self.server.http().get(url).header("x-forwarded-for", self.ip);
        if signed_in {
            r = r.bearer_auth(self.token);
        }
        let r = r.send().await.unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }

    async fn listed(&self, path: &str, id: &str) -> bool {
        let (status, body) = self.get(path, true).await;
        assert_eq!(status, 200, "{path}: {body}");
        let v: Value = serde_json::from_str(&body).unwrap();
        v["items"].as_array().unwrap_or_else(|| panic!("{path}: {v}")).iter().any(|i| i["id"] == id)
    }

    /// Where the item shows, of every route that can show it.
    async fn places(&self, id: &str, r: &Routes) -> Vec<&'static str> {
        let mut found = Vec::new();
        for (name, path) in [
            ("listing", "/api/v1/videos".to_string()),
            ("search", format!("/api/v1/videos?q={}", r.word)),
            ("subscriptions", "/api/v1/subscriptions/feed".to_string()),
            ("recommendations", "/api/v1/recommendations".to_string()),
        ] {
            if self.listed(&path, id).await {
                found.push(name);
            }
        }
        let (status, body) = self.get(&format!("/api/v1/playlists/{}", r.playlist), true).await;
        assert_eq!(status, 200, "{body}");
        if serde_json::from_str::<Value>(&body).unwrap()["items"].as_array().unwrap().iter().any(|i| i["id"] == id) {
            found.push("playlist");
        }
        // A channel with nothing a signed-out visitor may watch here has no feed here either.
        for (name, path) in [("feed", format!("/c/{}/feed.xml", r.handle)), ("sitemap", "/sitemap.xml".to_string())] {
            let url = format!("{}{path}", self.server.base);
            let r = self.server.http().get(url).header("x-forwarded-for", self.ip).send().await.unwrap();
            let status = r.status().as_u16();
            // What it lists depends on where the reader is: no shared cache may keep it.
            if status == 200 {
                assert_eq!(r.headers()["cache-control"], "private, max-age=300", "{path}");
            }
            let body = r.text().await.unwrap();
            assert!(status == 200 || (status == 404 && name == "feed"), "{} {path}: {status} {body}", self.ip);
            if status == 200 && body.contains(id) {
                found.push(name);
            }
        }
        for (name, path) in [("embed", format!("/embed/{id}")), ("share link", r.share.clone())] {
            let (status, body) = self.get(&path, false).await;
            if status == 200 && body.contains("data-hls") {
                found.push(name);
            }
        }
        let (status, body) = self.get(&format!("/api/v1/videos/{id}"), true).await;
        if status == 200 && serde_json::from_str::<Value>(&body).unwrap()["playback"].is_object() {
            found.push("token");
        }
        found
    }
}

/// What the routes need besides the item: a word of its title, its channel, the viewer's
/// playlist holding it, and a share link to it.
struct Routes {
    word: String,
    handle: String,
    playlist: String,
    share: String,
}

const EVERYWHERE: [&str; 10] =
    ["listing", "search", "subscriptions", "recommendations", "playlist", "feed", "sitemap", "embed", "share link", "token"];

#[tokio::test(flavor = "multi_thread")]
async fn an_item_outside_its_window_or_country_is_absent_from_every_route_and_its_url_says_when() {
    let dir = tempfile::tempdir().unwrap();
    let Some(database) = country_database(dir.path()) else { return };
    let (server, video) = TestServer::start_with_ready_item(&[
        ("REEL__GEO__DATABASE", &database),
        ("REEL__AUTH__ALLOW_PUBLIC_VIDEOS", "true"),
        ("REEL__RATE_LIMIT__CLIENT_IP_HEADER", "X-Forwarded-For"),
        ("REEL__RATE_LIMIT__TRUSTED_PROXIES", "[\"127.0.0.1\"]"),
        ("REEL__DELIVERY__RECHECK_SECS", "1"),
    ])
    .await;
    let api = Api { server: &server };
    let admin = server.token.clone();
    let id = video["id"].as_str().unwrap().to_string();
    assert_eq!(patch(&server, &admin, &id, json!({"visibility": "public"})).await.status(), 200);
    let handle = api.json(Method::GET, &admin, "/me", None, 200).await["user"]["channel"].as_str().unwrap().to_string();

    // A member who follows the channel, keeps the item in a playlist and has it among their
    // recommendations (the list the nightly computation writes, written here directly), and a
    // share link to it.
    let fan = token(&server, "fan@example.org", "viewer", "read,account");
    api.json(Method::POST, &fan, "/subscriptions", Some(json!({"channel": handle})), 201).await;
    let playlist =
        api.json(Method::POST, &fan, "/playlists", Some(json!({"title": "Later"})), 201).await["id"].as_str().unwrap().to_string();
    api.json(Method::POST, &fan, &format!("/playlists/{playlist}/items"), Some(json!({"video_id": id})), 201).await;
    let fan_id = api.json(Method::GET, &fan, "/me", None, 200).await["profile"]["id"].as_str().unwrap().to_string();
    sqlx::any::install_default_drivers();
    let db = sqlx::AnyPool::connect(&server.database_url()).await.unwrap();
    sqlx::query("INSERT INTO profile_recommendations (profile_id, video_id, score) VALUES ($1, $2, 1.0)")
        .bind(&fan_id)
        .bind(&id)
        .execute(&db)
        .await
        .unwrap();
    db.close().await;
    let share = api.json(Method::POST, &admin, &format!("/videos/{id}/share-links"), Some(json!({"expires_in_s": 3600})), 201).await;
    let word = video["title"].as_str().unwrap().split_whitespace().next().unwrap().to_lowercase();
    let routes = Routes { word, handle, playlist, share: share["url"].as_str().unwrap().to_string() };
    let (fr, gb) = (Viewer { server: &server, token: &fan, ip: IN_FRANCE }, Viewer { server: &server, token: &fan, ip: IN_BRITAIN });
    assert_eq!(fr.places(&id, &routes).await, EVERYWHERE);
    assert_eq!(gb.places(&id, &routes).await, EVERYWHERE);

    // Only in France: gone from every route for a viewer in Britain, who is told why.
    let r = patch(&server, &admin, &id, json!({"countries": {"allow": ["fr"]}})).await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    assert_eq!(api.json(Method::GET, &admin, &format!("/videos/{id}"), None, 200).await["countries"], json!({"allow": ["FR"]}));
    assert_eq!(fr.places(&id, &routes).await, EVERYWHERE);
    assert_eq!(gb.places(&id, &routes).await, Vec::<&str>::new());
    let (status, body) = gb.get(&format!("/api/v1/videos/{id}"), true).await;
    assert_eq!((status, serde_json::from_str::<Value>(&body).unwrap()["code"].clone()), (403, json!("not-available-here")));
    // Everywhere but France: the other way round.
    assert_eq!(patch(&server, &admin, &id, json!({"countries": {"deny": ["FR"]}})).await.status(), 200);
    assert_eq!(fr.places(&id, &routes).await, Vec::<&str>::new());
    assert_eq!(gb.places(&id, &routes).await, EVERYWHERE);
    let bad = patch(&server, &admin, &id, json!({"countries": {"allow": ["France"]}})).await;
    assert_eq!(bad.status(), 422, "a country is a two-letter code");

    // Scheduled for tomorrow: absent for everyone but its owner; its URL says from when; the
    // home page shows it coming.
    let tomorrow = rfc3339_in(Duration::from_secs(86_400), false);
    let r = patch(&server, &admin, &id, json!({"countries": null, "available_from": tomorrow})).await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    assert_eq!(gb.places(&id, &routes).await, Vec::<&str>::new());
    let (status, body) = gb.get(&format!("/api/v1/videos/{id}"), true).await;
    let said: Value = serde_json::from_str(&body).unwrap();
    assert_eq!((status, said["code"].as_str()), (404, Some("not-yet-available")), "{said}");
    assert!(said["message"].as_str().unwrap().contains(&tomorrow[..16]), "it says when: {said}");
    let (status, page) = gb.get(&format!("/watch/{id}"), false).await;
    assert!(status == 404 && page.contains("available from"), "{status} {page}");
    let (_, home) = gb.get("/", false).await;
    let coming = home.split("id=\"coming-heading\"").nth(1).expect("a coming-soon row");
    assert!(coming.split("</section>").next().unwrap().contains(&format!("/watch/{id}")), "{home}");
    let owners = api.json(Method::GET, &admin, &format!("/videos/{id}"), None, 200).await;
    assert!(owners["playback"].is_object() && owners["available_from"].is_string(), "its owner still has it: {owners}");
    assert!(api.json(Method::GET, &admin, "/videos", None, 200).await["items"].as_array().unwrap().iter().any(|i| i["id"] == id));

    // Open now and leaving within the month: in every route again, and in the leaving-soon row.
    let soon = rfc3339_in(Duration::from_secs(2 * 86_400), false);
    assert_eq!(patch(&server, &admin, &id, json!({"available_from": null, "available_until": soon})).await.status(), 200);
    assert_eq!(gb.places(&id, &routes).await, EVERYWHERE);
    let (_, home) = gb.get("/", false).await;
    assert!(home.split("id=\"leaving-heading\"").nth(1).is_some_and(|row| row.contains(&format!("/watch/{id}"))), "{home}");

    // Left an hour ago: a token given before stops playing, the URL says it left.
    let given = api.json(Method::GET, &fan, &format!("/videos/{id}"), None, 200).await["playback"]["hls"].as_str().unwrap().to_string();
    assert_eq!(server.http().get(&given).send().await.unwrap().status(), 200);
    let gone = rfc3339_in(Duration::from_secs(3600), true);
    let r = patch(&server, &admin, &id, json!({"available_until": gone})).await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    assert_eq!(fr.places(&id, &routes).await, Vec::<&str>::new());
    let (status, body) = fr.get(&format!("/api/v1/videos/{id}"), true).await;
    assert_eq!((status, serde_json::from_str::<Value>(&body).unwrap()["code"].clone()), (410, json!("no-longer-available")));
    eventually(Duration::from_secs(10), "the token given before stops", || async {
        server.http().get(&given).send().await.unwrap().status() == 403
    })
    .await;

    // Bad windows are refused and change nothing.
    let r = patch(&server, &admin, &id, json!({"available_from": tomorrow, "available_until": soon.clone()})).await;
    assert_eq!(r.status(), 200);
    let r = patch(&server, &admin, &id, json!({"available_from": "2027-01-02T00:00:00Z", "available_until": "2027-01-01T00:00:00Z"})).await;
    assert_eq!(r.status(), 400);
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "invalid-availability");
    let r = patch(&server, &admin, &id, json!({"available_from": "next tuesday"})).await;
    assert_eq!(r.status(), 400);
    let kept = api.json(Method::GET, &admin, &format!("/videos/{id}"), None, 200).await;
    assert_eq!(kept["available_from"].as_str().map(|t| &t[..16]), Some(&tomorrow[..16]), "{kept}");

    // Going live in a few seconds: the subscriber is told then, and it is everywhere again.
    let fan_told = || async { api.json(Method::GET, &fan, "/notifications", None, 200).await["items"].clone() };
    assert_eq!(fan_told().await, json!([]), "nothing is told of an item before its window opens");
    let shortly = rfc3339_in(Duration::from_secs(3), false);
    assert_eq!(patch(&server, &admin, &id, json!({"available_from": shortly, "available_until": null})).await.status(), 200);
    eventually(Duration::from_secs(20), "the subscriber told when it went live", || async {
        fan_told().await.as_array().is_some_and(|items| items.iter().any(|n| n.to_string().contains(&id)))
    })
    .await;
    assert_eq!(gb.places(&id, &routes).await, EVERYWHERE);
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_country_database_a_country_rule_is_refused_and_nothing_changes() {
    let (server, video) = TestServer::start_with_ready_item(&[]).await;
    let id = video["id"].as_str().unwrap();
    let r = patch(&server, &server.token, id, json!({"countries": {"deny": ["US"]}, "available_from": "2030-01-01T00:00:00Z"})).await;
    assert_eq!(r.status(), 400);
    let said: Value = r.json().await.unwrap();
    assert_eq!(said["code"], "no-geo-database", "{said}");
    assert!(said["message"].as_str().unwrap().contains("[geo] database"), "{said}");
    let kept = server.get_json(&format!("/api/v1/videos/{id}")).await;
    assert!(kept["countries"].is_null() && kept["available_from"].is_null(), "{kept}");
    // Lifting a rule needs no database.
    assert_eq!(patch(&server, &server.token, id, json!({"countries": null})).await.status(), 200);
}
