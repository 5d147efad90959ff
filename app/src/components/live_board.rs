use std::sync::Arc;

use chrono::{DateTime, Utc};

use leptos::prelude::*;
use uuid::Uuid;

use crate::domain::board::{Board, BoardChange, BoardKind, Card, Column, StateCategory};
use crate::domain::hierarchy::ClassOfService;
use crate::domain::wip::{Limit, Load, Measure, Scope};
use crate::views::board::BoardFilter;

/// A board as the browser holds it while it is open: its columns and limits as
/// loaded, and each column's cards in a signal of its own, which the answer to a
/// change updates in place. What the page shows of the cards (loads, lanes,
/// previews) follows from these signals, so it never disagrees with the cards.
#[derive(Clone, Copy)]
pub struct LiveBoard {
    pub id: Uuid,
    pub kind: BoardKind,
    pub measure: Measure,
    /// When the server read the board: cards count their days in a column to
    /// here (the browser's WebAssembly has no clock of its own, and server and
    /// browser must draw the same card).
    pub read_at: DateTime<Utc>,
    /// Read through [`LiveBoard::live_columns`] only: a stored value's borrow
    /// holds the reactive arena's lock, and touching a signal inside it can
    /// deadlock the server under concurrent requests.
    columns: StoredValue<Arc<Vec<LiveColumn>>>,
    limits: StoredValue<Vec<Limit>>,
    /// What the user narrowed the board to: it hides cards, never counts them out.
    filter: Signal<BoardFilter>,
    /// Who is looking at the board (the first names, and how many more), as its
    /// stream last said.
    pub viewers: RwSignal<(Vec<String>, u32)>,
}

/// A column's cards as the WIP limits see them (tracked).
fn column_loads(column: &LiveColumn) -> Vec<Load> {
    let started = column.view.category == StateCategory::Started;
    column.cards.with(|cards| {
        cards
            .iter()
            .map(|card| Load {
                id: card.id,
                title: card.title.clone(),
                column: column.view.id,
                class_of_service: card.class_of_service,
                assignee: card.owner.clone(),
                size: card.size,
                cards: 1,
                started,
            })
            .collect()
    })
}

#[derive(Clone)]
struct LiveColumn {
    /// The column as loaded, without its cards.
    view: Column,
    /// Its cards, top first.
    cards: RwSignal<Vec<Card>>,
}

impl LiveBoard {
    pub fn new(board: Board, read_at: DateTime<Utc>, filter: Signal<BoardFilter>) -> LiveBoard {
        let columns = board
            .columns
            .into_iter()
            .map(|mut view| LiveColumn {
                cards: RwSignal::new(std::mem::take(&mut view.cards)),
                view,
            })
            .collect();
        LiveBoard {
            id: board.id,
            kind: board.kind,
            measure: board.measure,
            read_at,
            columns: StoredValue::new(Arc::new(columns)),
            limits: StoredValue::new(board.limits),
            filter,
            viewers: RwSignal::new((Vec::new(), 0)),
        }
    }

    fn live_columns(&self) -> Arc<Vec<LiveColumn>> {
        self.columns.get_value()
    }

    /// The columns left to right, without their cards.
    pub fn columns(&self) -> Vec<Column> {
        self.live_columns().iter().map(|c| c.view.clone()).collect()
    }

    /// The limits other than a single column's (lanes, people, groups).
    pub fn other_limits(&self) -> Vec<Limit> {
        self.limits.with_value(|limits| {
            limits
                .iter()
                .filter(|limit| !matches!(limit.scope, Scope::Column(_)))
                .cloned()
                .collect()
        })
    }

    pub fn limits(&self) -> Vec<Limit> {
        self.limits.get_value()
    }

    /// Every card as the WIP limits see it (tracked: it changes with every move).
    pub fn loads(&self) -> Vec<Load> {
        self.live_columns().iter().flat_map(column_loads).collect()
    }

    /// How much of `scope` the cards fill, as the board's limits count, finished
    /// work a done column leaves out included. A column's load reads only that
    /// column's cards.
    pub fn load(&self, scope: &Scope) -> u32 {
        let loads = match scope {
            Scope::Column(id) => self
                .live_columns()
                .iter()
                .find(|column| column.view.id == *id)
                .map(column_loads)
                .unwrap_or_default(),
            _ => self.loads(),
        };
        scope.load(&loads, self.measure) + self.left_out(scope)
    }

