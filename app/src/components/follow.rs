//! Following what others change, through server-sent events (`server/src/live.rs`):
//! a board's events, each applied in place, its cards briefly highlighted and the
//! change announced to screen readers; and news of outcome metrics, on which the
//! pages showing them read them again.
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
        BoardNews::Viewers { names, more } => {
            leptos::prelude::Set::set(&live.viewers, (names.clone(), *more));
            return Taken::default();
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

    use crate::views::live::{stream_href, BOARD_EVENT, RESYNC_EVENT};

    let feedback = use_context::<super::card::MoveFeedback>();
    let reread = move || {
        if let Some(on_stale) = on_stale {
            on_stale.run(());
        }
    };
    listen(
        &stream_href(live.id, after, true),
        &[BOARD_EVENT, RESYNC_EVENT],
        move |data| {
            // A resync carries no board event: the page reads the board again.
            let Some(event) = read::<BoardEvent>(data) else {
                reread();
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
        },
    );
}

/// Who changed the item `item` on `board` past `version`, or deleted it, after the
/// event `after`: `None` until someone does (and always on the server).
pub fn changed_elsewhere(
    board: Uuid,
    item: Uuid,
    version: i32,
    after: i64,
) -> leptos::prelude::ReadSignal<Option<String>> {
    use leptos::prelude::*;
    let (changed, set_changed) = signal(None);
    #[cfg(feature = "hydrate")]
    {
        use crate::views::live::{stream_href, BOARD_EVENT};
        listen(
            &stream_href(board, after, false),
            &[BOARD_EVENT],
            move |data| {
                let event = read::<BoardEvent>(data);
                if let Some(event) = event.filter(|event| event.changes_item(item, version)) {
                    set_changed.set(Some(event.actor));
                }
            },
        );
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (board, item, version, after, set_changed);
    changed
}

/// Runs `start` once, with the resume point of the page's first read (`seen`
/// answers it once the read is in), on the page's own owner: an effect's owner is
/// cleaned up on every run, which would close the streams `start` opens. A page
/// following from its read hears of every change made after it, however late its
/// stream connects.
#[cfg(feature = "hydrate")]
pub fn follow_from_read(
    seen: impl Fn() -> Option<i64> + 'static,
    start: impl FnOnce(i64) + 'static,
) {
    use leptos::prelude::{Effect, Owner};

    let owner = Owner::current();
    let start = std::cell::Cell::new(Some(start));
    Effect::new(move || {
        let Some(after) = seen() else { return };
        let Some(start) = start.take() else { return };
        match &owner {
            Some(owner) => owner.with(|| start(after)),
            None => start(after),
        }
    });
}

/// Calls `changed` with the metric's id whenever an outcome metric is measured or
/// redefined after the event `after`, for as long as the page is drawn.
#[cfg(feature = "hydrate")]
pub fn follow_metrics(after: i64, changed: leptos::prelude::Callback<Uuid>) {
    use leptos::prelude::Callable;

    use crate::views::live::{metrics_stream_href, MetricNews, METRIC_EVENT};
    listen(&metrics_stream_href(after), &[METRIC_EVENT], move |data| {
        if let Some(news) = read::<MetricNews>(data) {
            changed.run(news.metric_id);
        }
    });
}

/// Calls `changed` when cards, columns or limits of any board changed after the
/// event `after`, at most once every [`SETTLE_MS`]: a page summing up every board
/// (the dashboard) reads itself again once a burst of moves has settled, not once
/// per move.
#[cfg(feature = "hydrate")]
pub fn follow_boards(after: i64, changed: leptos::prelude::Callback<()>) {
    use leptos::prelude::{set_timeout, Callable, GetValue, SetValue, StoredValue};

    use crate::views::live::{boards_stream_href, BOARD_EVENT};

    let waiting = StoredValue::new(false);
    listen(&boards_stream_href(after), &[BOARD_EVENT], move |data| {
        let event = read::<BoardEvent>(data);
        let is_change = event.is_some_and(|event| !matches!(event.news, BoardNews::Viewers { .. }));
        if !is_change || waiting.get_value() {
            return;
        }
        waiting.set_value(true);
        set_timeout(
            move || {
                waiting.set_value(false);
                changed.run(());
            },
            std::time::Duration::from_millis(SETTLE_MS),
        );
    });
}

/// How long the dashboard lets a burst of board changes settle.
#[cfg(feature = "hydrate")]
const SETTLE_MS: u64 = 1_500;

/// An event's data, read from its bytes as server functions' answers are (see
/// `loaded`): one decoder per type in the bundle. `None`: no data, or not JSON of `T`.
#[cfg(feature = "hydrate")]
fn read<T: serde::de::DeserializeOwned>(data: Option<String>) -> Option<T> {
    serde_json::from_slice(data?.as_bytes()).ok()
}

/// Follows the server-sent events `names` at `href`, handing each one's data to
/// `take`, until the current owner is cleaned up.
#[cfg(feature = "hydrate")]
fn listen(href: &str, names: &[&str], take: impl Fn(Option<String>) + 'static) {
    use leptos::prelude::on_cleanup;
    use send_wrapper::SendWrapper;
    use wasm_bindgen::{closure::Closure, JsCast};

    let Ok(source) = web_sys::EventSource::new(href) else {
        return;
    };
    let on_event =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |message: web_sys::MessageEvent| {
            take(message.data().as_string())
        });
    let listening = names.iter().try_for_each(|name| {
        source.add_event_listener_with_callback(name, on_event.as_ref().unchecked_ref())
    });
    if listening.is_err() {
        source.close();
        return;
    }
    let held = SendWrapper::new((source, on_event));
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
            // A card is known by its title's link, which ends with its id.
            let title = format!(".card h3 a[href$=\"{card}\"]");
            if let Ok(Some(element)) = document
                .query_selector(&title)
                .and_then(|link| link.map(|link| link.closest(".card")).transpose())
                .map(Option::flatten)
            {
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
