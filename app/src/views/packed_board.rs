//! A board page's own copy of its board, packed for the page it is drawn in.
//!
//! The server draws a board's cards and also sends them along for the browser to
//! take the page over (hydration), escaped inside a script: for a board of 500
//! cards that copy was bigger than the drawing. Packed, a card is a short array
//! (no field names), and what many cards repeat (their type and holder, the
//! teams and the chain of items above them, their kind, which the board's kind
//! decides) is written once for the board and named by its position. Server
//! functions still answer boards in their plain, self-describing shape.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;

use super::board::BoardView;
use crate::domain::board::{Board, Card};
use crate::domain::hierarchy::{ChainLink, ClassOfService};
use crate::domain::progress::Progress;

/// A board as its page holds it; on the wire, packed.
#[derive(Debug, Clone, PartialEq)]
pub struct PackedBoardView(pub BoardView);

impl Serialize for PackedBoardView {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Packed::pack(&self.0).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for PackedBoardView {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let packed = Packed::deserialize(deserializer)?;
        packed
            .unpack()
            .map(PackedBoardView)
            .map_err(serde::de::Error::custom)
    }
}

#[derive(Serialize, Deserialize)]
struct Packed<'a> {
    /// The board with its columns' cards left out: they follow in `cards`.
    board: Board,
    may_edit: bool,
    events_seen: i64,
    read_at: DateTime<Utc>,
    /// Each column's cards, in the board's column order.
    cards: Vec<Vec<PackedCard<'a>>>,
    /// Type labels and holders' names.
    texts: Vec<String>,
    teams: Vec<Uuid>,
    links: Vec<ChainLink>,
}

/// A card, by position: what every card has first, what only some have last.
/// Packed, it borrows its title from the board; unpacked, the title is its own.
#[derive(Serialize, Deserialize)]
struct PackedCard<'a>(
    /// Its id in 32 hex digits, without dashes.
    #[serde(with = "uuid::serde::simple")]
    Uuid,
    Cow<'a, str>,
    /// Version.
    i32,
    /// Whole seconds it has been in its column when the board was read.
    i64,
    /// Type label, in `texts`.
    u32,
    /// Holder, in `texts`.
    Option<u32>,
    /// Size.
    Option<u32>,
    /// Class of service, by its place in `ClassOfService::ALL`.
    Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")] Option<Rare>,
);

/// What only some cards carry: teams other than the board's own (a team board's
/// cards need none), a chain (aligned work), a WSJF score (epics), progress (epics
/// and features), a block, a target date, dependencies still open.
#[derive(Serialize, Deserialize, Default, PartialEq)]
struct Rare {
    /// In `teams`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    teams: Option<Vec<u32>>,
    /// The chain, nearest first, in `links`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    chain: Vec<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    wsjf: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    progress: Option<Progress>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    blocked: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    due: Option<chrono::NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    waits_on: Option<u32>,
}

/// Values written once, each named by its position.
struct Written<T>(Vec<T>);

impl<T: PartialEq + Clone> Written<T> {
    /// The position of `value`, written now if it was not yet. Boards repeat a few
    /// dozen values at most, so a search beats hashing.
    fn position(&mut self, value: &T) -> u32 {
        let at = match self.0.iter().position(|v| v == value) {
            Some(at) => at,
            None => {
                self.0.push(value.clone());
                self.0.len() - 1
            }
        };
        at as u32
    }
}

/// A packed copy naming something it does not hold: not written by [`Packed::pack`].
#[derive(Debug, thiserror::Error)]
#[error("the packed board names its {what} {position}, which it does not hold")]
struct Dangling {
    what: &'static str,
    position: u64,
}

fn at<T: Clone>(values: &[T], position: u32, what: &'static str) -> Result<T, Dangling> {
    values.get(position as usize).cloned().ok_or(Dangling {
        what,
        position: position.into(),
    })
}

