//! Bringing work in from another tool: the file read into one shape whatever the
//! tool (the readers of a Jira CSV and a Trello JSON export are submodules), and
//! the rules that place its items on a board: which column each source status goes
//! to, the moves that make an item's history, and the plan of what an import
//! would write. No I/O or clock: the CLI and the admins' import page share it.

pub mod csv;
pub mod jira;
pub mod trello;

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::board::StateCategory;
use super::hierarchy::{ItemKind, WorkItemType};
use super::labels::labelled_enum;
use super::text::TITLE_MAX;

/// Files larger than this are refused before they are read: a file is read
/// whole, and an export this size holds far more issues than a team brings in.
pub const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;

labelled_enum! {
    /// The tools whose exports can be read.
    Tool, "tool" {
        Jira => ("jira", "Jira CSV"),
        Trello => ("trello", "Trello JSON"),
    }
}

labelled_enum! {
    /// Where an uploaded file stands.
    ImportState, "import state" {
        /// Read and previewed; nothing written yet.
        Ready => ("ready", "Ready to import"),
        Importing => ("importing", "Importing"),
        Imported => ("imported", "Imported"),
        /// Stopped by an error part way: importing again finishes the job.
        Failed => ("failed", "Failed"),
    }
}

impl Tool {
    /// Reads an export of this tool.
    pub fn read(self, text: &str) -> Result<SourceFile, BadFile> {
        match self {
            Tool::Jira => jira::read(text),
            Tool::Trello => trello::read(text),
        }
    }
}

/// A file that cannot be imported, and why, in words for whoever exported it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct BadFile(pub String);

/// The file read into one shape, whatever the tool.
#[derive(Debug)]
pub struct SourceFile {
    pub tool: &'static str,
    pub items: Vec<SourceItem>,
    /// Each status (list) with its category where the tool has one, as first seen.
    pub statuses: Vec<(String, Option<StateCategory>)>,
    /// Rows that cannot be imported: their label and why.
    pub skipped: Vec<(String, String)>,
    pub notes: Vec<String>,
}

impl SourceFile {
    fn new(tool: &'static str) -> SourceFile {
        SourceFile {
            tool,
            items: Vec::new(),
            statuses: Vec::new(),
            skipped: Vec::new(),
            notes: Vec::new(),
        }
    }
}

/// A file's bytes as text: UTF-8 or refused, within `MAX_FILE_BYTES`, a
/// byte-order mark dropped.
pub fn decode(bytes: Vec<u8>) -> Result<String, BadFile> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    let text = String::from_utf8(bytes).map_err(|error| {
        BadFile(format!(
            "the file is not UTF-8 (byte {} is not): export it again as UTF-8",
            error.utf8_error().valid_up_to() + 1
        ))
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    })
}

/// The refusal of a file of `size` bytes, over `MAX_FILE_BYTES`.
pub fn too_large(size: u64) -> BadFile {
    BadFile(format!(
        "the file is {} MiB; an import reads files up to {} MiB: {FEWER}",
        size >> 20,
        MAX_FILE_BYTES >> 20
    ))
}

/// The refusal of a file known only to pass `MAX_FILE_BYTES` (an upload cut off
/// at the limit, its size never learnt).
pub fn over_the_limit() -> BadFile {
    BadFile(format!(
        "the file is over {} MiB, the most an import reads: {FEWER}",
        MAX_FILE_BYTES >> 20
    ))
}

const FEWER: &str = "export fewer issues at a time";

/// A title as the app keeps one: one line, no control characters, at most
/// `TITLE_MAX` characters.
fn clean_title(text: &str) -> String {
    let line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
    line.chars().take(TITLE_MAX).collect()
}

/// One item as the source file has it.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceItem {
    /// Unique within the source: `jira:DRN-12`, `trello:5f1e…`.
    pub key: String,
    /// Shown in reports: `DRN-12`, or a card's name.
    pub label: String,
    pub kind: ItemKind,
    pub work_type: Option<WorkItemType>,
    pub title: String,
    pub description: String,
    pub assignee: Option<String>,
    pub size: Option<i32>,
    /// The key of the item above it, if the source names one.
    pub parent: Option<String>,
    /// Its status (Jira) or list (Trello) now.
    pub status: String,
    pub created: DateTime<Utc>,
    pub updated: DateTime<Utc>,
    pub due: Option<NaiveDate>,
    /// What the source says of its past, oldest first.
    pub history: SourceHistory,
}

