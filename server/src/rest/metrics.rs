//! `/api/v1/metrics`: the outcome metrics with where they stand, their
//! measurements, and the items that claim to move them. Claims are made and
//! withdrawn through the browser's own server functions.

use app::domain::access::Action;
use app::domain::hierarchy::ItemRef;
use app::domain::outcome::MetricForm;
use app::domain::outcome::{Direction, Progress, Status};
use app::entities::{measurement, outcome_metric};
use app::error::AppError;
use app::security::guard::RequestIdentity;
use axum::{
    body::Bytes,
    extract::{Path, State},
    http::{request::Parts, StatusCode},
    response::{IntoResponse, Response},
    Extension,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use serde::Serialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;
use uuid::Uuid;

use super::forms::{object, written_over, Typed};
use super::keys::{key_schema, optional_key_schema};
use super::preconditions::{if_match, versioned};
use super::problem::{
    CallRefusals, ChangeRefusals, Problem, ProblemDetails, CONTENT_TYPE as PROBLEM,
};
use super::{as_server_function, json_or_problem, read_allowed};
use crate::startup::AppState;

fn directions() -> utoipa::openapi::Object {
    key_schema(Direction::ALL.iter().map(|direction| direction.key()))
}
fn statuses() -> utoipa::openapi::Object {
    let all = [
        Status::NotMeasured,
        Status::OnTrack,
        Status::AtRisk,
        Status::OffTrack,
    ];
    optional_key_schema(all.into_iter().map(Status::key))
}

/// An outcome metric: where it started, where it should get by when, where it
/// is, and whether that is on the straight line between.
#[derive(Debug, Serialize, ToSchema)]
pub struct Metric {
    pub id: Uuid,
    pub name: String,
    pub description: String,
    pub unit: String,
    /// Which way is better.
    #[schema(schema_with = directions)]
    pub direction: &'static str,
    pub baseline: f64,
    pub baseline_date: Option<NaiveDate>,
    pub target: f64,
    pub target_date: Option<NaiveDate>,
    /// The latest measurement's value.
    pub current: Option<f64>,
    /// Moves before the outcome it predicts.
    pub leading: bool,
    pub owner: Option<String>,
    /// Of the way from baseline to target: 1 is the target, below 0 went the
    /// wrong way; for a target equal to the baseline, 1 when held and 0 when
    /// not; `null` before a measurement or without both dates.
    pub progress: Option<f64>,
    /// `null` without both dates.
    #[schema(schema_with = statuses)]
    pub status: Option<&'static str>,
    pub version: i32,
}

fn metric(model: outcome_metric::Model, today: NaiveDate) -> Metric {
    let row = app::store::metrics::row(model.clone(), today);
    Metric {
        id: model.id,
        name: model.name,
        description: model.description,
        unit: model.unit,
        direction: model.direction.key(),
        baseline: model.baseline,
        baseline_date: model.baseline_date,
        target: model.target,
        target_date: model.target_date,
        current: model.current,
        leading: model.leading,
        owner: model.owner,
        progress: row.progress.and_then(|progress| match progress {
            Progress::NotMeasured => None,
            Progress::Hold { met } => Some(if met { 1.0 } else { 0.0 }),
            Progress::Ratio { raw } => Some(raw),
        }),
        status: row.status.map(|status| status.key()),
        version: model.version,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Metrics {
    pub metrics: Vec<Metric>,
}

/// List every outcome metric by name.
#[utoipa::path(
    get, path = "/metrics", tag = "metrics",
    responses((status = 200, description = "Every metric", body = Metrics), CallRefusals)
)]
pub async fn list_metrics(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
) -> Response {
    let listed = async {
        read_allowed(&identity)?;
        let today = Utc::now().date_naive();
        let models = app::store::metrics::every(&state.db)
            .await
            .map_err(AppError::from)?;
        Ok::<_, Problem>(Metrics {
            metrics: models
                .into_iter()
                .map(|model| metric(model, today))
                .collect(),
        })
    };
    json_or_problem(listed.await)
}

async fn found(state: &AppState, raw_id: &str) -> Result<outcome_metric::Model, Problem> {
    let id = Uuid::parse_str(raw_id).map_err(|_| AppError::not_found("that metric"))?;
    Ok(app::store::metrics::find(&state.db, id)
        .await
        .map_err(AppError::from)?)
}

/// Read one outcome metric.
#[utoipa::path(
    get, path = "/metrics/{metric_id}", tag = "metrics",
    params(("metric_id" = Uuid, Path, description = "The metric")),
    responses(
        (status = 200, description = "The metric", body = Metric,
            headers(("ETag" = String, description = "Its version, for `If-Match`"))),
        (status = 404, description = "No such metric", body = ProblemDetails, content_type = PROBLEM),
        CallRefusals,
    )
)]
pub async fn get_metric(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path(raw_id): Path<String>,
) -> Response {
    let read = async {
        read_allowed(&identity)?;
        found(&state, &raw_id).await
    };
    answer(StatusCode::OK, read.await)
}

