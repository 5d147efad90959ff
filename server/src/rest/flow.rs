//! `/api/v1/boards/{id}/flow`: a board's flow metrics over a range of days and
//! the four keys of the teams behind it, as its metrics page computes them (the
//! browser's own `board_metrics` server function, so the figures agree).

use app::domain::dora::{Band, FourKeys, Key};
use app::error::AppError;
use app::security::guard::RequestIdentity;
use axum::{
    extract::{Path, RawQuery, State},
    http::request::Parts,
    response::Response,
    Extension,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::keys::key_schema;
use super::paging::query;
use super::problem::{CallRefusals, Problem, ProblemDetails, CONTENT_TYPE as PROBLEM};
use super::{as_server_function, json_or_problem, read_allowed};
use crate::startup::AppState;

fn bands() -> utoipa::openapi::Object {
    key_schema(Band::ALL.iter().map(|band| band.key()))
}

/// The days to measure; both ends included. Without them, the last 30 days.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FlowQuery {
    /// The first day, `YYYY-MM-DD`.
    from: Option<String>,
    /// The last day, `YYYY-MM-DD` (at most 731 days after `from`).
    to: Option<String>,
}

/// How many on one day.
#[derive(Debug, Serialize, ToSchema)]
pub struct DayCount {
    pub day: NaiveDate,
    pub items: u32,
}

/// A column of the board as the cumulative flow counts it.
#[derive(Debug, Serialize, ToSchema)]
pub struct FlowColumn {
    pub id: Uuid,
    pub name: String,
    /// Whether cards in it are in progress.
    pub started: bool,
}

/// How many items sat in each column at a day's end (in the order of `columns`).
#[derive(Debug, Serialize, ToSchema)]
pub struct CumulativeDay {
    pub day: NaiveDate,
    pub items: Vec<u32>,
}

/// The items finished on one day with one cycle time: a point of the
/// cycle-time scatterplot.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScatterPoint {
    pub finished_on: NaiveDate,
    pub cycle_days: i64,
    pub items: u32,
    /// The first of them to finish, to name the point.
    pub sample_id: Uuid,
    pub sample_title: String,
}

/// A started, unfinished item and how long it has been in progress.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgingItem {
    pub id: Uuid,
    pub title: String,
    pub column_id: Uuid,
    pub age_days: i64,
}

/// A key's value and its DORA band.
#[derive(Debug, Serialize, ToSchema)]
pub struct KeyFigure {
    pub value: f64,
    #[schema(schema_with = bands)]
    pub band: &'static str,
}

fn figure(key: Option<Key>) -> Option<KeyFigure> {
    key.map(|key| KeyFigure {
        value: key.value,
        band: key.band.key(),
    })
}

/// The four keys of the teams behind the board, over the range; a key is
/// `null` without what it is computed from.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryKeys {
    /// Successful production deployments per day.
    pub deployment_frequency: Option<KeyFigure>,
    /// Median hours from commit to production.
    pub lead_time_hours: Option<KeyFigure>,
    /// Share of production deployments that failed or caused an incident, 0 to 1.
    pub change_failure_rate: Option<KeyFigure>,
    /// Median hours to restore after an incident.
    pub time_to_restore_hours: Option<KeyFigure>,
    pub deployments: u32,
    pub incidents: u32,
}

impl From<FourKeys> for DeliveryKeys {
    fn from(keys: FourKeys) -> DeliveryKeys {
        DeliveryKeys {
            deployment_frequency: figure(keys.deployment_frequency),
            lead_time_hours: figure(keys.lead_time_hours),
            change_failure_rate: figure(keys.change_failure_rate),
            time_to_restore_hours: figure(keys.time_to_restore_hours),
            deployments: keys.deployments,
            incidents: keys.incidents,
        }
    }
}

