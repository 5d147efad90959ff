use leptos::prelude::*;
use leptos_meta::Title;

use crate::boards::portfolio_board;
use crate::components::{Board, ErrorList};

/// `/`: the portfolio kanban of epics.
#[component]
pub fn PortfolioPage() -> impl IntoView {
    let board = Resource::new(|| (), |_| portfolio_board());
    view! {
        <Title text="Portfolio · Throughline" />
        <Suspense fallback=|| view! { <p class="loading">"Loading the portfolio…"</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors /> }>
                {move || Suspend::new(async move {
                    board.await.map(|board| view! { <Board board /> })
                })}
            </ErrorBoundary>
        </Suspense>
    }
}
