//! Changing work items: every change validated, written with its transition and
//! audit rows in one transaction, and refused with 409 when the item changed since
//! the caller read it.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};
use uuid::Uuid;

use super::audit::{self, Change, Via};
use crate::domain::hierarchy::ItemKind;
use crate::entities::{board, board_column, transition, work_item};
use crate::error::AppError;

/// Where a work item sits: its column, board and team.
pub struct Placement {
    pub item: work_item::Model,
    pub column: board_column::Model,
    pub team_id: Option<Uuid>,
}

pub async fn placement(db: &impl ConnectionTrait, item_id: Uuid) -> Result<Placement, AppError> {
    let item = work_item::Entity::find_by_id(item_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("that work item"))?;
    let column = column(db, item.column_id).await?;
    let team_id = board::Entity::find_by_id(column.board_id)
        .one(db)
        .await?
        .and_then(|b| b.team_id);
    Ok(Placement {
        item,
        column,
        team_id,
    })
}

/// Who is making a change, and how.
pub struct Actor {
    pub user_id: Uuid,
    pub via: Via,
}

/// Moves the item to the bottom of `to_column` on the same board.
pub async fn move_to_column(
    db: &impl ConnectionTrait,
    placement: Placement,
    to_column_id: Uuid,
    version: i32,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let Placement {
        item, column: from, ..
    } = placement;
    if item.version != version {
        return Err(AppError::Conflict {
            detail: format!(
                "“{}” was changed by someone else since you loaded the board: reload and try again",
                item.title
            ),
        });
    }
    let to = column(db, to_column_id).await?;
    if to.board_id != from.board_id {
        return Err(AppError::Invalid {
            detail: format!("the column “{}” is on another board", to.name),
        });
    }
    if to.id == from.id {
        return Ok(());
    }
    let bottom = work_item::Entity::find()
        .filter(work_item::Column::ColumnId.eq(to.id))
        .order_by_desc(work_item::Column::Rank)
        .one(db)
        .await?
        .map_or(0, |last| last.rank);
    let (item_id, title) = (item.id, item.title.clone());
    let mut active: work_item::ActiveModel = item.into();
    active.column_id = Set(to.id);
    active.rank = Set(bottom + 1000);
    active.version = Set(version + 1);
    active.updated_at = Set(now);
    // The version filter makes a concurrent writer's update a no-op we can detect.
    let updated = work_item::Entity::update_many()
        .set(active)
        .filter(work_item::Column::Id.eq(item_id))
        .filter(work_item::Column::Version.eq(version))
        .exec(db)
        .await?;
    if updated.rows_affected == 0 {
        return Err(AppError::Conflict {
            detail: format!(
                "“{title}” was changed by someone else at the same moment: reload and try again"
            ),
        });
    }
    transition::ActiveModel {
        id: Set(Uuid::new_v4()),
        item_kind: Set(ItemKind::WorkItem.key().to_owned()),
        item_id: Set(item_id),
        from_column_id: Set(Some(from.id)),
        to_column_id: Set(to.id),
        at: Set(now),
        by: Set(actor.user_id.to_string()),
    }
    .insert(db)
    .await?;
    audit::record(
        db,
        Change {
            item_kind: ItemKind::WorkItem,
            item_id,
            field: "column",
            old_value: Some(from.name),
            new_value: Some(to.name),
            user_id: actor.user_id,
            via: actor.via,
            at: now,
        },
    )
    .await
}

async fn column(
    db: &impl ConnectionTrait,
    column_id: Uuid,
) -> Result<board_column::Model, AppError> {
    board_column::Entity::find_by_id(column_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("that column"))
}
