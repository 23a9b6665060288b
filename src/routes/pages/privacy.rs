//! `/privacy`: the privacy notice in the reader's language, with its version (the one
//! consents record).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::{chosen_language, layout, page};
use crate::routes::layout::Layout;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "pages/privacy.html")]
struct PrivacyPage<'a> {
    layout: Layout<'a>,
    /// Sanitised HTML from the notice's Markdown, its own first heading included.
    notice: String,
    /// "Version: …"
    version: String,
}

pub async fn show(state: web::Data<AppState>, req: HttpRequest) -> HttpResponse {
    let chosen = chosen_language(&req);
    let t = chosen.locale;
    let notice = &state.settings.privacy_notice;
    let privacy_page = PrivacyPage {
        layout: layout(&state, &req, t, t.text("page-privacy")),
        notice: crate::mail::markdown::to_html(notice.text(t)),
        version: t.text_with(
            "privacy-version",
            &[("version", notice.version.as_str().into())],
        ),
    };
    page(&state, &chosen, StatusCode::OK, &privacy_page)
}
