//! Server functions for outcome metrics: defining them, recording their
//! measurements by hand, linking them to the items that claim to move them, and
//! the metric's own page.

#[cfg(feature = "ssr")]
use crate::domain::hierarchy::ItemRef;
use crate::domain::outcome::{MeasurementForm, MetricForm};
use crate::error::AppError;
use crate::views::metrics::{MeasurementRow, MetricDirectoryView, MetricPageView};
use leptos::prelude::*;

/// Every outcome metric, by name.
#[server(endpoint = "metric_directory")]
pub async fn metric_directory() -> Result<MetricDirectoryView, AppError> {
    use crate::domain::access::{decide, Action, Decision};
    let principal = crate::security::guard::authorize(Action::Read)?;
    let db = crate::store::connection()?;
    Ok(MetricDirectoryView {
        metrics: crate::store::metrics::all(&db, chrono::Utc::now().date_naive()).await?,
        may_define: decide(Some(&principal), Action::EditMetrics) == Decision::Allowed,
    })
}

/// Defines an outcome metric; answers its id.
#[server(endpoint = "create_metric")]
pub async fn create_metric(metric: MetricForm) -> Result<String, AppError> {
    use crate::domain::access::Action;
    crate::security::guard::authorize(Action::EditMetrics)?;
    let draft = metric.validate().map_err(AppError::from)?;
    let txn = crate::store::begin_writing(&crate::store::connection()?).await?;
    let id = crate::store::metrics::create(&txn, draft, chrono::Utc::now()).await?;
    txn.commit().await?;
    Ok(id.to_string())
}

/// Changes a metric's definition (the whole form), if still at `version`.
#[server(endpoint = "update_metric")]
pub async fn update_metric(
    metric_id: uuid::Uuid,
    version: i32,
    metric: MetricForm,
) -> Result<(), AppError> {
    use crate::domain::access::Action;
    crate::security::guard::authorize(Action::EditMetrics)?;
    let draft = metric.validate().map_err(AppError::from)?;
    let txn = crate::store::begin_writing(&crate::store::connection()?).await?;
    crate::store::metrics::update(&txn, metric_id, version, draft, chrono::Utc::now()).await?;
    txn.commit().await?;
    crate::api::news::metric_changed_here(metric_id).await;
    Ok(())
}

/// A metric's measurements, oldest first.
#[server(endpoint = "metric_measurements")]
pub async fn metric_measurements(metric_id: uuid::Uuid) -> Result<Vec<MeasurementRow>, AppError> {
    crate::security::guard::authorize(crate::domain::access::Action::Read)?;
    let db = crate::store::connection()?;
    measurement_rows(&db, metric_id).await
}

#[cfg(feature = "ssr")]
async fn measurement_rows(
    db: &sea_orm::DatabaseConnection,
    metric_id: uuid::Uuid,
) -> Result<Vec<MeasurementRow>, AppError> {
    use crate::domain::access::{decide, Action, Decision};
    let principal = crate::security::guard::identity().principal;
    let may_change = |recorded_by: Option<uuid::Uuid>| {
        principal.as_ref().is_some_and(|p| {
            let own = recorded_by == Some(p.user_id);
            decide(
                Some(p),
                Action::CorrectMeasurement {
                    metric: metric_id,
                    own,
                },
            ) == Decision::Allowed
                && decide(Some(p), Action::RecordMeasurement { metric: metric_id })
                    == Decision::Allowed
        })
    };
    Ok(crate::store::measurements::history(db, metric_id)
        .await?
        .into_iter()
        .map(|m| MeasurementRow {
            id: m.id,
            may_change: may_change(m.recorded_by),
            value: m.value,
            measured_at: m.measured_at,
            source: m.source,
            client_id: m.client_id,
        })
        .collect())
}

