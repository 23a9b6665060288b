//! What coordinators do to an event as a whole from its console page: publish a draft, cancel
//! a published event, delete a draft, each after a page that says what will happen and who will
//! be mailed; and duplicate any event as a new draft (the next of a series). The API's
//! functions ([`lifecycle`]) do the work.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::nav::Section;
use super::pages::{ConfirmPage, account, layout, render, see_other};
use super::session::Signed;
use crate::accounts::{Can, can};
use crate::db::models::{Event, EventStatus};
use crate::error::ApiError;
use crate::extract::parse_id;
use crate::i18n::FluentValue;
use crate::routes::csrf::CsrfToken;
use crate::routes::events::lifecycle::{self, CANCEL, PUBLISH};
use crate::state::AppState;

/// An action that asks first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmed {
    Publish,
    Cancel,
    Delete,
}

impl Confirmed {
    fn parse(name: &str) -> Result<Self, ApiError> {
        match name {
            "publish" => Ok(Self::Publish),
            "cancel" => Ok(Self::Cancel),
            "delete" => Ok(Self::Delete),
            _ => Err(ApiError::not_found("action")),
        }
    }

    /// The state the event must be in.
    fn from(self) -> EventStatus {
        match self {
            Self::Publish | Self::Delete => EventStatus::Draft,
            Self::Cancel => EventStatus::Published,
        }
    }

    /// (title, button) messages.
    fn texts(self) -> (&'static str, &'static str) {
        match self {
            Self::Publish => ("console-publish-title", "console-publish-button"),
            Self::Cancel => ("console-cancel-title", "console-cancel-button"),
            Self::Delete => ("console-delete-title", "console-delete-button"),
        }
    }
}

/// The page that says what the action will do, with the button that does it.
pub async fn confirm(
    _can: Can<can::ManageEvents>,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let t = signed.locale();
    let (id, name) = path.into_inner();
    let (id, action) = (parse_id(&id)?, Confirmed::parse(&name)?);
    let (event, mailed) = state
        .db(move |conn| {
            let event = Event::find(conn, &id)?;
            let mailed = crate::schedule::told_of_changes(conn, &id)?;
            Ok((event, mailed))
        })
        .await?;
    if event.status != action.from() {
        return Err(ApiError::conflict(
            "wrong_state",
            "The event is not in this state.",
        ));
    }
    let title = FluentValue::from(event.title.clone());
    let consequences = match action {
        Confirmed::Publish => vec![
            t.text_with("console-publish-visible", &[("title", title)]),
            t.text("console-nobody-mailed"),
        ],
        Confirmed::Cancel => vec![
            t.text_with("console-cancel-visible", &[("title", title)]),
            t.text_with("console-cancel-mailed", &[("count", mailed.into())]),
            t.text("console-cannot-undo"),
        ],
        Confirmed::Delete => vec![
            t.text_with("console-delete-gone", &[("title", title)]),
            t.text("console-nobody-mailed"),
        ],
    };
    let (heading, button) = action.texts();
    let page = ConfirmPage {
        layout: layout(&state, t, t.text(heading)),
        t,
        account: account(&signed, csrf.as_str()).at(Section::Events),
        consequences,
        button: t.text(button),
        danger: action != Confirmed::Publish,
        back: format!("/console/events/{}", event.id),
        back_text: t.text("console-back-to-event"),
        csrf: csrf.as_str(),
    };
    Ok(render(StatusCode::OK, &page))
}

/// Does the confirmed action, then shows the event (or, deleted, the list) saying so.
pub async fn act(
    can: Can<can::ManageEvents>,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, name) = path.into_inner();
    let (id, action) = (parse_id(&id)?, Confirmed::parse(&name)?);
    let to = match action {
        Confirmed::Publish => {
            lifecycle::transition(&state, &can, id.clone(), PUBLISH).await?;
            format!("/console/events/{id}?done=published")
        }
        Confirmed::Cancel => {
            lifecycle::transition(&state, &can, id.clone(), CANCEL).await?;
            format!("/console/events/{id}?done=cancelled")
        }
        Confirmed::Delete => {
            lifecycle::delete_draft(&state, &can, id).await?;
            "/console/events?done=deleted".to_owned()
        }
    };
    Ok(see_other(&to))
}

/// Copies the event as a new draft and shows the copy.
pub async fn duplicate(
    _can: Can<can::ManageEvents>,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let copy = lifecycle::duplicate(&state, parse_id(&path)?).await?;
    Ok(see_other(&format!(
        "/console/events/{}?done=duplicated",
        copy.event.id
    )))
}
