//! The executive dashboard: the strategy tree with its work progress beside the
//! outcome metrics each level serves, the portfolio's work in flight against its
//! limits, the work aging longest, and the metrics needing attention.

use crate::error::AppError;
use crate::views::dashboard::{DashboardView, TeamDeliveryView};
use leptos::prelude::*;

/// One team's four keys and their trend, for its board.
#[server(endpoint = "team_delivery")]
pub async fn team_delivery(team_id: String) -> Result<TeamDeliveryView, AppError> {
    crate::security::guard::authorize(crate::domain::access::Action::Read)?;
    let team = crate::store::parse_id(&team_id, "that team")?;
    let db = crate::store::connection()?;
    crate::store::dashboard::delivery(&db, Some(team), chrono::Utc::now())
        .await?
        .pop()
        .ok_or_else(|| AppError::not_found("that team"))
}

#[server(endpoint = "executive_dashboard")]
pub async fn executive_dashboard() -> Result<DashboardView, AppError> {
    crate::security::guard::authorize(crate::domain::access::Action::Read)?;
    let db = crate::store::connection()?;
    Ok(crate::store::dashboard::load(&db, chrono::Utc::now()).await?)
}
