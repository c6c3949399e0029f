//! Webhook events with a context of its own: who receives one (an account event reaches
//! admins' endpoints alone), and a delivery whose next attempt lost its job gets one again
//! when workers start.

use reel::db::jobs;
use reel::domain::Role;
use reel::integrations::webhooks::{self, NewEndpoint, Owner};
use reel::platform::jobs::Job;
use reel::platform::webhooks::{emit, DeliverWebhook, Event};

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
}