    /// The load of the finished work that done columns in `scope` leave out.
    fn left_out(&self, scope: &Scope) -> u32 {
        let covered = |column: Uuid| match scope {
            Scope::Column(id) => *id == column,
            Scope::Group(columns) => columns.contains(&column),
            Scope::Lane(..) | Scope::Person(_) => false,
        };
        self.live_columns()
            .iter()
            .filter(|column| covered(column.view.id))
            .map(|column| column.view.earlier_done.load)
            .sum()
    }

    /// The cards of `column` in `lane` (every lane: `None`) that the filter shows,
    /// in the order it asks for.
    pub fn shown(&self, column: Uuid, lane: Option<ClassOfService>) -> Vec<Card> {
        self.with_shown(column, lane, |shown| shown.into_iter().cloned().collect())
    }

    /// What `read` makes of [`LiveBoard::shown`]'s cards, read in place.
    pub fn with_shown<T: Default>(
        &self,
        column: Uuid,
        lane: Option<ClassOfService>,
        read: impl FnOnce(Vec<&Card>) -> T,
    ) -> T {
        let filter = self.filter.get();
        self.with_cards(column, |cards| {
            read(
                filter.arrange(
                    cards
                        .iter()
                        .filter(|card| lane.is_none() || card.class_of_service == lane),
                ),
            )
        })
        .unwrap_or_default()
    }

    /// Whether any card, shown or not, has this class of service.
    pub fn uses_class(&self, class: ClassOfService) -> bool {
        self.live_columns().iter().any(|column| {
            column
                .cards
                .with(|cards| cards.iter().any(|c| c.class_of_service == Some(class)))
        })
    }

    /// The columns as the keyboard moves through them: (id, name, the shown cards'
    /// ids top to bottom). Read without tracking, when a key is pressed.
    #[cfg_attr(feature = "ssr", allow(dead_code))] // for the cards the browser draws
    pub fn layout(&self) -> Vec<(Uuid, String, Vec<Uuid>)> {
        untrack(|| {
            self.columns()
                .into_iter()
                .map(|column| {
                    let shown = self.shown(column.id, None).iter().map(|c| c.id).collect();
                    (column.id, column.name, shown)
                })
                .collect()
        })
    }

    /// The title of a card, for announcements.
    pub fn title(&self, card: Uuid) -> Option<String> {
        self.with_card(card, |c| c.title.clone())
    }

    /// How many unfinished items `card` waits on.
    pub fn waits_on(&self, card: Uuid) -> u32 {
        self.with_card(card, |c| c.waits_on).unwrap_or(0)
    }

    fn with_card<T>(&self, card: Uuid, read: impl Fn(&Card) -> T) -> Option<T> {
        self.live_columns().iter().find_map(|column| {
            column
                .cards
                .with_untracked(|cards| cards.iter().find(|c| c.id == card).map(&read))
        })
    }

    /// The name of a column, for announcements.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))] // the browser's stream only
    pub fn column_name(&self, column: Uuid) -> Option<String> {
        self.live_columns()
            .iter()
            .find(|c| c.view.id == column)
            .map(|c| c.view.name.clone())
    }

    /// Whether `change` holds anything this page does not show yet: a card it
    /// lacks or has at an older version, or one it still shows that is gone.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))] // the browser's stream only
    pub fn is_news(&self, change: &BoardChange) -> bool {
        change.board_id == self.id
            && (change
                .placed
                .iter()
                .any(|p| !self.has_at_least(p.id, p.version))
                || change
                    .removed
                    .iter()
                    .any(|id| self.column_of(*id).is_some()))
    }

    fn has_at_least(&self, card: Uuid, version: i32) -> bool {
        self.live_columns().iter().any(|column| {
            column
                .cards
                .with_untracked(|cards| cards.iter().any(|c| c.id == card && c.version >= version))
        })
    }

    /// The column holding a card.
    pub fn column_of(&self, card: Uuid) -> Option<Uuid> {
        self.live_columns()
            .iter()
            .find(|column| {
                column
                    .cards
                    .with_untracked(|cards| cards.iter().any(|c| c.id == card))
            })
            .map(|column| column.view.id)
    }

