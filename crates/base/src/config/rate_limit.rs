//! `[rate_limit]`: what one client address or account may do per hour, and where the client's
//! address is read from behind a proxy.

use serde::{Deserialize, Serialize};

/// Request limits per client IP and per account (429 with `Retry-After` beyond them).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RateLimitConfig {
    /// Code checks per hour per client IP.
    pub verify_per_hour_per_ip: u32,
    /// Uploads started per hour per account.
    pub uploads_per_hour_per_account: u32,
    /// Pictures (avatars, channel logos) uploaded per hour per account: each costs a decode.
    pub picture_uploads_per_hour_per_account: u32,
    /// Formerly the API's budget per client IP; now `edge.api_per_minute_per_ip`, which this
    /// replaces when set (with a warning at start).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_per_minute_per_ip: Option<u32>,
    /// Header holding the client IP set by a trusted proxy (e.g. `X-Forwarded-For`); empty: use
    /// the connection's address.
    pub client_ip_header: String,
    /// Proxies whose `client_ip_header` is believed (IP addresses).
    pub trusted_proxies: Vec<String>,
}

impl Default for RateLimitConfig {
    fn default() -> Self {
        Self {
            verify_per_hour_per_ip: 60,
            uploads_per_hour_per_account: 100,
            picture_uploads_per_hour_per_account: 20,
            api_per_minute_per_ip: None,
            client_ip_header: String::new(),
            trusted_proxies: Vec::new(),
        }
    }
}
