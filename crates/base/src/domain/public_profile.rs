//! What an account shows of itself and how it likes to watch: the checks of a bio, of the links
//! on its channel page, and of its viewing preferences.

use serde::{Deserialize, Serialize};

use super::text::TextError;
use super::Language;

/// Longest bio, in characters.
pub const MAX_BIO_CHARS: usize = 1_000;
/// Most links on a channel page.
pub const MAX_LINKS: usize = 5;
/// Longest link, in bytes.
const MAX_LINK_BYTES: usize = 300;

/// A display name: trimmed, 1–80 printable characters.
pub fn display_name(text: &str) -> Result<String, TextError> {
    let name = text.trim();
    if name.is_empty() || name.chars().count() > 80 || name.chars().any(super::text::breaks_a_line) {
        return Err(TextError("a display name must be 1–80 printable characters".into()));
    }
    Ok(name.to_string())
}

/// A bio: trimmed, at most [`MAX_BIO_CHARS`], line breaks kept and no other control characters.
pub fn bio(text: &str) -> Result<String, TextError> {
    let bio = text.trim().replace("\r\n", "\n");
    if bio.chars().count() > MAX_BIO_CHARS {
        return Err(TextError(format!("a bio is at most {MAX_BIO_CHARS} characters")));
    }
    if bio.chars().any(|c| c.is_control() && c != '\n') {
        return Err(TextError("a bio cannot hold control characters".into()));
    }
    Ok(bio)
}

/// Links for a channel page: at most [`MAX_LINKS`], each an absolute `http(s)` URL with a host,
/// no spaces or control characters, at most 300 bytes; blank entries are dropped.
pub fn links(list: &[String]) -> Result<Vec<String>, TextError> {
    let links: Vec<String> = list.iter().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect();
    if links.len() > MAX_LINKS {
        return Err(TextError(format!("at most {MAX_LINKS} links")));
    }
    for link in &links {
        let host = link
            .strip_prefix("https://")
            .or_else(|| link.strip_prefix("http://"))
            .map(|rest| rest.split(['/', '?', '#']).next().unwrap_or(""));
        let clean = link.len() <= MAX_LINK_BYTES && !link.chars().any(|c| c.is_whitespace() || c.is_control() || "\"<>\\`".contains(c));
        if !clean || host.is_none_or(|h| h.is_empty() || h.starts_with(['.', '-', ':', '@'])) {
            return Err(TextError(format!("{link:?} is not a web address (http:// or https://, at most {MAX_LINK_BYTES} characters)")));
        }
    }
    Ok(links)
}

/// How an account likes to watch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Preferences {
    /// Interface language (BCP 47), or none for the site's own.
    #[schema(pattern = r"^\s*([A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8}){0,3})?\s*$")]
    pub language: Option<String>,
    /// Whether the next item of an album, series or playlist starts by itself.
    pub autoplay_next: bool,
    /// `auto`, or the picture height the player starts at (`720p`: the highest rung at or
    /// under 720 lines).
    #[schema(pattern = "^(auto|(14[4-9]|1[5-9][0-9]|[2-9][0-9]{2}|[1-3][0-9]{3}|4[0-2][0-9]{2}|43[01][0-9]|4320)p)$")]
    pub default_quality: String,
    /// Whether captions start on (for items that have them).
    pub captions: bool,
}

impl Default for Preferences {
    fn default() -> Self {
        Self { language: None, autoplay_next: true, default_quality: "auto".into(), captions: false }
    }
}

impl Preferences {
    /// The checked form: a known language tag (normalised), `auto` or `NNNp` between 144p and
    /// 4320p.
    pub fn checked(mut self) -> Result<Self, TextError> {
        self.language = match self.language.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
            Some(tag) => Some(tag.parse::<Language>()?.to_string()),
            None => None,
        };
        let quality = self.default_quality.trim().to_ascii_lowercase();
        if quality != "auto" && quality_height(&quality).is_none() {
            return Err(TextError("default_quality is auto or a height such as 720p".into()));
        }
        self.default_quality = quality;
        Ok(self)
    }

    /// The height the player starts at, if one is chosen.
    pub fn start_height(&self) -> Option<u32> {
        quality_height(&self.default_quality)
    }
}

/// `720p` → 720, within 144–4320 lines.
fn quality_height(quality: &str) -> Option<u32> {
    quality.strip_suffix('p')?.parse().ok().filter(|h| (144..=4320).contains(h))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bios_keep_line_breaks_and_refuse_control_characters_and_length() {
        assert_eq!(bio("  Films\r\nand music ").unwrap(), "Films\nand music");
        assert!(bio("a\u{0}b").is_err());
        assert!(bio(&"x".repeat(MAX_BIO_CHARS + 1)).is_err());
    }

    #[test]
    fn links_are_web_addresses_only() {
        let ok = links(&["https://example.org/me".into(), " ".into(), "http://x.example".into()]).unwrap();
        assert_eq!(ok, ["https://example.org/me", "http://x.example"]);
        for bad in
            ["javascript:alert(1)", "https://", "ftp://x.org", "https://a b.org", "https://x.org/\"onmouseover", "//x.org", "https://@x"]
        {
            assert!(links(&[bad.to_string()]).is_err(), "{bad}");
        }
        assert!(links(&vec!["https://x.org".to_string(); MAX_LINKS + 1]).is_err());
    }

    #[test]
    fn preferences_are_checked_and_normalised() {
        let p = Preferences { language: Some("pt-br".into()), autoplay_next: false, default_quality: "720P".into(), captions: true };
        let p = p.checked().unwrap();
        assert_eq!((p.language.as_deref(), p.default_quality.as_str(), p.start_height()), (Some("pt-BR"), "720p", Some(720)));
        assert_eq!(Preferences::default().start_height(), None);
        for q in ["high", "99p", "9000p", "720"] {
            assert!(Preferences { default_quality: q.into(), ..Preferences::default() }.checked().is_err(), "{q}");
        }
        assert!(Preferences { language: Some("not a language!".into()), ..Preferences::default() }.checked().is_err());
    }
}
