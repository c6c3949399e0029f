//! Search and filtered-listing latency on a generated catalogue (100,000 items by default, no
//! media), on SQLite and, under `scripts/with-postgres`, on PostgreSQL: each query run through
//! `reel::videos` with the metadata cache off (the reference) and on, in the same run, over
//! the same database. Target: search p95 under 50 ms at 100k items on both backends.
//!
//!     cargo bench --bench catalogue
//!     scripts/with-postgres cargo bench --bench catalogue
//!
//! `REEL_BENCH_ITEMS` and `REEL_BENCH_QUERIES` change the catalogue's size and the number of
//! timed queries of each kind. Items are stored through the same insert and edit paths as
//! uploads (so the search index is written as it is in use); queries follow a Zipf law over a
//! pool of distinct ones, as real traffic repeats its popular searches and pages.

use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use reel::config::Config;
use reel::db::users::{self, NewUser};
use reel::db::videos::{self as rows, NewVideo, VideoEdit};
use reel::domain::{Credits, Email, ItemKind, Metadata, Role, UserId, VideoDescription, VideoId, VideoTitle, Visibility};
use reel::metadata_cache::Change;
use reel::state::AppState;
use reel::videos::{self, Audience, Cursor, Filter};

/// Items in the catalogue unless `REEL_BENCH_ITEMS` says otherwise.
const ITEMS: usize = 100_000;
/// Timed queries of each kind unless `REEL_BENCH_QUERIES` says otherwise.
const QUERIES: usize = 2_000;
/// Accounts that own the items (and browse as members).
const ACCOUNTS: usize = 50;
/// Distinct searches and listings the timed queries are drawn from.
const POOL: usize = 400;
/// A page, as the API and the pages ask for.
const PAGE: u32 = 24;

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Made-up words from syllables: a vocabulary whose words share prefixes, as real ones do.
fn vocabulary(rng: &mut StdRng, size: usize) -> Vec<String> {
    const SYLLABLES: [&str; 24] = [
        "ka", "lo", "mi", "ren", "sa", "tor", "vel", "na", "bri", "do", "es", "fa", "gul", "hin", "jo", "kes", "lu", "mar", "no", "pel",
        "qui", "ro", "sun", "ta",
    ];
    let mut words = std::collections::BTreeSet::new();
    while words.len() < size {
        let n = rng.gen_range(2..=4);
        words.insert((0..n).map(|_| SYLLABLES[rng.gen_range(0..SYLLABLES.len())]).collect::<String>());
    }
    let mut words: Vec<String> = words.into_iter().collect();
    // Shuffled, so that the popular words (the first ones, by the Zipf law) are not all alike.
    for i in (1..words.len()).rev() {
        words.swap(i, rng.gen_range(0..=i));
    }
    words
}

/// Indexes `0..n` drawn with probability falling as 1/(k+1) (Zipf, s = 1).
struct Zipf(Vec<f64>);

impl Zipf {
    fn new(n: usize) -> Self {
        let mut total = 0.0;
        Self(
            (0..n)
                .map(|k| {
                    total += 1.0 / (k as f64 + 1.0);
                    total
                })
                .collect(),
        )
    }

    fn sample(&self, rng: &mut StdRng) -> usize {
        let x = rng.gen_range(0.0..*self.0.last().expect("a non-empty law"));
        self.0.partition_point(|c| *c < x)
    }
}

/// Between `n.start()` and `n.end()` words, the common ones most often.
fn words(rng: &mut StdRng, vocabulary: &[String], zipf: &Zipf, n: std::ops::RangeInclusive<usize>) -> String {
    (0..rng.gen_range(n)).map(|_| vocabulary[zipf.sample(rng)].as_str()).collect::<Vec<_>>().join(" ")
}

