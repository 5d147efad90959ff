//! Writing imported items: each new one with its history of moves (the
//! transitions flow metrics read), each one imported before found by its source
//! key and brought up to date, never added twice.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
};
use uuid::Uuid;

use super::audit::{self, Change, Via};
use super::editable::Stored;
use super::error::StoreError;
use super::items::{self, Actor};
use crate::domain::hierarchy::{ClassOfService, ItemKind};
use crate::domain::import::{Placement, Plan, TargetColumn};
use crate::domain::planning::rank_between;
use crate::entities::{item, transition};

/// What one batch did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub created: usize,
    pub updated: usize,
    /// Imported before and the same in the file now.
    pub unchanged: usize,
    pub moves: usize,
}

impl std::ops::AddAssign for Written {
    fn add_assign(&mut self, other: Written) {
        self.created += other.created;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
        self.moves += other.moves;
    }
}

/// The items already imported under these source keys, by key.
async fn imported(
    db: &impl ConnectionTrait,
    keys: impl IntoIterator<Item = String>,
) -> Result<HashMap<String, item::Model>, StoreError> {
    let keys: Vec<String> = keys.into_iter().collect();
    let mut found = HashMap::new();
    // Bound well under either engine's limit of values per statement.
    for chunk in keys.chunks(500) {
        let rows = item::Entity::find()
            .filter(item::Column::SourceKey.is_in(chunk.iter().cloned()))
            .all(db)
            .await?;
        found.extend(
            rows.into_iter()
                .filter_map(|row| Some((row.source_key.clone()?, row))),
        );
    }
    Ok(found)
}

/// The next rank at the bottom of each column a batch writes to: each column's
/// bottom is read once, then every card goes below the last one placed.
#[derive(Default)]
struct Bottoms(HashMap<Uuid, i64>);

impl Bottoms {
    async fn next(&mut self, db: &impl ConnectionTrait, column: Uuid) -> Result<i64, StoreError> {
        let rank = match self.0.get(&column) {
            Some(last) => rank_between(Some(*last), None).unwrap_or(i64::MAX),
            None => items::bottom_rank(db, column).await?,
        };
        self.0.insert(column, rank);
        Ok(rank)
    }
}

/// Items per transaction.
const BATCH: usize = 200;

/// A board's columns, as an import places items in them.
pub async fn targets(
    db: &impl ConnectionTrait,
    board: Uuid,
) -> Result<Vec<TargetColumn>, StoreError> {
    Ok(items::columns_of(db, board)
        .await?
        .into_iter()
        .map(|column| TargetColumn {
            id: column.id,
            name: column.name,
            category: column.state_category,
        })
        .collect())
}

/// Writes what `plan` places, in one transaction per batch (a failure leaves the
/// batches before it written: importing again finishes the job, since each item
/// is found by its source key). `progress` hears of the items written so far
/// after each batch.
pub async fn apply<F, Fut>(
    db: &DatabaseConnection,
    plan: &Plan,
    source: &str,
    actor: Actor,
    now: DateTime<Utc>,
    mut progress: F,
) -> Result<Written, StoreError>
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = Result<(), StoreError>>,
{
    let mut written = Written::default();
    let mut done = 0;
    for batch in plan.placements.chunks(BATCH) {
        let txn = super::begin_writing(db).await?;
        written += write_batch(&txn, batch, source, actor, now).await?;
        txn.commit().await?;
        done += batch.len();
        progress(done).await?;
    }
    Ok(written)
}