impl Packed<'_> {
    fn pack(view: &BoardView) -> Packed<'_> {
        let mut texts = Written(Vec::new());
        let mut teams = Written(Vec::new());
        let mut links = Written(Vec::new());
        let read_at = view.read_at.timestamp();
        let own_team: Vec<Uuid> = view.board.team_id.into_iter().collect();
        let cards = view
            .board
            .columns
            .iter()
            .map(|column| {
                column
                    .cards
                    .iter()
                    .map(|card| {
                        let rare = Rare {
                            teams: (card.teams != own_team).then(|| {
                                card.teams.iter().map(|team| teams.position(team)).collect()
                            }),
                            chain: card.chain.iter().map(|l| links.position(l)).collect(),
                            wsjf: card.wsjf,
                            progress: card.progress,
                            blocked: card.blocked.clone(),
                            due: card.due,
                            waits_on: (card.waits_on > 0).then_some(card.waits_on),
                        };
                        PackedCard(
                            card.id,
                            Cow::Borrowed(card.title.as_str()),
                            card.version,
                            read_at - card.in_column_since.timestamp(),
                            texts.position(&card.type_label),
                            card.owner.as_ref().map(|owner| texts.position(owner)),
                            card.size,
                            card.class_of_service.map(|class| {
                                ClassOfService::ALL
                                    .iter()
                                    .position(|c| *c == class)
                                    .unwrap_or(0) as u8
                            }),
                            (rare != Rare::default()).then_some(rare),
                        )
                    })
                    .collect()
            })
            .collect();
        Packed {
            board: view.board.outline(),
            may_edit: view.may_edit,
            events_seen: view.events_seen,
            read_at: view.read_at,
            cards,
            texts: texts.0,
            teams: teams.0,
            links: links.0,
        }
    }

    fn unpack(self) -> Result<BoardView, Dangling> {
        let Packed {
            mut board,
            may_edit,
            events_seen,
            read_at,
            cards,
            texts,
            teams,
            links,
        } = self;
        let kind = board.kind.cards();
        let own_team: Vec<Uuid> = board.team_id.into_iter().collect();
        for (column, cards) in board.columns.iter_mut().zip(cards) {
            column.cards = cards
                .into_iter()
                .map(|packed| {
                    let PackedCard(
                        id,
                        title,
                        version,
                        seconds,
                        type_label,
                        owner,
                        size,
                        class,
                        rare,
                    ) = packed;
                    let rare = rare.unwrap_or_default();
                    Ok(Card {
                        id,
                        kind,
                        type_label: at(&texts, type_label, "text")?,
                        title: title.into_owned(),
                        owner: owner.map(|owner| at(&texts, owner, "text")).transpose()?,
                        size,
                        wsjf: rare.wsjf,
                        progress: rare.progress,
                        blocked: rare.blocked,
                        class_of_service: class
                            .map(|class| at(ClassOfService::ALL, class.into(), "class of service"))
                            .transpose()?,
                        chain: rare
                            .chain
                            .into_iter()
                            .map(|link| at(&links, link, "chain link"))
                            .collect::<Result<_, _>>()?,
                        teams: match rare.teams {
                            Some(on) => on
                                .into_iter()
                                .map(|team| at(&teams, team, "team"))
                                .collect::<Result<_, _>>()?,
                            None => own_team.clone(),
                        },
                        version,
                        due: rare.due,
                        waits_on: rare.waits_on.unwrap_or(0),
                        in_column_since: DateTime::from_timestamp(read_at.timestamp() - seconds, 0)
                            .unwrap_or(read_at),
                    })
                })
                .collect::<Result<_, Dangling>>()?;
        }
        Ok(BoardView {
            board,
            may_edit,
            events_seen,
            read_at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::board::{Activity, BoardKind, Column, StateCategory};
    use crate::domain::hierarchy::ItemKind;
    use crate::domain::progress::Weighting;
    use crate::domain::wip::Measure;
    use chrono::SubsecRound;

    fn read_at() -> DateTime<Utc> {
        "2026-11-27T09:30:00.123456Z".parse().unwrap()
    }

    fn link(n: u128, kind: ItemKind, title: &str) -> ChainLink {
        ChainLink {
            kind,
            id: Uuid::from_u128(n),
            title: title.into(),
        }
    }

    fn card(n: u128, owner: Option<&str>, days: i64) -> Card {
        Card {
            kind: ItemKind::Feature,
            type_label: "Feature".into(),
            owner: owner.map(Into::into),
            size: Some(n as u32),
            class_of_service: Some(ClassOfService::ALL[n as usize % ClassOfService::ALL.len()]),
            teams: vec![Uuid::from_u128(7)],
            version: n as i32,
            ..Card::story(
                Uuid::from_u128(100 + n),
                &format!("Card “{n}” <b>"),
                read_at().trunc_subsecs(0) - chrono::Duration::days(days),
            )
        }
    }

    fn column(n: u128, cards: Vec<Card>) -> Column {
        Column {
            id: Uuid::from_u128(n),
            name: format!("Column {n}"),
            category: StateCategory::Started,
            activity: Activity::Active,
            wip_limit: Some(3),
            wip_hard: false,
            version: 2,
            cards,
            earlier_done: Default::default(),
        }
    }

    /// A feature board with every kind of card: plain, held, aligned, blocked,
    /// scored and measured, and a column without cards.
    fn view() -> BoardView {
        let vision = link(1, ItemKind::Vision, "Grow market share");
        let epic = link(2, ItemKind::Epic, "A drone that carries heavy weights");
        let mut aligned = card(2, Some("Ada Admin"), 3);
        aligned.chain = vec![epic.clone(), vision.clone()];
        aligned.teams = vec![Uuid::from_u128(7), Uuid::from_u128(8)];
        let mut rich = card(3, Some("Ada Admin"), 0);
        rich.chain = vec![epic, vision];
        rich.wsjf = Some(4.25);
        rich.progress = Some(Progress {
            done: 2.0,
            total: 5.0,
            weighting: Weighting::Size,
        });
        rich.blocked = Some(String::new());
        rich.due = chrono::NaiveDate::from_ymd_opt(2026, 12, 18);
        rich.waits_on = 2;
        rich.class_of_service = None;
        rich.size = None;
        let mut unheld = card(4, None, 40);
        unheld.teams = Vec::new();
        unheld.blocked = Some("Waiting for parts".into());
        BoardView {
            board: Board {
                id: Uuid::from_u128(9),
                name: "Drones".into(),
                kind: BoardKind::Feature,
                team_id: None,
                columns: vec![
                    column(10, vec![card(1, Some("Tina Software"), 1), aligned]),
                    column(11, Vec::new()),
                    column(12, vec![rich, unheld]),
                ],
                teams: Vec::new(),
                measure: Measure::Cards,
                limits: Vec::new(),
            },
            may_edit: true,
            events_seen: 42,
            read_at: read_at(),
        }
    }

    /// The same board as its team's own (a team board's cards name no teams).
    fn team_view() -> BoardView {
        let mut view = view();
        view.board.team_id = Some(Uuid::from_u128(7));
        view
    }

    #[test]
    fn a_packed_board_reads_back_as_it_was() {
        for view in [view(), team_view()] {
            let json = serde_json::to_string(&PackedBoardView(view.clone())).unwrap();
            let read: PackedBoardView = serde_json::from_str(&json).unwrap();
            assert_eq!(read.0, view);
        }
    }

    #[test]
    fn a_packed_board_writes_what_cards_repeat_once_and_no_field_names_per_card() {
        let packed = serde_json::to_value(PackedBoardView(team_view())).unwrap();
        assert_eq!(
            packed["texts"],
            serde_json::json!(["Feature", "Tina Software", "Ada Admin"])
        );
        assert_eq!(packed["links"].as_array().unwrap().len(), 2);
        let plain_card = &packed["cards"][0][0];
        assert!(plain_card.is_array(), "{plain_card}");
        // On its own team's board, with nothing rare to say: it ends at its class.
        assert_eq!(plain_card.as_array().unwrap().len(), 8, "{plain_card}");
        assert_eq!(
            packed["cards"][0][1][8],
            serde_json::json!({"teams": [0, 1], "chain": [0, 1]})
        );
        assert_eq!(
            packed["cards"][2][0][8],
            serde_json::json!({
                "chain": [0, 1],
                "wsjf": 4.25,
                "progress": {"done": 2.0, "total": 5.0, "weighting": "Size"},
                "blocked": "",
                "due": "2026-12-18",
                "waits_on": 2,
            })
        );
        assert_eq!(packed["cards"][2][1][8]["teams"], serde_json::json!([]));
        let plain = serde_json::to_string(&team_view()).unwrap();
        let packed = packed.to_string();
        assert!(
            packed.len() < plain.len(),
            "{} ≥ {}",
            packed.len(),
            plain.len()
        );
    }

    #[test]
    fn a_packed_board_naming_what_it_does_not_hold_is_refused() {
        let mut packed = serde_json::to_value(PackedBoardView(view())).unwrap();
        packed["cards"][0][0][4] = serde_json::json!(99);
        let error = serde_json::from_value::<PackedBoardView>(packed).unwrap_err();
        assert!(error.to_string().contains("names its text 99"), "{error}");
    }
}
