//! A plan's grants on the clock: a grant runs one period from now, a renewal while it runs
//! adds a period to its end, one after it ended starts from the day it is made, and each is
//! counted in the month it was paid; a member's limits are the best of the plans running now.

use std::time::Duration;

use reel_base::domain::entitlement::Entitlement;
use reel_base::domain::Role;
use reel_core::audience::plans;
use reel_core::auth::{Actor, Scope};

use crate::common::in_process::{InProcess, START};

const DAY_MS: i64 = 86_400_000;
const MONTH_MS: i64 = 30 * DAY_MS;

#[tokio::test(flavor = "multi_thread")]
async fn a_grant_runs_one_period_a_renewal_adds_to_its_end_and_a_late_one_starts_anew() {
    let world = InProcess::start().await;
    let ctx = &world.ctx;
    let admin = world.account("admin@example.org", Role::Admin).await;
    let viewer = world.account("viewer@example.org", Role::Viewer).await;
    let (admin, viewer) = (world.caller(&admin, &[Scope::Read, Scope::Admin]).await, world.caller(&viewer, &[Scope::Read]).await);
    world.plan("Gold").await;
    let ends = |held: &[plans::Held]| held.iter().map(|h| (h.plan.name.clone(), h.ends_at)).collect::<Vec<_>>();

    let (_, _, first) = plans::grant(ctx, Actor::Caller(&admin), "Gold", "viewer@example.org", 1).await.unwrap();
    assert!(!first.renewed);
    assert_eq!((first.period_start, first.ends_at), (START, START + MONTH_MS), "one period from now");
    assert_eq!(ends(&plans::held(ctx, &viewer).await.unwrap()), [("Gold".to_string(), START + MONTH_MS)]);

    // A millisecond before its end it still runs, and a renewal pays for the period after it.
    world.advance(Duration::from_millis((MONTH_MS - 1) as u64));
    assert_eq!(plans::held(ctx, &viewer).await.unwrap().len(), 1, "held until its very end");
    let (_, _, renewal) = plans::grant(ctx, Actor::Caller(&admin), "Gold", "viewer@example.org", 1).await.unwrap();
    assert!(renewal.renewed);
    assert_eq!((renewal.period_start, renewal.ends_at), (START + MONTH_MS, START + 2 * MONTH_MS), "from the old end on");

    // At its end it is held no more; a grant a day later runs from that day.
    world.advance(Duration::from_millis((MONTH_MS + 1) as u64));
    assert!(plans::held(ctx, &viewer).await.unwrap().is_empty(), "over at its end");
    world.advance(Duration::from_millis(DAY_MS as u64));
    let now = ctx.clock().now_ms();
    assert_eq!(now, START + 2 * MONTH_MS + DAY_MS);
    let (_, _, late) = plans::grant(ctx, Actor::Operator, "Gold", "viewer@example.org", 2).await.unwrap();
    assert!(!late.renewed, "nothing ran to renew");
    assert_eq!((late.period_start, late.ends_at), (now, now + 2 * MONTH_MS), "two periods from the day it was made");

    // Each payment in the month (UTC) it was made: 2027-01-15, 2027-02-14, 2027-03-17.
    let revenue = plans::revenue(ctx, &admin).await.unwrap();
    let months: Vec<(String, i64, i64)> = revenue.iter().map(|r| (r.month.clone(), r.amount_minor, r.payments)).collect();
    assert_eq!(months, [("2027-03".to_string(), 1000, 1), ("2027-02".to_string(), 500, 1), ("2027-01".to_string(), 500, 1)]);
    assert_eq!(plans::revenue(ctx, &viewer).await.unwrap_err().status(), 403, "revenue is for admins");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_members_limits_are_the_best_of_their_running_plans_and_the_sites_once_those_end() {
    let world = InProcess::start_with(|config| {
        config.entitlements.max_streams = 1;
        config.entitlements.max_height = 360;
        config.entitlements.downloads = false;
    })
    .await;
    let ctx = &world.ctx;
    let viewer = world.account("viewer@example.org", Role::Viewer).await;
    let viewer = world.caller(&viewer, &[Scope::Read]).await;
    let limits =
        |streams, devices, height, downloads| Entitlement { max_streams: streams, max_devices: devices, max_height: height, downloads };
    let now = || async { plans::entitlement_of(ctx, &plans::held(ctx, &viewer).await.unwrap()) };
    assert_eq!(now().await, limits(Some(1), None, Some(360), false), "no plan: the site's");

    let hd =
        plans::NewPlan { max_streams: Some(2), max_devices: Some(3), max_height: Some(720), downloads: Some(false), ..world_plan("HD") };
    let offline = plans::NewPlan {
        max_streams: Some(1),
        max_devices: Some(5),
        max_height: Some(480),
        downloads: Some(true),
        ..world_plan("Offline")
    };
    for plan in [&hd, &offline] {
        plans::create(ctx, Actor::Operator, plan).await.unwrap();
    }
    plans::grant(ctx, Actor::Operator, "HD", "viewer@example.org", 1).await.unwrap();
    assert_eq!(now().await, limits(Some(2), Some(3), Some(720), false), "one plan: its own, tighter than the site's or not");
    world.advance(Duration::from_millis(DAY_MS as u64));
    plans::grant(ctx, Actor::Operator, "Offline", "viewer@example.org", 1).await.unwrap();
    assert_eq!(now().await, limits(Some(2), Some(5), Some(720), true), "two: the loosest of each");

    // HD ends a day before Offline does: half a day after HD's end, Offline's alone; then the
    // site's.
    world.advance(Duration::from_millis((MONTH_MS - DAY_MS / 2) as u64));
    assert_eq!(now().await, limits(Some(1), Some(5), Some(480), true), "HD over");
    world.advance(Duration::from_millis(DAY_MS as u64));
    assert_eq!(now().await, limits(Some(1), None, Some(360), false), "both over: the site's again");
}

/// A new plan named `name` at 5.00 EUR a month, to be given limits.
fn world_plan(name: &str) -> plans::NewPlan {
    plans::NewPlan { name: name.into(), price_minor: 500, currency: "EUR".into(), period: "month".into(), ..Default::default() }
}
