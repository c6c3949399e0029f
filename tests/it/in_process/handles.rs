//! The channel handle a new account gets: made from the name the person gives, and from
//! nothing of their address when they give none, so that no one can try an address's local
//! part as a handle to learn whether it belongs to a member.

use reel_base::domain::{Email, Phone, Role};
use reel_core::auth::users;

use crate::common::in_process::InProcess;

/// Whether `handle` is one a channel may have: lower-case letters, digits and dashes, 3–30 long.
fn well_formed(handle: &str) -> bool {
    (3..=30).contains(&handle.len()) && handle.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[tokio::test]
async fn a_handle_comes_from_a_given_name_and_never_from_the_address() {
    let t = InProcess::start().await;
    let db = &t.ctx.db;
    let email = |a: &str| Email::parse(a).unwrap();

    let jane = users::create(db, Some(&email("jane.doe@example.org")), None, None, Role::Viewer).await.unwrap();
    assert!(well_formed(&jane.channel), "{}", jane.channel);
    assert!(!jane.channel.contains("jane") && !jane.channel.contains("doe"), "a handle made from the address: {}", jane.channel);
    assert!(reel_core::auth::account::channel(&t.ctx, "jane-doe").await.unwrap().is_none(), "the local part finds the account");

    // Two people with the same local part, and one known by a phone number alone: each
    // handle is its own and none tells the address.
    let other = users::create(db, Some(&email("jane.doe@example.net")), None, None, Role::Viewer).await.unwrap();
    let phone = Phone::parse("+44 20 7946 0958").unwrap();
    let caller = users::create(db, None, Some(&phone), None, Role::Viewer).await.unwrap();
    assert_ne!(jane.channel, other.channel);
    assert!(!other.channel.contains("jane") && well_formed(&other.channel), "{}", other.channel);
    assert!(!caller.channel.contains("7946") && well_formed(&caller.channel), "{}", caller.channel);

    // A name the person gives is theirs to show: the handle is made from it.
    let ada = users::create(db, Some(&email("al@example.org")), None, Some("Ada Lovelace"), Role::Creator).await.unwrap();
    assert_eq!(ada.channel, "ada-lovelace");
    let again = users::create(db, Some(&email("ada@example.org")), None, Some("Ada Lovelace"), Role::Creator).await.unwrap();
    assert_eq!(again.channel, "ada-lovelace2");
}
