use leptos::prelude::*;

use uuid::Uuid;

use super::card_markup::{card_content, progress_markup, CardState};
use super::live_board::LiveBoard;
use crate::api::planning::MoveItem;
use crate::domain::board::Card;
use crate::domain::board::MoveRefused;
use crate::domain::board::StateCategory;
use crate::domain::dependency::FinishesWaiting;
use crate::domain::hierarchy::ItemKind;
use crate::domain::progress::Progress;
use crate::domain::wip::{check_move, Breach, Verdict};
#[cfg(not(feature = "ssr"))]
use wasm_bindgen::JsCast;

/// A card being moved: what the move request needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Moving {
    pub id: Uuid,
    kind: ItemKind,
    version: i32,
}

/// A move the board's move dialog asks about: the card; the column it goes to and
/// the card it goes above, when a drag or a key already chose them; and, when the
/// move takes soft limits over, the question why.
#[derive(Debug, Clone, PartialEq)]
pub struct Asking {
    pub card: Moving,
    pub column: Option<Uuid>,
    before: Option<Uuid>,
    pub over: Option<String>,
}

/// Moves a board's cards, whichever way the user asks: drag and drop, arrow keys,
/// or the board's move dialog. Copied into every card and column of one board.
#[derive(Clone, Copy)]
pub struct CardMover {
    action: ServerAction<MoveItem>,
    /// The board as this page holds it: where cards are, and its WIP limits, to
    /// preview a move the way the server checks it.
    board: LiveBoard,
    dragging: RwSignal<Option<Moving>>,
    /// The move the dialog asks about, while it is open.
    pub asking: RwSignal<Option<Asking>>,
    feedback: MoveFeedback,
}

/// What outlives a board's drawing (a moved card is drawn anew, and a stale board is
/// loaded again), so the page provides it: the sentences screen readers hear (of
/// one's own moves, and apart, so that they never cut each other off, of others'
/// changes as they arrive), the card to focus again after a move, and the last
/// refused move's card with the reason, which that card shows.
#[derive(Clone, Copy)]
pub struct MoveFeedback {
    announcement: RwSignal<String>,
    news: RwSignal<String>,
    refocus: RwSignal<Option<Uuid>>,
    sent: RwSignal<Option<Uuid>>,
    refused: RwSignal<Option<(Uuid, String)>>,
}

impl MoveFeedback {
    /// Makes the feedback available to the page's board.
    pub fn provide() -> MoveFeedback {
        let feedback = MoveFeedback {
            announcement: RwSignal::new(String::new()),
            news: RwSignal::new(String::new()),
            refocus: RwSignal::new(None),
            sent: RwSignal::new(None),
            refused: RwSignal::new(None),
        };
        provide_context(feedback);
        feedback
    }

    /// Why `card`'s last move was refused, while that is the last word on it.
    #[cfg_attr(feature = "ssr", allow(dead_code))] // for the cards the browser draws
    fn refusal_of(self, card: Uuid) -> Option<String> {
        self.refused.with(|refused| {
            refused
                .as_ref()
                .filter(|(id, _)| *id == card)
                .map(|(_, why)| why.clone())
        })
    }

    /// Says what someone else just changed.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))] // the browser's stream only
    pub fn announce(self, text: String) {
        self.news.set(text);
    }

    /// The polite live regions: one's own moves, and others' changes.
    pub fn live_region(self) -> impl IntoView {
        view! {
            <p class="visually-hidden" role="status" aria-live="polite">
                {move || self.announcement.get()}
            </p>
            <p class="visually-hidden" role="log" aria-live="polite" aria-label="Changes by others">
                {move || self.news.get()}
            </p>
        }
    }
}

impl CardMover {
    pub fn new(action: ServerAction<MoveItem>, board: LiveBoard) -> CardMover {
        let feedback = use_context::<MoveFeedback>().unwrap_or_else(MoveFeedback::provide);
        // A refusal belongs to the card that was moved: it says why there.
        let drawn_at = action.version().get_untracked();
        Effect::new(move |_| {
            if action.version().get() == drawn_at {
                return;
            }
            let Some(card) = feedback.sent.get_untracked() else {
                return;
            };
            if let Some(Err(error)) = action.value().get() {
                let title = board.title(card).unwrap_or_default();
                feedback
                    .announcement
                    .set(format!("“{title}” was not moved: {error}"));
                feedback.refused.set(Some((card, error.to_string())));
            }
        });
        CardMover {
            action,
            board,
            dragging: RwSignal::new(None),
            asking: RwSignal::new(None),
            feedback,
        }
    }

