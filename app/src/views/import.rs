//! Imports as the admins' import pages show them, and the words for a plan that
//! the pages and the CLI's report share.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::hierarchy::{ItemKind, WorkItemType};
use crate::domain::import::{ImportState, MappedBy, Tool};
use crate::domain::NamedRef;

/// The import page, where the upload form is and a refused upload returns.
pub const IMPORT_PAGE: &str = "/admin/import";
/// Where the upload form posts: the server's multipart route.
pub const UPLOAD_PATH: &str = "/admin/import/upload";

/// The page of one upload: its preview, progress and result.
pub fn preview_href(upload: Uuid) -> String {
    format!("{IMPORT_PAGE}/{upload}")
}

/// "feature", "work item (story)": a kind of item a file holds.
pub fn kind_name(kind: ItemKind, work_type: Option<WorkItemType>) -> String {
    match (kind, work_type) {
        (ItemKind::Feature, _) => "feature".to_owned(),
        (_, Some(work_type)) => format!("work item ({})", work_type.label().to_lowercase()),
        (kind, None) => kind.label().to_lowercase(),
    }
}

/// Why a status goes where it goes.
pub fn mapped_by(by: MappedBy) -> &'static str {
    match by {
        MappedBy::Told => "as told",
        MappedBy::Name => "same name",
        MappedBy::Category => "by its category",
        MappedBy::Unmapped => "no column: its items are not imported",
    }
}

/// What was assumed of `count` finished items without a start of work.
pub fn assumed_starts(count: usize) -> String {
    format!(
        "{count} finished items have no start of work in the file (no Start date, only Created and Resolved): their start is taken as their creation, so their cycle time is their lead time"
    )
}

/// The import page: a form to upload a file, and the latest uploads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportDeskView {
    /// Team boards work can go to (board ids).
    pub team_boards: Vec<NamedRef>,
    /// Products' feature kanbans epics can go to (board ids).
    pub product_boards: Vec<NamedRef>,
    pub uploads: Vec<UploadRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UploadRow {
    pub id: Uuid,
    pub file_name: String,
    pub tool: Tool,
    pub board: String,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
    pub state: ImportState,
    pub created: i32,
    pub updated: i32,
    pub unchanged: i32,
}

/// One upload: what it would import and where, or how its import went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportPreviewView {
    pub id: Uuid,
    pub file_name: String,
    pub tool: Tool,
    /// The team board (its team's id, for the link to it).
    pub team: NamedRef,
    pub product: Option<String>,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
    pub state: ImportState,
    /// An import of it is running now.
    pub underway: bool,
    pub done: i32,
    pub total: i32,
    pub created: i32,
    pub updated: i32,
    pub unchanged: i32,
    pub moves: i32,
    pub failure: Option<String>,
    /// Items in the file, and how many of each kind.
    pub items: usize,
    pub kinds: Vec<(String, usize)>,
    /// The team board's columns, to map statuses to.
    pub columns: Vec<String>,
    /// The work items' statuses and where they go.
    pub statuses: Vec<StatusRow>,
    /// The epics' statuses on the product board.
    pub epic_statuses: Vec<StatusRow>,
    /// Items the import would write.
    pub ready: usize,
    pub skipped: Vec<SkippedRow>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusRow {
    pub status: String,
    /// How many items of the file are in it.
    pub items: usize,
    pub column: Option<String>,
    pub by: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkippedRow {
    pub label: String,
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_named_by_their_work_item_type() {
        assert_eq!(kind_name(ItemKind::Feature, None), "feature");
        assert_eq!(
            kind_name(ItemKind::WorkItem, Some(WorkItemType::Defect)),
            "work item (defect)"
        );
        assert_eq!(kind_name(ItemKind::WorkItem, None), "work item");
    }
}
