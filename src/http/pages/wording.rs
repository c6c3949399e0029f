//! The test that every word a person reads comes from the catalogues: each key the templates,
//! the page code, the emails and the scripts use exists, and no template, page module or
//! script writes words of its own. (That every language has every key is `i18n::check`'s.)

use std::path::PathBuf;

use crate::http::pages::account::webhooks;
use crate::http::pages::admin::{area, moderation, plans};
use crate::http::pages::frame::{errors, notices};
use crate::http::pages::studio::{items, sharing};
use crate::http::pages::watch::{collections, history, notifications};

/// Words that are names, not language: formats and units every language writes alike. The
/// site's own name is not one of them: it is `[site] name`, which a page takes from the settings.
const NAMES: &[&str] = &["HLS", "DASH", "RSS", "API", "OpenAPI", "JSON", "URL", "LUFS", "dBTP", "dB", "ms", "px"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files(folder: &str, ext: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![root().join(folder)];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == ext) {
                let name = path.strip_prefix(root()).unwrap_or(&path).display().to_string();
                out.push((name, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// The keys a source asks for: the first argument of `t(` (and of `text(`/`tr(`/`Said::new(`
/// in Rust), a literal ending in `-` standing for a family of keys that a value completes.
fn keys_used(source: &str) -> Vec<String> {
    let mut keys = Vec::new();
    for opener in ["t(\"", "t('", "tr(\"", "text(lang, \"", "Said::new(\""] {
        for (i, _) in source.match_indices(opener) {
            let before = source[..i].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') && opener.starts_with('t') {
                continue;
            }
            let rest = &source[i + opener.len()..];
            let quote = opener.chars().last().unwrap();
            if let Some(end) = rest.find(quote) {
                let key = &rest[..end];
                if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.') {
                    keys.push(key.to_string());
                }
            }
        }
    }
    keys
}

fn known(key: &str) -> bool {
    let message = key.split('.').next().unwrap_or(key);
    if message.ends_with('-') {
        return reel_base::i18n::keys().iter().any(|k| k.starts_with(message));
    }
    reel_base::i18n::has(message)
}

/// Words left in a template once its tags, expressions, comments and scripts are taken out,
/// and in the attributes people read (`title`, `aria-label`, `placeholder`, `alt`).
fn loose_words(template: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut text = String::with_capacity(template.len());
    let mut rest = template;
    // Cut out Jinja blocks, keeping their newlines so line numbers hold.
    while let Some(start) = rest.find(['{', '<']) {
        text.push_str(&rest[..start]);
        let tail = &rest[start..];
        let closer = [("{{", "}}"), ("{%", "%}"), ("{#", "#}"), ("<!--", "-->"), ("<script", "</script>"), ("<style", "</style>")]
            .into_iter()
            .find(|(open, _)| tail.starts_with(open));
        let Some((_, close)) = closer else {
            text.push_str(&tail[..1]);
            rest = &tail[1..];
            continue;
        };
        let end = tail.find(close).map_or(tail.len(), |e| e + close.len());
        let cut = &tail[..end];
        // A literal shown as it is (`{{ "Saved" }}`, `{{ "a" if x else "b" }}`) is words too.
        if cut.starts_with("{{") && !cut.contains("t(") {
            for literal in cut.split('"').skip(1).step_by(2) {
                if literal.contains(' ') && literal.chars().any(char::is_alphabetic) {
                    text.push_str(literal);
                }
            }
        }
        text.extend(cut.chars().filter(|c| *c == '\n'));
        rest = &tail[end..];
    }
    text.push_str(rest);
    let mut line = 1;
    let mut in_tag = false;
    let mut word = String::new();
    let mut attribute_text = String::new();
    let mut chars = text.chars().peekable();
    let mut visible = String::new();
    while let Some(c) = chars.next() {
        match c {
            '\n' => {
                line += 1;
                visible.push(' ');
            }
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                for name in ["title=\"", "aria-label=\"", "placeholder=\"", "alt=\"", "aria-description=\"", "label=\""] {
                    for (i, _) in attribute_text.match_indices(name) {
                        let value = &attribute_text[i + name.len()..];
                        let value = value.split('"').next().unwrap_or("");
                        visible.push(' ');
                        visible.push_str(value);
                    }
                }
                attribute_text.clear();
                visible.push(' ');
            }
            _ if in_tag => attribute_text.push(c),
            _ => visible.push(c),
        }
        if c == '\n' || chars.peek().is_none() {
            for w in visible.split(|c: char| !(c.is_alphabetic() || c == '\'')) {
                word.clear();
                word.push_str(w.trim_matches('\''));
                if word.chars().any(char::is_alphabetic) && !NAMES.contains(&word.as_str()) && !word.starts_with("&") {
                    found.push((if c == '\n' { line - 1 } else { line }, word.clone()));
                }
            }
            visible.clear();
        }
    }
    found
}

#[test]
fn every_key_the_pages_and_scripts_use_is_in_the_catalogues() {
    let mut missing = Vec::new();
    let sources = [files("templates", "html"), files("src/http/pages", "rs"), files("web/src", "js"), files("crates/core/src", "rs")];
    for (name, source) in sources.iter().flatten() {
        for key in keys_used(source) {
            if !known(&key) {
                missing.push(format!("{name}: `{key}`"));
            }
        }
    }
    assert!(missing.is_empty(), "keys used but not in the catalogues:\n{}", missing.join("\n"));
}

#[test]
fn no_template_writes_words_of_its_own() {
    let mut loose = Vec::new();
    for (name, source) in files("templates", "html") {
        for (line, word) in loose_words(&source) {
            loose.push(format!("{name}:{line}: {word}"));
        }
    }
    assert!(loose.is_empty(), "words outside the catalogues (put them in locales/*/…ftl and use t()):\n{}", loose.join("\n"));
}

/// String literals in Rust that read like words for people: a capitalised word or phrase, or a
/// sentence. Log lines, panics, test code and the API's own English (error details) are not
/// looked at; `code` marks a literal that is data although it looks like words.
fn rust_words(source: &str) -> Vec<(usize, String)> {
    let body = source.split("#[cfg(test)]").next().unwrap_or(source);
    let mut found = Vec::new();
    for (n, line) in body.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let skipped = ["tracing::", "expect(", "panic!", "#[", "AppError::", "Problem::", "bad_request(", "internal(", "// code"];
        if skipped.iter().any(|s| line.contains(s)) {
            continue;
        }
        for literal in code.split('"').skip(1).step_by(2) {
            // Drawing data (an icon's path) is mostly numbers.
            let letters = literal.chars().filter(|c| c.is_alphabetic()).count();
            if letters * 2 < literal.chars().filter(|c| !c.is_whitespace()).count() {
                continue;
            }
            let capitalised = literal.chars().next().is_some_and(char::is_uppercase)
                && literal.chars().any(char::is_lowercase)
                && !literal.contains(['/', '{', '_', '=', '<', ':']);
            let sentence = literal.contains(' ') && literal.ends_with(['.', '?', '!']);
            if capitalised || sentence {
                found.push((n + 1, literal.to_string()));
            }
        }
    }
    found
}

