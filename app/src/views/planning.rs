//! One item's page: its form, chain, tree and choices; and where an item lives.

use crate::domain::board::{BoardKind, BoardRef};
use crate::domain::flow::FlowLink;
use crate::domain::forecast::{Forecast, NoForecast};
use crate::domain::hierarchy::{ChainLink, ItemKind, TreeNode};
use crate::domain::history::AuditEntry;
use crate::domain::outcome::ServedMetric;
use crate::domain::planning::ItemForm;
use crate::domain::NamedRef;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Everything an item's page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemDetailView {
    pub kind: ItemKind,
    pub id: Uuid,
    pub title: String,
    pub version: i32,
    /// The board it is on and the column (state) it is in.
    pub board: BoardRef,
    pub column: String,
    pub column_id: Uuid,
    /// The board's columns left to right, where the item may be moved.
    pub columns: Vec<NamedRef>,
    /// The id of the last live event this read includes.
    pub events_seen: i64,
    /// Its ancestors, nearest first.
    pub chain: Vec<ChainLink>,
    /// The item with its progress and everything below it.
    pub tree: Option<TreeNode>,
    pub wsjf: Option<f64>,
    pub form: ItemForm,
    /// Items it may be put under, for the parent field.
    pub parent_choices: Vec<NamedRef>,
    /// Who a work item may be assigned to: its team's people, by name (empty
    /// unless the reader may edit it).
    pub assignee_choices: Vec<String>,
    /// Boards children may be added to (products for an epic, teams for a feature).
    pub child_boards: Vec<NamedRef>,
    /// Others of its kind its children could move to if it is deleted.
    pub siblings: Vec<NamedRef>,
    pub may_edit: bool,
    /// Outcome metrics its ancestors claim to move, nearest ancestor first.
    pub served_through: Vec<ServedMetric>,
    /// Whether the reader may link it to metrics and withdraw its links.
    pub may_link: bool,
    /// Every metric, to pick one to link (empty unless the reader may link).
    pub metric_choices: Vec<NamedRef>,
    /// Newest first.
    pub history: Vec<AuditEntry>,
    /// The boards holding what is under it, each linking to the flow metrics of
    /// just that part of the board.
    pub flow_below: Vec<FlowLink>,
    /// When the work under an epic or a feature is done (none for work items).
    pub forecast: Option<ForecastView>,
    /// What it waits on and what waits on it.
    pub dependencies: crate::domain::dependency::ItemDependencies,
    /// Items it could wait on, kind by kind (empty unless the reader may edit it).
    pub dependency_choices: Vec<(ItemKind, Vec<NamedRef>)>,
}

/// A forecast of the work left under an item, at the pace of the teams doing it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForecastView {
    /// The team boards holding its work items.
    pub teams: Vec<String>,
    pub target: Option<chrono::NaiveDate>,
    pub outcome: Result<Forecast, NoForecast>,
}

impl FlowLink {
    pub fn href(&self) -> String {
        format!(
            "/boards/{}/metrics?within={}",
            self.board_id,
            self.within.key()
        )
    }
}

impl BoardRef {
    /// The board's page: the portfolio at the root, a team's or product's under it.
    pub fn href(&self) -> String {
        match (self.kind, self.team_id) {
            (BoardKind::Portfolio, _) => "/".to_owned(),
            (BoardKind::Team, Some(team)) => format!("/teams/{team}"),
            _ => format!("/products/{}", self.id),
        }
    }
}

/// Where an item's own page is.
pub fn item_href(kind: ItemKind, id: Uuid) -> String {
    match kind {
        ItemKind::Epic => format!("/epics/{id}"),
        ItemKind::Feature => format!("/features/{id}"),
        ItemKind::WorkItem => format!("/work-items/{id}"),
        ItemKind::Vision | ItemKind::Theme => format!("/strategy#{id}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::hierarchy::ItemRef;

    #[test]
    fn every_kind_of_board_links_to_its_own_page() {
        let (board, team) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let cases = [
            (BoardKind::Portfolio, None, "/".to_owned()),
            (BoardKind::Team, Some(team), format!("/teams/{team}")),
            (BoardKind::Feature, None, format!("/products/{board}")),
        ];
        for (kind, team_id, expected) in cases {
            let link = BoardRef {
                id: board,
                name: "B".into(),
                kind,
                team_id,
            };
            assert_eq!(link.href(), expected, "{kind:?}");
        }
        let flow = FlowLink {
            board_id: board,
            board: "B".into(),
            within: ItemRef {
                kind: ItemKind::Epic,
                id: team,
            },
        };
        assert_eq!(
            flow.href(),
            format!("/boards/{board}/metrics?within=epic:{team}")
        );
    }
}
