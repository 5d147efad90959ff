//! Building the strategy tree from every level of the hierarchy.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::boards::done_columns;
use super::error::StoreError;
use super::rollup::{Placed, RollUp};
use crate::domain::hierarchy::{ItemKind, StrategyTree, TreeNode};
use crate::entities::{board_column, item, strategic_theme, vision};

pub async fn tree(db: &DatabaseConnection) -> Result<StrategyTree, StoreError> {
    let visions = vision::Entity::find()
        .order_by_asc(vision::Column::CreatedAt)
        .all(db)
        .await?;
    let themes = strategic_theme::Entity::find()
        .order_by_asc(strategic_theme::Column::Rank)
        .all(db)
        .await?;
    let epics = item::Entity::find()
        .filter(item::Column::Kind.eq(ItemKind::Epic))
        .order_by_asc(item::Column::Rank)
        .all(db)
        .await?;
    let features = item::Entity::find()
        .filter(item::Column::Kind.eq(ItemKind::Feature))
        .order_by_asc(item::Column::Rank)
        .all(db)
        .await?;
    let items = item::Entity::find()
        .filter(item::Column::Kind.eq(ItemKind::WorkItem))
        .order_by_asc(item::Column::Rank)
        .all(db)
        .await?;
    let column_names: HashMap<Uuid, String> = board_column::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let claims = super::links::claims(db, chrono::Utc::now().date_naive()).await?;
    let metrics = |id: &Uuid| claims.get(id).cloned().unwrap_or_default();
    let progress = RollUp::compute(
        epics
            .iter()
            .chain(&features)
            .chain(&items)
            .map(Placed::from),
        &done_columns(db).await?,
    );
    let state = |column: &Uuid| column_names.get(column).cloned();

    let item_node = |item: &item::Model| TreeNode {
        kind: ItemKind::WorkItem,
        id: item.id,
        title: item.title.clone(),
        state: state(&item.column_id),
        progress: None,
        blocked: item.blocked,
        summary: String::new(),
        version: item.version,
        metrics: metrics(&item.id),
        children: Vec::new(),
    };
    let feature_node = |feature: &item::Model| TreeNode {
        kind: ItemKind::Feature,
        id: feature.id,
        title: feature.title.clone(),
        state: state(&feature.column_id),
        progress: progress.features.get(&feature.id).copied(),
        blocked: false,
        summary: String::new(),
        version: feature.version,
        metrics: metrics(&feature.id),
        children: items
            .iter()
            .filter(|i| i.parent_id == Some(feature.id))
            .map(item_node)
            .collect(),
    };
    let epic_node = |epic: &item::Model| TreeNode {
        kind: ItemKind::Epic,
        id: epic.id,
        title: epic.title.clone(),
        state: state(&epic.column_id),
        progress: progress.epics.get(&epic.id).copied(),
        blocked: false,
        summary: String::new(),
        version: epic.version,
        metrics: metrics(&epic.id),
        children: features
            .iter()
            .filter(|f| f.parent_id == Some(epic.id))
            .map(feature_node)
            .collect(),
    };
    let theme_node = |theme: &strategic_theme::Model| TreeNode {
        kind: ItemKind::Theme,
        id: theme.id,
        title: theme.title.clone(),
        state: None,
        progress: progress.themes.get(&theme.id).copied(),
        blocked: false,
        summary: theme.description.clone(),
        version: theme.version,
        metrics: metrics(&theme.id),
        children: epics
            .iter()
            .filter(|e| e.parent_id == Some(theme.id))
            .map(epic_node)
            .collect(),
    };
    let vision_nodes = visions
        .iter()
        .map(|vision| TreeNode {
            kind: ItemKind::Vision,
            id: vision.id,
            title: vision.title.clone(),
            state: None,
            progress: None,
            blocked: false,
            summary: vision.statement.clone(),
            version: vision.version,
            metrics: metrics(&vision.id),
            children: themes
                .iter()
                .filter(|t| t.vision_id == vision.id)
                .map(theme_node)
                .collect(),
        })
        .collect();
    let unaligned = epics
        .iter()
        .filter(|e| e.parent_id.is_none())
        .map(epic_node)
        .chain(
            features
                .iter()
                .filter(|f| f.parent_id.is_none())
                .map(feature_node),
        )
        .chain(
            items
                .iter()
                .filter(|i| i.parent_id.is_none())
                .map(item_node),
        )
        .collect();
    Ok(StrategyTree {
        visions: vision_nodes,
        unaligned,
    })
}