    pub fn is_dragging(&self) -> bool {
        self.dragging.get_untracked().is_some()
    }

    /// Drops the dragged card into `column_id`, above `before` (or at the bottom).
    pub fn drop_on(&self, column_id: Uuid, before: Option<Uuid>) {
        if let Some(card) = self.dragging.get_untracked() {
            self.dragging.set(None);
            if before != Some(card.id) {
                // The keyboard goes on from the card, wherever the mouse left it.
                self.feedback.refocus.set(Some(card.id));
                self.send(card, column_id, before);
            }
        }
    }

    /// What the board's process and its WIP limits say of moving `card` into
    /// `column_id`: the same rules the server enforces.
    fn verdict(&self, card: Uuid, column_id: Uuid) -> Result<Verdict, MoveRefused> {
        let board = self.board;
        let columns = board.columns();
        let Some(from) = board.column_of(card) else {
            return Ok(Verdict::Allowed);
        };
        if from == column_id {
            return Ok(Verdict::Allowed);
        }
        let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
        let position = |id: Uuid| columns.iter().position(|c| c.id == id).unwrap_or(0);
        board
            .kind
            .check_move(&names, position(from), position(column_id))?;
        let started = columns
            .iter()
            .any(|c| c.id == column_id && c.category == StateCategory::Started);
        Ok(untrack(|| {
            check_move(
                &board.limits(),
                &board.loads(),
                card,
                column_id,
                started,
                board.measure,
            )
        }))
    }

    /// The preview a drop target shows while a card is dragged over it.
    pub fn preview(&self, column_id: Uuid) -> Option<String> {
        let card = self.dragging.get_untracked()?;
        match self.verdict(card.id, column_id) {
            Ok(Verdict::Allowed) => self
                .finishes_waiting(card.id, column_id)
                .map(|finishing| format!("This move {}", finishing.describe())),
            Err(refused) => Some(format!("Refused: {refused}")),
            Ok(Verdict::Refused(breach)) => Some(format!("Refused: {}", breach.describe())),
            Ok(Verdict::NeedsReason(breaches)) => {
                Some(breaches.first().map(Breach::describe).unwrap_or_default())
            }
        }
    }

    /// Sends the move; one over a soft limit first asks for the reason, in the
    /// board's move dialog.
    fn send(&self, card: Moving, column_id: Uuid, before: Option<Uuid>) {
        match self.reason_needed(card.id, column_id) {
            Some(question) => self.asking.set(Some(Asking {
                card,
                column: Some(column_id),
                before,
                over: Some(question),
            })),
            // Against the process or a hard limit: the server refuses it with the
            // message naming the rule, shown where every failed move's is.
            None => self.dispatch(card, column_id, before, None),
        }
    }

    /// "This move would exceed … Why should it go over?", when moving `card` into
    /// `column_id` takes soft limits over or finishes it while it waits on open
    /// work: what the server asks a reason for.
    fn reason_needed(&self, card: Uuid, column_id: Uuid) -> Option<String> {
        let breaches = match self.verdict(card, column_id) {
            Ok(Verdict::NeedsReason(breaches)) => breaches,
            Ok(Verdict::Allowed) => Vec::new(),
            _ => return None,
        };
        let finishing = self.finishes_waiting(card, column_id);
        if breaches.is_empty() && finishing.is_none() {
            return None;
        }
        Some(format!(
            "This move {}. Why should it {}?",
            breaches
                .iter()
                .map(Breach::describe)
                .chain(finishing.map(|f| f.describe()))
                .collect::<Vec<_>>()
                .join(" and "),
            if finishing.is_some() {
                "go ahead"
            } else {
                "go over"
            }
        ))
    }

    /// Whether moving `card` into `column_id` finishes it while it waits on
    /// unfinished items.
    fn finishes_waiting(&self, card: Uuid, column_id: Uuid) -> Option<FinishesWaiting> {
        let columns = self.board.columns();
        let category = |id: Uuid| columns.iter().find(|c| c.id == id).map(|c| c.category);
        let from = category(self.board.column_of(card)?)?;
        FinishesWaiting::judge(from, category(column_id)?, self.board.waits_on(card))
    }

    /// Opens the move dialog for `card`, the user to choose where it goes.
    #[cfg_attr(feature = "ssr", allow(dead_code))] // for the cards the browser draws
    pub fn ask(&self, card: Moving) {
        self.asking.set(Some(Asking {
            card,
            column: None,
            before: None,
            over: None,
        }));
    }

