//! The strategy tree from the vision down to single tasks.

use crate::domain::hierarchy::ItemKind;
use crate::domain::progress::Progress;
use crate::views::metrics::MetricRow;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One item of the hierarchy with everything below it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TreeNode {
    pub kind: ItemKind,
    pub id: Uuid,
    pub title: String,
    /// The board column the item is in (none for the vision and themes).
    pub state: Option<String>,
    pub progress: Option<Progress>,
    pub blocked: bool,
    /// The vision's statement or the theme's description (empty below them).
    pub summary: String,
    /// Sent back with an edit of the vision or a theme (409 when stale).
    pub version: i32,
    /// The outcome metrics it claims to move.
    pub metrics: Vec<MetricRow>,
    pub children: Vec<TreeNode>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StrategyView {
    /// Each vision with its themes, epics, features and work items.
    pub visions: Vec<TreeNode>,
    /// Epics without a theme, features without an epic, work items without a feature.
    pub unaligned: Vec<TreeNode>,
    /// Whether the reader may change the vision and themes (and their metrics).
    pub may_edit: bool,
    /// Every metric, for linking the vision and themes (empty unless `may_edit`).
    pub metric_choices: Vec<crate::views::board::NamedRef>,
}
