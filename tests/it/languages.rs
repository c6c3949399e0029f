//! The language of the pages over HTTP: chosen from the profile's preference, then the switch
//! (a plain form, or `?lang=`, remembered in a cookie), then `Accept-Language`, then the site's
//! default — only ever one the site offers — with `lang` and `dir` on the page and the
//! scripts' messages in the same language.

// suite: backends

use std::time::Duration;

use reqwest::header::{ACCEPT_LANGUAGE, COOKIE, LOCATION, SET_COOKIE};
use reqwest::StatusCode;

use crate::common::TestServer;

fn client() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).timeout(Duration::from_secs(60)).build().unwrap()
}

/// The opening `<html …>` tag of a page.
fn html_tag(page: &str) -> &str {
    let start = page.find("<html").expect("an html element");
    &page[start..start + page[start..].find('>').unwrap() + 1]
}

/// The scripts' messages a page carries.
fn web_messages(page: &str) -> serde_json::Value {
    let start = page.find("id=\"reel-messages\">").expect("the scripts' messages") + "id=\"reel-messages\">".len();
    let end = start + page[start..].find("</script>").unwrap();
    serde_json::from_str(&page[start..end]).expect("the messages are JSON")
}

async fn get(server: &TestServer, path: &str, headers: &[(reqwest::header::HeaderName, &str)]) -> reqwest::Response {
    let mut r = client().get(format!("{}{path}", server.base));
    for (name, value) in headers {
        r = r.header(name, *value);
    }
    r.send().await.unwrap()
}

