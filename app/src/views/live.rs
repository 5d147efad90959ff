//! What a browser following a board receives as it happens.

use serde::{Deserialize, Serialize};

use crate::domain::board::BoardChange;

/// One change to a board, made by someone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardEvent {
    /// Who made it, as others know them.
    pub actor: String,
    pub news: BoardNews,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum BoardNews {
    /// Cards moved, added, edited or removed: applied in place.
    Changed { verb: Verb, change: BoardChange },
    /// Its columns or limits changed: the page reads the board again.
    Reshaped,
    /// Who is looking at the board now: the first names, and how many more.
    Viewers { names: Vec<String>, more: u32 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verb {
    Moved,
    Added,
    Edited,
    Removed,
}

/// An outcome metric changed (measured or redefined): pages showing it read it
/// again.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MetricNews {
    pub metric_id: uuid::Uuid,
}

/// The name of a server-sent event carrying a [`MetricNews`].
pub const METRIC_EVENT: &str = "metric";

/// Where a page follows every board, from the event after `after`.
pub fn boards_stream_href(after: i64) -> String {
    format!("/api/v1/boards/events?after={after}")
}

/// Where a page follows the outcome metrics, from the event after `after`.
pub fn metrics_stream_href(after: i64) -> String {
    format!("/api/v1/metrics/events?after={after}")
}

/// The name of a server-sent event carrying a [`BoardEvent`].
pub const BOARD_EVENT: &str = "board";

/// The name of the server-sent event telling a page it missed too much to catch
/// up event by event: it reads its board again.
pub const RESYNC_EVENT: &str = "resync";

/// Where a page follows the board `board_id`, from the event after `after`; a page
/// `showing` the board counts among its viewers.
pub fn stream_href(board_id: uuid::Uuid, after: i64, showing: bool) -> String {
    let viewer = if showing { "&viewer=1" } else { "" };
    format!("/api/v1/boards/{board_id}/events?after={after}{viewer}")
}

/// How many viewers a board's event names; the rest are counted.
pub const VIEWERS_NAMED: usize = 8;

impl BoardEvent {
    /// Whether this event takes the item `item` past `version`, or deletes it.
    pub fn changes_item(&self, item: uuid::Uuid, version: i32) -> bool {
        match &self.news {
            BoardNews::Changed { change, .. } => {
                change.removed.contains(&item)
                    || change
                        .placed
                        .iter()
                        .any(|placed| placed.id == item && placed.version > version)
            }
            BoardNews::Reshaped | BoardNews::Viewers { .. } => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::board::PlacedCard;
    use uuid::Uuid;

    fn event(placed: &[(u128, i32)], removed: &[u128]) -> BoardEvent {
        BoardEvent {
            actor: "Tina".into(),
            news: BoardNews::Changed {
                verb: Verb::Edited,
                change: BoardChange {
                    board_id: Uuid::nil(),
                    placed: placed
                        .iter()
                        .map(|(id, version)| PlacedCard {
                            id: Uuid::from_u128(*id),
                            version: *version,
                            column_id: Uuid::nil(),
                            before: None,
                            in_column_since: chrono::DateTime::UNIX_EPOCH,
                            card: None,
                        })
                        .collect(),
                    column_loads: vec![],
                    limit_loads: vec![],
                    removed: removed.iter().map(|id| Uuid::from_u128(*id)).collect(),
                },
            },
        }
    }

    #[test]
    fn an_item_is_changed_by_a_newer_version_of_it_or_its_removal_only() {
        let item = Uuid::from_u128(7);
        assert!(event(&[(7, 4)], &[]).changes_item(item, 3));
        assert!(
            !event(&[(7, 3)], &[]).changes_item(item, 3),
            "the version shown"
        );
        assert!(!event(&[(8, 9)], &[]).changes_item(item, 3), "another card");
        assert!(event(&[], &[7]).changes_item(item, 3));
        let reshaped = BoardEvent {
            actor: "Ada".into(),
            news: BoardNews::Reshaped,
        };
        assert!(!reshaped.changes_item(item, 3));
    }
}
