//! `/console/tokens` (admin): the API tokens with their owners and use, a form creating one
//! (its secret shown once, on the answer to the form, never in an address), and revoking one
//! behind a confirmation — through the same functions as the command line
//! ([`tokens::issue_audited`], [`tokens::revoke_audited`]), each recorded in the audit log.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::moment::{Moment, moment};
use super::nav::Section;
use super::pages::{Account, ConfirmPage, account, layout, render, see_other};
use super::session::Signed;
use crate::accounts::tokens::{self, MAX_NAME};
use crate::accounts::{Can, can};
use crate::db::models::{ApiToken, User};
use crate::error::ApiError;
use crate::extract::parse_id;
use crate::i18n::Locale;
use crate::routes::csrf::{CsrfToken, FormData};
use crate::routes::form::{Choice, Field, Fields};
use crate::routes::layout::Layout;
use crate::state::AppState;

/// Where the list is.
const PATH: &str = "/console/tokens";
/// The owner choice that stands for the system's admin.
const SYSTEM: &str = "system";

/// Set after a revocation, to confirm it.
#[derive(Debug, Deserialize)]
pub struct Done {
    revoked: Option<String>,
}

/// One token as a row.
struct Row {
    id: String,
    name: String,
    owner: String,
    created: Moment,
    last_used: Option<Moment>,
    revoked: Option<Moment>,
}

#[derive(Template)]
#[template(path = "console/tokens.html")]
struct TokensPage<'a> {
    layout: Layout<'a>,
    t: Locale,
    account: Account,
    csrf: String,
    rows: Vec<Row>,
    fields: Fields,
    notice: Option<String>,
    /// The token just created: (name, secret).
    created: Option<(String, String)>,
}

/// The tokens and the form creating one.
pub async fn list(
    _can: Can<can::ManageUsers>,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
    done: web::Query<Done>,
) -> Result<HttpResponse, ApiError> {
    let t = signed.locale();
    let notice = done
        .revoked
        .as_ref()
        .map(|name| t.text_with("console-token-revoked", &[("name", name.clone().into())]));
    let page = page(&state, &signed, &csrf, ("", ""), &[], None).await?;
    Ok(render(StatusCode::OK, &TokensPage { notice, ..page }))
}

/// Creates a token and shows its secret this once; refusals beside their fields.
pub async fn create(
    can: Can<can::ManageUsers>,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
    form: FormData,
) -> Result<HttpResponse, ApiError> {
    let name = form.get("name").unwrap_or_default().to_owned();
    let owner = form.get("owner").unwrap_or(SYSTEM).to_owned();
    let owner_id = (owner != SYSTEM).then(|| owner.clone());
    match tokens::issue_audited(&state, &can.caller, name.clone(), owner_id).await {
        Ok((token, secret)) => {
            let created = Some((token.name, secret));
            let page = page(&state, &signed, &csrf, ("", ""), &[], created).await?;
            Ok(render(StatusCode::OK, &page))
        }
        Err(refusal) if is_refusal(&refusal) => {
            let page = page(&state, &signed, &csrf, (&name, &owner), &[refusal], None).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(other) => Err(other),
    }
}

/// Whether `error` refuses a field of the form (rather than the request as a whole).
fn is_refusal(error: &ApiError) -> bool {
    matches!(error, ApiError::Client { field: Some(_), .. })
}

/// The page before revoking a token: what stops working.
pub async fn confirm_revoke(
    _can: Can<can::ManageUsers>,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let t = signed.locale();
    let id = parse_id(&path)?;
    let token = state.db(move |conn| tokens::find(conn, &id)).await?;
    let name = || token.name.clone().into();
    let page = ConfirmPage {
        layout: layout(
            &state,
            t,
            t.text_with("console-token-revoke-title", &[("name", name())]),
        ),
        t,
        account: account(&signed, csrf.as_str()).at(Section::Users),
        csrf: csrf.as_str(),
        consequences: vec![t.text_with("console-token-revoke-explains", &[("name", name())])],
        button: t.text("console-token-revoke-button"),
        danger: true,
        back: PATH.to_owned(),
        back_text: t.text("console-back-to-tokens"),
    };
    Ok(render(StatusCode::OK, &page))
}

/// Revokes the token and goes back to the list, which confirms it.
pub async fn revoke(
    can: Can<can::ManageUsers>,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&path)?;
    let token = tokens::revoke_audited(&state, &can.caller, id).await?;
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("revoked", &token.name)
        .finish();
    Ok(see_other(&format!("{PATH}?{query}")))
}

/// The page with the form holding `sent` (name, owner) and `refusals` beside its fields.
async fn page<'a>(
    state: &'a AppState,
    signed: &Signed,
    csrf: &CsrfToken,
    sent: (&str, &str),
    refusals: &[ApiError],
    created: Option<(String, String)>,
) -> Result<TokensPage<'a>, ApiError> {
    let t = signed.locale();
    let (listed, users) = state
        .db(|conn| Ok((ApiToken::list(conn, None)?, User::list(conn)?)))
        .await?;
    let owners: HashMap<&str, &User> = users.iter().map(|u| (u.id.as_str(), u)).collect();
    let system = t.text("console-token-owner-system");
    let rows = listed
        .into_iter()
        .rev()
        .map(|token| Row {
            owner: owners
                .get(token.user_id.as_str())
                .map_or_else(|| system.clone(), |u| format!("{} ({})", u.name, u.email)),
            created: moment(t, token.created_at),
            last_used: token.last_used_at.map(|at| moment(t, at)),
            revoked: token.revoked_at.map(|at| moment(t, at)),
            id: token.id,
            name: token.name,
        })
        .collect();
    let mut choices = vec![Choice {
        value: SYSTEM.to_owned(),
        label: system,
        selected: sent.1.is_empty() || sent.1 == SYSTEM,
        lang: None,
    }];
    choices.extend(users.iter().filter(|u| u.active).map(|u| Choice {
        value: u.id.clone(),
        label: format!("{} ({})", u.name, u.email),
        selected: u.id == sent.1,
        lang: None,
    }));
    let mut fields = Fields(vec![
        Field {
            value: sent.0.to_owned(),
            max: MAX_NAME,
            hint: Some(t.text("console-token-name-hint")),
            ..Field::new("name", "text", t.text("console-token-name"))
        },
        // Not `required`: a select that is must start with an empty choice, and this one
        // always has one chosen (the system's admin unless another is).
        Field {
            choices,
            required: false,
            hint: Some(t.text("console-token-owner-hint")),
            ..Field::new("owner", "select", t.text("console-token-owner"))
        },
    ]);
    fields.attach_each(refusals, str::to_owned, |code, max| match code {
        "taken" => t.text("console-token-error-taken"),
        "disabled" | "unknown" => t.text("console-token-error-owner"),
        "too_long" => t.text_with("form-error-too-long", &[("max", (max as i64).into())]),
        _ => t.text("console-token-error-name"),
    });
    Ok(TokensPage {
        layout: layout(state, t, t.text("console-tokens-title")),
        t,
        account: account(signed, csrf.as_str()).at(Section::Users),
        csrf: csrf.as_str().to_owned(),
        rows,
        fields,
        notice: None,
        created,
    })
}
