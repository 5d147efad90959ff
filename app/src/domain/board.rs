//! Boards and their columns: the state an item is in is the column it sits in.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::hierarchy::{ChainLink, ClassOfService, ItemKind};
use super::labels::labelled_enum;
use super::progress::Progress;
use super::wip::{Limit, Load, Measure};
use super::NamedRef;

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
    /// The level of item whose cards the board carries.
    pub fn cards(self) -> ItemKind {
        match self {
            BoardKind::Portfolio => ItemKind::Epic,
            BoardKind::Feature => ItemKind::Feature,
            BoardKind::Team => ItemKind::WorkItem,
        }
    }

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

/// A move the board's process does not allow, as a sentence.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct MoveRefused(pub String);

impl BoardKind {
    /// Whether a card may go from column `from` to column `to` (positions, left to
    /// right, among `names`). Portfolio and feature kanbans are a process every item
    /// passes through: forward one state at a time, back to any earlier state. Team
    /// boards are the team's own, so any move is allowed.
    pub fn check_move(self, names: &[&str], from: usize, to: usize) -> Result<(), MoveRefused> {
        if self == BoardKind::Team || to <= from || to == from + 1 {
            return Ok(());
        }
        let name = |i: usize| names.get(i).copied().unwrap_or("?");
        Err(MoveRefused(format!(
            "on the {} an item moves forward one state at a time: from {} the next state is {}, not {}",
            self.label().to_lowercase(),
            name(from),
            name(from + 1),
            name(to)
        )))
    }
}

impl BoardKind {
    /// Whether a new item may start in the column at `position` (left to right).
    /// Every item of a process (portfolio, feature kanban) enters at its first
    /// state; a team adds work wherever it finds it, unplanned work mid-flow too.
    pub fn takes_new_items_at(self, position: usize) -> bool {
        self == BoardKind::Team || position == 0
    }
}

pub const COLUMN_NAME_MAX: usize = 40;

/// A column as its settings form sends it.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ColumnForm {
    pub name: String,
    pub category: String,
    pub activity: String,
}

impl ColumnForm {
    /// The column's settings, or the first field that is wrong.
    pub fn validate(&self) -> Result<(ColumnSpec, Activity), super::planning::FieldError> {
        use super::planning::FieldError;
        let name = self.name.trim().to_owned();
        if name.is_empty() {
            return Err(FieldError {
                field: "name",
                message: "a column needs a name".into(),
            });
        }
        let name =
            super::planning::limited("name", &name, COLUMN_NAME_MAX, super::text::Lines::One)?;
        let category = self
            .category
            .parse()
            .map_err(|e: super::UnknownValue| FieldError {
                field: "category",
                message: e.to_string(),
            })?;
        let activity = self
            .activity
            .parse()
            .map_err(|e: super::UnknownValue| FieldError {
                field: "activity",
                message: e.to_string(),
            })?;
        Ok((ColumnSpec { name, category }, activity))
    }
}

/// A column as a team configures it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnSpec {
    pub name: String,
    pub category: StateCategory,
}

/// A board's column layout must read left to right as not started, started, done,
/// with somewhere to start and somewhere to finish, and no two columns of one name:
/// flow metrics read a card's state from its column's category.
pub fn check_layout(columns: &[ColumnSpec]) -> Result<(), String> {
    for column in columns {
        let length = column.name.chars().count();
        if column.name.trim().is_empty() {
            return Err("a column needs a name".into());
        }
        if length > COLUMN_NAME_MAX {
            return Err(format!(
                "a column name has at most {COLUMN_NAME_MAX} characters, “{}” has {length}",
                column.name
            ));
        }
    }
    for (i, column) in columns.iter().enumerate() {
        if columns[..i]
            .iter()
            .any(|c| c.name.to_lowercase() == column.name.to_lowercase())
        {
            return Err(format!("there is already a column named “{}”", column.name));
        }
    }
    if let Some(pair) = columns
        .windows(2)
        .find(|pair| (pair[0].category as u8) > (pair[1].category as u8))
    {
        return Err(format!(
            "“{}” ({}) cannot come after “{}” ({}): columns go not started, started, done from left to right",
            pair[1].name,
            pair[1].category.label().to_lowercase(),
            pair[0].name,
            pair[0].category.label().to_lowercase()
        ));
    }
    for needed in [StateCategory::NotStarted, StateCategory::Done] {
        if !columns.iter().any(|c| c.category == needed) {
            return Err(format!(
                "a board needs at least one “{}” column",
                needed.label().to_lowercase()
            ));
        }
    }
    Ok(())
}

