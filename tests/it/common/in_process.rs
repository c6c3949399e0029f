//! The in-process tier's harness: a [`Context`] on a SQLite and a data folder of its own, with
//! a clock the test moves. Capabilities are called as handlers, jobs and commands call them,
//! with no server spawned and no port, where a whole server would add nothing but time:
//! `cargo test --test it in_process` runs the modules built on it.

use std::time::Duration;

use reel_base::config::Config;
use reel_base::db::users::UserRecord;
use reel_base::domain::{Clock, Email, Role};
use reel_core::auth::{Caller, Scope};
use reel_core::platform::Context;

/// Some time in 2027, in ms since the epoch: where every in-process clock starts.
pub const START: i64 = 1_800_000_000_000;

/// A context of its own, its clock stopped at [`START`] until the test moves it.
pub struct InProcess {
    /// The one context, as `reel serve` builds it from its configuration.
    pub ctx: Context,
    /// The context's clock (and its database's): `advance` moves both.
    pub clock: Clock,
    /// The data folder (the SQLite database, the store, the outbox), removed at the end.
    pub dir: tempfile::TempDir,
}

impl InProcess {
    /// A context with the embedded defaults.
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    /// A context whose configuration `configure` changes first.
    pub async fn start_with(configure: impl FnOnce(&mut Config)) -> Self {
        let dir = tempfile::tempdir().expect("a temp dir");
        let mut config = Config { data_dir: dir.path().to_path_buf(), ..Config::default() };
        // No metrics listener: many contexts live in one test process.
        config.telemetry.metrics_listen = String::new();
        configure(&mut config);
        let clock = Clock::fixed(START);
        let ctx = reel::app::context_with_clock(config, clock.clone()).await.expect("a context on a fresh SQLite");
        Self { ctx, clock, dir }
    }

    /// Moves the clock on by `by`.
    pub fn advance(&self, by: Duration) {
        self.clock.advance(by);
    }

    /// A new account with `role`, made as `reel user create` makes one.
    pub async fn account(&self, email: &str, role: Role) -> UserRecord {
        let email = Email::parse(email).expect("a valid address");
        reel_core::auth::users::create(&self.ctx.db, Some(&email), None, None, role).await.expect("the account is made")
    }

    /// `user` as a request with an API token of `scopes` is: the caller a capability checks.
    pub async fn caller(&self, user: &UserRecord, scopes: &[Scope]) -> Caller {
        let token = reel_core::auth::create_token(&self.ctx.db, user, None, "in process", scopes, None).await.expect("a token");
        let bearer = format!("Bearer {}", token.secret);
        reel_core::auth::token_caller(&self.ctx, &bearer, |_| Ok(())).await.expect("the token's caller")
    }

    /// A session cookie (`name=value`) of `user`'s, acting as its profile `profile` (none: the
    /// main one), as signing in and then picking the profile leave it.
    pub async fn session_cookie(&self, user: &UserRecord, profile: Option<reel_base::domain::ProfileId>) -> String {
        let client = reel_core::auth::session::Client { ip: "127.0.0.1", user_agent: None, device: None };
        let made = reel_core::auth::session::start(&self.ctx.db, user.id, false, 3600, false, client).await.expect("a session");
        let pair = made.cookie.split(';').next().expect("the cookie's pair").to_string();
        if let Some(profile) = profile {
            let id = pair.split_once('=').expect("name=value").1;
            reel_base::db::profiles::switch_session(&self.ctx.db, &reel_core::auth::hash_token(id), profile).await.expect("the switch");
        }
        pair
    }

    /// The caller of a page request carrying [`InProcess::session_cookie`]'s cookie.
    pub async fn session_caller(&self, user: &UserRecord, profile: Option<reel_base::domain::ProfileId>) -> Caller {
        let cookie = self.session_cookie(user, profile).await;
        let mut headers = axum::http::HeaderMap::new();
        headers.insert(axum::http::header::COOKIE, axum::http::HeaderValue::from_str(&cookie).expect("a header value"));
        reel_core::auth::session_caller(&self.ctx, &headers, reel_core::auth::Csrf::NotNeeded).await.expect("the session's caller")
    }

    /// A plan named `name` at 5.00 EUR a month, with no limits, made as `reel plan create` makes
    /// one.
    pub async fn plan(&self, name: &str) -> reel_core::audience::plans::PlanRecord {
        let new = reel_core::audience::plans::NewPlan {
            name: name.into(),
            price_minor: 500,
            currency: "EUR".into(),
            period: "month".into(),
            ..Default::default()
        };
        reel_core::audience::plans::create(&self.ctx, reel_core::auth::Actor::Operator, &new).await.expect("the plan is made")
    }
}
