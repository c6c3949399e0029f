//! Sessions: a random id in an `HttpOnly` cookie, its hash and a CSRF token in the database.

use http::{header, HeaderMap};

use reel_base::db::{sessions, Db};
use reel_base::domain::device::DeviceId;
use reel_base::domain::UserId;

use super::{hash_token, random_token};

/// A session just started: what to send back to the browser.
pub struct NewSession {
    /// The `Set-Cookie` value.
    pub cookie: String,
    /// The CSRF token scripts send back in `X-CSRF-Token`.
    pub csrf_token: String,
}

/// Where a session is started from.
#[derive(Debug, Clone, Copy)]
pub struct Client<'a> {
    /// The client's address, as rate limits bucket it.
    pub ip: &'a str,
    /// What the browser says it is.
    pub user_agent: Option<&'a str>,
    /// The browser's device (`auth::devices`).
    pub device: Option<DeviceId>,
}

/// Starts a session (always a new id: ids are rotated at every sign-in).
pub async fn start(
    db: &Db,
    user_id: UserId,
    mfa_pending: bool,
    ttl_secs: u64,
    secure: bool,
    client: Client<'_>,
) -> sqlx::Result<NewSession> {
    let id = random_token();
    let csrf_token = random_token();
    let expires_at = db.clock().now_ms() + i64::try_from(ttl_secs.saturating_mul(1000)).unwrap_or(i64::MAX / 2);
    let user_agent = client.user_agent.map(|ua| ua.chars().take(300).collect::<String>());
    let device = client.device.map(|d| d.to_string());
    let row = sessions::NewSessionRow {
        id_hash: &hash_token(&id),
        user_id,
        csrf_token: &csrf_token,
        mfa_pending,
        expires_at,
        ip: Some(client.ip),
        user_agent: user_agent.as_deref(),
        device_id: device.as_deref(),
    };
    sessions::insert(db, &row).await?;
    Ok(NewSession { cookie: set_cookie(super::SESSION_COOKIE, &id, ttl_secs, secure, "/", "Lax"), csrf_token })
}

/// A `Set-Cookie` value: `HttpOnly` always, `Secure` when served over https.
pub fn set_cookie(name: &str, value: &str, max_age_secs: u64, secure: bool, path: &str, same_site: &str) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Path={path}; HttpOnly; SameSite={same_site}; Max-Age={max_age_secs}{secure}")
}

/// A `Set-Cookie` value that deletes the cookie.
pub fn clear_cookie(name: &str, secure: bool, path: &str) -> String {
    set_cookie(name, "", 0, secure, path, "Lax")
}

/// The value of cookie `name` in a request, if present and plain (no quotes, no separators).
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim().to_string())
        .filter(|v| !v.is_empty() && v.len() <= 256 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    #[test]
    fn cookies_are_http_only_and_secure_over_https() {
        let c = set_cookie("reel_session", "abc", 60, true, "/", "Lax");
        assert_eq!(c, "reel_session=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=60; Secure");
        assert!(!set_cookie("reel_session", "abc", 60, false, "/", "Lax").contains("Secure"));
    }

    #[test]
    fn a_cookie_is_found_among_others_and_odd_values_are_ignored() {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_static("theme=dark; reel_session=abc_DEF-1; x=y"));
        assert_eq!(cookie_value(&h, "reel_session").as_deref(), Some("abc_DEF-1"));
        h.insert(header::COOKIE, HeaderValue::from_static("reel_session=\"quoted\""));
        assert_eq!(cookie_value(&h, "reel_session"), None);
    }
}
