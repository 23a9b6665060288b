//! `/console/users` (admin): the staff accounts, with role, state and second factor. Accounts
//! are opened, reset and disabled on the command line (see README, "Staff accounts").

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::nav::Section;
use super::pages::{Account, account, layout, render};
use super::session::Signed;
use crate::accounts::{Can, can};
use crate::db::models::User;
use crate::error::ApiError;
use crate::i18n::Locale;
use crate::routes::csrf::CsrfToken;
use crate::routes::layout::Layout;
use crate::state::AppState;

/// One account as the table shows it.
struct Row {
    name: String,
    email: String,
    role: String,
    active: bool,
    two_factor: bool,
    two_factor_required: bool,
}

#[derive(Template)]
#[template(path = "console/users.html")]
struct UsersPage<'a> {
    layout: Layout<'a>,
    t: Locale,
    account: Account,
    rows: Vec<Row>,
}

/// The accounts, by address.
pub async fn list(
    _can: Can<can::ManageUsers>,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
) -> Result<HttpResponse, ApiError> {
    let t = signed.locale();
    let users = state.db(|conn| Ok(User::list(conn)?)).await?;
    let mut rows = Vec::with_capacity(users.len());
    for user in users {
        rows.push(Row {
            role: t.text(super::role_text(user.role()?)),
            active: user.active,
            two_factor: user.totp_secret.is_some(),
            two_factor_required: user.totp_required,
            name: user.name,
            email: user.email,
        });
    }
    let page = UsersPage {
        layout: layout(&state, t, t.text("console-users-title")),
        t,
        account: account(&signed, csrf.as_str()).at(Section::Users),
        rows,
    };
    Ok(render(StatusCode::OK, &page))
}
