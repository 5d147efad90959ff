use sea_orm::entity::prelude::*;

/// The cards of one column with one class of service and one holder: how many,
/// and their total size. Kept by the database's triggers on `items` (migration
/// 22), never written by the store.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "column_loads")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub column_id: Uuid,
    /// '' for none.
    #[sea_orm(primary_key, auto_increment = false)]
    pub class_of_service: String,
    /// An epic's owner, any other item's assignee; '' for none.
    #[sea_orm(primary_key, auto_increment = false)]
    pub holder: String,
    pub cards: i64,
    pub total_size: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
