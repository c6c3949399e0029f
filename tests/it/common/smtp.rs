//! A real SMTP server for tests: Python's aiosmtpd on 127.0.0.1, storing every message it
//! accepts in a Maildir that tests read back (`scripts/setup --test` installs aiosmtpd).

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use tempfile::TempDir;

/// A running aiosmtpd that accepts mail for anyone and keeps it; killed on drop.
pub struct SmtpServer {
    /// The port it listens on at 127.0.0.1 (plain SMTP: no TLS, no AUTH).
    pub port: u16,
    /// Holds `maildir/` and aiosmtpd's log.
    maildir: TempDir,
    child: Child,
}

impl SmtpServer {
    /// Starts a server on a free port and waits (at most ~10 s) until it greets.
    pub fn start() -> Self {
        // A port picked by the kernel can be taken by someone else before aiosmtpd binds it.
        for _ in 0..3 {
            if let Some(server) = Self::try_start() {
                return server;
            }
        }
        panic!("aiosmtpd could not be started on a free port three times");
    }

    fn try_start() -> Option<Self> {
        let maildir = tempfile::tempdir().expect("a temp dir");
        let port = super::free_port();
        let log = File::create(maildir.path().join("aiosmtpd.log")).expect("a log file");
        let child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
            .arg(maildir.path().join("maildir"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("a log handle"))
            .stderr(log)
            .spawn()
            .expect("python3 runs");
        let mut server = Self { port, maildir, child };
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = server.child.try_wait().expect("aiosmtpd's status") {
                let log = server.log();
                assert!(
                    log.contains("Address already in use"),
                    "aiosmtpd exited with {status} (`scripts/setup --test` installs it):\n{log}"
                );
                return None;
            }
            // Waiting for the greeting, not just a connection, also tells it apart from another
            // program that took the port first.
            if server.greets() {
                return Some(server);
            }
            assert!(Instant::now() < deadline, "aiosmtpd did not answer on port {port} within 10 s:\n{}", server.log());
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn greets(&self) -> bool {
        let addr = SocketAddr::from(([127, 0, 0, 1], self.port));
        let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_millis(500)) else { return false };
        let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
        let mut line = String::new();
        let greeted = BufReader::new(&stream).read_line(&mut line).is_ok() && line.starts_with("220 ") && line.contains("Python SMTP");
        let _ = stream.write_all(b"QUIT\r\n");
        greeted
    }

    /// What aiosmtpd printed, for failure messages.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.maildir.path().join("aiosmtpd.log")).unwrap_or_default()
    }

