//! `Idempotency-Key`: a client that sends a POST again after a timeout, with the same key,
//! gets the first request's answer instead of a second item. A key is the account's own, good
//! for [`KEY_LIFETIME`]; it names one request (its route and what identifies its content), so
//! the same key on another request is refused, and so is a retry while the first is still
//! being served. A request that fails lets its key go, so a retry does the work; one whose
//! process died holding it is taken over after [`ABANDONED_AFTER`].

use std::time::Duration;

use http::StatusCode;
use sha2::{Digest, Sha256};

use crate::platform::problem::{self, Problem};
use crate::platform::Context;
use reel_base::db::{idempotency, Db};
use reel_base::domain::UserId;

/// How long a key's answer is kept.
pub const KEY_LIFETIME: Duration = Duration::from_secs(24 * 3600);
/// How long a key may stay claimed with no answer before a retry takes it over: the first
/// request's process must have died (a live one answers or lets go), and an upload's body
/// must have stopped arriving long before this (`server.upload_idle_timeout_secs`).
pub const ABANDONED_AFTER: Duration = Duration::from_secs(3600);
/// The longest key accepted.
pub const MAX_KEY_LEN: usize = 255;

/// A request's key, checked: 1 to [`MAX_KEY_LEN`] visible ASCII characters.
pub fn parse_key(text: &str) -> problem::Result<&str> {
    let fine = !text.is_empty() && text.len() <= MAX_KEY_LEN && text.bytes().all(|b| b.is_ascii_graphic());
    fine.then_some(text).ok_or_else(|| {
        Problem::bad_request("invalid-idempotency-key", format!("an Idempotency-Key is 1 to {MAX_KEY_LEN} visible ASCII characters"))
    })
}

/// What identifies a request's content, from the parts that say what it asks for (a JSON
/// body, the headers that declare an upload): a SHA-256 of them.
pub fn fingerprint(parts: &[&[u8]]) -> String {
    let mut hash = Sha256::new();
    for part in parts {
        hash.update((part.len() as u64).to_be_bytes());
        hash.update(part);
    }
    hex::encode(hash.finalize())
}

/// The answer a key's first request was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// Its status.
    pub status: u16,
    /// Its body.
    pub body: String,
    /// The headers worth repeating (`Location`, an upload's expiry), as (name, value).
    pub headers: Vec<(String, String)>,
}

/// A key this request holds: it is answered with [`Claimed::finish`], or let go when the
/// request fails ([`Claimed::release`]). Dropping it does neither: the work may have been done
/// (the web layer runs a claimed request to its end even when its client goes away), and a key
/// left claimed is taken over after [`ABANDONED_AFTER`].
pub struct Claimed {
    db: Db,
    account: UserId,
    key: String,
}

/// What [`claim`] found.
pub enum Claim {
    /// No earlier request with this key: this one does the work.
    New(Claimed),
    /// An earlier request with this key was answered: its answer, again.
    Replay(Answer),
}

/// Claims `key` for `account`'s request on `route` (`POST /api/v1/videos`) whose content is
/// `fingerprint`.
pub async fn claim(ctx: &Context, account: UserId, key: &str, route: &str, fingerprint: &str) -> problem::Result<Claim> {
    let key = parse_key(key)?;
    let now = ctx.clock().now_ms();
    let (stale, abandoned) = (now - KEY_LIFETIME.as_millis() as i64, now - ABANDONED_AFTER.as_millis() as i64);
    let Some(earlier) = idempotency::claim(&ctx.db, account, key, route, fingerprint, stale, abandoned).await? else {
        return Ok(Claim::New(Claimed { db: ctx.db.clone(), account, key: key.to_string() }));
    };
    if earlier.route != route || earlier.fingerprint != fingerprint {
        return Err(Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "idempotency-key-reused",
            "this Idempotency-Key was sent with another request; use a new key for a new request",
        ));
    }
    let (Some(status), Some(body)) = (earlier.status, earlier.body) else {
        return Err(Problem::conflict("idempotency-key-in-use", "a request with this Idempotency-Key is still being served").retry_in(5));
    };
    let headers = earlier.headers.and_then(|h| serde_json::from_str(&h).ok()).unwrap_or_default();
    Ok(Claim::Replay(Answer { status: u16::try_from(status).unwrap_or(500), body, headers }))
}

impl Claimed {
    /// Keeps `answer` as the key's, for its retries. Tried twice: the work is done, and a key
    /// left unanswered would turn its retries away until [`ABANDONED_AFTER`].
    pub async fn finish(self, answer: &Answer) -> problem::Result<()> {
        let headers = serde_json::to_string(&answer.headers).map_err(Problem::internal)?;
        let keep = || idempotency::finish(&self.db, self.account, &self.key, answer.status, &answer.body, &headers);
        if let Err(first) = keep().await {
            tracing::warn!(error = %first, "could not keep an idempotency key's answer; trying once more");
            keep().await?;
        }
        Ok(())
    }

    /// Lets the key go: the request failed, and a retry should do the work.
    pub async fn release(self) {
        if let Err(e) = idempotency::release(&self.db, self.account, &self.key).await {
            tracing::warn!(error = %e, "could not let an idempotency key go; its retries wait until it is abandoned");
        }
    }
}

/// Forgets keys older than [`KEY_LIFETIME`]; how many.
pub async fn forget_expired(ctx: &Context) -> problem::Result<u64> {
    Ok(idempotency::forget_before(&ctx.db, ctx.clock().now_ms() - KEY_LIFETIME.as_millis() as i64).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_short_visible_ascii() {
        assert_eq!(parse_key("retry-7f3a").unwrap(), "retry-7f3a");
        for bad in ["", "has space", "tab\t", "é", &"k".repeat(256)] {
            assert_eq!(parse_key(bad).unwrap_err().code(), "invalid-idempotency-key", "{bad:?}");
        }
    }

    #[test]
    fn a_fingerprint_tells_parts_apart_wherever_they_split() {
        assert_eq!(fingerprint(&[b"ab", b"c"]), fingerprint(&[b"ab", b"c"]));
        assert_ne!(fingerprint(&[b"ab", b"c"]), fingerprint(&[b"a", b"bc"]));
        assert_eq!(fingerprint(&[]).len(), 64);
    }
}
