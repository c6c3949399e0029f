//! `reel plan …`: plans defined and granted from the server's own shell, recorded like their
//! counterparts in the API (the grant's amount in the revenue record, an audit entry).

use crate::auth::Actor;
use crate::platform::Context;
use reel_base::db::plans as rows;
use reel_base::domain::entitlement::Entitlement;
use reel_base::domain::plan::{format_price, parse_price};

use super::NewPlan;

/// `reel plan create`'s arguments, as typed.
#[derive(Debug, Clone, Default)]
pub struct CreateArgs {
    /// Its name (unique).
    pub name: String,
    /// The price of one period, such as `9.99`.
    pub price: String,
    /// ISO 4217 code.
    pub currency: String,
    /// `month` or `year`.
    pub period: String,
    /// What it is, for people choosing.
    pub description: String,
    /// Streams at once (none or 0: no limit).
    pub max_streams: Option<i64>,
    /// Devices signed in at once (none or 0: no limit).
    pub max_devices: Option<i64>,
    /// The tallest rung, in lines (none or 0: every rung).
    pub max_height: Option<i64>,
    /// Whether downloads are allowed (none: yes).
    pub downloads: Option<bool>,
}

/// `reel plan create`: prints the new plan's id on stdout.
pub async fn create(ctx: &Context, args: CreateArgs) -> anyhow::Result<()> {
    let price_minor = parse_price(&args.price).map_err(|e| anyhow::anyhow!("{e}"))?;
    let new = NewPlan {
        name: args.name,
        description: args.description,
        price_minor,
        currency: args.currency,
        period: args.period,
        max_streams: args.max_streams,
        max_devices: args.max_devices,
        max_height: args.max_height,
        downloads: args.downloads,
    };
    let plan = super::create(ctx, Actor::Operator, &new).await?;
    eprintln!(
        "created plan {} at {} a {} ({})",
        plan.name,
        format_price(plan.price_minor, &plan.currency),
        plan.period,
        limits(&plan.entitlement)
    );
    println!("{}", plan.id);
    Ok(())
}

/// A plan's limits in a line: `2 streams, 3 devices, up to 720 lines, downloads`.
fn limits(e: &Entitlement) -> String {
    let count =
        |n: Option<u32>, what: &str| n.map_or(format!("any number of {what}s"), |n| format!("{n} {what}{}", if n == 1 { "" } else { "s" }));
    let height = e.max_height.map_or("every rung".to_string(), |h| format!("up to {h} lines"));
    let downloads = if e.downloads { "downloads" } else { "no downloads" };
    format!("{}, {}, {height}, {downloads}", count(e.max_streams, "stream"), count(e.max_devices, "device"))
}

/// `reel plan grant`: grants or renews; says until when.
pub async fn grant(ctx: &Context, plan: &str, user: &str, periods: u32) -> anyhow::Result<()> {
    let (user, plan, granted) = super::grant(ctx, Actor::Operator, plan, user, periods).await?;
    let what = if granted.renewed { "renewed" } else { "granted" };
    let who = user.email.as_deref().or(user.phone.as_deref()).unwrap_or(&user.channel).to_string();
    eprintln!("{what} {} for {who} until {}", plan.name, reel_base::domain::rfc3339(granted.ends_at));
    Ok(())
}

/// `reel plan list`: id, name, price and period, then the revenue recorded per month.
pub async fn list(ctx: &Context) -> anyhow::Result<()> {
    let db = &ctx.db;
    let revenue = rows::revenue(db).await?;
    for p in rows::list(db).await? {
        println!("{}\t{}\t{}\t{}\t{}", p.id, p.name, format_price(p.price_minor, &p.currency), p.period, limits(&p.entitlement));
        for r in revenue.iter().filter(|r| r.plan_id == p.id) {
            println!(
                "\t{}\t{}\t{} payment{}",
                r.month,
                format_price(r.amount_minor, &r.currency),
                r.payments,
                if r.payments == 1 { "" } else { "s" }
            );
        }
    }
    Ok(())
}
