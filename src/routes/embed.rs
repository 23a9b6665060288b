//! Embedding: an agency shows the registration and newsletter forms inside its own site (a
//! CMS page) in an `<iframe>` whose address carries `?embed=1`.
//!
//! Only where `DIALOGO_FRAME_ANCESTORS` names sites, and only on [`EMBEDDABLE`] pages asked
//! for with `embed=1`, is a page framed: its layout leaves out the site's header and footer
//! (the CMS has its own), its policy names those sites in `frame-ancestors` instead of
//! `'none'`, and it carries no `X-Frame-Options`. Every other page, and every page while the
//! setting is empty, keeps refusing every frame, so that no one can lay a page of dialogo
//! under something a visitor clicks (clickjacking).
//!
//! A framed page keeps `embed=1` wherever it leads within the frame: its form posts to its
//! own address (the forms have no `action`), a sent form's redirect carries it on, and a form
//! shown again with its refusals is answered at the address it was posted to. Links that
//! leave the form (the privacy notice, the event) open a new tab, saying so. The form token
//! travels in a cookie of its own there (see [`crate::routes::csrf`]).

use actix_web::http::header::LOCATION;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::i18n::Locale;
use crate::state::AppState;

/// The route patterns of the pages that may be framed: the forms and where they lead.
pub const EMBEDDABLE: [&str; 4] = [
    "/events/{slug}/register",
    "/events/{slug}/register/sent",
    "/newsletter",
    "/newsletter/sent",
];

/// The query parameter that asks for the framed layout, and its value.
const PARAMETER: (&str, &str) = ("embed", "1");

/// Whether `req` is to be answered as a framed page: the setting names sites, the page is one
/// of [`EMBEDDABLE`] and `embed=1` asks for it.
pub fn requested(req: &HttpRequest) -> bool {
    allowed_ancestors(req).is_some()
}

/// The CSP source list of the sites that may frame the answer to `req`, if it is a framed page.
pub fn allowed_ancestors(req: &HttpRequest) -> Option<String> {
    let state = req.app_data::<web::Data<AppState>>()?;
    let ancestors = &state.settings.frame_ancestors;
    let asked = url::form_urlencoded::parse(req.query_string().as_bytes())
        .any(|(key, value)| key == PARAMETER.0 && value == PARAMETER.1);
    // The pattern last: matching it walks the routes.
    let embeddable = || {
        req.match_pattern()
            .is_some_and(|pattern| EMBEDDABLE.contains(&pattern.as_str()))
    };
    (!ancestors.is_empty() && asked && embeddable()).then(|| ancestors.source_list())
}

/// The answer to a sent form (303) that leads to `path` in `t`, framed still where `req` was.
pub fn see_sent_page(req: &HttpRequest, path: &str, t: Locale) -> HttpResponse {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    query.append_pair("lang", t.code());
    if requested(req) {
        query.append_pair(PARAMETER.0, PARAMETER.1);
    }
    HttpResponse::SeeOther()
        .insert_header((LOCATION, format!("{path}?{}", query.finish())))
        .finish()
}
