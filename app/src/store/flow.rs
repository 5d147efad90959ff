//! Reading a team board's history for flow metrics: the database picks the board's
//! items and their moves up to the end of the range; `domain::flow` does the math.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::domain::flow::{ColumnKind, ItemHistory, Move};
use crate::entities::{board_column, transition, work_item};
use crate::error::AppError;

/// A board's columns (also removed ones, which history may pass through), left to
/// right, and what flow needs to know of each.
pub async fn columns(
    db: &impl ConnectionTrait,
    board_id: Uuid,
) -> Result<(Vec<board_column::Model>, HashMap<Uuid, ColumnKind>), AppError> {
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
    Ok((columns, kinds))
}

/// Every work item on the board created by `until`, with its moves up to then.
pub async fn histories(
    db: &impl ConnectionTrait,
    board_id: Uuid,
    until: DateTime<Utc>,
) -> Result<Vec<ItemHistory>, AppError> {
    let board_columns = Query::select()
        .column(board_column::Column::Id)
        .from(board_column::Entity)
        .and_where(board_column::Column::BoardId.eq(board_id))
        .to_owned();
    let items: Vec<(Uuid, String, DateTime<Utc>)> = work_item::Entity::find()
        .select_only()
        .columns([
            work_item::Column::Id,
            work_item::Column::Kind,
            work_item::Column::CreatedAt,
        ])
        .filter(work_item::Column::ColumnId.in_subquery(board_columns.clone()))
        .filter(work_item::Column::CreatedAt.lte(until))
        .into_tuple()
        .all(db)
        .await?;
    let board_items = Query::select()
        .column(work_item::Column::Id)
        .from(work_item::Entity)
        .and_where(work_item::Column::ColumnId.in_subquery(board_columns))
        .to_owned();
    let moves: Vec<(Uuid, Uuid, DateTime<Utc>)> = transition::Entity::find()
        .select_only()
        .columns([
            transition::Column::ItemId,
            transition::Column::ToColumnId,
            transition::Column::At,
        ])
        .filter(transition::Column::ItemId.in_subquery(board_items))
        .filter(transition::Column::At.lte(until))
        .order_by_asc(transition::Column::At)
        .into_tuple()
        .all(db)
        .await?;
    let mut by_item: HashMap<Uuid, Vec<Move>> = HashMap::with_capacity(items.len());
    for (item, to, at) in moves {
        by_item.entry(item).or_default().push(Move { at, to });
    }
    Ok(items
        .into_iter()
        .map(|(id, kind, created)| ItemHistory {
            moves: by_item.remove(&id).unwrap_or_default(),
            id,
            kind,
            created,
        })
        .collect())
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
