//! Quality and downloads by plan, on both backends: a member whose plan caps `max_height`
//! gets manifests (HLS and DASH, path and cookie form) that list only the rungs within it,
//! and the origin refuses a higher rung's playlist and segments asked for directly with that
//! member's token; a plan without downloads offers no download link and the origin refuses
//! the file. The item's owner, and a member whose plan has no cap, get every rung.

// suite: backends

use reqwest::Method;
use serde_json::{json, Value};

use crate::catalogue::patch;
use crate::collections::{token, Api};
use crate::common::TestServer;
use crate::entitlement::playback;

/// The video rungs a master playlist lists: (folder, shorter side of the picture).
fn rungs(master: &str) -> Vec<(String, u32)> {
    let mut out = Vec::new();
    let mut lines = master.lines();
    while let Some(line) = lines.next() {
        let Some(resolution) = line.strip_prefix("#EXT-X-STREAM-INF:").and_then(|a| a.split("RESOLUTION=").nth(1)) else { continue };
        let (w, h) = resolution.split(',').next().unwrap().split_once('x').unwrap();
        let lines_of = w.parse::<u32>().unwrap().min(h.parse().unwrap());
        let uri = lines.next().expect("a variant's URI");
        let folder = uri.rsplit('/').nth(1).unwrap().to_string();
        out.push((folder, lines_of));
    }
    out
}

async fn get(server: &TestServer, url: &str) -> reqwest::Response {
    server.http().get(url).send().await.unwrap()
}

async fn refusal(r: reqwest::Response) -> (u16, String) {
    let status = r.status().as_u16();
    let body: Value = r.json().await.unwrap_or(Value::Null);
    (status, body["code"].as_str().unwrap_or_default().to_string())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_capped_member_is_listed_and_served_only_the_rungs_and_downloads_their_plan_allows() {
    let (server, video) = TestServer::start_with_ready_item(&[]).await;
    let api = Api { server: &server };
    let admin = server.token.clone();
    let id = video["id"].as_str().unwrap().to_string();
    assert!(patch(&server, &admin, &id, json!({"visibility": "members"})).await.status().is_success());

    // The owner's manifest has every rung; the cap is the smallest, so the others are above it.
    let owners = playback(&api, &admin, &id).await;
    let all = rungs(&get(&server, owners["hls"].as_str().unwrap()).await.text().await.unwrap());
    assert!(all.len() >= 2, "the fixture has several rungs: {all:?}");
    let cap = all.iter().map(|(_, lines)| *lines).min().unwrap().max(144);
    let allowed: Vec<&(String, u32)> = all.iter().filter(|(_, l)| *l <= cap).collect();
    let above: Vec<&(String, u32)> = all.iter().filter(|(_, l)| *l > cap).collect();
    assert!(!allowed.is_empty() && !above.is_empty(), "{all:?} around {cap}");
    assert!(owners["mp4"].is_string(), "the owner is offered the download: {owners}");

    let plan = json!({"name": "Mobile", "price_minor": 499, "currency": "EUR", "period": "month", "max_height": cap, "downloads": false});
    api.json(Method::POST, &admin, "/admin/plans", Some(plan), 201).await;
    let fan = token(&server, "fan@example.org", "viewer", "read,account");
    api.json(Method::POST, &admin, "/admin/plans/Mobile/grants", Some(json!({"user": "fan@example.org"})), 201).await;
    let free = token(&server, "free@example.org", "viewer", "read,account");

    // The capped member: the rungs within the cap, no download link.
    let capped = playback(&api, &fan, &id).await;
    let master = get(&server, capped["hls"].as_str().unwrap()).await.text().await.unwrap();
    assert_eq!(rungs(&master), allowed.iter().map(|r| (*r).clone()).collect::<Vec<_>>(), "{master}");
    assert!(capped["mp4"].is_null() && capped["m4a"].is_null() && capped["mp3"].is_null(), "{capped}");
    let dash = get(&server, capped["dash"].as_str().unwrap()).await.text().await.unwrap();
    for (folder, _) in &above {
        assert!(!dash.contains(&format!("/{folder}/")), "the DASH manifest lists {folder}:\n{dash}");
    }
    for (folder, _) in &allowed {
        assert!(dash.contains(&format!("/{folder}/")), "the DASH manifest lacks {folder}:\n{dash}");
    }

    // Asked for directly with the member's token, a higher rung and the download are refused;
    // the rungs within the cap play.
    let prefix = capped["hls"].as_str().unwrap().strip_suffix("/master.m3u8").unwrap().to_string();
    for (folder, _) in &above {
        for file in ["index.m3u8", "init.mp4", "00000.m4s"] {
            assert_eq!(
                refusal(get(&server, &format!("{prefix}/{folder}/{file}")).await).await,
                (403, "quality-not-in-plan".into()),
                "{folder}/{file}"
            );
        }
    }
    for (folder, _) in &allowed {
        assert_eq!(get(&server, &format!("{prefix}/{folder}/00000.m4s")).await.status(), 200, "{folder}");
    }
    let download = owners["mp4"].as_str().unwrap().rsplit('/').next().unwrap().to_string();
    assert_eq!(refusal(get(&server, &format!("{prefix}/{download}")).await).await, (403, "downloads-not-in-plan".into()));

    // The cookie form: the same cut, kept by the member's browser only.
    let r = api.send(Method::POST, &fan, &format!("/videos/{id}/playback-cookie"), None).await;
    assert_eq!(r.status(), 200);
    let cookie = r.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    let hls = r.json::<Value>().await.unwrap()["hls"].as_str().unwrap().to_string();
    let r = server.http().get(&hls).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(r.headers()["cache-control"], "private, max-age=60");
    assert_eq!(rungs(&r.text().await.unwrap()), allowed.iter().map(|r| (*r).clone()).collect::<Vec<_>>());
    let top = &above[0].0;
    let r = server.http().get(hls.replace("master.m3u8", &format!("{top}/index.m3u8"))).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(refusal(r).await, (403, "quality-not-in-plan".into()));

    // A member without a plan gets the site's defaults (no cap), and every rung.
    let open = playback(&api, &free, &id).await;
    assert_eq!(rungs(&get(&server, open["hls"].as_str().unwrap()).await.text().await.unwrap()), all);
    assert!(open["mp4"].is_string());
}
