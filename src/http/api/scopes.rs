//! Which scope each API route needs of a token: every state-changing route, and the reads
//! that hand out a whole account (its export). A token lacking it gets 403
//! `insufficient-scope` before the handler runs (`auth::route_scope`); a state-changing route
//! missing here is closed to tokens, and a test (tests/it/tokens.rs) holds this table to the
//! routes the routers declare. Sessions are not held to it: a signed-in person acts with every
//! scope their role and profile allow. docs/architecture.md prints the same table.

use axum::extract::{MatchedPath, Request};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

use reel_core::auth::route_scope::RouteScope;
use reel_core::auth::Scope;

use Scope::{Account, Admin, Moderate, Read, Upload};

/// (method, route as the API router declares it, the scope a token needs there). `read`
/// marks the writes a viewer makes by watching (a playback cookie, a view, a quality report)
/// and the sign-in steps, which take no token at all.
pub const ROUTE_SCOPES: &[(&str, &str, Scope)] = &[
    // Watching.
    ("POST", "/v1/videos/{id}/playback-cookie", Read),
    ("POST", "/v1/videos/{id}/views", Read),
    ("POST", "/v1/videos/{id}/beacons", Read),
    ("POST", "/v1/me/streams/{id}/heartbeat", Read),
    // Signing in, and the SMS provider's receipts: no token is their credential.
    ("POST", "/v1/auth/otp/request", Read),
    ("POST", "/v1/auth/otp/verify", Read),
    ("POST", "/v1/auth/totp/verify", Read),
    ("POST", "/v1/sms/receipts/{token}", Read),
    // One's own account.
    ("PATCH", "/v1/account/profile", Account),
    ("PUT", "/v1/account/avatar", Account),
    ("DELETE", "/v1/account/avatar", Account),
    ("PUT", "/v1/account/preferences", Account),
    ("GET", "/v1/account/export", Account),
    ("POST", "/v1/account/delete-code", Account),
    ("DELETE", "/v1/account", Account),
    ("POST", "/v1/auth/totp/enroll", Account),
    ("POST", "/v1/auth/totp/confirm", Account),
    ("POST", "/v1/auth/totp/recovery-codes", Account),
    ("POST", "/v1/auth/logout", Account),
    ("POST", "/v1/auth/logout-all", Account),
    ("POST", "/v1/tokens", Account),
    ("DELETE", "/v1/tokens/{id}", Account),
    ("POST", "/v1/profiles", Account),
    ("PUT", "/v1/profiles/current", Account),
    ("POST", "/v1/profiles/current/code", Account),
    ("PATCH", "/v1/profiles/{id}", Account),
    ("DELETE", "/v1/profiles/{id}", Account),
    ("PUT", "/v1/profiles/{id}/pin", Account),
    ("DELETE", "/v1/profiles/{id}/pin", Account),
    ("PUT", "/v1/account/parental-pin", Account),
    ("DELETE", "/v1/account/parental-pin", Account),
    ("PUT", "/v1/videos/{id}/progress", Account),
    ("DELETE", "/v1/history", Account),
    ("PUT", "/v1/history/settings", Account),
    ("DELETE", "/v1/history/{video_id}", Account),
    ("DELETE", "/v1/me/streams/{id}", Account),
    ("PATCH", "/v1/me/devices/{id}", Account),
    ("DELETE", "/v1/me/devices/{id}", Account),
    ("POST", "/v1/notifications/read", Account),
    ("PUT", "/v1/notifications/settings", Account),
    ("POST", "/v1/subscriptions", Account),
    ("DELETE", "/v1/subscriptions/feed", Account),
    ("DELETE", "/v1/subscriptions/{channel}", Account),
    ("POST", "/v1/playlists", Account),
    ("PATCH", "/v1/playlists/{id}", Account),
    ("DELETE", "/v1/playlists/{id}", Account),
    ("POST", "/v1/playlists/{id}/items", Account),
    ("PATCH", "/v1/playlists/{id}/items/{video_id}", Account),
    ("DELETE", "/v1/playlists/{id}/items/{video_id}", Account),
    ("POST", "/v1/videos/{id}/reactions", Account),
    ("POST", "/v1/videos/{id}/comments", Account),
    ("PATCH", "/v1/comments/{id}", Account),
    ("DELETE", "/v1/comments/{id}", Account),
    ("POST", "/v1/reports", Account),
    // One's own items and channel.
    ("POST", "/v1/videos", Upload),
    ("PATCH", "/v1/videos/{id}", Upload),
    ("DELETE", "/v1/videos/{id}", Upload),
    ("PUT", "/v1/videos/{id}/storage", Upload),
    ("POST", "/v1/videos/{id}/reprocess", Upload),
    ("POST", "/v1/videos/{id}/retry", Upload),
    ("POST", "/v1/videos/{id}/captions", Upload),
    ("DELETE", "/v1/videos/{id}/captions/{caption}", Upload),
    ("PUT", "/v1/videos/{id}/chapters", Upload),
    ("PATCH", "/v1/videos/{id}/audio-tracks/{n}", Upload),
    ("PUT", "/v1/videos/{id}/plan", Upload),
    ("POST", "/v1/videos/{id}/share-links", Upload),
    ("DELETE", "/v1/videos/{id}/share-links/{link}", Upload),
    ("PUT", "/v1/videos/{id}/embed", Upload),
    ("PUT", "/v1/comments/{id}/pin", Upload),
    ("PUT", "/v1/comments/{id}/hidden", Upload),
    ("POST", "/v1/videos/{id}/appeal", Upload),
    ("POST", "/v1/webhooks", Upload),
    ("PATCH", "/v1/webhooks/{id}", Upload),
    ("DELETE", "/v1/webhooks/{id}", Upload),
    ("POST", "/v1/webhooks/{id}/rotate-secret", Upload),
    ("POST", "/v1/webhooks/{id}/test", Upload),
    ("POST", "/v1/webhooks/{id}/deliveries/{delivery}/resend", Upload),
    ("POST", "/v1/uploads", Upload),
    ("PATCH", "/v1/uploads/{id}", Upload),
    ("DELETE", "/v1/uploads/{id}", Upload),
    ("POST", "/v1/uploads/direct", Upload),
    ("POST", "/v1/uploads/direct/{id}/complete", Upload),
    ("PUT", "/v1/account/watermark", Upload),
    ("DELETE", "/v1/account/watermark", Upload),
    ("PUT", "/v1/account/watermark/logo", Upload),
    ("POST", "/v1/series", Upload),
    ("PATCH", "/v1/series/{id}", Upload),
    ("DELETE", "/v1/series/{id}", Upload),
    ("POST", "/v1/series/{id}/episodes", Upload),
    ("DELETE", "/v1/series/{id}/episodes/{video_id}", Upload),
    // The moderation queue.
    ("POST", "/v1/admin/reports/{id}/dismiss", Moderate),
    ("POST", "/v1/admin/videos/{id}/takedown", Moderate),
    ("POST", "/v1/admin/videos/{id}/restore", Moderate),
    ("DELETE", "/v1/admin/videos/{id}", Moderate),
    ("POST", "/v1/admin/comments/{id}/hide", Moderate),
    ("DELETE", "/v1/admin/comments/{id}", Moderate),
    ("POST", "/v1/admin/users/{id}/suspension", Moderate),
    ("DELETE", "/v1/admin/users/{id}/suspension", Moderate),
    // The installation.
    ("PATCH", "/v1/admin/users/{id}", Admin),
    ("POST", "/v1/admin/invitations", Admin),
    ("POST", "/v1/admin/plans", Admin),
    ("POST", "/v1/admin/plans/{plan}/grants", Admin),
    ("DELETE", "/v1/admin/plans/{plan}/grants/{user}", Admin),
    ("POST", "/v1/admin/jobs/{id}/retry", Admin),
];

