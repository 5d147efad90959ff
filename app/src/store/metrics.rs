//! Defining and changing outcome metrics.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};
use uuid::Uuid;

use super::error::StoreError;
use crate::domain::outcome::MetricRow;
use crate::domain::outcome::{Goal, MetricDraft, MetricForm};
use crate::domain::NamedRef;
use crate::entities::outcome_metric;

/// The metric's goal, when it has its dates.
pub fn goal(m: &outcome_metric::Model) -> Option<Goal> {
    Some(Goal {
        direction: m.direction,
        baseline: m.baseline,
        baseline_date: m.baseline_date?,
        target: m.target,
        target_date: m.target_date?,
    })
}

/// A metric as lists and badges show it, judged on `today`.
pub fn row(m: outcome_metric::Model, today: NaiveDate) -> MetricRow {
    let goal = goal(&m);
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
}

/// The metric's definition as its form holds it.
pub fn form_of(model: &outcome_metric::Model) -> MetricForm {
    let text = |value: Option<String>| value.unwrap_or_default();
    MetricForm {
        name: model.name.clone(),
        description: model.description.clone(),
        unit: model.unit.clone(),
        direction: model.direction.key().to_owned(),
        baseline: model.baseline.to_string(),
        baseline_date: text(model.baseline_date.map(|d| d.to_string())),
        target: model.target.to_string(),
        target_date: text(model.target_date.map(|d| d.to_string())),
        leading: if model.leading {
            "on".into()
        } else {
            String::new()
        },
        owner: text(model.owner.clone()),
    }
}

/// Every metric, by name, as lists show them judged on `today`.
pub async fn all(
    db: &impl ConnectionTrait,
    today: NaiveDate,
) -> Result<Vec<MetricRow>, StoreError> {
    Ok(every(db)
        .await?
        .into_iter()
        .map(|m| row(m, today))
        .collect())
}

/// Every metric as stored, by name.
pub async fn every(db: &impl ConnectionTrait) -> Result<Vec<outcome_metric::Model>, StoreError> {
    Ok(outcome_metric::Entity::find()
        .order_by_asc(outcome_metric::Column::Name)
        .all(db)
        .await?)
}

/// One metric, or 404.
pub async fn find(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<outcome_metric::Model, StoreError> {
    outcome_metric::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| StoreError::not_found("that metric"))
}

/// Every metric by name, to pick from.
pub async fn names_in_order(db: &impl ConnectionTrait) -> Result<Vec<NamedRef>, StoreError> {
    Ok(outcome_metric::Entity::find()
        .order_by_asc(outcome_metric::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|m| NamedRef {
            id: m.id,
            name: m.name,
        })
        .collect())
}

/// Every metric's name by id, for labelling what refers to metrics.
pub async fn names(db: &impl ConnectionTrait) -> Result<HashMap<Uuid, String>, StoreError> {
    Ok(outcome_metric::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m.name))
        .collect())
}

fn apply(row: &mut outcome_metric::ActiveModel, draft: MetricDraft, now: DateTime<Utc>) {
    row.name = Set(draft.name);
    row.description = Set(draft.description);
    row.unit = Set(draft.unit);
    row.direction = Set(draft.goal.direction);
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
) -> Result<Uuid, StoreError> {
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
) -> Result<(), StoreError> {
    let current = find(db, id).await?;
    let stale = || StoreError::Stale {
        what: format!("“{}”", current.name),
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
