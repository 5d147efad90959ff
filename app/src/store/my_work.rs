//! What one person holds across every board: the work items assigned to them and
//! the epics they own, named as their account names them (in any case).

use std::collections::HashMap;

use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::error::StoreError;
use crate::domain::board::HeldItem;
use crate::domain::hierarchy::ItemKind;
use crate::entities::{board, board_column, item};

/// Everything `person` holds, wherever it is, in no particular order.
pub async fn held_by(db: &impl ConnectionTrait, person: &str) -> Result<Vec<HeldItem>, StoreError> {
    let name = person.trim().to_lowercase();
    // A work item is held by its assignee, an epic by its owner.
    let held_as = |kind: ItemKind, holder: item::Column| {
        Condition::all()
            .add(item::Column::Kind.eq(kind))
            .add(Expr::expr(Func::lower(Expr::col(holder))).eq(name.clone()))
    };
    let items = item::Entity::find()
        .filter(
            Condition::any()
                .add(held_as(ItemKind::WorkItem, item::Column::Assignee))
                .add(held_as(ItemKind::Epic, item::Column::Owner)),
        )
        .all(db)
        .await?;
    let columns: HashMap<Uuid, board_column::Model> = board_column::Entity::find()
        .filter(board_column::Column::Id.is_in(items.iter().map(|item| item.column_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|column| (column.id, column))
        .collect();
    let boards: HashMap<Uuid, board::Model> = board::Entity::find()
        .filter(board::Column::Id.is_in(columns.values().map(|column| column.board_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|board| (board.id, board))
        .collect();
    items
        .into_iter()
        .map(|item| {
            let inconsistent = || StoreError::Inconsistent {
                detail: format!("the item {} is in no column of a board", item.id),
            };
            let column = columns.get(&item.column_id).ok_or_else(inconsistent)?;
            let board = boards.get(&column.board_id).ok_or_else(inconsistent)?;
            Ok(HeldItem {
                id: item.id,
                kind: item.kind,
                board: super::detail::board_ref(board),
                column: column.name.clone(),
                category: column.state_category,
                in_column_since: item.entered_column_at.unwrap_or(item.created_at),
                blocked: item
                    .blocked
                    .then(|| item.blocked_reason.clone().unwrap_or_default()),
                title: item.title,
            })
        })
        .collect()
}
