//! Catalogue metadata through the API, on both backends: set, normalised, returned, cleared,
//! refused with a clear error that changes nothing, kept to the owner and admins, checked
//! against configured lists, and gone with its video.

// suite: backends

use std::time::Duration;

use crate::common::{assert_api_error, make_clip, TestServer};
use serde_json::{json, Value};

const CLIP: &[&str] = &["testsrc2=size=320x240:rate=25", "sine"];

/// What an edit may change: the title, description and every catalogue field.
fn details(video: &Value) -> Value {
    let fields = [
        "title",
        "description",
        "visibility",
        "kind",
        "genres",
        "tags",
        "year",
        "language",
        "content_rating",
        "credits",
        "artist",
        "album",
        "album_artist",
        "track_number",
        "disc_number",
    ];
    fields.iter().map(|f| (f.to_string(), video[*f].clone())).collect::<serde_json::Map<_, _>>().into()
}

pub(crate) async fn patch(server: &TestServer, token: &str, id: &str, body: Value) -> reqwest::Response {
    server.http().patch(format!("{}/api/v1/videos/{id}", server.base)).bearer_auth(token).json(&body).send().await.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn metadata_is_set_normalised_returned_and_cleared_and_bad_values_change_nothing() {
    let server = TestServer::start();
    let clip = make_clip(server.dir.path(), "m.mp4", CLIP, 2.0, &["-shortest"]);
    let id = server.upload(&clip, "Pastel Blues").await;
    let video = server.get_json(&format!("/api/v1/videos/{id}")).await;
    assert_eq!((video["kind"].as_str(), &video["genres"], &video["tags"]), (Some("video"), &json!([]), &json!([])), "{video}");
    assert_eq!(video["year"], Value::Null);

    let r = patch(
        &server,
        &server.token,
        &id,
        json!({
            "kind": "music", "genres": ["jazz", "Blues", "JAZZ"], "tags": [" Live ", "live", "Piano  Solo"],
            "year": 1965, "language": "en-us", "content_rating": "pg",
            "credits": {"director": ["Nobody"], "cast": ["Nina Simone", "Nina Simone"]},
            "artist": "Nina Simone", "album": "Pastel Blues", "album_artist": "Nina Simone", "track_number": 3, "disc_number": 1
        }),
    )
    .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let video = server.get_json(&format!("/api/v1/videos/{id}")).await;
    assert_eq!(video["kind"], "music");
    assert_eq!(video["genres"], json!(["Jazz", "Blues"]), "spelled as the list spells them, once each");
    assert_eq!(video["tags"], json!(["live", "piano solo"]), "trimmed, lower-cased, deduplicated");
    assert_eq!(
        (video["year"].as_i64(), video["language"].as_str(), video["content_rating"].as_str()),
        (Some(1965), Some("en-US"), Some("PG"))
    );
    assert_eq!(video["credits"], json!({"director": ["Nobody"], "cast": ["Nina Simone"]}));
    assert_eq!(
        (video["artist"].as_str(), video["album"].as_str(), video["album_artist"].as_str()),
        (Some("Nina Simone"), Some("Pastel Blues"), Some("Nina Simone"))
    );
    assert_eq!((video["track_number"].as_i64(), video["disc_number"].as_i64()), (Some(3), Some(1)));
    let listed = server.get_json("/api/v1/videos").await;
    let item = listed["items"].as_array().unwrap().iter().find(|v| v["id"] == id.as_str()).unwrap().clone();
    assert_eq!((&item["genres"], &item["artist"]), (&video["genres"], &video["artist"]), "listings carry the metadata too");

    // Every bad value is a 400 naming its field, and nothing stored changes.
    for (body, field) in [
        (json!({"kind": "movie"}), "kind"),
        (json!({"genres": ["Polka"]}), "genres"),
        (json!({"tags": ["x".repeat(41)]}), "tags"),
        (json!({"tags": (0..31).map(|i| format!("t{i}")).collect::<Vec<_>>()}), "tags"),
        (json!({"year": 99}), "year"),
        (json!({"language": "not a language"}), "language"),
        (json!({"content_rating": "XXX"}), "content_rating"),
        (json!({"credits": {"cast": ["x".repeat(201)]}}), "credits"),
        (json!({"artist": "a\u{7}b"}), "artist"),
        (json!({"track_number": 0}), "track_number"),
        (json!({"disc_number": 100}), "disc_number"),
        // A good field beside a bad one is not applied either.
        (json!({"album": "Changed", "year": 3000}), "year"),
    ] {
        let r = patch(&server, &server.token, &id, body.clone()).await;
        assert_eq!(r.status(), 400, "{body}");
        let error: Value = r.json().await.unwrap();
        assert_eq!(error["code"], "invalid-metadata", "{body}");
        assert!(error["message"].as_str().unwrap().starts_with(&format!("{field}: ")), "{body}: {error}");
    }
    let r = patch(&server, &server.token, &id, json!({"genre": "Jazz"})).await;
    assert_api_error(r, 422, "invalid-body").await;
    let r = patch(&server, &server.token, &id, json!({"year": "nineteen"})).await;
    assert_eq!(r.status().as_u16() / 100, 4, "a year that is not a number is refused");
    // (The video is being processed meanwhile: its status moves, its details must not.)
    assert_eq!(details(&server.get_json(&format!("/api/v1/videos/{id}")).await), details(&video), "the refused edits changed nothing");

    // null clears one value, [] clears a list, and the rest stays.
    let r = patch(&server, &server.token, &id, json!({"year": null, "tags": [], "credits": null, "title": "Pastel Blues (1965)"})).await;
    assert_eq!(r.status(), 200);
    let after = server.get_json(&format!("/api/v1/videos/{id}")).await;
    assert_eq!((&after["year"], &after["tags"], &after["credits"]), (&Value::Null, &json!([]), &json!({"director": [], "cast": []})));
    assert_eq!(
        (after["title"].as_str(), &after["genres"], after["artist"].as_str()),
        (Some("Pastel Blues (1965)"), &video["genres"], Some("Nina Simone"))
    );

    // Deleting the video takes its genres and tags with it.
    let r = server.http().delete(format!("{}/api/v1/videos/{id}", server.base)).bearer_auth(&server.token).send().await.unwrap();
    assert_eq!(r.status(), 204);
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&server.database_url()).await.unwrap();
    for table in ["video_genres", "video_tags"] {
        let left: i64 =
            sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table} WHERE video_id = $1")).bind(&id).fetch_one(&pool).await.unwrap();
        assert_eq!(left, 0, "{table}");
    }
    pool.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn only_the_owner_and_admins_edit_metadata_and_a_private_items_metadata_stays_private() {
    let server = TestServer::start();
    server.cli(&["user", "create", "--email", "maker@example.org", "--role", "creator"]);
    server.cli(&["user", "create", "--email", "watcher@example.org", "--role", "creator"]);
    let maker = server.cli(&["token", "create", "--name", "m", "--user", "maker@example.org"]).trim().to_string();
    let watcher = server.cli(&["token", "create", "--name", "w", "--user", "watcher@example.org"]).trim().to_string();
    let clip = make_clip(server.dir.path(), "p.mp4", CLIP, 2.0, &["-shortest"]);
    let id = upload_as(&server, &maker, &clip, Some("secret"), Some("private")).await;
    server.wait_for(&id, &["ready"], Duration::from_secs(60)).await;

    assert_eq!(patch(&server, &maker, &id, json!({"genres": ["Drama"], "tags": ["hidden-tag"]})).await.status(), 200);
    let r = patch(&server, &watcher, &id, json!({"genres": ["Comedy"]})).await;
    assert!(matches!(r.status().as_u16(), 403 | 404), "{}", r.status());
    assert_eq!(patch(&server, &server.token, &id, json!({"year": 2001})).await.status(), 200, "an admin may");

    // Nothing of the private item reaches the other member: not by id, not in a listing.
    let r = server.http().get(format!("{}/api/v1/videos/{id}", server.base)).bearer_auth(&watcher).send().await.unwrap();
    assert_api_error(r, 404, "not-found").await;
    let listed =
        server.http().get(format!("{}/api/v1/videos", server.base)).bearer_auth(&watcher).send().await.unwrap().text().await.unwrap();
    assert!(!listed.contains("hidden-tag") && !listed.contains(&id), "{listed}");
    let mine = server.http().get(format!("{}/api/v1/videos/{id}", server.base)).bearer_auth(&maker).send().await.unwrap();
    let mine: Value = mine.json().await.unwrap();
    assert_eq!((&mine["genres"], &mine["tags"], mine["year"].as_i64()), (&json!(["Drama"]), &json!(["hidden-tag"]), Some(2001)));
}

