use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "board_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub board_id: Uuid,
    /// The change as the browser applies it (JSON of `views::live::BoardEvent`).
    pub payload: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
