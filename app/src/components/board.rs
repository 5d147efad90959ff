use leptos::prelude::*;

use super::card::{Card, MoveTargets};
use crate::board_view::{BoardView, ColumnView};
use crate::domain::board::WipStatus;
use crate::work_items::MoveWorkItem;

/// A kanban board: its columns left to right, each with its cards top to bottom.
/// With `mover`, and when the user may edit the board, each card can be moved.
#[component]
pub fn Board(
    board: BoardView,
    #[prop(optional)] mover: Option<ServerAction<MoveWorkItem>>,
) -> impl IntoView {
    let targets = mover.filter(|_| board.may_edit).map(|action| MoveTargets {
        action,
        columns: board
            .columns
            .iter()
            .map(|c| (c.id, c.name.clone()))
            .collect(),
    });
    view! {
        <section class="board" data-board-kind=board.kind.key()>
            <header class="board-header">
                <h1>{board.name}</h1>
                <p class="board-kind">{board.kind.label()}</p>
            </header>
            <div class="columns">
                {board
                    .columns
                    .into_iter()
                    .map(|column| view! { <BoardColumn column targets=targets.clone() /> })
                    .collect_view()}
            </div>
        </section>
    }
}

#[component]
fn BoardColumn(column: ColumnView, targets: Option<MoveTargets>) -> impl IntoView {
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
    view! {
        <section
            class="column"
            data-category=column.category.key()
            data-activity=column.activity.key()
            data-wip=wip
            aria-label=label
        >
            <header class="column-header">
                <h2>{column.name}</h2>
                <span class="wip" title=load_title>
                    {load}
                </span>
            </header>
            <ol class="cards">
                {column
                    .cards
                    .into_iter()
                    .map(|card| view! { <li><Card card targets=targets.clone() /></li> })
                    .collect_view()}
            </ol>
        </section>
    }
}
