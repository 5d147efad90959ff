use sea_orm::entity::prelude::*;

use crate::domain::planning::GoDecision;

/// An epic's hypothesis statement and lean business case, beside its `item`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "epic_cases")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub item_id: Uuid,
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
    pub decision: Option<GoDecision>,
    pub decision_date: Option<Date>,
    pub decision_reason: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
