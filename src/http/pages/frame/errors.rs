//! What a refusal says to the person on a page, in the page's language (`locales/*/errors.ftl`).
//!
//! A [`Problem`]'s message is English, written for API clients, which keep it. A page says the
//! catalogue's instead, found best first:
//!
//! 1. by the message itself: an `error-detail-…` (or `error-CODE`) message whose English is the
//!    message word for word, its varying parts (`{ $n }`, `{ $given }`) read back from it, and
//!    a part that is itself a refusal (`year: …`, `line 3: …`) said the same way;
//! 2. by the problem's code: `error-CODE`, what any refusal with that code says;
//! 3. by its HTTP status: `error-status-NNN`.
//!
//! An English page says the message as it is, which the catalogue's English matches wherever
//! the first step finds one (so English pages read as they always have, numbers unregrouped).

use std::collections::HashMap;
use std::sync::LazyLock;

use axum::http::StatusCode;

use reel_base::i18n::{self, Arg, Lang};
use reel_core::platform::problem::Problem;

/// What `e` says in `lang`.
pub fn said(lang: Lang, e: &Problem) -> String {
    if let Some(text) = by_message(lang, e.message()) {
        return text;
    }
    if lang == Lang::En {
        return e.message().to_string();
    }
    by_code(lang, e.code()).unwrap_or_else(|| by_status(lang, e.status()))
}

/// What a refusal known only by its `message` says in `lang`: the catalogue's when it knows the
/// message, else the message as it is (a page's own words, already in its language, come
/// through unchanged).
pub fn said_of_message(lang: Lang, message: &str) -> String {
    by_message(lang, message).unwrap_or_else(|| message.to_string())
}

/// What a refusal with `code` and `message` says in `lang` (its status unknown).
pub fn said_of_code(lang: Lang, code: &str, message: &str) -> String {
    by_message(lang, message).or_else(|| if lang == Lang::En { None } else { by_code(lang, code) }).unwrap_or_else(|| message.to_string())
}

/// Whether the catalogue has the refusal `message` (a test's question: every message the code
/// writes out whole must be there).
#[cfg(test)]
pub fn knows(message: &str) -> bool {
    detail(Lang::En, message).is_some()
}

/// The error page's title: "404 Not Found", in `lang`.
pub fn title(lang: Lang, status: StatusCode) -> String {
    let reason = i18n::text(lang, &format!("{}.reason", status_key(status)), &[]);
    i18n::text(lang, "error-page-title", &[("status", Arg::from(u32::from(status.as_u16()))), ("reason", reason.into())])
}

/// The message for a refusal whose English is `message`, if the catalogue knows it.
fn by_message(lang: Lang, message: &str) -> Option<String> {
    let found = detail(lang, message.trim())?;
    Some(if lang == Lang::En { message.to_string() } else { found })
}

/// `error-CODE`, if the catalogue has one for `code`.
fn by_code(lang: Lang, code: &str) -> Option<String> {
    let key = format!("error-{code}");
    (!NOT_REFUSALS.iter().any(|p| key.starts_with(p)) && i18n::has(&key)).then(|| i18n::text(lang, &key, &[]))
}

fn by_status(lang: Lang, status: StatusCode) -> String {
    i18n::text(lang, status_key(status), &[])
}

fn status_key(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "error-status-400",
        401 => "error-status-401",
        403 => "error-status-403",
        404 => "error-status-404",
        405 => "error-status-405",
        408 => "error-status-408",
        409 => "error-status-409",
        410 => "error-status-410",
        412 => "error-status-412",
        413 => "error-status-413",
        415 => "error-status-415",
        422 => "error-status-422",
        423 => "error-status-423",
        429 => "error-status-429",
        500 => "error-status-500",
        501 => "error-status-501",
        502 => "error-status-502",
        503 => "error-status-503",
        504 => "error-status-504",
        _ => "error-status-other",
    }
}

/// Messages of errors.ftl that are not a refusal's words: the page's own and the statuses'.
const NOT_REFUSALS: &[&str] = &["error-page-", "error-status-"];

/// How a varying part of a message is read back and handed to the translation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// Anything (a name, what was typed, a list of the site's settings): as it is.
    Text,
    /// A whole or decimal number: in the language's digits and separators.
    Number,
    /// A year: the language's digits, never grouped.
    Year,
    /// A moment, RFC 3339 as the API writes one: the language's date and time.
    Moment,
    /// A form field as the code names it (`year`, `content_rating`).
    Field,
    /// A refusal message of its own, said in the language.
    Detail,
}

