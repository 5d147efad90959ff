//! `/healthz`: 200 when the server can reach its database, 503 when it cannot.

use axum::{extract::State, http::StatusCode, Json};
use serde_json::{json, Value};

use crate::startup::AppState;

pub async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    match state.db.ping().await {
        Ok(()) => (
            StatusCode::OK,
            Json(json!({ "status": "ok", "database": "reachable" })),
        ),
        Err(error) => {
            tracing::warn!(%error, "health check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "unavailable", "database": error.to_string() })),
            )
        }
    }
}
