use crate::loaded::loaded;
use leptos::prelude::*;

use crate::api::my_work::my_work;
use crate::components::{ErrorList, PageTitle};
use crate::domain::board::{days_in_column, HeldItem, StateCategory, RECENT_DONE_DAYS};
use crate::views::planning::item_href;

/// `/my-work`: what the signed-in person holds on every board, under way first.
#[component]
pub fn MyWorkPage() -> impl IntoView {
    let work = loaded(|| (), |_| my_work());
    view! {
        <PageTitle text="My work · Throughline" />
        <section class="my-work">
            <h1>"My work"</h1>
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors /> }>
                    {move || Suspend::new(async move {
                        work.await
                            .map(|work| {
                                let now = work.read_at;
                                let part = |category: StateCategory| {
                                    work.items
                                        .iter()
                                        .filter(|item| item.category == category)
                                        .cloned()
                                        .collect::<Vec<_>>()
                                };
                                view! {
                                    <HeldList heading="Under way" items=part(StateCategory::Started) now />
                                    <HeldList heading="To start" items=part(StateCategory::NotStarted) now />
                                    <HeldList
                                        heading=format!("Finished in the last {RECENT_DONE_DAYS} days")
                                        items=part(StateCategory::Done)
                                        now
                                    />
                                }
                            })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

/// One part of the person's work, as a table: the item, where it is, for how long.
#[component]
fn HeldList(
    #[prop(into)] heading: String,
    items: Vec<HeldItem>,
    now: chrono::DateTime<chrono::Utc>,
) -> impl IntoView {
    let count = items.len();
    let rows = items
        .into_iter()
        .map(|item| {
            let days = days_in_column(item.in_column_since, now);
            let board_href = item.board.href();
            let blocked = item.blocked.map(|reason| {
                let said = if reason.is_empty() {
                    "Blocked".to_owned()
                } else {
                    format!("Blocked: {reason}")
                };
                view! { <p class="blocked-reason">{said}</p> }
            });
            view! {
                <tr>
                    <td>
                        <a href=item_href(item.kind, item.id)>{item.title}</a>
                        {blocked}
                    </td>
                    <td>{item.kind.label()}</td>
                    <td>
                        <a href=board_href>{item.board.name}</a>
                    </td>
                    <td>{item.column}</td>
                    <td class="age">{days}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h2>{format!("{heading} ({count})")}</h2>
        {if count == 0 {
            view! { <p class="hint">"Nothing here."</p> }.into_any()
        } else {
            view! {
                <table class="held">
                    <thead>
                        <tr>
                            <th scope="col">"Item"</th>
                            <th scope="col">"Kind"</th>
                            <th scope="col">"Board"</th>
                            <th scope="col">"Column"</th>
                            <th scope="col">"Days in column"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            }
                .into_any()
        }}
    }
}
