//! Plans and entitlements, on both backends: an item that requires a plan gives no playback
//! token to a viewer without it (the API, the playback cookie, the watch page), and does once
//! an admin grants it; grants, renewals and ends are recorded with their amounts, and revenue
//! per plan and month is reported from them; the same through `reel plan`.

// suite: backends

use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};

use crate::catalogue::upload_as;
use crate::collections::{token, Api};
use crate::common::{assert_api_error, make_clip, TestServer};

const CLIP: &[&str] = &["testsrc2=size=160x120:rate=10", "sine"];

async fn gated_item(server: &TestServer, maker: &str, title: &str) -> String {
    let clip = make_clip(server.dir.path(), "g.mp4", CLIP, 1.0, &["-shortest"]);
    let id = upload_as(server, maker, &clip, Some(title), Some("members")).await;
    server.wait_for(&id, &["ready"], Duration::from_secs(120)).await;
    id
}

/// (locked, whether playback URLs came) of the item as `token` sees it.
async fn access(api: &Api<'_>, token: &str, id: &str) -> (bool, bool) {
    let v = api.json(Method::GET, token, &format!("/videos/{id}"), None, 200).await;
    (v["locked"].as_bool().unwrap(), v["playback"].is_object())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_item_that_requires_a_plan_plays_only_for_its_holders_and_revenue_is_recorded() {
    let server = TestServer::start();
    let api = Api { server: &server };
    let admin = server.token.clone();
    let maker = token(&server, "maker@example.org", "creator", "read,account,upload");
    let fan = token(&server, "fan@example.org", "viewer", "read,account");
    let other = token(&server, "other@example.org", "viewer", "read,account");

    // Plans: made by admins only, checked, names unique.
    let body = json!({"name": "Premium", "price_minor": 999, "currency": "eur", "period": "month", "description": "Films first"});
    let plan = api.json(Method::POST, &admin, "/admin/plans", Some(body.clone()), 201).await;
    assert_eq!(
        (plan["currency"].as_str(), plan["price"].as_str(), plan["period"].as_str()),
        (Some("EUR"), Some("9.99 EUR"), Some("month"))
    );
    assert_api_error(api.send(Method::POST, &admin, "/admin/plans", Some(body)).await, 409, "plan-exists").await;
    for bad in [
        json!({"name": " ", "price_minor": 1, "currency": "EUR", "period": "month"}),
        json!({"name": "X", "price_minor": -1, "currency": "EUR", "period": "month"}),
        json!({"name": "X", "price_minor": 1, "currency": "EURO", "period": "month"}),
        json!({"name": "X", "price_minor": 1, "currency": "EUR", "period": "week"}),
    ] {
        assert_api_error(api.send(Method::POST, &admin, "/admin/plans", Some(bad)).await, 400, "invalid-plan").await;
    }
    let r = api
        .send(Method::POST, &fan, "/admin/plans", Some(json!({"name": "Mine", "price_minor": 1, "currency": "EUR", "period": "month"})))
        .await;
    assert_eq!(r.status(), 403);
    let listed = api.json(Method::GET, &fan, "/plans", None, 200).await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 1, "{listed}");

    // The item's owner makes it require the plan; nobody else may.
    let id = gated_item(&server, &maker, "Gated film").await;
    let r = api.send(Method::PUT, &fan, &format!("/videos/{id}/plan"), Some(json!({"plan": "Premium"}))).await;
    assert!(matches!(r.status().as_u16(), 403 | 404), "{}", r.status());
    assert_api_error(api.send(Method::PUT, &maker, &format!("/videos/{id}/plan"), Some(json!({"plan": "Nope"}))).await, 404, "not-found")
        .await;
    let set = api.json(Method::PUT, &maker, &format!("/videos/{id}/plan"), Some(json!({"plan": "Premium"})), 200).await;
    assert_eq!(set["required_plan"]["name"], "Premium");

    // Without the plan: the item is there, locked, with no playback URL and no cookie.
    let seen = api.json(Method::GET, &fan, &format!("/videos/{id}"), None, 200).await;
    assert_eq!(
        (seen["locked"].clone(), seen["playback"].clone(), seen["required_plan"]["name"].clone()),
        (json!(true), Value::Null, json!("Premium"))
    );
    let listed = api.json(Method::GET, &fan, "/videos", None, 200).await;
    let item = listed["items"].as_array().unwrap().iter().find(|v| v["id"] == id.as_str()).expect("listed").clone();
    assert_eq!((item["locked"].clone(), item["playback"].clone()), (json!(true), Value::Null), "{item}");
    assert!(!listed.to_string().contains("/play/"), "no playback token for a locked item in a listing");
    assert_api_error(api.send(Method::POST, &fan, &format!("/videos/{id}/playback-cookie"), None).await, 403, "plan-required").await;
    assert_eq!(access(&api, &maker, &id).await, (false, true), "its owner always plays it");
    assert_eq!(access(&api, &admin, &id).await, (false, true), "admins always play it");

    // Granted: it plays; renewed: the period runs on from the grant's end.
    let bad = api.send(Method::POST, &admin, "/admin/plans/Premium/grants", Some(json!({"user": "fan@example.org", "periods": 0}))).await;
    assert_api_error(bad, 400, "invalid-periods").await;
    let bad = api.send(Method::POST, &admin, "/admin/plans/Premium/grants", Some(json!({"user": "nobody@example.org"}))).await;
    assert_api_error(bad, 404, "not-found").await;
    let bad = api.send(Method::POST, &admin, "/admin/plans/Nope/grants", Some(json!({"user": "fan@example.org"}))).await;
    assert_api_error(bad, 404, "not-found").await;
    let r = api.send(Method::POST, &fan, "/admin/plans/Premium/grants", Some(json!({"user": "fan@example.org"}))).await;
    assert_eq!(r.status(), 403, "only admins grant");
    let granted =
        api.json(Method::POST, &admin, "/admin/plans/Premium/grants", Some(json!({"user": "fan@example.org", "periods": 2})), 201).await;
    assert_eq!(granted["renewed"], false);
    let seen = api.json(Method::GET, &fan, &format!("/videos/{id}"), None, 200).await;
    assert_eq!(seen["locked"], false);
    let master = seen["playback"]["hls"].as_str().expect("a playback URL once granted");
    assert_eq!(server.http().get(master).send().await.unwrap().status(), 200);
    assert_eq!(api.send(Method::POST, &fan, &format!("/videos/{id}/playback-cookie"), None).await.status(), 200);
    assert_eq!(access(&api, &other, &id).await, (true, false), "a grant is one account's");
    let renewed = api.json(Method::POST, &admin, "/admin/plans/Premium/grants", Some(json!({"user": "fan@example.org"})), 200).await;
    assert_eq!((renewed["renewed"].clone(), renewed["paid_from"].clone()), (json!(true), granted["until"].clone()));
    let mine = api.json(Method::GET, &fan, "/plans/mine", None, 200).await;
    assert_eq!((mine["items"][0]["plan"]["name"].clone(), mine["items"][0]["until"].clone()), (json!("Premium"), renewed["until"].clone()));

    // Revenue: the grant and the renewal, this month.
    let revenue = api.json(Method::GET, &admin, "/admin/plans/revenue", None, 200).await;
    let month = &granted["paid_from"].as_str().unwrap()[..7];
    assert_eq!(revenue["items"], json!([{"plan_id": plan["id"], "month": month, "amount_minor": 2997, "currency": "EUR", "payments": 2}]));
    assert_eq!(api.send(Method::GET, &fan, "/admin/plans/revenue", None).await.status(), 403);

    // Ended: locked again; ending again is a 404; the revenue stays.
    assert_eq!(api.send(Method::DELETE, &admin, "/admin/plans/Premium/grants/fan@example.org", None).await.status(), 204);
    assert_api_error(api.send(Method::DELETE, &admin, "/admin/plans/Premium/grants/fan@example.org", None).await, 404, "not-found").await;
    assert_eq!(access(&api, &fan, &id).await, (true, false));
    assert_api_error(api.send(Method::POST, &fan, &format!("/videos/{id}/playback-cookie"), None).await, 403, "plan-required").await;
    assert_eq!(api.json(Method::GET, &admin, "/admin/plans/revenue", None, 200).await["items"][0]["amount_minor"], 2997);

    // No plan required any more: open to every member again.
    api.json(Method::PUT, &maker, &format!("/videos/{id}/plan"), Some(json!({"plan": null})), 200).await;
    assert_eq!(access(&api, &other, &id).await, (false, true));
}

