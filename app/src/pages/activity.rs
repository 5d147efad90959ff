use crate::components::PageTitle;
use crate::loaded::loaded;
use leptos::prelude::*;

use crate::api::activity::activity_feed;
use crate::components::{ErrorList, History};

/// `/activity`: the newest changes across the portfolio (admins).
#[component]
pub fn ActivityPage() -> impl IntoView {
    let feed = loaded(|| (), |_| activity_feed());
    view! {
        <PageTitle text="Activity · Throughline" />
        <section class="account">
            <h1>"Activity"</h1>
            <Suspense>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors section=true /> }>
                    {move || Suspend::new(async move {
                        feed.await.map(|entries| view! { <History entries link_items=true /> })
                    })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}