#[test]
fn no_page_module_writes_words_of_its_own() {
    let mut loose = Vec::new();
    for (name, source) in files("src/http/pages", "rs").into_iter().filter(|(name, _)| !name.ends_with("wording.rs")) {
        for (line, words) in rust_words(&source) {
            loose.push(format!("{name}:{line}: {words:?}"));
        }
    }
    assert!(loose.is_empty(), "words outside the catalogues (use t(\"key\", …)):\n{}", loose.join("\n"));
}

#[test]
fn the_word_finder_sees_text_attributes_and_shown_literals_but_not_markup() {
    let words = |t: &str| loose_words(t).into_iter().map(|(_, w)| w).collect::<Vec<_>>();
    assert_eq!(words("<p class=\"x\">{{ t(\"k\") }}</p>{# note #}"), Vec::<String>::new());
    assert_eq!(words("<p>\n{{ t(\"k\") }} Hello</p>"), vec!["Hello"]);
    assert_eq!(words("<a title=\"Open it\" href=\"/x\">{{ icon(\"menu\") }}</a>"), vec!["Open", "it"]);
    assert_eq!(words("{{ \"Saved it\" if done else x }}<script>let a = 'b';</script>"), vec!["Saved", "it"]);
    assert_eq!(words("<span>HLS</span>"), Vec::<String>::new());
    assert_eq!(words("<span>Reel</span>"), vec!["Reel"], "the site's name is the settings', never a template's");
    let rust = |s: &str| rust_words(s).into_iter().map(|(_, w)| w).collect::<Vec<_>>();
    assert_eq!(rust("let t = (\"Views\", n);\nlet done = \"saved it all.\";"), vec!["Views", "saved it all."]);
    assert_eq!(rust("route(\"/x\"); t(\"key\", &[]); tracing::warn!(\"Odd\");"), Vec::<String>::new());
}