/// What a source keeps of an item's past.
#[derive(Debug, Clone, PartialEq)]
pub enum SourceHistory {
    /// Every change of status with its date (Trello's list moves): the first
    /// entry is where it was created.
    Moves(Vec<(DateTime<Utc>, String)>),
    /// Only milestones (a Jira CSV): when work started, if known, and when it
    /// was finished, if it is.
    Milestones {
        started: Option<DateTime<Utc>>,
        finished: Option<DateTime<Utc>>,
    },
}

/// A board column an item may be placed in.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetColumn {
    pub id: Uuid,
    pub name: String,
    pub category: StateCategory,
}

/// Where a source status goes, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Mapped {
    pub status: String,
    pub column: Option<TargetColumn>,
    pub by: MappedBy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MappedBy {
    /// Said by whoever imports (`--map STATUS=COLUMN`).
    Told,
    /// A column of the same name.
    Name,
    /// The first column of the status's category (Jira's To Do / In Progress / Done).
    Category,
    /// Nothing fits: its items are not imported until it is mapped.
    Unmapped,
}

/// Proposes a column for each status: as told, else the column of the same name
/// (case aside), else the first column of its category when the source has one.
/// A told column that is not on the board is an error naming it.
pub fn map_statuses(
    statuses: &[(String, Option<StateCategory>)],
    columns: &[TargetColumn],
    told: &[(String, String)],
) -> Result<Vec<Mapped>, String> {
    let named = |name: &str| {
        columns
            .iter()
            .find(|column| column.name.eq_ignore_ascii_case(name.trim()))
    };
    for (status, column) in told {
        if named(column).is_none() {
            return Err(format!(
                "“{status}” is mapped to “{column}”, which is not a column of the board (its columns: {})",
                columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ")
            ));
        }
    }
    Ok(statuses
        .iter()
        .map(|(status, category)| {
            let told = told
                .iter()
                .find(|(source, _)| source.eq_ignore_ascii_case(status))
                .and_then(|(_, column)| named(column));
            let by_category =
                || category.and_then(|category| columns.iter().find(|c| c.category == category));
            let (column, by) = match (told, named(status), by_category()) {
                (Some(column), _, _) => (Some(column), MappedBy::Told),
                (None, Some(column), _) => (Some(column), MappedBy::Name),
                (None, None, Some(column)) => (Some(column), MappedBy::Category),
                (None, None, None) => (None, MappedBy::Unmapped),
            };
            Mapped {
                status: status.clone(),
                column: column.cloned(),
                by,
            }
        })
        .collect())
}

/// An item's moves on the board, oldest first: where it was created and each
/// arrival after; and whether its start of work had to be assumed.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub moves: Vec<(DateTime<Utc>, Uuid)>,
    pub start_assumed: bool,
}

/// The moves that give `item`, now in `now_in`, its history on the board: list
/// moves to statuses that have a column are kept (others are skipped), and
/// milestones become a creation in the first column, a start in the first started
/// column and a finish where it is now. A finished item whose start the source
/// does not know is taken as started when created: its cycle time is then its lead
/// time, an upper bound, and `start_assumed` says so.
pub fn place(
    item: &SourceItem,
    now_in: &TargetColumn,
    columns: &[TargetColumn],
    column_of: impl Fn(&str) -> Option<Uuid>,
) -> Placed {
    let first = columns.first().map_or(now_in.id, |c| c.id);
    let first_started = columns
        .iter()
        .find(|c| c.category == StateCategory::Started)
        .map(|c| c.id);
    let mut moves = Vec::new();
    let mut start_assumed = false;
    match &item.history {
        SourceHistory::Moves(changes) => {
            moves.extend(
                changes
                    .iter()
                    .filter_map(|(at, status)| Some((*at, column_of(status)?))),
            );
            if moves.is_empty() {
                moves.push((item.created, now_in.id));
            }
        }
        SourceHistory::Milestones { started, finished } => {
            moves.push((item.created, first));
            let started = match (now_in.category, started) {
                (StateCategory::NotStarted, _) => None,
                (_, Some(at)) => Some(*at),
                (StateCategory::Done, None) => {
                    start_assumed = true;
                    Some(item.created)
                }
                (StateCategory::Started, None) => Some(item.updated),
            };
            match (now_in.category, started, first_started) {
                (StateCategory::Done, Some(at), Some(column)) => {
                    moves.push((at.max(item.created), column));
                    let done = finished.unwrap_or(item.updated).max(at);
                    moves.push((done, now_in.id));
                }
                (_, Some(at), _) => moves.push((at.max(item.created), now_in.id)),
                _ => {}
            }
        }
    }
    // A move within one column (two statuses or lists mapped to it) is no move.
    moves.dedup_by(|later, earlier| later.1 == earlier.1);
    // Where it is now is where its history ends.
    if moves.last().map(|(_, column)| *column) != Some(now_in.id) {
        let at = moves
            .last()
            .map_or(item.updated, |(at, _)| (*at).max(item.updated));
        moves.push((at, now_in.id));
    }
    Placed {
        moves,
        start_assumed,
    }
}

