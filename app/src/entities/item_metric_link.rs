use sea_orm::entity::prelude::*;

use crate::domain::hierarchy::ItemKind;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "item_metric_links")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub metric_id: Uuid,
    /// A `domain::hierarchy::ItemKind` key naming the table `item_id` is in.
    pub item_kind: ItemKind,
    pub item_id: Uuid,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