/// The refusals the code base makes: `(code, message)` for each `bad_request("code", …`,
/// `conflict(…`, `unavailable(…`, `new(StatusCode::…, "code", …` and `forbidden("…"` outside
/// tests, the message when it is a plain literal (not `format!`).
fn refusals() -> Vec<(String, Option<String>)> {
    /// A string literal at the start of `text`, with what follows it.
    fn literal(text: &str) -> Option<(String, &str)> {
        let body = text.strip_prefix('"')?;
        let mut out = String::new();
        let mut chars = body.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => return Some((out, &body[i + 1..])),
                '\\' => out.push(match chars.next()?.1 {
                    'n' => '\n',
                    other => other,
                }),
                _ => out.push(c),
            }
        }
        None
    }
    let mut found = Vec::new();
    for (_, source) in files("crates", "rs").into_iter().chain(files("src", "rs")) {
        let source = source.split("#[cfg(test)]").next().unwrap_or_default();
        for opener in ["bad_request(", "conflict(", "unavailable(", "new(", "forbidden("] {
            for (i, _) in source.match_indices(opener) {
                let mut rest = source[i + opener.len()..].trim_start();
                if opener == "forbidden(" {
                    if let Some((message, _)) = literal(rest) {
                        found.push(("forbidden".to_string(), Some(message)));
                    }
                    continue;
                }
                if opener == "new(" {
                    // `Problem::new(StatusCode::GONE, "code", …`, `AppError::new(status, "code", …`.
                    let before = &source[..i];
                    let Some((status, after)) = rest.split_once(',') else { continue };
                    let status_like = status.contains("StatusCode::") || status.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
                    if !(before.ends_with("Problem::") || before.ends_with("AppError::") || before.ends_with("Self::"))
                        || !status_like
                        || !status.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
                    {
                        continue;
                    }
                    rest = after.trim_start();
                }
                let Some((code, after)) = literal(rest) else { continue };
                if code.is_empty() || !code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
                    continue;
                }
                let message = after.trim_start().strip_prefix(',').and_then(|m| literal(m.trim_start())).map(|(m, _)| m);
                found.push((code, message));
            }
        }
    }
    found
}

/// Refusals only API clients and the protocols' tools meet (uploads, beacons, receipts,
/// idempotency keys, the query parameters only the API takes, the origin's refusals of a
/// screen, which the player words itself): no page shows them.
const API_ONLY_CODES: &[&str] = &[
    "beyond-length",
    "body-timeout",
    "checksum",
    "checksum-algorithm",
    "content-type",
    "direct-uploads-unavailable",
    "downloads-not-in-plan",
    "field-too-long",
    "idempotency-key-in-use",
    "idempotency-key-reused",
    "incomplete-upload",
    "interrupted",
    "invalid-beacon",
    "invalid-body",
    "invalid-format",
    "invalid-idempotency-key",
    "invalid-limit",
    "invalid-order",
    "invalid-owner",
    "invalid-parts",
    "invalid-position",
    "invalid-reaction",
    "invalid-state",
    "invalid-status",
    "invalid-target",
    "missing-code",
    "missing-file",
    "missing-url",
    "not-a-session",
    "nothing-to-change",
    "offset-mismatch",
    "quality-not-in-plan",
    "remaking",
    "restoring",
    "size-mismatch",
    "stream-ended",
    "too-many-streams",
    "tus-version",
    "unsupported-format",
    "unsupported-media-type",
    "upload-busy",
    "upload-length",
    "upload-offset",
];

