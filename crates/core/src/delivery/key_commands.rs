//! The `reel keys` commands: rotate the playback signing keys (audited) and list them, and
//! rotate the content-key master key.

use reel_base::config::Config;
use reel_base::domain::{now_ms, rfc3339};
use reel_base::i18n::Said;

/// `reel keys rotate`: prints the new key's id on stdout.
pub async fn rotate(config: &Config, force: bool) -> anyhow::Result<()> {
    let r = super::keys::rotate(config, force)?;
    let db = reel_base::db::Db::connect(&config.database_url(), 1).await?;
    let detail = Said::new("audit-key-rotated")
        .arg("kid", r.retiring_kid.as_str())
        .arg("until", rfc3339(r.retire_at))
        .arg("dropped", format!("{:?}", r.dropped));
    reel_base::db::audit::record(&db, None, "key.rotated", Some(&r.new_kid), None, Some(&detail)).await?;
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

/// `reel keys rotate-master`: a new master key (generated keys) and every content key
/// re-wrapped under it, audited; progress on stderr. Fails, after doing what it could, when
/// some envelope opens with neither key.
pub async fn rotate_master(config: &Config) -> anyhow::Result<()> {
    let db = reel_base::db::Db::connect(&config.database_url(), 2).await?;
    let mut last_shown = 0;
    let rotation = super::master_rotation::rotate(config, &db, &mut |so_far| {
        let seen = so_far.rewrapped + so_far.current;
        if seen >= last_shown + 1000 {
            last_shown = seen;
            eprintln!("{} re-wrapped, {} already under the current key", so_far.rewrapped, so_far.current);
        }
    })
    .await?;
    let mut detail = Said::new("audit-master-key-rotated")
        .arg("rewrapped", rotation.rewrapped)
        .arg("current", rotation.current)
        .arg("unopenable", rotation.unopenable.len());
    if rotation.new_key {
        detail = Said::new("audit-master-key-new").arg("rest", detail);
    }
    if rotation.finished_earlier > 0 {
        detail = Said::new("audit-master-key-earlier").arg("n", rotation.finished_earlier).arg("rest", detail);
    }
    reel_base::db::audit::record(&db, None, "master_key.rotated", None, None, Some(&detail)).await?;
    eprintln!("{detail}");
    anyhow::ensure!(
        rotation.unopenable.is_empty(),
        "{} content keys open with no master key kept (videos {}); their videos cannot be played",
        rotation.unopenable.len(),
        super::master_rotation::list(&rotation.unopenable)
    );
    Ok(())
}
