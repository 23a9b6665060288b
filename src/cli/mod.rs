//! The command line: `dialogo serve` (default), `migrate`, `user …`, `token …`,
//! `seed --demo`, `backup --to FILE`, `retention [--dry-run]`.

use anyhow::Context;
use clap::{Parser, Subcommand};

mod user;

pub use user::UserCommand;

use crate::accounts;
use crate::audit::{self, Action};
use crate::config::Settings;
use crate::db::{
    self,
    models::{ApiToken, User},
};
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
    /// Manage staff accounts.
    User {
        #[command(subcommand)]
        action: UserCommand,
    },
    /// Manage API tokens.
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
    /// Apply the retention policy now: anonymise or remove personal data past its period.
    Retention {
        /// Count what would be anonymised or removed, and change nothing.
        #[arg(long)]
        dry_run: bool,
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
    /// Create a token; it is printed once, alone on the last line. It acts with the role of
    /// the account given by `--user`, or as an admin when none is given.
    Create {
        #[arg(long)]
        name: String,
        /// The address of the account the token belongs to.
        #[arg(long)]
        user: Option<String>,
    },
    /// List tokens (names, owners and dates, never the tokens).
    List {
        /// Only the tokens of the account with this address.
        #[arg(long)]
        user: Option<String>,
    },
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
        Command::User { action } => {
            let pool = prepare_database(&settings).await?;
            tokio::task::spawn_blocking(move || user::run(&pool, &settings, action)).await??;
        }
        Command::Token { action } => {
            let pool = prepare_database(&settings).await?;
            tokio::task::spawn_blocking(move || token(&pool, action)).await??;
        }
        Command::Seed { demo } => {
            anyhow::ensure!(demo, "say what to seed: dialogo seed --demo");
            let pool = prepare_database(&settings).await?;
            let created = tokio::task::spawn_blocking(move || {
                crate::seed::load_demo(&pool, chrono::Utc::now())
            })
            .await??;
            println!("Loaded {created} demo events.");
        }
        Command::Retention { dry_run } => {
            let pool = prepare_database(&settings).await?;
            let policy = settings.retention.clone();
            let report = tokio::task::spawn_blocking(move || {
                let mut conn = pool.get().context("no database connection")?;
                crate::retention::run(&mut conn, &policy, db::now(), dry_run)
                    .context("retention failed")
            })
            .await??;
            let would = if dry_run { "would be " } else { "" };
            for swept in report {
                println!("{}: {} {would}{}", swept.data, swept.count, swept.action);
            }
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
        TokenCommand::Create { name, user } => {
            let (token, secret) = accounts::create_token(&mut conn, &name, user.as_deref())?;
            audit::record_command(&mut conn, Action::TokenCreated, &token.id)?;
            let owner = user.map_or("an admin token".to_owned(), |email| {
                format!("a token of {email}")
            });
            println!(
                "Created {owner} named {:?}. It is shown only now:",
                token.name
            );
            println!("{secret}");
        }
        TokenCommand::List { user } => {
            let owner = user
                .map(|email| accounts::find_user(&mut conn, &email))
                .transpose()?;
            let owners: std::collections::HashMap<String, String> = User::list(&mut conn)?
                .into_iter()
                .map(|user| (user.id, user.email))
                .collect();
            for token in ApiToken::list(&mut conn, owner.as_ref().map(|u| u.id.as_str()))? {
                let owner = owners
                    .get(&token.user_id)
                    .map_or("admin (system)", String::as_str);
                let state = match token.revoked_at {
                    Some(at) => format!("revoked {at}"),
                    None => "active".into(),
                };
                let used = token.last_used_at.map_or("never".into(), |t| t.to_string());
                println!(
                    "{}\t{owner}\tcreated {}\tlast used {used}\t{state}",
                    token.name, token.created_at
                );
            }
        }
        TokenCommand::Revoke { name } => {
            let id = ApiToken::revoke(&mut conn, &name)?
                .with_context(|| format!("no active token named {name:?}"))?;
            audit::record_command(&mut conn, Action::TokenRevoked, &id)?;
            println!("Revoked {name:?}.");
        }
    }
    Ok(())
}