/// The metric as answered, with its `ETag` (and its address when just made).
fn answer(status: StatusCode, read: Result<outcome_metric::Model, Problem>) -> Response {
    match read {
        Ok(model) => {
            let (version, location) = (model.version, format!("/api/v1/metrics/{}", model.id));
            let body = metric(model, Utc::now().date_naive());
            versioned(status, body, version, &location)
        }
        Err(problem) => problem.into_response(),
    }
}

/// The fields of a metric a client writes: each is its form's field.
const FIELDS: &[(&str, Typed)] = &[
    ("name", Typed::Text),
    ("description", Typed::Text),
    ("unit", Typed::Text),
    ("direction", Typed::Text),
    ("baseline", Typed::Text),
    ("baseline_date", Typed::Text),
    ("target", Typed::Text),
    ("target_date", Typed::Text),
    ("leading", Typed::Checkbox),
    ("owner", Typed::Text),
];

/// Whether the caller may define metrics, before their body is read: those who
/// may not are told so, not what is wrong with what they sent.
fn may_define(identity: &RequestIdentity) -> Result<(), Problem> {
    crate::security::authorize(identity, Action::EditMetrics).map_err(Problem::from)
}

fn metric_form(base: &MetricForm, fields: &Map<String, Value>) -> Result<MetricForm, Problem> {
    written_over(base, fields, |name| {
        FIELDS
            .iter()
            .find(|(field, _)| *field == name)
            .copied()
            .ok_or_else(|| Problem::invalid(name, format!("metrics have no field {name}")))
    })
}

/// A metric's definition as a client writes it.
// The document's description of the body: the handlers read it as a JSON
// object, so that each refusal names the field at fault.
#[allow(dead_code)]
#[derive(Debug, Deserialize, ToSchema)]
pub struct MetricFields {
    #[schema(min_length = 1, max_length = 100)]
    pub name: Option<String>,
    pub description: Option<String>,
    pub unit: Option<String>,
    /// Which way is better.
    #[schema(schema_with = directions)]
    pub direction: Option<String>,
    pub baseline: Option<f64>,
    /// With `target_date`, the metric is judged on the straight line between.
    pub baseline_date: Option<NaiveDate>,
    /// On the better side of the baseline (or equal: hold the line).
    pub target: Option<f64>,
    /// After `baseline_date`.
    pub target_date: Option<NaiveDate>,
    /// A leading indicator.
    pub leading: Option<bool>,
    pub owner: Option<String>,
}

/// Define an outcome metric (executives and admins).
#[utoipa::path(
    post, path = "/metrics", tag = "metrics",
    request_body = MetricFields,
    responses(
        (status = 201, description = "Defined; `Location` is its address", body = Metric,
            headers(("Location" = String), ("ETag" = String))),
        (status = 400, description = "A field breaks a rule (named in `field`)", body = ProblemDetails, content_type = PROBLEM),
        CallRefusals,
    )
)]
pub async fn create_metric(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let made = async {
        may_define(&identity)?;
        let form = metric_form(&MetricForm::default(), &object(&body)?)?;
        let id = as_server_function(&state, parts, app::api::metrics::create_metric(form)).await?;
        found(&state, &id).await
    };
    answer(StatusCode::CREATED, made.await)
}

