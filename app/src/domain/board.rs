//! Boards and their columns: the state an item is in is the column it sits in.

use super::labels::labelled_enum;

labelled_enum! {
    /// Where a column sits in an item's life; flow metrics need it (cycle time runs
    /// from the first started column to the first done column).
    StateCategory, "state category" {
        NotStarted => ("not_started", "Not started"),
        Started => ("started", "Started"),
        Done => ("done", "Done"),
    }
}

labelled_enum! {
    /// Whether work in a column is being worked on or waiting (flow efficiency).
    Activity, "column activity" {
        Active => ("active", "Active"),
        Wait => ("wait", "Wait"),
    }
}

labelled_enum! {
    /// The three levels of board.
    BoardKind, "board kind" {
        Portfolio => ("portfolio", "Portfolio kanban"),
        Feature => ("feature", "Feature kanban"),
        Team => ("team", "Team board"),
    }
}

/// A column a board is created with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnTemplate {
    pub name: &'static str,
    pub category: StateCategory,
    pub activity: Activity,
    pub wip_limit: Option<u32>,
}

const fn column(
    name: &'static str,
    category: StateCategory,
    activity: Activity,
    wip_limit: Option<u32>,
) -> ColumnTemplate {
    ColumnTemplate {
        name,
        category,
        activity,
        wip_limit,
    }
}

use Activity::{Active, Wait};
use StateCategory::{Done, NotStarted, Started};

/// The SAFe portfolio kanban states. Reviewing and Analyzing are limited so the
/// portfolio does not start more than it can finish.
pub const PORTFOLIO_COLUMNS: [ColumnTemplate; 6] = [
    column("Funnel", NotStarted, Wait, None),
    column("Reviewing", NotStarted, Active, Some(5)),
    column("Analyzing", Started, Active, Some(3)),
    column("Portfolio Backlog", Started, Wait, None),
    column("Implementing", Started, Active, Some(4)),
    column("Done", Done, Active, None),
];

/// The feature (program) kanban states.
pub const FEATURE_COLUMNS: [ColumnTemplate; 7] = [
    column("Funnel", NotStarted, Wait, None),
    column("Analyzing", NotStarted, Active, Some(4)),
    column("Backlog", NotStarted, Wait, None),
    column("Implementing", Started, Active, Some(5)),
    column("Validating", Started, Active, Some(3)),
    column("Releasing", Started, Wait, None),
    column("Done", Done, Active, None),
];

/// The columns a new team board starts with; teams reshape them.
pub const DEFAULT_TEAM_COLUMNS: [ColumnTemplate; 5] = [
    column("To Do", NotStarted, Wait, None),
    column("In Progress", Started, Active, Some(3)),
    column("Review", Started, Active, Some(2)),
    column("Ready to Deploy", Started, Wait, None),
    column("Done", Done, Active, None),
];

impl BoardKind {
    pub fn default_columns(self) -> &'static [ColumnTemplate] {
        match self {
            BoardKind::Portfolio => &PORTFOLIO_COLUMNS,
            BoardKind::Feature => &FEATURE_COLUMNS,
            BoardKind::Team => &DEFAULT_TEAM_COLUMNS,
        }
    }
}

/// How a column's card count stands against its WIP limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum WipStatus {
    Unlimited,
    Under,
    AtLimit,
    Over,
}

impl WipStatus {
    pub fn of(count: usize, limit: Option<u32>) -> WipStatus {
        match limit {
            None => WipStatus::Unlimited,
            Some(limit) => match count.cmp(&(limit as usize)) {
                std::cmp::Ordering::Less => WipStatus::Under,
                std::cmp::Ordering::Equal => WipStatus::AtLimit,
                std::cmp::Ordering::Greater => WipStatus::Over,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_board_template_starts_not_started_and_ends_done() {
        for kind in BoardKind::ALL {
            let columns = kind.default_columns();
            assert_eq!(columns.first().unwrap().category, NotStarted, "{kind:?}");
            assert_eq!(columns.last().unwrap().category, Done, "{kind:?}");
            let categories: Vec<_> = columns.iter().map(|c| c.category as u8).collect();
            assert!(categories.windows(2).all(|w| w[0] <= w[1]), "{kind:?}");
        }
    }

    #[test]
    fn portfolio_columns_are_the_safe_states_in_order() {
        let names: Vec<_> = PORTFOLIO_COLUMNS.iter().map(|c| c.name).collect();
        assert_eq!(
            names,
            [
                "Funnel",
                "Reviewing",
                "Analyzing",
                "Portfolio Backlog",
                "Implementing",
                "Done"
            ]
        );
    }

    #[test]
    fn wip_status_compares_the_count_with_the_limit() {
        let cases = [
            (0, None, WipStatus::Unlimited),
            (9, None, WipStatus::Unlimited),
            (2, Some(3), WipStatus::Under),
            (3, Some(3), WipStatus::AtLimit),
            (4, Some(3), WipStatus::Over),
            (0, Some(0), WipStatus::AtLimit),
        ];
        for (count, limit, expected) in cases {
            assert_eq!(WipStatus::of(count, limit), expected, "{count} {limit:?}");
        }
    }
}
