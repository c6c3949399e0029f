//! The API's OpenAPI document, checked by tools nobody here wrote: `openapi-spec-validator`
//! reads it as OpenAPI 3.1, and Schemathesis tries every operation of a running server against
//! it (no 5xx, every answer's status documented and its body matching the schema, every
//! refusal where the schema says one is due). That it describes every API route and nothing
//! else holds by construction (one list makes both) and is tried in `router.rs`.

// suite: backends

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use serde_json::Value;

use crate::common::{backend_present, make_clip, TestServer};

/// Where `scripts/setup --test` installs the checkers (their own virtual environment).
fn checkers() -> Option<PathBuf> {
    let dir = match std::env::var_os("REEL_API_CHECKERS") {
        Some(dir) => PathBuf::from(dir),
        None => {
            let cache = std::env::var_os("XDG_CACHE_HOME")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache"));
            cache.join("reel/api-checkers")
        }
    };
    let present = dir.join("bin/st").exists() && dir.join("bin/openapi-spec-validator").exists();
    backend_present("Schemathesis and openapi-spec-validator (scripts/setup --test installs them)", present).then(|| dir.join("bin"))
}

/// The document the server serves.
async fn served_document(server: &TestServer) -> Value {
    let response = reqwest::get(format!("{}/api/v1/openapi.json", server.base)).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    response.json().await.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_document_is_valid_openapi_and_says_who_may_call_each_operation() {
    let server = TestServer::start();
    let doc = served_document(&server).await;
    assert_eq!(doc["openapi"], "3.1.0");
    // The same document offline, from the command.
    let printed: Value = serde_json::from_str(&server.cli(&["openapi"])).unwrap();
    assert_eq!(printed, doc, "`reel openapi` prints what the server serves");
    // And it is the one the in-process router is tried against (`router.rs`).
    assert_eq!(&doc, reel::http::api::document());

    // Every operation says who may call it, and every refusal has the one error shape.
    let schemes = doc["components"]["securitySchemes"].as_object().unwrap();
    assert_eq!(schemes["bearer"]["scheme"], "bearer");
    assert_eq!(schemes["session"]["in"], "cookie");
    assert_eq!(schemes["csrf"]["name"], "X-CSRF-Token");
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            assert!(op["security"].is_array(), "{method} {path} says nothing of auth");
            for (status, response) in op["responses"].as_object().unwrap() {
                if status.starts_with('4') || status.starts_with('5') {
                    let resolved = match response["$ref"].as_str() {
                        Some(r) => &doc["components"]["responses"][r.rsplit('/').next().unwrap()],
                        None => response,
                    };
                    let schema = &resolved["content"]["application/json"]["schema"]["$ref"];
                    assert_eq!(schema, "#/components/schemas/Problem", "{method} {path} {status} is not a Problem");
                }
            }
            assert!(op["responses"]["429"].is_object(), "{method} {path} lacks its 429");
        }
    }
    let list = &doc["paths"]["/api/v1/videos"]["get"];
    let params: Vec<&str> = list["parameters"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    for name in ["limit", "cursor", "owner", "q", "kind"] {
        assert!(params.contains(&name), "GET /api/v1/videos documents ?{name}=: {params:?}");
    }
    let page = &doc["components"]["schemas"]["VideoPage"]["properties"];
    assert!(page["items"].is_object() && page["next_cursor"].is_object(), "a page is items and next_cursor: {page}");

    let Some(bin) = checkers() else { return };
    let file = server.dir.path().join("openapi.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    let out = Command::new(bin.join("openapi-spec-validator")).arg(&file).output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && said.contains("OK"), "openapi-spec-validator refuses the document:\n{said}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_reference_page_is_rendered_from_the_document_and_needs_nothing_from_elsewhere() {
    let server = TestServer::start();
    let doc = served_document(&server).await;
    // Anyone may read it, as anyone may read the document.
    let response = reqwest::get(format!("{}/docs/api", server.base)).await.unwrap();
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    let attribute = |name: &str| -> BTreeSet<String> {
        html.split(&format!("{name}=\"")).skip(1).filter_map(|rest| rest.split('"').next()).map(str::to_string).collect()
    };
    let ids = attribute("id");
    // Every operation and every schema has its place, and every link within the page lands.
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let id = format!("op-{}", op["operationId"].as_str().unwrap());
            assert!(ids.contains(&id), "{method} {path} is not on the page ({id})");
        }
    }
    for name in doc["components"]["schemas"].as_object().unwrap().keys() {
        assert!(ids.contains(&format!("schema-{name}")), "schema {name} is not on the page");
    }
    let broken: Vec<_> =
        attribute("href").into_iter().filter_map(|h| h.strip_prefix('#').map(str::to_string)).filter(|h| !ids.contains(h)).collect();
    assert!(broken.is_empty(), "links within the page that land nowhere: {broken:?}");
    // Nothing is fetched from another site: every script, style and link is this server's.
    let foreign: Vec<_> =
        attribute("src").into_iter().chain(attribute("href")).filter(|u| u.starts_with("http") || u.starts_with("//")).collect();
    assert!(foreign.is_empty(), "the page reaches elsewhere: {foreign:?}");
    assert!(html.contains("Signed in by an API token or a session with its CSRF token"), "who may call a change is said");
}