#[tokio::test(flavor = "multi_thread")]
async fn reel_plan_makes_and_grants_plans_and_the_watch_page_says_what_an_item_requires() {
    let server = TestServer::start();
    let api = Api { server: &server };
    let maker = token(&server, "maker@example.org", "creator", "read,account,upload");
    server.cli(&["user", "create", "--email", "fan@example.org", "--role", "viewer"]);
    server.cli(&["user", "create", "--email", "nope@example.org", "--role", "viewer"]);

    let id = server.cli(&["plan", "create", "--name", "Gold", "--price", "4.50", "--currency", "usd", "--period", "year"]);
    assert!(id.trim().parse::<uuid::Uuid>().is_ok(), "{id}");
    let bad = server.command().args(["plan", "create", "--name", "Bad", "--price", "4.505", "--currency", "USD"]).output().unwrap();
    assert!(!bad.status.success() && String::from_utf8_lossy(&bad.stderr).contains("price"), "{}", String::from_utf8_lossy(&bad.stderr));
    server.cli(&["plan", "grant", "--plan", "Gold", "--user", "fan@example.org"]);
    let listed = server.cli(&["plan", "list"]);
    assert!(listed.contains("\tGold\t4.50 USD\tyear") && listed.contains("4.50 USD\t1 payment"), "{listed}");

    let video = gated_item(&server, &maker, "Gold only").await;
    api.json(Method::PUT, &maker, &format!("/videos/{video}/plan"), Some(json!({"plan": "Gold"})), 200).await;
    let nope = crate::pages::sign_in(&server, "nope@example.org").await;
    let page = nope.page(&server, &format!("/watch/{video}")).await;
    assert!(page.contains("This item requires the plan “Gold”") && page.contains("4.50 USD a year"), "{page}");
    assert!(
        !page.contains("data-hls=") && !page.contains("&#x2f;play&#x2f;") && !page.contains("/play/"),
        "no playback token on a locked watch page"
    );
    let home = nope.page(&server, "/").await;
    assert!(home.contains("Gold only") && !home.contains("<img src="), "a locked item is listed without a tokened poster: {home}");
    let fan = crate::pages::sign_in(&server, "fan@example.org").await;
    assert!(fan.page(&server, "/").await.contains("<img src="), "a holder sees the poster");
    let page = fan.page(&server, &format!("/watch/{video}")).await;
    assert!(page.contains("data-hls=") && !page.contains("requires the plan"), "{page}");
    assert!(fan.page(&server, "/account").await.contains("Gold, until"));
}

