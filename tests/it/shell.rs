//! The shell of every page over HTTP, as a browser without scripts sees it: the theme chosen
//! with a plain form and remembered in a cookie on every page (the error page too), the guide's
//! sections with the current one marked, the followed channels it lists (never a disabled one),
//! and the account named once in the top bar; and the site's own name, logo and description
//! (`[site]`) wherever a visitor reads them, in pages, previews, oEmbed, feeds, e-mails and text
//! messages.

// suite: backends

use std::time::Duration;

use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use reqwest::StatusCode;
use serde_json::json;

use crate::common::{ffprobe, make_clip, TestServer};

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
        server.cli(&["user", "create", "--email", &format!("{c}@example.org"), "--role", "creator", "--name", c]);
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

/// A PNG of one pixel: the site's logo.
const LOGO_PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
    0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63,
    0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60,
    0x82,
];

#[tokio::test(flavor = "multi_thread")]
async fn a_site_named_in_its_settings_is_called_so_wherever_a_visitor_reads_its_name() {
    const NAME: &str = "Kino Club";
    const DESCRIPTION: &str = "Films the club shows on Fridays";
    let logo_dir = tempfile::tempdir().unwrap();
    let logo = logo_dir.path().join("logo.png");
    std::fs::write(&logo, LOGO_PNG).unwrap();
    let logo = logo.display().to_string();
    let (sms_url, mut texts) = crate::operations::sms_provider().await;
    let (server, smtp) = crate::accounts::server_with_mail(&[
        ("REEL__SITE__NAME", NAME),
        ("REEL__SITE__DESCRIPTION", DESCRIPTION),
        ("REEL__SITE__LOGO", &logo),
        ("REEL__AUTH__ALLOW_PUBLIC_VIDEOS", "true"),
        ("REEL__NOTIFY__SMS", "webhook"),
        ("REEL__NOTIFY__SMS_WEBHOOK_URL", &sms_url),
        ("REEL__NOTIFY__SMS_WEBHOOK_ALLOW_PRIVATE", "true"),
    ]);
    let http = client();
    let base = &server.base;
    let get = |path: String| {
        let http = http.clone();
        async move {
            let r = http.get(format!("{base}{path}")).send().await.unwrap();
            let kind = r.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
            (r.status(), kind, r.text().await.unwrap())
        }
    };

    // A public item, portrait, so its poster is nothing like 1280×720.
    let host = crate::collections::token(&server, "host@example.org", "creator", "read,account,upload");
    let clip = make_clip(server.dir.path(), "tall.mp4", &["testsrc2=size=180x320:rate=10", "sine"], 1.0, &["-shortest"]);
    let id = crate::catalogue::upload_as(&server, &host, &clip, Some("Opening night"), Some("public")).await;
    server.wait_for(&id, &["ready"], Duration::from_secs(120)).await;

    // Every page's title, its top bar (with the logo) and footer name the site.
    for path in [
        "/".to_string(),
        format!("/watch/{id}"),
        "/c/host".into(),
        "/login".into(),
        "/docs/api".into(),
        "/no-such-page".into(),
        format!("/embed/{id}"),
    ] {
        let (_, _, html) = get(path.clone()).await;
        let html = plain(html);
        assert!(html.contains(&format!(" · {NAME}</title>")), "{path}: the title names the site:\n{html}");
        assert!(!html.contains("Reel"), "{path}: a page of a site named otherwise says \"Reel\":\n{html}");
        if !path.starts_with("/embed/") {
            let bar = top_bar(&html);
            assert!(bar.contains(&format!("> {NAME}</a>")) && bar.contains(r#"<img class="brand-logo" src="/site/logo""#), "{path}: {bar}");
            assert!(bar.contains(&format!("aria-label=\"{NAME} home\"")), "{path}: {bar}");
            assert!(html.contains(&format!("<footer class=\"site-footer\"><p>{NAME} · {DESCRIPTION}</p></footer>")), "{path}");
        }
    }
    let (_, _, home) = get("/".into()).await;
    assert!(home.contains(&format!("<meta name=\"description\" content=\"{DESCRIPTION}\">")), "{home}");
    let (_, _, watch_page) = get(format!("/watch/{id}")).await;
    assert!(watch_page.contains(&format!("<meta property=\"og:site_name\" content=\"{NAME}\">")), "{watch_page}");
    let (_, _, french) = get("/?lang=fr".into()).await;
    assert!(french.contains(&format!("aria-label=\"Accueil de {NAME}\"")), "the catalogue takes the name in every language");
    let (status, kind, _) = get("/site/logo".into()).await;
    assert_eq!((status, kind.as_str()), (StatusCode::OK, "image/png"), "the logo is served");
    let logo_bytes = http.get(format!("{base}/site/logo")).send().await.unwrap().bytes().await.unwrap();
    assert_eq!(&logo_bytes[..], LOGO_PNG);

    // oEmbed names the provider, and the poster's real size.
    let watch = format!("{base}/watch/{id}");
    let oembed = http.get(format!("{base}/oembed")).query(&[("url", watch.as_str())]).send().await.unwrap();
    assert_eq!(oembed.status(), StatusCode::OK);
    let oembed: serde_json::Value = oembed.json().await.unwrap();
    assert_eq!(oembed["provider_name"], NAME, "{oembed}");
    let poster = ffprobe(oembed["thumbnail_url"].as_str().expect("a thumbnail"), &["-show_streams"]);
    let real = (poster["streams"][0]["width"].as_u64().unwrap(), poster["streams"][0]["height"].as_u64().unwrap());
    let said = (oembed["thumbnail_width"].as_u64().unwrap(), oembed["thumbnail_height"].as_u64().unwrap());
    assert_eq!(said, real, "the thumbnail's size is the poster's own: {oembed}");
    assert!(said.1 > said.0, "a portrait clip's poster is tall: {said:?}");

    // oEmbed in XML is refused as a thing not done, not logged as a fault of the server's.
    let xml = http.get(format!("{base}/oembed")).query(&[("url", watch.as_str()), ("format", "xml")]).send().await.unwrap();
    assert_eq!(xml.status(), StatusCode::NOT_IMPLEMENTED);
    crate::common::eventually(Duration::from_secs(5), "the refusal in the log", || async {
        server.log().contains("refused: not implemented")
    })
    .await;
    let log = server.log();
    let errors: Vec<&str> = log.lines().filter(|l| l.contains("ERROR") && l.contains("/oembed")).collect();
    assert!(errors.is_empty(), "a refusal is not a server error: {errors:#?}");

    // The channel's feed says whose site it is on; only its generator names the program.
    let (status, _, feed) = get("/c/host/feed.xml".into()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(feed.contains(&format!("<description>host on {NAME}</description>")), "{feed}");
    assert!(!feed.replace("<generator>Reel</generator>", "").contains("Reel"), "{feed}");

    // The sign-in code by e-mail, and by text message, come from the site by its name.
    server.cli(&["user", "create", "--email", "ada@example.org", "--role", "viewer", "--name", "Ada"]);
    crate::accounts::sign_in(&server, &smtp, "ada@example.org", 1).await;
    let mail = &smtp.messages_to("ada@example.org")[0];
    let subject = crate::common::smtp::header(mail, "Subject").unwrap();
    let body = crate::common::smtp::body_text(mail);
    assert!(subject.starts_with(&format!("Your {NAME} sign-in code: ")), "{subject}");
    assert!(body.starts_with(&format!("Your {NAME} sign-in code is ")) && !body.contains("Reel"), "{body}");
    let phone = "+447700900123";
    server.cli(&["user", "create", "--phone", phone]);
    let r = http.post(format!("{base}/api/v1/auth/otp/request")).json(&json!({ "phone": phone })).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let sms = tokio::time::timeout(Duration::from_secs(20), texts.recv()).await.expect("the text within 20 s").unwrap();
    let text = sms["body"].as_str().unwrap();
    assert!(text.starts_with(&format!("Your {NAME} sign-in code is ")) && !text.contains("Reel"), "{text}");
}
