//! Errors: a request field at fault, and what the API answers for each failure.
//!
//! Every error leaves the server as `{"error": {"status": 422, "code": "invalid", "field": "…",
//! "message": "…"}}` with a 4xx status for the client's mistakes and 5xx for ours.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

pub use crate::engine::FieldError;
use crate::engine::Rejection;
use crate::store::StoreError;

/// What a request failed with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ApiError {
    /// Malformed request (bad JSON, wrong types): 400.
    #[error("{0}")]
    BadRequest(FieldError),
    /// Well-formed but invalid request: 422.
    #[error("{0}")]
    Invalid(FieldError),
    /// No token where one is needed, or a token that matches nothing: 401.
    #[error("{0}")]
    Unauthorized(String),
    /// A valid token whose role may not do this: 403.
    #[error("{0}")]
    Forbidden(String),
    /// No such talk or resource: 404.
    #[error("{0}")]
    NotFound(String),
    /// The talk's state forbids the action now: 409.
    #[error("{0}")]
    Conflict(FieldError),
    /// The body is larger than allowed: 413.
    #[error("the request body is larger than {0} bytes")]
    TooLarge(usize),
    /// The store failed: 503.
    #[error("storage unavailable: {0}")]
    Unavailable(String),
    /// A bug or a corrupt record: 500.
    #[error("internal error: {0}")]
    Internal(String),
}

/// The JSON error body.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// Details of an error.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// HTTP status.
    pub status: u16,
    /// Stable machine-readable code.
    pub code: &'static str,
    /// The request field at fault, when one is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// What went wrong, for people.
    pub message: String,
}

impl ApiError {
    /// HTTP status and stable code.
    pub fn status(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            ApiError::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid"),
            ApiError::Unauthorized(_) => (StatusCode::UNAUTHORIZED, "unauthorized"),
            ApiError::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::Conflict(_) => (StatusCode::CONFLICT, "conflict"),
            ApiError::TooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "too_large"),
            ApiError::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }

    fn field(&self) -> Option<String> {
        match self {
            ApiError::BadRequest(f) | ApiError::Invalid(f) | ApiError::Conflict(f) => {
                Some(f.field.clone())
            }
            ApiError::TooLarge(_) => Some("body".into()),
            _ => None,
        }
    }

    fn message(&self) -> String {
        match self {
            ApiError::BadRequest(f) | ApiError::Invalid(f) | ApiError::Conflict(f) => {
                f.message.clone()
            }
            other => other.to_string(),
        }
    }
}

/// Builds the JSON error response for any status.
pub fn error_response(
    status: StatusCode,
    code: &'static str,
    field: Option<String>,
    message: String,
) -> Response {
    let body = ErrorBody {
        error: ErrorDetail {
            status: status.as_u16(),
            code,
            field,
            message,
        },
    };
    (status, axum::Json(body)).into_response()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status();
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        error_response(status, code, self.field(), self.message())
    }
}

impl From<FieldError> for ApiError {
    fn from(e: FieldError) -> Self {
        ApiError::Invalid(e)
    }
}

impl From<Rejection> for ApiError {
    fn from(r: Rejection) -> Self {
        let field = FieldError::new(r.field, r.message);
        if r.conflict {
            ApiError::Conflict(field)
        } else {
            ApiError::Invalid(field)
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict { .. } => {
                ApiError::Conflict(FieldError::new("talk", e.to_string()))
            }
            other => ApiError::Unavailable(other.to_string()),
        }
    }
}
