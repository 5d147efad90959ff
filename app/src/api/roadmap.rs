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
    let read = crate::store::roadmap::read(&db, now).await?;
    let mut rows = Vec::new();
    for mut epic in read.epics {
        let features = std::mem::take(&mut epic.features);
        rows.push(row(epic, &read.boards, today));
        rows.extend(features.into_iter().map(|f| row(f, &read.boards, today)));
    }
    Ok(RoadmapView {
        today,
        span: Span::of(today, &rows),
        rows,
    })
}

/// An item as the roadmap shows it, forecast at the summed pace of its boards.
#[cfg(feature = "ssr")]
fn row(
    item: crate::store::roadmap::PlannedItem,
    boards: &std::collections::HashMap<uuid::Uuid, (String, Vec<u32>)>,
    today: chrono::NaiveDate,
) -> crate::domain::roadmap::RoadmapRow {
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
    crate::domain::roadmap::RoadmapRow {
        kind: item.kind,
        id: item.id,
        title: item.title,
        state: item.state,
        done: item.done,
        target: item.target,
        teams,
        forecast: outcome,
    }
}
