//! The languages Reel speaks: Project Fluent message catalogues (`locales/LANG/*.ftl`, embedded
//! in the binary), the choice of a language for a person, and numbers, dates and durations
//! written the way that language writes them.
//!
//! A message is looked up by key (`nav-home`) with named arguments; plurals and other variants
//! are the catalogue's business (Fluent selectors over CLDR plural categories), so code never
//! builds a sentence from pieces. Every language has every key: `check` says where one lacks
//! one, and a test runs it.

mod check;
mod numbers;
#[cfg(test)]
mod plural_numbers;
mod said;
mod web;

use std::borrow::Cow;
use std::sync::{Arc, LazyLock};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::types::FluentNumber;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::Serialize;

pub use check::check;
pub use numbers::{clock, date, date_time, figure, number};
pub use said::{in_language_of, Message, Said, Value};
pub use web::web_messages;

include!(concat!(env!("OUT_DIR"), "/catalogues.rs"));

/// A language with a complete catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Lang {
    /// English, the language of the code's own messages (logs, the API's problem details).
    #[serde(rename = "en")]
    En,
    /// French.
    #[serde(rename = "fr")]
    Fr,
    /// Arabic, written right to left.
    #[serde(rename = "ar")]
    Ar,
}

impl Lang {
    /// Every language Reel has a catalogue for.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Fr, Lang::Ar];

    /// Its BCP 47 tag, as `lang` attributes, cookies and `?lang=` carry it.
    pub fn tag(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Fr => "fr",
            Self::Ar => "ar",
        }
    }

    /// The language a BCP 47 tag asks for: `fr`, `fr-CA` and `FR` are all French (a regional
    /// tag falls back to its language, the way Fluent's negotiation does).
    pub fn parse(tag: &str) -> Option<Self> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Self::ALL.into_iter().find(|l| l.tag() == primary)
    }

    /// Whether the language is written right to left (the page's `dir`).
    pub fn rtl(self) -> bool {
        matches!(self, Self::Ar)
    }

    /// `rtl` or `ltr`, for the `dir` attribute.
    pub fn dir(self) -> &'static str {
        if self.rtl() {
            "rtl"
        } else {
            "ltr"
        }
    }

    /// The language's name in itself ("Français"), as a language switch lists it.
    pub fn own_name(self) -> String {
        text(self, "language-name", &[])
    }
}

/// The language `accept_language` (an `Accept-Language` header) prefers among `offered`, by
/// its weights (`q=0` refuses one); `None` when it names none of them. A regional tag counts
/// for its language (`fr-CH` finds French).
pub fn negotiate(accept_language: &str, offered: &[Lang]) -> Option<Lang> {
    let mut requested: Vec<(f32, Lang)> = accept_language
        .split(',')
        .take(32)
        .filter_map(|item| {
            let mut parts = item.split(';');
            let lang = Lang::parse(parts.next()?)?;
            let weight = parts.find_map(|p| p.trim().strip_prefix("q=")).map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
            (weight > 0.0 && offered.contains(&lang)).then_some((weight, lang))
        })
        .collect();
    // Stable: of equal weights, the one named first wins.
    requested.sort_by(|a, b| b.0.total_cmp(&a.0));
    requested.first().map(|(_, lang)| *lang)
}

/// One argument of a message: text, or a number (which the catalogue may pick a plural by, and
/// which is written with the language's digits and separators).
#[derive(Debug, Clone, PartialEq)]
pub enum Arg<'a> {
    /// Text, put in as it is.
    Text(Cow<'a, str>),
    /// A number.
    Number(f64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Self::Text(Cow::Borrowed(s))
    }
}

impl From<String> for Arg<'_> {
    fn from(s: String) -> Self {
        Self::Text(Cow::Owned(s))
    }
}

macro_rules! number_args {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg<'_> {
            fn from(n: $t) -> Self {
                Self::Number(n as f64)
            }
        }
    )*};
}
number_args!(i32, i64, u32, u64, usize, f64);

tokio::task_local! {
    /// The site's name (`[site] name`) while a page request is answered.
    static SITE_NAME: Arc<str>;
}

/// Runs `fut` (a page request) with `name` as the `$site` of every message said in it: the
/// catalogue never writes the site's name in, and a page says many messages that name it (an
/// error's, the layout's) through code that does not see the settings. Away from a page (an
/// e-mail, a text message), the caller passes `site` itself.
pub async fn for_site<F: std::future::Future>(name: Arc<str>, fut: F) -> F::Output {
    SITE_NAME.scope(name, fut).await
}

