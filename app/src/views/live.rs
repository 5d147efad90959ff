//! What a browser following a board receives as it happens.

use serde::{Deserialize, Serialize};

use super::board::BoardChange;

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

/// Where a page follows the outcome metrics, from now.
pub const METRICS_STREAM: &str = "/api/v1/metrics/events";

/// The name of a server-sent event carrying a [`BoardEvent`].
pub const BOARD_EVENT: &str = "board";

/// The name of the server-sent event telling a page it missed too much to catch
/// up event by event: it reads its board again.
pub const RESYNC_EVENT: &str = "resync";

/// Where a page follows the board `board_id`, from the event after `after`.
pub fn stream_href(board_id: uuid::Uuid, after: i64) -> String {
    format!("/api/v1/boards/{board_id}/events?after={after}")
}
