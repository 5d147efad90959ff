//! Telemetry from machines: `POST /api/v1/metrics/{metric_id}/measurements` with an
//! API token that may record telemetry. The body is one measurement
//! `{"id":"run-42","value":41.5,"measured_at":"2026-11-22T09:30:00Z"}` or a batch
//! `{"measurements":[…]}`; `id` is the sender's own, so a replay is stored once.
//! A batch is all or nothing: one bad measurement refuses it whole (422). A token
//! made for one metric records that metric only (403 for any other).

use axum::{
    body::Bytes,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    Extension, Json,
};
use serde::Deserialize;

use app::domain::access::{decide, Action, Decision};
use app::domain::outcome::check_measurement;
use app::error::AppError;
use app::security::guard::RequestIdentity;
use app::store::measurements::{self, Checked};

use crate::startup::AppState;

/// The largest body accepted; a bigger one is refused with 413 before it is read.
pub const MAX_BODY: usize = 1 << 20;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Measurement {
    #[serde(default)]
    id: Option<String>,
    value: f64,
    measured_at: String,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Payload {
    Batch { measurements: Vec<Measurement> },
    One(Measurement),
}

fn refuse(error: AppError) -> Response {
    let status = StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::BAD_REQUEST);
    (status, Json(error)).into_response()
}

pub async fn measurements(
    State(state): State<AppState>,
    Path(metric_id): Path<String>,
    Extension(identity): Extension<RequestIdentity>,
    body: Bytes,
) -> Response {
    if identity.principal.is_none() {
        return refuse(AppError::SignInRequired);
    }
    let Ok(metric_id) = uuid::Uuid::parse_str(&metric_id) else {
        return refuse(AppError::not_found("that metric"));
    };
    let action = Action::RecordMeasurement { metric: metric_id };
    match decide(identity.principal.as_ref(), action) {
        Decision::Allowed => {}
        Decision::SignInRequired => return refuse(AppError::SignInRequired),
        Decision::Forbidden => {
            return refuse(AppError::Forbidden {
                action: action.describe().into(),
            })
        }
    }
    let payload: Payload = match serde_json::from_slice(&body) {
        Ok(payload) => payload,
        Err(error) => {
            return refuse(AppError::Unprocessable {
                detail: format!(
                    "the body must be a measurement {{\"id\",\"value\",\"measured_at\"}} or {{\"measurements\":[…]}}: {error}"
                ),
            })
        }
    };
    let batch = match payload {
        Payload::Batch { measurements } => measurements,
        Payload::One(one) => vec![one],
    };
    let now = chrono::Utc::now();
    let mut checked = Vec::with_capacity(batch.len());
    for (n, item) in batch.into_iter().enumerate() {
        match check_measurement(item.value, &item.measured_at, now) {
            Ok(at) => checked.push(Checked {
                client_id: item.id,
                value: item.value,
                at,
            }),
            Err(error) => {
                return refuse(AppError::Unprocessable {
                    detail: format!("measurement {}: {error}; nothing was stored", n + 1),
                })
            }
        }
    }
    let source = identity
        .user
        .as_ref()
        .map(|user| format!("token of {}", user.email))
        .unwrap_or_else(|| "token".into());
    let stored = async {
        use sea_orm::TransactionTrait;
        let txn = state.db.begin().await?;
        let recorded = measurements::record(&txn, metric_id, checked, &source, now).await?;
        txn.commit().await?;
        Ok::<_, AppError>(recorded)
    }
    .await;
    match stored {
        Ok(recorded) => (StatusCode::CREATED, Json(recorded)).into_response(),
        Err(error) => refuse(error),
    }
}
