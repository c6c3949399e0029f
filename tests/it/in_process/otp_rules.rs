//! Property test of the one-time-code rules: over random sequences of requests, right and
//! wrong codes, replays and waits past expiry, no code is ever accepted twice, after expiry,
//! after it was superseded, or after five wrong tries — checked against a model of the rules.

use std::net::{IpAddr, Ipv4Addr};
use std::time::{Duration, Instant};

use reel_base::config::SignupMode;
use reel_base::domain::{Address, Email, Role};
use reel_core::auth::{login, sign_in};

use crate::common::in_process::InProcess;

/// How long a code lives, in seconds of the test's clock.
const TTL_SECS: u64 = 300;
const MAX_TRIES: u32 = 5;

/// A tiny deterministic generator, so a failing sequence can be replayed from its seed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// What the model knows of one issued code.
struct Issued {
    attempt: String,
    code: String,
    /// When it was issued, by the context's clock (ms).
    at: i64,
    failures: u32,
    used: bool,
}

/// A context whose codes live [`TTL_SECS`], with no wait between requests and no hourly cap.
async fn world() -> InProcess {
    InProcess::start_with(|config| {
        config.auth.signup = SignupMode::Closed;
        config.auth.otp_ttl_secs = TTL_SECS;
        config.auth.otp_resend_secs = 0;
        config.auth.otp_per_hour = 10_000;
        config.auth.otp_max_attempts = MAX_TRIES;
    })
    .await
}

/// Waits for the console notifier's outbox to hold `n` messages; returns the newest code.
async fn newest_code(dir: &std::path::Path, n: usize) -> String {
    let outbox = reel_core::platform::notify::outbox_dir(dir);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let mut files: Vec<_> = std::fs::read_dir(&outbox)
            .map(|d| d.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "txt")).collect())
            .unwrap_or_default();
        if files.len() >= n {
            files.sort();
            let text = std::fs::read_to_string(files.last().unwrap()).unwrap();
            let at = text.find("code is ").unwrap() + "code is ".len();
            return text[at..at + 6].to_string();
        }
        assert!(Instant::now() < deadline, "no code in the outbox");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn no_sequence_of_requests_accepts_a_code_twice_late_superseded_or_after_five_wrong_tries() {
    let ip = IpAddr::V4(Ipv4Addr::LOCALHOST);
    // Each seed's sequence takes milliseconds: the clock stands in for waiting.
    let mut expired_refused = 0;
    for seed in 1u64..=12 {
        let world = world().await;
        let (ctx, dir) = (&world.ctx, world.dir.path());
        let email = Email::parse("prop@example.org").unwrap();
        reel_core::auth::users::create(&ctx.db, Some(&email), None, None, Role::Viewer).await.unwrap();
        let address = Address::Email(email);
        let mut rng = Lcg(seed);
        let mut issued: Vec<Issued> = Vec::new();
        let mut accepted = 0;
        let ttl_ms = TTL_SECS as i64 * 1000;
        for step in 0..60 {
            let roll = rng.next(20);
            if issued.is_empty() || roll < 4 {
                let attempt = login::request_code(ctx, &address, ip).await.unwrap();
                let code = newest_code(dir, issued.len() + 1).await;
                issued.push(Issued { attempt, code, at: ctx.clock().now_ms(), failures: 0, used: false });
                continue;
            }
            if roll == 4 {
                // Time passes: up to twice a code's life, landing at times on its very end.
                let by = if rng.next(4) == 0 { ttl_ms } else { rng.next(2 * ttl_ms as u64) as i64 };
                world.advance(Duration::from_millis(by as u64));
                continue;
            }
            // Verify against any code issued so far, right or wrong.
            let i = rng.next(issued.len() as u64) as usize;
            let right = rng.next(3) > 0;
            let latest = i == issued.len() - 1;
            let code =
                if right { issued[i].code.clone() } else { format!("{:06}", (issued[i].code.parse::<u32>().unwrap() + 1) % 1_000_000) };
            // Exactly at its end a code may go either way; a millisecond either side it may not.
            let age = ctx.clock().now_ms() - issued[i].at;
            let fresh = age < ttl_ms;
            let clearly_stale = age > ttl_ms;
            let live = latest && !issued[i].used && issued[i].failures < MAX_TRIES;
            let result = sign_in::verify_code(
                ctx,
                &address,
                &issued[i].attempt,
                &code,
                sign_in::Browser { ip, user_agent: None, device_cookie: None },
            )
            .await;
            let ok = result.is_ok();
            if ok {
                accepted += 1;
                assert!(right && live && !clearly_stale, "seed {seed} step {step}: accepted a code that must be refused");
                issued[i].used = true;
            } else {
                assert!(!(right && live && fresh), "seed {seed} step {step}: refused a good, fresh code");
                if right && live && clearly_stale {
                    expired_refused += 1;
                }
                if live && !right && !clearly_stale {
                    issued[i].failures += 1;
                }
            }
        }
        assert!(accepted > 0, "seed {seed}: the sequence never exercised a success");
    }
    assert!(expired_refused > 0, "no sequence tried a right code after its end");
}
