//! Who is calling and what they may do: accounts, one-time-code login, sessions, API tokens
//! (hashed at rest, scoped), TOTP, and the `Caller` of every protected route (read from a
//! request in `http/extract.rs`).

pub mod account;
pub mod commands;
pub mod devices;
pub mod links;
pub mod login;
pub mod policy;
pub mod recovery;
pub mod route_scope;
pub mod session;
pub mod sign_in;
pub mod totp;
pub mod users;

use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::platform::problem::Problem;
use crate::platform::Context;
use reel_base::db::{profiles, sessions, tokens, users::UserRecord};
use reel_base::domain::device::DeviceId;
use reel_base::domain::{ProfileId, Role, TokenId, UserId};

/// Every API token starts with this, so leaked tokens are easy to recognise and scan for.
const TOKEN_PREFIX: &str = "reel_";

/// What an API token may be used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Read the API (list, watch).
    Read,
    /// Upload and manage one's videos.
    Upload,
    /// Administer users, the queue and the audit log.
    Admin,
    /// Change one's own account: its public profile, viewer profiles, playlists, history,
    /// follows, notifications, tokens and second factor, and read its export.
    Account,
    /// Work the moderation queue: reports, takedowns, hiding and deleting comments,
    /// suspensions (moderators and admins).
    Moderate,
}

impl Scope {
    /// The name used in `scopes` lists.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Upload => "upload",
            Scope::Admin => "admin",
            Scope::Account => "account",
            Scope::Moderate => "moderate",
        }
    }

    /// Parses a comma-separated scope list, refusing unknown names.
    pub fn parse_list(text: &str) -> Result<Vec<Scope>, Problem> {
        text.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| match s {
                "read" => Ok(Scope::Read),
                "upload" => Ok(Scope::Upload),
                "admin" => Ok(Scope::Admin),
                "account" => Ok(Scope::Account),
                "moderate" => Ok(Scope::Moderate),
                other => Err(Problem::bad_request(
                    "invalid-scope",
                    format!("unknown scope {other:?}; use read, account, upload, moderate, admin"),
                )),
            })
            .collect()
    }

    /// Whether an account with `role` may hold this scope.
    pub fn allowed_for(self, role: Role) -> bool {
        match self {
            Scope::Read | Scope::Account => true,
            Scope::Upload => role.can_upload(),
            Scope::Admin => role == Role::Admin,
            Scope::Moderate => role.can_moderate(),
        }
    }

    /// The scopes a token gets when none are named: every one `role` allows but `admin`, which
    /// is only ever given by name.
    pub fn defaults_for(role: Role) -> Vec<Scope> {
        [Scope::Read, Scope::Account, Scope::Upload, Scope::Moderate].into_iter().filter(|s| s.allowed_for(role)).collect()
    }

    /// Whether a token holding `held` may act where `self` is needed: it holds it, or holds
    /// `admin`, which administers everything.
    pub fn satisfied_by(self, held: &[Scope]) -> bool {
        held.contains(&self) || held.contains(&Scope::Admin)
    }
}

/// How the caller proved who they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// A session cookie; the hash identifies the session (for logout).
    Session {
        /// SHA-256 of the session id.
        id_hash: String,
        /// The session's CSRF token (handed to the page's scripts).
        csrf_token: String,
    },
    /// `Authorization: Bearer reel_…`.
    ApiToken {
        /// The token's id.
        id: TokenId,
        /// What the token allows.
        scopes: Vec<Scope>,
        /// When it stops working (ms), if it was made to: no token it makes outlives it.
        expires_at: Option<i64>,
    },
}

/// An authenticated caller: the account and the credential used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The account's id.
    pub user_id: UserId,
    /// The account's role.
    pub role: Role,
    /// Name shown to others.
    pub display_name: String,
    /// Public handle.
    pub channel: String,
    /// How they signed in.
    pub credential: Credential,
    /// The viewer profile they act as.
    pub profile: ActiveProfile,
    /// The device the credential belongs to (a browser's session, an app's token); none for a
    /// session or token older than devices.
    pub device: Option<DeviceId>,
}

