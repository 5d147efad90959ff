use leptos::prelude::*;
use leptos_meta::Title;

use crate::activity::activity_feed;
use crate::components::ErrorList;

/// `/activity`: the newest changes across the portfolio (admins).
#[component]
pub fn ActivityPage() -> impl IntoView {
    let feed = Resource::new(|| (), |_| activity_feed());
    view! {
        <Title text="Activity · Throughline" />
        <section class="account">
            <h1>"Activity"</h1>
            <Suspense>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors /> }>
                    {move || Suspend::new(async move {
                        feed.await
                            .map(|entries| {
                                view! {
                                    <ol class="history">
                                        {entries
                                            .into_iter()
                                            .map(|entry| {
                                                let link = format!("/work-items/{}", entry.item_id);
                                                view! {
                                                    <li>
                                                        <time datetime=entry.at.to_rfc3339()>
                                                            {entry.at.format("%Y-%m-%d %H:%M UTC").to_string()}
                                                        </time>
                                                        " "
                                                        <a href=link>{entry.describe()}</a>
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ol>
                                }
                            })
                    })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}
