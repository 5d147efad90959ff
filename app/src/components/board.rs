use leptos::prelude::*;

use super::card::{Card, CardMover};
use crate::api::planning::MoveItem;
use crate::domain::board::{BoardKind, WipStatus};
use crate::domain::hierarchy::ClassOfService;
use crate::domain::wip::Enforcement;
use crate::views::board::{BoardView, CardView, ColumnView};

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
    let other_limits: Vec<_> = board
        .other_limits()
        .into_iter()
        .map(|(limit, load)| (limit.clone(), load))
        .collect();
    let column_loads: Vec<u32> = board.columns.iter().map(|c| board.column_load(c)).collect();
    let lane_count = lanes.len();
    let with_lanes = lanes_named(board.kind);
    view! {
        <section class="board" data-board-kind=board.kind.key()>
            <header class="board-header">
                <h1>{board.name}</h1>
                <p class="board-kind">{board.kind.label()}</p>
                {board
                    .may_edit
                    .then(|| {
                        view! { <a href=format!("/boards/{}/limits", board.id)>"WIP limits"</a> }
                    })}
                <a href=format!("/boards/{}/metrics", board.id)>"Flow and delivery metrics"</a>
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
            {(!other_limits.is_empty())
                .then(|| {
                    view! {
                        <ul class="wip-limits" aria-label="Other WIP limits">
                            {other_limits
                                .into_iter()
                                .map(|(limit, load)| {
                                    let status = wip_key(WipStatus::of(load as usize, Some(limit.max)));
                                    view! {
                                        <li data-wip=status>
                                            {limit.label} " " {format!("{load} / {}", limit.max)}
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
                data-lanes=lane_count
                class:with-lanes=with_lanes
            >
                {board
                    .columns
                    .into_iter()
                    .zip(column_loads)
                    .map(|(column, load)| {
                        view! { <BoardColumn column load lanes=lanes.clone() mover /> }
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
    column: ColumnView,
    /// Cards, or points, as the board's limits count.
    load: u32,
    lanes: Vec<Option<ClassOfService>>,
    mover: Option<CardMover>,
) -> impl IntoView {
    let wip = wip_key(WipStatus::of(load as usize, column.wip_limit));
    let kind = if column.wip_hard { "hard" } else { "soft" };
    let load_title = match column.wip_limit {
        Some(limit) => format!("{load} in progress, {kind} WIP limit {limit}"),
        None => format!("{load} in progress, no WIP limit"),
    };
    let load = match column.wip_limit {
        Some(limit) => format!("{load} / {limit}"),
        None => load.to_string(),
    };
    let (preview, set_preview) = signal(None::<String>);
    // How deep the dragged card is inside the column (enter and leave nest).
    let entered = RwSignal::new(0);
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
                    {load}
                </span>
            </header>
            {move || preview.get().map(|text| view! { <p class="wip-preview">{text}</p> })}
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
