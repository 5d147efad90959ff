//! What a board page shows, as sent from the server to the browser.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::board::{Board, Card};
use crate::domain::hierarchy::ClassOfService;
use crate::domain::NamedRef;

/// A board as its page shows it to this reader. On the wire the board's fields
/// sit beside the reader's, one flat object, as scripts read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardView {
    #[serde(flatten)]
    pub board: Board,
    /// Whether the signed-in user may move this board's cards.
    pub may_edit: bool,
    /// The id of the last board event this read includes: the page follows the
    /// board from the next one.
    pub events_seen: i64,
    /// When the server read it: the "now" of cards' days in their column.
    pub read_at: chrono::DateTime<chrono::Utc>,
}

/// The top bar's content for a signed-in user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NavigationView {
    /// `None` for a guest reading without signing in.
    pub user: Option<crate::domain::account::SignedInUser>,
    pub teams: Vec<NamedRef>,
    /// Feature boards, one per product or value stream.
    pub products: Vec<NamedRef>,
    /// Whether to offer user administration (decided by `domain::access`).
    pub may_manage_users: bool,
}

/// What the signed-in person holds, in working order, and when it was read (the
/// days in each column count to then, in the server's drawing and the browser's).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyWorkView {
    pub items: Vec<crate::domain::board::HeldItem>,
    pub read_at: chrono::DateTime<chrono::Utc>,
}

/// What a board is narrowed to, as its URL says (`?q=motor&owner=tina&cos=expedite
/// &team=<id>&sort=wsjf`), so a link shares the same view.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BoardFilter {
    /// Words that must each appear in the title, the owner or the chain above.
    pub text: String,
    /// Part of the owner's or assignee's name.
    pub owner: String,
    pub class_of_service: Option<ClassOfService>,
    /// Only items with work on this team's board.
    pub team: Option<Uuid>,
    /// Highest WSJF first in every column, instead of the ranked order.
    pub by_wsjf: bool,
}

impl BoardFilter {
    /// Reads the filter from URL parameters; an unknown class of service is ignored.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> BoardFilter {
        BoardFilter {
            text: get("q").unwrap_or_default().trim().to_owned(),
            owner: get("owner").unwrap_or_default().trim().to_owned(),
            class_of_service: get("cos").and_then(|cos| cos.parse().ok()),
            team: get("team").and_then(|team| team.parse().ok()),
            by_wsjf: get("sort").as_deref() == Some("wsjf"),
        }
    }

    pub fn is_active(&self) -> bool {
        !self.text.is_empty()
            || !self.owner.is_empty()
            || self.class_of_service.is_some()
            || self.team.is_some()
    }

    pub fn matches(&self, card: &Card) -> bool {
        let owner_matches = self.owner.is_empty()
            || card
                .owner
                .as_deref()
                .is_some_and(|owner| owner.to_lowercase().contains(&self.owner.to_lowercase()));
        let class_matches = self
            .class_of_service
            .is_none_or(|wanted| card.class_of_service == Some(wanted));
        let team_matches = self.team.is_none_or(|team| card.teams.contains(&team));
        self.text_matches(card) && owner_matches && class_matches && team_matches
    }

    /// Every word of the text filter is in the card's title, holder or chain.
    /// Without words, nothing is gathered to look in: a page is drawn
    /// unfiltered far more often than filtered.
    fn text_matches(&self, card: &Card) -> bool {
        let wanted = self.text.to_lowercase();
        let mut words = wanted.split_whitespace().peekable();
        if words.peek().is_none() {
            return true;
        }
        let haystack = std::iter::once(card.title.as_str())
            .chain(card.owner.as_deref())
            .chain(card.chain.iter().map(|link| link.title.as_str()))
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        words.all(|word| haystack.contains(word))
    }

    /// The matching cards, in the chosen order.
    pub fn arrange<'a>(&self, cards: impl Iterator<Item = &'a Card>) -> Vec<&'a Card> {
        let mut shown: Vec<&Card> = cards.filter(|card| self.matches(card)).collect();
        if self.by_wsjf {
            // Stable, so cards with equal or no score keep their rank order.
            shown.sort_by(|a, b| {
                let score = |card: &Card| card.wsjf.unwrap_or(f64::NEG_INFINITY);
                score(b).total_cmp(&score(a))
            });
        }
        shown
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::hierarchy::{ChainLink, ItemKind};

    const SOFTWARE: Uuid = Uuid::from_u128(7);

    fn card(
        title: &str,
        owner: Option<&str>,
        cos: Option<ClassOfService>,
        wsjf: Option<f64>,
    ) -> Card {
        Card {
            owner: owner.map(str::to_owned),
            wsjf,
            class_of_service: cos,
            chain: vec![ChainLink {
                kind: ItemKind::Feature,
                id: Uuid::nil(),
                title: "Payload winch".into(),
            }],
            teams: if title.contains("motor") {
                vec![SOFTWARE]
            } else {
                Vec::new()
            },
            ..Card::story(Uuid::new_v4(), title, chrono::DateTime::UNIX_EPOCH)
        }
    }

    #[test]
    fn the_filter_reads_and_applies_the_url_parameters() {
        let cards = [
            card(
                "Wire the motor",
                Some("Tina"),
                Some(ClassOfService::Expedite),
                Some(2.0),
            ),
            card(
                "Test the motor",
                Some("Ben"),
                Some(ClassOfService::Standard),
                Some(5.0),
            ),
            card(
                "Paint the frame",
                Some("Tina"),
                Some(ClassOfService::Standard),
                None,
            ),
        ];
        // (URL parameters, titles left in order)
        type Case<'a> = (&'a [(&'a str, &'a str)], &'a [&'a str]);
        let software = SOFTWARE.to_string();
        let cases: [Case; 8] = [
            (
                &[],
                &["Wire the motor", "Test the motor", "Paint the frame"],
            ),
            (&[("q", "MOTOR")], &["Wire the motor", "Test the motor"]),
            (&[("q", "motor wire")], &["Wire the motor"]),
            (
                &[("q", "winch")],
                &["Wire the motor", "Test the motor", "Paint the frame"],
            ),
            (&[("owner", "tin")], &["Wire the motor", "Paint the frame"]),
            (
                &[("cos", "standard"), ("owner", "tina")],
                &["Paint the frame"],
            ),
            (
                &[("sort", "wsjf")],
                &["Test the motor", "Wire the motor", "Paint the frame"],
            ),
            (
                &[("team", &software), ("owner", "ben")],
                &["Test the motor"],
            ),
        ];
        for (query, expected) in cases {
            let filter = BoardFilter::from_query(|key| {
                query
                    .iter()
                    .find(|(k, _)| *k == key)
                    .map(|(_, v)| v.to_string())
            });
            let shown: Vec<&str> = filter
                .arrange(cards.iter())
                .into_iter()
                .map(|card| card.title.as_str())
                .collect();
            assert_eq!(shown, expected, "{query:?}");
        }
    }

    #[test]
    fn an_unknown_class_of_service_filters_nothing() {
        let filter = BoardFilter::from_query(|key| (key == "cos").then(|| "urgent".to_owned()));
        assert_eq!(filter, BoardFilter::default());
        assert!(!filter.is_active());
    }
}
