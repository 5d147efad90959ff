use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "work_items")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub feature_id: Option<Uuid>,
    pub column_id: Uuid,
    pub title: String,
    pub description: String,
    pub rank: i64,
    pub size: Option<i32>,
    pub business_value: Option<i16>,
    pub time_criticality: Option<i16>,
    pub risk_reduction: Option<i16>,
    pub job_size: Option<i16>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
    /// A `domain::hierarchy::WorkItemType` key.
    pub kind: String,
    pub assignee: Option<String>,
    pub blocked: bool,
    pub blocked_reason: Option<String>,
    /// A `domain::hierarchy::ClassOfService` key.
    pub class_of_service: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
