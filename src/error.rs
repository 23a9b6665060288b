//! The one error type of the HTTP layer and its JSON envelope.
//!
//! Handlers and models that serve requests return [`ApiError`]. Anything the client caused is a
//! [`ApiError::Client`] with a status, a stable `code`, a sentence and, where it applies, the
//! path of the offending field. Everything else is [`ApiError::Internal`]: its cause chain is
//! logged once, here, and the client sees an opaque 500. Code below the HTTP layer (CLI, worker)
//! uses `anyhow::Result` with context.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

use crate::domain::FieldError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{message}")]
    Client {
        status: StatusCode,
        code: &'static str,
        message: String,
        field: Option<String>,
    },
    #[error("unexpected failure")]
    Internal(#[source] anyhow::Error),
}

/// The body of every error response.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorEnvelope {
    pub error: ErrorBody,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// Stable snake_case code for programs.
    pub code: String,
    /// A sentence for people.
    pub message: String,
    /// Path of the offending input field, e.g. `contacts[1].email`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl ApiError {
    pub fn client(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self::Client {
            status,
            code,
            message: message.into(),
            field: None,
        }
    }

    /// Attaches the path of the field at fault.
    pub fn at(mut self, path: impl Into<String>) -> Self {
        if let Self::Client { field, .. } = &mut self {
            *field = Some(path.into());
        }
        self
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::client(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn not_found(what: &str) -> Self {
        Self::client(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("No such {what}."),
        )
    }

    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Self::client(StatusCode::CONFLICT, code, message)
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::client(StatusCode::UNAUTHORIZED, "unauthorized", message)
    }

    /// A 422 for a value that failed validation at `path`.
    pub fn invalid(path: impl Into<String>, error: FieldError) -> Self {
        Self::Client {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: error.code,
            message: error.message,
            field: Some(path.into()),
        }
    }

    pub fn internal(error: impl Into<anyhow::Error>) -> Self {
        Self::Internal(error.into())
    }

    pub fn code(&self) -> &str {
        match self {
            Self::Client { code, .. } => code,
            Self::Internal(_) => "internal_error",
        }
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(error: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match error {
            Error::NotFound => Self::not_found("resource"),
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                Self::conflict("conflict", "This conflicts with an existing record.")
            }
            other => Self::internal(other),
        }
    }
}

impl From<diesel::r2d2::PoolError> for ApiError {
    fn from(error: diesel::r2d2::PoolError) -> Self {
        Self::internal(anyhow::Error::new(error).context("no database connection"))
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(error: actix_web::error::BlockingError) -> Self {
        Self::internal(anyhow::anyhow!("{error}").context("blocking task failed"))
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::Client { status, .. } => *status,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let body = match self {
            Self::Client {
                code,
                message,
                field,
                ..
            } => ErrorBody {
                code: (*code).to_owned(),
                message: message.clone(),
                field: field.clone(),
            },
            Self::Internal(cause) => {
                tracing::error!(error = format!("{cause:#}"), "request failed: {cause:?}");
                ErrorBody {
                    code: "internal_error".into(),
                    message: "An unexpected error occurred. It has been logged.".into(),
                    field: None,
                }
            }
        };
        let mut response = HttpResponse::build(self.status_code());
        if self.status_code() == StatusCode::UNAUTHORIZED {
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        response.json(ErrorEnvelope { error: body })
    }
}
