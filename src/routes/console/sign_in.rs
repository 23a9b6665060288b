//! `/console/sign-in`: address and password; then, where the account has a second factor,
//! `/console/sign-in/code`; and `/console/sign-out`. The rules are in
//! [`crate::accounts::sign_in`]; each outcome is in the audit log.

use actix_web::http::StatusCode;
use actix_web::{HttpMessage as _, HttpRequest, HttpResponse, web};
use askama::Template;

use super::pages::{code_field, layout, render, see_other};
use super::session::{self, AwaitingCode, HOME, SIGN_IN, Signed};
use crate::accounts::sign_in::{SignIn, give_code, sign_in};
use crate::audit::{self, Action};
use crate::error::ApiError;
use crate::i18n::Locale;
use crate::routes::csrf::{CsrfToken, FormData};
use crate::routes::form::{Field, Fields};
use crate::routes::language::negotiated;
use crate::routes::layout::Layout;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "console/sign_in.html")]
struct SignInPage<'a> {
    layout: Layout<'a>,
    t: Locale,
    fields: Fields,
    csrf: &'a str,
    /// A note above the form (signed out, password set).
    notice: Option<String>,
    /// Where the form posts.
    action: &'a str,
    button: String,
    /// The link to ask for a new password (not on the code step).
    reset_link: bool,
}

/// The sign-in form; a signed-in account goes on to the console.
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    csrf: CsrfToken,
    signed: Option<Signed>,
) -> HttpResponse {
    if signed.is_some() {
        return see_other(HOME);
    }
    let t = negotiated(&req);
    let notice = match req.query_string() {
        "signed_out" => Some(t.text("console-signed-out")),
        "password_set" => Some(t.text("console-password-set")),
        _ => None,
    };
    sign_in_page(&state, t, &csrf, "", None, notice, StatusCode::OK)
}

/// Signs in, or shows the form again with one message that does not say which part was wrong.
pub async fn submit(
    state: web::Data<AppState>,
    req: HttpRequest,
    csrf: CsrfToken,
    sent: FormData,
) -> Result<HttpResponse, ApiError> {
    let t = negotiated(&req);
    let email = sent.get("email").unwrap_or("").trim().to_owned();
    let client = client(&req, &state);
    if !super::attempt_allowed(&state, &req) {
        let error = t.text("console-too-many-attempts");
        let status = StatusCode::TOO_MANY_REQUESTS;
        return Ok(sign_in_page(
            &state,
            t,
            &csrf,
            &email,
            Some(error),
            None,
            status,
        ));
    }
    let password = sent.get("password").unwrap_or("").to_owned();
    let now = state.clock.now();
    let given = email.clone();
    let outcome = state
        .db(move |conn| sign_in(conn, &given, &password, now).map_err(ApiError::internal))
        .await?;
    match outcome {
        SignIn::Opened {
            session,
            user,
            needs_code,
        } => {
            if !needs_code {
                audit::record_account(&state, Some(&user.id), Action::SignedIn, client).await?;
            }
            let next = if needs_code { session::CODE } else { HOME };
            let mut answer = see_other(next);
            answer
                .add_cookie(&session::session_cookie(&state, &session))
                .map_err(ApiError::internal)?;
            Ok(answer)
        }
        SignIn::Refused { user_id } => {
            audit::record_account(&state, user_id.as_deref(), Action::SignInFailed, client).await?;
            let error = t.text("console-sign-in-refused");
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(sign_in_page(
                &state,
                t,
                &csrf,
                &email,
                Some(error),
                None,
                status,
            ))
        }
    }
}

/// The form for the one-time code of a session whose password was right.
pub async fn show_code(
    state: web::Data<AppState>,
    csrf: CsrfToken,
    awaiting: AwaitingCode,
) -> HttpResponse {
    let t = awaiting.0.locale();
    code_page(&state, t, &csrf, None, StatusCode::OK)
}

