use sea_orm::entity::prelude::*;

use crate::domain::dora::DeploymentStatus;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "deployments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The sender's own id: the same id twice is stored once.
    #[sea_orm(unique)]
    pub client_id: String,
    pub service: String,
    pub team_id: Uuid,
    pub environment: String,
    pub deployed_at: DateTimeUtc,
    /// A `domain::dora::DeploymentStatus` key.
    pub status: DeploymentStatus,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
