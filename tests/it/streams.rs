//! Screens at once, on both backends: each token an account plays opens a stream when a
//! player asks for a rendition's playlist or segment; a plan's `max_streams` refuses one more
//! (with the reason) until the member stops one; a stopped stream's next segment is refused at
//! once by the process that stopped it and within `[entitlements] enforce_within_secs` by
//! another process on the same database; the list, the stop and the heartbeat answer only the
//! account's own streams, and show no title of an item the account may no longer see.

// suite: backends

use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{json, Value};

use crate::catalogue::patch;
use crate::collections::{token, Api};
use crate::common::{assert_api_error, eventually, TestServer};
use crate::entitlement::playback;

/// How long a process trusts its last look at a stream, in the servers under test.
const ENFORCE_SECS: u64 = 2;

/// The first rendition's playlist and first media segment of one playback answer, read from
/// its master playlist (which opens no stream).
async fn media_of(server: &TestServer, playback: &Value) -> [String; 2] {
    let master = server.http().get(playback["hls"].as_str().unwrap()).send().await.unwrap().text().await.unwrap();
    let playlist = master.lines().find(|l| !l.starts_with('#') && l.ends_with("/index.m3u8")).expect("a rendition");
    let playlist = format!("{}{playlist}", server.base);
    let segment = playlist.replace("/index.m3u8", "/00000.m4s");
    [playlist, segment]
}

/// Status and problem code of a GET of `url` from a browser on `agent`.
async fn fetch(server: &TestServer, url: &str, agent: &str) -> (u16, Option<String>) {
    let r = server.http().get(url).header("user-agent", agent).send().await.unwrap();
    let status = r.status().as_u16();
    let body: Value = if status == 200 { Value::Null } else { r.json().await.unwrap_or(Value::Null) };
    (status, body["code"].as_str().map(str::to_string))
}

const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
const IPHONE: &str =
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
const TV: &str = "Mozilla/5.0 (SMART-TV; Linux; Tizen 7.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/94.0 TV Safari/537.36";

