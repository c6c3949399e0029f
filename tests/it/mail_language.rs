//! Mail in its recipient's language, read back from a real SMTP server: an account whose
//! preferences name French or Arabic gets its sign-in code and a moderator's notice in that
//! language, an account with none gets them in the site's (English), the words checked
//! against the catalogues in `locales/`.

// suite: embedded the language is read from an account's preferences, the same on every backend

use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};

use crate::accounts::server_with_mail;
use crate::common::smtp::{body_text, header};
use crate::common::TestServer;

/// The words of message `key` in `lang`'s `emails.ftl` (its first line), without what is put
/// into it: the stretches between placeables that have a letter in them.
fn words(lang: &str, key: &str) -> Vec<String> {
    let path = format!("{}/locales/{lang}/emails.ftl", env!("CARGO_MANIFEST_DIR"));
    let catalogue = std::fs::read_to_string(&path).unwrap();
    let line = catalogue.lines().find_map(|l| l.strip_prefix(&format!("{key} ="))).unwrap_or_else(|| panic!("{key} in {path}"));
    let mut out = Vec::new();
    for (i, piece) in line.split(['{', '}']).enumerate() {
        // Even pieces are text, odd ones placeables.
        let piece = piece.trim();
        if i % 2 == 0 && piece.chars().any(char::is_alphabetic) {
            out.push(piece.to_string());
        }
    }
    assert!(!out.is_empty(), "{key} in {lang} has no words of its own");
    out
}

/// Asserts that `text` has every stretch of `key`'s words in `lang`.
fn assert_in(text: &str, lang: &str, key: &str) {
    for stretch in words(lang, key) {
        assert!(text.contains(&stretch), "{text:?} is not {key} in {lang}: no {stretch:?}");
    }
}

async fn call(server: &TestServer, token: &str, method: Method, path: &str, body: Value) -> reqwest::Response {
    server.http().request(method, format!("{}/api/v1{path}", server.base)).bearer_auth(token).json(&body).send().await.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_accounts_mail_is_written_in_the_language_its_preferences_name() {
    let (server, smtp) = server_with_mail(&[]);
    let staff = server.cli(&["token", "create", "--name", "staff", "--scopes", "read,admin,moderate"]).trim().to_string();
    // (address, the language its preferences name, the language its mail is in)
    let people = [("amelie@example.org", Some("fr"), "fr"), ("layla@example.org", Some("ar"), "ar"), ("ed@example.org", None, "en")];
    for (email, language, lang) in people {
        server.cli(&["user", "create", "--email", email, "--role", "creator"]);
        let token =
            server.cli(&["token", "create", "--name", "own", "--user", email, "--scopes", "read,upload,account"]).trim().to_string();
        if let Some(language) = language {
            let preferences = json!({ "language": language, "autoplay_next": true, "default_quality": "auto", "captions": false });
            let r = call(&server, &token, Method::PUT, "/account/preferences", preferences).await;
            assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
        }

        // A sign-in code.
        let r =
            server.http().post(format!("{}/api/v1/auth/otp/request", server.base)).json(&json!({ "email": email })).send().await.unwrap();
        assert_eq!(r.status(), 202);
        let mail = smtp.wait_for_messages(email, 1, Duration::from_secs(20)).await.remove(0);
        let (subject, body) = (header(&mail, "Subject").unwrap(), body_text(&mail));
        assert_in(&subject, lang, "email-code-subject");
        assert_in(&body, lang, "email-code-text");
        assert!(subject.chars().any(|c| c.is_ascii_digit()), "the code is in the subject: {subject}");

        // A moderator takes one of its items down: the notice says so in its language too.
        let form = reqwest::multipart::Form::new()
            .text("title", "Street scenes")
            .part("file", reqwest::multipart::Part::bytes(vec![0x5a; 4096]).file_name("street.mp4"));
        let r = server.http().post(format!("{}/api/v1/videos", server.base)).bearer_auth(&token).multipart(form).send().await.unwrap();
        assert_eq!(r.status(), 201);
        let item = r.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
        let r =
            call(&server, &staff, Method::POST, &format!("/admin/videos/{item}/takedown"), json!({ "reason": "Copyright claim" })).await;
        assert!(r.status().is_success(), "{}", r.text().await.unwrap());
        let notice = smtp.wait_for_messages(email, 2, Duration::from_secs(20)).await.remove(1);
        let (subject, body) = (header(&notice, "Subject").unwrap(), body_text(&notice));
        assert_in(&subject, lang, "email-takedown-subject");
        assert_in(&body, lang, "email-takedown-text");
        assert!(body.contains("Street scenes") && body.contains("Copyright claim"), "{body}");
    }
    // The catalogues differ where it counts, so the checks above could tell the languages apart.
    for key in ["email-code-subject", "email-takedown-subject"] {
        let (fr, ar, en) = (words("fr", key), words("ar", key), words("en", key));
        assert!(fr != en && ar != en && fr != ar, "{key}: {fr:?} {ar:?} {en:?}");
    }
}
