use leptos::prelude::*;

use uuid::Uuid;

use crate::board_view::CardView;
use crate::domain::hierarchy::ItemKind;
use crate::domain::progress::{Progress, Weighting};
use crate::work_items::MoveWorkItem;

/// Where a card may be moved to, for a user allowed to move it.
#[derive(Clone)]
pub struct MoveTargets {
    pub action: ServerAction<MoveWorkItem>,
    /// The board's columns, left to right.
    pub columns: Vec<(Uuid, String)>,
}

/// One item on a board. "Show chain" reveals what it serves, up to the vision.
#[component]
pub fn Card(card: CardView, targets: Option<MoveTargets>) -> impl IntoView {
    let (chain_open, set_chain_open) = signal(false);
    let chain_id = format!("chain-{}", card.id);
    let aligned = !card.chain.is_empty();
    let blocked = card.blocked.is_some();
    let title = match card.kind {
        ItemKind::WorkItem => {
            view! { <a href=format!("/work-items/{}", card.id)>{card.title}</a> }.into_any()
        }
        _ => card.title.into_any(),
    };
    let mover =
        targets.map(|targets| view! { <MoveForm card_id=card.id version=card.version targets /> });
    let chain = card
        .chain
        .into_iter()
        .map(|link| {
            view! {
                <li data-kind=link.kind.key()>
                    <span class="chain-kind">{link.kind.label()}</span>
                    " "
                    <span class="chain-title">{link.title}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <article
            class="card"
            class:blocked=blocked
            data-kind=card.kind.key()
            data-id=card.id.to_string()
        >
            <p class="card-meta">
                <span class="card-type">{card.type_label}</span>
                {card
                    .class_of_service
                    .map(|cos| {
                        view! {
                            <span class="cos" data-cos=cos.key()>
                                {cos.label()}
                            </span>
                        }
                    })}
                {card.size.map(|size| view! { <span class="size" title="size">{size}</span> })}
            </p>
            <h3 class="card-title">{title}</h3>
            {card.owner.map(|owner| view! { <p class="owner">{owner}</p> })}
            {card
                .wsjf
                .map(|score| {
                    view! {
                        <p class="wsjf" title="Weighted shortest job first: cost of delay / job size">
                            "WSJF " {format!("{score:.1}")}
                        </p>
                    }
                })}
            {card.progress.map(|progress| view! { <ProgressBar progress /> })}
            {card
                .blocked
                .map(|reason| {
                    view! {
                        <p class="blocked-reason">
                            "Blocked" {(!reason.is_empty()).then(|| format!(": {reason}"))}
                        </p>
                    }
                })}
            <button
                type="button"
                class="chain-toggle"
                aria-controls=chain_id.clone()
                aria-expanded=move || chain_open.get().to_string()
                on:click=move |_| set_chain_open.update(|open| *open = !*open)
            >
                {move || if chain_open.get() { "Hide chain" } else { "Show chain" }}
            </button>
            {mover}
            <ol class="chain" id=chain_id hidden=move || !chain_open.get()>
                {chain}
                {(!aligned)
                    .then(|| {
                        view! { <li class="unaligned">"Unaligned: not linked to the strategy"</li> }
                    })}
            </ol>
        </article>
    }
}

/// "Move to [column] [Move]": a plain form, so it works by keyboard and without
/// JavaScript too.
#[component]
fn MoveForm(card_id: Uuid, version: i32, targets: MoveTargets) -> impl IntoView {
    let select_id = format!("move-{card_id}");
    view! {
        <ActionForm action=targets.action attr:class="move-form">
            <input type="hidden" name="item_id" value=card_id.to_string() />
            <input type="hidden" name="version" value=version.to_string() />
            <label for=select_id.clone()>"Move to"</label>
            <select id=select_id name="to_column_id">
                {targets
                    .columns
                    .into_iter()
                    .map(|(id, name)| view! { <option value=id.to_string()>{name}</option> })
                    .collect_view()}
            </select>
            <button type="submit">"Move"</button>
        </ActionForm>
    }
}

#[component]
pub fn ProgressBar(progress: Progress) -> impl IntoView {
    let percent = progress.percent();
    let basis = match progress.weighting {
        Weighting::Size => format!("{} of {} points done", progress.done, progress.total),
        Weighting::Count => format!("{} of {} items done", progress.done, progress.total),
    };
    view! {
        <div class="progress" title=basis>
            <progress class="progress-bar" max="100" value=percent></progress>
            <span class="progress-label">{percent} "% done"</span>
        </div>
    }
}
