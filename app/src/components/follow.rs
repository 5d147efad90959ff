//! Following a board as others change it: the page's stream of the board's events
//! (server-sent, see `server/src/live.rs`), each applied in place, its cards
//! briefly highlighted and the change announced to screen readers.
// Only the browser follows a board; the server's build has these for the tests.
#![cfg_attr(not(feature = "hydrate"), allow(dead_code))]

use uuid::Uuid;

use super::live_board::LiveBoard;
use crate::views::live::{BoardEvent, BoardNews, Verb};

/// What a page does with one event.
#[derive(Debug, Default, PartialEq)]
pub struct Taken {
    /// What screen readers hear of it.
    pub announcement: Option<String>,
    /// The cards it changed, to highlight.
    pub changed: Vec<Uuid>,
    /// The page missed something and reads the board again.
    pub stale: bool,
}

/// Applies `event` to the board in place. An event the page already shows (its
/// own change, echoed) changes nothing and says nothing.
pub fn take(live: LiveBoard, event: &BoardEvent) -> Taken {
    let (verb, change) = match &event.news {
        BoardNews::Reshaped => {
            return Taken {
                stale: true,
                ..Taken::default()
            }
        }
        BoardNews::Changed { verb, change } => (*verb, change),
    };
    if !live.is_news(change) {
        return Taken::default();
    }
    let subject = change.placed.first();
    let title = match (subject, change.removed.first()) {
        (Some(placed), _) => placed
            .card
            .as_ref()
            .map(|card| card.title.clone())
            .or_else(|| live.title(placed.id)),
        (None, Some(removed)) => live.title(*removed),
        (None, None) => None,
    };
    let column = subject.and_then(|placed| live.column_name(placed.column_id));
    let in_place = live.apply(change);
    Taken {
        announcement: title.map(|title| sentence(&event.actor, verb, &title, column.as_deref())),
        changed: change.placed.iter().map(|placed| placed.id).collect(),
        stale: !in_place,
    }
}

/// "Tina moved “Motor mount” to Review".
pub fn sentence(actor: &str, verb: Verb, title: &str, column: Option<&str>) -> String {
    match (verb, column) {
        (Verb::Moved, Some(column)) => format!("{actor} moved “{title}” to {column}"),
        (Verb::Added, Some(column)) => format!("{actor} added “{title}” to {column}"),
        (Verb::Removed, _) => format!("{actor} deleted “{title}”"),
        (Verb::Moved | Verb::Added | Verb::Edited, _) => format!("{actor} changed “{title}”"),
    }
}

/// Follows the board from the event after `after` for as long as the board is
/// drawn; `on_stale` reads it again when the page missed something.
#[cfg(feature = "hydrate")]
pub fn follow(live: LiveBoard, after: i64, on_stale: Option<leptos::prelude::Callback<()>>) {
    use leptos::prelude::*;
    use send_wrapper::SendWrapper;
    use wasm_bindgen::{closure::Closure, JsCast};

    use crate::views::live::{stream_href, BOARD_EVENT, RESYNC_EVENT};

    let Ok(source) = web_sys::EventSource::new(&stream_href(live.id, after)) else {
        return;
    };
    let feedback = use_context::<super::card::MoveFeedback>();
    let reread = move || {
        if let Some(on_stale) = on_stale {
            on_stale.run(());
        }
    };
    let on_board =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |message: web_sys::MessageEvent| {
            let Some(event) = message
                .data()
                .as_string()
                .and_then(|data| serde_json::from_str::<BoardEvent>(&data).ok())
            else {
                return;
            };
            let taken = take(live, &event);
            if let (Some(text), Some(feedback)) = (taken.announcement, feedback) {
                feedback.announce(text);
            }
            highlight(taken.changed);
            if taken.stale {
                reread();
            }
        });
    let on_resync = Closure::<dyn Fn(web_sys::Event)>::new(move |_| reread());
    let listening = source
        .add_event_listener_with_callback(BOARD_EVENT, on_board.as_ref().unchecked_ref())
        .and_then(|()| {
            source
                .add_event_listener_with_callback(RESYNC_EVENT, on_resync.as_ref().unchecked_ref())
        });
    if listening.is_err() {
        source.close();
        return;
    }
    let held = SendWrapper::new((source, on_board, on_resync));
    on_cleanup(move || held.take().0.close());
}

/// Marks the changed cards once they are drawn (CSS fades the mark out).
#[cfg(feature = "hydrate")]
fn highlight(cards: Vec<Uuid>) {
    if cards.is_empty() {
        return;
    }
    leptos::prelude::request_animation_frame(move || {
        let document = leptos::prelude::document();
        for card in cards {
            if let Ok(Some(element)) = document.query_selector(&format!("[data-id=\"{card}\"]")) {
                let _ = element.class_list().add_1("just-changed");
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sentence_says_who_did_what_to_which_card_and_where() {
        assert_eq!(
            sentence("Tina", Verb::Moved, "Motor mount", Some("Review")),
            "Tina moved “Motor mount” to Review"
        );
        assert_eq!(
            sentence("Tina", Verb::Added, "Motor mount", Some("To Do")),
            "Tina added “Motor mount” to To Do"
        );
        assert_eq!(
            sentence("Tina", Verb::Edited, "Motor mount", Some("To Do")),
            "Tina changed “Motor mount”"
        );
        assert_eq!(
            sentence("Tina", Verb::Removed, "Motor mount", None),
            "Tina deleted “Motor mount”"
        );
    }
}
