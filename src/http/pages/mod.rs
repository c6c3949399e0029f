//! The web UI: server-rendered pages (minijinja templates from `templates/`, HTML auto-escaped)
//! with small script bundles for the player, uploads and live status. Everything but playback
//! and uploading works without JavaScript: every change is a plain form post carrying the
//! session's CSRF token.

mod account;
mod account_profile;
mod admin;
mod admin_costs;
mod analytics;
mod api_reference;
mod audio_tracks;
mod browse;
mod captions;
mod catalogue;
mod chapters;
mod charts;
mod collections;
mod comments;
mod edit_form;
mod embed;
mod errors;
mod feeds;
mod format;
mod history;
mod language;
mod moderation;
mod notifications;
mod plans;
mod profiles;
mod sharing;
mod shell;
mod studio;
mod subscriptions;
mod watermark;
mod webhooks;
#[cfg(test)]
mod wording;

use std::sync::LazyLock;

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use minijinja::{context, Environment, Value};
use serde::Serialize;

use crate::auth::{session, session_caller, Caller, Credential, Csrf, Scope, SESSION_COOKIE};
use crate::error::AppError;
use crate::state::AppState;

/// Every page route.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(browse::home))
        .route("/watch/{id}", get(browse::watch))
        .route("/watch/{id}/react", post(comments::react))
        .route("/watch/{id}/comments", post(comments::post))
        .route("/watch/{id}/comments/{comment}", get(comments::thread))
        .route("/watch/{id}/comments/{comment}/edit", post(comments::edit))
        .route("/watch/{id}/comments/{comment}/delete", post(comments::delete))
        .route("/watch/{id}/comments/{comment}/pin", post(comments::pin))
        .route("/watch/{id}/comments/{comment}/hide", post(comments::hide))
        .route("/liked", get(comments::liked))
        .route("/report", post(moderation::report))
        .route("/reports", get(moderation::mine))
        .route("/watch/{id}/appeal", post(moderation::appeal))
        .route("/admin/reports", get(moderation::queue))
        .route("/admin/reports/{id}/act", post(moderation::act))
        .route("/admin/takedown", post(moderation::take_down))
        .route("/admin/suspensions/{id}/lift", post(moderation::lift_suspension))
        .route("/browse", get(catalogue::browse))
        .route("/artist/{name}", get(catalogue::artist))
        .route("/artist/{name}/album/{album}", get(catalogue::album))
        .route("/c/{channel}", get(browse::channel))
        .route("/c/{channel}/feed.xml", get(feeds::channel))
        .route("/playlists/{id}/feed.xml", get(feeds::playlist))
        .route("/sitemap.xml", get(feeds::sitemap))
        .route("/robots.txt", get(feeds::robots))
        .route("/docs/api", get(api_reference::page))
        .route("/embed/{id}", get(embed::embed))
        .route("/oembed", get(embed::oembed))
        .route("/search", get(catalogue::browse))
        .route("/playlists", get(collections::playlists).post(collections::make_playlist))
        .route("/playlists/add", post(collections::add_item))
        .route("/playlists/{id}", get(collections::playlist))
        .route("/playlists/{id}/items", post(collections::change_item))
        .route("/playlists/{id}/delete", post(collections::delete_playlist))
        .route("/series", get(collections::series_list).post(collections::make_series))
        .route("/series/{id}", get(collections::series))
        .route("/series/{id}/delete", post(collections::delete_series))
        .route("/subscriptions", get(subscriptions::page).post(subscriptions::follow))
        .route("/profiles", get(profiles::page))
        .route("/profiles/switch", post(profiles::switch))
        .route("/profiles/add", post(profiles::add))
        .route("/profiles/edit", post(profiles::edit))
        .route("/profiles/remove", post(profiles::remove))
        .route("/history", get(history::page))
        .route("/history/remove", post(history::remove))
        .route("/history/clear", post(history::clear))
        .route("/history/pause", post(history::pause))
        .route("/notifications", get(notifications::page))
        .route("/notifications/read", post(notifications::mark_read))
        .route("/notifications/settings", post(notifications::settings))
        .route("/notifications/unsubscribe", get(notifications::unsubscribe_confirm).post(notifications::unsubscribe))
        .route("/login", get(account::login_page).post(account::request_code))
        .route("/login/verify", post(account::verify_code))
        .route("/login/totp", post(account::verify_totp))
        .route("/logout", post(account::logout))
        .route("/account", get(account::account_page))
        .route("/account/profile", get(account_profile::page).post(account_profile::save))
        .route(
            "/account/avatar",
            post(account_profile::upload_avatar)
                .layer(axum::extract::DefaultBodyLimit::max(crate::audience::account_profile::MAX_AVATAR_BYTES + 64 * 1024)),
        )
        .route("/account/avatar/remove", post(account_profile::remove_avatar))
        .route("/account/watermark", post(watermark::place))
        .route(
            "/account/watermark/logo",
            post(watermark::upload_logo)
                .layer(axum::extract::DefaultBodyLimit::max(crate::library::watermark::MAX_LOGO_UPLOAD_BYTES + 64 * 1024)),
        )
        .route("/account/watermark/remove", post(watermark::remove))
        .route("/account/preferences", post(account_profile::save_preferences))
        .route("/avatars/{user}/{file}", get(account_profile::avatar))
        .route("/account/logout-all", post(account::logout_all))
        .route("/account/delete", post(account::delete_account))
        .route("/account/delete/code", post(account::delete_code))
        .route("/account/sessions/end", post(account::end_session))
        .route("/account/tokens", post(account::new_token))
        .route("/account/tokens/revoke", post(account::revoke_token))
        .route("/account/webhooks", get(webhooks::list).post(webhooks::register))
        .route("/account/webhooks/{id}", get(webhooks::show).post(webhooks::act))
        .route("/account/webhooks/{id}/resend", post(webhooks::resend))
        .route("/account/totp/enroll", post(account::totp_enroll))
        .route("/account/totp/confirm", post(account::totp_confirm))
        .route("/account/totp/recovery-codes", post(account::totp_recovery_codes))
        .route("/upload", get(studio::upload_page))
        .route("/studio", get(studio::my_videos))
        .route("/studio/{id}/edit", get(studio::edit_page).post(studio::save_edit))
        .route("/studio/{id}/delete", get(studio::delete_page).post(studio::delete))
        .route("/studio/{id}/retry", post(studio::retry))
        .route("/studio/{id}/reprocess", post(studio::reprocess))
        .route("/studio/{id}/share", get(sharing::page).post(sharing::make))
        .route("/studio/{id}/share/revoke", post(sharing::revoke))
        .route("/studio/{id}/share/origins", post(sharing::origins))
        .route("/studio/{id}/captions", post(captions::add).layer(axum::extract::DefaultBodyLimit::max(captions::MAX_FORM_BYTES)))
        .route("/studio/{id}/captions/{caption}/remove", post(captions::remove))
        .route("/studio/{id}/audio/{n}", post(audio_tracks::save))
        .route("/studio/{id}/loudness", post(audio_tracks::loudness))
        .route("/studio/{id}/chapters", post(chapters::save))
        .route("/admin", get(admin::users_page))
        .route("/admin/users/role", post(admin::set_role))
        .route("/admin/users/disable", post(admin::set_disabled))
        .route("/admin/invite", post(admin::invite))
        .route("/admin/jobs", get(admin::jobs_page))
        .route("/admin/jobs/retry", post(admin::retry_job))
        .route("/admin/audit", get(admin::audit_page))
        .route("/admin/health", get(admin::health_page))
        .route("/admin/storage", get(admin_costs::storage_page))
        .route("/admin/cost", get(admin_costs::cost_page))
        .route("/analytics", get(analytics::overview))
        .route("/analytics/top", get(analytics::top))
        .route("/analytics/quality", get(analytics::quality))
        .route("/analytics/pipeline", get(analytics::pipeline))
        .route("/analytics/signin", get(analytics::signin))
        .route("/analytics/revenue", get(analytics::revenue))
        .route("/analytics/videos/{id}", get(analytics::video))
        .route("/admin/plans", get(plans::page).post(plans::create))
        .route("/admin/plans/grant", post(plans::grant))
        .route("/studio/{id}/plan", post(plans::require))
        .route(shell::LOGO_PATH, get(shell::logo))
        .route("/theme", post(shell::choose_theme))
        .route("/language", post(language::choose))
        .route("/assets/{file}", get(crate::http::assets::serve))
}

