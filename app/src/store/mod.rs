//! Database reads and writes behind the server functions (server only).

pub mod api_tokens;
pub mod audit;
pub mod boards;
mod by_ids;
mod card_rows;
pub mod columns;
pub mod dashboard;
pub mod data_version;
pub mod delivery;
pub mod dependencies;
pub mod detail;
mod editable;
mod error;
pub mod events;
pub mod flow;
pub mod forecast;
pub mod import;
pub mod import_uploads;
pub mod item_query;
pub mod items;
mod json_list;
mod lineage;
pub mod links;
pub mod measurements;
pub mod metrics;
pub mod my_work;
pub mod planning;
pub mod presence;
pub mod roadmap;
mod rollup;
pub mod sessions;
pub mod setup;
pub mod sign_in_failures;
pub mod strategy;
pub mod users;
pub mod vision;
pub mod webhooks;
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

/// Starts a transaction that is the database's writer from its first statement:
/// SQLite starts it with `BEGIN IMMEDIATE`, so a read in it can never be followed
/// by a write that fails to upgrade; PostgreSQL starts it as usual (its writers
/// lock rows or tables themselves).
///
/// On SQLite the process's writers first take turns, first come first served, and
/// each keeps its turn until its transaction ends. SQLite's own wait for its lock
/// polls, sleeping up to 100 ms between tries: under a steady stream of writes
/// (sixteen clients moving cards on a board of 5,000) a waiting writer lost every
/// try until its busy timeout ran out and the move failed.
pub async fn begin_writing(db: &DatabaseConnection) -> Result<Writing, sea_orm::DbErr> {
    use sea_orm::{SqliteTransactionMode, TransactionOptions, TransactionTrait};
    let turn = match writers_turns(db) {
        Some(turns) => Some(turns.lock_owned().await),
        None => None,
    };
    let txn = db
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..TransactionOptions::default()
        })
        .await?;
    Ok(Writing { txn, _turn: turn })
}

/// The queue of this process's writers to a SQLite file (a file has one writer
/// at a time, whichever connection it comes through).
fn writers_turns(db: &DatabaseConnection) -> Option<std::sync::Arc<tokio::sync::Mutex<()>>> {
    use std::collections::HashMap;
    use std::sync::{Arc, LazyLock, Mutex};
    type Turns = Mutex<HashMap<std::path::PathBuf, Arc<tokio::sync::Mutex<()>>>>;
    static TURNS: LazyLock<Turns> = LazyLock::new(Turns::default);
    if db.get_database_backend() != sea_orm::DbBackend::Sqlite {
        return None;
    }
    let file = db
        .get_sqlite_connection_pool()
        .connect_options()
        .get_filename()
        .to_owned();
    let mut turns = TURNS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    Some(turns.entry(file).or_default().clone())
}

/// A writing transaction (see [`begin_writing`]), used like any connection.
pub struct Writing {
    txn: sea_orm::DatabaseTransaction,
    /// Dropped after the transaction: the next writer's turn starts when this one
    /// has committed or rolled back.
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl Writing {
    pub async fn commit(self) -> Result<(), sea_orm::DbErr> {
        self.txn.commit().await
    }

    pub async fn rollback(self) -> Result<(), sea_orm::DbErr> {
        self.txn.rollback().await
    }
}

#[async_trait::async_trait]
impl sea_orm::ConnectionTrait for Writing {
    fn get_database_backend(&self) -> sea_orm::DbBackend {
        self.txn.get_database_backend()
    }

    async fn execute_raw(
        &self,
        stmt: sea_orm::Statement,
    ) -> Result<sea_orm::ExecResult, sea_orm::DbErr> {
        self.txn.execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<sea_orm::ExecResult, sea_orm::DbErr> {
        self.txn.execute_unprepared(sql).await
    }

    async fn query_one_raw(
        &self,
        stmt: sea_orm::Statement,
    ) -> Result<Option<sea_orm::QueryResult>, sea_orm::DbErr> {
        self.txn.query_one_raw(stmt).await
    }

    async fn query_all_raw(
        &self,
        stmt: sea_orm::Statement,
    ) -> Result<Vec<sea_orm::QueryResult>, sea_orm::DbErr> {
        self.txn.query_all_raw(stmt).await
    }

    fn support_returning(&self) -> bool {
        self.txn.support_returning()
    }
}

/// An id from a request; an unparsable one names nothing, so it is a 404.
pub fn parse_id(id: &str, what: &str) -> Result<uuid::Uuid, AppError> {
    uuid::Uuid::parse_str(id).map_err(|_| AppError::not_found(what))
}
