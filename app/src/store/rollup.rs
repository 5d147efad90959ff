//! Roll-up progress through the hierarchy: features from their work items, epics
//! from their features, themes from their epics. An item with no children counts
//! as done when it sits in a done column.

use std::collections::{HashMap, HashSet};

use uuid::Uuid;

use super::boards::size;
use crate::domain::hierarchy::ItemKind;
use crate::domain::progress::{Contribution, Progress};
use crate::entities::item;

/// What the roll-up reads of an item: where it sits, what it is under and its size.
#[derive(Debug, Clone, Copy)]
pub struct Placed {
    pub id: Uuid,
    pub kind: ItemKind,
    pub parent_id: Option<Uuid>,
    pub column_id: Uuid,
    pub size: Option<i32>,
}

impl From<&item::Model> for Placed {
    fn from(item: &item::Model) -> Placed {
        Placed {
            id: item.id,
            kind: item.kind,
            parent_id: item.parent_id,
            column_id: item.column_id,
            size: item.size,
        }
    }
}

#[derive(Default)]
pub struct RollUp {
    pub features: HashMap<Uuid, Progress>,
    pub epics: HashMap<Uuid, Progress>,
    pub themes: HashMap<Uuid, Progress>,
}

impl RollUp {
    /// Over `items` of every kind; `done_columns` are the columns whose state
    /// category is done.
    pub fn compute(
        items: impl IntoIterator<Item = Placed>,
        done_columns: &HashSet<Uuid>,
    ) -> RollUp {
        let (mut epics, mut features, mut work) = (Vec::new(), Vec::new(), Vec::new());
        for item in items {
            match item.kind {
                ItemKind::Epic => epics.push(item),
                ItemKind::Feature => features.push(item),
                _ => work.push(item),
            }
        }
        let leaves = work.iter().filter_map(|item| {
            let contribution =
                Contribution::leaf(size(item.size), done_columns.contains(&item.column_id));
            item.parent_id.map(|parent| (parent, contribution))
        });
        let features_progress = roll_up(leaves);

        let feature_contributions = features.iter().filter_map(|feature| {
            let contribution = contribution(
                size(feature.size),
                features_progress.get(&feature.id),
                done_columns.contains(&feature.column_id),
            );
            feature.parent_id.map(|parent| (parent, contribution))
        });
        let epics_progress = roll_up(feature_contributions);

        let epic_contributions = epics.iter().filter_map(|epic| {
            let contribution = contribution(
                size(epic.size),
                epics_progress.get(&epic.id),
                done_columns.contains(&epic.column_id),
            );
            epic.parent_id.map(|parent| (parent, contribution))
        });
        let themes = roll_up(epic_contributions);

        RollUp {
            features: features_progress,
            epics: epics_progress,
            themes,
        }
    }
}

/// A child's share: its own roll-up when it has children, else done or not.
fn contribution(size: Option<u32>, progress: Option<&Progress>, done: bool) -> Contribution {
    match progress {
        Some(progress) => Contribution {
            size,
            done_fraction: progress.fraction(),
        },
        None => Contribution::leaf(size, done),
    }
}

fn roll_up(children: impl Iterator<Item = (Uuid, Contribution)>) -> HashMap<Uuid, Progress> {
    let mut by_parent: HashMap<Uuid, Vec<Contribution>> = HashMap::new();
    for (parent, contribution) in children {
        by_parent.entry(parent).or_default().push(contribution);
    }
    by_parent
        .into_iter()
        .filter_map(|(parent, children)| Progress::roll_up(&children).map(|p| (parent, p)))
        .collect()
}
