//! The one error type of the server-function boundary: each variant maps to an HTTP
//! status and reads as a sentence a person can act on.

use leptos::server_fn::{codec::JsonEncoding, error::FromServerFnError, error::ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// Sent as JSON tagged by `error`, with the sentence to show in `message`, e.g.
/// `{"error":"not_found","message":"team `x` was not found","what":"team `x`"}`.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Deserialize)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum AppError {
    #[error("sign in to continue")]
    SignInRequired,
    #[error("the email or password is wrong")]
    WrongCredentials,
    #[error("you may not {action}")]
    Forbidden { action: String },
    #[error("{reason}")]
    TooManyAttempts { reason: String },
    #[error("{detail}")]
    Invalid { detail: String },
    /// One form field is wrong; the form shows `detail` next to `field`.
    #[error("{detail}")]
    InvalidField { field: String, detail: String },
    #[error("{detail}")]
    Conflict { detail: String },
    /// Well-formed, but the content breaks a rule (a machine's payload).
    #[error("{detail}")]
    Unprocessable { detail: String },
    #[error("{what} was not found")]
    NotFound { what: String },
    #[error("the database could not be reached or read: {detail}")]
    Database { detail: String },
    #[error("stored data is inconsistent: {detail}")]
    Inconsistent { detail: String },
    #[error("the request could not be completed: {detail}")]
    Request { detail: String },
}

impl AppError {
    /// The `error` tag of the JSON form.
    pub fn kind(&self) -> &'static str {
        match self {
            AppError::SignInRequired => "sign_in_required",
            AppError::WrongCredentials => "wrong_credentials",
            AppError::Forbidden { .. } => "forbidden",
            AppError::TooManyAttempts { .. } => "too_many_attempts",
            AppError::Invalid { .. } => "invalid",
            AppError::InvalidField { .. } => "invalid_field",
            AppError::Conflict { .. } => "conflict",
            AppError::Unprocessable { .. } => "unprocessable",
            AppError::NotFound { .. } => "not_found",
            AppError::Database { .. } => "database",
            AppError::Inconsistent { .. } => "inconsistent",
            AppError::Request { .. } => "request",
        }
    }

    /// The variant's own field, as (name, value).
    fn field(&self) -> Option<(&'static str, &str)> {
        match self {
            AppError::SignInRequired | AppError::WrongCredentials => None,
            AppError::Forbidden { action } => Some(("action", action)),
            AppError::TooManyAttempts { reason } => Some(("reason", reason)),
            AppError::NotFound { what } => Some(("what", what)),
            AppError::Invalid { detail }
            | AppError::InvalidField { detail, .. }
            | AppError::Conflict { detail }
            | AppError::Unprocessable { detail }
            | AppError::Database { detail }
            | AppError::Inconsistent { detail }
            | AppError::Request { detail } => Some(("detail", detail)),
        }
    }

    pub fn not_found(what: impl Into<String>) -> Self {
        AppError::NotFound { what: what.into() }
    }

    pub fn status_code(&self) -> u16 {
        match self {
            AppError::SignInRequired | AppError::WrongCredentials => 401,
            AppError::Forbidden { .. } => 403,
            AppError::TooManyAttempts { .. } => 429,
            AppError::Invalid { .. } | AppError::InvalidField { .. } => 400,
            AppError::Conflict { .. } => 409,
            AppError::Unprocessable { .. } => 422,
            AppError::NotFound { .. } => 404,
            AppError::Request { .. } => 400,
            AppError::Database { .. } => 503,
            AppError::Inconsistent { .. } => 500,
        }
    }

    /// Sets this error's status on the page being rendered on the server. Called
    /// where a page shows its errors (`ErrorList`), so every page that fails
    /// answers with the failure's status; a server function's own response gets
    /// its status from the error it answers, in the server's error layer.
    #[cfg(feature = "ssr")]
    pub fn set_page_status(&self) {
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            if let Ok(status) = http::StatusCode::from_u16(self.status_code()) {
                response.set_status(status);
            }
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Request {
            detail: value.to_string(),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    /// The one mapping of database failures, on every path: a write that collides
    /// with another (a unique key taken, a row it refers to gone meanwhile) is a
    /// conflict, 409; anything else is the database failing, 503. The details go
    /// to the log, never to the client: they name tables and hosts.
    fn from(error: sea_orm::DbErr) -> Self {
        use sea_orm::SqlErr;
        match error.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(detail)) => {
                tracing::info!(%detail, "write refused: already exists");
                AppError::Conflict {
                    detail: "that already exists (someone may have just made it): reload to see it"
                        .into(),
                }
            }
            Some(SqlErr::ForeignKeyConstraintViolation(detail)) => {
                tracing::info!(%detail, "write refused: refers to something gone");
                AppError::Conflict {
                    detail: "something this refers to was changed or deleted meanwhile: reload and try again"
                        .into(),
                }
            }
            _ => {
                tracing::error!(%error, "database error");
                AppError::Database {
                    detail: "please try again shortly".into(),
                }
            }
        }
    }
}

impl From<crate::domain::UnknownValue> for AppError {
    fn from(error: crate::domain::UnknownValue) -> Self {
        AppError::Inconsistent {
            detail: error.to_string(),
        }
    }
}

impl From<crate::domain::wsjf::OffScale> for AppError {
    fn from(error: crate::domain::wsjf::OffScale) -> Self {
        AppError::Inconsistent {
            detail: error.to_string(),
        }
    }
}

impl From<crate::domain::planning::FieldError> for AppError {
    fn from(error: crate::domain::planning::FieldError) -> Self {
        AppError::InvalidField {
            field: error.field.to_owned(),
            detail: error.message,
        }
    }
}

impl From<crate::domain::account::CredentialError> for AppError {
    fn from(error: crate::domain::account::CredentialError) -> Self {
        AppError::Invalid {
            detail: error.to_string(),
        }
    }
}

impl Serialize for AppError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("error", self.kind())?;
        map.serialize_entry("message", &self.to_string())?;
        if let Some((name, value)) = self.field() {
            map.serialize_entry(name, value)?;
        }
        if let AppError::InvalidField { field, .. } = self {
            map.serialize_entry("field", field)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_carry_their_message_and_survive_the_round_trip() {
        let cases = [
            AppError::SignInRequired,
            AppError::not_found("team `x`"),
            AppError::Forbidden {
                action: "change epics".into(),
            },
            AppError::TooManyAttempts {
                reason: "wait 2 s".into(),
            },
            AppError::InvalidField {
                field: "title".into(),
                detail: "a title is required".into(),
            },
        ];
        for error in cases {
            let json = serde_json::to_value(&error).unwrap();
            assert_eq!(json["error"], error.kind());
            assert_eq!(json["message"], error.to_string());
            let back: AppError = serde_json::from_value(json).unwrap();
            assert_eq!(back, error);
        }
    }

    #[test]
    fn each_kind_of_failure_has_its_own_status() {
        let cases = [
            (AppError::SignInRequired, 401),
            (AppError::WrongCredentials, 401),
            (AppError::Forbidden { action: "x".into() }, 403),
            (AppError::not_found("x"), 404),
            (AppError::Conflict { detail: "x".into() }, 409),
            (AppError::Unprocessable { detail: "x".into() }, 422),
            (AppError::TooManyAttempts { reason: "x".into() }, 429),
            (AppError::Invalid { detail: "x".into() }, 400),
        ];
        for (error, status) in cases {
            assert_eq!(error.status_code(), status, "{error:?}");
        }
    }
}
