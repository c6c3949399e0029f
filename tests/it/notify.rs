//! Login-code delivery against real parts: aiosmtpd for email, a small HTTP server for SMS.

// suite: embedded login codes go out through SMTP and an SMS endpoint; no database, store or cache is touched

use std::time::{Duration, Instant};

use crate::common::smtp::{self, SmtpServer};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::routing::any;
use axum::Router;
use reel_base::config::{Config, EmailTransport, Secret, SmsTransport, SmtpTls};
use reel_base::domain::{Address, Email, Phone};
use reel_core::platform::notify::{self, Message, NotifyError};
use tokio::sync::mpsc;

fn smtp_config(port: u16) -> Config {
    let mut config = Config::default();
    config.notify.email = EmailTransport::Smtp;
    config.notify.smtp_host = "127.0.0.1".into();
    config.notify.smtp_port = port;
    config.notify.smtp_tls = SmtpTls::None;
    config
}

fn email(address: &str) -> Address {
    Address::Email(Email::parse(address).unwrap())
}

fn code_message() -> Message {
    Message::new("Your Reel code: 482913", "Your code is 482913.\nIt expires in 5 minutes.")
}

/// A port nothing listens on.
fn closed_port() -> u16 {
    crate::common::free_port()
}

#[tokio::test]
async fn an_email_sent_through_smtp_arrives_with_its_subject_and_text() {
    let server = SmtpServer::start();
    let notifier = notify::from_config(&smtp_config(server.port)).unwrap();

    notifier.send(&email("ada@example.org"), &code_message()).await.unwrap();

    let raw = server.wait_for_message("ada@example.org", Duration::from_secs(10)).await;
    assert_eq!(smtp::header(&raw, "To").as_deref(), Some("ada@example.org"), "{raw}");
    assert_eq!(smtp::header(&raw, "X-RcptTo").as_deref(), Some("ada@example.org"), "the envelope: {raw}");
    assert_eq!(smtp::header(&raw, "Subject").as_deref(), Some("Your Reel code: 482913"), "{raw}");
    assert_eq!(smtp::header(&raw, "From").as_deref(), Some("Reel <reel@localhost>"), "{raw}");
    assert!(smtp::header(&raw, "Message-ID").is_some_and(|id| id.starts_with('<') && id.ends_with("@localhost>")), "{raw}");
    assert_eq!(smtp::body_text(&raw).trim_end(), code_message().text, "{raw}");
}

#[tokio::test]
async fn text_beyond_ascii_arrives_intact() {
    let server = SmtpServer::start();
    let notifier = notify::from_config(&smtp_config(server.port)).unwrap();
    let message = Message::new("Votre code Reel — 482913", "Bonjour Zoë,\nvotre code est 482913 — à bientôt.");

    notifier.send(&email("zoe@example.org"), &message).await.unwrap();

    let raw = server.wait_for_message("zoe@example.org", Duration::from_secs(10)).await;
    assert_eq!(smtp::header(&raw, "Subject").as_deref(), Some(message.subject.as_str()), "{raw}");
    assert_eq!(smtp::body_text(&raw).trim_end(), message.text, "{raw}");
}

#[tokio::test]
async fn each_recipient_gets_only_their_own_message() {
    let server = SmtpServer::start();
    let notifier = notify::from_config(&smtp_config(server.port)).unwrap();
    for (to, code) in [("ada@example.org", "111111"), ("bob@example.org", "222222"), ("ada@example.org", "333333")] {
        let message = Message::new("Your Reel code", format!("Your code is {code}."));
        notifier.send(&email(to), &message).await.unwrap();
    }

    let ada = server.wait_for_messages("ada@example.org", 2, Duration::from_secs(10)).await;
    let bob = server.wait_for_messages("bob@example.org", 1, Duration::from_secs(10)).await;
    assert_eq!(
        ada.iter().map(|m| smtp::body_text(m).trim_end().to_string()).collect::<Vec<_>>(),
        ["Your code is 111111.", "Your code is 333333."]
    );
    assert_eq!(bob.len(), 1);
    assert!(smtp::body_text(&bob[0]).contains("222222"));
}

#[tokio::test]
async fn an_unreachable_smtp_server_is_an_error_and_does_not_hang() {
    let notifier = notify::from_config(&smtp_config(closed_port())).unwrap();
    let started = Instant::now();

    let result = tokio::time::timeout(Duration::from_secs(30), notifier.send(&email("ada@example.org"), &code_message()))
        .await
        .expect("send gives up by itself");

    assert!(matches!(result, Err(NotifyError::Smtp(_))), "{result:?}");
    assert!(started.elapsed() < Duration::from_secs(20), "took {:?}", started.elapsed());
}

