//! The API's manners toward the programs that call it: every answer says what is left of the
//! tightest budget the request drew on (`RateLimit-Limit`, `-Remaining`, `-Reset`), and a `429`
//! says when to come back (`Retry-After`) as well, whichever budget refused it, counted in
//! Redis or in the process; and pages on the origins `api.cors_origins` names, and no others,
//! may call it from a browser. A JSON body is an object, sent as JSON.

// suite: backends

use futures::StreamExt;
use reqwest::header::HeaderMap;
use reqwest::Method;

use crate::common::TestServer;

/// A header's value as a number.
fn number(h: &HeaderMap, name: &str) -> u64 {
    h.get(name).unwrap_or_else(|| panic!("no {name} in {h:?}")).to_str().unwrap().parse().unwrap()
}

/// (`RateLimit-Limit`, `RateLimit-Remaining`) of an answer.
fn budget(h: &HeaderMap) -> (u64, u64) {
    (number(h, "ratelimit-limit"), number(h, "ratelimit-remaining"))
}

#[tokio::test(flavor = "multi_thread")]
async fn every_api_answer_says_what_is_left_and_a_429_says_when_it_comes_back() {
    let server = TestServer::start_with(&[
        ("REEL__EDGE__API_PER_MINUTE_PER_IP", "4"),
        ("REEL__EDGE__API_PER_MINUTE_PER_ACCOUNT", "100"),
        ("REEL__API__CORS_ORIGINS", r#"["http://app.example.org"]"#),
    ]);
    let http = server.http();
    let list = || http.get(format!("{}/api/v1/videos", server.base)).bearer_auth(&server.token).send();
    // The address's budget is the tighter: four in a burst, then one every 15 s.
    let mut resets = Vec::new();
    for left in [3, 2, 1, 0] {
        let r = list().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(budget(r.headers()), (4, left), "{:?}", r.headers());
        resets.push(number(r.headers(), "ratelimit-reset"));
    }
    assert!(resets.windows(2).all(|w| w[0] <= w[1]) && resets[3] <= 60 && resets[3] >= 59, "{resets:?}");
    // Refused at the edge, the answer still reaches a listed origin's page readably.
    let r = http
        .get(format!("{}/api/v1/videos", server.base))
        .bearer_auth(&server.token)
        .header("Origin", "http://app.example.org")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    assert_eq!(r.headers()["access-control-allow-origin"], "http://app.example.org");
    assert_eq!(budget(r.headers()), (4, 0));
    let wait = number(r.headers(), "retry-after");
    assert!((1..=15).contains(&wait), "one request comes back within 15 s: {wait}");
    assert_eq!(r.json::<serde_json::Value>().await.unwrap()["code"], "rate-limited");

    // A route's own budget, tighter than the edge's, is the one an answer tells: two uploads an
    // hour for the account.
    let server = TestServer::start_with(&[("REEL__RATE_LIMIT__UPLOADS_PER_HOUR_PER_ACCOUNT", "2")]);
    let create = || {
        server
            .http()
            .post(format!("{}/api/v1/uploads", server.base))
            .bearer_auth(&server.token)
            .header("Tus-Resumable", "1.0.0")
            .header("Upload-Length", "100")
            .send()
    };
    for left in [1, 0] {
        let r = create().await.unwrap();
        assert_eq!(r.status(), 201, "{:?}", r.text().await);
        assert_eq!(budget(r.headers()), (2, left));
    }
    let r = create().await.unwrap();
    assert_eq!(r.status(), 429);
    assert_eq!(budget(r.headers()), (2, 0));
    let (wait, reset) = (number(r.headers(), "retry-after"), number(r.headers(), "ratelimit-reset"));
    assert!((1700..=1800).contains(&wait) && (3500..=3600).contains(&reset), "wait {wait} s, all back in {reset} s");
}

#[tokio::test(flavor = "multi_thread")]
async fn only_the_configured_origins_may_call_the_api_from_a_browser() {
    const ALLOWED: &str = "http://app.example.org:8443";
    let server = TestServer::start_with(&[("REEL__API__CORS_ORIGINS", &format!("[\"{ALLOWED}\"]"))]);
    let http = server.http();
    let request =
        |method: Method, path: &str, origin: &str| http.request(method, format!("{}/api/v1{path}", server.base)).header("Origin", origin);

    // A call from the allowed origin is answered for its page to read, rate-limit headers too.
    let r = request(Method::GET, "/videos", ALLOWED).bearer_auth(&server.token).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let h = r.headers();
    assert_eq!(h["access-control-allow-origin"], ALLOWED);
    assert!(h.get_all("vary").iter().any(|v| v.to_str().unwrap().contains("Origin")), "{h:?}");
    assert!(h["access-control-expose-headers"].to_str().unwrap().contains("RateLimit-Remaining"), "{h:?}");
    assert!(h.get("access-control-allow-credentials").is_none(), "a cross-origin call never rides on the session");

    // Its preflights, for the JSON API and for a resumable upload, say what may be sent.
    for path in ["/videos/x", "/uploads"] {
        let r = request(Method::OPTIONS, path, ALLOWED)
            .header("Access-Control-Request-Method", "PATCH")
            .header("Access-Control-Request-Headers", "authorization, content-type, idempotency-key")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 204, "{path}");
        let h = r.headers();
        assert_eq!(h["access-control-allow-origin"], ALLOWED);
        assert!(h["access-control-allow-methods"].to_str().unwrap().contains("PATCH"), "{h:?}");
        let allowed = h["access-control-allow-headers"].to_str().unwrap().to_ascii_lowercase();
        assert!(["authorization", "content-type", "idempotency-key", "upload-offset"].iter().all(|n| allowed.contains(n)), "{allowed}");
    }

    // Any other origin, or the same host on another port or scheme, gets no CORS header.
    for origin in ["http://evil.example.org", "https://app.example.org:8443", "http://app.example.org", "null"] {
        let r = request(Method::GET, "/videos", origin).bearer_auth(&server.token).send().await.unwrap();
        assert!(r.headers().get("access-control-allow-origin").is_none(), "{origin}: {:?}", r.headers());
        let r = request(Method::OPTIONS, "/videos", origin).header("Access-Control-Request-Method", "GET").send().await.unwrap();
        assert!(r.headers().get("access-control-allow-origin").is_none(), "{origin}: {:?}", r.headers());
    }

    // By default no origin may.
    let plain = TestServer::start();
    let r =
        plain.http().get(format!("{}/api/v1/videos", plain.base)).header("Origin", ALLOWED).bearer_auth(&plain.token).send().await.unwrap();
    assert!(r.headers().get("access-control-allow-origin").is_none(), "{:?}", r.headers());

    // A list that is not origins stops the start with the reason.
    let out = server.command().env("REEL__API__CORS_ORIGINS", r#"["https://app.example.org/"]"#).args(["print-config"]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("api.cors_origins"), "{}", String::from_utf8_lossy(&out.stderr));
}

/// `POST /api/v1/videos` of `clip` as `token`, with an `Idempotency-Key` when given.
#[tokio::test(flavor = "multi_thread")]
async fn a_json_body_is_an_object_sent_as_json_and_anything_else_is_refused_saying_so() {
    let server = TestServer::start();
    let http = reqwest::Client::new();
    let send = |body: &'static str, content_type: Option<&'static str>| {
        let mut r = http.put(format!("{}/api/v1/history/settings", server.base)).bearer_auth(&server.token).body(body);
        if let Some(t) = content_type {
            r = r.header("content-type", t);
        }
        async move {
            let r = r.send().await.unwrap();
            let status = r.status().as_u16();
            (status, r.json::<serde_json::Value>().await.unwrap()["code"].as_str().unwrap_or_default().to_string())
        }
    };
    // serde would read a struct from an array; the API does not.
    assert_eq!(send("[true]", Some("application/json")).await, (422, "invalid-body".into()));
    assert_eq!(send("  [null]", Some("application/json")).await, (422, "invalid-body".into()));
    assert_eq!(send("true", Some("application/json")).await, (422, "invalid-body".into()));
    assert_eq!(send("{\"paused\": 1}", Some("application/json")).await, (422, "invalid-body".into()));
    assert_eq!(send("{\"paused\": ", Some("application/json")).await, (400, "bad-request".into()));
    assert_eq!(send("{\"paused\": true}", None).await, (415, "unsupported-media-type".into()));
    assert_eq!(send("{\"paused\": true}", Some("text/plain")).await, (415, "unsupported-media-type".into()));
    assert_eq!(send("{\"paused\": true}", Some("application/merge-patch+json")).await.0, 200);
    assert_eq!(send(" {\"paused\": false}", Some("application/json; charset=utf-8")).await.0, 200);
    // A route whose body may be left out takes none without a type, and refuses an array.
    let mark = |body: Option<&'static str>| {
        let mut r = http.post(format!("{}/api/v1/notifications/read", server.base)).bearer_auth(&server.token);
        if let Some(b) = body {
            r = r.header("content-type", "application/json").body(b);
        }
        async move { r.send().await.unwrap().status().as_u16() }
    };
    assert_eq!(mark(None).await, 200);
    assert_eq!(mark(Some("[null]")).await, 422);
    assert_eq!(mark(Some("{}")).await, 200);
}