pub use shell::layer as shell_layer;

/// The templates, compiled once. They are embedded in the binary, so a deployment is one file.
static TEMPLATES: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    macro_rules! templates {
        ($($name:literal),* $(,)?) => {
            $(env.add_template($name, include_str!(concat!("../../../templates/", $name))).expect(concat!("template ", $name));)*
        };
    }
    templates!(
        "base.html",
        "macros.html",
        "home.html",
        "watch.html",
        "list.html",
        "artist.html",
        "album.html",
        "collections.html",
        "collection.html",
        "login.html",
        "account.html",
        "upload.html",
        "studio.html",
        "edit.html",
        "delete.html",
        "admin_users.html",
        "admin_jobs.html",
        "admin_audit.html",
        "admin_health.html",
        "admin_storage.html",
        "admin_cost.html",
        "analytics.html",
        "error.html",
        "admin_tabs.html",
        "subscriptions.html",
        "notifications.html",
        "unsubscribe.html",
        "account_delete.html",
        "unsubscribed.html",
        "history.html",
        "admin_plans.html",
        "profiles.html",
        "profile_code.html",
        "account_profile.html",
        "api_reference.html",
        "webhooks.html",
        "webhook.html",
        "embed.html",
        "share.html",
        "thread.html",
        "reports.html",
        "admin_reports.html",
    );
    // Asset paths are Reel's own (`/assets/site-HASH.css`): nothing in them needs escaping.
    env.add_function("icon", shell::icon);
    env.add_function("asset", |name: &str| Value::from_safe_string(crate::http::assets::url(name).unwrap_or_default()));
    format::register(&mut env);
    language::register(&mut env);
    env
});

