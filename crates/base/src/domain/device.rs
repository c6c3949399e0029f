//! A signed-in device's id, and its name as a member reads it in their lists of screens and
//! devices ("Firefox on Linux", "Safari on iPhone"), made from what its user agent says.

use std::fmt;
use std::str::FromStr;

/// A device of an account (a browser or an app token): 16 random bytes, written as 32
/// lowercase hex digits in URLs, rows and playback tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DeviceId([u8; 16]);

impl DeviceId {
    /// The id made of these (random) bytes.
    pub fn from_bytes(bytes: [u8; 16]) -> Self {
        Self(bytes)
    }
}

impl fmt::Display for DeviceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}

impl FromStr for DeviceId {
    type Err = hex::FromHexError;

    /// Only the written form: 32 lowercase hex digits.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.bytes().any(|b| b.is_ascii_uppercase()) {
            return Err(hex::FromHexError::InvalidHexCharacter { c: 'A', index: 0 });
        }
        let mut bytes = [0u8; 16];
        hex::decode_to_slice(text, &mut bytes)?;
        Ok(Self(bytes))
    }
}

/// Longest name kept (a user agent is the client's to write).
const MAX_LEN: usize = 60;

/// The browsers and apps told apart, tested in this order: several name others too (every
/// Chromium browser says "Safari", Edge and Opera say "Chrome").
const APPS: [(&str, &str); 11] = [
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
    ("VLC/", "VLC"),
    ("Lavf/", "FFmpeg"),
    ("curl/", "curl"),
    ("python-requests/", "Python"),
];

/// The systems told apart, in the same way (Android says "Linux", iOS says "like Mac OS X").
const SYSTEMS: [(&str, &str); 10] = [
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("CrOS", "ChromeOS"),
    ("Windows", "Windows"),
    ("Macintosh", "macOS"),
    ("Mac OS X", "macOS"),
    ("SMART-TV", "a smart TV"),
    ("Tizen", "a smart TV"),
    ("Linux", "Linux"),
];

/// "App on system", one of them, or "Unknown device" for a user agent that names neither.
pub fn name_of(user_agent: Option<&str>) -> String {
    let ua = user_agent.unwrap_or_default();
    let app = APPS.iter().find(|(mark, _)| ua.contains(mark)).map(|(_, name)| *name);
    let system = SYSTEMS.iter().find(|(mark, _)| ua.contains(mark)).map(|(_, name)| *name);
    let name = match (app, system) {
        (Some(app), Some(system)) => format!("{app} on {system}"),
        (Some(one), None) | (None, Some(one)) => one.to_string(),
        (None, None) => "Unknown device".to_string(),
    };
    name.chars().take(MAX_LEN).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_browsers_and_players_get_their_names() {
        let cases = [
            ("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", "Firefox on Linux"),
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome on Windows"),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
                "Edge on Windows",
            ),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
                "Safari on iPhone",
            ),
            ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", "Chrome on Android"),
            ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15", "Safari on macOS"),
            ("VLC/3.0.20 LibVLC/3.0.20", "VLC"),
            ("curl/8.5.0", "curl"),
        ];
        for (ua, name) in cases {
            assert_eq!(name_of(Some(ua)), name, "{ua}");
        }
    }

    #[test]
    fn a_device_id_reads_back_from_its_written_form_and_nothing_else() {
        let id = DeviceId::from_bytes([0xab; 16]);
        assert_eq!(id.to_string(), "ab".repeat(16));
        assert_eq!(id.to_string().parse::<DeviceId>(), Ok(id));
        for bad in ["", "ab", &"AB".repeat(16), &"ab".repeat(17), &"zz".repeat(16)] {
            assert!(bad.parse::<DeviceId>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn an_unknown_or_missing_agent_is_an_unknown_device() {
        assert_eq!(name_of(None), "Unknown device");
        assert_eq!(name_of(Some("")), "Unknown device");
        assert_eq!(name_of(Some("x".repeat(10_000).as_str())), "Unknown device");
    }
}
