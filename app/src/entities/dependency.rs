use sea_orm::entity::prelude::*;

/// The downstream item waits on the upstream one.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "dependencies")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub upstream_id: Uuid,
    pub downstream_id: Uuid,
    /// When the downstream item needs it done.
    pub needed_by: Option<Date>,
    pub note: String,
    /// Who made it (the nil id: the demo).
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
