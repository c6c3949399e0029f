//! Property test of the one-time-code rules: over random sequences of requests, right and
//! wrong codes, replays and waits past expiry, no code is ever accepted twice, after expiry,
//! after it was superseded, or after five wrong tries — checked against a model of the rules.

// suite: embedded a property test of the code rules in process on a SQLite of its own; sign_in:: and accounts:: carry codes through PostgreSQL

use std::net::{IpAddr, Ipv4Addr};
use std::time::{Duration, Instant};

use reel::auth::login;
use reel::config::{Config, SignupMode};
use reel::domain::{Address, Email, Role};
use reel::state::AppState;

const TTL_SECS: u64 = 1;
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
    at: Instant,
    failures: u32,
    used: bool,
}

async fn state_in(dir: &std::path::Path) -> AppState {
    let mut config = Config { data_dir: dir.to_path_buf(), ..Config::default() };
    config.telemetry.metrics_listen = String::new();
    config.auth.signup = SignupMode::Closed;
    config.auth.otp_ttl_secs = TTL_SECS;
    config.auth.otp_resend_secs = 0;
    config.auth.otp_per_hour = 10_000;
    config.auth.otp_max_attempts = MAX_TRIES;
    reel::app::state(config, "http://127.0.0.1:0".into()).await.unwrap()
}

/// Waits for the console notifier's outbox to hold `n` messages; returns the newest code.
async fn newest_code(dir: &std::path::Path, n: usize) -> String {
    let outbox = reel::platform::notify::outbox_dir(dir);
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
    for seed in [1u64, 7, 42] {
        let dir = tempfile::tempdir().unwrap();
        let state = state_in(dir.path()).await;
        let email = Email::parse("prop@example.org").unwrap();
        reel::auth::users::create(&state.db, Some(&email), None, None, Role::Viewer).await.unwrap();
        let address = Address::Email(email);
        let mut rng = Lcg(seed);
        let mut issued: Vec<Issued> = Vec::new();
        let mut accepted = 0;
        for step in 0..40 {
            let roll = rng.next(20);
            if issued.is_empty() || roll < 4 {
                let attempt = login::request_code(&state, &address, ip).await.unwrap();
                let code = newest_code(dir.path(), issued.len() + 1).await;
                issued.push(Issued { attempt, code, at: Instant::now(), failures: 0, used: false });
                continue;
            }
            if roll == 4 {
                tokio::time::sleep(Duration::from_millis(TTL_SECS * 1000 + 100)).await;
                continue;
            }
            // Verify against any code issued so far, right or wrong.
            let i = rng.next(issued.len() as u64) as usize;
            let right = rng.next(3) > 0;
            let latest = i == issued.len() - 1;
            let code =
                if right { issued[i].code.clone() } else { format!("{:06}", (issued[i].code.parse::<u32>().unwrap() + 1) % 1_000_000) };
            let fresh = issued[i].at.elapsed() < Duration::from_millis(TTL_SECS * 1000 - 150);
            let clearly_stale = issued[i].at.elapsed() > Duration::from_millis(TTL_SECS * 1000 + 50);
            let live = latest && !issued[i].used && issued[i].failures < MAX_TRIES;
            let result = login::verify_code(&state, &address, &issued[i].attempt, &code, ip, None).await;
            let ok = result.is_ok();
            if ok {
                accepted += 1;
                assert!(right && live && !clearly_stale, "seed {seed} step {step}: accepted a code that must be refused");
                issued[i].used = true;
            } else {
                assert!(!(right && live && fresh), "seed {seed} step {step}: refused a good, fresh code");
                if live && !right && !clearly_stale {
                    issued[i].failures += 1;
                }
            }
        }
        assert!(accepted > 0, "seed {seed}: the sequence never exercised a success");
    }
}
