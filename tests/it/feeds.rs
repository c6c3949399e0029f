//! What the site publishes for readers that are not people at a page, read by readers nobody
//! here wrote: a channel's and a playlist's RSS feed through `feedparser` (PyPI), the sitemap
//! through Python's XML parser, and the link-preview tags of the pages. Each says only what a
//! signed-out visitor may see: a members-only or private item never shows, not even by title.

// suite: backends

use std::time::Duration;

use reqwest::header::COOKIE;
use reqwest::Method;
use serde_json::{json, Value};

use crate::accounts::{server_with_mail, sign_in};
use crate::catalogue::upload_as;
use crate::collections::{token, Api};
use crate::common::{backend_present, make_clip, TestServer};

const PUBLIC_SITE: (&str, &str) = ("REEL__AUTH__ALLOW_PUBLIC_VIDEOS", "true");
const MEMBERS_TITLE: &str = "Members-only secret";
const PRIVATE_TITLE: &str = "Private secret";

/// What `feedparser` reads in `xml`: `{bozo, version, title, entries: [{title, id, link,
/// enclosures: [{href, length, type}], duration}]}`; None where it is missing outside CI.
fn feedparser(xml: &str) -> Option<Value> {
    let present = std::process::Command::new("python3").args(["-c", "import feedparser"]).status().is_ok_and(|s| s.success());
    if !backend_present("the feedparser Python library (scripts/setup --test installs it)", present) {
        return None;
    }
    let script = r#"
import feedparser, json, sys
d = feedparser.parse(sys.stdin.buffer.read())
print(json.dumps({
    "bozo": bool(d.bozo), "problem": str(d.get("bozo_exception", "")), "version": d.version,
    "title": d.feed.get("title"), "author": d.feed.get("author"),
    "entries": [{
        "title": e.get("title"), "id": e.get("id"), "link": e.get("link"),
        "duration": e.get("itunes_duration"),
        "enclosures": [{"href": x.get("href"), "length": x.get("length"), "type": x.get("type")} for x in e.get("enclosures", [])],
    } for e in d.entries],
}))
"#;
    Some(python(script, xml).unwrap_or_else(|| panic!("feedparser could not read:\n{xml}")))
}

/// What the Python `script` prints as JSON, given `input` on stdin; None when it fails.
fn python<T: serde::de::DeserializeOwned>(script: &str, input: &str) -> Option<T> {
    use std::io::Write;
    let mut child = std::process::Command::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    out.status.success().then(|| serde_json::from_slice(&out.stdout).unwrap())
}

/// The `<loc>`s of a sitemap, read by Python's own XML parser (which also checks it is XML).
fn sitemap_locs(xml: &str) -> Vec<String> {
    let script = r#"
import sys, json, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.buffer.read())
ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
assert root.tag == ns + "urlset", root.tag
print(json.dumps([u.find(ns + "loc").text for u in root.findall(ns + "url")]))
"#;
    python(script, xml).unwrap_or_else(|| panic!("not a sitemap:\n{xml}"))
}

/// GET `path` signed out (or with `cookie`): status, content type, body.
async fn fetch(server: &TestServer, path: &str, cookie: Option<&str>) -> (u16, String, String) {
    let url = if path.starts_with("http") { path.to_string() } else { format!("{}{path}", server.base) };
    let mut r = server.http().get(url);
    if let Some(cookie) = cookie {
        r = r.header(COOKIE, cookie);
    }
    let r = r.send().await.unwrap();
    let status = r.status().as_u16();
    let kind = r.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    (status, kind, r.text().await.unwrap())
}

/// The `content` of `<meta property|name="{name}">` in a page, if it has one.
fn meta(html: &str, name: &str) -> Option<String> {
    let at = [format!("property=\"{name}\""), format!("name=\"{name}\"")].iter().find_map(|attr| html.find(attr.as_str()))?;
    let rest = &html[at..];
    let content = rest.split("content=\"").nth(1)?.split('"').next()?;
    Some(unescape(content))
}

/// HTML text with the entities the templates write turned back into characters.
fn unescape(html: &str) -> String {
    let named = [("&#x2f;", "/"), ("&#x27;", "'"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\"")];
    named.iter().fold(html.to_string(), |text, (entity, c)| text.replace(entity, c)).replace("&amp;", "&")
}