/// A board's flow over a range of days.
#[derive(Debug, Serialize, ToSchema)]
pub struct Flow {
    pub board_id: Uuid,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Items that finished in the range.
    pub finished: u32,
    /// Their mean lead time, in calendar days.
    pub mean_lead_days: Option<f64>,
    /// Their cycle times' 50th, 85th and 95th percentiles, in days.
    pub cycle_time_percentiles: Option<Vec<i64>>,
    /// Active time over cycle time of the finished items, 0 to 1.
    pub flow_efficiency: Option<f64>,
    /// Items finished each day.
    pub throughput: Vec<DayCount>,
    /// Items in progress at each day's end.
    pub work_in_progress: Vec<DayCount>,
    /// Started, unfinished items, oldest first.
    pub aging: Vec<AgingItem>,
    /// The board's columns, left to right, for `cumulative_flow`.
    pub columns: Vec<FlowColumn>,
    /// Each day's items per column: the cumulative flow diagram.
    pub cumulative_flow: Vec<CumulativeDay>,
    /// The cycle-time scatterplot of the items finished, by day, then cycle time.
    pub cycle_time_scatter: Vec<ScatterPoint>,
    /// The teams whose deployments the keys count.
    pub teams: Vec<Uuid>,
    pub keys: DeliveryKeys,
}

/// Read a board's flow metrics and its teams' four keys.
#[utoipa::path(
    get, path = "/boards/{id}/flow", tag = "boards",
    params(("id" = Uuid, Path, description = "The board's id"), FlowQuery),
    responses(
        (status = 200, description = "The board's flow and keys", body = Flow),
        (status = 400, description = "A bad day or range (named in `field`)", body = ProblemDetails, content_type = PROBLEM),
        (status = 404, description = "No such board", body = ProblemDetails, content_type = PROBLEM),
        CallRefusals,
    )
)]
pub async fn board_flow(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path(raw_id): Path<String>,
    RawQuery(raw): RawQuery,
    parts: Parts,
) -> Response {
    let read = async {
        read_allowed(&identity)?;
        let board_id = Uuid::parse_str(&raw_id).map_err(|_| AppError::not_found("that board"))?;
        let range = query::<FlowQuery>(raw.as_deref())?;
        let metrics = as_server_function(
            &state,
            parts,
            app::api::board_metrics::board_metrics(board_id, range.from, range.to, None, None),
        )
        .await?;
        let titles: std::collections::HashMap<Uuid, String> = metrics.titles.into_iter().collect();
        let counts = |days: Vec<(NaiveDate, u32)>| {
            days.into_iter()
                .map(|(day, items)| DayCount { day, items })
                .collect()
        };
        let flow = metrics.flow;
        Ok::<_, Problem>(Flow {
            board_id: metrics.board_id,
            from: metrics.range.first,
            to: metrics.range.last,
            finished: flow.finished,
            mean_lead_days: flow.mean_lead_days,
            cycle_time_percentiles: flow.cycle_percentiles.map(Vec::from),
            flow_efficiency: flow.flow_efficiency,
            throughput: counts(flow.throughput_per_day),
            work_in_progress: counts(flow.wip_per_day),
            columns: metrics
                .columns
                .into_iter()
                .map(|column| FlowColumn {
                    id: column.id,
                    name: column.name,
                    started: column.started,
                })
                .collect(),
            cumulative_flow: flow
                .cumulative_flow
                .into_iter()
                .map(|(day, items)| CumulativeDay { day, items })
                .collect(),
            cycle_time_scatter: flow
                .scatter
                .into_iter()
                .map(|point| ScatterPoint {
                    sample_title: titles.get(&point.sample).cloned().unwrap_or_default(),
                    finished_on: point.finished_on,
                    cycle_days: point.cycle_days,
                    items: point.items,
                    sample_id: point.sample,
                })
                .collect(),
            aging: flow
                .aging
                .into_iter()
                .map(|aging| AgingItem {
                    title: titles.get(&aging.id).cloned().unwrap_or_default(),
                    id: aging.id,
                    column_id: aging.column,
                    age_days: aging.age_days,
                })
                .collect(),
            teams: metrics
                .delivery
                .teams
                .into_iter()
                .map(|team| team.id)
                .collect(),
            keys: metrics.delivery.keys.into(),
        })
    };
    json_or_problem(read.await)
}
