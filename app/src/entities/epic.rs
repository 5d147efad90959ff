use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "epics")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub theme_id: Option<Uuid>,
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
    pub owner: Option<String>,
    pub hypothesis_for: String,
    pub hypothesis_who: String,
    pub hypothesis_the: String,
    pub hypothesis_is_a: String,
    pub hypothesis_that: String,
    pub hypothesis_unlike: String,
    pub hypothesis_our_solution: String,
    pub business_outcome: String,
    pub leading_indicators: String,
    pub nonfunctional_requirements: String,
    pub mvp_cost: Option<i64>,
    pub full_cost: Option<i64>,
    pub decision: Option<String>,
    pub decision_date: Option<Date>,
    pub decision_reason: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