/// The scope `method` on `route` (as declared, without `/api`) needs, if the table names it.
pub fn needed(method: &Method, route: &str) -> Option<Scope> {
    ROUTE_SCOPES.iter().find(|(m, r, _)| *m == method.as_str() && *r == route).map(|(_, _, scope)| *scope)
}

/// Marks each API request with the scope its route needs, for the `Caller` extractor.
pub async fn mark(mut request: Request, next: Next) -> Response {
    // HEAD is GET's answer without its body: it needs what GET needs.
    let method = if request.method() == Method::HEAD { Method::GET } else { request.method().clone() };
    let scope = request.extensions().get::<MatchedPath>().and_then(|p| {
        let route = p.as_str();
        needed(&method, route.strip_prefix("/api").unwrap_or(route))
    });
    if let Some(scope) = scope {
        request.extensions_mut().insert(RouteScope(scope));
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_architecture_document_prints_the_table() {
        let doc = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/architecture.md")).unwrap();
        for (method, route, scope) in ROUTE_SCOPES {
            let row = doc
                .lines()
                .find(|l| l.starts_with(&format!("| `{}` — ", scope.as_str())))
                .unwrap_or_else(|| panic!("no row for {scope:?}"));
            assert!(row.contains(&format!("`{method} /api{route}`")), "docs/architecture.md: {method} {route} is not under {scope:?}");
        }
    }

    #[test]
    fn the_table_names_each_route_once() {
        let mut seen = std::collections::HashSet::new();
        for (m, r, _) in ROUTE_SCOPES {
            assert!(seen.insert((m, r)), "{m} {r} twice");
        }
    }
}
