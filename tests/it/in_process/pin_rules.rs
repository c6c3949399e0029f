//! PINs, as a session switching profiles meets them: a locked profile opens with its own PIN or
//! the parental one; leaving a kids profile asks for the parental PIN where the account has
//! one (and no mailed code then); wrong guesses are audited, and past the account's budget even
//! the right PIN is refused; only the right profiles set them.

use reel_base::domain::{ProfileId, Role};
use reel_core::audience::pins::{self, GUESSES};
use reel_core::audience::profiles::{self, ProfileInput, SwitchProof};
use reel_core::auth::{Caller, Scope};

use crate::common::in_process::InProcess;

fn ip() -> std::net::IpAddr {
    "127.0.0.1".parse().unwrap()
}

async fn switch(world: &InProcess, caller: &Caller, to: ProfileId, pin: Option<&str>) -> Result<(), (u16, &'static str)> {
    let proof = SwitchProof { code: None, pin };
    profiles::switch(&world.ctx, caller, &to.to_string(), proof, ip()).await.map(|_| ()).map_err(|e| (e.status().as_u16(), e.code()))
}

async fn failures(world: &InProcess) -> usize {
    let page = reel_base::db::audit::recent(&world.ctx.db, 100, None).await.unwrap();
    page.iter().filter(|r| r.action == "pin.failed").count()
}

async fn profile(world: &InProcess, main: &Caller, name: &str, kids: bool) -> ProfileId {
    let input = ProfileInput { name: Some(name.into()), avatar: None, kids: Some(kids) };
    profiles::create(&world.ctx, main, &input).await.expect("the profile is made").id
}

#[tokio::test(flavor = "multi_thread")]
async fn a_locked_profile_opens_with_its_pin_or_the_parental_one_and_a_kids_profile_leaves_with_the_parental_one() {
    let world = InProcess::start().await;
    let owner = world.account("family@example.org", Role::Viewer).await;
    let main_id = ProfileId::from(owner.id);
    let main = world.session_caller(&owner, None).await;
    let teen = profile(&world, &main, "Teen", false).await;
    let kid = profile(&world, &main, "Kid", true).await;

    // The main profile locks Teen; from Teen's own session it changes it; a kids profile and
    // another grown-up profile may not.
    let locked = pins::set_profile_pin(&world.ctx, &main, &teen.to_string(), Some("1234")).await.unwrap();
    assert!(locked.is_locked());
    let as_teen = world.session_caller(&owner, Some(teen)).await;
    pins::set_profile_pin(&world.ctx, &as_teen, &teen.to_string(), Some("4321")).await.unwrap();
    let other = profile(&world, &main, "Other", false).await;
    let as_other = world.session_caller(&owner, Some(other)).await;
    let refused = pins::set_profile_pin(&world.ctx, &as_other, &teen.to_string(), None).await.unwrap_err();
    assert_eq!(refused.status().as_u16(), 403);
    let as_kid = world.session_caller(&owner, Some(kid)).await;
    assert_eq!(pins::set_profile_pin(&world.ctx, &as_kid, &kid.to_string(), Some("0000")).await.unwrap_err().status().as_u16(), 403);
    assert_eq!(pins::set_parental_pin(&world.ctx, &as_teen, Some("9999")).await.unwrap_err().status().as_u16(), 403);
    let bad = pins::set_profile_pin(&world.ctx, &main, &teen.to_string(), Some("12a4")).await.unwrap_err();
    assert_eq!((bad.status().as_u16(), bad.code()), (400, "invalid-pin"));

    // Switching to Teen: none, wrong (audited), right; its own session needs none.
    assert_eq!(switch(&world, &main, teen, None).await, Err((403, "pin-required")));
    assert_eq!(switch(&world, &main, teen, Some("1234")).await, Err((403, "wrong-pin")), "the old PIN no longer opens it");
    assert_eq!(failures(&world).await, 1);
    assert_eq!(switch(&world, &main, teen, Some("4321")).await, Ok(()));
    assert_eq!(switch(&world, &as_teen, teen, None).await, Ok(()));

    // The parental PIN opens Teen too, and is what the kids profile leaves with: no mailed code.
    pins::set_parental_pin(&world.ctx, &main, Some("2580")).await.unwrap();
    let main = world.session_caller(&owner, None).await;
    assert_eq!(switch(&world, &main, teen, Some("2580")).await, Ok(()));
    assert_eq!(switch(&world, &as_kid, main_id, None).await, Err((403, "pin-required")));
    assert_eq!(switch(&world, &as_kid, main_id, Some("4321")).await, Err((403, "wrong-pin")), "Teen's PIN does not leave kids");
    assert_eq!(switch(&world, &as_kid, main_id, Some("2580")).await, Ok(()));
    // Removed, leaving kids asks for the mailed code again.
    pins::set_parental_pin(&world.ctx, &main, None).await.unwrap();
    let as_kid = world.session_caller(&owner, Some(kid)).await;
    assert_eq!(switch(&world, &as_kid, main_id, None).await, Err((403, "code-required")));
}

#[tokio::test(flavor = "multi_thread")]
async fn guessing_a_pin_stops_at_the_accounts_budget_even_for_the_right_one() {
    let world = InProcess::start().await;
    let owner = world.account("guess@example.org", Role::Viewer).await;
    let main = world.session_caller(&owner, None).await;
    let locked = profile(&world, &main, "Locked", false).await;
    pins::set_profile_pin(&world.ctx, &main, &locked.to_string(), Some("7391")).await.unwrap();
    for n in 0..GUESSES {
        assert_eq!(switch(&world, &main, locked, Some(&format!("{n:04}"))).await, Err((403, "wrong-pin")));
    }
    assert_eq!(switch(&world, &main, locked, Some("7391")).await, Err((429, "too-many-pins")));
    assert_eq!(failures(&world).await, GUESSES as usize);
    let refused = reel_base::db::audit::recent(&world.ctx.db, 100, None).await.unwrap();
    assert!(refused.iter().any(|r| r.action == "pin.refused"), "the refusal is audited");
    // Another account's budget is its own.
    let neighbour = world.account("neighbour@example.org", Role::Viewer).await;
    let theirs = world.session_caller(&neighbour, None).await;
    let their_locked = profile(&world, &theirs, "Theirs", false).await;
    pins::set_profile_pin(&world.ctx, &theirs, &their_locked.to_string(), Some("1111")).await.unwrap();
    assert_eq!(switch(&world, &theirs, their_locked, Some("1111")).await, Ok(()));
    // An API token, which keeps its profile, still switches nothing.
    let token = world.caller(&owner, &[Scope::Read, Scope::Account]).await;
    assert_eq!(switch(&world, &token, locked, Some("7391")).await, Err((400, "session-only")));
}
