//! The web UI over HTTP: signing in with the page forms, every page rendering with hostile
//! text escaped, CSRF and same-site checks on forms, privacy in every list, the hashed assets
//! and the home page's weight, views, resume positions and "continue watching", the admin's
//! job retry, and edits to an upload still in progress.

// suite: backends

use std::path::PathBuf;
use std::time::Duration;

use crate::common::TestServer;
use reqwest::header::{CONTENT_SECURITY_POLICY, COOKIE, LOCATION, SET_COOKIE};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// A client that shows redirects instead of following them.
fn client() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).timeout(Duration::from_secs(60)).build().unwrap()
}

/// A signed-in browser: its session cookie and the CSRF token its pages carry.
pub(crate) struct Browser {
    cookie: String,
    csrf: String,
}

/// The newest code the console notifier wrote for `address`, once its file is complete.
fn latest_code(server: &TestServer, address: &str) -> Option<String> {
    let outbox = server.data_dir().join("outbox");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&outbox)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().contains(address))
        .collect();
    files.sort();
    let text = std::fs::read_to_string(files.last()?).ok()?;
    let at = text.find("code is ")? + "code is ".len();
    text.get(at..at + 6).filter(|c| c.bytes().all(|b| b.is_ascii_digit())).map(str::to_string)
}

fn meta_csrf(html: &str) -> String {
    let at = html.find("name=\"csrf-token\" content=\"").expect("a CSRF token on the page") + "name=\"csrf-token\" content=\"".len();
    html[at..].split('"').next().unwrap().to_string()
}

