//! `[notify]`: how sign-in codes and notices reach people, by email and by SMS.

use serde::{Deserialize, Serialize};

use super::Secret;

/// How login codes reach people.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NotifyConfig {
    /// `console` (log + `{data_dir}/outbox/`) or `smtp`.
    pub email: EmailTransport,
    /// `console` or `webhook`.
    pub sms: SmsTransport,
    /// SMTP server.
    pub smtp_host: String,
    /// SMTP port.
    pub smtp_port: u16,
    /// `starttls`, `tls` (implicit) or `none`.
    pub smtp_tls: SmtpTls,
    /// SMTP user (empty: no authentication).
    pub smtp_username: String,
    /// SMTP password.
    pub smtp_password: Secret,
    /// The From address.
    pub from: String,
    /// SMS provider endpoint (POSTed a JSON body).
    pub sms_webhook_url: String,
    /// Value of the `Authorization` header sent to the SMS provider.
    pub sms_webhook_auth: Secret,
    /// JSON body template; `{to}` and `{message}` are replaced (JSON-escaped), and
    /// `{receipt_url}`, where given, by the signed URL the provider posts its delivery receipt
    /// to (the `delivered` outcome of `reel_login_codes_total`).
    pub sms_webhook_template: String,
    /// PEM certificates to trust for an `https://` webhook besides the system's roots (a
    /// private CA, or the provider's self-signed certificate); empty: the system's only.
    pub sms_webhook_ca_file: String,
    /// Whether the webhook may be on a private, loopback or link-local address (a relay on this
    /// machine or its network); off, such an address is refused, whatever the name resolves to.
    pub sms_webhook_allow_private: bool,
}

/// Email transports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EmailTransport {
    /// Written to the log and the outbox folder.
    Console,
    /// Sent through an SMTP server.
    Smtp,
}

/// SMS transports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmsTransport {
    /// Written to the log and the outbox folder.
    Console,
    /// POSTed to an HTTP provider.
    Webhook,
}

/// SMTP connection security.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    /// Plain connection upgraded with STARTTLS (required).
    Starttls,
    /// TLS from the first byte (SMTPS).
    Tls,
    /// No encryption (a relay on localhost only).
    None,
}

impl Default for NotifyConfig {
    fn default() -> Self {
        Self {
            email: EmailTransport::Console,
            sms: SmsTransport::Console,
            smtp_host: "localhost".into(),
            smtp_port: 587,
            smtp_tls: SmtpTls::Starttls,
            smtp_username: String::new(),
            smtp_password: Secret::default(),
            from: "Reel <reel@localhost>".into(),
            sms_webhook_url: String::new(),
            sms_webhook_auth: Secret::default(),
            sms_webhook_template: r#"{"to": "{to}", "body": "{message}"}"#.into(),
            sms_webhook_ca_file: String::new(),
            sms_webhook_allow_private: false,
        }
    }
}
