//! Share links, the embeddable player and oEmbed against a real server: a link opens one
//! private item to someone without an account (the page, and the origin's manifests and
//! segments) until it expires or is revoked; the player may be framed only by this site, the
//! configured origins and the item's own; oEmbed describes public items alone.

// suite: backends

use std::time::Duration;

use serde_json::{json, Value};

use crate::common::{assert_api_error, eventually, make_clip, TestServer};

const CLIP: &[&str] = &["testsrc2=size=160x120:rate=10", "sine"];

async fn call(server: &TestServer, token: &str, method: reqwest::Method, path: &str, body: Option<Value>) -> reqwest::Response {
    let mut request = server.http().request(method, format!("{}{path}", server.base)).bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap()
}

/// A page fetched with no account and no redirect followed: status, headers, body.
async fn anonymous(url: &str) -> (u16, reqwest::header::HeaderMap, String) {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let r = client.get(url).send().await.unwrap();
    let (status, headers) = (r.status().as_u16(), r.headers().clone());
    (status, headers, r.text().await.unwrap())
}

/// The `data-hls` URL a page's player is given.
fn hls_of(html: &str) -> Option<String> {
    let at = html.find("data-hls=\"")? + "data-hls=\"".len();
    Some(html[at..at + html[at..].find('"')?].replace("&#x2f;", "/").replace("&amp;", "&"))
}

