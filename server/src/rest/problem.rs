//! Every refusal of the public API as RFC 9457 problem details
//! (`application/problem+json`): `type` names the kind of problem, `title` says
//! it in general, `detail` says it for this request, and `field` names the
//! input at fault when one is. `error` repeats the kind as the browser's API
//! tags its errors, so clients of both read one word.

use app::error::AppError;
use axum::{
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use serde::Serialize;
use utoipa::{IntoResponses, ToSchema};

pub const CONTENT_TYPE: &str = "application/problem+json";

/// What went wrong with a request; answered as [`ProblemDetails`].
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub status: StatusCode,
    /// The kind of problem as one word (`not_found`, `invalid_field`, …).
    pub error: &'static str,
    /// This request's problem, in a sentence a person can act on.
    pub detail: String,
    /// The input at fault: a body field, a query parameter or a header.
    pub field: Option<String>,
    /// Seconds to wait before retrying (429 only).
    pub retry_after: Option<u64>,
}

/// A problem as it is sent.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Problem)]
pub struct ProblemDetails {
    /// `urn:throughline:problem:<error>`.
    #[serde(rename = "type")]
    kind_uri: String,
    /// The kind of problem, the same for every request that has it.
    title: &'static str,
    /// The HTTP status, repeated.
    status: u16,
    /// This request's problem, in a sentence a person can act on.
    detail: String,
    /// The kind of problem as one word (`not_found`, `invalid_field`, …).
    error: &'static str,
    /// The input at fault: a body field, a query parameter or a header.
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<String>,
    /// Seconds to wait before retrying (429 only).
    #[serde(skip_serializing_if = "Option::is_none")]
    retry_after: Option<u64>,
}

impl Problem {
    pub fn new(status: StatusCode, error: &'static str, detail: impl Into<String>) -> Problem {
        Problem {
            status,
            error,
            detail: detail.into(),
            field: None,
            retry_after: None,
        }
    }

    /// A bad value of `field` (a query parameter, body field or header).
    pub fn invalid(field: &str, detail: impl Into<String>) -> Problem {
        Problem {
            field: Some(field.to_owned()),
            ..Problem::new(StatusCode::BAD_REQUEST, "invalid_field", detail)
        }
    }

    fn details(self) -> ProblemDetails {
        ProblemDetails {
            kind_uri: format!("urn:throughline:problem:{}", self.error),
            title: self.status.canonical_reason().unwrap_or("Error"),
            status: self.status.as_u16(),
            detail: self.detail,
            error: self.error,
            field: self.field,
            retry_after: self.retry_after,
        }
    }
}

impl From<AppError> for Problem {
    fn from(error: AppError) -> Problem {
        let status =
            StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let field = match &error {
            AppError::InvalidField { field, .. } => Some(field.clone()),
            _ => None,
        };
        let retry_after = match &error {
            AppError::TooManyAttempts { .. } => Some(1),
            _ => None,
        };
        Problem {
            field,
            retry_after,
            ..Problem::new(status, error.kind(), error.to_string())
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let (status, retry_after) = (self.status, self.retry_after);
        let body = serde_json::to_vec(&self.details()).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE));
        if let Some(seconds) = retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

// The two enums below describe responses for the OpenAPI document, which lists
// each of them on the operations that can answer it; handlers answer `Problem`s.

/// The refusals any operation may answer.
#[allow(dead_code)]
#[derive(IntoResponses)]
pub enum CallRefusals {
    /// No token, or an unknown or revoked one.
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(ProblemDetails),
    /// The token's capabilities or its owner's rights do not reach this.
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(ProblemDetails),
    /// Over the token's rate limit: retry after `Retry-After` seconds.
    #[response(status = 429, content_type = "application/problem+json",
        headers(("Retry-After" = u64, description = "Seconds until a request will be taken")))]
    TooManyRequests(ProblemDetails),
}

/// The refusals of a change to an existing item.
#[allow(dead_code)]
#[derive(IntoResponses)]
pub enum ChangeRefusals {
    /// A field, parameter or header breaks a rule (named in `field`).
    #[response(status = 400, content_type = "application/problem+json")]
    Invalid(ProblemDetails),
    /// No such item (or, for a move, column).
    #[response(status = 404, content_type = "application/problem+json")]
    NotFound(ProblemDetails),
    /// A hard WIP limit is full, a reason is needed (`field`: reason), it has
    /// children to decide on, or someone else changed it at the same moment.
    #[response(status = 409, content_type = "application/problem+json")]
    Conflict(ProblemDetails),
    /// The item has changed since the version `If-Match` names.
    #[response(status = 412, content_type = "application/problem+json")]
    PreconditionFailed(ProblemDetails),
    /// No `If-Match`.
    #[response(status = 428, content_type = "application/problem+json")]
    PreconditionRequired(ProblemDetails),
}

/// The response refusing a request of the public API with `error`.
pub fn refuse(error: AppError) -> Response {
    Problem::from(error).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_app_error_keeps_its_status_kind_sentence_and_field() {
        let problem = Problem::from(AppError::InvalidField {
            field: "title".into(),
            detail: "a title is required".into(),
        });
        let json = serde_json::to_value(problem.details()).unwrap();
        assert_eq!(json["type"], "urn:throughline:problem:invalid_field");
        assert_eq!(json["title"], "Bad Request");
        assert_eq!(json["status"], 400);
        assert_eq!(json["detail"], "a title is required");
        assert_eq!(json["error"], "invalid_field");
        assert_eq!(json["field"], "title");
        assert!(json.get("retry_after").is_none());
    }

    #[test]
    fn the_answer_is_typed_as_problem_details_with_the_error_s_status() {
        let response = refuse(AppError::not_found("that item"));
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert_eq!(response.headers()[header::CONTENT_TYPE], CONTENT_TYPE);
    }
}
