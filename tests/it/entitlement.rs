//! A right taken away reaches playback tokens already issued, on both backends: the origin asks
//! again whether the token's holder may watch (the plan the item requires, the profile's rating
//! cap, visibility), afresh for manifests, pictures and downloads and within
//! `delivery.recheck_secs` for segments; a change made through this server reaches its
//! segments at once.

// suite: backends

use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};

use crate::accounts::{as_session, server_with_mail, sign_in};
use crate::catalogue::{patch, upload_as};
use crate::collections::{token, Api};
use crate::common::{eventually, make_clip, TestServer};

const CLIP: &[&str] = &["testsrc2=size=160x120:rate=10", "sine"];
/// How long the server under test trusts an answer for segments (the default is 60 s).
const RECHECK_SECS: &str = "2";

/// Every origin URL one playback answer opens, by what it is: the top-level files it names,
/// and a rendition's playlist, init segment and first media segment.
async fn origin_urls(server: &TestServer, playback: &Value) -> Vec<(&'static str, String)> {
    let mut urls: Vec<(&'static str, String)> =
        ["hls", "dash", "poster", "storyboard", "mp4"].into_iter().filter_map(|k| Some((k, playback[k].as_str()?.to_string()))).collect();
    let master = server.http().get(&urls[0].1).send().await.unwrap().text().await.unwrap();
    let playlist = master.lines().find(|l| !l.starts_with('#') && l.ends_with(".m3u8")).expect("a rendition").to_string();
    let playlist = format!("{}{playlist}", server.base);
    let media = server.http().get(&playlist).send().await.unwrap().text().await.unwrap();
    let init = media.lines().find_map(|l| Some(l.split("URI=\"").nth(1)?.split('"').next()?.to_string())).expect("an init segment");
    let segment = media.lines().find(|l| l.ends_with(".m4s") && !l.starts_with('#')).expect("a media segment").to_string();
    urls.push(("playlist", playlist));
    urls.push(("init", format!("{}{init}", server.base)));
    urls.push(("segment", format!("{}{segment}", server.base)));
    assert!(urls.len() >= 7, "poster, download and DASH are made for a ready item: {urls:?}");
    urls
}

/// The status of every URL, by its label.
async fn statuses(server: &TestServer, urls: &[(&'static str, String)]) -> Vec<(&'static str, u16)> {
    let mut out = Vec::new();
    for (label, url) in urls {
        out.push((*label, server.http().get(url).send().await.unwrap().status().as_u16()));
    }
    out
}

fn all(urls: &[(&'static str, String)], status: u16) -> Vec<(&'static str, u16)> {
    urls.iter().map(|(label, _)| (*label, status)).collect()
}

/// The playback URLs `token` is given for `id`.
pub(crate) async fn playback(api: &Api<'_>, token: &str, id: &str) -> Value {
    let v = api.json(Method::GET, token, &format!("/videos/{id}"), None, 200).await;
    assert!(v["playback"].is_object(), "{v}");
    v["playback"].clone()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_ended_plan_or_a_new_requirement_stops_tokens_already_issued() {
    let server = TestServer::start_with(&[("REEL__DELIVERY__RECHECK_SECS", RECHECK_SECS)]);
    let api = Api { server: &server };
    let admin = server.token.clone();
    let maker = token(&server, "maker@example.org", "creator", "read,account,upload");
    let fan = token(&server, "fan@example.org", "viewer", "read,account");
    let other = token(&server, "other@example.org", "viewer", "read,account");
    let clip = make_clip(server.dir.path(), "e.mp4", CLIP, 3.0, &["-shortest"]);
    let gated = upload_as(&server, &maker, &clip, Some("Gated"), Some("members")).await;
    let open = upload_as(&server, &maker, &clip, Some("Open"), Some("members")).await;
    for id in [&gated, &open] {
        server.wait_for(id, &["ready"], Duration::from_secs(120)).await;
    }
    let plan = json!({"name": "Premium", "price_minor": 500, "currency": "EUR", "period": "month"});
    api.json(Method::POST, &admin, "/admin/plans", Some(plan), 201).await;
    api.json(Method::PUT, &maker, &format!("/videos/{gated}/plan"), Some(json!({"plan": "Premium"})), 200).await;
    api.json(Method::POST, &admin, "/admin/plans/Premium/grants", Some(json!({"user": "fan@example.org"})), 201).await;

    // The holder plays everything. Ending a grant changes no item, so segments go on until
    // the server's answer for them is older than `recheck_secs` (asked before any manifest,
    // which would ask afresh and refuse them at once).
    let urls = origin_urls(&server, &playback(&api, &fan, &gated).await).await;
    assert_eq!(statuses(&server, &urls).await, all(&urls, 200));
    assert_eq!(api.send(Method::DELETE, &admin, "/admin/plans/Premium/grants/fan@example.org", None).await.status(), 204);
    let segments: Vec<_> = urls.iter().filter(|(l, _)| matches!(*l, "init" | "segment")).cloned().collect();
    let took =
        eventually(Duration::from_secs(20), "the segments refused", || async { statuses(&server, &segments).await == all(&segments, 403) })
            .await;
    assert!(took < Duration::from_secs(8), "segments were served {took:?} after the grant ended");
    assert_eq!(statuses(&server, &urls).await, all(&urls, 403), "every file of the item is refused");

    // A requirement added to an item through this server stops its segments at once.
    let urls = origin_urls(&server, &playback(&api, &other, &open).await).await;
    assert_eq!(statuses(&server, &urls).await, all(&urls, 200));
    api.json(Method::PUT, &maker, &format!("/videos/{open}/plan"), Some(json!({"plan": "Premium"})), 200).await;
    assert_eq!(statuses(&server, &urls).await, all(&urls, 403));
    // Its owner still plays it; taking the requirement away opens it again.
    let own = origin_urls(&server, &playback(&api, &maker, &open).await).await;
    assert_eq!(statuses(&server, &own).await, all(&own, 200));
    api.json(Method::PUT, &maker, &format!("/videos/{open}/plan"), Some(json!({"plan": null})), 200).await;
    assert_eq!(statuses(&server, &urls).await, all(&urls, 200));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_kids_profile_token_stops_when_the_item_is_rated_over_its_cap() {
    let (server, smtp) = server_with_mail(&[("REEL__DELIVERY__RECHECK_SECS", RECHECK_SECS)]);
    let maker = token(&server, "maker@example.org", "creator", "read,account,upload");
    let clip = make_clip(server.dir.path(), "k.mp4", CLIP, 3.0, &["-shortest"]);
    let id = upload_as(&server, &maker, &clip, Some("Cartoon"), Some("members")).await;
    server.wait_for(&id, &["ready"], Duration::from_secs(120)).await;
    assert_eq!(patch(&server, &maker, &id, json!({"content_rating": "G"})).await.status(), 200);

    server.cli(&["user", "create", "--email", "parent@example.org"]);
    let (cookie, csrf) = sign_in(&server, &smtp, "parent@example.org", 1).await;
    let call = |method: Method, path: &str, body: Option<Value>| {
        let r = as_session(&server, method, &format!("/api/v1{path}"), &cookie, &csrf);
        async move { r.json(&body.unwrap_or(Value::Null)).send().await.unwrap().json::<Value>().await.unwrap() }
    };
    let grown_up = call(Method::GET, &format!("/videos/{id}"), None).await["playback"].clone();
    let kid = call(Method::POST, "/profiles", Some(json!({"name": "Kid", "kids": true}))).await["id"].as_str().unwrap().to_string();
    call(Method::PUT, "/profiles/current", Some(json!({"profile": kid}))).await;
    let child = call(Method::GET, &format!("/videos/{id}"), None).await["playback"].clone();
    assert!(child.is_object() && grown_up.is_object(), "{child} {grown_up}");
    let (child, grown_up) = (origin_urls(&server, &child).await, origin_urls(&server, &grown_up).await);
    assert_eq!(statuses(&server, &child).await, all(&child, 200));

    // Rated over the kids cap: the kid's token stops, the grown-up's main profile plays on.
    assert_eq!(patch(&server, &maker, &id, json!({"content_rating": "R"})).await.status(), 200);
    assert_eq!(statuses(&server, &child).await, all(&child, 403));
    assert_eq!(statuses(&server, &grown_up).await, all(&grown_up, 200));
}
