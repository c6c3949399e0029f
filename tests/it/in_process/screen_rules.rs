//! Screens on the clock: a stream with no sign of life for `session_idle_secs` stops counting
//! and ends (its heartbeat says so, the sweep marks it), while a heartbeat keeps a paused one;
//! a screen refused for one more than the plan allows plays once another has ended.

use std::time::Duration;

use reel_base::domain::{Holder, Role, VideoId};
use reel_core::auth::Scope;
use reel_core::delivery::streams;

use crate::common::in_process::InProcess;

/// A fresh stream id, as a token names one.
fn stream_id() -> String {
    hex::encode(rand::random::<[u8; 16]>())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_idle_screen_ends_by_itself_a_heartbeat_keeps_one_and_the_place_it_held_is_free() {
    // One screen at once for a member without a plan; a look at a stream trusted for a second.
    let world = InProcess::start_with(|c| {
        c.entitlements.max_streams = 1;
        c.entitlements.enforce_within_secs = 2;
    })
    .await;
    let ctx = &world.ctx;
    let member = world.account("member@example.org", Role::Viewer).await;
    let caller = world.caller(&member, &[Scope::Read, Scope::Account]).await;
    let holder = Holder::Account(member.id);
    let (video, paused, idle, next) = (VideoId::new(), stream_id(), stream_id(), stream_id());
    let refused = |r: Result<(), reel_core::platform::problem::Problem>| r.err().map(|p| p.code());

    streams::admit(ctx, &paused, holder, video, None, Some("VLC/3.0.20 LibVLC/3.0.20")).await.unwrap();
    assert_eq!(refused(streams::admit(ctx, &idle, holder, video, None, None).await), Some("too-many-streams"));

    // 100 s on, a heartbeat keeps the first; 100 s more without one and it has ended.
    world.advance(Duration::from_secs(100));
    streams::heartbeat(ctx, &caller, &paused).await.unwrap();
    world.advance(Duration::from_secs(100));
    assert_eq!(streams::list(ctx, &caller).await.unwrap().0.len(), 1, "kept by its heartbeat");
    world.advance(Duration::from_secs(21));
    assert!(streams::list(ctx, &caller).await.unwrap().0.is_empty(), "idle for 121 s");
    assert_eq!(refused(streams::heartbeat(ctx, &caller, &paused).await), Some("stream-ended"));

    // The place is free: the screen refused before plays now. The idle one's media stop once
    // the process's last look at it (a second old at most) is over.
    streams::admit(ctx, &next, holder, video, None, None).await.unwrap();
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    assert_eq!(refused(streams::admit(ctx, &paused, holder, video, None, None).await), Some("stream-ended"));
    let screens = streams::list(ctx, &caller).await.unwrap().0;
    assert_eq!(screens.iter().map(|s| s.stream.id.as_str()).collect::<Vec<_>>(), [next.as_str()]);

    // The sweep marks the idle one ended for being idle, and forgets it a month on.
    assert_eq!(streams::sweep(ctx).await.unwrap(), (1, 0));
    let gone = reel_base::db::streams::get(&ctx.db, &paused).await.unwrap().unwrap();
    assert_eq!(gone.end_reason.as_deref(), Some("idle"));
    world.advance(Duration::from_secs(31 * 86_400));
    // The other has idled for a month too: marked, and forgotten with the first.
    assert_eq!(streams::sweep(ctx).await.unwrap(), (1, 2));
    assert!(reel_base::db::streams::get(&ctx.db, &paused).await.unwrap().is_none());
}
