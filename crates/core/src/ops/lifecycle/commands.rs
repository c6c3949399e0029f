//! `reel storage report`, `reel storage check` and `reel lifecycle run`: the storage accounts
//! and the rules from the server's own shell.

use crate::platform::Context;

/// `reel storage report [--json]`.
pub async fn storage_report(ctx: &Context, json: bool) -> anyhow::Result<()> {
    let report = super::report::build(&ctx.db, &ctx.config).await?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", super::report::render_text(&report));
    }
    Ok(())
}

/// `reel storage check [--fix]`: compares the accounts with a listing of the store; with
/// `--fix`, rewrites them from it. Fails when they differ and were not fixed.
pub async fn storage_check(ctx: &Context, fix: bool) -> anyhow::Result<()> {
    let (db, store) = (&ctx.db, &ctx.store);
    let drift = super::report::check(db, store).await?;
    println!("{}", serde_json::to_string_pretty(&drift)?);
    if drift.is_empty() {
        eprintln!("the storage accounts match the store");
        return Ok(());
    }
    if fix {
        let n = super::report::reconcile(db, store).await?;
        eprintln!("rewrote the storage accounts from the store: {n} objects");
        return Ok(());
    }
    anyhow::bail!("the storage accounts differ from the store (run with --fix to rewrite them from it)")
}

/// `reel lifecycle run [--dry-run] [--json]`: applies the rules now (what the daily job does).
pub async fn lifecycle_run(ctx: &Context, dry_run: bool, json: bool) -> anyhow::Result<()> {
    let report = super::rules::run(ctx, dry_run).await?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(());
    }
    let human = super::report::human_bytes;
    let verb = if dry_run { "would" } else { "did" };
    for r in &report.rules {
        println!(
            "{:<20} {verb} {:<12} {:>5} items {:>7} objects {:>12}  saves ${:.4}/month",
            r.rule.name(),
            r.action,
            r.items,
            r.objects,
            human(r.bytes),
            r.monthly_saving
        );
        for e in &r.errors {
            println!("  left: {e}");
        }
    }
    println!(
        "moved {} to cold, removed {}; storage bill ${:.4}/month before, ${:.4} after{}",
        human(report.bytes_moved),
        human(report.bytes_removed),
        report.monthly_before,
        report.monthly_after,
        if dry_run { " (dry run: nothing changed)" } else { "" }
    );
    Ok(())
}
