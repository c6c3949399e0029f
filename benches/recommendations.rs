//! The recommendation job on a generated platform: 100,000 items, 10,000 viewers and
//! 1,000,000 history entries (`REEL_BENCH_ITEMS`, `REEL_BENCH_VIEWERS`, `REEL_BENCH_WATCHES`
//! scale it), on SQLite and, under `scripts/with-postgres`, on a throwaway PostgreSQL.
//!
//! Viewers have tastes: each follows one of 50 "scenes" (a slice of the catalogue) and watches
//! mostly its popular items, some from anywhere, so co-watching has structure to find. The rows
//! are written directly (bulk inserts); then `reel recommend` runs as its own process and
//! reports its read, build and write times and its peak memory. The reference, measured in the
//! same run, is reading the inputs: the model's cost is given as a multiple of one full read.

use std::collections::HashSet;
use std::path::Path;
use std::time::Instant;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sqlx::AnyPool;

mod support;
use support::env_or;

const ITEMS: usize = 100_000;
const VIEWERS: usize = 10_000;
const WATCHES: usize = 1_000_000;
const SCENES: usize = 50;
/// Rows per generated `INSERT`.
const BATCH: usize = 400;

/// One value of a generated row.
enum Cell {
    Text(String),
    Int(i64),
    Float(f64),
    Null,
}

/// Inserts `rows` into `table`'s `columns`, [`BATCH`] rows per statement, in one transaction.
async fn insert(pool: &AnyPool, table: &str, columns: &[&str], rows: Vec<Vec<Cell>>) {
    let width = columns.len();
    let mut tx = pool.begin().await.expect("a transaction");
    for chunk in rows.chunks(BATCH) {
        let values = (0..chunk.len())
            .map(|r| format!("({})", (1..=width).map(|c| format!("${}", r * width + c)).collect::<Vec<_>>().join(", ")))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!("INSERT INTO {table} ({}) VALUES {values}", columns.join(", "));
        let query = chunk.iter().flatten().fold(sqlx::query(&sql), |q, cell| match cell {
            Cell::Text(t) => q.bind(t.clone()),
            Cell::Int(n) => q.bind(*n),
            Cell::Float(f) => q.bind(*f),
            Cell::Null => q.bind(None::<String>),
        });
        query.execute(&mut *tx).await.expect("an insert");
    }
    tx.commit().await.expect("a commit");
}

/// Generates the platform into `database` (already migrated).
async fn generate(database: &str, items: usize, viewers: usize, watches: usize) {
    let started = Instant::now();
    sqlx::any::install_default_drivers();
    let pool = AnyPool::connect(database).await.expect("the database");
    let mut rng = StdRng::seed_from_u64(7);
    let ids: Vec<String> = (0..items).map(|_| uuid::Uuid::new_v4().to_string()).collect();
    let text = |s: String| Cell::Text(s);
    // A fifth are tracks: albums of 10 by artists of 5 albums.
    let item_rows = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let music = i % 5 == 0;
            vec![
                text(id.clone()),
                text(format!("Item {i}")),
                text("ready".into()),
                text("members".into()),
                Cell::Float(600.0),
                Cell::Int(1_700_000_000_000 + i as i64),
                Cell::Int(1_700_000_000_000 + i as i64),
                if music { text(format!("Album {}", i / 50)) } else { Cell::Null },
                if music { text(format!("Artist {}", i / 250)) } else { Cell::Null },
            ]
        })
        .collect();
    let columns = ["id", "title", "status", "visibility", "duration_s", "created_at", "updated_at", "album", "artist"];
    insert(&pool, "videos", &columns, item_rows).await;
    let genre_rows =
        ids.iter().enumerate().map(|(i, id)| vec![text(id.clone()), text(format!("Genre {}", (i * 7919) % 20)), Cell::Int(0)]).collect();
    insert(&pool, "video_genres", &["video_id", "genre", "position"], genre_rows).await;

    let users: Vec<String> = (0..viewers).map(|_| uuid::Uuid::new_v4().to_string()).collect();
    let user_rows = users
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let when = Cell::Int(1_700_000_000_000);
            vec![
                text(u.clone()),
                text(format!("v{i}@example.org")),
                text(format!("Viewer {i}")),
                text("viewer".into()),
                text(format!("viewer{i}")),
                when,
            ]
        })
        .collect();
    insert(&pool, "users", &["id", "email", "display_name", "role", "channel", "created_at"], user_rows).await;
    let profile_rows =
        users.iter().map(|u| vec![text(u.clone()), text(u.clone()), text("Main".into()), Cell::Int(1_700_000_000_000)]).collect();
    insert(&pool, "profiles", &["id", "user_id", "name", "created_at"], profile_rows).await;

    // Each viewer: most watches from their scene's popular end, the rest from anywhere; 60 %
    // watched to the end.
    let per_viewer = (watches / viewers.max(1)).min(items);
    let scene_size = (items / SCENES).max(1);
    let mut watch_rows = Vec::with_capacity(watches);
    for (v, user) in users.iter().enumerate() {
        let scene = v % SCENES;
        let mut seen = HashSet::new();
        while seen.len() < per_viewer {
            let item = if rng.gen_bool(0.8) {
                let x: f64 = rng.gen();
                (scene * scene_size + (x * x * scene_size as f64) as usize).min(items - 1)
            } else {
                rng.gen_range(0..items)
            };
            if seen.insert(item) {
                let position = if rng.gen_bool(0.6) { 600.0 } else { rng.gen_range(5.0..590.0) };
                let at = 1_700_000_000_000 + rng.gen_range(0..30_000_000_000i64);
                watch_rows.push(vec![
                    text(user.clone()),
                    text(user.clone()),
                    text(ids[item].clone()),
                    Cell::Float(position),
                    Cell::Int(at),
                ]);
            }
        }
    }
    let written = watch_rows.len();
    insert(&pool, "watch_progress", &["user_id", "profile_id", "video_id", "position_s", "updated_at"], watch_rows).await;
    pool.close().await;
    eprintln!("  {items} items, {viewers} viewers, {written} watches generated in {:.1} s", started.elapsed().as_secs_f64());
}

