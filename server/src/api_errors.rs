//! The one place a server function's error becomes its HTTP status.
//!
//! Leptos answers every server-function error with 500, whatever it was: a
//! malformed request that never reached the function (a missing or mistyped
//! field), a refusal, or a database failure. The error's JSON names its kind, and
//! [`AppError::status_code`] maps each kind to its status, so this layer sets that
//! status on the way out: 400 for bad input, 409 for a conflict, 503 when the
//! database failed, and so on, for every function whatever path its error took.

use app::error::AppError;
use axum::{
    body::{to_bytes, Body},
    extract::Request,
    http::{header, StatusCode},
    middleware::Next,
    response::Response,
};

/// Errors are small; anything larger is not one of ours.
const ERROR_BODY_MAX: usize = 64 * 1024;

pub async fn status_from_error(request: Request, next: Next) -> Response {
    let server_function =
        request.uri().path().starts_with("/api/") && !request.uri().path().starts_with("/api/v1/");
    let response = next.run(request).await;
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    if !server_function || response.status() != StatusCode::INTERNAL_SERVER_ERROR || !is_json {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, ERROR_BODY_MAX).await else {
        return Response::from_parts(parts, Body::empty());
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status =
            StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    Response::from_parts(parts, Body::from(bytes))
}
