//! `/newsletter`: the subscription form — address, name, the language of the mails, the
//! topics the public events have, consent under the privacy notice (its version sent along,
//! as the consent record keeps it). What it sends is parsed by the API's parser and
//! subscribed by the API's [`subscribe_from`]; a refused form comes back with every refusal
//! beside its field. Then a "check your inbox" page, whatever the address's state.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::{Chosen, chosen_language, form_page, layout};
use crate::db::models::{Event, EventFilter};
use crate::error::ApiError;
use crate::i18n::Locale;
use crate::newsletter::SubscriptionInput;
use crate::rate_limit::PublicWrite;
use crate::routes::csrf::{CsrfToken, FormData};
use crate::routes::embed::see_sent_page;
use crate::routes::events::public::VISIBLE;
use crate::routes::form::{Field, Fields, Link, attach, choices, choices_of, honeypot_filled};
use crate::routes::layout::Layout;
use crate::routes::newsletter::public::subscribe_from;
use crate::routes::page::ResultPage;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "pages/newsletter.html")]
struct NewsletterPage<'a> {
    layout: Layout<'a>,
    t: Locale,
    fields: Fields,
    csrf: &'a str,
    /// The version of the privacy notice the form is shown with.
    privacy_notice_version: &'a str,
    /// `assets/forms.js`: focus on the error summary.
    script: Option<&'a str>,
}

/// The form, in the reader's language.
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    csrf: CsrfToken,
) -> Result<HttpResponse, ApiError> {
    let chosen = chosen_language(&req);
    let form = FormData::default();
    render(&state, &req, &chosen, &form, &[], &csrf, StatusCode::OK).await
}

/// Subscribes, or shows the form again with what was refused.
pub async fn submit(
    _limit: PublicWrite,
    state: web::Data<AppState>,
    req: HttpRequest,
    csrf: CsrfToken,
    sent: FormData,
) -> Result<HttpResponse, ApiError> {
    let chosen = chosen_language(&req);
    // A program that filled in the hidden field is told what a person would be, and dropped.
    if honeypot_filled(&sent) {
        return Ok(see_sent_page(&req, "/newsletter/sent", chosen.locale));
    }
    let given = |name: &str| sent.get(name).filter(|v| !v.is_empty()).map(str::to_owned);
    let input = SubscriptionInput {
        email: given("email"),
        name: given("name"),
        language: given("language"),
        topics: Some(sent.all("topics").into_iter().map(str::to_owned).collect()),
        consent: Some(sent.get("consent") == Some("true")),
        privacy_notice_version: given("privacy_notice_version"),
    };
    match input.parse_all() {
        Ok(request) => {
            subscribe_from(&req, &state, request, "web_form").await?;
            Ok(see_sent_page(&req, "/newsletter/sent", chosen.locale))
        }
        Err(errors) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            render(&state, &req, &chosen, &sent, &errors, &csrf, status).await
        }
    }
}

/// `/newsletter/sent`: where a sent form leads (303), so that reloading it sends nothing
/// twice.
pub async fn check_inbox(state: web::Data<AppState>, req: HttpRequest) -> HttpResponse {
    let chosen = chosen_language(&req);
    let t = chosen.locale;
    let mut layout = layout(&state, &req, t, t.text("newsletter-form-title"));
    layout.indexed = false;
    layout.alternates.clear();
    let done = ResultPage {
        layout,
        text: &t.text("newsletter-form-check-inbox"),
        event_title: None,
    };
    form_page(&state, &chosen, StatusCode::OK, &done)
}

/// The form with the values `sent` and the refusals `errors`.
async fn render(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    chosen: &Chosen,
    sent: &FormData,
    errors: &[ApiError],
    csrf: &CsrfToken,
    status: StatusCode,
) -> Result<HttpResponse, ApiError> {
    let t = chosen.locale;
    let scope = EventFilter {
        statuses: VISIBLE.to_vec(),
        ..EventFilter::default()
    };
    let topics = state
        .db(move |conn| Ok(Event::facets(conn, &scope)?.topics))
        .await?;
    let mut fields = fields(
        t,
        sent,
        topics,
        state.site.organisation.privacy_url.as_str(),
    );
    attach(&mut fields, errors, t, "email");
    let mut layout = layout(state, req, t, t.text("newsletter-form-title"));
    layout.indexed &= status == StatusCode::OK;
    let newsletter_page = NewsletterPage {
        layout,
        t,
        fields: Fields(fields),
        csrf: csrf.as_str(),
        privacy_notice_version: &state.settings.privacy_notice.version,
        script: state.site.assets.url("forms.js"),
    };
    Ok(form_page(state, chosen, status, &newsletter_page))
}

/// The form's fields in order, with the values `sent`; the topics offered are `topics`.
fn fields(t: Locale, sent: &FormData, topics: Vec<String>, privacy_url: &str) -> Vec<Field> {
    let value = |name: &str| sent.get(name).unwrap_or("").to_owned();
    let language = sent.get("language").unwrap_or(t.code());
    let chosen_topics = sent.all("topics");
    let mut fields = vec![
        Field {
            value: value("email"),
            max: 254,
            autocomplete: Some("email"),
            ..Field::new("email", "email", t.text("invitation-label-email"))
        },
        Field {
            value: value("name"),
            max: 200,
            autocomplete: Some("name"),
            required: false,
            ..Field::new("name", "text", t.text("invitation-label-name"))
        },
        Field {
            choices: choices::languages(language),
            ..Field::new("language", "radios", t.text("invitation-label-language"))
        },
    ];
    if !topics.is_empty() {
        fields.push(Field {
            choices: choices_of(
                topics.into_iter().map(|v| (v.clone(), v)).collect(),
                &chosen_topics,
            ),
            hint: Some(t.text("newsletter-form-topics-hint")),
            required: false,
            ..Field::new("topics", "checkboxes", t.text("newsletter-form-topics"))
        });
    }
    fields.push(Field {
        value: if sent.get("consent") == Some("true") {
            "true"
        } else {
            ""
        }
        .to_owned(),
        link: Some(Link {
            href: privacy_url.to_owned(),
            text: t.text("form-privacy-link"),
        }),
        ..Field::new("consent", "checkbox", t.text("newsletter-form-consent"))
    });
    fields
}
