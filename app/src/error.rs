//! The one error type of the server-function boundary: each variant maps to an HTTP
//! status and reads as a sentence a person can act on.

use leptos::server_fn::{codec::JsonEncoding, error::FromServerFnError, error::ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// Sent as JSON tagged by `error`, e.g. `{"error":"not_found","what":"team `x`"}`.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum AppError {
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
    pub fn not_found(what: impl Into<String>) -> Self {
        AppError::NotFound { what: what.into() }
    }

    pub fn status_code(&self) -> u16 {
        match self {
            AppError::NotFound { .. } => 404,
            AppError::Request { .. } => 400,
            AppError::Database { .. } => 503,
            AppError::Inconsistent { .. } => 500,
        }
    }

    /// Sets this error's status on the response being built (the page during
    /// server rendering, or the server function's own response).
    #[cfg(feature = "ssr")]
    pub fn answer(self) -> Self {
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            if let Ok(status) = http::StatusCode::from_u16(self.status_code()) {
                response.set_status(status);
            }
        }
        self
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
    fn from(error: sea_orm::DbErr) -> Self {
        tracing::error!(%error, "database error");
        AppError::Database {
            detail: error.to_string(),
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
