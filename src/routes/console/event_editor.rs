//! `/console/events/new` and `/console/events/{id}/edit`: an event created or changed with every
//! field the API takes, judged by the API's parser with every refusal beside its field and
//! nothing written. A change of time or place of an event with registrants asks once more,
//! naming how many will be mailed, before it is saved.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::event_form::EventForm;
use super::event_form_fields::{Drawn, draw};
use super::nav::Section;
use super::pages::{Account, account, layout, render, see_other};
use super::session::Signed;
use crate::accounts::{Can, can};
use crate::db::models::{Event, EventRecord, EventStatus};
use crate::error::ApiError;
use crate::extract::parse_id;
use crate::i18n::Locale;
use crate::routes::csrf::{CsrfToken, FormData};
use crate::routes::events::input::EventInput;
use crate::routes::events::lifecycle;
use crate::routes::form::Field;
use crate::routes::layout::Layout;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "console/event_form.html")]
struct FormPage<'a> {
    layout: Layout<'a>,
    t: Locale,
    account: Account,
    drawn: Drawn,
    csrf: &'a str,
    button: String,
    /// A move that mails registrants, to be confirmed: the sentence saying so.
    move_warning: Option<String>,
    back: String,
}

impl FormPage<'_> {
    /// The fields of group `n`.
    fn group(&self, n: usize) -> &[Field] {
        let range = self.drawn.groups[n].1.clone();
        &self.drawn.fields.0[range]
    }

    /// The error summary's view of the fields.
    fn fields(&self) -> &crate::routes::form::Fields {
        &self.drawn.fields
    }
}

/// What the page shows around the form, and for whom.
struct Frame<'a> {
    state: &'a AppState,
    signed: &'a Signed,
    csrf: &'a str,
    title: String,
    button: String,
    back: String,
}

impl Frame<'_> {
    /// The page of the form `drawn`, with the warning of a move to confirm if any.
    fn show(&self, drawn: Drawn, move_warning: Option<String>, status: StatusCode) -> HttpResponse {
        let t = self.signed.locale();
        let page = FormPage {
            layout: layout(self.state, t, self.title.clone()),
            t,
            account: account(self.signed, self.csrf).at(Section::Events),
            drawn,
            csrf: self.csrf,
            button: self.button.clone(),
            move_warning,
            back: self.back.clone(),
        };
        render(status, &page)
    }
}

/// The frame of the form of a new event.
fn new_frame<'a>(state: &'a AppState, signed: &'a Signed, csrf: &'a CsrfToken) -> Frame<'a> {
    let t = signed.locale();
    Frame {
        state,
        signed,
        csrf: csrf.as_str(),
        title: t.text("console-new-event-title"),
        button: t.text("console-create-button"),
        back: "/console/events".to_owned(),
    }
}

/// The empty form of a new event.
pub async fn new(
    _can: Can<can::ManageEvents>,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
) -> HttpResponse {
    let drawn = draw(
        signed.locale(),
        &EventForm::of(EventInput::default()),
        1,
        &[],
    );
    new_frame(&state, &signed, &csrf).show(drawn, None, StatusCode::OK)
}

/// Creates the draft the form describes, or shows the form again with its refusals.
pub async fn create(
    _can: Can<can::ManageEvents>,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
    sent: FormData,
) -> Result<HttpResponse, ApiError> {
    let t = signed.locale();
    let frame = new_frame(&state, &signed, &csrf);
    let mut form = EventForm::from_form(&sent);
    if sent.get("add_contact").is_some() {
        let drawn = draw(t, &form, form.blank_rows + 1, &[]);
        return Ok(frame.show(drawn, None, StatusCode::OK));
    }
    let refused_with = |form: &EventForm, refusals: &[ApiError]| {
        let drawn = draw(t, form, form.blank_rows, refusals);
        frame.show(drawn, None, StatusCode::UNPROCESSABLE_ENTITY)
    };
    let fields = match refused(&mut form) {
        Ok(fields) => fields,
        Err(refusals) => return Ok(refused_with(&form, &refusals)),
    };
    match state.db(move |conn| Event::create(conn, &fields)).await {
        Ok(record) => Ok(see_other(&format!(
            "/console/events/{}?done=created",
            record.event.id
        ))),
        Err(error @ ApiError::Client { .. }) => Ok(refused_with(&form, &[error])),
        Err(error) => Err(error),
    }
}

