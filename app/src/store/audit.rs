//! The audit history: one row per changed field of an item, with who, when and how.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::error::StoreError;
use crate::domain::hierarchy::ItemKind;
use crate::domain::history::AuditEntry;
use crate::entities::{audit_event, user};

/// How a change arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Ui,
    Token,
    /// `throughline import`: a file from another tool.
    Import,
}

impl Via {
    fn key(self) -> &'static str {
        match self {
            Via::Ui => "ui",
            Via::Token => "token",
            Via::Import => "import",
        }
    }
}

/// One field's change, to be recorded in the same transaction as the change.
pub struct Change<'a> {
    pub item_kind: ItemKind,
    pub item_id: Uuid,
    pub field: &'a str,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub user_id: Uuid,
    pub via: Via,
    pub at: DateTime<Utc>,
}

pub async fn record(db: &impl ConnectionTrait, change: Change<'_>) -> Result<(), StoreError> {
    audit_event::ActiveModel {
        id: Set(Uuid::new_v4()),
        item_kind: Set(change.item_kind),
        item_id: Set(change.item_id),
        field: Set(change.field.to_owned()),
        old_value: Set(change.old_value),
        new_value: Set(change.new_value),
        user_id: Set(Some(change.user_id)),
        via: Set(change.via.key().to_owned()),
        at: Set(change.at),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// An item's history, newest first.
pub async fn for_item(
    db: &impl ConnectionTrait,
    item_id: Uuid,
) -> Result<Vec<AuditEntry>, StoreError> {
    let events = audit_event::Entity::find()
        .filter(audit_event::Column::ItemId.eq(item_id))
        .order_by_desc(audit_event::Column::At)
        .all(db)
        .await?;
    entries(db, events).await
}

/// The newest changes across everything.
pub async fn recent(db: &impl ConnectionTrait, limit: u64) -> Result<Vec<AuditEntry>, StoreError> {
    let events = audit_event::Entity::find()
        .order_by_desc(audit_event::Column::At)
        .limit(limit)
        .all(db)
        .await?;
    entries(db, events).await
}

async fn entries(
    db: &impl ConnectionTrait,
    events: Vec<audit_event::Model>,
) -> Result<Vec<AuditEntry>, StoreError> {
    let users = user::Entity::find()
        .filter(user::Column::Id.is_in(events.iter().filter_map(|e| e.user_id)))
        .all(db)
        .await?;
    events
        .into_iter()
        .map(|event| {
            Ok(AuditEntry {
                item_kind: event.item_kind,
                who: event.user_id.and_then(|id| {
                    users
                        .iter()
                        .find(|u| u.id == id)
                        .map(|u| u.display_name.clone())
                }),
                via_token: event.via == Via::Token.key(),
                item_id: event.item_id,
                field: event.field,
                old_value: event.old_value,
                new_value: event.new_value,
                at: event.at,
            })
        })
        .collect()
}
