//! Database reads and writes behind the server functions (server only).

pub mod api_tokens;
pub mod audit;
pub mod boards;
pub mod columns;
pub mod dashboard;
pub mod delivery;
pub mod detail;
mod editable;
mod error;
pub mod events;
pub mod flow;
pub mod items;
mod lineage;
pub mod links;
pub mod measurements;
pub mod metrics;
pub mod my_work;
pub mod planning;
pub mod presence;
mod rollup;
pub mod sessions;
pub mod setup;
pub mod sign_in_failures;
pub mod strategy;
pub mod users;
pub mod vision;
pub mod wip;

pub use error::{Named, Refusal, StoreError};

use sea_orm::DatabaseConnection;

use crate::error::AppError;

/// The connection the server put in context for this request.
pub fn connection() -> Result<DatabaseConnection, AppError> {
    leptos::prelude::use_context::<DatabaseConnection>().ok_or_else(|| AppError::Database {
        detail: "no database connection in this request".into(),
    })
}

/// The hub that wakes this process's board event streams.
pub fn event_hub() -> Result<events::EventHub, AppError> {
    leptos::prelude::use_context::<events::EventHub>().ok_or_else(|| AppError::Database {
        detail: "no event hub in this request".into(),
    })
}

/// A transaction that is the database's writer from its first statement: SQLite
/// starts it with `BEGIN IMMEDIATE`, so a read in it can never be followed by a
/// write that fails to upgrade; PostgreSQL starts it as usual (its writers lock
/// rows or tables themselves).
pub async fn begin_writing(
    db: &DatabaseConnection,
) -> Result<sea_orm::DatabaseTransaction, sea_orm::DbErr> {
    use sea_orm::{SqliteTransactionMode, TransactionOptions, TransactionTrait};
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    })
    .await
}

/// An id from a request; an unparsable one names nothing, so it is a 404.
pub fn parse_id(id: &str, what: &str) -> Result<uuid::Uuid, AppError> {
    uuid::Uuid::parse_str(id).map_err(|_| AppError::not_found(what))
}