/// On the wire a field with nothing to say is left out (a board of 500 cards
/// carries its cards twice: drawn, and for the page to take over).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Card {
    pub id: Uuid,
    pub kind: ItemKind,
    /// "Epic", or the work item type ("Story", "Defect", ...).
    pub type_label: String,
    pub title: String,
    /// The epic owner or the work item's assignee.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wsjf: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<Progress>,
    /// `Some(reason)` when blocked; the reason may be empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocked: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class_of_service: Option<ClassOfService>,
    /// The item's ancestors, nearest first, ending at the vision when aligned.
    pub chain: Vec<ChainLink>,
    /// The teams whose boards hold this item's work (a work item: its own team).
    pub teams: Vec<Uuid>,
    /// Sent back with a change, so a concurrent change is detected (409).
    pub version: i32,
    /// When it entered the column it is in.
    pub in_column_since: DateTime<Utc>,
    /// When it is wanted (its target date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<chrono::NaiveDate>,
    /// How many unfinished items it waits on.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub waits_on: u32,
}

fn is_zero(count: &u32) -> bool {
    *count == 0
}

impl Card {
    /// A story with only its id, title and time in its column: tests start here
    /// and set what they need.
    #[cfg(test)]
    pub fn story(id: Uuid, title: &str, in_column_since: DateTime<Utc>) -> Card {
        Card {
            id,
            kind: ItemKind::WorkItem,
            type_label: "Story".into(),
            title: title.into(),
            owner: None,
            size: None,
            wsjf: None,
            progress: None,
            blocked: None,
            class_of_service: None,
            chain: Vec::new(),
            teams: Vec::new(),
            version: 1,
            in_column_since,
            due: None,
            waits_on: 0,
        }
    }
}

/// A board: its columns left to right, each with its cards in rank order, and its
/// WIP limits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Board {
    pub id: Uuid,
    pub name: String,
    pub kind: BoardKind,
    /// The team whose board this is (team boards only).
    pub team_id: Option<Uuid>,
    pub columns: Vec<Column>,
    /// The teams a portfolio or feature board can be filtered by (none on team boards).
    pub teams: Vec<NamedRef>,
    /// What the board's WIP limits count, and the limits (every kind).
    pub measure: Measure,
    pub limits: Vec<Limit>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    pub id: Uuid,
    pub name: String,
    pub category: StateCategory,
    pub activity: Activity,
    /// The column's own WIP limit, and whether it is hard.
    pub wip_limit: Option<u32>,
    pub wip_hard: bool,
    /// Sent back with a change of the column's settings (409 when stale).
    pub version: i32,
    /// In rank order, top first.
    pub cards: Vec<Card>,
    /// In a done column, the work finished before the recent days it shows.
    #[serde(default)]
    pub earlier_done: EarlierDone,
}

impl Column {
    /// The column with no cards in it.
    fn without_cards(&self) -> Column {
        Column {
            id: self.id,
            name: self.name.clone(),
            category: self.category,
            activity: self.activity,
            wip_limit: self.wip_limit,
            wip_hard: self.wip_hard,
            version: self.version,
            cards: Vec::new(),
            earlier_done: self.earlier_done,
        }
    }
}

/// How many days of finished work a done column shows; the rest is counted, and
/// one link away.
pub const RECENT_DONE_DAYS: i64 = 14;

/// The finished work a done column leaves out: how many cards, and how much of
/// the column's load (in the board's measure) they are, so the browser's count
/// of the column still agrees with the server's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarlierDone {
    pub cards: u32,
    pub load: u32,
}

/// The first moment of the work a done column shows as of `now`: what entered it
/// in the last [`RECENT_DONE_DAYS`].
pub fn recent_done_since(now: DateTime<Utc>) -> DateTime<Utc> {
    now - chrono::Duration::days(RECENT_DONE_DAYS)
}

impl Board {
    /// The board with its columns' cards left out, when they go elsewhere (a
    /// packed page carries them apart): copying them only to drop them cost a
    /// 500-card page a third of its copies of the cards.
    pub fn outline(&self) -> Board {
        Board {
            id: self.id,
            name: self.name.clone(),
            kind: self.kind,
            team_id: self.team_id,
            columns: self.columns.iter().map(Column::without_cards).collect(),
            teams: self.teams.clone(),
            measure: self.measure,
            limits: self.limits.clone(),
        }
    }

