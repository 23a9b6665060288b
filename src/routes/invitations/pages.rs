//! The pages behind the links in invitations: a registration form filled in from the
//! invitation, and a decline button. Opening a link changes nothing; the forms POST.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::db::models::{Event, NewRegistration, TokenPurpose};
use crate::error::ApiError;
use crate::i18n::Locale;
use crate::invitations::{self, InvitedRegistration, invitation_of};
use crate::rate_limit::PublicWrite;
use crate::registrations::{Standing, token_error};
use crate::routes::csrf::{CsrfToken, FormData};
use crate::routes::form::registration::RegistrationValues;
use crate::routes::form::{Fields, attach};
use crate::routes::layout::Layout;
use crate::routes::links;
use crate::routes::page::{ActionPage, ResultPage, html, link_page};
use crate::routes::registrations::pages::outcome_text;
use crate::site::Site;
use crate::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(link_page(
        "/invitations/register/{token}",
        show_register,
        do_register,
    ))
    .service(link_page(
        "/invitations/decline/{token}",
        show_decline,
        do_decline,
    ));
}

#[derive(Template)]
#[template(path = "pages/register.html")]
struct RegisterPage<'a> {
    layout: Layout<'a>,
    t: Locale,
    event_title: &'a str,
    fields: Fields,
    csrf: &'a str,
    button: &'a str,
    /// `assets/forms.js`: focus on the error summary, the browser's zone selected.
    script: Option<&'a str>,
}

/// The registration form of an invitation, with `values` and the refusals `errors`, in
/// `locale`.
fn register_page(
    state: &AppState,
    locale: Locale,
    event_title: &str,
    values: &RegistrationValues,
    errors: &[ApiError],
    csrf: &CsrfToken,
) -> Result<String, ApiError> {
    let button = &locale.text("invitation-button");
    let hint = Some(locale.text("invitation-email-note"));
    let privacy_url = state.site.organisation.privacy_url.as_str();
    let mut fields = values.fields(locale, hint, privacy_url);
    attach(&mut fields, errors, locale, "email");
    let page = RegisterPage {
        layout: Layout::link_page(&state.site, locale, button.as_str()),
        t: locale,
        event_title,
        fields: Fields(fields),
        csrf: csrf.as_str(),
        button,
        script: state.site.assets.url("forms.js"),
    };
    page.render().map_err(ApiError::internal)
}

fn result_page(
    site: &Site,
    locale: Locale,
    status: StatusCode,
    text: &str,
    event: Option<&str>,
) -> HttpResponse {
    let page = ResultPage {
        layout: Layout::link_page(site, locale, locale.text("label-details")),
        text,
        event_title: event,
    };
    html(status, page.render().unwrap_or_default())
}

/// The page for a link of `purpose` that failed with `error`: what happened and what to do,
/// in the token owner's language. A field of the registration form that was refused is named
/// with its message.
async fn problem_page(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    token: &str,
    purpose: TokenPurpose,
    error: ApiError,
) -> Result<HttpResponse, ApiError> {
    let locale = links::locale_for(state, req, token).await;
    if let ApiError::Client {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        code,
        message,
        ..
    } = &error
        && *code != "invalid_invitation"
    {
        return Ok(result_page(
            &state.site,
            locale,
            StatusCode::UNPROCESSABLE_ENTITY,
            message,
            None,
        ));
    }
    Ok(links::problem_page(&state.site, locale, purpose, &error))
}

async fn show_register(
    state: web::Data<AppState>,
    req: HttpRequest,
    csrf: CsrfToken,
    token: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let token = token.into_inner();
    let presented = token.clone();
    let found = state
        .db(move |conn| {
            let (_, invitation) =
                invitation_of(conn, &token, TokenPurpose::RegisterInvited, token_error)?;
            let event = Event::find(conn, &invitation.event_id)?;
            Ok((invitation, event.title))
        })
        .await;
    let (invitation, event_title) = match found {
        Ok(found) => found,
        Err(error) => {
            return problem_page(
                &state,
                &req,
                &presented,
                TokenPurpose::RegisterInvited,
                error,
            )
            .await;
        }
    };
    let locale = Locale::parse(&invitation.language).unwrap_or_else(|_| Locale::fallback());
    let values = RegistrationValues::from_invitation(&invitation);
    let body = register_page(&state, locale, &event_title, &values, &[], &csrf)?;
    Ok(html(StatusCode::OK, body))
}

