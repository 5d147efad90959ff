use leptos::prelude::*;

use super::card::{Card, CardMover};
use crate::board_view::{BoardView, CardView, ColumnView};
use crate::domain::board::{BoardKind, WipStatus};
use crate::domain::hierarchy::ClassOfService;
use crate::planning::MoveItem;

/// A kanban board: its columns left to right, each with its cards top to bottom.
/// With `mover`, and when the user may edit the board, cards can be moved: by
/// dragging, with the arrow keys on a focused card, or with each card's form.
/// Team boards show a swimlane per class of service in use.
#[component]
pub fn Board(
    board: BoardView,
    #[prop(optional)] mover: Option<ServerAction<MoveItem>>,
) -> impl IntoView {
    let lanes = lanes(&board);
    let mover = mover
        .filter(|_| board.may_edit)
        .map(|action| CardMover::new(action, &board));
    let lane_count = lanes.len();
    let with_lanes = lanes_named(board.kind);
    view! {
        <section class="board" data-board-kind=board.kind.key()>
            <header class="board-header">
                <h1>{board.name}</h1>
                <p class="board-kind">{board.kind.label()}</p>
            </header>
            {mover
                .is_some()
                .then(|| {
                    view! {
                        <p class="hint" id="move-help">
                            "Drag a card, or focus it and use ← → to move it between columns and ↑ ↓ to reorder."
                        </p>
                    }
                })}
            <div
                class="columns"
                data-lanes=lane_count
                class:with-lanes=with_lanes
            >
                {board
                    .columns
                    .into_iter()
                    .map(|column| {
                        view! { <BoardColumn column lanes=lanes.clone() mover /> }
                    })
                    .collect_view()}
            </div>
        </section>
    }
}

/// Team boards are split by class of service; other boards have one lane.
fn lanes_named(kind: BoardKind) -> bool {
    kind == BoardKind::Team
}

/// The swimlanes to draw: every class of service with a card, and always Standard
/// (somewhere to drop); `None` is the single lane of boards without classes.
fn lanes(board: &BoardView) -> Vec<Option<ClassOfService>> {
    if !lanes_named(board.kind) {
        return vec![None];
    }
    ClassOfService::ALL
        .iter()
        .copied()
        .filter(|class| {
            *class == ClassOfService::Standard
                || board
                    .columns
                    .iter()
                    .flat_map(|c| &c.cards)
                    .any(|card| card.class_of_service == Some(*class))
        })
        .map(Some)
        .collect()
}

#[component]
fn BoardColumn(
    column: ColumnView,
    lanes: Vec<Option<ClassOfService>>,
    mover: Option<CardMover>,
) -> impl IntoView {
    let wip = match column.wip_status() {
        WipStatus::Unlimited => "unlimited",
        WipStatus::Under => "under",
        WipStatus::AtLimit => "at-limit",
        WipStatus::Over => "over",
    };
    let count = column.cards.len();
    let load = match column.wip_limit {
        Some(limit) => format!("{count} / {limit}"),
        None => count.to_string(),
    };
    let load_title = match column.wip_limit {
        Some(limit) => format!("{count} cards, WIP limit {limit}"),
        None => format!("{count} cards, no WIP limit"),
    };
    let label = column.name.clone();
    let column_id = column.id;
    let (drop_here, set_drop_here) = signal(false);
    let lane_lists = lanes
        .into_iter()
        .map(|lane| {
            let cards: Vec<CardView> = column
                .cards
                .iter()
                .filter(|card| lane.is_none() || card.class_of_service == lane)
                .cloned()
                .collect();
            view! { <Lane lane cards mover /> }
        })
        .collect_view();
    view! {
        <section
            class="column"
            class:drop-target=drop_here
            data-category=column.category.key()
            data-activity=column.activity.key()
            data-wip=wip
            aria-label=label
            on:dragover=move |ev| {
                if mover.is_some_and(|m| m.is_dragging()) {
                    ev.prevent_default();
                    set_drop_here.set(true);
                }
            }
            on:dragleave=move |_| set_drop_here.set(false)
            on:drop=move |ev| {
                set_drop_here.set(false);
                if let Some(mover) = mover {
                    ev.prevent_default();
                    mover.drop_on(column_id, None);
                }
            }
        >
            <header class="column-header">
                <h2>{column.name}</h2>
                <span class="wip" title=load_title>
                    {load}
                </span>
            </header>
            {lane_lists}
        </section>
    }
}

#[component]
fn Lane(
    lane: Option<ClassOfService>,
    cards: Vec<CardView>,
    mover: Option<CardMover>,
) -> impl IntoView {
    view! {
        <div class="lane" data-lane=lane.map(|l| l.key())>
            {lane.map(|l| view! { <h3 class="lane-label">{l.label()}</h3> })}
            <ol class="cards">
                {cards
                    .into_iter()
                    .map(|card| view! { <li><Card card mover /></li> })
                    .collect_view()}
            </ol>
        </div>
    }
}
