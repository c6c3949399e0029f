//! Reports and moderation against a real server: members report what they may see; only
//! moderators and admins read the queue and act; a takedown keeps the item stored but takes
//! it out of every listing, search, feed and recommendation, stops its playback tokens and
//! its page for everyone but its owner, who sees the reason and appeals once; a suspension
//! stops the account's sessions and tokens at once; every action is audited, the reporters
//! learn the outcome, and the webhooks hear of it, once. Beside it, with a context of its
//! own on each backend: a moderator acts on an item that is reported or that it may see,
//! never on an admin's or another moderator's, and only an admin deletes one for good; every
//! refusal is audited.

// suite: backends

use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};

use reel_base::config::Secret;
use reel_base::db::comments::NewComment;
use reel_base::db::users::UserRecord;
use reel_base::domain::{CommentId, Role, UserId, VideoId, Visibility};
use reel_core::auth::Scope;
use reel_core::community::moderation;
use reel_core::community::reports::{self, NewReport};
use reel_core::integrations::webhooks::{self, NewEndpoint, Owner};

use crate::common::in_process::InProcess;
use crate::common::{assert_api_error, eventually, make_clip, postgres_database, TestServer};
use crate::community::{call, json_of};
use crate::webhooks::Receiver;

const CLIP: &[&str] = &["testsrc2=size=160x120:rate=10", "sine"];

async fn upload(server: &TestServer, token: &str, title: &str) -> String {
    let clip = make_clip(server.dir.path(), &format!("{title}.mp4"), CLIP, 2.0, &["-shortest"]);
    let form = reqwest::multipart::Form::new()
        .text("title", title.to_string())
        .text("visibility", "public")
        .part("file", reqwest::multipart::Part::bytes(std::fs::read(&clip).unwrap()).file_name("c.mp4"));
    let r = server.http().post(format!("{}/api/v1/videos", server.base)).bearer_auth(token).multipart(form).send().await.unwrap();
    let id = json_of(r, 201).await["id"].as_str().unwrap().to_string();
    server.wait_for(&id, &["ready"], Duration::from_secs(120)).await;
    id
}

