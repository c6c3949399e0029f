//! `[site]`: the languages the pages are offered in, and the one a person gets when nothing
//! they sent names one of those.

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

/// `[site]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SiteConfig {
    /// The language of a person whose profile, choice and browser name none offered (a tag
    /// from `languages`).
    pub default_language: String,
    /// The languages offered (tags Reel has catalogues for: `en`, `fr`, `ar`), in the order the
    /// language switch lists them.
    pub languages: Vec<String>,
}

impl Default for SiteConfig {
    fn default() -> Self {
        Self { default_language: "en".into(), languages: Lang::ALL.iter().map(|l| l.tag().to_string()).collect() }
    }
}

impl SiteConfig {
    /// What is wrong with these settings, if anything.
    pub fn problem(&self) -> Option<String> {
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
        let stray = SiteConfig { default_language: "ar".into(), languages: vec!["en".into(), "fr".into()] };
        assert!(stray.problem().unwrap().contains("site.default_language"));
        assert_eq!(stray.offered(), vec![Lang::En, Lang::Fr]);
    }
}
