use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{ErrorList, ProgressBar};
use crate::domain::hierarchy::ItemKind;
use crate::strategy::{strategy_tree, StrategyView, TreeNode};

/// `/strategy`: the whole hierarchy, collapsible level by level (plain `<details>`,
/// so it folds with or without JavaScript), and the unaligned work.
#[component]
pub fn StrategyPage() -> impl IntoView {
    let tree = Resource::new(|| (), |_| strategy_tree());
    view! {
        <Title text="Strategy · Throughline" />
        <section class="strategy">
            <h1>"Strategy"</h1>
            <Suspense>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors /> }>
                    {move || Suspend::new(async move {
                        tree.await.map(|view| view! { <StrategyTree view /> })
                    })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}

#[component]
fn StrategyTree(view: StrategyView) -> impl IntoView {
    let unaligned_count = view.unaligned.len();
    view! {
        <ul class="tree" aria-label="Strategy tree">
            {view.visions.into_iter().map(node).collect_view()}
        </ul>
        <h2 id="unaligned">"Unaligned work (" {unaligned_count} ")"</h2>
        <p class="hint">"Items linked to nothing above them: what strategy do they serve?"</p>
        <ul class="tree unaligned" aria-labelledby="unaligned">
            {view.unaligned.into_iter().map(node).collect_view()}
        </ul>
    }
}

/// One node and, folded under it, its children; the top three levels start open.
fn node(node: TreeNode) -> AnyView {
    let open = matches!(
        node.kind,
        ItemKind::Vision | ItemKind::Theme | ItemKind::Epic
    );
    let summary = view! {
        <span class="chain-kind">{node.kind.label()}</span>
        " "
        {match node.kind {
            ItemKind::WorkItem => {
                view! { <a href=format!("/work-items/{}", node.id)>{node.title}</a> }.into_any()
            }
            _ => view! { <span class="node-title">{node.title}</span> }.into_any(),
        }}
        {node.state.map(|state| view! { <span class="node-state">{state}</span> })}
        {node.blocked.then(|| view! { <span class="blocked-reason">"Blocked"</span> })}
        {node.progress.map(|progress| view! { <ProgressBar progress /> })}
    };
    if node.children.is_empty() {
        return view! { <li data-kind=node.kind.key()>{summary}</li> }.into_any();
    }
    view! {
        <li data-kind=node.kind.key()>
            <details open=open>
                <summary>{summary}</summary>
                <ul>{node.children.into_iter().map(self::node).collect_view()}</ul>
            </details>
        </li>
    }
    .into_any()
}
