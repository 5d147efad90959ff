use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::components::{ErrorList, History};
use crate::work_items::{work_item, WorkItemDetail};

/// `/work-items/:id`: a work item, the chain it serves, and its history.
#[component]
pub fn WorkItemPage() -> impl IntoView {
    let params = use_params_map();
    let item = Resource::new(
        move || params.read().get("item_id").unwrap_or_default(),
        work_item,
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors /> }>
                {move || Suspend::new(async move {
                    item.await.map(|detail| view! { <WorkItemView detail /> })
                })}
            </ErrorBoundary>
        </Suspense>
    }
}

#[component]
fn WorkItemView(detail: WorkItemDetail) -> impl IntoView {
    let card = detail.card;
    // Breadcrumb from the vision down to this item.
    let crumbs = card
        .chain
        .iter()
        .rev()
        .map(|link| {
            view! {
                <li>
                    <span class="chain-kind">{link.kind.label()}</span>
                    " "
                    {link.title.clone()}
                </li>
            }
        })
        .collect_view();
    let board_link = detail.team.map(|team| {
        view! { <a href=format!("/teams/{}", team.id)>{format!("{} board", team.name)}</a> }
    });
    view! {
        <Title text=format!("{} · Throughline", card.title) />
        <article class="item-page">
            <nav aria-label="Chain to the vision">
                <ol class="breadcrumb">{crumbs}</ol>
            </nav>
            <h1>{card.title}</h1>
            <p class="item-facts">
                {card.type_label} " · " <span class="item-column">{detail.column}</span> " · "
                {board_link}
                {card.owner.map(|owner| format!(" · {owner}"))}
                {card.size.map(|size| format!(" · size {size}"))}
            </p>
            <h2>"History"</h2>
            <History entries=detail.history />
        </article>
    }
}
