//! `/healthz`: 200 when the server can read and write its database, 503 when it
//! cannot (unreachable, or reachable but read-only: a full disk, a read-only
//! mount, a PostgreSQL standby), so a load balancer stops sending it writes.

use axum::{extract::State, http::StatusCode, Json};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};
use serde_json::{json, Value};

use crate::startup::AppState;

pub async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    if let Err(error) = state.db.ping().await {
        tracing::warn!(%error, "health check: database unreachable");
        return unavailable("unreachable");
    }
    if let Err(error) = try_a_write(&state.db).await {
        tracing::warn!(%error, "health check: database refuses writes");
        return unavailable("read-only");
    }
    (
        StatusCode::OK,
        Json(json!({ "status": "ok", "database": "reachable" })),
    )
}

/// Starts a write and takes it back: the database must accept one.
async fn try_a_write(db: &DatabaseConnection) -> Result<(), DbErr> {
    let txn = app::store::begin_writing(db).await?;
    txn.execute_unprepared("UPDATE boards SET version = version WHERE 1 = 0")
        .await?;
    txn.rollback().await
}

/// The database's state in a word, never its error (that names hosts and users).
fn unavailable(database: &str) -> (StatusCode, Json<Value>) {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Json(json!({ "status": "unavailable", "database": database })),
    )
}
