//! Creating boards with their kind's default columns.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder,
};
use uuid::Uuid;

use super::error::{Named, Refusal, StoreError};
use crate::domain::board::BoardKind;
use crate::domain::wip::{Enforcement, Measure, ScopeKind};
use crate::entities::{board, board_column, team, wip_limit};

/// The portfolio board, created with the SAFe columns if the database has none, so
/// a fresh installation opens on an empty portfolio kanban rather than an error.
pub async fn ensure_portfolio_board(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<BoardLayout, DbErr> {
    let existing = board::Entity::find()
        .filter(board::Column::Kind.eq(BoardKind::Portfolio.key()))
        .one(db)
        .await?;
    let Some(board) = existing else {
        return create_board(db, BoardKind::Portfolio, "Portfolio", None, now).await;
    };
    let columns = board_column::Entity::find()
        .filter(board_column::Column::BoardId.eq(board.id))
        .order_by_asc(board_column::Column::Position)
        .all(db)
        .await?;
    Ok(BoardLayout {
        id: board.id,
        columns: columns.into_iter().map(|c| c.id).collect(),
    })
}

/// A board and the ids of its columns, left to right.
pub struct BoardLayout {
    pub id: Uuid,
    pub columns: Vec<Uuid>,
}

pub async fn create_board(
    db: &impl ConnectionTrait,
    kind: BoardKind,
    name: &str,
    team_id: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<BoardLayout, DbErr> {
    let board_id = Uuid::new_v4();
    board::ActiveModel {
        id: Set(board_id),
        name: Set(name.into()),
        kind: Set(kind),
        team_id: Set(team_id),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        wip_measure: Set(Measure::Cards),
    }
    .insert(db)
    .await?;
    let mut columns = Vec::new();
    for (position, template) in kind.default_columns().iter().enumerate() {
        let id = Uuid::new_v4();
        board_column::ActiveModel {
            id: Set(id),
            board_id: Set(board_id),
            name: Set(template.name.into()),
            position: Set(position as i32),
            state_category: Set(template.category),
            activity: Set(template.activity),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            removed_at: Set(None),
        }
        .insert(db)
        .await?;
        if let Some(max) = template.wip_limit {
            wip_limit::ActiveModel {
                id: Set(Uuid::new_v4()),
                board_id: Set(board_id),
                scope: Set(ScopeKind::Column),
                column_id: Set(Some(id)),
                last_column_id: Set(None),
                class_of_service: Set(None),
                person: Set(None),
                max: Set(max as i32),
                enforcement: Set(Enforcement::Soft),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
            }
            .insert(db)
            .await?;
        }
        columns.push(id);
    }
    Ok(BoardLayout {
        id: board_id,
        columns,
    })
}

/// A new team with its own board in the default columns.
pub async fn create_team(
    db: &impl ConnectionTrait,
    name: &str,
    now: DateTime<Utc>,
) -> Result<Uuid, StoreError> {
    let taken = team::Entity::find()
        .filter(team::Column::Name.eq(name))
        .one(db)
        .await?;
    if taken.is_some() {
        return Err(Refusal::NameTaken {
            what: Named::Team,
            name: name.to_owned(),
        }
        .into());
    }
    let id = Uuid::new_v4();
    team::ActiveModel {
        id: Set(id),
        name: Set(name.to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(db)
    .await?;
    create_board(db, BoardKind::Team, name, Some(id), now).await?;
    Ok(id)
}

/// A new product (value stream) with its feature kanban.
pub async fn create_product(
    db: &impl ConnectionTrait,
    name: &str,
    now: DateTime<Utc>,
) -> Result<Uuid, StoreError> {
    let taken = board::Entity::find()
        .filter(board::Column::Kind.eq(BoardKind::Feature.key()))
        .filter(board::Column::Name.eq(name))
        .one(db)
        .await?;
    if taken.is_some() {
        return Err(Refusal::NameTaken {
            what: Named::Product,
            name: name.to_owned(),
        }
        .into());
    }
    Ok(create_board(db, BoardKind::Feature, name, None, now)
        .await?
        .id)
}