fn ids(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|v| v["id"].as_str().unwrap_or_default().to_string()).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn reports_reach_moderators_who_take_down_restore_delete_hide_and_suspend_with_everyone_told() {
    let (receiver, hooks) = Receiver::start().await;
    let server =
        TestServer::start_with(&[("REEL__AUTH__ALLOW_PUBLIC_VIDEOS", "true"), ("REEL__WEBHOOKS__ALLOW_PRIVATE_ADDRESSES", "true")]);
    let (get, post, delete, patch) = (Method::GET, Method::POST, Method::DELETE, Method::PATCH);
    for (email, role) in [
        ("owner@example.org", "creator"),
        ("alice@example.org", "viewer"),
        ("bob@example.org", "viewer"),
        ("mod@example.org", "moderator"),
        ("mod2@example.org", "moderator"),
    ] {
        let name = email.split('@').next().unwrap();
        server.cli(&["user", "create", "--email", email, "--role", role, "--name", name]);
    }
    let token = |email: &str| server.cli(&["token", "create", "--name", "t", "--user", email]).trim().to_string();
    let (owner, alice, bob, moderator, admin) =
        (token("owner@example.org"), token("alice@example.org"), token("bob@example.org"), token("mod@example.org"), server.token.clone());
    let me = |tok: String| {
        let server = &server;
        async move { json_of(call(server, &tok, Method::GET, "/me", None).await, 200).await }
    };
    let (bob_id, mod2_id) = (me(bob.clone()).await["user"]["id"].as_str().unwrap().to_string(), {
        let t = token("mod2@example.org");
        me(t).await["user"]["id"].as_str().unwrap().to_string()
    });
    let admin_id = me(admin.clone()).await["user"]["id"].as_str().unwrap().to_string();
    let hook = |who: &str, events: Value| json!({ "url": format!("{hooks}/hook?who={who}"), "events": events });
    let events = json!(["report.created", "video.taken_down", "video.restored", "account.suspended"]);
    json_of(call(&server, &admin, post.clone(), "/webhooks", Some(hook("admin", events))).await, 201).await;
    json_of(
        call(&server, &owner, post.clone(), "/webhooks", Some(hook("owner", json!(["video.taken_down", "video.restored"])))).await,
        201,
    )
    .await;

    let item = upload(&server, &owner, "Harbour lights").await;
    let other = upload(&server, &owner, "Second item").await;
    // Alice may play it: the URL she was handed works, until the item is taken down.
    let seen = json_of(call(&server, &alice, get.clone(), &format!("/videos/{item}"), None).await, 200).await;
    let master = seen["playback"]["hls"].as_str().expect("a playback URL").to_string();
    assert_eq!(server.http().get(&master).send().await.unwrap().status(), 200);
    // Both items watched together, so each is up next after the other.
    for who in [&alice, &bob] {
        for id in [&item, &other] {
            let r = call(&server, who, Method::PUT, &format!("/videos/{id}/progress"), Some(json!({"position_s": 1.0}))).await;
            assert_eq!(r.status(), 204);
        }
    }
    server.cli(&["recommend"]);
    let up_next = json_of(call(&server, &alice, get.clone(), &format!("/videos/{other}/recommendations"), None).await, 200).await;
    assert!(ids(&up_next).contains(&item), "{up_next}");

    // Reports: what the reporter may see, once each, never their own.
    let comment =
        json_of(call(&server, &bob, post.clone(), &format!("/videos/{item}/comments"), Some(json!({"body": "rude words"}))).await, 201)
            .await;
    let comment_id = comment["id"].as_str().unwrap().to_string();
    let report = async |tok: &str, kind: &str, id: &str, reason: &str| {
        call(&server, tok, post.clone(), "/reports", Some(json!({ "target_type": kind, "target_id": id, "reason": reason }))).await
    };
    let on_item = json_of(report(&alice, "video", &item, "Not theirs to post").await, 201).await;
    assert_eq!((on_item["status"].as_str(), on_item["excerpt"].as_str()), (Some("open"), Some("Harbour lights")));
    assert!(on_item.get("reporter_id").is_none(), "a reporter's own view does not name them");
    assert_api_error(report(&alice, "video", &item, "again").await, 409, "already-reported").await;
    assert_api_error(report(&owner, "video", &item, "mine").await, 409, "own-item").await;
    assert_api_error(report(&alice, "playlist", &item, "x").await, 400, "invalid-target").await;
    assert_api_error(report(&alice, "video", &item, " ").await, 400, "invalid-text").await;
    json_of(report(&alice, "comment", &comment_id, "Insulting").await, 201).await;
    json_of(report(&alice, "account", &bob_id, "Harasses people").await, 201).await;
    json_of(report(&bob, "video", &other, "Boring").await, 201).await;
    let created = receiver.wait("admin", "report.created").await.event();
    assert!(created["data"]["target_type"].is_string());

    // The queue is for moderators and admins; a moderator has no other admin right.
    assert_api_error(call(&server, &alice, get.clone(), "/admin/reports", None).await, 403, "forbidden").await;
    let queue = json_of(call(&server, &moderator, get.clone(), "/admin/reports", None).await, 200).await;
    assert_eq!(queue["open"], 4, "{queue}");
    assert!(queue["items"][0]["reporter_id"].is_string(), "moderators see who reported");
    let r = call(&server, &moderator, patch.clone(), &format!("/admin/users/{bob_id}"), Some(json!({"role": "admin"}))).await;
    assert_eq!(r.status(), 403);
    assert_eq!(call(&server, &moderator, get.clone(), "/admin/audit", None).await.status(), 403);

    // A takedown: stored, but gone from every list and player, for all but its owner.
    let takedown = async |tok: &str, reason: &str| {
        call(&server, tok, post.clone(), &format!("/admin/videos/{item}/takedown"), Some(json!({"reason": reason}))).await
    };
    assert_api_error(takedown(&alice, "no").await, 403, "insufficient-scope").await;
    assert_eq!(takedown(&moderator, "Copyright claim by the rights holder").await.status(), 204);
    assert_api_error(takedown(&moderator, "again").await, 409, "taken-down").await;
    assert_api_error(call(&server, &alice, get.clone(), &format!("/videos/{item}"), None).await, 404, "not-found").await;
    assert!(!ids(&json_of(call(&server, &alice, get.clone(), "/videos", None).await, 200).await).contains(&item));
    assert!(!ids(&json_of(call(&server, &alice, get.clone(), "/videos?q=harbour", None).await, 200).await).contains(&item));
    let anonymous = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let feed = anonymous.get(format!("{}/c/owner/feed.xml", server.base)).send().await.unwrap().text().await.unwrap();
    assert!(!feed.contains("Harbour lights") && feed.contains("Second item"), "{feed}");
    let page = anonymous.get(format!("{}/watch/{item}", server.base)).send().await.unwrap();
    assert_ne!(page.status(), 200, "a taken-down item's page opened for someone signed out");
    eventually(Duration::from_secs(10), "the playback URL handed out before refused", || async {
        server.http().get(&master).send().await.unwrap().status() == 403
    })
    .await;
    let up_next = json_of(call(&server, &alice, get.clone(), &format!("/videos/{other}/recommendations"), None).await, 200).await;
    assert!(!ids(&up_next).contains(&item), "a taken-down item is recommended: {up_next}");
    let theirs = json_of(call(&server, &owner, get.clone(), &format!("/videos/{item}"), None).await, 200).await;
    assert_eq!(theirs["takedown"]["reason"], "Copyright claim by the rights holder", "{theirs}");
    assert!(theirs["playback"].is_null(), "a taken-down item plays for no one");
    let told = json_of(call(&server, &owner, get.clone(), "/notifications", None).await, 200).await;
    assert_eq!(
        (told["items"][0]["kind"].as_str(), told["items"][0]["moderation"]["text"].as_str()),
        (Some("takedown"), Some("Copyright claim by the rights holder"))
    );
    let told = json_of(call(&server, &alice, get.clone(), "/notifications", None).await, 200).await;
    let outcome = told["items"].as_array().unwrap().iter().find(|n| n["kind"] == "report").cloned().expect("a report's outcome");
    assert!(outcome["moderation"]["text"].as_str().unwrap().contains("taken down"), "{outcome}");
    let hooked = receiver.wait("owner", "video.taken_down").await.event();
    assert_eq!(hooked["data"]["takedown_reason"], "Copyright claim by the rights holder");

    // The owner appeals, once; the appeal is granted and the item is back for everyone.
    let appeal =
        async |msg: &str| call(&server, &owner, post.clone(), &format!("/videos/{item}/appeal"), Some(json!({"message": msg}))).await;
    assert_api_error(
        call(&server, &alice, post.clone(), &format!("/videos/{item}/appeal"), Some(json!({"message": "x"}))).await,
        403,
        "insufficient-scope",
    )
    .await;
    let appealed = json_of(appeal("I own the rights; here is the licence.").await, 201).await;
    assert_eq!(appealed["kind"], "appeal");
    assert_api_error(appeal("Please!").await, 409, "already-appealed").await;
    let queue = json_of(call(&server, &moderator, get.clone(), "/admin/reports", None).await, 200).await;
    assert!(queue["items"].as_array().unwrap().iter().any(|r| r["kind"] == "appeal"), "{queue}");
    assert_eq!(call(&server, &moderator, post.clone(), &format!("/admin/videos/{item}/restore"), None).await.status(), 204);
    assert_eq!(json_of(call(&server, &alice, get.clone(), &format!("/videos/{item}"), None).await, 200).await["title"], "Harbour lights");
    let mine = json_of(call(&server, &owner, get.clone(), "/reports", None).await, 200).await;
    assert_eq!((mine[0]["status"].as_str(), mine[0]["outcome"].as_str()), (Some("actioned"), Some("The item was restored.")));
    receiver.wait("owner", "video.restored").await;

    // A reported comment hidden; the reporter told.
    assert_eq!(call(&server, &moderator, post.clone(), &format!("/admin/comments/{comment_id}/hide"), None).await.status(), 204);
    let thread = json_of(call(&server, &alice, get.clone(), &format!("/videos/{item}/comments"), None).await, 200).await;
    assert!(!thread.to_string().contains("rude words"), "{thread}");

    // Suspension: Bob's session and token stop at once; a moderator cannot suspend an admin or
    // another moderator; lifted, the token works again.
    let session = crate::pages::sign_in(&server, "bob@example.org").await;
    assert_eq!(session.get(&server, "/api/v1/me").await.status(), 200);
    let suspend = async |tok: &str, id: &str| {
        call(&server, tok, post.clone(), &format!("/admin/users/{id}/suspension"), Some(json!({"days": 3, "reason": "Harassment"}))).await
    };
    assert_api_error(suspend(&moderator, &admin_id).await, 403, "forbidden").await;
    assert_api_error(suspend(&moderator, &mod2_id).await, 403, "forbidden").await;
    let until = json_of(suspend(&moderator, &bob_id).await, 200).await;
    assert!(until["until"].is_string());
    assert_api_error(call(&server, &bob, get.clone(), "/me", None).await, 403, "account-suspended").await;
    assert_eq!(session.get(&server, "/api/v1/me").await.status(), 401, "the session still works");
    let event = receiver.wait("admin", "account.suspended").await.event();
    assert_eq!(event["data"]["reason"], "Harassment");
    assert_eq!(call(&server, &admin, delete.clone(), &format!("/admin/users/{bob_id}/suspension"), None).await.status(), 204);
    assert_eq!(call(&server, &bob, get.clone(), "/me", None).await.status(), 200);

    // Deleting for good is an admin's: the moderator is refused, the admin deletes it; Bob,
    // who reported it, learns so.
    assert_api_error(call(&server, &moderator, delete.clone(), &format!("/admin/videos/{other}"), None).await, 403, "forbidden").await;
    assert_eq!(json_of(call(&server, &owner, get.clone(), &format!("/videos/{other}"), None).await, 200).await["title"], "Second item");
    assert_eq!(call(&server, &admin, delete.clone(), &format!("/admin/videos/{other}"), None).await.status(), 204);
    assert_api_error(call(&server, &owner, get.clone(), &format!("/videos/{other}"), None).await, 404, "not-found").await;
    let bobs = json_of(call(&server, &bob, get.clone(), "/reports", None).await, 200).await;
    assert_eq!(bobs[0]["outcome"], "The item was deleted.");

    // Dismissed with a note: the reporter reads it. Nothing is left open.
    json_of(report(&alice, "account", &admin_id, "Testing the queue").await, 201).await;
    let queue = json_of(call(&server, &moderator, get.clone(), "/admin/reports", None).await, 200).await;
    let last = queue["items"][0]["id"].as_str().unwrap().to_string();
    let r =
        call(&server, &moderator, post.clone(), &format!("/admin/reports/{last}/dismiss"), Some(json!({"note": "Not against the rules"})))
            .await;
    assert_eq!(r.status(), 204);
    let theirs = json_of(call(&server, &alice, get.clone(), "/reports", None).await, 200).await;
    assert_eq!(theirs[0]["outcome"], "No action was taken: Not against the rules");
    // Their page tells it in their language; the moderator's own words stay as written.
    let french = crate::pages::sign_in(&server, "alice@example.org").await.page(&server, "/reports?lang=fr").await;
    assert!(french.contains("Aucune mesure n’a été prise : Not against the rules"), "{french}");
    assert_eq!(json_of(call(&server, &moderator, get.clone(), "/admin/reports", None).await, 200).await["open"], 0);

    // Every action and every refusal is in the audit log, by the one who took or tried it.
    let audit = json_of(call(&server, &admin, get.clone(), "/admin/audit?limit=100", None).await, 200).await.to_string();
    for action in [
        "video.taken_down",
        "video.restored",
        "comment.hidden",
        "account.suspended",
        "account.unsuspended",
        "video.deleted_by_moderator",
        "video.delete_refused",
        "report.dismissed",
    ] {
        assert!(audit.contains(action), "{action} is not in the audit log: {audit}");
    }
}

