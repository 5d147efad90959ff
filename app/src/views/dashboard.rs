//! The executive dashboard and a team's delivery strip.

use crate::domain::dora::TeamKeys;
use crate::domain::flow::AgingItem;
use crate::domain::hierarchy::TreeNode;
use crate::domain::outcome::MetricRow;
use crate::domain::wip::LimitLoad;
use serde::{Deserialize, Serialize};

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
    pub delivery: Vec<TeamKeys>,
    /// Epics and features forecast to finish after their target date, latest
    /// first.
    pub late: Vec<crate::domain::roadmap::RoadmapRow>,
    /// Every outcome metric with its latest measurements, oldest first.
    pub trends: Vec<(MetricRow, Vec<f64>)>,
    /// The last live event stored before the read: the page follows from it.
    pub events_seen: i64,
}

/// How many of a metric's latest measurements its sparkline draws.
pub const SPARKLINE_POINTS: usize = 12;

/// How many of the oldest started items the dashboard lists.
pub const AGING_SHOWN: usize = 10;
