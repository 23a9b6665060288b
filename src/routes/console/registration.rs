//! `/console/events/{id}/registrations/{registration_id}`: one registration with what the
//! registrant gave, and for roles that may decide, the decisions its state allows (approve,
//! reject, remove, resend the mail), each a form that says who is mailed. The decisions are
//! the API's ([`decisions::decide`]).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::labels;
use super::nav::Section;
use super::pages::{Account, account, layout, render, see_other};
use super::session::Signed;
use crate::accounts::{Can, Permission, can};
use crate::db::models::{Event, Registration, RegistrationStatus};
use crate::error::ApiError;
use crate::extract::parse_id;
use crate::i18n::{Locale, format_moment};
use crate::registrations::Decision;
use crate::routes::csrf::CsrfToken;
use crate::routes::layout::Layout;
use crate::routes::registrations::decisions;
use crate::state::AppState;

/// A decision as its form names it: (path segment, button, what it does).
struct Action {
    name: &'static str,
    button: String,
    explains: String,
}

/// The decisions in the order the page offers them, by path segment.
const DECISIONS: [(&str, Decision); 4] = [
    ("approve", Decision::Approve),
    ("reject", Decision::Reject),
    ("resend", Decision::ResendMail),
    ("remove", Decision::Remove),
];

/// Whether `decision` applies to a registration in `status` (the rules refuse the others with
/// 409 anyway; the page does not offer them).
fn applies(decision: Decision, status: RegistrationStatus) -> bool {
    match decision {
        Decision::Approve | Decision::Reject => status == RegistrationStatus::AwaitingApproval,
        Decision::ResendMail | Decision::Remove => status.is_active(),
    }
}

fn action(t: Locale, name: &'static str, decision: Decision) -> Action {
    let (button, explains) = match decision {
        Decision::Approve => ("console-approve-button", "console-approve-explains"),
        Decision::Reject => ("console-reject-button", "console-reject-explains"),
        Decision::ResendMail => ("console-resend-button", "console-resend-explains"),
        Decision::Remove => ("console-remove-button", "console-remove-explains"),
    };
    Action {
        name,
        button: t.text(button),
        explains: t.text(explains),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct DoneQuery {
    /// The decision just taken, to confirm it.
    done: Option<String>,
}

#[derive(Template)]
#[template(path = "console/registration.html")]
struct RegistrationPage<'a> {
    layout: Layout<'a>,
    t: Locale,
    account: Account,
    back: String,
    facts: Vec<(String, String)>,
    actions: Vec<Action>,
    base: String,
    csrf: &'a str,
    notice: Option<String>,
}

/// One registration.
pub async fn show(
    _can: Can<can::ReadRegistrations>,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
    path: web::Path<(String, String)>,
    query: web::Query<DoneQuery>,
) -> Result<HttpResponse, ApiError> {
    let t = signed.locale();
    let (event_id, registration_id) = ids(path.into_inner())?;
    let (event, registration, place) = state
        .db(move |conn| {
            let event = Event::find(conn, &event_id)?;
            let registration = Registration::find(conn, &registration_id)?
                .filter(|r| r.event_id == event.id)
                .ok_or_else(|| ApiError::not_found("registration"))?;
            let place = Registration::waitlist_position(conn, &registration)?;
            Ok((event, registration, place))
        })
        .await?;
    let may_decide = signed
        .user
        .role()
        .is_ok_and(|r| r.may(Permission::ManageRegistrations));
    let actions = DECISIONS
        .into_iter()
        .filter(|(_, d)| may_decide && applies(*d, registration.status))
        .map(|(name, d)| action(t, name, d))
        .collect();
    let notice = query.done.as_deref().and_then(|done| {
        let id = match done {
            "approve" => "console-approved",
            "reject" => "console-rejected",
            "resend" => "console-resent",
            "remove" => "console-removed",
            _ => return None,
        };
        Some(t.text(id))
    });
    let back = format!("/console/events/{}/registrations", event.id);
    let page = RegistrationPage {
        layout: layout(&state, t, registration.name.clone()),
        t,
        account: account(&signed, csrf.as_str()).at(Section::Events),
        base: format!("{back}/{}", registration.id),
        back,
        facts: facts(t, &event, &registration, place),
        actions,
        csrf: csrf.as_str(),
        notice,
    };
    Ok(render(StatusCode::OK, &page))
}

/// The registration's facts as (label, value), in `t`.
fn facts(t: Locale, event: &Event, r: &Registration, place: Option<i64>) -> Vec<(String, String)> {
    let zone = event.tz();
    let mut status = labels::registration_status(t, r.status);
    if let Some(place) = place {
        status = format!("{status} ({} {place})", t.text("console-waitlist-place"));
    }
    let mut facts = vec![
        (t.text("console-label-event"), event.title.clone()),
        (t.text("console-label-name"), r.name.clone()),
        (t.text("console-label-email"), r.email.clone()),
        (t.text("console-label-organisation"), r.organisation.clone()),
        (
            t.text("console-label-organisation-type"),
            labels::organisation_type(t, &r.organisation_type),
        ),
        (
            t.text("console-label-country"),
            labels::country(t, &r.country),
        ),
    ];
    if let Some(position) = &r.position {
        facts.push((t.text("console-label-position"), position.clone()));
    }
    facts.push((
        t.text("console-label-language"),
        t.language_name(&r.language),
    ));
    facts.push((t.text("console-label-status"), status));
    facts.push((
        t.text("console-label-registered"),
        format_moment(t, r.created_at, zone),
    ));
    if let Some(at) = r.confirmed_at {
        facts.push((
            t.text("console-label-confirmed"),
            format_moment(t, at, zone),
        ));
    }
    facts
}

fn ids((event_id, registration_id): (String, String)) -> Result<(String, String), ApiError> {
    Ok((parse_id(&event_id)?, parse_id(&registration_id)?))
}

/// Takes the decision the path names, then shows the registration again, saying it is done.
pub async fn decide(
    can: Can<can::ManageRegistrations>,
    state: web::Data<AppState>,
    path: web::Path<(String, String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (event_id, registration_id, name) = path.into_inner();
    let (event_id, registration_id) = ids((event_id, registration_id))?;
    let decision = DECISIONS
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, d)| d)
        .ok_or_else(|| ApiError::not_found("decision"))?;
    let to = format!("/console/events/{event_id}/registrations/{registration_id}?done={name}");
    decisions::decide(&state, &can, event_id, registration_id, decision).await?;
    Ok(see_other(&to))
}
