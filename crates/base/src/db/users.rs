//! Account rows and invitations.

use crate::domain::{Email, Phone, Role, UserId};

use super::Db;

/// An account as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct UserRecord {
    /// Its id.
    pub id: UserId,
    /// Email address, if it has one.
    pub email: Option<String>,
    /// Phone number (E.164), if it has one.
    pub phone: Option<String>,
    /// Name shown to others.
    pub display_name: String,
    /// What it may do.
    pub role: Role,
    /// Public handle.
    pub channel: String,
    /// Base32 TOTP secret in use.
    pub totp_secret: Option<String>,
    /// A secret being enrolled, not yet confirmed.
    pub totp_pending: Option<String>,
    /// When TOTP was confirmed and became required at login.
    pub totp_enabled_at: Option<i64>,
    /// The last TOTP time step accepted (codes are good once).
    pub totp_last_step: i64,
    /// Created (ms).
    pub created_at: i64,
    /// Disabled (ms): a disabled account cannot sign in or use tokens.
    pub disabled_at: Option<i64>,
    /// Suspended until (ms): until then, as if disabled.
    pub suspended_until: Option<i64>,
    /// Why it was suspended, as its owner was told.
    pub suspension_reason: Option<String>,
}

impl UserRecord {
    /// Whether the account may sign in and act at `now_ms`: neither disabled nor suspended.
    pub fn active_at(&self, now_ms: i64) -> bool {
        self.disabled_at.is_none() && self.suspended_until.is_none_or(|until| until <= now_ms)
    }
}

from_row!(UserRecord {
    id,
    email,
    phone,
    display_name,
    role,
    channel,
    totp_secret,
    totp_pending,
    totp_enabled_at,
    totp_last_step,
    created_at,
    disabled_at,
    suspended_until,
    suspension_reason
});

pub(super) const COLUMNS: &str =
    "id, email, phone, display_name, role, channel, totp_secret, totp_pending, totp_enabled_at, totp_last_step, created_at, disabled_at, \
     suspended_until, suspension_reason";

/// What is needed to make an account.
pub struct NewUser<'a> {
    /// Its id.
    pub id: UserId,
    /// Email address.
    pub email: Option<&'a Email>,
    /// Phone number.
    pub phone: Option<&'a Phone>,
    /// Name shown to others.
    pub display_name: &'a str,
    /// Role.
    pub role: Role,
    /// Public handle (unique).
    pub channel: &'a str,
}

/// Stores a new account with its main profile (named after it); fails on a duplicate email,
/// phone or channel.
pub async fn insert(db: &Db, new: &NewUser<'_>) -> sqlx::Result<()> {
    let mut tx = db.begin().await?;
    sqlx::query("INSERT INTO users (id, email, phone, display_name, role, channel, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(new.id)
        .bind(new.email.map(Email::as_str))
        .bind(new.phone.map(Phone::as_str))
        .bind(new.display_name)
        .bind(new.role)
        .bind(new.channel)
        .bind(db.now_ms())
        .execute(&mut *tx)
        .await?;
    let main = super::profiles::NewProfile {
        id: new.id.into(),
        user_id: new.id,
        name: new.display_name,
        avatar: crate::domain::profile::AVATAR_COLOURS[0],
        kids: false,
    };
    super::profiles::insert(&mut *tx, &main, None, db.now_ms()).await?;
    tx.commit().await
}

/// One account by id.
pub async fn by_id(db: &Db, id: UserId) -> sqlx::Result<Option<UserRecord>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM users WHERE id = $1")).bind(id).fetch_optional(db.pool()).await
}

/// One account by email address or phone number.
pub async fn by_address(db: &Db, address: &crate::domain::Address) -> sqlx::Result<Option<UserRecord>> {
    let column = match address {
        crate::domain::Address::Email(_) => "email",
        crate::domain::Address::Phone(_) => "phone",
    };
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM users WHERE {column} = $1")).bind(address.as_str()).fetch_optional(db.pool()).await
}

/// One account by channel handle.
pub async fn by_channel(db: &Db, channel: &str) -> sqlx::Result<Option<UserRecord>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM users WHERE channel = $1")).bind(channel).fetch_optional(db.pool()).await
}

/// The accounts with these ids (those that exist), in no particular order.
pub async fn by_ids(db: &Db, ids: &[UserId]) -> sqlx::Result<Vec<UserRecord>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!("SELECT {COLUMNS} FROM users WHERE id IN ({})", super::placeholders(1, ids.len()));
    ids.iter().fold(sqlx::query_as(&sql), |q, id| q.bind(*id)).fetch_all(db.pool()).await
}

/// Whether a channel handle is taken.
pub async fn channel_taken(db: &Db, channel: &str) -> sqlx::Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE channel = $1").bind(channel).fetch_one(db.pool()).await?;
    Ok(n > 0)
}

/// Every account, oldest first.
pub async fn list(db: &Db) -> sqlx::Result<Vec<UserRecord>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM users ORDER BY created_at")).fetch_all(db.pool()).await
}

