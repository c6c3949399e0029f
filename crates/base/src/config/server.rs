//! `[server]`: the public HTTP listener and the limits on what a request may send.

use serde::{Deserialize, Serialize};

/// The public HTTP listener and request limits.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerConfig {
    /// Address the API, UI and origin listen on.
    pub listen: String,
    /// Public URL of this server; derived from `listen` when empty.
    pub base_url: String,
    /// Largest accepted upload, in bytes (multipart and tus alike).
    pub max_upload_bytes: u64,
    /// Largest accepted non-upload request body (JSON), in bytes.
    pub max_body_bytes: usize,
    /// Time after which an idle request that is not an upload is cut off, in seconds.
    pub request_timeout_secs: u64,
    /// How long an unfinished tus upload is kept, in seconds.
    pub upload_expiry_secs: u64,
    /// Time a client has to send a request's headers, counted from when the connection opened
    /// or the previous answer ended: so it is also how long an idle keep-alive connection stays
    /// open. A connection that runs out of it is closed. Seconds.
    pub header_timeout_secs: u64,
    /// Open connections at most; further ones are closed at once until some end.
    pub max_connections: usize,
    /// Open connections at most from one client address (trusted proxies excepted).
    pub max_connections_per_ip: usize,
    /// Header lines a request may carry; more are refused with 431 and the connection closed.
    pub max_headers: usize,
    /// Bytes of a request's head (request line and headers) at most; more: 431.
    pub max_header_bytes: usize,
    /// An upload whose body sends nothing for this long is cut off (408), seconds; the tus
    /// offset it reached is kept, so the client resumes from there.
    pub upload_idle_timeout_secs: u64,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            listen: "127.0.0.1:8080".into(),
            base_url: String::new(),
            max_upload_bytes: 8 << 30,
            max_body_bytes: 64 << 10,
            request_timeout_secs: 30,
            upload_expiry_secs: 24 * 3600,
            header_timeout_secs: 20,
            max_connections: 4096,
            max_connections_per_ip: 256,
            max_headers: 64,
            max_header_bytes: 16 << 10,
            upload_idle_timeout_secs: 60,
        }
    }
}

impl ServerConfig {
    /// What is wrong with these settings, if anything.
    pub fn problem(&self) -> Option<String> {
        if !(8..=1000).contains(&self.max_headers) || !(1024..=1 << 20).contains(&self.max_header_bytes) {
            return Some("server.max_headers must be from 8 to 1000 and server.max_header_bytes from 1024 to 1048576".into());
        }
        if self.upload_idle_timeout_secs == 0 {
            return Some("server.upload_idle_timeout_secs must be at least 1".into());
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;

    #[test]
    fn request_head_limits_are_bounded() {
        let mut c = Config::default();
        c.server.max_headers = 4;
        assert!(c.validate().unwrap_err().to_string().contains("server.max_headers"));
        c.server.max_headers = 64;
        c.server.max_header_bytes = 100;
        assert!(c.validate().is_err());
        c.server.max_header_bytes = 16 << 10;
        c.server.upload_idle_timeout_secs = 0;
        assert!(c.validate().unwrap_err().to_string().contains("upload_idle_timeout_secs"));
    }
}
