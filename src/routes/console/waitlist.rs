//! `/console/events/{id}/waitlist`: those waiting for a seat, in the order they move up.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::labels;
use super::nav::Section;
use super::pages::{Account, account, layout, render};
use super::session::Signed;
use crate::accounts::{Can, can};
use crate::db::models::{Event, Registration};
use crate::error::ApiError;
use crate::extract::parse_id;
use crate::i18n::{Locale, format_moment};
use crate::routes::csrf::CsrfToken;
use crate::routes::layout::Layout;
use crate::state::AppState;

/// One place on the waitlist.
struct Place {
    place: usize,
    id: String,
    name: String,
    organisation: String,
    country: String,
    registered: String,
}

#[derive(Template)]
#[template(path = "console/waitlist.html")]
struct WaitlistPage<'a> {
    layout: Layout<'a>,
    t: Locale,
    account: Account,
    event_id: String,
    places: Vec<Place>,
}

/// The waitlist, first place first.
pub async fn show(
    _can: Can<can::ReadRegistrations>,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let t = signed.locale();
    let id = parse_id(&path)?;
    let (event, waiting) = state
        .db(move |conn| {
            let event = Event::find(conn, &id)?;
            let waiting = Registration::waitlist(conn, &id)?;
            Ok((event, waiting))
        })
        .await?;
    let zone = event.tz();
    let places = waiting
        .into_iter()
        .enumerate()
        .map(|(n, r)| Place {
            place: n + 1,
            country: labels::country(t, &r.country),
            registered: format_moment(t, r.created_at, zone),
            id: r.id,
            name: r.name,
            organisation: r.organisation,
        })
        .collect();
    let title = t.text_with(
        "console-waitlist-title",
        &[("event", event.title.clone().into())],
    );
    let page = WaitlistPage {
        layout: layout(&state, t, title),
        t,
        account: account(&signed, csrf.as_str()).at(Section::Events),
        event_id: event.id,
        places,
    };
    Ok(render(StatusCode::OK, &page))
}