/// The catalogue's message `key` in the page's language, with `args`: every word a page
/// module writes for people comes through here (templates have `t()` for the same).
fn t(key: &str, args: &[(&str, crate::i18n::Arg<'_>)]) -> String {
    crate::i18n::text(shell::lang(), key, args)
}

/// The person looking at a page: signed in with the session cookie, or not. A stale or
/// revoked cookie is simply "signed out". Only read for GET pages: a change always goes
/// through [`form_caller`], which checks the CSRF token.
pub struct Viewer(pub Option<Caller>);

impl FromRequestParts<AppState> for Viewer {
    /// Only the account's page budget (`edge.pages_per_minute_per_account`) refuses a viewer.
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if !matches!(parts.method, Method::GET | Method::HEAD) || session::cookie_value(&parts.headers, SESSION_COOKIE).is_none() {
            return Ok(Self(None));
        }
        // An unknown or expired cookie is signed out; anything else (the database away) is the
        // page's error, not a trip to the sign-in page.
        let caller = match session_caller(state, &parts.headers, Csrf::NotNeeded).await {
            Ok(caller) => caller,
            Err(e) if e.status() == StatusCode::UNAUTHORIZED => return Ok(Self(None)),
            Err(e) => return Err(PageError::App(e.into())),
        };
        let caller = crate::http::extract::counted(state, parts, caller).await?;
        shell::load_viewer(state, &caller).await;
        Ok(Self(Some(caller)))
    }
}

impl Viewer {
    /// The signed-in caller, or a redirect to the sign-in page.
    fn required(self) -> Result<Caller, PageError> {
        self.0.ok_or(PageError::SignIn)
    }
}

/// The caller of a form post: the session cookie plus the form's `csrf` field, and the post
/// must not come from another site. A page made as the post's answer (a refusal shown beside
/// its field) has the viewer's shell, language and guide, as the page it came from had.
async fn form_caller(state: &AppState, headers: &HeaderMap, csrf: &str) -> Result<Caller, PageError> {
    same_site(headers)?;
    let caller = session_caller(state, headers, Csrf::Sent(csrf)).await.map_err(|e| {
        if e.status() == StatusCode::UNAUTHORIZED {
            PageError::SignIn
        } else {
            PageError::App(e.into())
        }
    })?;
    shell::load_viewer(state, &caller).await;
    Ok(caller)
}

/// Refuses form posts the browser says came from another site (a second line behind the CSRF
/// token, and the only one for the sign-in forms, which have no session yet).
fn same_site(headers: &HeaderMap) -> Result<(), PageError> {
    let site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()).unwrap_or("same-origin");
    if matches!(site, "same-origin" | "none") {
        Ok(())
    } else {
        Err(PageError::App(AppError::forbidden("this form must be sent from this site's own pages")))
    }
}

