use sea_orm::entity::prelude::*;

use crate::domain::hierarchy::ItemKind;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "transitions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// A `domain::hierarchy::ItemKind` key naming the table `item_id` is in.
    pub item_kind: ItemKind,
    pub item_id: Uuid,
    /// `None` when the item was created straight into `to_column_id`.
    pub from_column_id: Option<Uuid>,
    pub to_column_id: Uuid,
    pub at: DateTimeUtc,
    pub by: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
