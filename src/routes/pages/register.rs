//! `/events/{slug}/register`: the registration form of a published event, with every field
//! of the API's registration, filled in from an invitation (`?invitation=<token>`) where the
//! visitor came with one. What it sends is parsed by the API's parser and registered by the
//! API's [`register_for`]; a refused form comes back with every refusal beside its field.
//! Then a "check your inbox" page. A cancelled or closed event's page says so instead of
//! showing the form.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::{Chosen, chosen_language, form_page, layout, not_found};
use crate::db::models::{Event, EventStatus, TokenPurpose};
use crate::db::now;
use crate::error::ApiError;
use crate::i18n::Locale;
use crate::invitations::invitation_of;
use crate::rate_limit::PublicWrite;
use crate::registrations::token_error;
use crate::routes::csrf::{CsrfToken, FormData};
use crate::routes::embed::see_sent_page;
use crate::routes::events::output::{RegistrationState, registration_info};
use crate::routes::events::public::{PublicRead, read_event};
use crate::routes::form::registration::RegistrationValues;
use crate::routes::form::{Fields, attach, honeypot_filled};
use crate::routes::layout::Layout;
use crate::routes::page::ResultPage;
use crate::routes::registrations::pages::outcome_text;
use crate::routes::registrations::public::{Registered, register_for};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "pages/event_register.html")]
struct RegisterPage<'a> {
    layout: Layout<'a>,
    t: Locale,
    slug: &'a str,
    /// Why there is no form (the event is cancelled or registration closed), if there is none.
    closed: Option<String>,
    /// What the page says above the form (a waitlist, an invitation that does not work).
    notices: Vec<String>,
    fields: Fields,
    csrf: &'a str,
    /// The invitation the form registers through, if any.
    invitation: &'a str,
    /// `assets/forms.js`: focus on the error summary, the browser's zone selected.
    script: Option<&'a str>,
}

/// What the form shows: the values, the refusals, notes and the invitation.
#[derive(Default)]
struct FormState {
    values: RegistrationValues,
    errors: Vec<ApiError>,
    notices: Vec<String>,
    invitation: String,
}

/// The form, in the reader's language, filled in from the invitation in `?invitation=`.
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
    csrf: CsrfToken,
) -> Result<HttpResponse, ApiError> {
    let Some(read) = read_public(&state, slug.into_inner()).await? else {
        return Ok(not_found(&state, &req));
    };
    let chosen = chosen_language(&req);
    let mut form = FormState::default();
    let query =
        web::Query::<std::collections::HashMap<String, String>>::from_query(req.query_string());
    if let Some(token) = query.ok().and_then(|q| q.get("invitation").cloned()) {
        match invited(&state, &read.record.event, token.clone()).await? {
            Some(values) => (form.values, form.invitation) = (values, token),
            None => form
                .notices
                .push(chosen.locale.text("form-invitation-unknown")),
        }
    }
    let status = StatusCode::OK;
    Ok(render(&state, &req, &chosen, &read, form, &csrf, status))
}

/// Registers, or shows the form again with what was refused.
pub async fn submit(
    _limit: PublicWrite,
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
    csrf: CsrfToken,
    sent: FormData,
) -> Result<HttpResponse, ApiError> {
    let slug = slug.into_inner();
    let Some(read) = read_public(&state, slug.clone()).await? else {
        return Ok(not_found(&state, &req));
    };
    let chosen = chosen_language(&req);
    let t = chosen.locale;
    // A program that filled in the hidden field is told what a person would be, and dropped.
    if honeypot_filled(&sent) {
        return Ok(check_inbox_redirect(&req, &read.record.event.slug, t));
    }
    let mut form = FormState {
        values: RegistrationValues::from_form(&sent),
        invitation: sent.get("invitation").unwrap_or("").trim().to_owned(),
        ..FormState::default()
    };
    let input = form.values.input(Some(form.invitation.clone()));
    let parsed = match input.parse_all() {
        Ok(parsed) => parsed,
        Err(errors) => {
            form.errors = errors;
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return Ok(render(&state, &req, &chosen, &read, form, &csrf, status));
        }
    };
    let token = Some(form.invitation.clone());
    match register_for(&state, read.record.event.id.clone(), parsed, token).await {
        Ok(Registered::OptIn) => Ok(check_inbox_redirect(&req, &read.record.event.slug, t)),
        Ok(Registered::Admitted(standing)) => {
            let text = outcome_text(t, standing.status, standing.waitlist_position);
            Ok(result(&state, &req, &chosen, &read.record.event, &text))
        }
        Err(ApiError::Client { status, code, .. })
            if code == "invalid_invitation" || status == StatusCode::GONE =>
        {
            form.invitation.clear();
            form.notices.push(t.text("form-invitation-unknown"));
            Ok(render(&state, &req, &chosen, &read, form, &csrf, status))
        }
        Err(ApiError::Client { status, .. }) if status == StatusCode::CONFLICT => {
            // Closed meanwhile: the page reads the event afresh and says so.
            let read = read_public(&state, slug).await?.unwrap_or(read);
            Ok(render(&state, &req, &chosen, &read, form, &csrf, status))
        }
        Err(error) => Err(error),
    }
}

