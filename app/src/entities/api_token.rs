use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "api_tokens")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub name: String,
    /// Hex SHA-256 of the token, which is shown once and never stored.
    #[sea_orm(unique)]
    pub token_hash: String,
    /// Comma-separated `domain::access::Capability` keys.
    pub capabilities: String,
    pub created_at: DateTimeUtc,
    pub last_used_at: Option<DateTimeUtc>,
    pub revoked_at: Option<DateTimeUtc>,
    /// When set, the token may only record this metric's measurements.
    pub metric_id: Option<Uuid>,
    /// When set (comma-separated team ids), the token may only record these teams'
    /// deployments and incidents.
    pub team_ids: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
