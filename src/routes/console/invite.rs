//! `/console/events/{id}/invitations/new`: inviting newsletter subscribers (by topic and
//! language) and/or named invitees pasted as CSV. The form is previewed first: who will be
//! invited, who is left out and why, as the batch itself sorts them
//! ([`invitations::preview`]); only what was previewed is sent — a list changed since shows
//! its preview again. Refused lines are shown beside the list, each with its line number,
//! and nothing is written.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use sha2::{Digest, Sha256};

use super::invite_form::{InviteForm, fields};
use super::nav::Section;
use super::pages::{Account, account, layout, render, see_other};
use super::session::Signed;
use crate::accounts::{Can, can};
use crate::db::models::{Event, EventFilter, EventStatus};
use crate::error::ApiError;
use crate::extract::parse_id;
use crate::i18n::Locale;
use crate::invitations::{self, BatchRequest, Preview};
use crate::routes::csrf::{CsrfToken, FormData};
use crate::routes::form::Fields;
use crate::routes::layout::Layout;
use crate::state::AppState;

/// A named invitee as the preview lists them.
struct Named {
    name: String,
    email: String,
    organisation: String,
    language: String,
}

/// What the batch would do, as the page says it.
struct Shown {
    invited: Vec<Named>,
    /// (address, reason).
    skipped: Vec<(String, String)>,
    subscribers: Option<String>,
    /// How many would be invited in all; the send button says it.
    total: i64,
    /// The fingerprint of the form previewed, sent back with the send button.
    digest: String,
    named_caption: String,
    skipped_caption: String,
    send_button: String,
}

#[derive(Template)]
#[template(path = "console/invite.html")]
struct InvitePage<'a> {
    layout: Layout<'a>,
    t: Locale,
    account: Account,
    csrf: String,
    event_id: String,
    fields: Fields,
    preview: Option<Shown>,
    /// Said when the list changed between the preview and sending.
    changed: bool,
}

/// The empty form.
pub async fn new(
    _can: Can<can::ManageInvitations>,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let frame = Frame::of(&state, &signed, &csrf, &path)?;
    frame
        .show(&InviteForm::default(), &[], None, StatusCode::OK)
        .await
}

/// The form with what the batch would do, or with its refusals.
pub async fn preview(
    _can: Can<can::ManageInvitations>,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
    path: web::Path<String>,
    form: FormData,
) -> Result<HttpResponse, ApiError> {
    let frame = Frame::of(&state, &signed, &csrf, &path)?;
    let form = InviteForm::from(&form);
    match form.parse() {
        Ok(request) => {
            let shown = preview_of(&frame, &form, request).await?;
            frame.show(&form, &[], Some(shown), StatusCode::OK).await
        }
        Err(refusals) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            frame.show(&form, &refusals, None, status).await
        }
    }
}

/// Sends what was previewed and goes to the invitations, which say how many; a form that
/// changed since its preview is previewed again.
pub async fn send(
    can: Can<can::ManageInvitations>,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
    path: web::Path<String>,
    sent: FormData,
) -> Result<HttpResponse, ApiError> {
    let frame = Frame::of(&state, &signed, &csrf, &path)?;
    let form = InviteForm::from(&sent);
    let request = match form.parse() {
        Ok(request) => request,
        Err(refusals) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return frame.show(&form, &refusals, None, status).await;
        }
    };
    if sent.get("previewed") != Some(digest(&form).as_str()) {
        let shown = preview_of(&frame, &form, request).await?;
        let page = frame.page(&form, &[], Some(shown)).await?;
        return Ok(render(
            StatusCode::CONFLICT,
            &InvitePage {
                changed: true,
                ..page
            },
        ));
    }
    let event_id = frame.event_id;
    let outcome = invitations::invite_audited(&state, &can.caller, &event_id, request).await?;
    Ok(see_other(&format!(
        "/console/events/{event_id}/invitations?invited={}&skipped={}",
        outcome.total, outcome.skipped
    )))
}

/// The fingerprint of the form's values: what the send button was shown for.
fn digest(form: &InviteForm) -> String {
    let mut hash = Sha256::new();
    for part in form.parts() {
        hash.update(part.len().to_le_bytes());
        hash.update(part.as_bytes());
    }
    hex::encode(hash.finalize())
}