/// Operations left out of the property-based run, each for what it would do to the run itself:
/// signing the token out everywhere (revoking it, when asked), ending the caller's session,
/// and erasing the account. Their own tests cover them (tests/it/tokens.rs, sign_in.rs,
/// account_lifecycle.rs); tus's PATCH takes a media type Schemathesis cannot make
/// (`application/offset+octet-stream`), and tests/it/tus.rs drives it with a real tus client.
const LEFT_OUT: [&str; 4] = ["logout_all", "logout", "delete_account", "append"];

/// The operations that are given the seeded ready item's id: those that read it (never one that
/// would change or remove it, which would take it from the others).
const READS_AN_ITEM: &str = "^(get_video|chapters|list_videos_captions|up_next|video_storage|count_view|playback_cookie)$";

#[tokio::test(flavor = "multi_thread")]
async fn schemathesis_finds_no_server_error_and_no_answer_the_document_does_not_describe() {
    let Some(bin) = checkers() else { return };
    // No request budget: the run is thousands of requests in seconds, and a 429 would hide
    // what the route itself answers.
    let server = TestServer::start_with(&[
        ("REEL__EDGE__API_PER_MINUTE_PER_IP", "0"),
        ("REEL__EDGE__API_PER_MINUTE_PER_ACCOUNT", "0"),
        ("REEL__RATE_LIMIT__UPLOADS_PER_HOUR_PER_ACCOUNT", "100000"),
    ]);
    // A ready item, so that the routes that read one answer with everything an item has
    // (renditions, playback URLs, tracks) and those answers are checked against their schemas
    // too; the rest of the run finds its ids in what the API answers.
    let clip = make_clip(server.dir.path(), "seed.mp4", &["testsrc2=size=320x180:rate=24", "sine=frequency=440"], 2.0, &["-shortest"]);
    let item = server.upload(&clip, "Seed").await;
    server.wait_for(&item, &["ready"], Duration::from_secs(120)).await;
    let base = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/schemathesis/schemathesis.toml")).unwrap();
    let config = server.dir.path().join("schemathesis.toml");
    std::fs::write(
        &config,
        format!("{base}\n[[operations]]\ninclude-operation-id-regex = \"{READS_AN_ITEM}\"\nparameters = {{ \"id\" = \"{item}\" }}\n"),
    )
    .unwrap();
    let config = config.display().to_string();
    let mut args: Vec<String> = ["--config-file", &config, "run"].map(String::from).to_vec();
    args.push(format!("{}/api/v1/openapi.json", server.base));
    args.extend(["-H".to_string(), format!("Authorization: Bearer {}", server.token)]);
    // Bounded: a few examples per operation from a fixed seed (scripts/fuzz-api runs many more,
    // from a fresh seed each time), every phase but the stateful one, which the document gives
    // no links for, and every check: schema-valid requests are accepted, others refused.
    args.extend(
        ["--checks", "all", "--max-examples", "8", "--seed", "20261127", "--phases", "examples,coverage,fuzzing"].map(String::from),
    );
    args.extend(["--request-timeout", "20", "--no-color"].map(String::from));
    let har = server.dir.path().join("run.har");
    args.extend(["--report".to_string(), "har".to_string(), "--report-har-path".to_string(), har.display().to_string()]);
    for id in LEFT_OUT {
        args.extend(["--exclude-operation-id".to_string(), id.to_string()]);
    }
    // Bounded in time as well as in count: a run that hangs is killed, and fails.
    let run = Command::new("timeout").arg("300").arg(bin.join("st")).args(&args).current_dir(server.dir.path()).output();
    let out = run.unwrap();
    let said = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "Schemathesis found problems:\n{said}\n\nthe server said:\n{}", server.log());
    // It ran: every operation it selected (all but those left out) was tried.
    let count = |label: &str| said.split(label).nth(1).map(|rest| rest.split_whitespace().next().unwrap_or_default().to_string());
    let selected = count("Selected:").unwrap_or_else(|| panic!("no selection in:\n{said}"));
    let (chosen, all) = selected.split_once('/').unwrap();
    let (chosen, all): (usize, usize) = (chosen.parse().unwrap(), all.parse().unwrap());
    assert_eq!(chosen, all - LEFT_OUT.len(), "{said}");
    assert!(all > 100, "the document describes every operation: {said}");
    assert_eq!(count("Tested:"), Some(chosen.to_string()), "{said}");
    // The seeded item was read whole: the run's record (HAR) has a 200 for it.
    let har: Value = serde_json::from_slice(&std::fs::read(&har).unwrap()).unwrap();
    let read_whole = har["log"]["entries"].as_array().unwrap().iter().any(|e| {
        e["request"]["url"].as_str().is_some_and(|u| u.ends_with(&format!("/api/v1/videos/{item}"))) && e["response"]["status"] == 200
    });
    assert!(read_whole, "the seeded item was never read: {said}");
}
