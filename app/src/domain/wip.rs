//! Work-in-progress limits: on a column, on one class-of-service lane of a column,
//! on a person (cards assigned to them and started), or on a group of adjacent
//! columns; counting cards, or summing their sizes when the board says so. A soft
//! limit lets a move exceed it with a written reason; a hard one refuses the move.
//!
//! The browser runs [`check_move`] to preview a drop ("would exceed 3/3"); the
//! server runs the same function inside the move's transaction to enforce it.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::hierarchy::ClassOfService;
use super::labels::labelled_enum;
use super::planning::FieldError;

/// The largest limit anyone may set.
pub const MAX_LIMIT: u32 = 999;

labelled_enum! {
    /// What happens to a move that would take a limit over.
    Enforcement, "enforcement" {
        Soft => ("soft", "Soft: over it with a reason"),
        Hard => ("hard", "Hard: never over it"),
    }
}

labelled_enum! {
    /// What a board's limits count.
    Measure, "measure" {
        Cards => ("cards", "Cards"),
        Size => ("size", "Sum of sizes"),
    }
}

labelled_enum! {
    /// The kinds of limit, as stored and chosen in the settings form.
    ScopeKind, "limit kind" {
        Column => ("column", "Column"),
        Lane => ("lane", "Class of service in a column"),
        Person => ("person", "Person (assigned and started)"),
        Group => ("group", "Adjacent columns together"),
    }
}

impl ScopeKind {
    /// The form fields a limit of this kind reads besides its maximum and its
    /// enforcement: the form shows only these, and keeps only these.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            ScopeKind::Column => &["column_id"],
            ScopeKind::Lane => &["column_id", "class_of_service"],
            ScopeKind::Person => &["person"],
            ScopeKind::Group => &["column_id", "last_column_id"],
        }
    }

    /// The kinds whose limits read `field`.
    pub fn reading(field: &str) -> impl Iterator<Item = ScopeKind> + '_ {
        ScopeKind::ALL
            .iter()
            .copied()
            .filter(move |kind| kind.fields().contains(&field))
    }
}

/// What a limit covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scope {
    Column(Uuid),
    /// One class of service within a column.
    Lane(Uuid, ClassOfService),
    /// Cards assigned to this person in started columns.
    Person(String),
    /// Several adjacent columns counted together ("Develop + Review ≤ 6").
    Group(Vec<Uuid>),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limit {
    pub id: Uuid,
    pub scope: Scope,
    pub max: u32,
    pub enforcement: Enforcement,
    /// How people name it: "In Progress", "Expedite in Review", "Tina", "Develop + Review".
    pub label: String,
}

/// A card as the limits see it, or cards counted together: those of one column,
/// class of service and holder weigh on every limit alike, so a board can be
/// judged from its groups' counts without reading each card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Load {
    pub id: Uuid,
    pub title: String,
    pub column: Uuid,
    pub class_of_service: Option<ClassOfService>,
    pub assignee: Option<String>,
    /// A card's size; a group's total.
    pub size: Option<u32>,
    /// How many cards it stands for: 1 for a card.
    pub cards: u32,
    /// Whether its column's state category is "started".
    pub started: bool,
}

impl Scope {
    fn covers(&self, card: &Load) -> bool {
        match self {
            Scope::Column(column) => card.column == *column,
            Scope::Lane(column, class) => {
                card.column == *column && card.class_of_service == Some(*class)
            }
            Scope::Person(person) => {
                card.started
                    && card
                        .assignee
                        .as_deref()
                        .is_some_and(|a| a.eq_ignore_ascii_case(person))
            }
            Scope::Group(columns) => columns.contains(&card.column),
        }
    }
}

impl Scope {
    /// How much of the scope `cards` fill, as `measure` counts (a column's load
    /// whether or not it has a limit).
    pub fn load(&self, cards: &[Load], measure: Measure) -> u32 {
        cards
            .iter()
            .filter(|card| self.covers(card))
            .map(|card| measure.weight_of(card))
            .sum()
    }
}

