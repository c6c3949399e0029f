//! The `reel` binary: clap commands mapped onto the library.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};
use tokio_util::sync::CancellationToken;

use reel::config::Config;
use reel::{app, auth, cli, db, delivery, telemetry};

#[derive(Parser)]
#[command(name = "reel", version, about = "A self-hosted video platform")]
struct Cli {
    /// Configuration file (TOML); `REEL__SECTION__KEY` variables override it.
    #[arg(long, global = true, env = "REEL_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the API, web origin and (unless --no-worker) the job workers.
    Serve {
        /// Address to listen on (overrides server.listen).
        #[arg(long)]
        listen: Option<String>,
        /// Do not run job workers in this process.
        #[arg(long)]
        no_worker: bool,
    },
    /// Run job workers only.
    Worker,
    /// Upload files through the API and wait until they are ready.
    Ingest(cli::IngestArgs),
    /// Manage API tokens.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Manage the playback signing keys ({data_dir}/secrets/playback-keys.json).
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// Bring the database schema up to date.
    Migrate,
    /// Copy every row from one database into an empty one and verify the copy, e.g. from the
    /// embedded SQLite file to PostgreSQL. The source is never changed.
    MigrateDb {
        /// The database to copy from: sqlite://PATH or postgres://…
        #[arg(long)]
        from: String,
        /// The empty database to copy to (its schema is made first).
        #[arg(long)]
        to: String,
    },
    /// Copy every object from one store to another and verify each copy (SHA-256), e.g. from
    /// the embedded local folder to S3. Run again to resume; the source is never changed.
    MigrateStorage {
        /// The store to copy from: file:///PATH or s3://BUCKET.
        #[arg(long)]
        from: String,
        /// The store to copy to (s3:// URLs use the storage.s3_* settings).
        #[arg(long)]
        to: String,
    },
    /// Print the effective configuration, secrets redacted.
    PrintConfig,
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create a token and print it (alone, on stdout).
    Create {
        /// A name to recognise it by.
        #[arg(long)]
        name: String,
        /// The account (email) it acts for; default the only admin.
        #[arg(long)]
        user: Option<String>,
        /// What it may do: read, upload, admin (comma-separated, within the account's role).
        #[arg(long, default_value = "read,upload")]
        scopes: String,
    },
    /// List tokens (never the secrets).
    List,
    /// Revoke a token by id.
    Revoke {
        /// The token id.
        id: String,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account (the first admin, or anyone when sign-up is closed).
    Create {
        /// Email address.
        #[arg(long)]
        email: Option<String>,
        /// Phone number in international form (+…).
        #[arg(long)]
        phone: Option<String>,
        /// Name shown to others (default: from the address).
        #[arg(long)]
        name: Option<String>,
        /// admin, creator or viewer.
        #[arg(long, default_value = "viewer")]
        role: String,
    },
    /// List accounts.
    List,
    /// Invite an address (sign-up by invitation).
    Invite {
        /// Email address.
        #[arg(long)]
        email: String,
        /// The role the account will get.
        #[arg(long, default_value = "viewer")]
        role: String,
    },
}

#[derive(Subcommand)]
enum KeysCommand {
    /// Start signing with a new key; the current one keeps verifying for delivery.key_grace_secs.
    /// Refused while an older key is still in its grace period.
    Rotate {
        /// Drop a key still in its grace period (its tokens stop working at once).
        #[arg(long)]
        force: bool,
    },
    /// List the keys: id, created, and current or when it retires (never the keys).
    List,
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a tokio runtime");
    match runtime.block_on(run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let mut config = Config::load(cli.config.as_deref())?;
    telemetry::init_logging(&config.telemetry.log_filter);
    match cli.command {
        Command::Serve { listen, no_worker } => {
            if let Some(listen) = listen {
                config.server.listen = listen;
            }
            let shutdown = on_signal();
            start_metrics(&config, &shutdown).await?;
            let listener =
                tokio::net::TcpListener::bind(&config.server.listen).await.with_context(|| format!("binding {}", config.server.listen))?;
            app::serve(config, listener, !no_worker, shutdown).await
        }
        Command::Worker => {
            let shutdown = on_signal();
            start_metrics(&config, &shutdown).await?;
            app::work(config, shutdown).await
        }
        Command::Ingest(args) => cli::ingest(&config, args).await,
        Command::Token { command } => {
            let db = db::Db::connect(&config.database_url(), 2).await?;
            match command {
                TokenCommand::Create { name, user, scopes } => {
                    let user = cli::local_account(&db, user.as_deref()).await?;
                    let scopes = auth::Scope::parse_list(&scopes)?;
                    let token = auth::create_token(&db, &user, &name, &scopes).await?;
                    db::audit::record(&db, Some(&user.id), "token.created", Some(&token.id.to_string()), None, Some("reel token create"))
                        .await?;
                    eprintln!("created token {} ({name}) for {}; it is shown only once", token.id, user.channel);
                    println!("{}", token.secret);
                }
                TokenCommand::List => {
                    for t in db::tokens::list(&db, None).await? {
                        let state = if t.revoked_at.is_some() { "revoked" } else { "live" };
                        println!("{}\t{}\t{}\t{}", t.id, state, reel::domain::rfc3339(t.created_at), t.name);
                    }
                }
                TokenCommand::Revoke { id } => {
                    anyhow::ensure!(db::tokens::revoke(&db, &id, None).await?, "no live token with id {id}");
                    db::audit::record(&db, None, "token.revoked", Some(&id), None, Some("reel token revoke")).await?;
                    eprintln!("revoked {id}");
                }
            }
            Ok(())
        }
        Command::User { command } => {
            let db = db::Db::connect(&config.database_url(), 2).await?;
            match command {
                UserCommand::Create { email, phone, name, role } => {
                    let email = email.as_deref().map(reel::domain::Email::parse).transpose()?;
                    let phone = phone.as_deref().map(reel::domain::Phone::parse).transpose()?;
                    let role: reel::domain::Role = role.parse()?;
                    let user = auth::users::create(&db, email.as_ref(), phone.as_ref(), name.as_deref(), role).await?;
                    db::audit::record(&db, None, "user.created", Some(&user.id), None, Some(&format!("role {role}, by reel user create")))
                        .await?;
                    eprintln!(
                        "created {role} {} (channel {})",
                        user.email.as_deref().or(user.phone.as_deref()).unwrap_or(""),
                        user.channel
                    );
                    println!("{}", user.id);
                }
                UserCommand::List => {
                    for u in db::users::list(&db).await? {
                        let address = u.email.as_deref().or(u.phone.as_deref()).unwrap_or("");
                        println!("{}\t{}\t{}\t{}\t{}", u.id, u.role, address, u.channel, u.display_name);
                    }
                }
                UserCommand::Invite { email, role } => {
                    let email = reel::domain::Email::parse(&email)?;
                    let role: reel::domain::Role = role.parse()?;
                    db::users::invite(&db, &email, role, None).await?;
                    db::audit::record(&db, None, "invitation.created", Some(email.as_str()), None, Some(&format!("role {role}"))).await?;
                    eprintln!("invited {email} as {role}");
                }
            }
            Ok(())
        }
        Command::Keys { command } => {
            match command {
                KeysCommand::Rotate { force } => {
                    let r = delivery::keys::rotate(&config, force)?;
                    let db = db::Db::connect(&config.database_url(), 1).await?;
                    let detail =
                        format!("retiring {} until {}; dropped {:?}", r.retiring_kid, reel::domain::rfc3339(r.retire_at), r.dropped);
                    db::audit::record(&db, None, "key.rotated", Some(&r.new_kid), None, Some(&detail)).await?;
                    for kid in &r.dropped {
                        eprintln!("dropped key {kid}");
                    }
                    eprintln!(
                        "now signing with key {}; key {} verifies until {} (running servers pick this up within seconds)",
                        r.new_kid,
                        r.retiring_kid,
                        reel::domain::rfc3339(r.retire_at)
                    );
                    println!("{}", r.new_kid);
                }
                KeysCommand::List => {
                    let now = reel::domain::now_ms();
                    for k in delivery::keys::list(&config)?.keys() {
                        println!("{}\t{}\t{}", k.kid, reel::domain::rfc3339(k.created_at), k.status(now));
                    }
                }
            }
            Ok(())
        }
        Command::Migrate => {
            db::Db::connect(&config.database_url(), 1).await?;
            eprintln!("database is up to date");
            Ok(())
        }
        Command::MigrateDb { from, to } => {
            let source = db::Db::connect(&from, 2).await.context("opening the source database")?;
            let target = db::Db::connect(&to, 2).await.context("opening the target database")?;
            let report = db::migrate::copy_all(&source, &target).await?;
            for (table, rows) in &report {
                eprintln!("{table}: {rows} rows copied and verified");
            }
            eprintln!("the target holds a verified copy; point database.url at it");
            Ok(())
        }
        Command::MigrateStorage { from, to } => {
            let source = reel::storage::Store::open(&from, &config.storage)?;
            let target = reel::storage::Store::open(&to, &config.storage)?;
            let started = std::time::Instant::now();
            let mut done = 0u64;
            let report = reel::storage::migrate::copy_all(&source, &target, |key, size| {
                done += 1;
                if done.is_multiple_of(100) {
                    eprintln!("{done} objects… (last: {key}, {size} bytes)");
                }
            })
            .await?;
            eprintln!(
                "copied and verified {} objects ({} bytes); {} were already there, identical; {:.1} s",
                report.copied,
                report.bytes,
                report.already_there,
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::PrintConfig => {
            print!("{}", config.to_redacted_toml());
            Ok(())
        }
    }
}

async fn start_metrics(config: &Config, shutdown: &CancellationToken) -> anyhow::Result<()> {
    if config.telemetry.metrics_listen.is_empty() {
        return Ok(());
    }
    telemetry::serve_metrics(&config.telemetry.metrics_listen, shutdown.clone()).await.context("starting the metrics listener")
}

/// A token cancelled on SIGINT or SIGTERM.
fn on_signal() -> CancellationToken {
    let token = CancellationToken::new();
    let cancel = token.clone();
    tokio::spawn(async move {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).expect("a SIGTERM handler");
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
        tracing::info!("shutting down");
        cancel.cancel();
    });
    token
}
