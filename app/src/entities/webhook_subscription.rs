use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_subscriptions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub url: String,
    /// Signs every delivery; shown once when the subscription is made. Kept as is
    /// (not hashed): the server needs it to sign.
    pub secret: String,
    /// Comma-separated `domain::webhook::EventType` keys.
    pub event_types: String,
    /// When set, only events about this team's board and deliveries.
    pub team_id: Option<Uuid>,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
