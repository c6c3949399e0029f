//! What a share link does not open, asked of the router in process (the watch page, the
//! embeddable player) and of the origin's check: an item that came to require a plan, an item
//! over a kids profile's rating cap, and any link once the site turns share links off.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use reel::http::client_ip::ClientIpConfig;
use reel::state::AppState;
use reel_base::db::users::UserRecord;
use reel_base::domain::{Holder, Role, VideoId, Visibility};
use reel_core::audience::plans;
use reel_core::audience::profiles::{self, ProfileInput};
use reel_core::auth::Scope;
use reel_core::delivery::entitlement::{self, Recheck};
use reel_core::library::sharing::{self, NewShareLink, ShareLinkView};
use reel_core::library::videos::{self, EditVideo};
use reel_core::platform::Context;
use tower::ServiceExt;

use crate::common::in_process::InProcess;

/// The site's router over `ctx`, as `reel serve` builds it.
async fn router(ctx: &Context) -> Router {
    let state = AppState::with_context(ctx.clone(), "http://127.0.0.1:0".into()).await.expect("the web's parts");
    reel::http::router::router(state, Arc::new(ClientIpConfig::default()))
}

/// `GET url` (a share link: its path and query), with a session cookie when given: the status and
/// the page.
async fn get(app: &Router, url: &str, cookie: Option<&str>) -> (StatusCode, String) {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = &after_scheme[after_scheme.find('/').unwrap_or(after_scheme.len())..];
    let mut request = Request::get(path);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let response = app.clone().oneshot(request.body(Body::empty()).unwrap()).await.unwrap();
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), 4 << 20).await.unwrap();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

/// A private item of `owner`'s titled `title`, as its row is once its upload completes.
async fn private_item(world: &InProcess, owner: &UserRecord, title: &str) -> VideoId {
    crate::common::items::item_row(&world.ctx.db, owner.id, title, Visibility::Private).await
}

