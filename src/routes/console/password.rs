//! Setting a password through a link (`/console/password/{token}`: from the command line when
//! an account is opened or reset, or from a mail), and asking for that mail
//! (`/console/password-reset`). Whether an address has an account is never told: the answer
//! to a reset request is the same either way, and only an account that may sign in gets mail.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use diesel::Connection as _;

use super::pages::{MessagePage, layout, render, see_other};
use super::session::SIGN_IN;
use super::sign_in::client;
use crate::accounts::password::{MAX_LENGTH, MIN_LENGTH, Weakness};
use crate::accounts::sign_in::{
    RESET_LINK_WORKS, SetPasswordRefused, issue_password_link, link_holder, set_password_with_link,
};
use crate::audit::{self, Action};
use crate::db::models::{TokenProblem, User};
use crate::domain::Email;
use crate::error::ApiError;
use crate::i18n::Locale;
use crate::mail::OutboxMail;
use crate::mail::account_mail::{compose_password_link, password_link};
use crate::mail::event_mail::MailContext;
use crate::mail::outbox::MailMeta;
use crate::routes::csrf::{CsrfToken, FormData};
use crate::routes::form::{Field, Fields};
use crate::routes::language::negotiated;
use crate::routes::layout::Layout;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "console/form.html")]
struct FormPage<'a> {
    layout: Layout<'a>,
    t: Locale,
    intro: String,
    fields: Fields,
    csrf: &'a str,
    button: String,
}

/// The form for a new password, in the holder's language; a link that does not work gets a
/// page saying why.
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    csrf: CsrfToken,
    token: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let now = state.clock.now();
    let token = token.into_inner();
    let holder = state
        .db(move |conn| link_holder(conn, &token, now).map_err(ApiError::internal))
        .await?;
    Ok(match holder {
        Ok(user) => password_form(&state, &user, &csrf, None, StatusCode::OK),
        Err(problem) => link_problem(&state, negotiated(&req), problem),
    })
}

/// Sets the password, or shows the form again with the reason it was refused.
pub async fn submit(
    state: web::Data<AppState>,
    req: HttpRequest,
    csrf: CsrfToken,
    token: web::Path<String>,
    sent: FormData,
) -> Result<HttpResponse, ApiError> {
    let now = state.clock.now();
    let token = token.into_inner();
    let password = sent.get("password").unwrap_or("").to_owned();
    let repeated = sent.get("password_repeated").unwrap_or("").to_owned();
    let given = token.clone();
    let outcome = state
        .db(move |conn| {
            set_password_with_link(conn, &given, &password, &repeated, now)
                .map_err(ApiError::internal)
        })
        .await?;
    match outcome {
        Ok(user) => {
            let client = client(&req, &state);
            audit::record_account(&state, Some(&user.id), Action::PasswordSet, client).await?;
            Ok(see_other(&format!("{SIGN_IN}?password_set")))
        }
        Err(SetPasswordRefused::Link(problem)) => {
            Ok(link_problem(&state, negotiated(&req), problem))
        }
        Err(SetPasswordRefused::Weak(weakness)) => {
            let holder = state
                .db(move |conn| link_holder(conn, &token, now).map_err(ApiError::internal))
                .await?;
            Ok(match holder {
                Ok(user) => {
                    let status = StatusCode::UNPROCESSABLE_ENTITY;
                    password_form(&state, &user, &csrf, Some(weakness), status)
                }
                Err(problem) => link_problem(&state, negotiated(&req), problem),
            })
        }
    }
}

/// The form asking for a link to set a new password.
pub async fn show_reset(
    state: web::Data<AppState>,
    req: HttpRequest,
    csrf: CsrfToken,
) -> HttpResponse {
    let t = negotiated(&req);
    reset_form(&state, t, &csrf, "", None, StatusCode::OK)
}