/// Enabled admin accounts, oldest first (whom alarms are mailed to).
pub async fn admins(db: &Db) -> sqlx::Result<Vec<UserRecord>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM users WHERE role = 'admin' AND disabled_at IS NULL ORDER BY created_at"))
        .fetch_all(db.pool())
        .await
}

/// The accounts suspended at `now_ms`, whose suspension ends soonest first, at most `limit`
/// (the moderation page's list; an ended suspension is over whether or not it was lifted).
pub async fn suspended(db: &Db, now_ms: i64, limit: u32) -> sqlx::Result<Vec<UserRecord>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM users WHERE suspended_until > $1 ORDER BY suspended_until, id LIMIT $2"))
        .bind(now_ms)
        .bind(i64::from(limit))
        .fetch_all(db.pool())
        .await
}

/// Changes an account's role; false when there is no such account.
pub async fn set_role(db: &Db, id: UserId, role: Role) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE users SET role = $1 WHERE id = $2").bind(role).bind(id).execute(db.pool()).await?;
    Ok(done.rows_affected() == 1)
}

/// Disables an account (now) or enables it again; false when there is no such account or it
/// already was so. A disabled account's sessions and tokens are refused wherever they are read.
pub async fn set_disabled(db: &Db, id: UserId, disabled: bool) -> sqlx::Result<bool> {
    let query = if disabled {
        sqlx::query("UPDATE users SET disabled_at = $1 WHERE id = $2 AND disabled_at IS NULL").bind(db.now_ms())
    } else {
        sqlx::query("UPDATE users SET disabled_at = NULL WHERE id = $1 AND disabled_at IS NOT NULL")
    };
    let done = query.bind(id).execute(db.pool()).await?;
    Ok(done.rows_affected() == 1)
}

/// Stores a TOTP secret awaiting confirmation; the secret in use (if any) stays in force.
pub async fn set_totp_pending(db: &Db, id: UserId, secret: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET totp_pending = $1 WHERE id = $2").bind(secret).bind(id).execute(db.pool()).await?;
    Ok(())
}

/// Puts the pending secret `confirmed` in force (TOTP required at login from now on); false
/// when it is no longer the pending one (confirmed already, or replaced by a newer enrolment).
pub async fn enable_totp(db: &Db, id: UserId, confirmed: &str, step: u64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE users SET totp_secret = totp_pending, totp_pending = NULL, totp_enabled_at = $1, totp_last_step = $2 \
         WHERE id = $3 AND totp_pending = $4",
    )
    .bind(db.now_ms())
    .bind(i64::try_from(step).unwrap_or(i64::MAX))
    .bind(id)
    .bind(confirmed)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records the TOTP step just used, only if it is newer (of two racing uses, one wins).
pub async fn use_totp_step(db: &Db, id: UserId, step: u64) -> sqlx::Result<bool> {
    let step = i64::try_from(step).unwrap_or(i64::MAX);
    let done = sqlx::query("UPDATE users SET totp_last_step = $1 WHERE id = $2 AND totp_last_step < $1")
        .bind(step)
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Records an invitation for an address (replacing an earlier one).
pub async fn invite(db: &Db, email: &Email, role: Role, by: Option<UserId>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO invitations (email, role, created_by, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (email) DO UPDATE SET role = excluded.role, created_by = excluded.created_by, created_at = excluded.created_at, used_at = NULL",
    )
    .bind(email.as_str())
    .bind(role)
    .bind(by)
    .bind(db.now_ms())
    .execute(db.pool())
    .await?;
    Ok(())
}

/// The role an unused invitation for this address grants.
pub async fn invitation(db: &Db, email: &str) -> sqlx::Result<Option<Role>> {
    sqlx::query_scalar("SELECT role FROM invitations WHERE email = $1 AND used_at IS NULL").bind(email).fetch_optional(db.pool()).await
}

/// Marks an invitation used.
pub async fn use_invitation(db: &Db, email: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE invitations SET used_at = $1 WHERE email = $2").bind(db.now_ms()).bind(email).execute(db.pool()).await?;
    Ok(())
}

/// What an account shows on its channel page.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicProfileRecord {
    /// Name shown to others.
    pub display_name: String,
    /// A few lines about the channel.
    pub bio: String,
    /// Its links, as a JSON array of URLs.
    pub links: String,
    /// The version of the avatar Reel made (it names its object), if any.
    pub avatar_version: Option<String>,
    /// Why the last avatar upload could not be used, if it could not.
    pub avatar_error: Option<String>,
}

from_row!(PublicProfileRecord { display_name, bio, links, avatar_version, avatar_error });

/// `id`'s public profile.
pub async fn public_profile(db: &Db, id: UserId) -> sqlx::Result<Option<PublicProfileRecord>> {
    sqlx::query_as("SELECT display_name, bio, links, avatar_version, avatar_error FROM users WHERE id = $1")
        .bind(id)
        .fetch_optional(db.pool())
        .await
}

