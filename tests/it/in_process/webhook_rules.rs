//! Webhook events with a context of its own: who receives one (an account event reaches
//! admins' endpoints alone; a suspended creator's endpoints hear nothing until it ends), and a
//! delivery whose next attempt lost its job gets one again when workers start.

use reel_base::db::jobs;
use reel_base::domain::{Role, UploadId};
use reel_core::integrations::webhooks::{self, NewEndpoint, Owner};
use reel_core::platform::jobs::Job;
use reel_core::platform::webhooks::{emit, DeliverWebhook, Event, UploadEventData};

use crate::common::in_process::InProcess;

fn endpoint(events: &[&str]) -> NewEndpoint {
    NewEndpoint {
        url: "http://127.0.0.1:9/hook".into(),
        events: events.iter().map(|e| e.to_string()).collect(),
        secret: None,
        description: None,
    }
}

#[tokio::test]
async fn account_events_reach_admins_alone_and_a_lost_attempt_is_queued_again() {
    let t = InProcess::start_with(|c| c.webhooks.allow_private_addresses = true).await;
    let admin = t.account("admin@example.org", Role::Admin).await;
    let creator = t.account("maker@example.org", Role::Creator).await;
    webhooks::register(&t.ctx, Owner { id: admin.id, admin: true }, endpoint(&["account.created"])).await.unwrap();
    // A creator may not ask for account events at all.
    let refused = webhooks::register(&t.ctx, Owner { id: creator.id, admin: false }, endpoint(&["account.disabled"])).await.unwrap_err();
    assert_eq!(refused.status().as_u16(), 403);
    webhooks::register(&t.ctx, Owner { id: creator.id, admin: false }, endpoint(&["video.ready"])).await.unwrap();

    let newcomer = t.account("new@example.org", Role::Viewer).await;
    assert_eq!(emit(&t.ctx.db, &Event::account("account.created", newcomer.id, Some(Role::Viewer), None)).await.unwrap(), 1);
    let sent = webhooks::list(&t.ctx, Owner { id: admin.id, admin: true }).await.unwrap();
    let page = webhooks::deliveries(&t.ctx, Owner { id: admin.id, admin: true }, &sent[0].id.to_string(), 10, None).await.unwrap();
    assert_eq!(page.items.len(), 1);
    let delivery = page.items[0].id.clone();
    assert_eq!((page.items[0].event.as_str(), page.items[0].state.as_str()), ("account.created", "pending"));
    assert_eq!(page.items[0].payload["data"]["id"], newcomer.id.to_string());

    // Its first attempt is queued: nothing to recover.
    assert_eq!(DeliverWebhook::recover(&t.ctx).await.unwrap(), 0);
    // The job ends without making the attempt (as work whose lease was lost, then cancelled):
    // the delivery is still pending, so workers starting queue it again.
    assert_eq!(jobs::cancel_prefixed(&t.ctx.db, "deliver_webhook:", "lost").await.unwrap(), 1);
    assert_eq!(DeliverWebhook::recover(&t.ctx).await.unwrap(), 1);
    let job = jobs::by_key(&t.ctx.db, &format!("deliver_webhook:{delivery}:1")).await.unwrap().expect("the attempt's job");
    assert_eq!(job.state.as_str(), "queued");
    assert_eq!(DeliverWebhook::recover(&t.ctx).await.unwrap(), 0, "once is enough");

    // Disabled meanwhile, the endpoint is sent nothing: its attempt gives the delivery up.
    let admin_owner = Owner { id: admin.id, admin: true };
    let hook = sent[0].id.to_string();
    let off = webhooks::EndpointChange { enabled: Some(false), ..Default::default() };
    webhooks::change(&t.ctx, admin_owner, &hook, off).await.unwrap();
    DeliverWebhook::first(&delivery).run(&t.ctx).await.unwrap();
    jobs::cancel_prefixed(&t.ctx.db, "deliver_webhook:", "ran by the test").await.unwrap();
    let given_up = webhooks::deliveries(&t.ctx, admin_owner, &hook, 10, None).await.unwrap();
    assert_eq!((given_up.items[0].state.as_str(), given_up.items[0].attempts.len()), ("failed", 0));
    // Enabled again, it can be resent: the ended job of that attempt is queued again as the resend.
    let refused = webhooks::resend(&t.ctx, admin_owner, &hook, &delivery).await.unwrap_err();
    assert_eq!(refused.status().as_u16(), 409, "not while disabled");
    let on = webhooks::EndpointChange { enabled: Some(true), ..Default::default() };
    webhooks::change(&t.ctx, admin_owner, &hook, on).await.unwrap();
    webhooks::resend(&t.ctx, admin_owner, &hook, &delivery).await.unwrap();
    let job = jobs::by_key(&t.ctx.db, &format!("deliver_webhook:{delivery}:1")).await.unwrap().unwrap();
    assert_eq!(job.state.as_str(), "queued");
    assert!(job.payload.contains(r#""resend":true"#), "{}", job.payload);
    // Made (nothing listens on port 9), the attempt is recorded and, a resend, not retried.
    let resend: DeliverWebhook = serde_json::from_str(&job.payload).unwrap();
    resend.run(&t.ctx).await.unwrap();
    let done = webhooks::deliveries(&t.ctx, admin_owner, &hook, 10, None).await.unwrap();
    assert_eq!((done.items[0].state.as_str(), done.items[0].attempts.len()), ("failed", 1));
    assert!(done.items[0].attempts[0].status.is_none(), "no answer came");

    // Kept for a month, then forgotten.
    t.advance(std::time::Duration::from_secs(29 * 86_400));
    assert_eq!(reel_core::platform::webhooks::forget_old(&t.ctx).await.unwrap(), 0);
    t.advance(std::time::Duration::from_secs(2 * 86_400));
    assert_eq!(reel_core::platform::webhooks::forget_old(&t.ctx).await.unwrap(), 1);
    assert!(webhooks::deliveries(&t.ctx, admin_owner, &hook, 10, None).await.unwrap().items.is_empty());
}

#[tokio::test]
async fn a_creator_demoted_to_viewer_stops_receiving_events() {
    let t = InProcess::start_with(|c| c.webhooks.allow_private_addresses = true).await;
    let creator = t.account("maker@example.org", Role::Creator).await;
    webhooks::register(&t.ctx, Owner { id: creator.id, admin: false }, endpoint(&["video.ready"])).await.unwrap();
    let receivers = || reel_base::db::webhooks::receivers(&t.ctx.db, "video.ready", Some(creator.id));
    assert_eq!(receivers().await.unwrap().len(), 1);
    assert!(reel_base::db::webhooks::receivers(&t.ctx.db, "video.failed", Some(creator.id)).await.unwrap().is_empty(), "not subscribed");
    reel_base::db::users::set_role(&t.ctx.db, creator.id, Role::Viewer).await.unwrap();
    assert!(receivers().await.unwrap().is_empty(), "a viewer's endpoint hears nothing");
}

#[tokio::test]
async fn a_suspended_creators_endpoints_hear_nothing_until_the_suspension_ends() {
    let t = InProcess::start_with(|c| c.webhooks.allow_private_addresses = true).await;
    let creator = t.account("maker@example.org", Role::Creator).await;
    webhooks::register(&t.ctx, Owner { id: creator.id, admin: false }, endpoint(&["upload.expired"])).await.unwrap();
    let expired = || Event::upload_expired(UploadEventData { id: UploadId::new(), owner_id: Some(creator.id), length: 10, offset: 1 });
    assert_eq!(emit(&t.ctx.db, &expired()).await.unwrap(), 1);
    let until = t.ctx.clock().now_ms() + 86_400_000;
    reel_base::db::users::set_suspension(&t.ctx.db, creator.id, Some((until, "testing"))).await.unwrap();
    assert_eq!(emit(&t.ctx.db, &expired()).await.unwrap(), 0, "a suspended creator's endpoint was sent an event");
    t.advance(std::time::Duration::from_secs(86_401));
    assert_eq!(emit(&t.ctx.db, &expired()).await.unwrap(), 1, "the suspension is over");
}
