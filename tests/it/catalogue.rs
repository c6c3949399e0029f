//! Catalogue metadata through the API, on both backends: set, normalised, returned, cleared,
//! refused with a clear error that changes nothing, kept to the owner and admins, checked
//! against configured lists, and gone with its video.

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

async fn patch(server: &TestServer, token: &str, id: &str, body: Value) -> reqwest::Response {
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
    assert_api_error(r, 400, "unknown-field").await;
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
    let form = reqwest::multipart::Form::new()
        .text("title", "secret")
        .text("visibility", "private")
        .part("file", reqwest::multipart::Part::bytes(std::fs::read(&clip).unwrap()).file_name("p.mp4"));
    let r = server.http().post(format!("{}/api/v1/videos", server.base)).bearer_auth(&maker).multipart(form).send().await.unwrap();
    let id = r.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
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