/// The messages of errors.ftl with varying parts, and what each part is; first match wins, so a
/// narrow one goes before a wider one (`the title must…` before `the { $what } must…`).
/// Messages without varying parts need no entry: they are found word for word.
const VARIED: &[(&str, &[(&str, Part)])] = &[
    ("error-detail-field", &[("field", Part::Field), ("detail", Part::Detail)]),
    ("error-detail-line", &[("line", Part::Number), ("detail", Part::Detail)]),
    ("error-detail-captions-unreadable", &[("detail", Part::Detail)]),
    ("error-detail-suspended", &[("until", Part::Moment), ("reason", Part::Text)]),
    ("error-detail-phone", &[("detail", Part::Detail)]),
    ("error-detail-token-lifetime", &[("given", Part::Text)]),
    ("error-detail-token-scopes", &[("role", Part::Text), ("scopes", Part::Text)]),
    ("error-detail-unknown-scope", &[("given", Part::Text)]),
    ("error-detail-bio-long", &[("n", Part::Number)]),
    ("error-detail-links-many", &[("n", Part::Number)]),
    ("error-detail-link", &[("given", Part::Text), ("n", Part::Number)]),
    ("error-detail-avatar-colour", &[("colours", Part::Text)]),
    ("error-detail-profiles-many", &[("n", Part::Number)]),
    ("error-detail-subscriptions-many", &[("n", Part::Number)]),
    ("error-detail-avatar-large", &[("n", Part::Number)]),
    ("error-detail-logo-large", &[("n", Part::Number)]),
    ("error-detail-permission", &[("scope", Part::Text)]),
    ("error-detail-title-long", &[("n", Part::Number)]),
    ("error-detail-description-long", &[("n", Part::Number)]),
    ("error-detail-year", &[("min", Part::Year), ("max", Part::Year)]),
    ("error-detail-kind", &[("given", Part::Text)]),
    ("error-detail-genre", &[("given", Part::Text), ("genres", Part::Text)]),
    ("error-detail-genres-many", &[("n", Part::Number)]),
    ("error-detail-rating", &[("given", Part::Text), ("scale", Part::Text)]),
    ("error-detail-language-tag", &[("given", Part::Text)]),
    ("error-detail-tag-long", &[("n", Part::Number)]),
    ("error-detail-tags-many", &[("n", Part::Number)]),
    ("error-detail-credits-many", &[("n", Part::Number)]),
    ("error-detail-series-id", &[("given", Part::Text)]),
    ("error-detail-comment-long", &[("n", Part::Number)]),
    ("error-detail-comment-lines", &[("n", Part::Number)]),
    ("error-detail-playlist-full", &[("n", Part::Number)]),
    ("error-detail-not-ready-again", &[("status", Part::Text)]),
    ("error-detail-original-removed", &[("when", Part::Moment)]),
    ("error-detail-coming", &[("when", Part::Moment)]),
    ("error-detail-left", &[("when", Part::Moment)]),
    ("error-detail-upload-limit", &[("n", Part::Number)]),
    ("error-detail-label-long", &[("n", Part::Number)]),
    ("error-detail-caption-kind", &[("given", Part::Text)]),
    ("error-detail-captions-many", &[("n", Part::Number)]),
    ("error-detail-caption-size", &[("size", Part::Text)]),
    ("error-detail-caption-cues-many", &[("n", Part::Number)]),
    ("error-detail-caption-timing", &[("line", Part::Text)]),
    ("error-detail-caption-ends-at-start", &[("at", Part::Text)]),
    ("error-detail-caption-ends-before", &[("end", Part::Text), ("start", Part::Text)]),
    ("error-detail-caption-sixty", &[("given", Part::Text)]),
    ("error-detail-chapter-long", &[("n", Part::Number)]),
    ("error-detail-chapters-many", &[("n", Part::Number)]),
    ("error-detail-chapters-many-not", &[("n", Part::Number), ("count", Part::Number)]),
    ("error-detail-chapters-same-start", &[("first", Part::Text), ("second", Part::Text), ("at", Part::Text)]),
    ("error-detail-chapter-after-end", &[("title", Part::Text), ("at", Part::Text), ("end", Part::Text)]),
    ("error-detail-chapter-time", &[("given", Part::Text)]),
    ("error-detail-share-expiry", &[("max", Part::Number)]),
    ("error-detail-share-links-many", &[("n", Part::Number)]),
    ("error-detail-origins-many", &[("n", Part::Number)]),
    ("error-detail-origin", &[("given", Part::Text)]),
    ("error-detail-plan-required", &[("plan", Part::Text)]),
    ("error-detail-url-not", &[("why", Part::Text)]),
    ("error-detail-url-resolve", &[("host", Part::Text), ("why", Part::Text)]),
    ("error-detail-url-private", &[("host", Part::Text)]),
    ("error-detail-events-unknown", &[("given", Part::Text), ("events", Part::Text)]),
    ("error-detail-events-admin", &[("event", Part::Text)]),
    ("error-detail-webhooks-many", &[("n", Part::Number)]),
    ("error-detail-overlap", &[("n", Part::Number)]),
    ("error-detail-shelf-owner", &[("shelf", Part::Text)]),
    ("error-detail-periods-range", &[("max", Part::Number)]),
    ("error-detail-suspension-days", &[("max", Part::Number)]),
    ("error-detail-month", &[("given", Part::Text)]),
    ("error-detail-month-future", &[("month", Part::Text)]),
    // The widest last: any thing's name in the English, which translations leave out.
    ("error-detail-number-range", &[("what", Part::Text), ("max", Part::Number)]),
    ("error-detail-text-long", &[("what", Part::Text), ("n", Part::Number)]),
    ("error-detail-text-control", &[("what", Part::Text)]),
    ("error-detail-statement-needed", &[("what", Part::Text)]),
    ("error-detail-statement-long", &[("what", Part::Text), ("n", Part::Number)]),
    ("error-detail-statement-control", &[("what", Part::Text)]),
    ("error-detail-at-most-chars", &[("n", Part::Number)]),
    ("error-detail-unknown", &[("what", Part::Text), ("given", Part::Text)]),
];

