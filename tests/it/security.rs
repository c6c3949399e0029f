//! One regression test per class of attack that has hit platforms like Reel, so a later change
//! cannot reopen it: SQL injection through every filter, sort, cursor and search parameter;
//! another member's private item unreachable through every route, the origin included;
//! bearer tokens never taken from a query string; no name from an upload, its container or a
//! person reaching a file path or ffmpeg's arguments; hostile pictures (SVG, decompression
//! bombs) refused at every picture input; and the project says how to report a vulnerability.

// suite: backends

use std::time::Duration;

use reqwest::Method;

use crate::catalogue::upload_as;
use crate::collections::{token, Api};
use crate::common::{make_clip, TestServer};

/// What an attacker types where a value goes into a query: quotes closed early, comments,
/// stacked statements, unions, boolean tautologies, and bytes some drivers mishandle.
const PAYLOADS: &[&str] = &[
    "' OR '1'='1",
    "\" OR 1=1 --",
    "x'; DROP TABLE videos; --",
    "%' UNION SELECT title FROM videos --",
    "') OR ('x'='x",
    "'||(SELECT title FROM videos WHERE visibility='private')||'",
    "1 OR 1=1",
    "$1",
    "\\",
    "%",
    "_",
    "\u{0}",
];

/// The private item's title: it must appear in no answer to anyone but its owner.
const SECRET: &str = "Zebra secret rehearsal";

/// The listing parameters of the API's item listing, and the pages and other listings that take
/// a filter, a cursor or a search.
const API_LISTINGS: &[(&str, &[&str])] = &[
    ("/api/v1/videos", &["q", "kind", "genre", "tag", "artist", "album", "year", "language", "owner", "cursor", "limit"]),
    ("/api/v1/playlists", &["owner"]),
    ("/api/v1/series", &["owner"]),
    ("/api/v1/history", &["cursor", "limit"]),
    ("/api/v1/notifications", &["cursor", "limit"]),
    ("/api/v1/subscriptions/feed", &["cursor", "limit"]),
    ("/api/v1/analytics/top", &["from", "to", "by", "limit", "format"]),
];
const PAGE_LISTINGS: &[(&str, &[&str])] =
    &[("/", &["cursor"]), ("/search", &["q", "cursor"]), ("/browse", &["kind", "genre", "tag", "year", "language", "cursor"])];
const ADMIN_LISTINGS: &[(&str, &[&str])] = &[("/api/v1/admin/jobs", &["state", "limit"]), ("/api/v1/admin/audit", &["limit", "action"])];

