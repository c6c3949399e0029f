//! Actions the API had that the pages now offer, posted as a browser posts them (session
//! cookie and CSRF token): processing a ready item again from its edit page, and from the
//! moderation page taking down an item no one reported and lifting a suspension early, each
//! refused to whoever may not.

// suite: backends

use reel_base::db::Db;
use reel_base::domain::{UserId, VideoId, VideoStatus, Visibility};
use reqwest::header::LOCATION;
use reqwest::StatusCode;
use serde_json::json;

use crate::common::TestServer;
use crate::pages::sign_in;

/// The server's own database, as its records are.
async fn database(server: &TestServer) -> Db {
    Db::connect(&server.database_url(), 1).await.unwrap()
}

/// A new account of `role` (`reel user create`), and its id.
fn account(server: &TestServer, email: &str, role: &str) -> UserId {
    let name = email.split('@').next().unwrap();
    server.cli(&["user", "create", "--email", email, "--role", role, "--name", name]).trim().parse().unwrap()
}

/// An item of `owner` brought to `status` through the state machine's own moves, with no file
/// and no transcode: the pages and the rules below look at its row alone.
async fn item_in(db: &Db, owner: UserId, title: &str, status: VideoStatus) -> VideoId {
    let id = crate::common::items::item_row(db, owner, title, Visibility::Members).await;
    assert!(reel_base::db::videos::set_status(db, id, VideoStatus::Processing, None).await.unwrap());
    assert!(reel_base::db::videos::set_status(db, id, status, Some("made so by the test")).await.unwrap());
    id
}