async fn page(server: &TestServer, path: &str, headers: &[(reqwest::header::HeaderName, &str)]) -> String {
    let r = get(server, path, headers).await;
    assert_eq!(r.status(), StatusCode::OK, "GET {path}");
    r.text().await.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_signed_out_visitor_gets_their_browsers_language_and_can_switch() {
    let server = TestServer::start();
    let english = page(&server, "/", &[]).await;
    assert_eq!(html_tag(&english), "<html lang=\"en\" dir=\"ltr\">");
    assert!(english.contains(">Sign in</a>"));

    // The browser's weights decide among the languages offered; a region counts for its language.
    let arabic = page(&server, "/", &[(ACCEPT_LANGUAGE, "de-DE, ar-EG;q=0.9, fr;q=0.8")]).await;
    assert_eq!(html_tag(&arabic), "<html lang=\"ar\" dir=\"rtl\">");
    assert!(arabic.contains(">تسجيل الدخول</a>") && !arabic.contains(">Sign in</a>"), "{arabic}");
    assert_eq!(web_messages(&arabic)["web-seconds"][0]["s"], "n", "the scripts get the Arabic plural forms");
    assert!(web_messages(&arabic).to_string().contains("ثانية"));
    let french = page(&server, "/login", &[(ACCEPT_LANGUAGE, "fr-CH, en;q=0.5")]).await;
    assert!(html_tag(&french).starts_with("<html lang=\"fr\" dir=\"ltr\""));
    assert!(french.contains("Se connecter") && !french.contains(">Sign in<"), "{french}");
    // The error page speaks it too.
    let missing = get(&server, "/no-such-page", &[(ACCEPT_LANGUAGE, "fr")]).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert!(html_tag(&missing.text().await.unwrap()).starts_with("<html lang=\"fr\""));

    // `?lang=` speaks for its request and is remembered; the cookie then beats the browser.
    let r = get(&server, "/login?lang=fr", &[(ACCEPT_LANGUAGE, "ar")]).await;
    let cookie = r.headers()[SET_COOKIE].to_str().unwrap().to_string();
    assert!(cookie.starts_with("reel_lang=fr; Path=/; HttpOnly; SameSite=Lax; Max-Age="), "{cookie}");
    assert!(html_tag(&r.text().await.unwrap()).starts_with("<html lang=\"fr\""));
    let remembered = page(&server, "/", &[(ACCEPT_LANGUAGE, "ar"), (COOKIE, "reel_lang=fr")]).await;
    assert!(html_tag(&remembered).starts_with("<html lang=\"fr\""));
    // A language the site has no catalogue for is not one: the browser's choice stands.
    let unknown = page(&server, "/?lang=xx", &[(ACCEPT_LANGUAGE, "ar")]).await;
    assert!(html_tag(&unknown).starts_with("<html lang=\"ar\""));

    // The switch: a plain form that comes back to its page.
    let switch = |language: &'static str, back: &'static str| {
        client().post(format!("{}/language", server.base)).form(&[("language", language), ("back", back)]).send()
    };
    let r = switch("ar", "/browse?kind=film").await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[LOCATION], "/browse?kind=film");
    assert!(r.headers()[SET_COOKIE].to_str().unwrap().starts_with("reel_lang=ar; "));
    let r = switch("klingon", "/").await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = switch("fr", "https://elsewhere.example/").await.unwrap();
    assert_eq!(r.headers()[LOCATION], "/", "the way back stays on the site");
    let r = client()
        .post(format!("{}/language", server.base))
        .header("sec-fetch-site", "cross-site")
        .form(&[("language", "fr"), ("back", "/")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.headers().get(SET_COOKIE).is_none());
    // Every language is listed in its own name, the current one pressed.
    assert!(arabic.contains("value=\"fr\" lang=\"fr\" aria-pressed=\"false\">Français</button>"), "{arabic}");
    assert!(arabic.contains("value=\"ar\" lang=\"ar\" aria-pressed=\"true\">العربية</button>"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_profiles_language_outranks_the_switch_and_the_browser_and_the_switch_sets_it() {
    let server = TestServer::start();
    server.cli(&["user", "create", "--email", "polyglot@example.org", "--role", "viewer"]);
    let browser = crate::pages::sign_in(&server, "polyglot@example.org").await;
    let signed_in = |headers: Vec<(reqwest::header::HeaderName, String)>, path: &'static str| {
        let mut r = client().get(format!("{}{path}", server.base)).header(COOKIE, browser.cookie());
        for (name, value) in headers {
            r = r.header(name, value);
        }
        async move { r.send().await.unwrap().text().await.unwrap() }
    };
    let before = signed_in(vec![(ACCEPT_LANGUAGE, "fr".into())], "/history").await;
    assert!(html_tag(&before).starts_with("<html lang=\"fr\""), "no preference yet: the browser's");
    assert!(before.contains("name=\"language\" value=\"ar\"") && before.contains("name=\"csrf\""), "the switch is in the menu");

    // The switch, signed in, becomes the profile's interface language.
    let r = browser.post(&server, "/language", &[("csrf", browser.csrf()), ("language", "ar"), ("back", "/history")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let everywhere =
        signed_in(vec![(ACCEPT_LANGUAGE, "fr".into()), (COOKIE, format!("{}; reel_lang=fr", browser.cookie()))], "/history").await;
    assert!(html_tag(&everywhere).starts_with("<html lang=\"ar\" dir=\"rtl\""), "the profile's language wins");
    let preferences = browser.page(&server, "/account/profile").await;
    assert!(preferences.contains("value=\"ar\" lang=\"ar\" selected>"), "the preferences form shows it");
    // An explicit `?lang=` still speaks for its own request.
    let asked = signed_in(vec![], "/history?lang=en").await;
    assert!(html_tag(&asked).starts_with("<html lang=\"en\""));
    // The page answering a refused form post speaks the profile's language too.
    let long = "x".repeat(200);
    let form = [("csrf", browser.csrf()), ("display_name", long.as_str()), ("bio", ""), ("links", "")];
    let r = browser.post(&server, "/account/profile", &form).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(html_tag(&r.text().await.unwrap()).starts_with("<html lang=\"ar\" dir=\"rtl\""));
    // A switch with a wrong token changes nothing.
    let r = browser.post(&server, "/language", &[("csrf", "forged"), ("language", "fr"), ("back", "/")]).await;
    assert_ne!(r.status(), StatusCode::SEE_OTHER);
    assert!(html_tag(&signed_in(vec![], "/history").await).starts_with("<html lang=\"ar\""));
}

#[tokio::test(flavor = "multi_thread")]
async fn only_the_languages_the_site_offers_are_spoken() {
    let server = TestServer::start_with(&[("REEL__SITE__LANGUAGES", "[\"fr\", \"en\"]"), ("REEL__SITE__DEFAULT_LANGUAGE", "fr")]);
    let home = page(&server, "/", &[]).await;
    assert!(html_tag(&home).starts_with("<html lang=\"fr\""), "the site's default");
    let asked_arabic = page(&server, "/?lang=ar", &[(ACCEPT_LANGUAGE, "ar, en;q=0.5")]).await;
    assert!(html_tag(&asked_arabic).starts_with("<html lang=\"en\""), "Arabic is not offered here: the browser's next choice");
    assert!(!asked_arabic.contains("value=\"ar\""), "nor listed by the switch");
    let r = client().post(format!("{}/language", server.base)).form(&[("language", "ar"), ("back", "/")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);

    // A default outside the languages offered is refused before the server starts.
    let out = server.command().env("REEL__SITE__DEFAULT_LANGUAGE", "ar").args(["print-config"]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("site.default_language"), "{}", String::from_utf8_lossy(&out.stderr));
}

#[tokio::test(flavor = "multi_thread")]
async fn what_the_platform_kept_in_the_audit_log_reads_in_the_pages_language_and_in_english_in_the_api() {
    let server = TestServer::start();
    server.cli(&["user", "create", "--email", "invited@example.org", "--role", "creator"]);
    let api = server.get_json("/api/v1/admin/audit?limit=500").await;
    let detail = |action: &str| api.as_array().unwrap().iter().find(|e| e["action"] == action).map(|e| e["detail"].clone());
    assert_eq!(detail("user.created"), Some("role creator, by reel user create".into()), "{api}");
    assert_eq!(detail("token.created"), Some("by reel token create, until revoked".into()), "{api}");

    let admin = crate::pages::sign_in(&server, crate::common::ADMIN_EMAIL).await;
    let french = admin.page(&server, "/admin/audit?lang=fr").await;
    assert!(
        french.contains("rôle creator, par reel user create") && french.contains("par reel token create, jusqu’à révocation"),
        "{french}"
    );
    assert!(!french.contains("by reel user create") && !french.contains("{&quot;key"), "nothing left in English or in its stored form");
    let arabic = admin.page(&server, "/admin/audit?lang=ar").await;
    assert!(arabic.contains("الدور") && arabic.contains("reel user create"), "{arabic}");
}
