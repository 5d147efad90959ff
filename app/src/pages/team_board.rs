use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::boards::team_board;
use crate::components::{Board, ErrorList};

/// `/teams/:team_id`: a team's own board of work items.
#[component]
pub fn TeamBoardPage() -> impl IntoView {
    let params = use_params_map();
    let board = Resource::new(
        move || params.read().get("team_id").unwrap_or_default(),
        team_board,
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading the board…"</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors /> }>
                {move || Suspend::new(async move {
                    board
                        .await
                        .map(|board| {
                            view! {
                                <Title text=format!("{} · Throughline", board.name) />
                                <Board board />
                            }
                        })
                })}
            </ErrorBoundary>
        </Suspense>
    }
}
