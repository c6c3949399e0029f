//! The `reel` binary: clap commands mapped onto the library.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};
use tokio_util::sync::CancellationToken;

use reel::{app, cli};
use reel_base::config::Config;
use reel_base::{db, storage};
use reel_core::audience::recommend;
use reel_core::ops::telemetry;
use reel_core::{auth, delivery};

/// mimalloc rather than the system allocator: under many connections glibc's malloc spent a
/// tenth of the origin's time consolidating and splitting chunks (see docs/benchmarks.md,
/// "Origin under load against nginx").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// Manage webhook endpoints (an account's; default the only admin's).
    Webhook {
        #[command(subcommand)]
        command: WebhookCommand,
    },
    /// Manage plans and who holds them.
    Plan {
        #[command(subcommand)]
        command: PlanCommand,
    },
    /// Manage the playback signing keys ({data_dir}/secrets/playback-keys.json).
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// What Reel stores, by tier, kind, channel and item.
    Storage {
        #[command(subcommand)]
        command: StorageCommand,
    },
    /// The storage lifecycle rules ([lifecycle]).
    Lifecycle {
        #[command(subcommand)]
        command: LifecycleCommand,
    },
    /// What Reel costs to run, from recorded usage at [prices].
    Cost {
        #[command(subcommand)]
        command: CostCommand,
    },
    /// Bring the database schema up to date.
    Migrate,
    /// Print the API's OpenAPI 3.1 document (what `GET /api/v1/openapi.json` serves), for
    /// generating clients offline.
    Openapi,
    /// Compute recommendations now (the job does it every audience.recommendations_every_secs),
    /// and say how long it took and how much memory it used.
    Recommend,
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
enum WebhookCommand {
    /// Register an endpoint; prints its id, and the secret Reel made when none is given.
    Add {
        /// Where events are POSTed.
        #[arg(long)]
        url: String,
        /// Event types, comma-separated (`video.ready,video.failed`; `reel webhook events` lists them).
        #[arg(long)]
        events: String,
        /// The signing secret (`whsec_` and base64); default: one Reel makes.
        #[arg(long)]
        secret: Option<String>,
        /// A note for people.
        #[arg(long)]
        description: Option<String>,
        /// The account (email) it belongs to; default the only admin.
        #[arg(long)]
        user: Option<String>,
    },
    /// List an account's endpoints: id, state, last success, URL, events.
    List {
        #[arg(long)]
        user: Option<String>,
    },
    /// The event types, with what each means.
    Events,
    /// Stop sending to an endpoint.
    Disable {
        id: String,
        #[arg(long)]
        user: Option<String>,
    },
    /// Start sending to an endpoint again.
    Enable {
        id: String,
        #[arg(long)]
        user: Option<String>,
    },
    /// Remove an endpoint and its deliveries.
    Remove {
        id: String,
        #[arg(long)]
        user: Option<String>,
    },
    /// An endpoint's newest deliveries: id, event, state, made, attempts, last status.
    Deliveries {
        id: String,
        #[arg(long, default_value_t = 20)]
        limit: u32,
        #[arg(long)]
        user: Option<String>,
    },
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
        /// What it may do: read, account, upload, admin (comma-separated, within the account's
        /// role). Default: read and account, and upload where the role allows it.
        #[arg(long)]
        scopes: Option<String>,
        /// Stop working after this long (`90d`, `12h`, `1y`; 1 minute to 10 years). Default: until
        /// revoked.
        #[arg(long, value_name = "DURATION")]
        expires_in: Option<String>,
    },
    /// List tokens (never the secrets): id, state, created, expires, last used, name.
    List,
    /// Revoke a token by id.
    Revoke {
        /// The token id.
        id: String,
    },
}

