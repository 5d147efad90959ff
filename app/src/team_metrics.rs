//! A team's flow metrics and four DORA keys over a date range: the server reads the
//! board's history and the team's deployments and incidents; `domain::flow` and
//! `domain::dora` compute.

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::dora::FourKeys;
use crate::domain::flow::{DayRange, FlowReport};
use crate::error::AppError;

/// A board column as the flow charts name it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlowColumn {
    pub id: Uuid,
    pub name: String,
    pub started: bool,
}

/// The four keys over one window, for their trend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeysWindow {
    pub last_day: NaiveDate,
    pub keys: FourKeys,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamMetricsView {
    pub team_id: Uuid,
    pub team: String,
    pub range: DayRange,
    /// Left to right, removed columns left out.
    pub columns: Vec<FlowColumn>,
    pub flow: FlowReport,
    /// Titles of the items the report names, by id.
    pub titles: Vec<(Uuid, String)>,
    pub keys: FourKeys,
    /// The keys over the six 30-day windows up to the range's end, oldest first.
    pub trend: Vec<KeysWindow>,
}

/// How many 30-day windows the keys' trend shows.
pub const TREND_WINDOWS: i64 = 6;

/// The team's flow and delivery metrics from `from` to `to` (inclusive days,
/// `YYYY-MM-DD`; by default the last 30 days).
#[server(endpoint = "team_metrics")]
pub async fn team_metrics(
    team_id: String,
    from: Option<String>,
    to: Option<String>,
) -> Result<TeamMetricsView, AppError> {
    use crate::domain::board::StateCategory;
    use crate::domain::dora::four_keys;
    use crate::domain::flow::flow_report;
    use crate::entities::team;
    use chrono::Duration;
    use sea_orm::EntityTrait;

    crate::security::guard::authorize(crate::domain::access::Action::Read)?;
    let now = chrono::Utc::now();
    let range = DayRange::from_form(from.as_deref(), to.as_deref(), now.date_naive())
        .map_err(|e| AppError::from(e).answer())?;
    let team_id = crate::store::parse_id(&team_id, "that team")?;
    let db = crate::store::connection()?;
    let team = team::Entity::find_by_id(team_id)
        .one(&db)
        .await?
        .ok_or_else(|| AppError::not_found("that team").answer())?;
    let board = crate::store::wip::board_of_team(&db, team.id).await?;
    let (start, end) = (range.start(), range.end());
    let (columns, history) = crate::store::flow::board_history(&db, board.id, start, end).await?;
    let flow = flow_report(&history, range, now.min(end));
    // Removed columns keep their history for timelines but get no band.
    let shown: Vec<_> = columns.iter().filter(|c| c.removed_at.is_none()).collect();

    let window = |n: i64| DayRange::ending(range.last - Duration::days(30 * n), 30);
    let since = window(TREND_WINDOWS - 1).start().min(start);
    let (deployments, incidents) = crate::store::delivery::of_team(&db, team.id, since).await?;
    let trend = (0..TREND_WINDOWS)
        .rev()
        .map(|n| {
            let window = window(n);
            KeysWindow {
                last_day: window.last,
                keys: four_keys(&deployments, &incidents, window),
            }
        })
        .collect();

    let named: Vec<Uuid> = flow
        .finished
        .iter()
        .map(|f| f.id)
        .chain(flow.aging.iter().map(|a| a.id))
        .collect();
    let titles = crate::store::flow::titles(&db, &named).await?;
    Ok(TeamMetricsView {
        team_id: team.id,
        team: team.name,
        range,
        columns: shown
            .iter()
            .map(|c| FlowColumn {
                id: c.id,
                name: c.name.clone(),
                started: c.state_category == StateCategory::Started.key(),
            })
            .collect(),
        flow,
        titles,
        keys: four_keys(&deployments, &incidents, range),
        trend,
    })
}
