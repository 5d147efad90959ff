//! Deployments and incidents read back (`GET /api/v1/deployments`,
//! `/api/v1/incidents`), a page at a time in the order they were recorded: a
//! year of a team's telemetry is thousands of rows. Recording them is
//! `crate::ingest`'s.

use app::domain::dora::DeploymentStatus;
use app::error::AppError;
use app::security::guard::RequestIdentity;
use app::store::delivery::{self, TelemetryFilter};
use app::store::item_query::After;
use axum::{
    extract::{RawQuery, State},
    response::{IntoResponse, Response},
    Extension, Json,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::keys::key_schema;
use super::paging;
use super::problem::{CallRefusals, Problem, ProblemDetails, CONTENT_TYPE as PROBLEM};
use super::read_allowed;
use crate::startup::AppState;

fn statuses() -> utoipa::openapi::Object {
    key_schema(DeploymentStatus::ALL.iter().map(|status| status.key()))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RecordedCommit {
    pub sha: String,
    pub committed_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RecordedDeployment {
    /// The sender's id.
    pub id: String,
    pub service: String,
    pub team_id: Uuid,
    pub environment: String,
    pub deployed_at: DateTime<Utc>,
    #[schema(schema_with = statuses)]
    pub status: &'static str,
    pub commits: Vec<RecordedCommit>,
    /// When Throughline stored it.
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RecordedIncident {
    /// The sender's id.
    pub id: String,
    pub service: String,
    pub team_id: Uuid,
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    /// The sender's id of the deployment that caused it.
    pub caused_by: Option<String>,
    /// When Throughline stored it.
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DeploymentPage {
    pub deployments: Vec<RecordedDeployment>,
    /// Pass as `cursor` for the next page; `null` on the last.
    pub next_cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IncidentPage {
    pub incidents: Vec<RecordedIncident>,
    /// Pass as `cursor` for the next page; `null` on the last.
    pub next_cursor: Option<String>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TelemetryQuery {
    /// Only this team's.
    team_id: Option<String>,
    /// Only this service's (as sent).
    service: Option<String>,
    /// Only those recorded at or after this time (RFC 3339).
    recorded_since: Option<String>,
    /// Per page, 1 to 200 (default 50).
    limit: Option<String>,
    /// The previous page's `next_cursor`.
    cursor: Option<String>,
}

/// What a page asks for: the filter, where it starts, how many.
fn asked(raw: Option<&str>) -> Result<(TelemetryFilter, Option<After>, u64), Problem> {
    let asked = paging::query::<TelemetryQuery>(raw)?;
    let filter = TelemetryFilter {
        team: paging::id("team_id", asked.team_id)?,
        service: asked.service,
        recorded_since: paging::time("recorded_since", asked.recorded_since.as_deref())?,
    };
    let after = paging::after(paging::ORDER_RECORDED, asked.cursor.as_deref())?;
    Ok((filter, after, paging::limit(asked.limit.as_deref())?))
}

/// Deployments as recorded, a page at a time, oldest first.
#[utoipa::path(
    get, path = "/deployments", tag = "telemetry",
    params(TelemetryQuery),
    responses(
        (status = 200, description = "A page of deployments; `Link` names the next page", body = DeploymentPage,
            headers(("Link" = String, description = "`<…>; rel=\"next\"` when there is a next page"))),
        (status = 400, description = "A parameter is not understood (named in `field`)", body = ProblemDetails, content_type = PROBLEM),
        CallRefusals,
    )
)]
pub async fn list_deployments(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    RawQuery(raw): RawQuery,
) -> Response {
    let listed = async {
        read_allowed(&identity)?;
        let (filter, after, limit) = asked(raw.as_deref())?;
        let mut rows = delivery::deployments_page(&state.db, &filter, after, limit + 1)
            .await
            .map_err(AppError::from)?;
        let next_cursor =
            paging::next_page(&mut rows, limit, paging::ORDER_RECORDED, |(row, _)| After {
                at: row.created_at,
                id: row.id,
            });
        let deployments = rows
            .into_iter()
            .map(|(row, commits)| RecordedDeployment {
                id: row.client_id,
                service: row.service,
                team_id: row.team_id,
                environment: row.environment,
                deployed_at: row.deployed_at,
                status: row.status.key(),
                commits: commits
                    .into_iter()
                    .map(|commit| RecordedCommit {
                        sha: commit.sha,
                        committed_at: commit.committed_at,
                    })
                    .collect(),
                recorded_at: row.created_at,
            })
            .collect();
        Ok::<_, Problem>(DeploymentPage {
            deployments,
            next_cursor,
        })
    };
    match listed.await {
        Ok(page) => {
            let next = page.next_cursor.clone();
            paging::answer(
                Json(page),
                next.as_deref(),
                "/api/v1/deployments",
                raw.as_deref(),
            )
        }
        Err(problem) => problem.into_response(),
    }
}

/// Incidents as recorded, a page at a time, oldest first.
#[utoipa::path(
    get, path = "/incidents", tag = "telemetry",
    params(TelemetryQuery),
    responses(
        (status = 200, description = "A page of incidents; `Link` names the next page", body = IncidentPage,
            headers(("Link" = String, description = "`<…>; rel=\"next\"` when there is a next page"))),
        (status = 400, description = "A parameter is not understood (named in `field`)", body = ProblemDetails, content_type = PROBLEM),
        CallRefusals,
    )
)]
pub async fn list_incidents(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    RawQuery(raw): RawQuery,
) -> Response {
    let listed = async {
        read_allowed(&identity)?;
        let (filter, after, limit) = asked(raw.as_deref())?;
        let mut rows = delivery::incidents_page(&state.db, &filter, after, limit + 1)
            .await
            .map_err(AppError::from)?;
        let next_cursor =
            paging::next_page(&mut rows, limit, paging::ORDER_RECORDED, |row| After {
                at: row.created_at,
                id: row.id,
            });
        let incidents = rows
            .into_iter()
            .map(|row| RecordedIncident {
                id: row.client_id,
                service: row.service,
                team_id: row.team_id,
                started_at: row.started_at,
                ended_at: row.ended_at,
                caused_by: row.caused_by,
                recorded_at: row.created_at,
            })
            .collect();
        Ok::<_, Problem>(IncidentPage {
            incidents,
            next_cursor,
        })
    };
    match listed.await {
        Ok(page) => {
            let next = page.next_cursor.clone();
            paging::answer(
                Json(page),
                next.as_deref(),
                "/api/v1/incidents",
                raw.as_deref(),
            )
        }
        Err(problem) => problem.into_response(),
    }
}
