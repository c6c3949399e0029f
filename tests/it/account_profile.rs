//! An account's public profile and preferences on both backends: a bio and links shown on the
//! channel (bad ones refused, nothing lost); an avatar made by the media runner from an upload
//! (a small square JPEG, never the upload), replaced and removed with its object, a file that is
//! not an image refused with a reason; preferences that steer the watch page's player.

// suite: backends

use std::path::Path;
use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};

use crate::accounts::{as_session, server_with_mail, sign_in};
use crate::catalogue::upload_as;
use crate::collections::{token, Api};
use crate::common::{assert_api_error, eventually, ffprobe, make_clip, TestServer};

/// An image made by ffmpeg from a lavfi source: `size`, in the format the name's extension says.
fn make_image(dir: &Path, name: &str, size: &str) -> std::path::PathBuf {
    make_still(dir, name, &format!("testsrc2=size={size}:rate=1"))
}

/// The avatar objects an account has in the store (made avatars and waiting uploads).
fn avatar_objects(server: &TestServer, user: &str) -> Vec<String> {
    let dir = server.objects_dir().join("avatars").join(user);
    let mut names: Vec<String> =
        std::fs::read_dir(dir).map(|d| d.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect()).unwrap_or_default();
    names.retain(|n| !n.starts_with('.'));
    names.sort();
    names
}

async fn put_avatar(server: &TestServer, token: &str, bytes: Vec<u8>) -> reqwest::Response {
    server.http().put(format!("{}/api/v1/account/avatar", server.base)).bearer_auth(token).body(bytes).send().await.unwrap()
}

