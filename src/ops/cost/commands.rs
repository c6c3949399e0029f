//! `reel cost report`: the month's cost from the server's own shell.

use crate::config::Config;
use crate::db::Db;
use crate::domain::now_ms;

/// `reel cost report [--month YYYY-MM] [--json]`.
pub async fn cost_report(config: &Config, month: Option<&str>, json: bool) -> anyhow::Result<()> {
    let db = Db::connect(&config.database_url(), 2).await?;
    let report = super::report::build(&db, config, month, now_ms()).await.map_err(|e| {
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
