//! `/console/people` (manage personal data): everything held about an address, looked up as
//! the API's export shows it and downloadable as that export, and erased after a confirmation
//! that names what goes, as `DELETE /api/v1/admin/people` erases it. Both go through the same
//! functions as the API ([`people::export_audited`], [`people::erase_audited`]), so each is
//! recorded in the audit log as the API records it; an address that is not one is shown again
//! in the form, with nothing looked up or written.

use actix_web::http::StatusCode;
use actix_web::http::header::CONTENT_DISPOSITION;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::nav::Section;
use super::pages::{Account, account, layout, render};
use super::person::{Person, counts, href, to_erase};
use super::signed::Signed;
use crate::accounts::{Can, can};
use crate::domain::Email;
use crate::error::ApiError;
use crate::i18n::Locale;
use crate::people;
use crate::routes::csrf::{CsrfToken, FormData};
use crate::routes::form::{Field, Fields, message};
use crate::routes::layout::Layout;
use crate::routes::people::PersonQuery;
use crate::state::AppState;

/// The longest address taken (RFC 5321).
const MAX_EMAIL: usize = 254;

/// The address asked for, if any.
#[derive(Debug, Deserialize)]
pub struct Lookup {
    email: Option<String>,
}

#[derive(Template)]
#[template(path = "console/people.html")]
struct PeoplePage<'a> {
    layout: Layout<'a>,
    t: Locale,
    account: Account,
    /// The address field of the lookup form.
    fields: Fields,
    found: Option<Person>,
    /// After an erasure: what it touched.
    erased: Option<Vec<String>>,
}

#[derive(Template)]
#[template(path = "console/people_erase.html")]
struct ErasePage<'a> {
    layout: Layout<'a>,
    t: Locale,
    account: Account,
    csrf: &'a str,
    email: String,
    intro: String,
    /// What the erasure touches, one line per kind.
    counts: Vec<String>,
    back: String,
}

/// The lookup form, and what is held about the address it was sent with.
pub async fn lookup(
    can: Can<can::ManagePersonalData>,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
    query: web::Query<Lookup>,
) -> Result<HttpResponse, ApiError> {
    let t = signed.locale();
    let Some(given) = query.into_inner().email else {
        return Ok(render(
            StatusCode::OK,
            &page_of(&state, &signed, &csrf, "", None, None),
        ));
    };
    let email = match Email::parse(&given) {
        Ok(email) => email,
        Err(error) => return Ok(refused(&state, &signed, &csrf, &given, error.code)),
    };
    let export = people::export_audited(&state, &can, email).await?;
    let found = Person::of(t, export);
    let shown = found.email.clone();
    let page = page_of(&state, &signed, &csrf, &shown, Some(found), None);
    Ok(render(StatusCode::OK, &page))
}

/// The API's export of the address, as a JSON download.
pub async fn export(
    can: Can<can::ManagePersonalData>,
    state: web::Data<AppState>,
    query: web::Query<PersonQuery>,
) -> Result<HttpResponse, ApiError> {
    let email = query.email()?;
    let export = people::export_audited(&state, &can, email).await?;
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_DISPOSITION, "attachment; filename=\"person.json\""))
        .json(export))
}

/// The confirmation of an erasure, naming what it erases.
pub async fn confirm_erase(
    _can: Can<can::ManagePersonalData>,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
    query: web::Query<Lookup>,
) -> Result<HttpResponse, ApiError> {
    let t = signed.locale();
    let given = query.into_inner().email.unwrap_or_default();
    let email = match Email::parse(&given) {
        Ok(email) => email,
        Err(error) => return Ok(refused(&state, &signed, &csrf, &given, error.code)),
    };
    let held = state.db(move |conn| people::export(conn, &email)).await?;
    let page = ErasePage {
        layout: layout(&state, t, t.text("console-people-erase-title")),
        t,
        account: account(&signed, csrf.as_str()).at(Section::People),
        csrf: csrf.as_str(),
        counts: counts(t, &to_erase(&held)),
        intro: t.text_with(
            "console-people-erase-intro",
            &[("email", held.email.clone().into())],
        ),
        back: href("/console/people", &held.email),
        email: held.email,
    };
    Ok(render(StatusCode::OK, &page))
}

/// Erases everything held about the address confirmed, and says what was touched.
pub async fn erase(
    can: Can<can::ManagePersonalData>,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
    sent: FormData,
) -> Result<HttpResponse, ApiError> {
    let t = signed.locale();
    let given = sent.get("email").unwrap_or("");
    let email = match Email::parse(given) {
        Ok(email) => email,
        Err(error) => return Ok(refused(&state, &signed, &csrf, given, error.code)),
    };
    let erased = people::erase_audited(&state, &can, email).await?;
    let page = page_of(&state, &signed, &csrf, "", None, Some(counts(t, &erased)));
    Ok(render(StatusCode::OK, &page))
}

/// The lookup form with `given` refused (`code`, from [`Email::parse`]) beside the field.
fn refused(
    state: &AppState,
    signed: &Signed,
    csrf: &CsrfToken,
    given: &str,
    code: &str,
) -> HttpResponse {
    let t = signed.locale();
    let mut page = page_of(state, signed, csrf, given, None, None);
    page.fields.0[0].error = Some(message(t, "email", code, MAX_EMAIL));
    render(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

/// The people page: the lookup form with `value`, and what was found or erased.
fn page_of<'a>(
    state: &'a AppState,
    signed: &Signed,
    csrf: &CsrfToken,
    value: &str,
    found: Option<Person>,
    erased: Option<Vec<String>>,
) -> PeoplePage<'a> {
    let t = signed.locale();
    let field = Field {
        value: value.to_owned(),
        autocomplete: Some("off"),
        max: MAX_EMAIL,
        hint: Some(t.text("console-people-email-hint")),
        ..Field::new("email", "email", t.text("console-label-email"))
    };
    PeoplePage {
        layout: layout(state, t, t.text("console-people-title")),
        t,
        account: account(signed, csrf.as_str()).at(Section::People),
        fields: Fields(vec![field]),
        found,
        erased,
    }
}
