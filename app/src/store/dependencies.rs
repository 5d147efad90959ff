//! Dependencies between items: making one wait on another (never round a cycle),
//! undoing it, and reading them for an item's page, the cards and a move that
//! finishes an item.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};
use uuid::Uuid;

use super::audit::{self, Change};
use super::by_ids;
use super::error::{Refusal, StoreError};
use super::items::Actor;
use crate::domain::board::StateCategory;
use crate::domain::dependency::{cycle_closed_by, DependencyDraft, DependencyRow, Edge};
use crate::entities::{board, board_column, dependency, item};

/// The audit field of making an item wait on another, and of undoing it.
pub const AUDIT_FIELD: &str = "waits on";

/// Makes `downstream` wait on the draft's item; refused when it already does, when
/// there is no such item, or round a cycle (named). Recorded in its history.
pub async fn add(
    db: &impl ConnectionTrait,
    downstream: &item::Model,
    draft: DependencyDraft,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Uuid, StoreError> {
    // Two dependencies added at once must not close a cycle between them: the
    // graph is read and written by one writer at a time (SQLite's writing
    // transaction is that already).
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        db.execute_unprepared("LOCK TABLE dependencies IN SHARE ROW EXCLUSIVE MODE")
            .await?;
    }
    let upstream = item::Entity::find_by_id(draft.upstream_id)
        .one(db)
        .await?
        .ok_or(Refusal::NoSuchUpstream)?;
    let edges: Vec<Edge> = dependency::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|d| Edge {
            upstream: d.upstream_id,
            downstream: d.downstream_id,
        })
        .collect();
    if edges.contains(&Edge {
        upstream: upstream.id,
        downstream: downstream.id,
    }) {
        return Err(Refusal::AlreadyWaitsOn {
            item: downstream.title.clone(),
            upstream: upstream.title,
        }
        .into());
    }
    if let Some(way) = cycle_closed_by(&edges, upstream.id, downstream.id) {
        let titles = titles(db, &way).await?;
        return Err(Refusal::DependencyCycle {
            titles: way
                .iter()
                .map(|id| titles.get(id).cloned().unwrap_or_default())
                .collect(),
        }
        .into());
    }
    let id = Uuid::new_v4();
    dependency::ActiveModel {
        id: Set(id),
        upstream_id: Set(upstream.id),
        downstream_id: Set(downstream.id),
        needed_by: Set(draft.needed_by),
        note: Set(draft.note),
        created_by: Set(actor.user_id),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    audit_waiting(db, downstream, None, Some(upstream.title), actor, now).await?;
    Ok(id)
}

/// Records in the item's history that it started (`new`) or stopped (`old`)
/// waiting on the item titled so.
async fn audit_waiting(
    db: &impl ConnectionTrait,
    downstream: &item::Model,
    old: Option<String>,
    new: Option<String>,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    audit::record(
        db,
        Change {
            item_kind: downstream.kind,
            item_id: downstream.id,
            field: AUDIT_FIELD,
            old_value: old,
            new_value: new,
            user_id: actor.user_id,
            via: actor.via,
            at: now,
        },
    )
    .await
}

/// The dependency `id` of the item `downstream`; 404 when it has none such.
pub async fn find(
    db: &impl ConnectionTrait,
    id: Uuid,
    downstream: Uuid,
) -> Result<dependency::Model, StoreError> {
    dependency::Entity::find_by_id(id)
        .filter(dependency::Column::DownstreamId.eq(downstream))
        .one(db)
        .await?
        .ok_or_else(|| StoreError::not_found("that dependency"))
}

/// Stops `downstream` waiting; recorded in its history.
pub async fn remove(
    db: &impl ConnectionTrait,
    dependency: dependency::Model,
    downstream: &item::Model,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let upstream = titles(db, &[dependency.upstream_id]).await?;
    dependency::Entity::delete_by_id(dependency.id)
        .exec(db)
        .await?;
    let title = upstream.get(&dependency.upstream_id).cloned();
    audit_waiting(db, downstream, title, None, actor, now).await
}

/// Every dependency, as a link between two items.
pub async fn all(
    db: &impl ConnectionTrait,
) -> Result<Vec<crate::domain::dependency_map::ItemLink>, StoreError> {
    Ok(dependency::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|d| crate::domain::dependency_map::ItemLink {
            upstream: d.upstream_id,
            downstream: d.downstream_id,
            needed_by: d.needed_by,
        })
        .collect())
}