/// Change some fields of a metric's definition; the others stay.
#[utoipa::path(
    patch, path = "/metrics/{metric_id}", tag = "metrics",
    params(("metric_id" = Uuid, Path, description = "The metric"),
        ("If-Match" = String, Header, description = "The `ETag` of the version you change")),
    request_body = MetricFields,
    responses(
        (status = 200, description = "Changed", body = Metric, headers(("ETag" = String))),
        ChangeRefusals,
        CallRefusals,
    )
)]
pub async fn patch_metric(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path(raw_id): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let changed = async {
        may_define(&identity)?;
        let saved = found(&state, &raw_id).await?;
        let version = if_match(&parts.headers, saved.version)?;
        let form = metric_form(&app::store::metrics::form_of(&saved), &object(&body)?)?;
        let id = saved.id;
        as_server_function(
            &state,
            parts,
            app::api::metrics::update_metric(id, version, form),
        )
        .await?;
        found(&state, &id.to_string()).await
    };
    answer(StatusCode::OK, changed.await)
}

/// A measurement of a metric, as recorded.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordedMeasurement {
    pub id: Uuid,
    pub value: f64,
    pub measured_at: DateTime<Utc>,
    /// Who or what recorded it ("token of …", a person's name).
    pub source: Option<String>,
    /// The sender's own id for it, when a machine sent one.
    pub client_id: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

impl From<measurement::Model> for RecordedMeasurement {
    fn from(m: measurement::Model) -> RecordedMeasurement {
        RecordedMeasurement {
            id: m.id,
            value: m.value,
            measured_at: m.measured_at,
            source: m.source,
            client_id: m.client_id,
            recorded_at: m.created_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Measurements {
    /// Oldest first.
    pub measurements: Vec<RecordedMeasurement>,
}

/// List a metric's measurements, oldest first.
#[utoipa::path(
    get, path = "/metrics/{metric_id}/measurements", tag = "metrics",
    params(("metric_id" = Uuid, Path, description = "The metric")),
    responses(
        (status = 200, description = "Its measurements", body = Measurements),
        (status = 404, description = "No such metric", body = ProblemDetails, content_type = PROBLEM),
        CallRefusals,
    )
)]
pub async fn list_measurements(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path(raw_id): Path<String>,
) -> Response {
    let listed = async {
        read_allowed(&identity)?;
        let metric = found(&state, &raw_id).await?;
        let history = app::store::measurements::history(&state.db, metric.id)
            .await
            .map_err(AppError::from)?;
        Ok::<_, Problem>(Measurements {
            measurements: history.into_iter().map(RecordedMeasurement::from).collect(),
        })
    };
    json_or_problem(listed.await)
}

/// An item that claims to move a metric.
#[derive(Debug, Serialize, ToSchema)]
pub struct Claim {
    /// `vision`, `theme`, `epic`, `feature` or `work_item`.
    pub kind: &'static str,
    pub id: Uuid,
    pub title: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Claims {
    /// From the vision down, by title.
    pub items: Vec<Claim>,
}

/// List what claims to move a metric.
#[utoipa::path(
    get, path = "/metrics/{metric_id}/items", tag = "metrics",
    params(("metric_id" = Uuid, Path, description = "The metric")),
    responses(
        (status = 200, description = "The items that claim to move it", body = Claims),
        (status = 404, description = "No such metric", body = ProblemDetails, content_type = PROBLEM),
        CallRefusals,
    )
)]
pub async fn list_claims(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path(raw_id): Path<String>,
) -> Response {
    let listed = async {
        read_allowed(&identity)?;
        let metric = found(&state, &raw_id).await?;
        let claims = app::store::links::claimed_by(&state.db, metric.id)
            .await
            .map_err(AppError::from)?;
        Ok::<_, Problem>(Claims {
            items: claims
                .into_iter()
                .map(|claim| Claim {
                    kind: claim.item.kind.key(),
                    id: claim.item.id,
                    title: claim.title,
                })
                .collect(),
        })
    };
    json_or_problem(listed.await)
}

