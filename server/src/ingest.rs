//! Telemetry from machines, with an API token that may record telemetry. Each
//! endpoint takes one item or a batch; each item carries the sender's own `id`, so
//! a replay is stored once; a batch is all or nothing (one bad item refuses it
//! whole with 422, naming which and why).
//!
//! - `POST /api/v1/metrics/{metric_id}/measurements`:
//!   `{"id":"run-42","value":41.5,"measured_at":"2026-11-22T09:30:00Z"}` or
//!   `{"measurements":[…]}`. A token made for one metric records that metric only.
//! - `POST /api/v1/deployments`: `{"id","service","team","environment","deployed_at",
//!   "status":"success"|"failure","commits":[{"sha","committed_at"}]}` or
//!   `{"deployments":[…]}`. The environment is matched in any case, aliases
//!   included (`prod` is production); one that matches none is stored as sent and
//!   named in the answer's `unknown_environments`.
//! - `POST /api/v1/incidents`: `{"id","service","team"?,"started_at","ended_at"?,
//!   "caused_by"?}` or `{"incidents":[…]}`; `caused_by` names a deployment already
//!   sent (422 otherwise).

use axum::{
    body::Bytes,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    Extension, Json,
};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use app::domain::access::Action;
use app::domain::dora::{
    check_deployment, check_incident, environment, parse_time, DeploymentStatus,
};
use app::domain::outcome::check_measurement;
use app::domain::text::{check, Lines, MACHINE_TEXT_MAX};
use app::error::AppError;
use app::security::guard::RequestIdentity;
use app::store::delivery::{self, CheckedDeployment, CheckedIncident};
use app::store::measurements::{self, Checked, Recorded};

use crate::rest::problem::{refuse, CallRefusals, ProblemDetails, CONTENT_TYPE as PROBLEM};
use crate::security::authorize;
use crate::startup::AppState;