/// A piece of a message's English: words, or a varying part.
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Words(String),
    Part(&'static str, Part),
}

/// Every refusal message the catalogue has: by its English where it has no varying parts,
/// else as pieces to match, in [`VARIED`]'s order.
struct Known {
    exact: HashMap<String, String>,
    patterns: Vec<(&'static str, Vec<Piece>)>,
}

static KNOWN: LazyLock<Known> = LazyLock::new(|| {
    let varied: HashMap<&str, &[(&str, Part)]> = VARIED.iter().copied().collect();
    let mut exact = HashMap::new();
    for key in i18n::keys().into_iter().filter(|k| k.starts_with("error-") && !NOT_REFUSALS.iter().any(|p| k.starts_with(p))) {
        if !varied.contains_key(key.as_str()) {
            exact.entry(i18n::text(Lang::En, &key, &[])).or_insert(key);
        }
    }
    let patterns = VARIED.iter().map(|(key, parts)| (*key, pieces(key, parts))).collect();
    Known { exact, patterns }
});

/// Marks around a part's place in a message's English, written to find it there.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// `key`'s English cut into words and its `parts`.
fn pieces(key: &str, parts: &'static [(&'static str, Part)]) -> Vec<Piece> {
    let marked: Vec<(&str, Arg<'_>)> =
        parts.iter().enumerate().map(|(i, (name, _))| (*name, Arg::from(format!("{OPEN}{i}{CLOSE}")))).collect();
    let english = i18n::text(Lang::En, key, &marked);
    let mut out = Vec::new();
    let mut rest = english.as_str();
    while let Some(start) = rest.find(OPEN) {
        if start > 0 {
            out.push(Piece::Words(rest[..start].to_string()));
        }
        let after = &rest[start + OPEN.len_utf8()..];
        let Some(end) = after.find(CLOSE) else { break };
        if let Some((name, part)) = after[..end].parse::<usize>().ok().and_then(|i| parts.get(i)) {
            out.push(Piece::Part(name, *part));
        }
        rest = &after[end + CLOSE.len_utf8()..];
    }
    if !rest.is_empty() {
        out.push(Piece::Words(rest.to_string()));
    }
    out
}

/// The catalogue's message for `message` in `lang`, its parts read back from it.
fn detail(lang: Lang, message: &str) -> Option<String> {
    let known = &*KNOWN;
    if let Some(key) = known.exact.get(message) {
        return Some(i18n::text(lang, key, &[]));
    }
    for (key, pieces) in &known.patterns {
        let mut args = Vec::new();
        if matches(lang, pieces, message, &mut args) {
            return Some(i18n::text(lang, key, &args));
        }
    }
    None
}

/// Whether `text` is `pieces`, each part read into `args` (backtracking where a part could end
/// at more than one place).
fn matches(lang: Lang, pieces: &[Piece], text: &str, args: &mut Vec<(&'static str, Arg<'static>)>) -> bool {
    match pieces.first() {
        None => text.is_empty(),
        Some(Piece::Words(words)) => text.strip_prefix(words.as_str()).is_some_and(|rest| matches(lang, &pieces[1..], rest, args)),
        Some(Piece::Part(name, part)) => {
            let ends: Vec<usize> = match pieces.get(1) {
                None => vec![text.len()],
                Some(Piece::Words(next)) => text.match_indices(next.as_str()).map(|(i, _)| i).collect(),
                // Two parts side by side cannot be told apart; the catalogue test refuses them.
                Some(Piece::Part(..)) => Vec::new(),
            };
            for end in ends.into_iter().filter(|e| *e > 0) {
                let Some(value) = read(lang, *part, &text[..end]) else { continue };
                args.push((*name, value));
                if matches(lang, &pieces[1..], &text[end..], args) {
                    return true;
                }
                args.pop();
            }
            false
        }
    }
}

/// A part of a message as its translation takes it, if `text` is such a part.
fn read(lang: Lang, part: Part, text: &str) -> Option<Arg<'static>> {
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    match part {
        Part::Text => Some(Arg::from(text.to_string())),
        Part::Number => {
            let (whole, fraction) = text.split_once('.').unwrap_or((text, "0"));
            (digits(whole) && digits(fraction)).then(|| text.parse::<f64>().ok().map(Arg::Number)).flatten()
        }
        Part::Year => {
            let year = text.parse::<u32>().ok().filter(|_| digits(text))?;
            let written = i18n::number(lang, f64::from(year), 0);
            Some(Arg::from(written.chars().filter(|c| c.is_numeric()).collect::<String>()))
        }
        Part::Moment => reel_base::domain::parse_rfc3339(text).map(|ms| Arg::from(i18n::date_time(lang, ms))),
        Part::Field => (!text.is_empty() && text.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')).then(|| Arg::from(text.to_string())),
        Part::Detail => detail(lang, text).map(Arg::from),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fr(message: &str) -> Option<String> {
        detail(Lang::Fr, message)
    }

    #[test]
    fn a_message_is_found_word_for_word_with_its_parts_read_back() {
        assert_eq!(fr("the code is wrong").as_deref(), Some("Le code est erroné."));
        assert_eq!(fr("the title must be at most 200 characters").as_deref(), Some("Le titre doit faire au plus 200 caractères."));
        assert_eq!(fr("the album must be at most 200 characters").as_deref(), Some("Ce texte doit faire au plus 200 caractères."));
        assert_eq!(fr("year: must be a whole number").as_deref(), Some("Doit être un nombre entier."));
        assert_eq!(fr("year: the year must be between 1800 and 2100").as_deref(), Some("L'année doit être comprise entre 1800 et 2100."));
        let ar = detail(Lang::Ar, "an item has at most 5000 chapters").unwrap();
        assert!(ar.contains("٥٬٠٠٠"), "Arabic writes the number its way: {ar}");
        let nested = fr("the caption file cannot be read: line 6: not a cue timing line: \"00:00:03,000 -> 00:00:04,000\"").unwrap();
        assert_eq!(nested, "Le fichier de sous-titres ne peut pas être lu : Ligne 6 : Ce n'est pas une ligne de minutage : \"00:00:03,000 -> 00:00:04,000\"");
        assert_eq!(fr("no such thing was ever said"), None);
        assert_eq!(fr("the caption file cannot be read: something unheard of"), None, "a part that is a refusal must be one");
        assert_eq!(fr("Year 3: must be a whole number"), None, "a field is named as the code names it");
    }

    #[test]
    fn the_refusals_forms_meet_most_are_said_in_every_language() {
        for message in [
            "example.internal is or resolves to a private address; this server only calls public ones",
            "not a URL: relative URL without a base",
            "\"5 weeks\" is not a lifetime between 1 minute and 10 years (e.g. 30d, 12h, 1y)",
            "a token name must be 1–100 printable characters",
            "line 2: \"0:61\" is not a time like 1:23 or 1:02:03",
            "chapter \"End\" starts at 9:00, but the item ends at 5:00",
            "genres: \"Polka\" is not a genre here (the genres are: Drama, Comedy)",
            "series: \"abc\" is not a series id",
            "credits: at most 20 names a credit",
            "track_number: the track number must be between 1 and 999",
            "language: \"english\" is not a language tag such as en, fr or pt-BR",
            "the number after the country code looks national (drop its leading 0); write the number in international form, like +44 20 7946 0958",
            "display_name: a display name must be 1–80 printable characters",
            "links: \"ftp://x\" is not a web address (http:// or https://, at most 2000 characters)",
            "name: 1 to 60 printable characters",
            "periods: a whole number from 1 to 120",
            "the caption file cannot be read: the file is larger than the limit of 512 KiB",
            "the caption file cannot be read: line 7: the cue ends (00:00:01.000) before it starts (00:00:02.000)",
            "this account is suspended until 2026-11-27T14:00:00Z: spam: lots of it",
            "\"https://a.example/x\" is not an origin (scheme://host or scheme://host:port, nothing after)",
            "an avatar is at most 5 MB",
            "unknown visibility \"secret\"",
            "comment not found",
        ] {
            for lang in [Lang::Fr, Lang::Ar] {
                let said = detail(lang, message);
                assert!(said.as_deref().is_some_and(|s| !s.contains("error-")), "{message:?} in {lang:?}: {said:?}");
            }
        }
    }

    #[test]
    fn a_moment_in_a_refusal_reads_as_the_languages_date_and_time() {
        let said = detail(Lang::Fr, "this account is suspended until 2026-11-27T14:00:00Z: spam").unwrap();
        assert!(said.contains("27 nov. 2026 à 14:00 UTC") && said.contains("spam"), "{said}");
        let said = detail(
            Lang::Fr,
            "the original file was removed by the storage lifecycle rule on 2026-11-27T14:00:00Z; this item cannot be transcoded again",
        );
        assert!(said.is_some_and(|s| s.contains("27 nov. 2026")));
    }

    #[test]
    fn english_says_the_message_as_it_is_and_other_languages_fall_back_by_code_then_status() {
        let p = Problem::bad_request("invalid-metadata", "credits: the director must be at most 5000 characters");
        assert_eq!(said(Lang::En, &p), "credits: the director must be at most 5000 characters");
        assert_eq!(said(Lang::Fr, &p), "Ce texte doit faire au plus 5000 caractères.");
        let unknown = Problem::bad_request("invalid-metadata", "something new");
        assert_eq!(said(Lang::En, &unknown), "something new");
        assert_eq!(said(Lang::Fr, &unknown), i18n::text(Lang::Fr, "error-invalid-metadata", &[]));
        let uncoded = Problem::bad_request("no-such-code", "something new");
        assert_eq!(said(Lang::Fr, &uncoded), i18n::text(Lang::Fr, "error-status-400", &[]));
        assert_eq!(said_of_message(Lang::Fr, "Déjà en français."), "Déjà en français.");
        assert_eq!(said_of_code(Lang::Fr, "invalid-url", "something new"), i18n::text(Lang::Fr, "error-invalid-url", &[]));
        assert_eq!(said_of_code(Lang::En, "invalid-url", "something new"), "something new");
    }

    #[test]
    fn the_title_names_the_status_in_the_language() {
        assert_eq!(title(Lang::En, StatusCode::NOT_FOUND), "404 Not Found");
        assert_eq!(title(Lang::En, StatusCode::PAYLOAD_TOO_LARGE), "413 Payload Too Large");
        assert_eq!(title(Lang::Fr, StatusCode::NOT_FOUND), "404 Introuvable");
        assert!(title(Lang::Ar, StatusCode::NOT_FOUND).contains('٤'));
        assert_eq!(title(Lang::En, StatusCode::IM_A_TEAPOT), "418 Error");
    }

    #[test]
    fn every_varied_message_has_its_parts_apart_and_every_other_refusal_has_none() {
        let mut problems = Vec::new();
        for (key, parts) in VARIED {
            if !i18n::has(key) {
                problems.push(format!("{key}: not in the catalogue"));
                continue;
            }
            let found = pieces(key, parts);
            let named = found.iter().filter(|p| matches!(p, Piece::Part(..))).count();
            if named != parts.len() {
                problems.push(format!("{key}: the English uses {named} of its {} parts", parts.len()));
            }
            if found.windows(2).any(|w| matches!((&w[0], &w[1]), (Piece::Part(..), Piece::Part(..)))) {
                problems.push(format!("{key}: two parts side by side cannot be read back"));
            }
        }
        for key in i18n::keys().into_iter().filter(|k| k.starts_with("error-") && !VARIED.iter().any(|(v, _)| v == k)) {
            let english = i18n::text(Lang::En, &key, &[]);
            if english.contains("{$") && !key.starts_with("error-page-") {
                problems.push(format!("{key}: has a varying part but no entry in VARIED"));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
