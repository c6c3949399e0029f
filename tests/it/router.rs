//! The router in process with `tower::ServiceExt::oneshot` (no port, no child process): the
//! API's error shapes, its `no-store` answers and its rate limit, and the auth extractor's
//! refusals, where a whole server adds nothing.

// suite: embedded the router in process on a SQLite of its own, for answers that do not depend on the backend

use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use reel::http::client_ip::ClientIpConfig;
use reel_base::config::Config;
use reel_base::domain::{Email, Role};
use reel_core::auth::Scope;
use serde_json::Value;
use tower::ServiceExt;

/// The router over a fresh embedded-default state, and an upload-scoped token for a creator.
async fn router_with(configure: impl FnOnce(&mut Config)) -> (Router, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config { data_dir: dir.path().join("data"), ..Config::default() };
    config.telemetry.metrics_listen = String::new();
    configure(&mut config);
    let state = reel::app::state(config, "http://127.0.0.1:0".into()).await.unwrap();
    let email = Email::parse("cat@example.org").unwrap();
    let user = reel_core::auth::users::create(&state.db, Some(&email), None, None, Role::Creator).await.unwrap();
    let token = reel_core::auth::create_token(&state.db, &user, None, "tests", &[Scope::Read, Scope::Upload], None).await.unwrap().secret;
    (reel::http::router::router(state, Arc::new(ClientIpConfig::default())), token, dir)
}

