//! API tokens over their life: an optional expiry (`reel token create --expires-in`, the API and
//! the account page), their last use, and "sign out everywhere" revoking them when asked.

// suite: backends

use reqwest::header::COOKIE;
use serde_json::{json, Value};

use crate::accounts::{as_session, server_with_mail, sign_in};
use crate::common::{assert_api_error, TestServer};

/// `GET /api/v1/me` with a bearer token: its status.
async fn me_with(server: &TestServer, token: &str) -> u16 {
    server.http().get(format!("{}/api/v1/me", server.base)).bearer_auth(token).send().await.unwrap().status().as_u16()
}

/// `reel token list` as rows of its tab-separated fields.
fn token_rows(server: &TestServer) -> Vec<Vec<String>> {
    server.cli(&["token", "list"]).lines().map(|l| l.split('\t').map(str::to_string).collect()).collect()
}

/// Moves a token's expiry into the past, as the clock would.
async fn expire_now(server: &TestServer, id: &str) {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&server.database_url()).await.unwrap();
    let done = sqlx::query("UPDATE api_tokens SET expires_at = $1 WHERE id = $2")
        .bind(reel_base::domain::now_ms() - 1)
        .bind(id)
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(done.rows_affected(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_token_made_without_scopes_gets_those_its_accounts_role_allows() {
    let server = TestServer::start();
    for (email, role, scopes) in
        [("viewer@example.org", "viewer", "read,account"), ("creator@example.org", "creator", "read,account,upload")]
    {
        server.cli(&["user", "create", "--email", email, "--role", role]);
        let made = server.command().args(["token", "create", "--name", role, "--user", email]).output().unwrap();
        assert!(made.status.success(), "{role}: {}", String::from_utf8_lossy(&made.stderr));
        let token = String::from_utf8(made.stdout).unwrap().trim().to_string();
        let listed: Vec<Value> =
            server.http().get(format!("{}/api/v1/tokens", server.base)).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(listed[0]["scopes"], scopes, "{role}: {listed:?}");
    }
    // A scope beyond the role is still refused when named.
    let made = server
        .command()
        .args(["token", "create", "--name", "x", "--user", "viewer@example.org", "--scopes", "read,upload"])
        .output()
        .unwrap();
    assert!(!made.status.success());
    assert!(String::from_utf8_lossy(&made.stderr).contains("a viewer may hold these scopes: read"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_token_made_to_expire_stops_working_then_and_tokens_are_listed_with_their_last_use() {
    let server = TestServer::start();
    let made = server.command().args(["token", "create", "--name", "nightly", "--expires-in", "90d"]).output().unwrap();
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let token = String::from_utf8(made.stdout).unwrap().trim().to_string();

    let row = token_rows(&server).into_iter().find(|r| r[5] == "nightly").expect("listed");
    let (id, created, expires) = (row[0].clone(), row[2].clone(), row[3].clone());
    assert_eq!((row[1].as_str(), row[4].as_str()), ("live", "-"), "live, never used: {row:?}");
    let lifetime = humantime::parse_rfc3339(&expires).unwrap().duration_since(humantime::parse_rfc3339(&created).unwrap()).unwrap();
    assert!((lifetime.as_secs() as i64 - 90 * 86_400).abs() < 5, "expires 90 days after it was made: {row:?}");

    // Its first use is recorded, and shown in the API's listing too.
    assert_eq!(me_with(&server, &token).await, 200);
    let row = token_rows(&server).into_iter().find(|r| r[0] == id).unwrap();
    assert_ne!(row[4], "-", "last use recorded: {row:?}");
    let listed: Vec<Value> =
        server.http().get(format!("{}/api/v1/tokens", server.base)).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    let mine = listed.iter().find(|t| t["id"] == id.as_str()).unwrap();
    assert!(mine["last_used_at"].as_i64().is_some() && mine["expires_at"].as_i64().is_some(), "{mine}");
    assert!(mine.get("token_hash").is_none(), "{mine}");

    // A token it makes expires with it at the latest, whatever is asked.
    let http = server.http();
    let expires = |body: Value| {
        let http = http.clone();
        let (url, token) = (format!("{}/api/v1/tokens", server.base), token.clone());
        async move {
            let r = http.post(url).bearer_auth(token).json(&body).send().await.unwrap();
            assert_eq!(r.status(), 201);
            r.json::<Value>().await.unwrap()["expires_at"].as_i64()
        }
    };
    let own = mine["expires_at"].as_i64().unwrap();
    assert_eq!(expires(json!({ "name": "child", "scopes": "read" })).await, Some(own), "never-expiring asked, clamped");
    assert_eq!(expires(json!({ "name": "child", "scopes": "read", "expires_in": "1y" })).await, Some(own));
    let sooner = expires(json!({ "name": "child", "scopes": "read", "expires_in": "1h" })).await.unwrap();
    assert!(sooner < own, "a shorter life is kept");
    // Revoking every token is for the person, signed in: a token may only end sessions.
    let r = http
        .post(format!("{}/api/v1/auth/logout-all", server.base))
        .bearer_auth(&token)
        .json(&json!({ "revoke_tokens": true }))
        .send()
        .await
        .unwrap();
    assert_api_error(r, 403, "forbidden").await;
    assert_eq!(me_with(&server, &token).await, 200);

    // Once its time is up it is refused, listed as expired, and nothing else changed.
    expire_now(&server, &id).await;
    let r = server.http().get(format!("{}/api/v1/me", server.base)).bearer_auth(&token).send().await.unwrap();
    assert_api_error(r, 401, "unauthorized").await;
    assert_eq!(token_rows(&server).into_iter().find(|r| r[0] == id).unwrap()[1], "expired");
    assert_eq!(me_with(&server, &server.token).await, 200, "the token without an expiry works on");

    // Lifetimes outside a minute to ten years, or unreadable, are refused with a reason.
    for bad in ["30s", "11y", "soon", "-5d", ""] {
        let out = server.command().args(["token", "create", "--name", "bad", &format!("--expires-in={bad}")]).output().unwrap();
        assert!(!out.status.success(), "--expires-in {bad:?} was taken");
        assert!(String::from_utf8_lossy(&out.stderr).contains("is not a lifetime"), "{}", String::from_utf8_lossy(&out.stderr));
    }
    assert!(!token_rows(&server).iter().any(|r| r[5] == "bad"), "a refused token is not stored");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_api_and_the_account_page_make_expiring_tokens_and_sign_out_everywhere_can_revoke_them() {
    let (server, smtp) = server_with_mail(&[("REEL__AUTH__OTP_RESEND_SECS", "0")]);
    server.cli(&["user", "create", "--email", "kim@example.org", "--role", "creator"]);
    server.cli(&["user", "create", "--email", "lee@example.org", "--role", "creator"]);
    let (cookie, csrf) = sign_in(&server, &smtp, "kim@example.org", 1).await;

    let new_token = |body: Value| as_session(&server, reqwest::Method::POST, "/api/v1/tokens", &cookie, &csrf).json(&body).send();
    let r = new_token(json!({ "name": "ci", "scopes": "read", "expires_in": "12h" })).await.unwrap();
    assert_eq!(r.status(), 201);
    let made: Value = r.json().await.unwrap();
    let hours = (made["expires_at"].as_i64().unwrap() - reel_base::domain::now_ms()) as f64 / 3_600_000.0;
    assert!((11.9..=12.0).contains(&hours), "{made}");
    let api_token = made["token"].as_str().unwrap().to_string();
    let r = new_token(json!({ "name": "ci", "expires_in": "forever" })).await.unwrap();
    assert_api_error(r, 400, "invalid-expiry").await;

    // The account page's form: its lifetime choice, and the table with last use and expiry.
    let form = [("csrf", csrf.as_str()), ("name", "laptop"), ("read", "1"), ("expires_in", "30d")];
    let r = server.http().post(format!("{}/account/tokens", server.base)).header(COOKIE, &cookie).form(&form).send().await.unwrap();
    assert_eq!(r.status(), 201);
    let page = r.text().await.unwrap();
    let secret = page.split("id=\"new-token\">").nth(1).unwrap().split('<').next().unwrap().to_string();
    assert_eq!(me_with(&server, &secret).await, 200);
    let page = server.http().get(format!("{}/account", server.base)).header(COOKIE, &cookie).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Last used") && page.contains("Revoke my API tokens too"), "the table and the sign-out choice");
    let in_30_days = reel_base::domain::rfc3339(reel_base::domain::now_ms() + 30 * 86_400_000);
    assert!(page.contains(&in_30_days[..10]), "the laptop token's expiry date is shown");
    // A token with no permission is refused beside the permissions, which point to the reason.
    let form = [("csrf", csrf.as_str()), ("name", "nothing"), ("expires_in", "30d")];
    let r = server.http().post(format!("{}/account/tokens", server.base)).header(COOKIE, &cookie).form(&form).send().await.unwrap();
    assert_eq!(r.status(), 400);
    let page = r.text().await.unwrap();
    let scopes = &page[page.find("<fieldset class=\"field\" id=\"token-scopes\"").expect("the permissions")..];
    let scopes = &scopes[..scopes.find("</fieldset>").unwrap()];
    assert!(scopes.contains("aria-describedby=\"token-scopes-error\""), "{scopes}");
    assert!(scopes.contains("id=\"token-scopes-error\" role=\"alert\">pick at least one permission"), "{scopes}");

    // Another account's token is not touched by Kim signing out everywhere.
    let lees = server.cli(&["token", "create", "--name", "lee", "--user", "lee@example.org"]).trim().to_string();

    // Signing out everywhere without asking leaves the tokens working...
    let r = as_session(&server, reqwest::Method::POST, "/api/v1/auth/logout-all", &cookie, &csrf).send().await.unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(me_with(&server, &api_token).await, 200);
    // ...and asking revokes every one of them (signed in again, from the page's form).
    let (cookie, csrf) = sign_in(&server, &smtp, "kim@example.org", 2).await;
    let form = [("csrf", csrf.as_str()), ("revoke_tokens", "1")];
    let no_redirects = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let r = no_redirects.post(format!("{}/account/logout-all", server.base)).header(COOKIE, &cookie).form(&form).send().await.unwrap();
    assert_eq!(r.status(), 303);
    for token in [&api_token, &secret] {
        assert_eq!(me_with(&server, token).await, 401);
    }
    assert_eq!(me_with(&server, &lees).await, 200, "only Kim's tokens are revoked");
    let audit = server.get_json("/api/v1/admin/audit").await;
    let detail =
        audit.as_array().unwrap().iter().find(|a| a["action"] == "logout.everywhere").unwrap()["detail"].as_str().unwrap().to_string();
    assert!(detail.contains("2 API tokens"), "{detail}");

    // The API's switch does the same.
    let (cookie, csrf) = sign_in(&server, &smtp, "kim@example.org", 3).await;
    let r = new_token(json!({ "name": "again" })).await.unwrap();
    assert_eq!(r.status(), 401, "the first session is over");
    let r = as_session(&server, reqwest::Method::POST, "/api/v1/tokens", &cookie, &csrf)
        .json(&json!({ "name": "again" }))
        .send()
        .await
        .unwrap();
    let again = r.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_string();
    let r = as_session(&server, reqwest::Method::POST, "/api/v1/auth/logout-all", &cookie, &csrf)
        .json(&json!({ "revoke_tokens": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(me_with(&server, &again).await, 401);
}

/// A route of the scope table with its parameters filled in.
fn concrete(route: &str) -> String {
    let mut out = String::from("/api");
    for part in route.split('/').filter(|p| !p.is_empty()) {
        out.push('/');
        out.push_str(match part {
            "{n}" => "1",
            p if p.starts_with('{') => "00000000-0000-4000-8000-000000000000",
            p => p,
        });
    }
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn a_read_token_changes_nothing_and_each_scope_opens_only_its_routes() {
    use reel::http::api::scopes::ROUTE_SCOPES;
    use reel_core::auth::Scope;
    let server = TestServer::start();
    server.cli(&["user", "create", "--email", "creator@example.org", "--role", "creator", "--name", "Before"]);
    let token = |scopes: &str| {
        server.cli(&["token", "create", "--name", scopes, "--user", "creator@example.org", "--scopes", scopes]).trim().to_string()
    };
    let (read, account, upload) = (token("read"), token("read,account"), token("read,upload"));
    let send = |method: &str, path: &str, token: &str| {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        server.http().request(method, format!("{}{path}", server.base)).bearer_auth(token).json(&json!({})).send()
    };
    // Each route that needs more than `read`, tried with a token that lacks its scope (and,
    // for account and upload routes, a `read` token): refused before anything is looked at.
    let mut tried = 0;
    for (method, route, scope) in ROUTE_SCOPES.iter().filter(|(_, _, s)| *s != Scope::Read) {
        let path = concrete(route);
        let lacking: &[&str] = match scope {
            Scope::Account => &[&read, &upload],
            Scope::Upload => &[&read, &account],
            _ => &[&read, &account, &upload],
        };
        for token in lacking {
            let r = send(method, &path, token).await.unwrap();
            assert_api_error(r, 403, "insufficient-scope").await;
            tried += 1;
        }
    }
    assert!(tried >= 120, "{tried}");
    // What the probe changed with a read token is as it was.
    let read_json = |path: &'static str| {
        let sent = send("GET", path, &read);
        async move { sent.await.unwrap().json::<Value>().await.unwrap() }
    };
    let me = read_json("/api/v1/me").await;
    assert_eq!(me["user"]["display_name"], "Before", "{me}");
    let profiles = read_json("/api/v1/profiles").await;
    assert_eq!(profiles["items"].as_array().unwrap().len(), 1, "{profiles}");
    let settings = read_json("/api/v1/notifications/settings").await;
    assert_eq!(settings["email"], false, "{settings}");

    // The scope that allows it opens each of them.
    let r = server
        .http()
        .patch(format!("{}/api/v1/account/profile", server.base))
        .bearer_auth(&account)
        .json(&json!({"display_name": "After"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let made = server.http().post(format!("{}/api/v1/profiles", server.base)).bearer_auth(&account).json(&json!({"name": "Two"})).send();
    assert_eq!(made.await.unwrap().status(), 201);
    assert_eq!(send("GET", "/api/v1/account/export", &read).await.unwrap().status(), 403);
    assert_eq!(send("GET", "/api/v1/account/export", &account).await.unwrap().status(), 200);
    // Reads stay open to a read token.
    assert_eq!(send("GET", "/api/v1/videos", &read).await.unwrap().status(), 200);
}

#[test]
fn every_state_changing_api_route_is_in_the_scope_table_and_every_line_of_it_is_a_route() {
    use reel::http::api::scopes::{needed, ROUTE_SCOPES};
    // The table names routes as declared under `/api`, without it.
    let declared: Vec<(String, String)> =
        crate::common::routes::api().into_iter().map(|(m, route)| (m, route.trim_start_matches("/api").to_string())).collect();
    assert!(declared.len() > 80, "the routes were read: {declared:?}");
    let missing: Vec<_> =
        declared.iter().filter(|(m, r)| m != "GET" && needed(&reqwest::Method::from_bytes(m.as_bytes()).unwrap(), r).is_none()).collect();
    assert!(missing.is_empty(), "state-changing routes without a scope: {missing:?}");
    let stale: Vec<_> = ROUTE_SCOPES.iter().filter(|(m, r, _)| !declared.iter().any(|(dm, dr)| dm == m && dr == r)).collect();
    assert!(stale.is_empty(), "lines of the table that are no route: {stale:?}");
}