#[tokio::test(flavor = "multi_thread")]
async fn a_third_screen_is_refused_until_one_is_stopped_and_a_stopped_one_loses_its_media_in_every_process() {
    let enforce = ENFORCE_SECS.to_string();
    let (server, video) = TestServer::start_with_ready_item(&[("REEL__ENTITLEMENTS__ENFORCE_WITHIN_SECS", &enforce)]).await;
    let other_process = server.sibling(&["serve"]);
    let api = Api { server: &server };
    let admin = server.token.clone();
    let id = video["id"].as_str().unwrap().to_string();
    assert!(patch(&server, &admin, &id, json!({"visibility": "members"})).await.status().is_success());
    let fan = token(&server, "fan@example.org", "viewer", "read,account");
    let stranger = token(&server, "stranger@example.org", "viewer", "read,account");
    let plan = json!({"name": "Duo", "price_minor": 1299, "currency": "EUR", "period": "month", "max_streams": 2});
    api.json(Method::POST, &admin, "/admin/plans", Some(plan), 201).await;
    api.json(Method::POST, &admin, "/admin/plans/Duo/grants", Some(json!({"user": "fan@example.org"})), 201).await;

    // Three screens get playback answers; each names a stream of its own, and none plays yet.
    let mut screens = Vec::new();
    for _ in 0..3 {
        screens.push(playback(&api, &fan, &id).await);
    }
    let ids: Vec<String> = screens.iter().map(|p| p["stream"].as_str().expect("a stream id").to_string()).collect();
    assert!(ids[0] != ids[1] && ids[1] != ids[2] && ids[0] != ids[2], "{ids:?}");
    let listed = api.json(Method::GET, &fan, "/me/streams", None, 200).await;
    assert_eq!((listed["items"].as_array().unwrap().len(), listed["max_streams"].as_u64()), (0, Some(2)), "{listed}");

    // The first two play, one through each process.
    let [list_a, segment_a] = media_of(&server, &screens[0]).await;
    let [list_b, segment_b] = media_of(&server, &screens[1]).await;
    let [list_c, segment_c] = media_of(&server, &screens[2]).await;
    let elsewhere = |url: &str| url.replacen(&server.base, &other_process.base, 1);
    assert_eq!(fetch(&server, &list_a, FIREFOX).await, (200, None));
    assert_eq!(fetch(&server, &segment_a, FIREFOX).await, (200, None));
    assert_eq!(fetch(&other_process, &elsewhere(&list_b), IPHONE).await, (200, None));
    assert_eq!(fetch(&other_process, &elsewhere(&segment_b), IPHONE).await, (200, None));

    // The third is refused, in either process, with the reason; its manifest is still served.
    assert_eq!(fetch(&server, &list_c, TV).await, (403, Some("too-many-streams".into())));
    assert_eq!(fetch(&other_process, &elsewhere(&segment_c), TV).await, (403, Some("too-many-streams".into())));
    assert_eq!(fetch(&server, screens[2]["hls"].as_str().unwrap(), TV).await, (200, None));

    // The member sees both screens: device, item, since; a stranger sees none and stops none.
    let listed = api.json(Method::GET, &fan, "/me/streams", None, 200).await;
    let items = listed["items"].as_array().unwrap();
    let seen: Vec<(&str, &str, &str)> =
        items.iter().map(|s| (s["id"].as_str().unwrap(), s["device"].as_str().unwrap(), s["title"].as_str().unwrap())).collect();
    assert_eq!(seen, [(ids[0].as_str(), "Firefox on Linux", "Fixture"), (ids[1].as_str(), "Safari on iPhone", "Fixture")], "{listed}");
    assert!(items.iter().all(|s| s["video"] == id.as_str() && s["started_at"].is_string()), "{listed}");
    let strangers = api.json(Method::GET, &stranger, "/me/streams", None, 200).await;
    assert_eq!(strangers["items"], json!([]));
    assert_api_error(api.send(Method::DELETE, &stranger, &format!("/me/streams/{}", ids[1]), None).await, 404, "not-found").await;
    assert_api_error(api.send(Method::DELETE, &fan, "/me/streams/not-a-stream", None).await, 404, "not-found").await;

    // Stopping the second (playing through the other process) lets the third play; stopping
    // it again changes nothing.
    api.json(Method::DELETE, &fan, &format!("/me/streams/{}", ids[1]), None, 204).await;
    api.json(Method::DELETE, &fan, &format!("/me/streams/{}", ids[1]), None, 204).await;
    assert_eq!(fetch(&server, &list_c, TV).await, (200, None));
    assert_eq!(fetch(&server, &segment_c, TV).await, (200, None));
    // The process that stopped it refuses its next segment at once; the other within the window.
    assert_eq!(fetch(&server, &segment_b, IPHONE).await, (403, Some("stream-ended".into())));
    let stopped_at = Instant::now();
    eventually(Duration::from_secs(ENFORCE_SECS + 3), "the other process refuses the stopped stream", || async {
        fetch(&other_process, &elsewhere(&segment_b), IPHONE).await == (403, Some("stream-ended".into()))
    })
    .await;
    let took = stopped_at.elapsed();
    assert!(took <= Duration::from_secs(ENFORCE_SECS) + Duration::from_millis(900), "refused after {took:?}");
    assert_api_error(api.send(Method::POST, &fan, &format!("/me/streams/{}/heartbeat", ids[1]), None).await, 410, "stream-ended").await;
    api.json(Method::POST, &fan, &format!("/me/streams/{}/heartbeat", ids[0]), None, 204).await;
    assert_api_error(api.send(Method::POST, &stranger, &format!("/me/streams/{}/heartbeat", ids[0]), None).await, 404, "not-found").await;
    // The others play on, through either process.
    assert_eq!(fetch(&other_process, &elsewhere(&segment_a), FIREFOX).await, (200, None));
    assert_eq!(fetch(&other_process, &elsewhere(&segment_c), TV).await, (200, None));

    // An item made private is listed without its title to a member who may no longer see it.
    assert!(patch(&server, &admin, &id, json!({"visibility": "private"})).await.status().is_success());
    let listed = api.json(Method::GET, &fan, "/me/streams", None, 200).await;
    let titles: Vec<&Value> = listed["items"].as_array().unwrap().iter().map(|s| &s["title"]).collect();
    assert_eq!(titles, [&Value::Null, &Value::Null], "{listed}");
}

#[tokio::test(flavor = "multi_thread")]
async fn with_sessions_off_nothing_is_counted_or_listed() {
    let (server, video) =
        TestServer::start_with_ready_item(&[("REEL__ENTITLEMENTS__SESSIONS", "false"), ("REEL__ENTITLEMENTS__MAX_STREAMS", "1")]).await;
    let api = Api { server: &server };
    let id = video["id"].as_str().unwrap().to_string();
    // The admin holds no plan: `[entitlements] max_streams` = 1 would hold, were sessions on.
    let admin = server.token.clone();
    for agent in [FIREFOX, IPHONE, TV] {
        let screen = playback(&api, &admin, &id).await;
        for url in media_of(&server, &screen).await {
            assert_eq!(fetch(&server, &url, agent).await, (200, None), "{agent}");
        }
    }
    let listed = api.json(Method::GET, &admin, "/me/streams", None, 200).await;
    assert_eq!(listed["items"], json!([]), "{listed}");
}
