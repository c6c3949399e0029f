//! How records come back from the database (SQLite here, PostgreSQL on the second pass): ids,
//! roles and owners as the domain types they were stored as, listings that still respect
//! visibility, and a stored value that is not what its column holds is an error, never a
//! record with a wrong owner or role.

// suite: backends

use reel_base::db::videos::{Audience, Filter};
use reel_base::db::{audit, tokens, users, videos, Db};
use reel_base::domain::{Email, Role, TokenId, UserId, VideoId, Visibility};

/// A fresh, migrated database of the backend this pass runs on, and its URL.
async fn database(dir: &tempfile::TempDir) -> (Db, String) {
    let url = crate::common::postgres_database().unwrap_or_else(|| format!("sqlite://{}", dir.path().join("reel.db").display()));
    let db = Db::connect(&url, 2).await.unwrap();
    db.migrate().await.unwrap();
    (db, url)
}

async fn account(db: &Db, email: &str, role: Role) -> UserId {
    let id = UserId::new();
    let email = Email::parse(email).unwrap();
    let channel = email.as_str().split('@').next().unwrap().to_string();
    users::insert(db, &users::NewUser { id, email: Some(&email), phone: None, display_name: &channel, role, channel: &channel })
        .await
        .unwrap();
    id
}

async fn video(db: &Db, owner: UserId, visibility: Visibility) -> VideoId {
    crate::common::items::item_row(db, owner, "a clip", visibility).await
}

#[tokio::test(flavor = "multi_thread")]
async fn ids_and_roles_come_back_as_they_were_stored_and_listings_keep_private_videos_private() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = database(&dir).await;
    let owner = account(&db, "owner@example.org", Role::Creator).await;
    let other = account(&db, "other@example.org", Role::Viewer).await;

    let stored = users::by_id(&db, owner).await.unwrap().expect("the account");
    assert_eq!((stored.id, stored.role), (owner, Role::Creator));
    let found = users::by_ids(&db, &[owner, other, UserId::new()]).await.unwrap();
    assert_eq!(found.len(), 2, "an id with no account finds nothing");

    let token = TokenId::new();
    let row = tokens::NewTokenRow {
        id: token,
        name: "t",
        token_hash: "hash-of-the-token",
        user_id: owner,
        scopes: "read",
        profile_id: None,
        expires_at: None,
        device_id: None,
    };
    tokens::insert(&db, &row).await.unwrap();
    let live = tokens::find_live(&db, "hash-of-the-token").await.unwrap().expect("the live token");
    assert_eq!((live.id, live.user_id), (token, owner));
    assert_eq!(tokens::list(&db, Some(other)).await.unwrap().len(), 0, "another account's tokens are not listed");
    assert!(!tokens::revoke(&db, token, Some(other)).await.unwrap(), "another account cannot revoke it");
    assert!(tokens::revoke(&db, token, Some(owner)).await.unwrap());

    let private = video(&db, owner, Visibility::Private).await;
    let members = video(&db, owner, Visibility::Members).await;
    assert_eq!(videos::get(&db, private).await.unwrap().unwrap().created_by, Some(owner));
    let listed = |audience, owner_filter| {
        let db = &db;
        async move {
            let filter = Filter { owner: owner_filter, ..Filter::default() };
            videos::list(db, audience, filter, 10, None).await.unwrap().into_iter().map(|v| v.id).collect::<Vec<_>>()
        }
    };
    // Both were made within a millisecond or so: their order is the id's, so compare as sets.
    let mut both = listed(Audience::Member(owner, None), Some(owner)).await;
    both.sort();
    let mut expected = [members, private];
    expected.sort();
    assert_eq!(both, expected, "the owner sees both");
    assert_eq!(listed(Audience::Member(other, None), Some(owner)).await, [members], "the private one never reaches another member");
    assert_eq!(listed(Audience::Member(other, None), None).await, [members]);
    assert_eq!(listed(Audience::Public(None), None).await, Vec::<VideoId>::new());
    assert_eq!(listed(Audience::Member(owner, None), Some(other)).await, Vec::<VideoId>::new(), "the owner filter is by account");

    audit::record(&db, Some(owner), "test.done", Some("x"), None, None).await.unwrap();
    let record = audit::recent(&db, 1, None).await.unwrap().remove(0);
    assert_eq!((record.actor, record.action.as_str()), (Some(owner), "test.done"));
    assert_eq!(serde_json::to_value(&record).unwrap()["actor"], owner.to_string(), "the audit API shows the id as text");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stored_value_that_is_not_an_id_or_a_role_is_an_error_not_a_record() {
    let dir = tempfile::tempdir().unwrap();
    let (db, url) = database(&dir).await;
    let owner = account(&db, "owner@example.org", Role::Creator).await;
    let clip = video(&db, owner, Visibility::Private).await;

    // Rows changed behind Reel's back, as a hand-made import or a bad restore could leave them.
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    let set = |sql: &'static str, id: String| {
        let pool = &pool;
        async move { assert_eq!(sqlx::query(sql).bind(id).execute(pool).await.unwrap().rows_affected(), 1) }
    };
    set("UPDATE videos SET created_by = 'someone' WHERE id = $1", clip.to_string()).await;
    set("UPDATE users SET role = 'root' WHERE id = $1", owner.to_string()).await;
    pool.close().await;

    let err = videos::get(&db, clip).await.expect_err("an owner that is no account id");
    assert!(err.to_string().contains("created_by"), "{err}");
    let err = users::by_id(&db, owner).await.expect_err("a role there is no such thing as");
    assert!(err.to_string().contains("role"), "{err}");
}

/// A nullable number written first as none, then as a number, on the same connection: on
/// PostgreSQL a cached statement keeps the parameter types of its first use, and a first NULL
/// would refuse every later number ("incorrect binary data format").
#[tokio::test(flavor = "multi_thread")]
async fn a_duration_stored_as_none_first_still_takes_a_number_on_the_same_connection() {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::common::postgres_database().unwrap_or_else(|| format!("sqlite://{}", dir.path().join("reel.db").display()));
    let db = Db::connect(&url, 1).await.unwrap();
    db.migrate().await.unwrap();
    let owner = account(&db, "owner@example.org", Role::Creator).await;
    let (still, clip) = (video(&db, owner, Visibility::Public).await, video(&db, owner, Visibility::Public).await);
    videos::set_duration(&db, still, None).await.unwrap();
    videos::set_duration(&db, clip, Some(2.5)).await.expect("a number after a none");
    let duration = |id| {
        let db = &db;
        async move { videos::get(db, id).await.unwrap().unwrap().duration_s }
    };
    assert_eq!((duration(still).await, duration(clip).await), (None, Some(2.5)));
    db.close().await;
}