/// The message `key` in `lang` with `args`. A key the catalogue lacks (which `check` catches
/// before a release) comes out as the key itself, so a page still renders. Within `for_site`,
/// `$site` is the site's name unless `args` give one.
pub fn text(lang: Lang, key: &str, args: &[(&str, Arg<'_>)]) -> String {
    let (key, attribute) = key.split_once('.').map_or((key, None), |(k, a)| (k, Some(a)));
    let bundle = bundle(lang);
    let Some(message) = bundle.get_message(key) else {
        tracing::warn!(lang = lang.tag(), key, "a message missing from the catalogue");
        return key.to_string();
    };
    let pattern = match attribute {
        Some(name) => message.get_attribute(name).map(|a| a.value()),
        None => message.value(),
    };
    let Some(pattern) = pattern else {
        tracing::warn!(lang = lang.tag(), key, "a message without the value asked for");
        return key.to_string();
    };
    let mut fluent_args = FluentArgs::with_capacity(args.len());
    for (name, value) in args {
        match value {
            Arg::Text(s) => fluent_args.set(*name, FluentValue::from(s.to_string())),
            Arg::Number(n) => fluent_args.set(*name, FluentValue::Number(FluentNumber::from(*n))),
        }
    }
    if !args.iter().any(|(name, _)| *name == "site") {
        if let Ok(site) = SITE_NAME.try_with(|site| site.to_string()) {
            fluent_args.set("site", FluentValue::from(site));
        }
    }
    let mut errors = Vec::new();
    let out = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
    if !errors.is_empty() {
        tracing::warn!(lang = lang.tag(), key, ?errors, "a message did not format cleanly");
    }
    out.into_owned()
}

/// Whether the catalogues have a message `key` (the same in every language, once `check` is
/// clean): for messages picked by a code that may have none, such as an error's.
pub fn has(key: &str) -> bool {
    bundle(Lang::En).has_message(key)
}

/// Every message key (English's, which every language matches once `check` is clean).
pub fn keys() -> Vec<String> {
    files(Lang::En)
        .flat_map(|(_, source)| fluent_syntax::parser::parse(source).unwrap_or_else(|(partial, _)| partial).body)
        .filter_map(|entry| match entry {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        })
        .collect()
}

/// Every language's bundle, made once from the embedded catalogues.
static BUNDLES: LazyLock<Vec<FluentBundle<FluentResource>>> = LazyLock::new(|| Lang::ALL.into_iter().map(make_bundle).collect());

fn bundle(lang: Lang) -> &'static FluentBundle<FluentResource> {
    &BUNDLES[Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0)]
}

/// The files of `lang`'s catalogue, in name order.
fn files(lang: Lang) -> impl Iterator<Item = (&'static str, &'static str)> {
    CATALOGUE_FILES.iter().filter(move |(tag, ..)| *tag == lang.tag()).map(|(_, name, source)| (*name, *source))
}

fn make_bundle(lang: Lang) -> FluentBundle<FluentResource> {
    let id: unic_langid::LanguageIdentifier = lang.tag().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Isolation marks keep an argument's direction from disturbing the sentence around it; a
    // left-to-right page needs none, and tests match its text exactly.
    bundle.set_use_isolating(lang.rtl());
    bundle.set_formatter(Some(match lang {
        Lang::En => numbers::fluent_formatter::<0, _>,
        Lang::Fr => numbers::fluent_formatter::<1, _>,
        Lang::Ar => numbers::fluent_formatter::<2, _>,
    }));
    let added = bundle.add_function("PLURAL", move |positional, _named| match positional.first() {
        Some(FluentValue::Number(n)) => FluentValue::String(plural_category(lang, n.value).into()),
        _ => FluentValue::Error,
    });
    if let Err(e) = added {
        tracing::error!(lang = lang.tag(), error = ?e, "the PLURAL function could not be added");
    }
    for (name, source) in files(lang) {
        let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(partial, errors)| {
            tracing::error!(lang = lang.tag(), file = name, ?errors, "a catalogue file does not parse");
            partial
        });
        if let Err(errors) = bundle.add_resource(resource) {
            tracing::error!(lang = lang.tag(), file = name, ?errors, "a catalogue file repeats a message");
        }
    }
    bundle
}