/// The form's fields as the API's parser judges them, with the refusals found before it.
fn refused(form: &mut EventForm) -> Result<crate::db::models::EventFields, Vec<ApiError>> {
    let mut before = std::mem::take(&mut form.refusals);
    match form.input.parse_all() {
        Ok(fields) if before.is_empty() => Ok(fields),
        Ok(_) => Err(before),
        Err(mut refusals) => {
            refusals.append(&mut before);
            Err(refusals)
        }
    }
}

/// The frame of the form of the stored event `record`.
fn edit_frame<'a>(
    state: &'a AppState,
    signed: &'a Signed,
    csrf: &'a CsrfToken,
    record: &EventRecord,
) -> Frame<'a> {
    let t = signed.locale();
    Frame {
        state,
        signed,
        csrf: csrf.as_str(),
        title: t.text_with(
            "console-edit-event-title",
            &[("title", record.event.title.clone().into())],
        ),
        button: t.text("console-save-button"),
        back: format!("/console/events/{}", record.event.id),
    }
}

async fn load(state: &AppState, id: &str) -> Result<EventRecord, ApiError> {
    let id = parse_id(id)?;
    let record = state.db(move |conn| Event::load(conn, &id)).await?;
    if record.event.status == EventStatus::Cancelled {
        return Err(ApiError::conflict(
            "event_cancelled",
            "A cancelled event cannot be changed.",
        ));
    }
    Ok(record)
}

/// The form of a stored event.
pub async fn edit(
    _can: Can<can::ManageEvents>,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let record = load(&state, &path).await?;
    let form = EventForm::of(EventInput::from_record(&record));
    let drawn = draw(signed.locale(), &form, 1, &[]);
    Ok(edit_frame(&state, &signed, &csrf, &record).show(drawn, None, StatusCode::OK))
}

/// Saves the form; a move that mails registrants is confirmed first.
pub async fn update(
    can: Can<can::ManageEvents>,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
    path: web::Path<String>,
    sent: FormData,
) -> Result<HttpResponse, ApiError> {
    let t = signed.locale();
    let record = load(&state, &path).await?;
    let mut form = EventForm::from_form(&sent);
    let frame = edit_frame(&state, &signed, &csrf, &record);
    let again = |drawn, warning, status| Ok(frame.show(drawn, warning, status));
    if sent.get("add_contact").is_some() {
        return again(
            draw(t, &form, form.blank_rows + 1, &[]),
            None,
            StatusCode::OK,
        );
    }
    let fields = match refused(&mut form) {
        Ok(fields) => fields,
        Err(refusals) => {
            return again(
                draw(t, &form, form.blank_rows, &refusals),
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
    };
    let event = &record.event;
    let moves = event.starts_at != fields.starts_at
        || event.ends_at != fields.ends_at
        || event.timezone != fields.timezone
        || event.venue() != fields.venue
        || event.online_url.as_deref() != fields.online_url.as_ref().map(|u| u.as_str());
    if moves && event.status == EventStatus::Published && sent.get("confirm_move") != Some("true") {
        let id = event.id.clone();
        let mailed = state
            .db(move |conn| Ok(crate::schedule::told_of_changes(conn, &id)?))
            .await?;
        if mailed > 0 {
            let warning = t.text_with("console-move-warning", &[("count", mailed.into())]);
            return again(
                draw(t, &form, form.blank_rows, &[]),
                Some(warning),
                StatusCode::OK,
            );
        }
    }
    let id = event.id.clone();
    match lifecycle::update(&state, &can, id.clone(), move |_| Ok(fields)).await {
        Ok(_) => Ok(see_other(&format!("/console/events/{id}?done=saved"))),
        Err(error @ ApiError::Client { .. }) => again(
            draw(t, &form, form.blank_rows, &[error]),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(error) => Err(error),
    }
}