/// Why a page could not be shown.
pub enum PageError {
    /// Not signed in: off to the sign-in page.
    SignIn,
    /// Anything else: an error page with the status and a message for people.
    App(AppError),
}

impl From<AppError> for PageError {
    fn from(e: AppError) -> Self {
        if e.status() == StatusCode::UNAUTHORIZED && e.code() == "unauthorized" {
            Self::SignIn
        } else {
            Self::App(e)
        }
    }
}

/// A capability's problem (or whatever makes one) shows as that problem's page.
impl<E: Into<crate::platform::problem::Problem>> From<E> for PageError {
    fn from(e: E) -> Self {
        AppError::from(e).into()
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match self {
            Self::SignIn => Redirect::to("/login").into_response(),
            Self::App(e) => {
                e.log_cause();
                let status = e.status();
                let message = refusal_text(&e);
                let ctx = context! {
                    page => PageInfo::anonymous(&errors::title(shell::lang(), status)),
                    status => status.as_u16(),
                    message => &message,
                };
                let mut response = render("error.html", ctx).unwrap_or_else(|_| (status, message.clone()).into_response());
                *response.status_mut() = status;
                if let Some(secs) = e.retry_after() {
                    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
                }
                response
            }
        }
    }
}

/// What a page handler returns.
pub type PageResult = Result<Response, PageError>;

/// What the refusal `e` says to the person on the page, in the page's language (see
/// `errors.rs`): the error page's message, and what a page that shows a refusal itself writes.
fn refusal_text(e: &crate::platform::problem::Problem) -> String {
    errors::said(shell::lang(), e)
}

/// What a [`FormError`] is made from: a capability's problem (said by its message, else its
/// code, else its status), or a message alone: a refusal's English one, said in the page's
/// language where the catalogue knows it, or the page's own words, shown as they are.
trait Refusal {
    /// The English message, which names a field the way refusals do (`year: …`).
    fn english(&self) -> &str;
    /// What the page shows.
    fn said(&self) -> String;
    /// What the page shows of a refusal with `code`.
    fn said_with_code(&self, code: &str) -> String {
        errors::said_of_code(shell::lang(), code, self.english())
    }
}

/// A message alone: said by the catalogue where it knows it, else as it is.
macro_rules! message_refusal {
    ($($t:ty),*) => {$(
        impl Refusal for $t {
            fn english(&self) -> &str {
                self
            }
            fn said(&self) -> String {
                errors::said_of_message(shell::lang(), self)
            }
        }
    )*};
}
message_refusal!(&str, &String);

/// A problem: said by its message, else its code, else its status.
macro_rules! problem_refusal {
    ($($t:ty),*) => {$(
        impl Refusal for $t {
            fn english(&self) -> &str {
                self.message()
            }
            fn said(&self) -> String {
                refusal_text(self)
            }
            fn said_with_code(&self, _: &str) -> String {
                refusal_text(self)
            }
        }
    )*};
}
problem_refusal!(&crate::platform::problem::Problem, &AppError);

/// A form's refusal as its page shows it: beside the field it is about (the `id` of its input,
/// which the template marks `aria-invalid` and points at the message), or above the form when
/// it is about none.
#[derive(Debug, Serialize)]
struct FormError {
    field: Option<&'static str>,
    message: String,
}

/// What each shows is the refusal in the page's language ([`Refusal`]): a problem (`&e`), or
/// its message (`e.message()`) or the page's own words.
impl FormError {
    /// `refusal` beside the input `field`.
    fn at(field: &'static str, refusal: impl Refusal) -> Self {
        Self { field: Some(field), message: refusal.said() }
    }

