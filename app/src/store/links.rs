//! Which items claim to move which outcome metrics: a many-to-many link between a
//! metric and any vision, theme, epic, feature or work item.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};
use uuid::Uuid;

use super::error::{Refusal, StoreError};
use super::items::titled as titled_items;
use crate::domain::access::Action;
use crate::domain::hierarchy::{ItemKind, ItemRef};
use crate::domain::outcome::LinkedItem;
use crate::domain::outcome::MetricRow;
use crate::domain::NamedRef;
use crate::entities::{item_metric_link, strategic_theme, vision};

/// The metrics each item claims to move, by item id.
pub async fn claims(
    db: &impl ConnectionTrait,
    today: NaiveDate,
) -> Result<HashMap<Uuid, Vec<MetricRow>>, StoreError> {
    let metrics: HashMap<Uuid, MetricRow> = super::metrics::all(db, today)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    let mut claims: HashMap<Uuid, Vec<MetricRow>> = HashMap::new();
    for link in item_metric_link::Entity::find()
        .order_by_asc(item_metric_link::Column::CreatedAt)
        .all(db)
        .await?
    {
        if let Some(metric) = metrics.get(&link.metric_id) {
            claims.entry(link.item_id).or_default().push(metric.clone());
        }
    }
    Ok(claims)
}

/// What changing an item's links needs besides defining metrics: the right to
/// change the item itself. 404 when there is no such item.
pub async fn edit_action(db: &impl ConnectionTrait, item: ItemRef) -> Result<Action, StoreError> {
    match item.kind {
        ItemKind::Vision | ItemKind::Theme => {
            super::items::title_of(db, item).await?;
            Ok(Action::EditStrategy)
        }
        kind => super::items::placement(db, kind, item.id)
            .await?
            .edit_action(),
    }
}

/// Claims that `item` moves `metric`; 409 when it already does.
pub async fn link(
    db: &impl ConnectionTrait,
    metric_id: Uuid,
    item: ItemRef,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let metric = super::metrics::find(db, metric_id).await?;
    let title = super::items::title_of(db, item).await?;
    if find(db, metric_id, item).await?.is_some() {
        return Err(Refusal::AlreadyClaimed {
            item: title,
            metric: metric.name,
        }
        .into());
    }
    item_metric_link::ActiveModel {
        id: Set(Uuid::new_v4()),
        metric_id: Set(metric_id),
        item_kind: Set(item.kind),
        item_id: Set(item.id),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Withdraws the claim; 404 when there is none.
pub async fn unlink(
    db: &impl ConnectionTrait,
    metric_id: Uuid,
    item: ItemRef,
) -> Result<(), StoreError> {
    let link = find(db, metric_id, item)
        .await?
        .ok_or_else(|| StoreError::not_found("that link between the item and the metric"))?;
    item_metric_link::Entity::delete_by_id(link.id)
        .exec(db)
        .await?;
    Ok(())
}

async fn find(
    db: &impl ConnectionTrait,
    metric_id: Uuid,
    item: ItemRef,
) -> Result<Option<item_metric_link::Model>, StoreError> {
    Ok(item_metric_link::Entity::find()
        .filter(item_metric_link::Column::MetricId.eq(metric_id))
        .filter(item_metric_link::Column::ItemKind.eq(item.kind.key()))
        .filter(item_metric_link::Column::ItemId.eq(item.id))
        .one(db)
        .await?)
}

/// Everything that claims to move the metric, from the vision down.
pub async fn claimed_by(
    db: &impl ConnectionTrait,
    metric_id: Uuid,
) -> Result<Vec<LinkedItem>, StoreError> {
    let links = item_metric_link::Entity::find()
        .filter(item_metric_link::Column::MetricId.eq(metric_id))
        .all(db)
        .await?;
    let mut items = Vec::with_capacity(links.len());
    for link in links {
        let item = ItemRef {
            kind: link.item_kind,
            id: link.item_id,
        };
        items.push(linked(item, super::items::title_of(db, item).await?));
    }
    items.sort_by_key(|i| {
        (
            ItemKind::ALL.iter().position(|k| *k == i.item.kind),
            i.title.clone(),
        )
    });
    Ok(items)
}

/// Every item a metric could be linked to, level by level.
pub async fn choices(db: &impl ConnectionTrait) -> Result<Vec<LinkedItem>, StoreError> {
    let levels = [
        (
            ItemKind::Vision,
            titled::<vision::Entity>(db, vision::Column::Title, |v| (v.id, v.title)).await?,
        ),
        (
            ItemKind::Theme,
            titled::<strategic_theme::Entity>(db, strategic_theme::Column::Title, |t| {
                (t.id, t.title)
            })
            .await?,
        ),
        (ItemKind::Epic, titled_items(db, ItemKind::Epic).await?),
        (
            ItemKind::Feature,
            titled_items(db, ItemKind::Feature).await?,
        ),
        (
            ItemKind::WorkItem,
            titled_items(db, ItemKind::WorkItem).await?,
        ),
    ];
    Ok(levels
        .into_iter()
        .flat_map(|(kind, rows)| {
            rows.into_iter()
                .map(move |named| linked(ItemRef { kind, id: named.id }, named.name))
        })
        .collect())
}

async fn titled<E: EntityTrait>(
    db: &impl ConnectionTrait,
    by: E::Column,
    id_and_title: fn(E::Model) -> (Uuid, String),
) -> Result<Vec<NamedRef>, StoreError> {
    Ok(E::find()
        .order_by_asc(by)
        .all(db)
        .await?
        .into_iter()
        .map(id_and_title)
        .map(|(id, name)| NamedRef { id, name })
        .collect())
}

fn linked(item: ItemRef, title: String) -> LinkedItem {
    LinkedItem { item, title }
}
