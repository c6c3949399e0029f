//! The `reel keys` commands: rotate the playback signing keys (audited) and list them.

use crate::config::Config;
use crate::domain::{now_ms, rfc3339};

/// `reel keys rotate`: prints the new key's id on stdout.
pub async fn rotate(config: &Config, force: bool) -> anyhow::Result<()> {
    let r = super::keys::rotate(config, force)?;
    let db = crate::db::Db::connect(&config.database_url(), 1).await?;
    let detail = format!("retiring {} until {}; dropped {:?}", r.retiring_kid, rfc3339(r.retire_at), r.dropped);
    crate::db::audit::record(&db, None, "key.rotated", Some(&r.new_kid), None, Some(&detail)).await?;
    for kid in &r.dropped {
        eprintln!("dropped key {kid}");
    }
    eprintln!(
        "now signing with key {}; key {} verifies until {} (running servers pick this up within seconds)",
        r.new_kid,
        r.retiring_kid,
        rfc3339(r.retire_at)
    );
    println!("{}", r.new_kid);
    Ok(())
}

/// `reel keys list`: id, created, and current or when it retires (never the keys).
pub fn list(config: &Config) -> anyhow::Result<()> {
    let now = now_ms();
    for k in super::keys::list(config)?.keys() {
        println!("{}\t{}\t{}", k.kid, rfc3339(k.created_at), k.status(now));
    }
    Ok(())
}