/// Takes the code, or shows the form again.
pub async fn submit_code(
    state: web::Data<AppState>,
    req: HttpRequest,
    csrf: CsrfToken,
    awaiting: AwaitingCode,
    sent: FormData,
) -> Result<HttpResponse, ApiError> {
    let AwaitingCode(signed) = awaiting;
    let t = signed.locale();
    let client = client(&req, &state);
    if !super::attempt_allowed(&state, &req) {
        let error = t.text("console-too-many-attempts");
        return Ok(code_page(
            &state,
            t,
            &csrf,
            Some(error),
            StatusCode::TOO_MANY_REQUESTS,
        ));
    }
    let code = sent.get("code").unwrap_or("").to_owned();
    let now = state.clock.now();
    let (session, user) = (signed.session.clone(), signed.user.clone());
    let verified = state
        .db(move |conn| give_code(conn, &session, &user, &code, now).map_err(ApiError::internal))
        .await?;
    let user_id = Some(signed.user.id.as_str());
    match verified {
        Some(session) => {
            audit::record_account(&state, user_id, Action::SignedIn, client).await?;
            let mut answer = see_other(HOME);
            answer
                .add_cookie(&session::session_cookie(&state, &session))
                .map_err(ApiError::internal)?;
            Ok(answer)
        }
        None => {
            audit::record_account(&state, user_id, Action::SignInFailed, client).await?;
            let error = t.text("console-code-refused");
            Ok(code_page(
                &state,
                t,
                &csrf,
                Some(error),
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
    }
}

/// Ends the session (of any stage) and forgets its cookie.
pub async fn sign_out(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    if let Some(id) = session::presented(&req, &state) {
        let closed_for = req.extensions().get::<Signed>().map(|s| s.user.id.clone());
        state
            .db(move |conn| Ok(crate::db::models::StaffSession::close(conn, &id)?))
            .await?;
        if let Some(user_id) = closed_for {
            let client = client(&req, &state);
            audit::record_account(&state, Some(&user_id), Action::SignedOut, client).await?;
        }
    }
    let mut answer = see_other(&format!("{SIGN_IN}?signed_out"));
    answer
        .add_cookie(&session::removal_cookie(&state))
        .map_err(ApiError::internal)?;
    Ok(answer)
}

pub(super) fn client(req: &HttpRequest, state: &AppState) -> Option<String> {
    crate::client_address::client_address(req, &state.settings.trusted_proxies)
        .map(|a| a.to_string())
}

fn sign_in_page(
    state: &AppState,
    t: Locale,
    csrf: &CsrfToken,
    email: &str,
    error: Option<String>,
    notice: Option<String>,
    status: StatusCode,
) -> HttpResponse {
    let fields = vec![
        Field {
            value: email.to_owned(),
            max: 254,
            autocomplete: Some("username"),
            error,
            ..Field::new("email", "email", t.text("console-label-email"))
        },
        Field {
            autocomplete: Some("current-password"),
            ..Field::new("password", "password", t.text("console-label-password"))
        },
    ];
    render(
        status,
        &SignInPage {
            layout: layout(state, t, t.text("console-sign-in-title")),
            t,
            fields: Fields(fields),
            csrf: csrf.as_str(),
            notice,
            action: SIGN_IN,
            button: t.text("console-sign-in-button"),
            reset_link: true,
        },
    )
}

fn code_page(
    state: &AppState,
    t: Locale,
    csrf: &CsrfToken,
    error: Option<String>,
    status: StatusCode,
) -> HttpResponse {
    let fields = vec![code_field(t, error)];
    render(
        status,
        &SignInPage {
            layout: layout(state, t, t.text("console-code-title")),
            t,
            fields: Fields(fields),
            csrf: csrf.as_str(),
            notice: None,
            action: session::CODE,
            button: t.text("console-code-button"),
            reset_link: false,
        },
    )
}