/// Waits for the avatar job: the profile names a new picture, or a new reason it could not.
async fn settled(api: &Api<'_>, token: &str, before: &Value) -> Value {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let now = api.json(Method::GET, token, "/account/profile", None, 200).await;
        if now["avatar_url"] != before["avatar_url"] || now["avatar_error"] != before["avatar_error"] {
            return now;
        }
        assert!(std::time::Instant::now() < deadline, "the avatar job did not run: {now}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_channel_shows_its_bio_links_and_an_avatar_reel_made_and_bad_input_changes_nothing() {
    let server = TestServer::start();
    let api = Api { server: &server };
    let maker = token(&server, "maker@example.org", "creator", "read,account,upload");
    let fan = token(&server, "fan@example.org", "viewer", "read,account");
    let me = api.json(Method::GET, &maker, "/me", None, 200).await["user"]["id"].as_str().unwrap().to_string();

    // Bio and links: checked, stored, shown on the channel to others; a bad one changes nothing.
    let body = json!({"display_name": "Maker Films", "bio": "Short films.\nEvery week.", "links": ["https://maker.example/films", ""]});
    let saved = api.json(Method::PATCH, &maker, "/account/profile", Some(body), 200).await;
    assert_eq!((saved["display_name"].clone(), saved["links"].clone()), (json!("Maker Films"), json!(["https://maker.example/films"])));
    for bad in [
        json!({"links": ["javascript:alert(1)"]}),
        json!({"bio": "x".repeat(1001)}),
        json!({"display_name": " "}),
        json!({"colour": "red"}),
    ] {
        let r = api.send(Method::PATCH, &maker, "/account/profile", Some(bad.clone())).await;
        assert!(matches!(r.status().as_u16(), 400 | 422), "{bad}: {}", r.status());
    }
    let channel = api.json(Method::GET, &fan, "/channels/maker", None, 200).await;
    assert_eq!(channel["bio"], "Short films.\nEvery week.");
    assert_eq!(channel["links"], json!(["https://maker.example/films"]));
    assert!(channel.get("avatar_error").is_none(), "{channel}");
    assert_eq!(server.http().get(format!("{}/api/v1/channels/maker", server.base)).send().await.unwrap().status(), 401);

    // An avatar: the upload becomes a 256×256 JPEG Reel made; the upload itself is never kept.
    let png = std::fs::read(make_image(server.dir.path(), "me.png", "640x360")).unwrap();
    assert_eq!(put_avatar(&server, &maker, png.clone()).await.status(), 202);
    let first = settled(&api, &maker, &saved).await;
    let url = first["avatar_url"].as_str().unwrap_or_else(|| panic!("{first}")).to_string();
    let r = server.http().get(format!("{}{url}", server.base)).bearer_auth(&fan).send().await.unwrap();
    assert_eq!((r.status().as_u16(), r.headers()["content-type"].to_str().unwrap().to_string()), (200, "image/jpeg".to_string()));
    let served = r.bytes().await.unwrap();
    assert_ne!(served.as_ref(), png.as_slice());
    let served_file = server.dir.path().join("served.jpg");
    std::fs::write(&served_file, &served).unwrap();
    let probe = ffprobe(served_file.to_str().unwrap(), &["-show_streams"]);
    assert_eq!(
        (probe["streams"][0]["codec_name"].as_str(), probe["streams"][0]["width"].as_u64(), probe["streams"][0]["height"].as_u64()),
        (Some("mjpeg"), Some(256), Some(256))
    );
    assert_eq!(server.http().get(format!("{}{url}", server.base)).send().await.unwrap().status(), 401, "not for strangers");
    assert_eq!(avatar_objects(&server, &me).len(), 1, "{:?}", avatar_objects(&server, &me));
    assert_eq!(api.json(Method::GET, &fan, "/channels/maker", None, 200).await["avatar_url"], json!(url));

    // Not images: refused at once when plainly not one, by the job (with the reason) when it
    // only starts like one; the avatar in place stays.
    let r = put_avatar(&server, &maker, b"GIF89a but not really".to_vec()).await;
    assert_eq!(r.status(), 202);
    let refused = settled(&api, &maker, &first).await;
    assert!(refused["avatar_error"].as_str().is_some_and(|e| e.contains("image")), "a reason for people: {refused}");
    assert_eq!(refused["avatar_url"], json!(url));
    let clip = std::fs::read(make_clip(server.dir.path(), "v.mp4", &["testsrc2=size=160x120:rate=10"], 1.0, &[])).unwrap();
    assert_api_error(put_avatar(&server, &maker, clip).await, 400, "invalid-image").await;
    let r = put_avatar(&server, &maker, vec![0x89; 6 * 1024 * 1024]).await;
    assert_eq!(r.status(), 413);
    assert_eq!(server.http().get(format!("{}{url}", server.base)).bearer_auth(&fan).send().await.unwrap().status(), 200);

    // A new avatar replaces the old one, whose object and URL are gone; removing leaves none.
    let jpeg = std::fs::read(make_image(server.dir.path(), "me2.jpg", "300x600")).unwrap();
    assert_eq!(put_avatar(&server, &maker, jpeg).await.status(), 202);
    let second = settled(&api, &maker, &refused).await;
    let url2 = second["avatar_url"].as_str().unwrap().to_string();
    assert_ne!(url2, url);
    assert!(second.get("avatar_error").is_none_or(Value::is_null), "a good upload clears the error: {second}");
    assert_eq!(server.http().get(format!("{}{url}", server.base)).bearer_auth(&fan).send().await.unwrap().status(), 404);
    eventually(Duration::from_secs(10), "only the new avatar is stored", || async { avatar_objects(&server, &me).len() == 1 }).await;
    api.json(Method::DELETE, &maker, "/account/avatar", None, 204).await;
    assert_eq!(server.http().get(format!("{}{url2}", server.base)).bearer_auth(&fan).send().await.unwrap().status(), 404);
    assert_eq!(avatar_objects(&server, &me), Vec::<String>::new());
    assert_eq!(api.json(Method::GET, &maker, "/account/profile", None, 200).await["avatar_url"], Value::Null);
}

/// A still made by ffmpeg from a lavfi source (`source`, e.g. `color=c=red:size=8192x8192`), in
/// the format the name's extension says.
pub(crate) fn make_still(dir: &Path, name: &str, source: &str) -> std::path::PathBuf {
    let out = dir.join(name);
    let status = std::process::Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", source, "-frames:v", "1"])
        .arg(&out)
        .status()
        .expect("ffmpeg runs");
    assert!(status.success());
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn a_burst_of_pictures_never_holds_up_an_items_processing_and_each_account_has_a_budget() {
    // One main lane, as on the smallest host: with pictures in it, an item would wait for them.
    let server =
        TestServer::start_with(&[("REEL__JOBS__CONCURRENCY", "1"), ("REEL__RATE_LIMIT__PICTURE_UPLOADS_PER_HOUR_PER_ACCOUNT", "10")]);
    let api = Api { server: &server };
    let maker = token(&server, "burst@example.org", "creator", "read,account,upload");
    let before = api.json(Method::GET, &maker, "/account/profile", None, 200).await;
    // Nine pictures each within bounds but slow to read (16 megapixels), then one of 67
    // megapixels, which is never decoded.
    let heavy = std::fs::read(make_image(server.dir.path(), "heavy.png", "4096x4096")).unwrap();
    let huge = std::fs::read(make_still(server.dir.path(), "huge.png", "color=c=red:size=8192x8192")).unwrap();
    for _ in 0..9 {
        assert_eq!(put_avatar(&server, &maker, heavy.clone()).await.status(), 202);
    }
    assert_eq!(put_avatar(&server, &maker, huge).await.status(), 202);
    let r = put_avatar(&server, &maker, heavy.clone()).await;
    assert_eq!(r.status(), 429, "the eleventh picture in an hour");
    assert!(r.headers().contains_key("retry-after"));
    // The logo counts against the same budget.
    let r =
        server.http().put(format!("{}/api/v1/account/watermark/logo", server.base)).bearer_auth(&maker).body(heavy).send().await.unwrap();
    assert_eq!(r.status(), 429, "a logo is a picture too");

    // An item uploaded behind them is made at once, beside them, not after them.
    let clip = make_clip(server.dir.path(), "after.mp4", &["testsrc2=size=320x240:rate=25", "sine"], 1.0, &["-shortest"]);
    let id = upload_as(&server, &maker, &clip, Some("After the pictures"), None).await;
    server.wait_for(&id, &["ready"], Duration::from_secs(120)).await;
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&server.database_url()).await.unwrap();
    let pictures_left = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM jobs WHERE kind = 'process_avatar' AND state NOT IN ('done', 'failed', 'dead')")
            .fetch_one(&pool)
            .await
            .unwrap()
    };
    let left_when_ready = pictures_left().await;
    eventually(Duration::from_secs(120), "every picture read", || async { pictures_left().await == 0 }).await;
    let ready_at: i64 = sqlx::query_scalar("SELECT ready_at FROM videos WHERE id = $1").bind(&id).fetch_one(&pool).await.unwrap();
    let last_picture: i64 =
        sqlx::query_scalar("SELECT MAX(updated_at) FROM jobs WHERE kind = 'process_avatar'").fetch_one(&pool).await.unwrap();
    assert!(
        ready_at < last_picture && left_when_ready > 0,
        "the item was ready {} ms before the last picture was read, with {left_when_ready} still to read",
        last_picture - ready_at
    );
    pool.close().await;

    // Read one at a time, in order: the last upload's reason is the one the account shows, and
    // the avatar is the last good one.
    let profile = api.json(Method::GET, &maker, "/account/profile", None, 200).await;
    assert!(profile["avatar_url"].is_string() && profile["avatar_url"] != before["avatar_url"], "{profile}");
    let why = profile["avatar_error"].as_str().unwrap_or_default();
    assert!(why.contains("more than 25 megapixels"), "the 67-megapixel picture is refused for its size: {profile}");
}

