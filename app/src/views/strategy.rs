//! The strategy tree from the vision down to single tasks.

use crate::domain::hierarchy::TreeNode;
use crate::domain::NamedRef;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StrategyView {
    /// Each vision with its themes, epics, features and work items.
    pub visions: Vec<TreeNode>,
    /// Epics without a theme, features without an epic, work items without a feature.
    pub unaligned: Vec<TreeNode>,
    /// Whether the reader may change the vision and themes (and their metrics).
    pub may_edit: bool,
    /// Every metric, for linking the vision and themes (empty unless `may_edit`).
    pub metric_choices: Vec<NamedRef>,
}
