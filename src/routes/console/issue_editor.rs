//! `/console/newsletter/new` and `/console/newsletter/{id}/edit` (manage the newsletter): an
//! issue written or a draft changed, judged by the API's parser with every refusal beside its
//! field and in a summary, nothing written until all is well. Topics are ticked among those
//! the public events and the subscribers use (typed, while there are none).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::issue_form::{Drawn, draw, from_form, of};
use super::nav::Section;
use super::pages::{Account, account, layout, render, see_other};
use super::signed::Signed;
use crate::accounts::{Can, can};
use crate::db::models::{Event, EventFilter, IssueStatus, Subscriber};
use crate::error::ApiError;
use crate::extract::parse_id;
use crate::i18n::Locale;
use crate::newsletter::{IssueInput, issues};
use crate::routes::csrf::{CsrfToken, FormData};
use crate::routes::events::public::VISIBLE;
use crate::routes::form::{Field, Fields};
use crate::routes::layout::Layout;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "console/issue_form.html")]
struct FormPage<'a> {
    layout: Layout<'a>,
    t: Locale,
    account: Account,
    drawn: Drawn,
    csrf: &'a str,
    button: String,
    back: String,
    script: Option<&'a str>,
}

impl FormPage<'_> {
    /// The fields of group `n`.
    fn group(&self, n: usize) -> &[Field] {
        let range = self.drawn.groups[n].1.clone();
        &self.drawn.fields.0[range]
    }

    /// The error summary's view of the fields.
    fn fields(&self) -> &Fields {
        &self.drawn.fields
    }
}

/// The issue the form is for: none yet, or the draft `id`.
enum Target {
    New,
    Draft(String),
}

/// The form of `input` with `refusals`, answered with `status`.
async fn page(
    state: &AppState,
    signed: &Signed,
    csrf: &CsrfToken,
    (target, input, refusals): (&Target, &IssueInput, &[ApiError]),
    status: StatusCode,
) -> Result<HttpResponse, ApiError> {
    let t = signed.locale();
    let offered = state.db(topics_offered).await?;
    let (title, button, back) = match target {
        Target::New => (
            t.text("console-new-issue-title"),
            t.text("console-create-button"),
            super::issues::PATH.to_owned(),
        ),
        Target::Draft(id) => (
            t.text("console-edit-issue-title"),
            t.text("console-save-button"),
            format!("{}/{id}", super::issues::PATH),
        ),
    };
    let page = FormPage {
        layout: layout(state, t, title),
        t,
        account: account(signed, csrf.as_str()).at(Section::Newsletter),
        drawn: draw(t, input, &offered, refusals),
        csrf: csrf.as_str(),
        button,
        back,
        script: state.site.assets.url("forms.js"),
    };
    Ok(render(status, &page))
}

/// The topics an issue may target: those of the public events and those subscribers chose.
fn topics_offered(conn: &mut crate::db::DbConnection) -> Result<Vec<String>, ApiError> {
    let scope = EventFilter {
        statuses: VISIBLE.to_vec(),
        ..EventFilter::default()
    };
    let mut topics = Event::facets(conn, &scope)?.topics;
    topics.extend(Subscriber::topics_chosen(conn)?);
    topics.sort();
    topics.dedup();
    Ok(topics)
}

/// The empty form, the account's language as the fallback.
pub async fn new(
    _can: Can<can::ManageNewsletter>,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
) -> Result<HttpResponse, ApiError> {
    let input = IssueInput {
        fallback_language: Some(signed.locale().code().to_owned()),
        ..IssueInput::default()
    };
    let shown = (&Target::New, &input, &[][..]);
    page(&state, &signed, &csrf, shown, StatusCode::OK).await
}

/// Keeps the issue the form describes as a draft and shows it, or shows the form again with
/// its refusals.
pub async fn create(
    _can: Can<can::ManageNewsletter>,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
    sent: FormData,
) -> Result<HttpResponse, ApiError> {
    let input = from_form(&sent);
    let content = match input.parse_all() {
        Ok(content) => content,
        Err(refusals) => {
            let shown = (&Target::New, &input, &refusals[..]);
            return page(
                &state,
                &signed,
                &csrf,
                shown,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let issue = state.db(move |conn| issues::create(conn, &content)).await?;
    Ok(see_other(&format!(
        "{}/{}?done=created",
        super::issues::PATH,
        issue.id
    )))
}

/// The draft `id`, or why it cannot be changed.
async fn draft(state: &AppState, id: &str) -> Result<IssueInput, ApiError> {
    let id = parse_id(id)?;
    let issue = state.db(move |conn| issues::find(conn, &id)).await?;
    if issue.status != IssueStatus::Draft {
        return Err(ApiError::conflict(
            "not_a_draft",
            "Only drafts can be changed; this issue has started sending.",
        ));
    }
    Ok(of(issue.content()))
}

/// The form of a draft.
pub async fn edit(
    _can: Can<can::ManageNewsletter>,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let input = draft(&state, &path).await?;
    let target = Target::Draft(path.into_inner());
    page(
        &state,
        &signed,
        &csrf,
        (&target, &input, &[]),
        StatusCode::OK,
    )
    .await
}

/// Saves the form over the draft, or shows it again with its refusals.
pub async fn update(
    _can: Can<can::ManageNewsletter>,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
    path: web::Path<String>,
    sent: FormData,
) -> Result<HttpResponse, ApiError> {
    draft(&state, &path).await?;
    let id = path.into_inner();
    let input = from_form(&sent);
    let content = match input.parse_all() {
        Ok(content) => content,
        Err(refusals) => {
            let shown = (&Target::Draft(id), &input, &refusals[..]);
            return page(
                &state,
                &signed,
                &csrf,
                shown,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let changed = id.clone();
    state
        .db(move |conn| issues::update_draft(conn, &changed, &content))
        .await?;
    Ok(see_other(&format!(
        "{}/{id}?done=saved",
        super::issues::PATH
    )))
}