    fn with_cards<T>(&self, column: Uuid, read: impl FnOnce(&Vec<Card>) -> T) -> Option<T> {
        let cards = self
            .live_columns()
            .iter()
            .find(|c| c.view.id == column)
            .map(|c| c.cards)?;
        Some(cards.with(read))
    }

    /// Applies what a change did: each placed card leaves the column it was in and
    /// takes its new place, as sent (an added card) or as this page has it at its
    /// new version (a moved one). Answers whether the board now agrees with the
    /// server's counts; when not, this browser missed someone else's change and the
    /// caller should load the board again.
    pub fn apply(&self, change: &BoardChange) -> bool {
        if change.board_id != self.id {
            return false;
        }
        let mut in_place = true;
        let columns = self.live_columns();
        for removed in &change.removed {
            for column in columns.iter() {
                if column
                    .cards
                    .with_untracked(|cards| cards.iter().any(|c| c.id == *removed))
                {
                    column
                        .cards
                        .update(|cards| cards.retain(|c| c.id != *removed));
                }
            }
        }
        for placed in &change.placed {
            if self.has_at_least(placed.id, placed.version) {
                // Already here: this page's own change, or one it read since.
                continue;
            }
            let mut taken = None;
            for column in columns.iter() {
                let position = column
                    .cards
                    .with_untracked(|cards| cards.iter().position(|c| c.id == placed.id));
                if let Some(position) = position {
                    column
                        .cards
                        .update(|cards| taken = Some(cards.remove(position)));
                }
            }
            let card = match (&placed.card, taken) {
                (Some(card), _) => card.clone(),
                (None, Some(card)) => Card {
                    version: placed.version,
                    in_column_since: placed.in_column_since,
                    ..card
                },
                // A card this page never saw: someone else added it.
                (None, None) => {
                    in_place = false;
                    continue;
                }
            };
            match columns.iter().find(|c| c.view.id == placed.column_id) {
                Some(target) => target.cards.update(|cards| {
                    let above = placed
                        .before
                        .map(|before| cards.iter().position(|c| c.id == before));
                    in_place &= !matches!(above, Some(None));
                    let at = above.flatten().unwrap_or(cards.len());
                    cards.insert(at, card);
                }),
                None => in_place = false,
            }
        }
        in_place && untrack(|| self.agrees_with(change))
    }

    /// Takes the board as loaded again: each column's cards become the fresh ones,
    /// so the keyed lists redraw only the cards that changed and leave the rest
    /// (and whatever the user is doing with them) alone. Answers false when the
    /// columns themselves changed (their order, names, states, or their limits and
    /// what limits count), which the page draws once: then only drawing the board
    /// anew will do.
    pub fn refresh(&self, fresh: Board) -> bool {
        let columns = self.live_columns();
        let settings = |view: &Column| (view.id, view.version, view.wip_limit, view.wip_hard);
        let same_columns = columns.len() == fresh.columns.len()
            && columns
                .iter()
                .zip(&fresh.columns)
                .all(|(live, fresh)| settings(&live.view) == settings(fresh));
        let same_limits = fresh.measure == self.measure
            && self.limits.with_value(|limits| *limits == fresh.limits);
        if fresh.id != self.id || !same_columns || !same_limits {
            return false;
        }
        for (column, fresh) in columns.iter().zip(fresh.columns) {
            if column.cards.with_untracked(|cards| *cards != fresh.cards) {
                column.cards.set(fresh.cards);
            }
        }
        true
    }