/// Changes `id`'s public profile: each part that is `Some` is set (links as a JSON array).
pub async fn set_public_profile(
    db: &Db,
    id: UserId,
    display_name: Option<&str>,
    bio: Option<&str>,
    links: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE users SET display_name = COALESCE($1, display_name), bio = COALESCE($2, bio), links = COALESCE($3, links) WHERE id = $4",
    )
    .bind(display_name)
    .bind(bio)
    .bind(links)
    .bind(id)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// One of an account's pictures Reel makes from an upload: each has a version (naming its
/// object) and the reason its last upload could not be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Picture {
    /// The account's avatar.
    Avatar,
    /// The channel's watermark logo.
    Watermark,
}

impl Picture {
    /// Its version and error columns (fixed names, never input).
    fn columns(self) -> (&'static str, &'static str) {
        match self {
            Picture::Avatar => ("avatar_version", "avatar_error"),
            Picture::Watermark => ("watermark_version", "watermark_error"),
        }
    }
}

/// Puts `version` in as `id`'s `picture` (none: no picture) and clears its error; the version
/// it replaces.
pub async fn set_picture(db: &Db, id: UserId, picture: Picture, version: Option<&str>) -> sqlx::Result<Option<String>> {
    let (column, error) = picture.columns();
    let mut tx = db.begin().await?;
    let old: Option<Option<String>> =
        sqlx::query_scalar(&format!("SELECT {column} FROM users WHERE id = $1")).bind(id).fetch_optional(&mut *tx).await?;
    sqlx::query(&format!("UPDATE users SET {column} = $1, {error} = NULL WHERE id = $2")).bind(version).bind(id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(old.flatten())
}

/// Records why `id`'s last `picture` upload could not be used (the picture in place stays).
pub async fn set_picture_error(db: &Db, id: UserId, picture: Picture, reason: &str) -> sqlx::Result<()> {
    let (_, error) = picture.columns();
    sqlx::query(&format!("UPDATE users SET {error} = $1 WHERE id = $2")).bind(reason).bind(id).execute(db.pool()).await?;
    Ok(())
}

/// A channel's own watermark as stored: the logo's version, why the last upload could not be
/// used, and its placement (JSON), each absent when not set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WatermarkRecord {
    /// The version of the logo Reel made (it names its object), if any.
    pub watermark_version: Option<String>,
    /// Why the last logo upload could not be used, if it could not.
    pub watermark_error: Option<String>,
    /// Where the logo goes, as JSON; none: where the site puts its own.
    pub watermark_placement: Option<String>,
}

from_row!(WatermarkRecord { watermark_version, watermark_error, watermark_placement });

/// `id`'s own watermark settings (`None` for no such account).
pub async fn watermark(db: &Db, id: UserId) -> sqlx::Result<Option<WatermarkRecord>> {
    sqlx::query_as("SELECT watermark_version, watermark_error, watermark_placement FROM users WHERE id = $1")
        .bind(id)
        .fetch_optional(db.pool())
        .await
}

/// Sets where `id`'s logo goes (JSON; none: where the site puts its own).
pub async fn set_watermark_placement(db: &Db, id: UserId, placement: Option<&str>) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET watermark_placement = $1 WHERE id = $2").bind(placement).bind(id).execute(db.pool()).await?;
    Ok(())
}

/// `id`'s viewing preferences.
pub async fn preferences(db: &Db, id: UserId) -> sqlx::Result<Option<crate::domain::public_profile::Preferences>> {
    let row: Option<(Option<String>, i64, String, i64)> =
        sqlx::query_as("SELECT pref_language, pref_autoplay, pref_quality, pref_captions FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(db.pool())
            .await?;
    Ok(row.map(|(language, autoplay, quality, captions)| crate::domain::public_profile::Preferences {
        language,
        autoplay_next: autoplay == 1,
        default_quality: quality,
        captions: captions == 1,
    }))
}

/// Stores `id`'s viewing preferences (already checked).
pub async fn set_preferences(db: &Db, id: UserId, p: &crate::domain::public_profile::Preferences) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET pref_language = $1, pref_autoplay = $2, pref_quality = $3, pref_captions = $4 WHERE id = $5")
        .bind(p.language.as_deref())
        .bind(i64::from(p.autoplay_next))
        .bind(&p.default_quality)
        .bind(i64::from(p.captions))
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Suspends `id` until `until` (ms) for `reason`, or lifts a suspension with none; false when
/// there is no such account.
pub async fn set_suspension(db: &Db, id: UserId, until: Option<(i64, &str)>) -> sqlx::Result<bool> {
    let (until, reason) = (until.map(|(t, _)| t), until.map(|(_, r)| r));
    let done = sqlx::query("UPDATE users SET suspended_until = $1, suspension_reason = $2 WHERE id = $3")
        .bind(until)
        .bind(reason)
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected() == 1)
}
