use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "measurements")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub metric_id: Uuid,
    pub value: f64,
    pub measured_at: DateTimeUtc,
    pub source: Option<String>,
    pub created_at: DateTimeUtc,
    /// The sender's own id for it: the same id twice is stored once.
    pub client_id: Option<String>,
    /// The user who typed it, or whose token sent it (`None` before migration 17).
    pub recorded_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
