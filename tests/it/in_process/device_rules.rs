//! Devices counted first come first: two browsers that pass the look at the account's devices
//! before either is recorded are held to the plan once both are, so never both are let in
//! past `max_devices`; one past it is signed out again, and so is a token made past it; a
//! browser that signed out and comes back is looked at like a new one.

use reel_base::db::{devices as device_rows, tokens};
use reel_base::domain::Role;
use reel_core::auth::session::{self, Client};
use reel_core::auth::{self, devices, hash_token, Scope};

use crate::common::in_process::InProcess;

const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
const IPHONE: &str =
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

#[tokio::test(flavor = "multi_thread")]
async fn two_new_devices_that_looked_at_once_are_never_both_kept_past_the_limit() {
    // One device for a member without a plan; the clock stands still, so both sign-ins happen
    // in the same millisecond.
    let world = InProcess::start_with(|c| c.entitlements.max_devices = 1).await;
    let ctx = &world.ctx;
    let member = world.account("member@example.org", Role::Viewer).await;

    // Both look before either is recorded: both pass.
    let laptop = devices::for_browser(ctx, member.id, None, Some(FIREFOX)).await.unwrap();
    let phone = devices::for_browser(ctx, member.id, None, Some(IPHONE)).await.unwrap();
    assert!(laptop.new && phone.new);
    let mut sessions = Vec::new();
    for (seat, agent) in [(&laptop, FIREFOX), (&phone, IPHONE)] {
        let client = Client { ip: "127.0.0.1", user_agent: Some(agent), device: Some(seat.id) };
        sessions.push(session::start(&ctx.db, member.id, false, 3600, false, client).await.unwrap());
    }
    // Held once recorded: the first counted sees the other (same millisecond) and steps back;
    // the second then holds alone. Never both.
    let first = devices::hold(ctx, member.id, laptop.id).await;
    assert_eq!(first.as_ref().err().map(|p| p.code()), Some("too-many-devices"), "{first:?}");
    devices::hold(ctx, member.id, phone.id).await.unwrap();
    let in_use = device_rows::live_of(&ctx.db, member.id).await.unwrap();
    assert_eq!(in_use.iter().map(|d| d.id.clone()).collect::<Vec<_>>(), [phone.id.to_string()]);
    // The one stepped back is signed out: its session no longer works.
    let laptop_session = sessions[0].cookie.split(';').next().unwrap().split_once('=').unwrap().1.to_string();
    assert!(reel_base::db::sessions::live(&ctx.db, &hash_token(&laptop_session)).await.unwrap().is_none());

    // A token made past the limit is signed out again as well.
    let token = auth::create_token(&ctx.db, &member, None, "script", &[Scope::Read], None).await.unwrap();
    let held = devices::hold(ctx, member.id, token.device).await;
    assert_eq!(held.err().map(|p| p.code()), Some("too-many-devices"));
    assert!(tokens::find_live(&ctx.db, &hash_token(&token.secret)).await.unwrap().is_none());
    // And a later browser is refused before anything is recorded.
    let refused = devices::for_browser(ctx, member.id, None, Some(FIREFOX)).await;
    assert_eq!(refused.err().map(|p| p.code()), Some("too-many-devices"));

    // The phone signs out (its device stays, for its next sign-in) and a tablet signs in in its
    // place; the phone coming back with its cookie is then one device too many.
    let phone_session = sessions[1].cookie.split(';').next().unwrap().split_once('=').unwrap().1.to_string();
    reel_base::db::sessions::revoke(&ctx.db, &hash_token(&phone_session)).await.unwrap();
    let tablet = devices::for_browser(ctx, member.id, None, Some(IPHONE)).await.unwrap();
    let client = Client { ip: "127.0.0.1", user_agent: Some(IPHONE), device: Some(tablet.id) };
    session::start(&ctx.db, member.id, false, 3600, false, client).await.unwrap();
    devices::hold(ctx, member.id, tablet.id).await.unwrap();
    let phone_cookie = phone.cookie.split(';').next().unwrap().split_once('=').unwrap().1.to_string();
    let back = devices::for_browser(ctx, member.id, Some(&phone_cookie), Some(IPHONE)).await;
    assert_eq!(back.err().map(|p| p.code()), Some("too-many-devices"));
}
