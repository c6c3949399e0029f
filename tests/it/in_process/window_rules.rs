//! Availability windows on a clock the test moves: each edge of a window has its job queued; an
//! item comes into listings when its opening's job runs, and leaves them when its window
//! closes with nothing written (a page the metadata cache kept included); it is in the "coming
//! soon" row for the month before it opens and the "leaving soon" row for the month before it
//! leaves; its owner sees it throughout.

use std::time::Duration;

use reel_base::domain::{Role, VideoId, VideoStatus, Visibility};
use reel_core::auth::Scope;
use reel_core::library::availability::{self, Soon};
use reel_core::library::videos::{self, Audience, EditVideo, Filter};
use reel_core::platform::jobs::Job;
use serde_json::json;

use crate::common::in_process::{InProcess, START};

const DAY: Duration = Duration::from_secs(86_400);

fn rfc3339(ms: i64) -> String {
    reel_base::domain::rfc3339(ms)
}

fn edit(value: serde_json::Value) -> EditVideo {
    serde_json::from_value(value).expect("an edit")
}

async fn ids(world: &InProcess, audience: Audience) -> Vec<VideoId> {
    videos::list(&world.ctx, audience, Filter { watchable: true, ..Filter::default() }, 20, None)
        .await
        .unwrap()
        .iter()
        .map(|v| v.id)
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_window_opens_and_closes_on_the_clock_alone_and_the_rows_follow_it() {
    let world = InProcess::start().await;
    let owner = world.account("owner@example.org", Role::Creator).await;
    let viewer = world.account("viewer@example.org", Role::Viewer).await;
    let maker = world.caller(&owner, &[Scope::Read, Scope::Upload]).await;
    let id = crate::common::items::item_row(&world.ctx.db, owner.id, "Season finale", Visibility::Members).await;
    for to in [VideoStatus::Processing, VideoStatus::Playable, VideoStatus::Ready] {
        assert!(reel_base::db::videos::set_status(&world.ctx.db, id, to, None).await.unwrap());
    }
    let (member, own) = (Audience::Member(viewer.id, None), Audience::Member(owner.id, None));

    // Opens in ten days, closes forty days after that.
    let from = START + 10 * 86_400_000;
    let until = from + 40 * 86_400_000;
    let change = edit(json!({"available_from": rfc3339(from), "available_until": rfc3339(until)}));
    videos::change(&world.ctx, &maker, &id.to_string(), &change).await.expect("the window is saved");
    assert_eq!(ids(&world, member).await, Vec::<VideoId>::new(), "not before it opens");
    assert_eq!(ids(&world, own).await, [id], "its owner sees it all along");
    let coming = availability::soon(&world.ctx, member, Soon::Coming, 8).await.unwrap();
    assert_eq!(coming.iter().map(|v| v.id).collect::<Vec<_>>(), [id], "coming soon, within the month");
    assert!(availability::soon(&world.ctx, member, Soon::Leaving, 8).await.unwrap().is_empty());

    // Each edge has its job queued for when it comes; the day it opens, the worker runs the
    // opening's, which makes every process's listings choose again.
    for at in [from, until] {
        let edge = availability::WindowEdge { video_id: id, at };
        let queued = reel_base::db::jobs::by_key(&world.ctx.db, &edge.dedupe_key()).await.unwrap().expect("the edge's job");
        assert_eq!(queued.run_after, at);
    }
    world.advance(10 * DAY);
    availability::WindowEdge { video_id: id, at: from }.run(&world.ctx).await.unwrap();
    assert_eq!(ids(&world, member).await, [id]);
    assert!(availability::soon(&world.ctx, member, Soon::Coming, 8).await.unwrap().is_empty());
    // Twenty days before it closes: leaving soon, and still listed from the cache.
    world.advance(20 * DAY);
    assert_eq!(ids(&world, member).await, [id]);
    assert_eq!(availability::soon(&world.ctx, member, Soon::Leaving, 8).await.unwrap().iter().map(|v| v.id).collect::<Vec<_>>(), [id]);
    // Closed: gone from the page kept a moment ago, with nothing written in between.
    world.advance(21 * DAY);
    assert_eq!(ids(&world, member).await, Vec::<VideoId>::new());
    assert!(availability::soon(&world.ctx, member, Soon::Leaving, 8).await.unwrap().is_empty());
    let gone = videos::visible(&world.ctx, Some(&world.caller(&viewer, &[Scope::Read]).await), &id.to_string()).await.unwrap_err();
    assert_eq!((gone.status().as_u16(), gone.code()), (410, "no-longer-available"));
    assert_eq!(ids(&world, own).await, [id]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_window_that_ends_before_it_starts_or_a_country_rule_without_a_database_changes_nothing() {
    let world = InProcess::start().await;
    let owner = world.account("owner@example.org", Role::Creator).await;
    let maker = world.caller(&owner, &[Scope::Read, Scope::Upload]).await;
    let id = crate::common::items::item_row(&world.ctx.db, owner.id, "Pilot", Visibility::Members).await;
    let refused = [
        (json!({"available_from": rfc3339(START + 2), "available_until": rfc3339(START + 1)}), "invalid-availability"),
        (json!({"available_until": "31/12/2027"}), "invalid-availability"),
        (json!({"countries": {"allow": ["FR"]}, "title": "Renamed"}), "no-geo-database"),
    ];
    for (body, code) in refused {
        let Err(e) = videos::change(&world.ctx, &maker, &id.to_string(), &edit(body.clone())).await else { panic!("{body} was taken") };
        assert_eq!((e.status().as_u16(), e.code()), (400, code), "{body}");
    }
    let kept = reel_base::db::videos::get(&world.ctx.db, id).await.unwrap().unwrap();
    assert_eq!((kept.title.as_str(), kept.availability), ("Pilot", Default::default()));
}
