//! The roadmap: the epics under way and their features, each forecast from the
//! pace of the team boards holding its work, the same way an item's page is.

use crate::error::AppError;
use crate::views::roadmap::RoadmapView;
use leptos::prelude::*;

#[server(endpoint = "roadmap")]
pub async fn roadmap() -> Result<RoadmapView, AppError> {
    use crate::domain::roadmap::Span;
    crate::security::guard::authorize(crate::domain::access::Action::Read)?;
    let db = crate::store::connection()?;
    let now = chrono::Utc::now();
    let today = now.date_naive();
    let plan = crate::store::roadmap::read(&db, now).await?;
    let mut rows = Vec::new();
    for epic in plan.epics.iter().filter(|epic| !epic.done) {
        rows.push(row(epic, &plan.boards, today));
        rows.extend(
            plan.features
                .iter()
                .filter(|feature| feature.parent_id == Some(epic.id))
                .map(|feature| row(feature, &plan.boards, today)),
        );
    }
    Ok(RoadmapView {
        today,
        span: Span::of(today, &rows),
        rows,
    })
}

/// The epics and features not done whose forecast (85 % likely) falls after
/// their target date, the furthest behind first: the dashboard's risk.
#[cfg(feature = "ssr")]
pub(crate) fn late(
    plan: &crate::store::roadmap::Plan,
    today: chrono::NaiveDate,
) -> Vec<crate::domain::roadmap::RoadmapRow> {
    let mut late: Vec<_> = plan
        .epics
        .iter()
        .chain(&plan.features)
        .filter(|item| !item.done && item.target.is_some())
        .map(|item| row(item, &plan.boards, today))
        .filter(|row| row.late())
        .collect();
    let behind = |row: &crate::domain::roadmap::RoadmapRow| {
        row.expected()
            .zip(row.target)
            .map(|(expected, target)| (expected - target).num_days())
    };
    late.sort_by_key(|row| std::cmp::Reverse(behind(row)));
    late
}

/// An item as the roadmap shows it.
#[cfg(feature = "ssr")]
fn row(
    item: &crate::store::roadmap::PlannedItem,
    boards: &std::collections::HashMap<uuid::Uuid, (String, Vec<u32>)>,
    today: chrono::NaiveDate,
) -> crate::domain::roadmap::RoadmapRow {
    let (teams, forecast) = forecast_of(item, boards, today);
    crate::domain::roadmap::RoadmapRow {
        kind: item.kind,
        id: item.id,
        title: item.title.clone(),
        state: item.state.clone(),
        done: item.done,
        target: item.target,
        teams,
        forecast,
    }
}

/// When an item's work left is done, at the summed pace of the team boards
/// holding it (named), as its own page forecasts it.
#[cfg(feature = "ssr")]
pub(crate) fn forecast_of(
    item: &crate::store::roadmap::PlannedItem,
    boards: &std::collections::HashMap<uuid::Uuid, (String, Vec<u32>)>,
    today: chrono::NaiveDate,
) -> (
    Vec<String>,
    Result<crate::domain::forecast::Forecast, crate::domain::forecast::NoForecast>,
) {
    use crate::domain::forecast::{forecast, Dice, NoForecast, HISTORY_DAYS};
    let mut daily = vec![0; HISTORY_DAYS];
    let mut teams = Vec::new();
    for (name, pace) in item.boards.iter().filter_map(|id| boards.get(id)) {
        teams.push(name.clone());
        for (total, finished) in daily.iter_mut().zip(pace) {
            *total += finished;
        }
    }
    let outcome = match item.total {
        0 => Err(NoForecast::NoWorkItems),
        _ => forecast(
            &daily,
            item.remaining,
            today,
            item.target,
            &mut Dice::of_day(item.id, today),
        ),
    };
    (teams, outcome)
}