    fn agrees_with(&self, change: &BoardChange) -> bool {
        let loads = self.loads();
        let counted = |scope: &Scope| scope.load(&loads, self.measure) + self.left_out(scope);
        let columns_agree = change
            .column_loads
            .iter()
            .all(|(column, load)| counted(&Scope::Column(*column)) == *load);
        let limits = self.limits.get_value();
        let limits_agree = change.limit_loads.iter().all(|(id, load)| {
            limits
                .iter()
                .find(|limit| limit.id == *id)
                .is_some_and(|limit| counted(&limit.scope) == *load)
        });
        columns_agree && limits_agree
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::board::Activity;
    use crate::domain::board::PlacedCard;
    use crate::domain::wip::Enforcement;

    const TODO: Uuid = Uuid::from_u128(1);
    const DOING: Uuid = Uuid::from_u128(2);
    const DOING_LIMIT: Uuid = Uuid::from_u128(3);

    fn card(n: u128, version: i32) -> Card {
        Card {
            class_of_service: Some(ClassOfService::Standard),
            version,
            ..Card::story(
                Uuid::from_u128(100 + n),
                &format!("Card {n}"),
                chrono::DateTime::UNIX_EPOCH,
            )
        }
    }

    fn column(id: Uuid, name: &str, cards: Vec<Card>) -> Column {
        Column {
            id,
            name: name.into(),
            category: if id == TODO {
                StateCategory::NotStarted
            } else {
                StateCategory::Started
            },
            activity: Activity::Active,
            wip_limit: None,
            wip_hard: false,
            version: 1,
            cards,
            earlier_done: Default::default(),
        }
    }

    /// To Do holds cards 1, 2 and 3; Doing holds card 4 under a limit of 2.
    fn board() -> Board {
        Board {
            id: Uuid::nil(),
            name: "Team".into(),
            kind: BoardKind::Team,
            team_id: None,
            columns: vec![
                column(TODO, "To Do", vec![card(1, 1), card(2, 1), card(3, 1)]),
                column(DOING, "Doing", vec![card(4, 1)]),
            ],
            teams: Vec::new(),
            measure: Measure::Cards,
            limits: vec![Limit {
                id: DOING_LIMIT,
                scope: Scope::Column(DOING),
                max: 2,
                enforcement: Enforcement::Soft,
                label: "Doing".into(),
            }],
        }
    }

    fn moved(n: u128, to: Uuid, before: Option<u128>, loads: (u32, u32)) -> BoardChange {
        BoardChange {
            board_id: Uuid::nil(),
            placed: vec![PlacedCard {
                id: Uuid::from_u128(100 + n),
                version: 2,
                column_id: to,
                before: before.map(|b| Uuid::from_u128(100 + b)),
                in_column_since: chrono::DateTime::UNIX_EPOCH,
                card: None,
            }],
            column_loads: vec![(TODO, loads.0), (DOING, loads.1)],
            limit_loads: vec![(DOING_LIMIT, loads.1)],
            removed: vec![],
        }
    }

    fn shown(live: &LiveBoard, column: Uuid) -> Vec<(u128, i32)> {
        live.shown(column, None)
            .iter()
            .map(|c| (c.id.as_u128() - 100, c.version))
            .collect()
    }

    fn live(filter: BoardFilter) -> LiveBoard {
        LiveBoard::new(
            board(),
            chrono::DateTime::UNIX_EPOCH,
            Signal::stored(filter),
        )
    }

    #[test]
    fn a_move_takes_the_card_out_of_its_column_and_into_its_place() {
        let owner = Owner::new();
        owner.with(|| {
            let live = live(BoardFilter::default());
            assert!(live.apply(&moved(2, DOING, Some(4), (2, 2))));
            assert_eq!(shown(&live, TODO), [(1, 1), (3, 1)]);
            assert_eq!(shown(&live, DOING), [(2, 2), (4, 1)]);
            assert_eq!(live.load(&Scope::Column(DOING)), 2);
            // Reordering within a column, to the bottom.
            assert!(live.apply(&moved(1, TODO, None, (2, 2))));
            assert_eq!(shown(&live, TODO), [(3, 1), (1, 2)]);
        });
    }

    #[test]
    fn a_change_the_page_already_has_is_no_news_and_applying_it_again_changes_nothing() {
        let owner = Owner::new();
        owner.with(|| {
            let live = live(BoardFilter::default());
            let change = moved(2, DOING, Some(4), (2, 2));
            assert!(live.is_news(&change));
            assert!(live.apply(&change));
            // The same change again: the page's own move, echoed by its stream.
            assert!(!live.is_news(&change));
            assert!(live.apply(&change));
            assert_eq!(shown(&live, TODO), [(1, 1), (3, 1)]);
            assert_eq!(shown(&live, DOING), [(2, 2), (4, 1)]);
        });
    }

    #[test]
    fn someone_elses_move_is_applied_and_announced_and_the_echo_of_ones_own_is_not() {
        use crate::components::follow::take;
        use crate::views::live::{BoardEvent, BoardNews, Verb};
        let owner = Owner::new();
        owner.with(|| {
            let live = live(BoardFilter::default());
            let event = BoardEvent {
                actor: "Tina".into(),
                news: BoardNews::Changed {
                    verb: Verb::Moved,
                    change: moved(2, DOING, None, (2, 2)),
                },
            };
            let taken = take(live, &event);
            assert_eq!(
                taken.announcement.as_deref(),
                Some("Tina moved “Card 2” to Doing")
            );
            assert_eq!(taken.changed, [Uuid::from_u128(102)]);
            assert!(!taken.stale);
            assert_eq!(shown(&live, DOING), [(4, 1), (2, 2)]);
            assert_eq!(take(live, &event), Default::default());
            // A missed change shows in the counts: the page reads the board again.
            let BoardNews::Changed { change, .. } = &event.news else {
                unreachable!()
            };
            let mut missed = change.clone();
            missed.placed[0].id = Uuid::from_u128(101);
            missed.column_loads = vec![(TODO, 1), (DOING, 4)];
            let missed = BoardEvent {
                news: BoardNews::Changed {
                    verb: Verb::Moved,
                    change: missed,
                },
                ..event
            };
            assert!(take(live, &missed).stale);
            let reshaped = BoardEvent {
                actor: "Ada".into(),
                news: BoardNews::Reshaped,
            };
            assert!(take(live, &reshaped).stale);
        });
    }

    #[test]
    fn a_removed_card_leaves_the_board() {
        let owner = Owner::new();
        owner.with(|| {
            let live = live(BoardFilter::default());
            let removal = BoardChange {
                placed: vec![],
                removed: vec![Uuid::from_u128(104)],
                ..moved(0, DOING, None, (3, 0))
            };
            assert!(live.is_news(&removal));
            assert!(live.apply(&removal));
            assert_eq!(shown(&live, DOING), []);
            assert!(!live.is_news(&removal));
        });
    }

    #[test]
    fn an_answer_that_disagrees_with_the_page_says_the_page_is_stale() {
        let owner = Owner::new();
        owner.with(|| {
            // The server counts three in Doing: someone else moved a card there.
            assert!(!live(BoardFilter::default()).apply(&moved(2, DOING, None, (2, 3))));
            // The card to go above is not where this page has it.
            assert!(!live(BoardFilter::default()).apply(&moved(2, DOING, Some(9), (2, 2))));
            // Another board's answer.
            let mut other = moved(2, DOING, None, (2, 2));
            other.board_id = Uuid::from_u128(42);
            assert!(!live(BoardFilter::default()).apply(&other));
        });
    }

    #[test]
    fn the_filter_hides_cards_but_the_limits_still_count_them() {
        let owner = Owner::new();
        owner.with(|| {
            let filter = BoardFilter {
                text: "card 3".into(),
                ..BoardFilter::default()
            };
            let live = live(filter);
            assert_eq!(shown(&live, TODO), [(3, 1)]);
            assert_eq!(live.load(&Scope::Column(TODO)), 3);
            assert_eq!(live.layout()[0].2, [Uuid::from_u128(103)]);
        });
    }

    #[test]
    fn a_fresh_read_replaces_the_cards_that_changed_and_nothing_else() {
        let owner = Owner::new();
        owner.with(|| {
            let live = live(BoardFilter::default());
            let mut fresh = board();
            // Someone else moved card 3 to Doing.
            let moved = fresh.columns[0].cards.pop().unwrap();
            fresh.columns[1].cards.push(Card {
                version: 2,
                ..moved
            });
            assert!(live.refresh(fresh));
            assert_eq!(shown(&live, TODO), [(1, 1), (2, 1)]);
            assert_eq!(shown(&live, DOING), [(4, 1), (3, 2)]);

            // A board whose columns changed cannot be taken in place.
            let mut reshaped = board();
            reshaped.columns.pop();
            assert!(!live.refresh(reshaped));
            // Nor one whose limits, or a column's settings, changed: they are drawn once.
            let mut limited = board();
            limited.limits[0].max = 5;
            assert!(!live.refresh(limited));
            let mut renamed = board();
            renamed.columns[1].version += 1;
            assert!(!live.refresh(renamed));
        });
    }
}
