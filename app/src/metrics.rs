//! Server functions that read outcome metrics and their measurements.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::AppError;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricRow {
    pub id: Uuid,
    pub name: String,
    pub unit: String,
    pub baseline: f64,
    pub target: f64,
    pub current: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasurementRow {
    pub value: f64,
    pub measured_at: DateTime<Utc>,
    pub source: Option<String>,
    pub client_id: Option<String>,
}

/// Every outcome metric, by name.
#[server(endpoint = "metric_directory")]
pub async fn metric_directory() -> Result<Vec<MetricRow>, AppError> {
    use crate::entities::outcome_metric;
    use sea_orm::{EntityTrait, QueryOrder};
    crate::security::guard::authorize(crate::domain::access::Action::Read)?;
    let db = crate::store::connection()?;
    Ok(outcome_metric::Entity::find()
        .order_by_asc(outcome_metric::Column::Name)
        .all(&db)
        .await?
        .into_iter()
        .map(|m| MetricRow {
            id: m.id,
            name: m.name,
            unit: m.unit,
            baseline: m.baseline,
            target: m.target,
            current: m.current,
        })
        .collect())
}

/// A metric's measurements, oldest first.
#[server(endpoint = "metric_measurements")]
pub async fn metric_measurements(metric_id: String) -> Result<Vec<MeasurementRow>, AppError> {
    crate::security::guard::authorize(crate::domain::access::Action::Read)?;
    let metric = crate::store::parse_id(&metric_id, "that metric")?;
    let db = crate::store::connection()?;
    Ok(crate::store::measurements::history(&db, metric)
        .await?
        .into_iter()
        .map(|m| MeasurementRow {
            value: m.value,
            measured_at: m.measured_at,
            source: m.source,
            client_id: m.client_id,
        })
        .collect())
}