    /// `refusal` above the form, about none of its inputs.
    fn above(refusal: impl Refusal) -> Self {
        Self { field: None, message: refusal.said() }
    }

    /// A refusal with `code` beside the input `fields` pairs it with, else above the form.
    fn coded(code: &str, refusal: impl Refusal, fields: &[(&str, &'static str)]) -> Self {
        Self { field: fields.iter().find(|(c, _)| *c == code).map(|(_, f)| *f), message: refusal.said_with_code(code) }
    }

    /// `refusal` beside an input when its English message names a field the way refusals do
    /// (`year: must be …`) and `fields` pairs that name with the input's id; else above the
    /// form.
    fn naming(refusal: impl Refusal, fields: &[(&str, &'static str)]) -> Self {
        let english = refusal.english();
        let named = english.split_once(':').and_then(|(name, _)| fields.iter().find(|(n, _)| *n == name.trim()).map(|(_, id)| *id));
        Self { field: named, message: refusal.said() }
    }
}

/// What every page's layout needs: who is looking, the CSRF token for its forms, the title.
#[derive(Debug, Serialize)]
pub struct PageInfo {
    title: String,
    user: Option<UserInfo>,
    csrf: Option<String>,
    /// The section the page belongs to, for the navigation's `aria-current`.
    section: &'static str,
    /// The search box's text.
    query: String,
    /// A one-line confirmation shown at the top ("Saved."), in the page's language.
    notice: Option<String>,
    /// Link-preview tags, on the pages others link to.
    preview: Option<feeds::PreviewTags>,
    /// The page's RSS feed, for the `<link rel="alternate">` feed readers look for.
    feed: Option<String>,
    /// The oEmbed answer about the page, for editors that unfold a pasted link.
    oembed: Option<String>,
    /// The theme, the page's address and the guide's channels.
    shell: shell::ShellView,
}

/// The signed-in person, as the layout shows them.
#[derive(Debug, Serialize)]
struct UserInfo {
    id: String,
    display_name: String,
    channel: String,
    role: String,
    can_upload: bool,
    is_admin: bool,
    /// Works the moderation queue (a moderator, or an admin).
    can_moderate: bool,
    /// The profile acting: its name, avatar colour and initial, and whether it is a kids one.
    profile_name: String,
    profile_avatar: String,
    profile_initial: String,
    kids: bool,
}

impl PageInfo {
    /// The layout for `viewer` on a page titled `title`.
    fn new(viewer: Option<&Caller>, title: &str, section: &'static str) -> Self {
        let user = viewer.map(|c| UserInfo {
            id: c.user_id.to_string(),
            display_name: c.display_name.clone(),
            channel: c.channel.clone(),
            role: c.role.to_string(),
            can_upload: c.has(Scope::Upload),
            is_admin: c.is_admin(),
            can_moderate: c.moderates(),
            profile_name: c.profile.name.clone(),
            profile_avatar: c.profile.avatar.clone(),
            profile_initial: crate::domain::profile::initial(&c.profile.name),
            kids: c.profile.kids,
        });
        let csrf = viewer.and_then(|c| match &c.credential {
            Credential::Session { csrf_token, .. } => Some(csrf_token.clone()),
            Credential::ApiToken { .. } => None,
        });
        Self {
            title: title.to_string(),
            user,
            csrf,
            section,
            query: String::new(),
            notice: None,
            preview: None,
            feed: None,
            oembed: None,
            shell: shell::ShellView::current(),
        }
    }

    fn anonymous(title: &str) -> Self {
        Self::new(None, title, "")
    }

    fn with_query(mut self, query: &str) -> Self {
        self.query = query.to_string();
        self
    }

    /// The page confirms what was done: `key` is the notice's catalogue message.
    fn with_notice(mut self, key: Option<&'static str>) -> Self {
        self.notice = key.map(|k| t(k, &[]));
        self
    }

    /// The page at `path` (on this site) unfolds into `preview` where a link to it is pasted.
    fn with_preview(mut self, state: &AppState, path: &str, preview: crate::audience::feeds::Preview) -> Self {
        self.preview = Some(feeds::PreviewTags::new(state, path, preview));
        self
    }

    /// The page is an item's, which `/oembed` describes.
    fn with_oembed(mut self, state: &AppState, id: crate::domain::VideoId) -> Self {
        let url = format!("{}/watch/{id}", state.site_url);
        self.oembed = Some(format!("{}/oembed?url={}", state.site_url, browse::urlencode(&url)));
        self
    }

    /// The page has an RSS feed at `path`.
    fn with_feed(mut self, path: String) -> Self {
        self.feed = Some(path);
        self
    }
}

/// Renders a template into an HTML response with the pages' security headers.
fn render(name: &str, ctx: Value) -> PageResult {
    let html = TEMPLATES.get_template(name).and_then(|t| t.render(ctx)).map_err(|e| PageError::App(AppError::internal(e)))?;
    let mut response = Html(html).into_response();
    let h = response.headers_mut();
    // Pages carry the viewer's name and CSRF token: never stored by a shared cache.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(response)
}

/// The Content-Security-Policy of pages: scripts and styles only from this origin, media and
/// images also from the playback origin (a CDN when configured), no inline script, no framing.
/// `media-src` allows `data:` because hls.js gives each caption track a `<track>` element
/// whose source is an empty `data:,WEBVTT` (the cues come from the stream, not from it).
pub fn page_csp(playback_base: &str) -> HeaderValue {
    csp(playback_base, "'none'")
}

/// The embeddable player's policy: the pages' own, framed by this site and `ancestors`
/// (origins the configuration or the item's owner allows, checked as origins when they were
/// set). Its media comes from where every page's does.
fn page_csp_framed(playback_base: &str, ancestors: &[String]) -> HeaderValue {
    let sources: String = ancestors.iter().map(|o| format!(" {o}")).collect();
    csp(playback_base, &format!("'self'{sources}"))
}

fn csp(playback_base: &str, frame_ancestors: &str) -> HeaderValue {
    let media = playback_origin(playback_base).map(|o| format!(" {o}")).unwrap_or_default();
    let policy = format!(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:{media}; media-src 'self' data: blob:{media}; \
         connect-src 'self'{media}; worker-src 'self' blob:; object-src 'none'; frame-ancestors {frame_ancestors}; base-uri 'none'; form-action 'self'"
    );
    HeaderValue::from_str(&policy).unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'; frame-ancestors 'none'"))
}

/// `scheme://host[:port]` of a URL, if it has one.
fn playback_origin(url: &str) -> Option<&str> {
    let (scheme, rest) = url.split_once("://")?;
    if !matches!(scheme, "http" | "https") {
        return None;
    }
    let end = rest.find('/').unwrap_or(rest.len());
    let host = &rest[..end];
    (!host.is_empty() && host.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))).then(|| &url[..scheme.len() + 3 + end])
}

/// Sets the page CSP on HTML answers (the API's stricter default stays everywhere else).
pub async fn page_headers(State(state): State<AppState>, request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let mut response = next.run(request).await;
    let is_html = response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"));
    // A page that set its own (the embeddable player, which may be framed) keeps it.
    if is_html && !response.headers().contains_key(header::CONTENT_SECURITY_POLICY) {
        response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, page_csp(state.playback_base()));
    }
    response
}

/// Anything no route matched outside `/api` (which has its own): the origin answers in JSON,
/// everything else with an HTML page.
pub async fn not_found(uri: axum::http::Uri) -> Response {
    if uri.path().starts_with("/play/") {
        AppError::not_found("route").into_response()
    } else {
        PageError::App(AppError::not_found("page")).into_response()
    }
}

/// A `303 See Other` to a page on this site, after a form post.
fn see_other(path: &str) -> Response {
    Redirect::to(path).into_response()
}

/// A local path to go back to after signing in: only `/something` on this site.
fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.contains('\\')
                && n.len() <= 500
                && !n.chars().any(crate::domain::text::breaks_a_line) =>
        {
            n
        }
        _ => "/",
    }
}

