//! `dialogo user …`: opening, listing, resetting and disabling staff accounts, and requiring
//! their second factor. Each change is in the audit log as done on the command line.

use std::io::Read as _;

use anyhow::Context;
use clap::Subcommand;

use crate::accounts::sign_in::{
    SET_PASSWORD_LINK_WORKS, issue_password_link, reset_second_factor, set_password,
};
use crate::accounts::{self, NewAccount, password};
use crate::audit::{self, Action};
use crate::config::Settings;
use crate::db::models::User;
use crate::db::{self, DbConnection};

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Open an account. Prints a link to set its password (valid 24 hours), or with
    /// `--password-stdin` takes the password from standard input.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// admin, coordinator, newsletter_editor or viewer.
        #[arg(long)]
        role: String,
        /// The language of the account's mails and pages.
        #[arg(long, default_value = "en")]
        language: String,
        /// Read the password from standard input (for scripts) instead of printing a link.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List the accounts.
    List,
    /// Disable an account: its tokens and sessions stop working at once.
    Disable {
        #[arg(long)]
        email: String,
    },
    /// Print a new link to set the account's password (valid 24 hours).
    ResetPassword {
        #[arg(long)]
        email: String,
    },
    /// Switch the second factor of an account off (its holder lost the app); with the factor
    /// required, the holder sets it up again at the next sign-in. Ends the account's sessions.
    ResetTwoFactor {
        #[arg(long)]
        email: String,
    },
    /// Require the second factor (TOTP) of an account, or with `--off` no longer.
    RequireTwoFactor {
        #[arg(long)]
        email: String,
        #[arg(long)]
        off: bool,
    },
}

pub fn run(pool: &db::Pool, settings: &Settings, action: UserCommand) -> anyhow::Result<()> {
    let mut conn = pool.get().context("no database connection")?;
    let conn = &mut conn;
    match action {
        UserCommand::Create {
            email,
            name,
            role,
            language,
            password_stdin,
        } => {
            // The password is judged before anything is written.
            let password = password_stdin.then(read_password).transpose()?;
            if let Some(password) = &password {
                let email = accounts::account_email(&email)?;
                password::check_strength(password, &email, &name)
                    .map_err(|weakness| anyhow::anyhow!(weakness.reason()))?;
            }
            let account = NewAccount {
                email: &email,
                name: &name,
                role: &role,
                language: &language,
            };
            let user = accounts::create_user(conn, &account)?;
            audit::record_command(conn, Action::UserCreated, &user.id)?;
            println!(
                "Created the account of {} ({}) as {}.",
                user.email, user.name, user.role
            );
            match password {
                Some(password) => {
                    set_password(conn, &user, &password)?;
                    audit::record_command(conn, Action::PasswordSet, &user.id)?;
                    println!("Its password is set.");
                }
                None => print_link(conn, settings, &user)?,
            }
        }
        UserCommand::List => {
            for user in User::list(conn)? {
                let state = if user.active { "active" } else { "disabled" };
                let password = if user.password_hash.is_some() {
                    "password set"
                } else {
                    "no password"
                };
                let second = match (user.totp_secret.is_some(), user.totp_required) {
                    (true, true) => "two-factor on (required)",
                    (true, false) => "two-factor on",
                    (false, true) => "two-factor required, not set up",
                    (false, false) => "two-factor off",
                };
                println!(
                    "{}\t{}\t{}\t{}\t{state}\t{password}\t{second}\tcreated {}",
                    user.email, user.name, user.role, user.language, user.created_at
                );
            }
        }
        UserCommand::Disable { email } => {
            let user = accounts::disable_user(conn, &email)?;
            audit::record_command(conn, Action::UserDisabled, &user.id)?;
            println!("Disabled the account of {}.", user.email);
        }
        UserCommand::ResetPassword { email } => {
            let user = accounts::find_user(conn, &email)?;
            print_link(conn, settings, &user)?;
        }
        UserCommand::ResetTwoFactor { email } => {
            let user = accounts::find_user(conn, &email)?;
            reset_second_factor(conn, &user)?;
            audit::record_command(conn, Action::TwoFactorDisabled, &user.id)?;
            println!("Switched off the second factor of {}.", user.email);
        }
        UserCommand::RequireTwoFactor { email, off } => {
            let user = accounts::find_user(conn, &email)?;
            User::require_second_factor(conn, &user.id, !off)?;
            audit::record_command(conn, Action::TwoFactorRequired, &user.id)?;
            let now = if off {
                "no longer requires"
            } else {
                "requires"
            };
            println!("The account of {} {now} a second factor.", user.email);
        }
    }
    Ok(())
}

/// Issues a link for `user` to set a password and prints it, alone on the last line.
fn print_link(conn: &mut DbConnection, settings: &Settings, user: &User) -> anyhow::Result<()> {
    let token = issue_password_link(conn, user, db::now(), SET_PASSWORD_LINK_WORKS)?;
    audit::record_command(conn, Action::PasswordLinkIssued, &user.id)?;
    let base = settings.public_url.as_str().trim_end_matches('/');
    println!(
        "Hand this link to {} to set a password; it works once, for 24 hours:",
        user.email
    );
    println!("{base}/console/password/{token}");
    Ok(())
}

/// The password on standard input, without its line ending.
fn read_password() -> anyhow::Result<String> {
    let mut input = String::new();
    std::io::stdin()
        .take(4096)
        .read_to_string(&mut input)
        .context("cannot read the password from standard input")?;
    Ok(input.trim_end_matches(['\r', '\n']).to_owned())
}