/// Runs `reel` with `args` against `database` and `data_dir`; its standard output.
fn reel(database: &str, data_dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_reel"))
        .args(args)
        .env("REEL__DATABASE__URL", database)
        .env("REEL__DATA_DIR", data_dir)
        .output()
        .expect("reel runs");
    assert!(out.status.success(), "reel {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// One `key=value` of `reel recommend`'s report.
fn field<'a>(report: &'a str, key: &str) -> &'a str {
    report.split_whitespace().find_map(|kv| kv.strip_prefix(key).and_then(|v| v.strip_prefix('='))).unwrap_or("?")
}

async fn bench(backend: &str, database: &str, data_dir: &Path, items: usize, viewers: usize, watches: usize) {
    eprintln!("{backend}:");
    std::fs::create_dir_all(data_dir).expect("a data folder");
    reel(database, data_dir, &["migrate"]);
    generate(database, items, viewers, watches).await;
    // Reel fills in the search index of the generated items when it first opens the database:
    // done here, before the run is timed.
    reel(database, data_dir, &["migrate"]);
    let report = reel(database, data_dir, &["recommend"]);
    eprintln!("  {}", report.trim());
    let secs = |key: &str| field(&report, key).parse::<f64>().unwrap_or(f64::NAN);
    let read = secs("read_s");
    let total = read + secs("build_s") + secs("write_s");
    println!(
        "| {backend} | {} | {} | {read:.2} s (1.0) | {:.2} s ({:.1}×) | {:.2} s ({:.1}×) | {total:.1} s ({:.1}×) | {} / {} / {} | {} |",
        field(&report, "items"),
        field(&report, "watches"),
        secs("build_s"),
        secs("build_s") / read,
        secs("write_s"),
        secs("write_s") / read,
        total / read,
        field(&report, "peak_after_read_mib"),
        field(&report, "peak_after_build_mib"),
        field(&report, "peak_rss_mib"),
        field(&report, "related_rows"),
    );
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo bench` asks every bench target what it holds.
    }
    let (items, viewers, watches) =
        (env_or("REEL_BENCH_ITEMS", ITEMS), env_or("REEL_BENCH_VIEWERS", VIEWERS), env_or("REEL_BENCH_WATCHES", WATCHES));
    let dir = tempfile::tempdir().expect("a temp dir");
    println!("| backend | items | history entries | read (reference) | build the model | write the lists | whole job | peak memory after read / build / write (MiB) | related rows |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    let sqlite = dir.path().join("sqlite");
    bench("SQLite", &format!("sqlite://{}?mode=rwc", sqlite.join("reel.db").display()), &sqlite, items, viewers, watches).await;
    if let Some(database) = support::throwaway_postgres() {
        bench("PostgreSQL", &database, &dir.path().join("postgres"), items, viewers, watches).await;
    }
}
