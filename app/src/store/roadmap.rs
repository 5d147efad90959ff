//! What the roadmap and the dependency map read: every epic and feature with the
//! work items under it (how many are left, the team boards holding them, the
//! one holding most), and the daily throughput of each of those boards, read
//! once however many items share it.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::error::StoreError;
use crate::domain::board::{BoardKind, StateCategory};
use crate::domain::hierarchy::ItemKind;
use crate::entities::{board, item};

/// An epic or a feature with the work under it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedItem {
    pub kind: ItemKind,
    pub id: Uuid,
    pub parent_id: Option<Uuid>,
    pub title: String,
    /// The board it is on, and its column there.
    pub board_id: Uuid,
    pub state: String,
    pub done: bool,
    pub target: Option<NaiveDate>,
    /// Its work items not in a done column, and all of them.
    pub remaining: u32,
    pub total: u32,
    /// The team boards holding its work items, and the one holding most.
    pub boards: BTreeSet<Uuid>,
    pub main_board: Option<Uuid>,
}

/// Every epic and every feature (each in rank order), the feature above each
/// work item, and each team board holding work: its name and daily throughput
/// over the forecast's history window.
pub struct Plan {
    pub epics: Vec<PlannedItem>,
    pub features: Vec<PlannedItem>,
    pub feature_of: HashMap<Uuid, Uuid>,
    pub boards: HashMap<Uuid, (String, Vec<u32>)>,
}

pub async fn read(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Plan, StoreError> {
    let columns = super::columns::all_by_id(db).await?;
    let team_boards: HashMap<Uuid, board::Model> = board::Entity::find()
        .filter(board::Column::Kind.eq(BoardKind::Team.key()))
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.id, b))
        .collect();
    let rows = item::Entity::find()
        .order_by_asc(item::Column::Rank)
        .all(db)
        .await?;
    let done = |column: Uuid| {
        columns
            .get(&column)
            .is_some_and(|c| c.state_category == StateCategory::Done)
    };
    // Each feature's work: left, all, and work items per team board.
    let mut work: HashMap<Uuid, (u32, u32, HashMap<Uuid, u32>)> = HashMap::new();
    let mut feature_of = HashMap::new();
    for row in rows.iter().filter(|r| r.kind == ItemKind::WorkItem) {
        let Some(feature) = row.parent_id else {
            continue;
        };
        feature_of.insert(row.id, feature);
        let entry = work.entry(feature).or_default();
        entry.1 += 1;
        if !done(row.column_id) {
            entry.0 += 1;
        }
        if let Some(column) = columns.get(&row.column_id) {
            if team_boards.contains_key(&column.board_id) {
                *entry.2.entry(column.board_id).or_default() += 1;
            }
        }
    }
    let planned = |row: &item::Model, own: Option<&(u32, u32, HashMap<Uuid, u32>)>| {
        let (remaining, total, held) = own.cloned().unwrap_or_default();
        PlannedItem {
            kind: row.kind,
            id: row.id,
            parent_id: row.parent_id,
            title: row.title.clone(),
            board_id: columns
                .get(&row.column_id)
                .map(|c| c.board_id)
                .unwrap_or_default(),
            state: columns
                .get(&row.column_id)
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            done: done(row.column_id),
            target: row.target_date,
            remaining,
            total,
            boards: held.keys().copied().collect(),
            main_board: held
                .iter()
                .max_by_key(|(board, count)| (**count, std::cmp::Reverse(**board)))
                .map(|(board, _)| *board),
        }
    };
    let features: Vec<PlannedItem> = rows
        .iter()
        .filter(|r| r.kind == ItemKind::Feature)
        .map(|r| planned(r, work.get(&r.id)))
        .collect();
    // An epic's work is its features' work.
    let mut epic_work: HashMap<Uuid, (u32, u32, HashMap<Uuid, u32>)> = HashMap::new();
    for feature in rows.iter().filter(|r| r.kind == ItemKind::Feature) {
        let (Some(epic), Some((left, all, held))) = (feature.parent_id, work.get(&feature.id))
        else {
            continue;
        };
        let entry = epic_work.entry(epic).or_default();
        entry.0 += left;
        entry.1 += all;
        for (board, count) in held {
            *entry.2.entry(*board).or_default() += count;
        }
    }
    let epics: Vec<PlannedItem> = rows
        .iter()
        .filter(|r| r.kind == ItemKind::Epic)
        .map(|r| planned(r, epic_work.get(&r.id)))
        .collect();
    let used: BTreeSet<Uuid> = features
        .iter()
        .flat_map(|f| f.boards.iter().copied())
        .collect();
    let mut boards = HashMap::new();
    for id in used {
        let Some(board) = team_boards.get(&id) else {
            continue;
        };
        let daily = super::forecast::daily_throughput(db, std::slice::from_ref(board), now).await?;
        boards.insert(id, (board.name.clone(), daily));
    }
    Ok(Plan {
        epics,
        features,
        feature_of,
        boards,
    })
}