/// A link to `id` made by its owner, for an hour.
async fn link(world: &InProcess, owner: &UserRecord, id: VideoId) -> ShareLinkView {
    let maker = world.caller(owner, &[Scope::Read, Scope::Upload]).await;
    sharing::create(&world.ctx, &maker, &id.to_string(), NewShareLink { expires_in_s: 3600, start_s: None }).await.expect("a link")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_link_to_an_item_that_came_to_require_a_plan_plays_for_no_one_and_no_new_link_is_made() {
    let world = InProcess::start().await;
    let ctx = &world.ctx;
    let owner = world.account("maker@example.org", Role::Creator).await;
    let maker = world.caller(&owner, &[Scope::Read, Scope::Upload]).await;
    let id = private_item(&world, &owner, "Backstage cut").await;
    let shared = link(&world, &owner, id).await;
    let (url, embed) = (shared.url.clone().unwrap(), shared.embed_url.clone().unwrap());
    let app = router(ctx).await;

    // While the item is free the link opens it, and the origin lets its holder play.
    let (status, page) = get(&app, &url, None).await;
    assert!(status == StatusCode::OK && page.contains("Backstage cut"), "{status}");
    assert!(!page.contains("Gold"));
    assert_eq!(get(&app, &embed, None).await.0, StatusCode::OK);
    entitlement::check(ctx, id, Holder::Share(shared.id), Recheck::Now).await.expect("the link's holder may play");

    // Its owner makes it require Gold: whoever holds the link is shown the plan, not the item.
    world.plan("Gold").await;
    plans::require(ctx, &maker, &id.to_string(), Some("Gold")).await.unwrap();
    let (status, page) = get(&app, &url, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Gold") && page.contains("5.00 EUR"), "the page offers the plan instead of the player");
    let (status, frame) = get(&app, &embed, None).await;
    assert!(status == StatusCode::FORBIDDEN && !frame.contains("data-hls"), "{status} {frame}");
    let refused = entitlement::check(ctx, id, Holder::Share(shared.id), Recheck::Now).await.unwrap_err();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN, "the origin refuses the link's playback");
    // And no link is made for it any more.
    let again = sharing::create(ctx, &maker, &id.to_string(), NewShareLink { expires_in_s: 60, start_s: None }).await.unwrap_err();
    assert_eq!((again.status(), again.code()), (StatusCode::CONFLICT, "plan-required"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_kids_profile_reaches_through_a_link_only_what_its_rating_cap_admits() {
    let world = InProcess::start().await;
    let ctx = &world.ctx;
    let owner = world.account("maker@example.org", Role::Creator).await;
    let maker = world.caller(&owner, &[Scope::Read, Scope::Upload]).await;
    let parent = world.account("parent@example.org", Role::Viewer).await;
    let grown_up = world.caller(&parent, &[Scope::Read, Scope::Account]).await;
    let kid = ProfileInput { name: Some("Sam".into()), kids: Some(true), ..ProfileInput::default() };
    let kid = profiles::create(ctx, &grown_up, &kid).await.unwrap();
    let (as_parent, as_kid) = (world.session_cookie(&parent, None).await, world.session_cookie(&parent, Some(kid.id)).await);
    let rate = |id: VideoId, rating: &'static str| {
        let maker = maker.clone();
        async move {
            let edit: EditVideo = serde_json::from_value(serde_json::json!({ "content_rating": rating })).unwrap();
            videos::change(ctx, &maker, &id.to_string(), &edit).await.expect("rated");
        }
    };
    // The default cap is the scale's mildest rating, G.
    let mild = private_item(&world, &owner, "Puppet show").await;
    rate(mild, "G").await;
    let grim = private_item(&world, &owner, "Night shift").await;
    rate(grim, "R").await;
    let unrated = private_item(&world, &owner, "Untitled reel").await;
    let app = router(ctx).await;

    // The grown-up profile opens each link; the kids profile only the G-rated one.
    for (id, title, kids_may) in [(mild, "Puppet show", true), (grim, "Night shift", false), (unrated, "Untitled reel", false)] {
        let shared = link(&world, &owner, id).await;
        let (url, embed) = (shared.url.unwrap(), shared.embed_url.unwrap());
        let (status, page) = get(&app, &url, Some(&as_parent)).await;
        assert!(status == StatusCode::OK && page.contains(title), "the parent's link to {title}: {status}");
        assert_eq!(get(&app, &embed, Some(&as_parent)).await.0, StatusCode::OK);
        let (status, page) = get(&app, &url, Some(&as_kid)).await;
        let (embed_status, frame) = get(&app, &embed, Some(&as_kid)).await;
        if kids_may {
            assert!(status == StatusCode::OK && page.contains(title), "the kid's link to {title}: {status}");
            assert_eq!(embed_status, StatusCode::OK);
        } else {
            assert!(status == StatusCode::NOT_FOUND && !page.contains(title), "the kid reached {title} through a link: {status}");
            assert!(embed_status == StatusCode::NOT_FOUND && !frame.contains(title), "the kid's player for {title}: {embed_status}");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn turning_share_links_off_stops_the_links_already_made() {
    let world = InProcess::start().await;
    let owner = world.account("maker@example.org", Role::Creator).await;
    let id = private_item(&world, &owner, "Rough cut").await;
    let shared = link(&world, &owner, id).await;
    let (url, embed) = (shared.url.clone().unwrap(), shared.embed_url.clone().unwrap());
    let on = router(&world.ctx).await;
    let (status, page) = get(&on, &url, None).await;
    assert!(status == StatusCode::OK && page.contains("Rough cut"), "{status}");
    assert_eq!(get(&on, &embed, None).await.0, StatusCode::OK);

    // The site started again on the same data with `[embed] share_links = false`.
    let mut config = (*world.ctx.config).clone();
    config.embed.share_links = false;
    let off = reel::app::context_with_clock(config, world.clock.clone()).await.expect("the same data, share links off");
    let app = router(&off).await;
    let (status, page) = get(&app, &url, None).await;
    assert!(status == StatusCode::SEE_OTHER && !page.contains("Rough cut"), "a signed-out visitor is sent to sign in: {status}");
    let (status, frame) = get(&app, &embed, None).await;
    assert!(status == StatusCode::NOT_FOUND && !frame.contains("Rough cut") && !frame.contains("data-hls"), "{status} {frame}");
    let refused = entitlement::check(&off, id, Holder::Share(shared.id), Recheck::Now).await.unwrap_err();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN, "the origin refuses the link's playback");
    let maker = world.caller(&owner, &[Scope::Read, Scope::Upload]).await;
    let made = sharing::create(&off, &maker, &id.to_string(), NewShareLink { expires_in_s: 60, start_s: None }).await.unwrap_err();
    assert_eq!(made.status(), StatusCode::FORBIDDEN, "no new link is made either");
    // The link itself was kept: turned on again, it opens the item as before.
    assert_eq!(get(&on, &url, None).await.0, StatusCode::OK);
}
