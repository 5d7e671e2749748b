//! The API's error responses: a status and `{"error": "..."}`, plus `fields` for a 422.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

/// Every way a request can fail. The texts are fixed by the API contract.
#[derive(Debug)]
pub enum ApiError {
    /// 400: the body is not JSON (`malformed JSON`) or not an object.
    BadRequest(&'static str),
    /// 404: no route, or no record with this id.
    NotFound,
    /// 405: the path exists but not with this method.
    MethodNotAllowed,
    /// 413: the body is larger than [`crate::body::MAX_BODY_BYTES`].
    PayloadTooLarge,
    /// 415: a POST or PUT without `Content-Type: application/json`.
    UnsupportedMediaType,
    /// 422: each failing field with a short message.
    Validation(Map<String, Value>),
    /// 500: the details go to the server log, never to the client.
    Internal,
}

impl ApiError {
    fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn message(&self) -> &'static str {
        match self {
            Self::BadRequest(message) => message,
            Self::NotFound => "not found",
            Self::MethodNotAllowed => "method not allowed",
            Self::PayloadTooLarge => "body too large",
            Self::UnsupportedMediaType => "content type must be application/json",
            Self::Validation(_) => "validation failed",
            Self::Internal => "internal error",
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = match &self {
            Self::Validation(fields) => json!({ "error": self.message(), "fields": fields }),
            _ => json!({ "error": self.message() }),
        };
        (status, Json(body)).into_response()
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> Self {
        eprintln!("database error: {error}");
        Self::Internal
    }
}
