//! The strategy-to-execution chain: which kind of item sits above which.

use super::labels::labelled_enum;
use super::outcome::MetricRow;
use super::progress::Progress;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

labelled_enum! {
    /// A level of the planning hierarchy, from the vision down to a single task.
    ItemKind, "item kind" {
        Vision => ("vision", "Vision"),
        Theme => ("theme", "Strategic theme"),
        Epic => ("epic", "Epic"),
        Feature => ("feature", "Feature"),
        WorkItem => ("work_item", "Work item"),
    }
}

impl ItemKind {
    /// The kind an item of this kind links up to; the vision is the top.
    pub fn parent_kind(self) -> Option<ItemKind> {
        match self {
            ItemKind::Vision => None,
            ItemKind::Theme => Some(ItemKind::Vision),
            ItemKind::Epic => Some(ItemKind::Theme),
            ItemKind::Feature => Some(ItemKind::Epic),
            ItemKind::WorkItem => Some(ItemKind::Feature),
        }
    }

    /// "that epic", "that work item": naming one item of the kind, for not-found
    /// messages.
    pub fn that(self) -> String {
        format!("that {}", self.label().to_lowercase())
    }

    /// "an epic", "a feature": the label in lower case, for sentences.
    pub fn with_article(self) -> String {
        let label = self.label().to_lowercase();
        let article = if label.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        format!("{article} {label}")
    }

    /// The levels strictly between `self` and `ancestor`, nearest first: the way
    /// up that "the items under that one" follows (work items → features → an
    /// epic passes [`Feature`](ItemKind::Feature)). `None` when `ancestor` is not
    /// above `self`.
    pub fn levels_up_to(self, ancestor: ItemKind) -> Option<Vec<ItemKind>> {
        let mut between = Vec::new();
        let mut current = self.parent_kind()?;
        while current != ancestor {
            between.push(current);
            current = current.parent_kind()?;
        }
        Some(between)
    }
}

/// One item of the hierarchy, written `kind:id` in forms ("epic:6f1c…").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct ItemRef {
    pub kind: ItemKind,
    pub id: uuid::Uuid,
}

impl ItemRef {
    pub fn key(&self) -> String {
        format!("{}:{}", self.kind.key(), self.id)
    }
}

impl std::str::FromStr for ItemRef {
    type Err = String;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let raw = raw.trim();
        let refuse = || format!("“{raw}” names no item: expected kind:id, such as epic:<id>");
        let (kind, id) = raw.split_once(':').ok_or_else(refuse)?;
        Ok(ItemRef {
            kind: kind.parse().map_err(|_| refuse())?,
            id: id.parse().map_err(|_| refuse())?,
        })
    }
}

labelled_enum! {
    /// What a team's work item is.
    WorkItemType, "work item type" {
        Story => ("story", "Story"),
        Defect => ("defect", "Defect"),
        Enabler => ("enabler", "Enabler"),
        Risk => ("risk", "Risk"),
    }
}

labelled_enum! {
    /// How urgently a work item is pulled; shown as swimlanes, most urgent first.
    ClassOfService, "class of service" {
        Expedite => ("expedite", "Expedite"),
        FixedDate => ("fixed_date", "Fixed date"),
        Standard => ("standard", "Standard"),
        Intangible => ("intangible", "Intangible"),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChainLink {
    pub kind: ItemKind,
    pub id: Uuid,
    pub title: String,
}

/// One item of the hierarchy with everything below it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TreeNode {
    pub kind: ItemKind,
    pub id: Uuid,
    pub title: String,
    /// The board column the item is in (none for the vision and themes).
    pub state: Option<String>,
    pub progress: Option<Progress>,
    pub blocked: bool,
    /// The vision's statement or the theme's description (empty below them).
    pub summary: String,
    /// Sent back with an edit of the vision or a theme (409 when stale).
    pub version: i32,
    /// The outcome metrics it claims to move.
    pub metrics: Vec<MetricRow>,
    pub children: Vec<TreeNode>,
}

/// The whole hierarchy: each vision down to single work items, and what hangs
/// under no parent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StrategyTree {
    /// Each vision with its themes, epics, features and work items.
    pub visions: Vec<TreeNode>,
    /// Epics without a theme, features without an epic, work items without a feature.
    pub unaligned: Vec<TreeNode>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kind_names_one_of_its_items_in_a_sentence() {
        let cases = [
            (ItemKind::Epic, "that epic", "an epic"),
            (ItemKind::WorkItem, "that work item", "a work item"),
            (ItemKind::Theme, "that strategic theme", "a strategic theme"),
        ];
        for (kind, that, with_article) in cases {
            assert_eq!(kind.that(), that);
            assert_eq!(kind.with_article(), with_article);
        }
    }

    #[test]
    fn every_chain_ends_at_the_vision_in_at_most_four_steps() {
        for kind in ItemKind::ALL {
            let mut steps = 0;
            let mut current = *kind;
            while let Some(parent) = current.parent_kind() {
                current = parent;
                steps += 1;
            }
            assert_eq!(current, ItemKind::Vision, "{kind:?}");
            assert!(steps <= 4, "{kind:?}");
        }
    }

    #[test]
    fn each_level_links_to_the_one_above() {
        let expected = [
            (ItemKind::WorkItem, Some(ItemKind::Feature)),
            (ItemKind::Feature, Some(ItemKind::Epic)),
            (ItemKind::Epic, Some(ItemKind::Theme)),
            (ItemKind::Theme, Some(ItemKind::Vision)),
            (ItemKind::Vision, None),
        ];
        for (kind, parent) in expected {
            assert_eq!(kind.parent_kind(), parent, "{kind:?}");
        }
    }

    #[test]
    fn the_way_up_to_an_ancestor_names_the_levels_in_between() {
        use ItemKind::*;
        let cases: [(ItemKind, ItemKind, Option<&[ItemKind]>); 8] = [
            (WorkItem, Feature, Some(&[])),
            (WorkItem, Epic, Some(&[Feature])),
            (WorkItem, Theme, Some(&[Feature, Epic])),
            (Feature, Epic, Some(&[])),
            (Epic, Vision, Some(&[Theme])),
            // Not above: itself, a level below, or nothing above the vision.
            (Feature, Feature, None),
            (Epic, WorkItem, None),
            (Vision, Theme, None),
        ];
        for (kind, ancestor, between) in cases {
            assert_eq!(
                kind.levels_up_to(ancestor).as_deref(),
                between,
                "{kind:?} up to {ancestor:?}"
            );
        }
    }

    #[test]
    fn an_item_reference_round_trips_and_refuses_what_names_no_item() {
        let epic = ItemRef {
            kind: ItemKind::Epic,
            id: uuid::Uuid::from_u128(7),
        };
        assert_eq!(epic.key().parse::<ItemRef>(), Ok(epic));
        let theme = format!(" theme:{} ", uuid::Uuid::from_u128(8));
        assert_eq!(
            theme.parse::<ItemRef>().map(|r| r.kind),
            Ok(ItemKind::Theme)
        );
        for bad in [
            "",
            "epic",
            "epic:",
            "epic:not-a-uuid",
            "story:00000000-0000-0000-0000-000000000007",
        ] {
            assert!(bad.parse::<ItemRef>().is_err(), "{bad:?}");
        }
    }
}
