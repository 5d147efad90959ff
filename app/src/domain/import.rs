//! Bringing work in from another tool: the items a file holds, read into one shape
//! whatever the tool, and the rules that place them on a board: which column each
//! source status goes to, and the moves that make its history.
//!
//! The readers of each tool's file (Jira CSV, Trello JSON) live with the CLI; what
//! they hand over and what is decided from it is here, without I/O or clock.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::board::StateCategory;
use super::hierarchy::{ItemKind, WorkItemType};

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
}
