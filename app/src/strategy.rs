//! The whole hierarchy at once, from the vision to single tasks, and the work that
//! serves no part of it.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::hierarchy::ItemKind;
use crate::domain::progress::Progress;
use crate::error::AppError;

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
    pub children: Vec<TreeNode>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StrategyView {
    /// Each vision with its themes, epics, features and work items.
    pub visions: Vec<TreeNode>,
    /// Epics without a theme, features without an epic, work items without a feature.
    pub unaligned: Vec<TreeNode>,
}

#[server(endpoint = "strategy_tree")]
pub async fn strategy_tree() -> Result<StrategyView, AppError> {
    crate::security::guard::authorize(crate::domain::access::Action::Read)?;
    let db = crate::store::connection()?;
    crate::store::strategy::tree(&db).await
}