async fn send(app: &Router, request: Request<Body>) -> (StatusCode, Option<String>, Value) {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let cache = response.headers().get(header::CACHE_CONTROL).map(|v| v.to_str().unwrap().to_string());
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20).await.unwrap();
    (status, cache, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

fn get(path: &str, token: Option<&str>) -> Request<Body> {
    let mut r = Request::get(path);
    if let Some(t) = token {
        r = r.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    r.body(Body::empty()).unwrap()
}

#[tokio::test]
async fn api_errors_have_one_shape_with_a_code_and_are_never_cached() {
    let (app, token, _dir) = router_with(|_| {}).await;
    let cases: Vec<(Request<Body>, StatusCode, &str)> = vec![
        (get("/api/v1/no-such-thing", Some(&token)), StatusCode::NOT_FOUND, "not-found"),
        (get("/api/v1/videos/not-an-id", Some(&token)), StatusCode::NOT_FOUND, "not-found"),
        (get("/api/v1/videos?limit=many", Some(&token)), StatusCode::BAD_REQUEST, "bad-request"),
        (get("/api/v1/videos?cursor=forged", Some(&token)), StatusCode::BAD_REQUEST, "invalid-cursor"),
        (get("/api/v1/admin/jobs", Some(&token)), StatusCode::FORBIDDEN, "forbidden"),
        (
            Request::patch(format!("/api/v1/videos/{}", uuid::Uuid::new_v4()))
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{not json"))
                .unwrap(),
            StatusCode::BAD_REQUEST,
            "bad-request",
        ),
        (
            Request::patch(format!("/api/v1/videos/{}", uuid::Uuid::new_v4()))
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(r#"{"colour": "red"}"#))
                .unwrap(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-body",
        ),
        (
            Request::builder()
                .method(Method::PUT)
                .uri("/api/v1/me")
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .body(Body::empty())
                .unwrap(),
            StatusCode::METHOD_NOT_ALLOWED,
            "",
        ),
    ];
    for (request, status, code) in cases {
        let what = format!("{} {}", request.method(), request.uri());
        let (got, cache, body) = send(&app, request).await;
        assert_eq!(got, status, "{what}: {body}");
        assert_eq!(cache.as_deref(), Some("no-store"), "{what}");
        if !code.is_empty() {
            assert_eq!(body["code"], code, "{what}: {body}");
            assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()), "{what}: {body}");
        }
    }
}

#[tokio::test]
async fn the_auth_extractor_refuses_missing_forged_and_cross_site_credentials() {
    let (app, token, _dir) = router_with(|_| {}).await;
    let (status, _, body) = send(&app, get("/api/v1/me", Some(&token))).await;
    assert_eq!((status, body["user"]["email"].as_str()), (StatusCode::OK, Some("cat@example.org")));

    let unauthorized = [
        get("/api/v1/me", None),
        get("/api/v1/me", Some("reel_forged")),
        get("/api/v1/me", Some(&format!("{token}x"))),
        Request::get("/api/v1/me").header(header::AUTHORIZATION, "Basic YTpi").body(Body::empty()).unwrap(),
        Request::get("/api/v1/me").header(header::COOKIE, "reel_session=made-up").body(Body::empty()).unwrap(),
    ];
    for request in unauthorized {
        let what = format!("{:?}", request.headers());
        let (status, _, body) = send(&app, request).await;
        assert_eq!((status, body["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("unauthorized")), "{what}");
    }
    // A read-only page of the API answers without an account only where public videos are on.
    let (status, _, body) = send(&app, get("/api/v1/videos", None)).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("unauthorized")));
    let (public, _, _dir) = router_with(|c| c.auth.allow_public_videos = true).await;
    let (status, _, body) = send(&public, get("/api/v1/videos", None)).await;
    assert_eq!((status, body["items"].as_array().map(Vec::len)), (StatusCode::OK, Some(0)));
}

#[tokio::test]
async fn the_api_rate_limit_answers_429_with_retry_after_and_leaves_the_pages_alone() {
    let (app, token, _dir) = router_with(|c| c.edge.api_per_minute_per_ip = 3).await;
    for _ in 0..3 {
        assert_eq!(send(&app, get("/api/v1/me", Some(&token))).await.0, StatusCode::OK);
    }
    let response = app.clone().oneshot(get("/api/v1/me", Some(&token))).await.unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = response.headers().get(header::RETRY_AFTER).unwrap().to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    assert_eq!(send(&app, get("/api/v1/me", Some(&token))).await.2["code"], "rate-limited");
    // Pages and health checks are not API requests.
    assert_eq!(app.clone().oneshot(get("/healthz", None)).await.unwrap().status(), StatusCode::OK);
    assert_eq!(app.clone().oneshot(get("/login", None)).await.unwrap().status(), StatusCode::OK);
}

#[tokio::test]
async fn the_router_serves_every_operation_the_document_describes() {
    // Routing answers a request the router has no route for with its own 404 ("route not
    // found") and a method the path lacks with a 405; every other answer came from a handler.
    let (app, _token, _dir) = router_with(|c| c.edge.api_per_minute_per_ip = 100_000).await;
    let doc = reel::http::api::document();
    let mut unrouted = Vec::new();
    let mut tried = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        let url: String = path
            .split('/')
            .map(|part| if part.starts_with('{') { uuid::Uuid::new_v4().to_string() } else { part.to_string() })
            .collect::<Vec<_>>()
            .join("/");
        for method in item.as_object().unwrap().keys() {
            let request = Request::builder().method(Method::from_bytes(method.to_uppercase().as_bytes()).unwrap()).uri(&url);
            let (status, _, body) = send(&app, request.body(Body::empty()).unwrap()).await;
            let by_routing =
                status == StatusCode::METHOD_NOT_ALLOWED || (status == StatusCode::NOT_FOUND && body["message"] == "route not found");
            if by_routing {
                unrouted.push(format!("{method} {path}: {status}"));
            }
            tried += 1;
        }
    }
    assert!(tried > 150, "the document's operations were read: {tried}");
    assert!(unrouted.is_empty(), "documented operations the router does not serve: {unrouted:#?}");
    // And the check can tell: a path nobody declared is refused by routing.
    let (status, _, body) = send(&app, get("/api/v1/no-such-route", None)).await;
    assert_eq!((status, body["message"].as_str()), (StatusCode::NOT_FOUND, Some("route not found")));
}