/// `/events/{slug}/register/sent`: where a sent form leads (303), so that reloading it sends
/// nothing twice.
pub async fn check_inbox(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let Some(read) = read_public(&state, slug.into_inner()).await? else {
        return Ok(not_found(&state, &req));
    };
    let chosen = chosen_language(&req);
    let text = chosen.locale.text("invitation-page-check-inbox");
    Ok(result(&state, &req, &chosen, &read.record.event, &text))
}

/// The published or cancelled event `slug`, or none (a draft or unknown one).
async fn read_public(state: &AppState, slug: String) -> Result<Option<PublicRead>, ApiError> {
    match read_event(state, slug).await {
        Ok(read) => Ok(Some(read)),
        Err(ApiError::Client {
            status: StatusCode::NOT_FOUND,
            ..
        }) => Ok(None),
        Err(error) => Err(error),
    }
}

/// What the invitation behind `token` knows of its invitee, if it works and is for `event`.
async fn invited(
    state: &AppState,
    event: &Event,
    token: String,
) -> Result<Option<RegistrationValues>, ApiError> {
    let event_id = event.id.clone();
    let found = state
        .db(move |conn| {
            let (_, invitation) =
                invitation_of(conn, &token, TokenPurpose::RegisterInvited, token_error)?;
            Ok((invitation.event_id == event_id).then_some(invitation))
        })
        .await;
    match found {
        Ok(invitation) => Ok(invitation.as_ref().map(RegistrationValues::from_invitation)),
        Err(ApiError::Client { .. }) => Ok(None),
        Err(error) => Err(error),
    }
}

/// To the "check your inbox" page of the event with the (valid, stored) `slug`.
fn check_inbox_redirect(req: &HttpRequest, slug: &str, t: Locale) -> HttpResponse {
    see_sent_page(req, &format!("/events/{slug}/register/sent"), t)
}

/// The page that ends a registration: `text`, with the event's title.
fn result(
    state: &AppState,
    req: &HttpRequest,
    chosen: &Chosen,
    event: &Event,
    text: &str,
) -> HttpResponse {
    let t = chosen.locale;
    let mut layout = layout(state, req, t, t.text("form-register-title"));
    layout.indexed = false;
    layout.alternates.clear();
    let done = ResultPage {
        layout,
        text,
        event_title: Some(&event.title),
    };
    form_page(state, chosen, StatusCode::OK, &done)
}

fn render(
    state: &AppState,
    req: &HttpRequest,
    chosen: &Chosen,
    read: &PublicRead,
    form: FormState,
    csrf: &CsrfToken,
    status: StatusCode,
) -> HttpResponse {
    let t = chosen.locale;
    let event = &read.record.event;
    let info = registration_info(&read.record, now(), read.taken);
    let closed = match info.state {
        _ if event.status == EventStatus::Cancelled => Some(t.text("event-cancelled")),
        RegistrationState::Closed | RegistrationState::Full => {
            Some(t.text("event-registration-closed"))
        }
        RegistrationState::Open | RegistrationState::Waitlist => None,
    };
    let mut notices = form.notices;
    if info.state == RegistrationState::Waitlist && closed.is_none() {
        notices.insert(0, t.text("event-registration-waitlist"));
    }
    let mut fields = form
        .values
        .fields(t, None, state.site.organisation.privacy_url.as_str());
    attach(&mut fields, &form.errors, t, "email");
    let title = t.text_with(
        "form-register-title-event",
        &[("event", event.title.as_str().into())],
    );
    let mut layout = layout(state, req, t, title);
    layout.indexed = false;
    let register_page = RegisterPage {
        layout,
        t,
        slug: &event.slug,
        closed,
        notices,
        fields: Fields(fields),
        csrf: csrf.as_str(),
        invitation: &form.invitation,
        script: state.site.assets.url("forms.js"),
    };
    form_page(state, chosen, status, &register_page)
}