/// A metric with its definition, history and everything that claims to move it.
#[server(endpoint = "metric_page")]
pub async fn metric_page(metric_id: uuid::Uuid) -> Result<MetricPageView, AppError> {
    use crate::domain::access::{decide, Action, Decision};
    use crate::store::{links, metrics};
    let principal = crate::security::guard::authorize(Action::Read)?;
    let db = crate::store::connection()?;
    let events_seen = crate::store::events::latest(&db).await?;
    let model = metrics::find(&db, metric_id).await?;
    let allowed = |action| decide(Some(&principal), action) == Decision::Allowed;
    let may_edit = allowed(Action::EditMetrics);
    let form = metrics::form_of(&model);
    Ok(MetricPageView {
        description: model.description.clone(),
        goal: metrics::goal(&model),
        metric: metrics::row(model, chrono::Utc::now().date_naive()),
        form,
        measurements: measurement_rows(&db, metric_id).await?,
        claimed_by: links::claimed_by(&db, metric_id).await?,
        link_choices: if may_edit {
            links::choices(&db).await?
        } else {
            Vec::new()
        },
        may_edit,
        may_record: allowed(Action::RecordMeasurement { metric: metric_id }),
        corrections: crate::store::measurements::changes(&db, metric_id).await?,
        read_at: chrono::Utc::now(),
        events_seen,
    })
}

/// Records a measurement typed by a person; the latest becomes the current value.
/// A value far outside the metric's measurements so far is stored only when
/// `confirm` says it is right (400 naming `confirm` otherwise).
#[server(endpoint = "record_measurement")]
pub async fn record_measurement(
    metric_id: uuid::Uuid,
    measurement: MeasurementForm,
    #[server(default)] confirm: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::store::measurements::{self, Checked, Source};
    let principal =
        crate::security::guard::authorize(Action::RecordMeasurement { metric: metric_id })?;
    let now = chrono::Utc::now();
    let (value, at) = measurement.validate(now).map_err(AppError::from)?;
    let source = Source {
        label: crate::security::guard::identity()
            .user
            .map(|user| format!("by hand: {}", user.email))
            .unwrap_or_else(|| "by hand".into()),
        user: Some(principal.user_id),
    };
    let checked = Checked {
        client_id: None,
        value,
        at,
    };
    let txn = crate::store::begin_writing(&crate::store::connection()?).await?;
    if confirm.as_deref().is_none_or(|c| c.trim().is_empty()) {
        confirmed_unless_far_outside(&txn, metric_id, value).await?;
    }
    measurements::record(&txn, metric_id, vec![checked], &source, now).await?;
    txn.commit().await?;
    crate::api::news::metric_changed_here(metric_id).await;
    Ok(())
}

/// Corrects a measurement's value and time: whoever recorded it, executives and
/// admins. A value far outside the rest of the history needs `confirm`.
#[server(endpoint = "correct_measurement")]
pub async fn correct_measurement(
    metric_id: uuid::Uuid,
    measurement_id: uuid::Uuid,
    measurement: MeasurementForm,
    #[server(default)] confirm: Option<String>,
) -> Result<(), AppError> {
    let (txn, row, user) = may_change_measurement(metric_id, measurement_id).await?;
    let now = chrono::Utc::now();
    let (value, at) = measurement.validate(now).map_err(AppError::from)?;
    if confirm.as_deref().is_none_or(|c| c.trim().is_empty()) {
        confirmed_unless_far_outside(&txn, metric_id, value).await?;
    }
    crate::store::measurements::change(&txn, row, Some((value, at)), user, now).await?;
    txn.commit().await?;
    crate::api::news::metric_changed_here(metric_id).await;
    Ok(())
}

/// Deletes a measurement: whoever recorded it, executives and admins.
#[server(endpoint = "delete_measurement")]
pub async fn delete_measurement(
    metric_id: uuid::Uuid,
    measurement_id: uuid::Uuid,
) -> Result<(), AppError> {
    let (txn, row, user) = may_change_measurement(metric_id, measurement_id).await?;
    crate::store::measurements::change(&txn, row, None, user, chrono::Utc::now()).await?;
    txn.commit().await?;
    crate::api::news::metric_changed_here(metric_id).await;
    Ok(())
}