/// The viewer profile a caller acts as: whose history and playlists they see, and, for a kids
/// profile, the cap on what they may see at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActiveProfile {
    /// Its id (the account's own for the main profile).
    pub id: ProfileId,
    /// Its name.
    pub name: String,
    /// Its avatar colour.
    pub avatar: String,
    /// Whether it is a kids profile: it reads and changes only its own things, and sees only
    /// items at or under the cap.
    pub kids: bool,
}

impl ActiveProfile {
    /// The main profile of account `user` called `name`, for an account whose profile row is
    /// missing (it is made with the account; this keeps a request working if it is not).
    pub fn main(user: UserId, name: &str) -> Self {
        Self { id: user.into(), name: name.to_string(), avatar: reel_base::domain::profile::AVATAR_COLOURS[0].into(), kids: false }
    }
}

/// Who asks for an action: a signed-in caller, held to the scope it needs and named in the
/// records, or the operator at the server's own shell (`reel …`), who holds every right and has
/// no account. The API, the pages and the command line call one capability with either.
#[derive(Clone, Copy)]
pub enum Actor<'a> {
    /// A request's caller.
    Caller(&'a Caller),
    /// The command line.
    Operator,
}

impl Actor<'_> {
    /// Refuses with 403 a caller without `scope`; the operator has every scope.
    pub fn require(&self, scope: Scope) -> Result<(), Problem> {
        match self {
            Self::Caller(caller) => caller.require(scope),
            Self::Operator => Ok(()),
        }
    }

    /// The account the records name as having acted: none for the operator.
    pub fn subject(&self) -> Option<UserId> {
        match self {
            Self::Caller(caller) => Some(caller.subject()),
            Self::Operator => None,
        }
    }
}

impl Caller {
    /// The account id, written into playback tokens and records the caller creates.
    pub fn subject(&self) -> UserId {
        self.user_id
    }

    /// The profile whose history, positions and playlists the caller's watching goes to.
    pub fn profile_id(&self) -> ProfileId {
        self.profile.id
    }

    /// The account and profile, as the watching records key them.
    pub fn viewer(&self) -> reel_base::db::watch::Viewer {
        reel_base::db::watch::Viewer { user: self.user_id, profile: self.profile.id }
    }

    /// Whether the caller may act with `scope`: its role allows it, for tokens the token does,
    /// and a kids profile only reads and changes its own things (whatever the account's role;
    /// what belongs to the whole account asks [`Caller::require_grown_up`] too).
    pub fn has(&self, scope: Scope) -> bool {
        scope.allowed_for(self.role)
            && (!self.profile.kids || matches!(scope, Scope::Read | Scope::Account))
            && match &self.credential {
                Credential::Session { .. } => true,
                Credential::ApiToken { scopes, .. } => scopes.contains(&scope),
            }
    }

    /// Refuses with 403 unless the caller has `scope`.
    pub fn require(&self, scope: Scope) -> Result<(), Problem> {
        if self.has(scope) {
            Ok(())
        } else {
            Err(Problem::forbidden(format!("this needs the {} permission", scope.as_str())))
        }
    }

    /// Refuses a kids profile: managing the account (its profiles, tokens, sessions, second
    /// factor) is for a grown-up's profile.
    pub fn require_grown_up(&self) -> Result<(), Problem> {
        if self.profile.kids {
            return Err(Problem::forbidden("a kids profile cannot manage the account; switch to another profile"));
        }
        Ok(())
    }

    /// Whether the caller is an admin acting with admin rights.
    pub fn is_admin(&self) -> bool {
        self.has(Scope::Admin)
    }

