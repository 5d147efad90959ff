//! A team reshaping its board: adding, changing, reordering and removing columns.
//! Every change is checked against the layout rule of `domain::board` as the board
//! would be after it, so a board always reads not started, started, done.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter,
};
use uuid::Uuid;

use super::error::{Refusal, StoreError};
use super::items;
use crate::domain::board::{check_layout, Activity, ColumnSpec};
use crate::entities::{board, board_column, item};

fn spec(column: &board_column::Model) -> Result<ColumnSpec, StoreError> {
    Ok(ColumnSpec {
        name: column.name.clone(),
        category: column.state_category,
    })
}

fn check(layout: &[ColumnSpec]) -> Result<(), StoreError> {
    check_layout(layout).map_err(|rule| Refusal::Layout(rule).into())
}

/// Writes positions 0, 1, 2… in the order given.
/// Every board's columns, by id.
pub async fn all_by_id(
    db: &impl ConnectionTrait,
) -> Result<std::collections::HashMap<Uuid, board_column::Model>, StoreError> {
    Ok(board_column::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect())
}

async fn write_positions(
    db: &impl ConnectionTrait,
    columns: &[Uuid],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    for (position, id) in columns.iter().enumerate() {
        board_column::Entity::update_many()
            .col_expr(board_column::Column::Position, Expr::value(position as i32))
            .col_expr(board_column::Column::UpdatedAt, Expr::value(now))
            .filter(board_column::Column::Id.eq(*id))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Adds a column just before the board's first done column.
pub async fn add(
    db: &impl ConnectionTrait,
    board: &board::Model,
    (new, activity): (ColumnSpec, Activity),
    now: DateTime<Utc>,
) -> Result<Uuid, StoreError> {
    let columns = items::columns_of(db, board.id).await?;
    let mut layout = columns.iter().map(spec).collect::<Result<Vec<_>, _>>()?;
    let at = layout
        .iter()
        .position(|c| c.category == crate::domain::board::StateCategory::Done)
        .unwrap_or(layout.len());
    layout.insert(at, new.clone());
    check(&layout)?;
    let id = Uuid::new_v4();
    board_column::ActiveModel {
        id: Set(id),
        board_id: Set(board.id),
        name: Set(new.name),
        position: Set(at as i32),
        state_category: Set(new.category),
        activity: Set(activity),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        removed_at: Set(None),
    }
    .insert(db)
    .await?;
    let mut order: Vec<Uuid> = columns.iter().map(|c| c.id).collect();
    order.insert(at, id);
    write_positions(db, &order, now).await?;
    Ok(id)
}

/// Renames a column or changes its state category or activity.
pub async fn update(
    db: &impl ConnectionTrait,
    column: &board_column::Model,
    version: i32,
    (changed, activity): (ColumnSpec, Activity),
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    if column.version != version {
        return Err(StoreError::Stale {
            what: format!("the column “{}”", column.name),
        });
    }
    let columns = items::columns_of(db, column.board_id).await?;
    let layout = columns
        .iter()
        .map(|c| {
            if c.id == column.id {
                Ok(changed.clone())
            } else {
                spec(c)
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    check(&layout)?;
    let updated = board_column::Entity::update_many()
        .set(board_column::ActiveModel {
            name: Set(changed.name),
            state_category: Set(changed.category),
            activity: Set(activity),
            version: Set(version + 1),
            updated_at: Set(now),
            ..Default::default()
        })
        .filter(board_column::Column::Id.eq(column.id))
        // The version filter turns a concurrent writer's update into a no-op we see.
        .filter(board_column::Column::Version.eq(version))
        .exec(db)
        .await?;
    if updated.rows_affected == 0 {
        return Err(StoreError::Raced {
            what: format!("the column “{}”", column.name),
        });
    }
    Ok(())
}

/// Moves a column one place left (`-1`) or right (`1`).
pub async fn shift(
    db: &impl ConnectionTrait,
    column: &board_column::Model,
    step: isize,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let mut columns = items::columns_of(db, column.board_id).await?;
    let from = columns
        .iter()
        .position(|c| c.id == column.id)
        .ok_or_else(|| StoreError::not_found("that column"))?;
    let to = from
        .checked_add_signed(step)
        .filter(|to| *to < columns.len())
        .ok_or_else(|| Refusal::ColumnAtEnd {
            column: column.name.clone(),
        })?;
    columns.swap(from, to);
    check(&columns.iter().map(spec).collect::<Result<Vec<_>, _>>()?)?;
    let order: Vec<Uuid> = columns.iter().map(|c| c.id).collect();
    write_positions(db, &order, now).await
}

/// Removes an empty column. It stays in the database, hidden, so the history of
/// the cards that passed through it stays whole.
pub async fn remove(
    db: &impl ConnectionTrait,
    column: &board_column::Model,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let cards = item::Entity::find()
        .filter(item::Column::ColumnId.eq(column.id))
        .count(db)
        .await?;
    if cards > 0 {
        return Err(Refusal::ColumnNotEmpty {
            column: column.name.clone(),
            cards,
        }
        .into());
    }
    let columns = items::columns_of(db, column.board_id).await?;
    let remaining: Vec<_> = columns.iter().filter(|c| c.id != column.id).collect();
    check(
        &remaining
            .iter()
            .map(|c| spec(c))
            .collect::<Result<Vec<_>, _>>()?,
    )?;
    board_column::Entity::update_many()
        .col_expr(board_column::Column::RemovedAt, Expr::value(now))
        .col_expr(
            board_column::Column::Version,
            Expr::value(column.version + 1),
        )
        .filter(board_column::Column::Id.eq(column.id))
        .exec(db)
        .await?;
    let order: Vec<Uuid> = remaining.iter().map(|c| c.id).collect();
    write_positions(db, &order, now).await
}
