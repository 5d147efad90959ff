//! Storing measurements of outcome metrics, from people and from machines.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use serde_json::json;

use super::error::StoreError;
use crate::domain::outcome::MeasurementChange;
use crate::domain::webhook::EventType;
use crate::entities::{measurement, measurement_change, outcome_metric};

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
    source: &Source,
    now: DateTime<Utc>,
) -> Result<Recorded, StoreError> {
    let metric = super::metrics::find(db, metric_id).await?;
    let mut recorded = Recorded::default();
    let mut news = Vec::new();
    for item in batch {
        let row = measurement::ActiveModel {
            id: Set(Uuid::new_v4()),
            metric_id: Set(metric.id),
            value: Set(item.value),
            measured_at: Set(item.at),
            source: Set(Some(source.label.clone())),
            created_at: Set(now),
            client_id: Set(item.client_id.clone()),
            recorded_by: Set(source.user),
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
            continue;
        }
        recorded.stored += 1;
        let data = json!({
            "metric": metric_brief(&metric),
            "measurement": {
                "id": item.client_id,
                "value": item.value,
                "measured_at": item.at,
                "source": source.label,
            },
        });
        news.push(metric_news(EventType::MeasurementRecorded, data, now));
    }
    super::webhooks::enqueue(db, news).await?;
    refresh_current(db, metric.id, now).await?;
    Ok(recorded)
}

fn metric_brief(metric: &outcome_metric::Model) -> serde_json::Value {
    json!({ "id": metric.id, "name": metric.name, "unit": metric.unit })
}

/// A metric's news for the webhooks' subscribers (metrics belong to no team).
fn metric_news(
    event: EventType,
    data: serde_json::Value,
    at: DateTime<Utc>,
) -> super::webhooks::Occurrence {
    super::webhooks::Occurrence {
        event,
        team: None,
        data,
        at,
    }
}

/// Who recorded measurements: the words stored with them ("by hand: …", "token
/// of …") and the user, who may correct them later.
pub struct Source {
    pub label: String,
    pub user: Option<Uuid>,
}

/// The metric's current value becomes its latest measurement (none when it has
/// none left).
/// When that changes the metric's status, its webhooks' subscribers are told.
async fn refresh_current(
    db: &impl ConnectionTrait,
    metric_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let metric = super::metrics::find(db, metric_id).await?;
    let latest = measurement::Entity::find()
        .filter(measurement::Column::MetricId.eq(metric_id))
        .order_by_desc(measurement::Column::MeasuredAt)
        .one(db)
        .await?;
    let current = latest.as_ref().map(|m| m.value);
    if let Some(goal) = super::metrics::goal(&metric) {
        let today = now.date_naive();
        let (was, is) = (
            goal.status(metric.current, today),
            goal.status(current, today),
        );
        if was != is {
            let data = json!({
                "metric": metric_brief(&metric),
                "status": is.key(),
                "previous_status": was.key(),
                "current": current,
            });
            let news = metric_news(EventType::MetricStatusChanged, data, now);
            super::webhooks::enqueue(db, [news]).await?;
        }
    }
    outcome_metric::Entity::update_many()
        .col_expr(
            outcome_metric::Column::Current,
            sea_orm::sea_query::Expr::value(current),
        )
        .col_expr(
            outcome_metric::Column::UpdatedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(outcome_metric::Column::Id.eq(metric_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The measurement `id` of the metric `metric_id`; 404 when it has none such.
pub async fn find(
    db: &impl ConnectionTrait,
    metric_id: Uuid,
    id: Uuid,
) -> Result<measurement::Model, StoreError> {
    measurement::Entity::find_by_id(id)
        .filter(measurement::Column::MetricId.eq(metric_id))
        .one(db)
        .await?
        .ok_or_else(|| StoreError::not_found("that measurement"))
}

/// Corrects a measurement to `value` at `at` (`Some`), or deletes it (`None`),
/// keeping what it was, who changed it and when; the metric's current value
/// follows.
pub async fn change(
    db: &impl ConnectionTrait,
    row: measurement::Model,
    to: Option<(f64, DateTime<Utc>)>,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    match to {
        Some((value, at)) => {
            measurement::Entity::update_many()
                .col_expr(
                    measurement::Column::Value,
                    sea_orm::sea_query::Expr::value(value),
                )
                .col_expr(
                    measurement::Column::MeasuredAt,
                    sea_orm::sea_query::Expr::value(at),
                )
                .filter(measurement::Column::Id.eq(row.id))
                .exec(db)
                .await?;
        }
        None => {
            measurement::Entity::delete_by_id(row.id).exec(db).await?;
        }
    }
    measurement_change::ActiveModel {
        id: Set(Uuid::new_v4()),
        measurement_id: Set(row.id),
        metric_id: Set(row.metric_id),
        old_value: Set(row.value),
        old_measured_at: Set(row.measured_at),
        new_value: Set(to.map(|(value, _)| value)),
        new_measured_at: Set(to.map(|(_, at)| at)),
        user_id: Set(user_id),
        at: Set(now),
    }
    .insert(db)
    .await?;
    refresh_current(db, row.metric_id, now).await
}

/// A metric's corrections and deletions, newest first, each with who made it.
pub async fn changes(
    db: &impl ConnectionTrait,
    metric_id: Uuid,
) -> Result<Vec<MeasurementChange>, StoreError> {
    let rows = measurement_change::Entity::find()
        .filter(measurement_change::Column::MetricId.eq(metric_id))
        .order_by_desc(measurement_change::Column::At)
        .all(db)
        .await?;
    let names = super::users::names_of(db, rows.iter().map(|r| r.user_id)).await?;
    Ok(rows
        .into_iter()
        .map(|row| MeasurementChange {
            who: names.get(&row.user_id).cloned(),
            old_value: row.old_value,
            old_measured_at: row.old_measured_at,
            new: row.new_value.zip(row.new_measured_at),
            at: row.at,
        })
        .collect())
}

/// Each metric's latest `count` measured values, oldest first, by metric id.
pub async fn latest_values(
    db: &impl ConnectionTrait,
    count: usize,
) -> Result<std::collections::HashMap<Uuid, Vec<f64>>, StoreError> {
    let rows: Vec<(Uuid, f64)> = measurement::Entity::find()
        .select_only()
        .columns([measurement::Column::MetricId, measurement::Column::Value])
        .order_by_desc(measurement::Column::MeasuredAt)
        .into_tuple()
        .all(db)
        .await?;
    let mut latest: std::collections::HashMap<Uuid, Vec<f64>> = std::collections::HashMap::new();
    for (metric, value) in rows {
        let values = latest.entry(metric).or_default();
        if values.len() < count {
            values.push(value);
        }
    }
    for values in latest.values_mut() {
        values.reverse();
    }
    Ok(latest)
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