impl Measure {
    /// What one card of `size` adds to a load.
    pub fn weight(self, size: Option<u32>) -> u32 {
        match self {
            Measure::Cards => 1,
            Measure::Size => size.unwrap_or(0),
        }
    }

    /// What `load` adds to a load: a group, each of its cards.
    pub fn weight_of(self, load: &Load) -> u32 {
        match self {
            Measure::Cards => load.cards,
            Measure::Size => load.size.unwrap_or(0),
        }
    }
}

impl Limit {
    /// How much of the limit `cards` use.
    pub fn load(&self, cards: &[Load], measure: Measure) -> u32 {
        self.scope.load(cards, measure)
    }

    /// The titles of the cards in the limit, for the message of a refusal.
    pub fn occupants<'a>(&self, cards: &'a [Load]) -> Vec<&'a str> {
        cards
            .iter()
            .filter(|card| self.scope.covers(card))
            .map(|card| card.title.as_str())
            .collect()
    }
}

/// A limit a move would take over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Breach {
    pub limit_id: Uuid,
    pub label: String,
    pub enforcement: Enforcement,
    pub max: u32,
    /// The load once the move is made.
    pub load: u32,
    /// What occupies the limit now.
    pub occupants: Vec<String>,
}

impl Breach {
    /// "would exceed the WIP limit of In Progress (4/3)".
    pub fn describe(&self) -> String {
        format!(
            "would exceed the {} WIP limit of {} ({}/{})",
            self.enforcement.key(),
            self.label,
            self.load,
            self.max
        )
    }

    /// The refusal of a hard limit, naming what holds it.
    pub fn refusal(&self) -> String {
        format!(
            "“{}” is at its hard WIP limit of {}: {} hold it. Finish or move one of them first.",
            self.label,
            self.max,
            self.occupants
                .iter()
                .map(|title| format!("“{title}”"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

/// What a move may do under the board's limits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    Allowed,
    /// Over soft limits only: allowed with a written reason.
    NeedsReason(Vec<Breach>),
    /// Over a hard limit: refused.
    Refused(Breach),
}

/// Whether moving `card` to `to_column` fits the limits (see [`check_change`]).
pub fn check_move(
    limits: &[Limit],
    cards: &[Load],
    card: Uuid,
    to_column: Uuid,
    to_started: bool,
    measure: Measure,
) -> Verdict {
    match cards.iter().find(|c| c.id == card) {
        Some(current) => check_change(
            limits,
            cards,
            &Load {
                column: to_column,
                started: to_started,
                ..current.clone()
            },
            measure,
        ),
        None => Verdict::Allowed,
    }
}

/// Whether the board may hold `changed` (a card moved, reassigned, resized or new)
/// in place of the card of that id. Only limits whose load the change raises, to
/// above their maximum, count: a move within a group, or out of an over-limit
/// column, is always allowed.
pub fn check_change(limits: &[Limit], cards: &[Load], changed: &Load, measure: Measure) -> Verdict {
    let after = with_change(cards, changed);
    let mut soft = Vec::new();
    for limit in limits {
        let (before, load) = (limit.load(cards, measure), limit.load(&after, measure));
        if load <= before || load <= limit.max {
            continue;
        }
        let breach = Breach {
            limit_id: limit.id,
            label: limit.label.clone(),
            enforcement: limit.enforcement,
            max: limit.max,
            load,
            occupants: limit
                .occupants(cards)
                .into_iter()
                .map(str::to_owned)
                .collect(),
        };
        match limit.enforcement {
            Enforcement::Hard => return Verdict::Refused(breach),
            Enforcement::Soft => soft.push(breach),
        }
    }
    if soft.is_empty() {
        Verdict::Allowed
    } else {
        Verdict::NeedsReason(soft)
    }
}

/// The board's cards once `changed` replaces the card of its id (or joins them).
pub fn with_change(cards: &[Load], changed: &Load) -> Vec<Load> {
    let mut after: Vec<Load> = cards
        .iter()
        .filter(|c| c.id != changed.id)
        .cloned()
        .collect();
    after.push(changed.clone());
    after
}

/// The columns whose cards `limits` count, of a board whose columns are
/// `columns` (each with whether it is a started one): what a refusal names the
/// cards of, while the rest of the board (its done columns' years of work) can
/// stay counted.
pub fn limited_columns(limits: &[Limit], columns: &[(Uuid, bool)]) -> Vec<Uuid> {
    let limited = |column: &Uuid, started: bool| {
        limits.iter().any(|limit| match &limit.scope {
            Scope::Column(limited) | Scope::Lane(limited, _) => limited == column,
            Scope::Group(limited) => limited.contains(column),
            Scope::Person(_) => started,
        })
    };
    columns
        .iter()
        .filter(|(column, started)| limited(column, *started))
        .map(|(column, _)| *column)
        .collect()
}

/// The limits over their maximum on the board as it stands.
pub fn over_limit<'a>(limits: &'a [Limit], cards: &[Load], measure: Measure) -> Vec<&'a Limit> {
    limits
        .iter()
        .filter(|limit| limit.load(cards, measure) > limit.max)
        .collect()
}

/// A limit as its settings form sends it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LimitForm {
    pub kind: String,
    pub column_id: String,
    pub last_column_id: String,
    pub class_of_service: String,
    pub person: String,
    pub max: String,
    pub enforcement: String,
}

/// A validated limit, before its columns are checked against the board.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitDraft {
    pub kind: ScopeKind,
    pub column: Option<Uuid>,
    pub last_column: Option<Uuid>,
    pub class_of_service: Option<ClassOfService>,
    pub person: Option<String>,
    pub max: u32,
    pub enforcement: Enforcement,
}