#[derive(Subcommand)]
enum PlanCommand {
    /// Define a plan.
    Create {
        /// Its name (unique).
        #[arg(long)]
        name: String,
        /// Price of one period, e.g. 9.99.
        #[arg(long)]
        price: String,
        /// ISO 4217 currency code, e.g. EUR.
        #[arg(long)]
        currency: String,
        /// month or year.
        #[arg(long, default_value = "month")]
        period: String,
        /// What it is, for people choosing.
        #[arg(long, default_value = "")]
        description: String,
        /// Streams its holder may play at once (1 to 100; 0 or absent: no limit).
        #[arg(long)]
        max_streams: Option<i64>,
        /// Devices its holder may have signed in at once (1 to 100; 0 or absent: no limit).
        #[arg(long)]
        max_devices: Option<i64>,
        /// The tallest rung its holder may play, in lines (144 to 4320; 0 or absent: every rung).
        #[arg(long)]
        max_height: Option<i64>,
        /// Whether its holder is offered and served the downloads: true or false (default true).
        #[arg(long)]
        downloads: Option<bool>,
    },
    /// Grant a plan to an account, or renew a running grant.
    Grant {
        /// The plan's name or id.
        #[arg(long)]
        plan: String,
        /// The account's email address or id.
        #[arg(long)]
        user: String,
        /// How many periods it pays for.
        #[arg(long, default_value_t = 1)]
        periods: u32,
    },
    /// List plans with how many hold each and what they brought in.
    List,
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
        /// admin, creator, moderator or viewer.
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
    /// Disable an account: its sessions end and its API tokens stop working at once.
    Disable {
        /// Its email address or phone number (+…).
        address: String,
    },
    /// Enable a disabled account again.
    Enable {
        /// Its email address or phone number (+…).
        address: String,
    },
}

