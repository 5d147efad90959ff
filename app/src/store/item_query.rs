//! Items read as a list for machines: filtered, ordered by when they were made or
//! last changed, one page at a time after the last item of the page before
//! (keyset pagination: an item added or deleted meanwhile never shifts a later
//! page, so no item is skipped or repeated).

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Condition, Expr, ExprTrait, Func};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::error::StoreError;
use crate::domain::board::StateCategory;
use crate::domain::hierarchy::ItemKind;
use crate::entities::{board_column, epic_case, item};

/// Which items; each field set narrows the list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ItemFilter {
    pub kind: Option<ItemKind>,
    pub board: Option<Uuid>,
    pub column: Option<Uuid>,
    pub state: Option<StateCategory>,
    /// Matched whatever its case.
    pub assignee: Option<String>,
    pub parent: Option<Uuid>,
    /// Changed at or after this time.
    pub updated_since: Option<DateTime<Utc>>,
}

/// The time items are listed by; ties are broken by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    CreatedAt,
    UpdatedAt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Order {
    pub key: SortKey,
    pub descending: bool,
}

/// The last item of the page before: its sort time and id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct After {
    pub at: DateTime<Utc>,
    pub id: Uuid,
}

/// An item with where it sits (and an epic, its hypothesis and business case).
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    pub item: item::Model,
    pub column: board_column::Model,
    pub case: Option<epic_case::Model>,
}

impl Located {
    /// Its time under `key`, for the next page's [`After`].
    pub fn sorted_at(&self, key: SortKey) -> DateTime<Utc> {
        match key {
            SortKey::CreatedAt => self.item.created_at,
            SortKey::UpdatedAt => self.item.updated_at,
        }
    }
}

fn in_column() -> sea_orm::RelationDef {
    item::Entity::belongs_to(board_column::Entity)
        .from(item::Column::ColumnId)
        .to(board_column::Column::Id)
        .into()
}

/// The rows with their epics' cases, read in one query.
async fn located(
    db: &impl ConnectionTrait,
    rows: Vec<(item::Model, Option<board_column::Model>)>,
) -> Result<Vec<Located>, StoreError> {
    let epics = rows
        .iter()
        .filter(|(item, _)| item.kind == ItemKind::Epic)
        .map(|(item, _)| item.id);
    let mut cases: std::collections::HashMap<Uuid, epic_case::Model> = epic_case::Entity::find()
        .filter(epic_case::Column::ItemId.is_in(epics))
        .all(db)
        .await?
        .into_iter()
        .map(|case| (case.item_id, case))
        .collect();
    rows.into_iter()
        .map(|(item, column)| match column {
            Some(column) => Ok(Located {
                case: cases.remove(&item.id),
                item,
                column,
            }),
            None => Err(StoreError::Inconsistent {
                detail: format!("the item {} sits in no column", item.id),
            }),
        })
        .collect()
}

/// Up to `limit` items matching `filter` in `order`, after `after` when given.
pub async fn page(
    db: &impl ConnectionTrait,
    filter: &ItemFilter,
    order: Order,
    after: Option<After>,
    limit: u64,
) -> Result<Vec<Located>, StoreError> {
    let time = match order.key {
        SortKey::CreatedAt => item::Column::CreatedAt,
        SortKey::UpdatedAt => item::Column::UpdatedAt,
    };
    let mut query = item::Entity::find()
        .join(JoinType::InnerJoin, in_column())
        .select_also(board_column::Entity);
    if let Some(kind) = filter.kind {
        query = query.filter(item::Column::Kind.eq(kind));
    }
    if let Some(board) = filter.board {
        query = query.filter(board_column::Column::BoardId.eq(board));
    }
    if let Some(column) = filter.column {
        query = query.filter(item::Column::ColumnId.eq(column));
    }
    if let Some(state) = filter.state {
        query = query.filter(board_column::Column::StateCategory.eq(state));
    }
    if let Some(assignee) = &filter.assignee {
        query = query.filter(
            Expr::expr(Func::lower(Expr::col((
                item::Entity,
                item::Column::Assignee,
            ))))
            .eq(assignee.to_lowercase()),
        );
    }
    if let Some(parent) = filter.parent {
        query = query.filter(item::Column::ParentId.eq(parent));
    }
    if let Some(since) = filter.updated_since {
        query = query.filter(item::Column::UpdatedAt.gte(since));
    }
    if let Some(After { at, id }) = after {
        let (later, beyond) = if order.descending {
            (time.lt(at), item::Column::Id.lt(id))
        } else {
            (time.gt(at), item::Column::Id.gt(id))
        };
        query = query.filter(
            Condition::any()
                .add(later)
                .add(Condition::all().add(time.eq(at)).add(beyond)),
        );
    }
    let query = if order.descending {
        query.order_by_desc(time).order_by_desc(item::Column::Id)
    } else {
        query.order_by_asc(time).order_by_asc(item::Column::Id)
    };
    located(db, query.limit(limit).all(db).await?).await
}

/// One epic, feature or work item with where it sits.
pub async fn one(db: &impl ConnectionTrait, id: Uuid) -> Result<Located, StoreError> {
    let rows = item::Entity::find_by_id(id)
        .join(JoinType::InnerJoin, in_column())
        .select_also(board_column::Entity)
        .all(db)
        .await?;
    located(db, rows)
        .await?
        .pop()
        .ok_or_else(|| StoreError::not_found("that item"))
}