/// What `request` would do for the frame's event now.
async fn preview_of(
    frame: &Frame<'_>,
    form: &InviteForm,
    request: BatchRequest,
) -> Result<Shown, ApiError> {
    let t = frame.signed.locale();
    let id = frame.event_id.clone();
    let shown = frame
        .state
        .db(move |conn| {
            let Preview {
                invitees,
                subscribers,
            } = invitations::preview(conn, &id, &request)?;
            let invited: Vec<Named> = invitees
                .invite
                .iter()
                .map(|(i, _)| Named {
                    name: i.name.clone().unwrap_or_default(),
                    email: i.email.as_str().to_owned(),
                    organisation: i.organisation.clone().unwrap_or_default(),
                    language: t.language_name(i.language.code()),
                })
                .collect();
            let skipped: Vec<(String, String)> = invitees
                .skipped
                .into_iter()
                .map(|s| (s.email, t.text(reason_text(s.reason))))
                .collect();
            let total = invited.len() as i64 + subscribers.map_or(0, |(new, _)| new);
            let subscribers = subscribers.map(|(new, left_out)| {
                t.text_with(
                    "console-invite-subscribers-count",
                    &[("count", new.into()), ("skipped", left_out.into())],
                )
            });
            let count = |id: &str, n: usize| t.text_with(id, &[("count", (n as i64).into())]);
            Ok(Shown {
                named_caption: count("console-invite-named-caption", invited.len()),
                skipped_caption: count("console-invite-skipped-caption", skipped.len()),
                send_button: count("console-invite-send-button", total as usize),
                invited,
                skipped,
                subscribers,
                total,
                digest: String::new(),
            })
        })
        .await?;
    Ok(Shown {
        digest: digest(form),
        ..shown
    })
}

/// What every answer of the form is drawn for: the event, the account and its form token.
struct Frame<'a> {
    state: &'a AppState,
    signed: &'a Signed,
    csrf: &'a CsrfToken,
    event_id: String,
}

impl<'a> Frame<'a> {
    /// The frame of the event at `path`.
    fn of(
        state: &'a AppState,
        signed: &'a Signed,
        csrf: &'a CsrfToken,
        path: &str,
    ) -> Result<Self, ApiError> {
        Ok(Self {
            state,
            signed,
            csrf,
            event_id: parse_id(path)?,
        })
    }

    /// The page of the form with `refusals` beside their fields and `preview` below it.
    async fn show(
        &self,
        form: &InviteForm,
        refusals: &[ApiError],
        preview: Option<Shown>,
        status: StatusCode,
    ) -> Result<HttpResponse, ApiError> {
        let page = self.page(form, refusals, preview).await?;
        Ok(render(status, &page))
    }

    async fn page(
        &self,
        form: &InviteForm,
        refusals: &[ApiError],
        preview: Option<Shown>,
    ) -> Result<InvitePage<'a>, ApiError> {
        let t = self.signed.locale();
        let read_id = self.event_id.clone();
        let (event, topics) = self
            .state
            .db(move |conn| {
                let event = Event::find(conn, &read_id)?;
                let scope = EventFilter {
                    statuses: vec![EventStatus::Draft, EventStatus::Published],
                    ..EventFilter::default()
                };
                Ok((event, Event::facets(conn, &scope)?.topics))
            })
            .await?;
        let title = t.text_with("console-invite-title", &[("event", event.title.into())]);
        Ok(InvitePage {
            layout: layout(self.state, t, title),
            t,
            account: account(self.signed, self.csrf.as_str()).at(Section::Events),
            csrf: self.csrf.as_str().to_owned(),
            fields: fields(t, form, topics, refusals),
            event_id: self.event_id.clone(),
            preview,
            changed: false,
        })
    }
}

/// The message that says why an invitee is left out.
fn reason_text(reason: &str) -> &'static str {
    match reason {
        "duplicate" => "console-invite-skipped-duplicate",
        "already_registered" => "console-invite-skipped-registered",
        _ => "console-invite-skipped-invited",
    }
}
