//! The templates, compiled once into the binary, and what renders them: a page's HTML answer,
//! and the words a page module writes in the page's language.

use std::sync::LazyLock;

use axum::http::{header, HeaderValue};
use axum::response::{Html, IntoResponse};
use minijinja::value::Kwargs;
use minijinja::{Environment, Error, ErrorKind, Value};

use crate::error::AppError;
use crate::http::pages::frame::format;
use crate::http::pages::frame::page_error::{PageError, PageResult};
use crate::http::pages::frame::shell;
use reel_base::i18n::{self, Arg};

/// The templates, compiled once. They are embedded in the binary, so a deployment is one file.
static TEMPLATES: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    macro_rules! templates {
        ($($name:literal),* $(,)?) => {
            $(env.add_template($name, include_str!(concat!("../../../../templates/", $name))).expect(concat!("template ", $name));)*
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
        "profile_pin.html",
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
    register_language(&mut env);
    env
});

/// The catalogue's message `key` in the page's language, with `args`: every word a page
/// module writes for people comes through here (templates have `t()` for the same).
pub fn t(key: &str, args: &[(&str, reel_base::i18n::Arg<'_>)]) -> String {
    reel_base::i18n::text(shell::lang(), key, args)
}

/// Renders a template into an HTML response with the pages' security headers.
pub fn render(name: &str, ctx: Value) -> PageResult {
    let html = TEMPLATES.get_template(name).and_then(|t| t.render(ctx)).map_err(|e| PageError::App(AppError::internal(e)))?;
    let mut response = Html(html).into_response();
    let h = response.headers_mut();
    // Pages carry the viewer's name and CSRF token: never stored by a shared cache.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(response)
}

/// Adds `t()`, `web_messages()` and the language-aware filters to the templates.
fn register_language(env: &mut Environment<'static>) {
    env.add_function("t", |key: &str, kwargs: Kwargs| -> Result<String, Error> {
        let mut args = Vec::new();
        for name in kwargs.args() {
            let value: Value = kwargs.get(name)?;
            args.push((name, argument(&value)));
        }
        kwargs.assert_all_used()?;
        let lang = shell::lang();
        if !i18n::has(key.split('.').next().unwrap_or(key)) {
            return Err(Error::new(ErrorKind::InvalidOperation, format!("no message `{key}` in the catalogues")));
        }
        Ok(i18n::text(lang, key, &args))
    });
    // JSON inside a <script> element: `<` is written as an escape so no message can end it.
    env.add_function("web_messages", || Value::from_safe_string(i18n::web_messages(shell::lang()).replace('<', "\\u003c")));
}

/// A template value as a message argument: numbers stay numbers (for plurals and digits).
fn argument(value: &Value) -> Arg<'static> {
    match value.kind() {
        minijinja::value::ValueKind::Number => {
            f64::try_from(value.clone()).map(Arg::Number).unwrap_or_else(|_| Arg::from(value.to_string()))
        }
        _ => Arg::from(value.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use minijinja::context;

    use super::*;
    use crate::http::pages::frame::layout::PageInfo;

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
