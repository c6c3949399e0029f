//! `reel cost report`: the month's cost from the server's own shell.

use crate::platform::Context;

/// `reel cost report [--month YYYY-MM] [--json]`.
pub async fn cost_report(ctx: &Context, month: Option<&str>, json: bool) -> anyhow::Result<()> {
    let report = super::report::build(&ctx.db, &ctx.config, month, ctx.clock().now_ms()).await.map_err(|e| {
        e.log_cause();
        anyhow::anyhow!("{}", e.message())
    })?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", super::report::render_text(&report));
    }
    Ok(())
}