/// What the fake SMS provider was sent.
struct Received {
    method: Method,
    headers: HeaderMap,
    body: String,
}

/// An HTTP server on 127.0.0.1:0 that answers every request with `status`; returns its URL.
async fn sms_provider(status: StatusCode) -> (String, mpsc::UnboundedReceiver<Received>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let app = Router::new().route(
        "/sms",
        any(move |method: Method, headers: HeaderMap, body: String| async move {
            let _ = tx.send(Received { method, headers, body });
            status
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/sms", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, rx)
}

fn webhook_config(url: &str) -> Config {
    let mut config = Config::default();
    config.notify.sms = SmsTransport::Webhook;
    config.notify.sms_webhook_url = url.into();
    // The test's provider is on loopback.
    config.notify.sms_webhook_allow_private = true;
    config.notify.sms_webhook_auth = Secret::new("Bearer sk_test_42");
    config
}

fn phone() -> Address {
    Address::Phone(Phone::parse("+44 20 7946 0958").unwrap())
}

#[tokio::test]
async fn an_sms_is_posted_to_the_webhook_as_json_with_the_authorization_header() {
    let (url, mut received) = sms_provider(StatusCode::ACCEPTED).await;
    let notifier = notify::from_config(&webhook_config(&url)).unwrap();
    let message = Message::new("ignored for SMS", "Your \"Reel\" code is 482913.\nIgnore this if it was not you.");

    notifier.send(&phone(), &message).await.unwrap();

    let request = received.try_recv().expect("the provider was called");
    assert_eq!(request.method, Method::POST);
    assert_eq!(request.headers["authorization"], "Bearer sk_test_42");
    assert_eq!(request.headers["content-type"], "application/json");
    let body: serde_json::Value = serde_json::from_str(&request.body).expect("a JSON body");
    assert_eq!(body, serde_json::json!({"to": "+442079460958", "body": message.text}));
}

#[tokio::test]
async fn an_sms_webhook_that_answers_an_error_status_is_a_failure() {
    let (url, mut received) = sms_provider(StatusCode::SERVICE_UNAVAILABLE).await;
    let notifier = notify::from_config(&webhook_config(&url)).unwrap();

    let result = notifier.send(&phone(), &code_message()).await;

    assert!(matches!(result, Err(NotifyError::WebhookStatus(s)) if s == StatusCode::SERVICE_UNAVAILABLE), "{result:?}");
    assert!(received.try_recv().is_ok(), "the provider was called");
}

#[tokio::test]
async fn an_unreachable_sms_webhook_is_an_error_that_does_not_repeat_the_url() {
    let url = format!("http://127.0.0.1:{}/sms?key=s3cret", closed_port());
    let notifier = notify::from_config(&webhook_config(&url)).unwrap();

    let result = tokio::time::timeout(Duration::from_secs(30), notifier.send(&phone(), &code_message())).await.expect("gives up by itself");

    let error = result.expect_err("nothing listens there");
    assert!(matches!(error, NotifyError::Webhook(_)), "{error:?}");
    assert!(!error.to_string().contains("s3cret") && !format!("{error:?}").contains("s3cret"), "{error:?}");
}

#[tokio::test]
async fn an_sms_webhook_over_https_is_trusted_through_its_ca_file_and_refused_without_it() {
    let (url, mut received) = sms_provider(StatusCode::ACCEPTED).await;
    let plain_port: u16 = url.trim_start_matches("http://127.0.0.1:").trim_end_matches("/sms").parse().unwrap();
    let tls = crate::common::tls::TlsProxy::start(plain_port);
    let https = format!("https://127.0.0.1:{}/sms", tls.port);

    // The server's certificate is not one the system trusts.
    let notifier = notify::from_config(&webhook_config(&https)).unwrap();
    let result = notifier.send(&phone(), &code_message()).await;
    assert!(matches!(result, Err(NotifyError::Webhook(_))), "{result:?}");
    assert!(received.try_recv().is_err(), "nothing reached the provider");

    let mut config = webhook_config(&https);
    config.notify.sms_webhook_ca_file = tls.ca_file.display().to_string();
    notify::from_config(&config).unwrap().send(&phone(), &code_message()).await.unwrap();
    let request = received.try_recv().expect("the provider was called over TLS");
    assert_eq!(request.headers["authorization"], "Bearer sk_test_42");

    // A CA file that is not there is a configuration error at start, naming the setting.
    config.notify.sms_webhook_ca_file = "/nonexistent/ca.pem".into();
    let error = notify::from_config(&config).err().expect("a missing CA file is refused").to_string();
    assert!(error.contains("sms_webhook_ca_file") && error.contains("/nonexistent/ca.pem"), "{error}");
}
