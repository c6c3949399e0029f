//! The shell of every page over HTTP, as a browser without scripts sees it: the theme chosen
//! with a plain form and remembered in a cookie on every page (the error page too), the guide's
//! sections with the current one marked, the followed channels it lists (never a disabled one),
//! and the account named once in the top bar.

// suite: backends

use std::time::Duration;

use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use reqwest::StatusCode;
use serde_json::json;

use crate::common::TestServer;

fn client() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).timeout(Duration::from_secs(60)).build().unwrap()
}

/// A page as its links read: the templates write `/` in attributes as `&#x2f;`.
fn plain(html: String) -> String {
    html.replace("&#x2f;", "/")
}

/// The `<header>` of a page.
fn top_bar(html: &str) -> &str {
    let start = html.find("<header").expect("a header");
    &html[start..start + html[start..].find("</header>").expect("the header's end")]
}

/// The guide of a page.
fn guide(html: &str) -> &str {
    let start = html.find("<nav id=\"guide\"").expect("a guide");
    &html[start..start + html[start..].find("</nav>").expect("the guide's end")]
}

#[tokio::test(flavor = "multi_thread")]
async fn a_theme_is_chosen_with_a_plain_form_and_every_page_keeps_it() {
    let server = TestServer::start();
    let http = client();
    let page = |cookie: Option<&'static str>, path: &'static str| {
        let mut r = http.get(format!("{}{path}", server.base));
        if let Some(c) = cookie {
            r = r.header(COOKIE, c);
        }
        async move { plain(r.send().await.unwrap().text().await.unwrap()) }
    };
    let home = page(None, "/").await;
    assert!(
        home.contains("<html lang=\"en\" dir=\"ltr\">") && home.contains("<meta name=\"color-scheme\" content=\"light dark\">"),
        "{home}"
    );
    assert!(home.contains("action=\"/theme\"") && home.contains("value=\"system\" aria-pressed=\"true\""), "signed out, no theme form");

    let choose = |theme: &'static str, back: &'static str| {
        http.post(format!("{}/theme", server.base)).form(&[("theme", theme), ("back", back)]).send()
    };
    let r = choose("dark", "/browse?kind=film").await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[LOCATION], "/browse?kind=film");
    let cookie = r.headers()[SET_COOKIE].to_str().unwrap().to_string();
    assert!(cookie.starts_with("reel_theme=dark; Path=/; HttpOnly; SameSite=Lax; Max-Age="), "{cookie}");
    for path in ["/", "/docs/api", "/login", "/no-such-page"] {
        let html = page(Some("reel_theme=dark"), path).await;
        assert!(html.contains("<html lang=\"en\" dir=\"ltr\" data-theme=\"dark\">"), "{path} lost the theme: {html}");
        assert!(html.contains("<meta name=\"color-scheme\" content=\"dark\">"), "{path}");
        assert!(html.contains("value=\"dark\" aria-pressed=\"true\""), "{path} does not mark the choice");
    }
    // The form comes back to the page it was on, with the page's own address in it.
    let login = page(Some("reel_theme=light"), "/login?next=%2Fhistory").await;
    assert!(login.contains("name=\"back\" value=\"/login?next=%2Fhistory\"") && login.contains("data-theme=\"light\""), "{login}");

    // A page made by a form post has no address of its own to come back to: the form leads home.
    let refused = http.post(format!("{}/login", server.base)).form(&[("address", "not an address")]).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    assert!(plain(refused.text().await.unwrap()).contains("name=\"back\" value=\"/\""));

    // Back to the system's: the cookie goes.
    let r = choose("system", "/").await.unwrap();
    assert!(r.headers()[SET_COOKIE].to_str().unwrap().starts_with("reel_theme=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"));
    // A theme that is not one, a way back off the site, a post from another site.
    let r = choose("purple", "/").await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.headers().get(SET_COOKIE).is_none());
    assert_eq!(choose("dark", "//evil.example/").await.unwrap().headers()[LOCATION], "/");
    let r = http
        .post(format!("{}/theme", server.base))
        .header("sec-fetch-site", "cross-site")
        .form(&[("theme", "dark"), ("back", "/")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // A cookie that is not a theme is the system's.
    assert!(page(Some("reel_theme=neon"), "/").await.contains("content=\"light dark\""));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_guide_marks_the_page_lists_followed_channels_and_the_top_bar_names_the_account_once() {
    let server = TestServer::start();
    let channels: Vec<String> = (1..=8).map(|n| format!("maker{n}")).collect();
    for c in &channels {
        server.cli(&["user", "create", "--email", &format!("{c}@example.org"), "--role", "creator"]);
    }
    server.cli(&["user", "create", "--email", "watcher@example.org", "--role", "viewer"]);

    // Signed out: the sections anyone may open, and a way to sign in.
    let http = client();
    let home = plain(http.get(format!("{}/", server.base)).send().await.unwrap().text().await.unwrap());
    let g = guide(&home);
    assert!(g.contains("href=\"/\" aria-current=\"page\"") && g.contains("href=\"/browse\"") && g.contains("href=\"/series\""), "{g}");
    assert!(!g.contains("href=\"/history\"") && !g.contains("Following"), "{g}");
    assert!(top_bar(&home).contains("href=\"/login\""));

    let browser = crate::pages::sign_in(&server, "watcher@example.org").await;
    let follow = async |handle: &str| {
        let r = browser.post(&server, "/subscriptions", &[("csrf", browser.csrf()), ("channel", handle), ("action", "subscribe")]).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{handle}");
    };
    follow("maker1").await;
    follow("maker2").await;
    let history = plain(browser.page(&server, "/history").await);
    let g = guide(&history);
    assert!(g.contains("href=\"/history\" aria-current=\"page\"") && !g.contains("href=\"/\" aria-current"), "{g}");
    assert!(g.contains("Following") && g.contains("href=\"/c/maker1\"") && g.contains("href=\"/c/maker2\""), "{g}");
    assert!(!g.contains("All subscriptions"), "{g}");
    // The newest followed first.
    assert!(g.find("/c/maker2").unwrap() < g.find("/c/maker1").unwrap(), "{g}");
    // One name in the top bar: the profile acting, with the account's pages in its menu.
    let bar = top_bar(&history);
    assert_eq!(bar.matches(">watcher<").count(), 1, "{bar}");
    assert!(bar.contains("href=\"/account\"") && bar.contains("action=\"/logout\"") && bar.contains("href=\"/notifications\""));

    // A disabled channel leaves the guide, and comes back when enabled again.
    let accounts = server.get_json("/api/v1/admin/users").await;
    let maker2 = accounts.as_array().unwrap().iter().find(|a| a["email"] == "maker2@example.org").expect("maker2")["id"].clone();
    let set_disabled = async |disabled: bool| {
        let r = server
            .http()
            .patch(format!("{}/api/v1/admin/users/{}", server.base, maker2.as_str().unwrap()))
            .bearer_auth(&server.token)
            .json(&json!({ "disabled": disabled }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 204);
    };
    set_disabled(true).await;
    assert!(!guide(&plain(browser.page(&server, "/").await)).contains("/c/maker2"));

    // Seven enabled channels followed: all listed. Eight: the newest seven, then the way to all.
    for c in &channels[2..] {
        follow(c).await;
    }
    let g = guide(&plain(browser.page(&server, "/").await)).to_string();
    assert_eq!(g.matches("href=\"/c/").count(), 7, "{g}");
    assert!(!g.contains("All subscriptions") && !g.contains("/c/maker2"), "{g}");
    set_disabled(false).await;
    let g = guide(&plain(browser.page(&server, "/").await)).to_string();
    assert_eq!(g.matches("href=\"/c/").count(), 7, "{g}");
    assert!(g.contains("href=\"/c/maker8\"") && g.contains("href=\"/c/maker2\"") && !g.contains("href=\"/c/maker1\""), "{g}");
    assert!(g.contains("href=\"/subscriptions\"><span class=\"guide-label\">All subscriptions"), "{g}");
}
