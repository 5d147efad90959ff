//! A board's flow metrics and its teams' four DORA keys over a date range: the
//! server reads the board's history (optionally only the cards under one item)
//! and the deployments and incidents of the teams behind it; `domain::flow` and
//! `domain::dora` compute.

#[cfg(feature = "ssr")]
use crate::domain::flow::DayRange;
#[cfg(feature = "ssr")]
use crate::domain::hierarchy::ItemRef;
#[cfg(feature = "ssr")]
use crate::domain::NamedRef;
use crate::error::AppError;
use crate::views::board_metrics::BoardMetricsView;
#[cfg(feature = "ssr")]
use crate::views::board_metrics::{
    BoardDelivery, FlowColumn, KeysWindow, Narrowing, TREND_WINDOWS,
};
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use uuid::Uuid;

/// The board's flow and delivery metrics from `from` to `to` (inclusive days,
/// `YYYY-MM-DD`; by default the last 30 days), optionally only for the cards
/// under `within` (`kind:id`, such as `epic:<id>`), and how many cards it
/// finishes from today `by` a date (by default in 30 days).
#[server(endpoint = "board_metrics")]
pub async fn board_metrics(
    board_id: uuid::Uuid,
    from: Option<String>,
    to: Option<String>,
    within: Option<String>,
    #[server(default)] by: Option<String>,
) -> Result<BoardMetricsView, AppError> {
    use crate::domain::board::StateCategory;
    use crate::domain::flow::flow_report;
    use crate::store::flow::{self, FlowScope};

    crate::security::guard::authorize(crate::domain::access::Action::Read)?;
    let now = chrono::Utc::now();
    let range = DayRange::from_form(from.as_deref(), to.as_deref(), now.date_naive())
        .map_err(AppError::from)?;
    let by = crate::domain::forecast::horizon(by.as_deref().unwrap_or(""), now.date_naive())?;
    let within: Option<ItemRef> = match within.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => Some(raw.parse().map_err(|detail| AppError::Invalid { detail })?),
    };
    let db = crate::store::connection()?;
    let board = crate::store::boards::find(&db, board_id).await?;
    let scope = FlowScope::of(&board, within)?;
    let within = match within {
        Some(item) => Some(Narrowing {
            item,
            title: crate::store::items::title_of(&db, item).await?,
        }),
        None => None,
    };
    // The four reads share nothing: each on its own pooled connection, the
    // request takes as long as the longest, not their sum.
    let charted = async {
        let (columns, history) =
            flow::board_history(&db, scope, range.start(), range.end()).await?;
        let charts = flow_report(&history, range, now).charts;
        let titles = flow::titles(&db, scope.cards, &charts.named()).await?;
        Ok::<_, AppError>((columns, charts, titles))
    };
    // The pace is the whole board's, narrowed or not.
    let paced = async {
        let daily =
            crate::store::forecast::daily_throughput(&db, std::slice::from_ref(&board), now)
                .await?;
        Ok(pace(&daily, board.id, by, now.date_naive()))
    };
    let narrowed = async {
        Ok(flow::parents_on_board(&db, board.id, scope.cards)
            .await?
            .into_iter()
            .map(|(item, title)| Narrowing { item, title })
            .collect())
    };
    let ((columns, charts, titles), pace, narrowings, delivery) =
        tokio::try_join!(charted, paced, narrowed, delivery(&db, &board, range))?;
    Ok(BoardMetricsView {
        board_id: board.id,
        board: crate::store::detail::board_ref(&board),
        within,
        narrowings,
        range,
        // Removed columns keep their history for timelines but get no band.
        columns: columns
            .iter()
            .filter(|c| c.removed_at.is_none())
            .map(|c| FlowColumn {
                id: c.id,
                name: c.name.clone(),
                started: c.state_category == StateCategory::Started,
            })
            .collect(),
        flow: charts,
        titles,
        pace,
        delivery,
    })
}

/// How many cards a board finishing `daily` cards a day lately finishes from today
/// to `by`. Seeded by the board and the day, so the page says the same all day.
#[cfg(feature = "ssr")]
fn pace(
    daily: &[u32],
    board_id: Uuid,
    by: chrono::NaiveDate,
    today: chrono::NaiveDate,
) -> crate::views::board_metrics::PaceForecast {
    use crate::domain::forecast::{items_within, Dice};
    let days = ((by - today).num_days() + 1) as u32;
    crate::views::board_metrics::PaceForecast {
        by,
        days,
        outcome: items_within(daily, days, &mut Dice::of_day(board_id, today)),
    }
}

#[cfg(feature = "ssr")]
async fn delivery(
    db: &sea_orm::DatabaseConnection,
    board: &crate::entities::board::Model,
    range: DayRange,
) -> Result<BoardDelivery, AppError> {
    use crate::domain::dora::four_keys;
    use chrono::Duration;

    let teams: Vec<NamedRef> = crate::store::delivery::teams_of_board(db, board)
        .await?
        .into_iter()
        .map(|t| NamedRef {
            id: t.id,
            name: t.name,
        })
        .collect();
    let ids: Vec<Uuid> = teams.iter().map(|t| t.id).collect();
    let window = |n: i64| DayRange::ending(range.last - Duration::days(30 * n), 30);
    let since = window(TREND_WINDOWS - 1).start().min(range.start());
    let (deployments, incidents) = crate::store::delivery::of_teams(db, &ids, since).await?;
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
    Ok(BoardDelivery {
        teams,
        keys: four_keys(&deployments, &incidents, range),
        trend,
    })
}
