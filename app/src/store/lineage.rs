//! Ancestors of planning items, loaded once per board so every card can show its
//! chain up to the vision without a query per card: two statements, each read as
//! one JSON list (`json_list`), whatever the board's size.

use std::collections::HashMap;

use sea_orm::sea_query::{Expr, Query};
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::by_ids::IDS_PER_QUERY;
use super::error::StoreError;
use super::json_list::{self, Fields};
use crate::domain::hierarchy::ChainLink;
use crate::domain::hierarchy::ItemKind;
use crate::entities::{item, strategic_theme};

/// One step of a chain: its title and the link above it, if any.
struct Link {
    title: String,
    up: Option<Uuid>,
}

/// Everything above a set of items: their features, epics, themes and visions.
pub(crate) struct Lineage {
    features: HashMap<Uuid, Link>,
    epics: HashMap<Uuid, Link>,
    themes: HashMap<Uuid, Link>,
    visions: HashMap<Uuid, String>,
}

/// A feature or epic: id, kind, title, parent.
const PLANNING_FIELDS: Fields = Fields {
    sqlite: "hex(id), kind, title, hex(parent_id)",
    postgres: "id, kind, title, parent_id",
};

/// A theme: id, title, vision, the vision's title.
const THEME_FIELDS: Fields = Fields {
    sqlite: "hex(id), title, hex(vision_id), \
             (SELECT title FROM visions WHERE visions.id = strategic_themes.vision_id)",
    postgres: "id, title, vision_id, \
               (SELECT title FROM visions WHERE visions.id = strategic_themes.vision_id)",
};

impl Lineage {
    /// Loads the ancestors of work items under `feature_ids`: the features with
    /// their epics in one statement (per few hundred features), and every theme
    /// with its vision in another, as themes are few.
    pub async fn load(
        db: &DatabaseConnection,
        feature_ids: impl IntoIterator<Item = Uuid>,
    ) -> Result<Self, StoreError> {
        let mut feature_ids: Vec<Uuid> = feature_ids.into_iter().collect();
        feature_ids.sort_unstable();
        feature_ids.dedup();
        let (mut features, mut epics) = (HashMap::new(), HashMap::new());
        for chunk in feature_ids.chunks(IDS_PER_QUERY) {
            let parents = Query::select()
                .expr(Expr::col(item::Column::ParentId))
                .from(item::Entity)
                .and_where(item::Column::Id.is_in(chunk.iter().copied()))
                .to_owned();
            let features_and_epics = item::Entity::find().filter(
                Condition::any()
                    .add(item::Column::Id.is_in(chunk.iter().copied()))
                    .add(item::Column::Id.in_subquery(parents)),
            );
            let rows: Vec<(String, String, String, Option<String>)> = json_list::read(
                db,
                features_and_epics,
                &PLANNING_FIELDS,
                "",
                "a board's features and epics",
            )
            .await?;
            for (id, kind, title, parent) in rows {
                let link = Link {
                    title,
                    up: json_list::optional_id(parent.as_deref())?,
                };
                // The kind only confirms: an id asked for as a feature that is not
                // one leaves its chain unaligned.
                match json_list::parsed::<ItemKind>("an item's kind", &kind)? {
                    ItemKind::Feature => features.insert(json_list::id(&id)?, link),
                    ItemKind::Epic => epics.insert(json_list::id(&id)?, link),
                    _ => None,
                };
            }
        }
        let rows: Vec<(String, String, String, Option<String>)> = json_list::read(
            db,
            strategic_theme::Entity::find(),
            &THEME_FIELDS,
            "",
            "the strategic themes",
        )
        .await?;
        let (mut themes, mut visions) = (HashMap::new(), HashMap::new());
        for (id, title, vision, vision_title) in rows {
            let vision = json_list::id(&vision)?;
            if let Some(vision_title) = vision_title {
                visions.insert(vision, vision_title);
            }
            let link = Link {
                title,
                up: Some(vision),
            };
            themes.insert(json_list::id(&id)?, link);
        }
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
                    Some(f) => (&f.title, f.up.map(|p| (ItemKind::Epic, p))),
                    None => break,
                },
                ItemKind::Epic => match self.epics.get(&id) {
                    Some(e) => (&e.title, e.up.map(|p| (ItemKind::Theme, p))),
                    None => break,
                },
                ItemKind::Theme => match self.themes.get(&id) {
                    Some(t) => (&t.title, t.up.map(|v| (ItemKind::Vision, v))),
                    None => break,
                },
                ItemKind::Vision => match self.visions.get(&id) {
                    Some(title) => (title, None),
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