/// The measurement to change, in the writing transaction, and who changes it,
/// when the caller may: who recorded it, or who may correct anyone's.
#[cfg(feature = "ssr")]
async fn may_change_measurement(
    metric_id: uuid::Uuid,
    measurement_id: uuid::Uuid,
) -> Result<
    (
        crate::store::Writing,
        crate::entities::measurement::Model,
        uuid::Uuid,
    ),
    AppError,
> {
    use crate::domain::access::Action;
    let principal =
        crate::security::guard::authorize(Action::RecordMeasurement { metric: metric_id })?;
    let txn = crate::store::begin_writing(&crate::store::connection()?).await?;
    let row = crate::store::measurements::find(&txn, metric_id, measurement_id).await?;
    let own = row.recorded_by == Some(principal.user_id);
    crate::security::guard::authorize(Action::CorrectMeasurement {
        metric: metric_id,
        own,
    })?;
    Ok((txn, row, principal.user_id))
}

/// Refuses a value far outside the metric's measurements so far, naming the
/// `confirm` field a person ticks when it is right after all.
#[cfg(feature = "ssr")]
async fn confirmed_unless_far_outside(
    db: &impl sea_orm::ConnectionTrait,
    metric_id: uuid::Uuid,
    value: f64,
) -> Result<(), AppError> {
    let history: Vec<f64> = crate::store::measurements::history(db, metric_id)
        .await?
        .into_iter()
        .map(|m| m.value)
        .collect();
    match crate::domain::outcome::far_outside(value, &history) {
        None => Ok(()),
        Some((low, high)) => Err(AppError::InvalidField {
            field: "confirm".into(),
            detail: format!(
                "{} is far outside this metric's measurements so far ({} to {}): check it, and confirm to store it anyway",
                crate::domain::trend::format_value(value),
                crate::domain::trend::format_value(low),
                crate::domain::trend::format_value(high),
            ),
        }),
    }
}

/// Claims that `item` (`kind:id`) moves the metric. Allowed to those who define
/// metrics and to those who may change the item.
#[server(endpoint = "link_metric")]
pub async fn link_metric(metric_id: uuid::Uuid, item: String) -> Result<(), AppError> {
    let (metric, item) = may_change_links(metric_id, &item).await?;
    let txn = crate::store::begin_writing(&crate::store::connection()?).await?;
    crate::store::links::link(&txn, metric, item, chrono::Utc::now()).await?;
    Ok(txn.commit().await?)
}

/// Withdraws the claim that `item` moves the metric.
#[server(endpoint = "unlink_metric")]
pub async fn unlink_metric(metric_id: uuid::Uuid, item: String) -> Result<(), AppError> {
    let (metric, item) = may_change_links(metric_id, &item).await?;
    let db = crate::store::connection()?;
    Ok(crate::store::links::unlink(&db, metric, item).await?)
}

/// Parses the link's two ends and checks the caller may change it.
#[cfg(feature = "ssr")]
async fn may_change_links(
    metric_id: uuid::Uuid,
    item: &str,
) -> Result<(uuid::Uuid, ItemRef), AppError> {
    use crate::domain::access::{decide, Action, Decision};
    let principal = crate::security::guard::authorize(Action::Read)?;
    let item: ItemRef = item.parse().map_err(|detail| AppError::InvalidField {
        field: "item".into(),
        detail,
    })?;
    let db = crate::store::connection()?;
    let item_action = crate::store::links::edit_action(&db, item).await?;
    let allowed = |action| decide(Some(&principal), action) == Decision::Allowed;
    if allowed(Action::EditMetrics) || allowed(item_action) {
        Ok((metric_id, item))
    } else {
        Err(AppError::Forbidden {
            action: format!("link {} to outcome metrics", item.kind.with_article()),
        })
    }
}
