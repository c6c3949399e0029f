//! Passwordless login by one-time code (OWASP ASVS 5 §6.5–6.6): six digits from the OS RNG;
//! only a keyed hash stored, bound to the challenge and to the login attempt that asked for
//! it; five minutes; single use; five wrong tries; resend cooldown and hourly caps per address
//! and per client IP; the same answer whether or not the account exists. A code is good only
//! for what it was sent for: a sign-in code signs in, and the code a session asks for to delete
//! its account deletes it, from that session alone.

use std::net::IpAddr;

use hmac::{Hmac, Mac};
use rand::Rng;
use sha2::Sha256;

use crate::platform::problem::{self, Problem};
use crate::platform::Context;
use reel_base::config::SignupMode;
use reel_base::db::{audit, otp, users};
use reel_base::domain::{Address, UserId};

use super::{hash_token, random_token};
use crate::platform::notify::{self, Message};
use reel_base::i18n::{text, Lang, Said};

/// Wrong codes per day for one address from one client, and from everyone: past these, codes
/// for the address are refused for a while, however many new ones are asked for.
const DAILY_FAILURES_PER_CLIENT: i64 = 20;
const DAILY_FAILURES_PER_ADDRESS: i64 = 100;
/// Codes per hour for one address from everyone, as a multiple of `auth.otp_per_hour` (which
/// applies per address and client): high enough that strangers cannot lock a person out.
const ADDRESS_CAP_FACTOR: i64 = 5;
const DAY_MS: i64 = 24 * 3600 * 1000;

/// What a person is told after asking for a code, whatever the truth.
pub const SENT_MESSAGE: &str = "If this address belongs to an account, a sign-in code is on its way.";

