//! The vision and its strategic themes: read as they are, and written, each
//! change with its audit row.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::audit::{self, Change};
use super::editable::shown_text;
use super::error::{Refusal, StoreError};
use super::items::Actor;
use crate::domain::hierarchy::ItemKind;

/// Changes the vision's or a theme's title and statement.
pub async fn update_strategy(
    db: &impl ConnectionTrait,
    kind: ItemKind,
    id: Uuid,
    version: i32,
    (title, statement): (String, String),
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    use crate::entities::{strategic_theme, vision};
    let (old_title, old_statement, current) = match kind {
        ItemKind::Vision => {
            let found = vision::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or_else(|| StoreError::not_found("that vision"))?;
            (found.title, found.statement, found.version)
        }
        _ => {
            let found = strategic_theme::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or_else(|| StoreError::not_found("that theme"))?;
            (found.title, found.description, found.version)
        }
    };
    if current != version {
        return Err(StoreError::Stale {
            what: format!("“{old_title}”"),
        });
    }
    // The version filter turns a concurrent writer's update into a no-op we see.
    let (updated, statement_column) = match kind {
        ItemKind::Vision => (
            vision::Entity::update_many()
                .col_expr(vision::Column::Title, Expr::value(title.clone()))
                .col_expr(vision::Column::Statement, Expr::value(statement.clone()))
                .col_expr(vision::Column::Version, Expr::value(version + 1))
                .col_expr(vision::Column::UpdatedAt, Expr::value(now))
                .filter(vision::Column::Id.eq(id))
                .filter(vision::Column::Version.eq(version))
                .exec(db)
                .await?,
            "statement",
        ),
        _ => (
            strategic_theme::Entity::update_many()
                .col_expr(strategic_theme::Column::Title, Expr::value(title.clone()))
                .col_expr(
                    strategic_theme::Column::Description,
                    Expr::value(statement.clone()),
                )
                .col_expr(strategic_theme::Column::Version, Expr::value(version + 1))
                .col_expr(strategic_theme::Column::UpdatedAt, Expr::value(now))
                .filter(strategic_theme::Column::Id.eq(id))
                .filter(strategic_theme::Column::Version.eq(version))
                .exec(db)
                .await?,
            "description",
        ),
    };
    if updated.rows_affected == 0 {
        return Err(StoreError::Raced {
            what: format!("“{old_title}”"),
        });
    }
    for (field, old, new) in [
        ("title", old_title, title),
        (statement_column, old_statement, statement),
    ] {
        if old != new {
            audit::record(
                db,
                Change {
                    item_kind: kind,
                    item_id: id,
                    field,
                    old_value: shown_text(&old),
                    new_value: shown_text(&new),
                    user_id: actor.user_id,
                    via: actor.via,
                    at: now,
                },
            )
            .await?;
        }
    }
    Ok(())
}

/// Adds a strategic theme under the vision, last in rank.
pub async fn create_theme(
    db: &impl ConnectionTrait,
    vision_id: Uuid,
    (title, description): (String, String),
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Uuid, StoreError> {
    use crate::entities::{strategic_theme, vision};
    use sea_orm::{ActiveValue::Set, QueryOrder};
    if vision::Entity::find_by_id(vision_id)
        .one(db)
        .await?
        .is_none()
    {
        return Err(StoreError::not_found("that vision"));
    }
    let last = strategic_theme::Entity::find()
        .filter(strategic_theme::Column::VisionId.eq(vision_id))
        .order_by_desc(strategic_theme::Column::Rank)
        .one(db)
        .await?
        .map(|t| t.rank);
    let id = Uuid::new_v4();
    strategic_theme::ActiveModel {
        id: Set(id),
        vision_id: Set(vision_id),
        title: Set(title.clone()),
        description: Set(description),
        rank: Set(crate::domain::planning::rank_between(last, None).unwrap_or(i64::MAX)),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(db)
    .await?;
    record_created(db, ItemKind::Theme, id, title, actor, now).await?;
    Ok(id)
}

/// Writes the workspace's vision: there is one, created the first time.
pub async fn create_vision(
    db: &impl ConnectionTrait,
    (title, statement): (String, String),
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Uuid, StoreError> {
    use crate::entities::vision;
    use sea_orm::ActiveValue::Set;
    if let Some(existing) = vision::Entity::find().one(db).await? {
        return Err(Refusal::VisionExists {
            title: existing.title,
        }
        .into());
    }
    let id = Uuid::new_v4();
    vision::ActiveModel {
        id: Set(id),
        title: Set(title.clone()),
        statement: Set(statement),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(db)
    .await?;
    record_created(db, ItemKind::Vision, id, title, actor, now).await?;
    Ok(id)
}

/// The history row of a newly written vision or theme.
async fn record_created(
    db: &impl ConnectionTrait,
    kind: ItemKind,
    id: Uuid,
    title: String,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    audit::record(
        db,
        Change {
            item_kind: kind,
            item_id: id,
            field: "created",
            old_value: None,
            new_value: Some(title),
            user_id: actor.user_id,
            via: actor.via,
            at: now,
        },
    )
    .await
}

/// Every vision (oldest first) with its themes in their rank order.
pub async fn all(
    db: &impl ConnectionTrait,
) -> Result<
    Vec<(
        crate::entities::vision::Model,
        Vec<crate::entities::strategic_theme::Model>,
    )>,
    StoreError,
> {
    use crate::entities::{strategic_theme, vision};
    use sea_orm::QueryOrder;
    let visions = vision::Entity::find()
        .order_by_asc(vision::Column::CreatedAt)
        .all(db)
        .await?;
    let mut themes = strategic_theme::Entity::find()
        .order_by_asc(strategic_theme::Column::Rank)
        .all(db)
        .await?;
    Ok(visions
        .into_iter()
        .map(|vision| {
            let (its, others) = themes
                .drain(..)
                .partition(|theme| theme.vision_id == vision.id);
            themes = others;
            (vision, its)
        })
        .collect())
}
