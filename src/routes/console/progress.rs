//! A long action followed on its page while it runs — a newsletter issue going out,
//! subscribers being invited — drawn by `templates/console/progress.html` and updated by
//! `assets/progress.js` from the action's progress endpoint, which answers [`Progress`] as
//! JSON; without JavaScript the page has a link that reloads it.

use actix_web::HttpResponse;
use actix_web::http::header::CACHE_CONTROL;
use serde::Serialize;

/// Where a long action stands, as its page shows it and its endpoint answers it.
#[derive(Debug, Serialize)]
pub struct Progress {
    pub status: &'static str,
    pub status_text: String,
    /// Done of all, 0–100.
    pub percent: i64,
    /// The counts, in words.
    pub text: String,
    /// Whether the numbers still change (the page follows them then).
    pub running: bool,
}

/// [`Progress`] with what its page needs to draw and follow it.
pub struct Followed {
    pub progress: Progress,
    /// The progress endpoint.
    pub url: String,
    /// What the bar measures.
    pub label: String,
    /// The page itself, and the text of the link reloading it.
    pub refresh: String,
    pub refresh_text: String,
}

impl std::ops::Deref for Followed {
    type Target = Progress;

    fn deref(&self) -> &Progress {
        &self.progress
    }
}

/// `done` of `total` as a whole percentage (0 of 0 is 100 when `finished`).
pub fn percent(done: i64, total: i64, finished: bool) -> i64 {
    match total {
        0 if finished => 100,
        0 => 0,
        total => (done * 100 / total).clamp(0, 100),
    }
}

/// The endpoint's answer: `progress` as JSON, kept by no cache.
pub fn answer(progress: &Progress) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((CACHE_CONTROL, "no-store"))
        .json(progress)
}
