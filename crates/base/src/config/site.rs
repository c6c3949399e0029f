//! `[site]`: what the site calls itself (its name, logo and one-line description, wherever a
//! visitor reads them), the languages the pages are offered in, and the one a person gets when
//! nothing they sent names one of those.

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

/// Longest site name accepted, in characters: it sits in the top bar and every page title.
const MAX_NAME_CHARS: usize = 60;
/// Longest site description accepted, in characters: one line, as link previews show it.
const MAX_DESCRIPTION_CHARS: usize = 300;
/// Largest site logo accepted, in bytes: the top bar shows it small.
const MAX_SITE_LOGO_BYTES: u64 = 1 << 20;

/// `[site]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SiteConfig {
    /// The name visitors know the site by: page titles, the top bar, link previews, oEmbed's
    /// `provider_name`, feeds, e-mails and text messages.
    pub name: String,
    /// A local PNG, JPEG, WebP or GIF file (at most 1 MB) shown before the name in the top bar
    /// and used as a link preview's picture where a page has none of its own; empty for none.
    pub logo: String,
    /// One line saying what the site is, for the home page's link preview and a feed that has
    /// no description of its own; empty for none.
    pub description: String,
    /// The language of a person whose profile, choice and browser name none offered (a tag
    /// from `languages`).
    pub default_language: String,
    /// The languages offered (tags Reel has catalogues for: `en`, `fr`, `ar`), in the order the
    /// language switch lists them.
    pub languages: Vec<String>,
}

impl Default for SiteConfig {
    fn default() -> Self {
        Self {
            name: "Reel".into(),
            logo: String::new(),
            description: String::new(),
            default_language: "en".into(),
            languages: Lang::ALL.iter().map(|l| l.tag().to_string()).collect(),
        }
    }
}

impl SiteConfig {
    /// The media type of a logo file's bytes (by their signature), if it is a picture the pages show.
    pub fn logo_type(bytes: &[u8]) -> Option<&'static str> {
        match bytes {
            [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n', ..] => Some("image/png"),
            [0xff, 0xd8, 0xff, ..] => Some("image/jpeg"),
            [b'G', b'I', b'F', b'8', b'7' | b'9', b'a', ..] => Some("image/gif"),
            [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Some("image/webp"),
            _ => None,
        }
    }

    /// What is wrong with these settings, if anything.
    pub fn problem(&self) -> Option<String> {
        if self.name.trim().is_empty() || self.name.trim() != self.name {
            return Some("site.name: give the site a name, without spaces around it".into());
        }
        if self.name.chars().count() > MAX_NAME_CHARS || self.name.chars().any(char::is_control) {
            return Some(format!("site.name: at most {MAX_NAME_CHARS} characters on one line"));
        }
        if self.description.chars().count() > MAX_DESCRIPTION_CHARS || self.description.chars().any(char::is_control) {
            return Some(format!("site.description: at most {MAX_DESCRIPTION_CHARS} characters on one line"));
        }
        if let Some(problem) = self.logo_problem() {
            return Some(problem);
        }
        let known = Lang::ALL.iter().map(|l| l.tag()).collect::<Vec<_>>().join(", ");
        if self.languages.is_empty() {
            return Some(format!("site.languages: name at least one of {known}"));
        }
        if let Some(unknown) = self.languages.iter().find(|t| !Lang::ALL.iter().any(|l| l.tag() == t.as_str())) {
            return Some(format!("site.languages: {unknown:?} has no catalogue (there are {known})"));
        }
        if !self.languages.contains(&self.default_language) {
            return Some(format!("site.default_language: {:?} must be one of site.languages", self.default_language));
        }
        None
    }

    /// What is wrong with the logo file, if one is set: read here, at start, so a server never
    /// starts with a top bar whose picture is missing.
    fn logo_problem(&self) -> Option<String> {
        if self.logo.is_empty() {
            return None;
        }
        let logo = &self.logo;
        match std::fs::metadata(logo) {
            Ok(m) if m.is_file() && m.len() <= MAX_SITE_LOGO_BYTES => {}
            Ok(m) if m.is_file() => return Some(format!("site.logo {logo:?} is over {} KB", MAX_SITE_LOGO_BYTES >> 10)),
            Ok(_) => return Some(format!("site.logo {logo:?} is not a file")),
            Err(e) => return Some(format!("site.logo {logo:?} cannot be read: {e}")),
        }
        match std::fs::read(logo) {
            Ok(bytes) if Self::logo_type(&bytes).is_some() => None,
            Ok(_) => Some(format!("site.logo {logo:?} is not a PNG, JPEG, WebP or GIF image")),
            Err(e) => Some(format!("site.logo {logo:?} cannot be read: {e}")),
        }
    }

    /// The languages offered, in order (each once).
    pub fn offered(&self) -> Vec<Lang> {
        let mut offered = Vec::new();
        for lang in self.languages.iter().filter_map(|t| Lang::parse(t)) {
            if !offered.contains(&lang) {
                offered.push(lang);
            }
        }
        offered
    }

    /// The default language (English where the settings name none offered, which `problem`
    /// refuses before a server starts).
    pub fn default_lang(&self) -> Lang {
        Lang::parse(&self.default_language).unwrap_or(Lang::En)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_languages_with_a_catalogue_and_a_default_among_them_are_accepted() {
        assert!(SiteConfig::default().problem().is_none());
        let unknown = SiteConfig { languages: vec!["en".into(), "de".into()], ..SiteConfig::default() };
        assert!(unknown.problem().unwrap().contains("\"de\""));
        let stray = SiteConfig { default_language: "ar".into(), languages: vec!["en".into(), "fr".into()], ..SiteConfig::default() };
        assert!(stray.problem().unwrap().contains("site.default_language"));
        assert_eq!(stray.offered(), vec![Lang::En, Lang::Fr]);
    }

    #[test]
    fn a_site_needs_a_one_line_name_and_description() {
        let named = |name: &str| SiteConfig { name: name.into(), ..SiteConfig::default() }.problem();
        assert!(named("Kino Club").is_none());
        assert!(named("").unwrap().contains("site.name"));
        assert!(named(" Kino").unwrap().contains("site.name"));
        assert!(named("Kino\nClub").unwrap().contains("one line"));
        assert!(named(&"k".repeat(MAX_NAME_CHARS + 1)).unwrap().contains("site.name"));
        let described = SiteConfig { description: "Films\nof the club".into(), ..SiteConfig::default() };
        assert!(described.problem().unwrap().contains("site.description"));
    }

    #[test]
    fn a_logo_must_be_a_readable_picture() {
        let dir = std::env::temp_dir().join(format!("reel-site-logo-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let with_logo = |path: &std::path::Path| SiteConfig { logo: path.display().to_string(), ..SiteConfig::default() }.problem();
        let png = dir.join("logo.png");
        std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
        assert_eq!(with_logo(&png), None);
        let text = dir.join("logo.txt");
        std::fs::write(&text, b"<svg/>").unwrap();
        assert!(with_logo(&text).unwrap().contains("is not a PNG, JPEG, WebP or GIF image"));
        assert!(with_logo(&dir.join("missing.png")).unwrap().contains("cannot be read"));
        assert!(with_logo(&dir).unwrap().contains("is not a file"));
        let large = dir.join("large.png");
        std::fs::write(&large, vec![0u8; MAX_SITE_LOGO_BYTES as usize + 1]).unwrap();
        assert!(with_logo(&large).unwrap().contains("KB"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