/// Every link-preview tag's content in a page.
fn preview_tags(html: &str) -> String {
    html.lines()
        .filter(|l| l.contains("og:") || l.contains("twitter:") || l.contains("name=\"description\""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// An audio file of `seconds` of tone.
fn tone(dir: &std::path::Path, name: &str, seconds: f64) -> std::path::PathBuf {
    let out = dir.join(name);
    let status = std::process::Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", &format!("sine=frequency=330:duration={seconds}")])
        .args(["-c:a", "libmp3lame", "-b:a", "96k"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn feeds_the_sitemap_and_link_previews_show_public_items_only_and_enclosures_play_signed_out() {
    let (server, smtp) = server_with_mail(&[PUBLIC_SITE]);
    let host = token(&server, "host@example.org", "creator", "read,account,upload");
    let api = Api { server: &server };
    let clip = make_clip(server.dir.path(), "c.mp4", &["testsrc2=size=320x180:rate=15", "sine"], 2.0, &["-shortest"]);
    let audio = tone(server.dir.path(), "episode.mp3", 3.0);
    let episode = upload_as(&server, &host, &audio, Some("Episode 1: Ham & <Eggs>"), Some("public")).await;
    let public = upload_as(&server, &host, &clip, Some("A public clip"), Some("public")).await;
    let members = upload_as(&server, &host, &clip, Some(MEMBERS_TITLE), Some("members")).await;
    let private = upload_as(&server, &host, &clip, Some(PRIVATE_TITLE), Some("private")).await;
    for id in [&episode, &public, &members, &private] {
        server.wait_for(id, &["ready"], Duration::from_secs(120)).await;
    }
    api.json(
        Method::PATCH,
        &host,
        &format!("/videos/{episode}"),
        Some(json!({"kind": "podcast", "description": "Breakfast, discussed."})),
        200,
    )
    .await;

    // The channel's feed, as a podcast app reads it.
    let (status, kind, xml) = fetch(&server, "/c/host/feed.xml", None).await;
    assert_eq!((status, kind.as_str()), (200, "application/rss+xml; charset=utf-8"), "{xml}");
    assert!(!xml.contains("secret"), "a feed shows an item a signed-out visitor may not see:\n{xml}");
    let Some(feed) = feedparser(&xml) else { return };
    assert_eq!((feed["bozo"].as_bool(), feed["version"].as_str()), (Some(false), Some("rss20")), "{feed}\n{xml}");
    let titles: Vec<&str> = feed["entries"].as_array().unwrap().iter().map(|e| e["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["A public clip", "Episode 1: Ham & <Eggs>"], "newest first, public only: {feed}");
    let entry = |id: &str| feed["entries"].as_array().unwrap().iter().find(|e| e["link"].as_str().unwrap().ends_with(id)).unwrap().clone();
    let podcast = entry(&episode);
    assert_eq!(podcast["id"], format!("reel:{episode}"));
    assert_eq!(podcast["duration"], "3", "{podcast}");
    let enclosures = podcast["enclosures"].as_array().unwrap();
    assert_eq!(enclosures.len(), 1, "{podcast}");
    assert_eq!(enclosures[0]["type"], "audio/mp4");
    // The enclosure plays for nobody in particular, and is the size the feed says.
    let href = enclosures[0]["href"].as_str().unwrap().to_string();
    let r = server.http().get(&href).send().await.unwrap();
    assert_eq!((r.status().as_u16(), r.headers()["content-type"].to_str().unwrap()), (200, "audio/mp4"));
    // Handed to many and kept for days, it may sit in a shared cache for an hour, not a year.
    assert_eq!(r.headers()["cache-control"], "public, max-age=3600");
    assert_eq!(r.bytes().await.unwrap().len().to_string(), enclosures[0]["length"].as_str().unwrap());
    // Read again, the feed hands out the same URL: apps and caches see one file.
    let (_, _, again) = fetch(&server, "/c/host/feed.xml", None).await;
    assert!(again.contains(&href.replace('&', "&amp;")), "the enclosure's URL changed between two reads");
    assert_eq!(entry(&public)["enclosures"], json!([]), "only podcasts and music carry enclosures");

    // The sitemap lists the public items' pages alone; robots.txt says where it is.
    let (status, kind, xml) = fetch(&server, "/sitemap.xml", None).await;
    assert_eq!((status, kind.as_str()), (200, "application/xml; charset=utf-8"));
    let mut locs = sitemap_locs(&xml);
    locs.sort();
    let mut want = vec![format!("{}/watch/{episode}", server.base), format!("{}/watch/{public}", server.base)];
    want.sort();
    assert_eq!(locs, want);
    let (_, _, robots) = fetch(&server, "/robots.txt", None).await;
    assert!(robots.contains(&format!("Sitemap: {}/sitemap.xml", server.base)), "{robots}");

    // Link previews: a public item's page says what it is and shows its poster to anyone.
    let (_, _, html) = fetch(&server, &format!("/watch/{public}"), None).await;
    assert_eq!(meta(&html, "og:title").as_deref(), Some("A public clip"), "{}", preview_tags(&html));
    assert_eq!(meta(&html, "og:url"), Some(format!("{}/watch/{public}", server.base)));
    let image = meta(&html, "og:image").expect("a public item's poster in its preview");
    let r = server.http().get(&image).send().await.unwrap();
    assert_eq!((r.status().as_u16(), r.headers()["content-type"].to_str().unwrap()), (200, "image/jpeg"));
    let (_, _, html) = fetch(&server, &format!("/watch/{episode}"), None).await;
    assert_eq!(meta(&html, "og:description").as_deref(), Some("Breakfast, discussed."));
    assert_eq!(meta(&html, "og:type").as_deref(), Some("music.song"));

    // A members-only item's page, even to its own owner signed in, previews as the site alone;
    // signed out, its page says nothing of it at all.
    let (cookie, _) = sign_in(&server, &smtp, "host@example.org", 1).await;
    for id in [&members, &private] {
        let (status, _, html) = fetch(&server, &format!("/watch/{id}"), Some(&cookie)).await;
        assert_eq!(status, 200);
        let tags = preview_tags(&html);
        assert_eq!(meta(&html, "og:title").as_deref(), Some("Reel"), "{tags}");
        assert_eq!(meta(&html, "og:url"), Some(format!("{}/", server.base)), "{tags}");
        assert!(meta(&html, "og:image").is_none() && meta(&html, "og:description").is_none(), "{tags}");
        assert!(!tags.contains("secret"), "{tags}");
        let (_, _, html) = fetch(&server, &format!("/watch/{id}"), None).await;
        assert!(!html.contains("secret"), "{html}");
    }

    // The channel's page names its feed and previews as the channel.
    let (_, _, html) = fetch(&server, "/c/host", None).await;
    let html = unescape(&html);
    assert!(html.contains(r#"<link rel="alternate" type="application/rss+xml" title="host" href="/c/host/feed.xml">"#), "{html}");
    assert_eq!(meta(&html, "og:type").as_deref(), Some("profile"));

    // A public playlist's feed holds its public items alone; a private playlist has none.
    let made = api.json(Method::POST, &host, "/playlists", Some(json!({"title": "Picks", "visibility": "public"})), 201).await;
    let list = made["id"].as_str().unwrap().to_string();
    for id in [&members, &public, &private] {
        api.json(Method::POST, &host, &format!("/playlists/{list}/items"), Some(json!({"video_id": id})), 201).await;
    }
    let (status, _, xml) = fetch(&server, &format!("/playlists/{list}/feed.xml"), None).await;
    assert_eq!(status, 200, "{xml}");
    let feed = feedparser(&xml).unwrap();
    assert_eq!(feed["bozo"], false, "{feed}");
    let titles: Vec<&str> = feed["entries"].as_array().unwrap().iter().map(|e| e["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["A public clip"]);
    assert!(!xml.contains("secret"), "{xml}");
    let (_, _, html) = fetch(&server, &format!("/playlists/{list}"), None).await;
    assert_eq!(meta(&html, "og:title").as_deref(), Some("Picks"), "{}", preview_tags(&html));
    assert!(meta(&html, "og:image").is_some(), "the first public item's poster: {}", preview_tags(&html));
    let hidden = api.json(Method::POST, &host, "/playlists", Some(json!({"title": "Drafts"})), 201).await;
    let (status, _, _) = fetch(&server, &format!("/playlists/{}/feed.xml", hidden["id"].as_str().unwrap()), None).await;
    assert_eq!(status, 404);

    // The episode made private: its published URL stops at once, and it leaves the feed and
    // the sitemap.
    api.json(Method::PATCH, &host, &format!("/videos/{episode}"), Some(json!({"visibility": "private"})), 200).await;
    let r = server.http().get(&href).send().await.unwrap();
    assert!(!r.status().is_success(), "a private item's enclosure still plays: {}", r.status());
    let (_, _, xml) = fetch(&server, "/c/host/feed.xml", None).await;
    assert!(!xml.contains(&episode.to_string()) && !xml.contains("Eggs"), "{xml}");
    let (_, _, xml) = fetch(&server, "/sitemap.xml", None).await;
    assert_eq!(sitemap_locs(&xml), [format!("{}/watch/{public}", server.base)]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_site_that_shows_nothing_to_the_signed_out_publishes_no_feed_and_an_empty_sitemap() {
    let server = TestServer::start();
    let host = token(&server, "host@example.org", "creator", "read,account,upload");
    let clip = make_clip(server.dir.path(), "c.mp4", &["testsrc2=size=160x120:rate=10", "sine"], 1.0, &["-shortest"]);
    let id = upload_as(&server, &host, &clip, Some(MEMBERS_TITLE), Some("members")).await;
    server.wait_for(&id, &["ready"], Duration::from_secs(120)).await;
    let (status, _, body) = fetch(&server, "/c/host/feed.xml", None).await;
    assert_eq!(status, 404, "{body}");
    let (status, _, xml) = fetch(&server, "/sitemap.xml", None).await;
    assert_eq!(status, 200);
    assert!(sitemap_locs(&xml).is_empty(), "{xml}");
    assert!(!xml.contains(&id), "{xml}");
    // Signed out, a member's channel answers as a handle no one has.
    assert_eq!(channel_answers(&server, "host").await, channel_answers(&server, "no-one-has-this").await);
}

/// What a signed-out visitor is answered at a channel's page, its feed and its public profile
/// in the API: each answer's status, type and body, with the handle itself written `HANDLE`, so
/// that the answers about two handles compare.
async fn channel_answers(server: &TestServer, handle: &str) -> Vec<(u16, String, String)> {
    let mut answers = Vec::new();
    for path in [format!("/c/{handle}"), format!("/c/{handle}/feed.xml"), format!("/api/v1/channels/{handle}")] {
        let (status, kind, body) = fetch(server, &path, None).await;
        answers.push((status, kind, body.replace(handle, "HANDLE")));
    }
    answers
}

/// The channel handle `reel user list` shows for the account at `email`.
fn handle_of(server: &TestServer, email: &str) -> String {
    let listed = server.cli(&["user", "list"]);
    let row = listed.lines().map(|l| l.split('\t').collect::<Vec<_>>()).find(|cols| cols.get(2) == Some(&email));
    row.unwrap_or_else(|| panic!("{email} is not listed:\n{listed}"))[3].to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn only_a_channel_with_something_public_is_public_and_any_other_answers_as_a_handle_no_one_has() {
    let (server, smtp) = server_with_mail(&[PUBLIC_SITE]);
    let host = token(&server, "host@example.org", "creator", "read,account,upload");
    let quiet = token(&server, "quiet@example.org", "creator", "read,account,upload");
    // A viewer who gave no name, with a bio: their handle says nothing of their address.
    server.cli(&["user", "create", "--email", "jane.doe@example.org", "--role", "viewer"]);
    let jane = server.cli(&["token", "create", "--name", "t", "--user", "jane.doe@example.org", "--scopes", "read,account"]);
    let api = Api { server: &server };
    api.json(Method::PATCH, jane.trim(), "/account/profile", Some(json!({"bio": "Jane's own words"})), 200).await;
    let viewer = handle_of(&server, "jane.doe@example.org");
    let clip = make_clip(server.dir.path(), "c.mp4", &["testsrc2=size=160x120:rate=10", "sine"], 1.0, &["-shortest"]);
    let public = upload_as(&server, &host, &clip, Some("Out in the open"), Some("public")).await;
    let members = upload_as(&server, &quiet, &clip, Some(MEMBERS_TITLE), Some("members")).await;
    for id in [&public, &members] {
        server.wait_for(id, &["ready"], Duration::from_secs(120)).await;
    }

    // A channel with a public item is a public page, feed and profile.
    let open = channel_answers(&server, "host").await;
    assert_eq!(open.iter().map(|a| a.0).collect::<Vec<_>>(), [200, 200, 200], "{open:?}");
    assert!(open[1].2.contains("Out in the open"), "{open:?}");

    // A viewer's channel and one with members' items alone answer as a handle no one has:
    // the same status and the same body, so no one learns who is a member.
    let unknown = channel_answers(&server, "no-one-has-this").await;
    assert_eq!(unknown.iter().map(|a| a.0).collect::<Vec<_>>(), [404, 404, 404], "{unknown:?}");
    for handle in [viewer.as_str(), "quiet"] {
        let answers = channel_answers(&server, handle).await;
        assert_eq!(answers, unknown, "{handle} answers otherwise than a handle no one has");
    }
    assert!(!viewer.contains("jane") && !viewer.contains("doe"), "a handle made from the address: {viewer}");
    // Nor is a channel found by the address's local part, even by a member.
    let (cookie, _) = sign_in(&server, &smtp, "host@example.org", 1).await;
    let (status, _, _) = fetch(&server, "/c/jane-doe", Some(&cookie)).await;
    assert_eq!(status, 404);

    // Signed in, members still see each other's channels.
    let (status, _, html) = fetch(&server, &format!("/c/{viewer}"), Some(&cookie)).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("own words"), "{html}");

    // Its only public item made members-only, the host's channel is hidden too.
    api.json(Method::PATCH, &host, &format!("/videos/{public}"), Some(json!({"visibility": "members"})), 200).await;
    assert_eq!(channel_answers(&server, "host").await, unknown);
}