#[derive(Subcommand)]
enum StorageCommand {
    /// Totals by tier and kind, the channels and items holding most, the monthly bill.
    Report {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Compare the storage accounts with a listing of the store.
    Check {
        /// Rewrite the accounts from the listing when they differ.
        #[arg(long)]
        fix: bool,
    },
}

#[derive(Subcommand)]
enum LifecycleCommand {
    /// Apply the rules now (the job does it every lifecycle.every_secs).
    Run {
        /// Report what each rule would move, remove and save, and change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum CostCommand {
    /// A month's cost: total, by resource, day, item and channel, forecast and anomalies.
    Report {
        /// The month, as YYYY-MM (default: this month, UTC).
        #[arg(long)]
        month: Option<String>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
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
    /// Re-wrap every video's content key under a new master key, while playback goes on.
    /// With generated keys a new one is made (the old one kept as master.previous.key); with
    /// packaging.master_key configured, set the new key there and the old one as
    /// packaging.master_key_previous on every host first. Safe to interrupt and run again.
    RotateMaster,
}

fn main() -> std::process::ExitCode {
    reel_base::private_fs::owner_only_from_now_on();
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

/// The context a command runs its capability with: the same database, store, queue and shared
/// cache a server of this configuration has, so what it changes is announced as theirs is.
async fn context(config: Config) -> anyhow::Result<reel_core::platform::Context> {
    app::context(config).await
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    if let Command::Openapi = cli.command {
        // The document is the code's, not the configuration's: no configuration needed.
        println!("{}", serde_json::to_string_pretty(reel::http::api::document())?);
        return Ok(());
    }
    let mut config = Config::load(cli.config.as_deref())?;
    telemetry::init_logging(&config.telemetry.log_filter);
    for deprecated in config.deprecations() {
        tracing::warn!("{deprecated}");
    }
    match cli.command {
        Command::Serve { listen, no_worker } => {
            if let Some(listen) = listen {
                config.server.listen = listen;
            }
            let shutdown = on_signal();
            start_metrics(&config, &shutdown).await?;
            let listener =
                tokio::net::TcpListener::bind(&config.server.listen).await.with_context(|| format!("binding {}", config.server.listen))?;
            app::serve(config, cli.config.clone(), listener, !no_worker, shutdown).await
        }
        Command::Worker => {
            let shutdown = on_signal();
            start_metrics(&config, &shutdown).await?;
            app::work(config, shutdown).await
        }
        Command::Ingest(args) => cli::ingest(&config, args).await,
        Command::Token { command } => match command {
            TokenCommand::Create { name, user, scopes, expires_in } => {
                auth::commands::create_token(&context(config).await?, &name, user.as_deref(), scopes.as_deref(), expires_in.as_deref())
                    .await
            }
            TokenCommand::List => auth::commands::list_tokens(&context(config).await?).await,
            TokenCommand::Revoke { id } => auth::commands::revoke_token(&context(config).await?, &id).await,
        },
        Command::Webhook { command } => {
            use reel_core::integrations::commands as webhook;
            match command {
                WebhookCommand::Events => {
                    for (name, meaning) in reel_core::platform::webhooks::EVENTS {
                        println!("{name}\t{meaning}");
                    }
                    Ok(())
                }
                WebhookCommand::Add { url, events, secret, description, user } => {
                    webhook::add(&context(config).await?, user.as_deref(), &url, &events, secret, description).await
                }
                WebhookCommand::List { user } => webhook::list(&context(config).await?, user.as_deref()).await,
                WebhookCommand::Disable { id, user } => webhook::set_enabled(&context(config).await?, user.as_deref(), &id, false).await,
                WebhookCommand::Enable { id, user } => webhook::set_enabled(&context(config).await?, user.as_deref(), &id, true).await,
                WebhookCommand::Remove { id, user } => webhook::remove(&context(config).await?, user.as_deref(), &id).await,
                WebhookCommand::Deliveries { id, limit, user } => {
                    webhook::deliveries(&context(config).await?, user.as_deref(), &id, limit).await
                }
            }
        }
        Command::User { command } => match command {
            UserCommand::Create { email, phone, name, role } => {
                auth::commands::create_user(&context(config).await?, email.as_deref(), phone.as_deref(), name.as_deref(), &role).await
            }
            UserCommand::List => auth::commands::list_users(&context(config).await?).await,
            UserCommand::Invite { email, role } => auth::commands::invite(&context(config).await?, &email, &role).await,
            UserCommand::Disable { address } => auth::commands::set_disabled(&context(config).await?, &address, true).await,
            UserCommand::Enable { address } => auth::commands::set_disabled(&context(config).await?, &address, false).await,
        },
        Command::Plan { command } => match command {
            PlanCommand::Create { name, price, currency, period, description, max_streams, max_devices, max_height, downloads } => {
                let args = reel_core::audience::plans::commands::CreateArgs {
                    name,
                    price,
                    currency,
                    period,
                    description,
                    max_streams,
                    max_devices,
                    max_height,
                    downloads,
                };
                reel_core::audience::plans::commands::create(&context(config).await?, args).await
            }
            PlanCommand::Grant { plan, user, periods } => {
                reel_core::audience::plans::commands::grant(&context(config).await?, &plan, &user, periods).await
            }
            PlanCommand::List => reel_core::audience::plans::commands::list(&context(config).await?).await,
        },
        Command::Keys { command } => match command {
            KeysCommand::Rotate { force } => delivery::key_commands::rotate(&config, force).await,
            KeysCommand::List => delivery::key_commands::list(&config),
            KeysCommand::RotateMaster => delivery::key_commands::rotate_master(&config).await,
        },
        Command::Storage { command } => match command {
            StorageCommand::Report { json } => reel_core::ops::lifecycle::commands::storage_report(&context(config).await?, json).await,
            StorageCommand::Check { fix } => reel_core::ops::lifecycle::commands::storage_check(&context(config).await?, fix).await,
        },
        Command::Lifecycle { command } => match command {
            LifecycleCommand::Run { dry_run, json } => {
                reel_core::ops::lifecycle::commands::lifecycle_run(&context(config).await?, dry_run, json).await
            }
        },
        Command::Cost { command } => match command {
            CostCommand::Report { month, json } => {
                reel_core::ops::cost::commands::cost_report(&context(config).await?, month.as_deref(), json).await
            }
        },
        Command::Migrate => {
            db::Db::connect(&config.database_url(), 1).await?;
            eprintln!("database is up to date");
            Ok(())
        }
        Command::Recommend => recommend::command(&config).await,
        Command::Openapi => unreachable!("answered before the configuration is read"),
        Command::MigrateDb { from, to } => db::migrate::command(&from, &to).await,
        Command::MigrateStorage { from, to } => storage::migrate::command(&config, &from, &to).await,
        Command::PrintConfig => {
            print!("{}", config.to_redacted_toml());
            Ok(())
        }
    }
}

async fn start_metrics(config: &Config, shutdown: &CancellationToken) -> anyhow::Result<()> {
    let handle = telemetry::install_recorder()?;
    if config.telemetry.metrics_listen.is_empty() {
        return Ok(());
    }
    let render = move || telemetry::exposition(&handle);
    reel::http::metrics_listener::serve(&config.telemetry.metrics_listen, render, shutdown.clone())
        .await
        .context("starting the metrics listener")
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