#[tokio::test(flavor = "multi_thread")]
async fn sql_injection_through_every_filter_sort_cursor_and_search_parameter_changes_and_leaks_nothing() {
    let server = TestServer::start();
    let api = Api { server: &server };
    let maker = token(&server, "maker@example.org", "creator", "read,account,upload");
    let fan = token(&server, "fan@example.org", "viewer", "read,account");
    let clip = make_clip(server.dir.path(), "s.mp4", &["testsrc2=size=160x120:rate=10", "sine"], 1.0, &["-shortest"]);
    let secret = upload_as(&server, &maker, &clip, Some(SECRET), Some("private")).await;
    let open = upload_as(&server, &maker, &clip, Some("Open rehearsal"), Some("members")).await;
    for id in [&secret, &open] {
        server.wait_for(id, &["ready"], Duration::from_secs(120)).await;
    }
    let fan_session = crate::pages::sign_in(&server, "fan@example.org").await;

    let mut asked = 0;
    for payload in PAYLOADS {
        for (path, params) in API_LISTINGS {
            for param in *params {
                for who in [Some(fan.as_str()), None] {
                    let mut request = server.http().get(format!("{}{path}", server.base)).query(&[(*param, *payload)]);
                    if let Some(token) = who {
                        request = request.bearer_auth(token);
                    }
                    let r = request.send().await.unwrap();
                    let status = r.status();
                    let body = r.text().await.unwrap();
                    assert!(status.as_u16() < 500, "{path}?{param}={payload:?}: {status} {body}");
                    assert!(!body.contains(SECRET), "{path}?{param}={payload:?} leaked the private item: {body}");
                    asked += 1;
                }
            }
        }
        for (path, params) in PAGE_LISTINGS {
            for param in *params {
                let url = reqwest::Url::parse_with_params(&format!("{}{path}", server.base), &[(*param, *payload)]).unwrap();
                let r = fan_session.get(&server, &format!("{}?{}", url.path(), url.query().unwrap_or_default())).await;
                let status = r.status().as_u16();
                let body = r.text().await.unwrap();
                assert!(status < 500, "{path}?{param}={payload:?}: {status}");
                assert!(!body.contains(SECRET), "{path}?{param}={payload:?} leaked the private item");
                asked += 1;
            }
        }
        for (path, params) in ADMIN_LISTINGS {
            for param in *params {
                let admin = server.http().get(format!("{}{path}", server.base)).bearer_auth(&server.token);
                let status = admin.query(&[(*param, *payload)]).send().await.unwrap().status();
                assert!(status.as_u16() < 500, "{path}?{param}={payload:?}: {status}");
                asked += 1;
            }
        }
    }
    assert!(asked > 500, "{asked} requests");
    let r = server.http().get(format!("{}/api/v1/videos?q=a%00b", server.base)).bearer_auth(&fan).send().await.unwrap();
    assert_eq!(r.status(), 400, "a NUL byte is refused at the door, on every database");

    // Nothing was changed by any of it: both items are there, and only their owner sees the
    // private one.
    let mine = api.json(Method::GET, &maker, "/videos?owner=me", None, 200).await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 2, "{mine}");
    let theirs = api.json(Method::GET, &fan, "/videos", None, 200).await.to_string();
    assert!(theirs.contains("Open rehearsal") && !theirs.contains(SECRET), "{theirs}");
}