    /// Whether the caller acts as a moderator (a moderator, or an admin with admin rights).
    pub fn moderates(&self) -> bool {
        self.has(Scope::Moderate) || self.is_admin()
    }
}

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "reel_session";
/// The header carrying the CSRF token on state-changing requests made with a session cookie.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The caller behind an API token, given the `Authorization` header's value; `allowed`
/// checks the token's scopes (against the route, for a request) before its use is recorded.
pub async fn token_caller(
    ctx: &Context,
    authorization: &str,
    allowed: impl FnOnce(&[Scope]) -> Result<(), Problem>,
) -> Result<Caller, Problem> {
    let bearer = Some(authorization)
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim)
        .filter(|t| t.starts_with(TOKEN_PREFIX) && t.len() <= 128)
        .ok_or_else(Problem::unauthorized)?;
    // Looking a token up by its hash reveals nothing about the token through timing.
    let token = tokens::find_live(&ctx.db, &hash_token(bearer)).await?.ok_or_else(Problem::unauthorized)?;
    let scopes = Scope::parse_list(&token.scopes).unwrap_or_default();
    allowed(&scopes)?;
    let user = load_user(ctx, token.user_id).await?;
    // Best effort: a busy database must not fail a request over a bookkeeping write.
    if let Err(e) = tokens::touch(&ctx.db, &token).await {
        tracing::warn!(error = %e, token = %token.id, "could not record a token's last use");
    }
    let profile = active_profile(ctx, &user, token.profile_id).await?;
    caller(user, profile, Credential::ApiToken { id: token.id, scopes, expires_at: token.expires_at }, token.device_id.as_deref())
}

/// What a request made with the session cookie shows to prove it comes from Reel's own pages.
#[derive(Debug, Clone, Copy)]
pub enum Csrf<'a> {
    /// A read (GET, HEAD, OPTIONS): nothing.
    NotNeeded,
    /// A change: the token sent in the `X-CSRF-Token` header or a form's `csrf` field.
    Sent(&'a str),
}

/// The caller behind the session cookie in `headers`, checking the CSRF token of a change.
pub async fn session_caller(ctx: &Context, headers: &http::HeaderMap, csrf: Csrf<'_>) -> Result<Caller, Problem> {
    let session_id = session::cookie_value(headers, SESSION_COOKIE).ok_or_else(Problem::unauthorized)?;
    let id_hash = hash_token(&session_id);
    let session = sessions::live(&ctx.db, &id_hash).await?.ok_or_else(Problem::unauthorized)?;
    if session.mfa_pending != 0 {
        return Err(Problem::new(http::StatusCode::UNAUTHORIZED, "second-factor-required", "enter the code from your authenticator app"));
    }
    if let Csrf::Sent(sent) = csrf {
        // Cookies ride along on cross-site requests; the CSRF token does not.
        if !crate::platform::secrets::equal(sent.as_bytes(), session.csrf_token.as_bytes()) {
            return Err(Problem::forbidden("missing or wrong CSRF token"));
        }
    }
    let user = load_user(ctx, session.user_id).await?;
    sessions::touch(&ctx.db, &id_hash).await?;
    let owes_totp = ctx.config.auth.require_totp_for_admins && user.role == Role::Admin && user.totp_enabled_at.is_none();
    let profile = active_profile(ctx, &user, session.profile_id).await?;
    let mut caller = caller(user, profile, Credential::Session { id_hash, csrf_token: session.csrf_token }, session.device_id.as_deref())?;
    if owes_totp {
        // Admin rights wait for the second factor the deployment requires.
        caller.role = Role::Creator;
    }
    Ok(caller)
}

/// The account a session or token belongs to, while it may act: a disabled one is as good as
/// gone, and a suspended one is told so (and until when) on every request, its sessions and
/// tokens refused from the moment it is suspended.
async fn load_user(ctx: &Context, id: UserId) -> Result<UserRecord, Problem> {
    let user = reel_base::db::users::by_id(&ctx.db, id).await?.filter(|u| u.disabled_at.is_none()).ok_or_else(Problem::unauthorized)?;
    if !user.active_at(ctx.clock().now_ms()) {
        let until = user.suspended_until.map(reel_base::domain::rfc3339).unwrap_or_default();
        let message =
            format!("this account is suspended until {until}: {}", user.suspension_reason.as_deref().unwrap_or("no reason given"));
        return Err(Problem::new(http::StatusCode::FORBIDDEN, "account-suspended", message));
    }
    Ok(user)
}

