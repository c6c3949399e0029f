//! PINs over HTTP, on both backends: a profile locked through the API asks a signed-in session
//! for its PIN, on the API and on the page; guessing it is refused past the account's budget
//! (across two processes where they share Redis), with every wrong guess and the refusal in the
//! audit log.

// suite: backends

use reqwest::Method;
use serde_json::{json, Value};

use crate::accounts::{as_session, server_with_mail, sign_in};
use crate::collections::{token, Api};
use crate::common::{on_redis, TestServer};

async fn switch(server: &TestServer, session: &(String, String), profile: &str, pin: Option<&str>) -> (u16, Value, Option<String>) {
    let body = match pin {
        Some(pin) => json!({"profile": profile, "pin": pin}),
        None => json!({"profile": profile}),
    };
    let r = as_session(server, Method::PUT, "/api/v1/profiles/current", &session.0, &session.1).json(&body).send().await.unwrap();
    let status = r.status().as_u16();
    let retry = r.headers().get("retry-after").map(|v| v.to_str().unwrap().to_string());
    (status, r.json().await.unwrap_or(Value::Null), retry)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_locked_profile_asks_for_its_pin_and_guessing_it_is_refused_and_audited() {
    let (server, smtp) = server_with_mail(&[]);
    let api = Api { server: &server };
    let family = token(&server, "family@example.org", "viewer", "read,account");
    let teen = api.json(Method::POST, &family, "/profiles", Some(json!({"name": "Teen"})), 201).await["id"].as_str().unwrap().to_string();
    let locked = api.json(Method::PUT, &family, &format!("/profiles/{teen}/pin"), Some(json!({"pin": "2468"})), 200).await;
    assert_eq!(locked["locked"], true);
    let bad = api.send(Method::PUT, &family, &format!("/profiles/{teen}/pin"), Some(json!({"pin": "24"}))).await;
    assert_eq!(bad.status(), 400, "a PIN is four digits");
    assert_eq!(bad.json::<Value>().await.unwrap()["code"], "invalid-pin");
    let listed = api.json(Method::GET, &family, "/profiles", None, 200).await;
    assert_eq!(listed["parental_pin"], false);
    assert!(listed["items"].as_array().unwrap().iter().any(|p| p["id"] == teen.as_str() && p["locked"] == true), "{listed}");

    // A signed-in session: the page asks for the PIN, the API says it is needed.
    let session = sign_in(&server, &smtp, "family@example.org", 1).await;
    let form = [("csrf", session.1.as_str()), ("profile", teen.as_str())];
    let page = as_session(&server, Method::POST, "/profiles/switch", &session.0, &session.1).form(&form).send().await.unwrap();
    let (status, page) = (page.status(), page.text().await.unwrap());
    assert!(status == 200 && page.contains("name=\"pin\"") && page.contains("Enter the PIN"), "{status} {page}");
    let (status, said, _) = switch(&server, &session, &teen, None).await;
    assert_eq!((status, said["code"].as_str()), (403, Some("pin-required")));

    // Five wrong guesses, some through a second process where the two share Redis; then even
    // the right PIN is refused, with when to try again.
    let other = on_redis().then(|| server.sibling(&["serve"]));
    for n in 0..5 {
        let by = if n % 2 == 1 { other.as_ref().unwrap_or(&server) } else { &server };
        let (status, said, _) = switch(by, &session, &teen, Some(&format!("{n:04}"))).await;
        assert_eq!((status, said["code"].as_str()), (403, Some("wrong-pin")), "guess {n}");
    }
    let (status, said, retry) = switch(other.as_ref().unwrap_or(&server), &session, &teen, Some("2468")).await;
    assert_eq!((status, said["code"].as_str()), (429, Some("too-many-pins")), "{said}");
    assert!(retry.is_some_and(|s| s.parse::<u64>().is_ok_and(|s| s > 0)), "Retry-After says when");

    // The audit log has each wrong guess and the refusal, by the account, naming the profile.
    let audit = api.json(Method::GET, &server.token, "/admin/audit?limit=100", None, 200).await;
    let events = audit.as_array().unwrap();
    let of = |action: &str| events.iter().filter(|e| e["action"] == action).count();
    assert_eq!((of("pin.failed"), of("pin.refused"), of("profile.pin_set")), (5, 1, 1), "{audit}");
    assert!(events.iter().filter(|e| e["action"] == "pin.failed").all(|e| e["target"] == format!("profile:{teen}")), "{audit}");
    // Its own budget spent, another account's is untouched.
    let neighbour = token(&server, "neighbour@example.org", "viewer", "read,account");
    let theirs =
        api.json(Method::POST, &neighbour, "/profiles", Some(json!({"name": "Den"})), 201).await["id"].as_str().unwrap().to_string();
    api.json(Method::PUT, &neighbour, &format!("/profiles/{theirs}/pin"), Some(json!({"pin": "1357"})), 200).await;
    let their_session = sign_in(&server, &smtp, "neighbour@example.org", 1).await;
    let (status, said, _) = switch(&server, &their_session, &theirs, Some("1357")).await;
    assert_eq!(status, 200, "{said}");
}
