//! TOTP recovery codes: ten single-use codes, shown once when two-factor sign-in is turned on
//! or a new set is asked for, each standing in for the authenticator app one time, so a lost
//! phone does not lock its owner out for good.
//!
//! A code is 12 characters of Crockford's base32 (60 bits), written `xxxxxx-xxxxxx`. Only
//! HMAC-SHA256 under the sign-in code key of the account id and the code is stored: a copy of
//! the database alone cannot be searched for codes.

use hmac::{Hmac, Mac};
use rand::Rng;
use sha2::Sha256;

use crate::platform::problem;
use crate::platform::Context;
use reel_base::db::{audit, recovery_codes, users::UserRecord};
use reel_base::domain::UserId;
use reel_base::i18n::Said;

/// Codes in a set.
pub const COUNT: usize = 10;
/// Characters in a code, without the dash.
const LEN: usize = 12;
/// Crockford's base32: no I, L, O or U, so nothing reads as something else.
const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// A new set of codes, as shown to their owner.
pub fn generate() -> Vec<String> {
    let mut rng = rand::rngs::OsRng;
    (0..COUNT)
        .map(|_| {
            let code: String = (0..LEN).map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())])).collect();
            format!("{}-{}", &code[..LEN / 2], &code[LEN / 2..])
        })
        .collect()
}

/// A code as typed, in its one stored form: case, spaces and dashes do not matter, and the
/// letters Crockford's base32 leaves out read as the digits they look like. `None` when it
/// cannot be a recovery code.
pub fn normalise(typed: &str) -> Option<String> {
    let code: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_lowercase() {
            'o' => '0',
            'i' | 'l' => '1',
            c => c,
        })
        .collect();
    (code.len() == LEN && code.bytes().all(|b| ALPHABET.contains(&b))).then_some(code)
}

/// What is stored for `code` (normalised) of `user`.
fn hash(key: &[u8], user: UserId, code: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(format!("totp-recovery\n{user}\n{code}").as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// Makes a new set for `user`, voiding the old one, and audits it; returns the codes to show
/// once.
pub async fn issue(ctx: &Context, user: &UserRecord) -> problem::Result<Vec<String>> {
    let codes = generate();
    let hashes: Vec<String> = codes.iter().map(|c| hash(&ctx.otp_key, user.id, &normalise(c).expect("a generated code"))).collect();
    recovery_codes::replace(&ctx.db, user.id, &hashes).await?;
    audit::record(
        &ctx.db,
        Some(user.id),
        "totp.recovery_codes_created",
        None,
        None,
        Some(&Said::new("audit-recovery-codes").arg("n", COUNT)),
    )
    .await?;
    Ok(codes)
}

/// Spends `typed` if it is one of `user`'s unused codes: `Some(codes left)` when it was, and
/// the use is audited; `None` otherwise.
pub async fn spend(ctx: &Context, user: UserId, typed: &str) -> problem::Result<Option<i64>> {
    let Some(code) = normalise(typed) else { return Ok(None) };
    if !recovery_codes::spend(&ctx.db, user, &hash(&ctx.otp_key, user, &code)).await? {
        return Ok(None);
    }
    let left = recovery_codes::unused(&ctx.db, user).await?;
    audit::record(&ctx.db, Some(user), "totp.recovery_code_used", None, None, Some(&Said::new("audit-codes-left").arg("n", left))).await?;
    Ok(Some(left))
}

/// How many of `user`'s codes are unused.
pub async fn left(ctx: &Context, user: UserId) -> problem::Result<i64> {
    Ok(recovery_codes::unused(&ctx.db, user).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_is_ten_distinct_well_formed_codes() {
        let codes = generate();
        assert_eq!(codes.len(), COUNT);
        let distinct: std::collections::HashSet<_> = codes.iter().collect();
        assert_eq!(distinct.len(), COUNT);
        for code in &codes {
            assert_eq!(code.len(), LEN + 1, "{code}");
            assert_eq!(&code[LEN / 2..LEN / 2 + 1], "-");
            assert!(normalise(code).is_some(), "{code}");
        }
        assert_ne!(generate(), codes);
    }

    #[test]
    fn codes_are_read_as_people_type_them() {
        assert_eq!(normalise("ab12cd-ef34gh").as_deref(), Some("ab12cdef34gh"));
        assert_eq!(normalise(" AB12CD EF34GH ").as_deref(), Some("ab12cdef34gh"));
        assert_eq!(normalise("ab12cd-ef3Ogh").as_deref(), Some("ab12cdef30gh"), "O is zero");
        assert_eq!(normalise("ab1Icd-ef3lgh").as_deref(), Some("ab11cdef31gh"), "I and l are one");
        for bad in ["", "123456", "ab12cd-ef34g", "ab12cd-ef34ghj", "ab12cd-ef34gu", "ab12cd_ef34gh"] {
            assert_eq!(normalise(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_stored_hash_depends_on_the_key_the_account_and_the_code() {
        let (a, b) = (UserId::new(), UserId::new());
        let h = hash(b"key", a, "ab12cdef34gh");
        assert_eq!(h, hash(b"key", a, "ab12cdef34gh"));
        assert_ne!(h, hash(b"other key", a, "ab12cdef34gh"));
        assert_ne!(h, hash(b"key", b, "ab12cdef34gh"));
        assert_ne!(h, hash(b"key", a, "ab12cdef34gj"));
        assert!(!h.contains("ab12cdef34gh"));
    }
}
