//! The command line: `dialogo serve` (default), `migrate`, `token …`, `seed --demo`,
//! `backup --to FILE`.

use anyhow::Context;
use clap::{Parser, Subcommand};

use crate::config::Settings;
use crate::db::{self, models::ApiToken};
use crate::startup::{Application, prepare_database};

#[derive(Debug, Parser)]
#[command(
    name = "dialogo",
    version,
    about = "Events, registrations and mail for dialogue programmes"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply pending migrations and serve HTTP (the default).
    Serve,
    /// Apply pending migrations and exit.
    Migrate,
    /// Manage admin API tokens.
    Token {
        #[command(subcommand)]
        action: TokenCommand,
    },
    /// Load data into the database.
    Seed {
        /// Published demo events modelled on real dialogue programmes.
        #[arg(long)]
        demo: bool,
    },
    /// Copy a SQLite database, consistently, while servers keep using it (PostgreSQL: pg_dump).
    Backup {
        /// The new file to write the copy to.
        #[arg(long, value_name = "FILE")]
        to: std::path::PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token; it is printed once, alone on the last line.
    Create {
        #[arg(long)]
        name: String,
    },
    /// List tokens (names and dates, never the tokens).
    List,
    /// Revoke the token with this name.
    Revoke {
        #[arg(long)]
        name: String,
    },
}

pub async fn run(cli: Cli, settings: Settings) -> anyhow::Result<()> {
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            Application::build(settings)
                .await?
                .run_until_stopped()
                .await?
        }
        Command::Migrate => {
            prepare_database(&settings).await?;
        }
        Command::Token { action } => {
            let pool = prepare_database(&settings).await?;
            tokio::task::spawn_blocking(move || token(&pool, action)).await??;
        }
        Command::Seed { demo } => {
            anyhow::ensure!(demo, "say what to seed: dialogo seed --demo");
            let pool = prepare_database(&settings).await?;
            let created =
                tokio::task::spawn_blocking(move || crate::seed::load_demo(&pool)).await??;
            println!("Loaded {created} demo events.");
        }
        Command::Backup { to } => {
            let url = settings.database_url.clone();
            let target = to.clone();
            let bytes =
                tokio::task::spawn_blocking(move || crate::backup::backup(&url, &target)).await??;
            println!(
                "Backed up {} to {} ({bytes} bytes).",
                settings.database_url.redacted(),
                to.display()
            );
        }
    }
    Ok(())
}

fn token(pool: &db::Pool, action: TokenCommand) -> anyhow::Result<()> {
    let mut conn = pool.get().context("no database connection")?;
    match action {
        TokenCommand::Create { name } => {
            let (token, secret) = ApiToken::create(&mut conn, &name)?;
            println!(
                "Created admin token {:?}. It is shown only now:",
                token.name
            );
            println!("{secret}");
        }
        TokenCommand::List => {
            for token in ApiToken::list(&mut conn)? {
                let state = match token.revoked_at {
                    Some(at) => format!("revoked {at}"),
                    None => "active".into(),
                };
                let used = token.last_used_at.map_or("never".into(), |t| t.to_string());
                println!(
                    "{}\tcreated {}\tlast used {used}\t{state}",
                    token.name, token.created_at
                );
            }
        }
        TokenCommand::Revoke { name } => {
            anyhow::ensure!(
                ApiToken::revoke(&mut conn, &name)?,
                "no active token named {name:?}"
            );
            println!("Revoked {name:?}.");
        }
    }
    Ok(())
}