/// The confirmations a page's `?done=` stands for: each `done` value with its message's key.
pub(super) struct Notices {
    keys: &'static [(&'static str, &'static str)],
}

impl Notices {
    pub(super) const fn new(keys: &'static [(&'static str, &'static str)]) -> Self {
        Self { keys }
    }

    /// The key of the notice `done` stands for; none for a `done` not listed.
    pub(super) fn of(&'static self, done: Option<&str>) -> Option<&'static str> {
        self.keys.iter().find(|(d, _)| Some(*d) == done).map(|(_, key)| *key)
    }

    /// Every key listed, for the test that the catalogues have them.
    #[cfg(test)]
    pub(super) fn keys(&self) -> impl Iterator<Item = &'static str> {
        self.keys.iter().map(|(_, k)| *k)
    }
}

/// The key of the confirmation a `?done=` on an account page stands for (only these are ever
/// shown); the other pages have their own lists.
pub(super) static ACCOUNT_NOTICES: Notices = Notices::new(&[
    ("saved", "notice-saved"),
    ("account-deleted", "notice-account-deleted"),
    ("revoked", "notice-revoked"),
    ("ended", "notice-ended"),
    ("totp", "notice-totp"),
    ("profile", "notice-profile"),
    ("avatar", "notice-avatar"),
    ("logo", "notice-logo"),
    ("profile-removed", "notice-profile-removed"),
]);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_notice_a_page_shows_is_in_the_catalogues() {
        let all = [
            &ACCOUNT_NOTICES,
            &admin::NOTICES,
            &collections::NOTICES,
            &history::NOTICES,
            &moderation::NOTICES,
            &notifications::NOTICES,
            &plans::NOTICES,
            &sharing::NOTICES,
            &studio::NOTICES,
            &webhooks::NOTICES,
        ];
        for notices in all {
            for key in notices.keys() {
                assert!(crate::i18n::has(key), "no message `{key}` in the catalogues");
            }
        }
        assert_eq!(studio::NOTICES.of(Some("saved")), Some("studio-notice-saved"));
        assert_eq!(studio::NOTICES.of(Some("<script>")), None, "only a listed `done` is shown");
    }

    #[test]
    fn a_refusal_that_names_a_field_of_the_form_goes_beside_it() {
        let fields = &[("year", "year"), ("credits", "director")];
        assert_eq!(FormError::naming("year: must be a whole number", fields).field, Some("year"));
        assert_eq!(FormError::naming("credits: too many names", fields).field, Some("director"));
        assert_eq!(FormError::naming("genres: not one of the site's", fields).field, None);
        assert_eq!(FormError::naming("the title is required", fields).field, None);
        assert_eq!(FormError::at("chapter-lines", "line 2").field, Some("chapter-lines"));
        assert_eq!(FormError::coded("invalid-url", "not https", &[("invalid-url", "webhook-url")]).field, Some("webhook-url"));
        assert_eq!(FormError::coded("too-many", "remove one", &[("invalid-url", "webhook-url")]).field, None);
    }

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(safe_next(Some("/watch/abc?t=1")), "/watch/abc?t=1");
        for bad in ["//evil.example", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "/a\nb"] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad}");
        }
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn the_csp_names_the_playback_origin_and_allows_no_inline_script() {
        let csp = page_csp("https://cdn.example.com:8443/some/path");
        let csp = csp.to_str().unwrap();
        assert!(csp.contains("media-src 'self' data: blob: https://cdn.example.com:8443;"), "{csp}");
        assert!(csp.contains("script-src 'self';"));
        assert!(!csp.contains("unsafe-inline"));
        assert_eq!(playback_origin("not a url"), None);
        assert_eq!(playback_origin("http://a b/"), None);
    }

    #[test]
    fn every_template_parses_and_the_layout_escapes_what_it_is_given() {
        for name in ["home.html", "watch.html", "login.html", "account.html", "studio.html", "admin_jobs.html"] {
            TEMPLATES.get_template(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        let page = PageInfo::anonymous("<script>alert(1)</script>");
        let html = TEMPLATES.get_template("error.html").unwrap().render(context! { page, status => 404, message => "<b>x</b>" }).unwrap();
        assert!(!html.contains("<script>alert(1)"), "{html}");
        assert!(html.contains("&lt;b&gt;x&lt;&#x2f;b&gt;") || html.contains("&lt;b&gt;x&lt;/b&gt;"), "{html}");
    }
}