/// Mails a link to the address if it has an account that may sign in; the answer is the
/// same whether it has or not.
pub async fn submit_reset(
    state: web::Data<AppState>,
    req: HttpRequest,
    csrf: CsrfToken,
    sent: FormData,
) -> Result<HttpResponse, ApiError> {
    let t = negotiated(&req);
    let given = sent.get("email").unwrap_or("").trim().to_owned();
    let Ok(email) = Email::parse(&given) else {
        let error = t.text("form-error-email");
        return Ok(reset_form(
            &state,
            t,
            &csrf,
            &given,
            Some(error),
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    };
    if !super::attempt_allowed(&state, &req) {
        let error = t.text("console-too-many-attempts");
        let status = StatusCode::TOO_MANY_REQUESTS;
        return Ok(reset_form(&state, t, &csrf, &given, Some(error), status));
    }
    let now = state.clock.now();
    let settings = state.settings.clone();
    let mailed = state
        .db(move |conn| mail_reset_link(conn, &settings, &email, now).map_err(ApiError::internal))
        .await?;
    if let Some(user_id) = mailed {
        state.mail_queued.notify_one();
        let client = client(&req, &state);
        audit::record_account(&state, Some(&user_id), Action::PasswordLinkIssued, client).await?;
    }
    Ok(see_other("/console/password-reset/sent"))
}

/// Queues the mail with a new link for the account of `email`, if it has one that may sign
/// in; returns the account's id.
fn mail_reset_link(
    conn: &mut crate::db::DbConnection,
    settings: &crate::config::Settings,
    email: &Email,
    now: chrono::NaiveDateTime,
) -> anyhow::Result<Option<String>> {
    let key = email.as_str().to_lowercase();
    let user = User::find_by_email(conn, &key)?.filter(|u| u.active && u.id != User::SYSTEM_ID);
    let Some(user) = user else {
        return Ok(None);
    };
    // The account's own address, as it is kept.
    let email = Email::parse(&user.email).map_err(|e| anyhow::anyhow!(e.message))?;
    let context = MailContext::of(settings);
    let t = Locale::parse(&user.language).unwrap_or_else(|_| Locale::fallback());
    conn.transaction(|conn| {
        let token = issue_password_link(conn, &user, now, RESET_LINK_WORKS)?;
        let url = password_link(&context, &token);
        let minutes = RESET_LINK_WORKS.num_minutes();
        let mail = compose_password_link(&context, &user.name, &email, t, &url, minutes)?;
        let meta = MailMeta {
            kind: "password_link",
            event_id: None,
            dedupe_key: None,
        };
        OutboxMail::enqueue(conn, &mail, &meta)?;
        Ok(Some(user.id.clone()))
    })
}

/// Where a reset request leads.
pub async fn reset_sent(state: web::Data<AppState>, req: HttpRequest) -> HttpResponse {
    let t = negotiated(&req);
    let text = t.text("console-reset-sent");
    let page = MessagePage {
        layout: layout(&state, t, t.text("console-reset-title")),
        text: &text,
        onward: Some((SIGN_IN, t.text("console-sign-in-link"))),
    };
    render(StatusCode::OK, &page)
}

fn password_form(
    state: &AppState,
    user: &User,
    csrf: &CsrfToken,
    weakness: Option<Weakness>,
    status: StatusCode,
) -> HttpResponse {
    let t = Locale::parse(&user.language).unwrap_or_else(|_| Locale::fallback());
    let error = |field: &str| {
        let weakness =
            weakness.filter(|w| (*w == Weakness::Mismatch) == (field == "password_repeated"))?;
        let id = match weakness {
            Weakness::TooShort => "console-password-too-short",
            Weakness::TooLong => "console-password-too-long",
            Weakness::EasyToGuess => "console-password-easy-to-guess",
            Weakness::Mismatch => "console-password-mismatch",
        };
        let limits = [
            ("min", (MIN_LENGTH as i64).into()),
            ("max", (MAX_LENGTH as i64).into()),
        ];
        Some(t.text_with(id, &limits))
    };
    let fields = vec![
        Field {
            autocomplete: Some("new-password"),
            hint: Some(t.text_with(
                "console-password-hint",
                &[("min", (MIN_LENGTH as i64).into())],
            )),
            error: error("password"),
            ..Field::new("password", "password", t.text("console-label-new-password"))
        },
        Field {
            autocomplete: Some("new-password"),
            error: error("password_repeated"),
            ..Field::new(
                "password_repeated",
                "password",
                t.text("console-label-repeat-password"),
            )
        },
    ];
    render(
        status,
        &FormPage {
            layout: layout(state, t, t.text("console-password-title")),
            t,
            intro: t.text_with(
                "console-password-intro",
                &[("email", user.email.clone().into())],
            ),
            fields: Fields(fields),
            csrf: csrf.as_str(),
            button: t.text("console-password-button"),
        },
    )
}

fn reset_form(
    state: &AppState,
    t: Locale,
    csrf: &CsrfToken,
    email: &str,
    error: Option<String>,
    status: StatusCode,
) -> HttpResponse {
    let fields = vec![Field {
        value: email.to_owned(),
        max: 254,
        autocomplete: Some("username"),
        error,
        ..Field::new("email", "email", t.text("console-label-email"))
    }];
    render(
        status,
        &FormPage {
            layout: layout(state, t, t.text("console-reset-title")),
            t,
            intro: t.text("console-reset-intro"),
            fields: Fields(fields),
            csrf: csrf.as_str(),
            button: t.text("console-reset-button"),
        },
    )
}

/// The page for a password link that does not work.
fn link_problem(state: &AppState, t: Locale, problem: TokenProblem) -> HttpResponse {
    let (status, id) = match problem {
        TokenProblem::Unknown => (StatusCode::NOT_FOUND, "link-unknown"),
        TokenProblem::Expired => (StatusCode::GONE, "link-expired"),
        TokenProblem::Used => (StatusCode::CONFLICT, "link-used"),
    };
    let text = t.text(id);
    let page = MessagePage {
        layout: layout(state, t, t.text("console-password-title")),
        text: &text,
        onward: Some(("/console/password-reset", t.text("console-reset-link"))),
    };
    render(status, &page)
}
