//! The signed-in account's own page: the second factor, switched on with a code from the app
//! it was set up in, and off with a current code (unless an admin requires it).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::pages::{Account, account, code_field, layout, render, see_other};
use super::session::{Signed, TWO_FACTOR};
use super::sign_in::client;
use crate::accounts::sign_in::enable_second_factor;
use crate::accounts::two_factor;
use crate::audit::{self, Action};
use crate::db::models::User;
use crate::error::ApiError;
use crate::i18n::Locale;
use crate::routes::csrf::{CsrfToken, FormData};
use crate::routes::form::Fields;
use crate::routes::layout::Layout;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "console/two_factor.html")]
struct TwoFactorPage<'a> {
    layout: Layout<'a>,
    t: Locale,
    account: Account,
    /// On: the form switches it off (unless required); off: a new secret to set up.
    on: bool,
    required: bool,
    secret: String,
    setup_link: String,
    fields: Fields,
    csrf: &'a str,
}

/// The second factor's state, and the form that switches it on or off.
pub async fn show_two_factor(
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
) -> HttpResponse {
    two_factor_page(&state, &signed, &csrf, None, None, StatusCode::OK)
}

/// Switches the second factor on (with the secret shown and a code from the app) or off
/// (with a current code).
pub async fn submit_two_factor(
    state: web::Data<AppState>,
    req: HttpRequest,
    csrf: CsrfToken,
    signed: Signed,
    sent: FormData,
) -> Result<HttpResponse, ApiError> {
    let t = signed.locale();
    let code = sent.get("code").unwrap_or("").to_owned();
    let now = state.clock.now();
    let user = signed.user.clone();
    let (done, action) = if user.totp_secret.is_some() {
        if user.totp_required {
            let error = t.text("console-two-factor-required");
            let status = StatusCode::CONFLICT;
            return Ok(two_factor_page(
                &state,
                &signed,
                &csrf,
                None,
                Some(error),
                status,
            ));
        }
        let done = state
            .db(move |conn| switch_off(conn, &user, &code, now).map_err(ApiError::internal))
            .await?;
        (done, Action::TwoFactorDisabled)
    } else {
        let secret = sent.get("secret").unwrap_or("").to_owned();
        let proposed = secret.clone();
        let done = state
            .db(move |conn| {
                enable_second_factor(conn, &user, &proposed, &code, now).map_err(ApiError::internal)
            })
            .await?;
        if !done {
            let error = t.text("console-code-refused");
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return Ok(two_factor_page(
                &state,
                &signed,
                &csrf,
                Some(secret),
                Some(error),
                status,
            ));
        }
        (done, Action::TwoFactorEnabled)
    };
    if !done {
        let error = t.text("console-code-refused");
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(two_factor_page(
            &state,
            &signed,
            &csrf,
            None,
            Some(error),
            status,
        ));
    }
    let client = client(&req, &state);
    audit::record_account(&state, Some(&signed.user.id), action, client).await?;
    Ok(see_other(TWO_FACTOR))
}

/// Switches the second factor of `user` off if `code` is a current one.
fn switch_off(
    conn: &mut crate::db::DbConnection,
    user: &User,
    code: &str,
    now: chrono::NaiveDateTime,
) -> anyhow::Result<bool> {
    let Some(secret) = user.totp_secret.as_deref() else {
        return Ok(false);
    };
    if two_factor::check(secret, code, now, user.totp_last_step).is_none() {
        return Ok(false);
    }
    User::set_second_factor(conn, &user.id, None)?;
    Ok(true)
}

fn two_factor_page(
    state: &AppState,
    signed: &Signed,
    csrf: &CsrfToken,
    secret: Option<String>,
    error: Option<String>,
    status: StatusCode,
) -> HttpResponse {
    let t = signed.locale();
    let on = signed.user.totp_secret.is_some();
    // A secret is shown only while the factor is off; a refused code keeps the one being
    // set up, so that the app need not be set up again.
    let secret = if on {
        String::new()
    } else {
        secret.unwrap_or_else(two_factor::new_secret)
    };
    let issuer = &state.site.organisation.name;
    let setup_link = if on {
        String::new()
    } else {
        two_factor::setup_link(&secret, issuer, &signed.user.email).unwrap_or_default()
    };
    let fields = vec![code_field(t, error)];
    render(
        status,
        &TwoFactorPage {
            layout: layout(state, t, t.text("console-two-factor-title")),
            t,
            account: account(signed, csrf.as_str()),
            on,
            required: signed.user.totp_required,
            secret,
            setup_link,
            fields: Fields(fields),
            csrf: csrf.as_str(),
        },
    )
}