/// Writes one batch; parents are looked up by their source keys, so a parent's
/// batch goes first. `source` names the tool in each item's history ("Jira").
async fn write_batch(
    db: &impl ConnectionTrait,
    batch: &[Placement],
    source: &str,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Written, StoreError> {
    let keys = batch
        .iter()
        .flat_map(|p| std::iter::once(p.item.key.clone()).chain(p.item.parent.clone()));
    let mut known = imported(db, keys).await?;
    let mut bottoms = Bottoms::default();
    let mut written = Written::default();
    for placement in batch {
        let source_item = &placement.item;
        let parent = source_item
            .parent
            .as_ref()
            .and_then(|key| known.get(key))
            .filter(|row| items::child_kind(row.kind) == Some(source_item.kind))
            .map(|row| row.id);
        match known.get(&source_item.key) {
            Some(row) => {
                match update(db, row, placement, parent, &mut bottoms, actor, now).await? {
                    Some(moves) => {
                        written.moves += moves;
                        written.updated += 1;
                    }
                    None => written.unchanged += 1,
                }
            }
            None => {
                let rank = bottoms.next(db, placement.column).await?;
                let row = create(db, placement, parent, rank, source, actor).await?;
                written.moves += placement.moves.len();
                written.created += 1;
                // Its children may come later in the same batch.
                known.insert(source_item.key.clone(), row);
            }
        }
    }
    Ok(written)
}

/// Records that `row` arrived in `to` at `at` (from `from`, or newly created).
async fn record_move(
    db: &impl ConnectionTrait,
    row: &item::Model,
    from: Option<Uuid>,
    to: Uuid,
    at: DateTime<Utc>,
    actor: Actor,
) -> Result<(), StoreError> {
    transition::ActiveModel {
        id: Set(Uuid::new_v4()),
        item_kind: Set(row.kind),
        item_id: Set(row.id),
        from_column_id: Set(from),
        to_column_id: Set(to),
        at: Set(at),
        by: Set(actor.user_id.to_string()),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// A new item at `rank`, created where its history starts and moved as it was.
async fn create(
    db: &impl ConnectionTrait,
    placement: &Placement,
    parent: Option<Uuid>,
    rank: i64,
    source: &str,
    actor: Actor,
) -> Result<item::Model, StoreError> {
    let source_item = &placement.item;
    let arrived = placement
        .moves
        .last()
        .map_or(source_item.updated, |(at, _)| *at);
    let work_item = source_item.kind == ItemKind::WorkItem;
    let mut stored = Stored::blank(
        source_item.kind,
        placement.column,
        rank,
        source_item.created,
    );
    let row = &mut stored.item;
    row.parent_id = parent;
    row.title = source_item.title.clone();
    row.description = source_item.description.clone();
    row.size = source_item.size;
    if work_item {
        row.work_type = source_item.work_type;
        row.assignee = source_item.assignee.clone();
        row.class_of_service = Some(ClassOfService::Standard);
    }
    row.updated_at = source_item.updated.max(arrived);
    row.entered_column_at = Some(arrived);
    row.target_date = source_item.due;
    row.source_key = Some(source_item.key.clone());
    let row = stored.item.clone();
    stored.insert(db).await?;
    let mut from = None;
    for (at, to) in &placement.moves {
        record_move(db, &row, from, *to, *at, actor).await?;
        from = Some(*to);
    }
    audit::record(
        db,
        Change {
            item_kind: row.kind,
            item_id: row.id,
            field: "imported",
            old_value: None,
            new_value: Some(format!("{source} {}", source_item.label)),
            user_id: actor.user_id,
            via: Via::Import,
            at: source_item.created,
        },
    )
    .await?;
    Ok(row)
}

/// An item imported before: its fields as the file has them now, and a move (at
/// `now`) if its status now maps to another column. Its earlier history stays.
/// `None` when nothing differs; else the moves recorded.
async fn update(
    db: &impl ConnectionTrait,
    row: &item::Model,
    placement: &Placement,
    parent: Option<Uuid>,
    bottoms: &mut Bottoms,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Option<usize>, StoreError> {
    let source_item = &placement.item;
    let moved = row.column_id != placement.column;
    let work_item = row.kind == ItemKind::WorkItem;
    let unchanged = !moved
        && row.title == source_item.title
        && row.description == source_item.description
        && row.size == source_item.size
        && row.parent_id == parent.or(row.parent_id)
        && row.target_date == source_item.due
        && (!work_item || row.assignee == source_item.assignee);
    if unchanged {
        return Ok(None);
    }
    let mut change: item::ActiveModel = row.clone().into();
    change.title = Set(source_item.title.clone());
    change.description = Set(source_item.description.clone());
    change.size = Set(source_item.size);
    change.target_date = Set(source_item.due);
    if parent.is_some() {
        change.parent_id = Set(parent);
    }
    if work_item {
        change.assignee = Set(source_item.assignee.clone());
    }
    change.version = Set(row.version + 1);
    change.updated_at = Set(now);
    if moved {
        change.column_id = Set(placement.column);
        change.rank = Set(bottoms.next(db, placement.column).await?);
        change.entered_column_at = Set(Some(now));
    }
    change.update(db).await?;
    if !moved {
        return Ok(Some(0));
    }
    record_move(db, row, Some(row.column_id), placement.column, now, actor).await?;
    Ok(Some(1))
}
