use sea_orm::entity::prelude::*;

use crate::domain::hierarchy::ItemKind;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "wip_infractions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `None` once the limit was removed; `label` and `max` keep what it was.
    pub limit_id: Option<Uuid>,
    pub board_id: Uuid,
    pub label: String,
    pub max: i32,
    /// The load the move took the limit to.
    pub load: i32,
    pub item_kind: ItemKind,
    pub item_id: Uuid,
    pub item_title: String,
    pub user_id: Option<Uuid>,
    pub reason: String,
    pub at: DateTimeUtc,
    /// When the limit was back within its maximum; `None` while still over.
    pub resolved_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
