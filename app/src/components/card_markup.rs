//! What a board card shows inside its `<li>`, written as HTML text: a board may
//! hold hundreds of cards, and a string per card costs the server a fraction of
//! what a reactive view per card does. The page's card component sets it as the
//! card's inner HTML, on the server and again in the browser whenever what the
//! card shows changes.

use std::fmt::Write;

use chrono::{DateTime, Utc};

use super::markup::push_escaped;
use crate::domain::board::{days_in_column, Card};
use crate::domain::progress::{Progress, Weighting};
use crate::views::planning::item_href;

/// What a card shows beyond its own data, which the page decides as it runs.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CardState<'a> {
    /// The page's scripts run: a chain can be shown in place.
    pub scripted: bool,
    /// The page's scripts run and the user may move the card: it offers
    /// "Move…", and its title's link is not dragged in place of the card.
    pub movable: bool,
    /// Its chain is shown.
    pub chain_open: bool,
    /// Why its last move was refused, while that is the last word on it.
    pub refusal: Option<&'a str>,
}

/// The inside of `card`'s `<li>`: "Story · 3d · 5 · due 2026-12-18 · waits on 1"
/// (type, days in the column to `aged_at` when given, size, target date, open
/// dependencies; its class of service first when `show_class`), the title
/// linking to the item's page, who holds it, its WSJF, progress and block when it
/// has them, and what `state` adds.
pub fn card_content(
    card: &Card,
    aged_at: Option<DateTime<Utc>>,
    show_class: bool,
    state: CardState,
) -> String {
    let mut out = String::with_capacity(256 + card.title.len());
    out.push_str("<p>");
    if let Some(class) = card.class_of_service.filter(|_| show_class) {
        out.push_str("<span class=\"cos\" data-cos=\"");
        out.push_str(class.key());
        out.push_str("\">");
        out.push_str(class.label());
        out.push_str("</span>");
    }
    push_escaped(&mut out, &card.type_label);
    // Numbers and dates hold no character markup gives a meaning to. Writing
    // to a `String` cannot fail.
    if let Some(now) = aged_at {
        let _ = write!(out, " · {}d", days_in_column(card.in_column_since, now));
    }
    if let Some(size) = card.size {
        let _ = write!(out, " · {size}");
    }
    if let Some(due) = card.due {
        let _ = write!(out, " · due {due}");
    }
    if card.waits_on > 0 {
        let _ = write!(out, " · waits on {}", card.waits_on);
    }
    let href = item_href(card.kind, card.id);
    out.push_str("</p><h3><a href=\"");
    out.push_str(&href);
    // A link dragged would carry its address, not the card.
    out.push_str(if state.movable {
        "\" draggable=\"false\">"
    } else {
        "\">"
    });
    push_escaped(&mut out, &card.title);
    out.push_str("</a></h3>");
    if let Some(owner) = &card.owner {
        out.push_str("<abbr title=\"");
        push_escaped(&mut out, owner);
        out.push_str("\">");
        push_escaped(&mut out, &initials(owner));
        out.push_str("</abbr>");
    }
    if let Some(score) = card.wsjf {
        out.push_str(&format!(
            "<p class=\"wsjf\" title=\"Weighted shortest job first: cost of delay / job size\">WSJF {score:.1}</p>"
        ));
    }
    if let Some(progress) = &card.progress {
        push_progress(&mut out, progress);
    }
    if let Some(reason) = &card.blocked {
        out.push_str("<p class=\"blocked-reason\">Blocked");
        if !reason.is_empty() {
            out.push_str(": ");
            push_escaped(&mut out, reason);
        }
        out.push_str("</p>");
    }
    // Unaligned work has no chain to show: its mark says so. The item's page
    // shows its chain without scripts; a board of 500 cards does not carry 500
    // hidden chains.
    if !card.chain.is_empty() && state.scripted {
        push_chain(&mut out, card, state.chain_open);
    }
    if state.movable {
        out.push_str("<a class=\"card-move\" href=\"");
        out.push_str(&href);
        out.push_str("#move\" aria-label=\"Move “");
        push_escaped(&mut out, &card.title);
        out.push_str("”\" draggable=\"false\">Move…</a>");
    }
    if let Some(why) = state.refusal {
        out.push_str("<p class=\"move-refusal\" role=\"alert\">Not moved: ");
        push_escaped(&mut out, why);
        out.push_str("</p>");
    }
    out
}

/// The button showing or hiding `card`'s chain up to the vision, and the chain
/// when open.
fn push_chain(out: &mut String, card: &Card, open: bool) {
    let list = format!("chain-{}", card.id);
    out.push_str(&format!(
        "<button type=\"button\" class=\"chain-toggle\" aria-controls=\"{list}\" aria-expanded=\"{open}\">{}</button>",
        if open { "Hide chain" } else { "Show chain" }
    ));
    if !open {
        return;
    }
    out.push_str(&format!("<ol class=\"chain\" id=\"{list}\">"));
    for link in &card.chain {
        out.push_str(&format!(
            "<li data-kind=\"{}\"><span class=\"chain-kind\">{}</span> <a class=\"chain-title\" href=\"{}\">",
            link.kind.key(),
            link.kind.label(),
            item_href(link.kind, link.id)
        ));
        push_escaped(out, &link.title);
        out.push_str("</a></li>");
    }
    out.push_str("</ol>");
}

