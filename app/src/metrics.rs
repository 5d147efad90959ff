//! Server functions that read outcome metrics and their measurements.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::outcome::{MetricForm, Progress, Status};
use crate::error::AppError;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricRow {
    pub id: Uuid,
    pub name: String,
    pub unit: String,
    pub baseline: f64,
    pub target: f64,
    pub current: Option<f64>,
    pub leading: bool,
    pub owner: Option<String>,
    /// `None` for a metric without baseline and target dates.
    pub progress: Option<Progress>,
    pub status: Option<Status>,
    pub version: i32,
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
        .map(|m| {
            let goal = goal(&m);
            let today = chrono::Utc::now().date_naive();
            MetricRow {
                progress: goal.map(|g| g.progress(m.current)),
                status: goal.map(|g| g.status(m.current, today)),
                id: m.id,
                name: m.name,
                unit: m.unit,
                baseline: m.baseline,
                target: m.target,
                current: m.current,
                leading: m.leading,
                owner: m.owner,
                version: m.version,
            }
        })
        .collect())
}

/// The metric's goal, when it has its dates and a known direction.
#[cfg(feature = "ssr")]
fn goal(m: &crate::entities::outcome_metric::Model) -> Option<crate::domain::outcome::Goal> {
    Some(crate::domain::outcome::Goal {
        direction: m.direction.parse().ok()?,
        baseline: m.baseline,
        baseline_date: m.baseline_date?,
        target: m.target,
        target_date: m.target_date?,
    })
}

/// Defines an outcome metric; answers its id.
#[server(endpoint = "create_metric")]
pub async fn create_metric(metric: MetricForm) -> Result<String, AppError> {
    use crate::domain::access::Action;
    use sea_orm::TransactionTrait;
    crate::security::guard::authorize(Action::EditMetrics)?;
    let draft = metric.validate().map_err(|e| AppError::from(e).answer())?;
    let txn = crate::store::connection()?.begin().await?;
    let id = crate::store::metrics::create(&txn, draft, chrono::Utc::now())
        .await
        .map_err(AppError::answer)?;
    txn.commit().await?;
    Ok(id.to_string())
}

/// Changes a metric's definition (the whole form), if still at `version`.
#[server(endpoint = "update_metric")]
pub async fn update_metric(
    metric_id: String,
    version: i32,
    metric: MetricForm,
) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use sea_orm::TransactionTrait;
    crate::security::guard::authorize(Action::EditMetrics)?;
    let id = crate::store::parse_id(&metric_id, "that metric")?;
    let draft = metric.validate().map_err(|e| AppError::from(e).answer())?;
    let txn = crate::store::connection()?.begin().await?;
    crate::store::metrics::update(&txn, id, version, draft, chrono::Utc::now())
        .await
        .map_err(AppError::answer)?;
    Ok(txn.commit().await?)
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
