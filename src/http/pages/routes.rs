//! Every page's route: the paths of the site's pages, what each answers to, and the upload
//! limits of the forms that carry a file.

use crate::http::listed::{get, post, Listed};
use crate::http::pages::account::devices;
use crate::http::pages::account::profiles;
use crate::http::pages::account::public_profile;
use crate::http::pages::account::sign_in;
use crate::http::pages::account::watermark;
use crate::http::pages::account::webhooks;
use crate::http::pages::admin::area;
use crate::http::pages::admin::costs;
use crate::http::pages::admin::moderation;
use crate::http::pages::admin::plans;
use crate::http::pages::frame::shell;
use crate::http::pages::frame::switches;
use crate::http::pages::studio::analytics;
use crate::http::pages::studio::audio_tracks;
use crate::http::pages::studio::captions;
use crate::http::pages::studio::chapters;
use crate::http::pages::studio::items;
use crate::http::pages::studio::sharing;
use crate::http::pages::watch::api_reference;
use crate::http::pages::watch::browse;
use crate::http::pages::watch::catalogue;
use crate::http::pages::watch::collections;
use crate::http::pages::watch::comments;
use crate::http::pages::watch::embed;
use crate::http::pages::watch::feeds;
use crate::http::pages::watch::history;
use crate::http::pages::watch::notifications;
use crate::http::pages::watch::subscriptions;
use crate::state::AppState;

/// Every page route, listed.
pub fn routes() -> Listed<AppState> {
    Listed::new()
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
        .route("/profiles/pin", post(profiles::set_pin))
        .route("/profiles/parental-pin", post(profiles::set_parental_pin))
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
        .route("/login", get(sign_in::login_page).post(sign_in::request_code))
        .route("/login/verify", post(sign_in::verify_code))
        .route("/login/totp", post(sign_in::verify_totp))
        .route("/logout", post(sign_in::logout))
        .route("/account", get(sign_in::account_page))
        .route("/account/profile", get(public_profile::page).post(public_profile::save))
        .route(
            "/account/avatar",
            post(public_profile::upload_avatar).body_limit(reel_core::audience::account_profile::MAX_AVATAR_BYTES + 64 * 1024),
        )
        .route("/account/avatar/remove", post(public_profile::remove_avatar))
        .route("/account/watermark", post(watermark::place))
        .route(
            "/account/watermark/logo",
            post(watermark::upload_logo).body_limit(reel_core::library::watermark::MAX_LOGO_UPLOAD_BYTES + 64 * 1024),
        )
        .route("/account/watermark/remove", post(watermark::remove))
        .route("/account/preferences", post(public_profile::save_preferences))
        .route("/avatars/{user}/{file}", get(public_profile::avatar))
        .route("/account/logout-all", post(sign_in::logout_all))
        .route("/account/delete", post(sign_in::delete_account))
        .route("/account/delete/code", post(sign_in::delete_code))
        .route("/account/devices/remove", post(devices::remove_device))
        .route("/account/devices/rename", post(devices::rename_device))
        .route("/account/screens/stop", post(devices::stop_screen))
        .route("/account/tokens", post(sign_in::new_token))
        .route("/account/tokens/revoke", post(sign_in::revoke_token))
        .route("/account/webhooks", get(webhooks::list).post(webhooks::register))
        .route("/account/webhooks/{id}", get(webhooks::show).post(webhooks::act))
        .route("/account/webhooks/{id}/resend", post(webhooks::resend))
        .route("/account/totp/enroll", post(sign_in::totp_enroll))
        .route("/account/totp/confirm", post(sign_in::totp_confirm))
        .route("/account/totp/recovery-codes", post(sign_in::totp_recovery_codes))
        .route("/upload", get(items::upload_page))
        .route("/studio", get(items::my_videos))
        .route("/studio/{id}/edit", get(items::edit_page).post(items::save_edit))
        .route("/studio/{id}/delete", get(items::delete_page).post(items::delete))
        .route("/studio/{id}/retry", post(items::retry))
        .route("/studio/{id}/reprocess", post(items::reprocess))
        .route("/studio/{id}/share", get(sharing::page).post(sharing::make))
        .route("/studio/{id}/share/revoke", post(sharing::revoke))
        .route("/studio/{id}/share/origins", post(sharing::origins))
        .route("/studio/{id}/captions", post(captions::add).body_limit(captions::MAX_FORM_BYTES))
        .route("/studio/{id}/captions/{caption}/remove", post(captions::remove))
        .route("/studio/{id}/audio/{n}", post(audio_tracks::save))
        .route("/studio/{id}/loudness", post(audio_tracks::loudness))
        .route("/studio/{id}/chapters", post(chapters::save))
        .route("/admin", get(area::users_page))
        .route("/admin/users/role", post(area::set_role))
        .route("/admin/users/disable", post(area::set_disabled))
        .route("/admin/invite", post(area::invite))
        .route("/admin/jobs", get(area::jobs_page))
        .route("/admin/jobs/retry", post(area::retry_job))
        .route("/admin/audit", get(area::audit_page))
        .route("/admin/health", get(area::health_page))
        .route("/admin/storage", get(costs::storage_page))
        .route("/admin/cost", get(costs::cost_page))
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
        .route("/theme", post(switches::choose_theme))
        .route("/language", post(switches::choose))
        .route("/assets/{file}", get(crate::http::assets::serve))
}