    /// The dialog's answer: move the card asked about into `column_id`, with
    /// `reason`. A move still needing a reason keeps the dialog open, asking it.
    pub fn answer(&self, column_id: Uuid, reason: String) {
        let Some(asking) = self.asking.get_untracked() else {
            return;
        };
        let reason = Some(reason).filter(|reason| !reason.trim().is_empty());
        if reason.is_none() {
            if let Some(question) = self.reason_needed(asking.card.id, column_id) {
                self.asking.set(Some(Asking {
                    column: Some(column_id),
                    over: Some(question),
                    ..asking
                }));
                return;
            }
        }
        let before = asking.before.filter(|_| asking.column == Some(column_id));
        self.asking.set(None);
        self.feedback.refocus.set(Some(asking.card.id));
        self.dispatch(asking.card, column_id, before, reason);
    }

    /// The dialog closed without an answer: nothing moves, and the user hears so.
    pub fn cancel(&self) {
        let Some(asking) = self.asking.get_untracked() else {
            return;
        };
        self.asking.set(None);
        let title = self.board.title(asking.card.id).unwrap_or_default();
        self.feedback.announcement.set(match asking.over {
            Some(_) => format!("“{title}” was not moved: the move needs a reason"),
            None => format!("“{title}” was not moved"),
        });
    }

    /// The board's columns, for the dialog to offer.
    pub fn columns(&self) -> Vec<crate::domain::board::Column> {
        self.board.columns()
    }

    /// The column `card` sits in now.
    pub fn column_of(&self, card: Uuid) -> Option<Uuid> {
        self.board.column_of(card)
    }

    /// The title of `card`, for the dialog's heading.
    pub fn title(&self, card: Uuid) -> String {
        self.board.title(card).unwrap_or_default()
    }

    fn dispatch(
        &self,
        card: Moving,
        column_id: Uuid,
        before: Option<Uuid>,
        reason: Option<String>,
    ) {
        let column_name = self
            .board
            .columns()
            .into_iter()
            .find(|c| c.id == column_id)
            .map(|c| c.name)
            .unwrap_or_default();
        let title = self.board.title(card.id).unwrap_or_default();
        self.feedback
            .announcement
            .set(format!("Moving “{title}” to {column_name}"));
        self.feedback.refused.set(None);
        self.feedback.sent.set(Some(card.id));
        self.action.dispatch(MoveItem {
            kind: card.kind.key().to_owned(),
            item_id: card.id,
            to_column_id: column_id,
            version: card.version,
            before_id: before.map(|id| id.to_string()),
            reason,
        });
    }

    /// The move an arrow key asks for: (column, card to go above), if any.
    #[cfg_attr(feature = "ssr", allow(dead_code))] // for the cards the browser draws
    fn key_move(&self, card: Uuid, key: &str) -> Option<(Uuid, Option<Uuid>)> {
        let columns = self.board.layout();
        let (column, index) = columns.iter().enumerate().find_map(|(c, (_, _, cards))| {
            cards.iter().position(|id| *id == card).map(|i| (c, i))
        })?;
        let cards = &columns[column].2;
        match key {
            "ArrowLeft" => column.checked_sub(1).map(|c| (columns[c].0, None)),
            "ArrowRight" => columns.get(column + 1).map(|(id, ..)| (*id, None)),
            "ArrowUp" => index
                .checked_sub(1)
                .map(|above| (columns[column].0, Some(cards[above]))),
            "ArrowDown" => (index + 1 < cards.len())
                .then(|| (columns[column].0, cards.get(index + 2).copied())),
            _ => None,
        }
    }
}

