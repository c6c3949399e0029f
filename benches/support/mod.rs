//! What the benches share: a throwaway PostgreSQL database on the server `scripts/with-postgres`
//! started, and their size settings from the environment.

/// `name`'s value as a number, or `default`.
pub fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// A new, empty database on the PostgreSQL server of `scripts/with-postgres`; `None` (after
/// saying so) when the bench is not run under it.
pub fn throwaway_postgres() -> Option<String> {
    let server = std::env::var("REEL_TEST_POSTGRES_URL").ok().filter(|s| !s.is_empty());
    let Some(server) = server else {
        eprintln!("PostgreSQL skipped: run under scripts/with-postgres to measure it too");
        return None;
    };
    let name = format!("reel_bench_{}", uuid::Uuid::new_v4().simple());
    let made = std::process::Command::new("psql")
        .args(["-q", "-v", "ON_ERROR_STOP=1", "-d", &format!("{server}/postgres"), "-c", &format!("CREATE DATABASE {name}")])
        .status()
        .expect("psql runs");
    assert!(made.success(), "could not create the benchmark's database");
    Some(format!("{server}/{name}"))
}
