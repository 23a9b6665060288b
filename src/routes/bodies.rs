//! Bodies that several resources share: the token of a link from a mail, and the answer to a
//! request whose next step comes by mail.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The answer to every accepted request whose next step comes by mail (a registration, a
/// subscription), new or repeated alike, so that it tells nobody whether an address was known.
#[derive(Debug, Serialize, ToSchema)]
pub struct Accepted {
    #[schema(example = "accepted")]
    pub status: &'static str,
    pub message: &'static str,
}

impl Accepted {
    /// The one 202 answer: a mail with a confirmation link is on its way.
    pub fn response() -> HttpResponse {
        HttpResponse::build(StatusCode::ACCEPTED).json(Self {
            status: "accepted",
            message: "Please check your inbox: a mail with a confirmation link is on its way.",
        })
    }
}

/// A token from a link in a mail.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenInput {
    #[schema(max_length = 200)]
    pub token: String,
}
