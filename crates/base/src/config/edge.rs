//! `[edge]`: what is refused before any other work: addresses on the deny list or off the
//! allow list, clients over a request budget of their class (pages, media, API; per address
//! and per account), and progressive downloads over their byte rate. Read again, and put in
//! force without a restart, whenever the configuration file changes.

use serde::{Deserialize, Serialize};

use crate::domain::netlist::NetList;

/// The edge's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EdgeConfig {
    /// Addresses and networks (`203.0.113.0/24`, `2001:db8::/32`, `198.51.100.7`) refused with
    /// 403 before anything else is done for them; a connection straight from one is closed at
    /// once. The address is the client's as `rate_limit.trusted_proxies` decide it.
    pub deny: Vec<String>,
    /// When not empty, only these addresses and networks are served (`deny` still wins): an
    /// installation for one organisation's networks.
    pub allow: Vec<String>,
    /// Page requests (everything outside `/api` and `/play`) per minute per client address
    /// (IPv6 by its /64); 0: no limit.
    pub pages_per_minute_per_ip: u32,
    /// Media requests (`/play`: manifests, segments, keys, downloads) per minute per client
    /// address. A player fetches about two files per segment length, and a burst of a whole
    /// budget is allowed, so seeking never meets it; requests proven to come from the CDN
    /// (`cdn.origin_secret`) are not counted, since one CDN address carries many viewers.
    pub media_per_minute_per_ip: u32,
    /// API requests per minute per client address.
    pub api_per_minute_per_ip: u32,
    /// Page requests per minute per signed-in account, over all its addresses.
    pub pages_per_minute_per_account: u32,
    /// Media requests per minute per account whose playback token names it.
    pub media_per_minute_per_account: u32,
    /// API requests per minute per account (session or API token).
    pub api_per_minute_per_account: u32,
    /// Bytes per second one client address may receive of progressive downloads
    /// (`download.mp4` and the like); 0: unthrottled. Streaming segments are not throttled.
    pub download_bytes_per_sec_per_ip: u64,
    /// Bytes per second of progressive downloads from this process, all clients together;
    /// 0: unthrottled.
    pub download_bytes_per_sec_total: u64,
}

impl Default for EdgeConfig {
    fn default() -> Self {
        Self {
            deny: Vec::new(),
            allow: Vec::new(),
            pages_per_minute_per_ip: 600,
            media_per_minute_per_ip: 3000,
            api_per_minute_per_ip: 600,
            pages_per_minute_per_account: 1200,
            media_per_minute_per_account: 6000,
            api_per_minute_per_account: 1200,
            download_bytes_per_sec_per_ip: 20_000_000,
            download_bytes_per_sec_total: 0,
        }
    }
}

/// The smallest byte rate a throttle accepts: below one segment's worth of a low rung per
/// second, a download would never finish.
pub const MIN_DOWNLOAD_BYTES_PER_SEC: u64 = 16 << 10;

impl EdgeConfig {
    /// What is wrong with these settings, if anything.
    pub fn problem(&self) -> Option<String> {
        if let Err(e) = NetList::parse(&self.deny) {
            return Some(format!("edge.deny: {e}"));
        }
        if let Err(e) = NetList::parse(&self.allow) {
            return Some(format!("edge.allow: {e}"));
        }
        for (key, rate) in [
            ("download_bytes_per_sec_per_ip", self.download_bytes_per_sec_per_ip),
            ("download_bytes_per_sec_total", self.download_bytes_per_sec_total),
        ] {
            if rate != 0 && rate < MIN_DOWNLOAD_BYTES_PER_SEC {
                return Some(format!("edge.{key}: 0 (unthrottled) or at least {MIN_DOWNLOAD_BYTES_PER_SEC}"));
            }
        }
        None
    }

    /// The deny list, parsed (an empty list for a configuration that failed validation).
    pub fn deny_list(&self) -> NetList {
        NetList::parse(&self.deny).unwrap_or_default()
    }

    /// The allow list, parsed.
    pub fn allow_list(&self) -> NetList {
        NetList::parse(&self.allow).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_rates_are_checked() {
        assert_eq!(EdgeConfig::default().problem(), None);
        let c = EdgeConfig { deny: vec!["10.0.0.0/8".into(), "nonsense".into()], ..EdgeConfig::default() };
        assert!(c.problem().unwrap().starts_with("edge.deny: `nonsense`"));
        let c = EdgeConfig { allow: vec!["10.0.0.0/40".into()], ..EdgeConfig::default() };
        assert!(c.problem().unwrap().starts_with("edge.allow:"));
        let c = EdgeConfig { download_bytes_per_sec_total: 100, ..EdgeConfig::default() };
        assert!(c.problem().unwrap().contains("download_bytes_per_sec_total"));
    }
}
