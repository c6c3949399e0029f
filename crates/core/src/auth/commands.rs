//! The `reel token` and `reel user` commands: accounts and API tokens managed from the
//! server's own shell, each change audited like its counterpart on the admin pages.

use anyhow::Context as _;

use crate::platform::Context;
use reel_base::db::{self, audit};
use reel_base::domain::{rfc3339, Address, Email, Phone, Role, TokenId};
use reel_base::i18n::Said;

/// `reel token create`: makes a token for `user` (default: the only admin) with `scopes`
/// (default: those the account's role allows, `admin` aside), working for `expires_in` when
/// given, and prints its secret alone on stdout.
pub async fn create_token(
    ctx: &Context,
    name: &str,
    user: Option<&str>,
    scopes: Option<&str>,
    expires_in: Option<&str>,
) -> anyhow::Result<()> {
    let lifetime = expires_in.map(super::parse_lifetime).transpose().context("--expires-in")?;
    let db = ctx.db.clone();
    let user = local_account(&db, user).await?;
    let scopes = match scopes {
        Some(named) => super::Scope::parse_list(named)?,
        None => super::Scope::defaults_for(user.role),
    };
    let token = super::create_token(&db, &user, None, name, &scopes, lifetime.map(|l| super::expiry_after(db.clock(), l))).await?;
    let until = token.expires_at.map_or_else(|| "until revoked".to_string(), |at| format!("until {}", rfc3339(at)));
    let detail = match token.expires_at {
        Some(at) => Said::new("audit-token-cli-until").arg("command", "reel token create").arg("until", rfc3339(at)),
        None => Said::new("audit-token-cli").arg("command", "reel token create"),
    };
    audit::record(&db, Some(user.id), "token.created", Some(&token.id.to_string()), None, Some(&detail)).await?;
    eprintln!("created token {} ({name}) for {}, working {until}; it is shown only once", token.id, user.channel);
    println!("{}", token.secret);
    Ok(())
}

/// `reel token list`: every token, never a secret: id, state (`live`, `revoked`, `expired`),
/// created, expires (`-`: never), last used (`-`: never), name.
pub async fn list_tokens(ctx: &Context) -> anyhow::Result<()> {
    let now = ctx.clock().now_ms();
    let time = |at: Option<i64>| at.map_or_else(|| "-".to_string(), rfc3339);
    for t in db::tokens::list(&ctx.db, None).await? {
        println!("{}\t{}\t{}\t{}\t{}\t{}", t.id, t.state(now), rfc3339(t.created_at), time(t.expires_at), time(t.last_used_at), t.name);
    }
    Ok(())
}

/// `reel token revoke ID`.
pub async fn revoke_token(ctx: &Context, id: &str) -> anyhow::Result<()> {
    let db = ctx.db.clone();
    let token: TokenId = id.parse().map_err(|_| anyhow::anyhow!("no live token with id {id}"))?;
    anyhow::ensure!(db::tokens::revoke(&db, token, None).await?, "no live token with id {id}");
    audit::record(&db, None, "token.revoked", Some(id), None, Some(&Said::verbatim("reel token revoke"))).await?;
    eprintln!("revoked {id}");
    Ok(())
}

/// `reel user create`: prints the new account's id on stdout.
pub async fn create_user(ctx: &Context, email: Option<&str>, phone: Option<&str>, name: Option<&str>, role: &str) -> anyhow::Result<()> {
    let db = ctx.db.clone();
    let email = email.map(Email::parse).transpose()?;
    let phone = phone.map(Phone::parse).transpose()?;
    let role: Role = role.parse()?;
    let user = super::users::create(&db, email.as_ref(), phone.as_ref(), name, role).await?;
    audit::record(
        &db,
        None,
        "user.created",
        Some(&user.id.to_string()),
        None,
        Some(&Said::new("audit-role-by-command").arg("role", role.to_string()).arg("command", "reel user create")),
    )
    .await?;
    crate::platform::webhooks::announce(ctx, crate::platform::webhooks::Event::account("account.created", user.id, Some(role), None)).await;
    eprintln!("created {role} {} (channel {})", user.email.as_deref().or(user.phone.as_deref()).unwrap_or(""), user.channel);
    println!("{}", user.id);
    Ok(())
}

/// `reel user list`: id, role, address, channel, name, then `active` or `disabled`.
pub async fn list_users(ctx: &Context) -> anyhow::Result<()> {
    for u in db::users::list(&ctx.db).await? {
        let address = u.email.as_deref().or(u.phone.as_deref()).unwrap_or("");
        let access = if u.disabled_at.is_some() { "disabled" } else { "active" };
        println!("{}\t{}\t{}\t{}\t{}\t{access}", u.id, u.role, address, u.channel, u.display_name);
    }
    Ok(())
}

/// `reel user invite`.
pub async fn invite(ctx: &Context, email: &str, role: &str) -> anyhow::Result<()> {
    let db = ctx.db.clone();
    let email = Email::parse(email)?;
    let role: Role = role.parse()?;
    db::users::invite(&db, &email, role, None).await?;
    audit::record(
        &db,
        None,
        "invitation.created",
        Some(email.as_str()),
        None,
        Some(&Said::new("audit-role").arg("role", role.to_string())),
    )
    .await?;
    eprintln!("invited {email} as {role}");
    Ok(())
}

/// `reel user disable` / `reel user enable`: by email address or phone number. Disabling
/// ends the account's sessions; its tokens stop working until it is enabled again.
pub async fn set_disabled(ctx: &Context, address: &str, disabled: bool) -> anyhow::Result<()> {
    let db = ctx.db.clone();
    let address = if address.starts_with('+') { Address::Phone(Phone::parse(address)?) } else { Address::Email(Email::parse(address)?) };
    let user = db::users::by_address(&db, &address).await?.with_context(|| format!("no account with the address {}", address.as_str()))?;
    let via = if disabled { "reel user disable" } else { "reel user enable" };
    let changed = super::account::disable(&db, user.id, disabled, None, Some(via)).await?;
    let now = if disabled { "disabled" } else { "enabled" };
    if changed {
        eprintln!("{} is {now}", address.as_str());
    } else {
        eprintln!("{} was already {now}", address.as_str());
    }
    Ok(())
}

/// The account a local command acts as: the one named by email, else the only admin.
pub async fn local_account(db: &reel_base::db::Db, email: Option<&str>) -> anyhow::Result<reel_base::db::users::UserRecord> {
    use reel_base::db::users;
    if let Some(email) = email {
        let address = reel_base::domain::Address::Email(reel_base::domain::Email::parse(email)?);
        return users::by_address(db, &address).await?.with_context(|| format!("no account with the address {email}"));
    }
    let admins: Vec<_> =
        users::list(db).await?.into_iter().filter(|u| u.role == reel_base::domain::Role::Admin && u.disabled_at.is_none()).collect();
    match admins.as_slice() {
        [only] => Ok(only.clone()),
        [] => anyhow::bail!("there is no account yet: create the first admin with `reel user create --email … --role admin`"),
        _ => anyhow::bail!("several admins exist: name one with --user EMAIL"),
    }
}
