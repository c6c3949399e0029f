//! Delivering login codes: email (console outbox or SMTP) and SMS (console outbox or an HTTP
//! webhook, which may be handed a URL to post the provider's delivery receipt to).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use lettre::message::header::{ContentType, HeaderName as MailHeaderName, HeaderValue as MailHeaderValue};
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use reqwest::header::{HeaderValue, AUTHORIZATION, CONTENT_TYPE};

use reel_base::config::{Config, EmailTransport, NotifyConfig, SmsTransport, SmtpTls};
use reel_base::domain::{Address, Email, Phone};

/// The whole SMTP exchange (connect, TLS, EHLO, AUTH, DATA) must finish within this.
const SMTP_TIMEOUT: Duration = Duration::from_secs(15);
/// The whole SMS webhook request must finish within this.
const WEBHOOK_TIMEOUT: Duration = Duration::from_secs(10);

/// A plain-text message; SMS transports send only `text`.
#[derive(Clone, PartialEq, Eq)]
pub struct Message {
    /// Email subject (one line).
    pub subject: String,
    /// The body.
    pub text: String,
    /// Where an SMS provider may post its delivery receipt (`{receipt_url}` in the webhook
    /// template); email has none.
    pub receipt_url: Option<String>,
    /// For an email someone may stop getting: the URL that stops it, given to mail clients as
    /// `List-Unsubscribe` with `List-Unsubscribe-Post` (RFC 8058's one-click POST, which a
    /// scanner's prefetching GET never triggers).
    pub unsubscribe: Option<String>,
}

impl Message {
    /// A message without a receipt or unsubscribe URL.
    pub fn new(subject: impl Into<String>, text: impl Into<String>) -> Self {
        Self { subject: subject.into(), text: text.into(), receipt_url: None, unsubscribe: None }
    }

    /// The message with `url` as its one-click unsubscribe.
    pub fn with_unsubscribe(self, url: impl Into<String>) -> Self {
        Self { unsubscribe: Some(url.into()), ..self }
    }
}

// Messages carry login codes: a stray `{:?}` in a log line must not print one.
impl std::fmt::Debug for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Message").field("subject", &self.subject).field("text", &"[redacted]").finish()
    }
}

/// The language to write to the account `user` in: the interface language it chose, when the
/// site offers that one, else the site's default (so also for an address with no account yet).
/// A failure to read the choice writes in the default.
pub async fn language_for(
    db: &reel_base::db::Db,
    site: &reel_base::config::SiteConfig,
    user: Option<reel_base::domain::UserId>,
) -> reel_base::i18n::Lang {
    let Some(user) = user else { return site.default_lang() };
    let chosen = match reel_base::db::users::preferences(db, user).await {
        Ok(preferences) => preferences.and_then(|p| p.language),
        Err(e) => {
            tracing::warn!(error = %e, "the account's language could not be read; writing in the site's");
            None
        }
    };
    chosen.as_deref().and_then(reel_base::i18n::Lang::parse).filter(|l| site.offered().contains(l)).unwrap_or_else(|| site.default_lang())
}

/// Sends a message to an email address or a phone number.
#[async_trait::async_trait]
pub trait Notifier: Send + Sync {
    /// Delivers `message` to `to`; returns once the transport has accepted it (or failed).
    async fn send(&self, to: &Address, message: &Message) -> Result<(), NotifyError>;
}

