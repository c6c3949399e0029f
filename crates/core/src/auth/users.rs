//! Making accounts: validated addresses, a unique channel handle, the role.

use crate::platform::problem::Problem;
use reel_base::db::users::{self, NewUser, UserRecord};
use reel_base::db::Db;
use reel_base::domain::{Email, Phone, Role, UserId};

/// Creates an account. Its channel handle is made from the name the person gives, else from
/// nothing of theirs ([`unnamed_handle`]), and made unique: a handle made from the address would
/// let anyone try an address's local part at `/c/…` to learn whether it belongs to a member.
pub async fn create(
    db: &Db,
    email: Option<&Email>,
    phone: Option<&Phone>,
    display_name: Option<&str>,
    role: Role,
) -> Result<UserRecord, Problem> {
    if email.is_none() && phone.is_none() {
        return Err(Problem::bad_request("missing-address", "an account needs an email address or a phone number"));
    }
    let fallback = email.map(|e| e.as_str().split('@').next().unwrap_or("").to_string()).unwrap_or_else(|| "member".into());
    let given = display_name.map(str::trim).filter(|n| !n.is_empty());
    let name = reel_base::domain::public_profile::display_name(given.unwrap_or(&fallback))
        .map_err(|e| Problem::bad_request("invalid-name", e.to_string()))?;
    let base = if given.is_some() { handle_from(&name) } else { unnamed_handle() };
    let mut channel = base.clone();
    let mut n = 1;
    while users::channel_taken(db, &channel).await? {
        n += 1;
        channel = format!("{base}{n}");
    }
    let id = UserId::new();
    let new = NewUser { id, email, phone, display_name: &name, role, channel: &channel };
    users::insert(db, &new).await.map_err(|e| match &e {
        sqlx::Error::Database(d) if d.message().contains("UNIQUE") => {
            Problem::conflict("account-exists", "an account with that address exists")
        }
        _ => Problem::internal(e),
    })?;
    users::by_id(db, id).await?.ok_or_else(|| Problem::internal(anyhow::anyhow!("the new account vanished")))
}

/// The handle of an account whose owner gave no name: `member-` and eight random letters and
/// digits from the OS RNG (no `0`, `o`, `1` or `l`, which read alike).
fn unnamed_handle() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
    let tail: String = (0..8).map(|_| char::from(ALPHABET[rand::rngs::OsRng.gen_range(0..ALPHABET.len())])).collect();
    format!("member-{tail}")
}

/// A channel handle: lower-case letters, digits and dashes, 3–30 long.
fn handle_from(name: &str) -> String {
    let mut handle = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            handle.push(c);
        } else if !handle.ends_with('-') && !handle.is_empty() {
            handle.push('-');
        }
    }
    let mut handle: String = handle.trim_matches('-').chars().take(30).collect();
    while handle.len() < 3 {
        handle.push('x');
    }
    handle
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_are_plain_and_bounded() {
        assert_eq!(handle_from("Ada Lovelace"), "ada-lovelace");
        assert_eq!(handle_from("  <b>Zoë</b> "), "b-zo-b");
        assert_eq!(handle_from("李"), "xxx");
        assert_eq!(handle_from(&"a".repeat(50)).len(), 30);
    }

    #[test]
    fn an_unnamed_handle_is_plain_and_its_own() {
        let (a, b) = (unnamed_handle(), unnamed_handle());
        assert_ne!(a, b);
        assert!(a.starts_with("member-") && a.len() == 15, "{a}");
        assert!(a.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'), "{a}");
    }
}