/// The largest body accepted; a bigger one is refused with 413 before it is read.
pub const MAX_BODY: usize = 1 << 20;

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Measurement {
    #[serde(default)]
    id: Option<String>,
    value: f64,
    measured_at: String,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Commit {
    sha: String,
    committed_at: String,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Deployment {
    id: String,
    service: String,
    team: String,
    environment: String,
    deployed_at: String,
    status: String,
    #[serde(default)]
    commits: Vec<Commit>,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Incident {
    id: String,
    service: String,
    #[serde(default)]
    team: Option<String>,
    started_at: String,
    #[serde(default)]
    ended_at: Option<String>,
    #[serde(default)]
    caused_by: Option<String>,
}

/// One item, or a batch under `key`.
#[derive(Deserialize)]
#[serde(untagged)]
enum Payload<T> {
    Batch(std::collections::HashMap<String, Vec<T>>),
    One(T),
}

/// The items of a body holding one item or `{"<key>":[…]}`.
fn items<T: DeserializeOwned>(body: &Bytes, key: &str, shape: &str) -> Result<Vec<T>, AppError> {
    let unprocessable = |why: String| AppError::Unprocessable {
        detail: format!("the body must be {shape} or {{\"{key}\":[…]}}: {why}"),
    };
    match serde_json::from_slice::<Payload<T>>(body) {
        Ok(Payload::One(one)) => Ok(vec![one]),
        Ok(Payload::Batch(mut batch)) if batch.len() == 1 => batch
            .remove(key)
            .ok_or_else(|| unprocessable(format!("no “{key}” list"))),
        Ok(Payload::Batch(_)) => Err(unprocessable(format!("only “{key}” is expected"))),
        Err(error) => Err(unprocessable(error.to_string())),
    }
}

/// Checks every item; the first bad one refuses the batch, named by its position
/// ("measurement 2: …").
fn check_all<T, C>(
    batch: Vec<T>,
    noun: &str,
    check: impl Fn(T) -> Result<C, String>,
) -> Result<Vec<C>, AppError> {
    batch
        .into_iter()
        .enumerate()
        .map(|(n, item)| {
            check(item).map_err(|why| AppError::Unprocessable {
                detail: format!("{noun} {}: {why}; nothing was stored", n + 1),
            })
        })
        .collect()
}

/// A string a machine sent for `field`, if it meets the text rules (one line, at
/// most [`MACHINE_TEXT_MAX`] characters).
fn machine_text(field: &str, value: String) -> Result<String, String> {
    check(&value, MACHINE_TEXT_MAX, Lines::One).map_err(|error| format!("{field}: {error}"))?;
    Ok(value)
}

/// Who sent it, for the stored rows.
fn source(identity: &RequestIdentity) -> measurements::Source {
    measurements::Source {
        label: identity
            .user
            .as_ref()
            .map(|user| format!("token of {}", user.email))
            .unwrap_or_else(|| "token".into()),
        user: identity.principal.as_ref().map(|p| p.user_id),
    }
}

/// Runs `store` in one transaction and answers 201 with what it recorded.
async fn store_all<F>(state: &AppState, store: F) -> Response
where
    F: AsyncFnOnce(&app::store::Writing) -> Result<Recorded, AppError>,
{
    let stored = async {
        let txn = app::store::begin_writing(&state.db).await?;
        let recorded = store(&txn).await?;
        txn.commit().await?;
        Ok::<_, AppError>(recorded)
    }
    .await;
    match stored {
        Ok(recorded) => (StatusCode::CREATED, Json(recorded)).into_response(),
        Err(error) => refuse(error),
    }
}

/// Record measurements of an outcome metric: one, or `{"measurements":[…]}`, all
/// or nothing; an item whose `id` was sent before is stored once.
#[utoipa::path(
    post, path = "/metrics/{metric_id}/measurements", tag = "telemetry",
    params(("metric_id" = Uuid, Path, description = "The outcome metric")),
    request_body(content = Measurement, description = "One measurement, or `{\"measurements\":[…]}`"),
    responses(
        (status = 201, description = "Recorded (and which were replays)"),
        (status = 404, description = "No such metric", body = ProblemDetails, content_type = PROBLEM),
        (status = 413, description = "The body is over 1 MiB"),
        (status = 422, description = "An item breaks a rule (named by its position); nothing was stored", body = ProblemDetails, content_type = PROBLEM),
        CallRefusals,
    )
)]
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
    if let Err(refusal) = authorize(&identity, Action::RecordMeasurement { metric: metric_id }) {
        return refuse(refusal);
    }
    let shape = "a measurement {\"id\",\"value\",\"measured_at\"}";
    let now = chrono::Utc::now();
    let checked = items::<Measurement>(&body, "measurements", shape).and_then(|batch| {
        check_all(batch, "measurement", |item| {
            let at =
                check_measurement(item.value, &item.measured_at, now).map_err(|e| e.to_string())?;
            Ok(Checked {
                client_id: item.id.map(|id| machine_text("id", id)).transpose()?,
                value: item.value,
                at,
            })
        })
    });
    let checked = match checked {
        Ok(checked) => checked,
        Err(refusal) => return refuse(refusal),
    };
    let source = source(&identity);
    let (db, events) = (state.db.clone(), state.events.clone());
    let answer = store_all(&state, async move |txn| {
        Ok(measurements::record(txn, metric_id, checked, &source, now).await?)
    })
    .await;
    if answer.status().is_success() {
        app::api::news::metric_changed(&db, &events, metric_id).await;
    }
    answer
}