    /// Counts, in each done column, the finished work its cards leave out: a board
    /// is read with its done columns' recent cards only, and `loads` (the cards of
    /// its done columns as the WIP counts group them) say how much there is in all.
    pub fn count_earlier_done(&mut self, loads: &[Load]) {
        let measure = self.measure;
        for column in &mut self.columns {
            if column.category != StateCategory::Done {
                continue;
            }
            let (cards, load) = loads
                .iter()
                .filter(|group| group.column == column.id)
                .fold((0u32, 0u32), |(cards, load), group| {
                    (cards + group.cards, load + measure.weight_of(group))
                });
            let shown: u32 = column
                .cards
                .iter()
                .map(|card| measure.weight(card.size))
                .sum();
            column.earlier_done = EarlierDone {
                cards: cards.saturating_sub(column.cards.len() as u32),
                load: load.saturating_sub(shown),
            };
        }
    }
}

/// What a change did to a board, so a browser showing it applies the change in
/// place: each card it placed, and the board's loads after it as the server
/// counts them (a browser whose own count differs has missed someone's change).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardChange {
    pub board_id: Uuid,
    pub placed: Vec<PlacedCard>,
    /// Every column's load, left to right: (column, load).
    pub column_loads: Vec<(Uuid, u32)>,
    /// Every limit's load: (limit, load).
    pub limit_loads: Vec<(Uuid, u32)>,
    /// Cards no longer on the board (deleted).
    #[serde(default)]
    pub removed: Vec<Uuid>,
}

/// A card where it now sits, at its new version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlacedCard {
    pub id: Uuid,
    pub version: i32,
    pub column_id: Uuid,
    /// The card it sits just above; `None`: the bottom of the column.
    pub before: Option<Uuid>,
    /// When it entered that column.
    pub in_column_since: DateTime<Utc>,
    /// The whole card when its content is new to the board (an added card); a
    /// moved card's content is unchanged, so `None`.
    pub card: Option<Card>,
}

/// Whole days a card has sat in its column, as of `now` (0 on its first day).
pub fn days_in_column(since: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    (now - since).num_days().max(0)
}

/// A board as a link to its page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardRef {
    pub id: Uuid,
    pub name: String,
    pub kind: BoardKind,
    /// The team whose board it is (team boards only).
    pub team_id: Option<Uuid>,
}

/// An item someone holds (a work item assigned to them, an epic they own), where
/// it stands: for their "My work" across every board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeldItem {
    pub id: Uuid,
    pub kind: ItemKind,
    pub title: String,
    pub board: BoardRef,
    pub column: String,
    pub category: StateCategory,
    pub in_column_since: DateTime<Utc>,
    /// `Some(reason)` when blocked; the reason may be empty.
    pub blocked: Option<String>,
}