impl LimitForm {
    pub fn validate(&self) -> Result<LimitDraft, FieldError> {
        use super::planning::{optional_name, reference};
        let refuse = |field, message: &str| FieldError {
            field,
            message: message.to_owned(),
        };
        let kind: ScopeKind = self
            .kind
            .trim()
            .parse()
            .map_err(|e: super::UnknownValue| refuse("kind", &e.to_string()))?;
        let column = reference("column_id", &self.column_id, "a column of this board")?;
        let last_column = reference(
            "last_column_id",
            &self.last_column_id,
            "a column of this board",
        )?;
        let person = optional_name("person", &self.person)?;
        let class_of_service = match self.class_of_service.trim() {
            "" => None,
            raw => Some(
                raw.parse::<ClassOfService>()
                    .map_err(|e| refuse("class_of_service", &e.to_string()))?,
            ),
        };
        let max = parse_max("max", &self.max)?;
        let enforcement = self
            .enforcement
            .trim()
            .parse()
            .map_err(|e: super::UnknownValue| refuse("enforcement", &e.to_string()))?;
        match kind {
            ScopeKind::Column | ScopeKind::Lane if column.is_none() => {
                return Err(refuse("column_id", "choose the column"))
            }
            ScopeKind::Lane if class_of_service.is_none() => {
                return Err(refuse("class_of_service", "choose the class of service"))
            }
            ScopeKind::Person if person.is_none() => {
                return Err(refuse(
                    "person",
                    "name the person, as cards name their assignee",
                ))
            }
            ScopeKind::Group if column.is_none() => {
                return Err(refuse("column_id", "choose the first column of the group"))
            }
            ScopeKind::Group if last_column.is_none() || last_column == column => {
                return Err(refuse(
                    "last_column_id",
                    "choose another column to end the group",
                ))
            }
            _ => {}
        }
        let keep = |field: &str| kind.fields().contains(&field);
        Ok(LimitDraft {
            kind,
            column: column.filter(|_| keep("column_id")),
            last_column: last_column.filter(|_| keep("last_column_id")),
            class_of_service: class_of_service.filter(|_| keep("class_of_service")),
            person: person.filter(|_| keep("person")),
            max,
            enforcement,
        })
    }
}

