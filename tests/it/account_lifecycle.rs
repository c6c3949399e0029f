//! The end of an account on both backends: its export holds everything Reel keeps about it
//! (and no credential), its originals download for their owner only; deleting it takes a code
//! the session asks for to delete with (a sign-in code deletes nothing, and it signs no one in),
//! ends its sessions and tokens at once, and afterwards no row of any table names the person
//! and no object of theirs is left, while revenue keeps its amounts, others keep their own data
//! (their replies, under a deleted comment) and open reports keep their evidence until settled.

// suite: backends

use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};

use crate::accounts::{as_session, code_for, code_in, server_with_mail, sign_in, verify};
use crate::catalogue::upload_as;
use crate::collections::{token, Api};
use crate::common::smtp::{body_text, header};
use crate::common::{eventually, make_clip, TestServer};

const CLIP: &[&str] = &["testsrc2=size=160x120:rate=10", "sine"];

/// Every text value of every row Reel keeps that contains one of `needles` (case-insensitive),
/// as "table: value".
async fn rows_naming(server: &TestServer, needles: &[&str]) -> Vec<String> {
    use sqlx::{Column, Row};
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&server.database_url()).await.unwrap();
    let needles: Vec<String> = needles.iter().map(|n| n.to_lowercase()).collect();
    let mut found = Vec::new();
    for table in reel_base::db::migrate::TABLES {
        // Every column as text, so each engine hands back strings whatever the column's type.
        let columns: Vec<String> = sqlx::query(&format!("SELECT * FROM {table} LIMIT 1"))
            .fetch_optional(&pool)
            .await
            .unwrap()
            .map(|row| row.columns().iter().map(|c| c.name().to_string()).collect())
            .unwrap_or_default();
        if columns.is_empty() {
            continue;
        }
        let select = columns.iter().map(|c| format!("CAST({c} AS TEXT) AS {c}")).collect::<Vec<_>>().join(", ");
        for row in sqlx::query(&format!("SELECT {select} FROM {table}")).fetch_all(&pool).await.unwrap() {
            for (i, column) in columns.iter().enumerate() {
                if let Ok(Some(text)) = row.try_get::<Option<String>, _>(i) {
                    if needles.iter().any(|n| text.to_lowercase().contains(n.as_str())) {
                        found.push(format!("{table}.{column}: {text}"));
                    }
                }
            }
        }
    }
    pool.close().await;
    found
}

/// Makes the plan Gold (5 EUR a month) as the harness's admin and grants it to `email`.
async fn grant_gold(api: &Api<'_>, email: &str) {
    let (admin, plan) = (api.server.token.clone(), json!({"name": "Gold", "price_minor": 500, "currency": "EUR", "period": "month"}));
    api.json(Method::POST, &admin, "/admin/plans", Some(plan), 201).await;
    api.json(Method::POST, &admin, "/admin/plans/Gold/grants", Some(json!({"user": email})), 201).await;
}

/// Asks for the code that deletes the session's account; the attempt to send back with it.
async fn delete_code(server: &TestServer, cookie: &str, csrf: &str) -> String {
    let r = as_session(server, Method::POST, "/api/v1/account/delete-code", cookie, csrf).send().await.unwrap();
    assert_eq!(r.status(), 202);
    r.json::<Value>().await.unwrap()["attempt"].as_str().unwrap().to_string()
}

/// Waits (a minute at most) for the deletion job to leave no row naming any of `names`.
async fn wait_erased(server: &TestServer, names: &[&str]) {
    wait_erased_but(server, names, &[]).await;
}