    /// Every message received so far, raw (headers, blank line, body; `\n` line ends), oldest
    /// first. aiosmtpd adds `X-MailFrom` and `X-RcptTo` (the envelope) to each.
    pub fn messages(&self) -> Vec<String> {
        let root = self.maildir.path().join("maildir");
        let mut files: Vec<PathBuf> = ["new", "cur"]
            .iter()
            .filter_map(|sub| std::fs::read_dir(root.join(sub)).ok())
            .flatten()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        // Maildir names are `SECS.M{micros}P{pid}Q{n}.host`; one process counts `n` up per message.
        files.sort_by_key(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy().into_owned();
            let n = name.split_once('Q').and_then(|(_, rest)| rest.split('.').next()?.parse::<u64>().ok());
            (n, name)
        });
        // Maildir moves a file into `new/` whole, so a listed file is never half-written.
        files.iter().filter_map(|p| std::fs::read_to_string(p).ok()).collect()
    }

    /// The messages whose envelope or `To`/`Cc` header names `to` (case-insensitive), oldest first.
    pub fn messages_to(&self, to: &str) -> Vec<String> {
        self.messages().into_iter().filter(|m| is_addressed_to(m, to)).collect()
    }

    /// Waits until at least `count` messages have come for `to`; returns them, oldest first.
    pub async fn wait_for_messages(&self, to: &str, count: usize, timeout: Duration) -> Vec<String> {
        let deadline = Instant::now() + timeout;
        loop {
            let found = self.messages_to(to);
            if found.len() >= count {
                return found;
            }
            if Instant::now() >= deadline {
                let seen: Vec<_> = self.messages().iter().map(|m| header(m, "X-RcptTo").unwrap_or_default()).collect();
                panic!("{} of {count} messages for {to} after {timeout:?}; recipients seen: {seen:?}\n{}", found.len(), self.log());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until a message has come for `to`; returns the newest one.
    pub async fn wait_for_message(&self, to: &str, timeout: Duration) -> String {
        self.wait_for_messages(to, 1, timeout).await.pop().expect("at least one")
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether a raw message's envelope (`X-RcptTo`) or `To`/`Cc` header lists `to`.
pub fn is_addressed_to(raw: &str, to: &str) -> bool {
    ["X-RcptTo", "To", "Cc"].iter().filter_map(|h| header(raw, h)).any(|v| addresses(&v).iter().any(|a| a.eq_ignore_ascii_case(to)))
}

/// The bare addresses in an address-list header value (`Ada <ada@x.org>, bob@x.org`).
pub fn addresses(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(|part| {
            let part = part.trim();
            match (part.rfind('<'), part.rfind('>')) {
                (Some(open), Some(close)) if open < close => part[open + 1..close].trim().to_string(),
                _ => part.to_string(),
            }
        })
        .filter(|a| !a.is_empty())
        .collect()
}

/// The first header called `name` (case-insensitive) of a raw message: folded lines joined,
/// RFC 2047 words (`=?utf-8?b?…?=`, `=?utf-8?q?…?=`) decoded.
pub fn header(raw: &str, name: &str) -> Option<String> {
    let (head, _) = split(raw);
    let mut value: Option<String> = None;
    for line in head.lines() {
        match &mut value {
            Some(v) if line.starts_with([' ', '\t']) => v.push_str(line),
            Some(_) => break,
            None => {
                if let Some((n, v)) = line.split_once(':') {
                    if n.trim().eq_ignore_ascii_case(name) {
                        value = Some(v.trim_start().to_string());
                    }
                }
            }
        }
    }
    value.map(|v| decode_words(v.trim_end()))
}

/// The body with its `Content-Transfer-Encoding` (7bit, 8bit, quoted-printable, base64) undone
/// and `\n` line ends. Meant for single-part text messages, which is what Reel sends.
pub fn body_text(raw: &str) -> String {
    let (_, body) = split(raw);
    let encoding = header(raw, "Content-Transfer-Encoding").unwrap_or_default().to_ascii_lowercase();
    let bytes = match encoding.trim() {
        "base64" => B64.decode(body.split_whitespace().collect::<String>()).expect("a base64 body"),
        "quoted-printable" => decode_qp(&body, false),
        _ => body.as_bytes().to_vec(),
    };
    String::from_utf8(bytes).expect("a UTF-8 body").replace("\r\n", "\n")
}

fn split(raw: &str) -> (String, String) {
    let raw = raw.replace("\r\n", "\n");
    match raw.split_once("\n\n") {
        Some((head, body)) => (head.to_string(), body.to_string()),
        None => (raw, String::new()),
    }
}

/// Quoted-printable (`=XX`, `=` before a line end joins lines); in headers `_` is a space.
fn decode_qp(text: &str, header: bool) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'=' if bytes.get(i + 1) == Some(&b'\n') => i += 2,
            b'=' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok());
                out.push(hex.unwrap_or(b'='));
                i += if hex.is_some() { 3 } else { 1 };
            }
            b'_' if header => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// Decodes RFC 2047 encoded words; whitespace between two encoded words is dropped.
fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    let mut after_word = false;
    while let Some(start) = rest.find("=?") {
        let decoded = rest[start + 2..].splitn(3, '?').collect::<Vec<_>>();
        let Some(end) = decoded.get(2).and_then(|d| d.find("?=")) else { break };
        let (charset, encoding, text) = (decoded[0], decoded[1], &decoded[2][..end]);
        let gap = &rest[..start];
        if !(after_word && gap.trim().is_empty()) {
            out.push_str(gap);
        }
        let bytes = match encoding.to_ascii_lowercase().as_str() {
            "b" => B64.decode(text).unwrap_or_default(),
            _ => decode_qp(text, true),
        };
        assert!(charset.eq_ignore_ascii_case("utf-8"), "an encoded word in {charset}");
        out.push_str(&String::from_utf8_lossy(&bytes));
        let consumed = start + 2 + charset.len() + 1 + encoding.len() + 1 + end + 2;
        rest = &rest[consumed..];
        after_word = true;
    }
    out.push_str(rest);
    out
}
