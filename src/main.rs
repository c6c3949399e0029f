//! The `reel` binary: clap commands mapped onto the library.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};
use tokio_util::sync::CancellationToken;

use reel::config::Config;
use reel::{app, auth, cli, db, telemetry};

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
    /// Bring the database schema up to date.
    Migrate,
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
    },
    /// List tokens (never the secrets).
    List,
    /// Revoke a token by id.
    Revoke {
        /// The token id.
        id: String,
    },
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
                TokenCommand::Create { name } => {
                    let token = auth::create_token(&db, &name).await?;
                    eprintln!("created token {} ({name}); it is shown only once", token.id);
                    println!("{}", token.secret);
                }
                TokenCommand::List => {
                    for t in db::tokens::list(&db).await? {
                        let state = if t.revoked_at.is_some() { "revoked" } else { "live" };
                        println!("{}\t{}\t{}\t{}", t.id, state, reel::domain::rfc3339(t.created_at), t.name);
                    }
                }
                TokenCommand::Revoke { id } => {
                    anyhow::ensure!(db::tokens::revoke(&db, &id).await?, "no live token with id {id}");
                    eprintln!("revoked {id}");
                }
            }
            Ok(())
        }
        Command::Migrate => {
            db::Db::connect(&config.database_url(), 1).await?;
            eprintln!("database is up to date");
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