/// A context of its own on the database this pass runs on (SQLite, or a fresh PostgreSQL one
/// on the backends pass): the rules below need no server, only the records.
async fn in_process() -> InProcess {
    InProcess::start_with(|c| {
        c.webhooks.allow_private_addresses = true;
        if let Some(url) = postgres_database() {
            c.database.url = Secret::new(url);
        }
    })
    .await
}

/// An item `owner` uploaded, as its row is once the upload completes.
async fn item_of(t: &InProcess, owner: &UserRecord, visibility: Visibility) -> VideoId {
    crate::common::items::item_row(&t.ctx.db, owner.id, "a clip", visibility).await
}

/// The audit log's events with `action`, oldest first, as (actor, target, detail's English).
async fn audited(t: &InProcess, action: &str) -> Vec<(Option<UserId>, Option<String>, Option<String>)> {
    let all = reel_base::db::audit::recent(&t.ctx.db, 500, None).await.unwrap();
    all.into_iter().rev().filter(|r| r.action == action).map(|r| (r.actor, r.target, r.detail.map(|d| d.english()))).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_moderator_acts_on_what_is_reported_or_visible_never_on_staff_items_and_never_deletes_for_good() {
    let t = in_process().await;
    let admin = t.account("admin@example.org", Role::Admin).await;
    let moderator = t.account("mod@example.org", Role::Moderator).await;
    let other_moderator = t.account("mod2@example.org", Role::Moderator).await;
    let creator = t.account("maker@example.org", Role::Creator).await;
    let viewer = t.account("viewer@example.org", Role::Viewer).await;
    let (as_admin, as_moderator, as_viewer) = (
        t.caller(&admin, &[Scope::Read, Scope::Admin]).await,
        t.caller(&moderator, &[Scope::Read, Scope::Moderate]).await,
        t.caller(&viewer, &[Scope::Read]).await,
    );
    let status = |r: Result<(), reel_core::platform::problem::Problem>| r.err().map(|p| (p.status().as_u16(), p.code()));
    let exists = async |id: VideoId| reel_base::db::videos::get(&t.ctx.db, id).await.unwrap().is_some();

    // A private item no one reported: the moderator cannot see it, so it is not there for them,
    // as an item that never was; it stays as it was.
    let unseen = item_of(&t, &creator, Visibility::Private).await;
    let nowhere = VideoId::new().to_string();
    let not_found = Some((404, "not-found"));
    assert_eq!(status(moderation::take_down(&t.ctx, &as_moderator, &nowhere, "spam").await), not_found);
    assert_eq!(status(moderation::take_down(&t.ctx, &as_moderator, &unseen.to_string(), "spam").await), not_found);
    assert_eq!(status(moderation::delete_item(&t.ctx, &as_moderator, &unseen.to_string()).await), not_found);
    let kept = reel_base::db::videos::get(&t.ctx.db, unseen).await.unwrap().expect("the unseen item is still there");
    assert!(kept.taken_down_at.is_none(), "the unseen item was taken down");

    // Reported, it is the moderator's to judge, though they still cannot see it (an admin may
    // see and report a private item): to take down, but not to delete for good, an admin's power.
    let report = NewReport { target_type: "video".into(), target_id: unseen.to_string(), reason: "Not theirs".into() };
    reports::report(&t.ctx, &as_admin, report).await.unwrap();
    assert_eq!(status(moderation::delete_item(&t.ctx, &as_moderator, &unseen.to_string()).await), Some((403, "forbidden")));
    moderation::take_down(&t.ctx, &as_moderator, &unseen.to_string(), "Not the uploader's").await.unwrap();
    // Its report settled and nothing else open about it, it is out of their sight again.
    assert_eq!(status(moderation::restore(&t.ctx, &as_moderator, &unseen.to_string()).await), not_found);

    // A public item is theirs to take down without a report, and to restore; not to delete.
    let seen = item_of(&t, &creator, Visibility::Public).await;
    moderation::take_down(&t.ctx, &as_moderator, &seen.to_string(), "spam").await.unwrap();
    moderation::restore(&t.ctx, &as_moderator, &seen.to_string()).await.unwrap();
    assert_eq!(status(moderation::delete_item(&t.ctx, &as_moderator, &seen.to_string()).await), Some((403, "forbidden")));
    assert!(exists(seen).await && exists(unseen).await, "a moderator deleted an item for good");

    // An admin's item, and another moderator's, are not a moderator's to act on, even reported;
    // an admin's they may see, so they are told no, not "not found".
    let admins = item_of(&t, &admin, Visibility::Public).await;
    let moderators = item_of(&t, &other_moderator, Visibility::Members).await;
    for staff in [admins, moderators] {
        let report = NewReport { target_type: "video".into(), target_id: staff.to_string(), reason: "Rude".into() };
        reports::report(&t.ctx, &as_viewer, report).await.unwrap();
        let id = staff.to_string();
        assert_eq!(status(moderation::take_down(&t.ctx, &as_moderator, &id, "rude").await), Some((403, "forbidden")));
        assert_eq!(status(moderation::delete_item(&t.ctx, &as_moderator, &id).await), Some((403, "forbidden")));
        assert!(reel_base::db::videos::get(&t.ctx.db, staff).await.unwrap().is_some_and(|v| v.taken_down_at.is_none()));
    }
    // A viewer acts on nothing.
    assert_eq!(status(moderation::take_down(&t.ctx, &as_viewer, &seen.to_string(), "x").await), Some((403, "forbidden")));

    // An admin acts on any of them, and deletes for good.
    moderation::take_down(&t.ctx, &as_admin, &moderators.to_string(), "rude").await.unwrap();
    moderation::delete_item(&t.ctx, &as_admin, &seen.to_string()).await.unwrap();
    assert!(!exists(seen).await);

    // Every refusal is audited: who tried what, on which item, and why; every action too.
    let (by_moderator, by_viewer) = (Some(moderator.id), Some(viewer.id));
    let target = |id: VideoId| Some(format!("video:{id}"));
    let refused_takedowns = audited(&t, "video.take_down_refused").await;
    let who_what: Vec<_> = refused_takedowns.iter().map(|(actor, target, _)| (*actor, target.clone())).collect();
    assert_eq!(
        who_what,
        [(by_moderator, target(unseen)), (by_moderator, target(admins)), (by_moderator, target(moderators)), (by_viewer, target(seen))],
        "{refused_takedowns:?}"
    );
    let why: Vec<_> = refused_takedowns.iter().map(|(_, _, detail)| detail.clone().unwrap_or_default()).collect();
    assert!(why[0].contains("neither reported nor") && why[1].contains("admin") && why[3].contains("moderate"), "{why:?}");
    let refused_deletions = audited(&t, "video.delete_refused").await;
    let targets: Vec<_> = refused_deletions.iter().map(|(_, target, _)| target.clone()).collect();
    assert_eq!(targets, [target(unseen), target(unseen), target(seen), target(admins), target(moderators)], "{refused_deletions:?}");
    assert!(refused_deletions.iter().all(|(actor, _, detail)| *actor == by_moderator && detail.is_some()));
    assert!(refused_deletions[1].2.as_deref().unwrap().contains("only an admin"), "{refused_deletions:?}");
    let refused_restores: Vec<_> = audited(&t, "video.restore_refused").await.into_iter().map(|(a, t, _)| (a, t)).collect();
    assert_eq!(refused_restores, [(by_moderator, target(unseen))]);
    let takedowns: Vec<_> = audited(&t, "video.taken_down").await.into_iter().map(|(actor, target, _)| (actor, target)).collect();
    assert_eq!(takedowns, [(by_moderator, target(unseen)), (by_moderator, target(seen)), (Some(admin.id), target(moderators))]);
    assert_eq!(audited(&t, "video.deleted_by_moderator").await.len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deletion_through_moderation_is_announced_once() {
    let t = in_process().await;
    let admin = t.account("admin@example.org", Role::Admin).await;
    let creator = t.account("maker@example.org", Role::Creator).await;
    let owner = Owner { id: creator.id, admin: false };
    let endpoint =
        NewEndpoint { url: "http://127.0.0.1:9/hook".into(), events: vec!["video.deleted".into()], secret: None, description: None };
    let hook = webhooks::register(&t.ctx, owner, endpoint).await.unwrap();
    let item = item_of(&t, &creator, Visibility::Public).await;
    let as_admin = t.caller(&admin, &[Scope::Read, Scope::Admin]).await;
    moderation::delete_item(&t.ctx, &as_admin, &item.to_string()).await.unwrap();

    let sent = webhooks::deliveries(&t.ctx, owner, &hook.endpoint.id.to_string(), 10, None).await.unwrap();
    let events: Vec<_> = sent.items.iter().map(|d| (d.event.as_str(), d.payload["data"]["id"].as_str())).collect();
    assert_eq!(events, [("video.deleted", Some(item.to_string().as_str()))], "one delivery, one delivery id");
}

/// A comment by `writer` on `item`, as stored.
async fn comment_of(t: &InProcess, item: VideoId, writer: &UserRecord) -> CommentId {
    let id = CommentId::new();
    let new = NewComment { id, video_id: item, user_id: writer.id, parent_id: None, body: "words" };
    assert!(reel_base::db::comments::insert(&t.ctx.db, &new).await.unwrap());
    id
}

#[tokio::test(flavor = "multi_thread")]
async fn a_moderator_hides_or_deletes_a_comment_that_is_reported_or_visible_never_a_staff_members() {
    let t = in_process().await;
    let admin = t.account("admin@example.org", Role::Admin).await;
    let moderator = t.account("mod@example.org", Role::Moderator).await;
    let other_moderator = t.account("mod2@example.org", Role::Moderator).await;
    let creator = t.account("maker@example.org", Role::Creator).await;
    let viewer = t.account("viewer@example.org", Role::Viewer).await;
    let (as_admin, as_moderator, as_viewer) = (
        t.caller(&admin, &[Scope::Read, Scope::Admin]).await,
        t.caller(&moderator, &[Scope::Read, Scope::Moderate]).await,
        t.caller(&viewer, &[Scope::Read]).await,
    );
    let status = |r: Result<(), reel_core::platform::problem::Problem>| r.err().map(|p| (p.status().as_u16(), p.code()));
    let stored = async |id: CommentId| reel_base::db::comments::get(&t.ctx.db, id).await.unwrap().expect("the comment is stored");
    let not_found = Some((404, "not-found"));

    // A comment on a private item no one reported: for the moderator it is not there, as one
    // that never was; it stays as it was.
    let private = item_of(&t, &creator, Visibility::Private).await;
    let unseen = comment_of(&t, private, &creator).await;
    let nowhere = CommentId::new().to_string();
    assert_eq!(status(moderation::hide_comment(&t.ctx, &as_moderator, &nowhere).await), not_found);
    assert_eq!(status(moderation::hide_comment(&t.ctx, &as_moderator, &unseen.to_string()).await), not_found);
    assert_eq!(status(moderation::delete_comment(&t.ctx, &as_moderator, &unseen.to_string()).await), not_found);
    let kept = stored(unseen).await;
    assert!(kept.hidden_at.is_none() && kept.deleted_at.is_none(), "the unseen comment was acted on");
    // Nor does the moderator see the hidden comments of that item, as they do of one they may
    // see; its owner and an admin do.
    let record = async |id: VideoId| reel_base::db::videos::get(&t.ctx.db, id).await.unwrap().unwrap();
    let public = item_of(&t, &creator, Visibility::Public).await;
    assert!(!moderation::moderates_item(&t.ctx, &as_moderator, &record(private).await).await.unwrap());
    assert!(moderation::moderates_item(&t.ctx, &as_moderator, &record(public).await).await.unwrap());
    assert!(moderation::moderates_item(&t.ctx, &as_admin, &record(private).await).await.unwrap());

    // Reported, it is the moderator's to judge though they cannot see its item; settled, it is
    // out of their sight again.
    let report = NewReport { target_type: "comment".into(), target_id: unseen.to_string(), reason: "Rude".into() };
    reports::report(&t.ctx, &as_admin, report).await.unwrap();
    moderation::hide_comment(&t.ctx, &as_moderator, &unseen.to_string()).await.unwrap();
    assert!(stored(unseen).await.hidden_at.is_some());
    assert_eq!(status(moderation::delete_comment(&t.ctx, &as_moderator, &unseen.to_string()).await), not_found);
    assert!(stored(unseen).await.deleted_at.is_none());

    // A viewer's comment on a public item is theirs to hide or delete without a report.
    let seen = comment_of(&t, public, &viewer).await;
    moderation::hide_comment(&t.ctx, &as_moderator, &seen.to_string()).await.unwrap();
    moderation::delete_comment(&t.ctx, &as_moderator, &seen.to_string()).await.unwrap();
    assert!(stored(seen).await.deleted_at.is_some());

    // An admin's comment, and another moderator's, are not a moderator's to act on, even
    // reported: they are told no, not "not found".
    let admins = comment_of(&t, public, &admin).await;
    let moderators = comment_of(&t, public, &other_moderator).await;
    for staff in [admins, moderators] {
        let report = NewReport { target_type: "comment".into(), target_id: staff.to_string(), reason: "Rude".into() };
        reports::report(&t.ctx, &as_viewer, report).await.unwrap();
        let id = staff.to_string();
        assert_eq!(status(moderation::hide_comment(&t.ctx, &as_moderator, &id).await), Some((403, "forbidden")));
        assert_eq!(status(moderation::delete_comment(&t.ctx, &as_moderator, &id).await), Some((403, "forbidden")));
        let kept = stored(staff).await;
        assert!(kept.hidden_at.is_none() && kept.deleted_at.is_none(), "a staff member's comment was acted on");
    }
    // A viewer acts on no comment through moderation.
    let another = comment_of(&t, public, &creator).await;
    assert_eq!(status(moderation::hide_comment(&t.ctx, &as_viewer, &another.to_string()).await), Some((403, "forbidden")));
    // An admin acts on any.
    moderation::hide_comment(&t.ctx, &as_admin, &moderators.to_string()).await.unwrap();
    moderation::delete_comment(&t.ctx, &as_admin, &unseen.to_string()).await.unwrap();
    assert!(stored(moderators).await.hidden_at.is_some() && stored(unseen).await.deleted_at.is_some());

    // Every refusal is audited: who tried what, on which comment, and why; every action too.
    let (by_moderator, by_viewer) = (Some(moderator.id), Some(viewer.id));
    let target = |id: CommentId| Some(format!("comment:{id}"));
    let refused_hides = audited(&t, "comment.hide_refused").await;
    let who_what: Vec<_> = refused_hides.iter().map(|(actor, target, _)| (*actor, target.clone())).collect();
    assert_eq!(
        who_what,
        [(by_moderator, target(unseen)), (by_moderator, target(admins)), (by_moderator, target(moderators)), (by_viewer, target(another))],
        "{refused_hides:?}"
    );
    let why: Vec<_> = refused_hides.iter().map(|(_, _, detail)| detail.clone().unwrap_or_default()).collect();
    assert!(why[0].contains("neither reported nor") && why[1].contains("admin") && why[3].contains("moderate"), "{why:?}");
    let refused_deletions: Vec<_> = audited(&t, "comment.delete_refused").await.into_iter().map(|(a, t, _)| (a, t)).collect();
    assert_eq!(
        refused_deletions,
        [
            (by_moderator, target(unseen)),
            (by_moderator, target(unseen)),
            (by_moderator, target(admins)),
            (by_moderator, target(moderators))
        ]
    );
    assert_eq!(audited(&t, "comment.hidden").await.len(), 3);
    assert_eq!(audited(&t, "comment.deleted").await.len(), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_moderator_suspends_an_account_something_of_which_is_reported_never_a_staff_members() {
    let t = in_process().await;
    let admin = t.account("admin@example.org", Role::Admin).await;
    let moderator = t.account("mod@example.org", Role::Moderator).await;
    let other_moderator = t.account("mod2@example.org", Role::Moderator).await;
    let creator = t.account("maker@example.org", Role::Creator).await;
    let writer = t.account("writer@example.org", Role::Viewer).await;
    let named = t.account("named@example.org", Role::Viewer).await;
    let quiet = t.account("quiet@example.org", Role::Viewer).await;
    let (as_admin, as_moderator, as_viewer) = (
        t.caller(&admin, &[Scope::Read, Scope::Admin]).await,
        t.caller(&moderator, &[Scope::Read, Scope::Moderate]).await,
        t.caller(&quiet, &[Scope::Read]).await,
    );
    let status = |r: Result<(), reel_core::platform::problem::Problem>| r.err().map(|p| (p.status().as_u16(), p.code()));
    let days = || moderation::Suspension { days: 3, reason: "Spam".into() };
    let suspend = async |caller: &reel_core::auth::Caller, who: &UserRecord| {
        status(moderation::suspend(&t.ctx, caller, &who.id.to_string(), &days()).await.map(|_| ()))
    };
    let suspended =
        async |who: &UserRecord| reel_base::db::users::by_id(&t.ctx.db, who.id).await.unwrap().unwrap().suspended_until.is_some();
    let forbidden = Some((403, "forbidden"));

    // Nothing of theirs reported: not a moderator's to suspend.
    assert_eq!(suspend(&as_moderator, &quiet).await, forbidden);
    assert!(!suspended(&quiet).await);
    // Staff are never a moderator's to suspend, reported or not; nor is their own account.
    let report = NewReport { target_type: "account".into(), target_id: other_moderator.id.to_string(), reason: "Rude".into() };
    reports::report(&t.ctx, &as_viewer, report).await.unwrap();
    assert_eq!(suspend(&as_moderator, &admin).await, forbidden);
    assert_eq!(suspend(&as_moderator, &other_moderator).await, forbidden);
    assert_eq!(suspend(&as_moderator, &moderator).await, Some((409, "own-account")));
    assert!(!suspended(&other_moderator).await && !suspended(&admin).await);

    // The account reported, or an item or a comment of it: the moderator suspends it.
    let item = item_of(&t, &creator, Visibility::Public).await;
    let comment = comment_of(&t, item, &writer).await;
    for (kind, id) in [("video", item.to_string()), ("comment", comment.to_string()), ("account", named.id.to_string())] {
        reports::report(&t.ctx, &as_viewer, NewReport { target_type: kind.into(), target_id: id, reason: "Spam".into() }).await.unwrap();
    }
    for account in [&creator, &writer, &named] {
        assert_eq!(suspend(&as_moderator, account).await, None);
        assert!(suspended(account).await);
    }
    // A suspension is a moderator's to lift early (they see it in the list), a staff member's not.
    moderation::lift_suspension(&t.ctx, &as_moderator, &writer.id.to_string()).await.unwrap();
    assert!(!suspended(&writer).await);
    assert_eq!(suspend(&as_admin, &other_moderator).await, None);
    let lift = moderation::lift_suspension(&t.ctx, &as_moderator, &other_moderator.id.to_string()).await;
    assert_eq!(status(lift), forbidden);
    assert!(suspended(&other_moderator).await);
    // A viewer suspends no one; an admin suspends anyone but an admin.
    assert_eq!(suspend(&as_viewer, &named).await, forbidden);
    assert_eq!(suspend(&as_admin, &quiet).await, None);

    // Every refusal is audited: who tried what, on which account, and why.
    let (by_moderator, by_viewer) = (Some(moderator.id), Some(quiet.id));
    let target = |who: &UserRecord| Some(format!("account:{}", who.id));
    let refused = audited(&t, "account.suspend_refused").await;
    let who_what: Vec<_> = refused.iter().map(|(actor, target, _)| (*actor, target.clone())).collect();
    assert_eq!(
        who_what,
        [
            (by_moderator, target(&quiet)),
            (by_moderator, target(&admin)),
            (by_moderator, target(&other_moderator)),
            (by_moderator, target(&moderator)),
            (by_viewer, target(&named)),
        ],
        "{refused:?}"
    );
    let why: Vec<_> = refused.iter().map(|(_, _, detail)| detail.clone().unwrap_or_default()).collect();
    assert!(why[0].contains("reported") && why[1].contains("admin") && why[3].contains("own") && why[4].contains("moderate"), "{why:?}");
    let refused_lifts: Vec<_> = audited(&t, "account.lift_suspension_refused").await.into_iter().map(|(a, t, _)| (a, t)).collect();
    assert_eq!(refused_lifts, [(by_moderator, target(&other_moderator))]);
    assert_eq!(audited(&t, "account.suspended").await.len(), 5);
    assert_eq!(audited(&t, "account.unsuspended").await.len(), 1);
}
