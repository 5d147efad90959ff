//! Reading a team board's history for flow metrics: the database picks the board's
//! items that matter to the range and their moves; `domain::flow` does the math.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Query;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::domain::board::StateCategory;
use crate::domain::flow::{BoardHistory, ColumnKind, ItemHistory, Move};
use crate::entities::{board_column, transition, work_item};
use crate::error::AppError;

/// A board's history for flow metrics over the days from `first` to before
/// `until`: its columns (also removed ones, which history may pass through), the
/// items created by then with their moves up to then, and, counted per column
/// instead, the items that sat finished through the whole range. The database does
/// that filtering: on a board with years of history, a month reads a month's work.
pub async fn board_history(
    db: &impl ConnectionTrait,
    board_id: Uuid,
    first: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<(Vec<board_column::Model>, BoardHistory), AppError> {
    let columns = board_column::Entity::find()
        .filter(board_column::Column::BoardId.eq(board_id))
        .order_by_asc(board_column::Column::Position)
        .all(db)
        .await?;
    let mut kinds = HashMap::with_capacity(columns.len());
    for column in &columns {
        kinds.insert(
            column.id,
            ColumnKind {
                category: column.state_category.parse()?,
                activity: column.activity.parse()?,
            },
        );
    }
    let all: Vec<Uuid> = columns.iter().map(|c| c.id).collect();
    let done: Vec<Uuid> = columns
        .iter()
        .filter(|c| c.state_category == StateCategory::Done.key())
        .map(|c| c.id)
        .collect();
    // Finished before the range and not moved since: in a done column and not
    // among the items with a transition from the range's first day on.
    let moved_since_first = Query::select()
        .column(transition::Column::ItemId)
        .from(transition::Entity)
        .and_where(transition::Column::At.gte(first))
        .to_owned();
    let settled = Condition::all()
        .add(work_item::Column::ColumnId.is_in(done.clone()))
        .add(work_item::Column::Id.not_in_subquery(moved_since_first));
    let on_board = Condition::all()
        .add(work_item::Column::ColumnId.is_in(all))
        .add(work_item::Column::CreatedAt.lte(until));

    let settled_counts: Vec<(Uuid, i64)> = work_item::Entity::find()
        .select_only()
        .column(work_item::Column::ColumnId)
        .column_as(work_item::Column::Id.count(), "settled")
        .filter(on_board.clone())
        .filter(settled.clone())
        .group_by(work_item::Column::ColumnId)
        .into_tuple()
        .all(db)
        .await?;
    let active = Condition::all().add(on_board).add(settled.not());
    let items: Vec<(Uuid, String, DateTime<Utc>)> = work_item::Entity::find()
        .select_only()
        .columns([
            work_item::Column::Id,
            work_item::Column::Kind,
            work_item::Column::CreatedAt,
        ])
        .filter(active.clone())
        .into_tuple()
        .all(db)
        .await?;
    let active_ids = Query::select()
        .column(work_item::Column::Id)
        .from(work_item::Entity)
        .cond_where(active)
        .to_owned();
    let moves: Vec<(Uuid, Uuid, DateTime<Utc>)> = transition::Entity::find()
        .select_only()
        .columns([
            transition::Column::ItemId,
            transition::Column::ToColumnId,
            transition::Column::At,
        ])
        .filter(transition::Column::ItemId.in_subquery(active_ids))
        .filter(transition::Column::At.lt(until))
        .order_by_asc(transition::Column::At)
        .into_tuple()
        .all(db)
        .await?;
    let mut by_item: HashMap<Uuid, Vec<Move>> = HashMap::with_capacity(items.len());
    for (item, to, at) in moves {
        by_item.entry(item).or_default().push(Move { at, to });
    }
    let history = BoardHistory {
        items: items
            .into_iter()
            .map(|(id, kind, created)| ItemHistory {
                moves: by_item.remove(&id).unwrap_or_default(),
                id,
                kind,
                created,
            })
            .collect(),
        columns: kinds,
        order: columns
            .iter()
            .filter(|c| c.removed_at.is_none())
            .map(|c| c.id)
            .collect(),
        settled: settled_counts
            .into_iter()
            .map(|(column, n)| (column, u32::try_from(n).unwrap_or(u32::MAX)))
            .collect(),
    };
    Ok((columns, history))
}

/// The titles of these work items (read in chunks: engines cap bound parameters).
pub async fn titles(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<Vec<(Uuid, String)>, AppError> {
    let mut titles = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let rows: Vec<(Uuid, String)> = work_item::Entity::find()
            .select_only()
            .columns([work_item::Column::Id, work_item::Column::Title])
            .filter(work_item::Column::Id.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        titles.extend(rows);
    }
    Ok(titles)
}
