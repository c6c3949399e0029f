//! Sign-in completeness: a code by SMS end to end through an https webhook to a local
//! receiver that plays the provider, phone numbers however they are typed landing on one
//! E.164 account, and TOTP recovery codes (shown once, stored hashed, single use, regenerable,
//! audited) that get a person whose phone is lost back in.

// suite: backends

use std::time::Duration;

use reqwest::header::COOKIE;
use reqwest::Method;
use serde_json::{json, Value};

use crate::accounts::{as_session, base32, code_for, me_status, server_with_mail, session_cookie, sign_in, verify};
use crate::common::{assert_api_error, TestServer};
use crate::operations::sms_provider;

#[tokio::test(flavor = "multi_thread")]
async fn a_code_texted_through_an_https_webhook_signs_in_the_account_of_the_number_however_it_is_typed() {
    let (plain_url, mut texts) = sms_provider().await;
    let plain_port: u16 = plain_url.trim_start_matches("http://127.0.0.1:").trim_end_matches("/sms").parse().unwrap();
    let tls = crate::common::tls::TlsProxy::start(plain_port);
    let https = format!("https://127.0.0.1:{}/sms", tls.port);
    let ca = tls.ca_file.display().to_string();
    let server = TestServer::start_with(&[
        ("REEL__NOTIFY__SMS", "webhook"),
        ("REEL__NOTIFY__SMS_WEBHOOK_URL", &https),
        ("REEL__NOTIFY__SMS_WEBHOOK_ALLOW_PRIVATE", "true"),
        ("REEL__NOTIFY__SMS_WEBHOOK_CA_FILE", &ca),
        ("REEL__NOTIFY__SMS_WEBHOOK_TEMPLATE", r#"{"to": "{to}", "body": "{message}", "callback": "{receipt_url}"}"#),
        ("REEL__AUTH__OTP_RESEND_SECS", "0"),
    ]);
    let http = server.http();
    // Made with the international prefix written 00 and spaces; stored in E.164.
    let id = server.cli(&["user", "create", "--phone", "0044 7700 900789", "--name", "Pat"]).trim().to_string();
    let listed = server.cli(&["user", "list"]);
    assert!(listed.lines().any(|l| l.starts_with(&id) && l.contains("+447700900789")), "{listed}");

    // Asked for as "+44 (0)7700 900789": the same account, the text goes to the E.164 number.
    let r = http
        .post(format!("{}/api/v1/auth/otp/request", server.base))
        .json(&json!({ "phone": "+44 (0)7700 900-789" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
    let attempt = r.json::<Value>().await.unwrap()["attempt"].as_str().unwrap().to_string();
    let sms = tokio::time::timeout(Duration::from_secs(20), texts.recv()).await.expect("the text within 20 s, over TLS").unwrap();
    assert_eq!(sms["to"], "+447700900789");
    let body = sms["body"].as_str().unwrap();
    let code = &body[body.find("code is ").unwrap() + 8..][..6];
    let r = http
        .post(format!("{}/api/v1/auth/otp/verify", server.base))
        .json(&json!({ "phone": "00447700900789", "attempt": attempt, "code": code }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let signed_in: Value = r.json().await.unwrap();
    assert_eq!(signed_in["user"]["display_name"], "Pat");

    // The provider reports the text delivered to the signed URL it was handed.
    let receipt = sms["callback"].as_str().unwrap();
    assert!(receipt.starts_with(&format!("{}/api/v1/sms/receipts/", server.base)), "{receipt}");
    assert_eq!(http.post(receipt).form(&[("MessageStatus", "delivered")]).send().await.unwrap().status(), 204);
    let audit: Vec<Value> = server.get_json("/api/v1/admin/audit").await.as_array().unwrap().clone();
    assert!(audit.iter().any(|a| a["action"] == "login.succeeded"), "{audit:?}");

    // Numbers that are not international, or name no country, are refused with the reason,
    // and nothing is sent.
    for (typed, reason) in [
        ("07700 900789", "country code is missing"),
        ("+800 1234 5678", "no country uses that calling code"),
        ("+1 415 555 012", "North American"),
        ("+44 07700 900789", "drop its leading 0"),
    ] {
        let r = http.post(format!("{}/api/v1/auth/otp/request", server.base)).json(&json!({ "phone": typed })).send().await.unwrap();
        assert_eq!(r.status(), 400, "{typed}");
        let error: Value = r.json().await.unwrap();
        assert!(error["message"].as_str().unwrap().contains(reason), "{typed}: {error}");
    }
    let out = server.command().args(["user", "create", "--phone", "+28 1234 5678"]).output().unwrap();
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("no country uses"));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(texts.try_recv().is_err(), "nothing was texted for a refused number");
}

/// The authenticator app's code for `secret`, `steps` steps of 30 s from now.
fn app_code(secret: &str, steps: i64) -> String {
    let at = (reel_base::domain::now_ms() / 1000 + steps * 30) as u64;
    format!("{:06}", reel_core::auth::totp::code_at(&base32(secret), at))
}

/// Signs in by email up to the second factor: the pending session's cookie.
async fn pending_sign_in(server: &TestServer, smtp: &crate::common::smtp::SmtpServer, email: &str, nth: usize) -> String {
    let (attempt, code) = code_for(server, smtp, email, nth).await;
    let r = verify(server, email, &attempt, &code).await;
    let cookie = session_cookie(&r).split(';').next().unwrap().to_string();
    assert_eq!(r.json::<Value>().await.unwrap()["second_factor_required"], true);
    cookie
}

async fn second_factor(server: &TestServer, pending: &str, code: &str) -> reqwest::Response {
    server
        .http()
        .post(format!("{}/api/v1/auth/totp/verify", server.base))
        .header(COOKIE, pending)
        .json(&json!({ "code": code }))
        .send()
        .await
        .unwrap()
}

/// Turns TOTP on for the session's account with the app's current code: the secret and the
/// recovery codes shown this once.
async fn enrol_totp(server: &TestServer, cookie: &str, csrf: &str) -> (String, Vec<String>) {
    let r = as_session(server, Method::POST, "/api/v1/auth/totp/enroll", cookie, csrf).send().await.unwrap();
    let secret = r.json::<Value>().await.unwrap()["secret"].as_str().unwrap().to_string();
    let r = as_session(server, Method::POST, "/api/v1/auth/totp/confirm", cookie, csrf)
        .json(&json!({ "code": app_code(&secret, 0) }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let codes = serde_json::from_value(r.json::<Value>().await.unwrap()["recovery_codes"].clone()).unwrap();
    (secret, codes)
}

#[tokio::test(flavor = "multi_thread")]
async fn deleting_an_account_with_a_second_factor_needs_it_as_well_as_the_code_sent() {
    let (server, smtp) = server_with_mail(&[("REEL__AUTH__OTP_RESEND_SECS", "0")]);
    let email = "careful@example.org";
    server.cli(&["user", "create", "--email", email, "--role", "creator"]);
    let (cookie, csrf) = sign_in(&server, &smtp, email, 1).await;
    let (_, codes) = enrol_totp(&server, &cookie, &csrf).await;
    let recovery = codes[0].clone();
    let delete = |n: usize, totp: Option<String>| {
        let (server, smtp, cookie, csrf) = (&server, &smtp, cookie.clone(), csrf.clone());
        async move {
            let r = as_session(server, Method::POST, "/api/v1/account/delete-code", &cookie, &csrf).send().await.unwrap();
            let attempt = r.json::<Value>().await.unwrap()["attempt"].as_str().unwrap().to_string();
            let code = crate::accounts::code_in(&smtp.wait_for_messages(email, n, Duration::from_secs(20)).await[n - 1]);
            let proof = json!({ "attempt": attempt, "code": code, "totp": totp });
            as_session(server, Method::DELETE, "/api/v1/account", &cookie, &csrf).json(&proof).send().await.unwrap()
        }
    };
    assert_api_error(delete(2, None).await, 403, "totp-required").await;
    assert_api_error(delete(3, Some("12345678".into())).await, 403, "totp-required").await;
    assert_eq!(as_session(&server, Method::GET, "/api/v1/me", &cookie, &csrf).send().await.unwrap().status(), 200, "still here");
    assert_eq!(delete(4, Some(recovery)).await.status(), 202);
    assert_eq!(as_session(&server, Method::GET, "/api/v1/me", &cookie, &csrf).send().await.unwrap().status(), 401, "gone");
}

#[tokio::test(flavor = "multi_thread")]
async fn recovery_codes_are_shown_once_stored_hashed_good_once_regenerable_and_get_a_lost_phone_back_in() {
    let (server, smtp) = server_with_mail(&[("REEL__AUTH__OTP_RESEND_SECS", "0")]);
    let email = "ops@example.org";
    server.cli(&["user", "create", "--email", email, "--role", "admin"]);
    let (cookie, csrf) = sign_in(&server, &smtp, email, 1).await;
    let (_, codes) = enrol_totp(&server, &cookie, &csrf).await;
    assert_eq!(codes.len(), 10);
    let me = |cookie: String| {
        let server = &server;
        async move {
            server
                .http()
                .get(format!("{}/api/v1/me", server.base))
                .header(COOKIE, cookie)
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    assert_eq!(me(cookie.clone()).await["totp_recovery_codes_left"], 10);

    // Only keyed hashes are stored: no code, in any form, is in the database.
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&server.database_url()).await.unwrap();
    let stored: Vec<String> = sqlx::query_scalar("SELECT code_hash FROM totp_recovery_codes").fetch_all(&pool).await.unwrap();
    assert_eq!(stored.len(), 10);
    for code in &codes {
        let bare = code.replace('-', "");
        assert!(stored.iter().all(|h| !h.contains(&bare) && !h.contains(code.as_str())), "{code}");
    }

    // The phone is lost: a recovery code, typed loosely, completes a sign-in; a wrong one and
    // a used one count as wrong codes.
    let pending = pending_sign_in(&server, &smtp, email, 2).await;
    assert_api_error(second_factor(&server, &pending, "zzzzzz-zzzzzz").await, 400, "invalid-code").await;
    let typed = format!(" {} ", codes[0].to_uppercase().replace('-', " "));
    let r = second_factor(&server, &pending, &typed).await;
    assert_eq!(r.status(), 200);
    let recovered = session_cookie(&r).split(';').next().unwrap().to_string();
    let csrf = r.json::<Value>().await.unwrap()["csrf_token"].as_str().unwrap().to_string();
    assert_eq!(me(recovered.clone()).await["totp_recovery_codes_left"], 9);
    let again = pending_sign_in(&server, &smtp, email, 3).await;
    assert_api_error(second_factor(&server, &again, &codes[0]).await, 400, "invalid-code").await;
    assert_eq!(me_status(&server, &again).await, 401, "still pending");

    // Moving to a new phone takes another recovery code in place of the lost app's.
    let r = as_session(&server, Method::POST, "/api/v1/auth/totp/enroll", &recovered, &csrf)
        .json(&json!({ "code": codes[0] }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403, "a spent code opens nothing");
    let r = as_session(&server, Method::POST, "/api/v1/auth/totp/enroll", &recovered, &csrf)
        .json(&json!({ "code": codes[1] }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let new_secret = r.json::<Value>().await.unwrap()["secret"].as_str().unwrap().to_string();
    let r = as_session(&server, Method::POST, "/api/v1/auth/totp/confirm", &recovered, &csrf)
        .json(&json!({ "code": app_code(&new_secret, 0) }))
        .send()
        .await
        .unwrap();
    let fresh: Vec<String> = serde_json::from_value(r.json::<Value>().await.unwrap()["recovery_codes"].clone()).unwrap();
    assert!(fresh.iter().all(|c| !codes.contains(c)));
    // The old set is void.
    let pending = pending_sign_in(&server, &smtp, email, 4).await;
    assert_api_error(second_factor(&server, &pending, &codes[5]).await, 400, "invalid-code").await;

    // A new set needs a current code from the app; the account page shows it once.
    let r = as_session(&server, Method::POST, "/api/v1/auth/totp/recovery-codes", &recovered, &csrf)
        .json(&json!({ "code": "123456" }))
        .send()
        .await
        .unwrap();
    assert_api_error(r, 403, "forbidden").await;
    let form = [("csrf", csrf.as_str()), ("code", &app_code(&new_secret, 1))];
    let page = server
        .http()
        .post(format!("{}/account/totp/recovery-codes", server.base))
        .header(COOKIE, &recovered)
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    let shown: Vec<&str> = page.split("<li><code>").skip(1).map(|s| s.split('<').next().unwrap()).collect();
    assert_eq!(shown.len(), 10, "the ten codes are on the page");
    assert!(shown.iter().all(|c| !fresh.contains(&c.to_string())));
    let later =
        server.http().get(format!("{}/account", server.base)).header(COOKIE, &recovered).send().await.unwrap().text().await.unwrap();
    assert!(!later.contains(shown[0]) && later.contains("Recovery codes left: <strong id=\"recovery-left\">10</strong>"), "shown once");
    assert_api_error(second_factor(&server, &pending, &fresh[0]).await, 400, "invalid-code").await;
    let r = second_factor(&server, &pending, shown[3]).await;
    assert_eq!(r.status(), 200, "the newest set works");

    // Every step is audited, never with a code in it.
    let audit: Vec<Value> = server.get_json("/api/v1/admin/audit?limit=500").await.as_array().unwrap().clone();
    let count = |action: &str| audit.iter().filter(|a| a["action"] == action).count();
    assert_eq!(count("totp.recovery_codes_created"), 3);
    assert_eq!(count("totp.recovery_code_used"), 3);
    assert!(audit.iter().any(|a| a["action"] == "login.totp_succeeded" && a["detail"] == "with a recovery code, 9 left"), "{audit:?}");
    let text = serde_json::to_string(&audit).unwrap();
    for code in codes.iter().chain(&fresh).map(String::as_str).chain(shown.iter().copied()) {
        assert!(!text.contains(code), "{code} in the audit log");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn on_the_account_page_a_wrong_first_app_code_shows_the_same_key_again_with_the_reason_beside_its_field() {
    let (server, smtp) = server_with_mail(&[]);
    let email = "steady@example.org";
    server.cli(&["user", "create", "--email", email, "--role", "viewer"]);
    let (cookie, csrf) = sign_in(&server, &smtp, email, 1).await;
    let post = async |path: &str, code: &str| {
        let form = [("csrf", csrf.as_str()), ("code", code)];
        let r = server.http().post(format!("{}{path}", server.base)).header(COOKIE, &cookie).form(&form).send().await.unwrap();
        (r.status(), r.text().await.unwrap())
    };
    let key_on = |page: &str| page.split("id=\"totp-secret\">").nth(1).map(|rest| rest.split('<').next().unwrap().to_string());

    let (status, page) = post("/account/totp/enroll", "").await;
    assert_eq!(status, 200);
    let secret = key_on(&page).expect("the key to add to the app");
    let right = app_code(&secret, 0);
    let (status, page) = post("/account/totp/confirm", if right == "000000" { "111111" } else { "000000" }).await;
    assert_eq!(status, 400);
    assert_eq!(key_on(&page).as_deref(), Some(secret.as_str()), "a wrong code lost the key being set up");
    let field = &page[page.find("<input id=\"totp-code\"").expect("the code field again")..];
    let field = &field[..field.find("</div>").unwrap()];
    assert!(field.contains("aria-invalid=\"true\" aria-describedby=\"totp-code-error\""), "{field}");
    assert!(field.contains("id=\"totp-code-error\" role=\"alert\">the code is wrong"), "{field}");

    let (status, page) = post("/account/totp/confirm", &right).await;
    assert_eq!(status, 200);
    assert!(page.contains("id=\"recovery-codes\""), "the right code turned it on and showed the recovery codes");

    // Sent again (another tab), there is no key to show: the reason is above the page.
    let (status, page) = post("/account/totp/confirm", "123456").await;
    assert_eq!(status, 400);
    assert!(page.contains("<p class=\"form-error\" role=\"alert\">the code is wrong</p>"), "{page}");
    // A wrong current code for new recovery codes: beside that form's field.
    let (status, page) = post("/account/totp/recovery-codes", "12").await;
    assert_eq!(status, 403);
    let field = &page[page.find("<input id=\"recovery-current\"").expect("the recovery form's field")..];
    let field = &field[..field.find("</div>").unwrap()];
    assert!(field.contains("aria-invalid=\"true\"") && field.contains("id=\"recovery-current-error\""), "{field}");
}
