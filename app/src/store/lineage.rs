//! Ancestors of planning items, loaded once per board so every card can show its
//! chain up to the vision without a query per card.

use std::collections::HashMap;

use sea_orm::{DatabaseConnection, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::by_ids;
use super::error::StoreError;
use crate::domain::hierarchy::ChainLink;
use crate::domain::hierarchy::ItemKind;
use crate::entities::{item, strategic_theme, vision};

/// Everything above a set of items: their features, epics, themes and visions.
pub(crate) struct Lineage {
    features: HashMap<Uuid, item::Model>,
    epics: HashMap<Uuid, item::Model>,
    themes: HashMap<Uuid, strategic_theme::Model>,
    visions: HashMap<Uuid, vision::Model>,
}

impl Lineage {
    /// Loads the ancestors of work items under `feature_ids`. Themes and visions
    /// are few, so all are loaded.
    pub async fn load(
        db: &DatabaseConnection,
        feature_ids: impl IntoIterator<Item = Uuid>,
    ) -> Result<Self, StoreError> {
        // Found by id: the kind only confirms (`flow::of_kind`).
        let of_kind = |kind| {
            item::Entity::find().filter(super::flow::of_kind(db.get_database_backend(), kind))
        };
        let features: HashMap<_, _> = by_ids::find(
            db,
            of_kind(ItemKind::Feature),
            item::Column::Id,
            feature_ids,
        )
        .await?
        .into_iter()
        .map(|f| (f.id, f))
        .collect();
        let epic_ids = features.values().filter_map(|f| f.parent_id);
        let epics = by_ids::find(db, of_kind(ItemKind::Epic), item::Column::Id, epic_ids)
            .await?
            .into_iter()
            .map(|e| (e.id, e))
            .collect();
        let themes = strategic_theme::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|t| (t.id, t))
            .collect();
        let visions = vision::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|v| (v.id, v))
            .collect();
        Ok(Lineage {
            features,
            epics,
            themes,
            visions,
        })
    }

    /// The chain above an item whose parent is `parent` (of kind `parent_kind`),
    /// nearest first. Stops early where a link is missing: that item is unaligned.
    pub fn chain_above(&self, parent_kind: ItemKind, parent: Option<Uuid>) -> Vec<ChainLink> {
        let mut chain = Vec::new();
        let mut next = parent.map(|id| (parent_kind, id));
        while let Some((kind, id)) = next {
            let (title, up) = match kind {
                ItemKind::Feature => match self.features.get(&id) {
                    Some(f) => (&f.title, f.parent_id.map(|p| (ItemKind::Epic, p))),
                    None => break,
                },
                ItemKind::Epic => match self.epics.get(&id) {
                    Some(e) => (&e.title, e.parent_id.map(|p| (ItemKind::Theme, p))),
                    None => break,
                },
                ItemKind::Theme => match self.themes.get(&id) {
                    Some(t) => (&t.title, Some((ItemKind::Vision, t.vision_id))),
                    None => break,
                },
                ItemKind::Vision => match self.visions.get(&id) {
                    Some(v) => (&v.title, None),
                    None => break,
                },
                ItemKind::WorkItem => break,
            };
            chain.push(ChainLink {
                kind,
                id,
                title: title.clone(),
            });
            next = up;
        }
        chain
    }
}