/// Refusals with a page-facing code whose message only the API or the origin gives.
const API_ONLY_MESSAGES: &[&str] = &[
    "invalid playback token",
    "the playback token is not valid for this item",
    "this origin serves the CDN only",
    "only the video's creator or an admin may see its storage",
    "limit is a whole number from 1 to 100",
    "the cursor is not one this API returned",
    "cursor is the next_cursor of an earlier page",
    "the receipt is not a form",
    "the receipt names no status (status or MessageStatus)",
    "a text field is too long",
    "text fields must be UTF-8",
    "Upload-Metadata is too long",
    "give role and/or disabled",
    "the form has no `file` part",
    "an API token cannot change anything here",
    "a beacon is at most 8 KiB",
];

#[test]
fn every_refusal_a_page_can_show_has_its_message_in_the_catalogues() {
    let refusals = refusals();
    let codes: std::collections::BTreeSet<&str> = refusals.iter().map(|(c, _)| c.as_str()).collect();
    assert!(codes.len() > 100 && codes.contains("invalid-metadata") && codes.contains("not-found"), "the scan finds the codes: {codes:?}");
    let mut problems = Vec::new();
    // Every code has `error-CODE`, but those only the API meets.
    for code in codes.iter().filter(|c| !API_ONLY_CODES.contains(*c)) {
        if !reel_base::i18n::has(&format!("error-{code}")) {
            problems.push(format!("`{code}` has no `error-{code}` in errors.ftl (or belongs in API_ONLY_CODES)"));
        }
    }
    // Every `error-CODE` is a code the code base gives, and one a page can show.
    for key in reel_base::i18n::keys() {
        let Some(code) = key.strip_prefix("error-") else { continue };
        if ["page-", "status-", "detail-"].iter().any(|p| code.starts_with(p)) {
            continue;
        }
        if !codes.contains(code) || API_ONLY_CODES.contains(&code) {
            problems.push(format!("`{key}`: no refusal a page shows has the code `{code}`"));
        }
    }
    // Every message written out whole is said word for word: its English is the catalogue's.
    for (code, message) in &refusals {
        let Some(message) = message else { continue };
        if API_ONLY_CODES.contains(&code.as_str()) || API_ONLY_MESSAGES.contains(&message.as_str()) {
            continue;
        }
        if !errors::knows(message) {
            problems.push(format!("`{code}`: \"{message}\" is no error-… message's English"));
        }
    }
    // The refusals of the forms people fill in most.
    for code in [
        "invalid-text",
        "invalid-metadata",
        "invalid-captions",
        "invalid-chapters",
        "invalid-url",
        "private-address",
        "invalid-name",
        "invalid-scope",
        "invalid-expiry",
        "invalid-code",
        "missing-attempt",
        "invalid-profile",
        "invalid-image",
        "invalid-plan",
        "invalid-origin",
    ] {
        if !reel_base::i18n::has(&format!("error-{code}")) {
            problems.push(format!("the form refusal `{code}` has no message"));
        }
    }
    assert!(problems.is_empty(), "refusals without their words:\n{}", problems.join("\n"));
}

#[test]
fn every_notice_a_page_shows_is_in_the_catalogues() {
    let all = [
        &notices::ACCOUNT_NOTICES,
        &area::NOTICES,
        &collections::NOTICES,
        &history::NOTICES,
        &moderation::NOTICES,
        &notifications::NOTICES,
        &plans::NOTICES,
        &sharing::NOTICES,
        &items::NOTICES,
        &webhooks::NOTICES,
    ];
    for list in all {
        for key in list.keys() {
            assert!(reel_base::i18n::has(key), "no message `{key}` in the catalogues");
        }
    }
    assert_eq!(items::NOTICES.of(Some("saved")), Some("studio-notice-saved"));
    assert_eq!(items::NOTICES.of(Some("<script>")), None, "only a listed `done` is shown");
}
