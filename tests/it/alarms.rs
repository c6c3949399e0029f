//! Reel's own alarms against real parts: an SMS provider that fails drives sign-in code
//! delivery down, the alarm fires after its period, the admin's email arrives at a real SMTP
//! server and the webhook's signature passes the `standardwebhooks` library; the provider
//! recovers and the alarm resolves the same way.

// suite: backends

use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use serde_json::{json, Value};
use tokio::sync::mpsc;

use crate::accounts::{server_with_mail, sign_in};
use crate::common::{backend_present, ADMIN_EMAIL};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// An HTTP endpoint on 127.0.0.1 answering `status` (changeable) and handing the test each
/// request's headers and body.
async fn endpoint(status: Arc<AtomicU16>) -> (String, mpsc::UnboundedReceiver<(HeaderMap, String)>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let app = Router::new().route(
        "/",
        post(move |headers: HeaderMap, body: String| async move {
            let _ = tx.send((headers, body));
            StatusCode::from_u16(status.load(Ordering::Relaxed)).unwrap()
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, rx)
}

/// Whether the `standardwebhooks` library (Python) accepts a delivery signed with `secret`.
pub(crate) fn standard_webhooks_verifies(secret: &str, headers: &HeaderMap, body: &str) -> bool {
    let wanted = ["webhook-id", "webhook-timestamp", "webhook-signature"];
    let headers: serde_json::Map<String, Value> =
        wanted.iter().map(|h| (h.to_string(), json!(headers.get(*h).and_then(|v| v.to_str().ok()).unwrap_or_default()))).collect();
    let script = "import json, sys\nfrom standardwebhooks import Webhook\n\
                  Webhook(sys.argv[1]).verify(sys.stdin.read(), json.loads(sys.argv[2]))\nprint('verified')";
    let mut child = std::process::Command::new("python3")
        .args(["-c", script, secret, &Value::Object(headers).to_string()])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(body.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    out.status.success() && String::from_utf8_lossy(&out.stdout).contains("verified")
}

/// Whether the `standardwebhooks` library is there to check with (under CI it must be).
pub(crate) fn standard_webhooks_present() -> bool {
    let present = std::process::Command::new("python3").args(["-c", "import standardwebhooks"]).status().is_ok_and(|s| s.success());
    backend_present("the standardwebhooks Python library (scripts/setup --test installs it)", present)
}

async fn next_delivery(rx: &mut mpsc::UnboundedReceiver<(HeaderMap, String)>, what: &str) -> (HeaderMap, String) {
    tokio::time::timeout(Duration::from_secs(30), rx.recv()).await.unwrap_or_else(|_| panic!("{what} within 30 s")).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn failing_sms_delivery_fires_the_alarm_mails_the_admin_calls_the_webhook_and_then_resolves() {
    let sms_status = Arc::new(AtomicU16::new(500));
    let (sms_url, mut sms) = endpoint(sms_status.clone()).await;
    let (hook_url, mut hooks) = endpoint(Arc::new(AtomicU16::new(204))).await;
    let (server, smtp) = server_with_mail(&[
        ("REEL__NOTIFY__SMS", "webhook"),
        ("REEL__NOTIFY__SMS_WEBHOOK_URL", &sms_url),
        ("REEL__NOTIFY__SMS_WEBHOOK_ALLOW_PRIVATE", "true"),
        ("REEL__AUTH__OTP_RESEND_SECS", "0"),
        ("REEL__AUTH__OTP_PER_HOUR", "100"),
        ("REEL__ALARMS__EVERY_SECS", "1"),
        ("REEL__ALARMS__OTP_DELIVERY_LOW__WINDOW_SECS", "4"),
        ("REEL__ALARMS__OTP_DELIVERY_LOW__FOR_SECS", "2"),
        ("REEL__ALARMS__WEBHOOK_URL", &hook_url),
        ("REEL__ALARMS__WEBHOOK_SECRET", SECRET),
        ("REEL__ALARMS__WEBHOOK_ALLOW_PRIVATE", "true"),
    ]);
    let check_signatures = standard_webhooks_present();
    let http = server.http();
    let (admin_cookie, _) = sign_in(&server, &smtp, ADMIN_EMAIL, 1).await;
    let phone = "+447700900124";
    server.cli(&["user", "create", "--phone", phone]);
    let alarm = |body: &Value| body["alarms"].as_array().unwrap().iter().find(|a| a["name"] == "ReelOtpDeliveryLow").unwrap().clone();
    let alarms = || async { server.get_json("/api/v1/admin/alarms").await };
    assert_eq!(alarm(&alarms().await)["state"], "ok");

    // Three codes the provider refuses.
    for _ in 0..3 {
        let r = http.post(format!("{}/api/v1/auth/otp/request", server.base)).json(&json!({ "phone": phone })).send().await.unwrap();
        assert_eq!(r.status(), 202);
        next_delivery(&mut sms, "the SMS attempt").await;
    }
    // Pending first (the condition must hold for 2 s), then firing.
    crate::common::eventually(Duration::from_secs(15), "the alarm pending or firing", || async {
        ["pending", "firing"].contains(&alarm(&alarms().await)["state"].as_str().unwrap())
    })
    .await;
    crate::common::eventually(Duration::from_secs(15), "the alarm firing", || async { alarm(&alarms().await)["state"] == "firing" }).await;
    let now = alarm(&alarms().await);
    assert_eq!(now["value"], 0.0, "{now}");
    assert!(now["detail"].as_str().unwrap().contains("sms: 3 of 3 codes lost"), "{now}");
    // The health page says what the alarm means and measured in the page's language.
    let french = http.get(format!("{}/admin/health?lang=fr", server.base)).header("cookie", &admin_cookie).send().await.unwrap();
    let french = french.text().await.unwrap();
    assert!(
        french.contains("sms : 3 codes perdus sur 3") && french.contains("Les codes de connexion n’arrivent pas aux destinataires"),
        "{french}"
    );

    // The admin is mailed, once.
    let mails = smtp.wait_for_messages(ADMIN_EMAIL, 2, Duration::from_secs(30)).await;
    let subject = crate::common::smtp::header(&mails[1], "Subject").unwrap();
    assert!(subject.contains("FIRING") && subject.contains("ReelOtpDeliveryLow"), "{subject}");
    let text = crate::common::smtp::body_text(&mails[1]);
    assert!(
        text.contains("is firing since") && text.contains("sms: 3 of 3 codes lost.\n\nThe health page has every alarm: http"),
        "{text}"
    );
    // The webhook is called with a Standard Webhooks signature.
    let (headers, body) = next_delivery(&mut hooks, "the firing webhook").await;
    let event: Value = serde_json::from_str(&body).unwrap();
    assert_eq!((event["type"].as_str(), event["data"]["alarm"].as_str()), (Some("alarm.firing"), Some("ReelOtpDeliveryLow")), "{event}");
    if check_signatures {
        assert!(standard_webhooks_verifies(SECRET, &headers, &body), "the signature does not verify");
        assert!(!standard_webhooks_verifies(SECRET, &headers, &body.replace("firing", "resolved")), "a changed body still verifies");
    }

    // The health page shows it to the admin.
    let page = http.get(format!("{}/admin/health", server.base)).header("cookie", &admin_cookie).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("ReelOtpDeliveryLow") && html.contains(r#"data-status="firing""#), "{html}");

    // The provider recovers: codes are sent, the lost ones leave the window, the alarm resolves.
    sms_status.store(202, Ordering::Relaxed);
    let r = http.post(format!("{}/api/v1/auth/otp/request", server.base)).json(&json!({ "phone": phone })).send().await.unwrap();
    assert_eq!(r.status(), 202);
    crate::common::eventually(Duration::from_secs(20), "the alarm resolved", || async { alarm(&alarms().await)["state"] == "resolved" })
        .await;
    let mails = smtp.wait_for_messages(ADMIN_EMAIL, 3, Duration::from_secs(30)).await;
    let subject = crate::common::smtp::header(&mails[2], "Subject").unwrap();
    assert!(subject.contains("RESOLVED") && subject.contains("ReelOtpDeliveryLow"), "{subject}");
    let (headers, body) = next_delivery(&mut hooks, "the resolved webhook").await;
    assert!(body.contains("alarm.resolved"), "{body}");
    assert!(!check_signatures || standard_webhooks_verifies(SECRET, &headers, &body), "the signature does not verify");

    // Both events are in the history, newest first; nothing else fired.
    let all = alarms().await;
    let events: Vec<(&str, &str)> =
        all["events"].as_array().unwrap().iter().map(|e| (e["name"].as_str().unwrap(), e["state"].as_str().unwrap())).collect();
    assert_eq!(events, [("ReelOtpDeliveryLow", "resolved"), ("ReelOtpDeliveryLow", "firing")]);
    assert_eq!(smtp.messages_to(ADMIN_EMAIL).len(), 3, "one sign-in code, one email per event");
}

#[tokio::test(flavor = "multi_thread")]
async fn only_admins_see_the_alarms_and_a_bad_webhook_setting_stops_the_server() {
    let server = crate::common::TestServer::start_with(&[
        ("REEL__ALARMS__WEBHOOK_URL", "http://127.0.0.1:9/hook"),
        ("REEL__ALARMS__WEBHOOK_SECRET", SECRET),
    ]);
    server.cli(&["user", "create", "--email", "viewer@example.org"]);
    let token =
        server.cli(&["token", "create", "--name", "v", "--user", "viewer@example.org", "--scopes", "read,account"]).trim().to_string();
    let r = reqwest::Client::new().get(format!("{}/api/v1/admin/alarms", server.base)).bearer_auth(&token).send().await.unwrap();
    assert_eq!(r.status(), 403);
    let body = server.get_json("/api/v1/admin/alarms").await;
    assert_eq!(body["alarms"].as_array().unwrap().len(), 9, "{body}");
    assert_eq!(body["enabled"], true);

    // A bad webhook setting stops the server at start, with a clear reason.
    let out = server.command().env("REEL__ALARMS__WEBHOOK_SECRET", "not-a-secret").args(["print-config"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && stderr.contains("alarms.webhook_secret"), "{stderr}");
}
