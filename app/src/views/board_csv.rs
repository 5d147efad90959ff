//! A board as a spreadsheet reads it: one row per card, in the board's column
//! order and each column's rank (or the filter's order), narrowed as the board's
//! page was.

use chrono::{DateTime, Utc};

use super::board::BoardFilter;
use super::csv::row;
use crate::domain::board::{days_in_column, Board};

const HEADER: [&str; 13] = [
    "id",
    "column",
    "state",
    "title",
    "type",
    "holder",
    "size",
    "class of service",
    "days in column",
    "target date",
    "blocked",
    "wsjf",
    "serves",
];

/// The board's cards that `filter` shows, as CSV (RFC 4180, CRLF line ends), with
/// each card's days in its column counted to `now`.
pub fn board_csv(board: &Board, filter: &BoardFilter, now: DateTime<Utc>) -> String {
    let mut csv = row(HEADER.map(String::from));
    for column in &board.columns {
        for card in filter.arrange(column.cards.iter()) {
            csv.push_str(&row([
                card.id.to_string(),
                column.name.clone(),
                column.category.key().to_owned(),
                card.title.clone(),
                card.type_label.clone(),
                card.owner.clone().unwrap_or_default(),
                card.size.map(|size| size.to_string()).unwrap_or_default(),
                card.class_of_service
                    .map(|class| class.label().to_owned())
                    .unwrap_or_default(),
                days_in_column(card.in_column_since, now).to_string(),
                card.due.map(|due| due.to_string()).unwrap_or_default(),
                match &card.blocked {
                    Some(reason) if reason.is_empty() => "yes".to_owned(),
                    Some(reason) => reason.clone(),
                    None => String::new(),
                },
                card.wsjf
                    .map(|score| format!("{score:.1}"))
                    .unwrap_or_default(),
                card.chain
                    .first()
                    .map(|link| link.title.clone())
                    .unwrap_or_default(),
            ]));
        }
    }
    csv
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::board::{Activity, BoardKind, Card, Column, StateCategory};
    use crate::domain::hierarchy::{ChainLink, ClassOfService, ItemKind};
    use crate::domain::wip::Measure;
    use uuid::Uuid;

    fn now() -> DateTime<Utc> {
        "2026-11-27T12:00:00Z".parse().unwrap()
    }

    fn card(n: u128, title: &str, days: i64) -> Card {
        Card {
            class_of_service: Some(ClassOfService::Standard),
            ..Card::story(
                Uuid::from_u128(n),
                title,
                now() - chrono::Duration::days(days),
            )
        }
    }

    fn board() -> Board {
        let mut held = card(2, "Motor mount, \"v2\"", 3);
        held.owner = Some("Lena Berg".into());
        held.size = Some(5);
        held.blocked = Some(String::new());
        held.due = chrono::NaiveDate::from_ymd_opt(2026, 12, 18);
        held.chain = vec![ChainLink {
            kind: ItemKind::Feature,
            id: Uuid::from_u128(9),
            title: "New engine".into(),
        }];
        let column = |n: u128, name: &str, category, cards| Column {
            id: Uuid::from_u128(100 + n),
            name: name.into(),
            category,
            activity: Activity::Active,
            wip_limit: None,
            wip_hard: false,
            version: 1,
            cards,
            earlier_done: Default::default(),
        };
        Board {
            id: Uuid::nil(),
            name: "Engine".into(),
            kind: BoardKind::Team,
            team_id: None,
            columns: vec![
                column(
                    1,
                    "To Do",
                    StateCategory::NotStarted,
                    vec![card(1, "=HYPERLINK(\"x\")", 0)],
                ),
                column(
                    2,
                    "Doing",
                    StateCategory::Started,
                    vec![held, card(3, "Line\nbreak", 1)],
                ),
            ],
            teams: Vec::new(),
            measure: Measure::Cards,
            limits: Vec::new(),
        }
    }

    #[test]
    fn every_shown_card_is_a_row_in_column_and_rank_order_with_cells_escaped() {
        let csv = board_csv(&board(), &BoardFilter::default(), now());
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(
            lines[0],
            "id,column,state,title,type,holder,size,class of service,days in column,target date,blocked,wsjf,serves"
        );
        assert_eq!(
            lines[1],
            "00000000-0000-0000-0000-000000000001,To Do,not_started,\"'=HYPERLINK(\"\"x\"\")\",Story,,,Standard,0,,,,"
        );
        assert_eq!(
            lines[2],
            "00000000-0000-0000-0000-000000000002,Doing,started,\"Motor mount, \"\"v2\"\"\",Story,Lena Berg,5,Standard,3,2026-12-18,yes,,New engine"
        );
        assert!(lines[3].contains(",\"Line\nbreak\","), "{}", lines[3]);
        assert_eq!(lines.last(), Some(&""), "every row ends with CRLF");
    }

    #[test]
    fn the_filter_narrows_the_rows_as_it_narrows_the_page() {
        let filter = BoardFilter {
            owner: "lena".into(),
            ..BoardFilter::default()
        };
        let csv = board_csv(&board(), &filter, now());
        assert_eq!(csv.lines().count(), 2, "{csv}");
        assert!(csv.contains("Lena Berg"));
    }
}