/// The CLDR plural category of the number `n` in `lang`, for `PLURAL($n)` in a catalogue. The
/// Arabic catalogue selects through it: the plural-rules crate Fluent uses reads Arabic's
/// "few" (3–10) and "many" (11–99) from the whole number, where CLDR reads its last two digits,
/// so 103 days would not be "few" nor 365 "many".
fn plural_category(lang: Lang, n: f64) -> &'static str {
    let whole = n.fract() == 0.0 && n.is_finite();
    match lang {
        Lang::En if n == 1.0 => "one",
        Lang::Fr if whole && (0.0..2.0).contains(&n) => "one",
        Lang::En | Lang::Fr => "other",
        Lang::Ar => {
            let last_two = (n.abs() % 100.0) as u64;
            match n {
                _ if !whole => "other",
                0.0 => "zero",
                1.0 => "one",
                2.0 => "two",
                _ if (3..=10).contains(&last_two) => "few",
                _ if (11..=99).contains(&last_two) => "many",
                _ => "other",
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_message_and_every_file_parses() {
        let problems = check();
        assert!(problems.is_empty(), "the catalogues have problems:\n{}", problems.join("\n"));
    }

    #[test]
    fn a_tag_names_its_language_with_or_without_a_region() {
        assert_eq!(Lang::parse("fr-CA"), Some(Lang::Fr));
        assert_eq!(Lang::parse("AR"), Some(Lang::Ar));
        assert_eq!(Lang::parse("de"), None);
        assert_eq!(Lang::Ar.dir(), "rtl");
        assert_eq!(Lang::Fr.own_name(), "Français");
    }

    #[test]
    fn accept_language_picks_the_best_weighted_language_offered() {
        assert_eq!(negotiate("de-DE, fr-CH;q=0.8, en;q=0.5", &Lang::ALL), Some(Lang::Fr));
        assert_eq!(negotiate("ar-EG,ar;q=0.9,en;q=0.8", &Lang::ALL), Some(Lang::Ar));
        assert_eq!(negotiate("fr;q=0.4, en;q=0.9", &[Lang::En, Lang::Fr]), Some(Lang::En));
        assert_eq!(negotiate("fr", &[Lang::En, Lang::Ar]), None);
        assert_eq!(negotiate("", &Lang::ALL), None);
    }

    #[test]
    fn plurals_follow_each_languages_rules() {
        let ago = |lang, n: i64| text(lang, "time-ago-days", &[("n", n.into())]);
        assert_eq!(ago(Lang::En, 1), "1 day ago");
        assert_eq!(ago(Lang::En, 3), "3 days ago");
        // French counts 0 and 1 as singular; Arabic has six forms (two is its own).
        assert_eq!(ago(Lang::Fr, 0), "il y a 0 jour");
        assert_eq!(ago(Lang::Fr, 2), "il y a 2 jours");
        assert_ne!(ago(Lang::Ar, 2), ago(Lang::Ar, 3));
        assert!(ago(Lang::Ar, 3).contains('٣'), "Arabic writes its own digits: {}", ago(Lang::Ar, 3));
    }

    #[test]
    fn arabic_plurals_read_the_last_two_digits_as_cldr_does() {
        let ago = |n: i64| text(Lang::Ar, "time-ago-days", &[("n", n.into())]);
        assert!(ago(103).ends_with("أيام\u{2069}") || ago(103).ends_with("أيام"), "103 is few: {}", ago(103));
        assert!(ago(365).contains("يومًا"), "365 is many: {}", ago(365));
        assert!(ago(100).ends_with("يوم") && !ago(100).contains("يومًا"), "100 is other: {}", ago(100));
        assert_eq!(ago(2), "منذ يومين");
        assert_eq!(plural_category(Lang::Fr, 0.0), "one");
        assert_eq!(plural_category(Lang::En, 0.0), "other");
    }

    #[tokio::test]
    async fn a_message_naming_the_site_takes_the_configured_name() {
        let welcome = || text(Lang::En, "browse-welcome", &[]);
        assert_eq!(for_site("Kino Club".into(), async { welcome() }).await, "Welcome to Kino Club");
        let given = for_site("Kino Club".into(), async { text(Lang::Fr, "browse-welcome", &[("site", "Ciné".into())]) }).await;
        assert_eq!(given, "Bienvenue sur Ciné");
    }

    #[test]
    fn no_message_writes_the_site_name_in() {
        for lang in Lang::ALL {
            for (name, source) in files(lang) {
                let written: Vec<&str> = source.lines().filter(|l| !l.trim_start().starts_with('#') && l.contains("Reel")).collect();
                assert!(written.is_empty(), "{}/{name}.ftl names the site instead of taking `$site`: {written:#?}", lang.tag());
            }
        }
    }

    #[test]
    fn a_missing_key_shows_as_itself() {
        assert_eq!(text(Lang::Fr, "no-such-message", &[]), "no-such-message");
    }
}
