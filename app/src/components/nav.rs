use leptos::prelude::*;

use crate::boards::team_directory;

/// The top bar: the portfolio and every team's board.
#[component]
pub fn NavBar() -> impl IntoView {
    let teams = Resource::new(|| (), |_| team_directory());
    view! {
        <nav class="top-nav" aria-label="Boards">
            <a href="/" class="brand">
                "Throughline"
            </a>
            <a href="/">"Portfolio"</a>
            <Suspense>
                {move || Suspend::new(async move {
                    // A failed read shows on the page itself; the bar just stays short.
                    teams
                        .await
                        .unwrap_or_default()
                        .into_iter()
                        .map(|team| {
                            view! { <a href=format!("/teams/{}", team.id)>{team.name}</a> }
                        })
                        .collect_view()
                })}
            </Suspense>
        </nav>
    }
}
