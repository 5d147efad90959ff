//! What a board page shows, as sent from the server to the browser.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::{
    board::{Activity, BoardKind, StateCategory, WipStatus},
    hierarchy::{ClassOfService, ItemKind},
    progress::Progress,
};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardView {
    pub id: Uuid,
    pub name: String,
    pub kind: BoardKind,
    /// The team whose board this is (team boards only).
    pub team_id: Option<Uuid>,
    /// Whether the signed-in user may move this board's cards.
    pub may_edit: bool,
    pub columns: Vec<ColumnView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnView {
    pub id: Uuid,
    pub name: String,
    pub category: StateCategory,
    pub activity: Activity,
    pub wip_limit: Option<u32>,
    /// In rank order, top first.
    pub cards: Vec<CardView>,
}

impl ColumnView {
    pub fn wip_status(&self) -> WipStatus {
        WipStatus::of(self.cards.len(), self.wip_limit)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardView {
    pub id: Uuid,
    pub kind: ItemKind,
    /// "Epic", or the work item type ("Story", "Defect", ...).
    pub type_label: String,
    pub title: String,
    /// The epic owner or the work item's assignee.
    pub owner: Option<String>,
    pub size: Option<u32>,
    pub wsjf: Option<f64>,
    pub progress: Option<Progress>,
    /// `Some(reason)` when blocked; the reason may be empty.
    pub blocked: Option<String>,
    pub class_of_service: Option<ClassOfService>,
    /// The item's ancestors, nearest first, ending at the vision when aligned.
    pub chain: Vec<ChainLink>,
    /// Sent back with a change, so a concurrent change is detected (409).
    pub version: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChainLink {
    pub kind: ItemKind,
    pub title: String,
}

/// Something people pick by name (a team, a product): its id and name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NamedRef {
    pub id: Uuid,
    pub name: String,
}

/// The top bar's content for a signed-in user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NavigationView {
    /// `None` for a guest reading without signing in.
    pub user: Option<crate::account::SignedInUser>,
    pub teams: Vec<NamedRef>,
    /// Whether to offer user administration (decided by `domain::access`).
    pub may_manage_users: bool,
}