#[tokio::test(flavor = "multi_thread")]
async fn preferences_are_checked_kept_and_steer_the_player_and_the_channel_page_shows_the_profile() {
    let (server, smtp) = server_with_mail(&[]);
    let maker = token(&server, "maker@example.org", "creator", "read,account,upload");
    let api = Api { server: &server };
    api.json(
        Method::PATCH,
        &maker,
        "/account/profile",
        Some(json!({"bio": "<b>Films</b>", "links": ["https://maker.example/?a=1&b=2"]})),
        200,
    )
    .await;
    let clip = make_clip(server.dir.path(), "w.mp4", &["testsrc2=size=320x240:rate=10", "sine"], 1.0, &["-shortest"]);
    let id = upload_as(&server, &maker, &clip, Some("Watch me"), Some("members")).await;
    server.wait_for(&id, &["ready"], Duration::from_secs(120)).await;

    server.cli(&["user", "create", "--email", "viewer@example.org", "--role", "viewer"]);
    let (cookie, csrf) = sign_in(&server, &smtp, "viewer@example.org", 1).await;
    let json = |method: Method, path: &str, body: Option<Value>| {
        let mut r = as_session(&server, method, &format!("/api/v1{path}"), &cookie, &csrf);
        if let Some(b) = body {
            r = r.json(&b);
        }
        r.send()
    };
    let defaults: Value = json(Method::GET, "/account/preferences", None).await.unwrap().json().await.unwrap();
    assert_eq!(defaults, json!({"language": null, "autoplay_next": true, "default_quality": "auto", "captions": false}));
    let want = json!({"language": "pt-br", "autoplay_next": false, "default_quality": "240P", "captions": true});
    let saved: Value = json(Method::PUT, "/account/preferences", Some(want)).await.unwrap().json().await.unwrap();
    assert_eq!(saved, json!({"language": "pt-BR", "autoplay_next": false, "default_quality": "240p", "captions": true}));
    let bad = json!({"language": "en", "autoplay_next": true, "default_quality": "best", "captions": false});
    assert_api_error(json(Method::PUT, "/account/preferences", Some(bad)).await.unwrap(), 400, "invalid-preferences").await;
    let kept: Value = json(Method::GET, "/account/preferences", None).await.unwrap().json().await.unwrap();
    assert_eq!(kept, saved, "a refused change keeps what was there");

    let page = |path: String| as_session(&server, Method::GET, &path, &cookie, &csrf).send();
    let watch = page(format!("/watch/{id}")).await.unwrap().text().await.unwrap();
    assert!(watch.contains(r#"data-start-height="240""#), "the player starts at the preferred height");
    let channel = page("/c/maker".into()).await.unwrap().text().await.unwrap();
    assert!(channel.contains("&lt;b&gt;Films&lt;&#x2f;b&gt;") || channel.contains("&lt;b&gt;Films&lt;/b&gt;"), "the bio is escaped");
    assert!(channel.contains(r#"rel="nofollow ugc noopener noreferrer""#) && channel.contains("maker.example"), "the links are shown");
}
