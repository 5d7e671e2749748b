//! Reads a request body as a JSON object, checking in the contract's order: content type
//! (415), size (413), UTF-8 and JSON syntax (400), then that it is an object (400).

use axum::body::Body;
use axum::extract::Request;
use axum::http::HeaderValue;
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde_json::{Map, Value};

use crate::error::ApiError;

/// The largest body accepted: 1 MiB.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// The body of `request` as a JSON object, or the error to answer with.
pub async fn json_object(request: Request) -> Result<Map<String, Value>, ApiError> {
    if !is_json(request.headers().get(CONTENT_TYPE)) {
        return Err(ApiError::UnsupportedMediaType);
    }
    if declared_length(&request).is_some_and(|length| length > MAX_BODY_BYTES) {
        return Err(ApiError::PayloadTooLarge);
    }
    let bytes = read_limited(request.into_body()).await?;
    // serde_json stops at 128 levels of nesting with an error, so deep nesting is a 400 too.
    let text = std::str::from_utf8(&bytes).map_err(|_| ApiError::BadRequest("malformed JSON"))?;
    match serde_json::from_str(text) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(ApiError::BadRequest("body must be a JSON object")),
        Err(_) => Err(ApiError::BadRequest("malformed JSON")),
    }
}

/// `application/json`, with or without parameters such as `; charset=utf-8`.
fn is_json(value: Option<&HeaderValue>) -> bool {
    let Some(Ok(value)) = value.map(|v| v.to_str()) else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case("application/json")
}

/// The `Content-Length` the client announced, when it sent one.
fn declared_length(request: &Request) -> Option<usize> {
    let value = request.headers().get(CONTENT_LENGTH)?;
    value.to_str().ok()?.parse().ok()
}

/// Reads at most [`MAX_BODY_BYTES`]; stops as soon as the body is known to be larger.
async fn read_limited(body: Body) -> Result<axum::body::Bytes, ApiError> {
    match Limited::new(body, MAX_BODY_BYTES).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(error) if error.is::<LengthLimitError>() => Err(ApiError::PayloadTooLarge),
        Err(_) => Err(ApiError::BadRequest("malformed JSON")),
    }
}