/// One item on a board: compact, since a board may hold hundreds, and the page
/// carries them all. Its content is written as text (`card_content`); what only
/// works with scripts (dragging, arrow keys, the chain drawn in place, "Move…" for
/// the board's move dialog) is added once the page is `scripted`; without them the
/// title leads to the item's page and its move form. The server writes the same
/// markup with `written_card`.
#[cfg(not(feature = "ssr"))]
#[component]
pub fn Card(
    card: Card,
    mover: Option<CardMover>,
    /// The "now" to count its days in the column to; `None`: not shown.
    aged_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Whether its class of service is shown (not where its lane says it).
    show_class: bool,
    /// Set once the WebAssembly has taken the page over.
    scripted: ReadSignal<bool>,
) -> impl IntoView {
    let chain_open = RwSignal::new(false);
    let moving = Moving {
        id: card.id,
        kind: card.kind,
        version: card.version,
    };
    let node = NodeRef::<leptos::html::Li>::new();
    // Movable by mouse and keyboard once something listens: a page without
    // JavaScript offers neither (and the whole board turns movable at once).
    let live = move || mover.is_some() && scripted.get();
    Effect::new(move |_| {
        let (Some(element), Some(mover)) = (node.get(), mover) else {
            return;
        };
        if mover.feedback.refocus.get_untracked() == Some(moving.id) {
            let _ = element.focus();
        }
    });
    let refusal = move || mover.and_then(|mover| mover.feedback.refusal_of(moving.id));
    // A refused card stays where it was, not drawn anew: it takes the focus here.
    Effect::new(move |_| {
        if let (Some(_), Some(element)) = (refusal(), node.get_untracked()) {
            let _ = element.focus();
        }
    });
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let Some(mover) = mover else { return };
        if let Some((column_id, before)) = mover.key_move(moving.id, &ev.key()) {
            ev.prevent_default();
            mover.feedback.refocus.set(Some(moving.id));
            mover.send(moving, column_id, before);
        }
    };
    // The card's own controls are part of its text: a click is told apart by
    // the element it lands in.
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let within = |selector: &str| {
            event_target::<web_sys::Element>(&ev)
                .closest(selector)
                .ok()
                .flatten()
        };
        if within(".card-move").is_some() {
            if let Some(mover) = mover {
                ev.prevent_default();
                mover.ask(moving);
            }
        } else if within(".chain-toggle").is_some() {
            chain_open.update(|open| *open = !*open);
            // The button is written anew with the card's content: the keyboard
            // stays on it.
            request_animation_frame(move || {
                if let Some(Ok(Some(toggle))) = node
                    .get_untracked()
                    .map(|card| card.query_selector(".chain-toggle"))
                {
                    if let Ok(toggle) = toggle.dyn_into::<web_sys::HtmlElement>() {
                        let _ = toggle.focus();
                    }
                }
            });
        }
    };
    let card_class = card_class(&card);
    let content = move || {
        let refusal = refusal();
        card_content(
            &card,
            aged_at,
            show_class,
            CardState {
                scripted: scripted.get(),
                movable: live(),
                chain_open: chain_open.get(),
                refusal: refusal.as_deref(),
            },
        )
    };
    view! {
        <li
            class=card_class
            node_ref=node
            tabindex=move || live().then_some("0")
            draggable=move || live().then_some("true")
            aria-describedby=move || live().then_some("move-help")
            on:keydown=on_key
            on:click=on_click
            on:dragstart=move |ev| {
                if let Some(mover) = mover {
                    if let Some(data) = ev.data_transfer() {
                        let _ = data.set_data("text/plain", &moving.id.to_string());
                    }
                    mover.dragging.set(Some(moving));
                }
            }
            on:dragend=move |_| {
                if let Some(mover) = mover {
                    mover.dragging.set(None);
                }
            }
            on:drop=move |ev| {
                // Dropped on a card: go just above it, in its column.
                if let Some(mover) = mover {
                    if let Some(column_id) = mover.board.column_of(moving.id) {
                        ev.prevent_default();
                        ev.stop_propagation();
                        mover.drop_on(column_id, Some(moving.id));
                    }
                }
            }
            inner_html=content
        ></li>
    }
}

/// The classes of `card`'s `<li>`.
fn card_class(card: &Card) -> String {
    [
        "card",
        if card.blocked.is_some() {
            " blocked"
        } else {
            ""
        },
        if card.chain.is_empty() {
            " unaligned"
        } else {
            ""
        },
    ]
    .concat()
}

/// A card as the server writes it, before any script, open chain or refusal: the
/// markup `Card` takes over in the browser, without the reactive state it
/// needs there.
#[cfg(feature = "ssr")]
pub fn written_card(
    card: &Card,
    aged_at: Option<chrono::DateTime<chrono::Utc>>,
    show_class: bool,
) -> impl IntoView {
    view! {
        <li
            class=card_class(card)
            inner_html=card_content(card, aged_at, show_class, CardState::default())
        ></li>
    }
}

/// A progress bar with its "40% done", the same on a card and on every page.
#[component]
pub fn ProgressBar(progress: Progress) -> impl IntoView {
    leptos::tachys::html::InertElement::new(progress_markup(&progress))
}
