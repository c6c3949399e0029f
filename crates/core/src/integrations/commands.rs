//! `reel webhook …`: webhook endpoints managed from the server's own shell, for an account named
//! by its email (default: the only admin), with the same checks as the API.

use crate::auth::commands::local_account;
use crate::platform::Context;
use reel_base::domain::Role;

use super::webhooks::{self, EndpointChange, NewEndpoint, Owner};

/// The account a command acts for.
async fn owner(ctx: &Context, user: Option<&str>) -> anyhow::Result<Owner> {
    let user = local_account(&ctx.db, user).await?;
    anyhow::ensure!(
        matches!(user.role, Role::Admin | Role::Creator),
        "{} is a viewer; only creators and admins have webhooks",
        user.channel
    );
    Ok(Owner { id: user.id, admin: user.role == Role::Admin })
}

/// `reel webhook add`: registers an endpoint and prints its id; and its secret, on a line of
/// its own, when none was given (it is shown only once).
pub async fn add(
    ctx: &Context,
    user: Option<&str>,
    url: &str,
    events: &str,
    secret: Option<String>,
    description: Option<String>,
) -> anyhow::Result<()> {
    let owner = owner(ctx, user).await?;
    let events = events.split(',').map(|e| e.trim().to_string()).filter(|e| !e.is_empty()).collect();
    let made = webhooks::register(ctx, owner, NewEndpoint { url: url.to_string(), events, secret, description }).await?;
    eprintln!("registered {} for {}", made.endpoint.url, made.endpoint.events.join(", "));
    println!("{}", made.endpoint.id);
    if let Some(secret) = made.secret {
        println!("{secret}");
    }
    Ok(())
}

/// `reel webhook list`: id, state (`enabled` or `disabled`), last success (`-`: none), URL,
/// events.
pub async fn list(ctx: &Context, user: Option<&str>) -> anyhow::Result<()> {
    let owner = owner(ctx, user).await?;
    for e in webhooks::list(ctx, owner).await? {
        let state = if e.enabled { "enabled" } else { "disabled" };
        println!("{}\t{state}\t{}\t{}\t{}", e.id, e.last_success_at.as_deref().unwrap_or("-"), e.url, e.events.join(","));
    }
    Ok(())
}

/// `reel webhook enable|disable ID`.
pub async fn set_enabled(ctx: &Context, user: Option<&str>, id: &str, enabled: bool) -> anyhow::Result<()> {
    let owner = owner(ctx, user).await?;
    let view = webhooks::change(ctx, owner, id, EndpointChange { enabled: Some(enabled), ..Default::default() }).await?;
    eprintln!("{} is {}", view.url, if view.enabled { "enabled" } else { "disabled" });
    Ok(())
}

/// `reel webhook remove ID`.
pub async fn remove(ctx: &Context, user: Option<&str>, id: &str) -> anyhow::Result<()> {
    webhooks::remove(ctx, owner(ctx, user).await?, id).await?;
    eprintln!("removed {id}");
    Ok(())
}

/// `reel webhook deliveries ID`: the newest deliveries, one line each (id, event, state, made,
/// attempts, the last attempt's status or `-`).
pub async fn deliveries(ctx: &Context, user: Option<&str>, id: &str, limit: u32) -> anyhow::Result<()> {
    let page = webhooks::deliveries(ctx, owner(ctx, user).await?, id, limit.clamp(1, 100), None).await?;
    for d in page.items {
        let last = d.attempts.last().map_or_else(|| "-".to_string(), |a| a.status.map_or_else(|| a.excerpt.clone(), |s| s.to_string()));
        println!("{}\t{}\t{}\t{}\t{}\t{last}", d.id, d.event, d.state, d.created_at, d.attempts.len());
    }
    Ok(())
}