/// Makes or withdraws (`change`: the server function) the claim that the item
/// of the path moves its metric: 204, or the problem.
async fn change_claim<Change>(
    state: &AppState,
    identity: &RequestIdentity,
    (raw_metric, raw_item): (String, String),
    parts: Parts,
    change: impl FnOnce(Uuid, String) -> Change,
) -> Response
where
    Change: std::future::Future<Output = Result<(), AppError>>,
{
    let changed = async {
        read_allowed(identity)?;
        let metric = found(state, &raw_metric).await?;
        let item_id = Uuid::parse_str(&raw_item).map_err(|_| AppError::not_found("that item"))?;
        let item = app::store::item_query::one(&state.db, item_id)
            .await
            .map_err(AppError::from)?;
        let item = ItemRef {
            kind: item.item.kind,
            id: item.item.id,
        };
        Ok::<_, Problem>(as_server_function(state, parts, change(metric.id, item.key())).await?)
    };
    match changed.await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(problem) => problem.into_response(),
    }
}

/// Claim that an epic, feature or work item moves the metric.
#[utoipa::path(
    put, path = "/metrics/{metric_id}/items/{item_id}", tag = "metrics",
    params(("metric_id" = Uuid, Path, description = "The metric"),
        ("item_id" = Uuid, Path, description = "The epic, feature or work item")),
    responses(
        (status = 204, description = "Claimed"),
        (status = 404, description = "No such metric or item", body = ProblemDetails, content_type = PROBLEM),
        (status = 409, description = "It already claims to move it", body = ProblemDetails, content_type = PROBLEM),
        CallRefusals,
    )
)]
pub async fn claim(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path(ends): Path<(String, String)>,
    parts: Parts,
) -> Response {
    change_claim(
        &state,
        &identity,
        ends,
        parts,
        app::api::metrics::link_metric,
    )
    .await
}

/// Withdraw the claim that an item moves the metric.
#[utoipa::path(
    delete, path = "/metrics/{metric_id}/items/{item_id}", tag = "metrics",
    params(("metric_id" = Uuid, Path, description = "The metric"),
        ("item_id" = Uuid, Path, description = "The epic, feature or work item")),
    responses(
        (status = 204, description = "Withdrawn"),
        (status = 404, description = "No such metric or item, or no such claim", body = ProblemDetails, content_type = PROBLEM),
        CallRefusals,
    )
)]
pub async fn withdraw_claim(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path(ends): Path<(String, String)>,
    parts: Parts,
) -> Response {
    change_claim(
        &state,
        &identity,
        ends,
        parts,
        app::api::metrics::unlink_metric,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_fields_are_the_written_ones() {
        use crate::rest::forms::{documented_fields, sorted};
        let written = sorted(FIELDS.iter().map(|(name, _)| *name));
        assert_eq!(documented_fields::<MetricFields>(), written);
    }

    #[test]
    fn a_metric_s_fields_land_in_its_form_as_typed_in_and_the_rest_stay() {
        let saved = MetricForm {
            name: "Flight time".into(),
            unit: "min".into(),
            ..MetricForm::default()
        };
        let written = serde_json::json!({"target": 45, "leading": true, "owner": null});
        let Value::Object(fields) = written else {
            unreachable!()
        };
        let form = metric_form(&saved, &fields).unwrap();
        assert_eq!(
            (form.name.as_str(), form.unit.as_str()),
            ("Flight time", "min")
        );
        assert_eq!((form.target.as_str(), form.leading.as_str()), ("45", "on"));
        assert_eq!(form.owner, "");
        let Value::Object(unknown) = serde_json::json!({"colour": "red"}) else {
            unreachable!()
        };
        assert_eq!(
            metric_form(&saved, &unknown).unwrap_err().field.as_deref(),
            Some("colour")
        );
    }
}
