//! Defining and changing outcome metrics.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};
use uuid::Uuid;

use crate::domain::outcome::MetricDraft;
use crate::entities::outcome_metric;
use crate::error::AppError;

fn apply(row: &mut outcome_metric::ActiveModel, draft: MetricDraft, now: DateTime<Utc>) {
    row.name = Set(draft.name);
    row.description = Set(draft.description);
    row.unit = Set(draft.unit);
    row.direction = Set(draft.goal.direction.key().to_owned());
    row.baseline = Set(draft.goal.baseline);
    row.baseline_date = Set(Some(draft.goal.baseline_date));
    row.target = Set(draft.goal.target);
    row.target_date = Set(Some(draft.goal.target_date));
    row.leading = Set(draft.leading);
    row.owner = Set(draft.owner);
    row.updated_at = Set(now);
}

pub async fn create(
    db: &impl ConnectionTrait,
    draft: MetricDraft,
    now: DateTime<Utc>,
) -> Result<Uuid, AppError> {
    let id = Uuid::new_v4();
    let mut row = outcome_metric::ActiveModel {
        id: Set(id),
        current: Set(None),
        created_at: Set(now),
        version: Set(1),
        ..Default::default()
    };
    apply(&mut row, draft, now);
    row.insert(db).await?;
    Ok(id)
}

/// Changes a metric if it is still at `version`.
pub async fn update(
    db: &impl ConnectionTrait,
    id: Uuid,
    version: i32,
    draft: MetricDraft,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let current = outcome_metric::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("that metric"))?;
    let stale = || AppError::Conflict {
        detail: format!(
            "“{}” was changed by someone else since you loaded it: reload and try again",
            current.name
        ),
    };
    if current.version != version {
        return Err(stale());
    }
    let mut row = <outcome_metric::ActiveModel as Default>::default();
    apply(&mut row, draft, now);
    row.version = Set(version + 1);
    let written = outcome_metric::Entity::update_many()
        .set(row)
        .filter(outcome_metric::Column::Id.eq(id))
        .filter(outcome_metric::Column::Version.eq(version))
        .exec(db)
        .await?;
    if written.rows_affected == 0 {
        return Err(stale());
    }
    Ok(())
}
