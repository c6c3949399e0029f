//! `reel plan …`: plans defined and granted from the server's own shell, recorded like their
//! counterparts in the API (the grant's amount in the revenue record, an audit entry).

use crate::auth::Actor;
use crate::platform::Context;
use reel_base::db::plans as rows;
use reel_base::domain::plan::{format_price, parse_price};

use super::NewPlan;

/// `reel plan create`: prints the new plan's id on stdout.
pub async fn create(ctx: &Context, name: &str, price: &str, currency: &str, period: &str, description: &str) -> anyhow::Result<()> {
    let price_minor = parse_price(price).map_err(|e| anyhow::anyhow!("{e}"))?;
    let new = NewPlan { name: name.into(), description: description.into(), price_minor, currency: currency.into(), period: period.into() };
    let plan = super::create(ctx, Actor::Operator, &new).await?;
    eprintln!("created plan {} at {} a {}", plan.name, format_price(plan.price_minor, &plan.currency), plan.period);
    println!("{}", plan.id);
    Ok(())
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
        println!("{}\t{}\t{}\t{}", p.id, p.name, format_price(p.price_minor, &p.currency), p.period);
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