async fn form_upload(server: &TestServer, token: &str, clip: &std::path::Path, key: Option<&str>) -> reqwest::Response {
    let part = reqwest::multipart::Part::bytes(std::fs::read(clip).unwrap()).file_name("clip.mp4");
    let mut r = server
        .http()
        .post(format!("{}/api/v1/videos", server.base))
        .bearer_auth(token)
        .multipart(reqwest::multipart::Form::new().part("file", part));
    if let Some(key) = key {
        r = r.header("Idempotency-Key", key);
    }
    r.send().await.unwrap()
}

/// The ids of the caller's items.
async fn my_items(server: &TestServer, token: &str) -> Vec<String> {
    let r = server.http().get(format!("{}/api/v1/videos?owner=me", server.base)).bearer_auth(token).send().await.unwrap();
    let body: serde_json::Value = r.json().await.unwrap();
    body["items"].as_array().unwrap().iter().map(|v| v["id"].as_str().unwrap().to_string()).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_create_retried_with_its_idempotency_key_makes_one_item_and_the_first_answer_again() {
    use std::time::Duration;
    let server = TestServer::start();
    let clip = crate::common::make_clip(server.dir.path(), "c.mp4", &["testsrc2=size=160x120:rate=10", "sine"], 1.0, &["-shortest"]);

    // A form upload sent twice with one key: one item, the second answer the first's again.
    let first = form_upload(&server, &server.token, &clip, Some("retry-1")).await;
    assert_eq!(first.status(), 201);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let id = first.json::<serde_json::Value>().await.unwrap()["id"].as_str().unwrap().to_string();
    let again = form_upload(&server, &server.token, &clip, Some("retry-1")).await;
    assert_eq!((again.status().as_u16(), again.headers()["idempotent-replayed"].to_str().unwrap()), (201, "true"));
    assert_eq!(again.headers()["content-type"], "application/json");
    assert_eq!(again.json::<serde_json::Value>().await.unwrap()["id"], id.as_str());
    assert_eq!(my_items(&server, &server.token).await, std::slice::from_ref(&id));

    // Keys are each account's own: another account's same key makes its own item.
    let other = crate::collections::token(&server, "other@example.org", "creator", "read,upload");
    let theirs = form_upload(&server, &other, &clip, Some("retry-1")).await;
    assert_eq!(theirs.status(), 201);
    assert!(theirs.headers().get("idempotent-replayed").is_none());

    // A failed request lets its key go: the retry does the work.
    let empty = server
        .http()
        .post(format!("{}/api/v1/videos", server.base))
        .bearer_auth(&server.token)
        .header("Idempotency-Key", "retry-2")
        .multipart(reqwest::multipart::Form::new().text("title", "no file"))
        .send()
        .await
        .unwrap();
    assert_eq!(empty.status(), 400);
    let retried = form_upload(&server, &server.token, &clip, Some("retry-2")).await;
    assert_eq!(retried.status(), 201);
    assert!(retried.headers().get("idempotent-replayed").is_none());
    let retried_id = retried.json::<serde_json::Value>().await.unwrap()["id"].as_str().unwrap().to_string();

    // A resumable upload's creation: the same declaration gets the same address; the key with
    // another declaration is refused; a key that is not one is refused.
    let create = |key: &'static str, length: &'static str| {
        server
            .http()
            .post(format!("{}/api/v1/uploads", server.base))
            .bearer_auth(&server.token)
            .header("Tus-Resumable", "1.0.0")
            .header("Upload-Length", length)
            .header("Idempotency-Key", key)
            .send()
    };
    let made = create("tus-1", "100").await.unwrap();
    assert_eq!(made.status(), 201);
    let location = made.headers()["location"].clone();
    let again = create("tus-1", "100").await.unwrap();
    assert_eq!((again.status().as_u16(), &again.headers()["location"]), (201, &location));
    assert_eq!(again.headers()["tus-resumable"], "1.0.0");
    let reused = create("tus-1", "200").await.unwrap();
    assert_eq!(reused.status(), 422);
    assert_eq!(reused.json::<serde_json::Value>().await.unwrap()["code"], "idempotency-key-reused");
    let bad = create("has space", "100").await.unwrap();
    assert_eq!(bad.status(), 400);
    assert_eq!(bad.json::<serde_json::Value>().await.unwrap()["code"], "invalid-idempotency-key");

    // While the first request is still sending its file, a retry (sent the same way: a
    // streamed form, with no declared length) is told to wait and makes nothing; once the
    // first is answered, the retry gets its answer.
    let bytes = std::fs::read(&clip).unwrap();
    let slow = || {
        let (head, tail) = bytes.split_at(bytes.len() / 2);
        let chunks = futures::stream::iter([Ok::<_, std::io::Error>(head.to_vec()), Ok(tail.to_vec())]).then(|chunk| async move {
            tokio::time::sleep(Duration::from_millis(1500)).await;
            chunk
        });
        let part = reqwest::multipart::Part::stream(reqwest::Body::wrap_stream(chunks)).file_name("slow.mp4");
        server
            .http()
            .post(format!("{}/api/v1/videos", server.base))
            .bearer_auth(&server.token)
            .header("Idempotency-Key", "slow-1")
            .multipart(reqwest::multipart::Form::new().part("file", part))
            .send()
    };
    let sending = tokio::spawn(slow());
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let meanwhile = slow().await.unwrap();
    assert_eq!(meanwhile.status(), 409);
    assert!(meanwhile.headers().get("retry-after").is_some());
    assert_eq!(meanwhile.json::<serde_json::Value>().await.unwrap()["code"], "idempotency-key-in-use");
    let first = sending.await.unwrap().unwrap();
    assert_eq!(first.status(), 201);
    let slow_id = first.json::<serde_json::Value>().await.unwrap()["id"].as_str().unwrap().to_string();
    let after = slow().await.unwrap();
    assert_eq!(after.headers()["idempotent-replayed"], "true");
    assert_eq!(after.json::<serde_json::Value>().await.unwrap()["id"], slow_id.as_str());
    // The same key on a form of another length is another request.
    let other = form_upload(&server, &server.token, &clip, Some("slow-1")).await;
    assert_eq!(other.status(), 422);
    assert_eq!(other.json::<serde_json::Value>().await.unwrap()["code"], "idempotency-key-reused");
    let mut mine = my_items(&server, &server.token).await;
    mine.sort();
    let mut want = vec![id, retried_id, slow_id];
    want.sort();
    assert_eq!(mine, want, "three uploads, three items");
}
