//! The executive dashboard: the strategy tree with its work progress beside the
//! outcome metrics each level serves, the portfolio's work in flight against its
//! limits, the work aging longest, and the metrics needing attention.

use crate::domain::dora::TeamKeys;
use crate::error::AppError;
use crate::views::dashboard::DashboardView;
use leptos::prelude::*;

/// One team's four keys and their trend, for its board.
#[server(endpoint = "team_delivery")]
pub async fn team_delivery(team_id: uuid::Uuid) -> Result<TeamKeys, AppError> {
    crate::security::guard::authorize(crate::domain::access::Action::Read)?;
    let db = crate::store::connection()?;
    crate::store::dashboard::delivery(&db, Some(team_id), chrono::Utc::now())
        .await?
        .pop()
        .ok_or_else(|| AppError::not_found("that team"))
}

#[server(endpoint = "executive_dashboard")]
pub async fn executive_dashboard() -> Result<DashboardView, AppError> {
    crate::security::guard::authorize(crate::domain::access::Action::Read)?;
    let db = crate::store::connection()?;
    let now = chrono::Utc::now();
    let events_seen = crate::store::events::latest(&db).await?;
    let strategy = crate::store::strategy::tree(&db).await?;
    let (epics_in_flight, portfolio_limits) = crate::store::dashboard::portfolio(&db).await?;
    let metrics = crate::store::metrics::all(&db, now.date_naive()).await?;
    let mut latest =
        crate::store::measurements::latest_values(&db, crate::views::dashboard::SPARKLINE_POINTS)
            .await?;
    let trends = metrics
        .iter()
        .map(|metric| {
            (
                metric.clone(),
                latest.remove(&metric.id).unwrap_or_default(),
            )
        })
        .collect();
    Ok(DashboardView {
        visions: strategy
            .visions
            .into_iter()
            .map(without_work_items)
            .collect(),
        epics_in_flight,
        portfolio_limits,
        aging: crate::store::dashboard::aging(&db, now, crate::views::dashboard::AGING_SHOWN)
            .await?,
        attention: crate::domain::outcome::needing_attention(metrics),
        delivery: crate::store::dashboard::delivery(&db, None, now).await?,
        late: super::roadmap::late(
            &crate::store::roadmap::read(&db, now).await?,
            now.date_naive(),
        ),
        trends,
        events_seen,
    })
}

/// The tree down to features: work items are the teams' boards' business.
#[cfg(feature = "ssr")]
fn without_work_items(
    mut node: crate::domain::hierarchy::TreeNode,
) -> crate::domain::hierarchy::TreeNode {
    node.children = node
        .children
        .into_iter()
        .filter(|child| child.kind != crate::domain::hierarchy::ItemKind::WorkItem)
        .map(without_work_items)
        .collect();
    node
}