/// Whether a transcode of `id` making generation 1 is queued (or ran).
async fn reprocess_queued(db: &Db, id: VideoId) -> bool {
    reel_base::db::jobs::by_key(db, &format!("reprocess_video:{id}:1")).await.unwrap().is_some()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_creator_processes_a_ready_item_again_from_its_edit_page_and_is_told_why_not_for_one_not_ready() {
    let server = TestServer::start();
    let db = database(&server).await;
    let maker = account(&server, "maker@example.org", "creator");
    account(&server, "other@example.org", "creator");
    let ready = item_in(&db, maker, "Ready to redo", VideoStatus::Ready).await;
    let failed = item_in(&db, maker, "Never ready", VideoStatus::Failed).await;
    let me = sign_in(&server, "maker@example.org").await;
    let other = sign_in(&server, "other@example.org").await;

    // The ready item's edit page offers it and says what it changes; the failed one's does not.
    let page = me.page(&server, &format!("/studio/{ready}/edit")).await;
    assert!(page.contains(&format!("action=\"/studio/{ready}/reprocess\"")), "{page}");
    for words in ["Process again", "The watermark", "The loudness", "The renditions"] {
        assert!(page.contains(words), "the edit page does not say {words:?}: {page}");
    }
    let page = me.page(&server, &format!("/studio/{failed}/edit")).await;
    assert!(!page.contains(&format!("/studio/{failed}/reprocess")), "{page}");

    // Not without the session's token, and not for someone else's item.
    let path = format!("/studio/{ready}/reprocess");
    assert_eq!(me.post(&server, &path, &[("csrf", "forged")]).await.status(), StatusCode::FORBIDDEN);
    let r = other.post(&server, &path, &[("csrf", other.csrf())]).await;
    assert!(matches!(r.status(), StatusCode::FORBIDDEN | StatusCode::NOT_FOUND), "{}", r.status());
    assert!(!reprocess_queued(&db, ready).await, "queued by a refused form");

    let r = me.post(&server, &path, &[("csrf", me.csrf())]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let back = r.headers()[LOCATION].to_str().unwrap().to_string();
    assert_eq!(back, format!("/studio/{ready}/edit?done=reprocessing#reprocess"));
    assert!(reprocess_queued(&db, ready).await, "no transcode queued");
    assert_eq!(reel_base::db::videos::status(&db, ready).await.unwrap(), Some(VideoStatus::Ready), "it plays on meanwhile");
    let page = me.page(&server, back.split('#').next().unwrap()).await;
    assert!(page.contains("The item is being processed again"), "{page}");

    // An item that is not ready: the refusal is said beside the button.
    let r = me.post(&server, &format!("/studio/{failed}/reprocess"), &[("csrf", me.csrf())]).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let page = r.text().await.unwrap();
    assert!(page.contains("id=\"reprocess-error\""), "{page}");
    assert!(page.contains("only a ready item can be transcoded again"), "{page}");
    assert!(!reprocess_queued(&db, failed).await);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_moderator_takes_down_an_unreported_item_and_lifts_a_suspension_from_the_moderation_page() {
    let server = TestServer::start();
    let db = database(&server).await;
    let maker = account(&server, "maker@example.org", "creator");
    account(&server, "mod@example.org", "moderator");
    account(&server, "viewer@example.org", "viewer");
    let rude = account(&server, "rude@example.org", "viewer");
    let item = item_in(&db, maker, "Nobody reported this", VideoStatus::Ready).await;
    // Suspended by an admin; any moderator may lift it.
    let r = server
        .http()
        .post(format!("{}/api/v1/admin/users/{rude}/suspension", server.base))
        .bearer_auth(&server.token)
        .json(&json!({ "days": 7, "reason": "Shouting at everyone" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    let suspended = async || reel_base::db::users::by_id(&db, rude).await.unwrap().unwrap().suspended_until.is_some();
    let taken_down = async || reel_base::db::videos::get(&db, item).await.unwrap().unwrap().taken_down_at.is_some();

    // Someone who does not moderate gets what they got before: no page, and no action.
    let viewer = sign_in(&server, "viewer@example.org").await;
    assert_eq!(viewer.get(&server, "/admin/reports").await.status(), StatusCode::FORBIDDEN);
    let form = [("csrf", viewer.csrf()), ("item", &item.to_string()), ("reason", "Because")];
    assert_eq!(viewer.post(&server, "/admin/takedown", &form).await.status(), StatusCode::FORBIDDEN);
    let lift = format!("/admin/suspensions/{rude}/lift");
    assert_eq!(viewer.post(&server, &lift, &[("csrf", viewer.csrf())]).await.status(), StatusCode::FORBIDDEN);
    assert!(!taken_down().await && suspended().await);

    let moderator = sign_in(&server, "mod@example.org").await;
    let page = moderator.page(&server, "/admin/reports").await;
    assert!(page.contains("action=\"/admin/takedown\""), "{page}");
    assert!(page.contains("Suspended accounts") && page.contains("Shouting at everyone"), "{page}");
    assert!(page.contains(&format!("action=\"{lift}\"")) && page.contains("aria-label=\"Lift suspension of rude\""), "{page}");

    // Not without the session's token; an address that names no item is said beside the field,
    // with what was typed kept.
    let address = format!("{}/watch/{item}?t=3", server.base);
    let form = [("csrf", "forged"), ("item", address.as_str()), ("reason", "Spam")];
    assert_eq!(moderator.post(&server, "/admin/takedown", &form).await.status(), StatusCode::FORBIDDEN);
    let form = [("csrf", moderator.csrf()), ("item", "/watch/nothing-here"), ("reason", "Spam everywhere")];
    let r = moderator.post(&server, "/admin/takedown", &form).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let page = r.text().await.unwrap();
    assert!(page.contains("id=\"takedown-item-error\"") && page.contains("value=\"Spam everywhere\""), "{page}");
    assert!(!taken_down().await);

    // By its watch page's address: down, with the public reason.
    let form = [("csrf", moderator.csrf()), ("item", address.as_str()), ("reason", "Spam")];
    let r = moderator.post(&server, "/admin/takedown", &form).await;
    assert_eq!((r.status(), r.headers()[LOCATION].to_str().unwrap()), (StatusCode::SEE_OTHER, "/admin/reports?done=taken-down"));
    let now = reel_base::db::videos::get(&db, item).await.unwrap().unwrap();
    assert_eq!((now.taken_down_at.is_some(), now.takedown_reason.as_deref()), (true, Some("Spam")));

    // The suspension, lifted: the account may sign in again, and the list is empty.
    let r = moderator.post(&server, &lift, &[("csrf", moderator.csrf())]).await;
    assert_eq!(
        (r.status(), r.headers()[LOCATION].to_str().unwrap()),
        (StatusCode::SEE_OTHER, "/admin/reports?done=suspension-lifted#suspended")
    );
    assert!(!suspended().await);
    let page = moderator.page(&server, "/admin/reports?done=suspension-lifted").await;
    assert!(page.contains("The suspension was lifted") && page.contains("No account is suspended."), "{page}");
    sign_in(&server, "rude@example.org").await;
}