/// Why a notifier could not be built or a message not delivered. No variant carries a secret.
#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    /// The `[notify]` settings cannot work; reported by [`from_config`].
    #[error("notify configuration: {0}")]
    Config(String),
    /// The recipient is not an address the transport can send to.
    #[error("{0} is not a deliverable email address")]
    InvalidAddress(String),
    /// The console transport could not write its outbox file.
    #[error("writing to the outbox: {0}")]
    Outbox(#[source] std::io::Error),
    /// The email could not be put together.
    #[error("building the email: {0}")]
    Build(#[source] lettre::error::Error),
    /// The SMTP server refused the message or could not be reached.
    #[error("SMTP delivery failed: {0}")]
    Smtp(#[source] lettre::transport::smtp::Error),
    /// The transport did not finish in time.
    #[error("{channel} delivery did not finish within {} s", .limit.as_secs())]
    Timeout {
        /// `email` or `sms`.
        channel: &'static str,
        /// The limit that was reached.
        limit: Duration,
    },
    /// The SMS webhook could not be reached (the URL is left out: it may hold a key).
    #[error("SMS webhook request failed: {0}")]
    Webhook(#[source] reqwest::Error),
    /// The SMS webhook answered with a status other than 2xx.
    #[error("SMS webhook answered {0}")]
    WebhookStatus(reqwest::StatusCode),
}

impl NotifyError {
    /// Whether the person asking could fix this by giving another address.
    pub fn is_client_error(&self) -> bool {
        matches!(self, NotifyError::InvalidAddress(_))
    }
}

/// Builds the notifier the configuration asks for: email and SMS each to their own transport.
///
/// Everything that can be checked without sending (addresses, URLs, the webhook template) is
/// checked here, so a bad setting stops the server at start rather than at the first login.
pub fn from_config(config: &Config) -> Result<Arc<dyn Notifier>, NotifyError> {
    let n = &config.notify;
    let outbox = || Outbox { dir: outbox_dir(&config.data_dir) };
    let email = match n.email {
        EmailTransport::Console => EmailRoute::Console(outbox()),
        EmailTransport::Smtp => EmailRoute::Smtp(Box::new(Smtp::new(n)?)),
    };
    let sms = match n.sms {
        SmsTransport::Console => SmsRoute::Console(outbox()),
        SmsTransport::Webhook => SmsRoute::Webhook(SmsWebhook::new(n)?),
    };
    Ok(Arc::new(Dispatcher { email, sms }))
}

/// Where the console transport writes one file per message: `{data_dir}/outbox/`.
pub fn outbox_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("outbox")
}

struct Dispatcher {
    email: EmailRoute,
    sms: SmsRoute,
}

enum EmailRoute {
    Console(Outbox),
    Smtp(Box<Smtp>),
}

enum SmsRoute {
    Console(Outbox),
    Webhook(SmsWebhook),
}

#[async_trait::async_trait]
impl Notifier for Dispatcher {
    #[tracing::instrument(skip_all, fields(channel = to.channel()))]
    async fn send(&self, to: &Address, message: &Message) -> Result<(), NotifyError> {
        let result = match (to, &self.email, &self.sms) {
            (Address::Email(_), EmailRoute::Console(outbox), _) | (Address::Phone(_), _, SmsRoute::Console(outbox)) => {
                outbox.write(to, message).await
            }
            (Address::Email(email), EmailRoute::Smtp(smtp), _) => smtp.send(email, message).await,
            (Address::Phone(phone), _, SmsRoute::Webhook(webhook)) => webhook.send(phone, message).await,
        };
        let outcome = if result.is_ok() { "sent" } else { "failed" };
        metrics::counter!("reel_notifications_total", "channel" => to.channel(), "outcome" => outcome).increment(1);
        if let Err(e) = &result {
            tracing::warn!(to = to.as_str(), error = %e, "notification not delivered");
        }
        result
    }
}

/// The embedded default: the log and a folder of text files an operator can read codes from.
struct Outbox {
    dir: PathBuf,
}

impl Outbox {
    async fn write(&self, to: &Address, message: &Message) -> Result<(), NotifyError> {
        let mut dir = tokio::fs::DirBuilder::new();
        dir.recursive(true);
        // The files hold live login codes: only the server's user may read them.
        #[cfg(unix)]
        dir.mode(0o700);
        dir.create(&self.dir).await.map_err(NotifyError::Outbox)?;

        let millis = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_millis();
        let stem = format!("{millis}-{}-{}", to.channel(), file_safe(to.as_str()));
        let body = format!("To: {}\nSubject: {}\n\n{}\n", to.as_str(), one_line(&message.subject), message.text);
        let path = write_new(&self.dir, &stem, body.as_bytes()).await.map_err(NotifyError::Outbox)?;
        tracing::info!(to = to.as_str(), text = %message.text, path = %path.display(), "notification written to the outbox");
        Ok(())
    }
}

/// Removes from the console outbox under `data_dir` every message to one of `addresses` (an
/// erased account's), so the embedded default keeps nothing sent to someone who is gone; how
/// many. A missing outbox holds nothing.
pub async fn forget_outbox(data_dir: &Path, addresses: &[Address]) -> std::io::Result<usize> {
    let dir = outbox_dir(data_dir);
    let mut entries = match tokio::fs::read_dir(&dir).await {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    // `{millis}-{channel}-{address}.txt`, or `…-{address}-{n}.txt` (see `write_new`).
    let ends: Vec<String> = addresses.iter().map(|a| format!("-{}-{}", a.channel(), file_safe(a.as_str()))).collect();
    let to_one_of = |name: &str| {
        let Some(stem) = name.strip_suffix(".txt") else { return false };
        let numbered = stem.rsplit_once('-').filter(|(_, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())).map(|(s, _)| s);
        ends.iter().any(|end| stem.ends_with(end.as_str()) || numbered.is_some_and(|s| s.ends_with(end.as_str())))
    };
    let mut removed = 0;
    while let Some(entry) = entries.next_entry().await? {
        if to_one_of(&entry.file_name().to_string_lossy()) {
            tokio::fs::remove_file(entry.path()).await?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// Writes `{stem}.txt`, or `{stem}-N.txt` if two messages to one address share a millisecond.
///
/// The text goes to a hidden temporary file first and is then linked under its name, so a
/// reader of the outbox never sees a message half-written, and no message replaces another.
async fn write_new(dir: &Path, stem: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
    use tokio::io::AsyncWriteExt;
    let tmp = dir.join(format!(".{stem}.{}.tmp", uuid::Uuid::new_v4().simple()));
    let mut options = tokio::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    options.mode(0o600);
    let mut file = options.open(&tmp).await?;
    file.write_all(bytes).await?;
    file.flush().await?;
    drop(file);
    let mut n = 0u32;
    let linked = loop {
        let path = if n == 0 { dir.join(format!("{stem}.txt")) } else { dir.join(format!("{stem}-{n}.txt")) };
        match tokio::fs::hard_link(&tmp, &path).await {
            Ok(()) => break Ok(path),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 100 => n += 1,
            Err(e) => break Err(e),
        }
    };
    let _ = tokio::fs::remove_file(&tmp).await;
    linked
}

/// An address as a file-name part: no path separators, bounded length.
fn file_safe(address: &str) -> String {
    address.chars().take(100).map(|c| if c.is_ascii_alphanumeric() || matches!(c, '@' | '.' | '+' | '-' | '_') { c } else { '_' }).collect()
}

/// A subject is one header line: line breaks and other control characters become spaces.
fn one_line(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// Email through an SMTP server, one connection per message.
struct Smtp {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    limit: Duration,
}

impl Smtp {
    fn new(n: &NotifyConfig) -> Result<Self, NotifyError> {
        let invalid = |m: String| NotifyError::Config(m);
        if n.smtp_host.trim().is_empty() {
            return Err(invalid("notify.smtp_host is empty".into()));
        }
        let from: Mailbox = n.from.parse().map_err(|e| invalid(format!("notify.from {:?} is not a mailbox: {e}", n.from)))?;
        let host = n.smtp_host.trim();
        let builder = match n.smtp_tls {
            SmtpTls::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host),
            SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host),
            SmtpTls::None => Ok(AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)),
        }
        .map_err(|e| invalid(format!("SMTP TLS for {host}: {e}")))?;
        let mut builder = builder.port(n.smtp_port).timeout(Some(SMTP_TIMEOUT));
        if !n.smtp_username.is_empty() {
            builder = builder.credentials(Credentials::new(n.smtp_username.clone(), n.smtp_password.expose().to_string()));
        }
        Ok(Self { transport: builder.build(), from, limit: SMTP_TIMEOUT })
    }

    /// The email as lettre will put it on the wire. lettre writes and encodes every header, so
    /// no part of the address, subject or text can add a header of its own.
    fn build(&self, to: &Email, message: &Message) -> Result<lettre::Message, NotifyError> {
        let to: lettre::Address = to.as_str().parse().map_err(|_| NotifyError::InvalidAddress(to.to_string()))?;
        let mut builder = lettre::Message::builder()
            .from(self.from.clone())
            .to(Mailbox::new(None, to))
            .subject(one_line(&message.subject))
            // Some large providers refuse mail without a Message-ID; the From domain names it
            // better than this machine's host name would.
            .message_id(Some(format!("<{}@{}>", uuid::Uuid::new_v4().simple(), self.from.email.domain())))
            .header(ContentType::TEXT_PLAIN);
        if let Some(url) = &message.unsubscribe {
            let header = |name: &'static str, value: String| MailHeaderValue::new(MailHeaderName::new_from_ascii_str(name), value);
            builder = builder
                .raw_header(header("List-Unsubscribe", format!("<{}>", one_line(url))))
                .raw_header(header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click".into()));
        }
        builder.body(message.text.clone()).map_err(NotifyError::Build)
    }

    async fn send(&self, to: &Email, message: &Message) -> Result<(), NotifyError> {
        let email = self.build(to, message)?;
        // lettre's own timeout covers only connecting; a server that accepts and then stalls
        // would otherwise hold the caller forever.
        match tokio::time::timeout(self.limit, self.transport.send(email)).await {
            Ok(Ok(_response)) => Ok(()),
            Ok(Err(e)) => Err(NotifyError::Smtp(e)),
            Err(_) => Err(NotifyError::Timeout { channel: "email", limit: self.limit }),
        }
    }
}

/// SMS through a provider's HTTP endpoint, POSTed a JSON body made from a template, over
/// `https://` (the system's roots, plus `notify.sms_webhook_ca_file`) or plain `http://` (a
/// local relay).
struct SmsWebhook {
    client: reqwest::Client,
    url: reqwest::Url,
    auth: Option<HeaderValue>,
    template: String,
}

impl SmsWebhook {
    fn new(n: &NotifyConfig) -> Result<Self, NotifyError> {
        let invalid = |m: &str| NotifyError::Config(m.to_string());
        // The URL may carry an API key, so no message below repeats it.
        let url = reqwest::Url::parse(n.sms_webhook_url.trim()).map_err(|_| invalid("notify.sms_webhook_url is not a URL"))?;
        if !matches!(url.scheme(), "https" | "http") {
            return Err(invalid("notify.sms_webhook_url must be an https:// or http:// URL"));
        }
        let auth = if n.sms_webhook_auth.is_empty() {
            None
        } else {
            let mut value = HeaderValue::from_str(n.sms_webhook_auth.expose())
                .map_err(|_| invalid("notify.sms_webhook_auth is not a valid header value"))?;
            value.set_sensitive(true);
            Some(value)
        };
        let template = n.sms_webhook_template.clone();
        if !template.contains("{to}") || !template.contains("{message}") {
            return Err(invalid("notify.sms_webhook_template must contain {to} and {message}"));
        }
        // Trying the template with awkward values finds placeholders placed outside a JSON string.
        fill_template(&template, "+15550100000", "code \"123456\"\n\\ {to}", "https://reel.example/api/v1/sms/receipts/a.1.b")
            .map_err(|e| NotifyError::Config(format!("notify.sms_webhook_template does not make JSON: {e}")))?;
        let ca_file = std::path::Path::new(n.sms_webhook_ca_file.trim());
        let mut builder = crate::platform::outbound::client_with_roots(Some(ca_file))
            .map_err(|e| NotifyError::Config(format!("notify.sms_webhook_ca_file: {e}")))?;
        if !n.sms_webhook_allow_private {
            // Every connection goes only to public addresses, whatever the name resolves to then.
            crate::platform::outbound::refuse_private_host(&url)
                .map_err(|e| NotifyError::Config(format!("notify.sms_webhook_url: {e} (notify.sms_webhook_allow_private)")))?;
            builder = builder.dns_resolver(Arc::new(crate::platform::outbound::PublicOnly));
        }
        let client = builder
            .timeout(WEBHOOK_TIMEOUT)
            // A redirect would carry the Authorization header and the code to another place.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| NotifyError::Config(format!("SMS webhook client: {}", e.without_url())))?;
        Ok(Self { client, url, auth, template })
    }

    async fn send(&self, to: &Phone, message: &Message) -> Result<(), NotifyError> {
        let body = fill_template(&self.template, to.as_str(), &message.text, message.receipt_url.as_deref().unwrap_or_default())
            .map_err(|e| NotifyError::Config(format!("notify.sms_webhook_template does not make JSON: {e}")))?;
        let mut request = self.client.post(self.url.clone()).header(CONTENT_TYPE, "application/json").body(body);
        if let Some(auth) = &self.auth {
            request = request.header(AUTHORIZATION, auth.clone());
        }
        let response = request.send().await.map_err(|e| {
            if e.is_timeout() {
                NotifyError::Timeout { channel: "sms", limit: WEBHOOK_TIMEOUT }
            } else {
                NotifyError::Webhook(e.without_url())
            }
        })?;
        if response.status().is_success() {
            Ok(())
        } else {
            Err(NotifyError::WebhookStatus(response.status()))
        }
    }
}

/// The template with `{to}`, `{receipt_url}` and `{message}` replaced by JSON-escaped text;
/// checked to be JSON.
fn fill_template(template: &str, to: &str, text: &str, receipt_url: &str) -> Result<String, serde_json::Error> {
    // `{message}` last: a phone number or a URL Reel made cannot contain a placeholder, but a
    // message may contain `{to}`, which must then stay as written.
    let body = template
        .replace("{to}", &json_escape(to))
        .replace("{receipt_url}", &json_escape(receipt_url))
        .replace("{message}", &json_escape(text));
    serde_json::from_str::<serde_json::Value>(&body)?;
    Ok(body)
}

/// A string's JSON form without the surrounding quotes, for use inside a template's quotes.
fn json_escape(s: &str) -> String {
    let quoted = serde_json::Value::String(s.to_string()).to_string();
    // Exactly one quote at each end: trimming all of them would eat an escaped `\"` at the end.
    quoted[1..quoted.len() - 1].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use reel_base::config::Secret;

    fn message() -> Message {
        Message::new("Your Reel code", "Your code is 123456.\nIt expires in 5 minutes.")
    }

    #[test]
    fn template_filling_escapes_quotes_and_newlines_into_valid_json() {
        let text = "say \"hi\"\nthen \\ and {to} and \u{1}";
        let body = fill_template(r#"{"to": "{to}", "body": "{message}"}"#, "+442079460958", text, "").unwrap();
        let json: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(json["to"], "+442079460958");
        assert_eq!(json["body"], text, "the text must come back unchanged, {{to}} included");
        assert!(!body.contains('\n'), "a raw newline inside a JSON string is invalid: {body}");
    }

    #[test]
    fn a_template_that_cannot_make_json_is_refused_at_start() {
        let mut n =
            NotifyConfig { sms_webhook_url: "http://127.0.0.1:9/sms".into(), sms_webhook_allow_private: true, ..NotifyConfig::default() };
        for bad in
            [r#"{"to": {to}, "body": "{message}"}"#, r#"{"to": "{to}", "body": {message}}"#, r#"{"to": "{to}"}"#, "to={to}&body={message}"]
        {
            n.sms_webhook_template = bad.into();
            assert!(matches!(SmsWebhook::new(&n), Err(NotifyError::Config(_))), "{bad}");
        }
        n.sms_webhook_template = NotifyConfig::default().sms_webhook_template;
        assert!(SmsWebhook::new(&n).is_ok());
    }

    #[tokio::test]
    async fn an_erased_accounts_messages_leave_the_outbox_and_no_one_elses_do() {
        let data = tempfile::tempdir().unwrap();
        let outbox = Outbox { dir: outbox_dir(data.path()) };
        let (gone, stays) =
            (Address::Email(Email::parse("n@example.org").unwrap()), Address::Email(Email::parse("ann@example.org").unwrap()));
        let phone = Address::Phone(Phone::parse("+442079460958").unwrap());
        for to in [&gone, &gone, &stays, &phone] {
            outbox.write(to, &message()).await.unwrap();
        }
        assert_eq!(forget_outbox(data.path(), &[gone, phone]).await.unwrap(), 3);
        let left: Vec<String> =
            std::fs::read_dir(outbox_dir(data.path())).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        assert!(left.len() == 1 && left[0].ends_with("-email-ann@example.org.txt"), "{left:?}");
        assert_eq!(forget_outbox(tempfile::tempdir().unwrap().path(), &[stays]).await.unwrap(), 0, "no outbox, nothing to forget");
    }

    #[test]
    fn a_webhook_on_a_private_address_is_refused_unless_allowed() {
        let mut n = NotifyConfig { sms_webhook_url: "http://127.0.0.1:9/sms?key=s3cret".into(), ..NotifyConfig::default() };
        n.sms_webhook_allow_private = false;
        let e = SmsWebhook::new(&n).err().expect("a loopback webhook is refused").to_string();
        assert!(e.contains("private") && e.contains("sms_webhook_allow_private") && !e.contains("s3cret"), "{e}");
        n.sms_webhook_allow_private = true;
        assert!(SmsWebhook::new(&n).is_ok());
    }

    #[test]
    fn a_webhook_url_of_another_scheme_is_refused_with_a_clear_error_that_does_not_repeat_the_url() {
        let n = NotifyConfig { sms_webhook_url: "ftp://sms.example/send?key=s3cret".into(), ..NotifyConfig::default() };
        let e = SmsWebhook::new(&n).err().expect("ftp is refused").to_string();
        assert!(e.contains("https://") && !e.contains("s3cret"), "{e}");
        let n = NotifyConfig { sms_webhook_url: "https://sms.example/send?key=s3cret".into(), ..NotifyConfig::default() };
        assert!(SmsWebhook::new(&n).is_ok(), "https is spoken");
    }

    #[test]
    fn a_bad_from_address_is_refused_at_start() {
        let mut config = Config::default();
        config.notify.email = EmailTransport::Smtp;
        config.notify.from = "Reel <not an address>".into();
        assert!(matches!(from_config(&config).err(), Some(NotifyError::Config(_))));
    }

    #[test]
    fn the_subject_cannot_inject_a_header() {
        let n = NotifyConfig { smtp_tls: SmtpTls::None, smtp_password: Secret::new("pw"), ..NotifyConfig::default() };
        let smtp = Smtp::new(&n).unwrap();
        let evil = Message::new("Hello\r\nBcc: eve@example.org", "Hi\r\n.\r\nMAIL FROM:<eve@example.org>");
        let wire = String::from_utf8(smtp.build(&Email::parse("ada@example.org").unwrap(), &evil).unwrap().formatted()).unwrap();
        let (headers, _) = wire.split_once("\r\n\r\n").unwrap();
        assert!(!headers.lines().any(|l| l.to_ascii_lowercase().starts_with("bcc:")), "{headers}");
        assert!(headers.contains("Subject: Hello  Bcc: eve@example.org"), "{headers}");
    }

    #[tokio::test]
    async fn the_console_transport_writes_the_message_to_the_outbox() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config { data_dir: dir.path().join("data"), ..Config::default() };
        let notifier = from_config(&config).unwrap();
        let to = Address::Email(Email::parse("Ada@Example.org").unwrap());
        notifier.send(&to, &message()).await.unwrap();
        notifier.send(&Address::Phone(Phone::parse("+44 20 7946 0958").unwrap()), &message()).await.unwrap();

        let mut files: Vec<_> = std::fs::read_dir(outbox_dir(&config.data_dir)).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        assert_eq!(files.len(), 2, "{files:?}");
        let email = files.iter().find(|p| p.to_string_lossy().ends_with("-email-ada@example.org.txt")).expect("an email file");
        let text = std::fs::read_to_string(email).unwrap();
        assert!(text.starts_with("To: ada@example.org\nSubject: Your Reel code\n\n"), "{text}");
        assert!(text.contains(&message().text), "{text}");
        assert!(files.iter().any(|p| p.to_string_lossy().ends_with("-sms-+442079460958.txt")), "{files:?}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(email).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }

    #[tokio::test]
    async fn two_messages_in_one_millisecond_do_not_overwrite_each_other() {
        let dir = tempfile::tempdir().unwrap();
        let first = write_new(dir.path(), "1-email-a", b"one").await.unwrap();
        let second = write_new(dir.path(), "1-email-a", b"two").await.unwrap();
        assert_ne!(first, second);
        assert_eq!(std::fs::read_to_string(first).unwrap(), "one");
    }

    #[tokio::test]
    async fn an_smtp_server_that_never_answers_fails_within_the_limit() {
        // Accepts the connection, never sends a greeting.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let _held = tokio::spawn(async move {
            let (socket, _) = listener.accept().await.unwrap();
            tokio::time::sleep(Duration::from_secs(60)).await;
            drop(socket);
        });
        let n = NotifyConfig { smtp_host: "127.0.0.1".into(), smtp_port: port, smtp_tls: SmtpTls::None, ..NotifyConfig::default() };
        let smtp = Smtp { limit: Duration::from_millis(500), ..Smtp::new(&n).unwrap() };
        let started = std::time::Instant::now();
        let result = smtp.send(&Email::parse("ada@example.org").unwrap(), &message()).await;
        assert!(matches!(result, Err(NotifyError::Timeout { channel: "email", .. })), "{result:?}");
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
