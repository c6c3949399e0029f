//! The shell around every page — the top bar and the guide — and what it needs from the
//! request beyond the caller: the theme a person chose (a cookie, so it holds signed out too),
//! the language (`language.rs`), the page's own address (for the forms that come back to it),
//! and the followed channels the guide lists. A middleware puts these in a task-local for the request, since the layout is
//! made by `PageInfo::new` and by the error page, neither of which sees the request.

use std::sync::OnceLock;

use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::http::pages::frame::language::{self, Offered};
use crate::http::pages::frame::respond::safe_next;
use crate::state::AppState;
use reel_base::i18n::Lang;
use reel_core::auth::{session, Caller};

/// The cookie holding the chosen theme; absent, the page follows the system's.
pub const THEME_COOKIE: &str = "reel_theme";
/// How long a choice is remembered.
pub const THEME_MAX_AGE_SECS: u64 = 400 * 86_400;
/// How many followed channels the guide lists before "All subscriptions".
const GUIDE_CHANNELS: u32 = 7;

tokio::task_local! {
    static SHELL: Shell;
}

/// The light or dark look of the pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// Whatever the system prefers (`prefers-color-scheme`).
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl Theme {
    /// The theme a cookie or the switch's form names, by its name there.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "system" => Some(Self::System),
            "light" => Some(Self::Light),
            "dark" => Some(Self::Dark),
            _ => None,
        }
    }

    /// Its name in the cookie and the form.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::System => "system",
            Self::Light => "light",
            Self::Dark => "dark",
        }
    }
}

/// A followed channel as the guide links it.
#[derive(Debug, Clone, Serialize)]
pub struct GuideChannel {
    handle: String,
    name: String,
    initial: String,
}

/// What the shell knows about one request.
struct Shell {
    theme: Theme,
    /// The page's path and query, where the shell's forms come back to.
    here: String,
    /// The followed channels, once the page's viewer is known (and whether there are more).
    guide: OnceLock<(Vec<GuideChannel>, bool)>,
    /// The language the request asked for.
    asked: language::Asked,
    /// The signed-in profile's interface language, once the viewer is known.
    preferred: OnceLock<Lang>,
    /// The languages the site offers.
    offered: Vec<Lang>,
    /// What the site calls itself.
    site: SiteView,
}

/// What the layout shows of the site itself (`[site]`).
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    /// Its name.
    pub name: String,
    /// The address of its logo, where it has one.
    pub logo: Option<String>,
    /// Its one-line description (empty for none).
    pub description: String,
}

impl SiteView {
    /// What `site` says of the site.
    fn of(site: &reel_base::config::SiteConfig) -> Self {
        Self {
            name: site.name.clone(),
            logo: (!site.logo.is_empty()).then(|| LOGO_PATH.to_string()),
            description: site.description.clone(),
        }
    }
}

/// Where the site's logo (`[site] logo`) is served.
pub const LOGO_PATH: &str = "/site/logo";

impl Shell {
    fn lang(&self) -> Lang {
        match self.preferred.get() {
            Some(lang) if !self.asked.explicit => *lang,
            _ => self.asked.lang,
        }
    }
}

/// The language of the page being made; English outside a request (a unit test rendering).
pub fn lang() -> Lang {
    SHELL.try_with(Shell::lang).unwrap_or(Lang::En)
}

/// What the layout shows of the shell, copied into every page's `PageInfo`.
#[derive(Debug, Clone, Serialize)]
pub struct ShellView {
    /// `system`, `light` or `dark`.
    pub theme: Theme,
    /// Where the theme form returns to.
    pub here: String,
    /// The followed channels the guide lists.
    pub channels: Vec<GuideChannel>,
    /// Whether the account follows more channels than the guide lists.
    pub more_channels: bool,
    /// The page's language tag (`lang`) and writing direction (`dir`).
    pub lang: &'static str,
    pub dir: &'static str,
    /// The languages the switch offers.
    pub languages: Vec<Offered>,
    /// The site's name, logo and description.
    pub site: SiteView,
}

impl ShellView {
    /// The shell of the request being answered; outside one (a unit test rendering a template),
    /// the system theme and the home page.
    pub fn current() -> Self {
        SHELL
            .try_with(|s| {
                let (channels, more_channels) = s.guide.get().cloned().unwrap_or_default();
                let lang = s.lang();
                let languages = language::offered(&s.offered);
                let site = s.site.clone();
                Self { theme: s.theme, here: s.here.clone(), channels, more_channels, lang: lang.tag(), dir: lang.dir(), languages, site }
            })
            .unwrap_or_else(|_| Self {
                theme: Theme::System,
                here: "/".into(),
                channels: Vec::new(),
                more_channels: false,
                lang: Lang::En.tag(),
                dir: Lang::En.dir(),
                languages: language::offered(&Lang::ALL),
                site: SiteView::of(&reel_base::config::SiteConfig::default()),
            })
    }
}

/// Middleware on the page routes: reads the theme cookie, the language asked for and the
/// address, for the request; an answer to `?lang=` remembers that language.
pub async fn layer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let theme = session::cookie_value(request.headers(), THEME_COOKIE).and_then(|v| Theme::parse(&v)).unwrap_or(Theme::System);
    // A page made as the answer to a form post has no address of its own to come back to
    // (a GET of the post's route may not exist): the theme form then leads home.
    let here = match *request.method() {
        Method::GET | Method::HEAD => request.uri().path_and_query().map_or("/", |p| p.as_str()),
        _ => "/",
    };
    let asked = language::asked(&state, request.headers(), request.uri().query());
    let offered = state.ctx.config.site.offered();
    let site = SiteView::of(&state.ctx.config.site);
    let shell =
        Shell { theme, here: safe_next(Some(here)).to_string(), guide: OnceLock::new(), asked, preferred: OnceLock::new(), offered, site };
    // What the platform says of itself (a `Said`: an alarm's detail, a report's outcome) is
    // written in the page's language too.
    let site: std::sync::Arc<str> = state.ctx.config.site.name.as_str().into();
    let mut response = SHELL.scope(shell, reel_base::i18n::in_language_of(lang, reel_base::i18n::for_site(site, next.run(request)))).await;
    if asked.explicit {
        if let Some(cookie) = language::remember(&state, asked.lang) {
            response.headers_mut().append(header::SET_COOKIE, cookie);
        }
    }
    response
}

