use crate::components::PageTitle;
use crate::loaded::loaded;
use leptos::prelude::*;

use crate::api::metrics::{LinkMetric, UnlinkMetric};
use crate::api::planning::{SaveTheme, SaveVision};
use crate::api::strategy::strategy_tree;
use crate::components::{
    data_changes, submission_error, ErrorList, FormError, MetricBadges, MetricLinks, ProgressBar,
    TextField,
};
use crate::domain::hierarchy::TreeNode;
use crate::domain::hierarchy::{ItemKind, ItemRef};
use crate::domain::outcome::{Standing, Status};
use crate::error::AppError;
use crate::views::planning::item_href;
use crate::views::strategy::StrategyView;

/// `/strategy`: the whole hierarchy, collapsible level by level (plain `<details>`,
/// so it folds with or without JavaScript), and the unaligned work.
#[component]
pub fn StrategyPage() -> impl IntoView {
    let vision = ServerAction::<SaveVision>::new();
    let theme = ServerAction::<SaveTheme>::new();
    let link = ServerAction::<LinkMetric>::new();
    let unlink = ServerAction::<UnlinkMetric>::new();
    let changes = [
        data_changes(vision),
        data_changes(theme),
        data_changes(link),
        data_changes(unlink),
    ];
    let tree = loaded(move || changes.map(|c| c.get()), |_| strategy_tree());
    view! {
        <PageTitle text="Strategy · Throughline" />
        <section class="strategy">
            <h1>"Strategy"</h1>
            <Transition>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors section=true /> }>
                    {move || Suspend::new(async move {
                        tree.await
                            .map(|view| {
                                let editor = view
                                    .may_edit
                                    .then(|| {
                                        view! { <StrategyEditor view=view.clone() vision theme link unlink /> }
                                    });
                                view! {
                                    <StrategyTree view />
                                    {editor}
                                }
                            })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn StrategyTree(view: StrategyView) -> impl IntoView {
    let unaligned_count = view.unaligned.len();
    let statements = view
        .visions
        .iter()
        .map(|vision| view! { <p class="vision-statement">{vision.summary.clone()}</p> })
        .collect_view();
    view! {
        {statements}
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
/// The node's own line stays outside the fold's summary: a summary holding links
/// would nest one control in another.
pub(super) fn node(node: TreeNode) -> AnyView {
    let open = matches!(
        node.kind,
        ItemKind::Vision | ItemKind::Theme | ItemKind::Epic
    );
    let standing = matches!(node.kind, ItemKind::Theme | ItemKind::Epic)
        .then(|| crate::domain::outcome::standing(&node).map(standing_line))
        .flatten();
    let summary = view! {
        <span class="chain-kind">{node.kind.label()}</span>
        " "
        {match node.kind {
            ItemKind::Vision | ItemKind::Theme => {
                view! {
                    <a class="node-title" href=item_href(node.kind, node.id)>
                        {node.title}
                    </a>
                }
                    .into_any()
            }
            kind => view! { <a href=item_href(kind, node.id)>{node.title}</a> }.into_any(),
        }}
        {node.state.map(|state| view! { <span class="node-state">{state}</span> })}
        {node.blocked.then(|| view! { <span class="blocked-reason">"Blocked"</span> })}
        {node.progress.map(|progress| view! { <ProgressBar progress /> })}
        <MetricBadges metrics=node.metrics />
        {standing}
    };
    let below = (!node.children.is_empty()).then(|| {
        let fold = format!("{} below", node.children.len());
        view! {
            <details open=open>
                <summary>{fold}</summary>
                <ul>{node.children.into_iter().map(self::node).collect_view()}</ul>
            </details>
        }
    });
    view! {
        <li data-kind=node.kind.key() id=node.id.to_string()>
            <div class="node">{summary}</div>
            {below}
        </li>
    }
    .into_any()
}

/// "At risk: Flight time at full payload, claimed by the feature Bigger battery",
/// with the claiming item one click away.
fn standing_line(standing: Standing) -> impl IntoView {
    let status = standing.status;
    let words = match status {
        Status::OnTrack => format!(
            "On track: {} metric{} claimed here and below",
            standing.metrics,
            if standing.metrics == 1 { "" } else { "s" }
        ),
        Status::NotMeasured => format!(
            "Not measured: nothing claimed here or below is measured yet ({})",
            standing.metric
        ),
        Status::AtRisk | Status::OffTrack => format!("{}: {}", status.label(), standing.metric),
    };
    let claimant = matches!(status, Status::AtRisk | Status::OffTrack).then(|| {
        let by = standing.claimed_by;
        view! {
            ", claimed by the "
            {by.kind.label().to_lowercase()}
            " "
            <a href=item_href(by.kind, by.id)>{by.title}</a>
        }
    });
    view! {
        <p class="standing" data-status=status.key()>
            {words}
            {claimant}
        </p>
    }
}

/// For strategists: write the vision, and add or change its strategic themes.
#[component]
fn StrategyEditor(
    view: StrategyView,
    vision: ServerAction<SaveVision>,
    theme: ServerAction<SaveTheme>,
    link: ServerAction<LinkMetric>,
    unlink: ServerAction<UnlinkMetric>,
) -> impl IntoView {
    let vision_error = submission_error(vision);
    let theme_error = submission_error(theme);
    let link_error: Signal<Option<AppError>> = {
        let link = submission_error(link);
        let unlink = submission_error(unlink);
        Signal::derive(move || link.get().or_else(|| unlink.get()))
    };
    let choices = view.metric_choices.clone();
    let metric_links = move |node: &TreeNode| {
        view! {
            <MetricLinks
                item=ItemRef { kind: node.kind, id: node.id }
                metrics=node.metrics.clone()
                choices=choices.clone()
                may_link=true
                link
                unlink
            />
        }
    };
    let Some(current) = view.visions.into_iter().next() else {
        return view! {
            <section class="edit" aria-label="Create the vision">
                <h2>"Create the vision"</h2>
                <ActionForm action=vision attr:class="stacked-form">
                    <TextField label="Vision" name="vision[title]".into() field="title" value="" error=vision_error required=true />
                    <TextField label="Statement" name="vision[statement]".into() field="statement" value="" error=vision_error multiline=true />
                    <button type="submit">"Create"</button>
                </ActionForm>
                <FormError error=move || vision_error.get() fields_inline=true />
            </section>
        }
        .into_any();
    };
    let vision_id = current.id.to_string();
    let themes = current
        .children
        .clone()
        .into_iter()
        .map(|node| {
            let vision_id = vision_id.clone();
            let links = metric_links(&node);
            view! {
                <details class="edit-theme">
                    <summary>{format!("Edit “{}”", &node.title)}</summary>
                    <ActionForm action=theme attr:class="stacked-form">
                        <input type="hidden" name="vision_id" value=vision_id />
                        <input type="hidden" name="theme_id" value=node.id.to_string() />
                        <input type="hidden" name="version" value=node.version.to_string() />
                        <TextField label="Theme" name="theme[title]".into() field="title" value=node.title error=theme_error required=true scope=node.id.to_string() />
                        <TextField label="Description" name="theme[statement]".into() field="statement" value=node.summary error=theme_error multiline=true scope=node.id.to_string() />
                        <button type="submit">"Save theme"</button>
                    </ActionForm>
                    {links}
                </details>
            }
        })
        .collect_view();
    let edit_vision_id = vision_id.clone();
    let vision_links = metric_links(&current);
    view! {
        <section class="edit" aria-label="Vision and themes">
            <h2>"Vision and themes"</h2>
            <details class="edit-vision">
                <summary>"Edit the vision"</summary>
                <ActionForm action=vision attr:class="stacked-form">
                    <input type="hidden" name="vision_id" value=edit_vision_id />
                    <input type="hidden" name="version" value=current.version.to_string() />
                    <TextField label="Vision" name="vision[title]".into() field="title" value=current.title error=vision_error required=true />
                    <TextField label="Statement" name="vision[statement]".into() field="statement" value=current.summary error=vision_error multiline=true />
                    <button type="submit">"Save vision"</button>
                </ActionForm>
                <FormError error=move || vision_error.get() fields_inline=true />
                {vision_links}
            </details>
            {themes}
            <FormError error=move || link_error.get() />
            <h3>"Add a strategic theme"</h3>
            <ActionForm action=theme attr:class="inline-form">
                <input type="hidden" name="vision_id" value=vision_id />
                <TextField label="Theme" name="theme[title]".into() field="title" value="" error=theme_error required=true scope="new" />
                <TextField label="Description" name="theme[statement]".into() field="statement" value="" error=theme_error scope="new" />
                <button type="submit">"Add theme"</button>
            </ActionForm>
            <FormError error=move || theme_error.get() fields_inline=true />
        </section>
    }
    .into_any()
}
