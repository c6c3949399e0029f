//! The one clock: a context made with a fixed clock decides by its time, and so do the rows
//! it writes and the queries it runs, so a rule about time is tried in process, with no
//! server and no waiting.

use std::time::Duration;

use reel_base::domain::Role;
use reel_core::auth::{self, Scope};

use crate::common::in_process::{InProcess, START};

#[tokio::test(flavor = "multi_thread")]
async fn a_token_made_by_a_fixed_clock_ends_when_that_clock_passes_its_end() {
    let world = InProcess::start().await;
    let ctx = &world.ctx;
    let user = world.account("clock@example.org", Role::Admin).await;
    assert_eq!(user.created_at, START, "the row was written at the context's time");

    let expires = auth::expiry_after(ctx.clock(), Duration::from_secs(3600));
    assert_eq!(expires, START + 3_600_000);
    let token = auth::create_token(&ctx.db, &user, None, "an hour", &[Scope::Read], Some(expires)).await.unwrap();
    let header = format!("Bearer {}", token.secret);
    let any = |_: &[Scope]| Ok(());

    world.advance(Duration::from_secs(3599));
    let caller = auth::token_caller(ctx, &header, any).await.expect("a second before its end, the token works");
    assert_eq!(caller.subject(), user.id);
    world.advance(Duration::from_secs(2));
    let refused = auth::token_caller(ctx, &header, any).await.expect_err("a second after its end, it does not");
    assert_eq!(refused.status(), 401);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_upload_left_unfinished_is_swept_once_the_clock_passes_its_expiry() {
    let world = InProcess::start().await;
    let ctx = &world.ctx;
    let user = world.account("uploader@example.org", Role::Creator).await;
    let id = reel_base::domain::UploadId::new();
    let expires_at = START + 60_000;
    let new = reel_base::db::uploads::NewUpload {
        id,
        length: 10,
        filename: None,
        title: None,
        description: None,
        created_by: Some(user.id),
        visibility: "members",
        expires_at,
        staging_id: None,
        direct_upload_id: None,
    };
    reel_base::db::uploads::insert(&ctx.db, &new).await.unwrap();

    assert_eq!(reel_core::platform::staging::sweep_expired(ctx).await.unwrap(), 0, "not expired yet");
    world.advance(Duration::from_secs(61));
    assert_eq!(reel_core::platform::staging::sweep_expired(ctx).await.unwrap(), 1, "past its expiry");
    assert!(reel_base::db::uploads::get(&ctx.db, id).await.unwrap().is_none());
}