/// How many unfinished items each of `downstream` waits on (only those waiting on
/// any are named).
pub async fn open_upstream(
    db: &impl ConnectionTrait,
    downstream: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, u32>, StoreError> {
    let waiting = by_ids::find(
        db,
        dependency::Entity::find(),
        dependency::Column::DownstreamId,
        downstream,
    )
    .await?;
    if waiting.is_empty() {
        return Ok(HashMap::new());
    }
    let open: HashSet<Uuid> = unfinished(db, waiting.iter().map(|d| d.upstream_id)).await?;
    let mut counts = HashMap::new();
    for dependency in waiting.iter().filter(|d| open.contains(&d.upstream_id)) {
        *counts.entry(dependency.downstream_id).or_insert(0) += 1;
    }
    Ok(counts)
}

/// Which of `items` are not in a done column.
async fn unfinished(
    db: &impl ConnectionTrait,
    items: impl IntoIterator<Item = Uuid>,
) -> Result<HashSet<Uuid>, StoreError> {
    let rows = by_ids::find(db, item::Entity::find(), item::Column::Id, items).await?;
    let columns = columns_by_id(db, rows.iter().map(|r| r.column_id)).await?;
    Ok(rows
        .into_iter()
        .filter(|row| {
            columns
                .get(&row.column_id)
                .is_none_or(|c| c.state_category != StateCategory::Done)
        })
        .map(|row| row.id)
        .collect())
}

/// An item's dependencies both ways, each with the item at the other end, its
/// state and its target date; when the upstream is expected done is for the
/// caller to say (a forecast), so `expected` is `None` and `late` false here.
pub async fn of_item(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<crate::domain::dependency::ItemDependencies, StoreError> {
    let upstream = dependency::Entity::find()
        .filter(dependency::Column::DownstreamId.eq(id))
        .order_by_asc(dependency::Column::CreatedAt)
        .all(db)
        .await?;
    let downstream = dependency::Entity::find()
        .filter(dependency::Column::UpstreamId.eq(id))
        .order_by_asc(dependency::Column::CreatedAt)
        .all(db)
        .await?;
    let others = upstream
        .iter()
        .map(|d| d.upstream_id)
        .chain(downstream.iter().map(|d| d.downstream_id));
    let items: HashMap<Uuid, item::Model> = item::Entity::find()
        .filter(item::Column::Id.is_in(others))
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.id, row))
        .collect();
    let columns = columns_by_id(db, items.values().map(|row| row.column_id)).await?;
    let boards: HashMap<Uuid, String> = board::Entity::find()
        .filter(board::Column::Id.is_in(columns.values().map(|c| c.board_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.id, b.name))
        .collect();
    let row = |dependency: dependency::Model, other: Uuid| -> Result<DependencyRow, StoreError> {
        let item = items.get(&other).ok_or_else(|| StoreError::Inconsistent {
            detail: format!("dependency {} names no item {other}", dependency.id),
        })?;
        let column = columns
            .get(&item.column_id)
            .ok_or_else(|| StoreError::Inconsistent {
                detail: format!("item {other} sits in no column"),
            })?;
        Ok(DependencyRow {
            id: dependency.id,
            kind: item.kind,
            item_id: other,
            title: item.title.clone(),
            state: column.name.clone(),
            done: column.state_category == StateCategory::Done,
            board: boards.get(&column.board_id).cloned().unwrap_or_default(),
            needed_by: dependency.needed_by,
            note: dependency.note,
            target_date: item.target_date,
            expected: None,
            late: false,
        })
    };
    Ok(crate::domain::dependency::ItemDependencies {
        upstream: upstream
            .into_iter()
            .map(|d| {
                let other = d.upstream_id;
                row(d, other)
            })
            .collect::<Result<_, _>>()?,
        downstream: downstream
            .into_iter()
            .map(|d| {
                let other = d.downstream_id;
                row(d, other)
            })
            .collect::<Result<_, _>>()?,
    })
}

async fn columns_by_id(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, board_column::Model>, StoreError> {
    Ok(by_ids::find(
        db,
        board_column::Entity::find(),
        board_column::Column::Id,
        ids,
    )
    .await?
    .into_iter()
    .map(|c| (c.id, c))
    .collect())
}

async fn titles(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, String>, StoreError> {
    Ok(item::Entity::find()
        .filter(item::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.id, row.title))
        .collect())
}