async fn do_register(
    _limit: PublicWrite,
    state: web::Data<AppState>,
    req: HttpRequest,
    csrf: CsrfToken,
    token: web::Path<String>,
    sent: FormData,
) -> Result<HttpResponse, ApiError> {
    let token = token.into_inner();
    let purpose = TokenPurpose::RegisterInvited;
    // A link that does not work says so before the form is judged.
    let presented = token.clone();
    let checked = state
        .db(move |conn| {
            let (_, invitation) = invitation_of(conn, &presented, purpose, token_error)?;
            Ok((
                invitation.language,
                Event::find(conn, &invitation.event_id)?.title,
            ))
        })
        .await;
    let (language, event_title) = match checked {
        Ok(checked) => checked,
        Err(error) => return problem_page(&state, &req, &token, purpose, error).await,
    };
    let values = RegistrationValues::from_form(&sent);
    let parsed = match values.input(None).parse_all() {
        Ok(parsed) => parsed,
        Err(errors) => {
            let locale = Locale::parse(&language).unwrap_or_else(|_| Locale::fallback());
            let body = register_page(&state, locale, &event_title, &values, &errors, &csrf)?;
            return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, body));
        }
    };
    let locale = parsed.language;
    let done = register_invited_page(&state, token.clone(), parsed).await;
    state.mail_queued.notify_one();
    let (outcome, event_title) = match done {
        Ok(done) => done,
        Err(error) => return problem_page(&state, &req, &token, purpose, error).await,
    };
    let text = match &outcome {
        None => locale.text("invitation-page-check-inbox"),
        Some(o) => outcome_text(locale, o.status, o.waitlist_position),
    };
    Ok(result_page(
        &state.site,
        locale,
        StatusCode::OK,
        &text,
        Some(&event_title),
    ))
}

async fn show_decline(
    state: web::Data<AppState>,
    req: HttpRequest,
    csrf: CsrfToken,
    token: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let token = token.into_inner();
    let presented = token.clone();
    let found = state
        .db(move |conn| {
            let (_, invitation) =
                invitation_of(conn, &token, TokenPurpose::DeclineInvitation, token_error)?;
            let event = Event::find(conn, &invitation.event_id)?;
            Ok((invitation.language, event.title))
        })
        .await;
    let (language, event_title) = match found {
        Ok(found) => found,
        Err(error) => {
            return problem_page(
                &state,
                &req,
                &presented,
                TokenPurpose::DeclineInvitation,
                error,
            )
            .await;
        }
    };
    let locale = Locale::parse(&language).unwrap_or_else(|_| Locale::fallback());
    let button = &locale.text("invitation-decline-button");
    let page = ActionPage {
        layout: Layout::link_page(&state.site, locale, button.as_str()),
        text: &locale.text("invitation-page-decline-text"),
        event_title: &event_title,
        button,
        csrf: csrf.as_str(),
        one_click: false,
    };
    Ok(html(
        StatusCode::OK,
        page.render().map_err(ApiError::internal)?,
    ))
}

async fn do_decline(
    _limit: PublicWrite,
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let token = token.into_inner();
    let presented = token.clone();
    let done = state
        .db(move |conn| {
            let (_, invitation) =
                invitation_of(conn, &token, TokenPurpose::DeclineInvitation, token_error)?;
            let title = invitations::decline(conn, &token)?;
            Ok((invitation.language, title))
        })
        .await;
    match done {
        Ok((language, title)) => {
            let locale = Locale::parse(&language).unwrap_or_else(|_| Locale::fallback());
            Ok(result_page(
                &state.site,
                locale,
                StatusCode::OK,
                &locale.text("invitation-page-declined"),
                Some(&title),
            ))
        }
        Err(error) => {
            problem_page(
                &state,
                &req,
                &presented,
                TokenPurpose::DeclineInvitation,
                error,
            )
            .await
        }
    }
}

/// Registers through an invitation link's form: admitted at once for the invited address,
/// with the double opt-in for another; with the event's title for the page.
async fn register_invited_page(
    state: &web::Data<AppState>,
    token: String,
    parsed: NewRegistration,
) -> Result<(Option<Standing>, String), ApiError> {
    let worker_state = state.clone();
    let input = parsed.clone();
    let (invited, event) = state
        .db(move |conn| {
            let (_, invitation) =
                invitation_of(conn, &token, TokenPurpose::RegisterInvited, token_error)?;
            let context = worker_state.mail_context();
            // Read afresh, not from the registrations' cache: the page shows the title.
            let event = Event::load(conn, &invitation.event_id)?;
            let invited =
                invitations::register_invited(conn, &context, &event.event.id, &input, &token)?;
            Ok((invited, event))
        })
        .await?;
    let title = event.event.title.clone();
    if let InvitedRegistration::Admitted(outcome) = invited {
        return Ok((Some(outcome), title));
    }
    state
        .registrants
        .register(std::sync::Arc::new(event), parsed)
        .await?;
    Ok((None, title))
}
