//! The executive dashboard and a team's delivery strip.

use crate::domain::hierarchy::ItemKind;
use crate::domain::wip::Enforcement;
use crate::views::metrics::MetricRow;
use crate::views::planning::BoardRef;
use crate::views::strategy::TreeNode;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DashboardView {
    /// Each vision down to its features (work items are the teams' boards).
    pub visions: Vec<TreeNode>,
    /// Epics in started columns of the portfolio.
    pub epics_in_flight: u32,
    /// The portfolio's limits with what holds them now.
    pub portfolio_limits: Vec<LimitLoad>,
    /// Started items of every board, oldest first.
    pub aging: Vec<AgingItem>,
    /// Metrics off track, then at risk.
    pub attention: Vec<MetricRow>,
    /// Each team's four keys over the last 30 days and the 30 before.
    pub delivery: Vec<TeamDeliveryView>,
}

/// A team's four keys now and over the window before, for their trend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamDeliveryView {
    pub team: crate::views::board::NamedRef,
    /// The team's board, whose metrics page shows the keys in full.
    pub board_id: Uuid,
    pub keys: crate::domain::dora::FourKeys,
    pub previous: crate::domain::dora::FourKeys,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LimitLoad {
    pub label: String,
    pub load: u32,
    pub max: u32,
    pub enforcement: Enforcement,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgingItem {
    pub kind: ItemKind,
    pub id: Uuid,
    pub title: String,
    pub column: String,
    pub board: BoardRef,
    /// Calendar days since it first entered a started column, both ends counted.
    pub age_days: i64,
}

/// How many of the oldest started items the dashboard lists.
pub const AGING_SHOWN: usize = 10;
