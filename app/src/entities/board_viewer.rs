use sea_orm::entity::prelude::*;

/// One open board page's stream, as long as it is open.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "board_viewers")]
pub struct Model {
    /// The stream's own id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub board_id: Uuid,
    pub user_id: Uuid,
    /// The name others see.
    pub name: String,
    /// Refreshed while the stream is open.
    pub seen_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