/// An item of the file with where it goes: its column now and its moves, oldest
/// first, the last one into `column`.
#[derive(Debug, Clone, PartialEq)]
pub struct Placement {
    pub item: SourceItem,
    pub column: Uuid,
    pub moves: Vec<(DateTime<Utc>, Uuid)>,
}

/// Why an item of the file is not imported.
#[derive(Debug, Clone, PartialEq)]
pub enum Skip {
    /// The reader could not take its row; why, in words.
    Unreadable(String),
    /// An epic (it becomes a feature) while no product board was chosen.
    NoProduct,
    /// Its status (named) has no column.
    Unmapped(String),
}

/// What an import would write, decided before anything is.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Items in the file, imported or not.
    pub items: usize,
    /// How many of each kind (and type of work item) the file holds, as first seen.
    pub kinds: Vec<(ItemKind, Option<WorkItemType>, usize)>,
    /// Where the work items' statuses go on the team board.
    pub work_map: Vec<Mapped>,
    /// Where the epics' statuses go on the product board (empty without one).
    pub feature_map: Vec<Mapped>,
    /// Every item imported, parents (features) first.
    pub placements: Vec<Placement>,
    /// Every item (labelled) not imported, and why.
    pub skipped: Vec<(String, Skip)>,
    /// Finished items whose start of work had to be taken as their creation.
    pub assumed_starts: usize,
}

/// Plans the import of `file`: work items onto a team board of `team` columns,
/// epics as features onto a product board of `product` columns if there is one,
/// statuses mapped as `told` (status, column of the team board) else as
/// `map_statuses` proposes. A told column the board has not is an error.
pub fn plan(
    file: &SourceFile,
    team: &[TargetColumn],
    product: Option<&[TargetColumn]>,
    told: &[(String, String)],
) -> Result<Plan, String> {
    let statuses_of = |kind: ItemKind| -> Vec<(String, Option<StateCategory>)> {
        file.statuses
            .iter()
            .filter(|(status, _)| {
                file.items
                    .iter()
                    .any(|item| item.kind == kind && item.status == *status)
                    || (kind == ItemKind::WorkItem
                        && !file.items.iter().any(|item| item.status == *status))
            })
            .cloned()
            .collect()
    };
    let work_map = map_statuses(&statuses_of(ItemKind::WorkItem), team, told)?;
    let feature_map = match product {
        Some(columns) => map_statuses(&statuses_of(ItemKind::Feature), columns, &[])?,
        None => Vec::new(),
    };
    let mut kinds: Vec<(ItemKind, Option<WorkItemType>, usize)> = Vec::new();
    let mut skipped: Vec<(String, Skip)> = file
        .skipped
        .iter()
        .map(|(label, reason)| (label.clone(), Skip::Unreadable(reason.clone())))
        .collect();
    let mut placements = Vec::new();
    let mut assumed_starts = 0;
    for item in &file.items {
        match kinds
            .iter_mut()
            .find(|(kind, work_type, _)| (*kind, *work_type) == (item.kind, item.work_type))
        {
            Some((_, _, count)) => *count += 1,
            None => kinds.push((item.kind, item.work_type, 1)),
        }
        let (map, columns) = match (item.kind, product) {
            (ItemKind::Feature, None) => {
                skipped.push((item.label.clone(), Skip::NoProduct));
                continue;
            }
            (ItemKind::Feature, Some(columns)) => (&feature_map, columns),
            _ => (&work_map, team),
        };
        let Some(now_in) = column_for(map, &item.status) else {
            skipped.push((item.label.clone(), Skip::Unmapped(item.status.clone())));
            continue;
        };
        let placed = place(item, now_in, columns, |status| {
            column_for(map, status).map(|column| column.id)
        });
        assumed_starts += usize::from(placed.start_assumed);
        placements.push(Placement {
            item: item.clone(),
            column: now_in.id,
            moves: placed.moves,
        });
    }
    // Parents first: a work item's feature is written before it.
    placements.sort_by_key(|placement| placement.item.kind != ItemKind::Feature);
    Ok(Plan {
        items: file.items.len(),
        kinds,
        work_map,
        feature_map,
        placements,
        skipped,
        assumed_starts,
    })
}