/// Stores the accounts and `items` items through the insert and edit paths uploads use, then
/// makes them ready (in one statement: no media is made).
async fn generate(state: &AppState, items: usize, genres: &[String]) -> Vec<UserId> {
    let mut rng = StdRng::seed_from_u64(7);
    let vocabulary = vocabulary(&mut rng, 3_000);
    let zipf = Zipf::new(vocabulary.len());
    let artists: Vec<String> = (0..2_000).map(|_| words(&mut rng, &vocabulary, &zipf, 2..=2)).collect();
    let mut accounts = Vec::new();
    for i in 0..ACCOUNTS {
        let id = UserId::new();
        let email = Email::parse(&format!("bench{i}@example.org")).expect("an address");
        let channel = format!("bench{i}");
        let new = NewUser { id, email: Some(&email), phone: None, display_name: &channel, role: Role::Creator, channel: &channel };
        users::insert(&state.db, &new).await.expect("an account");
        accounts.push(id);
    }
    let started = Instant::now();
    let languages = ["en", "en-GB", "fr", "de", "pt-BR", "ja", "es"];
    for n in 0..items {
        let id = VideoId::new();
        let title = VideoTitle::parse(&words(&mut rng, &vocabulary, &zipf, 2..=5)).expect("a title");
        let description = VideoDescription::parse(&words(&mut rng, &vocabulary, &zipf, 10..=30)).expect("a description");
        let visibility = match rng.gen_range(0..100) {
            0..80 => Visibility::Public,
            80..95 => Visibility::Members,
            _ => Visibility::Private,
        };
        let new = NewVideo {
            id,
            title: &title,
            description: &description,
            source_filename: None,
            source_bytes: 0,
            created_by: Some(accounts[rng.gen_range(0..ACCOUNTS)]),
            visibility,
        };
        rows::insert(&state.db, &new).await.expect("an item");
        let kind = [ItemKind::Video, ItemKind::Film, ItemKind::Episode, ItemKind::Music, ItemKind::Podcast][rng.gen_range(0..5)];
        let mut meta = Metadata {
            kind,
            genres: (0..rng.gen_range(1..=3)).map(|_| genres[rng.gen_range(0..genres.len())].clone()).collect(),
            tags: (0..rng.gen_range(0..=3)).map(|_| vocabulary[zipf.sample(&mut rng)].clone()).collect(),
            year: Some(rng.gen_range(1950..=2026)),
            language: Some(languages[rng.gen_range(0..languages.len())].parse().expect("a language")),
            ..Metadata::default()
        };
        meta.genres.sort();
        meta.genres.dedup();
        meta.tags.sort();
        meta.tags.dedup();
        match kind {
            ItemKind::Music => {
                let artist = artists[zipf.sample(&mut rng) % artists.len()].clone();
                meta.album = Some(format!("{} {}", artist, rng.gen_range(1..=4)));
                meta.artist = Some(artist);
                meta.track_number = Some(rng.gen_range(1..=12));
            }
            ItemKind::Film => {
                meta.credits = Credits::parse(
                    &[artists[rng.gen_range(0..artists.len())].as_str()],
                    &[artists[rng.gen_range(0..artists.len())].as_str()],
                )
                .expect("credits");
            }
            _ => {}
        }
        rows::update(&state.db, id, VideoEdit { metadata: Some(&meta), ..VideoEdit::default() }).await.expect("an edit");
        if (n + 1) % 10_000 == 0 {
            eprintln!("  {} items stored ({:.0} s)", n + 1, started.elapsed().as_secs_f64());
        }
    }
    let raw = raw(&state.config.database_url()).await;
    sqlx::query("UPDATE videos SET status = 'ready', progress = 100, ready_at = created_at").execute(&raw).await.expect("ready");
    eprintln!("  {items} items stored and indexed through the edit path in {:.1} s", started.elapsed().as_secs_f64());
    accounts
}

/// A connection of the benchmark's own, for what Reel has no call for (marking generated
/// items ready without media, picking values to filter by).
async fn raw(database: &str) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::AnyPool::connect(database).await.expect("the database")
}

/// One query of the workload, owning what its filter borrows.
#[derive(Clone)]
struct Query {
    audience: Audience,
    text: Option<String>,
    genre: Option<String>,
    kind: Option<ItemKind>,
    year: Option<i64>,
    language: Option<String>,
    artist: Option<String>,
    /// Whether this is the second page (its cursor found once, before timing).
    second_page: Option<Cursor>,
}

impl Query {
    fn filter(&self) -> Filter<'_> {
        Filter {
            text: self.text.as_deref(),
            watchable: true,
            genre: self.genre.as_deref(),
            kind: self.kind,
            year: self.year,
            language: self.language.as_deref(),
            artist: self.artist.as_deref(),
            ..Filter::default()
        }
    }

    async fn run(&self, state: &AppState) -> Vec<VideoId> {
        let rows = videos::list(state, self.audience, self.filter(), PAGE, self.second_page).await.expect("a listing");
        rows.iter().map(|v| v.id).collect()
    }
}

