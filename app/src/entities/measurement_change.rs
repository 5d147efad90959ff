use sea_orm::entity::prelude::*;

/// A measurement corrected (`new_value` set) or deleted (`new_value` none).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "measurement_changes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub measurement_id: Uuid,
    pub metric_id: Uuid,
    pub old_value: f64,
    pub old_measured_at: DateTimeUtc,
    pub new_value: Option<f64>,
    pub new_measured_at: Option<DateTimeUtc>,
    pub user_id: Uuid,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
