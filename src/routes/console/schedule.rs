//! `/console/events/{id}/schedule`: when confirmed registrants get the access link, the
//! reminders, and the follow-up after the event, as the API's scheduling settings. Saved by the
//! API's service; a refusal is shown beside its field with nothing written.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::nav::Section;
use super::pages::{Account, account, layout, render, see_other};
use super::session::Signed;
use crate::accounts::{Can, can};
use crate::db::models::Event;
use crate::domain::FieldError;
use crate::error::ApiError;
use crate::extract::parse_id;
use crate::i18n::Locale;
use crate::routes::csrf::{CsrfToken, FormData};
use crate::routes::form::{Field, Fields};
use crate::routes::layout::Layout;
use crate::schedule::settings::{FollowUp, ScheduleSettings};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "console/schedule.html")]
struct SchedulePage<'a> {
    layout: Layout<'a>,
    t: Locale,
    account: Account,
    fields: Fields,
    csrf: &'a str,
    back: String,
    notice: Option<String>,
}

/// The form's values as typed.
#[derive(Default)]
struct Values {
    access: String,
    reminders: String,
    message: String,
    url: String,
    after: String,
}

impl Values {
    fn of(settings: &ScheduleSettings) -> Self {
        let follow_up = settings.follow_up.as_ref();
        Self {
            access: settings
                .access_link_hours_before
                .map(|h| h.to_string())
                .unwrap_or_default(),
            reminders: settings
                .reminder_hours_before
                .iter()
                .map(i32::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            message: follow_up
                .and_then(|f| f.message.clone())
                .unwrap_or_default(),
            url: follow_up.and_then(|f| f.url.clone()).unwrap_or_default(),
            after: follow_up.map_or(24, |f| f.hours_after_end).to_string(),
        }
    }

    fn sent(form: &FormData) -> Self {
        let get = |name: &str| form.get(name).unwrap_or("").trim().to_owned();
        Self {
            access: get("access_link_hours_before"),
            reminders: get("reminder_hours_before"),
            message: get("follow_up-message"),
            url: get("follow_up-url"),
            after: get("follow_up-hours_after_end"),
        }
    }

    /// The API's settings, or the refusal of a number that is none.
    fn settings(&self) -> Result<ScheduleSettings, ApiError> {
        let number = |text: &str, path: &str| {
            text.parse::<i32>().map_err(|_| {
                ApiError::invalid(path, FieldError::new("out_of_range", "Give whole hours."))
            })
        };
        let access = match self.access.as_str() {
            "" => None,
            text => Some(number(text, "access_link_hours_before")?),
        };
        let reminders = self
            .reminders
            .split([',', ' ', ';'])
            .filter(|h| !h.is_empty())
            .map(|h| number(h, "reminder_hours_before"))
            .collect::<Result<Vec<_>, _>>()?;
        let follow_up = match (self.message.is_empty(), self.url.is_empty()) {
            (true, true) => None,
            _ => Some(FollowUp {
                message: Some(self.message.clone()).filter(|m| !m.is_empty()),
                url: Some(self.url.clone()).filter(|u| !u.is_empty()),
                hours_after_end: match self.after.as_str() {
                    "" => 24,
                    text => number(text, "follow_up.hours_after_end")?,
                },
            }),
        };
        Ok(ScheduleSettings {
            access_link_hours_before: access,
            reminder_hours_before: reminders,
            follow_up,
        })
    }
}

fn fields(t: Locale, values: &Values, refusal: Option<&ApiError>) -> Fields {
    let field = |name: &'static str, kind, label: &str, hint: &str, value: &str| Field {
        value: value.to_owned(),
        required: false,
        hint: Some(t.text(hint)),
        ..Field::new(name, kind, t.text(label))
    };
    let mut fields = vec![
        field(
            "access_link_hours_before",
            "number",
            "console-label-access-hours",
            "console-hint-access-hours",
            &values.access,
        ),
        field(
            "reminder_hours_before",
            "text",
            "console-label-reminders",
            "console-hint-reminders",
            &values.reminders,
        ),
        field(
            "follow_up-message",
            "textarea",
            "console-label-follow-up-message",
            "console-hint-follow-up",
            &values.message,
        ),
        field(
            "follow_up-url",
            "url",
            "console-label-follow-up-url",
            "console-hint-follow-up-url",
            &values.url,
        ),
        field(
            "follow_up-hours_after_end",
            "number",
            "console-label-follow-up-hours",
            "console-hint-follow-up-hours",
            &values.after,
        ),
    ];
    if let Some(ApiError::Client {
        code,
        field: Some(path),
        ..
    }) = refusal
    {
        let name = match path.split('[').next().unwrap_or(path) {
            "follow_up" => "follow_up-message".to_owned(),
            p => p.replace('.', "-"),
        };
        let message = match *code {
            "out_of_range" => "console-error-hours",
            "too_many" => "console-error-too-many-reminders",
            "required" => "console-error-follow-up",
            "invalid_url" => "console-error-url",
            _ => "form-error-invalid",
        };
        if let Some(field) = fields.iter_mut().find(|f| f.name == name.as_str()) {
            field.error = Some(t.text(message));
        }
    }
    Fields(fields)
}

