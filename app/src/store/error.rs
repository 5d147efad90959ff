//! What can go wrong reading or writing the database, by what it means for the
//! caller. The server-function boundary turns each into the wire error
//! (`From<StoreError> for AppError`), and with it the HTTP status; the words people
//! read for the common cases (stale, raced, missing) are written there, once.

use crate::error::AppError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Nothing stored answers to `what` ("that epic", "team `x`").
    #[error("{what} was not found")]
    NotFound { what: String },
    /// `what` changed since the caller read it (its version moved on).
    #[error("{what} was changed since it was read")]
    Stale { what: String },
    /// Someone else changed `what` between this change's read and its write.
    #[error("{what} was changed by another writer at the same moment")]
    Raced { what: String },
    /// The stored state forbids the change until something else changes first.
    #[error("{detail}")]
    Conflict { detail: String },
    /// The change reaches something the caller may not change (a cascade into
    /// another team's work).
    #[error("not allowed to {}", .0.describe())]
    Forbidden(crate::domain::access::Action),
    /// The change breaks a rule of the data (a layout, a process, a WIP limit):
    /// `detail` is the rule's own sentence; `field` the form field at fault, if any.
    #[error("{detail}")]
    Refused {
        field: Option<&'static str>,
        detail: String,
    },
    /// A machine's well-formed message names something we cannot place.
    #[error("{detail}")]
    Unprocessable { detail: String },
    /// The stored data contradicts itself (a bug or a hand edit, never the caller).
    #[error("stored data is inconsistent: {detail}")]
    Inconsistent { detail: String },
    /// The database failed, or refused the write (a unique key, a gone reference).
    #[error(transparent)]
    Database(#[from] sea_orm::DbErr),
}

impl StoreError {
    pub fn not_found(what: impl Into<String>) -> StoreError {
        StoreError::NotFound { what: what.into() }
    }

    /// A rule broken by the whole change, not one field of it.
    pub fn refused(detail: impl Into<String>) -> StoreError {
        StoreError::Refused {
            field: None,
            detail: detail.into(),
        }
    }
}

impl From<crate::domain::UnknownValue> for StoreError {
    fn from(error: crate::domain::UnknownValue) -> Self {
        StoreError::Inconsistent {
            detail: error.to_string(),
        }
    }
}

impl From<crate::domain::wsjf::OffScale> for StoreError {
    fn from(error: crate::domain::wsjf::OffScale) -> Self {
        StoreError::Inconsistent {
            detail: error.to_string(),
        }
    }
}

impl From<crate::domain::planning::FieldError> for StoreError {
    fn from(error: crate::domain::planning::FieldError) -> Self {
        StoreError::Refused {
            field: Some(error.field),
            detail: error.message,
        }
    }
}

impl From<crate::domain::board::MoveRefused> for StoreError {
    fn from(refused: crate::domain::board::MoveRefused) -> Self {
        StoreError::refused(refused.0)
    }
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound { what } => AppError::NotFound { what },
            StoreError::Stale { what } => AppError::Conflict {
                detail: format!(
                    "{what} was changed by someone else since you loaded it: reload and try again"
                ),
            },
            StoreError::Raced { what } => AppError::Conflict {
                detail: format!(
                    "{what} was changed by someone else at the same moment: reload and try again"
                ),
            },
            StoreError::Conflict { detail } => AppError::Conflict { detail },
            StoreError::Forbidden(action) => AppError::Forbidden {
                action: action.describe().to_owned(),
            },
            StoreError::Refused {
                field: Some(field),
                detail,
            } => AppError::InvalidField {
                field: field.to_owned(),
                detail,
            },
            StoreError::Refused {
                field: None,
                detail,
            } => AppError::Invalid { detail },
            StoreError::Unprocessable { detail } => AppError::Unprocessable { detail },
            StoreError::Inconsistent { detail } => {
                tracing::error!(%detail, "stored data is inconsistent");
                AppError::Inconsistent { detail }
            }
            StoreError::Database(error) => AppError::from(error),
        }
    }
}