/// Someone's work in the order they take it up: what is under way first, then
/// what waits to start, then what they finished in the last [`RECENT_DONE_DAYS`]
/// before `now` (older finished work is left out); within each, what has sat
/// longest in its column first.
pub fn in_working_order(mut held: Vec<HeldItem>, now: DateTime<Utc>) -> Vec<HeldItem> {
    let since = recent_done_since(now);
    held.retain(|item| item.category != StateCategory::Done || item.in_column_since >= since);
    let stage = |category: StateCategory| match category {
        StateCategory::Started => 0,
        StateCategory::NotStarted => 1,
        StateCategory::Done => 2,
    };
    held.sort_by_key(|item| (stage(item.category), item.in_column_since));
    held
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn my_work_puts_what_is_under_way_first_oldest_first_and_leaves_old_finished_work_out() {
        let now: DateTime<Utc> = "2026-11-26T12:00:00Z".parse().unwrap();
        let held = |title: &str, category: StateCategory, days: i64| HeldItem {
            id: Uuid::new_v4(),
            kind: ItemKind::WorkItem,
            title: title.into(),
            board: BoardRef {
                id: Uuid::nil(),
                name: "Software".into(),
                kind: BoardKind::Team,
                team_id: None,
            },
            column: String::new(),
            category,
            in_column_since: now - chrono::Duration::days(days),
            blocked: None,
        };
        let ordered = in_working_order(
            vec![
                held("Finished yesterday", Done, 1),
                held("Waiting a week", NotStarted, 7),
                held("Under way for a day", Started, 1),
                held("Finished last month", Done, 30),
                held("Under way for ten days", Started, 10),
            ],
            now,
        );
        let titles: Vec<_> = ordered.iter().map(|item| item.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Under way for ten days",
                "Under way for a day",
                "Waiting a week",
                "Finished yesterday"
            ]
        );
    }

    fn done_card(title: &str, size: u32, finished: DateTime<Utc>) -> Card {
        Card {
            size: Some(size),
            ..Card::story(Uuid::new_v4(), title, finished)
        }
    }

    #[test]
    fn a_done_column_shows_the_last_two_weeks_and_counts_the_rest() {
        let now: DateTime<Utc> = "2026-11-26T12:00:00Z".parse().unwrap();
        let days_ago = |days: i64| now - chrono::Duration::days(days);
        let since = recent_done_since(now);
        // What a read brings: what entered the column since then, to the hour.
        let shown = |finished: DateTime<Utc>| finished >= since;
        assert!(shown(days_ago(0)) && shown(days_ago(RECENT_DONE_DAYS)));
        assert!(!shown(
            days_ago(RECENT_DONE_DAYS) - chrono::Duration::seconds(1)
        ));

        let column = |name: &str, category: StateCategory, cards: Vec<Card>| Column {
            id: Uuid::new_v4(),
            name: name.into(),
            category,
            activity: Activity::Active,
            wip_limit: None,
            wip_hard: false,
            version: 1,
            cards,
            earlier_done: EarlierDone::default(),
        };
        let mut board = Board {
            id: Uuid::new_v4(),
            name: "Software".into(),
            kind: BoardKind::Team,
            team_id: None,
            teams: Vec::new(),
            measure: Measure::Size,
            limits: Vec::new(),
            columns: vec![
                column(
                    "Doing",
                    Started,
                    vec![done_card("Old but open", 3, days_ago(40))],
                ),
                column(
                    "Done",
                    Done,
                    vec![
                        done_card("Today", 1, days_ago(0)),
                        done_card("Two weeks ago to the hour", 2, days_ago(RECENT_DONE_DAYS)),
                    ],
                ),
            ],
        };
        // Every card of the board as the WIP counts group them: Done also holds
        // one of size 5 fifteen days old and one of size 8 from last quarter.
        let group = |column: &Column, cards: u32, size: u32| Load {
            id: Uuid::nil(),
            title: String::new(),
            column: column.id,
            class_of_service: None,
            assignee: None,
            size: Some(size),
            cards,
            started: column.category == Started,
        };
        let loads = [
            group(&board.columns[0], 1, 3),
            group(&board.columns[1], 3, 14),
            group(&board.columns[1], 1, 2),
        ];
        board.count_earlier_done(&loads);
        assert_eq!(board.columns[0].earlier_done, EarlierDone::default());
        assert_eq!(board.columns[0].cards.len(), 1, "open work is all shown");
        assert_eq!(
            board.columns[1].earlier_done,
            EarlierDone { cards: 2, load: 13 }
        );
        board.measure = Measure::Cards;
        board.count_earlier_done(&loads);
        assert_eq!(
            board.columns[1].earlier_done,
            EarlierDone { cards: 2, load: 2 }
        );
    }

    #[test]
    fn a_boards_outline_is_the_board_but_its_cards() {
        let now: DateTime<Utc> = "2026-11-26T12:00:00Z".parse().unwrap();
        let board = Board {
            id: Uuid::new_v4(),
            name: "Software".into(),
            kind: BoardKind::Team,
            team_id: Some(Uuid::new_v4()),
            teams: Vec::new(),
            measure: Measure::Size,
            limits: Vec::new(),
            columns: vec![Column {
                id: Uuid::new_v4(),
                name: "Done".into(),
                category: Done,
                activity: Activity::Wait,
                wip_limit: Some(4),
                wip_hard: true,
                version: 3,
                cards: vec![done_card("Today", 1, now)],
                earlier_done: EarlierDone { cards: 2, load: 5 },
            }],
        };
        let mut emptied = board.clone();
        emptied.columns[0].cards.clear();
        assert_eq!(board.outline(), emptied);
    }

    #[test]
    fn process_boards_take_new_items_in_their_first_state_team_boards_anywhere() {
        for (kind, expected) in [
            (BoardKind::Portfolio, [true, false, false]),
            (BoardKind::Feature, [true, false, false]),
            (BoardKind::Team, [true, true, true]),
        ] {
            let taken = [0, 1, 4].map(|position| kind.takes_new_items_at(position));
            assert_eq!(taken, expected, "{kind:?}");
        }
    }

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

    #[test]
    fn process_boards_move_forward_one_state_at_a_time_and_back_freely() {
        let names: Vec<_> = PORTFOLIO_COLUMNS.iter().map(|c| c.name).collect();
        let cases = [
            (BoardKind::Portfolio, 0, 1, true),
            (BoardKind::Portfolio, 0, 2, false),
            (BoardKind::Portfolio, 4, 5, true),
            (BoardKind::Portfolio, 5, 0, true),
            (BoardKind::Portfolio, 3, 3, true),
            (BoardKind::Feature, 1, 3, false),
            (BoardKind::Team, 0, 4, true),
            (BoardKind::Team, 4, 0, true),
        ];
        for (kind, from, to, allowed) in cases {
            assert_eq!(
                kind.check_move(&names, from, to).is_ok(),
                allowed,
                "{kind:?} {from}->{to}"
            );
        }
        assert_eq!(
            BoardKind::Portfolio
                .check_move(&names, 0, 4)
                .unwrap_err()
                .to_string(),
            "on the portfolio kanban an item moves forward one state at a time: \
             from Funnel the next state is Reviewing, not Implementing"
        );
    }

    fn spec(name: &str, category: StateCategory) -> ColumnSpec {
        ColumnSpec {
            name: name.into(),
            category,
        }
    }

    #[test]
    fn a_column_form_needs_a_name_a_category_and_an_activity() {
        let form = |name: &str, category: &str, activity: &str| ColumnForm {
            name: name.into(),
            category: category.into(),
            activity: activity.into(),
        };
        assert_eq!(
            form(" Testing ", "started", "active").validate(),
            Ok((spec("Testing", Started), Active))
        );
        let cases = [
            (form("", "started", "active"), "name"),
            (form(&"x".repeat(41), "started", "active"), "name"),
            (form("Testing", "doing", "active"), "category"),
            (form("Testing", "started", "busy"), "activity"),
        ];
        for (form, field) in cases {
            assert_eq!(form.validate().unwrap_err().field, field, "{form:?}");
        }
    }

    #[test]
    fn a_layout_runs_not_started_to_done_with_unique_names() {
        let good = [
            spec("To Do", NotStarted),
            spec("Doing", Started),
            spec("Done", Done),
        ];
        assert_eq!(check_layout(&good), Ok(()));
        let minimal = [spec("Ready", NotStarted), spec("Shipped", Done)];
        assert_eq!(check_layout(&minimal), Ok(()));

        let cases: [(Vec<ColumnSpec>, &str); 5] = [
            (
                vec![spec("Doing", Started), spec("To Do", NotStarted), spec("Done", Done)],
                "“To Do” (not started) cannot come after “Doing” (started): columns go not started, started, done from left to right",
            ),
            (
                vec![spec("Doing", Started), spec("Done", Done)],
                "a board needs at least one “not started” column",
            ),
            (
                vec![spec("To Do", NotStarted), spec("Doing", Started)],
                "a board needs at least one “done” column",
            ),
            (
                vec![spec("To Do", NotStarted), spec("done", Started), spec("Done", Done)],
                "there is already a column named “Done”",
            ),
            (
                vec![spec(" ", NotStarted), spec("Done", Done)],
                "a column needs a name",
            ),
        ];
        for (layout, message) in cases {
            assert_eq!(check_layout(&layout), Err(message.to_owned()), "{layout:?}");
        }
    }

    #[test]
    fn days_in_a_column_are_whole_days_and_never_negative() {
        let at = |day: u32, hour: u32| {
            chrono::NaiveDate::from_ymd_opt(2026, 11, day)
                .and_then(|date| date.and_hms_opt(hour, 0, 0))
                .map(|time| time.and_utc())
                .expect("a valid time")
        };
        let cases = [
            (at(20, 9), at(20, 17), 0),
            (at(20, 9), at(21, 8), 0),
            (at(20, 9), at(21, 9), 1),
            (at(1, 0), at(26, 12), 25),
            // A clock a little behind the database's: not a negative age.
            (at(21, 9), at(20, 9), 0),
        ];
        for (since, now, days) in cases {
            assert_eq!(days_in_column(since, now), days, "{since} → {now}");
        }
    }
}
