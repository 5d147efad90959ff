use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

#[cfg(not(feature = "ssr"))]
use super::card::Card;
use super::card::CardMover;
use super::live_board::LiveBoard;
use super::{submission_error, FormError};
use crate::api::planning::{AddCard, MoveItem};
use crate::domain::board::{
    BoardChange, BoardKind, Column, StateCategory, WipStatus, RECENT_DONE_DAYS,
};
use crate::domain::hierarchy::ClassOfService;
use crate::domain::wip::{Enforcement, Scope};
use crate::error::AppError;
use crate::views::board::{BoardFilter, BoardView};
// `Action` is also an HTML attribute name in the prelude.
use leptos::prelude::Action;

/// A kanban board: its columns left to right, each with its cards top to bottom,
/// those `filter` hides left out (but still counted against the limits).
/// With `mover`, and when the user may edit the board, cards can be moved: by
/// dragging, with the arrow keys on a focused card, or with the board's move dialog
/// (a card's "Move…"), and
/// added at the bottom of each column that takes new items. The answer of a move or
/// an addition is applied in place; when it shows this page has missed someone
/// else's change, or a move fails, `load_again` reads the board and the cards that
/// changed are redrawn in place; `redraw` draws the whole board anew when its
/// columns changed.
/// Team boards show a swimlane per class of service in use.
#[component]
pub fn Board(
    board: BoardView,
    filter: Signal<BoardFilter>,
    #[prop(optional)] mover: Option<ServerAction<MoveItem>>,
    #[prop(optional)] load_again: Option<Action<(), Result<BoardView, AppError>>>,
    #[prop(optional)] redraw: Option<Callback<()>>,
    /// What the page puts under the board's title: its settings, delivery
    /// strip and filters.
    #[prop(optional)]
    toolbar: Option<AnyView>,
) -> impl IntoView {
    let (name, may_edit) = (board.board.name.clone(), board.may_edit);
    let query = use_query_map();
    #[cfg(feature = "hydrate")]
    let events_seen = board.events_seen;
    let live = LiveBoard::new(board.board, board.read_at, filter);
    let on_stale = load_again.map(|load_again| {
        refresh_in_place(load_again, live, redraw);
        Callback::new(move |()| {
            load_again.dispatch(());
        })
    });
    #[cfg(feature = "hydrate")]
    super::follow::follow(live, events_seen, on_stale);
    let mover = mover.filter(|_| may_edit).map(|action| {
        apply_answers(action, live, on_stale, Refused::IsStale);
        CardMover::new(action, live)
    });
    let adder = mover.map(|_| {
        let action = ServerAction::<AddCard>::new();
        apply_answers(action, live, on_stale, Refused::IsShown);
        action
    });
    let add_error = adder.map(submission_error);
    let lanes = Memo::new(move |_| lanes(live));
    // Effects run in the browser only: what needs JavaScript appears once it runs.
    let (scripted, set_scripted) = signal(false);
    Effect::new(move |_| set_scripted.set(true));
    let other_limits = live.other_limits();
    let with_lanes = lanes_named(live.kind);
    view! {
        // `data-live`: its cards can be moved now (tests wait for it).
        <section
            class="board"
            data-board-kind=live.kind.key()
            data-live=move || scripted.get().then_some("true")
        >
            <header class="board-header">
                <h1>{name}</h1>
                <p class="board-kind">{live.kind.label()}</p>
                {may_edit
                    .then(|| {
                        view! { <a href=format!("/boards/{}/limits", live.id)>"WIP limits"</a> }
                    })}
                <a href=format!("/boards/{}/metrics", live.id)>"Flow and delivery metrics"</a>
                // The cards as shown (filters and all) for a spreadsheet; `download`
                // keeps the router out of it.
                <a
                    href=move || {
                        format!("/boards/{}/cards.csv{}", live.id, query.read().to_query_string())
                    }
                    download
                >
                    "Download as CSV"
                </a>
                {move || viewers_line(live)}
            </header>
            {toolbar}
            <p class="hint">
                "A card shows its type, days in its column (3d), size, target date, how many unfinished items it waits on and who holds it; “Unaligned” marks work linked to nothing in the strategy."
            </p>
            {mover
                .is_some()
                .then(|| {
                    view! {
                        <p class="hint" id="move-help">
                            {move || {
                                if scripted.get() {
                                    "Drag a card, or focus it and use ← → to move it between columns and ↑ ↓ to reorder; a card's Move… asks where to."
                                } else {
                                    "To move a card, open it: its page has a Move form."
                                }
                            }}
                        </p>
                    }
                })}
            {add_error.map(|error| view! { <FormError error=move || error.get() /> })}
            {(!other_limits.is_empty())
                .then(|| {
                    view! {
                        <ul class="wip-limits" aria-label="Other WIP limits">
                            {other_limits
                                .into_iter()
                                .map(|limit| {
                                    let load = Memo::new(move |_| live.load(&limit.scope));
                                    let status = move || {
                                        wip_key(WipStatus::of(load.get() as usize, Some(limit.max)))
                                    };
                                    view! {
                                        <li data-wip=status>
                                            {limit.label} " " {move || format!("{} / {}", load.get(), limit.max)}
                                            {(limit.enforcement == Enforcement::Hard).then_some(" (hard)")}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
            <div
                class="columns"
                data-lanes=move || lanes.get().len()
                class:with-lanes=with_lanes
            >
                {live
                    .columns()
                    .into_iter()
                    .enumerate()
                    .map(|(position, column)| {
                        let adder = adder.filter(|_| live.kind.takes_new_items_at(position));
                        view! { <BoardColumn column live lanes mover adder scripted /> }
                    })
                    .collect_view()}
            </div>
            {mover.map(|mover| view! { <super::move_dialog::MoveDialog mover /> })}
        </section>
    }
}

/// "Here now: Ada Admin, Tina Software and 3 more", once the board's stream says.
fn viewers_line(live: LiveBoard) -> Option<impl IntoView> {
    let (names, more) = live.viewers.get();
    if names.is_empty() {
        return None;
    }
    let more = (more > 0).then(|| format!(" and {more} more"));
    Some(view! {
        <p class="viewers">
            "Here now: " {names.join(", ")} {more}
        </p>
    })
}

/// Takes each fresh read of the board into `live`; one whose columns changed is
/// drawn anew by `redraw`.
fn refresh_in_place(
    load_again: Action<(), Result<BoardView, AppError>>,
    live: LiveBoard,
    redraw: Option<Callback<()>>,
) {
    Effect::new(move |_| {
        let Some(Ok(fresh)) = load_again.value().get() else {
            return;
        };
        if !live.refresh(fresh.board) {
            if let Some(redraw) = redraw {
                redraw.run(());
            }
        }
    });
}

/// What a refused request says of the page.
#[derive(Clone, Copy, PartialEq)]
enum Refused {
    /// A refused move is most often a stale card: the page loads the board again.
    IsStale,
    /// A refused addition is its input's fault: the page keeps what was typed.
    IsShown,
}

/// Applies each answer of `action` (a move, an addition) to the board in place; an
/// answer the board does not agree with means the page is stale.
fn apply_answers<S>(
    action: ServerAction<S>,
    live: LiveBoard,
    on_stale: Option<Callback<()>>,
    refused: Refused,
) where
    S: leptos::server_fn::ServerFn<Output = BoardChange, Error = AppError>
        + Clone
        + Send
        + Sync
        + 'static,
{
    // Answers that came before this board was drawn are already in it.
    let drawn_at = action.version().get_untracked();
    Effect::new(move |_| {
        if action.version().get() == drawn_at {
            return;
        }
        let in_place = action.value().with(|answer| match answer {
            Some(Ok(change)) => live.apply(change),
            Some(Err(_)) => refused == Refused::IsShown,
            None => true,
        });
        if !in_place {
            if let Some(on_stale) = on_stale {
                on_stale.run(());
            }
        }
    });
}

/// Team boards are split by class of service; other boards have one lane.
fn lanes_named(kind: BoardKind) -> bool {
    kind == BoardKind::Team
}

/// The swimlanes to draw: every class of service with a card, and always Standard
/// (somewhere to drop); `None` is the single lane of boards without classes.
fn lanes(live: LiveBoard) -> Vec<Option<ClassOfService>> {
    if !lanes_named(live.kind) {
        return vec![None];
    }
    ClassOfService::ALL
        .iter()
        .copied()
        .filter(|class| *class == ClassOfService::Standard || live.uses_class(*class))
        .map(Some)
        .collect()
}

fn wip_key(status: WipStatus) -> &'static str {
    match status {
        WipStatus::Unlimited => "unlimited",
        WipStatus::Under => "under",
        WipStatus::AtLimit => "at-limit",
        WipStatus::Over => "over",
    }
}

#[component]
fn BoardColumn(
    column: Column,
    live: LiveBoard,
    lanes: Memo<Vec<Option<ClassOfService>>>,
    mover: Option<CardMover>,
    /// Set where cards may be added to this column.
    adder: Option<ServerAction<AddCard>>,
    scripted: ReadSignal<bool>,
) -> impl IntoView {
    let column_id = column.id;
    // Days in the column say how long work has waited or been under way; in a
    // done column they would only say how long ago it finished.
    let aged = column.category != StateCategory::Done;
    let earlier = (column.category == StateCategory::Done).then(|| {
        view! { <EarlierDone cards=column.earlier_done.cards /> }
    });
    let quick_add = adder.map(|action| {
        view! { <QuickAdd board=live.id column=column_id name=column.name.clone() kind=live.kind action /> }
    });
    // Cards, or points, as the board's limits count.
    let load = Memo::new(move |_| live.load(&Scope::Column(column_id)));
    let limit = column.wip_limit;
    let wip = move || wip_key(WipStatus::of(load.get() as usize, limit));
    let kind = if column.wip_hard { "hard" } else { "soft" };
    let load_title = move || match limit {
        Some(limit) => format!("{} in progress, {kind} WIP limit {limit}", load.get()),
        None => format!("{} in progress, no WIP limit", load.get()),
    };
    let load_text = move || match limit {
        Some(limit) => format!("{} / {limit}", load.get()),
        None => load.get().to_string(),
    };
    let (preview, set_preview) = signal(None::<String>);
    // How deep the dragged card is inside the column (enter and leave nest).
    let entered = RwSignal::new(0);
    let label = column.name.clone();
    let (drop_here, set_drop_here) = signal(false);
    let lane_lists = move || {
        lanes
            .get()
            .into_iter()
            .map(|lane| view! { <Lane column_id lane live mover aged scripted /> })
            .collect_view()
    };
    view! {
        <section
            class="column"
            class:drop-target=drop_here
            data-category=column.category.key()
            data-activity=column.activity.key()
            data-wip=wip
            aria-label=label
            on:dragenter=move |ev| {
                if let Some(mover) = mover.filter(|m| m.is_dragging()) {
                    ev.prevent_default();
                    entered.update(|n| *n += 1);
                    set_drop_here.set(true);
                    set_preview.set(mover.preview(column_id));
                }
            }
            on:dragover=move |ev| {
                if mover.is_some_and(|m| m.is_dragging()) {
                    ev.prevent_default();
                }
            }
            on:dragleave=move |_| {
                // Entering a child leaves the parent: only the last leave counts.
                entered.update(|n| *n = (*n - 1).max(0));
                if entered.get_untracked() == 0 {
                    set_drop_here.set(false);
                    set_preview.set(None);
                }
            }
            on:drop=move |ev| {
                entered.set(0);
                set_drop_here.set(false);
                set_preview.set(None);
                if let Some(mover) = mover {
                    ev.prevent_default();
                    mover.drop_on(column_id, None);
                }
            }
        >
            <header class="column-header">
                <h2>{column.name}</h2>
                <span class="wip" class:hard=column.wip_hard title=load_title>
                    {load_text}
                </span>
            </header>
            {move || preview.get().map(|text| view! { <p class="wip-preview">{text}</p> })}
            {lane_lists}
            {earlier}
            {quick_add}
        </section>
    }
}

/// Under a done column: how much finished before the recent days it shows, with
/// the link to all of it, or, when it shows all, the link back to recent work.
#[component]
fn EarlierDone(cards: u32) -> impl IntoView {
    let query = use_query_map();
    let showing_all = move || query.read().get("done").as_deref() == Some("all");
    let href = move |all: bool| {
        let mut query = query.get();
        query.remove("done");
        if all {
            query.insert("done", "all".to_owned());
        }
        match query.to_query_string() {
            q if q.len() > 1 => q,
            _ => "?".to_owned(),
        }
    };
    move || {
        if showing_all() {
            Some(view! {
                <p class="earlier-done">
                    <a href=href(false)>{format!("Show the last {RECENT_DONE_DAYS} days only")}</a>
                </p>
            }
            .into_any())
        } else {
            (cards > 0).then(|| {
                let what = if cards == 1 { "card" } else { "cards" };
                view! {
                    <p class="earlier-done">
                        {format!("{cards} {what} finished before the last {RECENT_DONE_DAYS} days. ")}
                        <a href=href(true)>"Show them"</a>
                    </p>
                }
                .into_any()
            })
        }
    }
}

/// "+ Add a work item": a title and Enter adds a card at the bottom of the column.
/// A plain form, so it works before the WebAssembly loads; after, the card appears
/// in place and the field empties for the next one, keeping the focus.
#[component]
fn QuickAdd(
    board: Uuid,
    column: Uuid,
    name: String,
    kind: BoardKind,
    action: ServerAction<AddCard>,
) -> impl IntoView {
    let field = NodeRef::<leptos::html::Input>::new();
    // Only the field of the column the card went to empties: another column's
    // half-typed title stays.
    Effect::new(move |_| {
        let added_here = action.value().with(|answer| {
            matches!(answer, Some(Ok(change)) if change.placed.iter().any(|p| p.column_id == column))
        });
        if let (true, Some(field)) = (added_here, field.get()) {
            field.set_value("");
        }
    });
    let what = kind.cards().label().to_lowercase();
    let id = format!("add-{column}");
    view! {
        <ActionForm action attr:class="quick-add">
            <input type="hidden" name="board_id" value=board.to_string() />
            <input type="hidden" name="column_id" value=column.to_string() />
            <label class="visually-hidden" for=id.clone()>
                {format!("New {what} in {name}")}
            </label>
            <input
                id=id
                type="text"
                name="title"
                node_ref=field
                required
                autocomplete="off"
                placeholder=format!("+ Add a {what}")
            />
            <button type="submit">"Add"</button>
        </ActionForm>
    }
}

/// One lane of a column: its shown cards, keyed by id and version in the browser,
/// so a change redraws only the cards it changed.
// The server writes the cards without what moving them needs (`mover`, `scripted`).
#[cfg_attr(feature = "ssr", allow(unused_variables))]
#[component]
fn Lane(
    column_id: Uuid,
    lane: Option<ClassOfService>,
    live: LiveBoard,
    mover: Option<CardMover>,
    /// Whether its cards show their days in the column.
    aged: bool,
    scripted: ReadSignal<bool>,
) -> impl IntoView {
    let aged_at = aged.then_some(live.read_at);
    // A lane of its own says a card's class of service.
    let show_class = lane.is_none();
    #[cfg(not(feature = "ssr"))]
    let cards = view! {
        <For
            each=move || live.shown(column_id, lane)
            key=|card| (card.id, card.version)
            children=move |card| view! { <Card card mover aged_at show_class scripted /> }
        />
    };
    // The same markup the browser's keyed list takes over, written once: a keyed
    // list would give each of hundreds of cards a reactive owner, made and
    // dropped for nothing.
    #[cfg(feature = "ssr")]
    let cards = live.with_shown(column_id, lane, |shown| {
        shown
            .into_iter()
            .map(|card| super::card::written_card(card, aged_at, show_class))
            .collect_view()
    });
    view! {
        <div class="lane" data-lane=lane.map(|l| l.key())>
            {lane.map(|l| view! { <h3 class="lane-label">{l.label()}</h3> })}
            <ol class="cards">{cards}</ol>
        </div>
    }
}