/// Signs in through the sign-in page's forms, as a browser without JavaScript would.
pub(crate) async fn sign_in(server: &TestServer, address: &str) -> Browser {
    let http = client();
    let r = http.post(format!("{}/login", server.base)).form(&[("address", address), ("next", "/account")]).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let attempt_cookie = cookie_named(&r, "reel_login");
    let page = r.text().await.unwrap();
    assert!(page.contains("Code sent to"), "{page}");
    let code = wait_for_code(server, address).await;
    let r = http
        .post(format!("{}/login/verify", server.base))
        .header(COOKIE, &attempt_cookie)
        .form(&[("address", address), ("code", code.as_str()), ("next", "/account")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", r.text().await.unwrap());
    assert_eq!(r.headers()[LOCATION], "/account");
    let cookie = cookie_named(&r, "reel_session");
    let account = http.get(format!("{}/account", server.base)).header(COOKIE, &cookie).send().await.unwrap().text().await.unwrap();
    Browser { csrf: meta_csrf(&account), cookie }
}

/// Waits for the notifier (which sends in the background) to write the code.
async fn wait_for_code(server: &TestServer, address: &str) -> String {
    for _ in 0..100 {
        if let Some(code) = latest_code(server, address) {
            return code;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no code was written for {address}");
}

/// `name=value` of the `Set-Cookie` named `name`.
fn cookie_named(r: &reqwest::Response, name: &str) -> String {
    r.headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with(&format!("{name}=")))
        .unwrap_or_else(|| panic!("no {name} cookie"))
        .split(';')
        .next()
        .unwrap()
        .to_string()
}

impl Browser {
    /// The CSRF token its forms carry.
    pub(crate) fn csrf(&self) -> &str {
        &self.csrf
    }

    /// The session cookie (`name=value`), for requests that send more than it.
    pub(crate) fn cookie(&self) -> &str {
        &self.cookie
    }

    pub(crate) async fn get(&self, server: &TestServer, path: &str) -> reqwest::Response {
        client().get(format!("{}{path}", server.base)).header(COOKIE, &self.cookie).send().await.unwrap()
    }

    pub(crate) async fn page(&self, server: &TestServer, path: &str) -> String {
        let r = self.get(server, path).await;
        assert_eq!(r.status(), 200, "GET {path}");
        r.text().await.unwrap()
    }

    pub(crate) async fn post(&self, server: &TestServer, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        client().post(format!("{}{path}", server.base)).header(COOKIE, &self.cookie).form(form).send().await.unwrap()
    }
}

fn clip(server: &TestServer, name: &str, seconds: f64) -> PathBuf {
    crate::common::make_clip(server.dir.path(), name, &["testsrc2=size=320x240:rate=25", "sine"], seconds, &["-shortest"])
}

const HOSTILE: &str = "<script>alert('x')</script> & \"quotes\"";

#[tokio::test(flavor = "multi_thread")]
async fn signing_in_with_the_page_forms_and_every_page_escapes_what_people_typed() {
    let server = TestServer::start();
    // A wrong code is refused with a message people can read, on the same page.
    server.cli(&["user", "create", "--email", "second@example.org", "--role", "viewer"]);
    let http = client();
    let r = http.post(format!("{}/login", server.base)).form(&[("address", "second@example.org")]).send().await.unwrap();
    let attempt = cookie_named(&r, "reel_login");
    let r = http
        .post(format!("{}/login/verify", server.base))
        .header(COOKIE, &attempt)
        .form(&[("address", "second@example.org"), ("code", "000000")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    // Named next to its field, which says it is invalid and points to it.
    let field_with_error = |page: &str, id: &str| {
        let at = page.find(&format!("<input id=\"{id}\"")).unwrap_or_else(|| panic!("no {id} field: {page}"));
        let field = &page[at..at + page[at..].find("class=\"hint\"").expect("the field's hint")];
        assert!(field.contains("aria-invalid=\"true\""), "{field}");
        assert!(field.contains(&format!("aria-describedby=\"{id}-error {id}-hint\"")), "{field}");
        field[field.find(&format!("id=\"{id}-error\"")).expect("the error beside the field")..].to_string()
    };
    assert!(field_with_error(&r.text().await.unwrap(), "code").contains("the code is wrong or has expired"));
    let r = http.post(format!("{}/login", server.base)).form(&[("address", "not an address")]).send().await.unwrap();
    assert_eq!(r.status(), 400);
    assert!(field_with_error(&r.text().await.unwrap(), "address").contains("role=\"alert\""));

    let me = sign_in(&server, crate::common::ADMIN_EMAIL).await;
    let video = server.upload_ready(&clip(&server, "a.mp4", 3.0), HOSTILE).await;
    let id = video["id"].as_str().unwrap();
    let channel = me.page(&server, "/account").await;
    let handle = channel.split("href=\"/c/").nth(1).unwrap().split('"').next().unwrap().to_string();

    for path in [
        "/".to_string(),
        format!("/watch/{id}"),
        "/search?q=alert".into(),
        format!("/c/{handle}"),
        "/studio".into(),
        format!("/studio/{id}/edit"),
    ] {
        let r = me.get(&server, &path).await;
        assert_eq!(r.status(), 200, "{path}");
        let csp = r.headers()[CONTENT_SECURITY_POLICY].to_str().unwrap().to_string();
        assert!(csp.contains("script-src 'self';") && !csp.contains("unsafe-inline"), "{path}: {csp}");
        let html = r.text().await.unwrap();
        assert!(!html.contains("<script>alert"), "{path} shows the title unescaped");
        assert!(html.contains("&lt;script&gt;alert("), "{path} does not show the title");
        assert!(!html.contains("<script>") && !html.contains("style=\""), "{path} has inline script or style");
    }
    let watch = me.page(&server, &format!("/watch/{id}")).await;
    assert!(watch.contains("data-hls=") && watch.contains("player-"), "the watch page has the player");
    assert!(watch.contains("Download MP4"));
    // Signed out, pages send people to sign in; unknown pages are HTML 404s.
    let r = client().get(format!("{}/studio", server.base)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[LOCATION], "/login");
    let r = client().get(format!("{}/no-such-page", server.base)).send().await.unwrap();
    assert_eq!(r.status(), 404);
    assert!(r.text().await.unwrap().contains("<!doctype html>"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_edit_form_sets_and_clears_catalogue_fields_and_shows_a_bad_one_with_what_was_typed() {
    let server = TestServer::start();
    let me = sign_in(&server, crate::common::ADMIN_EMAIL).await;
    let id = server.upload(&clip(&server, "m.mp4", 2.0), "A film").await;
    let path = format!("/studio/{id}/edit");
    let form = me.page(&server, &path).await;
    for field in
        ["name=\"kind\"", "name=\"genre\" value=\"Drama\"", "name=\"tags\"", "name=\"year\"", "name=\"content_rating\"", "name=\"artist\""]
    {
        assert!(form.contains(field), "{field} missing from the form");
    }
    let mut fields = vec![
        ("csrf", me.csrf.as_str()),
        ("title", "A film"),
        ("description", ""),
        ("visibility", "members"),
        ("kind", "film"),
        ("genres_shown", "1"),
        ("genre", "Drama"),
        ("genre", "Crime"),
        ("tags", "Heist, NIGHT ,heist"),
        ("year", "1955"),
        ("language", "fr"),
        ("content_rating", "PG-13"),
        ("director", "Jules Dassin"),
        ("cast", "Jean Servais, Carl Möhner"),
        ("artist", ""),
        ("album", ""),
        ("album_artist", ""),
        ("track_number", ""),
        ("disc_number", ""),
    ];
    assert_eq!(me.post(&server, &path, &fields).await.status(), StatusCode::SEE_OTHER);
    let video = server.get_json(&format!("/api/v1/videos/{id}")).await;
    assert_eq!(
        (video["kind"].as_str(), &video["genres"], &video["tags"]),
        (Some("film"), &json!(["Drama", "Crime"]), &json!(["heist", "night"]))
    );
    assert_eq!(
        (video["year"].as_i64(), video["language"].as_str(), video["content_rating"].as_str()),
        (Some(1955), Some("fr"), Some("PG-13"))
    );
    assert_eq!(video["credits"], json!({"director": ["Jules Dassin"], "cast": ["Jean Servais", "Carl Möhner"]}));
    let shown = me.page(&server, &path).await;
    assert!(shown.contains("value=\"heist, night\"") && shown.contains("value=\"Crime\" checked"), "the form shows what is stored");

    // A bad year: the form comes back with the reason and what was typed; nothing is stored.
    fields.retain(|(k, _)| *k != "year" && *k != "genre");
    fields.push(("year", "MCMLV"));
    let r = me.post(&server, &path, &fields).await;
    assert_eq!(r.status(), 400);
    let page = r.text().await.unwrap();
    assert!(page.contains("year: must be a whole number") && page.contains("value=\"MCMLV\""), "{page}");
    // Beside the year field, which is marked invalid and points to it.
    let year = &page[page.find("<input id=\"year\"").expect("the year field")..];
    let year = &year[..year.find("</div>").unwrap()];
    assert!(
        year.contains("aria-invalid=\"true\" aria-describedby=\"year-error\"")
            && year.contains("<p class=\"form-error\" id=\"year-error\" role=\"alert\">year: must be a whole number</p>"),
        "{year}"
    );
    let now = server.get_json(&format!("/api/v1/videos/{id}")).await;
    for field in ["genres", "tags", "year", "language", "content_rating", "credits", "kind"] {
        assert_eq!(now[field], video[field], "{field} changed");
    }

    // No genre ticked clears them; an empty year clears it.
    fields.retain(|(k, _)| *k != "year");
    fields.push(("year", ""));
    assert_eq!(me.post(&server, &path, &fields).await.status(), StatusCode::SEE_OTHER);
    let video = server.get_json(&format!("/api/v1/videos/{id}")).await;
    assert_eq!((&video["genres"], &video["year"], video["kind"].as_str()), (&json!([]), &Value::Null, Some("film")));
}

#[tokio::test(flavor = "multi_thread")]
async fn forms_need_the_sessions_csrf_token_and_must_come_from_this_site() {
    let server = TestServer::start();
    let me = sign_in(&server, crate::common::ADMIN_EMAIL).await;
    let id = server.upload(&clip(&server, "b.mp4", 2.0), "Before").await;
    let edit = |csrf: &str| {
        vec![("csrf", csrf.to_string()), ("title", "After".into()), ("description", "".into()), ("visibility", "members".into())]
    };
    let path = format!("/studio/{id}/edit");
    let as_pairs = |v: &Vec<(&'static str, String)>| v.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>();

    let r =
        client().post(format!("{}{path}", server.base)).header(COOKIE, &me.cookie).form(&as_pairs(&edit("wrong"))).send().await.unwrap();
    assert_eq!(r.status(), 403);
    let r = client()
        .post(format!("{}{path}", server.base))
        .header(COOKIE, &me.cookie)
        .header("Sec-Fetch-Site", "cross-site")
        .form(&as_pairs(&edit(&me.csrf)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(server.get_json(&format!("/api/v1/videos/{id}")).await["title"], "Before");

    let r =
        client().post(format!("{}{path}", server.base)).header(COOKIE, &me.cookie).form(&as_pairs(&edit(&me.csrf))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(server.get_json(&format!("/api/v1/videos/{id}")).await["title"], "After");
    // Bad input comes back on the form with the reason, and nothing changes.
    let r = me.post(&server, &path, &[("csrf", &me.csrf), ("title", "   "), ("visibility", "members")]).await;
    assert_eq!(r.status(), 400);
    assert_eq!(server.get_json(&format!("/api/v1/videos/{id}")).await["title"], "After");

    // Deleting asks first (a page), then deletes on the form post.
    assert!(me.page(&server, &format!("/studio/{id}/delete")).await.contains("Delete for good"));
    let r = me.post(&server, &format!("/studio/{id}/delete"), &[("csrf", "nope")]).await;
    assert_eq!(r.status(), 403);
    let r = me.post(&server, &format!("/studio/{id}/delete"), &[("csrf", &me.csrf)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = server.http().get(format!("{}/api/v1/videos/{id}", server.base)).bearer_auth(&server.token).send().await.unwrap();
    assert_eq!(r.status(), 404);

    // Signing out ends the session.
    let r = me.post(&server, "/logout", &[("csrf", &me.csrf)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(me.get(&server, "/account").await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_viewer_sees_no_other_creators_private_video_on_any_page() {
    let server = TestServer::start();
    server.cli(&["user", "create", "--email", "maker@example.org", "--role", "creator", "--name", "Maker"]);
    server.cli(&["user", "create", "--email", "watcher@example.org", "--role", "viewer"]);
    let maker_token = server.cli(&["token", "create", "--name", "m", "--user", "maker@example.org"]).trim().to_string();
    let file = clip(&server, "p.mp4", 2.0);
    let mut ids = Vec::new();
    for visibility in ["private", "members"] {
        let form = reqwest::multipart::Form::new()
            .text("title", format!("zebra {visibility} video"))
            .text("visibility", visibility)
            .part("file", reqwest::multipart::Part::bytes(std::fs::read(&file).unwrap()).file_name("p.mp4"));
        let r =
            server.http().post(format!("{}/api/v1/videos", server.base)).bearer_auth(&maker_token).multipart(form).send().await.unwrap();
        ids.push(r.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string());
    }
    for id in &ids {
        server.wait_for(id, &["ready"], Duration::from_secs(90)).await;
    }
    let watcher = sign_in(&server, "watcher@example.org").await;
    let maker = sign_in(&server, "maker@example.org").await;
    let handle = maker.page(&server, "/account").await.split("href=\"/c/").nth(1).unwrap().split('"').next().unwrap().to_string();
    for path in ["/".to_string(), "/search?q=zebra".into(), format!("/c/{handle}")] {
        let html = watcher.page(&server, &path).await;
        assert!(html.contains("zebra members video"), "{path} lists the members video");
        assert!(!html.contains("zebra private video"), "{path} lists the private video");
    }
    assert_eq!(watcher.get(&server, &format!("/watch/{}", ids[0])).await.status(), 404);
    assert_eq!(watcher.get(&server, &format!("/studio/{}/edit", ids[1])).await.status(), 403);
    // A viewer may not upload; the creator sees both in their studio.
    assert!(watcher.page(&server, "/upload").await.contains("can watch videos but not upload"));
    let studio = maker.page(&server, "/studio").await;
    assert!(studio.contains("zebra private video") && studio.contains("zebra members video"));
}

#[tokio::test(flavor = "multi_thread")]
async fn assets_are_hashed_precompressed_cached_for_a_year_and_the_home_page_is_light() {
    let server = TestServer::start();
    let me = sign_in(&server, crate::common::ADMIN_EMAIL).await;
    let home = me.page(&server, "/").await;
    let assets: Vec<String> = home.split("/assets/").skip(1).map(|s| s.split('"').next().unwrap().to_string()).collect();
    assert!(assets.iter().any(|a| a.starts_with("site-") && a.ends_with(".css")), "{assets:?}");
    assert!(!assets.iter().any(|a| a.starts_with("player-")), "the player loads only on the watch page");
    let mut total = gzip_len(home.as_bytes());
    for asset in &assets {
        let r = client().get(format!("{}/assets/{asset}", server.base)).header("Accept-Encoding", "br, gzip").send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["cache-control"], "public, max-age=31536000, immutable");
        assert_eq!(r.headers()["content-encoding"], "br");
        total += r.bytes().await.unwrap().len();
        let plain = client().get(format!("{}/assets/{asset}", server.base)).send().await.unwrap();
        assert!(plain.headers().get("content-encoding").is_none());
    }
    assert!(total < 300 * 1024, "home page weighs {total} bytes compressed");
    let r = client().get(format!("{}/assets/site-NOTAHASH.css", server.base)).send().await.unwrap();
    assert_eq!(r.status(), 404);
}

/// Size of `bytes` gzipped by the system's gzip (the page itself is served uncompressed).
fn gzip_len(bytes: &[u8]) -> usize {
    use std::io::Write;
    let mut child = std::process::Command::new("gzip")
        .arg("-9c")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("gzip runs");
    child.stdin.take().unwrap().write_all(bytes).unwrap();
    child.wait_with_output().unwrap().stdout.len()
}

#[tokio::test(flavor = "multi_thread")]
async fn views_count_once_positions_are_kept_and_unfinished_videos_continue_on_the_home_page() {
    let server = TestServer::start();
    let me = sign_in(&server, crate::common::ADMIN_EMAIL).await;
    let video = server.upload_ready(&clip(&server, "c.mp4", 10.0), "Half watched").await;
    let id = video["id"].as_str().unwrap();
    let api = |method: reqwest::Method, path: &str| {
        client().request(method, format!("{}{path}", server.base)).header(COOKIE, &me.cookie).header("X-CSRF-Token", &me.csrf)
    };
    for expected in [1, 1] {
        let r = api(reqwest::Method::POST, &format!("/api/v1/videos/{id}/views")).json(&json!({})).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.json::<Value>().await.unwrap()["views"], expected, "a reload is not a second view");
    }
    for bad in [json!({"position_s": -1}), json!({"position_s": 1e9}), json!({"position_s": "x"})] {
        let r = api(reqwest::Method::PUT, &format!("/api/v1/videos/{id}/progress")).json(&bad).send().await.unwrap();
        assert!(r.status().is_client_error(), "{bad}");
    }
    assert!(!me.page(&server, "/").await.contains("Continue watching"));
    let r = api(reqwest::Method::PUT, &format!("/api/v1/videos/{id}/progress")).json(&json!({"position_s": 5.5})).send().await.unwrap();
    assert_eq!(r.status(), 204);
    let home = me.page(&server, "/").await;
    assert!(home.contains("Continue watching") && home.contains("class=\"watched\""), "{home}");
    assert!(me.page(&server, &format!("/watch/{id}")).await.contains("data-resume-s=\"5.5\""));
    assert!(home.contains("1 view "));
    // Every card of the home page shows its video's poster, signed for this viewer.
    let poster = home
        .split("<img src=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().replace("&#x2f;", "/").replace("&amp;", "&"))
        .find(|src| src.contains(&format!("{id}/poster.jpg")))
        .unwrap_or_else(|| panic!("no poster on the home page's cards: {home}"));
    let poster = if poster.starts_with("http") { poster } else { format!("{}{poster}", server.base) };
    let r = client().get(&poster).send().await.unwrap();
    assert_eq!(r.status(), 200, "the card's poster URL does not load: {poster}");
    assert_eq!(r.headers()["content-type"], "image/jpeg");
    // Watched to the end, it leaves "continue watching".
    api(reqwest::Method::PUT, &format!("/api/v1/videos/{id}/progress")).json(&json!({"position_s": 9.9})).send().await.unwrap();
    assert!(!me.page(&server, "/").await.contains("Continue watching"));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_admin_retries_a_failed_job_from_the_jobs_page() {
    let server = TestServer::start();
    let me = sign_in(&server, crate::common::ADMIN_EMAIL).await;
    let junk = server.dir.path().join("junk.mp4");
    std::fs::write(&junk, vec![7u8; 4096]).unwrap();
    let id = server.upload(&junk, "Junk").await;
    server.wait_for(&id, &["failed"], Duration::from_secs(60)).await;
    let jobs = server.get_json("/api/v1/admin/jobs?state=failed").await;
    let job = jobs.as_array().unwrap().iter().find(|j| j["payload"].as_str().unwrap().contains(&id)).expect("the failed job").clone();
    let job_id = job["id"].as_str().unwrap();
    let page = me.page(&server, "/admin/jobs?state=failed").await;
    assert!(page.contains(job_id) && page.contains(">Retry</button>"));

    let r = me.post(&server, "/admin/jobs/retry", &[("csrf", &me.csrf), ("job", job_id)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // The video went back to the queue before the answer and, the input being what it is,
    // fails again with its reason.
    let v = server.wait_for(&id, &["failed"], Duration::from_secs(60)).await;
    assert!(v["error"].as_str().is_some_and(|e| !e.is_empty()));
    let events = server.get_json("/api/v1/admin/audit").await;
    assert!(events.as_array().unwrap().iter().any(|e| e["action"] == "job.retried" && e["target"] == job_id));
    let statuses: Vec<String> =
        server.get_json("/api/v1/admin/jobs?state=failed").await.as_array().unwrap().iter().map(|j| j["id"].to_string()).collect();
    assert!(statuses.iter().any(|s| s.contains(job_id)), "the job failed again");
    // Only failed or dead jobs can be retried; a viewer cannot retry at all.
    let ok = server.upload_ready(&clip(&server, "d.mp4", 2.0), "fine").await;
    // Its job is marked done just after the video is published (and beside it are the
    // notification jobs that name the same video).
    let started = std::time::Instant::now();
    let done_id = loop {
        let done = server.get_json("/api/v1/admin/jobs?state=done").await;
        let ours = |j: &&Value| j["kind"] == "process_video" && j["payload"].as_str().unwrap().contains(ok["id"].as_str().unwrap());
        if let Some(job) = done.as_array().unwrap().iter().find(ours) {
            break job["id"].clone();
        }
        assert!(started.elapsed() < Duration::from_secs(10), "the job was never marked done: {done}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let r = server
        .http()
        .post(format!("{}/api/v1/admin/jobs/{}/retry", server.base, done_id.as_str().unwrap()))
        .bearer_auth(&server.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 409);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_upload_in_progress_takes_edits_for_the_video_it_becomes() {
    let server = TestServer::start();
    let file = std::fs::read(clip(&server, "e.mp4", 2.0)).unwrap();
    let http = server.http();
    let r = http
        .post(format!("{}/api/v1/uploads", server.base))
        .bearer_auth(&server.token)
        .header("Tus-Resumable", "1.0.0")
        .header("Upload-Length", file.len().to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let location = r.headers()[LOCATION].to_str().unwrap().to_string();
    let id = location.rsplit('/').next().unwrap().to_string();
    let patch = |body: Value, token: &str| http.patch(format!("{}/api/v1/videos/{id}", server.base)).bearer_auth(token).json(&body).send();
    assert_eq!(
        patch(json!({"title": "Named while uploading", "description": "typed meanwhile"}), &server.token).await.unwrap().status(),
        202
    );
    assert_eq!(patch(json!({"title": ""}), &server.token).await.unwrap().status(), 400, "bad text is refused for uploads too");
    // A resuming client sees the edit in the upload's metadata.
    let head = http.head(&location).bearer_auth(&server.token).header("Tus-Resumable", "1.0.0").send().await.unwrap();
    let metadata = head.headers()["upload-metadata"].to_str().unwrap().to_string();
    use base64::Engine;
    assert!(
        metadata.contains(&format!("title {}", base64::engine::general_purpose::STANDARD.encode("Named while uploading"))),
        "{metadata}"
    );
    // Someone else's upload is simply not there.
    server.cli(&["user", "create", "--email", "other@example.org", "--role", "creator"]);
    let other = server.cli(&["token", "create", "--name", "o", "--user", "other@example.org"]).trim().to_string();
    assert_eq!(patch(json!({"title": "mine"}), &other).await.unwrap().status(), 404);
    let r = http
        .patch(&location)
        .bearer_auth(&server.token)
        .header("Tus-Resumable", "1.0.0")
        .header("Upload-Offset", "0")
        .header("Content-Type", "application/offset+octet-stream")
        .body(file)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let v = server.get_json(&format!("/api/v1/videos/{id}")).await;
    assert_eq!(v["title"], "Named while uploading");
    assert_eq!(v["description"], "typed meanwhile");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_admin_disables_and_enables_an_account_from_the_accounts_page() {
    let server = TestServer::start();
    let viewer_id = server.cli(&["user", "create", "--email", "val@example.org"]).trim().to_string();
    let val = sign_in(&server, "val@example.org").await;
    let me = sign_in(&server, crate::common::ADMIN_EMAIL).await;
    let page = me.page(&server, "/admin").await;
    assert!(page.contains("action=\"/admin/users/disable\"") && page.contains(">Disable<"), "{page}");

    // Without the session's CSRF token nothing changes.
    let r = me.post(&server, "/admin/users/disable", &[("csrf", "forged"), ("user", &viewer_id), ("disabled", "1")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(val.get(&server, "/account").await.status(), 200);

    let r = me.post(&server, "/admin/users/disable", &[("csrf", &me.csrf), ("user", &viewer_id), ("disabled", "1")]).await;
    assert_eq!((r.status(), r.headers()[LOCATION].to_str().unwrap()), (StatusCode::SEE_OTHER, "/admin?done=disabled"));
    assert!(me.page(&server, "/admin?done=disabled").await.contains("The account was disabled"));
    // Their session is over: the account page sends them to sign in.
    assert_ne!(val.get(&server, "/account").await.status(), 200);
    assert!(server.cli(&["user", "list"]).lines().any(|l| l.starts_with(&viewer_id) && l.ends_with("\tdisabled")));

    let r = me.post(&server, "/admin/users/disable", &[("csrf", &me.csrf), ("user", &viewer_id), ("disabled", "0")]).await;
    assert_eq!(r.headers()[LOCATION], "/admin?done=enabled");
    assert!(server.cli(&["user", "list"]).lines().any(|l| l.starts_with(&viewer_id) && l.ends_with("\tactive")));
}