fn csp(headers: &reqwest::header::HeaderMap) -> String {
    headers.get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_share_link_opens_one_private_item_until_it_expires_or_is_revoked_and_embeds_go_only_where_allowed() {
    let server = TestServer::start_with(&[
        ("REEL__EMBED__ALLOWED_ORIGINS", r#"["https://blog.example.com"]"#),
        ("REEL__AUTH__ALLOW_PUBLIC_VIDEOS", "true"),
    ]);
    server.cli(&["user", "create", "--email", "maker@example.org", "--role", "creator"]);
    server.cli(&["user", "create", "--email", "viewer@example.org"]);
    let maker = server.cli(&["token", "create", "--name", "m", "--user", "maker@example.org"]).trim().to_string();
    let viewer = server.cli(&["token", "create", "--name", "v", "--user", "viewer@example.org"]).trim().to_string();
    let (post, get, put, delete) = (reqwest::Method::POST, reqwest::Method::GET, reqwest::Method::PUT, reqwest::Method::DELETE);

    let clip = make_clip(server.dir.path(), "s.mp4", CLIP, 2.0, &["-shortest"]);
    let form = reqwest::multipart::Form::new()
        .text("title", "Private cut")
        .text("visibility", "private")
        .part("file", reqwest::multipart::Part::bytes(std::fs::read(&clip).unwrap()).file_name("s.mp4"));
    let r = server.http().post(format!("{}/api/v1/videos", server.base)).bearer_auth(&maker).multipart(form).send().await.unwrap();
    assert_eq!(r.status(), 201);
    let id = r.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
    eventually(Duration::from_secs(120), "the item ready", || async {
        call(&server, &maker, get.clone(), &format!("/api/v1/videos/{id}"), None).await.json::<Value>().await.unwrap()["status"] == "ready"
    })
    .await;
    let links = format!("/api/v1/videos/{id}/share-links");

    // Only its owner (or an admin) makes links, within the limits.
    let r = call(&server, &viewer, post.clone(), &links, Some(json!({ "expires_in_s": 60 }))).await;
    assert_api_error(r, 403, "insufficient-scope").await;
    assert_api_error(call(&server, &maker, post.clone(), &links, Some(json!({ "expires_in_s": 0 }))).await, 400, "invalid-expiry").await;
    let too_long = json!({ "expires_in_s": 31 * 86_400 });
    assert_api_error(call(&server, &maker, post.clone(), &links, Some(too_long)).await, 400, "invalid-expiry").await;
    let past_end = json!({ "expires_in_s": 60, "start_s": 99 });
    assert_api_error(call(&server, &maker, post.clone(), &links, Some(past_end)).await, 400, "invalid-start").await;

    // Without a link, someone signed out is sent to sign in, and the player page says nothing.
    let (status, _, _) = anonymous(&format!("{}/watch/{id}", server.base)).await;
    assert_eq!(status, 303, "the watch page sends a signed-out visitor to sign in");
    let (status, _, body) = anonymous(&format!("{}/embed/{id}", server.base)).await;
    assert!(status == 401 && !body.contains("Private cut") && !body.contains("data-hls"), "{status} {body}");

    // A link that lasts 4 seconds, starting a second in.
    let made = std::time::Instant::now();
    let link: Value =
        call(&server, &maker, post.clone(), &links, Some(json!({ "expires_in_s": 4, "start_s": 1 }))).await.json().await.unwrap();
    let url = link["url"].as_str().unwrap().to_string();
    assert!(url.starts_with(&format!("{}/watch/{id}?share=", server.base)) && url.ends_with("&t=1"), "{link}");
    let (status, headers, page) = anonymous(&url).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Private cut") && page.contains(r#"data-resume-s="1"#), "the page plays the item from the link's start");
    assert_eq!(headers.get("x-frame-options").and_then(|v| v.to_str().ok()), Some("DENY"), "the watch page is never framed");
    assert!(!page.contains("application/json+oembed"), "a private item offers no oEmbed");
    // The origin serves the manifests and segments to the link's holder.
    let hls = hls_of(&page).expect("a player");
    let master = reqwest::get(&hls).await.unwrap();
    assert_eq!(master.status(), 200);
    let master = master.text().await.unwrap();
    let variant = master.lines().find(|l| !l.starts_with('#') && !l.is_empty()).unwrap();
    let variant_url = reqwest::Url::parse(&hls).unwrap().join(variant).unwrap();
    assert_eq!(reqwest::get(variant_url.clone()).await.unwrap().status(), 200);

    // The embeddable player: framed by this site and the configured origin, and by the item's
    // own once its owner adds one.
    let embed_url = link["embed_url"].as_str().unwrap();
    let (status, headers, body) = anonymous(embed_url).await;
    assert_eq!(status, 200, "{body}");
    assert!(csp(&headers).contains("frame-ancestors 'self' https://blog.example.com;"), "{}", csp(&headers));
    assert!(headers.get("x-frame-options").is_none(), "a framable answer carries no X-Frame-Options");
    assert!(body.contains("data-hls") && body.contains("Private cut"));
    let embed = format!("/api/v1/videos/{id}/embed");
    let origins = call(&server, &maker, put.clone(), &embed, Some(json!({ "origins": ["https://shop.example.org/"] }))).await;
    assert_eq!(origins.json::<Value>().await.unwrap(), json!({ "origins": ["https://shop.example.org"] }));
    let bad = call(&server, &maker, put.clone(), &embed, Some(json!({ "origins": ["shop.example.org/page"] }))).await;
    assert_api_error(bad, 400, "invalid-origin").await;
    let (_, headers, _) = anonymous(embed_url).await;
    assert!(csp(&headers).contains("frame-ancestors 'self' https://blog.example.com https://shop.example.org;"), "{}", csp(&headers));

    // Listed while live; a revoked link stops at once, at the origin too.
    let second: Value = call(&server, &maker, post.clone(), &links, Some(json!({ "expires_in_s": 600 }))).await.json().await.unwrap();
    let live: Value = call(&server, &maker, get.clone(), &links, None).await.json().await.unwrap();
    assert_eq!(live.as_array().unwrap().len(), 2, "{live}");
    assert!(live[0].get("url").is_none(), "a listing shows no link's token");
    let (_, _, second_page) = anonymous(second["url"].as_str().unwrap()).await;
    let second_hls = hls_of(&second_page).unwrap();
    assert_eq!(reqwest::get(&second_hls).await.unwrap().status(), 200);
    let revoke = call(&server, &maker, delete, &format!("{links}/{}", second["id"].as_str().unwrap()), None).await;
    assert_eq!(revoke.status(), 204);
    assert_eq!(reqwest::get(&second_hls).await.unwrap().status(), 403, "the origin refuses a revoked link's playback");
    assert_eq!(anonymous(second["url"].as_str().unwrap()).await.0, 410);

    // After its expiry the link opens nothing: the page says so, and the origin refuses.
    tokio::time::sleep(Duration::from_secs(4).saturating_sub(made.elapsed()) + Duration::from_millis(300)).await;
    let (status, _, page) = anonymous(&url).await;
    assert!(status == 410 && page.contains("expired"), "{status}");
    let (status, headers, body) = anonymous(embed_url).await;
    assert!(status == 410 && body.contains("share link has expired") && !body.contains("data-hls"), "{status} {body}");
    assert!(csp(&headers).contains("frame-ancestors 'self' https://blog.example.com;"), "the message may be framed where embeds are");
    assert_eq!(reqwest::get(&hls).await.unwrap().status(), 403, "the origin refuses an expired link's playback");
    let live: Value = call(&server, &maker, get, &links, None).await.json().await.unwrap();
    assert_eq!(live, json!([]));

    // oEmbed: nothing for a private item, the player's iframe once it is public.
    let oembed = |target: String| {
        let base = server.base.clone();
        async move { reqwest::get(format!("{base}/oembed?url={}", urlencode(&target))).await.unwrap() }
    };
    let watch = format!("{}/watch/{id}", server.base);
    assert_eq!(oembed(watch.clone()).await.status(), 404);
    let item = format!("/api/v1/videos/{id}");
    let public = call(&server, &maker, reqwest::Method::PATCH, &item, Some(json!({ "visibility": "public" }))).await;
    assert!(public.status().is_success());
    let answer = oembed(watch.clone()).await;
    assert_eq!(answer.status(), 200);
    let answer: Value = answer.json().await.unwrap();
    assert_eq!(
        (answer["version"].as_str(), answer["type"].as_str(), answer["title"].as_str()),
        (Some("1.0"), Some("video"), Some("Private cut"))
    );
    let iframe = format!(r#"<iframe src="{}/embed/{id}" width="640" height="360""#, server.base);
    assert!(answer["html"].as_str().unwrap().starts_with(&iframe), "{answer}");
    let (_, _, page) = anonymous(&watch).await;
    assert!(page.contains(r#"type="application/json+oembed""#), "a public item's page offers its oEmbed");
    assert_eq!(oembed("https://elsewhere.example/watch/x".into()).await.status(), 404);
    let xml = reqwest::get(format!("{}/oembed?format=xml&url={}", server.base, urlencode(&watch))).await.unwrap();
    assert_eq!(xml.status(), 501);
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
