//! `/console/events/{id}/agenda`: the agenda editor. Items are added ("Add an item"), changed,
//! removed ("Remove this item") and kept in the order of their start; each has speakers as
//! rows, one more with "Add a speaker". The API's rules judge it (each item's refusal beside
//! its field, nothing written) and the API's service saves it: publishing, or changing a
//! published agenda, mails confirmed registrants once the quiet period has passed.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::TimeDelta;

use super::agenda_form::{Drawn, draw, from_form, of_items};
use super::nav::Section;
use super::pages::{Account, account, layout, render, see_other};
use super::session::Signed;
use crate::accounts::{Can, can};
use crate::audit::{self, Action};
use crate::db::models::{Event, EventStatus};
use crate::error::ApiError;
use crate::extract::parse_id;
use crate::i18n::Locale;
use crate::routes::csrf::{CsrfToken, FormData};
use crate::routes::form::{Field, Fields};
use crate::routes::layout::Layout;
use crate::schedule::agenda::AgendaInput;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "console/agenda.html")]
struct AgendaPage<'a> {
    layout: Layout<'a>,
    t: Locale,
    account: Account,
    drawn: Drawn,
    csrf: &'a str,
    back: String,
    notice: Option<String>,
}

impl AgendaPage<'_> {
    fn legend(&self, n: &usize) -> &str {
        &self.drawn.groups[*n].0
    }

    fn group(&self, n: &usize) -> &[Field] {
        &self.drawn.fields.0[self.drawn.groups[*n].1.clone()]
    }

    fn fields(&self) -> &Fields {
        &self.drawn.fields
    }

    /// The number of speaker rows item `n` (the group after the publish switch) shows.
    fn speaker_rows(&self, group: &usize) -> usize {
        group
            .checked_sub(1)
            .and_then(|n| self.drawn.speaker_rows.get(n))
            .copied()
            .unwrap_or(0)
    }
}

/// What every answer of the editor is drawn with.
struct Editor<'a> {
    state: &'a AppState,
    t: Locale,
    signed: &'a Signed,
    csrf: &'a CsrfToken,
    event: &'a Event,
}

impl Editor<'_> {
    fn page(&self, drawn: Drawn, status: StatusCode, notice: Option<String>) -> HttpResponse {
        let t = self.t;
        let title = t.text_with(
            "console-agenda-title",
            &[("title", self.event.title.clone().into())],
        );
        let page = AgendaPage {
            layout: layout(self.state, t, title),
            t,
            account: account(self.signed, self.csrf.as_str()).at(Section::Events),
            drawn,
            csrf: self.csrf.as_str(),
            back: format!("/console/events/{}", self.event.id),
            notice,
        };
        render(status, &page)
    }
}

/// The event `id`, if it may still change.
async fn changeable(state: &AppState, id: &str) -> Result<(Event, AgendaInput), ApiError> {
    let id = parse_id(id)?;
    let (event, plan) = state
        .db(move |conn| crate::schedule::load(conn, &id))
        .await?;
    if event.status == EventStatus::Cancelled {
        return Err(ApiError::conflict(
            "event_cancelled",
            "A cancelled event cannot be changed.",
        ));
    }
    let agenda = of_items(
        plan.agenda_published,
        &plan.agenda_items(&event),
        event.tz(),
    );
    Ok((event, agenda))
}

/// `?done=saved` after a form was saved.
#[derive(Debug, Default, serde::Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

impl DoneQuery {
    /// Whether the page follows a save.
    pub fn saved(&self) -> bool {
        self.done.as_deref() == Some("saved")
    }
}

/// The agenda as it stands, with a blank item to add.
pub async fn show(
    _can: Can<can::ManageEvents>,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
    path: web::Path<String>,
    done: web::Query<DoneQuery>,
) -> Result<HttpResponse, ApiError> {
    let t = signed.locale();
    let (event, agenda) = changeable(&state, &path).await?;
    let drawn = draw(t, &agenda, 1, &[]);
    let notice = done.saved().then(|| t.text("console-agenda-saved"));
    let editor = Editor {
        state: &state,
        t,
        signed: &signed,
        csrf: &csrf,
        event: &event,
    };
    Ok(editor.page(drawn, StatusCode::OK, notice))
}

/// Saves the agenda the form describes, or shows it again with the refusals.
pub async fn save(
    can: Can<can::ManageEvents>,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
    path: web::Path<String>,
    sent: FormData,
) -> Result<HttpResponse, ApiError> {
    let t = signed.locale();
    let (event, _) = changeable(&state, &path).await?;
    let agenda = from_form(&sent);
    let editor = Editor {
        state: &state,
        t,
        signed: &signed,
        csrf: &csrf,
        event: &event,
    };
    if let Some(item) = sent
        .get("add_speaker")
        .and_then(|i| i.parse::<usize>().ok())
    {
        let mut agenda = agenda;
        if let Some(item) = agenda.items.get_mut(item) {
            item.speakers.push(Default::default());
        }
        let drawn = draw(t, &agenda, 0, &[]);
        return Ok(editor.page(drawn, StatusCode::OK, None));
    }
    if sent.get("add_item").is_some() {
        let drawn = draw(t, &agenda, 1, &[]);
        return Ok(editor.page(drawn, StatusCode::OK, None));
    }
    if let Err(refusals) = agenda.parse_all(&event) {
        let drawn = draw(t, &agenda, 0, &refusals);
        return Ok(editor.page(drawn, StatusCode::UNPROCESSABLE_ENTITY, None));
    }
    let now = state.clock.now();
    let quiet = TimeDelta::seconds(state.settings.agenda_quiet_seconds as i64);
    let id = event.id.clone();
    let (event, plan) = state
        .db(move |conn| crate::schedule::put_agenda(conn, &id, &agenda, now, quiet))
        .await?;
    state.schedule_changed.notify_one();
    if plan.agenda_published {
        audit::record(&state, &can, Action::AgendaPublished, Some(&event.id)).await?;
    }
    Ok(see_other(&format!(
        "/console/events/{}/agenda?done=saved",
        event.id
    )))
}