/// The settings as they stand.
pub async fn show(
    _can: Can<can::ManageEvents>,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
    path: web::Path<String>,
    done: web::Query<super::agenda::DoneQuery>,
) -> Result<HttpResponse, ApiError> {
    let t = signed.locale();
    let id = parse_id(&path)?;
    let (event, plan) = state
        .db(move |conn| crate::schedule::load(conn, &id))
        .await?;
    let values = Values::of(&ScheduleSettings::from_plan(&plan));
    let notice = done.saved().then(|| t.text("console-schedule-saved"));
    Ok(page(
        &state,
        t,
        &signed,
        &csrf,
        &event,
        fields(t, &values, None),
        notice,
    ))
}

fn page(
    state: &AppState,
    t: Locale,
    signed: &Signed,
    csrf: &CsrfToken,
    event: &Event,
    fields: Fields,
    notice: Option<String>,
) -> HttpResponse {
    let status = match fields.has_errors() {
        true => StatusCode::UNPROCESSABLE_ENTITY,
        false => StatusCode::OK,
    };
    let title = t.text_with(
        "console-schedule-title",
        &[("title", event.title.clone().into())],
    );
    let page = SchedulePage {
        layout: layout(state, t, title),
        t,
        account: account(signed, csrf.as_str()).at(Section::Events),
        fields,
        csrf: csrf.as_str(),
        back: format!("/console/events/{}", event.id),
        notice,
    };
    render(status, &page)
}

/// Saves the settings, or shows the form again with the refusal.
pub async fn save(
    _can: Can<can::ManageEvents>,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
    path: web::Path<String>,
    sent: FormData,
) -> Result<HttpResponse, ApiError> {
    let t = signed.locale();
    let id = parse_id(&path)?;
    let loaded = id.clone();
    let (event, _) = state
        .db(move |conn| crate::schedule::load(conn, &loaded))
        .await?;
    let values = Values::sent(&sent);
    let now = state.clock.now();
    let saved = match values.settings() {
        Ok(settings) => {
            state
                .db(move |conn| crate::schedule::put_settings(conn, &id, &settings, now))
                .await
        }
        Err(refusal) => Err(refusal),
    };
    match saved {
        Ok(_) => {
            state.schedule_changed.notify_one();
            Ok(see_other(&format!(
                "/console/events/{}/schedule?done=saved",
                event.id
            )))
        }
        Err(refusal @ ApiError::Client { status, .. }) if status != StatusCode::CONFLICT => {
            let fields = fields(t, &values, Some(&refusal));
            Ok(page(&state, t, &signed, &csrf, &event, fields, None))
        }
        Err(error) => Err(error),
    }
}