/// Where a route's parameters go: the private item's id for every id, a real rendition name,
/// and a harmless value for the rest.
fn filled(route: &str, id: &str) -> String {
    route
        .split('/')
        .map(|part| match part {
            "{id}" | "{video_id}" | "{video}" => id,
            "{n}" => "1",
            p if p.starts_with('{') => "x",
            p => p,
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[tokio::test(flavor = "multi_thread")]
async fn another_members_private_item_is_unreachable_through_every_route_including_the_origin() {
    let (server, smtp) = crate::accounts::server_with_mail(&[]);
    let api = Api { server: &server };
    let owner = token(&server, "owner@example.org", "creator", "read,account,upload");
    let other = token(&server, "other@example.org", "creator", "read,account,upload");
    // Pages are a signed-in person's: the other member has a session too. Redirects (to the
    // sign-in page) are answers of their own here.
    let (cookie, _) = crate::accounts::sign_in(&server, &smtp, "other@example.org", 1).await;
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let clip = make_clip(server.dir.path(), "p.mp4", &["testsrc2=size=160x120:rate=10", "sine"], 3.0, &["-shortest"]);
    let id = upload_as(&server, &owner, &clip, Some(SECRET), Some("members")).await;
    let theirs = upload_as(&server, &other, &clip, Some("Their own"), Some("members")).await;
    for item in [&id, &theirs] {
        server.wait_for(item, &["ready"], Duration::from_secs(120)).await;
    }
    // A token the other member was given while the item was open to members, and one for
    // their own item; then the owner makes it private.
    let earlier = api.json(Method::GET, &other, &format!("/videos/{id}"), None, 200).await["playback"]["hls"].as_str().unwrap().to_string();
    let own = api.json(Method::GET, &other, &format!("/videos/{theirs}"), None, 200).await["playback"]["hls"].as_str().unwrap().to_string();
    api.json(Method::PATCH, &owner, &format!("/videos/{id}"), Some(serde_json::json!({"visibility": "private"})), 200).await;
    let seen = |status: u16, body: &str| (200..300).contains(&status) || body.contains(SECRET);

    // Every API route and page, as the other member and as nobody.
    let mut leaks = Vec::new();
    let mut routes = crate::common::routes::api();
    routes.extend(crate::common::routes::pages_and_origin().into_iter().filter(|(_, r)| !r.starts_with("/play/")));
    for (method, route) in routes.iter().filter(|(_, r)| r.contains("{id}") || r.contains("{video_id}")) {
        // Removing an item from one's own history touches nothing of the owner's.
        if route == "/api/v1/history/{video_id}" {
            continue;
        }
        let url = format!("{}{}", server.base, filled(route, &id));
        for member in [true, false] {
            let mut r = http.request(Method::from_bytes(method.as_bytes()).unwrap(), &url).json(&serde_json::json!({}));
            if member {
                r = if route.starts_with("/api/") { r.bearer_auth(&other) } else { r.header(reqwest::header::COOKIE, &cookie) };
            }
            let r = r.send().await.unwrap();
            let status = r.status().as_u16();
            let body = r.text().await.unwrap_or_default();
            if seen(status, &body) {
                leaks.push(format!("{method} {route} ({}): {status}", if member { "member" } else { "nobody" }));
            }
        }
    }
    assert!(routes.len() > 100, "{routes:?}");
    assert!(leaks.is_empty(), "{leaks:#?}");

    // The origin: the token given earlier, a token for another item, the cookie form without
    // a cookie, and the store's own paths.
    let earlier_prefix = earlier.strip_suffix("/master.m3u8").unwrap();
    let own_token = own.split("/play/").nth(1).unwrap().split('/').next().unwrap();
    let files = ["master.m3u8", "manifest.mpd", "key", "poster.jpg", "storyboard.jpg", "download.mp4", "chapters.vtt"];
    let rendition_files = ["index.m3u8", "init.mp4", "00000.m4s"];
    let renditions: Vec<String> = api.json(Method::GET, &owner, &format!("/videos/{id}"), None, 200).await["renditions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_string())
        .collect();
    assert!(renditions.len() >= 2, "{renditions:?}");
    let mut urls = Vec::new();
    for prefix in [earlier_prefix.to_string(), format!("{}/play/{own_token}/{id}", server.base), format!("{}/play/c/{id}", server.base)] {
        urls.extend(files.iter().map(|f| format!("{prefix}/{f}")));
        for r in &renditions {
            urls.extend(rendition_files.iter().map(|f| format!("{prefix}/{r}/{f}")));
        }
    }
    for path in [
        format!("/media/{id}/360p/init.mp4"),
        format!("/media/{id}/poster.jpg"),
        format!("/data/media/{id}/poster.jpg"),
        format!("/objects/media/{id}/poster.jpg"),
        format!("/play/{id}/master.m3u8"),
    ] {
        urls.push(format!("{}{path}", server.base));
    }
    for url in &urls {
        let r = server.http().get(url).send().await.unwrap();
        let status = r.status().as_u16();
        assert!(matches!(status, 403 | 404), "{url}: {status}");
    }
    // The owner still plays it, and it is as it was.
    let mine = api.json(Method::GET, &owner, &format!("/videos/{id}"), None, 200).await;
    assert_eq!((mine["title"].as_str(), mine["status"].as_str()), (Some(SECRET), Some("ready")), "{mine}");
    let master = mine["playback"]["hls"].as_str().unwrap();
    assert_eq!(server.http().get(master).send().await.unwrap().status(), 200);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bearer_token_in_a_query_string_is_never_accepted() {
    let server = TestServer::start();
    let http = server.http();
    assert_eq!(http.get(format!("{}/api/v1/me", server.base)).bearer_auth(&server.token).send().await.unwrap().status(), 200);
    for name in ["access_token", "token", "api_key", "bearer", "authorization"] {
        let r = http.get(format!("{}/api/v1/me", server.base)).query(&[(name, server.token.as_str())]).send().await.unwrap();
        assert_eq!(r.status(), 401, "?{name}= took the token");
        let r = http.get(format!("{}/api/v1/admin/users", server.base)).query(&[(name, server.token.as_str())]).send().await.unwrap();
        assert_eq!(r.status(), 401, "?{name}= reached an admin listing");
    }
}

/// A PNG whose header says `side`×`side` pixels but that is only a few kilobytes: a
/// decompression bomb.
fn bomb(dir: &std::path::Path, side: u32) -> Vec<u8> {
    std::fs::read(crate::account_profile::make_still(dir, &format!("bomb-{side}.png"), &format!("color=c=black:size={side}x{side}")))
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn svg_and_decompression_bombs_are_refused_at_every_picture_input() {
    let server = TestServer::start_with(&[("REEL__RATE_LIMIT__PICTURE_UPLOADS_PER_HOUR_PER_ACCOUNT", "100")]);
    let api = Api { server: &server };
    let maker = token(&server, "maker@example.org", "creator", "read,account,upload");
    let svg = br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>"#.to_vec();
    let png_bomb = bomb(server.dir.path(), 9_000);
    assert!(png_bomb.len() < 1 << 20, "{} bytes", png_bomb.len());
    for path in ["/api/v1/account/avatar", "/api/v1/account/watermark/logo"] {
        // SVG (a script carrier) is not a picture Reel reads at all.
        let r = server.http().put(format!("{}{path}", server.base)).bearer_auth(&maker).body(svg.clone()).send().await.unwrap();
        assert_eq!(r.status(), 400, "{path} took an SVG");
        // A bomb is taken as an upload, then refused by the job before it is decoded.
        let r = server.http().put(format!("{}{path}", server.base)).bearer_auth(&maker).body(png_bomb.clone()).send().await.unwrap();
        assert_eq!(r.status(), 202, "{path}");
    }
    let refused = |field: &'static str, path: &'static str| {
        let (api, maker) = (&api, &maker);
        async move {
            for _ in 0..200 {
                let now = api.json(Method::GET, maker, path, None, 200).await;
                if let Some(reason) = now[field].as_str() {
                    return reason.to_string();
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            panic!("{path} never said why it refused the bomb");
        }
    };
    for (field, path) in [("avatar_error", "/account/profile"), ("error", "/account/watermark")] {
        let reason = refused(field, path).await;
        assert!(reason.contains("megapixels"), "{path}: {reason}");
    }
    assert!(api.json(Method::GET, &maker, "/account/profile", None, 200).await["avatar_url"].is_null(), "no avatar from a bomb");
}

/// An HTTP endpoint on 127.0.0.1 that counts the requests it gets and answers each with
/// `answer` (a status, and a `Location` where given); its URL.
async fn counting(answer: (u16, Option<String>), hits: std::sync::Arc<std::sync::atomic::AtomicUsize>) -> String {
    let app = axum::Router::new().fallback(move || {
        let (answer, hits) = (answer.clone(), hits.clone());
        async move {
            hits.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let mut response = axum::http::Response::new(axum::body::Body::empty());
            *response.status_mut() = axum::http::StatusCode::from_u16(answer.0).unwrap();
            if let Some(to) = answer.1 {
                response.headers_mut().insert(axum::http::header::LOCATION, to.parse().unwrap());
            }
            response
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    url
}

#[tokio::test(flavor = "multi_thread")]
async fn an_outbound_request_follows_no_redirect_so_none_leads_to_a_private_address() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    // The provider answers every message with a redirect to somewhere Reel must not go (here on
    // loopback too, since a test has nowhere else: the webhook is allowed private addresses, and
    // still the redirect is not followed).
    let (asked, followed) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let inside = counting((204, None), followed.clone()).await;
    let provider = counting((307, Some(format!("{inside}metadata"))), asked.clone()).await;
    let server = TestServer::start_with(&[
        ("REEL__NOTIFY__SMS", "webhook"),
        ("REEL__NOTIFY__SMS_WEBHOOK_URL", provider.as_str()),
        ("REEL__NOTIFY__SMS_WEBHOOK_ALLOW_PRIVATE", "true"),
    ]);
    let phone = "+447700900125";
    server.cli(&["user", "create", "--phone", phone]);
    let r =
        server.http().post(format!("{}/api/v1/auth/otp/request", server.base)).json(&serde_json::json!({ "phone": phone })).send().await;
    assert_eq!(r.unwrap().status(), 202);
    crate::common::eventually(Duration::from_secs(20), "the provider asked", || async { asked.load(Ordering::SeqCst) >= 1 }).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(followed.load(Ordering::SeqCst), 0, "the redirect was followed");
}

/// Every file under `dir`, recursively.
fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            match entry.file_type().map(|t| t.is_dir()) {
                Ok(true) => folders.push(entry.path()),
                _ => found.push(entry.path()),
            }
        }
    }
    found
}

#[tokio::test(flavor = "multi_thread")]
async fn no_name_from_an_upload_its_container_or_a_person_reaches_a_file_path_or_ffmpegs_arguments() {
    let server = TestServer::start();
    let dir = server.dir.path();
    // An MKV whose attachment is named to climb out of any folder it is written to, and whose
    // title and a stream's language are ffmpeg options.
    let clip = make_clip(dir, "plain.mkv", &["testsrc2=size=160x120:rate=10", "sine"], 1.0, &["-shortest"]);
    std::fs::write(dir.join("note.txt"), "attached").unwrap();
    let hostile = dir.join("hostile.mkv");
    let made = std::process::Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-y", "-i"])
        .arg(&clip)
        .args(["-attach"])
        .arg(dir.join("note.txt"))
        .args(["-metadata:s:t", "mimetype=text/plain", "-metadata:s:t", "filename=../../../../escaped-attachment.txt"])
        .args(["-metadata", "title=-i /etc/passwd -f null", "-metadata:s:a:0", "language=-map 0", "-c", "copy"])
        .arg(&hostile)
        .status()
        .unwrap();
    assert!(made.success());
    // Uploaded under a name that is a path and an option.
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(std::fs::read(&hostile).unwrap()).file_name("../../../../-i file:escaped-upload.mkv"),
    );
    let r = server.http().post(format!("{}/api/v1/videos", server.base)).bearer_auth(&server.token).multipart(form).send().await.unwrap();
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    let id = r.json::<serde_json::Value>().await.unwrap()["id"].as_str().unwrap().to_string();
    let video = server.wait_for(&id, &["ready"], Duration::from_secs(120)).await;
    assert!(video["playback"]["hls"].is_string(), "{video}");

    // A subtitle upload named to climb out, labelled with an option.
    let srt = b"1\n00:00:00,000 --> 00:00:00,900\nHello\n".to_vec();
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(srt).file_name("../../../../escaped-subtitle.srt"))
        .text("language", "en")
        .text("label", "-f lavfi -i anullsrc");
    let r =
        server.http().post(format!("{}/api/v1/videos/{id}/captions", server.base)).bearer_auth(&server.token).multipart(form).send().await;
    let status = r.unwrap().status().as_u16();
    assert!(matches!(status, 201 | 400), "{status}");

    // Nothing was written anywhere under a name from the upload, and nothing left the folders
    // Reel keeps: the store knows files by their item's id and Reel's own names only.
    let everything = files_under(dir);
    for name in ["escaped-attachment.txt", "escaped-upload.mkv", "escaped-subtitle.srt"] {
        assert!(!everything.iter().any(|f| f.to_string_lossy().contains(name)), "{name} was written: {everything:?}");
        assert!(!std::path::Path::new("/tmp").join(name).exists() && !std::path::Path::new("/").join(name).exists(), "{name} escaped");
    }
}

#[test]
fn the_project_says_how_to_report_a_vulnerability_and_what_is_supported() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/SECURITY.md")).expect("a SECURITY.md");
    for part in ["## Reporting a vulnerability", "privately", "## Supported versions", "latest release"] {
        assert!(text.contains(part), "SECURITY.md says nothing of {part:?}");
    }
}