/// `GET /site/logo`: the site's logo (`[site] logo`, checked at start), as its file holds it;
/// 404 where none is set, or where the file went away since.
pub async fn logo(State(state): State<AppState>) -> Response {
    let path = &state.config.site.logo;
    if path.is_empty() {
        return StatusCode::NOT_FOUND.into_response();
    }
    let bytes = match tokio::fs::read(path).await {
        Ok(bytes) => bytes,
        Err(e) => {
            tracing::warn!(path = %path, error = %e, "the site's logo could not be read");
            return StatusCode::NOT_FOUND.into_response();
        }
    };
    let Some(kind) = reel_base::config::SiteConfig::logo_type(&bytes) else {
        tracing::warn!(path = %path, "the site's logo is no longer a PNG, JPEG, WebP or GIF image");
        return StatusCode::NOT_FOUND.into_response();
    };
    ([(header::CONTENT_TYPE, kind), (header::CACHE_CONTROL, "public, max-age=3600")], bytes).into_response()
}

/// Fills in what the shell shows of `caller`, the page's signed-in viewer: the profile's
/// language and the guide's followed channels. The guide is a convenience: a failure to read
/// it leaves it short, not the page unanswered.
pub async fn load_viewer(state: &AppState, caller: &Caller) {
    if SHELL.try_with(|s| s.guide.get().is_some()).unwrap_or(true) {
        return;
    }
    if let Some(lang) = language::preferred(state, caller).await {
        let _ = SHELL.try_with(|s| s.preferred.set(lang));
    }
    let (names, more) = match reel_core::audience::subscriptions::guide(state, caller, GUIDE_CHANNELS).await {
        Ok(found) => found,
        Err(e) => {
            tracing::warn!(error = %e.message(), "the guide's channels could not be read");
            return;
        }
    };
    let channels = names
        .into_iter()
        .map(|(handle, name)| GuideChannel { initial: reel_base::domain::profile::initial(&name), handle, name })
        .collect();
    let _ = SHELL.try_with(|s| s.guide.set((channels, more)));
}

/// The icons of the shell, drawn on a 24-unit grid with round strokes in the text's colour.
const ICONS: &[(&str, &str)] = &[
    ("home", "M3 11l9-8 9 8M5 9.5V21h5v-6h4v6h5V9.5"),
    ("browse", "M4 4h7v7H4zM13 4h7v7h-7zM4 13h7v7H4zM13 13h7v7h-7z"),
    ("subscriptions", "M4 8h16v12H4zM6 5h12M8 2h8M10 11v6l5-3z"),
    ("history", "M12 7v5l3 2M3.5 12a8.5 8.5 0 1 0 2.5-6M3 3v4h4"),
    ("playlists", "M4 6h12M4 12h12M4 18h8M17 15v6l4-3z"),
    ("series", "M12 3l9 5-9 5-9-5zM3 13l9 5 9-5"),
    ("liked", "M7 11v9H4v-9zM7 11l4-8c1.5 0 2.5 1 2.5 2.5L13 9h6a2 2 0 0 1 2 2.3l-1.2 6.9A2 2 0 0 1 17.8 20H7"),
    ("upload", "M12 16V4M7 9l5-5 5 5M4 20h16"),
    ("bell", "M6 16v-5a6 6 0 0 1 12 0v5l2 2H4zM10 21h4"),
    ("menu", "M4 6h16M4 12h16M4 18h16"),
];

/// `icon(name)` in a template: the named icon as inline SVG, hidden from assistive technology
/// (the link or button it is in carries the words).
pub fn icon(name: &str) -> minijinja::Value {
    let path = ICONS.iter().find(|(n, _)| *n == name).map_or("", |(_, d)| d);
    minijinja::Value::from_safe_string(format!(
        r#"<svg class="glyph" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="{path}"/></svg>"#
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_theme_is_one_of_three_and_every_icon_the_layout_names_is_drawn() {
        for t in [Theme::System, Theme::Light, Theme::Dark] {
            assert_eq!(Theme::parse(t.as_str()), Some(t));
        }
        assert_eq!(Theme::parse("Dark"), None);
        let layout = include_str!("../../../../templates/base.html");
        let direct = layout.split("icon(\"").skip(1).map(|rest| rest.split('"').next().unwrap());
        // A guide link names its icon last: `guide_link(href, section, label, icon)`.
        let guide = layout.lines().filter(|l| l.contains("guide_link(\"")).map(|l| l.rsplit('"').nth(1).unwrap());
        let names: Vec<&str> = direct.chain(guide).collect();
        assert!(names.len() >= 10, "{names:?}");
        for name in names {
            assert!(ICONS.iter().any(|(n, _)| *n == name), "no icon called {name}");
        }
    }

    #[test]
    fn outside_a_request_the_shell_is_the_systems_theme_on_the_home_page() {
        let view = ShellView::current();
        assert_eq!((view.theme, view.here.as_str(), view.channels.len()), (Theme::System, "/", 0));
    }
}