/// The distinct searches: one word, two words, and the first letters of a word being typed.
fn searches(rng: &mut StdRng, audiences: &[Audience]) -> Vec<Query> {
    let vocabulary = vocabulary(&mut StdRng::seed_from_u64(7), 3_000);
    let zipf = Zipf::new(vocabulary.len());
    (0..POOL)
        .map(|_| {
            let text = match rng.gen_range(0..10) {
                0..5 => words(rng, &vocabulary, &zipf, 1..=1),
                5..8 => words(rng, &vocabulary, &zipf, 2..=2),
                _ => vocabulary[zipf.sample(rng)].chars().take(3).collect(),
            };
            Query { text: Some(text), ..listing(audiences[rng.gen_range(0..audiences.len())]) }
        })
        .collect()
}

fn listing(audience: Audience) -> Query {
    Query { audience, text: None, genre: None, kind: None, year: None, language: None, artist: None, second_page: None }
}

/// The distinct filtered listings: a genre, a genre of a kind, a year, a language, an
/// artist; a quarter of them the second page.
async fn listings(state: &AppState, rng: &mut StdRng, audiences: &[Audience], genres: &[String]) -> Vec<Query> {
    let artists: Vec<String> = sqlx::query_scalar("SELECT DISTINCT artist FROM videos WHERE artist IS NOT NULL ORDER BY artist LIMIT 200")
        .fetch_all(&raw(&state.config.database_url()).await)
        .await
        .expect("artists");
    let mut pool = Vec::new();
    while pool.len() < POOL {
        let mut q = listing(audiences[rng.gen_range(0..audiences.len())]);
        match rng.gen_range(0..5) {
            0 => q.genre = Some(genres[rng.gen_range(0..genres.len())].clone()),
            1 => {
                q.genre = Some(genres[rng.gen_range(0..genres.len())].clone());
                q.kind = Some([ItemKind::Film, ItemKind::Music, ItemKind::Episode][rng.gen_range(0..3)]);
            }
            2 => q.year = Some(rng.gen_range(1950..=2026)),
            3 => q.language = Some(["en", "fr", "de", "pt", "ja", "es"][rng.gen_range(0..6)].to_string()),
            _ => q.artist = Some(artists[rng.gen_range(0..artists.len())].clone()),
        }
        if rng.gen_range(0..4) == 0 {
            let first = videos::list(state, q.audience, q.filter(), PAGE, None).await.expect("a listing");
            match first.last() {
                Some(last) if first.len() == PAGE as usize => q.second_page = Some(Cursor::After(last.created_at, last.id)),
                _ => continue,
            }
        }
        pool.push(q);
    }
    pool
}

/// Latencies, sorted.
struct Timings(Vec<Duration>);

impl Timings {
    fn at(&self, percent: usize) -> f64 {
        let i = (self.0.len() * percent / 100).min(self.0.len() - 1);
        self.0[i].as_secs_f64() * 1000.0
    }

    fn mean(&self) -> f64 {
        self.0.iter().map(Duration::as_secs_f64).sum::<f64>() / self.0.len() as f64 * 1000.0
    }
}

/// Runs the workload `order` (indexes into `pool`), timing each query; with `edits`, changes
/// one item's title after every hundredth query, as an editor would, and announces it.
async fn timed(state: &AppState, pool: &[Query], order: &[usize], edits: Option<&[VideoId]>) -> (Timings, Vec<Vec<VideoId>>) {
    let mut times = Vec::with_capacity(order.len());
    let mut results = Vec::with_capacity(order.len());
    for (n, &i) in order.iter().enumerate() {
        if let (Some(ids), true) = (edits, n % 100 == 99) {
            let id = ids[n % ids.len()];
            let title = VideoTitle::parse(&format!("edited {n}")).expect("a title");
            rows::update(&state.db, id, VideoEdit { title: Some(&title), ..VideoEdit::default() }).await.expect("an edit");
            state.shared.announce(Change::Listed(id)).await;
        }
        let started = Instant::now();
        let ids = pool[i].run(state).await;
        times.push(started.elapsed());
        results.push(ids);
    }
    times.sort();
    (Timings(times), results)
}