/// The keyed hash stored for a code: HMAC-SHA256(key, challenge id ":" code).
fn code_hash(key: &[u8], challenge_id: &str, code: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(challenge_id.as_bytes());
    mac.update(b":");
    mac.update(code.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// Six random digits.
fn new_code() -> String {
    format!("{:06}", rand::rngs::OsRng.gen_range(0..1_000_000u32))
}

/// The email or text message carrying `code` from the site called `site`, in `lang`, saying what
/// it is for (signing in, or with `for_deletion`, deleting the account): it works `minutes`.
fn code_message(lang: Lang, site: &str, for_deletion: bool, code: &str, minutes: u64, receipt_url: Option<String>) -> Message {
    let (subject, body) =
        if for_deletion { ("email-delete-code-subject", "email-delete-code-text") } else { ("email-code-subject", "email-code-text") };
    Message {
        subject: text(lang, subject, &[("code", code.into()), ("site", site.into())]),
        text: text(lang, body, &[("code", code.into()), ("minutes", minutes.into()), ("site", site.into())]),
        receipt_url,
        unsubscribe: None,
    }
}

/// Whether a code should really be sent to this address, and for which account.
async fn recipient(ctx: &Context, address: &Address) -> problem::Result<(bool, Option<UserId>)> {
    if let Some(user) = users::by_address(&ctx.db, address).await? {
        return Ok((user.active_at(ctx.clock().now_ms()), Some(user.id)));
    }
    let may_sign_up = match ctx.config.auth.signup {
        SignupMode::Open => true,
        SignupMode::Invite => matches!(address, Address::Email(e) if users::invitation(&ctx.db, e.as_str()).await?.is_some()),
        SignupMode::Closed => false,
    };
    Ok((may_sign_up, None))
}

/// Starts a login: records a challenge and (if the address may sign in) sends the code.
/// Returns the login attempt token the code is bound to.
pub async fn request_code(ctx: &Context, address: &Address, ip: IpAddr) -> problem::Result<String> {
    issue(ctx, address, ip, otp::Purpose::SignIn, None).await
}

/// Sends the code that deletes `user`'s account to its `address`, bound to the session whose
/// id hashes to `session_hash`: no other session deletes with it, and it signs no one in.
/// Returns the attempt to send back with it; the limits of sign-in codes apply.
pub async fn request_deletion_code(
    ctx: &Context,
    user: UserId,
    address: &Address,
    session_hash: &str,
    ip: IpAddr,
) -> problem::Result<String> {
    issue(ctx, address, ip, otp::Purpose::DeleteAccount { session_hash }, Some(user)).await
}

/// Records a challenge for `purpose` and sends its code: to `account`'s address, or where no
/// account is named, if the address may sign in. Returns the attempt the code is bound to.
async fn issue(
    ctx: &Context,
    address: &Address,
    ip: IpAddr,
    purpose: otp::Purpose<'_>,
    account: Option<UserId>,
) -> problem::Result<String> {
    let cfg = &ctx.config.auth;
    let now = ctx.clock().now_ms();
    // A client is its IPv6 /64 (or IPv4 address): one subscriber picks addresses in it at will.
    let ip_text = crate::platform::ratelimit::ip_bucket(ip);
    let recent = otp::recent(&ctx.db, address.as_str(), &ip_text, now - 3_600_000).await?;
    // The same limits apply to every address, existing or not, so they reveal nothing.
    if let Some(newest) = recent.newest_from_client {
        let wait_ms = i64::try_from(cfg.otp_resend_secs * 1000).unwrap_or(i64::MAX) - (now - newest);
        if wait_ms > 0 {
            return Err(Problem::too_many_requests(u64::try_from(wait_ms).unwrap_or(1).div_ceil(1000)));
        }
    }
    let per_hour = i64::from(cfg.otp_per_hour);
    if recent.address_from_client >= per_hour || recent.client >= per_hour || recent.address >= per_hour * ADDRESS_CAP_FACTOR {
        lockout("code_limit");
        audit::record(&ctx.db, None, "login.code_limit", Some(address.as_str()), Some(&ip_text), None).await?;
        return Err(Problem::too_many_requests(3600 / u64::from(cfg.otp_per_hour.max(1))));
    }
    let (send, user_id) = match account {
        Some(user) => (true, Some(user)),
        None => recipient(ctx, address).await?,
    };
    let attempt = random_token();
    let challenge = uuid::Uuid::new_v4().to_string();
    let code = new_code();
    let stored = if send { code_hash(&ctx.otp_key, &challenge, &code) } else { code_hash(&ctx.otp_key, &challenge, &random_token()) };
    let expires_at = now + i64::try_from(cfg.otp_ttl_secs * 1000).unwrap_or(i64::MAX / 2);
    let new = otp::NewChallenge {
        id: &challenge,
        attempt_hash: &hash_token(&attempt),
        channel: address.channel(),
        address: address.as_str(),
        user_id,
        code_hash: &stored,
        expires_at,
        ip: &ip_text,
        purpose,
    };
    otp::insert(&ctx.db, &new).await?;
    metrics::counter!("reel_login_codes_total", "channel" => address.channel(), "outcome" => "requested").increment(1);
    if send {
        let receipt_url = match address {
            Address::Phone(_) => Some(receipt_url(ctx, &challenge)?),
            Address::Email(_) => None,
        };
        let minutes = cfg.otp_ttl_secs / 60;
        let for_deletion = matches!(purpose, otp::Purpose::DeleteAccount { .. });
        // Delivery happens after the answer, so how long it takes says nothing about the account
        // (nor does reading the account's language, which is done then too).
        let (notifier, db, config, to) = (ctx.notifier.clone(), ctx.db.clone(), ctx.config.clone(), address.clone());
        tokio::spawn(async move {
            let lang = notify::language_for(&db, &config.site, user_id).await;
            let message = code_message(lang, &config.site.name, for_deletion, &code, minutes, receipt_url);
            // The notifier logs failures itself; the audit log and the challenge keep the outcome.
            let delivery = if notifier.send(&to, &message).await.is_ok() { otp::Delivery::Sent } else { otp::Delivery::Failed };
            metrics::counter!("reel_login_codes_total", "channel" => to.channel(), "outcome" => delivery.as_str()).increment(1);
            let action = if delivery == otp::Delivery::Sent { "login.code_sent" } else { "login.code_undelivered" };
            let _ = otp::record_delivery(&db, &challenge, delivery).await;
            let _ = audit::record(&db, None, action, Some(to.as_str()), None, None).await;
        });
    }
    Ok(attempt)
}

/// How long an SMS provider may take to report back on a code's message.
const RECEIPT_TTL_SECS: u64 = 2 * 24 * 3600;

/// The URL an SMS provider posts its delivery receipt for this challenge to: signed, so only
/// the one who was handed the message can report on it, and only on it.
fn receipt_url(ctx: &Context, challenge: &str) -> problem::Result<String> {
    let key = super::links::key(&ctx.config).map_err(Problem::internal)?;
    let challenge: uuid::Uuid = challenge.parse().map_err(Problem::internal)?;
    let expires = ctx.clock().now_secs() + RECEIPT_TTL_SECS;
    let token = super::links::sign(&key, super::links::Purpose::SmsReceipt, &challenge, expires);
    Ok(format!("{}/api/v1/sms/receipts/{token}", ctx.site_url))
}

/// What an SMS provider's receipt says, in its own words: the status values of the common
/// providers (Twilio's `MessageStatus`, SMPP's `stat`, plain `status`), case ignored.
pub fn receipt_outcome(status: &str) -> Option<otp::Delivery> {
    match status.trim().to_ascii_lowercase().as_str() {
        "delivered" | "delivrd" | "read" => Some(otp::Delivery::Delivered),
        "undelivered" | "undeliv" | "undeliverable" | "failed" | "rejected" | "rejectd" | "expired" | "deleted" => {
            Some(otp::Delivery::Undelivered)
        }
        _ => None,
    }
}

/// Records an SMS provider's receipt posted to a URL [`receipt_url`] made. A bad or expired
/// signature is refused; a status that is neither delivered nor undelivered (queued, sent…) and
/// a second receipt for the same message change nothing.
pub async fn record_receipt(ctx: &Context, token: &str, status: &str) -> problem::Result<()> {
    let key = super::links::key(&ctx.config).map_err(Problem::internal)?;
    let challenge: uuid::Uuid = super::links::verify(&key, super::links::Purpose::SmsReceipt, token, ctx.clock().now_secs())
        .ok_or_else(|| Problem::forbidden("this receipt link is not valid or has expired"))?;
    let Some(delivery) = receipt_outcome(status) else { return Ok(()) };
    if let Some(channel) = otp::record_delivery(&ctx.db, &challenge.to_string(), delivery).await? {
        metrics::counter!("reel_login_codes_total", "channel" => channel, "outcome" => delivery.as_str()).increment(1);
    }
    Ok(())
}

/// Counts a sign-in locked out, by why.
pub(super) fn lockout(reason: &'static str) {
    metrics::counter!("reel_lockouts_total", "reason" => reason).increment(1);
}

/// Counts a sign-in attempt's outcome.
pub(super) fn signin(outcome: &'static str) {
    metrics::counter!("reel_signins_total", "outcome" => outcome).increment(1);
}

/// The answer to a wrong, spent or expired code.
pub(super) fn invalid_code() -> Problem {
    Problem::bad_request("invalid-code", "the code is wrong or has expired; ask for a new one")
}

/// Spends a sign-in code sent to `address` for login attempt `attempt`: every limit of a sign-in
/// applies (rate, tries per code, failures per day), and a right code works once. Used to sign
/// in and wherever an account proves it is present again (leaving a kids profile); a deletion
/// code is never accepted here.
pub async fn redeem_code(ctx: &Context, address: &Address, attempt: &str, code: &str, ip_text: &str) -> problem::Result<()> {
    redeem(ctx, address, otp::Purpose::SignIn, attempt, code, ip_text).await
}

/// Spends a deletion code [`request_deletion_code`] sent to `address` for the session whose id
/// hashes to `session_hash`, under the limits of sign-in codes; a sign-in code, or a deletion
/// code of another session, is never accepted here.
pub async fn redeem_deletion_code(
    ctx: &Context,
    address: &Address,
    session_hash: &str,
    attempt: &str,
    code: &str,
    ip_text: &str,
) -> problem::Result<()> {
    redeem(ctx, address, otp::Purpose::DeleteAccount { session_hash }, attempt, code, ip_text).await
}

/// Spends a code sent to `address` for `purpose` and attempt `attempt`, within every limit.
async fn redeem(
    ctx: &Context,
    address: &Address,
    purpose: otp::Purpose<'_>,
    attempt: &str,
    code: &str,
    ip_text: &str,
) -> problem::Result<()> {
    let cfg = &ctx.config.auth;
    ctx.shared.check_rate(&format!("verify:{ip_text}"), crate::platform::ratelimit::verify_quota(&ctx.config.rate_limit)).await?;
    // Asking for new codes must not buy endless guesses: wrong codes are capped per day.
    let (all, mine) = otp::failures_since(&ctx.db, address.as_str(), ip_text, ctx.clock().now_ms() - DAY_MS).await?;
    if mine >= DAILY_FAILURES_PER_CLIENT || all >= DAILY_FAILURES_PER_ADDRESS {
        lockout("address_throttled");
        signin("failed");
        audit::record(&ctx.db, None, "login.address_throttled", Some(address.as_str()), Some(ip_text), None).await?;
        return Err(Problem::too_many_requests(3600));
    }
    let code = code.trim();
    let limits = otp::GuessLimits {
        per_code: i64::from(cfg.otp_max_attempts),
        per_address: DAILY_FAILURES_PER_ADDRESS,
        per_client: DAILY_FAILURES_PER_CLIENT,
        client: ip_text,
        since: ctx.clock().now_ms() - DAY_MS,
    };
    // The try is reserved before the code is compared, so parallel guesses cannot outrun the
    // count.
    let challenge = match otp::reserve_guess(&ctx.db, address.as_str(), &hash_token(attempt), purpose, limits).await? {
        otp::Gate::Open(challenge) => challenge,
        otp::Gate::Closed => {
            signin("failed");
            let detail = Said::new("audit-no-live-code");
            audit::record(&ctx.db, None, "login.failed", Some(address.as_str()), Some(ip_text), Some(&detail)).await?;
            return Err(invalid_code());
        }
        otp::Gate::Throttled => {
            lockout("address_throttled");
            signin("failed");
            audit::record(&ctx.db, None, "login.address_throttled", Some(address.as_str()), Some(ip_text), None).await?;
            return Err(Problem::too_many_requests(3600));
        }
    };
    let expected = code_hash(&ctx.otp_key, &challenge.id, code);
    let well_formed = code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit());
    if !well_formed || !crate::platform::secrets::equal(expected.as_bytes(), challenge.code_hash.as_bytes()) {
        let failures = challenge.failures;
        let locked = otp::void_if_spent(&ctx.db, &challenge.id, i64::from(cfg.otp_max_attempts)).await?
            || failures >= i64::from(cfg.otp_max_attempts);
        let action = if locked { "login.locked" } else { "login.failed" };
        if locked {
            lockout("code_tries");
        }
        signin("failed");
        audit::record(
            &ctx.db,
            challenge.user_id,
            action,
            Some(address.as_str()),
            Some(ip_text),
            Some(&Said::new("audit-wrong-code").arg("n", failures)),
        )
        .await?;
        return Err(invalid_code());
    }
    // Single use: of two requests racing with the right code, one wins.
    if !otp::consume(&ctx.db, &challenge.id).await? {
        signin("failed");
        return Err(invalid_code());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_message_reads_as_it_always_has_in_english_and_is_written_in_the_recipients_language() {
        let en = code_message(Lang::En, "Reel", false, "012345", 5, None);
        assert_eq!(en.subject, "Your Reel sign-in code: 012345");
        assert_eq!(
            en.text,
            "Your Reel sign-in code is 012345.\nIt is valid for 5 minutes. If you did not ask for it, ignore this message."
        );
        let fr = code_message(Lang::Fr, "Reel", false, "012345", 1, None);
        assert_eq!(fr.subject, "Votre code de connexion Reel : 012345");
        assert!(fr.text.contains("012345") && fr.text.contains("valable 1 minute."), "{}", fr.text);
        let ar = code_message(Lang::Ar, "Reel", false, "012345", 5, None);
        assert!(ar.text.contains("012345") && ar.text.contains('٥'), "the code keeps its digits, the minutes take Arabic's: {}", ar.text);
        let named = code_message(Lang::En, "Kino Club", false, "012345", 5, None);
        assert_eq!(named.subject, "Your Kino Club sign-in code: 012345", "the site's configured name");
        assert!(named.text.starts_with("Your Kino Club sign-in code is 012345."), "{}", named.text);
    }

    #[test]
    fn a_deletion_code_says_it_deletes_the_account_and_not_that_it_signs_in_in_every_language() {
        for lang in [Lang::En, Lang::Fr, Lang::Ar] {
            let deleting = code_message(lang, "Reel", true, "012345", 5, None);
            let signing_in = code_message(lang, "Reel", false, "012345", 5, None);
            assert!(deleting.subject.contains("012345") && deleting.text.contains("012345"), "{lang:?}: {}", deleting.text);
            assert_ne!(deleting.subject, signing_in.subject, "{lang:?}");
            assert_ne!(deleting.text, signing_in.text, "{lang:?}");
        }
        let en = code_message(Lang::En, "Reel", true, "012345", 5, None);
        assert_eq!(en.subject, "Your code to delete your Reel account: 012345");
        assert!(en.text.starts_with("Your code is 012345: it deletes your Reel account."), "{}", en.text);
    }

    #[test]
    fn codes_are_six_digits() {
        for _ in 0..1000 {
            let c = new_code();
            assert!(c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit()), "{c}");
        }
    }

    #[test]
    fn a_code_hash_is_bound_to_its_challenge_and_key() {
        let h = code_hash(b"key", "challenge-1", "123456");
        assert_ne!(h, code_hash(b"key", "challenge-2", "123456"));
        assert_ne!(h, code_hash(b"other", "challenge-1", "123456"));
        assert_ne!(h, code_hash(b"key", "challenge-1", "123457"));
        assert_eq!(h, code_hash(b"key", "challenge-1", "123456"));
    }
}