/// The column a status is mapped to, if any.
fn column_for<'a>(map: &'a [Mapped], status: &str) -> Option<&'a TargetColumn> {
    map.iter()
        .find(|mapped| mapped.status == status)
        .and_then(|mapped| mapped.column.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: u32) -> DateTime<Utc> {
        format!("2026-11-{day:02}T09:00:00Z").parse().unwrap()
    }

    fn columns() -> Vec<TargetColumn> {
        [
            ("To Do", StateCategory::NotStarted),
            ("Doing", StateCategory::Started),
            ("Review", StateCategory::Started),
            ("Done", StateCategory::Done),
        ]
        .iter()
        .enumerate()
        .map(|(n, (name, category))| TargetColumn {
            id: Uuid::from_u128(n as u128 + 1),
            name: (*name).into(),
            category: *category,
        })
        .collect()
    }

    fn item(history: SourceHistory) -> SourceItem {
        SourceItem {
            key: "jira:DRN-1".into(),
            label: "DRN-1".into(),
            kind: ItemKind::WorkItem,
            work_type: Some(WorkItemType::Story),
            title: "A story".into(),
            description: String::new(),
            assignee: None,
            size: None,
            parent: None,
            status: "Done".into(),
            created: at(2),
            updated: at(20),
            due: None,
            history,
        }
    }

    #[test]
    fn statuses_map_as_told_then_by_name_then_by_category() {
        let statuses = [
            ("Code Review".to_owned(), Some(StateCategory::Started)),
            ("review".to_owned(), Some(StateCategory::Started)),
            ("In Progress".to_owned(), Some(StateCategory::Started)),
            ("Waiting for Vendor".to_owned(), None),
        ];
        let told = [("code review".to_owned(), "Review".to_owned())];
        let mapped = map_statuses(&statuses, &columns(), &told).unwrap();
        let seen: Vec<(&str, Option<&str>, MappedBy)> = mapped
            .iter()
            .map(|m| {
                (
                    m.status.as_str(),
                    m.column.as_ref().map(|c| c.name.as_str()),
                    m.by,
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                ("Code Review", Some("Review"), MappedBy::Told),
                ("review", Some("Review"), MappedBy::Name),
                ("In Progress", Some("Doing"), MappedBy::Category),
                ("Waiting for Vendor", None, MappedBy::Unmapped),
            ]
        );
    }

    #[test]
    fn a_status_told_to_go_to_no_column_of_the_board_is_refused_by_name() {
        let told = [("Blocked".to_owned(), "Parking lot".to_owned())];
        assert_eq!(
            map_statuses(&[], &columns(), &told).unwrap_err(),
            "“Blocked” is mapped to “Parking lot”, which is not a column of the board (its columns: To Do, Doing, Review, Done)"
        );
    }

    #[test]
    fn milestones_become_created_started_and_finished() {
        let columns = columns();
        let done = &columns[3];
        let finished = item(SourceHistory::Milestones {
            started: Some(at(5)),
            finished: Some(at(9)),
        });
        let placed = place(&finished, done, &columns, |_| None);
        assert_eq!(
            placed.moves,
            [
                (at(2), columns[0].id),
                (at(5), columns[1].id),
                (at(9), done.id)
            ]
        );
        assert!(!placed.start_assumed);

        // No start known: taken as the creation, and said.
        let unknown = item(SourceHistory::Milestones {
            started: None,
            finished: Some(at(9)),
        });
        let placed = place(&unknown, done, &columns, |_| None);
        assert_eq!(
            placed.moves,
            [
                (at(2), columns[0].id),
                (at(2), columns[1].id),
                (at(9), done.id)
            ]
        );
        assert!(placed.start_assumed);

        // Not started: only its creation.
        let waiting = item(SourceHistory::Milestones {
            started: None,
            finished: None,
        });
        let placed = place(&waiting, &columns[0], &columns, |_| None);
        assert_eq!(placed.moves, [(at(2), columns[0].id)]);
    }

    #[test]
    fn list_moves_are_kept_where_their_lists_have_columns() {
        let columns = columns();
        let column_of = |status: &str| columns.iter().find(|c| c.name == status).map(|c| c.id);
        let moved = item(SourceHistory::Moves(vec![
            (at(2), "To Do".into()),
            (at(4), "Ideas".into()),
            (at(5), "Doing".into()),
            (at(8), "Review".into()),
            (at(9), "Doing".into()),
            (at(12), "Done".into()),
        ]));
        let placed = place(&moved, &columns[3], &columns, column_of);
        let ids: Vec<u128> = placed.moves.iter().map(|(_, id)| id.as_u128()).collect();
        assert_eq!(ids, [1, 2, 3, 2, 4]);
        assert_eq!(placed.moves[4].0, at(12));

        // A card whose moves the export no longer has ends where it is now.
        let quiet = item(SourceHistory::Moves(vec![(at(2), "To Do".into())]));
        let placed = place(&quiet, &columns[1], &columns, column_of);
        assert_eq!(
            placed.moves,
            [(at(2), columns[0].id), (at(20), columns[1].id)]
        );
    }

    #[test]
    fn a_plan_places_what_it_can_parents_first_and_says_why_it_leaves_the_rest() {
        let columns = columns();
        let product = columns.clone();
        let epic = SourceItem {
            key: "jira:DRN-1".into(),
            label: "DRN-1".into(),
            kind: ItemKind::Feature,
            work_type: None,
            status: "Doing".into(),
            ..item(SourceHistory::Moves(Vec::new()))
        };
        let story = |key: &str, status: &str| SourceItem {
            key: format!("jira:{key}"),
            label: key.into(),
            status: status.into(),
            parent: Some("jira:DRN-1".into()),
            ..item(SourceHistory::Milestones {
                started: None,
                finished: None,
            })
        };
        let file = SourceFile {
            tool: "Jira",
            items: vec![story("DRN-2", "To Do"), epic, story("DRN-3", "Vendor")],
            statuses: vec![
                ("To Do".into(), Some(StateCategory::NotStarted)),
                ("Doing".into(), Some(StateCategory::Started)),
                ("Vendor".into(), None),
            ],
            skipped: vec![("DRN-9".into(), "it has no Summary".into())],
            notes: Vec::new(),
        };

        let without_product = plan(&file, &columns, None, &[]).unwrap();
        assert_eq!(without_product.items, 3);
        assert_eq!(
            without_product.kinds,
            [
                (ItemKind::WorkItem, Some(WorkItemType::Story), 2),
                (ItemKind::Feature, None, 1)
            ]
        );
        assert_eq!(
            without_product.skipped,
            [
                (
                    "DRN-9".to_owned(),
                    Skip::Unreadable("it has no Summary".into())
                ),
                ("DRN-1".to_owned(), Skip::NoProduct),
                ("DRN-3".to_owned(), Skip::Unmapped("Vendor".into())),
            ]
        );
        assert!(without_product.feature_map.is_empty());

        let told = [("vendor".to_owned(), "To Do".to_owned())];
        let with_product = plan(&file, &columns, Some(&product), &told).unwrap();
        let keys: Vec<&str> = with_product
            .placements
            .iter()
            .map(|p| p.item.label.as_str())
            .collect();
        assert_eq!(
            keys,
            ["DRN-1", "DRN-2", "DRN-3"],
            "the epic before its stories"
        );
        assert_eq!(with_product.placements[2].column, columns[0].id);
        assert_eq!(with_product.skipped.len(), 1);

        let wrong = [("Vendor".to_owned(), "Shipped".to_owned())];
        assert!(plan(&file, &columns, None, &wrong)
            .unwrap_err()
            .contains("“Shipped”, which is not a column"));
    }

    #[test]
    fn a_file_is_read_as_utf8_without_its_byte_order_mark() {
        assert_eq!(decode(b"\xef\xbb\xbfSummary".to_vec()).unwrap(), "Summary");
        assert_eq!(
            decode(b"ab\xe9".to_vec()).unwrap_err().0,
            "the file is not UTF-8 (byte 3 is not): export it again as UTF-8"
        );
        assert!(too_large(200 << 20).0.starts_with("the file is 200 MiB"));
        assert_eq!(
            over_the_limit().0,
            "the file is over 100 MiB, the most an import reads: export fewer issues at a time"
        );
    }
}