/// A limit as typed: a whole number from 1 to 999.
pub fn parse_max(field: &'static str, raw: &str) -> Result<u32, FieldError> {
    let refuse = |message: String| FieldError { field, message };
    let value = raw.trim();
    match value.parse::<i64>() {
        Ok(n) if (1..=i64::from(MAX_LIMIT)).contains(&n) => Ok(n as u32),
        Ok(n) => Err(refuse(format!(
            "a WIP limit is between 1 and {MAX_LIMIT}, not {n}"
        ))),
        Err(_) if value.is_empty() => Err(refuse("give the limit as a number".into())),
        Err(_) => Err(refuse(format!(
            "“{value}” is not a whole number; a WIP limit is between 1 and {MAX_LIMIT}"
        ))),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LimitLoad {
    pub label: String,
    pub load: u32,
    pub max: u32,
    pub enforcement: Enforcement,
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODO: Uuid = Uuid::from_u128(1);
    const DEVELOP: Uuid = Uuid::from_u128(2);
    const REVIEW: Uuid = Uuid::from_u128(3);

    fn card(n: u128, column: Uuid, size: u32, who: &str, class: ClassOfService) -> Load {
        Load {
            id: Uuid::from_u128(100 + n),
            title: format!("Card {n}"),
            column,
            class_of_service: Some(class),
            assignee: Some(who.into()),
            size: Some(size),
            cards: 1,
            started: column != TODO,
        }
    }

    fn limit(scope: Scope, max: u32, enforcement: Enforcement) -> Limit {
        Limit {
            id: Uuid::from_u128(max as u128 + 1000),
            scope,
            max,
            enforcement,
            label: "L".into(),
        }
    }

    /// Two cards in To Do (Tina's 3 and Ben's 5), Develop holds Tina's 2 (expedite)
    /// and Ben's 8, Review holds Tina's 1.
    fn board() -> Vec<Load> {
        use ClassOfService::{Expedite, Standard};
        vec![
            card(1, TODO, 3, "Tina", Standard),
            card(2, TODO, 5, "Ben", Standard),
            card(3, DEVELOP, 2, "Tina", Expedite),
            card(4, DEVELOP, 8, "Ben", Standard),
            card(5, REVIEW, 1, "tina", Standard),
        ]
    }

    #[test]
    fn the_columns_a_limit_counts_are_its_own_its_groups_or_every_started_one_for_a_person() {
        const DONE: Uuid = Uuid::from_u128(4);
        let columns = [
            (TODO, false),
            (DEVELOP, true),
            (REVIEW, true),
            (DONE, false),
        ];
        let limited = |scopes: Vec<Scope>| {
            let limits: Vec<Limit> = scopes
                .into_iter()
                .map(|scope| limit(scope, 3, Enforcement::Soft))
                .collect();
            limited_columns(&limits, &columns)
        };
        assert_eq!(limited(vec![]), Vec::<Uuid>::new());
        assert_eq!(limited(vec![Scope::Column(REVIEW)]), [REVIEW]);
        assert_eq!(
            limited(vec![Scope::Lane(TODO, ClassOfService::Expedite)]),
            [TODO]
        );
        assert_eq!(
            limited(vec![Scope::Group(vec![DEVELOP, REVIEW])]),
            [DEVELOP, REVIEW]
        );
        assert_eq!(
            limited(vec![Scope::Person("Tina".into())]),
            [DEVELOP, REVIEW]
        );
        assert_eq!(
            limited(vec![Scope::Column(TODO), Scope::Person("Ben".into())]),
            [TODO, DEVELOP, REVIEW],
            "never the done column: no limit counts it"
        );
    }

    fn verdict(limit: Limit, moved: u128, to: Uuid, measure: Measure) -> &'static str {
        let started = to != TODO;
        match check_move(
            &[limit],
            &board(),
            Uuid::from_u128(100 + moved),
            to,
            started,
            measure,
        ) {
            Verdict::Allowed => "allowed",
            Verdict::NeedsReason(_) => "reason",
            Verdict::Refused(_) => "refused",
        }
    }

    #[test]
    fn every_kind_of_limit_soft_and_hard_by_cards_and_by_size() {
        use Enforcement::{Hard, Soft};
        use Measure::{Cards, Size};
        let group = Scope::Group(vec![DEVELOP, REVIEW]);
        let lane = Scope::Lane(DEVELOP, ClassOfService::Standard);
        let tina = Scope::Person("Tina".into());
        let cases = [
            // Column: Develop holds 2 cards (10 points).
            (
                limit(Scope::Column(DEVELOP), 3, Hard),
                1,
                DEVELOP,
                Cards,
                "allowed",
            ),
            (
                limit(Scope::Column(DEVELOP), 2, Hard),
                1,
                DEVELOP,
                Cards,
                "refused",
            ),
            (
                limit(Scope::Column(DEVELOP), 2, Soft),
                1,
                DEVELOP,
                Cards,
                "reason",
            ),
            (
                limit(Scope::Column(DEVELOP), 12, Hard),
                2,
                DEVELOP,
                Size,
                "refused",
            ),
            (
                limit(Scope::Column(DEVELOP), 13, Hard),
                1,
                DEVELOP,
                Size,
                "allowed",
            ),
            // Leaving an over-limit column, or moving elsewhere, is never stopped.
            (
                limit(Scope::Column(DEVELOP), 1, Hard),
                3,
                REVIEW,
                Cards,
                "allowed",
            ),
            (
                limit(Scope::Column(DEVELOP), 1, Hard),
                1,
                REVIEW,
                Cards,
                "allowed",
            ),
            // Lane: only standard cards of Develop count (one now).
            (limit(lane.clone(), 1, Hard), 2, DEVELOP, Cards, "refused"),
            (limit(lane.clone(), 2, Hard), 2, DEVELOP, Cards, "allowed"),
            // Group: Develop + Review hold 3; moving inside the group changes nothing.
            (limit(group.clone(), 3, Hard), 1, DEVELOP, Cards, "refused"),
            (limit(group.clone(), 3, Hard), 3, REVIEW, Cards, "allowed"),
            (limit(group.clone(), 11, Soft), 1, REVIEW, Size, "reason"),
            // Person: Tina has two started cards (case-insensitive), one waiting.
            (limit(tina.clone(), 2, Hard), 1, DEVELOP, Cards, "refused"),
            (limit(tina.clone(), 3, Soft), 1, DEVELOP, Cards, "allowed"),
            (limit(tina.clone(), 2, Hard), 2, DEVELOP, Cards, "allowed"),
            (limit(tina, 3, Soft), 1, DEVELOP, Size, "reason"),
        ];
        for (i, (limit, moved, to, measure, expected)) in cases.into_iter().enumerate() {
            assert_eq!(verdict(limit, moved, to, measure), expected, "case {i}");
        }
    }

    #[test]
    fn a_hard_breach_wins_over_soft_ones_and_names_what_holds_it() {
        let limits = [
            limit(Scope::Column(DEVELOP), 2, Enforcement::Soft),
            Limit {
                label: "Develop + Review".into(),
                ..limit(Scope::Group(vec![DEVELOP, REVIEW]), 3, Enforcement::Hard)
            },
        ];
        let Verdict::Refused(breach) = check_move(
            &limits,
            &board(),
            Uuid::from_u128(101),
            DEVELOP,
            true,
            Measure::Cards,
        ) else {
            panic!("expected a refusal");
        };
        assert_eq!(breach.load, 4);
        assert_eq!(
            breach.refusal(),
            "“Develop + Review” is at its hard WIP limit of 3: “Card 3”, “Card 4”, “Card 5” \
             hold it. Finish or move one of them first."
        );
        assert_eq!(
            breach.describe(),
            "would exceed the hard WIP limit of Develop + Review (4/3)"
        );
    }

    #[test]
    fn soft_breaches_are_all_listed() {
        let limits = [
            limit(Scope::Column(DEVELOP), 2, Enforcement::Soft),
            limit(Scope::Person("Tina".into()), 1, Enforcement::Soft),
        ];
        let verdict = check_move(
            &limits,
            &board(),
            Uuid::from_u128(101),
            DEVELOP,
            true,
            Measure::Cards,
        );
        let Verdict::NeedsReason(breaches) = verdict else {
            panic!("expected a reason to be needed");
        };
        assert_eq!(breaches.len(), 2);
    }

    /// `cards` but `except`, counted per column, class and holder (as the store
    /// reads a board for a move), and `except` itself.
    fn grouped(cards: &[Load], except: Uuid) -> Vec<Load> {
        let mut groups: Vec<Load> = Vec::new();
        for card in cards.iter().filter(|card| card.id != except) {
            let same = |group: &&mut Load| {
                (group.column, group.class_of_service, &group.assignee)
                    == (card.column, card.class_of_service, &card.assignee)
            };
            match groups.iter_mut().find(same) {
                Some(group) => {
                    group.cards += 1;
                    group.size = Some(group.size.unwrap_or(0) + card.size.unwrap_or(0));
                }
                None => groups.push(Load {
                    id: Uuid::nil(),
                    title: String::new(),
                    size: Some(card.size.unwrap_or(0)),
                    ..card.clone()
                }),
            }
        }
        groups.extend(cards.iter().find(|card| card.id == except).cloned());
        groups
    }

    #[test]
    fn cards_counted_in_groups_weigh_what_the_cards_weigh() {
        use ClassOfService::{Expedite, Standard};
        // The small board three times over: every group holds several cards.
        let mut cards = board();
        for n in 0..10 {
            cards.push(card(
                10 + n,
                [TODO, DEVELOP, REVIEW][n as usize % 3],
                n as u32,
                ["Tina", "Ben", "tina"][n as usize % 3],
                [Standard, Expedite][n as usize % 2],
            ));
        }
        let limits = [
            limit(Scope::Column(DEVELOP), 4, Enforcement::Soft),
            limit(Scope::Lane(REVIEW, Standard), 2, Enforcement::Hard),
            limit(Scope::Person("Tina".into()), 5, Enforcement::Soft),
            limit(Scope::Group(vec![DEVELOP, REVIEW]), 9, Enforcement::Hard),
        ];
        let kind = |verdict: Verdict| match verdict {
            Verdict::Allowed => "allowed".to_owned(),
            Verdict::NeedsReason(breaches) => format!(
                "reason {:?}",
                breaches.iter().map(|b| b.load).collect::<Vec<_>>()
            ),
            Verdict::Refused(breach) => format!("refused {}", breach.load),
        };
        for measure in [Measure::Cards, Measure::Size] {
            for moving in &cards {
                let counted = grouped(&cards, moving.id);
                assert!(counted.len() < cards.len());
                for to in [TODO, DEVELOP, REVIEW] {
                    let verdict = |loads: &[Load]| {
                        kind(check_move(
                            &limits,
                            loads,
                            moving.id,
                            to,
                            to != TODO,
                            measure,
                        ))
                    };
                    assert_eq!(verdict(&counted), verdict(&cards), "{measure:?} to {to}");
                }
                for limit in &limits {
                    assert_eq!(limit.load(&counted, measure), limit.load(&cards, measure));
                }
            }
        }
    }

    #[test]
    fn a_new_or_reassigned_card_counts_like_a_moved_one() {
        let tina = [limit(Scope::Person("Tina".into()), 2, Enforcement::Hard)];
        let reassigned = Load {
            assignee: Some("Tina".into()),
            ..board()[3].clone()
        };
        assert!(matches!(
            check_change(&tina, &board(), &reassigned, Measure::Cards),
            Verdict::Refused(_)
        ));
        let develop = [limit(Scope::Column(DEVELOP), 2, Enforcement::Hard)];
        let new_card = card(9, DEVELOP, 1, "Ben", ClassOfService::Standard);
        assert!(matches!(
            check_change(&develop, &board(), &new_card, Measure::Cards),
            Verdict::Refused(_)
        ));
        let resized = Load {
            size: Some(20),
            ..board()[3].clone()
        };
        assert_eq!(
            check_change(&develop, &board(), &resized, Measure::Cards),
            Verdict::Allowed,
            "a bigger card is not more cards"
        );
        assert!(matches!(
            check_change(&develop, &board(), &resized, Measure::Size),
            Verdict::Refused(_)
        ));
    }

    #[test]
    fn over_limit_lists_the_limits_already_exceeded() {
        let limits = [
            limit(Scope::Column(DEVELOP), 1, Enforcement::Soft),
            limit(Scope::Column(REVIEW), 1, Enforcement::Soft),
        ];
        let over = over_limit(&limits, &board(), Measure::Cards);
        assert_eq!(over.len(), 1);
        assert_eq!(over[0].scope, Scope::Column(DEVELOP));
    }

    #[test]
    fn a_limit_form_needs_what_its_kind_covers() {
        let column = DEVELOP.to_string();
        let form = |kind: &str, column_id: &str, last: &str, class: &str, person: &str| LimitForm {
            kind: kind.into(),
            column_id: column_id.into(),
            last_column_id: last.into(),
            class_of_service: class.into(),
            person: person.into(),
            max: "3".into(),
            enforcement: "hard".into(),
        };
        let review = REVIEW.to_string();
        let good = form("group", &column, &review, "expedite", "Tina")
            .validate()
            .unwrap();
        assert_eq!(good.kind, ScopeKind::Group);
        assert_eq!(good.last_column, Some(REVIEW));
        assert_eq!(
            (good.class_of_service, good.person),
            (None, None),
            "only what the kind uses"
        );
        let cases = [
            (form("shelf", &column, "", "", ""), "kind"),
            (form("column", "", "", "", ""), "column_id"),
            (form("lane", &column, "", "", ""), "class_of_service"),
            (form("lane", &column, "", "urgent", ""), "class_of_service"),
            (form("person", "", "", "", " "), "person"),
            (form("group", &column, &column, "", ""), "last_column_id"),
            (form("column", "nope", "", "", ""), "column_id"),
            (
                LimitForm {
                    max: "0".into(),
                    ..form("column", &column, "", "", "")
                },
                "max",
            ),
            (
                LimitForm {
                    enforcement: "strict".into(),
                    ..form("column", &column, "", "", "")
                },
                "enforcement",
            ),
        ];
        for (form, field) in cases {
            assert_eq!(form.validate().unwrap_err().field, field, "{form:?}");
        }
    }

    #[test]
    fn a_limit_is_a_whole_number_from_1_to_999() {
        let cases: [(&str, Result<u32, &str>); 7] = [
            ("3", Ok(3)),
            (" 999 ", Ok(999)),
            ("0", Err("a WIP limit is between 1 and 999, not 0")),
            ("-2", Err("a WIP limit is between 1 and 999, not -2")),
            ("1000", Err("a WIP limit is between 1 and 999, not 1000")),
            (
                "three",
                Err("“three” is not a whole number; a WIP limit is between 1 and 999"),
            ),
            ("", Err("give the limit as a number")),
        ];
        for (raw, expected) in cases {
            assert_eq!(
                parse_max("max", raw).map_err(|e| e.message),
                expected.map_err(str::to_owned),
                "{raw:?}"
            );
        }
    }

    #[test]
    fn each_kind_of_limit_reads_its_own_fields_and_keeps_no_others() {
        let kinds = |field| {
            ScopeKind::reading(field)
                .map(ScopeKind::key)
                .collect::<Vec<_>>()
        };
        assert_eq!(kinds("column_id"), ["column", "lane", "group"]);
        assert_eq!(kinds("last_column_id"), ["group"]);
        assert_eq!(kinds("class_of_service"), ["lane"]);
        assert_eq!(kinds("person"), ["person"]);
        // A person's limit typed over a column form keeps only the person.
        let column = Uuid::from_u128(1);
        let form = LimitForm {
            kind: "person".into(),
            column_id: column.to_string(),
            last_column_id: Uuid::from_u128(2).to_string(),
            class_of_service: "expedite".into(),
            person: "Lena".into(),
            max: "2".into(),
            enforcement: "soft".into(),
        };
        let draft = form.validate().expect("a person's limit");
        assert_eq!(
            (draft.column, draft.last_column, draft.class_of_service),
            (None, None, None)
        );
        assert_eq!(draft.person.as_deref(), Some("Lena"));
    }
}