async fn state(dir: &std::path::Path, database: &str, cache_items: u64) -> AppState {
    let mut config = Config { data_dir: dir.to_path_buf(), ..Config::default() };
    config.database.url = reel::config::Secret::new(database);
    config.cache.metadata_items = cache_items;
    AppState::build(config, "http://127.0.0.1:1".into()).await.expect("the state")
}

fn row(what: &str, t: &Timings, reference: &Timings) -> String {
    format!("| {what} | {:.2} | {:.2} | {:.2} | {:.2} | {:.3} |", t.at(50), t.at(95), t.at(99), t.mean(), t.at(95) / reference.at(95))
}

async fn bench(backend: &str, database: &str, dir: &std::path::Path, items: usize, queries: usize) {
    eprintln!("{backend}: generating {items} items");
    let off = state(dir, database, 0).await;
    let genres = off.config.catalogue.genres.clone();
    let accounts = generate(&off, items, &genres).await;
    let on = state(dir, database, 50_000).await;
    let mut audiences = vec![Audience::Public; ACCOUNTS];
    audiences.extend(accounts.iter().map(|a| Audience::Member(*a)));

    let mut rng = StdRng::seed_from_u64(11);
    let searches = searches(&mut rng, &audiences);
    let listings = listings(&off, &mut rng, &audiences, &genres).await;
    let zipf = Zipf::new(POOL);
    let order: Vec<usize> = (0..queries).map(|_| zipf.sample(&mut rng)).collect();
    let edited: Vec<VideoId> =
        sqlx::query_scalar("SELECT id FROM videos ORDER BY id LIMIT 100").fetch_all(&raw(database).await).await.expect("ids");

    println!("\n### {backend}, {items} items, {queries} queries of each kind\n");
    println!("| query | p50 ms | p95 ms | p99 ms | mean ms | p95 × reference |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (name, pool) in [("search", &searches), ("filtered listing", &listings)] {
        // Every distinct query once first, so the database's pages are warm for both runs.
        for q in pool.iter() {
            q.run(&off).await;
        }
        let (reference, expected) = timed(&off, pool, &order, None).await;
        let (cached, got) = timed(&on, pool, &order, None).await;
        assert!(expected == got, "{backend}: a {name} through the cache answered differently from the database");
        let (edited_run, _) = timed(&on, pool, &order, Some(&edited)).await;
        println!("{}", row(&format!("{name}, cache off (reference)"), &reference, &reference));
        println!("{}", row(&format!("{name}, cache on"), &cached, &reference));
        println!("{}", row(&format!("{name}, cache on, an edit every 100 queries"), &edited_run, &reference));
        let worst = reference.at(95).max(cached.at(95));
        if name == "search" {
            eprintln!("{backend}: search p95 {worst:.2} ms (target under 50 ms): {}", if worst < 50.0 { "met" } else { "NOT met" });
        }
    }
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo bench` asks every bench target what it holds.
    }
    let items = env_or("REEL_BENCH_ITEMS", ITEMS);
    let queries = env_or("REEL_BENCH_QUERIES", QUERIES);
    let dir = tempfile::tempdir().expect("a temp dir");
    let sqlite = dir.path().join("sqlite");
    bench("SQLite", &format!("sqlite://{}", sqlite.join("reel.db").display()), &sqlite, items, queries).await;
    match std::env::var("REEL_TEST_POSTGRES_URL") {
        Ok(server) if !server.is_empty() => {
            let name = format!("reel_bench_{}", uuid::Uuid::new_v4().simple());
            let made = std::process::Command::new("psql")
                .args(["-q", "-v", "ON_ERROR_STOP=1", "-d", &format!("{server}/postgres"), "-c", &format!("CREATE DATABASE {name}")])
                .status()
                .expect("psql runs");
            assert!(made.success(), "could not create the benchmark's database");
            let pg = dir.path().join("postgres");
            bench("PostgreSQL", &format!("{server}/{name}"), &pg, items, queries).await;
        }
        _ => eprintln!("PostgreSQL skipped: run under scripts/with-postgres to measure it too"),
    }
}
