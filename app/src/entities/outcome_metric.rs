use sea_orm::entity::prelude::*;

use crate::domain::outcome::Direction;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "outcome_metrics")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub unit: String,
    /// `increase` or `decrease`: which way is better.
    pub direction: Direction,
    pub baseline: f64,
    pub target: f64,
    pub current: Option<f64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
    pub description: String,
    pub baseline_date: Option<Date>,
    pub target_date: Option<Date>,
    /// A leading indicator: moves before the outcome it predicts.
    pub leading: bool,
    pub owner: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
