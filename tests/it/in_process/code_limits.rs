//! The limits on asking for sign-in codes, on the clock: a resend waits its interval, told to
//! the second; the hourly cap refuses the next code until an hour after the first it counts.

use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use reel_base::config::SignupMode;
use reel_base::domain::{Address, Email, Role};
use reel_core::auth::login;

use crate::common::in_process::InProcess;

const RESEND_SECS: u64 = 60;
const PER_HOUR: u32 = 3;

#[tokio::test(flavor = "multi_thread")]
async fn a_resend_waits_its_interval_and_the_hourly_cap_lifts_an_hour_after_the_first_code() {
    let world = InProcess::start_with(|config| {
        config.auth.signup = SignupMode::Closed;
        config.auth.otp_resend_secs = RESEND_SECS;
        config.auth.otp_per_hour = PER_HOUR;
    })
    .await;
    let ctx = &world.ctx;
    world.account("limits@example.org", Role::Viewer).await;
    let address = Address::Email(Email::parse("limits@example.org").unwrap());
    let ip = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 7));
    let ask = || login::request_code(ctx, &address, ip);
    let secs = |s: u64| Duration::from_secs(s);

    ask().await.expect("the first code");
    world.advance(secs(20));
    let early = ask().await.expect_err("a resend 20 s later");
    assert_eq!((early.status().as_u16(), early.retry_after()), (429, Some(40)), "told to wait what is left of the interval");
    world.advance(secs(40));
    ask().await.expect("the second code, once the interval has passed");
    world.advance(secs(RESEND_SECS));
    ask().await.expect("the third");

    // Three in the hour: the next is refused until the first is an hour old, whatever the interval.
    world.advance(secs(RESEND_SECS));
    let capped = ask().await.expect_err("a fourth within the hour");
    assert_eq!((capped.status().as_u16(), capped.retry_after()), (429, Some(3600 / u64::from(PER_HOUR))));
    world.advance(secs(3600 - 3 * RESEND_SECS) - Duration::from_millis(1));
    assert_eq!(ask().await.expect_err("a millisecond before the hour").status(), 429);
    world.advance(Duration::from_millis(1));
    ask().await.expect("an hour after the first code, it no longer counts");

    // Another client is held to its own interval, not this one's.
    let other = IpAddr::V4(Ipv4Addr::new(198, 51, 100, 9));
    world.advance(secs(1));
    let again = login::request_code(ctx, &address, ip).await.expect_err("this client, a second later");
    assert_eq!((again.status().as_u16(), again.retry_after()), (429, Some(RESEND_SECS - 1)));
    login::request_code(ctx, &address, other).await.expect("another client, the same second");
}
