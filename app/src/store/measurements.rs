//! Storing measurements of outcome metrics, from people and from machines.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use uuid::Uuid;

use super::error::StoreError;
use crate::entities::{measurement, outcome_metric};

/// A measurement that passed `domain::outcome::check_measurement`.
pub struct Checked {
    pub client_id: Option<String>,
    pub value: f64,
    pub at: DateTime<Utc>,
}

/// What a batch did: new items, replays of ones already stored, and environments
/// named that are none of the known ones (stored as sent, counted nowhere).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Recorded {
    pub stored: u64,
    pub duplicates: u64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unknown_environments: Vec<String>,
}

/// Stores the batch (the caller's transaction makes it all or nothing); a client id
/// already stored for the metric is a replay and stored once. The metric's current
/// value becomes its latest measurement.
pub async fn record(
    db: &impl ConnectionTrait,
    metric_id: Uuid,
    batch: Vec<Checked>,
    source: &str,
    now: DateTime<Utc>,
) -> Result<Recorded, StoreError> {
    let metric = super::metrics::find(db, metric_id).await?;
    let mut recorded = Recorded::default();
    for item in batch {
        let row = measurement::ActiveModel {
            id: Set(Uuid::new_v4()),
            metric_id: Set(metric.id),
            value: Set(item.value),
            measured_at: Set(item.at),
            source: Set(Some(source.to_owned())),
            created_at: Set(now),
            client_id: Set(item.client_id),
        };
        let inserted = measurement::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([measurement::Column::MetricId, measurement::Column::ClientId])
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
        if inserted == 0 {
            recorded.duplicates += 1;
        } else {
            recorded.stored += 1;
        }
    }
    let latest = measurement::Entity::find()
        .filter(measurement::Column::MetricId.eq(metric.id))
        .order_by_desc(measurement::Column::MeasuredAt)
        .one(db)
        .await?;
    if let Some(latest) = latest {
        outcome_metric::Entity::update_many()
            .col_expr(
                outcome_metric::Column::Current,
                sea_orm::sea_query::Expr::value(latest.value),
            )
            .col_expr(
                outcome_metric::Column::UpdatedAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .filter(outcome_metric::Column::Id.eq(metric.id))
            .exec(db)
            .await?;
    }
    Ok(recorded)
}

/// A metric's measurements, oldest first.
pub async fn history(
    db: &impl ConnectionTrait,
    metric_id: Uuid,
) -> Result<Vec<measurement::Model>, StoreError> {
    Ok(measurement::Entity::find()
        .filter(measurement::Column::MetricId.eq(metric_id))
        .order_by_asc(measurement::Column::MeasuredAt)
        .all(db)
        .await?)
}
