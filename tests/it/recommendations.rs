//! Recommendations on both backends, from a scripted watching history: what was watched
//! together comes up next, an episode's series fills in where no one watched yet, a profile is
//! recommended what goes with its watching minus what it finished, and nothing a viewer may not
//! watch (a private item, anything for a kids profile over its cap) is ever shown.

// suite: backends

use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};

use crate::catalogue::{patch, upload_as};
use crate::collections::{token, Api};
use crate::common::{make_clip, TestServer};

const CLIP: &[&str] = &["testsrc2=size=160x120:rate=10", "sine"];

fn titles(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|v| v["title"].as_str().unwrap().to_string()).collect()
}

/// `who` watches each of `items` to the end.
async fn watch_all(api: &Api<'_>, who: &str, items: &[&str]) {
    for id in items {
        api.json(Method::PUT, who, &format!("/videos/{id}/progress"), Some(json!({"position_s": 1.0})), 204).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_expected_item_comes_first_and_nothing_a_viewer_may_not_watch_is_recommended() {
    let server = TestServer::start();
    let api = Api { server: &server };
    let maker = token(&server, "maker@example.org", "creator", "read,account,upload");
    let clip = make_clip(server.dir.path(), "r.mp4", CLIP, 1.0, &["-shortest"]);
    let mut id = std::collections::HashMap::new();
    for (title, visibility) in [
        ("Alpha", "members"),
        ("Bravo", "members"),
        ("Charlie", "members"),
        ("Secret", "private"),
        ("Pilot", "members"),
        ("Second", "members"),
    ] {
        id.insert(title, upload_as(&server, &maker, &clip, Some(title), Some(visibility)).await);
    }
    for v in id.values() {
        server.wait_for(v, &["ready"], Duration::from_secs(120)).await;
    }
    let series = api.json(Method::POST, &maker, "/series", Some(json!({"title": "The show"})), 201).await;
    let series = series["id"].as_str().unwrap().to_string();
    for (n, title) in [(1, "Pilot"), (2, "Second")] {
        let r = patch(&server, &maker, &id[title], json!({"series": series, "season": 1, "episode": n})).await;
        assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    }

    // The history: three viewers watch Alpha and Bravo; one watches Alpha and Charlie; the maker
    // watches Alpha with its own private Secret many times over.
    let mut viewers = Vec::new();
    for n in 0..4 {
        viewers.push(token(&server, &format!("viewer{n}@example.org"), "viewer", "read,account"));
    }
    for v in &viewers[..3] {
        watch_all(&api, v, &[&id["Alpha"], &id["Bravo"]]).await;
    }
    watch_all(&api, &viewers[3], &[&id["Alpha"], &id["Charlie"]]).await;
    watch_all(&api, &maker, &[&id["Alpha"], &id["Secret"]]).await;
    let me = token(&server, "me@example.org", "viewer", "read,account");
    watch_all(&api, &me, &[&id["Alpha"]]).await;
    let done = server.cli(&["recommend"]);
    assert!(done.contains("items=6") && done.contains("profiles=6") && done.contains("peak_rss_mib="), "{done}");

    // Up next after Alpha: Bravo first (watched with it most), never the private Secret.
    let alpha_path = format!("/videos/{}/recommendations", id["Alpha"]);
    let after_alpha = |who: String| {
        let (api, path) = (&api, &alpha_path);
        async move { api.json(Method::GET, &who, path, None, 200).await }
    };
    let next = titles(&after_alpha(me.clone()).await);
    assert_eq!(next.first().map(String::as_str), Some("Bravo"), "{next:?}");
    assert!(next.contains(&"Charlie".to_string()) && !next.contains(&"Secret".to_string()), "{next:?}");
    let owners = titles(&after_alpha(maker.clone()).await);
    assert!(!owners.contains(&"Secret".to_string()), "a private item is not recommended, even to its owner: {owners:?}");
    // What a viewer finished is not up next for them: viewers 0 and 3 finished Bravo, Charlie.
    assert!(!titles(&after_alpha(viewers[0].clone()).await).contains(&"Bravo".to_string()));
    assert!(!titles(&after_alpha(viewers[3].clone()).await).contains(&"Charlie".to_string()));
    // No one watched the series yet: its episodes are related by the catalogue alone.
    let after_pilot = titles(&api.json(Method::GET, &me, &format!("/videos/{}/recommendations", id["Pilot"]), None, 200).await);
    assert_eq!(after_pilot.first().map(String::as_str), Some("Second"), "{after_pilot:?}");

    // For me (who finished Alpha): Bravo first, and not Alpha again.
    let mine = titles(&api.json(Method::GET, &me, "/recommendations", None, 200).await);
    assert_eq!(mine.first().map(String::as_str), Some("Bravo"), "{mine:?}");
    assert!(!mine.contains(&"Alpha".to_string()) && !mine.contains(&"Secret".to_string()), "{mine:?}");
    let home = server.http().get(format!("{}/api/v1/recommendations?limit=1", server.base)).bearer_auth(&me).send().await.unwrap();
    assert_eq!(home.json::<Value>().await.unwrap()["items"].as_array().unwrap().len(), 1);

    // A private item is not even asked about by someone who may not see it.
    let r = api.send(Method::GET, &me, &format!("/videos/{}/recommendations", id["Secret"]), None).await;
    assert_eq!(r.status(), 404);
    // Made private later, an item leaves everyone's lists at once (the lists are filtered when
    // shown, not only when computed).
    assert_eq!(patch(&server, &maker, &id["Bravo"], json!({"visibility": "private"})).await.status(), 200);
    let mine = titles(&api.json(Method::GET, &me, "/recommendations", None, 200).await);
    assert!(!mine.contains(&"Bravo".to_string()), "{mine:?}");
    let next = titles(&after_alpha(me.clone()).await);
    assert!(!next.contains(&"Bravo".to_string()), "{next:?}");
}