#[tokio::test(flavor = "multi_thread")]
async fn genres_and_ratings_come_from_the_configured_lists() {
    let server = TestServer::start_with(&[
        ("REEL__CATALOGUE__GENRES", r#"["Noir", "Giallo"]"#),
        ("REEL__CATALOGUE__CONTENT_RATINGS", r#"["U", "12A", "18"]"#),
    ]);
    let clip = make_clip(server.dir.path(), "c.mp4", CLIP, 2.0, &["-shortest"]);
    let id = server.upload(&clip, "configured").await;
    assert_eq!(patch(&server, &server.token, &id, json!({"genres": ["noir"], "content_rating": "12a"})).await.status(), 200);
    let video = server.get_json(&format!("/api/v1/videos/{id}")).await;
    assert_eq!((&video["genres"], video["content_rating"].as_str()), (&json!(["Noir"]), Some("12A")));
    for body in [json!({"genres": ["Drama"]}), json!({"content_rating": "PG"})] {
        let r = patch(&server, &server.token, &id, body).await;
        let error: Value = r.json().await.unwrap();
        assert_eq!(error["code"], "invalid-metadata");
        assert!(
            error["message"].as_str().unwrap().contains("Noir, Giallo") || error["message"].as_str().unwrap().contains("U, 12A, 18"),
            "{error}"
        );
    }

    // A list that cannot work stops the start with the reason.
    let out = server.command().env("REEL__CATALOGUE__GENRES", r#"["Drama", "drama"]"#).args(["print-config"]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("catalogue.genres"), "{}", String::from_utf8_lossy(&out.stderr));
}

/// A tagged music file with a cover picture, made by ffmpeg: `codec` audio in `name`, the
/// cover an `attached_pic`, the tags as `tags` (key, value) pairs.
fn tagged_track(dir: &std::path::Path, name: &str, codec: &[&str], tags: &[(&str, &str)]) -> std::path::PathBuf {
    tagged_track_with_cover(dir, name, codec, tags, "400x400")
}

/// As [`tagged_track`], with a cover of `size` pixels.
fn tagged_track_with_cover(dir: &std::path::Path, name: &str, codec: &[&str], tags: &[(&str, &str)], size: &str) -> std::path::PathBuf {
    let cover = dir.join(format!("cover-{size}.png"));
    let status = std::process::Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", &format!("color=c=0xcc2200:size={size}"), "-frames:v", "1"])
        .arg(&cover)
        .status()
        .unwrap();
    assert!(status.success());
    let out = dir.join(name);
    let mut c = std::process::Command::new("ffmpeg");
    c.args(["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440:duration=4", "-i"]).arg(&cover);
    c.args(["-map", "0:a", "-map", "1:v"]).args(codec).args(["-c:v", "mjpeg", "-disposition:v", "attached_pic"]);
    for (key, value) in tags {
        c.args(["-metadata", &format!("{key}={value}")]);
    }
    assert!(c.arg(&out).status().unwrap().success(), "ffmpeg could not make {name}");
    out
}

/// Uploads `file` with `token`, with a typed title and visibility when given (no title is
/// what dropping a file on the upload page sends); the new video's id.
pub(crate) async fn upload_as(
    server: &TestServer,
    token: &str,
    file: &std::path::Path,
    title: Option<&str>,
    visibility: Option<&str>,
) -> String {
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    let mut form = reqwest::multipart::Form::new();
    for (field, value) in [("title", title), ("visibility", visibility)] {
        if let Some(value) = value {
            form = form.text(field, value.to_string());
        }
    }
    let form = form.part("file", reqwest::multipart::Part::bytes(std::fs::read(file).unwrap()).file_name(name));
    let r = server.http().post(format!("{}/api/v1/videos", server.base)).bearer_auth(token).multipart(form).send().await.unwrap();
    assert_eq!(r.status(), 201);
    r.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string()
}

/// Checks a download decodes as `codec` audio of about `seconds`.
fn decodes_as(url: &str, codec: &str, seconds: f64) {
    let probed = crate::common::ffprobe(url, &["-show_streams", "-show_format"]);
    let audio: Vec<&Value> = probed["streams"].as_array().unwrap().iter().filter(|s| s["codec_type"] == "audio").collect();
    assert_eq!(audio.len(), 1, "{probed}");
    assert_eq!(audio[0]["codec_name"], codec, "{probed}");
    let duration: f64 = probed["format"]["duration"].as_str().unwrap().parse().unwrap();
    assert!((duration - seconds).abs() < 0.5, "{url} lasts {duration} s");
    // Decoding it through to the end finds no error.
    let out = std::process::Command::new("ffmpeg").args(["-v", "error", "-i", url, "-f", "null", "-"]).output().unwrap();
    assert!(out.status.success() && out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_mp3_with_id3_tags_and_a_cover_becomes_a_music_item_with_its_cover_as_poster_and_two_downloads() {
    let server = TestServer::start();
    let tags = [
        ("title", "Pastel Blues"),
        ("artist", "Nina Simone"),
        ("album", "Pastel Blues"),
        ("album_artist", "Nina Simone"),
        ("genre", "Jazz"),
        ("date", "1965"),
        ("track", "3/9"),
        ("disc", "1/1"),
    ];
    let mp3 = tagged_track(server.dir.path(), "pastel-blues.mp3", &["-c:a", "libmp3lame", "-b:a", "128k", "-id3v2_version", "3"], &tags);
    let id = upload_as(&server, &server.token, &mp3, None, None).await;
    let video = server.wait_for(&id, &["ready"], Duration::from_secs(90)).await;
    assert_eq!((video["kind"].as_str(), video["title"].as_str()), (Some("music"), Some("Pastel Blues")), "{video}");
    assert_eq!(
        (video["artist"].as_str(), video["album"].as_str(), video["album_artist"].as_str()),
        (Some("Nina Simone"), Some("Pastel Blues"), Some("Nina Simone"))
    );
    assert_eq!(
        (&video["genres"], video["year"].as_i64(), video["track_number"].as_i64(), video["disc_number"].as_i64()),
        (&json!(["Jazz"]), Some(1965), Some(3), Some(1))
    );

    // The cover is the poster: a JPEG of the cover's size and colour, not a frame of nothing.
    let poster = video["playback"]["poster"].as_str().expect("a poster from the cover");
    let probed = crate::common::ffprobe(poster, &["-show_streams"]);
    assert_eq!(
        (probed["streams"][0]["codec_name"].as_str(), probed["streams"][0]["width"].as_u64()),
        (Some("mjpeg"), Some(400)),
        "{probed}"
    );
    let rgb = std::process::Command::new("ffmpeg")
        .args(["-v", "error", "-i", poster, "-vf", "scale=1:1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"])
        .output()
        .unwrap()
        .stdout;
    assert!(rgb.len() == 3 && rgb[0] > 170 && rgb[1] < 70 && rgb[2] < 40, "the poster is not the red cover: {rgb:?}");

    // Two downloads, both made by the job: the AAC M4A and the MP3.
    let playback = &video["playback"];
    assert!(playback["m4a"].as_str().unwrap().ends_with("/download.m4a"), "{playback}");
    assert!(playback["mp3"].as_str().unwrap().ends_with("/download.mp3"), "{playback}");
    decodes_as(playback["m4a"].as_str().unwrap(), "aac", 4.0);
    decodes_as(playback["mp3"].as_str().unwrap(), "mp3", 4.0);
    let r = server.http().get(playback["mp3"].as_str().unwrap()).send().await.unwrap();
    assert_eq!((r.status().as_u16(), r.headers()["content-type"].to_str().unwrap()), (200, "audio/mpeg"));
    assert!(r.headers()["content-disposition"].to_str().unwrap().contains("Pastel_Blues.mp3"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cover_larger_than_a_picture_may_be_is_never_decoded_and_the_track_still_plays() {
    let server = TestServer::start();
    // 64 megapixels in under a megabyte: the poster's ffmpeg would need about a gigabyte.
    let mp3 = tagged_track_with_cover(
        server.dir.path(),
        "huge-cover.mp3",
        &["-c:a", "libmp3lame", "-b:a", "96k"],
        &[("title", "Huge Cover")],
        "8000x8000",
    );
    assert!(std::fs::metadata(&mp3).unwrap().len() < 1 << 20);
    let id = upload_as(&server, &server.token, &mp3, None, None).await;
    let video = server.wait_for(&id, &["ready"], Duration::from_secs(90)).await;
    assert_eq!((video["kind"].as_str(), video["title"].as_str()), (Some("music"), Some("Huge Cover")), "{video}");
    assert!(video["playback"]["poster"].is_null(), "no poster from a cover Reel will not decode: {video}");
    decodes_as(video["playback"]["m4a"].as_str().unwrap(), "aac", 4.0);
    decodes_as(video["playback"]["mp3"].as_str().unwrap(), "mp3", 4.0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_flacs_vorbis_comments_fill_only_what_the_uploader_left_empty() {
    let server = TestServer::start();
    let tags = [
        ("TITLE", "Blue Train"),
        ("ARTIST", "John Coltrane"),
        ("ALBUM", "Blue Train"),
        ("GENRE", "Jazz; Hard Bop"),
        ("DATE", "1957-09-15"),
        ("TRACKNUMBER", "1"),
    ];
    let flac = tagged_track(server.dir.path(), "blue-train.flac", &["-c:a", "flac"], &tags);
    // The uploader typed a title: it wins over the file's.
    let id = server.upload(&flac, "My favourite").await;
    let video = server.wait_for(&id, &["ready"], Duration::from_secs(90)).await;
    assert_eq!((video["title"].as_str(), video["kind"].as_str()), (Some("My favourite"), Some("music")), "a typed title wins");
    assert_eq!(
        (video["artist"].as_str(), video["album"].as_str(), video["year"].as_i64()),
        (Some("John Coltrane"), Some("Blue Train"), Some(1957))
    );
    assert_eq!((&video["genres"], &video["tags"]), (&json!(["Jazz"]), &json!(["hard bop"])), "an unlisted genre becomes a tag");
    assert!(video["playback"]["poster"].as_str().is_some(), "the FLAC picture is the poster");
    decodes_as(video["playback"]["mp3"].as_str().unwrap(), "mp3", 4.0);
    decodes_as(video["playback"]["m4a"].as_str().unwrap(), "aac", 4.0);

    // An edit after processing stays: the tags filled the fields once, they do not come back.
    assert_eq!(patch(&server, &server.token, &id, json!({"artist": null, "genres": []})).await.status(), 200);
    let after = server.get_json(&format!("/api/v1/videos/{id}")).await;
    assert_eq!((&after["artist"], &after["genres"]), (&Value::Null, &json!([])));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_audio_items_page_shows_artist_album_tracks_in_order_and_both_downloads_but_no_private_track() {
    let server = TestServer::start();
    server.cli(&["user", "create", "--email", "maker@example.org", "--role", "creator"]);
    server.cli(&["user", "create", "--email", "listener@example.org", "--role", "viewer"]);
    let maker = server.cli(&["token", "create", "--name", "m", "--user", "maker@example.org"]).trim().to_string();
    let mut ids = Vec::new();
    for (track, title, visibility) in [("2", "Second Song", "members"), ("1", "First Song", "members"), ("3", "Hidden Song", "private")] {
        let tags = [("title", title), ("artist", "Nina Simone"), ("album", "Pastel Blues"), ("track", track)];
        let file = tagged_track(server.dir.path(), &format!("track{track}.mp3"), &["-c:a", "libmp3lame", "-b:a", "96k"], &tags);
        ids.push(upload_as(&server, &maker, &file, None, Some(visibility)).await);
    }
    for id in &ids {
        server.wait_for(id, &["ready"], Duration::from_secs(90)).await;
    }

    let listener = crate::pages::sign_in(&server, "listener@example.org").await;
    let page = listener.page(&server, &format!("/watch/{}", ids[0])).await;
    assert!(page.contains("player player-audio"), "an audio player page");
    // Each a link: to the artist's page, and to the album's.
    assert!(page.contains("class=\"artist\" href=") && page.contains(">Nina Simone</a>"), "the artist shown");
    assert!(page.contains("class=\"album\" href=") && page.contains(">Pastel Blues</a>"), "the album shown");
    assert!(page.contains("Download M4A") && page.contains("Download MP3"), "both downloads offered");
    let (first, second) = (page.find("First Song").expect("track 1 listed"), page.find("Second Song").expect("track 2 listed"));
    let list = page.find("class=\"track-list\"").unwrap();
    assert!(list < first && page[list..].find("First Song") < page[list..].find("Second Song"), "tracks in track order: {first} {second}");
    assert!(!page.contains("Hidden Song") && !page.contains(&ids[2]), "a private track of the album never reaches another member");

    let owner = crate::pages::sign_in(&server, "maker@example.org").await;
    let own = owner.page(&server, &format!("/watch/{}", ids[0])).await;
    assert!(own.contains("Hidden Song"), "its owner sees the private track in the album");
}

/// The titles of a listing's items, in order.
/// Two members: one who uploads (`maker`) and one who only watches (`watcher`); their tokens.
pub(crate) fn maker_and_watcher(server: &TestServer) -> (String, String) {
    server.cli(&["user", "create", "--email", "maker@example.org", "--role", "creator"]);
    server.cli(&["user", "create", "--email", "watcher@example.org", "--role", "viewer"]);
    let maker = server.cli(&["token", "create", "--name", "m", "--user", "maker@example.org"]).trim().to_string();
    let watcher =
        server.cli(&["token", "create", "--name", "w", "--user", "watcher@example.org", "--scopes", "read,account"]).trim().to_string();
    (maker, watcher)
}

pub(crate) fn titles(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|v| v["title"].as_str().unwrap().to_string()).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn filters_combine_and_paginate_and_a_private_item_never_shows_in_a_listing_a_count_or_an_artist_page() {
    let server = TestServer::start();
    let (maker, watcher) = maker_and_watcher(&server);
    let clip = make_clip(server.dir.path(), "f.mp4", CLIP, 2.0, &["-shortest"]);
    let mut ids = Vec::new();
    for (title, visibility) in [("Alpha clip", "members"), ("Beta clip", "members"), ("Private clip", "private")] {
        ids.push(upload_as(&server, &maker, &clip, Some(title), Some(visibility)).await);
    }
    let music = json!({"kind": "music", "genres": ["Jazz"], "artist": "Nina Simone", "album": "Pastel Blues", "year": 1965, "language": "en", "tags": ["live"]});
    for (id, body) in [
        (&ids[0], music.clone()),
        (&ids[1], json!({"kind": "film", "genres": ["Drama", "Jazz"], "year": 1955, "language": "fr-CA"})),
        (&ids[2], music),
    ] {
        assert_eq!(patch(&server, &maker, id, body).await.status(), 200);
    }
    for id in &ids {
        server.wait_for(id, &["ready"], Duration::from_secs(60)).await;
    }

    let list = |token: &str, query: &str| {
        let (http, url, token) = (server.http(), format!("{}/api/v1/videos?{query}", server.base), token.to_string());
        async move { http.get(url).bearer_auth(token).send().await.unwrap() }
    };
    let seen = |token: &'static str, query: &'static str| {
        let list = &list;
        async move {
            let r = list(token, query).await;
            assert_eq!(r.status(), 200, "{query}");
            titles(&r.json().await.unwrap())
        }
    };
    let watcher: &'static str = Box::leak(watcher.into_boxed_str());
    let maker: &'static str = Box::leak(maker.into_boxed_str());
    assert_eq!(seen(watcher, "genre=jazz").await, ["Beta clip", "Alpha clip"], "any case; the private one left out");
    assert_eq!(seen(maker, "genre=Jazz").await, ["Private clip", "Beta clip", "Alpha clip"], "its owner sees it");
    assert_eq!(seen(watcher, "genre=Jazz&kind=music").await, ["Alpha clip"]);
    assert_eq!(seen(watcher, "artist=Nina%20Simone&album=Pastel%20Blues").await, ["Alpha clip"]);
    assert_eq!(seen(watcher, "year=1955").await, ["Beta clip"]);
    assert_eq!(seen(watcher, "language=fr").await, ["Beta clip"], "a language takes its regional forms");
    assert_eq!(seen(watcher, "tag=LIVE").await, ["Alpha clip"]);
    assert_eq!(seen(watcher, "genre=Drama&kind=music").await, Vec::<String>::new());
    assert_api_error(list(watcher, "genre=Jazz&limit=many").await, 400, "bad-request").await;
    for (query, field) in [("kind=movie", "kind"), ("year=later", "year"), ("language=english%20please", "language")] {
        let error: Value = list(watcher, query).await.json().await.unwrap();
        assert_eq!(error["code"], "invalid-filter", "{query}");
        assert!(error["message"].as_str().unwrap().starts_with(field), "{error}");
    }
    // Keyset pages under a filter.
    let first: Value = list(watcher, "genre=Jazz&limit=1").await.json().await.unwrap();
    assert_eq!(titles(&first), ["Beta clip"]);
    let cursor = first["next_cursor"].as_str().unwrap();
    let second: Value = list(watcher, &format!("genre=Jazz&limit=1&cursor={cursor}")).await.json().await.unwrap();
    assert_eq!(titles(&second), ["Alpha clip"]);

    // The pages: a genre's listing and its counts, the home page's genre rows, the artist's
    // and the album's pages. The private item is in none of them, nor in any count.
    let viewer = crate::pages::sign_in(&server, "watcher@example.org").await;
    let browse = viewer.page(&server, "/browse?genre=jazz").await;
    assert!(browse.contains("Alpha clip") && browse.contains("Beta clip") && !browse.contains("Private clip"), "{browse}");
    assert!(browse.contains("Jazz <span class=\"count\">2</span>") && browse.contains("Drama <span class=\"count\">1</span>"), "{browse}");
    let home = viewer.page(&server, "/").await;
    let row = &home[home.find("class=\"shelf genre-row\"").expect("a genre row")..];
    assert!(row.contains("browse?genre=Jazz") && row.contains("Alpha clip"), "{home}");
    assert!(!home.contains("Private clip"));
    let artist = viewer.page(&server, "/artist/Nina%20Simone").await;
    assert!(artist.contains("Alpha clip") && artist.contains("Pastel Blues") && !artist.contains("Private clip"), "{artist}");
    let album = viewer.page(&server, "/artist/Nina%20Simone/album/Pastel%20Blues").await;
    assert!(album.contains("Alpha clip") && album.contains("Play all") && !album.contains("Private clip"), "{album}");
    assert_eq!(viewer.get(&server, "/artist/Nobody").await.status(), 404);
    let owner = crate::pages::sign_in(&server, "maker@example.org").await;
    assert!(owner.page(&server, "/browse?genre=Jazz").await.contains("Jazz <span class=\"count\">3</span>"), "the owner's count has it");
}