/// Record deployments: one, or `{"deployments":[…]}`, all or nothing.
#[utoipa::path(
    post, path = "/deployments", tag = "telemetry",
    request_body(content = Deployment, description = "One deployment, or `{\"deployments\":[…]}`"),
    responses(
        (status = 201, description = "Recorded, with any environment not recognised"),
        (status = 413, description = "The body is over 1 MiB"),
        (status = 422, description = "An item breaks a rule (named by its position); nothing was stored", body = ProblemDetails, content_type = PROBLEM),
        CallRefusals,
    )
)]
pub async fn deployments(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    body: Bytes,
) -> Response {
    if let Err(refusal) = authorize(&identity, Action::RecordTelemetry) {
        return refuse(refusal);
    }
    let shape = "a deployment {\"id\",\"service\",\"team\",\"environment\",\"deployed_at\",\"status\",\"commits\"}";
    let now = chrono::Utc::now();
    let checked = items::<Deployment>(&body, "deployments", shape).and_then(|batch| {
        check_all(batch, "deployment", |item| {
            let at = parse_time("deployed_at", &item.deployed_at, now)?;
            let status: DeploymentStatus = item.status.parse().map_err(|e| format!("{e}"))?;
            let commits = item
                .commits
                .into_iter()
                .map(|c| {
                    Ok((
                        machine_text("sha", c.sha)?,
                        parse_time("committed_at", &c.committed_at, now)?,
                    ))
                })
                .collect::<Result<Vec<_>, String>>()?;
            let times: Vec<_> = commits.iter().map(|(_, at)| *at).collect();
            check_deployment(at, &times)?;
            Ok(CheckedDeployment {
                client_id: machine_text("id", item.id)?,
                service: machine_text("service", item.service)?,
                team: machine_text("team", item.team)?,
                environment: match environment(&machine_text("environment", item.environment)?) {
                    Ok(known) => known.to_owned(),
                    Err(as_sent) => as_sent,
                },
                at,
                status,
                commits,
            })
        })
    });
    match checked {
        Ok(checked) => {
            store_all(&state, async move |txn| {
                let may_record =
                    |team| authorize(&identity, Action::RecordDelivery { team }).is_ok();
                Ok(delivery::record_deployments(txn, checked, may_record, now).await?)
            })
            .await
        }
        Err(refusal) => refuse(refusal),
    }
}

/// Record incidents: one, or `{"incidents":[…]}`, all or nothing.
#[utoipa::path(
    post, path = "/incidents", tag = "telemetry",
    request_body(content = Incident, description = "One incident, or `{\"incidents\":[…]}`"),
    responses(
        (status = 201, description = "Recorded"),
        (status = 413, description = "The body is over 1 MiB"),
        (status = 422, description = "An item breaks a rule (named by its position); nothing was stored", body = ProblemDetails, content_type = PROBLEM),
        CallRefusals,
    )
)]
pub async fn incidents(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    body: Bytes,
) -> Response {
    if let Err(refusal) = authorize(&identity, Action::RecordTelemetry) {
        return refuse(refusal);
    }
    let shape =
        "an incident {\"id\",\"service\",\"team\",\"started_at\",\"ended_at\",\"caused_by\"}";
    let now = chrono::Utc::now();
    let checked = items::<Incident>(&body, "incidents", shape).and_then(|batch| {
        check_all(batch, "incident", |item| {
            let started = parse_time("started_at", &item.started_at, now)?;
            let ended = item
                .ended_at
                .as_deref()
                .map(|raw| parse_time("ended_at", raw, now))
                .transpose()?;
            check_incident(started, ended)?;
            Ok(CheckedIncident {
                client_id: machine_text("id", item.id)?,
                service: machine_text("service", item.service)?,
                team: item
                    .team
                    .map(|team| machine_text("team", team))
                    .transpose()?,
                started,
                ended,
                caused_by: item
                    .caused_by
                    .map(|cause| machine_text("caused_by", cause))
                    .transpose()?,
            })
        })
    });
    match checked {
        Ok(checked) => {
            store_all(&state, async move |txn| {
                let may_record =
                    |team| authorize(&identity, Action::RecordDelivery { team }).is_ok();
                Ok(delivery::record_incidents(txn, checked, may_record, now).await?)
            })
            .await
        }
        Err(refusal) => refuse(refusal),
    }
}