/// The profile a session or token acts as: the one it names if the account still has it, else
/// the main profile.
async fn active_profile(ctx: &Context, user: &UserRecord, id: Option<ProfileId>) -> Result<ActiveProfile, Problem> {
    let main = ProfileId::from(user.id);
    let mut found = profiles::get(&ctx.db, user.id, id.unwrap_or(main)).await?;
    if found.is_none() && id.is_some_and(|id| id != main) {
        found = profiles::get(&ctx.db, user.id, main).await?;
    }
    Ok(match found {
        Some(p) => ActiveProfile { id: p.id, kids: p.is_kids(), name: p.name, avatar: p.avatar },
        None => ActiveProfile::main(user.id, &user.display_name),
    })
}

fn caller(user: UserRecord, profile: ActiveProfile, credential: Credential, device: Option<&str>) -> Result<Caller, Problem> {
    let device = device.and_then(|d| d.parse().ok());
    Ok(Caller { user_id: user.id, role: user.role, display_name: user.display_name, channel: user.channel, credential, profile, device })
}

/// A fresh API token: its id, and the secret shown once to whoever asked for it.
pub struct NewToken {
    /// Stored id.
    pub id: TokenId,
    /// The secret; only its hash is stored.
    pub secret: String,
    /// When it stops working (ms), if it was made to.
    pub expires_at: Option<i64>,
    /// The device it is.
    pub device: DeviceId,
}

/// The shortest and longest lifetimes a token can be made with.
const TOKEN_LIFETIME: std::ops::RangeInclusive<Duration> = Duration::from_secs(60)..=Duration::from_secs(10 * 366 * 86_400);

/// A token lifetime as people write it (`90d`, `12h`, `1y 6months`): between a minute and ten
/// years.
pub fn parse_lifetime(text: &str) -> Result<Duration, Problem> {
    let invalid =
        || Problem::bad_request("invalid-expiry", format!("{text:?} is not a lifetime between 1 minute and 10 years (e.g. 30d, 12h, 1y)"));
    let lifetime = humantime::parse_duration(text.trim()).map_err(|_| invalid())?;
    TOKEN_LIFETIME.contains(&lifetime).then_some(lifetime).ok_or_else(invalid)
}

/// The moment (ms) `lifetime` from now by `clock`.
pub fn expiry_after(clock: &reel_base::domain::Clock, lifetime: Duration) -> i64 {
    clock.now_ms().saturating_add(i64::try_from(lifetime.as_millis()).unwrap_or(i64::MAX))
}

/// Creates and stores a new API token for an account, with scopes its role allows, acting as
/// `profile` (none: the main profile), working until `expires_at` (ms) when given, else until
/// revoked; the token is a new device of the account's, whatever its plans allow (a member's
/// own tokens are held to them by `account::new_token`).
pub async fn create_token(
    db: &reel_base::db::Db,
    user: &UserRecord,
    profile: Option<ProfileId>,
    name: &str,
    scopes: &[Scope],
    expires_at: Option<i64>,
) -> Result<NewToken, Problem> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(reel_base::domain::text::breaks_a_line) {
        return Err(Problem::bad_request("invalid-name", "a token name must be 1–100 printable characters"));
    }
    let role = user.role;
    if scopes.is_empty() || scopes.iter().any(|s| !s.allowed_for(role)) {
        return Err(Problem::bad_request(
            "invalid-scope",
            format!("a {role} may hold these scopes: read{}", if role.can_upload() { ", upload" } else { "" }),
        ));
    }
    let secret = format!("{TOKEN_PREFIX}{}", random_token());
    let id = TokenId::new();
    let scopes = scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(",");
    // Every token is a device of its account's, listed and signed out like a browser.
    let device_id = devices::for_token(db, user.id, name).await?;
    let device = device_id.to_string();
    let row = tokens::NewTokenRow {
        id,
        name,
        token_hash: &hash_token(&secret),
        user_id: user.id,
        scopes: &scopes,
        profile_id: profile,
        expires_at,
        device_id: Some(&device),
    };
    tokens::insert(db, &row).await?;
    Ok(NewToken { id, secret, expires_at, device: device_id })
}

/// 32 random bytes from the OS, base64url.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    B64.encode(bytes)
}

/// SHA-256 of a secret, hex: what is stored and looked up for tokens and sessions.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}
