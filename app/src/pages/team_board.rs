use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::boards::team_board;
use crate::components::{Board, ErrorList, FormError};
use crate::work_items::MoveWorkItem;

/// `/teams/:team_id`: a team's own board of work items.
#[component]
pub fn TeamBoardPage() -> impl IntoView {
    let params = use_params_map();
    let mover = ServerAction::<MoveWorkItem>::new();
    let board = Resource::new(
        move || {
            (
                params.read().get("team_id").unwrap_or_default(),
                mover.version().get(),
            )
        },
        |(team_id, _)| team_board(team_id),
    );
    view! {
        <FormError error=move || mover.value().get().and_then(Result::err) />
        <Transition fallback=|| view! { <p class="loading">"Loading the board…"</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors /> }>
                {move || Suspend::new(async move {
                    board
                        .await
                        .map(|board| {
                            view! {
                                <Title text=format!("{} · Throughline", board.name) />
                                <Board board mover />
                            }
                        })
                })}
            </ErrorBoundary>
        </Transition>
    }
}