/// A progress bar with its "40% done" and, on hover, what it counts.
pub fn progress_markup(progress: &Progress) -> String {
    let mut out = String::new();
    push_progress(&mut out, progress);
    out
}

fn push_progress(out: &mut String, progress: &Progress) {
    let percent = progress.percent();
    let basis = match progress.weighting {
        Weighting::Size => "points",
        Weighting::Count => "items",
    };
    out.push_str(&format!(
        "<div class=\"progress\" title=\"{} of {} {basis} done\"><progress class=\"progress-bar\" max=\"100\" value=\"{percent}\"></progress><span class=\"progress-label\">{percent}% done</span></div>",
        progress.done, progress.total
    ));
}

/// "Tina Software" → "TS": who holds a card, in the room a compact card has.
fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|word| word.chars().next())
        .flat_map(char::to_uppercase)
        .take(3)
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use uuid::Uuid;

    use super::*;
    use crate::domain::hierarchy::{ChainLink, ClassOfService, ItemKind};

    fn card() -> Card {
        let since = Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap();
        Card::story(Uuid::from_u128(7), "Motor mount", since)
    }

    #[test]
    fn initials_take_the_first_letter_of_up_to_three_words() {
        let cases = [
            ("Tina Software", "TS"),
            ("ada", "A"),
            ("  jean-luc  van der berg ", "JVD"),
            ("Élodie Ünal", "ÉÜ"),
            ("", ""),
        ];
        for (name, expected) in cases {
            assert_eq!(initials(name), expected, "{name:?}");
        }
    }

    #[test]
    fn a_plain_card_is_its_line_and_its_title_linking_to_its_page() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
        let mut card = card();
        card.size = Some(5);
        card.due = chrono::NaiveDate::from_ymd_opt(2026, 12, 18);
        card.waits_on = 1;
        card.class_of_service = Some(ClassOfService::Expedite);
        assert_eq!(
            card_content(&card, Some(now), false, CardState::default()),
            format!(
                "<p>Story · 3d · 5 · due 2026-12-18 · waits on 1</p><h3><a href=\"/work-items/{}\">Motor mount</a></h3>",
                card.id
            )
        );
        let with_class = card_content(&card, None, true, CardState::default());
        assert!(
            with_class.starts_with(
                "<p><span class=\"cos\" data-cos=\"expedite\">Expedite</span>Story · 5 ·"
            ),
            "{with_class}"
        );
    }

    #[test]
    fn user_text_is_escaped_wherever_it_lands() {
        let attack = "\"><img src=x onerror=alert(1)>";
        let mut card = card();
        card.title = attack.to_owned();
        card.type_label = attack.to_owned();
        card.owner = Some(attack.to_owned());
        card.blocked = Some(attack.to_owned());
        card.chain = vec![ChainLink {
            kind: ItemKind::Feature,
            id: Uuid::from_u128(8),
            title: attack.to_owned(),
        }];
        let state = CardState {
            scripted: true,
            movable: true,
            chain_open: true,
            refusal: Some(attack),
        };
        let html = card_content(&card, None, true, state);
        assert!(!html.contains("<img"), "{html}");
        assert_eq!(
            html.matches("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;")
                .count(),
            7
        );
    }

    #[test]
    fn what_scripts_add_comes_only_with_them() {
        let mut card = card();
        card.chain = vec![ChainLink {
            kind: ItemKind::Epic,
            id: Uuid::from_u128(9),
            title: "Drive".to_owned(),
        }];
        let plain = card_content(&card, None, true, CardState::default());
        assert!(
            !plain.contains("chain-toggle") && !plain.contains("card-move"),
            "{plain}"
        );
        assert!(!plain.contains("draggable"), "{plain}");

        let viewing = CardState {
            scripted: true,
            ..CardState::default()
        };
        let shown = card_content(&card, None, true, viewing);
        assert!(
            shown.contains(">Show chain</button>") && !shown.contains("<ol"),
            "{shown}"
        );
        assert!(!shown.contains("card-move"), "{shown}");

        let moving = CardState {
            scripted: true,
            movable: true,
            chain_open: true,
            refusal: Some("“Review” is at its hard WIP limit of 2"),
        };
        let html = card_content(&card, None, true, moving);
        assert!(
            html.contains("aria-expanded=\"true\">Hide chain</button>"),
            "{html}"
        );
        assert!(
            html.contains(&format!(
                "<li data-kind=\"epic\"><span class=\"chain-kind\">Epic</span> <a class=\"chain-title\" href=\"/epics/{}\">Drive</a></li>",
                Uuid::from_u128(9)
            )),
            "{html}"
        );
        assert!(
            html.contains("aria-label=\"Move “Motor mount”\" draggable=\"false\">Move…</a>"),
            "{html}"
        );
        assert!(html.ends_with(
            "<p class=\"move-refusal\" role=\"alert\">Not moved: “Review” is at its hard WIP limit of 2</p>"
        ));
    }

    #[test]
    fn progress_says_its_share_and_what_it_counts() {
        let progress = Progress {
            done: 2.0,
            total: 5.0,
            weighting: Weighting::Size,
        };
        assert_eq!(
            progress_markup(&progress),
            "<div class=\"progress\" title=\"2 of 5 points done\"><progress class=\"progress-bar\" max=\"100\" value=\"40\"></progress><span class=\"progress-label\">40% done</span></div>"
        );
    }
}
