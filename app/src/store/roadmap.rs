//! What the roadmap reads: the epics not yet done and their features, each with
//! its work items left and the team boards holding them, and the daily
//! throughput of each of those boards, read once however many items share it.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::error::StoreError;
use crate::domain::board::{BoardKind, StateCategory};
use crate::domain::hierarchy::ItemKind;
use crate::entities::{board, board_column, item};

/// An epic or a feature with the work under it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedItem {
    pub kind: ItemKind,
    pub id: Uuid,
    pub title: String,
    pub state: String,
    pub done: bool,
    pub target: Option<NaiveDate>,
    /// Its work items not in a done column, and all of them.
    pub remaining: u32,
    pub total: u32,
    /// The team boards holding its work items.
    pub boards: BTreeSet<Uuid>,
    /// Its features, in rank order (epics only).
    pub features: Vec<PlannedItem>,
}

/// The roadmap's epics (portfolio order) with their features, and each team
/// board's name and daily throughput over the forecast's history window.
pub struct Roadmap {
    pub epics: Vec<PlannedItem>,
    pub boards: HashMap<Uuid, (String, Vec<u32>)>,
}

pub async fn read(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Roadmap, StoreError> {
    let columns: HashMap<Uuid, board_column::Model> = board_column::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let done = |column: Uuid| {
        columns
            .get(&column)
            .is_some_and(|c| c.state_category == StateCategory::Done)
    };
    let state = |column: Uuid| {
        columns
            .get(&column)
            .map(|c| c.name.clone())
            .unwrap_or_default()
    };
    let team_boards: HashMap<Uuid, board::Model> = board::Entity::find()
        .filter(board::Column::Kind.eq(BoardKind::Team.key()))
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.id, b))
        .collect();
    let rows = item::Entity::find()
        .filter(item::Column::Kind.is_in([ItemKind::Epic, ItemKind::Feature, ItemKind::WorkItem]))
        .order_by_asc(item::Column::Rank)
        .all(db)
        .await?;
    // Each feature's work: (left, all, boards).
    let mut work: HashMap<Uuid, (u32, u32, BTreeSet<Uuid>)> = HashMap::new();
    for row in rows.iter().filter(|r| r.kind == ItemKind::WorkItem) {
        let Some(feature) = row.parent_id else {
            continue;
        };
        let entry = work.entry(feature).or_default();
        entry.1 += 1;
        if !done(row.column_id) {
            entry.0 += 1;
        }
        if let Some(column) = columns.get(&row.column_id) {
            if team_boards.contains_key(&column.board_id) {
                entry.2.insert(column.board_id);
            }
        }
    }
    let planned = |row: &item::Model| {
        let (remaining, total, boards) = work.get(&row.id).cloned().unwrap_or_default();
        PlannedItem {
            kind: row.kind,
            id: row.id,
            title: row.title.clone(),
            state: state(row.column_id),
            done: done(row.column_id),
            target: row.target_date,
            remaining,
            total,
            boards,
            features: Vec::new(),
        }
    };
    let mut epics: Vec<PlannedItem> = rows
        .iter()
        .filter(|r| r.kind == ItemKind::Epic && !done(r.column_id))
        .map(planned)
        .collect();
    for epic in &mut epics {
        epic.features = rows
            .iter()
            .filter(|r| r.kind == ItemKind::Feature && r.parent_id == Some(epic.id))
            .map(planned)
            .collect();
        for feature in &epic.features {
            epic.remaining += feature.remaining;
            epic.total += feature.total;
            epic.boards.extend(feature.boards.iter().copied());
        }
    }
    let used: BTreeSet<Uuid> = epics
        .iter()
        .flat_map(|e| e.boards.iter().copied())
        .collect();
    let mut boards = HashMap::new();
    for id in used {
        let Some(board) = team_boards.get(&id) else {
            continue;
        };
        let daily = super::forecast::daily_throughput(db, std::slice::from_ref(board), now).await?;
        boards.insert(id, (board.name.clone(), daily));
    }
    Ok(Roadmap { epics, boards })
}