#[tokio::test(flavor = "multi_thread")]
async fn plans_carry_limits_and_a_member_gets_the_best_of_theirs_or_the_sites_without_one() {
    let server = TestServer::start_with(&[
        ("REEL__ENTITLEMENTS__MAX_STREAMS", "1"),
        ("REEL__ENTITLEMENTS__MAX_HEIGHT", "480"),
        ("REEL__ENTITLEMENTS__DOWNLOADS", "false"),
    ]);
    let api = Api { server: &server };
    let admin = &server.token;
    let fan = token(&server, "fan@example.org", "viewer", "read,account");
    let limits = |v: &Value| (v["max_streams"].clone(), v["max_devices"].clone(), v["max_height"].clone(), v["downloads"].clone());

    // Without a plan: the site's [entitlements].
    let mine = api.json(Method::GET, &fan, "/plans/mine", None, 200).await;
    assert_eq!(limits(&mine["entitlement"]), (json!(1), Value::Null, json!(480), json!(false)), "{mine}");

    // Made from the shell with every limit, and listed with them.
    server.cli(&[
        "plan",
        "create",
        "--name",
        "Basic",
        "--price",
        "5",
        "--currency",
        "EUR",
        "--max-streams",
        "1",
        "--max-devices",
        "2",
        "--max-height",
        "720",
        "--downloads",
        "false",
    ]);
    let listed = server.cli(&["plan", "list"]);
    assert!(listed.contains("\tBasic\t5.00 EUR\tmonth\t1 stream, 2 devices, up to 720 lines, no downloads"), "{listed}");
    // A limit out of range is refused with the field's name, and nothing is stored.
    for (flag, value, named) in
        [("--max-height", "100", "max_height"), ("--max-streams", "101", "max_streams"), ("--max-devices=-1", "", "max_devices")]
    {
        let out = server
            .command()
            .args(["plan", "create", "--name", "Odd", "--price", "1", "--currency", "EUR", flag])
            .args((!value.is_empty()).then_some(value))
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && said.contains(named), "{flag} {value}: {said}");
    }
    let bad = server
        .command()
        .args(["plan", "create", "--name", "Odd", "--price", "1", "--currency", "EUR", "--downloads", "maybe"])
        .output()
        .unwrap();
    assert!(!bad.status.success(), "downloads takes true or false");
    assert!(!server.cli(&["plan", "list"]).contains("Odd"), "a refused plan is not stored");

    // Made through the API: what is not given is no limit, and downloads are allowed.
    let family = json!({"name": "Family", "price_minor": 1500, "currency": "EUR", "period": "month", "max_streams": 4, "max_height": 1080});
    let made = api.json(Method::POST, admin, "/admin/plans", Some(family), 201).await;
    assert_eq!(limits(&made), (json!(4), Value::Null, json!(1080), json!(true)), "{made}");
    for body in [
        json!({"name": "X", "price_minor": 1, "currency": "EUR", "period": "month", "max_height": 5000}),
        json!({"name": "X", "price_minor": 1, "currency": "EUR", "period": "month", "max_height": 100}),
        json!({"name": "X", "price_minor": 1, "currency": "EUR", "period": "month", "max_streams": -1}),
    ] {
        assert_api_error(api.send(Method::POST, admin, "/admin/plans", Some(body.clone())).await, 400, "invalid-plan").await;
    }
    let all = api.json(Method::GET, &fan, "/plans", None, 200).await;
    let basic = all["items"].as_array().unwrap().iter().find(|p| p["name"] == "Basic").unwrap().clone();
    assert_eq!(limits(&basic), (json!(1), json!(2), json!(720), json!(false)), "{all}");
    assert_eq!(all["items"].as_array().unwrap().len(), 2, "{all}");

    // One plan: its limits, even where the site's are looser (devices) or tighter.
    server.cli(&["plan", "grant", "--plan", "Basic", "--user", "fan@example.org"]);
    let mine = api.json(Method::GET, &fan, "/plans/mine", None, 200).await;
    assert_eq!(limits(&mine["entitlement"]), (json!(1), json!(2), json!(720), json!(false)), "{mine}");
    // Two: the loosest of each, no limit beating any.
    server.cli(&["plan", "grant", "--plan", "Family", "--user", "fan@example.org"]);
    let mine = api.json(Method::GET, &fan, "/plans/mine", None, 200).await;
    assert_eq!(limits(&mine["entitlement"]), (json!(4), Value::Null, json!(1080), json!(true)), "{mine}");

    // The pages: the admin's plans tab lists the limits and its form makes a plan with them;
    // the account page says what the member may do.
    let admin_browser = crate::pages::sign_in(&server, crate::common::ADMIN_EMAIL).await;
    let form = [
        ("csrf", admin_browser.csrf()),
        ("name", "Mobile"),
        ("price", "3"),
        ("currency", "EUR"),
        ("period", "month"),
        ("max_streams", "1"),
        ("max_devices", ""),
        ("max_height", "540"),
    ];
    let r = admin_browser.post(&server, "/admin/plans", &form).await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    let page = admin_browser.page(&server, "/admin/plans").await;
    assert!(page.contains("Up to 540p") && page.contains("No downloads") && page.contains("Up to 1080p"), "{page}");
    let all = api.json(Method::GET, admin, "/plans", None, 200).await;
    let mobile = all["items"].as_array().unwrap().iter().find(|p| p["name"] == "Mobile").unwrap().clone();
    assert_eq!(limits(&mobile), (json!(1), Value::Null, json!(540), json!(false)), "an unticked box is no downloads: {all}");
    let r = admin_browser
        .post(
            &server,
            "/admin/plans",
            &[
                ("csrf", admin_browser.csrf()),
                ("name", "Y"),
                ("price", "1"),
                ("currency", "EUR"),
                ("period", "month"),
                ("max_height", "tall"),
            ],
        )
        .await;
    assert_eq!(r.status(), 400, "a limit that is not a number is refused");
    let fan_browser = crate::pages::sign_in(&server, "fan@example.org").await;
    let account = fan_browser.page(&server, "/account").await;
    assert!(account.contains("What you may do") && account.contains("4 streams at once") && account.contains("Up to 1080p"), "{account}");
}