/// Waits (a minute at most) for the deletion job to leave no row naming any of `names` outside
/// the tables `kept`.
async fn wait_erased_but(server: &TestServer, names: &[&str], kept: &[&str]) {
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        let left: Vec<String> =
            rows_naming(server, names).await.into_iter().filter(|row| !kept.iter().any(|t| row.starts_with(&format!("{t}.")))).collect();
        if left.is_empty() {
            return;
        }
        assert!(std::time::Instant::now() < deadline, "rows still name the account: {left:#?}\n{}", server.log());
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// Every object (file) in the store whose path names one of `ids` (folders are left out:
/// an S3 store on a file system may keep emptied ones).
fn objects_naming(server: &TestServer, ids: &[&str]) -> Vec<String> {
    fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path.to_string_lossy().into_owned());
            }
        }
    }
    let mut all = Vec::new();
    walk(&server.objects_dir(), &mut all);
    all.into_iter().filter(|p| ids.iter().any(|id| p.contains(id))).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_export_holds_everything_about_the_account_and_no_credential_and_originals_are_their_owners() {
    let server = TestServer::start();
    let api = Api { server: &server };
    let maker = token(&server, "maker@example.org", "creator", "read,account,upload");
    let fan = token(&server, "fan@example.org", "viewer", "read,account");
    api.json(Method::POST, &fan, "/subscriptions", Some(json!({"channel": "maker"})), 201).await;
    let clip = make_clip(server.dir.path(), "e.mp4", CLIP, 1.0, &["-shortest"]);
    let id = upload_as(&server, &maker, &clip, Some("Exported film"), Some("members")).await;
    server.wait_for(&id, &["ready"], Duration::from_secs(120)).await;
    api.json(Method::PUT, &fan, &format!("/videos/{id}/progress"), Some(json!({"position_s": 0.5})), 204).await;
    let list = api.json(Method::POST, &fan, "/playlists", Some(json!({"title": "Fan picks"})), 201).await;
    api.json(Method::POST, &fan, &format!("/playlists/{}/items", list["id"].as_str().unwrap()), Some(json!({"video_id": id})), 201).await;
    grant_gold(&api, "fan@example.org").await;
    api.json(Method::PATCH, &fan, "/account/profile", Some(json!({"bio": "I watch films."})), 200).await;

    let r = api.send(Method::GET, &fan, "/account/export", None).await;
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
    let export: Value = r.json().await.unwrap();
    assert_eq!(export["format"], "reel-account-export/1");
    assert_eq!(export["account"][0]["email"], "fan@example.org");
    assert_eq!(export["account"][0]["bio"], "I watch films.");
    assert_eq!(export["profiles"].as_array().unwrap().len(), 1);
    assert_eq!(export["subscriptions"][0]["channel"], "maker");
    assert_eq!(
        (export["watching"][0]["video_id"].as_str(), export["watching"][0]["title"].as_str()),
        (Some(id.as_str()), Some("Exported film"))
    );
    assert_eq!(
        (export["notifications"][0]["video_id"].as_str(), export["notifications"][0]["title"].as_str()),
        (Some(id.as_str()), Some("Exported film"))
    );
    assert_eq!(export["playlists"][0]["title"], "Fan picks");
    assert_eq!(export["playlist_items"][0]["video_id"], json!(id));
    assert_eq!((export["plans"][0]["name"].as_str(), export["plan_events"][0]["amount_minor"].as_i64()), (Some("Gold"), Some(500)));
    assert_eq!(export["api_tokens"][0]["name"], "t");
    assert_eq!(export["items"], json!([]), "the fan made nothing");
    let text = export.to_string();
    for secret in [fan.as_str(), "token_hash", "csrf", "code_hash", "totp_secret", "id_hash"] {
        assert!(!text.contains(secret), "the export holds a credential ({secret})");
    }

    // The maker's items, each with where its original downloads; only for its owner.
    let export = api.json(Method::GET, &maker, "/account/export", None, 200).await;
    let item = &export["items"][0];
    assert_eq!(
        (item["id"].as_str(), item["title"].as_str(), item["status"].as_str()),
        (Some(id.as_str()), Some("Exported film"), Some("ready"))
    );
    let url = item["original_url"].as_str().unwrap().to_string();
    assert!(url.ends_with(&format!("/api/v1/videos/{id}/original")), "{url}");
    let r = server.http().get(&url).bearer_auth(&maker).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-disposition"].to_str().unwrap().contains("e.mp4"));
    assert_eq!(r.bytes().await.unwrap().as_ref(), std::fs::read(&clip).unwrap().as_slice(), "the original, byte for byte");
    let r = server.http().get(&url).bearer_auth(&fan).send().await.unwrap();
    assert_eq!(r.status(), 403, "someone else's original");

    // Renamed and made private: the fan's history and notifications no longer show it, and
    // neither does their export, which keeps what they did (the item's id) but not its title.
    let hidden = json!({"title": "A secret new title", "visibility": "private"});
    api.json(Method::PATCH, &maker, &format!("/videos/{id}"), Some(hidden), 200).await;
    let export = api.json(Method::GET, &fan, "/account/export", None, 200).await;
    for table in ["watching", "notifications"] {
        let row = &export[table][0];
        assert_eq!((row["video_id"].as_str(), &row["title"]), (Some(id.as_str()), &Value::Null), "{table}: {export:#}");
    }
    assert!(!export.to_string().contains("secret new title"), "{export:#}");
    let export = api.json(Method::GET, &maker, "/account/export", None, 200).await;
    assert_eq!(export["items"][0]["title"], "A secret new title", "the owner's own items keep their titles");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deleted_account_is_signed_out_at_once_and_leaves_no_row_naming_it_and_no_object() {
    let (server, smtp) = server_with_mail(&[("REEL__AUTH__OTP_RESEND_SECS", "0")]);
    let api = Api { server: &server };
    let admin = server.token.clone();
    let stayer = token(&server, "stayer@example.org", "creator", "read,account,upload");
    let leaver = token(&server, "quitter@example.org", "creator", "read,account,upload");
    let leaver_id = api.json(Method::GET, &leaver, "/me", None, 200).await["user"]["id"].as_str().unwrap().to_string();
    let (cookie, csrf) = sign_in(&server, &smtp, "quitter@example.org", 1).await;

    // A life on the platform: items, followers and follows, history, a playlist, a plan, a
    // profile, an avatar, notifications.
    let clip = make_clip(server.dir.path(), "d.mp4", CLIP, 1.0, &["-shortest"]);
    api.json(Method::POST, &stayer, "/subscriptions", Some(json!({"channel": "quitter"})), 201).await;
    api.json(Method::POST, &leaver, "/subscriptions", Some(json!({"channel": "stayer"})), 201).await;
    let theirs = upload_as(&server, &leaver, &clip, Some("Going away"), Some("members")).await;
    let kept = upload_as(&server, &stayer, &clip, Some("Staying put"), Some("members")).await;
    for id in [&theirs, &kept] {
        server.wait_for(id, &["ready"], Duration::from_secs(120)).await;
    }
    api.json(Method::PUT, &leaver, &format!("/videos/{kept}/progress"), Some(json!({"position_s": 0.5})), 204).await;
    api.json(Method::PUT, &stayer, &format!("/videos/{theirs}/progress"), Some(json!({"position_s": 0.5})), 204).await;
    api.json(Method::POST, &leaver, "/playlists", Some(json!({"title": "Mine"})), 201).await;
    grant_gold(&api, "quitter@example.org").await;
    let session = |method: Method, path: &str| as_session(&server, method, path, &cookie, &csrf);
    let r = session(Method::POST, "/api/v1/profiles").json(&json!({"name": "Second"})).send().await.unwrap();
    assert_eq!(r.status(), 201);
    let png = server.dir.path().join("a.png");
    assert!(std::process::Command::new("ffmpeg")
        .args(["-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=64x64:rate=1", "-frames:v", "1"])
        .arg(&png)
        .status()
        .unwrap()
        .success());
    let r = server
        .http()
        .put(format!("{}/api/v1/account/avatar", server.base))
        .bearer_auth(&leaver)
        .body(std::fs::read(&png).unwrap())
        .send()
        .await;
    assert_eq!(r.unwrap().status(), 202);
    eventually(Duration::from_secs(30), "the avatar and the notifications exist", || async {
        api.json(Method::GET, &leaver, "/account/profile", None, 200).await["avatar_url"].is_string()
            && api.json(Method::GET, &stayer, "/notifications", None, 200).await["items"].as_array().is_some_and(|i| !i.is_empty())
    })
    .await;
    // What they said: a like, a comment the stayer answered, a report; and reports about them.
    api.json(Method::POST, &leaver, &format!("/videos/{kept}/reactions"), Some(json!({"value": 1})), 200).await;
    let said =
        api.json(Method::POST, &leaver, &format!("/videos/{kept}/comments"), Some(json!({"body": "Words of the quitter"})), 201).await;
    let said = said["id"].as_str().unwrap().to_string();
    let answer = json!({"body": "An answer", "parent_id": said});
    api.json(Method::POST, &stayer, &format!("/videos/{kept}/comments"), Some(answer), 201).await;
    let report = |kind: &str, id: &str| json!({"target_type": kind, "target_id": id, "reason": "Testing"});
    api.json(Method::POST, &leaver, "/reports", Some(report("video", &kept)), 201).await;
    api.json(Method::POST, &stayer, "/reports", Some(report("comment", &said)), 201).await;
    api.json(Method::POST, &stayer, "/reports", Some(report("account", &leaver_id)), 201).await;
    let names = ["quitter", &leaver_id];
    assert!(!rows_naming(&server, &names).await.is_empty(), "the scan finds the account while it exists");
    assert!(!objects_naming(&server, &[&theirs, &leaver_id]).is_empty());

    // Only from a session, with its CSRF token, and a fresh code sent to the account for it.
    assert_eq!(api.send(Method::DELETE, &leaver, "/account", None).await.status(), 403, "not with a token");
    assert_eq!(api.send(Method::POST, &leaver, "/account/delete-code", None).await.status(), 403, "no code for a token");
    let r = server.http().delete(format!("{}/api/v1/account", server.base)).header("Cookie", &cookie).send().await.unwrap();
    assert_eq!(r.status(), 403, "not without the CSRF token");
    let r = session(Method::DELETE, "/api/v1/account").send().await.unwrap();
    assert_eq!(r.status(), 400, "a session alone deletes nothing");
    let attempt = delete_code(&server, &cookie, &csrf).await;
    let code = code_in(&smtp.wait_for_messages("quitter@example.org", 2, Duration::from_secs(20)).await[1]);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let r = session(Method::DELETE, "/api/v1/account").json(&json!({"attempt": attempt, "code": wrong})).send().await.unwrap();
    assert_eq!(r.status(), 400, "a wrong code deletes nothing");
    assert_eq!(session(Method::GET, "/api/v1/me").send().await.unwrap().status(), 200);
    let r = session(Method::DELETE, "/api/v1/account").json(&json!({"attempt": attempt, "code": code})).send().await.unwrap();
    assert_eq!(r.status(), 202);
    assert!(r.headers()["set-cookie"].to_str().unwrap().contains("Max-Age=0"), "the browser forgets the session");
    // At once: the session and the token are dead, and signing in again gets nowhere.
    assert_eq!(session(Method::GET, "/api/v1/me").send().await.unwrap().status(), 401);
    assert_eq!(api.send(Method::GET, &leaver, "/me", None).await.status(), 401);

    // Open reports about them keep what was reported, and whom, for the moderators.
    wait_erased_but(&server, &names, &["reports"]).await;
    assert_eq!(rows_naming(&server, &["Going away"]).await, Vec::<String>::new(), "their item is gone");
    assert_eq!(objects_naming(&server, &[&theirs, &leaver_id]), Vec::<String>::new(), "no object of theirs is left");
    let queue = api.json(Method::GET, &admin, "/admin/reports", None, 200).await;
    let open = queue["items"].as_array().unwrap().clone();
    let about =
        |kind: &str| open.iter().find(|r| r["target_type"] == kind).cloned().unwrap_or_else(|| panic!("no {kind} report: {queue:#}"));
    let (on_comment, on_account) = (about("comment"), about("account"));
    assert_eq!(
        (on_comment["excerpt"].as_str(), on_comment["account_id"].as_str()),
        (Some("Words of the quitter"), Some(leaver_id.as_str()))
    );
    assert!(on_account["excerpt"].as_str().is_some_and(|e| e.contains("@quitter")), "{on_account}");
    assert_eq!(on_account["account_id"].as_str(), Some(leaver_id.as_str()), "{on_account}");
    assert_eq!(about("video")["reporter_id"], Value::Null, "their own report no longer names them");

    // Others keep what is theirs, their reply under a deleted comment; the money is still
    // counted, under a pseudonym.
    let stayer_item = api.json(Method::GET, &stayer, &format!("/videos/{kept}"), None, 200).await;
    assert_eq!(stayer_item["status"], "ready");
    let totals = api.json(Method::GET, &stayer, &format!("/videos/{kept}/reactions"), None, 200).await;
    assert_eq!(totals["likes"], 0, "an erased account's like still counts");
    let comments = api.json(Method::GET, &stayer, &format!("/videos/{kept}/comments"), None, 200).await;
    assert_eq!(comments["total"].as_i64(), Some(1), "the answer stays: {comments}");
    let thread = &comments["items"][0];
    assert_eq!(
        (thread["id"].as_str(), &thread["deleted"], thread["body"].as_str()),
        (Some(said.as_str()), &json!(true), Some("")),
        "{comments}"
    );
    assert_eq!(thread["first_replies"][0]["body"], "An answer", "{comments}");
    assert!(!comments.to_string().to_lowercase().contains("quitter"), "{comments}");
    assert_eq!(api.json(Method::GET, &stayer, "/subscriptions", None, 200).await["items"], json!([]));
    assert_eq!(api.json(Method::GET, &stayer, "/notifications", None, 200).await["items"], json!([]));

    // Settled, the reports stop naming or quoting them.
    for report in [&on_comment, &on_account] {
        let path = format!("/admin/reports/{}/dismiss", report["id"].as_str().unwrap());
        assert_eq!(api.send(Method::POST, &admin, &path, Some(json!({}))).await.status(), 204, "{report}");
    }
    wait_erased(&server, &names).await;
    let revenue = api.json(Method::GET, &admin, "/admin/plans/revenue", None, 200).await;
    assert_eq!(revenue["items"][0]["amount_minor"], 500, "{revenue}");
    let audit = api.json(Method::GET, &admin, "/admin/audit", None, 200).await.to_string();
    assert!(audit.contains("account.deletion_requested") && audit.contains("deleted-"), "a pseudonymous record is kept");
    assert_eq!(api.send(Method::GET, &stayer, "/channels/quitter", None).await.status(), 404);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deletion_code_is_asked_for_by_the_session_says_so_and_deletes_only_while_a_sign_in_code_never_deletes() {
    let (server, smtp) = server_with_mail(&[("REEL__AUTH__OTP_RESEND_SECS", "0")]);
    let email = "owner@example.org";
    server.cli(&["user", "create", "--email", email, "--role", "viewer"]);
    let (cookie, csrf) = sign_in(&server, &smtp, email, 1).await;
    let (elsewhere, elsewhere_csrf) = sign_in(&server, &smtp, email, 2).await;
    let session = |method: Method, path: &str| as_session(&server, method, path, &cookie, &csrf);
    let still_here = || async { session(Method::GET, "/api/v1/me").send().await.unwrap().status() };

    // A sign-in code, which anyone may have sent to the address, deletes nothing.
    let (attempt, code) = code_for(&server, &smtp, email, 3).await;
    let r = session(Method::DELETE, "/api/v1/account").json(&json!({"attempt": attempt, "code": code})).send().await.unwrap();
    assert_eq!(r.status(), 400, "a sign-in code deleted the account");
    assert_eq!(still_here().await, 200);

    // The session's own code says what it is for.
    let attempt = delete_code(&server, &cookie, &csrf).await;
    let mail = smtp.wait_for_messages(email, 4, Duration::from_secs(20)).await.remove(3);
    let subject = header(&mail, "Subject").unwrap();
    assert!(subject.contains("delete your Reel account") && !subject.contains("sign-in"), "{subject}");
    assert!(body_text(&mail).contains("it deletes your Reel account"), "{}", body_text(&mail));
    let code = code_in(&mail);

    // It signs no one in, and no other session of the account deletes with it.
    assert_eq!(verify(&server, email, &attempt, &code).await.status(), 400, "a deletion code signed in");
    let proof = json!({"attempt": attempt, "code": code});
    let r = as_session(&server, Method::DELETE, "/api/v1/account", &elsewhere, &elsewhere_csrf).json(&proof).send().await.unwrap();
    assert_eq!(r.status(), 400, "another session deleted with it");
    assert_eq!(still_here().await, 200);

    // The session that asked for it deletes the account with it.
    assert_eq!(session(Method::DELETE, "/api/v1/account").json(&proof).send().await.unwrap().status(), 202);
    assert_eq!(still_here().await, 401);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deleted_accounts_items_can_be_handed_to_an_admin() {
    let (server, smtp) = server_with_mail(&[("REEL__AUDIENCE__HAND_OVER_TO", "test-admin"), ("REEL__AUTH__OTP_RESEND_SECS", "0")]);
    let api = Api { server: &server };
    let me = api.json(Method::GET, &server.token, "/me", None, 200).await;
    assert_eq!(me["user"]["channel"], "test-admin", "the harness's admin handle changed");
    let leaver = token(&server, "quitter@example.org", "creator", "read,account,upload");
    let leaver_id = api.json(Method::GET, &leaver, "/me", None, 200).await["user"]["id"].as_str().unwrap().to_string();
    let clip = make_clip(server.dir.path(), "h.mp4", CLIP, 1.0, &["-shortest"]);
    let theirs = upload_as(&server, &leaver, &clip, Some("Handed over"), Some("members")).await;
    server.wait_for(&theirs, &["ready"], Duration::from_secs(120)).await;
    let (cookie, csrf) = sign_in(&server, &smtp, "quitter@example.org", 1).await;
    let attempt = delete_code(&server, &cookie, &csrf).await;
    let code = code_in(&smtp.wait_for_messages("quitter@example.org", 2, Duration::from_secs(20)).await[1]);
    let proof = json!({"attempt": attempt, "code": code});
    assert_eq!(as_session(&server, Method::DELETE, "/api/v1/account", &cookie, &csrf).json(&proof).send().await.unwrap().status(), 202);

    let names = ["quitter", leaver_id.as_str()];
    wait_erased(&server, &names).await;
    let item = api.json(Method::GET, &server.token, &format!("/videos/{theirs}"), None, 200).await;
    assert_eq!((item["owner"].clone(), item["status"].as_str()), (me["user"]["id"].clone(), Some("ready")), "{item}");
    assert!(!objects_naming(&server, &[&theirs]).is_empty(), "the item's objects stay with it");
    assert_eq!(objects_naming(&server, &[&leaver_id]), Vec::<String>::new());
}
